// SPDX-License-Identifier: GPL-2.0
/*
 * IPRewriter and the flow table (issue 12) in the userspace harness, under
 * ASan and UBSan: rewriting both directions with checksums checked by
 * recomputation, port allocation over a range, full range and full table
 * refusals, FIN to the done timeout, expiry on the virtual clock,
 * take_state, handlers.
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

/* Flows 4..1000 fill the 1000-port range; every port distinct. */
static void test_ports(struct kc_graph *g)
{
	static bool seen[65536];
	struct kc_pkt *p;
	int i, distinct = 0, inrange = 0;
	char sa[32];

	memset(seen, 0, sizeof(seen));
	seen[1024] = seen[1025] = seen[1026] = true;
	for (i = 3; i < 1000; i++) {
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
	tap_ok(distinct == 997 && inrange == 997,
	       "1,000 flows get 1,000 distinct ports of the range (%d new)",
	       distinct);
	th_push(g, "rw", 0, mk(KC_IPPROTO_UDP, "10.0.9.9", 1500, "8.8.4.4",
			       53, 0, false));
	tap_ok(!take(g, "q0") && th_num(g, "rw", "mapping_failures") == 1 &&
	       th_num(g, "rw", "size") == 1000,
	       "the 1,001st flow is refused (range full) and counted");
	th_read(g, "rw", "patterns", msg, sizeof(msg));
	tap_ok(strstr(msg, "[1000/1000 ports in use]") != NULL,
	       "patterns shows the range full: %s", msg);
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
	tap_ok(strstr(msg, "[1000/1000 ports in use]") != NULL,
	       "the new pattern's port bitmap follows: %s", msg);
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
	tap_ok(th_num(g, "rw", "size") == 999,
	       "7 s later the finished TCP flow is gone, UDP flows stay");
	advance(t0 + 33 * SEC);
	tap_ok(th_num(g, "rw", "size") == 0,
	       "past UDP_TIMEOUT the idle UDP flows are gone too");
	th_read(g, "rw", "patterns", msg, sizeof(msg));
	tap_ok(strstr(msg, "[0/1000 ports in use]") != NULL,
	       "their ports are free again: %s", msg);
	th_read(g, "rw", "stats", msg, sizeof(msg));
	tap_ok(strstr(msg, "expired 1000") != NULL, "stats counts 1000 expired");
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
	tap_ok(th_no_leak(), "every packet freed");
	tap_ok(kc_user_warnings == 0, "no warnings");
	return tap_done();
}
