// SPDX-License-Identifier: GPL-2.0
/*
 * Click's IPFilter / IPClassifier language (ipclassifier.hh documents it)
 * -> lists of conjunctions of intervals on header fields, for the tree
 * builder in kc_classify.c.
 *
 *   expr   ::= orexpr [ '?' expr ':' orexpr ]...
 *   orexpr ::= term [ (or | '||') term ]...
 *   term   ::= factor [ [and | '&&'] factor ]...
 *   factor ::= (not | '!') factor | '(' expr ')' | TEST
 *   TEST   ::= true | false | QUALIFIERS ['[' POS[:LEN] ']'] ['&' MASK]
 *              [RELATION] [VALUE]
 *
 * A test is read the way Click reads it: qualifiers (src, dst, src or
 * dst, src and dst, ip, a protocol name, a field name), then a value
 * whose kind completes what the qualifiers leave open ("tcp 18.26.4.10"
 * is a host, "dst tcp ssh" a port, "syn" a TCP flag, "echo-reply" an
 * ICMP type), and a test with a bare value repeats the qualifiers of the
 * test before it ("src port 80 or 81").  Relations are normalised as in
 * Click: "<", ">=" and "<=" are "not >" of a neighbour value, and the
 * "not" of a relation covers both ends of a src-or-dst test, so "port
 * != 80" has neither port 80 and "port < 1024" both ports below 1024.
 * The protocol, first-fragment and header-length conditions a test
 * implies stay outside that "not": "src tcp port != 5" matches only TCP
 * first fragments.
 *
 * Compiling: process context, may sleep.
 */
#include <kclick/names.h>
#include "kc_cls.h"

/* Largest value a present fixed field can have (the rest is "absent"). */
static const u32 field_real_max[F_DYN] = {
	[F_PROTO] = 255, [F_SRC] = 0xffffffff, [F_DST] = 0xffffffff,
	[F_SPORT] = 65535, [F_DPORT] = 65535, [F_ICMPTYPE] = 255,
	[F_TOS] = 255, [F_TTL] = 255, [F_VERS] = 15, [F_HL] = 15, [F_FRAG] = 1,
	[F_LEN] = 65535, [F_SYN] = 1, [F_ACK] = 1, [F_FIN] = 1, [F_RST] = 1,
	[F_PSH] = 1, [F_URG] = 1, [F_NLEN] = 65535, [F_TLEN] = 65535,
};

u32 kc_cls_field_max(int f)
{
	switch (f) {
	case F_SPORT:
	case F_DPORT:
		return 0x10000;
	case F_ICMPTYPE:
		return 0x100;
	case F_SYN: case F_ACK: case F_FIN: case F_RST: case F_PSH: case F_URG:
		return 2;
	default:
		return f < F_DYN ? field_real_max[f] : 0xffffffff;
	}
}

/* ---------------------------------------------------------------- */
/* Expressions.                                                      */

enum { E_TRUE, E_FALSE, E_PRIM, E_AND, E_OR, E_NOT, E_TERN };

/*
 * NOT: a is the operand.  AND, OR: a is the first operand, the others
 * follow through next ("a and b and c" is one node of three, so a long
 * chain is a list, not a deep tree).  TERN: the list is cond, then,
 * cond, then, ..., else ("a ? b : c ? d : e").
 */
struct expr {
	u8 kind;
	u8 field;
	u32 lo, hi;
	struct expr *a, *next;
};

/*
 * Bounds of one rule.  MAX_TOKENS caps the words (so the terms) of a rule
 * and the expression pool (8 nodes per word: a test makes up to 7).
 * MAX_DEPTH caps brackets, "not"s and the middles of "?:" nested in each
 * other; "and"/"or" chains and "?:" chains are lists walked in loops, so
 * they cost no depth.  Stack, from -fstack-usage of the x86-64 build:
 *  - dnf() recurses from an AND/OR/TERN into an operand: at most three
 *    times per level (TERN -> OR -> AND -> bracket) plus DNF_EXTRA inside
 *    a test (AND(OR(prim, prim), NOT(OR(prim, prim)))):
 *    DNF_MAX_DEPTH + 1 = 29 frames (see docs/limits.md for their size);
 *  - the parser: parse_expr + parse_or + parse_term + parse_factor per
 *    level, 8 + 1 levels, plus parse_test and its helpers at the bottom.
 * selftests/unit/test_bounds.c runs the hostile cases on a small stack.
 */
#define MAX_TOKENS	4096
#define MAX_DEPTH	8
#define DNF_EXTRA	4
#define DNF_MAX_DEPTH	(3 * MAX_DEPTH + DNF_EXTRA)
/* conjunction products in one compile: a rule's ANDs of ORs multiply out. */
#define DNF_MAX_STEPS	(1U << 22)
/* Longest word a value may be (an address, a name, a number). */
#define MAX_WORD	48

/* What a test has read so far (Click's "primitive"). */
enum {
	T_NONE, T_HOST, T_NET, T_PORT, T_PROTO, T_TCPOPT, T_FRAG, T_UNFRAG,
	T_ECT, T_CE,
	/* header fields: T_VERS and above */
	T_VERS, T_HL, T_ID, T_TOS, T_DSCP, T_TTL, T_LEN, T_ICMPTYPE, T_WIN,
	T_BRACKET,
	T_SYNTAX = 100,	/* src, dst, ip, not, ...: qualifiers, never values */
};

enum {
	D_NONE, D_INT, D_RANGE, D_HOST, D_NET, D_PROTO, D_PORT, D_TCPOPT, D_ICMP
};
enum { SD_NONE, SD_SRC, SD_DST, SD_OR, SD_AND };
enum { OP_EQ, OP_GT, OP_LT };

#define P_UNKNOWN	(-1)
#define P_TCPUDP	256
#define P_TRANSP	258

struct test {
	int type, data, srcdst, proto, op;
	bool op_neg, have_mask;
	u32 mask, v, vhi, addr, amask;
	struct kc_cls_dyn fld;	/* T_BRACKET */
};

struct parser {
	const char *rule;	/* for messages */
	int ruleno;
	char *buf;		/* tokens, NUL-separated */
	int ntok, pos, depth;
	struct expr *pool;
	int npool, cap;
	struct test prev;	/* the last test, for "src port 80 or 81" */
	struct kc_errbuf *err;
	u32 dnf_steps;		/* DNF_MAX_STEPS, over all rules */
	struct conj c;		/* dnf()'s scratch, off its stack */
	struct kc_cls_rules *out;	/* dynamic fields, over all rules */
	/* Last: each rule clears what is above (not 32 KB of tok). */
	const char *tok[MAX_TOKENS];
};

static struct expr *node(struct parser *p, u8 kind)
{
	struct expr *e;

	if (p->npool >= p->cap)
		return NULL;
	e = &p->pool[p->npool++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	return e;
}

static struct expr *prim(struct parser *p, int field, u32 lo, u32 hi)
{
	struct expr *e = node(p, E_PRIM);

	if (e) {
		e->field = field;
		e->lo = lo;
		e->hi = hi;
	}
	return e;
}

/* a and b: two fresh expressions (neither in a list yet). */
static struct expr *bin(struct parser *p, u8 kind, struct expr *a,
			struct expr *b)
{
	struct expr *e;

	if (!a || !b)
		return NULL;
	e = node(p, kind);
	if (e) {
		e->a = a;
		a->next = b;
	}
	return e;
}

static struct expr *negate(struct parser *p, struct expr *a)
{
	struct expr *e;

	if (!a)
		return NULL;
	e = node(p, E_NOT);
	if (e)
		e->a = a;
	return e;
}

/* AND of v[0..n) (fresh expressions), leaving out "true"s. */
static struct expr *and_list(struct parser *p, struct expr **v, int n)
{
	struct expr *e = NULL, *last = NULL;
	int i;

	for (i = 0; i < n; i++) {
		if (!v[i])
			return NULL;
		if (v[i]->kind == E_TRUE)
			continue;
		if (!e) {
			e = v[i];
		} else if (!last) {
			e = bin(p, E_AND, e, v[i]);
			last = v[i];
		} else {
			last->next = v[i];
			last = v[i];
		}
		if (!e)
			return NULL;
	}
	return e ? e : node(p, E_TRUE);
}

/* "rule N 'RULE': " then fmt with tok (one %s) quoted. */
static int perr(struct parser *p, const char *fmt, const char *tok)
{
	struct kc_quote q;
	size_t n;

	if (p->err->msg[0])	/* the first error is the one to report */
		return -EINVAL;
	kc_errf(p->err, EINVAL, "rule %d '%s': ", p->ruleno,
		kc_quote_str(&q, p->rule));
	n = strlen(p->err->msg);
	snprintf(p->err->msg + n, sizeof(p->err->msg) - n, fmt,
		 tok ? kc_quote_str(&q, tok) : "end of rule");
	return -EINVAL;
}

static bool is_op_char(char c)
{
	return c == '(' || c == ')' || c == '!' || c == '&' || c == '|' ||
	       c == '<' || c == '>' || c == '=' || c == '[' || c == ']' ||
	       c == ',' || c == ';' || c == '?';
}

static bool cls_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Split a rule into words and operators (':' is part of a word). */
static int tokenize(struct parser *p, const char *s)
{
	size_t len = strlen(s);
	char *o;

	p->buf = kc_zalloc(len * 2 + 2);
	if (!p->buf)
		return -ENOMEM;
	o = p->buf;
	while (*s) {
		if (cls_is_space(*s)) {
			s++;
			continue;
		}
		if (p->ntok >= MAX_TOKENS)
			return kc_errf(p->err, E2BIG,
				       "rule %d: more than %d words",
				       p->ruleno, MAX_TOKENS);
		p->tok[p->ntok++] = o;
		if ((s[0] == '&' && s[1] == '&') || (s[0] == '|' && s[1] == '|') ||
		    (s[0] == '<' && s[1] == '=') || (s[0] == '>' && s[1] == '=') ||
		    (s[0] == '=' && s[1] == '=') || (s[0] == '!' && s[1] == '=')) {
			*o++ = *s++;
			*o++ = *s++;
		} else if (is_op_char(*s)) {
			*o++ = *s++;
		} else {
			while (*s && !is_op_char(*s) && !cls_is_space(*s))
				*o++ = *s++;
		}
		*o++ = '\0';
	}
	return 0;
}

static const char *peek(struct parser *p)
{
	return p->pos < p->ntok ? p->tok[p->pos] : NULL;
}

static const char *peek_at(struct parser *p, int k)
{
	return p->pos + k < p->ntok ? p->tok[p->pos + k] : NULL;
}

static bool is(const char *t, const char *w)
{
	return t && !strcmp(t, w);
}

static bool take(struct parser *p, const char *w)
{
	if (is(peek(p), w)) {
		p->pos++;
		return true;
	}
	return false;
}

/* A decimal or 0x hexadecimal number up to max (engine/args.c's parser). */
static int parse_num(const char *s, u32 max, u32 *v)
{
	u64 n;
	int ret;

	if (!s)
		return -EINVAL;
	ret = kc_parse_u64(s, max, &n);
	if (!ret)
		*v = (u32)n;
	return ret;
}

/*
 * Click's prefix syntax: A.B.C.D/LEN, A.B.C.D/M.M.M.M, and an address
 * shortened to what the prefix covers ("10/8", "18.26/16", "0/0").
 */
static int parse_prefix(const char *s, u32 *addr, u32 *mask)
{
	const char *slash = strchr(s, '/');
	char a[20];
	u32 v = 0, len, n = 0;
	__be32 m;
	const char *q;

	if (!slash || slash == s || (size_t)(slash - s) >= sizeof(a) ||
	    !slash[1])
		return -EINVAL;
	memcpy(a, s, slash - s);
	a[slash - s] = '\0';
	for (q = a; *q;) {
		u32 part = 0, nd = 0;

		while (*q >= '0' && *q <= '9' && nd < 4) {
			part = part * 10 + (*q++ - '0');
			nd++;
		}
		if (!nd || nd > 3 || part > 255 || n == 4)
			return -EINVAL;
		v |= part << (24 - 8 * n++);
		if (*q == '.' && q[1])
			q++;
		else if (*q)
			return -EINVAL;
	}
	if (!parse_num(slash + 1, 32, &len))
		*mask = len ? 0xffffffffu << (32 - len) : 0;
	else if (!kc_parse_ip4(slash + 1, &m))
		*mask = be32_to_cpu(m);
	else
		return -EINVAL;
	/* More mask bits than the address was written with: an error. */
	if (n < 4 && (*mask & ~(0xffffffffu << (32 - 8 * n))))
		return -EINVAL;
	*addr = v;
	return 0;
}

/* Is m a prefix mask (ones, then zeros)? */
static bool is_prefix_mask(u32 m)
{
	u32 inv = ~m;

	return !(inv & (inv + 1));
}

struct name_val {
	const char *name;
	u32 val;
};

/* Click's built-in names (elements/ip/ipnameinfo.cc), and a few more. */
static const struct name_val port_names[] = {
	{ "auth", 113 }, { "bootpc", 68 }, { "bootps", 67 },
	{ "chargen", 19 }, { "daytime", 13 }, { "discard", 9 },
	{ "dns", 53 }, { "domain", 53 }, { "echo", 7 }, { "finger", 79 },
	{ "ftp", 21 }, { "ftp-data", 20 }, { "http", 80 }, { "https", 443 },
	{ "imap", 143 }, { "imap3", 220 }, { "imaps", 993 }, { "irc", 194 },
	{ "netbios-dgm", 138 }, { "netbios-ns", 137 },
	{ "netbios-ssn", 139 }, { "nntp", 119 }, { "ntp", 123 },
	{ "pop3", 110 }, { "pop3s", 995 }, { "pptp", 1723 }, { "rip", 520 },
	{ "route", 520 }, { "smtp", 25 }, { "snmp", 161 },
	{ "snmp-trap", 162 }, { "ssh", 22 }, { "sunrpc", 111 },
	{ "telnet", 23 }, { "tftp", 69 }, { "www", 80 },
};

static const struct name_val proto_names[] = {
	{ "ah", 51 }, { "dccp", 33 }, { "esp", 50 }, { "gre", 47 },
	{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "sctp", 132 },
	{ "tcp", 6 }, { "tcpudp", P_TCPUDP }, { "transp", P_TRANSP },
	{ "udp", 17 },
};

static const struct name_val icmp_names[] = {
	{ "echo", 8 }, { "echo-reply", 0 }, { "inforeq", 15 },
	{ "inforeq-reply", 16 }, { "maskreq", 17 }, { "maskreq-reply", 18 },
	{ "parameterproblem", 12 }, { "redirect", 5 }, { "routeradvert", 9 },
	{ "routersolicit", 10 }, { "sourcequench", 4 },
	{ "time-exceeded", 11 }, { "timeexceeded", 11 }, { "timestamp", 13 },
	{ "timestamp-reply", 14 }, { "unreachable", 3 },
};

/* TCP flag names -> their fixed field; the bit is 1 << index. */
static const char *const tcpopt_names[] = {
	"fin", "syn", "rst", "psh", "ack", "urg",
};

static const u8 tcpopt_field[] = { F_FIN, F_SYN, F_RST, F_PSH, F_ACK, F_URG };

static const struct name_val type_words[] = {
	{ "ce", T_CE }, { "dest", T_SYNTAX }, { "dscp", T_DSCP },
	{ "dst", T_SYNTAX }, { "ect", T_ECT }, { "ether", T_SYNTAX },
	{ "frag", T_FRAG }, { "hl", T_HL }, { "host", T_HOST }, { "id", T_ID },
	{ "ip", T_SYNTAX }, { "len", T_LEN }, { "net", T_NET },
	{ "not", T_SYNTAX }, { "opt", T_TCPOPT }, { "port", T_PORT },
	{ "proto", T_PROTO }, { "src", T_SYNTAX }, { "tos", T_TOS },
	{ "ttl", T_TTL }, { "type", T_ICMPTYPE }, { "unfrag", T_UNFRAG },
	{ "vers", T_VERS }, { "win", T_WIN },
};

static int cls_lookup(const struct name_val *t, size_t n, const char *s, u32 *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, s)) {
			*v = t[i].val;
			return 0;
		}
	return -ENOENT;
}

#define LOOKUP(t, s, v)	cls_lookup(t, ARRAY_SIZE(t), s, v)

static int tcpopt_index(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tcpopt_names); i++)
		if (!strcmp(tcpopt_names[i], s))
			return i;
	return -1;
}

/* How each header-field test reads its field. */
struct fspec {
	const char *name;
	int fixed;		/* fixed field, or -1 */
	u8 transp;
	u16 pos;
	u8 len, shift;
	u32 full;		/* largest value */
	int proto;		/* protocol it implies, or P_UNKNOWN */
};

static const struct fspec fields[] = {
	[T_VERS] = { "ip vers", F_VERS, 0, 0, 1, 4, 15, P_UNKNOWN },
	[T_HL] = { "ip hl", F_HL, 0, 0, 1, 0, 15, P_UNKNOWN },
	[T_ID] = { "ip id", -1, 0, 4, 2, 0, 0xffff, P_UNKNOWN },
	[T_TOS] = { "ip tos", F_TOS, 0, 1, 1, 0, 255, P_UNKNOWN },
	[T_DSCP] = { "ip dscp", -1, 0, 1, 1, 2, 63, P_UNKNOWN },
	[T_TTL] = { "ip ttl", F_TTL, 0, 8, 1, 0, 255, P_UNKNOWN },
	[T_LEN] = { "ip len", F_LEN, 0, 2, 2, 0, 0xffff, P_UNKNOWN },
	[T_ICMPTYPE] = { "icmp type", F_ICMPTYPE, 1, 0, 1, 0, 255, 1 },
	[T_WIN] = { "tcp win", -1, 1, 14, 2, 0, 0xffff, 6 },
};

static const struct fspec f_proto = { "ip proto", F_PROTO, 0, 9, 1, 0, 255,
				      P_UNKNOWN };
static const struct fspec f_host[2] = {
	{ "src host", F_SRC, 0, 12, 4, 0, 0xffffffff, P_UNKNOWN },
	{ "dst host", F_DST, 0, 16, 4, 0, 0xffffffff, P_UNKNOWN },
};

static const struct fspec f_port[2] = {
	{ "src port", F_SPORT, 1, 0, 2, 0, 0xffff, P_UNKNOWN },
	{ "dst port", F_DPORT, 1, 2, 2, 0, 0xffff, P_UNKNOWN },
};

/* The slot of a dynamic field, shared by every rule of the element. */
static int dyn_field(struct parser *p, bool transp, u32 pos, u32 len,
		     u32 shift, u32 mask)
{
	struct kc_cls_rules *r = p->out;
	struct kc_cls_dyn *d;
	int i;

	for (i = 0; i < r->ndyn; i++) {
		d = &r->dyn[i];
		if (d->pos == pos && d->len == len && d->shift == shift &&
		    d->transp == transp && d->mask == mask)
			return F_DYN + i;
	}
	if (r->ndyn >= KC_CLS_MAX_DYN)
		return kc_errf(p->err, E2BIG,
			       "rule %d: more than %d different header fields (ip id, ip dscp, tcp win, ip[...], transp[...], masked values, non-prefix netmasks) in one element",
			       p->ruleno, KC_CLS_MAX_DYN);
	d = &r->dyn[r->ndyn];
	d->pos = pos;
	d->len = len;
	d->shift = shift;
	d->transp = transp;
	d->mask = mask;
	if (transp)
		r->need_tp = max(r->need_tp, pos + len);
	else
		r->need_ip = max(r->need_ip, pos + len);
	return F_DYN + r->ndyn++;
}

/*
 * The field a spec reads under mask (0: none given): a fixed field when
 * the spec has one and no mask narrows it, else a dynamic one.  *maxv is
 * the largest value it reads when present, *pres what makes it present
 * (a TRUE node when it always is).
 */
static int spec_field(struct parser *p, const struct fspec *s, u32 mask,
		      bool force_dyn, u32 *maxv, struct expr **pres)
{
	u32 m = mask ? mask & s->full : s->full;
	int f;

	*maxv = m;
	if (s->fixed >= 0 && !mask && !force_dyn) {
		f = s->fixed;
		if (kc_cls_field_max(f) > field_real_max[f])
			*pres = prim(p, f, 0, field_real_max[f]);
		else
			*pres = node(p, E_TRUE);
		return f;
	}
	f = dyn_field(p, s->transp, s->pos, s->len, s->shift, m);
	if (f < 0)
		return f;
	if (s->transp)
		*pres = prim(p, F_TLEN, s->pos + s->len, 65535);
	else if (s->pos + s->len > 20)
		*pres = prim(p, F_NLEN, s->pos + s->len, 65535);
	else
		*pres = node(p, E_TRUE);	/* the first 20 bytes always are */
	return f;
}

/* The protocol condition a test implies, or TRUE. */
static struct expr *proto_cond(struct parser *p, int proto)
{
	if (proto == P_TCPUDP)
		return bin(p, E_OR, prim(p, F_PROTO, 6, 6),
			   prim(p, F_PROTO, 17, 17));
	if (proto < 0 || proto > 255)
		return node(p, E_TRUE);
	return prim(p, F_PROTO, proto, proto);
}

/* One side's comparison: EQ (t->v..t->vhi) or GT t->v ("all" if GT -1). */
static struct expr *compare(struct parser *p, const struct test *t, int f,
			    u32 maxv, bool gt_all)
{
	if (t->op == OP_EQ)
		return prim(p, f, t->v, t->vhi);
	if (gt_all)
		return prim(p, f, 0, maxv);
	if (t->v >= maxv)
		return node(p, E_FALSE);
	return prim(p, f, t->v + 1, maxv);
}

static int check_value(struct parser *p, const struct test *t,
		       const struct fspec *s, const char *word)
{
	if (t->op == OP_EQ && (t->v > s->full || t->vhi > s->full)) {
		char m[80];

		snprintf(m, sizeof(m),
			 "'%%s': %s value out of range (at most %u)", s->name,
			 s->full);
		return perr(p, m, word);
	}
	if (t->have_mask && (t->mask & ~s->full)) {
		char m[80];

		snprintf(m, sizeof(m), "'%%s': %s mask out of range (at most 0x%x)",
			 s->name, s->full);
		return perr(p, m, word);
	}
	return 0;
}

/*
 * The expression of a resolved test: the protocol it implies, presence,
 * then the comparison of one field, or of two for src/dst tests, under
 * the relation's "not".
 */
static struct expr *test_expr(struct parser *p, struct test *t,
			      const struct fspec *s, int nsides,
			      bool force_dyn, const char *word)
{
	struct expr *v[3], *side[2], *pres = NULL;
	bool gt_all = false;
	u32 maxv = 0;
	int i, f;

	if (check_value(p, t, s, word))
		return NULL;
	/* Click's normal form: "< V" is "not > V - 1". */
	if (t->op == OP_LT) {
		t->op = OP_GT;
		t->op_neg = !t->op_neg;
		if (t->v == 0)
			gt_all = true;
		else
			t->v--;
	}
	for (i = 0; i < nsides; i++) {
		/* Both sides present alike; a dynamic dst port needs more. */
		f = spec_field(p, &s[i], t->have_mask ? t->mask : 0, force_dyn,
			       &maxv, &pres);
		if (f < 0)
			return NULL;
		side[i] = compare(p, t, f, maxv, gt_all);
		if (t->have_mask && t->op == OP_EQ && t->v == t->vhi &&
		    side[i]) {
			side[i]->lo &= maxv;
			side[i]->hi = side[i]->lo;
		}
	}
	if (nsides == 2)
		side[0] = bin(p, t->srcdst == SD_AND ? E_AND : E_OR, side[0],
			      side[1]);
	if (t->op_neg)
		side[0] = negate(p, side[0]);
	v[0] = proto_cond(p, t->proto);
	v[1] = pres;
	v[2] = side[0];
	return and_list(p, v, 3);
}

/* Address tests: an interval for a prefix, a masked field otherwise. */
static struct expr *host_expr(struct parser *p, struct test *t,
			      const char *word)
{
	struct expr *side[2], *v[2];
	u32 m = t->amask;
	int i, n = t->srcdst == SD_OR || t->srcdst == SD_AND ? 2 : 1;

	if (t->op != OP_EQ)
		return perr(p, "'%s': addresses take no '<' or '>'", word), NULL;
	if (t->have_mask)
		m = t->mask;
	for (i = 0; i < n; i++) {
		const struct fspec *s = &f_host[n == 1 && t->srcdst == SD_DST ? 1 : i];

		if (is_prefix_mask(m)) {
			side[i] = prim(p, s->fixed, t->addr & m, (t->addr & m) | ~m);
		} else {
			int f = dyn_field(p, 0, s->pos, 4, 0, m);

			if (f < 0)
				return NULL;
			side[i] = prim(p, f, t->addr & m, t->addr & m);
		}
	}
	if (n == 2)
		side[0] = bin(p, t->srcdst == SD_AND ? E_AND : E_OR, side[0],
			      side[1]);
	if (t->op_neg)
		side[0] = negate(p, side[0]);
	v[0] = proto_cond(p, t->proto);
	v[1] = side[0];
	return and_list(p, v, 2);
}

/* A value named for the test's kind (t->type) and protocol (t->proto). */
static int lookup_data(struct parser *p, struct test *t, const char *w)
{
	bool any_proto = t->proto == P_UNKNOWN;
	bool tcp = any_proto || t->proto == 6 || t->proto == P_TCPUDP;
	bool udp = any_proto || t->proto == 17 || t->proto == P_TCPUDP ||
		   t->proto == 33;
	u32 v[4];
	bool got[4], ok[4];
	int i, n = 0, kinds[4] = { D_PROTO, D_PORT, D_TCPOPT, D_ICMP };

	if (t->type == T_NONE && !LOOKUP(type_words, w, &v[0]))
		return 0;	/* a qualifier, never a value */
	got[0] = !LOOKUP(proto_names, w, &v[0]);
	got[1] = !LOOKUP(port_names, w, &v[1]);
	i = tcpopt_index(w);
	got[2] = i >= 0;
	v[2] = i;
	got[3] = !LOOKUP(icmp_names, w, &v[3]);
	ok[0] = got[0] && (t->type == T_NONE || t->type == T_PROTO);
	ok[1] = got[1] && (t->type == T_NONE || t->type == T_PORT) &&
		(tcp || udp);
	ok[2] = got[2] && (t->type == T_NONE || t->type == T_TCPOPT) && tcp;
	ok[3] = got[3] && (t->type == T_NONE || t->type == T_ICMPTYPE) &&
		(any_proto || t->proto == 1);
	for (i = 0; i < 4; i++)
		n += ok[i];
	if (n == 1) {
		for (i = 0; !ok[i]; i++)
			;
		t->data = kinds[i];
		t->v = t->vhi = v[i];
		return 1;
	}
	if (n > 1)
		return perr(p, "'%s' is ambiguous (a port and an ICMP type: say 'port' or 'icmp type')", w);
	if (got[0] || got[1] || got[2] || got[3])
		return perr(p, "'%s' means nothing after these qualifiers", w);
	return 0;
}

/* "[POS]", "[POS:LEN]" or "[POS,POS2]" after the qualifiers. */
static int parse_brackets(struct parser *p, struct test *t)
{
	char buf[MAX_WORD], *c;
	u32 pos, len = 1, end;
	size_t n = 0;
	const char *w;

	p->pos++;	/* '[' */
	buf[0] = '\0';
	while ((w = peek(p)) && strcmp(w, "]")) {
		if (n + strlen(w) >= sizeof(buf))
			return perr(p, "'%s': expected [POS] or [POS:LEN]", w);
		strcpy(buf + n, w);
		n += strlen(w);
		p->pos++;
	}
	if (!take(p, "]"))
		return perr(p, "missing ']' at %s", NULL);
	c = strchr(buf, ':');
	if (!c)
		c = strchr(buf, ',');
	if (c) {
		char sep = *c;

		*c++ = '\0';
		if (parse_num(buf, 0xffff, &pos) || parse_num(c, 0xffff, &end))
			return perr(p, "'%s': expected [POS] or [POS:LEN] with numbers", buf);
		if (sep == ',') {
			if (end < pos)
				return perr(p, "'%s': [POS,END] needs END >= POS", buf);
			len = end - pos + 1;
		} else {
			len = end;
		}
	} else if (parse_num(buf, 0xffff, &pos)) {
		return perr(p, "'%s': expected [POS] or [POS:LEN] with numbers", buf);
	}
	if (len < 1 || len > 4)
		return perr(p, "'%s': LEN in [POS:LEN] must be 1 to 4", buf);
	if (pos + len > KC_CLS_MAX_OFFSET) {
		char m[64];

		snprintf(m, sizeof(m), "'%%s': [POS:LEN] must end within %d bytes",
			 KC_CLS_MAX_OFFSET);
		return perr(p, m, buf);
	}
	t->type = T_BRACKET;
	t->fld.transp = t->proto != P_UNKNOWN;
	t->fld.pos = pos;
	t->fld.len = len;
	t->fld.shift = 0;
	t->fld.mask = len == 4 ? 0xffffffff : (1u << (8 * len)) - 1;
	return 0;
}

static int set_type(struct parser *p, struct test *t, int type, const char *w)
{
	if (t->type)
		return perr(p, "'%s': the kind of test is given twice", w);
	t->type = type;
	return 0;
}

static int set_proto(struct parser *p, struct test *t, int proto,
		     const char *w)
{
	if (t->proto != P_UNKNOWN && t->proto != proto)
		return perr(p, "'%s': the transport protocol is given twice", w);
	t->proto = proto;
	return 0;
}

static int set_srcdst(struct parser *p, struct test *t, int sd, const char *w)
{
	if (t->srcdst)
		return perr(p, "'%s': 'src' or 'dst' is given twice", w);
	t->srcdst = sd;
	return 0;
}

/* Qualifiers: src, dst, src or dst, ip, protocols, field names, not. */
static int parse_quals(struct parser *p, struct test *t, bool *neg,
		       bool *ip_seen)
{
	const char *w;
	u32 v;

	while ((w = peek(p))) {
		int ret = 0;

		if (!LOOKUP(type_words, w, &v) && v != T_SYNTAX) {
			ret = set_type(p, t, v, w);
			if (!ret && v == T_ICMPTYPE)
				ret = set_proto(p, t, 1, w);
			if (!ret && v == T_WIN)
				ret = set_proto(p, t, 6, w);
		} else if (!LOOKUP(proto_names, w, &v)) {
			ret = set_proto(p, t, v, w);
		} else if (!strcmp(w, "src")) {
			const char *a = peek_at(p, 1), *b = peek_at(p, 2);

			if ((is(a, "and") || is(a, "&&")) &&
			    (is(b, "dst") || is(b, "dest"))) {
				ret = set_srcdst(p, t, SD_AND, w);
				p->pos += 2;
			} else if ((is(a, "or") || is(a, "||")) &&
				   (is(b, "dst") || is(b, "dest"))) {
				ret = set_srcdst(p, t, SD_OR, w);
				p->pos += 2;
			} else {
				ret = set_srcdst(p, t, SD_SRC, w);
			}
		} else if (!strcmp(w, "dst") || !strcmp(w, "dest")) {
			ret = set_srcdst(p, t, SD_DST, w);
		} else if (!strcmp(w, "ip")) {
			if (*ip_seen)
				break;
			*ip_seen = true;
		} else if (!strcmp(w, "ether")) {
			return perr(p, "'%s': Ethernet tests are not supported (use Classifier)", w);
		} else if (!strcmp(w, "not") || !strcmp(w, "!")) {
			*neg = !*neg;
		} else {
			break;
		}
		if (ret)
			return ret;
		p->pos++;
	}
	return 0;
}

/* The value word: a name, a number, N-M, an address or a prefix. */
static int parse_data(struct parser *p, struct test *t)
{
	const char *w = peek(p), *dash;
	__be32 a, m;
	char lo[MAX_WORD];
	int ret;

	if (!w)
		return 0;
	ret = lookup_data(p, t, w);
	if (ret < 0)
		return ret;
	if (ret) {
		p->pos++;
		return 0;
	}
	ret = parse_num(w, 0xffffffff, &t->v);
	if (!ret) {
		t->data = D_INT;
		t->vhi = t->v;
		p->pos++;
		return 0;
	}
	if (ret == -ERANGE)
		return perr(p, "'%s' is out of range", w);
	/* "net NAME" means NAME's prefix (AddressInfo), as in Click. */
	if (t->type == T_NET && !kc_names_prefix(w, &a, &m)) {
		t->addr = be32_to_cpu(a);
		t->amask = be32_to_cpu(m);
		t->data = D_NET;
		p->pos++;
		return 0;
	}
	if (!kc_parse_ip4(w, &a)) {
		p->pos++;
		t->addr = be32_to_cpu(a);
		t->amask = 0xffffffff;
		t->data = D_HOST;
		if (is(peek(p), "mask")) {
			if (!peek_at(p, 1) || kc_parse_ip4(peek_at(p, 1), &m))
				return perr(p, "'%s' is not a netmask", peek_at(p, 1));
			t->amask = be32_to_cpu(m);
			t->data = D_NET;
			p->pos += 2;
		}
		return 0;
	}
	if (!parse_prefix(w, &t->addr, &t->amask)) {
		t->data = D_NET;
		p->pos++;
		return 0;
	}
	/* A name's prefix ("intern:net"), or a name with one ("me/24"). */
	if (!kc_parse_ip4_prefix(w, &a, &m, false)) {
		t->addr = be32_to_cpu(a);
		t->amask = be32_to_cpu(m);
		t->data = D_NET;
		p->pos++;
		return 0;
	}
	/* kclick's ranges: "port 1000-2000" (both ends numbers or names). */
	dash = strchr(w + 1, '-');
	if (dash && strlen(w) < sizeof(lo)) {
		struct test x = *t, y = *t;

		memcpy(lo, w, dash - w);
		lo[dash - w] = '\0';
		if ((!parse_num(lo, 0xffffffff, &x.v) ||
		     lookup_data(p, &x, lo) > 0) &&
		    (!parse_num(dash + 1, 0xffffffff, &y.v) ||
		     lookup_data(p, &y, dash + 1) > 0)) {
			if (x.v > y.v)
				return perr(p, "'%s' is not a range (low-high)", w);
			t->data = D_RANGE;
			t->v = x.v;
			t->vhi = y.v;
			p->pos++;
			return 0;
		}
		if (p->err->msg[0])
			return -EINVAL;
	}
	if (t->op != OP_EQ || t->op_neg)
		return perr(p, "'%s' is not a value for the relation before it", w);
	return 0;
}

static bool prev_is_value_type(int type)
{
	return type >= T_VERS || type == T_PROTO || type == T_PORT;
}

/* Fill in what the qualifiers left open, from the value or the last test. */
static int resolve(struct parser *p, struct test *t, const char *word)
{
	if (t->type)
		return 0;
	switch (t->data) {
	case D_HOST:
	case D_NET:
		t->type = t->data == D_HOST ? T_HOST : T_NET;
		if (!t->srcdst)
			t->srcdst = p->prev.srcdst;
		return 0;
	case D_TCPOPT:
		t->type = T_TCPOPT;
		return 0;
	case D_PROTO:
		t->type = T_PROTO;
		return 0;
	case D_PORT:
		t->type = T_PORT;
		if (!t->srcdst)
			t->srcdst = p->prev.srcdst;
		if (t->proto == P_UNKNOWN)
			t->proto = p->prev.proto;
		return 0;
	case D_ICMP:
		t->type = T_ICMPTYPE;
		if (t->proto == P_UNKNOWN)
			t->proto = 1;
		return 0;
	case D_INT:
	case D_RANGE:
		/* "src port 80 or 81": the last test's kind. */
		if (!prev_is_value_type(p->prev.type))
			return perr(p, "'%s': a number alone needs a test before it (say 'port', 'ip ttl', ...)",
				    word);
		t->type = p->prev.type;
		if (t->type == T_BRACKET)
			t->fld = p->prev.fld;
		if (!t->srcdst)
			t->srcdst = p->prev.srcdst;
		if (t->proto == P_UNKNOWN && t->type != T_PROTO)
			t->proto = p->prev.proto;
		return 0;
	default:
		if (t->proto != P_UNKNOWN) {
			t->type = T_PROTO;	/* "tcp" */
			return 0;
		}
		return perr(p, "'%s': a test is incomplete here", word);
	}
}

static struct expr *test_of_type(struct parser *p, struct test *t,
				 const char *word)
{
	bool is_int = t->data == D_INT || t->data == D_RANGE;
	struct fspec fs;
	int i;

	switch (t->type) {
	case T_HOST:
	case T_NET:
		if (t->data != D_HOST && t->data != D_NET)
			return perr(p, "'%s': an address is missing", word), NULL;
		if (!t->srcdst)
			t->srcdst = SD_OR;
		return host_expr(p, t, word);
	case T_PROTO:
		if (t->data == D_NONE) {
			t->v = t->vhi = t->proto;
			if (t->proto == P_UNKNOWN)
				return perr(p, "'%s': a protocol is missing", word), NULL;
		} else if (!is_int && t->data != D_PROTO) {
			return perr(p, "'%s': a protocol is missing", word), NULL;
		} else if (t->proto != P_UNKNOWN && t->proto != (int)t->v) {
			return perr(p, "'%s': the protocol is given twice", word), NULL;
		}
		t->proto = P_UNKNOWN;
		if (t->v > 255) {
			struct expr *e;

			if (t->op != OP_EQ || t->have_mask)
				return perr(p, "'%s': 'tcpudp' and 'transp' take no relation or mask", word), NULL;
			e = proto_cond(p, t->v);
			return t->op_neg ? negate(p, e) : e;
		}
		return test_expr(p, t, &f_proto, 1, false, word);
	case T_PORT:
		if (!is_int && t->data != D_PORT)
			return perr(p, "'%s': a port is missing", word), NULL;
		if (t->proto == P_UNKNOWN)
			t->proto = P_TCPUDP;
		if (t->proto != 6 && t->proto != 17 && t->proto != P_TCPUDP &&
		    t->proto != 33)
			return perr(p, "'%s': only TCP, UDP and DCCP have ports", word), NULL;
		if (!t->srcdst)
			t->srcdst = SD_OR;
		/* The fixed port fields exist only for TCP and UDP anyway. */
		if (t->proto == P_TCPUDP)
			t->proto = P_UNKNOWN;
		if (t->srcdst == SD_OR || t->srcdst == SD_AND)
			return test_expr(p, t, f_port, 2, t->proto == 33, word);
		return test_expr(p, t, &f_port[t->srcdst == SD_DST], 1,
				 t->proto == 33, word);
	case T_TCPOPT: {
		struct expr *v[2];

		if (t->data != D_TCPOPT && !is_int)
			return perr(p, "'%s': a TCP flag is missing", word), NULL;
		if (t->proto == P_UNKNOWN)
			t->proto = 6;
		if (t->proto != 6)
			return perr(p, "'%s': only TCP has flags", word), NULL;
		if (t->op != OP_EQ || t->op_neg || t->have_mask ||
		    t->data == D_RANGE)
			return perr(p, "'%s': TCP flags take no relation or mask", word), NULL;
		v[0] = proto_cond(p, 6);
		if (t->data == D_TCPOPT) {
			v[1] = prim(p, tcpopt_field[t->v], 1, 1);
		} else {
			/* "tcp opt 18": all of these bits set. */
			if (!t->v) {	/* no bit: every TCP first fragment */
				v[1] = prim(p, F_TLEN, 14, 65535);
				return and_list(p, v, 2);
			}
			if (t->v > 255)
				return perr(p, "'%s': TCP flags are at most 255", word), NULL;
			fs = (struct fspec){ "tcp opt", -1, 1, 13, 1, 0, 255, 6 };
			t->have_mask = true;
			t->mask = t->v;
			return test_expr(p, t, &fs, 1, true, word);
		}
		return and_list(p, v, 2);
	}
	case T_FRAG:
	case T_UNFRAG:
		if (t->data != D_NONE || t->have_mask || t->op != OP_EQ ||
		    t->op_neg)
			return perr(p, "'%s': 'frag' and 'unfrag' take no value", word), NULL;
		i = t->type == T_FRAG;
		return prim(p, F_FRAG, i, i);
	case T_ECT:
	case T_CE:
		fs = (struct fspec){ "ip ect", -1, 0, 1, 1, 0, 3, P_UNKNOWN };
		if (t->data == D_NONE) {
			if (t->have_mask || t->op != OP_EQ || t->op_neg)
				return perr(p, "'%s': a value is missing", word), NULL;
			/* ect: ECN bits not 00; ce: 11 */
			t->v = t->vhi = t->type == T_CE ? 3 : 0;
			t->op_neg = t->type == T_ECT;
		} else if (!is_int || t->type == T_CE) {
			return perr(p, "'%s': 'ip ce' takes no value", word), NULL;
		}
		return test_expr(p, t, &fs, 1, true, word);
	case T_BRACKET:
		if (!is_int)
			return perr(p, "'%s': a number is missing", word), NULL;
		fs = (struct fspec){ "[POS:LEN]", -1, t->fld.transp, 0,
				     t->fld.len, 0, t->fld.mask, P_UNKNOWN };
		if (t->fld.transp && t->proto == P_TRANSP)
			t->proto = P_UNKNOWN;
		fs.pos = t->fld.pos;
		t->srcdst = SD_NONE;
		return test_expr(p, t, &fs, 1, true, word);
	default:
		if (t->type < T_VERS || t->type > T_WIN)
			return perr(p, "'%s': unknown test", word), NULL;
		if (!is_int && !(t->type == T_ICMPTYPE && t->data == D_ICMP))
			return perr(p, "'%s': a value is missing", word), NULL;
		if (fields[t->type].proto != P_UNKNOWN) {
			if (t->proto != P_UNKNOWN &&
			    t->proto != fields[t->type].proto)
				return perr(p, "'%s': the protocol does not have this field", word), NULL;
			t->proto = fields[t->type].proto;
		}
		return test_expr(p, t, &fields[t->type], 1, false, word);
	}
}

static void clear_prev(struct parser *p)
{
	memset(&p->prev, 0, sizeof(p->prev));
	p->prev.proto = P_UNKNOWN;
}

/*
 * One test: true, false, or qualifiers [brackets] [& mask] [relation]
 * [value].  Not inlined: its frame stays out of the parser's recursion.
 */
static noinline struct expr *parse_test(struct parser *p)
{
	struct test t = { .proto = P_UNKNOWN };
	const char *w = peek(p), *first;
	bool neg = false, ip_seen = false;
	int start = p->pos, vpos;
	struct expr *e;
	__be32 m;

	if (!w)
		return perr(p, "a condition is missing at %s", NULL), NULL;
	first = w;
	if (!strcmp(w, "true") || !strcmp(w, "all") || !strcmp(w, "any") ||
	    !strcmp(w, "-")) {
		p->pos++;
		return node(p, E_TRUE);
	}
	if (!strcmp(w, "false") || !strcmp(w, "none")) {
		p->pos++;
		return node(p, E_FALSE);
	}
	if (parse_quals(p, &t, &neg, &ip_seen))
		return NULL;
	/* Qualifiers start afresh; a bare value repeats the last test. */
	if (p->pos != start)
		clear_prev(p);
	if (is(peek(p), "[") && p->pos > start && t.type == T_NONE &&
	    parse_brackets(p, &t))
		return NULL;
	if (is(peek(p), "&") && peek_at(p, 1)) {
		const char *mw = peek_at(p, 1);

		if (!parse_num(mw, 0xffffffff, &t.mask))
			t.have_mask = true;
		else if (!kc_parse_ip4(mw, &m))
			t.mask = be32_to_cpu(m), t.have_mask = true;
		else
			return perr(p, "'%s' is not a mask", mw), NULL;
		if (!t.mask)
			return perr(p, "'%s': a zero mask tests nothing", mw), NULL;
		p->pos += 2;
	}
	w = peek(p);
	if (is(w, "=") || is(w, "==")) {
		p->pos++;
	} else if (is(w, "!=")) {
		t.op_neg = true;
		p->pos++;
	} else if (is(w, ">")) {
		t.op = OP_GT;
		p->pos++;
	} else if (is(w, "<")) {
		t.op = OP_LT;
		p->pos++;
	} else if (is(w, ">=")) {
		t.op = OP_LT;
		t.op_neg = true;
		p->pos++;
	} else if (is(w, "<=")) {
		t.op = OP_GT;
		t.op_neg = true;
		p->pos++;
	}
	vpos = p->pos;
	if (parse_data(p, &t))
		return NULL;
	if (p->pos == start)
		return perr(p, "unknown condition '%s'", first), NULL;
	/* Messages quote the value, or the test's first word. */
	if (p->pos > vpos)
		first = p->tok[vpos];
	if (t.data == D_RANGE && (t.op != OP_EQ))
		return perr(p, "'%s': a range takes no '<' or '>'", first), NULL;
	if (resolve(p, &t, first))
		return NULL;
	e = test_of_type(p, &t, first);
	if (!e)
		return NULL;
	p->prev = t;
	return neg ? negate(p, e) : e;
}

static struct expr *parse_expr(struct parser *p);

/* Recursion: each "(", "not" and "?" middle is one level of p->depth. */
static bool deeper(struct parser *p)
{
	if (++p->depth > MAX_DEPTH + 1) {
		if (!p->err->msg[0])
			kc_errf(p->err, EINVAL,
				"rule %d: brackets, 'not' and '?:' nested %s than %d",
				p->ruleno, "deeper", MAX_DEPTH);
		return false;
	}
	return true;
}

/*
 * Recursion: parse_factor -> parse_factor ("not") and parse_factor ->
 * parse_expr -> parse_or -> parse_term -> parse_factor ("("), each one
 * level of p->depth: MAX_DEPTH levels around the innermost factor.
 */
static struct expr *parse_factor(struct parser *p)
{
	struct expr *e;

	if (!deeper(p))
		return NULL;
	if (take(p, "!") || take(p, "not")) {
		e = negate(p, parse_factor(p));
	} else if (take(p, "(")) {
		e = parse_expr(p);
		if (e && !take(p, ")")) {
			perr(p, "expected ')' at '%s'", peek(p));
			e = NULL;
		}
	} else {
		e = parse_test(p);
	}
	p->depth--;
	return e;
}

static bool starts_factor(const char *t)
{
	return t && strcmp(t, ")") && strcmp(t, "or") && strcmp(t, "||") &&
	       strcmp(t, "and") && strcmp(t, "&&") && strcmp(t, "?") &&
	       strcmp(t, ":");
}

/* Append x to the AND/OR list *list (made on the second operand). */
static struct expr *chain(struct parser *p, u8 kind, struct expr *list,
			  struct expr **last, struct expr *x)
{
	if (!list || !x)
		return NULL;
	if (!*last) {
		list = bin(p, kind, list, x);
		*last = x;
		return list;
	}
	(*last)->next = x;
	*last = x;
	return list;
}

/* f1 [and] f2 [and] ...: one AND node, operands in a list (a loop). */
static struct expr *parse_term(struct parser *p)
{
	struct expr *e = parse_factor(p), *last = NULL;

	while (e) {
		if (!take(p, "and") && !take(p, "&&") &&
		    !starts_factor(peek(p)))	/* implied "and" */
			break;
		e = chain(p, E_AND, e, &last, parse_factor(p));
	}
	return e;
}

/* t1 or t2 or ...: one OR node, operands in a list (a loop). */
static struct expr *parse_or(struct parser *p)
{
	struct expr *e = parse_term(p), *last = NULL;

	while (e && (take(p, "or") || take(p, "||")))
		e = chain(p, E_OR, e, &last, parse_term(p));
	return e;
}

/* c1 ? t1 : c2 ? t2 : e: one TERN node, its operands a list (a loop). */
static struct expr *parse_expr(struct parser *p)
{
	struct expr *e = parse_or(p), *t, *last, *x;

	if (!e || !take(p, "?"))
		return e;
	t = node(p, E_TERN);
	if (!t)
		return NULL;
	t->a = last = e;
	for (;;) {
		if (!deeper(p))
			return NULL;
		x = parse_expr(p);
		p->depth--;
		if (!x)
			return NULL;
		last->next = x;
		last = x;
		if (!take(p, ":"))
			return perr(p, "expected ':' of '?:' at '%s'", peek(p)), NULL;
		x = parse_or(p);
		if (!x)
			return NULL;
		last->next = x;
		last = x;
		if (!take(p, "?"))
			return t;
	}
}

/* ---------------------------------------------------------------- */
/* Disjunctive normal form.                                          */

int kc_cls_cl_add(struct clist *l, const struct conj *c)
{
	if (l->n >= KC_CLS_MAX_CONJS)
		return -E2BIG;
	if (l->n == l->cap) {
		u32 cap = l->cap ? l->cap * 2 : 8;
		struct conj *v = kc_zalloc(cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		kc_free(l->v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *c;
	return 0;
}

void kc_cls_cl_free(struct clist *l)
{
	kc_free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* a and b -> out (false if they contradict). */
static bool conj_and(const struct conj *a, const struct conj *b,
		     struct conj *out)
{
	int f;

	*out = *a;
	for (f = 0; f < NFIELDS; f++) {
		if (!(b->mask & (1u << f)))
			continue;
		if (!(out->mask & (1u << f))) {
			out->lo[f] = b->lo[f];
			out->hi[f] = b->hi[f];
			out->mask |= 1u << f;
			continue;
		}
		out->lo[f] = max(out->lo[f], b->lo[f]);
		out->hi[f] = min(out->hi[f], b->hi[f]);
		if (out->lo[f] > out->hi[f])
			return false;
	}
	return true;
}

/* a x b appended to out (every consistent pair ANDed). */
static int cl_mul(struct parser *p, const struct clist *a,
		  const struct clist *b, struct clist *out)
{
	u32 i, j;
	int ret = 0;

	for (i = 0; !ret && i < a->n; i++)
		for (j = 0; !ret && j < b->n; j++) {
			if (++p->dnf_steps > DNF_MAX_STEPS)
				ret = -E2BIG;
			else if (conj_and(&a->v[i], &b->v[j], &p->c))
				ret = kc_cls_cl_add(out, &p->c);
		}
	return ret;
}

static int dnf(struct parser *p, const struct expr *e, bool neg,
	       struct clist *out, u32 depth);

/* *acc = *acc x b; b is emptied. */
static int mul_by(struct parser *p, struct clist *acc, struct clist *b)
{
	struct clist nx = { 0 };
	int ret;

	ret = cl_mul(p, acc, b, &nx);
	kc_cls_cl_free(b);
	kc_cls_cl_free(acc);
	*acc = nx;
	return ret;
}

/*
 * c1 ? t1 : c2 ? t2 : e (negated: the same with not t1, not t2, not e):
 * (c1 t1) or (not c1 c2 t2) or (not c1 not c2 e).
 */
static noinline int dnf_tern(struct parser *p, const struct expr *e,
			     bool neg, struct clist *out, u32 depth)
{
	struct clist pre = { 0 }, cur = { 0 }, b = { 0 };
	const struct expr *x;
	u32 i;
	int ret;

	memset(&p->c, 0, sizeof(p->c));
	ret = kc_cls_cl_add(&pre, &p->c);	/* "true" */
	for (x = e->a; x && !ret; x = x->next->next) {
		if (!x->next) {	/* the final else */
			ret = dnf(p, x, neg, &b, depth + 1);
			if (!ret)
				ret = mul_by(p, &pre, &b);
			for (i = 0; !ret && i < pre.n; i++)
				ret = kc_cls_cl_add(out, &pre.v[i]);
			break;
		}
		kc_cls_cl_free(&cur);
		for (i = 0; !ret && i < pre.n; i++)
			ret = kc_cls_cl_add(&cur, &pre.v[i]);
		if (!ret)
			ret = dnf(p, x, false, &b, depth + 1);
		if (!ret)
			ret = mul_by(p, &cur, &b);
		if (!ret)
			ret = dnf(p, x->next, neg, &b, depth + 1);
		if (!ret)
			ret = mul_by(p, &cur, &b);
		for (i = 0; !ret && i < cur.n; i++)
			ret = kc_cls_cl_add(out, &cur.v[i]);
		if (!ret)
			ret = dnf(p, x, true, &b, depth + 1);
		if (!ret)
			ret = mul_by(p, &pre, &b);
	}
	kc_cls_cl_free(&pre);
	kc_cls_cl_free(&cur);
	kc_cls_cl_free(&b);
	return ret;
}

/*
 * e (negated if neg) as conjunctions appended to out.  "not" is followed
 * in a loop; the operands of an AND, OR or TERN, a list, in a loop;
 * dnf() recurses only from those into an operand.  An operand of a TERN
 * is an expression, of an OR a term, of an AND a factor; a factor is a
 * test (at most DNF_EXTRA levels of its own), or a bracket or "not", one
 * level of the parser's MAX_DEPTH.  So depth <= 3 * MAX_DEPTH + DNF_EXTRA
 * = DNF_MAX_DEPTH, checked anyway.
 */
static int dnf(struct parser *p, const struct expr *e, bool neg,
	       struct clist *out, u32 depth)
{
	struct clist acc = { 0 }, b = { 0 };
	struct conj *c = &p->c;	/* not live across the recursion */
	const struct expr *x;
	u32 i;
	int ret = 0;

	if (depth > DNF_MAX_DEPTH)
		return kc_errf(p->err, EINVAL,
			       "rule %d: nested deeper than %d", p->ruleno,
			       DNF_MAX_DEPTH);
	while (e->kind == E_NOT) {
		neg = !neg;
		e = e->a;
	}
	memset(c, 0, sizeof(*c));
	switch (e->kind) {
	case E_TRUE:
	case E_FALSE:
		if ((e->kind == E_TRUE) != neg)
			ret = kc_cls_cl_add(out, c);	/* no constraint */
		return ret;
	case E_PRIM:
		c->mask = 1u << e->field;
		if (!neg) {
			c->lo[e->field] = e->lo;
			c->hi[e->field] = e->hi;
			return kc_cls_cl_add(out, c);
		}
		if (e->lo > 0) {
			c->lo[e->field] = 0;
			c->hi[e->field] = e->lo - 1;
			ret = kc_cls_cl_add(out, c);
		}
		if (!ret && e->hi < kc_cls_field_max(e->field)) {
			c->lo[e->field] = e->hi + 1;
			c->hi[e->field] = kc_cls_field_max(e->field);
			ret = kc_cls_cl_add(out, c);
		}
		return ret;
	case E_TERN:
		return dnf_tern(p, e, neg, out, depth);
	}
	/* AND, OR; under negation they swap (De Morgan). */
	if ((e->kind == E_OR) != neg) {
		for (x = e->a; x && !ret; x = x->next)
			ret = dnf(p, x, neg, out, depth + 1);
		return ret;
	}
	/* acc = the operands so far, multiplied out; starts as "true". */
	ret = kc_cls_cl_add(&acc, c);
	for (x = e->a; x && !ret && acc.n; x = x->next) {
		ret = dnf(p, x, neg, &b, depth + 1);
		if (!ret)
			ret = mul_by(p, &acc, &b);
	}
	for (i = 0; !ret && i < acc.n; i++)
		ret = kc_cls_cl_add(out, &acc.v[i]);
	kc_cls_cl_free(&acc);
	kc_cls_cl_free(&b);
	return ret;
}

/* ---------------------------------------------------------------- */

static int parse_rule(struct parser *p, struct clist *cl, s32 out)
{
	struct clist one = { 0 };
	struct kc_quote q;
	struct expr *e;
	u32 i;
	int ret;

	if (p->pos >= p->ntok && p->pos > 0)
		e = node(p, E_TRUE);	/* IPFilter's "allow" alone */
	else
		e = parse_expr(p);
	if (e && p->pos < p->ntok)
		return perr(p, "unexpected '%s'", peek(p));
	if (!e)
		return p->err->msg[0] ? -EINVAL : perr(p, "too complex%s", "");
	ret = dnf(p, e, false, &one, 0);
	for (i = 0; !ret && i < one.n; i++) {
		one.v[i].out = out;
		ret = kc_cls_cl_add(cl, &one.v[i]);
	}
	kc_cls_cl_free(&one);
	if (ret == -E2BIG && p->dnf_steps > DNF_MAX_STEPS)
		return kc_errf(p->err, E2BIG,
			       "rule %d '%s': more than %u steps expanding 'and' of 'or's",
			       p->ruleno, kc_quote_str(&q, p->rule),
			       DNF_MAX_STEPS);
	if (ret == -E2BIG)
		return kc_errf(p->err, E2BIG,
			       "rule %d '%s': more than %d alternatives after expanding 'or' and 'not'",
			       p->ruleno, kc_quote_str(&q, p->rule),
			       KC_CLS_MAX_CONJS);
	return ret;
}

/* IPFilter's action word: allow, deny/drop, or an output number. */
static int parse_action(struct parser *p, int noutputs, s32 *o)
{
	const char *a = peek(p);
	struct kc_quote q;
	u32 n;

	if (!a)
		return perr(p, "an action is missing%s", "");
	if (!strcmp(a, "allow")) {
		*o = 0;
	} else if (!strcmp(a, "deny") || !strcmp(a, "drop")) {
		*o = -1;
	} else if (!parse_num(a, 0xffff, &n)) {
		*o = n;
		if ((int)n >= noutputs)
			return kc_errf(p->err, EINVAL,
				       "rule %d '%s': output %u, but only %d outputs are connected",
				       p->ruleno, kc_quote_str(&q, p->rule), n,
				       noutputs);
	} else {
		return perr(p, "'%s' is not an action (allow, deny, drop or an output number)",
			    a);
	}
	p->pos++;
	return 0;
}

int kc_cls_parse(enum kc_cls_mode mode, const char *const *rules,
		 int nrules, int noutputs, struct kc_cls_rules *out,
		 struct kc_errbuf *err)
{
	struct parser *p;
	u32 steps = 0;
	int i, ret = 0;

	memset(out, 0, sizeof(*out));
	out->need_ip = 20;
	p = kc_zalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < nrules && !ret; i++) {
		s32 o = i;

		memset(p, 0, offsetof(struct parser, tok));
		p->dnf_steps = steps;
		p->err = err;
		p->out = out;
		p->rule = rules[i];
		p->ruleno = i + 1;
		clear_prev(p);
		ret = tokenize(p, rules[i]);
		if (!ret) {
			p->cap = 8 * p->ntok + 64;
			p->pool = kc_zalloc(p->cap * sizeof(*p->pool));
			ret = p->pool ? 0 : -ENOMEM;
		}
		if (!ret && mode == KC_CLS_IPFILTER)
			ret = parse_action(p, noutputs, &o);
		else if (!ret && !p->ntok)
			ret = perr(p, "the pattern is empty%s", "");
		if (!ret)
			ret = parse_rule(p, &out->cl, o);
		steps = p->dnf_steps;
		kc_free(p->buf);
		kc_free(p->pool);
	}
	kc_free(p);
	if (ret)
		kc_cls_cl_free(&out->cl);
	return ret;
}
