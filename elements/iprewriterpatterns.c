// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPRewriterPatterns(NAME SADDR SPORT DADDR DPORT, ...)
 * =s nat
 * names rewriting patterns for IPRewriter and its family
 * =d
 * Each argument names a pattern that rewriters' input specs use as
 * "pattern NAME FOUTPUT ROUTPUT".  The pattern syntax is IPRewriter's:
 * '-' leaves a field unchanged, SPORT may be a range L-H (with '#' for
 * sequential, '?' for random allocation).  Rewriters that name the same
 * pattern share its port range: no two of their flows get the same
 * source port.  The element has no ports.
 * =h patterns read-only
 * The patterns, with the flows each holds and the size of its range.
 * =e
 *   IPRewriterPatterns(to_world 192.0.2.1 50000-65535 - -);
 *   rw :: IPRewriter(pattern to_world 0 1, drop);
 * =a IPRewriter, TCPRewriter, UDPRewriter
 */
#include "lib/kc_rewriter.h"

#define RWPAT_MAX	256

struct rwpatterns {
	struct kc_rw_patterns set;
};

static int rwpatterns_configure(struct kc_elem *e, struct kc_args *args)
{
	struct rwpatterns *rp = kc_priv(e);
	struct kc_quote q;
	char what[KCLICK_NAME_MAX + 16];
	int i, j, ret;

	if (args->n < 1 || args->n > RWPAT_MAX)
		return kc_errf(args->err, EINVAL, "1 to %d patterns",
			       RWPAT_MAX);
	rp->set.v = kc_zalloc(args->n * sizeof(*rp->set.v));
	if (!rp->set.v)
		return -ENOMEM;
	for (i = 0; i < args->n; i++) {
		struct kc_rw_pattern *pat = &rp->set.v[i];
		/*
		 * Every argument is a pattern: an upper-case name ("NAT
		 * eth0-ex ...", conf/thomer-nat.click) was split off as a
		 * keyword, its words are the value.
		 */
		const char *key = args->v[i].key;
		const char *s = key ? key : args->v[i].val;
		size_t n = key ? strlen(key) : strcspn(s, " \t");

		if (!n || n >= sizeof(pat->name))
			return kc_errf(args->err, EINVAL,
				       "pattern %d: bad name '%s'", i,
				       kc_quote(&q, s, n));
		memcpy(pat->name, s, n);
		pat->name[n] = 0;
		rp->set.n = i + 1;
		for (j = 0; j < i; j++)
			if (!strcmp(rp->set.v[j].name, pat->name))
				return kc_errf(args->err, EINVAL,
					       "pattern '%s' defined twice",
					       pat->name);
		snprintf(what, sizeof(what), "pattern %s", pat->name);
		ret = kc_rw_pattern_parse(pat, key ? args->v[i].val : s + n,
					  what, args->err);
		if (ret)
			return ret;
	}
	return 0;
}

static const void *rwpatterns_cast(struct kc_elem *e, const char *iface)
{
	struct rwpatterns *rp = kc_priv(e);

	return strcmp(iface, KC_RW_IFACE_PATTERNS) ? NULL : &rp->set;
}

static void rwpatterns_cleanup(struct kc_elem *e)
{
	struct rwpatterns *rp = kc_priv(e);
	u32 i;

	for (i = 0; i < rp->set.n; i++)
		kc_rw_pattern_free(&rp->set.v[i]);
	kc_free(rp->set.v);
}

static int rwpatterns_read_patterns(struct kc_elem *e, struct kc_buf *b)
{
	struct rwpatterns *rp = kc_priv(e);
	u32 i;

	for (i = 0; i < rp->set.n; i++)
		kc_rw_pattern_print(b, &rp->set.v[i]);
	return 0;
}

static const struct kc_handler rwpatterns_handlers[] = {
	{ .name = "patterns", .read = rwpatterns_read_patterns },
};

const struct kc_class kc_iprewriterpatterns_class = {
	.name = "IPRewriterPatterns",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct rwpatterns),
	.configure = rwpatterns_configure,
	.cleanup = rwpatterns_cleanup,
	.handlers = rwpatterns_handlers,
	.nhandlers = ARRAY_SIZE(rwpatterns_handlers),
	.cast = rwpatterns_cast,
};
