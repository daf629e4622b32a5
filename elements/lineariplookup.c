// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * LinearIPLookup(ADDR/MASK [GW] OUT, ...)
 * =s iproute
 * IP routing lookup using a linear table
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
 * Routes are kept most specific first and checked in order, so a lookup
 * costs one comparison per route: for small tables.  RadixIPLookup keeps
 * the same routes in a trie.
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
 *   rt :: LinearIPLookup(10.0.1.1/32 0, 10.0.1.0/24 1, 10.0.2.0/24 2,
 *                     0.0.0.0/0 10.0.1.254 1);
 * =a RadixIPLookup, GetIPAddress, ARPQuerier
 */
#include "lib/kc_iplookup.h"

static int lineariplookup_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_iplookup_configure(e, args, false);
}

static const struct kc_handler lineariplookup_handlers[] = {
	{ .name = "table", .read = kc_iplookup_read_table },
	{ .name = "add", .write = kc_iplookup_write_add },
	{ .name = "set", .write = kc_iplookup_write_set },
	{ .name = "remove", .write = kc_iplookup_write_remove },
	{ .name = "drops", .read = kc_iplookup_read_drops },
};

const struct kc_class kc_lineariplookup_class = {
	.name = "LinearIPLookup",
	.ports = "1/1-",
	.processing = "h/h",
	.priv_size = sizeof(struct kc_iplookup),
	.pcpu_size = sizeof(u64),
	.configure = lineariplookup_configure,
	.push = kc_iplookup_push,
	.cleanup = kc_iplookup_cleanup,
	.handlers = lineariplookup_handlers,
	.nhandlers = ARRAY_SIZE(lineariplookup_handlers),
};
