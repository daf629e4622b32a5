// SPDX-License-Identifier: GPL-2.0
/*
 * The router elements in the userspace harness under ASan and UBSan: the
 * bytes they write (ARP replies and queries, ICMP errors and echo
 * replies, fragments, IP options), checked field by field and checksum by
 * checksum; route lookups and Classifier patterns against references
 * written here; ARP table state through time on the virtual clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"
#include <kclick/proto.h>

static char msg[2048];

#define MAXF	16
#define FLEN	4096

struct frames {
	int n;
	unsigned int len[MAXF];
	u8 d[MAXF][FLEN];
};

static struct frames got;
static char dump[] = "/tmp/kc_test_rtXXXXXX";

/* Build text with "@" replaced by ToDump(<temp file>). */
static struct kc_graph *build(const char *text)
{
	char buf[4096], *at;
	struct kc_graph *g;
	int fd;

	strcpy(dump, "/tmp/kc_test_rtXXXXXX");
	fd = mkstemp(dump);
	close(fd);
	at = strchr(text, '@');
	if (at)
		snprintf(buf, sizeof(buf), "%.*sToDump(%s)%s", (int)(at - text),
			 text, dump, at + 1);
	else
		snprintf(buf, sizeof(buf), "%s", text);
	g = th_build(buf, msg, sizeof(msg), NULL);
	if (!g)
		tap_ok(0, "graph builds: %s (%s)", msg, text);
	return g;
}

/* Free g (which flushes its ToDump) and read what it wrote into got. */
static void finish(struct kc_graph *g)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	pcap_t *p;

	th_free(g);
	got.n = 0;
	p = pcap_open_offline(dump, ebuf);
	while (p && got.n < MAXF && pcap_next_ex(p, &h, &d) == 1) {
		got.len[got.n] = h->caplen < FLEN ? h->caplen : FLEN;
		memcpy(got.d[got.n], d, got.len[got.n]);
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

static u16 csum(const u8 *d, unsigned int len)
{
	return kc_csum_fold(kc_csum_add(0, d, len));
}

/* An IPv4 packet (no link header) of len bytes, proto, src, dst. */
static struct kc_pkt *ipv4(unsigned int len, u8 proto, const char *src,
			   const char *dst)
{
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, len, KC_USER_HEADROOM);
	u8 *ip = kc_pkt_data(p);
	unsigned int i;

	for (i = 20; i < len; i++)
		ip[i] = (u8)(i * 7);
	ip[0] = 0x45;
	kc_put16(ip + 2, len);
	kc_put16(ip + 4, 0x1234);
	ip[8] = 64;
	ip[9] = proto;
	put_ip(ip + 12, src);
	put_ip(ip + 16, dst);
	kc_ip_set_csum(ip);
	return p;
}

/* An ARP frame: op, sender eth/ip, target ip. */
static struct kc_pkt *arp(u16 op, const char *sha, const char *spa,
			  const char *tpa)
{
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, 60, KC_USER_HEADROOM);
	u8 *h = kc_pkt_data(p), *a = h + 14;

	memset(h, 0xff, 6);
	kc_parse_eth(sha, h + 6);
	kc_put16(h + 12, KC_ETHTYPE_ARP);
	kc_put16(a, 1);
	kc_put16(a + 2, KC_ETHTYPE_IP);
	a[4] = 6;
	a[5] = 4;
	kc_put16(a + 6, op);
	kc_parse_eth(sha, a + 8);
	put_ip(a + 14, spa);
	put_ip(a + 24, tpa);
	return p;
}

static bool ip_is(const u8 *a, const char *s)
{
	__be32 x;

	kc_parse_ip4(s, &x);
	return !memcmp(a, &x, 4);
}

static bool eth_is(const u8 *a, const char *s)
{
	u8 x[6];

	kc_parse_eth(s, x);
	return !memcmp(a, x, 6);
}

static void test_arpresponder(void)
{
	struct kc_graph *g = build(
		"Idle -> r :: ARPResponder(10.0.0.1 10.0.9.0/24 2:0:0:0:0:1) -> @;"
		"r[1] -> other :: Counter -> Discard;");
	const u8 *f, *a;

	if (!g)
		return;
	th_push(g, "r", 0, arp(1, "2:0:0:0:0:aa", "10.0.0.7", "10.0.0.1"));
	th_push(g, "r", 0, arp(1, "2:0:0:0:0:aa", "10.0.0.7", "10.0.9.44"));
	th_push(g, "r", 0, arp(1, "2:0:0:0:0:aa", "10.0.0.7", "10.0.0.2"));
	th_push(g, "r", 0, arp(2, "2:0:0:0:0:aa", "10.0.0.7", "10.0.0.1"));
	th_push(g, "r", 0, th_pkt(30, 0x0806));
	tap_ok(th_num(g, "r", "count") == 2 && th_num(g, "other", "count") == 3,
	       "ARPResponder answers its address and prefix; other target, a reply and a runt go to output 1");
	finish(g);
	f = got.d[0];
	a = f + 14;
	tap_ok(got.n == 2 && eth_is(f, "2:0:0:0:0:aa") && eth_is(f + 6, "2:0:0:0:0:1") &&
	       kc_get16(f + 12) == 0x0806 && kc_get16(a + 6) == 2 &&
	       eth_is(a + 8, "2:0:0:0:0:1") && ip_is(a + 14, "10.0.0.1") &&
	       eth_is(a + 18, "2:0:0:0:0:aa") && ip_is(a + 24, "10.0.0.7"),
	       "the reply: to the asker, op 2, sender = our address, target = the asker");
	tap_ok(got.n == 2 && ip_is(got.d[1] + 14 + 14, "10.0.9.44"),
	       "a prefix entry answers for the address asked");
}

static void test_arpquerier(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1) -> @; Idle -> [1] q;");
	struct kc_pkt *p;
	char tab[512];
	int i;

	if (!g)
		return;
	kc_user_clock_set(1000000000ULL);
	p = ipv4(100, 17, "10.0.0.1", "10.0.0.2");
	th_push(g, "q", 0, p);
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "10.0.0.2 - pending 0 1") != NULL,
	       "an unknown next hop: the packet waits (%s)", tab);
	tap_ok(th_num(g, "q", "queries") == 1, "and one ARP query went out");
	th_push(g, "q", 1, arp(2, "2:0:0:0:0:2", "10.0.0.2", "10.0.0.1"));
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "10.0.0.2 02:00:00:00:00:02 ok") != NULL,
	       "the reply resolves it (%s)", tab);
	th_push(g, "q", 1, arp(2, "2:0:0:0:0:50", "10.0.0.50", "10.0.0.99"));
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(!strstr(tab, "10.0.0.50"),
	       "a reply to another address makes no entry (another interface's)");
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	/* Five packets for an address that never answers: one pushed out. */
	for (i = 0; i < 5; i++)
		th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.3"));
	tap_ok(th_num(g, "q", "drops") == 1,
	       "a fifth waiting packet pushes out the oldest (drops %lld)",
	       th_num(g, "q", "drops"));
	kc_user_clock_set(2500000000ULL);
	kc_user_tasks_run();
	tap_ok(th_num(g, "q", "queries") == 3,
	       "a second later the query is repeated (%lld queries)",
	       th_num(g, "q", "queries"));
	kc_user_clock_set(5000000000ULL);
	kc_user_tasks_run();
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(th_num(g, "q", "drops") == 5 && !strstr(tab, "10.0.0.3"),
	       "after 3 s without an answer the waiting packets are dropped");
	tap_ok(th_write(g, "q", "insert", "10.0.0.4 2:0:0:0:0:4", msg, sizeof(msg)) == 0 &&
	       th_write(g, "q", "insert", "10.0.0.4 ff:ff:ff:ff:ff:ff", msg, sizeof(msg)) &&
	       strstr(msg, "ETH"), "insert takes IP ETH and refuses a broadcast ETH");
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.4"));
	tap_ok(th_write(g, "q", "delete", "10.0.0.9", msg, sizeof(msg)) &&
	       strstr(msg, "no entry"), "delete of an unknown entry says so");
	/* Past TIMEOUT an entry needs a fresh answer. */
	kc_user_clock_set(400000000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "10.0.0.2 - pending") != NULL,
	       "an entry older than TIMEOUT (300 s) is asked again");
	kc_user_clock_set(0);
	finish(g);
	/* query, IP to .2, 2 queries .3, IP to .4, query .2 again */
	tap_ok(got.n == 7, "7 frames left (%d)", got.n);
	if (got.n < 7)
		return;
	tap_ok(eth_is(got.d[0], "ff:ff:ff:ff:ff:ff") && kc_get16(got.d[0] + 12) == 0x0806 &&
	       kc_get16(got.d[0] + 20) == 1 && eth_is(got.d[0] + 22, "2:0:0:0:0:1") &&
	       ip_is(got.d[0] + 28, "10.0.0.1") && ip_is(got.d[0] + 38, "10.0.0.2") &&
	       got.len[0] == 60, "the query: broadcast ARP request from us for 10.0.0.2, 60 bytes");
	tap_ok(eth_is(got.d[1], "2:0:0:0:0:2") && eth_is(got.d[1] + 6, "2:0:0:0:0:1") &&
	       kc_get16(got.d[1] + 12) == 0x0800 && got.len[1] == 114 &&
	       ip_is(got.d[1] + 14 + 16, "10.0.0.2"),
	       "the waiting packet leaves in an Ethernet header to the answer");
	tap_ok(got.len[2] == 74 && eth_is(got.d[2], "2:0:0:0:0:2"),
	       "the next packet goes straight out");
	tap_ok(eth_is(got.d[5], "2:0:0:0:0:4"), "an inserted entry is used");
}

/*
 * Click's ARPQuerier arguments: queries on output 1 of two, TIMEOUT and
 * POLL_TIMEOUT with units, CAPACITY and ENTRY_PACKET_CAPACITY, multicast
 * and 0.0.0.0.
 */
static void test_arpquerier_click(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1, TIMEOUT 2000ms, POLL_TIMEOUT 1.5s, CAPACITY 3, ENTRY_PACKET_CAPACITY 2);"
		"Idle -> [1] q; q[0] -> @; q[1] -> qc :: Counter -> Discard;");
	int i;

	if (!g)
		return;
	kc_user_clock_set(1000000000ULL);
	for (i = 0; i < 3; i++)
		th_push(g, "q", 0, ipv4(60 + i, 17, "10.0.0.1", "10.0.0.2"));
	tap_ok(th_num(g, "qc", "count") == 1 && th_num(g, "q", "length") == 2 &&
	       th_num(g, "q", "drops") == 1,
	       "ENTRY_PACKET_CAPACITY 2: two wait, the oldest of three is dropped; the query left on output 1");
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.3"));
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.4"));
	tap_ok(th_num(g, "q", "length") == 3 && th_num(g, "q", "drops") == 2 &&
	       th_num(g, "qc", "count") == 3,
	       "CAPACITY 3: the fourth waiting packet is dropped (still asked about)");
	/* Forget .3 and .4 (their repeated queries would count below). */
	th_write(g, "q", "delete", "10.0.0.3", NULL, 0);
	th_write(g, "q", "delete", "10.0.0.4", NULL, 0);
	th_push(g, "q", 1, arp(2, "2:0:0:0:0:2", "10.0.0.2", "10.0.0.1"));
	tap_ok(th_num(g, "q", "length") == 0 && th_num(g, "q", "drops") == 3,
	       "the reply sends the two waiting packets");
	kc_user_clock_set(2600000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	tap_ok(th_num(g, "qc", "count") == 4,
	       "an entry older than POLL_TIMEOUT 1.5s is polled on the way (%lld queries)",
	       th_num(g, "qc", "count"));
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	tap_ok(th_num(g, "qc", "count") == 4, "at most one poll a second");
	kc_user_clock_set(3100000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	tap_ok(th_num(g, "qc", "count") == 5 && th_num(g, "q", "length") == 1,
	       "past TIMEOUT 2000ms the entry is asked about again and the packet waits");
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "224.1.2.3"));
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "0.0.0.0"));
	tap_ok(th_num(g, "q", "drops") == 4, "a packet to 0.0.0.0 is dropped");
	kc_user_clock_set(0);
	finish(g);
	tap_ok(got.n == 5 && got.len[0] == 75 && got.len[1] == 76 &&
	       eth_is(got.d[0], "2:0:0:0:0:2") && kc_get16(got.d[4] + 12) == 0x0800,
	       "output 0: only IP packets (%d)", got.n);
	tap_ok(got.n == 5 && eth_is(got.d[4], "1:0:5e:1:2:3"),
	       "224.1.2.3 goes to 01:00:5e:01:02:03 without ARP");
	g = build("Idle -> [0] q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1, POLL_TIMEOUT 1min);"
		  "Idle -> [1] q; q[0] -> Discard; q[1] -> @;");
	if (!g)
		return;
	kc_user_clock_set(1000000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	th_push(g, "q", 1, arp(2, "2:0:0:0:0:2", "10.0.0.2", "10.0.0.1"));
	kc_user_clock_set(60000000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	kc_user_clock_set(61000000000ULL);
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.2"));
	kc_user_clock_set(0);
	finish(g);
	tap_ok(got.n == 2 && eth_is(got.d[0], "ff:ff:ff:ff:ff:ff") &&
	       eth_is(got.d[1], "2:0:0:0:0:2") && kc_get16(got.d[1] + 20) == 1 &&
	       ip_is(got.d[1] + 38, "10.0.0.2"),
	       "POLL_TIMEOUT 1min: after a minute one unicast request to the known address (%d frames)",
	       got.n);
	g = build("Idle -> [0] q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1, BROADCAST 10.0.0.255) -> @; Idle -> [1] q;");
	if (!g)
		return;
	{
		char b[64];

		tap_ok(!th_write(g, "q", "ipaddr", "10.0.0.9", msg, sizeof(msg)) &&
		       !th_read(g, "q", "ipaddr", b, sizeof(b)) && !strcmp(b, "10.0.0.9") &&
		       !th_read(g, "q", "broadcast", b, sizeof(b)) && !strcmp(b, "10.0.0.255"),
		       "ipaddr is writable, broadcast reads BROADCAST");
	}
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.9", "10.0.0.2"));
	th_push(g, "q", 0, ipv4(60, 17, "10.0.0.9", "10.0.0.255"));
	finish(g);
	tap_ok(got.n == 2 && ip_is(got.d[0] + 28, "10.0.0.9") &&
	       eth_is(got.d[1], "ff:ff:ff:ff:ff:ff") && kc_get16(got.d[1] + 12) == 0x0800,
	       "the query asks from the new ipaddr; a packet to BROADCAST goes to ff:ff:ff:ff:ff:ff");
	/* Click reads IP as a prefix; its broadcast address is BROADCAST. */
	g = build("Idle -> [0] q :: ARPQuerier(10.0.0.1/24, 2:0:0:0:0:1) -> @; Idle -> [1] q;");
	if (!g)
		return;
	{
		char b[64] = "", a[64] = "";

		th_read(g, "q", "broadcast", b, sizeof(b));
		th_read(g, "q", "ipaddr", a, sizeof(a));
		th_push(g, "q", 0, ipv4(60, 17, "10.0.0.1", "10.0.0.255"));
		finish(g);
		tap_ok(!strcmp(b, "10.0.0.255") && !strcmp(a, "10.0.0.1") &&
		       got.n == 1 && eth_is(got.d[0], "ff:ff:ff:ff:ff:ff") &&
		       kc_get16(got.d[0] + 12) == 0x0800,
		       "ARPQuerier(10.0.0.1/24, ...): ipaddr 10.0.0.1, broadcast 10.0.0.255, a packet to it goes to ff:ff:ff:ff:ff:ff (%s, %s)",
		       a, b);
	}
}

/* Reference: longest prefix of r[], -1 for none. */
struct ref_route {
	u32 addr, plen;
	int out;
};

static int ref_lookup(const struct ref_route *r, int n, u32 a)
{
	int i, best = -1;
	u32 bl = 0;

	for (i = 0; i < n; i++) {
		u32 m = r[i].plen ? ~0U << (32 - r[i].plen) : 0;

		if ((a & m) == r[i].addr && (best < 0 || r[i].plen >= bl)) {
			best = r[i].out;
			bl = r[i].plen;
		}
	}
	return best;
}

static u32 rnd_state = 12345;

static u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8 ^ rnd_state << 13;
}

static void test_iplookup(const char *cls)
{
	static struct ref_route r[300];
	static char text[32768];
	int n = 0, i, o, bad = 0, sent[4] = { 0 }, want[4] = { 0 };
	struct kc_graph *g;
	char buf[64];
	size_t len;

	len = snprintf(text, sizeof(text), "Idle -> rt :: %s(", cls);
	while (n < 300) {
		u32 plen = 8 + rnd() % 25, a = rnd() & 0x0a0fffff;

		a = plen ? a & (~0U << (32 - plen)) : 0;
		for (i = 0; i < n; i++)
			if (r[i].addr == a && r[i].plen == plen)
				break;
		if (i < n)
			continue;
		r[n] = (struct ref_route){ a, plen, (int)(rnd() % 3) };
		len += snprintf(text + len, sizeof(text) - len,
				"%s%u.%u.%u.%u/%u %d", n ? ", " : "", a >> 24,
				a >> 16 & 255, a >> 8 & 255, a & 255, plen,
				r[n].out);
		n++;
	}
	snprintf(text + len, sizeof(text) - len,
		 "); rt[0] -> c0 :: Counter -> Discard; rt[1] -> c1 :: Counter -> Discard;"
		 "rt[2] -> c2 :: Counter -> Discard;");
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "%s with 300 routes: %s", cls, msg);
		return;
	}
	for (i = 0; i < 3000; i++) {
		u32 a = rnd() & 0x0a0fffff;
		char ip[20];

		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", a >> 24, a >> 16 & 255,
			 a >> 8 & 255, a & 255);
		o = ref_lookup(r, n, a);
		want[o < 0 ? 3 : o]++;
		th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", ip));
	}
	for (o = 0; o < 3; o++) {
		snprintf(buf, sizeof(buf), "c%d", o);
		sent[o] = th_num(g, buf, "count");
		bad |= sent[o] != want[o];
	}
	sent[3] = th_num(g, "rt", "drops");
	bad |= sent[3] != want[3];
	tap_ok(!bad, "%s: 3,000 lookups in 300 routes agree with the reference (%d/%d/%d, %d unrouted)",
	       cls, sent[0], sent[1], sent[2], sent[3]);
	/* Gateways set the annotation; add/set/remove change the table. */
	tap_ok(th_write(g, "rt", "add", "0.0.0.0/0 10.0.0.254 2", msg, sizeof(msg)) == 0,
	       "%s: add a default route through a gateway", cls);
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "192.168.1.1"));
	tap_ok(th_num(g, "c2", "count") == sent[2] + 1, "%s: the default route takes what matched nothing", cls);
	tap_ok(th_write(g, "rt", "add", "0.0.0.0/0 1", msg, sizeof(msg)) && strstr(msg, "exists") &&
	       th_write(g, "rt", "set", "0.0.0.0/0 1", msg, sizeof(msg)) == 0,
	       "%s: add refuses an existing prefix, set replaces it", cls);
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "192.168.1.1"));
	tap_ok(th_num(g, "c1", "count") == sent[1] + 1, "%s: the replaced route sends to output 1", cls);
	tap_ok(th_write(g, "rt", "remove", "0.0.0.0/0", msg, sizeof(msg)) == 0 &&
	       th_write(g, "rt", "remove", "0.0.0.0/0", msg, sizeof(msg)) && strstr(msg, "no route"),
	       "%s: remove, and a second remove says there is no route", cls);
	th_free(g);
}

/*
 * A prefix given twice keeps the first route, as Click's IPRouteTable
 * does (conf/gnat01.click: "18.26.4.0 255.255.255.0 1" is 18.26.4.0/32
 * through gateway 255.255.255.0, after "18.26.4.0/32 0").
 */
static void test_iplookup_repeat(const char *cls)
{
	char text[512];
	struct kc_graph *g;

	snprintf(text, sizeof(text),
		 "Idle -> rt :: %s(18.26.4.0/32 0, 18.26.4.0 255.255.255.0 1,"
		 " 18.26.4.0/24 1); rt[0] -> c0 :: Counter -> Discard;"
		 " rt[1] -> c1 :: Counter -> Discard;", cls);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "%s with a repeated prefix: %s", cls, msg);
		return;
	}
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.4.0"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.4.9"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.4.9"));
	tap_ok(th_num(g, "c0", "count") == 1 && th_num(g, "c1", "count") == 2,
	       "%s: a repeated 18.26.4.0/32 keeps its first route (output 0); 18.26.4.0/24 is another prefix",
	       cls);
	th_free(g);
}

/*
 * Routes take Click's prefix forms: a partial literal ("0/0", "18.26/16"),
 * a bare address (a host route) and an AddressInfo name.
 */
static void test_iplookup_prefix_forms(const char *cls)
{
	char text[512];
	struct kc_graph *g;

	snprintf(text, sizeof(text),
		 "AddressInfo(gwhost 10.9.9.9);"
		 " Idle -> rt :: %s(0/0 0, 18.26/16 1, gwhost 2, 18.26.4/24 3);"
		 " rt[0] -> c0 :: Counter -> Discard;"
		 " rt[1] -> c1 :: Counter -> Discard;"
		 " rt[2] -> c2 :: Counter -> Discard;"
		 " rt[3] -> c3 :: Counter -> Discard;", cls);
	g = th_build(text, msg, sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "%s with Click's prefix forms: %s", cls, msg);
		return;
	}
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "1.2.3.4"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.7.1"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.7.2"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "10.9.9.9"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "10.9.9.8"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "18.26.4.9"));
	tap_ok(th_num(g, "c0", "count") == 2 && th_num(g, "c1", "count") == 2 &&
	       th_num(g, "c2", "count") == 1 && th_num(g, "c3", "count") == 1,
	       "%s(0/0 0, 18.26/16 1, gwhost 2, 18.26.4/24 3): partial prefixes and a name as a host route (2, 2, 1, 1)",
	       cls);
	th_free(g);
	snprintf(text, sizeof(text),
		 "Idle -> rt :: %s(18.26/24 0) -> Discard;", cls);
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "bad address '18.26/24'"),
	       "%s: 18.26/24 (a mask longer than the bytes written) is refused as Click does: %s",
	       cls, g ? "accepted" : msg);
	th_free(g);
}

static void test_gateway_anno(void)
{
	struct kc_graph *g = build(
		"Idle -> rt :: LinearIPLookup(10.1.0.0/16 10.0.0.9 0, 10.0.0.0/8 0) -> SetIPAddress(0.0.0.0)"
		"-> ga :: GetIPAddress(dst) -> q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1) -> @; Idle -> [1]q;");
	char tab[256];

	if (!g)
		return;
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "10.1.2.3"));
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "10.1.2.3 -") != NULL,
	       "SetIPAddress then GetIPAddress(dst) resets the next hop to the IP destination");
	finish(g);
	g = build("Idle -> rt :: LinearIPLookup(10.1.0.0/16 10.0.0.9 0, 10.0.0.0/8 0)"
		  "-> q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1) -> @; Idle -> [1]q;");
	if (!g)
		return;
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "10.1.2.3"));
	th_push(g, "rt", 0, ipv4(40, 17, "10.0.0.1", "10.2.2.3"));
	th_read(g, "q", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "10.0.0.9 -") && strstr(tab, "10.2.2.3 -"),
	       "a route's gateway is the next hop ARPQuerier resolves; without one, the destination");
	finish(g);
}

static void test_icmperror(void)
{
	struct kc_graph *g = build(
		"Idle -> e :: ICMPError(10.0.0.1, timeexceeded) -> @;");
	struct kc_pkt *p;
	const u8 *ip, *ic;

	if (!g)
		return;
	th_push(g, "e", 0, ipv4(100, 17, "10.0.0.7", "10.9.9.9"));
	p = ipv4(100, 1, "10.0.0.7", "10.9.9.9");
	kc_pkt_data(p)[20] = 3;		/* an ICMP error itself */
	th_push(g, "e", 0, p);
	th_push(g, "e", 0, ipv4(100, 17, "10.0.0.7", "255.255.255.255"));
	th_push(g, "e", 0, ipv4(100, 17, "0.0.0.0", "10.9.9.9"));
	p = ipv4(100, 17, "10.0.0.7", "10.9.9.9");
	kc_put16(kc_pkt_data(p) + 6, 10);	/* a later fragment */
	th_push(g, "e", 0, p);
	p = ipv4(100, 1, "10.0.0.7", "10.9.9.9");
	kc_pkt_data(p)[20] = 8;		/* echo request: errors allowed */
	th_push(g, "e", 0, p);
	tap_ok(th_num(g, "e", "count") == 2 && th_num(g, "e", "drops") == 4,
	       "no errors about errors, broadcasts, bad sources or later fragments");
	finish(g);
	ip = got.d[0];
	ic = ip + 20;
	tap_ok(got.n == 2 && got.len[0] == 20 + 8 + 100 && ip[0] == 0x45 &&
	       kc_get16(ip + 2) == 128 && ip[8] == 255 && ip[9] == 1 &&
	       ip_is(ip + 12, "10.0.0.1") && ip_is(ip + 16, "10.0.0.7") &&
	       csum(ip, 20) == 0,
	       "the error: 128 bytes, from SRC to the sender, TTL 255, header checksum right");
	tap_ok(got.n == 2 && ic[0] == 11 && ic[1] == 0 && csum(ic, 108) == 0 &&
	       ic[8] == 0x45 && ip_is(ic + 8 + 16, "10.9.9.9") && ic[8 + 20] == (u8)(20 * 7) &&
	       ic[8 + 99] == (u8)(99 * 7),
	       "type 11 code 0, ICMP checksum right, quoting the whole 100-byte datagram (it fits in 576)");
	g = build("Idle -> f :: IPFragmenter(576) -> Discard; f[1] -> e :: ICMPError(10.0.0.1, unreachable, needfrag) -> @;");
	if (!g)
		return;
	p = ipv4(1000, 17, "10.0.0.7", "10.9.9.9");
	kc_put16(kc_pkt_data(p) + 6, KC_IP_DF);
	kc_ip_set_csum(kc_pkt_data(p));
	th_push(g, "f", 0, p);
	finish(g);
	tap_ok(got.n == 1 && got.d[0][20] == 3 && got.d[0][21] == 4 &&
	       kc_get16(got.d[0] + 26) == 576 && csum(got.d[0] + 20, got.len[0] - 20) == 0,
	       "a DF packet over the MTU: unreachable/needfrag carrying IPFragmenter's MTU 576");
}

/*
 * Click's MTU (the largest error, 576 by default, RFC 1812 4.3.2.3) and
 * PMTU (the needfrag MTU).
 */
static void test_icmperror_mtu(void)
{
	struct kc_graph *g = build(
		"Idle -> e :: ICMPError(10.0.0.1, unreachable, needfrag, PMTU 1280) -> d :: @;"
		"Idle -> s :: ICMPError(10.0.0.1, parameterproblem, erroratptr, MTU 100) -> d;");
	struct kc_pkt *p;

	if (!g)
		return;
	p = ipv4(1000, 17, "10.0.0.7", "10.9.9.9");
	th_push(g, "e", 0, p);
	th_push(g, "s", 0, ipv4(1000, 17, "10.0.0.7", "10.9.9.9"));
	p = ipv4(100, 17, "10.0.0.7", "10.9.9.9");
	p->pkt_type = KC_PKT_BROADCAST;
	th_push(g, "e", 0, p);
	tap_ok(th_num(g, "e", "drops") == 1,
	       "no error about a packet received as a link broadcast");
	finish(g);
	tap_ok(got.n == 2 && got.len[0] == 576 && kc_get16(got.d[0] + 2) == 576 &&
	       csum(got.d[0] + 20, 556) == 0 && kc_get16(got.d[0] + 28 + 2) == 1000 &&
	       got.d[0][28 + 547] == (u8)(547 * 7),
	       "a 1000-byte datagram: the error is 576 bytes, quoting its first 548 (%u)",
	       got.n ? got.len[0] : 0);
	tap_ok(got.n == 2 && kc_get16(got.d[0] + 26) == 1280,
	       "needfrag without an annotation carries PMTU 1280");
	tap_ok(got.n == 2 && got.len[1] == 100 && got.d[1][20] == 12 &&
	       csum(got.d[1] + 20, 80) == 0, "MTU 100: a 100-byte error");
	g = th_build("Idle -> e :: ICMPError(10.0.0.1, unreachable, needfrag, MTU 50) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "MTU: 50 is not 96 to 65535") && strstr(msg, "PMTU"),
	       "MTU 50 is refused, pointing at PMTU: %s", msg);
	th_free(g);
	g = build("Idle -> e :: ICMPError(10.0.0.1, unreachable, needfrag) -> @;");
	if (!g)
		return;
	tap_ok(!th_write(g, "e", "mtu", "200", msg, sizeof(msg)) &&
	       !th_write(g, "e", "pmtu", "1400", msg, sizeof(msg)) &&
	       th_write(g, "e", "mtu", "95", msg, sizeof(msg)) &&
	       strstr(msg, "MTU: 95 is not 96 to 65535"),
	       "mtu and pmtu are writable, within MTU's range");
	th_push(g, "e", 0, ipv4(1000, 17, "10.0.0.7", "10.9.9.9"));
	finish(g);
	tap_ok(got.n == 1 && got.len[0] == 200 && kc_get16(got.d[0] + 26) == 1400,
	       "after the writes: a 200-byte error carrying MTU 1400");
}

static void test_ping(void)
{
	struct kc_graph *g = build(
		"Idle -> r :: ICMPPingResponder -> @; r[1] -> o :: Counter -> Discard;");
	struct kc_pkt *p;
	u8 *ip;

	if (!g)
		return;
	p = ipv4(84, 1, "10.0.0.7", "10.0.0.1");
	ip = kc_pkt_data(p);
	ip[20] = 8;
	ip[21] = 0;
	ip[22] = ip[23] = 0;
	kc_put16(ip + 22, csum(ip + 20, 64));
	th_push(g, "r", 0, p);
	th_push(g, "r", 0, ipv4(84, 17, "10.0.0.7", "10.0.0.1"));
	tap_ok(th_num(g, "r", "count") == 1 && th_num(g, "o", "count") == 1,
	       "an echo request is answered; UDP goes to output 1");
	finish(g);
	ip = got.d[0];
	tap_ok(got.n == 1 && ip_is(ip + 12, "10.0.0.1") && ip_is(ip + 16, "10.0.0.7") &&
	       ip[20] == 0 && csum(ip, 20) == 0 && csum(ip + 20, 64) == 0 &&
	       ip[28] == (u8)(28 * 7),
	       "the echo reply: addresses swapped, type 0, both checksums right, data kept");
}

static void test_fragmenter(void)
{
	struct kc_graph *g = build("Idle -> f :: IPFragmenter(1500) -> @;");
	struct kc_pkt *p;
	u8 whole[3000];
	unsigned int i, at = 0;
	bool ok = true;

	if (!g)
		return;
	th_push(g, "f", 0, ipv4(3000, 17, "10.0.0.7", "10.9.9.9"));
	p = ipv4(3000, 17, "10.0.0.7", "10.9.9.9");
	memcpy(whole, kc_pkt_data(p), 3000);
	kc_user_pkt_free(p);
	tap_ok(th_num(g, "f", "fragments") == 3, "3,000 bytes over MTU 1500: 3 fragments");
	finish(g);
	for (i = 0; i < (unsigned int)got.n; i++) {
		const u8 *ip = got.d[i];
		unsigned int len = kc_get16(ip + 2), off = (kc_get16(ip + 6) & 0x1fff) * 8;
		bool mf = kc_get16(ip + 6) & KC_IP_MF;

		ok &= len <= 1500 && len == got.len[i] && csum(ip, 20) == 0 &&
		      off == at && mf == (i + 1 < (unsigned int)got.n) &&
		      !memcmp(ip + 20, whole + 20 + at, len - 20) &&
		      kc_get16(ip + 4) == 0x1234;
		at += len - 20;
	}
	tap_ok(got.n == 3 && ok && at == 2980,
	       "the fragments: offsets, MF, lengths, ids and checksums right; data reassembles");
}

static void test_ipgwoptions(void)
{
	struct kc_graph *g = build(
		"Idle -> o :: IPGWOptions(10.0.0.1) -> @; o[1] -> bad :: Counter -> Discard;");
	struct kc_pkt *p;
	u8 *ip;

	if (!g)
		return;
	p = ipv4(48, 17, "10.0.0.7", "10.9.9.9");
	ip = kc_pkt_data(p);
	ip[0] = 0x47;		/* 28-byte header: RR with 2 slots */
	ip[20] = 7;
	ip[21] = 7;
	ip[22] = 4;
	memset(ip + 23, 0, 4);
	ip[27] = 0;
	kc_ip_set_csum(ip);
	th_push(g, "o", 0, p);
	p = ipv4(48, 17, "10.0.0.7", "10.9.9.9");
	ip = kc_pkt_data(p);
	ip[0] = 0x47;
	ip[20] = 7;
	ip[21] = 40;		/* longer than the header */
	kc_ip_set_csum(ip);
	th_push(g, "o", 0, p);
	th_push(g, "o", 0, ipv4(48, 17, "10.0.0.7", "10.9.9.9"));
	tap_ok(th_num(g, "bad", "count") == 1 && th_num(g, "o", "drops") == 1,
	       "a bad option length goes to output 1");
	finish(g);
	ip = got.d[0];
	tap_ok(got.n == 2 && ip_is(ip + 23, "10.0.0.1") && ip[22] == 8 && csum(ip, 28) == 0,
	       "record route: our address in the first slot, pointer advanced, checksum right");
	tap_ok(got.n == 2 && got.len[1] == 48, "a header without options passes untouched");
}

/* Reference for one Classifier clause "OFF/HEX" on d[0..len). */
static bool ref_clause(const u8 *d, unsigned int len, unsigned int off,
		       const u8 *val, const u8 *mask, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!mask[i])
			continue;
		if (off + i >= len || (d[off + i] & mask[i]) != (val[i] & mask[i]))
			return false;
	}
	return true;
}

static void test_classifier(void)
{
	struct kc_graph *g = build(
		"Idle -> c :: Classifier(12/0806 20/0001, 12/0806 !20/0001, 12/0800 23/11, 12/08%ff 30/0a0?0?01, -);"
		"c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard;"
		"c[2] -> c2 :: Counter -> Discard; c[3] -> c3 :: Counter -> Discard;"
		"c[4] -> c4 :: Counter -> Discard;");
	static const u8 v0806[] = { 8, 6 }, v0800[] = { 8, 0 }, v0001[] = { 0, 1 },
		v11[] = { 0x11 }, v08[] = { 8 }, vip[] = { 10, 0, 0, 1 },
		m2[] = { 255, 255 }, m1[] = { 255 }, mip[] = { 255, 0xf0, 0xf0, 255 };
	int want[5] = { 0 }, i, bad = 0;
	char buf[512];

	if (!g)
		return;
	for (i = 0; i < 4000; i++) {
		unsigned int len = 14 + rnd() % 40, k;
		struct kc_pkt *p = kc_user_pkt_alloc(NULL, len, KC_USER_HEADROOM);
		u8 *d = kc_pkt_data(p);
		int o;

		for (k = 0; k < len; k++)
			d[k] = rnd() % 4 == 0 ? rnd() & 0xff : (k % 3 ? 0 : 1);
		d[12] = 8;
		d[13] = (u8[]){ 0, 6, 1 }[rnd() % 3];
		if (len > 23 && rnd() % 2)
			d[23] = 0x11;
		if (len > 33 && rnd() % 2)
			memcpy(d + 30, "\x0a\x05\x07\x01", 4);
		if (ref_clause(d, len, 12, v0806, m2, 2) && ref_clause(d, len, 20, v0001, m2, 2))
			o = 0;
		else if (ref_clause(d, len, 12, v0806, m2, 2) && !ref_clause(d, len, 20, v0001, m2, 2))
			o = 1;
		else if (ref_clause(d, len, 12, v0800, m2, 2) && ref_clause(d, len, 23, v11, m1, 1))
			o = 2;
		else if (ref_clause(d, len, 12, v08, m1, 1) && ref_clause(d, len, 30, vip, mip, 4))
			o = 3;
		else
			o = 4;
		want[o]++;
		th_push(g, "c", 0, p);
	}
	for (i = 0; i < 5; i++) {
		snprintf(buf, sizeof(buf), "c%d", i);
		bad |= th_num(g, buf, "count") != want[i];
	}
	tap_ok(!bad && want[0] && want[1] && want[2] && want[3] && want[4],
	       "Classifier agrees with a bytewise reference on 4,000 packets (%d/%d/%d/%d/%d)",
	       want[0], want[1], want[2], want[3], want[4]);
	th_read(g, "c", "program", buf, sizeof(buf));
	tap_ok(strstr(buf, "output 1: t0 !t1") != NULL,
	       "12/0806 is one test shared by patterns 1 and 2");
	tap_ok(th_write(g, "c", "config", "12/0800, -, -, -, -, -", msg, sizeof(msg)) &&
	       strstr(msg, "6 patterns for 5 outputs"),
	       "config refuses more patterns than outputs (%s)", msg);
	tap_ok(th_write(g, "c", "config", "12/0800, -", msg, sizeof(msg)) == 0,
	       "config is writable");
	th_push(g, "c", 0, th_pkt(60, 0x0806));
	tap_ok(th_num(g, "c1", "count") == want[1] + 1, "the new patterns apply at once");
	finish(g);
}

/*
 * Random Classifier patterns against a bytewise reference (ref_clause):
 * the decision tree on small pattern sets, and on large ones its in-order
 * fallback (CL_MAX_NODES), each on random packets, some shorter than the
 * offsets tested.  Values come from a small alphabet so that clauses
 * match often.
 */
#define RC_MAXP		48
#define RC_MAXC		4
#define RC_MAXB		6

struct rc_clause {
	bool neg;
	unsigned int off, n;
	u8 val[RC_MAXB], mask[RC_MAXB];
};

struct rc_pattern {
	int nc;			/* 0: "-" */
	struct rc_clause c[RC_MAXC];
};

static const u8 rc_alpha[] = { 0x00, 0x01, 0x08, 0x80, 0xff };

static int rc_ref(const struct rc_pattern *pat, int np, const u8 *d,
		  unsigned int len)
{
	int i, k;

	for (i = 0; i < np; i++) {
		for (k = 0; k < pat[i].nc; k++) {
			const struct rc_clause *c = &pat[i].c[k];

			if (ref_clause(d, len, c->off, c->val, c->mask, c->n) ==
			    c->neg)
				break;
		}
		if (k == pat[i].nc)
			return i;
	}
	return -1;
}

/* One random pattern set of np patterns over the offsets offs[0..noffs). */
static int rc_make(struct rc_pattern *pat, int np, const unsigned int *offs,
		   int noffs, int maxb, char *text, size_t size)
{
	int i, k, b, at = 0;

	for (i = 0; i < np; i++) {
		struct rc_pattern *p = &pat[i];

		p->nc = i == np - 1 && rnd() % 3 == 0 ? 0 : 1 + rnd() % RC_MAXC;
		at += snprintf(text + at, size - at, "%s", i ? ", " : "");
		if (!p->nc)
			at += snprintf(text + at, size - at, "-");
		for (k = 0; k < p->nc; k++) {
			struct rc_clause *c = &p->c[k];
			bool masked = rnd() % 4 == 0;

			c->neg = rnd() % 4 == 0;
			c->off = offs[rnd() % noffs];
			c->n = 1 + rnd() % maxb;
			at += snprintf(text + at, size - at, "%s%s%u/",
				       k ? " " : "", c->neg ? "!" : "", c->off);
			for (b = 0; b < (int)c->n; b++) {
				u8 v = rc_alpha[rnd() % sizeof(rc_alpha)];
				int wild = rnd() % 8;	/* a '?' nibble */

				c->val[b] = v;
				c->mask[b] = wild == 0 ? 0x0f : wild == 1 ? 0xf0 : 0xff;
				at += snprintf(text + at, size - at, "%c%c",
					       wild == 0 ? '?' : "0123456789abcdef"[v >> 4],
					       wild == 1 ? '?' : "0123456789abcdef"[v & 15]);
			}
			if (masked) {
				at += snprintf(text + at, size - at, "%%");
				for (b = 0; b < (int)c->n; b++) {
					u8 m = rnd() % 2 ? 0xff : rc_alpha[rnd() % sizeof(rc_alpha)];

					c->mask[b] &= m;
					at += snprintf(text + at, size - at, "%02x", m);
				}
			}
		}
	}
	return at;
}

static void test_classifier_random(void)
{
	static const unsigned int small[] = { 0, 2, 12, 13, 14, 20, 23, 30, 40, 58 },
		big[] = { 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30 };
	static char text[16384], pats[12288], buf[8192];
	struct rc_pattern pat[RC_MAXP];
	int round, i, bad = 0, trees = 0, in_order = 0, npk = 0, drops;
	int hist[3] = { 0 };	/* packets that matched: pattern 0, later, none */

	for (round = 0; round < 60 && !bad; round++) {
		bool large = round % 6 == 5;
		int np = large ? RC_MAXP : 1 + rnd() % 8, want_drops = 0, at;
		int want[RC_MAXP] = { 0 };
		struct kc_graph *g;

		rc_make(pat, np, large ? big : small, large ? 11 : 10,
			large ? 1 : RC_MAXB, pats, sizeof(pats));
		at = snprintf(text, sizeof(text),
			      "Idle -> c :: Classifier(%s);\n", pats);
		for (i = 0; i < np; i++)
			at += snprintf(text + at, sizeof(text) - at,
				       "c[%d] -> c%d :: Counter -> Discard;\n",
				       i, i);
		g = th_build(text, msg, sizeof(msg), NULL);
		if (!g) {
			tap_ok(0, "random Classifier builds: %s (%s)", msg, pats);
			return;
		}
		th_read(g, "c", "program", buf, sizeof(buf));
		if (strstr(buf, "patterns in order"))
			in_order++;
		else
			trees++;
		for (i = 0; i < 400; i++, npk++) {
			unsigned int len = 1 + rnd() % 64, k;
			struct kc_pkt *p = kc_user_pkt_alloc(NULL, len,
							     KC_USER_HEADROOM);
			u8 *d = kc_pkt_data(p);
			int o;

			for (k = 0; k < len; k++)
				d[k] = rc_alpha[rnd() % sizeof(rc_alpha)] ^
				       (rnd() % 8 ? 0 : rnd() & 0xff);
			o = rc_ref(pat, np, d, len);
			if (o < 0)
				want_drops++;
			else
				want[o]++;
			hist[o < 0 ? 2 : o == 0 ? 0 : 1]++;
			th_push(g, "c", 0, p);
		}
		for (i = 0; i < np; i++) {
			char name[16];

			snprintf(name, sizeof(name), "c%d", i);
			if (th_num(g, name, "count") != want[i])
				bad = 1;
		}
		drops = th_num(g, "c", "drops");
		if (drops != want_drops)
			bad = 1;
		if (bad)
			tap_ok(0, "random Classifier round %d disagrees with the reference: %s",
			       round, pats);
		th_free(g);
	}
	tap_ok(!bad && hist[0] && hist[1] && hist[2],
	       "Classifier agrees with a bytewise reference: %d random pattern sets, %d packets (first pattern %d, a later one %d, none %d)",
	       round, npk, hist[0], hist[1], hist[2]);
	tap_ok(trees > 0 && in_order > 0,
	       "both evaluators ran: %d decision trees, %d pattern sets too big for one (in order)",
	       trees, in_order);
}

/*
 * Click's `!` on a clause longer than 4 bytes: the clause (two tests
 * here) fails only when all of its bytes match.
 */
static void test_classifier_negated(void)
{
	struct kc_graph *g = build(
		"Idle -> c :: Classifier(12/0800 ! 26/0a000001ff, 12/0800, -);"
		"c[0] -> c0 :: Counter -> Discard; c[1] -> c1 :: Counter -> Discard;"
		"c[2] -> c2 :: Counter -> Discard;");
	static const u8 v0800[] = { 8, 0 }, m2[] = { 255, 255 },
		vlong[] = { 10, 0, 0, 1, 255 }, m5[] = { 255, 255, 255, 255, 255 };
	int want[3] = { 0 }, i, bad = 0, partial = 0;
	char buf[512];

	if (!g)
		return;
	for (i = 0; i < 3000; i++) {
		unsigned int len = 24 + rnd() % 16, k;
		struct kc_pkt *p = kc_user_pkt_alloc(NULL, len, KC_USER_HEADROOM);
		u8 *d = kc_pkt_data(p);
		int o;

		for (k = 0; k < len; k++)
			d[k] = rnd() & 0xff;
		d[12] = 8;
		d[13] = rnd() % 4 ? 0 : 6;
		/* all five bytes, the first four only, or the last one only */
		for (k = 0; k < 5 && 26 + k < len; k++)
			if ((rnd() % 3 && k < 4) || rnd() % 2)
				d[26 + k] = vlong[k];
		if (ref_clause(d, len, 12, v0800, m2, 2) &&
		    !ref_clause(d, len, 26, vlong, m5, 5))
			o = 0;
		else if (ref_clause(d, len, 12, v0800, m2, 2))
			o = 1;
		else
			o = 2;
		partial += o == 0 && ref_clause(d, len, 26, vlong, m5, 4);
		want[o]++;
		th_push(g, "c", 0, p);
	}
	for (i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "c%d", i);
		bad |= th_num(g, buf, "count") != want[i];
	}
	tap_ok(!bad && want[0] && want[1] && want[2] && partial,
	       "!26/0a000001ff (5 bytes) fails only when all five match: reference agrees on 3,000 packets (%d/%d/%d, %d with the first 4 only)",
	       want[0], want[1], want[2], partial);
	th_read(g, "c", "program", buf, sizeof(buf));
	tap_ok(strstr(buf, "output 0: t0 !(t1&t2)") != NULL,
	       "'! 26/...' (Click allows the space) is one negated group of two tests (%s)", buf);
	tap_ok(th_write(g, "c", "config", "12/0800 !, -, -", msg, sizeof(msg)) &&
	       strstr(msg, "pattern 1: '!' without a clause"),
	       "a lone '!' is refused: %s", msg);
	finish(g);
}

static void test_ethernet(void)
{
	struct kc_graph *g = build(
		"Idle -> [0] s :: EtherSwitch; Idle -> [1] s; Idle -> [2] s;"
		"s[0] -> o0 :: Counter -> Discard; s[1] -> o1 :: Counter -> Discard;"
		"s[2] -> o2 :: Counter -> Discard;");
	struct kc_pkt *p;
	char tab[256];

	if (!g)
		return;
	p = th_pkt(60, 0x0800);		/* 02::01 -> 02::02, on port 0 */
	th_push(g, "s", 0, p);
	tap_ok(th_num(g, "o1", "count") == 1 && th_num(g, "o2", "count") == 1 &&
	       th_num(g, "o0", "count") == 0, "an unknown destination floods the other ports");
	p = th_pkt(60, 0x0800);
	memcpy(kc_pkt_data(p), "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	th_push(g, "s", 2, p);
	tap_ok(th_num(g, "o0", "count") == 1 && th_num(g, "o1", "count") == 1,
	       "a learned destination goes out of its port only");
	th_push(g, "s", 1, th_pkt(60, 0x0800));
	tap_ok(th_num(g, "o2", "count") == 2, "and the other way");
	th_read(g, "s", "table", tab, sizeof(tab));
	tap_ok(strstr(tab, "02:00:00:00:00:01 1") && strstr(tab, "02:00:00:00:00:02 2"),
	       "the table shows both stations, 02::01 moved to port 1");
	finish(g);

	g = build("Idle -> h :: HostEtherFilter(2:0:0:0:0:2, DROP_OWN true) -> e :: EtherRewrite(2:0:0:0:0:9, 2:0:0:0:0:8)"
		  "-> Strip(14) -> EtherEncap(0x86dd, 2:0:0:0:0:7, 2:0:0:0:0:6) -> @;");
	if (!g)
		return;
	th_push(g, "h", 0, th_pkt(60, 0x0800));	/* to us: passes */
	p = th_pkt(60, 0x0800);
	kc_pkt_data(p)[5] = 3;			/* to another host */
	th_push(g, "h", 0, p);
	p = th_pkt(60, 0x0800);
	kc_pkt_data(p)[11] = 2;			/* from ourselves */
	th_push(g, "h", 0, p);
	p = th_pkt(60, 0x0800);
	kc_pkt_data(p)[0] = 0xff;		/* group address: passes */
	th_push(g, "h", 0, p);
	tap_ok(th_num(g, "h", "drops") == 2, "HostEtherFilter drops other hosts' and our own frames");
	tap_ok(th_write(g, "e", "dst", "2:0:0:0:0:5", NULL, 0) == 0, "EtherRewrite dst is writable");
	finish(g);
	tap_ok(got.n == 2 && eth_is(got.d[0], "2:0:0:0:0:6") && eth_is(got.d[0] + 6, "2:0:0:0:0:7") &&
	       kc_get16(got.d[0] + 12) == 0x86dd && got.len[0] == 60 && got.d[0][14] == 14,
	       "EtherEncap puts a new header where Strip took one off");
}

static void test_fixipsrc(void)
{
	struct kc_graph *g = build("Idle -> e :: ICMPError(1.1.1.1, unreachable, host) -> f :: FixIPSrc(10.0.0.1) -> @;");
	if (!g)
		return;
	th_push(g, "e", 0, ipv4(60, 17, "10.0.0.7", "10.9.9.9"));
	th_push(g, "f", 0, ipv4(60, 17, "10.0.0.7", "10.9.9.9"));
	finish(g);
	tap_ok(got.n == 2 && ip_is(got.d[0] + 12, "10.0.0.1") && csum(got.d[0], 20) == 0,
	       "FixIPSrc puts its address on an ICMP error, checksum right");
	tap_ok(got.n == 2 && ip_is(got.d[1] + 12, "10.0.0.7"),
	       "and leaves other packets alone");
}

/* IPPrint's lines (stderr captured), CheckIPHeader2, SimpleQueue. */
static void test_ipprint_aliases(void)
{
	struct kc_graph *g = build(
		"Idle -> pr :: IPPrint(r, TIMESTAMP false, TTL true) -> c :: CheckIPHeader2 -> q :: SimpleQueue(2) -> Idle;");
	char path[] = "/tmp/kc_test_ipprintXXXXXX", line[512] = "";
	struct kc_pkt *p;
	int fd = mkstemp(path), saved;
	FILE *f;

	if (!g)
		return;
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	p = ipv4(60, 17, "10.0.0.7", "10.9.9.9");
	kc_put16(kc_pkt_data(p) + 20, 53);
	kc_put16(kc_pkt_data(p) + 22, 4000);
	kc_pkt_data(p)[10] ^= 0xff;	/* a wrong checksum */
	th_push(g, "pr", 0, p);
	th_push(g, "pr", 0, ipv4(60, 17, "10.0.0.7", "10.9.9.9"));
	th_push(g, "pr", 0, ipv4(60, 17, "10.0.0.7", "10.9.9.9"));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fopen(path, "r");
	if (f && !fgets(line, sizeof(line), f))
		line[0] = '\0';
	if (f)
		fclose(f);
	close(fd);
	unlink(path);
	tap_ok(strstr(line, "r: ttl 64 10.0.0.7.53 > 10.9.9.9.4000: udp") != NULL,
	       "IPPrint prints a tcpdump-like line (%.60s)", line);
	tap_ok(th_num(g, "pr", "printed") == 3, "one line per packet");
	tap_ok(th_num(g, "c", "count") == 3,
	       "CheckIPHeader2 passes a wrong checksum (it does not check it)");
	tap_ok(th_num(g, "q", "length") == 2 && th_num(g, "q", "drops") == 1,
	       "SimpleQueue(2) holds 2 and drops the third");
	finish(g);
}

/* Run text's element pr on the packets, return what it printed. */
static void ipprint_run(const char *text, struct kc_pkt **v, int n,
			char *out, size_t size)
{
	char path[] = "/tmp/kc_test_ipprintXXXXXX";
	int fd = mkstemp(path), saved, i;
	struct kc_graph *g = build(text);
	FILE *f;
	size_t k = 0;

	out[0] = '\0';
	if (!g) {
		for (i = 0; i < n; i++)
			kc_user_pkt_free(v[i]);
		close(fd);
		unlink(path);
		return;
	}
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	for (i = 0; i < n; i++)
		th_push(g, "pr", 0, v[i]);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fopen(path, "r");
	if (f) {
		k = fread(out, 1, size - 1, f);
		fclose(f);
	}
	out[k] = '\0';
	close(fd);
	unlink(path);
	finish(g);
}

/* A TCP packet for IPPrint: ports 40000 > 80, seq, ack, flags, window. */
static struct kc_pkt *tcp_for_print(unsigned int len, u32 seq, u32 ack,
				    u8 flags)
{
	struct kc_pkt *p = ipv4(len, 6, "10.0.0.7", "10.9.9.9");
	u8 *d = kc_pkt_data(p);

	kc_put16(d + 20, 40000);
	kc_put16(d + 22, 80);
	kc_put16(d + 24, seq >> 16);
	kc_put16(d + 26, seq & 0xffff);
	kc_put16(d + 28, ack >> 16);
	kc_put16(d + 30, ack & 0xffff);
	d[32] = 0x50;
	d[33] = flags;
	kc_put16(d + 34, 512);
	return p;
}

/* An ICMP packet for IPPrint quoting a UDP datagram to 10.1.2.3:53. */
static struct kc_pkt *icmp_for_print(u8 type, u8 code, u16 mtu)
{
	struct kc_pkt *p = ipv4(60, 1, "10.0.0.7", "10.9.9.9");
	u8 *d = kc_pkt_data(p);

	d[20] = type;
	d[21] = code;
	kc_put16(d + 24, 0);
	kc_put16(d + 26, mtu);
	d[28] = 0x45;
	d[28 + 9] = 17;
	put_ip(d + 28 + 16, "10.1.2.3");
	kc_put16(d + 28 + 22, 53);
	return p;
}

/* The protocol part of IPPrint's line in Click's words (ipprint.cc). */
static void test_ipprint_lines(void)
{
	static char out[8192];
	struct kc_pkt *v[7];

	v[0] = tcp_for_print(40, 1000, 0, 0x02);
	v[1] = tcp_for_print(50, 5000, 7, 0x18);
	v[2] = icmp_for_print(11, 0, 0);
	v[3] = icmp_for_print(3, 3, 0);
	v[4] = icmp_for_print(3, 4, 1280);
	v[5] = icmp_for_print(42, 1, 0);
	v[6] = tcp_for_print(40, 9, 3, 0x11);
	ipprint_run("Idle -> pr :: IPPrint(TIMESTAMP false) -> @;", v, 7, out,
		    sizeof(out));
	tap_ok(strstr(out, "10.0.0.7.40000 > 10.9.9.9.80: S 1000:1001(1,40,40) win 512\n") != NULL,
	       "TCP SYN: flags, SEQ:END(SEGLEN,PACKETLEN,IPLEN) counting the SYN, no ack without ACK");
	tap_ok(strstr(out, ": P 5000:5010(10,50,50) ack 7 win 512\n") != NULL,
	       "TCP PSH|ACK with 10 bytes: 'P', then the ack number");
	tap_ok(strstr(out, ": F 9:10(1,40,40) ack 3 win 512\n") != NULL,
	       "TCP FIN|ACK: the FIN counts in the segment length");
	tap_ok(strstr(out, "10.0.0.7 > 10.9.9.9: icmp timeexceeded transit\n") != NULL,
	       "ICMP time exceeded: Click's type and code names");
	tap_ok(strstr(out, "icmp 10.1.2.3 unreachable port udp/53\n") != NULL,
	       "ICMP port unreachable: the quoted destination, protocol and port");
	tap_ok(strstr(out, "icmp 10.1.2.3 unreachable needfrag (mtu 1280)\n") != NULL,
	       "ICMP needfrag: the next-hop MTU");
	tap_ok(strstr(out, "10.0.0.7 > 10.9.9.9: icmp type 42 code 1\n") != NULL,
	       "an ICMP type without a name: its numbers");
	if (!strstr(out, "icmp type 42 code 1\n"))
		printf("# got:\n%s", out);
}

/* Click's IPPrint keywords, each checked in the printed text. */
static void test_ipprint_click(void)
{
	static char out[8192];
	struct kc_pkt *v[3];
	u8 *d;

	v[0] = ipv4(60, 17, "10.0.0.7", "10.9.9.9");
	d = kc_pkt_data(v[0]);
	kc_put16(d + 20, 53);
	kc_put16(d + 22, 4000);
	memcpy(d + 28, "Hello, world", 12);
	d[1] = 0x10;
	kc_pkt_anno(v[0])->paint = 3;
	v[1] = ipv4(60, 1, "10.0.0.7", "10.9.9.9");
	d = kc_pkt_data(v[1]);
	d[20] = 8;
	d[21] = 0;
	kc_put16(d + 24, 0x0102);	/* echo id */
	kc_put16(d + 26, 0x0300);	/* echo seq */
	v[2] = ipv4(60, 6, "10.0.0.7", "10.9.9.9");
	kc_put16(kc_pkt_data(v[2]) + 6, KC_IP_MF | 5);	/* offset 40, more */
	ipprint_run("Idle -> pr :: IPPrint(lbl, TIMESTAMP false, ID true, TTL true, TOS true, LENGTH true, PAINT true, PAYLOAD ASCII, MAXLENGTH 12, SWAP false) -> @;",
		    v, 3, out, sizeof(out));
	tap_ok(strstr(out, "lbl: paint 3: id 4660 ttl 64 tos 16 length 60 10.0.0.7.53 > 10.9.9.9.4000: udp") != NULL,
	       "LABEL, PAINT, ID, TTL, TOS, LENGTH in Click's order");
	tap_ok(strstr(out, "lbl: paint 3:   Hello, w orld\n") != NULL,
	       "PAYLOAD ASCII from the UDP payload, MAXLENGTH 12 bytes, 8 a group");
	tap_ok(strstr(out, "icmp echo (513, 3)") != NULL,
	       "SWAP false: the echo id and sequence read little-endian");
	tap_ok(strstr(out, "(frag 4660:40@40+)") != NULL,
	       "a fragment shows ID:LENGTH@OFFSET+ as Click");
	tap_ok(!strstr(out, "0.000000"), "TIMESTAMP false prints no timestamp");
	v[0] = ipv4(40, 17, "10.0.0.7", "10.9.9.9");
	v[0]->tstamp_ns = 1500000000ULL * 1000000000ULL + 250000000ULL;
	ipprint_run("Idle -> pr :: IPPrint(CONTENTS HEX) -> @;", v, 1, out,
		    sizeof(out));
	tap_ok(strstr(out, "1500000000.250000: 10.0.0.7.") &&
	       !strstr(out, "ttl") && !strstr(out, "id "),
	       "defaults: TIMESTAMP true, no ID/TTL: %.60s", out);
	tap_ok(strstr(out, "  45000028 12340000 4011") != NULL,
	       "CONTENTS HEX from the IP header, 4 bytes a group");
	tap_ok(!th_build("Idle -> x :: IPPrint(OUTFILE /tmp/x) -> Discard;", msg, sizeof(msg), NULL) &&
	       strstr(msg, "OUTFILE is not supported"), "OUTFILE is refused: %s", msg);
	tap_ok(!th_build("Idle -> x :: IPPrint(CONTENTS HEX, PAYLOAD HEX) -> Discard;", msg, sizeof(msg), NULL) &&
	       strstr(msg, "CONTENTS and PAYLOAD"), "CONTENTS with PAYLOAD is refused: %s", msg);
}

/* Click's Print keywords, each checked in the printed text. */
static void test_print_click(void)
{
	static char out[8192];
	struct kc_pkt *v[1];

	v[0] = ipv4(40, 17, "10.0.0.7", "10.9.9.9");
	memcpy(kc_pkt_data(v[0]), "Hello, world\x01", 13);
	v[0]->tstamp_ns = 1500000000ULL * 1000000000ULL + 250000000ULL;
	ipprint_run("Idle -> pr :: Print(lbl, 13, CONTENTS ASCII, TIMESTAMP true) -> @;",
		    v, 1, out, sizeof(out));
	tap_ok(!strcmp(out, "kclick: lbl: 1500000000.250000:   40 |  Hello, w orld.\n"),
	       "TIMESTAMP true, CONTENTS ASCII: Click's line, 8 bytes a group ('%s')",
	       out);
	v[0] = ipv4(40, 17, "10.0.0.7", "10.9.9.9");
	ipprint_run("Idle -> pr :: Print(n, NBYTES 6) -> @;", v, 1, out,
		    sizeof(out));
	tap_ok(!strcmp(out, "kclick: n:   40 | 45000028 1234\n"),
	       "NBYTES 6 (Click's old name for MAXLENGTH), hex, 4 bytes a group ('%s')",
	       out);
	v[0] = ipv4(40, 17, "10.0.0.7", "10.9.9.9");
	ipprint_run("Idle -> pr :: Print(x, CONTENTS NONE) -> @;", v, 1, out,
		    sizeof(out));
	tap_ok(!strcmp(out, "kclick: x:   40\n"), "CONTENTS NONE: the length only ('%s')",
	       out);
	v[0] = ipv4(300, 17, "10.0.0.7", "10.9.9.9");
	ipprint_run("Idle -> pr :: Print(OK, 200) -> @;", v, 1, out, sizeof(out));
	tap_ok(strstr(out, "kclick: OK:  300 | 4500012c 12340000") == out &&
	       strstr(out, "\nkclick: OK: +192 | ") &&
	       strlen(strstr(out, "\nkclick: OK: +192 | ")) == strlen("\nkclick: OK: +192 | ") + 17 + 1 &&
	       !strstr(out, "+256"),
	       "Print(OK, 200): 200 bytes of a 300-byte packet, 64 a line");
}

int main(void)
{
	test_print_click();
	test_arpresponder();
	test_arpquerier();
	test_arpquerier_click();
	test_iplookup("LinearIPLookup");
	test_iplookup("RadixIPLookup");
	test_iplookup_repeat("StaticIPLookup");
	test_iplookup_repeat("RadixIPLookup");
	test_iplookup_prefix_forms("StaticIPLookup");
	test_iplookup_prefix_forms("RadixIPLookup");
	test_iplookup_prefix_forms("LinearIPLookup");
	test_gateway_anno();
	test_icmperror();
	test_icmperror_mtu();
	test_ping();
	test_fragmenter();
	test_ipgwoptions();
	test_classifier();
	test_classifier_negated();
	test_classifier_random();
	test_ethernet();
	test_fixipsrc();
	test_ipprint_aliases();
	test_ipprint_click();
	test_ipprint_lines();
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
