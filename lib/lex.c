// SPDX-License-Identifier: LGPL-2.1
/*
 * The Click language lexer: tokens, comments, configuration strings (with
 * their $variable references checked), and the parser's error reporting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"

int kc_perr(struct parser *P, int line, int col, const char *fmt, ...)
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

int kc_oom(struct parser *P)
{
	if (!P->rc)
		P->rc = kc_err_set(P->err, ENOMEM, "out of memory");
	return P->rc;
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
	return kc_perr(P, line, col, "unterminated comment");
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
			return kc_perr(P, P->line, P->col,
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

int kc_lex(struct parser *P, struct tok *t)
{
	if (P->npush) {
		*t = P->push[--P->npush];
		return 0;
	}
	return next_token(P, t);
}

void kc_unlex(struct parser *P, const struct tok *t)
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
		snprintf(buf, size, "'%s'", kc_show(tmp, sizeof(tmp), t->s, t->len));
	return buf;
}

int kc_syntax_error(struct parser *P, const struct tok *t,
			const char *expected)
{
	char buf[256];

	return kc_perr(P, t->line, t->col, "expected %s near %s", expected,
		    tokdesc(buf, sizeof(buf), t));
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
	if (n && check && !kc_var_visible(P, name, n))
		return kc_perr(P, line, col, P->scope->comp ?
			    "unknown compound parameter '$%s'" :
			    "undefined variable '$%s'",
			    kc_show(tmp, sizeof(tmp), name, n));
	if (kc_sb_putn(out, s, len))
		return kc_oom(P);
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
int kc_lex_config(struct parser *P, int open_line, int open_col,
		      bool check_vars, char **out)
{
	struct sbuf b = { 0 };
	unsigned long depth = 1;

	*out = NULL;
	if (P->npush)		/* can't happen: '(' is never looked past */
		return kc_perr(P, open_line, open_col, "internal parser error");
	while (P->p < P->end) {
		char c = *P->p;

		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0) {
				adv(P);
				*out = kc_sb_take_trimmed(&b);
				return *out ? 0 : kc_oom(P);
			}
		} else if (c == '/' && at(P, 1, '/')) {
			skip_to_eol(P);
			continue;
		} else if (c == '/' && at(P, 1, '*')) {
			if (skip_block_comment(P))
				goto fail;
			if (kc_sb_putc(&b, ' '))
				goto nomem;
			continue;
		} else if (c == '$') {
			if (config_var(P, &b, check_vars))
				goto fail;
			continue;
		} else if (c == '"' || c == '\'') {
			int line = P->line, col = P->col;

			if (kc_sb_putc(&b, c))
				goto nomem;
			adv(P);
			for (;;) {
				char q = P->p < P->end ? *P->p : 0;

				if (P->p >= P->end) {
					kc_perr(P, line, col, "unterminated string");
					goto fail;
				}
				/* Click: only double quotes have escapes. */
				if (q == '\\' && c == '"' && P->p + 1 < P->end) {
					if (kc_sb_putn(&b, P->p, 2))
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
				if (kc_sb_putc(&b, q))
					goto nomem;
				adv(P);
				if (q == c)
					break;
			}
			continue;
		}
		if (kc_sb_putc(&b, c))
			goto nomem;
		adv(P);
	}
	kc_perr(P, open_line, open_col, "unterminated '('");
	goto fail;
nomem:
	kc_oom(P);
fail:
	free(b.s);
	return P->rc;
}
