// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks in userspace: a FIFO of ready tasks and a list of timers on the
 * (virtual) clock.  What the kernel does with a tasklet and an hrtimer.
 */
#include <stdlib.h>

#include "kcuser.h"

struct kc_task {
	struct kc_elem *elem;
	struct kc_task *next_ready;
	struct kc_task *prev_all, *next_all;
	u64 deadline;		/* timer armed if non-zero */
	bool queued;
	bool stopping;
};

static struct kc_task *ready_head, *ready_tail;
static struct kc_task *all_tasks;
/*
 * Tasks with a deadline: fire_timers() runs after every packet and walks
 * all tasks only when some timer is armed (a graph of many Discards has
 * many tasks and, in push mode, no timer).
 */
static unsigned int armed;

static void disarm(struct kc_task *t)
{
	if (t->deadline) {
		t->deadline = 0;
		armed--;
	}
}

/* Task runs in one kc_user_tasks_run() before it gives up: a pull loop
 * that never goes idle is a bug the caller should see, not a hang.  Tests
 * lower the bound (kc_user_task_runs_max) to see it fast, and count runs.
 */
#define KC_USER_TASK_RUNS_MAX	(64UL << 20)
unsigned long kc_user_task_runs_max = KC_USER_TASK_RUNS_MAX;
unsigned long kc_user_task_runs;

struct kc_task *kc_task_alloc(struct kc_elem *e)
{
	struct kc_task *t = kc_zalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->elem = e;
	t->next_all = all_tasks;
	if (all_tasks)
		all_tasks->prev_all = t;
	all_tasks = t;
	return t;
}

static void unqueue(struct kc_task *t)
{
	struct kc_task **pp = &ready_head, *prev = NULL;

	if (!t->queued)
		return;
	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->next_ready;
	}
	if (*pp) {
		*pp = t->next_ready;
		if (ready_tail == t)
			ready_tail = prev;
	}
	t->queued = false;
	t->next_ready = NULL;
}

void kc_task_stop_begin(struct kc_task *t)
{
	t->stopping = true;
}

void kc_task_stop_finish(struct kc_task *t)
{
	unqueue(t);
	disarm(t);
}

/*
 * One thread: tasks run only from the run loop (kc_user_tasks_run), which
 * never runs while a graph initializes, so nothing is held here.
 */
void kc_task_start(struct kc_task *t)
{
	(void)t;
}

void kc_task_free(struct kc_task *t)
{
	if (!t)
		return;
	unqueue(t);
	disarm(t);
	if (t->prev_all)
		t->prev_all->next_all = t->next_all;
	else
		all_tasks = t->next_all;
	if (t->next_all)
		t->next_all->prev_all = t->prev_all;
	kc_free(t);
}

static void enqueue(struct kc_task *t)
{
	if (t->queued || t->stopping)
		return;
	t->queued = true;
	t->next_ready = NULL;
	if (ready_tail)
		ready_tail->next_ready = t;
	else
		ready_head = t;
	ready_tail = t;
}

void kc_task_schedule(struct kc_elem *e)
{
	enqueue(e->task);
}

/* The earlier of an armed deadline and the new one stands (kmod/task.c). */
void kc_task_schedule_after(struct kc_elem *e, u64 delay_ns)
{
	struct kc_task *t = e->task;
	u64 d = kc_now_ns() + (delay_ns ? delay_ns : 1);

	if (t->stopping || (t->deadline && t->deadline <= d))
		return;
	if (!t->deadline)
		armed++;
	t->deadline = d;
}

/* Move due timers to the ready list; the earliest pending deadline. */
static u64 fire_timers(u64 now)
{
	struct kc_task *t;
	u64 next = 0;

	if (!armed)
		return 0;
	for (t = all_tasks; t; t = t->next_all) {
		if (!t->deadline)
			continue;
		if (t->deadline <= now) {
			disarm(t);
			enqueue(t);
		} else if (!next || t->deadline < next) {
			next = t->deadline;
		}
	}
	return next;
}

static bool run_works(u64 now);

bool kc_user_tasks_pending(void)
{
	struct kc_task *t;

	if (ready_head)
		return true;
	for (t = all_tasks; t; t = t->next_all)
		if (t->deadline)
			return true;
	return false;
}

void kc_user_tasks_run(void)
{
	unsigned long runs = 0;
	struct kc_task *t;

	for (;;) {
		fire_timers(kc_now_ns());
		if (!ready_head) {
			if (!run_works(kc_now_ns()))
				return;
			if (++runs > kc_user_task_runs_max) {
				WARN_ON(1);	/* works due now, forever */
				return;
			}
			continue;
		}
		while ((t = ready_head)) {
			ready_head = t->next_ready;
			if (!ready_head)
				ready_tail = NULL;
			t->queued = false;
			t->next_ready = NULL;
			if (++runs > kc_user_task_runs_max) {
				WARN_ON(1);	/* a task that never idles */
				return;
			}
			kc_user_task_runs++;
			kc_run_task(t->elem);
		}
	}
}

u64 kc_user_timers_next(void);

/* Offline drain: jump the virtual clock to each pending timer in turn. */
void kc_user_tasks_drain(u64 limit_ns)
{
	u64 next;

	kc_user_tasks_run();
	while ((next = kc_user_timers_next()) && next <= limit_ns) {
		kc_user_clock_set(next);
		kc_user_tasks_run();
	}
}

/*
 * Work (element.h): one thread, so "process context with the graph lock"
 * is simply the run loop.  A work is a deadline on the virtual clock; one
 * scheduled before the run's clock starts (Script's first step, from its
 * initialize) is held with its delay and dated when kc_user_works_start()
 * gives the run's start time.
 */
struct kc_work {
	struct kc_elem *elem;
	void (*fn)(struct kc_elem *e);
	struct kc_work *prev, *next;
	u64 deadline;		/* 0: not scheduled */
	u64 delay;		/* held: scheduled before the start */
	u64 gen;		/* due in the run_works() call of this number */
	bool held;
};

static u64 works_gen;

static struct kc_work *all_works;
static bool works_started = true;	/* kclick run holds them until its start */

struct kc_work *kc_work_alloc(struct kc_elem *e, void (*fn)(struct kc_elem *e))
{
	struct kc_work *w = kc_zalloc(sizeof(*w));

	if (!w)
		return NULL;
	w->elem = e;
	w->fn = fn;
	w->next = all_works;
	if (all_works)
		all_works->prev = w;
	all_works = w;
	return w;
}

void kc_work_schedule(struct kc_work *w, u64 delay_ns)
{
	if (!works_started) {
		w->held = true;
		w->delay = delay_ns;
		return;
	}
	w->held = false;
	w->deadline = kc_now_ns() + delay_ns;
	if (!w->deadline)
		w->deadline = 1;
}

void kc_work_kick(struct kc_work *w)
{
	if (!w->deadline && !w->held)
		kc_work_schedule(w, 0);
}

void kc_work_cancel(struct kc_work *w)
{
	w->held = false;
	w->deadline = 0;
}

void kc_work_free(struct kc_work *w)
{
	if (!w)
		return;
	if (w->prev)
		w->prev->next = w->next;
	else
		all_works = w->next;
	if (w->next)
		w->next->prev = w->prev;
	kc_free(w);
}

void kc_user_works_start(bool start)
{
	struct kc_work *w;

	works_started = start;
	for (w = all_works; start && w; w = w->next)
		if (w->held)
			kc_work_schedule(w, w->delay);
}

/*
 * Run the works due at now, each once, earliest first; true if one ran.
 * A work that schedules itself again is not run again by this call.
 */
static bool run_works(u64 now)
{
	struct kc_work *w, *best;
	u64 gen = ++works_gen;
	bool ran = false;

	for (w = all_works; w; w = w->next)
		if (w->deadline && w->deadline <= now)
			w->gen = gen;
	for (;;) {
		best = NULL;
		for (w = all_works; w; w = w->next)
			if (w->gen == gen && w->deadline &&
			    (!best || w->deadline < best->deadline))
				best = w;
		if (!best)
			return ran;
		best->deadline = 0;
		best->gen = 0;
		best->fn(best->elem);
		ran = true;
	}
}

u64 kc_user_timers_next(void)
{
	struct kc_task *t;
	struct kc_work *w;
	u64 next = 0;

	for (t = all_tasks; t; t = t->next_all)
		if (t->deadline && (!next || t->deadline < next))
			next = t->deadline;
	for (w = all_works; w; w = w->next)
		if (w->deadline && (!next || w->deadline < next))
			next = w->deadline;
	return next;
}
