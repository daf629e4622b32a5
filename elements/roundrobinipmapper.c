// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RoundRobinIPMapper(PATTERN1, ..., PATTERNn)
 * =s nat
 * round-robin mapper for IPRewriter(n)
 * =d
 * Works with IPRewriter and its family: an input spec that names this
 * element asks it for the pattern of every new flow, and it hands the
 * PATTERNs out in turn; when one has no source port left towards the
 * flow's destination, the rewriter asks again and takes the next (4
 * patterns at most).  This spreads new flows over several backends (a
 * load balancer).  Each
 * PATTERN is written as in IPRewriter's input specs, "SADDR SPORT DADDR
 * DPORT FOUTPUT ROUTPUT" ('-' for unchanged): packets of the flow go to
 * the rewriter's FOUTPUT, replies to ROUTPUT.  The mapper has no ports.
 *
 * Beyond Click, the backends can change while packets flow: write the
 * `patterns` handler with a new list, or `add` or `remove` one.  Existing
 * flows keep the backend they were given (they live in the rewriter's
 * table); new flows use the new list, so a removed backend gets no new
 * flows while its open connections finish.  Each CPU takes its own turn,
 * so the spread is round robin per CPU.
 * =h patterns read/write
 * The live backends, one per line.  Writing replaces them with a list
 * separated by commas or newlines; backends already live keep their
 * flows and ports.
 * =h add write-only
 * Adds one backend, "PATTERN FOUTPUT ROUTPUT".
 * =h remove write-only
 * Removes the backend written the same way.
 * =h backends read-only
 * Every backend, live or retired (removed but still holding flows), with
 * its flows and the flows refused because its ports ran out.
 * =e
 *   lb :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1,
 *                            - - 10.0.0.2 - 0 1,
 *                            - - 10.0.0.3 - 0 1);
 *   rw :: IPRewriter(lb, drop);
 *
 *   // later: kclick write GRAPH lb.remove "- - 10.0.0.2 - 0 1"
 * =a IPRewriter, TCPRewriter, SourceIPHashMapper, IPRewriterPatterns
 */
#include "lib/kc_rwmap.h"

static int rripmapper_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_rwmap_configure(e, args, 0);
}

const struct kc_class kc_roundrobinipmapper_class = {
	.name = "RoundRobinIPMapper",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct kc_rwmap),
	.pcpu_size = sizeof(u32),
	.configure = rripmapper_configure,
	.cleanup = kc_rwmap_cleanup,
	.handlers = kc_rwmap_handlers,
	.nhandlers = KC_RWMAP_NHANDLERS,
	.cast = kc_rwmap_cast,
};
