// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RoundRobinSwitch
 * =s classification
 * sends packets to round-robin outputs
 * =d
 * Sends each packet to the next output in turn: 0, 1, ..., N-1, 0, ...
 * The turn is kept per CPU, so packets received on several queues at
 * once are spread without a shared counter; each CPU's stream is exactly
 * round-robin.
 * =e
 *   ... -> rr :: RoundRobinSwitch; rr[0] -> q0 :: Queue; rr[1] -> q1 :: Queue;
 * =a HashSwitch, RandomSwitch
 */
#include <kclick/element.h>

struct rrswitch {
	u32 __percpu *next;
};

static int rrswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct rrswitch *r = kc_priv(e);

	r->next = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void rrswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct rrswitch *r = kc_priv(e);
	u32 *n = kc_this_cpu_ptr(r->next);
	u32 out = *n;

	*n = out + 1 < e->noutputs ? out + 1 : 0;
	kc_push(e, out, p);
}

const struct kc_class kc_roundrobinswitch_class = {
	.name = "RoundRobinSwitch",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct rrswitch),
	.pcpu_size = sizeof(u32),
	.configure = rrswitch_configure,
	.push = rrswitch_push,
};
