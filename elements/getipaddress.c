// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * GetIPAddress(OFFSET)
 * =s ip
 * sets destination IP address annotation from packet data
 * =d
 * Copies the 4 bytes at OFFSET into the packet's destination IP address
 * annotation, which route lookups (LinearIPLookup, RadixIPLookup) and
 * ARPQuerier use.  OFFSET is a byte count from the start of the data (16
 * is the destination of an IP packet without link header), or `src` or
 * `dst` for that field of the IP header the annotation points to.
 * Packets too short are dropped.
 * =e
 *   ... -> Strip(14) -> CheckIPHeader -> GetIPAddress(16) -> rt;
 * =a SetIPAddress, LinearIPLookup, RadixIPLookup
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct getipaddress {
	u32 offset;
	bool from_ip;		/* offset counts from the IP header */
};

static int getipaddress_configure(struct kc_elem *e, struct kc_args *args)
{
	struct getipaddress *g = kc_priv(e);
	char *off = NULL;
	const struct kc_argspec spec[] = {
		{ "OFFSET", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &off },
	};
	int ret;

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec))) {
		kc_free(off);	/* set when a later argument failed */
		return -EINVAL;
	}
	if (!strcmp(off, "src") || !strcmp(off, "dst")) {
		g->from_ip = true;
		g->offset = off[0] == 's' ? 12 : 16;
		ret = 0;
	} else {
		ret = kc_arg_value("OFFSET", off, KC_ARG_U32, &g->offset, 0,
				   args->err);
		if (!ret && g->offset > 65531)
			ret = kc_errf(args->err, EINVAL,
				      "OFFSET: %u is past any packet",
				      g->offset);
	}
	kc_free(off);
	return ret ? -EINVAL : 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *getipaddress_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct getipaddress *g = kc_priv(e);
	int base = 0;

	if (g->from_ip)
		base = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (base < 0 || !kc_pkt_may_pull(p, base + g->offset + 4)) {
		kc_drop(e, p);
		return NULL;
	}
	memcpy(&kc_pkt_anno(p)->dst_ip, kc_pkt_data(p) + base + g->offset, 4);
	return p;
}

static void getipaddress_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, getipaddress_action);
}

static struct kc_pkt *getipaddress_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, getipaddress_action);
}

const struct kc_class kc_getipaddress_class = {
	.name = "GetIPAddress",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct getipaddress),
	.configure = getipaddress_configure,
	.push = getipaddress_push,
	.pull = getipaddress_pull,
};
