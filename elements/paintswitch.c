// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PaintSwitch([ANNO])
 * =s paint
 * sends packet stream to output chosen per-packet
 * =d
 * Sends each packet to the output numbered by its paint annotation: paint
 * 0 to output 0, 1 to output 1, and so on.  A packet whose paint has no
 * output is dropped and counted in `drops`.  ANNO, if given, must be PAINT.
 * =h drops read-only
 * Packets dropped because their paint named no output.
 * =e
 *   FromDevice(eth0) -> Paint(1) -> ps :: PaintSwitch;
 *   ps[0] -> Discard;
 *   ps[1] -> ToDevice(eth1);
 * =a Paint
 */
#include <kclick/element.h>

struct paintswitch {
	u64 __percpu *drops;
};

static int paintswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct paintswitch *ps = kc_priv(e);
	char anno[16] = "";
	const struct kc_argspec spec[] = {
		{ "ANNO", KC_ARG_WORD, KC_ARGF_POSITIONAL, anno, sizeof(anno) },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (anno[0] && strcmp(anno, "PAINT"))
		return kc_errf(args->err, EINVAL,
			       "ANNO: only the PAINT annotation exists, not '%s'",
			       anno);
	ps->drops = e->pcpu;
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void paintswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct paintswitch *ps = kc_priv(e);
	int out = kc_pkt_anno(p)->paint;

	if (out >= e->noutputs) {
		this_cpu_inc(*ps->drops);
		kc_drop(e, p);
		return;
	}
	kc_push(e, out, p);
}

/* Packet path, METHOD XDP (softirq): as paintswitch_push, on the frame. */
static int paintswitch_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct paintswitch *ps = kc_priv(e);

	if (!x)
		return 0;
	if (x->paint < e->noutputs)
		return x->paint;
	this_cpu_inc(*ps->drops);
	x->act = KC_XDP_DROP;
	return KC_XDP_END;
}

static int paintswitch_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct paintswitch *ps = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(ps->drops, cpu));
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static const struct kc_handler paintswitch_handlers[] = {
	{ .name = "drops", .read = paintswitch_read_drops },
};

const struct kc_class kc_paintswitch_class = {
	.name = "PaintSwitch",
	.ports = "1/1-",
	.processing = "h/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct paintswitch),
	.pcpu_size = sizeof(u64),
	.configure = paintswitch_configure,
	.push = paintswitch_push,
	.xdp = paintswitch_xdp,
	.handlers = paintswitch_handlers,
	.nhandlers = ARRAY_SIZE(paintswitch_handlers),
};
