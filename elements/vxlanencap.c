// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * VXLANEncap(VNI)
 * =s encapsulation
 * encapsulates packets in a VXLAN header
 * =d
 * Puts an 8-byte VXLAN header (RFC 7348) in front of each packet, which
 * should be an Ethernet frame: the I flag set, VXLAN network identifier
 * VNI (0 to 16,777,215), the reserved fields 0.  The UDP and IP headers
 * are UDPIPEncap's job, to the IANA port 4789: `VXLANEncap(42) ->
 * UDPIPEncap(10.0.0.1, 4789, 10.0.0.2, 4789)` is what Linux's `ip link
 * add NAME type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dstport 4789`
 * sends (Linux picks the UDP source port
 * from a hash of the inner flow, for ECMP; any source port is accepted).
 * The IP header annotation is cleared.
 *
 * Headroom: a packet with fewer than 8 bytes before its data is
 * reallocated, never written past.  A packet that would pass 65,535 bytes
 * is dropped.  In the kernel a CHECKSUM_PARTIAL packet has its pending
 * checksum completed in software first, and a GSO packet is dropped and
 * counted in gso_drops.
 * =h vni read/write
 * The VNI.
 * =h drops read-only
 * Packets dropped (GSO, too long, or memory short).
 * =h gso_drops read-only
 * Of those, GSO packets.
 * =e
 *   FromDevice(eth1) -> VXLANEncap(VNI 42)
 *       -> UDPIPEncap(10.7.0.2, 4789, 10.7.0.1, 4789) -> ...
 * =a VXLANDecap, UDPIPEncap, GREEncap
 */
#include "lib/kc_l4.h"
#include "lib/kc_tunnel.h"

/* The VNI is written by its handler while packets are encapsulated. */
struct vxlanencap {
	u32 vni;
};

struct vxlanencap_pcpu {
	u64 drops;
	u64 gso_drops;
};

static int vxlanencap_vni(struct vxlanencap *c, const char *s,
			  struct kc_errbuf *err)
{
	u32 vni;

	if (kc_arg_value("VNI", s, KC_ARG_U32, &vni, 0, err))
		return -EINVAL;
	if (vni > KC_VXLAN_VNI_MAX)
		return kc_errf(err, EINVAL, "VNI: %u is above %u", vni,
			       KC_VXLAN_VNI_MAX);
	WRITE_ONCE(c->vni, vni);
	return 0;
}

static int vxlanencap_configure(struct kc_elem *e, struct kc_args *args)
{
	char vni[24] = "";
	const struct kc_argspec spec[] = {
		{ "VNI", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  vni, sizeof(vni) },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	return vxlanencap_vni(kc_priv(e), vni, args->err);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *vxlanencap_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct vxlanencap *c = kc_priv(e);
	struct vxlanencap_pcpu *pc = kc_this_cpu_ptr(
		(struct vxlanencap_pcpu __percpu *)e->pcpu);
	bool gso;
	u8 *h = kc_encap_push(p, KC_VXLAN_HLEN, &gso);

	if (!h) {
		pc->gso_drops += gso;
		pc->drops++;
		kc_drop(e, p);
		return NULL;
	}
	kc_put32(h, (u32)KC_VXLAN_F_VNI << 24);
	kc_put32(h + 4, READ_ONCE(c->vni) << 8);
	kc_pkt_anno(p)->flags &= ~KC_ANNO_F_NH_SET;
	return p;
}

static void vxlanencap_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, vxlanencap_action);
}

static struct kc_pkt *vxlanencap_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, vxlanencap_action);
}

static int vxlanencap_read_vni(struct kc_elem *e, struct kc_buf *b)
{
	struct vxlanencap *c = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(c->vni));
	return 0;
}

static int vxlanencap_write_vni(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	return vxlanencap_vni(kc_priv(e), val, err);
}

static int vxlanencap_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int vxlanencap_read_gso(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler vxlanencap_handlers[] = {
	{ .name = "vni", .read = vxlanencap_read_vni,
	  .write = vxlanencap_write_vni },
	{ .name = "drops", .read = vxlanencap_read_drops },
	{ .name = "gso_drops", .read = vxlanencap_read_gso },
};

const struct kc_class kc_vxlanencap_class = {
	.name = "VXLANEncap",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct vxlanencap),
	.pcpu_size = sizeof(struct vxlanencap_pcpu),
	.configure = vxlanencap_configure,
	.push = vxlanencap_push,
	.pull = vxlanencap_pull,
	.handlers = vxlanencap_handlers,
	.nhandlers = ARRAY_SIZE(vxlanencap_handlers),
};
