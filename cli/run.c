// SPDX-License-Identifier: GPL-2.0
/*
 * kclick run CONFIG [--pcap IN] [--out OUT] [--dev NAME=IN[:OUT]]...
 * kclick run --check CONFIG
 *
 * Runs a graph offline in the userspace harness (user/) until every input
 * is exhausted, then prints the handlers a user looks at -- or, with --dot
 * or --prometheus, the graph and its counts in the shape `kclick show
 * --dot` and `kclick stats --prometheus` give for an installed graph: the
 * harness's graph is turned into the struct kc_nl_graph the module's
 * reply becomes, and the same writers draw it.  The graph is
 * built, run and read on a stack the size of the kernel's (user/stack.c),
 * so a configuration that would overflow the kernel's stack crashes here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../user/kcuser.h"

#define KC_RUN_MAX_BINDS 64
#define KC_RUN_MAX_DEFS 256	/* VAR=VALUE arguments */

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

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

/*
 * g as `kclick show` would see it installed: elements, ports with their
 * processing and (if counts) packets, connections from each push output
 * and each pull input (each has exactly one).  NULL if out of memory.
 */
static struct kc_nl_graph *nl_graph_of(struct kc_graph *g, const char *name,
				       bool counts)
{
	struct kc_nl_graph *v = calloc(1, sizeof(*v));
	size_t nl = 0, i;
	int p;

	if (!v)
		return NULL;
	v->name = xstrdup(name);
	v->nelems = g->nelems;
	v->drops = counts ? kc_graph_drops(g) : 0;
	v->elems = calloc(g->nelems + 1, sizeof(*v->elems));
	if (!v->name || !v->elems)
		goto fail;
	for (i = 0; i < g->nelems; i++)
		nl += g->elems[i]->ninputs + g->elems[i]->noutputs;
	v->links = calloc(nl + 1, sizeof(*v->links));
	if (!v->links)
		goto fail;
	for (i = 0; i < g->nelems; i++) {
		struct kc_elem *e = g->elems[i];
		struct kc_nl_elem *ve = &v->elems[i];
		size_t np = e->ninputs + e->noutputs, k;

		v->nelems_got++;
		ve->name = xstrdup(e->name);
		ve->cls = xstrdup(e->cls->name);
		ve->config = xstrdup(e->config);
		ve->ports = calloc(np + 1, sizeof(*ve->ports));
		if (!ve->name || !ve->cls || !ve->config || !ve->ports)
			goto fail;
		ve->line = e->line;
		ve->ninputs = e->ninputs;
		ve->noutputs = e->noutputs;
		ve->nports = np;
		for (k = 0; k < np; k++) {
			bool out = k >= e->ninputs;
			int port = out ? k - e->ninputs : k;

			ve->ports[k].index = port;
			ve->ports[k].output = out;
			ve->ports[k].pull = (out ? e->out_proc[port] :
					     e->in_proc[port]) == KC_PULL;
			ve->ports[k].packets = counts ?
				kc_elem_port_packets(e, out, port) : 0;
		}
		for (p = 0; p < e->noutputs; p++) {
			if (e->out_proc[p] != KC_PUSH || !e->out[p].elem)
				continue;
			v->links[v->nlinks++] = (struct kc_nl_link){
				i, p, e->out[p].elem->index, e->out[p].port };
		}
		for (p = 0; p < e->ninputs; p++) {
			if (e->in_proc[p] != KC_PULL || !e->in[p].elem)
				continue;
			v->links[v->nlinks++] = (struct kc_nl_link){
				e->in[p].elem->index, e->in[p].port, i, p };
		}
	}
	return v;
fail:
	kc_nl_graph_free(v);
	return NULL;
}

/* The graph's name in pictures and metrics: the file's, without .click. */
static void graph_name(const char *file, char *out, size_t len)
{
	const char *b = strrchr(file, '/');
	size_t n;

	b = b ? b + 1 : file;
	if (!strcmp(file, "-"))
		b = "stdin";
	n = strlen(b);
	if (n > 6 && !strcmp(b + n - 6, ".click"))
		n -= 6;
	snprintf(out, len, "%.*s", (int)n, b);
}

struct present {
	struct kc_graph *g;
	const char *name;
	bool dot, prom, counts;
	int ret;
};

/* --dot, --prometheus: handlers read on the kernel's stack, as below. */
static void present(void *arg)
{
	struct present *pr = arg;
	struct kc_nl_graph *v = nl_graph_of(pr->g, pr->name, pr->counts);
	struct kc_prom_hval *hv = NULL;
	struct kc_errbuf err;
	struct kc_buf buf = { 0 };
	size_t nh = 0, cap = 0, i;
	const char *h;
	u32 flags;
	int k;

	pr->ret = -ENOMEM;
	if (!v)
		return;
	if (pr->dot) {
		kc_dot_write(stdout, v, pr->counts);
		pr->ret = 0;
		goto out;
	}
	buf.cap = KCLICK_VALUE_MAX;
	buf.data = malloc(buf.cap);
	if (!buf.data)
		goto out;
	for (i = 0; i < pr->g->nelems; i++) {
		struct kc_elem *e = pr->g->elems[i];

		for (k = 0; (h = kc_handler_nth(e, k, &flags)); k++) {
			if (!kc_prom_handler_wanted(h, flags))
				continue;
			buf.len = 0;
			buf.overflow = false;
			if (kc_handler_read(e, h, &buf, &err) ||
			    buf.len >= buf.cap)
				continue;
			if (nh == cap) {
				struct kc_prom_hval *t;

				cap = cap ? 2 * cap : 64;
				t = realloc(hv, cap * sizeof(*hv));
				if (!t)
					goto out;
				hv = t;
			}
			buf.data[buf.len] = '\0';
			hv[nh].graph = v->name;
			hv[nh].elem = e->name;
			hv[nh].handler = h;
			hv[nh].value = strdup(buf.data);
			if (!hv[nh++].value)
				goto out;
		}
	}
	kc_prom_write(stdout, v, 1, hv, nh);
	pr->ret = 0;
out:
	for (i = 0; i < nh; i++)
		free((char *)hv[i].value);
	free(hv);
	free(buf.data);
	kc_nl_graph_free(v);
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
			if (!(flags & KCLICK_HND_F_READ) || kc_handler_generic(h))
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
		if (o->cfg->elems[elem].file)	/* a line directive's */
			kc_json_str(o->j, "file", o->cfg->elems[elem].file);
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
		"run CONFIG|- [VAR=VALUE]... [--check | [--pcap IN.pcap] [--out OUT.pcap] [--dev NAME=IN.pcap[:OUT.pcap]]...] [--dev-addr NAME=ADDR[,ADDR]...]... [--dot|--prometheus]";
	struct kc_user_bind binds[KC_RUN_MAX_BINDS];
	char names[KC_RUN_MAX_BINDS][64];
	const char *config = NULL, *pcap = NULL, *outp = NULL;
	struct present pr = { 0 };
	char gname[128];
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
		} else if (!strcmp(a, "--dot")) {
			pr.dot = true;
		} else if (!strcmp(a, "--prometheus")) {
			pr.prom = true;
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
	if (!config || (check && (pcap || outp || pr.dot || pr.prom)) ||
	    (pr.dot && pr.prom))
		return kc_usage("%s", use);
	if (kc_cfg_parse_file_defs(config, defs, ndefs, &cfg, &err))
		return kc_fail(&err);
	if (check) {
		ret = run_check(cfg, binds, nb);
		kc_cfg_free(cfg);
		return ret;
	}
	graph_name(config, gname, sizeof(gname));
	pr.name = gname;
	if (pr.dot && !pcap && !outp && !nb) {
		/* Nothing to run over: draw the graph as built. */
		ret = kc_user_graph_open(&pr.g, cfg, &err);
		kc_cfg_free(cfg);
		if (ret)
			return kc_fail(&err);
		kc_user_on_stack(present, &pr);
		kc_graph_destroy(pr.g);
		return pr.ret ? kc_failf("out of memory") : KC_EXIT_OK;
	}
	if (!cfg->nelems && !pr.dot && !pr.prom) {
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
	if (pr.dot || pr.prom) {
		pr.g = kc_user_run_graph(r);
		pr.counts = true;
		kc_user_on_stack(present, &pr);
	} else {
		kc_user_on_stack(print_results, r);
	}
	kc_user_run_close(r);
	if (pr.ret)
		return kc_failf("out of memory");
	if (kc_user_warnings)
		return kc_failf("%lu internal warnings during the run (see above)",
				kc_user_warnings);
	return KC_EXIT_OK;
}
