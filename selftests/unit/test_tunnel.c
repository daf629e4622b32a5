// SPDX-License-Identifier: GPL-2.0
/*
 * GRE and VXLAN (issue 15) in the userspace harness, under ASan and
 * UBSan, on hand-built headers: GREEncap's header for each option set
 * (flags, protocol, key, sequence numbers from 0, a checksum verified by
 * an independent RFC 1071 sum), into no headroom at all; GREDecap takes
 * every kind of bad header to output 1, counted per reason (version,
 * RFC 2784's discard bits, short, checksum wrong or missing, key wrong,
 * missing or unexpected, sequence missing, repeated or late, protocol),
 * and ignores bits 6-12; VXLANEncap's header and vni handler, VXLANDecap's
 * I flag, VNI and short checks; the round trips GREEncap -> IPEncap ->
 * CheckIPHeader -> StripIPHeader -> GREDecap and VXLANEncap -> UDPIPEncap
 * -> CheckIPHeader -> CheckUDPHeader -> StripIPHeader -> Strip(8) ->
 * VXLANDecap give back the bytes that went in, at every length 0..299.
 * (CHECKSUM_PARTIAL and GSO exist only in the kernel: not here.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include "../../elements/shared.h"
#include "../../elements/lib/kc_tunnel.h"

static char msg[4096];

/* The folded one's-complement sum of n bytes (0xffff: checksum right). */
static u16 sum16(const u8 *d, size_t n)
{
	u32 s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += d[i] << 8 | d[i + 1];
	if (n & 1)
		s += d[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

/* A packet of the bytes hdr (hlen) then a patterned payload of n bytes. */
static struct kc_pkt *mk(const u8 *hdr, u32 hlen, u32 n, u32 headroom)
{
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, hlen + n, headroom);
	u8 *d = kc_pkt_data(p);
	u32 i;

	memcpy(d, hdr, hlen);
	for (i = 0; i < n; i++)
		d[hlen + i] = (u8)(i * 7 + 3);
	return p;
}

static struct kc_pkt *take(struct kc_graph *g, const char *q)
{
	return kc_queue_pull(kc_graph_find(g, q), 0);
}

/* Push p into name; true if it came out on queue q (and is freed). */
static bool lands(struct kc_graph *g, const char *name, struct kc_pkt *p,
		  const char *q)
{
	struct kc_pkt *o;

	th_push(g, name, 0, p);
	o = take(g, q);
	if (o)
		kc_pkt_drop(o);
	return o != NULL;
}

static void test_greencap(void)
{
	struct kc_graph *g = th_build(
		"Idle -> plain :: GREEncap -> qp :: Queue(10) -> Idle;"
		" Idle -> full :: GREEncap(teb, KEY 0xdeadbeef, SEQUENCE true,"
		" CHECKSUM true) -> qf :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	static const u8 payload[3] = { 1, 2, 3 };
	struct kc_pkt *p, *o, *o2;
	u8 *h;

	if (!g) {
		tap_ok(0, "GREEncap graph: %s", msg);
		return;
	}
	/* No headroom: the 4 bytes must come from a reallocation. */
	p = mk(payload, 3, 20, 0);
	kc_pkt_set_nh(p, 0);
	th_push(g, "plain", 0, p);
	o = take(g, "qp");
	h = o ? kc_pkt_data(o) : NULL;
	tap_ok(o && kc_pkt_len(o) == 27 && !memcmp(h, "\x00\x00\x08\x00", 4) &&
	       !memcmp(h + 4, payload, 3) && !kc_pkt_nh(o),
	       "GREEncap into no headroom: 00 00 08 00 (version 0, ip), payload after, IP header annotation cleared");
	if (o)
		kc_pkt_drop(o);
	th_read(g, "plain", "key", msg, sizeof(msg));
	tap_ok(!msg[0] && th_num(g, "plain", "drops") == 0,
	       "GREEncap without KEY: the key handler is empty");

	th_push(g, "full", 0, mk(payload, 3, 41, 2));
	th_push(g, "full", 0, mk(payload, 3, 40, 64));
	o = take(g, "qf");
	o2 = take(g, "qf");
	if (o && o2) {
		h = kc_pkt_data(o);
		tap_ok(kc_pkt_len(o) == 16 + 44 &&
		       !memcmp(h, "\xb0\x00\x65\x58", 4) &&
		       kc_get16(h + 6) == 0 && kc_get32(h + 8) == 0xdeadbeef &&
		       kc_get32(h + 12) == 0 &&
		       kc_get32(kc_pkt_data(o2) + 12) == 1 &&
		       !memcmp(h + 16, payload, 3),
		       "GREEncap(teb, KEY, SEQUENCE, CHECKSUM): flags C|K|S, 0x6558, reserved1 0, key, sequence 0 then 1");
		tap_ok(sum16(h, kc_pkt_len(o)) == 0xffff &&
		       sum16(kc_pkt_data(o2), kc_pkt_len(o2)) == 0xffff &&
		       kc_get16(h + 4) != kc_get16(kc_pkt_data(o2) + 4),
		       "GREEncap's checksums verify over header and payload (odd and even lengths)");
	} else {
		tap_ok(0, "GREEncap(teb, KEY, SEQUENCE, CHECKSUM): packets came out");
		tap_ok(0, "GREEncap(teb, KEY, SEQUENCE, CHECKSUM): packets came out");
	}
	if (o)
		kc_pkt_drop(o);
	if (o2)
		kc_pkt_drop(o2);
	th_read(g, "full", "protocol", msg, sizeof(msg));
	tap_ok(!strcmp(msg, "0x6558") && th_num(g, "full", "key") ==
	       0xdeadbeef && th_num(g, "full", "seq") == 2,
	       "GREEncap handlers: protocol 0x6558, key 3735928559, next seq 2");
	th_free(g);
}

/* A GRE header: flags, protocol, then up to three 32-bit words. */
static u32 gre(u8 *h, u16 flags, u16 proto, const u32 *w, int nw)
{
	int i;

	kc_put16(h, flags);
	kc_put16(h + 2, proto);
	for (i = 0; i < nw; i++)
		kc_put32(h + 4 + 4 * i, w[i]);
	return 4 + 4 * nw;
}

/* The same with a correct checksum over it and n payload bytes of mk(). */
static struct kc_pkt *gre_csum(u16 flags, const u32 *w, int nw, u32 n)
{
	u8 h[16];
	struct kc_pkt *p = mk(h, gre(h, flags | KC_GRE_F_CSUM, 0x0800, w, nw),
			      n, 64);
	u8 *d = kc_pkt_data(p);

	kc_put16(d + 4, (u16)~sum16(d, kc_pkt_len(p)));
	return p;
}

static void test_gredecap(void)
{
	struct kc_graph *g = th_build(
		"Idle -> any :: GREDecap -> qa :: Queue(10) -> Idle;"
		" any[1] -> ba :: Queue(10) -> Idle;"
		" Idle -> k :: GREDecap(ip, KEY 42, SEQUENCE true, CHECKSUM true)"
		" -> qk :: Queue(10) -> Idle; k[1] -> bk :: Queue(10) -> Idle;"
		" Idle -> one :: GREDecap(KEY 7) -> qo :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	static const u32 zero[1] = { 0 };
	u8 h[16];
	u32 w[3];
	struct kc_pkt *o;
	bool ok;

	if (!g) {
		tap_ok(0, "GREDecap graph: %s", msg);
		return;
	}
	th_push(g, "any", 0, mk(h, gre(h, 0x03f8, 0x86dd, NULL, 0), 9, 0));
	o = take(g, "qa");
	tap_ok(o && kc_pkt_len(o) == 9 && kc_pkt_data(o)[0] == 3 &&
	       !kc_pkt_nh(o),
	       "GREDecap: 4-byte header removed; bits 6-12 ignored (RFC 2784 2.3); any protocol passes");
	if (o)
		kc_pkt_drop(o);
	tap_ok(lands(g, "any", mk(h, gre(h, 1, 0x0800, NULL, 0), 9, 64), "ba") &&
	       lands(g, "any", mk(h, gre(h, 0x4000, 0x0800, NULL, 0), 9, 64), "ba") &&
	       lands(g, "any", mk(h, gre(h, 0x0800, 0x0800, NULL, 0), 9, 64), "ba") &&
	       lands(g, "any", mk(h, gre(h, 0x0400, 0x0800, NULL, 0), 9, 64), "ba"),
	       "GREDecap: version 1, routing (bit 1), strict route (bit 4), recursion (bit 5) go to output 1");
	tap_ok(lands(g, "any", mk(h, 3, 0, 64), "ba") &&
	       lands(g, "any", mk(h, gre(h, KC_GRE_F_KEY | KC_GRE_F_SEQ, 0x0800, zero, 1), 0, 64), "ba"),
	       "GREDecap: 3 bytes, and K|S with one word, are too short");
	tap_ok(lands(g, "any", mk(h, gre(h, KC_GRE_F_KEY, 0x0800, zero, 1), 5, 64), "ba"),
	       "GREDecap without KEY: a keyed packet is refused (Linux's lookup)");
	o = gre_csum(0, zero, 1, 33);
	tap_ok(lands(g, "any", o, "qa"), "GREDecap: a packet with a right checksum passes");
	o = gre_csum(0, zero, 1, 33);
	kc_pkt_data(o)[20] ^= 0x40;
	tap_ok(lands(g, "any", o, "ba"), "GREDecap: a payload bit flipped under the checksum goes to output 1");
	th_read(g, "any", "drop_details", msg, sizeof(msg));
	tap_ok(th_num(g, "any", "count") == 2 && th_num(g, "any", "drops") == 8 &&
	       strstr(msg, "2 packets: too short\n") &&
	       strstr(msg, "4 packets: bad version or flags\n") &&
	       strstr(msg, "1 packets: bad or missing checksum\n") &&
	       strstr(msg, "1 packets: wrong key or VNI\n"),
	       "GREDecap counts: 2 good, 8 bad by reason");

	/* KEY 42, SEQUENCE, CHECKSUM: all three required. */
	w[0] = 0;
	w[1] = 42;
	w[2] = 5;
	ok = lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20), "qk");
	w[2] = 9;
	ok = ok && lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20), "qk");
	tap_ok(ok && th_num(g, "k", "seq") == 10,
	       "GREDecap(KEY 42, SEQUENCE, CHECKSUM): sequence 5 then 9 (a gap) pass; 10 expected next");
	w[2] = 9;
	ok = lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20), "bk");
	w[2] = 7;
	ok = ok && lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20), "bk");
	ok = ok && lands(g, "k", gre_csum(KC_GRE_F_KEY, w, 2, 20), "bk");
	tap_ok(ok && th_num(g, "k", "seq") == 10,
	       "GREDecap SEQUENCE: 9 again, 7 (late) and none at all go to output 1");
	w[1] = 43;
	w[2] = 10;
	ok = lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20), "bk");
	w[1] = 10;	/* checksum word, sequence: no key */
	ok = ok && lands(g, "k", gre_csum(KC_GRE_F_SEQ, w, 2, 20), "bk");
	w[1] = 42;
	ok = ok && lands(g, "k", mk(h, gre(h, KC_GRE_F_KEY | KC_GRE_F_SEQ, 0x0800, w + 1, 2), 20, 64), "bk");
	tap_ok(ok, "GREDecap KEY 42: key 43 and no key refused; CHECKSUM true: no checksum refused");
	o = gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 20);
	kc_put16(kc_pkt_data(o) + 2, 0x86dd);	/* and the checksum made anew */
	kc_put16(kc_pkt_data(o) + 4, 0);
	kc_put16(kc_pkt_data(o) + 4, (u16)~sum16(kc_pkt_data(o), kc_pkt_len(o)));
	tap_ok(lands(g, "k", o, "bk"), "GREDecap(ip): protocol 0x86dd refused");
	th_read(g, "k", "drop_details", msg, sizeof(msg));
	tap_ok(th_num(g, "k", "count") == 2 && strstr(msg, "1 packets: bad or missing checksum\n") &&
	       strstr(msg, "2 packets: wrong key or VNI\n") &&
	       strstr(msg, "3 packets: missing or out-of-order sequence number\n") &&
	       strstr(msg, "1 packets: wrong protocol type\n") &&
	       th_num(g, "k", "seq") == 10,
	       "GREDecap counts by reason, and refused packets do not move the sequence");
	w[2] = 10;
	tap_ok(lands(g, "k", gre_csum(KC_GRE_F_KEY | KC_GRE_F_SEQ, w, 3, 0), "qk"),
	       "GREDecap: sequence 10, the one expected, passes");

	/* Without output 1 a bad packet is dropped (and freed). */
	th_push(g, "one", 0, mk(h, gre(h, 0, 0x0800, NULL, 0), 4, 64));
	w[0] = 7;
	tap_ok(th_num(g, "one", "drops") == 1 &&
	       lands(g, "one", mk(h, gre(h, KC_GRE_F_KEY, 0x0800, w, 1), 4, 64), "qo"),
	       "GREDecap with one output drops a bad packet, passes key 7");
	th_free(g);
}

static void test_vxlan(void)
{
	struct kc_graph *g = th_build(
		"Idle -> ve :: VXLANEncap(42) -> qe :: Queue(10) -> Idle;"
		" Idle -> vd :: VXLANDecap(VNI 42) -> qd :: Queue(10) -> Idle;"
		" vd[1] -> bd :: Queue(10) -> Idle;"
		" Idle -> va :: VXLANDecap -> qa :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	static const u8 payload[3] = { 1, 2, 3 };
	u8 h[8];
	struct kc_pkt *o;
	bool ok;

	if (!g) {
		tap_ok(0, "VXLAN graph: %s", msg);
		return;
	}
	th_push(g, "ve", 0, mk(payload, 3, 60, 0));
	o = take(g, "qe");
	tap_ok(o && kc_pkt_len(o) == 71 &&
	       !memcmp(kc_pkt_data(o), "\x08\x00\x00\x00\x00\x00\x2a\x00", 8) &&
	       kc_pkt_data(o)[8] == 1,
	       "VXLANEncap(42) into no headroom: 08 00 00 00 00 00 2a 00, frame after");
	if (o)
		kc_pkt_drop(o);
	tap_ok(th_write(g, "ve", "vni", "16777216", msg, sizeof(msg)) < 0 &&
	       strstr(msg, "VNI: 16777216 is above 16777215") &&
	       th_write(g, "ve", "vni", "0xabcdef", msg, sizeof(msg)) == 0 &&
	       th_num(g, "ve", "vni") == 0xabcdef,
	       "VXLANEncap vni handler: 16777216 refused, 0xabcdef written");
	th_push(g, "ve", 0, mk(payload, 3, 0, 64));
	o = take(g, "qe");
	tap_ok(o && !memcmp(kc_pkt_data(o) + 4, "\xab\xcd\xef\x00", 4),
	       "VXLANEncap uses the written VNI");
	if (o)
		kc_pkt_drop(o);

	memcpy(h, "\x08\xff\xff\xff\x00\x00\x2a\xff", 8);
	th_push(g, "vd", 0, mk(h, 8, 14, 64));
	o = take(g, "qd");
	tap_ok(o && kc_pkt_len(o) == 14 && kc_pkt_data(o)[0] == 3,
	       "VXLANDecap(42): header removed; reserved bits ignored (RFC 7348 5)");
	if (o)
		kc_pkt_drop(o);
	memcpy(h, "\x00\x00\x00\x00\x00\x00\x2a\x00", 8);
	ok = lands(g, "vd", mk(h, 8, 14, 64), "bd");
	h[0] = 0x08;
	h[6] = 0x2b;
	ok = ok && lands(g, "vd", mk(h, 8, 14, 64), "bd");
	ok = ok && lands(g, "vd", mk(h, 7, 0, 64), "bd");
	th_read(g, "vd", "drop_details", msg, sizeof(msg));
	tap_ok(ok && th_num(g, "vd", "count") == 1 && th_num(g, "vd", "drops") == 3 &&
	       !strcmp(msg, "1 packets: too short\n1 packets: bad version or flags\n"
		       "1 packets: wrong key or VNI\n0 packets: GSO\n"),
	       "VXLANDecap: no I flag, VNI 43, 7 bytes go to output 1, by reason");
	tap_ok(lands(g, "va", mk(h, 8, 0, 64), "qa") &&
	       th_write(g, "vd", "vni", "", msg, sizeof(msg)) == 0 &&
	       lands(g, "vd", mk(h, 8, 0, 64), "qd") &&
	       th_read(g, "vd", "vni", msg, sizeof(msg)) >= 0 && !msg[0] &&
	       th_write(g, "vd", "vni", "43", msg, sizeof(msg)) == 0 &&
	       lands(g, "vd", mk(h, 8, 0, 64), "qd"),
	       "VXLANDecap without VNI takes VNI 43; vni written empty (any) and 43 take it too");
	th_free(g);
}

/* Encapsulate, carry in IP (and UDP), check, take apart: the same bytes. */
static void test_round_trip(void)
{
	struct kc_graph *g = th_build(
		"Idle -> ge :: GREEncap(KEY 1, SEQUENCE true, CHECKSUM true)"
		" -> IPEncap(gre, 10.0.0.1, 10.0.0.2) -> CheckIPHeader"
		" -> StripIPHeader -> gd :: GREDecap(ip, KEY 1, SEQUENCE true,"
		" CHECKSUM true) -> qg :: Queue(10) -> Idle;"
		" Idle -> xe :: VXLANEncap(5) -> UDPIPEncap(10.0.0.1, 4789,"
		" 10.0.0.2, 4789) -> CheckIPHeader -> cu :: CheckUDPHeader"
		" -> StripIPHeader -> Strip(8) -> xd :: VXLANDecap(5)"
		" -> qx :: Queue(10) -> Idle;",
		msg, sizeof(msg), NULL);
	u8 orig[300];
	struct kc_pkt *o;
	int bad = 0;
	u32 n, i;

	if (!g) {
		tap_ok(0, "round-trip graph: %s", msg);
		return;
	}
	for (n = 0; n < 300; n++) {
		for (i = 0; i < n; i++)
			orig[i] = (u8)(i * 13 + n);
		th_push(g, "ge", 0, kc_user_pkt_alloc(orig, n, n % 3 ? 64 : n % 29));
		o = take(g, "qg");
		if (!o || kc_pkt_len(o) != n || memcmp(kc_pkt_data(o), orig, n))
			bad++;
		if (o)
			kc_pkt_drop(o);
		th_push(g, "xe", 0, kc_user_pkt_alloc(orig, n, n % 3 ? 64 : n % 31));
		o = take(g, "qx");
		if (!o || kc_pkt_len(o) != n || memcmp(kc_pkt_data(o), orig, n))
			bad++;
		if (o)
			kc_pkt_drop(o);
	}
	tap_ok(!bad && th_num(g, "gd", "count") == 300 &&
	       th_num(g, "gd", "seq") == 300,
	       "GREEncap -> IPEncap -> CheckIPHeader -> StripIPHeader -> GREDecap: 300 lengths intact, in sequence");
	tap_ok(!bad && th_num(g, "xd", "count") == 300 &&
	       th_num(g, "cu", "drops") == 0,
	       "VXLANEncap -> UDPIPEncap -> ... -> VXLANDecap: 300 lengths intact, UDP checksums right");
	th_free(g);
}

/* A replacement (install --replace) goes on numbering and expecting. */
static void test_replace(void)
{
	static const char conf[] =
		"Idle -> ge :: GREEncap(SEQUENCE true) -> q :: Queue(10) -> Idle;"
		" Idle -> gd :: GREDecap(SEQUENCE true) -> qd :: Queue(10) -> Idle;"
		" gd[1] -> bd :: Queue(10) -> Idle;";
	struct kc_graph *g1 = th_build(conf, msg, sizeof(msg), NULL);
	struct kc_graph *g2 = th_build(conf, msg, sizeof(msg), NULL);
	struct kc_pkt *o;
	u32 w = 41;
	u8 h[8];
	int i;

	if (!g1 || !g2) {
		tap_ok(0, "replace graphs: %s", msg);
		goto out;
	}
	for (i = 0; i < 3; i++) {
		th_push(g1, "ge", 0, mk(h, 0, 4, 64));
		o = take(g1, "q");
		if (o)
			kc_pkt_drop(o);
	}
	th_push(g1, "gd", 0, mk(h, gre(h, KC_GRE_F_SEQ, 0x0800, &w, 1), 4, 64));
	o = take(g1, "qd");
	if (o)
		kc_pkt_drop(o);
	kc_graph_take_state(g2, g1);
	th_push(g2, "ge", 0, mk(h, 0, 4, 64));
	o = take(g2, "q");
	w = 40;
	tap_ok(o && kc_get32(kc_pkt_data(o) + 4) == 3 &&
	       th_num(g2, "gd", "seq") == 42 &&
	       lands(g2, "gd", mk(h, gre(h, KC_GRE_F_SEQ, 0x0800, &w, 1), 4, 64), "bd"),
	       "a replacing GREEncap numbers on from 3; a replacing GREDecap expects 42, refuses 40");
	if (o)
		kc_pkt_drop(o);
out:
	if (g1)
		th_free(g1);
	if (g2)
		th_free(g2);
}

int main(void)
{
	test_greencap();
	test_gredecap();
	test_vxlan();
	test_round_trip();
	test_replace();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
