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

int kc_perr_in(struct parser *P, const char *file, int line, int col,
	       const char *fmt, ...)
{
	char body[768];
	va_list ap;

	if (P->rc)
		return P->rc;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	P->rc = kc_err_set_at(P->err, EINVAL, file ? file : P->file, line,
			      col, "%s", body);
	return P->rc;
}

int kc_intern_file(struct parser *P, const char *name)
{
	size_t i;

	for (i = 0; i < P->nfiles; i++)
		if (!strcmp(P->files[i], name)) {
			P->file = P->files[i];
			return 0;
		}
	if (P->nfiles >= MAX_CLASSES ||
	    kc_grow(&P->files, &P->cfiles, P->nfiles + 1, sizeof(*P->files)))
		return -ENOMEM;
	P->files[P->nfiles] = strdup(name);
	if (!P->files[P->nfiles])
		return -ENOMEM;
	P->file = P->files[P->nfiles++];
	return 0;
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

/*
 * At '#' starting a line: a C preprocessor line directive, "# N" or
 * "#line N", optionally followed by "FILE" (Click accepts them so cpp
 * output can be read).  The next line is line N of FILE; messages say so.
 */
static int line_directive(struct parser *P)
{
	int line = P->line, col = P->col;
	unsigned long n = 0;
	struct sbuf name = { 0 };
	const char *q;

	adv(P);
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\t'))
		adv(P);
	if (P->end - P->p > 4 && !memcmp(P->p, "line", 4) &&
	    (P->p[4] == ' ' || P->p[4] == '\t')) {
		while (P->p < P->end && *P->p != ' ' && *P->p != '\t')
			adv(P);
		while (P->p < P->end && (*P->p == ' ' || *P->p == '\t'))
			adv(P);
	}
	if (P->p >= P->end || !is_digit((unsigned char)*P->p))
		return kc_perr(P, line, col,
			       "unknown preprocessor directive (use '//' for comments)");
	while (P->p < P->end && is_digit((unsigned char)*P->p)) {
		if (n <= KC_LANG_MAX_LINE)
			n = n * 10 + (*P->p - '0');
		adv(P);
	}
	/* "# 0" is Click's own output (click-align's "<click-align>"). */
	if (n > KC_LANG_MAX_LINE)
		return kc_perr(P, line, col,
			       "line directive: line number out of range (0 to %d)",
			       KC_LANG_MAX_LINE);
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\t'))
		adv(P);
	if (P->p < P->end && *P->p == '"') {
		adv(P);
		for (q = P->p; P->p < P->end && *P->p != '"' &&
		     *P->p != '\n' && *P->p != '\r'; adv(P))
			if (P->p - q >= KC_LANG_MAX_FILENAME)
				return kc_perr(P, line, col,
					       "line directive: file name longer than %d bytes",
					       KC_LANG_MAX_FILENAME);
		if (P->p - q == 0) {
			P->file = P->file0;	/* "" means the input file */
		} else {
			if (kc_sb_putn(&name, q, P->p - q) ||
			    kc_intern_file(P, name.s)) {
				free(name.s);
				return kc_oom(P);
			}
			free(name.s);
		}
	}
	skip_to_eol(P);
	/* The newline ending the directive makes it line n. */
	P->line = (int)n - 1;
	return 0;
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
			if (P->line == 1 && at(P, 1, '!')) {
				skip_to_eol(P);	/* "#!" interpreter line */
				continue;
			}
			if (line_directive(P))
				return P->rc;
		} else {
			break;
		}
	}
	return 0;
}

static int punct_type(char c)
{
	static const char chars[] = "[](){},;|";
	static const int types[] = {
		T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE,
		T_COMMA, T_SEMI, T_BAR,
	};
	const char *p = c ? strchr(chars, c) : NULL;

	return p ? types[p - chars] : T_OTHER;
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
	if ((*s == '-' && at(P, 1, '>')) || (*s == ':' && at(P, 1, ':')) ||
	    (*s == '=' && at(P, 1, '>')) || (*s == '|' && at(P, 1, '|'))) {
		t->type = *s == '-' ? T_ARROW : *s == ':' ? T_2COLON :
			  *s == '=' ? T_2ARROW : T_2BAR;
		t->len = 2;
		adv(P);
		adv(P);
		return 0;
	}
	if (*s == '.' && at(P, 1, '.') && at(P, 2, '.')) {
		t->type = T_3DOT;
		t->len = 3;
		adv(P);
		adv(P);
		adv(P);
		return 0;
	}
	t->type = punct_type(*s);
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
 * Read a configuration string: P->p is just past '(' (at open_line:open_col).
 * Parentheses nest, quotes protect, comments are dropped (a slash-star
 * comment becomes one space so it still separates words).  Leaves P->p
 * past the matching ')'.
 */
int kc_lex_config(struct parser *P, int open_line, int open_col, char **out)
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
