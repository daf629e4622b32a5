/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the IP classifier compiler: what the language front end
 * (kc_cls_parse.c: Click's IPFilter/IPClassifier expressions -> lists of
 * conjunctions of intervals) hands the tree builder (kc_classify.c).
 */
#ifndef KC_CLS_H
#define KC_CLS_H

#include <kclick/classify.h>

/*
 * Header fields of one rule set that are not among the fixed ones below
 * (ip id, ip dscp, tcp win, ip[POS:LEN], transp[POS:LEN], masked values,
 * non-prefix netmasks): each distinct one takes a slot.
 */
#define KC_CLS_MAX_DYN		12
/* ip[POS:LEN], transp[POS:LEN]: POS + LEN at most this (Click's bound). */
#define KC_CLS_MAX_OFFSET	8192

/*
 * Fixed fields.  Ports, the ICMP type and the TCP flags read a value
 * above their real range ("absent") when the packet has none.  F_NLEN
 * and F_TLEN are the bytes present from the IP header and from the
 * transport header (0 unless a first fragment); a dynamic field is only
 * trusted where its rule also asks for enough of them.
 */
enum kc_cls_field {
	F_PROTO, F_SRC, F_DST, F_SPORT, F_DPORT, F_ICMPTYPE, F_TOS, F_TTL,
	F_VERS, F_HL, F_FRAG, F_LEN, F_SYN, F_ACK, F_FIN, F_RST, F_PSH, F_URG,
	F_NLEN, F_TLEN,
	F_DYN,
	NFIELDS = F_DYN + KC_CLS_MAX_DYN
};

/* value = (the LEN bytes at base + POS, big-endian, >> shift) & mask */
struct kc_cls_dyn {
	u16 pos;
	u8 len, shift;
	u8 transp;		/* base: 0 the IP header, 1 the transport header */
	u32 mask;
};

struct conj {
	u32 mask;		/* fields constrained */
	s32 out;
	u32 lo[NFIELDS], hi[NFIELDS];
};

struct clist {
	struct conj *v;
	u32 n, cap;
};

/* What kc_cls_parse() produces. */
struct kc_cls_rules {
	struct clist cl;	/* in rule order */
	struct kc_cls_dyn dyn[KC_CLS_MAX_DYN];
	int ndyn;
	/*
	 * Bytes a packet may be read at: need_ip from the IP header (at
	 * least 20), need_tp from the transport header (0: none read).
	 * Fixed fields add theirs in kc_cls_compile().
	 */
	u32 need_ip, need_tp;
};

/* Largest value field f reads, absent value included. */
u32 kc_cls_field_max(int f);
int kc_cls_cl_add(struct clist *l, const struct conj *c);
void kc_cls_cl_free(struct clist *l);

int kc_cls_parse(enum kc_cls_mode mode, const char *const *rules,
		 int nrules, int noutputs, struct kc_cls_rules *out,
		 struct kc_errbuf *err);

#endif /* KC_CLS_H */
