// SPDX-License-Identifier: GPL-2.0
/*
 * The tunnel elements' shared pieces (kc_tunnel.h): GRE protocol names,
 * the decapsulators' verdict and their counters.
 */
#include "kc_tunnel.h"

static const struct {
	const char *name;
	u16 proto;
} kc_gre_protos[] = {
	{ "ip", 0x0800 }, { "ipv6", 0x86dd }, { "teb", 0x6558 },
};

int kc_gre_protocol(const char *s, u16 *out, struct kc_errbuf *err)
{
	struct kc_quote q;
	unsigned int i;
	u32 v;

	for (i = 0; i < ARRAY_SIZE(kc_gre_protos); i++)
		if (!strcmp(s, kc_gre_protos[i].name)) {
			*out = kc_gre_protos[i].proto;
			return 0;
		}
	if (kc_arg_value("PROTOCOL", s, KC_ARG_U32, &v, 0, err) || v > 0xffff)
		return kc_errf(err, EINVAL,
			       "PROTOCOL: '%s' is not a protocol type (0 to 0xffff, ip, ipv6 or teb)",
			       kc_quote_str(&q, s));
	*out = (u16)v;
	return 0;
}

/* Packet path (softirq, RCU read side). */
struct kc_pkt *kc_tun_verdict(struct kc_elem *e, struct kc_pkt *p, int why)
{
	struct kc_tun_pcpu *pc = kc_this_cpu_ptr(
		(struct kc_tun_pcpu __percpu *)e->pcpu);

	if (why < 0) {
		pc->count++;
		return p;
	}
	pc->drops[why]++;
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
	return NULL;
}

static void kc_tun_sum(struct kc_elem *e, struct kc_tun_pcpu *s)
{
	int cpu, i;

	memset(s, 0, sizeof(*s));
	kc_for_each_cpu(cpu) {
		const struct kc_tun_pcpu *pc = kc_per_cpu_ptr(
			(struct kc_tun_pcpu __percpu *)e->pcpu, cpu);

		s->count += READ_ONCE(pc->count);
		for (i = 0; i < KC_TUN_NREASONS; i++)
			s->drops[i] += READ_ONCE(pc->drops[i]);
	}
}

int kc_tun_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_tun_pcpu s;

	kc_tun_sum(e, &s);
	kc_buf_printf(b, "%llu", (unsigned long long)s.count);
	return 0;
}

int kc_tun_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_tun_pcpu s;
	u64 n = 0;
	int i;

	kc_tun_sum(e, &s);
	for (i = 0; i < KC_TUN_NREASONS; i++)
		n += s.drops[i];
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static const char *const kc_tun_reason_names[KC_TUN_NREASONS] = {
	[KC_TUN_SHORT] = "too short",
	[KC_TUN_FLAGS] = "bad version or flags",
	[KC_TUN_CSUM] = "bad or missing checksum",
	[KC_TUN_KEY] = "wrong key or VNI",
	[KC_TUN_SEQ] = "missing or out-of-order sequence number",
	[KC_TUN_PROTO] = "wrong protocol type",
	[KC_TUN_GSO] = "GSO",
};

int kc_tun_details(struct kc_elem *e, struct kc_buf *b, unsigned int reasons)
{
	struct kc_tun_pcpu s;
	int i;

	kc_tun_sum(e, &s);
	for (i = 0; i < KC_TUN_NREASONS; i++)
		if (reasons & 1u << i)
			kc_buf_printf(b, "%llu packets: %s\n",
				      (unsigned long long)s.drops[i],
				      kc_tun_reason_names[i]);
	return 0;
}
