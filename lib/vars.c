// SPDX-License-Identifier: LGPL-2.1
/*
 * Variables of the Click language: define(), compound parameters, and
 * $name / ${name} substitution when compounds are flattened.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"

/* Is $name visible from the current lexical scope? */
bool kc_var_visible(const struct parser *P, const char *s, size_t n)
{
	const struct pscope *sc;

	for (sc = P->scope; sc; sc = sc->parent)
		if (kc_map_getn(&sc->body->varmap, s, n, NULL))
			return true;
	return false;
}

/* Add a variable to body b; on failure name and value are freed. */
int kc_add_var(struct parser *P, struct body *b, char *name, char *value,
		   char *keyword, int line, int col)
{
	struct pvar *v;
	char tmp[200];

	if (!name)
		goto nomem;
	if (kc_map_get(&b->varmap, name, NULL)) {
		kc_perr(P, line, col, "variable '$%s' multiply defined",
		     kc_show(tmp, sizeof(tmp), name, strlen(name)));
		goto fail;
	}
	if (kc_grow(&b->vars, &b->cvars, b->nvars + 1, sizeof(*b->vars)))
		goto nomem;
	v = &b->vars[b->nvars];
	v->name = name;
	v->value = value;
	v->keyword = keyword;
	if (kc_map_put(&b->varmap, name, (int)b->nvars))
		goto nomem;	/* the entry isn't counted yet: freed below */
	b->nvars++;
	return 0;
nomem:
	kc_oom(P);
fail:
	free(name);
	free(value);
	free(keyword);
	return P->rc;
}
/* "define($X value, $Y value)" into the current body. */
int kc_parse_define(struct parser *P, const struct tok *kw)
{
	struct body *b = P->scope->body;
	char *text, **argv;
	size_t argc, i;
	struct tok t;

	if (kc_lex(P, &t))
		return P->rc;
	if (t.type != T_LPAREN)
		return kc_syntax_error(P, &t, "'('");
	/* Values are substituted as written, so don't check them here. */
	if (kc_lex_config(P, t.line, t.col, false, &text))
		return P->rc;
	if (kc_split_args(text, &argv, &argc)) {
		free(text);
		return kc_oom(P);
	}
	free(text);
	for (i = 0; i < argc && !P->rc; i++) {
		const char *a = argv[i], *v;
		size_t n = 0;

		if (!*a)
			continue;
		while (is_var((unsigned char)a[1 + n]))
			n++;
		v = a + 1 + n;
		if (a[0] != '$' || !n || (*v && !is_space((unsigned char)*v))) {
			kc_perr(P, kw->line, kw->col,
			     "bad define() argument %zu: expected '$NAME value'",
			     i + 1);
			break;
		}
		while (is_space((unsigned char)*v))
			v++;
		kc_add_var(P, b, kc_strndup(a + 1, n), strdup(v), NULL, kw->line,
			kw->col);
	}
	kc_free_args(argv, argc);
	return P->rc;
}

static const char *env_lookup(const struct env *e, const char *s, size_t n)
{
	int i;

	for (; e; e = e->parent)
		if (kc_map_getn(&e->body->varmap, s, n, &i))
			return e->values ? e->values[i] : e->body->vars[i].value;
	return NULL;
}

/* Substitute $name / ${name} outside single quotes. */
int kc_expand_vars(struct flat *F, const char *s, const struct env *env,
		       const struct pelem *e, char **out)
{
	struct sbuf b = { 0 };
	char quote = 0;

	*out = NULL;
	while (*s) {
		const char *name = NULL, *val;
		size_t n = 0, len = 1;

		if (quote) {
			if (*s == '\\' && quote == '"' && s[1]) {
				if (kc_sb_putn(&b, s, 2))
					goto nomem;
				s += 2;
				continue;
			}
			if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		}
		if (*s == '$' && quote != '\'') {
			if (s[1] == '{') {
				while (is_var((unsigned char)s[2 + n]))
					n++;
				if (n && s[2 + n] == '}') {
					name = s + 2;
					len = n + 3;
				}
			} else {
				while (is_var((unsigned char)s[1 + n]))
					n++;
				if (n) {
					name = s + 1;
					len = n + 1;
				}
			}
		}
		val = name ? env_lookup(env, name, n) : NULL;
		if (val ? kc_sb_putn(&b, val, strlen(val)) : kc_sb_putn(&b, s, len))
			goto nomem;
		s += len;
		if (b.len > KC_LANG_MAX_CONFIG) {
			free(b.s);
			return kc_perr(F->P, e->line, e->col,
				    "configuration of '%s' longer than %d bytes after substitution",
				    e->name, KC_LANG_MAX_CONFIG);
		}
	}
	*out = b.s ? b.s : strdup("");
	if (!*out)
		return kc_oom(F->P);
	return 0;
nomem:
	free(b.s);
	return kc_oom(F->P);
}

/* Bind a compound instance's arguments to its formals (Click's rules). */
int kc_bind_args(struct flat *F, const struct compound *c,
		     const struct pelem *e, const char *config, char **values)
{
	size_t argc, npos = 0, i, j;
	struct sbuf rest = { 0 };
	char **argv;
	int rest_idx = -1;

	while (npos < c->nformals && !c->body.vars[npos].keyword)
		npos++;
	if (kc_split_args(config, &argv, &argc))
		return kc_oom(F->P);
	if (argc < npos) {
		kc_perr(F->P, e->line, e->col,
		     "too few arguments to compound '%s' (%zu for %zu)",
		     c->name, argc, npos);
		goto out;
	}
	for (i = 0; i < npos; i++) {
		values[i] = argv[i];
		argv[i] = NULL;
	}
	for (j = npos; j < c->nformals; j++)
		if (!strcmp(c->body.vars[j].keyword, "__REST__"))
			rest_idx = (int)j;
	for (i = npos; i < argc; i++) {
		const char *a = argv[i], *v = a;
		size_t wl;

		while (*v && !is_space((unsigned char)*v))
			v++;
		wl = v - a;
		while (is_space((unsigned char)*v))
			v++;
		for (j = npos; j < c->nformals; j++) {
			const char *kw = c->body.vars[j].keyword;

			if ((int)j != rest_idx && strlen(kw) == wl &&
			    !memcmp(kw, a, wl))
				break;
		}
		if (j < c->nformals) {
			if (values[j]) {
				kc_perr(F->P, e->line, e->col,
				     "keyword '%s' given twice to compound '%s'",
				     c->body.vars[j].keyword, c->name);
				goto out;
			}
			values[j] = strdup(v);
			if (!values[j])
				goto nomem;
		} else if (rest_idx >= 0) {
			if ((rest.len && kc_sb_putn(&rest, ", ", 2)) ||
			    kc_sb_putn(&rest, a, strlen(a)))
				goto nomem;
		} else {
			kc_perr(F->P, e->line, e->col,
			     "too many arguments to compound '%s' (%zu for %zu)",
			     c->name, argc, c->nformals);
			goto out;
		}
	}
	if (rest_idx >= 0) {
		values[rest_idx] = rest.s ? rest.s : strdup("");
		rest.s = NULL;
		if (!values[rest_idx])
			goto nomem;
	}
	for (j = npos; j < c->nformals; j++)
		if (!values[j]) {
			kc_perr(F->P, e->line, e->col,
			     "missing keyword argument '%s' to compound '%s'",
			     c->body.vars[j].keyword, c->name);
			goto out;
		}
	goto out;
nomem:
	kc_oom(F->P);
out:
	free(rest.s);
	kc_free_args(argv, argc);
	return F->P->rc;
}
