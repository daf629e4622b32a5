// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * GREEncap([PROTOCOL, KEYWORDS])
 * =s encapsulation
 * encapsulates packets in a GRE header
 * =d
 * Puts a GRE header (RFC 2784, with RFC 2890's key and sequence number)
 * in front of each packet: protocol type PROTOCOL, version 0.  PROTOCOL
 * is a number up to 0xffff or ip (0x0800, the default), ipv6 (0x86dd) or
 * teb (0x6558, Transparent Ethernet Bridging: an Ethernet frame, what
 * Linux's gretap carries).  The outer IP header is IPEncap's job:
 * `GREEncap(KEY 42) -> IPEncap(gre, 10.0.0.1, 10.0.0.2)` is what Linux's
 * `ip link add NAME type gre local 10.0.0.1 remote 10.0.0.2 key 42`
 * sends.  The header is 4 bytes, 8 with the checksum,
 * 4 more with KEY, 4 more with SEQUENCE.  The IP header annotation is
 * cleared (it would point at the inner header).
 *
 * Headroom: a packet with too few bytes before its data is reallocated,
 * never written past.  A packet that would pass 65,535 bytes is dropped.
 * In the kernel a CHECKSUM_PARTIAL packet has its pending checksum
 * completed in software first, and a GSO packet is dropped and counted
 * in gso_drops (its segmentation metadata would not describe the GRE
 * header).
 *
 * Keyword arguments:
 * =over 8
 * =item KEY
 * A 32-bit number: send this key (the K bit set).  Default none.
 * =item SEQUENCE
 * Boolean: send sequence numbers (the S bit), 0, 1, 2, ... as Linux's
 * oseq does; a replacement (install --replace) goes on from the old
 * element's count.  Default false.
 * =item CHECKSUM
 * Boolean: send the checksum (the C bit) over the GRE header and payload,
 * as Linux's ocsum does.  Default false.
 * =back
 * =h protocol read-only
 * The protocol type, as 0xNNNN.
 * =h key read-only
 * The key, or empty without one.
 * =h seq read-only
 * The sequence number the next packet gets (with SEQUENCE).
 * =h drops read-only
 * Packets dropped (GSO, too long, or memory short).
 * =h gso_drops read-only
 * Of those, GSO packets.
 * =e
 *   ... -> GREEncap(ip, KEY 42, SEQUENCE true)
 *       -> IPEncap(gre, 10.7.0.2, 10.7.0.1) -> ...
 * =a GREDecap, IPEncap, VXLANEncap
 */
#include "lib/kc_l4.h"
#include "lib/kc_tunnel.h"

struct greencap {
	u16 proto;
	u16 flags;		/* KC_GRE_F_* sent */
	u32 key;
	u8 hlen;
	atomic64_t seq;		/* packets numbered so far */
};

struct greencap_pcpu {
	u64 drops;
	u64 gso_drops;
};

static int greencap_configure(struct kc_elem *e, struct kc_args *args)
{
	struct greencap *c = kc_priv(e);
	char proto[16] = "ip", key[24] = "";
	bool seq = false, csum = false;
	const struct kc_argspec spec[] = {
		{ "PROTOCOL", KC_ARG_WORD, KC_ARGF_POSITIONAL,
		  proto, sizeof(proto) },
		{ "KEY", KC_ARG_WORD, 0, key, sizeof(key) },
		{ "SEQUENCE", KC_ARG_BOOL, 0, &seq },
		{ "CHECKSUM", KC_ARG_BOOL, 0, &csum },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)) ||
	    kc_gre_protocol(proto, &c->proto, args->err))
		return -EINVAL;
	if (key[0]) {
		if (kc_arg_value("KEY", key, KC_ARG_U32, &c->key, 0, args->err))
			return -EINVAL;
		c->flags |= KC_GRE_F_KEY;
	}
	if (seq)
		c->flags |= KC_GRE_F_SEQ;
	if (csum)
		c->flags |= KC_GRE_F_CSUM;
	c->hlen = KC_GRE_HLEN + (csum ? 4 : 0) + (key[0] ? 4 : 0) +
		  (seq ? 4 : 0);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *greencap_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct greencap *c = kc_priv(e);
	struct greencap_pcpu *pc = kc_this_cpu_ptr(
		(struct greencap_pcpu __percpu *)e->pcpu);
	unsigned int len, off = KC_GRE_HLEN;
	bool gso;
	u8 *h = kc_encap_push(p, c->hlen, &gso);

	if (!h)
		goto drop;
	kc_put16(h, c->flags);
	kc_put16(h + 2, c->proto);
	if (c->flags & KC_GRE_F_CSUM) {
		kc_put32(h + off, 0);
		off += 4;
	}
	if (c->flags & KC_GRE_F_KEY) {
		kc_put32(h + off, c->key);
		off += 4;
	}
	if (c->flags & KC_GRE_F_SEQ)
		kc_put32(h + off, (u32)(atomic64_inc_return(&c->seq) - 1));
	if (c->flags & KC_GRE_F_CSUM) {
		/* RFC 2784 2.2: over the GRE header and the payload. */
		len = kc_pkt_len(p);
		if (!kc_pkt_may_pull(p, len))
			goto drop;
		h = kc_pkt_data(p);
		kc_put16(h + 4, kc_csum_fold(kc_csum_add(0, h, len)));
	}
	kc_pkt_anno(p)->flags &= ~KC_ANNO_F_NH_SET;
	return p;
drop:
	pc->gso_drops += gso;
	pc->drops++;
	kc_drop(e, p);
	return NULL;
}

static void greencap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, greencap_action);
}

static struct kc_pkt *greencap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, greencap_action);
}

/*
 * A replaced GREEncap keeps numbering where the old one stopped: a Linux
 * receiver with iseq would drop every packet numbered below what it has
 * seen.  Packets the new element sent before this (it is already live)
 * were numbered from 0 and arrive as late.
 */
static void greencap_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct greencap *c = kc_priv(e), *o = kc_priv(old);

	atomic64_add(atomic64_read(&o->seq), &c->seq);
}

static int greencap_read_proto(struct kc_elem *e, struct kc_buf *b)
{
	struct greencap *c = kc_priv(e);

	kc_buf_printf(b, "0x%04x", c->proto);
	return 0;
}

static int greencap_read_key(struct kc_elem *e, struct kc_buf *b)
{
	struct greencap *c = kc_priv(e);

	if (c->flags & KC_GRE_F_KEY)
		kc_buf_printf(b, "%u", c->key);
	return 0;
}

static int greencap_read_seq(struct kc_elem *e, struct kc_buf *b)
{
	struct greencap *c = kc_priv(e);

	kc_buf_printf(b, "%u", (u32)atomic64_read(&c->seq));
	return 0;
}

static int greencap_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int greencap_read_gso(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler greencap_handlers[] = {
	{ .name = "protocol", .read = greencap_read_proto },
	{ .name = "key", .read = greencap_read_key },
	{ .name = "seq", .read = greencap_read_seq },
	{ .name = "drops", .read = greencap_read_drops },
	{ .name = "gso_drops", .read = greencap_read_gso },
};

const struct kc_class kc_greencap_class = {
	.name = "GREEncap",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct greencap),
	.pcpu_size = sizeof(struct greencap_pcpu),
	.configure = greencap_configure,
	.push = greencap_push,
	.pull = greencap_pull,
	.take_state = greencap_take_state,
	.handlers = greencap_handlers,
	.nhandlers = ARRAY_SIZE(greencap_handlers),
};
