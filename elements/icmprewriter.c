// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ICMPRewriter(MAPS [, DST_ANNO])
 * =s nat
 * rewrites ICMP errors about flows a rewriter mapped
 * =d
 * An ICMP error (destination unreachable, time exceeded, parameter
 * problem, source quench, redirect) quotes the IP header and the first
 * bytes of the packet that caused it.  When that packet went through a
 * rewriter, the error is about the rewritten packet and addressed to the
 * rewritten source.  ICMPRewriter looks the quoted packet up in the
 * mapping tables of MAPS, a space-separated list of IPRewriter,
 * TCPRewriter, UDPRewriter, IPAddrRewriter, IPAddrPairRewriter or
 * ICMPPingRewriter elements (the first with a mapping wins), and rewrites
 * the error so it looks like an answer to the original packet: the outer
 * destination address, the quoted source and destination addresses, the
 * quoted ports (TCP, UDP) or echo identifier (ICMP), and every checksum
 * this touches -- the outer IP header's, the ICMP message's, the quoted
 * IP header's and the quoted TCP, UDP (unless 0) or ICMP checksum, each
 * updated incrementally.  So traceroute and path MTU discovery work
 * through a NAT.
 *
 * Rewritten errors leave on output 0.  An element in MAPS may be written
 * NAME:OFFSET; errors found in its table then leave on output OFFSET plus
 * the output its mapping sends replies to.  Errors with no mapping, ICMP
 * messages that are not errors and truncated ones leave on output 1 if
 * there is one and are dropped otherwise; packets that are not ICMP are
 * dropped.
 *
 * DST_ANNO (default true): set the destination address annotation to
 * the rewritten outer destination.
 * =h mapped read-only
 * Errors rewritten.
 * =h unmapped read-only
 * Packets sent to output 1 or dropped because no mapping was found or
 * they were no errors.
 * =e
 *   rw :: IPRewriter(pattern 1.0.0.1 50000-65535 - - 0 1, drop);
 *   irw :: ICMPPingRewriter(pattern 1.0.0.1 40000-49999 - - 0 1, drop);
 *   ierw :: ICMPRewriter(rw irw);
 *   from_outside_icmp_errors -> ierw;
 *   ierw[0] -> to_inside;  ierw[1] -> to_host;
 * =a IPRewriter, ICMPPingRewriter, IPAddrRewriter
 */
#include "lib/kc_rewriter.h"

#define ICMPRW_MAPS_MAX		16
/* Outer ICMP header, quoted IP header at most, 20 quoted L4 bytes. */
#define ICMPRW_PULL		(8 + 60 + 20)

enum icmprw_kind { ICMPRW_NAPT, ICMPRW_PING, ICMPRW_ADDR, ICMPRW_PAIR };

struct icmprw_map {
	struct kc_rw *rw;
	u8 kind;		/* enum icmprw_kind */
	int offset;		/* NAME:OFFSET, or -1 */
};

struct icmprw_pcpu {
	u64 mapped, unmapped;
};

struct icmprw {
	char *maps_text;
	bool dst_anno;
	u32 nmaps;
	struct icmprw_map maps[ICMPRW_MAPS_MAX];
	struct icmprw_pcpu __percpu *pc;
};

static int icmprw_configure(struct kc_elem *e, struct kc_args *args)
{
	struct icmprw *r = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "MAPS", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &r->maps_text },
		{ "DST_ANNO", KC_ARG_BOOL, 0, &r->dst_anno },
	};

	r->dst_anno = true;
	r->pc = e->pcpu;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* The rewriters are configured from here on: find them. */
static int icmprw_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct icmprw *r = kc_priv(e);
	const char *s = r->maps_text;
	char w[KCLICK_NAME_MAX + 12], *colon;
	struct kc_quote q;

	while (*s) {
		struct icmprw_map *m = &r->maps[r->nmaps];
		struct kc_elem *o;
		size_t n;
		u32 off;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		n = strcspn(s, " \t\n");
		if (!n)
			break;
		if (n >= sizeof(w))
			return kc_errf(err, EINVAL, "MAPS: '%s' is too long",
				       kc_quote(&q, s, n));
		memcpy(w, s, n);
		w[n] = 0;
		s += n;
		if (r->nmaps == ICMPRW_MAPS_MAX)
			return kc_errf(err, EINVAL, "MAPS: more than %u elements",
				       ICMPRW_MAPS_MAX);
		m->offset = -1;
		colon = strchr(w, ':');
		if (colon) {
			*colon = 0;
			if (kc_arg_value("MAPS", colon + 1, KC_ARG_U32, &off, 0,
					 err))
				return -EINVAL;
			if (off >= e->noutputs)
				return kc_errf(err, EINVAL,
					       "MAPS: '%s' port offset %u, but %u output%s",
					       kc_quote_str(&q, w), off, e->noutputs,
					       e->noutputs == 1 ? "" : "s");
			m->offset = (int)off;
		}
		o = kc_elem_find(e, w);
		m->rw = o ? kc_rw_of(o) : NULL;
		if (!m->rw)
			return kc_errf(err, EINVAL,
				       o ? "MAPS: '%s' is not an IP rewriter"
					 : "MAPS: no element '%s'",
				       kc_quote_str(&q, w));
		if (o->cls == &kc_icmppingrewriter_class)
			m->kind = ICMPRW_PING;
		else if (o->cls == &kc_ipaddrrewriter_class)
			m->kind = ICMPRW_ADDR;
		else if (o->cls == &kc_ipaddrpairrewriter_class)
			m->kind = ICMPRW_PAIR;
		else
			m->kind = ICMPRW_NAPT;
		r->nmaps++;
	}
	if (!r->nmaps)
		return kc_errf(err, EINVAL, "MAPS: no IP rewriters given");
	return 0;
}

static void icmprw_cleanup(struct kc_elem *e)
{
	struct icmprw *r = kc_priv(e);

	kc_free(r->maps_text);
	r->maps_text = NULL;
}

/* What the quoted packet says, and which of its parts can be rewritten. */
struct icmprw_quote {
	u8 proto;
	bool ports;		/* TCP/UDP ports quoted (first fragment) */
	bool echo;		/* an ICMP echo request, identifier quoted */
	__be32 src, dst;
	__be16 sport, dport;	/* ports, or the identifier in sport */
};

/*
 * Packet path, RCU read side: the mapping of m for the quoted packet q,
 * which went out through it; its reply entry (a forward one only for an
 * IPAddrRewriter whose quoted packet went to an inside host).
 */
static struct kc_flow_entry *icmprw_find(const struct icmprw_map *m,
					 const struct icmprw_quote *q)
{
	struct kc_flow_entry *x;
	struct kc_flowid id;
	u16 ident;

	switch (m->kind) {
	case ICMPRW_NAPT:
		if (!q->ports)
			return NULL;
		kc_flowid_set(&id, q->proto, q->dst, q->dport, q->src,
			      q->sport);
		return kc_rw_lookup(m->rw, &id);
	case ICMPRW_PING:
		if (!q->echo)
			return NULL;
		/* The reply to request (s, j, d, j + 1): (d, j + 1, s, j). */
		ident = be16_to_cpu(q->sport);
		kc_flowid_set(&id, KC_IPPROTO_ICMP, q->dst,
			      cpu_to_be16(ident + 1), q->src, q->sport);
		return kc_rw_lookup(m->rw, &id);
	case ICMPRW_ADDR:
		kc_flowid_set(&id, 0, 0, 0, q->src, 0);
		x = kc_rw_lookup(m->rw, &id);
		if (x)
			return x;
		kc_flowid_set(&id, 0, q->dst, 0, 0, 0);
		return kc_rw_lookup(m->rw, &id);
	case ICMPRW_PAIR:
		kc_flowid_set(&id, 0, q->dst, 0, q->src, 0);
		return kc_rw_lookup(m->rw, &id);
	}
	return NULL;
}

/*
 * Packet path: *field (n = 2 or 4 bytes, at an even offset of the ICMP
 * message) becomes to; the quoted checksum qsum (may be NULL) and the
 * ICMP checksum follow.  An address also in a pseudo-header updates the
 * quoted L4 checksum l4sum (may be NULL), which the ICMP checksum then
 * follows too.
 */
static void icmprw_set(struct kc_pkt *p, __sum16 *icmpsum, u8 *field,
		       const void *to, unsigned int n, __sum16 *qsum)
{
	__sum16 qold;

	if (!memcmp(field, to, n))
		return;
	if (qsum) {
		qold = *qsum;
		if (n == 4) {
			__be32 f, t;

			memcpy(&f, field, 4);
			memcpy(&t, to, 4);
			kc_csum_replace4(qsum, f, t);
		} else {
			__be16 f, t;

			memcpy(&f, field, 2);
			memcpy(&t, to, 2);
			kc_csum_replace2(qsum, f, t);
		}
		kc_pkt_l4_csum_replace2(p, icmpsum, (__force __be16)qold,
					(__force __be16)*qsum, false);
	}
	if (n == 4) {
		__be32 f, t;

		memcpy(&f, field, 4);
		memcpy(&t, to, 4);
		kc_pkt_l4_csum_replace4(p, icmpsum, f, t, false);
	} else {
		__be16 f, t;

		memcpy(&f, field, 2);
		memcpy(&t, to, 2);
		kc_pkt_l4_csum_replace2(p, icmpsum, f, t, false);
	}
	memcpy(field, to, n);
}

/* A pseudo-header address of the quoted L4 checksum (ICMP sum follows). */
static void icmprw_l4addr(struct kc_pkt *p, __sum16 *icmpsum, __sum16 *l4sum,
			  const u8 *field, __be32 to)
{
	__sum16 old;
	__be32 f;

	memcpy(&f, field, 4);
	if (!l4sum || f == to)
		return;
	old = *l4sum;
	kc_csum_replace4(l4sum, f, to);
	kc_pkt_l4_csum_replace2(p, icmpsum, (__force __be16)old,
				(__force __be16)*l4sum, false);
}

/*
 * Packet path: rewrite the error at off (ICMP at icmp, quote described
 * by q, quoted L4 header at l4 with elen bytes) with the mapping x.
 */
static void icmprw_apply(struct kc_elem *e, struct kc_pkt *p, u8 *ip,
			 u8 *icmp, u8 *l4, unsigned int elen,
			 const struct icmprw_quote *q,
			 const struct kc_flow_entry *x)
{
	struct icmprw *r = kc_priv(e);
	__sum16 *icmpsum = (__sum16 *)(icmp + 2), *l4sum = NULL;
	u8 *qip = icmp + 8;
	struct kc_flowid to;
	__be32 odst;

	kc_flow_rewritten(x, &to);
	/* Outer destination: the rewritten source becomes the original. */
	memcpy(&odst, ip + 16, 4);
	if (to.daddr && odst == q->src) {
		kc_csum_replace4((__sum16 *)(ip + 10), odst, to.daddr);
		memcpy(ip + 16, &to.daddr, 4);
		if (r->dst_anno)
			kc_pkt_anno(p)->dst_ip = to.daddr;
	}
	/* The quoted L4 checksum, when it was quoted and is in use. */
	if (q->ports && q->proto == KC_IPPROTO_TCP && elen >= 18)
		l4sum = (__sum16 *)(l4 + 16);
	else if (q->ports && q->proto == KC_IPPROTO_UDP && elen >= 8 &&
		 (l4[6] || l4[7]))
		l4sum = (__sum16 *)(l4 + 6);
	/* Quoted addresses: to is the original packet reversed. */
	if (to.daddr) {
		icmprw_l4addr(p, icmpsum, l4sum, qip + 12, to.daddr);
		icmprw_set(p, icmpsum, qip + 12, &to.daddr, 4,
			   (__sum16 *)(qip + 10));
	}
	if (to.saddr) {
		icmprw_l4addr(p, icmpsum, l4sum, qip + 16, to.saddr);
		icmprw_set(p, icmpsum, qip + 16, &to.saddr, 4,
			   (__sum16 *)(qip + 10));
	}
	if (q->ports) {
		icmprw_set(p, icmpsum, l4, &to.dport, 2, l4sum);
		icmprw_set(p, icmpsum, l4 + 2, &to.sport, 2, l4sum);
	} else if (q->echo) {
		/* The request's identifier; the quoted ICMP sum if quoted. */
		icmprw_set(p, icmpsum, l4 + 4, &to.dport, 2,
			   elen >= 4 ? (__sum16 *)(l4 + 2) : NULL);
	}
}

static bool icmprw_is_error(u8 type)
{
	return type == KC_ICMP_UNREACH || type == KC_ICMP_TIMXCEED ||
	       type == KC_ICMP_PARAMPROB || type == 4 /* source quench */ ||
	       type == KC_ICMP_REDIRECT;
}

/* Packet path (softirq, rcu_read_lock held). */
static void icmprw_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct icmprw *r = kc_priv(e);
	struct icmprw_pcpu *pc = kc_this_cpu_ptr(r->pc);
	const struct kc_flow_entry *x = NULL;
	struct icmprw_quote q;
	unsigned int hl, len, qhl, elen, pull;
	u8 *ip, *icmp, *qip;
	u32 i;
	int off, out = 0;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto drop;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	len = min_t(unsigned int, kc_get16(ip + 2), kc_pkt_len(p) - off);
	if ((ip[0] >> 4) != 4 || hl < KC_IP_HLEN || len < hl ||
	    ip[9] != KC_IPPROTO_ICMP)
		goto drop;
	/* An error with its quoted IP header, in the first fragment. */
	if ((kc_get16(ip + 6) & KC_IP_OFFMASK) || len < hl + 8 + KC_IP_HLEN)
		goto unmapped;
	pull = min_t(unsigned int, len, hl + ICMPRW_PULL);
	if (!kc_pkt_may_pull(p, off + pull))
		goto unmapped;
	ip = kc_pkt_data(p) + off;
	icmp = ip + hl;
	qip = icmp + 8;
	qhl = (qip[0] & 15) * 4;
	if (!icmprw_is_error(icmp[0]) || (qip[0] >> 4) != 4 ||
	    qhl < KC_IP_HLEN || hl + 8 + qhl > pull)
		goto unmapped;
	elen = pull - hl - 8 - qhl;
	memset(&q, 0, sizeof(q));
	q.proto = qip[9];
	memcpy(&q.src, qip + 12, 4);
	memcpy(&q.dst, qip + 16, 4);
	if (!(kc_get16(qip + 6) & KC_IP_OFFMASK) && elen >= 8) {
		const u8 *l4 = qip + qhl;

		if (q.proto == KC_IPPROTO_TCP || q.proto == KC_IPPROTO_UDP) {
			q.ports = true;
			memcpy(&q.sport, l4, 2);
			memcpy(&q.dport, l4 + 2, 2);
		} else if (q.proto == KC_IPPROTO_ICMP &&
			   l4[0] == KC_ICMP_ECHO) {
			q.echo = true;
			memcpy(&q.sport, l4 + 4, 2);
		}
	}
	for (i = 0; i < r->nmaps && !x; i++)
		x = icmprw_find(&r->maps[i], &q);
	if (!x)
		goto unmapped;
	i--;
	if (r->maps[i].offset >= 0) {
		out = r->maps[i].offset + x->output;
		if (out >= e->noutputs)
			goto unmapped;
	}
	if (kc_pkt_make_writable(p, off + pull))
		goto drop;
	ip = kc_pkt_data(p) + off;
	icmp = ip + hl;
	icmprw_apply(e, p, ip, icmp, icmp + 8 + qhl, elen, &q, x);
	pc->mapped++;
	kc_push(e, out, p);
	return;
unmapped:
	pc->unmapped++;
	if (e->noutputs > 1) {
		kc_push(e, 1, p);
		return;
	}
drop:
	kc_drop(e, p);
}

static int icmprw_read(struct kc_elem *e, struct kc_buf *b, bool mapped)
{
	struct icmprw *r = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu) {
		const struct icmprw_pcpu *pc = kc_per_cpu_ptr(r->pc, cpu);

		n += mapped ? pc->mapped : pc->unmapped;
	}
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int icmprw_read_mapped(struct kc_elem *e, struct kc_buf *b)
{
	return icmprw_read(e, b, true);
}

static int icmprw_read_unmapped(struct kc_elem *e, struct kc_buf *b)
{
	return icmprw_read(e, b, false);
}

static const struct kc_handler icmprw_handlers[] = {
	{ "mapped", icmprw_read_mapped, NULL },
	{ "unmapped", icmprw_read_unmapped, NULL },
};

const struct kc_class kc_icmprewriter_class = {
	.name = "ICMPRewriter",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct icmprw),
	.pcpu_size = sizeof(struct icmprw_pcpu),
	.configure = icmprw_configure,
	.initialize = icmprw_initialize,
	.push = icmprw_push,
	.cleanup = icmprw_cleanup,
	.handlers = icmprw_handlers,
	.nhandlers = ARRAY_SIZE(icmprw_handlers),
};
