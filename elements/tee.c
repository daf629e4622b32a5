// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Tee([N])
 * =s basictransfer
 * duplicates packets
 * =d
 * Pushes a copy of every input packet to each of its outputs but the last,
 * and the packet itself to the last.  With N, exactly N outputs must be
 * connected; without it, Tee has as many outputs as are connected.
 *
 * Copies share the packet data (a later element that changes a copy makes
 * its own writable copy first).  A graph that feeds a Tee into itself cannot
 * multiply a packet without end: the engine bounds the copies made per
 * received packet and drops, and counts, the rest (`kclick show` drops).
 * =e
 *   FromDevice(eth0) -> t :: Tee(2);
 *   t[0] -> ToDevice(eth1);
 *   t[1] -> Counter -> Discard;
 * =a Counter
 */
#include <kclick/element.h>

static int tee_configure(struct kc_elem *e, struct kc_args *args)
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

/* Packet path: a copy of p to each output but the last. */
static noinline void tee_copies(struct kc_elem *e, struct kc_pkt *p)
{
	struct kc_pkt *q;
	int i;

	for (i = 0; i < e->noutputs - 1; i++) {
		q = kc_clone(e, p);
		if (q)
			kc_push(e, i, q);
	}
}

/*
 * Packet path (softirq, RCU read side).  Two outputs, the usual Tee, take
 * no loop: one copy to output 0, p to output 1.
 */
static void tee_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_pkt *q;

	if (likely(e->noutputs == 2)) {
		q = kc_clone(e, p);
		if (q)
			kc_push(e, 0, q);
		kc_push(e, 1, p);
		return;
	}
	tee_copies(e, p);
	kc_push(e, e->noutputs - 1, p);
}

const struct kc_class kc_tee_class = {
	.name = "Tee",
	.ports = "1/1-",
	.processing = "h/h",
	.configure = tee_configure,
	.push = tee_push,
	.flags = KC_CLASS_F_FANOUT,
};
