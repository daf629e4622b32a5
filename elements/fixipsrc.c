// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FixIPSrc(IPADDR)
 * =s ip
 * sets IP source field if requested by annotation
 * =d
 * A packet whose "fix IP source" annotation is set (ICMPError sets it on
 * the errors it makes) gets IPADDR, the address of the interface it is
 * about to leave by, as its IP source; the checksum is recomputed and the
 * annotation cleared.  Other packets pass untouched.  Expects the IP
 * header annotation, or the IP header at the start of the data.
 * =e
 *   rt[1] -> FixIPSrc(10.0.1.1) -> dt :: DecIPTTL -> ...
 * =a ICMPError
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct fixipsrc {
	__be32 addr;
};

static int fixipsrc_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fixipsrc *f = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "IPADDR", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &f->addr },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *fixipsrc_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct fixipsrc *f = kc_priv(e);
	struct kc_anno *a = kc_pkt_anno(p);
	int off;
	u8 *ip;

	if (!(a->flags & KC_ANNO_F_FIX_SRC))
		return p;
	a->flags &= ~KC_ANNO_F_FIX_SRC;
	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	if (off < 0 || !kc_pkt_may_pull(p, off + (kc_pkt_data(p)[off] & 15) * 4) ||
	    kc_pkt_make_writable(p, off + (kc_pkt_data(p)[off] & 15) * 4)) {
		kc_drop(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + off;
	memcpy(ip + 12, &f->addr, 4);
	kc_ip_set_csum(ip);
	return p;
}

static void fixipsrc_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, fixipsrc_action);
}

static struct kc_pkt *fixipsrc_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, fixipsrc_action);
}

const struct kc_class kc_fixipsrc_class = {
	.name = "FixIPSrc",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct fixipsrc),
	.configure = fixipsrc_configure,
	.push = fixipsrc_push,
	.pull = fixipsrc_pull,
};
