// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ARPResponder(IP/MASK [IP/MASK...] ETH, ...)
 * =s arp
 * generates responses to ARP queries
 * =d
 * Answers ARP requests (Ethernet frames, Ethernet/IPv4 ARP) for the
 * addresses it is configured with.  Each argument lists one or more IP
 * addresses or IP/MASK prefixes and the Ethernet address to answer with
 * (in either order); a request whose target address falls in one of them
 * is turned into the reply, in place, and leaves on output 0.  Anything
 * else -- replies, malformed frames, requests for other addresses --
 * leaves on output 1 if there is one and is dropped otherwise.  An
 * AddressInfo name or a device name with both kinds of address stands
 * for its IP address and its Ethernet address: ARPResponder(intern).
 * =h table read-only
 * The entries: IP/LEN ETH.
 * =h count read-only
 * Replies sent.
 * =e
 *   c :: Classifier(12/0806 20/0001, ...);
 *   c[0] -> ARPResponder(10.0.1.1 02:00:00:00:01:01) -> out0;
 * =a ARPQuerier, Classifier
 */
#include <kclick/element.h>
#include <kclick/names.h>
#include <kclick/proto.h>

#define ARPR_MAX	64

struct arpr_entry {
	__be32 addr, mask;
	u8 eth[KC_ETH_ALEN];
};

struct arpresponder {
	int n;
	struct arpr_entry *v;
	u64 __percpu *count;
};

/* One argument: addresses and prefixes, and one Ethernet address. */
static int arpr_parse(struct arpresponder *r, const char *arg,
		      struct kc_errbuf *err)
{
	int first = r->n, i;
	bool have_eth = false;
	u8 eth[KC_ETH_ALEN];
	struct kc_quote q;
	char word[KC_ADDRNAME_LEN + 8];
	const char *s = arg;
	__be32 addr, mask;
	size_t n;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (!n)
			break;
		if (n >= sizeof(word))
			return kc_errf(err, EINVAL, "'%s' is too long",
				       kc_quote(&q, s, n));
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		/*
		 * Click's order: an address or prefix first (a name with both
		 * an IP and an Ethernet address, "ARPResponder(intern)", is
		 * its IP here and its Ethernet address below), else Ethernet.
		 */
		if (!kc_parse_ip4_prefix(word, &addr, &mask, true)) {
			if (r->n >= ARPR_MAX)
				return kc_errf(err, EINVAL, "at most %d addresses",
					       ARPR_MAX);
			r->v[r->n].mask = mask;
			r->v[r->n].addr = addr & mask;
			r->n++;
			continue;
		}
		if (kc_parse_eth(word, eth))
			return kc_errf(err, EINVAL, strchr(word, '/') ?
				       "'%s': '%s' is no address with a prefix length or mask" :
				       "'%s': '%s' is neither an IP nor an Ethernet address",
				       kc_quote_str(&q, arg), word);
		if (have_eth)
			return kc_errf(err, EINVAL,
				       "'%s': two Ethernet addresses",
				       kc_quote_str(&q, arg));
		have_eth = true;
	}
	/* A word that is both (a name): its Ethernet address. */
	for (s = arg; !have_eth && *s;) {
		while (*s == ' ' || *s == '\t')
			s++;
		n = strcspn(s, " \t");
		if (n && n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			have_eth = !kc_parse_eth(word, eth);
		}
		s += n;
	}
	if (!have_eth || r->n == first)
		return kc_errf(err, EINVAL,
			       "'%s': expected IP addresses and an Ethernet address",
			       kc_quote_str(&q, arg));
	for (i = first; i < r->n; i++)
		memcpy(r->v[i].eth, eth, KC_ETH_ALEN);
	return 0;
}

static int arpresponder_configure(struct kc_elem *e, struct kc_args *args)
{
	struct arpresponder *r = kc_priv(e);
	int i;

	r->count = e->pcpu;
	if (!args->n)
		return kc_errf(args->err, EINVAL, "expected IP ETH arguments");
	r->v = kc_zalloc(sizeof(*r->v) * ARPR_MAX);
	if (!r->v)
		return -ENOMEM;
	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];
		size_t kl = a->key ? strlen(a->key) : 0;
		char *s;
		int ret;

		args->v[i].used = true;
		if (!a->key) {
			if (arpr_parse(r, a->val, args->err))
				return -EINVAL;
			continue;
		}
		/* No keywords: "MY_NET 1:1:1:1:1:1" is a name and an address. */
		s = kc_zalloc(kl + strlen(a->val) + 2);
		if (!s)
			return -ENOMEM;
		memcpy(s, a->key, kl);
		s[kl] = ' ';
		strcpy(s + kl + 1, a->val);
		ret = arpr_parse(r, s, args->err);
		kc_free(s);
		if (ret)
			return -EINVAL;
	}
	return 0;
}

static void arpresponder_cleanup(struct kc_elem *e)
{
	struct arpresponder *r = kc_priv(e);

	kc_free(r->v);
}

/* Packet path (softirq, RCU read side). */
static void arpresponder_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct arpresponder *r = kc_priv(e);
	const struct arpr_entry *hit = NULL;
	__be32 tpa;
	u8 *h, *arp;
	int i;

	if (!kc_pkt_may_pull(p, KC_ETH_HLEN + KC_ARP_LEN))
		goto other;
	h = kc_pkt_data(p);
	arp = h + KC_ETH_HLEN;
	if (kc_get16(h + 12) != KC_ETHTYPE_ARP || kc_get16(arp) != 1 ||
	    kc_get16(arp + 2) != KC_ETHTYPE_IP || arp[4] != 6 || arp[5] != 4 ||
	    kc_get16(arp + 6) != KC_ARPOP_REQUEST)
		goto other;
	memcpy(&tpa, arp + 24, 4);
	for (i = 0; i < r->n && !hit; i++)
		if ((tpa & r->v[i].mask) == r->v[i].addr)
			hit = &r->v[i];
	if (!hit || kc_pkt_make_writable(p, KC_ETH_HLEN + KC_ARP_LEN))
		goto other;
	h = kc_pkt_data(p);
	arp = h + KC_ETH_HLEN;
	memcpy(h, arp + 8, KC_ETH_ALEN);		/* to the asker */
	memcpy(h + KC_ETH_ALEN, hit->eth, KC_ETH_ALEN);
	kc_put16(arp + 6, KC_ARPOP_REPLY);
	memcpy(arp + 18, arp + 8, 10);			/* target = sender */
	memcpy(arp + 8, hit->eth, KC_ETH_ALEN);
	memcpy(arp + 14, &tpa, 4);
	this_cpu_inc(*r->count);
	kc_push(e, 0, p);
	return;
other:
	if (e->noutputs > 1)
		kc_push(e, 1, p);
	else
		kc_drop(e, p);
}

static int arpresponder_read_table(struct kc_elem *e, struct kc_buf *b)
{
	struct arpresponder *r = kc_priv(e);
	int i, len;

	for (i = 0; i < r->n; i++) {
		const u8 *a = (const u8 *)&r->v[i].addr, *m = r->v[i].eth;
		u32 mask = be32_to_cpu(r->v[i].mask);

		for (len = 0; mask & 0x80000000U; mask <<= 1)
			len++;
		kc_buf_ip4(b, a);
		kc_buf_printf(b, "/%d ", len);
		kc_buf_eth(b, m);
		kc_buf_printf(b, "\n");
	}
	return 0;
}

static int arpresponder_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct arpresponder *r = kc_priv(e);

	return kc_buf_pcpu_u64(b, r->count, 0);
}

static const struct kc_handler arpresponder_handlers[] = {
	{ .name = "table", .read = arpresponder_read_table },
	{ .name = "count", .read = arpresponder_read_count },
};

const struct kc_class kc_arpresponder_class = {
	.name = "ARPResponder",
	.ports = "1/1-2",
	.processing = "h/h",
	.priv_size = sizeof(struct arpresponder),
	.pcpu_size = sizeof(u64),
	.configure = arpresponder_configure,
	.push = arpresponder_push,
	.cleanup = arpresponder_cleanup,
	.handlers = arpresponder_handlers,
	.nhandlers = ARRAY_SIZE(arpresponder_handlers),
};
