// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace platform: memory, per-CPU memory, time, randomness,
 * logging and warnings for the engine and the elements (platform_user.h).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "kcuser.h"

int kc_user_cpu;
unsigned long kc_user_warnings;
long kc_user_alloc_fail_at;
static u64 kc_user_clock_ns;
static u64 kc_user_rand_state = 0x9e3779b97f4a7c15ULL;

static bool alloc_fails(void)
{
	if (kc_user_alloc_fail_at <= 0)
		return false;
	return --kc_user_alloc_fail_at == 0;
}

/* kvmalloc() refuses sizes above INT_MAX: so does the harness. */
void *kc_user_zalloc(size_t size)
{
	if (size > INT_MAX || alloc_fails())
		return NULL;
	return calloc(1, size ? size : 1);
}

char *kc_user_strdup(const char *s)
{
	if (alloc_fails())
		return NULL;
	return strdup(s);
}

/*
 * Per-CPU memory: KC_USER_NCPU copies KC_USER_PCPU_STRIDE apart in one
 * mapping; the rest of each stride is PROT_NONE, so an overrun faults.
 * The mapping's size is kept in a header page just before CPU 0's copy.
 */
void __percpu *kc_user_percpu_alloc(size_t size)
{
	size_t page = 4096, span = KC_USER_NCPU * KC_USER_PCPU_STRIDE;
	size_t used = (size + page - 1) / page * page;
	char *map;
	int cpu;

	BUILD_BUG_ON(KC_USER_PCPU_MAX > KC_USER_PCPU_STRIDE - 4096);
	/* pcpu_alloc() refuses more than PCPU_MIN_UNIT_SIZE: so does this. */
	if (!size || size > KC_USER_PCPU_MAX || alloc_fails())
		return NULL;
	map = mmap(NULL, span + page, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	if (mprotect(map, page, PROT_READ | PROT_WRITE))
		goto fail;
	*(size_t *)map = span + page;
	for (cpu = 0; cpu < KC_USER_NCPU; cpu++)
		if (mprotect(map + page + cpu * KC_USER_PCPU_STRIDE, used,
			     PROT_READ | PROT_WRITE))
			goto fail;
	return map + page;
fail:
	munmap(map, span + page);
	return NULL;
}

void kc_user_percpu_free(void __percpu *p)
{
	char *map;

	if (!p)
		return;
	map = (char *)p - 4096;
	munmap(map, *(size_t *)map);
}

void kc_user_lock_bug(const char *what)
{
	fprintf(stderr, "kclick: lock misuse: %s\n", what);
	abort();
}

void kc_user_warn(const char *file, int line, const char *cond)
{
	kc_user_warnings++;
	fprintf(stderr, "kclick: WARNING at %s:%d: %s\n", file, line, cond);
}

void kc_user_clock_set(u64 ns)
{
	kc_user_clock_ns = ns;
}

u64 kc_user_now_ns(void)
{
	struct timespec ts;

	if (kc_user_clock_ns)
		return kc_user_clock_ns;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* xorshift64*: deterministic, so offline runs repeat exactly. */
u32 kc_user_random_u32(void)
{
	u64 x = kc_user_rand_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	kc_user_rand_state = x;
	return (u32)((x * 0x2545f4914f6cdd1dULL) >> 32);
}

bool kc_user_out_stderr;

void kc_user_out(const char *fmt, ...)
{
	FILE *f = kc_user_out_stderr ? stderr : stdout;
	va_list ap;

	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
}

void kc_user_log(bool ratelimited, const char *fmt, ...)
{
	va_list ap;

	(void)ratelimited;
	fputs("kclick: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
