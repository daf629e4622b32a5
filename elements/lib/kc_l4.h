/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KCLICK_ELEMENTS_L4_H
#define KCLICK_ELEMENTS_L4_H

#include <kclick/element.h>

/*
 * What SetTCPChecksum, SetUDPChecksum and the Check{UDP,TCP,ICMP}Header
 * elements share (kc_l4.c): finding the transport header of an IPv4
 * packet and the RFC 1071 sums over it.  All of it runs on the packet path
 * (softirq, under rcu_read_lock).
 */
struct kc_l4 {
	unsigned int ipoff;	/* IP header, bytes from the data */
	unsigned int l4off;	/* transport header, bytes from the data */
	unsigned int l4len;	/* IP total length less the IP header */
};

enum kc_l4_find_err {
	KC_L4_NOT_IP = 1,	/* no sane IPv4 header at the annotation */
	KC_L4_FRAG,		/* a fragment: its transport sum is unknowable */
};

/*
 * The IPv4 header at the IP header annotation (else at the data): version
 * 4, header length, total length within the packet, not a fragment.  0
 * with l filled and the IP header contiguous, or a KC_L4_* reason.
 */
int kc_l4_find(struct kc_pkt *p, struct kc_l4 *l);

/* The unfolded pseudo-header sum (RFC 793/768) of the IPv4 header ip. */
u32 kc_l4_pseudo(const u8 *ip, u8 proto, unsigned int l4len);

/*
 * Make the whole transport segment contiguous (and writable if write):
 * false if memory is short.  The data may have moved.
 */
bool kc_l4_pull(struct kc_pkt *p, const struct kc_l4 *l, bool write);

/* Checker elements (CheckUDPHeader, CheckTCPHeader, CheckICMPHeader). */
enum kc_l4c_reason {
	KC_L4C_NOT_PROTO, KC_L4C_LENGTH, KC_L4C_CSUM, KC_L4C_FRAG,
	KC_L4C_NREASONS
};

struct kc_l4c_pcpu {
	u64 count;
	u64 drops[KC_L4C_NREASONS];
};

struct kc_l4check {
	u8 proto;		/* KC_IPPROTO_* */
	bool verbose;
	bool details;
	bool warned;		/* the first bad packet was reported */
	struct kc_l4c_pcpu __percpu *pc;
};

#define KC_L4C_NHANDLERS	3
int kc_l4check_configure(struct kc_elem *e, struct kc_args *args, u8 proto);
void kc_l4check_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_l4check_pull(struct kc_elem *e, int port);
extern const struct kc_handler kc_l4check_handlers[KC_L4C_NHANDLERS];

/* SetTCPChecksum and SetUDPChecksum. */
struct kc_l4set_pcpu {
	u64 count;
	u64 offloaded;		/* left to the device (CHECKSUM_PARTIAL) */
	u64 drops;
};

struct kc_l4set {
	u8 proto;
	struct kc_l4set_pcpu __percpu *pc;
};

#define KC_L4S_NHANDLERS	3
int kc_l4set_configure(struct kc_elem *e, struct kc_args *args, u8 proto);
void kc_l4set_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_l4set_pull(struct kc_elem *e, int port);
extern const struct kc_handler kc_l4set_handlers[KC_L4S_NHANDLERS];


/*
 * Encapsulation (IPEncap, UDPIPEncap): room for hlen bytes of new headers
 * at the front of p (reallocating the headroom if there is too little), or
 * NULL with *gso set if p is a GSO packet, which is refused: its
 * segmentation metadata would not describe the new outer headers.  A
 * pending CHECKSUM_PARTIAL is completed in software first, so nothing
 * downstream has to find an inner checksum through an outer header.  NULL
 * too if the result would pass 65,535 bytes or memory is short.
 */
u8 *kc_encap_push(struct kc_pkt *p, unsigned int hlen, bool *gso);

/* Fill the 20-byte IPv4 header at ip, checksum included. */
void kc_encap_iph(u8 *ip, u8 tos, u16 id, bool df, u8 ttl, u8 proto,
		  __be32 src, __be32 dst, unsigned int len);

#endif /* KCLICK_ELEMENTS_L4_H */
