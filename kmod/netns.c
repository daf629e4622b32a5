// SPDX-License-Identifier: GPL-2.0
/*
 * Installed graphs, per network namespace: install, replace, remove, and
 * teardown when a namespace or the module goes away.  Everything here runs
 * in process context under RTNL (see "DOC: Locking" in kclick.h).
 */
#include <linux/rtnetlink.h>
#include <net/netns/generic.h>

#include "kclick.h"

unsigned int kc_net_id __read_mostly;
atomic_t kc_live_graphs = ATOMIC_INIT(0);
static atomic_t kc_next_id = ATOMIC_INIT(0);

/* A sanity bound, far above what anyone installs on purpose. */
#define KC_GRAPHS_PER_NET_MAX 100000

struct kc_inst *kc_inst_find(struct net *net, const char *name)
{
	struct kc_inst *inst;

	ASSERT_RTNL();
	list_for_each_entry(inst, &kc_net(net)->insts, node)
		if (!strcmp(inst->name, name))
			return inst;
	return NULL;
}

/* Old graph is out of the packet path: stop it, hand its state on, free. */
static void retire(struct kc_inst *inst, struct kc_graph *old,
		   struct kc_graph *successor)
{
	kc_dev_release_graph(inst, old);
	/* Receivers that saw the old elements are done after this. */
	synchronize_net();
	kc_graph_stop(old);
	if (successor)
		kc_graph_take_state(successor, old);
	kc_graph_destroy(old);
	atomic_dec(&kc_live_graphs);
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
	if (!inst) {
		if (kn->ninsts >= KC_GRAPHS_PER_NET_MAX)
			return kc_errf(err, ENOSPC,
				       "too many graphs in this namespace (%d)",
				       KC_GRAPHS_PER_NET_MAX);
		inst = kzalloc(sizeof(*inst), GFP_KERNEL_ACCOUNT);
		if (!inst)
			return -ENOMEM;
		inst->net = net;
		strscpy(inst->name, name, sizeof(inst->name));
		inst->id = atomic_inc_return(&kc_next_id);
		INIT_LIST_HEAD(&inst->devrefs);
		created = true;
	}

	g = kc_graph_build(d, inst, err, bad_elem);
	if (!g) {
		ret = -EINVAL;
		goto fail;
	}
	ret = kc_graph_initialize(g, err, bad_elem);
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
	if (created) {
		list_add_tail(&inst->node, &kn->insts);
		kn->ninsts++;
	} else {
		inst->gen++;
		retire(inst, old, g);
	}
	kc_genl_event(net, created ? KCLICK_EVENT_ADDED : KCLICK_EVENT_REPLACED,
		      inst->name, NULL);
	*out = inst;
	return 0;
fail:
	if (created)
		kfree(inst);
	return ret;
}

static void inst_free(struct kc_net *kn, struct kc_inst *inst)
{
	list_del(&inst->node);
	kn->ninsts--;
	retire(inst, inst->graph, NULL);
	WARN_ON_ONCE(!list_empty(&inst->devrefs));
	kfree(inst);
}

int kc_inst_remove(struct net *net, const char *name, struct kc_errbuf *err)
{
	struct kc_inst *inst = kc_inst_find(net, name);

	if (!inst)
		return kc_errf(err, ENOENT, "no graph '%s'", name);
	kc_genl_event(net, KCLICK_EVENT_REMOVED, inst->name, NULL);
	inst_free(kc_net(net), inst);
	return 0;
}

void kc_net_flush(struct net *net)
{
	struct kc_net *kn = kc_net(net);
	struct kc_inst *inst, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(inst, tmp, &kn->insts, node)
		inst_free(kn, inst);
}

static int __net_init kc_net_init(struct net *net)
{
	struct kc_net *kn = kc_net(net);

	INIT_LIST_HEAD(&kn->insts);
	kn->ninsts = 0;
	return 0;
}

/* The namespace is going away; its devices still exist at this point. */
static void __net_exit kc_net_exit(struct net *net)
{
	rtnl_lock();
	kc_net_flush(net);
	rtnl_unlock();
}

static struct pernet_operations kc_net_ops = {
	.init = kc_net_init,
	.exit = kc_net_exit,
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
