// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * BandwidthShaper(RATE)
 * =s shaping
 * pull element that passes at most RATE bytes a second
 * =d
 * Shaper in bytes: RATE in Click's bandwidth syntax ("10Mbps",
 * "1.5MBps", "1000Bps"; a bare number is bytes a second), 1 B/s to
 * 4,294,967,295 B/s (34.3 Gbit/s).  A pull passes on to the input when the
 * packets already passed have had their time, len * 1e9 / RATE ns each;
 * the packet it brings then moves the next slot on by its own length.  A
 * pull that comes too early answers nothing and sets a timer, whose
 * expiry wakes the tasks that pull through it (as Shaper's); nothing
 * polls.  Lengths are the packet's bytes as kclick holds it (Ethernet
 * header included, no FCS or preamble).  Lateness of a pull while a
 * packet waited is made up to 10 ms, as Shaper's.  In `kclick run` the
 * time is the run's virtual clock.
 * =h rate read/write
 * RATE, read in Click's units ("10Mbps", "8kbps", "7Bps"); a write takes
 * effect from the next pull.
 * =h count read-only
 * Packets passed.
 * =h reset write-only
 * Forgets the debt: the next pull passes at once.
 * =e
 *   ... -> Queue -> BandwidthShaper(10Mbps) -> ToDevice(eth1);
 * =a Shaper, BandwidthRatedUnqueue
 */
#include "shared.h"

const struct kc_class kc_bandwidthshaper_class = {
	.name = "BandwidthShaper",
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
