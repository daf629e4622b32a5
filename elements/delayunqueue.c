// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * DelayUnqueue(DELAY)
 * =s shaping
 * delay-inducing pull-to-push converter
 * =d
 * Pulls packets from its input and pushes each out when its time has
 * come: a packet whose timestamp annotation is T leaves no earlier than
 * T + DELAY (Click's time syntax, 0 to 1 hour, kept to the nanosecond),
 * and leaves with its timestamp set to T + DELAY, as in Click.  A packet
 * without a timestamp is stamped with the time it was pulled, as Click
 * does; a stamp ahead of the clock also counts as the time of the pull,
 * so no packet waits more than DELAY from its pull (DelayShaper's rule).
 * Packets leave in the order they were pulled.
 *
 * DelayUnqueue holds at most one packet, the one waiting for its time:
 * its task pulls the next only when that one has gone, and sleeps on a
 * timer until then.  When its input is empty it sleeps until the queue
 * upstream wakes it (Click's upstream notification); nothing polls.  At
 * most 32 packets leave in one task run.  The clock is wall-clock time,
 * the timestamps' (offline, the run's virtual clock).  The held packet is
 * freed when the graph goes away.
 * =h delay read/write
 * DELAY, in seconds; a write applies to the held packet too (it leaves
 * at once if the new DELAY has passed already).
 * =e
 *   FromDevice(eth0) -> SetTimestamp -> Queue -> DelayUnqueue(20ms)
 *     -> ToDevice(eth1);
 * =a DelayShaper, LinkUnqueue, SetTimestamp, Unqueue
 */
#include <kclick/element.h>

#define DUNQ_DELAY_MAX	(3600ULL * 1000000000ULL)	/* 1 hour */
#define DUNQ_BURST	32

struct delayunqueue {
	u64 delay;
	/* Only the task touches these (a task never runs on two CPUs). */
	struct kc_pkt *held;
	u64 stamp;		/* held's T */
};

static int dunq_delay(const char *val, u64 *ns, struct kc_errbuf *err)
{
	return kc_parse_time_in("DELAY", val, 0, DUNQ_DELAY_MAX, ns, err);
}

static int delayunqueue_configure(struct kc_elem *e, struct kc_args *args)
{
	struct delayunqueue *d = kc_priv(e);
	char *delay = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "DELAY", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &delay },
	};

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = dunq_delay(delay, &d->delay, args->err);
	kc_free(delay);
	return ret ? -EINVAL : 0;
}

/* Task (softirq, RCU read side). */
static void delayunqueue_run_task(struct kc_elem *e)
{
	struct delayunqueue *d = kc_priv(e);
	struct kc_pkt *p;
	u64 now, due, t;
	u32 n;

	for (n = 0; n < DUNQ_BURST; n++) {
		now = kc_realtime_ns();
		if (!d->held) {
			p = kc_pull(e, 0);
			if (!p)
				return;	/* the queue wakes us */
			t = kc_pkt_tstamp_ns(p);
			d->stamp = t && t <= now ? t : now;
			d->held = p;
		}
		due = d->stamp + READ_ONCE(d->delay);
		if (now < due) {
			kc_task_schedule_after(e, due - now);
			return;
		}
		p = d->held;
		d->held = NULL;
		kc_pkt_set_tstamp_ns(p, due);
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);	/* burst used up: more may be due */
}

static void delayunqueue_cleanup(struct kc_elem *e)
{
	struct delayunqueue *d = kc_priv(e);

	if (d->held)
		kc_pkt_drop(d->held);
}

/* Handlers: process context, graph lock held. */
static int delayunqueue_read_delay(struct kc_elem *e, struct kc_buf *b)
{
	struct delayunqueue *d = kc_priv(e);

	kc_buf_time(b, READ_ONCE(d->delay));
	return 0;
}

static int delayunqueue_write_delay(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct delayunqueue *d = kc_priv(e);
	u64 ns;

	if (dunq_delay(val, &ns, err))
		return -EINVAL;
	WRITE_ONCE(d->delay, ns);
	kc_task_schedule(e);	/* the held packet may be due now */
	return 0;
}

static const struct kc_handler delayunqueue_handlers[] = {
	{ .name = "delay", .read = delayunqueue_read_delay,
	  .write = delayunqueue_write_delay },
};

const struct kc_class kc_delayunqueue_class = {
	.name = "DelayUnqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct delayunqueue),
	.flags = KC_CLASS_F_TASK,
	.configure = delayunqueue_configure,
	.run_task = delayunqueue_run_task,
	.cleanup = delayunqueue_cleanup,
	.handlers = delayunqueue_handlers,
	.nhandlers = ARRAY_SIZE(delayunqueue_handlers),
};
