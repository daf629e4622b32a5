// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * InfiniteSource([DATA, LIMIT, BURST, ACTIVE, KEYWORDS])
 * =s basicsources
 * generates packets whenever scheduled
 * =d
 * Pushes copies of DATA out of its output: BURST packets (default 1, at
 * most 1,024) each time its task runs, and the task runs again at once
 * while ACTIVE is true and fewer than LIMIT packets have gone out (LIMIT
 * -1, the default, means no limit).  Each packet is a new buffer with
 * room for an Ethernet header in front.
 *
 * In the kernel the task is a tasklet: each run makes at most BURST
 * packets and then asks to run again; that next run is queued from a
 * kworker (kmod/task.c), so the scheduler gives other threads, RCU's
 * included, their turn between runs.  The task is
 * first scheduled when the graph is initialized, which is just before it
 * goes live.  Offline (`kclick run`) it runs as fast as the virtual clock
 * allows: give it a LIMIT, or the run's bound on task runs ends it with a
 * warning.
 *
 * As Click's, it listens for full notification: when its packets go
 * (through one-output push elements) into a FullNoteQueue, it makes none
 * while that queue is full, and sleeps until the queue has room.
 *
 * Keyword arguments:
 * =over 8
 * =item DATA
 * String: the packet's bytes.  \<hex digits> (spaces allowed inside) stands
 * for bytes given in hex, as in Click; at most 16,384 bytes.  Default: a
 * 64-byte text.
 * =item LIMIT
 * Integer: packets to send, -1 for no limit.  Default -1.
 * =item BURST
 * Packets per task run, 1 to 1,024.  Default 1.
 * =item ACTIVE
 * Boolean: whether the source sends.  Default true.
 * =item LENGTH
 * Integer: each packet is LENGTH bytes, DATA cut short or repeated to
 * fill it (at most 16,384).  DATASIZE is Click's old name.  Default -1,
 * DATA's own length.
 * =item STOP
 * Boolean, accepted for Click's sake: kclick has no driver to stop; the
 * source stops at LIMIT either way.  Default false.
 * =back
 * =h count read-only
 * Packets sent.
 * =h reset write-only
 * Sets count to 0 and, if ACTIVE, starts again.
 * =h active read/write
 * ACTIVE; writing true starts the source again.
 * =h limit read/write
 * LIMIT; writing one above count starts the source again.
 * =e
 *   InfiniteSource(\<0800>, LIMIT 5) -> Queue -> ...
 * =a Discard
 */
#include "shared.h"

#define INFSRC_BURST_MAX	1024

const char kc_source_default_data[] =
	"Random bullshit in a packet, at least 64 bytes long. Well, now it is.";

/* data and len are set at configure and never change. */
struct infinitesource {
	u8 *data;
	u32 len;
	u32 burst;
	bool active;
	bool stop;
	s64 limit;		/* -1: none */
	atomic64_t count;
	struct kc_elem *full;	/* a FullNoteQueue downstream, or NULL */
};

/*
 * Decode DATA (also RatedSource's): \<hex> sequences become bytes, the
 * rest is literal.  *data is kc_zalloc'd (freed by the caller, also on
 * error).
 */
int kc_source_data(const char *t, u8 **data, u32 *len,
		   struct kc_errbuf *err)
{
	size_t n = strlen(t), i = 0, o = 0;
	int hi = -1, v;
	u8 *d;

	d = kc_zalloc(n + 1);
	*data = d;
	if (!d)
		return -ENOMEM;
	while (i < n) {
		if (t[i] != '\\' || t[i + 1] != '<') {
			d[o++] = t[i++];
			continue;
		}
		for (i += 2; i < n && t[i] != '>'; i++) {
			if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n')
				continue;
			v = kc_hexval(t[i]);
			if (v < 0)
				return kc_errf(err, EINVAL,
					       "DATA: '%c' in \\<...> is not a hex digit",
					       t[i]);
			if (hi < 0) {
				hi = v;
			} else {
				d[o++] = hi << 4 | v;
				hi = -1;
			}
		}
		if (i >= n || hi >= 0)
			return kc_errf(err, EINVAL,
				       "DATA: unterminated or odd \\<...>");
		i++;
	}
	if (o > KC_SOURCE_DATA_MAX)
		return kc_errf(err, EINVAL, "DATA: %zu bytes, at most %d", o,
			       KC_SOURCE_DATA_MAX);
	*len = o;
	return 0;
}

/*
 * Click's LENGTH (old name DATASIZE): the packets are LENGTH bytes, DATA
 * cut short or repeated to fill them (zeros if DATA is empty); -1 keeps
 * DATA as it is.
 */
int kc_source_resize(u8 **data, u32 *len, int length, struct kc_errbuf *err)
{
	u8 *d;
	u32 i;

	if (length < 0)
		return 0;
	if (length > KC_SOURCE_DATA_MAX)
		return kc_errf(err, EINVAL, "LENGTH: %d bytes, at most %d",
			       length, KC_SOURCE_DATA_MAX);
	d = kc_zalloc(length ? length : 1);
	if (!d)
		return -ENOMEM;
	for (i = 0; *len && i < (u32)length; i++)
		d[i] = (*data)[i % *len];
	kc_free(*data);
	*data = d;
	*len = length;
	return 0;
}

static int infinitesource_configure(struct kc_elem *e, struct kc_args *args)
{
	struct infinitesource *s = kc_priv(e);
	char *data = NULL;
	int limit = -1, length = -1, datasize = -1, ret;
	const struct kc_argspec spec[] = {
		{ "DATA", KC_ARG_STR, KC_ARGF_POSITIONAL, &data },
		{ "LIMIT", KC_ARG_INT, KC_ARGF_POSITIONAL, &limit },
		{ "BURST", KC_ARG_U32, KC_ARGF_POSITIONAL, &s->burst },
		{ "ACTIVE", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &s->active },
		{ "STOP", KC_ARG_BOOL, 0, &s->stop },
		{ "LENGTH", KC_ARG_INT, 0, &length },
		{ "DATASIZE", KC_ARG_INT, 0, &datasize },
	};

	s->burst = 1;
	s->active = true;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = kc_source_data(data ? data : kc_source_default_data,
				     &s->data, &s->len, args->err);
	if (!ret)
		ret = kc_source_resize(&s->data, &s->len,
				       length >= 0 ? length : datasize,
				       args->err);
	kc_free(data);
	if (ret)
		return ret;
	if (!s->burst || s->burst > INFSRC_BURST_MAX)
		return kc_errf(args->err, EINVAL, "BURST: must be 1 to %d",
			       INFSRC_BURST_MAX);
	if (limit < -1)
		return kc_errf(args->err, EINVAL, "LIMIT: %d is below -1",
			       limit);
	s->limit = limit;
	return 0;
}

static int infinitesource_initialize(struct kc_elem *e,
				     struct kc_errbuf *err)
{
	struct infinitesource *s = kc_priv(e);

	s->full = kc_fullnote_find(e, 0);
	if (s->active)
		kc_task_schedule(e);
	return 0;
}

/*
 * Task (softirq, RCU read side).  A task never runs on two CPUs at once,
 * so count against limit is exact.
 */
static void infinitesource_run_task(struct kc_elem *e)
{
	struct infinitesource *s = kc_priv(e);
	struct kc_pkt *p;
	s64 limit;
	u32 n;

	for (n = 0; n < s->burst; n++) {
		limit = READ_ONCE(s->limit);
		if (!READ_ONCE(s->active) ||
		    (limit >= 0 && atomic64_read(&s->count) >= limit))
			return;
		if (s->full && kc_fullnote_full(s->full))
			return;	/* the queue wakes us when it has room */
		p = kc_pkt_alloc(s->len);
		if (!p) {
			/* Memory short: back off rather than spin. */
			kc_task_schedule_after(e, 1000000);
			return;
		}
		memcpy(kc_pkt_data(p), s->data, s->len);
		atomic64_inc(&s->count);
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);
}

static void infinitesource_cleanup(struct kc_elem *e)
{
	struct infinitesource *s = kc_priv(e);

	kc_free(s->data);
}

static int infinitesource_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct infinitesource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int infinitesource_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct infinitesource *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

static int infinitesource_read_limit(struct kc_elem *e, struct kc_buf *b)
{
	struct infinitesource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)READ_ONCE(s->limit));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int infinitesource_write_active(struct kc_elem *e, const char *val,
				       struct kc_errbuf *err)
{
	struct infinitesource *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

static int infinitesource_write_limit(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct infinitesource *s = kc_priv(e);
	int l;

	if (kc_arg_value("LIMIT", val, KC_ARG_INT, &l, 0, err))
		return -EINVAL;
	if (l < -1)
		return kc_errf(err, EINVAL, "LIMIT: %d is below -1", l);
	WRITE_ONCE(s->limit, l);
	kc_task_schedule(e);
	return 0;
}

static int infinitesource_write_reset(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct infinitesource *s = kc_priv(e);

	atomic64_set(&s->count, 0);
	kc_task_schedule(e);
	return 0;
}

static const struct kc_handler infinitesource_handlers[] = {
	{ .name = "count", .read = infinitesource_read_count },
	{ .name = "reset", .write = infinitesource_write_reset },
	{ .name = "active", .read = infinitesource_read_active,
	  .write = infinitesource_write_active },
	{ .name = "limit", .read = infinitesource_read_limit,
	  .write = infinitesource_write_limit },
};

const struct kc_class kc_infinitesource_class = {
	.name = "InfiniteSource",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct infinitesource),
	.flags = KC_CLASS_F_TASK,
	.configure = infinitesource_configure,
	.initialize = infinitesource_initialize,
	.run_task = infinitesource_run_task,
	.cleanup = infinitesource_cleanup,
	.handlers = infinitesource_handlers,
	.nhandlers = ARRAY_SIZE(infinitesource_handlers),
};
