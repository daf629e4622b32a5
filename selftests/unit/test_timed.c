// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 15's timed elements in the userspace harness, under ASan and
 * UBSan, on the virtual clock: PullTee copies what is pulled through it,
 * SetTimestamp stamps, TimedSource and TimedSink keep their INTERVAL,
 * ICMPPingSource builds echo requests and counts replies, RatedSplitter
 * splits at its rate, DelayShaper holds a packet until its time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include <kclick/proto.h>
#include "../../elements/shared.h"

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

struct pull_call {
	struct kc_elem *e;
	struct kc_pkt *p;
};

static void pull_call(void *arg)
{
	struct pull_call *c = arg;

	c->p = kc_run_pull(c->e, 0);
}

/* Pull one packet from element name's output 0 (a Queue). */
static struct kc_pkt *th_pull(struct kc_graph *g, const char *name)
{
	struct pull_call c = { .e = kc_graph_find(g, name) };

	kc_user_on_stack(pull_call, &c);
	return c.p;
}

static void test_pulltee(void)
{
	struct kc_graph *g = th_build(
		"Idle -> q :: Queue(100) -> pt :: PullTee -> u :: Unqueue -> c0 :: Counter -> Discard;"
		"pt[1] -> c1 :: Counter -> q1 :: Queue(100) -> Idle;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p;
	int i;

	if (!g) {
		tap_ok(0, "PullTee graph: %s", msg);
		return;
	}
	for (i = 0; i < 5; i++)
		th_push(g, "q", 0, th_pkt(60 + i, 0x0800));
	tap_ok(th_num(g, "c0", "count") == 5 && th_num(g, "c1", "count") == 5,
	       "PullTee: 5 pulled through output 0, 5 copies pushed out of output 1 (%lld, %lld)",
	       th_num(g, "c0", "count"), th_num(g, "c1", "count"));
	tap_ok(th_num(g, "c1", "byte_count") == th_num(g, "c0", "byte_count") &&
	       th_num(g, "c0", "byte_count") == 60 + 61 + 62 + 63 + 64,
	       "the copies are the packets' lengths (%lld bytes)",
	       th_num(g, "c1", "byte_count"));
	p = th_pull(g, "q1");
	tap_ok(p && kc_pkt_len(p) == 60 && kc_pkt_data(p)[20] == 20,
	       "the first copy is the first packet, bytes and all");
	if (p)
		kc_pkt_drop(p);
	th_free(g);
	g = th_build("Idle -> Queue -> pt :: PullTee -> Tee -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g, "PullTee's output 0 is pull: into Tee's push input it is refused (%s)",
	       msg);
	th_free(g);
}

static void test_settimestamp(void)
{
	struct kc_graph *g;
	struct kc_pkt *p;

	kc_user_clock_set(t0 + 123);
	g = th_build(
		"Idle -> st :: SetTimestamp -> q :: Queue(10) -> Idle;"
		"Idle -> st2 :: SetTimestamp(1700000000.25) -> q2 :: Queue(10) -> Idle;"
		"Idle -> q3 :: Queue(10) -> st3 :: SetTimestamp(7ms) -> u :: Unqueue -> q4 :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "SetTimestamp graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	th_push(g, "st", 0, th_pkt(60, 0x0800));
	th_push(g, "st2", 0, th_pkt(60, 0x0800));
	th_push(g, "q3", 0, th_pkt(60, 0x0800));
	p = th_pull(g, "q");
	tap_ok(p && kc_pkt_tstamp_ns(p) == t0 + 123,
	       "SetTimestamp stamps the time of passage (%llu)",
	       p ? (unsigned long long)kc_pkt_tstamp_ns(p) : 0ULL);
	if (p)
		kc_pkt_drop(p);
	p = th_pull(g, "q2");
	tap_ok(p && kc_pkt_tstamp_ns(p) == 1700000000250000000ULL,
	       "SetTimestamp(1700000000.25) stamps that time");
	if (p)
		kc_pkt_drop(p);
	p = th_pull(g, "q4");
	tap_ok(p && kc_pkt_tstamp_ns(p) == 7 * MS,
	       "pulled, SetTimestamp(7ms) stamps too");
	if (p)
		kc_pkt_drop(p);
	th_free(g);
	kc_user_clock_set(0);
}

static void test_timedsource(void)
{
	struct kc_graph *g;
	char buf[256];

	kc_user_clock_set(t0);
	g = th_build(
		"ts :: TimedSource(0.2, \\<0800>x, LIMIT 4) -> c :: Counter -> Discard;"
		"dflt :: TimedSource -> c2 :: Counter -> Discard;"
		"off :: TimedSource(10ms, ACTIVE false) -> c3 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "TimedSource graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	drain_until(t0 + 199 * MS);
	tap_ok(th_num(g, "c", "count") == 0,
	       "TimedSource: nothing before the first INTERVAL (%lld)",
	       th_num(g, "c", "count"));
	drain_until(t0 + 200 * MS);
	tap_ok(th_num(g, "c", "count") == 1 && th_num(g, "c", "byte_count") == 3,
	       "the first packet, 3 bytes, at INTERVAL 0.2 s");
	drain_until(t0 + 700 * MS);
	tap_ok(th_num(g, "c", "count") == 3,
	       "3 by 0.7 s (%lld)", th_num(g, "c", "count"));
	drain_until(t0 + 5 * SEC);
	tap_ok(th_num(g, "c", "count") == 4 && th_num(g, "ts", "count") == 4,
	       "then it stops at LIMIT 4 (%lld)", th_num(g, "c", "count"));
	tap_ok(th_num(g, "c2", "count") == 10,
	       "the default INTERVAL is 0.5 s: 10 packets in 5 s (%lld)",
	       th_num(g, "c2", "count"));
	tap_ok(th_num(g, "c2", "byte_count") >= 640,
	       "the default DATA is at least 64 bytes");
	tap_ok(th_num(g, "c3", "count") == 0, "ACTIVE false sends nothing");
	th_read(g, "ts", "data", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "\\<08>\\<00>x"), "data reads back as \\<08>\\<00>x (%s)", buf);
	th_read(g, "ts", "interval", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0.2"), "interval reads 0.2 (%s)", buf);
	tap_ok(!th_write(g, "ts", "data", "abcde", msg, sizeof(msg)) &&
	       !th_write(g, "ts", "interval", "50ms", msg, sizeof(msg)) &&
	       !th_write(g, "ts", "limit", "6", msg, sizeof(msg)),
	       "data, interval and limit written");
	drain_until(t0 + 5 * SEC + 60 * MS);
	tap_ok(th_num(g, "c", "count") == 6 &&
	       th_num(g, "c", "byte_count") == 4 * 3 + 2 * 5,
	       "a higher LIMIT sends 2 more of the new 5-byte DATA, 50 ms apart (%lld, %lld bytes)",
	       th_num(g, "c", "count"), th_num(g, "c", "byte_count"));
	tap_ok(th_write(g, "ts", "interval", "0", msg, sizeof(msg)) &&
	       strstr(msg, "INTERVAL"), "interval 0 is refused: %s", msg);
	tap_ok(th_write(g, "ts", "data", "\\<0>", msg, sizeof(msg)) &&
	       strstr(msg, "DATA"), "odd hex DATA is refused: %s", msg);
	th_write(g, "off", "active", "true", NULL, 0);
	drain_until(t0 + 5 * SEC + 100 * MS);
	tap_ok(th_num(g, "c3", "count") >= 4 && th_num(g, "c3", "count") <= 5,
	       "active written true: 10 ms apart from then on (%lld)",
	       th_num(g, "c3", "count"));
	th_write(g, "ts", "reset", "", NULL, 0);
	drain_until(t0 + 5 * SEC + 350 * MS);
	tap_ok(th_num(g, "ts", "count") == 6 && th_num(g, "c", "count") == 12,
	       "reset: count from 0, 6 more (%lld)", th_num(g, "c", "count"));
	th_free(g);
	kc_user_clock_set(0);
}

static void test_timedsink(void)
{
	struct kc_graph *g;
	char buf[64];
	int i;

	kc_user_clock_set(t0);
	g = th_build("Idle -> q :: Queue(100) -> tk :: TimedSink(0.1);",
		     msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "TimedSink graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	drain_until(t0);
	for (i = 0; i < 10; i++)
		th_push(g, "q", 0, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "tk", "count") == 0 && th_num(g, "q", "length") == 10,
	       "TimedSink: the queue filling does not make it pull early");
	drain_until(t0 + 550 * MS);
	tap_ok(th_num(g, "tk", "count") == 5 && th_num(g, "q", "length") == 5,
	       "one packet each 0.1 s: 5 by 0.55 s (%lld)", th_num(g, "tk", "count"));
	th_read(g, "tk", "interval", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0.1"), "interval reads 0.1 (%s)", buf);
	th_write(g, "tk", "interval", "1", NULL, 0);
	drain_until(t0 + 2550 * MS);
	tap_ok(th_num(g, "tk", "count") == 7,
	       "interval 1 s written: 2 more in 2 s (%lld)", th_num(g, "tk", "count"));
	th_free(g);
	kc_user_clock_set(0);
}

static bool csum_ok(const u8 *d, unsigned int len)
{
	return kc_csum_fold(kc_csum_add(0, d, len)) == 0;
}

/* An echo request turned into its reply (addresses swapped, type 0). */
static struct kc_pkt *reply_of(const struct kc_pkt *req, u16 ident)
{
	struct kc_pkt *p = kc_user_pkt_alloc(kc_pkt_data((struct kc_pkt *)req),
					     kc_pkt_len(req), KC_USER_HEADROOM);
	u8 *ip = kc_pkt_data(p), a[4];

	memcpy(a, ip + 12, 4);
	memcpy(ip + 12, ip + 16, 4);
	memcpy(ip + 16, a, 4);
	ip[8] = 61;
	kc_ip_set_csum(ip);
	ip[20] = 0;
	kc_put16(ip + 24, ident);
	kc_put16(ip + 22, 0);
	kc_put16(ip + 22, kc_csum_fold(kc_csum_add(0, ip + 20, kc_pkt_len(p) - 20)));
	return p;
}

static void test_icmppingsource(void)
{
	struct kc_pkt *req[3] = { NULL }, *p;
	struct kc_graph *g;
	char buf[512];
	bool ok = true;
	int i;
	u8 *ip;

	kc_user_clock_set(t0);
	g = th_build(
		"Idle -> ping :: ICMPPingSource(10.0.0.1, 10.0.0.2, IDENTIFIER 0x1234, LIMIT 3, DATA abcd, VERBOSE false)"
		" -> q :: Queue(10) -> Idle;"
		"m :: ICMPPingSource(1.1.1.1, 2.2.2.2, INTERVAL 10s, MIRROR true, LIMIT 1, DATA xyz, VERBOSE false) -> q2 :: Queue(10) -> Idle;"
		"Idle -> m;"
		"noin :: ICMPPingSource(1.1.1.1, 2.2.2.2, LIMIT 2) -> Discard;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "ICMPPingSource graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	drain_until(t0 + 999 * MS);
	tap_ok(th_num(g, "ping", "count") == 0, "ICMPPingSource: no ping before the first INTERVAL");
	drain_until(t0 + 3500 * MS);
	tap_ok(th_num(g, "ping", "count") == 3 && th_num(g, "q", "length") == 3,
	       "3 pings by 3.5 s, 1 s apart, then LIMIT 3 (%lld)",
	       th_num(g, "ping", "count"));
	for (i = 0; i < 3; i++) {
		req[i] = th_pull(g, "q");
		if (!req[i]) {
			ok = false;
			break;
		}
		ip = kc_pkt_data(req[i]);
		ok = ok && kc_pkt_len(req[i]) == 32 && ip[0] == 0x45 &&
		     kc_get16(ip + 2) == 32 && kc_get16(ip + 4) == i + 1 &&
		     ip[8] == 255 && ip[9] == 1 &&
		     !memcmp(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8) &&
		     csum_ok(ip, 20) && ip[20] == 8 && ip[21] == 0 &&
		     kc_get16(ip + 24) == 0x1234 && kc_get16(ip + 26) == i + 1 &&
		     !memcmp(ip + 28, "abcd", 4) && csum_ok(ip + 20, 12) &&
		     kc_pkt_nh(req[i]) == ip &&
		     kc_pkt_anno(req[i])->dst_ip == htonl(0x0a000002) &&
		     kc_pkt_tstamp_ns(req[i]) == t0 + (u64)(i + 1) * SEC;
	}
	tap_ok(ok, "each is an echo request: IP ID and sequence 1, 2, 3, identifier 0x1234, DATA, both checksums right, DST annotation, sent time");
	kc_user_clock_set(t0 + 3500 * MS);
	if (req[0] && req[1]) {
		th_push(g, "ping", 0, reply_of(req[0], 0x1234));
		th_push(g, "ping", 0, reply_of(req[0], 0x1234));
		th_push(g, "ping", 0, reply_of(req[1], 0x1234));
		th_push(g, "ping", 0, reply_of(req[1], 0x9999));
	}
	th_read(g, "ping", "summary", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "3 packets transmitted, 2 received, +1 duplicates, 33% packet loss\n"
			    "rtt min/avg/max/mdev = 1500.000/2000.000/2500.000/500.000 ms\n"),
	       "summary: 2 of 3 answered, one twice, another identifier ignored:\n%s", buf);
	th_read(g, "ping", "rtt_min", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "1.5"), "rtt_min 1.5 (%s)", buf);
	th_read(g, "ping", "rtt_avg", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "2"), "rtt_avg 2 (%s)", buf);
	th_read(g, "ping", "rtt_max", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "2.5"), "rtt_max 2.5 (%s)", buf);
	th_write(g, "ping", "reset_counts", "", NULL, 0);
	th_read(g, "ping", "summary", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0 packets transmitted, 0 received\n"),
	       "reset_counts zeroes everything (%s)", buf);
	tap_ok(!th_write(g, "ping", "dst", "10.0.0.9", msg, sizeof(msg)) &&
	       !th_write(g, "ping", "limit", "1", msg, sizeof(msg)),
	       "dst and limit written");
	drain_until(t0 + 4600 * MS);
	p = th_pull(g, "q");
	tap_ok(p && kc_pkt_data(p)[19] == 9 && kc_get16(kc_pkt_data(p) + 26) == 1,
	       "the next ping goes to the new dst, sequence 1 again after the reset");
	if (p)
		kc_pkt_drop(p);
	th_read(g, "ping", "dst", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "10.0.0.9"), "dst reads 10.0.0.9 (%s)", buf);
	tap_ok(th_write(g, "ping", "src", "nowhere", msg, sizeof(msg)) != 0,
	       "a bad src is refused: %s", msg);
	for (i = 0; i < 3; i++)
		if (req[i])
			kc_pkt_drop(req[i]);

	/* MIRROR: a reply becomes the next request at once. */
	drain_until(t0 + 10 * SEC);
	p = th_pull(g, "q2");
	tap_ok(p != NULL, "MIRROR source sent its first ping at 10 s");
	if (p) {
		th_push(g, "m", 0, reply_of(p, 0));
		kc_pkt_drop(p);
		p = th_pull(g, "q2");
		tap_ok(p && kc_get16(kc_pkt_data(p) + 26) == 2 &&
		       kc_pkt_data(p)[20] == 8 &&
		       !memcmp(kc_pkt_data(p) + 28, "xyz", 3) &&
		       csum_ok(kc_pkt_data(p) + 20, 11),
		       "MIRROR: the reply made ping 2 at once, over LIMIT 1, same data");
		if (p)
			kc_pkt_drop(p);
	}
	th_read(g, "noin", "summary", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "2 packets transmitted (no input: replies are not counted)\n"),
	       "without an input the summary counts what was sent (%s)", buf);
	th_free(g);
	g = th_build("ping :: ICMPPingSource(1.1.1.1, 2.2.2.2) -> Unqueue -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g, "a pulled ICMPPingSource is refused (%s)", msg);
	th_free(g);
	kc_user_clock_set(0);
}

static void test_ratedsplitter(void)
{
	struct kc_graph *g;
	int i;

	kc_user_clock_set(t0);
	g = th_build(
		"Idle -> rs :: RatedSplitter(100, BURST_SIZE 1); rs[0] -> a :: Counter -> Discard; rs[1] -> b :: Counter -> Discard;"
		"Idle -> rs2 :: RatedSplitter(1000); rs2[0] -> a2 :: Counter -> Discard; rs2[1] -> b2 :: Counter -> Discard;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "RatedSplitter graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	/* 1,000 packets a second for a second: one each ms. */
	for (i = 0; i < 1000; i++) {
		kc_user_clock_set(t0 + (u64)i * MS);
		th_push(g, "rs", 0, th_pkt(60, 0x0800));
	}
	tap_ok(th_num(g, "a", "count") == 100 && th_num(g, "b", "count") == 900,
	       "RatedSplitter(100): 100 of 1,000 in a second to output 0 (%lld / %lld)",
	       th_num(g, "a", "count"), th_num(g, "b", "count"));
	for (i = 0; i < 50; i++)
		th_push(g, "rs2", 0, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "a2", "count") == 20 && th_num(g, "b2", "count") == 30,
	       "RatedSplitter(1000): the default 20 ms bucket passes 20 at once (%lld)",
	       th_num(g, "a2", "count"));
	tap_ok(!th_write(g, "rs", "rate", "1000", msg, sizeof(msg)) &&
	       th_num(g, "rs", "rate") == 1000, "rate written and read back");
	tap_ok(th_write(g, "rs", "rate", "0", msg, sizeof(msg)) &&
	       strstr(msg, "RATE"), "rate 0 is refused: %s", msg);
	th_free(g);
	kc_user_clock_set(0);
}

static void test_delayshaper(void)
{
	struct kc_graph *g;
	struct kc_pkt *p;
	char buf[64];

	kc_user_clock_set(t0);
	g = th_build(
		"Idle -> st :: SetTimestamp -> q :: Queue(10) -> ds :: DelayShaper(0.1) -> u :: Unqueue -> c :: Counter -> out :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "DelayShaper graph: %s", msg);
		kc_user_clock_set(0);
		return;
	}
	th_push(g, "st", 0, th_pkt(60, 0x0800));
	kc_user_clock_set(t0 + 30 * MS);
	th_push(g, "st", 0, th_pkt(61, 0x0800));
	tap_ok(th_num(g, "c", "count") == 0 && th_num(g, "q", "length") == 1,
	       "DelayShaper holds the first packet, the second waits in the queue");
	drain_until(t0 + 99 * MS);
	tap_ok(th_num(g, "c", "count") == 0, "nothing before DELAY");
	drain_until(t0 + 100 * MS);
	tap_ok(th_num(g, "c", "count") == 1, "the first leaves at T + 0.1 s");
	drain_until(t0 + 129 * MS);
	tap_ok(th_num(g, "c", "count") == 1, "the second not yet at 0.129 s");
	drain_until(t0 + 130 * MS);
	tap_ok(th_num(g, "c", "count") == 2, "the second leaves at its T + 0.1 s");
	p = th_pull(g, "out");
	tap_ok(p && kc_pkt_tstamp_ns(p) == t0 + 100 * MS,
	       "a packet leaves stamped with the time it left");
	if (p)
		kc_pkt_drop(p);
	th_read(g, "ds", "delay", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0.1"), "delay reads 0.1 (%s)", buf);
	/* An unstamped packet (time 0) is long due. */
	th_push(g, "q", 0, th_pkt(62, 0x0800));
	tap_ok(th_num(g, "c", "count") == 3, "a packet without a timestamp passes at once");
	th_push(g, "st", 0, th_pkt(63, 0x0800));
	th_write(g, "ds", "delay", "0", NULL, 0);
	kc_user_on_stack(drain_call, &(u64){ t0 + 130 * MS });
	tap_ok(th_num(g, "c", "count") == 4, "delay 0 written: the held packet leaves");
	/* Stamped an hour ahead of the clock: it waits DELAY from now, not an hour. */
	th_write(g, "ds", "delay", "0.1", NULL, 0);
	{
		struct kc_pkt *f = th_pkt(65, 0x0800);

		f->tstamp_ns = t0 + 3600 * SEC;
		kc_user_clock_set(t0 + 200 * MS);
		th_push(g, "q", 0, f);
	}
	drain_until(t0 + 299 * MS);
	tap_ok(th_num(g, "c", "count") == 4, "a packet stamped in the future is held");
	drain_until(t0 + 300 * MS);
	tap_ok(th_num(g, "c", "count") == 5,
	       "but only DELAY from the pull that brought it (%lld)", th_num(g, "c", "count"));
	/* A packet held when the graph goes: freed (th_no_leak). */
	th_write(g, "ds", "delay", "10", NULL, 0);
	th_push(g, "st", 0, th_pkt(64, 0x0800));
	tap_ok(th_num(g, "c", "count") == 5, "delay 10 s: held again");
	th_free(g);
	kc_user_clock_set(0);
}

int main(void)
{
	test_pulltee();
	test_settimestamp();
	test_timedsource();
	test_timedsink();
	test_icmppingsource();
	test_ratedsplitter();
	test_delayshaper();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
