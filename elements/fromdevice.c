// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromDevice(DEVNAME [, KEYWORDS])
 * =s netdevices
 * receives packets from a network device
 * =d
 * Takes every packet DEVNAME receives, before the IP stack sees it, and
 * pushes it to output 0, starting at the Ethernet header.  The packets no
 * longer reach the host's stack.
 *
 * In the kernel, the graph claims the device's receive handler in the
 * caller's network namespace at install time; a device already owned by a
 * bridge, bond, team, macvlan, Open vSwitch or another graph is refused,
 * naming the owner.  If the device is unregistered the graph keeps running
 * without it and takes it back when a device of that name appears again.
 * A replacing graph takes the device over without a gap.
 *
 * Keyword arguments:
 * =over 8
 * =item PROMISC
 * Boolean.  If true, the device is put in promiscuous mode while the graph
 * holds it, so frames addressed to other hosts reach the graph too (as a
 * middlebox on a real NIC needs).  Default false.
 * =back
 *
 * In `kclick run`, DEVNAME is bound to a pcap file with --dev.
 * =e
 *   FromDevice(eth0) -> Counter -> ToDevice(eth1);
 * =a ToDevice
 */
#include <kclick/element.h>

struct fromdevice {
	char devname[32];
	bool promisc;
	struct kc_devref *ref;
};

static int fromdevice_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromdevice *fd = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "DEVNAME", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  fd->devname, sizeof(fd->devname) },
		{ "PROMISC", KC_ARG_BOOL, 0, &fd->promisc },
	};

	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

static int fromdevice_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromdevice *fd = kc_priv(e);

	int ret = kc_dev_rx_attach(e, fd->devname, &fd->ref, err);

	if (!ret && fd->promisc)
		ret = kc_dev_rx_promisc(fd->ref, err);
	return ret;
}

/* Packet path (softirq, RCU read side): the device delivers here. */
static void fromdevice_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_push(e, 0, p);
}

static void fromdevice_cleanup(struct kc_elem *e)
{
	struct fromdevice *fd = kc_priv(e);

	kc_dev_release(fd->ref);
}

static int fromdevice_read_devname(struct kc_elem *e, struct kc_buf *b)
{
	struct fromdevice *fd = kc_priv(e);

	kc_buf_printf(b, "%s", fd->devname);
	return 0;
}

static const struct kc_handler fromdevice_handlers[] = {
	{ .name = "devname", .read = fromdevice_read_devname },
};

const struct kc_class kc_fromdevice_class = {
	.name = "FromDevice",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromdevice),
	.configure = fromdevice_configure,
	.initialize = fromdevice_initialize,
	.push = fromdevice_push,
	.cleanup = fromdevice_cleanup,
	.handlers = fromdevice_handlers,
	.nhandlers = ARRAY_SIZE(fromdevice_handlers),
};
