// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * UDPRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites UDP packets' addresses and ports
 * =d
 * IPRewriter for UDP only: the same INPUTSPECs, table, handlers and
 * replace behaviour; packets that are not UDP (and fragments after the
 * first) are dropped unless their input is a 'pass' input.  A UDP
 * checksum of 0 (none) stays 0.
 * =over 8
 * =item UDP_TIMEOUT
 * How long an idle mapping lives (seconds, or a time with a unit: `5min`;
 * 1 s to 7 days).  Default 300 s.  TIMEOUT is the same.
 * =item UDP_GUARANTEE, GUARANTEE, REAP_INTERVAL
 * Taken as in IPRewriter (no setting needed).
 * =item MAPPING_CAPACITY
 * Most flows at once (also CAPACITY).  Default 65536.
 * =item DST_ANNO
 * Boolean: set the destination address annotation.  Default true.
 * =back
 * =h table read-only
 * The mappings (also `mappings`), as IPRewriter's.
 * =h size read-only
 * Mappings in the table (also `nmappings`).
 * =h capacity read/write
 * MAPPING_CAPACITY.
 * =h clear write-only
 * Removes every mapping.
 * =h mapping_failures read-only
 * New flows refused.
 * =h patterns read-only
 * The patterns, with the flows each holds and the size of its range.
 * =h flow_bytes read-only
 * Memory per mapping, in bytes.
 * =h drops read-only
 * Packets dropped.
 * =h stats read-only
 * Packet and flow counters.
 * =e
 *   udp_rw :: UDPRewriter(pattern 192.0.2.1 50000-65535 - - 0 1, drop);
 * =a IPRewriter, UDPRewriter, IPRewriterPatterns
 */
#include "lib/kc_rewriter.h"

static const struct kc_rw_config udprewriter_cfg = {
	.keywords = KC_RW_K_UDP | KC_RW_K_TIMEOUT | KC_RW_K_DST_ANNO,
	.timeout_tclass = KC_FLOW_T_UDP,
	.timeout_def = {
		[KC_FLOW_T_TCP] = KC_RW_TCP_TIMEOUT_DEF,
		[KC_FLOW_T_TCP_DONE] = KC_RW_TCP_DONE_TIMEOUT_DEF,
		[KC_FLOW_T_TCP_NODATA] = KC_RW_TCP_NODATA_TIMEOUT_DEF,
		[KC_FLOW_T_UDP] = KC_RW_UDP_TIMEOUT_DEF,
		[KC_FLOW_T_OTHER] = KC_RW_UDP_TIMEOUT_DEF,
	},
};

static int udprewriter_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_rw_configure(e, args, &udprewriter_cfg);
}

/* Packet path: softirq, rcu_read_lock held. */
static void udprewriter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_rw_push_l4(e, port, p, 1U << KC_IPPROTO_UDP);
}

const struct kc_class kc_udprewriter_class = {
	.name = "UDPRewriter",
	.ports = "1-/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_rw),
	.pcpu_size = KC_RW_NCOUNTERS * sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = udprewriter_configure,
	.initialize = kc_rw_initialize,
	.push = udprewriter_push,
	.run_task = kc_rw_run_task,
	.take_state = kc_rw_take_state,
	.cleanup = kc_rw_cleanup,
	.handlers = kc_rw_handlers,
	.nhandlers = KC_RW_NHANDLERS,
	.cast = kc_rw_cast,
};
