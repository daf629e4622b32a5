// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * MarkIPCE([FORCE])
 * =s ip
 * sets IP packets' ECN field to Congestion Experienced
 * =d
 * Expects IPv4 packets, at the IP header annotation (else at the start
 * of the data).  Sets the ECN field of each ECN-capable packet (ECT(0),
 * ECT(1), or CE already) to Congestion Experienced (3, RFC 3168), keeps
 * the DSCP, updates the header checksum incrementally (RFC 1624) and
 * passes the packet to output 0.  A packet whose ECN field is 0 (not
 * ECN-capable) is dropped, unless FORCE is true: then it is marked CE
 * too.  A packet without an IPv4 header is dropped.  RED with ECN true
 * marks its packets the same way.
 * =over 8
 * =item FORCE
 * Boolean, default false.
 * =back
 * =h drops read-only
 * Packets dropped: not ECN-capable (without FORCE), or not IPv4.
 * =h count read-only
 * Packets marked (not in Click).
 * =e
 *   ... -> CheckIPHeader(14) -> MarkIPCE -> ...
 * =a SetIPECN, RED
 */
#include "meter.h"

struct markipce_pcpu {
	u64 drops, marks;
};

struct markipce {
	bool force;
	struct markipce_pcpu __percpu *pc;
};

static int markipce_configure(struct kc_elem *e, struct kc_args *args)
{
	struct markipce *m = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "FORCE", KC_ARG_BOOL, KC_ARGF_POSITIONAL, &m->force },
	};

	m->pc = e->pcpu;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *markipce_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct markipce *m = kc_priv(e);
	struct markipce_pcpu *pc = kc_this_cpu_ptr(m->pc);

	if (kc_ip_mark_ce(p, m->force)) {
		pc->drops++;
		kc_drop(e, p);
		return NULL;
	}
	pc->marks++;
	return p;
}

static void markipce_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, markipce_action);
}

static struct kc_pkt *markipce_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, markipce_action);
}

static int markipce_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct markipce *m = kc_priv(e);

	return kc_buf_pcpu_u64(b, (u64 __percpu *)m->pc, 0);
}

static int markipce_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct markipce *m = kc_priv(e);

	return kc_buf_pcpu_u64(b, (u64 __percpu *)m->pc, 1);
}

static const struct kc_handler markipce_handlers[] = {
	{ .name = "count", .read = markipce_read_count },
	{ .name = "drops", .read = markipce_read_drops },
};

const struct kc_class kc_markipce_class = {
	.name = "MarkIPCE",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct markipce),
	.pcpu_size = sizeof(struct markipce_pcpu),
	.configure = markipce_configure,
	.push = markipce_push,
	.pull = markipce_pull,
	.handlers = markipce_handlers,
	.nhandlers = ARRAY_SIZE(markipce_handlers),
};
