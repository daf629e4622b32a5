// SPDX-License-Identifier: LGPL-2.1
/*
 * Compound element classes: "elementclass Name { ... }", anonymous
 * "{ ... }" compounds, their formal parameters and ports, and class synonyms.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"


const struct classdef *kc_find_class(const struct parser *P,
					 const char *s, size_t n)
{
	size_t i = P->nclasses;

	while (i--)		/* newest first: inner definitions shadow */
		if (kc_key_eq(P->classes[i].name, s, n))
			return &P->classes[i];
	return NULL;
}

/* Add an element to the current body; takes ownership of the strings. */
void kc_classes_truncate(struct parser *P, size_t n)
{
	while (P->nclasses > n) {
		struct classdef *c = &P->classes[--P->nclasses];

		free(c->name);
		free(c->alias);
	}
}

/* After '{': "$a, KEY $b, __REST__ $c |" or nothing. */
static int parse_formals(struct parser *P, struct compound *c)
{
	bool seen_kw = false, seen_rest = false;
	char *name, *kw;
	struct tok t1, t2, sep;

	for (;;) {
		struct tok *vt;

		if (kc_lex(P, &t1))
			return P->rc;
		kw = NULL;
		if (t1.type == T_BAR && !c->nformals)
			return 0;
		if (t1.type == T_VAR) {
			vt = &t1;
		} else if (t1.type == T_IDENT) {
			if (kc_lex(P, &t2))
				return P->rc;
			if (t2.type != T_VAR) {
				if (c->nformals)
					return kc_syntax_error(P, &t2,
							    "compound parameter");
				/* Not formals: the body's first statement. */
				kc_unlex(P, &t2);
				kc_unlex(P, &t1);
				return 0;
			}
			vt = &t2;
			kw = kc_strndup(t1.s, t1.len);
			if (!kw)
				return kc_oom(P);
		} else {
			if (c->nformals)
				return kc_syntax_error(P, &t1, "compound parameter");
			kc_unlex(P, &t1);
			return 0;
		}
		if (seen_rest || (seen_kw && !kw)) {
			free(kw);
			return kc_perr(P, t1.line, t1.col,
				    "compound parameters out of order (positional, then keywords, then __REST__)");
		}
		if (kw && !strcmp(kw, "__REST__"))
			seen_rest = true;
		else if (kw)
			seen_kw = true;
		name = kc_strndup(vt->s + 1, vt->len - 1);
		if (kc_add_var(P, &c->body, name, NULL, kw, vt->line, vt->col))
			return P->rc;
		c->nformals++;
		if (kc_lex(P, &sep))
			return P->rc;
		if (sep.type == T_BAR)
			return 0;
		if (sep.type != T_COMMA)
			return kc_syntax_error(P, &sep, "',' or '|'");
	}
}


static int finish_compound(struct parser *P, struct compound *c)
{
	unsigned char *in = NULL, *out = NULL;
	const char *name = *c->name ? c->name : "<anonymous>";
	size_t i;
	int k;

	for (i = 0; i < c->body.nhooks; i++) {
		const struct phook *h = &c->body.hooks[i];

		if (h->from == PSEUDO_IN && h->fport >= c->ninputs)
			c->ninputs = h->fport + 1;
		if (h->to == PSEUDO_OUT && h->tport >= c->noutputs)
			c->noutputs = h->tport + 1;
	}
	in = calloc(c->ninputs + 1, 1);
	out = calloc(c->noutputs + 1, 1);
	if (!in || !out) {
		kc_oom(P);
		goto out;
	}
	for (i = 0; i < c->body.nhooks; i++) {
		const struct phook *h = &c->body.hooks[i];

		if (h->from == PSEUDO_IN)
			in[h->fport] = 1;
		if (h->to == PSEUDO_OUT)
			out[h->tport] = 1;
	}
	/* Click rejects gaps: every port below the highest must be used. */
	for (k = 0; k < c->ninputs; k++)
		if (!in[k]) {
			kc_perr(P, c->line, c->col,
			     "compound '%s' input %d unused", name, k);
			goto out;
		}
	for (k = 0; k < c->noutputs; k++)
		if (!out[k]) {
			kc_perr(P, c->line, c->col,
			     "compound '%s' output %d unused", name, k);
			goto out;
		}
	kc_finish_body(P, &c->body);
out:
	free(in);
	free(out);
	return P->rc;
}

/* After '{' (lbrace); name is NULL for an anonymous compound. */
/* One alternative of a compound: formals and statements up to '}'/"||". */
static int parse_alternative(struct parser *P, const struct tok *name,
			     const struct tok *lbrace, struct compound **out,
			     struct tok *end)
{
	struct pscope sc;
	struct compound *c;
	size_t saved = P->nclasses;

	*out = NULL;
	if (P->total_comps >= MAX_COMPOUNDS)
		return kc_perr(P, lbrace->line, lbrace->col,
			       "too many compound element definitions (limit %d)",
			       MAX_COMPOUNDS);
	c = calloc(1, sizeof(*c));
	if (!c)
		return kc_oom(P);
	P->total_comps++;
	c->next = P->all;	/* owned by P from here on */
	P->all = c;
	c->name = name ? kc_strndup(name->s, name->len) : strdup("");
	if (!c->name)
		return kc_oom(P);
	c->line = name ? name->line : lbrace->line;
	c->col = name ? name->col : lbrace->col;
	c->depth = P->depth;

	sc.parent = P->scope;
	sc.body = &c->body;
	sc.comp = c;
	sc.group = -1;
	P->scope = &sc;
	P->depth++;
	if (!parse_formals(P, c))
		kc_parse_statements(P, lbrace, end);
	P->depth--;
	P->scope = sc.parent;
	/* Classes defined inside the body are local to it. */
	kc_classes_truncate(P, saved);
	if (P->rc || finish_compound(P, c))
		return P->rc;
	*out = c;
	return 0;
}

/*
 * "|| ..." at the end of elementclass name: the alternatives fall back to
 * what name meant before (a compound's alternatives, or a primitive).
 */
static int extend_class(struct parser *P, const struct tok *name,
			const struct tok *dots, struct compound *tail)
{
	const struct classdef *cd;
	struct tok t;

	if (!name)
		return kc_perr(P, dots->line, dots->col,
			       "'...' extends a named element class only");
	cd = kc_find_class(P, name->s, name->len);
	if (cd && cd->comp)
		tail->overload = cd->comp;
	else
		tail->fallback = cd ? strdup(cd->alias) :
				 kc_strndup(name->s, name->len);
	if (!tail->overload && !tail->fallback)
		return kc_oom(P);
	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_RBRACE)
		return kc_syntax_error(P, &t, "'}' after '...'");
	return 0;
}

/* After '{' (lbrace): alternatives separated by "||"; *out the first. */
int kc_parse_compound(struct parser *P, const struct tok *name,
		      const struct tok *lbrace, struct compound **out)
{
	struct compound *head = NULL, *tail = NULL, *c, *x;
	struct tok end, t;
	int n = 0;

	*out = NULL;
	if (P->depth >= KC_LANG_MAX_DEPTH)
		return kc_perr(P, lbrace->line, lbrace->col,
			       "elementclass nesting too deep (limit %d)",
			       KC_LANG_MAX_DEPTH);
	for (;;) {
		if (parse_alternative(P, name, lbrace, &c, &end))
			return P->rc;
		if (tail)
			tail->overload = c;
		else
			head = c;
		tail = c;
		if (end.type == T_RBRACE)
			break;
		if (kc_lex(P, &t))
			return P->rc;
		if (t.type == T_3DOT) {
			if (extend_class(P, name, &t, tail))
				return P->rc;
			break;
		}
		kc_unlex(P, &t);
	}
	/* Walk the chain once, bounded: it may continue into older ones. */
	for (x = head; x; x = x->overload)
		if (++n > KC_LANG_MAX_OVERLOADS)
			return kc_perr(P, lbrace->line, lbrace->col,
				       "more than %d overloaded definitions of '%s'",
				       KC_LANG_MAX_OVERLOADS,
				       *head->name ? head->name : "<anonymous>");
	for (x = head; x; x = x->overload)
		x->nalts = n--;
	*out = head;
	return 0;
}

static int add_class(struct parser *P, const struct tok *name,
		     struct compound *comp, char *alias)
{
	struct classdef *cd;

	if (P->total_classes >= MAX_CLASSES) {
		free(alias);
		return kc_perr(P, name->line, name->col,
			    "too many element classes (limit %d)", MAX_CLASSES);
	}
	if (kc_grow(&P->classes, &P->cclasses, P->nclasses + 1,
		 sizeof(*P->classes))) {
		free(alias);
		return kc_oom(P);
	}
	cd = &P->classes[P->nclasses];
	cd->name = kc_strndup(name->s, name->len);
	cd->comp = comp;
	cd->alias = alias;
	if (!cd->name || (!comp && !alias)) {
		free(cd->name);
		free(alias);
		return kc_oom(P);
	}
	P->nclasses++;
	P->total_classes++;
	return 0;
}

/* "elementclass Name { ... }" or "elementclass Name Other". */
int kc_parse_elementclass(struct parser *P)
{
	const struct classdef *cd;
	struct compound *c;
	struct tok name, t;

	if (kc_lex(P, &name))
		return P->rc;
	if (name.type != T_IDENT)
		return kc_syntax_error(P, &name, "element class name");
	if (kc_check_name(P, &name, "element class name"))
		return P->rc;
	if (kc_lex(P, &t))
		return P->rc;
	if (t.type == T_LBRACE) {
		if (kc_parse_compound(P, &name, &t, &c))
			return P->rc;
		return add_class(P, &name, c, NULL);
	}
	if (t.type != T_IDENT)
		return kc_syntax_error(P, &t, "'{' or element class name");
	if (kc_check_name(P, &t, "element class name"))
		return P->rc;
	/*
	 * A synonym resolves now, like Click, so later shadowing of the
	 * target doesn't change it.
	 */
	cd = kc_find_class(P, t.s, t.len);
	if (cd && cd->comp)
		return add_class(P, &name, cd->comp, NULL);
	return add_class(P, &name, NULL,
			 cd ? strdup(cd->alias) : kc_strndup(t.s, t.len));
}
