// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * AverageCounter([IGNORE])
 * =s counters
 * measures historical packet count and rate
 * =d
 * Passes packets unchanged from its input to its output, counting packets
 * and bytes, and the rate they came at: the count divided by the time
 * between the first packet and the most recent one (a strict average, not
 * a moving one), less IGNORE.  IGNORE (Click's time syntax, default 0)
 * leaves out the packets of the first IGNORE seconds after the first
 * packet, and that time.  With one packet, or none, the rates read 0.
 *
 * Counts and each CPU's latest time are kept per CPU and summed when
 * read; the first packet's time is one shared word, written only while
 * it is 0.  A replaced
 * graph's AverageCounter of the same name carries its counts and times
 * over.  In `kclick run` times are the run's virtual clock.
 * =h count read-only
 * Packets counted since the element was created or last reset.
 * =h byte_count read-only
 * Bytes counted.
 * =h rate read-only
 * Packets a second, with up to three decimals.
 * =h byte_rate read-only
 * Bytes a second, the same way.
 * =h reset write-only
 * Resets the counts and the rate to zero.
 * =e
 *   FromDevice(eth0) -> ac :: AverageCounter -> ...
 *   kclick read GRAPH/ac.rate
 * =a Counter, Meter, IPRateMonitor
 */
#include <kclick/element.h>

struct avgc_pcpu {
	u64 pkts, bytes;
	u64 last;		/* ns: this CPU's latest packet */
};

struct avgc {
	struct avgc_pcpu __percpu *pc;
	u64 ignore;		/* ns */
	atomic64_t first;	/* ns: the first packet; 0: none yet */
	/* Added to the per-CPU sums: carried state and resets. */
	atomic64_t base_pkts, base_bytes;
};

static int avgc_configure(struct kc_elem *e, struct kc_args *args)
{
	struct avgc *c = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "IGNORE", KC_ARG_TIME, KC_ARGF_POSITIONAL, &c->ignore },
	};

	c->pc = e->pcpu;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side); several CPUs at once. */
static struct kc_pkt *avgc_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct avgc *c = kc_priv(e);
	struct avgc_pcpu *pc = kc_this_cpu_ptr(c->pc);
	u64 now = kc_now_ns() | 1;	/* never 0, which means "none" */
	u64 first = atomic64_read(&c->first);

	if (!first) {
		/*
		 * CPUs racing here each store their own time, nanoseconds
		 * apart; the rate cannot tell, so no compare-and-swap.
		 */
		atomic64_set(&c->first, now);
		first = now;
	}
	if (now - first >= c->ignore) {
		pc->pkts++;
		pc->bytes += kc_pkt_len(p);
	}
	WRITE_ONCE(pc->last, now);
	return p;
}

static void avgc_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, avgc_action);
}

static struct kc_pkt *avgc_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, avgc_action);
}

static void avgc_sum(struct avgc *c, u64 *pkts, u64 *bytes, u64 *last)
{
	int cpu;

	*pkts = atomic64_read(&c->base_pkts);
	*bytes = atomic64_read(&c->base_bytes);
	*last = 0;
	kc_for_each_cpu(cpu) {
		const struct avgc_pcpu *pc = kc_per_cpu_ptr(c->pc, cpu);

		*pkts += READ_ONCE(pc->pkts);
		*bytes += READ_ONCE(pc->bytes);
		*last = max_t(u64, *last, READ_ONCE(pc->last));
	}
}

static int avgc_read(struct kc_elem *e, struct kc_buf *b, bool bytes,
		     bool rate)
{
	struct avgc *c = kc_priv(e);
	u64 pkts, nbytes, last, first, n, d, milli;

	avgc_sum(c, &pkts, &nbytes, &last);
	n = bytes ? nbytes : pkts;
	if (!rate) {
		kc_buf_printf(b, "%llu", (unsigned long long)n);
		return 0;
	}
	first = atomic64_read(&c->first);
	d = first && last > first + c->ignore ?
	    (last - first - c->ignore) / 1000 : 0;	/* us */
	if (!d) {
		kc_buf_printf(b, "0");
		return 0;
	}
	/* n * 1e6 / d us, to a thousandth while n * 1e9 fits in u64. */
	if (n < (1ULL << 34))
		milli = div64_u64(n * 1000000000ULL + d / 2, d);
	else
		milli = div64_u64(n * 1000000ULL, d) * 1000;
	kc_buf_printf(b, "%llu", (unsigned long long)(milli / 1000));
	if (milli % 1000) {
		char f[4];
		int i;

		snprintf(f, sizeof(f), "%03u", (unsigned int)(milli % 1000));
		for (i = 2; f[i] == '0'; i--)
			f[i] = '\0';
		kc_buf_printf(b, ".%s", f);
	}
	return 0;
}

static int avgc_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return avgc_read(e, b, false, false);
}

static int avgc_read_byte_count(struct kc_elem *e, struct kc_buf *b)
{
	return avgc_read(e, b, true, false);
}

static int avgc_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	return avgc_read(e, b, false, true);
}

static int avgc_read_byte_rate(struct kc_elem *e, struct kc_buf *b)
{
	return avgc_read(e, b, true, true);
}

/* Handler: process context, graph lock held. */
static int avgc_write_reset(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	struct avgc *c = kc_priv(e);
	u64 pkts, bytes, last;

	avgc_sum(c, &pkts, &bytes, &last);
	atomic64_sub(pkts, &c->base_pkts);
	atomic64_sub(bytes, &c->base_bytes);
	/* The next packet is the first; older per-CPU times are before it. */
	atomic64_set(&c->first, 0);
	return 0;
}

static void avgc_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct avgc *c = kc_priv(e), *o = kc_priv(old);
	struct avgc_pcpu *pc = kc_this_cpu_ptr(c->pc);
	u64 pkts, bytes, last, first = atomic64_read(&o->first);

	avgc_sum(o, &pkts, &bytes, &last);
	atomic64_add(pkts, &c->base_pkts);
	atomic64_add(bytes, &c->base_bytes);
	if (first && !atomic64_read(&c->first))
		atomic64_set(&c->first, first);
	/* Process context: this CPU's slot is only a place to keep it. */
	if (READ_ONCE(pc->last) < last)
		WRITE_ONCE(pc->last, last);
}

static const struct kc_handler avgc_handlers[] = {
	{ .name = "count", .read = avgc_read_count },
	{ .name = "byte_count", .read = avgc_read_byte_count },
	{ .name = "rate", .read = avgc_read_rate },
	{ .name = "byte_rate", .read = avgc_read_byte_rate },
	{ .name = "reset", .write = avgc_write_reset },
};

const struct kc_class kc_averagecounter_class = {
	.name = "AverageCounter",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct avgc),
	.pcpu_size = sizeof(struct avgc_pcpu),
	.configure = avgc_configure,
	.push = avgc_push,
	.pull = avgc_pull,
	.take_state = avgc_take_state,
	.handlers = avgc_handlers,
	.nhandlers = ARRAY_SIZE(avgc_handlers),
};
