// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToChannel(CHANNEL [, BURST])
 * =s chaining
 * hands packets to another graph
 * =d
 * Sends packets on CHANNEL, a name in the graph's network namespace, to
 * the graph whose FromChannel(CHANNEL) receives it: without a copy and
 * without a device queue, the packet (data, length and annotations as
 * they are) is pushed into the receiving graph on the same CPU, as if
 * the two graphs were one.  The two graphs are installed, replaced and
 * removed on their own, by the same or different users of the namespace.
 *
 * The channel needs no receiver: while no installed graph receives it
 * (not yet installed, removed, or replaced by a graph without that
 * FromChannel) packets are dropped and counted in `drops`.  Replacing
 * the receiving graph loses nothing: each packet goes to the old or to
 * the new graph.
 *
 * Like ToDevice the input is agnostic: pushed to, each packet crosses at
 * once, and the receiving graph runs within the budget of the packet that
 * arrived (engine/run.c's depth and step bounds span the whole chain);
 * pulled (`... -> Queue -> ToChannel(c)`), a task pulls up to BURST
 * packets (default 16) each time it runs, so the receiving graph runs
 * later in a budget of its own.
 *
 * A packet crosses at most 16 channels in its life: a chain of graphs
 * that loops back on itself hands a packet round at most that many
 * times, then ToChannel drops it and counts it in `loops`.
 *
 * In `kclick run` only one graph runs: a channel the same graph does not
 * receive is a sink, its packets counted in `drops`.
 * =h count read-only
 * Packets handed to the receiving graph.
 * =h drops read-only
 * Packets dropped because no graph received the channel.
 * =h loops read-only
 * Packets dropped because they had crossed 16 channels already.
 * =h channel read-only
 * The channel's name.
 * =h receiver read-only
 * The installed graph receiving the channel now, or empty (in `kclick
 * run`: the receiving element).
 * =h reset write-only
 * Resets the counts.
 * =e
 *   // graph fw, installed by one user:
 *   FromDevice(eth0) -> IPFilter(allow udp, deny all) -> ToChannel(fw2mon);
 *   // graph mon, installed (and replaced) by another:
 *   FromChannel(fw2mon) -> c :: Counter -> ToDevice(eth1);
 * =a FromChannel, ToDevice
 */
#include <kclick/element.h>
#include <kclick/chan.h>

struct tochannel_pcpu {
	u64 sent;
	u64 drops;
	u64 loops;
};

struct tochannel {
	char chan[KC_CHAN_NAME_MAX];
	u32 burst;
	struct kc_chanref *ref;
	struct tochannel_pcpu __percpu *pc;
	/* Added to the per-CPU sums: carried state and resets. */
	atomic64_t base_sent, base_drops, base_loops;
};

static int tochannel_configure(struct kc_elem *e, struct kc_args *args)
{
	struct tochannel *tc = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "CHANNEL", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  tc->chan, sizeof(tc->chan) },
		{ "BURST", KC_ARG_U32, KC_ARGF_POSITIONAL, &tc->burst },
	};
	int ret;

	tc->burst = 16;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	if (!tc->burst || tc->burst > 1024)
		return kc_errf(args->err, EINVAL, "BURST: must be 1 to 1024");
	tc->pc = e->pcpu;
	return 0;
}

static int tochannel_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct tochannel *tc = kc_priv(e);

	return kc_chan_tx_attach(e, tc->chan, &tc->ref, err);
}

/*
 * Packet path (softirq or task, RCU read side).  The receiver is pushed
 * to through kc_run_push(), as an element of this graph would be: one
 * level of the run's depth, one step of its budget.
 */
static void tochannel_send(struct kc_elem *e, struct kc_pkt *p)
{
	struct tochannel *tc = kc_priv(e);
	struct tochannel_pcpu *pc = kc_this_cpu_ptr(tc->pc);
	struct kc_anno *a = kc_pkt_anno(p);
	struct kc_elem *rx;

	if (unlikely(a->chan_hops >= KC_CHAN_HOPS_MAX)) {
		pc->loops++;
		kc_drop(e, p);
		return;
	}
	rx = kc_chan_receiver(tc->ref);
	if (unlikely(!rx)) {
		pc->drops++;
		kc_drop(e, p);
		return;
	}
	a->chan_hops++;
	pc->sent++;
	kc_run_push(rx, 0, p);
}

static void tochannel_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	tochannel_send(e, p);
}

/* Task (softirq, RCU read side): only scheduled when the input is pull. */
static void tochannel_run_task(struct kc_elem *e)
{
	struct tochannel *tc = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	for (n = 0; n < tc->burst; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return;	/* the queue wakes us when it fills again */
		tochannel_send(e, p);
	}
	kc_task_schedule(e);	/* burst used up: more may be waiting */
}

static void tochannel_sum(struct tochannel *tc, u64 *v)
{
	int cpu;

	v[0] = atomic64_read(&tc->base_sent);
	v[1] = atomic64_read(&tc->base_drops);
	v[2] = atomic64_read(&tc->base_loops);
	kc_for_each_cpu(cpu) {
		const struct tochannel_pcpu *pc = kc_per_cpu_ptr(tc->pc, cpu);

		v[0] += READ_ONCE(pc->sent);
		v[1] += READ_ONCE(pc->drops);
		v[2] += READ_ONCE(pc->loops);
	}
}

static int tochannel_read(struct kc_elem *e, struct kc_buf *b, int i)
{
	u64 v[3];

	tochannel_sum(kc_priv(e), v);
	kc_buf_printf(b, "%llu", (unsigned long long)v[i]);
	return 0;
}

static int tochannel_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return tochannel_read(e, b, 0);
}

static int tochannel_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return tochannel_read(e, b, 1);
}

static int tochannel_read_loops(struct kc_elem *e, struct kc_buf *b)
{
	return tochannel_read(e, b, 2);
}

static int tochannel_read_channel(struct kc_elem *e, struct kc_buf *b)
{
	struct tochannel *tc = kc_priv(e);

	kc_buf_printf(b, "%s", tc->chan);
	return 0;
}

static int tochannel_read_receiver(struct kc_elem *e, struct kc_buf *b)
{
	struct tochannel *tc = kc_priv(e);

	kc_chan_describe(tc->ref, b);
	return 0;
}

static int tochannel_write_reset(struct kc_elem *e, const char *val,
				 struct kc_errbuf *err)
{
	struct tochannel *tc = kc_priv(e);
	u64 v[3];

	tochannel_sum(tc, v);
	atomic64_sub(v[0], &tc->base_sent);
	atomic64_sub(v[1], &tc->base_drops);
	atomic64_sub(v[2], &tc->base_loops);
	return 0;
}

static void tochannel_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct tochannel *tc = kc_priv(e);
	u64 v[3];

	tochannel_sum(kc_priv(old), v);
	atomic64_add(v[0], &tc->base_sent);
	atomic64_add(v[1], &tc->base_drops);
	atomic64_add(v[2], &tc->base_loops);
}

static void tochannel_cleanup(struct kc_elem *e)
{
	struct tochannel *tc = kc_priv(e);

	kc_chan_release(tc->ref);
}

static const struct kc_handler tochannel_handlers[] = {
	{ .name = "count", .read = tochannel_read_count },
	{ .name = "drops", .read = tochannel_read_drops },
	{ .name = "loops", .read = tochannel_read_loops },
	{ .name = "channel", .read = tochannel_read_channel },
	{ .name = "receiver", .read = tochannel_read_receiver },
	{ .name = "reset", .write = tochannel_write_reset },
};

const struct kc_class kc_tochannel_class = {
	.name = "ToChannel",
	.ports = "1/0",
	.processing = "a/",
	.flags = KC_CLASS_F_TASK,
	.priv_size = sizeof(struct tochannel),
	.pcpu_size = sizeof(struct tochannel_pcpu),
	.configure = tochannel_configure,
	.initialize = tochannel_initialize,
	.push = tochannel_push,
	.run_task = tochannel_run_task,
	.take_state = tochannel_take_state,
	.cleanup = tochannel_cleanup,
	.handlers = tochannel_handlers,
	.nhandlers = ARRAY_SIZE(tochannel_handlers),
};
