// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FullNoteQueue([CAPACITY])
 * =s storage
 * stores packets in a FIFO queue that notifies its pullers and pushers
 * =d
 * Queue with Click's empty and full notification: at most CAPACITY
 * packets (default 1000), pushed in, pulled out, drops counted when full.
 * Empty notification is what every kclick queue does: a task whose pull
 * finds the queue empty sleeps, and the queue's first packet wakes it.
 * Full notification is the other direction: a source task upstream that
 * listens for it (InfiniteSource, as in Click) stops making packets while
 * the queue is full and sleeps, and the queue wakes it when a pull makes
 * room, so the source neither spins nor makes packets only to have them
 * dropped.  The tasks woken are those that push into the queue (found
 * when the graph is built, through push paths upstream: at most 8 of
 * them, within 64 elements); one that does not listen merely runs once
 * more.  Click's Queue is this element (FullNoteQueue is its old name);
 * kclick's Queue has empty notification only, so that a source feeding
 * it keeps its Click-2.0 behaviour of dropping at the queue.
 * =h length read-only
 * Current number of packets queued.
 * =h highwater_length read-only
 * Largest length seen since the last reset.
 * =h capacity read/write
 * The capacity; writing it keeps the queued packets that fit, and wakes
 * the sources if there is room.
 * =h drops read-only
 * Packets dropped because the queue was full.
 * =h reset write-only
 * Resets drops and highwater_length.
 * =e
 *   InfiniteSource(LIMIT -1) -> q :: FullNoteQueue(100) -> RatedUnqueue(1000)
 *     -> ToDevice(eth0);
 * =a Queue, NotifierQueue, InfiniteSource
 */
#include "shared.h"

#define FNQ_PUSHERS_MAX	8
#define FNQ_VISITS_MAX	64

struct fullnotequeue {
	struct queue q;		/* first: the kc_queue_* functions use it */
	struct kc_elem *pushers[FNQ_PUSHERS_MAX];
	u32 npushers;
};

static void fnq_wake(struct kc_elem *e)
{
	struct fullnotequeue *f = kc_priv(e);
	u32 i;

	for (i = 0; i < f->npushers; i++)
		kc_task_schedule(f->pushers[i]);
}

/* Process context: the tasks whose pushes reach e's input. */
static int fullnotequeue_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fullnotequeue *f = kc_priv(e);
	struct kc_elem *stack[FNQ_VISITS_MAX];
	int top = 0, visits = 0, p;
	u32 k;

	stack[top++] = e;
	while (top && visits < FNQ_VISITS_MAX) {
		struct kc_elem *x = stack[--top];

		for (p = 0; p < x->ninputs; p++) {
			if (x->in_proc[p] != KC_PUSH)
				continue;
			for (k = x->rev_base[p]; k < x->rev_base[p + 1]; k++) {
				struct kc_elem *up = x->rev[k].elem;

				if (++visits > FNQ_VISITS_MAX)
					return 0;
				if (up->cls->flags & KC_CLASS_F_TASK) {
					if (f->npushers < FNQ_PUSHERS_MAX)
						f->pushers[f->npushers++] = up;
				} else if (top < FNQ_VISITS_MAX) {
					stack[top++] = up;
				}
			}
		}
	}
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *fullnotequeue_pull(struct kc_elem *e, int port)
{
	struct queue *q = kc_priv(e);
	struct kc_pkt *p = NULL;
	bool was_full;

	kc_lock(&q->lock);
	was_full = q->len >= q->capacity;
	if (q->len) {
		p = q->ring[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->len--;
	}
	kc_unlock(&q->lock);
	if (p && was_full)
		fnq_wake(e);	/* room again: the sources may go on */
	return p;
}

/* Packet path: whether the FullNoteQueue q is full (a listener asks). */
bool kc_fullnote_full(struct kc_elem *q)
{
	struct queue *s = kc_priv(q);
	bool full;

	kc_lock(&s->lock);
	full = s->len >= s->capacity;
	kc_unlock(&s->lock);
	return full;
}

/*
 * Initialize time: the FullNoteQueue that e's push output port feeds
 * through a chain of one-output push elements (at most 16), or NULL:
 * what a listener (InfiniteSource) checks before making a packet.
 */
struct kc_elem *kc_fullnote_find(struct kc_elem *e, int port)
{
	struct kc_elem *x;
	int hops;

	if (port >= e->noutputs || e->out_proc[port] != KC_PUSH)
		return NULL;
	x = e->out[port].elem;
	for (hops = 0; hops < 16; hops++) {
		if (x->cls == &kc_fullnotequeue_class)
			return x;
		if (x->noutputs != 1 || x->out_proc[0] != KC_PUSH)
			return NULL;
		x = x->out[0].elem;
	}
	return NULL;
}

/* Handlers: Queue's, and a new capacity may make room. */
static int fnq_read_length(struct kc_elem *e, struct kc_buf *b)
{
	return kc_queue_handlers[0].read(e, b);
}

static int fnq_read_highwater(struct kc_elem *e, struct kc_buf *b)
{
	return kc_queue_handlers[1].read(e, b);
}

static int fnq_read_capacity(struct kc_elem *e, struct kc_buf *b)
{
	return kc_queue_handlers[2].read(e, b);
}

static int fnq_write_capacity(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	int ret = kc_queue_handlers[2].write(e, val, err);

	if (!ret)
		fnq_wake(e);
	return ret;
}

static int fnq_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_queue_handlers[3].read(e, b);
}

static int fnq_write_reset(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err)
{
	return kc_queue_handlers[4].write(e, val, err);
}

static const struct kc_handler fullnotequeue_handlers[KC_QUEUE_NHANDLERS] = {
	{ .name = "length", .read = fnq_read_length },
	{ .name = "highwater_length", .read = fnq_read_highwater },
	{ .name = "capacity", .read = fnq_read_capacity,
	  .write = fnq_write_capacity },
	{ .name = "drops", .read = fnq_read_drops },
	{ .name = "reset", .write = fnq_write_reset },
};

const struct kc_class kc_fullnotequeue_class = {
	.name = "FullNoteQueue",
	.ports = "1/1",
	.processing = "h/l",
	.priv_size = sizeof(struct fullnotequeue),
	.configure = kc_queue_configure,
	.initialize = fullnotequeue_initialize,
	.push = kc_queue_push,
	.pull = fullnotequeue_pull,
	.take_state = kc_queue_take_state,
	.cleanup = kc_queue_cleanup,
	.handlers = fullnotequeue_handlers,
	.nhandlers = KC_QUEUE_NHANDLERS,
};
