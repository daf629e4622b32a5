// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * BandwidthMeter(RATE1, RATE2, ..., RATEn)
 * =s shaping
 * classifies packet stream by arrival rate (bytes/s)
 * =d
 * Meter in bytes: each RATE is a bandwidth in Click's syntax ("384 kbps",
 * "20kBps"; a bare number is bytes a second), 1 B/s to 4,294,967,295 B/s,
 * each above the one before, at most 16.  Packets go to output 0 while
 * the measured rate is below RATE1, to output 1 from RATE1 to below
 * RATE2, and so on; n rates need n + 1 outputs.  The rate is the same
 * moving average as Meter's, of the packets' lengths as kclick holds them
 * (Ethernet header included).
 * =h rate read-only
 * The rate measured now, bytes a second (an integer).
 * =h meters read-only
 * The rates given, one a line, in Click's units ("384kbps").
 * =e
 * Drop a stream while it comes faster than 20,000 bytes a second:
 *   ... -> m :: BandwidthMeter(20kBps) -> ...;
 *   m[1] -> Discard;
 * =a Meter, BandwidthShaper
 */
#include "meter.h"

const struct kc_class kc_bandwidthmeter_class = {
	.name = "BandwidthMeter",
	.ports = "1/2-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_meter),
	.configure = kc_meter_configure,
	.push = kc_meter_push,
	.handlers = kc_meter_handlers,
	.nhandlers = KC_METER_NHANDLERS,
};
