// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * CheckIPHeader2([OFFSET, KEYWORDS])
 * =s ip
 * checks IP header, no checksum
 * =d
 * CheckIPHeader without the checksum check (CHECKSUM false is the
 * default): the version, header length, total length and source address
 * checks, the IP header annotation and the trim to the IP length are the
 * same.  For paths where the checksum was already verified (or the device
 * did it).  Takes the same keywords: OFFSET, CHECKSUM, BADSRC.
 * =h count read-only
 * Packets that passed.
 * =h drops read-only
 * Packets that failed a check.
 * =h drop_details read-only
 * Failures per check.
 * =e
 *   FromDevice(eth0) -> CheckIPHeader2(14) -> ...
 * =a CheckIPHeader, MarkIPHeader
 */
#include "shared.h"

static int checkipheader2_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_checkipheader_setup(e, args, false);
}

const struct kc_class kc_checkipheader2_class = {
	.name = "CheckIPHeader2",
	.ports = "1/1-2",
	.processing = "a/ah",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct checkipheader),
	.pcpu_size = sizeof(struct cih_pcpu),
	.configure = checkipheader2_configure,
	.push = kc_checkipheader_push,
	.pull = kc_checkipheader_pull,
	.handlers = kc_checkipheader_handlers,
	.nhandlers = KC_CIH_NHANDLERS,
};
