// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPFragmenter(MTU [, KEYWORDS])
 * =s ip
 * fragments large IP packets
 * =d
 * IP packets (with the IP header annotation, or the header at the start
 * of the data) whose total length is at most MTU leave on output 0
 * unchanged.  Longer ones are split into fragments of at most MTU bytes
 * (RFC 791): the first keeps every option, the others only the options
 * marked "copied"; each fragment has its own offset, MF flag, length and
 * checksum, and the original's annotations.  Fragments leave on output 0
 * in order.  Bytes before the IP header (if the annotation is past the
 * start of the data) are copied in front of each fragment.
 *
 * A GSO packet (several TCP segments the stack or GRO merged, cut at
 * transmit) counts by its segments: it passes if they fit.
 *
 * A long packet with the Don't Fragment bit set, when HONOR_DF is true,
 * leaves on output 1 instead (with MTU noted for an ICMPError
 * "unreachable, needfrag" -- path MTU discovery), or is dropped if there
 * is no output 1.
 * =over 8
 * =item HONOR_DF
 * Boolean.  Default true.
 * =back
 * =h fragments read-only
 * Fragments made.
 * =h drops read-only
 * Packets dropped (DF set and no output 1, malformed, out of memory).
 * =e
 *   ... -> fr :: IPFragmenter(1500) -> [0]arpq;
 *   fr[1] -> ICMPError(10.0.1.1, unreachable, needfrag) -> rt;
 * =a ICMPError, ARPQuerier
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct ipfragmenter {
	u32 mtu;
	bool honor_df;
	u64 __percpu *stats;	/* [0] fragments, [1] drops */
};

static int ipfragmenter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipfragmenter *f = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "MTU", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &f->mtu },
		{ "HONOR_DF", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &f->honor_df },
	};

	f->honor_df = true;
	f->stats = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	/* 60 bytes of header and at least 8 of data per fragment. */
	if (f->mtu < 68 || f->mtu > 65535)
		return kc_errf(args->err, EINVAL,
			       "MTU: %u is not 68 to 65535", f->mtu);
	return 0;
}

/* The options of a later fragment: the "copied" ones, padded; its length. */
static unsigned int ipf_copied_opts(const u8 *ip, unsigned int hl, u8 *out)
{
	unsigned int i = KC_IP_HLEN, n = 0, len;

	while (i < hl && ip[i] != 0) {
		if (ip[i] == 1) {
			i++;
			continue;
		}
		len = i + 1 < hl ? ip[i + 1] : 0;
		if (len < 2 || i + len > hl)
			break;
		if (ip[i] & 0x80) {
			memcpy(out + n, ip + i, len);
			n += len;
		}
		i += len;
	}
	while (n & 3)
		out[n++] = 0;
	return n;
}

/* Packet path (softirq, RCU read side). */
static void ipfragmenter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct ipfragmenter *f = kc_priv(e);
	unsigned int hl, len, data, at, chunk, hl2, ohl, nopt;
	u8 opts[40];
	const u8 *ip;
	u16 frag;
	int off;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto drop;
	ip = kc_pkt_data(p) + off;
	len = kc_get16(ip + 2);
	if (len <= f->mtu || (kc_pkt_is_gso(p) && kc_pkt_gso_fits(p, f->mtu))) {
		kc_push(e, 0, p);
		return;
	}
	hl = (ip[0] & 15) * 4;
	frag = kc_get16(ip + 6);
	if (f->honor_df && (frag & KC_IP_DF)) {
		kc_pkt_anno(p)->icmp_param = f->mtu;
		if (e->noutputs > 1) {
			kc_push(e, 1, p);
			return;
		}
		goto drop;
	}
	/* A GSO packet with segments too long and no DF: not ours to cut. */
	if (kc_pkt_is_gso(p) || hl < KC_IP_HLEN || len < hl ||
	    off + len > kc_pkt_len(p) ||
	    !kc_pkt_may_pull(p, off + len))
		goto drop;
	ip = kc_pkt_data(p) + off;
	nopt = ipf_copied_opts(ip, hl, opts);
	data = len - hl;
	for (at = 0; at < data; at += chunk) {
		struct kc_pkt *q;
		u8 *n;

		ohl = at ? KC_IP_HLEN + nopt : hl;
		chunk = min(data - at, (f->mtu - ohl) & ~7U);
		q = kc_pkt_alloc(off + ohl + chunk);
		if (!q)
			goto drop;
		n = kc_pkt_data(q);
		memcpy(n, kc_pkt_data(p), off);	/* link bytes, if any */
		n += off;
		memcpy(n, ip, KC_IP_HLEN);
		if (at)
			memcpy(n + KC_IP_HLEN, opts, nopt);
		else
			memcpy(n + KC_IP_HLEN, ip + KC_IP_HLEN, hl - KC_IP_HLEN);
		hl2 = ohl;
		n[0] = 0x40 | (hl2 / 4);
		kc_put16(n + 2, hl2 + chunk);
		kc_put16(n + 6, (frag & ~(KC_IP_OFFMASK | KC_IP_MF)) |
			 ((frag & KC_IP_OFFMASK) + at / 8) |
			 ((at + chunk < data || (frag & KC_IP_MF)) ? KC_IP_MF : 0));
		memcpy(n + hl2, ip + hl + at, chunk);
		kc_ip_set_csum(n);
		*kc_pkt_anno(q) = *kc_pkt_anno(p);
		kc_pkt_set_nh(q, off);
		this_cpu_inc(f->stats[0]);
		kc_push(e, 0, q);
	}
	kc_pkt_consume(p);
	return;
drop:
	this_cpu_inc(f->stats[1]);
	kc_drop(e, p);
}

static int ipfragmenter_read_fragments(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, ((struct ipfragmenter *)kc_priv(e))->stats, 0);
}

static int ipfragmenter_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, ((struct ipfragmenter *)kc_priv(e))->stats, 1);
}

static const struct kc_handler ipfragmenter_handlers[] = {
	{ .name = "fragments", .read = ipfragmenter_read_fragments },
	{ .name = "drops", .read = ipfragmenter_read_drops },
};

const struct kc_class kc_ipfragmenter_class = {
	.name = "IPFragmenter",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct ipfragmenter),
	.pcpu_size = 2 * sizeof(u64),
	.configure = ipfragmenter_configure,
	.push = ipfragmenter_push,
	.handlers = ipfragmenter_handlers,
	.nhandlers = ARRAY_SIZE(ipfragmenter_handlers),
};
