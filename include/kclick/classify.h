/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IP classifier compiler shared by IPFilter and IPClassifier
 * (elements/lib/kc_classify.c).
 *
 * Rules in Click's tcpdump-like language are parsed into a disjunction of
 * conjunctions of interval constraints on packet fields (source address,
 * protocol, ports, ...), then compiled into a decision tree whose internal
 * nodes each look at one field and pick a child by binary search over the
 * field's interval boundaries.  A path tests each field at most once, so a
 * packet costs at most one search per field however many rules there are.
 *
 * Compiling runs in process context and may sleep; evaluating is packet
 * path: no allocation, no lock, read-only on the program.
 */
#ifndef KCLICK_CLASSIFY_H
#define KCLICK_CLASSIFY_H

#include <kclick/element.h>

enum kc_cls_mode {
	KC_CLS_IPCLASSIFIER,	/* pattern i -> output i */
	KC_CLS_IPFILTER,	/* "ACTION pattern": allow, deny/drop, N */
};

/* Bounds that keep a compile finite and its program small. */
#define KC_CLS_MAX_RULES	16384
#define KC_CLS_MAX_CONJS	65536	/* after negations are pushed down */
#define KC_CLS_MAX_NODES	(1 << 18)	/* beyond: rules checked in order */

struct kc_cls_prog;

/*
 * Compile rules[0..nrules) (one Click argument each) for an element with
 * noutputs outputs.  Errors name the rule (1-based) and the token.
 */
int kc_cls_compile(enum kc_cls_mode mode, const char *const *rules,
		   int nrules, int noutputs, struct kc_cls_prog **out,
		   struct kc_errbuf *err);
void kc_cls_free(struct kc_cls_prog *prog);

/*
 * Packet path: the output for the IPv4 header at ip (len bytes of packet
 * from there), or -1 to drop.
 */
int kc_cls_eval(const struct kc_cls_prog *prog, const u8 *ip,
		unsigned int len);

/* The program, for the `program` handler: nodes, depth, the tree. */
void kc_cls_describe(const struct kc_cls_prog *prog, struct kc_buf *b);

/*
 * What IPFilter and IPClassifier share: the program (RCU-protected;
 * updated under the graph lock, RTNL in the kernel, by the `config` write
 * handler), the configuration text it came from, and drop counts.
 */
struct kc_cls_elem {
	struct kc_cls_prog __rcu *prog;
	char *config;
	enum kc_cls_mode mode;
	u64 __percpu *drops;
};

int kc_cls_elem_configure(struct kc_elem *e, struct kc_args *args,
			  enum kc_cls_mode mode);
void kc_cls_elem_push(struct kc_elem *e, int port, struct kc_pkt *p);
void kc_cls_elem_cleanup(struct kc_elem *e);
int kc_cls_elem_read_config(struct kc_elem *e, struct kc_buf *b);
int kc_cls_elem_write_config(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err);
int kc_cls_elem_read_program(struct kc_elem *e, struct kc_buf *b);
int kc_cls_elem_read_drops(struct kc_elem *e, struct kc_buf *b);

#endif /* KCLICK_CLASSIFY_H */
