// SPDX-License-Identifier: GPL-2.0
/* A small JSON writer: enough for -j output, strict about escaping. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define KC_JSON_DEPTH 16

struct kc_json {
	FILE *f;
	int pretty;
	int depth;
	int count[KC_JSON_DEPTH];	/* items written at each level */
};

struct kc_json *kc_json_new(FILE *f, int pretty)
{
	struct kc_json *j = calloc(1, sizeof(*j));

	if (!j) {
		fputs("Error: out of memory.\n", stderr);
		exit(KC_EXIT_FAIL);
	}
	j->f = f;
	j->pretty = pretty;
	return j;
}

void kc_json_end(struct kc_json *j)
{
	fputc('\n', j->f);
	free(j);
}

static void put_escaped(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			/* Control bytes and non-ASCII: \u00XX keeps it valid. */
			if (c < 0x20 || c >= 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

/* Comma, newline and indent before an item; then "key": if in an object. */
static void item(struct kc_json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (j->pretty && j->depth) {
		fputc('\n', j->f);
		fprintf(j->f, "%*s", 2 * j->depth, "");
	}
	if (key) {
		put_escaped(j->f, key, strlen(key));
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void open_(struct kc_json *j, const char *key, char c)
{
	item(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < KC_JSON_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void close_(struct kc_json *j, char c)
{
	int had = j->count[j->depth];

	if (j->depth)
		j->depth--;
	if (j->pretty && had) {
		fputc('\n', j->f);
		fprintf(j->f, "%*s", 2 * j->depth, "");
	}
	fputc(c, j->f);
}

void kc_json_obj(struct kc_json *j, const char *key)
{
	open_(j, key, '{');
}

void kc_json_obj_end(struct kc_json *j)
{
	close_(j, '}');
}

void kc_json_arr(struct kc_json *j, const char *key)
{
	open_(j, key, '[');
}

void kc_json_arr_end(struct kc_json *j)
{
	close_(j, ']');
}

void kc_json_strn(struct kc_json *j, const char *key, const char *val,
		  size_t len)
{
	item(j, key);
	put_escaped(j->f, val, len);
}

void kc_json_str(struct kc_json *j, const char *key, const char *val)
{
	if (!val) {
		item(j, key);
		fputs("null", j->f);
		return;
	}
	kc_json_strn(j, key, val, strlen(val));
}

void kc_json_u64(struct kc_json *j, const char *key, unsigned long long v)
{
	item(j, key);
	fprintf(j->f, "%llu", v);
}

void kc_json_bool(struct kc_json *j, const char *key, int v)
{
	item(j, key);
	fputs(v ? "true" : "false", j->f);
}
