// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * DriverManager(INSTRUCTIONS...)
 * =s control
 * a Script that manages driver stop events
 * =d
 * A Script whose TYPE is DRIVER: it decides when the driver stops.  Click
 * elements raise driver stop events (a trace ran out, a Script said
 * `stop`); with a DriverManager each event steps its script instead (past
 * a `pause` or a `wait`), and the driver stops only when the script ends.
 *
 * In `kclick run` the driver is the run loop: all inputs running dry is
 * one stop event, and the run then goes on, on the virtual clock, until
 * the DriverManager's script ends (or 600 s of virtual time pass, or
 * nothing is left to run).  So
 *
 *   DriverManager(pause, wait 2s, write c.reset, stop)
 *
 * lets two seconds of timers run after the last packet and resets c.
 * Without a DriverManager a run ends when its inputs are exhausted (and
 * 10 s of timers after) or when any Script says `stop`.
 *
 * In the kernel an installed graph runs until `kclick remove`: a
 * DriverManager runs as an ACTIVE script and its end stops nothing (a
 * `stop` is logged).  A configuration has at most one DriverManager.
 * =h run read/write
 * As Script's.
 * =h step write-only
 * As Script's; a driver stop event is one step.
 * =h goto write-only
 * As Script's.
 * =h errors read-only
 * As Script's.
 * =e
 *   FromDevice(eth0) -> c :: Counter -> Discard;
 *   DriverManager(pause, print $(c.count), stop);
 * =a Script
 */
#include "shared.h"

const struct kc_class kc_drivermanager_class = {
	.name = "DriverManager",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct script),
	.configure = kc_drivermanager_configure,
	.initialize = kc_script_initialize,
	.cleanup = kc_script_cleanup,
	.handlers = kc_script_handlers,
	.nhandlers = KC_SCRIPT_NHANDLERS,
};
