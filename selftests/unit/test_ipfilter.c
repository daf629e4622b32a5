// SPDX-License-Identifier: GPL-2.0
/*
 * Click's IPFilter/IPClassifier language, test by test: each pattern is
 * compiled (kc_cls_compile) and run (kc_cls_eval) on packets built here,
 * and must match exactly the packets Click's meaning says
 * (elements/ip/ipclassifier.hh in Click); refusals must name the rule and
 * the word.  selftests/unit/test_classify.sh checks random rule sets
 * against a reference model; this file pins the corner cases.
 */
#include <string.h>
#include <stdlib.h>

#include "tap.h"
#include "harness.h"
#include <kclick/classify.h>

static char msg[512];

/* A packet: IPv4 with a TCP, UDP or ICMP header. */
struct pk {
	u8 proto, tos, ttl, flags, icmptype, icmpcode;
	u32 src, dst;
	u16 sport, dport, frag, id, win;
	int len;		/* bytes given to the classifier; 0: 40 */
};

#define IP4(a, b, c, d)	((u32)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define PK(...)		(&(struct pk){ __VA_ARGS__ })
#define TCP		.proto = 6
#define UDP		.proto = 17
#define ICMP		.proto = 1

static int mk(const struct pk *k, u8 *b)
{
	int len = k->len ? k->len : 40;
	u8 *t = b + 20;

	memset(b, 0, 64);
	b[0] = 0x45;
	b[1] = k->tos;
	b[2] = len >> 8;
	b[3] = len;
	b[4] = k->id >> 8;
	b[5] = k->id;
	b[6] = k->frag >> 8;
	b[7] = k->frag;
	b[8] = k->ttl ? k->ttl : 64;
	b[9] = k->proto;
	b[12] = k->src >> 24; b[13] = k->src >> 16; b[14] = k->src >> 8;
	b[15] = k->src;
	b[16] = k->dst >> 24; b[17] = k->dst >> 16; b[18] = k->dst >> 8;
	b[19] = k->dst;
	if (k->proto == 1) {
		t[0] = k->icmptype;
		t[1] = k->icmpcode;
	} else {
		t[0] = k->sport >> 8;
		t[1] = k->sport;
		t[2] = k->dport >> 8;
		t[3] = k->dport;
		t[13] = k->flags;
		t[14] = k->win >> 8;
		t[15] = k->win;
	}
	return len;
}

/* rule (an IPClassifier pattern) matches k: 1, does not: 0, error: -1. */
static int match(const char *rule, const struct pk *k)
{
	const char *rules[2] = { rule, "-" };
	struct kc_errbuf eb = { { 0 } };
	struct kc_cls_prog *prog = NULL;
	u8 b[64];
	int len, out;

	if (kc_cls_compile(KC_CLS_IPCLASSIFIER, rules, 2, 2, &prog, &eb)) {
		snprintf(msg, sizeof(msg), "%s", eb.msg);
		return -1;
	}
	len = mk(k, b);
	out = kc_cls_eval(prog, b, len);
	kc_cls_free(prog);
	msg[0] = '\0';
	return out == 0;
}

#define YES(rule, why, ...)	check(rule, PK(__VA_ARGS__), 1, why)
#define NO(rule, why, ...)	check(rule, PK(__VA_ARGS__), 0, why)

static void check(const char *rule, const struct pk *k, int want,
		  const char *why)
{
	int got = match(rule, k);

	tap_ok(got == want, "'%s' %s %s%s%s", rule,
	       want ? "matches" : "does not match", why,
	       got < 0 ? ": " : "", got < 0 ? msg : "");
}

/* rule is refused, and the message names the rule and contains word. */
static void refused(const char *rule, const char *word)
{
	const char *rules[2] = { rule, "-" };
	struct kc_errbuf eb = { { 0 } };
	struct kc_cls_prog *prog = NULL;
	int ret;

	ret = kc_cls_compile(KC_CLS_IPCLASSIFIER, rules, 2, 2, &prog, &eb);
	kc_cls_free(prog);
	tap_ok(ret < 0 && strstr(eb.msg, "rule 1") && strstr(eb.msg, word),
	       "'%s' is refused naming '%s': %s", rule, word, eb.msg);
}

static void test_fields(void)
{
	YES("ip[19] 2", "dst ending .2", .dst = IP4(10, 0, 0, 2));
	NO("ip[19] 2", "dst ending .3", .dst = IP4(10, 0, 0, 3));
	YES("ip[12:4] == 0x0a000001", "src 10.0.0.1", .src = IP4(10, 0, 0, 1));
	YES("ip[16,17] 0x0a00", "dst 10.0.x.x (POS,END)", .dst = IP4(10, 0, 9, 9));
	YES("transp[1] & 128 == 0", "sport 1", TCP, .sport = 1);
	NO("transp[1] & 128 == 0", "sport 0x80", TCP, .sport = 0x80);
	YES("transp[1] & 128 == 0", "an ICMP code 0 (no protocol implied)", ICMP);
	NO("transp[1] & 128 == 0", "a non-first fragment", TCP, .frag = 100);
	YES("tcp[13] & 2 != 0", "a SYN", TCP, .flags = 2);
	NO("tcp[13] & 2 != 0", "a UDP packet (tcp[] implies TCP)", UDP, .flags = 2);
	NO("ip[40:2] == 0", "a 40-byte packet (byte 40 is missing)", TCP);
	YES("not ip[40:2] == 0", "a 40-byte packet", TCP);
	NO("ip[40:2] != 0", "a 40-byte packet (relations need the field)", TCP);
	YES("ip[38:2] == 0", "a 40-byte packet's last two bytes", TCP);
	YES("ip id 0x1234", "id 0x1234", TCP, .id = 0x1234);
	YES("ip dscp 46", "tos 0xb8 (EF)", TCP, .tos = 0xb8);
	NO("ip dscp 46", "tos 0x10 (dscp 4)", TCP, .tos = 0x10);
	YES("ip dscp 46", "tos 0xb9 (the ECN bits are not DSCP)", TCP, .tos = 0xb9);
	YES("ip ect", "ECN 01", TCP, .tos = 1);
	NO("ip ect", "ECN 00", TCP, .tos = 4);
	YES("ip ce", "ECN 11", TCP, .tos = 3);
	NO("ip ce", "ECN 10", TCP, .tos = 2);
	YES("tcp win > 1000", "window 2000", TCP, .win = 2000);
	NO("tcp win > 1000", "a UDP packet", UDP, .win = 2000);
	YES("ip ttl & 0xf0 > 0x10", "ttl 0x20", TCP, .ttl = 0x20);
	NO("ip ttl & 0xf0 > 0x10", "ttl 0x1f", TCP, .ttl = 0x1f);
	YES("ip tos >= 4", "tos 4", TCP, .tos = 4);
	NO("ip tos <= 3", "tos 4", TCP, .tos = 4);
}

static void test_words(void)
{
	YES("icmp echo-reply", "an echo reply", ICMP, .icmptype = 0);
	NO("icmp echo-reply", "an echo", ICMP, .icmptype = 8);
	YES("echo-reply", "an echo reply (icmp implied)", ICMP);
	YES("icmp type != 8", "an echo reply", ICMP);
	NO("icmp type != 8", "a TCP packet (needs ICMP)", TCP);
	YES("tcp rst", "a RST", TCP, .flags = 4);
	NO("tcp rst", "a SYN", TCP, .flags = 2);
	NO("rst", "a UDP packet", UDP, .flags = 4);
	YES("fin ack", "FIN+ACK", TCP, .flags = 0x11);
	NO("fin ack", "FIN alone", TCP, .flags = 0x01);
	YES("tcp opt 18", "SYN+ACK (both bits)", TCP, .flags = 0x12);
	NO("tcp opt 18", "SYN alone", TCP, .flags = 0x02);
	YES("proto icmp", "ICMP", ICMP);
	NO("proto icmp", "TCP", TCP);
	YES("ip proto != tcp", "UDP", UDP);
	YES("ip proto tcpudp", "UDP", UDP);
	NO("ip proto tcpudp", "ICMP", ICMP);
	YES("dst tcp ssh", "TCP to 22", TCP, .dport = 22);
	NO("dst tcp ssh", "UDP to 22", UDP, .dport = 22);
	NO("dst tcp ssh", "TCP from 22", TCP, .sport = 22);
	YES("dst udp netbios-ns", "UDP to 137", UDP, .dport = 137);
	YES("src port ftp-data", "from 20", TCP, .sport = 20);
	YES("www", "to 80 (port implied)", TCP, .dport = 80);
	YES("tcp 18.26.4.10", "TCP to it", TCP, .dst = IP4(18, 26, 4, 10));
	YES("tcp 18.26.4.10", "TCP from it", TCP, .src = IP4(18, 26, 4, 10));
	NO("tcp 18.26.4.10", "UDP to it", UDP, .dst = IP4(18, 26, 4, 10));
	YES("src host != 10.0.0.1", "from 10.0.0.2", TCP, .src = IP4(10, 0, 0, 2));
	NO("src host != 10.0.0.1", "from 10.0.0.1", TCP, .src = IP4(10, 0, 0, 1));
	NO("host != 10.0.0.1", "to 10.0.0.1 (neither end)", TCP, .dst = IP4(10, 0, 0, 1));
	YES("10/8", "a prefix alone, shortened", TCP, .src = IP4(10, 1, 2, 3));
	YES("dst net 18.26/16", "dst 18.26.4.10", TCP, .dst = IP4(18, 26, 4, 10));
	YES("src host 1.1.1.1 or 2.2.2.2", "the second host (src repeated)", TCP,
	    .src = IP4(2, 2, 2, 2));
	NO("src host 1.1.1.1 or 2.2.2.2", "2.2.2.2 as dst", TCP,
	   .dst = IP4(2, 2, 2, 2));
	YES("true", "anything", UDP);
	NO("false", "anything", UDP);
	YES("any", "anything", UDP);
}

/* The netmask bug: "net A mask M" is (addr & M) == (A & M). */
static void test_masks(void)
{
	YES("dst net 2.0.0.1 mask 255.0.0.0", "dst 2.3.4.5", TCP, .dst = IP4(2, 3, 4, 5));
	NO("dst net 2.0.0.1 mask 255.0.0.0", "dst 3.0.0.1", TCP, .dst = IP4(3, 0, 0, 1));
	YES("dst net 10.0.0.0 mask 0.0.255.255", "dst 1.2.0.0 (low half 0)", TCP,
	    .dst = IP4(1, 2, 0, 0));
	NO("dst net 10.0.0.0 mask 0.0.255.255", "dst 10.0.0.1 (not the old /0)", TCP,
	   .dst = IP4(10, 0, 0, 1));
	YES("src net 10.0.0.0/255.255.0.255", "src 10.0.7.0", TCP, .src = IP4(10, 0, 7, 0));
	NO("src net 10.0.0.0/255.255.0.255", "src 10.0.7.1", TCP, .src = IP4(10, 0, 7, 1));
	YES("src host & 255.0.0.0 == 10.0.0.0", "src 10.9.9.9", TCP, .src = IP4(10, 9, 9, 9));
	YES("src tcp port & 10 == 8", "sport 9 (9 & 10 = 8)", TCP, .sport = 9);
	NO("src tcp port & 10 == 8", "sport 2", TCP, .sport = 2);
}

/* Relations and src/dst as Click normalises them. */
static void test_relations(void)
{
	NO("port != 80", "80 -> 1000 (neither may be 80)", TCP, .sport = 80, .dport = 1000);
	YES("port != 80", "1000 -> 2000", TCP, .sport = 1000, .dport = 2000);
	NO("port != 80", "ICMP (ports needed)", ICMP);
	NO("port < 1024", "80 -> 2000 (both must be)", TCP, .sport = 80, .dport = 2000);
	YES("port < 1024", "80 -> 443", TCP, .sport = 80, .dport = 443);
	YES("port > 1023", "80 -> 2000 (either)", TCP, .sport = 80, .dport = 2000);
	YES("src tcp port != 5", "TCP from 6", TCP, .sport = 6);
	NO("src tcp port != 5", "UDP from 6", UDP, .sport = 6);
	YES("not src tcp port 5", "UDP from 6", UDP, .sport = 6);
	NO("src tcp port != 5", "a non-first fragment", TCP, .sport = 6, .frag = 10);
	YES("src port 80 or 81", "from 81", TCP, .sport = 81);
	NO("src port 80 or 81", "to 81", TCP, .dport = 81);
	YES("dst port www or 443", "to 443", TCP, .dport = 443);
	YES("dst port 1000-2000", "to 1500 (kclick's range)", UDP, .dport = 1500);
	YES("port < 0 or tcp", "TCP", TCP);
	NO("port < 0", "anything", TCP);
	YES("udp port >= 0", "UDP", UDP);
}

static void test_ternary(void)
{
	YES("tcp ? dst port 80 : icmp", "TCP to 80", TCP, .dport = 80);
	NO("tcp ? dst port 80 : icmp", "TCP to 81", TCP, .dport = 81);
	YES("tcp ? dst port 80 : icmp", "ICMP", ICMP);
	NO("tcp ? dst port 80 : icmp", "UDP", UDP);
	YES("not (tcp ? dst port 80 : icmp)", "UDP", UDP);
	YES("tcp ? syn : udp ? dst port 53 : icmp", "UDP to 53", UDP, .dport = 53);
	NO("tcp ? syn : udp ? dst port 53 : icmp", "UDP to 54", UDP, .dport = 54);
	YES("tcp ? syn : udp ? dst port 53 : icmp", "ICMP", ICMP);
	YES("udp ? (dst port 53 ? src port 53 : true) : false",
	    "UDP 53 -> 53 (a ?: in the middle)", UDP, .sport = 53, .dport = 53);
	NO("udp ? (dst port 53 ? src port 53 : true) : false",
	   "UDP 54 -> 53", UDP, .sport = 54, .dport = 53);
}

static void test_refusals(void)
{
	refused("ip tos 300", "300");
	refused("tcp dst port 99999", "99999");
	refused("ip[3:5] 1", "1 to 4");
	refused("ip[8193] 1", "8192");
	refused("echo", "ambiguous");
	refused("udp syn", "syn");
	refused("ip[1] & 0 == 0", "zero mask");
	refused("tcp ? syn", "':'");
	refused("src host > 10.0.0.1", "'<' or '>'");
	refused("icmp port 80", "ports");
	refused("src port & 0x10000 == 1", "mask out of range");
	refused("ip[0] 1 or ip[1] 1 or ip[2] 1 or ip[3] 1 or ip[4] 1 or ip[5] 1 or ip[6] 1 or ip[7] 1 or ip[8] 1 or ip[9] 1 or ip[10] 1 or ip[11] 1 or ip[12] 1",
		"more than 12 different header fields");
	refused("src ether host 1:2:3:4:5:6", "Ethernet");
}

/* IPFilter: "allow" alone allows everything, as in Click. */
static void test_ipfilter_actions(void)
{
	const char *rules[1] = { "allow" };
	struct kc_errbuf eb = { { 0 } };
	struct kc_cls_prog *prog = NULL;
	u8 b[64];
	int len = mk(PK(UDP), b), ret;

	ret = kc_cls_compile(KC_CLS_IPFILTER, rules, 1, 1, &prog, &eb);
	tap_ok(!ret && kc_cls_eval(prog, b, len) == 0,
	       "IPFilter(allow) allows a UDP packet: %s", ret ? eb.msg : "ok");
	kc_cls_free(prog);
}

/*
 * What the element makes contiguous before it classifies: the bytes its
 * rules read, no more (a pull past a paged skb's linear part may
 * reallocate its head every packet).
 */
static void test_reads(void)
{
	static const struct {
		const char *rule, *want;
	} t[] = {
		{ "src host 10.0.0.1", "reads 20 bytes of the IP header, 0 of" },
		{ "tcp dst port 80", "reads 20 bytes of the IP header, 4 of" },
		{ "icmp type echo", "reads 20 bytes of the IP header, 1 of" },
		{ "tcp syn", "reads 20 bytes of the IP header, 14 of" },
		{ "ip[30:2] = 5", "reads 32 bytes of the IP header, 0 of" },
		{ "transp[20:4] = 1", "reads 20 bytes of the IP header, 24 of" },
	};
	struct kc_errbuf eb = { 0 };
	struct kc_cls_prog *prog;
	struct kc_buf b = { 0 };
	unsigned int i, bad = 0;
	char out[4096];

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *rules[] = { t[i].rule, "-" };

		if (kc_cls_compile(KC_CLS_IPCLASSIFIER, rules, 2, 2, &prog, &eb)) {
			tap_ok(0, "'%s' compiles: %s", t[i].rule, eb.msg);
			return;
		}
		b = (struct kc_buf){ .data = out, .cap = sizeof(out) };
		out[0] = 0;
		kc_cls_describe(prog, &b);
		kc_cls_free(prog);
		if (!strstr(out, t[i].want)) {
			tap_ok(0, "'%s': %s (want '%s')", t[i].rule, out, t[i].want);
			bad++;
		}
	}
	tap_ok(!bad, "the bytes made contiguous are those the rules read (%u rule sets)",
	       i);
}

/*
 * Rules that reduce to one verdict ("allow all" after allows) read no
 * field, but a packet shorter than an IP header is still dropped.
 */
static void test_one_verdict(void)
{
	char m[2048], buf[256];
	struct kc_graph *g = th_build(
		"Idle -> f :: IPFilter(allow src host 10.0.0.1 && dst udp port 9, allow all) -> c :: Counter -> Discard;",
		m, sizeof(m), NULL);
	unsigned int len;

	if (!g) {
		tap_ok(0, "IPFilter graph builds: %s", m);
		return;
	}
	th_read(g, "f", "program", buf, sizeof(buf));
	for (len = 0; len < 40; len++)
		th_push(g, "f", 0, kc_user_pkt_alloc(NULL, len, KC_USER_HEADROOM));
	tap_ok(strstr(buf, "\noutput 0\n") && th_num(g, "c", "count") == 20 &&
	       th_num(g, "f", "drops") == 20,
	       "one verdict: 20 packets of 20-39 bytes pass, 20 shorter ones are dropped (%lld, %lld)",
	       th_num(g, "c", "count"), th_num(g, "f", "drops"));
	th_free(g);
}

int main(void)
{
	test_one_verdict();
	test_reads();
	test_fields();
	test_words();
	test_masks();
	test_relations();
	test_ternary();
	test_refusals();
	test_ipfilter_actions();
	return tap_done();
}
