/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet API of packet.h in userspace: a packet is a malloc'd buffer
 * with headroom, shared copy-on-write between clones as an skb's data is.
 * Same names and semantics as the kernel section of packet.h; the
 * out-of-line functions are in user/packet.c.  Included by packet.h only.
 *
 * Under AddressSanitizer the bytes outside [data, data + len) of an
 * unshared buffer are poisoned, so an element that reads before its packet
 * or past kc_pkt_len() without kc_pkt_may_pull() is caught by the unit
 * tests and the fuzzers, not just the bytes past the allocation.
 */
#ifndef KCLICK_PACKET_USER_H
#define KCLICK_PACKET_USER_H

#ifndef KCLICK_PACKET_H
#error "include <kclick/packet.h>, not packet_user.h"
#endif

/* Headroom of a received packet (the kernel's NET_SKB_PAD). */
#define KC_USER_HEADROOM	64

struct kc_user_pbuf {
	u32 refs;		/* packets sharing this buffer */
	u32 size;		/* bytes at head */
	unsigned char head[];
};

struct kc_pkt {
	unsigned char *data;
	u32 len;
	s32 nh;			/* network header, offset from buf->head */
	struct kc_user_pbuf *buf;
	u64 tstamp_ns;
	int ifindex;
	u8 pkt_type;		/* KC_PKT_HOST ..., as skb->pkt_type */
	struct kc_anno anno;	/* the kernel keeps it in skb->cb */
};

/* Packets allocated, freed, dropped and consumed since the last reset. */
struct kc_user_pkt_stats {
	u64 allocs, frees, drops, consumes, clones, copies;
};
extern struct kc_user_pkt_stats kc_user_pkt_stats;

/* A new packet of len bytes (copied from data if non-NULL). */
struct kc_pkt *kc_user_pkt_alloc(const void *data, u32 len, u32 headroom);
void kc_user_pkt_free(struct kc_pkt *p);

/* Offline packets are never GSO super-packets (see packet.h). */
static inline bool kc_pkt_is_gso(const struct kc_pkt *p)
{
	return false;
}

static inline bool kc_pkt_gso_fits(const struct kc_pkt *p, unsigned int mtu)
{
	return false;
}

/* The packet API's allocation (see packet.h). */
static inline struct kc_pkt *kc_pkt_alloc(unsigned int len)
{
	return kc_user_pkt_alloc(NULL, len, KC_PKT_NEW_HEADROOM);
}
/*
 * Poison the bytes outside the packet (ASan builds only: elsewhere it is
 * nothing, so benchmarks measure elements, not the checker).
 */
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define KC_USER_POISON 1
void kc_user_pkt_poison(struct kc_pkt *p);
#else
static inline void kc_user_pkt_poison(struct kc_pkt *p)
{
	(void)p;
}
#endif
int kc_user_pkt_unshare(struct kc_pkt *p, u32 headroom);

static inline unsigned char *kc_pkt_data(const struct kc_pkt *p)
{
	return p->data;
}

static inline unsigned int kc_pkt_len(const struct kc_pkt *p)
{
	return p->len;
}

/* Bytes of contiguous data available at kc_pkt_data(): all of them. */
static inline unsigned int kc_pkt_headlen(const struct kc_pkt *p)
{
	return p->len;
}

/* Make the first len bytes contiguous; false if the packet is shorter. */
static inline bool kc_pkt_may_pull(struct kc_pkt *p, unsigned int len)
{
	return len <= p->len;
}

static inline struct kc_anno *kc_pkt_anno(struct kc_pkt *p)
{
	return &p->anno;
}

/* Remove len bytes from the front; false (packet unchanged) if too short. */
static inline bool kc_pkt_pull(struct kc_pkt *p, unsigned int len)
{
	if (len > p->len)
		return false;
	p->data += len;
	p->len -= len;
	kc_user_pkt_poison(p);
	return true;
}

static inline unsigned int kc_pkt_headroom(const struct kc_pkt *p)
{
	return p->data - p->buf->head;
}

/* Add len bytes at the front, reallocating headroom if needed. */
static inline unsigned char *kc_pkt_push(struct kc_pkt *p, unsigned int len)
{
	/* skb_cow_head(): enough headroom, and a header of our own. */
	if ((kc_pkt_headroom(p) < len || p->buf->refs > 1) &&
	    kc_user_pkt_unshare(p, len))
		return NULL;
	p->data -= len;
	p->len += len;
	kc_user_pkt_poison(p);
	return p->data;
}

static inline void kc_pkt_trim(struct kc_pkt *p, unsigned int len)
{
	if (len < p->len) {
		p->len = len;
		kc_user_pkt_poison(p);
	}
}

/* Make the first len bytes writable (Click's uniqueify). */
static inline int kc_pkt_make_writable(struct kc_pkt *p, unsigned int len)
{
	(void)len;
	if (p->buf->refs > 1)
		return kc_user_pkt_unshare(p, 0);
	return 0;
}

struct kc_pkt *kc_user_pkt_clone(struct kc_pkt *p);
static inline struct kc_pkt *kc_pkt_clone(struct kc_pkt *p)
{
	return kc_user_pkt_clone(p);
}

/* The packet was dropped (a filter said no, a queue was full, ...). */
static inline void kc_pkt_drop(struct kc_pkt *p)
{
	kc_user_pkt_stats.drops++;
	kc_user_pkt_free(p);
}

/* The packet reached its end normally (Discard). */
static inline void kc_pkt_consume(struct kc_pkt *p)
{
	kc_user_pkt_stats.consumes++;
	kc_user_pkt_free(p);
}

/* Network header (Click's IP header annotation), offset from data. */
static inline void kc_pkt_set_nh(struct kc_pkt *p, int offset)
{
	p->nh = (p->data - p->buf->head) + offset;
	p->anno.flags |= KC_ANNO_F_NH_SET;
}

static inline unsigned char *kc_pkt_nh(struct kc_pkt *p)
{
	if (!(p->anno.flags & KC_ANNO_F_NH_SET))
		return NULL;
	return p->buf->head + p->nh;
}

static inline u64 kc_pkt_tstamp_ns(const struct kc_pkt *p)
{
	return p->tstamp_ns;
}

static inline void kc_pkt_set_tstamp_ns(struct kc_pkt *p, u64 ns)
{
	p->tstamp_ns = ns;
}

static inline int kc_pkt_ifindex(const struct kc_pkt *p)
{
	return p->ifindex;
}

static inline int kc_pkt_link_type(const struct kc_pkt *p)
{
	return p->pkt_type;
}

/*
 * Incremental checksum updates (packet.h), RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m').  Offline packets are never CHECKSUM_PARTIAL.
 */
static inline void kc_user_csum_replace(__sum16 *sum, u32 from, u32 to,
					int words)
{
	u32 s = (u16)~be16toh((__force u16)*sum);
	int i;

	for (i = 0; i < words; i++) {
		s += (u16)~(from >> (16 * i));
		s += (u16)(to >> (16 * i));
	}
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	*sum = (__force __sum16)htobe16((u16)~s);
}

static inline void kc_csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	kc_user_csum_replace(sum, be32toh((__force u32)from),
			     be32toh((__force u32)to), 2);
}

static inline void kc_csum_replace2(__sum16 *sum, __be16 from, __be16 to)
{
	kc_user_csum_replace(sum, be16toh((__force u16)from),
			     be16toh((__force u16)to), 1);
}

static inline void kc_pkt_l4_csum_replace4(struct kc_pkt *p, __sum16 *sum,
					   __be32 from, __be32 to,
					   bool pseudohdr)
{
	(void)p;
	(void)pseudohdr;
	kc_csum_replace4(sum, from, to);
}

static inline void kc_pkt_l4_csum_replace2(struct kc_pkt *p, __sum16 *sum,
					   __be16 from, __be16 to,
					   bool pseudohdr)
{
	(void)p;
	(void)pseudohdr;
	kc_csum_replace2(sum, from, to);
}

/*
 * One fold for several fields (packet.h): the 32-bit halves of the fields
 * as stored (network order) summed in 64 bits, the carries folded in once
 * at the end (the kernel's __wsum with its add-with-carry, in C).
 */
typedef u64 kc_csum_t;

static inline kc_csum_t kc_csum_diff4(kc_csum_t d, __be32 from, __be32 to)
{
	return d + (u32)~(__force u32)from + (__force u32)to;
}

static inline void kc_csum_replace_diff(__sum16 *sum, kc_csum_t d)
{
	u64 s = d + (u32)~(u32)(__force u16)*sum;
	u32 x;

	/* To 32 bits (twice: the first may carry), then csum_fold(). */
	s = (s & 0xffffffff) + (s >> 32);
	x = (u32)((s & 0xffffffff) + (s >> 32));
	x += x >> 16 | x << 16;
	*sum = (__force __sum16)(u16)~(x >> 16);
}

/* Offline packets are never CHECKSUM_PARTIAL or CHECKSUM_COMPLETE. */
static inline void kc_pkt_l4_csum_replace_diff(struct kc_pkt *p,
					       __sum16 *sum, kc_csum_t pdiff,
					       kc_csum_t ldiff)
{
	(void)p;
	kc_csum_replace_diff(sum, pdiff + ldiff);
}

static inline bool kc_pkt_csum_partial(const struct kc_pkt *p)
{
	(void)p;
	return false;
}

static inline bool kc_pkt_csum_partial_at(const struct kc_pkt *p,
					  unsigned int start,
					  unsigned int sumoff)
{
	(void)p;
	(void)start;
	(void)sumoff;
	return false;
}

static inline int kc_pkt_csum_software(struct kc_pkt *p)
{
	(void)p;
	return 0;
}

#endif /* KCLICK_PACKET_USER_H */
