// SPDX-License-Identifier: LGPL-2.1
/*
 * The Click language parser: statements, declarations and connections, and
 * the public entry points kc_cfg_parse() and kc_cfg_parse_file().  See
 * lang_int.h for how the front end fits together.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"

/*
 * Helpers called from the parser's recursion (compounds and groups nest
 * through parse_connection) stay out of line, so their locals are not in
 * every recursing frame (docs/limits.md: the front end's stack).
 */
#define KC_COLD __attribute__((noinline))

static void body_free(struct body *b)
{
	size_t i;

	for (i = 0; i < b->nelems; i++) {
		free(b->elems[i].name);
		free(b->elems[i].cls);
		free(b->elems[i].config);
	}
	free(b->elems);
	free(b->hooks);
	for (i = 0; i < b->nvars; i++) {
		free(b->vars[i].name);
		free(b->vars[i].value);
		free(b->vars[i].keyword);
	}
	free(b->vars);
	kc_map_free(&b->names);
	kc_map_free(&b->varmap);
}

static void parser_free(struct parser *P)
{
	struct compound *c, *next;

	for (c = P->all; c; c = next) {
		next = c->next;
		body_free(&c->body);
		free(c->name);
		free(c->fallback);
		free(c);
	}
	kc_classes_truncate(P, 0);
	free(P->classes);
	body_free(&P->top);
	while (P->nfiles)
		free(P->files[--P->nfiles]);
	free(P->files);
}

/* Add an element to the current body; takes ownership of the strings. */
static int add_elem(struct parser *P, char *name, char *cls,
		    struct compound *comp, char *config, int line, int col,
		    int *idx)
{
	struct body *b = P->scope->body;
	struct pelem *e;

	if (!cls || !config)
		goto nomem;
	if (P->total_elems >= KC_LANG_MAX_ELEMENTS) {
		kc_perr(P, line, col, "too many elements (limit %d)",
			KC_LANG_MAX_ELEMENTS);
		goto fail;
	}
	if (kc_grow(&b->elems, &b->celems, b->nelems + 1, sizeof(*b->elems)))
		goto nomem;
	if (name && kc_map_put(&b->names, name, (int)b->nelems))
		goto nomem;
	e = &b->elems[b->nelems];
	memset(e, 0, sizeof(*e));
	*idx = (int)b->nelems++;
	P->total_elems++;
	e->name = name;
	e->cls = cls;
	e->comp = comp;
	e->config = config;
	e->file = P->file;
	e->line = line;
	e->col = col;
	e->slot = ++b->nslots;
	return 0;
nomem:
	kc_oom(P);
fail:
	free(name);
	free(cls);
	free(config);
	return P->rc;
}

static bool is_pseudo(const struct tok *t, const char **which)
{
	if (t->len == 5 && !memcmp(t->s, "input", 5))
		*which = "input";
	else if (t->len == 6 && !memcmp(t->s, "output", 6))
		*which = "output";
	else
		return false;
	return true;
}

int kc_check_name(struct parser *P, const struct tok *t, const char *what)
{
	char tmp[200];

	if (is_digit((unsigned char)t->s[0]))
		return kc_perr(P, t->line, t->col, "invalid %s '%s'", what,
			       kc_show(tmp, sizeof(tmp), t->s, t->len));
	return 0;
}

/* The class an identifier names: a compound, a synonym, or a primitive. */
static KC_COLD int class_of(struct parser *P, const struct tok *t, char **cls,
		    struct compound **comp)
{
	const struct classdef *cd;

	*comp = NULL;
	if (kc_check_name(P, t, "element class name"))
		return P->rc;
	cd = kc_find_class(P, t->s, t->len);
	if (cd && cd->comp) {
		*comp = cd->comp;
		*cls = kc_strndup(t->s, t->len);
	} else if (cd) {
		*cls = strdup(cd->alias);
	} else {
		*cls = kc_strndup(t->s, t->len);
	}
	return *cls ? 0 : kc_oom(P);
}

/*
 * Parse a class reference (identifier or '{' compound) and an optional
 * "(config)".  Fills *cls, *comp, *config (owned by the caller).
 */
static KC_COLD int parse_class(struct parser *P, const struct tok *t, char **cls,
		       struct compound **comp, char **config)
{
	struct tok n;

	*cls = *config = NULL;
	*comp = NULL;
	if (t->type == T_LBRACE) {
		if (kc_parse_compound(P, NULL, t, comp))
			return P->rc;
		*cls = strdup("");
		if (!*cls)
			return kc_oom(P);
	} else if (class_of(P, t, cls, comp)) {
		return P->rc;
	}
	if (kc_lex(P, &n))
		return P->rc;
	if (n.type == T_LPAREN)
		return kc_lex_config(P, n.line, n.col, config);
	kc_unlex(P, &n);
	*config = strdup("");
	return *config ? 0 : kc_oom(P);
}

/* ---- connections ------------------------------------------------------- */

/*
 * A port list "[0, 2-4]" on one side of an element reference.  exp: the
 * list ends in ',' or is "[]", so it continues as far as the connection
 * needs ("[3,]" is 3, 4, 5, ...).  implicit: a group's own port list.
 */
struct ports {
	int *v;
	size_t n, cap;
	bool written, exp, implicit;
	int line, col;
};

enum { REF_NAME, REF_DECL, REF_ANON, REF_PSEUDO, REF_GROUP };

/* One element reference in a connection, until its list is resolved. */
struct eref {
	int kind;
	struct tok name;	/* REF_NAME, REF_DECL */
	char *cls, *config;	/* REF_DECL, REF_ANON (owned until added) */
	struct compound *comp;
	int idx;		/* body element or PSEUDO_IN/OUT, once known */
	bool grp;		/* idx is a group and this is its inside */
	char pseudo;		/* 'i' input, 'o' output, 0 */
	int line, col;
	struct ports in, out;
};

struct eset {
	struct eref *v;
	size_t n, cap;
};

static void ports_free(struct ports *pp)
{
	free(pp->v);
	memset(pp, 0, sizeof(*pp));
}

static void set_free(struct eset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].cls);
		free(s->v[i].config);
		ports_free(&s->v[i].in);
		ports_free(&s->v[i].out);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int push_port(struct parser *P, struct ports *pp, unsigned long port,
		     const struct tok *t)
{
	if (port > KC_LANG_MAX_PORT)
		return kc_perr(P, t->line, t->col,
			       "port number out of range (maximum %d)",
			       KC_LANG_MAX_PORT);
	if (pp->n >= KC_LANG_MAX_PORTLIST)
		return kc_perr(P, t->line, t->col,
			       "port list longer than %d ports",
			       KC_LANG_MAX_PORTLIST);
	if (kc_grow(&pp->v, &pp->cap, pp->n + 1, sizeof(*pp->v)))
		return kc_oom(P);
	pp->v[pp->n++] = (int)port;
	return 0;
}

static int port_number(struct parser *P, const struct tok *t,
		       unsigned long *port)
{
	unsigned long v = 0;
	size_t i;

	if (t->type != T_IDENT)
		return kc_syntax_error(P, t, "port number");
	for (i = 0; i < t->len; i++) {
		if (!is_digit((unsigned char)t->s[i]))
			return kc_syntax_error(P, t, "port number");
		if (v <= KC_LANG_MAX_PORT)
			v = v * 10 + (t->s[i] - '0');
	}
	if (v > KC_LANG_MAX_PORT)
		return kc_perr(P, t->line, t->col,
			       "port number out of range (maximum %d)",
			       KC_LANG_MAX_PORT);
	*port = v;
	return 0;
}

/* "[p, q-r, ...]" if there is a '['; replaces what pp held. */
static KC_COLD int parse_ports(struct parser *P, struct ports *pp)
{
	unsigned long port = 0, last = 0;
	bool dash = false;
	struct tok t;

	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_LBRACK) {
		kc_unlex(P, &t);
		return 0;
	}
	pp->n = 0;
	pp->written = true;
	pp->exp = pp->implicit = false;
	pp->line = t.line;
	pp->col = t.col;
	for (;;) {
		if (kc_lex(P, &t))
			return P->rc;
		if (t.type == T_RBRACK) {
			/* "[]" or "[n,]": as many as the connection needs */
			if (dash)
				return kc_syntax_error(P, &t, "port number");
			if (!pp->n && push_port(P, pp, 0, &t))
				return P->rc;
			pp->exp = true;
			return 0;
		}
		if (port_number(P, &t, &port))
			return P->rc;
		if (dash) {
			if (port <= last)
				return kc_perr(P, t.line, t.col,
					       "port range %lu-%lu is empty",
					       last, port);
			while (last < port)
				if (push_port(P, pp, ++last, &t))
					return P->rc;
			dash = false;
		} else {
			if (push_port(P, pp, port, &t))
				return P->rc;
			last = port;
		}
		if (kc_lex(P, &t))
			return P->rc;
		if (t.type == T_RBRACK)
			return 0;
		if (t.type == T_OTHER && *t.s == '-' && !dash)
			dash = true;
		else if (t.type != T_COMMA)
			return kc_syntax_error(P, &t, "',' or ']'");
	}
}

/* Check a declared name before its class, so errors point at the name. */
static KC_COLD int check_decl_name(struct parser *P, const struct tok *nt)
{
	const struct body *b = P->scope->body;
	const char *pseudo;
	char tmp[200];
	int pos;

	kc_show(tmp, sizeof(tmp), nt->s, nt->len);
	if (kc_check_name(P, nt, "element name"))
		return P->rc;
	if (is_pseudo(nt, &pseudo)) {
		if (!P->scope->comp && P->scope->group < 0)
			return kc_perr(P, nt->line, nt->col,
				       "'%s' used outside elementclass",
				       pseudo);
		return kc_perr(P, nt->line, nt->col,
			       "redeclaration of pseudoelement '%s'", pseudo);
	}
	if (kc_find_class(P, nt->s, nt->len))
		return kc_perr(P, nt->line, nt->col,
			       "'%s' is an element class, not an element name",
			       tmp);
	if (kc_map_getn(&b->names, nt->s, nt->len, &pos)) {
		const struct pelem *o = &b->elems[pos];

		if (o->group)
			return kc_perr(P, nt->line, nt->col,
				       "redeclaration of element '%s'", tmp);
		return kc_perr(P, nt->line, nt->col,
			       "redeclaration of element '%s' (first declared at %s:%d:%d)",
			       tmp, o->file, o->line, o->col);
	}
	return 0;
}

/* 'input' / 'output' here: a compound's pseudoelement or a group's. */
static KC_COLD int set_pseudo(struct parser *P, struct eref *r, char which,
		      const struct tok *t)
{
	r->kind = REF_PSEUDO;
	r->pseudo = which;
	if (P->scope->group >= 0) {
		r->idx = P->scope->group;
		r->grp = true;
	} else if (P->scope->comp) {
		r->idx = which == 'i' ? PSEUDO_IN : PSEUDO_OUT;
	} else {
		return kc_perr(P, t->line, t->col,
			       "'%s' used outside elementclass",
			       which == 'i' ? "input" : "output");
	}
	return 0;
}

static KC_COLD int parse_group(struct parser *P, const struct tok *lp,
		       struct eref *r);

/*
 * Inside a compound or group a missing element at the start of a
 * connection is 'input' ("[1] -> x", "-> x"), at the end 'output'
 * ("x -> [1] ;", "x -> }"), as in Click.  t is the token where the element
 * was expected; pos the reference's place in its list.
 */
static KC_COLD bool implicit_pseudo(struct parser *P, const struct eref *r,
			    const struct tok *t, bool first, size_t pos,
			    char *which)
{
	bool arrow = t->type == T_ARROW || t->type == T_2ARROW;

	if (!P->scope->comp && P->scope->group < 0)
		return false;
	if (arrow) {
		*which = 'i';
		return first && (r->in.written || !pos);
	}
	if (t->type == T_COMMA) {
		*which = first ? 'i' : 'o';
		return r->in.written;
	}
	*which = 'o';
	return t->type != T_2COLON && !first && (r->in.written || !pos);
}

/*
 * One element reference: "[p] name", "[p] name :: Class(config) [q]",
 * "Class(config)", "{ compound }", "( group )", 'input'/'output' (written
 * or implicit).  *got is false (token pushed back) if there is none.
 */
static int parse_ref(struct parser *P, bool first, size_t pos,
		     struct eref *r, bool *got)
{
	const char *pseudo;
	struct tok t, n;
	char which;

	*got = false;
	memset(r, 0, sizeof(*r));
	r->idx = NO_ELEM;
	if (parse_ports(P, &r->in) || kc_lex(P, &t))
		return P->rc;
	r->line = t.line;
	r->col = t.col;
	switch (t.type) {
	case T_IDENT:
		*got = true;
		if (kc_lex(P, &n))
			return P->rc;
		if (is_pseudo(&t, &pseudo) && n.type != T_2COLON) {
			if (n.type == T_LPAREN)
				return kc_perr(P, n.line, n.col,
					       "pseudoelement '%s' takes no configuration",
					       pseudo);
			kc_unlex(P, &n);
			if (set_pseudo(P, r, *pseudo, &t))
				return P->rc;
			break;
		}
		r->name = t;
		if (n.type == T_2COLON) {
			r->kind = REF_DECL;
			if (check_decl_name(P, &t) || kc_lex(P, &n))
				return P->rc;
			if (n.type != T_IDENT && n.type != T_LBRACE)
				return kc_syntax_error(P, &n, "element class");
			if (parse_class(P, &n, &r->cls, &r->comp, &r->config))
				return P->rc;
			break;
		}
		kc_unlex(P, &n);
		if (n.type == T_LPAREN) {
			r->kind = REF_ANON;
			if (parse_class(P, &t, &r->cls, &r->comp, &r->config))
				return P->rc;
		} else {
			r->kind = REF_NAME;
		}
		break;
	case T_LBRACE:
		*got = true;
		r->kind = REF_ANON;
		if (parse_class(P, &t, &r->cls, &r->comp, &r->config))
			return P->rc;
		break;
	case T_LPAREN:
		*got = true;
		if (parse_group(P, &t, r))
			return P->rc;
		break;
	default:
		kc_unlex(P, &t);
		if (!implicit_pseudo(P, r, &t, first, pos, &which)) {
			if (r->in.written)
				return kc_perr(P, r->in.line, r->in.col,
					       "port with no element");
			return 0;
		}
		*got = true;
		if (set_pseudo(P, r, which, &t))
			return P->rc;
		if (which == 'i') {	/* "[1] ->": output 1 of 'input' */
			r->out = r->in;
			memset(&r->in, 0, sizeof(r->in));
		}
		return 0;
	}
	if (kc_lex(P, &n))
		return P->rc;
	kc_unlex(P, &n);
	if (n.type == T_LBRACK)
		return parse_ports(P, &r->out);
	return 0;
}

/* Make a reference an element of the body (Click's rules for names). */
static KC_COLD int resolve_ref(struct parser *P, struct eref *r)
{
	struct body *b = P->scope->body;
	char *cls;
	struct compound *comp;

	switch (r->kind) {
	case REF_NAME:
		/*
		 * A declared element, unless the name is a class; a name that
		 * is neither is an anonymous element of that (primitive)
		 * class.
		 */
		if (!kc_find_class(P, r->name.s, r->name.len) &&
		    kc_map_getn(&b->names, r->name.s, r->name.len, &r->idx))
			return 0;
		if (class_of(P, &r->name, &cls, &comp))
			return P->rc;
		return add_elem(P, NULL, cls, comp, strdup(""), r->line, r->col,
				&r->idx);
	case REF_DECL:
		/* Again: "a, a :: A" declares a twice. */
		if (check_decl_name(P, &r->name))
			return P->rc;
		cls = r->cls;
		r->cls = NULL;
		add_elem(P, kc_strndup(r->name.s, r->name.len), cls, r->comp,
			 r->config, r->line, r->col, &r->idx);
		r->config = NULL;
		return P->rc;
	case REF_ANON:
		cls = r->cls;
		r->cls = NULL;
		add_elem(P, NULL, cls, r->comp, r->config, r->line, r->col,
			 &r->idx);
		r->config = NULL;
		return P->rc;
	}
	return 0;
}

/*
 * A comma-separated list of references, resolved.  "a, b, c :: C" alone
 * (no ports, no connection) declares all three, as in Click; in a
 * connection "a, b :: C -> x" declares only b.
 */
static int parse_set(struct parser *P, bool first, struct eset *set)
{
	bool got, ports = false, spread;
	struct tok t;
	size_t i;

	for (;;) {
		if (kc_grow(&set->v, &set->cap, set->n + 1, sizeof(*set->v)))
			return kc_oom(P);
		/* Counted at once, so set_free() frees a half-parsed one. */
		set->n++;
		if (parse_ref(P, first, set->n - 1, &set->v[set->n - 1], &got))
			return P->rc;
		if (!got) {
			if (kc_lex(P, &t))
				return P->rc;
			return kc_syntax_error(P, &t, "element");
		}
		if (kc_lex(P, &t))
			return P->rc;
		if (t.type != T_COMMA)
			break;
	}
	kc_unlex(P, &t);
	for (i = 0; i < set->n; i++)
		if (set->v[i].in.written || set->v[i].out.written ||
		    set->v[i].kind == REF_PSEUDO || set->v[i].kind == REF_GROUP)
			ports = true;
	spread = set->n > 1 && first && !ports && t.type != T_ARROW &&
		 t.type != T_2ARROW && set->v[set->n - 1].kind == REF_DECL;
	for (i = 0; spread && i + 1 < set->n; i++)
		if (set->v[i].kind != REF_NAME)
			spread = false;
	for (i = 0; spread && i + 1 < set->n; i++) {
		const struct eref *last = &set->v[set->n - 1];
		struct eref *r = &set->v[i];

		r->kind = REF_DECL;
		r->comp = last->comp;
		r->cls = strdup(last->cls);
		r->config = strdup(last->config);
		if (!r->cls || !r->config)
			return kc_oom(P);
	}
	for (i = 0; i < set->n; i++)
		if (resolve_ref(P, &set->v[i]))
			return P->rc;
	return 0;
}

static int add_hook(struct parser *P, const struct eref *f, int fport,
		    const struct eref *t, int tport, const struct tok *arrow)
{
	struct body *b = P->scope->body;
	struct phook *h;

	if (f->pseudo == 'o')
		return kc_perr(P, f->line, f->col,
			       "pseudoelement 'output' used as a connection source");
	if (t->pseudo == 'i')
		return kc_perr(P, t->line, t->col,
			       "pseudoelement 'input' used as a connection destination");
	if (P->total_hooks >= KC_LANG_MAX_LINKS)
		return kc_perr(P, arrow->line, arrow->col,
			       "too many connections (limit %d)",
			       KC_LANG_MAX_LINKS);
	if (kc_grow(&b->hooks, &b->chooks, b->nhooks + 1, sizeof(*b->hooks)))
		return kc_oom(P);
	h = &b->hooks[b->nhooks++];
	P->total_hooks++;
	memset(h, 0, sizeof(*h));
	h->from = f->idx;
	h->fgrp = f->grp;
	h->fport = fport;
	h->to = t->idx;
	h->tgrp = t->grp;
	h->tport = tport;
	h->file = P->file;
	h->line = arrow->line;
	h->col = arrow->col;
	h->fline = f->line;
	h->fcol = f->col;
	h->tline = t->line;
	h->tcol = t->col;
	return 0;
}

/* One side of a connection: its references and their port lists. */
struct side {
	struct eset *set;
	bool out;		/* the outputs (left) side */
	size_t min;		/* ports listed (a missing list counts 1) */
	long exp;		/* reference with an open list, or -1 */
	size_t extra;		/* ports the open list adds */
	/* iteration */
	size_t ref, pos;
};

static struct ports *side_ports(const struct side *s, size_t i)
{
	return s->out ? &s->set->v[i].out : &s->set->v[i].in;
}

static void side_scan(struct side *s)
{
	size_t i;

	s->min = 0;
	s->exp = -1;
	for (i = 0; i < s->set->n; i++) {
		const struct ports *pp = side_ports(s, i);

		s->min += pp->written ? pp->n : 1;
		if (pp->exp)
			s->exp = (long)i;
	}
}

/* Number of ports reference i contributes, and its k-th port. */
static size_t side_count(const struct side *s, size_t i)
{
	const struct ports *pp = side_ports(s, i);
	size_t n = pp->written ? pp->n : 1;

	return (long)i == s->exp ? n + s->extra : n;
}

static int side_port(const struct side *s, size_t i, size_t k)
{
	const struct ports *pp = side_ports(s, i);

	if (!pp->written)
		return (int)k;	/* 0, or 1, 2, ... if "=>" opened it */
	if (k < pp->n)
		return pp->v[k];
	return pp->v[pp->n - 1] + (int)(k - pp->n + 1);
}

/* Advance to the next (reference, port); false at the end. */
static bool side_next(struct side *s)
{
	if (++s->pos < side_count(s, s->ref))
		return true;
	s->pos = 0;
	return ++s->ref < s->set->n;
}

/*
 * Connect the outputs of from to the inputs of to, Click's way: one to
 * one, one to many, many to one, or ("=>") many to many in order, where a
 * list left open ("[2,]", "[]") or a lone element without ports across
 * "=>" stretches to match the other side.
 */
static KC_COLD int connect_sets(struct parser *P, struct eset *from, struct eset *to,
			const struct tok *arrow)
{
	struct side s[2] = {
		{ .set = from, .out = true }, { .set = to, .out = false },
	};
	bool step[2], many = arrow->type == T_2ARROW;
	int k;

	side_scan(&s[0]);
	side_scan(&s[1]);
	if (s[0].exp >= 0 && s[1].exp >= 0)
		return kc_perr(P, arrow->line, arrow->col,
			       "at most one open port list ('[n,]') per connection");
	for (k = 0; k < 2 && many; k++)
		if (s[k].set->n == 1 && !side_ports(&s[k], 0)->written &&
		    s[k].min == 1 && s[!k].min > 1)
			s[k].exp = 0;
	for (k = 0; k < 2; k++) {
		step[k] = s[k].min > 1 || s[k].exp >= 0;
		if (s[k].exp >= 0 && s[!k].min > s[k].min)
			s[k].extra = s[!k].min - s[k].min;
	}
	if (step[0] && step[1]) {
		if (!many)
			return kc_perr(P, arrow->line, arrow->col,
				       "many-to-many connections require '=>'");
		if (s[0].min + s[0].extra != s[1].min + s[1].extra)
			return kc_perr(P, arrow->line, arrow->col,
				       "connection mismatch: %zu%s outputs connected to %zu%s inputs",
				       s[0].min, s[0].exp >= 0 ? " or more" : "",
				       s[1].min, s[1].exp >= 0 ? " or more" : "");
	}
	for (k = 0; k < 2; k++)
		if (s[k].exp >= 0 &&
		    side_port(&s[k], s[k].exp, side_count(&s[k], s[k].exp) - 1) >
		    KC_LANG_MAX_PORT)
			return kc_perr(P, arrow->line, arrow->col,
				       "port number out of range (maximum %d)",
				       KC_LANG_MAX_PORT);
	for (;;) {
		if (add_hook(P, &from->v[s[0].ref],
			     side_port(&s[0], s[0].ref, s[0].pos),
			     &to->v[s[1].ref],
			     side_port(&s[1], s[1].ref, s[1].pos), arrow))
			return P->rc;
		if (step[0] && step[1]) {
			if (!side_next(&s[0]) || !side_next(&s[1]))
				return 0;
		} else if (!side_next(&s[step[0] ? 0 : 1])) {
			return 0;
		}
	}
}

static KC_COLD int check_useless(struct parser *P, const struct eset *set, bool out)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct ports *pp = out ? &set->v[i].out : &set->v[i].in;

		if (pp->written && !pp->implicit)
			return kc_perr(P, pp->line, pp->col, out ?
				       "output port useless at end of chain" :
				       "input port useless at start of chain");
	}
	return 0;
}

/*
 * "x [p] -> [q] y -> ...", each end a list, each arrow "->" or "=>",
 * ending at ';' or where the next statement obviously begins.
 */
static int parse_connection(struct parser *P)
{
	struct eset prev = { 0 }, cur = { 0 };
	struct tok arrow = { 0 }, t;
	bool first = true;

	for (;;) {
		if (parse_set(P, first, &cur))
			break;
		if (first ? check_useless(P, &cur, false) :
			    connect_sets(P, &prev, &cur, &arrow))
			break;
		set_free(&prev);
		prev = cur;
		memset(&cur, 0, sizeof(cur));
		if (kc_lex(P, &t))
			break;
		if (t.type == T_ARROW || t.type == T_2ARROW) {
			arrow = t;
			first = false;
			continue;
		}
		switch (t.type) {
		case T_EOF:
		case T_RBRACE:
		case T_RPAREN:
		case T_2BAR:
		case T_IDENT:
		case T_LBRACE:
		case T_LBRACK:
		case T_ELEMENTCLASS:
		case T_REQUIRE:
		case T_DEFINE:
			/*
			 * Click: newlines are whitespace, so a statement
			 * also ends where the next one obviously begins.
			 */
			kc_unlex(P, &t);
			/* fall through */
		case T_SEMI:
			check_useless(P, &prev, true);
			break;
		default:
			kc_syntax_error(P, &t, "'->' or ';'");
			break;
		}
		break;
	}
	set_free(&prev);
	set_free(&cur);
	return P->rc;
}

/*
 * "( statements )": an element group.  No new scope; inside, 'input' and
 * 'output' are the group's ports.  Its port lists default to all its
 * ports in order ("x => ( [0] -> a; [1] -> b )").
 */
static KC_COLD int parse_group(struct parser *P, const struct tok *lp,
		       struct eref *r)
{
	struct body *b = P->scope->body;
	int saved = P->scope->group, g, nin = 0, nout = 0, k;
	unsigned char *in = NULL, *out = NULL;
	size_t hstart = b->nhooks, i;
	struct tok end;

	if (P->depth >= KC_LANG_MAX_DEPTH)
		return kc_perr(P, lp->line, lp->col,
			       "element group nesting too deep (limit %d)",
			       KC_LANG_MAX_DEPTH);
	if (add_elem(P, NULL, strdup(""), NULL, strdup(""), lp->line, lp->col,
		     &g))
		return P->rc;
	b->elems[g].group = true;
	b->nslots += 2;		/* Click counts a group as three elements */
	P->scope->group = g;
	P->depth++;
	kc_parse_statements(P, lp, &end);
	P->depth--;
	P->scope->group = saved;
	if (P->rc)
		return P->rc;
	for (i = hstart; i < b->nhooks; i++) {
		const struct phook *h = &b->hooks[i];

		if (h->from == g && h->fgrp && h->fport >= nin)
			nin = h->fport + 1;
		if (h->to == g && h->tgrp && h->tport >= nout)
			nout = h->tport + 1;
	}
	in = calloc(nin + 1, 1);
	out = calloc(nout + 1, 1);
	if (!in || !out) {
		kc_oom(P);
		goto out;
	}
	for (i = hstart; i < b->nhooks; i++) {
		const struct phook *h = &b->hooks[i];

		if (h->from == g && h->fgrp)
			in[h->fport] = 1;
		if (h->to == g && h->tgrp)
			out[h->tport] = 1;
	}
	for (k = 0; k < nin || k < nout; k++)
		if ((k < nin && !in[k]) || (k < nout && !out[k])) {
			kc_perr(P, lp->line, lp->col,
				"element group %s %d unused",
				k < nin && !in[k] ? "input" : "output", k);
			goto out;
		}
	b = P->scope->body;	/* the statements may have moved it */
	b->elems[g].gin = nin;
	b->elems[g].gout = nout;
	r->kind = REF_GROUP;
	r->idx = g;
	for (k = 0; k < nout; k++)
		if (push_port(P, &r->out, k, lp))
			goto out;
	r->out.written = r->out.implicit = nout > 0;
	if (!r->in.written) {
		for (k = 0; k < nin; k++)
			if (push_port(P, &r->in, k, lp))
				goto out;
		r->in.written = r->in.implicit = nin > 0;
	}
out:
	free(in);
	free(out);
	return P->rc;
}

/* Name a body's anonymous elements. */
int kc_finish_body(struct parser *P, struct body *b)
{
	struct sbuf sb = { 0 };
	size_t i;

	for (i = 0; i < b->nelems; i++) {
		struct pelem *e = &b->elems[i];
		unsigned long n = e->slot;

		if (e->name || e->group)
			continue;
		/*
		 * Click: "Class@N" with N the element's position in its body
		 * (1-based, a group counting three), bumped past names the
		 * user took explicitly.
		 */
		do {
			sb.len = 0;
			if (kc_sb_printf(&sb, "%s@%lu", e->cls, n++))
				goto nomem;
		} while (kc_map_get(&b->names, sb.s, NULL));
		e->name = strdup(sb.s);
		if (!e->name || kc_map_put(&b->names, e->name, (int)i))
			goto nomem;
	}
	free(sb.s);
	return 0;
nomem:
	free(sb.s);
	return kc_oom(P);
}

/* "require(...)": packages are a Click userlevel notion; accept, ignore. */
static int parse_require(struct parser *P)
{
	struct tok t;
	char *text;

	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_LPAREN)
		return kc_syntax_error(P, &t, "'('");
	if (kc_lex_config(P, t.line, t.col, &text))
		return P->rc;
	free(text);
	return 0;
}

int kc_parse_statements(struct parser *P, const struct tok *open,
			struct tok *end)
{
	int closer = !open ? T_EOF : open->type == T_LPAREN ? T_RPAREN :
		     T_RBRACE;
	struct tok t;

	for (;;) {
		if (kc_lex(P, &t))
			return P->rc;
		*end = t;
		switch (t.type) {
		case T_IDENT:
		case T_LBRACK:
		case T_LBRACE:
		case T_LPAREN:
		case T_ARROW:
		case T_2ARROW:
			kc_unlex(P, &t);
			if (parse_connection(P))
				return P->rc;
			break;
		case T_ELEMENTCLASS:
			if (kc_parse_elementclass(P))
				return P->rc;
			break;
		case T_DEFINE:
			if (kc_parse_define(P, &t))
				return P->rc;
			break;
		case T_REQUIRE:
			if (parse_require(P))
				return P->rc;
			break;
		case T_SEMI:
			break;
		case T_2BAR:
			if (closer == T_RBRACE)
				return 0;
			return kc_syntax_error(P, &t, "statement");
		case T_RBRACE:
		case T_RPAREN:
			if (closer == t.type)
				return 0;
			return kc_perr(P, t.line, t.col, "unmatched '%c'",
				       *t.s);
		case T_EOF:
			if (closer != T_EOF)
				return kc_perr(P, open->line, open->col,
					       "unterminated '%c'", *open->s);
			return 0;
		default:
			return kc_syntax_error(P, &t, "statement");
		}
	}
}

void kc_cfg_free(struct kc_cfg *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->nelems; i++) {
		free(cfg->elems[i].name);
		free(cfg->elems[i].cls);
		free(cfg->elems[i].config);
		free(cfg->elems[i].file);
	}
	free(cfg->elems);
	free(cfg->links);
	free(cfg->file);
	free(cfg);
}

const char *kc_cfg_elem_file(const struct kc_cfg *cfg, size_t i)
{
	if (i < cfg->nelems && cfg->elems[i].file)
		return cfg->elems[i].file;
	return cfg->file ? cfg->file : "<config>";
}

int kc_cfg_find(const struct kc_cfg *cfg, const char *name)
{
	size_t i;

	if (!cfg || !name)
		return -1;
	for (i = 0; i < cfg->nelems; i++)
		if (!strcmp(cfg->elems[i].name, name))
			return (int)i;
	return -1;
}

int kc_cfg_parse_defs(const char *text, size_t len, const char *file,
		      const char *const *defs, size_t ndefs,
		      struct kc_cfg **out, struct kc_err *err)
{
	struct parser P;
	struct pscope top = { 0 };
	struct kc_cfg *cfg;
	struct tok end;

	if (out)
		*out = NULL;
	if (!out || (!text && len) || (!defs && ndefs))
		return kc_err_set(err, EINVAL, "%s: bad arguments", __func__);
	if (len > KC_LANG_MAX_FILE)
		return kc_err_set(err, EFBIG, "%s: configuration too large",
				  file ? file : "<config>");
	memset(&P, 0, sizeof(P));
	P.p = text ? text : "";
	P.end = P.p + len;
	P.line = P.col = 1;
	P.file = P.file0 = file ? file : "<config>";
	P.err = err;
	top.body = &P.top;
	top.group = -1;
	P.scope = &top;

	if (!kc_parse_statements(&P, NULL, &end) &&
	    !kc_set_defines(&P, defs, ndefs))
		kc_finish_body(&P, &P.top);
	if (P.rc) {
		parser_free(&P);
		return P.rc;
	}

	cfg = calloc(1, sizeof(*cfg));
	if (cfg)
		cfg->file = strdup(file ? file : "");
	if (!cfg || !cfg->file) {
		free(cfg);
		parser_free(&P);
		return kc_err_set(err, ENOMEM, "out of memory");
	}
	kc_flatten(&P, cfg);
	parser_free(&P);
	if (P.rc) {
		kc_cfg_free(cfg);
		return P.rc;
	}
	*out = cfg;
	return 0;
}

int kc_cfg_parse(const char *text, size_t len, const char *file,
		 struct kc_cfg **out, struct kc_err *err)
{
	return kc_cfg_parse_defs(text, len, file, NULL, 0, out, err);
}

int kc_cfg_is_define(const char *s)
{
	const char *p = s;

	while (is_var((unsigned char)*p))
		p++;
	return p > s && *p == '=';
}

int kc_cfg_parse_file(const char *path, struct kc_cfg **out,
		      struct kc_err *err)
{
	return kc_cfg_parse_file_defs(path, NULL, 0, out, err);
}

int kc_cfg_parse_file_defs(const char *path, const char *const *defs,
			   size_t ndefs, struct kc_cfg **out,
			   struct kc_err *err)
{
	struct sbuf b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	if (out)
		*out = NULL;
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		rc = errno;
		return kc_err_set(err, rc, "cannot open '%s': %s", path,
				  strerror(rc));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > KC_LANG_MAX_FILE) {
			if (f != stdin)
				fclose(f);
			free(b.s);
			return kc_err_set(err, EFBIG, "%s: file too large",
					  path);
		}
		if (kc_sb_putn(&b, chunk, n)) {
			if (f != stdin)
				fclose(f);
			free(b.s);
			return kc_err_set(err, ENOMEM, "out of memory");
		}
	}
	if (ferror(f)) {
		rc = errno ? errno : EIO;
		if (f != stdin)
			fclose(f);
		free(b.s);
		return kc_err_set(err, rc, "cannot read '%s': %s", path,
				  strerror(rc));
	}
	if (f != stdin)
		fclose(f);
	rc = kc_cfg_parse_defs(b.s ? b.s : "", b.len,
			       strcmp(path, "-") ? path : "<stdin>", defs,
			       ndefs, out, err);
	free(b.s);
	return rc;
}
