// SPDX-License-Identifier: GPL-2.0
/*
 * Names for addresses (AddressInfo, include/kclick/names.h) in the
 * userspace harness: what each form means to the element that reads it,
 * checked through the elements' own handlers (the configured addresses)
 * and packets (which IPClassifier output a packet takes, the ARP query
 * ARPQuerier(NAME) sends), Click's scoping by compound, a handler write
 * that uses a name, Click's partial prefixes, and the bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"
#include <kclick/names.h>
#include <kclick/proto.h>

static char msg[2048];
static char buf[4096];

static struct kc_graph *build(const char *text)
{
	struct kc_graph *g = th_build(text, msg, sizeof(msg), NULL);

	if (!g)
		tap_ok(0, "graph builds: %s (%s)", msg, text);
	return g;
}

/* The handler's value, trailing newlines cut. */
static const char *rd(struct kc_graph *g, const char *e, const char *h)
{
	size_t n;

	if (th_read(g, e, h, buf, sizeof(buf)))
		return "(error)";
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

#define EXPECT(g, e, h, want, what) do {				\
	const char *_v = rd(g, e, h);					\
	tap_ok(!strcmp(_v, want), "%s: %s.%s is '%s' (want '%s')",	\
	       what, e, h, _v, want);					\
} while (0)

static const char defs[] =
	"AddressInfo(intern 18.26.4.9/24 00:50:ba:85:84:a9,\n"
	"            extern 1.0.0.1 00:50:ba:85:84:aa,\n"
	"            MY_NET 10.0.0.0/8,\n"
	"            many 1.1.1.1 2.2.2.2,\n"
	"            mixed 3.3.3.3/16 4.4.4.4,\n"
	"            outer:gw 18.26.4.254, outer 5.5.5.5/24);\n";

static void test_kinds(void)
{
	char text[4096];
	struct kc_graph *g;

	snprintf(text, sizeof(text), "%s"
		 "Idle -> ee :: EtherEncap(0x0800, extern, intern:eth) -> Discard;\n"
		 "Idle -> a1 :: ARPResponder(intern) -> Discard;\n"
		 "Idle -> a2 :: ARPResponder(intern:net intern:ether, MY_NET 1:1:1:1:1:1) -> Discard;\n"
		 "Idle -> a3 :: ARPResponder(extern:ip 0:0:0:0:0:1, 0/0 1:1:1:1:1:2, 2.0/16 1:1:1:1:1:3) -> Discard;\n"
		 "Idle -> s1 :: SetIPAddress(intern:bcast) -> Discard;\n"
		 "Idle -> s2 :: SetIPAddress(intern:gw) -> Discard;\n"
		 "Idle -> s3 :: SetIPAddress(outer:gw) -> Discard;\n"
		 "Idle -> s4 :: SetIPAddress(many) -> Discard;\n"
		 "Idle -> s5 :: SetIPAddress(mixed) -> Discard;\n"
		 "Idle -> s6 :: SetIPAddress(MY_NET:bcast) -> Discard;\n"
		 "Idle -> s7 :: SetIPAddress(intern:IP) -> Discard;\n",
		 defs);
	g = build(text);
	if (!g)
		return;
	EXPECT(g, "ee", "src", "00:50:ba:85:84:aa",
	       "a bare name where an Ethernet address is wanted");
	EXPECT(g, "ee", "dst", "00:50:ba:85:84:a9", "NAME:eth");
	EXPECT(g, "a1", "table", "18.26.4.9/32 00:50:ba:85:84:a9",
	       "ARPResponder(NAME): its address (not its prefix) and its Ethernet address");
	EXPECT(g, "a2", "table",
	       "18.26.4.0/24 00:50:ba:85:84:a9\n10.0.0.0/8 01:01:01:01:01:01",
	       "NAME:net and NAME:ether; an upper-case name is no keyword");
	EXPECT(g, "a3", "table",
	       "1.0.0.1/32 00:00:00:00:00:01\n0.0.0.0/0 01:01:01:01:01:02\n"
	       "2.0.0.0/16 01:01:01:01:01:03",
	       "NAME:ip, and Click's partial prefixes 0/0 and 2.0/16");
	EXPECT(g, "s1", "addr", "18.26.4.255", "NAME:bcast");
	EXPECT(g, "s2", "addr", "18.26.4.1",
	       "NAME:gw is the prefix's first host");
	EXPECT(g, "s3", "addr", "18.26.4.254",
	       "NAME:gw defined as such wins");
	EXPECT(g, "s4", "addr", "2.2.2.2",
	       "two addresses of one kind: the last (Click's AddressInfo)");
	EXPECT(g, "s5", "addr", "4.4.4.4",
	       "an address after an address/prefix replaces the address");
	EXPECT(g, "s6", "addr", "10.255.255.255",
	       "a prefix-only name's broadcast address");
	EXPECT(g, "s7", "addr", "18.26.4.9", "suffixes in any case");
	th_free(g);
}

static void test_errors(void)
{
	static const struct {
		const char *text, *want, *what;
	} t[] = {
		{ "Idle -> SetIPAddress(nobody) -> Discard;",
		  "IPADDR: expected an IPv4 address, got 'nobody'",
		  "an undefined name is no address" },
		{ "AddressInfo(x 1.2.3.4); Idle -> EtherEncap(0x0800, x, x) -> Discard;",
		  "SRC: expected an Ethernet address, got 'x'",
		  "a name without an Ethernet address is none" },
		{ "AddressInfo(x 1.2.3.0/24); Idle -> SetIPAddress(x) -> Discard;",
		  "got 'x'", "a network (no host bits) is no address" },
		{ "AddressInfo(x 1.2.3.4); Idle -> SetIPAddress(x:net) -> Discard;",
		  "got 'x:net'", "NAME:net of a name without a prefix" },
		{ "AddressInfo(x 1.2.3.4); Idle -> SetIPAddress(x:foo) -> Discard;",
		  "got 'x:foo'", "an unknown suffix" },
		{ "AddressInfo(x);", "'x': expected NAME ADDRESS",
		  "AddressInfo: a name alone" },
		{ "AddressInfo(x 1.2.3.4.5);", "'1.2.3.4.5' is not a recognizable address",
		  "AddressInfo: a bad address" },
		{ "AddressInfo(x0123456789012345678901234567890123456789012345678901234567890123 1.1.1.1);",
		  "longer than 63 characters", "AddressInfo: a name too long" },
		{ "Idle -> ARPResponder(10.0.0.1/33 1:1:1:1:1:1) -> Discard;",
		  "prefix length", "ARPResponder: a bad prefix length" },
		{ "Idle -> ARPResponder(2.0/24 1:1:1:1:1:1) -> Discard;",
		  "prefix length", "a mask longer than the bytes written (Click)" },
	};
	struct kc_graph *g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		g = th_build(t[i].text, msg, sizeof(msg), NULL);
		tap_ok(!g && strstr(msg, t[i].want), "%s: refused with '%s' (got '%s')",
		       t[i].what, t[i].want, g ? "accepted" : msg);
		th_free(g);
	}
}

/* Compound scope: inner names hide outer ones, kind by kind. */
static void test_scope(void)
{
	struct kc_graph *g = build(
		"AddressInfo(x 1.1.1.1 00:00:00:00:00:01, y 7.7.7.7);\n"
		"elementclass C {\n"
		"  AddressInfo(x 2.2.2.2, y 00:00:00:00:00:09);\n"
		"  input -> ip :: SetIPAddress(x) -> ee :: EtherEncap(0x0800, x, y)\n"
		"        -> ip2 :: SetIPAddress(y) -> output;\n"
		"}\n"
		"elementclass D { input -> C -> output }\n"
		"Idle -> top :: SetIPAddress(x) -> c :: C -> d :: D -> Discard;\n");

	if (!g)
		return;
	EXPECT(g, "top", "addr", "1.1.1.1",
	       "outside the compound its names are not seen");
	EXPECT(g, "c/ip", "addr", "2.2.2.2", "the inner definition hides the outer");
	EXPECT(g, "c/ee", "src", "00:00:00:00:00:01",
	       "an inner name without the kind asked for: the outer's");
	EXPECT(g, "c/ee", "dst", "00:00:00:00:00:09", "the inner name's other kind");
	EXPECT(g, "c/ip2", "addr", "7.7.7.7",
	       "outer IP of a name the inner scope has only as Ethernet");
	EXPECT(g, "d/C@1/ip", "addr", "2.2.2.2",
	       "two levels down, the nearest definition");
	th_free(g);
}

/* An IPv4 packet to dst from src, with an Ethernet header if eth. */
static struct kc_pkt *ipv4e(const char *src, const char *dst, bool eth)
{
	struct kc_pkt *p = eth ? th_pkt(14 + 28, KC_ETHTYPE_IP) :
			   kc_user_pkt_alloc(NULL, 28, KC_USER_HEADROOM);
	u8 *ip = kc_pkt_data(p) + (eth ? 14 : 0);
	__be32 a;

	memset(ip, 0, 28);
	ip[0] = 0x45;
	kc_put16(ip + 2, 28);
	ip[8] = 64;
	ip[9] = 17;
	kc_parse_ip4(src, &a);
	memcpy(ip + 12, &a, 4);
	kc_parse_ip4(dst, &a);
	memcpy(ip + 16, &a, 4);
	kc_ip_set_csum(ip);
	return p;
}

static struct kc_pkt *ipv4(const char *src, const char *dst)
{
	return ipv4e(src, dst, true);
}

static void test_classifier(void)
{
	char text[4096];
	struct kc_graph *g;
	char n[8];
	int i;

	snprintf(text, sizeof(text), "%s"
		 "Idle -> s :: Strip(14) -> CheckIPHeader -> f :: IPClassifier(dst host intern, src net intern, dst intern:bcast, dst net MY_NET, -);\n"
		 "f[0] -> c0 :: Counter -> Discard; f[1] -> c1 :: Counter -> Discard;\n"
		 "f[2] -> c2 :: Counter -> Discard; f[3] -> c3 :: Counter -> Discard;\n"
		 "f[4] -> c4 :: Counter -> Discard;\n", defs);
	g = build(text);
	if (!g)
		return;
	th_push(g, "s", 0, ipv4("9.9.9.9", "18.26.4.9"));	/* 0 */
	th_push(g, "s", 0, ipv4("9.9.9.9", "18.26.4.10"));	/* 4: host only */
	th_push(g, "s", 0, ipv4("18.26.4.77", "9.9.9.9"));	/* 1: net intern */
	th_push(g, "s", 0, ipv4("18.26.5.1", "18.26.4.255"));	/* 2 */
	th_push(g, "s", 0, ipv4("9.9.9.9", "10.200.0.1"));	/* 3 */
	for (i = 0; i < 5; i++) {
		snprintf(n, sizeof(n), "c%d", i);
		tap_ok(th_num(g, n, "count") == 1,
		       "IPClassifier with names: output %d took %lld (want 1)",
		       i, th_num(g, n, "count"));
	}
	/* A handler write resolves names in the installed graph's scope. */
	tap_ok(!th_write(g, "f", "config",
			 "dst host extern, src net MY_NET, dst host intern:gw, dst intern:net, -",
			 msg, sizeof(msg)),
	       "config write with names: %s", msg);
	th_push(g, "s", 0, ipv4("9.9.9.9", "1.0.0.1"));	/* 0 */
	th_push(g, "s", 0, ipv4("10.1.1.1", "9.9.9.9"));	/* 1 */
	th_push(g, "s", 0, ipv4("9.9.9.9", "18.26.4.1"));	/* 2 */
	th_push(g, "s", 0, ipv4("9.9.9.9", "18.26.4.9"));	/* 3 */
	for (i = 0; i < 4; i++) {
		snprintf(n, sizeof(n), "c%d", i);
		tap_ok(th_num(g, n, "count") == 2,
		       "after the write: output %d took %lld in all (want 2)",
		       i, th_num(g, n, "count"));
	}
	/* A name with a prefix length of its own: "dst net extern/16". */
	tap_ok(!th_write(g, "f", "config", "dst net extern/16, -, -, -, -",
			 msg, sizeof(msg)),
	       "config write 'dst net extern/16': %s", msg);
	th_push(g, "s", 0, ipv4("9.9.9.9", "1.0.200.7"));	/* 0 */
	th_push(g, "s", 0, ipv4("9.9.9.9", "1.1.0.1"));	/* 1 */
	tap_ok(th_num(g, "c0", "count") == 3 && th_num(g, "c1", "count") == 3,
	       "'extern/16' is 1.0.0.0/16: 1.0.200.7 took output 0 (%lld of 3), 1.1.0.1 output 1 (%lld of 3)",
	       th_num(g, "c0", "count"), th_num(g, "c1", "count"));
	/* Click's "src host != me" with a name. */
	tap_ok(!th_write(g, "f", "config", "src host != intern, -, -, -, -",
			 msg, sizeof(msg)),
	       "config write 'src host != intern': %s", msg);
	th_push(g, "s", 0, ipv4("18.26.4.9", "9.9.9.9"));	/* 1 */
	th_push(g, "s", 0, ipv4("18.26.4.8", "9.9.9.9"));	/* 0 */
	tap_ok(th_num(g, "c0", "count") == 4 && th_num(g, "c1", "count") == 4,
	       "'src host != intern': from intern (18.26.4.9) output 1, from 18.26.4.8 output 0");
	tap_ok(th_write(g, "f", "config", "dst host nobody, -, -, -, -", msg,
			sizeof(msg)) && strstr(msg, "nobody"),
	       "a write naming an undefined name is refused: %s", msg);
	th_free(g);
}

/* ARPQuerier(NAME): the query it sends is from NAME's IP and Ethernet. */
static void test_arpquerier(void)
{
	char text[4096], dump[] = "/tmp/kc_test_namesXXXXXX";
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d = NULL;
	struct kc_graph *g;
	struct kc_pkt *p;
	pcap_t *pc;
	int fd, ok = 0;

	fd = mkstemp(dump);
	close(fd);
	snprintf(text, sizeof(text), "%s"
		 "Idle -> q :: ARPQuerier(intern) -> ToDump(%s); Idle -> [1] q;\n",
		 defs, dump);
	g = build(text);
	if (!g) {
		unlink(dump);
		return;
	}
	p = ipv4e("18.26.4.9", "18.26.4.20", false);
	th_push(g, "q", 0, p);
	th_free(g);
	pc = pcap_open_offline(dump, ebuf);
	if (pc && pcap_next_ex(pc, &h, &d) == 1 && h->caplen >= 42)
		ok = !memcmp(d + 6, "\x00\x50\xba\x85\x84\xa9", 6) &&
		     !memcmp(d + 22, "\x00\x50\xba\x85\x84\xa9", 6) &&
		     !memcmp(d + 28, "\x12\x1a\x04\x09", 4) &&
		     !memcmp(d + 38, "\x12\x1a\x04\x14", 4);
	if (pc)
		pcap_close(pc);
	unlink(dump);
	tap_ok(ok, "ARPQuerier(intern) asks for 18.26.4.20 from 18.26.4.9 at 00:50:ba:85:84:a9");
}

/* KC_NAMES_MAX names in a graph, one more refused. */
static void test_bound(void)
{
	size_t cap = 32 * (KC_NAMES_MAX + 64), len;
	char *text = malloc(cap);
	struct kc_graph *g;
	int i, k, n;

	for (k = 0; k < 2; k++) {
		n = KC_NAMES_MAX + k;
		len = 0;
		for (i = 0; i < n; i++) {
			len += snprintf(text + len, cap - len, "%s", i % 1024 ?
					", " : i ? ");\nAddressInfo(" :
					"AddressInfo(");
			len += snprintf(text + len, cap - len, "n%d 10.%d.%d.1",
					i, i / 256, i % 256);
		}
		snprintf(text + len, cap - len,
			 ");\nIdle -> x :: SetIPAddress(n%d) -> Discard;\n",
			 n - 1);
		g = th_build(text, msg, sizeof(msg), NULL);
		if (!k)
			tap_ok(g && !strcmp(rd(g, "x", "addr"), "10.15.255.1"),
			       "%d names in one graph are accepted, the last is found (%s)",
			       n, g ? rd(g, "x", "addr") : msg);
		else
			tap_ok(!g && strstr(msg, "more than 4096 address names"),
			       "%d names are refused: %s", n, g ? "accepted" : msg);
		th_free(g);
	}
	free(text);
}

/*
 * Device names as addresses, resolved through the platform's
 * kc_dev_addr() (here the run's --dev-addr; in the kernel the device in
 * the graph's namespace, kmod/devaddr.c): the parsing of every form.
 */
static void test_devices(void)
{
	const char *text =
		"AddressInfo(x eth4, eth4 9.9.9.9);\n"
		"Idle -> s1 :: SetIPAddress(eth3) -> s2 :: SetIPAddress(eth3:ip)\n"
		"  -> s3 :: SetIPAddress(eth3:gw) -> s4 :: SetIPAddress(eth5:gw)\n"
		"  -> s5 :: SetIPAddress(eth3:bcast) -> s6 :: SetIPAddress(x)\n"
		"  -> s7 :: SetIPAddress(eth4)\n"
		"  -> ee :: EtherEncap(0x0800, eth3, x:eth)\n"
		"  -> a :: ARPResponder(eth3, eth3:net 02:00:00:00:00:99) -> Discard;\n";
	struct kc_user_bind b[3] = {
		{ "eth3", NULL, NULL, "10.3.0.1/24,02:00:00:00:03:01,gw=10.3.0.254" },
		{ "eth4", NULL, NULL, "10.4.0.1,02:00:00:00:04:01" },
		{ "eth5", NULL, NULL, "10.5.7.1/16" },
	};
	struct kc_user_run *r = NULL;
	struct kc_graph *g;
	struct kc_cfg *cfg;
	struct kc_err err;

	if (kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err) ||
	    kc_user_run_open(&r, cfg, b, 3, &err)) {
		tap_ok(0, "graph with device names builds: %s", err.msg);
		return;
	}
	kc_cfg_free(cfg);
	g = kc_user_run_graph(r);
	EXPECT(g, "s1", "addr", "10.3.0.1", "a device name: its IPv4 address");
	EXPECT(g, "s2", "addr", "10.3.0.1", "DEV:ip");
	EXPECT(g, "s3", "addr", "10.3.0.254", "DEV:gw: the device's gateway");
	EXPECT(g, "s4", "addr", "10.5.0.1",
	       "DEV:gw without a gateway: the network's first host");
	EXPECT(g, "s5", "addr", "10.3.0.255", "DEV:bcast");
	EXPECT(g, "s6", "addr", "10.4.0.1",
	       "AddressInfo(x eth4): x takes eth4's address");
	EXPECT(g, "s7", "addr", "9.9.9.9",
	       "an AddressInfo name hides a device of the same name");
	EXPECT(g, "ee", "src", "02:00:00:00:03:01", "a device name as Ethernet");
	EXPECT(g, "ee", "dst", "02:00:00:00:04:01",
	       "x:eth, x defined by a device's Ethernet address");
	EXPECT(g, "a", "table",
	       "10.3.0.1/32 02:00:00:00:03:01\n10.3.0.0/24 02:00:00:00:00:99",
	       "ARPResponder(DEV) and DEV:net");
	kc_user_run_close(r);

	text = "Idle -> SetIPAddress(eth4:net) -> Discard;";
	tap_ok(kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err) == 0 &&
	       kc_user_run_open(&r, cfg, b, 3, &err) &&
	       strstr(err.msg, "got 'eth4:net'"),
	       "DEV:net of a device given no prefix is refused: %s", err.msg);
	kc_cfg_free(cfg);
}

int main(void)
{
	test_kinds();
	test_errors();
	test_scope();
	test_classifier();
	test_arpquerier();
	test_bound();
	test_devices();
	tap_ok(th_no_leak(), "nothing leaked");
	return tap_done();
}
