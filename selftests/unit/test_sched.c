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


struct pull_call {
	struct kc_elem *e;
	struct kc_pkt *p;
};

static void pull_call(void *arg)
{
	struct pull_call *c = arg;

	c->p = kc_run_pull(c->e, 0);
}

/* Pull one packet from element name's output 0. */
static struct kc_pkt *th_pull(struct kc_graph *g, const char *name)
{
	struct pull_call c = { .e = kc_graph_find(g, name) };

	kc_user_on_stack(pull_call, &c);
	return c.p;
}

/* A frame whose byte 20 says which input it came through. */
static struct kc_pkt *tagged(u8 tag)
{
	struct kc_pkt *p = th_pkt(60, 0x0800);

	kc_pkt_data(p)[20] = tag;
	return p;
}

static int count_tag(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Pull n packets from name: the tags, as a string of digits. */
static void pull_tags(struct kc_graph *g, const char *name, int n, char *out)
{
	struct kc_pkt *p;
	int i;

	for (i = 0; i < n; i++) {
		p = th_pull(g, name);
		out[i] = p ? '0' + kc_pkt_data(p)[20] : '-';
		if (p)
			kc_pkt_drop(p);
	}
	out[n] = 0;
}

/*
 * StrideSched(3, 1, 0) with every queue full: the pulls follow the
 * stride order (tickets 3 and 1: three from input 0, then one from
 * input 1, input 2 never); an empty input is tried and stridden, so it
 * does not come first again; a ticket change applies from the next pull.
 */
static void test_stridesched(void)
{
	struct kc_graph *g = th_build(
		"Idle -> q0 :: Queue(100) -> [0] ss :: StrideSched(3, 1, 0);"
		"Idle -> q1 :: Queue(100) -> [1] ss;"
		"Idle -> q2 :: Queue(100) -> [2] ss;"
		"ss -> Unqueue(ACTIVE false) -> Discard;",
		msg, sizeof(msg), NULL);
	char got[64], buf[64];
	int i;

	if (!g) {
		tap_ok(0, "StrideSched graph: %s", msg);
		return;
	}
	for (i = 0; i < 40; i++) {
		th_push(g, "q0", 0, tagged(0));
		th_push(g, "q1", 0, tagged(1));
		th_push(g, "q2", 0, tagged(2));
	}
	pull_tags(g, "ss", 16, got);
	tap_ok(!strcmp(got, "0001000100010001"),
	       "StrideSched(3, 1, 0): 3 from input 0 for 1 from input 1, none from 2 (%s)",
	       got);
	th_read(g, "ss", "tickets", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "3 1 0"), "tickets reads '3 1 0' (%s)", buf);
	tap_ok(!th_write(g, "ss", "tickets", "2 1", msg, sizeof(msg)) &&
	       !th_write(g, "ss", "tickets", "0 1", msg, sizeof(msg)),
	       "tickets written: 1 1 1");
	pull_tags(g, "ss", 12, got);
	tap_ok(strlen(got) == 12 && !strchr(got, '-') &&
	       strchr(got, '0') && strchr(got, '1') && strchr(got, '2') &&
	       strchr(got, '0') - got < 3 && strrchr(got, '2') - got > 8 &&
	       count_tag(got, '0') == 4 && count_tag(got, '1') == 4,
	       "with one ticket each the three inputs take 4 pulls each (%s)",
	       got);
	tap_ok(th_write(g, "ss", "tickets", "3 1", msg, sizeof(msg)) &&
	       strstr(msg, "PORT"), "an input out of range is refused: %s", msg);
	tap_ok(th_write(g, "ss", "tickets", "1 -1", msg, sizeof(msg)) &&
	       strstr(msg, "0 or more"), "negative tickets are refused: %s", msg);
	th_write(g, "ss", "tickets", "2 0", NULL, 0);
	th_write(g, "ss", "tickets", "1 0", NULL, 0);
	/* Input 1 empties: input 0 has every pull. */
	while (th_num(g, "q0", "length") > 0) {
		struct kc_pkt *p = th_pull(g, "q0");

		kc_pkt_drop(p);
	}
	th_push(g, "q0", 0, tagged(0));
	th_push(g, "q0", 0, tagged(0));
	th_write(g, "ss", "tickets", "1 1", NULL, 0);
	for (i = 0; i < 5; i++)
		kc_pkt_drop(th_pull(g, "q1"));
	pull_tags(g, "ss", 6, got);
	tap_ok(!strncmp(got, "0", 1) || !strncmp(got, "1", 1),
	       "inputs with packets are found past empty ones (%s)", got);
	th_free(g);
}

/*
 * LinkUnqueue(10ms, 8kbps) = 1,000 B/s: 100-byte packets take 100 ms each
 * on the link and arrive 10 ms after; the link pulls the next only when
 * the last is all on, so the rest wait in the queue; `size` counts what
 * is in transit and `reset` drops it.  DelayUnqueue(1s): a delay written
 * smaller releases the held packet at once.
 */
static void test_unqueues(void)
{
	struct kc_graph *g;
	unsigned long runs;
	int i;

	kc_user_clock_set(t0);
	g = th_build(
		"Idle -> q :: Queue(100) -> lu :: LinkUnqueue(10ms, 8kbps) -> c :: Counter -> Discard;"
		"Idle -> q2 :: Queue(100) -> du :: DelayUnqueue(1s) -> c2 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "unqueue graph: %s", msg);
		return;
	}
	runs = kc_user_task_runs;
	for (i = 0; i < 5; i++)
		th_push(g, "q", 0, th_pkt(100, 0x0800));
	tap_ok(th_num(g, "lu", "size") == 1 && th_num(g, "q", "length") == 4,
	       "LinkUnqueue takes one packet onto the link, four wait (size %lld, queue %lld)",
	       th_num(g, "lu", "size"), th_num(g, "q", "length"));
	drain_until(t0 + 109 * MS);
	tap_ok(th_num(g, "c", "count") == 0, "nothing arrives before 110 ms");
	drain_until(t0 + 110 * MS);
	tap_ok(th_num(g, "c", "count") == 1, "the first arrives at 100 + 10 ms");
	drain_until(t0 + 410 * MS);
	tap_ok(th_num(g, "c", "count") == 4 && th_num(g, "q", "length") == 0,
	       "one each 100 ms after (%lld by 410 ms)", th_num(g, "c", "count"));
	tap_ok(th_num(g, "lu", "size") == 1 && kc_user_timers_next() == t0 + 500 * MS,
	       "the last in transit, a timer for when the link is free (500 ms)");
	tap_ok(!th_write(g, "lu", "reset", "", msg, sizeof(msg)) &&
	       th_num(g, "lu", "size") == 0, "reset drops what is in transit");
	drain_until(t0 + 2 * SEC);
	tap_ok(th_num(g, "c", "count") == 4, "and it never arrives");
	tap_ok(kc_user_task_runs - runs < 40,
	       "LinkUnqueue slept between packets (%lu task runs)",
	       kc_user_task_runs - runs);

	th_push(g, "q2", 0, th_pkt(60, 0x0800));
	th_push(g, "q2", 0, th_pkt(60, 0x0800));
	drain_until(t0 + 2500 * MS);
	tap_ok(th_num(g, "c2", "count") == 0 && th_num(g, "q2", "length") == 1,
	       "DelayUnqueue holds one packet, the other waits in the queue");
	th_write(g, "du", "delay", "0.2", NULL, 0);
	drain_until(t0 + 2500 * MS);
	tap_ok(th_num(g, "c2", "count") == 1,
	       "delay 0.2 written 0.5 s in: the held packet leaves at once");
	drain_until(t0 + 2699 * MS);
	tap_ok(th_num(g, "c2", "count") == 1, "the next is held for 0.2 s");
	drain_until(t0 + 2700 * MS);
	tap_ok(th_num(g, "c2", "count") == 2, "and leaves at 0.2 s");
	tap_ok(!strcmp((th_read(g, "du", "delay", msg, sizeof(msg)), msg), "0.2"),
	       "delay reads 0.2 (%s)", msg);
	th_free(g);
	kc_user_clock_set(0);
}

int main(void)
{
	test_pingpong("BandwidthShaper(80kbps)", "BandwidthShaper");
	test_pingpong("Shaper(100)", "Shaper");
	test_pingpong("DelayShaper(50ms)", "DelayShaper");
	test_stridesched();
	test_unqueues();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
