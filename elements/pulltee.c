// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PullTee([N])
 * =s basictransfer
 * duplicates packets
 * =d
 * PullTee's input and its output 0 are pull, its other outputs push.  Each
 * time output 0 pulls a packet through, PullTee pushes a copy of it out of
 * each other output first, then hands the packet itself to the puller.
 * With N, exactly N outputs must be connected; without it, PullTee has as
 * many outputs as are connected (at least one).
 *
 * Copies share the packet data, as Tee's do, and count against the
 * engine's bound on copies per task run.  The copies are pushed from
 * inside the pull, so whatever is behind outputs 1 and up runs in the
 * puller's task (softirq in the kernel): Click's own mazu-nat.click sends
 * them to ToHostSniffers for tcpdump.
 * =e
 *   ... -> Queue -> t :: PullTee -> ToDevice(eth0);
 *   t[1] -> ToHostSniffers(eth0);
 * =a Tee
 */
#include <kclick/element.h>

static int pulltee_configure(struct kc_elem *e, struct kc_args *args)
{
	u32 n = 0;
	const struct kc_argspec spec[] = {
		{ "N", KC_ARG_U32, KC_ARGF_POSITIONAL, &n },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (n && n != e->noutputs)
		return kc_errf(args->err, EINVAL,
			       "N is %u, but %u outputs are connected", n,
			       e->noutputs);
	return 0;
}

/* Packet path (a puller's task: softirq, RCU read side). */
static struct kc_pkt *pulltee_pull(struct kc_elem *e, int port)
{
	struct kc_pkt *p = kc_pull(e, 0), *q;
	int i;

	if (!p)
		return NULL;
	for (i = 1; i < e->noutputs; i++) {
		q = kc_clone(e, p);
		if (q)
			kc_push(e, i, q);
	}
	return p;
}

const struct kc_class kc_pulltee_class = {
	.name = "PullTee",
	.ports = "1/1-",
	.processing = "l/lh",
	.configure = pulltee_configure,
	.pull = pulltee_pull,
};
