// SPDX-License-Identifier: LGPL-2.1
/*
 * Flattening: expand compound instances into real elements and tunnels,
 * splice connections through the tunnels, and print the result
 * (kc_cfg_format()).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"

static int add_node(struct flat *F, int elem, int *node)
{
	if (kc_grow(&F->node_elem, &F->cnodes, F->nnodes + 1,
		 sizeof(*F->node_elem)))
		return kc_oom(F->P);
	F->node_elem[F->nnodes] = elem;
	*node = (int)F->nnodes++;
	return 0;
}

/* Claim a flattened name; name is borrowed (caller keeps it alive). */
static int claim_name(struct flat *F, const char *name, int val,
		      const struct pelem *e)
{
	int old;

	if (kc_map_get(&F->names, name, &old)) {
		const struct kc_cfg_elem *o = old >= 0 ? &F->cfg->elems[old] :
					      NULL;

		if (o)
			return kc_perr_in(F->P, e->file, e->line, e->col,
					  "redeclaration of element '%s' (first declared at %s:%d:%d)",
					  name, o->file ? o->file : F->P->file0,
					  o->line, o->col);
		return kc_perr_in(F->P, e->file, e->line, e->col,
				  "redeclaration of element '%s'", name);
	}
	if (kc_map_put(&F->names, name, val))
		return kc_oom(F->P);
	return 0;
}

static int expand_body(struct flat *F, const struct body *b,
		       const char *prefix, const struct env *env, int in_node,
		       int out_node, int depth);

static int expand_compound(struct flat *F, const struct pelem *e,
			   const struct compound *c, const char *name,
			   const char *config, const struct env *env,
			   int depth, int *tin, int *tout)
{
	const struct env *parent = env;
	char **values, *prefix = NULL;
	struct env ne;
	size_t i, n = c->body.nvars;

	if (depth >= KC_LANG_MAX_DEPTH)
		return kc_perr_in(F->P, e->file, e->line, e->col,
				  "compound nesting too deep (limit %d)",
				  KC_LANG_MAX_DEPTH);
	values = calloc(n + 1, sizeof(*values));
	if (!values)
		return kc_oom(F->P);
	if (kc_bind_args(F, c, e, config, values, true))
		goto out;
	/* Lexical scoping: the compound sees the scopes it was defined in. */
	while (parent && parent->depth > c->depth)
		parent = parent->parent;
	ne.parent = parent;
	ne.depth = c->depth + 1;
	ne.body = &c->body;
	ne.values = values;
	for (i = c->nformals; i < n; i++)
		if (kc_expand_vars(F, c->body.vars[i].value, &ne, e, &values[i]))
			goto out;
	if (add_node(F, -1, tin) || add_node(F, -1, tout))
		goto out;
	if (asprintf(&prefix, "%s/", name) < 0) {
		prefix = NULL;
		kc_oom(F->P);
		goto out;
	}
	expand_body(F, &c->body, prefix, &ne, *tin, *tout, depth + 1);
out:
	free(prefix);
	for (i = 0; i < n; i++)
		free(values[i]);
	free(values);
	return F->P->rc;
}

/* Do config's arguments fit c's formals?  (Quietly; for overloading.) */
static bool args_fit(struct flat *F, const struct compound *c,
		     const struct pelem *e, const char *config)
{
	size_t i, n = c->body.nvars;
	char **values = calloc(n + 1, sizeof(*values));
	bool ok;

	if (!values)
		return false;
	ok = !kc_bind_args(F, c, e, config, values, false);
	for (i = 0; i < n; i++)
		free(values[i]);
	free(values);
	return ok;
}

/*
 * Which "||" alternative an instance is: the first whose input and output
 * counts are those its connections use and whose parameters fit, else the
 * primitive an "|| ..." extended.  A class with one definition is always
 * that one (mismatches are reported against it).  NULL with *prim set:
 * the primitive.
 */
static int choose(struct flat *F, const struct pelem *e, const char *config,
		  int nin, int nout, const struct compound **out,
		  const char **prim)
{
	const struct compound *c = e->comp, *last = c;

	*prim = NULL;
	*out = c;
	if (!c->overload && !c->fallback)
		return 0;
	for (; c; last = c, c = c->overload)
		if (c->ninputs == nin && c->noutputs == nout &&
		    args_fit(F, c, e, config)) {
			*out = c;
			return F->P->rc;
		}
	if (F->P->rc)
		return F->P->rc;
	*out = NULL;
	if (last->fallback) {
		*prim = last->fallback;
		return 0;
	}
	return kc_perr_in(F->P, e->file, e->line, e->col,
			  "no definition of '%s' takes these arguments with %d input%s and %d output%s",
			  *e->comp->name ? e->comp->name : "<anonymous>",
			  nin, nin == 1 ? "" : "s", nout, nout == 1 ? "" : "s");
}

/*
 * Click ignores an empty last argument ("Classifier(a, b, )" has two
 * patterns): drop it here, so every element sees what Click's would.
 */
static void drop_empty_last_arg(char *s)
{
	char quote = 0, *comma = NULL, *p;
	int depth = 0;

	for (p = s; *p; p++) {
		if (quote) {
			if (*p == '\\' && quote == '"' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		if (*p == ',' && !depth) {
			comma = p;
			continue;
		}
		if (!is_space((unsigned char)*p))
			comma = NULL;
		if (*p == '"' || *p == '\'')
			quote = *p;
		else if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == ']' || *p == '}') && depth)
			depth--;
	}
	if (!comma)
		return;
	while (comma > s && is_space((unsigned char)comma[-1]))
		comma--;
	*comma = '\0';
}

static int add_flat_elem(struct flat *F, const struct pelem *e,
			 const char *cls0, char *name, char *config, int *node)
{
	struct kc_cfg *cfg = F->cfg;
	struct kc_cfg_elem *fe;
	char *cls;

	if (cfg->nelems >= KC_LANG_MAX_ELEMENTS) {
		kc_perr_in(F->P, e->file, e->line, e->col,
			   "too many elements after expanding compounds (limit %d)",
			   KC_LANG_MAX_ELEMENTS);
		goto fail;
	}
	F->cfg_bytes += strlen(config);
	if (F->cfg_bytes > MAX_CFG_BYTES) {
		kc_perr_in(F->P, e->file, e->line, e->col,
			   "configuration strings too large after expanding compounds");
		goto fail;
	}
	drop_empty_last_arg(config);
	cls = strdup(cls0);
	if (!cls || kc_grow(&cfg->elems, &F->celems, cfg->nelems + 1,
			    sizeof(*cfg->elems))) {
		free(cls);
		kc_oom(F->P);
		goto fail;
	}
	fe = &cfg->elems[cfg->nelems];
	fe->name = name;
	fe->cls = cls;
	fe->config = config;
	fe->line = e->line;
	fe->col = e->col;
	fe->file = NULL;
	if (e->file && strcmp(e->file, F->P->file0)) {
		fe->file = strdup(e->file);
		if (!fe->file) {
			free(cls);
			kc_oom(F->P);
			goto fail;
		}
	}
	if (claim_name(F, name, (int)cfg->nelems, e)) {
		free(fe->file);
		free(cls);
		goto fail;
	}
	cfg->nelems++;
	return add_node(F, (int)cfg->nelems - 1, node);
fail:
	free(name);
	free(config);
	return F->P->rc;
}

/* Ports each element's connections use in b: counts, for overloading. */
static int used_ports(const struct body *b, int **uin, int **uout)
{
	size_t i;

	*uin = calloc(b->nelems + 1, sizeof(**uin));
	*uout = calloc(b->nelems + 1, sizeof(**uout));
	if (!*uin || !*uout)
		return -ENOMEM;
	for (i = 0; i < b->nhooks; i++) {
		const struct phook *h = &b->hooks[i];

		if (h->to >= 0 && !h->tgrp && h->tport >= (*uin)[h->to])
			(*uin)[h->to] = h->tport + 1;
		if (h->from >= 0 && !h->fgrp && h->fport >= (*uout)[h->from])
			(*uout)[h->from] = h->fport + 1;
	}
	return 0;
}

/* One element of a body: a primitive, a compound instance or a group. */
static int expand_elem(struct flat *F, const struct pelem *e,
		       const char *prefix, const struct env *env, int depth,
		       int uin, int uout, const struct compound **chosen,
		       int *nin, int *nout)
{
	const char *prim = NULL;
	char *name, *config;

	*chosen = NULL;
	if (e->group)
		return add_node(F, -1, nin) || add_node(F, -1, nout);
	if (asprintf(&name, "%s%s", prefix, e->name) < 0)
		return kc_oom(F->P);
	if (kc_expand_vars(F, e->config, env, e, &config)) {
		free(name);
		return F->P->rc;
	}
	if (e->comp && choose(F, e, config, uin, uout, chosen, &prim)) {
		free(name);
		free(config);
		return F->P->rc;
	}
	if (!*chosen) {
		if (add_flat_elem(F, e, prim ? prim : e->cls, name, config,
				  nin))
			return F->P->rc;
		*nout = *nin;
		return 0;
	}
	if (kc_grow(&F->inst, &F->cinst, F->ninst + 1, sizeof(*F->inst))) {
		free(name);
		free(config);
		return kc_oom(F->P);
	}
	F->inst[F->ninst++] = name;	/* now owned by F */
	if (!claim_name(F, name, -1, e))
		expand_compound(F, e, *chosen, name, config, env, depth, nin,
				nout);
	free(config);
	return F->P->rc;
}

static const char *comp_name(const struct compound *c)
{
	return *c->name ? c->name : "<anonymous>";
}

/* Is hook h's far end a port its element (compound, group) doesn't have? */
static int check_hook_ports(struct flat *F, const struct body *b,
			    const struct phook *h,
			    const struct compound **chosen)
{
	const struct pelem *fe = h->from >= 0 ? &b->elems[h->from] : NULL;
	const struct pelem *te = h->to >= 0 ? &b->elems[h->to] : NULL;
	const struct compound *fc = fe ? chosen[h->from] : NULL;
	const struct compound *tc = te ? chosen[h->to] : NULL;

	if (fc && h->fport >= fc->noutputs)
		return kc_perr_in(F->P, h->file, h->fline, h->fcol,
				  "compound '%s' has no output %d",
				  comp_name(fc), h->fport);
	if (tc && h->tport >= tc->ninputs)
		return kc_perr_in(F->P, h->file, h->tline, h->tcol,
				  "compound '%s' has no input %d",
				  comp_name(tc), h->tport);
	if (fe && fe->group && !h->fgrp && h->fport >= fe->gout)
		return kc_perr_in(F->P, h->file, h->fline, h->fcol,
				  "element group has no output %d", h->fport);
	if (te && te->group && !h->tgrp && h->tport >= te->gin)
		return kc_perr_in(F->P, h->file, h->tline, h->tcol,
				  "element group has no input %d", h->tport);
	return 0;
}

static int expand_body(struct flat *F, const struct body *b,
		       const char *prefix, const struct env *env, int in_node,
		       int out_node, int depth)
{
	int *nin = NULL, *nout = NULL, *uin = NULL, *uout = NULL;
	const struct compound **chosen;
	size_t i;

	chosen = calloc(b->nelems + 1, sizeof(*chosen));
	nin = calloc(b->nelems + 1, sizeof(*nin));
	nout = calloc(b->nelems + 1, sizeof(*nout));
	if (!chosen || !nin || !nout || used_ports(b, &uin, &uout)) {
		kc_oom(F->P);
		goto out;
	}
	for (i = 0; i < b->nelems; i++)
		if (expand_elem(F, &b->elems[i], prefix, env, depth, uin[i],
				uout[i], &chosen[i], &nin[i], &nout[i]))
			goto out;
	for (i = 0; i < b->nhooks; i++) {
		const struct phook *h = &b->hooks[i];
		struct fedge *ed;

		if (check_hook_ports(F, b, h, chosen))
			goto out;
		if (F->nedges >= KC_LANG_MAX_LINKS) {
			kc_perr_in(F->P, h->file, h->line, h->col,
				   "too many connections after expanding compounds (limit %d)",
				   KC_LANG_MAX_LINKS);
			goto out;
		}
		if (kc_grow(&F->edges, &F->cedges, F->nedges + 1,
			    sizeof(*F->edges))) {
			kc_oom(F->P);
			goto out;
		}
		ed = &F->edges[F->nedges++];
		/*
		 * A group's inside: its input tunnel is a source, its
		 * output tunnel a destination.
		 */
		ed->from = h->from < 0 ? in_node :
			   h->fgrp ? nin[h->from] : nout[h->from];
		ed->fport = h->fport;
		ed->to = h->to < 0 ? out_node :
			 h->tgrp ? nout[h->to] : nin[h->to];
		ed->tport = h->tport;
		ed->line = h->line;
		ed->col = h->col;
	}
out:
	free(chosen);
	free(nin);
	free(nout);
	free(uin);
	free(uout);
	return F->P->rc;
}

static size_t link_hash(unsigned int a, unsigned int b, unsigned int c,
			unsigned int d)
{
	size_t h = a;

	h = h * 1000003u ^ b;
	h = h * 1000003u ^ c;
	h = h * 1000003u ^ d;
	return h ^ (h >> 15);
}

/* Add a link unless an identical one exists (first one wins). */
static int emit_link(struct flat *F, unsigned int from, unsigned int fport,
		     unsigned int to, unsigned int tport, int line, int col)
{
	struct kc_cfg *cfg = F->cfg;
	struct kc_cfg_link *l;
	size_t i;

	if ((cfg->nlinks + 1) * 2 > F->lset_cap) {
		size_t ncap = F->lset_cap ? F->lset_cap * 2 : 64, k;
		size_t *n = calloc(ncap, sizeof(*n));

		if (!n)
			return kc_oom(F->P);
		for (k = 0; k < cfg->nlinks; k++) {
			l = &cfg->links[k];
			i = link_hash(l->from, l->from_port, l->to, l->to_port);
			for (i &= ncap - 1; n[i]; i = (i + 1) & (ncap - 1))
				;
			n[i] = k + 1;
		}
		free(F->lset);
		F->lset = n;
		F->lset_cap = ncap;
	}
	i = link_hash(from, fport, to, tport) & (F->lset_cap - 1);
	for (; F->lset[i]; i = (i + 1) & (F->lset_cap - 1)) {
		l = &cfg->links[F->lset[i] - 1];
		if (l->from == from && l->from_port == fport && l->to == to &&
		    l->to_port == tport)
			return 0;
	}
	if (cfg->nlinks >= MAX_LINKS_OUT)
		return kc_perr(F->P, line, col,
			    "too many connections after expanding compounds (limit %d)",
			    MAX_LINKS_OUT);
	if (kc_grow(&cfg->links, &F->clinks, cfg->nlinks + 1,
		 sizeof(*cfg->links)))
		return kc_oom(F->P);
	l = &cfg->links[cfg->nlinks++];
	l->from = from;
	l->from_port = fport;
	l->to = to;
	l->to_port = tport;
	l->line = line;
	l->col = col;
	F->lset[i] = cfg->nlinks;
	return 0;
}

static int cmp_tunnel_edge(const void *a, const void *b, void *arg)
{
	const struct fedge *E = arg;
	const struct fedge *x = &E[*(const size_t *)a];
	const struct fedge *y = &E[*(const size_t *)b];

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->fport != y->fport)
		return x->fport < y->fport ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 :
	       *(const size_t *)a > *(const size_t *)b;
}

/* First index in te[0..n) of edges leaving (node, port), or -1. */
static long find_group(const struct fedge *E, const size_t *te, size_t n,
		       unsigned int node, unsigned int port)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct fedge *m = &E[te[mid]];

		if (m->from < node || (m->from == node && m->fport < port))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && E[te[lo]].from == node && E[te[lo]].fport == port)
		return (long)lo;
	return -1;
}

/*
 * Splice connections through compound tunnels: from every edge that leaves
 * a real element, follow tunnel (node, port) pairs to real elements.
 */
static int splice(struct flat *F)
{
	size_t *te = NULL, nt = 0, i, *stack = NULL, work = 0;
	unsigned int *stamp = NULL, gen = 0;
	const struct fedge *E = F->edges;

	te = malloc((F->nedges + 1) * sizeof(*te));
	if (!te)
		return kc_oom(F->P);
	for (i = 0; i < F->nedges; i++)
		if (F->node_elem[E[i].from] < 0)
			te[nt++] = i;
	qsort_r(te, nt, sizeof(*te), cmp_tunnel_edge, (void *)E);
	stamp = calloc(nt + 1, sizeof(*stamp));
	stack = malloc((nt + 1) * sizeof(*stack));
	if (!stamp || !stack) {
		kc_oom(F->P);
		goto out;
	}
	for (i = 0; i < F->nedges && !F->P->rc; i++) {
		const struct fedge *e = &E[i];
		int src = F->node_elem[e->from];
		size_t sp = 0;
		long g;

		if (src < 0)
			continue;
		if (F->node_elem[e->to] >= 0) {
			emit_link(F, src, e->fport, F->node_elem[e->to],
				  e->tport, e->line, e->col);
			continue;
		}
		gen++;
		g = find_group(E, te, nt, e->to, e->tport);
		if (g >= 0) {
			stamp[g] = gen;
			stack[sp++] = g;
		}
		while (sp && !F->P->rc) {
			size_t k = stack[--sp];
			unsigned int node = E[te[k]].from, port = E[te[k]].fport;

			for (; k < nt && E[te[k]].from == node &&
			     E[te[k]].fport == port; k++) {
				const struct fedge *x = &E[te[k]];
				int dst = F->node_elem[x->to];

				if (++work > MAX_SPLICE_WORK) {
					kc_perr(F->P, e->line, e->col,
					     "connections through compounds too complex");
					break;
				}
				if (dst >= 0) {
					if (emit_link(F, src, e->fport, dst,
						      x->tport, e->line,
						      e->col))
						break;
					continue;
				}
				g = find_group(E, te, nt, x->to, x->tport);
				if (g >= 0 && stamp[g] != gen) {
					stamp[g] = gen;
					stack[sp++] = g;
				}
			}
		}
	}
out:
	free(te);
	free(stamp);
	free(stack);
	return F->P->rc;
}

static int cmp_link(const void *a, const void *b)
{
	const struct kc_cfg_link *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->from_port != y->from_port)
		return x->from_port < y->from_port ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->to_port < y->to_port ? -1 : x->to_port > y->to_port;
}

static void flat_free(struct flat *F)
{
	size_t i;

	for (i = 0; i < F->ninst; i++)
		free(F->inst[i]);
	free(F->inst);
	free(F->node_elem);
	free(F->edges);
	free(F->lset);
	kc_map_free(&F->names);
}

/*
 * Flatten the parsed top body into cfg: expand compounds, splice links
 * through their tunnels, sort the links.  Errors go to P.
 */
int kc_flatten(struct parser *P, struct kc_cfg *cfg)
{
	struct env genv = { 0 };
	struct flat F;

	memset(&F, 0, sizeof(F));
	F.P = P;
	F.cfg = cfg;
	genv.body = &P->top;
	/*
	 * Splicing emits inner links first; a canonical order is easier on
	 * readers and golden files.  Links are unique.
	 */
	if (!expand_body(&F, &P->top, "", &genv, -1, -1, 0) &&
	    !splice(&F) && cfg->nlinks)
		qsort(cfg->links, cfg->nlinks, sizeof(*cfg->links), cmp_link);
	flat_free(&F);
	return P->rc;
}

int kc_cfg_format(const struct kc_cfg *cfg, char **out)
{
	struct sbuf b = { 0 };
	size_t i;
	int rc = 0;

	*out = NULL;
	for (i = 0; cfg && i < cfg->nelems && !rc; i++) {
		const struct kc_cfg_elem *e = &cfg->elems[i];
		const unsigned char *s;

		rc = kc_sb_printf(&b, "elem %s %s \"", e->name, e->cls);
		for (s = (const unsigned char *)e->config; *s && !rc; s++) {
			if (*s == '"' || *s == '\\')
				rc = kc_sb_printf(&b, "\\%c", *s);
			else if (*s == '\n')
				rc = kc_sb_printf(&b, "\\n");
			else if (*s == '\t')
				rc = kc_sb_printf(&b, "\\t");
			else if (*s < 0x20 || *s >= 0x7f)
				rc = kc_sb_printf(&b, "\\x%02x", *s);
			else
				rc = kc_sb_putc(&b, *s);
		}
		if (!rc)
			rc = kc_sb_printf(&b, "\"\n");
	}
	for (i = 0; cfg && i < cfg->nlinks && !rc; i++) {
		const struct kc_cfg_link *l = &cfg->links[i];

		rc = kc_sb_printf(&b, "link %s[%u] -> [%u] %s\n",
			       cfg->elems[l->from].name, l->from_port,
			       l->to_port, cfg->elems[l->to].name);
	}
	if (!rc && !b.s)
		rc = kc_sb_putn(&b, "", 0);
	if (rc) {
		free(b.s);
		return -ENOMEM;
	}
	*out = b.s;
	return 0;
}
