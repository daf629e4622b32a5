// SPDX-License-Identifier: GPL-2.0
/*
 * The IP classifier compiler (include/kclick/classify.h): Click's IPFilter
 * and IPClassifier language -> interval constraints -> a decision tree.
 *
 * 1. Each rule is parsed into an expression over primitives, each
 *    primitive an interval on one packet field ("dst port 80" is dport in
 *    [80, 80]; "src net 10.0.0.0/8" is src in [10.0.0.0, 10.255.255.255]).
 * 2. Negations are pushed down and the expression is spread into a list
 *    of conjunctions (at most one interval per field each), in rule order.
 * 3. The tree: a node takes the first remaining conjunction; if it has no
 *    constraint left the node is a leaf with its output; otherwise the node
 *    splits on one field it constrains, at every boundary of that field's
 *    intervals among the remaining conjunctions, and each piece keeps the
 *    conjunctions it can still satisfy.  Identical subproblems share one
 *    subtree.  A field is split at most once per path.
 *
 * Fields a packet does not have (ports of an ICMP packet or of a
 * non-first fragment, ...) read as a value outside the field's real range,
 * so "dst port 80" never matches them and "not dst port 80" always does,
 * as in tcpdump.
 *
 * Compiling: process context, may sleep.  Evaluating: packet path.
 */
#include <kclick/classify.h>
#include <kclick/names.h>
#include <kclick/rcuswap.h>

enum kc_cls_field {
	F_PROTO, F_SRC, F_DST, F_SPORT, F_DPORT, F_ICMPTYPE, F_TOS, F_TTL,
	F_VERS, F_HL, F_FRAG, F_LEN, F_SYN, F_ACK, F_FIN, F_RST, F_PSH, F_URG,
	NFIELDS
};

/* Largest value a field can read, absent sentinel included. */
static const u32 field_max[NFIELDS] = {
	[F_PROTO] = 255, [F_SRC] = 0xffffffff, [F_DST] = 0xffffffff,
	[F_SPORT] = 0x10000, [F_DPORT] = 0x10000, [F_ICMPTYPE] = 0x100,
	[F_TOS] = 255, [F_TTL] = 255, [F_VERS] = 15, [F_HL] = 15, [F_FRAG] = 1,
	[F_LEN] = 65535, [F_SYN] = 2, [F_ACK] = 2, [F_FIN] = 2, [F_RST] = 2,
	[F_PSH] = 2, [F_URG] = 2,
};

/* Largest value a present field can have (the rest is "absent"). */
static const u32 field_real_max[NFIELDS] = {
	[F_PROTO] = 255, [F_SRC] = 0xffffffff, [F_DST] = 0xffffffff,
	[F_SPORT] = 65535, [F_DPORT] = 65535, [F_ICMPTYPE] = 255,
	[F_TOS] = 255, [F_TTL] = 255, [F_VERS] = 15, [F_HL] = 15, [F_FRAG] = 1,
	[F_LEN] = 65535, [F_SYN] = 1, [F_ACK] = 1, [F_FIN] = 1, [F_RST] = 1,
	[F_PSH] = 1, [F_URG] = 1,
};

static const char *const field_name[NFIELDS] = {
	"proto", "src", "dst", "sport", "dport", "icmp type", "tos", "ttl",
	"vers", "hl", "frag", "len", "syn", "ack", "fin", "rst", "psh", "urg",
};

/* ---------------------------------------------------------------- */
/* Expressions.                                                      */

enum { E_TRUE, E_FALSE, E_PRIM, E_AND, E_OR, E_NOT };

/*
 * NOT: a is the operand.  AND, OR: a is the first operand, the others
 * follow through next ("a and b and c" is one node of three, so a long
 * chain is a list, not a deep tree).
 */
struct expr {
	u8 kind;
	u8 field;
	u32 lo, hi;
	struct expr *a, *next;
};

struct conj {
	u32 mask;		/* fields constrained */
	s32 out;
	u32 lo[NFIELDS], hi[NFIELDS];
};

struct clist {
	struct conj *v;
	u32 n, cap;
};

/*
 * Bounds of one rule.  MAX_TOKENS caps the words (so the terms) of a rule
 * and the expression pool (4 nodes per word).  MAX_DEPTH caps brackets
 * and "not"s nested in each other; "and"/"or" chains are lists walked in
 * loops, so they cost no depth.  Stack, from -fstack-usage of the x86-64
 * kernel build (gcc 12), worst phase first:
 *  - dnf() recurses from an AND/OR into an operand: at most twice per
 *    bracket (OR -> AND -> bracket) plus DNF_EXTRA inside a primitive
 *    ("src or dst tcp port 80" is AND(OR(prim, prim), prim)):
 *    DNF_MAX_DEPTH + 1 = 21 frames of 144 bytes = 3.0 KiB (+ cl_add 48);
 *  - the parser: parse_expr 40 + parse_term 56 + parse_factor 64 = 160
 *    bytes per level, 8 + 1 levels = 1.4 KiB, plus parse_prim 80, parse_value
 *    144, perr 120 and kc_errf 104 at the bottom: 1.9 KiB;
 *  - build() is a loop (see BUILD_MAX_DEPTH), describe() 17 * 64 bytes.
 * Under them kc_cls_compile 208 + parse_rule 144 + compile_args 112 +
 * the handler 88: the compiler stays under 4 KiB of the kernel's 16.
 * selftests/unit/test_bounds.c runs the hostile cases on a small stack.
 */
#define MAX_TOKENS	4096
#define MAX_DEPTH	8
#define DNF_EXTRA	4
#define DNF_MAX_DEPTH	(2 * MAX_DEPTH + DNF_EXTRA)
/* conj_and() calls in one compile: a rule's ANDs of ORs multiply out. */
#define DNF_MAX_STEPS	(1U << 22)

struct parser {
	const char *rule;	/* for messages */
	int ruleno;
	char *buf;		/* tokens, NUL-separated */
	int ntok, pos, depth;
	struct expr *pool;
	int npool, cap;
	/* The last primitive, for "dst port 80 or 443". */
	const char *tmpl[4];
	int ntmpl;
	struct kc_errbuf *err;
	u32 dnf_steps;		/* DNF_MAX_STEPS, over all rules */
	struct conj c;		/* dnf()'s scratch, off its stack */
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

/* "rule N 'RULE': " then fmt with tok (one %s) quoted. */
static int perr(struct parser *p, const char *fmt, const char *tok)
{
	struct kc_quote q;
	size_t n;

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
	       c == '<' || c == '>' || c == '=';
}

/* Split a rule into words and operators. */
static int tokenize(struct parser *p, const char *s)
{
	size_t len = strlen(s);
	char *o;

	p->buf = kc_zalloc(len * 2 + 2);
	if (!p->buf)
		return -ENOMEM;
	o = p->buf;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
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
			while (*s && !is_op_char(*s) && *s != ' ' && *s != '\t' &&
			       *s != '\n' && *s != '\r')
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

static bool take(struct parser *p, const char *w)
{
	const char *t = peek(p);

	if (t && !strcmp(t, w)) {
		p->pos++;
		return true;
	}
	return false;
}

static int parse_num(const char *s, u32 max, u32 *v)
{
	unsigned long long n = 0;
	int base = 10;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		n = n * base + d;
		if (n > max)
			return -ERANGE;
	}
	*v = (u32)n;
	return 0;
}

struct name_val {
	const char *name;
	u32 val;
};

static const struct name_val port_names[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 },
	{ "domain", 53 }, { "dns", 53 }, { "www", 80 }, { "http", 80 },
	{ "pop3", 110 }, { "ntp", 123 }, { "imap", 143 }, { "snmp", 161 },
	{ "https", 443 },
};

static const struct name_val proto_names[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "tcp", 6 }, { "udp", 17 },
	{ "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "sctp", 132 },
};

static const struct name_val icmp_names[] = {
	{ "echo-reply", 0 }, { "unreachable", 3 }, { "sourcequench", 4 },
	{ "redirect", 5 }, { "echo", 8 }, { "routeradvert", 9 },
	{ "routersolicit", 10 }, { "timeexceeded", 11 },
	{ "time-exceeded", 11 }, { "parameterproblem", 12 },
	{ "timestamp", 13 }, { "timestamp-reply", 14 },
};

static int lookup(const struct name_val *t, size_t n, const char *s, u32 *v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, s)) {
			*v = t[i].val;
			return 0;
		}
	return -ENOENT;
}

static int value_of(int field, const char *s, u32 *v)
{
	if (field == F_SPORT || field == F_DPORT) {
		if (!lookup(port_names, ARRAY_SIZE(port_names), s, v))
			return 0;
	} else if (field == F_PROTO) {
		if (!lookup(proto_names, ARRAY_SIZE(proto_names), s, v))
			return 0;
	} else if (field == F_ICMPTYPE) {
		if (!lookup(icmp_names, ARRAY_SIZE(icmp_names), s, v))
			return 0;
	}
	return parse_num(s, field_real_max[field], v);
}

/*
 * A value for field: N, N-M, a name, "< N" and friends; for addresses
 * A.B.C.D, A.B.C.D/LEN, "A.B.C.D mask M.M.M.M".  Returns an expression
 * (a relation "!=" becomes a negated interval).
 */
static struct expr *parse_value(struct parser *p, int field)
{
	const char *t = peek(p), *op = NULL;
	u32 lo, hi, max = field_real_max[field];
	/* "net NAME" means NAME's prefix (AddressInfo), as in Click. */
	bool net = p->pos > 0 && !strcmp(p->tok[p->pos - 1], "net");
	char word[48];
	char *dash, *slash;

	if (!t)
		return perr(p, "a value is missing at %s", NULL), NULL;
	if (!strcmp(t, "<") || !strcmp(t, ">") || !strcmp(t, "<=") ||
	    !strcmp(t, ">=") || !strcmp(t, "==") || !strcmp(t, "!=") ||
	    !strcmp(t, "=")) {
		op = t;
		p->pos++;
		t = peek(p);
		if (!t)
			return perr(p, "a value is missing at %s", NULL), NULL;
	}
	p->pos++;
	if (strlen(t) >= sizeof(word))
		return perr(p, "'%s' is not a value", t), NULL;
	strcpy(word, t);
	if (field == F_SRC || field == F_DST) {
		__be32 a, a2, m;
		u32 bits = 32;
		bool pfx;

		if (op)
			return perr(p, "'%s': addresses take no comparison", op),
			       NULL;
		slash = strchr(word, '/');
		if (slash) {
			*slash = '\0';
			if (parse_num(slash + 1, 32, &bits))
				return perr(p, "'%s' is not a prefix length",
					    slash + 1), NULL;
		}
		pfx = false;
		if (kc_parse_ip4(word, &a)) {
			/* Not an address: a name's prefix (intern:net)? */
			if (slash || kc_names_prefix(word, &a, &m))
				return perr(p, "'%s' is not an IP address", t),
				       NULL;
			pfx = true;
		} else if (!slash && net && !kc_names_prefix(word, &a2, &m)) {
			a = a2;		/* "net intern": intern's prefix */
			pfx = true;
		}
		if (pfx) {
			u32 mh = be32_to_cpu(m);

			if (~mh & (~mh + 1))	/* ones, then zeros only */
				return perr(p, "'%s': only prefix masks are supported",
					    t), NULL;
			for (bits = 0; bits < 32 && (mh & (0x80000000u >> bits));
			     bits++)
				;
		} else if (!slash && take(p, "mask")) {
			u32 mh;

			t = peek(p);
			if (!t || kc_parse_ip4(t, &m))
				return perr(p, "'%s' is not a netmask", t), NULL;
			p->pos++;
			mh = be32_to_cpu(m);
			if (mh & ~(mh << 1) & 0xfffffffe)	/* not a prefix */
				return perr(p, "'%s': only prefix masks are supported",
					    t), NULL;
			for (bits = 0; bits < 32 && (mh & (0x80000000u >> bits));
			     bits++)
				;
		}
		lo = be32_to_cpu(a);
		if (bits < 32) {
			u32 hostmask = bits ? 0xffffffffu >> bits : 0xffffffffu;

			lo &= ~hostmask;
			hi = lo | hostmask;
		} else {
			hi = lo;
		}
		return prim(p, field, lo, hi);
	}
	dash = strchr(word + 1, '-');
	if (dash && !op && field != F_ICMPTYPE) {
		*dash = '\0';
		if (value_of(field, word, &lo) || value_of(field, dash + 1, &hi) ||
		    lo > hi)
			return perr(p, "'%s' is not a range", t), NULL;
		return prim(p, field, lo, hi);
	}
	if (value_of(field, word, &lo))
		return perr(p, "'%s' is not a valid value here", t), NULL;
	if (!op || !strcmp(op, "==") || !strcmp(op, "="))
		return prim(p, field, lo, lo);
	if (!strcmp(op, "!=")) {
		struct expr *n = node(p, E_NOT);

		if (n)
			n->a = prim(p, field, lo, lo);
		return n && n->a ? n : NULL;
	}
	if (!strcmp(op, "<"))
		return lo ? prim(p, field, 0, lo - 1) : node(p, E_FALSE);
	if (!strcmp(op, "<="))
		return prim(p, field, 0, lo);
	if (!strcmp(op, ">"))
		return lo < max ? prim(p, field, lo + 1, max) : node(p, E_FALSE);
	return prim(p, field, lo, max);	/* >= */
}

/* "tcp" alone, or the protocol part of "tcp port 80". */
static bool proto_word(const char *t, u32 *proto)
{
	if (!t)
		return false;
	if (!strcmp(t, "tcp"))
		*proto = 6;
	else if (!strcmp(t, "udp"))
		*proto = 17;
	else if (!strcmp(t, "icmp"))
		*proto = 1;
	else
		return false;
	return true;
}

static struct expr *parse_expr(struct parser *p);

/*
 * One primitive.  Qualifiers: [src|dst|src or dst|src and dst]
 * [tcp|udp] then host/net/port; ip proto/tos/ttl/vers/hl/len/frag/unfrag;
 * tcp opt FLAG; icmp type T; true/false/all/-.
 */
static struct expr *parse_prim(struct parser *p)
{
	const char *t = peek(p);
	int dir = 0;		/* 1 src, 2 dst, 3 src or dst, 4 src and dst */
	u32 proto = 0;
	bool have_proto = false;
	struct expr *e = NULL, *e2;
	int start = p->pos;

	if (!t)
		return perr(p, "a condition is missing at %s", NULL), NULL;
	if (!strcmp(t, "true") || !strcmp(t, "all") || !strcmp(t, "-")) {
		p->pos++;
		return node(p, E_TRUE);
	}
	if (!strcmp(t, "false") || !strcmp(t, "none")) {
		p->pos++;
		return node(p, E_FALSE);
	}
	if (take(p, "ip")) {
		static const struct { const char *w; int f; } ipf[] = {
			{ "proto", F_PROTO }, { "tos", F_TOS }, { "ttl", F_TTL },
			{ "vers", F_VERS }, { "hl", F_HL }, { "len", F_LEN },
		};
		size_t i;

		if (take(p, "frag"))
			return prim(p, F_FRAG, 1, 1);
		if (take(p, "unfrag"))
			return prim(p, F_FRAG, 0, 0);
		for (i = 0; i < ARRAY_SIZE(ipf); i++)
			if (take(p, ipf[i].w))
				return parse_value(p, ipf[i].f);
		return perr(p, "unknown 'ip' condition '%s'", peek(p)), NULL;
	}
	if (take(p, "src")) {
		dir = 1;
		if (take(p, "or")) {
			if (!take(p, "dst"))
				return perr(p, "'src or' must be followed by 'dst', not '%s'",
					    peek(p)), NULL;
			dir = 3;
		} else if (take(p, "and")) {
			if (!take(p, "dst"))
				return perr(p, "'src and' must be followed by 'dst', not '%s'",
					    peek(p)), NULL;
			dir = 4;
		}
	} else if (take(p, "dst")) {
		dir = 2;
	}
	if (proto_word(peek(p), &proto)) {
		p->pos++;
		have_proto = true;
		if (!dir) {
			if (take(p, "src"))
				dir = 1;
			else if (take(p, "dst"))
				dir = 2;
		}
		if (proto == 6 && take(p, "opt")) {
			static const struct { const char *w; int f; } fl[] = {
				{ "syn", F_SYN }, { "ack", F_ACK }, { "fin", F_FIN },
				{ "rst", F_RST }, { "psh", F_PSH }, { "urg", F_URG },
			};
			size_t i;

			t = peek(p);
			for (i = 0; t && i < ARRAY_SIZE(fl); i++)
				if (!strcmp(t, fl[i].w)) {
					p->pos++;
					return prim(p, fl[i].f, 1, 1);
				}
			return perr(p, "unknown TCP option '%s'", t), NULL;
		}
		if (proto == 1 && take(p, "type"))
			return parse_value(p, F_ICMPTYPE);
		t = peek(p);
		if (!t || strcmp(t, "port"))
			return dir ? (perr(p, "expected 'port' at '%s'", t), NULL) :
				     prim(p, F_PROTO, proto, proto);
	}
	t = peek(p);
	if (!t)
		return perr(p, "a condition is missing at %s", NULL), NULL;
	if (!strcmp(t, "host") || !strcmp(t, "net") || !strcmp(t, "port")) {
		bool port = !strcmp(t, "port");
		int fs = port ? F_SPORT : F_SRC, fd = port ? F_DPORT : F_DST;
		int vstart;

		p->pos++;
		if (port && have_proto && proto == 1)
			return perr(p, "ICMP has no ports%s", ""), NULL;
		vstart = p->pos;
		switch (dir) {
		case 1:
			e = parse_value(p, fs);
			break;
		case 2:
			e = parse_value(p, fd);
			break;
		default:
			e = parse_value(p, fs);
			p->pos = vstart;
			e2 = e ? parse_value(p, fd) : NULL;
			e = bin(p, dir == 4 ? E_AND : E_OR, e, e2);
		}
		/* Ports exist only in TCP and UDP (absent otherwise). */
		if (e && port && have_proto)
			e = bin(p, E_AND, e, prim(p, F_PROTO, proto, proto));
	} else if (dir) {
		/* "src 10.0.0.1": host is implied. */
		e = parse_value(p, dir == 1 ? F_SRC : F_DST);
	} else {
		return perr(p, "unknown condition '%s'", t), NULL;
	}
	/* Remember the qualifiers for "dst port 80 or 443". */
	p->ntmpl = 0;
	while (start < p->pos && p->ntmpl < (int)ARRAY_SIZE(p->tmpl)) {
		const char *w = p->tok[start];

		if (!strcmp(w, "host") || !strcmp(w, "net") || !strcmp(w, "port")) {
			p->tmpl[p->ntmpl++] = w;
			break;
		}
		p->tmpl[p->ntmpl++] = w;
		start++;
	}
	return e;
}

/* A bare value after and/or repeats the previous primitive's qualifiers. */
static bool bare_value(const char *t)
{
	return t && ((t[0] >= '0' && t[0] <= '9') || !strcmp(t, "<") ||
		     !strcmp(t, ">") || !strcmp(t, "<=") || !strcmp(t, ">=") ||
		     !strcmp(t, "!=") || !strcmp(t, "=="));
}

/*
 * Recursion: parse_factor -> parse_factor ("not") and parse_factor ->
 * parse_expr -> parse_term -> parse_factor ("("), each one level of
 * p->depth: MAX_DEPTH brackets and nots around the innermost factor.
 */
static struct expr *parse_factor(struct parser *p)
{
	struct expr *e;

	if (++p->depth > MAX_DEPTH + 1)
		return kc_errf(p->err, EINVAL,
			       "rule %d: brackets and 'not' nested deeper than %d",
			       p->ruleno, MAX_DEPTH), NULL;
	if (take(p, "!") || take(p, "not")) {
		e = node(p, E_NOT);
		if (e)
			e->a = parse_factor(p);
		e = e && e->a ? e : NULL;
	} else if (take(p, "(")) {
		e = parse_expr(p);
		if (e && !take(p, ")")) {
			perr(p, "expected ')' at '%s'", peek(p));
			e = NULL;
		}
	} else if (p->ntmpl && bare_value(peek(p))) {
		/* Re-parse the remembered qualifiers with this value. */
		int i, n = p->ntmpl, pos = p->pos;

		if (p->ntok + n > MAX_TOKENS)
			return kc_errf(p->err, EINVAL,
				       "rule %d: more than %d words",
				       p->ruleno, MAX_TOKENS), NULL;
		memmove(&p->tok[pos + n], &p->tok[pos],
			(p->ntok - pos) * sizeof(p->tok[0]));
		for (i = 0; i < n; i++)
			p->tok[pos + i] = p->tmpl[i];
		p->ntok += n;
		e = parse_prim(p);
	} else {
		e = parse_prim(p);
	}
	p->depth--;
	return e;
}

static bool starts_factor(const char *t)
{
	return t && strcmp(t, ")") && strcmp(t, "or") && strcmp(t, "||") &&
	       strcmp(t, "and") && strcmp(t, "&&");
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
static struct expr *parse_expr(struct parser *p)
{
	struct expr *e = parse_term(p), *last = NULL;

	while (e && (take(p, "or") || take(p, "||")))
		e = chain(p, E_OR, e, &last, parse_term(p));
	return e;
}

/* ---------------------------------------------------------------- */
/* Disjunctive normal form.                                          */

static int cl_add(struct clist *l, const struct conj *c)
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

static void cl_free(struct clist *l)
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

/*
 * e (negated if neg) as conjunctions appended to out.  "not" is followed
 * in a loop; the operands of an AND or OR, a list, in a loop; dnf()
 * recurses only from an AND/OR into an operand.  An operand of an OR is
 * a term (an AND, or a factor), an operand of an AND a factor; a factor
 * is a primitive (at most DNF_EXTRA levels of its own: "src or dst tcp
 * port 80" is AND(OR(prim, prim), prim)), or a bracket or "not", one
 * level of the parser's MAX_DEPTH.  So depth <= 2 * MAX_DEPTH +
 * DNF_EXTRA = DNF_MAX_DEPTH, checked anyway.
 */
static int dnf(struct parser *p, const struct expr *e, bool neg,
	       struct clist *out, u32 depth)
{
	struct clist acc = { 0 }, b = { 0 }, nx = { 0 };
	struct conj *c = &p->c;	/* not live across the recursion */
	const struct expr *x;
	u32 i, j;
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
			ret = cl_add(out, c);	/* no constraint */
		return ret;
	case E_PRIM:
		c->mask = 1u << e->field;
		if (!neg) {
			c->lo[e->field] = e->lo;
			c->hi[e->field] = e->hi;
			return cl_add(out, c);
		}
		if (e->lo > 0) {
			c->lo[e->field] = 0;
			c->hi[e->field] = e->lo - 1;
			ret = cl_add(out, c);
		}
		if (!ret && e->hi < field_max[e->field]) {
			c->lo[e->field] = e->hi + 1;
			c->hi[e->field] = field_max[e->field];
			ret = cl_add(out, c);
		}
		return ret;
	}
	/* AND, OR; under negation they swap (De Morgan). */
	if ((e->kind == E_OR) != neg) {
		for (x = e->a; x && !ret; x = x->next)
			ret = dnf(p, x, neg, out, depth + 1);
		return ret;
	}
	/* acc = the operands so far, multiplied out; starts as "true". */
	ret = cl_add(&acc, c);
	for (x = e->a; x && !ret && acc.n; x = x->next) {
		ret = dnf(p, x, neg, &b, depth + 1);
		for (i = 0; !ret && i < acc.n; i++)
			for (j = 0; !ret && j < b.n; j++) {
				if (++p->dnf_steps > DNF_MAX_STEPS)
					ret = -E2BIG;
				else if (conj_and(&acc.v[i], &b.v[j], c))
					ret = cl_add(&nx, c);
			}
		cl_free(&acc);
		cl_free(&b);
		acc = nx;
		nx = (struct clist){ 0 };
	}
	for (i = 0; !ret && i < acc.n; i++)
		ret = cl_add(out, &acc.v[i]);
	cl_free(&acc);
	cl_free(&b);
	cl_free(&nx);
	return ret;
}

/* ---------------------------------------------------------------- */
/* The decision tree.                                                */

struct cnode {
	u8 field;		/* NFIELDS for a leaf */
	s32 out;		/* leaf: output, -1 drop */
	u32 nb;			/* internal: pieces */
	u32 first;		/* internal: index into bounds/kids */
};

struct kc_cls_prog {
	u32 nnodes, nedges, nconjs, nrules, depth;
	struct conj *lin;	/* fallback: conjunctions in order, or NULL */
	struct cnode *nodes;	/* node 0 is the root */
	u32 *bounds;		/* lower bound of each piece, ascending */
	u32 *kids;		/* node of each piece */
	struct kc_rcu_free rf;	/* replaced by a `config` write */
};

/* What a path has learnt: each field lies in [lo, hi]. */
struct known {
	u32 lo[NFIELDS], hi[NFIELDS];
};

struct memo {
	struct memo *next;
	u32 hash, n, node;
	struct known k;
	u32 *act;
};

#define MEMO_BUCKETS 4096

struct builder {
	struct clist *cl;
	struct cnode *nodes;
	u32 nnodes, cap_nodes;
	u32 *bounds, *kids;
	u32 nedges, cap_edges, cap_kids;
	struct memo *memo[MEMO_BUCKETS];
	s32 leaf_of[2];		/* cached leaves: drop, and output 0 */
	u32 depth;
	u64 work;		/* conjunctions looked at: BUILD_MAX_WORK */
};

/*
 * Bounds of the tree builder; past any of them the rules are checked in
 * order instead (prog->lin), as for KC_CLS_MAX_NODES.
 *
 * build() walks the tree without recursion, one heap frame a level.  A
 * full split cuts a field at every boundary, so no path splits that field
 * again: after BUILD_FULL_DEPTH levels every split is full, and a path is
 * at most BUILD_FULL_DEPTH + NFIELDS levels deep (BUILD_MAX_DEPTH, which
 * sizes the frames: 50 * 200 bytes).
 *
 * BUILD_MAX_WORK caps conjunctions visited over all nodes (time, and the
 * memo's copies); BUILD_MAX_EDGES the pieces over all nodes (memory).
 */
#define BUILD_FULL_DEPTH	32
#define BUILD_MAX_DEPTH		(BUILD_FULL_DEPTH + NFIELDS)
#define BUILD_MAX_WORK		(1ULL << 24)
#define BUILD_MAX_EDGES		(1U << 20)

static int grow_u32(u32 **v, u32 need, u32 *cap)
{
	u32 n = *cap ? *cap : 64;
	u32 *nv;

	while (n < need)
		n *= 2;
	if (n == *cap)
		return 0;
	nv = kc_zalloc(n * sizeof(u32));
	if (!nv)
		return -ENOMEM;
	if (*cap)
		memcpy(nv, *v, *cap * sizeof(u32));
	kc_free(*v);
	*v = nv;
	*cap = n;
	return 0;
}

static int new_node(struct builder *b)
{
	if (b->nnodes >= KC_CLS_MAX_NODES)
		return -E2BIG;
	if (b->nnodes == b->cap_nodes) {
		u32 cap = b->cap_nodes ? b->cap_nodes * 2 : 64;
		struct cnode *v = kc_zalloc(cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (b->nnodes)
			memcpy(v, b->nodes, b->nnodes * sizeof(*v));
		kc_free(b->nodes);
		b->nodes = v;
		b->cap_nodes = cap;
	}
	return b->nnodes++;
}

static int leaf(struct builder *b, s32 out)
{
	int n;

	if (out <= 0 && b->leaf_of[out + 1] >= 0)
		return b->leaf_of[out + 1];
	n = new_node(b);
	if (n < 0)
		return n;
	b->nodes[n].field = NFIELDS;
	b->nodes[n].out = out;
	if (out <= 0)
		b->leaf_of[out + 1] = n;
	return n;
}

/* In-place heapsort (no recursion, no libc): boundaries of one split. */
static void sift(u32 *v, u32 i, u32 n)
{
	for (;;) {
		u32 c = 2 * i + 1, t;

		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[i] >= v[c])
			return;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
		i = c;
	}
}

static u32 sort_unique(u32 *v, u32 n)
{
	u32 i, k, t;

	for (i = n / 2; i-- > 0;)
		sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		sift(v, 0, i);
	}
	for (i = k = 0; i < n; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

static u32 memo_hash(const u32 *act, u32 n, const struct known *k)
{
	u32 h = 2166136261u, i;

	for (i = 0; i < NFIELDS; i++)
		h = (h ^ k->lo[i] ^ (k->hi[i] << 7)) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ act[i]) * 16777619u;
	return h;
}

/* Fields of c the path has not yet proved (c's interval doesn't cover). */
static u32 unproven(const struct conj *c, const struct known *k)
{
	u32 rem = 0;
	int f;

	for (f = 0; f < NFIELDS; f++)
		if ((c->mask & (1u << f)) &&
		    (c->lo[f] > k->lo[f] || c->hi[f] < k->hi[f]))
			rem |= 1u << f;
	return rem;
}

/* Can c still match on this path? */
static bool possible(const struct conj *c, const struct known *k)
{
	int f;

	for (f = 0; f < NFIELDS; f++)
		if ((c->mask & (1u << f)) &&
		    (c->hi[f] < k->lo[f] || c->lo[f] > k->hi[f]))
			return false;
	return true;
}

/*
 * Which field to split, and how.  Among the fields the first conjunction
 * still needs, the one the most conjunctions constrain (the fewest copied
 * into every piece).  A full split cuts at every boundary of that field;
 * when that would copy too much, only the first conjunction's own interval
 * is cut out (three pieces), and the field may be split again below.
 */
static u32 add_bounds(const struct builder *b, const u32 *act, u32 n,
		      const struct known *k, u32 f, bool full, u32 *bnd)
{
	u32 i, nb = 0;

	bnd[nb++] = k->lo[f];
	for (i = 0; i < (full ? n : 1); i++) {
		const struct conj *x = &b->cl->v[act[i]];

		if (!(x->mask & (1u << f)))
			continue;
		if (x->lo[f] > k->lo[f] && x->lo[f] <= k->hi[f])
			bnd[nb++] = x->lo[f];
		if (x->hi[f] < k->hi[f] && x->hi[f] >= k->lo[f])
			bnd[nb++] = x->hi[f] + 1;
	}
	return sort_unique(bnd, nb);
}

/* One level of the walk: a node whose pieces are being built. */
struct bframe {
	const u32 *act;		/* conjunctions still possible, in order */
	u32 n, h, node, first, nb, p, f;
	u32 *bnd, *sub;		/* piece lower bounds; a piece's act */
	struct known k;
};

/*
 * Start the subproblem in fr (act, n, k set): a leaf or a memoised node
 * (>= 0, *split false), an error (< 0), or a new node whose pieces are to
 * be built (*split true).
 */
static int build_enter(struct builder *b, struct bframe *fr, u32 depth,
		       bool *split)
{
	const u32 *act = fr->act;
	const struct known *k = &fr->k;
	u32 rem, f, i, nb, h, n = fr->n, best = 0, best_cnt = 0;
	const struct conj *c;
	struct memo *m;
	bool full;
	int node, ret;

	*split = false;
	if (depth > b->depth)
		b->depth = depth;
	if (!n)
		return leaf(b, -1);
	c = &b->cl->v[act[0]];
	rem = unproven(c, k);
	if (!rem)
		return leaf(b, c->out);
	h = memo_hash(act, n, k);
	for (m = b->memo[h % MEMO_BUCKETS]; m; m = m->next)
		if (m->hash == h && m->n == n &&
		    !memcmp(&m->k, k, sizeof(*k)) &&
		    !memcmp(m->act, act, n * sizeof(u32)))
			return m->node;
	for (f = 0; f < NFIELDS; f++) {
		u32 cnt = 0;

		if (!(rem & (1u << f)))
			continue;
		for (i = 0; i < n; i++)
			cnt += !!(b->cl->v[act[i]].mask & (1u << f));
		if (cnt > best_cnt) {
			best_cnt = cnt;
			best = f;
		}
	}
	f = best;
	fr->bnd = kc_zalloc((2 * n + 1) * sizeof(u32));
	fr->sub = kc_zalloc(n * sizeof(u32));
	if (!fr->bnd || !fr->sub)
		return -ENOMEM;
	nb = add_bounds(b, act, n, k, f, true, fr->bnd);
	/* Pieces times the conjunctions copied into each: keep it near n. */
	full = (u64)nb * (n - best_cnt) <= 8ULL * n + 1024 ||
	       depth >= BUILD_FULL_DEPTH;
	if (!full)
		nb = add_bounds(b, act, n, k, f, false, fr->bnd);
	b->work += (u64)(nb + 1) * n;
	if (b->work > BUILD_MAX_WORK || b->nedges + nb > BUILD_MAX_EDGES)
		return -E2BIG;
	node = new_node(b);
	if (node < 0)
		return node;
	ret = grow_u32(&b->bounds, b->nedges + nb, &b->cap_edges);
	if (!ret)
		ret = grow_u32(&b->kids, b->nedges + nb, &b->cap_kids);
	if (ret)
		return ret;
	fr->first = b->nedges;
	b->nedges += nb;
	b->nodes[node].field = f;
	b->nodes[node].nb = nb;
	b->nodes[node].first = fr->first;
	fr->h = h;
	fr->node = node;
	fr->nb = nb;
	fr->f = f;
	fr->p = 0;
	*split = true;
	return 0;
}

/* The subproblem of fr's next piece into kid. */
static void build_piece(const struct builder *b, struct bframe *fr,
			struct bframe *kid)
{
	u32 i, j, f = fr->f, p = fr->p;

	kid->k = fr->k;
	kid->k.lo[f] = fr->bnd[p];
	kid->k.hi[f] = p + 1 < fr->nb ? fr->bnd[p + 1] - 1 : fr->k.hi[f];
	for (i = j = 0; i < fr->n; i++)
		if (possible(&b->cl->v[fr->act[i]], &kid->k))
			fr->sub[j++] = fr->act[i];
	kid->act = fr->sub;
	kid->n = j;
}

/* Every piece of fr is built: remember the node for its subproblem. */
static int build_done(struct builder *b, struct bframe *fr)
{
	struct memo *m;

	kc_free(fr->bnd);
	kc_free(fr->sub);
	fr->bnd = fr->sub = NULL;
	m = kc_zalloc(sizeof(*m) + fr->n * sizeof(u32));
	if (!m)
		return -ENOMEM;
	m->act = (u32 *)(m + 1);
	memcpy(m->act, fr->act, fr->n * sizeof(u32));
	m->hash = fr->h;
	m->k = fr->k;
	m->n = fr->n;
	m->node = fr->node;
	m->next = b->memo[fr->h % MEMO_BUCKETS];
	b->memo[fr->h % MEMO_BUCKETS] = m;
	return fr->node;
}

/*
 * The tree for conjunctions all[0..n) given k: its root node, or < 0.
 * A depth-first walk without recursion: one frame a level on the heap,
 * at most BUILD_MAX_DEPTH + 1 of them.
 */
static int build(struct builder *b, const u32 *all, u32 n,
		 const struct known *k)
{
	struct bframe *st, *fr;
	bool split;
	int d = 0, i, ret;

	st = kc_zalloc((BUILD_MAX_DEPTH + 1) * sizeof(*st));
	if (!st)
		return -ENOMEM;
	st[0].act = all;
	st[0].n = n;
	st[0].k = *k;
	ret = build_enter(b, &st[0], 0, &split);
	for (;;) {
		if (split) {
			fr = &st[d];
			if (fr->p < fr->nb) {
				if (d == BUILD_MAX_DEPTH) {
					ret = -E2BIG;
					break;
				}
				build_piece(b, fr, &st[d + 1]);
				d++;
				ret = build_enter(b, &st[d], d, &split);
				continue;
			}
			ret = build_done(b, fr);
		}
		/* st[d] is finished: ret is its node, or an error. */
		if (ret < 0 || d == 0)
			break;
		fr = &st[--d];
		b->bounds[fr->first + fr->p] = fr->bnd[fr->p];
		b->kids[fr->first + fr->p] = ret;
		fr->p++;
		split = true;
	}
	for (i = 0; i <= BUILD_MAX_DEPTH; i++) {
		kc_free(st[i].bnd);
		kc_free(st[i].sub);
	}
	kc_free(st);
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

	e = parse_expr(p);
	if (e && p->pos < p->ntok)
		return perr(p, "unexpected '%s'", peek(p));
	if (!e)
		return p->err->msg[0] ? -EINVAL : perr(p, "too complex%s", "");
	ret = dnf(p, e, false, &one, 0);
	for (i = 0; !ret && i < one.n; i++) {
		one.v[i].out = out;
		ret = cl_add(cl, &one.v[i]);
	}
	cl_free(&one);
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

int kc_cls_compile(enum kc_cls_mode mode, const char *const *rules,
		   int nrules, int noutputs, struct kc_cls_prog **out,
		   struct kc_errbuf *err)
{
	struct builder *b = NULL;
	struct kc_cls_prog *prog = NULL;
	struct clist cl = { 0 };
	struct parser *p = NULL;
	struct known *kn;
	u32 *all = NULL, steps = 0;
	struct kc_quote q;
	int i, ret = 0;
	size_t sz;

	*out = NULL;
	if (nrules > KC_CLS_MAX_RULES)
		return kc_errf(err, E2BIG, "more than %d rules",
			       KC_CLS_MAX_RULES);
	if (mode == KC_CLS_IPCLASSIFIER && nrules != noutputs)
		return kc_errf(err, EINVAL,
			       "%d patterns, but %d outputs are connected (one per pattern)",
			       nrules, noutputs);
	p = kc_zalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < nrules && !ret; i++) {
		const char *r = rules[i];
		s32 o = i;

		memset(p, 0, offsetof(struct parser, tok));
		p->dnf_steps = steps;
		p->err = err;
		p->rule = r;
		p->ruleno = i + 1;
		ret = tokenize(p, r);
		if (!ret) {
			p->cap = 2 * p->ntok + 16;
			p->pool = kc_zalloc(p->cap * 4 * sizeof(*p->pool));
			p->cap *= 4;
			ret = p->pool ? 0 : -ENOMEM;
		}
		if (!ret && mode == KC_CLS_IPFILTER) {
			const char *a = peek(p);
			u32 n;

			if (!a) {
				ret = perr(p, "an action is missing%s", "");
			} else if (!strcmp(a, "allow")) {
				o = 0;
			} else if (!strcmp(a, "deny") || !strcmp(a, "drop")) {
				o = -1;
			} else if (!parse_num(a, 0xffff, &n)) {
				o = n;
				if ((int)n >= noutputs)
					ret = kc_errf(err, EINVAL,
						      "rule %d '%s': output %u, but only %d outputs are connected",
						      i + 1, kc_quote_str(&q, r), n,
						      noutputs);
			} else {
				ret = perr(p, "'%s' is not an action (allow, deny, drop or an output number)",
					   a);
			}
			p->pos++;
		}
		if (!ret)
			ret = parse_rule(p, &cl, o);
		steps = p->dnf_steps;
		kc_free(p->buf);
		kc_free(p->pool);
	}
	kc_free(p);
	if (ret)
		goto out;

	b = kc_zalloc(sizeof(*b));
	all = kc_zalloc((cl.n + 1) * sizeof(u32));
	ret = -ENOMEM;
	if (!b || !all)
		goto out;
	b->cl = &cl;
	b->leaf_of[0] = b->leaf_of[1] = -1;
	for (i = 0; i < (int)cl.n; i++)
		all[i] = i;
	/* The first node build() makes is the root: node 0. */
	ret = -ENOMEM;
	kn = kc_zalloc(sizeof(*kn));
	if (!kn)
		goto out;
	for (i = 0; i < NFIELDS; i++)
		kn->hi[i] = field_max[i];
	ret = build(b, all, cl.n, kn);
	kc_free(kn);
	if (ret == -E2BIG) {
		/*
		 * Rules that would need too big a tree (wildcards on many
		 * different fields) still work: checked one by one.
		 */
		prog = kc_zalloc(sizeof(*prog) + cl.n * sizeof(struct conj));
		ret = -ENOMEM;
		if (!prog)
			goto out;
		prog->lin = (struct conj *)(prog + 1);
		memcpy(prog->lin, cl.v, cl.n * sizeof(struct conj));
		prog->nconjs = cl.n;
		prog->nrules = nrules;
		*out = prog;
		ret = 0;
		goto out;
	}
	if (ret < 0)
		goto out;
	sz = sizeof(*prog) + b->nnodes * sizeof(struct cnode) +
	     2 * (size_t)b->nedges * sizeof(u32);
	prog = kc_zalloc(sz);
	ret = -ENOMEM;
	if (!prog)
		goto out;
	prog->nnodes = b->nnodes;
	prog->nedges = b->nedges;
	prog->nconjs = cl.n;
	prog->nrules = nrules;
	prog->depth = b->depth;
	prog->nodes = (struct cnode *)(prog + 1);
	prog->bounds = (u32 *)(prog->nodes + b->nnodes);
	prog->kids = prog->bounds + b->nedges;
	memcpy(prog->nodes, b->nodes, b->nnodes * sizeof(struct cnode));
	if (b->nedges) {
		memcpy(prog->bounds, b->bounds, b->nedges * sizeof(u32));
		memcpy(prog->kids, b->kids, b->nedges * sizeof(u32));
	}
	*out = prog;
	ret = 0;
out:
	if (b) {
		for (i = 0; i < MEMO_BUCKETS; i++) {
			struct memo *m = b->memo[i], *nx;

			for (; m; m = nx) {
				nx = m->next;
				kc_free(m);
			}
		}
		kc_free(b->nodes);
		kc_free(b->bounds);
		kc_free(b->kids);
		kc_free(b);
	}
	kc_free(all);
	cl_free(&cl);
	if (ret == -ENOMEM && !err->msg[0])
		kc_errf(err, ENOMEM, "out of memory compiling the rules");
	return ret;
}

void kc_cls_free(struct kc_cls_prog *prog)
{
	kc_free(prog);
}

static void cls_prog_free(void *prog)
{
	kc_cls_free(prog);
}

/* Packet path: a field's value, or its "absent" value. */
static u32 field_value(int f, const u8 *ip, unsigned int len)
{
	unsigned int hl = (ip[0] & 15) * 4;
	bool first = !((ip[6] & 0x1f) | ip[7]);	/* fragment offset 0 */
	u8 proto = ip[9];

	switch (f) {
	case F_PROTO:
		return proto;
	case F_SRC:
		return (u32)ip[12] << 24 | ip[13] << 16 | ip[14] << 8 | ip[15];
	case F_DST:
		return (u32)ip[16] << 24 | ip[17] << 16 | ip[18] << 8 | ip[19];
	case F_SPORT:
	case F_DPORT:
		if (!first || (proto != 6 && proto != 17) ||
		    hl < 20 || len < hl + 4)
			return 0x10000;
		f = f == F_DPORT ? 2 : 0;
		return (u32)ip[hl + f] << 8 | ip[hl + f + 1];
	case F_ICMPTYPE:
		if (!first || proto != 1 || hl < 20 || len < hl + 1)
			return 0x100;
		return ip[hl];
	case F_TOS:
		return ip[1];
	case F_TTL:
		return ip[8];
	case F_VERS:
		return ip[0] >> 4;
	case F_HL:
		return ip[0] & 15;
	case F_FRAG:
		return (ip[6] & 0x3f) || ip[7];	/* MF or an offset */
	case F_LEN:
		return (u32)ip[2] << 8 | ip[3];
	default:	/* TCP flags */
		if (!first || proto != 6 || hl < 20 || len < hl + 14)
			return 2;
		return (ip[hl + 13] >> (f == F_FIN ? 0 : f == F_SYN ? 1 :
					f == F_RST ? 2 : f == F_PSH ? 3 :
					f == F_ACK ? 4 : 5)) & 1;
	}
}

static int eval_linear(const struct kc_cls_prog *prog, const u8 *ip,
		       unsigned int len)
{
	u32 i, f, v;

	for (i = 0; i < prog->nconjs; i++) {
		const struct conj *c = &prog->lin[i];

		for (f = 0; f < NFIELDS; f++) {
			if (!(c->mask & (1u << f)))
				continue;
			v = field_value(f, ip, len);
			if (v < c->lo[f] || v > c->hi[f])
				break;
		}
		if (f == NFIELDS)
			return c->out;
	}
	return -1;
}

int kc_cls_eval(const struct kc_cls_prog *prog, const u8 *ip,
		unsigned int len)
{
	const struct cnode *n = &prog->nodes[0];

	if (len < 20)
		return -1;
	if (unlikely(prog->lin))
		return eval_linear(prog, ip, len);
	while (n->field < NFIELDS) {
		const u32 *bd = prog->bounds + n->first;
		u32 v = field_value(n->field, ip, len);
		u32 lo = 0, hi = n->nb - 1;

		/* The last piece whose lower bound is <= v (bd[0] == 0). */
		while (lo < hi) {
			u32 mid = (lo + hi + 1) / 2;

			if (bd[mid] <= v)
				lo = mid;
			else
				hi = mid - 1;
		}
		n = &prog->nodes[prog->kids[n->first + lo]];
	}
	return n->out;
}

/*
 * Recursion: once per tree level shown, at most DESCRIBE_MAX_DEPTH (64
 * bytes of stack a level); deeper levels and lines past 60 print "...".
 */
#define DESCRIBE_MAX_DEPTH	16
static void describe(const struct kc_cls_prog *prog, struct kc_buf *b,
		     u32 node, int indent, int *lines)
{
	const struct cnode *n = &prog->nodes[node];
	u32 i;

	if (++*lines > 60 || indent > 4 * DESCRIBE_MAX_DEPTH) {
		if (*lines <= 61)
			kc_buf_printf(b, "%*s...\n", indent, "");
		return;
	}
	if (n->field == NFIELDS) {
		if (n->out < 0)
			kc_buf_printf(b, "%*sdrop\n", indent, "");
		else
			kc_buf_printf(b, "%*soutput %d\n", indent, "", n->out);
		return;
	}
	kc_buf_printf(b, "%*s%s: %u pieces\n", indent, "",
		      field_name[n->field], n->nb);
	for (i = 0; i < n->nb && *lines <= 60; i++) {
		u32 lo = prog->bounds[n->first + i];
		u64 hi = i + 1 < n->nb ? (u64)prog->bounds[n->first + i + 1] - 1 :
			 field_max[n->field];

		kc_buf_printf(b, "%*s[%u, %llu]:\n", indent + 2, "", lo,
			      (unsigned long long)hi);
		describe(prog, b, prog->kids[n->first + i], indent + 4, lines);
	}
}

void kc_cls_describe(const struct kc_cls_prog *prog, struct kc_buf *b)
{
	int lines = 0;

	if (prog->lin) {
		kc_buf_printf(b, "%u rules, %u alternatives, checked in order (a decision tree would need more than %d nodes, %d levels or %llu steps)\n",
			      prog->nrules, prog->nconjs, KC_CLS_MAX_NODES,
			      BUILD_MAX_DEPTH, BUILD_MAX_WORK);
		return;
	}
	kc_buf_printf(b, "%u rules, %u alternatives, %u nodes, %u edges, depth %u\n",
		      prog->nrules, prog->nconjs, prog->nnodes, prog->nedges,
		      prog->depth);
	describe(prog, b, 0, 0, &lines);
}

/* ---------------------------------------------------------------- */
/* Element glue for IPFilter and IPClassifier.                       */

static int compile_args(struct kc_elem *e, struct kc_args *args,
			enum kc_cls_mode mode, struct kc_cls_prog **prog,
			struct kc_errbuf *err)
{
	const char **rules;
	char **joined;
	int i, ret;

	rules = kc_zalloc((args->n + 1) * sizeof(*rules));
	joined = kc_zalloc((args->n + 1) * sizeof(*joined));
	if (!rules || !joined) {
		kc_free(rules);
		kc_free(joined);
		return -ENOMEM;
	}
	for (i = 0; i < args->n; i++) {
		args->v[i].used = true;
		rules[i] = args->v[i].val;
		if (args->v[i].key) {
			/* An upper-case first word is still part of the rule. */
			size_t n = strlen(args->v[i].key) + strlen(args->v[i].val) + 2;

			joined[i] = kc_zalloc(n);
			if (!joined[i]) {
				ret = -ENOMEM;
				goto out;
			}
			snprintf(joined[i], n, "%s %s", args->v[i].key,
				 args->v[i].val);
			rules[i] = joined[i];
		}
	}
	ret = kc_cls_compile(mode, rules, args->n, e->noutputs, prog, err);
out:
	for (i = 0; i < args->n; i++)
		kc_free(joined[i]);
	kc_free(joined);
	kc_free(rules);
	return ret;
}

int kc_cls_elem_configure(struct kc_elem *e, struct kc_args *args,
			  enum kc_cls_mode mode)
{
	struct kc_cls_elem *c = kc_priv(e);
	struct kc_cls_prog *prog;
	int ret;

	c->mode = mode;
	c->drops = e->pcpu;
	ret = compile_args(e, args, mode, &prog, args->err);
	if (ret)
		return ret;
	c->config = kc_strdup(e->config);
	if (!c->config) {
		kc_cls_free(prog);
		return -ENOMEM;
	}
	kc_rcu_assign(c->prog, prog);
	return 0;
}

/* Packet path (softirq, RCU read side). */
void kc_cls_elem_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct kc_cls_elem *c = kc_priv(e);
	const struct kc_cls_prog *prog = kc_rcu_dereference(c->prog);
	unsigned int len = kc_pkt_len(p), off = 0;
	unsigned char *nh = kc_pkt_nh(p);
	int out;

	if (nh && nh >= kc_pkt_data(p) && nh < kc_pkt_data(p) + len)
		off = nh - kc_pkt_data(p);
	/* The IP header and the start of the transport header, contiguous. */
	if (!kc_pkt_may_pull(p, min(len, off + 60 + 20))) {
		out = -1;
	} else {
		len = min(kc_pkt_headlen(p), len) - off;
		out = kc_cls_eval(prog, kc_pkt_data(p) + off, len);
	}
	if (out < 0 || out >= e->noutputs) {
		this_cpu_inc(*c->drops);
		kc_drop(e, p);
		return;
	}
	kc_push(e, out, p);
}

void kc_cls_elem_cleanup(struct kc_elem *e)
{
	struct kc_cls_elem *c = kc_priv(e);

	/* The graph no longer runs: no reader is left. */
	kc_cls_free(kc_rcu_replace(c->prog, NULL));
	kc_free(c->config);
}

int kc_cls_elem_read_config(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);

	kc_buf_printf(b, "%s", c->config ? c->config : "");
	return 0;
}

/* Process context, graph lock held: recompile, publish, free the old. */
int kc_cls_elem_write_config(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct kc_cls_elem *c = kc_priv(e);
	struct kc_cls_prog *prog;
	struct kc_args args = { 0 };
	char *copy;
	int ret;

	args.err = err;
	ret = kc_args_split(&args, val);
	if (ret)
		return ret;
	ret = compile_args(e, &args, c->mode, &prog, err);
	kc_args_free(&args);
	if (ret)
		return ret;
	copy = kc_strdup(val);
	if (!copy) {
		kc_cls_free(prog);
		return -ENOMEM;
	}
	kc_rcu_publish(c->prog, prog, rf, cls_prog_free);
	kc_free(c->config);
	c->config = copy;
	return 0;
}

int kc_cls_elem_read_program(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);

	kc_cls_describe(kc_rcu_dereference_protected(c->prog), b);
	return 0;
}

int kc_cls_elem_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_cls_elem *c = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu)
		n += READ_ONCE(*kc_per_cpu_ptr(c->drops, cpu));
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}
