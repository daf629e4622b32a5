/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KCLICK_ELEMENTS_TUNNEL_H
#define KCLICK_ELEMENTS_TUNNEL_H

#include <kclick/proto.h>

/*
 * What the tunnel elements share (GREEncap, GREDecap, VXLANEncap,
 * VXLANDecap): the header layouts of RFC 2784/2890 and RFC 7348, the
 * protocol names GRE's PROTOCOL takes, and the reasons a decapsulator
 * turns a packet away.  Header-only: nothing here keeps state.
 */

/* GRE (RFC 2784, RFC 2890): the first 16 bits, then the protocol type. */
#define KC_GRE_HLEN		4
#define KC_GRE_F_CSUM		0x8000	/* C: checksum and reserved1 follow */
#define KC_GRE_F_KEY		0x2000	/* K: a 32-bit key follows (RFC 2890) */
#define KC_GRE_F_SEQ		0x1000	/* S: a sequence number follows */
/*
 * Bits 1, 4 and 5 (RFC 1701's routing, strict source route and the top
 * of its recursion count) and the version (bits 13-15, 0 here): RFC 2784
 * section 2.3 says to discard a packet with any of them set.  Bits 6-12
 * are ignored on receipt, as it also says.
 */
#define KC_GRE_F_BAD		0x4c07
#define KC_GRE_HLEN_MAX		16	/* all three options */

/* VXLAN (RFC 7348): flags, 24 reserved bits, the VNI, 8 reserved bits. */
#define KC_VXLAN_HLEN		8
#define KC_VXLAN_F_VNI		0x08	/* I: the VNI is valid */
#define KC_VXLAN_VNI_MAX	0xffffff

static inline u32 kc_get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline void kc_put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/*
 * GRE's PROTOCOL: a number up to 0xffff, or ip (0x0800), ipv6 (0x86dd),
 * teb (0x6558, Transparent Ethernet Bridging: what Linux's gretap
 * carries).  0 or -EINVAL with err filled.
 */
int kc_gre_protocol(const char *s, u16 *out, struct kc_errbuf *err);

/*
 * Why a decapsulator turned a packet away; drop_details prints them in
 * this order, with these names.
 */
enum kc_tun_reason {
	KC_TUN_SHORT,		/* shorter than its header */
	KC_TUN_FLAGS,		/* GRE: version or flags; VXLAN: no I flag */
	KC_TUN_CSUM,		/* GRE checksum wrong, or required and absent */
	KC_TUN_KEY,		/* GRE key or VXLAN VNI not the configured one */
	KC_TUN_SEQ,		/* GRE sequence number missing or not after the last */
	KC_TUN_PROTO,		/* GRE protocol type not the configured one */
	KC_TUN_GSO,		/* a GSO packet: its metadata describe the tunnel */
	KC_TUN_NREASONS
};

struct kc_tun_pcpu {
	u64 count;
	u64 drops[KC_TUN_NREASONS];
};

/*
 * A decapsulator's verdict on p (push or pull): why < 0 means good, the
 * packet is returned for output 0 and counted; else it is counted under
 * why and leaves on output 1 if there is one, or is dropped: NULL.
 */
struct kc_pkt *kc_tun_verdict(struct kc_elem *e, struct kc_pkt *p, int why);

/*
 * Handlers count and drops over struct kc_tun_pcpu at e->pcpu;
 * kc_tun_details for drop_details: one line per reason in the mask
 * (1 << KC_TUN_*), the reasons the element can have.
 */
int kc_tun_read_count(struct kc_elem *e, struct kc_buf *b);
int kc_tun_read_drops(struct kc_elem *e, struct kc_buf *b);
int kc_tun_details(struct kc_elem *e, struct kc_buf *b, unsigned int reasons);

#endif /* KCLICK_ELEMENTS_TUNNEL_H */
