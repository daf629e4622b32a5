// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * HostEtherFilter(ETHER [, DROP_OWN, DROP_OTHER, OFFSET])
 * =s ethernet
 * drops Ethernet packets sent to other machines
 * =d
 * Passes on output 0 the frames a host with address ETHER should accept:
 * those sent to ETHER and to group (broadcast, multicast) addresses.
 * Frames for other hosts go to output 1 if there is one and DROP_OTHER is
 * false, and are dropped otherwise.  With DROP_OWN true, frames whose
 * source is ETHER (our own, looped back) are dropped too.  The Ethernet
 * header starts OFFSET bytes into the packet (default 0).
 * =over 8
 * =item DROP_OWN
 * Boolean.  Drop frames sent by ETHER.  Default false.
 * =item DROP_OTHER
 * Boolean.  Drop frames for other hosts even if output 1 exists.
 * Default true.
 * =back
 * =h drops read-only
 * Frames dropped.
 * =e
 *   FromDevice(eth0, PROMISC true) -> HostEtherFilter(00:11:22:33:44:55)
 *       -> ...
 * =a EtherSwitch
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct hostetherfilter {
	u8 addr[KC_ETH_ALEN];
	bool drop_own, drop_other;
	u32 offset;
	u64 __percpu *drops;
};

static int hostetherfilter_configure(struct kc_elem *e, struct kc_args *args)
{
	struct hostetherfilter *h = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "ETHER", KC_ARG_ETH, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  h->addr },
		{ "DROP_OWN", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &h->drop_own },
		{ "DROP_OTHER", KC_ARG_BOOL, KC_ARGF_POSITIONAL,
		  &h->drop_other },
		{ "OFFSET", KC_ARG_U32, KC_ARGF_POSITIONAL, &h->offset },
	};

	h->drop_other = true;
	h->drops = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (h->offset > 1024)
		return kc_errf(args->err, EINVAL, "OFFSET: %u is too far",
			       h->offset);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static void hostetherfilter_push(struct kc_elem *e, int port,
				 struct kc_pkt *p)
{
	struct hostetherfilter *h = kc_priv(e);
	const u8 *eth;

	if (!kc_pkt_may_pull(p, h->offset + KC_ETH_HLEN))
		goto drop;
	eth = kc_pkt_data(p) + h->offset;
	if (h->drop_own && !memcmp(eth + KC_ETH_ALEN, h->addr, KC_ETH_ALEN))
		goto drop;
	if (kc_eth_is_group(eth) || !memcmp(eth, h->addr, KC_ETH_ALEN)) {
		kc_push(e, 0, p);
		return;
	}
	if (e->noutputs > 1 && !h->drop_other) {
		kc_push(e, 1, p);
		return;
	}
drop:
	this_cpu_inc(*h->drops);
	kc_drop(e, p);
}

static int hostetherfilter_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct hostetherfilter *h = kc_priv(e);

	return kc_buf_pcpu_u64(b, h->drops, 0);
}

static const struct kc_handler hostetherfilter_handlers[] = {
	{ .name = "drops", .read = hostetherfilter_read_drops },
};

const struct kc_class kc_hostetherfilter_class = {
	.name = "HostEtherFilter",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct hostetherfilter),
	.pcpu_size = sizeof(u64),
	.configure = hostetherfilter_configure,
	.push = hostetherfilter_push,
	.handlers = hostetherfilter_handlers,
	.nhandlers = ARRAY_SIZE(hostetherfilter_handlers),
};
