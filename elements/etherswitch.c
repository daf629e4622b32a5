// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * EtherSwitch([KEYWORDS])
 * =s ethernet
 * learning, forwarding Ethernet switch
 * =d
 * A learning bridge with one input and one output per port: a frame that
 * arrives on input i teaches the switch that its source address is on
 * port i, and leaves by the port its destination was learned on.  Frames
 * to group addresses or to addresses not yet learned go out of every
 * other port (copies); a frame whose destination is on its own port is
 * dropped.  Entries older than TIMEOUT are forgotten.  The table holds up
 * to 4,096 addresses; when full, the oldest nearby entry is replaced.
 * =over 8
 * =item TIMEOUT
 * How long an address is remembered: seconds, or a time with a unit
 * (`30s`, `5min`), 1 s to 1 day.  Default 300 s.
 * =back
 * =h table read-only
 * The learned addresses: ETH port age in ms.
 * =h timeout read/write
 * TIMEOUT in seconds (written with a unit or without).
 * =e
 *   s :: EtherSwitch;
 *   FromDevice(eth0) -> [0]s[0] -> Queue -> ToDevice(eth0);
 *   FromDevice(eth1) -> [1]s[1] -> Queue -> ToDevice(eth1);
 * =a HostEtherFilter
 */
#include <kclick/element.h>
#include <kclick/proto.h>

#define ESW_SLOTS	4096
#define ESW_PROBE	8

struct esw_entry {
	u8 addr[KC_ETH_ALEN];
	u16 port;		/* 0: free; else port + 1 */
	u64 seen_ns;
};

#define ESW_SEC	1000000000ULL

struct etherswitch {
	kc_lock_t lock;		/* tab */
	u64 timeout_ns;
	struct esw_entry *tab;
};

static int etherswitch_configure(struct kc_elem *e, struct kc_args *args)
{
	struct etherswitch *s = kc_priv(e);
	char *timeout = NULL;
	const struct kc_argspec spec[] = {
		{ "TIMEOUT", KC_ARG_STR, 0, &timeout },
	};
	int ret;

	kc_lock_init(&s->lock);
	s->timeout_ns = 300 * ESW_SEC;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	ret = timeout ? kc_parse_time_in("TIMEOUT", timeout, ESW_SEC,
					 86400 * ESW_SEC, &s->timeout_ns,
					 args->err) : 0;
	kc_free(timeout);
	if (ret)
		return ret;
	s->tab = kc_zalloc(sizeof(*s->tab) * ESW_SLOTS);
	return s->tab ? 0 : -ENOMEM;
}

static u32 esw_hash(const u8 *a)
{
	u32 h = 2166136261U;
	int i;

	for (i = 0; i < KC_ETH_ALEN; i++)
		h = (h ^ a[i]) * 16777619U;
	return h;
}

/* Under s->lock: the entry for a, or (create) a slot for it. */
static struct esw_entry *esw_find(struct etherswitch *s, const u8 *a,
				  bool create)
{
	struct esw_entry *free = NULL, *old = NULL, *x;
	u32 h = esw_hash(a), i;

	for (i = 0; i < ESW_PROBE; i++) {
		x = &s->tab[(h + i) % ESW_SLOTS];
		if (!x->port) {
			if (!free)
				free = x;
		} else if (!memcmp(x->addr, a, KC_ETH_ALEN)) {
			return x;
		} else if (!old || x->seen_ns < old->seen_ns) {
			old = x;
		}
	}
	if (!create)
		return NULL;
	x = free ? free : old;
	memcpy(x->addr, a, KC_ETH_ALEN);
	x->port = 0;
	return x;
}

/* Packet path (softirq, RCU read side). */
static void etherswitch_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct etherswitch *s = kc_priv(e);
	u64 now = kc_now_ns();
	struct esw_entry *x;
	int out = -1, i, last = -1;
	const u8 *h;

	if (!kc_pkt_may_pull(p, KC_ETH_HLEN)) {
		kc_drop(e, p);
		return;
	}
	h = kc_pkt_data(p);
	kc_lock(&s->lock);
	if (!kc_eth_is_group(h + KC_ETH_ALEN)) {
		x = esw_find(s, h + KC_ETH_ALEN, true);
		x->port = port + 1;
		x->seen_ns = now;
	}
	if (!kc_eth_is_group(h)) {
		x = esw_find(s, h, false);
		if (x && now - x->seen_ns < s->timeout_ns)
			out = x->port - 1;
	}
	kc_unlock(&s->lock);
	if (out == port) {
		kc_drop(e, p);
		return;
	}
	if (out >= 0) {
		kc_push(e, out, p);
		return;
	}
	/* Flood: copies to every other port, the original to the last. */
	for (i = 0; i < e->noutputs; i++) {
		struct kc_pkt *c;

		if (i == port)
			continue;
		if (last >= 0) {
			c = kc_clone(e, p);
			if (c)
				kc_push(e, last, c);
		}
		last = i;
	}
	if (last >= 0)
		kc_push(e, last, p);
	else
		kc_drop(e, p);
}

static void etherswitch_cleanup(struct kc_elem *e)
{
	struct etherswitch *s = kc_priv(e);

	kc_free(s->tab);
}

static int etherswitch_read_table(struct kc_elem *e, struct kc_buf *b)
{
	struct etherswitch *s = kc_priv(e);
	u64 now = kc_now_ns();
	u32 i;

	kc_lock(&s->lock);
	for (i = 0; i < ESW_SLOTS; i++) {
		const struct esw_entry *x = &s->tab[i];
		const u8 *a = x->addr;

		if (!x->port || now - x->seen_ns >= s->timeout_ns)
			continue;
		kc_buf_eth(b, a);
		kc_buf_printf(b, " %u %llu\n", x->port - 1,
			      (unsigned long long)((now - x->seen_ns) / 1000000));
	}
	kc_unlock(&s->lock);
	return 0;
}

static int etherswitch_read_timeout(struct kc_elem *e, struct kc_buf *b)
{
	struct etherswitch *s = kc_priv(e);

	kc_buf_time(b, READ_ONCE(s->timeout_ns));
	return 0;
}

static int etherswitch_write_timeout(struct kc_elem *e, const char *val,
				     struct kc_errbuf *err)
{
	struct etherswitch *s = kc_priv(e);
	u64 t;

	if (kc_parse_time_in("TIMEOUT", val, ESW_SEC, 86400 * ESW_SEC, &t, err))
		return -EINVAL;
	WRITE_ONCE(s->timeout_ns, t);
	return 0;
}

static const struct kc_handler etherswitch_handlers[] = {
	{ .name = "table", .read = etherswitch_read_table },
	{ .name = "timeout", .read = etherswitch_read_timeout,
	  .write = etherswitch_write_timeout },
};

const struct kc_class kc_etherswitch_class = {
	.name = "EtherSwitch",
	.ports = "1-/=",
	.processing = "h/h",
	.priv_size = sizeof(struct etherswitch),
	.configure = etherswitch_configure,
	.push = etherswitch_push,
	.cleanup = etherswitch_cleanup,
	.handlers = etherswitch_handlers,
	.nhandlers = ARRAY_SIZE(etherswitch_handlers),
};
