// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * DecIPTTL
 * =s ip
 * decrements IP time-to-live, drops dead packets
 * =d
 * Expects packets with the IP header annotation (CheckIPHeader,
 * MarkIPHeader).  A packet whose TTL is 0 or 1 leaves on output 1 if
 * there is one (to ICMPError, for a "time exceeded") and is dropped
 * otherwise; any other packet gets its TTL decremented, its checksum
 * updated incrementally (RFC 1624), and leaves on output 0.
 * =h drops read-only
 * Packets whose TTL had expired.
 * =e
 *   ... -> CheckIPHeader(14) -> dt :: DecIPTTL -> ...;
 *   dt[1] -> Discard;
 * =a CheckIPHeader
 */
#include <kclick/element.h>

struct decipttl {
	u64 __percpu *drops;
};

static int decipttl_configure(struct kc_elem *e, struct kc_args *args)
{
	struct decipttl *d = kc_priv(e);

	d->drops = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path (softirq, RCU read side). */
static void decipttl_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct decipttl *d = kc_priv(e);
	unsigned char *ip = kc_pkt_nh(p);
	unsigned int off;
	u32 sum;

	if (!ip)
		ip = kc_pkt_data(p);
	off = ip - kc_pkt_data(p);
	if (off > kc_pkt_len(p) || !kc_pkt_may_pull(p, off + 20) ||
	    kc_pkt_make_writable(p, off + 20))
		goto dead;
	ip = kc_pkt_data(p) + off;	/* may have moved */
	if (ip[8] <= 1)
		goto dead;
	ip[8]--;
	/* The TTL is the high byte of a 16-bit word: the sum grows by 0x100. */
	sum = ((u32)ip[10] << 8 | ip[11]) + 0x100;
	sum = (sum & 0xffff) + (sum >> 16);
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
	kc_push(e, 0, p);
	return;
dead:
	this_cpu_inc(*d->drops);
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
}

static int decipttl_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct decipttl *d = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(d->drops, cpu));
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static const struct kc_handler decipttl_handlers[] = {
	{ .name = "drops", .read = decipttl_read_drops },
};

const struct kc_class kc_decipttl_class = {
	.name = "DecIPTTL",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct decipttl),
	.pcpu_size = sizeof(u64),
	.configure = decipttl_configure,
	.push = decipttl_push,
	.handlers = decipttl_handlers,
	.nhandlers = ARRAY_SIZE(decipttl_handlers),
};
