// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Meter(RATE1, RATE2, ..., RATEn)
 * =s shaping
 * classifies packet stream by rate (pkt/s)
 * =d
 * Sends each packet to the output that matches the rate packets are
 * arriving at, measured in packets a second as an exponentially weighted
 * moving average: below RATE1 to output 0, from RATE1 to below RATE2 to
 * output 1, and so on; at RATEn or above to output n.  A Meter with n
 * rates has n + 1 outputs.  Rates are integers from 1 to 1,000,000,000,
 * each above the one before; at most 16 of them.  BandwidthMeter measures
 * bytes instead.
 *
 * The average is Click's RateEWMA: the packets of each epoch of 2^20 ns
 * (1.049 ms, Click counts in jiffies) move it 1/16 of the way towards
 * them, and the packet being classified is compared with the average of
 * the epochs before it.  So a stream is seen at its rate after some tens
 * of milliseconds, and one that stops is forgotten as fast.  The whole
 * stream goes to the output of the moment: to split a stream at a rate,
 * Click has RatedSplitter.  In `kclick run` the time is the run's virtual
 * clock.
 * =h rate read-only
 * The rate measured now, packets a second (an integer).
 * =h meters read-only
 * The rates given, one a line.
 * =e
 * Drop a stream while it comes faster than 10,000 packets a second:
 *   ... -> m :: Meter(10000) -> ...;
 *   m[1] -> Discard;
 * =a BandwidthMeter, Shaper, BandwidthShaper, RED
 */
#include "meter.h"

static int meter_rate(struct kc_meter *m, u32 i, const char *val,
		      struct kc_errbuf *err)
{
	char key[16];
	struct kc_quote q;
	u32 v;

	snprintf(key, sizeof(key), "RATE%u", i + 1);
	if (m->bytes) {
		if (kc_parse_bandwidth(key, val, &v, err))
			return -EINVAL;
		if (!v)
			return kc_errf(err, EINVAL,
				       "%s: '%s' is below 1 byte a second", key,
				       kc_quote_str(&q, val));
	} else {
		if (kc_arg_value(key, val, KC_ARG_U32, &v, 0, err))
			return -EINVAL;
		if (!v || v > KC_METER_RATE_MAX)
			return kc_errf(err, EINVAL, "%s: %u is not 1 to %u",
				       key, v, KC_METER_RATE_MAX);
	}
	if (i && v <= m->rates[i - 1])
		return kc_errf(err, EINVAL, "%s must be above RATE%u", key, i);
	m->rates[i] = v;
	m->thresh[i] = kc_ewma_scale_rate(v);
	return 0;
}

int kc_meter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_meter *m = kc_priv(e);
	struct kc_quote q;
	int i;

	m->bytes = !strcmp(e->cls->name, "BandwidthMeter");
	kc_ewma_init(&m->rate);
	if (!args->n)
		return kc_errf(args->err, EINVAL, "expected RATE1, RATE2, ...");
	if (args->n > KC_METER_MAX)
		return kc_errf(args->err, EINVAL, "%d rates; at most %d",
			       args->n, KC_METER_MAX);
	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];

		args->v[i].used = true;
		if (a->key)
			return kc_errf(args->err, EINVAL,
				       "RATE%d: unexpected keyword '%s'", i + 1,
				       kc_quote_str(&q, a->key));
		if (meter_rate(m, i, a->val, args->err))
			return -EINVAL;
	}
	m->n = args->n;
	if (e->noutputs != m->n + 1)
		return kc_errf(args->err, EINVAL,
			       "%u rates need %u outputs, not %u", m->n,
			       m->n + 1, e->noutputs);
	return 0;
}

/* Packet path (softirq, RCU read side): several CPUs share the average. */
void kc_meter_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_meter *m = kc_priv(e);
	u64 r = kc_ewma_update(&m->rate, kc_now_ns(),
			       m->bytes ? kc_pkt_len(p) : 1);
	u32 i;

	for (i = 0; i < m->n && r >= m->thresh[i]; i++)
		;
	kc_push(e, i, p);
}

static int meter_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_meter *m = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)kc_ewma_rate(&m->rate));
	return 0;
}

static int meter_read_meters(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_meter *m = kc_priv(e);
	u32 i;

	for (i = 0; i < m->n; i++) {
		if (m->bytes)
			kc_buf_bandwidth(b, m->rates[i]);
		else
			kc_buf_printf(b, "%u", m->rates[i]);
		kc_buf_printf(b, "\n");
	}
	return 0;
}

const struct kc_handler kc_meter_handlers[KC_METER_NHANDLERS] = {
	{ .name = "rate", .read = meter_read_rate },
	{ .name = "meters", .read = meter_read_meters },
};

const struct kc_class kc_meter_class = {
	.name = "Meter",
	.ports = "1/2-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_meter),
	.configure = kc_meter_configure,
	.push = kc_meter_push,
	.handlers = kc_meter_handlers,
	.nhandlers = KC_METER_NHANDLERS,
};
