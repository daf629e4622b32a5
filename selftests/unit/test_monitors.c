// SPDX-License-Identifier: GPL-2.0
/*
 * AggregateCounter, AggregateIPFlows and IPRateMonitor through their
 * handlers, in the userspace harness on the virtual clock: capacity,
 * freeze, active, clear, flow timeouts and directions, reset (the
 * configuration cases are in test_elements.c, the runs over pcaps in
 * selftests/run/monitor.click).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include <kclick/proto.h>

static char msg[2048];

#define SEC	1000000000ULL

/* buf's newlines as '|', for a one-line TAP message. */
static const char *oneline(const char *buf)
{
	static char out[1024];
	size_t i;

	for (i = 0; buf[i] && i + 1 < sizeof(out); i++)
		out[i] = buf[i] == '\n' ? '|' : buf[i];
	out[i] = '\0';
	return out;
}

static struct kc_graph *build(const char *text)
{
	struct kc_graph *g = th_build(text, msg, sizeof(msg), NULL);

	if (!g)
		tap_ok(0, "graph builds: %s", msg);
	return g;
}

/* A frame with aggregate annotation agg. */
static struct kc_pkt *agg_pkt(u32 agg)
{
	struct kc_pkt *p = th_pkt(60, 0x0800);

	kc_pkt_anno(p)->aggregate = agg;
	return p;
}

/* An Ethernet/IPv4/UDP frame from 10.0.0.s:1000 to 10.0.0.d:2000. */
static struct kc_pkt *udp_pkt(u8 s, u8 d, bool reply)
{
	struct kc_pkt *p = th_pkt(60, 0x0800);
	u8 *ip = kc_pkt_data(p) + 14;

	memcpy(ip, "\x45\x00\x00\x2e\x00\x01\x00\x00\x40\x11\x00\x00"
		   "\x0a\x00\x00\x00\x0a\x00\x00\x00", 20);
	ip[15] = reply ? d : s;
	ip[19] = reply ? s : d;
	kc_put16(ip + 20, reply ? 2000 : 1000);
	kc_put16(ip + 22, reply ? 1000 : 2000);
	kc_put16(ip + 24, 26);
	kc_put16(ip + 26, 0);
	return p;
}

static void test_aggregatecounter(void)
{
	struct kc_graph *g;
	char buf[256];

	g = build("Idle -> ac :: AggregateCounter(CAPACITY 3) -> in :: Counter -> Discard;"
		  "ac[1] -> out :: Counter -> Discard;");
	if (!g)
		return;
	th_push(g, "ac", 0, agg_pkt(7));
	th_push(g, "ac", 0, agg_pkt(9));
	th_push(g, "ac", 0, agg_pkt(7));
	th_push(g, "ac", 0, agg_pkt(1));
	th_read(g, "ac", "text", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "!IPAggregate 1.0\n!num_nonzero 3\n1 1\n7 2\n9 1\n"),
	       "text: one line per aggregate, in order (got '%s')", oneline(buf));
	th_push(g, "ac", 0, agg_pkt(5));
	tap_ok(th_num(g, "ac", "full") == 1 && th_num(g, "out", "count") == 1 &&
	       th_num(g, "ac", "nagg") == 3,
	       "a fourth aggregate past CAPACITY 3 is not counted (full 1) and leaves on output 1");
	th_push(g, "ac", 1, agg_pkt(7));
	th_push(g, "ac", 1, agg_pkt(8));
	tap_ok(th_num(g, "ac", "count") == 5 && th_num(g, "out", "count") == 2,
	       "input 1 is frozen: it counts aggregate 7 and not the new 8 (count %lld)",
	       th_num(g, "ac", "count"));
	tap_ok(!th_write(g, "ac", "clear", "", NULL, 0) &&
	       th_num(g, "ac", "count") == 0 && th_num(g, "ac", "nagg") == 0,
	       "clear forgets every aggregate");
	th_push(g, "ac", 0, agg_pkt(5));
	th_read(g, "ac", "ip_text", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "!IPAggregate 1.0\n!num_nonzero 1\n!ip\n0.0.0.5 1\n"),
	       "after clear the capacity is free again (ip_text '%s')", oneline(buf));
	th_write(g, "ac", "freeze", "true", NULL, 0);
	th_push(g, "ac", 0, agg_pkt(6));
	th_push(g, "ac", 0, agg_pkt(5));
	th_read(g, "ac", "freeze", buf, sizeof(buf));
	tap_ok(th_num(g, "ac", "nagg") == 1 && th_num(g, "ac", "count") == 2 &&
	       !strcmp(buf, "true"),
	       "frozen: 5 still counts, 6 is not made");
	th_write(g, "ac", "freeze", "false", NULL, 0);
	th_write(g, "ac", "active", "false", NULL, 0);
	th_push(g, "ac", 0, agg_pkt(5));
	tap_ok(th_num(g, "ac", "count") == 2 && th_num(g, "out", "count") == 4,
	       "inactive: nothing counted, the packet leaves on output 1");
	tap_ok(th_write(g, "ac", "active", "maybe", msg, sizeof(msg)) &&
	       strstr(msg, "active"), "active refuses 'maybe': %s", msg);
	th_free(g);
}

static void test_aggregateipflows(void)
{
	struct kc_graph *g;
	char buf[256];
	u64 t = 1000 * SEC;

	g = build("Idle -> mk :: MarkIPHeader(14)"
		  " -> af :: AggregateIPFlows(UDP_TIMEOUT 10s)"
		  " -> ac :: AggregateCounter -> ps :: PaintSwitch;"
		  "ps[0] -> fwd :: Counter -> Discard; ps[1] -> rev :: Counter -> Discard;"
		  "af[1] -> other :: Counter -> Discard;");
	if (!g)
		return;
	kc_user_clock_set(t);
	th_push(g, "mk", 0, udp_pkt(1, 2, false));
	kc_user_clock_set(t + 5 * SEC);
	th_push(g, "mk", 0, udp_pkt(1, 2, true));
	th_push(g, "mk", 0, udp_pkt(3, 2, false));
	/* 15 s after flow 1's last packet: it died, this starts flow 3. */
	kc_user_clock_set(t + 20 * SEC);
	th_push(g, "mk", 0, udp_pkt(1, 2, true));
	th_read(g, "ac", "text", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "!IPAggregate 1.0\n!num_nonzero 3\n1 2\n2 1\n3 1\n"),
	       "flows numbered in order; a reply joins its flow; after UDP_TIMEOUT the same ports are a new flow ('%s')",
	       oneline(buf));
	tap_ok(th_num(g, "fwd", "count") == 3 && th_num(g, "rev", "count") == 1,
	       "paint: 0 for the first direction (also of the new flow's first packet, a 'reply'), 1 for the reply");
	th_write(g, "af", "clear", "", NULL, 0);
	th_push(g, "mk", 0, udp_pkt(3, 2, false));
	tap_ok(th_num(g, "af", "flows") == 4 &&
	       th_num(g, "ac", "count") == 5 && th_num(g, "ac", "nagg") == 4,
	       "after clear a known flow gets a new number (4), numbers are not reused");
	th_push(g, "mk", 0, th_pkt(60, 0x0800));	/* not IPv4: version 0 */
	tap_ok(th_num(g, "other", "count") == 1,
	       "a packet that is not TCP or UDP over IPv4 leaves on output 1");
	th_free(g);
}

static void test_ipratemonitor(void)
{
	struct kc_graph *g;
	char buf[1024];
	u64 t = 2000 * SEC;
	int i;

	g = build("Idle -> mk :: MarkIPHeader(14)"
		  " -> m :: IPRateMonitor(PACKETS, 1, 50) -> Discard;");
	if (!g)
		return;
	/* 10.0.0.1 at 200 packets a second for 2 s. */
	for (i = 0; i < 400; i++) {
		kc_user_clock_set(t + i * (SEC / 200));
		th_push(g, "mk", 0, udp_pkt(1, 2, false));
	}
	th_read(g, "m", "look", buf, sizeof(buf));
	tap_ok(strstr(buf, "\n\t\t\t10.0.0.1\t") != NULL,
	       "look splits 10 down to the host 10.0.0.1 ('%s')", oneline(buf));
	{
		const char *h = strstr(buf, "10.0.0.1\t");
		double r = h ? atof(h + 9) : 0;

		tap_ok(r > 190 && r < 210,
		       "its rate is the 200 packets/s sent (%.3f)", r);
	}
	tap_ok(th_num(g, "m", "mem") == 4 * 10240,
	       "four nodes in use (the root, 10, 10.0, 10.0.0): mem %lld",
	       th_num(g, "m", "mem"));
	tap_ok(!th_write(g, "m", "reset", "", msg, sizeof(msg)), "reset");
	th_read(g, "m", "look", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "0\n") && th_num(g, "m", "mem") == 10240,
	       "after reset no rates and one node ('%s')", oneline(buf));
	tap_ok(!th_write(g, "m", "reset", "", msg, sizeof(msg)),
	       "a second reset (the old set's readers are gone: one thread)");
	th_free(g);
}

int main(void)
{
	test_aggregatecounter();
	test_aggregateipflows();
	test_ipratemonitor();
	tap_ok(th_no_leak(), "every packet freed");
	return tap_done();
}
