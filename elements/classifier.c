// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Classifier(PATTERN_1, ..., PATTERN_N)
 * =s classification
 * classifies packets by contents
 * =d
 * Sends each packet to the output of the first PATTERN it matches (one
 * output per pattern); a packet matching none is dropped.  A pattern is
 * a space-separated list of clauses OFFSET/VALUE or OFFSET/VALUE%MASK,
 * all of which must hold: the bytes at decimal OFFSET from the start of
 * the data, under the hex MASK (default all ones), equal the hex VALUE.
 * `?` in VALUE is a nibble that matches anything.  A clause preceded by
 * `!` must not hold (`!12/0800`, or a longer one, `!0/0102030405`, which
 * fails only when all its bytes match).  The pattern `-` matches every
 * packet.  A packet too
 * short for a clause fails it (and satisfies its negation).
 *
 * The patterns are compiled into 32-bit tests, each distinct test stored
 * once, and then into a decision tree over them: a packet follows one
 * path of word compares, none repeated (a test whose result the path
 * already knows is skipped), to its output.  The configuration is
 * writable at runtime: the new program is compiled, then swapped in
 * atomically.
 * =h config read/write
 * The patterns; writing recompiles and swaps atomically (the number of
 * patterns must not exceed the outputs).
 * =h program read-only
 * The compiled tests, patterns and decision tree.
 * =h drops read-only
 * Packets that matched no pattern.
 * =e
 *   c :: Classifier(12/0806 20/0001,  // ARP requests
 *                   12/0806 20/0002,  // ARP replies
 *                   12/0800,          // IP
 *                   -);               // everything else
 * =a IPClassifier, IPFilter
 */
#include <kclick/element.h>
#include <kclick/rcuswap.h>

#define CL_MAX_TESTS	256	/* distinct 32-bit tests per element */
#define CL_MAX_CLAUSES	1024	/* test references over all patterns */
#define CL_MAX_OFFSET	4096
/*
 * Decision tree nodes per element: past this the tree is not built and
 * the patterns are checked in order instead, through one node per clause
 * (at most CL_MAX_CLAUSES), so valid patterns are never refused.
 */
#define CL_MAX_NODES	2048

/*
 * A clause entry: the test index, CL_NEG for a negated clause, and CL_AND
 * on every entry but the last of a negated clause longer than 4 bytes --
 * those entries form one clause, which fails only if all its tests hold.
 */
#define CL_NEG		0x8000
#define CL_AND		0x4000
#define CL_TEST		0x3fff

struct cl_test {
	u16 off;		/* first of 4 bytes; shorter tests have mask 0s */
	u32 val, mask;
};

/*
 * A tree node: one test, and where each answer leads, a node index or a
 * leaf: CL_LEAF | output, or CL_DROP.
 */
#define CL_LEAF		0x8000
#define CL_DROP		0xffff

struct cl_node {
	u16 off;
	u16 yes, no;
	u32 val, mask;
};

/*
 * The tree again for the walk without length checks (cl_walk): value and
 * mask in network byte order, to compare with words as loaded, and the
 * kids as byte offsets into the array (CL_MAX_NODES * 16 < CL_LEAF) or
 * leaves, so a step indexes no array.
 */
struct cl_wnode {
	__be32 nval, nmask;
	u16 off;
	u16 yes, no;
};

static u16 cl_wkid(u16 to)
{
	return to & CL_LEAF ? to : to * sizeof(struct cl_wnode);
}

struct cl_prog {
	u16 ntests, npatterns;
	u16 root, nnodes;		/* the tree: nodes[0..nnodes) */
	bool in_order;			/* tree too big: patterns in order */
	struct cl_node *nodes;
	struct cl_wnode *wnodes;	/* the same tree, for cl_walk */
	u16 wroot;			/* cl_wkid(root) */
	struct cl_test tests[CL_MAX_TESTS];
	u16 pstart[CL_MAX_TESTS + 1];	/* clause range of each pattern */
	u16 clause[CL_MAX_CLAUSES];	/* test index and CL_NEG, CL_AND */
	u16 nclauses;
	u16 maxend;			/* bytes the tests look at */
	struct kc_rcu_free rf;		/* replaced by a `config` write */
};

static void cl_prog_free(void *v)
{
	struct cl_prog *pr = v;

	if (pr) {
		kc_free(pr->nodes);
		kc_free(pr->wnodes);
	}
	kc_free(pr);
}

struct classifier {
	struct cl_prog __rcu *prog;	/* update side: the graph lock */
	char *config;
	u64 __percpu *drops;
};

static int cl_add_test(struct cl_prog *pr, u16 off, u32 val, u32 mask,
		       u16 flags, struct kc_errbuf *err)
{
	u16 i;

	val &= mask;
	for (i = 0; i < pr->ntests; i++)
		if (pr->tests[i].off == off && pr->tests[i].val == val &&
		    pr->tests[i].mask == mask)
			break;
	if (i == pr->ntests) {
		if (pr->ntests == CL_MAX_TESTS)
			return kc_errf(err, E2BIG, "more than %d distinct tests",
				       CL_MAX_TESTS);
		pr->tests[pr->ntests++] = (struct cl_test){ off, val, mask };
		pr->maxend = max_t(u16, pr->maxend, off + 4);
	}
	if (pr->nclauses == CL_MAX_CLAUSES)
		return kc_errf(err, E2BIG, "more than %d clauses",
			       CL_MAX_CLAUSES);
	pr->clause[pr->nclauses++] = i | flags;
	return 0;
}

/*
 * One clause "[!]OFF/HEX[%HEX]" (len bytes at c) into tests of up to 4
 * bytes.  A negated clause of several tests is one group (CL_AND): the
 * negation of a conjunction is not a conjunction.
 */
static int cl_clause(struct cl_prog *pr, int pat, bool neg, const char *c,
		     size_t len, struct kc_errbuf *err)
{
	u8 val[64], mask[64];
	const char *v, *m, *end = c + len;
	struct kc_quote q;
	unsigned long off = 0;
	int nb = 0, i, hi;

	if (c >= end || *c < '0' || *c > '9')
		goto bad;
	while (c < end && *c >= '0' && *c <= '9') {
		off = off * 10 + (*c++ - '0');
		if (off > CL_MAX_OFFSET)
			return kc_errf(err, EINVAL,
				       "pattern %d: offset past %d", pat,
				       CL_MAX_OFFSET);
	}
	if (c >= end || *c++ != '/')
		goto bad;
	v = c;
	while (c < end && *c != '%')
		c++;
	m = c < end ? c + 1 : NULL;
	if ((c - v) % 2 || c == v || (c - v) / 2 > (long)sizeof(val))
		goto bad;
	for (; v < c; v += 2, nb++) {
		u8 bv = 0, bm = 0;

		for (i = 0; i < 2; i++) {
			bv <<= 4;
			bm <<= 4;
			if (v[i] == '?')
				continue;
			hi = kc_hexval(v[i]);
			if (hi < 0)
				goto bad;
			bv |= hi;
			bm |= 0xf;
		}
		val[nb] = bv;
		mask[nb] = bm;
	}
	if (m) {
		if (end - m != 2 * nb)
			return kc_errf(err, EINVAL,
				       "pattern %d: mask and value lengths differ in '%s'",
				       pat, kc_quote(&q, end - len, len));
		for (i = 0; i < nb; i++, m += 2) {
			int a = kc_hexval(m[0]), b = kc_hexval(m[1]);

			if (a < 0 || b < 0)
				goto bad;
			mask[i] &= a << 4 | b;
		}
	}
	for (i = 0; i < nb; i += 4) {
		u32 tv = 0, tm = 0;
		int k;

		for (k = 0; k < 4; k++) {
			tv <<= 8;
			tm <<= 8;
			if (i + k < nb) {
				tv |= val[i + k];
				tm |= mask[i + k];
			}
		}
		if (cl_add_test(pr, off + i, tv, tm,
				(neg ? CL_NEG : 0) |
				(neg && i + 4 < nb ? CL_AND : 0), err))
			return -EINVAL;
	}
	return 0;
bad:
	return kc_errf(err, EINVAL,
		       "pattern %d: '%s' is not OFFSET/VALUE[%%MASK]", pat,
		       kc_quote(&q, end - len, len));
}

/* ---------------------------------------------------------------- */
/* The decision tree (configure time, may sleep).                    */

#define CL_WORDS	(CL_MAX_TESTS / 32)

/*
 * Where a walk through the patterns stands: at clause entry c of pattern
 * p, knowing the results of the tests in known (true ones in val).  A
 * node is one such state, its test the one at entry c; states that agree
 * on p, c and the results of the tests still ahead share one node.
 */
struct cl_state {
	u16 p, c;
	u32 known[CL_WORDS], val[CL_WORDS];
};

struct cl_memo {
	struct cl_state s;
	u16 node;
	bool used;
};

#define CL_MEMO_SIZE	(2 * CL_MAX_NODES)	/* open addressing */

struct cl_builder {
	struct cl_prog *pr;
	u32 (*ahead)[CL_WORDS];	/* tests at entries c.. (index c) */
	struct cl_memo *memo;
	u16 *work;		/* memo slots of nodes whose kids are unset */
	u32 nwork;
};

/* The state after entry s->c's test answered r. */
static void cl_advance(const struct cl_prog *pr, struct cl_state *s, bool r)
{
	u16 e = pr->clause[s->c];

	if (e & CL_AND) {	/* inside a negated group */
		if (r) {
			s->c++;
			return;
		}
		/* One test of the group failed: the clause holds. */
		while (pr->clause[s->c] & CL_AND)
			s->c++;
		s->c++;
		return;
	}
	if (r == !(e & CL_NEG)) {
		s->c++;
		return;
	}
	s->p++;			/* the pattern fails */
	s->c = pr->pstart[s->p];
}

/*
 * Follow the tests the state already knows: a leaf, or 0 with s at the
 * first entry whose test is unknown.
 */
static u16 cl_resolve(const struct cl_prog *pr, struct cl_state *s)
{
	for (;;) {
		u16 t;

		if (s->p == pr->npatterns)
			return CL_DROP;
		if (s->c == pr->pstart[s->p + 1])
			return CL_LEAF | s->p;
		t = pr->clause[s->c] & CL_TEST;
		if (!(s->known[t / 32] & (1U << (t % 32))))
			return 0;
		cl_advance(pr, s, s->val[t / 32] & (1U << (t % 32)));
	}
}

static u32 cl_state_hash(const struct cl_state *s)
{
	u32 h = s->p * 0x9e3779b1U ^ s->c;
	int i;

	for (i = 0; i < CL_WORDS; i++)
		h = (h ^ s->known[i] ^ (s->val[i] * 31)) * 0x01000193U;
	return h;
}

/*
 * The node for state s (a copy, changed here): a leaf, an existing node,
 * or a new one queued for its kids.  -E2BIG past CL_MAX_NODES.
 */
static int cl_node_for(struct cl_builder *b, struct cl_state s)
{
	struct cl_prog *pr = b->pr;
	const struct cl_test *x;
	u32 h, i;
	u16 leaf = cl_resolve(pr, &s), t;

	if (leaf)
		return leaf;
	for (i = 0; i < CL_WORDS; i++) {
		s.known[i] &= b->ahead[s.c][i];
		s.val[i] &= s.known[i];
	}
	h = cl_state_hash(&s) % CL_MEMO_SIZE;
	for (; b->memo[h].used; h = (h + 1) % CL_MEMO_SIZE)
		if (!memcmp(&b->memo[h].s, &s, sizeof(s)))
			return b->memo[h].node;
	if (pr->nnodes == CL_MAX_NODES)
		return -E2BIG;
	t = pr->clause[s.c] & CL_TEST;
	x = &pr->tests[t];
	b->memo[h] = (struct cl_memo){ .s = s, .node = pr->nnodes,
				       .used = true };
	pr->nodes[pr->nnodes] = (struct cl_node){ .off = x->off,
		.val = x->val, .mask = x->mask };
	b->work[b->nwork++] = h;
	return pr->nnodes++;
}

static int cl_build_tree(struct cl_builder *b)
{
	struct cl_prog *pr = b->pr;
	struct cl_state s = { 0 };
	int i, k, r;

	for (i = pr->nclauses - 1; i >= 0; i--) {
		u16 t = pr->clause[i] & CL_TEST;

		for (k = 0; k < CL_WORDS; k++)
			b->ahead[i][k] = b->ahead[i + 1][k];
		b->ahead[i][t / 32] |= 1U << (t % 32);
	}
	r = cl_node_for(b, s);
	if (r < 0)
		return r;
	pr->root = r;
	while (b->nwork) {
		const struct cl_memo *m = &b->memo[b->work[--b->nwork]];
		struct cl_node *n = &pr->nodes[m->node];
		u16 t = pr->clause[m->s.c] & CL_TEST;
		int ans;

		for (ans = 0; ans < 2; ans++) {
			s = m->s;
			s.known[t / 32] |= 1U << (t % 32);
			if (ans)
				s.val[t / 32] |= 1U << (t % 32);
			cl_advance(pr, &s, ans);
			r = cl_node_for(b, s);
			if (r < 0)
				return r;
			if (ans)
				n->yes = r;
			else
				n->no = r;
		}
	}
	return 0;
}

/*
 * Too big a tree: one node per clause entry, the patterns in order (a
 * test shared by several patterns is evaluated again in each).
 */
static void cl_build_in_order(struct cl_prog *pr)
{
	struct cl_state s;
	int i, ans;

	pr->in_order = true;
	pr->nnodes = pr->nclauses;
	for (i = 0; i < pr->nclauses; i++) {
		const struct cl_test *x = &pr->tests[pr->clause[i] & CL_TEST];
		struct cl_node *n = &pr->nodes[i];

		*n = (struct cl_node){ .off = x->off, .val = x->val,
				       .mask = x->mask };
		for (ans = 0; ans < 2; ans++) {
			u16 to;

			memset(&s, 0, sizeof(s));
			while (s.p < pr->npatterns && pr->pstart[s.p + 1] <= i)
				s.p++;
			s.c = i;
			cl_advance(pr, &s, ans);
			to = cl_resolve(pr, &s);	/* nothing known */
			if (!to)
				to = s.c;
			if (ans)
				n->yes = to;
			else
				n->no = to;
		}
	}
	memset(&s, 0, sizeof(s));
	pr->root = cl_resolve(pr, &s) ?: s.c;
}

static int cl_build(struct cl_prog *pr)
{
	struct cl_builder b = { .pr = pr };
	int ret = -ENOMEM, i;

	pr->nodes = kc_zalloc(CL_MAX_NODES * sizeof(*pr->nodes));
	b.ahead = kc_zalloc((pr->nclauses + 1) * sizeof(*b.ahead));
	b.memo = kc_zalloc(CL_MEMO_SIZE * sizeof(*b.memo));
	b.work = kc_zalloc(CL_MAX_NODES * sizeof(*b.work));
	if (pr->nodes && b.ahead && b.memo && b.work) {
		ret = cl_build_tree(&b);
		if (ret == -E2BIG) {
			cl_build_in_order(pr);
			ret = 0;
		}
	}
	if (!ret && pr->nnodes) {
		pr->wnodes = kc_zalloc(pr->nnodes * sizeof(*pr->wnodes));
		if (!pr->wnodes)
			ret = -ENOMEM;
	}
	for (i = 0; !ret && i < pr->nnodes; i++) {
		const struct cl_node *n = &pr->nodes[i];

		BUILD_BUG_ON(sizeof(struct cl_wnode) != 16 ||
			     CL_MAX_NODES * 16 > CL_LEAF ||
			     CL_MAX_CLAUSES * 16 > CL_LEAF);
		pr->wnodes[i] = (struct cl_wnode){
			.nval = cpu_to_be32(n->val),
			.nmask = cpu_to_be32(n->mask), .off = n->off,
			.yes = cl_wkid(n->yes), .no = cl_wkid(n->no) };
	}
	pr->wroot = cl_wkid(pr->root);
	if (!ret && pr->nnodes) {	/* keep only the nodes used */
		struct cl_node *n = kc_zalloc(pr->nnodes * sizeof(*n));

		if (n) {
			memcpy(n, pr->nodes, pr->nnodes * sizeof(*n));
			kc_free(pr->nodes);
			pr->nodes = n;
		}
	}
	kc_free(b.ahead);
	kc_free(b.memo);
	kc_free(b.work);
	return ret;
}

static int cl_compile(const struct kc_args *args, int noutputs,
		      struct cl_prog **out, struct kc_errbuf *err)
{
	struct cl_prog *pr;
	struct kc_quote q;
	int i, ret = 0;

	if (args->n > noutputs)
		return kc_errf(err, EINVAL,
			       "%d patterns for %d outputs", args->n, noutputs);
	if (args->n > CL_MAX_TESTS)
		return kc_errf(err, EINVAL, "at most %d patterns",
			       CL_MAX_TESTS);
	pr = kc_zalloc(sizeof(*pr));
	if (!pr)
		return -ENOMEM;
	for (i = 0; i < args->n && !ret; i++) {
		const char *s = args->v[i].val;
		size_t n;

		if (args->v[i].key) {
			ret = kc_errf(err, EINVAL, "pattern %d: '%s' is not a pattern",
				      i + 1, kc_quote_str(&q, args->v[i].key));
			break;
		}
		pr->pstart[i] = pr->nclauses;
		if (!strcmp(s, "-"))
			continue;
		if (!*s)
			ret = kc_errf(err, EINVAL, "pattern %d is empty", i + 1);
		while (*s && !ret) {
			bool neg = false;

			while (*s == ' ' || *s == '\t' || *s == '\n')
				s++;
			/* "!12/0800" or, as Click also reads it, "! 12/0800" */
			if (*s == '!') {
				neg = true;
				s += 1 + strspn(s + 1, " \t\n");
			}
			n = strcspn(s, " \t\n");
			if (n)
				ret = cl_clause(pr, i + 1, neg, s, n, err);
			else if (neg)
				ret = kc_errf(err, EINVAL,
					      "pattern %d: '!' without a clause",
					      i + 1);
			s += n;
		}
	}
	pr->pstart[i] = pr->nclauses;
	pr->npatterns = i;
	if (ret) {
		kc_free(pr);
		return -EINVAL;
	}
	ret = cl_build(pr);
	if (ret) {
		cl_prog_free(pr);
		return ret;
	}
	*out = pr;
	return 0;
}

/*
 * Packet path: test n on a packet of len bytes at d that ends before the
 * test's 4 bytes do.  Bytes past the end fail, but only if masked.
 */
static noinline bool cl_test_short(const struct cl_node *n, const u8 *d,
				   unsigned int len)
{
	unsigned int k;
	u32 w = 0;

	for (k = 0; k < 4; k++) {
		u32 m = (n->mask >> (24 - 8 * k)) & 0xff;

		if (m && n->off + k >= len)
			return false;
		w = w << 8 | (n->off + k < len ? d[n->off + k] : 0);
	}
	return (w & n->mask) == n->val;
}

/*
 * Packet path: the output for the len bytes at d, or -1.  A walk down the
 * tree, one 32-bit load and compare a node; no recursion, no state.
 */
static int cl_eval(const struct cl_prog *pr, const u8 *d, unsigned int len)
{
	u16 i = pr->root;

	while (!(i & CL_LEAF)) {
		const struct cl_node *n = &pr->nodes[i];
		__be32 w;
		bool r;

		if (likely(n->off + 4u <= len)) {
			memcpy(&w, d + n->off, sizeof(w));	/* unaligned */
			r = (be32_to_cpu(w) & n->mask) == n->val;
		} else {
			r = cl_test_short(n, d, len);
		}
		i = r ? n->yes : n->no;
	}
	return i == CL_DROP ? -1 : i & ~CL_LEAF;
}

/*
 * Packet path: the leaf (CL_LEAF | output, or CL_DROP) for a packet whose
 * first pr->maxend bytes are at d, contiguous: every node's 4 bytes are
 * there, so the walk checks no length.  Words are compared as loaded, in
 * network byte order, against the node's value and mask in that order.
 */
static __always_inline u16 cl_walk(const struct cl_prog *pr, const u8 *d)
{
	const u8 *nodes = (const u8 *)pr->wnodes;
	unsigned long i = pr->wroot;

	while (!(i & CL_LEAF)) {
		const struct cl_wnode *n = (const void *)(nodes + i);
		__be32 w;

		memcpy(&w, d + n->off, sizeof(w));	/* unaligned */
		i = (w & n->nmask) == n->nval ? n->yes : n->no;
	}
	return i;
}

static int classifier_configure(struct kc_elem *e, struct kc_args *args)
{
	struct classifier *c = kc_priv(e);
	struct cl_prog *pr;
	int i, ret;

	c->drops = e->pcpu;
	for (i = 0; i < args->n; i++)
		args->v[i].used = true;
	ret = cl_compile(args, e->noutputs, &pr, args->err);
	if (ret)
		return ret;
	c->config = kc_strdup(e->config ? e->config : "");
	if (!c->config) {
		cl_prog_free(pr);
		return -ENOMEM;
	}
	kc_rcu_assign(c->prog, pr);
	return 0;
}

static void classifier_cleanup(struct kc_elem *e)
{
	struct classifier *c = kc_priv(e);

	cl_prog_free(kc_rcu_dereference_protected(c->prog));
	kc_free(c->config);
}

/* Packet path: p matched no pattern. */
static noinline void classifier_drop(struct kc_elem *e, struct kc_pkt *p)
{
	struct classifier *c = kc_priv(e);

	this_cpu_inc(*c->drops);
	kc_drop(e, p);
}

/*
 * Packet path: a packet whose linear part ends before pr->maxend: made
 * contiguous up to maxend (no further: on a paged skb that would pull
 * payload into the head), or walked with a check per node when it is
 * shorter than that.
 */
static noinline void classifier_push_short(struct kc_elem *e,
					   const struct cl_prog *pr,
					   struct kc_pkt *p)
{
	unsigned int len = kc_pkt_len(p);
	int out;

	if (!kc_pkt_may_pull(p, min_t(unsigned int, len, pr->maxend))) {
		classifier_drop(e, p);
		return;
	}
	out = cl_eval(pr, kc_pkt_data(p), min(len, kc_pkt_headlen(p)));
	if (out < 0) {
		classifier_drop(e, p);
		return;
	}
	kc_push(e, out, p);
}

/*
 * Packet path (softirq, RCU read side).  The tests read bytes [0,
 * maxend): one length check, then a walk without any.  The rarer ways
 * are functions of their own, so this one needs no saved registers.
 */
static void classifier_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct classifier *c = kc_priv(e);
	const struct cl_prog *pr = kc_rcu_dereference(c->prog);
	u16 leaf;

	if (unlikely(kc_pkt_headlen(p) < pr->maxend)) {
		classifier_push_short(e, pr, p);
		return;
	}
	leaf = cl_walk(pr, kc_pkt_data(p));
	if (unlikely(leaf == CL_DROP)) {
		classifier_drop(e, p);
		return;
	}
	kc_push(e, leaf & ~CL_LEAF, p);
}

/*
 * Packet path, METHOD XDP (softirq, RCU read side; engine/xdp.c): the
 * same tree on the frame, whose x->len bytes are contiguous, so nothing
 * needs pulling: the unchecked walk when they reach maxend, as
 * classifier_push does.  Unmatched frames are dropped (XDP_DROP) and
 * counted.
 */
static int classifier_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct classifier *c = kc_priv(e);
	const struct cl_prog *pr;
	int out;

	if (!x)
		return 0;
	pr = kc_rcu_dereference(c->prog);
	if (likely(x->len >= pr->maxend)) {
		u16 leaf = cl_walk(pr, x->data);

		out = leaf == CL_DROP ? -1 : leaf & ~CL_LEAF;
	} else {
		out = cl_eval(pr, x->data, x->len);
	}
	if (out >= 0)
		return out;
	this_cpu_inc(*c->drops);
	x->act = KC_XDP_DROP;
	return KC_XDP_END;
}

static int classifier_read_config(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", ((struct classifier *)kc_priv(e))->config);
	return 0;
}

/* Handler (process context, graph lock held). */
static int classifier_write_config(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct classifier *c = kc_priv(e);
	struct kc_args args = { 0 };
	struct cl_prog *pr;
	char *copy;
	int ret;

	args.err = err;
	ret = kc_args_split(&args, val);
	if (ret)
		return ret;
	ret = cl_compile(&args, e->noutputs, &pr, err);
	kc_args_free(&args);
	if (ret)
		return ret;
	copy = kc_strdup(val);
	if (!copy) {
		cl_prog_free(pr);
		return -ENOMEM;
	}
	kc_rcu_publish(c->prog, pr, rf, cl_prog_free);
	kc_free(c->config);
	c->config = copy;
	return 0;
}

/* A node's successor as text: "n3", "output 1" or "drop". */
static const char *cl_leaf_name(u16 to, char *buf)
{
	if (to == CL_DROP)
		return "drop";
	if (to & CL_LEAF)
		snprintf(buf, 16, "output %u", to & ~CL_LEAF);
	else
		snprintf(buf, 16, "n%u", to);
	return buf;
}

static int classifier_read_program(struct kc_elem *e, struct kc_buf *b)
{
	struct classifier *c = kc_priv(e);
	const struct cl_prog *pr = kc_rcu_dereference_protected(c->prog);
	char leaf[16];
	int i, k;

	for (i = 0; i < pr->ntests; i++)
		kc_buf_printf(b, "t%d: [%u] & %08x == %08x\n", i,
			      pr->tests[i].off, pr->tests[i].mask,
			      pr->tests[i].val);
	for (i = 0; i < pr->npatterns; i++) {
		kc_buf_printf(b, "output %d:", i);
		if (pr->pstart[i] == pr->pstart[i + 1])
			kc_buf_printf(b, " all");
		for (k = pr->pstart[i]; k < pr->pstart[i + 1]; k++) {
			u16 cl = pr->clause[k];
			bool first = k == pr->pstart[i] ||
				     !(pr->clause[k - 1] & CL_AND);

			/* A negated group prints as " !(t0&t1)". */
			kc_buf_printf(b, "%s%s%st%d%s", first ? " " : "&",
				      cl & CL_NEG && first ? "!" : "",
				      first && cl & CL_AND ? "(" : "",
				      cl & CL_TEST,
				      !first && !(cl & CL_AND) ? ")" : "");
		}
		kc_buf_printf(b, "\n");
	}
	kc_buf_printf(b, "tree: %u nodes%s\n", pr->nnodes,
		      pr->in_order ? " (too many: the patterns in order)" : "");
	if (pr->root & CL_LEAF)
		kc_buf_printf(b, "root: %s\n", cl_leaf_name(pr->root, leaf));
	for (i = 0; i < pr->nnodes && i < 64; i++) {
		const struct cl_node *n = &pr->nodes[i];

		kc_buf_printf(b, "%sn%d: [%u] & %08x == %08x ? ",
			      i == pr->root ? "root " : "", i, n->off, n->mask,
			      n->val);
		kc_buf_printf(b, "%s : ", cl_leaf_name(n->yes, leaf));
		kc_buf_printf(b, "%s\n", cl_leaf_name(n->no, leaf));
	}
	if (pr->nnodes > 64)
		kc_buf_printf(b, "...\n");
	return 0;
}

static int classifier_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct classifier *c = kc_priv(e);

	return kc_buf_pcpu_u64(b, c->drops, 0);
}

static const struct kc_handler classifier_handlers[] = {
	{ .name = "config", .read = classifier_read_config,
	  .write = classifier_write_config },
	{ .name = "program", .read = classifier_read_program },
	{ .name = "drops", .read = classifier_read_drops },
};

const struct kc_class kc_classifier_class = {
	.name = "Classifier",
	.ports = "1/1-",
	.processing = "h/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct classifier),
	.pcpu_size = sizeof(u64),
	.configure = classifier_configure,
	.push = classifier_push,
	.xdp = classifier_xdp,
	.cleanup = classifier_cleanup,
	.handlers = classifier_handlers,
	.nhandlers = ARRAY_SIZE(classifier_handlers),
};
