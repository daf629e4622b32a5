// SPDX-License-Identifier: GPL-2.0
/*
 * Handing packets back to Linux: ToHost (the stack receives them as if
 * they had arrived on their device) and ToHostSniffers (only packet
 * sockets see them).
 *
 * ToHost queues the frame on this CPU's receive backlog with netif_rx(),
 * the way veth and tunnels deliver: from softirq that only enqueues, so a
 * graph running inside the rx_handler never recurses into
 * __netif_receive_skb, and the backlog is bounded by netdev_max_backlog
 * (a full backlog drops, and ToHost counts it).  When the backlog runs,
 * the frame meets the device's rx_handler -- ours, if a graph receives
 * from the device -- again.  It must pass there, and only there, so it
 * carries a mark no received frame can have: a word in skb->cb equal to
 * the skb's own address and the device's index mixed with a random key
 * chosen at module load.  Nothing on the way from netif_rx to the
 * rx_handler writes that part of cb (tc ingress and its BPF programs use
 * the first 28 bytes, qdisc_skb_cb), a driver cannot know the address and
 * key, a freshly allocated skb has cb zeroed, and a frame redirected to
 * another device on the way does not match that device's index.  The
 * rx_handler clears the mark when it passes the frame.
 *
 * Device removal: unregister first stops the device, so netif_rx() drops
 * frames for it (enqueue_to_backlog tests netif_running), then waits for
 * a grace period and flushes the backlogs of frames for it; we call
 * netif_rx() inside the RCU read side, so a frame is either refused or
 * flushed.  The device itself is reached through RCU: the devref's xdev
 * (ToHost(DEVNAME), cleared by the notifier in dev.c) or
 * dev_get_by_index_rcu() of the frame's skb_iif (ToHost without a name:
 * skb->dev of a frame that waited in a Queue may be a device freed since).
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <net/sch_generic.h>

#include "kclick.h"

/* Where the mark lives in skb->cb: after struct kc_anno and qdisc_skb_cb. */
#define KC_HOST_MARK_OFF	40

static unsigned long kc_host_key __read_mostly;

void kc_host_init(void)
{
	kc_host_key = get_random_long();
}

static unsigned long *mark_of(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct kc_anno) > KC_HOST_MARK_OFF);
	BUILD_BUG_ON(sizeof(struct qdisc_skb_cb) > KC_HOST_MARK_OFF);
	BUILD_BUG_ON(KC_HOST_MARK_OFF + sizeof(unsigned long) >
		     sizeof_field(struct sk_buff, cb));
	return (unsigned long *)&skb->cb[KC_HOST_MARK_OFF];
}

static unsigned long mark_value(struct sk_buff *skb, int ifindex)
{
	return (unsigned long)skb ^ kc_host_key ^ (unsigned long)ifindex;
}

/* Packet path (rx_handler, softirq, RCU read side). */
bool kc_host_returning(struct sk_buff *skb)
{
	unsigned long *mark = mark_of(skb);

	if (likely(*mark != mark_value(skb, skb->dev->ifindex)))
		return false;
	*mark = 0;
	return true;
}

/*
 * Packet path: the device a packet is delivered on, or NULL.  RCU read
 * side: the device stays valid until the caller's section ends.
 */
static struct net_device *host_dev(struct kc_devref *ref, struct sk_buff *skb)
{
	struct net_device *dev;

	if (ref->name[0])
		return rcu_dereference(ref->xdev);
	if (!skb->skb_iif)
		return NULL;	/* made by the graph: no device to come from */
	dev = dev_get_by_index_rcu(ref->inst->net, skb->skb_iif);
	/* Only a device a graph could have received from (dev_usable). */
	if (!dev || dev->type != ARPHRD_ETHER || (dev->flags & IFF_LOOPBACK))
		return NULL;
	return dev;
}

/*
 * Packet path: what a forwarding path does before handing a frame on (see
 * kc_dev_xmit), for a frame that stays on this host and is received again.
 * The receive route, conntrack entry and tunnel metadata go (a graph may
 * have rewritten the frame); the timestamp stays (it is still the receive
 * time); the checksum state is made true for the bytes as they are now:
 *  - CHECKSUM_COMPLETE is a sum over the bytes as received; elements change
 *    bytes without updating it, and recomputing costs as much as the
 *    stack's own check, so the stack checks (CHECKSUM_NONE);
 *  - CHECKSUM_UNNECESSARY (the NIC checked the L4 checksum) stays: an
 *    element that rewrites an L4 header updates its checksum field, as
 *    netfilter's NAT does under the same flag;
 *  - CHECKSUM_PARTIAL (a local sender's frame over veth, whose checksum is
 *    not yet filled in) stays, its offsets moved with the data.
 */
static void host_prepare(struct sk_buff *skb, struct net_device *dev)
{
	skb_scrub_packet(skb, false);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);
}

/* Packet path (softirq or task, RCU read side): ToHost. */
int kc_host_rx(struct kc_devref *ref, struct kc_pkt *p)
{
	struct sk_buff *skb = kc_skb(p);
	struct net_device *dev = host_dev(ref, skb);

	if (unlikely(!dev || !pskb_may_pull(skb, ETH_HLEN))) {
		kfree_skb(skb);
		return -ENODEV;
	}
	host_prepare(skb, dev);
	/* Sets pkt_type from the destination address as the graph left it. */
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	skb->transport_header = (typeof(skb->transport_header))~0U;
	*mark_of(skb) = mark_value(skb, dev->ifindex);
	return netif_rx(skb) == NET_RX_SUCCESS ? 0 : -ENOBUFS;
}

/*
 * Packet path (softirq or task, RCU read side): ToHost TYPE IP.  The
 * packet has no link header; the stack's IP input needs none, and the
 * mac header is set where the IP header starts (mac_len 0), as for a
 * packet received on a tunnel device.
 */
int kc_host_rx_ip(struct kc_devref *ref, struct kc_pkt *p)
{
	struct sk_buff *skb = kc_skb(p);
	struct net_device *dev = host_dev(ref, skb);

	if (unlikely(!dev)) {
		kfree_skb(skb);
		return -ENODEV;
	}
	if (unlikely(!pskb_may_pull(skb, sizeof(struct iphdr)) ||
		     (skb->data[0] >> 4) != 4)) {
		kfree_skb(skb);
		return -EINVAL;
	}
	host_prepare(skb, dev);
	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb_reset_network_header(skb);
	skb->transport_header = (typeof(skb->transport_header))~0U;
	*mark_of(skb) = mark_value(skb, dev->ifindex);
	return netif_rx(skb) == NET_RX_SUCCESS ? 0 : -ENOBUFS;
}

/*
 * Packet path (softirq or task, RCU read side): ToHostSniffers.  The taps
 * (packet sockets: tcpdump) get a copy through dev_queue_xmit_nit(), the
 * one tap entry 6.1 exports, which shows the frame as outgoing; the stack
 * never sees it.  Always consumes p.
 */
int kc_host_sniff(struct kc_devref *ref, struct kc_pkt *p)
{
	struct sk_buff *skb = kc_skb(p);
	struct net_device *dev = host_dev(ref, skb);

	if (unlikely(!dev || !pskb_may_pull(skb, ETH_HLEN))) {
		kfree_skb(skb);
		return -ENODEV;
	}
	host_prepare(skb, dev);
	skb->protocol = eth_hdr(skb)->h_proto;
	skb_set_network_header(skb, ETH_HLEN);
	if (dev_nit_active(dev))
		dev_queue_xmit_nit(skb, dev);
	consume_skb(skb);
	return 0;
}
