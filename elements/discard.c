// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Discard([ACTIVE, BURST])
 * =s basicsources
 * drops all packets
 * =d
 * Drops every packet it gets.  Its input is agnostic, as Click's: pushed
 * to, it drops what arrives; pulled from (`Queue -> Discard`), it runs a
 * task that pulls whenever the queue upstream has packets (the queue
 * wakes it; nothing polls), at most BURST per run, and drops them.
 * =over 8
 * =item ACTIVE
 * Boolean; when false, a pulling Discard does not pull.  Default true.
 * =item BURST
 * Packets pulled per task run, 1 to 1024.  Default 16 (Click's is 1;
 * a larger burst costs fewer task runs for the same packets).
 * =back
 * =h count read-only
 * Packets discarded.
 * =h reset_counts write-only
 * Zeroes count.
 * =h active read/write
 * ACTIVE.
 * =e
 *   FromDevice(eth0) -> Discard;
 *   ... -> Queue(100) -> Discard;
 */
#include <kclick/element.h>

#define DISCARD_BURST_MAX	1024

struct discard {
	u32 burst;
	bool active;
	atomic64_t base;	/* subtracted from the per-CPU counts */
	u64 __percpu *count;
};

static int discard_configure(struct kc_elem *e, struct kc_args *args)
{
	struct discard *d = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "ACTIVE", KC_ARG_BOOL, 0, &d->active },
		{ "BURST", KC_ARG_U32, 0, &d->burst },
	};

	d->active = true;
	d->burst = 16;
	d->count = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!d->burst || d->burst > DISCARD_BURST_MAX)
		return kc_errf(args->err, EINVAL, "BURST: %u is not 1 to %d",
			       d->burst, DISCARD_BURST_MAX);
	return 0;
}

static int discard_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	/* Pulling: a queue that starts with packets (carried) is drained. */
	if (e->in_proc[0] == KC_PULL)
		kc_task_schedule(e);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void discard_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct discard *d = kc_priv(e);

	this_cpu_inc(*d->count);
	kc_pkt_consume(p);
}

/* XDP (packet path): the frame is dropped, XDP_DROP, and counted. */
static int discard_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct discard *d = kc_priv(e);

	if (!x)
		return 0;
	this_cpu_inc(*d->count);
	x->act = KC_XDP_DROP;
	return KC_XDP_END;
}

/* Task (softirq, RCU read side): only when the input pulls. */
static void discard_run_task(struct kc_elem *e)
{
	struct discard *d = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	if (e->in_proc[0] != KC_PULL || !READ_ONCE(d->active))
		return;		/* the active handler reschedules */
	for (n = 0; n < d->burst; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return;	/* the queue wakes us when it fills again */
		this_cpu_inc(*d->count);
		kc_pkt_consume(p);
	}
	kc_task_schedule(e);	/* burst used up: more may be waiting */
}

static u64 discard_sum(const struct discard *d)
{
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(d->count, cpu));
	return n;
}

static int discard_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct discard *d = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)(discard_sum(d) -
					(u64)atomic64_read(&d->base)));
	return 0;
}

/* Handlers (process context, graph lock held). */
static int discard_write_reset(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct discard *d = kc_priv(e);

	atomic64_set(&d->base, discard_sum(d));
	return 0;
}

static int discard_read_active(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", READ_ONCE(((struct discard *)kc_priv(e))->active) ?
		      "true" : "false");
	return 0;
}

static int discard_write_active(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct discard *d = kc_priv(e);
	bool v = false;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(d->active, v);
	if (v && e->in_proc[0] == KC_PULL)
		kc_task_schedule(e);
	return 0;
}

static const struct kc_handler discard_handlers[] = {
	{ .name = "count", .read = discard_read_count },
	{ .name = "reset_counts", .write = discard_write_reset },
	{ .name = "active", .read = discard_read_active,
	  .write = discard_write_active },
};

const struct kc_class kc_discard_class = {
	.name = "Discard",
	.ports = "1/0",
	.processing = "a/",
	.priv_size = sizeof(struct discard),
	.pcpu_size = sizeof(u64),
	.flags = KC_CLASS_F_TASK | KC_CLASS_F_PUSH1,
	.configure = discard_configure,
	.initialize = discard_initialize,
	.push = discard_push,
	.xdp = discard_xdp,
	.run_task = discard_run_task,
	.handlers = discard_handlers,
	.nhandlers = ARRAY_SIZE(discard_handlers),
};
