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
		free(c);
	}
	kc_classes_truncate(P, 0);
	free(P->classes);
	body_free(&P->top);
}

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
	*idx = (int)b->nelems++;
	P->total_elems++;
	e->name = name;
	e->cls = cls;
	e->comp = comp;
	e->config = config;
	e->line = line;
	e->col = col;
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

/*
 * Parse a class reference (identifier or '{' compound) and an optional
 * "(config)".  Fills *cls, *comp, *config (owned by the caller).
 */
static int parse_class(struct parser *P, const struct tok *t, char **cls,
		       struct compound **comp, char **config)
{
	const struct classdef *cd;
	struct tok n;

	*cls = *config = NULL;
	*comp = NULL;
	if (t->type == T_LBRACE) {
		if (kc_parse_compound(P, NULL, t, comp))
			return P->rc;
		*cls = strdup("");
	} else {
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
	}
	if (!*cls)
		return kc_oom(P);
	if (kc_lex(P, &n))
		return P->rc;
	if (n.type == T_LPAREN)
		return kc_lex_config(P, n.line, n.col, true, config);
	kc_unlex(P, &n);
	*config = strdup("");
	return *config ? 0 : kc_oom(P);
}

/* "a, b, c :: Class(config)"; first is the already-read first name. */
static int parse_decl(struct parser *P, const struct tok *first, int *idx)
{
	struct body *b = P->scope->body;
	struct tok *names = NULL, t;
	size_t n = 0, cap = 0, i;
	struct compound *comp;
	char *cls = NULL, *config = NULL, tmp[200];
	const char *pseudo;
	int pos;

	t = *first;
	for (;;) {
		if (t.type != T_IDENT) {
			kc_syntax_error(P, &t, "element name");
			goto out;
		}
		if (kc_grow(&names, &cap, n + 1, sizeof(*names))) {
			kc_oom(P);
			goto out;
		}
		names[n++] = t;
		if (kc_lex(P, &t))
			goto out;
		if (t.type == T_2COLON)
			break;
		if (t.type != T_COMMA) {
			kc_syntax_error(P, &t, "'::' or ','");
			goto out;
		}
		if (kc_lex(P, &t))
			goto out;
	}
	/* Check the names before the class so errors point at the name. */
	for (i = 0; i < n; i++) {
		const struct tok *nt = &names[i];

		kc_show(tmp, sizeof(tmp), nt->s, nt->len);
		if (kc_check_name(P, nt, "element name"))
			goto out;
		if (is_pseudo(nt, &pseudo)) {
			if (!P->scope->comp)
				kc_perr(P, nt->line, nt->col,
				     "'%s' used outside elementclass", pseudo);
			else
				kc_perr(P, nt->line, nt->col,
				     "redeclaration of pseudoelement '%s'",
				     pseudo);
			goto out;
		}
		if (kc_find_class(P, nt->s, nt->len)) {
			kc_perr(P, nt->line, nt->col,
			     "'%s' is an element class, not an element name",
			     tmp);
			goto out;
		}
		if (kc_map_getn(&b->names, nt->s, nt->len, &pos)) {
			const struct pelem *o = &b->elems[pos];

			kc_perr(P, nt->line, nt->col,
			     "redeclaration of element '%s' (first declared at %s:%d:%d)",
			     tmp, P->file, o->line, o->col);
			goto out;
		}
	}
	if (kc_lex(P, &t))
		goto out;
	if (t.type != T_IDENT && t.type != T_LBRACE) {
		kc_syntax_error(P, &t, "element class");
		goto out;
	}
	if (parse_class(P, &t, &cls, &comp, &config))
		goto out;
	for (i = 0; i < n; i++) {
		int k;

		/* A repeat within this very list ("a, a :: C"). */
		if (kc_map_getn(&b->names, names[i].s, names[i].len, &k)) {
			kc_perr(P, names[i].line, names[i].col,
			     "redeclaration of element '%s'",
			     kc_show(tmp, sizeof(tmp), names[i].s, names[i].len));
			goto out;
		}
		if (add_elem(P, kc_strndup(names[i].s, names[i].len),
			     strdup(cls), comp, strdup(config), names[i].line,
			     names[i].col, &k))
			goto out;
		if (i == 0)
			*idx = k;
	}
out:
	free(names);
	free(cls);
	free(config);
	return P->rc;
}

/*
 * One element reference in a connection: a declared name, a declaration, a
 * pseudoelement, or an anonymous element "Class" / "Class(config)" /
 * "{ ... }".  *got is false (and the token pushed back) if there is none.
 */
static int parse_element(struct parser *P, bool first, int *idx, int *line,
			 int *col, bool *got)
{
	struct body *b = P->scope->body;
	struct compound *comp;
	char *cls, *config;
	const char *pseudo;
	struct tok t, n;

	*got = false;
	if (kc_lex(P, &t))
		return P->rc;
	*line = t.line;
	*col = t.col;
	if (t.type == T_LBRACE) {
		*got = true;
		if (parse_class(P, &t, &cls, &comp, &config))
			goto fail;
		return add_elem(P, NULL, cls, comp, config, t.line, t.col, idx);
	}
	if (t.type != T_IDENT) {
		kc_unlex(P, &t);
		return 0;
	}
	*got = true;
	if (is_pseudo(&t, &pseudo)) {
		if (!P->scope->comp)
			return kc_perr(P, t.line, t.col,
				    "'%s' used outside elementclass", pseudo);
		if (kc_lex(P, &n))
			return P->rc;
		kc_unlex(P, &n);
		if (n.type == T_2COLON || (first && n.type == T_COMMA))
			return parse_decl(P, &t, idx);
		if (n.type == T_LPAREN)
			return kc_perr(P, n.line, n.col,
				    "pseudoelement '%s' takes no configuration",
				    pseudo);
		*idx = *pseudo == 'i' ? PSEUDO_IN : PSEUDO_OUT;
		return 0;
	}
	if (kc_lex(P, &n))
		return P->rc;
	if (n.type == T_2COLON || (first && n.type == T_COMMA)) {
		kc_unlex(P, &n);
		return parse_decl(P, &t, idx);
	}
	kc_unlex(P, &n);
	/*
	 * Click: a name that is a class is an anonymous element; so is one
	 * with a configuration; otherwise a declared element, and failing
	 * that an anonymous element of that (primitive) class.
	 */
	if (n.type != T_LPAREN && !kc_find_class(P, t.s, t.len) &&
	    kc_map_getn(&b->names, t.s, t.len, idx))
		return 0;
	if (parse_class(P, &t, &cls, &comp, &config))
		goto fail;
	return add_elem(P, NULL, cls, comp, config, t.line, t.col, idx);
fail:
	free(cls);
	free(config);
	return P->rc;
}

/* "[N]"; *port stays -1 if there is no '['. */
static int parse_port(struct parser *P, int *port, struct tok *where)
{
	struct tok t, n;
	unsigned long v = 0;
	size_t i;

	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_LBRACK) {
		kc_unlex(P, &t);
		return 0;
	}
	*where = t;
	if (kc_lex(P, &n))
		return P->rc;
	if (n.type != T_IDENT)
		return kc_syntax_error(P, &n, "port number");
	for (i = 0; i < n.len; i++) {
		if (!is_digit((unsigned char)n.s[i]))
			return kc_syntax_error(P, &n, "port number");
		if (v <= KC_LANG_MAX_PORT)
			v = v * 10 + (n.s[i] - '0');
	}
	if (v > KC_LANG_MAX_PORT)
		return kc_perr(P, n.line, n.col,
			    "port number out of range (maximum %d)",
			    KC_LANG_MAX_PORT);
	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_RBRACK)
		return kc_syntax_error(P, &t, "']'");
	*port = (int)v;
	return 0;
}

static int add_hook(struct parser *P, int from, int fport, int fline,
		   int fcol, int to, int tport, int tline, int tcol,
		   const struct tok *arrow)
{
	struct body *b = P->scope->body;
	struct phook *h;

	if (from == PSEUDO_OUT)
		return kc_perr(P, fline, fcol,
			    "pseudoelement 'output' used as a connection source");
	if (to == PSEUDO_IN)
		return kc_perr(P, tline, tcol,
			    "pseudoelement 'input' used as a connection destination");
	if (P->total_hooks >= KC_LANG_MAX_LINKS)
		return kc_perr(P, arrow->line, arrow->col,
			    "too many connections (limit %d)",
			    KC_LANG_MAX_LINKS);
	if (kc_grow(&b->hooks, &b->chooks, b->nhooks + 1, sizeof(*b->hooks)))
		return kc_oom(P);
	h = &b->hooks[b->nhooks++];
	P->total_hooks++;
	h->from = from;
	h->fport = fport < 0 ? 0 : fport;
	h->to = to;
	h->tport = tport < 0 ? 0 : tport;
	h->line = arrow->line;
	h->col = arrow->col;
	h->fline = fline;
	h->fcol = fcol;
	h->tline = tline;
	h->tcol = tcol;
	return 0;
}

/* "[p] elem [q] -> [p] elem [q] -> ..." ending at ';' or a new statement. */
static int parse_chain(struct parser *P)
{
	int prev = NO_ELEM, pport = -1, pline = 0, pcol = 0;
	struct tok arrow = { 0 }, pw = { 0 }, t;

	for (;;) {
		int idx = NO_ELEM, port = -1, line, col;
		struct tok iw = { 0 };
		bool got;

		if (parse_port(P, &port, &iw))
			return P->rc;
		if (parse_element(P, prev == NO_ELEM, &idx, &line, &col, &got))
			return P->rc;
		if (!got) {
			if (kc_lex(P, &t))
				return P->rc;
			return kc_syntax_error(P, &t, "element");
		}
		if (prev != NO_ELEM) {
			if (add_hook(P, prev, pport, pline, pcol, idx, port,
				    line, col, &arrow))
				return P->rc;
		} else if (port >= 0) {
			return kc_perr(P, iw.line, iw.col,
				    "input port useless at start of chain");
		}
		pport = -1;
		if (parse_port(P, &pport, &pw) || kc_lex(P, &t))
			return P->rc;
		switch (t.type) {
		case T_ARROW:
			prev = idx;
			pline = line;
			pcol = col;
			arrow = t;
			continue;
		case T_EOF:
		case T_RBRACE:
		case T_IDENT:
		case T_LBRACE:
		case T_ELEMENTCLASS:
		case T_REQUIRE:
		case T_DEFINE:
			/* Click: newlines are whitespace, so a statement
			 * also ends where the next one obviously begins. */
			kc_unlex(P, &t);
			/* fall through */
		case T_SEMI:
			if (pport >= 0)
				return kc_perr(P, pw.line, pw.col,
					    "output port useless at end of chain");
			return 0;
		default:
			return kc_syntax_error(P, &t, "'->' or ';'");
		}
	}
}

/* Count a compound's ports and name its anonymous elements. */
int kc_finish_body(struct parser *P, struct body *b)
{
	struct sbuf sb = { 0 };
	size_t i;

	for (i = 0; i < b->nelems; i++) {
		struct pelem *e = &b->elems[i];
		unsigned long n = i + 1;

		if (e->name)
			continue;
		/*
		 * Click: "Class@N" with N the element's position in its body
		 * (1-based), bumped past names the user took explicitly.
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
	if (kc_lex_config(P, t.line, t.col, false, &text))
		return P->rc;
	free(text);
	return 0;
}

/* Statements up to EOF (top level) or the '}' closing lbrace. */
int kc_parse_statements(struct parser *P, const struct tok *lbrace)
{
	struct tok t;

	for (;;) {
		if (kc_lex(P, &t))
			return P->rc;
		switch (t.type) {
		case T_IDENT:
		case T_LBRACK:
		case T_LBRACE:
			kc_unlex(P, &t);
			if (parse_chain(P))
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
		case T_RBRACE:
			if (lbrace)
				return 0;
			return kc_perr(P, t.line, t.col, "unmatched '}'");
		case T_EOF:
			if (lbrace)
				return kc_perr(P, lbrace->line, lbrace->col,
					    "unterminated '{'");
			return 0;
		default:
			return kc_syntax_error(P, &t, "statement");
		}
	}
}

/* ---- public API -------------------------------------------------------- */

void kc_cfg_free(struct kc_cfg *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->nelems; i++) {
		free(cfg->elems[i].name);
		free(cfg->elems[i].cls);
		free(cfg->elems[i].config);
	}
	free(cfg->elems);
	free(cfg->links);
	free(cfg->file);
	free(cfg);
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

int kc_cfg_parse(const char *text, size_t len, const char *file,
		 struct kc_cfg **out, struct kc_err *err)
{
	struct parser P;
	struct pscope top = { 0 };
	struct kc_cfg *cfg;

	if (out)
		*out = NULL;
	if (!out || (!text && len))
		return kc_err_set(err, EINVAL, "kc_cfg_parse: bad arguments");
	if (len > KC_LANG_MAX_FILE)
		return kc_err_set(err, EFBIG, "%s: configuration too large",
				  file ? file : "<config>");
	memset(&P, 0, sizeof(P));
	P.p = text ? text : "";
	P.end = P.p + len;
	P.line = P.col = 1;
	P.file = file ? file : "<config>";
	P.err = err;
	top.body = &P.top;
	P.scope = &top;

	if (!kc_parse_statements(&P, NULL))
		kc_finish_body(&P, &P.top);
	if (P.rc) {
		parser_free(&P);
		return P.rc;
	}

	cfg = calloc(1, sizeof(*cfg));
	if (!cfg || !(cfg->file = strdup(file ? file : ""))) {
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

int kc_cfg_parse_file(const char *path, struct kc_cfg **out,
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
	rc = kc_cfg_parse(b.s ? b.s : "", b.len,
			  strcmp(path, "-") ? path : "<stdin>", out, err);
	free(b.s);
	return rc;
}
