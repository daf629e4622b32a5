// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * BandwidthRatedUnqueue(RATE [, BURST_DURATION, BURST_BYTES, ACTIVE])
 * =s shaping
 * pull-to-push converter at RATE bytes a second
 * =d
 * RatedUnqueue in bytes: RATE in Click's bandwidth syntax ("10Mbps",
 * "1.5MBps", "1000Bps"; a bare number is bytes a second), 1 B/s to
 * 4,294,967,295 B/s.  The token bucket holds BURST_BYTES (default RATE
 * times BURST_DURATION, 20 ms as in Click).  A packet is pulled while the
 * bucket holds any credit, and takes its whole length out (the bucket may
 * go into debt by one packet: Click's element reserves 131,072 bytes
 * for the same purpose).  Lengths are the packet's bytes as kclick holds
 * it (Ethernet header included).  Waiting is an hrtimer, as in
 * RatedUnqueue; a task run moves at most 32 packets.
 * =over 8
 * =item BURST_DURATION
 * Time, 0 to 1 h.  Not with BURST_BYTES.
 * =item BURST_BYTES
 * Integer: the bucket's size in bytes.
 * =item ACTIVE
 * Boolean.  Default true.
 * =back
 * =h rate read/write
 * RATE, read in Click's units ("10Mbps").
 * =h count read-only
 * Packets moved.
 * =h active read/write
 * ACTIVE.
 * =h reset write-only
 * Fills the bucket.
 * =e
 *   ... -> Queue -> BandwidthRatedUnqueue(10Mbps) -> ToDevice(eth1);
 * =a RatedUnqueue, BandwidthShaper
 */
#include "shared.h"

const struct kc_class kc_bandwidthratedunqueue_class = {
	.name = "BandwidthRatedUnqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct kc_shaper),
	.flags = KC_CLASS_F_TASK,
	.configure = kc_runq_configure,
	.run_task = kc_runq_run_task,
	.handlers = kc_runq_handlers,
	.nhandlers = KC_RUNQ_NHANDLERS,
};
