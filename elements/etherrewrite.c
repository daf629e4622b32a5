// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * EtherRewrite(SRC, DST)
 * =s ethernet
 * rewrites Ethernet packet addresses
 * =d
 * Sets the source address of each packet's Ethernet header to SRC and
 * the destination to DST; the type and the rest stay.  Packets shorter
 * than an Ethernet header are dropped.
 * =h src read/write
 * The source address.
 * =h dst read/write
 * The destination address.
 * =e
 *   FromDevice(eth0) -> EtherRewrite(0:1:2:3:4:5, 0:1:2:3:4:6)
 *       -> Queue -> ToDevice(eth1);
 * =a EtherEncap, EtherMirror
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct etherrewrite {
	u8 addrs[2 * KC_ETH_ALEN];	/* dst, src: as on the wire */
};

static int etherrewrite_configure(struct kc_elem *e, struct kc_args *args)
{
	struct etherrewrite *r = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "SRC", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  r->addrs + KC_ETH_ALEN },
		{ "DST", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  r->addrs },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *etherrewrite_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct etherrewrite *r = kc_priv(e);

	if (!kc_pkt_may_pull(p, KC_ETH_HLEN) ||
	    kc_pkt_make_writable(p, KC_ETH_HLEN)) {
		kc_drop(e, p);
		return NULL;
	}
	memcpy(kc_pkt_data(p), r->addrs, sizeof(r->addrs));
	return p;
}

static void etherrewrite_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, etherrewrite_action);
}

static struct kc_pkt *etherrewrite_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, etherrewrite_action);
}

static int er_read(struct kc_buf *b, const u8 *a)
{
	kc_buf_eth(b, a);
	return 0;
}

static int er_read_src(struct kc_elem *e, struct kc_buf *b)
{
	return er_read(b, ((struct etherrewrite *)kc_priv(e))->addrs + 6);
}

static int er_read_dst(struct kc_elem *e, struct kc_buf *b)
{
	return er_read(b, ((struct etherrewrite *)kc_priv(e))->addrs);
}

static int er_write(struct kc_elem *e, const char *key, int at,
		    const char *val, struct kc_errbuf *err)
{
	struct etherrewrite *r = kc_priv(e);
	u8 a[KC_ETH_ALEN];

	if (kc_arg_value(key, val, KC_ARG_ETH, a, 0, err))
		return -EINVAL;
	memcpy(r->addrs + at, a, KC_ETH_ALEN);
	return 0;
}

static int er_write_src(struct kc_elem *e, const char *val,
			struct kc_errbuf *err)
{
	return er_write(e, "SRC", KC_ETH_ALEN, val, err);
}

static int er_write_dst(struct kc_elem *e, const char *val,
			struct kc_errbuf *err)
{
	return er_write(e, "DST", 0, val, err);
}

static const struct kc_handler etherrewrite_handlers[] = {
	{ .name = "src", .read = er_read_src, .write = er_write_src },
	{ .name = "dst", .read = er_read_dst, .write = er_write_dst },
};

const struct kc_class kc_etherrewrite_class = {
	.name = "EtherRewrite",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct etherrewrite),
	.configure = etherrewrite_configure,
	.push = etherrewrite_push,
	.pull = etherrewrite_pull,
	.handlers = etherrewrite_handlers,
	.nhandlers = ARRAY_SIZE(etherrewrite_handlers),
};
