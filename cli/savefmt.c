// SPDX-License-Identifier: GPL-2.0
/*
 * What `kclick save` writes: an installed graph as a flat Click
 * configuration that installs back into the same graph, including the
 * state handlers have written since the install when that state has a
 * configuration form:
 *
 *   class                          handler read    becomes the configuration
 *   Classifier, IPClassifier,      config          as read (the class's own
 *   IPFilter                                       config handler gives the
 *                                                  live rules)
 *   RadixIPLookup, LinearIPLookup  table           "ADDR/LEN [GW] OUT, ..."
 *                                                  (the table's "-" gateway
 *                                                  dropped)
 *   RoundRobinIPMapper             patterns        "PATTERN, ..."
 *   SourceIPHashMapper             patterns        "NNODES SEED" (from the
 *                                                  install) then "PATTERN, ..."
 *
 * Other read/write handlers (a Queue's capacity, a Paint's color) are
 * settings changed at run time that `save` does not carry (docs/design.md).
 * Pure functions, no netlink: the unit test runs them on fixed input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *cls;
	const char *handler;
	enum kc_live_form form;
} live_forms[] = {
	{ "Classifier", "config", KC_LIVE_AS_IS },
	{ "IPClassifier", "config", KC_LIVE_AS_IS },
	{ "IPFilter", "config", KC_LIVE_AS_IS },
	{ "RadixIPLookup", "table", KC_LIVE_ROUTES },
	{ "LinearIPLookup", "table", KC_LIVE_ROUTES },
	{ "RoundRobinIPMapper", "patterns", KC_LIVE_LINES },
	{ "SourceIPHashMapper", "patterns", KC_LIVE_FIRST_ARG_LINES },
};

const char *kc_live_handler(const char *cls, enum kc_live_form *form)
{
	size_t i;

	for (i = 0; i < sizeof(live_forms) / sizeof(live_forms[0]); i++)
		if (!strcmp(cls, live_forms[i].cls)) {
			*form = live_forms[i].form;
			return live_forms[i].handler;
		}
	return NULL;
}

/* A growing string; on allocation failure it stays NULL. */
struct sbuf {
	char *s;
	size_t len, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *t;

		while (cap < b->len + n + 1)
			cap *= 2;
		t = realloc(b->s, cap);
		if (!t) {
			b->oom = 1;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static char *sb_done(struct sbuf *b)
{
	if (b->oom) {
		free(b->s);
		return NULL;
	}
	if (!b->s)
		return strdup("");
	return b->s;
}

/* The words of one line, at most max, NUL-terminated in place. */
static int words(char *line, char **w, int max)
{
	int n = 0;
	char *tok, *save;

	for (tok = strtok_r(line, " \t", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t", &save))
		w[n++] = tok;
	return tok ? -1 : n;
}

/*
 * Each non-empty line of v an argument, separated by ",\n\t".  routes: a
 * line is "ADDR/LEN GW OUT" and a GW of "-" is left out.
 */
static int lines_form(const char *v, struct sbuf *b, int routes, int first)
{
	char *copy = strdup(v), *line, *save;

	if (!copy)
		return -1;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *w[4];
		int n;

		line += strspn(line, " \t");
		if (!*line)
			continue;
		if (!first)
			sb_str(b, ",\n\t");
		first = 0;
		if (!routes) {
			sb_str(b, line);
			continue;
		}
		n = words(line, w, 3);
		if (n != 3) {
			free(copy);
			return -1;	/* not a route table line */
		}
		sb_str(b, w[0]);
		if (strcmp(w[1], "-")) {
			sb_str(b, " ");
			sb_str(b, w[1]);
		}
		sb_str(b, " ");
		sb_str(b, w[2]);
	}
	free(copy);
	return 0;
}

char *kc_live_config(enum kc_live_form form, const char *value,
		     const char *installed)
{
	struct sbuf b = { 0 };
	size_t n;

	switch (form) {
	case KC_LIVE_AS_IS:
		n = strlen(value);
		while (n && value[n - 1] == '\n')
			n--;
		sb_add(&b, value, n);
		break;
	case KC_LIVE_ROUTES:
		if (lines_form(value, &b, 1, 1)) {
			free(b.s);
			return NULL;
		}
		break;
	case KC_LIVE_FIRST_ARG_LINES:
		/* The installed configuration's first argument, as written. */
		installed += strspn(installed, " \t\n");
		n = strcspn(installed, ",");
		while (n && strchr(" \t\n", installed[n - 1]))
			n--;
		sb_add(&b, installed, n);
		if (lines_form(value, &b, 0, 0)) {
			free(b.s);
			return NULL;
		}
		break;
	case KC_LIVE_LINES:
		if (lines_form(value, &b, 0, 1)) {
			free(b.s);
			return NULL;
		}
		break;
	}
	return sb_done(&b);
}

int kc_save_write(FILE *f, const struct kc_nl_graph *g,
		  char *const *configs)
{
	size_t i;

	fprintf(f, "// kclick graph '%s', saved by 'kclick save' from the module\n"
		"// (generation %u): flat, with the routes and rules written at run\n"
		"// time.  'kclick restore' or 'kclick install NAME FILE' installs it.\n",
		g->name ? g->name : "", g->gen);
	for (i = 0; i < g->nelems_got; i++) {
		const struct kc_nl_elem *e = &g->elems[i];
		const char *c = configs && configs[i] ? configs[i] : e->config;

		if (c && c[0])
			fprintf(f, "%s :: %s(%s);\n", e->name, e->cls, c);
		else
			fprintf(f, "%s :: %s;\n", e->name, e->cls);
	}
	for (i = 0; i < g->nlinks; i++) {
		const struct kc_nl_link *l = &g->links[i];

		if (l->from >= g->nelems_got || l->to >= g->nelems_got)
			return -1;
		fprintf(f, "%s [%u] -> [%u] %s;\n", g->elems[l->from].name,
			l->from_port, l->to_port, g->elems[l->to].name);
	}
	return ferror(f) ? -1 : 0;
}

int kc_graph_options_parse(const char *text, const char *file,
			   char ***defs, size_t *ndefs, struct kc_err *err)
{
	char **v = NULL;
	size_t n = 0;
	int lineno = 0, ret = 0;

	*defs = NULL;
	*ndefs = 0;
	while (*text) {
		size_t len = strcspn(text, "\n"), skip;
		const char *line = text;
		char **t;

		text += len + (text[len] == '\n');
		lineno++;
		skip = strspn(line, " \t");
		line += skip;
		len -= skip;
		while (len && strchr(" \t\r", line[len - 1]))
			len--;
		if (!len || *line == '#')
			continue;
		t = realloc(v, (n + 1) * sizeof(*v));
		if (!t) {
			ret = kc_err_set(err, ENOMEM, "out of memory");
			goto fail;
		}
		v = t;
		v[n] = strndup(line, len);
		if (!v[n]) {
			ret = kc_err_set(err, ENOMEM, "out of memory");
			goto fail;
		}
		if (!kc_cfg_is_define(v[n++])) {
			ret = kc_err_set_at(err, EINVAL, file, lineno, skip + 1,
					    "expected VAR=VALUE, got '%s'",
					    v[n - 1]);
			goto fail;
		}
	}
	*defs = v;
	*ndefs = n;
	return 0;
fail:
	while (n)
		free(v[--n]);
	free(v);
	return ret;
}
