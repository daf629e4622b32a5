// SPDX-License-Identifier: GPL-2.0
/*
 * XDP frames through a graph (FromDevice METHOD XDP; docs/design.md "XDP").
 *
 * Portable: the kernel's kfunc (kmod/xdp.c) calls kc_xdp_run() on the
 * frame of an xdp_buff, before any skb exists; in userspace only the
 * install check runs (`kclick run` pushes skb-like packets).
 *
 * A frame is no struct kc_pkt: it cannot be queued, copied or made longer,
 * and no element may keep it.  So only classes with a kc_class.xdp method
 * take part, each one returning the output port the frame goes on or a
 * verdict; the walk is a loop, not recursion, and ends after
 * KC_XDP_HOPS_MAX elements (a push cycle), where the frame is dropped and
 * counted in the graph's drops.
 */
#include "graph.h"

/*
 * Initialize time (graph lock held): may allocate.  *bad is the first
 * element a frame from `from` can reach that cannot take it, or NULL.
 */
int kc_xdp_blocker(struct kc_elem *from, struct kc_elem **bad)
{
	struct kc_graph *g = from->graph;
	struct kc_elem **stack;
	u8 *seen;
	u32 n = 0, i;
	int ret = 0;

	*bad = NULL;
	stack = kc_zalloc(sizeof(*stack) * g->nelems);
	seen = kc_zalloc(g->nelems);
	if (!stack || !seen) {
		ret = -ENOMEM;
		goto out;
	}
	seen[from->index] = 1;
	stack[n++] = from;
	while (n && !*bad) {
		struct kc_elem *e = stack[--n];

		for (i = 0; i < e->noutputs; i++) {
			const struct kc_link *l = &e->out[i];
			struct kc_elem *to = l->elem;

			if (!to || seen[to->index])
				continue;
			seen[to->index] = 1;
			if (e->out_proc[i] != KC_PUSH || !to->cls->xdp ||
			    to->cls->xdp(to, NULL)) {
				*bad = to;
				break;
			}
			stack[n++] = to;
		}
	}
out:
	kc_free(stack);
	kc_free(seen);
	return ret;
}

int kc_xdp_check(struct kc_elem *from, struct kc_errbuf *err)
{
	struct kc_elem *to;
	int ret = kc_xdp_blocker(from, &to);

	if (ret || !to)
		return ret;
	return kc_errf(err, EOPNOTSUPP,
		       "METHOD XDP: element '%s' (%s) cannot take XDP frames%s (XDP-capable: Classifier, Counter, Discard, EtherMirror, Paint, PaintSwitch, ToDevice, ToHost TYPE ETHER; docs/design.md \"XDP\")",
		       to->name, to->cls->name,
		       to->cls->xdp ? " as configured" : "");
}

/* Packet path: softirq, RCU read side (the caller's). */
u32 kc_xdp_run(struct kc_elem *from, struct kc_xdp *x)
{
	struct kc_elem *e = from;
	int port = 0, hops;

	for (hops = 0; hops < KC_XDP_HOPS_MAX; hops++) {
		this_cpu_inc(e->out_stats[port]);
		e = e->out[port].elem;
		port = e->cls->xdp(e, x);
		if (port < 0)
			return x->act;
	}
	kc_this_cpu_ptr(from->graph->stats)->drops++;
	return KC_XDP_DROP;
}
