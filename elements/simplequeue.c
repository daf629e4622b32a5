// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SimpleQueue([CAPACITY])
 * =s storage
 * stores packets in a FIFO queue
 * =d
 * The same FIFO as Queue, under Click's other name: at most CAPACITY
 * packets (default 1000), pushed in, pulled out, drops counted when full.
 * Click's SimpleQueue is the variant without multi-thread safety; kclick
 * has only the safe one (its lock is the queue's own), so the two names
 * behave alike and existing configurations keep working.
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
 *   ... -> SimpleQueue(200) -> ToDevice(eth0);
 * =a Queue, ToDevice
 */
#include "shared.h"

const struct kc_class kc_simplequeue_class = {
	.name = "SimpleQueue",
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
