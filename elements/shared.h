/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classes that share one implementation under two Click names (Queue and
 * SimpleQueue, CheckIPHeader and CheckIPHeader2, the two route lookups):
 * what one file needs of another.  The private sizes are bounds, checked at build time
 * in the file that owns the structure.
 */
#ifndef KCLICK_ELEMENTS_SHARED_H
#define KCLICK_ELEMENTS_SHARED_H

#include <kclick/element.h>

/* Room for a spinlock with lockdep's map (about 64 bytes) and the ring. */
#define KC_QUEUE_PRIV_SIZE	192
#define KC_QUEUE_NHANDLERS	5
int kc_queue_configure(struct kc_elem *e, struct kc_args *args);
void kc_queue_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_queue_pull(struct kc_elem *e, int port);
void kc_queue_take_state(struct kc_elem *e, struct kc_elem *old);
void kc_queue_cleanup(struct kc_elem *e);
extern const struct kc_handler kc_queue_handlers[KC_QUEUE_NHANDLERS];

#define KC_CIH_PRIV_SIZE	64
#define KC_CIH_PCPU_SIZE	(8 * 7)
#define KC_CIH_NHANDLERS	3
int kc_checkipheader_setup(struct kc_elem *e, struct kc_args *args,
			   bool checksum);
void kc_checkipheader_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_checkipheader_pull(struct kc_elem *e, int port);
extern const struct kc_handler kc_checkipheader_handlers[KC_CIH_NHANDLERS];

/*
 * Route lookup (kc_iplookup.c), for LinearIPLookup and RadixIPLookup.  The
 * table is RCU-protected; its update side is the graph lock (RTNL).
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

#endif /* KCLICK_ELEMENTS_SHARED_H */
