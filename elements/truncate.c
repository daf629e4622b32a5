// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Truncate(LENGTH)
 * =s basicmod
 * limits packet length
 * =d
 * Cuts every packet longer than LENGTH bytes down to LENGTH; shorter ones
 * pass unchanged.
 * =e
 *   FromDevice(eth0) -> Truncate(96) -> ToDump(heads.pcap);
 * =a CheckLength
 */
#include <kclick/element.h>

struct truncate {
	u32 len;
};

static int truncate_configure(struct kc_elem *e, struct kc_args *args)
{
	struct truncate *t = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &t->len },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *truncate_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct truncate *t = kc_priv(e);

	kc_pkt_trim(p, t->len);
	return p;
}

static void truncate_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, truncate_action);
}

static struct kc_pkt *truncate_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, truncate_action);
}

const struct kc_class kc_truncate_class = {
	.name = "Truncate",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct truncate),
	.configure = truncate_configure,
	.push = truncate_push,
	.pull = truncate_pull,
};
