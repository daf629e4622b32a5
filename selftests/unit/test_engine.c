// SPDX-License-Identifier: GPL-2.0
/*
 * The portable engine (engine/graph.c, run.c, handlers.c) in the userspace
 * harness, under ASan and UBSan: validation errors, runtime bounds on
 * hostile graphs, the pull path, take_state, allocation failures, and
 * an offline run over a pcap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "harness.h"

static char msg[2048];

static void expect_error(const char *text, const char *want, int want_bad,
			 const char *desc)
{
	int bad = -2;
	struct kc_graph *g = th_build(text, msg, sizeof(msg), &bad);

	tap_ok(!g && strstr(msg, want) && (want_bad == -2 || bad == want_bad),
	       "refused: %s", desc);
	if (g || !strstr(msg, want) || (want_bad != -2 && bad != want_bad))
		printf("#   got '%s' (element %d), wanted '%s' (element %d)\n",
		       g ? "<built>" : msg, bad, want, want_bad);
	th_free(g);
}

static void test_validation(void)
{
	expect_error("a :: Countr; Idle -> a -> Discard;",
		     "unknown element class 'Countr'", 0, "unknown class");
	expect_error("Idle -> c :: Counter; Idle -> Discard;",
		     "output 0 is not connected", 1, "unconnected output");
	expect_error("Idle -> q :: Queue -> CheckLength(60) -> Discard;",
		     "push/pull conflict", -2, "pull output into push input");
	expect_error("Idle -> c :: Counter(3) -> Discard;",
		     "too many arguments", 1, "argument to Counter");
	expect_error("Idle -> q :: Queue(CAPACITY x) -> Idle;",
		     "CAPACITY", 1, "bad keyword value names the keyword");
	expect_error("Idle -> t :: Tee(3); t[0] -> Discard; t[1] -> Discard;",
		     "N is 3", 1, "Tee N mismatch");
	expect_error("Idle -> d :: Discard; Idle -> [1] d;",
		     "inputs", 1, "too many inputs");
}

static void test_hostile(void)
{
	struct kc_graph *g;
	char *text;
	size_t len, i, n = 5000;
	long long drops;

	/* A Tee feeding itself: bounded copies and steps, drops counted. */
	g = th_build("c :: Counter; t :: Tee(2); c -> t; t[0] -> c;"
		     "t[1] -> d :: Counter -> Discard;", msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a Tee feeding itself is accepted (as Click does)");
	if (g) {
		for (i = 0; i < 10; i++)
			th_push(g, "c", 0, th_pkt(60, 0x88b5));
		drops = (long long)kc_graph_drops(g);
		tap_ok(drops > 0, "the loop is cut and counted (%lld drops)", drops);
		tap_ok(th_num(g, "d", "count") > 0 &&
		       th_num(g, "d", "count") <= 10 * (KC_COPIES_MAX + 1),
		       "copies per packet are bounded (%lld out)",
		       th_num(g, "d", "count"));
		th_free(g);
		tap_ok(th_no_leak(), "every copy was freed");
	}

	/*
	 * A push cycle without copies: a packet goes round until its steps
	 * run out (deferred every KC_DEPTH_MAX levels), then is dropped and
	 * counted.  The budget word (element.h) is 0 again after each run.
	 */
	g = th_build("Idle -> c :: Counter -> c;", msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a Counter pushing into itself builds (%s)",
	       g ? "ok" : msg);
	if (g) {
		for (i = 0; i < 10; i++)
			th_push(g, "c", 0, th_pkt(60, 0x88b5));
		drops = (long long)kc_graph_drops(g);
		tap_ok(drops == 10 &&
		       th_num(g, "c", "count") > 10 * KC_STEPS_MAX / 2 &&
		       th_num(g, "c", "count") <= 10 * KC_STEPS_MAX,
		       "each packet is dropped once its %d steps are spent (%lld drops, %lld visits)",
		       KC_STEPS_MAX, drops, th_num(g, "c", "count"));
		tap_ok(kc_run_budget[kc_user_cpu] == 0,
		       "no run is active after the pushes: the budget word is 0");
		th_free(g);
		tap_ok(th_no_leak(), "every dropped packet was freed");
	}

	/* A chain of 5000 Counters: deep pushes are deferred, not recursed. */
	len = n * 48 + 64;
	text = malloc(len);
	strcpy(text, "Idle -> c0 :: Counter");
	for (i = 1; i < n; i++)
		sprintf(text + strlen(text), " -> c%zu :: Counter", i);
	strcat(text, " -> Discard;");
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a chain of %zu elements builds", n);
	if (g) {
		th_push(g, "c0", 0, th_pkt(60, 0x88b5));
		sprintf(text, "c%zu", n - 1);
		tap_ok(th_num(g, text, "count") == 1 && kc_graph_drops(g) == 0,
		       "the packet reaches the end of the chain");
		th_free(g);
	}
	free(text);
	tap_ok(th_no_leak(), "no packet leaked");
}

/*
 * Is output port of element name a direct link (struct kc_link)?  -1: no
 * push output there; -2: the function kc_push() calls does not agree (the
 * next push method itself when direct, kc_run_push otherwise).
 */
static int direct(struct kc_graph *g, const char *name, int port)
{
	struct kc_elem *e = kc_graph_find(g, name);
	const struct kc_link *l;

	if (!e || port >= e->noutputs || e->out_proc[port] != KC_PUSH)
		return -1;
	l = &e->out[port];
	if (l->push != (l->direct ? l->elem->cls->push : kc_run_push))
		return -2;
	return l->direct;
}

/*
 * "i :: Idle -> x0 :: CLS -> ... -> x<n-1> :: CLS -> Discard;" with CLS given
 * (config included); malloc'ed.
 */
static char *chain(const char *cls, int n)
{
	char *text = malloc((size_t)n * (strlen(cls) + 32) + 64);
	int i;

	strcpy(text, "i :: Idle");
	for (i = 0; i < n; i++)
		sprintf(text + strlen(text), " -> x%d :: %s", i, cls);
	strcat(text, " -> d :: Discard;");
	return text;
}

/* Which links install marks direct (graph.c, mark_direct). */
static void test_direct_links(void)
{
	struct kc_graph *g;
	char *text, name[16];
	int n, i, ok;

	g = th_build("i :: Idle -> a :: Counter -> b :: Strip(14) -> c :: Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1 && direct(g, "a", 0) == 1 &&
	       direct(g, "b", 0) == 1,
	       "a chain of PUSH1 elements: every link direct (%s)",
	       g ? "built" : msg);
	th_free(g);

	/* t makes 1 + 2 + 1 calls, a 5: a Tee's outputs add up. */
	g = th_build("i :: Idle -> a :: Counter -> t :: Tee(2);"
		     "t[0] -> b :: Counter -> Discard; t[1] -> c :: Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1 && direct(g, "a", 0) == 1 &&
	       direct(g, "t", 0) == 1 && direct(g, "t", 1) == 1 &&
	       direct(g, "b", 0) == 1 && kc_graph_find(g, "a")->direct_in,
	       "a Tee of two outputs behind a Counter: every link direct");
	th_free(g);

	/*
	 * Tee(n) -> n Discards: 1 + n calls.  At n = KC_DIRECT_DEPTH_MAX - 1
	 * the Tee is direct_in; one output more and the link into it is
	 * counted, the links out of it still direct.
	 */
	for (n = KC_DIRECT_DEPTH_MAX - 1; n <= KC_DIRECT_DEPTH_MAX; n++) {
		text = malloc(64 + 40 * (size_t)n);
		sprintf(text, "i :: Idle -> t :: Tee(%d);", n);
		for (i = 0; i < n; i++)
			sprintf(text + strlen(text), "t[%d] -> Discard;", i);
		g = th_build(text, msg, sizeof(msg), NULL);
		ok = g != NULL;
		for (i = 0; g && i < n; i++)
			if (direct(g, "t", i) != 1)
				ok = 0;
		if (n < KC_DIRECT_DEPTH_MAX)
			ok = ok && direct(g, "i", 0) == 1 &&
			     kc_graph_find(g, "t")->direct_in;
		else
			ok = ok && direct(g, "i", 0) == 0 &&
			     !kc_graph_find(g, "t")->direct_in;
		tap_ok(ok, "Tee(%d) into Discards: %d calls, the link into it %s",
		       n, n + 1, n < KC_DIRECT_DEPTH_MAX ? "direct" : "counted");
		th_free(g);
		free(text);
	}

	/*
	 * Tees of two over Tees of two over Tees of two over Discards: a v
	 * makes 1 + 1 + 1 calls, a u 1 + 3 + 3, t 1 + 7 + 7 = 15 (its depth
	 * is 4): direct.  One Tee s before it, its other output a Discard,
	 * makes 1 + 15 + 1 = 17: the bound counts every call, not the depth.
	 */
#define TEE_TREE							\
	"t[0] -> u0 :: Tee(2); t[1] -> u1 :: Tee(2);"			\
	"u0[0] -> v0 :: Tee(2); u0[1] -> v1 :: Tee(2);"			\
	"u1[0] -> v2 :: Tee(2); u1[1] -> v3 :: Tee(2);"			\
	"v0[0] -> Discard; v0[1] -> Discard; v1[0] -> Discard;"		\
	"v1[1] -> Discard; v2[0] -> Discard; v2[1] -> Discard;"		\
	"v3[0] -> Discard; v3[1] -> Discard;"
	g = th_build("i :: Idle -> t :: Tee(2);" TEE_TREE,
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1 && direct(g, "t", 0) == 1 &&
	       kc_graph_find(g, "t")->direct_in,
	       "a tree of Tees making 15 calls: direct (%s)", g ? "ok" : msg);
	th_free(g);
	g = th_build("i :: Idle -> s :: Tee(2); s[0] -> t :: Tee(2);"
		     "s[1] -> Discard;" TEE_TREE,
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 0 && direct(g, "s", 0) == 1 &&
	       direct(g, "s", 1) == 1 && !kc_graph_find(g, "s")->direct_in,
	       "the same tree with one Tee before it (17 calls): the link into it counted, those after it direct");
	th_free(g);
#undef TEE_TREE

	g = th_build("i :: Idle -> a :: Counter -> s :: CheckLength(100);"
		     "s[0] -> b :: Counter -> a; s[1] -> c :: Counter -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 0 && direct(g, "a", 0) == 0 &&
	       direct(g, "s", 0) == 0 && direct(g, "b", 0) == 0 &&
	       direct(g, "s", 1) == 1 && direct(g, "c", 0) == 1,
	       "a cycle of PUSH1 elements: its links counted, its exit direct");
	th_free(g);

	g = th_build("i :: Idle -> c :: Counter -> c;", msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 0 && direct(g, "c", 0) == 0,
	       "a Counter pushing into itself: counted");
	th_free(g);

	g = th_build("i :: Idle -> a :: Counter -> q :: Queue -> b :: Counter -> u :: Unqueue -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "a", 0) == 0 && direct(g, "i", 0) == 0 &&
	       direct(g, "q", 0) == -1 && direct(g, "u", 0) == 1,
	       "a Queue is no PUSH1 class; a Counter in pull mode is never behind a direct link");
	th_free(g);

	/*
	 * Longest chains: KC_DIRECT_DEPTH_MAX push calls from a direct link,
	 * Discard's included.  In a chain of n Counters the push into x<i>
	 * makes n - i + 1 calls.
	 */
	n = KC_DIRECT_DEPTH_MAX - 1;
	text = chain("Counter", n);
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1 &&
	       kc_graph_find(g, "x0")->direct_in &&
	       !kc_graph_find(g, "i")->direct_in,
	       "a chain of %d push calls is direct from its start; a packet arriving at x0 needs no run, Idle is no PUSH1 class",
	       n + 1);
	th_free(g);
	free(text);

	n = KC_DIRECT_DEPTH_MAX + 4;
	text = chain("Counter", n);
	g = th_build(text, msg, sizeof(msg), NULL);
	ok = g != NULL;
	for (i = 0; g && i < n; i++) {
		sprintf(name, "x%d", i);
		/* x<i>'s output leads into x<i+1>: n - i calls. */
		if (direct(g, name, 0) != (n - i <= KC_DIRECT_DEPTH_MAX)) {
			printf("#   x%d: direct %d\n", i, direct(g, name, 0));
			ok = 0;
		}
	}
	tap_ok(ok && direct(g, "i", 0) == 0 &&
	       !kc_graph_find(g, "x4")->direct_in &&
	       kc_graph_find(g, "x5")->direct_in,
	       "a chain of %d push calls: only the last %d links direct, a packet arriving at x5 needs no run, at x4 one",
	       n + 1, KC_DIRECT_DEPTH_MAX);
	th_free(g);
	free(text);
	tap_ok(th_no_leak(), "no leak");
}

/* Pushes through direct links: exact counts, and the bounds elsewhere. */
static void test_direct_run(void)
{
	struct kc_graph *g;
	struct kc_elem *idle;
	char *text, name[16];
	int i, n = KC_DIRECT_DEPTH_MAX - 1, ok = 1;

	text = chain("Counter", n);
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1, "a direct chain builds (%s)",
	       g ? "ok" : msg);
	if (!g) {
		free(text);
		return;
	}
	/* x0 is direct_in: kc_run_entry starts no run. */
	for (i = 0; i < 100; i++)
		th_push(g, "x0", 0, th_pkt(60, 0x88b5));
	for (i = 0; i < n; i++) {
		sprintf(name, "x%d", i);
		if (th_num(g, name, "count") != 100 ||
		    kc_elem_port_packets(kc_graph_find(g, name), true, 0) != 100)
			ok = 0;
	}
	tap_ok(ok && th_num(g, "d", "count") == 100 && kc_graph_drops(g) == 0,
	       "every Counter of the chain and its output port counted 100 of 100 packets");
	tap_ok(kc_run_budget[kc_user_cpu] == 0,
	       "the budget word is 0 after the runs");
	/* No run active: the direct chain needs none, and starts none. */
	idle = kc_graph_find(g, "i");
	for (i = 0; i < 10; i++)
		kc_push(idle, 0, th_pkt(60, 0x88b5));
	tap_ok(th_num(g, "d", "count") == 110 &&
	       kc_elem_port_packets(idle, true, 0) == 10 &&
	       kc_run_budget[kc_user_cpu] == 0,
	       "pushes outside a run go down the direct chain, budget untouched");
	th_free(g);
	free(text);

	/*
	 * 40 counted levels (a Tee(1) behind more than KC_DIRECT_DEPTH_MAX
	 * calls is counted: deferred every KC_DEPTH_MAX), then a direct
	 * chain as long as allowed: on the
	 * kernel-sized stack, every packet through.
	 */
	text = malloc(4096);
	strcpy(text, "i :: Idle -> t0 :: Tee(1)");
	for (i = 1; i < 40; i++)
		sprintf(text + strlen(text), " -> t%d :: Tee(1)", i);
	for (i = 0; i < KC_DIRECT_DEPTH_MAX - 1; i++)
		sprintf(text + strlen(text), " -> x%d :: Counter", i);
	strcat(text, " -> d :: Discard;");
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "t38", 0) == 0 && direct(g, "t39", 0) == 1,
	       "counted levels, then a direct chain (%s)", g ? "ok" : msg);
	if (g) {
		for (i = 0; i < 10; i++)
			th_push(g, "t0", 0, th_pkt(60, 0x88b5));
		tap_ok(th_num(g, "d", "count") == 10 && kc_graph_drops(g) == 0,
		       "all 10 packets reach the end (%lld)",
		       th_num(g, "d", "count"));
	}
	th_free(g);
	free(text);

	/*
	 * A Tee behind direct links copies without the run's count: outside
	 * any run, and in runs past KC_COPIES_MAX copies, every copy made.
	 */
	g = th_build("i :: Idle -> t :: Tee(3); t[0] -> a :: Counter -> Discard;"
		     "t[1] -> b :: Counter -> Discard;"
		     "t[2] -> c :: Counter -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "i", 0) == 1 && kc_graph_find(g, "t")->direct_in,
	       "Tee(3) into Counters: direct (%s)", g ? "ok" : msg);
	if (g) {
		idle = kc_graph_find(g, "i");
		for (i = 0; i < 10 * KC_COPIES_MAX; i++)
			kc_push(idle, 0, th_pkt(60, 0x88b5));
		for (i = 0; i < 10 * KC_COPIES_MAX; i++)
			th_push(g, "t", 0, th_pkt(60, 0x88b5));
		n = 20 * KC_COPIES_MAX;
		tap_ok(th_num(g, "a", "count") == n &&
		       th_num(g, "b", "count") == n &&
		       th_num(g, "c", "count") == n &&
		       kc_elem_port_packets(kc_graph_find(g, "t"), true, 2) ==
		       (u64)n && kc_graph_drops(g) == 0 &&
		       kc_run_budget[kc_user_cpu] == 0,
		       "%d packets into a direct Tee(3): %lld, %lld, %lld out, no drop, no run",
		       n, th_num(g, "a", "count"), th_num(g, "b", "count"),
		       th_num(g, "c", "count"));
	}
	th_free(g);

	/*
	 * A Tee feeding itself with a direct exit: the loop still spends its
	 * copies and steps and is cut; what leaves it is counted exactly.
	 */
	g = th_build("c :: Counter; t :: Tee(2); c -> t; t[0] -> c;"
		     "t[1] -> d :: Counter -> e :: Counter -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g && direct(g, "c", 0) == 0 && direct(g, "t", 0) == 0 &&
	       direct(g, "t", 1) == 1 && direct(g, "d", 0) == 1,
	       "a Tee loop: counted inside, direct on the way out");
	if (g) {
		for (i = 0; i < 10; i++)
			th_push(g, "c", 0, th_pkt(60, 0x88b5));
		tap_ok(kc_graph_drops(g) > 0 &&
		       th_num(g, "d", "count") > 0 &&
		       th_num(g, "d", "count") <= 10 * (KC_COPIES_MAX + 1) &&
		       th_num(g, "e", "count") == th_num(g, "d", "count") &&
		       kc_elem_port_packets(kc_graph_find(g, "t"), true, 1) ==
		       (u64)th_num(g, "d", "count"),
		       "the loop is cut (%llu drops), its %lld copies out counted on every port",
		       (unsigned long long)kc_graph_drops(g),
		       th_num(g, "d", "count"));
	}
	th_free(g);
	tap_ok(th_no_leak(), "no packet leaked");
}

static void test_pull(void)
{
	struct kc_user_run *r;
	struct kc_cfg *cfg;
	struct kc_err err;
	const char *text = "Idle -> c :: Counter -> q :: Queue(5) -> t :: ToDevice(x);";
	int i, ret;

	ret = kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err);
	ret = ret ? ret : kc_user_run_open(&r, cfg, NULL, 0, &err);
	tap_ok(!ret, "a Queue -> ToDevice pull path builds (%s)", ret ? err.msg : "ok");
	if (ret)
		return;
	for (i = 0; i < 20; i++)
		kc_run_entry(kc_graph_find(kc_user_run_graph(r), "c"), 0,
			     th_pkt(60, 0x88b5));
	/* No task ran yet: the queue holds 5, drops 15. */
	tap_ok(th_num(kc_user_run_graph(r), "q", "length") == 5,
	       "Queue(5) holds 5 before the task runs");
	tap_ok(th_num(kc_user_run_graph(r), "q", "drops") == 15,
	       "and dropped the other 15");
	kc_user_tasks_run();
	tap_ok(th_num(kc_user_run_graph(r), "q", "length") == 0 &&
	       th_num(kc_user_run_graph(r), "t", "count") == 5,
	       "ToDevice's task drained the queue");
	kc_user_run_close(r);
	kc_cfg_free(cfg);
	tap_ok(th_no_leak(), "no packet leaked");
}

/*
 * The largest single allocation since max_alloc was reset, seen through
 * ASan's allocator hooks (declared here: GCC ships no sanitizer headers).
 */
int __sanitizer_install_malloc_and_free_hooks(
	void (*malloc_hook)(const volatile void *, size_t),
	void (*free_hook)(const volatile void *));

static size_t max_alloc;

static void alloc_hook(const volatile void *ptr, size_t size)
{
	(void)ptr;
	if (size > max_alloc)
		max_alloc = size;
}

static void free_hook(const volatile void *ptr)
{
	(void)ptr;
}

/* "Idle -> q :: Queue(CAP) -> c0 -> ... -> c<n-1> -> u :: Unqueue(BURST) -> out :: Counter -> Discard;" */
static char *pull_chain(int n, int cap, int burst)
{
	char *text = malloc((size_t)n * 32 + 256);
	int i;

	sprintf(text, "Idle -> q :: Queue(%d)", cap);
	for (i = 0; i < n; i++)
		sprintf(text + strlen(text), " -> c%d :: Counter", i);
	sprintf(text + strlen(text),
		" -> u :: Unqueue(%d) -> out :: Counter -> Discard;", burst);
	return text;
}

/* Pull cycles and over-long pull paths are refused, naming the elements. */
static void test_pull_limits(void)
{
	struct kc_graph *g;
	char *text;
	int i;

	expect_error("q :: Queue; Idle -> q; p :: PrioSched; q -> [0]p;"
		     "p -> c :: Counter -> [1]p;",
		     "pull cycle through 'p' -> 'c' -> 'p'", -2,
		     "a PrioSched fed back into itself through a Counter");
	g = th_build("Idle -> q :: Queue -> a :: Counter -> u :: Unqueue -> x :: Counter;"
		     "x -> y :: Counter -> x;", msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a push cycle after a pull path builds (%s)",
	       g ? "ok" : msg);
	th_free(g);
	text = pull_chain(2000, 10, 16);
	expect_error(text, "pull path from 'u' through 'c1999', 'c1998'", -2,
		     "a pull chain of 2000 Counters names its elements");
	expect_error(text, "to 'q' is longer than 32 elements (2001 pull links)",
		     -2, "and the limit");
	free(text);
	text = pull_chain(KC_PULL_DEPTH_MAX, 10, 16);
	expect_error(text, "longer than 32 elements (33 pull links)", -2,
		     "one pull link over the limit is refused");
	free(text);

	/* At the bound: 31 Counters and the Queue, 32 pull links. */
	text = pull_chain(KC_PULL_DEPTH_MAX - 1, 1000, 1024);
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a pull chain of %d links builds (%s)",
	       KC_PULL_DEPTH_MAX, g ? "ok" : msg);
	free(text);
	if (g) {
		/*
		 * 1000 packets, Unqueue(1024): one task run would visit 34,000
		 * elements; it stops pulling at KC_PULL_STEPS_MAX and runs
		 * again, and every packet gets through.
		 */
		for (i = 0; i < 1000; i++)
			th_push(g, "q", 0, th_pkt(60, 0x88b5));
		kc_user_tasks_run();
		tap_ok(th_num(g, "out", "count") == 1000 &&
		       th_num(g, "q", "length") == 0 && kc_graph_drops(g) == 0,
		       "a task run is bounded and resumes: %lld of 1000 out, %lld drops",
		       th_num(g, "out", "count"), (long long)kc_graph_drops(g));
		th_free(g);
	}
	tap_ok(th_no_leak(), "no packet leaked");

	/*
	 * PrioScheds whose two inputs pull from the same element, 13 deep:
	 * short paths, but one empty pull would make 2^14 pull calls.
	 */
	text = malloc(4096);
	strcpy(text, "Idle -> s0 :: Queue;");
	for (i = 1; i <= 13; i++)
		sprintf(text + strlen(text),
			"s%d :: PrioSched; s%d -> [0]s%d; s%d -> [1]s%d;",
			i, i - 1, i, i - 1, i);
	strcat(text, "s13 -> u :: Unqueue -> Discard;");
	expect_error(text, "makes more than 4096 pull calls", -2,
		     "pull paths multiplied through shared elements");
	free(text);

	/* One Queue pulled by 3000 tasks: each is woken (wake arrays). */
	text = malloc(3000 * 40 + 64);
	strcpy(text, "Idle -> q :: Queue(100);");
	for (i = 0; i < 3000; i++)
		sprintf(text + strlen(text), "q -> Unqueue -> Discard;");
	g = th_build(text, msg, sizeof(msg), NULL);
	free(text);
	tap_ok(g != NULL, "a Queue pulled by 3000 Unqueues builds (%s)",
	       g ? "ok" : msg);
	if (g) {
		for (i = 0; i < 50; i++)
			th_push(g, "q", 0, th_pkt(60, 0x88b5));
		kc_user_tasks_run();
		tap_ok(th_num(g, "q", "length") == 0, "and they drain it");
		th_free(g);
	}

	/* A Shaper-like chain of pull elements in a Click-style config. */
	g = th_build("Idle -> q1 :: Queue; Idle -> q2 :: Queue;"
		     "q1 -> a :: Counter -> s :: PrioSched; q2 -> [1]s;"
		     "s -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Counter -> Unqueue -> Discard;",
		     msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a scheduler and a chain of 10 pull elements build (%s)",
	       g ? "ok" : msg);
	th_free(g);
}

/* Port numbers and counts are bounded before anything is sized by them. */
static void test_port_limits(void)
{
	struct kc_graph *g;
	char *text;
	size_t len;
	int i;

	len = 4100 * 24 + 64;
	text = malloc(len);
	strcpy(text, "Idle -> t :: Tee(4100);");
	for (i = 0; i < 4100; i++)
		sprintf(text + strlen(text), "t[%d] -> Discard;", i);
	expect_error(text, "output 1024: an element has at most 1024 outputs", 1,
		     "a Tee with 4100 outputs: the port limit");
	strcpy(text, "Idle -> c :: Counter -> t :: Tee(1024);");
	for (i = 0; i < 1024; i++)
		sprintf(text + strlen(text), "t[%d] -> Discard;", i);
	g = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "a Tee with %d outputs builds (%s)", KCLICK_PORTS_MAX,
	       g ? "ok" : msg);
	if (g) {
		th_push(g, "c", 0, th_pkt(60, 0x88b5));
		tap_ok(th_num(g, "c", "count") == 1, "and runs");
	}
	th_free(g);
	free(text);

	__sanitizer_install_malloc_and_free_hooks(alloc_hook, free_hook);
	max_alloc = 0;
	expect_error("Idle -> [60000] d :: Discard;",
		     "input 60000: an element has at most 1024 inputs", 1,
		     "a link to input 60000");
	tap_ok(max_alloc < 16384, "without a big allocation (largest %zu bytes)",
	       max_alloc);
	max_alloc = 0;
	expect_error("Idle -> t :: Tee(2); t[0] -> Discard; t[1000] -> Discard;",
		     "output 1000 is connected, but only 2 connections leave the outputs",
		     1, "a link to output 1000 of 2 connected");
	tap_ok(max_alloc < 16384, "without a big allocation (largest %zu bytes)",
	       max_alloc);
	__sanitizer_install_malloc_and_free_hooks(NULL, NULL);
}

static void test_take_state(void)
{
	struct kc_graph *g1, *g2;
	int i;

	g1 = th_build("Idle -> c :: Counter -> Discard;", msg, sizeof(msg), NULL);
	g2 = th_build("Idle -> c :: Counter -> Paint(1) -> Discard;", msg,
		      sizeof(msg), NULL);
	tap_ok(g1 && g2, "two versions of a graph build");
	if (!g1 || !g2)
		return;
	for (i = 0; i < 7; i++)
		th_push(g1, "c", 0, th_pkt(100, 0x88b5));
	kc_graph_take_state(g2, g1);
	th_push(g2, "c", 0, th_pkt(100, 0x88b5));
	tap_ok(th_num(g2, "c", "count") == 8 &&
	       th_num(g2, "c", "byte_count") == 800,
	       "a replacing Counter carries count and bytes (%lld)",
	       th_num(g2, "c", "count"));
	th_free(g1);
	th_free(g2);
}

/* Every allocation of a build fails in turn: clean error or success. */
static void test_alloc_failures(void)
{
	const char *text = "Idle -> c :: Counter -> t :: Tee(2); t[0] -> q :: Queue(8) -> Idle;"
			   "t[1] -> Print(x) -> Strip(14) -> Discard;";
	int n, failed = 0, built = 0, bad_msgs = 0;
	struct kc_graph *g;

	for (n = 1; n < 400; n++) {
		kc_user_alloc_fail_at = n;
		msg[0] = '\0';
		g = th_build(text, msg, sizeof(msg), NULL);
		if (g) {
			built++;
			th_free(g);
		} else {
			failed++;
			if (!msg[0])
				bad_msgs++;
		}
		kc_user_alloc_fail_at = 0;
	}
	tap_ok(failed > 10 && built > 0,
	       "each allocation of a build failing is survived (%d failed, %d built)",
	       failed, built);
	(void)bad_msgs;
}

static void write_pcap(const char *path, int n)
{
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d = pcap_dump_open(dead, path);
	struct pcap_pkthdr h;
	u8 frame[100];
	int i;

	for (i = 0; i < n; i++) {
		memset(frame, i, sizeof(frame));
		memcpy(frame + 12, "\x08\x00", 2);
		h.ts.tv_sec = 1000 + i;
		h.ts.tv_usec = 0;
		h.caplen = h.len = 60 + i % 40;
		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

static void test_offline_run(void)
{
	char in[] = "/tmp/kc_test_inXXXXXX", out[64], conf[512];
	struct kc_user_bind b[2] = { { 0 } };
	struct kc_user_run *r;
	struct kc_cfg *cfg;
	struct kc_err err;
	u64 pin, pout;
	int fd = mkstemp(in), ret;

	close(fd);
	snprintf(out, sizeof(out), "%s.out", in);
	write_pcap(in, 50);
	snprintf(conf, sizeof(conf),
		 "FromDump(%s) -> c :: Counter -> Queue -> ToDevice(eth1);", in);
	b[0].name = "eth1";
	b[0].in = NULL;
	b[0].out = out;
	ret = kc_cfg_parse(conf, strlen(conf), "t.click", &cfg, &err);
	ret = ret ? ret : kc_user_run_open(&r, cfg, b, 1, &err);
	tap_ok(!ret, "FromDump -> Queue -> ToDevice(bound to a pcap) opens");
	if (!ret) {
		kc_user_run_loop(r, &err);
		kc_user_run_totals(r, &pin, &pout);
		tap_ok(pin == 50 && pout == 50, "50 in, 50 out (%llu, %llu)",
		       (unsigned long long)pin, (unsigned long long)pout);
		kc_user_run_close(r);
		kc_cfg_free(cfg);
	}
	{
		char ebuf[PCAP_ERRBUF_SIZE];
		pcap_t *p = pcap_open_offline(out, ebuf);
		struct pcap_pkthdr *h;
		const u_char *d;
		int n = 0, lens_ok = 1;

		while (p && pcap_next_ex(p, &h, &d) == 1) {
			lens_ok &= h->caplen == (u32)(60 + n % 40) &&
				   h->ts.tv_sec == 1000 + n;
			n++;
		}
		if (p)
			pcap_close(p);
		tap_ok(n == 50 && lens_ok,
		       "the output pcap has the 50 frames, lengths and times kept");
	}
	unlink(in);
	unlink(out);
	tap_ok(th_no_leak(), "no packet leaked");
}

int main(void)
{
	test_validation();
	test_direct_links();
	test_hostile();
	test_direct_run();
	test_pull();
	test_pull_limits();
	test_port_limits();
	test_take_state();
	test_alloc_failures();
	test_offline_run();
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired (%lu)", kc_user_warnings);
	return tap_done();
}
