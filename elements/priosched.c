// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PrioSched
 * =s scheduling
 * pulls from priority-scheduled inputs
 * =d
 * Each time it is pulled, pulls input 0 first, then input 1 if 0 was
 * empty, and so on: input 0 has the highest priority, and a busy one
 * starves the others.
 * =e
 *   hi :: Queue; lo :: Queue;
 *   ps :: PrioSched -> ToDevice(eth1);
 *   hi -> [0] ps; lo -> [1] ps;
 * =a RoundRobinSched
 */
#include <kclick/element.h>

static int priosched_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path: pulled by a task (softirq, RCU read side). */
static struct kc_pkt *priosched_pull(struct kc_elem *e, int port)
{
	struct kc_pkt *p;
	int i;

	for (i = 0; i < e->ninputs; i++) {
		p = kc_pull(e, i);
		if (p)
			return p;
	}
	return NULL;
}

const struct kc_class kc_priosched_class = {
	.name = "PrioSched",
	.ports = "1-/1",
	.processing = "l/l",
	.configure = priosched_configure,
	.pull = priosched_pull,
};
