// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * VXLANDecap([VNI])
 * =s encapsulation
 * checks and removes a VXLAN header
 * =d
 * Expects packets that start with a VXLAN header (RFC 7348): after
 * CheckIPHeader(14) -> CheckUDPHeader -> StripIPHeader -> Strip(8), say.
 * Checks it and removes it; the packet then starts at the inner Ethernet
 * frame.  The IP header annotation is cleared.
 *
 * A packet is bad, and leaves on output 1 if there is one (dropped
 * otherwise), counted by reason, if it is shorter than the 8-byte header,
 * if its I flag (a valid VNI) is clear, if VNI is given and the packet's
 * VNI differs, or (in the kernel) if it is a GSO packet.  Without VNI any
 * VNI passes; a Classifier before VXLANDecap can send each VNI its own
 * way (Classifier(4/00002a00%ffffff00, -) picks VNI 42).  The reserved
 * bits are ignored, as RFC 7348 section 5 says (Linux, without its GBP
 * or GPE extensions, drops a packet with any of them set).
 * =h vni read/write
 * The VNI packets must carry, or empty for any (written: a VNI, or
 * empty).
 * =h count read-only
 * Packets decapsulated.
 * =h drops read-only
 * Packets that failed a check.
 * =h drop_details read-only
 * Failures per reason.
 * =e
 *   ... -> CheckIPHeader(14) -> CheckUDPHeader -> StripIPHeader -> Strip(8)
 *       -> vd :: VXLANDecap(VNI 42) -> ToDevice(eth1);
 *   vd[1] -> Discard;
 * =a VXLANEncap, StripIPHeader, Strip, GREDecap
 */
#include "lib/kc_tunnel.h"

/* The VNI wanted, or VXLANDECAP_ANY; written by its handler under traffic. */
#define VXLANDECAP_ANY		0xffffffffu

struct vxlandecap {
	u32 vni;
};

#define VXLANDECAP_REASONS	(1u << KC_TUN_SHORT | 1u << KC_TUN_FLAGS | \
				 1u << KC_TUN_KEY | 1u << KC_TUN_GSO)

static int vxlandecap_vni(struct vxlandecap *c, const char *s,
			  struct kc_errbuf *err)
{
	u32 vni;

	if (!s[0]) {
		WRITE_ONCE(c->vni, VXLANDECAP_ANY);
		return 0;
	}
	if (kc_arg_value("VNI", s, KC_ARG_U32, &vni, 0, err))
		return -EINVAL;
	if (vni > KC_VXLAN_VNI_MAX)
		return kc_errf(err, EINVAL, "VNI: %u is above %u", vni,
			       KC_VXLAN_VNI_MAX);
	WRITE_ONCE(c->vni, vni);
	return 0;
}

static int vxlandecap_configure(struct kc_elem *e, struct kc_args *args)
{
	char vni[24] = "";
	const struct kc_argspec spec[] = {
		{ "VNI", KC_ARG_WORD, KC_ARGF_POSITIONAL, vni, sizeof(vni) },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	return vxlandecap_vni(kc_priv(e), vni, args->err);
}

/* Packet path (softirq, RCU read side): -1 if good, else a KC_TUN_*. */
static int vxlandecap_check(struct vxlandecap *c, struct kc_pkt *p)
{
	u32 want = READ_ONCE(c->vni);
	const u8 *h;

	if (kc_pkt_is_gso(p))
		return KC_TUN_GSO;
	if (!kc_pkt_may_pull(p, KC_VXLAN_HLEN))
		return KC_TUN_SHORT;
	h = kc_pkt_data(p);
	if (!(h[0] & KC_VXLAN_F_VNI))
		return KC_TUN_FLAGS;
	if (want != VXLANDECAP_ANY && kc_get32(h + 4) >> 8 != want)
		return KC_TUN_KEY;
	return -1;
}

static struct kc_pkt *vxlandecap_action(struct kc_elem *e, struct kc_pkt *p)
{
	p = kc_tun_verdict(e, p, vxlandecap_check(kc_priv(e), p));
	if (p) {
		kc_pkt_pull(p, KC_VXLAN_HLEN);	/* the check pulled it */
		kc_pkt_anno(p)->flags &= ~KC_ANNO_F_NH_SET;
	}
	return p;
}

static void vxlandecap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, vxlandecap_action);
}

static struct kc_pkt *vxlandecap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, vxlandecap_action);
}

static int vxlandecap_read_vni(struct kc_elem *e, struct kc_buf *b)
{
	struct vxlandecap *c = kc_priv(e);
	u32 vni = READ_ONCE(c->vni);

	if (vni != VXLANDECAP_ANY)
		kc_buf_printf(b, "%u", vni);
	return 0;
}

static int vxlandecap_write_vni(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	return vxlandecap_vni(kc_priv(e), val, err);
}

static int vxlandecap_read_details(struct kc_elem *e, struct kc_buf *b)
{
	return kc_tun_details(e, b, VXLANDECAP_REASONS);
}

static const struct kc_handler vxlandecap_handlers[] = {
	{ .name = "vni", .read = vxlandecap_read_vni,
	  .write = vxlandecap_write_vni },
	{ .name = "count", .read = kc_tun_read_count },
	{ .name = "drops", .read = kc_tun_read_drops },
	{ .name = "drop_details", .read = vxlandecap_read_details },
};

const struct kc_class kc_vxlandecap_class = {
	.name = "VXLANDecap",
	.ports = "1/1-2",
	.processing = "a/ah",
	.priv_size = sizeof(struct vxlandecap),
	.pcpu_size = sizeof(struct kc_tun_pcpu),
	.configure = vxlandecap_configure,
	.push = vxlandecap_push,
	.pull = vxlandecap_pull,
	.handlers = vxlandecap_handlers,
	.nhandlers = ARRAY_SIZE(vxlandecap_handlers),
};
