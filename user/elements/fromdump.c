// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * FromDump(FILENAME [, KEYWORDS])
 * =s traces
 * reads packets from a pcap file (kclick run only)
 * =d
 * Pushes the packets of a pcap file (read with libpcap) to its output,
 * starting at the link header, in timestamp order with the run's other
 * inputs.  The run's clock follows the timestamps, so time-based elements
 * behave as they did when the trace was taken, however fast the run goes.
 * The file must have Ethernet (EN10MB) or raw IP (DLT_RAW, as ToDump's
 * ENCAP IP writes) link type; a raw IP file's packets start at their IP
 * header, which is annotated (as MarkIPHeader would).
 *
 * Exists only in `kclick run`; the kernel has no files to read.
 *
 * Keyword arguments:
 * =over 8
 * =item STOP
 * Boolean.  Accepted for Click compatibility; a run always stops once
 * every input is exhausted.
 * =item TIMING
 * Boolean.  Must be false (the default): offline runs go as fast as they
 * can, on the trace's own clock.
 * =item ACTIVE
 * Boolean.  If false, no packet is read.  Default true.
 * =item FORCE_IP
 * Boolean.  If true, only IPv4 packets are pushed (an Ethernet frame
 * whose type is not 0x0800 or whose header is not IPv4, or a raw packet
 * that is not IPv4, is dropped) and their IP header is annotated; the
 * packet still starts at its link header.  Default false.
 * =back
 * =h dropped read-only
 * Packets FORCE_IP dropped.
 * =h count read-only
 * Packets pushed so far.
 * =h filename read-only
 * The file.
 * =e
 *   FromDump(in.pcap) -> Counter -> ToDump(out.pcap);
 * =a ToDump, FromDevice
 */
#include "../kcuser.h"

struct fromdump {
	char *file;
	bool stop, timing, active, force_ip;
	u64 count, dropped;
	struct kc_devref *ref;
};

static int fromdump_configure(struct kc_elem *e, struct kc_args *args)
{
	struct fromdump *fd = kc_priv(e);
	const struct kc_argspec spec[] = {
		{ "FILENAME", KC_ARG_STR, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  &fd->file, 0 },
		{ "STOP", KC_ARG_BOOL, 0, &fd->stop, 0 },
		{ "TIMING", KC_ARG_BOOL, 0, &fd->timing, 0 },
		{ "ACTIVE", KC_ARG_BOOL, 0, &fd->active, 0 },
		{ "FORCE_IP", KC_ARG_BOOL, 0, &fd->force_ip, 0 },
	};

	fd->active = true;
	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (fd->timing)
		return kc_errf(args->err, EINVAL,
			       "TIMING: real-time replay is not supported; offline runs follow the trace's clock");
	return 0;
}

static int fromdump_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct fromdump *fd = kc_priv(e);

	fd->ref = kc_user_source_open(e, fd->file, err);
	if (!fd->ref)
		return -EINVAL;
	kc_user_source_set_active(fd->ref, fd->active);
	return 0;
}

/* Packet path: the run loop delivers the file's packets here. */
static void fromdump_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	struct fromdump *fd = kc_priv(e);
	bool raw = kc_user_source_raw_ip(fd->ref);
	const u8 *d = kc_pkt_data(p);
	u32 len = kc_pkt_len(p), off = raw ? 0 : 14;

	(void)port;
	if (len >= off + 20 && (d[off] >> 4) == 4 &&
	    (raw || (d[12] == 0x08 && d[13] == 0x00))) {
		if (raw || fd->force_ip)
			kc_pkt_set_nh(p, off);
	} else if (fd->force_ip) {
		fd->dropped++;
		kc_pkt_drop(p);
		return;
	}
	fd->count++;
	kc_push(e, 0, p);
}

static void fromdump_cleanup(struct kc_elem *e)
{
	struct fromdump *fd = kc_priv(e);

	kc_dev_release(fd->ref);
	kc_free(fd->file);
}

static int fromdump_read_count(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromdump *fd = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)fd->count);
	return 0;
}

static int fromdump_read_filename(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromdump *fd = kc_priv(e);

	kc_buf_printf(b, "%s", fd->file);
	return 0;
}

static int fromdump_read_dropped(struct kc_elem *e, struct kc_buf *b)
{
	const struct fromdump *fd = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)fd->dropped);
	return 0;
}

static const struct kc_handler fromdump_handlers[] = {
	{ .name = "count", .read = fromdump_read_count },
	{ .name = "dropped", .read = fromdump_read_dropped },
	{ .name = "filename", .read = fromdump_read_filename },
};

const struct kc_class kc_fromdump_class = {
	.name = "FromDump",
	.ports = "0/1",
	.processing = "/h",
	.priv_size = sizeof(struct fromdump),
	.configure = fromdump_configure,
	.initialize = fromdump_initialize,
	.push = fromdump_push,
	.cleanup = fromdump_cleanup,
	.handlers = fromdump_handlers,
	.nhandlers = ARRAY_SIZE(fromdump_handlers),
};
