// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetTCPChecksum()
 * =s tcp
 * sets TCP packets' checksums
 * =d
 * Expects TCP/IP packets with the IP header annotation (else the IP header
 * is at the start of the data); the protocol field is not checked.  Sets
 * the TCP checksum over the IP payload with the pseudo-header.  A
 * fragment, or a packet whose IP payload is shorter than a TCP header,
 * leaves on output 1 if there is one and is dropped otherwise.  Click's
 * FIXOFF argument is not supported.
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
 *   ... -> CheckIPHeader -> SetTCPChecksum -> ...
 * =a CheckTCPHeader, SetUDPChecksum, SetIPChecksum
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

static int settcpchecksum_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_l4set_configure(e, args, KC_IPPROTO_TCP);
}

const struct kc_class kc_settcpchecksum_class = {
	.name = "SetTCPChecksum",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct kc_l4set),
	.pcpu_size = sizeof(struct kc_l4set_pcpu),
	.configure = settcpchecksum_configure,
	.push = kc_l4set_push,
	.pull = kc_l4set_pull,
	.handlers = kc_l4set_handlers,
	.nhandlers = KC_L4S_NHANDLERS,
};
