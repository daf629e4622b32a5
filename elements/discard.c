// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Discard
 * =s basicsources
 * drops all packets
 * =d
 * Drops every packet pushed to it.  Unlike Click's Discard it does not pull:
 * connect a pull path to Unqueue first.
 * =e
 *   FromDevice(eth0) -> Discard;
 */
#include <kclick/element.h>

static int discard_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void discard_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_pkt_consume(p);
}

const struct kc_class kc_discard_class = {
	.name = "Discard",
	.ports = "1/0",
	.processing = "h/",
	.configure = discard_configure,
	.push = discard_push,
};
