// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * IPRateMonitor(TYPE, RATIO, THRESH [, MEMORY, ANNO, KEYWORDS])
 * IPRateMonitor(DS, TYPE, OFFSET, THRESH [, T])
 * =s ipmeasure
 * measures coming and going IP traffic rates
 * =d
 * Measures the packet rate (TYPE PACKETS) or byte rate (BYTES) a second
 * from and to IP addresses, by network first and by subnet and host where
 * the traffic is: a tree of counters, one per first byte of the address
 * (a /8), and once a counter's rate, either way, reaches THRESH, 256
 * counters below it for the next byte (/16, /24, then hosts).  Every
 * level is counted, so a network's rate includes its subnets' and hosts'.
 * A new level starts with its parent's rates.
 *
 * Packets on input 0 count for their source address (the forward rate),
 * packets on input 1 for their destination address (the reverse rate);
 * input N leaves on output N, or on output 0 if there is one output.
 * Expects IPv4 packets, at the IP header annotation, else at OFFSET.
 *
 * Rates are moving averages, as Click's: epochs of 2^23 ns (8.4 ms,
 * Click's 8 jiffies), each moving the average 1/32 of the way to its
 * count (stability shift 5).  RATIO, from 0 to 1, is the share of
 * packets whose counts are taken (chosen at random); the rates are of
 * those, and THRESH is scaled by RATIO as Click does (give it as if RATIO
 * were 1).  The counters are updated lock-free (each rate is a pair of
 * words changed by compare-and-swap), so CPUs count at once.
 *
 * MEMORY bounds the tree, in kilobytes: at least 100 (Click's minimum);
 * 0, Click's "unlimited", is 4,096 here, and at most 16,384.  The tree's
 * nodes (10 KB each, 256 counters) are allocated at configure, twice (one
 * set for after a `reset`); once they are used up no counter splits
 * further (Click frees quiet subtrees to make room; kclick keeps what it
 * has until `reset`).  Click's old form, (DS, TYPE, OFFSET, THRESH, T)
 * with DS SRC or DST (conf/demo.click), counts input 0 by that address;
 * T, the time rates were kept for, is accepted and not used.
 *
 * ANNO is accepted: Click sets rate annotations for its CompareBlock,
 * which kclick packets do not have.
 * =over 8
 * =item TYPE
 * PACKETS or BYTES.
 * =item RATIO
 * A real number from 0 to 1.
 * =item THRESH
 * Packets or bytes a second, 0 to 2^31 - 1.
 * =item MEMORY
 * Kilobytes, see above.
 * =item ANNO
 * Boolean, default true; no effect.
 * =item OFFSET
 * The IP header's offset without an IP header annotation, default 0.
 * =back
 * =h look read-only
 * The epochs (1/119.2 s) since the first packet after the last reset
 * (or after the element began), then a line for each
 * counter with a rate: the address so far (`10`, `10.0`, `10.0.0.5`),
 * its forward and its reverse rate a second, tab-separated; a subnet's
 * lines follow its network's, indented with one more tab a level.
 * =h thresh read-only
 * THRESH, scaled by RATIO.
 * =h mem read-only
 * Bytes of tree in use.
 * =h memmax read-only
 * Bytes the tree may use (one of its two sets).
 * =h reset write-only
 * Forgets every rate and subnet.  A second reset within an RCU grace
 * period of the first (milliseconds) fails with EBUSY: the tree before
 * the first is not yet free.
 * =e
 *   ... -> CheckIPHeader(14)
 *       -> m :: IPRateMonitor(PACKETS, 1, 1000) -> ...
 *   kclick read GRAPH/m.look
 * =a AverageCounter, AggregateCounter
 */
#include <kclick/proto.h>

#define IPRM_EPOCH_SHIFT	23		/* 8.39 ms */
#define IPRM_STABILITY		5
#define IPRM_SCALE		10
#define IPRM_GAP_MAX		1024		/* empty epochs, then 0 */
#define IPRM_EPOCH_BITS		24
#define IPRM_COUNT_BITS		40
#define IPRM_COUNT_MASK		((1ULL << IPRM_COUNT_BITS) - 1)
#define IPRM_MEM_MIN		100		/* KB, Click's */
#define IPRM_MEM_DEF		4096		/* KB for Click's 0 */
#define IPRM_MEM_MAX		16384		/* KB */
#define IPRM_THRESH_MAX		0x7fffffffU
#define IPRM_LEVELS		4
#define IPRM_NONE		0		/* iprm_counter.next */
#define IPRM_BUSY		(-1)

/* A rate: epoch << 40 | count in it, and the average. */
struct iprm_rate {
	atomic64_t cur;
	atomic64_t avg;		/* units per epoch << IPRM_SCALE */
};

struct iprm_node;

struct iprm_counter {
	struct iprm_rate r[2];	/* forward (input 0), reverse (input 1) */
	/* The next byte's counters: a node index, IPRM_NONE or IPRM_BUSY. */
	atomic64_t next;
};

struct iprm_node {
	struct iprm_counter c[256];
};

/* One set of nodes; node 0 is the root (first bytes). */
struct iprm_tree {
	u32 n;			/* nodes */
	atomic64_t used;	/* nodes taken */
	bool exhausted;
	bool retired;		/* unpublished by a reset, at cookie gp */
	unsigned long gp;
	u64 reset_ns;
	struct iprm_node nodes[];
};

struct iprm {
	bool bytes, anno, old_form, old_dst;
	u32 ratio;		/* / 65,536 */
	u32 thresh;		/* scaled by ratio */
	u32 offset;
	u32 memory;		/* KB */
	struct iprm_tree __rcu *tree;
	struct iprm_tree *set[2];
};

static int iprm_parse_ratio(const char *s, u32 *out, struct kc_errbuf *err)
{
	struct kc_quote q;
	u64 num = 0, den = 1;
	const char *c = s;
	bool digits = false;

	for (; *c >= '0' && *c <= '9' && num < 10; c++, digits = true)
		num = num * 10 + (*c - '0');
	if (*c == '.')
		for (c++; *c >= '0' && *c <= '9'; c++, digits = true)
			if (den < 1000000000ULL) {
				num = num * 10 + (*c - '0');
				den *= 10;
			}
	if (!digits || *c || num > den)
		return kc_errf(err, EINVAL,
			       "RATIO: '%s' is not a number from 0 to 1",
			       kc_quote_str(&q, s));
	*out = div64_u64(num * 65536 + den / 2, den);
	return 0;
}

static int iprm_type(const char *s, bool *bytes, struct kc_errbuf *err)
{
	struct kc_quote q;

	if (!strcmp(s, "PACKETS") || !strcmp(s, "packets"))
		*bytes = false;
	else if (!strcmp(s, "BYTES") || !strcmp(s, "bytes"))
		*bytes = true;
	else
		return kc_errf(err, EINVAL,
			       "TYPE: '%s' is not PACKETS or BYTES",
			       kc_quote_str(&q, s));
	return 0;
}

static struct iprm_tree *iprm_tree_alloc(u32 kb)
{
	u32 n = max_t(u32, 1, (u64)kb * 1024 / sizeof(struct iprm_node));
	struct iprm_tree *t = kc_zalloc(sizeof(*t) +
					(size_t)n * sizeof(struct iprm_node));

	if (t) {
		t->n = n;
		atomic64_set(&t->used, 1);
	}
	return t;
}

static int iprm_configure(struct kc_elem *e, struct kc_args *args)
{
	struct iprm *m = kc_priv(e);
	char *w0 = NULL, *w1 = NULL, *w2 = NULL, *w3 = NULL, *w4 = NULL;
	u32 thresh = 0, mem = 0, offset = 0, tsec = 0;
	bool old;
	int ret, i;
	const struct kc_argspec spec[] = {
		{ "TYPE", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &w0 },
		{ "RATIO", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &w1 },
		{ "THRESH", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &w2 },
		{ "MEMORY", KC_ARG_STR, KC_ARGF_POSITIONAL, &w3 },
		{ "ANNO", KC_ARG_STR, KC_ARGF_POSITIONAL, &w4 },
		{ "OFFSET", KC_ARG_U32, 0, &offset },
	};

	m->anno = true;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		goto out;
	/* Click's old form: DS, TYPE, OFFSET, THRESH [, T]. */
	old = !strcmp(w0, "SRC") || !strcmp(w0, "DST");
	if (old) {
		m->old_form = true;
		m->old_dst = !strcmp(w0, "DST");
		m->ratio = 65536;
		ret = iprm_type(w1, &m->bytes, args->err);
		if (!ret)
			ret = kc_arg_value("OFFSET", w2, KC_ARG_U32, &m->offset,
					   0, args->err);
		if (!ret && !w3)
			ret = kc_errf(args->err, EINVAL,
				      "THRESH: missing (after SRC or DST: DS, TYPE, OFFSET, THRESH [, T])");
		if (!ret)
			ret = kc_arg_value("THRESH", w3, KC_ARG_U32, &thresh, 0,
					   args->err);
		/* w4, T: the time rates were kept for; checked, not used. */
		if (!ret && w4)
			ret = kc_arg_value("T", w4, KC_ARG_U32, &tsec, 0,
					   args->err);
	} else {
		m->offset = offset;
		ret = iprm_type(w0, &m->bytes, args->err);
		if (!ret)
			ret = iprm_parse_ratio(w1, &m->ratio, args->err);
		if (!ret)
			ret = kc_arg_value("THRESH", w2, KC_ARG_U32, &thresh, 0,
					   args->err);
		if (!ret && w3)
			ret = kc_arg_value("MEMORY", w3, KC_ARG_U32, &mem, 0,
					   args->err);
		if (!ret && w4)
			ret = kc_arg_value("ANNO", w4, KC_ARG_BOOL, &m->anno, 0,
					   args->err);
	}
	if (ret)
		goto out;
	ret = -EINVAL;
	if (thresh > IPRM_THRESH_MAX) {
		kc_errf(args->err, EINVAL, "THRESH: %u is above %u", thresh,
			IPRM_THRESH_MAX);
		goto out;
	}
	if (mem > IPRM_MEM_MAX) {
		kc_errf(args->err, EINVAL, "MEMORY: %u KB is above %u KB", mem,
			IPRM_MEM_MAX);
		goto out;
	}
	m->memory = !mem ? IPRM_MEM_DEF : max_t(u32, mem, IPRM_MEM_MIN);
	/* As if RATIO were 1 (Click). */
	m->thresh = (u32)(((u64)thresh * m->ratio) >> 16);
	for (i = 0; i < 2; i++) {
		m->set[i] = iprm_tree_alloc(m->memory);
		if (!m->set[i]) {
			kc_errf(args->err, ENOMEM, "no memory for MEMORY %u KB",
				m->memory);
			goto out;
		}
	}
	kc_rcu_assign(m->tree, m->set[0]);
	ret = 0;
out:
	kc_free(w0);
	kc_free(w1);
	kc_free(w2);
	kc_free(w3);
	kc_free(w4);
	return ret;
}

static u32 iprm_epoch(u64 now)
{
	return (u32)(now >> IPRM_EPOCH_SHIFT) & ((1U << IPRM_EPOCH_BITS) - 1);
}

/* avg after count in one epoch and gap - 1 empty ones. */
static u64 iprm_fold(u64 avg, u64 count, u32 gap)
{
	s64 d = (s64)(count << IPRM_SCALE) - (s64)avg;

	avg += d >> IPRM_STABILITY;	/* arithmetic shift */
	if (gap > IPRM_GAP_MAX)
		return 0;
	for (; gap > 1 && avg; gap--)
		avg -= (avg + (1 << IPRM_STABILITY) - 1) >> IPRM_STABILITY;
	return avg;
}

/* Packet path: add units to r at epoch ep (lock-free). */
static void iprm_rate_add(struct iprm_rate *r, u32 ep, u64 units)
{
	s64 c, n, a;
	u32 cep;

	for (;;) {
		c = atomic64_read(&r->cur);
		cep = (u64)c >> IPRM_COUNT_BITS;
		if (cep == ep) {
			n = c + min_t(u64, units,
				      IPRM_COUNT_MASK - ((u64)c & IPRM_COUNT_MASK));
			if (atomic64_cmpxchg(&r->cur, c, n) == c)
				return;
			continue;
		}
		n = (s64)((u64)ep << IPRM_COUNT_BITS | min_t(u64, units,
							     IPRM_COUNT_MASK));
		if (atomic64_cmpxchg(&r->cur, c, n) != c)
			continue;
		/* This CPU closed epoch cep: it folds that count in. */
		do {
			a = atomic64_read(&r->avg);
		} while (atomic64_cmpxchg(&r->avg, a,
			 iprm_fold(a, (u64)c & IPRM_COUNT_MASK,
				   (ep - cep) & ((1U << IPRM_EPOCH_BITS) - 1))) != a);
		return;
	}
}

/* The average as of epoch ep (not written back). */
static u64 iprm_rate_avg(struct iprm_rate *r, u32 ep)
{
	s64 c = atomic64_read(&r->cur);
	u64 a = atomic64_read(&r->avg);
	u32 cep = (u64)c >> IPRM_COUNT_BITS;

	if (cep == ep)
		return a;
	return iprm_fold(a, (u64)c & IPRM_COUNT_MASK,
			 (ep - cep) & ((1U << IPRM_EPOCH_BITS) - 1));
}

/*
 * Units a second, times 1000, of a scaled average per epoch: avg / 2^10
 * per 2^23 ns is avg * 1e9 / 2^33 = avg * 1953125 / 2^24 a second.  avg
 * is capped at 2^43 (2^33 units an epoch, 8 GB in 8 ms), where the
 * product still fits in 64 bits.
 */
static u64 iprm_milli(u64 avg)
{
	u64 x = min_t(u64, avg, 1ULL << 43) * 1953125;

	return (x >> 24) * 1000 + (((x & ((1ULL << 24) - 1)) * 1000) >> 24);
}

static bool iprm_over(struct iprm *m, struct iprm_counter *c, u32 ep)
{
	u64 t = (u64)m->thresh * 1000;

	return iprm_milli(iprm_rate_avg(&c->r[0], ep)) >= t ||
	       iprm_milli(iprm_rate_avg(&c->r[1], ep)) >= t;
}

/* Packet path: a node for below c, whose next byte is b. */
static void iprm_split(struct iprm_tree *t, struct iprm_counter *c, u8 b)
{
	struct iprm_node *nd;
	s64 i;

	if (READ_ONCE(t->exhausted) ||
	    atomic64_cmpxchg(&c->next, IPRM_NONE, IPRM_BUSY) != IPRM_NONE)
		return;
	i = atomic64_inc_return(&t->used) - 1;
	if (i >= (s64)t->n) {
		atomic64_dec(&t->used);
		WRITE_ONCE(t->exhausted, true);
		atomic64_set(&c->next, IPRM_NONE);
		return;
	}
	nd = &t->nodes[i];
	/* The child starts with its parent's rates (Click). */
	atomic64_set(&nd->c[b].r[0].cur, atomic64_read(&c->r[0].cur));
	atomic64_set(&nd->c[b].r[0].avg, atomic64_read(&c->r[0].avg));
	atomic64_set(&nd->c[b].r[1].cur, atomic64_read(&c->r[1].cur));
	atomic64_set(&nd->c[b].r[1].avg, atomic64_read(&c->r[1].avg));
	atomic64_set_release(&c->next, i);
}

static void iprm_update(struct iprm *m, int port, struct kc_pkt *p)
{
	struct iprm_tree *t = kc_rcu_dereference(m->tree);
	struct iprm_node *nd = &t->nodes[0];
	struct iprm_counter *c = NULL;
	s64 next = IPRM_NONE;
	bool dst, sample;
	u32 addr, ep;
	int off, level;
	u64 units, now;
	const u8 *ip;

	off = kc_pkt_nh(p) ? kc_pkt_ip_offset(p, KC_IP_HLEN) :
	      (kc_pkt_may_pull(p, m->offset + KC_IP_HLEN) ? (int)m->offset :
	       -1);
	if (off < 0)
		return;
	ip = kc_pkt_data(p) + off;
	dst = m->old_form ? m->old_dst : port == 1;
	addr = (u32)ip[dst ? 16 : 12] << 24 | (u32)ip[dst ? 17 : 13] << 16 |
	       (u32)ip[dst ? 18 : 14] << 8 | ip[dst ? 19 : 15];
	units = m->bytes ? kc_pkt_len(p) - off : 1;
	sample = m->ratio >= 65536 ||
		 ((kc_random_u32() >> 5) & 0xffff) <= m->ratio;
	now = kc_now_ns();
	ep = iprm_epoch(now);
	if (!READ_ONCE(t->reset_ns))	/* the first packet since the reset */
		WRITE_ONCE(t->reset_ns, now);
	port = m->old_form ? 0 : port;
	for (level = 0; level < IPRM_LEVELS; level++) {
		c = &nd->c[(addr >> (24 - 8 * level)) & 0xff];
		if (sample)
			iprm_rate_add(&c->r[port], ep, units);
		next = atomic64_read_acquire(&c->next);
		if (next <= IPRM_NONE)
			break;
		nd = &t->nodes[next];
	}
	if (level < IPRM_LEVELS - 1 && next == IPRM_NONE &&
	    iprm_over(m, c, ep))
		iprm_split(t, c, (addr >> (16 - 8 * level)) & 0xff);
}

static void iprm_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	iprm_update(kc_priv(e), port, p);
	kc_push(e, port < e->noutputs ? port : 0, p);
}

static struct kc_pkt *iprm_pull(struct kc_elem *e, int port)
{
	struct kc_pkt *p = kc_pull(e, port);

	if (p)
		iprm_update(kc_priv(e), port, p);
	return p;
}

static void iprm_buf_rate(struct kc_buf *b, u64 avg)
{
	u64 milli = iprm_milli(avg);
	char f[4];
	int i;

	kc_buf_printf(b, "%llu", (unsigned long long)(milli / 1000));
	if (milli % 1000) {
		snprintf(f, sizeof(f), "%03u", (unsigned int)(milli % 1000));
		for (i = 2; f[i] == '0'; i--)
			f[i] = '\0';
		kc_buf_printf(b, ".%s", f);
	}
}

/* Handlers: process context, graph lock held. */
static int iprm_read_look(struct kc_elem *e, struct kc_buf *b)
{
	struct iprm *m = kc_priv(e);
	struct iprm_tree *t = kc_rcu_dereference_protected(m->tree);
	u64 now = kc_now_ns();
	u32 ep = iprm_epoch(now);
	/* The walk: a node and the next index at each level (no recursion). */
	struct iprm_node *nd[IPRM_LEVELS];
	u32 idx[IPRM_LEVELS], addr[IPRM_LEVELS];
	struct iprm_counter *c;
	u64 f, r;
	int l = 0, i;

	kc_buf_printf(b, "%llu\n", (unsigned long long)
		      (t->reset_ns ? (now - min(now, t->reset_ns)) >>
		       IPRM_EPOCH_SHIFT : 0));
	nd[0] = &t->nodes[0];
	idx[0] = 0;
	while (l >= 0 && !b->overflow) {
		if (idx[l] >= 256) {
			l--;
			continue;
		}
		addr[l] = idx[l]++;
		c = &nd[l]->c[addr[l]];
		f = iprm_rate_avg(&c->r[0], ep);
		r = iprm_rate_avg(&c->r[1], ep);
		if (!iprm_milli(f) && !iprm_milli(r))
			continue;
		for (i = 0; i < l; i++)
			kc_buf_printf(b, "\t");
		for (i = 0; i <= l; i++)
			kc_buf_printf(b, "%s%u", i ? "." : "", addr[i]);
		kc_buf_printf(b, "\t");
		iprm_buf_rate(b, f);
		kc_buf_printf(b, "\t");
		iprm_buf_rate(b, r);
		kc_buf_printf(b, "\n");
		if (l + 1 < IPRM_LEVELS) {
			s64 next = atomic64_read_acquire(&c->next);

			if (next > IPRM_NONE) {
				nd[++l] = &t->nodes[next];
				idx[l] = 0;
			}
		}
	}
	return 0;
}

static int iprm_read_thresh(struct kc_elem *e, struct kc_buf *b)
{
	struct iprm *m = kc_priv(e);

	kc_buf_printf(b, "%u", m->thresh);
	return 0;
}

static int iprm_read_mem(struct kc_elem *e, struct kc_buf *b)
{
	struct iprm *m = kc_priv(e);
	struct iprm_tree *t = kc_rcu_dereference_protected(m->tree);

	kc_buf_printf(b, "%llu", (unsigned long long)
		      (min_t(u64, atomic64_read(&t->used), t->n) *
		       sizeof(struct iprm_node)));
	return 0;
}

static int iprm_read_memmax(struct kc_elem *e, struct kc_buf *b)
{
	struct iprm *m = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)m->set[0]->n *
		      sizeof(struct iprm_node));
	return 0;
}

static int iprm_write_reset(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	struct iprm *m = kc_priv(e);
	struct iprm_tree *cur = kc_rcu_dereference_protected(m->tree);
	struct iprm_tree *t = cur == m->set[0] ? m->set[1] : m->set[0];

	/* t was retired by the reset before: free once its readers left. */
	if (t->retired && !kc_rcu_gp_passed(t->gp))
		return kc_errf(err, EBUSY,
			       "the previous reset is still settling (an RCU grace period); try again");
	memset(t->nodes, 0, (size_t)t->n * sizeof(struct iprm_node));
	atomic64_set(&t->used, 1);
	t->exhausted = false;
	t->retired = false;
	t->reset_ns = 0;
	kc_rcu_assign(m->tree, t);
	cur->gp = kc_rcu_gp_cookie();
	cur->retired = true;
	return 0;
}

static void iprm_cleanup(struct kc_elem *e)
{
	struct iprm *m = kc_priv(e);

	kc_free(m->set[0]);
	kc_free(m->set[1]);
}

static const struct kc_handler iprm_handlers[] = {
	{ .name = "look", .read = iprm_read_look },
	{ .name = "thresh", .read = iprm_read_thresh },
	{ .name = "mem", .read = iprm_read_mem },
	{ .name = "memmax", .read = iprm_read_memmax },
	{ .name = "reset", .write = iprm_write_reset },
};

const struct kc_class kc_ipratemonitor_class = {
	.name = "IPRateMonitor",
	.ports = "1-2/1-2",
	.processing = "a/a",
	.priv_size = sizeof(struct iprm),
	.configure = iprm_configure,
	.push = iprm_push,
	.pull = iprm_pull,
	.cleanup = iprm_cleanup,
	.handlers = iprm_handlers,
	.nhandlers = ARRAY_SIZE(iprm_handlers),
};
