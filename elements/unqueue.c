// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Unqueue([BURST])
 * =s shaping
 * pull-to-push converter
 * =d
 * Pulls packets from its input whenever the queue feeding it has some
 * (the queue wakes its task; nothing polls), at most BURST (default 16)
 * per run, and pushes each to its output.  In the kernel its task is a
 * tasklet: softirq context, on the CPU that filled the queue.
 * =h count read-only
 * Packets moved.
 * =e
 *   FromDevice(eth0) -> Queue -> Unqueue -> Counter -> ToDevice(eth1);
 * =a Queue
 */
#include <kclick/element.h>

struct unqueue {
	u32 burst;
	u64 __percpu *count;
};

static int unqueue_configure(struct kc_elem *e, struct kc_args *args)
{
	struct unqueue *u = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "BURST", KC_ARG_U32, KC_ARGF_POSITIONAL, &u->burst },
	};

	u->burst = 16;
	u->count = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!u->burst || u->burst > 1024)
		return kc_errf(args->err, EINVAL, "BURST: must be 1 to 1024");
	return 0;
}

/* Task (softirq, RCU read side). */
static void unqueue_run_task(struct kc_elem *e)
{
	struct unqueue *u = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	for (n = 0; n < u->burst; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return;	/* the queue wakes us when it fills again */
		this_cpu_inc(*u->count);
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);	/* burst used up: more may be waiting */
}

static int unqueue_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct unqueue *u = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(u->count, cpu));
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static const struct kc_handler unqueue_handlers[] = {
	{ .name = "count", .read = unqueue_read_count },
};

const struct kc_class kc_unqueue_class = {
	.name = "Unqueue",
	.ports = "1/1",
	.processing = "l/h",
	.priv_size = sizeof(struct unqueue),
	.pcpu_size = sizeof(u64),
	.flags = KC_CLASS_F_TASK,
	.configure = unqueue_configure,
	.run_task = unqueue_run_task,
	.handlers = unqueue_handlers,
	.nhandlers = ARRAY_SIZE(unqueue_handlers),
};
