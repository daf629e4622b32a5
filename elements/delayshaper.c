// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * DelayShaper(DELAY)
 * =s shaping
 * shapes traffic to meet delay requirements
 * =d
 * Pull in, pull out: a packet whose timestamp annotation is T leaves no
 * earlier than T + DELAY (Click's time syntax, 0 to 1 hour, kept to the
 * nanosecond), and leaves with its timestamp set to the time it left.
 * DelayShaper holds at most one packet: a pull that brings a packet not
 * yet due keeps it, answers nothing and sets a timer for its time; when
 * the timer fires, DelayShaper wakes the tasks that pull through it (an
 * Unqueue, a ToDevice), so nothing polls in between.
 *
 * Stamp packets with SetTimestamp first: in the kernel a received packet
 * carries a timestamp only while some socket on the host asked for them,
 * and a packet without one (time 0) is long due.  The clock is wall-clock
 * time, the timestamps' (offline, the run's virtual clock); a timestamp
 * ahead of the clock counts as now, so no packet waits more than DELAY
 * from the pull that brought it.  A pull that
 * meets another CPU's pull in progress answers nothing and wakes its
 * puller again.  The held packet is freed when the graph goes away.
 * =h delay read/write
 * DELAY, in seconds; a write takes effect from the next pull.
 * =e
 *   FromDevice(eth1) -> SetTimestamp -> Queue(8) -> DelayShaper(0.05)
 *     -> ToDevice(eth2);
 * =a SetTimestamp, BandwidthShaper
 */
#include <kclick/element.h>

#define DSHAPE_DELAY_MAX	(3600ULL * 1000000000ULL)	/* 1 hour */

struct delayshaper {
	u64 delay;
	atomic64_t busy;	/* a pull in progress: held is its alone */
	struct kc_pkt *held;	/* the packet not yet due */
	u64 since;		/* when held was pulled from the input */
	atomic64_t due;		/* the timer has pullers to wake */
};

static int dshape_delay(const char *val, u64 *ns, struct kc_errbuf *err)
{
	return kc_parse_time_in("DELAY", val, 0, DSHAPE_DELAY_MAX, ns, err);
}

static int delayshaper_configure(struct kc_elem *e, struct kc_args *args)
{
	struct delayshaper *d = kc_priv(e);
	char *delay = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "DELAY", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &delay },
	};

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = dshape_delay(delay, &d->delay, args->err);
	kc_free(delay);
	return ret ? -EINVAL : 0;
}

/* Packet path: pulled by a task (softirq, RCU read side). */
static struct kc_pkt *delayshaper_pull(struct kc_elem *e, int port)
{
	struct delayshaper *d = kc_priv(e);
	struct kc_pkt *p;
	u64 now, due;

	if (atomic64_inc_return(&d->busy) != 1) {
		atomic64_dec(&d->busy);
		kc_wake_through(e);
		return NULL;
	}
	now = kc_realtime_ns();
	p = d->held;
	d->held = NULL;
	if (!p) {
		p = kc_pull(e, 0);
		d->since = now;
	}
	if (p) {
		/* A stamp ahead of the clock counts as the first pull's time. */
		due = min(kc_pkt_tstamp_ns(p), d->since) + READ_ONCE(d->delay);
		if (now < due) {
			d->held = p;
			p = NULL;
			atomic64_set(&d->due, due);	/* > now >= 0 */
			kc_task_schedule_after(e, due - now);
		} else {
			kc_pkt_set_tstamp_ns(p, now);
		}
	}
	/* Fully ordered: the next puller sees held as left here. */
	atomic64_add_return(-1, &d->busy);
	return p;
}

/*
 * Task (softirq): once the held packet is due, let whoever pulls through
 * us retry.  The queue upstream also wakes this task (it counts among the
 * queue's pullers), and a run before the due time must wake nobody: the
 * puller would pull early, ask again, and the two would wake each other
 * without end while the packet waits (Shaper has the same rule).  Such a
 * run re-arms the timer (a no-op while an earlier one is armed).
 */
static void delayshaper_run_task(struct kc_elem *e)
{
	struct delayshaper *d = kc_priv(e);
	u64 due = atomic64_read(&d->due), now;

	if (!due)
		return;
	now = kc_realtime_ns();
	if (now < due) {
		kc_task_schedule_after(e, due - now);
		return;
	}
	if (atomic64_xchg(&d->due, 0))
		kc_wake_through(e);
}

static void delayshaper_cleanup(struct kc_elem *e)
{
	struct delayshaper *d = kc_priv(e);

	if (d->held)
		kc_pkt_drop(d->held);
}

static int delayshaper_read_delay(struct kc_elem *e, struct kc_buf *b)
{
	struct delayshaper *d = kc_priv(e);

	kc_buf_time(b, READ_ONCE(d->delay));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int delayshaper_write_delay(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct delayshaper *d = kc_priv(e);
	u64 ns;

	if (dshape_delay(val, &ns, err))
		return -EINVAL;
	WRITE_ONCE(d->delay, ns);
	atomic64_set(&d->due, 1);	/* long past: a held packet may be due */
	kc_task_schedule(e);
	return 0;
}

static const struct kc_handler delayshaper_handlers[] = {
	{ .name = "delay", .read = delayshaper_read_delay,
	  .write = delayshaper_write_delay },
};

const struct kc_class kc_delayshaper_class = {
	.name = "DelayShaper",
	.ports = "1/1",
	.processing = "l/l",
	.priv_size = sizeof(struct delayshaper),
	.flags = KC_CLASS_F_TASK,
	.configure = delayshaper_configure,
	.pull = delayshaper_pull,
	.run_task = delayshaper_run_task,
	.cleanup = delayshaper_cleanup,
	.handlers = delayshaper_handlers,
	.nhandlers = ARRAY_SIZE(delayshaper_handlers),
};
