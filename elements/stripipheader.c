// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * StripIPHeader()
 * =s ip
 * strips outermost IP header
 * =d
 * Deletes everything up to the end of the IP header the IP header
 * annotation points at (CheckIPHeader, MarkIPHeader; without one, the IP
 * header at the start of the data), so the packet starts at what the IP
 * header carried.  A packet too short for its IP header is dropped.
 *
 * Unlike Click, the IP header annotation is cleared: elements after this
 * one that look for an IP header find the inner one (IP in IP) at the
 * start of the data, without another MarkIPHeader.
 *
 * In the kernel a GSO packet (a super-packet the device or GSO will cut)
 * is dropped and counted in gso_drops: its segmentation metadata describe
 * the headers it arrived with.
 * =h drops read-only
 * Packets dropped (too short, or GSO).
 * =h gso_drops read-only
 * Of those, GSO packets.
 * =e
 *   ... -> CheckIPHeader(14) -> StripIPHeader -> CheckIPHeader -> ...
 * =a CheckIPHeader, MarkIPHeader, Strip, IPEncap, UDPIPEncap
 */
#include <kclick/proto.h>

struct stripiph_pcpu {
	u64 drops;
	u64 gso_drops;
};

static int stripipheader_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *stripipheader_action(struct kc_elem *e,
					   struct kc_pkt *p)
{
	struct stripiph_pcpu *pc = kc_this_cpu_ptr(
		(struct stripiph_pcpu __percpu *)e->pcpu);
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl;

	if (kc_pkt_is_gso(p)) {
		pc->gso_drops++;
		goto bad;
	}
	if (off < 0)
		goto bad;
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	if (hl < KC_IP_HLEN || !kc_pkt_pull(p, off + hl))
		goto bad;
	kc_pkt_anno(p)->flags &= ~KC_ANNO_F_NH_SET;
	return p;
bad:
	pc->drops++;
	kc_drop(e, p);
	return NULL;
}

static void stripipheader_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, stripipheader_action);
}

static struct kc_pkt *stripipheader_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, stripipheader_action);
}

static int stripipheader_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int stripipheader_read_gso(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler stripipheader_handlers[] = {
	{ .name = "drops", .read = stripipheader_read_drops },
	{ .name = "gso_drops", .read = stripipheader_read_gso },
};

const struct kc_class kc_stripipheader_class = {
	.name = "StripIPHeader",
	.ports = "1/1",
	.processing = "a/a",
	.pcpu_size = sizeof(struct stripiph_pcpu),
	.configure = stripipheader_configure,
	.push = stripipheader_push,
	.pull = stripipheader_pull,
	.handlers = stripipheader_handlers,
	.nhandlers = ARRAY_SIZE(stripipheader_handlers),
};
