/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Click's IP summary dump text format (FromIPSummaryDump,
 * ToIPSummaryDump): the fields kclick knows, their text, and building an
 * IPv4 packet from one line.  Userspace only (kclick run).
 */
#ifndef KC_USER_IPSUMDUMP_H
#define KC_USER_IPSUMDUMP_H

#include "../kcuser.h"

/* Bounds (docs/limits.md). */
#define ISD_LINE_MAX	1024	/* bytes of one line, newline included */
#define ISD_FIELDS_MAX	32	/* fields of a !data line or CONTENTS */
#define ISD_COUNT_MAX	1000	/* copies of one line (MULTIPACKET) */

enum isd_field {
	ISD_IP_SRC, ISD_IP_DST, ISD_SPORT, ISD_DPORT, ISD_IP_PROTO,
	ISD_PAYLOAD_LEN, ISD_IP_LEN, ISD_IP_ID, ISD_IP_TTL, ISD_IP_TOS,
	ISD_TCP_FLAGS, ISD_TCP_SEQ, ISD_TCP_ACK, ISD_TIMESTAMP, ISD_COUNT,
	ISD_NFIELD
};

struct isd_fields {
	u8 f[ISD_FIELDS_MAX];
	int n;
};

/* One line's values; have has bit 1 << field for each one given. */
struct isd_vals {
	u32 have;
	__be32 src, dst;
	u32 v[ISD_NFIELD];	/* the numeric fields */
	u64 ts_ns;
};

const char *isd_field_name(int f);
/*
 * Parse a space-separated list of field names into out; what names the
 * fields in messages ("CONTENTS", "!data").  Unknown names are refused,
 * all of them named.
 */
int isd_parse_fields(const char *list, const char *what,
		     struct isd_fields *out, struct kc_errbuf *err);
/* Append field f of the IPv4 packet at ip (caplen bytes), or "-". */
void isd_unparse(char *out, size_t size, int f, const u8 *ip, u32 caplen,
		 u64 ts_ns);
/* Parse a data line with fields fs; 0 or -EINVAL with the reason. */
int isd_parse_line(char *line, const struct isd_fields *fs,
		   struct isd_vals *v, struct kc_errbuf *err);
/*
 * Build the packet of v into buf (cap bytes): IPv4 header, a TCP (20) or
 * UDP (8) header, zero payload (an ICMP header is payload, as in Click's
 * payload_len).  Returns its length, or -EINVAL with the reason.
 * checksum: set the IP, TCP, UDP and ICMP checksums.
 */
int isd_build(const struct isd_vals *v, bool checksum, u8 *buf, u32 cap,
	      struct kc_errbuf *err);

#endif
