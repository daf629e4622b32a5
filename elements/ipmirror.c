// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPMirror([DST_ANNO])
 * =s ip
 * swaps IP source and destination
 * =d
 * Swaps the source and destination addresses of each packet's IP header
 * (at the IP header annotation, else the start of the data).  A first
 * fragment of TCP or UDP with the ports present also has its ports
 * swapped, and TCP its sequence and acknowledgment numbers.  No checksum
 * changes: swapping 16-bit-aligned words leaves a ones'-complement sum as
 * it was.  Packets without an IPv4 header are dropped and counted.
 *
 * DST_ANNO (boolean, default true) sets the destination address
 * annotation to the new destination, as a route lookup after it expects.
 * =h drops read-only
 * Packets without an IPv4 header.
 * =e
 *   FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> IPMirror
 *     -> EtherEncap(0x0800, 02:00:00:00:00:01, 02:00:00:00:00:02) -> ...
 * =a ICMPPingResponder, EtherMirror
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct ipmirror {
	bool dst_anno;
};

static int ipmirror_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ipmirror *m = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "DST_ANNO", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &m->dst_anno },
	};

	m->dst_anno = true;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

static void swap_bytes(u8 *a, u8 *b, unsigned int n)
{
	u8 t[4];

	memcpy(t, a, n);
	memcpy(a, b, n);
	memcpy(b, t, n);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *ipmirror_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct ipmirror *m = kc_priv(e);
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl, l4, need, l4len = 0;
	u8 *ip;

	hl = off < 0 ? 0 : (kc_pkt_data(p)[off] & 15) * 4;
	if (off < 0 || (kc_pkt_data(p)[off] >> 4) != 4 || hl < KC_IP_HLEN) {
		this_cpu_inc(*(u64 __percpu *)e->pcpu);
		kc_drop(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + off;
	l4 = off + hl;
	if ((ip[9] == KC_IPPROTO_TCP || ip[9] == KC_IPPROTO_UDP) &&
	    !(kc_get16(ip + 6) & KC_IP_OFFMASK))
		l4len = ip[9] == KC_IPPROTO_TCP ? 12 : 4;
	if (l4len && !kc_pkt_may_pull(p, l4 + l4len))
		l4len = ip[9] == KC_IPPROTO_TCP &&
			kc_pkt_may_pull(p, l4 + 4) ? 4 : 0;
	need = l4len ? l4 + l4len : (unsigned int)off + KC_IP_HLEN;
	if (kc_pkt_make_writable(p, need)) {
		kc_drop(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + off;
	swap_bytes(ip + 12, ip + 16, 4);
	if (m->dst_anno)
		memcpy(&kc_pkt_anno(p)->dst_ip, ip + 16, 4);
	if (l4len >= 4)
		swap_bytes(kc_pkt_data(p) + l4, kc_pkt_data(p) + l4 + 2, 2);
	if (l4len >= 12)
		swap_bytes(kc_pkt_data(p) + l4 + 4, kc_pkt_data(p) + l4 + 8, 4);
	return p;
}

static void ipmirror_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, ipmirror_action);
}

static struct kc_pkt *ipmirror_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, ipmirror_action);
}

static int ipmirror_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static const struct kc_handler ipmirror_handlers[] = {
	{ .name = "drops", .read = ipmirror_read_drops },
};

const struct kc_class kc_ipmirror_class = {
	.name = "IPMirror",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct ipmirror),
	.pcpu_size = sizeof(u64),
	.configure = ipmirror_configure,
	.push = ipmirror_push,
	.pull = ipmirror_pull,
	.handlers = ipmirror_handlers,
	.nhandlers = ARRAY_SIZE(ipmirror_handlers),
};
