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
#include <kclick/proto.h>

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

/* The UDP checksum of an Ethernet/IPv4/UDP frame verifies (or is 0). */
static bool udp_csum_ok(const u8 *f, u32 len)
{
	const u8 *ip = f + 14;
	u8 ph[12];

	if (!kc_get16(ip + 26))
		return false;
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = 17;
	kc_put16(ph + 10, len - 34);
	return kc_csum_fold(kc_csum_add(kc_csum_add(0, ph, 12), ip + 20,
					len - 34)) == 0;
}

/* Click's FastUDPSource: the frame it makes, INTERVAL, LIMIT. */
static void test_fastudp(void)
{
	struct kc_graph *g = th_build(
		"s :: FastUDPSource(1000, 5, 70, 2:0:0:0:0:1, 10.0.0.1, 1234,"
		" 2:0:0:0:0:2, 10.0.0.2, 53, true, 2) -> q :: Queue -> Idle;"
		" t :: FastUDPSource(1000, 1, 20, 2:0:0:0:0:1, 10.0.0.1, 1,"
		" 2:0:0:0:0:2, 10.0.0.2, 2, false) -> q;",
		msg, sizeof(msg), NULL);
	static const u16 want_sport[5] = { 1234, 1234, 1235, 1235, 1236 };
	struct kc_pkt *p;
	int ok = 1, n = 0, short_ok = 0;
	u64 t = 40000000000ULL;

	if (!g) {
		tap_ok(0, "FastUDPSource graph: %s", msg);
		return;
	}
	kc_user_on_stack(drain_call, &t);
	while ((p = kc_queue_pull(kc_graph_find(g, "q"), 0))) {
		const u8 *f = kc_pkt_data(p), *ip = f + 14;

		if (kc_pkt_len(p) == 60) {
			/* t: LENGTH 20 raised to 60, CHECKSUM false */
			short_ok = kc_get16(ip + 2) == 46 && !kc_get16(ip + 26) &&
				   kc_get16(ip + 20) == 1;
		} else if (n < 5) {
			ok &= kc_pkt_len(p) == 70 &&
			      !memcmp(f, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00", 14) &&
			      ip[0] == 0x45 && kc_get16(ip + 2) == 56 &&
			      ip[8] == 250 && ip[9] == 17 &&
			      kc_csum_fold(kc_csum_add(0, ip, 20)) == 0 &&
			      kc_get16(ip + 20) == want_sport[n] &&
			      kc_get16(ip + 22) == want_sport[n] - 1234 + 53 &&
			      kc_get16(ip + 24) == 36 && udp_csum_ok(f, 70) &&
			      kc_pkt_anno(p)->dst_ip == cpu_to_be32(0x0a000002);
			n++;
		} else {
			n++;
		}
		kc_pkt_drop(p);
	}
	tap_ok(ok && n == 5 && th_num(g, "s", "count") == 5,
	       "FastUDPSource: LIMIT 5 frames of 70 bytes, Ethernet, IP (TTL 250) and UDP headers and checksums right, ports up by one every INTERVAL 2, DST_IP annotated (%d)",
	       n);
	tap_ok(short_ok, "LENGTH 20 is raised to 60 as in Click; CHECKSUM false leaves the UDP checksum 0");
	th_free(g);
}

int main(void)
{
	test_infinite();
	test_rated();
	test_default_data();
	test_length();
	test_fastudp();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
