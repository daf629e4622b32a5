/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libkclick: the Click language front end and the netlink client.
 *
 * The library never prints and never exits.  Every fallible call returns 0 or
 * a negative errno and, when given a struct kc_err, fills it with a message a
 * user can act on: "fw.click:12:5: unknown element class 'Countr'".
 */
#ifndef KCLICK_LIB_H
#define KCLICK_LIB_H

#include <stddef.h>
#include <stdint.h>

#define KC_VERSION "0.1.0"

struct kc_err {
	char msg[1024];		/* without "Error: " and without final '.' */
	char file[256];		/* "" when not about a file */
	int line, col;		/* 0 when unknown */
};

/* Set err (if non-NULL) and return -errnum.  Always returns a negative value. */
int kc_err_set(struct kc_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with a file position prefix "file:line:col: ". */
int kc_err_set_at(struct kc_err *err, int errnum, const char *file, int line,
		  int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * A flattened configuration: what the Click language front end produces and
 * what GRAPH_NEW carries.  Compounds are expanded (names "outer/inner"),
 * anonymous elements named Click-style ("Counter@3"), define()s substituted.
 */
struct kc_cfg_elem {
	char *name;
	char *cls;
	char *config;		/* argument text as written, "" if none */
	int line, col;		/* where it was declared (first mention) */
};

struct kc_cfg_link {
	unsigned int from, from_port;	/* indexes into kc_cfg.elems */
	unsigned int to, to_port;
	int line, col;
};

struct kc_cfg {
	char *file;		/* as given to the parser, for messages */
	struct kc_cfg_elem *elems;
	size_t nelems;
	struct kc_cfg_link *links;
	size_t nlinks;
};

int kc_cfg_parse(const char *text, size_t len, const char *file,
		 struct kc_cfg **out, struct kc_err *err);
int kc_cfg_parse_file(const char *path, struct kc_cfg **out,
		      struct kc_err *err);
void kc_cfg_free(struct kc_cfg *cfg);
/* Index of the element called name, or -1. */
int kc_cfg_find(const struct kc_cfg *cfg, const char *name);

#endif /* KCLICK_LIB_H */
