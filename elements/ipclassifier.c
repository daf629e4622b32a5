// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPClassifier(PATTERN_1, ..., PATTERN_N)
 * =s ip
 * classifies IP packets by contents
 * =d
 * Sends each packet to the output of the first PATTERN it matches (one
 * output per pattern); a packet matching none is dropped.  Patterns are
 * Click's tcpdump-like language, all of it but `ether host`:
 *
 * - `src host A`, `dst host A`, `host A` (either), `src and dst host A`,
 *   `src net A/LEN`, `net A/M.M.M.M`, `net A mask M` (any mask:
 *   `(addr & M) == (A & M)`), shortened prefixes `10/8`, `18.26/16`;
 *   `src A`, `A` and `tcp A` (host implied, the protocol too);
 * - `tcp`, `udp`, `icmp`, `proto icmp`, `ip proto P` (a number or a name:
 *   icmp, igmp, ipip, tcp, udp, dccp, gre, esp, ah, sctp, tcpudp);
 * - `src port P`, `dst port P`, `port P`, `tcp dst port P`,
 *   `dst tcp ssh`, `www` (port implied); Click's port names: echo,
 *   discard, daytime, chargen, ftp-data, ftp, ssh, telnet, smtp, domain,
 *   dns, bootps, bootpc, tftp, finger, www, http, pop3, sunrpc, auth,
 *   nntp, ntp, netbios-ns, netbios-dgm, netbios-ssn, imap, snmp,
 *   snmp-trap, irc, imap3, https, rip, route, imaps, pop3s, pptp;
 * - `tcp opt syn`, `tcp syn`, `syn`, `fin ack` (both), `tcp opt N` (all
 *   bits of N); flags syn, ack, fin, rst, psh, urg;
 * - `icmp type T`, `icmp echo-reply`, `echo-reply` (types echo,
 *   echo-reply, unreachable, sourcequench, redirect, routeradvert,
 *   routersolicit, timeexceeded, parameterproblem, timestamp,
 *   timestamp-reply, inforeq, inforeq-reply, maskreq, maskreq-reply);
 * - `ip tos`, `ip dscp`, `ip ttl`, `ip id`, `ip vers`, `ip hl`, `ip len`,
 *   `ip ect`, `ip ce`, `ip frag`, `ip unfrag`, `tcp win`;
 * - `ip[POS]`, `ip[POS:LEN]`, `ip[POS,END]` (LEN 1 to 4 bytes from the IP
 *   header), `transp[...]` (from the transport header, first fragments
 *   only), `tcp[...]`, `udp[...]`, `icmp[...]` (that protocol too);
 * - a mask on any of these: `transp[1] & 128 == 0`,
 *   `src tcp port & 10 == 8`;
 * - relations `== N` (or just `N`), `!= N`, `< N`, `> N`, `<= N`,
 *   `>= N`, and kclick's ranges `N-M`;
 * - `and`/`&&` (also implied between two tests), `or`/`||`, `not`/`!`,
 *   parentheses, `C ? T : E` (the `:` between spaces); `true`, `false`,
 *   `all`, `any`, `-`;
 * - a bare value repeats the test before it: `dst port 80 or 443`,
 *   `src host 10.0.0.1 or 10.0.0.2`.
 *
 * As in Click, a relation's `!=`, `<`, `<=` and `>=` are the "not" of
 * `==` or `>`, and that "not" covers both ends of a src-or-dst test:
 * `port != 80` has neither port 80, `port < 1024` both ports below 1024,
 * `port > 1023` either above.  The protocol and first-fragment parts stay
 * outside it: `src tcp port != 5` matches TCP first fragments only, while
 * `not src tcp port 5` matches everything else too.  A field the packet
 * does not have (ports of ICMP, a byte past its end) matches no relation
 * and every `not`.  At most 12 different header fields beyond the named
 * ones (`ip id`, `ip dscp`, `tcp win`, `[POS:LEN]`, masked values,
 * non-prefix masks) per element; offsets below 8,192.  Compiled as
 * IPFilter is.
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
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct kc_cls_elem),
	.pcpu_size = sizeof(u64),
	.configure = ipclassifier_configure,
	.push = kc_cls_elem_push,
	.cleanup = kc_cls_elem_cleanup,
	.handlers = ipclassifier_handlers,
	.nhandlers = ARRAY_SIZE(ipclassifier_handlers),
};
