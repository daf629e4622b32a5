// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * CheckTCPHeader([KEYWORDS])
 * =s tcp
 * checks TCP header on TCP/IP packets
 * =d
 * Expects TCP/IP packets with the IP header annotation (CheckIPHeader,
 * MarkIPHeader; else the IP header is at the start of the data).  Checks
 * that the packet is TCP, not a fragment, that the IP payload holds at
 * least 20 bytes, that the data offset is at least 5 words and within the
 * payload, and the checksum (with the pseudo-header).
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
 * Failures per reason: not TCP, bad packet length, bad checksum, fragment.
 * =e
 *   ... -> CheckIPHeader(14) -> CheckTCPHeader -> ...
 * =a CheckIPHeader, CheckUDPHeader, CheckICMPHeader, SetTCPChecksum
 */
#include <kclick/proto.h>
#include "lib/kc_l4.h"

static int checktcpheader_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_l4check_configure(e, args, KC_IPPROTO_TCP);
}

const struct kc_class kc_checktcpheader_class = {
	.name = "CheckTCPHeader",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct kc_l4check),
	.pcpu_size = sizeof(struct kc_l4c_pcpu),
	.configure = checktcpheader_configure,
	.push = kc_l4check_push,
	.pull = kc_l4check_pull,
	.handlers = kc_l4check_handlers,
	.nhandlers = KC_L4C_NHANDLERS,
};
