// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ICMPPingSource(SRC, DST, KEYWORDS)
 * =s icmp
 * periodically sends ICMP echo requests
 * =d
 * Pushes an ICMP echo request from SRC to DST out of its output every
 * INTERVAL, the first one INTERVAL after the graph starts: an IP packet
 * (no link header) with TTL 255, the IP ID and the ICMP sequence number
 * both 1 for the first ping and one more for each later one (wrapping
 * from 65,535 to 1), identifier IDENTIFIER, then DATA.  Its destination
 * IP annotation is DST and its timestamp the time of sending, so
 * `-> SetIPAddress(GW) -> ARPQuerier(eth0)` or a route lookup can follow.
 *
 * The optional input takes echo replies (the IP header at the annotation a
 * CheckIPHeader set, or at the start of the data): a reply with our
 * identifier to one of the last 1,024 pings counts as received, with its
 * round-trip time (the time since that ping left, on the monotonic
 * clock), and, with VERBOSE, a line in the log (the kernel log, rate
 * limited; standard error offline) in ping(1)'s words.  A second reply to
 * one ping is a duplicate.  Every packet the input takes is freed.
 *
 * The output is push only: Click's pull mode (a ping on every pull) is
 * refused when the graph is built.  In the kernel the task is a tasklet
 * woken by an hrtimer at the next ping's time, one ping a run; replies
 * arrive on the packet path (softirq) and update the counts under a
 * spinlock.
 *
 * Keyword arguments:
 * =over 8
 * =item SRC, DST
 * IP addresses (or names: AddressInfo, a device).  Mandatory.
 * =item INTERVAL
 * Time between pings, 1 us to 1 day.  Default 1 s.
 * =item IDENTIFIER
 * The ICMP identifier, 0 to 65,535 (sent in network byte order).
 * Default 0.
 * =item LIMIT
 * Pings to send, -1 for no limit.  Default -1.
 * =item DATA
 * String after the ICMP header, as InfiniteSource's DATA (\<hex>), at
 * most 16,384 bytes.  Default empty.
 * =item ACTIVE
 * Boolean: whether pings are sent.  Default true.
 * =item VERBOSE
 * Boolean: log a line for each reply.  Default true.
 * =item MIRROR
 * Boolean: each reply to one of our pings is turned into the next ping
 * at once, its data kept (over LIMIT and INTERVAL, as in Click).
 * Default false.
 * =item STOP
 * Boolean, accepted for Click's sake: kclick has no driver to stop.
 * =back
 * =h active read/write
 * ACTIVE; writing true starts the pings again.
 * =h count read-only
 * Pings sent.
 * =h limit read/write
 * LIMIT; writing one above count starts the pings again.
 * =h interval read/write
 * INTERVAL, in seconds.
 * =h src read/write
 * SRC.
 * =h dst read/write
 * DST.
 * =h reset_counts write-only
 * Zeroes count and every reply count and time.
 * =h summary read-only
 * ping(1)'s summary: pings sent, replies received, duplicates, loss, and
 * the round-trip times min/avg/max/mdev in ms.  Without an input, only
 * the pings sent.
 * =h rtt_min read-only
 * The shortest round trip, in seconds (0 before any reply, and without
 * an input).
 * =h rtt_avg read-only
 * The mean round trip, in seconds.
 * =h rtt_max read-only
 * The longest round trip, in seconds.
 * =e
 *   FromDevice(eth0) -> Classifier(12/0800) -> CheckIPHeader(14)
 *     -> IPClassifier(icmp echo-reply)
 *     -> ping :: ICMPPingSource(eth0, 192.0.2.1, LIMIT 5)
 *     -> SetIPAddress(eth0:gw) -> arpq :: ARPQuerier(eth0) -> ...
 * =a ICMPPingResponder, ICMPPingRewriter
 */
#include <kclick/proto.h>
#include "shared.h"

#define PING_WINDOW		1024	/* pings whose send time is kept */
#define PING_INTERVAL_MIN	1000ULL			/* 1 us */
#define PING_INTERVAL_MAX	(86400ULL * 1000000000ULL)	/* 1 day */
#define PING_HLEN		(KC_IP_HLEN + 8)

struct ping_slot {
	u64 sent_ns;		/* kc_now_ns() when it left */
	u16 seq;
	u8 state;		/* 0 free, 1 sent, 2 answered */
};

/* Replies: written on the packet path under lock. */
struct ping_stats {
	u64 received;		/* first replies */
	u64 duplicates;
	u64 rtt_min, rtt_max;	/* us */
	u64 rtt_sum, rtt_sq;	/* us, us^2 */
};

struct icmppingsource {
	__be32 src, dst;
	u16 ident;
	bool active;
	bool verbose;
	bool mirror;
	bool stop;
	u8 *data;		/* set at configure, never changed */
	u32 len;
	u64 interval;
	s64 limit;		/* -1: none */
	u64 next_ns;		/* the task's alone: the next ping; 0: not set */
	atomic64_t count;	/* pings sent */
	kc_lock_t lock;		/* slots, st */
	struct ping_slot *slots;	/* [PING_WINDOW], with an input */
	struct ping_stats st;
};

static int ping_interval(const char *val, u64 *ns, struct kc_errbuf *err)
{
	return kc_parse_time_in("INTERVAL", val, PING_INTERVAL_MIN,
				PING_INTERVAL_MAX, ns, err);
}

static int icmppingsource_configure(struct kc_elem *e, struct kc_args *args)
{
	struct icmppingsource *s = kc_priv(e);
	char *data = NULL, *interval = NULL;
	u32 ident = 0;
	int limit = -1, ret;
	const struct kc_argspec spec[] = {
		{ "SRC", KC_ARG_IP4, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &s->src },
		{ "DST", KC_ARG_IP4, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &s->dst },
		{ "INTERVAL", KC_ARG_STR, 0, &interval },
		{ "IDENTIFIER", KC_ARG_U32, 0, &ident },
		{ "LIMIT", KC_ARG_INT, 0, &limit },
		{ "DATA", KC_ARG_STR, 0, &data },
		{ "ACTIVE", KC_ARG_BOOL, 0, &s->active },
		{ "VERBOSE", KC_ARG_BOOL, 0, &s->verbose },
		{ "MIRROR", KC_ARG_BOOL, 0, &s->mirror },
		{ "STOP", KC_ARG_BOOL, 0, &s->stop },
	};

	kc_lock_init(&s->lock);
	s->active = true;
	s->verbose = true;
	s->interval = 1000000000ULL;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && interval)
		ret = ping_interval(interval, &s->interval, args->err);
	if (!ret)
		ret = kc_source_data(data ? data : "", &s->data, &s->len,
				     args->err);
	kc_free(data);
	kc_free(interval);
	if (ret)
		return ret;
	if (ident > 0xffff)
		return kc_errf(args->err, EINVAL,
			       "IDENTIFIER: %u is above 65535", ident);
	if (limit < -1)
		return kc_errf(args->err, EINVAL, "LIMIT: %d is below -1",
			       limit);
	s->ident = ident;
	s->limit = limit;
	if (e->ninputs) {
		s->slots = kc_zalloc(PING_WINDOW * sizeof(*s->slots));
		if (!s->slots)
			return -ENOMEM;
	}
	return 0;
}

static int icmppingsource_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);

	if (s->active)
		kc_task_schedule(e);	/* the first run sets the timer */
	return 0;
}

/*
 * Packet path: a new echo request carrying len bytes of data, its send
 * time noted; NULL when memory is short (no sequence number is used).
 */
static struct kc_pkt *ping_make(struct kc_elem *e, const u8 *data, u32 len)
{
	struct icmppingsource *s = kc_priv(e);
	struct kc_pkt *p = kc_pkt_alloc(PING_HLEN + len);
	struct ping_slot *sl;
	__be32 src = READ_ONCE(s->src), dst = READ_ONCE(s->dst);
	u16 seq;
	u8 *ip;

	if (!p)
		return NULL;
	seq = (u16)(((u64)atomic64_inc_return(&s->count) - 1) % 0xffff + 1);
	ip = kc_pkt_data(p);
	ip[0] = 0x45;
	kc_put16(ip + 2, PING_HLEN + len);
	kc_put16(ip + 4, seq);
	ip[8] = 255;
	ip[9] = KC_IPPROTO_ICMP;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	kc_ip_set_csum(ip);
	ip[20] = KC_ICMP_ECHO;
	kc_put16(ip + 24, s->ident);
	kc_put16(ip + 26, seq);
	memcpy(ip + PING_HLEN, data, len);
	kc_put16(ip + 22, kc_csum_fold(kc_csum_add(0, ip + KC_IP_HLEN,
						   8 + len)));
	kc_pkt_set_nh(p, 0);
	kc_pkt_anno(p)->dst_ip = dst;
	kc_pkt_set_tstamp_ns(p, kc_realtime_ns());
	if (s->slots) {
		sl = &s->slots[seq % PING_WINDOW];
		kc_lock(&s->lock);
		sl->seq = seq;
		sl->state = 1;
		sl->sent_ns = kc_now_ns();
		kc_unlock(&s->lock);
	}
	return p;
}

/* Task (softirq, RCU read side); never on two CPUs at once. */
static void icmppingsource_run_task(struct kc_elem *e)
{
	struct icmppingsource *s = kc_priv(e);
	u64 interval = READ_ONCE(s->interval), now = kc_now_ns();
	s64 limit = READ_ONCE(s->limit);
	struct kc_pkt *p;

	if (!READ_ONCE(s->active) ||
	    (limit >= 0 && atomic64_read(&s->count) >= limit))
		return;			/* a handler write starts it again */
	if (!s->next_ns || s->next_ns > now + interval)
		s->next_ns = now + interval;	/* first run, or shortened */
	if (now < s->next_ns) {
		kc_task_schedule_after(e, s->next_ns - now);
		return;
	}
	p = ping_make(e, s->data, s->len);
	if (p)				/* memory short: this ping is lost */
		kc_push(e, 0, p);
	s->next_ns += interval;
	if (s->next_ns <= now)
		s->next_ns = now + interval;	/* more than one behind */
	kc_task_schedule_after(e, s->next_ns - now);
}

/* Packet path (softirq, RCU read side): a reply, perhaps. */
static void icmppingsource_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct icmppingsource *s = kc_priv(e);
	u64 now = kc_now_ns(), us = 0;
	struct ping_slot *sl;
	unsigned int hl, len, dlen;
	int off, state = 0;
	u16 seq;
	u8 *ip;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0)
		goto drop;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	len = kc_pkt_len(p) - off;
	if (ip[9] != KC_IPPROTO_ICMP || hl < KC_IP_HLEN || len < hl + 8 ||
	    !kc_pkt_may_pull(p, off + hl + 8))
		goto drop;
	ip = kc_pkt_data(p) + off;
	if (ip[hl] != KC_ICMP_ECHOREPLY || kc_get16(ip + hl + 4) != s->ident)
		goto drop;
	seq = kc_get16(ip + hl + 6);
	dlen = kc_get16(ip + 2) > hl + 8 ? kc_get16(ip + 2) - hl - 8 : 0;
	sl = &s->slots[seq % PING_WINDOW];
	kc_lock(&s->lock);
	if (sl->state && sl->seq == seq) {
		state = sl->state;
		us = div64_u64(now - sl->sent_ns, 1000);
		if (state == 2) {
			s->st.duplicates++;
		} else {
			sl->state = 2;
			if (!s->st.received || us < s->st.rtt_min)
				s->st.rtt_min = us;
			if (us > s->st.rtt_max)
				s->st.rtt_max = us;
			s->st.rtt_sum += us;
			s->st.rtt_sq += us * us;
			s->st.received++;
		}
	}
	kc_unlock(&s->lock);
	if (!state)
		goto drop;		/* not ours, or too old to tell */
	if (READ_ONCE(s->verbose))
		kc_log_ratelimited("%s: %u bytes from %u.%u.%u.%u: icmp_seq=%u ttl=%u time=%u.%03u ms%s\n",
				   e->name, dlen, ip[12], ip[13], ip[14],
				   ip[15], seq, ip[8],
				   (unsigned int)(us / 1000),
				   (unsigned int)(us % 1000),
				   state == 2 ? " (DUP!)" : "");
	if (s->mirror && kc_pkt_len(p) >= off + hl + 8) {
		struct kc_pkt *q;

		len = kc_pkt_len(p) - off - hl - 8;
		if (kc_pkt_may_pull(p, off + hl + 8 + len)) {
			ip = kc_pkt_data(p) + off;
			q = ping_make(e, ip + hl + 8, len);
			if (q)
				kc_push(e, 0, q);
		}
	}
	kc_pkt_consume(p);
	return;
drop:
	kc_drop(e, p);
}

static void icmppingsource_cleanup(struct kc_elem *e)
{
	struct icmppingsource *s = kc_priv(e);

	kc_free(s->data);
	kc_free(s->slots);
}

static struct ping_stats ping_stats(struct icmppingsource *s)
{
	struct ping_stats st;

	kc_lock(&s->lock);
	st = s->st;
	kc_unlock(&s->lock);
	return st;
}

/* The integer square root of v (bitwise, 32 steps). */
static u64 ping_isqrt(u64 v)
{
	u64 r = 0, bit = 1ULL << 62;

	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static int icmppingsource_read_summary(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);
	u64 sent = atomic64_read(&s->count), avg, var, mdev;
	struct ping_stats st;

	if (!s->slots) {
		kc_buf_printf(b, "%llu packets transmitted (no input: replies are not counted)\n",
			      (unsigned long long)sent);
		return 0;
	}
	st = ping_stats(s);
	kc_buf_printf(b, "%llu packets transmitted, %llu received",
		      (unsigned long long)sent,
		      (unsigned long long)st.received);
	if (st.duplicates)
		kc_buf_printf(b, ", +%llu duplicates",
			      (unsigned long long)st.duplicates);
	if (sent)
		kc_buf_printf(b, ", %llu%% packet loss",
			      (unsigned long long)div64_u64(
				(sent > st.received ? sent - st.received : 0) *
				100, sent));
	kc_buf_printf(b, "\n");
	if (!st.received)
		return 0;
	avg = div64_u64(st.rtt_sum, st.received);
	var = div64_u64(st.rtt_sq, st.received);
	var = var > avg * avg ? var - avg * avg : 0;
	mdev = ping_isqrt(var);
	kc_buf_printf(b, "rtt min/avg/max/mdev = %llu.%03llu/%llu.%03llu/%llu.%03llu/%llu.%03llu ms\n",
		      st.rtt_min / 1000, st.rtt_min % 1000, avg / 1000,
		      avg % 1000, st.rtt_max / 1000, st.rtt_max % 1000,
		      mdev / 1000, mdev % 1000);
	return 0;
}

static int ping_read_rtt(struct kc_elem *e, struct kc_buf *b, int which)
{
	struct icmppingsource *s = kc_priv(e);
	struct ping_stats st;
	u64 us;

	st = ping_stats(s);
	if (which < 0)
		us = st.rtt_min;
	else if (which > 0)
		us = st.rtt_max;
	else
		us = st.received ? div64_u64(st.rtt_sum, st.received) : 0;
	kc_buf_time(b, us * 1000);
	return 0;
}

static int icmppingsource_read_rtt_min(struct kc_elem *e, struct kc_buf *b)
{
	return ping_read_rtt(e, b, -1);
}

static int icmppingsource_read_rtt_avg(struct kc_elem *e, struct kc_buf *b)
{
	return ping_read_rtt(e, b, 0);
}

static int icmppingsource_read_rtt_max(struct kc_elem *e, struct kc_buf *b)
{
	return ping_read_rtt(e, b, 1);
}

static int icmppingsource_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)atomic64_read(&s->count));
	return 0;
}

static int icmppingsource_read_active(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(s->active) ? "true" : "false");
	return 0;
}

static int icmppingsource_read_limit(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);

	kc_buf_printf(b, "%lld", (long long)READ_ONCE(s->limit));
	return 0;
}

static int icmppingsource_read_interval(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);

	kc_buf_time(b, READ_ONCE(s->interval));
	return 0;
}

static int icmppingsource_read_src(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);
	__be32 a = READ_ONCE(s->src);

	kc_buf_ip4(b, &a);
	return 0;
}

static int icmppingsource_read_dst(struct kc_elem *e, struct kc_buf *b)
{
	struct icmppingsource *s = kc_priv(e);
	__be32 a = READ_ONCE(s->dst);

	kc_buf_ip4(b, &a);
	return 0;
}

/* Handlers: process context, graph lock held. */
static int icmppingsource_write_active(struct kc_elem *e, const char *val,
				       struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);
	bool a;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->active, a);
	if (a)
		kc_task_schedule(e);
	return 0;
}

static int icmppingsource_write_limit(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);
	int l;

	if (kc_arg_value("LIMIT", val, KC_ARG_INT, &l, 0, err))
		return -EINVAL;
	if (l < -1)
		return kc_errf(err, EINVAL, "LIMIT: %d is below -1", l);
	WRITE_ONCE(s->limit, l);
	kc_task_schedule(e);
	return 0;
}

static int icmppingsource_write_interval(struct kc_elem *e, const char *val,
					 struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);
	u64 ns;

	if (ping_interval(val, &ns, err))
		return -EINVAL;
	WRITE_ONCE(s->interval, ns);
	kc_task_schedule(e);	/* a shorter interval takes effect now */
	return 0;
}

static int ping_write_addr(const char *key, const char *val, __be32 *a,
			   struct kc_errbuf *err)
{
	__be32 v;

	if (kc_arg_value(key, val, KC_ARG_IP4, &v, 0, err))
		return -EINVAL;
	WRITE_ONCE(*a, v);
	return 0;
}

static int icmppingsource_write_src(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);

	return ping_write_addr("SRC", val, &s->src, err);
}

static int icmppingsource_write_dst(struct kc_elem *e, const char *val,
				    struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);

	return ping_write_addr("DST", val, &s->dst, err);
}

static int icmppingsource_write_reset(struct kc_elem *e, const char *val,
				      struct kc_errbuf *err)
{
	struct icmppingsource *s = kc_priv(e);

	kc_lock(&s->lock);
	atomic64_set(&s->count, 0);
	memset(&s->st, 0, sizeof(s->st));
	if (s->slots)
		memset(s->slots, 0, PING_WINDOW * sizeof(*s->slots));
	kc_unlock(&s->lock);
	kc_task_schedule(e);
	return 0;
}

static const struct kc_handler icmppingsource_handlers[] = {
	{ .name = "active", .read = icmppingsource_read_active,
	  .write = icmppingsource_write_active },
	{ .name = "count", .read = icmppingsource_read_count },
	{ .name = "limit", .read = icmppingsource_read_limit,
	  .write = icmppingsource_write_limit },
	{ .name = "interval", .read = icmppingsource_read_interval,
	  .write = icmppingsource_write_interval },
	{ .name = "src", .read = icmppingsource_read_src,
	  .write = icmppingsource_write_src },
	{ .name = "dst", .read = icmppingsource_read_dst,
	  .write = icmppingsource_write_dst },
	{ .name = "reset_counts", .write = icmppingsource_write_reset },
	{ .name = "summary", .read = icmppingsource_read_summary },
	{ .name = "rtt_min", .read = icmppingsource_read_rtt_min },
	{ .name = "rtt_avg", .read = icmppingsource_read_rtt_avg },
	{ .name = "rtt_max", .read = icmppingsource_read_rtt_max },
};

const struct kc_class kc_icmppingsource_class = {
	.name = "ICMPPingSource",
	.ports = "0-1/1",
	.processing = "h/h",
	.priv_size = sizeof(struct icmppingsource),
	.flags = KC_CLASS_F_TASK,
	.configure = icmppingsource_configure,
	.initialize = icmppingsource_initialize,
	.run_task = icmppingsource_run_task,
	.push = icmppingsource_push,
	.cleanup = icmppingsource_cleanup,
	.handlers = icmppingsource_handlers,
	.nhandlers = ARRAY_SIZE(icmppingsource_handlers),
};
