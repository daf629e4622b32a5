// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToIPSummaryDump(FILENAME [, KEYWORDS])
 * =s traces
 * writes packet summaries to a text file (kclick run only)
 * =d
 * Writes one line of text per packet it gets to FILENAME (`-`: standard
 * output), in Click's IP summary dump format, and drops the packet.  The
 * file starts with `!IPSummaryDump 1.3`, then `!creator "BANNER"` if
 * BANNER is given, then (VERBOSE) `!host` and `!runtime` lines, then a
 * `!data` line naming the fields of each line, which are those of
 * CONTENTS, separated by spaces.  A field a packet does not have (ports of
 * an ICMP packet, any field of a non-IP packet) is written `-`.
 *
 * The IP header is the one annotated (MarkIPHeader, CheckIPHeader,
 * FromDump FORCE_IP, FromIPSummaryDump), else the packet's data when it
 * starts with an IPv4 header.  Fields kclick writes (a subset of Click's):
 * ip_src, ip_dst (dotted quads), sport, dport (TCP and UDP), ip_proto
 * (`T`, `U`, `I` or the number), payload_len (ip_len less the IP and
 * TCP/UDP headers), ip_len, ip_id, ip_ttl, ip_tos, tcp_flags (letters
 * FSRPAUEW, `.` for none), tcp_seq, tcp_ack, timestamp (seconds, 6
 * decimals) and count (always 1).  Click's short names (src, dst, proto,
 * len, id, ttl, tos, ts) are accepted too; other fields are refused, each
 * named.  At most 32 fields.
 *
 * Its input is agnostic: pulled from, it runs a task pulling up to 16
 * packets per run (the queue upstream wakes it).
 *
 * Exists only in `kclick run`; the kernel has no files to write.
 *
 * Keyword arguments:
 * =over 8
 * =item CONTENTS
 * Space-separated field names (FIELDS is a synonym).  Default `timestamp
 * ip_src`.
 * =item BANNER
 * Written in the `!creator` line.  Default none (no such line).
 * =item VERBOSE
 * Boolean.  Also write `!host` (the machine's name) and `!runtime` (the
 * run's clock at start).  Default false.
 * =item HEADER
 * Boolean.  Write the `!` header lines at all.  Default true.
 * =item ACTIVE
 * Boolean; when false, a pulling ToIPSummaryDump does not pull.
 * Default true.
 * =back
 * =h count read-only
 * Lines written.
 * =h filename read-only
 * The file.
 * =e
 *   FromDump(in.pcap, FORCE_IP true)
 *     -> ToIPSummaryDump(out.txt, CONTENTS ip_src ip_dst sport dport ip_proto);
 * =a FromIPSummaryDump, ToDump, IPPrint
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipsumdump.h"

#define TOISD_BURST	16

struct toisd {
	char *file, *contents, *fields, *banner;
	bool verbose, header, active;
	struct isd_fields fs;
	FILE *fp;
	u64 count;
};

static int toisd_configure(struct kc_elem *e, struct kc_args *args)
{
	struct toisd *t = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "FILENAME", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &t->file, 0 },
		{ "CONTENTS", KC_ARG_STR, 0, &t->contents, 0 },
		{ "FIELDS", KC_ARG_STR, 0, &t->fields, 0 },
		{ "BANNER", KC_ARG_STR, 0, &t->banner, 0 },
		{ "VERBOSE", KC_ARG_BOOL, 0, &t->verbose, 0 },
		{ "HEADER", KC_ARG_BOOL, 0, &t->header, 0 },
		{ "ACTIVE", KC_ARG_BOOL, 0, &t->active, 0 },
	};
	const char *list;

	t->header = true;
	t->active = true;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (t->contents && t->fields)
		return kc_errf(args->err, EINVAL,
			       "CONTENTS and FIELDS: give one of them");
	list = t->contents ? t->contents : t->fields ? t->fields :
		"timestamp ip_src";
	return isd_parse_fields(list, t->fields ? "FIELDS" : "CONTENTS",
				&t->fs, args->err);
}

static int toisd_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct toisd *t = kc_priv(e);
	char host[256] = "";
	u64 ns;
	int i;

	if (kc_user_checking())
		return 0;	/* kclick run --check writes no file */
	t->fp = strcmp(t->file, "-") ? fopen(t->file, "w") : stdout;
	if (!t->fp)
		return kc_errf(err, EIO, "cannot write '%s': %s", t->file,
			       strerror(errno));
	if (t->header) {
		fprintf(t->fp, "!IPSummaryDump 1.3\n");
		if (t->banner)
			fprintf(t->fp, "!creator \"%s\"\n", t->banner);
		if (t->verbose) {
			gethostname(host, sizeof(host) - 1);
			ns = kc_now_ns();
			fprintf(t->fp, "!host %s\n!runtime %llu.%06llu\n", host,
				(unsigned long long)(ns / 1000000000ULL),
				(unsigned long long)(ns % 1000000000ULL / 1000));
		}
		fprintf(t->fp, "!data");
		for (i = 0; i < t->fs.n; i++)
			fprintf(t->fp, " %s", isd_field_name(t->fs.f[i]));
		fprintf(t->fp, "\n");
	}
	if (e->in_proc[0] == KC_PULL)
		kc_task_schedule(e);
	return 0;
}

/* Packet path. */
static void toisd_write(struct toisd *t, struct kc_pkt *p)
{
	const u8 *ip = kc_pkt_nh(p);
	u32 caplen;
	char v[64];
	int i;

	if (ip) {
		caplen = kc_pkt_len(p) - (ip - kc_pkt_data(p));
	} else {
		ip = kc_pkt_data(p);
		caplen = kc_pkt_len(p);
	}
	if (t->fp) {
		for (i = 0; i < t->fs.n; i++) {
			isd_unparse(v, sizeof(v), t->fs.f[i], ip, caplen,
				    kc_pkt_tstamp_ns(p));
			fprintf(t->fp, "%s%s", i ? " " : "", v);
		}
		fputc('\n', t->fp);
	}
	t->count++;
	kc_pkt_consume(p);
}

static void toisd_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	(void)port;
	toisd_write(kc_priv(e), p);
}

static void toisd_run_task(struct kc_elem *e)
{
	struct toisd *t = kc_priv(e);
	struct kc_pkt *p;
	int n;

	if (e->in_proc[0] != KC_PULL || !t->active)
		return;
	for (n = 0; n < TOISD_BURST; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return;
		toisd_write(t, p);
	}
	kc_task_schedule(e);
}

static void toisd_cleanup(struct kc_elem *e)
{
	struct toisd *t = kc_priv(e);

	if (t->fp && t->fp != stdout)
		fclose(t->fp);
	else if (t->fp)
		fflush(t->fp);
	kc_free(t->file);
	kc_free(t->contents);
	kc_free(t->fields);
	kc_free(t->banner);
}

static int toisd_read_count(struct kc_elem *e, struct kc_buf *b)
{
	const struct toisd *t = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)t->count);
	return 0;
}

static int toisd_read_filename(struct kc_elem *e, struct kc_buf *b)
{
	const struct toisd *t = kc_priv(e);

	kc_buf_printf(b, "%s", t->file);
	return 0;
}

static const struct kc_handler toisd_handlers[] = {
	{ .name = "count", .read = toisd_read_count },
	{ .name = "filename", .read = toisd_read_filename },
};

const struct kc_class kc_toipsummarydump_class = {
	.name = "ToIPSummaryDump",
	.ports = "1/0",
	.processing = "a/",
	.priv_size = sizeof(struct toisd),
	.flags = KC_CLASS_F_TASK,
	.configure = toisd_configure,
	.initialize = toisd_initialize,
	.push = toisd_push,
	.run_task = toisd_run_task,
	.cleanup = toisd_cleanup,
	.handlers = toisd_handlers,
	.nhandlers = ARRAY_SIZE(toisd_handlers),
};
