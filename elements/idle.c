// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Idle
 * =s basicsources
 * discards packets, never produces any
 * =d
 * Has any number of agnostic inputs and outputs, each push or pull on its
 * own, after what it is connected to (as Click's Idle, whose flow code
 * is x/y): `Idle -> Queue` and `Queue -> Idle` in one element are fine.
 * It never pushes a packet to an output and never pulls from an input;
 * a packet pushed to it is dropped.  Use it to plug a port that must be connected but carries
 * nothing, as in Click.
 * =e
 *   Idle -> ToDevice(eth1);
 *   c :: Classifier(...); c[2] -> Idle;
 * =a Discard
 */
#include <kclick/element.h>

static int idle_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void idle_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_pkt_consume(p);
}

static struct kc_pkt *idle_pull(struct kc_elem *e, int port)
{
	return NULL;
}

const struct kc_class kc_idle_class = {
	.name = "Idle",
	.ports = "-/-",
	.processing = "a/a",
	.flags = KC_CLASS_F_AGN_APART,
	.configure = idle_configure,
	.push = idle_push,
	.pull = idle_pull,
};
