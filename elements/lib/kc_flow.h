/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow table of the rewriters (IPRewriter and its family): per-flow
 * state shared by every CPU.
 *
 * A flow (struct kc_flow) is one record holding two table entries, the
 * forward one (the flow ID the first packet carried) and the reply one (the
 * flow ID of the answers to the rewritten packets).  Each entry rewrites
 * its packets to the reverse of the other entry's ID, so the record keeps
 * no separate "rewritten" IDs: kc_flow_rewritten() derives them.
 *
 * DOC: Locking
 *   - buckets[]: singly linked RCU chains.  Lookups (packet path) take no
 *     lock: rcu_read_lock and kc_rcu_dereference.  Inserts and unlinks hold
 *     the bucket's stripe lock, locks[bucket & lock_mask]; a flow's two
 *     entries are linked and unlinked together with both stripes held
 *     (lower index first), so a reader sees both entries or neither (up to
 *     the RCU grace period) and every remover sees a consistent "linked"
 *     flag.  Nothing else is locked on the packet path.
 *   - count: atomic; a create that would pass capacity fails and is
 *     counted (no live flow is ever evicted to make room).
 *   - last_ns, state: written lock-free (WRITE_ONCE) by the packet path.
 *   - Records are freed after a grace period (kc_free_rcu): an entry a
 *     reader found stays readable until its rcu_read_lock section ends.
 *
 * Expiry is off the packet path: kc_flow_sweep() scans a bounded number of
 * buckets per call (the owning element's task) and unlinks flows idle
 * longer than their timeout, judging each flow by its forward entry (lock
 * free) and taking the stripe locks only to remove.  The packet path only
 * stamps last_ns (from the coarse clock), and only when it moved by more
 * than KC_FLOW_STAMP_NS (no cache line bounced between CPUs by every
 * packet).
 *
 * Bounds (docs/limits.md): capacity at most KC_FLOW_CAPACITY_MAX flows;
 * buckets the power of two at or above 2 * capacity / KC_FLOW_LOAD, fixed
 * for the table's life (a lookup's cost does not grow with the number of
 * flows); one sweep call visits at most KC_FLOW_SWEEP_BUCKETS buckets.
 */
#ifndef KCLICK_KC_FLOW_H
#define KCLICK_KC_FLOW_H

#include <kclick/element.h>

#define KC_FLOW_CAPACITY_MAX	(4U << 20)	/* flows per table */
#define KC_FLOW_CAPACITY_DEF	65536
#define KC_FLOW_LOAD		2	/* entries per bucket at capacity */
#define KC_FLOW_LOCKS_MAX	256	/* stripe locks per table */
#define KC_FLOW_SWEEP_BUCKETS	4096	/* buckets one sweep call visits */
#define KC_FLOW_STAMP_NS	(100 * 1000 * 1000ULL)

/*
 * A flow ID.  Ports are in network order; for ICMP echo they hold the
 * identifier, for address-only rewriters they are 0.  Compared and hashed
 * as two 64-bit words: kc_flowid_set() clears the padding.
 */
struct kc_flowid {
	__be32 saddr, daddr;
	__be16 sport, dport;
	u8 proto;
	u8 pad[3];
};

static inline void kc_flowid_set(struct kc_flowid *id, u8 proto,
				 __be32 saddr, __be16 sport, __be32 daddr,
				 __be16 dport)
{
	*id = (struct kc_flowid){ .saddr = saddr, .daddr = daddr,
				  .sport = sport, .dport = dport,
				  .proto = proto };
}

/* The ID as two 64-bit words (for comparing and hashing). */
static inline void kc_flowid_words(const struct kc_flowid *id, u64 w[2])
{
	BUILD_BUG_ON(sizeof(*id) != 2 * sizeof(u64));
	memcpy(w, id, sizeof(*id));
}

/* The ID of the other direction: addresses and ports swapped. */
static inline void kc_flowid_reverse(struct kc_flowid *out,
				     const struct kc_flowid *in)
{
	kc_flowid_set(out, in->proto, in->daddr, in->dport, in->saddr,
		      in->sport);
}

static inline bool kc_flowid_eq(const struct kc_flowid *a,
				const struct kc_flowid *b)
{
	u64 x[2], y[2];

	kc_flowid_words(a, x);
	kc_flowid_words(b, y);
	return !((x[0] ^ y[0]) | (x[1] ^ y[1]));
}

enum kc_flow_dir { KC_FLOW_FWD = 0, KC_FLOW_REPLY = 1 };

/*
 * Timeout classes: the owning element sets timeout_ns[] of the table; a
 * flow expires timeout_ns[f->tclass] after its last packet.
 */
enum kc_flow_tclass {
	KC_FLOW_T_TCP,		/* TCP, data seen both ways (TCP_TIMEOUT) */
	KC_FLOW_T_TCP_DONE,	/* TCP after FIN or RST (TCP_DONE_TIMEOUT) */
	KC_FLOW_T_TCP_NODATA,	/* TCP until then (TCP_NODATA_TIMEOUT) */
	KC_FLOW_T_UDP,		/* UDP (UDP_TIMEOUT) */
	KC_FLOW_T_OTHER,	/* ICMP and address-only mappings */
	KC_FLOW_NTCLASS
};

struct kc_flow;
struct kc_rw_pattern;

/* One direction of a flow, on a bucket chain. */
struct kc_flow_entry {
	struct kc_flow_entry __rcu *next;	/* stripe lock of the bucket */
	struct kc_flowid id;			/* what packets carry */
	u32 hash;				/* of id */
	u16 output;				/* port to send them to */
	u8 dir;					/* enum kc_flow_dir */
	u8 reserved;
};

#define KC_FLOW_F_FIN_FWD	0x01	/* a FIN went forward */
#define KC_FLOW_F_FIN_REPLY	0x02	/* a FIN went back */
#define KC_FLOW_F_RST		0x04
#define KC_FLOW_F_DATA_FWD	0x08	/* TCP payload went forward */
#define KC_FLOW_F_DATA_REPLY	0x10	/* TCP payload went back */

struct kc_flow {
	struct kc_flow_entry e[2];	/* [KC_FLOW_FWD], [KC_FLOW_REPLY] */
	u64 last_ns;			/* last packet, KC_FLOW_STAMP_NS grain */
	/* The pattern it was made through (released on unlink), or NULL. */
	struct kc_rw_pattern *pat;
	u8 tclass;			/* enum kc_flow_tclass */
	u8 tcp_flags;			/* KC_FLOW_F_* */
	bool linked;			/* both stripe locks */
	u8 input;			/* the input spec that made it */
	u32 user;			/* for the owning element */
	struct kc_rcu_head rcu;
};

struct kc_flow_stats {
	atomic64_t created;
	atomic64_t full;		/* refused: capacity reached */
	atomic64_t clash;		/* refused: reply ID already mapped */
	atomic64_t nomem;		/* refused: allocation failed */
	atomic64_t expired;
};

struct kc_flow_table {
	struct kc_flow_entry __rcu **buckets;
	u32 mask;			/* buckets - 1 */
	u32 lock_mask;			/* stripes - 1 */
	kc_lock_t *locks;
	u32 capacity;
	u64 seed[2];			/* hash seed, random per table */
	atomic64_t count;
	u64 timeout_ns[KC_FLOW_NTCLASS];
	u32 sweep_pos;			/* the sweeper's only */
	struct kc_flow_stats stats;
};

/* Configure time (process context): an empty table for capacity flows. */
int kc_flow_table_init(struct kc_flow_table *t, u32 capacity);
/*
 * The table no longer runs (cleanup): free every flow and the arrays.
 * Does not release patterns (they may be gone already).
 */
void kc_flow_table_destroy(struct kc_flow_table *t);

/* Packet path, RCU read side: the entry with this ID, or NULL. */
struct kc_flow_entry *kc_flow_lookup(struct kc_flow_table *t,
				     const struct kc_flowid *id);

static inline struct kc_flow *kc_flow_of(const struct kc_flow_entry *x)
{
	return container_of(x - x->dir, struct kc_flow, e[0]);
}

/* What packets of entry x become: the reverse of the other entry's ID. */
static inline void kc_flow_rewritten(const struct kc_flow_entry *x,
				     struct kc_flowid *out)
{
	const struct kc_flow *f = kc_flow_of(x);
	u32 w[4], v[4];

	/* kc_flowid_reverse() a word at a time: halves of w[2] swapped. */
	memcpy(w, &f->e[!x->dir].id, sizeof(w));
	v[0] = w[1];
	v[1] = w[0];
	v[2] = w[2] << 16 | w[2] >> 16;
	v[3] = w[3];
	memcpy(out, v, sizeof(v));
}

/* Packet path: a packet used f (no write unless the grain passed). */
static inline void kc_flow_touch(struct kc_flow *f, u64 now)
{
	if (now - READ_ONCE(f->last_ns) >= KC_FLOW_STAMP_NS)
		WRITE_ONCE(f->last_ns, now);
}

/*
 * Packet path: TCP flags of a packet through x (TCP header byte 13).  FIN
 * or RST moves the flow to KC_FLOW_T_TCP_DONE.
 */
void kc_flow_tcp_flags(struct kc_flow_entry *x, u8 tcpflags);

/*
 * Packet path: a packet with TCP payload went through x, whose flow is in
 * KC_FLOW_T_TCP_NODATA.  Once payload went both ways the flow moves to
 * KC_FLOW_T_TCP (Click's TCP_NODATA_TIMEOUT); a FIN or RST seen keeps it
 * KC_FLOW_T_TCP_DONE.  Writes only the first time for each direction.
 */
void kc_flow_tcp_data(struct kc_flow_entry *x);

/*
 * Packet path, RCU read side: make a flow with forward ID id whose packets
 * become rewritten, out of fout, replies out of rout.  pat is the pattern
 * rewritten came from (kc_rw_pattern_release() when the flow goes), or
 * NULL.  Returns the forward entry; or, if a racing CPU created the same
 * forward ID first, that flow's forward entry (and pat is released here);
 * or NULL, with the reason counted in t->stats (full, reply ID clash, no
 * memory) and pat released.  The reply ID check under the stripe locks is
 * what keeps every reply ID unique: the port search only avoids clashes.
 */
struct kc_flow_entry *kc_flow_create(struct kc_flow_table *t,
				     const struct kc_flowid *id,
				     const struct kc_flowid *rewritten,
				     u16 fout, u16 rout, u8 tclass,
				     struct kc_rw_pattern *pat, u64 now);
/*
 * The same, for a try with a port the caller has not checked: a reply ID
 * clash is not counted in t->stats but sets *clash (left alone otherwise),
 * so the caller can search for another port.
 */
struct kc_flow_entry *kc_flow_create_clash(struct kc_flow_table *t,
					   const struct kc_flowid *id,
					   const struct kc_flowid *rewritten,
					   u16 fout, u16 rout, u8 tclass,
					   struct kc_rw_pattern *pat, u64 now,
					   bool *clash);

/*
 * True if f has been idle longer than its timeout at now: what the sweep
 * removes.  The packet path asks too (kc_rw_lookup), so a flow the sweep
 * has not reached yet is not used, or revived, after its timeout.
 */
static inline bool kc_flow_expired(const struct kc_flow_table *t,
				   const struct kc_flow *f, u64 now)
{
	return (s64)(now - READ_ONCE(f->last_ns)) >
	       (s64)t->timeout_ns[READ_ONCE(f->tclass)];
}

/*
 * Unlink f from t if still linked (releases its pattern) and free it
 * after a grace period.  Any context but hard irq; takes the stripe locks.
 */
void kc_flow_remove(struct kc_flow_table *t, struct kc_flow *f);

/*
 * Task (softirq, RCU read side) or process context: visit up to budget
 * buckets from where the last call stopped, removing flows idle past
 * their timeout at now.  Returns true when it wrapped to bucket 0 (a
 * whole pass is done).
 */
bool kc_flow_sweep(struct kc_flow_table *t, u64 now, u32 budget);

/* Process context: remove every flow (the `clear` handler). */
void kc_flow_clear(struct kc_flow_table *t);

/*
 * Iterate every linked flow (handlers, take_state): fn(f, arg) for each
 * forward entry's flow, under RCU read side (one section per bucket).
 * fn must not sleep.  Stops when fn returns non-zero and returns that.
 */
int kc_flow_for_each(struct kc_flow_table *t,
		     int (*fn)(struct kc_flow *f, void *arg), void *arg);

static inline u64 kc_flow_count(struct kc_flow_table *t)
{
	return (u64)atomic64_read(&t->count);
}

/* Bytes one flow costs: the record (both entries) and its allocation. */
size_t kc_flow_bytes(void);

#endif /* KCLICK_KC_FLOW_H */
