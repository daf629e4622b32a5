// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ARPPrint([TAG, TIMESTAMP, ETHER, ACTIVE])
 * =s arp
 * pretty-prints ARP packets a la tcpdump
 * =d
 * Prints one line per ARP packet, tcpdump style, after TAG and ": ", and
 * passes the packet on unchanged:
 *
 *   arp: 1700000000.000000: arp who-has 10.0.0.2 tell 10.0.0.1
 *   arp: 1700000000.000001: arp reply 10.0.0.2 is-at 02:00:00:00:00:02
 *
 * The ARP header is at the network header annotation when an element set
 * one, else after the 14-byte Ethernet header every frame from FromDevice
 * starts with.  Keywords:
 * =item TIMESTAMP
 * Boolean: print the packet's timestamp, seconds since 1970.  Default
 * true.
 * =item ETHER
 * Boolean: print the Ethernet source and destination first.  Default
 * false.
 * =item ACTIVE
 * Boolean: print at all.  Default true.
 * =n
 * In the kernel the lines go to the kernel log (rate limited like every
 * packet message there; what the limit holds back is counted in
 * `suppressed`); in `kclick run` to standard error.  Click's OUTFILE
 * (user level only) is not offered.
 * =h active read/write
 * ACTIVE.
 * =h printed read-only
 * Lines printed.
 * =h suppressed read-only
 * Lines the kernel's rate limit held back.
 * =e
 *   c :: Classifier(12/0806, -);
 *   c[0] -> ARPPrint(arp) -> ...
 * =a Print, IPPrint
 */
#include <kclick/element.h>
#include <kclick/proto.h>

struct arpprint_pcpu {
	u64 printed, suppressed;
};

struct arpprint {
	char *tag;
	bool timestamp;
	bool ether;
	bool active;
};

static int arpprint_configure(struct kc_elem *e, struct kc_args *args)
{
	struct arpprint *a = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "TAG", KC_ARG_STR, KC_ARGF_POSITIONAL, &a->tag },
		{ "TIMESTAMP", KC_ARG_BOOL, 0, &a->timestamp },
		{ "ETHER", KC_ARG_BOOL, 0, &a->ether },
		{ "ACTIVE", KC_ARG_BOOL, 0, &a->active },
	};

	a->timestamp = true;
	a->active = true;
	return kc_args_parse(args, spec, ARRAY_SIZE(spec));
}

static const char *const arp_ops[] = {
	[1] = "arp who-has", [2] = "arp reply", [3] = "rarp who-is",
	[4] = "rarp reply", [8] = "invarp who-is", [9] = "invarp reply",
};

/* The ARP body of an Ethernet/IPv4 ARP packet at a, as tcpdump says it. */
static void arpprint_body(struct kc_buf *b, const u8 *a)
{
	static const u8 zero[KC_ETH_ALEN];
	const u8 *sha = a + 8, *spa = a + 14, *tha = a + 18, *tpa = a + 24;
	u16 op = kc_get16(a + 6), hrd = kc_get16(a);

	if (kc_get16(a + 2) == 0x1000)
		kc_buf_printf(b, "trailer-");
	switch (op) {
	case 1:
		kc_buf_printf(b, "%s ", arp_ops[op]);
		kc_buf_ip4(b, tpa);
		if (memcmp(tha, zero, KC_ETH_ALEN)) {
			kc_buf_printf(b, " (");
			kc_buf_eth(b, tha);
			kc_buf_printf(b, ")");
		}
		kc_buf_printf(b, " tell ");
		kc_buf_ip4(b, spa);
		break;
	case 2:
		kc_buf_printf(b, "%s ", arp_ops[op]);
		kc_buf_ip4(b, spa);
		kc_buf_printf(b, " is-at ");
		kc_buf_eth(b, sha);
		break;
	case 3: case 8:
		kc_buf_printf(b, "%s ", arp_ops[op]);
		kc_buf_eth(b, tha);
		kc_buf_printf(b, " tell ");
		kc_buf_eth(b, sha);
		break;
	case 4: case 9:
		kc_buf_printf(b, "%s ", arp_ops[op]);
		kc_buf_eth(b, tha);
		kc_buf_printf(b, " at ");
		kc_buf_ip4(b, tpa);
		break;
	default:
		kc_buf_printf(b, "arp-#%u", op);
	}
	if (hrd != 1)
		kc_buf_printf(b, " hardware #%u", hrd);
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *arpprint_action(struct kc_elem *e, struct kc_pkt *p)
{
	const struct arpprint *ap = kc_priv(e);
	struct arpprint_pcpu *pc = kc_this_cpu_ptr(e->pcpu);
	unsigned char *nh = kc_pkt_nh(p);
	unsigned int off, len;
	char line[192];
	struct kc_buf b = { .data = line, .cap = sizeof(line) };
	const u8 *a;

	if (!READ_ONCE(ap->active))
		return p;
	if (!kc_net_ratelimit()) {
		pc->suppressed++;
		return p;
	}
	pc->printed++;
	off = nh ? (unsigned int)(nh - kc_pkt_data(p)) : KC_ETH_HLEN;
	if (ap->tag && ap->tag[0])
		kc_buf_printf(&b, "%s: ", ap->tag);
	if (ap->timestamp) {
		u64 ns = kc_pkt_tstamp_ns(p);

		kc_buf_printf(&b, "%llu.%06llu: ",
			      (unsigned long long)(ns / 1000000000ULL),
			      (unsigned long long)(ns % 1000000000ULL / 1000));
	}
	if (ap->ether && off >= KC_ETH_HLEN &&
	    kc_pkt_may_pull(p, off)) {
		a = kc_pkt_data(p) + off - KC_ETH_HLEN;
		kc_buf_eth(&b, a + KC_ETH_ALEN);
		kc_buf_printf(&b, " > ");
		kc_buf_eth(&b, a);
		kc_buf_printf(&b, ": ");
	}
	len = off < kc_pkt_len(p) ? kc_pkt_len(p) - off : 0;
	if (len < KC_ARP_LEN || !kc_pkt_may_pull(p, off + KC_ARP_LEN)) {
		kc_buf_printf(&b, "truncated-arp (%u)", len);
	} else {
		a = kc_pkt_data(p) + off;
		if ((kc_get16(a + 2) != KC_ETHTYPE_IP &&
		     kc_get16(a + 2) != 0x1000) || a[5] != 4 || a[4] != 6)
			kc_buf_printf(&b, "arp-#%u for proto #%u (%u) hardware #%u (%u)",
				      kc_get16(a + 6), kc_get16(a + 2), a[5],
				      kc_get16(a), a[4]);
		else
			arpprint_body(&b, a);
	}
	kc_log_info("%.*s\n", (int)b.len, line);
	return p;
}

static void arpprint_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, arpprint_action);
}

static struct kc_pkt *arpprint_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, arpprint_action);
}

static void arpprint_cleanup(struct kc_elem *e)
{
	struct arpprint *a = kc_priv(e);

	kc_free(a->tag);
}

static int arpprint_read_active(struct kc_elem *e, struct kc_buf *b)
{
	const struct arpprint *a = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(a->active) ? "true" : "false");
	return 0;
}

static int arpprint_write_active(struct kc_elem *e, const char *val,
				 struct kc_errbuf *err)
{
	struct arpprint *a = kc_priv(e);
	bool v;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(a->active, v);
	return 0;
}

static int arpprint_read_printed(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 0);
}

static int arpprint_read_suppressed(struct kc_elem *e, struct kc_buf *b)
{
	return kc_buf_pcpu_u64(b, e->pcpu, 1);
}

static const struct kc_handler arpprint_handlers[] = {
	{ .name = "active", .read = arpprint_read_active,
	  .write = arpprint_write_active },
	{ .name = "printed", .read = arpprint_read_printed },
	{ .name = "suppressed", .read = arpprint_read_suppressed },
};

const struct kc_class kc_arpprint_class = {
	.name = "ARPPrint",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct arpprint),
	.pcpu_size = sizeof(struct arpprint_pcpu),
	.configure = arpprint_configure,
	.push = arpprint_push,
	.pull = arpprint_pull,
	.cleanup = arpprint_cleanup,
	.handlers = arpprint_handlers,
	.nhandlers = ARRAY_SIZE(arpprint_handlers),
};
