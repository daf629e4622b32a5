// SPDX-License-Identifier: GPL-2.0
/*
 * The IP classifier compiler (include/kclick/classify.h): Click's IPFilter
 * and IPClassifier language -> interval constraints -> a decision tree.
 *
 1. kc_cls_parse.c parses each rule into an expression over primitives,
 *    each an interval on one packet field ("dst port 80" is dport in
 *    [80, 80]; "src net 10.0.0.0/8" is src in [10.0.0.0, 10.255.255.255]),
 *    pushes negations down and spreads it into a list of conjunctions (at
 *    most one interval per field each), in rule order.
 * 2. The tree: a node takes the first remaining conjunction; if it has no
 *    constraint left the node is a leaf with its output; otherwise the node
 *    splits on one field it constrains, at every boundary of that field's
 *    intervals among the remaining conjunctions, and each piece keeps the
 *    conjunctions it can still satisfy.  Identical subproblems share one
 *    subtree.  A field is split at most once per path.
 *
 * Fields a packet does not have (ports of an ICMP packet or of a
 * non-first fragment, ...) read as a value outside the field's real range,
 * so "dst port 80" never matches them and "not dst port 80" always does,
 * as in tcpdump.  Header fields named by position (ip[POS:LEN], ...)
 * read 0 when absent, and every rule that tests one also tests that the
 * packet is long enough (F_NLEN, F_TLEN), which makes the 0 harmless.
 *
 * Compiling: process context, may sleep.  Evaluating: packet path.
 */
#include <kclick/rcuswap.h>
#include "kc_cls.h"

/* A field's name, for the `program` handler. */
static const char *const field_name[F_DYN] = {
	"proto", "src", "dst", "sport", "dport", "icmp type", "tos", "ttl",
	"vers", "hl", "frag", "len", "syn", "ack", "fin", "rst", "psh", "urg",
	"bytes from ip", "bytes from transp",
};

/* ---------------------------------------------------------------- */
/* The decision tree.                                                */

struct cnode {
	u8 field;		/* NFIELDS for a leaf */
	s32 out;		/* leaf: output, -1 drop */
	u32 nb;			/* internal: pieces */
	u32 first;		/* internal: index into bounds/kids */
	u32 tab;		/* internal: index into tabs, or NO_TAB */
};

/*
 * A node on a field of at most 257 values (protocol, ICMP type, TOS, TTL,
 * TCP flags, ...) with 3 pieces or more looks its child up in a table
 * indexed by the value instead of searching; at most TABS_MAX entries
 * (64 KB) per program, given to the nodes nearest the root first.
 */
#define NO_TAB		0xffffffffu
#define TABS_MAX	16384

struct kc_cls_prog {
	u32 nnodes, nedges, nconjs, nrules, depth;
	struct conj *lin;	/* fallback: conjunctions in order, or NULL */
	struct cnode *nodes;	/* node 0 is the root */
	u32 *bounds;		/* lower bound of each piece, ascending */
	u32 *kids;		/* node of each piece */
	struct kc_cls_dyn dyn[KC_CLS_MAX_DYN];	/* fields F_DYN + i */
	int ndyn;
	u32 need_ip, need_tp;	/* bytes to make readable: kc_cls_rules */
	/*
	 * The fewest contiguous IP header bytes the inline walk takes:
	 * need_ip, at least 20; never, when the rules are checked in order.
	 */
	u32 walk_min;
	u32 ntabs;
	u32 *tabs;		/* node tables (NO_TAB), or NULL */
	bool one_verdict;	/* the root is a leaf: no field is read */
	struct kc_rcu_free rf;	/* replaced by a `config` write */
};

/* What a path has learnt: each field lies in [lo, hi]. */
struct known {
	u32 lo[NFIELDS], hi[NFIELDS];
};

struct memo {
	struct memo *next;
	u32 hash, n, node;
	struct known k;
	u32 *act;
};

#define MEMO_BUCKETS 4096

struct builder {
	struct clist *cl;
	struct cnode *nodes;
	u32 nnodes, cap_nodes;
	u32 *bounds, *kids;
	u32 nedges, cap_edges, cap_kids;
	struct memo *memo[MEMO_BUCKETS];
	s32 leaf_of[2];		/* cached leaves: drop, and output 0 */
	u32 depth;
	u64 work;		/* conjunctions looked at: BUILD_MAX_WORK */
};

/*
 * Bounds of the tree builder; past any of them the rules are checked in
 * order instead (prog->lin), as for KC_CLS_MAX_NODES.
 *
 * build() walks the tree without recursion, one heap frame a level.  A
 * full split cuts a field at every boundary, so no path splits that field
 * again: after BUILD_FULL_DEPTH levels every split is full, and a path is
 * at most BUILD_FULL_DEPTH + NFIELDS levels deep (BUILD_MAX_DEPTH, which
 * sizes the frames: 50 * 200 bytes).
 *
 * BUILD_MAX_WORK caps conjunctions visited over all nodes (time, and the
 * memo's copies); BUILD_MAX_EDGES the pieces over all nodes (memory).
 */
#define BUILD_FULL_DEPTH	32
#define BUILD_MAX_DEPTH		(BUILD_FULL_DEPTH + NFIELDS)
#define BUILD_MAX_WORK		(1ULL << 24)
#define BUILD_MAX_EDGES		(1U << 20)

static int grow_u32(u32 **v, u32 need, u32 *cap)
{
	u32 n = *cap ? *cap : 64;
	u32 *nv;

	while (n < need)
		n *= 2;
	if (n == *cap)
		return 0;
	nv = kc_zalloc(n * sizeof(u32));
	if (!nv)
		return -ENOMEM;
	if (*cap)
		memcpy(nv, *v, *cap * sizeof(u32));
	kc_free(*v);
	*v = nv;
	*cap = n;
	return 0;
}

static int new_node(struct builder *b)
{
	if (b->nnodes >= KC_CLS_MAX_NODES)
		return -E2BIG;
	if (b->nnodes == b->cap_nodes) {
		u32 cap = b->cap_nodes ? b->cap_nodes * 2 : 64;
		struct cnode *v = kc_zalloc(cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (b->nnodes)
			memcpy(v, b->nodes, b->nnodes * sizeof(*v));
		kc_free(b->nodes);
		b->nodes = v;
		b->cap_nodes = cap;
	}
	return b->nnodes++;
}

static int leaf(struct builder *b, s32 out)
{
	int n;

	if (out <= 0 && b->leaf_of[out + 1] >= 0)
		return b->leaf_of[out + 1];
	n = new_node(b);
	if (n < 0)
		return n;
	b->nodes[n].field = NFIELDS;
	b->nodes[n].out = out;
	if (out <= 0)
		b->leaf_of[out + 1] = n;
	return n;
}

/* In-place heapsort (no recursion, no libc): boundaries of one split. */
static void cls_sift(u32 *v, u32 i, u32 n)
{
	for (;;) {
		u32 c = 2 * i + 1, t;

		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[i] >= v[c])
			return;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
		i = c;
	}
}

static u32 sort_unique(u32 *v, u32 n)
{
	u32 i, k, t;

	for (i = n / 2; i-- > 0;)
		cls_sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		cls_sift(v, 0, i);
	}
	for (i = k = 0; i < n; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

static u32 memo_hash(const u32 *act, u32 n, const struct known *k)
{
	u32 h = 2166136261u, i;

	for (i = 0; i < NFIELDS; i++)
		h = (h ^ k->lo[i] ^ (k->hi[i] << 7)) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ act[i]) * 16777619u;
	return h;
}

/* Fields of c the path has not yet proved (c's interval doesn't cover). */
static u32 unproven(const struct conj *c, const struct known *k)
{
	u32 rem = 0;
	int f;

	for (f = 0; f < NFIELDS; f++)
		if ((c->mask & (1u << f)) &&
		    (c->lo[f] > k->lo[f] || c->hi[f] < k->hi[f]))
			rem |= 1u << f;
	return rem;
}

/* Can c still match on this path? */
static bool possible(const struct conj *c, const struct known *k)
{
	int f;

	for (f = 0; f < NFIELDS; f++)
		if ((c->mask & (1u << f)) &&
		    (c->hi[f] < k->lo[f] || c->lo[f] > k->hi[f]))
			return false;
	return true;
}

/*
 * Which field to split, and how.  Among the fields the first conjunction
 * still needs, the one the most conjunctions constrain (the fewest copied
 * into every piece).  A full split cuts at every boundary of that field;
 * when that would copy too much, only the first conjunction's own interval
 * is cut out (three pieces), and the field may be split again below.
 */
static u32 add_bounds(const struct builder *b, const u32 *act, u32 n,
		      const struct known *k, u32 f, bool full, u32 *bnd)
{
	u32 i, nb = 0;

	bnd[nb++] = k->lo[f];
	for (i = 0; i < (full ? n : 1); i++) {
		const struct conj *x = &b->cl->v[act[i]];

		if (!(x->mask & (1u << f)))
			continue;
		if (x->lo[f] > k->lo[f] && x->lo[f] <= k->hi[f])
			bnd[nb++] = x->lo[f];
		if (x->hi[f] < k->hi[f] && x->hi[f] >= k->lo[f])
			bnd[nb++] = x->hi[f] + 1;
	}
	return sort_unique(bnd, nb);
}

/* One level of the walk: a node whose pieces are being built. */
struct bframe {
	const u32 *act;		/* conjunctions still possible, in order */
	u32 n, h, node, first, nb, p, f;
	u32 *bnd, *sub;		/* piece lower bounds; a piece's act */
	struct known k;
};

/*
 * Start the subproblem in fr (act, n, k set): a leaf or a memoised node
 * (>= 0, *split false), an error (< 0), or a new node whose pieces are to
 * be built (*split true).
 */
static int build_enter(struct builder *b, struct bframe *fr, u32 depth,
		       bool *split)
{
	const u32 *act = fr->act;
	const struct known *k = &fr->k;
	u32 rem, f, i, nb, h, n = fr->n, best = 0, best_cnt = 0;
	const struct conj *c;
	struct memo *m;
	bool full;
	int node, ret;

	*split = false;
	if (depth > b->depth)
		b->depth = depth;
	if (!n)
		return leaf(b, -1);
	c = &b->cl->v[act[0]];
	rem = unproven(c, k);
	if (!rem)
		return leaf(b, c->out);
	h = memo_hash(act, n, k);
	for (m = b->memo[h % MEMO_BUCKETS]; m; m = m->next)
		if (m->hash == h && m->n == n &&
		    !memcmp(&m->k, k, sizeof(*k)) &&
		    !memcmp(m->act, act, n * sizeof(u32)))
			return m->node;
	for (f = 0; f < NFIELDS; f++) {
		u32 cnt = 0;

		if (!(rem & (1u << f)))
			continue;
		for (i = 0; i < n; i++)
			cnt += !!(b->cl->v[act[i]].mask & (1u << f));
		if (cnt > best_cnt) {
			best_cnt = cnt;
			best = f;
		}
	}
	f = best;
	fr->bnd = kc_zalloc((2 * n + 1) * sizeof(u32));
	fr->sub = kc_zalloc(n * sizeof(u32));
	if (!fr->bnd || !fr->sub)
		return -ENOMEM;
	nb = add_bounds(b, act, n, k, f, true, fr->bnd);
	/* Pieces times the conjunctions copied into each: keep it near n. */
	full = (u64)nb * (n - best_cnt) <= 8ULL * n + 1024 ||
	       depth >= BUILD_FULL_DEPTH;
	if (!full)
		nb = add_bounds(b, act, n, k, f, false, fr->bnd);
	b->work += (u64)(nb + 1) * n;
	if (b->work > BUILD_MAX_WORK || b->nedges + nb > BUILD_MAX_EDGES)
		return -E2BIG;
	node = new_node(b);
	if (node < 0)
		return node;
	ret = grow_u32(&b->bounds, b->nedges + nb, &b->cap_edges);
	if (!ret)
		ret = grow_u32(&b->kids, b->nedges + nb, &b->cap_kids);
	if (ret)
		return ret;
	fr->first = b->nedges;
	b->nedges += nb;
	b->nodes[node].field = f;
	b->nodes[node].nb = nb;
	b->nodes[node].first = fr->first;
	fr->h = h;
	fr->node = node;
	fr->nb = nb;
	fr->f = f;
	fr->p = 0;
	*split = true;
	return 0;
}

/* The subproblem of fr's next piece into kid. */
static void build_piece(const struct builder *b, struct bframe *fr,
			struct bframe *kid)
{
	u32 i, j, f = fr->f, p = fr->p;

	kid->k = fr->k;
	kid->k.lo[f] = fr->bnd[p];
	kid->k.hi[f] = p + 1 < fr->nb ? fr->bnd[p + 1] - 1 : fr->k.hi[f];
	for (i = j = 0; i < fr->n; i++)
		if (possible(&b->cl->v[fr->act[i]], &kid->k))
			fr->sub[j++] = fr->act[i];
	kid->act = fr->sub;
	kid->n = j;
}

/* Every piece of fr is built: remember the node for its subproblem. */
static int build_done(struct builder *b, struct bframe *fr)
{
	struct memo *m;

	kc_free(fr->bnd);
	kc_free(fr->sub);
	fr->bnd = fr->sub = NULL;
	m = kc_zalloc(sizeof(*m) + fr->n * sizeof(u32));
	if (!m)
		return -ENOMEM;
	m->act = (u32 *)(m + 1);
	memcpy(m->act, fr->act, fr->n * sizeof(u32));
	m->hash = fr->h;
	m->k = fr->k;
	m->n = fr->n;
	m->node = fr->node;
	m->next = b->memo[fr->h % MEMO_BUCKETS];
	b->memo[fr->h % MEMO_BUCKETS] = m;
	return fr->node;
}

/*
 * The tree for conjunctions all[0..n) given k: its root node, or < 0.
 * A depth-first walk without recursion: one frame a level on the heap,
 * at most BUILD_MAX_DEPTH + 1 of them.
 */
static int build(struct builder *b, const u32 *all, u32 n,
		 const struct known *k)
{
	struct bframe *st, *fr;
	bool split;
	int d = 0, i, ret;

	st = kc_zalloc((BUILD_MAX_DEPTH + 1) * sizeof(*st));
	if (!st)
		return -ENOMEM;
	st[0].act = all;
	st[0].n = n;
	st[0].k = *k;
	ret = build_enter(b, &st[0], 0, &split);
	for (;;) {
		if (split) {
			fr = &st[d];
			if (fr->p < fr->nb) {
				if (d == BUILD_MAX_DEPTH) {
					ret = -E2BIG;
					break;
				}
				build_piece(b, fr, &st[d + 1]);
				d++;
				ret = build_enter(b, &st[d], d, &split);
				continue;
			}
			ret = build_done(b, fr);
		}
		/* st[d] is finished: ret is its node, or an error. */
		if (ret < 0 || d == 0)
			break;
		fr = &st[--d];
		b->bounds[fr->first + fr->p] = fr->bnd[fr->p];
		b->kids[fr->first + fr->p] = ret;
		fr->p++;
		split = true;
	}
	for (i = 0; i <= BUILD_MAX_DEPTH; i++) {
		kc_free(st[i].bnd);
		kc_free(st[i].sub);
	}
	kc_free(st);
	return ret;
}

/* ---------------------------------------------------------------- */

/*
 * After the build: a node whose pieces all lead to the same place is that
 * place, and neighbouring pieces that lead to the same place are one piece
 * (fewer steps in the binary search).  Leaves with the same output are one
 * leaf.  Rules that end in "allow all" after rules that also allow make
 * the whole tree one leaf.  Passes until nothing changes: a pass
 * shortens every path whose end changed by at least one level, so there
 * are at most depth + 2 of them.  Nodes left unreferenced stay in the
 * array (the `program` handler counts them as before).
 */
static int simplify(struct kc_cls_prog *prog, int noutputs)
{
	u32 *to, *leaf, i, j, k;
	bool changed = true;

	to = kc_zalloc(prog->nnodes * sizeof(u32));
	leaf = kc_zalloc((noutputs + 1) * sizeof(u32));
	if (!to || !leaf) {
		kc_free(to);
		kc_free(leaf);
		return -ENOMEM;
	}
	for (i = 0; i <= (u32)noutputs; i++)
		leaf[i] = ~0U;
	for (i = 0; i < prog->nnodes; i++) {
		const struct cnode *n = &prog->nodes[i];
		/* out is -1 (drop) to noutputs - 1: index 0 is drop */
		u32 o = n->out < 0 ? 0 : (u32)n->out + 1;

		to[i] = i;
		if (n->field != NFIELDS || o > (u32)noutputs)
			continue;
		if (leaf[o] == ~0U)
			leaf[o] = i;
		to[i] = leaf[o];
	}
	while (changed) {
		changed = false;
		for (i = 0; i < prog->nnodes; i++) {
			struct cnode *n = &prog->nodes[i];
			u32 *kid = prog->kids + n->first;
			u32 *bd = prog->bounds + n->first;

			if (n->field == NFIELDS || to[i] != i)
				continue;
			for (j = 0, k = 0; j < n->nb; j++) {
				u32 t = to[kid[j]];

				if (t != kid[j])
					changed = true;
				if (k && kid[k - 1] == t)
					continue;	/* same as the piece before */
				bd[k] = bd[j];
				kid[k++] = t;
			}
			if (k != n->nb)
				changed = true;
			n->nb = k;
			if (k == 1) {
				to[i] = kid[0];
				changed = true;
			}
		}
		/* Follow the chains the pass made (a -> b -> c). */
		for (i = 0; i < prog->nnodes; i++)
			while (to[to[i]] != to[i])
				to[i] = to[to[i]];
	}
	/* Kids point at their final nodes; the root (node 0) becomes its. */
	for (i = 0; i < prog->nnodes; i++) {
		struct cnode *n = &prog->nodes[i];

		if (n->field != NFIELDS)
			for (j = 0; j < n->nb; j++)
				prog->kids[n->first + j] = to[prog->kids[n->first + j]];
	}
	if (to[0] != 0)
		prog->nodes[0] = prog->nodes[to[0]];
	kc_free(to);
	kc_free(leaf);
	return 0;
}

/* The fields whose every value field_at() returns is at most 256. */
static bool small_field(int f)
{
	switch (f) {
	case F_PROTO: case F_ICMPTYPE: case F_TOS: case F_TTL: case F_VERS:
	case F_HL: case F_FRAG: case F_SYN: case F_ACK: case F_FIN: case F_RST:
	case F_PSH: case F_URG:
		return true;
	default:
		return false;
	}
}

/*
 * Tables for the nodes on small fields, nodes reached first (breadth
 * first from the root) first, within TABS_MAX entries.
 */
static int make_tabs(struct kc_cls_prog *prog)
{
	u32 *queue, *tabs, head = 0, tail = 0, used = 0, want = 0, i, j, v;
	u8 *seen;
	int ret = -ENOMEM;

	for (i = 0; i < prog->nnodes; i++) {
		const struct cnode *n = &prog->nodes[i];

		prog->nodes[i].tab = NO_TAB;
		if (n->field != NFIELDS && small_field(n->field) && n->nb >= 3)
			want += kc_cls_field_max(n->field) + 1;
	}
	if (!want)
		return 0;
	queue = kc_zalloc(prog->nnodes * sizeof(u32));
	seen = kc_zalloc(prog->nnodes);
	tabs = kc_zalloc(min_t(u32, want, TABS_MAX) * sizeof(u32));
	if (!queue || !seen || !tabs)
		goto out;
	queue[tail++] = 0;
	seen[0] = 1;
	while (head < tail) {
		struct cnode *n = &prog->nodes[queue[head++]];
		u32 max;

		if (n->field == NFIELDS)
			continue;
		for (j = 0; j < n->nb; j++) {
			u32 k = prog->kids[n->first + j];

			if (!seen[k]) {
				seen[k] = 1;
				queue[tail++] = k;
			}
		}
		if (!small_field(n->field) || n->nb < 3)
			continue;
		max = kc_cls_field_max(n->field);
		if (used + max + 1 > min_t(u32, want, TABS_MAX))
			continue;
		n->tab = used;
		for (v = 0, j = 0; v <= max; v++) {
			while (j + 1 < n->nb && prog->bounds[n->first + j + 1] <= v)
				j++;
			tabs[used++] = prog->kids[n->first + j];
		}
	}
	ret = 0;
	if (used) {
		prog->tabs = tabs;
		prog->ntabs = used;
		tabs = NULL;
	}
out:
	kc_free(queue);
	kc_free(seen);
	kc_free(tabs);
	return ret;
}

static void set_fields(struct kc_cls_prog *prog, const struct kc_cls_rules *r)
{
	u32 i;

	memcpy(prog->dyn, r->dyn, sizeof(prog->dyn));
	prog->ndyn = r->ndyn;
	prog->need_ip = r->need_ip;
	prog->need_tp = r->need_tp;
	prog->walk_min = prog->lin ? 0xffffffffu : max(r->need_ip, 20u);
	/* The fixed transport fields the rules test: their bytes. */
	for (i = 0; i < r->cl.n; i++) {
		u32 m = r->cl.v[i].mask;

		if (m & (1u << F_SPORT | 1u << F_DPORT))
			prog->need_tp = max(prog->need_tp, 4u);
		if (m & (1u << F_ICMPTYPE))
			prog->need_tp = max(prog->need_tp, 1u);
		if (m & (1u << F_SYN | 1u << F_ACK | 1u << F_FIN |
			 1u << F_RST | 1u << F_PSH | 1u << F_URG))
			prog->need_tp = max(prog->need_tp, 14u);
	}
}

int kc_cls_compile(enum kc_cls_mode mode, const char *const *rules,
		   int nrules, int noutputs, struct kc_cls_prog **out,
		   struct kc_errbuf *err)
{
	struct builder *b = NULL;
	struct kc_cls_prog *prog = NULL;
	struct kc_cls_rules *r;
	struct clist *cl = NULL;
	struct known *kn;
	u32 *all = NULL;
	int i, ret = 0;
	size_t sz;

	*out = NULL;
	if (nrules > KC_CLS_MAX_RULES)
		return kc_errf(err, E2BIG, "more than %d rules",
			       KC_CLS_MAX_RULES);
	if (mode == KC_CLS_IPCLASSIFIER && nrules != noutputs)
		return kc_errf(err, EINVAL,
			       "%d patterns, but %d outputs are connected (one per pattern)",
			       nrules, noutputs);
	r = kc_zalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	ret = kc_cls_parse(mode, rules, nrules, noutputs, r, err);
	if (ret)
		goto out;
	cl = &r->cl;

	b = kc_zalloc(sizeof(*b));
	all = kc_zalloc((cl->n + 1) * sizeof(u32));
	ret = -ENOMEM;
	if (!b || !all)
		goto out;
	b->cl = cl;
	b->leaf_of[0] = b->leaf_of[1] = -1;
	for (i = 0; i < (int)cl->n; i++)
		all[i] = i;
	/* The first node build() makes is the root: node 0. */
	ret = -ENOMEM;
	kn = kc_zalloc(sizeof(*kn));
	if (!kn)
		goto out;
	for (i = 0; i < NFIELDS; i++)
		kn->hi[i] = kc_cls_field_max(i);
	ret = build(b, all, cl->n, kn);
	kc_free(kn);
	if (ret == -E2BIG) {
		/*
		 * Rules that would need too big a tree (wildcards on many
		 * different fields) still work: checked one by one.
		 */
		prog = kc_zalloc(sizeof(*prog) + cl->n * sizeof(struct conj));
		ret = -ENOMEM;
		if (!prog)
			goto out;
		prog->lin = (struct conj *)(prog + 1);
		memcpy(prog->lin, cl->v, cl->n * sizeof(struct conj));
		prog->nconjs = cl->n;
		prog->nrules = nrules;
		set_fields(prog, r);
		*out = prog;
		ret = 0;
		goto out;
	}
	if (ret < 0)
		goto out;
	sz = sizeof(*prog) + b->nnodes * sizeof(struct cnode) +
	     2 * (size_t)b->nedges * sizeof(u32);
	prog = kc_zalloc(sz);
	ret = -ENOMEM;
	if (!prog)
		goto out;
	prog->nnodes = b->nnodes;
	prog->nedges = b->nedges;
	prog->nconjs = cl->n;
	prog->nrules = nrules;
	prog->depth = b->depth;
	set_fields(prog, r);
	prog->nodes = (struct cnode *)(prog + 1);
	prog->bounds = (u32 *)(prog->nodes + b->nnodes);
	prog->kids = prog->bounds + b->nedges;
	memcpy(prog->nodes, b->nodes, b->nnodes * sizeof(struct cnode));
	if (b->nedges) {
		memcpy(prog->bounds, b->bounds, b->nedges * sizeof(u32));
		memcpy(prog->kids, b->kids, b->nedges * sizeof(u32));
	}
	ret = simplify(prog, noutputs);
	if (!ret)
		ret = make_tabs(prog);
	prog->one_verdict = prog->nodes[0].field == NFIELDS;
	if (ret) {
		kc_cls_free(prog);
		goto out;
	}
	*out = prog;
out:
	if (b) {
		for (i = 0; i < MEMO_BUCKETS; i++) {
			struct memo *m = b->memo[i], *nx;

			for (; m; m = nx) {
				nx = m->next;
				kc_free(m);
			}
		}
		kc_free(b->nodes);
		kc_free(b->bounds);
		kc_free(b->kids);
		kc_free(b);
	}
	kc_free(all);
	kc_cls_cl_free(&r->cl);
	kc_free(r);
	if (ret == -ENOMEM && !err->msg[0])
		kc_errf(err, ENOMEM, "out of memory compiling the rules");
	return ret;
}

void kc_cls_free(struct kc_cls_prog *prog)
{
	if (prog)
		kc_free(prog->tabs);
	kc_free(prog);
}

static void cls_prog_free(void *prog)
{
	kc_cls_free(prog);
}

/* Packet path: the bytes [off, off + n) of the packet, big-endian, or 0. */
static u32 read_be(const u8 *ip, unsigned int len, unsigned int off,
		   unsigned int n)
{
	u32 v = 0;

	if (off + n > len)
		return 0;
	while (n--)
		v = v << 8 | ip[off++];
	return v;
}

/*
 * Packet path: a field's value, or its "absent" value; hl, first (the
 * fragment offset is 0) and proto are read once per packet by the caller.
 */
static __always_inline u32 field_at(const struct kc_cls_prog *prog, int f,
				    const u8 *ip, unsigned int len,
				    unsigned int hl, bool first, u8 proto)
{
	switch (f) {
	case F_PROTO:
		return proto;
	case F_SRC:
		return (u32)ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15];
	case F_DST:
		return (u32)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
	case F_SPORT:
	case F_DPORT:
		if (!first || (proto != 6 && proto != 17) ||
		    hl < 20 || len < hl + 4)
			return 0x10000;
		f = f == F_DPORT ? 2 : 0;
		return (u32)ip[hl + f] << 8 | ip[hl + f + 1];
	case F_ICMPTYPE:
		if (!first || proto != 1 || hl < 20 || len < hl + 1)
			return 0x100;
		return ip[hl];
	case F_TOS:
		return ip[1];
	case F_TTL:
		return ip[8];
	case F_VERS:
		return ip[0] >> 4;
	case F_HL:
		return ip[0] & 15;
	case F_FRAG:
		return (ip[6] & 0x3f) || ip[7];	/* MF or an offset */
	case F_LEN:
		return (u32)ip[2] << 8 | ip[3];
	case F_NLEN:
		return min(len, 65535u);
	case F_TLEN:
		if (!first || hl < 20 || len < hl)
			return 0;
		return min(len - hl, 65535u);
	case F_SYN: case F_ACK: case F_FIN: case F_RST: case F_PSH: case F_URG:
		if (!first || proto != 6 || hl < 20 || len < hl + 14)
			return 2;
		return (ip[hl + 13] >> (f == F_FIN ? 0 : f == F_SYN ? 1 :
					f == F_RST ? 2 : f == F_PSH ? 3 :
					f == F_ACK ? 4 : 5)) & 1;
	default: {
		/* Read as 0 when absent: every rule also tests F_[NT]LEN. */
		const struct kc_cls_dyn *d = &prog->dyn[f - F_DYN];
		unsigned int base = 0;

		if (d->transp) {
			if (!first || hl < 20)
				return 0;
			base = hl;
		}
		return (read_be(ip, len, base + d->pos, d->len) >> d->shift) &
		       d->mask;
	}
	}
}

static u32 field_value(const struct kc_cls_prog *prog, int f, const u8 *ip,
		       unsigned int len)
{
	return field_at(prog, f, ip, len, (ip[0] & 15) * 4,
			!((ip[6] & 0x1f) | ip[7]), ip[9]);
}

static int eval_linear(const struct kc_cls_prog *prog, const u8 *ip,
		       unsigned int len)
{
	u32 i, f, v;

	for (i = 0; i < prog->nconjs; i++) {
		const struct conj *c = &prog->lin[i];

		for (f = 0; f < NFIELDS; f++) {
			if (!(c->mask & (1u << f)))
				continue;
			v = field_value(prog, f, ip, len);
			if (v < c->lo[f] || v > c->hi[f])
				break;
		}
		if (f == NFIELDS)
			return c->out;
	}
	return -1;
}

/*
 * Packet path: the tree walk for a program with a tree whose root is not
 * a leaf, on len >= 20 bytes at ip.  Inline in the element's push.
 */
static __always_inline int cls_walk(const struct kc_cls_prog *prog,
				    const u8 *ip, unsigned int len)
{
	const struct cnode *n = prog->nodes;
	unsigned int hl = (ip[0] & 15) * 4;
	bool first = !((ip[6] & 0x1f) | ip[7]);	/* fragment offset 0 */
	u8 proto = ip[9];

	do {
		u32 v = field_at(prog, n->field, ip, len, hl, first, proto);
		const u32 *bd;
		u32 nb;

		if (n->tab != NO_TAB) {	/* v <= kc_cls_field_max(): small_field() */
			n = &prog->nodes[prog->tabs[n->tab + v]];
			continue;
		}
		/*
		 * The last piece whose lower bound is <= v (bd[0] == 0),
		 * without branches on the data: ceil(log2(nb)) halvings,
		 * each keeping the upper part when its first bound is <= v.
		 */
		bd = prog->bounds + n->first;
		for (nb = n->nb; nb > 1; nb -= nb / 2)
			bd = bd[nb / 2] <= v ? bd + nb / 2 : bd;
		n = &prog->nodes[prog->kids[bd - prog->bounds]];
	} while (n->field < NFIELDS);
	return n->out;
}

int kc_cls_eval(const struct kc_cls_prog *prog, const u8 *ip,
		unsigned int len)
{
	if (len < 20)
		return -1;
	if (unlikely(prog->lin))
		return eval_linear(prog, ip, len);
	if (prog->one_verdict)	/* the rules reduce to one verdict */
		return prog->nodes[0].out;
	return cls_walk(prog, ip, len);
}

/*
 * Recursion: once per tree level shown, at most DESCRIBE_MAX_DEPTH (64
 * bytes of stack a level); deeper levels and lines past 60 print "...".
 */
#define DESCRIBE_MAX_DEPTH	16
static void describe(const struct kc_cls_prog *prog, struct kc_buf *b,
		     u32 node, int indent, int *lines)
{
	const struct cnode *n = &prog->nodes[node];
	u32 i;

	if (++*lines > 60 || indent > 4 * DESCRIBE_MAX_DEPTH) {
		if (*lines <= 61)
			kc_buf_printf(b, "%*s...\n", indent, "");
		return;
	}
	if (n->field == NFIELDS) {
		if (n->out < 0)
			kc_buf_printf(b, "%*sdrop\n", indent, "");
		else
			kc_buf_printf(b, "%*soutput %d\n", indent, "", n->out);
		return;
	}
	if (n->field < F_DYN) {
		kc_buf_printf(b, "%*s%s: %u pieces%s\n", indent, "",
			      field_name[n->field], n->nb,
			      n->tab != NO_TAB ? ", a table" : "");
	} else {
		const struct kc_cls_dyn *d = &prog->dyn[n->field - F_DYN];

		kc_buf_printf(b, "%*s%s[%u:%u] >> %u & 0x%x: %u pieces\n",
			      indent, "", d->transp ? "transp" : "ip", d->pos,
			      d->len, d->shift, d->mask, n->nb);
	}
	for (i = 0; i < n->nb && *lines <= 60; i++) {
		u32 lo = prog->bounds[n->first + i];
		u64 hi = i + 1 < n->nb ? (u64)prog->bounds[n->first + i + 1] - 1 :
			 kc_cls_field_max(n->field);

		kc_buf_printf(b, "%*s[%u, %llu]:\n", indent + 2, "", lo,
			      (unsigned long long)hi);
		describe(prog, b, prog->kids[n->first + i], indent + 4, lines);
	}
}

void kc_cls_describe(const struct kc_cls_prog *prog, struct kc_buf *b)
{
	int lines = 0;

	kc_buf_printf(b, "reads %u bytes of the IP header, %u of the transport header\n",
		      prog->need_ip, prog->need_tp);

	if (prog->lin) {
		kc_buf_printf(b, "%u rules, %u alternatives, checked in order (a decision tree would need more than %d nodes, %d levels or %llu steps)\n",
			      prog->nrules, prog->nconjs, KC_CLS_MAX_NODES,
			      BUILD_MAX_DEPTH, BUILD_MAX_WORK);
		return;
	}
	kc_buf_printf(b, "%u rules, %u alternatives, %u nodes, %u edges, depth %u\n",
		      prog->nrules, prog->nconjs, prog->nnodes, prog->nedges,
		      prog->depth);
	describe(prog, b, 0, 0, &lines);
}

/* ---------------------------------------------------------------- */
/* Element glue for IPFilter and IPClassifier.                       */

static int compile_args(struct kc_elem *e, struct kc_args *args,
			enum kc_cls_mode mode, struct kc_cls_prog **prog,
			struct kc_errbuf *err)
{
	const char **rules;
	char **joined;
	int i, ret;

	rules = kc_zalloc((args->n + 1) * sizeof(*rules));
	joined = kc_zalloc((args->n + 1) * sizeof(*joined));
	if (!rules || !joined) {
		kc_free(rules);
		kc_free(joined);
		return -ENOMEM;
	}
	for (i = 0; i < args->n; i++) {
		args->v[i].used = true;
		rules[i] = args->v[i].val;
		if (args->v[i].key) {
			/* An upper-case first word is still part of the rule. */
			size_t n = strlen(args->v[i].key) + strlen(args->v[i].val) + 2;

			joined[i] = kc_zalloc(n);
			if (!joined[i]) {
				ret = -ENOMEM;
				goto out;
			}
			snprintf(joined[i], n, "%s %s", args->v[i].key,
				 args->v[i].val);
			rules[i] = joined[i];
		}
	}
	ret = kc_cls_compile(mode, rules, args->n, e->noutputs, prog, err);
out:
	for (i = 0; i < args->n; i++)
		kc_free(joined[i]);
	kc_free(joined);
	kc_free(rules);
	return ret;
}

int kc_cls_elem_configure(struct kc_elem *e, struct kc_args *args,
			  enum kc_cls_mode mode)
{
	struct kc_cls_elem *c = kc_priv(e);
	struct kc_cls_prog *prog;
	int ret;

	c->mode = mode;
	c->drops = e->pcpu;
	ret = compile_args(e, args, mode, &prog, args->err);
	if (ret)
		return ret;
	c->config = kc_strdup(e->config);
	if (!c->config) {
		kc_cls_free(prog);
		return -ENOMEM;
	}
	kc_rcu_assign(c->prog, prog);
	return 0;
}

/* Packet path: p is dropped by a rule or matched none. */
static noinline void cls_elem_drop(struct kc_elem *e, struct kc_pkt *p)
{
	struct kc_cls_elem *c = kc_priv(e);

	this_cpu_inc(*c->drops);
	kc_drop(e, p);
}

static __always_inline void cls_elem_out(struct kc_elem *e, int out,
					 struct kc_pkt *p)
{
	if (unlikely(out < 0 || out >= e->noutputs)) {
		cls_elem_drop(e, p);
		return;
	}
	kc_push(e, out, p);
}

/*
 * Packet path: the bytes the rules read are not all in the linear part
 * (or the packet is shorter): make contiguous the IP header bytes the
 * rules read, then those of the transport header after this packet's own
 * header length; never more (a pull past the linear part of a paged skb
 * can reallocate its head, every packet).
 */
static noinline void cls_elem_push_pull(struct kc_elem *e,
					const struct kc_cls_prog *prog,
					struct kc_pkt *p, unsigned int off)
{
	unsigned int len = kc_pkt_len(p), want;
	int out = -1;

	want = min(len, off + prog->need_ip);
	if (!kc_pkt_may_pull(p, want))
		goto out;
	if (prog->need_tp && want > off) {
		want = off + (kc_pkt_data(p)[off] & 15) * 4 + prog->need_tp;
		if (!kc_pkt_may_pull(p, min(len, want)))
			goto out;
	}
	len = min(kc_pkt_headlen(p), len) - off;
	out = kc_cls_eval(prog, kc_pkt_data(p) + off, len);
out:
	cls_elem_out(e, out, p);
}

/*
 * Packet path: the IP header at off.  The common case: the linear part
 * holds the IP header bytes the rules read and the transport header bytes
 * after this packet's header length, and the rules have a tree.  The rest
 * (pulls, short packets, rules checked in order) goes the whole way.
 */
static noinline void cls_elem_push_walk(struct kc_elem *e,
					const struct kc_cls_prog *prog,
					struct kc_pkt *p, unsigned int off)
{
	unsigned int len = kc_pkt_len(p);
	unsigned int avail = min(kc_pkt_headlen(p), len);
	const u8 *ip = kc_pkt_data(p) + off;

	avail = avail > off ? avail - off : 0;
	if (unlikely(avail < prog->walk_min ||
		     (prog->need_tp &&
		      avail < (ip[0] & 15) * 4 + prog->need_tp))) {
		cls_elem_push_pull(e, prog, p, off);
		return;
	}
	cls_elem_out(e, cls_walk(prog, ip, avail), p);
}

/*
 * Packet path (softirq, RCU read side).  Rules that reduce to one verdict
 * read nothing and take no more than this function, which needs no saved
 * registers; the walk is a function of its own.
 */
void kc_cls_elem_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_cls_elem *c = kc_priv(e);
	const struct kc_cls_prog *prog = kc_rcu_dereference(c->prog);
	unsigned int len = kc_pkt_len(p), off = 0;
	unsigned char *data = kc_pkt_data(p), *nh = kc_pkt_nh(p);

	if (nh && nh >= data && nh < data + len)
		off = nh - data;
	if (prog->one_verdict) {	/* kc_cls_eval() without reading */
		cls_elem_out(e, len - off >= 20 ? prog->nodes[0].out : -1, p);
		return;
	}
	cls_elem_push_walk(e, prog, p, off);
}

void kc_cls_elem_cleanup(struct kc_elem *e)
{
	struct kc_cls_elem *c = kc_priv(e);

	/* The graph no longer runs: no reader is left. */
	kc_cls_free(kc_rcu_replace(c->prog, NULL));
	kc_free(c->config);
}

int kc_cls_elem_read_config(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);

	kc_buf_printf(b, "%s", c->config ? c->config : "");
	return 0;
}

/* Process context, graph lock held: recompile, publish, free the old. */
int kc_cls_elem_write_config(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct kc_cls_elem *c = kc_priv(e);
	struct kc_cls_prog *prog;
	struct kc_args args = { 0 };
	char *copy;
	int ret;

	args.err = err;
	ret = kc_args_split(&args, val);
	if (ret)
		return ret;
	ret = compile_args(e, &args, c->mode, &prog, err);
	kc_args_free(&args);
	if (ret)
		return ret;
	copy = kc_strdup(val);
	if (!copy) {
		kc_cls_free(prog);
		return -ENOMEM;
	}
	kc_rcu_publish(c->prog, prog, rf, cls_prog_free);
	kc_free(c->config);
	c->config = copy;
	return 0;
}

int kc_cls_elem_read_program(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);

	kc_cls_describe(kc_rcu_dereference_protected(c->prog), b);
	return 0;
}

int kc_cls_elem_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(c->drops, cpu));
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}
