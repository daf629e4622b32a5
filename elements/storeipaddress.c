// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * StoreIPAddress(OFFSET)
 * StoreIPAddress(ADDR, OFFSET)
 * =s ip
 * stores IP address in packet
 * =d
 * The one-argument form writes the destination IP address annotation into
 * the packet at byte OFFSET; when the annotation is 0 the packet passes
 * unchanged.  The two-argument form writes ADDR (which may be 0.0.0.0).
 *
 * OFFSET may be `src` or `dst`: the address then goes into that field of
 * the IP header (at the IP header annotation, else the start of the data),
 * and the IP checksum, and the TCP or UDP checksum of a first fragment,
 * are updated incrementally (a UDP checksum of 0, "none", stays 0).  With a
 * number as OFFSET no checksum is touched: follow with SetIPChecksum.
 *
 * A packet too short for OFFSET + 4 bytes, or without an IP header for
 * `src`/`dst`, goes to output 1 if there is one, else is dropped.
 * =h drops read-only
 * Packets dropped (too short, no output 1).
 * =e
 *   ... -> GetIPAddress(16) -> rt -> StoreIPAddress(30) -> ...
 *   ... -> StoreIPAddress(10.0.0.1, src) -> ...
 * =a SetIPAddress, SetIPChecksum, IPAddrRewriter
 */
#include <kclick/element.h>
#include <kclick/proto.h>

#define SIA_SRC		(-12)	/* offsets into the IP header, negated */
#define SIA_DST		(-16)

struct storeipaddress {
	__be32 addr;
	bool use_addr;
	int offset;		/* >= 0: bytes from the data; else SIA_* */
};

static int storeipaddress_configure(struct kc_elem *e, struct kc_args *args)
{
	struct storeipaddress *s = kc_priv(e);
	char off[16] = "";
	const struct kc_argspec spec2[] = {
		{ "ADDR", KC_ARG_IP4, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &s->addr },
		{ "OFFSET", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  off, sizeof(off) },
	};
	u32 n;

	s->use_addr = args->n > 1;
	if (kc_args_parse(args, spec2 + !s->use_addr, 2 - !s->use_addr))
		return -EINVAL;
	if (!strcmp(off, "src") || !strcmp(off, "SRC"))
		s->offset = SIA_SRC;
	else if (!strcmp(off, "dst") || !strcmp(off, "DST"))
		s->offset = SIA_DST;
	else if (kc_arg_value("OFFSET", off, KC_ARG_U32, &n, 0, args->err))
		return -EINVAL;
	else if (n > 65535)
		return kc_errf(args->err, EINVAL,
			       "OFFSET: %u is past the largest packet", n);
	else
		s->offset = n;
	return 0;
}

/* Packet path: out of range. */
static void sia_reject(struct kc_elem *e, struct kc_pkt *p)
{
	if (e->noutputs > 1) {
		kc_push(e, 1, p);
		return;
	}
	this_cpu_inc(*(u64 __percpu *)e->pcpu);
	kc_drop(e, p);
}

/* Packet path: into the IP header, checksums updated. */
static struct kc_pkt *sia_store_ip(struct kc_elem *e, struct kc_pkt *p,
				   __be32 addr)
{
	const struct storeipaddress *s = kc_priv(e);
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl, l4, need, sumoff = 0;
	__be32 old;
	u8 *ip;

	hl = off < 0 ? 0 : (kc_pkt_data(p)[off] & 15) * 4;
	if (off < 0 || (kc_pkt_data(p)[off] >> 4) != 4 || hl < KC_IP_HLEN ||
	    !kc_pkt_may_pull(p, off + hl)) {
		sia_reject(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + off;
	l4 = off + hl;
	if (!(kc_get16(ip + 6) & KC_IP_OFFMASK)) {
		if (ip[9] == KC_IPPROTO_TCP)
			sumoff = 16;
		else if (ip[9] == KC_IPPROTO_UDP)
			sumoff = 6;
	}
	if (sumoff && !kc_pkt_may_pull(p, l4 + sumoff + 2))
		sumoff = 0;	/* a transport header cut short: IP only */
	need = sumoff ? l4 + sumoff + 2 : l4;
	if (kc_pkt_make_writable(p, need)) {
		kc_drop(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + off;
	memcpy(&old, ip - s->offset, 4);
	memcpy(ip - s->offset, &addr, 4);
	kc_csum_replace4((__sum16 *)(ip + 10), old, addr);
	if (sumoff) {
		__sum16 *sum = (__sum16 *)(kc_pkt_data(p) + l4 + sumoff);

		if (sumoff == 16 || *sum) {
			kc_pkt_l4_csum_replace4(p, sum, old, addr, true);
			if (sumoff == 6 && !*sum)
				*sum = (__force __sum16)0xffff;
		}
	}
	return p;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *storeipaddress_action(struct kc_elem *e,
					    struct kc_pkt *p)
{
	const struct storeipaddress *s = kc_priv(e);
	__be32 addr = s->use_addr ? s->addr : kc_pkt_anno(p)->dst_ip;

	if (!s->use_addr && !addr)
		return p;
	if (s->offset < 0)
		return sia_store_ip(e, p, addr);
	if ((unsigned int)s->offset + 4 > kc_pkt_len(p)) {
		sia_reject(e, p);
		return NULL;
	}
	if (kc_pkt_make_writable(p, s->offset + 4)) {
		kc_drop(e, p);
		return NULL;
	}
	memcpy(kc_pkt_data(p) + s->offset, &addr, 4);
	return p;
}

static void storeipaddress_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, storeipaddress_action);
}

static int storeipaddress_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static const struct kc_handler storeipaddress_handlers[] = {
	{ .name = "drops", .read = storeipaddress_read_drops },
};

const struct kc_class kc_storeipaddress_class = {
	.name = "StoreIPAddress",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct storeipaddress),
	.pcpu_size = sizeof(u64),
	.configure = storeipaddress_configure,
	.push = storeipaddress_push,
	.handlers = storeipaddress_handlers,
	.nhandlers = ARRAY_SIZE(storeipaddress_handlers),
};
