// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus text exposition format (version 0.0.4) of graphs'
 * counters: `kclick stats --prometheus` (every graph of the network
 * namespace, for node_exporter's textfile collector) and `kclick run
 * CONFIG --prometheus` (offline).  Three families:
 *
 *   kclick_graph_drops_total{graph}                   engine limit drops
 *   kclick_port_packets_total{graph,element,class,direction,port}
 *   kclick_handler_value{graph,element,handler}       read-only handlers
 *                                                     whose value is a number
 *
 * Every family's samples are written together after one HELP and one TYPE
 * line, as the format requires.  Label values are escaped (backslash,
 * double quote, newline).
 */
#include <ctype.h>
#include <string.h>

#include <linux/kclick.h>

#include "cli.h"

static void label(FILE *f, const char *key, const char *val, int first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	for (; val && *val; val++) {
		if (*val == '\\' || *val == '"')
			fprintf(f, "\\%c", *val);
		else if (*val == '\n')
			fputs("\\n", f);
		else
			fputc(*val, f);
	}
	fputc('"', f);
}

/*
 * A handler value Prometheus can take: an unsigned integer or a decimal,
 * surrounding white space allowed.  *len gets the number's length, *start
 * its offset.
 */
int kc_prom_number(const char *v, size_t *start, size_t *len)
{
	size_t i = 0, s, dots = 0, digits = 0;

	while (v[i] && isspace((unsigned char)v[i]))
		i++;
	s = i;
	for (; v[i] && !isspace((unsigned char)v[i]); i++) {
		if (v[i] == '.')
			dots++;
		else if (isdigit((unsigned char)v[i]))
			digits++;
		else
			return 0;
	}
	if (!digits || dots > 1 || v[s] == '.' || v[i - 1] == '.')
		return 0;
	*start = s;
	*len = i - s;
	while (v[i] && isspace((unsigned char)v[i]))
		i++;
	return !v[i];
}

void kc_prom_write(FILE *f, const struct kc_nl_graph *g, size_t ng,
		   const struct kc_prom_hval *hv, size_t nh)
{
	size_t i, k, p;

	fputs("# HELP kclick_graph_drops_total Packets the engine dropped at its bounds (depth, steps, copies).\n"
	      "# TYPE kclick_graph_drops_total counter\n", f);
	for (i = 0; i < ng; i++) {
		fputs("kclick_graph_drops_total{", f);
		label(f, "graph", g[i].name, 1);
		fprintf(f, "} %llu\n", (unsigned long long)g[i].drops);
	}
	fputs("# HELP kclick_port_packets_total Packets through a port of an element.\n"
	      "# TYPE kclick_port_packets_total counter\n", f);
	for (i = 0; i < ng; i++) {
		for (k = 0; k < g[i].nelems_got; k++) {
			const struct kc_nl_elem *e = &g[i].elems[k];

			for (p = 0; p < e->nports; p++) {
				char port[16];

				snprintf(port, sizeof(port), "%u",
					 e->ports[p].index);
				fputs("kclick_port_packets_total{", f);
				label(f, "graph", g[i].name, 1);
				label(f, "element", e->name, 0);
				label(f, "class", e->cls, 0);
				label(f, "direction",
				      e->ports[p].output ? "out" : "in", 0);
				label(f, "port", port, 0);
				fprintf(f, "} %llu\n",
					(unsigned long long)e->ports[p].packets);
			}
		}
	}
	fputs("# HELP kclick_handler_value A read-only element handler whose value is a number (kclick read GRAPH/ELEMENT.HANDLER).\n"
	      "# TYPE kclick_handler_value untyped\n", f);
	for (i = 0; i < nh; i++) {
		size_t s, len;

		if (!hv[i].value || !kc_prom_number(hv[i].value, &s, &len))
			continue;
		fputs("kclick_handler_value{", f);
		label(f, "graph", hv[i].graph, 1);
		label(f, "element", hv[i].elem, 0);
		label(f, "handler", hv[i].handler, 0);
		fprintf(f, "} %.*s\n", (int)len, hv[i].value + s);
	}
}

int kc_handler_generic(const char *name)
{
	static const char *const g[] = { "name", "class", "config", "ports",
					 "handlers", "port_counts" };
	size_t i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		if (!strcmp(name, g[i]))
			return 1;
	return 0;
}

/*
 * Counters and levels are read-only handlers; read/write ones are settings
 * (a Queue's capacity), not measurements.
 */
int kc_prom_handler_wanted(const char *name, unsigned int flags)
{
	return (flags & KCLICK_HND_F_READ) && !(flags & KCLICK_HND_F_WRITE) &&
	       !kc_handler_generic(name);
}
