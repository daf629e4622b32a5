// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * NotifierQueue([CAPACITY])
 * =s storage
 * stores packets in a FIFO queue that notifies its pullers
 * =d
 * Queue under Click's name for a queue with empty notification: at most
 * CAPACITY packets (default 1000), pushed in, pulled out, drops counted
 * when full.  Click's NotifierQueue tells the elements pulling from it
 * when it goes empty and when an empty queue gets a packet, so they need
 * not poll it.  In kclick that notification is the task code's sleep and
 * wake, and every queue has it: a task whose pull finds the queue empty
 * is not scheduled again, and the queue wakes the tasks that pull from it
 * (ToDevice, Unqueue, the shapers' pullers) when its first packet
 * arrives.  Click delays the "empty" notice a little to avoid thrashing;
 * here a puller goes to sleep on its first empty pull, which costs one
 * wake per burst of traffic.
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
 *   FromDevice(eth0) -> NotifierQueue(200) -> Unqueue -> ToDevice(eth1);
 * =a Queue, FullNoteQueue, FrontDropQueue
 */
#include "shared.h"

const struct kc_class kc_notifierqueue_class = {
	.name = "NotifierQueue",
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
