// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * Print([LABEL, MAXLENGTH, KEYWORDS])
 * =s debugging
 * prints packet contents
 * =d
 * Prints each packet's length and its first MAXLENGTH bytes (default 24,
 * at most 64) in hex, prefixed by LABEL, then passes the packet on.  In the
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
 * Bytes of data to print; 0 prints only the length.
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

#define KC_PRINT_MAX	64

struct print_pcpu {
	u64 printed, suppressed;
};

struct print {
	char *label;
	u32 maxlen;
	bool active;
	struct print_pcpu __percpu *pc;
};

static int print_configure(struct kc_elem *e, struct kc_args *args)
{
	struct print *pr = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "LABEL", KC_ARG_STR, KC_ARGF_POSITIONAL, &pr->label },
		{ "MAXLENGTH", KC_ARG_U32, KC_ARGF_POSITIONAL, &pr->maxlen },
		{ "ACTIVE", KC_ARG_BOOL, 0, &pr->active },
	};

	pr->maxlen = 24;
	pr->active = true;
	pr->pc = e->pcpu;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (pr->maxlen > KC_PRINT_MAX)
		return kc_errf(args->err, EINVAL,
			       "MAXLENGTH: %u is more than %d bytes", pr->maxlen,
			       KC_PRINT_MAX);
	return 0;
}

/* Packet path (softirq, RCU read side). */
static struct kc_pkt *print_action(struct kc_elem *e, struct kc_pkt *p)
{
	struct print *pr = kc_priv(e);
	struct print_pcpu *pc = kc_this_cpu_ptr(pr->pc);
	char hex[KC_PRINT_MAX * 2 + KC_PRINT_MAX / 4 + 1];
	unsigned int n, i, o = 0;
	const u8 *d;

	if (!READ_ONCE(pr->active))
		return p;
	if (!kc_net_ratelimit()) {
		pc->suppressed++;
		return p;
	}
	pc->printed++;
	n = min(pr->maxlen, kc_pkt_len(p));
	if (!kc_pkt_may_pull(p, n))
		n = kc_pkt_headlen(p);
	d = kc_pkt_data(p);
	for (i = 0; i < n; i++) {
		if (i && !(i % 4))
			hex[o++] = ' ';
		hex[o++] = "0123456789abcdef"[d[i] >> 4];
		hex[o++] = "0123456789abcdef"[d[i] & 15];
	}
	hex[o] = '\0';
	kc_log_info("%s%s%4u | %s\n", pr->label ? pr->label : "",
		    pr->label && pr->label[0] ? ": " : "", kc_pkt_len(p), hex);
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
