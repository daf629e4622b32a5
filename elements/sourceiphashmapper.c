// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SourceIPHashMapper(NNODES SEED, PATTERN1 ID1, ..., PATTERNn IDn)
 * =s nat
 * source-address hash mapper for IPRewriter(n)
 * =d
 * Works with IPRewriter and its family like RoundRobinIPMapper, but
 * chooses the pattern for a new flow by its source address, with
 * consistent hashing: a client keeps going to the same backend, and
 * when backends are added or removed only the clients of the changed
 * backend move.  Each PATTERN is "SADDR SPORT DADDR DPORT FOUTPUT
 * ROUTPUT" as in IPRewriter's input specs, followed by the backend's
 * server ID (a number, unique).  Each server has NNODES points (1 to
 * 1024) on a hash ring placed by SEED and its ID; a client goes to the
 * server owning the first point at or after the hash of SEED and its
 * address.  Click places the points with its random-number generator; we
 * hash, so one SEED assigns clients differently than in Click.
 *
 * As for RoundRobinIPMapper, the `patterns` handler (or `add`, `remove`)
 * changes the backends while packets flow; existing flows keep their
 * backend, new flows use the new ring, a removed backend gets no new
 * flows.
 * =h patterns read/write
 * The live backends, one per line ("PATTERN FOUTPUT ROUTPUT ID").
 * Writing replaces them (a list separated by commas or newlines).
 * =h add write-only
 * Adds one backend.
 * =h remove write-only
 * Removes the backend with that pattern, or with that server ID.
 * =h backends read-only
 * Every backend, live or retired, with its flows and refused flows.
 * =e
 *   sh :: SourceIPHashMapper(64 0xbadbeef,
 *                            - - 10.0.0.1 - 0 1 1,
 *                            - - 10.0.0.2 - 0 1 2);
 *   rw :: IPRewriter(sh, drop);
 * =a IPRewriter, RoundRobinIPMapper
 */
#include "lib/kc_rwmap.h"

static int siphmapper_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_rwmap *m = kc_priv(e);
	const char *first;
	char nodes[16], seed[16];
	struct kc_quote q;
	int n;

	m->hash = true;
	if (args->n < 1 || args->v[0].key)
		return kc_errf(args->err, EINVAL,
			       "missing 'NNODES SEED' (first argument)");
	if (args->n < 2)
		return kc_errf(args->err, EINVAL, "no patterns given");
	first = args->v[0].val;
	args->v[0].used = true;
	n = sscanf(first, "%15s %15s", nodes, seed);
	if (n != 2 || strlen(first) > 40 ||
	    kc_arg_value("NNODES", nodes, KC_ARG_U32, &m->nnodes, 0,
			 args->err) ||
	    kc_arg_value("SEED", seed, KC_ARG_U32, &m->seed, 0, args->err)) {
		if (n != 2 || strlen(first) > 40)
			kc_errf(args->err, EINVAL,
				"expected 'NNODES SEED', got '%s'",
				kc_quote_str(&q, first));
		return -EINVAL;
	}
	if (!m->nnodes || m->nnodes > KC_RWMAP_NODES_MAX)
		return kc_errf(args->err, EINVAL, "NNODES: %u is not 1 to %u",
			       m->nnodes, KC_RWMAP_NODES_MAX);
	return kc_rwmap_configure(e, args, 1);
}

const struct kc_class kc_sourceiphashmapper_class = {
	.name = "SourceIPHashMapper",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct kc_rwmap),
	.configure = siphmapper_configure,
	.cleanup = kc_rwmap_cleanup,
	.handlers = kc_rwmap_handlers,
	.nhandlers = KC_RWMAP_NHANDLERS,
	.cast = kc_rwmap_cast,
};
