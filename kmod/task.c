// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: how pull paths run in the kernel.  A task is a tasklet (softirq,
 * on the CPU that scheduled it) plus an hrtimer for "run again later", used
 * when a transmit queue is stopped or a shaper must wait.  Nothing spins:
 * a task that has no work simply is not scheduled.
 *
 * A task that reschedules itself from its own run (an unlimited source, a
 * long queue) would keep the tasklet softirq pending for ever: softirqs
 * run at every interrupt's exit, and on a slow CPU (a KASAN guest: debug
 * run 10's unlimited InfiniteSource starved the RCU kthread for 26 s and
 * the guest ran out of memory) nothing else runs.  So a run that schedules
 * its own task again goes through a work item instead: a kworker,
 * scheduled like any thread, puts the tasklet back, and the scheduler
 * picks who runs between every two such runs.  (Letting 8 runs in a row
 * go direct still kept a `kclick read` waiting over 10 s on the debug
 * kernel.)  The work only schedules the tasklet: the task's runs stay
 * serialized by the tasklet.  Wake-ups from anywhere else (a packet, the
 * timer, a handler) schedule the tasklet directly.
 *
 * Also the process-context work of element.h (kc_work: Script's steps,
 * which call handlers under RTNL) and the driver stop requests, which an
 * installed graph ignores.
 */
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>

#include "kclick.h"

struct kc_task {
	struct tasklet_struct tasklet;
	struct hrtimer timer;
	struct work_struct work;
	struct kc_elem *elem;
	/*
	 * run_cpu: the CPU running the tasklet, or -1; written by the run
	 * itself, read by kc_task_schedule() on any CPU (only a reader on
	 * the same CPU, inside the run, can see its own number).
	 */
	int run_cpu;
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
	WRITE_ONCE(task->run_cpu, smp_processor_id());
	rcu_read_lock();
	kc_run_task(task->elem);
	rcu_read_unlock();
	WRITE_ONCE(task->run_cpu, -1);
}

/* Process context (a kworker): a self-scheduled run's way back. */
static void task_work(struct work_struct *w)
{
	struct kc_task *task = container_of(w, struct kc_task, work);

	if (READ_ONCE(task->stopping))
		return;
	local_bh_disable();
	tasklet_schedule(&task->tasklet);
	local_bh_enable();
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
	task->run_cpu = -1;
	tasklet_setup(&task->tasklet, task_run);
	INIT_WORK(&task->work, task_work);
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
	/* The tasklet may arm the timer or queue the work, and either
	 * schedule the tasklet: with stopping set none does it again once
	 * all three are quiet.
	 */
	tasklet_kill(&task->tasklet);
	hrtimer_cancel(&task->timer);
	cancel_work_sync(&task->work);
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

	if (READ_ONCE(task->stopping) || task_held(task))
		return;
	/*
	 * The run is a softirq, and softirqs do not nest on a CPU: the same
	 * CPU means we are inside the task's own run.  A caller in process
	 * context (a handler) cannot be on the run's CPU while it runs, so
	 * the raw CPU number is enough there.
	 */
	if (READ_ONCE(task->run_cpu) == raw_smp_processor_id())
		queue_work_on(smp_processor_id(), system_wq, &task->work);
	else
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
	/*
	 * An armed timer stands unless this one is earlier (a handler made
	 * a shaper's wait shorter): the task runs no later than asked.  A
	 * timer whose callback is running has expired: it schedules the
	 * tasklet, which asks again.
	 */
	if (hrtimer_active(&task->timer) &&
	    ktime_compare(hrtimer_get_expires(&task->timer),
			  ktime_add_ns(ktime_get(), delay_ns)) <= 0)
		return;
	hrtimer_start(&task->timer, ns_to_ktime(delay_ns),
		      HRTIMER_MODE_REL_SOFT);
}

/*
 * Work in process context under RTNL (element.h: Script).  The work never
 * blocks on RTNL: kc_work_free() runs from an element's cleanup with RTNL
 * held and waits for the work with cancel_delayed_work_sync(), so a work
 * that slept in rtnl_lock() there would deadlock.  It tries instead, and
 * requeues itself a jiffy later while RTNL is busy (cancel_delayed_work_sync
 * copes with a work that requeues itself).  dead is written and read under
 * RTNL or before the final cancel, so a run that got RTNL after the graph
 * began to go away does nothing.
 */
struct kc_work {
	struct delayed_work dw;
	struct kc_elem *elem;
	void (*fn)(struct kc_elem *e);
	bool dead;
};

static void work_run(struct work_struct *ws)
{
	struct kc_work *w = container_of(to_delayed_work(ws), struct kc_work,
					 dw);

	if (!rtnl_trylock()) {
		if (!READ_ONCE(w->dead))
			schedule_delayed_work(&w->dw, 1);
		return;
	}
	if (!w->dead)
		w->fn(w->elem);
	rtnl_unlock();
}

struct kc_work *kc_work_alloc(struct kc_elem *e, void (*fn)(struct kc_elem *e))
{
	struct kc_work *w = kzalloc(sizeof(*w), GFP_KERNEL_ACCOUNT);

	if (!w)
		return NULL;
	w->elem = e;
	w->fn = fn;
	INIT_DELAYED_WORK(&w->dw, work_run);
	return w;
}

void kc_work_schedule(struct kc_work *w, u64 delay_ns)
{
	ASSERT_RTNL();
	if (!w->dead)
		mod_delayed_work(system_wq, &w->dw,
				 nsecs_to_jiffies(delay_ns));
}

/*
 * Packet path (softirq or a task; Counter's COUNT_CALL).  No caller can run
 * once kc_work_free() starts: the graph is out of every receiver's RCU
 * section (synchronize_net in retire()) and its tasks are stopped
 * (kc_graph_stop) before element cleanup frees the work.
 */
void kc_work_kick(struct kc_work *w)
{
	/* queue_delayed_work leaves a pending schedule as it is. */
	if (!READ_ONCE(w->dead))
		queue_delayed_work(system_wq, &w->dw, 0);
}

void kc_work_cancel(struct kc_work *w)
{
	cancel_delayed_work(&w->dw);
}

void kc_work_free(struct kc_work *w)
{
	if (!w)
		return;
	WRITE_ONCE(w->dead, true);
	cancel_delayed_work_sync(&w->dw);
	kfree(w);
}

/*
 * An installed graph has no driver to stop: it runs until `kclick remove`
 * (docs/design.md, "Script and DriverManager in the kernel").
 */
void kc_driver_stop(struct kc_elem *e)
{
	pr_info_ratelimited("kclick: element '%s' (%s) asked to stop the driver; an installed graph runs until it is removed\n",
			    e->name, e->cls->name);
}

int kc_driver_manage(struct kc_elem *e, void (*step)(struct kc_elem *e),
		     struct kc_errbuf *err)
{
	return 0;
}
