// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Paint(COLOR [, ANNO])
 * =s paint
 * sets packet paint annotations
 * =d
 * Sets each packet's paint annotation to COLOR, an integer 0..255.
 * PaintSwitch, and later elements, can then tell packets apart by where
 * they came from.  ANNO, if given, must be PAINT (the one paint annotation
 * kclick keeps).
 * =h color read/write
 * The colour; a write takes effect for the next packet.
 * =e
 *   FromDevice(eth0) -> Paint(1) -> ps :: PaintSwitch;
 * =a PaintSwitch
 */
#include <kclick/element.h>

struct paint {
	u8 color;
};

static int paint_check_anno(const char *anno, struct kc_errbuf *err)
{
	if (anno[0] && strcmp(anno, "PAINT"))
		return kc_errf(err, EINVAL,
			       "ANNO: only the PAINT annotation exists, not '%s'",
			       anno);
	return 0;
}

static int paint_configure(struct kc_elem *e, struct kc_args *args)
{
	struct paint *pt = kc_priv(e);
	char anno[16] = "";
	const struct kc_argspec spec[] = {
		{ "COLOR", KC_ARG_U8, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &pt->color },
		{ "ANNO", KC_ARG_WORD, KC_ARGF_POSITIONAL, anno, sizeof(anno) },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	return paint_check_anno(anno, args->err);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *paint_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct paint *pt = kc_priv(e);

	kc_pkt_anno(p)->paint = READ_ONCE(pt->color);
	return p;
}

static void paint_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, paint_action);
}

/* Packet path, METHOD XDP (softirq): the frame's own paint annotation. */
static int paint_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	const struct paint *pt = kc_priv(e);

	if (x)
		x->paint = READ_ONCE(pt->color);
	return 0;
}

static struct kc_pkt *paint_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, paint_action);
}

static int paint_read_color(struct kc_elem *e, struct kc_buf *b)
{
	const struct paint *pt = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(pt->color));
	return 0;
}

static int paint_write_color(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct paint *pt = kc_priv(e);
	u8 c;

	if (kc_arg_value("COLOR", val, KC_ARG_U8, &c, sizeof(c), err))
		return -EINVAL;
	WRITE_ONCE(pt->color, c);
	return 0;
}

static const struct kc_handler paint_handlers[] = {
	{ .name = "color", .read = paint_read_color,
	  .write = paint_write_color },
};

const struct kc_class kc_paint_class = {
	.name = "Paint",
	.ports = "1/1",
	.processing = "a/a",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct paint),
	.configure = paint_configure,
	.push = paint_push,
	.xdp = paint_xdp,
	.pull = paint_pull,
	.handlers = paint_handlers,
	.nhandlers = ARRAY_SIZE(paint_handlers),
};
