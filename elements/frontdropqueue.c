// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FrontDropQueue([CAPACITY])
 * =s storage
 * stores packets in a drop-from-front FIFO queue
 * =d
 * A FIFO of at most CAPACITY packets (default 1000) like Queue, but a
 * packet arriving at a full queue is kept and the oldest one, at the
 * head, is dropped to make room: under overload the queue holds the
 * newest packets, which is what a receiver of fresh data (audio, state
 * updates, TCP's fast retransmit on a shorter delay) wants.  Dropped
 * packets are pushed out of output 1 if it is connected, else freed;
 * either way they are counted in `drops`.
 *
 * Pullers are woken when the queue goes from empty to non-empty, as
 * Queue's are.  A replacing graph's FrontDropQueue of the same name takes
 * over the queued packets, in order.
 * =h length read-only
 * Current number of packets queued.
 * =h highwater_length read-only
 * Largest length seen since the last reset.
 * =h capacity read/write
 * The capacity; writing a smaller one keeps the oldest packets that fit
 * (as Queue's does) and drops the rest.
 * =h drops read-only
 * Packets dropped from the head (and by a smaller capacity).
 * =h reset write-only
 * Resets drops and highwater_length.
 * =e
 *   FromDevice(eth0) -> FrontDropQueue(50) -> ToDevice(eth1);
 * =a Queue, NotifierQueue, RED
 */
#include "shared.h"

/* Packet path (softirq, RCU read side); several CPUs may push at once. */
static void frontdropqueue_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct queue *q = kc_priv(e);
	struct kc_pkt *old = NULL;
	bool was_empty;

	kc_lock(&q->lock);
	was_empty = !q->len;
	if (q->len >= q->capacity) {
		old = q->ring[q->head];
		q->head = (q->head + 1) % q->capacity;
		q->len--;
	}
	q->ring[(q->head + q->len) % q->capacity] = p;
	q->len++;
	if (q->len > q->highwater)
		q->highwater = q->len;
	kc_unlock(&q->lock);
	if (was_empty)
		kc_wake_pullers(e);
	if (!old)
		return;
	atomic64_inc(&q->drops);
	if (e->noutputs > 1)
		kc_push(e, 1, old);
	else
		kc_pkt_drop(old);
}

const struct kc_class kc_frontdropqueue_class = {
	.name = "FrontDropQueue",
	.ports = "1/1-2",
	.processing = "h/lh",
	.priv_size = sizeof(struct queue),
	.configure = kc_queue_configure,
	.push = frontdropqueue_push,
	.pull = kc_queue_pull,
	.take_state = kc_queue_take_state,
	.cleanup = kc_queue_cleanup,
	.handlers = kc_queue_handlers,
	.nhandlers = KC_QUEUE_NHANDLERS,
};
