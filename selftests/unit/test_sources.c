// SPDX-License-Identifier: GPL-2.0
/*
 * Packet sources (issue 15) in the userspace harness, under ASan and
 * UBSan: InfiniteSource stops exactly at LIMIT, sends BURST per task run,
 * decodes \<hex> DATA, and its active, limit and reset handlers start and
 * stop it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include "../../elements/shared.h"

static char msg[4096];

static void on_stack_tasks(void *arg)
{
	(void)arg;
	kc_user_tasks_run();
}

static void test_infinite(void)
{
	struct kc_graph *g = th_build(
		"s :: InfiniteSource(\\<00 0102 ff>x, LIMIT 10, BURST 3)"
		" -> c :: Counter -> q :: Queue(100) -> Idle;"
		" t :: InfiniteSource(LIMIT 5, ACTIVE false) -> c2 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	struct kc_elem *s;
	struct kc_pkt *p;

	if (!g) {
		tap_ok(0, "InfiniteSource graph: %s", msg);
		return;
	}
	s = kc_graph_find(g, "s");
	/* One task run by hand: BURST packets. */
	s->cls->run_task(s);
	tap_ok(th_num(g, "c", "count") == 3, "one task run sends BURST 3");
	kc_user_on_stack(on_stack_tasks, NULL);
	tap_ok(th_num(g, "c", "count") == 10 && th_num(g, "s", "count") == 10,
	       "then it stops at LIMIT 10 exactly");
	p = kc_queue_pull(kc_graph_find(g, "q"), 0);
	tap_ok(p && kc_pkt_len(p) == 5 &&
	       !memcmp(kc_pkt_data(p), "\x00\x01\x02\xff" "x", 5) &&
	       kc_pkt_headroom(p) >= 14,
	       "DATA \\<00 0102 ff>x is the 5 bytes 00 01 02 ff 'x', with headroom");
	if (p)
		kc_pkt_drop(p);
	tap_ok(th_num(g, "c2", "count") == 0 &&
	       th_read(g, "t", "active", msg, sizeof(msg)) >= 0 &&
	       !strcmp(msg, "false"), "ACTIVE false sends nothing");
	tap_ok(th_write(g, "t", "active", "true", msg, sizeof(msg)) == 0,
	       "active written true");
	kc_user_on_stack(on_stack_tasks, NULL);
	tap_ok(th_num(g, "c2", "count") == 5, "then it sends its LIMIT 5");
	/* The default DATA: 64 bytes or more. */
	tap_ok(th_write(g, "s", "limit", "12", msg, sizeof(msg)) == 0 &&
	       th_write(g, "s", "limit", "-2", msg, sizeof(msg)) < 0,
	       "limit 12 accepted, -2 refused");
	kc_user_on_stack(on_stack_tasks, NULL);
	tap_ok(th_num(g, "c", "count") == 12, "a higher limit sends 2 more");
	tap_ok(th_write(g, "s", "reset", "", msg, sizeof(msg)) == 0,
	       "reset written");
	kc_user_on_stack(on_stack_tasks, NULL);
	tap_ok(th_num(g, "c", "count") == 24 && th_num(g, "s", "count") == 12,
	       "reset: count 0 and 12 more sent");
	th_free(g);
}

static void test_default_data(void)
{
	struct kc_graph *g = th_build(
		"InfiniteSource(LIMIT 1) -> c :: Counter -> Discard;",
		msg, sizeof(msg), NULL);

	if (!g) {
		tap_ok(0, "default graph: %s", msg);
		return;
	}
	kc_user_on_stack(on_stack_tasks, NULL);
	tap_ok(th_num(g, "c", "count") == 1 &&
	       th_num(g, "c", "byte_count") >= 64,
	       "the default DATA is one packet of at least 64 bytes");
	th_free(g);
	g = th_build("InfiniteSource(\\<0g>) -> Discard;", msg, sizeof(msg),
		     NULL);
	tap_ok(!g && strstr(msg, "DATA"), "DATA \\<0g> is refused: %s", msg);
	th_free(g);
}

static void drain_call(void *arg)
{
	kc_user_tasks_drain(*(u64 *)arg);
}

static void test_rated(void)
{
	struct kc_graph *g;
	u64 t;

	kc_user_clock_set(1);
	g = th_build("s :: RatedSource(\\<00>, 1000, LIMIT 60) -> c :: Counter -> Discard;",
		     msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "RatedSource graph: %s", msg);
		return;
	}
	t = 1 + 49500000;	/* 49.5 ms on: packets at 0, 1, ..., 49 ms */
	kc_user_on_stack(drain_call, &t);
	tap_ok(th_num(g, "c", "count") == 50,
	       "RATE 1000: 50 packets in the first 49.5 ms (got %lld)",
	       th_num(g, "c", "count"));
	tap_ok(th_write(g, "s", "rate", "0", msg, sizeof(msg)) < 0 &&
	       th_write(g, "s", "rate", "100", msg, sizeof(msg)) == 0,
	       "rate 0 refused, 100 accepted");
	t = 1 + 149500000;	/* from 50 ms at 10 ms each: 50 .. 140 ms */
	kc_user_on_stack(drain_call, &t);
	tap_ok(th_num(g, "c", "count") == 60,
	       "then RATE 100: LIMIT 60 reached by 149.5 ms (got %lld)",
	       th_num(g, "c", "count"));
	t = 10000000000ULL;
	kc_user_on_stack(drain_call, &t);
	tap_ok(th_num(g, "c", "count") == 60, "and no more after 10 s");
	th_free(g);
	g = th_build("s :: RatedSource(RATE 10000001) -> Discard;", msg,
		     sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "RATE"), "RATE 10000001 refused: %s", msg);
	th_free(g);
}

/* Click's LENGTH and DATASIZE: DATA cut short or repeated. */
static void test_length(void)
{
	struct kc_graph *g = th_build(
		"s :: InfiniteSource(abc, LIMIT 1, LENGTH 7) -> q :: Queue -> Idle;"
		" t :: InfiniteSource(abcdef, LIMIT 1, DATASIZE 2) -> q;"
		" r :: RatedSource(xy, LIMIT 1, LENGTH 3) -> q;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p[3];
	u64 t;
	int i;

	if (!g) {
		tap_ok(0, "sources with LENGTH: %s", msg);
		return;
	}
	t = 20000000000ULL;
	kc_user_on_stack(drain_call, &t);
	for (i = 0; i < 3; i++)
		p[i] = kc_queue_pull(kc_graph_find(g, "q"), 0);
	tap_ok(p[0] && kc_pkt_len(p[0]) == 7 &&
	       !memcmp(kc_pkt_data(p[0]), "abcabca", 7),
	       "InfiniteSource(abc, LENGTH 7): DATA repeated to 7 bytes");
	tap_ok(p[1] && kc_pkt_len(p[1]) == 2 &&
	       !memcmp(kc_pkt_data(p[1]), "ab", 2),
	       "InfiniteSource(abcdef, DATASIZE 2): DATA cut to 2 bytes");
	tap_ok(p[2] && kc_pkt_len(p[2]) == 3 &&
	       !memcmp(kc_pkt_data(p[2]), "xyx", 3),
	       "RatedSource(xy, LENGTH 3): xyx");
	for (i = 0; i < 3; i++)
		if (p[i])
			kc_pkt_drop(p[i]);
	th_free(g);
	g = th_build("s :: InfiniteSource(LENGTH 20000) -> Discard;", msg,
		     sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "LENGTH: 20000 bytes, at most 16384"),
	       "LENGTH over the DATA bound is refused: %s", msg);
	th_free(g);
}

int main(void)
{
	test_infinite();
	test_rated();
	test_default_data();
	test_length();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
