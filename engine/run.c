// SPDX-License-Identifier: GPL-2.0
/*
 * Running packets through a graph, with bounds no graph can break.
 *
 * Portable.  Packet path only: softirq (or BH disabled), rcu_read_lock held
 * by the caller for the graph's lifetime.
 *
 * Click lets a graph push in cycles (a router sends ICMP errors back into
 * its route lookup), so the engine cannot refuse them at install.  Instead,
 * per CPU and per received packet:
 *  - pushes nest at most KC_DEPTH_MAX deep on the stack; deeper pushes are
 *    queued (at most KC_DEFER_MAX) and run once the stack unwinds, so a
 *    chain of thousands of elements still runs, in bounded stack;
 *  - at most KC_STEPS_MAX element visits and KC_COPIES_MAX copies happen;
 *    beyond that packets are dropped and counted in the graph's drops.
 * Pulls (install refuses pull cycles and paths longer than
 * KC_PULL_DEPTH_MAX, graph.c) nest at most KC_PULL_DEPTH_MAX deep and count
 * as steps too: past KC_PULL_STEPS_MAX steps in one task run a pull answers
 * NULL without touching upstream (no packet is lost) and the task is
 * scheduled again, so a task run is bounded work whatever its BURST.
 * The state is per CPU and packet processing on a CPU does not nest (a
 * transmit only queues the packet to the backlog), but a nested entry is
 * still handled: it shares the outer entry's budget.
 *
 * Direct links (struct kc_link, marked at install by graph.c's
 * mark_direct) skip the budget: kc_push() calls the next push method
 * without taking a step or a level; on every other link it calls
 * kc_run_push().  A link is direct only when every
 * element its push can reach through push links is of a KC_CLASS_F_PUSH1
 * or KC_CLASS_F_FANOUT class, that set has no cycle, and a push into it
 * makes at most KC_DIRECT_DEPTH_MAX push calls in all.  Why the bounds
 * still hold:
 *  - every link out of an element behind a direct link is direct too (what
 *    it reaches is a subset, its calls fewer), and a PUSH1 element
 *    pushes only through its own outputs, at most once a call, a FANOUT
 *    element at most once through each: once a packet crosses a direct
 *    link, it makes at most KC_DIRECT_DEPTH_MAX push calls, all direct,
 *    nested at most that deep, and fewer copies (each copy is pushed),
 *    and then the calls unwind.  No counted push, deferral or run entry
 *    happens inside them;
 *  - a chain starts at a push made by an element that is not behind a
 *    direct link: one entered by a counted push (a step), by a run entry,
 *    a task run or a pull (each a step, or a packet the task itself made
 *    within its BURST).  So the work of a run is at most
 *    (KC_DIRECT_DEPTH_MAX + 1) times what the counted steps allow, and
 *    the stack at most KC_DEPTH_MAX counted levels plus
 *    KC_DIRECT_DEPTH_MAX direct frames of PUSH1 classes (small: Counter,
 *    Classifier, Strip ... graph.h has the figures);
 *  - a push outside any run (the word is 0: a counted push would start a
 *    run), or a packet arriving at an element whose pushes are all direct
 *    (kc_elem.direct_in: kc_run_entry starts no run), goes down a direct
 *    chain without one.  That is safe because
 *    PUSH1 classes use no run state: no kc_clone() (the copy count), no
 *    pull, no deferral; kc_drop() and the packet API need none; and a
 *    FANOUT class's kc_clone() skips the count for a direct_in element,
 *    whose copies the install bounded.
 * Hostile graphs (cycles, Tees fanning out to more than the bound, chains
 * longer than it, classes without a flag) keep counted links, and the
 * bounds above.
 */
#include "graph.h"

struct deferred {
	struct kc_elem *elem;
	struct kc_pkt *pkt;
	int port;
};

/*
 * The steps and the push depth live in kc_run_budget (element.h), which
 * kc_push() reads inline; the rest, which only the slow ways read, here.
 */
struct run_state {
	u32 active;
	u32 copies;
	u32 pull_depth;
	bool pull_cut;		/* a pull hit a bound: run the task again */
	u32 head, len;
	struct deferred q[KC_DEFER_MAX];
};

KC_DEFINE_PER_CPU(struct run_state, kc_run_state);
KC_DEFINE_PER_CPU_SHARED(u64, kc_run_budget);

/* A whole budget: KC_STEPS_MAX steps, KC_DEPTH_MAX levels. */
#define BUDGET_FULL	((u64)KC_STEPS_MAX << 32 | KC_DEPTH_MAX)
#define BUDGET_STEP	(1ULL << 32)
#define BUDGET_LEVELS	0xffffffffULL

static u32 steps_left(u64 b)
{
	return b >> 32;
}

static void count_drop(struct kc_graph *g)
{
	kc_this_cpu_ptr(g->stats)->drops++;
}

void kc_drop(struct kc_elem *e, struct kc_pkt *p)
{
	kc_pkt_drop(p);
}

/*
 * A direct_in element (a Tee behind direct links) copies without the
 * run's count: the install bounded what one push into it makes, copies
 * included, and it may run with no run active.
 */
struct kc_pkt *kc_clone(struct kc_elem *e, struct kc_pkt *p)
{
	struct run_state *rs;

	if (e->direct_in)
		return kc_pkt_clone(p);
	rs = kc_this_cpu_var(kc_run_state);
	if (rs->copies >= KC_COPIES_MAX) {
		count_drop(e->graph);
		return NULL;
	}
	rs->copies++;
	return kc_pkt_clone(p);
}

/* The stack has unwound: every deferred push starts at depth 0. */
static noinline void drain_queue(struct run_state *rs)
{
	while (rs->len) {
		struct deferred d = rs->q[rs->head];
		u64 b = kc_cpu_var_read(kc_run_budget);

		rs->head = (rs->head + 1) % KC_DEFER_MAX;
		rs->len--;
		kc_cpu_var_write(kc_run_budget,
				 (b & ~BUDGET_LEVELS) | KC_DEPTH_MAX);
		kc_run_push(d.elem, d.port, d.pkt);
	}
}

/* Most runs defer nothing: a test, not a call. */
static inline void drain(struct run_state *rs)
{
	if (unlikely(rs->len))
		drain_queue(rs);
}

static void begin(struct run_state *rs)
{
	kc_cpu_var_write(kc_run_budget, BUDGET_FULL);
	rs->copies = 0;
	rs->pull_depth = 0;
	rs->pull_cut = false;
}

/* The run is over: pushes outside one take the slow way (element.h). */
static void end(struct run_state *rs)
{
	kc_cpu_var_write(kc_run_budget, 0);
	rs->active = 0;
}

void kc_run_push(struct kc_elem *to, int port, struct kc_pkt *p)
{
	kc_run_push_inline(to, port, p);
}

/*
 * A push whose KC_RUN_HOP left a field of the budget below 0: give it
 * back, then start a run (none active), drop (no steps left), or count
 * the step and defer the push until the stack unwinds (no levels left).
 */
void kc_run_push_slow(struct kc_elem *to, int port, struct kc_pkt *p)
{
	struct run_state *rs = kc_this_cpu_var(kc_run_state);
	u64 b = kc_cpu_var_add_return(kc_run_budget, KC_RUN_HOP);

	if (unlikely(!rs->active)) {
		kc_run_entry(to, port, p);
		return;
	}
	if (!steps_left(b) || rs->len >= KC_DEFER_MAX)
		goto drop;
	kc_cpu_var_write(kc_run_budget, b - BUDGET_STEP);
	rs->q[(rs->head + rs->len) % KC_DEFER_MAX] =
		(struct deferred){ .elem = to, .port = port, .pkt = p };
	rs->len++;
	return;
drop:
	count_drop(to->graph);
	kc_pkt_drop(p);
}

/* A packet arrives at e and needs a run, or joins the one active. */
static noinline void run_entry(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct run_state *rs = kc_this_cpu_var(kc_run_state);
	u64 levels;

	if (rs->active) {
		/* Nested: keep the outer budget, restore its depth after. */
		levels = kc_cpu_var_read(kc_run_budget) & BUDGET_LEVELS;
		kc_run_push(e, port, p);
		kc_cpu_var_write(kc_run_budget,
				 (kc_cpu_var_read(kc_run_budget) &
				  ~BUDGET_LEVELS) | levels);
		return;
	}
	rs->active = 1;
	begin(rs);
	kc_run_push_inline(e, port, p);
	drain(rs);
	end(rs);
}

/*
 * Everything a packet arriving at a direct_in element can reach is at
 * most KC_DIRECT_DEPTH_MAX direct calls (a FromDevice before PUSH1
 * elements and Tees): it needs no budget, copy count or deferral, so no run
 * either (see the top of this file), and the test comes before any run
 * state is touched; a nested entry leaves the outer run alone.
 */
void kc_run_entry(struct kc_elem *e, int port, struct kc_pkt *p)
{
	if (e->direct_in) {
		e->cls->push(e, port, p);
		return;
	}
	run_entry(e, port, p);
}

/*
 * A frame from a device arrives at e, a FromDevice or PollDevice, whose
 * push only passes it to output 0 (kc_fromdevice_push): behind a direct
 * link it is passed on here, the output counted, one indirect call fewer
 * than entering e's push.  The packet path's one entry from a device
 * (kmod/dev.c, the harness's run loop).
 */
void kc_run_from_device(struct kc_elem *e, struct kc_pkt *p)
{
	if (e->direct_in) {
		kc_push(e, 0, p);
		return;
	}
	run_entry(e, 0, p);
}

struct kc_pkt *kc_run_pull(struct kc_elem *from, int port)
{
	struct run_state *rs = kc_this_cpu_var(kc_run_state);
	struct kc_pkt *p;
	u64 b;

	if (unlikely(!rs->active)) {
		/* Outside a task run (a test pulling directly): one entry. */
		rs->active = 1;
		begin(rs);
		p = kc_run_pull(from, port);
		drain(rs);
		end(rs);
		return p;
	}
	/* steps taken >= KC_PULL_STEPS_MAX */
	b = kc_cpu_var_read(kc_run_budget);
	if (unlikely(steps_left(b) <= KC_STEPS_MAX - KC_PULL_STEPS_MAX ||
		     rs->pull_depth >= KC_PULL_DEPTH_MAX)) {
		rs->pull_cut = true;
		return NULL;
	}
	kc_cpu_var_write(kc_run_budget, b - BUDGET_STEP);
	rs->pull_depth++;
	p = from->cls->pull(from, port);
	rs->pull_depth--;
	return p;
}

void kc_run_task(struct kc_elem *e)
{
	struct run_state *rs = kc_this_cpu_var(kc_run_state);
	bool cut;

	if (rs->active) {
		/* Nested: the outer budget; reschedule e if it ran short. */
		cut = rs->pull_cut;
		rs->pull_cut = false;
		e->cls->run_task(e);
		if (rs->pull_cut)
			kc_task_schedule(e);
		rs->pull_cut = cut;
		return;
	}
	rs->active = 1;
	begin(rs);
	e->cls->run_task(e);
	drain(rs);
	end(rs);
	if (rs->pull_cut)
		kc_task_schedule(e);
}

/*
 * Wake every task that pulls through e (an element with pull inputs, whose
 * own wake list is empty: graph.c gives wake lists to pull sources only).
 * Walks e's pull inputs up to the pull sources, depth first, and wakes
 * their pullers: a superset of the tasks behind e, which costs a spurious
 * run at worst.  Visits at most KC_WAKE_VISITS_MAX elements, depth at most
 * KC_PULL_DEPTH_MAX (check_pull refused longer paths), no recursion.
 */
#define KC_WAKE_VISITS_MAX	256

void kc_wake_through(struct kc_elem *e)
{
	struct kc_elem *stack[KC_PULL_DEPTH_MAX + 1];
	u16 next[KC_PULL_DEPTH_MAX + 1];
	int top = 0, visits = 0;

	stack[0] = e;
	next[0] = 0;
	while (top >= 0 && visits < KC_WAKE_VISITS_MAX) {
		struct kc_elem *x = stack[top];
		int p = next[top]++;

		if (p >= x->ninputs) {
			top--;
			continue;
		}
		if (x->in_proc[p] != KC_PULL)
			continue;
		x = x->in[p].elem;
		visits++;
		if (x->nwake) {
			kc_wake_pullers(x);
		} else if (top < KC_PULL_DEPTH_MAX) {
			stack[++top] = x;
			next[top] = 0;
		}
	}
}
