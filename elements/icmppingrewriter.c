// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ICMPPingRewriter(INPUTSPEC1, ..., INPUTSPECn [, KEYWORDS])
 * ICMPPingRewriter(SRC, DST [, KEYWORDS])
 * =s nat
 * rewrites ICMP echo requests and replies
 * =d
 * Rewrites ICMP echo requests and replies by changing their source and
 * destination addresses and ICMP identifiers, so pings pass through a
 * NAT.  The identifier plays the role of a port: an INPUTSPEC's source
 * port range (e.g. "pattern 1.0.0.1 40000-49999 - - 0 1") is the range
 * new identifiers are taken from, and no two mappings to the same
 * destination get the same one.
 *
 * Each echo request without a mapping is handled by the INPUTSPEC of its
 * input port, as in IPRewriter ('drop', 'pass OUT', 'keep FOUT ROUT',
 * 'pattern ...', a pattern name or a mapper).  A mapping from (src, dst,
 * ident) to (src2, dst2, ident2) rewrites requests, and rewrites replies
 * (dst2, src2, ident2) back to (dst, src, ident); requests go to FOUT,
 * replies to ROUT.  Echo replies without a mapping, other ICMP types,
 * non-ICMP packets and fragments past the first are dropped, unless
 * their input's spec is 'pass OUT' (then they leave on OUT unchanged).
 * The ICMP checksum is updated with the identifier (and recomputed in
 * full in the one case where the incremental result could be the wrong
 * zero).
 *
 * The second form is Click 1.x's, found in Click's conf/thomer-nat.click:
 * SRC and DST are addresses or '-' (unchanged); requests on input 0 get
 * SRC, DST and a fresh identifier (allocated in turn from 1-65535) and
 * leave on output 0, replies to them on the last output.  On input 0 an
 * echo reply without a mapping leaves on the last output unchanged (a
 * reply to the host itself); on input 1, if there is one, packets
 * without a mapping are dropped.  Click 2.1 no longer accepts this form
 * (there 'eth0-ex' must name a mapper); kclick does, with addresses only
 * (kclick has no AddressInfo).
 *
 * Keywords: TIMEOUT, how long (seconds or `5min`) a mapping lives after its last packet
 * (default 300); DST_ANNO, set the destination address annotation to the
 * rewritten destination (default true); MAPPING_CAPACITY (or CAPACITY),
 * the most mappings (default 65536; new requests beyond are dropped and
 * counted).
 * =h table read-only
 * The mappings, "icmp (src, ident, dst, ident+1) => (src2, ident2, dst2,
 * ident2+1) [FOUT/ROUT] idle Ns" (Click's flow IDs for echo requests
 * carry identifier + 1 as the destination port).
 * =h size read-only
 * Number of mappings.
 * =h capacity read/write
 * The most mappings.
 * =h clear write-only
 * Removes every mapping.
 * =h stats read-only
 * Packets mapped, that made a mapping, passed, dropped, bad; mappings
 * made, refused (full, clash, memory), expired.
 * =h patterns read-only
 * The patterns of the input specs, with the flows each holds.
 * =e
 *   // thomer-nat.click's ping NAT, Click 2.1 style:
 *   irw :: ICMPPingRewriter(pattern 1.0.0.1 40000-49999 - - 0 1, drop);
 *   // the same, Click 1.x style (unmatched replies to output 1):
 *   irw :: ICMPPingRewriter(1.0.0.1, -);
 * =a IPRewriter, ICMPRewriter, ICMPPingResponder
 */
#include "lib/kc_rewriter.h"

struct icmppingrw {
	struct kc_rw rw;	/* first: kc_rw_of() */
	bool old_form;		/* ICMPPingRewriter(SRC, DST) */
};

/* Click 1.x's SRC or DST: an address or '-'. */
static bool icmppingrw_addr_word(const struct kc_arg *a)
{
	__be32 x;

	return !a->key && (!strcmp(a->val, "-") || !kc_parse_ip4(a->val, &x));
}

static int icmppingrw_configure(struct kc_elem *e, struct kc_args *args)
{
	struct icmppingrw *r = kc_priv(e);
	const struct kc_rw_config cfg = {
		.keywords = KC_RW_K_TIMEOUT | KC_RW_K_DST_ANNO,
		.timeout_tclass = KC_FLOW_T_OTHER,
		.timeout_def = { [KC_FLOW_T_OTHER] = 300 },
	};
	char spec[96];
	int i, npos = 0;

	for (i = 0; i < args->n; i++)
		if (!args->v[i].key)
			npos++;
	/*
	 * Click 1.x's (SRC, DST): two positional addresses, first.  As an
	 * input spec list it would be two specs that are not specs.
	 */
	if (npos == 2 && args->n >= 2 && icmppingrw_addr_word(&args->v[0]) &&
	    icmppingrw_addr_word(&args->v[1])) {
		if (e->ninputs > 2 || e->noutputs > 2)
			return kc_errf(args->err, EINVAL,
				       "ICMPPingRewriter(SRC, DST) has 1 or 2 inputs and 1 or 2 outputs");
		snprintf(spec, sizeof(spec), "pattern %s 1-65535# %s - 0 %u",
			 args->v[0].val, args->v[1].val, e->noutputs - 1);
		args->v[0].val = spec;
		if (e->ninputs == 2) {
			args->v[1].val = "drop";
		} else {
			memmove(&args->v[1], &args->v[2],
				(args->n - 2) * sizeof(args->v[0]));
			args->n--;
		}
		r->old_form = true;
	}
	return kc_rw_configure(e, args, &cfg);
}

static void icmppingrw_count(struct kc_rw *rw, enum kc_rw_counter c)
{
	this_cpu_inc(rw->ctr[c]);
}

/*
 * Packet path: set the identifier of the ICMP echo at off (its 8-byte
 * header writable) to id, updating the checksum.  len is the ICMP
 * message's length, for the full recomputation.
 */
static int icmppingrw_set_ident(struct kc_pkt *p, unsigned int off,
				unsigned int len, __be16 id)
{
	u8 *icmp = kc_pkt_data(p) + off;
	__sum16 *sum = (__sum16 *)(icmp + 2);
	__be16 from;

	memcpy(&from, icmp + 4, 2);
	if (from == id)
		return 0;
	kc_pkt_l4_csum_replace2(p, sum, from, id, false);
	memcpy(icmp + 4, &id, 2);
	/*
	 * RFC 1624's update can leave 0x0000 where a full sum gives 0xffff
	 * (a message whose words all sum to +0): recompute that one case.
	 */
	if (!*sum && !kc_pkt_csum_partial(p)) {
		if (!kc_pkt_may_pull(p, off + len) ||
		    kc_pkt_make_writable(p, off + len))
			return -ENOMEM;
		icmp = kc_pkt_data(p) + off;
		icmp[2] = 0;
		icmp[3] = 0;
		kc_put16(icmp + 2, kc_csum_fold(kc_csum_add(0, icmp, len)));
	}
	return 0;
}

/* Packet path (softirq, rcu_read_lock held). */
static void icmppingrw_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct icmppingrw *r = kc_priv(e);
	struct kc_rw *rw = &r->rw;
	struct kc_flow_entry *x;
	struct kc_flowid id, to;
	unsigned int hl, len;
	int off, verdict;
	bool echo;
	u16 ident;
	u64 now;
	u8 *ip;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto bad;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	len = min_t(unsigned int, kc_get16(ip + 2), kc_pkt_len(p) - off);
	if ((ip[0] >> 4) != 4 || hl < KC_IP_HLEN || len < hl)
		goto bad;
	if (ip[9] != KC_IPPROTO_ICMP || (kc_get16(ip + 6) & KC_IP_OFFMASK) ||
	    len < hl + 8 || !kc_pkt_may_pull(p, off + hl + 8))
		goto unmapped;
	ip = kc_pkt_data(p) + off;
	if (ip[hl] != KC_ICMP_ECHO && ip[hl] != KC_ICMP_ECHOREPLY)
		goto unmapped;
	echo = ip[hl] == KC_ICMP_ECHO;
	ident = kc_get16(ip + hl + 4);
	/* Requests (s, id, d, id + 1); replies (s, id + 1, d, id). */
	kc_flowid_set(&id, KC_IPPROTO_ICMP, *(__be32 *)(ip + 12),
		      cpu_to_be16(ident + !echo), *(__be32 *)(ip + 16),
		      cpu_to_be16(ident + echo));
	now = kc_now_coarse_ns();
	x = kc_rw_lookup(rw, &id);
	if (x) {
		icmppingrw_count(rw, KC_RW_C_MAPPED);
	} else {
		if (!echo)
			goto unmapped;
		x = kc_rw_map(rw, port, &id, p, KC_FLOW_T_OTHER, now, &verdict);
		if (!x) {
			if (verdict == KC_RW_VERDICT_DROP) {
				icmppingrw_count(rw, KC_RW_C_DROPPED);
				kc_drop(e, p);
			} else {
				icmppingrw_count(rw, KC_RW_C_PASSED);
				kc_push(e, verdict, p);
			}
			return;
		}
		icmppingrw_count(rw, KC_RW_C_NEW);
	}
	kc_flow_touch(kc_flow_of(x), now);
	kc_flow_rewritten(x, &to);
	if (kc_rw_rewrite(p, off, &to) ||
	    kc_pkt_make_writable(p, off + hl + 8) ||
	    icmppingrw_set_ident(p, off + hl, len - hl,
				 echo ? to.sport : to.dport))
		goto bad;
	if (rw->dst_anno)
		kc_pkt_anno(p)->dst_ip = to.daddr;
	kc_push(e, x->output, p);
	return;
unmapped:
	if (r->old_form && port == 0) {
		icmppingrw_count(rw, KC_RW_C_PASSED);
		kc_push(e, e->noutputs - 1, p);
		return;
	}
	if ((u32)port < rw->ninputs && rw->in[port].kind == KC_RW_PASS) {
		icmppingrw_count(rw, KC_RW_C_PASSED);
		kc_push(e, rw->in[port].fout, p);
		return;
	}
	icmppingrw_count(rw, KC_RW_C_DROPPED);
	kc_drop(e, p);
	return;
bad:
	icmppingrw_count(rw, KC_RW_C_BAD);
	kc_drop(e, p);
}

const struct kc_class kc_icmppingrewriter_class = {
	.name = "ICMPPingRewriter",
	.ports = "1-/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct icmppingrw),
	.pcpu_size = KC_RW_NCOUNTERS * sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = icmppingrw_configure,
	.initialize = kc_rw_initialize,
	.push = icmppingrw_push,
	.run_task = kc_rw_run_task,
	.take_state = kc_rw_take_state,
	.cleanup = kc_rw_cleanup,
	.handlers = kc_rw_handlers,
	.nhandlers = KC_RW_NHANDLERS,
	.cast = kc_rw_cast,
};
