// SPDX-License-Identifier: GPL-2.0
/*
 * Installed graphs, per network namespace: install, replace, remove, and
 * teardown when a namespace or the module goes away.  Everything here runs
 * in process context under RTNL (see "DOC: Locking" in kclick.h).
 */
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/netns/generic.h>

#include "kclick.h"

unsigned int kc_net_id __read_mostly;
atomic_t kc_live_graphs = ATOMIC_INIT(0);
static atomic_t kc_next_id = ATOMIC_INIT(0);

/*
 * Per-namespace quotas (docs/limits.md).  Memory is the third one: every
 * configure-time allocation is GFP_KERNEL_ACCOUNT, charged to the memory
 * cgroup of the process that installs, so a container's limit holds.
 * These two bound what memory does not: the work of a list dump, of a
 * namespace's teardown and of the element count in each.  Read at install
 * time only; root may change them at run time (graphs above a lowered
 * limit stay, new ones are refused).
 *
 * graphs: a sanity bound, far above what anyone installs on purpose; each
 * costs a few KB at least and a namespace's teardown does per-graph work.
 * elements: 16 graphs of the largest size (KCLICK_ELEMENTS_MAX), or ten
 * elements in each of 100,000 graphs.
 */
static unsigned int kc_max_graphs = 100000;
module_param_named(max_graphs, kc_max_graphs, uint, 0644);
MODULE_PARM_DESC(max_graphs, "graphs per network namespace (100000)");

static unsigned int kc_max_elements = 16 * KCLICK_ELEMENTS_MAX;
module_param_named(max_elements, kc_max_elements, uint, 0644);
MODULE_PARM_DESC(max_elements,
		 "elements in all graphs of one network namespace (1048576)");

struct kc_inst *kc_inst_find(struct net *net, const char *name)
{
	struct kc_inst *inst;

	ASSERT_RTNL();
	list_for_each_entry(inst, &kc_net(net)->insts, node)
		if (!strcmp(inst->name, name))
			return inst;
	return NULL;
}

/*
 * Second half of retiring a graph: no receiver sees it any more (its hooks
 * were released and a grace period passed); stop it, hand its state on,
 * free.
 */
static void retire_finish(struct kc_graph *old, struct kc_graph *successor)
{
	kc_graph_stop(old);
	if (successor)
		kc_graph_take_state(successor, old);
	kc_graph_destroy(old);
	atomic_dec(&kc_live_graphs);
}

/* Old graph is out of the packet path: stop it, hand its state on, free. */
static void retire(struct kc_inst *inst, struct kc_graph *old,
		   struct kc_graph *successor)
{
	kc_dev_release_graph(inst, old);
	kc_chan_release_graph(inst, old);
	kc_fhost_release_graph(inst, old);
	/* Receivers that saw the old elements are done after this. */
	synchronize_net();
	retire_finish(old, successor);
}

/* Would installing d (replacing old, if any) pass a namespace quota? */
static int check_quota(struct kc_net *kn, const struct kc_graph *old,
		       const struct kc_graph_desc *d, struct kc_errbuf *err)
{
	unsigned int max_graphs = READ_ONCE(kc_max_graphs);
	unsigned int max_elems = READ_ONCE(kc_max_elements);
	u64 after = (u64)kn->nelems - (old ? old->nelems : 0) + d->nelems;

	if (!old && kn->ninsts >= max_graphs)
		return kc_errf(err, ENOSPC,
			       "namespace has %u graphs; the limit is %u (module parameter kclick.max_graphs)",
			       kn->ninsts, max_graphs);
	if (after > max_elems)
		return kc_errf(err, ENOSPC,
			       "namespace has %llu elements in %u graphs; %u more would pass the limit of %u (module parameter kclick.max_elements)",
			       (unsigned long long)kn->nelems, kn->ninsts,
			       d->nelems, max_elems);
	return 0;
}

int kc_inst_install(struct net *net, const char *name, u32 flags,
		    const struct kc_graph_desc *d, struct kc_errbuf *err,
		    int *bad_elem, struct kc_inst **out)
{
	struct kc_net *kn = kc_net(net);
	struct kc_inst *inst;
	struct kc_graph *g, *old;
	bool created = false;
	int ret;

	ASSERT_RTNL();
	*bad_elem = -1;
	inst = kc_inst_find(net, name);
	if (inst && (!(flags & KCLICK_F_REPLACE) || (flags & KCLICK_F_EXCL)))
		return kc_errf(err, EEXIST,
			       "graph '%s' already exists (use --replace)", name);
	ret = check_quota(kn, inst ? inst->graph : NULL, d, err);
	if (ret)
		return ret;
	if (!inst) {
		inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
		if (!inst)
			return -ENOMEM;
		inst->net = net;
		strscpy(inst->name, name, sizeof(inst->name));
		inst->id = atomic_inc_return(&kc_next_id);
		INIT_LIST_HEAD(&inst->devrefs);
		INIT_LIST_HEAD(&inst->chanrefs);
		INIT_LIST_HEAD(&inst->fhostrefs);
		/* Dumps see it only once it is on the list (both under RTNL). */
		ret = xa_insert(&kn->ids, inst->id, inst, GFP_KERNEL_ACCOUNT);
		if (ret) {
			kfree(inst);
			if (ret == -EBUSY)	/* 2^32 installs later */
				return kc_errf(err, EBUSY,
					       "graph id %u is still in use",
					       inst->id);
			return ret;
		}
		created = true;
	}

	g = kc_graph_build(d, inst, err, bad_elem);
	if (!g) {
		ret = -EINVAL;
		goto fail;
	}
	ret = kc_graph_init_elements(g, err, bad_elem);
	if (ret) {
		/* Never live: its hooks only ever passed packets on. */
		kc_dev_release_graph(inst, g);
		synchronize_net();
		kc_graph_destroy(g);
		goto fail;
	}

	atomic_inc(&kc_live_graphs);
	old = inst->graph;
	inst->graph = g;
	kc_dev_commit(inst, g);
	kc_chan_commit(inst, g);
	kc_fhost_commit(inst, g);
	/* Only now can what a task sends reach its devices (graph.h). */
	kc_graph_start_tasks(g);
	kn->nelems += g->nelems;
	if (created) {
		list_add_tail(&inst->node, &kn->insts);
		kn->ninsts++;
	} else {
		kn->nelems -= old->nelems;
		inst->gen++;
		retire(inst, old, g);
	}
	kc_genl_event(net, created ? KCLICK_EVENT_ADDED : KCLICK_EVENT_REPLACED,
		      inst->name, NULL);
	*out = inst;
	return 0;
fail:
	if (created) {
		xa_erase(&kn->ids, inst->id);
		kfree(inst);
	}
	return ret;
}

/*
 * Removing a graph, first half: off the namespace's books and out of the
 * packet path; it may still run until a grace period has passed.
 */
static void inst_unlink(struct kc_net *kn, struct kc_inst *inst)
{
	list_del(&inst->node);
	xa_erase(&kn->ids, inst->id);
	kn->ninsts--;
	kn->nelems -= inst->graph->nelems;
	kc_dev_release_graph(inst, inst->graph);
	kc_chan_release_graph(inst, inst->graph);
	kc_fhost_release_graph(inst, inst->graph);
}

/* Second half, after a grace period. */
static void inst_finish(struct kc_inst *inst)
{
	retire_finish(inst->graph, NULL);
	WARN_ON_ONCE(!list_empty(&inst->devrefs));
	kfree(inst);
}

int kc_inst_remove(struct net *net, const char *name, struct kc_errbuf *err)
{
	struct kc_inst *inst = kc_inst_find(net, name);

	if (!inst)
		return kc_errf(err, ENOENT, "no graph '%s'", name);
	kc_genl_event(net, KCLICK_EVENT_REMOVED, inst->name, NULL);
	inst_unlink(kc_net(net), inst);
	synchronize_net();
	inst_finish(inst);
	return 0;
}

static int __net_init kc_net_init(struct net *net)
{
	struct kc_net *kn = kc_net(net);

	INIT_LIST_HEAD(&kn->insts);
	xa_init(&kn->ids);
	kn->ninsts = 0;
	kn->nelems = 0;
	return 0;
}

/*
 * A batch of namespaces is going away (or the module is: then it is every
 * namespace), under RTNL, before their devices are unregistered.  Every
 * graph of every one of them leaves the packet path first, then ONE grace
 * period covers them all (not one per graph: up to max_graphs per
 * namespace), then each is stopped and freed.  Freeing a graph's receive
 * hooks still costs netdev_rx_handler_unregister's own grace period per
 * device received from (an expedited one, RTNL is held), which the
 * devices' own unregistration dwarfs.
 */
static void __net_exit kc_net_exit_batch_rtnl(struct list_head *net_list,
					      struct list_head *dev_kill_list)
{
	struct kc_inst *inst, *tmp;
	LIST_HEAD(dead);
	struct kc_net *kn;
	struct net *net;

	ASSERT_RTNL();
	list_for_each_entry(net, net_list, exit_list) {
		kn = kc_net(net);
		list_for_each_entry_safe(inst, tmp, &kn->insts, node) {
			inst_unlink(kn, inst);
			list_add_tail(&inst->node, &dead);
		}
		WARN_ON_ONCE(!xa_empty(&kn->ids));
		xa_destroy(&kn->ids);
	}
	if (list_empty(&dead))
		return;
	synchronize_net();
	list_for_each_entry_safe(inst, tmp, &dead, node) {
		list_del(&inst->node);
		inst_finish(inst);
		cond_resched();
	}
}

static struct pernet_operations kc_net_ops = {
	.init = kc_net_init,
	.exit_batch_rtnl = kc_net_exit_batch_rtnl,
	.id = &kc_net_id,
	.size = sizeof(struct kc_net),
};

int kc_netns_init(void)
{
	return register_pernet_device(&kc_net_ops);
}

void kc_netns_exit(void)
{
	unregister_pernet_device(&kc_net_ops);
}
