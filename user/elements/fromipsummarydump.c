// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromIPSummaryDump(FILENAME [, KEYWORDS])
 * =s traces
 * reads packets from a text summary file (kclick run only)
 * =d
 * Reads Click's IP summary dump text format (as ToIPSummaryDump and
 * ipsumdump write it) and pushes an IPv4 packet built from each line, in
 * timestamp order with the run's other inputs (the run's clock follows
 * the `timestamp` field; a line without one keeps the previous line's
 * time).  The packet starts at its IP header, which is annotated.
 *
 * A `!data` line names the fields of the lines after it (a later `!data`
 * line changes them); before one, CONTENTS does.  Other lines starting
 * with `!` or `#`, and empty lines, are skipped.  Fields kclick knows (a
 * subset of Click's, see ToIPSummaryDump): ip_src ip_dst sport dport
 * ip_proto payload_len ip_len ip_id ip_ttl ip_tos tcp_flags tcp_seq
 * tcp_ack timestamp count; a `!data` line naming another is refused
 * (naming it) when read at initialization, or ends the input when read
 * later.  `-` is a field not given.
 *
 * Each packet has a 20-byte IP header, then a TCP (20 bytes) or UDP (8)
 * header by ip_proto (TCP when it is missing and a port or TCP field is
 * given), then zero payload to make ip_len bytes (when ip_len is missing:
 * the headers plus payload_len; as in Click, an ICMP header is part of the
 * payload, its checksum set when CHECKSUM is and it fits).  Unspecified
 * fields are zero
 * (Click's ZERO).  A line that cannot be parsed or built is skipped and
 * counted (bad_lines), its reason printed when VERBOSE is true.  Lines are
 * at most 1,023 bytes (a longer one is skipped) with at most 32 fields.
 *
 * Exists only in `kclick run`; the kernel has no files to read.
 *
 * Keyword arguments:
 * =over 8
 * =item CONTENTS
 * The fields of lines before any `!data` line, space-separated.
 * =item STOP
 * Boolean.  Accepted for Click compatibility; a run always stops once
 * every input is exhausted.
 * =item ACTIVE
 * Boolean.  If false, no packet is read.  Default true.
 * =item ZERO
 * Boolean.  Must be true (the default): unspecified bytes are zero.
 * =item CHECKSUM
 * Boolean.  If true, the IP, TCP, UDP and ICMP checksums are computed;
 * if false (the default) they are zero.
 * =item MULTIPACKET
 * Boolean.  If true, a line whose count is N makes N packets (N at most
 * 1000); if false (the default), one.
 * =item VERBOSE
 * Boolean.  Print why each bad line is skipped (standard error).
 * Default false.
 * =back
 * =h count read-only
 * Packets pushed so far.
 * =h bad_lines read-only
 * Lines skipped.
 * =h filename read-only
 * The file.
 * =e
 *   FromIPSummaryDump(in.txt, CHECKSUM true) -> ToDump(out.pcap, ENCAP IP);
 * =a ToIPSummaryDump, FromDump
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsumdump.h"

struct fromisd {
	char *file, *contents;
	bool stop, active, zero, checksum, multipacket, verbose;
	struct isd_fields fs;
	FILE *fp;
	char line[ISD_LINE_MAX];
	bool have_line;		/* line holds the first data line */
	u64 ts_ns;
	u32 repeat;		/* copies of the last packet still to make */
	u32 last_len;
	u64 count, bad;
	struct kc_devref *ref;
};

static int fromisd_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromisd *f = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "FILENAME", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &f->file, 0 },
		{ "CONTENTS", KC_ARG_STR, 0, &f->contents, 0 },
		{ "STOP", KC_ARG_BOOL, 0, &f->stop, 0 },
		{ "ACTIVE", KC_ARG_BOOL, 0, &f->active, 0 },
		{ "ZERO", KC_ARG_BOOL, 0, &f->zero, 0 },
		{ "CHECKSUM", KC_ARG_BOOL, 0, &f->checksum, 0 },
		{ "MULTIPACKET", KC_ARG_BOOL, 0, &f->multipacket, 0 },
		{ "VERBOSE", KC_ARG_BOOL, 0, &f->verbose, 0 },
	};

	f->active = true;
	f->zero = true;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!f->zero)
		return kc_errf(args->err, EINVAL,
			       "ZERO false: kclick always zeroes unspecified bytes");
	if (f->contents)
		return isd_parse_fields(f->contents, "CONTENTS", &f->fs,
					args->err);
	return 0;
}

/*
 * The next line into f->line: 1, or 0 at the end.  A line longer than
 * the bound is skipped (counted) with the rest of it.
 */
static int fromisd_getline(struct fromisd *f)
{
	size_t l;
	int c;

	for (;;) {
		if (!fgets(f->line, sizeof(f->line), f->fp))
			return 0;
		l = strlen(f->line);
		if (l && f->line[l - 1] == '\n')
			return 1;
		if (feof(f->fp))
			return 1;	/* the last line, no newline */
		while ((c = fgetc(f->fp)) != EOF && c != '\n')
			;
		f->bad++;
		if (f->verbose)
			fprintf(stderr, "kclick: %s: line longer than %d bytes skipped\n",
				f->file, ISD_LINE_MAX - 1);
	}
}

/* A ! line: !data sets the fields; others are comments. */
static int fromisd_bang(struct fromisd *f, struct kc_errbuf *err)
{
	if (strncmp(f->line, "!data", 5) ||
	    (f->line[5] != ' ' && f->line[5] != '\t'))
		return 0;
	return isd_parse_fields(f->line + 6, "!data", &f->fs, err);
}

static bool fromisd_skip(const char *line)
{
	return line[strspn(line, " \t\r\n")] == 0 || line[0] == '#';
}

static int fromisd_next(struct kc_elem *e, u8 *buf, u32 cap, u32 *len,
			u64 *ns);

/* Read the header: up to the first data line, which is kept. */
static int fromisd_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromisd *f = kc_priv(e);

	f->ref = kc_user_source_open_fn(e, fromisd_next, err);
	if (!f->ref)
		return -EINVAL;
	kc_user_source_set_active(f->ref, f->active);
	if (kc_user_checking())
		return 0;	/* kclick run --check reads no file */
	f->fp = fopen(f->file, "r");
	if (!f->fp)
		return kc_errf(err, ENOENT, "cannot read '%s': %s", f->file,
			       strerror(errno));
	while (fromisd_getline(f)) {
		if (f->line[0] == '!') {
			if (fromisd_bang(f, err))
				return -EINVAL;
		} else if (!fromisd_skip(f->line)) {
			f->have_line = true;
			break;
		}
	}
	if (f->have_line && !f->fs.n)
		return kc_errf(err, EINVAL,
			       "'%s' has no !data line and no CONTENTS was given",
			       f->file);
	return 0;
}

/* The run loop's source callback: the next packet into buf. */
static int fromisd_next(struct kc_elem *e, u8 *buf, u32 cap, u32 *len,
			u64 *ns)
{
	struct fromisd *f = kc_priv(e);
	struct kc_errbuf err = { { 0 } };
	struct isd_vals v;
	int n = 0;

	if (f->repeat) {	/* buf still holds the last packet */
		f->repeat--;
		*len = f->last_len;
		*ns = f->ts_ns;
		return 1;
	}
	for (;;) {
		if (!f->have_line && (!f->fp || !fromisd_getline(f)))
			return 0;
		f->have_line = false;
		if (f->line[0] == '!') {
			if (fromisd_bang(f, &err)) {
				fprintf(stderr, "kclick: %s: %s; input ends here\n",
					f->file, err.msg);
				f->bad++;
				return 0;
			}
			continue;
		}
		if (fromisd_skip(f->line))
			continue;
		if (!isd_parse_line(f->line, &f->fs, &v, &err)) {
			n = isd_build(&v, f->checksum, buf, cap, &err);
			if (n > 0)
				break;
		}
		f->bad++;
		if (f->verbose)
			fprintf(stderr, "kclick: %s: line skipped: %s\n", f->file,
				err.msg);
	}
	if (v.have & (1u << ISD_TIMESTAMP))
		f->ts_ns = v.ts_ns;
	if (f->multipacket && (v.have & (1u << ISD_COUNT)) && v.v[ISD_COUNT])
		f->repeat = v.v[ISD_COUNT] - 1;
	f->last_len = n;
	*len = n;
	*ns = f->ts_ns;
	return 1;
}

/* Packet path: the run loop delivers the packets made above here. */
static void fromisd_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct fromisd *f = kc_priv(e);

	(void)port;
	kc_pkt_set_nh(p, 0);
	f->count++;
	kc_push(e, 0, p);
}

static void fromisd_cleanup(struct kc_elem *e)
{
	struct fromisd *f = kc_priv(e);

	if (f->fp)
		fclose(f->fp);
	kc_dev_release(f->ref);
	kc_free(f->file);
	kc_free(f->contents);
}

static int fromisd_read_count(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromisd *f = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)f->count);
	return 0;
}

static int fromisd_read_bad(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromisd *f = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)f->bad);
	return 0;
}

static int fromisd_read_filename(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromisd *f = kc_priv(e);

	kc_buf_printf(b, "%s", f->file);
	return 0;
}

static const struct kc_handler fromisd_handlers[] = {
	{ .name = "count", .read = fromisd_read_count },
	{ .name = "bad_lines", .read = fromisd_read_bad },
	{ .name = "filename", .read = fromisd_read_filename },
};

const struct kc_class kc_fromipsummarydump_class = {
	.name = "FromIPSummaryDump",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromisd),
	.configure = fromisd_configure,
	.initialize = fromisd_initialize,
	.push = fromisd_push,
	.cleanup = fromisd_cleanup,
	.handlers = fromisd_handlers,
	.nhandlers = ARRAY_SIZE(fromisd_handlers),
};
