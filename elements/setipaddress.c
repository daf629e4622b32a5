// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetIPAddress(IPADDR)
 * =s ip
 * sets destination IP address annotations
 * =d
 * Sets every packet's destination IP address annotation to IPADDR, so
 * that ARPQuerier resolves that address (a next hop) whatever the IP
 * header says.
 * =h addr read/write
 * The address.
 * =e
 *   ... -> SetIPAddress(10.0.0.1) -> [0]arpq;
 * =a GetIPAddress, ARPQuerier
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct setipaddress {
	__be32 addr;
};

static int setipaddress_configure(struct kc_elem *e, struct kc_args *args)
{
	struct setipaddress *s = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "IPADDR", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &s->addr },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *setipaddress_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct setipaddress *s = kc_priv(e);

	kc_pkt_anno(p)->dst_ip = READ_ONCE(s->addr);
	return p;
}

static void setipaddress_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, setipaddress_action);
}

static struct kc_pkt *setipaddress_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, setipaddress_action);
}

static int setipaddress_read(struct kc_elem *e, struct kc_buf *b)
{
	const struct setipaddress *s = kc_priv(e);
	const u8 *a = (const u8 *)&s->addr;

	kc_buf_ip4(b, a);
	return 0;
}

static int setipaddress_write(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	struct setipaddress *s = kc_priv(e);
	__be32 a;

	if (kc_arg_value("IPADDR", val, KC_ARG_IP4, &a, 0, err))
		return -EINVAL;
	WRITE_ONCE(s->addr, a);
	return 0;
}

static const struct kc_handler setipaddress_handlers[] = {
	{ .name = "addr", .read = setipaddress_read,
	  .write = setipaddress_write },
};

const struct kc_class kc_setipaddress_class = {
	.name = "SetIPAddress",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct setipaddress),
	.configure = setipaddress_configure,
	.push = setipaddress_push,
	.pull = setipaddress_pull,
	.handlers = setipaddress_handlers,
	.nhandlers = ARRAY_SIZE(setipaddress_handlers),
};
