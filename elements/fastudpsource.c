// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FastUDPSource(RATE, LIMIT, LENGTH, SRCETH, SRCIP, SPORT, DSTETH, DSTIP, DPORT [, CHECKSUM, INTERVAL, ACTIVE])
 * =s udp
 * creates packets with static UDP/IP/Ethernet headers
 * =d
 * Click's benchmark source: sends RATE (1 to 10,000,000) packets a second
 * until LIMIT have gone out (-1: no limit), each an Ethernet frame of
 * LENGTH bytes (at least 60, at most 16,384) from SRCETH to DSTETH holding
 * an IPv4 UDP datagram from SRCIP:SPORT to DSTIP:DPORT (TTL 250, as
 * Click's) with a zero payload.  The UDP checksum is set if CHECKSUM is
 * true (the default).  If INTERVAL is not 0, both ports go up by one after
 * every INTERVAL packets and the checksum is made again.  Each packet has
 * its IP header and destination address annotations set.
 *
 * Click's FastUDPSource hands out one shared buffer; kclick sends a new
 * packet each time (the timing is RatedSource's: a tasklet woken by an
 * hrtimer, at most 32 packets a run, a backlog over 32 forgotten).
 * =h count read-only
 * Packets sent.
 * =h rate read/write
 * RATE.
 * =h active read/write
 * ACTIVE; writing true starts the source again.
 * =e
 *   FastUDPSource(100000, 500000, 60, 0:0:0:0:0:0, 1.0.0.1, 1234,
 *                 1:1:1:1:1:1, 2.0.0.2, 1234) -> ToDevice(eth0);
 * =a RatedSource, UDPIPEncap
 */
#include "shared.h"
#include <kclick/proto.h>

#define FUDP_RATE_MAX	10000000u
#define FUDP_BURST	32
#define FUDP_MIN_LEN	60

struct fastudpsource {
	u8 *frame;		/* the task's alone after configure */
	u32 len;
	u32 rate;
	u32 interval;
	u32 since;		/* packets since the ports last went up */
	u16 sport, dport;
	bool active;
	bool checksum;
	s64 limit;
	u64 next_ns;
	atomic64_t count;
};

/* Ports and UDP checksum of the frame (configure, then the task). */
static void fudp_set_ports(struct fastudpsource *s)
{
	u8 *ip = s->frame + 14, *udp = ip + 20, ph[12];
	u16 ulen = s->len - 34, c;
	u32 sum;

	kc_put16(udp, s->sport);
	kc_put16(udp + 2, s->dport);
	kc_put16(udp + 6, 0);
	if (!s->checksum)
		return;
	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = 17;
	kc_put16(ph + 10, ulen);
	sum = kc_csum_add(kc_csum_add(0, ph, 12), udp, ulen);
	c = kc_csum_fold(sum);
	kc_put16(udp + 6, c ? c : 0xffff);
}

static int fastudpsource_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fastudpsource *s = kc_priv(e);
	u8 srceth[6], dsteth[6];
	__be32 srcip, dstip;
	int limit = -1;
	u8 *ip;
	const struct kc_argspec spec[] = {
		{ "RATE", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &s->rate },
		{ "LIMIT", KC_ARG_INT, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &limit },
		{ "LENGTH", KC_ARG_U32, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &s->len },
		{ "SRCETH", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, srceth },
		{ "SRCIP", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &srcip },
		{ "SPORT", KC_ARG_U16, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &s->sport },
		{ "DSTETH", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, dsteth },
		{ "DSTIP", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &dstip },
		{ "DPORT", KC_ARG_U16, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &s->dport },
		{ "CHECKSUM", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &s->checksum },
		{ "INTERVAL", KC_ARG_U32, KC_ARGF_POSITIONAL, &s->interval },
		{ "ACTIVE", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &s->active },
	};

	s->checksum = true;
	s->active = true;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!s->rate || s->rate > FUDP_RATE_MAX)
		return kc_errf(args->err, EINVAL, "RATE: must be 1 to %u",
			       FUDP_RATE_MAX);
	if (limit < -1)
		return kc_errf(args->err, EINVAL, "LIMIT: %d is below -1",
			       limit);
	if (s->len > KC_SOURCE_DATA_MAX)
		return kc_errf(args->err, EINVAL, "LENGTH: %u bytes, at most %d",
			       s->len, KC_SOURCE_DATA_MAX);
	if (s->len < FUDP_MIN_LEN)
		s->len = FUDP_MIN_LEN;	/* Click raises it too */
	s->limit = limit;
	s->frame = kc_zalloc(s->len);
	if (!s->frame)
		return -ENOMEM;
	memcpy(s->frame, dsteth, 6);
	memcpy(s->frame + 6, srceth, 6);
	kc_put16(s->frame + 12, 0x0800);
	ip = s->frame + 14;
	ip[0] = 0x45;
	kc_put16(ip + 2, s->len - 14);
	ip[8] = 250;
	ip[9] = 17;
	memcpy(ip + 12, &srcip, 4);
	memcpy(ip + 16, &dstip, 4);
	kc_ip_set_csum(ip);
	kc_put16(ip + 24, s->len - 34);
	fudp_set_ports(s);
	return 0;
}

static int fastudpsource_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fastudpsource *s = kc_priv(e);

	if (s->active)
		kc_task_schedule(e);
	return 0;
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
static void fastudpsource_run_task(struct kc_elem *e)
{
	struct fastudpsource *s = kc_priv(e);
	u64 period = 1000000000ull / READ_ONCE(s->rate), now = kc_now_ns();
	struct kc_pkt *p;
	s64 limit;
	u32 n;

	if (!s->next_ns ||
	    (now > s->next_ns && now - s->next_ns > period * FUDP_BURST))
		s->next_ns = now;	/* first run, or too far behind */
	for (n = 0; n < FUDP_BURST && s->next_ns <= now; n++) {
		limit = READ_ONCE(s->limit);
		if (!READ_ONCE(s->active) ||
		    (limit >= 0 && atomic64_read(&s->count) >= limit))
			return;
		s->next_ns += period;
		p = kc_pkt_alloc(s->len);
		if (!p)
			continue;	/* memory short: this slot is lost */
		memcpy(kc_pkt_data(p), s->frame, s->len);
		kc_pkt_set_nh(p, 14);
		memcpy(&kc_pkt_anno(p)->dst_ip, s->frame + 30, 4);
		atomic64_inc(&s->count);
		if (s->interval && ++s->since >= s->interval) {
			s->since = 0;
			s->sport++;
			s->dport++;
			fudp_set_ports(s);
		}
		kc_push(e, 0, p);
	}
	if (s->next_ns <= now)
		kc_task_schedule(e);
	else
		kc_task_schedule_after(e, s->next_ns - now);
}

static void fastudpsource_cleanup(struct kc_elem *e)
{
	struct fastudpsource *s = kc_priv(e);

	kc_free(s->frame);
}

static int fastudpsource_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct fastudpsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int fastudpsource_read_rate(struct kc_elem *e, struct kc_buf *b)
{
	struct fastudpsource *s = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(s->rate));
	return 0;
}

static int fastudpsource_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct fastudpsource *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

/* Handlers: process context, graph lock held. */
static int fastudpsource_write_rate(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct fastudpsource *s = kc_priv(e);
	u32 r;

	if (kc_arg_value("RATE", val, KC_ARG_U32, &r, 0, err))
		return -EINVAL;
	if (!r || r > FUDP_RATE_MAX)
		return kc_errf(err, EINVAL, "RATE: must be 1 to %u",
			       FUDP_RATE_MAX);
	WRITE_ONCE(s->rate, r);
	return 0;
}

static int fastudpsource_write_active(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct fastudpsource *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

static const struct kc_handler fastudpsource_handlers[] = {
	{ .name = "count", .read = fastudpsource_read_count },
	{ .name = "rate", .read = fastudpsource_read_rate,
	  .write = fastudpsource_write_rate },
	{ .name = "active", .read = fastudpsource_read_active,
	  .write = fastudpsource_write_active },
};

const struct kc_class kc_fastudpsource_class = {
	.name = "FastUDPSource",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fastudpsource),
	.flags = KC_CLASS_F_TASK,
	.configure = fastudpsource_configure,
	.initialize = fastudpsource_initialize,
	.run_task = fastudpsource_run_task,
	.cleanup = fastudpsource_cleanup,
	.handlers = fastudpsource_handlers,
	.nhandlers = ARRAY_SIZE(fastudpsource_handlers),
};
