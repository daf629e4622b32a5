/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace harness: the portable engine (engine/graph.c, run.c, ...)
 * and every element, run offline over pcap files.  Used by `kclick run`,
 * the unit tests, the fuzzers and the benchmarks.
 *
 * One thread.  Devices are names bound to pcap files; tasks run from a
 * ready list and a timer list on a virtual clock that follows the input
 * packets' timestamps, so a run is deterministic and repeatable.
 */
#ifndef KCLICK_USER_H
#define KCLICK_USER_H

#include <kclick/element.h>
#include "../engine/graph.h"

struct kc_cfg;
struct kc_err;

/*
 * NAME=IN.pcap[:OUT.pcap]; in or out may be NULL.  addrs (--dev-addr,
 * may be NULL): "18.26.4.9/24,00:50:ba:85:84:a9,gw=18.26.4.1", what the
 * device's name means as an address (include/kclick/names.h).
 */
struct kc_user_bind {
	const char *name;
	const char *in;
	const char *out;
	const char *addrs;
};

struct kc_user_run;

/*
 * Build and initialise cfg with devices bound as given.  An unbound
 * ToDevice counts and drops what it is sent; an unbound FromDevice is an
 * error (it would never receive).  Errors name the element like the
 * module's ("FILE:LINE:COL: element 'x' (Class): ...").
 */
int kc_user_run_open(struct kc_user_run **out, const struct kc_cfg *cfg,
		     const struct kc_user_bind *binds, size_t nbinds,
		     struct kc_err *err);
/* Feed every input to its end, then run tasks and timers until idle. */
int kc_user_run_loop(struct kc_user_run *r, struct kc_err *err);
struct kc_graph *kc_user_run_graph(struct kc_user_run *r);
/* Packets read from inputs and written to outputs. */
void kc_user_run_totals(struct kc_user_run *r, u64 *in, u64 *out);
void kc_user_run_close(struct kc_user_run *r);

/*
 * kclick run --check: build and initialize cfg without packets.  Devices
 * need no binding (none receives), FromDump and ToDump open no file;
 * binds give devices only their addresses (--dev-addr).
 * report() gets every problem found: in the module's error shape, the
 * element's index in cfg (or -1) and the engine's message alone.  Returns
 * how many (0: the configuration would run), or -ENOMEM.
 */
typedef void (*kc_user_report_fn)(void *ctx, const struct kc_err *err,
				  int elem, const char *msg);
int kc_user_check(const struct kc_cfg *cfg, const struct kc_user_bind *binds,
		  size_t nbinds, kc_user_report_fn report, void *ctx);
/* True while kc_user_check builds: elements touching files skip them. */
bool kc_user_checking(void);

/*
 * Build cfg (configure and validate, not initialise) on the kernel's stack
 * with nothing bound: the graph `kclick run --dot` draws without inputs.
 * Errors as kc_user_run_open's; free with kc_graph_destroy().
 */
int kc_user_graph_open(struct kc_graph **out, const struct kc_cfg *cfg,
		       struct kc_err *err);

/* Build a graph from cfg without devices bound (unit tests, fuzzers). */
struct kc_graph *kc_user_graph_build(const struct kc_cfg *cfg,
				     struct kc_errbuf *err, int *bad_elem);

/*
 * Sources other than devices (FromDump): the run loop reads pcap from them
 * in timestamp order with the devices, and pushes into e's port 0.
 */
struct kc_devref *kc_user_source_open(struct kc_elem *e, const char *file,
				      struct kc_errbuf *err);
void kc_user_source_set_active(struct kc_devref *ref, bool active);
/* True when the source's packets start at the IP header (DLT_RAW). */
bool kc_user_source_raw_ip(const struct kc_devref *ref);
/*
 * A source that makes its packets (FromIPSummaryDump): the loop calls
 * next(e, buf, cap, &len, &ns) for the next packet, IP first, into buf (cap
 * is KC_USER_SOURCE_MAX bytes); next returns 1 with a packet, 0 at the
 * end.  In kclick run --check, next is never called.
 */
#define KC_USER_SOURCE_MAX	65535
typedef int (*kc_user_source_fn)(struct kc_elem *e, u8 *buf, u32 cap,
				 u32 *len, u64 *ns);
struct kc_devref *kc_user_source_open_fn(struct kc_elem *e,
					 kc_user_source_fn next,
					 struct kc_errbuf *err);

/* Channels (user/chan.c) that elements still name; 0 once all are gone. */
int kc_user_chan_live(void);

/*
 * Tasks: run every ready task (and due timer) until none is left, or WARN
 * after kc_user_task_runs_max runs in one call (a task that never idles).
 * kc_user_task_runs counts every task run, for tests.
 */
extern unsigned long kc_user_task_runs_max, kc_user_task_runs;
void kc_user_tasks_run(void);
bool kc_user_tasks_pending(void);
/* Offline: also advance the virtual clock to pending timers, up to limit. */
void kc_user_tasks_drain(u64 limit_ns);
/* The earliest deadline of a task timer or a work, 0 if none. */
u64 kc_user_timers_next(void);
/*
 * Works (element.h) scheduled from now on are dated on the clock; those
 * held since before are dated now.  false: hold them again (a new run).
 */
void kc_user_works_start(bool start);
/*
 * The driver (element.h's kc_driver_stop): kclick run's loop asks whether
 * a stop was requested and steps the DriverManager for stop events.
 */
bool kc_user_driver_stopped(void);
/* One stop event: step the manager if there is one, else stop. */
void kc_user_driver_event(void);
void kc_user_driver_reset(void);
/* Set the virtual clock (ns); 0 returns to CLOCK_MONOTONIC. */
void kc_user_clock_set(u64 ns);

/*
 * The kernel's stack (user/stack.c): run fn(arg) on a thread with a stack
 * of kc_user_stack_size() bytes above a guard page, and wait for it.
 * KC_USER_STACK is the kernel's THREAD_SIZE and IRQ_STACK_SIZE on x86_64;
 * an ASan build has KC_USER_STACK_ASAN_MULT times that, for its redzones
 * (measured: a chain of 2,000 pulling Counters takes 16 bytes a level
 * plain, 30 under ASan; frames with locals grow more, so 3, not 2).
 * kc_user_stack_room is the room the last call had below its entry frame.
 */
#define KC_USER_STACK		(16 * 1024)
#define KC_USER_STACK_ASAN_MULT	3
void kc_user_on_stack(void (*fn)(void *arg), void *arg);
size_t kc_user_stack_size(void);
extern size_t kc_user_stack_room;

/* Allocation failure injection for tests: fail the nth allocation from now (1 = next); 0 = never. */
extern long kc_user_alloc_fail_at;

#endif /* KCLICK_USER_H */
