// SPDX-License-Identifier: GPL-2.0
/*
 * Chaining graphs (issue 13) in the userspace harness, under ASan and
 * UBSan: ToChannel -> FromChannel across three graphs built in one
 * process, counts on both sides, a receiver removed (senders drop and
 * count) and built again, a second receiver refused, pull mode through a
 * Queue, annotations carried, chains that loop back bounded by the hop
 * annotation (with and without a Queue in the loop), nothing leaked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "harness.h"
#include <kclick/chan.h>

static char msg[4096];

static struct kc_graph *build(const char *text)
{
	struct kc_graph *g = th_build(text, msg, sizeof(msg), NULL);

	if (!g)
		printf("# %s\n", msg);
	return g;
}

static void push_n(struct kc_graph *g, const char *elem, int n, u16 type)
{
	int i;

	for (i = 0; i < n; i++)
		th_push(g, elem, 0, th_pkt(60, type));
}

static const char *FW =
	"Idle -> in :: Counter -> f :: Classifier(12/0800, -);\n"
	"f[0] -> Paint(3) -> t :: ToChannel(c1);\n"
	"f[1] -> deny :: Counter -> Discard;\n";
static const char *MON =
	"r :: FromChannel(c1) -> ps :: PaintSwitch;\n"
	"ps[0] -> Discard; ps[1] -> Discard; ps[2] -> Discard;\n"
	"ps[3] -> c :: Counter -> t :: ToChannel(c2);\n";
static const char *OUT =
	"r :: FromChannel(c2) -> c :: Counter -> Discard;\n";

static void test_chain3(void)
{
	struct kc_graph *fw = build(FW), *mon = build(MON), *out = build(OUT);
	struct kc_graph *g;
	char buf[64];

	tap_ok(fw && mon && out, "three graphs chained by c1 and c2 build");
	if (!fw || !mon || !out)
		goto done;
	tap_ok(kc_user_chan_live() == 2, "two channels exist (%d)",
	       kc_user_chan_live());
	push_n(fw, "in", 10, 0x0800);
	push_n(fw, "in", 3, 0x0806);
	tap_ok(th_num(fw, "deny", "count") == 3, "firewall denies 3 ARP");
	tap_ok(th_num(fw, "t", "count") == 10, "fw/t.count 10 (%lld)",
	       th_num(fw, "t", "count"));
	tap_ok(th_num(mon, "r", "count") == 10, "mon/r.count 10");
	tap_ok(th_num(mon, "c", "count") == 10,
	       "paint annotation crosses the channel (PaintSwitch output 3)");
	tap_ok(th_num(out, "r", "count") == 10 && th_num(out, "c", "count") == 10,
	       "out receives all 10 through two channels");
	tap_ok(th_num(fw, "t", "drops") == 0 && th_num(mon, "t", "drops") == 0,
	       "no drops while every channel has a receiver");
	th_read(mon, "t", "receiver", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "r"), "mon/t.receiver names the receiver ('%s')",
	       buf);
	th_read(mon, "t", "channel", buf, sizeof(buf));
	tap_ok(!strcmp(buf, "c2"), "mon/t.channel is c2");

	/* A second receiver of c2 is refused while out exists. */
	g = th_build("FromChannel(c2) -> Discard;", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "already received"),
	       "a second FromChannel(c2) is refused: %s", msg);
	th_free(g);

	/* Downstream removed: the sender drops and counts. */
	th_free(out);
	out = NULL;
	push_n(fw, "in", 5, 0x0800);
	tap_ok(th_num(mon, "t", "drops") == 5,
	       "out removed: mon/t.drops counts 5 (%lld)",
	       th_num(mon, "t", "drops"));
	th_read(mon, "t", "receiver", buf, sizeof(buf));
	tap_ok(!buf[0], "mon/t.receiver is empty without a receiver");
	tap_ok(th_num(mon, "c", "count") == 15, "mon still counts 15");

	/* Built again: traffic flows again. */
	out = build(OUT);
	push_n(fw, "in", 4, 0x0800);
	tap_ok(out && th_num(out, "c", "count") == 4, "out back: receives 4");
	tap_ok(th_num(mon, "t", "drops") == 5, "no more drops");

	/* Reset. */
	tap_ok(!th_write(mon, "t", "reset", "", NULL, 0) &&
	       th_num(mon, "t", "drops") == 0 && th_num(mon, "t", "count") == 0,
	       "mon/t.reset zeroes count and drops");

	/* The middle graph in pull mode: a Queue, then a task sends. */
	th_free(mon);
	mon = build("FromChannel(c1) -> q :: Queue(100) -> t :: ToChannel(c2, 4);");
	push_n(fw, "in", 7, 0x0800);
	tap_ok(mon && th_num(mon, "t", "count") == 7 &&
	       th_num(out, "c", "count") == 11,
	       "pull mode: Queue -> ToChannel hands on 7 (out %lld)",
	       th_num(out, "c", "count"));
done:
	th_free(fw);
	th_free(mon);
	th_free(out);
	tap_ok(kc_user_chan_live() == 0, "no channel left (%d)",
	       kc_user_chan_live());
}

/* Two graphs that hand packets to each other: bounded by the hop count. */
static void test_loop(const char *bside, const char *what)
{
	struct kc_graph *a, *b;

	a = build("Idle -> in :: Counter -> ToChannel(lb);\n"
		  "FromChannel(la) -> t :: ToChannel(lb);\n");
	b = build(bside);
	tap_ok(a && b, "%s: a loop of two graphs builds", what);
	if (!a || !b)
		goto done;
	push_n(a, "in", 10, 0x0800);
	/* b receives at hops 1, 3, ..., 15; a's t refuses at 16. */
	tap_ok(th_num(b, "c", "count") == 80,
	       "%s: each packet goes round 8 times (%lld of 80)", what,
	       th_num(b, "c", "count"));
	tap_ok(th_num(a, "t", "loops") == 10,
	       "%s: a/t.loops counts 10 (%lld)", what,
	       th_num(a, "t", "loops"));
	tap_ok(!kc_user_tasks_pending(), "%s: nothing left running", what);
done:
	th_free(a);
	th_free(b);
}

static void test_self_loop(void)
{
	struct kc_graph *g;

	g = build("Idle -> in :: Counter -> ToChannel(x);\n"
		  "FromChannel(x) -> c :: Counter -> t :: ToChannel(x);\n");
	tap_ok(g != NULL, "a graph sending to itself builds");
	if (!g)
		return;
	push_n(g, "in", 3, 0x0800);
	tap_ok(th_num(g, "c", "count") == 48 && th_num(g, "t", "loops") == 3,
	       "self loop: 16 rounds a packet (%lld of 48), loops 3",
	       th_num(g, "c", "count"));
	th_free(g);
}

static void test_args(void)
{
	struct kc_graph *g;

	g = th_build("Idle -> ToChannel;", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "CHANNEL"), "ToChannel needs CHANNEL: %s",
	       msg);
	th_free(g);
	g = th_build("Idle -> ToChannel(x, 0);", msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "BURST"), "BURST 0 refused: %s", msg);
	th_free(g);
	g = th_build("FromChannel(abcdefghijabcdefghijabcdefghijabc) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "longer"), "a 33-character name refused: %s",
	       msg);
	th_free(g);
	g = th_build("FromChannel(x) -> Discard; FromChannel(x) -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "already received"),
	       "two FromChannel(x) in one graph refused: %s", msg);
	th_free(g);
	g = build("Idle -> t :: ToChannel(nobody);");
	push_n(g, "t", 2, 0x0800);
	tap_ok(g && th_num(g, "t", "drops") == 2,
	       "no receiver at all: a sink that counts drops");
	th_free(g);
}

int main(void)
{
	test_chain3();
	test_loop("FromChannel(lb) -> c :: Counter -> ToChannel(la);",
		  "push");
	test_loop("FromChannel(lb) -> c :: Counter -> Queue(10) -> ToChannel(la);",
		  "through a Queue");
	test_self_loop();
	test_args();
	tap_ok(kc_user_chan_live() == 0, "every channel freed");
	tap_ok(th_no_leak(), "no packet leaked");
	return tap_done();
}
