/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What RoundRobinIPMapper and SourceIPHashMapper share: a set of backends
 * (Click's "PATTERN FOUT ROUT", plus a server ID for the hash mapper) that
 * a handler may change while packets flow.
 *
 * DOC: Locking
 *   - set: an immutable struct kc_rwmap_set published with
 *     kc_rcu_publish() under the graph lock (RTNL); the packet path reads
 *     it under rcu_read_lock.  A write builds a new set and swaps it in.
 *   - all[], nall: the graph lock only.  Every backend allocated, live
 *     (in the current set) or retired (left out by a write).  A retired
 *     backend's pattern may still be held by flows in rewriters' tables
 *     (pat.users) and, until a grace period passes, be handed out by a
 *     reader of the old set; it is freed at a later write once both are
 *     over (kc_rcu_gp_passed, users 0), or at cleanup.
 *   - the round-robin cursor is per CPU.
 *
 * Flows keep the backend they were made with: they live in the rewriter's
 * table and hold the pattern, whatever the set says later.
 *
 * Bounds (docs/limits.md): KC_RWMAP_MAX backends live and retired per
 * mapper; NNODES at most KC_RWMAP_NODES_MAX, and at most KC_RWMAP_RING_MAX
 * ring points in all.
 */
#ifndef KCLICK_KC_RWMAP_H
#define KCLICK_KC_RWMAP_H

#include <kclick/rcuswap.h>
#include "kc_rewriter.h"

#define KC_RWMAP_MAX		256	/* backends, live and retired */
#define KC_RWMAP_NODES_MAX	1024	/* ring points per backend */
#define KC_RWMAP_RING_MAX	65536	/* ring points per set */
#define KC_RWMAP_SPEC_MAX	160	/* a backend as written */

struct kc_rwmap_backend {
	struct kc_rw_pattern pat;	/* pat.fout, pat.rout */
	s32 id;				/* hash mapper's server ID, else -1 */
	bool live;			/* in the current set */
	bool retiring;			/* rwmap_commit() only */
	unsigned long gp;		/* retired: kc_rcu_gp_cookie() */
	char spec[KC_RWMAP_SPEC_MAX];	/* as written, for `patterns` */
};

struct kc_rwmap_point {
	u32 key;
	u32 idx;			/* into v[] */
};

struct kc_rwmap_set {
	struct kc_rcu_free rf;
	u32 n;
	u32 npoints;			/* hash mapper: n * nnodes */
	struct kc_rwmap_backend **v;	/* [n], in the order written */
	struct kc_rwmap_point *ring;	/* [npoints], sorted by key */
};

struct kc_rwmap {
	struct kc_rwmap_set __rcu *set;		/* graph lock */
	struct kc_rwmap_backend *all[KC_RWMAP_MAX];	/* graph lock */
	u32 nall;
	bool hash;			/* SourceIPHashMapper */
	u32 nnodes, seed;
	u32 __percpu *cursor;		/* round robin, e->pcpu */
};

/*
 * Configure: backends from args->v[first..] (the hash mapper's first
 * argument is NNODES SEED, parsed by its class).
 */
int kc_rwmap_configure(struct kc_elem *e, struct kc_args *args, int first);
void kc_rwmap_cleanup(struct kc_elem *e);
const void *kc_rwmap_cast(struct kc_elem *e, const char *iface);

/* Client key on the hash ring, and a server's points: exposed for tests. */
u32 kc_rwmap_client_key(u32 seed, __be32 saddr);

#define KC_RWMAP_NHANDLERS	4
extern const struct kc_handler kc_rwmap_handlers[KC_RWMAP_NHANDLERS];

#endif /* KCLICK_KC_RWMAP_H */
