/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels: how one graph hands packets to another graph of the same
 * network namespace (ToChannel and FromChannel, issue 13).  Provided by
 * the platform: kmod/chain.c in the kernel, user/chan.c in the userspace
 * harness.
 *
 * A channel is a name in a network namespace.  Any number of ToChannel
 * elements (in any graphs) send on it; at most one installed graph
 * receives from it, through one FromChannel element.  The channel exists
 * while any element names it.  A packet crosses a channel as a function
 * call: the sender pushes it into the receiver's element, on the same CPU,
 * within the same run budget (engine/run.c), with its annotations.
 *
 * Attach at initialize, release at cleanup (process context, the graph
 * update lock held: RTNL in the kernel).  The receiving element starts to
 * receive when its graph goes live; a graph that replaces it under the
 * same installed name takes the channel over in the same step.
 */
#ifndef KCLICK_CHAN_H
#define KCLICK_CHAN_H

#include <kclick/element.h>

/* A channel's name: like a device's, short and printable. */
#define KC_CHAN_NAME_MAX	32
/*
 * Channels one packet may cross in its life (the chan_hops annotation):
 * a chain of graphs that loops back on itself hands a packet round at most
 * this many times, then the ToChannel that would exceed it drops it and
 * counts it in its "loops" handler.
 */
#define KC_CHAN_HOPS_MAX	16

struct kc_chanref;

int kc_chan_rx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err);
int kc_chan_tx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err);
void kc_chan_release(struct kc_chanref *ref);
/*
 * Packet path (softirq or task, RCU read side): the element receiving on
 * ref's channel now, or NULL.  It stays valid until the caller's
 * rcu_read_unlock.
 */
struct kc_elem *kc_chan_receiver(struct kc_chanref *ref);
/*
 * Handlers (graph lock held): the installed graph that receives on ref's
 * channel, or "" (kernel); the element's name in the harness.
 */
void kc_chan_describe(struct kc_chanref *ref, struct kc_buf *out);

#endif /* KCLICK_CHAN_H */
