// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromHost(DEVNAME [, PREFIX, KEYWORDS])
 * =s netdevices
 * creates a network device whose traffic enters the graph
 * =d
 * Creates a virtual Ethernet device called DEVNAME in the graph's network
 * namespace.  Every frame the host sends on it (whatever it routes there)
 * is pushed out of output 0, from its Ethernet header.  Linux resolves
 * the next hop with ARP first, so answer its queries (an ARPResponder
 * whose replies go to ToHost: a packet from FromHost has DEVNAME as its
 * receiving device, so ToHost without a DEVNAME hands them back there).
 *
 * PREFIX, ADDR/MASK, is the device's IPv4 address: `kclick install` adds
 * it to the device with rtnetlink once the graph is installed (the kernel
 * module cannot), so the host routes PREFIX's network through the device.
 * The device is up from the start.
 *
 * The device belongs to the installed graph: `kclick install --replace`
 * with a FromHost of the same DEVNAME keeps it (same index, addresses,
 * routes and waiting frames); it is deleted when the graph is removed, or
 * replaced by one without it.  A DEVNAME that names an existing device
 * is refused.  `ip link delete` cannot delete it; it cannot move to
 * another namespace.
 *
 * Frames wait in a queue of CAPACITY frames between the host and the
 * graph; while it is full the device's transmit queue is stopped, so the
 * host's qdisc holds the rest (and drops, as for a busy NIC).  A task
 * pushes up to BURST frames each time it runs, in softirq context: the
 * host's transmit never runs the graph itself.  ToDevice(DEVNAME) is
 * refused at install (what is sent on the device comes back to FromHost:
 * a loop nothing would end); ToHost(DEVNAME) is the way to the host.
 *
 * In `kclick run` there is no host: FromHost creates nothing and is an
 * idle source (it pushes no packets), so configurations check and run.
 *
 * Keyword arguments:
 * =over 8
 * =item TYPE
 * ETHER (the default).  Click's TYPE IP is not supported.
 * =item ETHER
 * Ethernet address of the device.  Default: a random locally
 * administered address (Click's is 00-01-02-03-04-05).
 * =item MTU
 * Unsigned, 68 to 65535.  The device's MTU.  Default 1500.
 * =item CAPACITY
 * Unsigned, 1 to 65536.  Frames queued between host and graph.
 * Default 100.
 * =item BURST
 * Unsigned, 1 to 1024.  Frames pushed per task run.  Default 8.
 * =item CLEAR_ANNO
 * Boolean, accepted: annotations always start zeroed (in Linux the
 * space they use holds the qdisc's scratch data on the way here).
 * =back
 * =h length read-only
 * Frames waiting in the queue.
 * =h capacity read-only
 * CAPACITY.
 * =h drops read-only
 * Frames dropped because the queue was full (the stopped transmit queue
 * makes this rare).
 * =h device read-only
 * DEVNAME.
 * =h prefix read-only
 * PREFIX as ADDR/LEN, or empty (what `kclick install` sets).
 * =h ifindex read-only
 * The device's interface index (0 in `kclick run`).
 * =e
 *   FromHost(fake0, 192.0.2.1/24) -> c :: Classifier(12/0806, 12/0800);
 *   c[0] -> ARPResponder(0/0 02:00:00:00:00:01) -> ToHost;
 *   c[1] -> Strip(14) -> ...
 * =a ToHost, FromDevice
 */
#include <kclick/element.h>
#include <kclick/fromhost.h>
#include <kclick/proto.h>

struct fromhost {
	struct kc_fhost_cfg cfg;
	__be32 addr, mask;
	bool has_prefix;
	u32 burst;
	struct kc_fhostref *ref;
};

static int fromhost_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromhost *fh = kc_priv(e);
	char type[16] = "ETHER", prefix[64] = "";
	bool clear_anno = true;
	const struct kc_argspec spec[] = {
		{ "DEVNAME", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  fh->cfg.name, sizeof(fh->cfg.name) },
		{ "PREFIX", KC_ARG_WORD, KC_ARGF_POSITIONAL,
		  prefix, sizeof(prefix) },
		{ "TYPE", KC_ARG_WORD, 0, type, sizeof(type) },
		{ "ETHER", KC_ARG_ETH, 0, fh->cfg.ether },
		{ "MTU", KC_ARG_U32, 0, &fh->cfg.mtu },
		{ "CAPACITY", KC_ARG_U32, 0, &fh->cfg.capacity },
		{ "BURST", KC_ARG_U32, 0, &fh->burst },
		{ "CLEAR_ANNO", KC_ARG_BOOL, 0, &clear_anno },
	};
	static const u8 zero[6];
	struct kc_quote q;

	fh->cfg.mtu = 1500;
	fh->cfg.capacity = 100;
	fh->burst = 8;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!fh->cfg.name[0])
		return kc_errf(args->err, EINVAL, "DEVNAME: empty device name");
	if (strcmp(type, "ETHER"))
		return kc_errf(args->err, EINVAL,
			       "TYPE: only ETHER is supported, not '%s'",
			       kc_quote_str(&q, type));
	if (prefix[0]) {
		if (kc_parse_ip4_prefix(prefix, &fh->addr, &fh->mask, false))
			return kc_errf(args->err, EINVAL,
				       "PREFIX: expected ADDR/MASK, got '%s'",
				       kc_quote_str(&q, prefix));
		fh->has_prefix = true;
	}
	fh->cfg.ether_set = memcmp(fh->cfg.ether, zero, 6) != 0;
	if (fh->cfg.mtu < 68 || fh->cfg.mtu > 65535)
		return kc_errf(args->err, EINVAL, "MTU: %u is not 68 to 65535",
			       fh->cfg.mtu);
	if (!fh->cfg.capacity || fh->cfg.capacity > KC_FHOST_CAPACITY_MAX)
		return kc_errf(args->err, EINVAL, "CAPACITY: %u is not 1 to %u",
			       fh->cfg.capacity, KC_FHOST_CAPACITY_MAX);
	if (!fh->burst || fh->burst > KC_FHOST_BURST_MAX)
		return kc_errf(args->err, EINVAL, "BURST: %u is not 1 to %u",
			       fh->burst, KC_FHOST_BURST_MAX);
	return 0;
}

static int fromhost_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromhost *fh = kc_priv(e);

	return kc_fhost_attach(e, &fh->cfg, &fh->ref, err);
}

/*
 * Task (softirq, RCU read side), scheduled by the device's transmit.
 * BURST frames at most per run, then it runs again if more wait.
 */
static void fromhost_run_task(struct kc_elem *e)
{
	struct fromhost *fh = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	for (n = 0; n < fh->burst; n++) {
		p = kc_fhost_dequeue(fh->ref);
		if (!p)
			return;
		kc_push(e, 0, p);
	}
	kc_task_schedule(e);
}

static int fromhost_read_length(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);

	kc_buf_printf(b, "%u", kc_fhost_length(fh->ref));
	return 0;
}

static int fromhost_read_capacity(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);

	kc_buf_printf(b, "%u", fh->cfg.capacity);
	return 0;
}

static int fromhost_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)kc_fhost_drops(fh->ref));
	return 0;
}

static int fromhost_read_device(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);

	kc_buf_printf(b, "%s", fh->cfg.name);
	return 0;
}

static int fromhost_read_prefix(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);
	u32 m = be32_to_cpu(fh->mask);
	int len = 0;

	if (!fh->has_prefix)
		return 0;
	while (len < 32 && (m & (0x80000000U >> len)))
		len++;
	kc_buf_ip4(b, &fh->addr);
	kc_buf_printf(b, "/%d", len);
	return 0;
}

static int fromhost_read_ifindex(struct kc_elem *e, struct kc_buf *b)
{
	struct fromhost *fh = kc_priv(e);

	kc_buf_printf(b, "%d", kc_fhost_ifindex(fh->ref));
	return 0;
}

static void fromhost_cleanup(struct kc_elem *e)
{
	struct fromhost *fh = kc_priv(e);

	kc_fhost_release(fh->ref);
}

static const struct kc_handler fromhost_handlers[] = {
	{ .name = "length", .read = fromhost_read_length },
	{ .name = "capacity", .read = fromhost_read_capacity },
	{ .name = "drops", .read = fromhost_read_drops },
	{ .name = "device", .read = fromhost_read_device },
	{ .name = "prefix", .read = fromhost_read_prefix },
	{ .name = "ifindex", .read = fromhost_read_ifindex },
};

const struct kc_class kc_fromhost_class = {
	.name = "FromHost",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromhost),
	.flags = KC_CLASS_F_TASK | KC_CLASS_F_DEVICES,
	.configure = fromhost_configure,
	.initialize = fromhost_initialize,
	.run_task = fromhost_run_task,
	.cleanup = fromhost_cleanup,
	.handlers = fromhost_handlers,
	.nhandlers = ARRAY_SIZE(fromhost_handlers),
};
