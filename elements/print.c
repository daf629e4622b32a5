// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Print([LABEL, MAXLENGTH, KEYWORDS])
 * =s debugging
 * prints packet contents
 * =d
 * Prints each packet's length and its first MAXLENGTH bytes (default 24,
 * negative for the whole packet, at most 65,535) in hex, prefixed by
 * LABEL, then passes the packet on; data past 64 bytes continues on
 * further lines of 64 bytes each, marked `+OFFSET`.  In the
 * kernel the line goes to the kernel log, rate limited as other networking
 * messages are (net_ratelimit), so a flood cannot fill the log; `printed`
 * and `suppressed` count what happened.  In `kclick run` it goes to
 * standard error.
 *
 * Keyword arguments:
 * =over 8
 * =item LABEL
 * Text before each line.  Default empty.
 * =item MAXLENGTH
 * Bytes of data to print; 0 prints only the length, a negative number
 * the whole packet.  LENGTH and NBYTES are Click's old names for it.
 * =item CONTENTS
 * `HEX` (default, groups of 4 bytes), `ASCII` (printable bytes as
 * themselves, others as `.`, groups of 8 bytes after a space, as Click
 * prints them) or `NONE` (only the length).
 * =item TIMESTAMP
 * Boolean; when true, each line starts with the packet's timestamp in
 * seconds since 1970 (`SEC.USEC: `).  Default false.
 * =item ACTIVE
 * Boolean; when false, packets pass without being printed.  Default true.
 * =back
 * =h active read/write
 * Whether packets are printed.
 * =h printed read-only
 * Lines printed.
 * =h suppressed read-only
 * Lines the rate limit held back.
 * =e
 *   FromDevice(eth0) -> Print(in, 32) -> Discard;
 */
#include <kclick/element.h>

/* MAXLENGTH's bound, and the bytes one log line shows. */
#define KC_PRINT_MAX	65535
#define KC_PRINT_LINE	64

enum { PRINT_HEX, PRINT_ASCII, PRINT_NONE };

struct print_pcpu {
	u64 printed, suppressed;
};

struct print {
	char *label;
	u32 maxlen;
	u8 contents;
	bool active, timestamp;
	struct print_pcpu __percpu *pc;
};

static int print_configure(struct kc_elem *e, struct kc_args *args)
{
	struct print *pr = kc_priv(e);
	char contents[8] = "HEX";
	s32 maxlen = 24, length = -2, nbytes = -2;
	const struct kc_argspec spec[] = {
		{ "LABEL", KC_ARG_STR, KC_ARGF_POSITIONAL, &pr->label },
		{ "MAXLENGTH", KC_ARG_INT, KC_ARGF_POSITIONAL, &maxlen },
		{ "LENGTH", KC_ARG_INT, 0, &length },
		{ "NBYTES", KC_ARG_INT, 0, &nbytes },
		{ "CONTENTS", KC_ARG_WORD, 0, contents, sizeof(contents) },
		{ "TIMESTAMP", KC_ARG_BOOL, 0, &pr->timestamp },
		{ "ACTIVE", KC_ARG_BOOL, 0, &pr->active },
	};

	pr->active = true;
	pr->pc = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (length != -2)
		maxlen = length;
	if (nbytes != -2)
		maxlen = nbytes;
	if (maxlen > KC_PRINT_MAX)
		return kc_errf(args->err, EINVAL,
			       "MAXLENGTH: %d is more than %d bytes", maxlen,
			       KC_PRINT_MAX);
	pr->maxlen = maxlen < 0 ? KC_PRINT_MAX : maxlen;
	if (!strcmp(contents, "HEX") || !strcmp(contents, "hex"))
		pr->contents = PRINT_HEX;
	else if (!strcmp(contents, "ASCII") || !strcmp(contents, "ascii"))
		pr->contents = PRINT_ASCII;
	else if (!strcmp(contents, "NONE") || !strcmp(contents, "none"))
		pr->contents = PRINT_NONE;
	else
		return kc_errf(args->err, EINVAL,
			       "CONTENTS: expected HEX, ASCII or NONE, got '%s'",
			       contents);
	return 0;
}

/* Packet path: bytes d[0..n) (n <= KC_PRINT_LINE) as text into out. */
static void print_format(const struct print *pr, const u8 *d, unsigned int n,
			 char *out)
{
	unsigned int i, o = 0;

	for (i = 0; i < n; i++) {
		if (pr->contents == PRINT_ASCII) {
			/* Click's groups of 8, each after a space. */
			if (!(i % 8))
				out[o++] = ' ';
			out[o++] = d[i] >= 0x20 && d[i] < 0x7f ? d[i] : '.';
			continue;
		}
		if (i && !(i % 4))
			out[o++] = ' ';
		out[o++] = "0123456789abcdef"[d[i] >> 4];
		out[o++] = "0123456789abcdef"[d[i] & 15];
	}
	out[o] = '\0';
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *print_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct print *pr = kc_priv(e);
	struct print_pcpu *pc = kc_this_cpu_ptr(pr->pc);
	char text[KC_PRINT_LINE * 2 + KC_PRINT_LINE / 4 + 1], ts[32] = "";
	const char *label = pr->label ? pr->label : "";
	const char *colon = label[0] ? ": " : "";
	unsigned int n, off, k;
	const u8 *d;

	if (!READ_ONCE(pr->active))
		return p;
	if (!kc_net_ratelimit()) {
		pc->suppressed++;
		return p;
	}
	pc->printed++;
	if (pr->timestamp) {
		u64 ns = kc_pkt_tstamp_ns(p);

		snprintf(ts, sizeof(ts), "%llu.%06llu: ",
			 (unsigned long long)(ns / 1000000000ULL),
			 (unsigned long long)(ns % 1000000000ULL / 1000));
	}
	n = pr->contents == PRINT_NONE ? 0 : min(pr->maxlen, kc_pkt_len(p));
	if (!kc_pkt_may_pull(p, n))
		n = min(n, kc_pkt_headlen(p));
	d = kc_pkt_data(p);
	k = min_t(unsigned int, n, KC_PRINT_LINE);
	print_format(pr, d, k, text);
	kc_log_info("%s%s%s%4u%s%s\n", label, colon, ts, kc_pkt_len(p),
		    n ? " | " : "", text);
	for (off = k; off < n; off += k) {
		k = min_t(unsigned int, n - off, KC_PRINT_LINE);
		print_format(pr, d + off, k, text);
		kc_log_info("%s%s%s+%-3u | %s\n", label, colon, ts, off, text);
	}
	return p;
}

static void print_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	kc_simple_push(e, p, print_action);
}

static struct kc_pkt *print_pull(struct kc_elem *e, int port)
{
	return kc_simple_pull(e, print_action);
}

static void print_cleanup(struct kc_elem *e)
{
	struct print *pr = kc_priv(e);

	kc_free(pr->label);
}

static int print_read_active(struct kc_elem *e, struct kc_buf *b)
{
	const struct print *pr = kc_priv(e);

	kc_buf_printf(b, "%s", READ_ONCE(pr->active) ? "true" : "false");
	return 0;
}

static int print_write_active(struct kc_elem *e, const char *val,
			      struct kc_errbuf *err)
{
	struct print *pr = kc_priv(e);
	bool v;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	WRITE_ONCE(pr->active, v);
	return 0;
}

static int print_read_count(struct kc_elem *e, struct kc_buf *b,
			    bool suppressed)
{
	const struct print *pr = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu) {
		const struct print_pcpu *pc = kc_per_cpu_ptr(pr->pc, cpu);

		n += suppressed ? READ_ONCE(pc->suppressed) :
				  READ_ONCE(pc->printed);
	}
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int print_read_printed(struct kc_elem *e, struct kc_buf *b)
{
	return print_read_count(e, b, false);
}

static int print_read_suppressed(struct kc_elem *e, struct kc_buf *b)
{
	return print_read_count(e, b, true);
}

static const struct kc_handler print_handlers[] = {
	{ .name = "active", .read = print_read_active,
	  .write = print_write_active },
	{ .name = "printed", .read = print_read_printed },
	{ .name = "suppressed", .read = print_read_suppressed },
};

const struct kc_class kc_print_class = {
	.name = "Print",
	.ports = "1/1",
	.processing = "a/a",
	.priv_size = sizeof(struct print),
	.pcpu_size = sizeof(struct print_pcpu),
	.configure = print_configure,
	.push = print_push,
	.pull = print_pull,
	.cleanup = print_cleanup,
	.handlers = print_handlers,
	.nhandlers = ARRAY_SIZE(print_handlers),
};
