// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Queue([CAPACITY])
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * Stores packets pushed to its input in a first-in first-out queue of at
 * most CAPACITY packets (default 1000), and hands them out when its output
 * is pulled.  A packet arriving at a full queue is dropped and counted.
 *
 * Several CPUs may push at once; the queue takes its own lock, never a
 * global one.  When the queue goes from empty to non-empty it wakes the
 * tasks that pull from it (ToDevice, Unqueue), so nothing polls an empty
 * queue.  A replacing graph's Queue of the same name takes over the queued
 * packets, in order, ahead of any that arrived since the swap.
 * =h length read-only
 * Current number of packets queued.
 * =h highwater_length read-only
 * Largest length seen since the last reset.
 * =h capacity read/write
 * The capacity; writing it keeps the queued packets that fit.
 * =h drops read-only
 * Packets dropped because the queue was full.
 * =h reset write-only
 * Resets drops and highwater_length.
 * =e
 *   FromDevice(eth0) -> Queue(512) -> ToDevice(eth1);
 * =a ToDevice, SimpleQueue
 */
#include "shared.h"

#define QUEUE_CAPACITY_MAX	(1U << 20)

int kc_queue_configure(struct kc_elem *e, struct kc_args *args)
{
	struct queue *q = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "CAPACITY", KC_ARG_U32, KC_ARGF_POSITIONAL, &q->capacity },
	};
	int ret;

	q->capacity = 1000;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	if (!q->capacity || q->capacity > QUEUE_CAPACITY_MAX)
		return kc_errf(args->err, EINVAL,
			       "CAPACITY: must be 1 to %u", QUEUE_CAPACITY_MAX);
	kc_lock_init(&q->lock);
	q->ring = kc_zalloc(q->capacity * sizeof(*q->ring));
	return q->ring ? 0 : -ENOMEM;
}

/* Packet path (softirq, RCU read side). */
void kc_queue_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct queue *q = kc_priv(e);
	bool was_empty;

	kc_lock(&q->lock);
	if (q->len >= q->capacity) {
		kc_unlock(&q->lock);
		atomic64_inc(&q->drops);
		kc_pkt_drop(p);
		return;
	}
	was_empty = !q->len;
	q->ring[(q->head + q->len) % q->capacity] = p;
	q->len++;
	if (q->len > q->highwater)
		q->highwater = q->len;
	kc_unlock(&q->lock);
	if (was_empty)
		kc_wake_pullers(e);
}

struct kc_pkt *kc_queue_pull(struct kc_elem *e, int port)
{
	struct queue *q = kc_priv(e);
	struct kc_pkt *p = NULL;

	kc_lock(&q->lock);
	if (q->len) {
		p = q->ring[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->len--;
	}
	kc_unlock(&q->lock);
	return p;
}

static int queue_read_u32(struct kc_buf *b, struct queue *q, const u32 *field)
{
	u32 v;

	kc_lock(&q->lock);
	v = *field;
	kc_unlock(&q->lock);
	kc_buf_printf(b, "%u", v);
	return 0;
}

static int queue_read_length(struct kc_elem *e, struct kc_buf *b)
{
	struct queue *q = kc_priv(e);

	return queue_read_u32(b, q, &q->len);
}

static int queue_read_highwater(struct kc_elem *e, struct kc_buf *b)
{
	struct queue *q = kc_priv(e);

	return queue_read_u32(b, q, &q->highwater);
}

static int queue_read_capacity(struct kc_elem *e, struct kc_buf *b)
{
	struct queue *q = kc_priv(e);

	return queue_read_u32(b, q, &q->capacity);
}

static int queue_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct queue *q = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&q->drops));
	return 0;
}

/*
 * Rebuild q with cap slots: front[] (oldest first, e.g. a replaced graph's
 * queue) goes ahead of what q holds.  What does not fit is dropped from the
 * tail and counted.  Process context; q may be live on other CPUs, so the
 * ring is allocated before taking the lock and packets are freed after.
 * On success every packet of front[] is moved or dropped.
 */
static int queue_refill(struct queue *q, u32 cap, struct kc_pkt **front,
			u32 nfront)
{
	struct kc_pkt **ring, **old_ring;
	u32 n = 0, i, old_head, old_len, old_cap, dropped = 0;

	ring = kc_zalloc(cap * sizeof(*ring));
	if (!ring)
		return -ENOMEM;
	kc_lock(&q->lock);
	for (i = 0; i < nfront && n < cap; i++) {
		ring[n++] = front[i];
		front[i] = NULL;
	}
	old_ring = q->ring;
	old_head = q->head;
	old_len = q->len;
	old_cap = q->capacity;
	for (i = 0; i < old_len && n < cap; i++)
		ring[n++] = old_ring[(old_head + i) % old_cap];
	q->ring = ring;
	q->head = 0;
	q->len = n;
	q->capacity = cap;
	if (n > q->highwater)
		q->highwater = n;
	kc_unlock(&q->lock);

	for (; i < old_len; i++, dropped++)
		kc_pkt_drop(old_ring[(old_head + i) % old_cap]);
	for (i = 0; i < nfront; i++)
		if (front[i]) {
			kc_pkt_drop(front[i]);
			dropped++;
		}
	atomic64_add(dropped, &q->drops);
	kc_free(old_ring);
	return 0;
}

static int queue_write_capacity(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct queue *q = kc_priv(e);
	u32 cap;
	int ret;

	ret = kc_arg_value("CAPACITY", val, KC_ARG_U32, &cap, 0, err);
	if (ret)
		return ret;
	if (!cap || cap > QUEUE_CAPACITY_MAX)
		return kc_errf(err, EINVAL, "CAPACITY: must be 1 to %u",
			       QUEUE_CAPACITY_MAX);
	return queue_refill(q, cap, NULL, 0);
}

static int queue_write_reset(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct queue *q = kc_priv(e);

	atomic64_set(&q->drops, 0);
	kc_lock(&q->lock);
	q->highwater = q->len;
	kc_unlock(&q->lock);
	return 0;
}

/* The old graph is stopped: its queue is ours to empty. */
void kc_queue_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct queue *q = kc_priv(e), *oq = kc_priv(old);
	struct kc_pkt **pkts;
	u32 i, n = oq->len;

	atomic64_add(atomic64_read(&oq->drops), &q->drops);
	if (!n)
		return;
	/* On failure the packets stay in the old queue, which drops them. */
	pkts = kc_zalloc(n * sizeof(*pkts));
	if (!pkts)
		return;
	for (i = 0; i < n; i++)
		pkts[i] = oq->ring[(oq->head + i) % oq->capacity];
	if (!queue_refill(q, q->capacity, pkts, n))
		oq->len = 0;
	kc_free(pkts);
	kc_wake_pullers(e);
}

void kc_queue_cleanup(struct kc_elem *e)
{
	struct queue *q = kc_priv(e);
	u32 i;

	if (!q->ring)
		return;
	for (i = 0; i < q->len; i++)
		kc_pkt_drop(q->ring[(q->head + i) % q->capacity]);
	kc_free(q->ring);
}

const struct kc_handler kc_queue_handlers[KC_QUEUE_NHANDLERS] = {
	{ .name = "length", .read = queue_read_length },
	{ .name = "highwater_length", .read = queue_read_highwater },
	{ .name = "capacity", .read = queue_read_capacity,
	  .write = queue_write_capacity },
	{ .name = "drops", .read = queue_read_drops },
	{ .name = "reset", .write = queue_write_reset },
};

const struct kc_class kc_queue_class = {
	.name = "Queue",
	.ports = "1/1",
	.processing = "h/l",
	.priv_size = sizeof(struct queue),
	.configure = kc_queue_configure,
	.push = kc_queue_push,
	.pull = kc_queue_pull,
	.take_state = kc_queue_take_state,
	.cleanup = kc_queue_cleanup,
	.handlers = kc_queue_handlers,
	.nhandlers = KC_QUEUE_NHANDLERS,
};
