// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * CheckUDPHeader([KEYWORDS])
 * =s udp
 * checks UDP header on UDP/IP packets
 * =d
 * Expects UDP/IP packets with the IP header annotation (CheckIPHeader,
 * MarkIPHeader; else the IP header is at the start of the data).  Checks
 * that the packet is UDP, not a fragment, that the UDP length is at least
 * 8 and within the IP payload, and the checksum (over the UDP length, with
 * the pseudo-header) unless it is 0 (none sent).
 * A good packet leaves on output 0 unchanged.  A bad one leaves on output
 * 1 if there is one, and is dropped otherwise; the first bad packet is
 * reported in the log (kernel log, rate limited; standard error offline).
 *
 * In the kernel a packet whose checksum is CHECKSUM_PARTIAL (sent by a
 * local socket, its checksum left to the device) is valid by offload, and
 * a GSO packet (GRO's merge of verified segments, or a local
 * super-packet) gets its segments' checksums at segmentation: such a
 * packet's checksum field holds only the pseudo-header sum, so it is not
 * verified; the lengths still are.
 *
 * Keyword arguments:
 * =over 8
 * =item VERBOSE
 * Boolean.  If true, every bad packet is reported, not just the first.
 * Default false.
 * =item DETAILS
 * Boolean, accepted for Click's sake: the counts per reason are always
 * kept and drop_details is always readable.  Default false.
 * =back
 * =h count read-only
 * Packets that passed.
 * =h drops read-only
 * Packets that failed a check.
 * =h drop_details read-only
 * Failures per reason: not UDP, bad packet length, bad checksum, fragment.
 * =e
 *   ... -> CheckIPHeader(14) -> CheckUDPHeader -> ...
 * =a CheckIPHeader, CheckTCPHeader, CheckICMPHeader, SetUDPChecksum
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

static int checkudpheader_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_l4check_configure(e, args, KC_IPPROTO_UDP);
}

const struct kc_class kc_checkudpheader_class = {
	.name = "CheckUDPHeader",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct kc_l4check),
	.pcpu_size = sizeof(struct kc_l4c_pcpu),
	.configure = checkudpheader_configure,
	.push = kc_l4check_push,
	.pull = kc_l4check_pull,
	.handlers = kc_l4check_handlers,
	.nhandlers = KC_L4C_NHANDLERS,
};
