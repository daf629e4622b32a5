// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * HashSwitch(OFFSET, LENGTH)
 * =s classification
 * classifies packets by hash of contents
 * =d
 * Hashes the LENGTH bytes (1 to 16) at OFFSET in each packet and sends it
 * to output hash mod N, so packets agreeing on those bytes (a flow's
 * addresses and ports, say) always take the same output.  Packets too
 * short to have those bytes are dropped.
 * =e
 *   // Spread flows by IPv4 source and destination addresses.
 *   ... -> hs :: HashSwitch(26, 8); hs[0] -> ...; hs[1] -> ...;
 * =a RoundRobinSwitch, RandomSwitch
 */
#include <kclick/element.h>

struct hashswitch {
	u32 offset, len;
};

static int hashswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct hashswitch *h = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "OFFSET", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &h->offset },
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &h->len },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!h->len || h->len > 16)
		return kc_errf(args->err, EINVAL, "LENGTH: must be 1 to 16");
	if (h->offset > 1500)
		return kc_errf(args->err, EINVAL, "OFFSET: %u is too far",
			       h->offset);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void hashswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct hashswitch *h = kc_priv(e);
	const u8 *d;
	u32 x = 2166136261u, i;

	if (!kc_pkt_may_pull(p, h->offset + h->len)) {
		kc_drop(e, p);
		return;
	}
	d = kc_pkt_data(p) + h->offset;
	for (i = 0; i < h->len; i++)
		x = (x ^ d[i]) * 16777619u;
	kc_push(e, x % e->noutputs, p);
}

const struct kc_class kc_hashswitch_class = {
	.name = "HashSwitch",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct hashswitch),
	.configure = hashswitch_configure,
	.push = hashswitch_push,
};
