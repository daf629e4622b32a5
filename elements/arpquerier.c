// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ARPQuerier(IP, ETH [, KEYWORDS])
 * ARPQuerier(NAME [, KEYWORDS])
 * =s arp
 * encapsulates IP packets in Ethernet headers found via ARP
 * =d
 * Input 0 takes IP packets (no link header) whose destination IP address
 * annotation is the next hop (a route lookup sets it; when it is 0 the IP
 * destination is used).  If the ARP table knows the next hop's Ethernet
 * address, the packet leaves on output 0 in an Ethernet header from ETH
 * to that address.  Otherwise it waits in the table (at most
 * ENTRY_PACKET_CAPACITY packets per next hop, one more pushes out the
 * oldest; at most CAPACITY in all, past that a packet is dropped) while
 * an ARP request from IP and ETH for the next hop is sent; requests are
 * repeated once a second, and packets that waited 3 seconds without an
 * answer are dropped.  Requests leave on output 0, or on output 1 when
 * there are two outputs (as in Click).  Packets to 255.255.255.255 (and
 * to BROADCAST) go to the Ethernet broadcast address, packets to a
 * multicast group to its RFC 1112 address (01:00:5e and the group's low
 * 23 bits), and packets to 0.0.0.0 are dropped.  A single NAME (an
 * AddressInfo name or a device) gives both IP and ETH.
 *
 * Input 1 takes ARP replies (Ethernet frames).  A reply to IP enters the
 * table and sends the packets waiting for that address; a reply to
 * another address (one for another interface's querier, through a shared
 * Tee, or a gratuitous one) only refreshes an entry that exists.  Replies
 * are consumed.
 *
 * Entries are valid for TIMEOUT; after that the next packet to the
 * address waits for a fresh reply.  A packet to an entry older than
 * POLL_TIMEOUT sends a renewal request (at most one a second per entry)
 * to the entry's Ethernet address, or broadcast with BROADCAST_POLL, so
 * a live neighbour is confirmed before its entry expires.  The table
 * holds ENTRY_CAPACITY entries; when it is full, the least recently
 * confirmed nearby entry is replaced.  A replacing graph's ARPQuerier of
 * the same name keeps the resolved entries.  Packets to resolved
 * addresses take no lock (except for a renewal request).
 * =over 8
 * =item TIMEOUT
 * How long an entry stays valid: seconds, or a time with a unit (`5min`,
 * `0.1s`), 1 ms to 1 day.  Default 300 s.
 * =item POLL_TIMEOUT
 * Age after which a used entry is asked about again (a time); 0 means
 * never.  Default 60 s.
 * =item BROADCAST_POLL
 * Boolean: renewal requests are broadcast.  Default false (unicast).
 * =item BROADCAST
 * An IP address sent to the Ethernet broadcast address, such as the
 * subnet's broadcast address.  Default: when IP is written with a prefix
 * (`18.26.4.9/24`), that prefix's broadcast address (18.26.4.255), as in
 * Click; else none (255.255.255.255 always is).
 * =item CAPACITY
 * Packets waiting in all.  Default 2048; 0 means no limit but the next.
 * =item ENTRY_CAPACITY
 * Table size (rounded up to a power of two), at most 65536.  Default 256.
 * =item ENTRY_PACKET_CAPACITY
 * Packets waiting per next hop, at most 32; Click's 0 (unlimited) means
 * 32.  Default 4.  The table size times this is at most 1048576.
 * =back
 * Click's TABLE (a shared ARPTable) is not supported.
 * =h ipaddr read/write
 * IP, the address queries ask from and replies to which make entries.
 * =h broadcast read-only
 * BROADCAST (255.255.255.255 when not given).
 * =h table read-only
 * The entries: IP ETH (or "-" while unresolved), state, age in ms,
 * packets waiting.
 * =h count read-only
 * Resolved entries.
 * =h queries read-only
 * ARP requests sent.
 * =h responses read-only
 * ARP replies received.
 * =h drops read-only
 * Packets dropped (no answer in time, queue overflow, bad packets).
 * =h length read-only
 * Packets waiting for an answer.
 * =h insert write-only
 * Adds or updates an entry, "IP ETH".
 * =h delete write-only
 * Removes the entry for "IP", dropping packets waiting for it.
 * =e
 *   c[1] -> [1]arpq :: ARPQuerier(10.0.1.1, 02:00:00:00:01:01);
 *   rt[1] -> ... -> [0]arpq -> Queue -> ToDevice(eth0);
 *   // queries apart, on output 1:
 *   aq :: ARPQuerier(10.0.2.1, 02:00:00:00:02:01, TIMEOUT 30s);
 *   aq[0] -> out; aq[1] -> Print(query) -> out;
 * =a ARPResponder, LinearIPLookup, EtherEncap
 */
#include <kclick/element.h>
#include <kclick/names.h>
#include <kclick/proto.h>

#define ARPQ_PENDING		4	/* ENTRY_PACKET_CAPACITY default */
#define ARPQ_PENDING_MAX	32	/* its bound */
#define ARPQ_CAPACITY_DEF	2048	/* CAPACITY, saved packets in all */
#define ARPQ_SAVED_MAX		(1U << 20) /* ENTRY_CAPACITY * ENTRY_PACKET_CAP. */
#define ARPQ_PROBE		8	/* slots looked at for an address */
#define ARPQ_POLL_NS		1000000000ULL
#define ARPQ_GIVEUP_NS		(3 * ARPQ_POLL_NS)
#define ARPQ_MAX_ENTRIES	65536

enum arpq_state { ARPQ_FREE, ARPQ_PENDING_S, ARPQ_OK };

/*
 * A slot.  ip, eth, state and updated_ns are written under the querier's
 * lock inside the write section of the slot's sequence count (seq[] of
 * the querier, at the same index), so the packet path can look an
 * address up without the lock; polled_ns and the waiting packets are only
 * touched under the lock.
 */
struct arpq_entry {
	__be32 ip;
	u8 eth[KC_ETH_ALEN];
	u8 state;
	u8 npend;
	u64 updated_ns;		/* confirmed (OK) or first asked (pending) */
	u64 polled_ns;		/* last query (pending) or renewal poll (OK) */
};

struct arpquerier {
	__be32 ip, bcast;
	u8 eth[KC_ETH_ALEN];
	bool bcast_poll;
	u64 timeout_ns, poll_ns;	/* poll_ns 0: no renewal polls */
	u32 mask;		/* capacity - 1 */
	u32 epc;		/* packets saved per entry */
	u32 capacity, saved;	/* packets saved in all: bound, now */
	int qport;		/* queries leave here: the last output */
	kc_lock_t lock;		/* tab, pend, counters below */
	struct arpq_entry *tab;
	struct kc_pkt **pend;	/* epc per slot of tab */
	kc_seq_t *seq;		/* one per slot of tab */
	u64 queries, responses, drops;
};

/* The packets saved for x, x->npend of them, oldest first. */
static struct kc_pkt **arpq_pend(const struct arpquerier *q,
				 const struct arpq_entry *x)
{
	return q->pend + (size_t)(x - q->tab) * q->epc;
}

/*
 * Click's ARPQuerier(NAME): one address argument gives both the IP and
 * the Ethernet address (an AddressInfo name, a device).  0 when ETH was
 * given or could be taken from the only positional argument.
 */
static int arpq_one_name(const struct kc_args *args, u8 *eth)
{
	const char *one = NULL;
	int i, npos = 0;

	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];

		if (a->key && !strcmp(a->key, "ETH"))
			return 0;
		if (!a->key || !*a->val) {	/* "MY_ADDR" alone: a value */
			one = a->key ? a->key : a->val;
			npos++;
		}
	}
	if (npos != 1)
		return npos ? 0 : -EINVAL;
	return kc_parse_eth(one, eth) ? -EINVAL : 0;
}

static int arpquerier_configure(struct kc_elem *e, struct kc_args *args)
{
	struct arpquerier *q = kc_priv(e);
	u32 cap = 256, n = 1, epc = ARPQ_PENDING;
	char *timeout = NULL, *poll = NULL, *ipstr = NULL;
	const struct kc_argspec spec[] = {
		{ "IP", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &ipstr },
		{ "ETH", KC_ARG_ETH, KC_ARGF_POSITIONAL, q->eth },
		{ "TIMEOUT", KC_ARG_STR, 0, &timeout },
		{ "POLL_TIMEOUT", KC_ARG_STR, 0, &poll },
		{ "BROADCAST_POLL", KC_ARG_BOOL, 0, &q->bcast_poll },
		{ "BROADCAST", KC_ARG_IP4, 0, &q->bcast },
		{ "CAPACITY", KC_ARG_U32, 0, &q->capacity },
		{ "ENTRY_CAPACITY", KC_ARG_U32, 0, &cap },
		{ "ENTRY_PACKET_CAPACITY", KC_ARG_U32, 0, &epc },
	};
	struct kc_quote qs;
	__be32 mask;
	int ret;

	kc_lock_init(&q->lock);
	q->capacity = ARPQ_CAPACITY_DEF;
	q->timeout_ns = 300 * ARPQ_POLL_NS;
	q->poll_ns = 60 * ARPQ_POLL_NS;
	q->qport = e->noutputs - 1;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && timeout)
		ret = kc_parse_time_in("TIMEOUT", timeout, 1000000,
				       86400 * ARPQ_POLL_NS, &q->timeout_ns,
				       args->err);
	/* Click: 0 means no polls; else polls at most once a second. */
	if (!ret && poll)
		ret = kc_parse_time("POLL_TIMEOUT", poll,
				    86400 * ARPQ_POLL_NS, &q->poll_ns,
				    args->err);
	kc_free(timeout);
	kc_free(poll);
	/*
	 * Click reads IP as a prefix ("18.26.4.9/24"), a bare address or a
	 * name being /32; without BROADCAST the prefix's broadcast address
	 * is one.
	 */
	if (!ret && kc_parse_ip4_prefix(ipstr, &q->ip, &mask, true))
		ret = kc_errf(args->err, EINVAL,
			      "IP: expected an IPv4 address, got '%s'",
			      kc_quote_str(&qs, ipstr));
	if (!ret && !q->bcast && (q->ip | ~mask) != q->ip)
		q->bcast = q->ip | ~mask;
	kc_free(ipstr);
	if (ret)
		return -EINVAL;
	if (arpq_one_name(args, q->eth))
		return kc_errf(args->err, EINVAL, "missing mandatory ETH");
	if (cap < 1 || cap > ARPQ_MAX_ENTRIES)
		return kc_errf(args->err, EINVAL,
			       "ENTRY_CAPACITY: %u is not 1 to %u", cap,
			       ARPQ_MAX_ENTRIES);
	/* Click's 0, "unlimited", is kclick's bound. */
	if (!epc)
		epc = ARPQ_PENDING_MAX;
	if (epc > ARPQ_PENDING_MAX)
		return kc_errf(args->err, EINVAL,
			       "ENTRY_PACKET_CAPACITY: %u is more than %u", epc,
			       ARPQ_PENDING_MAX);
	if (!q->capacity)
		q->capacity = 0xffffffffU;	/* Click's 0: unlimited */
	while (n < cap)
		n <<= 1;
	if ((u64)n * epc > ARPQ_SAVED_MAX)
		return kc_errf(args->err, EINVAL,
			       "ENTRY_CAPACITY %u (a table of %u) times ENTRY_PACKET_CAPACITY %u is more than %u saved packets",
			       cap, n, epc, ARPQ_SAVED_MAX);
	q->mask = n - 1;
	q->epc = epc;
	q->tab = kc_zalloc(sizeof(*q->tab) * n);
	q->seq = kc_zalloc(sizeof(*q->seq) * n);
	q->pend = kc_zalloc(sizeof(*q->pend) * n * epc);
	if (!q->tab || !q->seq || !q->pend)
		return -ENOMEM;
	while (n--)
		kc_seq_init(&q->seq[n]);
	return 0;
}

/* Under q->lock: x is changing (seqcount write section). */
static void arpq_wbegin(struct arpquerier *q, struct arpq_entry *x)
{
	kc_seq_write_begin(&q->seq[x - q->tab]);
}

static void arpq_wend(struct arpquerier *q, struct arpq_entry *x)
{
	kc_seq_write_end(&q->seq[x - q->tab]);
}

static u32 arpq_hash(__be32 ip)
{
	return ((__force u32)ip * 2654435761U) >> 7;
}

/*
 * Under q->lock: the entry for ip, or (create) a slot for it: a free one,
 * else the oldest within the probe window, whose waiting packets are
 * dropped (counted in drops; freeing a packet under the lock is fine, and
 * keeps arrays of them off the packet path's stack).
 */
static struct arpq_entry *arpq_find(struct arpquerier *q, __be32 ip,
				    bool create)
{
	struct arpq_entry *free = NULL, *old = NULL, *x;
	u32 h = arpq_hash(ip), i;

	for (i = 0; i < ARPQ_PROBE && i <= q->mask; i++) {
		x = &q->tab[(h + i) & q->mask];
		if (x->state == ARPQ_FREE) {
			if (!free)
				free = x;
			continue;
		}
		if (x->ip == ip)
			return x;
		if (!old || x->updated_ns < old->updated_ns)
			old = x;
	}
	if (!create)
		return NULL;
	if (!free) {
		free = old;
		for (i = 0; i < free->npend; i++)
			kc_pkt_drop(arpq_pend(q, free)[i]);
		q->drops += free->npend;
		q->saved -= free->npend;
	}
	arpq_wbegin(q, free);
	memset(free, 0, sizeof(*free));
	free->ip = ip;
	arpq_wend(q, free);
	return free;
}

/*
 * Packet path: the ARP request for ip, as an Ethernet frame, broadcast or
 * (a renewal poll) to dst.
 */
static struct kc_pkt *arpq_make_query(const struct arpquerier *q, __be32 ip,
				      const u8 *dst)
{
	struct kc_pkt *p = kc_pkt_alloc(KC_ETH_ZLEN);
	u8 *h, *arp;
	__be32 ip4;

	if (!p)
		return NULL;
	h = kc_pkt_data(p);
	if (dst)
		memcpy(h, dst, KC_ETH_ALEN);
	else
		memset(h, 0xff, KC_ETH_ALEN);
	memcpy(h + KC_ETH_ALEN, q->eth, KC_ETH_ALEN);
	kc_put16(h + 12, KC_ETHTYPE_ARP);
	arp = h + KC_ETH_HLEN;
	kc_put16(arp, 1);
	kc_put16(arp + 2, KC_ETHTYPE_IP);
	arp[4] = KC_ETH_ALEN;
	arp[5] = 4;
	kc_put16(arp + 6, KC_ARPOP_REQUEST);
	memcpy(arp + 8, q->eth, KC_ETH_ALEN);
	ip4 = READ_ONCE(q->ip);		/* the ipaddr handler may change it */
	memcpy(arp + 14, &ip4, 4);
	memcpy(arp + 24, &ip, 4);
	return p;
}

/* Packet path: put p in an Ethernet header to eth and send it. */
static void arpq_send(struct kc_elem *e, struct kc_pkt *p, const u8 *eth)
{
	struct arpquerier *q = kc_priv(e);
	u8 *h = kc_pkt_push(p, KC_ETH_HLEN);

	if (!h) {
		kc_lock(&q->lock);
		q->drops++;
		kc_unlock(&q->lock);
		kc_drop(e, p);
		return;
	}
	memcpy(h, eth, KC_ETH_ALEN);
	memcpy(h + KC_ETH_ALEN, q->eth, KC_ETH_ALEN);
	kc_put16(h + 12, KC_ETHTYPE_IP);
	kc_push(e, 0, p);
}

/*
 * Packet path: is ip resolved and fresh?  Its Ethernet address into eth.
 * No lock: each slot is read as a consistent snapshot (seqcount).
 */
static bool arpq_lookup(const struct arpquerier *q, __be32 ip, u64 now,
			u8 *eth, u64 *age)
{
	u32 h = arpq_hash(ip), i;

	for (i = 0; i < ARPQ_PROBE && i <= q->mask; i++) {
		u32 slot = (h + i) & q->mask;
		const struct arpq_entry *x = &q->tab[slot];
		const kc_seq_t *sc = &q->seq[slot];
		unsigned int seq;
		u64 updated;
		__be32 xip;
		u8 state;

		do {
			seq = kc_seq_read_begin(sc);
			xip = x->ip;
			state = x->state;
			updated = x->updated_ns;
			memcpy(eth, x->eth, KC_ETH_ALEN);
		} while (kc_seq_read_retry(sc, seq));
		*age = now - updated;
		if (state != ARPQ_FREE && xip == ip)
			return state == ARPQ_OK && *age < q->timeout_ns;
	}
	return false;
}

/*
 * Packet path: an entry in use for a while (POLL_TIMEOUT) is asked about
 * again before it expires, at most once a second: unicast to the address
 * it has (broadcast with BROADCAST_POLL), so a host that answers keeps
 * the entry fresh without packets ever waiting.
 */
static void arpq_poll(struct kc_elem *e, __be32 ip, const u8 *eth, u64 now)
{
	struct arpquerier *q = kc_priv(e);
	struct arpq_entry *x;
	struct kc_pkt *query;
	bool ask = false;

	kc_lock(&q->lock);
	x = arpq_find(q, ip, false);
	if (x && x->state == ARPQ_OK &&
	    (!x->polled_ns || now - x->polled_ns >= ARPQ_POLL_NS) &&
	    now - x->updated_ns >= q->poll_ns) {
		x->polled_ns = now;
		q->queries++;
		ask = true;
	}
	kc_unlock(&q->lock);
	if (!ask)
		return;
	query = arpq_make_query(q, ip, q->bcast_poll ? NULL : eth);
	if (query)
		kc_push(e, q->qport, query);
}

/* Packet path: the Ethernet address an IP address maps to without ARP. */
static bool arpq_fixed(const struct arpquerier *q, __be32 ip, u8 *eth)
{
	u32 h = be32_to_cpu(ip);

	if (ip == (__force __be32)0xffffffff || (q->bcast && ip == q->bcast)) {
		memset(eth, 0xff, KC_ETH_ALEN);
		return true;
	}
	if ((h & 0xf0000000) == 0xe0000000) {	/* RFC 1112 6.4 */
		eth[0] = 0x01;
		eth[1] = 0x00;
		eth[2] = 0x5e;
		eth[3] = (h >> 16) & 0x7f;
		eth[4] = h >> 8;
		eth[5] = h;
		return true;
	}
	return false;
}

/* Packet path (softirq, RCU read side): an IP packet to send. */
static void arpq_push_ip(struct kc_elem *e, struct kc_pkt *p)
{
	struct arpquerier *q = kc_priv(e);
	struct kc_pkt *query = NULL;
	u8 eth[KC_ETH_ALEN];
	struct arpq_entry *x;
	__be32 ip = kc_pkt_anno(p)->dst_ip;
	u64 now = kc_now_ns(), age;
	bool known = false, ask = false;
	int off;

	if (!ip) {
		off = kc_pkt_ip_offset(p, KC_IP_HLEN);
		if (off < 0)
			goto bad;
		memcpy(&ip, kc_pkt_data(p) + off + 16, 4);
	}
	if (!ip)		/* Click drops packets to 0.0.0.0 */
		goto bad;
	if (arpq_fixed(q, ip, eth)) {
		arpq_send(e, p, eth);
		return;
	}
	/* The common case, resolved, takes no lock. */
	if (arpq_lookup(q, ip, now, eth, &age)) {
		if (q->poll_ns && age >= q->poll_ns)
			arpq_poll(e, ip, eth, now);
		arpq_send(e, p, eth);
		return;
	}
	kc_lock(&q->lock);
	x = arpq_find(q, ip, true);
	if (x->state == ARPQ_OK && now - x->updated_ns < q->timeout_ns) {
		memcpy(eth, x->eth, KC_ETH_ALEN);
		known = true;
	} else {
		struct kc_pkt **pend = arpq_pend(q, x);

		if (x->state != ARPQ_PENDING_S) {
			arpq_wbegin(q, x);
			x->state = ARPQ_PENDING_S;
			x->updated_ns = now;
			arpq_wend(q, x);
			x->polled_ns = 0;
		}
		if (x->npend == q->epc) {
			/* ENTRY_PACKET_CAPACITY: the oldest makes room. */
			kc_pkt_drop(pend[0]);
			memmove(pend, pend + 1, sizeof(pend[0]) * (q->epc - 1));
			x->npend--;
			q->saved--;
			q->drops++;
		}
		if (q->saved >= q->capacity) {
			kc_pkt_drop(p);	/* CAPACITY: no room at all */
			q->drops++;
		} else {
			pend[x->npend++] = p;
			q->saved++;
		}
		if (!x->polled_ns || now - x->polled_ns >= ARPQ_POLL_NS) {
			x->polled_ns = now;
			q->queries++;
			ask = true;
		}
	}
	kc_unlock(&q->lock);
	if (known) {
		arpq_send(e, p, eth);
		return;
	}
	if (ask) {
		query = arpq_make_query(q, ip, NULL);
		if (query)
			kc_push(e, q->qport, query);
		/* Ask again, and give up on the packets, in due time. */
		kc_task_schedule_after(e, ARPQ_POLL_NS);
	}
	return;
bad:
	kc_lock(&q->lock);
	q->drops++;
	kc_unlock(&q->lock);
	kc_drop(e, p);
}

/* Under q->lock: learn ip is at eth. */
static struct arpq_entry *arpq_learn(struct arpquerier *q, __be32 ip,
				     const u8 *eth)
{
	struct arpq_entry *x = arpq_find(q, ip, true);

	arpq_wbegin(q, x);
	memcpy(x->eth, eth, KC_ETH_ALEN);
	x->state = ARPQ_OK;
	x->updated_ns = kc_now_ns();
	arpq_wend(q, x);
	return x;
}

/* Under q->lock: the oldest (up to ARPQ_SEND_BATCH) waiting for x. */
#define ARPQ_SEND_BATCH	4

static int arpq_take(struct arpquerier *q, struct arpq_entry *x,
		     struct kc_pkt **out)
{
	struct kc_pkt **pend = arpq_pend(q, x);
	int n = min_t(int, x->npend, ARPQ_SEND_BATCH);

	memcpy(out, pend, sizeof(*out) * n);
	memmove(pend, pend + n, sizeof(*pend) * (x->npend - n));
	x->npend -= n;
	q->saved -= n;
	return n;
}

/*
 * Packet path: send what waits for ip, now resolved to eth, a batch at a
 * time (the lock is not held while sending); out holds the first batch.
 */
static void arpq_flush(struct kc_elem *e, __be32 ip, const u8 *eth,
		       struct kc_pkt **out, int n)
{
	struct arpquerier *q = kc_priv(e);
	struct arpq_entry *x;
	int i;

	while (n) {
		for (i = 0; i < n; i++)
			arpq_send(e, out[i], eth);
		if (n < ARPQ_SEND_BATCH)
			return;
		kc_lock(&q->lock);
		x = arpq_find(q, ip, false);
		n = x && x->state == ARPQ_OK ? arpq_take(q, x, out) : 0;
		kc_unlock(&q->lock);
	}
}

/* Packet path (softirq, RCU read side): an ARP reply. */
static void arpq_push_arp(struct kc_elem *e, struct kc_pkt *p)
{
	struct arpquerier *q = kc_priv(e);
	struct kc_pkt *out[ARPQ_SEND_BATCH];
	u8 eth[KC_ETH_ALEN];
	const u8 *arp;
	__be32 ip, tpa;
	int n = 0;

	if (!kc_pkt_may_pull(p, KC_ETH_HLEN + KC_ARP_LEN))
		goto bad;
	arp = kc_pkt_data(p) + KC_ETH_HLEN;
	if (kc_get16(arp) != 1 || kc_get16(arp + 2) != KC_ETHTYPE_IP ||
	    arp[4] != 6 || arp[5] != 4 || kc_get16(arp + 6) != KC_ARPOP_REPLY)
		goto bad;
	memcpy(&ip, arp + 14, 4);
	memcpy(eth, arp + 8, KC_ETH_ALEN);
	if (!ip || kc_eth_is_group(eth))
		goto bad;
	memcpy(&tpa, arp + 24, 4);
	kc_lock(&q->lock);
	/*
	 * Replies to us make entries; others (another interface's, sent
	 * through a shared Tee, or gratuitous) only refresh existing ones.
	 */
	if (tpa == READ_ONCE(q->ip) || arpq_find(q, ip, false))
		n = arpq_take(q, arpq_learn(q, ip, eth), out);
	q->responses++;
	kc_unlock(&q->lock);
	kc_pkt_consume(p);
	arpq_flush(e, ip, eth, out, n);
	return;
bad:
	kc_lock(&q->lock);
	q->drops++;
	kc_unlock(&q->lock);
	kc_drop(e, p);
}

static void arpquerier_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	if (port == 0)
		arpq_push_ip(e, p);
	else
		arpq_push_arp(e, p);
}

/*
 * Task (softirq, RCU read side), armed while addresses are unresolved:
 * gives up on the ones asked about too long, asks again about the rest.
 */
#define ARPQ_TASK_BATCH	16

static void arpquerier_run_task(struct kc_elem *e)
{
	struct arpquerier *q = kc_priv(e);
	__be32 ask[ARPQ_TASK_BATCH];
	u64 now = kc_now_ns();
	int nask = 0, i, k;
	bool more = false;
	u32 s;

	kc_lock(&q->lock);
	for (s = 0; s <= q->mask; s++) {
		struct arpq_entry *x = &q->tab[s];

		if (x->state != ARPQ_PENDING_S)
			continue;
		if (now - x->updated_ns >= ARPQ_GIVEUP_NS) {
			for (k = 0; k < x->npend; k++)
				kc_pkt_drop(arpq_pend(q, x)[k]);
			q->drops += x->npend;
			q->saved -= x->npend;
			arpq_wbegin(q, x);
			memset(x, 0, sizeof(*x));
			arpq_wend(q, x);
			continue;
		}
		more = true;
		if (now - x->polled_ns >= ARPQ_POLL_NS &&
		    nask < ARPQ_TASK_BATCH) {
			x->polled_ns = now;
			ask[nask++] = x->ip;
			q->queries++;
		}
	}
	kc_unlock(&q->lock);
	for (i = 0; i < nask; i++) {
		struct kc_pkt *p = arpq_make_query(q, ask[i], NULL);

		if (p)
			kc_push(e, q->qport, p);
	}
	if (more)
		kc_task_schedule_after(e, ARPQ_POLL_NS / 4);
}

static void arpquerier_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct arpquerier *q = kc_priv(e), *o = kc_priv(old);
	u32 s;

	/* The old graph has stopped: its table is ours to read unlocked. */
	for (s = 0; s <= o->mask; s++) {
		const struct arpq_entry *x = &o->tab[s];

		if (x->state != ARPQ_OK)
			continue;
		kc_lock(&q->lock);
		/* A new entry: no packets wait on it. */
		if (!arpq_find(q, x->ip, false)) {
			struct arpq_entry *y = arpq_learn(q, x->ip, x->eth);

			arpq_wbegin(q, y);
			y->updated_ns = x->updated_ns;
			arpq_wend(q, y);
		}
		kc_unlock(&q->lock);
	}
}

static void arpquerier_cleanup(struct kc_elem *e)
{
	struct arpquerier *q = kc_priv(e);
	u32 s;
	int k;

	kc_free(q->seq);
	if (q->tab && q->pend)
		for (s = 0; s <= q->mask; s++)
			for (k = 0; k < q->tab[s].npend; k++)
				kc_pkt_drop(arpq_pend(q, &q->tab[s])[k]);
	kc_free(q->pend);
	kc_free(q->tab);
}

static int arpquerier_read_table(struct kc_elem *e, struct kc_buf *b)
{
	struct arpquerier *q = kc_priv(e);
	u64 now = kc_now_ns();
	u32 s;

	kc_lock(&q->lock);
	for (s = 0; s <= q->mask; s++) {
		const struct arpq_entry *x = &q->tab[s];
		const u8 *a = (const u8 *)&x->ip, *m = x->eth;
		bool ok = x->state == ARPQ_OK;

		if (x->state == ARPQ_FREE)
			continue;
		kc_buf_ip4(b, a);
		kc_buf_printf(b, " ");
		if (ok)
			kc_buf_eth(b, m);
		else
			kc_buf_printf(b, "-");
		kc_buf_printf(b, " %s %llu %u\n",
			      !ok ? "pending" :
			      now - x->updated_ns < q->timeout_ns ? "ok" :
			      "expired",
			      (unsigned long long)((now - x->updated_ns) / 1000000),
			      x->npend);
	}
	kc_unlock(&q->lock);
	return 0;
}

static int arpq_read_u64(struct kc_elem *e, struct kc_buf *b, int which)
{
	struct arpquerier *q = kc_priv(e);
	u64 v = 0;
	u32 s;

	kc_lock(&q->lock);
	if (which == 0) {
		for (s = 0; s <= q->mask; s++)
			v += q->tab[s].state == ARPQ_OK;
	} else {
		v = which == 1 ? q->queries : which == 2 ? q->responses :
		    which == 3 ? q->drops : q->saved;
	}
	kc_unlock(&q->lock);
	kc_buf_printf(b, "%llu", (unsigned long long)v);
	return 0;
}

static int arpquerier_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return arpq_read_u64(e, b, 0);
}

static int arpquerier_read_queries(struct kc_elem *e, struct kc_buf *b)
{
	return arpq_read_u64(e, b, 1);
}

static int arpquerier_read_responses(struct kc_elem *e, struct kc_buf *b)
{
	return arpq_read_u64(e, b, 2);
}

static int arpquerier_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return arpq_read_u64(e, b, 3);
}

static int arpquerier_read_length(struct kc_elem *e, struct kc_buf *b)
{
	return arpq_read_u64(e, b, 4);
}

/* "IP" or "IP ETH" from a handler write. */
static int arpq_parse_entry(const char *val, bool want_eth, __be32 *ip,
			    u8 *eth, struct kc_errbuf *err)
{
	char word[20];
	size_t n;

	while (*val == ' ')
		val++;
	n = strcspn(val, " \t");
	if (n >= sizeof(word))
		return kc_errf(err, EINVAL, "expected IP%s", want_eth ? " ETH" : "");
	memcpy(word, val, n);
	word[n] = '\0';
	if (kc_parse_ip4(word, ip) || !*ip)
		return kc_errf(err, EINVAL, "IP: '%s' is not an IP address", word);
	val += n;
	while (*val == ' ' || *val == '\t')
		val++;
	if (!want_eth)
		return *val ? kc_errf(err, EINVAL, "expected IP only") : 0;
	if (kc_parse_eth(val, eth) || kc_eth_is_group(eth))
		return kc_errf(err, EINVAL,
			       "ETH: '%s' is not a unicast Ethernet address", val);
	return 0;
}

/* Handler (process context, graph lock held). */
static int arpquerier_write_insert(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct arpquerier *q = kc_priv(e);
	struct kc_pkt *out[ARPQ_SEND_BATCH];
	u8 eth[KC_ETH_ALEN];
	__be32 ip;
	int n;

	if (arpq_parse_entry(val, true, &ip, eth, err))
		return -EINVAL;
	kc_lock(&q->lock);
	n = arpq_take(q, arpq_learn(q, ip, eth), out);
	kc_unlock(&q->lock);
	/* Waiting packets go now; the packet path expects RCU and BH off. */
	rcu_read_lock();
	kc_local_bh_disable();
	arpq_flush(e, ip, eth, out, n);
	kc_local_bh_enable();
	rcu_read_unlock();
	return 0;
}

static int arpquerier_write_delete(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct arpquerier *q = kc_priv(e);
	struct arpq_entry *x;
	__be32 ip;
	int k;

	if (arpq_parse_entry(val, false, &ip, NULL, err))
		return -EINVAL;
	kc_lock(&q->lock);
	x = arpq_find(q, ip, false);
	if (x) {
		for (k = 0; k < x->npend; k++)
			kc_pkt_drop(arpq_pend(q, x)[k]);
		q->drops += x->npend;
		q->saved -= x->npend;
		arpq_wbegin(q, x);
		memset(x, 0, sizeof(*x));
		arpq_wend(q, x);
	}
	kc_unlock(&q->lock);
	return x ? 0 : kc_errf(err, ENOENT, "no entry for %s", val);
}

static int arpquerier_read_ipaddr(struct kc_elem *e, struct kc_buf *b)
{
	__be32 ip = READ_ONCE(((struct arpquerier *)kc_priv(e))->ip);

	kc_buf_ip4(b, &ip);
	return 0;
}

static int arpquerier_write_ipaddr(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	__be32 ip = 0;

	if (kc_arg_value("IP", val, KC_ARG_IP4, &ip, 0, err))
		return -EINVAL;
	WRITE_ONCE(((struct arpquerier *)kc_priv(e))->ip, ip);
	return 0;
}

static int arpquerier_read_broadcast(struct kc_elem *e, struct kc_buf *b)
{
	const struct arpquerier *q = kc_priv(e);

	if (q->bcast)
		kc_buf_ip4(b, &q->bcast);
	else
		kc_buf_printf(b, "255.255.255.255");
	return 0;
}

static const struct kc_handler arpquerier_handlers[] = {
	{ .name = "ipaddr", .read = arpquerier_read_ipaddr,
	  .write = arpquerier_write_ipaddr },
	{ .name = "broadcast", .read = arpquerier_read_broadcast },
	{ .name = "table", .read = arpquerier_read_table },
	{ .name = "count", .read = arpquerier_read_count },
	{ .name = "queries", .read = arpquerier_read_queries },
	{ .name = "responses", .read = arpquerier_read_responses },
	{ .name = "drops", .read = arpquerier_read_drops },
	{ .name = "length", .read = arpquerier_read_length },
	{ .name = "insert", .write = arpquerier_write_insert },
	{ .name = "delete", .write = arpquerier_write_delete },
};

const struct kc_class kc_arpquerier_class = {
	.name = "ARPQuerier",
	.ports = "2/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct arpquerier),
	.flags = KC_CLASS_F_TASK,
	.configure = arpquerier_configure,
	.push = arpquerier_push,
	.run_task = arpquerier_run_task,
	.take_state = arpquerier_take_state,
	.cleanup = arpquerier_cleanup,
	.handlers = arpquerier_handlers,
	.nhandlers = ARRAY_SIZE(arpquerier_handlers),
};
