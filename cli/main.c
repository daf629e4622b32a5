// SPDX-License-Identifier: GPL-2.0
/*
 * kclick: install, inspect and change Click graphs in kclick.ko.
 *
 *	kclick [-j [-p]] COMMAND [ARGS]
 *
 * The global options (-j, -p, -V, -h) may also follow the command, as in
 * "kclick run fw.click --pcap in.pcap -j"; "kclick CMD --help" prints that
 * command's usage.  "--" ends the options.
 *
 * Errors go to stderr as one "Error: <what went wrong>." line and exit 1;
 * a wrong command line prints its usage and exits 2.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct kc_cli kc_cli = { .prog = "kclick" };

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *what;
	const char *opts;	/* the command's own options, or NULL */
} kc_cmds[] = {
	{ "version", kc_cmd_version, "", "tool and module versions", NULL },
	{ "classes", kc_cmd_classes, "", "element classes the module offers", NULL },
	{ "help", kc_cmd_help, "[CLASS]", "this text, or an element class's reference", NULL },
	{ "parse", kc_cmd_parse, "FILE|-", "check a configuration, print the flat graph", NULL },
	{ "run", kc_cmd_run, "FILE|- [VAR=VALUE]... [--check | --pcap IN --out OUT --dev N=IN[:OUT]] [--dev-addr N=ADDR]",
	  "run a graph offline over pcap files",
	  "  --check         build and initialize without packets; list every problem\n"
	  "  --pcap IN       read packets from IN (the only FromDevice's device)\n"
	  "  --out OUT       write the only ToDevice's packets to OUT\n"
	  "  --dev N=IN[:OUT]  bind device N to pcap files (repeatable)\n"
	  "  --dev-addr N=ADDR[,ADDR]...  device N's addresses, for names\n"
	  "                  (IP[/LEN], Ethernet, gw=IP; repeatable)\n"
	  "  --dot           print the graph as Graphviz DOT, counts on the\n"
	  "                  connections (without --pcap or --dev: not run, no counts)\n"
	  "  --prometheus    print the counters in Prometheus text format\n"
	  "  VAR=VALUE       set the configuration's $VAR (Click's define)\n" },
	{ "install", kc_cmd_install, "NAME FILE|- [VAR=VALUE]... [--replace]", "install a graph (or replace it)",
	  "  --replace       replace the graph NAME if it exists\n"
	  "  VAR=VALUE       set the configuration's $VAR (Click's define)\n" },
	{ "replace", kc_cmd_replace, "NAME FILE|- [VAR=VALUE]...", "replace a graph atomically", NULL },
	{ "remove", kc_cmd_remove, "NAME | --all", "remove a graph (or every graph)",
	  "  --all           remove every graph of this network namespace\n" },
	{ "list", kc_cmd_list, "", "graphs of this network namespace", NULL },
	{ "show", kc_cmd_show, "NAME [--dot]", "a graph: devices, elements, connections",
	  "  --dot           Graphviz DOT with live packet counts on the connections\n" },
	{ "stats", kc_cmd_stats, "NAME | --prometheus [NAME]", "packets through every port of a graph",
	  "  --prometheus    every graph's (or NAME's) counters in Prometheus text format\n" },
	{ "read", kc_cmd_read, "GRAPH/ELEMENT.HANDLER", "read a handler", NULL },
	{ "write", kc_cmd_write, "GRAPH/ELEMENT.HANDLER [VALUE...]", "write a handler", NULL },
	{ "monitor", kc_cmd_monitor, "", "print graph and device events as they happen", NULL },
	{ "save", kc_cmd_save, "NAME [FILE|-]", "write a graph, with its live routes and rules, as a configuration",
	  "  FILE            default /etc/kclick/NAME.click; - is standard output\n" },
	{ "restore", kc_cmd_restore, "[DIR]", "install every DIR/NAME.click (default /etc/kclick) as graph NAME",
	  "  DIR             NAME.click files, each with an optional NAME.conf of\n"
	  "                  VAR=VALUE lines (default /etc/kclick)\n" },
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define KC_NCMDS ARRAY_SIZE(kc_cmds)

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [-j [-p]] COMMAND [ARGS]\n\n", kc_cli.prog);
	for (i = 0; i < KC_NCMDS; i++) {
		char left[128];

		snprintf(left, sizeof(left), "%s %s", kc_cmds[i].name,
			 kc_cmds[i].args);
		fprintf(f, "  %-40s %s\n", left, kc_cmds[i].what);
	}
	fprintf(f, "\nOptions (before or after the command):\n"
		"  -j, --json      JSON output\n"
		"  -p, --pretty    indented JSON\n"
		"  -V, --version   same as 'version'\n"
		"  -h, --help      this text; '%s COMMAND --help': one command's help\n",
		kc_cli.prog);
}

/* "kclick CMD --help": one command's usage, on stdout. */
static void cmd_usage(FILE *f, size_t c)
{
	fprintf(f, "Usage: %s [-j [-p]] %s%s%s\n\n%s.\n", kc_cli.prog,
		kc_cmds[c].name, kc_cmds[c].args[0] ? " " : "",
		kc_cmds[c].args, kc_cmds[c].what);
	if (kc_cmds[c].opts)
		fprintf(f, "\nOptions:\n%s", kc_cmds[c].opts);
	fputs("\nGlobal options (before or after the command):\n"
	      "  -j, --json      JSON output\n"
	      "  -p, --pretty    indented JSON\n"
	      "  -h, --help      this text\n", f);
}

/*
 * Take the global options out of a command's arguments, wherever they are.
 * The value after "run"'s --pcap, --out and --dev is skipped (a file may be
 * called "-j"); "--" ends the options and stays for the command.  Returns
 * -1 to go on with the shortened argv, else an exit status (--help, -V).
 */
static int global_opts(size_t c, int *argc, char **argv)
{
	int i, n = 1;

	for (i = 1; i < *argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "--")) {
			while (i < *argc)
				argv[n++] = argv[i++];
			break;
		}
		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			cmd_usage(stdout, c);
			return KC_EXIT_OK;
		}
		if (!strcmp(o, "-V") || !strcmp(o, "--version"))
			return kc_cmd_version(1, (char *[]){ "version", NULL });
		if (!strcmp(o, "--pcap") || !strcmp(o, "--out") ||
		    !strcmp(o, "--dev") || !strcmp(o, "--dev-addr")) {
			argv[n++] = argv[i];
			if (i + 1 < *argc)
				argv[n++] = argv[++i];
		} else if (!strcmp(o, "-j") || !strcmp(o, "--json")) {
			kc_cli.json = 1;
		} else if (!strcmp(o, "-p") || !strcmp(o, "--pretty")) {
			kc_cli.pretty = 1;
		} else if (!strcmp(o, "-jp") || !strcmp(o, "-pj")) {
			kc_cli.json = 1;
			kc_cli.pretty = 1;
		} else {
			argv[n++] = argv[i];
		}
	}
	argv[n] = NULL;
	*argc = n;
	return -1;
}

static int run_cmd(size_t c, int argc, char **argv)
{
	int ret = global_opts(c, &argc, argv);

	return ret >= 0 ? ret : kc_cmds[c].fn(argc, argv);
}

int kc_cmd_help(int argc, char **argv)
{
	const char *doc, *summary;

	if (argc < 2) {
		usage(stdout);
		return KC_EXIT_OK;
	}
	if (argc > 2)
		return kc_usage("help [CLASS]");
	doc = kc_elemdoc(argv[1], &summary);
	if (!doc)
		return kc_failf("no element class '%s' is documented; 'kclick classes' lists them",
				argv[1]);
	fputs(doc, stdout);
	return KC_EXIT_OK;
}

static void print_error(const char *msg)
{
	size_t n = strlen(msg);

	/* One sentence: "Error: <msg>." with exactly one final period. */
	while (n && (msg[n - 1] == '.' || msg[n - 1] == '\n'))
		n--;
	fprintf(stderr, "Error: %.*s.\n", (int)n, msg);
}

int kc_fail(const struct kc_err *err)
{
	print_error(err->msg[0] ? err->msg : "unknown failure");
	return KC_EXIT_FAIL;
}

int kc_failf(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error(msg);
	return KC_EXIT_FAIL;
}

int kc_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Usage: %s ", kc_cli.prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return KC_EXIT_USAGE;
}

struct kc_nl *kc_cli_nl(void)
{
	struct kc_nl *nl;
	struct kc_err err;

	if (kc_nl_open(&nl, &err)) {
		kc_fail(&err);
		return NULL;
	}
	return nl;
}

int kc_cli_args(int argc, char **argv, const char *const *flags, int *set)
{
	int i, k, npos = 1, dashdash = 0;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!dashdash && !strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		if (dashdash || a[0] != '-' || !a[1]) {
			argv[npos++] = a;	/* "-" alone is stdin */
			continue;
		}
		for (k = 0; flags && flags[k]; k++)
			if (!strcmp(a, flags[k]))
				break;
		if (!flags || !flags[k]) {
			fprintf(stderr, "Error: %s: unknown option '%s'.\n",
				argv[0], a);
			return -1;
		}
		set[k] = 1;
	}
	return npos - 1;
}

int main(int argc, char **argv)
{
	size_t i;
	int a = 1;

	for (; a < argc && argv[a][0] == '-'; a++) {
		const char *o = argv[a];

		if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
			usage(stdout);
			return KC_EXIT_OK;
		}
		if (!strcmp(o, "-V") || !strcmp(o, "--version"))
			return kc_cmd_version(1, (char *[]){ "version", NULL });
		if (!strcmp(o, "-j") || !strcmp(o, "--json")) {
			kc_cli.json = 1;
		} else if (!strcmp(o, "-p") || !strcmp(o, "--pretty")) {
			kc_cli.pretty = 1;
		} else if (!strcmp(o, "-jp") || !strcmp(o, "-pj")) {
			kc_cli.json = kc_cli.pretty = 1;
		} else {
			fprintf(stderr, "Error: unknown option '%s'.\n", o);
			usage(stderr);
			return KC_EXIT_USAGE;
		}
	}
	if (a >= argc) {
		usage(stderr);
		return KC_EXIT_USAGE;
	}
	/* Unique prefixes work, as in ip(8): "kclick sh fw". */
	for (i = 0; i < KC_NCMDS; i++)
		if (!strcmp(argv[a], kc_cmds[i].name))
			return run_cmd(i, argc - a, argv + a);
	{
		size_t found = KC_NCMDS, n = 0;

		for (i = 0; i < KC_NCMDS; i++)
			if (!strncmp(argv[a], kc_cmds[i].name, strlen(argv[a]))) {
				found = i;
				n++;
			}
		if (n == 1)
			return run_cmd(found, argc - a, argv + a);
		fprintf(stderr, "Error: %s command '%s'; try '%s help'.\n",
			n ? "ambiguous" : "unknown", argv[a], kc_cli.prog);
	}
	return KC_EXIT_USAGE;
}
