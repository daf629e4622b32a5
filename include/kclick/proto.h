/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats the Ethernet, ARP and IP elements share: constants, big-endian
 * field access and the Internet checksum.  Plain C, the same in the kernel
 * and in userspace; all of it may run on the packet path.
 */
#ifndef KCLICK_PROTO_H
#define KCLICK_PROTO_H

#include <kclick/element.h>

#define KC_ETH_ALEN		6
#define KC_ETH_HLEN		14
#define KC_ETH_ZLEN		60	/* shortest frame, without the FCS */
#define KC_ETHTYPE_IP		0x0800
#define KC_ETHTYPE_ARP		0x0806

#define KC_ARP_LEN		28	/* Ethernet/IPv4 ARP body */
#define KC_ARPOP_REQUEST	1
#define KC_ARPOP_REPLY		2

#define KC_IP_HLEN		20
#define KC_IP_DF		0x4000
#define KC_IP_MF		0x2000
#define KC_IP_OFFMASK		0x1fff
#define KC_IPPROTO_ICMP		1
#define KC_IPPROTO_TCP		6
#define KC_IPPROTO_UDP		17

#define KC_ICMP_ECHOREPLY	0
#define KC_ICMP_UNREACH		3
#define KC_ICMP_REDIRECT	5
#define KC_ICMP_ECHO		8
#define KC_ICMP_TIMXCEED	11
#define KC_ICMP_PARAMPROB	12

/* Handler output: an Ethernet address (aa:bb:..) or an IPv4 address. */
static inline void kc_buf_eth(struct kc_buf *b, const u8 *a)
{
	kc_buf_printf(b, "%02x:%02x:%02x:%02x:%02x:%02x",
		      a[0], a[1], a[2], a[3], a[4], a[5]);
}

static inline void kc_buf_ip4(struct kc_buf *b, const void *addr)
{
	const u8 *a = addr;

	kc_buf_printf(b, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static inline u16 kc_get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline void kc_put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline bool kc_eth_is_group(const u8 *a)
{
	return a[0] & 1;
}

/* RFC 1071 sum of len bytes, not folded: add several, then kc_csum_fold. */
static inline u32 kc_csum_add(u32 sum, const u8 *d, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (u32)d[i] << 8 | d[i + 1];
	if (len & 1)
		sum += (u32)d[len - 1] << 8;
	return sum;
}

/* The checksum to store: the complement of the folded sum. */
static inline u16 kc_csum_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/* Recompute the checksum of the IPv4 header at ip (ihl from its byte 0). */
static inline void kc_ip_set_csum(u8 *ip)
{
	ip[10] = 0;
	ip[11] = 0;
	kc_put16(ip + 10, kc_csum_fold(kc_csum_add(0, ip, (ip[0] & 15) * 4)));
}

/*
 * Packet path: the offset of the IP header (the annotation a CheckIPHeader
 * or MarkIPHeader set, else the start of the data), or -1 if the packet
 * does not hold a header that long.  The first hlen_min bytes from there
 * are contiguous afterwards.
 */
static inline int kc_pkt_ip_offset(struct kc_pkt *p, unsigned int hlen_min)
{
	unsigned char *nh = kc_pkt_nh(p);
	unsigned int off = nh ? (unsigned int)(nh - kc_pkt_data(p)) : 0;

	if (off > kc_pkt_len(p) || !kc_pkt_may_pull(p, off + hlen_min))
		return -1;
	return (int)off;
}

#endif /* KCLICK_PROTO_H */
