// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP way in (FromDevice METHOD XDP; docs/design.md "XDP"): a kfunc
 * that the library's BPF program (bpf/kclick_xdp.bpf.c) calls on every
 * frame, before the driver builds an skb.
 *
 * kclick_xdp_rx(ctx) finds the graph through the receiving device's
 * rx_handler_data (our kc_hook, held while the graph holds the device:
 * dev.c), runs the frame through it (engine/xdp.c) and answers the XDP
 * action in the low 8 bits, and for XDP_REDIRECT the target's ifindex in
 * the upper 32, which the program hands to bpf_redirect().  A device no
 * XDP graph holds gets XDP_PASS: a program left behind does no harm.
 *
 * Context: the driver's NAPI poll (native) or netif_receive_skb (generic),
 * softirq with rcu_read_lock held, as the rx_handler.  The graph is
 * reached through kc_hook.xref, an RCU pointer changed under RTNL only.
 *
 * A module registers kfuncs only with module BTF (without it 6.1's
 * register_btf_kfunc_id_set() warns and answers 0, registering nothing):
 * kc_xdp_init() looks for the module's BTF first, kc_xdp_ok stays false
 * without it and METHOD XDP is refused at install with a message saying
 * so (scripts/module-btf).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/xdp.h>

#include "kclick.h"

bool kc_xdp_ok;

__diag_push();
__diag_ignore_all("-Wmissing-prototypes",
		  "kfuncs are global, for BTF, and called from BPF only");

/* Packet path, see above.  ctx cannot be NULL (the verifier's PTR_TO_CTX). */
noinline u64 kclick_xdp_rx(struct xdp_md *ctx)
{
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	struct net_device *dev = xdp->rxq->dev;
	struct kc_devref *ref = kc_dev_xdp_ref(dev);
	struct kc_xdp x;
	u32 act;

	if (!ref)
		return XDP_PASS;
	x.data = xdp->data;
	x.len = xdp->data_end - xdp->data;
	x.ifindex = dev->ifindex;
	x.act = XDP_ABORTED;
	x.redirect = 0;
	x.paint = 0;
	act = kc_xdp_run(ref->elem, &x);
	if (act == XDP_REDIRECT)
		return ((u64)(u32)x.redirect << 32) | XDP_REDIRECT;
	return act;
}

__diag_pop();

BTF_SET8_START(kc_xdp_kfunc_ids)
BTF_ID_FLAGS(func, kclick_xdp_rx)
BTF_SET8_END(kc_xdp_kfunc_ids)

static const struct btf_kfunc_id_set kc_xdp_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &kc_xdp_kfunc_ids,
};

/*
 * Module load.  Never fails the load: graphs without METHOD XDP need no
 * BTF.  Module kfunc sets go with the module's BTF at unload (6.1 has no
 * unregister).
 */
void kc_xdp_init(void)
{
	int ret = -ENOENT;

	/*
	 * 6.1's register_btf_kfunc_id_set() answers 0 for a module without
	 * BTF (it only warns): look at the module's BTF ourselves.
	 */
#ifdef CONFIG_DEBUG_INFO_BTF_MODULES
	if (THIS_MODULE->btf_data_size)
		ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP,
						&kc_xdp_kfunc_set);
#endif
	kc_xdp_ok = !ret;
	if (ret)
		pr_notice("kclick: XDP kfunc not registered (%d): %s, METHOD XDP is refused\n",
			  ret, ret == -ENOENT ? "the module has no BTF" : "error");
}
