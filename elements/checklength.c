// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * CheckLength(LENGTH)
 * =s classification
 * drops large packets
 * =d
 * Packets of at most LENGTH bytes leave on output 0; longer ones on
 * output 1 if there is one, and are dropped otherwise.
 * =e
 *   ... -> cl :: CheckLength(1500); cl[1] -> Discard;
 * =a Truncate
 */
#include <kclick/element.h>

struct checklength {
	u32 max;
};

static int checklength_configure(struct kc_elem *e, struct kc_args *args)
{
	struct checklength *c = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &c->max },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static void checklength_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct checklength *c = kc_priv(e);

	if (kc_pkt_len(p) <= c->max)
		kc_push(e, 0, p);
	else if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
}

const struct kc_class kc_checklength_class = {
	.name = "CheckLength",
	.ports = "1/1-2",
	.processing = "h/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct checklength),
	.configure = checklength_configure,
	.push = checklength_push,
};
