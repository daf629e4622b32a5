/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Publish a new version of an RCU-protected object, free the old one after
 * a grace period: what Classifier, IPFilter/IPClassifier and the route
 * tables do on every `config` or route write.
 *
 * Update side only, with the update-side lock held: the graph lock, which
 * is RTNL in the kernel (configure and handler writes hold it), the one
 * thread in userspace.  Readers (the packet path) use kc_rcu_dereference()
 * under rcu_read_lock.
 *
 * The object embeds a struct kc_rcu_free (member); the writer never waits:
 * in the kernel the old object is handed to call_rcu() and freed by
 * free_fn from the callback (softirq or an rcuo thread, so free_fn must
 * not sleep: kvfree() is fine), not with synchronize_rcu() under RTNL.
 * Module exit calls rcu_barrier() after every graph is gone, so no
 * callback is left pending when the module text goes away.  In userspace
 * (one thread, no reader overlaps an update) the old object is freed at
 * once.  The element's cleanup frees the last version itself (the graph
 * no longer runs then).
 *
 *	kc_rcu_publish(c->prog, prog, rf, prog_free);
 */
#ifndef KCLICK_RCUSWAP_H
#define KCLICK_RCUSWAP_H

#include <kclick/platform.h>

struct kc_rcu_free {
#ifdef __KERNEL__
	struct rcu_head rcu;
#endif
	void (*fn)(void *obj);
	void *obj;
};

#ifdef __KERNEL__
static inline void kc_rcu_free_cb(struct rcu_head *h)
{
	struct kc_rcu_free *f = container_of(h, struct kc_rcu_free, rcu);

	f->fn(f->obj);
}

static inline void kc_rcu_free_later(struct kc_rcu_free *f, void *obj,
				     void (*fn)(void *obj))
{
	f->fn = fn;
	f->obj = obj;
	call_rcu(&f->rcu, kc_rcu_free_cb);
}
#else
static inline void kc_rcu_free_later(struct kc_rcu_free *f, void *obj,
				     void (*fn)(void *obj))
{
	fn(obj);
}
#endif

/* slot = v; the previous object (if any) to free_fn after a grace period. */
#define kc_rcu_publish(slot, v, member, free_fn) do {			\
	__typeof__(v) _kc_old = kc_rcu_replace(slot, v);		\
									\
	if (_kc_old)							\
		kc_rcu_free_later(&_kc_old->member, _kc_old, free_fn);	\
} while (0)

#endif /* KCLICK_RCUSWAP_H */
