// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPPingRewriter, ICMPRewriter, IPAddrRewriter, IPAddrPairRewriter,
 * RoundRobinIPMapper and SourceIPHashMapper in the userspace harness under
 * ASan and UBSan.  Rewritten packets are read back from a ToDump and every
 * checksum is recomputed from scratch here (outer IP, ICMP, TCP/UDP with
 * its pseudo-header, and the quoted IP and UDP/ICMP checksums inside ICMP
 * errors); the mappers' spread and stickiness are counted per backend
 * output, before and after the backend set is changed through handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"
#include <kclick/proto.h>

static char msg[2048];

#define MAXF	64
#define FLEN	2048

struct frames {
	int n;
	unsigned int len[MAXF];
	u8 d[MAXF][FLEN];
};

static struct frames got;
static char dump[64];

/* Build text with "@" replaced by an Ethernet header and ToDump(<temp>). */
static struct kc_graph *build(const char *text)
{
	char buf[8192], *at;
	struct kc_graph *g;
	int fd;

	strcpy(dump, "/tmp/kc_test_rwXXXXXX");
	fd = mkstemp(dump);
	close(fd);
	at = strchr(text, '@');
	if (at)
		snprintf(buf, sizeof(buf),
			 "%.*sEtherEncap(0x0800, 2:0:0:0:0:1, 2:0:0:0:0:2) -> ToDump(%s)%s",
			 (int)(at - text), text, dump, at + 1);
	else
		snprintf(buf, sizeof(buf), "%s", text);
	g = th_build(buf, msg, sizeof(msg), NULL);
	if (!g)
		tap_ok(0, "graph builds: %s (%s)", msg, text);
	return g;
}

static void finish(struct kc_graph *g)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	th_free(g);
	got.n = 0;
	p = pcap_open_offline(dump, ebuf);
	/* Frames without their Ethernet header: IP datagrams. */
	while (p && got.n < MAXF && pcap_next_ex(p, &h, &d) == 1) {
		if (h->caplen < 14)
			continue;
		got.len[got.n] = h->caplen - 14 < FLEN ? h->caplen - 14 : FLEN;
		memcpy(got.d[got.n], d + 14, got.len[got.n]);
		got.n++;
	}
	if (p)
		pcap_close(p);
	unlink(dump);
}

static void put_ip(u8 *at, const char *s)
{
	__be32 x = 0;

	kc_parse_ip4(s, &x);
	memcpy(at, &x, 4);
}

static bool ip_is(const u8 *a, const char *s)
{
	__be32 x;

	kc_parse_ip4(s, &x);
	return !memcmp(a, &x, 4);
}

/* 0 when the bytes (checksum field included) sum to all ones. */
static u16 sum(const u8 *d, unsigned int len)
{
	return kc_csum_fold(kc_csum_add(0, d, len));
}

/* The TCP/UDP checksum over pseudo-header + segment is right. */
static bool l4_ok(const u8 *ip, const u8 *seg, unsigned int len)
{
	u8 ph[12];
	u32 s;

	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = ip[9];
	kc_put16(ph + 10, len);
	s = kc_csum_add(0, ph, 12);
	s = kc_csum_add(s, seg, len);
	return kc_csum_fold(s) == 0;
}

/* An IPv4 datagram at d: header, then L4 of len bytes at d + 20. */
static unsigned int mk_ip(u8 *d, u8 proto, const char *src, const char *dst,
			  unsigned int l4len)
{
	memset(d, 0, 20);
	d[0] = 0x45;
	kc_put16(d + 2, 20 + l4len);
	kc_put16(d + 4, 0x4242);
	d[8] = 64;
	d[9] = proto;
	put_ip(d + 12, src);
	put_ip(d + 16, dst);
	kc_ip_set_csum(d);
	return 20 + l4len;
}

/* UDP or TCP with ports and a payload, checksummed. */
static unsigned int mk_l4(u8 *d, u8 proto, const char *src, const char *dst,
			  u16 sport, u16 dport, unsigned int plen)
{
	unsigned int hl = proto == KC_IPPROTO_TCP ? 20 : 8, i;
	u8 *l4 = d + 20;

	memset(l4, 0, hl);
	kc_put16(l4, sport);
	kc_put16(l4 + 2, dport);
	if (proto == KC_IPPROTO_TCP) {
		kc_put16(l4 + 4, 0x1234);
		l4[12] = 5 << 4;
		l4[13] = 0x02;
		kc_put16(l4 + 14, 65535);
	} else {
		kc_put16(l4 + 4, hl + plen);
	}
	for (i = 0; i < plen; i++)
		l4[hl + i] = (u8)(i * 13 + 7);
	mk_ip(d, proto, src, dst, hl + plen);
	{
		u8 ph[12];
		u32 s;

		memcpy(ph, d + 12, 8);
		ph[8] = 0;
		ph[9] = proto;
		kc_put16(ph + 10, hl + plen);
		s = kc_csum_add(kc_csum_add(0, ph, 12), l4, hl + plen);
		kc_put16(l4 + (proto == KC_IPPROTO_TCP ? 16 : 6),
			 kc_csum_fold(s) ?: 0xffff);
	}
	return 20 + hl + plen;
}

/* ICMP echo (type 8 or 0) with identifier id. */
static unsigned int mk_echo(u8 *d, u8 type, const char *src, const char *dst,
			    u16 id, u16 seq)
{
	u8 *icmp = d + 20;
	unsigned int i;

	memset(icmp, 0, 8);
	icmp[0] = type;
	kc_put16(icmp + 4, id);
	kc_put16(icmp + 6, seq);
	for (i = 8; i < 40; i++)
		icmp[i] = (u8)i;
	kc_put16(icmp + 2, sum(icmp, 40));
	return mk_ip(d, KC_IPPROTO_ICMP, src, dst, 40);
}

/* An ICMP error (type, code) from src to dst quoting qlen bytes of q. */
static unsigned int mk_error(u8 *d, u8 type, u8 code, const char *src,
			     const char *dst, const u8 *q, unsigned int qlen)
{
	u8 *icmp = d + 20;

	memset(icmp, 0, 8);
	icmp[0] = type;
	icmp[1] = code;
	memcpy(icmp + 8, q, qlen);
	kc_put16(icmp + 2, sum(icmp, 8 + qlen));
	return mk_ip(d, KC_IPPROTO_ICMP, src, dst, 8 + qlen);
}

static struct kc_pkt *pkt(const u8 *d, unsigned int len)
{
	return kc_user_pkt_alloc(d, len, KC_USER_HEADROOM);
}

static void test_ping(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] irw :: ICMPPingRewriter(pattern 1.0.0.1 40000-40099# - - 0 1, drop);"
		"Idle -> [1] irw; d :: @; irw[0] -> d; irw[1] -> r :: Counter -> d;");
	u8 b[256], *ip, *icmp;

	if (!g)
		return;
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 8, "10.0.0.2", "8.8.8.8", 77, 1)));
	th_push(g, "irw", 1, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 40000, 1)));
	th_push(g, "irw", 1, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 40001, 1)));
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 8, "10.0.0.2", "8.8.8.8", 77, 2)));
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 8, "10.0.0.3", "8.8.8.8", 77, 1)));
	/* Request and reply with the same addresses and identifier differ. */
	th_push(g, "irw", 1, pkt(b, mk_echo(b, 8, "8.8.8.8", "1.0.0.1", 40000, 9)));
	tap_ok(th_num(g, "r", "count") == 1 && th_num(g, "irw", "size") == 2,
	       "ICMPPingRewriter: one reply mapped back, 2 mappings");
	finish(g);
	tap_ok(got.n == 4, "4 packets out (an unknown reply and an unasked request on the drop input dropped): %d", got.n);
	if (got.n != 4)
		return;
	ip = got.d[0];
	icmp = ip + 20;
	tap_ok(ip_is(ip + 12, "1.0.0.1") && ip_is(ip + 16, "8.8.8.8") &&
	       kc_get16(icmp + 4) == 40000 && kc_get16(icmp + 6) == 1 &&
	       sum(ip, 20) == 0 && sum(icmp, 40) == 0,
	       "request: source 1.0.0.1, identifier 40000, IP and ICMP checksums right");
	ip = got.d[1];
	icmp = ip + 20;
	tap_ok(icmp[0] == 0 && ip_is(ip + 12, "8.8.8.8") &&
	       ip_is(ip + 16, "10.0.0.2") && kc_get16(icmp + 4) == 77 &&
	       sum(ip, 20) == 0 && sum(icmp, 40) == 0,
	       "reply: to 10.0.0.2, identifier 77 again, checksums right");
	tap_ok(kc_get16(got.d[2] + 24) == 40000 && kc_get16(got.d[2] + 26) == 2,
	       "the same ping's next request reuses the mapping");
	tap_ok(kc_get16(got.d[3] + 24) == 40001 && sum(got.d[3] + 20, 40) == 0,
	       "another host's ping with the same identifier gets 40001");
}

static void test_ping_old_form(void)
{
	struct kc_graph *g = build(
		"Idle -> irw :: ICMPPingRewriter(1.0.0.1, -, DST_ANNO false); d :: @;"
		"irw[0] -> req :: Counter -> d; irw[1] -> rep :: Counter -> d;");
	u8 b[256];

	if (!g)
		return;
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 8, "10.0.0.2", "8.8.8.8", 77, 1)));
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 1, 1)));
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 999, 1)));
	tap_ok(th_num(g, "req", "count") == 1 && th_num(g, "rep", "count") == 2,
	       "ICMPPingRewriter(SRC, DST): requests to output 0, replies and unknown replies to output 1");
	finish(g);
	tap_ok(got.n == 3 && ip_is(got.d[0] + 12, "1.0.0.1") &&
	       kc_get16(got.d[0] + 24) == 1 &&
	       ip_is(got.d[1] + 16, "10.0.0.2") && kc_get16(got.d[1] + 24) == 77 &&
	       ip_is(got.d[2] + 16, "1.0.0.1") && kc_get16(got.d[2] + 24) == 999 &&
	       sum(got.d[1] + 20, 40) == 0,
	       "old form: identifiers from 1 in turn, the unknown reply unchanged");
}

static void test_icmp_errors(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] rw :: IPRewriter(pattern 1.0.0.1 50000-50099# - - 0 1, drop);"
		"Idle -> [1] rw;"
		"Idle -> [0] irw :: ICMPPingRewriter(pattern 1.0.0.1 40000-40099# - - 0 1, drop);"
		"Idle -> [1] irw;"
		"Idle -> ierw :: ICMPRewriter(rw irw);"
		"rw[0] -> Discard; rw[1] -> Discard; irw[0] -> Discard; irw[1] -> Discard;"
		"ierw[0] -> @; ierw[1] -> un :: Counter -> Discard;");
	u8 b[512], q[256], *ip, *icmp, *qip, *ql4;
	unsigned int n, qn;

	if (!g)
		return;
	th_push(g, "rw", 0, pkt(b, mk_l4(b, KC_IPPROTO_UDP, "10.0.0.2", "8.8.8.8", 1234, 53, 11)));
	th_push(g, "rw", 0, pkt(b, mk_l4(b, KC_IPPROTO_TCP, "10.0.0.3", "5.5.5.5", 4321, 80, 0)));
	th_push(g, "irw", 0, pkt(b, mk_echo(b, 8, "10.0.0.4", "8.8.8.8", 77, 1)));
	/* Time exceeded quoting the whole NATed UDP datagram. */
	qn = mk_l4(q, KC_IPPROTO_UDP, "1.0.0.1", "8.8.8.8", 50000, 53, 11);
	n = mk_error(b, 11, 0, "9.9.9.9", "1.0.0.1", q, qn);
	th_push(g, "ierw", 0, pkt(b, n));
	/* Fragmentation needed quoting 8 bytes of the NATed TCP SYN. */
	qn = mk_l4(q, KC_IPPROTO_TCP, "1.0.0.1", "5.5.5.5", 50001, 80, 0);
	n = mk_error(b, 3, 4, "9.9.9.9", "1.0.0.1", q, 28);
	th_push(g, "ierw", 0, pkt(b, n));
	/* Port unreachable quoting the NATed echo request (all of it). */
	qn = mk_echo(q, 8, "1.0.0.1", "8.8.8.8", 40000, 1);
	n = mk_error(b, 3, 3, "9.9.9.9", "1.0.0.1", q, qn);
	th_push(g, "ierw", 0, pkt(b, n));
	/* No mapping: another port; and an echo reply (no error). */
	qn = mk_l4(q, KC_IPPROTO_UDP, "1.0.0.1", "8.8.8.8", 50077, 53, 11);
	n = mk_error(b, 11, 0, "9.9.9.9", "1.0.0.1", q, qn);
	th_push(g, "ierw", 0, pkt(b, n));
	th_push(g, "ierw", 0, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 40000, 1)));
	tap_ok(th_num(g, "ierw", "mapped") == 3 && th_num(g, "un", "count") == 2,
	       "ICMPRewriter: 3 errors mapped, an unknown flow's and a non-error to output 1");
	finish(g);
	tap_ok(got.n == 3, "3 rewritten errors written: %d", got.n);
	if (got.n != 3)
		return;

	ip = got.d[0];
	icmp = ip + 20;
	qip = icmp + 8;
	ql4 = qip + 20;
	n = kc_get16(ip + 2);
	tap_ok(ip_is(ip + 16, "10.0.0.2") && ip_is(ip + 12, "9.9.9.9") &&
	       sum(ip, 20) == 0,
	       "UDP error: outer destination 10.0.0.2, outer IP checksum right");
	tap_ok(sum(icmp, n - 20) == 0, "UDP error: ICMP checksum right");
	tap_ok(ip_is(qip + 12, "10.0.0.2") && ip_is(qip + 16, "8.8.8.8") &&
	       kc_get16(ql4) == 1234 && kc_get16(ql4 + 2) == 53 &&
	       sum(qip, 20) == 0,
	       "UDP error: quoted 10.0.0.2:1234 -> 8.8.8.8:53, quoted IP checksum right");
	tap_ok(l4_ok(qip, ql4, kc_get16(qip + 2) - 20),
	       "UDP error: quoted UDP checksum right (whole datagram quoted)");

	ip = got.d[1];
	icmp = ip + 20;
	qip = icmp + 8;
	ql4 = qip + 20;
	tap_ok(ip_is(ip + 16, "10.0.0.3") && sum(ip, 20) == 0 &&
	       sum(icmp, 8 + 28) == 0 && ip_is(qip + 12, "10.0.0.3") &&
	       kc_get16(ql4) == 4321 && kc_get16(ql4 + 2) == 80 &&
	       sum(qip, 20) == 0,
	       "TCP error (8 bytes quoted): addresses, ports, outer, ICMP and quoted IP checksums");

	ip = got.d[2];
	icmp = ip + 20;
	qip = icmp + 8;
	tap_ok(ip_is(ip + 16, "10.0.0.4") && sum(ip, 20) == 0 &&
	       sum(icmp, 8 + 60) == 0 && ip_is(qip + 12, "10.0.0.4") &&
	       kc_get16(qip + 24) == 77 && sum(qip, 20) == 0 &&
	       sum(qip + 20, 40) == 0,
	       "ping error: quoted request from 10.0.0.4 with identifier 77, quoted ICMP checksum right");

	/* One output: the unmapped are dropped. */
	g = build("Idle -> [0] rw :: IPRewriter(pattern 1.0.0.1 50000-50099# - - 0 1, drop);"
		  "Idle -> [1] rw; rw[0] -> Discard; rw[1] -> Discard;"
		  "Idle -> ierw :: ICMPRewriter(rw, DST_ANNO false) -> c :: Counter -> Discard;");
	if (!g)
		return;
	qn = mk_l4(q, KC_IPPROTO_UDP, "1.0.0.1", "8.8.8.8", 50077, 53, 11);
	th_push(g, "ierw", 0, pkt(b, mk_error(b, 11, 0, "9.9.9.9", "1.0.0.1", q, qn)));
	tap_ok(th_num(g, "c", "count") == 0 && th_num(g, "ierw", "unmapped") == 1,
	       "ICMPRewriter with one output drops an error about no mapping");
	th_free(g);
}

static void test_addr_rewriters(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] rw :: IPAddrRewriter(pattern 1.0.0.1 - 0 1, drop);"
		"Idle -> [1] rw; d :: @; rw[0] -> d; rw[1] -> d;"
		"Idle -> [0] pw :: IPAddrPairRewriter(pattern 1.0.0.9 7.7.7.7 0 1, drop);"
		"Idle -> [1] pw; pw[0] -> d; pw[1] -> d;");
	u8 b[256], *ip;
	int n;

	if (!g)
		return;
	th_push(g, "rw", 0, pkt(b, mk_l4(b, KC_IPPROTO_TCP, "10.0.0.2", "8.8.8.8", 1111, 80, 5)));
	th_push(g, "rw", 1, pkt(b, mk_l4(b, KC_IPPROTO_UDP, "8.8.8.8", "1.0.0.1", 53, 1111, 5)));
	th_push(g, "rw", 1, pkt(b, mk_echo(b, 0, "8.8.8.8", "1.0.0.1", 5, 5)));
	th_push(g, "rw", 0, pkt(b, mk_l4(b, KC_IPPROTO_UDP, "10.0.0.3", "8.8.8.8", 1, 2, 3)));
	th_push(g, "pw", 0, pkt(b, mk_l4(b, KC_IPPROTO_UDP, "10.0.0.2", "8.8.8.8", 1, 2, 3)));
	th_push(g, "pw", 1, pkt(b, mk_l4(b, KC_IPPROTO_TCP, "7.7.7.7", "1.0.0.9", 2, 1, 3)));
	tap_ok(th_num(g, "rw", "size") == 1,
	       "IPAddrRewriter: one mapping; a second inside host on the same address is refused");
	finish(g);
	tap_ok(got.n == 5, "5 packets rewritten: %d", got.n);
	if (got.n != 5)
		return;
	ip = got.d[0];
	n = kc_get16(ip + 2);
	tap_ok(ip_is(ip + 12, "1.0.0.1") && ip_is(ip + 16, "8.8.8.8") &&
	       kc_get16(ip + 20) == 1111 && sum(ip, 20) == 0 &&
	       l4_ok(ip, ip + 20, n - 20),
	       "IPAddrRewriter: TCP source 1.0.0.1, ports kept, IP and TCP checksums right");
	ip = got.d[1];
	tap_ok(ip_is(ip + 16, "10.0.0.2") && sum(ip, 20) == 0 &&
	       l4_ok(ip, ip + 20, kc_get16(ip + 2) - 20),
	       "IPAddrRewriter: a reply of another protocol (UDP) to 1.0.0.1 goes to 10.0.0.2, checksums right");
	ip = got.d[2];
	tap_ok(ip_is(ip + 16, "10.0.0.2") && sum(ip, 20) == 0 &&
	       sum(ip + 20, 40) == 0,
	       "IPAddrRewriter: ICMP too (any protocol)");
	ip = got.d[3];
	tap_ok(ip_is(ip + 12, "1.0.0.9") && ip_is(ip + 16, "7.7.7.7") &&
	       sum(ip, 20) == 0 && l4_ok(ip, ip + 20, kc_get16(ip + 2) - 20),
	       "IPAddrPairRewriter: (10.0.0.2, 8.8.8.8) -> (1.0.0.9, 7.7.7.7), checksums right");
	ip = got.d[4];
	tap_ok(ip_is(ip + 12, "8.8.8.8") && ip_is(ip + 16, "10.0.0.2") &&
	       sum(ip, 20) == 0 && l4_ok(ip, ip + 20, kc_get16(ip + 2) - 20),
	       "IPAddrPairRewriter: the reply pair back to (8.8.8.8, 10.0.0.2)");
}

/* A TCP SYN from client c (10.1.x.y), source port sp, to 10.9.9.9:80. */
static struct kc_pkt *syn(unsigned int c, u16 sp)
{
	u8 b[128];
	char src[32];

	snprintf(src, sizeof(src), "10.1.%u.%u", c / 250, c % 250 + 1);
	return pkt(b, mk_l4(b, KC_IPPROTO_TCP, src, "10.9.9.9", sp, 80, 0));
}

static long long be(struct kc_graph *g, int k)
{
	char name[8];

	snprintf(name, sizeof(name), "b%d", k);
	return th_num(g, name, "count");
}

#define LB_GRAPH(MAPPER) \
	MAPPER \
	"Idle -> [0] rw :: IPRewriter(lb, drop); Idle -> [1] rw;" \
	"rw[0] -> b0 :: Counter -> Discard; rw[1] -> b1 :: Counter -> Discard;" \
	"rw[2] -> b2 :: Counter -> Discard; rw[3] -> Discard;"

static void test_roundrobin(void)
{
	struct kc_graph *g = build(LB_GRAPH(
		"lb :: RoundRobinIPMapper(- - 10.0.0.1 - 0 3, - - 10.0.0.2 - 1 3,"
		" - - 10.0.0.3 - 2 3);"));
	long long n0, n1, n2;
	char buf[1024];
	int i;

	if (!g)
		return;
	for (i = 0; i < 300; i++) {
		kc_user_cpu = i % 3 == 0;	/* both CPUs take turns */
		th_push(g, "rw", 0, syn(i, 1000));
	}
	kc_user_cpu = 0;
	n0 = be(g, 0);
	n1 = be(g, 1);
	n2 = be(g, 2);
	tap_ok(n0 >= 90 && n0 <= 110 && n1 >= 90 && n1 <= 110 &&
	       n2 >= 90 && n2 <= 110 && n0 + n1 + n2 == 300,
	       "RoundRobinIPMapper: 300 flows spread within 10%% (%lld %lld %lld)",
	       n0, n1, n2);
	tap_ok(th_write(g, "lb", "remove", "- - 10.0.0.2 - 1 3", msg,
			sizeof(msg)) == 0, "remove a backend: %s", msg);
	th_read(g, "lb", "backends", buf, sizeof(buf));
	tap_ok(strstr(buf, "retired - - 10.0.0.2 - 1 3 flows 100") != NULL,
	       "the removed backend is retired with its flows");
	/* Old flows keep their backend: the first 300 again. */
	for (i = 0; i < 300; i++)
		th_push(g, "rw", 0, syn(i, 1000));
	tap_ok(be(g, 0) == 2 * n0 && be(g, 1) == 2 * n1 && be(g, 2) == 2 * n2,
	       "existing flows keep their backend, the removed one's too");
	for (i = 0; i < 100; i++)
		th_push(g, "rw", 0, syn(i, 2000));
	tap_ok(be(g, 1) == 2 * n1 && be(g, 0) == 2 * n0 + 50 &&
	       be(g, 2) == 2 * n2 + 50,
	       "new flows avoid the removed backend (%lld %lld %lld)",
	       be(g, 0), be(g, 1), be(g, 2));
	tap_ok(th_write(g, "lb", "remove", "- - 10.0.0.2 - 1 3", msg,
			sizeof(msg)) != 0 && strstr(msg, "not a backend"),
	       "removing it twice is refused: %s", msg);
	th_write(g, "rw", "clear", "", NULL, 0);
	tap_ok(th_write(g, "lb", "patterns",
			"- - 10.0.0.1 - 0 3\n- - 10.0.0.2 - 1 3, - - 10.0.0.3 - 2 3",
			msg, sizeof(msg)) == 0, "patterns write: %s", msg);
	th_read(g, "lb", "backends", buf, sizeof(buf));
	tap_ok(!strstr(buf, "retired"),
	       "once its flows are gone the retired backend is freed");
	tap_ok(th_write(g, "lb", "add", "- - 10.0.0.2 - 7 3", msg,
			sizeof(msg)) == 0 && th_num(g, "rw", "mapping_failures") == 0,
	       "a backend with an output the rewriter lacks is accepted: %s", msg);
	for (i = 0; i < 4; i++)
		th_push(g, "rw", 0, syn(i, 3000));
	tap_ok(th_num(g, "rw", "mapping_failures") == 1,
	       "but its flows are refused and counted (%lld)",
	       th_num(g, "rw", "mapping_failures"));
	tap_ok(th_write(g, "lb", "add", "- - 10.0.0.x - 1 3", msg,
			sizeof(msg)) != 0 && strstr(msg, "DADDR"),
	       "a bad backend is refused: %s", msg);
	th_free(g);
}

static void test_sourcehash(void)
{
	struct kc_graph *g = build(LB_GRAPH(
		"lb :: SourceIPHashMapper(64 0xbadbeef, - - 10.0.0.1 - 0 3 1,"
		" - - 10.0.0.2 - 1 3 2, - - 10.0.0.3 - 2 3 3);"));
	long long n[3], m[3];
	int i, k, sticky = 1, moved = 0, owner[200];

	if (!g)
		return;
	/* 200 clients, three connections each. */
	for (i = 0; i < 200; i++) {
		for (k = 0; k < 3; k++)
			n[k] = be(g, k);
		th_push(g, "rw", 0, syn(i, 1000));
		for (k = 0; k < 3; k++)
			if (be(g, k) != n[k])
				owner[i] = k;
		th_push(g, "rw", 0, syn(i, 1001));
		th_push(g, "rw", 0, syn(i, 1002));
		if (be(g, owner[i]) != n[owner[i]] + 3)
			sticky = 0;
	}
	for (k = 0; k < 3; k++)
		n[k] = be(g, k);
	tap_ok(sticky, "SourceIPHashMapper: each client's connections go to one backend");
	tap_ok(n[0] > 90 && n[1] > 90 && n[2] > 90,
	       "200 clients spread over 3 backends (%lld %lld %lld connections)",
	       n[0], n[1], n[2]);
	tap_ok(th_write(g, "lb", "remove", "- - 10.0.0.2 - 1 3 2", msg,
			sizeof(msg)) == 0, "remove backend 2: %s", msg);
	for (i = 0; i < 200; i++) {
		for (k = 0; k < 3; k++)
			m[k] = be(g, k);
		th_push(g, "rw", 0, syn(i, 2000));
		if (owner[i] != 1 && be(g, owner[i]) != m[owner[i]] + 1)
			moved++;
		if (be(g, 1) != m[1])
			moved += 1000;
	}
	tap_ok(moved == 0,
	       "after removing backend 2 its clients move, no other client does, backend 2 gets nothing (%d)",
	       moved);
	th_push(g, "rw", 0, syn(0, 1000));
	tap_ok(be(g, owner[0]) >= n[owner[0]] + 1,
	       "an old flow still reaches its backend");
	tap_ok(th_write(g, "lb", "add", "- - 10.0.0.2 - 1 3 2", msg,
			sizeof(msg)) == 0, "add it back: %s", msg);
	for (i = 0, moved = 0; i < 200; i++) {
		for (k = 0; k < 3; k++)
			m[k] = be(g, k);
		th_push(g, "rw", 0, syn(i, 3000));
		if (be(g, owner[i]) != m[owner[i]] + 1)
			moved++;
	}
	tap_ok(moved == 0, "with it back every client returns to its first backend (%d moved)",
	       moved);
	tap_ok(th_write(g, "lb", "add", "- - 10.0.0.4 - 1 3 3", msg,
			sizeof(msg)) != 0 && strstr(msg, "server ID"),
	       "a duplicate server ID is refused: %s", msg);
	th_free(g);
}

int main(void)
{
	test_ping();
	test_ping_old_form();
	test_icmp_errors();
	test_addr_rewriters();
	test_roundrobin();
	test_sourcehash();
	tap_ok(th_no_leak(), "every packet freed (allocs %llu frees %llu)",
	       (unsigned long long)kc_user_pkt_stats.allocs,
	       (unsigned long long)kc_user_pkt_stats.frees);
	return tap_done();
}
