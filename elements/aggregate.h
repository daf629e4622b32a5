/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What AggregateCounter and AggregateIPFlows share: a fixed table of
 * slots, filled lock-free on the packet path and emptied only all at once.
 *
 * DOC: Locking
 *   A slot's state word (64 bits) is 0 (never used) or has gen << 2 |
 *   phase in its high 32 bits, phase KC_AGG_BUSY (a CPU is writing its
 *   key) or KC_AGG_READY; its low 32 bits are the slot's own (the
 *   aggregate, for AggregateCounter, whose key is thus taken with it).  A slot of an
 *   older generation than the table's is free.  A CPU takes a free slot
 *   with one compare-and-swap of its state word (to BUSY), writes the key
 *   and the counts, and publishes it with a release store (READY); readers
 *   load the state word with acquire.  A reader that finds the key it
 *   wants still BUSY waits for the writer (another CPU with BH disabled,
 *   a few stores away) at most KC_AGG_SPIN times cpu_relax().
 *
 *   Within a generation slots are only taken, never freed: a key sits at
 *   the first slot that was free on its probe sequence when it came, so a
 *   lookup may stop at the first free slot.  Two CPUs inserting the same
 *   key race for the same slot and the loser finds the winner's key.
 *   Emptying (a `clear` handler) starts a new generation: one store.
 *
 * Bounds (docs/limits.md): a lookup probes at most KC_AGG_PROBES slots;
 * the table has a power of two of slots at least twice the element's
 * capacity, so probes are short, and keys are hashed with a per-element
 * random seed, so a sender cannot aim at one probe sequence.
 */
#ifndef KCLICK_ELEMENTS_AGGREGATE_H
#define KCLICK_ELEMENTS_AGGREGATE_H

#include <kclick/element.h>

#define KC_AGG_BUSY		1
#define KC_AGG_READY		2
#define KC_AGG_PROBES		32
#define KC_AGG_SPIN		1000
#define KC_AGG_GEN_MAX		((1ULL << 30) - 1)

static inline s64 kc_agg_state(u32 gen, u32 phase, u32 low)
{
	return (s64)((u64)(gen << 2 | phase) << 32 | low);
}

static inline u32 kc_agg_gen(s64 state)
{
	return (u32)((u64)state >> 34);
}

static inline u32 kc_agg_phase(s64 state)
{
	return (u32)((u64)state >> 32) & 3;
}

/* The smallest power of two at least 2 * capacity (capacity <= 2^24). */
static inline u32 kc_agg_slots(u32 capacity)
{
	u32 n = 16;

	while (n < 2 * capacity)
		n <<= 1;
	return n;
}

/* A 64-bit mix (MurmurHash3's finalizer) of x keyed by seed. */
static inline u64 kc_agg_hash(u64 x, u64 seed)
{
	x ^= seed;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* Packet path: the state once it is no longer busy (or still, at worst). */
static inline s64 kc_agg_wait(atomic64_t *state, s64 busy)
{
	s64 s = busy;
	int n;

	for (n = 0; n < KC_AGG_SPIN; n++) {
		s = atomic64_read_acquire(state);
		if (s != busy)
			break;
		cpu_relax();
	}
	return s;
}

#endif /* KCLICK_ELEMENTS_AGGREGATE_H */
