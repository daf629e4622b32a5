// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Strip(LENGTH)
 * =s encapsulation
 * strips bytes from front of packets
 * =d
 * Deletes the first LENGTH bytes from each packet: Strip(14) takes off an
 * Ethernet header.  The bytes stay in the buffer's headroom, so Unstrip can
 * put them back.  A packet shorter than LENGTH is dropped (Click would pass
 * it on empty).
 * =e
 *   FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...
 * =a Unstrip
 */
#include <kclick/element.h>

struct strip {
	u32 len;
};

static int strip_configure(struct kc_elem *e, struct kc_args *args)
{
	struct strip *s = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &s->len },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (s->len > 65535)
		return kc_errf(args->err, EINVAL,
			       "LENGTH: %u is longer than any packet", s->len);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *strip_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct strip *s = kc_priv(e);

	if (!kc_pkt_pull(p, s->len)) {
		kc_drop(e, p);
		return NULL;
	}
	return p;
}

static void strip_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, strip_action);
}

static struct kc_pkt *strip_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, strip_action);
}

static int strip_read_length(struct kc_elem *e, struct kc_buf *b)
{
	const struct strip *s = kc_priv(e);

	kc_buf_printf(b, "%u", s->len);
	return 0;
}

static const struct kc_handler strip_handlers[] = {
	{ .name = "length", .read = strip_read_length },
};

const struct kc_class kc_strip_class = {
	.name = "Strip",
	.ports = "1/1",
	.processing = "a/a",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct strip),
	.configure = strip_configure,
	.push = strip_push,
	.pull = strip_pull,
	.handlers = strip_handlers,
	.nhandlers = ARRAY_SIZE(strip_handlers),
};
