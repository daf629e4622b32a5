// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ICMPError(SRC, TYPE [, CODE, BADADDRS, KEYWORDS])
 * =s icmp
 * generates ICMP error packets
 * =d
 * Turns each IP packet it receives into the ICMP error about it (RFC 792,
 * RFC 1812 section 4.3.2): a new IP packet from SRC to the offending
 * packet's source, TTL 255, carrying the ICMP header of type TYPE and
 * code CODE and as much of the offending datagram (its IP header and
 * data) as fits in MTU bytes, 576 by default (RFC 1812 4.3.2.3, as
 * Click).  The offending packet is consumed.  The error has the IP header
 * annotation, its destination as destination annotation (ready for a
 * route lookup) and the "fix IP source" annotation, so a FixIPSrc on the
 * way out puts the outgoing interface's address in place of SRC.
 *
 * No error is sent (the packet is dropped and counted) about an ICMP
 * error, a fragment other than the first, a packet to a broadcast or
 * multicast address or to one in BADADDRS, a packet received as a link
 * broadcast or multicast, or a packet from 0.0.0.0, a broadcast,
 * multicast or class E address.
 *
 * TYPE is a number or one of `unreachable`, `timeexceeded`,
 * `parameterproblem`, `redirect`, `sourcequench`; CODE a number or a
 * name: for unreachable `net`, `host`, `protocol`, `port`, `needfrag`,
 * `srcroutefail`, `filterprohibited`; for timeexceeded `transit`,
 * `reassembly`; for redirect `net`, `host`; for parameterproblem
 * `erroratptr`, `missingopt`, `length`.  Default code 0.
 * A parameter problem points at the byte IPGWOptions found bad; a
 * "fragmentation needed" carries the MTU IPFragmenter reported, or PMTU.
 * Click's reversed source route (RFC 1812 4.3.2.6) is not added.
 * =over 8
 * =item BADADDRS
 * Space-separated addresses (at most 8) never to send errors to, such as
 * the subnets' broadcast addresses.
 * =item MTU
 * The largest error packet, 96 to 65535 bytes.  Default 576.
 * =item PMTU
 * Next-hop MTU for needfrag errors without one in the annotation.
 * Default 0.
 * =item SET_FIX_ANNO
 * Boolean; set the "fix IP source" annotation.  Default true.
 * USE_FIX_ANNO is the same.
 * =back
 * =h count read-only
 * Errors sent.
 * =h drops read-only
 * Packets about which no error may be sent.
 * =h mtu read/write
 * MTU.
 * =h pmtu read/write
 * PMTU.
 * =e
 *   dt :: DecIPTTL;
 *   dt[1] -> ICMPError(10.0.0.1, timeexceeded) -> rt;
 *   fr[1] -> ICMPError(10.0.0.1, unreachable, needfrag) -> rt;
 * =a DecIPTTL, IPFragmenter, IPGWOptions, FixIPSrc
 */
#include <kclick/element.h>
#include <kclick/proto.h>

#define ICMPE_MAX_BADADDRS	8
#define ICMPE_MTU_DEF		576	/* RFC 1812 4.3.2.3 */
#define ICMPE_MTU_MIN		96	/* IP + ICMP + 60-byte header + 8 */

struct icmperror {
	__be32 src;
	u8 type, code;
	u32 mtu, pmtu;
	bool fix_anno;
	int nbad;
	__be32 bad[ICMPE_MAX_BADADDRS];
	u64 __percpu *stats;	/* [0] sent, [1] refused */
};

struct icmpe_name {
	const char *name;
	u8 value;
};

static const struct icmpe_name icmpe_types[] = {
	{ "unreachable", KC_ICMP_UNREACH }, { "timeexceeded", KC_ICMP_TIMXCEED },
	{ "parameterproblem", KC_ICMP_PARAMPROB },
	{ "redirect", KC_ICMP_REDIRECT }, { "sourcequench", 4 },
};

static const struct icmpe_name icmpe_unreach_codes[] = {
	{ "net", 0 }, { "host", 1 }, { "protocol", 2 }, { "port", 3 },
	{ "needfrag", 4 }, { "srcroutefail", 5 }, { "filterprohibited", 13 },
};

static const struct icmpe_name icmpe_timx_codes[] = {
	{ "transit", 0 }, { "reassembly", 1 },
};

static const struct icmpe_name icmpe_redirect_codes[] = {
	{ "net", 0 }, { "host", 1 },
};

static const struct icmpe_name icmpe_paramprob_codes[] = {
	{ "erroratptr", 0 }, { "missingopt", 1 }, { "length", 2 },
};

static int icmpe_lookup(const char *key, const char *s,
			const struct icmpe_name *t, int n, u8 *out,
			struct kc_errbuf *err)
{
	u32 v;
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, t[i].name)) {
			*out = t[i].value;
			return 0;
		}
	if (kc_arg_value(key, s, KC_ARG_U32, &v, 0, NULL) || v > 255)
		return kc_errf(err, EINVAL, "%s: unknown '%s'", key, s);
	*out = v;
	return 0;
}

static int icmpe_parse_bad(struct icmperror *c, const char *s,
			   struct kc_errbuf *err)
{
	char word[20];
	size_t n;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (!n)
			return 0;
		if (n >= sizeof(word) || c->nbad >= ICMPE_MAX_BADADDRS)
			return kc_errf(err, EINVAL, "BADADDRS: at most %d addresses",
				       ICMPE_MAX_BADADDRS);
		memcpy(word, s, n);
		word[n] = '\0';
		if (kc_parse_ip4(word, &c->bad[c->nbad++]))
			return kc_errf(err, EINVAL,
				       "BADADDRS: '%s' is not an IP address", word);
		s += n;
	}
}

static int icmperror_configure(struct kc_elem *e, struct kc_args *args)
{
	struct icmperror *c = kc_priv(e);
	char *type = NULL, *code = NULL, *bad = NULL;
	const struct kc_argspec spec[] = {
		{ "SRC", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->src },
		{ "TYPE", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &type },
		{ "CODE", KC_ARG_STR, KC_ARGF_POSITIONAL, &code },
		{ "BADADDRS", KC_ARG_STR, KC_ARGF_POSITIONAL, &bad },
		{ "MTU", KC_ARG_U32, 0, &c->mtu },
		{ "PMTU", KC_ARG_U32, 0, &c->pmtu },
		{ "SET_FIX_ANNO", KC_ARG_BOOL, 0, &c->fix_anno },
		{ "USE_FIX_ANNO", KC_ARG_BOOL, 0, &c->fix_anno },
	};
	const struct icmpe_name *codes = NULL;
	int ncodes = 0, ret;

	c->stats = e->pcpu;
	c->mtu = ICMPE_MTU_DEF;
	c->fix_anno = true;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = icmpe_lookup("TYPE", type, icmpe_types,
				   ARRAY_SIZE(icmpe_types), &c->type, args->err);
	if (!ret && c->type == KC_ICMP_UNREACH) {
		codes = icmpe_unreach_codes;
		ncodes = ARRAY_SIZE(icmpe_unreach_codes);
	} else if (!ret && c->type == KC_ICMP_TIMXCEED) {
		codes = icmpe_timx_codes;
		ncodes = ARRAY_SIZE(icmpe_timx_codes);
	} else if (!ret && c->type == KC_ICMP_REDIRECT) {
		codes = icmpe_redirect_codes;
		ncodes = ARRAY_SIZE(icmpe_redirect_codes);
	} else if (!ret && c->type == KC_ICMP_PARAMPROB) {
		codes = icmpe_paramprob_codes;
		ncodes = ARRAY_SIZE(icmpe_paramprob_codes);
	}
	if (!ret && code)
		ret = icmpe_lookup("CODE", code, codes, ncodes, &c->code,
				   args->err);
	if (!ret && bad)
		ret = icmpe_parse_bad(c, bad, args->err);
	if (!ret && (c->mtu < ICMPE_MTU_MIN || c->mtu > 65535))
		ret = kc_errf(args->err, EINVAL,
			      "MTU: %u is not %d to 65535 (the largest error packet; PMTU is the needfrag MTU)",
			      c->mtu, ICMPE_MTU_MIN);
	if (!ret && c->pmtu > 65535)
		ret = kc_errf(args->err, EINVAL, "PMTU: %u is too large",
			      c->pmtu);
	kc_free(type);
	kc_free(code);
	kc_free(bad);
	return ret ? -EINVAL : 0;
}

static bool icmpe_bad_addr(__be32 a)
{
	u8 first = ((const u8 *)&a)[0];

	return a == 0 || a == (__force __be32)0xffffffff || first >= 224;
}

/* Packet path: may an error be sent about the packet with this header? */
static bool icmpe_allowed(const struct icmperror *c, const u8 *ip,
			  unsigned int len, unsigned int hl)
{
	__be32 src, dst;
	int i;

	memcpy(&src, ip + 12, 4);
	memcpy(&dst, ip + 16, 4);
	if (icmpe_bad_addr(src) || icmpe_bad_addr(dst))
		return false;
	for (i = 0; i < c->nbad; i++)
		if (dst == c->bad[i])
			return false;
	if (kc_get16(ip + 6) & KC_IP_OFFMASK)
		return false;
	if (ip[9] == KC_IPPROTO_ICMP) {
		u8 t = len > hl ? ip[hl] : 0;

		/* Only queries (echo, timestamp, info, mask) may get errors. */
		if (len <= hl || !(t == 0 || t == 8 || (t >= 13 && t <= 18)))
			return false;
	}
	return true;
}

/* Packet path (softirq, RCU read side). */
static void icmperror_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct icmperror *c = kc_priv(e);
	const struct kc_anno *a = kc_pkt_anno(p);
	unsigned int hl, len, quote, olen;
	struct kc_pkt *q;
	const u8 *ip;
	u8 *n, *icmp;
	u16 id;
	int off;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto refuse;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	len = kc_pkt_len(p) - off;
	if (hl < KC_IP_HLEN || hl > len)
		goto refuse;
	len = min_t(unsigned int, len, kc_get16(ip + 2));
	if (len < hl)
		goto refuse;
	/* As much of the datagram as fits in MTU (RFC 1812 4.3.2.3). */
	quote = min(len, READ_ONCE(c->mtu) - KC_IP_HLEN - 8);
	if (!kc_pkt_may_pull(p, off + quote))
		goto refuse;
	ip = kc_pkt_data(p) + off;
	if (!icmpe_allowed(c, ip, len, hl))
		goto refuse;
	if (kc_pkt_link_type(p) == KC_PKT_BROADCAST ||
	    kc_pkt_link_type(p) == KC_PKT_MULTICAST)
		goto refuse;
	olen = KC_IP_HLEN + 8 + quote;
	q = kc_pkt_alloc(olen);
	if (!q)
		goto refuse;
	n = kc_pkt_data(q);
	n[0] = 0x45;
	kc_put16(n + 2, olen);
	id = kc_random_u32() & 0xffff;
	kc_put16(n + 4, id);
	n[8] = 255;
	n[9] = KC_IPPROTO_ICMP;
	memcpy(n + 12, &c->src, 4);
	memcpy(n + 16, ip + 12, 4);
	kc_ip_set_csum(n);
	icmp = n + KC_IP_HLEN;
	icmp[0] = c->type;
	icmp[1] = c->code;
	if (c->type == KC_ICMP_PARAMPROB)
		icmp[4] = a->icmp_param;
	else if (c->type == KC_ICMP_UNREACH && c->code == 4)
		kc_put16(icmp + 6, a->icmp_param ? a->icmp_param :
				   READ_ONCE(c->pmtu));
	else if (c->type == KC_ICMP_REDIRECT)
		memcpy(icmp + 4, &a->dst_ip, 4);	/* the better gateway */
	memcpy(icmp + 8, ip, quote);
	kc_put16(icmp + 2, kc_csum_fold(kc_csum_add(0, icmp, 8 + quote)));
	kc_pkt_set_nh(q, 0);
	memcpy(&kc_pkt_anno(q)->dst_ip, n + 16, 4);
	if (c->fix_anno)
		kc_pkt_anno(q)->flags |= KC_ANNO_F_FIX_SRC;
	kc_pkt_consume(p);
	this_cpu_inc(c->stats[0]);
	kc_push(e, 0, q);
	return;
refuse:
	this_cpu_inc(c->stats[1]);
	kc_drop(e, p);
}

static int icmperror_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, ((struct icmperror *)kc_priv(e))->stats, 0);
}

static int icmperror_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, ((struct icmperror *)kc_priv(e))->stats, 1);
}

static int icmperror_read_mtu(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%u", READ_ONCE(((struct icmperror *)kc_priv(e))->mtu));
	return 0;
}

static int icmperror_read_pmtu(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%u", READ_ONCE(((struct icmperror *)kc_priv(e))->pmtu));
	return 0;
}

/* Handlers (process context, graph lock held). */
static int icmperror_write_mtu(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	u32 v = 0;

	if (kc_arg_value("MTU", val, KC_ARG_U32, &v, 0, err))
		return -EINVAL;
	if (v < ICMPE_MTU_MIN || v > 65535)
		return kc_errf(err, EINVAL, "MTU: %u is not %d to 65535", v,
			       ICMPE_MTU_MIN);
	WRITE_ONCE(((struct icmperror *)kc_priv(e))->mtu, v);
	return 0;
}

static int icmperror_write_pmtu(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	u16 v = 0;

	if (kc_arg_value("PMTU", val, KC_ARG_U16, &v, 0, err))
		return -EINVAL;
	WRITE_ONCE(((struct icmperror *)kc_priv(e))->pmtu, v);
	return 0;
}

static const struct kc_handler icmperror_handlers[] = {
	{ .name = "count", .read = icmperror_read_count },
	{ .name = "drops", .read = icmperror_read_drops },
	{ .name = "mtu", .read = icmperror_read_mtu,
	  .write = icmperror_write_mtu },
	{ .name = "pmtu", .read = icmperror_read_pmtu,
	  .write = icmperror_write_pmtu },
};

const struct kc_class kc_icmperror_class = {
	.name = "ICMPError",
	.ports = "1/1",
	.processing = "h/h",
	.priv_size = sizeof(struct icmperror),
	.pcpu_size = 2 * sizeof(u64),
	.configure = icmperror_configure,
	.push = icmperror_push,
	.handlers = icmperror_handlers,
	.nhandlers = ARRAY_SIZE(icmperror_handlers),
};
