// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Align(MODULUS, OFFSET)
 * =s basicmod
 * aligns packet data
 * =d
 * In Click, makes each packet's first byte lie OFFSET bytes past a
 * MODULUS-byte boundary (MODULUS 2, 4 or 8), copying the packet if it must,
 * for elements that read 32-bit header fields with aligned loads on CPUs
 * that fault on unaligned ones.  click-align(1) inserts it.
 *
 * kclick does not need it and passes every packet unchanged: elements read
 * header fields bytewise or through memcpy and unaligned-safe helpers
 * (include/kclick/proto.h), the kernel places received frames so the IP
 * header is aligned (NET_IP_ALIGN) where that matters, and copying every
 * packet to change its address would cost more than it could save.  The
 * arguments are checked as Click checks them, and the `unaligned`
 * handler counts packets that did not start where Align asks, so a user
 * can see what Click would have copied.
 * =h unaligned read-only
 * Packets whose data did not start OFFSET bytes past a MODULUS boundary.
 * =e
 *   FromDevice(eth0) -> Align(4, 2) -> ...
 * =a AlignmentInfo
 */
#include <kclick/element.h>

struct align {
	u32 modulus, offset;
};

static int align_configure(struct kc_elem *e, struct kc_args *args)
{
	struct align *a = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "MODULUS", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &a->modulus },
		{ "OFFSET", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &a->offset },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (a->modulus != 2 && a->modulus != 4 && a->modulus != 8)
		return kc_errf(args->err, EINVAL,
			       "MODULUS: must be 2, 4 or 8, not %u", a->modulus);
	if (a->offset >= a->modulus)
		return kc_errf(args->err, EINVAL,
			       "OFFSET: %u is not less than MODULUS %u",
			       a->offset, a->modulus);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *align_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct align *a = kc_priv(e);
	unsigned long addr = (unsigned long)kc_pkt_data(p);

	if ((addr & (a->modulus - 1)) != a->offset)
		this_cpu_inc(*(u64 __percpu *)e->pcpu);
	return p;
}

static void align_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, align_action);
}

static struct kc_pkt *align_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, align_action);
}

static int align_read_unaligned(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static const struct kc_handler align_handlers[] = {
	{ .name = "unaligned", .read = align_read_unaligned },
};

const struct kc_class kc_align_class = {
	.name = "Align",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct align),
	.pcpu_size = sizeof(u64),
	.configure = align_configure,
	.push = align_push,
	.pull = align_pull,
	.handlers = align_handlers,
	.nhandlers = ARRAY_SIZE(align_handlers),
};
