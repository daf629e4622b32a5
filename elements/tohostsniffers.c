// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToHostSniffers([DEVNAME, KEYWORDS])
 * =s netdevices
 * hands packets to the host's packet sniffers only
 * =d
 * Gives each packet (starting at its Ethernet header) to the packet
 * sockets of DEVNAME (or of the device the packet arrived on): tcpdump
 * and other sniffers see it, the host's stack does not.  The same element
 * as ToHost with SNIFFERS true by default; the same keywords.
 *
 * Linux 6.1 offers modules one way into its taps, the one transmit uses,
 * so sniffers see these packets as outgoing on the device (tcpdump's
 * direction "out", `-Q out`), not incoming.
 * =h count read-only
 * Packets handed to the sniffers.
 * =h drops read-only
 * Packets dropped because there was no device.
 * =h reset write-only
 * Resets both counts.
 * =e
 *   FromDevice(eth0) -> IPClassifier(tcp port 22, -)[1] -> ToHostSniffers;
 * =a ToHost, FromDevice
 */
#include "shared.h"

static int tohostsniffers_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_tohost_setup(e, args, true);
}

const struct kc_class kc_tohostsniffers_class = {
	.name = "ToHostSniffers",
	.ports = "1/0",
	.processing = "h/",
	.priv_size = sizeof(struct tohost),
	.pcpu_size = sizeof(struct tohost_pcpu),
	.configure = tohostsniffers_configure,
	.initialize = kc_tohost_initialize,
	.push = kc_tohost_push,
	.take_state = kc_tohost_take_state,
	.cleanup = kc_tohost_cleanup,
	.handlers = kc_tohost_handlers,
	.nhandlers = KC_TOHOST_NHANDLERS,
};
