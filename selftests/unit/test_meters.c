// SPDX-License-Identifier: GPL-2.0
/*
 * SetIPDSCP, Meter, BandwidthMeter, RED and the rate monitors on packets,
 * in the userspace harness on the virtual clock (their configuration cases
 * are in test_elements.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"

static char msg[2048];

#define SEC	1000000000ULL

/* An IPv4/UDP frame of len bytes (42 or more), TOS tos, checksum right. */
static struct kc_pkt *ip_pkt(u32 len, u8 tos)
{
	struct kc_pkt *p = th_pkt(len, 0x0800);
	u8 *ip = kc_pkt_data(p) + 14;
	u16 c;

	memcpy(ip, "\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00"
		   "\x0a\x00\x00\x01\x0a\x00\x00\x02", 20);
	ip[1] = tos;
	ip[2] = (len - 14) >> 8;
	ip[3] = (len - 14) & 0xff;
	memset(ip + 20, 0, 8);
	c = kc_ip_csum(ip, 5);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	return p;
}

static void drain_call(void *arg)
{
	kc_user_tasks_drain(*(u64 *)arg);
}

/* Run every task and timer on the virtual clock up to t ns. */
static void drain_until(u64 t)
{
	kc_user_on_stack(drain_call, &t);
}

static struct kc_graph *build(const char *text)
{
	struct kc_graph *g = th_build(text, msg, sizeof(msg), NULL);

	if (!g)
		tap_ok(0, "graph builds: %s", msg);
	return g;
}

/*
 * SetIPDSCP: the DSCP changes, the ECN bits stay, the checksum is still
 * right (CheckIPHeader after it would drop the packet otherwise).
 */
static void test_setipdscp(void)
{
	struct kc_graph *g;
	char buf[64];

	g = build("Idle -> d :: SetIPDSCP(46) -> CheckIPHeader(14)"
		  " -> cl :: Classifier(15/b9, 15/b8, 15/ba, 15/01, -);"
		  "Idle -> mk :: MarkIPHeader(14) -> d;"
		  "cl[0] -> ecn :: Counter -> Discard;"
		  "cl[1] -> noecn :: Counter -> Discard;"
		  "cl[2] -> ect0 :: Counter -> Discard;"
		  "cl[3] -> zero :: Counter -> Discard;"
		  "cl[4] -> other :: Counter -> Discard;"
		  "Idle -> d2 :: SetIPDSCP(1) -> Discard;");
	if (!g)
		return;
	th_push(g, "mk", 0, ip_pkt(60, 0x01));	/* ECT(1) */
	th_push(g, "mk", 0, ip_pkt(60, 0xfe));	/* DSCP 63, ECT(0) */
	th_push(g, "mk", 0, ip_pkt(60, 0x00));
	tap_ok(th_num(g, "ecn", "count") == 1 && th_num(g, "noecn", "count") == 1 &&
	       th_num(g, "ect0", "count") == 1 && th_num(g, "other", "count") == 0,
	       "SetIPDSCP(46): TOS 0xb8 with the ECN bits kept, checksums right (%lld %lld %lld %lld)",
	       th_num(g, "ecn", "count"), th_num(g, "noecn", "count"),
	       th_num(g, "ect0", "count"), th_num(g, "other", "count"));
	th_read(g, "d", "dscp", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "46"), "dscp reads 46 (%s)", buf);
	tap_ok(th_write(g, "d", "dscp", "64", msg, sizeof(msg)) &&
	       strstr(msg, "DSCP: 64 is above 63"), "dscp 64 refused: %s", msg);
	tap_ok(!th_write(g, "d", "dscp", "0", msg, sizeof(msg)), "dscp 0 written");
	th_push(g, "mk", 0, ip_pkt(60, 0xb9));
	tap_ok(th_num(g, "zero", "count") == 1 && th_num(g, "other", "count") == 0,
	       "then TOS 0xb9 becomes 0x01");
	th_push(g, "d2", 0, th_pkt(12, 0x0800));
	tap_ok(th_num(g, "d2", "drops") == 1 && th_num(g, "d", "drops") == 0,
	       "a packet too short for an IP header is dropped and counted");
	th_free(g);

	/* SetIPECN: the ECN bits change, the DSCP stays. */
	g = build("Idle -> mk :: MarkIPHeader(14) -> e :: SetIPECN(ECT(0)) -> CheckIPHeader(14)"
		  " -> cl :: Classifier(15/ba, 15/bb, -);"
		  "cl[0] -> ect0 :: Counter -> Discard;"
		  "cl[1] -> ce :: Counter -> Discard;"
		  "cl[2] -> other :: Counter -> Discard;");
	if (!g)
		return;
	th_push(g, "mk", 0, ip_pkt(60, 0xb9));
	th_push(g, "mk", 0, ip_pkt(60, 0xb8));
	tap_ok(th_num(g, "ect0", "count") == 2 && th_num(g, "other", "count") == 0,
	       "SetIPECN(ECT(0)): TOS 0xb9 and 0xb8 become 0xba, checksums right");
	tap_ok(!th_write(g, "e", "ecn", "CE", msg, sizeof(msg)) &&
	       th_num(g, "e", "ecn") == 3, "ecn written as CE reads 3");
	th_push(g, "mk", 0, ip_pkt(60, 0xb8));
	tap_ok(th_num(g, "ce", "count") == 1, "then 0xb8 becomes 0xbb");
	th_free(g);
}

/*
 * Push n packets of len bytes through element name, evenly over dur ns
 * from t; the clock is left at the end.
 */
static void stream(struct kc_graph *g, const char *name, u64 t, u64 dur,
		   int n, u32 len)
{
	int i;

	for (i = 0; i < n; i++) {
		kc_user_clock_set(t + dur * i / n);
		th_push(g, name, 0, ip_pkt(len, 0));
	}
	kc_user_clock_set(t + dur);
}

static void test_meter(void)
{
	const u64 t0 = 5 * SEC;
	struct kc_graph *g;
	long long r, c0, c1, c2;
	char buf[256];

	g = build("Idle -> m :: Meter(500, 2000);"
		  "m[0] -> c0 :: Counter -> Discard;"
		  "m[1] -> c1 :: Counter -> Discard;"
		  "m[2] -> c2 :: Counter -> Discard;"
		  "Idle -> b :: BandwidthMeter(480kbps);"
		  "b[0] -> b0 :: Counter -> Discard;"
		  "b[1] -> b1 :: Counter -> Discard;");
	if (!g)
		return;
	/* 1,000 packets/s for 1 s. */
	stream(g, "m", t0, SEC, 1000, 60);
	r = th_num(g, "m", "rate");
	tap_ok(r >= 950 && r <= 1050, "Meter: 1000 packets/s measured as %lld", r);
	c0 = th_num(g, "c0", "count");
	c1 = th_num(g, "c1", "count");
	tap_ok(c0 + c1 == 1000 && th_num(g, "c2", "count") == 0,
	       "below 2000/s nothing goes to output 2");
	tap_ok(c0 > 0 && c0 < 100 && c1 > 900,
	       "the first few tens of ms under 500/s (%lld), then output 1 (%lld)",
	       c0, c1);
	/* 5,000 packets/s for 1 s: output 2 after the ramp. */
	stream(g, "m", t0 + SEC, SEC, 5000, 60);
	c2 = th_num(g, "c2", "count");
	tap_ok(c2 > 4800 && th_num(g, "c1", "count") - c1 < 200 &&
	       th_num(g, "c0", "count") == c0,
	       "5000/s: output 2 (%lld), a ramp on output 1 only", c2);
	/* Idle for 1 s: the average has decayed, the next packet is slow. */
	kc_user_clock_set(t0 + 3 * SEC);
	tap_ok(th_num(g, "m", "rate") == 0, "after 1 s idle the rate reads 0");
	th_push(g, "m", 0, ip_pkt(60, 0));
	tap_ok(th_num(g, "c0", "count") == c0 + 1, "and a packet goes to output 0");
	th_read(g, "m", "meters", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "500\n2000\n"), "meters lists the rates (%s)", buf);

	/*
	 * BandwidthMeter(480kbps = 60,000 B/s): 1,000 packets/s of 50 bytes,
	 * then of 100 bytes: the same packet rate, bytes decide.
	 */
	stream(g, "b", t0 + 4 * SEC, SEC, 1000, 50);
	r = th_num(g, "b", "rate");
	tap_ok(th_num(g, "b1", "count") == 0 && r >= 47500 && r <= 52500,
	       "BandwidthMeter: 50000 B/s (%lld) stays on output 0", r);
	stream(g, "b", t0 + 5 * SEC, SEC, 1000, 100);
	r = th_num(g, "b", "rate");
	tap_ok(th_num(g, "b1", "count") > 950 && r >= 95000 && r <= 105000,
	       "100000 B/s (%lld): output 1 (%lld)", r, th_num(g, "b1", "count"));
	th_read(g, "b", "meters", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "480kbps\n"), "meters in Click's units (%s)", buf);
	th_free(g);
	kc_user_clock_set(0);
}

/*
 * RED in front of a queue nobody empties: the first packets pass, drops
 * begin once the average passes MIN_THRESH, and past 2 * MAX_THRESH
 * (GENTLE) every packet is dropped, so the queue stops growing.
 */
static void test_red_drop(void)
{
	long long len, drops, len2;
	struct kc_graph *g;
	char buf[256];
	int i;

	kc_user_clock_set(SEC);
	g = build("Idle -> r :: RED(5, 10, 0.1) -> q :: Queue(1000) -> u :: Unqueue(ACTIVE false) -> Discard;"
		  "Idle -> r2 :: RED(2, 4, 0.5, STABILITY 0, GENTLE false);"
		  "r2[0] -> q2 :: Queue(1000) -> Idle; r2[1] -> out1 :: Counter -> Discard;");
	if (!g)
		return;
	for (i = 0; i < 5; i++)
		th_push(g, "r", 0, ip_pkt(60, 0));
	tap_ok(th_num(g, "q", "length") == 5 && th_num(g, "r", "drops") == 0,
	       "RED: the first MIN_THRESH packets are never dropped");
	for (i = 0; i < 495; i++)
		th_push(g, "r", 0, ip_pkt(60, 0));
	len = th_num(g, "q", "length");
	drops = th_num(g, "r", "drops");
	tap_ok(len + drops == 500 && drops > 0 && len > 20 && len < 60,
	       "500 packets: %lld queued, %lld dropped", len, drops);
	th_read(g, "r", "avg_queue_size", buf, sizeof(buf));
	tap_ok(atof(buf) > 20 && atof(buf) <= len,
	       "the average (%s) is past 2 * MAX_THRESH and at most the length",
	       buf);
	for (i = 0; i < 100; i++)
		th_push(g, "r", 0, ip_pkt(60, 0));
	tap_ok(th_num(g, "q", "length") == len &&
	       th_num(g, "r", "drops") == drops + 100,
	       "past 2 * MAX_THRESH every packet is dropped");
	/*
	 * Emptied: the first packet to find the queue empty starts the idle
	 * clock; 1 s later the average has had 50 steps of 1/16 (x 0.04),
	 * 6 s later it is 0.
	 */
	th_write(g, "u", "active", "true", NULL, 0);
	drain_until(SEC);
	tap_ok(th_num(g, "q", "length") == 0, "the queue drains");
	kc_user_clock_set(2 * SEC);	/* u empties q at once from now on */
	th_push(g, "r", 0, ip_pkt(60, 0));
	th_read(g, "r", "avg_queue_size", buf, sizeof(buf));
	tap_ok(atof(buf) > 20, "one packet on an empty queue: one step (%s)", buf);
	kc_user_clock_set(3 * SEC);
	th_push(g, "r", 0, ip_pkt(60, 0));
	th_read(g, "r", "avg_queue_size", buf, sizeof(buf));
	tap_ok(atof(buf) < 2 && atof(buf) > 0.5, "1 s later: 50 steps (%s)", buf);
	kc_user_clock_set(9 * SEC);
	th_push(g, "r", 0, ip_pkt(60, 0));
	th_read(g, "r", "avg_queue_size", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0.000"), "6 s later: 0 (%s)", buf);

	/* STABILITY 0, no GENTLE, output 1: length 4 and up, all go there. */
	for (i = 0; i < 20; i++)
		th_push(g, "r2", 0, ip_pkt(60, 0));
	len2 = th_num(g, "q2", "length");
	tap_ok(len2 >= 3 && len2 <= 5 && th_num(g, "out1", "count") == 20 - len2 &&
	       th_num(g, "r2", "drops") == 20 - len2,
	       "STABILITY 0, GENTLE false: the queue stops at %lld, the rest on output 1",
	       len2);
	th_read(g, "r2", "queues", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "q2\n"), "queues names the queue found downstream (%s)", buf);
	th_read(g, "r2", "config", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "2, 4, 0.5, STABILITY 0, GENTLE false, ECN false"),
	       "config: %s", buf);
	tap_ok(!th_write(g, "r2", "max_p", "0.02", msg, sizeof(msg)) &&
	       !th_write(g, "r2", "max_thresh", "40", msg, sizeof(msg)),
	       "max_p and max_thresh written");
	th_read(g, "r2", "max_p", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0.02"), "max_p reads 0.02 (%s)", buf);
	tap_ok(th_write(g, "r2", "min_thresh", "41", msg, sizeof(msg)) &&
	       strstr(msg, "MIN_THRESH (41) must be at most MAX_THRESH (40)"),
	       "min_thresh above max_thresh refused: %s", msg);
	tap_ok(th_write(g, "r2", "max_p", "1.5", msg, sizeof(msg)) &&
	       strstr(msg, "MAX_P"), "max_p 1.5 refused: %s", msg);
	th_free(g);
	kc_user_clock_set(0);
}

/*
 * ECN true: ECN-capable packets chosen for marking get CE and are queued;
 * others are dropped; past 2 * MAX_THRESH all are dropped.
 */
static void test_red_ecn(void)
{
	long long ce, marks, drops, q;
	struct kc_graph *g;
	int i;

	kc_user_clock_set(SEC);
	g = build("Idle -> mk :: MarkIPHeader(14)"
		  " -> r :: RED(2, 20, 0.5, ECN true, QUEUES q1 q2)"
		  " -> cl :: Classifier(15/03, -);"
		  "cl[0] -> ce :: Counter -> q1 :: Queue(1000) -> Idle;"
		  "cl[1] -> q2 :: Queue(1000) -> Idle;"
		  );
	if (!g)
		return;
	for (i = 0; i < 30; i++)
		th_push(g, "mk", 0, ip_pkt(60, 0x02));	/* ECT(0) */
	ce = th_num(g, "ce", "count");
	marks = th_num(g, "r", "marks");
	q = th_num(g, "q1", "length") + th_num(g, "q2", "length");
	tap_ok(marks > 0 && ce == marks && th_num(g, "r", "drops") == 0 && q == 30,
	       "ECT packets: %lld marked CE, none dropped, all 30 queued", marks);
	th_free(g);
	tap_ok(1, "(graph freed)");
	g = build("Idle -> mk :: MarkIPHeader(14)"
		  " -> r :: RED(2, 20, 0.5, ECN true) -> q :: Queue(1000) -> Idle;");
	if (!g)
		return;
	for (i = 0; i < 30; i++)
		th_push(g, "mk", 0, ip_pkt(60, 0x00));	/* not ECT */
	drops = th_num(g, "r", "drops");
	tap_ok(drops > 0 && th_num(g, "r", "marks") == 0 &&
	       th_num(g, "q", "length") == 30 - drops,
	       "not-ECT packets are dropped instead (%lld)", drops);
	for (i = 0; i < 200; i++)
		th_push(g, "mk", 0, ip_pkt(60, 0x01));	/* ECT(1) */
	q = th_num(g, "q", "length");
	for (i = 0; i < 20; i++)
		th_push(g, "mk", 0, ip_pkt(60, 0x01));
	tap_ok(th_num(g, "r", "marks") > 0 && q < 100 &&
	       th_num(g, "q", "length") == q,
	       "past 2 * MAX_THRESH even ECT packets are dropped (queue at %lld)", q);
	th_free(g);
	kc_user_clock_set(0);
}

/* AverageCounter: counts, the strict average rate, IGNORE, reset. */
static void test_averagecounter(void)
{
	struct kc_graph *g;
	char buf[64];

	g = build("Idle -> a :: AverageCounter -> Discard;"
		  "Idle -> b :: AverageCounter(1) -> Discard;");
	if (!g)
		return;
	th_read(g, "a", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0"), "AverageCounter: no packets, rate 0 (%s)", buf);
	/* 1,001 packets of 100 bytes at 1 ms: 1000 intervals in 1 s. */
	stream(g, "a", SEC, SEC + SEC / 1000, 1001, 100);
	stream(g, "b", SEC, 2 * SEC + SEC / 1000, 2001, 100);
	tap_ok(th_num(g, "a", "count") == 1001 &&
	       th_num(g, "a", "byte_count") == 100100, "counts 1001 packets, 100100 bytes");
	th_read(g, "a", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "1001"), "rate: 1001 packets over 1 s (%s)", buf);
	th_read(g, "a", "byte_rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "100100"), "byte_rate: 100100 (%s)", buf);
	tap_ok(th_num(g, "b", "count") == 1001,
	       "IGNORE 1: the first second's 1000 packets are not counted (%lld)",
	       th_num(g, "b", "count"));
	th_read(g, "b", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "1001"), "and the rate is over the second after (%s)", buf);
	th_write(g, "a", "reset", "", NULL, 0);
	tap_ok(th_num(g, "a", "count") == 0, "reset zeroes the count");
	stream(g, "a", 4 * SEC, 2 * SEC, 3, 100);	/* 0, 2/3, 4/3 s */
	th_read(g, "a", "rate", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "2.25"), "after reset: 3 packets in 4/3 s, 2.25/s (%s)", buf);
	th_free(g);
	kc_user_clock_set(0);
}

int main(void)
{
	test_setipdscp();
	test_meter();
	test_red_drop();
	test_red_ecn();
	test_averagecounter();
	tap_ok(th_no_leak(), "every packet freed");
	return tap_done();
}
