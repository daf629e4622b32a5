// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PullSwitch([INPUT])
 * =s scheduling
 * forwards pull requests to settable input
 * =d
 * Each pull is answered from input INPUT (default 0) and from no other;
 * a negative INPUT, or one with no input connected, answers nothing.
 * INPUT changes at run time through the `switch` handler, after which the
 * tasks pulling through the new input's element are woken, so packets
 * already waiting in it (a Queue, any pull source) move at once.  PullSwitch has any number of inputs.
 * =h switch read/write
 * INPUT.
 * =e
 *   q0 :: Queue; q1 :: Queue;
 *   q0 -> [0] ps :: PullSwitch; q1 -> [1] ps;
 *   ps -> ToDevice(eth0);
 * =a PrioSched, RoundRobinSched, StaticSwitch, Switch
 */
#include <kclick/element.h>

struct pullswitch {
	int input;
};

static int pullswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct pullswitch *ps = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "INPUT", KC_ARG_INT, KC_ARGF_POSITIONAL, &ps->input },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path: pulled by a task (softirq, RCU read side). */
static struct kc_pkt *pullswitch_pull(struct kc_elem *e, int port)
{
	const struct pullswitch *ps = kc_priv(e);
	int in = READ_ONCE(ps->input);

	if (in < 0 || in >= e->ninputs)
		return NULL;
	return kc_pull(e, in);
}

static int pullswitch_read(struct kc_elem *e, struct kc_buf *b)
{
	const struct pullswitch *ps = kc_priv(e);

	kc_buf_printf(b, "%d", READ_ONCE(ps->input));
	return 0;
}

static int pullswitch_write(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	struct pullswitch *ps = kc_priv(e);
	int in;

	if (kc_arg_value("INPUT", val, KC_ARG_INT, &in, sizeof(in), err))
		return -EINVAL;
	WRITE_ONCE(ps->input, in);
	/* The puller slept on the old input; what waits on the new one
	 * made no wake-up for it.
	 */
	kc_wake_through(e);
	return 0;
}

static const struct kc_handler pullswitch_handlers[] = {
	{ .name = "switch", .read = pullswitch_read, .write = pullswitch_write },
};

const struct kc_class kc_pullswitch_class = {
	.name = "PullSwitch",
	.ports = "-/1",
	.processing = "l/l",
	.priv_size = sizeof(struct pullswitch),
	.configure = pullswitch_configure,
	.pull = pullswitch_pull,
	.handlers = pullswitch_handlers,
	.nhandlers = ARRAY_SIZE(pullswitch_handlers),
};
