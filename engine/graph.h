/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The graph engine, portable part: build and validate a graph from a flat
 * description, run packets through it, read and write handlers.  The kernel
 * (netns.c, dev.c, task.c) and the userspace harness each add how graphs are
 * published and how devices and tasks are driven.
 */
#ifndef KCLICK_GRAPH_H
#define KCLICK_GRAPH_H

#include <kclick/element.h>
#include <uapi/linux/kclick.h>

/* Runtime bounds, per received packet and per CPU (see run.c). */
#define KC_DEPTH_MAX	16	/* nested pushes before deferring */
#define KC_DEFER_MAX	64	/* deferred pushes queued per CPU */
#define KC_STEPS_MAX	16384	/* element visits per received packet */
#define KC_COPIES_MAX	64	/* kc_clone() copies per received packet */

/*
 * Pull bounds, checked at install (graph.c, check_pull) and again at run
 * time (run.c).  A pull path is at most KC_PULL_DEPTH_MAX pull links long:
 * each link is one nested kc_run_pull() plus a class's pull method on the
 * stack.  Measured with -fstack-usage (Debian 6.1, x86_64): kc_run_pull 24
 * bytes, the largest pull 48 (RoundRobinSched; Queue 32, Counter 16), plus
 * two return addresses: 88 bytes a link, 32 * 88 = 2.8 KB.  The pushes of
 * what a task pulled nest at most KC_DEPTH_MAX deep on the same stack:
 * a counted level is kc_run_push() (the link's push, element.h) and one
 * push method, two frames and two return addresses: the largest push 192
 * (IPFragmenter, userspace -O2), kc_run_push 16, 224 bytes a level,
 * 16 * 224 = 3.6 KB.  Above them at most KC_DIRECT_DEPTH_MAX (16) direct
 * pushes (element.h, run.c), of PUSH1 and FANOUT classes only: the
 * largest is IPFilter/IPClassifier's, kc_cls_elem_push 16 +
 * cls_elem_push_walk 80 + cls_elem_push_pull 32 bytes and three return
 * addresses, 152 a level (Counter 32, Classifier 16 + 32, Tee 32 +
 * tee_copies 32, PaintTee 32, the rest 8 or 16; userspace -O2,
 * -fstack-usage, 2026-12-03 and 2026-12-04), 16 * 152 = 2.4 KB.  All
 * together, with the largest task run (ARPQuerier, 648) stay near 10 KB of the 16 KB
 * softirq stack.  One pull, everything upstream empty,
 * makes at most KC_PULL_VISITS_MAX pull calls; a task run stops pulling
 * after KC_PULL_STEPS_MAX element visits (pulls and pushes) and runs again
 * later, so it always finishes at least one whole pull and leaves half the
 * budget to the pushes of what it pulled.
 */
#define KC_PULL_DEPTH_MAX	32
#define KC_PULL_VISITS_MAX	4096
#define KC_PULL_STEPS_MAX	(KC_STEPS_MAX / 2)
/* One per-CPU allocation: the kernel's unit size, PCPU_MIN_UNIT_SIZE. */
#define KC_PCPU_ALLOC_MAX	(32 * 1024)

struct kc_elem_desc {
	const char *name;
	const char *cls;
	const char *config;
	u32 line;
};

struct kc_link_desc {
	u32 from, from_port, to, to_port;
};

struct kc_graph_desc {
	u32 nelems, nlinks;
	const struct kc_elem_desc *elems;
	const struct kc_link_desc *links;
};

struct kc_graph_stats {
	u64 drops;		/* engine limits: depth, steps, copies */
};

/*
 * A built graph.  Immutable once published: the topology, element configs
 * and class pointers never change; elements keep their own run-time state.
 */
struct kc_graph {
	u32 nelems;
	struct kc_elem **elems;
	struct kc_graph_stats __percpu *stats;
	void __percpu **pcpu_chunks;	/* elements' per-CPU memory */
	u32 npcpu_chunks;
	void *owner;		/* platform: the installed graph it belongs to */
	struct kc_names *names;	/* AddressInfo names (engine/names.c) */
};

/*
 * Build, configure and validate; nothing runs yet.  On error returns NULL
 * with err filled and *bad_elem set to the element at fault (or -1).
 */
struct kc_graph *kc_graph_build(const struct kc_graph_desc *d, void *owner,
				struct kc_errbuf *err, int *bad_elem);
/*
 * Call every element's initialize; on failure everything is undone.  Then
 * start its tasks (kc_graph_initialize does both).  The module does the
 * two apart: its tasks start only once the graph's devices, channels and
 * FromHost devices are committed (kmod/netns.c), or a source's first
 * burst meets a ToDevice whose device is not published yet and is
 * dropped (sources.sh lost 8 of 40 datagrams that way, CI 2026-12-03).
 */
int kc_graph_init_elements(struct kc_graph *g, struct kc_errbuf *err,
			   int *bad_elem);
void kc_graph_start_tasks(struct kc_graph *g);
int kc_graph_initialize(struct kc_graph *g, struct kc_errbuf *err,
			int *bad_elem);
/* Stop the graph's tasks; it must no longer receive packets. */
void kc_graph_stop(struct kc_graph *g);
/* Carry state from old's same-named elements of the same class. */
void kc_graph_take_state(struct kc_graph *g, struct kc_graph *old);
/* Clean up every element and free.  The graph must no longer run. */
void kc_graph_destroy(struct kc_graph *g);
struct kc_elem *kc_graph_find(const struct kc_graph *g, const char *name);
u64 kc_graph_drops(const struct kc_graph *g);
/* Packets through a port, derived from the links for the uncounted side. */
u64 kc_elem_port_packets(const struct kc_elem *e, bool output, int port);

/* Handlers, generic (class, config, ports, handlers, name) and per class. */
/* kc_handler_read() and kc_handler_write() are in element.h (Script). */
/* Iterate all handler names of e: idx from 0; returns NULL at the end. */
const char *kc_handler_nth(const struct kc_elem *e, int idx, u32 *flags);

/* Packet path entry points (run.c): a packet arrives, a task runs. */
void kc_run_entry(struct kc_elem *e, int port, struct kc_pkt *p);
void kc_run_from_device(struct kc_elem *e, struct kc_pkt *p);
void kc_run_task(struct kc_elem *e);

#endif /* KCLICK_GRAPH_H */
