// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration strings, Click style: "14", "LENGTH 14", "2, 10.0.0.1".
 *
 * Portable (kernel and userspace harness) and fed untrusted text, so it
 * relies on nothing but the platform header and is fuzzed in userspace.
 * Runs at configure time only: process context, may allocate.
 */
#include <kclick/element.h>
#include <kclick/names.h>

int kc_errf(struct kc_errbuf *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return errnum > 0 ? -errnum : errnum;
}

const char *kc_quote(struct kc_quote *q, const char *s, size_t n)
{
	size_t i, k = min_t(size_t, n, KC_QUOTE_MAX);

	for (i = 0; i < k; i++)
		q->s[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
			  s[i];
	if (k < n) {
		memcpy(q->s + i, "...", 3);
		i += 3;
	}
	q->s[i] = '\0';
	return q->s;
}

const char *kc_quote_str(struct kc_quote *q, const char *s)
{
	if (!s)
		s = "";
	return kc_quote(q, s, strnlen(s, KC_QUOTE_MAX + 1));
}

void kc_buf_printf(struct kc_buf *b, const char *fmt, ...)
{
	size_t room = b->cap - b->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		b->overflow = true;
		b->len = b->cap ? b->cap - 1 : 0;
	} else {
		b->len += n;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool is_upper_word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Trim [s, *end) in place; returns the new start and moves *end. */
static char *trim(char *s, char **end)
{
	while (s < *end && is_space(*s))
		s++;
	while (*end > s && is_space((*end)[-1]))
		(*end)--;
	return s;
}

/*
 * Split text at top-level commas into args->v.  Quotes and brackets protect
 * commas; the front end already removed comments.  An empty string means no
 * arguments at all.
 */
int kc_args_split(struct kc_args *args, const char *text)
{
	size_t len = strlen(text);
	int depth = 0, n = 1, i;
	char quote = 0;
	char *s, *p, *start;

	args->buf = kc_zalloc(len + 1);
	if (!args->buf)
		return -ENOMEM;
	memcpy(args->buf, text, len);

	for (p = args->buf; *p; p++) {
		if (quote) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if ((*p == ')' || *p == ']' || *p == '}') && depth > 0) {
			depth--;
		} else if (*p == ',' && !depth) {
			n++;
		}
	}
	if (quote)
		return kc_errf(args->err, EINVAL, "unterminated %s string",
			       quote == '"' ? "double-quoted" : "single-quoted");

	s = args->buf;
	p = s + len;
	if (trim(s, &p) == p) {
		args->n = 0;
		return 0;
	}
	args->v = kc_zalloc(n * sizeof(*args->v));
	if (!args->v)
		return -ENOMEM;

	depth = 0;
	quote = 0;
	start = args->buf;
	i = 0;
	for (p = args->buf;; p++) {
		bool split = !*p;

		if (*p && quote) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if ((*p == ')' || *p == ']' || *p == '}') && depth > 0) {
			depth--;
		} else if (*p == ',' && !depth) {
			split = true;
		}
		if (split) {
			char *end = p, *v, *w;
			bool last = !*p;

			v = trim(start, &end);
			*end = 0;
			/* "KEYWORD value": an upper-case word, then a space. */
			for (w = v; *w && is_upper_word_char(*w); w++)
				;
			if (w > v && *v >= 'A' && *v <= 'Z' &&
			    (!*w || is_space(*w))) {
				args->v[i].key = v;
				if (*w) {
					*w++ = 0;
					while (is_space(*w))
						w++;
				}
				args->v[i].val = w;
			} else {
				args->v[i].val = v;
			}
			i++;
			if (last)
				break;
			start = p + 1;
		}
	}
	args->n = i;
	return 0;
}

void kc_args_free(struct kc_args *args)
{
	kc_free(args->v);
	kc_free(args->buf);
	args->v = NULL;
	args->buf = NULL;
	args->n = 0;
}

int kc_parse_u64(const char *s, u64 max, u64 *out)
{
	unsigned int base = 10;
	u64 v = 0;

	if (!*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (max - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static int parse_ip4_literal(const char *s, __be32 *out)
{
	u32 v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned int o = 0, nd = 0;

		while (*s >= '0' && *s <= '9' && nd < 4) {
			o = o * 10 + (*s++ - '0');
			nd++;
		}
		if (!nd || nd > 3 || o > 255)
			return -EINVAL;
		v = (v << 8) | o;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s)
		return -EINVAL;
	*out = cpu_to_be32(v);
	return 0;
}

int kc_parse_ip4(const char *s, __be32 *out)
{
	/* A name (AddressInfo, a device) where the element can see one. */
	return parse_ip4_literal(s, out) && kc_names_ip4(s, out) ? -EINVAL : 0;
}

int kc_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_eth_literal(const char *s, u8 *out)
{
	int i, hi, lo;

	/* Click's syntax: six groups of one or two hex digits, ':' or '-'. */
	for (i = 0; i < 6; i++) {
		hi = kc_hexval(*s++);
		if (hi < 0)
			return -EINVAL;
		lo = kc_hexval(*s);
		if (lo >= 0) {
			hi = hi << 4 | lo;
			s++;
		}
		out[i] = hi;
		if (i < 5 && *s != ':' && *s != '-')
			return -EINVAL;
		if (i < 5)
			s++;
	}
	return *s ? -EINVAL : 0;
}

int kc_parse_eth(const char *s, u8 *out)
{
	return parse_eth_literal(s, out) && kc_names_eth(s, out) ? -EINVAL : 0;
}

/* Copy a possibly quoted value, resolving backslash escapes in quotes. */
static int unquote(const char *s, char *dst, size_t dst_len)
{
	size_t n = 0;
	char q = 0;

	if (*s == '"' || *s == '\'')
		q = *s++;
	for (; *s && *s != q; s++) {
		char c = *s;

		if (q && c == '\\' && s[1]) {
			c = *++s;
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
		}
		if (n + 1 >= dst_len)
			return -ENAMETOOLONG;
		dst[n++] = c;
	}
	if (q && *s != q)
		return -EINVAL;
	if (q && s[1])
		return -EINVAL;	/* text after the closing quote */
	dst[n] = 0;
	return 0;
}

static const struct {
	const char *unit;
	u64 ns;
} time_units[] = {
	{ "s", 1000000000ULL }, { "sec", 1000000000ULL },
	{ "ms", 1000000ULL }, { "msec", 1000000ULL },
	{ "us", 1000ULL }, { "usec", 1000ULL },
	{ "ns", 1 }, { "nsec", 1 },
	{ "m", 60000000000ULL }, { "min", 60000000000ULL },
	{ "h", 3600000000000ULL }, { "hr", 3600000000000ULL },
	{ "d", 86400000000000ULL }, { "day", 86400000000000ULL },
};

int kc_parse_time(const char *key, const char *s, u64 max_ns, u64 *ns,
		  struct kc_errbuf *err)
{
	u64 whole = 0, unit = 1000000000ULL, part, v;
	const char *p = s, *digits, *frac = NULL, *u;
	struct kc_quote q, q2;
	size_t n, i;

	while (is_space(*p))
		p++;
	digits = p;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (p == digits || (frac && p == frac && frac - 1 == digits))
		return kc_errf(err, EINVAL,
			       "%s: expected a time (seconds, or with a unit: 0.1s, 100ms, 5min), got '%s'",
			       key, kc_quote_str(&q, s));
	u = p;
	while (is_space(*u))
		u++;
	n = strlen(u);
	while (n && is_space(u[n - 1]))
		n--;
	if (n) {
		for (i = 0; i < ARRAY_SIZE(time_units); i++)
			if (strlen(time_units[i].unit) == n &&
			    !strncmp(u, time_units[i].unit, n))
				break;
		if (i == ARRAY_SIZE(time_units))
			return kc_errf(err, EINVAL,
				       "%s: unknown time unit '%s' in '%s' (s, ms, us, ns, min, h or day)",
				       key, kc_quote(&q, u, n),
				       kc_quote_str(&q2, s));
		unit = time_units[i].ns;
	}
	for (; digits < p && *digits != '.'; digits++) {
		if (whole > div64_u64(max_ns, 10))	/* 10 * whole > max */
			goto range;
		whole = whole * 10 + (*digits - '0');
	}
	if (whole > max_ns / unit)
		goto range;
	v = whole * unit;
	/* Each fraction digit is worth a tenth of the one before. */
	for (part = unit; frac && frac < p && part >= 10; frac++) {
		u64 d;

		part /= 10;
		d = (*frac - '0') * part;
		if (v > max_ns - d)
			goto range;
		v += d;
	}
	*ns = v;
	return 0;
range:
	return kc_errf(err, EINVAL, "%s: '%s' is out of range (at most %llu s)",
		       key, kc_quote_str(&q, s),
		       (unsigned long long)div64_u64(max_ns, 1000000000ULL));
}

/* A time as seconds, the fraction without trailing zeros: "0.1". */
static void time_str(char *d, size_t n, u64 ns)
{
	u64 sec = div64_u64(ns, 1000000000ULL);
	u32 frac = ns - sec * 1000000000ULL;
	int digits = 9;

	if (!frac) {
		snprintf(d, n, "%llu", (unsigned long long)sec);
		return;
	}
	while (!(frac % 10)) {
		frac /= 10;
		digits--;
	}
	snprintf(d, n, "%llu.%0*u", (unsigned long long)sec, digits, frac);
}

void kc_buf_time(struct kc_buf *b, u64 ns)
{
	char s[32];

	time_str(s, sizeof(s), ns);
	kc_buf_printf(b, "%s", s);
}

static const struct {
	const char *unit;
	u32 div;		/* bits: 8 */
} bw_units[] = {
	{ "bps", 8 }, { "b/s", 8 }, { "baud", 8 }, { "Bps", 1 }, { "B/s", 1 },
};

int kc_parse_bandwidth(const char *key, const char *s, u32 *Bps,
		       struct kc_errbuf *err)
{
	u64 whole = 0, frac = 0, part = 100000000ULL, mul = 1, x, f, v;
	const char *p = s, *digits, *dot = NULL, *u;
	struct kc_quote q, q2;
	u32 div = 1;
	size_t n, i;

	while (is_space(*p))
		p++;
	digits = p;
	while ((*p >= '0' && *p <= '9') || (*p == '.' && !dot)) {
		if (*p == '.')
			dot = p;
		else if (dot && part) {
			frac += (*p - '0') * part;	/* nine digits kept */
			part /= 10;
		} else if (!dot) {
			if (whole > 100000000000ULL)
				goto range;
			whole = whole * 10 + (*p - '0');
		}
		p++;
	}
	if (p == digits || (dot && p - digits == 1))
		return kc_errf(err, EINVAL,
			       "%s: expected a bandwidth (10Mbps, 1.5MBps, 1000Bps), got '%s'",
			       key, kc_quote_str(&q, s));
	u = p;
	while (is_space(*u))
		u++;
	n = strlen(u);
	while (n && is_space(u[n - 1]))
		n--;
	if (n) {
		const char *w = u;
		size_t m = n;

		if (m > 1 && (*w == 'k' || *w == 'K' || *w == 'M' ||
			      *w == 'G')) {
			mul = *w == 'G' ? 1000000000ULL :
			      *w == 'M' ? 1000000ULL : 1000ULL;
			w++;
			m--;
		}
		for (i = 0; i < ARRAY_SIZE(bw_units); i++)
			if (strlen(bw_units[i].unit) == m &&
			    !strncmp(w, bw_units[i].unit, m))
				break;
		if (i == ARRAY_SIZE(bw_units))
			return kc_errf(err, EINVAL,
				       "%s: unknown bandwidth unit '%s' in '%s' (bps, Bps, kbps, Mbps, Gbps, KBps, MBps, GBps, baud, b/s, B/s)",
				       key, kc_quote(&q, u, n),
				       kc_quote_str(&q2, s));
		div = bw_units[i].div;
	}
	/* whole * mul / div + frac * mul / 1e9 / div, rounded, in u64. */
	if (whole > div64_u64(0xffffffffULL * 8 + 7, mul))
		goto range;
	x = whole * mul;
	f = frac * mul;			/* < 1e18: units of 1e-9 */
	x += div64_u64(f, 1000000000ULL);
	f -= div64_u64(f, 1000000000ULL) * 1000000000ULL;
	v = div64_u64(x, div);
	f += (x - v * div) * 1000000000ULL;
	v += div64_u64(f + div * 500000000ULL, div * 1000000000ULL);
	if (v > 0xffffffffULL)
		goto range;
	*Bps = v;
	return 0;
range:
	return kc_errf(err, EINVAL,
		       "%s: '%s' out of range (at most 4294967295 bytes a second)",
		       key, kc_quote_str(&q, s));
}

void kc_buf_bandwidth(struct kc_buf *b, u32 Bps)
{
	u64 bits = (u64)Bps * 8;

	if (Bps && bits % 1000000000ULL == 0)
		kc_buf_printf(b, "%lluGbps",
			      (unsigned long long)div64_u64(bits, 1000000000ULL));
	else if (Bps && bits % 1000000ULL == 0)
		kc_buf_printf(b, "%lluMbps",
			      (unsigned long long)div64_u64(bits, 1000000ULL));
	else if (Bps && bits % 1000ULL == 0)
		kc_buf_printf(b, "%llukbps",
			      (unsigned long long)div64_u64(bits, 1000ULL));
	else
		kc_buf_printf(b, "%uBps", Bps);
}

int kc_parse_time_in(const char *key, const char *s, u64 min_ns, u64 max_ns,
		     u64 *ns, struct kc_errbuf *err)
{
	char lo[32], hi[32];
	struct kc_quote q;
	u64 v;

	time_str(lo, sizeof(lo), min_ns);
	time_str(hi, sizeof(hi), max_ns);
	if (kc_parse_time(key, s, KC_TIME_MAX_NS, &v, err))
		return -EINVAL;
	if (v < min_ns || v > max_ns)
		return kc_errf(err, EINVAL, "%s: '%s' is not %s s to %s s", key,
			       kc_quote_str(&q, s), lo, hi);
	*ns = v;
	return 0;
}

static const char *const type_names[] = {
	[KC_ARG_U32] = "an unsigned 32-bit integer",
	[KC_ARG_INT] = "an integer",
	[KC_ARG_U64] = "an unsigned integer",
	[KC_ARG_BOOL] = "true or false",
	[KC_ARG_STR] = "a string",
	[KC_ARG_WORD] = "a word",
	[KC_ARG_IP4] = "an IPv4 address",
	[KC_ARG_ETH] = "an Ethernet address",
	[KC_ARG_U8] = "an integer from 0 to 255",
	[KC_ARG_U16] = "an integer from 0 to 65535",
	[KC_ARG_TIME] = "a time",
};

int kc_arg_value(const char *key, const char *val, enum kc_argtype type,
		 void *dst, size_t dst_len, struct kc_errbuf *err)
{
	struct kc_quote q;
	u64 v;
	int ret = 0;

	switch (type) {
	case KC_ARG_U8:
		ret = kc_parse_u64(val, 0xff, &v);
		if (!ret)
			*(u8 *)dst = v;
		break;
	case KC_ARG_U16:
		ret = kc_parse_u64(val, 0xffff, &v);
		if (!ret)
			*(u16 *)dst = v;
		break;
	case KC_ARG_U32:
		ret = kc_parse_u64(val, 0xffffffffULL, &v);
		if (!ret)
			*(u32 *)dst = v;
		break;
	case KC_ARG_U64:
		ret = kc_parse_u64(val, ~0ULL, &v);
		if (!ret)
			*(u64 *)dst = v;
		break;
	case KC_ARG_INT:
		if (*val == '-') {
			ret = kc_parse_u64(val + 1, 0x80000000ULL, &v);
			if (!ret)
				*(s32 *)dst = -(s64)v;
		} else {
			ret = kc_parse_u64(val, 0x7fffffffULL, &v);
			if (!ret)
				*(s32 *)dst = v;
		}
		break;
	case KC_ARG_BOOL:
		if (!strcmp(val, "true") || !strcmp(val, "yes") ||
		    !strcmp(val, "1"))
			*(bool *)dst = true;
		else if (!strcmp(val, "false") || !strcmp(val, "no") ||
			 !strcmp(val, "0"))
			*(bool *)dst = false;
		else
			ret = -EINVAL;
		break;
	case KC_ARG_IP4:
		ret = kc_parse_ip4(val, dst);
		break;
	case KC_ARG_ETH:
		ret = kc_parse_eth(val, dst);
		break;
	case KC_ARG_TIME:
		/* Its own messages (a bad unit named, the bound). */
		return kc_parse_time(key, val, KC_TIME_MAX_NS, dst, err);
	case KC_ARG_WORD:
		ret = unquote(val, dst, dst_len);
		if (ret == -ENAMETOOLONG)
			return kc_errf(err, EINVAL, "%s: longer than %zu characters",
				       key, dst_len - 1);
		if (!ret && !*(char *)dst)
			ret = -EINVAL;
		break;
	case KC_ARG_STR: {
		size_t n = strlen(val) + 1;
		char *s = kc_zalloc(n);

		if (!s)
			return -ENOMEM;
		ret = unquote(val, s, n);
		if (ret) {
			kc_free(s);
			break;
		}
		*(char **)dst = s;
		break;
	}
	default:
		ret = -EINVAL;
	}
	if (ret == -ERANGE)
		return kc_errf(err, EINVAL, "%s: '%s' is out of range for %s",
			       key, kc_quote_str(&q, val), type_names[type]);
	if (ret)
		return kc_errf(err, EINVAL, "%s: expected %s, got '%s'", key,
			       type_names[type], kc_quote_str(&q, val));
	return 0;
}

int kc_args_parse(struct kc_args *args, const struct kc_argspec *spec,
		  int nspec)
{
	int i, j, next_pos = 0, ret;
	struct kc_quote q;
	bool *seen;

	seen = nspec ? kc_zalloc(nspec * sizeof(*seen)) : NULL;
	if (nspec && !seen)
		return -ENOMEM;

	for (i = 0; i < args->n; i++) {
		struct kc_arg *a = &args->v[i];
		const char *val = a->val;
		int k = -1;

		if (a->key) {
			for (j = 0; j < nspec; j++)
				if (!strcmp(spec[j].key, a->key))
					k = j;
			if (k < 0) {
				/* Not one of ours: maybe a positional value. */
				val = a->key;
				if (*a->val) {
					ret = kc_errf(args->err, EINVAL,
						      "unknown keyword '%s'",
						      kc_quote_str(&q, a->key));
					goto out;
				}
			}
		}
		if (k < 0) {
			while (next_pos < nspec &&
			       (!(spec[next_pos].flags & KC_ARGF_POSITIONAL) ||
				seen[next_pos]))
				next_pos++;
			if (next_pos >= nspec) {
				ret = kc_errf(args->err, EINVAL,
					      nspec ? "too many arguments ('%s' is extra)"
						    : "takes no arguments (got '%s')",
					      kc_quote_str(&q, a->key ? a->key :
							   a->val));
				goto out;
			}
			k = next_pos++;
		}
		if (seen[k]) {
			ret = kc_errf(args->err, EINVAL, "%s given twice",
				      spec[k].key);
			goto out;
		}
		seen[k] = true;
		a->used = true;
		ret = kc_arg_value(spec[k].key, val, spec[k].type, spec[k].dst,
				   spec[k].dst_len, args->err);
		if (ret)
			goto out;
	}
	for (j = 0; j < nspec; j++) {
		if ((spec[j].flags & KC_ARGF_MANDATORY) && !seen[j]) {
			ret = kc_errf(args->err, EINVAL, "missing mandatory %s",
				      spec[j].key);
			goto out;
		}
	}
	ret = 0;
out:
	kc_free(seen);
	return ret;
}
