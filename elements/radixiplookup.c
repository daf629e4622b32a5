// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * RadixIPLookup(ADDR/MASK [GW] OUT, ...)
 * =s iproute
 * IP routing lookup using a trie
 * =d
 * Looks up each packet's destination IP address annotation (set by
 * GetIPAddress; when it is 0, the destination of the IP header is used
 * and stored there) in a table of routes and sends the packet to the
 * output of the longest matching prefix.  A route is ADDR/MASK (MASK a
 * length or a dotted mask; ADDR alone is a /32), an optional gateway GW,
 * and an output number.  A route with a gateway sets the destination
 * annotation to GW, the next hop ARPQuerier resolves.  Packets that match
 * no route are dropped and counted.
 * A prefix configured twice keeps its first route and configuring logs
 * how many were ignored, as in Click ("1.0.0.0 255.0.0.0 1" is
 * 1.0.0.0/32 through gateway 255.0.0.0, not a /8).
 *
 * The routes are kept in a binary trie over the prefix bits as well, so
 * a lookup costs at most 32 steps whatever the size of the table (up to
 * 16,384 routes).
 *
 * Routes change at runtime through the handlers; each change builds a new
 * table and swaps it in atomically, so a packet sees the old table or the
 * new one, never a mix.
 * =h table read-only
 * The routes, most specific first: ADDR/LEN GW OUT (GW - for none).
 * =h add write-only
 * Adds a route, "ADDR/MASK [GW] OUT"; fails if the prefix has one.
 * =h set write-only
 * Adds a route or replaces the one for its prefix.
 * =h remove write-only
 * Removes the route for "ADDR/MASK".
 * =h drops read-only
 * Packets that matched no route.
 * =e
 *   rt :: RadixIPLookup(10.0.1.1/32 0, 10.0.1.0/24 1, 10.0.2.0/24 2,
 *                     0.0.0.0/0 10.0.1.254 1);
 * =a LinearIPLookup, GetIPAddress, ARPQuerier
 */
#include "lib/kc_iplookup.h"

static int radixiplookup_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_iplookup_configure(e, args, true);
}

static const struct kc_handler radixiplookup_handlers[] = {
	{ .name = "table", .read = kc_iplookup_read_table },
	{ .name = "add", .write = kc_iplookup_write_add },
	{ .name = "set", .write = kc_iplookup_write_set },
	{ .name = "remove", .write = kc_iplookup_write_remove },
	{ .name = "drops", .read = kc_iplookup_read_drops },
};

const struct kc_class kc_radixiplookup_class = {
	.name = "RadixIPLookup",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_iplookup),
	.pcpu_size = sizeof(u64),
	.configure = radixiplookup_configure,
	.push = kc_iplookup_push,
	.cleanup = kc_iplookup_cleanup,
	.handlers = radixiplookup_handlers,
	.nhandlers = ARRAY_SIZE(radixiplookup_handlers),
};
