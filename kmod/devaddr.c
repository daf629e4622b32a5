// SPDX-License-Identifier: GPL-2.0
/*
 * Device names as addresses (include/kclick/names.h): "eth0" in an
 * argument that takes an address is eth0's primary IPv4 address, its
 * prefix or its Ethernet address, as in Click's kernel driver; "eth0:gw"
 * its default gateway.  Looked up in the graph's network namespace when
 * an element is configured or a handler written (RTNL held); the value is
 * what the device has then: a later change of address is not followed.
 */
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <net/route.h>

#include <kclick/names.h>
#include "kclick.h"

/* The device's first primary IPv4 address and mask. */
static int primary_ifa(struct net_device *dev, __be32 *addr, __be32 *mask)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return -ENOENT;
	in_dev_for_each_ifa_rtnl(ifa, in_dev) {
		if (ifa->ifa_flags & IFA_F_SECONDARY)
			continue;
		*addr = ifa->ifa_local;
		*mask = ifa->ifa_mask;
		return 0;
	}
	return -ENOENT;
}

/*
 * Click's guess at a device's default gateway: the gateway of the route
 * out of the device towards an address in another /8 than its own.
 */
static int gateway(struct net_device *dev, __be32 addr, __be32 *gw)
{
	u32 top = be32_to_cpu(addr) >> 24;
	struct rtable *rt;
	int ret = -ENOENT;

	addr ^= cpu_to_be32(0x01000000U << (top == 1 || top == 126));
	rt = ip_route_output(dev_net(dev), addr, 0, 0, dev->ifindex);
	if (IS_ERR(rt))
		return -ENOENT;
	if (rt->rt_gw_family == AF_INET) {
		*gw = rt->rt_gw4;
		ret = 0;
	}
	ip_rt_put(rt);
	return ret;
}

int kc_dev_addr(struct kc_elem *e, const char *name, enum kc_devaddr kind,
		u8 *out)
{
	struct kc_inst *inst = e->graph ? e->graph->owner : NULL;
	struct net_device *dev;
	__be32 a[2];

	ASSERT_RTNL();
	if (!inst || strnlen(name, IFNAMSIZ) >= IFNAMSIZ)
		return -ENOENT;
	dev = __dev_get_by_name(inst->net, name);
	if (!dev)
		return -ENOENT;
	if (kind == KC_DEVADDR_ETH) {
		if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN)
			return -ENOENT;
		memcpy(out, dev->dev_addr, ETH_ALEN);
		return 0;
	}
	if (primary_ifa(dev, &a[0], &a[1]))
		return -ENOENT;
	if (kind == KC_DEVADDR_GW)
		return gateway(dev, a[0], (__be32 *)out);
	memcpy(out, a, kind == KC_DEVADDR_PREFIX ? 8 : 4);
	return 0;
}
