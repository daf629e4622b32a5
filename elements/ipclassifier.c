// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPClassifier(PATTERN_1, ..., PATTERN_N)
 * =s ip
 * classifies IP packets by contents
 * =d
 * Sends each packet to the output of the first PATTERN it matches (one
 * output per pattern); a packet matching none is dropped.  Patterns are
 * expressions in a tcpdump-like language:
 *
 * - `src host A`, `dst host A`, `host A` (either), `src net A/LEN`,
 *   `net A mask M`, `src A` (host implied);
 * - `tcp`, `udp`, `icmp`, `ip proto P` (a number or a name);
 * - `src port P`, `dst port P`, `port P`, `tcp dst port P`,
 *   `src udp port P` (names: www, https, ssh, domain, ...);
 * - `tcp opt syn|ack|fin|rst|psh|urg`, `icmp type T` (echo,
 *   echo-reply, unreachable, time-exceeded, or a number);
 * - `ip tos N`, `ip ttl N`, `ip vers N`, `ip hl N`, `ip len N`,
 *   `ip frag`, `ip unfrag`;
 * - values as `N`, ranges `N-M`, and comparisons `< N`, `> N`, `<= N`,
 *   `>= N`, `== N`, `!= N`;
 * - `and`/`&&` (also implied between two conditions), `or`/`||`,
 *   `not`/`!`, parentheses; `true`, `false`, `all`, `-`;
 * - a bare value after `or` repeats the qualifiers before it:
 *   `dst port 80 or 443`.
 *
 * Ports and ICMP types exist only in first fragments of their protocol:
 * `dst port 80` never matches an ICMP packet, and `not dst port 80`
 * always does.  Only prefix masks are supported.  Compiled as IPFilter is.
 * =h config read/write
 * The patterns; writing recompiles and swaps atomically.
 * =h program read-only
 * The compiled decision tree (its first lines).
 * =h drops read-only
 * Packets that matched no pattern.
 * =e
 *   ... -> CheckIPHeader -> c :: IPClassifier(tcp, udp, -);
 *   c[0] -> ...; c[1] -> ...; c[2] -> Discard;
 * =a IPFilter, CheckIPHeader
 */
#include <kclick/classify.h>

static int ipclassifier_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_cls_elem_configure(e, args, KC_CLS_IPCLASSIFIER);
}

static const struct kc_handler ipclassifier_handlers[] = {
	{ .name = "config", .read = kc_cls_elem_read_config,
	  .write = kc_cls_elem_write_config },
	{ .name = "program", .read = kc_cls_elem_read_program },
	{ .name = "drops", .read = kc_cls_elem_read_drops },
};

const struct kc_class kc_ipclassifier_class = {
	.name = "IPClassifier",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_cls_elem),
	.pcpu_size = sizeof(u64),
	.configure = ipclassifier_configure,
	.push = kc_cls_elem_push,
	.cleanup = kc_cls_elem_cleanup,
	.handlers = ipclassifier_handlers,
	.nhandlers = ARRAY_SIZE(ipclassifier_handlers),
};
