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
 * One worker thread runs every call, one at a time; the caller blocks
 * until it is done, so the harness stays single-threaded in effect: its
 * globals need no locks, and the hand-off's mutex orders the memory on
 * both sides.  A call made while already on the small stack runs in place,
 * as in the kernel.  The size is fixed when the worker starts (the first
 * call); a forked child starts its own.
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
 * kernel keeps those elsewhere.  A probe thread asks for this much more
 * than the room wanted and measures the room it got; the worker then asks
 * for the excess less, whole pages of it, so its room is the kernel's to
 * within a page (test_stack checks it).
 */
#define KC_USER_STACK_SLACK	8192
static size_t slack = KC_USER_STACK_SLACK;

size_t kc_user_stack_room;
static __thread bool on_small_stack;

struct kc_user_call {
	void (*fn)(void *arg);
	void *arg;
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

/* Where a thread starts: measure its room, arm the overflow message. */
static void small_stack_enter(void)
{
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
}

/*
 * The worker: one thread on the small stack, started at the first call,
 * runs each call posted to it while the caller waits (a thread per call
 * cost 50-400 us under ASan; a hand-off costs a few).
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	bool started;
	struct kc_user_call *call;	/* posted; NULL once done */
} w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static void *worker(void *unused)
{
	struct kc_user_call *c;

	(void)unused;
	small_stack_enter();
	pthread_mutex_lock(&w.lock);
	for (;;) {
		while (!w.call)
			pthread_cond_wait(&w.cv, &w.lock);
		c = w.call;
		pthread_mutex_unlock(&w.lock);
		c->fn(c->arg);
		pthread_mutex_lock(&w.lock);
		w.call = NULL;
		pthread_cond_broadcast(&w.cv);
	}
	return NULL;
}

static void *probe(void *unused)
{
	(void)unused;
	small_stack_enter();
	return NULL;
}

/* A forked child has no worker: it starts its own. */
static void after_fork_child(void)
{
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cv, NULL);
	w.started = false;
	w.call = NULL;
}

static int spawn(void *(*fn)(void *), size_t want, pthread_t *t)
{
	long page = sysconf(_SC_PAGESIZE);
	pthread_attr_t a;
	int ret;

	pthread_attr_init(&a);
	ret = pthread_attr_setstacksize(&a, want + slack);
	if (!ret)
		ret = pthread_attr_setguardsize(&a, page > 0 ? page : 4096);
	if (!ret)
		ret = pthread_create(t, &a, fn, NULL);
	pthread_attr_destroy(&a);
	return ret;
}

/* Called with w.lock held. */
static void start_worker(size_t want)
{
	static bool atfork;
	long page = sysconf(_SC_PAGESIZE);
	pthread_t t;
	int ret;

	/* A probe measures what glibc takes from the top; then the worker. */
	ret = spawn(probe, want, &t);
	if (!ret) {
		pthread_join(t, NULL);
		if (kc_user_stack_room > want && page > 0)
			slack -= (kc_user_stack_room - want) / page * page;
		ret = spawn(worker, want, &t);
	}
	if (ret) {
		fprintf(stderr, "kclick: cannot start a thread with a %zu-byte stack: %s\n",
			want, strerror(ret));
		abort();
	}
	pthread_detach(t);
	if (!atfork)
		pthread_atfork(NULL, NULL, after_fork_child);
	atfork = true;
	w.started = true;
}

void kc_user_on_stack(void (*fn)(void *arg), void *arg)
{
	struct kc_user_call c = { fn, arg };

	if (on_small_stack) {
		fn(arg);
		return;
	}
	pthread_mutex_lock(&w.lock);
	if (!w.started)
		start_worker(kc_user_stack_size());
	while (w.call)
		pthread_cond_wait(&w.cv, &w.lock);
	w.call = &c;
	pthread_cond_broadcast(&w.cv);
	while (w.call == &c)
		pthread_cond_wait(&w.cv, &w.lock);
	pthread_mutex_unlock(&w.lock);
}
