// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * TimedSink([INTERVAL])
 * =s basicsources
 * periodically pulls and drops a packet
 * =d
 * Pulls one packet from its input every INTERVAL (default 0.5 s, 1 us to
 * 1 day), the first INTERVAL after the graph starts, and frees it.  A
 * pull that finds nothing waits for the next INTERVAL, as in Click.
 *
 * In the kernel the task is a tasklet woken by an hrtimer at the next
 * pull's time; the queue upstream also wakes it when it fills, and such a
 * run only checks the time.  A sink more than one INTERVAL behind starts
 * afresh from now rather than pulling a burst.
 * =h interval read/write
 * INTERVAL, in seconds.
 * =h count read-only
 * Packets pulled and freed.
 * =e
 *   ... -> Queue(20) -> TimedSink(0.1);
 * =a Shaper, Discard, TimedSource
 */
#include <kclick/element.h>

#define TSINK_INTERVAL_MIN	1000ULL			/* 1 us */
#define TSINK_INTERVAL_MAX	(86400ULL * 1000000000ULL)	/* 1 day */

struct timedsink {
	u64 interval;
	u64 next_ns;		/* the task's alone: the next pull; 0: not set */
	atomic64_t count;
};

static int tsink_interval(const char *val, u64 *ns, struct kc_errbuf *err)
{
	return kc_parse_time_in("INTERVAL", val, TSINK_INTERVAL_MIN,
				TSINK_INTERVAL_MAX, ns, err);
}

static int timedsink_configure(struct kc_elem *e, struct kc_args *args)
{
	struct timedsink *s = kc_priv(e);
	char *interval = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "INTERVAL", KC_ARG_STR, KC_ARGF_POSITIONAL, &interval },
	};

	s->interval = 500000000ULL;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && interval)
		ret = tsink_interval(interval, &s->interval, args->err);
	kc_free(interval);
	return ret ? -EINVAL : 0;
}

static int timedsink_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	kc_task_schedule(e);	/* the first run sets the timer */
	return 0;
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
static void timedsink_run_task(struct kc_elem *e)
{
	struct timedsink *s = kc_priv(e);
	u64 interval = READ_ONCE(s->interval), now = kc_now_ns();
	struct kc_pkt *p;

	if (!s->next_ns || s->next_ns > now + interval)
		s->next_ns = now + interval;	/* first run, or shortened */
	if (now >= s->next_ns) {
		p = kc_pull(e, 0);
		if (p) {
			atomic64_inc(&s->count);
			kc_pkt_consume(p);
		}
		s->next_ns += interval;
		if (s->next_ns <= now)
			s->next_ns = now + interval;
	}
	kc_task_schedule_after(e, s->next_ns - now);
}

static int timedsink_read_interval(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsink *s = kc_priv(e);

	kc_buf_time(b, READ_ONCE(s->interval));
	return 0;
}

static int timedsink_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsink *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int timedsink_write_interval(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct timedsink *s = kc_priv(e);
	u64 ns;

	if (tsink_interval(val, &ns, err))
		return -EINVAL;
	WRITE_ONCE(s->interval, ns);
	kc_task_schedule(e);	/* a shorter interval takes effect now */
	return 0;
}

static const struct kc_handler timedsink_handlers[] = {
	{ .name = "interval", .read = timedsink_read_interval,
	  .write = timedsink_write_interval },
	{ .name = "count", .read = timedsink_read_count },
};

const struct kc_class kc_timedsink_class = {
	.name = "TimedSink",
	.ports = "1/0",
	.processing = "l/",
	.priv_size = sizeof(struct timedsink),
	.flags = KC_CLASS_F_TASK,
	.configure = timedsink_configure,
	.initialize = timedsink_initialize,
	.run_task = timedsink_run_task,
	.handlers = timedsink_handlers,
	.nhandlers = ARRAY_SIZE(timedsink_handlers),
};
