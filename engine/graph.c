// SPDX-License-Identifier: GPL-2.0
/*
 * Building a graph: classes, configurations, ports, push/pull agreement.
 *
 * Portable.  Everything here runs at install time in process context with
 * the graph update lock held (RTNL in the kernel).  The description comes
 * from userspace and is untrusted: every index is checked, every error names
 * the element at fault.
 */
#include <kclick/names.h>
#include "graph.h"

enum { MODE_UNKNOWN = -1 };

/* A port count spec side: "1", "1-2", "1-", "-", "=". */
struct count_range {
	int lo, hi;		/* hi < 0: unbounded */
	bool same;		/* "=": as many as the other side */
};

static int parse_count(const char *s, size_t n, struct count_range *r)
{
	int v = 0;
	size_t i = 0;

	r->same = false;
	if (n == 1 && s[0] == '=') {
		r->same = true;
		r->lo = 0;
		r->hi = -1;
		return 0;
	}
	if (n == 1 && s[0] == '-') {
		r->lo = 0;
		r->hi = -1;
		return 0;
	}
	if (!n || s[0] < '0' || s[0] > '9')
		return -EINVAL;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	r->lo = v;
	r->hi = v;
	if (i < n && s[i] == '-') {
		i++;
		r->hi = -1;
		if (i < n) {
			v = 0;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				v = v * 10 + (s[i++] - '0');
			r->hi = v;
		}
	}
	return i == n ? 0 : -EINVAL;
}

static int parse_ports(const char *spec, struct count_range *in,
		       struct count_range *out)
{
	const char *slash = strchr(spec, '/');

	if (!slash)
		return -EINVAL;
	if (parse_count(spec, slash - spec, in) ||
	    parse_count(slash + 1, strlen(slash + 1), out))
		return -EINVAL;
	return 0;
}

/* Processing code of port i on one side of "a/ah": the last code repeats. */
static char proc_code(const char *spec, bool output, int i)
{
	const char *slash = strchr(spec, '/');
	const char *s = output ? slash + 1 : spec;
	size_t n = output ? strlen(s) : (size_t)(slash - spec);

	if (!n)
		return 'a';
	return s[(size_t)i < n ? (size_t)i : n - 1];
}

static bool count_ok(const struct count_range *r, int n, int other)
{
	if (r->same)
		return n == other;
	return n >= r->lo && (r->hi < 0 || n <= r->hi);
}

static const char *count_str(const struct count_range *r, char *buf,
			     size_t len)
{
	if (r->same)
		snprintf(buf, len, "as many as its inputs");
	else if (r->hi < 0)
		snprintf(buf, len, "at least %d", r->lo);
	else if (r->lo == r->hi)
		snprintf(buf, len, "exactly %d", r->lo);
	else
		snprintf(buf, len, "%d to %d", r->lo, r->hi);
	return buf;
}

struct build {
	const struct kc_graph_desc *d;
	struct kc_graph *g;
	struct kc_errbuf *err;
	int *bad;
	const struct kc_class **cls;
	u16 *nin, *nout;
	s8 *agn_mode;		/* per element: the mode of its agnostic ports */
	/* Per port, for KC_CLASS_F_AGN_APART elements (CSR as in_cnt). */
	s8 *in_mode, *out_mode;
	u32 *in_cnt, *out_cnt;	/* connections per port, CSR by element */
	u32 *in_base, *out_base;
};

static int fail(struct build *b, int elem, int errnum, const char *fmt, ...)
	__printf(4, 5);

static int fail(struct build *b, int elem, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err->msg, sizeof(b->err->msg), fmt, ap);
	va_end(ap);
	*b->bad = elem;
	return -errnum;
}

static int port_mode(struct build *b, u32 elem, bool output, int port)
{
	char c = proc_code(b->cls[elem]->processing, output, port);

	if (c == 'h')
		return KC_PUSH;
	if (c == 'l')
		return KC_PULL;
	if (b->cls[elem]->flags & KC_CLASS_F_AGN_APART)
		return output ? b->out_mode[b->out_base[elem] + port] :
				b->in_mode[b->in_base[elem] + port];
	return b->agn_mode[elem];
}

/*
 * Resolution: the agnostic port of elem takes mode.  True when the
 * element's other agnostic ports follow (it goes on the worklist); an
 * element whose ports are apart (Click's flow code x/y, Idle) settles
 * that one port only.
 */
static bool set_mode(struct build *b, u32 elem, bool output, int port,
		     int mode)
{
	if (b->cls[elem]->flags & KC_CLASS_F_AGN_APART) {
		if (output)
			b->out_mode[b->out_base[elem] + port] = mode;
		else
			b->in_mode[b->in_base[elem] + port] = mode;
		return false;
	}
	b->agn_mode[elem] = mode;
	return true;
}

static int check_names(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 i;

	for (i = 0; i < d->nelems; i++) {
		const char *n = d->elems[i].name;
		size_t len = strnlen(n, KCLICK_NAME_MAX);

		if (!len || len >= KCLICK_NAME_MAX)
			return fail(b, i, EINVAL,
				    "element name must be 1 to %d characters",
				    KCLICK_NAME_MAX - 1);
		if (strchr(n, '.'))
			return fail(b, i, EINVAL,
				    "element name '%s' contains '.'", n);
	}
	return 0;
}

static u32 name_hash(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h;
}

static int check_duplicates(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 size = 1, i, *slot;
	int ret = 0;

	while (size < d->nelems * 2)
		size <<= 1;
	slot = kc_zalloc(size * sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	for (i = 0; i < d->nelems && !ret; i++) {
		u32 h = name_hash(d->elems[i].name) & (size - 1);

		while (slot[h]) {
			if (!strcmp(d->elems[slot[h] - 1].name,
				    d->elems[i].name)) {
				ret = fail(b, i, EEXIST,
					   "element name '%s' used twice",
					   d->elems[i].name);
				break;
			}
			h = (h + 1) & (size - 1);
		}
		slot[h] = i + 1;
	}
	kc_free(slot);
	return ret;
}

static size_t pcpu_need(const struct kc_class *cls, u32 nin, u32 nout);

/*
 * Port numbers and counts, before anything is sized by them.  A port number
 * is below KCLICK_PORTS_MAX, and every port from 0 to the highest used must
 * be connected, so an element whose highest input is N but which has fewer
 * than N + 1 connections to its inputs is refused here: every array sized
 * by port counts is then bounded by the number of links (plus the classes'
 * small fixed minimums), not by the port numbers a message names.
 */
static int check_ports(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 i, *in_links, *out_links;
	int ret = 0;

	in_links = kc_zalloc(d->nelems * sizeof(u32));
	out_links = kc_zalloc(d->nelems * sizeof(u32));
	if (!in_links || !out_links) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];

		if (l->from >= d->nelems || l->to >= d->nelems) {
			ret = fail(b, -1, EINVAL,
				   "connection %u names element %u of %u", i,
				   max(l->from, l->to), d->nelems);
			goto out;
		}
		if (l->from_port >= KCLICK_PORTS_MAX) {
			ret = fail(b, l->from, EINVAL,
				   "output %u: an element has at most %d outputs",
				   l->from_port, KCLICK_PORTS_MAX);
			goto out;
		}
		if (l->to_port >= KCLICK_PORTS_MAX) {
			ret = fail(b, l->to, EINVAL,
				   "input %u: an element has at most %d inputs",
				   l->to_port, KCLICK_PORTS_MAX);
			goto out;
		}
		b->nout[l->from] = max_t(u32, b->nout[l->from], l->from_port + 1);
		b->nin[l->to] = max_t(u32, b->nin[l->to], l->to_port + 1);
		out_links[l->from]++;
		in_links[l->to]++;
	}
	for (i = 0; i < d->nelems; i++) {
		struct count_range in, out;
		char buf[48];

		if (b->nin[i] > in_links[i]) {
			ret = fail(b, i, EINVAL,
				   "input %u is connected, but only %u connection%s reach%s the inputs: a lower input is not connected",
				   b->nin[i] - 1, in_links[i],
				   in_links[i] == 1 ? "" : "s",
				   in_links[i] == 1 ? "es" : "");
			goto out;
		}
		if (b->nout[i] > out_links[i]) {
			ret = fail(b, i, EINVAL,
				   "output %u is connected, but only %u connection%s leave%s the outputs: a lower output is not connected",
				   b->nout[i] - 1, out_links[i],
				   out_links[i] == 1 ? "" : "s",
				   out_links[i] == 1 ? "s" : "");
			goto out;
		}
		if (parse_ports(b->cls[i]->ports, &in, &out)) {
			ret = fail(b, i, EINVAL, "class %s has a bad port spec",
				   b->cls[i]->name);
			goto out;
		}
		/* A class needing N ports gets N, and each must be used. */
		if (!in.same && b->nin[i] < in.lo)
			b->nin[i] = in.lo;
		if (!out.same && b->nout[i] < out.lo)
			b->nout[i] = out.lo;
		if (out.same && b->nout[i] < b->nin[i])
			b->nout[i] = b->nin[i];
		if (!count_ok(&in, b->nin[i], b->nout[i])) {
			ret = fail(b, i, EINVAL, "has %u input%s, but %s takes %s",
				   b->nin[i], b->nin[i] == 1 ? "" : "s",
				   b->cls[i]->name,
				   count_str(&in, buf, sizeof(buf)));
			goto out;
		}
		if (!count_ok(&out, b->nout[i], b->nin[i])) {
			ret = fail(b, i, EINVAL, "has %u output%s, but %s takes %s",
				   b->nout[i], b->nout[i] == 1 ? "" : "s",
				   b->cls[i]->name,
				   count_str(&out, buf, sizeof(buf)));
			goto out;
		}
		if (pcpu_need(b->cls[i], b->nin[i], b->nout[i]) >
		    KC_PCPU_ALLOC_MAX) {
			ret = fail(b, i, EINVAL,
				   "%u inputs and %u outputs need more than %d bytes of per-CPU memory",
				   b->nin[i], b->nout[i], KC_PCPU_ALLOC_MAX);
			goto out;
		}
	}
out:
	kc_free(in_links);
	kc_free(out_links);
	return ret;
}

/* Count connections per port; every port must have at least one. */
static int check_connected(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 i, nin = 0, nout = 0;
	int p;

	b->in_base = kc_zalloc((d->nelems + 1) * sizeof(u32));
	b->out_base = kc_zalloc((d->nelems + 1) * sizeof(u32));
	if (!b->in_base || !b->out_base)
		return -ENOMEM;
	for (i = 0; i < d->nelems; i++) {
		b->in_base[i] = nin;
		b->out_base[i] = nout;
		nin += b->nin[i];
		nout += b->nout[i];
	}
	b->in_base[i] = nin;
	b->out_base[i] = nout;
	b->in_cnt = kc_zalloc((nin + 1) * sizeof(u32));
	b->out_cnt = kc_zalloc((nout + 1) * sizeof(u32));
	b->in_mode = kc_zalloc(nin + 1);
	b->out_mode = kc_zalloc(nout + 1);
	if (!b->in_cnt || !b->out_cnt || !b->in_mode || !b->out_mode)
		return -ENOMEM;
	memset(b->in_mode, MODE_UNKNOWN, nin + 1);
	memset(b->out_mode, MODE_UNKNOWN, nout + 1);
	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];

		b->out_cnt[b->out_base[l->from] + l->from_port]++;
		b->in_cnt[b->in_base[l->to] + l->to_port]++;
	}
	for (i = 0; i < d->nelems; i++) {
		for (p = 0; p < b->nin[i]; p++)
			if (!b->in_cnt[b->in_base[i] + p])
				return fail(b, i, EINVAL,
					    "input %d is not connected", p);
		for (p = 0; p < b->nout[i]; p++)
			if (!b->out_cnt[b->out_base[i] + p])
				return fail(b, i, EINVAL,
					    "output %d is not connected", p);
	}
	return 0;
}

/*
 * Push/pull agreement.  An element's agnostic ports all take one mode;
 * each connection forces its two ends to agree.  Propagate to a fixed point
 * (each pass either settles an element or stops), then default to push.
 */
static int resolve_modes(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 *base, *adj, *fill, *queue, head = 0, tail = 0, i, k;
	int ret = 0;

	/*
	 * A worklist, linear in the graph: an element whose agnostic mode
	 * becomes known passes it on through its links.  (A pass over every
	 * link until nothing changes is quadratic on a long chain resolved
	 * from its far end.)
	 */
	base = kc_zalloc((d->nelems + 1) * sizeof(u32));
	fill = kc_zalloc((d->nelems + 1) * sizeof(u32));
	adj = kc_zalloc((2 * (size_t)d->nlinks + 1) * sizeof(u32));
	queue = kc_zalloc((d->nelems + 1) * sizeof(u32));
	if (!base || !fill || !adj || !queue) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < d->nelems; i++)
		b->agn_mode[i] = MODE_UNKNOWN;
	for (i = 0; i < d->nlinks; i++) {
		base[d->links[i].from]++;
		base[d->links[i].to]++;
	}
	for (i = 0, k = 0; i <= d->nelems; i++) {
		u32 n = i < d->nelems ? base[i] : 0;

		base[i] = k;
		fill[i] = k;
		k += n;
	}
	for (i = 0; i < d->nlinks; i++) {
		adj[fill[d->links[i].from]++] = i;
		adj[fill[d->links[i].to]++] = i;
	}
	/* Seed with every link that has a fixed end. */
	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];
		int mo = port_mode(b, l->from, true, l->from_port);
		int mi = port_mode(b, l->to, false, l->to_port);

		if (mo != MODE_UNKNOWN && mi == MODE_UNKNOWN) {
			if (set_mode(b, l->to, false, l->to_port, mo))
				queue[tail++] = l->to;
		} else if (mi != MODE_UNKNOWN && mo == MODE_UNKNOWN) {
			if (set_mode(b, l->from, true, l->from_port, mi))
				queue[tail++] = l->from;
		}
		while (head < tail) {
			u32 e = queue[head++];

			for (k = base[e]; k < base[e + 1]; k++) {
				const struct kc_link_desc *m = &d->links[adj[k]];

				mo = port_mode(b, m->from, true, m->from_port);
				mi = port_mode(b, m->to, false, m->to_port);
				if (mo != MODE_UNKNOWN && mi == MODE_UNKNOWN) {
					if (set_mode(b, m->to, false,
						     m->to_port, mo))
						queue[tail++] = m->to;
				} else if (mi != MODE_UNKNOWN &&
					   mo == MODE_UNKNOWN) {
					if (set_mode(b, m->from, true,
						     m->from_port, mi))
						queue[tail++] = m->from;
				}
			}
		}
		head = tail = 0;
	}
	for (i = 0; i < d->nelems; i++)
		if (b->agn_mode[i] == MODE_UNKNOWN)
			b->agn_mode[i] = KC_PUSH;
	/* Apart ports linked only to unsettled ones: push, as the rest. */
	for (i = 0; i < b->in_base[d->nelems]; i++)
		if (b->in_mode[i] == MODE_UNKNOWN)
			b->in_mode[i] = KC_PUSH;
	for (i = 0; i < b->out_base[d->nelems]; i++)
		if (b->out_mode[i] == MODE_UNKNOWN)
			b->out_mode[i] = KC_PUSH;
	for (i = 0; i < d->nlinks && !ret; i++) {
		const struct kc_link_desc *l = &d->links[i];
		int mo = port_mode(b, l->from, true, l->from_port);
		int mi = port_mode(b, l->to, false, l->to_port);

		if (mi != mo)
			ret = fail(b, l->to, EINVAL,
				   "push/pull conflict: %s output %u of '%s' is connected to %s input %u",
				   mo == KC_PUSH ? "push" : "pull",
				   l->from_port, d->elems[l->from].name,
				   mi == KC_PUSH ? "push" : "pull", l->to_port);
	}
out:
	kc_free(base);
	kc_free(fill);
	kc_free(adj);
	kc_free(queue);
	if (ret)
		return ret;
	for (i = 0; i < d->nelems; i++)
		if (b->agn_mode[i] == MODE_UNKNOWN)
			b->agn_mode[i] = KC_PUSH;
	/* Push outputs and pull inputs are point-to-point. */
	for (i = 0; i < d->nelems; i++) {
		int p;

		for (p = 0; p < b->nout[i]; p++)
			if (port_mode(b, i, true, p) == KC_PUSH &&
			    b->out_cnt[b->out_base[i] + p] > 1)
				return fail(b, i, EINVAL,
					    "push output %d is connected more than once (use a Tee)",
					    p);
		for (p = 0; p < b->nin[i]; p++)
			if (port_mode(b, i, false, p) == KC_PULL &&
			    b->in_cnt[b->in_base[i] + p] > 1)
				return fail(b, i, EINVAL,
					    "pull input %d is connected more than once",
					    p);
	}
	return 0;
}

/* Append to the error message, keeping room for a closing " ..." */
static void msg_add(struct kc_errbuf *err, size_t *len, const char *fmt, ...)
	__printf(3, 4);

static void msg_add(struct kc_errbuf *err, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= sizeof(err->msg) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(err->msg + *len, sizeof(err->msg) - *len, fmt, ap);
	va_end(ap);
	*len = min_t(size_t, *len + max(n, 0), sizeof(err->msg) - 1);
}

/* Room left for one more quoted name and the message's tail. */
#define MSG_ROOM	(KCLICK_NAME_MAX + 48)

static int pull_cycle(struct build *b, const u32 *stk, u32 top, u32 from)
{
	const struct kc_elem_desc *el = b->d->elems;
	size_t len = 0;
	u32 k = top;

	/* stk[from..top-1] pull from each other in turn; print data flow. */
	msg_add(b->err, &len, "pull cycle through '%s'", el[stk[from]].name);
	while (k-- > from) {
		if (len > sizeof(b->err->msg) - MSG_ROOM) {
			msg_add(b->err, &len, " -> ...");
			break;
		}
		msg_add(b->err, &len, " -> '%s'", el[stk[k]].name);
	}
	msg_add(b->err, &len, " (pull links may not form a cycle)");
	*b->bad = stk[from];
	return -EINVAL;
}

static int pull_too_long(struct build *b, u32 e, const u32 *depth,
			 const u32 *best)
{
	const struct kc_elem_desc *el = b->d->elems;
	u32 n = depth[e], shown = 0;
	size_t len = 0;

	msg_add(b->err, &len, "pull path from '%s'", el[e].name);
	for (e = best[e]; depth[e]; e = best[e]) {
		if (shown == 3 || len > 100) {
			msg_add(b->err, &len, " ...");
			break;
		}
		msg_add(b->err, &len, "%s'%s'", shown++ ? ", " : " through ",
			el[e].name);
	}
	while (depth[e])
		e = best[e];
	msg_add(b->err, &len, " to '%s' is longer than %d elements (%u pull links)",
		el[e].name, KC_PULL_DEPTH_MAX, n);
	return -EINVAL;
}

/*
 * Pull paths: kc_pull() calls the upstream element's pull, which may pull
 * further, all on one stack.  So no cycle of pull links (it would recurse
 * forever), no path of more than KC_PULL_DEPTH_MAX pull links (the stack,
 * see graph.h), and no pull that reaches more than KC_PULL_VISITS_MAX pull
 * calls when everything upstream is empty (a scheduler whose inputs share
 * upstream elements multiplies the calls along every path; the run-time
 * budget in run.c must leave room for at least one whole pull).
 *
 * One iterative depth-first search over the pull links, linear in the
 * graph: depth[e] is the longest pull path above e in links, visits[e] the
 * pull calls one pull of e makes (saturating), best[e] the upstream element
 * on e's longest path.
 */
static int check_pull(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	u32 *base, *adj, *depth, *visits, *best, *stk, *pos;
	u32 i, k, top, worst = 0;
	u8 *state;		/* 0 unseen, 1 on the stack, 2 done */
	int ret = 0;

	base = kc_zalloc((d->nelems + 1) * sizeof(u32));
	depth = kc_zalloc(d->nelems * sizeof(u32));
	visits = kc_zalloc(d->nelems * sizeof(u32));
	best = kc_zalloc(d->nelems * sizeof(u32));
	stk = kc_zalloc(d->nelems * sizeof(u32));
	pos = kc_zalloc(d->nelems * sizeof(u32));
	state = kc_zalloc(d->nelems);
	adj = kc_zalloc((d->nlinks + 1) * sizeof(u32));
	if (!base || !depth || !visits || !best || !stk || !pos || !state ||
	    !adj) {
		ret = -ENOMEM;
		goto out;
	}
	/* adj[base[e]..base[e+1]): the elements e pulls from. */
	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];

		if (port_mode(b, l->from, true, l->from_port) == KC_PULL)
			base[l->to + 1]++;
	}
	for (i = 0; i < d->nelems; i++)
		base[i + 1] += base[i];
	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];

		if (port_mode(b, l->from, true, l->from_port) == KC_PULL)
			adj[base[l->to] + pos[l->to]++] = l->from;
	}
	for (i = 0; i < d->nelems && !ret; i++) {
		if (state[i] || base[i] == base[i + 1])
			continue;
		top = 0;
		stk[top] = i;
		pos[top++] = base[i];
		state[i] = 1;
		while (top && !ret) {
			u32 e = stk[top - 1], u;

			if (pos[top - 1] < base[e + 1]) {
				u = adj[pos[top - 1]++];
				if (state[u] == 1) {
					for (k = 0; stk[k] != u; k++)
						;
					ret = pull_cycle(b, stk, top, k);
				} else if (!state[u]) {
					state[u] = 1;
					stk[top] = u;
					pos[top++] = base[u];
				}
				continue;
			}
			/* Everything e pulls from is done. */
			for (k = base[e]; k < base[e + 1]; k++) {
				u = adj[k];
				if (depth[u] + 1 > depth[e]) {
					depth[e] = depth[u] + 1;
					best[e] = u;
				}
				visits[e] += visits[u] + 1;
				if (visits[e] > KC_PULL_VISITS_MAX)
					visits[e] = KC_PULL_VISITS_MAX + 1;
			}
			if (depth[e] > depth[worst])
				worst = e;
			if (visits[e] > KC_PULL_VISITS_MAX && !ret)
				ret = fail(b, e, EINVAL,
					   "one pull by '%s' makes more than %d pull calls (its inputs pull from shared elements by too many paths)",
					   d->elems[e].name, KC_PULL_VISITS_MAX);
			state[e] = 2;
			top--;
		}
	}
	if (!ret && depth[worst] > KC_PULL_DEPTH_MAX) {
		/* Name the path from its far downstream end. */
		*b->bad = worst;
		ret = pull_too_long(b, worst, depth, best);
	}
out:
	kc_free(base);
	kc_free(depth);
	kc_free(visits);
	kc_free(best);
	kc_free(stk);
	kc_free(pos);
	kc_free(state);
	kc_free(adj);
	return ret;
}

static struct kc_elem *alloc_elem(struct build *b, u32 i)
{
	const struct kc_elem_desc *ed = &b->d->elems[i];
	const struct kc_class *cls = b->cls[i];
	u16 nin = b->nin[i], nout = b->nout[i];
	struct kc_elem *e;
	int p;

	e = kc_zalloc(sizeof(*e) + cls->priv_size);
	if (!e)
		return NULL;
	e->cls = cls;
	e->graph = b->g;
	e->index = i;
	e->line = ed->line;
	e->ninputs = nin;
	e->noutputs = nout;
	e->name = kc_strdup(ed->name);
	e->config = kc_strdup(ed->config ? ed->config : "");
	e->in_proc = kc_zalloc(nin + nout + 1);
	e->out = kc_zalloc((nout + 1) * sizeof(*e->out));
	e->in = kc_zalloc((nin + 1) * sizeof(*e->in));
	e->rev_base = kc_zalloc((nin + nout + 2) * sizeof(*e->rev_base));
	if (!e->name || !e->config || !e->in_proc || !e->out || !e->in ||
	    !e->rev_base)
		return e;	/* caller sees a partial element and frees it */
	e->out_proc = e->in_proc + nin;
	for (p = 0; p < nin; p++)
		e->in_proc[p] = port_mode(b, i, false, p);
	for (p = 0; p < nout; p++)
		e->out_proc[p] = port_mode(b, i, true, p);
	/*
	 * Reverse links: rev_base[k + 1] starts as port k's first slot and
	 * wire() advances it past each link, leaving port k's end.
	 */
	for (p = 0; p < nin; p++) {
		e->rev_base[p + 2] = e->rev_base[p + 1];
		if (e->in_proc[p] == KC_PUSH)
			e->rev_base[p + 2] += b->in_cnt[b->in_base[i] + p];
	}
	for (p = 0; p < nout; p++) {
		e->rev_base[nin + p + 2] = e->rev_base[nin + p + 1];
		if (e->out_proc[p] == KC_PULL)
			e->rev_base[nin + p + 2] +=
				b->out_cnt[b->out_base[i] + p];
	}
	e->rev = kc_zalloc((e->rev_base[nin + nout + 1] + 1) * sizeof(*e->rev));
	return e;
}

static bool elem_complete(const struct kc_elem *e)
{
	return e->name && e->config && e->in_proc && e->out && e->in &&
	       e->rev_base && e->rev &&
	       e->stats;	/* set by alloc_pcpu() */
}

static void free_elem(struct kc_elem *e)
{
	if (!e)
		return;
	kc_free(e->wake);
	kc_free(e->rev);
	kc_free(e->rev_base);
	kc_free(e->in);
	kc_free(e->out);
	kc_free(e->in_proc);
	kc_free(e->config);
	kc_free(e->name);
	kc_free(e);
}

static void wire(struct build *b)
{
	const struct kc_graph_desc *d = b->d;
	struct kc_elem **el = b->g->elems;
	u32 i;

	for (i = 0; i < d->nlinks; i++) {
		const struct kc_link_desc *l = &d->links[i];
		struct kc_elem *from = el[l->from], *to = el[l->to];

		struct kc_link *r;

		if (from->out_proc[l->from_port] == KC_PUSH) {
			from->out[l->from_port].elem = to;
			/* Counted; mark_direct() may make it direct. */
			from->out[l->from_port].push = kc_run_push;
			from->out[l->from_port].port = l->to_port;
			r = &to->rev[to->rev_base[l->to_port + 1]++];
			r->elem = from;
			r->port = l->from_port;
		} else {
			to->in[l->to_port].elem = from;
			to->in[l->to_port].port = l->from_port;
			r = &from->rev[from->rev_base[from->ninputs +
						      l->from_port + 1]++];
			r->elem = to;
			r->port = l->to_port;
		}
	}
}

/*
 * Direct links (struct kc_link; engine/run.c says why they are safe): a
 * push link is direct when its downstream element and everything reachable
 * from it through push links is of a KC_CLASS_F_PUSH1 or KC_CLASS_F_FANOUT
 * class with push outputs only, that set has no cycle, and a push into it
 * makes at most KC_DIRECT_DEPTH_MAX push calls in all.
 *
 * h[e] is that number of calls, worst case: 1 for an element without
 * outputs; 1 + the largest h of its outputs' elements for a PUSH1 element
 * (one push a call, through any one output); 1 + the sum of them for a
 * FANOUT element (one push through each output); and H_NONE (more than
 * KC_DIRECT_DEPTH_MAX) when e is of neither kind, has a pull output,
 * reaches such an element, reaches a cycle or makes too many calls.  The
 * calls bound the chain's depth and, a copy being one more push, its
 * copies.  One iterative depth-first search computes every h: each
 * element is pushed on the explicit stack at most once, each push link
 * followed at most once, and an element of neither kind is not looked
 * into, so the work is at most nelems + the push links (KCLICK_ELEMENTS_MAX
 * and KCLICK_LINKS_MAX bound both) and the memory 10 bytes an element.  A
 * link into an element on the stack closes a cycle: the element making it
 * gets H_NONE, and so does every element on the stack as it finishes.
 * Install time, graph lock held; after wire(), before anything runs.
 */
#define H_NONE	(KC_DIRECT_DEPTH_MAX + 1)

static u8 h_start(const struct kc_elem *e)
{
	return e->cls->flags & (KC_CLASS_F_PUSH1 | KC_CLASS_F_FANOUT) ?
	       1 : H_NONE;
}

/* h[e] once the element at index u, done, is known to be behind e. */
static void h_add(u8 *h, const struct kc_elem *e, u32 u)
{
	u32 x = e->index, v;

	if (e->cls->flags & KC_CLASS_F_FANOUT)
		v = h[x] + h[u];
	else
		v = max_t(u32, h[x], h[u] + 1);
	h[x] = min_t(u32, v, H_NONE);
}

static int mark_direct(struct kc_graph *g)
{
	u32 *stk, *pos, i, top, n = g->nelems;
	u8 *h, *state;		/* state: 0 unseen, 1 on the stack, 2 done */
	int p, ret = 0;

	stk = kc_zalloc(n * sizeof(*stk));
	pos = kc_zalloc(n * sizeof(*pos));
	h = kc_zalloc(n);
	state = kc_zalloc(n);
	if (!stk || !pos || !h || !state) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (state[i])
			continue;
		top = 0;
		stk[top] = i;
		pos[top++] = 0;
		state[i] = 1;
		h[i] = h_start(g->elems[i]);
		while (top) {
			struct kc_elem *e = g->elems[stk[top - 1]];
			u32 x = e->index, u;

			if (h[x] < H_NONE && pos[top - 1] < e->noutputs) {
				p = pos[top - 1]++;
				if (e->out_proc[p] != KC_PUSH || !e->out[p].elem) {
					h[x] = H_NONE;
					continue;
				}
				u = e->out[p].elem->index;
				if (state[u] == 1) {
					h[x] = H_NONE;		/* a cycle */
				} else if (!state[u]) {
					state[u] = 1;
					h[u] = h_start(g->elems[u]);
					stk[top] = u;
					pos[top++] = 0;
				} else {
					h_add(h, e, u);
				}
				continue;
			}
			/* x is done: its parent takes its h. */
			state[x] = 2;
			if (--top)
				h_add(h, g->elems[stk[top - 1]], x);
		}
	}
	for (i = 0; i < n; i++) {
		struct kc_elem *e = g->elems[i];

		e->direct_in = h[i] <= KC_DIRECT_DEPTH_MAX;
		for (p = 0; p < e->noutputs; p++) {
			struct kc_link *l = &e->out[p];

			if (e->out_proc[p] != KC_PUSH || !l->elem ||
			    h[l->elem->index] > KC_DIRECT_DEPTH_MAX)
				continue;
			l->direct = true;
			l->push = l->elem->cls->push;
		}
	}
out:
	kc_free(stk);
	kc_free(pos);
	kc_free(h);
	kc_free(state);
	return ret;
}

/*
 * Who must be woken when a pull source (an element with pull outputs fed by
 * pushes, like Queue) gets packets: the tasks that pull through it, found by
 * walking pull links upstream from each task.  Each walk visits an element
 * at most once (seen[] holds the walking task's index + 1, so nothing is
 * cleared between walks) and at most KC_PULL_VISITS_MAX elements
 * (check_pull); a first pass counts each source's tasks, a second fills
 * the arrays, so a Queue pulled by thousands of tasks costs no quadratic
 * reallocation.
 */
static bool is_pull_source(const struct kc_elem *e)
{
	int p;

	for (p = 0; p < e->ninputs; p++)
		if (e->in_proc[p] == KC_PULL)
			return false;
	return true;
}

static void find_wakers(struct kc_graph *g, struct kc_elem *task, u32 *seen,
			struct kc_elem **stack, bool fill)
{
	u32 stamp = task->index + 1;
	int top = 0, p;

	stack[top++] = task;
	seen[task->index] = stamp;
	while (top) {
		struct kc_elem *e = stack[--top];

		for (p = 0; p < e->ninputs; p++) {
			struct kc_elem *up;

			if (e->in_proc[p] != KC_PULL)
				continue;
			up = e->in[p].elem;
			if (seen[up->index] == stamp)
				continue;
			seen[up->index] = stamp;
			if (!is_pull_source(up))
				stack[top++] = up;
			else if (fill)
				up->wake[up->nwake++] = task;
			else
				up->nwake++;
		}
	}
}

static int compute_wakers(struct kc_graph *g)
{
	struct kc_elem **stack;
	u32 *seen, i;
	int ret = 0, pass;

	seen = kc_zalloc(g->nelems * sizeof(*seen));
	stack = kc_zalloc(g->nelems * sizeof(*stack));
	if (!seen || !stack) {
		ret = -ENOMEM;
		goto out;
	}
	for (pass = 0; pass < 2 && !ret; pass++) {
		for (i = 0; i < g->nelems; i++)
			if (g->elems[i]->cls->flags & KC_CLASS_F_TASK)
				find_wakers(g, g->elems[i], seen, stack, pass);
		for (i = 0; i < g->nelems && !pass; i++) {
			struct kc_elem *e = g->elems[i];

			if (!e->nwake)
				continue;
			e->wake = kc_zalloc(e->nwake * sizeof(*e->wake));
			if (!e->wake) {
				ret = -ENOMEM;
				break;
			}
			e->nwake = 0;
		}
		memset(seen, 0, g->nelems * sizeof(*seen));
	}
out:
	kc_free(stack);
	kc_free(seen);
	return ret;
}

/*
 * Per-CPU memory for every element -- port counters and the class's own
 * pcpu_size -- comes from a few shared chunks rather than thousands of
 * small per-CPU allocations, which are slow and fragment the per-CPU area.
 * A chunk is PCPU_CHUNK, or one element's need if larger; no request
 * exceeds KC_PCPU_ALLOC_MAX (check_ports refuses an element that would
 * need more), the kernel's per-CPU unit (PCPU_MIN_UNIT_SIZE, 32 KB): the
 * allocator WARNs above it.  With KCLICK_PORTS_MAX ports a side an element
 * needs at most (2 * 1024 + 1) * 8 = 16,392 bytes plus its class's state.
 */
#define PCPU_CHUNK (8 * 1024)

static size_t pcpu_need(const struct kc_class *cls, u32 nin, u32 nout)
{
	size_t n = (nin + nout + 1) * sizeof(u64);

	return n + ALIGN(cls->pcpu_size, sizeof(u64));
}

static size_t elem_pcpu_need(const struct kc_elem *e)
{
	return pcpu_need(e->cls, e->ninputs, e->noutputs);
}

static int alloc_pcpu(struct kc_graph *g)
{
	size_t used = PCPU_CHUNK, need;
	char __percpu *chunk = NULL;
	u32 i, n = 0;

	for (i = 0; i < g->nelems; i++) {
		need = elem_pcpu_need(g->elems[i]);
		if (need > PCPU_CHUNK || used + need > PCPU_CHUNK) {
			used = 0;
			n++;
		}
		used += need;
	}
	g->pcpu_chunks = kc_zalloc(n * sizeof(*g->pcpu_chunks));
	if (!g->pcpu_chunks)
		return -ENOMEM;
	used = PCPU_CHUNK;
	for (i = 0; i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i];

		need = elem_pcpu_need(e);
		if (need > PCPU_CHUNK || used + need > PCPU_CHUNK) {
			chunk = kc_percpu_alloc_size(max_t(size_t, need,
							   PCPU_CHUNK));
			if (!chunk)
				return -ENOMEM;
			g->pcpu_chunks[g->npcpu_chunks++] = chunk;
			used = 0;
		}
		e->stats = (u64 __percpu *)(chunk + used);
		e->out_stats = e->stats + e->ninputs;
		if (e->cls->pcpu_size)
			e->pcpu = chunk + used +
				  (e->ninputs + e->noutputs + 1) * sizeof(u64);
		used += need;
	}
	return 0;
}

static int configure_one(struct build *b, u32 i)
{
	struct kc_elem *e = b->g->elems[i], *prev;
	struct kc_args args = { .err = b->err };
	int ret;

	if (e->cls->flags & KC_CLASS_F_TASK) {
		e->task = kc_task_alloc(e);
		if (!e->task)
			return -ENOMEM;
	}
	ret = kc_args_split(&args, e->config);
	if (!ret) {
		prev = kc_names_enter(e);	/* its addresses may be names */
		ret = e->cls->configure ? e->cls->configure(e, &args) :
		      kc_args_parse(&args, NULL, 0);
		kc_names_leave(prev);
	}
	kc_args_free(&args);
	if (ret) {
		if (!b->err->msg[0])
			kc_errf(b->err, ret, "configuration failed (%d)", ret);
		*b->bad = i;
	}
	return ret;
}

static int configure(struct build *b)
{
	struct kc_graph *g = b->g;
	u32 i;
	int ret;

	for (i = 0; i < g->nelems; i++) {
		g->elems[i] = alloc_elem(b, i);
		struct kc_elem *e = g->elems[i];

		if (!e || !e->name || !e->config || !e->in_proc || !e->out ||
		    !e->in || !e->rev_base || !e->rev)
			return -ENOMEM;
	}
	ret = alloc_pcpu(g);
	if (ret)
		return ret;
	/*
	 * Click's configure phases, the two kclick needs: AddressInfo first,
	 * so every other element can use the names it defines.
	 */
	for (i = 0; i < g->nelems; i++) {
		if (!(g->elems[i]->cls->flags & KC_CLASS_F_NAMES))
			continue;
		ret = configure_one(b, i);
		if (ret)
			return ret;
	}
	ret = kc_names_index(g, b->err, b->bad);
	if (ret)
		return ret;
	for (i = 0; i < g->nelems; i++) {
		if (g->elems[i]->cls->flags & KC_CLASS_F_NAMES)
			continue;
		ret = configure_one(b, i);
		if (ret)
			return ret;
	}
	return 0;
}

struct kc_graph *kc_graph_build(const struct kc_graph_desc *d, void *owner,
				struct kc_errbuf *err, int *bad_elem)
{
	struct build b = { .d = d, .err = err, .bad = bad_elem };
	struct kc_graph *g = NULL;
	int ret = -ENOMEM;
	u32 i;

	*bad_elem = -1;
	err->msg[0] = 0;
	if (!d->nelems || d->nelems > KCLICK_ELEMENTS_MAX) {
		fail(&b, -1, EINVAL, "a graph has 1 to %d elements",
		     KCLICK_ELEMENTS_MAX);
		return NULL;
	}
	if (d->nlinks > KCLICK_LINKS_MAX) {
		fail(&b, -1, EINVAL, "a graph has at most %d connections",
		     KCLICK_LINKS_MAX);
		return NULL;
	}
	b.cls = kc_zalloc(d->nelems * sizeof(*b.cls));
	b.nin = kc_zalloc(d->nelems * sizeof(*b.nin));
	b.nout = kc_zalloc(d->nelems * sizeof(*b.nout));
	b.agn_mode = kc_zalloc(d->nelems);
	if (!b.cls || !b.nin || !b.nout || !b.agn_mode)
		goto out;

	ret = check_names(&b);
	if (ret)
		goto out;
	for (i = 0; i < d->nelems; i++) {
		b.cls[i] = kc_class_find(d->elems[i].cls);
		if (!b.cls[i]) {
			ret = fail(&b, i, ENOENT, "unknown element class '%s'",
				   d->elems[i].cls);
			goto out;
		}
	}
	ret = check_duplicates(&b);
	if (!ret)
		ret = check_ports(&b);
	if (!ret)
		ret = check_connected(&b);
	if (!ret)
		ret = resolve_modes(&b);
	if (!ret)
		ret = check_pull(&b);
	if (ret)
		goto out;

	ret = -ENOMEM;
	g = kc_zalloc(sizeof(*g));
	if (!g)
		goto out;
	g->owner = owner;
	g->nelems = d->nelems;
	g->elems = kc_zalloc(d->nelems * sizeof(*g->elems));
	g->stats = kc_percpu_alloc(struct kc_graph_stats);
	if (!g->elems || !g->stats)
		goto out;
	b.g = g;
	ret = configure(&b);
	if (ret)
		goto out;
	wire(&b);
	ret = compute_wakers(g);
	if (!ret)
		ret = mark_direct(g);
out:
	if (ret && g) {
		kc_graph_destroy(g);
		g = NULL;
	}
	if (ret == -ENOMEM && !err->msg[0])
		kc_errf(err, ENOMEM, "out of memory building the graph");
	kc_free(b.in_cnt);
	kc_free(b.out_cnt);
	kc_free(b.in_mode);
	kc_free(b.out_mode);
	kc_free(b.in_base);
	kc_free(b.out_base);
	kc_free(b.agn_mode);
	kc_free(b.nout);
	kc_free(b.nin);
	kc_free(b.cls);
	return g;
}

int kc_graph_init_elements(struct kc_graph *g, struct kc_errbuf *err,
			   int *bad_elem)
{
	int phase, ret;
	u32 i;

	*bad_elem = -1;
	/* Two phases: elements that create devices first (element.h). */
	for (phase = 0; phase < 2; phase++) {
		for (i = 0; i < g->nelems; i++) {
			struct kc_elem *e = g->elems[i];
			bool first = e->cls->flags & KC_CLASS_F_DEVICES;

			if (!e->cls->initialize || first != !phase)
				continue;
			ret = e->cls->initialize(e, err);
			if (ret) {
				if (!err->msg[0])
					kc_errf(err, ret,
						"initialization failed (%d)",
						ret);
				*bad_elem = i;
				return ret;
			}
		}
	}
	return 0;
}

void kc_graph_start_tasks(struct kc_graph *g)
{
	u32 i;

	for (i = 0; i < g->nelems; i++)
		if (g->elems[i]->task)
			kc_task_start(g->elems[i]->task);
}

int kc_graph_initialize(struct kc_graph *g, struct kc_errbuf *err,
			int *bad_elem)
{
	int ret = kc_graph_init_elements(g, err, bad_elem);

	/* Every element is set up: tasks may run now (element.h). */
	if (!ret)
		kc_graph_start_tasks(g);
	return ret;
}

void kc_graph_take_state(struct kc_graph *g, struct kc_graph *old)
{
	u32 i;

	for (i = 0; i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i], *o;

		if (!e->cls->take_state)
			continue;
		o = kc_graph_find(old, e->name);
		if (o && o->cls == e->cls)
			e->cls->take_state(e, o);
	}
}

/*
 * In phases (element.h): a task still running may schedule one already
 * stopped, so every task is told to stop before any is waited for, and a
 * last pass catches schedules that raced with the first.
 */
void kc_graph_stop(struct kc_graph *g)
{
	u32 i;
	int pass;

	for (i = 0; g->elems && i < g->nelems; i++)
		if (g->elems[i] && g->elems[i]->task)
			kc_task_stop_begin(g->elems[i]->task);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; g->elems && i < g->nelems; i++)
			if (g->elems[i] && g->elems[i]->task)
				kc_task_stop_finish(g->elems[i]->task);
}

void kc_graph_destroy(struct kc_graph *g)
{
	u32 i;

	if (!g)
		return;
	/* No task may pull from an element being cleaned up. */
	kc_graph_stop(g);
	kc_names_free(g);
	for (i = 0; g->elems && i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i];

		if (e && elem_complete(e) && e->cls->cleanup)
			e->cls->cleanup(e);
		if (e && e->task)
			kc_task_free(e->task);
		free_elem(e);
	}
	kc_free(g->elems);
	for (i = 0; i < g->npcpu_chunks; i++)
		kc_percpu_free(g->pcpu_chunks[i]);
	kc_free(g->pcpu_chunks);
	kc_percpu_free(g->stats);
	kc_free(g);
}

struct kc_elem *kc_graph_find(const struct kc_graph *g, const char *name)
{
	u32 i;

	for (i = 0; i < g->nelems; i++)
		if (!strcmp(g->elems[i]->name, name))
			return g->elems[i];
	return NULL;
}

struct kc_elem *kc_elem_find(struct kc_elem *e, const char *name)
{
	return kc_graph_find(e->graph, name);
}

struct kc_elem *kc_elem_nth(struct kc_elem *e, u32 idx)
{
	return idx < e->graph->nelems ? e->graph->elems[idx] : NULL;
}

u64 kc_graph_drops(const struct kc_graph *g)
{
	u64 sum = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		sum += READ_ONCE(kc_per_cpu_ptr(g->stats, cpu)->drops);
	return sum;
}

static u64 port_sum(const struct kc_elem *e, int slot)
{
	u64 sum = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		sum += READ_ONCE(*kc_per_cpu_ptr(&e->stats[slot], cpu));
	return sum;
}

u64 kc_elem_port_packets(const struct kc_elem *e, bool output, int port)
{
	u32 slot = output ? e->ninputs + port : port, k;
	u64 sum = 0;

	if (output && e->out_proc[port] == KC_PUSH)
		return port_sum(e, slot);
	if (!output && e->in_proc[port] == KC_PULL)
		return port_sum(e, slot);
	/* The other end counted: sum over the links that reach this port. */
	for (k = e->rev_base[slot]; k < e->rev_base[slot + 1]; k++) {
		const struct kc_link *r = &e->rev[k];

		sum += port_sum(r->elem, output ? r->port :
				r->elem->ninputs + r->port);
	}
	return sum;
}
