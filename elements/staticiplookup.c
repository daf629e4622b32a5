// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * StaticIPLookup(ADDR/MASK [GW] OUT, ...)
 * =s iproute
 * simple static IP routing table
 * =d
 * LinearIPLookup without the handlers that change routes: looks up each
 * packet's destination IP address annotation (0 means the IP header's
 * destination, which is then stored there) and sends it to the output of
 * the longest matching prefix; a route with a gateway sets the annotation
 * to GW.  Packets that match no route are dropped and counted.  Routes are
 * checked most specific first, one comparison each: for small tables.
 * A prefix configured twice keeps its first route and configuring logs
 * how many were ignored, as in Click ("1.0.0.0 255.0.0.0 1" is
 * 1.0.0.0/32 through gateway 255.0.0.0, not a /8).
 * =h table read-only
 * The routes, most specific first: ADDR/LEN GW OUT (GW - for none).
 * =h drops read-only
 * Packets that matched no route.
 * =e
 *   rt :: StaticIPLookup(10.0.1.1/32 0, 10.0.1.0/24 1, 0.0.0.0/0 10.0.1.254 1);
 * =a LinearIPLookup, RadixIPLookup
 */
#include "lib/kc_iplookup.h"

static int staticiplookup_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_iplookup_configure(e, args, false);
}

static const struct kc_handler staticiplookup_handlers[] = {
	{ .name = "table", .read = kc_iplookup_read_table },
	{ .name = "drops", .read = kc_iplookup_read_drops },
};

const struct kc_class kc_staticiplookup_class = {
	.name = "StaticIPLookup",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_iplookup),
	.pcpu_size = sizeof(u64),
	.configure = staticiplookup_configure,
	.push = kc_iplookup_push,
	.cleanup = kc_iplookup_cleanup,
	.handlers = staticiplookup_handlers,
	.nhandlers = ARRAY_SIZE(staticiplookup_handlers),
};
