// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetIPDSCP(DSCP)
 * =s ip
 * sets IP packets' DSCP fields
 * =d
 * Expects IPv4 packets with the IP header annotation (else the IP header
 * is at the start of the data).  Sets the Differentiated Services Code
 * Point, the upper 6 bits of the TOS byte, to DSCP (0 to 63), keeps the
 * two ECN bits, updates the header checksum incrementally and passes the
 * packet to output 0.  A packet too short for an IP header is dropped and
 * counted.
 * =h dscp read/write
 * DSCP; a write takes effect from the next packet.
 * =h drops read-only
 * Packets dropped for want of an IP header.
 * =e
 *   ... -> CheckIPHeader(14) -> SetIPDSCP(46) -> ...	// EF
 * =a IPEncap, RED
 */
#include "meter.h"

#define SETIPDSCP_MAX	63

struct setipdscp {
	u8 dscp;
	u64 __percpu *drops;
};

static int setipdscp_value(const char *val, u8 *dscp, struct kc_errbuf *err)
{
	u32 v;

	if (kc_arg_value("DSCP", val, KC_ARG_U32, &v, 0, err))
		return -EINVAL;
	if (v > SETIPDSCP_MAX)
		return kc_errf(err, EINVAL, "DSCP: %u is above %u", v,
			       SETIPDSCP_MAX);
	*dscp = v;
	return 0;
}

static int setipdscp_configure(struct kc_elem *e, struct kc_args *args)
{
	struct setipdscp *s = kc_priv(e);
	char *val = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "DSCP", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &val },
	};

	s->drops = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = setipdscp_value(val, &s->dscp, args->err);
	kc_free(val);
	return ret ? -EINVAL : 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *setipdscp_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct setipdscp *s = kc_priv(e);

	if (kc_ip_set_tos(p, READ_ONCE(s->dscp) << 2, 0x03)) {
		this_cpu_inc(*s->drops);
		kc_drop(e, p);
		return NULL;
	}
	return p;
}

static void setipdscp_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, setipdscp_action);
}

static struct kc_pkt *setipdscp_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, setipdscp_action);
}

static int setipdscp_read_dscp(struct kc_elem *e, struct kc_buf *b)
{
	struct setipdscp *s = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(s->dscp));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int setipdscp_write_dscp(struct kc_elem *e, const char *val,
				struct kc_errbuf *err)
{
	struct setipdscp *s = kc_priv(e);
	u8 v = 0;

	if (setipdscp_value(val, &v, err))
		return -EINVAL;
	WRITE_ONCE(s->dscp, v);
	return 0;
}

static int setipdscp_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct setipdscp *s = kc_priv(e);

	return kc_buf_pcpu_u64(b, s->drops, 0);
}

static const struct kc_handler setipdscp_handlers[] = {
	{ .name = "dscp", .read = setipdscp_read_dscp,
	  .write = setipdscp_write_dscp },
	{ .name = "drops", .read = setipdscp_read_drops },
};

const struct kc_class kc_setipdscp_class = {
	.name = "SetIPDSCP",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct setipdscp),
	.pcpu_size = sizeof(u64),
	.configure = setipdscp_configure,
	.push = setipdscp_push,
	.pull = setipdscp_pull,
	.handlers = setipdscp_handlers,
	.nhandlers = ARRAY_SIZE(setipdscp_handlers),
};
