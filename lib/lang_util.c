// SPDX-License-Identifier: LGPL-2.1
/*
 * Small helpers of the Click language front end: growable arrays and
 * strings, a string -> int map, quoting for messages, argument splitting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_int.h"

char *kc_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Make room for need elements in *arr (capacity *cap). */
int kc_grow(void *arrp, size_t *cap, size_t need, size_t size)
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

int kc_sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (kc_grow(&b->s, &b->cap, b->len + n + 1, 1))
		return -ENOMEM;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int kc_sb_putc(struct sbuf *b, char c)
{
	return kc_sb_putn(b, &c, 1);
}

int kc_sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || kc_grow(&b->s, &b->cap, b->len + n + 1, 1))
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
	return 0;
}

/* Take the buffer's string (never NULL on success), trimmed of whitespace. */
char *kc_sb_take_trimmed(struct sbuf *b)
{
	size_t s = 0, e = b->len;
	char *r;

	while (s < e && is_space((unsigned char)b->s[s]))
		s++;
	while (e > s && is_space((unsigned char)b->s[e - 1]))
		e--;
	r = kc_strndup(b->s ? b->s + s : "", e - s);
	free(b->s);
	memset(b, 0, sizeof(*b));
	return r;
}

static size_t hash_mem(const char *s, size_t n)
{
	size_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

bool kc_key_eq(const char *key, const char *s, size_t n)
{
	return strncmp(key, s, n) == 0 && key[n] == '\0';
}

bool kc_map_getn(const struct strmap *m, const char *s, size_t n,
			int *val)
{
	size_t i;

	if (!m->cap)
		return false;
	for (i = hash_mem(s, n) & (m->cap - 1); m->keys[i];
	     i = (i + 1) & (m->cap - 1)) {
		if (kc_key_eq(m->keys[i], s, n)) {
			if (val)
				*val = m->vals[i];
			return true;
		}
	}
	return false;
}

bool kc_map_get(const struct strmap *m, const char *s, int *val)
{
	return kc_map_getn(m, s, strlen(s), val);
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
int kc_map_put(struct strmap *m, const char *key, int val)
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

void kc_map_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
/* Quote at most 40 bytes of s for a message, escaping what isn't printable. */
const char *kc_show(char *buf, size_t size, const char *s, size_t n)
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
/*
 * Split a config into comma-separated arguments (commas inside quotes,
 * parentheses, brackets and braces don't count).  Each argument is trimmed;
 * an empty config has no arguments.
 */
int kc_split_args(const char *s, char ***argv, size_t *argc)
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
			if (kc_grow(&v, &cap, n + 1, sizeof(*v)) ||
			    !(v[n] = kc_strndup(a, e - a)))
				goto nomem;
			n++;
			if (!*p)
				break;
			start = p + 1;
		}
	}
	/* Click: an empty last argument is ignored ("F(1, )" is "F(1)"). */
	if (n > 1 && !*v[n - 1])
		free(v[--n]);
	*argv = v;
	*argc = n;
	return 0;
nomem:
	while (n--)
		free(v[n]);
	free(v);
	return -ENOMEM;
}

void kc_free_args(char **v, size_t n)
{
	while (n--)
		free(v[n]);
	free(v);
}
