// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites TCP/UDP packets' addresses and ports
 * =d
 * Network address and port translation (NAPT), as Click's IPRewriter.
 * A mapping table, indexed by flow ID (protocol, source address and port,
 * destination address and port), says how packets are rewritten and where
 * they go.  A packet whose flow ID is in the table is rewritten (addresses,
 * ports, IP and TCP/UDP checksums, incrementally) and leaves on the
 * mapping's output.  Otherwise the INPUTSPEC of the input it arrived on
 * decides; there is one INPUTSPEC per input:
 * =over 8
 * =item drop, discard
 * Drop the packet.
 * =item pass OUTPUT, nochange OUTPUT
 * Send it unchanged to OUTPUT; no mapping is made.
 * =item keep FOUTPUT ROUTPUT
 * Map the flow to itself: its packets leave unchanged on FOUTPUT, the
 * replies on ROUTPUT.
 * =item pattern SADDR SPORT DADDR DPORT FOUTPUT ROUTPUT
 * Rewrite by the pattern; a field '-' stays as it is.  SPORT may be a
 * range L-H: each flow gets a port of the range that no flow to the same
 * destination (address, port and protocol) holds, as in Click, so a
 * public port serves flows to different destinations at once (the
 * packet's own source port if it is free; append '#' to allocate in
 * order, '?' at random).  When the search finds no free port (all of
 * them used towards that destination; on ranges wider than 1,040 ports
 * the search is bounded, see docs/limits.md) the packet is dropped and
 * counted.  Packets of the flow leave on FOUTPUT,
 * the replies (to the rewritten address and port) are rewritten back and
 * leave on ROUTPUT.
 * =item pattern NAME FOUTPUT ROUTPUT
 * The same with a pattern named in an IPRewriterPatterns element.
 * =item ELEMENTNAME
 * Ask a mapper element (RoundRobinIPMapper, SourceIPHashMapper) for the
 * pattern of each new flow.
 * =back
 * Only TCP and UDP are mapped.  Other packets, and fragments after the
 * first, are dropped unless their input is a 'pass' input.
 *
 * The table holds MAPPING_CAPACITY flows; when it is full, new flows are
 * dropped and counted, never an existing one evicted.  Flows idle longer
 * than their timeout are removed by a sweep off the packet path (within
 * about a second of expiring, and a few more on tables of millions).  A
 * TCP FIN or RST moves a flow to TCP_DONE_TIMEOUT.  A flow costs the
 * bytes the flow_bytes handler reports (104 on x86_64 and its share of the
 * bucket array).  On `kclick install --replace` the new graph's rewriter of
 * the same name takes every mapping (established connections survive),
 * with the source ports its patterns hand out.
 * =over 8
 * =item TCP_TIMEOUT
 * How long an idle TCP mapping lives (seconds, or a time with a unit:
 * `2h`, `90s`; 1 s to 7 days).  Default 86400 s.
 * =item TCP_DONE_TIMEOUT
 * The same after a FIN or RST.  Default 240.
 * =item TCP_NODATA_TIMEOUT
 * How long an idle TCP mapping lives until payload has gone both ways
 * (a handshake only, or data one way).  Default 300 s, as in Click.
 * =item UDP_TIMEOUT
 * How long an idle UDP mapping lives (a time, as TCP_TIMEOUT).
 * Default 300 s.
 * =item TCP_GUARANTEE, UDP_GUARANTEE, GUARANTEE, REAP_INTERVAL
 * Click's, taken (a time, 0 s to 7 days) and needing no setting: kclick
 * never evicts a live flow for a new one (a full table refuses it), so
 * every flow is kept to its timeout whatever the guarantee; expired flows
 * are swept within about a second, sooner than any REAP_INTERVAL
 * (REAP_TIME, Click's old name, too).
 * =item MAPPING_CAPACITY
 * Most flows at once (Click's CAPACITY is the same).  Default 65536, at
 * most 4194304.
 * =item DST_ANNO
 * Boolean: set the destination address annotation to the rewritten
 * destination.  Default true.
 * =back
 * =h table read-only
 * The mappings: "proto (SA, SP, DA, DP) => (SA', SP', DA', DP')
 * [FOUT/ROUT] idle Ns", then "fin" or "rst" once seen.  Also `mappings`.
 * =h size read-only
 * Mappings in the table.  Also `nmappings`.
 * =h capacity read/write
 * MAPPING_CAPACITY; a write changes it up to the configured value (the
 * hash table is not resized).
 * =h clear write-only
 * Removes every mapping.
 * =h mapping_failures read-only
 * New flows refused (no free port, table full, reply flow taken).
 * =h patterns read-only
 * The patterns, with the flows each holds and the size of its range.
 * =h flow_bytes read-only
 * Memory per mapping, in bytes.
 * =h drops read-only
 * Packets dropped (drop inputs, refused flows, bad packets).
 * =h stats read-only
 * Packet and flow counters.
 * =e
 *   rw :: IPRewriter(pattern 192.0.2.1 50000-65535 - - 0 1, drop);
 *   // inside -> [0]rw; outside -> [1]rw; rw[0] -> to outside;
 *   // rw[1] -> to inside
 * =a TCPRewriter, UDPRewriter, IPRewriterPatterns, IPAddrRewriter,
 * ICMPPingRewriter, RoundRobinIPMapper
 */
#include "lib/kc_rewriter.h"

static const struct kc_rw_config iprewriter_cfg = {
	.keywords = KC_RW_K_TCP | KC_RW_K_UDP | KC_RW_K_DST_ANNO,
	.timeout_def = {
		[KC_FLOW_T_TCP] = KC_RW_TCP_TIMEOUT_DEF,
		[KC_FLOW_T_TCP_DONE] = KC_RW_TCP_DONE_TIMEOUT_DEF,
		[KC_FLOW_T_TCP_NODATA] = KC_RW_TCP_NODATA_TIMEOUT_DEF,
		[KC_FLOW_T_UDP] = KC_RW_UDP_TIMEOUT_DEF,
		[KC_FLOW_T_OTHER] = KC_RW_UDP_TIMEOUT_DEF,
	},
};

static int iprewriter_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_rw_configure(e, args, &iprewriter_cfg);
}

/* Packet path: softirq, rcu_read_lock held. */
static void iprewriter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_rw_push_l4(e, port, p,
		      1U << KC_IPPROTO_TCP | 1U << KC_IPPROTO_UDP);
}

const struct kc_class kc_iprewriter_class = {
	.name = "IPRewriter",
	.ports = "1-/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_rw),
	.pcpu_size = KC_RW_NCOUNTERS * sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = iprewriter_configure,
	.initialize = kc_rw_initialize,
	.push = iprewriter_push,
	.run_task = kc_rw_run_task,
	.take_state = kc_rw_take_state,
	.cleanup = kc_rw_cleanup,
	.handlers = kc_rw_handlers,
	.nhandlers = KC_RW_NHANDLERS,
	.cast = kc_rw_cast,
};
