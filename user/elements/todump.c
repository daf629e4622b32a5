// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ToDump(FILENAME [, SNAPLEN, ENCAP])
 * =s traces
 * writes packets to a pcap file (kclick run only)
 * =d
 * Writes every packet pushed to it to FILENAME in pcap format (through
 * libpcap, nanosecond timestamps from the run's clock), starting at the
 * packet's current data, and drops it.  SNAPLEN (default 0: whole packets)
 * limits the bytes kept of each.  ENCAP must be ETHER, the default.
 *
 * Exists only in `kclick run`; the kernel has no files to write.
 * =h count read-only
 * Packets written.
 * =h filename read-only
 * The file.
 * =e
 *   FromDump(in.pcap) -> Strip(14) -> Unstrip(14) -> ToDump(out.pcap);
 * =a FromDump, ToDevice
 */
#include <pcap/pcap.h>

#include "../kcuser.h"

struct todump {
	char *file;
	u32 snaplen;
	char encap[16];
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
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (td->encap[0] && strcmp(td->encap, "ETHER"))
		return kc_errf(args->err, EINVAL,
			       "ENCAP: only ETHER is supported, not '%s'",
			       td->encap);
	return 0;
}

static int todump_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct todump *td = kc_priv(e);

	if (kc_user_checking())
		return 0;	/* kclick run --check writes no file */
	td->dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB,
			td->snaplen ? td->snaplen : 262144,
			PCAP_TSTAMP_PRECISION_NANO);
	if (!td->dead)
		return -ENOMEM;
	td->out = pcap_dump_open(td->dead, td->file);
	if (!td->out)
		return kc_errf(err, EIO, "cannot write '%s': %s", td->file,
			       pcap_geterr(td->dead));
	return 0;
}

/* Packet path. */
static void todump_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct todump *td = kc_priv(e);
	struct pcap_pkthdr h;
	u64 ns = kc_now_ns();

	(void)port;
	h.ts.tv_sec = ns / 1000000000ULL;
	h.ts.tv_usec = ns % 1000000000ULL;
	h.len = kc_pkt_len(p);
	h.caplen = td->snaplen && td->snaplen < h.len ? td->snaplen : h.len;
	pcap_dump((u_char *)td->out, &h, kc_pkt_data(p));
	td->count++;
	kc_pkt_consume(p);
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

static const struct kc_handler todump_handlers[] = {
	{ .name = "count", .read = todump_read_count },
	{ .name = "filename", .read = todump_read_filename },
};

const struct kc_class kc_todump_class = {
	.name = "ToDump",
	.ports = "1/0",
	.processing = "h/",
	.priv_size = sizeof(struct todump),
	.configure = todump_configure,
	.initialize = todump_initialize,
	.push = todump_push,
	.cleanup = todump_cleanup,
	.handlers = todump_handlers,
	.nhandlers = ARRAY_SIZE(todump_handlers),
};
