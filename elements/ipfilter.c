// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPFilter(ACTION_1 PATTERN_1, ..., ACTION_N PATTERN_N)
 * =s ip
 * filters IP packets by contents
 * =d
 * Filters IP packets by the first rule whose PATTERN matches.  ACTION is
 * `allow` (output 0), `deny` or `drop` (dropped), or an output number.
 * Packets that match no rule are dropped.  An ACTION alone (`allow`)
 * matches every packet.  Patterns are Click's language, as IPClassifier
 * describes it: `src host 10.0.0.1 && dst tcp port 22`, `icmp echo`,
 * `dst net 10.0.0.0/8 or dst port 80 or 443`, `!(ip frag)`,
 * `transp[13] & 2 != 0`, `tcp ? dst port 80 : icmp`, `-` ...
 *
 * The rules are compiled when the element is configured into a decision
 * tree that looks at each packet field at most once, so a packet costs
 * about the same with 10 rules as with 1,000.  The IP header is found
 * through the IP header annotation (CheckIPHeader, MarkIPHeader), or at
 * the start of the data.
 * =h config read/write
 * The rules.  Writing new rules compiles them and swaps the program in
 * atomically; packets see either the old rules or the new ones.  Bad
 * rules are refused and the old ones stay.
 * =h program read-only
 * The compiled decision tree (its first lines).
 * =h drops read-only
 * Packets dropped by a rule or by matching none.
 * =e
 *   FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> IPFilter(
 *       allow tcp dst port 22,
 *       allow icmp type echo,
 *       deny all) -> Unstrip(14) -> ToDevice(eth1);
 * =a IPClassifier, CheckIPHeader
 */
#include <kclick/classify.h>

static int ipfilter_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_cls_elem_configure(e, args, KC_CLS_IPFILTER);
}

static const struct kc_handler ipfilter_handlers[] = {
	{ .name = "config", .read = kc_cls_elem_read_config,
	  .write = kc_cls_elem_write_config },
	{ .name = "program", .read = kc_cls_elem_read_program },
	{ .name = "drops", .read = kc_cls_elem_read_drops },
};

const struct kc_class kc_ipfilter_class = {
	.name = "IPFilter",
	.ports = "1/1-",
	.processing = "h/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct kc_cls_elem),
	.pcpu_size = sizeof(u64),
	.configure = ipfilter_configure,
	.push = kc_cls_elem_push,
	.cleanup = kc_cls_elem_cleanup,
	.handlers = ipfilter_handlers,
	.nhandlers = ARRAY_SIZE(ipfilter_handlers),
};
