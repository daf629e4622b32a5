// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Shaper(RATE)
 * =s shaping
 * pull element that passes at most RATE packets a second
 * =d
 * Passes a pull on to its input only when the packet it would bring is
 * within RATE packets a second (an integer, 1 to 1,000,000,000): packets
 * leave at least 1e9 / RATE ns apart, with no burst, as Click's GapRate
 * lets them.  A pull that comes too early answers nothing and asks for a
 * timer at the time the next packet may leave; when it fires, Shaper wakes
 * the tasks that pull through it (the queue upstream's pullers: an
 * Unqueue, a ToDevice), so nothing polls in between.  A pull that finds
 * its input empty costs no slot.
 *
 * Timers and tasks run late under load.  When a packet waited for its
 * slot and the pull that brings it comes late, the lateness is made up,
 * up to 10 ms: the next slots follow the missed one, not the late pull,
 * so the long-run rate holds (Click's GapRate makes up as much as a
 * second).  After idle (a pull found the input empty) nothing is made
 * up, so traffic that starts again gets no burst.
 *
 * With pullers on several CPUs at once, two pulls may pass on one slot;
 * each still moves the next slot a full period on, so the long-run rate
 * holds.  In `kclick run` the time is the run's virtual clock.
 * =h rate read/write
 * RATE; a write takes effect from the next pull.
 * =h count read-only
 * Packets passed.
 * =h reset write-only
 * Forgets the last packet's time: the next pull passes at once.
 * =e
 *   ... -> Queue -> Shaper(1000) -> ToDevice(eth1);
 * =a BandwidthShaper, RatedUnqueue
 */
#include "shared.h"

static int shaper_rate(struct kc_shaper *s, const char *val, u32 *rate,
		       struct kc_errbuf *err)
{
	if (s->bytes) {
		if (kc_parse_bandwidth("RATE", val, rate, err))
			return -EINVAL;
		if (!*rate)
			return kc_errf(err, EINVAL,
				       "RATE: '%s' is below 1 byte a second", val);
		return 0;
	}
	if (kc_arg_value("RATE", val, KC_ARG_U32, rate, 0, err))
		return -EINVAL;
	if (!*rate || *rate > KC_SHAPE_RATE_MAX)
		return kc_errf(err, EINVAL, "RATE: must be 1 to %u",
			       KC_SHAPE_RATE_MAX);
	return 0;
}

static void shaper_init(struct kc_elem *e, struct kc_shaper *s)
{
	s->bytes = !strncmp(e->cls->name, "Bandwidth", 9);
	s->unqueue = !!strstr(e->cls->name, "Unqueue");
	s->active = true;
	kc_lock_init(&s->lock);
}

int kc_shaper_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_shaper *s = kc_priv(e);
	char *rate = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "RATE", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &rate },
	};

	shaper_init(e, s);
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = shaper_rate(s, rate, &s->rate, args->err);
	kc_free(rate);
	return ret ? -EINVAL : 0;
}

/* RatedUnqueue and BandwidthRatedUnqueue. */
int kc_runq_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_shaper *s = kc_priv(e);
	u64 dur = 0;
	char *rate = NULL, *dur_s = NULL;
	u32 size = 0;
	int ret;
	const struct kc_argspec spec[] = {
		{ "RATE", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &rate },
		{ "BURST_DURATION", KC_ARG_STR, 0, &dur_s },
		{ "BURST_SIZE", KC_ARG_U32, 0, &size },
		{ "BURST_BYTES", KC_ARG_U32, 0, &size },
		{ "ACTIVE", KC_ARG_BOOL, 0, &s->active },
	};

	shaper_init(e, s);
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = shaper_rate(s, rate, &s->rate, args->err);
	if (!ret && dur_s)
		ret = kc_parse_time_in("BURST_DURATION", dur_s, 0,
				       1000000000ULL * 3600, &dur, args->err);
	if (!ret && dur_s && size)
		ret = kc_errf(args->err, EINVAL,
			      "cannot give both BURST_DURATION and %s",
			      s->bytes ? "BURST_BYTES" : "BURST_SIZE");
	kc_free(rate);
	kc_free(dur_s);
	if (ret)
		return -EINVAL;
	s->burst_size = size;
	s->burst_ns = dur_s ? dur : 20000000ULL;	/* Click's 20 ms */
	return 0;
}

static u64 shaper_cost(u32 rate, u64 units)
{
	return div64_u64(units * 1000000000ULL, rate);
}

/*
 * How far tat may run ahead of now with a packet still allowed: none for
 * the Shapers; for RatedUnqueue a bucket of BURST packets needs one token,
 * for BandwidthRatedUnqueue any credit at all (a packet may overdraw it).
 */
static u64 shaper_slack(const struct kc_shaper *s, u32 rate)
{
	u64 burst;

	if (!s->unqueue)
		return 0;
	burst = s->burst_size;
	if (!burst)
		burst = max_t(u64, 1, div64_u64((u64)rate * s->burst_ns,
						1000000000ULL));
	if (!s->bytes)
		return shaper_cost(rate, burst - 1);
	return shaper_cost(rate, burst) ? shaper_cost(rate, burst) - 1 : 0;
}

/* 0 when a packet may go now, else the ns until it may. */
static u64 shaper_wait(struct kc_shaper *s, u64 now, u32 rate)
{
	u64 slack = shaper_slack(s, rate), tat;

	kc_lock(&s->lock);
	tat = s->tat;
	kc_unlock(&s->lock);
	return tat > now + slack ? tat - now - slack : 0;
}

/*
 * The slot p takes.  Normally it starts now or when the last one ended,
 * whichever is later.  But when a packet was kept waiting for its slot
 * (backlog) and the pull that brings it comes late -- the timer and the
 * tasklet took their time, which under load or emulation is a good part
 * of a 1.2 ms slot -- the slot starts where the last ended, up to
 * KC_SHAPE_CATCHUP_NS in the past: otherwise every late wake would be
 * capacity lost, and a 10 Mbit/s shaper in a slow guest passed 5.6.
 * After idle (a pull found the input empty) nothing is made up, so
 * there is no burst.
 */
static void shaper_take(struct kc_shaper *s, u64 now, u32 rate,
			struct kc_pkt *p)
{
	u64 cost = shaper_cost(rate, s->bytes ? kc_pkt_len(p) : 1);
	u64 start = now;

	kc_lock(&s->lock);
	if (READ_ONCE(s->backlog) && !s->unqueue && now > KC_SHAPE_CATCHUP_NS)
		start = now - KC_SHAPE_CATCHUP_NS;
	s->tat = max(s->tat, start) + cost;
	kc_unlock(&s->lock);
	atomic64_inc(&s->count);
}

/* Packet path. */
struct kc_pkt *kc_shaper_pull(struct kc_elem *e, int port)
{
	struct kc_shaper *s = kc_priv(e);
	u32 rate = READ_ONCE(s->rate);
	u64 now = kc_now_ns(), wait = shaper_wait(s, now, rate);
	struct kc_pkt *p;

	if (wait) {
		/* The slot's time (never 0): the task wakes the pullers then. */
		WRITE_ONCE(s->backlog, true);
		atomic64_set(&s->due, now + wait);
		kc_task_schedule_after(e, wait);
		return NULL;
	}
	p = kc_pull(e, 0);
	if (p)
		shaper_take(s, now, rate, p);
	else
		WRITE_ONCE(s->backlog, false);	/* idle: nothing to make up */
	return p;
}

/*
 * Task (softirq): when the slot a pull waited for has come, let whoever
 * pulls through us retry.  The engine counts the Shaper among its queue's
 * pullers (it has a task), so the queue wakes it too, and waking through
 * wakes it again.  A run before the slot's time must wake nobody: the
 * woken puller would pull too early, ask for the slot again, and the
 * queue's next packet (or, offline, this very wake) would run us again --
 * a ping-pong that never idles while the shaper waits (user/task.c's
 * WARN offline, a softirq spinning in the kernel).  Such a run re-arms the
 * timer (a no-op while an earlier one is armed) and goes back to sleep.
 */
void kc_shaper_run_task(struct kc_elem *e)
{
	struct kc_shaper *s = kc_priv(e);
	u64 due = atomic64_read(&s->due), now;

	if (!due)
		return;
	now = kc_now_ns();
	if (now < due) {
		kc_task_schedule_after(e, due - now);
		return;
	}
	if (atomic64_xchg(&s->due, 0))
		kc_wake_through(e);
}

/* Handlers: have the task wake the pullers now (time 1 is long past). */
static void shaper_kick(struct kc_elem *e)
{
	struct kc_shaper *s = kc_priv(e);

	atomic64_set(&s->due, 1);
	kc_task_schedule(e);
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
void kc_runq_run_task(struct kc_elem *e)
{
	struct kc_shaper *s = kc_priv(e);
	struct kc_pkt *p;
	u64 now, wait;
	u32 n, rate;

	for (n = 0; n < KC_RUNQ_BURST; n++) {
		if (!READ_ONCE(s->active))
			return;		/* the active handler reschedules */
		rate = READ_ONCE(s->rate);
		now = kc_now_ns();
		wait = shaper_wait(s, now, rate);
		if (wait) {
			kc_task_schedule_after(e, wait);
			return;
		}
		p = kc_pull(e, 0);
		if (!p)
			return;		/* the queue wakes us when it fills */
		shaper_take(s, now, rate, p);
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);		/* burst used up: more may be due */
}

static int shaper_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_shaper *s = kc_priv(e);

	if (s->bytes)
		kc_buf_bandwidth(b, READ_ONCE(s->rate));
	else
		kc_buf_printf(b, "%u", READ_ONCE(s->rate));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int shaper_write_rate(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct kc_shaper *s = kc_priv(e);
	u32 rate;

	if (shaper_rate(s, val, &rate, err))
		return -EINVAL;
	WRITE_ONCE(s->rate, rate);
	shaper_kick(e);		/* a waiting packet may go sooner */
	return 0;
}

static int shaper_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_shaper *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int shaper_write_reset(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	struct kc_shaper *s = kc_priv(e);

	kc_lock(&s->lock);
	s->tat = 0;
	kc_unlock(&s->lock);
	shaper_kick(e);
	return 0;
}

static int shaper_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_shaper *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

static int shaper_write_active(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct kc_shaper *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

const struct kc_handler kc_shaper_handlers[KC_SHAPER_NHANDLERS] = {
	{ .name = "rate", .read = shaper_read_rate, .write = shaper_write_rate },
	{ .name = "count", .read = shaper_read_count },
	{ .name = "reset", .write = shaper_write_reset },
};

const struct kc_handler kc_runq_handlers[KC_RUNQ_NHANDLERS] = {
	{ .name = "rate", .read = shaper_read_rate, .write = shaper_write_rate },
	{ .name = "count", .read = shaper_read_count },
	{ .name = "reset", .write = shaper_write_reset },
	{ .name = "active", .read = shaper_read_active,
	  .write = shaper_write_active },
};

const struct kc_class kc_shaper_class = {
	.name = "Shaper",
	.ports = "1/1",
	.processing = "l/l",
	.priv_size = sizeof(struct kc_shaper),
	.flags = KC_CLASS_F_TASK,
	.configure = kc_shaper_configure,
	.pull = kc_shaper_pull,
	.run_task = kc_shaper_run_task,
	.handlers = kc_shaper_handlers,
	.nhandlers = KC_SHAPER_NHANDLERS,
};
