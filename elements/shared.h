/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classes that share one implementation under two Click names (Queue and
 * SimpleQueue, CheckIPHeader and CheckIPHeader2): what one file needs of
 * another: the private structures (so both classes size them exactly) and
 * the functions.  The two route lookups share lib/kc_iplookup.h.
 */
#ifndef KCLICK_ELEMENTS_SHARED_H
#define KCLICK_ELEMENTS_SHARED_H

#include <kclick/element.h>

struct queue {
	kc_lock_t lock;		/* ring, head, len, capacity, highwater */
	struct kc_pkt **ring;
	u32 capacity;
	u32 head, len;
	u32 highwater;
	atomic64_t drops;
};

#define KC_QUEUE_NHANDLERS	5
int kc_queue_configure(struct kc_elem *e, struct kc_args *args);
void kc_queue_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_queue_pull(struct kc_elem *e, int port);
void kc_queue_take_state(struct kc_elem *e, struct kc_elem *old);
void kc_queue_cleanup(struct kc_elem *e);
extern const struct kc_handler kc_queue_handlers[KC_QUEUE_NHANDLERS];

#define CIH_MAX_BADSRC	8

enum cih_reason {
	CIH_SHORT, CIH_VERSION, CIH_HLEN, CIH_LEN, CIH_CSUM, CIH_SRC,
	CIH_NREASONS
};

struct cih_pcpu {
	u64 count;
	u64 drops[CIH_NREASONS];
};

struct checkipheader {
	u32 offset;
	bool checksum;
	int nbadsrc;
	__be32 badsrc[CIH_MAX_BADSRC];
	struct cih_pcpu __percpu *pc;
};

#define KC_CIH_NHANDLERS	3
int kc_checkipheader_setup(struct kc_elem *e, struct kc_args *args,
			   bool checksum);
void kc_checkipheader_push(struct kc_elem *e, int port, struct kc_pkt *p);
struct kc_pkt *kc_checkipheader_pull(struct kc_elem *e, int port);
extern const struct kc_handler kc_checkipheader_handlers[KC_CIH_NHANDLERS];

/* IPAddrRewriter and IPAddrPairRewriter (ipaddrrewriter.c). */
int kc_ipaddrrw_initialize(struct kc_elem *e, struct kc_errbuf *err);
void kc_ipaddrrw_push(struct kc_elem *e, int port, struct kc_pkt *p);

#endif /* KCLICK_ELEMENTS_SHARED_H */
