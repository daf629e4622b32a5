// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromChannel(CHANNEL)
 * =s chaining
 * receives packets from other graphs
 * =d
 * Receives what ToChannel(CHANNEL) elements of any graph of the network
 * namespace send, and pushes it to output 0, as the sender left it (no
 * copy; annotations kept).  By convention packets start at the Ethernet
 * header, as from FromDevice.
 *
 * One installed graph receives a channel: a FromChannel naming a channel
 * that another installed graph receives is refused at install, naming
 * that graph.  A graph replacing the receiving graph (`kclick install
 * --replace`) takes the channel over in the same step as it goes live:
 * every packet is received by the old graph or by the new one, none is
 * lost.  When the receiving graph is removed, senders drop and count
 * (ToChannel's `drops`) until a graph receives the channel again.
 *
 * In `kclick run` only one graph runs: FromChannel receives from the
 * ToChannel elements of the same graph, else nothing.
 * =h count read-only
 * Packets received (carried across replaces).
 * =h channel read-only
 * The channel's name.
 * =h reset write-only
 * Resets the count.
 * =e
 *   FromChannel(fw2mon) -> c :: Counter -> ToChannel(mon2out);
 * =a ToChannel, FromDevice
 */
#include <kclick/element.h>
#include <kclick/chan.h>

struct fromchannel {
	char chan[KC_CHAN_NAME_MAX];
	struct kc_chanref *ref;
	u64 __percpu *pc;
	atomic64_t base;	/* carried state and resets */
};

static int fromchannel_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromchannel *fc = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "CHANNEL", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  fc->chan, sizeof(fc->chan) },
	};
	int ret;

	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (ret)
		return ret;
	fc->pc = e->pcpu;
	return 0;
}

static int fromchannel_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromchannel *fc = kc_priv(e);

	return kc_chan_rx_attach(e, fc->chan, &fc->ref, err);
}

/* Packet path (softirq or task, RCU read side): a sender delivers here. */
static void fromchannel_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct fromchannel *fc = kc_priv(e);

	this_cpu_inc(*fc->pc);
	kc_push(e, 0, p);
}

static u64 fromchannel_sum(struct fromchannel *fc)
{
	u64 n = atomic64_read(&fc->base);
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(fc->pc, cpu));
	return n;
}

static int fromchannel_read_count(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%llu",
		      (unsigned long long)fromchannel_sum(kc_priv(e)));
	return 0;
}

static int fromchannel_read_channel(struct kc_elem *e, struct kc_buf *b)
{
	struct fromchannel *fc = kc_priv(e);

	kc_buf_printf(b, "%s", fc->chan);
	return 0;
}

static int fromchannel_write_reset(struct kc_elem *e, const char *val,
				   struct kc_errbuf *err)
{
	struct fromchannel *fc = kc_priv(e);

	atomic64_sub(fromchannel_sum(fc), &fc->base);
	return 0;
}

static void fromchannel_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct fromchannel *fc = kc_priv(e);

	atomic64_add(fromchannel_sum(kc_priv(old)), &fc->base);
}

static void fromchannel_cleanup(struct kc_elem *e)
{
	struct fromchannel *fc = kc_priv(e);

	kc_chan_release(fc->ref);
}

static const struct kc_handler fromchannel_handlers[] = {
	{ .name = "count", .read = fromchannel_read_count },
	{ .name = "channel", .read = fromchannel_read_channel },
	{ .name = "reset", .write = fromchannel_write_reset },
};

const struct kc_class kc_fromchannel_class = {
	.name = "FromChannel",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromchannel),
	.pcpu_size = sizeof(u64),
	.configure = fromchannel_configure,
	.initialize = fromchannel_initialize,
	.push = fromchannel_push,
	.take_state = fromchannel_take_state,
	.cleanup = fromchannel_cleanup,
	.handlers = fromchannel_handlers,
	.nhandlers = ARRAY_SIZE(fromchannel_handlers),
};
