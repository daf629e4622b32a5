// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToHost([DEVNAME, KEYWORDS])
 * =s netdevices
 * hands packets to the host's own network stack
 * =d
 * Gives each packet (starting at its Ethernet header) to Linux as if it
 * had just been received on its device: the stack parses the Ethernet
 * header again (so the packet type -- host, broadcast, other host -- comes
 * from the destination address as the graph left it), and routes,
 * answers or delivers the packet to a local socket.  With DEVNAME, every
 * packet is received on DEVNAME; without it, on the device it arrived on
 * (FromDevice's), and a packet the graph made itself (no such device) is
 * dropped and counted.
 *
 * A packet handed to Linux is never given to a graph again, even when it
 * is received on a device a graph receives from, so
 * `FromDevice(eth0) -> ... -> ToHost` is a host firewall and not a loop.
 * It goes through the host's per-CPU receive backlog (netdev_max_backlog
 * packets at most; beyond that it is dropped and counted).  A receive
 * checksum the NIC computed over the whole frame (CHECKSUM_COMPLETE) is
 * discarded, since the graph may have changed bytes: the stack checks
 * again.  Packet sockets (tcpdump) see the packet again when it is
 * received, as in Click without its kernel patch.
 *
 * Give Linux the IP packets for the host and the ARP packets it needs
 * (replies to its queries and queries for its addresses).
 *
 * Keyword arguments:
 * =over 8
 * =item SNIFFERS
 * Boolean.  If true, only packet sockets see the packets (ToHostSniffers).
 * Default false.
 * =item TYPE
 * ETHER (the default) or IP.  With TYPE IP packets start at their IPv4
 * header (after Strip(14), say): the host receives them on the device as
 * IP packets with no link header (packet sockets see them without one
 * too); a packet that is not IPv4 is dropped and counted.  Not with
 * SNIFFERS.  Offline, a TYPE IP packet is written to the `host` device
 * behind a zeroed Ethernet header of type 0x0800, so the pcap stays
 * Ethernet.
 * =item QUIET
 * Boolean, accepted and ignored: device events go to `kclick monitor`.
 * =back
 *
 * A DEVNAME that is unregistered makes ToHost drop and count packets until
 * a device of that name appears again.  In `kclick run`, packets for the
 * host are written to the output of the device named `host` (bind it with
 * --dev host=:OUT.pcap), or counted.
 * =h count read-only
 * Packets handed to Linux.
 * =h drops read-only
 * Packets dropped: no device, or the receive backlog was full.
 * =h reset write-only
 * Resets both counts.
 * =e
 *   FromDevice(eth0) -> CheckIPHeader(14)
 *     -> IPFilter(allow tcp dst port 22, allow icmp, deny all) -> ToHost;
 * =a FromDevice, ToHostSniffers, ToDevice
 */
#include "shared.h"

int kc_tohost_setup(struct kc_elem *e, struct kc_args *args, bool sniffers)
{
	struct tohost *th = kc_priv(e);
	char type[16] = "ETHER";
	bool quiet = false;
	const struct kc_argspec spec[] = {
		{ "DEVNAME", KC_ARG_WORD, KC_ARGF_POSITIONAL,
		  th->devname, sizeof(th->devname) },
		{ "SNIFFERS", KC_ARG_BOOL, 0, &th->sniffers },
		{ "TYPE", KC_ARG_WORD, 0, type, sizeof(type) },
		{ "QUIET", KC_ARG_BOOL, 0, &quiet },
	};
	struct kc_quote q;

	th->sniffers = sniffers;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	th->ip = !strcmp(type, "IP");
	if (!th->ip && strcmp(type, "ETHER"))
		return kc_errf(args->err, EINVAL,
			       "TYPE: expected ETHER or IP, not '%s'",
			       kc_quote_str(&q, type));
	if (th->ip && th->sniffers)
		return kc_errf(args->err, EINVAL,
			       "TYPE: IP is for the host's stack, not with SNIFFERS");
	th->pc = e->pcpu;
	return 0;
}

static int tohost_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_tohost_setup(e, args, false);
}

int kc_tohost_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct tohost *th = kc_priv(e);

	return kc_host_attach(e, th->devname, &th->ref, err);
}

/* Packet path (softirq or task, RCU read side). */
void kc_tohost_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct tohost *th = kc_priv(e);
	struct tohost_pcpu *pc = kc_this_cpu_ptr(th->pc);
	int ret;

	if (th->sniffers)
		ret = kc_host_sniff(th->ref, p);
	else if (th->ip)
		ret = kc_host_rx_ip(th->ref, p);
	else
		ret = kc_host_rx(th->ref, p);
	if (ret)
		pc->drops++;
	else
		pc->sent++;
}

/*
 * XDP (packet path): XDP_PASS, the stack receives the frame on the
 * receiving device.  Only ToHost with no DEVNAME or the receiving device's
 * (a frame for another device is dropped and counted), TYPE ETHER, not
 * ToHostSniffers: refused at install otherwise.
 */
static int tohost_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct tohost *th = kc_priv(e);
	struct tohost_pcpu *pc;

	if (!x)
		return th->sniffers || th->ip ? -EOPNOTSUPP : 0;
	pc = kc_this_cpu_ptr(th->pc);
	if (th->devname[0] && kc_dev_ifindex(th->ref) != x->ifindex) {
		pc->drops++;
		x->act = KC_XDP_DROP;
	} else {
		pc->sent++;
		x->act = KC_XDP_PASS;
	}
	return KC_XDP_END;
}

static void tohost_sum(struct tohost *th, u64 *sent, u64 *drops)
{
	int cpu;

	*sent = atomic64_read(&th->base_sent);
	*drops = atomic64_read(&th->base_drops);
	kc_for_each_cpu(cpu) {
		const struct tohost_pcpu *pc = kc_per_cpu_ptr(th->pc, cpu);

		*sent += READ_ONCE(pc->sent);
		*drops += READ_ONCE(pc->drops);
	}
}

static int tohost_read_count(struct kc_elem *e, struct kc_buf *b)
{
	u64 sent, drops;

	tohost_sum(kc_priv(e), &sent, &drops);
	kc_buf_printf(b, "%llu", (unsigned long long)sent);
	return 0;
}

static int tohost_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	u64 sent, drops;

	tohost_sum(kc_priv(e), &sent, &drops);
	kc_buf_printf(b, "%llu", (unsigned long long)drops);
	return 0;
}

static int tohost_write_reset(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	struct tohost *th = kc_priv(e);
	u64 sent, drops;

	tohost_sum(th, &sent, &drops);
	atomic64_sub(sent, &th->base_sent);
	atomic64_sub(drops, &th->base_drops);
	return 0;
}

void kc_tohost_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct tohost *th = kc_priv(e);
	u64 sent, drops;

	tohost_sum(kc_priv(old), &sent, &drops);
	atomic64_add(sent, &th->base_sent);
	atomic64_add(drops, &th->base_drops);
}

void kc_tohost_cleanup(struct kc_elem *e)
{
	struct tohost *th = kc_priv(e);

	kc_dev_release(th->ref);
}

const struct kc_handler kc_tohost_handlers[KC_TOHOST_NHANDLERS] = {
	{ .name = "count", .read = tohost_read_count },
	{ .name = "drops", .read = tohost_read_drops },
	{ .name = "reset", .write = tohost_write_reset },
};

const struct kc_class kc_tohost_class = {
	.name = "ToHost",
	.ports = "1/0",
	.processing = "h/",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct tohost),
	.pcpu_size = sizeof(struct tohost_pcpu),
	.configure = tohost_configure,
	.initialize = kc_tohost_initialize,
	.push = kc_tohost_push,
	.xdp = tohost_xdp,
	.take_state = kc_tohost_take_state,
	.cleanup = kc_tohost_cleanup,
	.handlers = kc_tohost_handlers,
	.nhandlers = KC_TOHOST_NHANDLERS,
};
