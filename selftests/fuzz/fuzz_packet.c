// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the packet path of the elements that read headers.
 * The first byte picks one of the graphs below (each a chain of elements
 * that look into packets), the rest is an Ethernet frame pushed into it.
 * Graphs are built once; every packet must be freed by the time the push
 * returns and the tasks have run.  Builds and pushes run on a stack the
 * size of the kernel's (kc_user_on_stack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcuser.h"
#include "kclick.h"

/* Each element that reads headers comes first in one graph, so it sees
 * every input as it is, runts included. */
static const char *const graphs[] = {
	"Idle -> in :: EtherMirror -> Strip(14) -> CheckIPHeader -> Unstrip(14)"
	" -> t :: Tee(2); t[0] -> Discard; t[1] -> Paint(1) -> ps :: PaintSwitch;"
	" ps[0] -> Discard; ps[1] -> Discard;",
	"Idle -> in :: CheckIPHeader(14, BADSRC 10.0.0.1) -> Discard;",
	"Idle -> in :: CheckIPHeader(CHECKSUM false) -> q :: Queue(4) -> Idle;",
	"Idle -> in :: Strip(20) -> Unstrip(40) -> Queue(4) -> Idle;",
	"Idle -> in :: IPFilter(allow tcp dst port 22 or 80, 1 icmp type echo,"
	" allow src net 10.0.0.0/8 && udp && !(ip frag), deny all);"
	" in[0] -> Discard; in[1] -> Discard;",
	"Idle -> in :: IPClassifier(tcp opt syn && dst port < 1024, ip ttl > 64,"
	" src host 1.2.3.4 or dst host 1.2.3.4, -); in[0] -> Discard;"
	" in[1] -> Discard; in[2] -> Discard; in[3] -> Discard;",
	/* The router elements, each first in a graph of its own. */
	"Idle -> in :: Classifier(12/0806 20/0001, 12/0806 !20/0001,"
	" 12/0800 23/11 30/0a??0?01%ff0f0fff, 60/00, -); in[0] -> Discard;"
	" in[1] -> Discard; in[2] -> Discard; in[3] -> Discard; in[4] -> Discard;",
	"Idle -> in :: ARPResponder(10.0.0.1 10.1.0.0/16 2:0:0:0:0:1)"
	" -> t :: Tee(2); t[0] -> [1]q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1,"
	" ENTRY_CAPACITY 4) -> Discard; Idle -> q; in[1] -> [1]q; t[1] -> Discard;",
	"Idle -> in :: Strip(14) -> q :: ARPQuerier(10.0.0.1, 2:0:0:0:0:1,"
	" ENTRY_CAPACITY 2) -> Discard; Idle -> [1]q;",
	"Idle -> in :: MarkIPHeader(14) -> g :: IPGWOptions(10.0.0.1) ->"
	" FixIPSrc(10.0.0.2) -> f :: IPFragmenter(68, HONOR_DF false)"
	" -> IPPrint(x, ACTIVE false) -> Discard;"
	" g[1] -> ICMPError(10.0.0.1, parameterproblem) -> Discard;",
	"Idle -> in :: Strip(14) -> r :: ICMPPingResponder -> Discard;"
	" r[1] -> e :: ICMPError(10.0.0.1, unreachable, needfrag)"
	" -> IPPrint(y) -> Discard;",
	"Idle -> in :: Strip(14) -> f :: IPFragmenter(100) -> Discard;"
	" f[1] -> ICMPError(10.0.0.1, unreachable, needfrag) -> Discard;",
	"Idle -> in :: GetIPAddress(30) -> rt :: RadixIPLookup(10.0.0.0/8 0,"
	" 10.1.0.0/16 10.0.0.1 1, 0.0.0.0/0 2) -> Discard; rt[1] ->"
	" EtherSwitch -> Discard; rt[2] -> lt :: LinearIPLookup(1.0.0.0/8 0)"
	" -> HostEtherFilter(2:0:0:0:0:1) -> Discard;",
	"Idle -> in :: EtherEncap(0x0800, 2:0:0:0:0:1, 2:0:0:0:0:2)"
	" -> EtherRewrite(2:0:0:0:0:3, 2:0:0:0:0:4) -> Strip(28)"
	" -> SetIPAddress(10.0.0.9) -> ICMPError(10.0.0.1, timeexceeded)"
	" -> Discard;",
};

#define NGRAPHS (sizeof(graphs) / sizeof(graphs[0]))

static struct kc_graph *g[NGRAPHS];

static void build_all(void *unused)
{
	struct kc_errbuf err;
	struct kc_cfg *cfg;
	struct kc_err e;
	size_t i;
	int bad;

	for (i = 0; i < NGRAPHS; i++) {
		if (kc_cfg_parse(graphs[i], strlen(graphs[i]), "fuzz", &cfg, &e))
			abort();
		g[i] = kc_user_graph_build(cfg, &err, &bad);
		if (!g[i] || kc_graph_initialize(g[i], &err, &bad)) {
			fprintf(stderr, "fuzz_packet: graph %zu: %s\n", i, err.msg);
			abort();
		}
		kc_cfg_free(cfg);
	}
}

struct fuzz_call {
	struct kc_elem *in;
	struct kc_pkt *p;
};

static void push(void *arg)
{
	struct fuzz_call *c = arg;

	kc_run_entry(c->in, 0, c->p);
	kc_user_tasks_run();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fuzz_call c;
	struct kc_pkt *p;
	u64 live;

	if (!g[0])
		kc_user_on_stack(build_all, NULL);
	if (!size)
		return 0;
	p = kc_user_pkt_alloc(data + 1, size - 1, KC_USER_HEADROOM);
	if (!p)
		return 0;
	live = kc_user_pkt_stats.allocs - kc_user_pkt_stats.frees;
	c.in = kc_graph_find(g[data[0] % NGRAPHS], "in");
	c.p = p;
	kc_user_on_stack(push, &c);
	/* Queues may keep a few; nothing else may linger. */
	if (kc_user_pkt_stats.allocs - kc_user_pkt_stats.frees > live + 4)
		abort();
	return 0;
}
