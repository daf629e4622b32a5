// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Script(INSTRUCTIONS..., [TYPE])
 * =s control
 * script a configuration: handlers, waits, loops
 * =d
 * Click's scripting element.  Each argument is one instruction, run in
 * order; text in instructions is substituted first: `$x` (or `${x}`) is
 * the script variable x, `$(HANDLER ARGS)` the value a read handler
 * gives, nested as deep as 8, and `$(add 1 2)` one of the expression
 * functions below.  Single quotes stop substitution; the `q` forms of an
 * instruction remove one layer of quotes from its text afterwards.
 *
 * Instructions:
 * =item set VAR TEXT, setq VAR TEXT
 * Sets variable VAR.
 * =item init VAR TEXT, initq VAR TEXT
 * Sets VAR once, when the element is initialized.
 * =item print [TEXT | HANDLER], printn ..., printq ..., printnq ...
 * Prints TEXT with a layer of quotes removed, or, if the argument as
 * written starts with a letter, `@` or `_`, the value of read handler
 * HANDLER (`print c.count` prints the count, `print "c.count"` and
 * `print $x` print text).  `printn`
 * prints no newline.  Offline to standard output, in the kernel to the
 * kernel log.
 * =item read HANDLER, readq HANDLER
 * Prints "HANDLER:" and the handler's value (offline to standard error,
 * in the kernel to the kernel log).
 * =item write HANDLER [VALUE], writeq HANDLER [VALUE]
 * Calls a write handler; `$?` is then 0 or the negative error number.
 * =item wait TIME
 * Waits TIME (seconds, or with a unit: 100ms, 1.5s, 2min), at least 1 ms,
 * or until a `step`.
 * `wait_for TIME` and `wait_time TIME` are the same.
 * =item pause [COUNT]
 * Waits for COUNT (default 1) writes of the `step` handler (or, in a
 * DriverManager, driver events).  `wait_step`, `wait_stop` and `wait`
 * without a TIME are the same.
 * =item label LABEL, goto LABEL [CONDITION], loop
 * Jumps to LABEL (`goto`) if CONDITION is absent or true; `goto end`,
 * `exit`, `stop`, `error` and `loop` do what those instructions do.
 * =item end, exit, stop, return [VALUE], returnq [VALUE], error [MSG]
 * End the script; `stop` also asks the driver to stop, `return` sets the
 * value the `run` handler gives, `error` reports MSG.
 *
 * Expressions, `$(NAME ARGS...)` with integers (64-bit; Click's user level
 * also takes reals): add, sub, mul, div, idiv, mod, rem, neg, abs, min,
 * max; eq, ne, lt, gt, le, ge (numbers, else bytewise on the text); not,
 * and, or, nand, nor, if; in, length, unquote; now; random.  A handler of
 * another element is ELEMENT.HANDLER, looked up first inside the Script's
 * own compound; it takes no arguments in kclick.
 * =item TYPE
 * ACTIVE (the default) starts when the graph is installed; PASSIVE runs
 * only when its `run` handler is called, with `$args`, `$1`... `$9` and
 * `$#` from the value written; DRIVER is ACTIVE and also decides when the
 * driver stops (see DriverManager).  PROXY, PACKET and SIGNAL are refused:
 * kclick's handlers are a fixed table per class, Scripts have no ports,
 * and the kernel has no signals.
 * =n
 * Scripts run in process context with the graph lock held, never on the
 * packet path: in the kernel a work item that takes RTNL (the lock every
 * handler call holds), in `kclick run` the run loop, on the virtual clock.
 * One activation runs at most 1,000 instructions without blocking (at a
 * `wait` or `pause`): a script past that is stopped with a message, as
 * Click disables a looping script.  At most 256 instructions, 64
 * variables, 4,096 bytes of text in any one value, 4 Scripts running
 * inside one another (docs/limits.md).  In the kernel `stop` is logged and
 * ignored: an installed graph runs until `kclick remove`.
 * =h run read/write
 * Runs the script from the start (a write passes its value as `$args`);
 * a read, of a PASSIVE script only, answers its `return` value.
 * =h step write-only
 * Moves past the current `wait` or `pause` (VALUE times, default 1).
 * =h goto write-only
 * Continues at label VALUE.
 * =h errors read-only
 * Instructions that failed (bad text, a missing handler, a failed write).
 * =e
 *   c :: Counter;
 *   Script(label top, wait 1s, print $(c.count), write c.reset, goto top);
 *   s :: Script(TYPE PASSIVE, return $(add $(a.count) $(b.count)));
 * =a DriverManager
 */
#include "shared.h"

#define KC_SCRIPT_INSNS_MAX	256
#define KC_SCRIPT_VARS_MAX	64
#define KC_SCRIPT_TEXT_MAX	4096
#define KC_SCRIPT_STEPS_MAX	1000
#define KC_SCRIPT_EXPR_DEPTH	8
#define KC_SCRIPT_NEST_MAX	4
#define KC_SCRIPT_WAIT_MIN	1000000ULL		/* 1 ms */
#define KC_SCRIPT_WAIT_MAX	(1000000ULL * 1000000000ULL)	/* 11.6 days */

enum sc_op {
	SC_SET, SC_SETQ, SC_INIT, SC_INITQ, SC_PRINT, SC_PRINTN, SC_PRINTQ,
	SC_PRINTNQ, SC_READ, SC_READQ, SC_WRITE, SC_WRITEQ, SC_WAIT, SC_PAUSE,
	SC_LABEL, SC_GOTO, SC_LOOP, SC_END, SC_EXIT, SC_STOP, SC_RETURN,
	SC_RETURNQ, SC_ERROR, SC_ERRORQ, SC_NOPS
};

static const char *const sc_opname[SC_NOPS] = {
	"set", "setq", "init", "initq", "print", "printn", "printq", "printnq",
	"read", "readq", "write", "writeq", "wait", "pause", "label", "goto",
	"loop", "end", "exit", "stop", "return", "returnq", "error", "errorq",
};

/* Growing text, at most KC_SCRIPT_TEXT_MAX bytes (with the NUL). */
struct sc_buf {
	char *d;
	size_t len;
};

/* Scripts running inside one another (`$(s.run)`); graph lock held. */
static int sc_nest;

static bool sc_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool sc_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static int sc_buf_init(struct sc_buf *b)
{
	b->len = 0;
	b->d = kc_zalloc(KC_SCRIPT_TEXT_MAX);
	return b->d ? 0 : -ENOMEM;
}

static int sc_put(struct sc_buf *b, const char *s, size_t n,
		  struct kc_errbuf *err)
{
	if (b->len + n >= KC_SCRIPT_TEXT_MAX)
		return kc_errf(err, E2BIG, "text longer than %d bytes",
			       KC_SCRIPT_TEXT_MAX - 1);
	memcpy(b->d + b->len, s, n);
	b->len += n;
	b->d[b->len] = 0;
	return 0;
}

/* The next word of s (quotes keep spaces in it): start, *n its length. */
static const char *sc_word(const char **s, size_t *n)
{
	const char *w = *s, *p;
	char q = 0;

	while (sc_space(*w))
		w++;
	for (p = w; *p && (q || !sc_space(*p)); p++) {
		if (q && *p == '\\' && p[1])
			p++;
		else if (q && *p == q)
			q = 0;
		else if (!q && (*p == '"' || *p == '\''))
			q = *p;
	}
	*n = p - w;
	*s = p;
	return *n ? w : NULL;
}

/* One layer of quotes off s (in place): "a b" -> a b, \" in "" -> ". */
static void sc_unquote(char *s)
{
	char *o = s, q = 0;

	for (; *s; s++) {
		if (!q && (*s == '"' || *s == '\''))
			q = *s;
		else if (q && *s == q)
			q = 0;
		else if (q == '"' && *s == '\\' && s[1])
			*o++ = *++s;
		else
			*o++ = *s;
	}
	*o = 0;
}

static struct sc_var *sc_var_find(struct script *s, const char *name,
				  size_t n)
{
	int i;

	for (i = 0; i < s->nvars; i++)
		if (strlen(s->vars[i].name) == n &&
		    !memcmp(s->vars[i].name, name, n))
			return &s->vars[i];
	return NULL;
}

static int sc_var_set(struct script *s, const char *name, size_t n,
		      const char *val, struct kc_errbuf *err)
{
	struct sc_var *v = sc_var_find(s, name, n);
	struct kc_quote q;
	char *copy;

	if (!n || n >= KC_SCRIPT_NAME_MAX)
		return kc_errf(err, EINVAL, "bad variable name '%s'",
			       kc_quote(&q, name, n));
	if (!v && s->nvars >= KC_SCRIPT_VARS_MAX)
		return kc_errf(err, ENOSPC, "more than %d variables",
			       KC_SCRIPT_VARS_MAX);
	copy = kc_strdup(val);
	if (!copy)
		return -ENOMEM;
	if (!v) {
		v = &s->vars[s->nvars++];
		memcpy(v->name, name, n);
		v->name[n] = 0;
	}
	kc_free(v->val);
	v->val = copy;
	return 0;
}

/* ---- expression functions: $(add 1 2) ---- */

static int sc_int(const char *w, size_t n, s64 *out)
{
	bool neg = false;
	u64 v = 0, base = 10;
	size_t i = 0;
	int d;

	if (i < n && (w[i] == '-' || w[i] == '+'))
		neg = w[i++] == '-';
	if (i + 1 < n && w[i] == '0' && (w[i + 1] == 'x' || w[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i >= n)
		return -EINVAL;
	for (; i < n; i++) {
		d = kc_hexval(w[i]);
		if (d < 0 || (u64)d >= base || v > (U64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (v > (u64)S64_MAX + neg)
		return -EINVAL;
	*out = (s64)(neg ? 0 - v : v);
	return 0;
}

static int sc_bool(const char *w, size_t n, bool *out)
{
	static const char *const t[] = { "true", "yes", "1", "on" };
	static const char *const f[] = { "false", "no", "0", "off" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		if (strlen(t[i]) == n && !memcmp(w, t[i], n)) {
			*out = true;
			return 0;
		}
		if (strlen(f[i]) == n && !memcmp(w, f[i], n)) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

enum sc_fn {
	FN_ADD, FN_SUB, FN_MUL, FN_DIV, FN_IDIV, FN_MOD, FN_REM, FN_NEG, FN_ABS,
	FN_MIN, FN_MAX, FN_EQ, FN_NE, FN_LT, FN_GT, FN_LE, FN_GE, FN_NOT,
	FN_AND, FN_OR, FN_NAND, FN_NOR, FN_IF, FN_IN, FN_LENGTH, FN_UNQUOTE,
	FN_NOW, FN_RANDOM, FN_N
};

static const char *const sc_fnname[FN_N] = {
	"add", "sub", "mul", "div", "idiv", "mod", "rem", "neg", "abs", "min",
	"max", "eq", "ne", "lt", "gt", "le", "ge", "not", "and", "or", "nand",
	"nor", "if", "in", "length", "unquote", "now", "random",
};

static int sc_fn_find(const char *name, size_t n)
{
	int i;

	for (i = 0; i < FN_N; i++)
		if (strlen(sc_fnname[i]) == n && !memcmp(sc_fnname[i], name, n))
			return i;
	return -1;
}

/* Arithmetic over every word of args. */
static int sc_arith(int fn, const char *args, s64 *res, struct kc_errbuf *err)
{
	const char *w, *p = args;
	struct kc_quote q;
	int count = 0;
	s64 v = 0;
	size_t n;

	while ((w = sc_word(&p, &n))) {
		if (sc_int(w, n, &v))
			return kc_errf(err, EINVAL, "%s: '%s' is not an integer",
				       sc_fnname[fn], kc_quote(&q, w, n));
		if (!count++) {
			*res = v;
			continue;
		}
		switch (fn) {
		/* Wrapping, as 64-bit machine arithmetic does. */
		case FN_ADD:
			*res = (s64)((u64)*res + (u64)v);
			break;
		case FN_SUB:
			*res = (s64)((u64)*res - (u64)v);
			break;
		case FN_MUL:
			*res = (s64)((u64)*res * (u64)v);
			break;
		case FN_MIN:
			*res = min(*res, v);
			break;
		case FN_MAX:
			*res = max(*res, v);
			break;
		default:	/* div, idiv, mod, rem */
			if (!v)
				return kc_errf(err, EDOM, "%s: division by zero",
					       sc_fnname[fn]);
			if (v == -1 && *res == S64_MIN)
				return kc_errf(err, ERANGE, "%s: overflow",
					       sc_fnname[fn]);
			if (fn == FN_DIV || fn == FN_IDIV)
				*res = div64_s64(*res, v);
			else
				*res -= div64_s64(*res, v) * v;
		}
	}
	if (!count)
		return kc_errf(err, EINVAL, "%s: no numbers", sc_fnname[fn]);
	if ((fn == FN_NEG || fn == FN_ABS) && count != 1)
		return kc_errf(err, EINVAL, "%s takes one number", sc_fnname[fn]);
	if (fn == FN_NEG || (fn == FN_ABS && *res < 0))
		*res = (s64)(0 - (u64)*res);
	return 0;
}

/* eq ne lt gt le ge: numbers if both are, else bytes. */
static int sc_compare(int fn, const char *args, bool *res,
		      struct kc_errbuf *err)
{
	const char *p = args, *a, *b;
	size_t an, bn, xn;
	s64 x, y;
	int c;

	a = sc_word(&p, &an);
	b = sc_word(&p, &bn);
	if (!a || !b || sc_word(&p, &xn))
		return kc_errf(err, EINVAL, "%s takes two arguments",
			       sc_fnname[fn]);
	if (!sc_int(a, an, &x) && !sc_int(b, bn, &y)) {
		c = x < y ? -1 : x > y;
	} else {
		c = memcmp(a, b, min(an, bn));
		if (!c)
			c = an < bn ? -1 : an > bn;
	}
	switch (fn) {
	case FN_EQ:
		*res = !c;
		break;
	case FN_NE:
		*res = c;
		break;
	case FN_LT:
		*res = c < 0;
		break;
	case FN_GT:
		*res = c > 0;
		break;
	case FN_LE:
		*res = c <= 0;
		break;
	default:
		*res = c >= 0;
		break;
	}
	return 0;
}

static int sc_logic(int fn, const char *args, bool *res, struct kc_errbuf *err)
{
	const char *w, *p = args;
	struct kc_quote q;
	int count = 0;
	size_t n;
	bool v;

	*res = fn == FN_AND || fn == FN_NAND;
	while ((w = sc_word(&p, &n))) {
		if (sc_bool(w, n, &v))
			return kc_errf(err, EINVAL, "%s: '%s' is not a boolean",
				       sc_fnname[fn], kc_quote(&q, w, n));
		count++;
		if (fn == FN_NOT)
			*res = !v;
		else if (fn == FN_AND || fn == FN_NAND)
			*res = *res && v;
		else
			*res = *res || v;
	}
	if (fn == FN_NOT && count != 1)
		return kc_errf(err, EINVAL, "not takes one boolean");
	if (fn == FN_NAND || fn == FN_NOR)
		*res = !*res;
	return 0;
}

/* Call expression function fn on args; the result appended to out. */
static int sc_fn_call(int fn, const char *args, struct sc_buf *out,
		      struct kc_errbuf *err)
{
	char num[32];
	const char *p = args, *w[3];
	size_t n[3], k;
	bool b;
	s64 v = 0;
	u64 t;
	int ret;

	switch (fn) {
	case FN_EQ: case FN_NE: case FN_LT: case FN_GT: case FN_LE: case FN_GE:
		ret = sc_compare(fn, args, &b, err);
		goto boolean;
	case FN_NOT: case FN_AND: case FN_OR: case FN_NAND: case FN_NOR:
		ret = sc_logic(fn, args, &b, err);
		goto boolean;
	case FN_IF:
		for (k = 0; k < 3; k++) {
			w[k] = sc_word(&p, &n[k]);
			if (!w[k])
				break;
		}
		if (k < 3 || sc_bool(w[0], n[0], &b))
			return kc_errf(err, EINVAL,
				       "if takes a boolean and two values");
		return sc_put(out, w[b ? 1 : 2], n[b ? 1 : 2], err);
	case FN_IN:
		w[0] = sc_word(&p, &n[0]);
		b = false;
		while (w[0] && (w[1] = sc_word(&p, &n[1])))
			b |= n[0] == n[1] && !memcmp(w[0], w[1], n[0]);
		ret = 0;
		goto boolean;
	case FN_LENGTH:
		while (sc_space(*p))
			p++;
		snprintf(num, sizeof(num), "%zu", strlen(p));
		return sc_put(out, num, strlen(num), err);
	case FN_UNQUOTE: {
		size_t start = out->len;

		while (sc_space(*p))
			p++;
		ret = sc_put(out, p, strlen(p), err);
		if (!ret) {
			sc_unquote(out->d + start);
			out->len = start + strlen(out->d + start);
		}
		return ret;
	}
	case FN_NOW:
		t = kc_now_ns();
		snprintf(num, sizeof(num), "%llu.%06llu",
			 (unsigned long long)(t / 1000000000ULL),
			 (unsigned long long)(t % 1000000000ULL / 1000));
		return sc_put(out, num, strlen(num), err);
	case FN_RANDOM: {
		s64 lo = 0, hi = 0x7fffffff;

		w[0] = sc_word(&p, &n[0]);
		w[1] = w[0] ? sc_word(&p, &n[1]) : NULL;
		if ((w[0] && sc_int(w[0], n[0], w[1] ? &lo : &hi)) ||
		    (w[1] && sc_int(w[1], n[1], &hi)))
			return kc_errf(err, EINVAL, "random takes integers");
		if (w[0] && !w[1])
			hi--;	/* random N: 0 to N - 1 */
		if (hi < lo)
			return kc_errf(err, EINVAL, "random: empty range");
		v = lo + (s64)(kc_random_u32() % ((u64)(hi - lo) + 1));
		goto number;
	}
	default:
		ret = sc_arith(fn, args, &v, err);
		if (ret)
			return ret;
		goto number;
	}
boolean:
	if (ret)
		return ret;
	return sc_put(out, b ? "true" : "false", b ? 4 : 5, err);
number:
	snprintf(num, sizeof(num), "%lld", (long long)v);
	return sc_put(out, num, strlen(num), err);
}

/* ---- handlers of other elements ---- */

/* ELEMENT, looked up in the Script's compound first (c/s finds c/x). */
static struct kc_elem *sc_elem(struct kc_elem *e, const char *name, size_t n)
{
	const char *slash = strrchr(e->name, '/');
	char full[128];	/* two names of KCLICK_NAME_MAX */
	struct kc_elem *x;
	size_t pre = slash ? (size_t)(slash - e->name) + 1 : 0;

	if (pre + n >= sizeof(full))
		return NULL;
	memcpy(full, e->name, pre);
	memcpy(full + pre, name, n);
	full[pre + n] = 0;
	x = kc_elem_find(e, full);
	if (!x && pre)
		x = kc_elem_find(e, full + pre);
	return x;
}

/* Split "ELEMENT.HANDLER": the element, *h the handler name. */
static struct kc_elem *sc_target(struct kc_elem *e, const char *spec,
				 size_t n, const char **h,
				 struct kc_errbuf *err)
{
	const char *dot = NULL, *p;
	struct kc_quote q;
	struct kc_elem *x;

	for (p = spec; p < spec + n; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == spec || dot + 1 == spec + n) {
		kc_errf(err, ENOENT, "no handler '%s' (ELEMENT.HANDLER)",
			kc_quote(&q, spec, n));
		return NULL;
	}
	x = sc_elem(e, spec, dot - spec);
	if (!x)
		kc_errf(err, ENOENT, "no element '%s'",
			kc_quote(&q, spec, dot - spec));
	*h = dot + 1;
	return x;
}

/* $(SPEC ARGS): a function or a read handler, its value appended. */
static int sc_call(struct kc_elem *e, char *text, struct sc_buf *out,
		   struct kc_errbuf *err)
{
	const char *p = text, *spec, *h;
	struct kc_buf b = { 0 };
	struct kc_quote q;
	struct kc_elem *x;
	size_t n;
	int fn, ret;

	spec = sc_word(&p, &n);
	if (!spec)
		return kc_errf(err, EINVAL, "empty $()");
	fn = sc_fn_find(spec, n);
	if (fn >= 0)
		return sc_fn_call(fn, p, out, err);
	x = sc_target(e, spec, n, &h, err);
	if (!x)
		return -ENOENT;
	fn = x == e ? sc_fn_find(h, spec + n - h) : -1;
	if (fn >= 0)	/* s.add: the Script's own functions */
		return sc_fn_call(fn, p, out, err);
	while (sc_space(*p))
		p++;
	if (*p)
		return kc_errf(err, EINVAL,
			       "handler '%s' takes no arguments in kclick",
			       kc_quote(&q, spec, n));
	text[spec + n - text] = 0;	/* end the handler name */
	b.cap = KC_SCRIPT_TEXT_MAX;
	b.data = kc_zalloc(b.cap);
	if (!b.data)
		return -ENOMEM;
	ret = kc_handler_read(x, h, &b, err);
	if (ret && !err->msg[0])	/* read handlers have no message */
		kc_errf(err, -ret, "reading '%s' failed (error %d)",
			kc_quote_str(&q, spec), ret);
	while (!ret && b.len && sc_space(b.data[b.len - 1]))
		b.len--;
	if (!ret && b.overflow)
		ret = kc_errf(err, E2BIG, "'%s' is longer than %d bytes",
			      kc_quote_str(&q, spec), KC_SCRIPT_TEXT_MAX - 1);
	if (!ret)
		ret = sc_put(out, b.data, b.len, err);
	kc_free(b.data);
	return ret;
}

/*
 * Substitute variables and $(...) in in[0..n) into out.  Recursive once
 * per nested $(...), at most KC_SCRIPT_EXPR_DEPTH deep.
 */
static int sc_expand(struct kc_elem *e, const char *in, size_t n,
		     struct sc_buf *out, int depth, struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	size_t i = 0, j, k;
	struct sc_var *v;
	struct sc_buf inner;
	char q = 0;
	int ret, level;

	if (depth > KC_SCRIPT_EXPR_DEPTH)
		return kc_errf(err, EINVAL, "$(...) nested deeper than %d",
			       KC_SCRIPT_EXPR_DEPTH);
	while (i < n) {
		char c = in[i];

		if (q == '\'' || c != '$' || i + 1 >= n) {
			if (q && c == q)
				q = 0;
			else if (!q && (c == '"' || c == '\''))
				q = c;
			else if (q == '"' && c == '\\' && i + 1 < n) {
				ret = sc_put(out, in + i, 2, err);
				if (ret)
					return ret;
				i += 2;
				continue;
			}
			ret = sc_put(out, &c, 1, err);
			if (ret)
				return ret;
			i++;
			continue;
		}
		c = in[i + 1];
		if (c == '(') {
			char iq = 0;

			level = 1;
			for (j = i + 2; j < n && level; j++) {
				if (iq && in[j] == iq)
					iq = 0;
				else if (!iq && (in[j] == '"' || in[j] == '\''))
					iq = in[j];
				else if (!iq && in[j] == '(')
					level++;
				else if (!iq && in[j] == ')')
					level--;
			}
			if (level)
				return kc_errf(err, EINVAL, "unterminated $(");
			ret = sc_buf_init(&inner);
			if (!ret)
				ret = sc_expand(e, in + i + 2, j - 1 - (i + 2),
						&inner, depth + 1, err);
			if (!ret)
				ret = sc_call(e, inner.d, out, err);
			kc_free(inner.d);
			if (ret)
				return ret;
			i = j;
			continue;
		}
		if (c == '{') {
			for (j = i + 2; j < n && in[j] != '}'; j++)
				;
			if (j >= n)
				return kc_errf(err, EINVAL, "unterminated ${");
			k = i + 2;
			i = j + 1;
		} else if (c == '?' || c == '#') {
			k = i + 1;
			j = i + 2;
			i = j;
		} else if (sc_name_char(c)) {
			k = i + 1;
			for (j = k; j < n && sc_name_char(in[j]); j++)
				;
			i = j;
		} else {
			ret = sc_put(out, "$", 1, err);
			if (ret)
				return ret;
			i++;
			continue;
		}
		v = sc_var_find(s, in + k, j - k);
		if (v) {	/* an unknown variable is empty, as in Click */
			ret = sc_put(out, v->val, strlen(v->val), err);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* ---- running ---- */

static void sc_fail(struct kc_elem *e, const struct sc_insn *in,
		    const char *msg)
{
	struct script *s = kc_priv(e);

	s->errors++;
	kc_log_info("Script '%s': %s: %s\n", e->name, sc_opname[in->op], msg);
}

/* goto's target: a label's index, or a pseudo-label (-1 for none). */
enum { SC_GOTO_END = -2, SC_GOTO_EXIT = -3, SC_GOTO_LOOP = -4,
	SC_GOTO_ERROR = -5, SC_GOTO_STOP = -6 };

static int sc_label(const struct script *s, const char *name, size_t n)
{
	static const struct { const char *name; int to; } pseudo[] = {
		{ "end", SC_GOTO_END }, { "exit", SC_GOTO_EXIT },
		{ "loop", SC_GOTO_LOOP }, { "error", SC_GOTO_ERROR },
		{ "stop", SC_GOTO_STOP },
	};
	const char *p, *w;
	size_t i, m;
	int k;

	for (k = 0; k < s->n; k++) {
		if (s->insns[k].op != SC_LABEL)
			continue;
		p = s->insns[k].arg;
		w = sc_word(&p, &m);
		if (w && m == n && !memcmp(w, name, n))
			return k;
	}
	for (i = 0; i < ARRAY_SIZE(pseudo); i++)
		if (strlen(pseudo[i].name) == n && !memcmp(pseudo[i].name, name, n))
			return pseudo[i].to;
	return -1;
}

static void sc_end(struct kc_elem *e, bool stop)
{
	struct script *s = kc_priv(e);

	s->ip = s->n;
	s->blocked = false;
	if (stop && s->type != SC_DRIVER)	/* sc_exec: a DRIVER's end */
		kc_driver_stop(e);
}

/* Print, read: a handler's value into out, or the text unquoted. */
static int sc_show(struct kc_elem *e, const struct sc_insn *in, char *text,
		   struct sc_buf *out, bool handler, struct kc_errbuf *err)
{
	const char *p = text;
	size_t n;

	while (sc_space(*p))
		p++;
	if (!handler) {
		sc_put(out, p, strlen(p), err);
		sc_unquote(out->d);
		return 0;
	}
	if (in->op == SC_PRINTQ || in->op == SC_PRINTNQ || in->op == SC_READQ)
		sc_unquote(text);
	p = text;
	if (!sc_word(&p, &n))
		return kc_errf(err, EINVAL, "no handler named");
	return sc_call(e, text, out, err);
}

/* One instruction, text already substituted.  Returns false to block. */
static bool sc_do(struct kc_elem *e, const struct sc_insn *in, char *text,
		  struct sc_buf *out, struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	const char *p = text, *w;
	bool handler, cond = true;
	int ret = 0, to;
	size_t n;
	u64 ns;

	switch (in->op) {
	case SC_SET: case SC_SETQ: case SC_INIT: case SC_INITQ:
		if (in->op == SC_INIT || in->op == SC_INITQ)
			break;	/* done at initialize */
		w = sc_word(&p, &n);
		while (sc_space(*p))
			p++;
		if (in->op == SC_SETQ)
			sc_unquote((char *)p);
		ret = sc_var_set(s, w ? w : "", w ? n : 0, p, err);
		break;
	case SC_PRINT: case SC_PRINTN: case SC_PRINTQ: case SC_PRINTNQ:
		/* A handler if the text as written starts like one ($x: no). */
		w = in->arg;
		handler = (*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z') ||
			  *w == '@' || *w == '_';
		ret = sc_show(e, in, text, out, handler, err);
		if (!ret)
			kc_log_out("%s%s", out->d,
				   in->op == SC_PRINTN || in->op == SC_PRINTNQ ?
				   "" : "\n");
		break;
	case SC_READ: case SC_READQ:
		ret = sc_show(e, in, text, out, true, err);
		if (!ret)
			kc_log_info("%s:\n%s\n", text + strspn(text, " \t"),
				    out->d);
		break;
	case SC_WRITE: case SC_WRITEQ: {
		struct kc_elem *x;
		const char *h;
		char code[16], *rest;

		w = sc_word(&p, &n);
		if (!w) {
			ret = kc_errf(err, EINVAL, "no handler named");
			break;
		}
		rest = text + (w + n - text);
		p = *rest ? rest + 1 : rest;
		*rest = 0;	/* end the handler name */
		while (sc_space(*p))
			p++;
		if (in->op == SC_WRITEQ)
			sc_unquote((char *)p);
		x = sc_target(e, w, n, &h, err);
		ret = x ? kc_handler_write(x, h, p, err) : -ENOENT;
		snprintf(code, sizeof(code), "%d", ret);
		sc_var_set(s, "?", 1, code, err);
		break;
	}
	case SC_WAIT:
		/* Click's time syntax, engine/args.c. */
		ret = kc_parse_time("TIME", text, KC_SCRIPT_WAIT_MAX, &ns, err);
		if (ret)
			break;
		s->blocked = true;
		kc_work_schedule(s->work, max(ns, KC_SCRIPT_WAIT_MIN));
		return false;
	case SC_PAUSE:
		s->pause_left = 1;
		w = sc_word(&p, &n);
		if (w && (kc_arg_value("COUNT", text, KC_ARG_U32,
				       &s->pause_left, 0, err) ||
			  !s->pause_left)) {
			ret = -EINVAL;
			break;
		}
		s->blocked = true;
		return false;
	case SC_LABEL:
		break;
	case SC_GOTO:
		w = sc_word(&p, &n);
		to = w ? sc_label(s, w, n) : -1;
		if (to == -1) {
			ret = kc_errf(err, ENOENT, "no such label");
			break;
		}
		w = sc_word(&p, &n);
		if (w && sc_bool(w, n, &cond)) {
			ret = kc_errf(err, EINVAL, "condition is not a boolean");
			break;
		}
		if (!cond)
			break;
		if (to >= 0) {
			s->ip = to;
			return true;
		}
		if (to == SC_GOTO_LOOP) {
			s->ip = 0;
			return true;
		}
		if (to == SC_GOTO_ERROR)
			sc_fail(e, in, "error");
		sc_end(e, to == SC_GOTO_STOP);
		return true;
	case SC_LOOP:
		s->ip = 0;
		return true;
	case SC_END: case SC_EXIT: case SC_STOP:
		sc_end(e, in->op == SC_STOP);
		return true;
	case SC_RETURN: case SC_RETURNQ:
		while (sc_space(*p))
			p++;
		if (in->op == SC_RETURNQ)
			sc_unquote((char *)p);
		kc_free(s->ret);
		s->ret = kc_strdup(p);
		sc_end(e, false);
		return true;
	case SC_ERROR: case SC_ERRORQ:
		if (in->op == SC_ERRORQ)
			sc_unquote(text);
		sc_fail(e, in, text[0] ? text : "error");
		sc_end(e, false);
		return true;
	}
	if (ret)
		sc_fail(e, in, err->msg[0] ? err->msg : "failed");
	s->ip++;
	return true;
}

/*
 * Run from s->ip until the script blocks or ends, at most
 * KC_SCRIPT_STEPS_MAX instructions.  Process context, graph lock held.
 */
static int sc_exec(struct kc_elem *e, struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	struct sc_buf text, out;
	int steps = 0, ret = 0;

	if (s->running || sc_nest >= KC_SCRIPT_NEST_MAX)
		return kc_errf(err, EDEADLK, s->running ?
			       "Script '%s' is already running" :
			       "Script '%s': more than %d Scripts run inside one another",
			       e->name, KC_SCRIPT_NEST_MAX);
	if (sc_buf_init(&text) || sc_buf_init(&out)) {
		kc_free(text.d);
		return -ENOMEM;
	}
	s->running = true;
	sc_nest++;
	while (s->ip < s->n && !s->blocked) {
		const struct sc_insn *in = &s->insns[s->ip];
		struct kc_errbuf ierr;

		if (++steps > KC_SCRIPT_STEPS_MAX) {
			s->errors++;
			kc_log_info("Script '%s': stopped after %d instructions without a wait or pause (docs/limits.md)\n",
				    e->name, KC_SCRIPT_STEPS_MAX);
			ret = kc_errf(err, ELOOP,
				      "stopped after %d instructions without a wait or pause",
				      KC_SCRIPT_STEPS_MAX);
			sc_end(e, false);
			break;
		}
		ierr.msg[0] = 0;
		text.len = 0;
		text.d[0] = 0;
		out.len = 0;
		out.d[0] = 0;
		if (sc_expand(e, in->arg, strlen(in->arg), &text, 0, &ierr)) {
			sc_fail(e, in, ierr.msg);
			s->ip++;
			continue;
		}
		if (!sc_do(e, in, text.d, &out, &ierr))
			break;
	}
	/* A DRIVER script that ended, however, lets the driver stop. */
	if (s->ip >= s->n && s->type == SC_DRIVER)
		kc_driver_stop(e);
	sc_nest--;
	s->running = false;
	kc_free(text.d);
	kc_free(out.d);
	return ret;
}

/* Start over (run handler): pending waits are forgotten. */
static int sc_restart(struct kc_elem *e, const char *args,
		      struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	const char *p = args, *w;
	char name[4], num[8];
	int k = 0, ret;
	size_t n;

	if (s->running)
		return kc_errf(err, EDEADLK, "Script '%s' is already running",
			       e->name);
	ret = sc_var_set(s, "args", 4, args, err);
	while (!ret && (w = sc_word(&p, &n)) && k < 9) {
		char *v = kc_zalloc(n + 1);

		if (!v)
			return -ENOMEM;
		memcpy(v, w, n);
		snprintf(name, sizeof(name), "%d", ++k);
		ret = sc_var_set(s, name, strlen(name), v, err);
		kc_free(v);
	}
	snprintf(num, sizeof(num), "%d", k);
	if (!ret)
		ret = sc_var_set(s, "#", 1, num, err);
	if (ret)
		return ret;
	kc_work_cancel(s->work);
	s->ip = 0;
	s->blocked = false;
	kc_free(s->ret);
	s->ret = NULL;
	return sc_exec(e, err);
}

/* Past the wait or pause the script is blocked at; false if none. */
static bool sc_unblock(struct kc_elem *e)
{
	struct script *s = kc_priv(e);

	if (!s->blocked)
		return false;
	if (s->insns[s->ip].op == SC_PAUSE && --s->pause_left)
		return true;	/* still paused, one step fewer to wait */
	kc_work_cancel(s->work);
	s->blocked = false;
	s->ip++;
	return true;
}

static void sc_step(struct kc_elem *e)
{
	struct script *s = kc_priv(e);
	struct kc_errbuf err;

	if (s->ip >= s->n) {
		if (s->type == SC_DRIVER)
			kc_driver_stop(e);	/* nothing left to do */
		return;
	}
	if (sc_unblock(e) && !s->blocked)
		sc_exec(e, &err);
}

/* The work: the first run of an ACTIVE script, or a wait's end. */
static void sc_work(struct kc_elem *e)
{
	struct script *s = kc_priv(e);
	struct kc_errbuf err;

	if (s->blocked) {
		if (s->insns[s->ip].op != SC_WAIT)
			return;
		s->blocked = false;
		s->ip++;
	}
	sc_exec(e, &err);
}

/* ---- configuration ---- */

static int sc_parse(struct kc_elem *e, struct kc_args *args, u8 type)
{
	struct script *s = kc_priv(e);
	struct kc_quote q;
	int i, k;

	s->type = type;
	s->insns = kc_zalloc((args->n + 1) * sizeof(*s->insns));
	s->vars = kc_zalloc(KC_SCRIPT_VARS_MAX * sizeof(*s->vars));
	s->work = kc_work_alloc(e, sc_work);
	if (!s->insns || !s->vars || !s->work)
		return -ENOMEM;
	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];
		const char *p = a->val, *w;
		size_t n;

		if (a->key && !strcmp(a->key, "TYPE")) {
			if (!strcmp(a->val, "ACTIVE"))
				s->type = SC_ACTIVE;
			else if (!strcmp(a->val, "PASSIVE"))
				s->type = SC_PASSIVE;
			else if (!strcmp(a->val, "DRIVER"))
				s->type = SC_DRIVER;
			else if (!strcmp(a->val, "PROXY"))
				return kc_errf(args->err, EINVAL,
					       "TYPE PROXY: kclick's handlers are a fixed table per class, so a Script cannot answer handlers it does not define; write a PASSIVE script and read its 'run' handler");
			else if (!strcmp(a->val, "PACKET"))
				return kc_errf(args->err, EINVAL,
					       "TYPE PACKET: a kclick Script has no ports (scripts run in process context, never on the packet path)");
			else if (!strncmp(a->val, "SIGNAL", 6))
				return kc_errf(args->err, EINVAL,
					       "TYPE SIGNAL: kclick has no signals (the kernel has none to give); write the 'run' or 'step' handler with kclick write");
			else
				return kc_errf(args->err, EINVAL,
					       "TYPE: expected ACTIVE, PASSIVE or DRIVER, got '%s'",
					       kc_quote_str(&q, a->val));
			continue;
		}
		if (a->key)
			return kc_errf(args->err, EINVAL,
				       "unknown keyword '%s' (instructions are lower case)",
				       kc_quote_str(&q, a->key));
		w = sc_word(&p, &n);
		if (!w)
			continue;	/* an empty argument */
		if (s->n >= KC_SCRIPT_INSNS_MAX)
			return kc_errf(args->err, E2BIG,
				       "more than %d instructions",
				       KC_SCRIPT_INSNS_MAX);
		for (k = 0; k < SC_NOPS; k++)
			if (strlen(sc_opname[k]) == n &&
			    !memcmp(sc_opname[k], w, n))
				break;
		/*
		 * Click's other names: wait_step and wait_stop pause,
		 * wait_for and wait_time wait, a bare wait pauses.
		 */
		if (k == SC_NOPS && n == 9 && (!memcmp(w, "wait_step", 9) ||
					       !memcmp(w, "wait_stop", 9)))
			k = SC_PAUSE;
		else if (k == SC_NOPS && ((n == 8 && !memcmp(w, "wait_for", 8)) ||
					  (n == 9 && !memcmp(w, "wait_time", 9))))
			k = SC_WAIT;
		else if (k == SC_WAIT && !p[strspn(p, " \t\n")])
			k = SC_PAUSE;
		if (k == SC_NOPS)
			return kc_errf(args->err, EINVAL,
				       "instruction %d: unknown instruction '%s'%s",
				       s->n + 1, kc_quote(&q, w, n),
				       n == 6 && !memcmp(w, "export", 6) ?
				       " (kclick has no per-element handlers to export to; use set and print)" : "");
		s->insns[s->n].op = k;
		s->insns[s->n].arg = kc_strdup(p + strspn(p, " \t\n"));
		if (!s->insns[s->n].arg)
			return -ENOMEM;
		s->n++;
	}
	/* A goto to a literal label that does not exist is an error now. */
	for (i = 0; i < s->n; i++) {
		const char *p = s->insns[i].arg, *w;
		size_t n;

		if (s->insns[i].op != SC_GOTO)
			continue;
		w = sc_word(&p, &n);
		if (!w)
			return kc_errf(args->err, EINVAL,
				       "instruction %d: goto needs a label", i + 1);
		if (!memchr(w, '$', n) && sc_label(s, w, n) == -1)
			return kc_errf(args->err, EINVAL,
				       "instruction %d: goto: no label '%s'", i + 1,
				       kc_quote(&q, w, n));
	}
	s->ip = 0;
	return 0;
}

static int script_configure(struct kc_elem *e, struct kc_args *args)
{
	return sc_parse(e, args, SC_ACTIVE);
}

/* DriverManager (drivermanager.c): a Script whose default TYPE is DRIVER. */
int kc_drivermanager_configure(struct kc_elem *e, struct kc_args *args)
{
	return sc_parse(e, args, SC_DRIVER);
}

int kc_script_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	struct sc_buf text;
	struct kc_errbuf ierr;
	int i, ret;

	ret = sc_buf_init(&text);
	for (i = 0; !ret && i < s->n; i++) {
		const struct sc_insn *in = &s->insns[i];
		const char *p, *w;
		size_t n;

		if (in->op != SC_INIT && in->op != SC_INITQ)
			continue;
		text.len = 0;
		text.d[0] = 0;
		ierr.msg[0] = 0;
		if (sc_expand(e, in->arg, strlen(in->arg), &text, 0, &ierr)) {
			ret = kc_errf(err, EINVAL, "instruction %d: init: %s",
				      i + 1, ierr.msg);
			break;
		}
		p = text.d;
		w = sc_word(&p, &n);
		while (sc_space(*p))
			p++;
		if (in->op == SC_INITQ)
			sc_unquote((char *)p);
		ret = sc_var_set(s, w ? w : "", w ? n : 0, p, err);
	}
	kc_free(text.d);
	if (ret)
		return ret;
	if (s->type == SC_DRIVER) {
		ret = kc_driver_manage(e, sc_step, err);
		if (ret)
			return ret;
	}
	if (s->type != SC_PASSIVE)
		kc_work_schedule(s->work, 0);
	return 0;
}

void kc_script_cleanup(struct kc_elem *e)
{
	struct script *s = kc_priv(e);
	int i;

	kc_work_free(s->work);
	if (s->type == SC_DRIVER)
		kc_driver_manage(e, NULL, NULL);
	for (i = 0; s->insns && i < s->n; i++)
		kc_free(s->insns[i].arg);
	for (i = 0; s->vars && i < s->nvars; i++)
		kc_free(s->vars[i].val);
	kc_free(s->insns);
	kc_free(s->vars);
	kc_free(s->ret);
}

/* ---- handlers ---- */

static int script_read_run(struct kc_elem *e, struct kc_buf *b)
{
	struct script *s = kc_priv(e);
	struct kc_errbuf err = { { 0 } };
	int ret;

	if (s->type != SC_PASSIVE)
		return -EACCES;	/* an ACTIVE script runs when written */
	ret = sc_restart(e, "", &err);
	if (ret)
		return ret;
	kc_buf_printf(b, "%s", s->ret ? s->ret : "");
	return 0;
}

static int script_write_run(struct kc_elem *e, const char *val,
			    struct kc_errbuf *err)
{
	return sc_restart(e, val, err);
}

static int script_write_step(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	u32 n = 1, i;

	if (val[strspn(val, " \t\n")] &&
	    kc_arg_value("step", val, KC_ARG_U32, &n, 0, err))
		return -EINVAL;
	if (n > KC_SCRIPT_STEPS_MAX)
		return kc_errf(err, EINVAL, "at most %d steps at once",
			       KC_SCRIPT_STEPS_MAX);
	for (i = 0; i < n; i++)
		sc_step(e);
	return 0;
}

static int script_write_goto(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct script *s = kc_priv(e);
	const char *p = val, *w;
	struct kc_quote q;
	size_t n;
	int to;

	w = sc_word(&p, &n);
	to = w ? sc_label(s, w, n) : -1;
	if (to < 0)
		return kc_errf(err, ENOENT, "no label '%s'",
			       kc_quote_str(&q, val));
	if (s->running)
		return kc_errf(err, EDEADLK, "Script '%s' is already running",
			       e->name);
	kc_work_cancel(s->work);
	s->blocked = false;
	s->ip = to;
	return sc_exec(e, err);
}

static int script_read_errors(struct kc_elem *e, struct kc_buf *b)
{
	const struct script *s = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)s->errors);
	return 0;
}

const struct kc_handler kc_script_handlers[KC_SCRIPT_NHANDLERS] = {
	{ .name = "run", .read = script_read_run, .write = script_write_run },
	{ .name = "step", .write = script_write_step },
	{ .name = "goto", .write = script_write_goto },
	{ .name = "errors", .read = script_read_errors },
};

const struct kc_class kc_script_class = {
	.name = "Script",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct script),
	.configure = script_configure,
	.initialize = kc_script_initialize,
	.cleanup = kc_script_cleanup,
	.handlers = kc_script_handlers,
	.nhandlers = KC_SCRIPT_NHANDLERS,
};
