// SPDX-License-Identifier: GPL-2.0
/*
 * Transport checksums and header checks (issue 15) in the userspace
 * harness, under ASan and UBSan: SetIPChecksum, SetUDPChecksum and
 * SetTCPChecksum against an independent RFC 1071 sum, odd lengths,
 * fragments refused; CheckUDPHeader, CheckTCPHeader and CheckICMPHeader
 * pass good packets and send each kind of bad one to output 1, counted
 * per reason; IPEncap's and UDPIPEncap's headers (fields, IDs, checksums,
 * DST_ANNO, handlers), on packets with no headroom at all, and the round
 * trip back through CheckIPHeader, CheckUDPHeader, StripIPHeader and
 * Strip to the bytes that went in.  (CHECKSUM_PARTIAL and GSO exist only
 * in the kernel: not here.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include "../../elements/shared.h"
#include <kclick/proto.h>

static char msg[4096];

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

/*
 * An IPv4 packet (no link header) of protocol proto with an l4len-byte
 * payload, patterned; the IP checksum right, the transport one garbage.
 */
static struct kc_pkt *mk(u8 proto, u32 l4len)
{
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, 20 + l4len, 64);
	u8 *ip = kc_pkt_data(p), *t = ip + 20;
	u32 i;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	kc_put16(ip + 2, 20 + l4len);
	kc_put16(ip + 4, 0x1234);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, "\x0a\x00\x00\x05\xc0\x00\x02\x01", 8);
	for (i = 0; i < l4len; i++)
		t[i] = (u8)(i * 7 + 3);
	if (proto == KC_IPPROTO_TCP && l4len >= 20)
		t[12] = 5 << 4;
	if (proto == KC_IPPROTO_UDP && l4len >= 8)
		kc_put16(t + 4, l4len);
	if (l4len >= (proto == KC_IPPROTO_TCP ? 20u : 8u))
		kc_put16(t + (proto == KC_IPPROTO_TCP ? 16 : proto ==
			      KC_IPPROTO_UDP ? 6 : 2), 0xbeef);
	kc_ip_set_csum(ip);
	return p;
}

/* The transport checksum verifies, computed independently. */
static bool l4_ok(struct kc_pkt *p)
{
	u8 *ip = kc_pkt_data(p), ph[12];
	u32 len = kc_get16(ip + 2) - 20;

	if (ip[9] == KC_IPPROTO_ICMP)
		return sum16(ip + 20, len, 0) == 0xffff;
	if (ip[9] == KC_IPPROTO_UDP)
		len = kc_get16(ip + 24);
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = ip[9];
	kc_put16(ph + 10, len);
	return sum16(ip + 20, len, sum16(ph, 12, 0)) == 0xffff;
}

static struct kc_pkt *take(struct kc_graph *g, const char *q)
{
	return kc_queue_pull(kc_graph_find(g, q), 0);
}

/* Push p into name, expect it on queue q; true and freed if it came. */
static bool through(struct kc_graph *g, const char *name, struct kc_pkt *p,
		    const char *q, bool (*pred)(struct kc_pkt *))
{
	struct kc_pkt *o;
	bool ok;

	th_push(g, name, 0, p);
	o = take(g, q);
	if (!o)
		return false;
	ok = !pred || pred(o);
	kc_pkt_drop(o);
	return ok;
}

static bool ip_ok(struct kc_pkt *p)
{
	return kc_ip_csum(kc_pkt_data(p), 5) == 0;
}

static void test_setters(void)
{
	struct kc_graph *g = th_build(
		"Idle -> si :: SetIPChecksum -> qi :: Queue(10) -> Idle;"
		" Idle -> su :: SetUDPChecksum -> qu :: Queue(10) -> Idle;"
		" su[1] -> bu :: Queue(10) -> Idle;"
		" Idle -> st :: SetTCPChecksum -> qt :: Queue(10) -> Idle;"
		" st[1] -> bt :: Queue(10) -> Idle;"
		" Idle -> chain :: SetUDPChecksum -> cu :: CheckUDPHeader"
		" -> qc :: Queue(200) -> Idle; cu[1] -> bc :: Queue(200) -> Idle;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p;
	u32 n;
	int bad = 0;

	if (!g) {
		tap_ok(0, "setter graph: %s", msg);
		return;
	}
	p = mk(KC_IPPROTO_UDP, 30);
	kc_pkt_data(p)[10] ^= 0x55;
	tap_ok(!ip_ok(p) && through(g, "si", p, "qi", ip_ok),
	       "SetIPChecksum repairs a broken IP header checksum");
	p = mk(KC_IPPROTO_UDP, 31);
	tap_ok(!l4_ok(p) && through(g, "su", p, "qu", l4_ok),
	       "SetUDPChecksum: an odd-length datagram's checksum verifies");
	p = mk(KC_IPPROTO_UDP, 40);
	kc_put16(kc_pkt_data(p) + 24, 20);	/* UDP length 20 of 40 */
	tap_ok(through(g, "su", p, "qu", l4_ok),
	       "SetUDPChecksum sums the UDP length, not the IP payload");
	p = mk(KC_IPPROTO_UDP, 40);
	kc_put16(kc_pkt_data(p) + 24, 41);
	tap_ok(through(g, "su", p, "bu", NULL),
	       "SetUDPChecksum: a UDP length past the payload goes to output 1");
	p = mk(KC_IPPROTO_UDP, 40);
	kc_put16(kc_pkt_data(p) + 6, KC_IP_MF);
	kc_ip_set_csum(kc_pkt_data(p));
	tap_ok(through(g, "su", p, "bu", NULL) &&
	       th_num(g, "su", "drops") == 2 && th_num(g, "su", "count") == 2,
	       "SetUDPChecksum: a fragment goes to output 1; count 2, drops 2");
	p = mk(KC_IPPROTO_TCP, 57);
	tap_ok(!l4_ok(p) && through(g, "st", p, "qt", l4_ok),
	       "SetTCPChecksum: a 57-byte segment's checksum verifies");
	p = mk(KC_IPPROTO_TCP, 12);
	tap_ok(through(g, "st", p, "bt", NULL) &&
	       th_num(g, "st", "drops") == 1,
	       "SetTCPChecksum: a payload shorter than a TCP header is refused");
	for (n = 8; n < 200; n++) {
		th_push(g, "chain", 0, mk(KC_IPPROTO_UDP, n));
		p = take(g, "qc");
		if (!p || !l4_ok(p))
			bad++;
		if (p)
			kc_pkt_drop(p);
	}
	tap_ok(!bad && th_num(g, "cu", "count") == 192 &&
	       th_num(g, "cu", "drops") == 0 &&
	       th_num(g, "chain", "offloaded") == 0,
	       "SetUDPChecksum -> CheckUDPHeader: all 192 lengths 8..199 pass");
	th_free(g);
}

static void test_checkers(void)
{
	struct kc_graph *g = th_build(
		"Idle -> cu :: CheckUDPHeader(VERBOSE true, DETAILS true)"
		" -> qu :: Queue(10) -> Idle; cu[1] -> bu :: Queue(10) -> Idle;"
		" Idle -> ct :: CheckTCPHeader -> qt :: Queue(10) -> Idle;"
		" ct[1] -> bt :: Queue(10) -> Idle;"
		" Idle -> ci :: CheckICMPHeader -> qi :: Queue(10) -> Idle;"
		" ci[1] -> bi :: Queue(10) -> Idle;"
		" Idle -> fix :: SetUDPChecksum -> Discard;"
		" Idle -> fixt :: SetTCPChecksum -> Discard;"
		" Idle -> d :: CheckUDPHeader -> Discard;",
		msg, sizeof(msg), NULL);
	char buf[512];
	struct kc_pkt *p;
	u8 *d;

	if (!g) {
		tap_ok(0, "checker graph: %s", msg);
		return;
	}
	p = mk(KC_IPPROTO_UDP, 33);
	kc_put16(kc_pkt_data(p) + 26, 0);
	tap_ok(through(g, "cu", p, "qu", NULL),
	       "CheckUDPHeader passes a datagram with no checksum (0)");
	p = mk(KC_IPPROTO_UDP, 33);
	tap_ok(through(g, "cu", p, "bu", NULL),
	       "CheckUDPHeader: a wrong checksum goes to output 1");
	p = mk(KC_IPPROTO_UDP, 33);
	d = kc_pkt_data(p);
	/* Right checksum: compute it the independent way. */
	kc_put16(d + 26, 0);
	{
		u8 ph[12];
		u16 c;

		memcpy(ph, d + 12, 8);
		ph[8] = 0;
		ph[9] = KC_IPPROTO_UDP;
		kc_put16(ph + 10, 33);
		c = ~sum16(d + 20, 33, sum16(ph, 12, 0));
		kc_put16(d + 26, c ? c : 0xffff);
	}
	tap_ok(through(g, "cu", p, "qu", NULL),
	       "CheckUDPHeader passes an independently summed datagram");
	p = mk(KC_IPPROTO_UDP, 33);
	kc_put16(kc_pkt_data(p) + 24, 7);
	tap_ok(through(g, "cu", p, "bu", NULL),
	       "CheckUDPHeader: UDP length 7 is a bad length");
	p = mk(KC_IPPROTO_TCP, 33);
	tap_ok(through(g, "cu", p, "bu", NULL),
	       "CheckUDPHeader: a TCP packet is not UDP");
	p = mk(KC_IPPROTO_UDP, 33);
	kc_put16(kc_pkt_data(p) + 6, 10);	/* fragment offset 80 */
	kc_ip_set_csum(kc_pkt_data(p));
	tap_ok(through(g, "cu", p, "bu", NULL),
	       "CheckUDPHeader: a fragment goes to output 1");
	th_read(g, "cu", "drop_details", buf, sizeof(buf));
	tap_ok(th_num(g, "cu", "drops") == 4 && th_num(g, "cu", "count") == 2 &&
	       strstr(buf, "1 packets: not this protocol") &&
	       strstr(buf, "1 packets: bad packet length") &&
	       strstr(buf, "1 packets: bad checksum") &&
	       strstr(buf, "1 packets: fragment"),
	       "CheckUDPHeader counts: 2 passed, 4 dropped, one per reason");
	if (!strstr(buf, "1 packets: fragment"))
		printf("#   %s\n", buf);

	/* TCP: fix with SetTCPChecksum then check, then break it. */
	p = mk(KC_IPPROTO_TCP, 44);
	th_push(g, "fixt", 0, kc_pkt_clone(p));
	kc_pkt_drop(p);
	p = mk(KC_IPPROTO_TCP, 44);
	{
		/* The same packet summed by the test. */
		u8 ph[12], *x = kc_pkt_data(p);

		kc_put16(x + 36, 0);
		memcpy(ph, x + 12, 8);
		ph[8] = 0;
		ph[9] = KC_IPPROTO_TCP;
		kc_put16(ph + 10, 44);
		kc_put16(x + 36, ~sum16(x + 20, 44, sum16(ph, 12, 0)));
	}
	tap_ok(through(g, "ct", kc_pkt_clone(p), "qt", NULL),
	       "CheckTCPHeader passes a right segment");
	kc_pkt_data(p)[50] ^= 1;
	tap_ok(through(g, "ct", kc_pkt_clone(p), "bt", NULL),
	       "CheckTCPHeader: one payload bit flipped is a bad checksum");
	kc_pkt_data(p)[50] ^= 1;
	kc_pkt_data(p)[32] = 15 << 4;		/* 60-byte header in 44 */
	tap_ok(through(g, "ct", p, "bt", NULL),
	       "CheckTCPHeader: a data offset past the payload is refused");
	p = mk(KC_IPPROTO_TCP, 19);
	tap_ok(through(g, "ct", p, "bt", NULL) &&
	       th_num(g, "ct", "drops") == 3 && th_num(g, "ct", "count") == 1,
	       "CheckTCPHeader: 19 bytes is short; count 1, drops 3");

	/* ICMP: no pseudo-header. */
	p = mk(KC_IPPROTO_ICMP, 64);
	d = kc_pkt_data(p);
	kc_put16(d + 22, 0);
	kc_put16(d + 22, ~sum16(d + 20, 64, 0));
	tap_ok(through(g, "ci", kc_pkt_clone(p), "qi", NULL),
	       "CheckICMPHeader passes a right echo");
	kc_pkt_data(p)[70] ^= 0x80;
	tap_ok(through(g, "ci", p, "bi", NULL),
	       "CheckICMPHeader: a flipped bit is a bad checksum");
	p = mk(KC_IPPROTO_ICMP, 7);
	tap_ok(through(g, "ci", p, "bi", NULL) &&
	       th_num(g, "ci", "drops") == 2 && th_num(g, "ci", "count") == 1,
	       "CheckICMPHeader: 7 bytes is too short; count 1, drops 2");

	/* Without output 1, a bad packet is dropped (and freed). */
	th_push(g, "d", 0, mk(KC_IPPROTO_UDP, 20));
	tap_ok(th_num(g, "d", "drops") == 1,
	       "CheckUDPHeader with one output drops a bad datagram");
	th_free(g);
}

static void test_encap(void)
{
	struct kc_graph *g = th_build(
		"Idle -> ie :: IPEncap(ipip, 10.1.1.1, 10.2.2.2, TTL 9, DSCP 10,"
		" ECT 2, DF true) -> qe :: Queue(10) -> Idle;"
		" Idle -> ua :: UDPIPEncap(10.0.0.1, 4789, DST_ANNO, 53, false)"
		" -> qa :: Queue(10) -> Idle;"
		" Idle -> ue :: UDPIPEncap(10.0.0.1, 1234, 10.0.0.2, 5678)"
		" -> CheckIPHeader -> cu :: CheckUDPHeader -> sh :: StripIPHeader"
		" -> Strip(8) -> qr :: Queue(300) -> Idle; cu[1] -> Discard;"
		" Idle -> si :: StripIPHeader -> qs :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	struct kc_pkt *p, *o;
	u8 want[4], *ip, orig[400];
	u16 id0 = 0;
	int bad = 0;
	u32 n;

	if (!g) {
		tap_ok(0, "encap graph: %s", msg);
		return;
	}
	th_push(g, "ie", 0, mk(KC_IPPROTO_UDP, 30));
	th_push(g, "ie", 0, mk(KC_IPPROTO_UDP, 30));
	o = take(g, "qe");
	p = take(g, "qe");
	if (o && p) {
		ip = kc_pkt_data(o);
		inet_pton(AF_INET, "10.2.2.2", want);
		id0 = kc_get16(ip + 4);
		tap_ok(kc_pkt_len(o) == 70 && ip[0] == 0x45 &&
		       ip[1] == (10 << 2 | 2) && kc_get16(ip + 2) == 70 &&
		       kc_get16(ip + 6) == KC_IP_DF && ip[8] == 9 &&
		       ip[9] == 4 && !memcmp(ip + 16, want, 4) &&
		       ip_ok(o) && ip[20] == 0x45 && ip[29] == KC_IPPROTO_UDP,
		       "IPEncap: version, TOS from DSCP and ECT, length, DF, TTL, protocol, checksum");
		tap_ok(kc_get16(kc_pkt_data(p) + 4) == (u16)(id0 + 1) &&
		       !memcmp(&kc_pkt_anno(o)->dst_ip, want, 4) &&
		       kc_pkt_nh(o) == kc_pkt_data(o),
		       "IPEncap: IDs count up; DST and IP header annotations set");
	} else {
		tap_ok(0, "IPEncap: packets came out");
		tap_ok(0, "IPEncap: packets came out");
	}
	if (o)
		kc_pkt_drop(o);
	if (p)
		kc_pkt_drop(p);

	/* No headroom at all: the encapsulation must reallocate. */
	p = kc_user_pkt_alloc(NULL, 10, 0);
	memset(kc_pkt_data(p), 0xab, 10);
	inet_pton(AF_INET, "192.0.2.7", &kc_pkt_anno(p)->dst_ip);
	th_push(g, "ua", 0, p);
	o = take(g, "qa");
	inet_pton(AF_INET, "192.0.2.7", want);
	tap_ok(o && kc_pkt_len(o) == 38 && ip_ok(o) &&
	       !memcmp(kc_pkt_data(o) + 16, want, 4) &&
	       kc_get16(kc_pkt_data(o) + 20) == 4789 &&
	       kc_get16(kc_pkt_data(o) + 22) == 53 &&
	       kc_get16(kc_pkt_data(o) + 24) == 18 &&
	       kc_get16(kc_pkt_data(o) + 26) == 0 &&
	       kc_pkt_data(o)[37] == 0xab,
	       "UDPIPEncap into no headroom: reallocated; DST_ANNO, ports, length, no checksum");
	if (o)
		kc_pkt_drop(o);
	tap_ok(th_write(g, "ua", "sport", "7", msg, sizeof(msg)) == 0 &&
	       th_write(g, "ua", "dst", "10.9.9.9", msg, sizeof(msg)) == 0 &&
	       th_write(g, "ua", "dport", "70000", msg, sizeof(msg)) < 0,
	       "UDPIPEncap handlers: sport and dst written, dport 70000 refused");
	th_read(g, "ua", "dst", msg, sizeof(msg));
	tap_ok(!strcmp(msg, "10.9.9.9") && th_num(g, "ua", "sport") == 7 &&
	       th_num(g, "ua", "dport") == 53,
	       "UDPIPEncap handlers read back 10.9.9.9, 7, 53");
	th_push(g, "ua", 0, mk(KC_IPPROTO_TCP, 20));
	o = take(g, "qa");
	inet_pton(AF_INET, "10.9.9.9", want);
	tap_ok(o && !memcmp(kc_pkt_data(o) + 16, want, 4) &&
	       kc_get16(kc_pkt_data(o) + 20) == 7,
	       "UDPIPEncap uses the written values");
	if (o)
		kc_pkt_drop(o);

	/* Round trip, every length 0..299, some with little headroom. */
	for (n = 0; n < 300; n++) {
		u32 i;

		for (i = 0; i < n; i++)
			orig[i] = (u8)(i * 13 + n);
		th_push(g, "ue", 0,
			kc_user_pkt_alloc(orig, n, n % 3 ? 64 : n % 29));
		o = take(g, "qr");
		if (!o || kc_pkt_len(o) != n || memcmp(kc_pkt_data(o), orig, n))
			bad++;
		if (o)
			kc_pkt_drop(o);
	}
	tap_ok(!bad && th_num(g, "cu", "count") == 300 &&
	       th_num(g, "cu", "drops") == 0,
	       "UDPIPEncap -> CheckIPHeader -> CheckUDPHeader -> StripIPHeader -> Strip(8): 300 lengths come back intact");

	p = mk(KC_IPPROTO_UDP, 12);
	tap_ok(through(g, "si", p, "qs", NULL) &&
	       th_num(g, "si", "drops") == 0,
	       "StripIPHeader without an annotation strips the header at the data");
	th_push(g, "si", 0, th_pkt(19, 0x0800));
	tap_ok(th_num(g, "si", "drops") == 1 && !take(g, "qs"),
	       "StripIPHeader drops a packet shorter than an IP header");
	th_free(g);
}

int main(void)
{
	test_setters();
	test_checkers();
	test_encap();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
