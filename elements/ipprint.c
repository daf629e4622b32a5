// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPPrint([LABEL, KEYWORDS])
 * =s ip
 * pretty-prints IP packets
 * =d
 * Prints a tcpdump-like line for each IP packet (IP header annotation, or
 * the header at the start of the data) and passes it on, as Click does:
 * LABEL, the timestamp, the aggregate and paint annotations when asked,
 * the IP id, TTL, TOS and length when asked, then source and destination
 * (with ports for TCP and UDP) and the protocol's details in Click's
 * words -- TCP `S 1000:1001(1,40,40) ack N win W` (flags, sequence
 * range, segment, packet and IP lengths; ack only with ACK), UDP
 * `udp LEN`, ICMP `icmp echo (ID, SEQ)`, `icmp DST unreachable port
 * udp/53`, `icmp timeexceeded transit` (Click's type and code names,
 * else numbers) --, the fragment (`(frag ID:LEN@OFFSET+)`),
 * and with CONTENTS or PAYLOAD the bytes on further lines (hex, 24 to a
 * line, or ASCII, 48 to a line).  Lines go to the kernel log rate limited
 * (net_ratelimit), or to standard error in `kclick run`.
 * =over 8
 * =item CONTENTS
 * `NONE` (default), `HEX` or `ASCII` (a boolean: true is HEX): print the
 * packet's bytes from the IP header on.
 * =item PAYLOAD
 * The same, but from the TCP or UDP payload (the transport header for
 * other protocols).  At most one of CONTENTS and PAYLOAD.
 * =item MAXLENGTH
 * Bytes CONTENTS or PAYLOAD print at most; -1 for all (at most 65535).
 * Default 1500.
 * =item TIMESTAMP
 * Boolean; print the packet's timestamp (`SEC.USEC: `).  Default true.
 * =item ID, TTL, TOS, LENGTH
 * Booleans; print the IP id, TTL, TOS, total length.  Default false.
 * =item AGGREGATE, PAINT
 * Booleans; print the aggregate (`#N`) or paint annotation.  Default false.
 * =item SWAP
 * Boolean; an ICMP echo's id and sequence number are in network byte
 * order (false: little-endian, as old Linux wrote them).  Default true.
 * =item ACTIVE
 * Boolean; when false, nothing is printed.  Default true.
 * =back
 * Click's OUTFILE is refused: lines go to the kernel log (standard error
 * in `kclick run`).
 * =h active read/write
 * Whether packets are printed.
 * =h printed read-only
 * Lines printed.
 * =h suppressed read-only
 * Lines the rate limit held back.
 * =e
 *   ... -> CheckIPHeader(14) -> IPPrint(in, TTL true, PAYLOAD ASCII) -> ...
 * =a Print, CheckIPHeader
 */
#include <kclick/element.h>
#include <kclick/proto.h>

#define IPPRINT_MAXLEN		65535	/* MAXLENGTH's bound */
#define IPPRINT_HEX_LINE	24	/* bytes per line, as Click */
#define IPPRINT_ASCII_LINE	48

enum { IPP_NONE, IPP_HEX, IPP_ASCII };

struct ipprint_pcpu {
	u64 printed, suppressed;
};

struct ipprint {
	char *label;
	bool active, ttl, id, tos, length, timestamp, aggregate, paint, swap;
	u8 contents;		/* IPP_*, for CONTENTS or PAYLOAD */
	bool payload;
	u32 maxlen;
	struct ipprint_pcpu __percpu *pc;
};

/* CONTENTS or PAYLOAD: NONE, HEX, ASCII, or a boolean. */
static int ipprint_contents(const char *key, const char *v, u8 *out,
			    struct kc_errbuf *err)
{
	struct kc_quote q;
	bool b;

	if (!strcmp(v, "NONE") || !strcmp(v, "none"))
		*out = IPP_NONE;
	else if (!strcmp(v, "HEX") || !strcmp(v, "hex"))
		*out = IPP_HEX;
	else if (!strcmp(v, "ASCII") || !strcmp(v, "ascii"))
		*out = IPP_ASCII;
	else if (!kc_arg_value(key, v, KC_ARG_BOOL, &b, 0, NULL))
		*out = b ? IPP_HEX : IPP_NONE;
	else
		return kc_errf(err, EINVAL,
			       "%s: expected NONE, HEX or ASCII, got '%s'", key,
			       kc_quote_str(&q, v));
	return 0;
}

static int ipprint_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipprint *ip = kc_priv(e);
	char contents[16] = "", payload[16] = "", *outfile = NULL;
	int maxlen = 1500, ret;
	const struct kc_argspec spec[] = {
		{ "LABEL", KC_ARG_STR, KC_ARGF_POSITIONAL, &ip->label },
		{ "CONTENTS", KC_ARG_WORD, 0, contents, sizeof(contents) },
		{ "PAYLOAD", KC_ARG_WORD, 0, payload, sizeof(payload) },
		{ "MAXLENGTH", KC_ARG_INT, 0, &maxlen },
		{ "ID", KC_ARG_BOOL, 0, &ip->id },
		{ "TTL", KC_ARG_BOOL, 0, &ip->ttl },
		{ "TOS", KC_ARG_BOOL, 0, &ip->tos },
		{ "LENGTH", KC_ARG_BOOL, 0, &ip->length },
		{ "TIMESTAMP", KC_ARG_BOOL, 0, &ip->timestamp },
		{ "AGGREGATE", KC_ARG_BOOL, 0, &ip->aggregate },
		{ "PAINT", KC_ARG_BOOL, 0, &ip->paint },
		{ "SWAP", KC_ARG_BOOL, 0, &ip->swap },
		{ "OUTFILE", KC_ARG_STR, 0, &outfile },
		{ "ACTIVE", KC_ARG_BOOL, 0, &ip->active },
	};

	ip->active = true;
	ip->timestamp = true;
	ip->swap = true;
	ip->pc = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	if (outfile) {
		kc_free(outfile);
		return kc_errf(args->err, EINVAL,
			       "OUTFILE is not supported: IPPrint writes to the kernel log (standard error in kclick run)");
	}
	if (contents[0] && payload[0])
		return kc_errf(args->err, EINVAL,
			       "CONTENTS and PAYLOAD: give at most one");
	if (contents[0] &&
	    ipprint_contents("CONTENTS", contents, &ip->contents, args->err))
		return -EINVAL;
	if (payload[0] &&
	    ipprint_contents("PAYLOAD", payload, &ip->contents, args->err))
		return -EINVAL;
	ip->payload = payload[0];
	if (maxlen > IPPRINT_MAXLEN)
		return kc_errf(args->err, EINVAL,
			       "MAXLENGTH: %d is more than %d bytes", maxlen,
			       IPPRINT_MAXLEN);
	ip->maxlen = maxlen < 0 ? IPPRINT_MAXLEN : maxlen;
	return 0;
}

/*
 * Packet path: the protocol part of the line into buf; *data the offset
 * (from ip) where the payload starts.
 */
/* Click's names for ICMP types and codes (NameInfo), for the ICMP line. */
static const char *const icmp_types[19] = {
	[0] = "echo-reply", [3] = "unreachable", [4] = "sourcequench",
	[5] = "redirect", [8] = "echo", [9] = "routeradvert",
	[10] = "routersolicit", [11] = "timeexceeded",
	[12] = "parameterproblem", [13] = "timestamp",
	[14] = "timestamp-reply", [15] = "inforeq", [16] = "inforeq-reply",
	[17] = "maskreq", [18] = "maskreq-reply",
};

static const char *const icmp_unreach_codes[16] = {
	"net", "host", "protocol", "port", "needfrag", "srcroutefail",
	"netunknown", "hostunknown", "isolated", "netprohibited",
	"hostprohibited", "tosnet", "toshost", "filterprohibited",
	"hostprecedence", "precedencecutoff",
};

static const char *const icmp_redirect_codes[4] = {
	"net", "host", "tosnet", "toshost",
};

static const char *const icmp_timxceed_codes[2] = {
	"transit", "reassembly",
};

static const char *const icmp_paramprob_codes[3] = {
	"erroratptr", "missingopt", "length",
};

static const char *icmp_code_name(u8 type, u8 code)
{
	switch (type) {
	case 3:
		return code < ARRAY_SIZE(icmp_unreach_codes) ?
		       icmp_unreach_codes[code] : NULL;
	case 5:
		return code < ARRAY_SIZE(icmp_redirect_codes) ?
		       icmp_redirect_codes[code] : NULL;
	case 11:
		return code < ARRAY_SIZE(icmp_timxceed_codes) ?
		       icmp_timxceed_codes[code] : NULL;
	case 12:
		return code < ARRAY_SIZE(icmp_paramprob_codes) ?
		       icmp_paramprob_codes[code] : NULL;
	}
	return NULL;
}

/* A protocol as Click's IPPrint names it ("tcp", or the number). */
static const char *ipprint_proto_name(u8 p, char *buf, size_t size,
				      bool prepend)
{
	switch (p) {
	case KC_IPPROTO_ICMP:
		return "icmp";
	case KC_IPPROTO_TCP:
		return "tcp";
	case KC_IPPROTO_UDP:
		return "udp";
	}
	snprintf(buf, size, "%s%u", prepend ? "protocol " : "", p);
	return buf;
}

/*
 * The ICMP part of the line, as Click's IPPrint writes it: an echo's id
 * and sequence number; an unreachable's quoted destination and code name
 * (with the protocol, the port or the next-hop MTU); otherwise the type
 * and code names, or their numbers.
 */
static void ipprint_icmp(const struct ipprint *pr, const u8 *t,
			 unsigned int tlen, char *buf, size_t size)
{
	const char *tn = t[0] < ARRAY_SIZE(icmp_types) ? icmp_types[t[0]] :
			 NULL;
	const char *cn = icmp_code_name(t[0], t[1]);
	char cnum[16], pn[16];
	const u8 *e = t + 8;
	unsigned int ehl;

	if (!cn) {
		snprintf(cnum, sizeof(cnum), "code %u", t[1]);
		cn = cnum;
	}
	if (t[0] == 0 || t[0] == 8) {
		u16 id, seq;

		if (tlen < 8) {
			snprintf(buf, size, "icmp %s truncated-icmp", tn);
			return;
		}
		id = kc_get16(t + 4);
		seq = kc_get16(t + 6);
		if (!pr->swap) {
			id = (u16)(id << 8 | id >> 8);
			seq = (u16)(seq << 8 | seq >> 8);
		}
		snprintf(buf, size, "icmp %s (%u, %u)", tn, id, seq);
		return;
	}
	if (t[0] == 3) {
		if (tlen < 8 + KC_IP_HLEN) {
			snprintf(buf, size, "icmp unreachable %s truncated-icmp",
				 cn);
			return;
		}
		ehl = (e[0] & 15) * 4;
		switch (t[1]) {
		case 2:
			snprintf(buf, size, "icmp %u.%u.%u.%u unreachable %s %s",
				 e[16], e[17], e[18], e[19], cn,
				 ipprint_proto_name(e[9], pn, sizeof(pn),
						    false));
			return;
		case 3:
			if (tlen < 8 + ehl + 4) {
				snprintf(buf, size,
					 "icmp %u.%u.%u.%u unreachable %s %struncated-icmp",
					 e[16], e[17], e[18], e[19], cn,
					 ipprint_proto_name(e[9], pn,
							    sizeof(pn), true));
				return;
			}
			snprintf(buf, size,
				 "icmp %u.%u.%u.%u unreachable %s %s/%u",
				 e[16], e[17], e[18], e[19], cn,
				 ipprint_proto_name(e[9], pn, sizeof(pn), true),
				 kc_get16(e + ehl + 2));
			return;
		case 4:
			if (kc_get16(t + 6)) {
				snprintf(buf, size,
					 "icmp %u.%u.%u.%u unreachable %s (mtu %u)",
					 e[16], e[17], e[18], e[19], cn,
					 kc_get16(t + 6));
				return;
			}
			break;
		}
		snprintf(buf, size, "icmp %u.%u.%u.%u unreachable %s",
			 e[16], e[17], e[18], e[19], cn);
		return;
	}
	if (tn)
		snprintf(buf, size, "icmp %s%s%s", tn,
			 cn == cnum && !t[1] ? "" : " ",
			 cn == cnum && !t[1] ? "" : cn);
	else
		snprintf(buf, size, "icmp type %u%s%s", t[0],
			 cn == cnum && !t[1] ? "" : " ",
			 cn == cnum && !t[1] ? "" : cn);
}

/*
 * Click's TCP part: the flags (S, F, R, P, or '.' for none of them), then
 * SEQ:END(SEGLEN,PACKETLEN,IPLEN) where SEGLEN counts SYN and FIN, the
 * ack number when ACK is set, the window.
 */
static void ipprint_tcp(const u8 *ip, unsigned int hl, unsigned int len,
			unsigned int plen, char *buf, size_t size)
{
	const u8 *t = ip + hl;
	u32 seq = (u32)kc_get16(t + 4) << 16 | kc_get16(t + 6);
	int iplen = kc_get16(ip + 2), seglen;
	unsigned int o;

	seglen = iplen - (int)hl - (t[12] >> 4) * 4;
	seglen += !!(t[13] & 0x02) + !!(t[13] & 0x01);
	o = snprintf(buf, size, "%s%s%s%s%s %u:%u(%d,%u,%d)",
		     t[13] & 0x02 ? "S" : "", t[13] & 0x01 ? "F" : "",
		     t[13] & 0x04 ? "R" : "", t[13] & 0x08 ? "P" : "",
		     t[13] & 0x0f ? "" : ".", seq, seq + seglen, seglen,
		     plen, iplen);
	if ((t[13] & 0x10) && o < size)
		o += snprintf(buf + o, size - o, " ack %u",
			      (u32)kc_get16(t + 8) << 16 | kc_get16(t + 10));
	if (o >= size)
		return;
	if (len >= hl + 16)
		snprintf(buf + o, size - o, " win %u", kc_get16(t + 14));
	else
		snprintf(buf + o, size - o, "truncated-tcp");
}

static void ipprint_proto(const struct ipprint *pr, const u8 *ip,
			  unsigned int hl, unsigned int len, unsigned int plen,
			  char *buf, size_t size, u16 *sport, u16 *dport,
			  unsigned int *data)
{
	const u8 *t = ip + hl;
	bool first = !(kc_get16(ip + 6) & KC_IP_OFFMASK);

	*sport = *dport = 0;
	*data = hl;
	if (!first) {
		snprintf(buf, size, "fragment proto %u", ip[9]);
		return;
	}
	switch (ip[9]) {
	case KC_IPPROTO_TCP:
		if (len < hl + 14)
			break;
		*sport = kc_get16(t);
		*dport = kc_get16(t + 2);
		*data = hl + (t[12] >> 4) * 4;
		ipprint_tcp(ip, hl, len, plen, buf, size);
		return;
	case KC_IPPROTO_UDP:
		if (len < hl + 8)
			break;
		*sport = kc_get16(t);
		*dport = kc_get16(t + 2);
		*data = hl + 8;
		snprintf(buf, size, "udp %u", kc_get16(t + 4));
		return;
	case KC_IPPROTO_ICMP:
		if (len < hl + 2)
			break;
		ipprint_icmp(pr, t, len - hl, buf, size);
		return;
	}
	snprintf(buf, size, "proto %u%s", ip[9],
		 len < hl + 8 && (ip[9] == 6 || ip[9] == 17) ? " truncated" : "");
}

/* Packet path: d[0..n) as CONTENTS/PAYLOAD lines, Click's layout. */
static void ipprint_bytes(const struct ipprint *pr, const char *pre,
			  const u8 *d, unsigned int n)
{
	unsigned int per = pr->contents == IPP_HEX ? IPPRINT_HEX_LINE :
			   IPPRINT_ASCII_LINE, off, i, o;
	char text[IPPRINT_ASCII_LINE + IPPRINT_ASCII_LINE / 8 + 4];

	BUILD_BUG_ON(IPPRINT_HEX_LINE * 2 + IPPRINT_HEX_LINE / 4 >
		     sizeof(text) - 1);
	for (off = 0; off < n; off += per) {
		o = 0;
		for (i = off; i < n && i < off + per; i++) {
			if (pr->contents == IPP_HEX) {
				if (i > off && !((i - off) % 4))
					text[o++] = ' ';
				text[o++] = "0123456789abcdef"[d[i] >> 4];
				text[o++] = "0123456789abcdef"[d[i] & 15];
			} else {
				if (i > off && !((i - off) % 8))
					text[o++] = ' ';
				text[o++] = d[i] >= 32 && d[i] <= 126 ? d[i] : '.';
			}
		}
		text[o] = '\0';
		kc_log_info("%s  %s\n", pre, text);
	}
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *ipprint_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct ipprint *pr = kc_priv(e);
	struct ipprint_pcpu *pc = kc_this_cpu_ptr(pr->pc);
	unsigned int hl, len, data, n, ol;
	char proto[96], pre[96], head[80], frag[40] = "";
	const char *label = pr->label ? pr->label : "";
	u16 sport, dport;
	const u8 *ip;
	int off;

	if (!READ_ONCE(pr->active))
		return p;
	if (!kc_net_ratelimit()) {
		pc->suppressed++;
		return p;
	}
	pc->printed++;
	/* LABEL: TIMESTAMP: #AGGREGATE.PAINT: -- the prefix, as Click. */
	ol = snprintf(pre, sizeof(pre), "%s%s", label, label[0] ? ": " : "");
	if (pr->timestamp && ol < sizeof(pre)) {
		u64 ns = kc_pkt_tstamp_ns(p);

		ol += snprintf(pre + ol, sizeof(pre) - ol, "%llu.%06llu: ",
			       (unsigned long long)div64_u64(ns, 1000000000ULL),
			       (unsigned long long)div64_u64(ns % 1000000000ULL,
							     1000));
	}
	if (pr->aggregate && ol < sizeof(pre))
		ol += snprintf(pre + ol, sizeof(pre) - ol, "#%u",
			       kc_pkt_anno(p)->aggregate);
	if (pr->paint && ol < sizeof(pre))
		ol += snprintf(pre + ol, sizeof(pre) - ol, "%s%u",
			       pr->aggregate ? "." : "paint ",
			       kc_pkt_anno(p)->paint);
	if ((pr->aggregate || pr->paint) && ol < sizeof(pre))
		snprintf(pre + ol, sizeof(pre) - ol, ": ");
	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0) {
		kc_log_info("%struncated-ip (%u bytes)\n", pre, kc_pkt_len(p));
		return p;
	}
	len = kc_pkt_len(p) - off;
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	if (hl < KC_IP_HLEN)
		hl = KC_IP_HLEN;
	/* An ICMP error's quoted header and ports are on the line too. */
	n = pr->contents == IPP_NONE ? hl + 8 + 60 + 4 : len;
	kc_pkt_may_pull(p, off + min(len, n));
	len = min(len, kc_pkt_headlen(p) - off);
	ip = kc_pkt_data(p) + off;
	ipprint_proto(pr, ip, hl, len, kc_pkt_len(p), proto, sizeof(proto),
		      &sport, &dport, &data);
	ol = 0;
	head[0] = '\0';
	if (pr->id)
		ol += snprintf(head + ol, sizeof(head) - ol, "id %u ",
			       kc_get16(ip + 4));
	if (pr->ttl)
		ol += snprintf(head + ol, sizeof(head) - ol, "ttl %u ", ip[8]);
	if (pr->tos)
		ol += snprintf(head + ol, sizeof(head) - ol, "tos %u ", ip[1]);
	if (pr->length)
		snprintf(head + ol, sizeof(head) - ol, "length %u ",
			 kc_get16(ip + 2));
	if (kc_get16(ip + 6) & (KC_IP_MF | KC_IP_OFFMASK))
		snprintf(frag, sizeof(frag), " (frag %u:%u@%u%s)",
			 kc_get16(ip + 4), kc_get16(ip + 2) - hl,
			 (kc_get16(ip + 6) & KC_IP_OFFMASK) << 3,
			 kc_get16(ip + 6) & KC_IP_MF ? "+" : "");
	if (sport || dport)
		kc_log_info("%s%s%u.%u.%u.%u.%u > %u.%u.%u.%u.%u: %s%s\n",
			    pre, head, ip[12], ip[13], ip[14], ip[15], sport,
			    ip[16], ip[17], ip[18], ip[19], dport, proto, frag);
	else
		kc_log_info("%s%s%u.%u.%u.%u > %u.%u.%u.%u: %s%s\n",
			    pre, head, ip[12], ip[13], ip[14], ip[15],
			    ip[16], ip[17], ip[18], ip[19], proto, frag);
	if (pr->contents != IPP_NONE) {
		unsigned int from = pr->payload ? min(data, len) : 0;

		ipprint_bytes(pr, pre, ip + from,
			      min(len - from, pr->maxlen));
	}
	return p;
}

static void ipprint_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, ipprint_action);
}

static struct kc_pkt *ipprint_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, ipprint_action);
}

static void ipprint_cleanup(struct kc_elem *e)
{
	struct ipprint *pr = kc_priv(e);

	kc_free(pr->label);
}

static int ipprint_read_active(struct kc_elem *e, struct kc_buf *b)
{
	const struct ipprint *pr = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(pr->active) ? "true" : "false");
	return 0;
}

static int ipprint_write_active(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct ipprint *pr = kc_priv(e);
	bool v;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(pr->active, v);
	return 0;
}

static int ipprint_read_n(struct kc_elem *e, struct kc_buf *b, bool sup)
{
	const struct ipprint *pr = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu) {
		const struct ipprint_pcpu *pc = kc_per_cpu_ptr(pr->pc, cpu);

		n += sup ? READ_ONCE(pc->suppressed) : READ_ONCE(pc->printed);
	}
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int ipprint_read_printed(struct kc_elem *e, struct kc_buf *b)
{
	return ipprint_read_n(e, b, false);
}

static int ipprint_read_suppressed(struct kc_elem *e, struct kc_buf *b)
{
	return ipprint_read_n(e, b, true);
}

static const struct kc_handler ipprint_handlers[] = {
	{ .name = "active", .read = ipprint_read_active,
	  .write = ipprint_write_active },
	{ .name = "printed", .read = ipprint_read_printed },
	{ .name = "suppressed", .read = ipprint_read_suppressed },
};

const struct kc_class kc_ipprint_class = {
	.name = "IPPrint",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct ipprint),
	.pcpu_size = sizeof(struct ipprint_pcpu),
	.configure = ipprint_configure,
	.push = ipprint_push,
	.pull = ipprint_pull,
	.cleanup = ipprint_cleanup,
	.handlers = ipprint_handlers,
	.nhandlers = ARRAY_SIZE(ipprint_handlers),
};
