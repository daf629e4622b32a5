// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * DropBroadcasts
 * =s annotations
 * drops link-level broadcast and multicast packets
 * =d
 * Drops packets that arrived as link-level broadcast or multicast and
 * passes the rest.  IP routers must not forward link-level broadcasts
 * (RFC 1812 5.3.4); Click's IP router puts one after its route lookup.
 *
 * The test is how the receiving device classified the frame (Click's
 * packet type annotation): in the kernel skb->pkt_type, set by the driver
 * from the destination address before the graph sees the frame; in
 * `kclick run`, the destination address of the frame as read from the
 * pcap.  It does not look at the packet's bytes, so it works after the
 * Ethernet header is stripped.  Packets a graph makes (ICMP errors, ARP
 * queries) count as unicast.
 * =h drops read-only
 * Packets dropped.
 * =e
 *   rt[1] -> DropBroadcasts -> ipgw :: IPGWOptions(10.0.0.1) -> ...
 * =a FromDevice
 */
#include <kclick/element.h>

static int dropbroadcasts_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *dropbroadcasts_action(struct kc_elem *e,
					    struct kc_pkt *p)
{
	int t = kc_pkt_link_type(p);

	if (t == KC_PKT_BROADCAST || t == KC_PKT_MULTICAST) {
		this_cpu_inc(*(u64 __percpu *)e->pcpu);
		kc_drop(e, p);
		return NULL;
	}
	return p;
}

static void dropbroadcasts_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, dropbroadcasts_action);
}

static struct kc_pkt *dropbroadcasts_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, dropbroadcasts_action);
}

static int dropbroadcasts_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static const struct kc_handler dropbroadcasts_handlers[] = {
	{ .name = "drops", .read = dropbroadcasts_read_drops },
};

const struct kc_class kc_dropbroadcasts_class = {
	.name = "DropBroadcasts",
	.ports = "1/1",
	.processing = "a/a",
	.pcpu_size = sizeof(u64),
	.configure = dropbroadcasts_configure,
	.push = dropbroadcasts_push,
	.pull = dropbroadcasts_pull,
	.handlers = dropbroadcasts_handlers,
	.nhandlers = ARRAY_SIZE(dropbroadcasts_handlers),
};
