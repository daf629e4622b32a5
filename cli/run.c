// SPDX-License-Identifier: GPL-2.0
/*
 * kclick run CONFIG [--pcap IN] [--out OUT] [--dev NAME=IN[:OUT]]...
 * kclick run --check CONFIG
 *
 * Runs a graph offline in the userspace harness (user/) until every input
 * is exhausted, then prints the handlers a user looks at.  The graph is
 * built, run and read on a stack the size of the kernel's (user/stack.c),
 * so a configuration that would overflow the kernel's stack crashes here.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../user/kcuser.h"

#define KC_RUN_MAX_BINDS 64
#define KC_RUN_MAX_DEFS 256	/* VAR=VALUE arguments */

/* Handlers every element has: not worth printing after a run. */
static bool generic_handler(const char *name)
{
	static const char *const g[] = { "name", "class", "config", "ports",
					 "handlers", "port_counts" };
	size_t i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		if (!strcmp(name, g[i]))
			return true;
	return false;
}

/* The first argument of the only element of class cls: its device. */
static int only_device(const struct kc_cfg *cfg, const char *cls,
		       char *out, size_t len)
{
	int found = 0;
	size_t i, n;

	for (i = 0; i < cfg->nelems; i++) {
		const char *c = cfg->elems[i].config;

		if (strcmp(cfg->elems[i].cls, cls))
			continue;
		found++;
		c += strspn(c, " \t\n");
		n = strcspn(c, ", \t\n");
		if (n >= len)
			n = len - 1;
		memcpy(out, c, n);
		out[n] = '\0';
	}
	return found;
}

/* A multi-line value: its name, then each line indented. */
static void print_lines(const char *elem, const char *h, const char *v,
			size_t len)
{
	const char *end = v + len, *nl;

	printf("%s.%s:\n", elem, h);
	while (v < end) {
		nl = memchr(v, '\n', end - v);
		if (!nl)
			nl = end;
		printf("    %.*s\n", (int)(nl - v), v);
		v = nl + 1;
	}
}

/* Handlers are read on the kernel's stack, as netlink.c reads them. */
static void print_results(void *arg)
{
	struct kc_user_run *r = arg;
	struct kc_graph *g = kc_user_run_graph(r);
	struct kc_json *j = NULL;
	struct kc_buf buf;
	struct kc_errbuf err;
	const char *h;
	u64 in, out;
	u32 i, flags;
	int k;

	buf.cap = KCLICK_VALUE_MAX;
	buf.data = malloc(buf.cap);
	if (!buf.data)
		return;
	kc_user_run_totals(r, &in, &out);
	if (kc_cli.json) {
		j = kc_json_new(stdout, kc_cli.pretty);
		kc_json_obj(j, NULL);
		kc_json_u64(j, "packets_in", in);
		kc_json_u64(j, "packets_out", out);
		kc_json_u64(j, "drops", kc_graph_drops(g));
		kc_json_arr(j, "elements");
	}
	for (i = 0; i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i];

		if (j) {
			kc_json_obj(j, NULL);
			kc_json_str(j, "name", e->name);
			kc_json_str(j, "class", e->cls->name);
			kc_json_obj(j, "handlers");
		}
		for (k = 0; (h = kc_handler_nth(e, k, &flags)); k++) {
			if (!(flags & KCLICK_HND_F_READ) || generic_handler(h))
				continue;
			buf.len = 0;
			buf.overflow = false;
			if (kc_handler_read(e, h, &buf, &err))
				continue;
			while (buf.len && buf.data[buf.len - 1] == '\n')
				buf.len--;
			if (j)
				kc_json_strn(j, h, buf.data, buf.len);
			else if (memchr(buf.data, '\n', buf.len))
				print_lines(e->name, h, buf.data, buf.len);
			else
				printf("%s.%s: %.*s\n", e->name, h, (int)buf.len,
				       buf.data);
		}
		if (j) {
			kc_json_obj_end(j);
			kc_json_obj_end(j);
		}
	}
	if (j) {
		kc_json_arr_end(j);
		kc_json_obj_end(j);
		kc_json_end(j);
	} else {
		printf("packets read %llu, sent to devices %llu, engine drops %llu\n",
		       (unsigned long long)in, (unsigned long long)out,
		       (unsigned long long)kc_graph_drops(g));
	}
	free(buf.data);
}

struct check_out {
	const struct kc_cfg *cfg;
	struct kc_json *j;
};

/* One problem --check found: "Error: ..." on stderr, or a JSON object. */
static void check_report(void *ctx, const struct kc_err *err, int elem,
			 const char *msg)
{
	struct check_out *o = ctx;

	if (!o->j) {
		fprintf(stderr, "Error: %s.\n", err->msg);
		return;
	}
	kc_json_obj(o->j, NULL);
	if (elem >= 0) {
		kc_json_str(o->j, "element", o->cfg->elems[elem].name);
		kc_json_str(o->j, "class", o->cfg->elems[elem].cls);
		kc_json_u64(o->j, "line", o->cfg->elems[elem].line);
	}
	kc_json_str(o->j, "reason", msg);
	kc_json_str(o->j, "message", err->msg);
	kc_json_obj_end(o->j);
}

/*
 * kclick run --check: the configuration is built, configured and
 * initialized as for a run, without packets, and every problem is
 * reported (user/run.c, kc_user_check).  Exit 0 when there is none.
 */
static int run_check(const struct kc_cfg *cfg,
		     const struct kc_user_bind *binds, size_t nb)
{
	struct check_out o = { cfg, NULL };
	int n;

	if (kc_cli.json) {
		o.j = kc_json_new(stdout, kc_cli.pretty);
		kc_json_obj(o.j, NULL);
		kc_json_arr(o.j, "problems");
	}
	/* Click runs an empty router; it does nothing. */
	n = cfg->nelems ? kc_user_check(cfg, binds, nb, check_report, &o) : 0;
	if (o.j) {
		kc_json_arr_end(o.j);
		kc_json_bool(o.j, "ok", n == 0);
		kc_json_u64(o.j, "elements", cfg->nelems);
		kc_json_u64(o.j, "connections", cfg->nlinks);
		kc_json_obj_end(o.j);
		kc_json_end(o.j);
	}
	if (n < 0)
		return kc_failf("out of memory");
	if (!o.j && !n)
		printf("%zu elements, %zu connections: configured and initialized\n",
		       cfg->nelems, cfg->nlinks);
	else if (!o.j)
		fprintf(stderr, "%d problem%s\n", n, n == 1 ? "" : "s");
	if (kc_user_warnings)
		return kc_failf("%lu internal warnings during the check (see above)",
				kc_user_warnings);
	return n ? KC_EXIT_FAIL : KC_EXIT_OK;
}

static struct kc_user_bind *find_bind(struct kc_user_bind *b, size_t n,
				      const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(b[i].name, name))
			return &b[i];
	return NULL;
}

int kc_cmd_run(int argc, char **argv)
{
	static const char use[] =
		"run CONFIG|- [VAR=VALUE]... [--check | [--pcap IN.pcap] [--out OUT.pcap] [--dev NAME=IN.pcap[:OUT.pcap]]...] [--dev-addr NAME=ADDR[,ADDR]...]...";
	struct kc_user_bind binds[KC_RUN_MAX_BINDS];
	char names[KC_RUN_MAX_BINDS][64];
	const char *config = NULL, *pcap = NULL, *outp = NULL;
	const char *defs[KC_RUN_MAX_DEFS];
	size_t ndefs = 0;
	struct kc_user_run *r;
	struct kc_cfg *cfg;
	struct kc_err err;
	size_t nb = 0;
	bool check = false;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((!strcmp(a, "--pcap") || !strcmp(a, "--out") ||
		     !strcmp(a, "--dev") || !strcmp(a, "--dev-addr")) &&
		    i + 1 >= argc)
			return kc_usage("%s", use);
		if (!strcmp(a, "--check")) {
			check = true;
		} else if (!strcmp(a, "--pcap")) {
			pcap = argv[++i];
		} else if (!strcmp(a, "--out")) {
			outp = argv[++i];
		} else if (!strcmp(a, "--dev") || !strcmp(a, "--dev-addr")) {
			char *v = argv[++i], *eq = strchr(v, '='), *colon;
			struct kc_user_bind *b;

			if (!eq || eq == v || (size_t)(eq - v) >= sizeof(names[0]))
				return kc_usage("%s", use);
			*eq = '\0';
			b = find_bind(binds, nb, v);
			if (!b && nb >= KC_RUN_MAX_BINDS)
				return kc_usage("%s", use);
			if (!b) {
				b = &binds[nb];
				memset(b, 0, sizeof(*b));
				snprintf(names[nb], sizeof(names[0]), "%s", v);
				b->name = names[nb++];
			}
			if (!strcmp(a, "--dev-addr")) {
				if (b->addrs)
					return kc_usage("%s", use);
				b->addrs = eq + 1;
				continue;
			}
			if (b->in || b->out)
				return kc_failf("device '%s' bound twice", v);
			colon = strchr(eq + 1, ':');
			if (colon)
				*colon = '\0';
			b->in = eq[1] ? eq + 1 : "";
			b->out = colon && colon[1] ? colon + 1 : NULL;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "Error: run: unknown option '%s'.\n", a);
			return kc_usage("%s", use);
		} else if (!config) {
			config = a;
		} else if (kc_cfg_is_define(a) && ndefs < KC_RUN_MAX_DEFS) {
			defs[ndefs++] = a;	/* Click's $VAR on the command line */
		} else {
			return kc_usage("%s", use);
		}
	}
	for (i = 0; check && i < (int)nb; i++)
		if (binds[i].in || binds[i].out)
			return kc_usage("%s", use);	/* --check reads nothing */
	if (!config || (check && (pcap || outp)))
		return kc_usage("%s", use);
	if (kc_cfg_parse_file_defs(config, defs, ndefs, &cfg, &err))
		return kc_fail(&err);
	if (check) {
		ret = run_check(cfg, binds, nb);
		kc_cfg_free(cfg);
		return ret;
	}
	if (!cfg->nelems) {
		/* Click runs an empty router; it does nothing. */
		kc_cfg_free(cfg);
		if (kc_cli.json) {
			struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

			kc_json_obj(j, NULL);
			kc_json_u64(j, "packets_in", 0);
			kc_json_u64(j, "packets_out", 0);
			kc_json_u64(j, "drops", 0);
			kc_json_arr(j, "elements");
			kc_json_arr_end(j);
			kc_json_obj_end(j);
			kc_json_end(j);
		} else {
			printf("packets read 0, sent to devices 0, engine drops 0\n");
		}
		return KC_EXIT_OK;
	}
	if (pcap || outp) {
		const char *cls = pcap ? "FromDevice" : "ToDevice";

		for (ret = 0; ret < 2; ret++, cls = "ToDevice") {
			const char *file = ret ? outp : pcap;
			char dev[64];
			struct kc_user_bind *b;

			if (!file)
				continue;
			if (only_device(cfg, cls, dev, sizeof(dev)) != 1) {
				kc_cfg_free(cfg);
				return kc_failf("--%s needs a configuration with exactly one %s; name devices with --dev NAME=IN.pcap[:OUT.pcap]",
						ret ? "out" : "pcap", cls);
			}
			/* --pcap and --out on one device (or --dev-addr): one binding. */
			b = find_bind(binds, nb, dev);
			if (!b && nb >= KC_RUN_MAX_BINDS)
				continue;
			if (!b) {
				b = &binds[nb];
				memset(b, 0, sizeof(*b));
				snprintf(names[nb], sizeof(names[0]), "%s", dev);
				b->name = names[nb++];
			}
			if (ret)
				b->out = file;
			else
				b->in = file;
		}
	}
	kc_user_out_stderr = kc_cli.json;	/* Script print: not into the JSON */
	ret = kc_user_run_open(&r, cfg, binds, nb, &err);
	kc_cfg_free(cfg);
	if (ret)
		return kc_fail(&err);
	kc_user_run_loop(r, &err);
	kc_user_on_stack(print_results, r);
	kc_user_run_close(r);
	if (kc_user_warnings)
		return kc_failf("%lu internal warnings during the run (see above)",
				kc_user_warnings);
	return KC_EXIT_OK;
}
