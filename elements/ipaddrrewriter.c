// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPAddrRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * =s nat
 * rewrites IP packets' addresses
 * =d
 * Basic NAT: rewrites the source address of packets from an inside
 * host, and the destination address of the packets that come back, for
 * any IP protocol, with the IP checksum and the TCP or UDP checksum
 * (whose pseudo-header holds the addresses) updated incrementally.
 *
 * A mapping is per inside address.  A packet whose source address has a
 * mapping is rewritten to the mapped source and leaves on the mapping's
 * FOUTPUT; a packet whose destination is a mapped address is rewritten
 * back to the inside address and leaves on ROUTPUT.  Otherwise the
 * INPUTSPEC of its input port decides: 'drop', 'pass OUT', 'keep FOUT
 * ROUT', a mapper, or 'pattern SADDR - FOUTPUT ROUTPUT' (Click's
 * address-only pattern: SADDR the address to use, '-' to keep it; the
 * destination must be '-'), or 'pattern NAME FOUT ROUT' naming such a
 * pattern in an IPRewriterPatterns.  Each SADDR serves one inside
 * address at a time: a second inside host's first packet while the
 * first one's mapping lives is dropped and counted as a clash.  Click's
 * address ranges ('L-H', 'ADDR/PFX') are not supported.
 *
 * Keywords: TIMEOUT, how long (seconds or `5min`) a mapping lives after its last packet
 * (default 7200); MAPPING_CAPACITY (or CAPACITY), the most mappings.  The
 * destination annotation of rewritten replies is set to the inside
 * address.
 * =h table read-only
 * The mappings, "ip (inside, 0, 0.0.0.0, 0) => (outside, 0, 0.0.0.0, 0)
 * [FOUT/ROUT] idle Ns".
 * =h size read-only
 * Number of mappings.
 * =h capacity read/write
 * The most mappings.
 * =h clear write-only
 * Removes every mapping.
 * =h stats read-only
 * Packets mapped, that made a mapping, passed, dropped, bad; mappings
 * made, refused, expired.
 * =e
 *   rw :: IPAddrRewriter(pattern 1.0.0.1 - 0 1, drop);
 *   inside -> [0]rw;  outside -> [1]rw;
 *   rw[0] -> to_outside;  rw[1] -> to_inside;
 * =a IPAddrPairRewriter, IPRewriter, ICMPRewriter
 */
#include "lib/kc_rewriter.h"
#include "shared.h"

static int ipaddrrw_configure(struct kc_elem *e, struct kc_args *args)
{
	const struct kc_rw_config cfg = {
		.keywords = KC_RW_K_TIMEOUT,
		.timeout_tclass = KC_FLOW_T_OTHER,
		.timeout_def = { [KC_FLOW_T_OTHER] = 7200 },
	};

	return kc_rw_configure(e, args, &cfg);
}

/* Named patterns are known from here on: check every pattern's fields. */
int kc_ipaddrrw_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct kc_rw *rw = kc_priv(e);
	bool pair = e->cls == &kc_ipaddrpairrewriter_class;
	u8 bad = KC_RW_PAT_SPORT | KC_RW_PAT_DPORT | KC_RW_PAT_RANGE |
		 (pair ? 0 : KC_RW_PAT_DADDR);
	int ret = kc_rw_initialize(e, err);
	u32 i;

	if (ret)
		return ret;
	for (i = 0; i < rw->ninputs; i++)
		if (rw->in[i].pat && (rw->in[i].pat->flags & bad))
			return kc_errf(err, EINVAL,
				       pair ? "input spec %u: the pattern must be 'SADDR DADDR' (no ports)"
					    : "input spec %u: the pattern must be 'SADDR -' (no ports, no destination)",
				       i);
	return 0;
}

static void ipaddrrw_count(struct kc_rw *rw, enum kc_rw_counter c)
{
	this_cpu_inc(rw->ctr[c]);
}

/*
 * Packet path (softirq, rcu_read_lock held), both classes.  Mappings are
 * address-only flow IDs (protocol 0, ports 0): IPAddrRewriter's forward
 * ID is (src, 0, 0, 0), so its reply ID is (0, 0, mapped src, 0);
 * IPAddrPairRewriter's is (src, 0, dst, 0).  A 0 address in what a
 * mapping rewrites to means "unchanged".
 */
void kc_ipaddrrw_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_rw *rw = kc_priv(e);
	bool pair = e->cls == &kc_ipaddrpairrewriter_class;
	struct kc_flowid pid, key, to;
	struct kc_flow_entry *x;
	int off, r, verdict;
	u64 now;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	r = off < 0 ? -1 : kc_rw_flowid(p, off, &pid);
	if (r < 0) {
		ipaddrrw_count(rw, KC_RW_C_BAD);
		kc_drop(e, p);
		return;
	}
	now = kc_now_coarse_ns();
	kc_flowid_set(&key, 0, pid.saddr, 0, pair ? pid.daddr : 0, 0);
	x = kc_rw_lookup(rw, &key);
	if (!x && !pair) {
		struct kc_flowid rkey;

		kc_flowid_set(&rkey, 0, 0, 0, pid.daddr, 0);
		x = kc_rw_lookup(rw, &rkey);
	}
	if (x) {
		ipaddrrw_count(rw, KC_RW_C_MAPPED);
	} else {
		x = kc_rw_map(rw, port, &key, p, KC_FLOW_T_OTHER, now,
			      &verdict);
		if (!x) {
			if (verdict == KC_RW_VERDICT_DROP) {
				ipaddrrw_count(rw, KC_RW_C_DROPPED);
				kc_drop(e, p);
			} else {
				ipaddrrw_count(rw, KC_RW_C_PASSED);
				kc_push(e, verdict, p);
			}
			return;
		}
		ipaddrrw_count(rw, KC_RW_C_NEW);
	}
	kc_flow_touch(kc_flow_of(x), now);
	kc_flow_rewritten(x, &to);
	/* Ports as they are; addresses the mapping leaves at 0 as well. */
	if (to.saddr)
		pid.saddr = to.saddr;
	if (to.daddr)
		pid.daddr = to.daddr;
	if (kc_rw_rewrite(p, off, &pid)) {
		ipaddrrw_count(rw, KC_RW_C_BAD);
		kc_drop(e, p);
		return;
	}
	if (x->dir == KC_FLOW_REPLY || pair)
		kc_pkt_anno(p)->dst_ip = pid.daddr;
	kc_push(e, x->output, p);
}

const struct kc_class kc_ipaddrrewriter_class = {
	.name = "IPAddrRewriter",
	.ports = "1-/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_rw),
	.pcpu_size = KC_RW_NCOUNTERS * sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = ipaddrrw_configure,
	.initialize = kc_ipaddrrw_initialize,
	.push = kc_ipaddrrw_push,
	.run_task = kc_rw_run_task,
	.take_state = kc_rw_take_state,
	.cleanup = kc_rw_cleanup,
	.handlers = kc_rw_handlers,
	.nhandlers = KC_RW_NHANDLERS,
	.cast = kc_rw_cast,
};
