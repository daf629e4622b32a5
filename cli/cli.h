/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kclick command: one file per group of subcommands, this header for
 * what they share.  A subcommand returns the process exit status:
 * 0 done, 1 failed (an "Error: ..." line was printed), 2 bad usage.
 */
#ifndef KCLICK_CLI_H
#define KCLICK_CLI_H

#include <stdio.h>
#include "kclick.h"

enum { KC_EXIT_OK, KC_EXIT_FAIL, KC_EXIT_USAGE };

struct kc_cli {
	int json;		/* -j */
	int pretty;		/* -p (with -j) */
	const char *prog;
};

extern struct kc_cli kc_cli;

/* Print "Error: <msg>." on stderr; returns KC_EXIT_FAIL. */
int kc_fail(const struct kc_err *err);
int kc_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage message for one subcommand on stderr; returns KC_EXIT_USAGE. */
int kc_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open the netlink client, or print why not; NULL on failure. */
struct kc_nl *kc_cli_nl(void);

/*
 * Split subcommand arguments into options (known long/short flags, given
 * anywhere) and positionals.  flags: NULL-terminated names like "--replace";
 * set[i] becomes 1 for each flag seen.  Returns the number of positionals
 * (moved to the front of argv), or -1 after printing a usage error.
 */
int kc_cli_args(int argc, char **argv, const char *const *flags, int *set);

/* JSON writer (cli/json.c): commas and nesting handled here. */
struct kc_json;
struct kc_json *kc_json_new(FILE *f, int pretty);
void kc_json_end(struct kc_json *j);	/* final newline, frees j */
void kc_json_obj(struct kc_json *j, const char *key);
void kc_json_obj_end(struct kc_json *j);
void kc_json_arr(struct kc_json *j, const char *key);
void kc_json_arr_end(struct kc_json *j);
void kc_json_str(struct kc_json *j, const char *key, const char *val);
void kc_json_strn(struct kc_json *j, const char *key, const char *val,
		  size_t len);
void kc_json_u64(struct kc_json *j, const char *key, unsigned long long v);
void kc_json_bool(struct kc_json *j, const char *key, int v);

/* Graphviz DOT (cli/dot.c); counts: label connections with packets. */
void kc_dot_write(FILE *f, const struct kc_nl_graph *g, int counts);
const struct kc_nl_port *kc_nl_port_find(const struct kc_nl_elem *e,
					 int output, unsigned int index);
/* A connection's processing and the packets that crossed it; -1 if unknown. */
int kc_nl_link_packets(const struct kc_nl_graph *g,
		       const struct kc_nl_link *l, int *pull,
		       unsigned long long *packets);

/* Prometheus text format (cli/prom.c). */
struct kc_prom_hval {
	const char *graph, *elem, *handler;
	const char *value;	/* as read; skipped unless a number */
};
void kc_prom_write(FILE *f, const struct kc_nl_graph *g, size_t ng,
		   const struct kc_prom_hval *hv, size_t nh);
int kc_prom_number(const char *v, size_t *start, size_t *len);
/* Handlers every element has (name, class, config, ...). */
int kc_handler_generic(const char *name);
/* Read-only, not generic: what --prometheus reads. */
int kc_prom_handler_wanted(const char *name, unsigned int flags);

/* kclick save (cli/savefmt.c): live state with a configuration form. */
enum kc_live_form {
	KC_LIVE_AS_IS,			/* the handler's value is the config */
	KC_LIVE_ROUTES,			/* route table lines: ADDR/LEN GW|- OUT */
	KC_LIVE_LINES,			/* one argument per line */
	KC_LIVE_FIRST_ARG_LINES,	/* installed first argument, then lines */
};
/* The handler of class cls whose value is its live configuration, or NULL. */
const char *kc_live_handler(const char *cls, enum kc_live_form *form);
/* value turned into configuration text (malloc()ed); NULL if it is not in form. */
char *kc_live_config(enum kc_live_form form, const char *value,
		     const char *installed);
/* g as a flat Click configuration; configs[i] (if set) replaces element i's. */
int kc_save_write(FILE *f, const struct kc_nl_graph *g,
		  char *const *configs);
/* NAME.conf of /etc/kclick: VAR=VALUE lines, blank lines and # comments. */
int kc_graph_options_parse(const char *text, const char *file,
			   char ***defs, size_t *ndefs, struct kc_err *err);

/* Subcommands. */
int kc_cmd_version(int argc, char **argv);
int kc_cmd_classes(int argc, char **argv);
int kc_cmd_help(int argc, char **argv);
int kc_cmd_parse(int argc, char **argv);
int kc_cmd_run(int argc, char **argv);	/* cli/run.c */
int kc_cmd_install(int argc, char **argv);
int kc_cmd_replace(int argc, char **argv);
int kc_cmd_remove(int argc, char **argv);
int kc_cmd_list(int argc, char **argv);
int kc_cmd_show(int argc, char **argv);
int kc_cmd_stats(int argc, char **argv);
int kc_cmd_read(int argc, char **argv);
int kc_cmd_write(int argc, char **argv);
int kc_cmd_monitor(int argc, char **argv);
int kc_cmd_save(int argc, char **argv);		/* cli/save.c */
int kc_cmd_restore(int argc, char **argv);

/* build/elemdoc.c: the element reference compiled in. */
const char *kc_elemdoc(const char *name, const char **summary);

#endif /* KCLICK_CLI_H */
