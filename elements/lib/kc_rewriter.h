/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rewriter base: what IPRewriter, TCPRewriter, UDPRewriter,
 * IPAddrRewriter, IPAddrPairRewriter, ICMPPingRewriter and ICMPRewriter
 * share, and what IPRewriterPatterns, RoundRobinIPMapper and
 * SourceIPHashMapper offer them.  Click's IPRewriterBase, IPRewriterInput,
 * IPRewriterPattern and IPMapper, in C.
 *
 * A rewriter element keeps a struct kc_rw as (the start of) its private
 * area, so kc_rw_of() finds it from the element:
 *
 *	struct iprewriter { struct kc_rw rw; ... };
 *	.priv_size = sizeof(struct iprewriter), .cast = kc_rw_cast,
 *	.configure = ..., calling kc_rw_configure(e, args, &cfg),
 *	.initialize = kc_rw_initialize, .take_state = kc_rw_take_state,
 *	.cleanup = kc_rw_cleanup, .run_task = kc_rw_run_task,
 *	.flags = KC_CLASS_F_TASK,
 *	.handlers = kc_rw_handlers, .nhandlers = KC_RW_NHANDLERS,
 *
 * and its push:
 *	x = kc_rw_lookup(rw, &id);		(the flow table, lock-free)
 *	if (!x) x = kc_rw_map(rw, port, &id, p, now, &verdict);
 *	if (!x) -> verdict is KC_RW_VERDICT_DROP or an output (pass);
 *	else kc_flow_rewritten(x, &to), rewrite the packet, push to
 *	     x->output.
 *
 * Contexts are those of element.h: configure, initialize, take_state,
 * cleanup and handlers in process context with the graph lock held; the
 * rest on the packet path (softirq, rcu_read_lock held).
 */
#ifndef KCLICK_KC_REWRITER_H
#define KCLICK_KC_REWRITER_H

#include <kclick/element.h>
#include <kclick/proto.h>
#include <uapi/linux/kclick.h>
#include "kc_flow.h"

/*
 * A pattern, "SADDR SPORT[-SPORTH] DADDR DPORT" with '-' for "unchanged".
 * SPORT-SPORTH is a range the source port is chosen from, per
 * destination as in Click: a port is free for a new flow when the flow's
 * reply ID (proto, destination address and port, public address, port)
 * is not in the rewriter's table, so one public port serves flows to
 * different destinations and a range of N ports holds N flows to each
 * destination.  The packet's own source port is preferred when free, as
 * in Click; "L-H#" allocates sequentially, "L-H?" from a random start.
 * The search is bounded (kc_rw_pattern_apply, docs/limits.md).  A single
 * SPORT is used by every flow (replies are told apart by their
 * destination: a clash makes kc_flow_create() refuse the flow).
 */
#define KC_RW_PAT_SADDR		0x01	/* rewrite the source address */
#define KC_RW_PAT_SPORT		0x02	/* rewrite the source port */
#define KC_RW_PAT_DADDR		0x04
#define KC_RW_PAT_DPORT		0x08
#define KC_RW_PAT_RANGE		0x10	/* sport_lo..sport_hi */
#define KC_RW_PAT_SEQUENTIAL	0x20	/* '#': no source-port preference */
#define KC_RW_PAT_RANDOM	0x40	/* '?': random start */

#define KC_RW_PAT_TEXT_MAX	64

struct kc_rw_pattern {
	__be32 saddr, daddr;
	u16 sport_lo, sport_hi;		/* host order; equal unless RANGE */
	__be16 dport;
	u8 flags;			/* KC_RW_PAT_* */
	u32 cursor;			/* next index to try; racy, a hint */
	u32 scan;			/* where the spread scan starts; racy */
	atomic64_t users;		/* flows holding this pattern */
	atomic64_t failures;		/* no free port */
	char name[KCLICK_NAME_MAX];	/* IPRewriterPatterns name, or "" */
	/*
	 * A mapper's pattern (RoundRobinIPMapper, SourceIPHashMapper) carries
	 * its outputs, Click's "PATTERN FOUT ROUT": kc_rw_map() uses them for
	 * a flow a mapper input made (and drops the packet if the rewriter
	 * has no such output).  Unused elsewhere.
	 */
	u16 fout, rout;
};

/*
 * Configure time: parse "SADDR SPORT[-SPORTH][#|?] DADDR DPORT" (the four
 * words at text) into a zeroed pat.  what names the argument in errors.
 * kc_rw_pattern_free() undoes it.
 */
int kc_rw_pattern_parse(struct kc_rw_pattern *pat, const char *text,
			const char *what, struct kc_errbuf *err);
void kc_rw_pattern_free(struct kc_rw_pattern *pat);
/* Handlers: the pattern as it was written, then "[N flows, M ports]". */
void kc_rw_pattern_print(struct kc_buf *b, struct kc_rw_pattern *pat);
/* Same address, ports and flags (take_state matches old to new). */
bool kc_rw_pattern_same(const struct kc_rw_pattern *a,
			const struct kc_rw_pattern *b);

/*
 * The port search of a range (kc_rw_pattern_apply): the packet's own port,
 * then KC_RW_PORT_PROBES ports from the cursor (or a random start), then
 * at most KC_RW_PORT_SCAN ports spread evenly over the range (the whole
 * range when it is no wider).  Each candidate costs one lock-free lookup
 * of its reply ID: at most 1 + 16 + 1,024 a new flow.
 */
#define KC_RW_PORT_PROBES	16
#define KC_RW_PORT_SCAN		1024
/* Patterns a mapper input asks for when backends' ports are used up. */
#define KC_RW_MAPPER_TRIES	4

/*
 * Packet path, RCU read side: the rewritten ID for a new flow id through
 * pat, its source port (with a range) one whose reply ID is not in t, and
 * a user of pat counted.  -ENOSPC when the search found none (counted in
 * pat->failures).  With t NULL, the first candidate port, unchecked (the
 * caller inserts with kc_flow_create_clash() and searches if that
 * clashes).  Two CPUs may pick the same port at once: the table's insert
 * settles it (kc_flow_create() refuses the later one as a clash).
 * The flow made from it releases pat through kc_rw_pattern_release()
 * when it goes; kc_flow_create() does this itself on failure.
 */
int kc_rw_pattern_apply(struct kc_rw_pattern *pat, struct kc_flow_table *t,
			const struct kc_flowid *id, struct kc_flowid *out);
void kc_rw_pattern_release(struct kc_rw_pattern *pat);
/* take_state: a flow from an old graph uses pat. */
void kc_rw_pattern_claim(struct kc_rw_pattern *pat);

/*
 * The mapper interface (Click's IPMapper).  A mapper element's class sets
 * .cast so that kc_elem_cast(e, KC_RW_IFACE_MAPPER) returns its
 * struct kc_rw_mapper_ops; an input spec naming the element then asks it
 * for every new flow.
 */
#define KC_RW_IFACE_MAPPER	"IPMapper"
#define KC_RW_IFACE_PATTERNS	"IPRewriterPatterns"
#define KC_RW_IFACE_REWRITER	"IPRewriterBase"

struct kc_rw_mapper_ops {
	/*
	 * Packet path, RCU read side: the pattern for a new flow id (arrived
	 * as p, which must not be changed), or NULL to drop the packet.  The
	 * pattern must stay valid while flows use it: a mapper that retires
	 * a pattern at run time unpublishes it, waits for a grace period,
	 * and frees it only once atomic64_read(&pat->users) is 0 (or keeps
	 * it until cleanup).
	 */
	struct kc_rw_pattern *(*map)(struct kc_elem *mapper,
				     const struct kc_flowid *id,
				     struct kc_pkt *p);
	/*
	 * take_state (process context, graph lock): the mapper's live or
	 * retired pattern with the same fields and outputs as like (a
	 * pattern of the replaced graph's mapper), or NULL.  May be NULL.
	 */
	struct kc_rw_pattern *(*find)(struct kc_elem *mapper,
				      const struct kc_rw_pattern *like);
};

/*
 * IPRewriterPatterns: kc_elem_cast(e, KC_RW_IFACE_PATTERNS) returns this;
 * its patterns live as long as its graph.
 */
struct kc_rw_patterns {
	u32 n;
	struct kc_rw_pattern *v;
};

/* Configure time: the pattern called name in any IPRewriterPatterns. */
struct kc_rw_pattern *kc_rw_patterns_find(struct kc_elem *e,
					  const char *name);

/* An input spec (Click's IPRewriterInput). */
enum kc_rw_kind {
	KC_RW_DROP,		/* "drop", "discard" */
	KC_RW_PASS,		/* "pass OUT", "nochange OUT" */
	KC_RW_KEEP,		/* "keep FOUT ROUT" */
	KC_RW_PATTERN,		/* "pattern ... FOUT ROUT", "pattern NAME ..." */
	KC_RW_MAPPER,		/* "ELEMENTNAME" */
};

struct kc_rw_input {
	u8 kind;		/* enum kc_rw_kind */
	bool pat_owned;		/* pat is ours (inline pattern) */
	u16 fout, rout;		/* pass: fout */
	struct kc_rw_pattern *pat;
	struct kc_elem *mapper;
	const struct kc_rw_mapper_ops *mops;
	char *ref;		/* pattern or mapper name, until initialize */
	atomic64_t count;	/* flows made */
	atomic64_t failures;	/* flows refused */
};

/* Per-CPU counters of a rewriter. */
enum kc_rw_counter {
	KC_RW_C_MAPPED,		/* packets through an existing mapping */
	KC_RW_C_NEW,		/* packets that made a mapping */
	KC_RW_C_PASSED,		/* packets through a pass input */
	KC_RW_C_DROPPED,	/* drop inputs, mapper said no, refused flows */
	KC_RW_C_BAD,		/* not IP, truncated, wrong protocol, fragment */
	KC_RW_NCOUNTERS
};

/* Which keywords a class takes and which protocols it maps. */
/* TCP_TIMEOUT, TCP_DONE_TIMEOUT, TCP_NODATA_TIMEOUT, TCP_GUARANTEE */
#define KC_RW_K_TCP		0x01
#define KC_RW_K_UDP		0x02	/* UDP_TIMEOUT, UDP_GUARANTEE */
#define KC_RW_K_TIMEOUT		0x04	/* TIMEOUT (the class's one) */
#define KC_RW_K_DST_ANNO	0x08	/* DST_ANNO */

struct kc_rw_config {
	unsigned int keywords;	/* KC_RW_K_* */
	/* The timeout class TIMEOUT sets (with KC_RW_K_TIMEOUT). */
	u8 timeout_tclass;
	/* Default timeouts in seconds, by enum kc_flow_tclass. */
	u32 timeout_def[KC_FLOW_NTCLASS];
};

/* Defaults from Click: TCP 24 h, TCP done 4 min, no data 5 min, UDP 5 min. */
#define KC_RW_TCP_TIMEOUT_DEF		86400
#define KC_RW_TCP_DONE_TIMEOUT_DEF	240
#define KC_RW_TCP_NODATA_TIMEOUT_DEF	300
#define KC_RW_UDP_TIMEOUT_DEF		300
#define KC_RW_TIMEOUT_MAX		(7 * 86400)
#define KC_RW_SWEEP_NS			(1000 * 1000 * 1000ULL)
#define KC_RW_SWEEP_AGAIN_NS		(10 * 1000 * 1000ULL)

#define KC_RW_VERDICT_DROP	(-1)

struct kc_rw {
	struct kc_elem *e;
	struct kc_flow_table tab;
	u32 ninputs;
	struct kc_rw_input *in;
	bool dst_anno;		/* set DST_IP to the rewritten destination */
	u64 __percpu *ctr;	/* [KC_RW_NCOUNTERS] */
};

/* The struct kc_rw of a rewriter element, or NULL (uses .cast). */
struct kc_rw *kc_rw_of(struct kc_elem *e);
/* .cast of rewriter classes: KC_RW_IFACE_REWRITER -> struct kc_rw. */
const void *kc_rw_cast(struct kc_elem *e, const char *iface);

/*
 * Configure: one input spec per input port (positional arguments), then
 * the keywords cfg allows plus MAPPING_CAPACITY (and Click's CAPACITY).
 * The number of input specs must equal e's inputs; outputs named must
 * exist.  Named patterns and mappers are resolved at initialize.
 */
int kc_rw_configure(struct kc_elem *e, struct kc_args *args,
		    const struct kc_rw_config *cfg);
int kc_rw_initialize(struct kc_elem *e, struct kc_errbuf *err);
void kc_rw_take_state(struct kc_elem *e, struct kc_elem *old);
void kc_rw_cleanup(struct kc_elem *e);
/* The task: sweeps expired flows, re-arms itself while flows remain. */
void kc_rw_run_task(struct kc_elem *e);

/*
 * Handlers every rewriter has: table (alias mappings), size (alias
 * nmappings), capacity (rw), clear (w), mapping_failures, patterns,
 * flow_bytes, drops, stats.
 */
#define KC_RW_NHANDLERS	11
extern const struct kc_handler kc_rw_handlers[KC_RW_NHANDLERS];

/*
 * Packet path, RCU read side: the mapping entry for id, or NULL.  A flow
 * idle past its timeout that the sweep has not reached yet counts as gone:
 * it is removed here (counted as expired), so a late packet neither uses
 * nor revives it (a late reply is unsolicited, as after the sweep).
 */
static inline struct kc_flow_entry *kc_rw_lookup(struct kc_rw *rw,
						 const struct kc_flowid *id)
{
	struct kc_flow_entry *x = kc_flow_lookup(&rw->tab, id);

	if (x && unlikely(kc_flow_expired(&rw->tab, kc_flow_of(x),
					  kc_now_coarse_ns()))) {
		kc_flow_remove(&rw->tab, kc_flow_of(x));
		atomic64_inc(&rw->tab.stats.expired);
		return NULL;
	}
	return x;
}

/*
 * Packet path, RCU read side: no mapping for id, arrived on input: apply
 * the input spec.  Returns the new forward entry, or NULL with *verdict
 * the output to send p unchanged to (pass) or KC_RW_VERDICT_DROP.  tclass
 * is the new flow's timeout class.  Counts in rw->in[input].
 */
struct kc_flow_entry *kc_rw_map(struct kc_rw *rw, int input,
				const struct kc_flowid *id, struct kc_pkt *p,
				u8 tclass, u64 now, int *verdict);

/*
 * Packet path: the IPv4 packet at ipoff (header contiguous, 20 bytes at
 * least, and for TCP/UDP its first 8 L4 bytes too -- the caller checked)
 * gets addresses and, for TCP and UDP (not a fragment past the first),
 * ports of to, with the IP checksum and the L4 checksum (pseudo-header
 * included; UDP checksum 0 stays 0) updated incrementally: correct for
 * CHECKSUM_PARTIAL and GSO packets.  Makes the headers writable first.
 * 0, or -ENOMEM (the packet is unchanged; drop it).
 */
int kc_rw_rewrite(struct kc_pkt *p, unsigned int ipoff,
		  const struct kc_flowid *to);

/*
 * Packet path: the flow ID of the IPv4 packet at ipoff, for TCP/UDP with
 * ports, else with ports 0.  -1 if the packet is too short, 1 if it is a
 * non-first fragment (no ports), 0 otherwise.  The IP header and 8 L4
 * bytes are contiguous afterwards (when present).
 */
int kc_rw_flowid(struct kc_pkt *p, unsigned int ipoff, struct kc_flowid *id);

/*
 * The TCP/UDP push shared by IPRewriter, TCPRewriter and UDPRewriter:
 * protos is a mask of (1 << KC_IPPROTO_TCP) and (1 << KC_IPPROTO_UDP);
 * packets of other protocols and later fragments are dropped (Click)
 * unless the input is a pass input.
 */
void kc_rw_push_l4(struct kc_elem *e, int port, struct kc_pkt *p,
		   u32 protos);

#endif /* KCLICK_KC_REWRITER_H */
