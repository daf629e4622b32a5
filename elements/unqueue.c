// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Unqueue([BURST, ACTIVE, LIMIT])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets from its input whenever the queue feeding it has some
 * (the queue wakes its task; nothing polls), at most BURST (default 16;
 * Click's default is 1) per run, and pushes each to its output.  Click's
 * negative BURST, "until nothing comes back", is 1024 here: a task run
 * is bounded.  In the kernel its task is a tasklet: softirq context, on
 * the CPU that filled the queue.
 * =over 8
 * =item ACTIVE
 * Boolean; when false, nothing is pulled (until the `active` handler
 * sets it true).  Default true.
 * =item LIMIT
 * When 0 or more, at most LIMIT packets are pulled in all (until a
 * `reset`); -1, the default, means no limit.  Exact across CPUs: each
 * pull reserves its place in one atomic count first.
 * =back
 * =h count read-only
 * Packets moved since the last reset.
 * =h reset write-only
 * Zeroes the count, which lets LIMIT more packets through.
 * =h active read/write
 * ACTIVE.
 * =h limit read/write
 * LIMIT.
 * =h burst read/write
 * BURST.
 * =e
 *   FromDevice(eth0) -> Queue -> Unqueue -> Counter -> ToDevice(eth1);
 *   // 100 packets, then stop:
 *   ... -> Queue -> Unqueue(LIMIT 100) -> ...
 * =a Queue
 */
#include <kclick/element.h>

#define UNQ_BURST_MAX	1024

struct unqueue {
	u32 burst;
	bool active;
	s64 limit;		/* -1: none */
	atomic64_t moved;	/* pulls reserved since reset (LIMIT) */
	atomic64_t base;	/* subtracted from the per-CPU counts */
	u64 __percpu *count;
};

static int unq_burst(const char *val, u32 *out, struct kc_errbuf *err)
{
	int b;

	if (kc_arg_value("BURST", val, KC_ARG_INT, &b, sizeof(b), err))
		return -EINVAL;
	if (!b || b > UNQ_BURST_MAX)
		return kc_errf(err, EINVAL, "BURST: must be 1 to %d (or negative)",
			       UNQ_BURST_MAX);
	*out = b < 0 ? UNQ_BURST_MAX : b;
	return 0;
}

static int unqueue_configure(struct kc_elem *e, struct kc_args *args)
{
	struct unqueue *u = kc_priv(e);
	char *burst = NULL;
	int limit = -1, ret;
	const struct kc_argspec spec[] = {
		{ "BURST", KC_ARG_STR, KC_ARGF_POSITIONAL, &burst },
		{ "ACTIVE", KC_ARG_BOOL, 0, &u->active },
		{ "LIMIT", KC_ARG_INT, 0, &limit },
	};

	u->burst = 16;
	u->active = true;
	u->count = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && burst)
		ret = unq_burst(burst, &u->burst, args->err);
	kc_free(burst);
	if (ret)
		return -EINVAL;
	u->limit = limit < 0 ? -1 : limit;
	return 0;
}

/* Task (softirq, RCU read side). */
static void unqueue_run_task(struct kc_elem *e)
{
	struct unqueue *u = kc_priv(e);
	s64 limit = READ_ONCE(u->limit);
	struct kc_pkt *p;
	u32 n, burst = READ_ONCE(u->burst);

	if (!READ_ONCE(u->active))
		return;		/* the active handler reschedules */
	for (n = 0; n < burst; n++) {
		if (limit >= 0 && atomic64_inc_return(&u->moved) > limit) {
			atomic64_dec(&u->moved);
			return;	/* reset reschedules */
		}
		p = kc_pull(e, 0);
		if (!p) {
			if (limit >= 0)
				atomic64_dec(&u->moved);
			return;	/* the queue wakes us when it fills again */
		}
		this_cpu_inc(*u->count);
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);	/* burst used up: more may be waiting */
}

static u64 unq_sum(const struct unqueue *u)
{
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(u->count, cpu));
	return n;
}

static int unqueue_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct unqueue *u = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)(unq_sum(u) -
					(u64)atomic64_read(&u->base)));
	return 0;
}

/* Handlers (process context, graph lock held). */
static int unqueue_write_reset(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct unqueue *u = kc_priv(e);

	atomic64_set(&u->base, unq_sum(u));
	atomic64_set(&u->moved, 0);
	kc_task_schedule(e);
	return 0;
}

static int unqueue_read_active(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", READ_ONCE(((struct unqueue *)kc_priv(e))->active) ?
		      "true" : "false");
	return 0;
}

static int unqueue_write_active(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct unqueue *u = kc_priv(e);
	bool v = false;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(u->active, v);
	if (v)
		kc_task_schedule(e);
	return 0;
}

static int unqueue_read_limit(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%lld",
		      (long long)READ_ONCE(((struct unqueue *)kc_priv(e))->limit));
	return 0;
}

static int unqueue_write_limit(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct unqueue *u = kc_priv(e);
	int v = 0;

	if (kc_arg_value("LIMIT", val, KC_ARG_INT, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(u->limit, v < 0 ? -1 : v);
	kc_task_schedule(e);
	return 0;
}

static int unqueue_read_burst(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%u", READ_ONCE(((struct unqueue *)kc_priv(e))->burst));
	return 0;
}

static int unqueue_write_burst(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct unqueue *u = kc_priv(e);
	u32 v = 0;

	if (unq_burst(val, &v, err))
		return -EINVAL;
	WRITE_ONCE(u->burst, v);
	return 0;
}

static const struct kc_handler unqueue_handlers[] = {
	{ .name = "count", .read = unqueue_read_count },
	{ .name = "reset", .write = unqueue_write_reset },
	{ .name = "active", .read = unqueue_read_active,
	  .write = unqueue_write_active },
	{ .name = "limit", .read = unqueue_read_limit,
	  .write = unqueue_write_limit },
	{ .name = "burst", .read = unqueue_read_burst,
	  .write = unqueue_write_burst },
};

const struct kc_class kc_unqueue_class = {
	.name = "Unqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct unqueue),
	.pcpu_size = sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = unqueue_configure,
	.run_task = unqueue_run_task,
	.handlers = unqueue_handlers,
	.nhandlers = ARRAY_SIZE(unqueue_handlers),
};
