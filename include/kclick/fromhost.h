/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices a graph creates (FromHost): what the host routes into them
 * enters the graph.  Provided by the platform: kmod/fromhost.c in the
 * kernel (a virtual Ethernet device), user/fromhost.c in the userspace
 * harness (nothing: the host never sends there offline).
 *
 * Attach at initialize, release at cleanup (process context, the graph
 * update lock held: RTNL in the kernel).  The device belongs to the
 * installed graph: a graph replacing it with a FromHost of the same
 * DEVNAME takes the same device over (its queued frames too); the device
 * is unregistered when the last element naming it is cleaned up.
 */
#ifndef KCLICK_FROMHOST_H
#define KCLICK_FROMHOST_H

#include <kclick/element.h>

/*
 * Frames the host may queue for the graph, per device (CAPACITY): the
 * device's transmit queue is stopped while they wait, so the host's qdisc
 * holds (and drops) the rest, as for a real NIC.
 */
#define KC_FHOST_CAPACITY_MAX	65536
/* Frames one run of the element's task hands on (BURST). */
#define KC_FHOST_BURST_MAX	1024

struct kc_fhost_cfg {
	char name[16];			/* IFNAMSIZ */
	u8 ether[6];
	bool ether_set;			/* else a random local address */
	u32 mtu;
	u32 capacity;
};

struct kc_fhostref;

int kc_fhost_attach(struct kc_elem *e, const struct kc_fhost_cfg *cfg,
		    struct kc_fhostref **out, struct kc_errbuf *err);
void kc_fhost_release(struct kc_fhostref *ref);
/*
 * Task (softirq, RCU read side): the next frame the host sent, at its
 * Ethernet header, annotations zeroed, its receiving device the created
 * one (so ToHost without DEVNAME hands answers back to it); or NULL.
 */
struct kc_pkt *kc_fhost_dequeue(struct kc_fhostref *ref);
/* Handlers (graph lock held): frames waiting, and frames dropped. */
u32 kc_fhost_length(struct kc_fhostref *ref);
u64 kc_fhost_drops(struct kc_fhostref *ref);
/* Handlers: the device's index, 0 if none (offline). */
int kc_fhost_ifindex(struct kc_fhostref *ref);

#endif /* KCLICK_FROMHOST_H */
