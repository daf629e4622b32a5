// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RoundRobinSched
 * =s scheduling
 * pulls from round-robin inputs
 * =d
 * Each time it is pulled, pulls its inputs in turn, starting after the
 * one that last gave a packet, and returns the first packet it gets; an
 * input that is empty is skipped.  The turn is kept per CPU.
 * =e
 *   q0 :: Queue; q1 :: Queue;
 *   rr :: RoundRobinSched -> ToDevice(eth1);
 *   q0 -> [0] rr; q1 -> [1] rr;
 * =a PrioSched
 */
#include <kclick/element.h>

struct rrsched {
	u32 __percpu *next;
};

static int rrsched_configure(struct kc_elem *e, struct kc_args *args)
{
	struct rrsched *r = kc_priv(e);

	r->next = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path: pulled by a task (softirq, RCU read side). */
static struct kc_pkt *rrsched_pull(struct kc_elem *e, int port)
{
	struct rrsched *r = kc_priv(e);
	u32 *next = kc_this_cpu_ptr(r->next);
	u32 i, in = *next;
	struct kc_pkt *p;

	for (i = 0; i < e->ninputs; i++) {
		if (in >= e->ninputs)
			in = 0;
		p = kc_pull(e, in);
		in++;
		if (p) {
			*next = in;
			return p;
		}
	}
	return NULL;
}

const struct kc_class kc_roundrobinsched_class = {
	.name = "RoundRobinSched",
	.ports = "1-/1",
	.processing = "l/l",
	.priv_size = sizeof(struct rrsched),
	.pcpu_size = sizeof(u32),
	.configure = rrsched_configure,
	.pull = rrsched_pull,
};
