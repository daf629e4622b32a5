/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kclick.ko internals: installed graphs per network namespace, device hooks,
 * the netlink family.
 *
 * DOC: Locking
 *
 * RTNL is the one update-side lock.  It protects every kc_net's list of
 * installed graphs, each kc_inst (its current graph, generation, device
 * references) and every device hook.  Netlink commands, the netdevice
 * notifier and netns teardown all take it, so installs, replaces, device
 * events and handler calls are serialised.
 *
 * The packet path (rx_handler, tasks) holds no lock: it reaches a graph's
 * elements through RCU pointers -- kc_hook.elem and kc_devref.xdev -- which
 * are only changed under RTNL.  An old graph is destroyed only after a
 * grace period (synchronize_net()) and after its tasks are stopped.
 */
#ifndef KCLICK_KMOD_H
#define KCLICK_KMOD_H

#include <linux/list.h>
#include <linux/xarray.h>
#include <linux/netdevice.h>
#include <net/net_namespace.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>

#include "../engine/graph.h"

#define KC_MODULE_VERSION "0.1.0"

/* Per network namespace. */
struct kc_net {
	struct list_head insts;		/* struct kc_inst, RTNL, in id order */
	struct xarray ids;		/* id -> kc_inst, RTNL: dumps resume */
	u32 ninsts;			/* RTNL */
	u64 nelems;			/* in all current graphs, RTNL */
};

/* An installed graph: a name in a netns, whose graph may be replaced. */
struct kc_inst {
	struct list_head node;		/* in kc_net.insts, RTNL */
	struct net *net;
	char name[KCLICK_NAME_MAX];
	u32 id;
	u32 gen;
	struct kc_graph *graph;		/* current graph, RTNL */
	struct list_head devrefs;	/* struct kc_devref, RTNL */
	struct list_head chanrefs;	/* struct kc_chanref (chain.c), RTNL */
	struct list_head fhostrefs;	/* struct kc_fhostref (fromhost.c), RTNL */
};

/*
 * A device an element of a graph receives from, transmits to or hands
 * packets to the host's stack on (ToHost: !rx, host; with an empty name,
 * each packet's own receiving device, found by index at delivery).
 */
struct kc_devref {
	struct list_head node;		/* in kc_inst.devrefs, RTNL */
	struct kc_inst *inst;
	struct kc_graph *graph;		/* the graph whose element this is */
	struct kc_elem *elem;
	char name[IFNAMSIZ];
	bool rx;
	bool host;			/* ToHost/ToHostSniffers, not ToDevice */
	bool promisc;			/* rx: hold dev promiscuous while bound */
	bool sniffer;			/* rx: the graph gets copies, Linux the frames */
	bool xdp;			/* rx: METHOD XDP, through hook->xref */
	struct net_device *dev;		/* RTNL; NULL while the device is gone */
	netdevice_tracker tracker;
	struct kc_hook *hook;		/* rx: our rx_handler_data on dev */
	struct net_device __rcu *xdev;	/* tx, host: what the packet path uses */
	atomic64_t drops;		/* rx: frames lost before the graph */
};

/*
 * rx_handler_data of a device we receive from.  It points at the devref
 * (not the element) so the element and its mode (sniffer or not) change
 * together, in one pointer store, when a graph replaces another.
 */
struct kc_hook {
	struct kc_devref __rcu *ref;	/* RTNL; NULL: pass packets on */
	/* RTNL; the XDP kfunc's graph (xdp.c); NULL: XDP_PASS */
	struct kc_devref __rcu *xref;
	struct kc_inst *inst;		/* owner, for "in use by" messages */
	struct rcu_head rcu;
};

extern unsigned int kc_net_id;
extern struct genl_family kc_genl_family;
extern atomic_t kc_live_graphs;

static inline struct kc_net *kc_net(struct net *net)
{
	return net_generic(net, kc_net_id);
}

/* netns.c */
struct kc_inst *kc_inst_find(struct net *net, const char *name);
int kc_inst_install(struct net *net, const char *name, u32 flags,
		    const struct kc_graph_desc *d, struct kc_errbuf *err,
		    int *bad_elem, struct kc_inst **out);
int kc_inst_remove(struct net *net, const char *name, struct kc_errbuf *err);
int kc_netns_init(void);
void kc_netns_exit(void);

/* dev.c */
/* After a graph went live: point hooks at its elements, drop stale ones. */
void kc_dev_commit(struct kc_inst *inst, struct kc_graph *graph);
/* Release every device reference of graph (not live, or being removed). */
void kc_dev_release_graph(struct kc_inst *inst, struct kc_graph *graph);
int kc_dev_init(void);
void kc_dev_exit(void);

/* Packet path: the XDP devref of a device we hook, or NULL. */
struct kc_devref *kc_dev_xdp_ref(struct net_device *dev);

/* xdp.c: the kfunc; kc_xdp_ok once it is registered (module BTF). */
extern bool kc_xdp_ok;
struct xdp_md;
/* The kfunc, called from the BPF program only (declared for sparse). */
u64 kclick_xdp_rx(struct xdp_md *ctx);
void kc_xdp_init(void);

/* host.c */
/* Packet path: a frame ToHost handed back to dev (pass it to Linux). */
bool kc_host_returning(struct sk_buff *skb);
void kc_host_init(void);

/* chain.c: channels between graphs, the same steps as dev.c's hooks */
void kc_chan_commit(struct kc_inst *inst, struct kc_graph *graph);
void kc_chan_release_graph(struct kc_inst *inst, struct kc_graph *graph);

/* fromhost.c: devices graphs create, the same steps again */
void kc_fhost_commit(struct kc_inst *inst, struct kc_graph *graph);
void kc_fhost_release_graph(struct kc_inst *inst, struct kc_graph *graph);
bool kc_fhost_is_dev(const struct net_device *dev);

/* netlink.c */
int kc_genl_init(void);
void kc_genl_exit(void);
void kc_genl_event(struct net *net, u32 event, const char *graph,
		   const char *dev);

#endif /* KCLICK_KMOD_H */
