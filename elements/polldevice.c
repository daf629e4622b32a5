// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * PollDevice(DEVNAME [, PROMISC, KEYWORDS])
 * =s netdevices
 * receives packets from a network device (Click's polling receive)
 * =d
 * Click's PollDevice polls a patched driver's receive ring instead of
 * taking interrupts.  kclick maps it to its fastest receive path for the
 * device: XDP (as FromDevice's METHOD XDP: the graph runs on the driver's
 * buffer before any skb exists) when the device's driver has native XDP,
 * the module has its XDP kfunc and every element after the PollDevice
 * takes XDP frames (Counter, Classifier, Paint, PaintSwitch, Discard,
 * EtherMirror, ToDevice, ToHost TYPE ETHER); else the device's
 * rx_handler, which already runs in the driver's NAPI poll.  The
 * `mapping` handler says which it took and why, and `kclick show` points
 * at it.  Most Click graphs put a Queue after a PollDevice: those stay on
 * the rx_handler.  An explicit METHOD (LINUX or XDP) is obeyed as by
 * FromDevice, and SNIFFER means the rx_handler.  Otherwise PollDevice
 * takes FromDevice's arguments and handlers.
 * =h devname read-only
 * The device's name.
 * =h count read-only
 * Packets pushed to output 0.
 * =h drops read-only
 * Packets lost before the graph for want of memory.
 * =h method read-only
 * LINUX or XDP: the path it took.
 * =h mapping read-only
 * The path and why, e.g. `XDP: native XDP on eth0, and every element after
 * it takes XDP frames` or `LINUX: element 'q' (Queue) cannot take XDP
 * frames`.
 * =e
 *   PollDevice(eth0) -> Queue -> ToDevice(eth1);
 * =a FromDevice
 */
#include "shared.h"

static int polldevice_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromdevice *fd = kc_priv(e);
	int ret = kc_fromdevice_configure(e, args);

	fd->poll_auto = !ret && !fd->method_set && !fd->sniffer;
	return ret;
}

const struct kc_class kc_polldevice_class = {
	.name = "PollDevice",
	.ports = "0/1",
	.processing = "/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct fromdevice),
	.configure = polldevice_configure,
	.initialize = kc_fromdevice_initialize,
	.push = kc_fromdevice_push,
	.cleanup = kc_fromdevice_cleanup,
	.handlers = kc_fromdevice_handlers,
	.nhandlers = KC_FROMDEVICE_NHANDLERS,
};
