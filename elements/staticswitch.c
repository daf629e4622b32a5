// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * StaticSwitch(K)
 * =s classification
 * sends all packets to a fixed output
 * =d
 * Sends every packet to output K; a negative K drops them all.  K is fixed
 * at configuration (Switch has a writable one).
 * =e
 *   ... -> s :: StaticSwitch(1); s[0] -> Discard; s[1] -> ToDevice(eth1);
 * =a Switch
 */
#include <kclick/element.h>

struct staticswitch {
	int k;
};

static int staticswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct staticswitch *s = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "K", KC_ARG_INT, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &s->k },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (s->k >= e->noutputs)
		return kc_errf(args->err, EINVAL,
			       "K is %d, but only %u outputs are connected",
			       s->k, e->noutputs);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void staticswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct staticswitch *s = kc_priv(e);

	if (s->k < 0)
		kc_drop(e, p);
	else
		kc_push(e, s->k, p);
}

const struct kc_class kc_staticswitch_class = {
	.name = "StaticSwitch",
	.ports = "1/-",
	.processing = "h/h",
	.priv_size = sizeof(struct staticswitch),
	.configure = staticswitch_configure,
	.push = staticswitch_push,
};
