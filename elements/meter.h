/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Meter, BandwidthMeter, RED, AverageCounter and SetIPDSCP share: an
 * exponentially weighted moving average of a rate, and the IPv4 TOS byte
 * rewritten with its checksum.
 */
#ifndef KCLICK_ELEMENTS_METER_H
#define KCLICK_ELEMENTS_METER_H

#include <kclick/element.h>
#include <kclick/proto.h>

/*
 * A rate as an EWMA over epochs of 2^KC_EWMA_EPOCH_SHIFT ns (1.049 ms, a
 * jiffy at HZ 1000, as Click's RateEWMA counts in jiffies): the units of
 * each finished epoch move the average 1/2^KC_EWMA_STABILITY of the way
 * towards them (Click's stability shift 4), an empty epoch decays it as
 * much.  avg is units per epoch times 2^KC_EWMA_SCALE.  After more than
 * KC_EWMA_GAP_MAX empty epochs the average is 0 outright (it would be
 * below 2^-10 of a unit anyway), which bounds the work of one update.
 *
 * One lock per estimator, held for a few additions: a meter's rate is one
 * figure for every CPU that sends packets through it.
 */
#define KC_EWMA_EPOCH_SHIFT	20
#define KC_EWMA_SCALE		10
#define KC_EWMA_STABILITY	4
#define KC_EWMA_GAP_MAX		512

struct kc_ewma {
	kc_lock_t lock;
	u64 epoch;		/* the epoch count is being added to */
	u64 count;		/* units in that epoch so far */
	u64 avg;		/* units per epoch << KC_EWMA_SCALE */
};

static inline void kc_ewma_init(struct kc_ewma *r)
{
	kc_lock_init(&r->lock);
}

/* Under r->lock: close the epochs before now's. */
static inline void kc_ewma_roll(struct kc_ewma *r, u64 now)
{
	u64 e = now >> KC_EWMA_EPOCH_SHIFT, gap;
	s64 d;

	if (e <= r->epoch)
		return;
	d = (s64)(r->count << KC_EWMA_SCALE) - (s64)r->avg;
	r->avg += d >> KC_EWMA_STABILITY;	/* arithmetic shift */
	gap = e - r->epoch - 1;
	if (gap > KC_EWMA_GAP_MAX)
		r->avg = 0;
	for (; gap && r->avg; gap--)	/* rounds up: reaches 0 */
		r->avg -= (r->avg + (1 << KC_EWMA_STABILITY) - 1) >>
			  KC_EWMA_STABILITY;
	r->epoch = e;
	r->count = 0;
}

/* Packet path: add units at time now; the average, scaled, before them. */
static inline u64 kc_ewma_update(struct kc_ewma *r, u64 now, u32 units)
{
	u64 avg;

	kc_lock(&r->lock);
	kc_ewma_roll(r, now);
	r->count += units;
	avg = r->avg;
	kc_unlock(&r->lock);
	return avg;
}

/* A rate in units a second as the scaled average compares with it. */
static inline u64 kc_ewma_scale_rate(u64 rate)
{
	return div64_u64(rate << (KC_EWMA_EPOCH_SHIFT + KC_EWMA_SCALE),
			 1000000000ULL);
}

/* Handler: the rate now, in units a second (rounded). */
static inline u64 kc_ewma_rate(struct kc_ewma *r)
{
	u64 avg;

	kc_lock(&r->lock);
	kc_ewma_roll(r, kc_now_ns());
	avg = r->avg;
	kc_unlock(&r->lock);
	/*
	 * avg * 1e9 / 2^30, as avg * 1953125 / 2^21 (1e9 = 1953125 * 2^9): avg
	 * is about 2^34 at 100 Gbit/s in bytes, far from overflowing.
	 */
	return (avg * 1953125 + (1ULL << 20)) >> 21;
}

/*
 * Packet path: set the TOS byte of the IPv4 header at p's IP header
 * annotation (else the data's start) to (tos & ~keep) | (old & keep),
 * with the header checksum updated incrementally (RFC 1624).  0, or -1
 * when p holds no IP header or cannot be made writable.
 */
static inline int kc_ip_set_tos(struct kc_pkt *p, u8 tos, u8 keep)
{
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	u8 *ip;
	u32 sum;
	u16 old;

	if (off < 0 || kc_pkt_make_writable(p, off + KC_IP_HLEN))
		return -1;
	ip = kc_pkt_data(p) + off;
	old = kc_get16(ip);
	ip[1] = (tos & ~keep) | (ip[1] & keep);
	/* HC' = ~(~HC + ~m + m') */
	sum = (u16)~kc_get16(ip + 10) + (u16)~old + kc_get16(ip);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	kc_put16(ip + 10, (u16)~sum);
	return 0;
}

/*
 * Packet path: RFC 3168's congestion mark, as MarkIPCE and RED's ECN make
 * it.  The IPv4 header at p's IP header annotation (else the data's
 * start) gets CE (3) in its ECN field if it is ECN-capable (ECT(0),
 * ECT(1) or CE already), or whatever it holds when force is true, with
 * the checksum updated incrementally.  0: marked; 1: not ECN-capable (ECN
 * 0), unchanged; -1: no IPv4 header, or not writable.
 */
static inline int kc_ip_mark_ce(struct kc_pkt *p, bool force)
{
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	const u8 *ip;

	if (off < 0)
		return -1;
	ip = kc_pkt_data(p) + off;
	if ((ip[0] >> 4) != 4)
		return -1;
	if (!(ip[1] & 3) && !force)
		return 1;
	if ((ip[1] & 3) == 3)
		return 0;
	return kc_ip_set_tos(p, 3, 0xfc) ? -1 : 0;
}

/* Meter and BandwidthMeter (meter.c, bandwidthmeter.c). */
#define KC_METER_MAX		16	/* rates, so 17 outputs */
#define KC_METER_RATE_MAX	1000000000u	/* Meter: packets/s */

struct kc_meter {
	struct kc_ewma rate;
	bool bytes;		/* BandwidthMeter */
	u32 n;			/* rates, 1 to KC_METER_MAX */
	u32 rates[KC_METER_MAX];	/* as given: units a second */
	u64 thresh[KC_METER_MAX];	/* the same, as the EWMA scales */
};

#define KC_METER_NHANDLERS	2	/* rate, meters */
int kc_meter_configure(struct kc_elem *e, struct kc_args *args);
void kc_meter_push(struct kc_elem *e, int port, struct kc_pkt *p);
extern const struct kc_handler kc_meter_handlers[KC_METER_NHANDLERS];

#endif /* KCLICK_ELEMENTS_METER_H */
