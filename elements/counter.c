// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Counter([COUNT_CALL, BYTE_COUNT_CALL])
 * =s counters
 * measures packet count and byte count
 * =d
 * Passes packets unchanged from its input to its output, counting them.
 * Counts are kept per CPU and summed when read, so several receive queues
 * can count at once without sharing a cache line.  A replaced graph's
 * Counter of the same name carries its counts into the new graph.
 * =over 8
 * =item COUNT_CALL
 * `N HANDLER [VALUE]`: when the packet count reaches N, write VALUE (or
 * nothing) to HANDLER, an `ELEMENT.HANDLER` or `stop` (the driver stop
 * event, as Script's `stop`).  Click calls the handler before the Nth
 * packet leaves; a handler write cannot run on the packet path here
 * (handlers may sleep and need the graph lock), so kclick marks the call
 * due and a work item (the way Script runs) makes it soon after, in
 * process context with the graph lock: the Nth packet and perhaps a few
 * more have gone on by then.  It is called once per reset.  With a
 * COUNT_CALL the count is also kept in one shared atomic counter.
 * =item BYTE_COUNT_CALL
 * The same when the byte count reaches or passes N.
 * =back
 * =h count read-only
 * Packets counted since the element was created or last reset.
 * =h byte_count read-only
 * Bytes counted.
 * =h reset write-only
 * Resets the counts to zero (and lets the calls come due again).
 * =h reset_counts write-only
 * The same (Click's name).
 * =h count_call write-only
 * A new COUNT_CALL, `N [HANDLER [VALUE]]`; with N alone the handler and
 * value stay.
 * =h byte_count_call write-only
 * A new BYTE_COUNT_CALL, the same way.
 * =e
 *   FromDevice(eth0) -> c :: Counter -> Discard;
 *   kclick read GRAPH/c.count
 *   // after 1000 packets, stop forwarding:
 *   c :: Counter(COUNT_CALL 1000 s.switch -1) -> s :: Switch -> ...
 */
#include <kclick/element.h>

struct counter_pcpu {
	u64 pkts;
	u64 bytes;
};

/* COUNT_CALL or BYTE_COUNT_CALL: write value to to's handler at n. */
struct counter_call {
	u64 n;			/* 0: none */
	atomic64_t since;	/* packets or bytes since the last reset */
	atomic64_t due;		/* reached: the work makes the call */
	struct kc_elem *to;	/* NULL: "stop" */
	char *spec;		/* "ELEMENT.HANDLER VALUE" as given */
	const char *handler, *value;	/* into spec */
};

struct counter {
	struct counter_pcpu __percpu *pc;
	/* Added to the per-CPU sums: carried state and resets. */
	atomic64_t base_pkts, base_bytes;
	struct counter_call call[2];	/* COUNT_CALL, BYTE_COUNT_CALL */
	struct kc_work *work;
};

static const char *const counter_call_key[2] = {
	"COUNT_CALL", "BYTE_COUNT_CALL"
};

/* "N HANDLER [VALUE]", split in place in cc->spec. */
static int counter_parse_call(struct counter_call *cc, const char *key,
			      struct kc_errbuf *err)
{
	char *p = cc->spec, *n, *h;
	struct kc_quote q;

	n = p + strspn(p, " \t");
	p = n + strcspn(n, " \t");
	if (*p)
		*p++ = '\0';
	h = p + strspn(p, " \t");
	p = h + strcspn(h, " \t");
	if (*p)
		*p++ = '\0';
	cc->value = p + strspn(p, " \t");
	cc->handler = h;
	if (kc_arg_value(key, n, KC_ARG_U64, &cc->n, 0, err))
		return -EINVAL;
	if (!cc->n)
		return kc_errf(err, EINVAL, "%s: N must be at least 1", key);
	if (!*h)
		return kc_errf(err, EINVAL, "%s: expected 'N HANDLER [VALUE]'",
			       key);
	if (strcmp(h, "stop") && (!strchr(h, '.') || *h == '.' ||
				  h[strlen(h) - 1] == '.'))
		return kc_errf(err, EINVAL,
			       "%s: '%s' is not ELEMENT.HANDLER or stop", key,
			       kc_quote_str(&q, h));
	return 0;
}

static void counter_work(struct kc_elem *e);

static int counter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct counter *c = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "COUNT_CALL", KC_ARG_STR, 0, &c->call[0].spec },
		{ "BYTE_COUNT_CALL", KC_ARG_STR, 0, &c->call[1].spec },
	};
	int i;

	c->pc = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	for (i = 0; i < 2; i++)
		if (c->call[i].spec &&
		    counter_parse_call(&c->call[i], counter_call_key[i],
				       args->err))
			return -EINVAL;
	if (c->call[0].n || c->call[1].n) {
		c->work = kc_work_alloc(e, counter_work);
		if (!c->work)
			return -ENOMEM;
	}
	return 0;
}

/* ELEMENT (in e's compound first, as Click looks names up) or NULL. */
static struct kc_elem *counter_find(struct kc_elem *e, const char *name,
				    size_t n)
{
	const char *slash = strrchr(e->name, '/');
	size_t pre = slash ? (size_t)(slash - e->name) + 1 : 0;
	char full[128];
	struct kc_elem *x;

	if (pre + n >= sizeof(full))
		return NULL;
	memcpy(full, e->name, pre);
	memcpy(full + pre, name, n);
	full[pre + n] = '\0';
	x = kc_elem_find(e, full);
	if (!x && pre)
		x = kc_elem_find(e, full + pre);
	return x;
}

/* Configure time or a handler write: HANDLER's element and write handler. */
static int counter_resolve(struct kc_elem *e, struct counter_call *cc,
			   const char *key, struct kc_errbuf *err)
{
	struct kc_quote q;
	const char *dot;
	struct kc_elem *x;
	int k;

	cc->to = NULL;
	if (!cc->n || !strcmp(cc->handler, "stop"))
		return 0;
	dot = strrchr(cc->handler, '.');
	x = counter_find(e, cc->handler, dot - cc->handler);
	if (!x)
		return kc_errf(err, ENOENT, "%s: no element '%s'", key,
			       kc_quote(&q, cc->handler, dot - cc->handler));
	for (k = 0; k < x->cls->nhandlers; k++)
		if (!strcmp(x->cls->handlers[k].name, dot + 1) &&
		    x->cls->handlers[k].write)
			break;
	if (k == x->cls->nhandlers)
		return kc_errf(err, ENOENT, "%s: '%s' has no write handler '%s'",
			       key, x->name, kc_quote_str(&q, dot + 1));
	cc->to = x;
	cc->handler = dot + 1;
	return 0;
}

static int counter_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct counter *c = kc_priv(e);
	int i;

	for (i = 0; i < 2; i++)
		if (counter_resolve(e, &c->call[i], counter_call_key[i], err))
			return -ENOENT;
	return 0;
}

/* Process context, graph lock held: make the calls that came due. */
static void counter_work(struct kc_elem *e)
{
	struct counter *c = kc_priv(e);
	struct kc_errbuf err;
	int i;

	for (i = 0; i < 2; i++) {
		struct counter_call *cc = &c->call[i];

		if (!atomic64_xchg(&cc->due, 0))
			continue;
		if (!cc->to) {
			kc_driver_stop(e);
		} else if (kc_handler_write(cc->to, cc->handler, cc->value,
					    &err)) {
			kc_log_info("Counter '%s': %s: %s.%s: %s\n", e->name,
				    counter_call_key[i], cc->to->name,
				    cc->handler, err.msg);
		}
	}
}

/* Packet path: count p towards the calls; one due, the work is kicked. */
static void counter_calls(struct counter *c, u32 len)
{
	struct counter_call *cc = c->call;
	bool kick = false;
	u64 v, n;

	if (READ_ONCE(cc[0].n)) {
		v = atomic64_inc_return(&cc[0].since);
		if (v == READ_ONCE(cc[0].n)) {
			atomic64_set(&cc[0].due, 1);
			kick = true;
		}
	}
	n = READ_ONCE(cc[1].n);
	if (n) {
		v = atomic64_add_return(len, &cc[1].since);
		if (v >= n && v - len < n) {
			atomic64_set(&cc[1].due, 1);
			kick = true;
		}
	}
	if (kick)
		kc_work_kick(READ_ONCE(c->work));
}

/* Packet path (softirq, RCU read side). */
static void counter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct counter *c = kc_priv(e);
	struct counter_pcpu *pc = kc_this_cpu_ptr(c->pc);

	pc->pkts++;
	pc->bytes += kc_pkt_len(p);
	if (unlikely(READ_ONCE(c->work)))
		counter_calls(c, kc_pkt_len(p));
	kc_push(e, 0, p);
}

/* XDP (packet path): counted as a pushed packet is. */
static int counter_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct counter *c = kc_priv(e);
	struct counter_pcpu *pc;

	if (!x)
		return 0;
	pc = kc_this_cpu_ptr(c->pc);
	pc->pkts++;
	pc->bytes += x->len;
	if (unlikely(READ_ONCE(c->work)))
		counter_calls(c, x->len);
	return 0;
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
		if (unlikely(READ_ONCE(c->work)))
			counter_calls(c, kc_pkt_len(p));
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
	/* The calls may come due again. */
	atomic64_set(&c->call[0].since, 0);
	atomic64_set(&c->call[1].since, 0);
	return 0;
}

static void counter_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct counter *c = kc_priv(e), *o = kc_priv(old);
	u64 pkts, bytes;

	counter_sum(o, &pkts, &bytes);
	atomic64_add(pkts, &c->base_pkts);
	atomic64_add(bytes, &c->base_bytes);
	atomic64_add(atomic64_read(&o->call[0].since), &c->call[0].since);
	atomic64_add(atomic64_read(&o->call[1].since), &c->call[1].since);
}

static void counter_cleanup(struct kc_elem *e)
{
	struct counter *c = kc_priv(e);

	kc_work_free(c->work);
	kc_free(c->call[0].spec);
	kc_free(c->call[1].spec);
}

/*
 * Handler: a new COUNT_CALL (i 0) or BYTE_COUNT_CALL, "N [HANDLER
 * [VALUE]]"; without HANDLER the current one stays (Click's count_call).
 * The work item and the packet path read only n and the due flag without
 * the graph lock; the rest changes under it, as the work runs.
 */
static int counter_write_call(struct kc_elem *e, int i, const char *val,
			      struct kc_errbuf *err)
{
	struct counter *c = kc_priv(e);
	struct counter_call nc = { 0 }, *cc = &c->call[i];
	const char *key = counter_call_key[i];
	char *keep = NULL;
	int ret;

	nc.spec = kc_strdup(val);
	if (!nc.spec)
		return -ENOMEM;
	if (!strpbrk(nc.spec + strspn(nc.spec, " \t"), " \t") && cc->spec) {
		/* "N" alone: the handler and value stay. */
		const char *x = cc->to ? cc->to->name : "";
		size_t n = strlen(val) + strlen(x) + strlen(cc->handler) +
			   strlen(cc->value) + 4;

		keep = kc_zalloc(n);
		if (!keep) {
			kc_free(nc.spec);
			return -ENOMEM;
		}
		snprintf(keep, n, "%s %s%s%s %s", val, x, *x ? "." : "",
			 cc->handler, cc->value);
		kc_free(nc.spec);
		nc.spec = keep;
		keep = NULL;
	}
	ret = counter_parse_call(&nc, key, err);
	if (!ret)
		ret = counter_resolve(e, &nc, key, err);
	if (!ret && !c->work) {
		struct kc_work *w = kc_work_alloc(e, counter_work);

		if (!w)
			ret = -ENOMEM;
		else
			WRITE_ONCE(c->work, w);
	}
	if (ret) {
		kc_free(nc.spec);
		return ret;
	}
	WRITE_ONCE(cc->n, 0);	/* the packet path sees no half-made call */
	kc_free(cc->spec);
	cc->spec = nc.spec;
	cc->to = nc.to;
	cc->handler = nc.handler;
	cc->value = nc.value;
	WRITE_ONCE(cc->n, nc.n);
	return 0;
}

static int counter_write_count_call(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	return counter_write_call(e, 0, val, err);
}

static int counter_write_byte_count_call(struct kc_elem *e, const char *val,
					 struct kc_errbuf *err)
{
	return counter_write_call(e, 1, val, err);
}

static const struct kc_handler counter_handlers[] = {
	{ .name = "count", .read = counter_read_count },
	{ .name = "byte_count", .read = counter_read_bytes },
	{ .name = "reset", .write = counter_write_reset },
	{ .name = "reset_counts", .write = counter_write_reset },
	{ .name = "count_call", .write = counter_write_count_call },
	{ .name = "byte_count_call", .write = counter_write_byte_count_call },
};

const struct kc_class kc_counter_class = {
	.name = "Counter",
	.ports = "1/1",
	.processing = "a/a",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct counter),
	.pcpu_size = sizeof(struct counter_pcpu),
	.configure = counter_configure,
	.initialize = counter_initialize,
	.push = counter_push,
	.xdp = counter_xdp,
	.pull = counter_pull,
	.take_state = counter_take_state,
	.cleanup = counter_cleanup,
	.handlers = counter_handlers,
	.nhandlers = ARRAY_SIZE(counter_handlers),
};
