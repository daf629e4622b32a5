// SPDX-License-Identifier: GPL-2.0
/*
 * kclick.ko: Click-style element graphs on the receive path of Linux
 * devices.  This file only brings the pieces up and down, in order.
 */
#include <linux/module.h>
#include <linux/rtnetlink.h>

#include "kclick.h"

/*
 * /sys/module/kclick/parameters/live_graphs (read-only): graphs built and
 * not yet freed, in every namespace, old versions waiting for a grace
 * period included.  Tests use it to see that nothing is left behind.
 */
static int kc_live_graphs_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&kc_live_graphs));
}

static const struct kernel_param_ops kc_live_graphs_ops = {
	.get = kc_live_graphs_get,
};
module_param_cb(live_graphs, &kc_live_graphs_ops, NULL, 0444);
MODULE_PARM_DESC(live_graphs, "graphs alive in all namespaces (read-only)");

static int __init kc_init(void)
{
	int ret;

	ret = kc_netns_init();
	if (ret)
		goto err_netns;
	ret = kc_dev_init();
	if (ret)
		goto err_dev;
	kc_xdp_init();
	/* Last: once the family exists, requests can arrive. */
	ret = kc_genl_init();
	if (ret)
		goto err_genl;
	pr_info("kclick: version %s loaded\n", KC_MODULE_VERSION);
	return 0;

err_genl:
	kc_dev_exit();
err_dev:
	kc_netns_exit();
err_netns:
	return ret;
}

/*
 * The mirror of kc_init: no new requests; no more device events (the
 * notifier goes while every namespace's state still exists, so it never
 * sees a freed kc_net); then every namespace's graphs are removed.
 */
static void __exit kc_exit(void)
{
	kc_genl_exit();
	kc_dev_exit();
	kc_netns_exit();
	/* Hooks are freed with kfree_rcu. */
	rcu_barrier();
	WARN_ON(atomic_read(&kc_live_graphs));
}

module_init(kc_init);
module_exit(kc_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(KC_MODULE_VERSION);
MODULE_AUTHOR("The kclick developers");
MODULE_DESCRIPTION("Click-style modular dataplane in the kernel");
MODULE_ALIAS_GENL_FAMILY(KCLICK_GENL_NAME);
