// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PollDevice(DEVNAME [, PROMISC, KEYWORDS])
 * =s netdevices
 * receives packets from a network device (Click's polling receive)
 * =d
 * Click's PollDevice polls a patched driver's receive ring instead of
 * taking interrupts.  kclick has one receive path today, the device's
 * rx_handler, which already runs in the driver's NAPI poll: PollDevice is
 * FromDevice under Click's other name, with FromDevice's arguments
 * (PROMISC, SNIFFER, BURST...) and handlers, so Click configurations
 * install unchanged.  `kclick show` says so next to the element.
 * `PollDevice(DEV, METHOD XDP)` takes the XDP path as FromDevice does;
 * without METHOD it stays on the rx_handler (mapping PollDevice to XDP
 * where the driver has native XDP is not done: most Click graphs after a
 * PollDevice have a Queue, which XDP frames cannot enter).
 * =h devname read-only
 * The device's name.
 * =h count read-only
 * Packets pushed to output 0.
 * =h drops read-only
 * Packets lost before the graph for want of memory.
 * =h method read-only
 * LINUX or XDP.
 * =e
 *   PollDevice(eth0) -> Queue -> ToDevice(eth1);
 * =a FromDevice
 */
#include "shared.h"

const struct kc_class kc_polldevice_class = {
	.name = "PollDevice",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromdevice),
	.configure = kc_fromdevice_configure,
	.initialize = kc_fromdevice_initialize,
	.push = kc_fromdevice_push,
	.cleanup = kc_fromdevice_cleanup,
	.handlers = kc_fromdevice_handlers,
	.nhandlers = KC_FROMDEVICE_NHANDLERS,
};
