// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * AggregateIPFlows([KEYWORDS])
 * =s ipmeasure
 * sets aggregate annotation based on flow
 * =d
 * Follows TCP and UDP flows and sets each packet's aggregate annotation
 * to its flow's number and its paint annotation to its direction: 0 for
 * the direction of the flow's first packet, 1 for replies (the same
 * addresses and ports swapped, the same number).  Flows are numbered
 * from 1 in the order they appear (on several CPUs at once, in the order
 * they took their numbers).  Packets that are not TCP or UDP, too short
 * for their ports, or second and later fragments, leave on output 1, or
 * are dropped if there is none.  Expects IPv4 packets with the IP header
 * annotation (CheckIPHeader), else the IP header at the data's start.
 *
 * A flow idle for longer than its timeout dies: its next packet starts a
 * new flow, with a new number, in the direction of that packet.  A TCP
 * flow that has seen a FIN each way, or a RST, has TCP_DONE_TIMEOUT; a
 * SYN on such a flow starts a new one at once, as in Click.  Times are
 * the packet path's clock (in `kclick run`, the pcap's timestamps, so
 * Click's "packet time").
 *
 * kclick keeps at most CAPACITY flows (not in Click): a table allocated
 * at configure (40 bytes a slot, a power of two of slots at least twice
 * CAPACITY) filled lock-free (elements/aggregate.h).  Dead flows keep
 * their slots, which only `clear` empties: a new flow past CAPACITY goes
 * to output 1 (or is dropped) and is counted in `full`.  A replaced
 * graph's AggregateIPFlows of the same name carries its flows and their
 * numbers over.
 * =over 8
 * =item TCP_TIMEOUT
 * Time (Click's syntax), default 24 hours.
 * =item TCP_DONE_TIMEOUT
 * Time, default 30 seconds.
 * =item UDP_TIMEOUT
 * Time, default 1 minute.
 * =item ICMP
 * Boolean, default false.  When true an ICMP error (destination
 * unreachable, source quench, redirect, time exceeded, parameter problem)
 * quoting a packet of a known flow gets that flow's number and paint 2
 * plus the quoted packet's direction; other ICMP goes to output 1.
 * =item FRAGMENTS
 * Boolean, accepted.  Click holds second and later fragments until it
 * has their first's ports; kclick holds no packets, and sends them to
 * output 1 as Click does with FRAGMENTS false.
 * =item FRAGMENT_TIMEOUT, REAP
 * Times, accepted; nothing here is kept to wait or reap.
 * =item CAPACITY
 * Flows at most, 1 to 1,048,576; default 65,536.
 * =back
 * Click's TRACEINFO and SOURCE (a file of per-flow records, userlevel
 * Click only) are refused.
 * =h clear write-only
 * Forgets every flow: later packets get new numbers.
 * =h flows read-only
 * Flow numbers given out so far (not in Click).
 * =h full read-only
 * New flows refused for want of room (not in Click).
 * =e
 *   FromDump(trace.pcap, FORCE_IP true) -> af :: AggregateIPFlows
 *     -> ac :: AggregateCounter -> Discard;
 * =a AggregateCounter, IPRateMonitor
 */
#include <kclick/proto.h>
#include "aggregate.h"

#define AIF_CAPACITY_DEF	65536
#define AIF_CAPACITY_MAX	(1U << 20)
#define AIF_STAMP_NS		(1000 * 1000ULL)	/* last_ns grain */
#define AIF_OVER_DONE		3	/* flow_over: RST, or FIN each way */

struct aif_key {
	__be32 a, b;		/* a's (address, port) below b's */
	__be16 pa, pb;
	u8 proto;
	u8 pad[3];
};

struct aif_slot {
	atomic64_t state;	/* aggregate.h */
	struct aif_key key;	/* written while BUSY */
	/* aggregate | reverse << 32 | flow_over << 33 */
	atomic64_t info;
	u64 last_ns;		/* the flow's latest packet, to AIF_STAMP_NS */
};

struct aif_pcpu {
	u64 full;
};

struct aif {
	u64 tcp_ns, done_ns, udp_ns, frag_ns, reap_ns;
	bool icmp, fragments;
	u32 capacity, mask;
	u32 gen;
	u64 seed;
	struct aif_slot *slots;
	struct aif_pcpu __percpu *pc;
	atomic64_t nflows;		/* slots taken this generation */
	atomic64_t next;		/* the next flow number */
};

static int aif_configure(struct kc_elem *e, struct kc_args *args)
{
	struct aif *f = kc_priv(e);
	char *traceinfo = NULL, *source = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "TCP_TIMEOUT", KC_ARG_TIME, 0, &f->tcp_ns },
		{ "TCP_DONE_TIMEOUT", KC_ARG_TIME, 0, &f->done_ns },
		{ "UDP_TIMEOUT", KC_ARG_TIME, 0, &f->udp_ns },
		{ "FRAGMENT_TIMEOUT", KC_ARG_TIME, 0, &f->frag_ns },
		{ "REAP", KC_ARG_TIME, 0, &f->reap_ns },
		{ "ICMP", KC_ARG_BOOL, 0, &f->icmp },
		{ "FRAGMENTS", KC_ARG_BOOL, 0, &f->fragments },
		{ "TRACEINFO", KC_ARG_STR, 0, &traceinfo },
		{ "SOURCE", KC_ARG_STR, 0, &source },
		{ "CAPACITY", KC_ARG_U32, 0, &f->capacity },
	};

	f->pc = e->pcpu;
	f->tcp_ns = 86400ULL * 1000000000ULL;
	f->done_ns = 30ULL * 1000000000ULL;
	f->udp_ns = 60ULL * 1000000000ULL;
	f->capacity = AIF_CAPACITY_DEF;
	f->gen = 1;
	atomic64_set(&f->next, 1);
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && (traceinfo || source))
		ret = kc_errf(args->err, EINVAL,
			      "%s is not supported (per-flow files are userlevel Click's)",
			      traceinfo ? "TRACEINFO" : "SOURCE");
	kc_free(traceinfo);
	kc_free(source);
	if (ret)
		return -EINVAL;
	if (!f->capacity || f->capacity > AIF_CAPACITY_MAX)
		return kc_errf(args->err, EINVAL,
			       "CAPACITY: %u is not 1 to %u", f->capacity,
			       AIF_CAPACITY_MAX);
	f->mask = kc_agg_slots(f->capacity) - 1;
	f->seed = (u64)kc_random_u32() << 32 | kc_random_u32();
	f->slots = kc_zalloc((size_t)(f->mask + 1) * sizeof(*f->slots));
	if (!f->slots)
		return kc_errf(args->err, ENOMEM, "no memory for %u flows",
			       f->capacity);
	return 0;
}

static __be32 aif_be32(const u8 *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static __be16 aif_be16(const u8 *p)
{
	__be16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* The key of a packet's flow, and whether it runs from b to a. */
static bool aif_key_set(struct aif_key *k, u8 proto, __be32 saddr,
			__be16 sport, __be32 daddr, __be16 dport)
{
	u64 s = (u64)be32_to_cpu(saddr) << 16 | be16_to_cpu(sport);
	u64 d = (u64)be32_to_cpu(daddr) << 16 | be16_to_cpu(dport);
	bool rev = s > d;

	*k = (struct aif_key){ .proto = proto,
			       .a = rev ? daddr : saddr,
			       .b = rev ? saddr : daddr,
			       .pa = rev ? dport : sport,
			       .pb = rev ? sport : dport };
	return rev;
}

static bool aif_key_eq(const struct aif_key *x, const struct aif_key *y)
{
	return x->a == y->a && x->b == y->b && x->pa == y->pa &&
	       x->pb == y->pb && x->proto == y->proto;
}

/* The key as two words (the struct's 16 bytes, padding zeroed). */
static u64 aif_key_hash(const struct aif_key *k, u64 seed)
{
	u64 w[2];

	BUILD_BUG_ON(sizeof(*k) != sizeof(w));
	memcpy(w, k, sizeof(w));
	return kc_agg_hash(kc_agg_hash(w[0], seed) ^ w[1], seed);
}

/*
 * Packet path or process context: k's slot in generation gen, taken if
 * create and free and the capacity allows, with info init (0: a new flow
 * number, in the direction rev); NULL when absent (*full set when there
 * was no room).
 */
static u64 aif_new_info(struct aif *f, bool rev);

static struct aif_slot *aif_find(struct aif *f, u32 gen,
				 const struct aif_key *k, bool create,
				 u64 init, bool rev, u64 now, bool *full)
{
	u32 h = (u32)aif_key_hash(k, f->seed), i, tries = 0;
	s64 s;

	for (i = 0; i < KC_AGG_PROBES; i++) {
		struct aif_slot *sl = &f->slots[(h + i) & f->mask];

again:
		s = atomic64_read_acquire(&sl->state);
		if (s && kc_agg_gen(s) == gen) {
			if (kc_agg_phase(s) == KC_AGG_BUSY)
				s = kc_agg_wait(&sl->state, s);
			if (kc_agg_phase(s) != KC_AGG_READY ||
			    kc_agg_gen(s) != gen)
				return NULL;
			if (aif_key_eq(&sl->key, k))
				return sl;
			continue;
		}
		if (!create)
			return NULL;
		if (atomic64_inc_return(&f->nflows) > f->capacity) {
			atomic64_dec(&f->nflows);
			*full = true;
			return NULL;
		}
		if (atomic64_cmpxchg(&sl->state, s,
				     kc_agg_state(gen, KC_AGG_BUSY, 0)) != s) {
			atomic64_dec(&f->nflows);
			if (++tries > 4)
				return NULL;
			goto again;
		}
		sl->key = *k;
		atomic64_set(&sl->info, init ? init : aif_new_info(f, rev));
		WRITE_ONCE(sl->last_ns, now);
		atomic64_set_release(&sl->state,
				     kc_agg_state(gen, KC_AGG_READY, 0));
		return sl;
	}
	*full = create;
	return NULL;
}

static u64 aif_new_info(struct aif *f, bool rev)
{
	u32 agg = (u32)atomic64_inc_return(&f->next) - 1;

	return agg | (u64)rev << 32;
}

/* Packet path: the flow of a TCP or UDP packet; paint into *paint. */
static bool aif_flow(struct kc_elem *e, struct kc_pkt *p, const u8 *ip,
		     const u8 *th, unsigned int tlen, u8 *paint, u32 *agg)
{
	struct aif *f = kc_priv(e);
	u8 proto = ip[9], flags = proto == KC_IPPROTO_TCP && tlen >= 14 ?
				  th[13] : 0;
	u64 now = kc_now_coarse_ns(), info, ninfo, timeout, last;
	struct aif_key k;
	struct aif_slot *sl;
	bool rev, full = false;
	u32 over;

	rev = aif_key_set(&k, proto, aif_be32(ip + 12),
			  aif_be16(th),
			  aif_be32(ip + 16),
			  aif_be16(th + 2));
	sl = aif_find(f, READ_ONCE(f->gen), &k, true, 0, rev, now, &full);
	if (!sl) {
		if (full)
			kc_this_cpu_ptr(f->pc)->full++;
		return false;
	}
	for (;;) {
		info = atomic64_read(&sl->info);
		over = (info >> 33) & 3;
		last = READ_ONCE(sl->last_ns);
		timeout = proto == KC_IPPROTO_UDP ? f->udp_ns :
			  over == AIF_OVER_DONE ? f->done_ns : f->tcp_ns;
		if ((now > last && now - last > timeout) ||
		    (over == AIF_OVER_DONE && (flags & 0x02))) {
			/* Dead: this packet starts a new flow. */
			ninfo = aif_new_info(f, rev);
			if ((u64)atomic64_cmpxchg(&sl->info, info, ninfo) != info)
				continue;
			WRITE_ONCE(sl->last_ns, now);
			info = ninfo;
		}
		break;
	}
	*agg = (u32)info;
	*paint = rev != (bool)((info >> 32) & 1);
	if (now > last + AIF_STAMP_NS)
		WRITE_ONCE(sl->last_ns, now);
	if (flags) {
		/* Click's flow_over: RST ends, FIN each way ends, SYN opens. */
		over = (info >> 33) & 3;
		if (flags & 0x04)
			over = AIF_OVER_DONE;
		else if (flags & 0x01)
			over |= 1 << *paint;
		else if (flags & 0x02)
			over = 0;
		if (over != ((info >> 33) & 3)) {
			ninfo = (info & ~(3ULL << 33)) | (u64)over << 33;
			atomic64_cmpxchg(&sl->info, info, ninfo);
		}
	}
	return true;
}

/* Packet path: an ICMP error about a known flow. */
static bool aif_icmp(struct kc_elem *e, struct kc_pkt *p, int off,
		     unsigned int hl, u8 *paint, u32 *agg)
{
	struct aif *f = kc_priv(e);
	const u8 *ip, *q, *qt;
	unsigned int qhl;
	struct aif_key k;
	struct aif_slot *sl;
	bool rev, full = false;
	u64 info;
	u8 type;

	/* ICMP header 8, quoted IP header 20 at least, then its ports. */
	if (!kc_pkt_may_pull(p, off + hl + 8 + KC_IP_HLEN))
		return false;
	ip = kc_pkt_data(p) + off;
	type = ip[hl];
	if (type != 3 && type != 4 && type != 5 && type != 11 && type != 12)
		return false;
	q = ip + hl + 8;
	qhl = (q[0] & 15) * 4;
	if ((q[0] >> 4) != 4 || qhl < KC_IP_HLEN ||
	    (q[9] != KC_IPPROTO_TCP && q[9] != KC_IPPROTO_UDP) ||
	    (kc_get16(q + 6) & KC_IP_OFFMASK) ||
	    !kc_pkt_may_pull(p, off + hl + 8 + qhl + 4))
		return false;
	q = kc_pkt_data(p) + off + hl + 8;
	qt = q + qhl;
	rev = aif_key_set(&k, q[9], aif_be32(q + 12),
			  aif_be16(qt),
			  aif_be32(q + 16),
			  aif_be16(qt + 2));
	sl = aif_find(f, READ_ONCE(f->gen), &k, false, 0, false, 0, &full);
	if (!sl)
		return false;
	info = atomic64_read(&sl->info);
	*agg = (u32)info;
	*paint = 2 + (rev != (bool)((info >> 32) & 1));
	return true;
}

/* Packet path: annotate p; false when it is not part of a flow. */
static bool aif_annotate(struct kc_elem *e, struct kc_pkt *p)
{
	struct aif *f = kc_priv(e);
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl, len;
	const u8 *ip;
	u8 paint = 0;
	u32 agg = 0;
	bool ok;

	if (off < 0)
		return false;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	if ((ip[0] >> 4) != 4 || hl < KC_IP_HLEN ||
	    (kc_get16(ip + 6) & KC_IP_OFFMASK))
		return false;
	len = kc_pkt_len(p) - off;
	if (ip[9] == KC_IPPROTO_ICMP) {
		if (!f->icmp)
			return false;
		ok = aif_icmp(e, p, off, hl, &paint, &agg);
	} else if (ip[9] == KC_IPPROTO_TCP || ip[9] == KC_IPPROTO_UDP) {
		/* Ports, and TCP's flags when the header holds them. */
		if (len < hl + 4 || !kc_pkt_may_pull(p, off + min(len, hl + 14)))
			return false;
		ip = kc_pkt_data(p) + off;
		ok = aif_flow(e, p, ip, ip + hl, min(len, hl + 14) - hl, &paint,
			      &agg);
	} else {
		return false;
	}
	if (!ok)
		return false;
	kc_pkt_anno(p)->aggregate = agg;
	kc_pkt_anno(p)->paint = paint;
	return true;
}

static struct kc_pkt *aif_action(struct kc_elem *e, struct kc_pkt *p)
{
	if (aif_annotate(e, p))
		return p;
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
	return NULL;
}

static void aif_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, aif_action);
}

static struct kc_pkt *aif_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, aif_action);
}

/* Handlers: process context, graph lock held. */
static int aif_write_clear(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err)
{
	struct aif *f = kc_priv(e);
	u32 gen = f->gen + 1;

	if (gen > KC_AGG_GEN_MAX) {
		memset(f->slots, 0, (size_t)(f->mask + 1) * sizeof(*f->slots));
		gen = 1;
	}
	WRITE_ONCE(f->gen, gen);
	atomic64_set(&f->nflows, 0);
	return 0;
}

static int aif_read_flows(struct kc_elem *e, struct kc_buf *b)
{
	struct aif *f = kc_priv(e);

	kc_buf_printf(b, "%llu",
		      (unsigned long long)atomic64_read(&f->next) - 1);
	return 0;
}

static int aif_read_full(struct kc_elem *e, struct kc_buf *b)
{
	struct aif *f = kc_priv(e);

	return kc_buf_pcpu_u64(b, (u64 __percpu *)f->pc, 0);
}

/* Process context: old's live flows and numbering carry over. */
static void aif_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct aif *f = kc_priv(e), *o = kc_priv(old);
	u32 ogen = READ_ONCE(o->gen), gen = READ_ONCE(f->gen), i;
	struct aif_slot *sl;
	bool full;
	s64 s;

	atomic64_set(&f->next, atomic64_read(&o->next));
	for (i = 0; i <= o->mask; i++) {
		const struct aif_slot *os = &o->slots[i];

		s = atomic64_read_acquire(&o->slots[i].state);
		if (!s || kc_agg_gen(s) != ogen ||
		    kc_agg_phase(s) != KC_AGG_READY ||
		    !(u32)atomic64_read(&os->info))
			continue;
		full = false;
		sl = aif_find(f, gen, &os->key, true,
			      atomic64_read(&os->info), false,
			      READ_ONCE(os->last_ns), &full);
		if (!sl)
			break;
	}
}

static void aif_cleanup(struct kc_elem *e)
{
	struct aif *f = kc_priv(e);

	kc_free(f->slots);
}

static const struct kc_handler aif_handlers[] = {
	{ .name = "clear", .write = aif_write_clear },
	{ .name = "flows", .read = aif_read_flows },
	{ .name = "full", .read = aif_read_full },
};

const struct kc_class kc_aggregateipflows_class = {
	.name = "AggregateIPFlows",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct aif),
	.pcpu_size = sizeof(struct aif_pcpu),
	.configure = aif_configure,
	.push = aif_push,
	.pull = aif_pull,
	.take_state = aif_take_state,
	.cleanup = aif_cleanup,
	.handlers = aif_handlers,
	.nhandlers = ARRAY_SIZE(aif_handlers),
};
