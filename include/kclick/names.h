/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for addresses: Click's AddressInfo elements and device names,
 * resolved wherever an argument takes an address (engine/names.c).
 *
 * kc_parse_ip4(), kc_parse_eth() and kc_parse_ip4_prefix() try the literal
 * form first, then a name, in the element being configured or whose handler
 * is being written (the engine sets it around those calls: process
 * context, graph update lock held).  Outside them only literals parse.  So
 * names are resolved at install and at handler writes, in the graph that
 * defines them, and the packet path never sees one.
 *
 *	AddressInfo(intern 18.26.4.9/24 00:50:ba:85:84:a9, ...)
 *	intern        IP 18.26.4.9, prefix 18.26.4.9/24, Ethernet 00:50:...
 *	intern:ip     the IP address        intern:eth   the Ethernet address
 *	intern:net    the prefix            intern:bcast 18.26.4.255
 *	intern:gw     "intern:gw" if defined, else the prefix's first host
 *	eth0, eth0:ip, eth0:eth, eth0:net, eth0:gw
 *	              device eth0's primary IPv4 address (and mask), its
 *	              Ethernet address, its default gateway (kernel only:
 *	              the route towards the device's network from it)
 *
 * A name defined inside a compound is seen by that compound's elements
 * only (Click's scoping): inner definitions hide outer ones, kind by kind.
 */
#ifndef KCLICK_NAMES_H
#define KCLICK_NAMES_H

#include <kclick/element.h>

/* Bounds (docs/limits.md). */
#define KC_NAMES_MAX		4096	/* names per graph, all AddressInfos */
#define KC_ADDRNAME_LEN		64	/* a name, with its NUL */

#define KC_AN_IP	0x1
#define KC_AN_PREFIX	0x2
#define KC_AN_ETH	0x4

struct kc_addrname {
	char name[KC_ADDRNAME_LEN];
	u8 kinds;		/* KC_AN_* defined */
	u8 eth[6];
	__be32 ip;
	__be32 net, mask;	/* the prefix as written: 18.26.4.9/24 */
};

/* What an AddressInfo element offers: kc_elem_cast(e, "AddressInfo"). */
struct kc_addrtab {
	u32 n;
	const struct kc_addrname *v;
};

/* Device addresses (the platform: kmod/dev.c, user/run.c). */
enum kc_devaddr { KC_DEVADDR_IP, KC_DEVADDR_PREFIX, KC_DEVADDR_ETH,
		  KC_DEVADDR_GW };
/*
 * The address of kind of device dev in e's namespace: IP (4 bytes),
 * PREFIX (8: address and mask), ETH (6), GW (4).  0 or -ENOENT.
 * Process context, graph update lock held.
 */
int kc_dev_addr(struct kc_elem *e, const char *dev, enum kc_devaddr kind,
		u8 *out);

/* Name lookups (0 or -ENOENT), in the current element's scope. */
int kc_names_ip4(const char *s, __be32 *out);
int kc_names_prefix(const char *s, __be32 *addr, __be32 *mask);
int kc_names_eth(const char *s, u8 *out);

/*
 * The engine: names of e's graph apply to what is parsed until
 * kc_names_leave() (nests; returns the previous element for leave).
 */
struct kc_elem *kc_names_enter(struct kc_elem *e);
void kc_names_leave(struct kc_elem *prev);
/* Index the graph's AddressInfo elements (configured); free it. */
int kc_names_index(struct kc_graph *g, struct kc_errbuf *err, int *bad);
void kc_names_free(struct kc_graph *g);

#endif /* KCLICK_NAMES_H */
