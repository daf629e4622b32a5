/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Private interface between the files of the Click language front end:
 *
 *	lang_util.c	strings, growable arrays, a string -> int map
 *	lex.c		tokens, configuration strings, error reporting
 *	parse.c		statements, declarations, connections; the public
 *			kc_cfg_parse() and friends
 *	vars.c		define(), $variables, compound parameters
 *	compound.c	elementclass and { ... } compounds
 *	flatten.c	compound expansion, link splicing, kc_cfg_format()
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
#ifndef KCLICK_LANG_INT_H
#define KCLICK_LANG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "kclick.h"
#include "lang.h"

#define PSEUDO_IN	(-1)
#define PSEUDO_OUT	(-2)
#define NO_ELEM		(-3)

#define MAX_CLASSES	4096	/* elementclass definitions in one file */
#define MAX_LINKS_OUT	(1 << 20)	/* links after splicing */
#define MAX_SPLICE_WORK	(1 << 26)	/* tunnel steps while splicing */
#define MAX_CFG_BYTES	(64 << 20)	/* all expanded config strings */
#define MAX_COMPOUNDS	16384	/* compound bodies ({ } and || alternatives) */
#define MAX_SUBST	65536	/* $variable substitutions in one config */

/* ---- characters, strings, arrays, maps (lang_util.c) ---- */

static inline bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters of an element or class name (Click's lexer: '/' is special). */
static inline bool is_word(int c)
{
	return is_alnum(c) || c == '_' || c == '@';
}

static inline bool is_var(int c)
{
	return is_alnum(c) || c == '_';
}

char *kc_strndup(const char *s, size_t n);
/* Make room for need elements in *arr (capacity *cap). */
int kc_grow(void *arrp, size_t *cap, size_t need, size_t size);

struct sbuf {
	char *s;
	size_t len, cap;
};

int kc_sb_putn(struct sbuf *b, const char *s, size_t n);
int kc_sb_putc(struct sbuf *b, char c);
int kc_sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Take the buffer's string (never NULL on success), trimmed of whitespace. */
char *kc_sb_take_trimmed(struct sbuf *b);

/* String -> int map (open addressing; keys are borrowed). */
struct strmap {
	const char **keys;
	int *vals;
	size_t cap, n;
};

bool kc_key_eq(const char *key, const char *s, size_t n);
bool kc_map_getn(const struct strmap *m, const char *s, size_t n, int *val);
bool kc_map_get(const struct strmap *m, const char *s, int *val);
/* Insert or overwrite; key must outlive the map. */
int kc_map_put(struct strmap *m, const char *key, int val);
void kc_map_free(struct strmap *m);

/* Quote at most 40 bytes of s for a message, escaping what isn't printable. */
const char *kc_show(char *buf, size_t size, const char *s, size_t n);
/* Split a config into trimmed top-level comma-separated arguments. */
int kc_split_args(const char *s, char ***argv, size_t *argc);
void kc_free_args(char **v, size_t n);

/* ---- parse trees ---- */

struct compound;

struct pelem {
	char *name;		/* NULL while anonymous (named at body end) */
	char *cls;		/* class as written; "" for an anonymous compound */
	struct compound *comp;	/* the compound class, or NULL if primitive */
	char *config;		/* comments stripped, trimmed, unexpanded */
	const char *file;	/* owned by the parser (line directives) */
	int line, col;
	int slot;		/* Click's number for "Class@N" names */
	bool group;		/* an element group "( ... )": two tunnels */
	int gin, gout;		/* a group's input and output counts */
};

struct phook {
	int from, to;		/* element indexes or PSEUDO_IN/PSEUDO_OUT */
	bool fgrp, tgrp;	/* from group from's 'input', to group to's 'output' */
	int fport, tport;
	const char *file;
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
	int nslots;		/* Click's element count, for anonymous names */
};

struct compound {
	struct compound *next;	/* every compound, for freeing */
	char *name;		/* "" if anonymous */
	int line, col;
	int depth;		/* nesting depth of the defining body */
	size_t nformals;
	int ninputs, noutputs;
	struct compound *overload;	/* next "||" alternative, or NULL */
	char *fallback;		/* "|| ..." extending a primitive class */
	int nalts;		/* alternatives from here to the chain's end */
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
	int group;		/* innermost open "( ... )" in body, or -1 */
};

enum {
	T_EOF, T_IDENT, T_VAR, T_ARROW, T_2COLON, T_LBRACK, T_RBRACK,
	T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE, T_COMMA, T_SEMI, T_BAR,
	T_ELEMENTCLASS, T_REQUIRE, T_DEFINE, T_OTHER, T_2ARROW, T_2BAR,
	T_3DOT,
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
	const char *file;	/* current file name (line directives) */
	const char *file0;	/* the input's own name */
	char **files;		/* names from line directives, owned */
	size_t nfiles, cfiles;
	struct kc_err *err;
	int rc;

	struct tok push[4];	/* pushed-back tokens (LIFO) */
	int npush;

	int depth;		/* elementclass nesting */
	size_t total_elems, total_hooks, total_classes, total_comps;
	struct compound *all;
	struct classdef *classes;
	size_t nclasses, cclasses;
	struct pscope *scope;
	struct body top;
};

/* ---- flattening (flatten.c, with vars.c's substitution) ---- */

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

/* ---- lex.c ---- */

int kc_perr(struct parser *P, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same, about a place in file (which line directives may have named). */
int kc_perr_in(struct parser *P, const char *file, int line, int col,
	       const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Make name (copied) the current file name for messages. */
int kc_intern_file(struct parser *P, const char *name);
int kc_oom(struct parser *P);
int kc_lex(struct parser *P, struct tok *t);
void kc_unlex(struct parser *P, const struct tok *t);
int kc_syntax_error(struct parser *P, const struct tok *t,
		    const char *expected);
int kc_lex_config(struct parser *P, int open_line, int open_col, char **out);

/* ---- parse.c ---- */

/*
 * Statements up to what closes open: end of input (open NULL), the '}' (or
 * "||") of a compound, the ')' of a group.  *end gets the closing token.
 */
int kc_parse_statements(struct parser *P, const struct tok *open,
			struct tok *end);
/* Refuse a name that starts with a digit: "invalid WHAT 'NAME'". */
int kc_check_name(struct parser *P, const struct tok *t, const char *what);
/* Name a body's anonymous elements. */
int kc_finish_body(struct parser *P, struct body *b);

/* ---- compound.c ---- */

const struct classdef *kc_find_class(const struct parser *P, const char *s,
				     size_t n);
void kc_classes_truncate(struct parser *P, size_t n);
/* After '{' (lbrace); name is NULL for an anonymous compound. */
int kc_parse_compound(struct parser *P, const struct tok *name,
		      const struct tok *lbrace, struct compound **out);
int kc_parse_elementclass(struct parser *P);

/* ---- vars.c ---- */

int kc_add_var(struct parser *P, struct body *b, char *name, char *value,
	       char *keyword, int line, int col);
int kc_parse_define(struct parser *P, const struct tok *kw);
int kc_expand_vars(struct flat *F, const char *s, const struct env *env,
		   const struct pelem *e, char **out);
/* report false: fail quietly (trying overloaded alternatives). */
int kc_bind_args(struct flat *F, const struct compound *c,
		 const struct pelem *e, const char *config, char **values,
		 bool report);
/* Apply "NAME=VALUE" definitions (command line) to the top body. */
int kc_set_defines(struct parser *P, const char *const *defs, size_t ndefs);

/* ---- flatten.c ---- */

int kc_flatten(struct parser *P, struct kc_cfg *cfg);

#endif /* KCLICK_LANG_INT_H */
