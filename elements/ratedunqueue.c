// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RatedUnqueue(RATE [, BURST_DURATION, BURST_SIZE, ACTIVE])
 * =s shaping
 * pull-to-push converter at RATE packets a second
 * =d
 * Pulls packets from its input and pushes them out of its output, at most
 * RATE packets a second (an integer, 1 to 1,000,000,000) on average, from
 * a token bucket that holds BURST_SIZE packets (default RATE times
 * BURST_DURATION, at least 1; BURST_DURATION defaults to Click's 20 ms).
 * When the bucket is empty the task sets an hrtimer for when the next
 * token comes; when the input is empty it sleeps until the queue wakes it.
 * Nothing polls.  A task run moves at most 32 packets.  In `kclick run`
 * the time is the run's virtual clock.
 * =over 8
 * =item BURST_DURATION
 * Time (Click's syntax: "20ms", "0.1"), 0 to 1 h: the bucket holds this
 * long's worth of RATE.  Not with BURST_SIZE.
 * =item BURST_SIZE
 * Integer: the bucket's size in packets.
 * =item ACTIVE
 * Boolean; when false nothing is pulled until the `active` handler sets
 * it true.  Default true.
 * =back
 * =h rate read/write
 * RATE; the bucket's size follows when it comes from BURST_DURATION.
 * =h count read-only
 * Packets moved.
 * =h active read/write
 * ACTIVE.
 * =h reset write-only
 * Fills the bucket.
 * =e
 *   FromDevice(eth0) -> Queue -> RatedUnqueue(1000) -> ToDevice(eth1);
 * =a Unqueue, BandwidthRatedUnqueue, Shaper
 */
#include "shared.h"

const struct kc_class kc_ratedunqueue_class = {
	.name = "RatedUnqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct kc_shaper),
	.flags = KC_CLASS_F_TASK,
	.configure = kc_runq_configure,
	.run_task = kc_runq_run_task,
	.handlers = kc_runq_handlers,
	.nhandlers = KC_RUNQ_NHANDLERS,
};
