// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Unstrip(LENGTH)
 * =s encapsulation
 * unstrips bytes from front of packets
 * =d
 * Puts LENGTH bytes back at the front of each packet: the bytes a Strip
 * took off, which are still in the buffer's headroom.  Where there is not
 * enough headroom the buffer is reallocated, and the new bytes are those
 * that preceded the data (copied with it).  A packet that cannot grow is
 * dropped.
 * =e
 *   ... -> Strip(14) -> CheckIPHeader -> Unstrip(14) -> ToDevice(eth1);
 * =a Strip
 */
#include <kclick/element.h>

struct unstrip {
	u32 len;
};

static int unstrip_configure(struct kc_elem *e, struct kc_args *args)
{
	struct unstrip *u = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &u->len },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (u->len > 1024)
		return kc_errf(args->err, EINVAL,
			       "LENGTH: %u bytes of header is more than 1024",
			       u->len);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *unstrip_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct unstrip *u = kc_priv(e);

	if (!kc_pkt_push(p, u->len)) {
		kc_drop(e, p);
		return NULL;
	}
	return p;
}

static void unstrip_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, unstrip_action);
}

static struct kc_pkt *unstrip_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, unstrip_action);
}

static int unstrip_read_length(struct kc_elem *e, struct kc_buf *b)
{
	const struct unstrip *u = kc_priv(e);

	kc_buf_printf(b, "%u", u->len);
	return 0;
}

static const struct kc_handler unstrip_handlers[] = {
	{ .name = "length", .read = unstrip_read_length },
};

const struct kc_class kc_unstrip_class = {
	.name = "Unstrip",
	.ports = "1/1",
	.processing = "a/a",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct unstrip),
	.configure = unstrip_configure,
	.push = unstrip_push,
	.pull = unstrip_pull,
	.handlers = unstrip_handlers,
	.nhandlers = ARRAY_SIZE(unstrip_handlers),
};
