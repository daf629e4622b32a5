// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * LinkUnqueue(LATENCY, BANDWIDTH)
 * =s shaping
 * link emulator
 * =d
 * Pulls packets from its input and pushes them out as a serial link of
 * latency LATENCY (Click's time syntax, 0 to 1 hour) and bandwidth
 * BANDWIDTH (Click's bandwidth syntax, "384kbps"; at least 100 B/s, as in
 * Click) would deliver them: a packet of L bytes takes L / BANDWIDTH to
 * put on the link, starting when the packet ahead of it is on, and
 * arrives LATENCY after it is all on.  So every packet is delayed at
 * least LATENCY + L / BANDWIDTH, packets leave in order, and a busy
 * link carries exactly BANDWIDTH.  Lengths are the packet's bytes as
 * kclick holds it (Ethernet header included; Click adds its "extra
 * length" annotation, which kclick does not have).
 *
 * LinkUnqueue stores only the packets in transit: it pulls the next one
 * only when the link is free to take it (the last one is all on), so to
 * emulate a link fed by a queue, put a Queue in front.  At most 4,096
 * packets are in transit at once (a 1-second, 10 Mbit/s link of 1500-byte
 * packets holds about 830); at that bound it pulls again when one leaves.
 * While its input is empty its task sleeps until the queue wakes it; while
 * the link is busy it sleeps on a timer; nothing polls.  A task run that
 * comes late (the timer's latency, a busy CPU) starts the next packet where
 * the last one ended, up to 1 ms in the past, so the long-run rate holds.
 * A packet leaves with its timestamp set to the time it left.  At most 64
 * packets enter and 64 leave in one task run.  In `kclick run` the time is
 * the run's virtual clock.  Packets in transit are freed when the graph
 * goes away.
 * =h latency read-only
 * LATENCY, in seconds.
 * =h bandwidth read-only
 * BANDWIDTH, in Click's units ("10Mbps").
 * =h size read-only
 * Packets in transit.
 * =h reset write-only
 * Drops every packet in transit.
 * =e
 *   FromDevice(eth0) -> Queue(100) -> LinkUnqueue(20ms, 1Mbps)
 *     -> ToDevice(eth1);
 * =a DelayUnqueue, BandwidthRatedUnqueue, Queue
 */
#include <kclick/element.h>

#define LINKUNQ_LATENCY_MAX	(3600ULL * 1000000000ULL)	/* 1 hour */
#define LINKUNQ_RING		4096	/* packets in transit */
#define LINKUNQ_BURST		64	/* in, and out, per task run */
#define LINKUNQ_CATCHUP_NS	1000000ULL	/* 1 ms */

struct linkunqueue {
	u64 latency;
	u32 bandwidth;		/* bytes a second, >= 100 */
	kc_lock_t lock;		/* the ring, against the reset handler */
	struct kc_pkt **ring;
	u64 *exit;		/* when ring[i] leaves */
	u32 head, len;
	/* The task's alone (a task never runs on two CPUs at once). */
	u64 end;		/* the last packet is all on the link */
	bool b2b;		/* the last pull brought a packet */
};

static int linkunqueue_configure(struct kc_elem *e, struct kc_args *args)
{
	struct linkunqueue *l = kc_priv(e);
	char *lat = NULL, *bw = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "LATENCY", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &lat },
		{ "BANDWIDTH", KC_ARG_STR,
		  KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY, &bw },
	};

	kc_lock_init(&l->lock);
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = kc_parse_time_in("LATENCY", lat, 0, LINKUNQ_LATENCY_MAX,
				       &l->latency, args->err);
	if (!ret)
		ret = kc_parse_bandwidth("BANDWIDTH", bw, &l->bandwidth,
					 args->err);
	if (!ret && l->bandwidth < 100)
		ret = kc_errf(args->err, EINVAL,
			      "BANDWIDTH: '%s' is below the minimum, 100Bps", bw);
	kc_free(lat);
	kc_free(bw);
	if (ret)
		return -EINVAL;
	l->ring = kc_zalloc(LINKUNQ_RING * sizeof(*l->ring));
	l->exit = kc_zalloc(LINKUNQ_RING * sizeof(*l->exit));
	return l->ring && l->exit ? 0 : -ENOMEM;
}

enum linkunq_stop {
	LINKUNQ_IDLE,		/* the input is empty: the queue wakes us */
	LINKUNQ_BUSY,		/* the link takes the next packet at end */
	LINKUNQ_FULL,		/* the ring is full: wait for the head */
	LINKUNQ_MORE,		/* burst used up */
};

/* Pull packets onto the link while it is free to take them. */
static enum linkunq_stop linkunq_take(struct kc_elem *e,
				      struct linkunqueue *l, u64 now)
{
	struct kc_pkt *p;
	u64 start;
	u32 n;

	for (n = 0; n < LINKUNQ_BURST; n++) {
		if (l->end > now)
			return LINKUNQ_BUSY;
		if (READ_ONCE(l->len) >= LINKUNQ_RING)
			return LINKUNQ_FULL;
		p = kc_pull(e, 0);
		if (!p) {
			l->b2b = false;
			return LINKUNQ_IDLE;
		}
		start = now;
		if (l->b2b)	/* the link never went idle: no gap */
			start = max(l->end, now > LINKUNQ_CATCHUP_NS ?
					    now - LINKUNQ_CATCHUP_NS : 0);
		l->end = start + div64_u64((u64)kc_pkt_len(p) * 1000000000ULL,
					   l->bandwidth);
		l->b2b = true;
		kc_lock(&l->lock);
		l->ring[(l->head + l->len) % LINKUNQ_RING] = p;
		l->exit[(l->head + l->len) % LINKUNQ_RING] = l->end +
							     l->latency;
		l->len++;
		kc_unlock(&l->lock);
	}
	return LINKUNQ_MORE;
}

/* Task (softirq, RCU read side). */
static void linkunqueue_run_task(struct kc_elem *e)
{
	struct linkunqueue *l = kc_priv(e);
	u64 now = kc_now_ns(), next = 0;
	enum linkunq_stop stop;
	bool more = false;
	struct kc_pkt *p;
	u32 n;

	stop = linkunq_take(e, l, now);
	for (n = 0; !more; n++) {
		p = NULL;
		kc_lock(&l->lock);
		if (l->len && l->exit[l->head] > now) {
			next = l->exit[l->head];
		} else if (l->len && n == LINKUNQ_BURST) {
			more = true;
		} else if (l->len) {
			p = l->ring[l->head];
			l->head = (l->head + 1) % LINKUNQ_RING;
			l->len--;
		}
		kc_unlock(&l->lock);
		if (!p)
			break;
		kc_pkt_set_tstamp_ns(p, kc_realtime_ns());
		kc_push(e, 0, p);
	}
	if (more || stop == LINKUNQ_MORE || (stop == LINKUNQ_FULL && n)) {
		kc_task_schedule(e);	/* a bound cut the run short */
		return;
	}
	/* The input may hold more: come back when the link is free. */
	if (stop == LINKUNQ_BUSY && (!next || l->end < next))
		next = l->end;
	if (next)
		kc_task_schedule_after(e, next - now);
}

static void linkunq_flush(struct linkunqueue *l)
{
	struct kc_pkt **pkts;
	u32 i, n;

	pkts = kc_zalloc(LINKUNQ_RING * sizeof(*pkts));
	if (!pkts)
		return;
	kc_lock(&l->lock);
	for (n = 0; l->len; n++) {
		pkts[n] = l->ring[l->head];
		l->head = (l->head + 1) % LINKUNQ_RING;
		l->len--;
	}
	kc_unlock(&l->lock);
	for (i = 0; i < n; i++)
		kc_pkt_drop(pkts[i]);
	kc_free(pkts);
}

static void linkunqueue_cleanup(struct kc_elem *e)
{
	struct linkunqueue *l = kc_priv(e);
	u32 i;

	for (i = 0; l->ring && i < l->len; i++)
		kc_pkt_drop(l->ring[(l->head + i) % LINKUNQ_RING]);
	kc_free(l->ring);
	kc_free(l->exit);
}

/* Handlers: process context, graph lock held. */
static int linkunqueue_read_latency(struct kc_elem *e, struct kc_buf *b)
{
	struct linkunqueue *l = kc_priv(e);

	kc_buf_time(b, l->latency);
	return 0;
}

static int linkunqueue_read_bandwidth(struct kc_elem *e, struct kc_buf *b)
{
	struct linkunqueue *l = kc_priv(e);

	kc_buf_bandwidth(b, l->bandwidth);
	return 0;
}

static int linkunqueue_read_size(struct kc_elem *e, struct kc_buf *b)
{
	struct linkunqueue *l = kc_priv(e);
	u32 n;

	kc_lock(&l->lock);
	n = l->len;
	kc_unlock(&l->lock);
	kc_buf_printf(b, "%u", n);
	return 0;
}

static int linkunqueue_write_reset(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	linkunq_flush(kc_priv(e));
	kc_task_schedule(e);	/* the link is free: pull again */
	return 0;
}

static const struct kc_handler linkunqueue_handlers[] = {
	{ .name = "latency", .read = linkunqueue_read_latency },
	{ .name = "bandwidth", .read = linkunqueue_read_bandwidth },
	{ .name = "size", .read = linkunqueue_read_size },
	{ .name = "reset", .write = linkunqueue_write_reset },
};

const struct kc_class kc_linkunqueue_class = {
	.name = "LinkUnqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct linkunqueue),
	.flags = KC_CLASS_F_TASK,
	.configure = linkunqueue_configure,
	.run_task = linkunqueue_run_task,
	.cleanup = linkunqueue_cleanup,
	.handlers = linkunqueue_handlers,
	.nhandlers = ARRAY_SIZE(linkunqueue_handlers),
};
