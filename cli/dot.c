// SPDX-License-Identifier: GPL-2.0
/*
 * Graphviz DOT of a graph: `kclick show NAME --dot` (the module's graph,
 * live counts) and `kclick run CONFIG --dot` (offline, counts after the
 * run).  Both hand this file the same struct kc_nl_graph, so the picture
 * of an installed graph and of its offline run are drawn alike.
 *
 * Elements are boxes "name\nClass" (just "Class" for an anonymous one),
 * with the arguments when they are short: "Queue(200)".  A push connection is a solid arrow, a
 * pull connection a dashed arrow with a hollow head (the packet still
 * flows along the arrow; downstream asks for it).  Port numbers are drawn
 * at the ends of a connection when the element has more than one port on
 * that side; with counts, each connection is labelled with the packets
 * that crossed it.
 */
#include <string.h>

#include "cli.h"

/* A DOT quoted string: '"' and '\' escaped, a newline as DOT's "\n". */
static void dot_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', f);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

const struct kc_nl_port *kc_nl_port_find(const struct kc_nl_elem *e,
					 int output, unsigned int index)
{
	size_t i;

	for (i = 0; i < e->nports; i++)
		if (e->ports[i].output == output && e->ports[i].index == index)
			return &e->ports[i];
	return NULL;
}

int kc_nl_link_packets(const struct kc_nl_graph *g,
		       const struct kc_nl_link *l, int *pull,
		       unsigned long long *packets)
{
	const struct kc_nl_port *out, *in;

	if (l->from >= g->nelems_got || l->to >= g->nelems_got)
		return -1;
	out = kc_nl_port_find(&g->elems[l->from], 1, l->from_port);
	in = kc_nl_port_find(&g->elems[l->to], 0, l->to_port);
	if (!out || !in)
		return -1;
	*pull = out->pull;
	/*
	 * A push output and a pull input each have exactly one connection,
	 * so the port on that side counts exactly this connection's packets.
	 */
	*packets = out->pull ? in->packets : out->packets;
	return 0;
}

/* Named by the front end, "Class@N" (in a compound "c/Class@N"). */
static int anonymous(const struct kc_nl_elem *e)
{
	const char *b = strrchr(e->name, '/');
	size_t n = strlen(e->cls);

	b = b ? b + 1 : e->name;
	return !strncmp(b, e->cls, n) && b[n] == '@';
}

static unsigned int nports(const struct kc_nl_elem *e, int output)
{
	return output ? e->noutputs : e->ninputs;
}

void kc_dot_write(FILE *f, const struct kc_nl_graph *g, int counts)
{
	unsigned long long packets;
	size_t i;
	int pull;

	fputs("digraph ", f);
	dot_str(f, g->name ? g->name : "kclick");
	fputs(" {\n"
	      "\t// kclick: solid arrows push, dashed arrows with hollow heads pull\n"
	      "\tnode [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
	      "\tedge [fontname=\"Helvetica\", fontsize=9];\n", f);
	for (i = 0; i < g->nelems_got; i++) {
		const struct kc_nl_elem *e = &g->elems[i];
		char label[512], cls[256];

		/* Short arguments are part of the picture: FromDevice(eth0). */
		if (e->config && e->config[0] && strlen(e->config) <= 20 &&
		    !strchr(e->config, '\n'))
			snprintf(cls, sizeof(cls), "%s(%s)", e->cls, e->config);
		else
			snprintf(cls, sizeof(cls), "%s", e->cls);
		if (anonymous(e))
			snprintf(label, sizeof(label), "%s", cls);
		else
			snprintf(label, sizeof(label), "%s\n%s", e->name, cls);
		fputc('\t', f);
		dot_str(f, e->name);
		fputs(" [label=", f);
		dot_str(f, label);
		fputs("];\n", f);
	}
	for (i = 0; i < g->nlinks; i++) {
		const struct kc_nl_link *l = &g->links[i];
		const struct kc_nl_elem *from, *to;

		if (kc_nl_link_packets(g, l, &pull, &packets))
			continue;	/* a partial reply: no such port */
		from = &g->elems[l->from];
		to = &g->elems[l->to];
		fputc('\t', f);
		dot_str(f, from->name);
		fputs(" -> ", f);
		dot_str(f, to->name);
		fprintf(f, " [%s", pull ? "style=dashed, arrowhead=empty" :
			"style=solid");
		if (nports(from, 1) > 1)
			fprintf(f, ", taillabel=\"%u\"", l->from_port);
		if (nports(to, 0) > 1)
			fprintf(f, ", headlabel=\"%u\"", l->to_port);
		if (counts)
			fprintf(f, ", label=\"%llu\"", packets);
		fputs("];\n", f);
	}
	fputs("}\n", f);
}
