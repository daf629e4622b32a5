/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace side of the platform layer: the twin of platform_kernel.h for
 * the harness behind `kclick run`, the unit tests, the fuzzers and the
 * benchmarks.  The engine (engine/graph.c run.c args.c handlers.c class.c)
 * and every element source compile against it unchanged.
 *
 * The harness is single-threaded.  It still has KC_USER_NCPU "CPUs": per-CPU
 * memory has one copy per CPU, "this CPU" is a global index the harness
 * (or a test) may switch between packets, and handlers sum over all CPUs as
 * in the kernel -- so an element that only counts on the current CPU, or
 * sums one CPU, fails its tests here rather than on a multi-queue NIC.
 *
 * Locks are checked flags (taking a held lock or releasing a free one
 * aborts); RCU is trivial (one thread, nothing to wait for); time is either
 * the monotonic clock or, for offline runs, a virtual clock the run loop
 * sets from pcap timestamps.  The implementations live in user/.
 */
#ifndef KCLICK_PLATFORM_USER_H
#define KCLICK_PLATFORM_USER_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>
#include <linux/types.h>

/* Kernel integer types. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		(-S64_MAX - 1)

/* The kernel's 64-bit divisions (one instruction here). */
static inline s64 div64_s64(s64 a, s64 b)
{
	return a / b;
}

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

/* Annotations that only mean something to the kernel's checkers. */
#ifndef __percpu
#define __percpu
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef __force
#define __force
#endif
/* Lock context annotations for sparse. */
#define __acquires(x)
#define __releases(x)
#define __acquire(x)		((void)0)
#define __release(x)		((void)0)
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __maybe_unused		__attribute__((__unused__))
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define noinline		__attribute__((__noinline__))

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define sizeof_field(t, m)	sizeof(((t *)0)->m)
#define BUILD_BUG_ON(c)		_Static_assert(!(c), #c)
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

/* Byte order. */
#define cpu_to_be16(x)		((__force __be16)htobe16(x))
#define cpu_to_be32(x)		((__force __be32)htobe32(x))
#define cpu_to_be64(x)		((__force __be64)htobe64(x))
#define be16_to_cpu(x)		be16toh((__force u16)(x))
#define be32_to_cpu(x)		be32toh((__force u32)(x))
#define be64_to_cpu(x)		be64toh((__force u64)(x))
/* htons() and friends come from <arpa/inet.h>. */

/* Unaligned access: memcpy is what the kernel's generic version does. */
#define get_unaligned(p) ({ __typeof__(*(p)) _v; \
	memcpy(&_v, (p), sizeof(_v)); _v; })
#define put_unaligned(v, p) do { __typeof__(*(p)) _v = (v); \
	memcpy((p), &_v, sizeof(_v)); } while (0)

/* Warnings: counted, so a test can assert that none happened. */
extern unsigned long kc_user_warnings;
void kc_user_warn(const char *file, int line, const char *cond);
#define WARN_ON(c) ({ bool _c = !!(c); \
	if (unlikely(_c)) \
		kc_user_warn(__FILE__, __LINE__, #c); \
	_c; })
#define WARN_ON_ONCE(c)		WARN_ON(c)

/* 64-bit atomics (one thread: plain operations suffice). */
typedef struct {
	s64 counter;
} atomic64_t;
#define ATOMIC64_INIT(v)	{ (v) }
#define atomic64_read(a)	READ_ONCE((a)->counter)
#define atomic64_set(a, v)	WRITE_ONCE((a)->counter, (v))
#define atomic64_add(v, a)	((void)((a)->counter += (s64)(v)))
#define atomic64_sub(v, a)	((void)((a)->counter -= (s64)(v)))
#define atomic64_inc(a)		atomic64_add(1, a)
#define atomic64_dec(a)		atomic64_sub(1, a)
#define atomic64_inc_return(a)	(++(a)->counter)
#define atomic64_add_return(v, a) ((a)->counter += (s64)(v))
#define atomic64_xchg(a, v)	({ s64 _o = (a)->counter; \
				   (a)->counter = (v); _o; })
static inline s64 atomic64_cmpxchg(atomic64_t *a, s64 o, s64 n)
{
	s64 old = a->counter;

	if (old == o)
		a->counter = n;
	return old;
}
#define cpu_relax()		do { } while (0)
#define atomic64_read_acquire(a)	atomic64_read(a)
#define atomic64_set_release(a, v)	atomic64_set(a, v)

/*
 * Configure-time memory.  Like kvzalloc(), sizes above INT_MAX fail.
 * kc_user_alloc_fail_at makes the Nth allocation
 * from now fail (tests walk every error path of a graph build with it).
 */
void *kc_user_zalloc(size_t size);
static inline void *kc_zalloc(size_t size)
{
	return kc_user_zalloc(size);
}

static inline void kc_free(const void *p)
{
	free((void *)p);
}

char *kc_user_strdup(const char *s);
static inline char *kc_strdup(const char *s)
{
	return kc_user_strdup(s);
}

/*
 * Per-CPU memory.  Every per-CPU allocation is KC_USER_NCPU copies spaced
 * KC_USER_PCPU_STRIDE bytes apart, so a pointer into CPU 0's copy (what
 * the allocator returns, and &e->stats[i] derived from it) reaches CPU n's
 * copy by adding n strides, as the kernel adds a per-CPU offset.  The part
 * of each stride beyond the allocation is inaccessible: overruns fault.
 */
#ifndef KC_USER_NCPU
#define KC_USER_NCPU		2
#endif
#define KC_USER_PCPU_STRIDE	(1UL << 20)
/* The kernel's largest per-CPU allocation (PCPU_MIN_UNIT_SIZE): bigger fails. */
#define KC_USER_PCPU_MAX	(32 * 1024)

extern int kc_user_cpu;		/* "this CPU": the harness is one thread */
void __percpu *kc_user_percpu_alloc(size_t size);
void kc_user_percpu_free(void __percpu *p);

#define kc_per_cpu_ptr(p, cpu) \
	((__typeof__(p))((char *)(p) + (size_t)(cpu) * KC_USER_PCPU_STRIDE))
#define kc_this_cpu_ptr(p)	kc_per_cpu_ptr(p, kc_user_cpu)
#define kc_percpu_alloc(type)	((type *)kc_user_percpu_alloc(sizeof(type)))
#define kc_percpu_alloc_size(size) kc_user_percpu_alloc(size)
#define kc_percpu_free(p)	kc_user_percpu_free(p)
#define kc_for_each_cpu(cpu) \
	for ((cpu) = 0; (cpu) < KC_USER_NCPU; (cpu)++)
#define KC_DEFINE_PER_CPU(type, name)	static type name[KC_USER_NCPU]
#define kc_this_cpu_var(name)		(&(name)[kc_user_cpu])
/* The kernel's DECLARE_PER_CPU variables and this_cpu ops on them. */
#define KC_DECLARE_PER_CPU_SHARED(type, name)	extern type name[KC_USER_NCPU]
#define KC_DEFINE_PER_CPU_SHARED(type, name)	type name[KC_USER_NCPU]
#define kc_cpu_var_read(name)			((name)[kc_user_cpu])
#define kc_cpu_var_write(name, v)		((name)[kc_user_cpu] = (v))
#define kc_cpu_var_add(name, v)			((name)[kc_user_cpu] += (v))
#define kc_cpu_var_sub_return(name, v)		((name)[kc_user_cpu] -= (v))
#define kc_cpu_var_add_return(name, v)		((name)[kc_user_cpu] += (v))
#define this_cpu_ptr(p)			kc_this_cpu_ptr(p)
#define per_cpu_ptr(p, cpu)		kc_per_cpu_ptr(p, cpu)
#define this_cpu_inc(x)			((*kc_this_cpu_ptr(&(x)))++)
#define this_cpu_add(x, v)		((*kc_this_cpu_ptr(&(x))) += (v))

/* Locks: one thread, so a lock is a flag whose misuse aborts. */
typedef struct {
	int held;
} kc_lock_t;
void kc_user_lock_bug(const char *what);
#define kc_lock_init(l)		((l)->held = 0)
#define kc_lock(l) do { \
	if (unlikely((l)->held)) \
		kc_user_lock_bug("lock taken twice"); \
	(l)->held = 1; \
} while (0)
#define kc_unlock(l) do { \
	if (unlikely(!(l)->held)) \
		kc_user_lock_bug("unlock of a free lock"); \
	(l)->held = 0; \
} while (0)

#define kc_lock_nested(l)	kc_lock(l)
#define kc_unlock_nested(l)	kc_unlock(l)

/*
 * Packet-path memory (platform_kernel.h): malloc, and freed at once,
 * since no reader can still hold it in a single thread.
 */
struct kc_rcu_head {
	void *unused;
};

static inline void *kc_pkt_path_alloc(size_t size)
{
	return malloc(size);
}

static inline void kc_pkt_path_free(const void *p)
{
	free((void *)p);
}

#define kc_free_rcu(ptr, field)	kc_pkt_path_free(ptr)

/* Grace-period cookies (platform_kernel.h): one thread, always passed. */
#define kc_rcu_gp_cookie()	(0UL)
#define kc_rcu_gp_passed(c)	((void)(c), true)

/* RCU: one thread, readers never overlap an update. */
/* Sequence counts (platform_kernel.h): one thread here, so no barriers. */
typedef struct {
	unsigned int v;
} kc_seq_t;
#define kc_seq_init(s)		((s)->v = 0)
#define kc_seq_read_begin(s)	((s)->v)
#define kc_seq_read_retry(s, x)	((s)->v != (x))
#define kc_seq_write_begin(s)	((s)->v++)
#define kc_seq_write_end(s)	((s)->v++)

#define kc_rcu_dereference(p)	(p)
#define kc_rcu_dereference_protected(p) (p)
#define kc_rcu_assign(p, v)	((p) = (v))
#define kc_rcu_dereference_locked(p, l) ((void)(l), (p))
#define kc_rcu_replace(p, v)	({ __typeof__(p) _o = (p); (p) = (v); _o; })
#define kc_assert_graph_lock()	do { } while (0)	/* one thread */
#define kc_synchronize_rcu()	do { } while (0)
#define rcu_read_lock()		do { } while (0)
#define kc_local_bh_disable()	do { } while (0)
#define kc_local_bh_enable()	do { } while (0)
#define rcu_read_unlock()	do { } while (0)

/*
 * Time: CLOCK_MONOTONIC, or the virtual clock an offline run drives from
 * pcap timestamps (kc_user_clock_set()).
 */
u64 kc_user_now_ns(void);
static inline u64 kc_now_ns(void)
{
	return kc_user_now_ns();
}

/* Tick-grain time (platform_kernel.h): the same clock here. */
static inline u64 kc_now_coarse_ns(void)
{
	return kc_user_now_ns();
}

/* Wall-clock time (IP timestamps): the same clock in offline runs. */
static inline u64 kc_realtime_ns(void)
{
	return kc_user_now_ns();
}

/* Deterministic (seeded) so offline runs repeat exactly. */
u32 kc_user_random_u32(void);
static inline u32 kc_random_u32(void)
{
	return kc_user_random_u32();
}

void kc_user_log(bool ratelimited, const char *fmt, ...) __printf(2, 3);
#define kc_log_info(fmt, ...)	kc_user_log(false, fmt, ##__VA_ARGS__)
/* What a user asked to see (Script's print): standard output offline. */
void kc_user_out(const char *fmt, ...) __printf(1, 2);
#define kc_log_out(fmt, ...)	kc_user_out(fmt, ##__VA_ARGS__)
/* kc_user_out writes to standard error instead (kclick run -j). */
extern bool kc_user_out_stderr;
#define kc_log_ratelimited(fmt, ...) kc_user_log(true, fmt, ##__VA_ARGS__)
/* The IPv4 header checksum over ihl 32-bit words: 0 if it is right. */
static inline u16 kc_ip_csum(const void *iph, unsigned int ihl)
{
	const u8 *p = iph;
	u64 sum = 0;
	unsigned int i;
	u32 w;

	/* 32-bit words in network order, folded: the kernel's method. */
	for (i = 0; i < ihl; i++) {
		memcpy(&w, p + 4 * i, 4);
		sum += be32toh(w);
	}
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/* Offline runs print everything: nothing to protect from a flood. */
#define kc_net_ratelimit()	true

/* Packets: struct kc_pkt and its functions are in packet_user.h. */
struct kc_pkt;

#endif /* KCLICK_PLATFORM_USER_H */
