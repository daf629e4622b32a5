// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's stack, in userspace: kc_user_on_stack(fn, arg) runs fn on a
 * thread whose stack is as small as the kernel's, with a guard page below
 * it, and waits for it.  The engine then overflows here where it would
 * overflow in the kernel, as a clean crash on the guard page instead of a
 * pass on the main thread's 8 MB.
 *
 * The kernel (x86_64, 6.1) runs configure, initialize and handlers on a
 * task's 16 KB stack (THREAD_SIZE) and packets, tasklets and timers in
 * softirq on the 16 KB IRQ stack; the harness runs graph builds, the run
 * loop, handlers and graph teardown through here.  ASan's frames hold
 * redzones around every local and are several times larger, so an ASan
 * build gets KC_USER_STACK_ASAN_MULT times the room; KC_USER_STACK_KB in
 * the environment overrides the size (in KB of room, for experiments).
 *
 * One thread is created per call.  The callers block while it runs, so the
 * harness stays single-threaded in effect: its globals need no locks, and
 * pthread_create/pthread_join order the memory on both sides.  A call made
 * while already on the small stack runs in place, as in the kernel.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcuser.h"

#if defined(__SANITIZE_ADDRESS__)
#define KC_USER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KC_USER_ASAN 1
#endif
#endif

#ifdef KC_USER_ASAN
#define KC_USER_STACK_MULT	KC_USER_STACK_ASAN_MULT
#else
#define KC_USER_STACK_MULT	1
#endif

/*
 * glibc carves the thread's control block and static TLS (a few KB with
 * libpcap and the sanitizers) from the top of the stack it is given; the
 * kernel keeps those elsewhere.  The first call asks for this much more
 * than the room wanted, measures the room it got, and later calls ask for
 * the excess less, whole pages of it: the room is then the kernel's to
 * within a page (test_stack checks it).
 */
#define KC_USER_STACK_SLACK	8192
static size_t slack = KC_USER_STACK_SLACK;

size_t kc_user_stack_room;
static __thread bool on_small_stack;

struct kc_user_call {
	void (*fn)(void *arg);
	void *arg;
	size_t want;
};

size_t kc_user_stack_size(void)
{
	const char *env = getenv("KC_USER_STACK_KB");

	if (env && atoi(env) > 0)
		return (size_t)atoi(env) * 1024;
	return KC_USER_STACK * KC_USER_STACK_MULT;
}

#ifndef KC_USER_ASAN
/*
 * Without ASan a fault on the guard page would just kill the process; say
 * what it was first.  (ASan has its own handler and report.)
 */
static char *guard_lo, *guard_hi;
static char altstack[16384];

static void overflow_handler(int sig, siginfo_t *si, void *uc)
{
	static const char msg[] =
		"kclick: stack overflow: the engine used more than the kernel's stack (see user/stack.c)\n";
	char *a = si->si_addr;

	(void)uc;
	if (a >= guard_lo && a < guard_hi)
		(void)!write(2, msg, sizeof(msg) - 1);
	/* Fault again with the default action: a crash, as it must be. */
	signal(sig, SIG_DFL);
}

static void catch_overflow(char *lo, size_t guard)
{
	struct sigaction sa;
	stack_t ss;

	guard_lo = lo - guard;
	guard_hi = lo;
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = overflow_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
}
#endif

static void *call_entry(void *p)
{
	struct kc_user_call *c = p;
	char *here = __builtin_frame_address(0);
	pthread_attr_t a;
	size_t size = 0, guard = 0;
	void *lo = NULL;

	if (!pthread_getattr_np(pthread_self(), &a)) {
		pthread_attr_getstack(&a, &lo, &size);
		pthread_attr_getguardsize(&a, &guard);
		pthread_attr_destroy(&a);
		kc_user_stack_room = here - (char *)lo;
#ifndef KC_USER_ASAN
		catch_overflow(lo, guard);
#endif
	}
	on_small_stack = true;
	c->fn(c->arg);
	return NULL;
}

void kc_user_on_stack(void (*fn)(void *arg), void *arg)
{
	struct kc_user_call c = { fn, arg, kc_user_stack_size() };
	long page = sysconf(_SC_PAGESIZE);
	pthread_attr_t a;
	pthread_t t;
	int ret;

	if (on_small_stack) {
		fn(arg);
		return;
	}
	pthread_attr_init(&a);
	ret = pthread_attr_setstacksize(&a, c.want + slack);
	if (!ret)
		ret = pthread_attr_setguardsize(&a, page > 0 ? page : 4096);
	if (!ret)
		ret = pthread_create(&t, &a, call_entry, &c);
	pthread_attr_destroy(&a);
	if (ret) {
		fprintf(stderr, "kclick: cannot start a thread with a %zu-byte stack: %s\n",
			c.want, strerror(ret));
		abort();
	}
	pthread_join(t, NULL);
	if (slack == KC_USER_STACK_SLACK && kc_user_stack_room > c.want &&
	    page > 0)
		slack -= (kc_user_stack_room - c.want) / page * page;
}
