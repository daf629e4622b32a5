// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RatedSplitter(RATE, KEYWORDS)
 * =s shaping
 * splits flow of packets at specified rate
 * =d
 * Pushes packets out of output 0 up to RATE packets a second (1 to
 * 1,000,000,000) and the rest out of output 1.  Unlike a meter, output 0
 * gets RATE packets a second even when more arrive.  The rate is a token
 * bucket, as RatedUnqueue's: it holds BURST_SIZE packets, by default
 * RATE times BURST_DURATION (20 ms), at least one, and fills at RATE.
 *
 * Packets from several CPUs share the bucket under a spinlock (the packet
 * path: softirq).  Offline the clock is the run's virtual clock.
 *
 * Keyword arguments:
 * =over 8
 * =item RATE
 * Packets a second.  Mandatory.
 * =item BURST_DURATION
 * Time, 0 to 1 hour: the bucket holds RATE times BURST_DURATION packets.
 * =item BURST_SIZE
 * Packets the bucket holds (not with BURST_DURATION).
 * =back
 * =h rate read/write
 * RATE; a write takes effect from the next packet.
 * =e
 *   elementclass RatedSampler { $rate |
 *     input -> rs :: RatedSplitter($rate);
 *     rs[0] -> t :: Tee; t[0] -> [0]output; t[1] -> [1]output;
 *     rs[1] -> [0]output; }
 * =a RatedUnqueue, Shaper
 */
#include <kclick/element.h>

#define RSPLIT_RATE_MAX		1000000000u
#define RSPLIT_DURATION_MAX	(3600ULL * 1000000000ULL)

struct ratedsplitter {
	kc_lock_t lock;		/* tat */
	u64 tat;		/* when the bucket is full again */
	u32 rate;
	u32 burst_size;		/* 0: burst_ns decides */
	u64 burst_ns;
};

static int rsplit_rate(const char *val, u32 *rate, struct kc_errbuf *err)
{
	if (kc_arg_value("RATE", val, KC_ARG_U32, rate, 0, err))
		return -EINVAL;
	if (!*rate || *rate > RSPLIT_RATE_MAX)
		return kc_errf(err, EINVAL, "RATE: must be 1 to %u",
			       RSPLIT_RATE_MAX);
	return 0;
}

static int ratedsplitter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct ratedsplitter *r = kc_priv(e);
	char *rate = NULL, *dur_s = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "RATE", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &rate },
		{ "BURST_DURATION", KC_ARG_STR, 0, &dur_s },
		{ "BURST_SIZE", KC_ARG_U32, 0, &r->burst_size },
	};

	kc_lock_init(&r->lock);
	r->burst_ns = 20000000ULL;	/* Click's 20 ms */
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = rsplit_rate(rate, &r->rate, args->err);
	if (!ret && dur_s)
		ret = kc_parse_time_in("BURST_DURATION", dur_s, 0,
				       RSPLIT_DURATION_MAX, &r->burst_ns,
				       args->err);
	if (!ret && dur_s && r->burst_size)
		ret = kc_errf(args->err, EINVAL,
			      "cannot give both BURST_DURATION and BURST_SIZE");
	kc_free(rate);
	kc_free(dur_s);
	return ret ? -EINVAL : 0;
}

/* Packet path (softirq, RCU read side). */
static void ratedsplitter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct ratedsplitter *r = kc_priv(e);
	u32 rate = READ_ONCE(r->rate);
	u64 cost = 1000000000ULL / rate, now = kc_now_ns(), burst, slack;
	bool pass;

	burst = r->burst_size;
	if (!burst)
		burst = max_t(u64, 1, div64_u64((u64)rate * r->burst_ns,
						1000000000ULL));
	slack = cost * (burst - 1);
	kc_lock(&r->lock);
	pass = r->tat <= now + slack;
	if (pass)
		r->tat = max(r->tat, now) + cost;
	kc_unlock(&r->lock);
	kc_push(e, pass ? 0 : 1, p);
}

static int ratedsplitter_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	struct ratedsplitter *r = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(r->rate));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int ratedsplitter_write_rate(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct ratedsplitter *r = kc_priv(e);
	u32 rate;

	if (rsplit_rate(val, &rate, err))
		return -EINVAL;
	WRITE_ONCE(r->rate, rate);
	return 0;
}

static const struct kc_handler ratedsplitter_handlers[] = {
	{ .name = "rate", .read = ratedsplitter_read_rate,
	  .write = ratedsplitter_write_rate },
};

const struct kc_class kc_ratedsplitter_class = {
	.name = "RatedSplitter",
	.ports = "1/2",
	.processing = "h/h",
	.priv_size = sizeof(struct ratedsplitter),
	.configure = ratedsplitter_configure,
	.push = ratedsplitter_push,
	.handlers = ratedsplitter_handlers,
	.nhandlers = ARRAY_SIZE(ratedsplitter_handlers),
};
