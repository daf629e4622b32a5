// SPDX-License-Identifier: GPL-2.0
/*
 * Route tables shared by LinearIPLookup and RadixIPLookup.
 *
 * A table is immutable once published: the `add`, `set` and `remove`
 * handlers build a new one from the old routes plus the change and swap
 * it in under RCU (update side: the graph lock, RTNL in the kernel), so
 * the packet path reads a table without a lock and never sees one half
 * edited.  Linear tables keep routes most specific first and take the
 * first match; radix tables add a binary trie over the prefixes, so a
 * lookup costs at most 32 steps whatever the number of routes.
 */
#include "kc_iplookup.h"
#include <kclick/names.h>
#include <kclick/proto.h>
#include <kclick/rcuswap.h>

#define RT_MAX_ROUTES	16384
#define RT_NONE		0xffffffffU

struct rt_node {
	u32 child[2];		/* node index, or RT_NONE */
	u32 route;		/* route ending here, or RT_NONE */
};

struct kc_rt_table {
	u32 nroutes, nnodes;
	struct kc_route *routes;	/* most specific first */
	struct rt_node *nodes;		/* radix only; node 0 is the root */
	struct kc_rcu_free rf;		/* replaced by a route write */
};

struct kc_route {
	__be32 addr, mask, gw;
	u8 plen;
	u16 port;
};

static u32 rt_host(__be32 a)
{
	return be32_to_cpu(a);
}

static int rt_plen(__be32 mask)
{
	u32 m = rt_host(mask);
	int n = 0;

	while (m & 0x80000000U) {
		m <<= 1;
		n++;
	}
	return m ? -1 : n;
}

static void rt_free(struct kc_rt_table *t)
{
	if (!t)
		return;
	kc_free(t->routes);
	kc_free(t->nodes);
	kc_free(t);
}

static void rt_free_rcu(void *t)
{
	rt_free(t);
}

/* Most specific first; equal lengths by address, so `table` is stable. */
static void rt_sort(struct kc_route *r, u32 n)
{
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct kc_route x = r[i];

		for (j = i; j > 0; j--) {
			const struct kc_route *y = &r[j - 1];

			if (y->plen > x.plen ||
			    (y->plen == x.plen &&
			     rt_host(y->addr) <= rt_host(x.addr)))
				break;
			r[j] = r[j - 1];
		}
		r[j] = x;
	}
}

static int rt_build_trie(struct kc_rt_table *t)
{
	u32 i, max = 1, n = 1;
	int b;

	for (i = 0; i < t->nroutes; i++)
		max += t->routes[i].plen;
	t->nodes = kc_zalloc(sizeof(*t->nodes) * max);
	if (!t->nodes)
		return -ENOMEM;
	t->nodes[0].child[0] = t->nodes[0].child[1] = RT_NONE;
	t->nodes[0].route = RT_NONE;
	/* Least specific first, so a longer prefix is set after a shorter one. */
	for (i = t->nroutes; i-- > 0;) {
		const struct kc_route *r = &t->routes[i];
		u32 a = rt_host(r->addr), at = 0;

		for (b = 0; b < r->plen; b++) {
			int bit = (a >> (31 - b)) & 1;

			if (t->nodes[at].child[bit] == RT_NONE) {
				t->nodes[n].child[0] = RT_NONE;
				t->nodes[n].child[1] = RT_NONE;
				t->nodes[n].route = RT_NONE;
				t->nodes[at].child[bit] = n++;
			}
			at = t->nodes[at].child[bit];
		}
		t->nodes[at].route = i;
	}
	t->nnodes = n;
	return 0;
}

/* A new table of routes r[0..n) (copied); radix adds the trie. */
static int rt_make(struct kc_iplookup *l, const struct kc_route *r, u32 n,
		   struct kc_rt_table **out)
{
	struct kc_rt_table *t = kc_zalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->routes = kc_zalloc(sizeof(*r) * (n ? n : 1));
	if (!t->routes) {
		kc_free(t);
		return -ENOMEM;
	}
	memcpy(t->routes, r, sizeof(*r) * n);
	t->nroutes = n;
	rt_sort(t->routes, n);
	if (l->radix && rt_build_trie(t)) {
		rt_free(t);
		return -ENOMEM;
	}
	*out = t;
	return 0;
}

/*
 * Parse "ADDR/MASK [GW] OUT" (or "ADDR/MASK" alone when out is NULL):
 * ADDR alone is a host route; MASK is a length or a dotted prefix mask;
 * ADDR may be partial ("0/0", "18.26/16") or a name, as in Click.
 */
static int rt_parse(const char *text, struct kc_route *r, int noutputs,
		    bool want_out, struct kc_errbuf *err)
{
	char w[3][48];
	struct kc_quote q;
	int nw = 0, plen;
	const char *s = text;
	size_t n;
	u32 port;

	memset(r, 0, sizeof(*r));
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (!n)
			break;
		if (nw == 3 || n >= sizeof(w[0]))
			return kc_errf(err, EINVAL,
				       "route '%s': expected ADDR/MASK [GW] OUT",
				       kc_quote_str(&q, text));
		memcpy(w[nw], s, n);
		w[nw++][n] = '\0';
		s += n;
	}
	if (nw < (want_out ? 2 : 1) || (!want_out && nw > 1))
		return kc_errf(err, EINVAL, want_out ?
			       "route '%s': expected ADDR/MASK [GW] OUT" :
			       "route '%s': expected ADDR/MASK",
			       kc_quote_str(&q, text));
	/*
	 * Click's IPPrefixArg: a partial literal ("0/0", "18.26/16"), a
	 * length or a dotted mask, a bare address (a host route) or a name.
	 */
	if (kc_parse_ip4_prefix(w[0], &r->addr, &r->mask, true))
		return kc_errf(err, EINVAL, "route '%s': bad address '%s'",
			       kc_quote_str(&q, text), w[0]);
	plen = rt_plen(r->mask);
	if (plen < 0)
		return kc_errf(err, EINVAL,
			       "route '%s': not a prefix mask",
			       kc_quote_str(&q, text));
	r->plen = plen;
	r->mask = cpu_to_be32(plen ? ~0U << (32 - plen) : 0);
	r->addr &= r->mask;
	if (!want_out)
		return 0;
	if (nw == 3 && kc_parse_ip4(w[1], &r->gw))
		return kc_errf(err, EINVAL, "route '%s': bad gateway '%s'",
			       kc_quote_str(&q, text), w[1]);
	if (kc_arg_value("OUT", w[nw - 1], KC_ARG_U32, &port, 0, err) ||
	    port >= (u32)noutputs)
		return kc_errf(err, EINVAL,
			       "route '%s': output '%s' is not 0-%d",
			       kc_quote_str(&q, text),
			       w[nw - 1], noutputs - 1);
	r->port = port;
	return 0;
}

int kc_iplookup_configure(struct kc_elem *e, struct kc_args *args,
			  bool radix)
{
	struct kc_iplookup *l = kc_priv(e);
	struct kc_route *r;
	struct kc_rt_table *t;
	struct kc_quote q;
	int i, j, n = 0, dup = 0, ret;

	l->radix = radix;
	l->drops = e->pcpu;
	if (args->n > RT_MAX_ROUTES)
		return kc_errf(args->err, EINVAL, "at most %d routes",
			       RT_MAX_ROUTES);
	r = kc_zalloc(sizeof(*r) * (args->n ? args->n : 1));
	if (!r)
		return -ENOMEM;
	for (i = 0; i < args->n; i++) {
		struct kc_arg *a = &args->v[i];

		if (a->key) {
			ret = kc_errf(args->err, EINVAL,
				      "route %d: keyword %s is not a route",
				      i + 1, kc_quote_str(&q, a->key));
			goto out;
		}
		a->used = true;
		ret = rt_parse(a->val, &r[n], e->noutputs, true, args->err);
		if (ret)
			goto out;
		/*
		 * A prefix given twice keeps its first route, as in Click
		 * (IPRouteTable::configure warns and goes on):
		 * conf/gnat01.click's "18.26.4.0 255.255.255.0 1" is
		 * 18.26.4.0/32 through gateway 255.255.255.0, again.
		 */
		for (j = 0; j < n; j++)
			if (r[j].addr == r[n].addr && r[j].plen == r[n].plen)
				break;
		if (j < n)
			dup++;
		else
			n++;
	}
	if (dup)
		kc_log_info("%s: %d route%s repeat%s an earlier prefix, the first kept\n",
			    e->name, dup, dup > 1 ? "s" : "", dup > 1 ? "" : "s");
	ret = rt_make(l, r, n, &t);
	if (!ret)
		kc_rcu_assign(l->tab, t);
out:
	kc_free(r);
	return ret;
}

void kc_iplookup_cleanup(struct kc_elem *e)
{
	struct kc_iplookup *l = kc_priv(e);

	rt_free(kc_rcu_dereference_protected(l->tab));
}

/* Packet path, under rcu_read_lock: the route for dst, or NULL. */
static const struct kc_route *rt_lookup(const struct kc_rt_table *t,
					__be32 dst)
{
	u32 a = rt_host(dst), i, at = 0, best = RT_NONE;
	int b;

	if (!t->nodes) {
		for (i = 0; i < t->nroutes; i++)
			if ((dst & t->routes[i].mask) == t->routes[i].addr)
				return &t->routes[i];
		return NULL;
	}
	for (b = 0; ; b++) {
		if (t->nodes[at].route != RT_NONE)
			best = t->nodes[at].route;
		if (b == 32)
			break;
		at = t->nodes[at].child[(a >> (31 - b)) & 1];
		if (at == RT_NONE)
			break;
	}
	return best == RT_NONE ? NULL : &t->routes[best];
}

/* Packet path (softirq, RCU read side). */
void kc_iplookup_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_iplookup *l = kc_priv(e);
	struct kc_anno *a = kc_pkt_anno(p);
	const struct kc_route *r;
	__be32 dst = a->dst_ip;
	int off;

	if (!dst) {
		off = kc_pkt_ip_offset(p, KC_IP_HLEN);
		if (off < 0)
			goto drop;
		memcpy(&dst, kc_pkt_data(p) + off + 16, 4);
		a->dst_ip = dst;
	}
	r = rt_lookup(kc_rcu_dereference(l->tab), dst);
	if (!r)
		goto drop;
	if (r->gw)
		a->dst_ip = r->gw;
	kc_push(e, r->port, p);
	return;
drop:
	this_cpu_inc(*l->drops);
	kc_drop(e, p);
}

static void rt_print(struct kc_buf *b, const struct kc_route *r)
{
	kc_buf_ip4(b, &r->addr);
	kc_buf_printf(b, "/%u ", r->plen);
	if (r->gw)
		kc_buf_ip4(b, &r->gw);
	else
		kc_buf_printf(b, "-");
	kc_buf_printf(b, " %u\n", r->port);
}

int kc_iplookup_read_table(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_iplookup *l = kc_priv(e);
	const struct kc_rt_table *t = kc_rcu_dereference_protected(l->tab);
	u32 i;

	for (i = 0; i < t->nroutes; i++)
		rt_print(b, &t->routes[i]);
	return 0;
}

int kc_iplookup_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_iplookup *l = kc_priv(e);

	return kc_buf_pcpu_u64(b, l->drops, 0);
}

/*
 * Update side (graph lock held): the table with route r added (replace:
 * an existing route for the prefix is replaced, else that is an error) or
 * removed (r->port ignored), swapped in under RCU.
 */
enum rt_op { RT_ADD, RT_SET, RT_REMOVE };

static int rt_update(struct kc_elem *e, const char *val, enum rt_op op,
		     struct kc_errbuf *err)
{
	struct kc_iplookup *l = kc_priv(e);
	struct kc_rt_table *old = kc_rcu_dereference_protected(l->tab), *t;
	struct kc_route r, *v;
	struct kc_quote q;
	u32 i, n = 0, found = RT_NONE;
	int ret;

	ret = rt_parse(val, &r, e->noutputs, op != RT_REMOVE, err);
	if (ret)
		return ret;
	for (i = 0; i < old->nroutes; i++)
		if (old->routes[i].addr == r.addr &&
		    old->routes[i].plen == r.plen)
			found = i;
	if (op == RT_ADD && found != RT_NONE)
		return kc_errf(err, EEXIST, "route %s exists; use set",
			       kc_quote_str(&q, val));
	if (op == RT_REMOVE && found == RT_NONE)
		return kc_errf(err, ENOENT, "no route %s",
			       kc_quote_str(&q, val));
	if (op != RT_REMOVE && found == RT_NONE &&
	    old->nroutes >= RT_MAX_ROUTES)
		return kc_errf(err, ENOSPC, "at most %d routes", RT_MAX_ROUTES);
	v = kc_zalloc(sizeof(*v) * (old->nroutes + 1));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < old->nroutes; i++)
		if (i != found)
			v[n++] = old->routes[i];
	if (op != RT_REMOVE)
		v[n++] = r;
	ret = rt_make(l, v, n, &t);
	kc_free(v);
	if (ret)
		return ret;
	kc_rcu_publish(l->tab, t, rf, rt_free_rcu);
	return 0;
}

int kc_iplookup_write_add(struct kc_elem *e, const char *val,
			  struct kc_errbuf *err)
{
	return rt_update(e, val, RT_ADD, err);
}

int kc_iplookup_write_set(struct kc_elem *e, const char *val,
			  struct kc_errbuf *err)
{
	return rt_update(e, val, RT_SET, err);
}

int kc_iplookup_write_remove(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	return rt_update(e, val, RT_REMOVE, err);
}
