// SPDX-License-Identifier: GPL-2.0
/*
 * kclick save's writer (cli/savefmt.c) on fixed input, and offline the
 * round trip the VM test (selftests/kernel/persist.sh) makes with the
 * module: build examples/router.c-like graph, change its routes, rules
 * and backends through handlers, save it as `kclick save` would, build the
 * saved text again and compare every live handler.
 */
#include <string.h>

#include "tap.h"
#include "harness.h"
#include "../../cli/savefmt.c"

static char *capture(const struct kc_nl_graph *g, char *const *configs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (kc_save_write(f, g, configs))
		tap_ok(0, "kc_save_write failed");
	fclose(f);
	return text;
}

static void test_forms(void)
{
	enum kc_live_form form;
	char *c;

	tap_ok(kc_live_handler("RadixIPLookup", &form) &&
	       !strcmp(kc_live_handler("RadixIPLookup", &form), "table") &&
	       form == KC_LIVE_ROUTES &&
	       !strcmp(kc_live_handler("IPFilter", &form), "config") &&
	       form == KC_LIVE_AS_IS &&
	       !strcmp(kc_live_handler("SourceIPHashMapper", &form), "patterns") &&
	       !kc_live_handler("Counter", &form) &&
	       !kc_live_handler("Queue", &form),
	       "live handlers: routes, rules, backends; none for Counter or Queue");

	c = kc_live_config(KC_LIVE_ROUTES,
			   "10.7.1.1/32 - 0\n10.9.0.0/16 10.7.2.2 2\n", "");
	tap_ok(c && !strcmp(c, "10.7.1.1/32 0,\n\t10.9.0.0/16 10.7.2.2 2"),
	       "a route table becomes routes, the '-' gateway left out");
	free(c);
	c = kc_live_config(KC_LIVE_ROUTES, "", "10.0.0.0/8 1");
	tap_ok(c && !strcmp(c, ""), "an empty route table is an empty configuration");
	free(c);
	c = kc_live_config(KC_LIVE_ROUTES, "10.0.0.0/8 1 2 3\n", "");
	tap_ok(!c, "a line that is not a route is refused, not saved wrong");
	c = kc_live_config(KC_LIVE_AS_IS, "allow tcp, deny all\n\n", "x");
	tap_ok(c && !strcmp(c, "allow tcp, deny all"),
	       "rules as read, final newlines dropped");
	free(c);
	c = kc_live_config(KC_LIVE_FIRST_ARG_LINES,
			   "- - 10.0.0.1 - 0 1 1\n- - 10.0.0.3 - 0 1 3\n",
			   "\n  64 0xbadbeef,\n - - 10.0.0.1 - 0 1 1,\n - - 10.0.0.2 - 0 1 2");
	tap_ok(c && !strcmp(c, "64 0xbadbeef,\n\t- - 10.0.0.1 - 0 1 1,\n\t- - 10.0.0.3 - 0 1 3"),
	       "SourceIPHashMapper: the installed NNODES SEED, then the live backends");
	free(c);
	c = kc_live_config(KC_LIVE_LINES, "- - 10.0.0.1 - 0 1\n", "x");
	tap_ok(c && !strcmp(c, "- - 10.0.0.1 - 0 1"),
	       "RoundRobinIPMapper: the live backends");
	free(c);
}

static struct kc_nl_elem elems[] = {
	{ .name = "FromDevice@1", .cls = "FromDevice", .config = "eth0" },
	{ .name = "p/c", .cls = "Counter", .config = "" },
	{ .name = "rt", .cls = "RadixIPLookup", .config = "10.0.0.0/8 0" },
	{ .name = "Discard@4", .cls = "Discard", .config = "" },
};
static struct kc_nl_link links[] = { { 0, 0, 1, 0 }, { 1, 0, 2, 0 },
				     { 2, 0, 3, 0 } };

static void test_write(void)
{
	struct kc_nl_graph g = { .name = "fw", .gen = 2, .elems = elems,
				 .nelems_got = 4, .links = links, .nlinks = 3 };
	char *configs[4] = { NULL, NULL, "10.0.0.0/8 0,\n\t10.9.0.0/16 1", NULL };
	static const char expect[] =
		"// kclick graph 'fw', saved by 'kclick save' from the module\n"
		"// (generation 2): flat, with the routes and rules written at run\n"
		"// time.  'kclick restore' or 'kclick install NAME FILE' installs it.\n"
		"FromDevice@1 :: FromDevice(eth0);\n"
		"p/c :: Counter;\n"
		"rt :: RadixIPLookup(10.0.0.0/8 0,\n\t10.9.0.0/16 1);\n"
		"Discard@4 :: Discard;\n"
		"FromDevice@1 [0] -> [0] p/c;\n"
		"p/c [0] -> [0] rt;\n"
		"rt [0] -> [0] Discard@4;\n";
	char *text = capture(&g, configs);
	struct kc_cfg *cfg = NULL;
	struct kc_err err;

	tap_ok(!strcmp(text, expect), "the saved text, live routes in place of the installed ones");
	if (strcmp(text, expect))
		printf("# got:\n%s", text);
	tap_ok(!kc_cfg_parse(text, strlen(text), "fw.click", &cfg, &err) &&
	       cfg->nelems == 4 && cfg->nlinks == 3 &&
	       !strcmp(cfg->elems[0].name, "FromDevice@1") &&
	       !strcmp(cfg->elems[1].name, "p/c") &&
	       !strcmp(cfg->elems[2].config, "10.0.0.0/8 0,\n\t10.9.0.0/16 1"),
	       "it parses back: the same names (anonymous and compound ones too), configs, links");
	kc_cfg_free(cfg);
	free(text);
}

static void test_options(void)
{
	struct kc_err err = { { 0 } };
	char **defs;
	size_t n;

	tap_ok(!kc_graph_options_parse("# router options\n\nDEV=eth1\n  MTU=1500  \n",
				       "r.conf", &defs, &n, &err) &&
	       n == 2 && !strcmp(defs[0], "DEV=eth1") && !strcmp(defs[1], "MTU=1500"),
	       "NAME.conf: VAR=VALUE lines, comments and blank lines skipped");
	while (n)
		free(defs[--n]);
	free(defs);
	tap_ok(kc_graph_options_parse("DEV=eth1\n\nbogus line\n", "r.conf",
				      &defs, &n, &err) == -EINVAL &&
	       strstr(err.msg, "r.conf:3:1: expected VAR=VALUE, got 'bogus line'"),
	       "NAME.conf: a bad line is an error with file:line (%s)", err.msg);
}

/* ---- offline round trip ---- */

static const char router[] =
	"c :: Classifier(12/0800, -);\n"
	"Idle -> c;\n"
	"c[0] -> Strip(14) -> f :: IPFilter(allow tcp, deny all)\n"
	"	-> rt :: RadixIPLookup(10.1.0.0/16 0, 10.2.0.0/16 10.0.0.2 1)\n"
	"	-> Discard;\n"
	"lb :: RoundRobinIPMapper(- - 10.0.0.1 - 0 1, - - 10.0.0.2 - 0 1);\n"
	"p :: SourceIPHashMapper(16 0x1234, - - 10.0.0.1 - 0 1 1);\n"
	"rw :: IPRewriter(lb, p);\n"
	"rt[1] -> [0]rw;\n"
	"c[1] -> [1]rw;\n"
	"rw -> Discard;\n";

/* What `kclick save` does over netlink, on a harness graph. */
static char *save_offline(struct kc_graph *g, const struct kc_cfg *cfg)
{
	struct kc_nl_graph v = { .name = "r" };
	char **configs, buf[65536];
	size_t i;
	char *text;

	v.elems = calloc(cfg->nelems, sizeof(*v.elems));
	v.links = calloc(cfg->nlinks, sizeof(*v.links));
	configs = calloc(cfg->nelems, sizeof(*configs));
	v.nelems_got = cfg->nelems;
	v.nlinks = cfg->nlinks;
	for (i = 0; i < cfg->nelems; i++) {
		enum kc_live_form form;
		const char *h = kc_live_handler(cfg->elems[i].cls, &form);

		v.elems[i].name = cfg->elems[i].name;
		v.elems[i].cls = cfg->elems[i].cls;
		v.elems[i].config = cfg->elems[i].config;
		if (h && !th_read(g, cfg->elems[i].name, h, buf, sizeof(buf)))
			configs[i] = kc_live_config(form, buf,
						    cfg->elems[i].config);
	}
	for (i = 0; i < cfg->nlinks; i++)
		v.links[i] = (struct kc_nl_link){ cfg->links[i].from,
			cfg->links[i].from_port, cfg->links[i].to,
			cfg->links[i].to_port };
	text = capture(&v, configs);
	for (i = 0; i < cfg->nelems; i++)
		free(configs[i]);
	free(configs);
	free(v.elems);
	free(v.links);
	return text;
}

static int same(struct kc_graph *a, struct kc_graph *b, const char *e,
		const char *h)
{
	static char x[65536], y[65536];

	return !th_read(a, e, h, x, sizeof(x)) &&
	       !th_read(b, e, h, y, sizeof(y)) && !strcmp(x, y);
}

static void test_roundtrip(void)
{
	struct kc_graph *g, *g2;
	struct kc_cfg *cfg;
	struct kc_err err;
	char msg[2048], *text;
	int ok;

	g = th_build(router, msg, sizeof(msg), NULL);
	tap_ok(g != NULL, "the router builds (%s)", g ? "" : msg);
	if (!g)
		return;
	ok = !th_write(g, "rt", "add", "10.9.0.0/16 10.0.0.7 1", NULL, 0) &&
	     !th_write(g, "rt", "remove", "10.1.0.0/16", NULL, 0) &&
	     !th_write(g, "f", "config", "allow udp, allow icmp, deny all", NULL, 0) &&
	     !th_write(g, "c", "config", "12/0806, 12/0800", NULL, 0) &&
	     !th_write(g, "lb", "add", "- - 10.0.0.3 - 0 1", NULL, 0) &&
	     !th_write(g, "p", "add", "- - 10.0.0.4 - 0 1 4", NULL, 0);
	tap_ok(ok, "routes, rules and backends changed through handlers");

	kc_cfg_parse(router, strlen(router), "r.click", &cfg, &err);
	text = save_offline(g, cfg);
	kc_cfg_free(cfg);
	g2 = th_build(text, msg, sizeof(msg), NULL);
	tap_ok(g2 != NULL, "the saved configuration builds again (%s)",
	       g2 ? "" : msg);
	if (!g2) {
		printf("# saved:\n%s", text);
		free(text);
		th_free(g);
		return;
	}
	tap_ok(same(g, g2, "rt", "table"), "rt.table is the changed table");
	tap_ok(same(g, g2, "f", "config") && same(g, g2, "c", "config"),
	       "IPFilter's and Classifier's rules are the written ones");
	tap_ok(same(g, g2, "lb", "patterns") && same(g, g2, "p", "patterns"),
	       "the mappers' backends are the live ones");
	th_read(g2, "rt", "table", msg, sizeof(msg));
	tap_ok(strstr(msg, "10.9.0.0/16 10.0.0.7 1") && !strstr(msg, "10.1.0.0/16"),
	       "and not merely equal: the added route is there, the removed one gone");
	/* Saving the restored graph gives the same text again. */
	kc_cfg_parse(text, strlen(text), "r.click", &cfg, &err);
	{
		char *again = save_offline(g2, cfg);

		tap_ok(!strcmp(text, again), "save of the restored graph is the same text");
		free(again);
	}
	kc_cfg_free(cfg);
	free(text);
	th_free(g2);
	th_free(g);
}

int main(void)
{
	test_forms();
	test_write();
	test_options();
	test_roundtrip();
	return tap_done();
}
