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
	if (kc_lex_config(P, t.line, t.col, &text))
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

/* A substitution in progress: one element's configuration. */
struct subst {
	struct flat *F;
	const struct env *env;
	const struct pelem *e;
	size_t steps;
};

/*
 * A reference at s ('$'): "$name", "${name}", "${name[N]}" (the N-th word),
 * "${name-default}".  Returns its length, 0 if s starts none.
 */
static size_t var_ref(const char *s, const char **name, size_t *n,
		      long *word, const char **def, size_t *ndef)
{
	const char *p;

	*n = *ndef = 0;
	*word = -1;
	*def = NULL;
	if (s[1] != '{') {
		for (p = s + 1; is_var((unsigned char)*p); p++)
			;
		*name = s + 1;
		*n = p - s - 1;
		return *n ? (size_t)(p - s) : 0;
	}
	for (p = s + 2; is_var((unsigned char)*p); p++)
		;
	*name = s + 2;
	*n = p - s - 2;
	if (!*n)
		return 0;
	if (*p == '[') {
		for (*word = 0, p++; is_digit((unsigned char)*p); p++)
			if (*word < 100000)
				*word = *word * 10 + (*p - '0');
		if (*p++ != ']')
			return 0;
	}
	if (*p == '-') {
		*def = ++p;
		while (*p && *p != '}')
			p++;
		*ndef = p - *def;
	}
	return *p == '}' ? (size_t)(p + 1 - s) : 0;
}

static int subst_put(struct subst *S, struct sbuf *out, const char *s,
		     size_t n, bool dquote)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dquote && (s[i] == '"' || s[i] == '\\') &&
		    kc_sb_putc(out, '\\'))
			return kc_oom(S->F->P);
		if (kc_sb_putc(out, s[i]))
			return kc_oom(S->F->P);
	}
	if (out->len > KC_LANG_MAX_CONFIG)
		return kc_perr_in(S->F->P, S->e->file, S->e->line, S->e->col,
				  "configuration of '%s' longer than %d bytes after substitution",
				  S->e->name, KC_LANG_MAX_CONFIG);
	return 0;
}

/* The word-th space-separated word of s (quotes keep spaces). */
static void pick_word(const char *s, long word, const char **w, size_t *n)
{
	char q = 0;

	for (;;) {
		while (is_space((unsigned char)*s))
			s++;
		*w = s;
		for (; *s && (q || !is_space((unsigned char)*s)); s++)
			if (q ? *s == q : (*s == '"' || *s == '\''))
				q = q ? 0 : *s;
		*n = s - *w;
		if (!word-- || !*s)
			break;
	}
	if (word >= 0)
		*n = 0;
}

/*
 * Append s[0..len) to out with $variables substituted, Click's way: a
 * value is itself expanded (up to KC_LANG_MAX_VAR_DEPTH deep), escaped
 * inside double quotes, never substituted inside single quotes; an
 * undefined variable stays as written (Script reads it at run time).
 */
static int subst(struct subst *S, const char *s, size_t len, int depth,
		 bool dquote, struct sbuf *out)
{
	const char *end = s + len, *name, *def, *w;
	char quote = 0;

	while (s < end) {
		size_t n, ndef, rl, wn;
		const char *val;
		struct sbuf v = { 0 };
		long word;
		int rc;

		if (quote) {
			if (*s == '\\' && quote == '"' && s + 1 < end) {
				if (subst_put(S, out, s, 2, false))
					return S->F->P->rc;
				s += 2;
				continue;
			}
			if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		}
		rl = *s == '$' && quote != '\'' && depth < KC_LANG_MAX_VAR_DEPTH ?
		     var_ref(s, &name, &n, &word, &def, &ndef) : 0;
		if (rl > (size_t)(end - s))
			rl = 0;
		val = rl ? env_lookup(S->env, name, n) : NULL;
		if (!rl || (!val && !def)) {
			if (subst_put(S, out, s, rl ? rl : 1, false))
				return S->F->P->rc;
			s += rl ? rl : 1;
			continue;
		}
		if (++S->steps > MAX_SUBST)
			return kc_perr_in(S->F->P, S->e->file, S->e->line,
					  S->e->col,
					  "configuration of '%s': more than %d variable substitutions",
					  S->e->name, MAX_SUBST);
		rc = val ? subst(S, val, strlen(val), depth + 1, false, &v) :
		     subst(S, def, ndef, depth + 1, false, &v);
		if (!rc) {
			w = v.s ? v.s : "";
			wn = v.len;
			if (val && word >= 0)
				pick_word(w, word, &w, &wn);
			rc = subst_put(S, out, w, wn,
				       dquote || quote == '"');
		}
		free(v.s);
		if (rc)
			return rc;
		s += rl;
	}
	return 0;
}

int kc_expand_vars(struct flat *F, const char *s, const struct env *env,
		   const struct pelem *e, char **out)
{
	struct subst S = { .F = F, .env = env, .e = e };
	struct sbuf b = { 0 };

	*out = NULL;
	if (subst(&S, s, strlen(s), 0, false, &b)) {
		free(b.s);
		return F->P->rc;
	}
	*out = b.s ? b.s : strdup("");
	return *out ? 0 : kc_oom(F->P);
}

/*
 * Command-line definitions: "NAME=VALUE" sets $NAME at the top level,
 * overriding a define() of that name there.
 */
int kc_set_defines(struct parser *P, const char *const *defs, size_t ndefs)
{
	struct body *b = &P->top;
	size_t i;
	int k;

	for (i = 0; i < ndefs; i++) {
		const char *eq = strchr(defs[i], '=');
		char *name, *value;

		if (!kc_cfg_is_define(defs[i])) {
			P->rc = kc_err_set(P->err, EINVAL,
					   "bad variable definition '%.64s' (want NAME=VALUE)",
					   defs[i]);
			return P->rc;
		}
		name = kc_strndup(defs[i], eq - defs[i]);
		value = strdup(eq + 1);
		if (!name || !value) {
			free(name);
			free(value);
			return kc_oom(P);
		}
		if (kc_map_get(&b->varmap, name, &k)) {
			free(b->vars[k].value);
			b->vars[k].value = value;
			free(name);
			continue;
		}
		if (kc_add_var(P, b, name, value, NULL, 0, 0))
			return P->rc;
	}
	return 0;
}

static int bind_fail(struct flat *F, bool report, const struct pelem *e,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* An argument mismatch: an error, or quietly -EINVAL while choosing. */
static int bind_fail(struct flat *F, bool report, const struct pelem *e,
		     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!report)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return kc_perr_in(F->P, e->file, e->line, e->col, "%s", msg);
}

/* Bind a compound instance's arguments to its formals (Click's rules). */
int kc_bind_args(struct flat *F, const struct compound *c,
		 const struct pelem *e, const char *config, char **values,
		 bool report)
{
	size_t argc, npos = 0, i, j;
	struct sbuf rest = { 0 };
	char **argv;
	int rest_idx = -1, rc = -EINVAL;

	while (npos < c->nformals && !c->body.vars[npos].keyword)
		npos++;
	if (kc_split_args(config, &argv, &argc))
		return kc_oom(F->P);
	if (F->P->rc)
		goto out;
	if (argc < npos) {
		bind_fail(F, report, e,
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
				bind_fail(F, report, e,
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
			bind_fail(F, report, e,
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
			bind_fail(F, report, e,
			     "missing keyword argument '%s' to compound '%s'",
			     c->body.vars[j].keyword, c->name);
			goto out;
		}
	rc = 0;
	goto out;
nomem:
	rc = kc_oom(F->P);
out:
	free(rest.s);
	kc_free_args(argv, argc);
	return rc;
}
