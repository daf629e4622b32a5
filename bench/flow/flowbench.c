// SPDX-License-Identifier: GPL-2.0
/*
 * flowbench: the rewriters' flow table (elements/lib/kc_flow.c) alone,
 * through its API, in the userspace harness.  One table of capacity MAX
 * is filled with UDP flows; at 1K, 10K, 100K, ... MAX flows it reports
 * the memory the table holds and what a lookup costs.
 *
 *   flowbench [--max N] [--lookups N]	(1000000 and 1000000)
 *
 * Each stage draws LOOKUPS IDs at random among the flows installed so far
 * (forward and reply IDs alike, every one present) and looks them all up:
 * ns per lookup is the best of 3 passes, wall clock.  Under valgrind
 * --tool=callgrind a fourth pass is bracketed by CALLGRIND_ZERO_STATS and
 * CALLGRIND_DUMP_STATS_AT("lookups N"), so each dump's total over LOOKUPS
 * is the instructions per lookup (scripts/bench-flow does this).
 *
 * Memory is what the allocator handed out (mallinfo2: record sizes rounded
 * up as malloc rounds them, plus its chunk headers), for the empty table
 * (buckets and stripe locks, sized by capacity) and per flow installed.
 * Inserts are timed too (ns per kc_flow_create over the stage's new
 * flows).  One JSON line per stage on stdout.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include <kclick/element.h>
#include "../../elements/lib/kc_flow.h"

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Bytes malloc has handed out: from its arenas and mmapped directly. */
static size_t heap(void)
{
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
}

/* Flow i: 10.0.x.y:port -> 10.9.0.2:9, rewritten to 10.9.x.1:port. */
static void flow_ids(u32 i, struct kc_flowid *id, struct kc_flowid *rw)
{
	__be32 dst = htonl(0x0a090002);

	kc_flowid_set(id, IPPROTO_UDP, htonl(0x0a000000 | (i >> 16)),
		      htons(i & 0xffff), dst, htons(9));
	kc_flowid_set(rw, IPPROTO_UDP, htonl(0x0a090001 | (i >> 16) << 8),
		      htons(i & 0xffff), dst, htons(9));
}

static u64 rnd_state = 88172645463325252ULL;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* The loop measured: every ID must be found. */
static noinline u32 lookups(struct kc_flow_table *t,
					     const struct kc_flowid *ids,
					     u32 n)
{
	u32 i, found = 0;

	rcu_read_lock();
	for (i = 0; i < n; i++)
		found += kc_flow_lookup(t, &ids[i]) != NULL;
	rcu_read_unlock();
	return found;
}

int main(int argc, char **argv)
{
	static struct kc_flow_table t;
	u32 max = 1000000, nlook = 1000000, n = 0, prev, stage = 1000, i, k;
	struct kc_flowid id, rw, *ids;
	size_t h0, h1, h;
	u64 t0, tins, best;
	char tag[32];

	for (i = 1; i + 1 < (u32)argc; i += 2) {
		if (!strcmp(argv[i], "--max"))
			max = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--lookups"))
			nlook = strtoul(argv[i + 1], NULL, 0);
	}
	ids = calloc(nlook, sizeof(*ids));
	if (!ids)
		return 1;
	h0 = heap();
	if (kc_flow_table_init(&t, max)) {
		fprintf(stderr, "flowbench: kc_flow_table_init(%u) failed\n", max);
		return 1;
	}
	t.timeout_ns[KC_FLOW_T_UDP] = 600ULL * 1000000000ULL;
	h1 = heap();
	for (;;) {
		if (stage > max)
			stage = max;
		prev = n;
		t0 = now_ns();
		for (; n < stage; n++) {
			flow_ids(n, &id, &rw);
			if (!kc_flow_create(&t, &id, &rw, 0, 1, KC_FLOW_T_UDP,
					    NULL, 0)) {
				fprintf(stderr, "flowbench: flow %u refused (full %lld, clash %lld, nomem %lld)\n",
					n, (long long)atomic64_read(&t.stats.full),
					(long long)atomic64_read(&t.stats.clash),
					(long long)atomic64_read(&t.stats.nomem));
				return 1;
			}
		}
		tins = now_ns() - t0;
		h = heap();
		for (i = 0; i < nlook; i++) {
			k = rnd() % n;
			flow_ids(k, &id, &rw);
			if (rnd() & 1)
				ids[i] = id;
			else
				kc_flowid_reverse(&ids[i], &rw);
		}
		best = ~0ULL;
		for (k = 0; k < 3; k++) {
			t0 = now_ns();
			if (lookups(&t, ids, nlook) != nlook) {
				fprintf(stderr, "flowbench: a flow was not found at %u flows\n", n);
				return 1;
			}
			t0 = now_ns() - t0;
			if (t0 < best)
				best = t0;
		}
		snprintf(tag, sizeof(tag), "lookups %u", n);
		CALLGRIND_ZERO_STATS;
		lookups(&t, ids, nlook);
		CALLGRIND_DUMP_STATS_AT(tag);
		printf("{\"kind\":\"flowtable\",\"flows\":%u,\"capacity\":%u,\"buckets\":%u,\"record_bytes\":%zu,\"empty_table_bytes\":%zu,\"bytes_per_flow\":%.1f,\"total_bytes\":%zu,\"lookups\":%u,\"ns_per_lookup\":%.1f,\"ns_per_insert\":%.1f}\n",
		       n, max, t.mask + 1, kc_flow_bytes(), h1 - h0,
		       (double)(h - h1) / n, h - h0, nlook,
		       (double)best / nlook, (double)tins / (n - prev));
		fflush(stdout);
		if (stage == max)
			break;
		stage *= 10;
	}
	kc_flow_table_destroy(&t);
	free(ids);
	return 0;
}
