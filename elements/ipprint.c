// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPPrint([LABEL, KEYWORDS])
 * =s ip
 * pretty-prints IP packets
 * =d
 * Prints a tcpdump-like line for each IP packet (IP header annotation, or
 * the header at the start of the data) and passes it on: LABEL, source
 * and destination (with ports for TCP and UDP), the protocol and its
 * details -- TCP flags, sequence and ack numbers, UDP length, ICMP type
 * and code --, and the IP id, TTL and length.  Fragments are marked.
 * Lines go to the kernel log rate limited (net_ratelimit), or to standard
 * error in `kclick run`.
 * =over 8
 * =item ACTIVE
 * Boolean; when false, nothing is printed.  Default true.
 * =item TTL
 * Boolean; print the TTL.  Default true.
 * =back
 * =h active read/write
 * Whether packets are printed.
 * =h printed read-only
 * Lines printed.
 * =h suppressed read-only
 * Lines the rate limit held back.
 * =e
 *   ... -> CheckIPHeader(14) -> IPPrint(in) -> ...
 * =a Print, CheckIPHeader
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct ipprint_pcpu {
	u64 printed, suppressed;
};

struct ipprint {
	char *label;
	bool active, ttl;
	struct ipprint_pcpu __percpu *pc;
};

static int ipprint_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipprint *ip = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LABEL", KC_ARG_STR, KC_ARGF_POSITIONAL, &ip->label },
		{ "ACTIVE", KC_ARG_BOOL, 0, &ip->active },
		{ "TTL", KC_ARG_BOOL, 0, &ip->ttl },
	};

	ip->active = true;
	ip->ttl = true;
	ip->pc = e->pcpu;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path: the protocol part of the line into buf. */
static void ipprint_proto(const u8 *ip, unsigned int hl, unsigned int len,
			  char *buf, size_t size, u16 *sport, u16 *dport)
{
	const u8 *t = ip + hl;
	bool first = !(kc_get16(ip + 6) & KC_IP_OFFMASK);

	*sport = *dport = 0;
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
		snprintf(buf, size, "%s%s%s%s%s%s seq %u ack %u win %u",
			 t[13] & 0x02 ? "S" : "", t[13] & 0x01 ? "F" : "",
			 t[13] & 0x04 ? "R" : "", t[13] & 0x08 ? "P" : "",
			 t[13] & 0x10 ? "." : "", t[13] & 0x20 ? "U" : "",
			 (u32)kc_get16(t + 4) << 16 | kc_get16(t + 6),
			 (u32)kc_get16(t + 8) << 16 | kc_get16(t + 10),
			 len >= hl + 16 ? kc_get16(t + 14) : 0);
		return;
	case KC_IPPROTO_UDP:
		if (len < hl + 8)
			break;
		*sport = kc_get16(t);
		*dport = kc_get16(t + 2);
		snprintf(buf, size, "udp %u", kc_get16(t + 4));
		return;
	case KC_IPPROTO_ICMP:
		if (len < hl + 2)
			break;
		snprintf(buf, size, "icmp type %u code %u", t[0], t[1]);
		return;
	}
	snprintf(buf, size, "proto %u%s", ip[9],
		 len < hl + 8 && (ip[9] == 6 || ip[9] == 17) ? " truncated" : "");
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *ipprint_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct ipprint *pr = kc_priv(e);
	struct ipprint_pcpu *pc = kc_this_cpu_ptr(pr->pc);
	unsigned int hl, len;
	char proto[96], ttl[16];
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
	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0) {
		kc_log_info("%s%snot an IP packet (%u bytes)\n",
			    pr->label ? pr->label : "",
			    pr->label && pr->label[0] ? ": " : "",
			    kc_pkt_len(p));
		return p;
	}
	len = kc_pkt_len(p) - off;
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	if (hl < KC_IP_HLEN)
		hl = KC_IP_HLEN;
	kc_pkt_may_pull(p, off + min(len, hl + 16));
	len = min(len, kc_pkt_headlen(p) - off);
	ip = kc_pkt_data(p) + off;
	ipprint_proto(ip, hl, len, proto, sizeof(proto), &sport, &dport);
	ttl[0] = '\0';
	if (pr->ttl)
		snprintf(ttl, sizeof(ttl), " ttl %u", ip[8]);
	if (sport || dport)
		kc_log_info("%s%s%u.%u.%u.%u.%u > %u.%u.%u.%u.%u: %s (id %u%s len %u)\n",
			    pr->label ? pr->label : "",
			    pr->label && pr->label[0] ? ": " : "",
			    ip[12], ip[13], ip[14], ip[15], sport,
			    ip[16], ip[17], ip[18], ip[19], dport, proto,
			    kc_get16(ip + 4), ttl, kc_get16(ip + 2));
	else
		kc_log_info("%s%s%u.%u.%u.%u > %u.%u.%u.%u: %s (id %u%s len %u)\n",
			    pr->label ? pr->label : "",
			    pr->label && pr->label[0] ? ": " : "",
			    ip[12], ip[13], ip[14], ip[15],
			    ip[16], ip[17], ip[18], ip[19], proto,
			    kc_get16(ip + 4), ttl, kc_get16(ip + 2));
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
