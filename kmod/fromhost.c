// SPDX-License-Identifier: GPL-2.0
/*
 * Devices graphs create (FromHost, include/kclick/fromhost.h): a virtual
 * Ethernet device whose transmit hands frames to a graph.
 *
 * DOC: FromHost devices
 *
 * Life cycle, all under RTNL (install, replace, remove, netns exit and
 * module unload hold it around build, initialize and cleanup): the
 * device is registered by the first FromHost element that names it, at
 * initialize -- process context, never softirq -- and belongs to that
 * element's installed graph (kc_inst).  Every FromHost element naming it
 * holds a kc_fhostref, kept on its kc_inst's fhostrefs list; a graph
 * replacing the owner attaches to the same device (it is found by name
 * and by our netdev_ops and owner), so the device outlives the old
 * graph's cleanup.  The last reference's release unregisters it
 * (unregister_netdevice under RTNL; the device is freed after rtnl_unlock
 * runs its todo list).  On netns exit our pernet exit runs before the
 * core deletes the namespace's devices, and removes every graph first.
 *
 * Packet path: ndo_start_xmit only queues.  It runs with BH disabled
 * (process context for locally sent frames, softirq for forwarded ones),
 * holding the device's one transmit queue lock; it puts the frame in a
 * ptr_ring of CAPACITY and schedules the receiving element's task, which
 * pushes BURST frames per run into the graph from its tasklet.  So the
 * graph never runs inside the host's transmit, and never recurses into
 * itself through it.
 * While the ring is full the transmit queue is stopped (the qdisc above
 * holds frames, bounded by txqueuelen); the consumer wakes it.
 * ToDevice(DEVNAME) on a FromHost device is refused (dev.c): a frame
 * would go round without end, paced by the task, with no TTL to stop it.
 * Loops through the host (ToHost, then the host routes into the device)
 * pass IP forwarding, whose TTL ends them.
 *
 * The receiving element is one RCU pointer, fh->rx, set by
 * kc_fhost_commit() when a graph goes live and cleared by
 * kc_fhost_release_graph() when it stops receiving, as chain.c does for
 * channels.  Frames queued while no graph receives wait for the next.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/ptr_ring.h>
#include <linux/rtnetlink.h>
#include <kclick/fromhost.h>

#include "kclick.h"

struct kc_fhost {
	struct net_device *dev;
	struct kc_inst *owner;		/* RTNL */
	struct kc_elem __rcu *rx;	/* RTNL; NULL: frames wait */
	struct kc_fhostref *rx_ref;	/* RTNL */
	u32 nrefs;			/* RTNL */
	u32 capacity;
	atomic64_t drops;
	struct ptr_ring ring;
};

struct kc_fhostref {
	struct list_head node;		/* in kc_inst.fhostrefs, RTNL */
	struct kc_fhost *fh;
	struct kc_graph *graph;
	struct kc_elem *elem;
};

/* Packet path: BH disabled, the transmit queue lock held. */
static netdev_tx_t fhost_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct kc_fhost *fh = netdev_priv(dev);
	unsigned int len = skb->len;
	struct kc_elem *e;

	if (unlikely(ptr_ring_produce(&fh->ring, skb))) {
		atomic64_inc(&fh->drops);
		kfree_skb(skb);
	} else {
		dev_lstats_add(dev, len);
	}
	/*
	 * The locked test: a replace may resize the ring (ptr_ring_resize,
	 * under both locks) while the host transmits.
	 */
	if (ptr_ring_full(&fh->ring)) {
		netif_stop_queue(dev);
		/* Pairs with the barrier in kc_fhost_dequeue. */
		smp_mb__after_atomic();
		if (!ptr_ring_full(&fh->ring))
			netif_wake_queue(dev);
	}
	rcu_read_lock();
	e = rcu_dereference(fh->rx);
	if (e)
		kc_task_schedule(e);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int fhost_init(struct net_device *dev)
{
	struct kc_fhost *fh = netdev_priv(dev);
	int ret;

	dev->lstats = netdev_alloc_pcpu_stats(struct pcpu_lstats);
	if (!dev->lstats)
		return -ENOMEM;
	ret = ptr_ring_init(&fh->ring, fh->capacity, GFP_KERNEL_ACCOUNT);
	if (ret) {
		free_percpu(dev->lstats);
		return ret;
	}
	return 0;
}

static void fhost_free_skb(void *ptr)
{
	kfree_skb(ptr);
}

/* Unregister: the device is closed and no transmit runs any more. */
static void fhost_uninit(struct net_device *dev)
{
	struct kc_fhost *fh = netdev_priv(dev);
	void *skb;

	/*
	 * The element's task consumes in softirq, so the consumer lock is
	 * taken with BH off here too: ptr_ring_cleanup's own draining takes
	 * it plainly, which lockdep reported on the debug kernel
	 * (inconsistent IN-SOFTIRQ-W -> SOFTIRQ-ON-W, check-debug run 7).
	 */
	while ((skb = ptr_ring_consume_bh(&fh->ring)))
		fhost_free_skb(skb);
	ptr_ring_cleanup(&fh->ring, NULL);
	free_percpu(dev->lstats);
}

static void fhost_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *s)
{
	struct kc_fhost *fh = netdev_priv(dev);

	dev_lstats_read(dev, &s->tx_packets, &s->tx_bytes);
	s->tx_dropped = atomic64_read(&fh->drops);
}

static const struct net_device_ops kc_fhost_ops = {
	.ndo_init = fhost_init,
	.ndo_uninit = fhost_uninit,
	.ndo_start_xmit = fhost_xmit,
	.ndo_get_stats64 = fhost_get_stats64,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static void fhost_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &kc_fhost_ops;
	dev->needs_free_netdev = true;
	/* The graph's namespace's: it cannot follow the device elsewhere. */
	dev->features |= NETIF_F_NETNS_LOCAL;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->min_mtu = 68;
	dev->max_mtu = 65535;
}

/* Is dev a FromHost device (ToDevice on it is refused, dev.c)? RTNL. */
bool kc_fhost_is_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &kc_fhost_ops;
}

/* The device named cfg->name, created for inst; ERR_PTR on error. */
static struct kc_fhost *fhost_create(struct kc_inst *inst,
				     const struct kc_fhost_cfg *cfg,
				     struct kc_errbuf *err)
{
	struct net_device *dev;
	struct kc_fhost *fh;
	int ret;

	if (!dev_valid_name(cfg->name))
		return ERR_PTR(kc_errf(err, EINVAL,
				       "DEVNAME: '%s' is not a valid device name",
				       cfg->name));
	dev = alloc_netdev(sizeof(*fh), cfg->name, NET_NAME_USER, fhost_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(dev, inst->net);
	fh = netdev_priv(dev);
	fh->dev = dev;
	fh->owner = inst;
	fh->capacity = cfg->capacity;
	dev->mtu = cfg->mtu;
	if (cfg->ether_set)
		eth_hw_addr_set(dev, cfg->ether);
	else
		eth_hw_addr_random(dev);
	ret = register_netdevice(dev);
	if (ret) {
		free_netdev(dev);
		return ERR_PTR(kc_errf(err, ret,
				       "DEVNAME: cannot create device %s (%d)",
				       cfg->name, ret));
	}
	ret = dev_change_flags(dev, dev->flags | IFF_UP, NULL);
	if (ret) {
		unregister_netdevice(dev);
		return ERR_PTR(kc_errf(err, ret,
				       "DEVNAME: cannot bring device %s up (%d)",
				       cfg->name, ret));
	}
	return fh;
}

/*
 * The device for e: this installed graph's own (a replace keeps it), or
 * a new one.  Any other device of that name is a clash.
 */
static struct kc_fhost *fhost_get(struct kc_elem *e,
				  const struct kc_fhost_cfg *cfg,
				  struct kc_errbuf *err)
{
	struct kc_inst *inst = e->graph->owner;
	struct kc_fhostref *ref;
	struct net_device *dev;
	struct kc_fhost *fh;
	int ret;

	dev = __dev_get_by_name(inst->net, cfg->name);
	if (!dev)
		return fhost_create(inst, cfg, err);
	if (dev->netdev_ops != &kc_fhost_ops)
		return ERR_PTR(kc_errf(err, EEXIST,
				       "DEVNAME: device %s already exists",
				       cfg->name));
	fh = netdev_priv(dev);
	if (fh->owner != inst)
		return ERR_PTR(kc_errf(err, EEXIST,
				       "DEVNAME: device %s belongs to graph '%s'",
				       cfg->name, fh->owner->name));
	list_for_each_entry(ref, &inst->fhostrefs, node)
		if (ref->fh == fh && ref->graph == e->graph)
			return ERR_PTR(kc_errf(err, EEXIST,
					       "DEVNAME: device %s is created by another FromHost of this graph",
					       cfg->name));
	/* Replacing: the new graph's CAPACITY and ETHER apply to the device. */
	if (cfg->capacity != fh->capacity) {
		ret = ptr_ring_resize(&fh->ring, cfg->capacity,
				      GFP_KERNEL_ACCOUNT, fhost_free_skb);
		if (ret)
			return ERR_PTR(ret);
		fh->capacity = cfg->capacity;
	}
	if (netif_queue_stopped(dev))
		netif_wake_queue(dev);
	if (cfg->ether_set && !ether_addr_equal(dev->dev_addr, cfg->ether)) {
		struct sockaddr sa = { .sa_family = dev->type };

		memcpy(sa.sa_data, cfg->ether, ETH_ALEN);
		ret = dev_set_mac_address(dev, &sa, NULL);
		if (ret)
			return ERR_PTR(kc_errf(err, ret,
					       "ETHER: cannot set it on %s (%d)",
					       cfg->name, ret));
	}
	if (dev->mtu != cfg->mtu) {
		ret = dev_set_mtu(dev, cfg->mtu);
		if (ret)
			return ERR_PTR(kc_errf(err, ret,
					       "MTU: cannot set %u on %s (%d)",
					       cfg->mtu, cfg->name, ret));
	}
	return fh;
}

int kc_fhost_attach(struct kc_elem *e, const struct kc_fhost_cfg *cfg,
		    struct kc_fhostref **out, struct kc_errbuf *err)
{
	struct kc_inst *inst = e->graph->owner;
	struct kc_fhostref *ref;
	struct kc_fhost *fh;

	ASSERT_RTNL();
	ref = kzalloc(sizeof(*ref), GFP_KERNEL_ACCOUNT);
	if (!ref)
		return -ENOMEM;
	fh = fhost_get(e, cfg, err);
	if (IS_ERR(fh)) {
		kfree(ref);
		return PTR_ERR(fh);
	}
	ref->fh = fh;
	ref->graph = e->graph;
	ref->elem = e;
	fh->nrefs++;
	list_add_tail(&ref->node, &inst->fhostrefs);
	*out = ref;
	return 0;
}

/* Element cleanup: the element's graph no longer runs. */
void kc_fhost_release(struct kc_fhostref *ref)
{
	struct kc_fhost *fh;

	if (!ref)
		return;
	ASSERT_RTNL();
	fh = ref->fh;
	list_del(&ref->node);
	if (fh->rx_ref == ref) {
		/* kc_fhost_release_graph() clears it first for a live graph. */
		RCU_INIT_POINTER(fh->rx, NULL);
		fh->rx_ref = NULL;
	}
	kfree(ref);
	if (--fh->nrefs)
		return;
	/*
	 * The last graph naming the device is gone: its tasks are stopped
	 * and a grace period has passed, so nothing consumes the ring; the
	 * ring and what waits in it go in ndo_uninit.
	 */
	unregister_netdevice(fh->dev);
}

void kc_fhost_commit(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_fhostref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->fhostrefs, node) {
		if (ref->graph != graph)
			continue;
		rcu_assign_pointer(ref->fh->rx, ref->elem);
		ref->fh->rx_ref = ref;
		/* Frames that arrived while no graph received. */
		if (!ptr_ring_empty_bh(&ref->fh->ring)) {
			local_bh_disable();
			kc_task_schedule(ref->elem);
			local_bh_enable();
		}
	}
}

void kc_fhost_release_graph(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_fhostref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->fhostrefs, node) {
		if (ref->graph != graph || ref->fh->rx_ref != ref)
			continue;
		RCU_INIT_POINTER(ref->fh->rx, NULL);
		ref->fh->rx_ref = NULL;
	}
}

/*
 * Task (softirq, RCU read side).  What rx_run (dev.c) does for a received
 * frame: no longer charged to the sending socket (a graph may hold it in
 * a Queue for long), route and conntrack of the way out dropped, the
 * created device as the receiving one.
 */
struct kc_pkt *kc_fhost_dequeue(struct kc_fhostref *ref)
{
	struct kc_fhost *fh = ref->fh;
	struct net_device *dev = fh->dev;
	struct sk_buff *skb;

	for (;;) {
		skb = ptr_ring_consume(&fh->ring);
		if (!skb)
			return NULL;
		/* Pairs with the barrier in fhost_xmit. */
		smp_mb();
		if (unlikely(netif_queue_stopped(dev)))
			netif_wake_queue(dev);
		if (likely(!skb_orphan_frags_rx(skb, GFP_ATOMIC)))
			break;
		atomic64_inc(&fh->drops);
		kfree_skb(skb);
	}
	skb_orphan(skb);
	skb_scrub_packet(skb, false);
	/* A local sender's departure time (TCP pacing) means nothing now. */
	skb_clear_tstamp(skb);
	skb->dev = dev;
	skb->skb_iif = dev->ifindex;
	skb_reset_mac_header(skb);
	memset(skb->cb, 0, sizeof(struct kc_anno));
	return kc_pkt_of(skb);
}

u32 kc_fhost_length(struct kc_fhostref *ref)
{
	struct ptr_ring *r = &ref->fh->ring;
	int n;

	ASSERT_RTNL();
	/* Slots between consumer and producer; an estimate under traffic. */
	spin_lock_bh(&r->producer_lock);
	n = READ_ONCE(r->producer) - READ_ONCE(r->consumer_head);
	spin_unlock_bh(&r->producer_lock);
	if (n < 0 || (!n && READ_ONCE(r->queue[r->producer])))
		n += r->size;
	return n;
}

u64 kc_fhost_drops(struct kc_fhostref *ref)
{
	return atomic64_read(&ref->fh->drops);
}

int kc_fhost_ifindex(struct kc_fhostref *ref)
{
	return ref->fh->dev->ifindex;
}
