// SPDX-License-Identifier: GPL-2.0
/*
 * Click's IP summary dump text format, shared by FromIPSummaryDump and
 * ToIPSummaryDump (ipsumdump.h).  Userspace only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsumdump.h"

static const char *const isd_names[ISD_NFIELD] = {
	[ISD_IP_SRC] = "ip_src", [ISD_IP_DST] = "ip_dst",
	[ISD_SPORT] = "sport", [ISD_DPORT] = "dport",
	[ISD_IP_PROTO] = "ip_proto", [ISD_PAYLOAD_LEN] = "payload_len",
	[ISD_IP_LEN] = "ip_len", [ISD_IP_ID] = "ip_id",
	[ISD_IP_TTL] = "ip_ttl", [ISD_IP_TOS] = "ip_tos",
	[ISD_TCP_FLAGS] = "tcp_flags", [ISD_TCP_SEQ] = "tcp_seq",
	[ISD_TCP_ACK] = "tcp_ack", [ISD_TIMESTAMP] = "timestamp",
	[ISD_COUNT] = "count",
};

/* Click's short names for the same fields. */
static const struct { const char *alias; int f; } isd_aliases[] = {
	{ "src", ISD_IP_SRC }, { "dst", ISD_IP_DST },
	{ "proto", ISD_IP_PROTO }, { "len", ISD_IP_LEN },
	{ "length", ISD_IP_LEN }, { "id", ISD_IP_ID },
	{ "ttl", ISD_IP_TTL }, { "tos", ISD_IP_TOS },
	{ "tcp_flag", ISD_TCP_FLAGS }, { "seq", ISD_TCP_SEQ },
	{ "ack", ISD_TCP_ACK }, { "ts", ISD_TIMESTAMP },
	{ "packet_count", ISD_COUNT }, { "pkt_count", ISD_COUNT },
	{ "payload_length", ISD_PAYLOAD_LEN },
};

/* TCP flag letters, bit 0 (FIN) first, as Click writes them. */
static const char isd_flag_chars[] = "FSRPAUEW";

const char *isd_field_name(int f)
{
	return f >= 0 && f < ISD_NFIELD ? isd_names[f] : "?";
}

static int isd_lookup(const char *w)
{
	size_t i;

	for (i = 0; i < ISD_NFIELD; i++)
		if (!strcmp(w, isd_names[i]))
			return i;
	for (i = 0; i < ARRAY_SIZE(isd_aliases); i++)
		if (!strcmp(w, isd_aliases[i].alias))
			return isd_aliases[i].f;
	return -1;
}

int isd_parse_fields(const char *list, const char *what,
		     struct isd_fields *out, struct kc_errbuf *err)
{
	char buf[ISD_LINE_MAX], bad[256] = "", *s = buf, *w;
	int f;

	if (strlen(list) >= sizeof(buf))
		return kc_errf(err, EINVAL, "%s: longer than %d bytes", what,
			       ISD_LINE_MAX - 1);
	strcpy(buf, list);
	out->n = 0;
	while ((w = strsep(&s, " \t\r\n"))) {
		if (!*w)
			continue;
		f = isd_lookup(w);
		if (f < 0) {
			size_t l = strlen(bad);

			snprintf(bad + l, sizeof(bad) - l, "%s'%s'",
				 l ? ", " : "", w);
			continue;
		}
		if (out->n == ISD_FIELDS_MAX)
			return kc_errf(err, EINVAL, "%s: more than %d fields",
				       what, ISD_FIELDS_MAX);
		out->f[out->n++] = f;
	}
	if (bad[0])
		return kc_errf(err, EINVAL,
			       "%s: unknown field %s (kclick knows ip_src ip_dst sport dport ip_proto payload_len ip_len ip_id ip_ttl ip_tos tcp_flags tcp_seq tcp_ack timestamp count)",
			       what, bad);
	if (!out->n)
		return kc_errf(err, EINVAL, "%s: no fields", what);
	return 0;
}

static u32 rd16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 rd32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

void isd_unparse(char *out, size_t size, int f, const u8 *ip, u32 caplen,
		 u64 ts_ns)
{
	u32 hl, tl, off, proto, th = 0;
	const u8 *t;
	bool frag, tcp, udp, ports;
	char fl[9];
	int i, n = 0;

	if (f == ISD_TIMESTAMP) {
		snprintf(out, size, "%llu.%06llu",
			 (unsigned long long)(ts_ns / 1000000000ULL),
			 (unsigned long long)(ts_ns % 1000000000ULL / 1000));
		return;
	}
	if (f == ISD_COUNT) {
		snprintf(out, size, "1");
		return;
	}
	snprintf(out, size, "-");
	if (!ip || caplen < 20 || (ip[0] >> 4) != 4 || (ip[0] & 15) < 5)
		return;
	hl = (ip[0] & 15) * 4;
	tl = rd16(ip + 2);
	proto = ip[9];
	frag = rd16(ip + 6) & 0x1fff;
	t = ip + hl;
	tcp = proto == 6 && !frag && caplen >= hl + 20;
	udp = proto == 17 && !frag && caplen >= hl + 8;
	ports = tcp || udp;
	switch (f) {
	case ISD_IP_SRC:
	case ISD_IP_DST:
		t = ip + (f == ISD_IP_SRC ? 12 : 16);
		snprintf(out, size, "%u.%u.%u.%u", t[0], t[1], t[2], t[3]);
		break;
	case ISD_SPORT:
	case ISD_DPORT:
		if (ports)
			snprintf(out, size, "%u", rd16(t + (f == ISD_SPORT ? 0 : 2)));
		break;
	case ISD_IP_PROTO:
		if (proto == 6 || proto == 17 || proto == 1)
			snprintf(out, size, "%c", proto == 6 ? 'T' :
				 proto == 17 ? 'U' : 'I');
		else
			snprintf(out, size, "%u", proto);
		break;
	case ISD_PAYLOAD_LEN:
		if (tcp)
			th = (t[12] >> 4) * 4;
		else if (udp)
			th = 8;
		if (tl >= hl + th)
			snprintf(out, size, "%u", tl - hl - th);
		break;
	case ISD_IP_LEN:
		snprintf(out, size, "%u", tl);
		break;
	case ISD_IP_ID:
		snprintf(out, size, "%u", rd16(ip + 4));
		break;
	case ISD_IP_TTL:
		snprintf(out, size, "%u", ip[8]);
		break;
	case ISD_IP_TOS:
		snprintf(out, size, "%u", ip[1]);
		break;
	case ISD_TCP_FLAGS:
		if (!tcp)
			break;
		for (i = 0; i < 8; i++)
			if (t[13] & (1 << i))
				fl[n++] = isd_flag_chars[i];
		fl[n] = 0;
		snprintf(out, size, "%s", n ? fl : ".");
		break;
	case ISD_TCP_SEQ:
	case ISD_TCP_ACK:
		off = f == ISD_TCP_SEQ ? 4 : 8;
		if (tcp)
			snprintf(out, size, "%u", rd32(t + off));
		break;
	}
}

static int isd_num(const char *w, u32 max, u32 *out)
{
	char *end;
	unsigned long long v;

	if (*w < '0' || *w > '9')
		return -EINVAL;
	v = strtoull(w, &end, 0);
	if (*end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* "SEC[.FRAC]", FRAC up to 9 digits. */
static int isd_ts(const char *w, u64 *out)
{
	u64 sec = 0, frac = 0;
	int digits = 0;

	if (*w < '0' || *w > '9')
		return -EINVAL;
	for (; *w >= '0' && *w <= '9'; w++) {
		if (sec > 4000000000ULL)
			return -EINVAL;
		sec = sec * 10 + (*w - '0');
	}
	if (*w == '.')
		for (w++; *w >= '0' && *w <= '9'; w++)
			if (digits < 9) {
				frac = frac * 10 + (*w - '0');
				digits++;
			}
	if (*w)
		return -EINVAL;
	for (; digits < 9; digits++)
		frac *= 10;
	*out = sec * 1000000000ULL + frac;
	return 0;
}

static int isd_field_value(int f, const char *w, struct isd_vals *v)
{
	static const u32 max[ISD_NFIELD] = {
		[ISD_SPORT] = 65535, [ISD_DPORT] = 65535,
		[ISD_IP_PROTO] = 255, [ISD_PAYLOAD_LEN] = 65535,
		[ISD_IP_LEN] = 65535, [ISD_IP_ID] = 65535,
		[ISD_IP_TTL] = 255, [ISD_IP_TOS] = 255,
		[ISD_TCP_FLAGS] = 255, [ISD_TCP_SEQ] = 0xffffffff,
		[ISD_TCP_ACK] = 0xffffffff, [ISD_COUNT] = ISD_COUNT_MAX,
	};
	const char *c;
	u32 fl = 0;

	switch (f) {
	case ISD_IP_SRC:
		return kc_parse_ip4(w, &v->src);
	case ISD_IP_DST:
		return kc_parse_ip4(w, &v->dst);
	case ISD_TIMESTAMP:
		return isd_ts(w, &v->ts_ns);
	case ISD_IP_PROTO:
		if (!strcmp(w, "T") || !strcmp(w, "U") || !strcmp(w, "I")) {
			v->v[f] = *w == 'T' ? 6 : *w == 'U' ? 17 : 1;
			return 0;
		}
		break;
	case ISD_TCP_FLAGS:
		if (*w >= '0' && *w <= '9')
			break;
		if (!strcmp(w, ".")) {
			v->v[f] = 0;
			return 0;
		}
		for (; *w; w++) {
			c = strchr(isd_flag_chars, *w);
			if (!c || !*w)
				return -EINVAL;
			fl |= 1u << (c - isd_flag_chars);
		}
		v->v[f] = fl;
		return 0;
	}
	return isd_num(w, max[f], &v->v[f]);
}

int isd_parse_line(char *line, const struct isd_fields *fs,
		   struct isd_vals *v, struct kc_errbuf *err)
{
	char *s = line, *w;
	int i = 0;

	memset(v, 0, sizeof(*v));
	while ((w = strsep(&s, " \t\r\n"))) {
		if (!*w)
			continue;
		if (i == fs->n)
			return kc_errf(err, EINVAL, "more than the %d fields of !data",
				       fs->n);
		if (strcmp(w, "-")) {
			if (isd_field_value(fs->f[i], w, v))
				return kc_errf(err, EINVAL, "%s: bad value '%.40s'",
					       isd_names[fs->f[i]], w);
			v->have |= 1u << fs->f[i];
		}
		i++;
	}
	if (i < fs->n)
		return kc_errf(err, EINVAL, "%d fields, !data names %d", i,
			       fs->n);
	return 0;
}

static u32 isd_sum(u32 sum, const u8 *p, u32 len)
{
	u32 i;

	for (i = 0; i + 1 < len; i += 2)
		sum += rd16(p + i);
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	return sum;
}

static u16 isd_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void wr16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void wr32(u8 *p, u32 v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v);
}

#define HAS(v, f)	((v)->have & (1u << (f)))

int isd_build(const struct isd_vals *v, bool checksum, u8 *buf, u32 cap,
	      struct kc_errbuf *err)
{
	u32 proto, th, len;
	u8 *t = buf + 20;
	u16 s;

	if (HAS(v, ISD_IP_PROTO))
		proto = v->v[ISD_IP_PROTO];
	else if (HAS(v, ISD_TCP_FLAGS) || HAS(v, ISD_TCP_SEQ) ||
		 HAS(v, ISD_TCP_ACK) || HAS(v, ISD_SPORT) ||
		 HAS(v, ISD_DPORT))
		proto = 6;
	else
		proto = 0;
	/* As Click's payload_len: all past the IP header but TCP and UDP's. */
	th = proto == 6 ? 20 : proto == 17 ? 8 : 0;
	if (HAS(v, ISD_IP_LEN))
		len = v->v[ISD_IP_LEN];
	else
		len = 20 + th + (HAS(v, ISD_PAYLOAD_LEN) ?
				 v->v[ISD_PAYLOAD_LEN] : 0);
	if (len < 20 + th || len > 65535 || len > cap)
		return kc_errf(err, EINVAL,
			       "ip_len %u: not %u (the headers) to 65535", len,
			       20 + th);
	memset(buf, 0, len);
	buf[0] = 0x45;
	buf[1] = v->v[ISD_IP_TOS];
	wr16(buf + 2, len);
	wr16(buf + 4, v->v[ISD_IP_ID]);
	buf[8] = v->v[ISD_IP_TTL];
	buf[9] = proto;
	memcpy(buf + 12, &v->src, 4);
	memcpy(buf + 16, &v->dst, 4);
	if (proto == 6 || proto == 17) {
		wr16(t, v->v[ISD_SPORT]);
		wr16(t + 2, v->v[ISD_DPORT]);
	}
	if (proto == 6) {
		wr32(t + 4, v->v[ISD_TCP_SEQ]);
		wr32(t + 8, v->v[ISD_TCP_ACK]);
		t[12] = 5 << 4;
		t[13] = v->v[ISD_TCP_FLAGS];
	} else if (proto == 17) {
		wr16(t + 4, len - 20);
	}
	if (!checksum)
		return len;
	wr16(buf + 10, isd_fold(isd_sum(0, buf, 20)));
	if (proto == 6 || proto == 17) {
		/* Pseudo-header: addresses, protocol, transport length. */
		s = isd_fold(isd_sum(proto + len - 20, buf + 12, 8) +
			     isd_sum(0, t, len - 20));
		if (proto == 17 && !s)
			s = 0xffff;
		wr16(t + (proto == 6 ? 16 : 6), s);
	} else if (proto == 1 && len >= 28) {
		wr16(t + 2, isd_fold(isd_sum(0, t, len - 20)));
	}
	return len;
}
