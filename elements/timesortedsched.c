// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * TimeSortedSched([STOP, BUFFER])
 * =s timestamps
 * merge sorted packet streams by timestamp
 * =d
 * Answers each pull with the packet of earliest timestamp among those its
 * inputs offer.  It keeps up to BUFFER packets (1 to 64, default 1) of
 * each input, so inputs that are each sorted by time merge into one
 * sorted stream; BUFFER above 1 copes with small disorder within an
 * input.  If it ever sends a packet older than the one before, the
 * `well_ordered` handler says false.
 *
 * STOP (boolean, default false) is accepted for Click's sake: in Click it
 * stops the driver when every input is dry.  `kclick run` ends when its
 * inputs are exhausted anyway; in the kernel nothing stops.
 *
 * One puller at a time: a second CPU pulling while one is inside gets
 * nothing and its task is woken to come back, so no lock is held across
 * the pulls of the inputs.
 * =h well_ordered read-only
 * true while every packet sent was no older than the one before.
 * =e
 *   tss :: TimeSortedSched;
 *   FromDump(a.pcap) -> Queue -> [0] tss;
 *   FromDump(b.pcap) -> Queue -> [1] tss;
 *   tss -> Unqueue -> ToDump(merged.pcap);
 * =a FromDump, PrioSched
 */
#include <kclick/element.h>

#define TSS_BUFFER_MAX	64

struct timesortedsched {
	u32 buffer;
	bool stop;
	bool disordered;
	atomic64_t busy;
	u64 last_ns;
	/* ninputs rings of `buffer` packets: count, then the packets. */
	u32 *count;
	struct kc_pkt **pkts;
};

static int timesortedsched_configure(struct kc_elem *e, struct kc_args *args)
{
	struct timesortedsched *t = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "STOP", KC_ARG_BOOL, 0, &t->stop },
		{ "BUFFER", KC_ARG_U32, 0, &t->buffer },
	};

	t->buffer = 1;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!t->buffer || t->buffer > TSS_BUFFER_MAX)
		return kc_errf(args->err, EINVAL,
			       "BUFFER: %u is not between 1 and %d packets",
			       t->buffer, TSS_BUFFER_MAX);
	if (!e->ninputs)
		return 0;
	t->count = kc_zalloc(e->ninputs * sizeof(*t->count));
	t->pkts = kc_zalloc((size_t)e->ninputs * t->buffer * sizeof(*t->pkts));
	if (!t->count || !t->pkts)
		return -ENOMEM;
	return 0;
}

/* Packet path: pulled by a task (softirq, RCU read side). */
static struct kc_pkt *timesortedsched_pull(struct kc_elem *e, int port)
{
	struct timesortedsched *t = kc_priv(e);
	struct kc_pkt *p, **ring, *best = NULL;
	u32 i, k, bi = 0, bk = 0;
	u64 ts;

	if (atomic64_inc_return(&t->busy) != 1) {
		atomic64_dec(&t->busy);
		kc_wake_through(e);
		return NULL;
	}
	for (i = 0; i < e->ninputs; i++) {
		ring = t->pkts + (size_t)i * t->buffer;
		while (t->count[i] < t->buffer && (p = kc_pull(e, i)))
			ring[t->count[i]++] = p;
		for (k = 0; k < t->count[i]; k++) {
			ts = kc_pkt_tstamp_ns(ring[k]);
			if (!best || ts < kc_pkt_tstamp_ns(best)) {
				best = ring[k];
				bi = i;
				bk = k;
			}
		}
	}
	if (best) {
		ring = t->pkts + (size_t)bi * t->buffer;
		memmove(ring + bk, ring + bk + 1,
			(t->count[bi] - bk - 1) * sizeof(*ring));
		t->count[bi]--;
		ts = kc_pkt_tstamp_ns(best);
		if (ts < t->last_ns)
			WRITE_ONCE(t->disordered, true);
		t->last_ns = ts;
	}
	/* Fully ordered: the next puller sees the rings as left here. */
	atomic64_add_return(-1, &t->busy);
	return best;
}

static void timesortedsched_cleanup(struct kc_elem *e)
{
	struct timesortedsched *t = kc_priv(e);
	u32 i, k;

	for (i = 0; t->count && t->pkts && i < e->ninputs; i++)
		for (k = 0; k < t->count[i]; k++)
			kc_pkt_drop(t->pkts[(size_t)i * t->buffer + k]);
	kc_free(t->count);
	kc_free(t->pkts);
}

static int timesortedsched_read_wo(struct kc_elem *e, struct kc_buf *b)
{
	const struct timesortedsched *t = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(t->disordered) ? "false" : "true");
	return 0;
}

static const struct kc_handler timesortedsched_handlers[] = {
	{ .name = "well_ordered", .read = timesortedsched_read_wo },
};

const struct kc_class kc_timesortedsched_class = {
	.name = "TimeSortedSched",
	.ports = "-/1",
	.processing = "l/l",
	.priv_size = sizeof(struct timesortedsched),
	.configure = timesortedsched_configure,
	.pull = timesortedsched_pull,
	.cleanup = timesortedsched_cleanup,
	.handlers = timesortedsched_handlers,
	.nhandlers = ARRAY_SIZE(timesortedsched_handlers),
};
