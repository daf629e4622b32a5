// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * AlignmentInfo(ELEMENT [MODULUS OFFSET ...], ...)
 * =s information
 * specifies alignment information
 * =d
 * In Click, tells ELEMENT that packets on its Nth input start OFFSET
 * bytes past a MODULUS-byte boundary (one pair per input); click-align(1)
 * writes it next to the Align elements it inserts.
 *
 * kclick accepts it, checks its syntax (each MODULUS a power of two, each
 * OFFSET below it) and otherwise ignores it: no kclick element depends on
 * packet alignment (see Align).  ELEMENT need not exist, as in Click.
 * It has no ports.
 * =e
 *   AlignmentInfo(c 4 2, ipf 4 0);
 * =a Align
 */
#include <kclick/element.h>

#define ALIGNINFO_PAIRS_MAX	64	/* pairs per element: inputs */

/* The next whitespace-separated word of *s: its start, *n its length. */
static const char *next_word(const char **s, size_t *n)
{
	const char *w = *s + strspn(*s, " \t\n");

	*n = strcspn(w, " \t\n");
	*s = w + *n;
	return *n ? w : NULL;
}

static int alignmentinfo_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_quote q;
	char num[24];
	int i, k;

	for (i = 0; i < args->n; i++) {
		const char *s = args->v[i].key ? args->v[i].key : args->v[i].val;
		const char *rest = args->v[i].key ? args->v[i].val : NULL;
		const char *w;
		u32 v[2] = { 0, 0 };
		size_t n;

		if (!next_word(&s, &n))
			continue;	/* an empty argument, as Click allows */
		if (!rest)
			rest = s;
		for (k = 0; (w = next_word(&rest, &n)); k++) {
			if (n >= sizeof(num) || k >= 2 * ALIGNINFO_PAIRS_MAX)
				return kc_errf(args->err, EINVAL,
					       "argument %d: expected ELEMENT [MODULUS OFFSET]..., got '%s'",
					       i + 1, kc_quote(&q, w, n));
			memcpy(num, w, n);
			num[n] = 0;
			if (kc_arg_value("MODULUS", num, KC_ARG_U32, &v[k & 1],
					 0, args->err))
				return -EINVAL;
			if (!(k & 1) && (!v[0] || (v[0] & (v[0] - 1))))
				return kc_errf(args->err, EINVAL,
					       "argument %d: MODULUS %u is not a power of two",
					       i + 1, v[0]);
			if ((k & 1) && v[1] >= v[0])
				return kc_errf(args->err, EINVAL,
					       "argument %d: OFFSET %u is not less than MODULUS %u",
					       i + 1, v[1], v[0]);
		}
		if (k & 1)
			return kc_errf(args->err, EINVAL,
				       "argument %d: MODULUS %u has no OFFSET",
				       i + 1, v[0]);
	}
	return 0;
}

const struct kc_class kc_alignmentinfo_class = {
	.name = "AlignmentInfo",
	.ports = "0/0",
	.processing = "a/a",
	.configure = alignmentinfo_configure,
};
