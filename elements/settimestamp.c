// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetTimestamp([TIMESTAMP, FIRST])
 * =s timestamps
 * store the time in the packet's timestamp annotation
 * =d
 * Sets each packet's timestamp annotation to TIMESTAMP, or, without it,
 * to the time the packet passes (wall-clock time, the clock the kernel
 * stamps received packets with).  DelayShaper, TimeSortedSched,
 * ToIPSummaryDump and the TIMESTAMP of Print, IPPrint and ARPPrint read
 * it; in the kernel it is the socket buffer's
 * receive timestamp, which ToHostSniffers hands to tcpdump and which
 * ToDevice clears before the device (a timestamp there would be read as
 * a departure time).  Offline (`kclick run`) the clock is the run's
 * virtual clock, the input pcap's time.
 *
 * Keyword arguments:
 * =over 8
 * =item TIMESTAMP
 * Seconds since 1970 (Click's time syntax: `1700000000.25`, units
 * allowed), at most 100 years.  Default: the time of passage.
 * =item FIRST
 * Boolean.  Click's FIRST true sets a "first timestamp" annotation that
 * only Click's aggregate elements read; kclick keeps no such annotation,
 * so FIRST true is refused.  Default false.
 * =back
 * =e
 *   FromDevice(eth1) -> SetTimestamp -> Queue -> DelayShaper(0.01) -> ...
 * =a DelayShaper
 */
#include <kclick/element.h>

struct settimestamp {
	u64 ts;			/* 0: the time of passage */
};

static int settimestamp_configure(struct kc_elem *e, struct kc_args *args)
{
	struct settimestamp *s = kc_priv(e);
	char *ts = NULL;
	bool first = false;
	int ret;
	const struct kc_argspec spec[] = {
		{ "TIMESTAMP", KC_ARG_STR, KC_ARGF_POSITIONAL, &ts },
		{ "FIRST", KC_ARG_BOOL, 0, &first },
	};

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && ts)
		ret = kc_parse_time("TIMESTAMP", ts, KC_TIME_MAX_NS, &s->ts,
				    args->err);
	kc_free(ts);
	if (ret)
		return -EINVAL;
	if (first)
		return kc_errf(args->err, EINVAL,
			       "FIRST: kclick has no first-timestamp annotation (no element reads one); FIRST true is refused");
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *settimestamp_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct settimestamp *s = kc_priv(e);

	kc_pkt_set_tstamp_ns(p, s->ts ? s->ts : kc_realtime_ns());
	return p;
}

static void settimestamp_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, settimestamp_action);
}

static struct kc_pkt *settimestamp_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, settimestamp_action);
}

const struct kc_class kc_settimestamp_class = {
	.name = "SetTimestamp",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct settimestamp),
	.configure = settimestamp_configure,
	.push = settimestamp_push,
	.pull = settimestamp_pull,
};
