// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToDevice(DEVNAME [, BURST])
 * =s netdevices
 * sends packets to a network device
 * =d
 * Transmits packets on DEVNAME, which must exist when the graph is
 * installed.  The input is agnostic:
 *
 * - pushed to (`... -> ToDevice(eth1)`), it transmits each packet at once,
 *   from the context that pushed it;
 * - pulled (`... -> Queue -> ToDevice(eth1)`, Click's usual form), a task
 *   pulls up to BURST packets (default 16) each time it runs.  It runs when
 *   the queue upstream gets packets, and while the device's transmit queue
 *   is stopped it backs off on a timer rather than spinning.
 *
 * Packets start at the Ethernet header.  If the device is unregistered,
 * packets are dropped and counted until a device of that name returns.
 * =h count read-only
 * Packets handed to the device.
 * =h drops read-only
 * Packets dropped because the device was gone or refused them.
 * =h reset write-only
 * Resets both counts.
 * =e
 *   FromDevice(eth0) -> Queue(1000) -> ToDevice(eth1);
 * =a FromDevice, Queue
 */
#include <kclick/element.h>

#define TODEVICE_BACKOFF_NS	(100 * 1000)	/* transmit queue stopped */

struct todevice_pcpu {
	u64 sent;
	u64 drops;
};

struct todevice {
	char devname[32];
	u32 burst;
	struct kc_devref *ref;
	struct todevice_pcpu __percpu *pc;
	atomic64_t base_sent, base_drops;
};

static int todevice_configure(struct kc_elem *e, struct kc_args *args)
{
	struct todevice *td = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "DEVNAME", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  td->devname, sizeof(td->devname) },
		{ "BURST", KC_ARG_U32, KC_ARGF_POSITIONAL, &td->burst },
	};
	int ret;

	td->burst = 16;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	if (!td->burst || td->burst > 1024)
		return kc_errf(args->err, EINVAL, "BURST: must be 1 to 1024");
	td->pc = e->pcpu;
	return 0;
}

static int todevice_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct todevice *td = kc_priv(e);

	return kc_dev_tx_attach(e, td->devname, &td->ref, err);
}

/* Packet path (softirq or task, RCU read side). */
static void todevice_send(struct todevice *td, struct kc_pkt *p)
{
	struct todevice_pcpu *pc = kc_this_cpu_ptr(td->pc);

	if (kc_dev_xmit(td->ref, p))
		pc->drops++;
	else
		pc->sent++;
}

static void todevice_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	todevice_send(kc_priv(e), p);
}

/*
 * XDP (packet path): back out of the receiving device (XDP_TX) or
 * redirected to the device (the BPF program's bpf_redirect), counted as
 * sent; dropped and counted while the device is gone.  What the driver
 * then fails to send is the driver's count (ethtool -S, xdp tracepoints).
 */
static int todevice_xdp(struct kc_elem *e, struct kc_xdp *x)
{
	struct todevice *td = kc_priv(e);
	struct todevice_pcpu *pc;
	int ifindex;

	if (!x)
		return 0;
	pc = kc_this_cpu_ptr(td->pc);
	ifindex = kc_dev_ifindex(td->ref);
	if (!ifindex) {
		pc->drops++;
		x->act = KC_XDP_DROP;
	} else if (ifindex == x->ifindex) {
		pc->sent++;
		x->act = KC_XDP_TX;
	} else {
		pc->sent++;
		x->act = KC_XDP_REDIRECT;
		x->redirect = ifindex;
	}
	return KC_XDP_END;
}

/* Task (softirq, RCU read side): only scheduled when the input is pull. */
static void todevice_run_task(struct kc_elem *e)
{
	struct todevice *td = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	for (n = 0; n < td->burst; n++) {
		if (!kc_dev_tx_ready(td->ref)) {
			kc_task_schedule_after(e, TODEVICE_BACKOFF_NS);
			return;
		}
		p = kc_pull(e, 0);
		if (!p)
			return;	/* the queue wakes us when it fills again */
		todevice_send(td, p);
	}
	kc_task_schedule(e);	/* burst used up: more may be waiting */
}

static void todevice_sum(struct todevice *td, u64 *sent, u64 *drops)
{
	int cpu;

	*sent = atomic64_read(&td->base_sent);
	*drops = atomic64_read(&td->base_drops);
	kc_for_each_cpu(cpu) {
		const struct todevice_pcpu *pc = kc_per_cpu_ptr(td->pc, cpu);

		*sent += READ_ONCE(pc->sent);
		*drops += READ_ONCE(pc->drops);
	}
}

static int todevice_read_count(struct kc_elem *e, struct kc_buf *b)
{
	u64 sent, drops;

	todevice_sum(kc_priv(e), &sent, &drops);
	kc_buf_printf(b, "%llu", (unsigned long long)sent);
	return 0;
}

static int todevice_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	u64 sent, drops;

	todevice_sum(kc_priv(e), &sent, &drops);
	kc_buf_printf(b, "%llu", (unsigned long long)drops);
	return 0;
}

static int todevice_write_reset(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct todevice *td = kc_priv(e);
	u64 sent, drops;

	todevice_sum(td, &sent, &drops);
	atomic64_sub(sent, &td->base_sent);
	atomic64_sub(drops, &td->base_drops);
	return 0;
}

static void todevice_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct todevice *td = kc_priv(e);
	u64 sent, drops;

	todevice_sum(kc_priv(old), &sent, &drops);
	atomic64_add(sent, &td->base_sent);
	atomic64_add(drops, &td->base_drops);
}

static void todevice_cleanup(struct kc_elem *e)
{
	struct todevice *td = kc_priv(e);

	kc_dev_release(td->ref);
}

static const struct kc_handler todevice_handlers[] = {
	{ .name = "count", .read = todevice_read_count },
	{ .name = "drops", .read = todevice_read_drops },
	{ .name = "reset", .write = todevice_write_reset },
};

const struct kc_class kc_todevice_class = {
	.name = "ToDevice",
	.ports = "1/0",
	.processing = "a/",
	.flags = KC_CLASS_F_TASK | KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct todevice),
	.pcpu_size = sizeof(struct todevice_pcpu),
	.configure = todevice_configure,
	.initialize = todevice_initialize,
	.push = todevice_push,
	.xdp = todevice_xdp,
	.run_task = todevice_run_task,
	.take_state = todevice_take_state,
	.cleanup = todevice_cleanup,
	.handlers = todevice_handlers,
	.nhandlers = ARRAY_SIZE(todevice_handlers),
};
