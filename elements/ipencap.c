// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPEncap(PROTO, SRC, DST, [KEYWORDS])
 * =s ip
 * encapsulates packets in static IP header
 * =d
 * Puts a 20-byte IPv4 header in front of each packet: protocol PROTO (a
 * number, or icmp, igmp, ipip, tcp, udp, gre, esp, ah), source SRC,
 * destination DST, a fresh IP ID per packet (one counter per element),
 * fragment offset 0 and the header checksum.  If DST is DST_ANNO, the
 * destination is the packet's destination address annotation.  The
 * packet's IP header annotation then points at the new header and its
 * destination address annotation is set to the destination.  Useful for
 * IP in IP (PROTO 4); StripIPHeader undoes it.
 *
 * Headroom: a packet with fewer than 20 bytes before its data is
 * reallocated, never written past.  A packet that would pass 65,535 bytes
 * is dropped.  In the kernel, a CHECKSUM_PARTIAL packet has its pending
 * checksum completed in software first, and a GSO packet is dropped and
 * counted in gso_drops (its segmentation metadata describe the inner
 * headers only).
 *
 * Keyword arguments:
 * =over 8
 * =item TTL
 * Byte.  Time to live.  Default 250.
 * =item TOS
 * Byte.  Type of service.  Default 0.  Not with DSCP, ECT or CE.
 * =item DSCP
 * 0 to 63, the TOS byte's upper six bits.  Default 0.
 * =item ECT
 * Boolean or 2: ECN bits 1 (true) or 2.  Default false.
 * =item CE
 * Boolean: ECN bits 3.  Default false.
 * =item DF
 * Boolean: set Don't Fragment.  Default false.
 * =back
 * =h drops read-only
 * Packets dropped (GSO, too long, or memory short).
 * =h gso_drops read-only
 * Of those, GSO packets.
 * =e
 *   ... -> IPEncap(4, 18.26.4.24, 140.247.60.147) -> ...
 * =a StripIPHeader, UDPIPEncap, CheckIPHeader
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

/* A keyword's value when it is not given (no one means 4294967295). */
#define IPENCAP_UNSET	0xffffffffu

struct ipencap {
	u8 proto, tos, ttl;
	bool df, dst_anno;
	__be32 src, dst;
	atomic64_t id;
};

struct ipencap_pcpu {
	u64 drops;
	u64 gso_drops;
};

static const struct {
	const char *name;
	u8 proto;
} ipencap_protos[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 },
	{ "udp", 17 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 },
};

static int ipencap_proto(const char *s, u8 *out, struct kc_errbuf *err)
{
	struct kc_quote q;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipencap_protos); i++)
		if (!strcmp(s, ipencap_protos[i].name)) {
			*out = ipencap_protos[i].proto;
			return 0;
		}
	if (kc_arg_value("PROTO", s, KC_ARG_U8, out, 0, err))
		return kc_errf(err, EINVAL,
			       "PROTO: '%s' is not an IP protocol",
			       kc_quote_str(&q, s));
	return 0;
}

static int ipencap_ecn(const char *ect, bool ce, u8 *out,
		       struct kc_errbuf *err)
{
	bool b = false;

	*out = 0;
	if (ect[0] && !strcmp(ect, "2")) {
		*out = 2;
	} else if (ect[0]) {
		if (kc_arg_value("ECT", ect, KC_ARG_BOOL, &b, 0, err))
			return -EINVAL;
		*out = b ? 1 : 0;
	}
	if (ce)
		*out = 3;
	return 0;
}

static int ipencap_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipencap *c = kc_priv(e);
	char proto[16] = "", dst[32] = "", ect[8] = "";
	u32 ttl = 250, tos = IPENCAP_UNSET, dscp = IPENCAP_UNSET;
	bool ce = false;
	u8 ecn;
	const struct kc_argspec spec[] = {
		{ "PROTO", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  proto, sizeof(proto) },
		{ "SRC", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->src },
		{ "DST", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  dst, sizeof(dst) },
		{ "TTL", KC_ARG_U32, 0, &ttl },
		{ "TOS", KC_ARG_U32, 0, &tos },
		{ "DSCP", KC_ARG_U32, 0, &dscp },
		{ "ECT", KC_ARG_WORD, 0, ect, sizeof(ect) },
		{ "CE", KC_ARG_BOOL, 0, &ce },
		{ "DF", KC_ARG_BOOL, 0, &c->df },
	};
	struct kc_quote q;

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)) ||
	    ipencap_proto(proto, &c->proto, args->err) ||
	    ipencap_ecn(ect, ce, &ecn, args->err))
		return -EINVAL;
	if (!strcmp(dst, "DST_ANNO"))
		c->dst_anno = true;
	else if (kc_parse_ip4(dst, &c->dst))
		return kc_errf(args->err, EINVAL,
			       "DST: '%s' is not an IP address or DST_ANNO",
			       kc_quote_str(&q, dst));
	if (ttl > 255)
		return kc_errf(args->err, EINVAL, "TTL: %u is above 255", ttl);
	if (tos != IPENCAP_UNSET && (dscp != IPENCAP_UNSET || ect[0] || ce))
		return kc_errf(args->err, EINVAL,
			       "TOS: not with DSCP, ECT or CE");
	if (tos != IPENCAP_UNSET && tos > 255)
		return kc_errf(args->err, EINVAL, "TOS: %u is above 255", tos);
	if (dscp != IPENCAP_UNSET && dscp > 63)
		return kc_errf(args->err, EINVAL, "DSCP: %u is above 63", dscp);
	c->ttl = ttl;
	if (tos != IPENCAP_UNSET)
		c->tos = tos;
	else
		c->tos = (dscp != IPENCAP_UNSET ? dscp << 2 : 0) | ecn;
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *ipencap_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct ipencap *c = kc_priv(e);
	struct ipencap_pcpu *pc = kc_this_cpu_ptr(
		(struct ipencap_pcpu __percpu *)e->pcpu);
	__be32 dst = c->dst_anno ? kc_pkt_anno(p)->dst_ip : c->dst;
	bool gso;
	u8 *ip = kc_encap_push(p, KC_IP_HLEN, &gso);

	if (!ip) {
		pc->gso_drops += gso;
		pc->drops++;
		kc_drop(e, p);
		return NULL;
	}
	kc_encap_iph(ip, c->tos, (u16)atomic64_inc_return(&c->id), c->df,
		     c->ttl, c->proto, c->src, dst, kc_pkt_len(p));
	kc_pkt_set_nh(p, 0);
	kc_pkt_anno(p)->dst_ip = dst;
	return p;
}

static void ipencap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, ipencap_action);
}

static struct kc_pkt *ipencap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, ipencap_action);
}

static int ipencap_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int ipencap_read_gso(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler ipencap_handlers[] = {
	{ .name = "drops", .read = ipencap_read_drops },
	{ .name = "gso_drops", .read = ipencap_read_gso },
};

const struct kc_class kc_ipencap_class = {
	.name = "IPEncap",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct ipencap),
	.pcpu_size = sizeof(struct ipencap_pcpu),
	.configure = ipencap_configure,
	.push = ipencap_push,
	.pull = ipencap_pull,
	.handlers = ipencap_handlers,
	.nhandlers = ARRAY_SIZE(ipencap_handlers),
};
