// SPDX-License-Identifier: GPL-2.0
/*
 * IPRewriter and the flow table (issue 12) in the userspace harness, under
 * ASan and UBSan: rewriting both directions with checksums checked by
 * recomputation, port allocation over a range (unique per destination,
 * as in Click; a randomised check against a model; the bounded search on
 * a wide range), full range and full table refusals, FIN to the done
 * timeout, expiry on the virtual clock, take_state, handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include "../../elements/shared.h"
#include <kclick/proto.h>

static char msg[65536];

#define SEC 1000000000ULL

static u16 sum16(const u8 *d, size_t n, u32 s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += d[i] << 8 | d[i + 1];
	if (n & 1)
		s += d[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

/* An IPv4 TCP/UDP packet (no link header) with right checksums. */
static struct kc_pkt *mk(u8 proto, const char *sa, u16 sp, const char *da,
			 u16 dp, u8 tcpflags, bool udp_nocsum)
{
	u32 l4len = proto == KC_IPPROTO_TCP ? 20 + 10 : 8 + 10;
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, 20 + l4len, 64);
	u8 *ip = kc_pkt_data(p), *l4 = ip + 20, ph[12];
	u16 c;

	memset(ip, 0, 20 + l4len);
	ip[0] = 0x45;
	kc_put16(ip + 2, 20 + l4len);
	ip[8] = 64;
	ip[9] = proto;
	inet_pton(AF_INET, sa, ip + 12);
	inet_pton(AF_INET, da, ip + 16);
	kc_ip_set_csum(ip);
	kc_put16(l4, sp);
	kc_put16(l4 + 2, dp);
	if (proto == KC_IPPROTO_TCP) {
		l4[12] = 5 << 4;
		l4[13] = tcpflags;
	} else {
		kc_put16(l4 + 4, l4len);
	}
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = proto;
	kc_put16(ph + 10, l4len);
	c = ~sum16(l4, l4len, sum16(ph, 12, 0));
	if (proto == KC_IPPROTO_UDP && !c)
		c = 0xffff;
	if (!udp_nocsum)
		kc_put16(l4 + (proto == KC_IPPROTO_TCP ? 16 : 6), c);
	return p;
}

/* IP and L4 checksums verify (a UDP 0 counts as right if allowed). */
static bool csum_ok(struct kc_pkt *p)
{
	u8 *ip = kc_pkt_data(p), ph[12];
	u32 len = kc_pkt_len(p) - 20;

	if (kc_ip_csum(ip, 5))
		return false;
	if (ip[9] == KC_IPPROTO_UDP && !kc_get16(ip + 26))
		return true;
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = ip[9];
	kc_put16(ph + 10, len);
	return sum16(ip + 20, len, sum16(ph, 12, 0)) == 0xffff;
}

static bool hdr_is(struct kc_pkt *p, const char *sa, u16 sp, const char *da,
		   u16 dp)
{
	u8 *ip = kc_pkt_data(p), a[4], b[4];

	inet_pton(AF_INET, sa, a);
	inet_pton(AF_INET, da, b);
	return !memcmp(ip + 12, a, 4) && !memcmp(ip + 16, b, 4) &&
	       kc_get16(ip + 20) == sp && kc_get16(ip + 22) == dp;
}

/* The next packet an output's Queue holds, or NULL. */
static struct kc_pkt *take(struct kc_graph *g, const char *q)
{
	struct kc_elem *e = kc_graph_find(g, q);

	return kc_queue_pull(e, 0);
}

static void on_stack_tasks(void *arg)
{
	(void)arg;
	kc_user_tasks_run();
}

static void advance(u64 ns)
{
	kc_user_clock_set(ns);
	kc_user_on_stack(on_stack_tasks, NULL);
}

static const char *nat =
	"Idle -> rw :: IPRewriter(pattern 192.0.2.1 1024-2023 - - 0 1, drop,"
	" MAPPING_CAPACITY 3000, UDP_TIMEOUT 30, TCP_DONE_TIMEOUT 5);"
	" Idle -> [1]rw; rw[0] -> q0 :: Queue(4096) -> Idle;"
	" rw[1] -> q1 :: Queue(4096) -> Idle;";

static void test_rewrite(struct kc_graph *g)
{
	struct kc_pkt *p;

	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.0.5", 4000, "8.8.8.8",
			       53, 0, false));
	p = take(g, "q0");
	tap_ok(p && hdr_is(p, "192.0.2.1", 1024, "8.8.8.8", 53) && csum_ok(p),
	       "UDP forward: source 192.0.2.1:1024, IP and UDP checksums right");
	if (p)
		kc_pkt_drop(p);
	th_push(g, "rw", 1, mk(KC_IPPROTO_UDP, "8.8.8.8", 53, "192.0.2.1",
			       1024, 0, false));
	p = take(g, "q1");
	tap_ok(p && hdr_is(p, "8.8.8.8", 53, "10.0.0.5", 4000) && csum_ok(p),
	       "UDP reply: back to 10.0.0.5:4000, checksums right");
	if (p)
		kc_pkt_drop(p);

	th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, "10.0.0.6", 5000, "9.9.9.9",
			       80, 0x02, false));
	p = take(g, "q0");
	tap_ok(p && hdr_is(p, "192.0.2.1", 1025, "9.9.9.9", 80) && csum_ok(p),
	       "TCP forward: 192.0.2.1:1025, IP and TCP checksums right");
	if (p)
		kc_pkt_drop(p);
	th_push(g, "rw", 1, mk(KC_IPPROTO_TCP, "9.9.9.9", 80, "192.0.2.1",
			       1025, 0x12, false));
	p = take(g, "q1");
	tap_ok(p && hdr_is(p, "9.9.9.9", 80, "10.0.0.6", 5000) && csum_ok(p),
	       "TCP reply: back to 10.0.0.6:5000, checksums right");
	if (p)
		kc_pkt_drop(p);

	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.0.7", 4000, "8.8.8.8",
			       53, 0, true));
	p = take(g, "q0");
	tap_ok(p && hdr_is(p, "192.0.2.1", 1026, "8.8.8.8", 53) &&
	       kc_get16(kc_pkt_data(p) + 26) == 0 && csum_ok(p),
	       "a UDP checksum of 0 stays 0");
	if (p)
		kc_pkt_drop(p);

	th_push(g, "rw", 1, mk(KC_IPPROTO_UDP, "6.6.6.6", 53, "192.0.2.1",
			       3000, 0, false));
	tap_ok(!take(g, "q1") && !take(g, "q0") && th_num(g, "rw", "drops") == 1,
	       "unsolicited traffic on the drop input is dropped and counted");
	th_read(g, "rw", "table", msg, sizeof(msg));
	tap_ok(strstr(msg, "udp (10.0.0.5, 4000, 8.8.8.8, 53) => (192.0.2.1, "
			   "1024, 8.8.8.8, 53) [0/1]") &&
	       strstr(msg, "tcp (10.0.0.6, 5000, 9.9.9.9, 80) => (192.0.2.1, "
			   "1025, 9.9.9.9, 80) [0/1]"),
	       "table prints the mappings");
	if (!strstr(msg, "udp (10.0.0.5"))
		printf("#   table: %s\n", msg);
	tap_ok(th_num(g, "rw", "size") == 3 && th_num(g, "rw", "nmappings") == 3,
	       "size and nmappings say 3");
}

/*
 * 1,000 flows to one destination fill the 1000-port range (the three flows
 * of test_rewrite went elsewhere: their ports stay usable here).
 */
static void test_ports(struct kc_graph *g)
{
	static bool seen[65536];
	struct kc_pkt *p;
	int i, distinct = 0, inrange = 0;
	char sa[32];

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 1000; i++) {
		snprintf(sa, sizeof(sa), "10.0.%d.%d", 1 + i / 250, 1 + i % 250);
		th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, sa, 1500, "8.8.4.4",
				       53, 0, false));
		p = take(g, "q0");
		if (!p)
			continue;
		u16 port = kc_get16(kc_pkt_data(p) + 20);

		inrange += port >= 1024 && port <= 2023;
		distinct += !seen[port];
		seen[port] = true;
		kc_pkt_drop(p);
	}
	tap_ok(distinct == 1000 && inrange == 1000,
	       "1,000 flows to one destination get 1,000 distinct ports of the range (%d)",
	       distinct);
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.9.9", 1500, "8.8.4.4",
			       53, 0, false));
	tap_ok(!take(g, "q0") && th_num(g, "rw", "mapping_failures") == 1 &&
	       th_num(g, "rw", "size") == 1003,
	       "the 1,001st flow to that destination is refused (its ports are all used) and counted");
	th_read(g, "rw", "patterns", msg, sizeof(msg));
	tap_ok(strstr(msg, "[1003 flows, 1000 ports]") != NULL,
	       "patterns counts the pattern's flows: %s", msg);
}

static void test_take_state(struct kc_graph *g)
{
	struct kc_graph *g2 = th_build(nat, msg, sizeof(msg), NULL);
	struct kc_pkt *p;

	if (!g2) {
		tap_ok(0, "second graph: %s", msg);
		return;
	}
	kc_graph_take_state(g2, g);
	tap_ok(th_num(g2, "rw", "size") == th_num(g, "rw", "size"),
	       "take_state carries every flow (%lld)",
	       th_num(g2, "rw", "size"));
	th_push(g2, "rw", 1, mk(KC_IPPROTO_TCP, "9.9.9.9", 80, "192.0.2.1",
				1025, 0x10, false));
	p = take(g2, "q1");
	tap_ok(p && hdr_is(p, "9.9.9.9", 80, "10.0.0.6", 5000) && csum_ok(p),
	       "the new graph rewrites a reply of an old connection");
	if (p)
		kc_pkt_drop(p);
	th_read(g2, "rw", "patterns", msg, sizeof(msg));
	tap_ok(strstr(msg, "[1003 flows, 1000 ports]") != NULL,
	       "the new pattern counts the carried flows: %s", msg);
	th_push(g2, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.9.9", 1500, "8.8.4.4",
				53, 0, false));
	tap_ok(!take(g2, "q0") && th_num(g2, "rw", "mapping_failures") == 1,
	       "in the new graph that destination's ports are still all used");
	th_free(g2);
}

static void test_expiry(struct kc_graph *g, u64 t0)
{
	/* FIN on the TCP flow: TCP_DONE_TIMEOUT (5 s) instead of a day. */
	th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, "10.0.0.6", 5000, "9.9.9.9",
			       80, 0x11, false));
	kc_pkt_drop(take(g, "q0"));
	th_read(g, "rw", "table", msg, sizeof(msg));
	tap_ok(strstr(msg, "9.9.9.9, 80) [0/1] idle 0s fin") != NULL,
	       "a FIN marks the flow done");
	advance(t0 + 7 * SEC);
	tap_ok(th_num(g, "rw", "size") == 1002,
	       "7 s later the finished TCP flow is gone, UDP flows stay");
	advance(t0 + 33 * SEC);
	tap_ok(th_num(g, "rw", "size") == 0,
	       "past UDP_TIMEOUT the idle UDP flows are gone too");
	th_read(g, "rw", "patterns", msg, sizeof(msg));
	tap_ok(strstr(msg, "[0 flows, 1000 ports]") != NULL,
	       "the pattern holds no flow: %s", msg);
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(strstr(msg, "expired 1003") != NULL, "stats counts 1003 expired");
}

static void test_capacity(void)
{
	struct kc_graph *g = th_build(
		"Idle -> rw :: IPRewriter(pattern 192.0.2.1 1024-65535 - - 0 1,"
		" drop, CAPACITY 10); Idle -> [1]rw;"
		" rw[0] -> q0 :: Queue(100) -> Idle;"
		" rw[1] -> q1 :: Queue(100) -> Idle;", msg, sizeof(msg), NULL);
	struct kc_pkt *p;
	int i, n = 0;
	char sa[32];

	if (!g) {
		tap_ok(0, "capacity graph: %s", msg);
		return;
	}
	for (i = 0; i < 11; i++) {
		snprintf(sa, sizeof(sa), "10.0.0.%d", i + 1);
		th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, sa, 999, "1.1.1.1",
				       80, 0x02, false));
		p = take(g, "q0");
		n += p != NULL;
		if (p)
			kc_pkt_drop(p);
	}
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(n == 10 && strstr(msg, "refused_full 1") &&
	       th_num(g, "rw", "mapping_failures") == 1,
	       "a full table (CAPACITY 10) refuses the 11th flow, counted");
	th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, "10.0.0.1", 999, "1.1.1.1",
			       80, 0x10, false));
	p = take(g, "q0");
	tap_ok(p != NULL, "existing flows still pass when the table is full");
	if (p)
		kc_pkt_drop(p);
	tap_ok(th_write(g, "rw", "clear", "", msg, sizeof(msg)) == 0 &&
	       th_num(g, "rw", "size") == 0, "clear empties the table");
	th_free(g);
}

static void test_configs(void)
{
	static const struct {
		const char *conf, *want;
	} bad[] = {
		{ "Idle -> rw :: IPRewriter(pattern 1.2.3.4 9-8 - - 0 0) -> Discard;",
		  "SPORT '9-8'" },
		{ "Idle -> rw :: IPRewriter(pattern 1.2.3.4 1 - - 0 3) -> Discard;",
		  "output 3" },
		{ "Idle -> rw :: IPRewriter(pattern nope 0 0) -> Discard;",
		  "no pattern 'nope'" },
		{ "Idle -> rw :: IPRewriter(frob) -> Discard;",
		  "no element 'frob'" },
		{ "Idle -> rw :: IPRewriter(drop, TCP_TIMEOUT 0) -> Discard;",
		  "TCP_TIMEOUT" },
		{ "Idle -> rw :: UDPRewriter(drop, TCP_TIMEOUT 5) -> Discard;",
		  "unknown keyword 'TCP_TIMEOUT'" },
	};
	struct kc_graph *g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		g = th_build(bad[i].conf, msg, sizeof(msg), NULL);
		tap_ok(!g && strstr(msg, bad[i].want),
		       "refused with '%s': %s", bad[i].want, msg);
		th_free(g);
	}
	/* Mazu-NAT's rewriter section, addresses for its AddressInfo. */
	g = th_build(
		"IPRewriterPatterns(to_world_pat 209.6.198.26 50000-65535 - -,"
		"  to_server_pat 10.0.0.1 50000-65535 10.0.0.10 -);"
		"rw :: IPRewriter(pattern to_world_pat 0 1,"
		"  pattern to_server_pat 1 0, pattern to_server_pat 1 1,"
		"  pass 0, pass 2);"
		"tcp_rw :: TCPRewriter(pattern to_world_pat 0 1, drop);"
		"Idle -> [0]rw; Idle -> [1]rw; Idle -> [2]rw; Idle -> [3]rw;"
		"Idle -> [4]rw; rw[0] -> Discard; rw[1] -> Discard;"
		"rw[2] -> Discard; Idle -> [0]tcp_rw; Idle -> [1]tcp_rw;"
		"tcp_rw[0] -> Discard; tcp_rw[1] -> Discard;",
		msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "Mazu-NAT's rewriters configure: %s", g ? "" : msg);
	if (g) {
		struct kc_pkt *p;

		th_free(g);
		(void)p;
	}
}

/*
 * A flow idle past its timeout that the sweep has not reached yet (the
 * clock moves, no task runs) is gone for the packet path too: a late reply
 * is unsolicited, and does not bring the flow back.
 */
static void test_late_reply(u64 t0)
{
	struct kc_graph *g = th_build(nat, msg, sizeof(msg), NULL);
	struct kc_pkt *p;

	if (!g) {
		tap_ok(0, "late-reply graph: %s", msg);
		return;
	}
	kc_user_clock_set(t0);
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.0.5", 4000, "8.8.8.8",
			       53, 0, false));
	p = take(g, "q0");
	tap_ok(p != NULL, "late reply: the flow is made");
	if (p)
		kc_pkt_drop(p);
	kc_user_clock_set(t0 + 31 * SEC);
	th_push(g, "rw", 1, mk(KC_IPPROTO_UDP, "8.8.8.8", 53, "192.0.2.1",
			       1024, 0, false));
	p = take(g, "q1");
	tap_ok(!p && th_num(g, "rw", "drops") == 1 &&
	       th_num(g, "rw", "size") == 0,
	       "a reply 31 s later (UDP_TIMEOUT 30), before any sweep, is dropped as unsolicited and the flow is gone");
	if (p)
		kc_pkt_drop(p);
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(strstr(msg, "expired 1") != NULL, "counted as expired: %s", msg);
	th_free(g);
	kc_user_clock_set(t0);
}

/* The source port of the next packet out of q (0 if none), freed. */
static int out_port(struct kc_graph *g, const char *q)
{
	struct kc_pkt *p = take(g, q);
	int port;

	if (!p)
		return 0;
	port = kc_get16(kc_pkt_data(p) + 20);
	kc_pkt_drop(p);
	return port;
}

static const char *small =
	"Idle -> rw :: IPRewriter(pattern 192.0.2.1 5000-5003 - - 0 1, drop,"
	" MAPPING_CAPACITY 100);"
	" Idle -> [1]rw; rw[0] -> q0 :: Queue(100) -> Idle;"
	" rw[1] -> q1 :: Queue(100) -> Idle;";

static const struct {
	const char *addr;
	u16 port;
} dests[3] = { { "1.1.1.1", 80 }, { "1.1.1.2", 80 }, { "1.1.1.1", 81 } };

/*
 * Ports are unique per destination (Click): a range of 4 ports holds 4
 * flows to each of 3 destinations, 12 in all; a 5th to one destination
 * is refused and counted; every reply goes back to its own inside host.
 */
static void test_per_dest(void)
{
	struct kc_graph *g = th_build(small, msg, sizeof(msg), NULL), *g2;
	int port[3][4], d, i, ok = 0, back = 0;
	char sa[32];
	struct kc_pkt *p;

	if (!g) {
		tap_ok(0, "small graph: %s", msg);
		return;
	}
	for (d = 0; d < 3; d++) {
		for (i = 0; i < 4; i++) {
			snprintf(sa, sizeof(sa), "10.1.%d.%d", d, i + 1);
			th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, sa, 7000,
					       dests[d].addr, dests[d].port,
					       0x02, false));
			port[d][i] = out_port(g, "q0");
		}
		/* The 4 ports of a destination: the whole range, once each. */
		ok += (1 << (port[d][0] - 5000) | 1 << (port[d][1] - 5000) |
		       1 << (port[d][2] - 5000) | 1 << (port[d][3] - 5000)) ==
		      15 && port[d][0] >= 5000 && port[d][1] >= 5000 &&
		      port[d][2] >= 5000 && port[d][3] >= 5000 &&
		      port[d][0] <= 5003 && port[d][1] <= 5003 &&
		      port[d][2] <= 5003 && port[d][3] <= 5003;
	}
	tap_ok(ok == 3 && th_num(g, "rw", "size") == 12,
	       "4 ports, 3 destinations: 12 flows, each destination's 4 on 4 distinct ports (%lld flows)",
	       th_num(g, "rw", "size"));
	th_push(g, "rw", 0, mk(KC_IPPROTO_TCP, "10.1.9.9", 7000, "1.1.1.1", 80,
			       0x02, false));
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(!take(g, "q0") && th_num(g, "rw", "mapping_failures") == 1 &&
	       th_num(g, "rw", "size") == 12 && strstr(msg, "dropped 1"),
	       "a 5th flow to 1.1.1.1:80 is refused, counted in mapping_failures and dropped");
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.1.9.9", 7000, "1.1.1.1", 80,
			       0, false));
	tap_ok(out_port(g, "q0") != 0,
	       "a UDP flow to 1.1.1.1:80 still gets a port (the protocol is part of the reply ID)");
	for (d = 0; d < 3; d++) {
		for (i = 0; i < 4; i++) {
			snprintf(sa, sizeof(sa), "10.1.%d.%d", d, i + 1);
			th_push(g, "rw", 1, mk(KC_IPPROTO_TCP, dests[d].addr,
					       dests[d].port, "192.0.2.1",
					       port[d][i], 0x12, false));
			p = take(g, "q1");
			back += p && hdr_is(p, dests[d].addr, dests[d].port,
					    sa, 7000) && csum_ok(p);
			if (p)
				kc_pkt_drop(p);
		}
	}
	tap_ok(back == 12, "each of the 12 replies goes back to its own inside host (%d)",
	       back);

	/* Click's preference: the packet's own port, per destination. */
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.2.0.1", 5002, "1.1.1.3", 53,
			       0, false));
	i = out_port(g, "q0");
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.2.0.2", 5002, "1.1.1.3", 53,
			       0, false));
	d = out_port(g, "q0");
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.2.0.3", 5002, "1.1.1.4", 53,
			       0, false));
	tap_ok(i == 5002 && d && d != 5002 && out_port(g, "q0") == 5002,
	       "source port 5002 is kept when free towards the destination, not when taken (%d, %d)",
	       i, d);

	/* take_state: the new table holds the same reply IDs. */
	g2 = th_build(small, msg, sizeof(msg), NULL);
	if (!g2) {
		tap_ok(0, "second small graph: %s", msg);
		th_free(g);
		return;
	}
	kc_graph_take_state(g2, g);
	th_push(g2, "rw", 0, mk(KC_IPPROTO_TCP, "10.1.9.9", 7000, "1.1.1.2", 80,
				0x02, false));
	tap_ok(!take(g2, "q0") && th_num(g2, "rw", "mapping_failures") == 1 &&
	       th_num(g2, "rw", "size") == th_num(g, "rw", "size"),
	       "after take_state a 5th flow to 1.1.1.2:80 is still refused");
	th_push(g2, "rw", 0, mk(KC_IPPROTO_TCP, "10.1.9.9", 7000, "1.1.1.5", 80,
				0x02, false));
	i = out_port(g2, "q0");
	th_push(g2, "rw", 1, mk(KC_IPPROTO_TCP, "1.1.1.2", 80, "192.0.2.1",
				port[1][2], 0x10, false));
	p = take(g2, "q1");
	tap_ok(i >= 5000 && i <= 5003 && p &&
	       hdr_is(p, "1.1.1.2", 80, "10.1.1.3", 7000),
	       "a new destination still gets a port; an old flow's reply still maps");
	if (p)
		kc_pkt_drop(p);
	th_free(g2);
	th_free(g);
}

/* A reply ID (protocol, destination, public port) as one number. */
static u64 reply_key(u8 proto, u32 daddr, u16 dport, u16 pub)
{
	return (u64)proto << 56 ^ (u64)daddr << 24 ^ (u64)dport << 16 ^ pub;
}

/*
 * Thousands of random flows (TCP or UDP, random sources and source ports,
 * 12 destinations, a 64-port range, flows expiring as the clock moves):
 * no two live flows ever share a reply ID, and a flow is refused exactly
 * when its destination already holds all 64 ports (the search is
 * exhaustive on a range this small).  Checked against a model here.
 */
#define RND_FLOWS	6000
#define RND_DESTS	12
static void test_random(u64 t0)
{
	static struct { u64 key; u64 born; u32 dst; bool live; } f[RND_FLOWS];
	static int live[RND_DESTS * 2];
	struct kc_graph *g = th_build(
		"Idle -> rw :: IPRewriter(pattern 192.0.2.1 1024-1087 - - 0 1,"
		" drop, MAPPING_CAPACITY 10000, UDP_TIMEOUT 20,"
		" TCP_NODATA_TIMEOUT 20); Idle -> [1]rw;"
		" rw[0] -> q0 :: Queue(100) -> Idle;"
		" rw[1] -> q1 :: Queue(100) -> Idle;", msg, sizeof(msg), NULL);
	int i, j, made = 0, refused = 0, wrong = 0, clash = 0, full = 0;
	u32 seed = 12345;
	char sa[32], da[32];
	u64 now = t0;

	if (!g) {
		tap_ok(0, "random graph: %s", msg);
		return;
	}
	memset(f, 0, sizeof(f));
	memset(live, 0, sizeof(live));
	for (i = 0; i < RND_FLOWS; i++) {
		u8 proto;
		u32 d, dst;
		u16 dport, sport;
		int port;

		seed = seed * 1103515245 + 12345;
		d = (seed >> 8) % RND_DESTS;
		proto = (seed >> 20) & 1 ? KC_IPPROTO_TCP : KC_IPPROTO_UDP;
		seed = seed * 1103515245 + 12345;
		sport = 1000 + (seed >> 12) % 200; /* often inside the range */
		dst = 0x01010100 + d / 4;
		dport = 80 + d % 4;
		/*
		 * Every 500 flows the clock moves 7 s (flows live 20 s) and
		 * the sweep runs a whole pass (4 runs 10 ms apart).
		 */
		if (i && i % 500 == 0) {
			now += 7 * SEC;
			for (j = 0; j < 6; j++)
				advance(now + j * 11000000ULL);
			now += 6 * 11000000ULL;
			for (j = 0; j < i; j++) {
				if (f[j].live && now - f[j].born > 20 * SEC) {
					f[j].live = false;
					live[f[j].dst]--;
				}
			}
		}
		snprintf(sa, sizeof(sa), "10.%d.%d.%d", i >> 16 & 255,
			 i >> 8 & 255, i & 255);
		snprintf(da, sizeof(da), "1.1.1.%u", dst & 255);
		th_push(g, "rw", 0, mk(proto, sa, sport, da, dport, 0, false));
		port = out_port(g, "q0");
		j = (int)(d * 2 + (proto == KC_IPPROTO_TCP));
		if (!port) {
			refused++;
			full += live[j] == 64;
			continue;
		}
		made++;
		wrong += port < 1024 || port > 1087 || live[j] >= 64;
		f[i] = (typeof(f[i])){ reply_key(proto, dst, dport, port), now,
				       (u32)j, true };
		live[j]++;
	}
	/* No two live flows share a reply ID. */
	for (i = 0; i < RND_FLOWS; i++)
		for (j = i + 1; f[i].live && j < RND_FLOWS; j++)
			clash += f[j].live && f[j].key == f[i].key;
	for (i = 0, j = 0; i < RND_DESTS * 2; i++)
		j += live[i];
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(made > 3000 && refused > 100 && full == refused && !wrong &&
	       !clash && th_num(g, "rw", "size") == j &&
	       th_num(g, "rw", "mapping_failures") == refused,
	       "%d random flows: %d made, %d refused, each refusal at a full destination (%d), no reply ID shared (%d), the table holds the model's %d",
	       RND_FLOWS, made, refused, full, clash, j);
	if (clash || wrong || full != refused)
		printf("#   %s\n", msg);
	th_free(g);
	kc_user_clock_set(t0);
}

/*
 * A range wider than the search (2,048 ports: 16 probes, then a scan of
 * every 2nd port): filled in order it holds 2,048 flows to one
 * destination.  After the flows on 100 scattered odd ports expire, the
 * searches find all 100 again, with at most one refusal (the scan of the
 * even ports) before the scan moves to the odd ones.
 */
static void test_scan(u64 t0)
{
	struct kc_graph *g = th_build(
		"Idle -> rw :: IPRewriter(pattern 192.0.2.1 20000-22047 - - 0 1,"
		" drop, MAPPING_CAPACITY 4000, UDP_TIMEOUT 10); Idle -> [1]rw;"
		" rw[0] -> q0 :: Queue(100) -> Idle;"
		" rw[1] -> q1 :: Queue(100) -> Idle;", msg, sizeof(msg), NULL);
	static int portof[2048];
	static bool seen[2048];
	int i, n = 0, port, got = 0, refused = 0, onfreed = 0;
	char sa[32];

	if (!g) {
		tap_ok(0, "scan graph: %s", msg);
		return;
	}
	memset(seen, 0, sizeof(seen));
	kc_user_clock_set(t0);
	for (i = 0; i < 2048; i++) {
		snprintf(sa, sizeof(sa), "10.3.%d.%d", i >> 8, i & 255);
		th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, sa, 999, "1.2.3.4", 53,
				       0, false));
		port = out_port(g, "q0");
		portof[i] = port - 20000;
		if (port >= 20000 && port <= 22047 && !seen[port - 20000]) {
			seen[port - 20000] = true;
			n++;
		}
	}
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.3.99.1", 999, "1.2.3.4",
			       53, 0, false));
	tap_ok(n == 2048 && !take(g, "q0"),
	       "2,048 ports: 2,048 flows to one destination on distinct ports, the next refused (%d)",
	       n);
	/* Keep every flow alive but those on ports 20000 + 20k + 7. */
	kc_user_clock_set(t0 + 6 * SEC);
	for (i = 0; i < 2048; i++) {
		if (portof[i] % 20 == 7 && portof[i] < 2000)
			continue;
		snprintf(sa, sizeof(sa), "10.3.%d.%d", i >> 8, i & 255);
		th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, sa, 999, "1.2.3.4", 53,
				       0, false));
		kc_pkt_drop(take(g, "q0"));
	}
	advance(t0 + 12 * SEC);
	tap_ok(th_num(g, "rw", "size") == 1948,
	       "the 100 flows left idle expire (%lld flows)",
	       th_num(g, "rw", "size"));
	for (i = 0; i < 110 && got < 100; i++) {
		snprintf(sa, sizeof(sa), "10.4.0.%d", i);
		th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, sa, 999, "1.2.3.4", 53,
				       0, false));
		port = out_port(g, "q0") - 20000;
		if (port < 0) {
			refused++;
			continue;
		}
		got++;
		onfreed += port % 20 == 7 && port < 2000;
	}
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.4.1.1", 999, "1.2.3.4", 53,
			       0, false));
	tap_ok(got == 100 && onfreed == 100 && refused <= 1 && !take(g, "q0"),
	       "100 new flows take the 100 freed ports (%d, %d refused on the way), the next is refused",
	       onfreed, refused);
	th_free(g);
	kc_user_clock_set(t0);
}

/*
 * A TCP segment of paylen payload bytes, with pad bytes of link padding
 * after the IP packet (not counted in its total length).
 */
static struct kc_pkt *mktcp(const char *sa, u16 sp, const char *da, u16 dp,
			    u8 flags, u32 paylen, u32 pad)
{
	struct kc_pkt *p = mk(KC_IPPROTO_TCP, sa, sp, da, dp, flags, false);
	struct kc_pkt *q = kc_user_pkt_alloc(NULL, 40 + paylen + pad, 64);
	u8 *ip = kc_pkt_data(q), ph[12];
	u16 c;

	memset(ip, 0, 40 + paylen + pad);
	memcpy(ip, kc_pkt_data(p), 40);
	kc_pkt_drop(p);
	kc_put16(ip + 2, 40 + paylen);
	kc_put16(ip + 10, 0);
	kc_ip_set_csum(ip);
	kc_put16(ip + 36, 0);
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = KC_IPPROTO_TCP;
	kc_put16(ph + 10, 20 + paylen);
	c = ~sum16(ip + 20, 20 + paylen, sum16(ph, 12, 0));
	kc_put16(ip + 36, c);
	return q;
}

/*
 * TCP_NODATA_TIMEOUT (Click): a TCP flow lives TCP_NODATA_TIMEOUT until
 * payload went both ways, then TCP_TIMEOUT; link padding is not payload.
 * Click's GUARANTEE and REAP_INTERVAL keywords are taken.
 */
static void test_nodata(u64 t0)
{
	struct kc_graph *g = th_build(
		"Idle -> rw :: IPRewriter(pattern 192.0.2.1 1024-2023 - - 0 1,"
		" drop, TCP_TIMEOUT 100, TCP_NODATA_TIMEOUT 10,"
		" TCP_DONE_TIMEOUT 5, TCP_GUARANTEE 5, UDP_GUARANTEE 5,"
		" GUARANTEE 0, REAP_INTERVAL 15min, MAPPING_CAPACITY 100);"
		" Idle -> [1]rw;"
		" rw[0] -> q0 :: Queue(100) -> Idle;"
		" rw[1] -> q1 :: Queue(100) -> Idle;", msg, sizeof(msg), NULL);
	static const char *const src[4] = { "10.5.0.1", "10.5.0.2",
					    "10.5.0.3", "10.5.0.4" };
	int i, port[4];

	if (!g) {
		tap_ok(0, "nodata graph (Click's keywords): %s", msg);
		return;
	}
	kc_user_clock_set(t0);
	/* 0: SYN only; 1: data forward only; 2: data both ways; 3: a
	 * padded pure ACK forward, data back.
	 */
	for (i = 0; i < 4; i++) {
		th_push(g, "rw", 0, mktcp(src[i], 3000, "2.2.2.2", 80, 0x02,
					  0, 0));
		port[i] = out_port(g, "q0");
	}
	th_push(g, "rw", 0, mktcp(src[1], 3000, "2.2.2.2", 80, 0x18, 100, 0));
	kc_pkt_drop(take(g, "q0"));
	th_push(g, "rw", 0, mktcp(src[2], 3000, "2.2.2.2", 80, 0x18, 100, 0));
	kc_pkt_drop(take(g, "q0"));
	th_push(g, "rw", 1, mktcp("2.2.2.2", 80, "192.0.2.1", port[2], 0x18,
				  50, 0));
	kc_pkt_drop(take(g, "q1"));
	th_push(g, "rw", 0, mktcp(src[3], 3000, "2.2.2.2", 80, 0x10, 0, 6));
	kc_pkt_drop(take(g, "q0"));
	th_push(g, "rw", 1, mktcp("2.2.2.2", 80, "192.0.2.1", port[3], 0x18,
				  50, 0));
	kc_pkt_drop(take(g, "q1"));
	advance(t0 + 12 * SEC);
	th_read(g, "rw", "table", msg, sizeof(msg));
	tap_ok(port[0] && th_num(g, "rw", "size") == 1 &&
	       strstr(msg, "(10.5.0.3, 3000,") != NULL,
	       "12 s later (TCP_NODATA_TIMEOUT 10) only the flow with data both ways is left: %s",
	       msg);
	advance(t0 + 60 * SEC);
	tap_ok(th_num(g, "rw", "size") == 1,
	       "it lives on to TCP_TIMEOUT (100 s)");
	advance(t0 + 102 * SEC);
	tap_ok(th_num(g, "rw", "size") == 0, "and is gone after it");
	th_free(g);
	g = th_build("Idle -> rw :: UDPRewriter(drop, TCP_NODATA_TIMEOUT 5)"
		     " -> Discard;", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "unknown keyword 'TCP_NODATA_TIMEOUT'"),
	       "UDPRewriter refuses TCP_NODATA_TIMEOUT: %s", msg);
	th_free(g);
	kc_user_clock_set(t0);
}

/*
 * conf/thomer-nat.click: an upper-case pattern name (read as a keyword by
 * the argument splitter) and an AddressInfo name.  Run last: a graph
 * built earlier changes the random flow-table seeds, and test_expiry reads
 * a table handler of 1,003 flows that the 64 KB handler buffer truncates.
 */
static void test_pattern_names(void)
{
	struct kc_graph *g;

	g = th_build(
		"AddressInfo(ex 192.0.2.7);"
		"IPRewriterPatterns(NAT ex 50000-50009 - -);"
		"Idle -> rw :: IPRewriter(pattern NAT 0 1, drop);"
		"Idle -> [1]rw; rw[0] -> q0 :: Queue -> Idle;"
		"rw[1] -> q1 :: Queue -> Idle;",
		msg, sizeof(msg), NULL);
	if (g) {
		struct kc_pkt *p;

		th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.0.5", 4000,
				       "8.8.8.8", 53, 0, false));
		p = take(g, "q0");
		tap_ok(p && hdr_is(p, "192.0.2.7", 50000, "8.8.8.8", 53) &&
		       csum_ok(p),
		       "IPRewriterPatterns(NAT ex ...): the pattern named NAT rewrites to ex:50000");
		if (p)
			kc_pkt_drop(p);
		th_free(g);
	} else {
		tap_ok(0, "IPRewriterPatterns(NAT ...) configures: %s", msg);
	}
}

int main(void)
{
	struct kc_graph *g;
	u64 t0 = 1000 * SEC;

	kc_user_clock_set(t0);
	test_configs();
	g = th_build(nat, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "NAT graph builds: %s", msg);
		return tap_done();
	}
	test_rewrite(g);
	test_ports(g);
	test_take_state(g);
	test_expiry(g, t0);
	th_free(g);
	test_capacity();
	test_late_reply(t0);
	test_per_dest();
	test_random(t0);
	test_scan(t0);
	test_nodata(t0);
	test_pattern_names();
	tap_ok(th_no_leak(), "every packet freed");
	tap_ok(kc_user_warnings == 0, "no warnings");
	return tap_done();
}
