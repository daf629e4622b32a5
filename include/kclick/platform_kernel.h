/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel side of the platform layer.  Element and engine code include
 * <kclick/platform.h> and use only what is declared here (and its userspace
 * twin, platform_user.h): allocation, per-CPU data, locks, time, logging and
 * the packet API.  No element ever sees a struct sk_buff.
 *
 * Allocation rules: kc_alloc()/kc_zalloc() may sleep and are for configure
 * time only (process context, RTNL held).  The packet path uses only
 * kc_pkt_clone() and friends, which allocate with GFP_ATOMIC.
 */
#ifndef KCLICK_PLATFORM_KERNEL_H
#define KCLICK_PLATFORM_KERNEL_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/seqlock.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/bug.h>
#include <net/checksum.h>
#include <net/ip.h>

/*
 * Configure-time memory (may sleep).  Sizes come from user input, so a
 * failure is an answer (-ENOMEM), never a warning: kvmalloc WARNs on a size
 * above INT_MAX unless told __GFP_NOWARN.
 */
static inline void *kc_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
}

static inline void kc_free(const void *p)
{
	kvfree(p);
}

static inline char *kc_strdup(const char *s)
{
	return kstrdup(s, GFP_KERNEL_ACCOUNT);
}

/*
 * Per-CPU memory.  The allocator WARNs on a size above its unit
 * (PCPU_MIN_UNIT_SIZE, 32 KB) unless told __GFP_NOWARN; the engine keeps
 * every request at or below KC_PCPU_ALLOC_MAX (graph.c) anyway.
 */
#define kc_percpu_alloc(type) \
	alloc_percpu_gfp(type, GFP_KERNEL_ACCOUNT | __GFP_NOWARN)
#define kc_percpu_free(p)	free_percpu(p)
#define kc_this_cpu_ptr(p)	this_cpu_ptr(p)
#define kc_per_cpu_ptr(p, cpu)	per_cpu_ptr(p, cpu)
#define kc_for_each_cpu(cpu)	for_each_possible_cpu(cpu)
#define kc_percpu_alloc_size(size) \
	__alloc_percpu_gfp(size, sizeof(u64), GFP_KERNEL_ACCOUNT | __GFP_NOWARN)
#define KC_DEFINE_PER_CPU(type, name)	static DEFINE_PER_CPU(type, name)
#define kc_this_cpu_var(name)		this_cpu_ptr(&(name))
/*
 * A per-CPU variable of the engine's own that inline code in headers
 * reads (engine/run.c's push budget): declared in a header, defined once,
 * and read or changed with single per-CPU instructions.  The caller keeps
 * preemption off (BH disabled) across a sequence of them.
 */
#define KC_DECLARE_PER_CPU_SHARED(type, name)	DECLARE_PER_CPU(type, name)
#define KC_DEFINE_PER_CPU_SHARED(type, name)	DEFINE_PER_CPU(type, name)
#define kc_cpu_var_read(name)			this_cpu_read(name)
#define kc_cpu_var_write(name, v)		this_cpu_write(name, v)
#define kc_cpu_var_add(name, v)			this_cpu_add(name, v)
#define kc_cpu_var_sub_return(name, v)		this_cpu_sub_return(name, v)
#define kc_cpu_var_add_return(name, v)		this_cpu_add_return(name, v)

/* Locks taken on the packet path are BH-safe spinlocks. */
typedef spinlock_t kc_lock_t;
#define kc_lock_init(l)		spin_lock_init(l)
#define kc_lock(l)		spin_lock_bh(l)
#define kc_unlock(l)		spin_unlock_bh(l)

/*
 * A second lock of the same kind while one is held (the flow table's two
 * stripes, taken in address order): BH is already off.
 */
#define kc_lock_nested(l)	spin_lock_nested(l, SINGLE_DEPTH_NESTING)
#define kc_unlock_nested(l)	spin_unlock(l)

/*
 * Packet-path memory (a rewriter's new flow): never sleeps, may fail, and
 * is bounded by whoever calls it (a table's capacity).  Free what was never
 * published with kc_pkt_path_free(), what readers may still see with
 * kc_free_rcu(ptr, field) (field a struct kc_rcu_head in *ptr).
 */
struct kc_rcu_head {
	struct rcu_head h;
};

static inline void *kc_pkt_path_alloc(size_t size)
{
	return kmalloc(size, GFP_ATOMIC | __GFP_NOWARN);
}

static inline void kc_pkt_path_free(const void *p)
{
	kfree(p);
}

#define kc_free_rcu(ptr, field)	kfree_rcu(ptr, field.h)

/*
 * Grace-period cookies (update side): kc_rcu_gp_cookie() after
 * unpublishing an object, then kc_rcu_gp_passed(cookie) is true once
 * every reader that could have seen it is done -- without waiting, so a
 * handler can free what it retired at an earlier write.
 */
#define kc_rcu_gp_cookie()	get_state_synchronize_rcu()
#define kc_rcu_gp_passed(c)	poll_state_synchronize_rcu(c)

/*
 * Sequence counts: lock-free readers of small records that writers update
 * under a kc_lock_t (so with BH and preemption off).
 */
typedef seqcount_t kc_seq_t;
#define kc_seq_init(s)		seqcount_init(s)
#define kc_seq_read_begin(s)	read_seqcount_begin(s)
#define kc_seq_read_retry(s, v)	read_seqcount_retry(s, v)
#define kc_seq_write_begin(s)	write_seqcount_begin(s)
#define kc_seq_write_end(s)	write_seqcount_end(s)

#define kc_rcu_dereference(p)	rcu_dereference(p)
/* Update side: the graph lock (RTNL) is held. */
#define kc_rcu_dereference_protected(p) rtnl_dereference(p)
#define kc_rcu_assign(p, v)	rcu_assign_pointer(p, v)
/* Update side under an element's own kc_lock_t l (not the graph lock). */
#define kc_rcu_dereference_locked(p, l) \
	rcu_dereference_protected(p, lockdep_is_held(l))
/* Update side (graph lock held): the previous value of p, p set to v. */
#define kc_rcu_replace(p, v)	rcu_replace_pointer(p, v, lockdep_rtnl_is_held())
/* Configure and handler writes hold the graph lock. */
#define kc_assert_graph_lock()	ASSERT_RTNL()
/* Process context entering the packet path (a handler sending packets). */
#define kc_local_bh_disable()	local_bh_disable()
#define kc_local_bh_enable()	local_bh_enable()
/* Process context: every reader that could see an old pointer is done. */
#define kc_synchronize_rcu()	synchronize_rcu()

static inline u64 kc_now_ns(void)
{
	return ktime_get_ns();
}

/*
 * The same clock at tick grain (up to a jiffy behind kc_now_ns(), never
 * ahead): no clocksource read, for per-packet stamps of long timeouts.
 */
static inline u64 kc_now_coarse_ns(void)
{
	return ktime_get_coarse_ns();
}

/* Wall-clock time, for IP timestamps only. */
static inline u64 kc_realtime_ns(void)
{
	return ktime_get_real_ns();
}

static inline u32 kc_random_u32(void)
{
	return get_random_u32();
}

#define kc_log_info(fmt, ...)	pr_info("kclick: " fmt, ##__VA_ARGS__)
/* What a user asked to see (Script's print): the kernel log here. */
#define kc_log_out(fmt, ...)	pr_info("kclick: " fmt, ##__VA_ARGS__)
#define kc_log_ratelimited(fmt, ...) \
	net_info_ratelimited("kclick: " fmt, ##__VA_ARGS__)
/* The IPv4 header checksum over ihl 32-bit words: 0 if it is right. */
static inline u16 kc_ip_csum(const void *iph, unsigned int ihl)
{
	return (__force u16)ip_fast_csum(iph, ihl);
}

/* Packet path: true if a networking message may be logged now. */
#define kc_net_ratelimit()	net_ratelimit()

/*
 * Packets.  A struct kc_pkt is a struct sk_buff in disguise: the type is
 * never defined, so element code cannot reach into the skb.
 */
struct kc_pkt;

static inline struct sk_buff *kc_skb(struct kc_pkt *p)
{
	return (struct sk_buff *)p;
}

static inline const struct sk_buff *kc_cskb(const struct kc_pkt *p)
{
	return (const struct sk_buff *)p;
}

static inline struct kc_pkt *kc_pkt_of(struct sk_buff *skb)
{
	return (struct kc_pkt *)skb;
}

#endif /* KCLICK_PLATFORM_KERNEL_H */
