// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ICMPPingResponder
 * =s icmp
 * responds to ICMP echo requests
 * =d
 * Turns each ICMP echo request (an unfragmented IP packet with the IP
 * header annotation, or the header at the start of the data) into the
 * echo reply: source and destination swapped, TTL 255, type 0, checksums
 * updated; the reply's destination becomes its destination annotation and
 * it leaves on output 0, ready for a route lookup.  Other packets leave
 * on output 1 if there is one, and are dropped otherwise.
 * =h count read-only
 * Echo replies sent.
 * =e
 *   rt[0] -> ICMPPingResponder -> rt;
 * =a ICMPError
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct icmppingresponder {
	u64 __percpu *count;
};

static int icmppingresponder_configure(struct kc_elem *e,
				       struct kc_args *args)
{
	struct icmppingresponder *r = kc_priv(e);

	r->count = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void icmppingresponder_push(struct kc_elem *e, int port,
				   struct kc_pkt *p)
{
	struct icmppingresponder *r = kc_priv(e);
	unsigned int hl, len;
	__be32 a;
	u32 sum;
	u8 *ip, *icmp;
	int off;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto other;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	len = kc_pkt_len(p) - off;
	if (ip[9] != KC_IPPROTO_ICMP || hl < KC_IP_HLEN || len < hl + 8 ||
	    (kc_get16(ip + 6) & (KC_IP_MF | KC_IP_OFFMASK)) ||
	    !kc_pkt_may_pull(p, off + hl + 8) ||
	    kc_pkt_data(p)[off + hl] != KC_ICMP_ECHO ||
	    kc_pkt_make_writable(p, off + hl + 8))
		goto other;
	ip = kc_pkt_data(p) + off;
	icmp = ip + hl;
	memcpy(&a, ip + 12, 4);
	memcpy(ip + 12, ip + 16, 4);
	memcpy(ip + 16, &a, 4);
	ip[8] = 255;
	kc_ip_set_csum(ip);
	icmp[0] = KC_ICMP_ECHOREPLY;
	/* RFC 1624: the type word went down by 0x0800. */
	sum = (u16)~kc_get16(icmp + 2);
	sum += 0xffff - 0x0800;
	kc_put16(icmp + 2, kc_csum_fold(sum));
	kc_pkt_anno(p)->dst_ip = a;
	kc_pkt_anno(p)->flags &= ~KC_ANNO_F_FIX_SRC;
	this_cpu_inc(*r->count);
	kc_push(e, 0, p);
	return;
other:
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
}

static int icmppingresponder_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingresponder *r = kc_priv(e);

	return kc_buf_pcpu_u64(b, r->count, 0);
}

static const struct kc_handler icmppingresponder_handlers[] = {
	{ .name = "count", .read = icmppingresponder_read_count },
};

const struct kc_class kc_icmppingresponder_class = {
	.name = "ICMPPingResponder",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct icmppingresponder),
	.pcpu_size = sizeof(u64),
	.configure = icmppingresponder_configure,
	.push = icmppingresponder_push,
	.handlers = icmppingresponder_handlers,
	.nhandlers = ARRAY_SIZE(icmppingresponder_handlers),
};
