// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromDevice(DEVNAME [, PROMISC, KEYWORDS])
 * =s netdevices
 * receives packets from a network device
 * =d
 * Takes every packet DEVNAME receives, before the IP stack sees it, and
 * pushes it to output 0, starting at the Ethernet header.  The packets no
 * longer reach the host's stack, unless the graph hands them back with
 * ToHost, or FromDevice is a sniffer (SNIFFER true): then the stack gets
 * every packet as if no graph were there, and the graph gets a copy.
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
 * middlebox on a real NIC needs).  Default false.  May also be given as
 * the second positional argument, as in Click's older `FromDevice(eth0, 1)`.
 * =item SNIFFER
 * Boolean.  If true, the host's stack keeps receiving every packet and the
 * graph gets a copy of each (a new packet header sharing the data; an
 * element that writes to the packet copies the bytes it writes), as
 * tcpdump does.  Copies that cannot be made for want of memory are
 * counted in `drops`.  Default false.
 * =item BURST
 * Unsigned, accepted and ignored: packets are pushed one at a time from
 * the device's receive softirq, which already works in NAPI batches.
 * =item METHOD
 * Word: how frames are taken.  LINUX (or DEFAULT, the default): the
 * device's receive handler, on skbs.  XDP: in the kernel, through XDP,
 * before any skb exists -- the library attaches a BPF program that calls
 * the module's kfunc (native XDP where the driver has it, as veth and
 * virtio-net do, generic XDP elsewhere; `kclick show` says which).  Only
 * elements that run on XDP frames may follow: Classifier, Counter,
 * EtherMirror, Paint, PaintSwitch, Discard (XDP_DROP), ToDevice (XDP_TX on
 * the receiving device, a redirect to another), ToHost (XDP_PASS); the
 * install names any other element
 * and is refused.  Needs a module built with BTF.  Not with SNIFFER.
 * =item TIMESTAMP, QUIET
 * Booleans, accepted and ignored: packets carry the receive timestamp the
 * kernel gives them; device events go to `kclick monitor`.
 *
 * Click's user-level capture methods `PCAP` and `NETMAP` (and `CAPTURE`,
 * METHOD's old name) are accepted and mean LINUX; any other word is
 * refused, as Click refuses it.
 * =back
 *
 * In `kclick run`, DEVNAME is bound to a pcap file with --dev.
 * =h devname read-only
 * The device's name.
 * =h count read-only
 * Packets pushed to output 0.
 * =h method read-only
 * LINUX or XDP.
 * =h mapping read-only
 * The receive path and why: `LINUX: METHOD LINUX, the default`, `XDP:
 * METHOD as configured` (PollDevice says why it chose).
 * =h drops read-only
 * Packets (or, as a sniffer, copies) lost before the graph for want of
 * memory.
 * =e
 *   FromDevice(eth0) -> Counter -> ToDevice(eth1);
 *   FromDevice(eth0, SNIFFER true) -> IPClassifier(tcp, udp, -) -> ...
 * =a ToDevice, ToHost
 */
#include "shared.h"

int kc_fromdevice_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromdevice *fd = kc_priv(e);
	char method[16] = "", capture[16] = "";
	const char *m;
	bool timestamp, quiet;
	struct kc_quote q;
	u32 burst;
	int ret;
	const struct kc_argspec spec[] = {
		{ "DEVNAME", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  fd->devname, sizeof(fd->devname) },
		{ "PROMISC", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &fd->promisc },
		{ "SNIFFER", KC_ARG_BOOL, 0, &fd->sniffer },
		{ "BURST", KC_ARG_U32, 0, &burst },
		{ "TIMESTAMP", KC_ARG_BOOL, 0, &timestamp },
		{ "QUIET", KC_ARG_BOOL, 0, &quiet },
		{ "METHOD", KC_ARG_WORD, 0, method, sizeof(method) },
		{ "CAPTURE", KC_ARG_WORD, 0, capture, sizeof(capture) },
	};

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	/* CAPTURE is Click's older name for METHOD; PCAP and NETMAP are
	 * userlevel capture mechanisms and mean the default here.
	 */
	fd->method_set = method[0] || capture[0];
	m = method[0] ? method : capture[0] ? capture : "LINUX";
	fd->xdp = !strcmp(m, "XDP");
	if (!fd->xdp && strcmp(m, "LINUX") && strcmp(m, "DEFAULT") &&
	    strcmp(m, "PCAP") && strcmp(m, "NETMAP"))
		return kc_errf(args->err, EINVAL,
			       "METHOD: expected LINUX, DEFAULT, PCAP, NETMAP or XDP, not '%s'",
			       kc_quote_str(&q, m));
	if (fd->xdp && fd->sniffer)
		return kc_errf(args->err, EINVAL,
			       "METHOD XDP: frames are taken before the stack, not copied (SNIFFER)");
	return 0;
}

/*
 * PollDevice without METHOD (initialize, process context): XDP when the
 * device is there with native XDP, the module has its kfunc and every
 * element after this one takes XDP frames; else the rx_handler, the
 * reason kept for the `mapping` handler (the blocker is an element of
 * this graph: it lives as long as fd).
 */
static int polldevice_choose(struct kc_elem *e, struct fromdevice *fd)
{
	struct kc_elem *bad;
	int ret;

	if (!kc_dev_rx_xdp_native(fd->ref, &fd->no_xdp))
		return 0;
	ret = kc_xdp_blocker(e, &bad);
	if (ret)
		return ret;
	fd->blocker = bad;
	fd->xdp = !bad;
	return 0;
}

int kc_fromdevice_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromdevice *fd = kc_priv(e);

	int ret = kc_dev_rx_attach(e, fd->devname, &fd->ref, err);

	if (!ret && fd->promisc)
		ret = kc_dev_rx_promisc(fd->ref, err);
	if (!ret && fd->sniffer)
		ret = kc_dev_rx_sniffer(fd->ref, err);
	if (!ret && fd->poll_auto)
		ret = polldevice_choose(e, fd);
	else if (!ret && fd->xdp)
		ret = kc_xdp_check(e, err);
	if (!ret && fd->xdp)
		ret = kc_dev_rx_xdp(fd->ref, err);
	return ret;
}

/*
 * Packet path (softirq, RCU read side): the device delivers here, or, when
 * output 0 is a direct link, straight to it (kc_run_from_device, which
 * relies on this push doing nothing else).
 */
void kc_fromdevice_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_push(e, 0, p);
}

void kc_fromdevice_cleanup(struct kc_elem *e)
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

static int fromdevice_read_method(struct kc_elem *e, struct kc_buf *b)
{
	struct fromdevice *fd = kc_priv(e);

	kc_buf_printf(b, "%s", fd->xdp ? "XDP" : "LINUX");
	return 0;
}

static int fromdevice_read_mapping(struct kc_elem *e, struct kc_buf *b)
{
	struct fromdevice *fd = kc_priv(e);
	const char *path = fd->xdp ? "XDP" : "LINUX";

	if (!fd->poll_auto)
		kc_buf_printf(b, "%s: METHOD %s", path, fd->method_set ?
			      "as configured" : "LINUX, the default");
	else if (fd->no_xdp)
		kc_buf_printf(b, "%s: %s", path, fd->no_xdp);
	else if (fd->blocker)
		kc_buf_printf(b, "%s: element '%s' (%s) cannot take XDP frames%s",
			      path, fd->blocker->name, fd->blocker->cls->name,
			      fd->blocker->cls->xdp ? " as configured" : "");
	else
		kc_buf_printf(b, "%s: native XDP on %s, and every element after it takes XDP frames",
			      path, fd->devname);
	return 0;
}

static int fromdevice_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->stats, e->ninputs);
}

static int fromdevice_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct fromdevice *fd = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)kc_dev_rx_drops(fd->ref));
	return 0;
}

const struct kc_handler kc_fromdevice_handlers[KC_FROMDEVICE_NHANDLERS] = {
	{ .name = "devname", .read = fromdevice_read_devname },
	{ .name = "count", .read = fromdevice_read_count },
	{ .name = "drops", .read = fromdevice_read_drops },
	{ .name = "method", .read = fromdevice_read_method },
	{ .name = "mapping", .read = fromdevice_read_mapping },
};

const struct kc_class kc_fromdevice_class = {
	.name = "FromDevice",
	.ports = "0/1",
	.processing = "/h",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct fromdevice),
	.configure = kc_fromdevice_configure,
	.initialize = kc_fromdevice_initialize,
	.push = kc_fromdevice_push,
	.cleanup = kc_fromdevice_cleanup,
	.handlers = kc_fromdevice_handlers,
	.nhandlers = KC_FROMDEVICE_NHANDLERS,
};
