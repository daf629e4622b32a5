// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * MarkIPHeader([OFFSET])
 * =s ip
 * sets IP header annotation
 * =d
 * Marks each packet's IP header as starting OFFSET bytes into the data
 * (default 0), without checking it; CheckIPHeader checks and marks.
 * Packets too short to hold a minimal IP header there are dropped.
 * =e
 *   FromDevice(eth0) -> MarkIPHeader(14) -> IPFilter(...) -> ...
 * =a CheckIPHeader
 */
#include <kclick/element.h>

struct markipheader {
	u32 offset;
};

static int markipheader_configure(struct kc_elem *e, struct kc_args *args)
{
	struct markipheader *m = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "OFFSET", KC_ARG_U32, KC_ARGF_POSITIONAL, &m->offset },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (m->offset > 1024)
		return kc_errf(args->err, EINVAL, "OFFSET: %u is too far",
			       m->offset);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *markipheader_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct markipheader *m = kc_priv(e);

	if (!kc_pkt_may_pull(p, m->offset + 20)) {
		kc_drop(e, p);
		return NULL;
	}
	kc_pkt_set_nh(p, m->offset);
	return p;
}

static void markipheader_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, markipheader_action);
}

static struct kc_pkt *markipheader_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, markipheader_action);
}

const struct kc_class kc_markipheader_class = {
	.name = "MarkIPHeader",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct markipheader),
	.configure = markipheader_configure,
	.push = markipheader_push,
	.pull = markipheader_pull,
};
