// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Switch([K])
 * =s classification
 * sends packet stream to settable output
 * =d
 * Sends every packet to output K (default 0); a negative K drops them.
 * K can be changed at run time through the `switch` handler: the next
 * packet goes to the new output.
 * =h switch read/write
 * The output; writing a number out of range is refused.
 * =e
 *   ... -> s :: Switch(0); s[0] -> ToDevice(eth1); s[1] -> Discard;
 *   kclick write GRAPH/s.switch 1
 * =a StaticSwitch, PaintSwitch
 */
#include <kclick/element.h>

struct kc_switch {
	int k;
};

static int check_k(struct kc_elem *e, int k, struct kc_errbuf *err)
{
	if (k >= e->noutputs)
		return kc_errf(err, EINVAL,
			       "K is %d, but only %u outputs are connected", k,
			       e->noutputs);
	return 0;
}

static int switch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_switch *s = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "K", KC_ARG_INT, KC_ARGF_POSITIONAL, &s->k },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	return check_k(e, s->k, args->err);
}

/* Packet path (softirq, RCU read side). */
static void switch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct kc_switch *s = kc_priv(e);
	int k = READ_ONCE(s->k);

	if (k < 0)
		kc_drop(e, p);
	else
		kc_push(e, k, p);
}

static int switch_read(struct kc_elem *e, struct kc_buf *b)
{
	const struct kc_switch *s = kc_priv(e);

	kc_buf_printf(b, "%d", READ_ONCE(s->k));
	return 0;
}

static int switch_write(struct kc_elem *e, const char *val,
			struct kc_errbuf *err)
{
	struct kc_switch *s = kc_priv(e);
	int k;

	if (kc_arg_value("K", val, KC_ARG_INT, &k, sizeof(k), err) ||
	    check_k(e, k, err))
		return -EINVAL;
	WRITE_ONCE(s->k, k);
	return 0;
}

static const struct kc_handler switch_handlers[] = {
	{ .name = "switch", .read = switch_read, .write = switch_write },
};

const struct kc_class kc_switch_class = {
	.name = "Switch",
	.ports = "1/-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_switch),
	.configure = switch_configure,
	.push = switch_push,
	.handlers = switch_handlers,
	.nhandlers = ARRAY_SIZE(switch_handlers),
};
