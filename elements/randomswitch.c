// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RandomSwitch
 * =s classification
 * sends packets to random outputs
 * =d
 * Sends each packet to an output chosen uniformly at random.  In
 * `kclick run` the random source is seeded, so runs repeat exactly.
 * =e
 *   ... -> rs :: RandomSwitch; rs[0] -> ...; rs[1] -> ...;
 * =a RoundRobinSwitch, HashSwitch
 */
#include <kclick/element.h>

static int randomswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void randomswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_push(e, kc_random_u32() % e->noutputs, p);
}

const struct kc_class kc_randomswitch_class = {
	.name = "RandomSwitch",
	.ports = "1/1-",
	.processing = "h/h",
	.configure = randomswitch_configure,
	.push = randomswitch_push,
};
