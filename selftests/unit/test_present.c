// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's two presentation writers on fixed input, the struct
 * kc_nl_graph that `kclick show` gets from the module: Graphviz DOT
 * (cli/dot.c) and the Prometheus text format (cli/prom.c).  The DOT output
 * must be accepted by `dot -Tsvg`, and the Prometheus output by the
 * prometheus_client parser, when those are installed.
 */
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "../../cli/dot.c"
#include "../../cli/prom.c"

/*
 * src :: FromDevice(eth0) -> t :: Tee(2);  t[0] -> q :: Queue -> td ::
 * ToDevice(eth0);  t[1] -> we"ird\name :: Counter -> Discard@5
 */
static struct kc_nl_port p_src[] = { { 0, 1, 0, 10 } };
static struct kc_nl_port p_t[] = { { 0, 0, 0, 10 }, { 0, 1, 0, 10 },
				   { 1, 1, 0, 10 } };
static struct kc_nl_port p_q[] = { { 0, 0, 0, 10 }, { 0, 1, 1, 7 } };
static struct kc_nl_port p_td[] = { { 0, 0, 1, 7 } };
static struct kc_nl_port p_c[] = { { 0, 0, 0, 10 }, { 0, 1, 0, 10 } };
static struct kc_nl_port p_d[] = { { 0, 0, 0, 10 } };
static struct kc_nl_handler h_c[] = { { "count", KCLICK_HND_F_READ },
				      { "reset", KCLICK_HND_F_WRITE } };

static struct kc_nl_elem elems[] = {
	{ "src", "FromDevice", "eth0", 1, 0, 1, p_src, 1, NULL, 0 },
	{ "t", "Tee", "2", 1, 1, 2, p_t, 3, NULL, 0 },
	{ "q", "Queue", "", 2, 1, 1, p_q, 2, NULL, 0 },
	{ "td", "ToDevice", "eth0", 2, 1, 0, p_td, 1, NULL, 0 },
	{ "we\"ird\\name", "Counter", "", 3, 1, 1, p_c, 2, h_c, 2 },
	{ "Discard@5", "Discard", "", 3, 1, 0, p_d, 1, NULL, 0 },
};
static struct kc_nl_link links[] = {
	{ 0, 0, 1, 0 }, { 1, 0, 2, 0 }, { 2, 0, 3, 0 }, { 1, 1, 4, 0 },
	{ 4, 0, 5, 0 },
};
static struct kc_nl_graph graph = {
	.name = "fw", .id = 1, .nelems = 6, .drops = 3,
	.elems = elems, .nelems_got = 6, .links = links, .nlinks = 5,
};

static char *capture_dot(const struct kc_nl_graph *g, int counts)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	kc_dot_write(f, g, counts);
	fclose(f);
	return text;
}

static int has(const char *text, const char *s)
{
	return strstr(text, s) != NULL;
}

static void test_dot(void)
{
	char *d = capture_dot(&graph, 1), path[] = "/tmp/kc_dotXXXXXX", cmd[256];
	struct kc_nl_graph partial = graph;
	size_t i;
	FILE *f;
	int fd;

	tap_ok(!strncmp(d, "digraph \"fw\" {\n", 15) && has(d, "\n}\n"),
	       "DOT: one digraph named after the graph");
	tap_ok(has(d, "\t\"src\" [label=\"src\\nFromDevice(eth0)\"];\n") &&
	       has(d, "\t\"q\" [label=\"q\\nQueue\"];\n") &&
	       has(d, "\t\"t\" [label=\"t\\nTee(2)\"];\n"),
	       "DOT: a node per element, name, class and short arguments");
	tap_ok(has(d, "\t\"Discard@5\" [label=\"Discard\"];\n"),
	       "DOT: an anonymous element is labelled with its class only");
	tap_ok(has(d, "\t\"we\\\"ird\\\\name\" [label=\"we\\\"ird\\\\name\\nCounter\"];\n"),
	       "DOT: quotes and backslashes in names are escaped");
	tap_ok(has(d, "\t\"src\" -> \"t\" [style=solid, label=\"10\"];\n"),
	       "DOT: a push connection is solid, labelled with the output's count");
	tap_ok(has(d, "\t\"q\" -> \"td\" [style=dashed, arrowhead=empty, label=\"7\"];\n"),
	       "DOT: a pull connection is dashed with a hollow head, labelled with the pulling input's count");
	tap_ok(has(d, "\t\"t\" -> \"q\" [style=solid, taillabel=\"0\", label=\"10\"];\n") &&
	       has(d, "\t\"t\" -> \"we\\\"ird\\\\name\" [style=solid, taillabel=\"1\", label=\"10\"];\n"),
	       "DOT: output port numbers where an element has several outputs");
	for (i = 0, fd = 0; d[i]; i++)
		fd += d[i] == '>';
	tap_ok(fd == 5, "DOT: one edge per connection (%d)", fd);
	free(d);

	d = capture_dot(&graph, 0);
	tap_ok(!has(d, "label=\"10\"") && !has(d, "label=\"7\"") &&
	       has(d, "\"q\" -> \"td\" [style=dashed, arrowhead=empty];"),
	       "DOT without counts: no edge labels, styles kept");
	free(d);

	/* A reply cut short: a connection to a missing element is left out. */
	partial.nelems_got = 3;
	d = capture_dot(&partial, 1);
	tap_ok(!has(d, "\"td\"") && has(d, "\"t\" -> \"q\""),
	       "DOT: connections to elements not in the reply are skipped");
	free(d);

	if (system("command -v dot >/dev/null 2>&1")) {
		tap_skip("dot -Tsvg: graphviz is not installed (scripts/install-deps)");
		return;
	}
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	kc_dot_write(f, &graph, 1);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "dot -Tsvg %s 2>&1 >/dev/null | grep -q . && exit 1; dot -Tsvg %s | grep -q '<svg'",
		 path, path);
	tap_ok(!system(cmd), "dot -Tsvg accepts the DOT without a warning");
	unlink(path);
}

static const char prom_expect[] =
	"# HELP kclick_graph_drops_total Packets the engine dropped at its bounds (depth, steps, copies).\n"
	"# TYPE kclick_graph_drops_total counter\n"
	"kclick_graph_drops_total{graph=\"fw\"} 3\n"
	"kclick_graph_drops_total{graph=\"a\\\"b\\\\c\\nd\"} 0\n"
	"# HELP kclick_port_packets_total Packets through a port of an element.\n"
	"# TYPE kclick_port_packets_total counter\n"
	"kclick_port_packets_total{graph=\"fw\",element=\"q\",class=\"Queue\",direction=\"in\",port=\"0\"} 10\n"
	"kclick_port_packets_total{graph=\"fw\",element=\"q\",class=\"Queue\",direction=\"out\",port=\"0\"} 7\n"
	"kclick_port_packets_total{graph=\"a\\\"b\\\\c\\nd\",element=\"we\\\"ird\\\\name\",class=\"Counter\",direction=\"in\",port=\"0\"} 10\n"
	"kclick_port_packets_total{graph=\"a\\\"b\\\\c\\nd\",element=\"we\\\"ird\\\\name\",class=\"Counter\",direction=\"out\",port=\"0\"} 10\n"
	"# HELP kclick_handler_value A read-only element handler whose value is a number (kclick read GRAPH/ELEMENT.HANDLER).\n"
	"# TYPE kclick_handler_value untyped\n"
	"kclick_handler_value{graph=\"fw\",element=\"c\",handler=\"count\"} 42\n"
	"kclick_handler_value{graph=\"fw\",element=\"c\",handler=\"rate\"} 1.5\n";

static void test_prom(void)
{
	struct kc_nl_graph g[2] = { graph, graph };
	struct kc_prom_hval hv[] = {
		{ "fw", "c", "count", " 42\n" },
		{ "fw", "c", "rate", "1.5" },
		{ "fw", "c", "table", "10.0.0.0/8 1\n" },	/* not a number */
		{ "fw", "c", "version", "1.2.3" },
		{ "fw", "c", "empty", "" },
		{ "fw", "c", "dot", "5." },
		{ "fw", "c", "neg", "-1" },
	};
	char path[] = "/tmp/kc_promXXXXXX", cmd[512];
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int fd;

	g[0].elems = &elems[2];		/* q */
	g[0].nelems_got = 1;
	g[1].name = "a\"b\\c\nd";
	g[1].drops = 0;
	g[1].elems = &elems[4];		/* we"ird\name */
	g[1].nelems_got = 1;
	f = open_memstream(&text, &len);
	kc_prom_write(f, g, 2, hv, sizeof(hv) / sizeof(hv[0]));
	fclose(f);
	tap_ok(!strcmp(text, prom_expect),
	       "Prometheus: the exact text for two graphs, escaped labels, numeric handlers only");
	if (strcmp(text, prom_expect))
		printf("# got:\n%s", text);

	tap_ok(kc_prom_handler_wanted("count", KCLICK_HND_F_READ) &&
	       !kc_prom_handler_wanted("capacity",
				       KCLICK_HND_F_READ | KCLICK_HND_F_WRITE) &&
	       !kc_prom_handler_wanted("reset", KCLICK_HND_F_WRITE) &&
	       !kc_prom_handler_wanted("config", KCLICK_HND_F_READ),
	       "Prometheus: read-only, non-generic handlers are the ones read");

	if (access("/usr/bin/python3", X_OK) ||
	    system("/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null")) {
		tap_skip("prometheus_client parser: python3-prometheus-client is not installed (scripts/install-deps)");
		free(text);
		return;
	}
	fd = mkstemp(path);
	if (write(fd, text, len) != (ssize_t)len)
		tap_ok(0, "write %s", path);
	close(fd);
	/* The official parser reads back every sample with its labels. */
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c '"
		 "import sys\n"
		 "from prometheus_client.parser import text_string_to_metric_families as p\n"
		 "s = [x for f in p(open(sys.argv[1]).read()) for x in f.samples]\n"
		 "assert len(s) == 8, len(s)\n"
		 "assert s[1].labels == {\"graph\": \"a\\\"b\\\\c\\nd\"}, s[1]\n"
		 "assert s[7].value == 1.5\n' %s", path);
	tap_ok(!system(cmd),
	       "prometheus_client's parser reads 8 samples, labels unescaped");
	unlink(path);
	free(text);
}

int main(void)
{
	test_dot();
	test_prom();
	return tap_done();
}
