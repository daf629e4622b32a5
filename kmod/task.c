// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: how pull paths run in the kernel.  A task is a tasklet (softirq,
 * on the CPU that scheduled it) plus an hrtimer for "run again later", used
 * when a transmit queue is stopped or a shaper must wait.  Nothing spins:
 * a task that has no work simply is not scheduled.
 */
#include <linux/hrtimer.h>
#include <linux/interrupt.h>

#include "kclick.h"

struct kc_task {
	struct tasklet_struct tasklet;
	struct hrtimer timer;
	struct kc_elem *elem;
	bool stopping;		/* set once by kc_task_stop_begin() */
	/*
	 * started: set once by kc_task_start(), when every element of the
	 * graph is initialized; before that a schedule only sets pending,
	 * and kc_task_start() makes it.  The two full barriers (task_held,
	 * kc_task_start) make sure a schedule racing with the start is
	 * either seen as pending or made by the scheduler itself.
	 */
	bool started;
	bool pending;
};

/* Softirq. */
static void task_run(struct tasklet_struct *t)
{
	struct kc_task *task = from_tasklet(task, t, tasklet);

	if (READ_ONCE(task->stopping))
		return;
	rcu_read_lock();
	kc_run_task(task->elem);
	rcu_read_unlock();
}

/* Hard or soft irq (hrtimer). */
static enum hrtimer_restart task_timer(struct hrtimer *timer)
{
	struct kc_task *task = container_of(timer, struct kc_task, timer);

	if (!READ_ONCE(task->stopping))
		tasklet_schedule(&task->tasklet);
	return HRTIMER_NORESTART;
}

struct kc_task *kc_task_alloc(struct kc_elem *e)
{
	struct kc_task *task = kzalloc(sizeof(*task), GFP_KERNEL_ACCOUNT);

	if (!task)
		return NULL;
	task->elem = e;
	tasklet_setup(&task->tasklet, task_run);
	hrtimer_init(&task->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	task->timer.function = task_timer;
	return task;
}

/*
 * Process context; the graph is no longer reachable from the packet path.
 * kc_graph_stop() calls begin on every task, then finish on every task,
 * twice: a task's run that read stopping before begin may still schedule
 * another task's tasklet or timer until it returns, and the first finish
 * pass waits for every such run.
 */
void kc_task_stop_begin(struct kc_task *task)
{
	WRITE_ONCE(task->stopping, true);
}

void kc_task_stop_finish(struct kc_task *task)
{
	/* The tasklet may arm the timer and the timer schedule the tasklet:
	 * with stopping set neither does it again once both are quiet.
	 */
	tasklet_kill(&task->tasklet);
	hrtimer_cancel(&task->timer);
	tasklet_kill(&task->tasklet);
}

void kc_task_free(struct kc_task *task)
{
	kfree(task);
}

/* Packet path. */
/* True if the graph is not started yet: the schedule is held (pending). */
static bool task_held(struct kc_task *task)
{
	if (likely(READ_ONCE(task->started)))
		return false;
	WRITE_ONCE(task->pending, true);
	smp_mb();	/* pending before started is read: kc_task_start */
	return !READ_ONCE(task->started);
}

void kc_task_start(struct kc_task *task)
{
	WRITE_ONCE(task->started, true);
	smp_mb();	/* started before pending is read: task_held */
	if (READ_ONCE(task->pending) && !READ_ONCE(task->stopping))
		tasklet_schedule(&task->tasklet);
}

void kc_task_schedule(struct kc_elem *e)
{
	struct kc_task *task = e->task;

	if (!READ_ONCE(task->stopping) && !task_held(task))
		tasklet_schedule(&task->tasklet);
}

void kc_task_schedule_after(struct kc_elem *e, u64 delay_ns)
{
	struct kc_task *task = e->task;

	/* Held before the start: it runs at the start, and reschedules
	 * itself with whatever delay it still needs.
	 */
	if (READ_ONCE(task->stopping) || task_held(task))
		return;
	if (!hrtimer_active(&task->timer))
		hrtimer_start(&task->timer, ns_to_ktime(delay_ns),
			      HRTIMER_MODE_REL_SOFT);
}
