// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPAddrPairRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites IP packets' addresses by address pair
 * =d
 * Rewrites source and destination addresses per (source, destination)
 * pair, for any IP protocol, with the IP checksum and the TCP or UDP
 * checksum updated incrementally: between Basic NAT (IPAddrRewriter) and
 * NAPT (IPRewriter).
 *
 * A packet (SA, DA) with a mapping to (SA', DA') is rewritten and leaves
 * on FOUTPUT; the reply pair (DA', SA') is rewritten back to (DA, SA) and
 * leaves on ROUTPUT.  A packet without a mapping is handled by the
 * INPUTSPEC of its input port: 'drop', 'pass OUT', 'keep FOUT ROUT', a
 * mapper, 'pattern SADDR DADDR FOUTPUT ROUTPUT' (either address '-' to
 * keep it), or 'pattern NAME FOUT ROUT'.  Click's source address ranges
 * are not supported.
 *
 * Keywords: TIMEOUT (seconds or a time like `2h` after the last packet, default 7200),
 * MAPPING_CAPACITY (or CAPACITY).  The destination address annotation is
 * set to the rewritten destination.
 * =h table read-only
 * The mappings, "ip (SA, 0, DA, 0) => (SA', 0, DA', 0) [FOUT/ROUT] idle
 * Ns".
 * =h size read-only
 * Number of mappings.
 * =h capacity read/write
 * The most mappings.
 * =h clear write-only
 * Removes every mapping.
 * =h stats read-only
 * Packets mapped, that made a mapping, passed, dropped, bad; mappings
 * made, refused, expired.
 * =e
 *   rw :: IPAddrPairRewriter(pattern 1.0.0.1 - 0 1, drop);
 * =a IPAddrRewriter, IPRewriter, ICMPRewriter
 */
#include "lib/kc_rewriter.h"
#include "shared.h"

static int ipaddrpairrw_configure(struct kc_elem *e, struct kc_args *args)
{
	const struct kc_rw_config cfg = {
		.keywords = KC_RW_K_TIMEOUT,
		.timeout_tclass = KC_FLOW_T_OTHER,
		.timeout_def = { [KC_FLOW_T_OTHER] = 7200 },
	};

	return kc_rw_configure(e, args, &cfg);
}

const struct kc_class kc_ipaddrpairrewriter_class = {
	.name = "IPAddrPairRewriter",
	.ports = "1-/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_rw),
	.pcpu_size = KC_RW_NCOUNTERS * sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = ipaddrpairrw_configure,
	.initialize = kc_ipaddrrw_initialize,
	.push = kc_ipaddrrw_push,
	.run_task = kc_rw_run_task,
	.take_state = kc_rw_take_state,
	.cleanup = kc_rw_cleanup,
	.handlers = kc_rw_handlers,
	.nhandlers = KC_RW_NHANDLERS,
	.cast = kc_rw_cast,
};
