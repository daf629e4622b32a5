// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * SetIPECN(ECN)
 * =s ip
 * sets IP packets' ECN fields
 * =d
 * Expects IPv4 packets with the IP header annotation (else the IP header
 * is at the start of the data).  Sets the ECN field, the low 2 bits of
 * the TOS byte, to ECN, keeps the DSCP, updates the header checksum
 * incrementally and passes the packet to output 0.  ECN is a number from
 * 0 to 3 or one of Click's words: "no" or "-" (0, not ECN-capable),
 * "ect1" or "ECT(1)" (1), "ect2" or "ECT(0)" (2), "ce" or "CE" (3).  A
 * packet too short for an IP header is dropped and counted.
 * =h ecn read/write
 * ECN, read as a number; a write takes effect from the next packet.
 * =h drops read-only
 * Packets dropped for want of an IP header.
 * =e
 *   ... -> CheckIPHeader(14) -> SetIPECN(ECT(0)) -> ...
 * =a SetIPDSCP, RED
 */
#include "meter.h"

struct setipecn {
	u8 ecn;
	u64 __percpu *drops;
};

static const struct {
	const char *word;
	u8 ecn;
} setipecn_words[] = {
	{ "no", 0 }, { "-", 0 }, { "ect1", 1 }, { "ECT(1)", 1 },
	{ "ect2", 2 }, { "ECT(0)", 2 }, { "ce", 3 }, { "CE", 3 },
};

static int setipecn_value(const char *val, u8 *ecn, struct kc_errbuf *err)
{
	struct kc_quote q;
	unsigned int i;

	if (val[0] >= '0' && val[0] <= '3' && !val[1]) {
		*ecn = val[0] - '0';
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(setipecn_words); i++)
		if (!strcmp(val, setipecn_words[i].word)) {
			*ecn = setipecn_words[i].ecn;
			return 0;
		}
	return kc_errf(err, EINVAL,
		       "ECN: '%s' is not 0 to 3, no, ect1, ect2, ce, ECT(1), ECT(0) or CE",
		       kc_quote_str(&q, val));
}

static int setipecn_configure(struct kc_elem *e, struct kc_args *args)
{
	struct setipecn *s = kc_priv(e);
	char *val = NULL;
	int ret;
	const struct kc_argspec spec[] = {
		{ "ECN", KC_ARG_STR, KC_ARGF_POSITIONAL | KC_ARGF_MANDATORY,
		  &val },
	};

	s->drops = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret)
		ret = setipecn_value(val, &s->ecn, args->err);
	kc_free(val);
	return ret ? -EINVAL : 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *setipecn_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct setipecn *s = kc_priv(e);

	if (kc_ip_set_tos(p, READ_ONCE(s->ecn), 0xfc)) {
		this_cpu_inc(*s->drops);
		kc_drop(e, p);
		return NULL;
	}
	return p;
}

static void setipecn_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, setipecn_action);
}

static struct kc_pkt *setipecn_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, setipecn_action);
}

static int setipecn_read_ecn(struct kc_elem *e, struct kc_buf *b)
{
	struct setipecn *s = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(s->ecn));
	return 0;
}

/* Handlers: process context, graph lock held. */
static int setipecn_write_ecn(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	struct setipecn *s = kc_priv(e);
	u8 v = 0;

	if (setipecn_value(val, &v, err))
		return -EINVAL;
	WRITE_ONCE(s->ecn, v);
	return 0;
}

static int setipecn_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct setipecn *s = kc_priv(e);

	return kc_buf_pcpu_u64(b, s->drops, 0);
}

static const struct kc_handler setipecn_handlers[] = {
	{ .name = "ecn", .read = setipecn_read_ecn,
	  .write = setipecn_write_ecn },
	{ .name = "drops", .read = setipecn_read_drops },
};

const struct kc_class kc_setipecn_class = {
	.name = "SetIPECN",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct setipecn),
	.pcpu_size = sizeof(u64),
	.configure = setipecn_configure,
	.push = setipecn_push,
	.pull = setipecn_pull,
	.handlers = setipecn_handlers,
	.nhandlers = ARRAY_SIZE(setipecn_handlers),
};
