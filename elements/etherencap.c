// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * EtherEncap(ETHERTYPE, SRC, DST)
 * =s ethernet
 * encapsulates packets in Ethernet header
 * =d
 * Puts an Ethernet header in front of each packet: destination DST,
 * source SRC, type ETHERTYPE (0x0800 for IP, 0x0806 for ARP).  The header
 * goes into the packet's headroom; a packet without room is copied.
 * =h src read/write
 * The source address.
 * =h dst read/write
 * The destination address.
 * =h ethertype read/write
 * The Ethernet type.
 * =e
 *   ... -> EtherEncap(0x0800, 00:00:c0:ae:67:ef, 00:00:c0:4f:71:ef)
 *       -> Queue -> ToDevice(eth0);
 * =a EtherRewrite, Strip, ARPQuerier
 */
#include <kclick/element.h>
#include <kclick/proto.h>

/* The header as it goes on the wire; handlers write it under the graph lock. */
struct etherencap {
	u8 hdr[KC_ETH_HLEN];
};

static int etherencap_configure(struct kc_elem *e, struct kc_args *args)
{
	struct etherencap *ee = kc_priv(e);
	u8 src[KC_ETH_ALEN], dst[KC_ETH_ALEN];
	u32 type = 0;
	const struct kc_argspec spec[] = {
		{ "ETHERTYPE", KC_ARG_U32,
		  KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, &type },
		{ "SRC", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, src },
		{ "DST", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL, dst },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (type > 0xffff)
		return kc_errf(args->err, EINVAL,
			       "ETHERTYPE: 0x%x does not fit in 16 bits", type);
	memcpy(ee->hdr, dst, KC_ETH_ALEN);
	memcpy(ee->hdr + KC_ETH_ALEN, src, KC_ETH_ALEN);
	kc_put16(ee->hdr + 12, (u16)type);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *etherencap_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct etherencap *ee = kc_priv(e);
	unsigned char *h = kc_pkt_push(p, KC_ETH_HLEN);

	if (!h) {
		kc_drop(e, p);
		return NULL;
	}
	memcpy(h, ee->hdr, KC_ETH_HLEN);
	return p;
}

static void etherencap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, etherencap_action);
}

static struct kc_pkt *etherencap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, etherencap_action);
}

static int ee_read_addr(struct kc_buf *b, const u8 *a)
{
	kc_buf_eth(b, a);
	return 0;
}

static int ee_read_src(struct kc_elem *e, struct kc_buf *b)
{
	return ee_read_addr(b, ((struct etherencap *)kc_priv(e))->hdr + 6);
}

static int ee_read_dst(struct kc_elem *e, struct kc_buf *b)
{
	return ee_read_addr(b, ((struct etherencap *)kc_priv(e))->hdr);
}

static int ee_read_type(struct kc_elem *e, struct kc_buf *b)
{
	const struct etherencap *ee = kc_priv(e);

	kc_buf_printf(b, "0x%04x", kc_get16(ee->hdr + 12));
	return 0;
}

/*
 * A packet being encapsulated may see the old or the new address byte by
 * byte: the same tearing Click accepts for its handlers.
 */
static int ee_write_addr(struct kc_elem *e, const char *key, int at,
			 const char *val, struct kc_errbuf *err)
{
	struct etherencap *ee = kc_priv(e);
	u8 a[KC_ETH_ALEN];

	if (kc_arg_value(key, val, KC_ARG_ETH, a, 0, err))
		return -EINVAL;
	memcpy(ee->hdr + at, a, KC_ETH_ALEN);
	return 0;
}

static int ee_write_src(struct kc_elem *e, const char *val,
			struct kc_errbuf *err)
{
	return ee_write_addr(e, "SRC", KC_ETH_ALEN, val, err);
}

static int ee_write_dst(struct kc_elem *e, const char *val,
			struct kc_errbuf *err)
{
	return ee_write_addr(e, "DST", 0, val, err);
}

static int ee_write_type(struct kc_elem *e, const char *val,
			 struct kc_errbuf *err)
{
	struct etherencap *ee = kc_priv(e);
	u32 t;

	if (kc_arg_value("ETHERTYPE", val, KC_ARG_U32, &t, 0, err))
		return -EINVAL;
	if (t > 0xffff)
		return kc_errf(err, EINVAL,
			       "ETHERTYPE: 0x%x does not fit in 16 bits", t);
	kc_put16(ee->hdr + 12, (u16)t);
	return 0;
}

static const struct kc_handler etherencap_handlers[] = {
	{ .name = "src", .read = ee_read_src, .write = ee_write_src },
	{ .name = "dst", .read = ee_read_dst, .write = ee_write_dst },
	{ .name = "ethertype", .read = ee_read_type, .write = ee_write_type },
};

const struct kc_class kc_etherencap_class = {
	.name = "EtherEncap",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct etherencap),
	.configure = etherencap_configure,
	.push = etherencap_push,
	.pull = etherencap_pull,
	.handlers = etherencap_handlers,
	.nhandlers = ARRAY_SIZE(etherencap_handlers),
};
