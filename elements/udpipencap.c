// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * UDPIPEncap(SRC, SPORT, DST, DPORT [, CHECKSUM])
 * =s udp
 * encapsulates packets in static UDP/IP headers
 * =d
 * Puts an IPv4 header (TTL 250, a fresh IP ID per packet, header checksum)
 * and a UDP header in front of each packet: source SRC:SPORT, destination
 * DST:DPORT.  If DST is DST_ANNO, the destination is the packet's
 * destination address annotation.  The UDP checksum is computed when
 * CHECKSUM is true (the default), else left 0.  The IP header annotation
 * then points at the new header and the destination address annotation is
 * set to the destination.  The receiver takes the headers off with
 * CheckIPHeader -> StripIPHeader -> Strip(8), or Strip(28).
 *
 * Headroom: a packet with fewer than 28 bytes before its data is
 * reallocated, never written past.  A packet that would pass 65,535 bytes
 * is dropped.  In the kernel, a CHECKSUM_PARTIAL packet has its pending
 * checksum completed in software first (the UDP checksum covers it), and
 * a GSO packet is dropped and counted in gso_drops.
 * =h src read/write
 * The source address.
 * =h sport read/write
 * The source port.
 * =h dst read/write
 * The destination address (or DST_ANNO).
 * =h dport read/write
 * The destination port.
 * =h drops read-only
 * Packets dropped (GSO, too long, or memory short).
 * =h gso_drops read-only
 * Of those, GSO packets.
 * =e
 *   ... -> UDPIPEncap(1.0.0.1, 1234, 2.0.0.2, 1234) -> ...
 * =a IPEncap, StripIPHeader, Strip, CheckUDPHeader
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

/*
 * The addresses and ports are written by handlers while packets are being
 * encapsulated: each is read once per packet (a packet racing a write may
 * see the old source with the new destination).
 */
struct udpipencap {
	__be32 src, dst;
	u16 sport, dport;
	bool dst_anno;
	bool checksum;
	atomic64_t id;
};

struct udpipencap_pcpu {
	u64 drops;
	u64 gso_drops;
};

static int udpipencap_dst(struct udpipencap *c, const char *s,
			  struct kc_errbuf *err)
{
	struct kc_quote q;
	__be32 a = 0;

	if (!strcmp(s, "DST_ANNO")) {
		WRITE_ONCE(c->dst_anno, true);
		return 0;
	}
	if (kc_parse_ip4(s, &a))
		return kc_errf(err, EINVAL,
			       "DST: '%s' is not an IP address or DST_ANNO",
			       kc_quote_str(&q, s));
	WRITE_ONCE(c->dst, a);
	WRITE_ONCE(c->dst_anno, false);
	return 0;
}

static int udpipencap_configure(struct kc_elem *e, struct kc_args *args)
{
	struct udpipencap *c = kc_priv(e);
	char dst[32] = "";
	const struct kc_argspec spec[] = {
		{ "SRC", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->src },
		{ "SPORT", KC_ARG_U16, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->sport },
		{ "DST", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  dst, sizeof(dst) },
		{ "DPORT", KC_ARG_U16, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->dport },
		{ "CHECKSUM", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &c->checksum },
	};

	c->checksum = true;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	return udpipencap_dst(c, dst, args->err);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *udpipencap_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct udpipencap *c = kc_priv(e);
	struct udpipencap_pcpu *pc = kc_this_cpu_ptr(
		(struct udpipencap_pcpu __percpu *)e->pcpu);
	__be32 dst = READ_ONCE(c->dst_anno) ? kc_pkt_anno(p)->dst_ip :
		     READ_ONCE(c->dst);
	unsigned int len;
	bool gso;
	u8 *ip = kc_encap_push(p, KC_IP_HLEN + 8, &gso), *u;
	u16 sum;

	if (!ip)
		goto drop;
	len = kc_pkt_len(p);
	kc_encap_iph(ip, 0, (u16)atomic64_inc_return(&c->id), false, 250,
		     KC_IPPROTO_UDP, READ_ONCE(c->src), dst, len);
	u = ip + KC_IP_HLEN;
	kc_put16(u, READ_ONCE(c->sport));
	kc_put16(u + 2, READ_ONCE(c->dport));
	kc_put16(u + 4, len - KC_IP_HLEN);
	kc_put16(u + 6, 0);
	if (c->checksum) {
		if (!kc_pkt_may_pull(p, len))
			goto drop;
		ip = kc_pkt_data(p);
		u = ip + KC_IP_HLEN;
		sum = kc_csum_fold(kc_csum_add(kc_l4_pseudo(ip, KC_IPPROTO_UDP,
							    len - KC_IP_HLEN),
					       u, len - KC_IP_HLEN));
		kc_put16(u + 6, sum ? sum : 0xffff);
	}
	kc_pkt_set_nh(p, 0);
	kc_pkt_anno(p)->dst_ip = dst;
	return p;
drop:
	pc->gso_drops += gso;
	pc->drops++;
	kc_drop(e, p);
	return NULL;
}

static void udpipencap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, udpipencap_action);
}

static struct kc_pkt *udpipencap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, udpipencap_action);
}

static int udpipencap_read_src(struct kc_elem *e, struct kc_buf *b)
{
	struct udpipencap *c = kc_priv(e);

	kc_buf_ip4(b, &c->src);
	return 0;
}

static int udpipencap_read_dst(struct kc_elem *e, struct kc_buf *b)
{
	struct udpipencap *c = kc_priv(e);

	if (c->dst_anno)
		kc_buf_printf(b, "DST_ANNO");
	else
		kc_buf_ip4(b, &c->dst);
	return 0;
}

static int udpipencap_read_sport(struct kc_elem *e, struct kc_buf *b)
{
	struct udpipencap *c = kc_priv(e);

	kc_buf_printf(b, "%u", c->sport);
	return 0;
}

static int udpipencap_read_dport(struct kc_elem *e, struct kc_buf *b)
{
	struct udpipencap *c = kc_priv(e);

	kc_buf_printf(b, "%u", c->dport);
	return 0;
}

static int udpipencap_write_src(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct udpipencap *c = kc_priv(e);
	__be32 a;

	if (kc_arg_value("SRC", val, KC_ARG_IP4, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(c->src, a);
	return 0;
}

static int udpipencap_write_dst(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	return udpipencap_dst(kc_priv(e), val, err);
}

static int udpipencap_write_port(u16 *port, const char *key,
				 const char *val, struct kc_errbuf *err)
{
	u16 v;

	if (kc_arg_value(key, val, KC_ARG_U16, &v, 0, err))
		return -EINVAL;
	WRITE_ONCE(*port, v);
	return 0;
}

static int udpipencap_write_sport(struct kc_elem *e, const char *val,
				  struct kc_errbuf *err)
{
	struct udpipencap *c = kc_priv(e);

	return udpipencap_write_port(&c->sport, "SPORT", val, err);
}

static int udpipencap_write_dport(struct kc_elem *e, const char *val,
				  struct kc_errbuf *err)
{
	struct udpipencap *c = kc_priv(e);

	return udpipencap_write_port(&c->dport, "DPORT", val, err);
}

static int udpipencap_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int udpipencap_read_gso(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler udpipencap_handlers[] = {
	{ .name = "src", .read = udpipencap_read_src,
	  .write = udpipencap_write_src },
	{ .name = "sport", .read = udpipencap_read_sport,
	  .write = udpipencap_write_sport },
	{ .name = "dst", .read = udpipencap_read_dst,
	  .write = udpipencap_write_dst },
	{ .name = "dport", .read = udpipencap_read_dport,
	  .write = udpipencap_write_dport },
	{ .name = "drops", .read = udpipencap_read_drops },
	{ .name = "gso_drops", .read = udpipencap_read_gso },
};

const struct kc_class kc_udpipencap_class = {
	.name = "UDPIPEncap",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct udpipencap),
	.pcpu_size = sizeof(struct udpipencap_pcpu),
	.configure = udpipencap_configure,
	.push = udpipencap_push,
	.pull = udpipencap_pull,
	.handlers = udpipencap_handlers,
	.nhandlers = ARRAY_SIZE(udpipencap_handlers),
};
