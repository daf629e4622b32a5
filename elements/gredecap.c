// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * GREDecap([PROTOCOL, KEYWORDS])
 * =s encapsulation
 * checks and removes a GRE header
 * =d
 * Expects packets that start with a GRE header (RFC 2784, RFC 2890):
 * after StripIPHeader, say.  Checks it, as Linux's gre device does, and
 * removes it; the packet then starts at what it carried (an IP packet for
 * protocol type 0x0800, an Ethernet frame for 0x6558).  The IP header
 * annotation is cleared: the inner IP header, if any, is at the start of
 * the data.
 *
 * A packet is bad, and leaves on output 1 if there is one (dropped
 * otherwise), counted by reason, if it is shorter than its header; if
 * the version is not 0 or a flag RFC 2784 says to discard is set
 * (routing, strict source route, recursion: bits 1, 4 and 5; bits 6-12
 * are ignored); if it carries a checksum (C) that is wrong, or CHECKSUM
 * is true and it carries none; if KEY is given and the packet does not
 * carry that key, or KEY is not given and the packet carries one (Linux's
 * tunnel lookup: a keyed tunnel takes only its key, an unkeyed one only
 * unkeyed packets); if SEQUENCE is true and the packet carries no
 * sequence number, or one that does not follow the last accepted (RFC
 * 2890 2.2: late or repeated; Linux's iseq; the first packet sets the
 * count, and a replacement goes on from the old element's); if PROTOCOL
 * is given and the protocol type differs; and, in the kernel, if it is a
 * GSO packet (its metadata describe the GRE header, which would be
 * gone).
 *
 * PROTOCOL, if given, is a number up to 0xffff or ip, ipv6, teb (see
 * GREEncap); without it any protocol type passes.
 *
 * In the kernel, a CHECKSUM_PARTIAL packet that carries a GRE checksum
 * (sent by a local gre device with csum, its checksum left to the
 * device) has it completed in software before the check.
 *
 * Keyword arguments:
 * =over 8
 * =item KEY
 * A 32-bit number: the key packets must carry.  Default none (packets
 * must carry no key).
 * =item SEQUENCE
 * Boolean: packets must carry sequence numbers, in order.  Default false
 * (numbers are ignored).
 * =item CHECKSUM
 * Boolean: packets must carry a checksum.  Default false (one that is
 * carried is still checked).
 * =back
 * =h count read-only
 * Packets decapsulated.
 * =h drops read-only
 * Packets that failed a check.
 * =h drop_details read-only
 * Failures per reason.
 * =h seq read-only
 * The sequence number expected next (with SEQUENCE; 0 before the first).
 * =e
 *   ... -> CheckIPHeader(14) -> StripIPHeader -> gd :: GREDecap(KEY 42)
 *       -> CheckIPHeader -> ...;
 *   gd[1] -> Discard;
 * =a GREEncap, StripIPHeader, VXLANDecap
 */
#include "lib/kc_tunnel.h"

struct gredecap {
	u16 proto;
	bool any_proto;
	bool need_csum;
	bool has_key;
	bool seq;
	u32 key;
	kc_lock_t lock;		/* next, started */
	u32 next;		/* the sequence number expected */
	bool started;		/* a numbered packet was accepted */
};

#define GREDECAP_REASONS	(1u << KC_TUN_SHORT | 1u << KC_TUN_FLAGS | \
				 1u << KC_TUN_CSUM | 1u << KC_TUN_KEY | \
				 1u << KC_TUN_SEQ | 1u << KC_TUN_PROTO | \
				 1u << KC_TUN_GSO)

static int gredecap_configure(struct kc_elem *e, struct kc_args *args)
{
	struct gredecap *c = kc_priv(e);
	char proto[16] = "", key[24] = "";
	const struct kc_argspec spec[] = {
		{ "PROTOCOL", KC_ARG_WORD, KC_ARGF_POSITIONAL,
		  proto, sizeof(proto) },
		{ "KEY", KC_ARG_WORD, 0, key, sizeof(key) },
		{ "SEQUENCE", KC_ARG_BOOL, 0, &c->seq },
		{ "CHECKSUM", KC_ARG_BOOL, 0, &c->need_csum },
	};

	kc_lock_init(&c->lock);
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	c->any_proto = !proto[0];
	if (proto[0] && kc_gre_protocol(proto, &c->proto, args->err))
		return -EINVAL;
	if (key[0]) {
		if (kc_arg_value("KEY", key, KC_ARG_U32, &c->key, 0, args->err))
			return -EINVAL;
		c->has_key = true;
	}
	return 0;
}

/* RFC 2890 2.2: accept seq if it is not before the one expected. */
static bool gredecap_in_order(struct gredecap *c, u32 seq)
{
	bool ok;

	kc_lock(&c->lock);
	ok = !c->started || (s32)(seq - c->next) >= 0;
	if (ok) {
		c->next = seq + 1;
		c->started = true;
	}
	kc_unlock(&c->lock);
	return ok;
}

/*
 * Packet path (softirq, RCU read side): the check, -1 with *hlen the
 * header's length if good, else a KC_TUN_* reason.
 */
static int gredecap_check(struct gredecap *c, struct kc_pkt *p,
			  unsigned int *hlen)
{
	unsigned int flags, hl, off = KC_GRE_HLEN, len = kc_pkt_len(p);
	const u8 *h;

	if (kc_pkt_is_gso(p))
		return KC_TUN_GSO;
	if (!kc_pkt_may_pull(p, KC_GRE_HLEN))
		return KC_TUN_SHORT;
	flags = kc_get16(kc_pkt_data(p));
	if (flags & KC_GRE_F_BAD)
		return KC_TUN_FLAGS;
	hl = KC_GRE_HLEN + (flags & KC_GRE_F_CSUM ? 4 : 0) +
	     (flags & KC_GRE_F_KEY ? 4 : 0) + (flags & KC_GRE_F_SEQ ? 4 : 0);
	if (!kc_pkt_may_pull(p, hl))
		return KC_TUN_SHORT;
	h = kc_pkt_data(p);
	if (!c->any_proto && kc_get16(h + 2) != c->proto)
		return KC_TUN_PROTO;
	if (flags & KC_GRE_F_CSUM) {
		/* Sum the bytes as sent: complete a pending offload first. */
		if (kc_pkt_csum_software(p) || !kc_pkt_may_pull(p, len))
			return KC_TUN_CSUM;
		h = kc_pkt_data(p);
		if (kc_csum_fold(kc_csum_add(0, h, len)))
			return KC_TUN_CSUM;
		off += 4;
	} else if (c->need_csum) {
		return KC_TUN_CSUM;
	}
	if (!!(flags & KC_GRE_F_KEY) != c->has_key ||
	    (c->has_key && kc_get32(h + off) != c->key))
		return KC_TUN_KEY;
	if (flags & KC_GRE_F_KEY)
		off += 4;
	if (c->seq && (!(flags & KC_GRE_F_SEQ) ||
		       !gredecap_in_order(c, kc_get32(h + off))))
		return KC_TUN_SEQ;
	*hlen = hl;
	return -1;
}

static struct kc_pkt *gredecap_action(struct kc_elem *e, struct kc_pkt *p)
{
	unsigned int hl = 0;
	int why = gredecap_check(kc_priv(e), p, &hl);

	p = kc_tun_verdict(e, p, why);
	if (p) {
		kc_pkt_pull(p, hl);	/* cannot fail: hl bytes are there */
		kc_pkt_anno(p)->flags &= ~KC_ANNO_F_NH_SET;
	}
	return p;
}

static void gredecap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, gredecap_action);
}

static struct kc_pkt *gredecap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, gredecap_action);
}

/*
 * A replaced GREDecap expects what the old one expected, or what it has
 * itself accepted since it went live if that is later.
 */
static void gredecap_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct gredecap *c = kc_priv(e), *o = kc_priv(old);
	bool started;
	u32 next;

	kc_lock(&o->lock);
	started = o->started;
	next = o->next;
	kc_unlock(&o->lock);
	if (!started)
		return;
	kc_lock(&c->lock);
	if (!c->started || (s32)(next - c->next) > 0)
		c->next = next;
	c->started = true;
	kc_unlock(&c->lock);
}

static int gredecap_read_details(struct kc_elem *e, struct kc_buf *b)
{
	return kc_tun_details(e, b, GREDECAP_REASONS);
}

static int gredecap_read_seq(struct kc_elem *e, struct kc_buf *b)
{
	struct gredecap *c = kc_priv(e);
	u32 next;

	kc_lock(&c->lock);
	next = c->next;
	kc_unlock(&c->lock);
	kc_buf_printf(b, "%u", next);
	return 0;
}

static const struct kc_handler gredecap_handlers[] = {
	{ .name = "count", .read = kc_tun_read_count },
	{ .name = "drops", .read = kc_tun_read_drops },
	{ .name = "drop_details", .read = gredecap_read_details },
	{ .name = "seq", .read = gredecap_read_seq },
};

const struct kc_class kc_gredecap_class = {
	.name = "GREDecap",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct gredecap),
	.pcpu_size = sizeof(struct kc_tun_pcpu),
	.configure = gredecap_configure,
	.push = gredecap_push,
	.pull = gredecap_pull,
	.take_state = gredecap_take_state,
	.handlers = gredecap_handlers,
	.nhandlers = ARRAY_SIZE(gredecap_handlers),
};
