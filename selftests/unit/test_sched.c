// SPDX-License-Identifier: GPL-2.0
/*
 * Shaping and scheduling (issue 15) in the userspace harness, on the
 * virtual clock: a shaper behind a scheduler sleeps while it waits (the
 * "task that never idles" regression), and the classes StrideSched,
 * DelayUnqueue, LinkUnqueue, FrontDropQueue, NotifierQueue and
 * FullNoteQueue keep Click's meaning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"

static char msg[4096];

#define SEC	1000000000ULL
#define MS	1000000ULL
static const u64 t0 = 1000 * SEC;

static void drain_call(void *arg)
{
	kc_user_tasks_drain(*(u64 *)arg);
}

/* Run every task and timer on the virtual clock up to t, then stand at t. */
static void drain_until(u64 t)
{
	kc_user_on_stack(drain_call, &t);
	kc_user_clock_set(t);
}

/*
 * The regression: a puller declared before `Queue -> Shaper ->
 * PrioSched` (so the queue's wake list names it before the shaper's own
 * task) and a shaper that must wait.  The shaper's task, woken by the
 * queue, used to wake the puller before the slot had come; the puller
 * pulled too early and asked for the slot again, and the two woke each
 * other without end: user/task.c's "task that never idles" WARN offline,
 * a spinning softirq in the kernel.  The bound on runs is lowered so the
 * broken code fails in a moment, and the runs are counted: a handful per
 * packet, whatever the shaper's wait.
 */
static void test_pingpong(const char *shaper, const char *what)
{
	unsigned long warns = kc_user_warnings, runs, max = kc_user_task_runs_max;
	struct kc_graph *g;
	char text[1024];
	int i;

	snprintf(text, sizeof(text),
		 "u :: Unqueue;"
		 "Idle -> st :: SetTimestamp -> q0 :: Queue(100) -> s :: %s -> [0] ps :: PrioSched;"
		 "Idle -> q1 :: Queue(100) -> [1] ps;"
		 "ps -> u -> c :: Counter -> Discard;", shaper);
	kc_user_clock_set(t0);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "%s graph: %s", what, msg);
		return;
	}
	kc_user_task_runs_max = 100000;
	runs = kc_user_task_runs;
	for (i = 0; i < 20; i++) {
		kc_user_clock_set(t0 + i * MS);
		th_push(g, "st", 0, th_pkt(1000, 0x0800));
		th_push(g, "q1", 0, th_pkt(100, 0x0800));
	}
	runs = kc_user_task_runs - runs;
	tap_ok(kc_user_warnings == warns,
	       "%s behind PrioSched, puller declared first: no task that never idles",
	       what);
	tap_ok(runs <= 20 * 8,
	       "%s: %lu task runs for 40 packets while the shaper waits", what,
	       runs);
	tap_ok(th_num(g, "q1", "length") == 0 && th_num(g, "q0", "length") > 0,
	       "%s: the low-priority queue drains while the shaped one waits (%lld left)",
	       what, th_num(g, "q0", "length"));
	drain_until(t0 + 2 * SEC);
	tap_ok(th_num(g, "c", "count") == 40 && kc_user_warnings == warns,
	       "%s: every packet leaves on the timers (%lld)", what,
	       th_num(g, "c", "count"));
	kc_user_task_runs_max = max;
	th_free(g);
	kc_user_clock_set(0);
}

int main(void)
{
	test_pingpong("BandwidthShaper(80kbps)", "BandwidthShaper");
	test_pingpong("Shaper(100)", "Shaper");
	test_pingpong("DelayShaper(50ms)", "DelayShaper");
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
