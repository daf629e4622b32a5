// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetIPChecksum()
 * =s ip
 * sets IP packets' checksums
 * =d
 * Expects IPv4 packets with the IP header annotation (else the IP header
 * is at the start of the data).  Computes the IP header checksum and
 * stores it.  A packet too short for its header, or whose header length
 * is below 5 words, is dropped and counted.
 *
 * Most elements that change an IP header (DecIPTTL, IPRewriter) already
 * update the checksum incrementally.  The IPv4 header checksum is never
 * left to the device, so CHECKSUM_PARTIAL packets need nothing special.
 * =h drops read-only
 * Packets dropped for want of an IP header.
 * =e
 *   ... -> SetIPChecksum -> ...
 * =a CheckIPHeader, DecIPTTL, SetUDPChecksum, SetTCPChecksum
 */
#include <kclick/proto.h>

struct setipchecksum {
	u64 __percpu *drops;
};

static int setipchecksum_configure(struct kc_elem *e, struct kc_args *args)
{
	struct setipchecksum *s = kc_priv(e);

	s->drops = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *setipchecksum_action(struct kc_elem *e,
					   struct kc_pkt *p)
{
	struct setipchecksum *s = kc_priv(e);
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl;
	u8 *ip;

	if (off < 0)
		goto bad;
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	if (hl < KC_IP_HLEN || !kc_pkt_may_pull(p, off + hl) ||
	    kc_pkt_make_writable(p, off + hl))
		goto bad;
	ip = kc_pkt_data(p) + off;
	kc_ip_set_csum(ip);
	return p;
bad:
	this_cpu_inc(*s->drops);
	kc_drop(e, p);
	return NULL;
}

static void setipchecksum_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, setipchecksum_action);
}

static struct kc_pkt *setipchecksum_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, setipchecksum_action);
}

static int setipchecksum_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct setipchecksum *s = kc_priv(e);

	return kc_buf_pcpu_u64(b, s->drops, 0);
}

static const struct kc_handler setipchecksum_handlers[] = {
	{ .name = "drops", .read = setipchecksum_read_drops },
};

const struct kc_class kc_setipchecksum_class = {
	.name = "SetIPChecksum",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct setipchecksum),
	.pcpu_size = sizeof(u64),
	.configure = setipchecksum_configure,
	.push = setipchecksum_push,
	.pull = setipchecksum_pull,
	.handlers = setipchecksum_handlers,
	.nhandlers = ARRAY_SIZE(setipchecksum_handlers),
};
