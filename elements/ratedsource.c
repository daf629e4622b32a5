// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RatedSource([DATA, RATE, LIMIT, ACTIVE, KEYWORDS])
 * =s basicsources
 * generates packets at specified rate
 * =d
 * Pushes copies of DATA out of its output, RATE packets a second (default
 * 10, at most 10,000,000), until LIMIT packets have gone out (-1, the
 * default: no limit) or ACTIVE is false.  Packets are spaced 1e9 / RATE
 * nanoseconds apart (rounded down to whole nanoseconds).  A source that
 * falls more than 32 packets behind (the CPU was busy, or the offline
 * clock jumped) forgets the backlog instead of sending it in a burst.
 *
 * In the kernel the task is a tasklet woken by an hrtimer for the next
 * packet's time: nothing polls, and one run sends at most 32 packets.
 * Offline (`kclick run`) it runs on the virtual clock: after the input
 * pcap ends, for the run's 10 s drain.
 *
 * Keyword arguments:
 * =over 8
 * =item DATA
 * String, as InfiniteSource's: \<hex digits> for bytes in hex; at most
 * 16,384 bytes.  Default: a 64-byte text.
 * =item RATE
 * Packets per second, 1 to 10,000,000.  Default 10.
 * =item LIMIT
 * Integer: packets to send, -1 for no limit.  Default -1.
 * =item ACTIVE
 * Boolean: whether the source sends.  Default true.
 * =item LENGTH
 * Integer: each packet is LENGTH bytes, DATA cut short or repeated to
 * fill it (at most 16,384).  DATASIZE is Click's old name.  Default -1,
 * DATA's own length.
 * =item STOP
 * Boolean, accepted for Click's sake: kclick has no driver to stop.
 * =back
 * =h count read-only
 * Packets sent.
 * =h rate read/write
 * RATE.
 * =h active read/write
 * ACTIVE; writing true starts the source again.
 * =e
 *   RatedSource(\<0800>, 1000, LIMIT 5000) -> Queue -> ...
 * =a InfiniteSource
 */
#include "shared.h"

#define RSRC_RATE_MAX	10000000u
#define RSRC_BURST	32

/* data and len are set at configure and never change. */
struct ratedsource {
	u8 *data;
	u32 len;
	u32 rate;
	bool active;
	bool stop;
	s64 limit;
	u64 next_ns;		/* the task's alone: when the next packet is due */
	atomic64_t count;
};

static int ratedsource_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ratedsource *s = kc_priv(e);
	char *data = NULL;
	int limit = -1, length = -1, datasize = -1, ret;
	const struct kc_argspec spec[] = {
		{ "DATA", KC_ARG_STR, KC_ARGF_POSITIONAL, &data },
		{ "RATE", KC_ARG_U32, KC_ARGF_POSITIONAL, &s->rate },
		{ "LIMIT", KC_ARG_INT, KC_ARGF_POSITIONAL, &limit },
		{ "ACTIVE", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &s->active },
		{ "STOP", KC_ARG_BOOL, 0, &s->stop },
		{ "LENGTH", KC_ARG_INT, 0, &length },
		{ "DATASIZE", KC_ARG_INT, 0, &datasize },
	};

	s->rate = 10;
	s->active = true;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = kc_source_data(data ? data : kc_source_default_data,
				     &s->data, &s->len, args->err);
	if (!ret)
		ret = kc_source_resize(&s->data, &s->len,
				       length >= 0 ? length : datasize,
				       args->err);
	kc_free(data);
	if (ret)
		return ret;
	if (!s->rate || s->rate > RSRC_RATE_MAX)
		return kc_errf(args->err, EINVAL, "RATE: must be 1 to %u",
			       RSRC_RATE_MAX);
	if (limit < -1)
		return kc_errf(args->err, EINVAL, "LIMIT: %d is below -1",
			       limit);
	s->limit = limit;
	return 0;
}

static int ratedsource_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct ratedsource *s = kc_priv(e);

	if (s->active)
		kc_task_schedule(e);
	return 0;
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
static void ratedsource_run_task(struct kc_elem *e)
{
	struct ratedsource *s = kc_priv(e);
	u64 period = 1000000000ull / READ_ONCE(s->rate), now = kc_now_ns();
	struct kc_pkt *p;
	s64 limit;
	u32 n;

	if (!s->next_ns ||
	    (now > s->next_ns && now - s->next_ns > period * RSRC_BURST))
		s->next_ns = now;	/* first run, or too far behind */
	for (n = 0; n < RSRC_BURST && s->next_ns <= now; n++) {
		limit = READ_ONCE(s->limit);
		if (!READ_ONCE(s->active) ||
		    (limit >= 0 && atomic64_read(&s->count) >= limit))
			return;
		s->next_ns += period;
		p = kc_pkt_alloc(s->len);
		if (!p)
			continue;	/* memory short: this slot is lost */
		memcpy(kc_pkt_data(p), s->data, s->len);
		atomic64_inc(&s->count);
		kc_push(e, 0, p);
	}
	if (s->next_ns <= now)
		kc_task_schedule(e);
	else
		kc_task_schedule_after(e, s->next_ns - now);
}

static void ratedsource_cleanup(struct kc_elem *e)
{
	struct ratedsource *s = kc_priv(e);

	kc_free(s->data);
}

static int ratedsource_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct ratedsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int ratedsource_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	struct ratedsource *s = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(s->rate));
	return 0;
}

static int ratedsource_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct ratedsource *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

/* Handlers: process context, graph lock held. */
static int ratedsource_write_rate(struct kc_elem *e, const char *val,
				  struct kc_errbuf *err)
{
	struct ratedsource *s = kc_priv(e);
	u32 r;

	if (kc_arg_value("RATE", val, KC_ARG_U32, &r, 0, err))
		return -EINVAL;
	if (!r || r > RSRC_RATE_MAX)
		return kc_errf(err, EINVAL, "RATE: must be 1 to %u",
			       RSRC_RATE_MAX);
	WRITE_ONCE(s->rate, r);
	return 0;
}

static int ratedsource_write_active(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct ratedsource *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

static const struct kc_handler ratedsource_handlers[] = {
	{ .name = "count", .read = ratedsource_read_count },
	{ .name = "rate", .read = ratedsource_read_rate,
	  .write = ratedsource_write_rate },
	{ .name = "active", .read = ratedsource_read_active,
	  .write = ratedsource_write_active },
};

const struct kc_class kc_ratedsource_class = {
	.name = "RatedSource",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct ratedsource),
	.flags = KC_CLASS_F_TASK,
	.configure = ratedsource_configure,
	.initialize = ratedsource_initialize,
	.run_task = ratedsource_run_task,
	.cleanup = ratedsource_cleanup,
	.handlers = ratedsource_handlers,
	.nhandlers = ARRAY_SIZE(ratedsource_handlers),
};
