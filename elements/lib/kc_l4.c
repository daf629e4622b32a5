// SPDX-License-Identifier: GPL-2.0
/*
 * Transport checksums for SetTCPChecksum, SetUDPChecksum, CheckUDPHeader,
 * CheckTCPHeader and CheckICMPHeader (kc_l4.h).
 *
 * CHECKSUM_PARTIAL (kernel only; offline packets never are): the packet's
 * transport checksum is valid by offload -- the device, or GSO, will fill
 * it in, and the field holds the pseudo-header sum only.  A GSO packet
 * that GRO merged (CHECKSUM_UNNECESSARY: each segment was verified on
 * receipt) also holds only the pseudo-header sum, and segmentation
 * recomputes every segment's.  The checkers therefore verify no transport
 * checksum on a CHECKSUM_PARTIAL or GSO packet (they still check the
 * lengths).  The setters, when the pending checksum is the one they set,
 * or on a GSO packet with none pending, write the pseudo-header sum of the
 * current IP header and leave the rest to the device or to segmentation
 * (counted as "offloaded"); when the pending checksum is another one (an
 * inner header's) they complete it in software first and then set theirs,
 * except on a GSO packet, which cannot be completed here: it is dropped
 * (or sent to output 1) and counted.
 */
#include <kclick/proto.h>
#include "kc_l4.h"

int kc_l4_find(struct kc_pkt *p, struct kc_l4 *l)
{
	int off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	unsigned int hl, len;
	const u8 *ip;

	if (off < 0)
		return KC_L4_NOT_IP;
	ip = kc_pkt_data(p) + off;
	hl = (ip[0] & 15) * 4;
	if (ip[0] >> 4 != 4 || hl < KC_IP_HLEN ||
	    !kc_pkt_may_pull(p, off + hl))
		return KC_L4_NOT_IP;
	ip = kc_pkt_data(p) + off;
	len = kc_get16(ip + 2);
	if (len < hl || off + len > kc_pkt_len(p))
		return KC_L4_NOT_IP;
	if (kc_get16(ip + 6) & (KC_IP_MF | KC_IP_OFFMASK))
		return KC_L4_FRAG;
	l->ipoff = off;
	l->l4off = off + hl;
	l->l4len = len - hl;
	return 0;
}

u32 kc_l4_pseudo(const u8 *ip, u8 proto, unsigned int l4len)
{
	u32 sum = kc_csum_add(0, ip + 12, 8);

	return sum + proto + l4len;
}

bool kc_l4_pull(struct kc_pkt *p, const struct kc_l4 *l, bool write)
{
	unsigned int end = l->l4off + l->l4len;

	if (!kc_pkt_may_pull(p, end))
		return false;
	return !write || !kc_pkt_make_writable(p, end);
}

/* Checkers. */

static const char *const l4c_reason_names[KC_L4C_NREASONS] = {
	"not this protocol", "bad packet length", "bad checksum",
	"fragment",
};

int kc_l4check_configure(struct kc_elem *e, struct kc_args *args, u8 proto)
{
	struct kc_l4check *c = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "VERBOSE", KC_ARG_BOOL, 0, &c->verbose },
		{ "DETAILS", KC_ARG_BOOL, 0, &c->details },
	};

	c->proto = proto;
	c->pc = e->pcpu;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

/* Packet path: the header lengths (minimum h) and the bytes to sum. */
static int l4c_lengths(struct kc_l4check *c, struct kc_pkt *p,
		       const struct kc_l4 *l, unsigned int *sumlen)
{
	unsigned int h = c->proto == KC_IPPROTO_TCP ? 20 : 8, n;
	const u8 *t;

	if (l->l4len < h || !kc_pkt_may_pull(p, l->l4off + h))
		return KC_L4C_LENGTH;
	t = kc_pkt_data(p) + l->l4off;
	*sumlen = l->l4len;
	if (c->proto == KC_IPPROTO_UDP) {
		n = kc_get16(t + 4);
		if (n < 8 || n > l->l4len)
			return KC_L4C_LENGTH;
		*sumlen = n;
	} else if (c->proto == KC_IPPROTO_TCP) {
		n = (t[12] >> 4) * 4;
		if (n < 20 || n > l->l4len)
			return KC_L4C_LENGTH;
	}
	return -1;
}

/* Packet path: -1 if p is good, else why not. */
static int l4c_check(struct kc_l4check *c, struct kc_pkt *p)
{
	unsigned int sumlen;
	struct kc_l4 l;
	const u8 *ip, *t;
	u32 sum = 0;
	int why;

	why = kc_l4_find(p, &l);
	if (why)
		return why == KC_L4_FRAG ? KC_L4C_FRAG : KC_L4C_NOT_PROTO;
	if (kc_pkt_data(p)[l.ipoff + 9] != c->proto)
		return KC_L4C_NOT_PROTO;
	why = l4c_lengths(c, p, &l, &sumlen);
	if (why >= 0)
		return why;
	if (kc_pkt_csum_partial(p) || kc_pkt_is_gso(p))
		return -1;	/* valid by offload: see the top of the file */
	t = kc_pkt_data(p) + l.l4off;
	if (c->proto == KC_IPPROTO_UDP && !t[6] && !t[7])
		return -1;	/* the sender computed none */
	if (!kc_l4_pull(p, &l, false))
		return KC_L4C_LENGTH;
	ip = kc_pkt_data(p) + l.ipoff;
	t = kc_pkt_data(p) + l.l4off;
	if (c->proto != KC_IPPROTO_ICMP)
		sum = kc_l4_pseudo(ip, c->proto, sumlen);
	sum = kc_csum_add(sum, t, sumlen);
	return kc_csum_fold(sum) ? KC_L4C_CSUM : -1;
}

static struct kc_pkt *l4check_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct kc_l4check *c = kc_priv(e);
	struct kc_l4c_pcpu *pc = kc_this_cpu_ptr(c->pc);
	int why = l4c_check(c, p);

	if (why < 0) {
		pc->count++;
		return p;
	}
	pc->drops[why]++;
	if (c->verbose || !READ_ONCE(c->warned)) {
		WRITE_ONCE(c->warned, true);
		kc_log_ratelimited("%s: %s (%u bytes)\n", e->name,
				   l4c_reason_names[why], kc_pkt_len(p));
	}
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
	return NULL;
}

void kc_l4check_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, l4check_action);
}

struct kc_pkt *kc_l4check_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, l4check_action);
}

static void l4c_sum(const struct kc_l4check *c, struct kc_l4c_pcpu *s)
{
	int cpu, i;

	memset(s, 0, sizeof(*s));
	kc_for_each_cpu(cpu) {
		const struct kc_l4c_pcpu *pc = kc_per_cpu_ptr(c->pc, cpu);

		s->count += READ_ONCE(pc->count);
		for (i = 0; i < KC_L4C_NREASONS; i++)
			s->drops[i] += READ_ONCE(pc->drops[i]);
	}
}

static int l4check_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_l4c_pcpu s;

	l4c_sum(kc_priv(e), &s);
	kc_buf_printf(b, "%llu", (unsigned long long)s.count);
	return 0;
}

static int l4check_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_l4c_pcpu s;
	u64 n = 0;
	int i;

	l4c_sum(kc_priv(e), &s);
	for (i = 0; i < KC_L4C_NREASONS; i++)
		n += s.drops[i];
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int l4check_read_details(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_l4c_pcpu s;
	int i;

	l4c_sum(kc_priv(e), &s);
	for (i = 0; i < KC_L4C_NREASONS; i++)
		kc_buf_printf(b, "%llu packets: %s\n",
			      (unsigned long long)s.drops[i],
			      l4c_reason_names[i]);
	return 0;
}

const struct kc_handler kc_l4check_handlers[KC_L4C_NHANDLERS] = {
	{ .name = "count", .read = l4check_read_count },
	{ .name = "drops", .read = l4check_read_drops },
	{ .name = "drop_details", .read = l4check_read_details },
};

/* Setters. */

int kc_l4set_configure(struct kc_elem *e, struct kc_args *args, u8 proto)
{
	struct kc_l4set *s = kc_priv(e);

	s->proto = proto;
	s->pc = e->pcpu;
	return kc_args_parse(args, NULL, 0);
}

/* Packet path: set the checksum; false if p cannot have one. */
static bool l4set(struct kc_l4set *s, struct kc_pkt *p, bool *offloaded)
{
	bool udp = s->proto == KC_IPPROTO_UDP;
	unsigned int h = udp ? 8 : 20, sumoff, len;
	struct kc_l4 l;
	u8 *ip, *t;
	u16 sum;

	if (kc_l4_find(p, &l) || l.l4len < h ||
	    !kc_pkt_may_pull(p, l.l4off + h))
		return false;
	len = l.l4len;
	if (udp) {
		len = kc_get16(kc_pkt_data(p) + l.l4off + 4);
		if (len < 8 || len > l.l4len)
			return false;
	}
	sumoff = l.l4off + (udp ? 6 : 16);
	if (kc_pkt_make_writable(p, l.l4off + h))
		return false;
	ip = kc_pkt_data(p) + l.ipoff;
	if (kc_pkt_csum_partial_at(p, l.l4off, sumoff) ||
	    (kc_pkt_is_gso(p) && !kc_pkt_csum_partial(p))) {
		/* The device or GSO sums the rest; we give the pseudo-header. */
		sum = (u16)~kc_csum_fold(kc_l4_pseudo(ip, s->proto, len));
		kc_put16(kc_pkt_data(p) + sumoff, sum);
		*offloaded = true;
		return true;
	}
	if (kc_pkt_csum_software(p) || !kc_l4_pull(p, &l, true))
		return false;
	ip = kc_pkt_data(p) + l.ipoff;
	t = kc_pkt_data(p) + l.l4off;
	t[sumoff - l.l4off] = 0;
	t[sumoff - l.l4off + 1] = 0;
	sum = kc_csum_fold(kc_csum_add(kc_l4_pseudo(ip, s->proto, len), t,
				       len));
	if (udp && !sum)
		sum = 0xffff;	/* 0 would mean "no checksum" */
	kc_put16(t + sumoff - l.l4off, sum);
	return true;
}

static struct kc_pkt *l4set_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct kc_l4set *s = kc_priv(e);
	struct kc_l4set_pcpu *pc = kc_this_cpu_ptr(s->pc);
	bool offloaded = false;

	if (l4set(s, p, &offloaded)) {
		pc->count++;
		pc->offloaded += offloaded;
		return p;
	}
	pc->drops++;
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
	return NULL;
}

void kc_l4set_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, l4set_action);
}

struct kc_pkt *kc_l4set_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, l4set_action);
}

static int l4set_read(struct kc_elem *e, struct kc_buf *b, unsigned int i)
{
	struct kc_l4set *s = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu) {
		const struct kc_l4set_pcpu *pc = kc_per_cpu_ptr(s->pc, cpu);

		n += i == 0 ? READ_ONCE(pc->count) :
		     i == 1 ? READ_ONCE(pc->offloaded) : READ_ONCE(pc->drops);
	}
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int l4set_read_count(struct kc_elem *e, struct kc_buf *b)
{
	return l4set_read(e, b, 0);
}

static int l4set_read_offloaded(struct kc_elem *e, struct kc_buf *b)
{
	return l4set_read(e, b, 1);
}

static int l4set_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	return l4set_read(e, b, 2);
}

const struct kc_handler kc_l4set_handlers[KC_L4S_NHANDLERS] = {
	{ .name = "count", .read = l4set_read_count },
	{ .name = "offloaded", .read = l4set_read_offloaded },
	{ .name = "drops", .read = l4set_read_drops },
};

/* Encapsulation. */

u8 *kc_encap_push(struct kc_pkt *p, unsigned int hlen, bool *gso)
{
	*gso = kc_pkt_is_gso(p);
	if (*gso || kc_pkt_len(p) + hlen > 65535 || kc_pkt_csum_software(p))
		return NULL;
	return kc_pkt_push(p, hlen);
}

void kc_encap_iph(u8 *ip, u8 tos, u16 id, bool df, u8 ttl, u8 proto,
		  __be32 src, __be32 dst, unsigned int len)
{
	ip[0] = 0x45;
	ip[1] = tos;
	kc_put16(ip + 2, len);
	kc_put16(ip + 4, id);
	kc_put16(ip + 6, df ? KC_IP_DF : 0);
	ip[8] = ttl;
	ip[9] = proto;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	kc_ip_set_csum(ip);
}
