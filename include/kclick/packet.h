/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet API elements use.  In the kernel it wraps a struct sk_buff
 * (data is always at the Ethernet header when a graph receives a packet); in
 * userspace a malloc'd buffer (platform_user.h supplies the same functions).
 *
 * All functions here may be called from softirq context.  Functions that can
 * fail return NULL or a negative errno and leave the packet untouched, except
 * where noted; the caller still owns it and must drop it.
 */
#ifndef KCLICK_PACKET_H
#define KCLICK_PACKET_H

#include <kclick/platform.h>

/*
 * Annotations carried with a packet, as in Click: paint colour, destination
 * IP address, ...  In the kernel they live in skb->cb, which is ours from
 * the rx_handler until the packet leaves through ToDevice (the qdisc layer
 * reuses cb after that) or is consumed.
 */
struct kc_anno {
	__be32 dst_ip;		/* Click's DST_IP annotation */
	u8 paint;		/* Click's PAINT annotation */
	u8 flags;		/* KC_ANNO_F_* */
	u8 chan_hops;		/* channels crossed (ToChannel), see chan.h */
	u8 reserved;
	u32 aggregate;		/* Click's AGGREGATE annotation */
	/*
	 * For ICMPError: the parameter-problem offset (IPGWOptions) or the
	 * next-hop MTU (IPFragmenter) of the error to send; 0 if none.
	 */
	u32 icmp_param;
	u64 user[2];		/* scratch annotations for elements */
};

#define KC_ANNO_F_NH_SET	0x01	/* network header set by an element */
#define KC_ANNO_F_FIX_SRC	0x02	/* Click's FIX_IP_SRC: FixIPSrc rewrites */

/* kc_pkt_link_type(): the values of skb->pkt_type (and Click's). */
#define KC_PKT_HOST		0
#define KC_PKT_BROADCAST	1
#define KC_PKT_MULTICAST	2
#define KC_PKT_OTHERHOST	3

/* Headroom of a packet an element creates: room for an Ethernet header. */
#define KC_PKT_NEW_HEADROOM	64

#ifdef __KERNEL__

static inline unsigned char *kc_pkt_data(const struct kc_pkt *p)
{
	return kc_cskb(p)->data;
}

static inline unsigned int kc_pkt_len(const struct kc_pkt *p)
{
	return kc_cskb(p)->len;
}

/* Bytes of contiguous data available at kc_pkt_data(). */
static inline unsigned int kc_pkt_headlen(const struct kc_pkt *p)
{
	return skb_headlen(kc_cskb(p));
}

/* Make the first len bytes contiguous; false if the packet is shorter. */
static inline bool kc_pkt_may_pull(struct kc_pkt *p, unsigned int len)
{
	return pskb_may_pull(kc_skb(p), len);
}

static inline struct kc_anno *kc_pkt_anno(struct kc_pkt *p)
{
	BUILD_BUG_ON(sizeof(struct kc_anno) > sizeof_field(struct sk_buff, cb));
	return (struct kc_anno *)kc_skb(p)->cb;
}

/* Remove len bytes from the front; false (packet unchanged) if too short. */
static inline bool kc_pkt_pull(struct kc_pkt *p, unsigned int len)
{
	if (!pskb_may_pull(kc_skb(p), len))
		return false;
	__skb_pull(kc_skb(p), len);
	return true;
}

/* Add len bytes at the front, reallocating headroom if needed. */
static inline unsigned char *kc_pkt_push(struct kc_pkt *p, unsigned int len)
{
	if (skb_cow_head(kc_skb(p), len))
		return NULL;
	return __skb_push(kc_skb(p), len);
}

static inline unsigned int kc_pkt_headroom(const struct kc_pkt *p)
{
	return skb_headroom(kc_cskb(p));
}

static inline void kc_pkt_trim(struct kc_pkt *p, unsigned int len)
{
	if (len < kc_pkt_len(p))
		pskb_trim(kc_skb(p), len);
}

/* Make the first len bytes writable (Click's uniqueify). */
static inline int kc_pkt_make_writable(struct kc_pkt *p, unsigned int len)
{
	return skb_ensure_writable(kc_skb(p), min(len, kc_pkt_len(p)));
}

static inline struct kc_pkt *kc_pkt_clone(struct kc_pkt *p)
{
	return kc_pkt_of(skb_clone(kc_skb(p), GFP_ATOMIC));
}

/*
 * Packet path: a new packet of len zeroed bytes with no annotations (ARP
 * queries, ICMP errors, fragments); NULL when memory is short.
 */
static inline struct kc_pkt *kc_pkt_alloc(unsigned int len)
{
	struct sk_buff *skb = alloc_skb(KC_PKT_NEW_HEADROOM + len, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, KC_PKT_NEW_HEADROOM);
	skb_put_zero(skb, len);
	return kc_pkt_of(skb);
}

/* The packet was dropped (a filter said no, a queue was full, ...). */
static inline void kc_pkt_drop(struct kc_pkt *p)
{
	kfree_skb(kc_skb(p));
}

/* The packet reached its end normally (Discard). */
static inline void kc_pkt_consume(struct kc_pkt *p)
{
	consume_skb(kc_skb(p));
}

/* Network header (Click's IP header annotation), offset from data. */
static inline void kc_pkt_set_nh(struct kc_pkt *p, int offset)
{
	skb_set_network_header(kc_skb(p), offset);
	kc_pkt_anno(p)->flags |= KC_ANNO_F_NH_SET;
}

static inline unsigned char *kc_pkt_nh(struct kc_pkt *p)
{
	if (!(kc_pkt_anno(p)->flags & KC_ANNO_F_NH_SET))
		return NULL;
	return skb_network_header(kc_skb(p));
}

static inline u64 kc_pkt_tstamp_ns(const struct kc_pkt *p)
{
	return ktime_to_ns(kc_cskb(p)->tstamp);
}

/*
 * Click's timestamp annotation (SetTimestamp): a receive time on the
 * kc_realtime_ns() clock, as the stack stamps it, not a delivery time
 * (mono_delivery_time cleared).  kc_dev_xmit() clears it before the
 * device: a departure time is fq's, not ours.
 */
static inline void kc_pkt_set_tstamp_ns(struct kc_pkt *p, u64 ns)
{
	struct sk_buff *skb = kc_skb(p);

	skb->tstamp = ns_to_ktime(ns);
	skb->mono_delivery_time = 0;
}

/*
 * A GSO packet (a local TCP stack's super-packet, or GRO's merge) stands
 * for several on the wire, cut at transmit: its length says nothing about
 * the MTU.  True if each of its segments' network parts fits in mtu.
 */
static inline bool kc_pkt_is_gso(const struct kc_pkt *p)
{
	return skb_is_gso(kc_cskb(p));
}

static inline bool kc_pkt_gso_fits(const struct kc_pkt *p, unsigned int mtu)
{
	return skb_gso_validate_network_len(kc_cskb(p), mtu);
}

static inline int kc_pkt_ifindex(const struct kc_pkt *p)
{
	return kc_cskb(p)->skb_iif;
}

/*
 * How the frame arrived on the link (Click's packet_type_anno): the
 * device's classification, skb->pkt_type, which eth_type_trans() set in
 * the driver before our rx_handler; a packet a graph made is KC_PKT_HOST.
 */
static inline int kc_pkt_link_type(const struct kc_pkt *p)
{
	return kc_cskb(p)->pkt_type;
}

/*
 * Incremental checksum updates (RFC 1624) after a field changed from to.
 * kc_csum_replace4/2: a checksum over headers only (the IPv4 header's).
 * kc_pkt_l4_csum_replace4/2: a TCP or UDP checksum at sum inside p;
 * pseudohdr says the field is also in the pseudo-header (an address).
 * These follow the skb's checksum state: with CHECKSUM_PARTIAL the field
 * holds the pseudo-header sum only and the device completes it, so only
 * pseudo-header changes touch it; with CHECKSUM_COMPLETE skb->csum is
 * kept right.  That is what GSO packets need too.
 */
static inline void kc_csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	csum_replace4(sum, from, to);
}

static inline void kc_csum_replace2(__sum16 *sum, __be16 from, __be16 to)
{
	csum_replace2(sum, from, to);
}

static inline void kc_pkt_l4_csum_replace4(struct kc_pkt *p, __sum16 *sum,
					   __be32 from, __be32 to,
					   bool pseudohdr)
{
	inet_proto_csum_replace4(sum, kc_skb(p), from, to, pseudohdr);
}

static inline void kc_pkt_l4_csum_replace2(struct kc_pkt *p, __sum16 *sum,
					   __be16 from, __be16 to,
					   bool pseudohdr)
{
	inet_proto_csum_replace2(sum, kc_skb(p), from, to, pseudohdr);
}

/*
 * The same with one fold for several fields (RFC 1624 eqn. 3 summed):
 * kc_csum_diff4(d, from, to) adds the change of one 32-bit field (or two
 * adjacent 16-bit ones) to the difference d, which starts at 0.
 * kc_csum_replace_diff: a header-only checksum changed by d.
 * kc_pkt_l4_csum_replace_diff: a TCP or UDP checksum whose pseudo-header
 * fields changed by pdiff and whose header fields (ports) by ldiff: what
 * kc_pkt_l4_csum_replace4/2 (true for pdiff's fields, false for ldiff's)
 * do, in each checksum state.
 */
typedef __wsum kc_csum_t;

static inline kc_csum_t kc_csum_diff4(kc_csum_t d, __be32 from, __be32 to)
{
	return csum_add(csum_sub(d, (__force __wsum)from), (__force __wsum)to);
}

static inline void kc_csum_replace_diff(__sum16 *sum, kc_csum_t d)
{
	*sum = csum_fold(csum_add(d, ~csum_unfold(*sum)));
}

static inline void kc_pkt_l4_csum_replace_diff(struct kc_pkt *p,
					       __sum16 *sum, kc_csum_t pdiff,
					       kc_csum_t ldiff)
{
	struct sk_buff *skb = kc_skb(p);

	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		kc_csum_replace_diff(sum, csum_add(pdiff, ldiff));
		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->csum = ~csum_add(pdiff, ~skb->csum);
	} else {
		*sum = ~csum_fold(csum_add(csum_unfold(*sum), pdiff));
	}
}

/* The L4 checksum is left to the device (CHECKSUM_PARTIAL). */
static inline bool kc_pkt_csum_partial(const struct kc_pkt *p)
{
	return kc_cskb(p)->ip_summed == CHECKSUM_PARTIAL;
}

/*
 * CHECKSUM_PARTIAL, and the device (or GSO) is to fill in the 16-bit
 * checksum at data + sumoff of the header at data + start: that field holds
 * the pseudo-header sum only.
 */
static inline bool kc_pkt_csum_partial_at(const struct kc_pkt *p,
					  unsigned int start,
					  unsigned int sumoff)
{
	const struct sk_buff *skb = kc_cskb(p);

	return skb->ip_summed == CHECKSUM_PARTIAL &&
	       skb_checksum_start(skb) == skb->data + start &&
	       skb->data + start + skb->csum_offset == skb->data + sumoff;
}

/*
 * An element is about to write a checksum computed in software over the
 * packet's bytes: a pending CHECKSUM_PARTIAL is completed first (so the
 * bytes summed are final), a CHECKSUM_COMPLETE sum forgotten (it no longer
 * matches).  A GSO packet cannot be completed here: -EINVAL, unchanged.
 * 0 or a negative errno; the data may have moved.
 */
static inline int kc_pkt_csum_software(struct kc_pkt *p)
{
	struct sk_buff *skb = kc_skb(p);

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		if (skb_is_gso(skb))
			return -EINVAL;
		return skb_checksum_help(skb);
	}
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

#else /* !__KERNEL__ */
#include <kclick/packet_user.h>
#endif /* __KERNEL__ */
#endif /* KCLICK_PACKET_H */
