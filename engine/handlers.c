// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers: Click's read/write interface to elements.  Every element has the
 * generic ones below; classes add their own through kc_class.handlers.
 *
 * Portable.  Process context, graph update lock held: handlers may sleep,
 * and the element cannot be destroyed under them.
 */
#include <kclick/names.h>
#include "graph.h"

int kc_buf_pcpu_u64(struct kc_buf *b, u64 __percpu *v, unsigned int i)
{
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(kc_per_cpu_ptr(v, cpu)[i]);
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int read_name(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", e->name);
	return 0;
}

static int read_class(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", e->cls->name);
	return 0;
}

static int read_config(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", e->config);
	return 0;
}

static int read_ports(struct kc_elem *e, struct kc_buf *b)
{
	int p;

	kc_buf_printf(b, "%u input%s\n", e->ninputs, e->ninputs == 1 ? "" : "s");
	for (p = 0; p < e->ninputs; p++)
		kc_buf_printf(b, "%s\n", e->in_proc[p] == KC_PUSH ? "push" : "pull");
	kc_buf_printf(b, "%u output%s\n", e->noutputs,
		      e->noutputs == 1 ? "" : "s");
	for (p = 0; p < e->noutputs; p++)
		kc_buf_printf(b, "%s\n", e->out_proc[p] == KC_PUSH ? "push" : "pull");
	return 0;
}

static int read_handlers(struct kc_elem *e, struct kc_buf *b)
{
	const char *name;
	u32 flags;
	int i;

	for (i = 0; (name = kc_handler_nth(e, i, &flags)); i++)
		kc_buf_printf(b, "%s\t%s%s\n", name,
			      flags & KCLICK_HND_F_READ ? "r" : "",
			      flags & KCLICK_HND_F_WRITE ? "w" : "");
	return 0;
}

/* Packets per port: "in0 N in1 N out0 N". */
static int read_counts(struct kc_elem *e, struct kc_buf *b)
{
	int p;

	for (p = 0; p < e->ninputs; p++)
		kc_buf_printf(b, "in%d %llu\n", p,
			      (unsigned long long)kc_elem_port_packets(e, false, p));
	for (p = 0; p < e->noutputs; p++)
		kc_buf_printf(b, "out%d %llu\n", p,
			      (unsigned long long)kc_elem_port_packets(e, true, p));
	return 0;
}

static const struct kc_handler generic_handlers[] = {
	{ .name = "name", .read = read_name },
	{ .name = "class", .read = read_class },
	{ .name = "config", .read = read_config },
	{ .name = "ports", .read = read_ports },
	{ .name = "handlers", .read = read_handlers },
	{ .name = "port_counts", .read = read_counts },
};

#define NGENERIC ((int)ARRAY_SIZE(generic_handlers))

static const struct kc_handler *nth(const struct kc_elem *e, int idx)
{
	if (idx < 0)
		return NULL;
	/* Class handlers first, so a class can override "config". */
	if (idx < e->cls->nhandlers)
		return &e->cls->handlers[idx];
	idx -= e->cls->nhandlers;
	return idx < NGENERIC ? &generic_handlers[idx] : NULL;
}

static const struct kc_handler *find(const struct kc_elem *e, const char *name)
{
	const struct kc_handler *h;
	int i;

	for (i = 0; (h = nth(e, i)); i++)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}

static bool shadowed(const struct kc_elem *e, int idx,
		     const struct kc_handler *h)
{
	int i;

	if (idx < e->cls->nhandlers)
		return false;
	for (i = 0; i < e->cls->nhandlers; i++)
		if (!strcmp(e->cls->handlers[i].name, h->name))
			return true;
	return false;
}

const char *kc_handler_nth(const struct kc_elem *e, int idx, u32 *flags)
{
	const struct kc_handler *h;
	int i, visible = 0;

	for (i = 0; (h = nth(e, i)); i++) {
		if (shadowed(e, i, h))
			continue;
		if (visible++ == idx) {
			*flags = (h->read ? KCLICK_HND_F_READ : 0) |
				 (h->write ? KCLICK_HND_F_WRITE : 0);
			return h->name;
		}
	}
	return NULL;
}

int kc_handler_read(struct kc_elem *e, const char *name, struct kc_buf *out,
		    struct kc_errbuf *err)
{
	const struct kc_handler *h = find(e, name);

	if (!h)
		return kc_errf(err, ENOENT, "element '%s' has no handler '%s'",
			       e->name, name);
	if (!h->read)
		return kc_errf(err, EACCES, "handler '%s.%s' is write-only",
			       e->name, name);
	return h->read(e, out);
}

int kc_handler_write(struct kc_elem *e, const char *name, const char *val,
		     struct kc_errbuf *err)
{
	const struct kc_handler *h = find(e, name);
	struct kc_elem *prev;
	int ret;

	if (!h)
		return kc_errf(err, ENOENT, "element '%s' has no handler '%s'",
			       e->name, name);
	if (!h->write)
		return kc_errf(err, EACCES, "handler '%s.%s' is read-only",
			       e->name, name);
	/* Addresses written may be names, as in the configuration. */
	prev = kc_names_enter(e);
	ret = h->write(e, val, err);
	kc_names_leave(prev);
	return ret;
}
