// SPDX-License-Identifier: GPL-2.0
/*
 * Names for addresses (include/kclick/names.h): Click's AddressInfo names,
 * scoped by compound, and device names, looked up while an element is
 * configured or one of its handlers written.
 *
 * The graph's AddressInfo elements are configured before every other
 * element (engine/graph.c), then indexed here: one array of (scope, name)
 * sorted, where the scope is the AddressInfo's compound path ("r/" for
 * "r/AddressInfo@2", "" at the top).  A lookup for element "a/b/x" tries
 * the scopes "a/b/", "a/" and "" in turn with a binary search each, so it
 * costs at most KC_LANG_MAX_DEPTH + 1 searches whatever the graph's size.
 */
#include <kclick/names.h>
#include "graph.h"

struct kc_nameref {
	const char *scope;		/* the AddressInfo element's name */
	u32 slen;			/* its scope: up to its last '/' */
	u32 order;			/* later definitions win */
	const struct kc_addrname *a;
};

struct kc_names {
	u32 n;
	struct kc_nameref v[];
};

/*
 * The element whose arguments are being parsed.  Written and read only in
 * process context with the graph update lock held (RTNL in the kernel;
 * the harness has one thread), which serializes every configure and
 * handler write of every graph.
 */
static struct kc_elem *kc_names_ctx;

struct kc_elem *kc_names_enter(struct kc_elem *e)
{
	struct kc_elem *prev = kc_names_ctx;

	kc_assert_graph_lock();
	kc_names_ctx = e;
	return prev;
}

void kc_names_leave(struct kc_elem *prev)
{
	kc_names_ctx = prev;
}

static int cmp_key(const char *s1, u32 l1, const char *n1,
		   const char *s2, u32 l2, const char *n2)
{
	u32 l = l1 < l2 ? l1 : l2;
	int c = memcmp(s1, s2, l);

	if (c)
		return c;
	if (l1 != l2)
		return l1 < l2 ? -1 : 1;
	return strcmp(n1, n2);
}

static int cmp_ref(const struct kc_nameref *x, const struct kc_nameref *y)
{
	int c = cmp_key(x->scope, x->slen, x->a->name,
			y->scope, y->slen, y->a->name);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* In-place heapsort: no recursion, no allocation. */
static void sift(struct kc_nameref *v, u32 i, u32 n)
{
	struct kc_nameref t;
	u32 c;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && cmp_ref(&v[c + 1], &v[c]) > 0)
			c++;
		if (cmp_ref(&v[i], &v[c]) >= 0)
			break;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
	}
}

static void sort_refs(struct kc_nameref *v, u32 n)
{
	struct kc_nameref t;
	u32 i;

	for (i = n / 2; i-- > 0;)
		sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		sift(v, 0, i);
	}
}

static u32 scope_len(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash - name + 1 : 0;
}

int kc_names_index(struct kc_graph *g, struct kc_errbuf *err, int *bad)
{
	struct kc_names *nm;
	u32 i, j, total = 0, k = 0;

	for (i = 0; i < g->nelems; i++) {
		const struct kc_addrtab *t;

		if (!(g->elems[i]->cls->flags & KC_CLASS_F_NAMES))
			continue;
		t = kc_elem_cast(g->elems[i], "AddressInfo");
		total += t ? t->n : 0;
		if (total > KC_NAMES_MAX) {
			*bad = i;
			return kc_errf(err, E2BIG,
				       "more than %d address names in the graph",
				       KC_NAMES_MAX);
		}
	}
	if (!total)
		return 0;
	nm = kc_zalloc(sizeof(*nm) + total * sizeof(nm->v[0]));
	if (!nm)
		return -ENOMEM;
	for (i = 0; i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i];
		const struct kc_addrtab *t;

		if (!(e->cls->flags & KC_CLASS_F_NAMES))
			continue;
		t = kc_elem_cast(e, "AddressInfo");
		for (j = 0; t && j < t->n; j++, k++) {
			nm->v[k].scope = e->name;
			nm->v[k].slen = scope_len(e->name);
			nm->v[k].order = k;
			nm->v[k].a = &t->v[j];
		}
	}
	nm->n = k;
	sort_refs(nm->v, nm->n);
	g->names = nm;
	return 0;
}

void kc_names_free(struct kc_graph *g)
{
	kc_free(g->names);
	g->names = NULL;
}

/* The last definition of name with kind in exactly this scope. */
static const struct kc_addrname *find_in(const struct kc_names *nm,
					 const char *scope, u32 slen,
					 const char *name, u8 kind)
{
	u32 lo = 0, hi = nm->n, mid;
	const struct kc_addrname *hit = NULL;

	while (lo < hi) {	/* first entry not below (scope, name) */
		mid = lo + (hi - lo) / 2;
		if (cmp_key(nm->v[mid].scope, nm->v[mid].slen,
			    nm->v[mid].a->name, scope, slen, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nm->n && !cmp_key(nm->v[lo].scope, nm->v[lo].slen,
				      nm->v[lo].a->name, scope, slen, name);
	     lo++)
		if (nm->v[lo].a->kinds & kind)
			hit = nm->v[lo].a;
	return hit;
}

/* name in the current element's scope, innermost compound first. */
static const struct kc_addrname *lookup(const char *name, u8 kind)
{
	struct kc_elem *e = kc_names_ctx;
	const struct kc_names *nm;
	const struct kc_addrname *a;
	u32 slen;

	if (!e || !e->graph || !e->graph->names)
		return NULL;
	nm = e->graph->names;
	slen = scope_len(e->name);
	for (;;) {
		a = find_in(nm, e->name, slen, name, kind);
		if (a || !slen)
			return a;
		/* The enclosing compound: back to the '/' before this one. */
		for (slen--; slen && e->name[slen - 1] != '/'; slen--)
			;
	}
}

static int dev_addr(const char *dev, enum kc_devaddr kind, u8 *out)
{
	if (!kc_names_ctx || !*dev)
		return -ENOENT;
	return kc_dev_addr(kc_names_ctx, dev, kind, out);
}

/*
 * Split "name:suffix" at the last ':' into base (a copy) and a lower-case
 * suffix; true when there is a colon.  A name too long is no name.
 */
static bool split(const char *s, char *base, char *suffix, int *bad)
{
	const char *colon = strrchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	size_t i;

	*bad = n >= KC_ADDRNAME_LEN;
	if (*bad)
		return false;
	memcpy(base, s, n);
	base[n] = '\0';
	suffix[0] = '\0';
	if (!colon)
		return false;
	for (i = 0; colon[i] && i < 15; i++)
		suffix[i] = colon[i] >= 'A' && colon[i] <= 'Z' ?
			    colon[i] - 'A' + 'a' : colon[i];
	suffix[i] = colon[i] ? '?' : '\0';	/* too long: matches nothing */
	if (colon[i])
		suffix[i + 1] = '\0';
	return true;
}

int kc_names_prefix(const char *s, __be32 *addr, __be32 *mask)
{
	char base[KC_ADDRNAME_LEN], suffix[17];
	const struct kc_addrname *a;
	__be32 v[2];
	int bad;

	if (split(s, base, suffix, &bad) && strcmp(suffix, ":net") &&
	    strcmp(suffix, ":ipnet") && strcmp(suffix, ":ip4net"))
		return -ENOENT;
	if (bad)
		return -ENOENT;
	a = lookup(base, KC_AN_PREFIX);
	if (a) {
		*addr = a->net;
		*mask = a->mask;
		return 0;
	}
	if (dev_addr(base, KC_DEVADDR_PREFIX, (u8 *)v))
		return -ENOENT;
	*addr = v[0];
	*mask = v[1];
	return 0;
}

int kc_names_ip4(const char *s, __be32 *out)
{
	char base[KC_ADDRNAME_LEN], suffix[17];
	const struct kc_addrname *a;
	__be32 net, mask;
	bool colon;
	int bad;

	colon = split(s, base, suffix, &bad);
	if (bad)
		return -ENOENT;
	if (colon && !strcmp(suffix, ":bcast")) {
		if (kc_names_prefix(base, &net, &mask))
			return -ENOENT;
		*out = net | ~mask;
		return 0;
	}
	if (colon && !strcmp(suffix, ":gw")) {
		/* "x:gw" defined as such, else x's network's first host. */
		a = strlen(s) < KC_ADDRNAME_LEN ? lookup(s, KC_AN_IP) : NULL;
		if (a) {
			*out = a->ip;
			return 0;
		}
		a = lookup(base, KC_AN_PREFIX);
		if (!a && !dev_addr(base, KC_DEVADDR_GW, (u8 *)out))
			return 0;
		if (a) {
			net = a->net;
			mask = a->mask;
		} else {
			__be32 v[2];

			if (dev_addr(base, KC_DEVADDR_PREFIX, (u8 *)v))
				return -ENOENT;
			net = v[0];
			mask = v[1];
		}
		*out = (net & mask) | cpu_to_be32(1);
		return 0;
	}
	if (colon && strcmp(suffix, ":ip") && strcmp(suffix, ":ip4"))
		return -ENOENT;
	a = lookup(base, KC_AN_IP);
	if (a) {
		*out = a->ip;
		return 0;
	}
	return dev_addr(base, KC_DEVADDR_IP, (u8 *)out);
}

int kc_names_eth(const char *s, u8 *out)
{
	char base[KC_ADDRNAME_LEN], suffix[17];
	const struct kc_addrname *a;
	int bad;

	if (split(s, base, suffix, &bad) && strcmp(suffix, ":eth") &&
	    strcmp(suffix, ":ether") && strcmp(suffix, ":ethernet"))
		return -ENOENT;
	if (bad)
		return -ENOENT;
	a = lookup(base, KC_AN_ETH);
	if (a) {
		memcpy(out, a->eth, 6);
		return 0;
	}
	return dev_addr(base, KC_DEVADDR_ETH, out);
}

/*
 * Click's dotted quad with 1 to 4 parts ("18.26.4", "0"): the bytes
 * given, the rest zero; the number of parts in *nbytes.
 */
static int partial_ip4(const char *s, size_t len, __be32 *out, int *nbytes)
{
	u32 v = 0;
	size_t i = 0;
	int k;

	for (k = 0; k < 4 && i < len; k++) {
		unsigned int o = 0, nd = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 4) {
			o = o * 10 + (s[i++] - '0');
			nd++;
		}
		if (!nd || nd > 3 || o > 255)
			return -EINVAL;
		v |= o << (24 - 8 * k);
		if (i < len && s[i++] != '.')
			return -EINVAL;
		if (i == len && s[len - 1] == '.')
			return -EINVAL;
	}
	if (i < len || !k)
		return -EINVAL;
	*out = cpu_to_be32(v);
	*nbytes = k;
	return 0;
}

int kc_parse_ip4_prefix(const char *s, __be32 *addr, __be32 *mask,
			bool bare)
{
	const char *slash = strrchr(s, '/');
	char head[KC_ADDRNAME_LEN];
	u32 len = 0, m;
	int nbytes = 4;
	size_t i, n;

	if (slash && slash[1]) {
		n = slash - s;
		if (!partial_ip4(s, n, addr, &nbytes)) {
			/* a literal, maybe partial */
		} else if (n < sizeof(head)) {
			memcpy(head, s, n);
			head[n] = '\0';
			if (kc_parse_ip4(head, addr))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
		for (i = 1; slash[i] >= '0' && slash[i] <= '9' && len <= 32; i++)
			len = len * 10 + (slash[i] - '0');
		if (!slash[i] && i <= 3 && len <= 32)
			*mask = cpu_to_be32(len ? ~0U << (32 - len) : 0);
		else if (kc_parse_ip4(slash + 1, mask))
			return -EINVAL;
		/* A mask longer than the bytes written is an error (Click). */
		m = be32_to_cpu(*mask);
		if (nbytes < 4 && (m & (0xffffffffU >> (8 * nbytes))))
			return -EINVAL;
		return 0;
	}
	if (bare && !kc_parse_ip4(s, addr)) {
		*mask = cpu_to_be32(0xffffffffU);
		return 0;
	}
	return kc_names_prefix(s, addr, mask) ? -EINVAL : 0;
}
