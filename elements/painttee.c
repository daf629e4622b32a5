// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PaintTee(COLOR [, ANNO])
 * =s paint
 * duplicates packets with given paint annotation
 * =d
 * Sends every packet to output 0; a packet whose paint annotation equals
 * COLOR (0..255) also goes, as a copy, to output 1.  Click's IP router
 * uses it to send ICMP redirects for packets that leave on the interface
 * they came in on.  ANNO, if given, must be PAINT (the one paint
 * annotation kclick keeps).  A copy that cannot be made (memory, or the
 * engine's copy budget per received packet) is not sent and is counted.
 * =h color read/write
 * COLOR; a write takes effect for the next packet.
 * =h copy_failures read-only
 * Copies for output 1 that could not be made.
 * =e
 *   FromDevice(eth1) -> Paint(1) -> ...
 *   rt[1] -> pt :: PaintTee(1) -> ... -> ToDevice(eth1);
 *   pt[1] -> ICMPError(10.0.1.1, redirect, host) -> rt;
 * =a Paint, PaintSwitch, ICMPError
 */
#include <kclick/element.h>

struct painttee {
	u8 color;
};

static int painttee_configure(struct kc_elem *e, struct kc_args *args)
{
	struct painttee *pt = kc_priv(e);
	char anno[16] = "";
	const struct kc_argspec spec[] = {
		{ "COLOR", KC_ARG_U8, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &pt->color },
		{ "ANNO", KC_ARG_WORD, KC_ARGF_POSITIONAL, anno, sizeof(anno) },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (anno[0] && strcmp(anno, "PAINT"))
		return kc_errf(args->err, EINVAL,
			       "ANNO: only the PAINT annotation exists, not '%s'",
			       anno);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void painttee_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct painttee *pt = kc_priv(e);
	struct kc_pkt *q;

	if (kc_pkt_anno(p)->paint == READ_ONCE(pt->color)) {
		q = kc_clone(e, p);
		if (q)
			kc_push(e, 1, q);
		else
			this_cpu_inc(*(u64 __percpu *)e->pcpu);
	}
	kc_push(e, 0, p);
}

static int painttee_read_color(struct kc_elem *e, struct kc_buf *b)
{
	const struct painttee *pt = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(pt->color));
	return 0;
}

static int painttee_write_color(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct painttee *pt = kc_priv(e);
	u8 c;

	if (kc_arg_value("COLOR", val, KC_ARG_U8, &c, sizeof(c), err))
		return -EINVAL;
	WRITE_ONCE(pt->color, c);
	return 0;
}

static int painttee_read_failures(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static const struct kc_handler painttee_handlers[] = {
	{ .name = "color", .read = painttee_read_color,
	  .write = painttee_write_color },
	{ .name = "copy_failures", .read = painttee_read_failures },
};

const struct kc_class kc_painttee_class = {
	.name = "PaintTee",
	.ports = "1/2",
	.processing = "h/h",
	.priv_size = sizeof(struct painttee),
	.pcpu_size = sizeof(u64),
	.configure = painttee_configure,
	.push = painttee_push,
	.flags = KC_CLASS_F_FANOUT,
	.handlers = painttee_handlers,
	.nhandlers = ARRAY_SIZE(painttee_handlers),
};
