// SPDX-License-Identifier: GPL-2.0
/*
 * The rewriters' flow table; see kc_flow.h for the design and its locking.
 * Portable: the kernel module and the userspace harness build it alike.
 */
#include "kc_flow.h"
#include "kc_rewriter.h"

/*
 * A seeded mix of the ID's two 64-bit words: three multiplications by odd
 * constants, each product's high half folded down before the next (a
 * multiplication only carries upwards), the last product's high half
 * returned (buckets take its low bits).  A quarter of the instructions of
 * murmur3 over the 16 bytes; on sequential sources, destinations, source
 * and destination ports, flowbench's IDs and random IDs its bucket loads
 * are a random function's (sum of their squares within 1%).  Not a keyed
 * PRF: the seed only keeps the layout apart per table.
 */
static u32 flow_hash(const struct kc_flow_table *t, const struct kc_flowid *id)
{
	u64 w[2], h;

	kc_flowid_words(id, w);
	h = (w[0] ^ t->seed[0]) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 32;
	h = (h ^ w[1] ^ t->seed[1]) * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15ULL;
	return (u32)(h >> 32);
}

int kc_flow_table_init(struct kc_flow_table *t, u32 capacity)
{
	u32 n = 16, nlocks, i;

	if (!capacity || capacity > KC_FLOW_CAPACITY_MAX)
		return -EINVAL;
	while (n < 2 * (u64)capacity / KC_FLOW_LOAD)
		n <<= 1;
	nlocks = min_t(u32, n, KC_FLOW_LOCKS_MAX);
	t->buckets = kc_zalloc(sizeof(*t->buckets) * n);
	t->locks = kc_zalloc(sizeof(*t->locks) * nlocks);
	if (!t->buckets || !t->locks) {
		kc_free(t->buckets);
		kc_free(t->locks);
		t->buckets = NULL;
		t->locks = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < nlocks; i++)
		kc_lock_init(&t->locks[i]);
	t->mask = n - 1;
	t->lock_mask = nlocks - 1;
	t->capacity = capacity;
	t->seed[0] = (u64)kc_random_u32() << 32 | kc_random_u32();
	t->seed[1] = (u64)kc_random_u32() << 32 | kc_random_u32();
	atomic64_set(&t->count, 0);
	return 0;
}

static kc_lock_t *flow_lock(struct kc_flow_table *t, u32 bucket)
{
	return &t->locks[bucket & t->lock_mask];
}

/* Both stripes of a flow's buckets, lower first (one if they are equal). */
static inline void flow_lock_pair(struct kc_flow_table *t, u32 b0, u32 b1)
	__acquires(stripe0) __acquires(stripe1)
{
	u32 l0 = b0 & t->lock_mask, l1 = b1 & t->lock_mask;

	if (l0 > l1) {
		u32 x = l0;

		l0 = l1;
		l1 = x;
	}
	kc_lock(&t->locks[l0]);
	if (l1 != l0)
		kc_lock_nested(&t->locks[l1]);
	else
		__acquire(stripe1);	/* one lock held twice, for sparse */
}

static inline void flow_unlock_pair(struct kc_flow_table *t, u32 b0, u32 b1)
	__releases(stripe0) __releases(stripe1)
{
	u32 l0 = b0 & t->lock_mask, l1 = b1 & t->lock_mask;

	if (l0 > l1) {
		u32 x = l0;

		l0 = l1;
		l1 = x;
	}
	if (l1 != l0)
		kc_unlock_nested(&t->locks[l1]);
	else
		__release(stripe1);
	kc_unlock(&t->locks[l0]);
}

/* Under the bucket's stripe lock: the entry with this ID. */
static struct kc_flow_entry *flow_find_locked(struct kc_flow_table *t,
					      u32 b, const struct kc_flowid *id)
{
	struct kc_flow_entry *x;

	for (x = kc_rcu_dereference_locked(t->buckets[b], flow_lock(t, b)); x;
	     x = kc_rcu_dereference_locked(x->next, flow_lock(t, b)))
		if (kc_flowid_eq(&x->id, id))
			return x;
	return NULL;
}

/* Packet path, RCU read side. */
struct kc_flow_entry *kc_flow_lookup(struct kc_flow_table *t,
				     const struct kc_flowid *id)
{
	u32 h = flow_hash(t, id);
	struct kc_flow_entry *x;

	for (x = kc_rcu_dereference(t->buckets[h & t->mask]); x;
	     x = kc_rcu_dereference(x->next))
		if (x->hash == h && kc_flowid_eq(&x->id, id))
			return x;
	return NULL;
}

/* Packet path: lock-free; the flag bits only say what was seen. */
void kc_flow_tcp_flags(struct kc_flow_entry *x, u8 tcpflags)
{
	struct kc_flow *f = kc_flow_of(x);
	u8 add = 0, old;

	if (tcpflags & 0x04)		/* RST */
		add = KC_FLOW_F_RST;
	else if (tcpflags & 0x01)	/* FIN */
		add = x->dir == KC_FLOW_FWD ? KC_FLOW_F_FIN_FWD :
		      KC_FLOW_F_FIN_REPLY;
	old = READ_ONCE(f->tcp_flags);
	if (!add || (old & add) == add)
		return;
	WRITE_ONCE(f->tcp_flags, old | add);
	WRITE_ONCE(f->tclass, KC_FLOW_T_TCP_DONE);
}

/*
 * Packet path: lock-free like kc_flow_tcp_flags.  Should a FIN on another
 * CPU land between reading the flags and writing the class, the flow keeps
 * KC_FLOW_T_TCP until a FIN or RST not seen before (the flag bits say what
 * was seen; nothing but the timeout depends on the class).
 */
void kc_flow_tcp_data(struct kc_flow_entry *x)
{
	struct kc_flow *f = kc_flow_of(x);
	u8 add = x->dir == KC_FLOW_FWD ? KC_FLOW_F_DATA_FWD :
		 KC_FLOW_F_DATA_REPLY;
	u8 old = READ_ONCE(f->tcp_flags), now = old | add;

	if (old & add)
		return;
	WRITE_ONCE(f->tcp_flags, now);
	if ((now & (KC_FLOW_F_DATA_FWD | KC_FLOW_F_DATA_REPLY)) ==
	    (KC_FLOW_F_DATA_FWD | KC_FLOW_F_DATA_REPLY))
		WRITE_ONCE(f->tclass, now & (KC_FLOW_F_FIN_FWD |
					     KC_FLOW_F_FIN_REPLY |
					     KC_FLOW_F_RST) ?
				      KC_FLOW_T_TCP_DONE : KC_FLOW_T_TCP);
}

static void flow_release_port(struct kc_flow *f)
{
	if (f->pat)
		kc_rw_pattern_release(f->pat);
}

/* Packet path, RCU read side. */
struct kc_flow_entry *kc_flow_create_clash(struct kc_flow_table *t,
					   const struct kc_flowid *id,
					   const struct kc_flowid *rewritten,
					   u16 fout, u16 rout, u8 tclass,
					   struct kc_rw_pattern *pat, u64 now,
					   bool *clash)
{
	struct kc_flow_entry *x, *old = NULL;
	struct kc_flow *f;
	u32 b0, b1;

	if ((u64)atomic64_inc_return(&t->count) > t->capacity) {
		atomic64_inc(&t->stats.full);
		goto fail;
	}
	f = kc_pkt_path_alloc(sizeof(*f));
	if (!f) {
		atomic64_inc(&t->stats.nomem);
		goto fail;
	}
	*f = (struct kc_flow){
		.e[KC_FLOW_FWD] = { .id = *id, .dir = KC_FLOW_FWD,
				    .output = fout, .hash = flow_hash(t, id) },
		.e[KC_FLOW_REPLY] = { .dir = KC_FLOW_REPLY, .output = rout },
		.last_ns = now, .tclass = tclass, .pat = pat,
	};
	kc_flowid_reverse(&f->e[KC_FLOW_REPLY].id, rewritten);
	f->e[KC_FLOW_REPLY].hash = flow_hash(t, &f->e[KC_FLOW_REPLY].id);
	b0 = f->e[KC_FLOW_FWD].hash & t->mask;
	b1 = f->e[KC_FLOW_REPLY].hash & t->mask;

	flow_lock_pair(t, b0, b1);
	/* Another CPU made it first: use that one. */
	old = flow_find_locked(t, b0, id);
	if (old)
		goto unlock_fail;
	/* The reply ID (or a flow that is its own reply) is taken. */
	if (kc_flowid_eq(id, &f->e[KC_FLOW_REPLY].id) ||
	    flow_find_locked(t, b1, &f->e[KC_FLOW_REPLY].id)) {
		if (clash)
			*clash = true;
		else
			atomic64_inc(&t->stats.clash);
		goto unlock_fail;
	}
	f->linked = true;
	x = kc_rcu_dereference_locked(t->buckets[b1], flow_lock(t, b1));
	kc_rcu_assign(f->e[KC_FLOW_REPLY].next, x);
	kc_rcu_assign(t->buckets[b1], &f->e[KC_FLOW_REPLY]);
	x = kc_rcu_dereference_locked(t->buckets[b0], flow_lock(t, b0));
	kc_rcu_assign(f->e[KC_FLOW_FWD].next, x);
	kc_rcu_assign(t->buckets[b0], &f->e[KC_FLOW_FWD]);
	flow_unlock_pair(t, b0, b1);
	atomic64_inc(&t->stats.created);
	return &f->e[KC_FLOW_FWD];

unlock_fail:
	flow_unlock_pair(t, b0, b1);
	kc_pkt_path_free(f);
fail:
	atomic64_dec(&t->count);
	if (pat)
		kc_rw_pattern_release(pat);
	return old;
}

struct kc_flow_entry *kc_flow_create(struct kc_flow_table *t,
				     const struct kc_flowid *id,
				     const struct kc_flowid *rewritten,
				     u16 fout, u16 rout, u8 tclass,
				     struct kc_rw_pattern *pat, u64 now)
{
	return kc_flow_create_clash(t, id, rewritten, fout, rout, tclass, pat,
				    now, NULL);
}

/* Under both stripe locks: take x off bucket b's chain. */
static void flow_unlink(struct kc_flow_table *t, u32 b,
			struct kc_flow_entry *x)
{
	struct kc_flow_entry __rcu **pp = &t->buckets[b];
	struct kc_flow_entry *cur;

	while ((cur = kc_rcu_dereference_locked(*pp, flow_lock(t, b)))) {
		if (cur == x) {
			kc_rcu_assign(*pp, kc_rcu_dereference_locked(x->next,
							flow_lock(t, b)));
			return;
		}
		pp = &cur->next;
	}
	WARN_ON_ONCE(1);	/* a linked flow is on its chains */
}

/* Both entries off their chains; false if someone else did it first. */
static bool flow_unlink_both(struct kc_flow_table *t, struct kc_flow *f)
{
	u32 b0 = f->e[KC_FLOW_FWD].hash & t->mask;
	u32 b1 = f->e[KC_FLOW_REPLY].hash & t->mask;
	bool was;

	flow_lock_pair(t, b0, b1);
	was = f->linked;
	if (was) {
		flow_unlink(t, b0, &f->e[KC_FLOW_FWD]);
		flow_unlink(t, b1, &f->e[KC_FLOW_REPLY]);
		f->linked = false;
	}
	flow_unlock_pair(t, b0, b1);
	if (was)
		atomic64_dec(&t->count);
	return was;
}

/* The caller found f under RCU (read side) and still is in that section. */
void kc_flow_remove(struct kc_flow_table *t, struct kc_flow *f)
{
	if (!flow_unlink_both(t, f))
		return;
	flow_release_port(f);
	kc_free_rcu(f, rcu);
}

/*
 * One bucket: remove the flows whose forward entry is here and that
 * expired (or all of them): each flow is judged once, by its forward
 * entry, which a whole pass meets.  After each removal the walk starts
 * over: in userspace the record is freed at once, and the next entry may
 * have been its other half.
 */
static u32 flow_sweep_bucket(struct kc_flow_table *t, u32 b, u64 now,
			     bool all)
{
	struct kc_flow_entry *x;
	u32 n = 0;

again:
	for (x = kc_rcu_dereference(t->buckets[b]); x;
	     x = kc_rcu_dereference(x->next)) {
		struct kc_flow *f = kc_flow_of(x);

		if (x->dir != KC_FLOW_FWD ||
		    (!all && !kc_flow_expired(t, f, now)))
			continue;
		if (!flow_unlink_both(t, f))
			continue;
		flow_release_port(f);
		kc_free_rcu(f, rcu);
		n++;
		goto again;
	}
	return n;
}

bool kc_flow_sweep(struct kc_flow_table *t, u64 now, u32 budget)
{
	u32 pos = t->sweep_pos, n, expired = 0;
	struct kc_flow_entry *x;
	bool wrapped = false;

	rcu_read_lock();
	for (n = 0; n < budget && n <= t->mask; n++) {
		/* Most flows live on: only a bucket with an expired one is
		 * walked again, under its locks.
		 */
		for (x = kc_rcu_dereference(t->buckets[pos]); x;
		     x = kc_rcu_dereference(x->next)) {
			if (x->dir == KC_FLOW_FWD &&
			    kc_flow_expired(t, kc_flow_of(x), now)) {
				expired += flow_sweep_bucket(t, pos, now,
							     false);
				break;
			}
		}
		pos = (pos + 1) & t->mask;
		if (!pos)
			wrapped = true;
	}
	rcu_read_unlock();
	t->sweep_pos = pos;
	atomic64_add(expired, &t->stats.expired);
	return wrapped;
}

void kc_flow_clear(struct kc_flow_table *t)
{
	u32 b;

	if (!t->buckets)
		return;
	for (b = 0; b <= t->mask; b++) {	/* a section per bucket */
		rcu_read_lock();
		flow_sweep_bucket(t, b, 0, true);
		rcu_read_unlock();
	}
}

/*
 * Nothing else runs on the table any more: no locks, no unlinking.  Each
 * flow is on two chains (one, twice, if both entries share a bucket); the
 * first visit clears linked, the second frees it, after reading next.
 */
void kc_flow_table_destroy(struct kc_flow_table *t)
{
	struct kc_flow_entry *x, *next;
	struct kc_flow *f;
	u32 b;

	if (t->buckets) {
		rcu_read_lock();
		for (b = 0; b <= t->mask; b++) {
			for (x = kc_rcu_dereference(t->buckets[b]); x;
			     x = next) {
				next = kc_rcu_dereference(x->next);
				f = kc_flow_of(x);
				if (f->linked) {
					f->linked = false;
					continue;
				}
				kc_free_rcu(f, rcu);
			}
		}
		rcu_read_unlock();
		atomic64_set(&t->count, 0);
	}
	kc_free(t->buckets);
	kc_free(t->locks);
	t->buckets = NULL;
	t->locks = NULL;
}

int kc_flow_for_each(struct kc_flow_table *t,
		     int (*fn)(struct kc_flow *f, void *arg), void *arg)
{
	struct kc_flow_entry *x;
	int ret = 0;
	u32 b;

	if (!t->buckets)
		return 0;
	/*
	 * One read-side section per bucket, not one for the whole walk: a
	 * table holds up to KC_FLOW_CAPACITY_MAX flows, and take_state makes
	 * an allocation for each; a flow is only used inside the section in
	 * which its bucket was read, so this is as safe and never holds a
	 * grace period back for the length of the table.
	 */
	for (b = 0; b <= t->mask && !ret; b++) {
		rcu_read_lock();
		for (x = kc_rcu_dereference(t->buckets[b]); x && !ret;
		     x = kc_rcu_dereference(x->next))
			if (x->dir == KC_FLOW_FWD)
				ret = fn(kc_flow_of(x), arg);
		rcu_read_unlock();
	}
	return ret;
}

size_t kc_flow_bytes(void)
{
	return sizeof(struct kc_flow);
}
