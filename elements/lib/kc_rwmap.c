// SPDX-License-Identifier: GPL-2.0
/*
 * The backend sets of RoundRobinIPMapper and SourceIPHashMapper (see
 * kc_rwmap.h for the locking).
 *
 * SourceIPHashMapper's consistent hashing: each server ID owns NNODES
 * points on a 32-bit ring, at keys that depend only on (SEED, ID, point
 * number); a client's key is a hash of SEED and its source address, and
 * the client goes to the server owning the first point at or after its
 * key.  Adding or removing a server moves only the clients whose next
 * point was (or becomes) one of that server's: every other client keeps
 * its server.  Click draws the points from its random-number generator
 * seeded with SEED; we hash instead, so the same SEED gives another
 * assignment than Click's, with the same properties.
 */
#include "kc_rwmap.h"

/* murmur3's finaliser: every input bit moves every output bit. */
static u32 rwmap_mix(u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

u32 kc_rwmap_client_key(u32 seed, __be32 saddr)
{
	return rwmap_mix(be32_to_cpu(saddr) ^ rwmap_mix(seed ^ 0x5bd1e995U));
}

static u32 rwmap_point_key(u32 seed, s32 id, u32 j)
{
	return rwmap_mix(rwmap_mix(seed ^ ((u32)id * 0x9e3779b9U)) ^
			 (j * 0x27d4eb2fU + 1));
}

static bool rwmap_point_less(const struct kc_rwmap_point *a,
			     const struct kc_rwmap_point *b)
{
	return a->key < b->key || (a->key == b->key && a->idx < b->idx);
}

/* Heapsort (no recursion, no allocation) of the ring by key. */
static void rwmap_sift(struct kc_rwmap_point *v, u32 root, u32 n)
{
	struct kc_rwmap_point t;
	u32 child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && rwmap_point_less(&v[child], &v[child + 1]))
			child++;
		if (!rwmap_point_less(&v[root], &v[child]))
			return;
		t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

static void rwmap_sort(struct kc_rwmap_point *v, u32 n)
{
	struct kc_rwmap_point t;
	u32 i;

	for (i = n / 2; i-- > 0;)
		rwmap_sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		rwmap_sift(v, 0, i);
	}
}

/*
 * Packet path (softirq, rcu_read_lock held): Click's RoundRobinIPMapper,
 * the next backend in turn.  Ports are free or not per destination, so a
 * backend is not judged here: when its ports towards the flow's
 * destination are used up, kc_rw_map() asks again and gets the next one.
 * The turn is per CPU, so CPUs share no cache line.
 */
static struct kc_rw_pattern *rwmap_rr_map(struct kc_elem *e,
					  const struct kc_flowid *id,
					  struct kc_pkt *p)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_set *s = kc_rcu_dereference(m->set);
	u32 *cur = kc_this_cpu_ptr(m->cursor);
	struct kc_rwmap_backend *b;

	if (!s || !s->n)
		return NULL;
	b = s->v[*cur % s->n];
	*cur = *cur + 1;
	return &b->pat;
}

/*
 * Packet path (softirq, rcu_read_lock held): the backend owning the first
 * ring point at or after the client's key.
 */
static struct kc_rw_pattern *rwmap_hash_map(struct kc_elem *e,
					    const struct kc_flowid *id,
					    struct kc_pkt *p)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_set *s = kc_rcu_dereference(m->set);
	u32 key, lo = 0, hi;

	if (!s || !s->npoints)
		return NULL;
	key = kc_rwmap_client_key(m->seed, id->saddr);
	hi = s->npoints;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (s->ring[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->npoints)
		lo = 0;
	return &s->v[s->ring[lo].idx]->pat;
}

static bool rwmap_same(const struct kc_rwmap_backend *a,
		       const struct kc_rwmap_backend *b)
{
	return a->id == b->id && a->pat.fout == b->pat.fout &&
	       a->pat.rout == b->pat.rout &&
	       kc_rw_pattern_same(&a->pat, &b->pat);
}

/* Graph lock held: the pattern of a backend like `like`, for take_state. */
static struct kc_rw_pattern *rwmap_find(struct kc_elem *e,
					const struct kc_rw_pattern *like)
{
	struct kc_rwmap *m = kc_priv(e);
	u32 i;

	for (i = 0; i < m->nall; i++) {
		struct kc_rw_pattern *pat = &m->all[i]->pat;

		if (pat->fout == like->fout && pat->rout == like->rout &&
		    kc_rw_pattern_same(pat, like))
			return pat;
	}
	return NULL;
}

static const struct kc_rw_mapper_ops rwmap_rr_ops = {
	.map = rwmap_rr_map,
	.find = rwmap_find,
};

static const struct kc_rw_mapper_ops rwmap_hash_ops = {
	.map = rwmap_hash_map,
	.find = rwmap_find,
};

const void *kc_rwmap_cast(struct kc_elem *e, const char *iface)
{
	struct kc_rwmap *m = kc_priv(e);

	if (strcmp(iface, KC_RW_IFACE_MAPPER))
		return NULL;
	return m->hash ? &rwmap_hash_ops : &rwmap_rr_ops;
}

static void rwmap_backend_free(struct kc_rwmap_backend *b)
{
	kc_rw_pattern_free(&b->pat);
	kc_free(b);
}

static bool rwmap_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse an unsigned number word of at most max; false if it is not one. */
static bool rwmap_num(const char *w, size_t n, u32 max, u32 *out)
{
	u32 v = 0;
	size_t i;

	if (!n || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		v = v * 10 + (w[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/*
 * Process context: a new backend from "PATTERN FOUT ROUT" (and " ID" for
 * the hash mapper): the last two or three words are numbers, the words
 * before them the pattern.  what names the argument in errors.
 */
static struct kc_rwmap_backend *rwmap_parse(struct kc_rwmap *m,
					    const char *text,
					    const char *what,
					    struct kc_errbuf *err)
{
	const char *w[3];
	size_t wl[3], len;
	int nnum = m->hash ? 3 : 2, k;
	struct kc_rwmap_backend *b;
	struct kc_quote q;
	u32 fout, rout, id = 0;
	char pat[KC_RWMAP_SPEC_MAX];
	const char *end;

	while (rwmap_is_space(*text))
		text++;
	len = strlen(text);
	while (len && rwmap_is_space(text[len - 1]))
		len--;
	if (len >= KC_RWMAP_SPEC_MAX) {
		kc_errf(err, EINVAL, "%s: '%s' is longer than %u bytes", what,
			kc_quote(&q, text, len), KC_RWMAP_SPEC_MAX - 1);
		return NULL;
	}
	/* The last nnum words, from the end. */
	end = text + len;
	for (k = nnum - 1; k >= 0; k--) {
		const char *s = end;

		while (s > text && !rwmap_is_space(s[-1]))
			s--;
		w[k] = s;
		wl[k] = end - s;
		end = s;
		while (end > text && rwmap_is_space(end[-1]))
			end--;
	}
	if (end == text || !rwmap_num(w[0], wl[0], 0xffff, &fout) ||
	    !rwmap_num(w[1], wl[1], 0xffff, &rout) ||
	    (m->hash && !rwmap_num(w[2], wl[2], 0x7fffffff, &id))) {
		kc_errf(err, EINVAL,
			m->hash ? "%s: expected 'PATTERN FOUT ROUT ID', got '%s'"
				: "%s: expected 'PATTERN FOUT ROUT', got '%s'",
			what, kc_quote(&q, text, len));
		return NULL;
	}
	memcpy(pat, text, end - text);
	pat[end - text] = 0;
	b = kc_zalloc(sizeof(*b));
	if (!b) {
		kc_errf(err, ENOMEM, "%s: out of memory", what);
		return NULL;
	}
	if (kc_rw_pattern_parse(&b->pat, pat, what, err)) {
		kc_free(b);
		return NULL;
	}
	b->pat.fout = fout;
	b->pat.rout = rout;
	b->id = m->hash ? (s32)id : -1;
	memcpy(b->spec, text, len);
	b->spec[len] = 0;
	return b;
}

static bool rwmap_known(const struct kc_rwmap *m,
			const struct kc_rwmap_backend *b)
{
	u32 i;

	for (i = 0; i < m->nall; i++)
		if (m->all[i] == b)
			return true;
	return false;
}

/*
 * Graph lock held: free retired backends no reader and no flow can still
 * reach.
 */
static void rwmap_reap(struct kc_rwmap *m)
{
	u32 i, j = 0;

	for (i = 0; i < m->nall; i++) {
		struct kc_rwmap_backend *b = m->all[i];

		if (!b->live && kc_rcu_gp_passed(b->gp) &&
		    !atomic64_read(&b->pat.users)) {
			rwmap_backend_free(b);
			continue;
		}
		m->all[j++] = b;
	}
	m->nall = j;
}

static void rwmap_set_free(void *obj)
{
	kc_free(obj);
}

/*
 * Graph lock held: make v[0..n) the backend set.  Entries are live
 * backends kept (already in all[]) or fresh ones from rwmap_parse(); on
 * success the fresh ones belong to m, on failure they are freed.  A live
 * backend left out is retired: no new flow gets it, its flows stay.
 */
static int rwmap_commit(struct kc_rwmap *m, struct kc_rwmap_backend **v,
			u32 n, struct kc_errbuf *err)
{
	struct kc_rwmap_set *s, *old;
	u32 i, j, nfresh = 0, npoints = 0;
	size_t size;
	int ret;

	rwmap_reap(m);
	for (i = 0; i < n; i++) {
		if (!rwmap_known(m, v[i]))
			nfresh++;
		for (j = 0; j < i; j++) {
			if (rwmap_same(v[i], v[j]) ||
			    (m->hash && v[i]->id == v[j]->id)) {
				ret = kc_errf(err, EINVAL,
					      m->hash ? "backends %u and %u have the same server ID %d"
						      : "backends %u and %u are the same",
					      j + 1, i + 1, v[i]->id);
				goto fail;
			}
		}
	}
	if (m->nall + nfresh > KC_RWMAP_MAX) {
		ret = kc_errf(err, ENOSPC,
			      "%u backends, %u of them new, and %u retired ones still holding flows: more than %u",
			      n, nfresh, m->nall - (n - nfresh), KC_RWMAP_MAX);
		goto fail;
	}
	if (m->hash) {
		npoints = n * m->nnodes;
		if (npoints > KC_RWMAP_RING_MAX) {
			ret = kc_errf(err, EINVAL,
				      "%u backends of %u points each: more than %u ring points",
				      n, m->nnodes, KC_RWMAP_RING_MAX);
			goto fail;
		}
	}
	size = sizeof(*s) + n * sizeof(s->v[0]) + npoints * sizeof(s->ring[0]);
	s = kc_zalloc(size);
	if (!s) {
		ret = kc_errf(err, ENOMEM, "out of memory for %u backends", n);
		goto fail;
	}
	s->n = n;
	s->npoints = npoints;
	s->v = (struct kc_rwmap_backend **)(s + 1);
	s->ring = (struct kc_rwmap_point *)(s->v + n);
	for (i = 0; i < n; i++) {
		s->v[i] = v[i];
		for (j = 0; j < (m->hash ? m->nnodes : 0); j++) {
			struct kc_rwmap_point *pt = &s->ring[i * m->nnodes + j];

			pt->key = rwmap_point_key(m->seed, v[i]->id, j);
			pt->idx = i;
		}
	}
	rwmap_sort(s->ring, npoints);

	old = kc_rcu_dereference_protected(m->set);
	for (i = 0; old && i < old->n; i++)
		old->v[i]->live = false;
	for (i = 0; i < n; i++) {
		v[i]->live = true;
		if (!rwmap_known(m, v[i]))
			m->all[m->nall++] = v[i];
	}
	for (i = 0; old && i < old->n; i++)
		old->v[i]->retiring = !old->v[i]->live;
	kc_rcu_publish(m->set, s, rf, rwmap_set_free);
	/* Readers of the old set may hand its backends out until this. */
	for (i = 0; i < m->nall; i++) {
		if (m->all[i]->retiring) {
			m->all[i]->gp = kc_rcu_gp_cookie();
			m->all[i]->retiring = false;
		}
	}
	return 0;
fail:
	for (i = 0; i < n; i++)
		if (!rwmap_known(m, v[i]))
			rwmap_backend_free(v[i]);
	return ret;
}

int kc_rwmap_configure(struct kc_elem *e, struct kc_args *args, int first)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_backend **v;
	char what[32], text[KC_RWMAP_SPEC_MAX + KCLICK_NAME_MAX + 2];
	int i, n = args->n - first, ret;

	m->cursor = e->pcpu;
	if (n < 1)
		return kc_errf(args->err, EINVAL, "no patterns given");
	if (n > KC_RWMAP_MAX)
		return kc_errf(args->err, EINVAL,
			       "%d patterns: more than %u", n, KC_RWMAP_MAX);
	v = kc_zalloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct kc_arg *a = &args->v[first + i];

		a->used = true;
		snprintf(what, sizeof(what), "pattern %d", i + 1);
		/* The splitter takes an upper-case first word for a keyword. */
		snprintf(text, sizeof(text), "%s%s%s", a->key ? a->key : "",
			 a->key ? " " : "", a->val);
		v[i] = rwmap_parse(m, text, what, args->err);
		if (!v[i]) {
			while (i--)
				rwmap_backend_free(v[i]);
			kc_free(v);
			return -EINVAL;
		}
	}
	ret = rwmap_commit(m, v, n, args->err);
	kc_free(v);
	return ret;
}

void kc_rwmap_cleanup(struct kc_elem *e)
{
	struct kc_rwmap *m = kc_priv(e);
	u32 i;

	kc_free(kc_rcu_dereference_protected(m->set));
	m->set = NULL;
	for (i = 0; i < m->nall; i++)
		rwmap_backend_free(m->all[i]);
	m->nall = 0;
}

/* Handlers: process context, graph lock held. */
static int rwmap_read_patterns(struct kc_elem *e, struct kc_buf *out)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_set *s = kc_rcu_dereference_protected(m->set);
	u32 i;

	for (i = 0; s && i < s->n; i++)
		kc_buf_printf(out, "%s\n", s->v[i]->spec);
	return 0;
}

static int rwmap_read_backends(struct kc_elem *e, struct kc_buf *out)
{
	struct kc_rwmap *m = kc_priv(e);
	u32 i;

	for (i = 0; i < m->nall; i++) {
		struct kc_rwmap_backend *b = m->all[i];

		kc_buf_printf(out, "%s %s flows %lld failures %lld\n",
			      b->live ? "live" : "retired", b->spec,
			      (long long)atomic64_read(&b->pat.users),
			      (long long)atomic64_read(&b->pat.failures));
	}
	return 0;
}

/*
 * Handler writes: one backend from val into *out (fresh), or the live
 * backend equal to it when keep is set.
 */
static int rwmap_write_list(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_set *s = kc_rcu_dereference_protected(m->set);
	struct kc_rwmap_backend **v;
	char what[32], *buf, *p, *start;
	u32 n = 0, i, cap = KC_RWMAP_MAX;
	int ret = 0;

	buf = kc_strdup(val);
	v = kc_zalloc(cap * sizeof(*v));
	if (!buf || !v) {
		kc_free(buf);
		kc_free(v);
		return -ENOMEM;
	}
	/* Backends separated by commas or newlines; empty ones skipped. */
	for (start = p = buf;; p++) {
		bool last = !*p;
		struct kc_rwmap_backend *b;

		if (!last && *p != ',' && *p != '\n')
			continue;
		*p = 0;
		while (rwmap_is_space(*start))
			start++;
		if (*start) {
			if (n == cap) {
				ret = kc_errf(err, EINVAL,
					      "more than %u backends", cap);
				goto fail;
			}
			snprintf(what, sizeof(what), "backend %u", n + 1);
			b = rwmap_parse(m, start, what, err);
			if (!b) {
				ret = -EINVAL;
				goto fail;
			}
			/* A backend already live keeps its pattern, ports, flows. */
			for (i = 0; s && i < s->n; i++) {
				if (rwmap_same(s->v[i], b)) {
					rwmap_backend_free(b);
					b = s->v[i];
					break;
				}
			}
			v[n++] = b;
		}
		if (last)
			break;
		start = p + 1;
	}
	ret = rwmap_commit(m, v, n, err);
	n = 0;
fail:
	for (i = 0; i < n; i++)
		if (!rwmap_known(m, v[i]))
			rwmap_backend_free(v[i]);
	kc_free(v);
	kc_free(buf);
	return ret;
}

/* The live set plus or minus one backend. */
static int rwmap_write_one(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err, bool add)
{
	struct kc_rwmap *m = kc_priv(e);
	struct kc_rwmap_set *s = kc_rcu_dereference_protected(m->set);
	struct kc_rwmap_backend **v, *b;
	struct kc_quote q;
	u32 n = 0, i, found = 0;
	int ret;

	b = rwmap_parse(m, val, add ? "add" : "remove", err);
	if (!b)
		return -EINVAL;
	v = kc_zalloc((KC_RWMAP_MAX + 1) * sizeof(*v));
	if (!v) {
		rwmap_backend_free(b);
		return -ENOMEM;
	}
	for (i = 0; s && i < s->n; i++) {
		if (rwmap_same(s->v[i], b) ||
		    (!add && m->hash && s->v[i]->id == b->id)) {
			found++;
			if (!add)
				continue;
		}
		v[n++] = s->v[i];
	}
	if (add && found) {
		ret = kc_errf(err, EEXIST, "add: '%s' is already a backend",
			      kc_quote_str(&q, b->spec));
	} else if (!add && !found) {
		ret = kc_errf(err, ENOENT, "remove: '%s' is not a backend",
			      kc_quote_str(&q, b->spec));
	} else {
		if (add)
			v[n++] = b;
		else
			rwmap_backend_free(b);
		b = NULL;
		ret = rwmap_commit(m, v, n, err);
	}
	if (b)
		rwmap_backend_free(b);
	kc_free(v);
	return ret;
}

static int rwmap_write_add(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err)
{
	return rwmap_write_one(e, val, err, true);
}

static int rwmap_write_remove(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	return rwmap_write_one(e, val, err, false);
}

const struct kc_handler kc_rwmap_handlers[KC_RWMAP_NHANDLERS] = {
	{ "patterns", rwmap_read_patterns, rwmap_write_list },
	{ "backends", rwmap_read_backends, NULL },
	{ "add", NULL, rwmap_write_add },
	{ "remove", NULL, rwmap_write_remove },
};
