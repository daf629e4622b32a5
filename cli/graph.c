// SPDX-License-Identifier: GPL-2.0
/* kclick install, replace, remove, list, show, stats. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kclick.h>

#include "cli.h"

/*
 * argv[0..argc) after NAME FILE: Click's command-line variables, NAME=VALUE
 * each ("kclick install r router.click DEV=eth1").  0 if all are.
 */
static int defines_ok(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!kc_cfg_is_define(argv[i]))
			return 0;
	return 1;
}

static int install(const char *name, const char *file, int replace,
		   char **defs, int ndefs)
{
	struct kc_nl_graph *g;
	struct kc_cfg *cfg;
	struct kc_err err;
	struct kc_nl *nl;
	int ret;

	/* Parse first: a bad file is reported without touching the module. */
	if (kc_cfg_parse_file_defs(file, (const char *const *)defs, ndefs,
				   &cfg, &err))
		return kc_fail(&err);
	nl = kc_cli_nl();
	if (!nl) {
		kc_cfg_free(cfg);
		return KC_EXIT_FAIL;
	}
	ret = kc_nl_install_addrs(nl, cfg, name, replace, &g, &err);
	kc_cfg_free(cfg);
	if (ret) {
		kc_nl_close(nl);
		return kc_fail(&err);
	}
	/*
	 * METHOD XDP: the program goes on (and off) the devices now.  A new
	 * graph whose program cannot be attached is removed again; a
	 * replacing one stays (its devices pass frames to the host).
	 */
	ret = kc_xdp_sync(nl, &err);
	if (ret) {
		struct kc_err rerr;

		if (!replace || !g->gen)
			kc_nl_remove(nl, g->name ? g->name : name, &rerr);
		kc_xdp_sync(nl, &rerr);
		kc_nl_close(nl);
		kc_nl_graph_free(g);
		return kc_fail(&err);
	}
	kc_nl_close(nl);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_obj(j, NULL);
		kc_json_str(j, "name", g->name ? g->name : name);
		kc_json_u64(j, "id", g->id);
		kc_json_u64(j, "generation", g->gen);
		kc_json_obj_end(j);
		kc_json_end(j);
	}
	kc_nl_graph_free(g);
	return KC_EXIT_OK;
}

int kc_cmd_install(int argc, char **argv)
{
	static const char *const flags[] = { "--replace", NULL };
	int set[1] = { 0 };

	int n = kc_cli_args(argc, argv, flags, set);

	if (n < 2 || !defines_ok(n - 2, argv + 3))
		return kc_usage("install NAME FILE|- [VAR=VALUE]... [--replace]");
	return install(argv[1], argv[2], set[0], argv + 3, n - 2);
}

int kc_cmd_replace(int argc, char **argv)
{
	int n = kc_cli_args(argc, argv, NULL, NULL);

	if (n < 2 || !defines_ok(n - 2, argv + 3))
		return kc_usage("replace NAME FILE|- [VAR=VALUE]...");
	return install(argv[1], argv[2], 1, argv + 3, n - 2);
}

/* remove --all: every graph of the network namespace, as nft flush ruleset. */
static int remove_all(struct kc_nl *nl)
{
	struct kc_nl_graph *v;
	struct kc_err err;
	size_t n, i;
	int failed = 0;

	if (kc_nl_graph_list(nl, &v, &n, &err))
		return kc_fail(&err);
	for (i = 0; i < n; i++) {
		/* Gone meanwhile is what was asked for. */
		int ret = kc_nl_remove(nl, v[i].name, &err);

		if (ret && ret != -ENOENT)
			failed = kc_fail(&err);
	}
	kc_nl_graph_list_free(v, n);
	if (kc_xdp_sync(nl, &err))
		failed = kc_fail(&err);
	return failed ? KC_EXIT_FAIL : KC_EXIT_OK;
}

int kc_cmd_remove(int argc, char **argv)
{
	static const char *const flags[] = { "--all", NULL };
	int set[1] = { 0 };
	struct kc_err err;
	struct kc_nl *nl;
	int ret, n;

	n = kc_cli_args(argc, argv, flags, set);
	if (n != !set[0])
		return kc_usage("remove NAME | remove --all");
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	if (set[0]) {
		ret = remove_all(nl);
		kc_nl_close(nl);
		return ret;
	}
	ret = kc_nl_remove(nl, argv[1], &err);
	/* The graph's XDP programs go with it. */
	if (!ret)
		ret = kc_xdp_sync(nl, &err);
	kc_nl_close(nl);
	return ret ? kc_fail(&err) : KC_EXIT_OK;
}

static void json_devices(struct kc_json *j, const struct kc_nl_graph *g)
{
	size_t i;

	kc_json_arr(j, "devices");
	for (i = 0; i < g->ndevs; i++) {
		kc_json_obj(j, NULL);
		kc_json_str(j, "name", g->devs[i].name);
		kc_json_str(j, "element", g->devs[i].elem);
		kc_json_u64(j, "ifindex", g->devs[i].ifindex);
		kc_json_bool(j, "present", g->devs[i].present);
		if (g->devs[i].present && kc_xdp_dev_mode(g->devs[i].ifindex))
			kc_json_str(j, "xdp", kc_xdp_dev_mode(g->devs[i].ifindex));
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
}

static void json_summary(struct kc_json *j, const struct kc_nl_graph *g)
{
	kc_json_str(j, "name", g->name);
	kc_json_u64(j, "id", g->id);
	kc_json_u64(j, "generation", g->gen);
	kc_json_u64(j, "nelements", g->nelems);
	kc_json_u64(j, "drops", g->drops);
	json_devices(j, g);
}

static void text_devices(const struct kc_nl_graph *g, const char *indent)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const struct kc_nl_dev *d = &g->devs[i];

		const char *xdp = d->present ? kc_xdp_dev_mode(d->ifindex) : NULL;

		if (d->present)
			printf("%s%s ifindex %u, used by %s%s%s\n", indent,
			       d->name, d->ifindex, d->elem,
			       xdp ? ", xdp " : "", xdp ? xdp : "");
		else
			printf("%s%s (absent: waiting for it), used by %s\n",
			       indent, d->name, d->elem);
	}
}

int kc_cmd_list(int argc, char **argv)
{
	struct kc_nl_graph *v;
	struct kc_err err;
	struct kc_nl *nl;
	size_t n, i, k;
	int ret;

	if (kc_cli_args(argc, argv, NULL, NULL) != 0)
		return kc_usage("list");
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_graph_list(nl, &v, &n, &err);
	kc_nl_close(nl);
	if (ret)
		return kc_fail(&err);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_arr(j, NULL);
		for (i = 0; i < n; i++) {
			kc_json_obj(j, NULL);
			json_summary(j, &v[i]);
			kc_json_obj_end(j);
		}
		kc_json_arr_end(j);
		kc_json_end(j);
	}
	for (i = 0; !kc_cli.json && i < n; i++) {
		printf("%s: id %u generation %u elements %u drops %llu devices",
		       v[i].name, v[i].id, v[i].gen, v[i].nelems,
		       (unsigned long long)v[i].drops);
		for (k = 0; k < v[i].ndevs; k++)
			printf("%s%s%s", k ? "," : " ", v[i].devs[k].name,
			       v[i].devs[k].present ? "" : "(absent)");
		printf("%s\n", v[i].ndevs ? "" : " none");
	}
	kc_nl_graph_list_free(v, n);
	return KC_EXIT_OK;
}

static int show_get(int argc, char **argv, const char *use,
		    const char *const *flags, int *set,
		    struct kc_nl_graph **g)
{
	struct kc_err err;
	struct kc_nl *nl;
	int ret;

	if (kc_cli_args(argc, argv, flags, set) != 1)
		return kc_usage("%s", use);
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_graph_show(nl, argv[1], g, &err);
	kc_nl_close(nl);
	return ret ? kc_fail(&err) : KC_EXIT_OK;
}

/*
 * What a Click class became in kclick, when it is not what Click does: the
 * user wrote PollDevice and should know it is not polling.
 */
static const char *class_note(const char *cls)
{
	if (!strcmp(cls, "PollDevice"))
		return "PollDevice takes XDP where the driver has native XDP and every element after it takes XDP frames, else the device's rx_handler (in its NAPI poll): its 'mapping' handler says which and why";
	return NULL;
}

static void json_ports(struct kc_json *j, const struct kc_nl_elem *e,
		       int output)
{
	size_t i;

	kc_json_arr(j, output ? "outputs" : "inputs");
	for (i = 0; i < e->nports; i++) {
		if (e->ports[i].output != output)
			continue;
		kc_json_obj(j, NULL);
		kc_json_u64(j, "port", e->ports[i].index);
		kc_json_str(j, "processing", e->ports[i].pull ? "pull" : "push");
		kc_json_u64(j, "packets", e->ports[i].packets);
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
}

static void show_json(const struct kc_nl_graph *g)
{
	struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);
	size_t i, k;

	kc_json_obj(j, NULL);
	json_summary(j, g);
	kc_json_arr(j, "elements");
	for (i = 0; i < g->nelems_got; i++) {
		const struct kc_nl_elem *e = &g->elems[i];

		kc_json_obj(j, NULL);
		kc_json_str(j, "name", e->name);
		kc_json_str(j, "class", e->cls);
		kc_json_str(j, "config", e->config);
		if (class_note(e->cls))
			kc_json_str(j, "note", class_note(e->cls));
		kc_json_u64(j, "line", e->line);
		json_ports(j, e, 0);
		json_ports(j, e, 1);
		kc_json_arr(j, "handlers");
		for (k = 0; k < e->nhandlers; k++) {
			kc_json_obj(j, NULL);
			kc_json_str(j, "name", e->handlers[k].name);
			kc_json_bool(j, "read",
				     e->handlers[k].flags & KCLICK_HND_F_READ);
			kc_json_bool(j, "write",
				     e->handlers[k].flags & KCLICK_HND_F_WRITE);
			kc_json_obj_end(j);
		}
		kc_json_arr_end(j);
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
	kc_json_arr(j, "connections");
	for (i = 0; i < g->nlinks; i++) {
		const struct kc_nl_link *l = &g->links[i];

		kc_json_obj(j, NULL);
		kc_json_str(j, "from", g->elems[l->from].name);
		kc_json_u64(j, "from_port", l->from_port);
		kc_json_str(j, "to", g->elems[l->to].name);
		kc_json_u64(j, "to_port", l->to_port);
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
	kc_json_obj_end(j);
	kc_json_end(j);
}

static void text_ports(const struct kc_nl_elem *e)
{
	size_t i;

	if (!e->nports)
		return;
	printf("     ");
	for (i = 0; i < e->nports; i++)
		printf(" %s%u %s %llu", e->ports[i].output ? "out" : "in",
		       e->ports[i].index, e->ports[i].pull ? "pull" : "push",
		       (unsigned long long)e->ports[i].packets);
	putchar('\n');
}

/* "count" reads, "reset(w)" only writes, "limit(rw)" both. */
static const char *hnd_mode(unsigned int flags)
{
	if (!(flags & KCLICK_HND_F_WRITE))
		return "";
	return flags & KCLICK_HND_F_READ ? "(rw)" : "(w)";
}

static void show_text(const struct kc_nl_graph *g)
{
	size_t i, k;

	printf("graph %s: id %u generation %u, %u elements, %llu drops\n",
	       g->name, g->id, g->gen, g->nelems,
	       (unsigned long long)g->drops);
	printf("devices:%s\n", g->ndevs ? "" : " none");
	text_devices(g, "  ");
	printf("elements:\n");
	for (i = 0; i < g->nelems_got; i++) {
		const struct kc_nl_elem *e = &g->elems[i];

		printf("  %s :: %s%s%s%s", e->name, e->cls,
		       e->config[0] ? "(" : "", e->config,
		       e->config[0] ? ")" : "");
		if (e->line)
			printf("    // line %u", e->line);
		putchar('\n');
		if (class_note(e->cls))
			printf("      note: %s\n", class_note(e->cls));
		text_ports(e);
		if (e->nhandlers) {
			printf("      handlers:");
			for (k = 0; k < e->nhandlers; k++)
				printf(" %s%s", e->handlers[k].name,
				       hnd_mode(e->handlers[k].flags));
			putchar('\n');
		}
	}
	printf("connections:%s\n", g->nlinks ? "" : " none");
	for (i = 0; i < g->nlinks; i++) {
		const struct kc_nl_link *l = &g->links[i];

		printf("  %s [%u] -> [%u] %s\n", g->elems[l->from].name,
		       l->from_port, l->to_port, g->elems[l->to].name);
	}
}

int kc_cmd_show(int argc, char **argv)
{
	static const char *const flags[] = { "--dot", NULL };
	int set[1] = { 0 };
	struct kc_nl_graph *g;
	int ret = show_get(argc, argv, "show NAME [--dot]", flags, set, &g);

	if (ret)
		return ret;
	if (set[0])
		kc_dot_write(stdout, g, 1);
	else if (kc_cli.json)
		show_json(g);
	else
		show_text(g);
	kc_nl_graph_free(g);
	return KC_EXIT_OK;
}

static unsigned long long port_sum(const struct kc_nl_elem *e, int output)
{
	unsigned long long s = 0;
	size_t i;

	for (i = 0; i < e->nports; i++)
		if (e->ports[i].output == output)
			s += e->ports[i].packets;
	return s;
}

/*
 * Every graph (or the one named) with its elements, and the values of
 * their read-only handlers: what kc_prom_write() formats.  A graph removed
 * between the list and its show is left out.
 */
static int prometheus(struct kc_nl *nl, const char *only)
{
	struct kc_nl_graph *list = NULL, *v = NULL, *g;
	struct kc_prom_hval *hv = NULL;
	size_t n = 0, ng = 0, nh = 0, caph = 0, i, k, h;
	struct kc_err err;
	int ret = 0;

	if (!only) {
		ret = kc_nl_graph_list(nl, &list, &n, &err);
		if (ret)
			return kc_fail(&err);
	} else {
		n = 1;
	}
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		ret = kc_failf("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		ret = kc_nl_graph_show(nl, only ? only : list[i].name, &g,
				       &err);
		if (ret == -ENOENT && !only)
			continue;
		if (ret) {
			ret = kc_fail(&err);
			goto out;
		}
		v[ng++] = *g;
		free(g);
	}
	for (i = 0; i < ng; i++) {
		for (k = 0; k < v[i].nelems_got; k++) {
			const struct kc_nl_elem *e = &v[i].elems[k];

			for (h = 0; h < e->nhandlers; h++) {
				char *val;
				size_t len;

				if (!kc_prom_handler_wanted(e->handlers[h].name,
							    e->handlers[h].flags))
					continue;
				if (kc_nl_handler_read(nl, v[i].name, e->name,
						       e->handlers[h].name,
						       &val, &len, &err))
					continue;	/* gone meanwhile */
				if (nh == caph) {
					struct kc_prom_hval *t;

					caph = caph ? 2 * caph : 64;
					t = realloc(hv, caph * sizeof(*hv));
					if (!t) {
						free(val);
						ret = kc_failf("out of memory");
						goto out;
					}
					hv = t;
				}
				hv[nh].graph = v[i].name;
				hv[nh].elem = e->name;
				hv[nh].handler = e->handlers[h].name;
				hv[nh++].value = val;
			}
		}
	}
	kc_prom_write(stdout, v, ng, hv, nh);
	ret = KC_EXIT_OK;
out:
	for (i = 0; i < nh; i++)
		free((char *)hv[i].value);
	free(hv);
	kc_nl_graph_list_free(v, ng);
	if (list)
		kc_nl_graph_list_free(list, n);
	return ret;
}

int kc_cmd_stats(int argc, char **argv)
{
	static const char *const flags[] = { "--prometheus", NULL };
	int set[1] = { 0 };
	struct kc_nl_graph *g;
	size_t i;
	int ret, npos;

	npos = kc_cli_args(argc, argv, flags, set);
	if (npos < 0 || npos > 1 || (npos == 0 && !set[0]))
		return kc_usage("stats NAME | stats --prometheus [NAME]");
	if (set[0]) {
		struct kc_nl *nl = kc_cli_nl();

		if (!nl)
			return KC_EXIT_FAIL;
		ret = prometheus(nl, npos ? argv[1] : NULL);
		kc_nl_close(nl);
		return ret;
	}
	ret = show_get(2, argv, "stats NAME", NULL, NULL, &g);
	if (ret)
		return ret;
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_obj(j, NULL);
		kc_json_str(j, "name", g->name);
		kc_json_u64(j, "generation", g->gen);
		kc_json_u64(j, "drops", g->drops);
		kc_json_arr(j, "elements");
		for (i = 0; i < g->nelems_got; i++) {
			kc_json_obj(j, NULL);
			kc_json_str(j, "name", g->elems[i].name);
			kc_json_str(j, "class", g->elems[i].cls);
			json_ports(j, &g->elems[i], 0);
			json_ports(j, &g->elems[i], 1);
			kc_json_obj_end(j);
		}
		kc_json_arr_end(j);
		kc_json_obj_end(j);
		kc_json_end(j);
	} else {
		printf("%-24s %-16s %14s %14s\n", "ELEMENT", "CLASS", "IN",
		       "OUT");
		for (i = 0; i < g->nelems_got; i++)
			printf("%-24s %-16s %14llu %14llu\n", g->elems[i].name,
			       g->elems[i].cls, port_sum(&g->elems[i], 0),
			       port_sum(&g->elems[i], 1));
		printf("engine drops (limits): %llu\n",
		       (unsigned long long)g->drops);
	}
	kc_nl_graph_free(g);
	return KC_EXIT_OK;
}
