// SPDX-License-Identifier: GPL-2.0
/*
 * The harness enforces the kernel's limits: the 16 KB stack (user/stack.c;
 * this ASan build has KC_USER_STACK_ASAN_MULT times it), the 32 KB per-CPU
 * allocation and kvmalloc's INT_MAX.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"

static size_t seen_room;

static void probe(void *arg)
{
	(void)arg;
	seen_room = kc_user_stack_room;
}

/* About 512 bytes of frame per level; the sum defeats tail calls. */
static unsigned long deep(unsigned long n)
{
	volatile unsigned char buf[512];

	buf[0] = (unsigned char)n;
	buf[sizeof(buf) - 1] = buf[0];
	if (!n)
		return buf[sizeof(buf) - 1];
	return deep(n - 1) + buf[0];
}

static unsigned long deep_n;

static void recurse(void *arg)
{
	(void)arg;
	deep_n = deep(deep_n);
}

/* Run recurse(depth) on the small stack in a child: its wait status. */
static int in_child(unsigned long depth)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* The child's report is expected; keep the TAP output clean. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		deep_n = depth;
		kc_user_on_stack(recurse, NULL);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

int main(void)
{
	size_t want = kc_user_stack_size(), frame = 512 + 64;
	void *p;
	int st;

	kc_user_on_stack(probe, NULL);
	tap_ok(seen_room >= want && seen_room < want + 4096,
	       "a call gets the kernel's stack: %zu bytes of room for %zu wanted",
	       seen_room, want);
	st = in_child(want / 2 / frame);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "recursion into half the stack returns");
	st = in_child(2 * want / 512);
	tap_ok(!(WIFEXITED(st) && WEXITSTATUS(st) == 0),
	       "recursion past the stack is a crash (status %#x), not a pass",
	       st);

	p = kc_percpu_alloc_size(KC_USER_PCPU_MAX);
	tap_ok(p != NULL, "a %d-byte per-CPU allocation succeeds",
	       KC_USER_PCPU_MAX);
	kc_percpu_free(p);
	p = kc_percpu_alloc_size(KC_USER_PCPU_MAX + 1);
	tap_ok(p == NULL, "a %d-byte per-CPU allocation fails, as in the kernel",
	       KC_USER_PCPU_MAX + 1);
	kc_percpu_free(p);
	p = kc_zalloc((size_t)INT_MAX + 1);
	tap_ok(p == NULL, "kc_zalloc(INT_MAX + 1) fails, as kvzalloc does");
	kc_free(p);
	p = kc_zalloc(SIZE_MAX);
	tap_ok(p == NULL, "kc_zalloc(SIZE_MAX) fails");
	kc_free(p);
	return tap_done();
}
