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
	char *file;		/* a line directive's file there, else NULL */
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
/* path "-" reads standard input (named "<stdin>" in messages). */
int kc_cfg_parse_file(const char *path, struct kc_cfg **out,
		      struct kc_err *err);
/*
 * The same with variables set as on Click's command line: each of defs is
 * "NAME=VALUE" and overrides a top-level define($NAME ...) of that name.
 */
int kc_cfg_parse_defs(const char *text, size_t len, const char *file,
		      const char *const *defs, size_t ndefs,
		      struct kc_cfg **out, struct kc_err *err);
int kc_cfg_parse_file_defs(const char *path, const char *const *defs,
			   size_t ndefs, struct kc_cfg **out,
			   struct kc_err *err);
/* Is s a "NAME=VALUE" variable definition (NAME letters, digits, '_')? */
int kc_cfg_is_define(const char *s);
void kc_cfg_free(struct kc_cfg *cfg);
/* The file element i was declared in: a line directive's, or cfg->file. */
const char *kc_cfg_elem_file(const struct kc_cfg *cfg, size_t i);
/* Index of the element called name, or -1. */
int kc_cfg_find(const struct kc_cfg *cfg, const char *name);

/*
 * Netlink client (lib/nl.c): talks to kclick.ko through the generic netlink
 * family "kclick" (include/uapi/linux/kclick.h).  One struct kc_nl is one
 * socket; it is not thread-safe.  Everything returned is malloc()ed and
 * released with the matching *_free() call.
 */
struct kc_nl;

/* Resolve the family; -ENOENT and a message saying so if not loaded. */
int kc_nl_open(struct kc_nl **out, struct kc_err *err);
void kc_nl_close(struct kc_nl *nl);

/* The module's version string and the family's ABI version. */
int kc_nl_version(struct kc_nl *nl, char **version, unsigned int *abi,
		  struct kc_err *err);

struct kc_nl_class {
	char *name;
	char *ports;		/* Click port count spec, "1/1" */
	char *processing;	/* Click processing spec, "a/a" */
};

int kc_nl_classes(struct kc_nl *nl, struct kc_nl_class **out, size_t *n,
		  struct kc_err *err);
void kc_nl_classes_free(struct kc_nl_class *v, size_t n);

struct kc_nl_port {
	unsigned int index;
	int output;		/* 0 input, 1 output */
	int pull;		/* 1 pull, 0 push */
	uint64_t packets;
};

struct kc_nl_handler {
	char *name;
	unsigned int flags;	/* KCLICK_HND_F_READ | KCLICK_HND_F_WRITE */
};

struct kc_nl_elem {
	char *name;
	char *cls;
	char *config;		/* never NULL in kc_nl_graph_show() results */
	unsigned int line;
	unsigned int ninputs, noutputs;
	struct kc_nl_port *ports;	/* inputs first, then outputs */
	size_t nports;
	struct kc_nl_handler *handlers;
	size_t nhandlers;
};

struct kc_nl_link {
	unsigned int from, from_port;	/* indexes into kc_nl_graph.elems */
	unsigned int to, to_port;
};

struct kc_nl_dev {
	char *name;
	char *elem;		/* element using it, "" if not sent */
	unsigned int ifindex;	/* 0 while the device is gone */
	int present;
};

struct kc_nl_graph {
	char *name;
	uint32_t id;
	uint32_t gen;		/* replaces so far; valid if has_gen */
	int has_gen;
	uint32_t nelems;	/* as reported by the summary */
	uint64_t drops;
	struct kc_nl_dev *devs;
	size_t ndevs;
	struct kc_nl_elem *elems;	/* kc_nl_graph_show() only */
	size_t nelems_got;
	struct kc_nl_link *links;	/* kc_nl_graph_show() only */
	size_t nlinks;
};

/*
 * Install cfg as graph name.  replace: replace a graph of that name if
 * there is one (otherwise install it).  An error about one element reads
 * "FILE:LINE:COL: element 'NAME' (CLASS): MSG".  out, if non-NULL, gets the
 * installed graph's name, id and generation (release with
 * kc_nl_graph_free()).
 */
int kc_nl_install(struct kc_nl *nl, const struct kc_cfg *cfg,
		  const char *name, int replace, struct kc_nl_graph **out,
		  struct kc_err *err);
/*
 * kc_nl_install(), then each FromHost device of the installed graph gets
 * the element's PREFIX as its IPv4 address (rtnetlink, RTM_NEWADDR); on a
 * replace, the old graph's address of a device kept is deleted first if
 * its PREFIX changed.  If that fails, a new graph is removed again (the
 * message says so); a replacing one stays installed.
 */
int kc_nl_install_addrs(struct kc_nl *nl, const struct kc_cfg *cfg,
			const char *name, int replace,
			struct kc_nl_graph **out, struct kc_err *err);
int kc_nl_remove(struct kc_nl *nl, const char *name, struct kc_err *err);

/* Summaries of every graph of the caller's network namespace. */
int kc_nl_graph_list(struct kc_nl *nl, struct kc_nl_graph **out, size_t *n,
		     struct kc_err *err);
void kc_nl_graph_list_free(struct kc_nl_graph *v, size_t n);
/* One graph in full: summary, devices, elements, links. */
int kc_nl_graph_show(struct kc_nl *nl, const char *name,
		     struct kc_nl_graph **out, struct kc_err *err);
void kc_nl_graph_free(struct kc_nl_graph *g);

/*
 * XDP (lib/xdp/attach.c, link with -lbpf): attach the kclick XDP program to
 * every device of this network namespace a graph receives from with
 * FromDevice(DEV, METHOD XDP), detach it from every other device (after
 * install, replace and remove).  kc_xdp_dev_mode: "native" or "generic"
 * when the program is on the device, else NULL.
 */
int kc_xdp_sync(struct kc_nl *nl, struct kc_err *err);
const char *kc_xdp_dev_mode(unsigned int ifindex);

/* *value is NUL-terminated (len excludes the NUL). */
int kc_nl_handler_read(struct kc_nl *nl, const char *graph, const char *elem,
		       const char *handler, char **value, size_t *len,
		       struct kc_err *err);
int kc_nl_handler_write(struct kc_nl *nl, const char *graph,
			const char *elem, const char *handler,
			const char *value, size_t len, struct kc_err *err);

struct kc_nl_event {
	unsigned int type;	/* enum kclick_event */
	const char *graph;
	const char *device;	/* NULL unless DEVICE_LOST/DEVICE_BACK */
};

/* "added", "replaced", ... for enum kclick_event; "unknown" otherwise. */
const char *kc_nl_event_name(unsigned int type);

/*
 * Listen to the "events" multicast group and call cb once per event until
 * cb returns non-zero (that value is returned) or an error occurs.
 */
int kc_nl_monitor(struct kc_nl *nl,
		  int (*cb)(const struct kc_nl_event *ev, void *arg),
		  void *arg, struct kc_err *err);

#endif /* KCLICK_LIB_H */
