// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * AggregateCounter([KEYWORDS])
 * =s aggregates
 * counts packets per aggregate annotation
 * =d
 * Counts the packets (or bytes) it sees for each value of the aggregate
 * annotation (set by AggregateIPFlows, or Paint-like elements): each
 * value gets a count of its own.  The `text` handler reads the counts as
 * a table, in the format of Click's `write_text_file`; `ip_text` as
 * Click's `write_ip_file`.  Click writes those to a file; a kernel
 * element cannot, so they are read handlers here (`kclick read`, and the
 * table printed at the end of `kclick run`, `-j` too).
 *
 * Frozen, the element counts only aggregates it has counted before and
 * makes no new ones.  There may be two inputs: the second is always
 * frozen.  With two outputs, counted packets leave on output 0 and the
 * others (not counted: frozen, inactive, or no room) on output 1, which
 * is push; with one, every packet leaves on output 0.
 *
 * At most CAPACITY aggregates are counted (kclick's bound; Click has
 * none): a packet of a new aggregate past it is not counted, and is
 * counted in `full`.  The table is allocated at configure (16 bytes a
 * slot, a power of two of slots at least twice CAPACITY) and filled
 * lock-free: each aggregate's count is one shared atomic word, so
 * several CPUs count the same aggregate at once (elements/aggregate.h).
 * A replaced graph's AggregateCounter of the same name carries its
 * counts over (as many as fit its CAPACITY).
 * =over 8
 * =item BYTES
 * Boolean: count bytes, not packets.  Default false.
 * =item IP_BYTES
 * Boolean: with BYTES, leave out the bytes before the IP header (the IP
 * header annotation).  Default false.
 * =item MULTIPACKET
 * Boolean, default true.  Click adds a packet count annotation kclick
 * packets do not have: accepted, and each packet counts one.
 * =item EXTRA_LENGTH
 * Boolean, default true.  Click adds an extra length annotation kclick
 * packets do not have: accepted, no effect.
 * =item AGGREGATE_STOP
 * Unsigned N: once N aggregates have been seen, stop counting (`active`
 * false) and ask the driver to stop (kclick run ends; in the kernel the
 * stop is logged, see DriverManager).
 * =item AGGREGATE_FREEZE
 * Unsigned N: freeze once N aggregates have been seen.
 * =item COUNT_STOP
 * Unsigned N: as AGGREGATE_STOP, once the total count reaches N.
 * =item COUNT_FREEZE
 * Unsigned N: freeze once the total count reaches N.
 * =item BANNER
 * A string written after the first line of the tables.
 * =item CAPACITY
 * Aggregates counted at most, 1 to 1,048,576; default 65,536 (not in
 * Click).
 * =back
 * Click's AGGREGATE_CALL and COUNT_CALL are refused (Counter's
 * COUNT_CALL makes such calls); the STOP and FREEZE forms are the calls
 * Click's own configurations make.
 * =h text read-only
 * `!IPAggregate 1.0`, the banner, `!num_nonzero N`, then one line per
 * aggregate with a non-zero count, `AGGREGATE COUNT`, in increasing order
 * of aggregate.  A table longer than a handler value (60,000 bytes) is
 * cut short.
 * =h ip_text read-only
 * The same with a `!ip` line, aggregates printed as IPv4 addresses.
 * =h count read-only
 * The total count (packets, or bytes).
 * =h nagg read-only
 * Aggregates with a non-zero count.
 * =h full read-only
 * Packets not counted because CAPACITY aggregates exist (not in Click).
 * =h freeze read/write
 * true or false.
 * =h active read/write
 * true or false: while false nothing is counted (every packet is
 * "other").
 * =h stop write-only
 * Sets active false and asks the driver to stop.
 * =h clear write-only
 * Forgets every aggregate and count.
 * =h banner read/write
 * BANNER.
 * =e
 *   FromDump(trace.pcap, FORCE_IP true) -> AggregateIPFlows
 *     -> ac :: AggregateCounter(BYTES true) -> Discard;
 *   kclick read GRAPH/ac.text
 * =a AggregateIPFlows, Counter, IPRateMonitor
 */
#include <kclick/proto.h>
#include "aggregate.h"

#define AGGC_CAPACITY_DEF	65536
#define AGGC_CAPACITY_MAX	(1U << 20)

struct aggc_slot {
	atomic64_t state;	/* aggregate.h; low 32 bits: the aggregate */
	atomic64_t count;
};

struct aggc_pcpu {
	u64 count, full;
};

struct aggc {
	bool bytes, ip_bytes, multipacket, extra_length;
	bool frozen, active;		/* READ_ONCE on the packet path */
	u32 capacity, mask;
	u32 gen;			/* generation, 1 to KC_AGG_GEN_MAX */
	u64 seed;
	u32 agg_stop, agg_freeze;	/* 0: none */
	u64 count_stop, count_freeze;	/* 0: none */
	char *banner;
	struct aggc_slot *slots;
	struct aggc_pcpu __percpu *pc;
	atomic64_t nagg;		/* aggregates in this generation */
	atomic64_t total;		/* kept with COUNT_STOP, COUNT_FREEZE */
	atomic64_t base;		/* added to the per-CPU counts */
	atomic64_t stop_due;
	struct kc_work *work;
};

static void aggc_work(struct kc_elem *e)
{
	struct aggc *a = kc_priv(e);

	if (atomic64_xchg(&a->stop_due, 0))
		kc_driver_stop(e);
}

static int aggc_configure(struct kc_elem *e, struct kc_args *args)
{
	struct aggc *a = kc_priv(e);
	char *agg_call = NULL, *count_call = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "BYTES", KC_ARG_BOOL, 0, &a->bytes },
		{ "IP_BYTES", KC_ARG_BOOL, 0, &a->ip_bytes },
		{ "MULTIPACKET", KC_ARG_BOOL, 0, &a->multipacket },
		{ "EXTRA_LENGTH", KC_ARG_BOOL, 0, &a->extra_length },
		{ "AGGREGATE_STOP", KC_ARG_U32, 0, &a->agg_stop },
		{ "AGGREGATE_FREEZE", KC_ARG_U32, 0, &a->agg_freeze },
		{ "AGGREGATE_CALL", KC_ARG_STR, 0, &agg_call },
		{ "COUNT_STOP", KC_ARG_U64, 0, &a->count_stop },
		{ "COUNT_FREEZE", KC_ARG_U64, 0, &a->count_freeze },
		{ "COUNT_CALL", KC_ARG_STR, 0, &count_call },
		{ "BANNER", KC_ARG_STR, 0, &a->banner },
		{ "CAPACITY", KC_ARG_U32, 0, &a->capacity },
	};

	a->pc = e->pcpu;
	a->multipacket = a->extra_length = true;
	a->active = true;
	a->capacity = AGGC_CAPACITY_DEF;
	a->gen = 1;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && (agg_call || count_call))
		ret = kc_errf(args->err, EINVAL,
			      "%s is not supported (Counter's COUNT_CALL makes calls; AGGREGATE_STOP, COUNT_STOP and the FREEZE forms are)",
			      agg_call ? "AGGREGATE_CALL" : "COUNT_CALL");
	kc_free(agg_call);
	kc_free(count_call);
	if (ret)
		return -EINVAL;
	if (a->agg_stop && a->agg_freeze)
		return kc_errf(args->err, EINVAL,
			       "AGGREGATE_FREEZE and AGGREGATE_STOP are mutually exclusive");
	if (a->count_stop && a->count_freeze)
		return kc_errf(args->err, EINVAL,
			       "COUNT_FREEZE and COUNT_STOP are mutually exclusive");
	if (!a->capacity || a->capacity > AGGC_CAPACITY_MAX)
		return kc_errf(args->err, EINVAL,
			       "CAPACITY: %u is not 1 to %u", a->capacity,
			       AGGC_CAPACITY_MAX);
	a->mask = kc_agg_slots(a->capacity) - 1;
	a->seed = (u64)kc_random_u32() << 32 | kc_random_u32();
	a->slots = kc_zalloc((size_t)(a->mask + 1) * sizeof(*a->slots));
	if (!a->slots)
		return kc_errf(args->err, ENOMEM,
			       "no memory for %u aggregates", a->capacity);
	if (a->agg_stop || a->count_stop) {
		a->work = kc_work_alloc(e, aggc_work);
		if (!a->work)
			return -ENOMEM;
	}
	return 0;
}

/*
 * Packet path or process context: agg's slot in generation gen, taken if
 * create and free (and the capacity allows); NULL when absent (or no
 * room: *full set).
 */
static struct aggc_slot *aggc_find(struct aggc *a, u32 gen, u32 agg,
				   bool create, bool *full)
{
	u32 h = (u32)kc_agg_hash(agg, a->seed), i, tries = 0;
	s64 s, want;

	for (i = 0; i < KC_AGG_PROBES; i++) {
		struct aggc_slot *sl = &a->slots[(h + i) & a->mask];

again:
		s = atomic64_read_acquire(&sl->state);
		if (s && kc_agg_gen(s) == gen) {
			if ((u32)s != agg)
				continue;
			if (kc_agg_phase(s) == KC_AGG_BUSY)
				s = kc_agg_wait(&sl->state, s);
			return kc_agg_phase(s) == KC_AGG_READY &&
			       kc_agg_gen(s) == gen ? sl : NULL;
		}
		/* Free: agg is in no later slot of this generation. */
		if (!create)
			return NULL;
		if (atomic64_inc_return(&a->nagg) > a->capacity) {
			atomic64_dec(&a->nagg);
			*full = true;
			return NULL;
		}
		want = kc_agg_state(gen, KC_AGG_BUSY, agg);
		if (atomic64_cmpxchg(&sl->state, s, want) != s) {
			atomic64_dec(&a->nagg);
			if (++tries > 4)	/* a slot changes hands once a clear */
				return NULL;
			goto again;
		}
		atomic64_set(&sl->count, 0);
		atomic64_set_release(&sl->state,
				     kc_agg_state(gen, KC_AGG_READY, agg));
		return sl;
	}
	*full = create;
	return NULL;
}

/* Packet path: count p on input port; true if it was counted. */
static bool aggc_count(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct aggc *a = kc_priv(e);
	struct aggc_pcpu *pc = kc_this_cpu_ptr(a->pc);
	bool frozen = port == 1 || READ_ONCE(a->frozen), full = false;
	struct aggc_slot *sl;
	u64 amount = 1, n;
	unsigned char *nh;

	if (!READ_ONCE(a->active))
		return false;
	sl = aggc_find(a, READ_ONCE(a->gen), kc_pkt_anno(p)->aggregate,
		       !frozen, &full);
	if (!sl) {
		if (full)
			pc->full++;
		return false;
	}
	if (a->bytes) {
		amount = kc_pkt_len(p);
		nh = kc_pkt_nh(p);
		if (a->ip_bytes && nh)
			amount -= min_t(u64, amount, nh - kc_pkt_data(p));
	}
	/* Click's frozen counter counts only aggregates it has counted. */
	if (atomic64_add_return(amount, &sl->count) == (s64)amount &&
	    amount) {
		n = 0;
		if (a->agg_stop || a->agg_freeze) {
			/* Distinct aggregates with a count, this generation. */
			n = atomic64_read(&a->nagg);
			if (a->agg_freeze && n >= a->agg_freeze)
				WRITE_ONCE(a->frozen, true);
			if (a->agg_stop && n >= a->agg_stop &&
			    !atomic64_xchg(&a->stop_due, 1)) {
				WRITE_ONCE(a->active, false);
				kc_work_kick(a->work);
			}
		}
	}
	pc->count += amount;
	if (a->count_stop || a->count_freeze) {
		n = atomic64_add_return(amount, &a->total);
		if (a->count_freeze && n >= a->count_freeze)
			WRITE_ONCE(a->frozen, true);
		if (a->count_stop && n >= a->count_stop &&
		    READ_ONCE(a->active) && !atomic64_xchg(&a->stop_due, 1)) {
			WRITE_ONCE(a->active, false);
			kc_work_kick(a->work);
		}
	}
	return true;
}

static void aggc_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	bool counted = aggc_count(e, port, p);

	kc_push(e, !counted && e->noutputs > 1 ? 1 : 0, p);
}

/* Pulled (output 0 only: output 1 is push): from input 0. */
static struct kc_pkt *aggc_pull(struct kc_elem *e, int port)
{
	struct kc_pkt *p = kc_pull(e, 0);

	if (p)
		aggc_count(e, 0, p);
	return p;
}

struct aggc_entry {
	u32 agg;
	u64 count;
};

/* Sort by aggregate (heapsort: no recursion, no allocation). */
static void aggc_sift(struct aggc_entry *v, u32 root, u32 n)
{
	struct aggc_entry t;
	u32 c;

	while ((c = 2 * root + 1) < n) {
		if (c + 1 < n && v[c + 1].agg > v[c].agg)
			c++;
		if (v[root].agg >= v[c].agg)
			return;
		t = v[root];
		v[root] = v[c];
		v[c] = t;
		root = c;
	}
}

static void aggc_sort(struct aggc_entry *v, u32 n)
{
	struct aggc_entry t;
	u32 i;

	for (i = n / 2; i-- > 0;)
		aggc_sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		aggc_sift(v, 0, i);
	}
}

/* Process context: the non-zero counts of this generation, sorted. */
static struct aggc_entry *aggc_collect(struct aggc *a, u32 *n)
{
	u32 gen = READ_ONCE(a->gen), i, k = 0, max;
	struct aggc_entry *v;
	s64 s;
	u64 c;

	/* Room for those there now, and some that come while we look. */
	max = min_t(u64, a->capacity, atomic64_read(&a->nagg) + 64);
	v = kc_zalloc((size_t)max * sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i <= a->mask && k < max; i++) {
		s = atomic64_read_acquire(&a->slots[i].state);
		if (!s || kc_agg_gen(s) != gen ||
		    kc_agg_phase(s) != KC_AGG_READY)
			continue;
		c = atomic64_read(&a->slots[i].count);
		if (!c)
			continue;
		v[k].agg = (u32)s;
		v[k++].count = c;
	}
	aggc_sort(v, k);
	*n = k;
	return v;
}

static int aggc_read_table(struct kc_elem *e, struct kc_buf *b, bool ip)
{
	struct aggc *a = kc_priv(e);
	struct aggc_entry *v;
	u32 n, i;
	u8 addr[4];

	v = aggc_collect(a, &n);
	if (!v)
		return -ENOMEM;
	kc_buf_printf(b, "!IPAggregate 1.0\n");
	if (a->banner && a->banner[0])
		kc_buf_printf(b, "%s%s", a->banner,
			      a->banner[strlen(a->banner) - 1] == '\n' ?
			      "" : "\n");
	kc_buf_printf(b, "!num_nonzero %u\n", n);
	if (ip)
		kc_buf_printf(b, "!ip\n");
	for (i = 0; i < n && !b->overflow; i++) {
		if (ip) {
			addr[0] = v[i].agg >> 24;
			addr[1] = v[i].agg >> 16;
			addr[2] = v[i].agg >> 8;
			addr[3] = v[i].agg;
			kc_buf_ip4(b, addr);
		} else {
			kc_buf_printf(b, "%u", v[i].agg);
		}
		kc_buf_printf(b, " %llu\n", (unsigned long long)v[i].count);
	}
	kc_free(v);
	return 0;
}

static int aggc_read_text(struct kc_elem *e, struct kc_buf *b)
{
	return aggc_read_table(e, b, false);
}

static int aggc_read_ip_text(struct kc_elem *e, struct kc_buf *b)
{
	return aggc_read_table(e, b, true);
}

static u64 aggc_sum(struct aggc *a, bool full)
{
	u64 n = full ? 0 : atomic64_read(&a->base);
	int cpu;

	kc_for_each_cpu(cpu) {
		const struct aggc_pcpu *pc = kc_per_cpu_ptr(a->pc, cpu);

		n += full ? READ_ONCE(pc->full) : READ_ONCE(pc->count);
	}
	return n;
}

static int aggc_read_count(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%llu",
		      (unsigned long long)aggc_sum(kc_priv(e), false));
	return 0;
}

static int aggc_read_full(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%llu",
		      (unsigned long long)aggc_sum(kc_priv(e), true));
	return 0;
}

static int aggc_read_nagg(struct kc_elem *e, struct kc_buf *b)
{
	struct aggc *a = kc_priv(e);
	struct aggc_entry *v;
	u32 n;

	v = aggc_collect(a, &n);
	if (!v)
		return -ENOMEM;
	kc_free(v);
	kc_buf_printf(b, "%u", n);
	return 0;
}

static int aggc_read_freeze(struct kc_elem *e, struct kc_buf *b)
{
	struct aggc *a = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(a->frozen) ? "true" : "false");
	return 0;
}

static int aggc_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct aggc *a = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(a->active) ? "true" : "false");
	return 0;
}

static int aggc_read_banner(struct kc_elem *e, struct kc_buf *b)
{
	struct aggc *a = kc_priv(e);

	kc_buf_printf(b, "%s", a->banner ? a->banner : "");
	return 0;
}

/* Handlers: process context, graph lock held. */
static int aggc_write_bool(const char *name, const char *val, bool *dst,
			   struct kc_errbuf *err)
{
	bool v = false;

	if (kc_arg_value(name, val, KC_ARG_BOOL, &v, 0, err))
		return -EINVAL;
	WRITE_ONCE(*dst, v);
	return 0;
}

static int aggc_write_freeze(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct aggc *a = kc_priv(e);

	return aggc_write_bool("freeze", val, &a->frozen, err);
}

static int aggc_write_active(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct aggc *a = kc_priv(e);

	return aggc_write_bool("active", val, &a->active, err);
}

static int aggc_write_stop(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err)
{
	struct aggc *a = kc_priv(e);

	WRITE_ONCE(a->active, false);
	kc_driver_stop(e);
	return 0;
}

static int aggc_write_clear(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	struct aggc *a = kc_priv(e);
	u32 gen = a->gen + 1;

	if (gen > KC_AGG_GEN_MAX) {
		/* Once in 2^30 clears: slots of generation 1 would revive. */
		memset(a->slots, 0, (size_t)(a->mask + 1) * sizeof(*a->slots));
		gen = 1;
	}
	WRITE_ONCE(a->gen, gen);
	atomic64_set(&a->nagg, 0);
	atomic64_set(&a->total, 0);
	atomic64_set(&a->base, -(s64)aggc_sum(a, false) +
		     atomic64_read(&a->base));
	return 0;
}

static int aggc_write_banner(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct aggc *a = kc_priv(e);
	char *s = kc_strdup(val);

	if (!s)
		return -ENOMEM;
	kc_free(a->banner);
	a->banner = s;
	return 0;
}

/* Process context: old's counts, into this generation of e's table. */
static void aggc_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct aggc *a = kc_priv(e), *o = kc_priv(old);
	u32 gen = READ_ONCE(a->gen), n, i;
	struct aggc_entry *v = aggc_collect(o, &n);
	struct aggc_slot *sl;
	bool full;

	if (!v)
		return;
	for (i = 0; i < n; i++) {
		full = false;
		sl = aggc_find(a, gen, v[i].agg, true, &full);
		if (sl)
			atomic64_add(v[i].count, &sl->count);
	}
	kc_free(v);
	atomic64_add(aggc_sum(o, false), &a->base);
	WRITE_ONCE(a->frozen, READ_ONCE(o->frozen));
	WRITE_ONCE(a->active, READ_ONCE(o->active));
}

static void aggc_cleanup(struct kc_elem *e)
{
	struct aggc *a = kc_priv(e);

	if (a->work)
		kc_work_free(a->work);
	kc_free(a->slots);
	kc_free(a->banner);
}

static const struct kc_handler aggc_handlers[] = {
	{ .name = "text", .read = aggc_read_text },
	{ .name = "ip_text", .read = aggc_read_ip_text },
	{ .name = "count", .read = aggc_read_count },
	{ .name = "nagg", .read = aggc_read_nagg },
	{ .name = "full", .read = aggc_read_full },
	{ .name = "freeze", .read = aggc_read_freeze,
	  .write = aggc_write_freeze },
	{ .name = "active", .read = aggc_read_active,
	  .write = aggc_write_active },
	{ .name = "stop", .write = aggc_write_stop },
	{ .name = "clear", .write = aggc_write_clear },
	{ .name = "banner", .read = aggc_read_banner,
	  .write = aggc_write_banner },
};

const struct kc_class kc_aggregatecounter_class = {
	.name = "AggregateCounter",
	.ports = "1-2/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct aggc),
	.pcpu_size = sizeof(struct aggc_pcpu),
	.configure = aggc_configure,
	.push = aggc_push,
	.pull = aggc_pull,
	.take_state = aggc_take_state,
	.cleanup = aggc_cleanup,
	.handlers = aggc_handlers,
	.nhandlers = ARRAY_SIZE(aggc_handlers),
};
