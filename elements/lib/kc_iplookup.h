/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KCLICK_ELEMENTS_IPLOOKUP_H
#define KCLICK_ELEMENTS_IPLOOKUP_H

#include <kclick/element.h>

/*
 * Route tables (kc_iplookup.c), shared by LinearIPLookup and
 * RadixIPLookup.  The table is RCU-protected; its update side is the graph
 * lock (RTNL).
 */
struct kc_rt_table;
struct kc_iplookup {
	struct kc_rt_table __rcu *tab;
	bool radix;
	u64 __percpu *drops;
};

int kc_iplookup_configure(struct kc_elem *e, struct kc_args *args,
			  bool radix);
void kc_iplookup_cleanup(struct kc_elem *e);
void kc_iplookup_push(struct kc_elem *e, int port, struct kc_pkt *p);
int kc_iplookup_read_table(struct kc_elem *e, struct kc_buf *b);
int kc_iplookup_read_drops(struct kc_elem *e, struct kc_buf *b);
int kc_iplookup_write_add(struct kc_elem *e, const char *val,
			  struct kc_errbuf *err);
int kc_iplookup_write_set(struct kc_elem *e, const char *val,
			  struct kc_errbuf *err);
int kc_iplookup_write_remove(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err);

#endif /* KCLICK_ELEMENTS_IPLOOKUP_H */
