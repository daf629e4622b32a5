// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RED(MIN_THRESH, MAX_THRESH, MAX_P [, KEYWORDS])
 * =s aqm
 * drops packets according to RED
 * =d
 * Random Early Detection (Floyd and Jacobson, 1993) in front of, or
 * behind, one or more queues.  RED keeps a moving average of the sum of
 * their lengths, taken at each packet, and marks packets with a
 * probability that grows with it: never while the average is at most
 * MIN_THRESH, rising linearly to MAX_P at MAX_THRESH, and then (GENTLE)
 * linearly to 1 at 2 * MAX_THRESH; above that, or above MAX_THRESH
 * without GENTLE, every packet is marked.  Marks are spread evenly (the
 * count since the last mark raises the chance, as the paper has it).  A
 * marked packet is dropped, or leaves on output 1 if there is one.
 *
 * The queues are the nearest Queues or SimpleQueues downstream of a push
 * RED (through push paths from output 0), or upstream of a pull RED, as
 * Click finds its Storage elements, unless QUEUES names them.  A packet
 * that finds them empty moves the average one step towards 0 and, as
 * Click's, starts an idle clock: while they stay empty, each later packet
 * moves it a step for each 20 ms since (Click's 50 Hz), and after 256
 * steps (5 s) it is 0.
 *
 * One lock per RED guards the average and the mark count: RED's decision
 * is one sequence for every CPU that sends packets through it.
 * =over 8
 * =item MIN_THRESH, MAX_THRESH
 * Packets, 0 to 65,535, MIN_THRESH at most MAX_THRESH.
 * =item MAX_P
 * A real number from 0 to 1 (kept to 1/65,536).
 * =item QUEUES
 * Space-separated names of Queue or SimpleQueue elements, at most 8.
 * =item STABILITY
 * 0 to 16, default 4: each packet moves the average 1/2^STABILITY of the
 * way to the queues' length (w_q = 2^-STABILITY); 0 uses the length
 * itself.
 * =item GENTLE
 * Boolean, default true (above).
 * =item ECN
 * Boolean, default false; not in Click.  When true, a marked packet that
 * is ECN-capable (ECT(0), ECT(1) or CE in its IPv4 TOS byte, at the IP
 * header annotation) gets CE set (RFC 3168) and goes on through output 0
 * instead of being dropped, and the header checksum is updated: the mark
 * MarkIPCE makes (without its FORCE).  Packets
 * that are not ECN-capable are dropped as without ECN, and so is every
 * packet while the average is above the point where all are marked (2 *
 * MAX_THRESH, or MAX_THRESH without GENTLE): RFC 3168 section 7 leaves
 * overload to drops, as Linux's RED with harddrop does.
 * =back
 * =h min_thresh read/write
 * MIN_THRESH.
 * =h max_thresh read/write
 * MAX_THRESH.
 * =h max_p read/write
 * MAX_P.
 * =h drops read-only
 * Packets dropped (or sent to output 1).
 * =h marks read-only
 * Packets given CE instead (ECN).
 * =h queues read-only
 * The queues' names, one a line.
 * =h avg_queue_size read-only
 * The average queue length, to 1/1,024 of a packet.
 * =h stats read-only
 * The queue length and average, the drops and marks, in words.
 * =h config read-only
 * The configuration.
 * =e
 *   ... -> RED(5, 50, 0.02) -> Queue(200) -> ...
 *   ... -> RED(5, 50, 0.02, ECN true) -> Queue(200) -> ...
 * =a Queue, SetIPDSCP, MarkIPCE
 */
#include "meter.h"
#include "shared.h"

#define RED_THRESH_MAX	65535
#define RED_QUEUES_MAX	8
#define RED_STAB_MAX	16
#define RED_P_ONE	65536		/* MAX_P 1 */
#define RED_SCALE	10		/* avg: packets << RED_SCALE */
#define RED_IDLE_NS	20000000ULL	/* one decay step while empty */
#define RED_IDLE_STEPS	256
#define RED_WALK_MAX	64		/* elements looked at for queues */

struct red {
	kc_lock_t lock;		/* avg, count, rnd, idle_ns, the parameters */
	u32 min, max, kill;	/* packets */
	u32 max_p;		/* / RED_P_ONE */
	u32 stability;
	bool gentle, ecn;
	u64 avg;		/* packets << RED_SCALE */
	s64 count;		/* packets since the last mark; -1: none */
	u32 rnd;		/* uniform, 0 to RED_P_ONE - 1 */
	u64 idle_ns;		/* when the queues were last seen empty */
	char *queues_arg;	/* QUEUES as given */
	u32 nq;
	struct kc_elem *q[RED_QUEUES_MAX];
	atomic64_t drops, marks;
};

/* MAX_P: a decimal from 0 to 1, into 1/65,536 (rounded). */
static int red_parse_p(const char *s, u32 *out, struct kc_errbuf *err)
{
	struct kc_quote q;
	u64 num = 0, den = 1;
	const char *c = s;
	bool digits = false;

	for (; *c >= '0' && *c <= '9' && num < 10; c++, digits = true)
		num = num * 10 + (*c - '0');
	if (*c == '.')
		for (c++; *c >= '0' && *c <= '9'; c++, digits = true)
			if (den < 1000000000ULL) {
				num = num * 10 + (*c - '0');
				den *= 10;
			}
	if (!digits || *c || num > den)
		return kc_errf(err, EINVAL,
			       "MAX_P: '%s' is not a number from 0 to 1",
			       kc_quote_str(&q, s));
	*out = div64_u64(num * RED_P_ONE + den / 2, den);
	return 0;
}

static int red_check(u32 min, u32 max, struct kc_errbuf *err)
{
	if (max > RED_THRESH_MAX)
		return kc_errf(err, EINVAL, "MAX_THRESH: %u is above %u", max,
			       RED_THRESH_MAX);
	if (min > max)
		return kc_errf(err, EINVAL,
			       "MIN_THRESH (%u) must be at most MAX_THRESH (%u)",
			       min, max);
	return 0;
}

/* Under r->lock (or before the element runs). */
static void red_set(struct red *r, u32 min, u32 max, u32 max_p)
{
	r->min = min;
	r->max = max;
	r->max_p = max_p;
	r->kill = r->gentle && max_p < RED_P_ONE ? 2 * max : max;
}

static int red_configure(struct kc_elem *e, struct kc_args *args)
{
	struct red *r = kc_priv(e);
	u32 min = 0, max = 0, stab = 4, p = 0;
	char *max_p = NULL;
	bool gentle = true;
	int ret;
	const struct kc_argspec spec[] = {
		{ "MIN_THRESH", KC_ARG_U32,
		  KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY, &min },
		{ "MAX_THRESH", KC_ARG_U32,
		  KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY, &max },
		{ "MAX_P", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &max_p },
		{ "QUEUES", KC_ARG_STR, 0, &r->queues_arg },
		{ "STABILITY", KC_ARG_U32, 0, &stab },
		{ "GENTLE", KC_ARG_BOOL, 0, &gentle },
		{ "ECN", KC_ARG_BOOL, 0, &r->ecn },
	};

	kc_lock_init(&r->lock);
	r->count = -1;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = red_parse_p(max_p, &p, args->err);
	kc_free(max_p);
	if (!ret)
		ret = red_check(min, max, args->err);
	if (!ret && stab > RED_STAB_MAX)
		ret = kc_errf(args->err, EINVAL, "STABILITY: %u is above %u",
			      stab, RED_STAB_MAX);
	if (ret)
		return -EINVAL;
	r->stability = stab;
	r->gentle = gentle;
	red_set(r, min, max, p);
	return 0;
}

static bool red_is_queue(const struct kc_elem *x)
{
	return x->cls == &kc_queue_class || x->cls == &kc_simplequeue_class;
}

static int red_add_queue(struct kc_elem *e, struct kc_elem *x,
			 struct kc_errbuf *err)
{
	struct red *r = kc_priv(e);
	u32 i;

	for (i = 0; i < r->nq; i++)
		if (r->q[i] == x)
			return 0;
	if (r->nq == RED_QUEUES_MAX)
		return kc_errf(err, E2BIG, "more than %d queues",
			       RED_QUEUES_MAX);
	r->q[r->nq++] = x;
	return 0;
}

/* QUEUES: names, in e's compound first, as Click looks them up. */
static int red_named_queues(struct kc_elem *e, struct kc_errbuf *err)
{
	struct red *r = kc_priv(e);
	const char *slash = strrchr(e->name, '/');
	size_t pre = slash ? (size_t)(slash - e->name) + 1 : 0;
	const char *s = r->queues_arg;
	struct kc_elem *x;
	struct kc_quote q;
	char name[128];
	size_t n;

	while (*(s += strspn(s, " \t\n"))) {
		n = strcspn(s, " \t\n");
		if (pre + n >= sizeof(name))
			return kc_errf(err, EINVAL, "QUEUES: '%s' is too long",
				       kc_quote(&q, s, n));
		memcpy(name, e->name, pre);
		memcpy(name + pre, s, n);
		name[pre + n] = '\0';
		x = kc_elem_find(e, name);
		if (!x && pre)
			x = kc_elem_find(e, name + pre);
		if (!x)
			return kc_errf(err, ENOENT, "QUEUES: no element '%s'",
				       kc_quote(&q, s, n));
		if (!red_is_queue(x))
			return kc_errf(err, EINVAL,
				       "QUEUES: '%s' is a %s, not a Queue",
				       x->name, x->cls->name);
		if (red_add_queue(e, x, err))
			return -E2BIG;
		s += n;
	}
	return 0;
}

/*
 * The nearest queues along push paths downstream of output 0 (a push
 * RED) or pull paths upstream of input 0 (a pull RED): a walk of at most
 * RED_WALK_MAX elements, which stops at each queue it meets.
 */
static int red_find_queues(struct kc_elem *e, struct kc_errbuf *err)
{
	struct kc_elem *todo[RED_WALK_MAX];
	bool down = e->out_proc[0] == KC_PUSH;
	int head = 0, tail = 0, k, seen;
	struct kc_elem *x;

	todo[tail++] = down ? e->out[0].elem : e->in[0].elem;
	for (seen = 0; head < tail; seen++) {
		x = todo[head++];
		if (!x)
			continue;
		if (red_is_queue(x)) {
			if (red_add_queue(e, x, err))
				return -E2BIG;
			continue;
		}
		if (down) {
			for (k = 0; k < x->noutputs && tail < RED_WALK_MAX; k++)
				if (x->out_proc[k] == KC_PUSH)
					todo[tail++] = x->out[k].elem;
		} else {
			for (k = 0; k < x->ninputs && tail < RED_WALK_MAX; k++)
				if (x->in_proc[k] == KC_PULL)
					todo[tail++] = x->in[k].elem;
		}
	}
	return 0;
}

static int red_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct red *r = kc_priv(e);
	int ret;

	if (r->queues_arg)
		ret = red_named_queues(e, err);
	else
		ret = red_find_queues(e, err);
	if (ret)
		return ret;
	if (!r->nq)
		return kc_errf(err, ENOENT, "no nearby Queues (name them with QUEUES)");
	return 0;
}

/* Packet path: the queues' length now (their lengths, read unlocked). */
static u64 red_qlen(const struct red *r)
{
	u64 n = 0;
	u32 i;

	for (i = 0; i < r->nq; i++)
		n += READ_ONCE(((struct queue *)kc_priv(r->q[i]))->len);
	return n;
}

/* Under r->lock: the new average, given the queues' length q. */
static void red_average(struct red *r, u64 q, u64 now)
{
	u64 steps;

	if (!r->stability) {
		r->avg = q << RED_SCALE;
	} else if (q) {
		s64 d = (s64)(q << RED_SCALE) - (s64)r->avg;

		r->avg += d >> r->stability;	/* arithmetic shift */
		r->idle_ns = 0;
	} else if (!r->idle_ns) {
		/* Just emptied: one step, and 20 ms steps from now on. */
		r->avg -= (r->avg + (1ULL << r->stability) - 1) >> r->stability;
		r->idle_ns = now;
	} else {
		steps = div64_u64(now - r->idle_ns, RED_IDLE_NS);
		r->idle_ns += steps * RED_IDLE_NS;
		if (steps > RED_IDLE_STEPS)
			r->avg = 0;
		for (; steps && r->avg; steps--)	/* rounds up: reaches 0 */
			r->avg -= (r->avg + (1ULL << r->stability) - 1) >>
				  r->stability;
	}
}

/* Packet path (softirq, RCU read side): mark this packet? */
static bool red_should_mark(struct red *r, bool *forced)
{
	u64 now = kc_now_ns(), q = red_qlen(r), pb, min_s, max_s;
	bool mark = false;

	*forced = false;
	kc_lock(&r->lock);
	red_average(r, q, now);
	min_s = (u64)r->min << RED_SCALE;
	max_s = (u64)r->max << RED_SCALE;
	if (r->avg <= min_s) {
		r->count = -1;
	} else if (r->avg > ((u64)r->kill << RED_SCALE)) {
		r->count = -1;
		mark = *forced = true;
	} else {
		if (r->avg <= max_s)
			pb = div64_u64((u64)r->max_p * (r->avg - min_s),
				       max_s - min_s);
		else
			pb = r->max_p + div64_u64((u64)(RED_P_ONE - r->max_p) *
						  (r->avg - max_s), max_s);
		r->count++;
		/* count * p_b past a uniform draw: marks spread evenly. */
		if (r->count > 0 && pb && (u64)r->count * pb > r->rnd) {
			mark = true;
			r->count = 0;
		}
		if (r->count == 0)
			r->rnd = kc_random_u32() % RED_P_ONE;
	}
	kc_unlock(&r->lock);
	return mark;
}

/* Packet path: p, or NULL once it was dropped or sent to output 1. */
static struct kc_pkt *red_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct red *r = kc_priv(e);
	bool forced;

	if (!red_should_mark(r, &forced))
		return p;
	/* The mark MarkIPCE makes (kc_ip_mark_ce), never its FORCE. */
	if (READ_ONCE(r->ecn) && !forced && !kc_ip_mark_ce(p, false)) {
		atomic64_inc(&r->marks);
		return p;
	}
	atomic64_inc(&r->drops);
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
	return NULL;
}

static void red_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, red_action);
}

static struct kc_pkt *red_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, red_action);
}

/* Process context, graph lock held: the average carries over. */
static void red_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct red *r = kc_priv(e), *o = kc_priv(old);
	u64 avg;

	kc_lock(&o->lock);
	avg = o->avg;
	kc_unlock(&o->lock);
	kc_lock(&r->lock);
	r->avg = avg;
	kc_unlock(&r->lock);
}

static void red_cleanup(struct kc_elem *e)
{
	struct red *r = kc_priv(e);

	kc_free(r->queues_arg);
}

static void red_buf_p(struct kc_buf *b, u32 p)
{
	/*
	 * Four decimals, trailing zeros dropped (0.02 is kept as 1311/65536
	 * and reads 0.02 again); six for a MAX_P below 0.0001.
	 */
	u32 digits = p && p < 7 ? 6 : 4, i;
	u64 scale = digits == 6 ? 1000000 : 10000;
	u64 v = div64_u64((u64)p * scale + RED_P_ONE / 2, RED_P_ONE);
	char frac[8];

	if (!(v % scale)) {
		kc_buf_printf(b, "%llu", (unsigned long long)(v / scale));
		return;
	}
	snprintf(frac, sizeof(frac), "%0*llu", (int)digits,
		 (unsigned long long)(v % scale));
	for (i = digits; frac[i - 1] == '0'; i--)
		frac[i - 1] = '\0';
	kc_buf_printf(b, "%llu.%s", (unsigned long long)(v / scale), frac);
}

static void red_buf_avg(struct kc_buf *b, u64 avg)
{
	kc_buf_printf(b, "%llu.%03llu", (unsigned long long)(avg >> RED_SCALE),
		      (unsigned long long)(((avg & ((1 << RED_SCALE) - 1)) *
					    1000) >> RED_SCALE));
}

static int red_read_min(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%u", READ_ONCE(((struct red *)kc_priv(e))->min));
	return 0;
}

static int red_read_max(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%u", READ_ONCE(((struct red *)kc_priv(e))->max));
	return 0;
}

static int red_read_max_p(struct kc_elem *e, struct kc_buf *b)
{
	red_buf_p(b, READ_ONCE(((struct red *)kc_priv(e))->max_p));
	return 0;
}

/* Handlers: process context, graph lock held. which: 0 min, 1 max, 2 p. */
static int red_write_param(struct kc_elem *e, int which, const char *val,
			   struct kc_errbuf *err)
{
	struct red *r = kc_priv(e);
	u32 min = r->min, max = r->max, p = r->max_p, v = 0;

	if (which == 2) {
		if (red_parse_p(val, &p, err))
			return -EINVAL;
	} else {
		if (kc_arg_value(which ? "MAX_THRESH" : "MIN_THRESH", val,
				 KC_ARG_U32, &v, 0, err))
			return -EINVAL;
		if (which)
			max = v;
		else
			min = v;
	}
	if (red_check(min, max, err))
		return -EINVAL;
	kc_lock(&r->lock);
	red_set(r, min, max, p);
	kc_unlock(&r->lock);
	return 0;
}

static int red_write_min(struct kc_elem *e, const char *val,
			 struct kc_errbuf *err)
{
	return red_write_param(e, 0, val, err);
}

static int red_write_max(struct kc_elem *e, const char *val,
			 struct kc_errbuf *err)
{
	return red_write_param(e, 1, val, err);
}

static int red_write_max_p(struct kc_elem *e, const char *val,
			   struct kc_errbuf *err)
{
	return red_write_param(e, 2, val, err);
}

static int red_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct red *r = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&r->drops));
	return 0;
}

static int red_read_marks(struct kc_elem *e, struct kc_buf *b)
{
	struct red *r = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&r->marks));
	return 0;
}

static int red_read_queues(struct kc_elem *e, struct kc_buf *b)
{
	struct red *r = kc_priv(e);
	u32 i;

	for (i = 0; i < r->nq; i++)
		kc_buf_printf(b, "%s\n", r->q[i]->name);
	return 0;
}

static u64 red_avg(struct red *r)
{
	u64 avg;

	kc_lock(&r->lock);
	avg = r->avg;
	kc_unlock(&r->lock);
	return avg;
}

static int red_read_avg(struct kc_elem *e, struct kc_buf *b)
{
	red_buf_avg(b, red_avg(kc_priv(e)));
	return 0;
}

static int red_read_stats(struct kc_elem *e, struct kc_buf *b)
{
	struct red *r = kc_priv(e);

	kc_buf_printf(b, "%llu current queue\n",
		      (unsigned long long)red_qlen(r));
	red_buf_avg(b, red_avg(r));
	kc_buf_printf(b, " avg queue\n%lld drops\n%lld marks\n",
		      (long long)atomic64_read(&r->drops),
		      (long long)atomic64_read(&r->marks));
	return 0;
}

static int red_read_config(struct kc_elem *e, struct kc_buf *b)
{
	struct red *r = kc_priv(e);
	u32 i;

	kc_buf_printf(b, "%u, %u, ", READ_ONCE(r->min), READ_ONCE(r->max));
	red_buf_p(b, READ_ONCE(r->max_p));
	if (r->queues_arg) {
		kc_buf_printf(b, ", QUEUES");
		for (i = 0; i < r->nq; i++)
			kc_buf_printf(b, " %s", r->q[i]->name);
	}
	kc_buf_printf(b, ", STABILITY %u, GENTLE %s, ECN %s", r->stability,
		      r->gentle ? "true" : "false", r->ecn ? "true" : "false");
	return 0;
}

static const struct kc_handler red_handlers[] = {
	{ .name = "min_thresh", .read = red_read_min, .write = red_write_min },
	{ .name = "max_thresh", .read = red_read_max, .write = red_write_max },
	{ .name = "max_p", .read = red_read_max_p, .write = red_write_max_p },
	{ .name = "drops", .read = red_read_drops },
	{ .name = "marks", .read = red_read_marks },
	{ .name = "queues", .read = red_read_queues },
	{ .name = "avg_queue_size", .read = red_read_avg },
	{ .name = "stats", .read = red_read_stats },
	{ .name = "config", .read = red_read_config },
};

const struct kc_class kc_red_class = {
	.name = "RED",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct red),
	.configure = red_configure,
	.initialize = red_initialize,
	.push = red_push,
	.pull = red_pull,
	.take_state = red_take_state,
	.cleanup = red_cleanup,
	.handlers = red_handlers,
	.nhandlers = ARRAY_SIZE(red_handlers),
};
