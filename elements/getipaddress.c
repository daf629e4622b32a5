// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * GetIPAddress(OFFSET [, ANNO])
 * GetIPAddress(IP src|dst [, ANNO])
 * =s ip
 * sets destination IP address annotation from packet data
 * =d
 * Copies the 4 bytes at OFFSET into the packet's destination IP address
 * annotation, which route lookups (LinearIPLookup, RadixIPLookup) and
 * ARPQuerier use.  OFFSET is a byte count from the start of the data (16
 * is the destination of an IP packet without link header), or `src` or
 * `dst` for that field of the IP header the annotation points to.
 * Click's keyword form `IP src` or `IP dst` is the same as `src` or
 * `dst`.  Packets too short are dropped.
 *
 * ANNO names the annotation to set; kclick has one IP address
 * annotation, `DST_IP` (Click's default, also accepted as `DST_IP_ANNO`
 * or its Click offset 0), and refuses others, naming them.
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
	char *off = NULL, *ip = NULL, anno[24] = "";
	const struct kc_argspec spec[] = {
		{ "OFFSET", KC_ARG_STR, KC_ARGF_POSITIONAL, &off },
		{ "ANNO", KC_ARG_WORD, KC_ARGF_POSITIONAL, anno, sizeof(anno) },
		{ "IP", KC_ARG_STR, 0, &ip },
	};
	struct kc_quote q;
	int ret;

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && off && ip)
		ret = kc_errf(args->err, EINVAL, "give OFFSET or IP, not both");
	else if (!ret && !off && !ip)
		ret = kc_errf(args->err, EINVAL, "missing mandatory OFFSET (or IP)");
	else if (!ret && ip && strcmp(ip, "src") && strcmp(ip, "dst"))
		ret = kc_errf(args->err, EINVAL, "IP: expected src or dst, got '%s'",
			      kc_quote_str(&q, ip));
	else if (!ret && anno[0] && strcmp(anno, "DST_IP") &&
		 strcmp(anno, "DST_IP_ANNO") && strcmp(anno, "0"))
		ret = kc_errf(args->err, EINVAL,
			      "ANNO: '%s' is not an annotation kclick has (only DST_IP)",
			      kc_quote_str(&q, anno));
	if (ret || ip) {
		kc_free(off);
		if (ip) {
			g->from_ip = true;
			g->offset = ip[0] == 's' ? 12 : 16;
		}
		kc_free(ip);
		return ret ? -EINVAL : 0;
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
