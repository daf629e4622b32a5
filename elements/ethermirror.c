// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * EtherMirror
 * =s ethernet
 * swaps Ethernet source and destination
 * =d
 * Swaps the destination and source addresses of each packet's Ethernet
 * header, so that sent back out of the device it came in on it returns to
 * its sender.  Packets shorter than an Ethernet header are dropped.
 * =e
 *   FromDevice(eth0) -> EtherMirror -> ToDevice(eth0);
 */
#include <kclick/element.h>
#include <kclick/proto.h>

static int ethermirror_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *ethermirror_action(struct kc_elem *e, struct kc_pkt *p)
{
	u8 tmp[KC_ETH_ALEN], *h;

	if (!kc_pkt_may_pull(p, KC_ETH_HLEN) ||
	    kc_pkt_make_writable(p, KC_ETH_HLEN)) {
		kc_drop(e, p);
		return NULL;
	}
	h = kc_pkt_data(p);
	memcpy(tmp, h, KC_ETH_ALEN);
	memcpy(h, h + KC_ETH_ALEN, KC_ETH_ALEN);
	memcpy(h + KC_ETH_ALEN, tmp, KC_ETH_ALEN);
	return p;
}

/* XDP (packet path): the same swap in place; a runt frame is dropped. */
static int ethermirror_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	u8 tmp[KC_ETH_ALEN];

	if (!x)
		return 0;
	if (x->len < KC_ETH_HLEN) {
		x->act = KC_XDP_DROP;
		return KC_XDP_END;
	}
	memcpy(tmp, x->data, KC_ETH_ALEN);
	memcpy(x->data, x->data + KC_ETH_ALEN, KC_ETH_ALEN);
	memcpy(x->data + KC_ETH_ALEN, tmp, KC_ETH_ALEN);
	return 0;
}

static void ethermirror_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, ethermirror_action);
}

static struct kc_pkt *ethermirror_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, ethermirror_action);
}

const struct kc_class kc_ethermirror_class = {
	.name = "EtherMirror",
	.ports = "1/1",
	.processing = "a/a",
	.flags = KC_CLASS_F_PUSH1,
	.configure = ethermirror_configure,
	.push = ethermirror_push,
	.xdp = ethermirror_xdp,
	.pull = ethermirror_pull,
};
