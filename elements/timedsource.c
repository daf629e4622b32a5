// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * TimedSource([INTERVAL, DATA, KEYWORDS])
 * =s basicsources
 * periodically generates a packet
 * =d
 * Pushes a packet of DATA out of its output once every INTERVAL (default
 * 0.5 s), the first one INTERVAL after the graph starts, until LIMIT
 * packets have gone out (-1, the default: no limit) or ACTIVE is false.
 * Each packet is a new buffer with room for an Ethernet header in front.
 *
 * In the kernel the task is a tasklet woken by an hrtimer at the next
 * packet's time: one run sends at most one packet, and nothing polls in
 * between.  Sends are spaced INTERVAL apart on the timer's schedule, not
 * from whenever a run happened; a source more than one INTERVAL behind
 * (the CPU was busy, the offline clock jumped) starts afresh from now
 * instead of catching up in a burst.  Offline (`kclick run`) it runs on
 * the virtual clock: after the input pcap ends, for the run's drain time.
 *
 * Keyword arguments:
 * =over 8
 * =item INTERVAL
 * Time between packets (Click's time syntax: `0.2`, `200ms`), 1 us to
 * 1 day.  Default 0.5 s.
 * =item DATA
 * String, as InfiniteSource's: \<hex digits> for bytes in hex; at most
 * 16,384 bytes.  Default: a 64-byte text.
 * =item LIMIT
 * Integer: packets to send, -1 for no limit.  Default -1.
 * =item ACTIVE
 * Boolean: whether the source sends.  Default true.
 * =item HEADROOM
 * Unsigned, accepted for Click's sake (at most 65,535): a new packet
 * always has 64 bytes of headroom, and an element that needs more (an
 * encapsulation) makes room itself.  Default 64.
 * =item STOP
 * Boolean, accepted for Click's sake: kclick has no driver to stop; the
 * source stops at LIMIT either way.  Default false.
 * =back
 * =h count read-only
 * Packets sent.
 * =h data read/write
 * DATA (bytes outside printable ASCII, and backslashes, read as
 * \<hex>); a write takes effect from the next packet.
 * =h interval read/write
 * INTERVAL, in seconds.
 * =h limit read/write
 * LIMIT; writing one above count starts the source again.
 * =h active read/write
 * ACTIVE; writing true starts the source again.
 * =h headroom read-only
 * HEADROOM as given.
 * =h reset write-only
 * Sets count to 0 and, if ACTIVE, starts again.
 * =e
 *   TimedSource(0.2) -> Queue(20) -> ...
 * =a InfiniteSource, RatedSource, TimedSink
 */
#include <kclick/rcuswap.h>
#include "shared.h"

#define TSRC_INTERVAL_MIN	1000ULL			/* 1 us */
#define TSRC_INTERVAL_MAX	(86400ULL * 1000000000ULL)	/* 1 day */
#define TSRC_HEADROOM_MAX	65535u

/* DATA, replaced as a whole by a `data` write (RCU). */
struct tsrc_data {
	struct kc_rcu_free rf;
	u32 len;
	u8 bytes[];
};

struct timedsource {
	struct tsrc_data __rcu *data;	/* update side: the graph lock */
	u64 interval;
	s64 limit;		/* -1: none */
	u32 headroom;
	bool active;
	bool stop;
	u64 next_ns;		/* the task's alone: the next send; 0: not set */
	atomic64_t count;
};

static void tsrc_data_free(void *obj)
{
	kc_free(obj);
}

/* Process context: DATA text into a new tsrc_data (*out). */
static int tsrc_data_parse(const char *text, struct tsrc_data **out,
			   struct kc_errbuf *err)
{
	struct tsrc_data *d;
	u8 *bytes = NULL;
	u32 len = 0;
	int ret;

	*out = NULL;
	ret = kc_source_data(text, &bytes, &len, err);
	if (ret) {
		kc_free(bytes);
		return ret;
	}
	d = kc_zalloc(sizeof(*d) + len);
	if (d) {
		d->len = len;
		memcpy(d->bytes, bytes, len);
	}
	kc_free(bytes);
	*out = d;
	return d ? 0 : -ENOMEM;
}

static int tsrc_interval(const char *val, u64 *ns, struct kc_errbuf *err)
{
	return kc_parse_time_in("INTERVAL", val, TSRC_INTERVAL_MIN,
				TSRC_INTERVAL_MAX, ns, err);
}

static int timedsource_configure(struct kc_elem *e, struct kc_args *args)
{
	struct timedsource *s = kc_priv(e);
	char *data = NULL, *interval = NULL;
	struct tsrc_data *d = NULL;
	int limit = -1, ret;
	const struct kc_argspec spec[] = {
		{ "INTERVAL", KC_ARG_STR, KC_ARGF_POSITIONAL, &interval },
		{ "DATA", KC_ARG_STR, KC_ARGF_POSITIONAL, &data },
		{ "LIMIT", KC_ARG_INT, 0, &limit },
		{ "ACTIVE", KC_ARG_BOOL, 0, &s->active },
		{ "HEADROOM", KC_ARG_U32, 0, &s->headroom },
		{ "STOP", KC_ARG_BOOL, 0, &s->stop },
	};

	s->active = true;
	s->interval = 500000000ULL;
	s->headroom = KC_PKT_NEW_HEADROOM;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && interval)
		ret = tsrc_interval(interval, &s->interval, args->err);
	if (!ret)
		ret = tsrc_data_parse(data ? data : kc_source_default_data, &d,
				      args->err);
	kc_free(data);
	kc_free(interval);
	if (ret)
		return ret;
	kc_rcu_assign(s->data, d);
	if (s->headroom > TSRC_HEADROOM_MAX)
		return kc_errf(args->err, EINVAL, "HEADROOM: at most %u",
			       TSRC_HEADROOM_MAX);
	if (limit < -1)
		return kc_errf(args->err, EINVAL, "LIMIT: %d is below -1",
			       limit);
	s->limit = limit;
	return 0;
}

static int timedsource_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);

	if (s->active)
		kc_task_schedule(e);	/* the first run sets the timer */
	return 0;
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
static void timedsource_run_task(struct kc_elem *e)
{
	struct timedsource *s = kc_priv(e);
	u64 interval = READ_ONCE(s->interval), now = kc_now_ns();
	s64 limit = READ_ONCE(s->limit);
	struct tsrc_data *d;
	struct kc_pkt *p;

	if (!READ_ONCE(s->active) ||
	    (limit >= 0 && atomic64_read(&s->count) >= limit))
		return;			/* a handler write starts it again */
	if (!s->next_ns || s->next_ns > now + interval)
		s->next_ns = now + interval;	/* first run, or shortened */
	if (now < s->next_ns) {
		kc_task_schedule_after(e, s->next_ns - now);
		return;
	}
	d = kc_rcu_dereference(s->data);
	p = kc_pkt_alloc(d->len);
	if (p) {			/* memory short: this slot is lost */
		memcpy(kc_pkt_data(p), d->bytes, d->len);
		atomic64_inc(&s->count);
		kc_push(e, 0, p);
	}
	s->next_ns += interval;
	if (s->next_ns <= now)
		s->next_ns = now + interval;	/* more than one behind */
	kc_task_schedule_after(e, s->next_ns - now);
}

static void timedsource_cleanup(struct kc_elem *e)
{
	struct timedsource *s = kc_priv(e);

	kc_free(kc_rcu_dereference_protected(s->data));
}

static int timedsource_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int timedsource_read_data(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);
	struct tsrc_data *d = kc_rcu_dereference_protected(s->data);
	u32 i;

	for (i = 0; i < d->len; i++) {
		u8 c = d->bytes[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			kc_buf_printf(b, "%c", c);
		else
			kc_buf_printf(b, "\\<%02x>", c);
	}
	return 0;
}

static int timedsource_read_interval(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);

	kc_buf_time(b, READ_ONCE(s->interval));
	return 0;
}

static int timedsource_read_limit(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)READ_ONCE(s->limit));
	return 0;
}

static int timedsource_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

static int timedsource_read_headroom(struct kc_elem *e, struct kc_buf *b)
{
	struct timedsource *s = kc_priv(e);

	kc_buf_printf(b, "%u", s->headroom);
	return 0;
}

/* Handlers: process context, graph lock held. */
static int timedsource_write_data(struct kc_elem *e, const char *val,
				  struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);
	struct tsrc_data *d;
	int ret;

	ret = tsrc_data_parse(val, &d, err);
	if (ret)
		return ret;
	kc_rcu_publish(s->data, d, rf, tsrc_data_free);
	return 0;
}

static int timedsource_write_interval(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);
	u64 ns;

	if (tsrc_interval(val, &ns, err))
		return -EINVAL;
	WRITE_ONCE(s->interval, ns);
	kc_task_schedule(e);	/* a shorter interval takes effect now */
	return 0;
}

static int timedsource_write_limit(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);
	int l;

	if (kc_arg_value("LIMIT", val, KC_ARG_INT, &l, 0, err))
		return -EINVAL;
	if (l < -1)
		return kc_errf(err, EINVAL, "LIMIT: %d is below -1", l);
	WRITE_ONCE(s->limit, l);
	kc_task_schedule(e);
	return 0;
}

static int timedsource_write_active(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

static int timedsource_write_reset(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct timedsource *s = kc_priv(e);

	atomic64_set(&s->count, 0);
	kc_task_schedule(e);
	return 0;
}

static const struct kc_handler timedsource_handlers[] = {
	{ .name = "count", .read = timedsource_read_count },
	{ .name = "data", .read = timedsource_read_data,
	  .write = timedsource_write_data },
	{ .name = "interval", .read = timedsource_read_interval,
	  .write = timedsource_write_interval },
	{ .name = "limit", .read = timedsource_read_limit,
	  .write = timedsource_write_limit },
	{ .name = "active", .read = timedsource_read_active,
	  .write = timedsource_write_active },
	{ .name = "headroom", .read = timedsource_read_headroom },
	{ .name = "reset", .write = timedsource_write_reset },
};

const struct kc_class kc_timedsource_class = {
	.name = "TimedSource",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct timedsource),
	.flags = KC_CLASS_F_TASK,
	.configure = timedsource_configure,
	.initialize = timedsource_initialize,
	.run_task = timedsource_run_task,
	.cleanup = timedsource_cleanup,
	.handlers = timedsource_handlers,
	.nhandlers = ARRAY_SIZE(timedsource_handlers),
};
