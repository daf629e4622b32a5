// SPDX-License-Identifier: GPL-2.0
/*
 * Channels between graphs of one network namespace (ToChannel ->
 * FromChannel, include/kclick/chan.h): the registry and its life cycle.
 *
 * DOC: Channels
 *
 * A channel is a (namespace, name) pair in one hash table for the whole
 * module, under RTNL.  Only install, replace, remove and handler reads
 * look names up; the packet path goes from a sender's kc_chanref straight
 * to the channel and reads one RCU pointer, kc_chan.rx, the receiving
 * element (RTNL is its update lock).
 *
 * Every ToChannel and FromChannel element holds a kc_chanref on the
 * channel, kept on its installed graph's (kc_inst) chanrefs list.  The
 * channel lives while any reference does, so a sender's pointer to it is
 * always valid; it is freed after a grace period once the last element
 * naming it is cleaned up.
 *
 * One installed graph (kc_inst) owns a channel's receiving side: a
 * FromChannel in another installed graph of the namespace is refused
 * while the owner has one, naming the owner.  The graph that replaces the
 * owner may claim it again: its FromChannel is attached while it is not
 * live yet (kc.rx still points at the old graph's element), and
 * kc_chan_commit() points kc.rx at the new element in the same RTNL
 * section that makes the new graph current, as kc_dev_commit() does for
 * FromDevice's hook.  A sender therefore reaches exactly one of the two
 * graphs with each packet; the old one stays intact until a grace period
 * after the swap (netns.c retire), so a packet already in it completes.
 * A graph that stops receiving (removed, or replaced by one without that
 * FromChannel) has kc.rx cleared by kc_chan_release_graph() before that
 * grace period; from then on senders drop and count ("drops" handler).
 *
 * Netns exit and module unload remove every graph (netns.c); their
 * elements' cleanup drops every reference, so no channel outlives them,
 * and module exit's rcu_barrier() waits for the last kfree_rcu.
 */
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <kclick/chan.h>

#include "kclick.h"

struct kc_chan {
	struct hlist_node node;		/* in kc_chans, RTNL */
	struct net *net;
	char name[KC_CHAN_NAME_MAX];
	struct kc_elem __rcu *rx;	/* RTNL; NULL: senders drop */
	struct kc_chanref *rx_ref;	/* the live receiver's reference, RTNL */
	struct kc_inst *owner;		/* receiving installed graph, RTNL */
	u32 nrefs;			/* RTNL: senders and receivers */
	u32 nrx;			/* RTNL: receivers (owner's old, new) */
	struct rcu_head rcu;
};

struct kc_chanref {
	struct list_head node;		/* in kc_inst.chanrefs, RTNL */
	struct kc_chan *chan;
	struct kc_inst *inst;
	struct kc_graph *graph;		/* the graph whose element this is */
	struct kc_elem *elem;
	bool rx;
};

/*
 * 1,024 buckets.  Lookups happen at install only (RTNL held); the number
 * of channels is bounded by the channel elements, themselves bounded by
 * kclick.max_elements per namespace.
 */
#define KC_CHAN_HASH_BITS 10
static DEFINE_HASHTABLE(kc_chans, KC_CHAN_HASH_BITS);
static atomic_t kc_live_chans = ATOMIC_INIT(0);

/* /sys/module/kclick/parameters/live_channels: tests see none is left. */
static int kc_live_chans_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&kc_live_chans));
}

static const struct kernel_param_ops kc_live_chans_ops = {
	.get = kc_live_chans_get,
};
module_param_cb(live_channels, &kc_live_chans_ops, NULL, 0444);
MODULE_PARM_DESC(live_channels, "channels in all namespaces (read-only)");

static u32 chan_hash(const struct net *net, const char *name)
{
	return jhash(name, strlen(name), net_hash_mix(net));
}

static struct kc_chan *chan_find(struct net *net, const char *name)
{
	struct kc_chan *ch;

	hash_for_each_possible(kc_chans, ch, node, chan_hash(net, name))
		if (net_eq(ch->net, net) && !strcmp(ch->name, name))
			return ch;
	return NULL;
}

/*
 * The channel called name in net, created (with no reference) if new;
 * an ERR_PTR on error.
 */
static struct kc_chan *chan_get(struct net *net, const char *name,
				struct kc_errbuf *err)
{
	struct kc_chan *ch = chan_find(net, name);
	struct kc_quote q;

	if (ch)
		return ch;
	if (strnlen(name, KC_CHAN_NAME_MAX) >= KC_CHAN_NAME_MAX)
		return ERR_PTR(kc_errf(err, EINVAL,
				       "channel name '%s' is too long",
				       kc_quote_str(&q, name)));
	ch = kzalloc(sizeof(*ch), GFP_KERNEL_ACCOUNT);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->net = net;
	strscpy(ch->name, name, sizeof(ch->name));
	hash_add(kc_chans, &ch->node, chan_hash(net, name));
	atomic_inc(&kc_live_chans);
	return ch;
}

/* Free ch once nothing refers to it (no packet path can reach it then). */
static void chan_put_unused(struct kc_chan *ch)
{
	if (ch->nrefs)
		return;
	hash_del(&ch->node);
	atomic_dec(&kc_live_chans);
	kfree_rcu(ch, rcu);
}

static int chan_attach(struct kc_elem *e, const char *name, bool rx,
		  struct kc_chanref **out, struct kc_errbuf *err)
{
	struct kc_inst *inst = e->graph->owner;
	struct kc_chanref *ref;
	struct kc_chan *ch;
	struct kc_quote q;

	ASSERT_RTNL();
	ch = chan_get(inst->net, name, err);
	if (IS_ERR(ch))
		return PTR_ERR(ch);
	if (rx && ch->owner && ch->owner != inst) {
		kc_errf(err, EBUSY,
			"channel '%s' is already received by graph '%s'",
			kc_quote_str(&q, name), ch->owner->name);
		goto busy;
	}
	if (rx) {
		list_for_each_entry(ref, &inst->chanrefs, node) {
			if (ref->rx && ref->chan == ch && ref->graph == e->graph) {
				kc_errf(err, EBUSY,
					"channel '%s' is already received from in this graph",
					kc_quote_str(&q, name));
				goto busy;
			}
		}
	}
	ref = kzalloc(sizeof(*ref), GFP_KERNEL_ACCOUNT);
	if (!ref) {
		chan_put_unused(ch);
		return -ENOMEM;
	}
	ref->chan = ch;
	ref->inst = inst;
	ref->graph = e->graph;
	ref->elem = e;
	ref->rx = rx;
	ch->nrefs++;
	if (rx) {
		ch->nrx++;
		ch->owner = inst;
	}
	list_add_tail(&ref->node, &inst->chanrefs);
	*out = ref;
	return 0;
busy:
	chan_put_unused(ch);
	return -EBUSY;
}

int kc_chan_rx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err)
{
	return chan_attach(e, name, true, out, err);
}

int kc_chan_tx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err)
{
	return chan_attach(e, name, false, out, err);
}

/* Element cleanup: the element's graph no longer runs. */
void kc_chan_release(struct kc_chanref *ref)
{
	struct kc_chan *ch;

	if (!ref)
		return;
	ASSERT_RTNL();
	ch = ref->chan;
	list_del(&ref->node);
	if (ref->rx) {
		/* kc_chan_release_graph() ran first for a live graph. */
		if (ch->rx_ref == ref) {
			RCU_INIT_POINTER(ch->rx, NULL);
			ch->rx_ref = NULL;
		}
		if (!--ch->nrx)
			ch->owner = NULL;
	}
	ch->nrefs--;
	chan_put_unused(ch);
	kfree(ref);
}

void kc_chan_commit(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_chanref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->chanrefs, node) {
		if (ref->graph != graph || !ref->rx)
			continue;
		rcu_assign_pointer(ref->chan->rx, ref->elem);
		ref->chan->rx_ref = ref;
	}
}

void kc_chan_release_graph(struct kc_inst *inst, struct kc_graph *graph)
{
	struct kc_chanref *ref;

	ASSERT_RTNL();
	list_for_each_entry(ref, &inst->chanrefs, node) {
		if (ref->graph != graph || ref->chan->rx_ref != ref)
			continue;
		RCU_INIT_POINTER(ref->chan->rx, NULL);
		ref->chan->rx_ref = NULL;
	}
}

/* Packet path: softirq or task, rcu_read_lock held. */
struct kc_elem *kc_chan_receiver(struct kc_chanref *ref)
{
	return rcu_dereference(ref->chan->rx);
}

/* Handler read, RTNL held. */
void kc_chan_describe(struct kc_chanref *ref, struct kc_buf *out)
{
	struct kc_chanref *rx = ref->chan->rx_ref;

	ASSERT_RTNL();
	if (rx)
		kc_buf_printf(out, "%s", rx->inst->name);
}
