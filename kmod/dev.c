// SPDX-License-Identifier: GPL-2.0
/*
 * Devices: FromDevice's receive hook (an rx_handler) and ToDevice's
 * transmit, and what happens when devices come and go.
 *
 * A graph claims devices while it is initialised (not yet live): a device
 * it receives from gets our rx_handler with a hook whose element pointer is
 * still NULL, so packets keep flowing to the stack until kc_dev_commit()
 * points the hook at the graph.  A replacing graph reuses the hooks of the
 * graph it replaces, so the swap is one pointer store per device: no packet
 * goes astray and none is lost.
 *
 * All functions but the rx_handler and kc_dev_xmit/kc_dev_tx_ready run
 * under RTNL.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "kclick.h"

/*
 * Packet path: make skb what a graph expects -- data at the Ethernet
 * header, annotations zeroed, charged to nobody -- and run it.  Consumes
 * skb.
 */
static void rx_run(struct kc_devref *ref, struct sk_buff *skb)
{
	/*
	 * A graph is a forwarding path, and it may hold a frame for as long
	 * as it likes (a Queue in front of a slow or idle puller).  So the
	 * frame stops being charged to whoever sent it here, as when the
	 * stack receives it: a local sender's socket (veth in the same
	 * namespace keeps skb->sk) would otherwise run out of send buffer
	 * for frames it no longer controls and a blocking sender would sleep
	 * forever; zero-copy pages of a local sender are copied rather than
	 * pinned for that long.  Backpressure through a graph is its queues'
	 * tail drop, as in a router.
	 */
	if (unlikely(skb_orphan_frags_rx(skb, GFP_ATOMIC))) {
		atomic64_inc(&ref->drops);
		kfree_skb(skb);
		return;
	}
	skb_orphan(skb);
	/*
	 * Click's FromDevice hands out packets from the Ethernet header;
	 * a CHECKSUM_COMPLETE sum then covers the header too.
	 */
	skb_push_rcsum(skb, skb->data - skb_mac_header(skb));
	memset(skb->cb, 0, sizeof(struct kc_anno));
	kc_run_from_device(ref->elem, kc_pkt_of(skb));
}

/*
 * Packet path: does dev run an XDP program (any mode)?  xdp_state is
 * written under RTNL once the driver has the program (dev_xdp_install); a
 * racy read only moves the moment a frame switches paths.
 */
static bool kc_dev_xdp_attached(const struct net_device *dev)
{
	int m;

	for (m = 0; m < __MAX_XDP_MODE; m++)
		if (READ_ONCE(dev->xdp_state[m].prog) ||
		    READ_ONCE(dev->xdp_state[m].link))
			return true;
	return false;
}

/*
 * Packet path: softirq, called by __netif_receive_skb with rcu_read_lock
 * held, after taps and tc ingress.
 */
static rx_handler_result_t kc_rx_handler(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct kc_devref *ref;
	struct kc_hook *hook;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	/* A graph's ToHost gave it back to Linux: never to a graph again. */
	if (kc_host_returning(skb))
		return RX_HANDLER_PASS;
	hook = rcu_dereference(skb->dev->rx_handler_data);
	ref = rcu_dereference(hook->ref);
	if (unlikely(!ref)) {
		/*
		 * METHOD XDP: frames come through the kfunc, and what reaches
		 * us was passed (ToHost).  But until the library has attached
		 * the program (a graph just installed, or replacing a LINUX
		 * one), or after someone detached it, skbs still arrive here:
		 * they run the graph on this path, so none is lost to the
		 * stack.  Every XDP-capable class has a push method too.
		 */
		ref = rcu_dereference(hook->xref);
		if (!ref || kc_dev_xdp_attached(skb->dev))
			return RX_HANDLER_PASS;
	}

	if (ref->sniffer) {
		/*
		 * FromDevice(..., SNIFFER true): the graph gets a copy of the
		 * header (the data is shared until an element writes, which
		 * unshares it) and Linux the frame, as a packet socket would.
		 */
		struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);

		if (likely(copy))
			rx_run(ref, copy);
		else
			atomic64_inc(&ref->drops);
		return RX_HANDLER_PASS;
	}
	/* Taps may hold a reference: elements change the skb. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		atomic64_inc(&ref->drops);
		return RX_HANDLER_CONSUMED;
	}
	rx_run(ref, skb);
	return RX_HANDLER_CONSUMED;
}

static bool is_our_hook(const struct net_device *dev)
{
	return rtnl_dereference(dev->rx_handler) == kc_rx_handler;
}

/*
 * Packet path (the XDP kfunc, RCU read side): the devref of the graph that
 * receives dev's frames through XDP.  The handler is read before its data,
 * as __netif_receive_skb does; the hook outlives readers (kfree_rcu).
 */
struct kc_devref *kc_dev_xdp_ref(struct net_device *dev)
{
	struct kc_hook *hook;

	if (rcu_dereference(dev->rx_handler) != kc_rx_handler)
		return NULL;
	hook = rcu_dereference(dev->rx_handler_data);
	return hook ? rcu_dereference(hook->xref) : NULL;
}

/*
 * RTNL: point ref's hook at ref, in ref's mode: the rx_handler's pointer
 * (skbs) or the XDP kfunc's, the other one cleared, so a graph replaced by
 * one of the other mode takes the device over in two stores.
 */
static void hook_publish(struct kc_devref *ref)
{
	struct kc_hook *hook = ref->hook;

	if (ref->xdp) {
		rcu_assign_pointer(hook->xref, ref);
		RCU_INIT_POINTER(hook->ref, NULL);
	} else {
		rcu_assign_pointer(hook->ref, ref);
		RCU_INIT_POINTER(hook->xref, NULL);
	}
}

/* Say who owns a device's receive path, as precisely as we can. */
static int explain_busy(struct net_device *dev, struct kc_inst *inst,
			struct kc_errbuf *err)
{
	struct net_device *master = netdev_master_upper_dev_get(dev);
	const char *what = "another subsystem";
	struct kc_hook *hook;

	if (is_our_hook(dev)) {
		hook = rtnl_dereference(dev->rx_handler_data);
		return kc_errf(err, EBUSY,
			       "device %s is already used by graph '%s'",
			       dev->name, hook->inst->name);
	}
	if (netif_is_bridge_port(dev))
		what = "bridge";
	else if (netif_is_bond_slave(dev))
		what = "bond";
	else if (netif_is_team_port(dev))
		what = "team";
	else if (netif_is_ovs_port(dev))
		what = "openvswitch datapath";
	else if (netif_is_macvlan_port(dev))
		what = "macvlan/macvtap";
	if (master)
		return kc_errf(err, EBUSY, "device %s is already a port of %s %s",
			       dev->name, what, master->name);
	return kc_errf(err, EBUSY,
		       "device %s already has a receive handler (%s)",
		       dev->name, what);
}

static struct kc_devref *find_ref(struct kc_inst *inst, struct kc_graph *g,
				  const char *name, bool rx)
{
	struct kc_devref *ref;

	list_for_each_entry(ref, &inst->devrefs, node)
		if (ref->graph == g && ref->rx == rx && !strcmp(ref->name, name))
			return ref;
	return NULL;
}

static int hook_attach(struct kc_devref *ref, struct net_device *dev,
		       struct kc_errbuf *err)
{
	struct kc_hook *hook;
	int ret;

	/* Replacing: take over the hook of the same graph's previous version. */
	if (is_our_hook(dev)) {
		hook = rtnl_dereference(dev->rx_handler_data);
		if (hook->inst != ref->inst)
			return explain_busy(dev, ref->inst, err);
		ref->hook = hook;
		return 0;
	}
	hook = kzalloc(sizeof(*hook), GFP_KERNEL_ACCOUNT);
	if (!hook)
		return -ENOMEM;
	hook->inst = ref->inst;
	ret = netdev_rx_handler_register(dev, kc_rx_handler, hook);
	if (ret) {
		kfree(hook);
		if (ret == -EBUSY)
			return explain_busy(dev, ref->inst, err);
		return kc_errf(err, ret, "cannot hook device %s (%d)",
			       dev->name, ret);
	}
	ref->hook = hook;
	return 0;
}

/* Is hook still used by any devref other than skip? */
static bool hook_used(struct kc_inst *inst, struct kc_hook *hook,
		      struct kc_devref *skip)
{
	struct kc_devref *ref;

	list_for_each_entry(ref, &inst->devrefs, node)
		if (ref != skip && ref->hook == hook)
			return true;
	return false;
}

static void hook_detach(struct kc_devref *ref)
{
	struct kc_hook *hook = ref->hook;

	ref->hook = NULL;
	if (!hook || hook_used(ref->inst, hook, ref))
		return;
	netdev_rx_handler_unregister(ref->dev);
	kfree_rcu(hook, rcu);
}

/*
 * Elements read and write Ethernet frames: a device of another link type
 * (tun, ipip, ...) would get garbage, and the loopback device hands every
 * frame it sends straight back to its own receive path.
 */
static int dev_usable(struct net_device *dev, struct kc_errbuf *err)
{
	if (dev->flags & IFF_LOOPBACK)
		return kc_errf(err, EOPNOTSUPP,
			       "device %s is a loopback device: not supported",
			       dev->name);
	if (dev->type != ARPHRD_ETHER)
		return kc_errf(err, EOPNOTSUPP,
			       "device %s is not an Ethernet device (link type %u)",
			       dev->name, dev->type);
	return 0;
}

/* Bind ref to dev (present): hold it, hook it or publish it for transmit. */
static int ref_bind(struct kc_devref *ref, struct net_device *dev,
		    struct kc_errbuf *err)
{
	int ret;

	ret = dev_usable(dev, err);
	if (ret)
		return ret;
	/*
	 * What is sent on a FromHost device comes straight back to its
	 * FromHost: a loop with no TTL to end it (docs/limits.md).
	 */
	if (!ref->rx && !ref->host && kc_fhost_is_dev(dev))
		return kc_errf(err, ELOOP,
			       "device %s is a FromHost device: what is sent on it comes back to its FromHost (ToHost(%s) gives packets to the host)",
			       dev->name, dev->name);
	if (ref->promisc) {
		ret = dev_set_promiscuity(dev, 1);
		if (ret)
			return kc_errf(err, ret,
				       "cannot make device %s promiscuous (%d)",
				       dev->name, ret);
	}
	if (ref->rx) {
		ret = hook_attach(ref, dev, err);
		if (ret) {
			if (ref->promisc)
				dev_set_promiscuity(dev, -1);
			return ret;
		}
		/*
		 * LRO merges frames beyond what can be sent on again: off
		 * for good, as the bridge and forwarding IP do (GRO frames
		 * are fine, they are segmented again on transmit).
		 */
		dev_disable_lro(dev);
	}
	ref->dev = dev;
	netdev_hold(dev, &ref->tracker, GFP_KERNEL);
	return 0;
}

static void ref_unbind(struct kc_devref *ref)
{
	if (!ref->dev)
		return;
	/*
	 * A device unregistered while nobody listened (between kc_dev_exit
	 * and the namespaces' teardown on module unload) is only waiting
	 * for our reference: leave its flags alone.
	 */
	if (ref->promisc && ref->dev->reg_state == NETREG_REGISTERED)
		dev_set_promiscuity(ref->dev, -1);
	if (ref->rx)
		hook_detach(ref);
	else
		RCU_INIT_POINTER(ref->xdev, NULL);
	/* Readers may still use dev until a grace period ends: unregister
	 * waits for one (synchronize_net) after its notifiers run, and
	 * graph removal calls synchronize_net() before freeing refs.
	 */
	netdev_put(ref->dev, &ref->tracker);
	ref->dev = NULL;
}

static struct kc_devref *ref_new(struct kc_elem *e, const char *name, bool rx)
{
	struct kc_devref *ref = kzalloc(sizeof(*ref), GFP_KERNEL_ACCOUNT);

	if (!ref)
		return NULL;
	ref->inst = e->graph->owner;
	ref->graph = e->graph;
	ref->elem = e;
	ref->rx = rx;
	strscpy(ref->name, name, sizeof(ref->name));
	return ref;
}

static int attach(struct kc_elem *e, const char *name, bool rx, bool host,
		  struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_inst *inst = e->graph->owner;
	struct net_device *dev;
	struct kc_devref *ref;
	int ret;

	ASSERT_RTNL();
	if (strnlen(name, IFNAMSIZ) >= IFNAMSIZ)
		return kc_errf(err, EINVAL, "device name '%s' is too long", name);
	if (rx && find_ref(inst, e->graph, name, true))
		return kc_errf(err, EBUSY,
			       "device %s is already received from in this graph",
			       name);
	dev = __dev_get_by_name(inst->net, name);
	if (!dev)
		return kc_errf(err, ENODEV, "no device '%s' in this network namespace",
			       name);
	ref = ref_new(e, name, rx);
	if (!ref)
		return -ENOMEM;
	ref->host = host;
	ret = ref_bind(ref, dev, err);
	if (ret) {
		kfree(ref);
		return ret;
	}
	list_add_tail(&ref->node, &inst->devrefs);
	*out = ref;
	return 0;
}

int kc_dev_rx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err)
{
	return attach(e, name, true, false, out, err);
}

int kc_dev_tx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err)
{
	return attach(e, name, false, false, out, err);
}

/*
 * ToHost(DEVNAME) is bound like ToDevice(DEVNAME): held, dropped when the
 * device goes, taken back when it returns.  ToHost without a name holds
 * no device: host.c finds each packet's receiving device by index, under
 * RCU, when it delivers.
 */
int kc_host_attach(struct kc_elem *e, const char *name,
		   struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_devref *ref;

	if (name[0])
		return attach(e, name, false, true, out, err);
	ASSERT_RTNL();
	ref = ref_new(e, "", false);
	if (!ref)
		return -ENOMEM;
	ref->host = true;
	list_add_tail(&ref->node, &ref->inst->devrefs);
	*out = ref;
	return 0;
}

int kc_dev_rx_promisc(struct kc_devref *ref, struct kc_errbuf *err)
{
	int ret;

	ASSERT_RTNL();
	if (ref->promisc)
		return 0;
	if (ref->dev) {
		ret = dev_set_promiscuity(ref->dev, 1);
		if (ret)
			return kc_errf(err, ret,
				       "cannot make device %s promiscuous (%d)",
				       ref->name, ret);
	}
	ref->promisc = true;
	return 0;
}

/*
 * FromDevice(..., SNIFFER true): Linux keeps the frames, the graph gets
 * copies.  Configure time, before the graph goes live.
 */
int kc_dev_rx_sniffer(struct kc_devref *ref, struct kc_errbuf *err)
{
	ASSERT_RTNL();
	ref->sniffer = true;
	return 0;
}

/*
 * FromDevice(..., METHOD XDP): the XDP kfunc gets the frames, the
 * rx_handler passes what XDP passes.  Configure time, before the graph
 * goes live.
 */
int kc_dev_rx_xdp(struct kc_devref *ref, struct kc_errbuf *err)
{
	ASSERT_RTNL();
	if (!kc_xdp_ok)
		return kc_errf(err, EOPNOTSUPP,
			       "METHOD XDP: the module's XDP kfunc is not registered: kclick.ko was built without BTF (scripts/module-btf; dmesg says why)");
	ref->xdp = true;
	return 0;
}

bool kc_dev_rx_xdp_native(struct kc_devref *ref, const char **why)
{
	ASSERT_RTNL();
	if (!kc_xdp_ok)
		*why = "the module's XDP kfunc is not registered (kclick.ko built without BTF)";
	else if (!ref->dev)
		*why = "the device is not there yet";
	else if (!ref->dev->netdev_ops->ndo_bpf)
		*why = "the device's driver has no native XDP";
	else
		return true;
	return false;
}

/* Packet path: ToDevice's and ToHost's device, for XDP_TX or a redirect. */
int kc_dev_ifindex(struct kc_devref *ref)
{
	struct net_device *dev = rcu_dereference(ref->xdev);

	return dev ? dev->ifindex : 0;
}

/* Frames the receive hook lost for ref's element (no memory for a copy). */
u64 kc_dev_rx_drops(struct kc_devref *ref)
{
	return atomic64_read(&ref->drops);
}

/* Element cleanup: the graph no longer runs (a grace period has passed). */
void kc_dev_release(struct kc_devref *ref)
{
	if (!ref)
		return;
	ASSERT_RTNL();
	ref_unbind(ref);
	list_del(&ref->node);
	kfree(ref);
}

void kc_dev_commit(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_devref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->devrefs, node) {
		if (ref->graph != graph || !ref->dev)
			continue;
		if (ref->rx)
			hook_publish(ref);
		else
			rcu_assign_pointer(ref->xdev, ref->dev);
	}
}

/*
 * Before an old graph is freed: hooks it shares with the new graph already
 * point at the new elements; hooks only it used stop delivering now, and
 * are unregistered when its elements release them.
 */
void kc_dev_release_graph(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_devref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->devrefs, node) {
		if (ref->graph != graph || !ref->hook)
			continue;
		if (!hook_used(inst, ref->hook, ref)) {
			RCU_INIT_POINTER(ref->hook->ref, NULL);
			RCU_INIT_POINTER(ref->hook->xref, NULL);
		}
	}
}

/* Packet path (softirq or task, RCU read side). */
int kc_dev_xmit(struct kc_devref *ref, struct kc_pkt *p)
{
	struct sk_buff *skb = kc_skb(p);
	struct net_device *dev = rcu_dereference(ref->xdev);
	int ret;

	if (unlikely(!dev || skb->len < ETH_HLEN)) {
		kfree_skb(skb);
		return -ENETDOWN;
	}
	/*
	 * What the bridge and openvswitch do before they send a frame they
	 * forward: the receive timestamp is no departure time for fq and
	 * friends (skb_clear_tstamp keeps a sender's mono delivery time);
	 * elements may have changed the frame, so a receive checksum no
	 * longer holds (skb_forward_csum; CHECKSUM_PARTIAL stays valid, its
	 * offsets move with the data); the receive route, tunnel metadata,
	 * conntrack entry, switchdev forwarding marks and pkt_type belong to
	 * the receive side (skb_scrub_packet, same namespace: mark and
	 * priority are kept).  A frame too big for dev is dropped as the
	 * bridge does (is_skb_forwardable; GSO frames pass).
	 */
	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	skb_forward_csum(skb);
	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb->protocol = eth_hdr(skb)->h_proto;
	if (!(kc_pkt_anno(p)->flags & KC_ANNO_F_NH_SET) &&
	    skb->network_header < skb->mac_header + ETH_HLEN)
		skb_set_network_header(skb, ETH_HLEN);
	skb_reset_mac_len(skb);
	if (unlikely(!is_skb_forwardable(dev, skb))) {
		kfree_skb(skb);
		return -EMSGSIZE;
	}
	ret = dev_queue_xmit(skb);
	return ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN ? 0 : -ENOBUFS;
}

/*
 * Ready unless every transmit queue of the device is stopped.
 *
 * The queue a frame takes is chosen inside dev_queue_xmit
 * (netdev_core_pick_tx: the socket's or the flow hash's queue, XPS by the
 * sending CPU), from the frame itself, which ToDevice has not pulled yet.
 * Looking at queue 0 (what this did) stalls ToDevice while queue 0 alone
 * is full and the frame would have gone to another one, and protects
 * nothing when the frame's own queue is the full one.  A stopped queue
 * only means "the driver's ring is full": on a device with a qdisc (a
 * multi-queue virtio-net has mq with a qdisc per queue) a frame for it
 * waits in that queue's qdisc, bounded by txqueuelen, and frames for the
 * other queues go on.  So ToDevice pulls while the device can make
 * progress on any queue, and waits (backs off) only when it can make none.
 * Cost: one test per queue in the worst case, real_num_tx_queues at most
 * (bounded by the device), one in the usual case.
 */
bool kc_dev_tx_ready(struct kc_devref *ref)
{
	struct net_device *dev = rcu_dereference(ref->xdev);
	unsigned int i;

	/* A missing or down device is "ready": kc_dev_xmit drops and counts,
	 * so a queue in front of it drains instead of going stale.
	 */
	if (!dev || !netif_running(dev))
		return true;
	for (i = 0; i < dev->real_num_tx_queues; i++)
		if (!netif_xmit_stopped(netdev_get_tx_queue(dev, i)))
			return true;
	return false;
}

/* A device of a graph disappeared or came back: tell whoever listens. */
static void device_gone(struct kc_devref *ref)
{
	ref_unbind(ref);
	kc_genl_event(ref->inst->net, KCLICK_EVENT_DEVICE_LOST,
		      ref->inst->name, ref->name);
}

static void device_back(struct kc_devref *ref, struct net_device *dev)
{
	struct kc_errbuf err;

	if (ref_bind(ref, dev, &err)) {
		net_warn_ratelimited("kclick: graph '%s' cannot take device %s back: %s\n",
				     ref->inst->name, dev->name, err.msg);
		return;
	}
	if (ref->rx)
		hook_publish(ref);
	else
		rcu_assign_pointer(ref->xdev, ref->dev);
	kc_genl_event(ref->inst->net, KCLICK_EVENT_DEVICE_BACK,
		      ref->inst->name, ref->name);
}

/*
 * Set (under RTNL) once the module is going away.  Unregistering the
 * notifier replays NETDEV_UNREGISTER for every device; the namespaces'
 * state still exists then (kc_exit removes the notifier before the
 * pernet operations), but the replay must not unbind devices from graphs
 * behind the namespaces' backs nor send events from a family that is
 * gone: kc_netns_exit tears the graphs down properly right after.  (Found
 * by KASAN in make check-debug: a use-after-free on rmmod, when the
 * notifier still ran after the namespaces' state was freed.)
 */
static bool kc_dev_exiting;

static int kc_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct kc_devref *ref, *tmp;
	struct kc_inst *inst;
	struct kc_net *kn;

	if (kc_dev_exiting)
		return NOTIFY_DONE;
	kn = kc_net(dev_net(dev));
	if (!kn)
		return NOTIFY_DONE;
	list_for_each_entry(inst, &kn->insts, node) {
		list_for_each_entry_safe(ref, tmp, &inst->devrefs, node) {
			if (ref->graph != inst->graph)
				continue;
			switch (event) {
			case NETDEV_UNREGISTER:
			case NETDEV_CHANGENAME:
				if (ref->dev == dev)
					device_gone(ref);
				if (event == NETDEV_CHANGENAME && !ref->dev &&
				    !strcmp(ref->name, dev->name))
					device_back(ref, dev);
				break;
			case NETDEV_REGISTER:
				if (!ref->dev && !strcmp(ref->name, dev->name))
					device_back(ref, dev);
				break;
			}
		}
	}
	return NOTIFY_DONE;
}

static struct notifier_block kc_netdev_notifier = {
	.notifier_call = kc_netdev_event,
};

int kc_dev_init(void)
{
	kc_host_init();
	return register_netdevice_notifier(&kc_netdev_notifier);
}

void kc_dev_exit(void)
{
	rtnl_lock();
	kc_dev_exiting = true;
	rtnl_unlock();
	unregister_netdevice_notifier(&kc_netdev_notifier);
}
