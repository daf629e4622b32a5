// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetUDPChecksum()
 * =s udp
 * sets UDP packets' checksums
 * =d
 * Expects UDP/IP packets with the IP header annotation (else the IP header
 * is at the start of the data); the protocol field is not checked.  Sets
 * the UDP checksum over the UDP length with the pseudo-header (0xffff for
 * a sum of 0).  A fragment, or a packet whose UDP length is below 8 or
 * beyond the IP payload, leaves on output 1 if there is one and is
 * dropped otherwise.
 *
 * In the kernel, a CHECKSUM_PARTIAL packet whose pending checksum is this
 * one (a local socket's, left to the device or to GSO), and a GSO packet
 * with no checksum pending (GRO's merge: segmentation sums each segment),
 * gets the pseudo-header sum of its current IP header written into the
 * field and keeps the rest for the device or segmentation: counted in
 * offloaded.  If the pending checksum is another header's, it is
 * completed in software first, then this one is set in software; a GSO
 * packet cannot be completed here and is treated as a bad packet.
 * =h count read-only
 * Packets whose checksum was set (or left to offload).
 * =h offloaded read-only
 * Of those, packets whose checksum the device or segmentation completes.
 * =h drops read-only
 * Packets that could not have a checksum set.
 * =e
 *   ... -> CheckIPHeader -> SetUDPChecksum -> ...
 * =a CheckUDPHeader, SetTCPChecksum, SetIPChecksum, UDPIPEncap
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

static int setudpchecksum_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_l4set_configure(e, args, KC_IPPROTO_UDP);
}

const struct kc_class kc_setudpchecksum_class = {
	.name = "SetUDPChecksum",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct kc_l4set),
	.pcpu_size = sizeof(struct kc_l4set_pcpu),
	.configure = setudpchecksum_configure,
	.push = kc_l4set_push,
	.pull = kc_l4set_pull,
	.handlers = kc_l4set_handlers,
	.nhandlers = KC_L4S_NHANDLERS,
};
