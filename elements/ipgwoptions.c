// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPGWOptions(MYADDR [, OTHERADDRS])
 * =s ip
 * processes router IP options
 * =d
 * Processes the IP options a router must act on (RFC 791, RFC 1812
 * section 5.2.4): Record Route and Internet Timestamp entries get
 * MYADDR (and, for timestamps, milliseconds since midnight UT), and the
 * header checksum is updated.  Source-route options are left for the
 * destination (this router does not source-route).  Packets without
 * options pass untouched, at the cost of one test.
 *
 * A packet with a malformed option leaves on output 1, with the offset of
 * the bad byte noted for ICMPError's parameter problem, if there is an
 * output 1; otherwise it is dropped.  OTHERADDRS (space-separated) are
 * also this router's: a timestamp option that names one of them, or
 * MYADDR, is stamped.
 * =h drops read-only
 * Packets with bad options.
 * =e
 *   gio :: IPGWOptions(10.0.1.1);
 *   gio[1] -> ICMPError(10.0.1.1, parameterproblem) -> rt;
 * =a ICMPError, FixIPSrc
 */
#include <kclick/element.h>
#include <kclick/proto.h>

#define GWO_MAX_OTHER	8

struct ipgwoptions {
	__be32 me;
	int nother;
	__be32 other[GWO_MAX_OTHER];
	u64 __percpu *drops;
};

static int ipgwoptions_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipgwoptions *g = kc_priv(e);
	char *other = NULL, word[20];
	const struct kc_argspec spec[] = {
		{ "MYADDR", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &g->me },
		{ "OTHERADDRS", KC_ARG_STR, KC_ARGF_POSITIONAL, &other },
	};
	const char *s;
	int ret;
	size_t n;

	g->drops = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	for (s = other; !ret && s && *s; s += n) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (!n)
			break;
		if (n >= sizeof(word) || g->nother >= GWO_MAX_OTHER) {
			ret = kc_errf(args->err, EINVAL,
				      "OTHERADDRS: at most %d addresses",
				      GWO_MAX_OTHER);
			break;
		}
		memcpy(word, s, n);
		word[n] = '\0';
		if (kc_parse_ip4(word, &g->other[g->nother++]))
			ret = kc_errf(args->err, EINVAL,
				      "OTHERADDRS: '%s' is not an IP address",
				      word);
	}
	kc_free(other);
	return ret ? -EINVAL : 0;
}

static bool gwo_mine(const struct ipgwoptions *g, const u8 *a)
{
	int i;

	if (!memcmp(a, &g->me, 4))
		return true;
	for (i = 0; i < g->nother; i++)
		if (!memcmp(a, &g->other[i], 4))
			return true;
	return false;
}

/*
 * Packet path: process the options of the writable header ip (hl bytes).
 * Returns -1 when done, else the offset of the bad byte.
 */
static int gwo_process(const struct ipgwoptions *g, u8 *ip, unsigned int hl)
{
	unsigned int i = KC_IP_HLEN, len, ptr;
	u64 ms = (kc_realtime_ns() / 1000000) % (24ULL * 3600 * 1000);
	u8 ts[4];

	kc_put16(ts, (u16)(ms >> 16));
	kc_put16(ts + 2, (u16)ms);
	while (i < hl) {
		u8 type = ip[i];

		if (type == 0)		/* end of options */
			break;
		if (type == 1) {	/* no operation */
			i++;
			continue;
		}
		if (i + 1 >= hl)
			return i;
		len = ip[i + 1];
		if (len < 2 || i + len > hl)
			return i + 1;
		ptr = len > 2 ? ip[i + 2] : 0;
		switch (type) {
		case 7:			/* record route */
			if (len < 3 || ptr < 4)
				return i + 2;
			if (ptr + 3 <= len) {
				memcpy(ip + i + ptr - 1, &g->me, 4);
				ip[i + 2] = ptr + 4;
			}
			break;
		case 68: {		/* internet timestamp */
			u8 flag = len > 3 ? ip[i + 3] & 15 : 0;
			unsigned int need = flag ? 8 : 4;

			if (len < 4 || ptr < 5 || flag == 2 || flag > 3)
				return i + 2;
			if (ptr + need - 1 > len) {
				/* Full: count the overflow, saturating. */
				if ((ip[i + 3] >> 4) < 15)
					ip[i + 3] += 16;
				break;
			}
			if (flag == 3 && !gwo_mine(g, ip + i + ptr - 1))
				break;
			if (flag)
				memcpy(ip + i + ptr - 1, &g->me, 4);
			memcpy(ip + i + ptr - 1 + need - 4, ts, 4);
			ip[i + 2] = ptr + need;
			break;
		}
		default:		/* source routes and the rest: not ours */
			break;
		}
		i += len;
	}
	return -1;
}

/* Packet path (softirq, RCU read side). */
static void ipgwoptions_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct ipgwoptions *g = kc_priv(e);
	unsigned int hl;
	int off, bad;
	u8 *ip;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto drop;
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	if (hl <= KC_IP_HLEN) {
		kc_push(e, 0, p);
		return;
	}
	if (!kc_pkt_may_pull(p, off + hl) || kc_pkt_make_writable(p, off + hl))
		goto drop;
	ip = kc_pkt_data(p) + off;
	bad = gwo_process(g, ip, hl);
	kc_ip_set_csum(ip);
	if (bad < 0) {
		kc_push(e, 0, p);
		return;
	}
	kc_pkt_anno(p)->icmp_param = bad;
	this_cpu_inc(*g->drops);
	if (e->noutputs > 1) {
		kc_push(e, 1, p);
		return;
	}
drop:
	kc_drop(e, p);
}

static int ipgwoptions_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct ipgwoptions *g = kc_priv(e);

	return kc_buf_pcpu_u64(b, g->drops, 0);
}

static const struct kc_handler ipgwoptions_handlers[] = {
	{ .name = "drops", .read = ipgwoptions_read_drops },
};

const struct kc_class kc_ipgwoptions_class = {
	.name = "IPGWOptions",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct ipgwoptions),
	.pcpu_size = sizeof(u64),
	.configure = ipgwoptions_configure,
	.push = ipgwoptions_push,
	.handlers = ipgwoptions_handlers,
	.nhandlers = ARRAY_SIZE(ipgwoptions_handlers),
};
