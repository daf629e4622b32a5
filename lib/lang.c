// SPDX-License-Identifier: LGPL-2.1
/*
 * The Click configuration language front end.
 *
 * Two passes.  The parser turns the text into "bodies": the top level and
 * one per elementclass, each a list of elements (name, class, raw config)
 * and hookups between them, where a compound's 'input' and 'output' are the
 * pseudo indexes PSEUDO_IN and PSEUDO_OUT.  The flattener then walks the top
 * body, expanding compound instances depth first with their parameters
 * bound, and produces a graph of real elements and "tunnel" nodes (one
 * input and one output tunnel per compound instance).  Finally every
 * connection that starts at a real element is followed through tunnels,
 * port by port, to the real elements it ends at.
 *
 * The input is untrusted: nothing recurses without a depth bound, every
 * count that could grow with expansion has a cap, and every error path
 * frees what it allocated.  The first error stops everything.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kclick.h"
#include "lang.h"

#define PSEUDO_IN	(-1)
#define PSEUDO_OUT	(-2)
#define NO_ELEM		(-3)

#define MAX_CLASSES	4096	/* elementclass definitions in one file */
#define MAX_LINKS_OUT	(1 << 20)	/* links after splicing */
#define MAX_SPLICE_WORK	(1 << 26)	/* tunnel steps while splicing */
#define MAX_CFG_BYTES	(64 << 20)	/* all expanded config strings */

/* ---- small helpers ---------------------------------------------------- */

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters of an element or class name (Click's lexer: '/' is special). */
static bool is_word(int c)
{
	return is_alnum(c) || c == '_' || c == '@';
}

static bool is_var(int c)
{
	return is_alnum(c) || c == '_';
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Make room for need elements in *arr (capacity *cap). */
static int grow(void *arrp, size_t *cap, size_t need, size_t size)
{
	void **arr = arrp;
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*arr, ncap * size);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

struct sbuf {
	char *s;
	size_t len, cap;
};

static int sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (grow(&b->s, &b->cap, b->len + n + 1, 1))
		return -ENOMEM;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int sb_putc(struct sbuf *b, char c)
{
	return sb_putn(b, &c, 1);
}

static int sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(&b->s, &b->cap, b->len + n + 1, 1))
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
	return 0;
}

/* Take the buffer's string (never NULL on success), trimmed of whitespace. */
static char *sb_take_trimmed(struct sbuf *b)
{
	size_t s = 0, e = b->len;
	char *r;

	while (s < e && is_space((unsigned char)b->s[s]))
		s++;
	while (e > s && is_space((unsigned char)b->s[e - 1]))
		e--;
	r = xstrndup(b->s ? b->s + s : "", e - s);
	free(b->s);
	memset(b, 0, sizeof(*b));
	return r;
}

/* ---- string -> int map (open addressing; keys are borrowed) ----------- */

struct strmap {
	const char **keys;
	int *vals;
	size_t cap, n;
};

static size_t hash_mem(const char *s, size_t n)
{
	size_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static bool key_eq(const char *key, const char *s, size_t n)
{
	return strncmp(key, s, n) == 0 && key[n] == '\0';
}

static bool strmap_getn(const struct strmap *m, const char *s, size_t n,
			int *val)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = hash_mem(s, n) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (key_eq(m->keys[i], s, n)) {
			if (val)
				*val = m->vals[i];
			return true;
		}
	}
	return false;
}

static bool strmap_get(const struct strmap *m, const char *s, int *val)
{
	return strmap_getn(m, s, strlen(s), val);
}

static void strmap_insert_raw(struct strmap *m, const char *key, int val)
{
	size_t i;

	for (i = hash_mem(key, strlen(key)) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (!strcmp(m->keys[i], key)) {
			m->vals[i] = val;
			return;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

/* Insert or overwrite; key must outlive the map. */
static int strmap_put(struct strmap *m, const char *key, int val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap nm = { 0 };
		size_t i;

		nm.cap = m->cap ? m->cap * 2 : 16;
		nm.keys = calloc(nm.cap, sizeof(*nm.keys));
		nm.vals = calloc(nm.cap, sizeof(*nm.vals));
		if (!nm.keys || !nm.vals) {
			free(nm.keys);
			free(nm.vals);
			return -ENOMEM;
		}
		for (i = 0; i < m->cap; i++)
			if (m->keys[i])
				strmap_insert_raw(&nm, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		*m = nm;
	}
	strmap_insert_raw(m, key, val);
	return 0;
}

static void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- parse trees ------------------------------------------------------- */

struct compound;

struct pelem {
	char *name;		/* NULL while anonymous (named at body end) */
	char *cls;		/* class as written; "" for an anonymous compound */
	struct compound *comp;	/* the compound class, or NULL if primitive */
	char *config;		/* comments stripped, trimmed, unexpanded */
	int line, col;
};

struct phook {
	int from, to;		/* element indexes or PSEUDO_IN/PSEUDO_OUT */
	int fport, tport;
	int line, col;		/* the '->' */
	int fline, fcol, tline, tcol;	/* the two element references */
};

struct pvar {
	char *name;		/* without '$' */
	char *value;		/* define()d value; NULL for formals */
	char *keyword;		/* formals: NULL if positional */
};

struct body {
	struct pelem *elems;
	size_t nelems, celems;
	struct phook *hooks;
	size_t nhooks, chooks;
	struct strmap names;	/* element name -> index */
	struct pvar *vars;	/* formals first, then define()s */
	size_t nvars, cvars;
	struct strmap varmap;	/* variable name -> index in vars */
};

struct compound {
	struct compound *next;	/* every compound, for freeing */
	char *name;		/* "" if anonymous */
	int line, col;
	int depth;		/* nesting depth of the defining body */
	size_t nformals;
	int ninputs, noutputs;
	struct body body;
};

/* A visible element class name: a compound or a synonym of a primitive. */
struct classdef {
	char *name;
	struct compound *comp;
	char *alias;		/* primitive class name when comp is NULL */
};

struct pscope {
	struct pscope *parent;
	struct body *body;
	struct compound *comp;	/* NULL at top level */
};

enum {
	T_EOF, T_IDENT, T_VAR, T_ARROW, T_2COLON, T_LBRACK, T_RBRACK,
	T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE, T_COMMA, T_SEMI, T_BAR,
	T_ELEMENTCLASS, T_REQUIRE, T_DEFINE, T_OTHER,
};

struct tok {
	int type;
	const char *s;
	size_t len;
	int line, col;
};

struct parser {
	const char *p, *end;
	int line, col;
	const char *file;
	struct kc_err *err;
	int rc;

	struct tok push[4];	/* pushed-back tokens (LIFO) */
	int npush;

	int depth;		/* elementclass nesting */
	size_t total_elems, total_hooks, total_classes;
	struct compound *all;
	struct classdef *classes;
	size_t nclasses, cclasses;
	struct pscope *scope;
	struct body top;
};

static int perr(struct parser *P, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int perr(struct parser *P, int line, int col, const char *fmt, ...)
{
	char body[768];
	va_list ap;

	if (P->rc)		/* keep the first error */
		return P->rc;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	P->rc = kc_err_set_at(P->err, EINVAL, P->file, line, col, "%s", body);
	return P->rc;
}

static int oom(struct parser *P)
{
	if (!P->rc)
		P->rc = kc_err_set(P->err, ENOMEM, "out of memory");
	return P->rc;
}

/* Quote at most 40 bytes of s for a message, escaping what isn't printable. */
static const char *show(char *buf, size_t size, const char *s, size_t n)
{
	size_t o = 0, i;

	for (i = 0; i < n && i < 40 && o + 5 < size; i++) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f)
			buf[o++] = c;
		else
			o += snprintf(buf + o, size - o, "\\x%02x", c);
	}
	if (i < n && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

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
	strmap_free(&b->names);
	strmap_free(&b->varmap);
}

static void classes_truncate(struct parser *P, size_t n)
{
	while (P->nclasses > n) {
		struct classdef *c = &P->classes[--P->nclasses];

		free(c->name);
		free(c->alias);
	}
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
	classes_truncate(P, 0);
	free(P->classes);
	body_free(&P->top);
}

/* ---- lexer ------------------------------------------------------------- */

static void adv(struct parser *P)
{
	char c = *P->p++;

	/* "\r\n" counts as one line break, a lone '\r' as one too. */
	if (c == '\n' || (c == '\r' && (P->p == P->end || *P->p != '\n'))) {
		P->line++;
		P->col = 1;
	} else {
		P->col++;
	}
}

static bool at(const struct parser *P, size_t off, char c)
{
	return (size_t)(P->end - P->p) > off && P->p[off] == c;
}

static void skip_to_eol(struct parser *P)
{
	while (P->p < P->end && *P->p != '\n' && *P->p != '\r')
		adv(P);
}

/* Skip a slash-star comment starting at P->p. */
static int skip_block_comment(struct parser *P)
{
	int line = P->line, col = P->col;

	adv(P);
	adv(P);
	while (P->p < P->end) {
		if (*P->p == '*' && at(P, 1, '/')) {
			adv(P);
			adv(P);
			return 0;
		}
		adv(P);
	}
	return perr(P, line, col, "unterminated comment");
}

static int skip_space(struct parser *P)
{
	while (P->p < P->end) {
		unsigned char c = *P->p;

		if (is_space(c)) {
			adv(P);
		} else if (c == '/' && at(P, 1, '/')) {
			skip_to_eol(P);
		} else if (c == '/' && at(P, 1, '*')) {
			if (skip_block_comment(P))
				return P->rc;
		} else if (c == '#' && P->col == 1) {
			/*
			 * Click reads "# line" directives from cpp output; we
			 * don't run cpp, so '#' is only accepted as a "#!"
			 * interpreter line at the very top.
			 */
			if (P->line == 1 && at(P, 1, '!')) {
				skip_to_eol(P);
				continue;
			}
			return perr(P, P->line, P->col,
				    "'#' directives are not supported (use '//' for comments)");
		} else {
			break;
		}
	}
	return 0;
}

static int next_token(struct parser *P, struct tok *t)
{
	const char *s;

	if (skip_space(P))
		return P->rc;
	memset(t, 0, sizeof(*t));
	t->line = P->line;
	t->col = P->col;
	t->s = s = P->p;
	if (P->p >= P->end) {
		t->type = T_EOF;
		return 0;
	}
	if (is_word((unsigned char)*s)) {
		while (P->p < P->end) {
			if (is_word((unsigned char)*P->p))
				adv(P);
			else if (*P->p == '/' && P->p + 1 < P->end &&
				 is_word((unsigned char)P->p[1]))
				adv(P);
			else
				break;
		}
		t->len = P->p - s;
		t->type = T_IDENT;
		if (t->len == 12 && !memcmp(s, "elementclass", 12))
			t->type = T_ELEMENTCLASS;
		else if (t->len == 7 && !memcmp(s, "require", 7))
			t->type = T_REQUIRE;
		else if (t->len == 6 && !memcmp(s, "define", 6))
			t->type = T_DEFINE;
		return 0;
	}
	if (*s == '$' && P->p + 1 < P->end && is_var((unsigned char)s[1])) {
		adv(P);
		while (P->p < P->end && is_var((unsigned char)*P->p))
			adv(P);
		t->type = T_VAR;
		t->len = P->p - s;
		return 0;
	}
	if ((*s == '-' && at(P, 1, '>')) || (*s == ':' && at(P, 1, ':'))) {
		t->type = *s == '-' ? T_ARROW : T_2COLON;
		t->len = 2;
		adv(P);
		adv(P);
		return 0;
	}
	switch (*s) {
	case '[': t->type = T_LBRACK; break;
	case ']': t->type = T_RBRACK; break;
	case '(': t->type = T_LPAREN; break;
	case ')': t->type = T_RPAREN; break;
	case '{': t->type = T_LBRACE; break;
	case '}': t->type = T_RBRACE; break;
	case ',': t->type = T_COMMA; break;
	case ';': t->type = T_SEMI; break;
	case '|': t->type = T_BAR; break;
	default: t->type = T_OTHER; break;
	}
	t->len = 1;
	adv(P);
	return 0;
}

static int lex(struct parser *P, struct tok *t)
{
	if (P->npush) {
		*t = P->push[--P->npush];
		return 0;
	}
	return next_token(P, t);
}

static void unlex(struct parser *P, const struct tok *t)
{
	/* The grammar never needs more than two tokens of lookahead. */
	if (P->npush < (int)(sizeof(P->push) / sizeof(P->push[0])))
		P->push[P->npush++] = *t;
}

static const char *tokdesc(char *buf, size_t size, const struct tok *t)
{
	char tmp[200];

	if (t->type == T_EOF)
		snprintf(buf, size, "end of input");
	else
		snprintf(buf, size, "'%s'", show(tmp, sizeof(tmp), t->s, t->len));
	return buf;
}

static int syntax_error(struct parser *P, const struct tok *t,
			const char *expected)
{
	char buf[256];

	return perr(P, t->line, t->col, "expected %s near %s", expected,
		    tokdesc(buf, sizeof(buf), t));
}

/* ---- variables --------------------------------------------------------- */

/* Is $name visible from the current lexical scope? */
static bool var_visible(const struct parser *P, const char *s, size_t n)
{
	const struct pscope *sc;

	for (sc = P->scope; sc; sc = sc->parent)
		if (strmap_getn(&sc->body->varmap, s, n, NULL))
			return true;
	return false;
}

/*
 * At '$' in a configuration string: copy the reference to out and, when
 * check is set, make sure it names a visible parameter or define().
 * "$name" and "${name}" are references; a '$' not followed by a name is a
 * plain character.
 */
static int config_var(struct parser *P, struct sbuf *out, bool check)
{
	const char *s = P->p, *name;
	int line = P->line, col = P->col;
	size_t n = 0, len;
	char tmp[200];

	if (at(P, 1, '{')) {
		while (s + 2 + n < P->end && is_var((unsigned char)s[2 + n]))
			n++;
		if (!n || s + 2 + n >= P->end || s[2 + n] != '}')
			n = 0;
		name = s + 2;
		len = n ? n + 3 : 1;
	} else {
		while (s + 1 + n < P->end && is_var((unsigned char)s[1 + n]))
			n++;
		name = s + 1;
		len = n + 1;
	}
	if (n && check && !var_visible(P, name, n))
		return perr(P, line, col, P->scope->comp ?
			    "unknown compound parameter '$%s'" :
			    "undefined variable '$%s'",
			    show(tmp, sizeof(tmp), name, n));
	if (sb_putn(out, s, len))
		return oom(P);
	while (len--)
		adv(P);
	return 0;
}

/*
 * Read a configuration string: P->p is just past '(' (at open_line:open_col).
 * Parentheses nest, quotes protect, comments are dropped (a slash-star
 * comment becomes one space so it still separates words).  Leaves P->p
 * past the matching ')'.
 */
static int lex_config(struct parser *P, int open_line, int open_col,
		      bool check_vars, char **out)
{
	struct sbuf b = { 0 };
	unsigned long depth = 1;

	*out = NULL;
	if (P->npush)		/* can't happen: '(' is never looked past */
		return perr(P, open_line, open_col, "internal parser error");
	while (P->p < P->end) {
		char c = *P->p;

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0) {
				adv(P);
				*out = sb_take_trimmed(&b);
				return *out ? 0 : oom(P);
			}
		} else if (c == '/' && at(P, 1, '/')) {
			skip_to_eol(P);
			continue;
		} else if (c == '/' && at(P, 1, '*')) {
			if (skip_block_comment(P))
				goto fail;
			if (sb_putc(&b, ' '))
				goto nomem;
			continue;
		} else if (c == '$') {
			if (config_var(P, &b, check_vars))
				goto fail;
			continue;
		} else if (c == '"' || c == '\'') {
			int line = P->line, col = P->col;

			if (sb_putc(&b, c))
				goto nomem;
			adv(P);
			for (;;) {
				char q = P->p < P->end ? *P->p : 0;

				if (P->p >= P->end) {
					perr(P, line, col, "unterminated string");
					goto fail;
				}
				/* Click: only double quotes have escapes. */
				if (q == '\\' && c == '"' && P->p + 1 < P->end) {
					if (sb_putn(&b, P->p, 2))
						goto nomem;
					adv(P);
					adv(P);
					continue;
				}
				if (q == '$' && c == '"') {
					if (config_var(P, &b, check_vars))
						goto fail;
					continue;
				}
				if (sb_putc(&b, q))
					goto nomem;
				adv(P);
				if (q == c)
					break;
			}
			continue;
		}
		if (sb_putc(&b, c))
			goto nomem;
		adv(P);
	}
	perr(P, open_line, open_col, "unterminated '('");
	goto fail;
nomem:
	oom(P);
fail:
	free(b.s);
	return P->rc;
}

/*
 * Split a config into comma-separated arguments (commas inside quotes,
 * parentheses, brackets and braces don't count).  Each argument is trimmed;
 * an empty config has no arguments.
 */
static int split_args(const char *s, char ***argv, size_t *argc)
{
	size_t n = 0, cap = 0, depth = 0;
	const char *start = s, *p;
	char **v = NULL;
	char quote = 0;

	*argv = NULL;
	*argc = 0;
	while (is_space((unsigned char)*start))
		start++;
	if (!*start)
		return 0;
	for (p = start;; p++) {
		if (quote) {
			if (*p == '\\' && quote == '"' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
			else if (!*p)
				quote = 0, p--;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if ((*p == ')' || *p == ']' || *p == '}') && depth) {
			depth--;
		} else if ((*p == ',' && !depth) || !*p) {
			const char *a = start, *e = p;

			while (a < e && is_space((unsigned char)*a))
				a++;
			while (e > a && is_space((unsigned char)e[-1]))
				e--;
			if (grow(&v, &cap, n + 1, sizeof(*v)) ||
			    !(v[n] = xstrndup(a, e - a)))
				goto nomem;
			n++;
			if (!*p)
				break;
			start = p + 1;
		}
	}
	*argv = v;
	*argc = n;
	return 0;
nomem:
	while (n--)
		free(v[n]);
	free(v);
	return -ENOMEM;
}

static void free_args(char **v, size_t n)
{
	while (n--)
		free(v[n]);
	free(v);
}

/* Add a variable to body b; on failure name and value are freed. */
static int add_var(struct parser *P, struct body *b, char *name, char *value,
		   char *keyword, int line, int col)
{
	struct pvar *v;
	char tmp[200];

	if (!name)
		goto nomem;
	if (strmap_get(&b->varmap, name, NULL)) {
		perr(P, line, col, "variable '$%s' multiply defined",
		     show(tmp, sizeof(tmp), name, strlen(name)));
		goto fail;
	}
	if (grow(&b->vars, &b->cvars, b->nvars + 1, sizeof(*b->vars)))
		goto nomem;
	v = &b->vars[b->nvars];
	v->name = name;
	v->value = value;
	v->keyword = keyword;
	if (strmap_put(&b->varmap, name, (int)b->nvars))
		goto nomem;	/* the entry isn't counted yet: freed below */
	b->nvars++;
	return 0;
nomem:
	oom(P);
fail:
	free(name);
	free(value);
	free(keyword);
	return P->rc;
}

/* ---- elements, classes and hookups ------------------------------------ */

static const struct classdef *find_class(const struct parser *P,
					 const char *s, size_t n)
{
	size_t i = P->nclasses;

	while (i--)		/* newest first: inner definitions shadow */
		if (key_eq(P->classes[i].name, s, n))
			return &P->classes[i];
	return NULL;
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
		perr(P, line, col, "too many elements (limit %d)",
		     KC_LANG_MAX_ELEMENTS);
		goto fail;
	}
	if (grow(&b->elems, &b->celems, b->nelems + 1, sizeof(*b->elems)))
		goto nomem;
	if (name && strmap_put(&b->names, name, (int)b->nelems))
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
	oom(P);
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

static int check_name(struct parser *P, const struct tok *t, const char *what)
{
	char tmp[200];

	if (is_digit((unsigned char)t->s[0]))
		return perr(P, t->line, t->col, "invalid %s '%s'", what,
			    show(tmp, sizeof(tmp), t->s, t->len));
	return 0;
}

static int parse_compound(struct parser *P, const struct tok *name,
			  const struct tok *lbrace, struct compound **out);

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
		if (parse_compound(P, NULL, t, comp))
			return P->rc;
		*cls = strdup("");
	} else {
		if (check_name(P, t, "element class name"))
			return P->rc;
		cd = find_class(P, t->s, t->len);
		if (cd && cd->comp) {
			*comp = cd->comp;
			*cls = xstrndup(t->s, t->len);
		} else if (cd) {
			*cls = strdup(cd->alias);
		} else {
			*cls = xstrndup(t->s, t->len);
		}
	}
	if (!*cls)
		return oom(P);
	if (lex(P, &n))
		return P->rc;
	if (n.type == T_LPAREN)
		return lex_config(P, n.line, n.col, true, config);
	unlex(P, &n);
	*config = strdup("");
	return *config ? 0 : oom(P);
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
			syntax_error(P, &t, "element name");
			goto out;
		}
		if (grow(&names, &cap, n + 1, sizeof(*names))) {
			oom(P);
			goto out;
		}
		names[n++] = t;
		if (lex(P, &t))
			goto out;
		if (t.type == T_2COLON)
			break;
		if (t.type != T_COMMA) {
			syntax_error(P, &t, "'::' or ','");
			goto out;
		}
		if (lex(P, &t))
			goto out;
	}
	/* Check the names before the class so errors point at the name. */
	for (i = 0; i < n; i++) {
		const struct tok *nt = &names[i];

		show(tmp, sizeof(tmp), nt->s, nt->len);
		if (check_name(P, nt, "element name"))
			goto out;
		if (is_pseudo(nt, &pseudo)) {
			if (!P->scope->comp)
				perr(P, nt->line, nt->col,
				     "'%s' used outside elementclass", pseudo);
			else
				perr(P, nt->line, nt->col,
				     "redeclaration of pseudoelement '%s'",
				     pseudo);
			goto out;
		}
		if (find_class(P, nt->s, nt->len)) {
			perr(P, nt->line, nt->col,
			     "'%s' is an element class, not an element name",
			     tmp);
			goto out;
		}
		if (strmap_getn(&b->names, nt->s, nt->len, &pos)) {
			const struct pelem *o = &b->elems[pos];

			perr(P, nt->line, nt->col,
			     "redeclaration of element '%s' (first declared at %s:%d:%d)",
			     tmp, P->file, o->line, o->col);
			goto out;
		}
	}
	if (lex(P, &t))
		goto out;
	if (t.type != T_IDENT && t.type != T_LBRACE) {
		syntax_error(P, &t, "element class");
		goto out;
	}
	if (parse_class(P, &t, &cls, &comp, &config))
		goto out;
	for (i = 0; i < n; i++) {
		int k;

		/* A repeat within this very list ("a, a :: C"). */
		if (strmap_getn(&b->names, names[i].s, names[i].len, &k)) {
			perr(P, names[i].line, names[i].col,
			     "redeclaration of element '%s'",
			     show(tmp, sizeof(tmp), names[i].s, names[i].len));
			goto out;
		}
		if (add_elem(P, xstrndup(names[i].s, names[i].len),
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
	if (lex(P, &t))
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
		unlex(P, &t);
		return 0;
	}
	*got = true;
	if (is_pseudo(&t, &pseudo)) {
		if (!P->scope->comp)
			return perr(P, t.line, t.col,
				    "'%s' used outside elementclass", pseudo);
		if (lex(P, &n))
			return P->rc;
		unlex(P, &n);
		if (n.type == T_2COLON || (first && n.type == T_COMMA))
			return parse_decl(P, &t, idx);
		if (n.type == T_LPAREN)
			return perr(P, n.line, n.col,
				    "pseudoelement '%s' takes no configuration",
				    pseudo);
		*idx = *pseudo == 'i' ? PSEUDO_IN : PSEUDO_OUT;
		return 0;
	}
	if (lex(P, &n))
		return P->rc;
	if (n.type == T_2COLON || (first && n.type == T_COMMA)) {
		unlex(P, &n);
		return parse_decl(P, &t, idx);
	}
	unlex(P, &n);
	/*
	 * Click: a name that is a class is an anonymous element; so is one
	 * with a configuration; otherwise a declared element, and failing
	 * that an anonymous element of that (primitive) class.
	 */
	if (n.type != T_LPAREN && !find_class(P, t.s, t.len) &&
	    strmap_getn(&b->names, t.s, t.len, idx))
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

	if (lex(P, &t))
		return P->rc;
	if (t.type != T_LBRACK) {
		unlex(P, &t);
		return 0;
	}
	*where = t;
	if (lex(P, &n))
		return P->rc;
	if (n.type != T_IDENT)
		return syntax_error(P, &n, "port number");
	for (i = 0; i < n.len; i++) {
		if (!is_digit((unsigned char)n.s[i]))
			return syntax_error(P, &n, "port number");
		if (v <= KC_LANG_MAX_PORT)
			v = v * 10 + (n.s[i] - '0');
	}
	if (v > KC_LANG_MAX_PORT)
		return perr(P, n.line, n.col,
			    "port number out of range (maximum %d)",
			    KC_LANG_MAX_PORT);
	if (lex(P, &t))
		return P->rc;
	if (t.type != T_RBRACK)
		return syntax_error(P, &t, "']'");
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
		return perr(P, fline, fcol,
			    "pseudoelement 'output' used as a connection source");
	if (to == PSEUDO_IN)
		return perr(P, tline, tcol,
			    "pseudoelement 'input' used as a connection destination");
	if (P->total_hooks >= KC_LANG_MAX_LINKS)
		return perr(P, arrow->line, arrow->col,
			    "too many connections (limit %d)",
			    KC_LANG_MAX_LINKS);
	if (grow(&b->hooks, &b->chooks, b->nhooks + 1, sizeof(*b->hooks)))
		return oom(P);
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
			if (lex(P, &t))
				return P->rc;
			return syntax_error(P, &t, "element");
		}
		if (prev != NO_ELEM) {
			if (add_hook(P, prev, pport, pline, pcol, idx, port,
				    line, col, &arrow))
				return P->rc;
		} else if (port >= 0) {
			return perr(P, iw.line, iw.col,
				    "input port useless at start of chain");
		}
		pport = -1;
		if (parse_port(P, &pport, &pw) || lex(P, &t))
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
			unlex(P, &t);
			/* fall through */
		case T_SEMI:
			if (pport >= 0)
				return perr(P, pw.line, pw.col,
					    "output port useless at end of chain");
			return 0;
		default:
			return syntax_error(P, &t, "'->' or ';'");
		}
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

		if (lex(P, &t1))
			return P->rc;
		kw = NULL;
		if (t1.type == T_BAR && !c->nformals)
			return 0;
		if (t1.type == T_VAR) {
			vt = &t1;
		} else if (t1.type == T_IDENT) {
			if (lex(P, &t2))
				return P->rc;
			if (t2.type != T_VAR) {
				if (c->nformals)
					return syntax_error(P, &t2,
							    "compound parameter");
				/* Not formals: the body's first statement. */
				unlex(P, &t2);
				unlex(P, &t1);
				return 0;
			}
			vt = &t2;
			kw = xstrndup(t1.s, t1.len);
			if (!kw)
				return oom(P);
		} else {
			if (c->nformals)
				return syntax_error(P, &t1, "compound parameter");
			unlex(P, &t1);
			return 0;
		}
		if (seen_rest || (seen_kw && !kw)) {
			free(kw);
			return perr(P, t1.line, t1.col,
				    "compound parameters out of order (positional, then keywords, then __REST__)");
		}
		if (kw && !strcmp(kw, "__REST__"))
			seen_rest = true;
		else if (kw)
			seen_kw = true;
		name = xstrndup(vt->s + 1, vt->len - 1);
		if (add_var(P, &c->body, name, NULL, kw, vt->line, vt->col))
			return P->rc;
		c->nformals++;
		if (lex(P, &sep))
			return P->rc;
		if (sep.type == T_BAR)
			return 0;
		if (sep.type != T_COMMA)
			return syntax_error(P, &sep, "',' or '|'");
	}
}

static int parse_statements(struct parser *P, const struct tok *lbrace);

/* Count a compound's ports and name its anonymous elements. */
static int finish_body(struct parser *P, struct body *b)
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
			if (sb_printf(&sb, "%s@%lu", e->cls, n++))
				goto nomem;
		} while (strmap_get(&b->names, sb.s, NULL));
		e->name = strdup(sb.s);
		if (!e->name || strmap_put(&b->names, e->name, (int)i))
			goto nomem;
	}
	free(sb.s);
	return 0;
nomem:
	free(sb.s);
	return oom(P);
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
		oom(P);
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
			perr(P, c->line, c->col,
			     "compound '%s' input %d unused", name, k);
			goto out;
		}
	for (k = 0; k < c->noutputs; k++)
		if (!out[k]) {
			perr(P, c->line, c->col,
			     "compound '%s' output %d unused", name, k);
			goto out;
		}
	finish_body(P, &c->body);
out:
	free(in);
	free(out);
	return P->rc;
}

/* After '{' (lbrace); name is NULL for an anonymous compound. */
static int parse_compound(struct parser *P, const struct tok *name,
			  const struct tok *lbrace, struct compound **out)
{
	struct pscope sc;
	struct compound *c;
	size_t saved = P->nclasses;

	*out = NULL;
	if (P->depth >= KC_LANG_MAX_DEPTH)
		return perr(P, lbrace->line, lbrace->col,
			    "elementclass nesting too deep (limit %d)",
			    KC_LANG_MAX_DEPTH);
	c = calloc(1, sizeof(*c));
	if (!c)
		return oom(P);
	c->next = P->all;	/* owned by P from here on */
	P->all = c;
	c->name = name ? xstrndup(name->s, name->len) : strdup("");
	if (!c->name)
		return oom(P);
	c->line = name ? name->line : lbrace->line;
	c->col = name ? name->col : lbrace->col;
	c->depth = P->depth;

	sc.parent = P->scope;
	sc.body = &c->body;
	sc.comp = c;
	P->scope = &sc;
	P->depth++;
	if (!parse_formals(P, c))
		parse_statements(P, lbrace);
	P->depth--;
	P->scope = sc.parent;
	/* Classes defined inside the body are local to it. */
	classes_truncate(P, saved);
	if (P->rc || finish_compound(P, c))
		return P->rc;
	*out = c;
	return 0;
}

static int add_class(struct parser *P, const struct tok *name,
		     struct compound *comp, char *alias)
{
	struct classdef *cd;

	if (P->total_classes >= MAX_CLASSES) {
		free(alias);
		return perr(P, name->line, name->col,
			    "too many element classes (limit %d)", MAX_CLASSES);
	}
	if (grow(&P->classes, &P->cclasses, P->nclasses + 1,
		 sizeof(*P->classes))) {
		free(alias);
		return oom(P);
	}
	cd = &P->classes[P->nclasses];
	cd->name = xstrndup(name->s, name->len);
	cd->comp = comp;
	cd->alias = alias;
	if (!cd->name || (!comp && !alias)) {
		free(cd->name);
		free(alias);
		return oom(P);
	}
	P->nclasses++;
	P->total_classes++;
	return 0;
}

/* "elementclass Name { ... }" or "elementclass Name Other". */
static int parse_elementclass(struct parser *P)
{
	const struct classdef *cd;
	struct compound *c;
	struct tok name, t;

	if (lex(P, &name))
		return P->rc;
	if (name.type != T_IDENT)
		return syntax_error(P, &name, "element class name");
	if (check_name(P, &name, "element class name"))
		return P->rc;
	if (lex(P, &t))
		return P->rc;
	if (t.type == T_LBRACE) {
		if (parse_compound(P, &name, &t, &c))
			return P->rc;
		return add_class(P, &name, c, NULL);
	}
	if (t.type != T_IDENT)
		return syntax_error(P, &t, "'{' or element class name");
	if (check_name(P, &t, "element class name"))
		return P->rc;
	/* A synonym resolves now, like Click, so later shadowing of the
	 * target doesn't change it. */
	cd = find_class(P, t.s, t.len);
	if (cd && cd->comp)
		return add_class(P, &name, cd->comp, NULL);
	return add_class(P, &name, NULL,
			 cd ? strdup(cd->alias) : xstrndup(t.s, t.len));
}

/* "define($X value, $Y value)" into the current body. */
static int parse_define(struct parser *P, const struct tok *kw)
{
	struct body *b = P->scope->body;
	char *text, **argv;
	size_t argc, i;
	struct tok t;

	if (lex(P, &t))
		return P->rc;
	if (t.type != T_LPAREN)
		return syntax_error(P, &t, "'('");
	/* Values are substituted as written, so don't check them here. */
	if (lex_config(P, t.line, t.col, false, &text))
		return P->rc;
	if (split_args(text, &argv, &argc)) {
		free(text);
		return oom(P);
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
			perr(P, kw->line, kw->col,
			     "bad define() argument %zu: expected '$NAME value'",
			     i + 1);
			break;
		}
		while (is_space((unsigned char)*v))
			v++;
		add_var(P, b, xstrndup(a + 1, n), strdup(v), NULL, kw->line,
			kw->col);
	}
	free_args(argv, argc);
	return P->rc;
}

/* "require(...)": packages are a Click userlevel notion; accept, ignore. */
static int parse_require(struct parser *P)
{
	struct tok t;
	char *text;

	if (lex(P, &t))
		return P->rc;
	if (t.type != T_LPAREN)
		return syntax_error(P, &t, "'('");
	if (lex_config(P, t.line, t.col, false, &text))
		return P->rc;
	free(text);
	return 0;
}

/* Statements up to EOF (top level) or the '}' closing lbrace. */
static int parse_statements(struct parser *P, const struct tok *lbrace)
{
	struct tok t;

	for (;;) {
		if (lex(P, &t))
			return P->rc;
		switch (t.type) {
		case T_IDENT:
		case T_LBRACK:
		case T_LBRACE:
			unlex(P, &t);
			if (parse_chain(P))
				return P->rc;
			break;
		case T_ELEMENTCLASS:
			if (parse_elementclass(P))
				return P->rc;
			break;
		case T_DEFINE:
			if (parse_define(P, &t))
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
			return perr(P, t.line, t.col, "unmatched '}'");
		case T_EOF:
			if (lbrace)
				return perr(P, lbrace->line, lbrace->col,
					    "unterminated '{'");
			return 0;
		default:
			return syntax_error(P, &t, "statement");
		}
	}
}

/* ---- flattening -------------------------------------------------------- */

struct env {
	const struct env *parent;
	int depth;
	const struct body *body;
	char **values;		/* per body var; NULL: use the define()d value */
};

struct fedge {
	unsigned int from, fport, to, tport;
	int line, col;
};

struct flat {
	struct parser *P;
	struct kc_cfg *cfg;
	size_t celems, clinks;
	int *node_elem;		/* node -> cfg elem, or -1 for a tunnel */
	size_t nnodes, cnodes;
	struct fedge *edges;
	size_t nedges, cedges;
	struct strmap names;	/* flat name -> elem index, -1 compound */
	char **inst;		/* compound instance names (map keys) */
	size_t ninst, cinst;
	size_t cfg_bytes;
	size_t *lset;		/* link hash set: index + 1, 0 empty */
	size_t lset_cap;
};

static const char *env_lookup(const struct env *e, const char *s, size_t n)
{
	int i;

	for (; e; e = e->parent)
		if (strmap_getn(&e->body->varmap, s, n, &i))
			return e->values ? e->values[i] : e->body->vars[i].value;
	return NULL;
}

/* Substitute $name / ${name} outside single quotes. */
static int expand_vars(struct flat *F, const char *s, const struct env *env,
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
				if (sb_putn(&b, s, 2))
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
		if (val ? sb_putn(&b, val, strlen(val)) : sb_putn(&b, s, len))
			goto nomem;
		s += len;
		if (b.len > KC_LANG_MAX_CONFIG) {
			free(b.s);
			return perr(F->P, e->line, e->col,
				    "configuration of '%s' longer than %d bytes after substitution",
				    e->name, KC_LANG_MAX_CONFIG);
		}
	}
	*out = b.s ? b.s : strdup("");
	if (!*out)
		return oom(F->P);
	return 0;
nomem:
	free(b.s);
	return oom(F->P);
}

static int add_node(struct flat *F, int elem, int *node)
{
	if (grow(&F->node_elem, &F->cnodes, F->nnodes + 1,
		 sizeof(*F->node_elem)))
		return oom(F->P);
	F->node_elem[F->nnodes] = elem;
	*node = (int)F->nnodes++;
	return 0;
}

/* Claim a flattened name; name is borrowed (caller keeps it alive). */
static int claim_name(struct flat *F, const char *name, int val,
		      const struct pelem *e)
{
	int old;

	if (strmap_get(&F->names, name, &old)) {
		const struct kc_cfg_elem *o = old >= 0 ? &F->cfg->elems[old] :
					      NULL;

		if (o)
			return perr(F->P, e->line, e->col,
				    "redeclaration of element '%s' (first declared at %s:%d:%d)",
				    name, F->P->file, o->line, o->col);
		return perr(F->P, e->line, e->col,
			    "redeclaration of element '%s'", name);
	}
	if (strmap_put(&F->names, name, val))
		return oom(F->P);
	return 0;
}

/* Bind a compound instance's arguments to its formals (Click's rules). */
static int bind_args(struct flat *F, const struct compound *c,
		     const struct pelem *e, const char *config, char **values)
{
	size_t argc, npos = 0, i, j;
	struct sbuf rest = { 0 };
	char **argv;
	int rest_idx = -1;

	while (npos < c->nformals && !c->body.vars[npos].keyword)
		npos++;
	if (split_args(config, &argv, &argc))
		return oom(F->P);
	if (argc < npos) {
		perr(F->P, e->line, e->col,
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
				perr(F->P, e->line, e->col,
				     "keyword '%s' given twice to compound '%s'",
				     c->body.vars[j].keyword, c->name);
				goto out;
			}
			values[j] = strdup(v);
			if (!values[j])
				goto nomem;
		} else if (rest_idx >= 0) {
			if ((rest.len && sb_putn(&rest, ", ", 2)) ||
			    sb_putn(&rest, a, strlen(a)))
				goto nomem;
		} else {
			perr(F->P, e->line, e->col,
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
			perr(F->P, e->line, e->col,
			     "missing keyword argument '%s' to compound '%s'",
			     c->body.vars[j].keyword, c->name);
			goto out;
		}
	goto out;
nomem:
	oom(F->P);
out:
	free(rest.s);
	free_args(argv, argc);
	return F->P->rc;
}

static int expand_body(struct flat *F, const struct body *b,
		       const char *prefix, const struct env *env, int in_node,
		       int out_node, int depth);

static int expand_compound(struct flat *F, const struct pelem *e,
			   const char *name, const char *config,
			   const struct env *env, int depth, int *tin,
			   int *tout)
{
	const struct compound *c = e->comp;
	const struct env *parent = env;
	char **values, *prefix = NULL;
	struct env ne;
	size_t i, n = c->body.nvars;

	if (depth >= KC_LANG_MAX_DEPTH)
		return perr(F->P, e->line, e->col,
			    "compound nesting too deep (limit %d)",
			    KC_LANG_MAX_DEPTH);
	values = calloc(n + 1, sizeof(*values));
	if (!values)
		return oom(F->P);
	if (bind_args(F, c, e, config, values))
		goto out;
	/* Lexical scoping: the compound sees the scopes it was defined in. */
	while (parent && parent->depth > c->depth)
		parent = parent->parent;
	ne.parent = parent;
	ne.depth = c->depth + 1;
	ne.body = &c->body;
	ne.values = values;
	for (i = c->nformals; i < n; i++)
		if (expand_vars(F, c->body.vars[i].value, &ne, e, &values[i]))
			goto out;
	if (add_node(F, -1, tin) || add_node(F, -1, tout))
		goto out;
	if (asprintf(&prefix, "%s/", name) < 0) {
		prefix = NULL;
		oom(F->P);
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

static int add_flat_elem(struct flat *F, const struct pelem *e, char *name,
			 char *config, int *node)
{
	struct kc_cfg *cfg = F->cfg;
	struct kc_cfg_elem *fe;
	char *cls;

	if (cfg->nelems >= KC_LANG_MAX_ELEMENTS) {
		perr(F->P, e->line, e->col,
		     "too many elements after expanding compounds (limit %d)",
		     KC_LANG_MAX_ELEMENTS);
		goto fail;
	}
	F->cfg_bytes += strlen(config);
	if (F->cfg_bytes > MAX_CFG_BYTES) {
		perr(F->P, e->line, e->col,
		     "configuration strings too large after expanding compounds");
		goto fail;
	}
	cls = strdup(e->cls);
	if (!cls || grow(&cfg->elems, &F->celems, cfg->nelems + 1,
			 sizeof(*cfg->elems))) {
		free(cls);
		oom(F->P);
		goto fail;
	}
	fe = &cfg->elems[cfg->nelems];
	fe->name = name;
	fe->cls = cls;
	fe->config = config;
	fe->line = e->line;
	fe->col = e->col;
	if (claim_name(F, name, (int)cfg->nelems, e)) {
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

static int expand_body(struct flat *F, const struct body *b,
		       const char *prefix, const struct env *env, int in_node,
		       int out_node, int depth)
{
	int *nin, *nout;
	size_t i;

	nin = calloc(b->nelems + 1, sizeof(*nin));
	nout = calloc(b->nelems + 1, sizeof(*nout));
	if (!nin || !nout) {
		oom(F->P);
		goto out;
	}
	for (i = 0; i < b->nelems; i++) {
		const struct pelem *e = &b->elems[i];
		char *name, *config;

		if (asprintf(&name, "%s%s", prefix, e->name) < 0) {
			oom(F->P);
			goto out;
		}
		if (expand_vars(F, e->config, env, e, &config)) {
			free(name);
			goto out;
		}
		if (!e->comp) {
			if (add_flat_elem(F, e, name, config, &nin[i]))
				goto out;
			nout[i] = nin[i];
			continue;
		}
		if (grow(&F->inst, &F->cinst, F->ninst + 1, sizeof(*F->inst))) {
			free(name);
			free(config);
			oom(F->P);
			goto out;
		}
		F->inst[F->ninst++] = name;	/* now owned by F */
		if (claim_name(F, name, -1, e) ||
		    expand_compound(F, e, name, config, env, depth, &nin[i],
				    &nout[i])) {
			free(config);
			goto out;
		}
		free(config);
	}
	for (i = 0; i < b->nhooks; i++) {
		const struct phook *h = &b->hooks[i];
		const struct pelem *fe = h->from >= 0 ? &b->elems[h->from] : NULL;
		const struct pelem *te = h->to >= 0 ? &b->elems[h->to] : NULL;
		struct fedge *ed;

		if (fe && fe->comp && h->fport >= fe->comp->noutputs) {
			perr(F->P, h->fline, h->fcol,
			     "compound '%s' has no output %d",
			     *fe->comp->name ? fe->comp->name : "<anonymous>",
			     h->fport);
			goto out;
		}
		if (te && te->comp && h->tport >= te->comp->ninputs) {
			perr(F->P, h->tline, h->tcol,
			     "compound '%s' has no input %d",
			     *te->comp->name ? te->comp->name : "<anonymous>",
			     h->tport);
			goto out;
		}
		if (F->nedges >= KC_LANG_MAX_LINKS) {
			perr(F->P, h->line, h->col,
			     "too many connections after expanding compounds (limit %d)",
			     KC_LANG_MAX_LINKS);
			goto out;
		}
		if (grow(&F->edges, &F->cedges, F->nedges + 1,
			 sizeof(*F->edges))) {
			oom(F->P);
			goto out;
		}
		ed = &F->edges[F->nedges++];
		ed->from = fe ? nout[h->from] : in_node;
		ed->fport = h->fport;
		ed->to = te ? nin[h->to] : out_node;
		ed->tport = h->tport;
		ed->line = h->line;
		ed->col = h->col;
	}
out:
	free(nin);
	free(nout);
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
			return oom(F->P);
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
		return perr(F->P, line, col,
			    "too many connections after expanding compounds (limit %d)",
			    MAX_LINKS_OUT);
	if (grow(&cfg->links, &F->clinks, cfg->nlinks + 1,
		 sizeof(*cfg->links)))
		return oom(F->P);
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
		return oom(F->P);
	for (i = 0; i < F->nedges; i++)
		if (F->node_elem[E[i].from] < 0)
			te[nt++] = i;
	qsort_r(te, nt, sizeof(*te), cmp_tunnel_edge, (void *)E);
	stamp = calloc(nt + 1, sizeof(*stamp));
	stack = malloc((nt + 1) * sizeof(*stack));
	if (!stamp || !stack) {
		oom(F->P);
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
					perr(F->P, e->line, e->col,
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
	strmap_free(&F->names);
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
	struct env genv = { 0 };
	struct flat F;
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

	if (!parse_statements(&P, NULL))
		finish_body(&P, &P.top);
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
	memset(&F, 0, sizeof(F));
	F.P = &P;
	F.cfg = cfg;
	genv.body = &P.top;
	if (!expand_body(&F, &P.top, "", &genv, -1, -1, 0) && !splice(&F) &&
	    cfg->nlinks)
		/* Splicing emits inner links first; a canonical order is
		 * easier on readers and golden files.  Links are unique. */
		qsort(cfg->links, cfg->nlinks, sizeof(*cfg->links), cmp_link);
	flat_free(&F);
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
		if (sb_putn(&b, chunk, n)) {
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

int kc_cfg_format(const struct kc_cfg *cfg, char **out)
{
	struct sbuf b = { 0 };
	size_t i;
	int rc = 0;

	*out = NULL;
	for (i = 0; cfg && i < cfg->nelems && !rc; i++) {
		const struct kc_cfg_elem *e = &cfg->elems[i];
		const unsigned char *s;

		rc = sb_printf(&b, "elem %s %s \"", e->name, e->cls);
		for (s = (const unsigned char *)e->config; *s && !rc; s++) {
			if (*s == '"' || *s == '\\')
				rc = sb_printf(&b, "\\%c", *s);
			else if (*s == '\n')
				rc = sb_printf(&b, "\\n");
			else if (*s == '\t')
				rc = sb_printf(&b, "\\t");
			else if (*s < 0x20 || *s >= 0x7f)
				rc = sb_printf(&b, "\\x%02x", *s);
			else
				rc = sb_putc(&b, *s);
		}
		if (!rc)
			rc = sb_printf(&b, "\"\n");
	}
	for (i = 0; cfg && i < cfg->nlinks && !rc; i++) {
		const struct kc_cfg_link *l = &cfg->links[i];

		rc = sb_printf(&b, "link %s[%u] -> [%u] %s\n",
			       cfg->elems[l->from].name, l->from_port,
			       l->to_port, cfg->elems[l->to].name);
	}
	if (!rc && !b.s)
		rc = sb_putn(&b, "", 0);
	if (rc) {
		free(b.s);
		return -ENOMEM;
	}
	*out = b.s;
	return 0;
}
