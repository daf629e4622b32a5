// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Counter([KEYWORDS])
 * =s counters
 * measures packet count and byte count
 * =d
 * Passes packets unchanged from its input to its output, counting them.
 * Counts are kept per CPU and summed when read, so several receive queues
 * can count at once without sharing a cache line.  A replaced graph's
 * Counter of the same name carries its counts into the new graph.
 * =h count read-only
 * Packets counted since the element was created or last reset.
 * =h byte_count read-only
 * Bytes counted.
 * =h reset write-only
 * Resets the counts to zero.
 * =e
 *   FromDevice(eth0) -> c :: Counter -> Discard;
 *   kclick read GRAPH/c.count
 */
#include <kclick/element.h>

struct counter_pcpu {
	u64 pkts;
	u64 bytes;
};

struct counter {
	struct counter_pcpu __percpu *pc;
	/* Added to the per-CPU sums: carried state and resets. */
	atomic64_t base_pkts, base_bytes;
};

static int counter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct counter *c = kc_priv(e);

	if (kc_args_parse(args, NULL, 0))
		return -EINVAL;
	c->pc = e->pcpu;
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void counter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct counter *c = kc_priv(e);
	struct counter_pcpu *pc = kc_this_cpu_ptr(c->pc);

	pc->pkts++;
	pc->bytes += kc_pkt_len(p);
	kc_push(e, 0, p);
}

static struct kc_pkt *counter_pull(struct kc_elem *e, int port)
{
	struct counter *c = kc_priv(e);
	struct kc_pkt *p = kc_pull(e, 0);
	struct counter_pcpu *pc;

	if (p) {
		pc = kc_this_cpu_ptr(c->pc);
		pc->pkts++;
		pc->bytes += kc_pkt_len(p);
	}
	return p;
}

static void counter_sum(const struct counter *c, u64 *pkts, u64 *bytes)
{
	int cpu;

	*pkts = atomic64_read(&c->base_pkts);
	*bytes = atomic64_read(&c->base_bytes);
	kc_for_each_cpu(cpu) {
		const struct counter_pcpu *pc = kc_per_cpu_ptr(c->pc, cpu);

		*pkts += READ_ONCE(pc->pkts);
		*bytes += READ_ONCE(pc->bytes);
	}
}

static int counter_read_count(struct kc_elem *e, struct kc_buf *b)
{
	u64 pkts, bytes;

	counter_sum(kc_priv(e), &pkts, &bytes);
	kc_buf_printf(b, "%llu", (unsigned long long)pkts);
	return 0;
}

static int counter_read_bytes(struct kc_elem *e, struct kc_buf *b)
{
	u64 pkts, bytes;

	counter_sum(kc_priv(e), &pkts, &bytes);
	kc_buf_printf(b, "%llu", (unsigned long long)bytes);
	return 0;
}

static int counter_write_reset(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct counter *c = kc_priv(e);
	u64 pkts, bytes;

	/* Counts racing with the reset land after it: nothing is lost. */
	counter_sum(c, &pkts, &bytes);
	atomic64_sub(pkts, &c->base_pkts);
	atomic64_sub(bytes, &c->base_bytes);
	return 0;
}

static void counter_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct counter *c = kc_priv(e);
	u64 pkts, bytes;

	counter_sum(kc_priv(old), &pkts, &bytes);
	atomic64_add(pkts, &c->base_pkts);
	atomic64_add(bytes, &c->base_bytes);
}

static const struct kc_handler counter_handlers[] = {
	{ .name = "count", .read = counter_read_count },
	{ .name = "byte_count", .read = counter_read_bytes },
	{ .name = "reset", .write = counter_write_reset },
};

const struct kc_class kc_counter_class = {
	.name = "Counter",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct counter),
	.pcpu_size = sizeof(struct counter_pcpu),
	.configure = counter_configure,
	.push = counter_push,
	.pull = counter_pull,
	.take_state = counter_take_state,
	.handlers = counter_handlers,
	.nhandlers = ARRAY_SIZE(counter_handlers),
};
