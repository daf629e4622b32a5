// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToDump(FILENAME [, SNAPLEN, ENCAP, KEYWORDS])
 * =s traces
 * writes packets to a pcap file (kclick run only)
 * =d
 * Writes every packet it gets to FILENAME in pcap format (through
 * libpcap, nanosecond timestamps from the run's clock), starting at the
 * packet's current data, and drops it.  SNAPLEN (default 0: whole packets)
 * limits the bytes kept of each.  ENCAP is the file's link type: ETHER
 * (the default, EN10MB) or IP (raw IPv4, DLT_RAW: the packets must start
 * at their IP header, e.g. after Strip(14)).
 *
 * Its input is agnostic, as Click's: pushed to, it writes what arrives;
 * pulled from (`Queue -> ToDump`), it runs a task that pulls whenever the
 * queue upstream has packets (the queue wakes it), at most BURST per run.
 * =over 8
 * =item ACTIVE
 * Boolean; when false, a pulling ToDump does not pull.  Default true.
 * =item BURST
 * Packets pulled per task run, 1 to 1024.  Default 16.
 * =back
 *
 * Exists only in `kclick run`; the kernel has no files to write.
 * =h count read-only
 * Packets written.
 * =h filename read-only
 * The file.
 * =h active read/write
 * ACTIVE.
 * =e
 *   FromDump(in.pcap) -> Strip(14) -> Unstrip(14) -> ToDump(out.pcap);
 *   FromDump(in.pcap) -> Strip(14) -> Queue -> ToDump(ip.pcap, ENCAP IP);
 * =a FromDump, ToDevice
 */
#include <pcap/pcap.h>

#include "../kcuser.h"

#define TODUMP_BURST_MAX	1024

struct todump {
	char *file;
	u32 snaplen;
	char encap[16];
	u32 burst;
	bool active;
	int dlt;
	pcap_t *dead;
	pcap_dumper_t *out;
	u64 count;
};

static int todump_configure(struct kc_elem *e, struct kc_args *args)
{
	struct todump *td = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "FILENAME", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &td->file, 0 },
		{ "SNAPLEN", KC_ARG_U32, KC_ARGF_POSITIONAL, &td->snaplen, 0 },
		{ "ENCAP", KC_ARG_WORD, KC_ARGF_POSITIONAL, td->encap,
		  sizeof(td->encap) },
		{ "ACTIVE", KC_ARG_BOOL, 0, &td->active, 0 },
		{ "BURST", KC_ARG_U32, 0, &td->burst, 0 },
	};

	td->active = true;
	td->burst = 16;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!td->encap[0] || !strcmp(td->encap, "ETHER"))
		td->dlt = DLT_EN10MB;
	else if (!strcmp(td->encap, "IP"))
		td->dlt = DLT_RAW;
	else
		return kc_errf(args->err, EINVAL,
			       "ENCAP: '%s' is not ETHER or IP", td->encap);
	if (!td->burst || td->burst > TODUMP_BURST_MAX)
		return kc_errf(args->err, EINVAL, "BURST: %u is not 1 to %d",
			       td->burst, TODUMP_BURST_MAX);
	return 0;
}

static int todump_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct todump *td = kc_priv(e);

	if (kc_user_checking())
		return 0;	/* kclick run --check writes no file */
	td->dead = pcap_open_dead_with_tstamp_precision(td->dlt,
			td->snaplen ? td->snaplen : 262144,
			PCAP_TSTAMP_PRECISION_NANO);
	if (!td->dead)
		return -ENOMEM;
	td->out = pcap_dump_open(td->dead, td->file);
	if (!td->out)
		return kc_errf(err, EIO, "cannot write '%s': %s", td->file,
			       pcap_geterr(td->dead));
	/* Pulling: a queue that starts with packets (carried) is drained. */
	if (e->in_proc[0] == KC_PULL)
		kc_task_schedule(e);
	return 0;
}

/* Packet path. */
static void todump_write(struct todump *td, struct kc_pkt *p)
{
	struct pcap_pkthdr h;
	u64 ns = kc_now_ns();

	h.ts.tv_sec = ns / 1000000000ULL;
	h.ts.tv_usec = ns % 1000000000ULL;
	h.len = kc_pkt_len(p);
	h.caplen = td->snaplen && td->snaplen < h.len ? td->snaplen : h.len;
	if (td->out)
		pcap_dump((u_char *)td->out, &h, kc_pkt_data(p));
	td->count++;
	kc_pkt_consume(p);
}

static void todump_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	(void)port;
	todump_write(kc_priv(e), p);
}

/* Task: only when the input pulls. */
static void todump_run_task(struct kc_elem *e)
{
	struct todump *td = kc_priv(e);
	struct kc_pkt *p;
	u32 n;

	if (e->in_proc[0] != KC_PULL || !td->active)
		return;		/* the active handler reschedules */
	for (n = 0; n < td->burst; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return;	/* the queue wakes us when it fills again */
		todump_write(td, p);
	}
	kc_task_schedule(e);
}

static void todump_cleanup(struct kc_elem *e)
{
	struct todump *td = kc_priv(e);

	if (td->out)
		pcap_dump_close(td->out);
	if (td->dead)
		pcap_close(td->dead);
	kc_free(td->file);
}

static int todump_read_count(struct kc_elem *e, struct kc_buf *b)
{
	const struct todump *td = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)td->count);
	return 0;
}

static int todump_read_filename(struct kc_elem *e, struct kc_buf *b)
{
	const struct todump *td = kc_priv(e);

	kc_buf_printf(b, "%s", td->file);
	return 0;
}

static int todump_read_active(struct kc_elem *e, struct kc_buf *b)
{
	kc_buf_printf(b, "%s", ((struct todump *)kc_priv(e))->active ?
		      "true" : "false");
	return 0;
}

static int todump_write_active(struct kc_elem *e, const char *val,
			       struct kc_errbuf *err)
{
	struct todump *td = kc_priv(e);
	bool v = false;

	if (kc_arg_value("ACTIVE", val, KC_ARG_BOOL, &v, sizeof(v), err))
		return -EINVAL;
	td->active = v;
	if (v && e->in_proc[0] == KC_PULL)
		kc_task_schedule(e);
	return 0;
}

static const struct kc_handler todump_handlers[] = {
	{ .name = "count", .read = todump_read_count },
	{ .name = "active", .read = todump_read_active,
	  .write = todump_write_active },
	{ .name = "filename", .read = todump_read_filename },
};

const struct kc_class kc_todump_class = {
	.name = "ToDump",
	.ports = "1/0",
	.processing = "a/",
	.priv_size = sizeof(struct todump),
	.flags = KC_CLASS_F_TASK,
	.configure = todump_configure,
	.initialize = todump_initialize,
	.push = todump_push,
	.run_task = todump_run_task,
	.cleanup = todump_cleanup,
	.handlers = todump_handlers,
	.nhandlers = ARRAY_SIZE(todump_handlers),
};
