// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * CheckIPHeader([OFFSET, KEYWORDS])
 * CheckIPHeader(BADSRC2, OFFSET [, KEYWORDS])
 * =s ip
 * checks IP header
 * =d
 * Expects IPv4 packets whose header starts OFFSET bytes into the data
 * (default 0; 14 after an Ethernet header).  Checks that the packet is
 * long enough for the header, that the version is 4, the header length at
 * least 5 words and within the packet, the total length at least the
 * header and at most the packet, the checksum right (unless CHECKSUM is
 * false) and the source address neither 0.0.0.0 nor 255.255.255.255 nor
 * in BADSRC.  A good packet gets its IP header annotation set, is trimmed
 * to the IP total length (link-layer padding goes) and leaves on output 0.
 * A bad one leaves on output 1 if there is one, and is dropped otherwise.
 *
 * Keyword arguments:
 * =over 8
 * =item OFFSET
 * Bytes from the start of the data to the IP header.  Default 0.
 * =item CHECKSUM
 * Boolean.  If false, the checksum is not verified.  Default true.
 * =item BADSRC
 * Space-separated IP addresses that are not acceptable sources, in
 * addition to 0.0.0.0 and 255.255.255.255 (at most 16, INTERFACES'
 * broadcast addresses included).
 * =item GOODDST
 * Space-separated IP addresses (at most 8): a packet to one of them is
 * exempt from the source checks.
 * =item INTERFACES
 * Space-separated addresses with prefixes, this router's interfaces
 * (at most 8; names from AddressInfo allowed): acts as a BADSRC of each
 * interface's broadcast address and a GOODDST of each address, as in
 * Click.  "INTERFACES 18.26.4.9/24 1.0.0.1/8" is BADSRC 18.26.4.255
 * 1.255.255.255 and GOODDST 18.26.4.9 1.0.0.1.
 * =item VERBOSE, DETAILS
 * Booleans, accepted for Click's configurations.  kclick prints no
 * message per bad packet (a packet path must not log per packet); the
 * counts per reason are always kept in drop_details.
 * =back
 *
 * Click's old syntax CheckIPHeader(BADSRC2, OFFSET) is accepted too: two
 * positional arguments, or one that is not a number, mean a BADSRC list
 * (possibly empty, as in "CheckIPHeader(, 14)") then the offset.
 * =h count read-only
 * Packets that passed.
 * =h drops read-only
 * Packets that failed a check.
 * =h drop_details read-only
 * Failures per check: short, version, header length, length, checksum,
 * source.
 * =e
 *   FromDevice(eth0) -> Strip(14) -> CheckIPHeader -> ...
 *   FromDevice(eth0) -> CheckIPHeader(14) -> ...
 * =a MarkIPHeader, Strip
 */
#include "shared.h"

static const char *const cih_reason_names[CIH_NREASONS] = {
	"too short", "bad version", "bad header length", "bad length",
	"bad checksum", "bad source",
};

/*
 * A space-separated list into out[max] (after *n already there): plain
 * addresses, or with INTERFACES (bcast != NULL) ADDR/PREFIX words whose
 * address goes to out and broadcast address to bcast.
 */
static int cih_parse_list(const char *key, const char *s, __be32 *out,
			  int *n, int max, __be32 *bcast, int *nb,
			  struct kc_errbuf *err)
{
	struct kc_quote q;
	char word[64];
	__be32 a, m;
	size_t len;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		len = strcspn(s, " \t");
		if (!len)
			break;
		if (len >= sizeof(word))
			return kc_errf(err, EINVAL, "%s: '%s' is too long", key,
				       kc_quote(&q, s, len));
		if (*n >= max || (bcast && *nb >= CIH_MAX_BADSRC))
			return kc_errf(err, EINVAL, "%s: at most %d addresses",
				       key, bcast ? CIH_MAX_GOODDST : max);
		memcpy(word, s, len);
		word[len] = '\0';
		if (bcast) {
			if (kc_parse_ip4_prefix(word, &a, &m, false))
				return kc_errf(err, EINVAL,
					       "%s: '%s' is not an address with a prefix (ADDR/LEN)",
					       key, kc_quote_str(&q, word));
			out[(*n)++] = a;
			bcast[(*nb)++] = a | ~m;
		} else if (kc_parse_ip4(word, &out[*n])) {
			return kc_errf(err, EINVAL, "%s: '%s' is not an IP address",
				       key, kc_quote_str(&q, word));
		} else {
			(*n)++;
		}
		s += len;
	}
	return 0;
}

/* Click's old syntax: (BADSRC2, OFFSET), or one non-numeric positional. */
static bool cih_old_syntax(const struct kc_args *args)
{
	const char *first = NULL;
	int i, npos = 0;

	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];

		if (a->key && *a->val)
			continue;	/* KEYWORD value */
		if (!npos++)
			first = a->key ? a->key : a->val;
	}
	if (npos >= 2)
		return true;
	if (npos == 1) {
		u64 v;

		/* A lone number (decimal or 0x) is the new syntax's OFFSET. */
		return kc_parse_u64(first, ~0ULL, &v) == -EINVAL;
	}
	return false;
}

int kc_checkipheader_setup(struct kc_elem *e, struct kc_args *args,
			   bool checksum)
{
	struct checkipheader *c = kc_priv(e);
	char *badsrc = NULL, *badsrc2 = NULL, *gooddst = NULL, *ifs = NULL;
	bool old = cih_old_syntax(args);
	const struct kc_argspec spec[] = {
		{ "BADSRC2", KC_ARG_STR, old ? KC_ARGF_POSITIONAL : 0, &badsrc2 },
		{ "OFFSET", KC_ARG_U32, KC_ARGF_POSITIONAL, &c->offset },
		{ "CHECKSUM", KC_ARG_BOOL, 0, &c->checksum },
		{ "BADSRC", KC_ARG_STR, 0, &badsrc },
		{ "GOODDST", KC_ARG_STR, 0, &gooddst },
		{ "INTERFACES", KC_ARG_STR, 0, &ifs },
		{ "VERBOSE", KC_ARG_BOOL, 0, &c->verbose },
		{ "DETAILS", KC_ARG_BOOL, 0, &c->details },
	};
	int ret;

	c->checksum = checksum;
	c->pc = e->pcpu;
	ret = kc_args_parse(args, spec, ARRAY_SIZE(spec));
	if (!ret && c->offset > 1024)
		ret = kc_errf(args->err, EINVAL, "OFFSET: %u is too far",
			      c->offset);
	if (!ret && badsrc2)
		ret = cih_parse_list("BADSRC2", badsrc2, c->badsrc,
				     &c->nbadsrc, CIH_MAX_BADSRC, NULL, NULL,
				     args->err);
	if (!ret && badsrc)
		ret = cih_parse_list("BADSRC", badsrc, c->badsrc, &c->nbadsrc,
				     CIH_MAX_BADSRC, NULL, NULL, args->err);
	if (!ret && gooddst)
		ret = cih_parse_list("GOODDST", gooddst, c->gooddst,
				     &c->ngooddst, CIH_MAX_GOODDST, NULL, NULL,
				     args->err);
	if (!ret && ifs)
		ret = cih_parse_list("INTERFACES", ifs, c->gooddst,
				     &c->ngooddst, CIH_MAX_GOODDST, c->badsrc,
				     &c->nbadsrc, args->err);
	kc_free(badsrc);
	kc_free(badsrc2);
	kc_free(gooddst);
	kc_free(ifs);
	return ret ? -EINVAL : 0;
}

/* Packet path (softirq, RCU read side): the check, or why it failed. */
static int cih_check(const struct checkipheader *c, struct kc_pkt *p)
{
	unsigned int hl, len, plen = kc_pkt_len(p);
	const u8 *ip;
	__be32 src, dst;
	int i;

	if (plen < c->offset + 20 || !kc_pkt_may_pull(p, c->offset + 20))
		return CIH_SHORT;
	ip = kc_pkt_data(p) + c->offset;
	if (ip[0] >> 4 != 4)
		return CIH_VERSION;
	hl = (ip[0] & 15) * 4;
	if (hl < 20 || c->offset + hl > plen)
		return CIH_HLEN;
	if (!kc_pkt_may_pull(p, c->offset + hl))
		return CIH_SHORT;
	ip = kc_pkt_data(p) + c->offset;
	len = (unsigned int)ip[2] << 8 | ip[3];
	if (len < hl || c->offset + len > plen)
		return CIH_LEN;
	if (c->checksum && kc_ip_csum(ip, hl / 4))
		return CIH_CSUM;
	memcpy(&src, ip + 12, 4);
	if (src != 0 && src != (__force __be32)0xffffffff) {
		for (i = 0; i < c->nbadsrc; i++)
			if (src == c->badsrc[i])
				break;
		if (i == c->nbadsrc)
			return -1;
	}
	/* A bad source: unless the packet is for one of GOODDST. */
	memcpy(&dst, ip + 16, 4);
	for (i = 0; i < c->ngooddst; i++)
		if (dst == c->gooddst[i])
			return -1;
	return CIH_SRC;
}

static struct kc_pkt *checkipheader_action(struct kc_elem *e,
					   struct kc_pkt *p)
{
	struct checkipheader *c = kc_priv(e);
	struct cih_pcpu *pc = kc_this_cpu_ptr(c->pc);
	int why = cih_check(c, p);
	const u8 *ip;

	if (why >= 0) {
		pc->drops[why]++;
		if (e->noutputs > 1)
			kc_push(e, 1, p);
		else
			kc_drop(e, p);
		return NULL;
	}
	ip = kc_pkt_data(p) + c->offset;
	kc_pkt_trim(p, c->offset + ((unsigned int)ip[2] << 8 | ip[3]));
	kc_pkt_set_nh(p, c->offset);
	pc->count++;
	return p;
}

void kc_checkipheader_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, checkipheader_action);
}

struct kc_pkt *kc_checkipheader_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, checkipheader_action);
}

static void cih_sum(const struct checkipheader *c, struct cih_pcpu *s)
{
	int cpu, i;

	memset(s, 0, sizeof(*s));
	kc_for_each_cpu(cpu) {
		const struct cih_pcpu *pc = kc_per_cpu_ptr(c->pc, cpu);

		s->count += READ_ONCE(pc->count);
		for (i = 0; i < CIH_NREASONS; i++)
			s->drops[i] += READ_ONCE(pc->drops[i]);
	}
}

static int checkipheader_configure(struct kc_elem *e, struct kc_args *args)
{
	return kc_checkipheader_setup(e, args, true);
}

static int checkipheader_read_count(struct kc_elem *e, struct kc_buf *b)
{
	struct cih_pcpu s;

	cih_sum(kc_priv(e), &s);
	kc_buf_printf(b, "%llu", (unsigned long long)s.count);
	return 0;
}

static int checkipheader_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct cih_pcpu s;
	u64 n = 0;
	int i;

	cih_sum(kc_priv(e), &s);
	for (i = 0; i < CIH_NREASONS; i++)
		n += s.drops[i];
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int checkipheader_read_details(struct kc_elem *e, struct kc_buf *b)
{
	struct cih_pcpu s;
	int i;

	cih_sum(kc_priv(e), &s);
	for (i = 0; i < CIH_NREASONS; i++)
		kc_buf_printf(b, "%llu packets: %s\n",
			      (unsigned long long)s.drops[i],
			      cih_reason_names[i]);
	return 0;
}

const struct kc_handler kc_checkipheader_handlers[KC_CIH_NHANDLERS] = {
	{ .name = "count", .read = checkipheader_read_count },
	{ .name = "drops", .read = checkipheader_read_drops },
	{ .name = "drop_details", .read = checkipheader_read_details },
};

const struct kc_class kc_checkipheader_class = {
	.name = "CheckIPHeader",
	.ports = "1/1-2",
	.processing = "a/ah",
	.flags = KC_CLASS_F_PUSH1,
	.priv_size = sizeof(struct checkipheader),
	.pcpu_size = sizeof(struct cih_pcpu),
	.configure = checkipheader_configure,
	.push = kc_checkipheader_push,
	.pull = kc_checkipheader_pull,
	.handlers = kc_checkipheader_handlers,
	.nhandlers = KC_CIH_NHANDLERS,
};
