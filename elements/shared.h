/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classes that share one implementation under two Click names (Queue and
 * SimpleQueue, CheckIPHeader and CheckIPHeader2, Script and
 * DriverManager): what one file needs of
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
/* FullNoteQueue's full notification, for sources that listen to it. */
struct kc_elem *kc_fullnote_find(struct kc_elem *e, int port);
bool kc_fullnote_full(struct kc_elem *q);

/* BADSRC addresses, INTERFACES' broadcasts included; GOODDST addresses. */
#define CIH_MAX_BADSRC	16
#define CIH_MAX_GOODDST	8

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
	int ngooddst;
	__be32 badsrc[CIH_MAX_BADSRC];
	__be32 gooddst[CIH_MAX_GOODDST];
	bool verbose, details;
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

/* FromDevice and PollDevice (fromdevice.c). */
struct fromdevice {
	char devname[32];
	bool promisc;
	bool sniffer;
	bool xdp;		/* METHOD XDP */
	bool method_set;	/* METHOD or CAPTURE given */
	bool poll_auto;		/* PollDevice without METHOD: XDP if it can */
	struct kc_devref *ref;
	/* PollDevice on LINUX, why (initialize; read by `mapping`): */
	const char *no_xdp;		/* a reason from the platform, or */
	const struct kc_elem *blocker;	/* the element XDP frames cannot enter */
};

#define KC_FROMDEVICE_NHANDLERS	5
int kc_fromdevice_configure(struct kc_elem *e, struct kc_args *args);
int kc_fromdevice_initialize(struct kc_elem *e, struct kc_errbuf *err);
void kc_fromdevice_push(struct kc_elem *e, int port, struct kc_pkt *p);
void kc_fromdevice_cleanup(struct kc_elem *e);
extern const struct kc_handler kc_fromdevice_handlers[KC_FROMDEVICE_NHANDLERS];

/* ToHost and ToHostSniffers (tohost.c). */
struct tohost_pcpu {
	u64 sent;
	u64 drops;
};

struct tohost {
	char devname[32];
	bool sniffers;
	bool ip;			/* TYPE IP: packets start at the IP header */
	struct kc_devref *ref;
	struct tohost_pcpu __percpu *pc;
	atomic64_t base_sent, base_drops;
};

#define KC_TOHOST_NHANDLERS	3
int kc_tohost_setup(struct kc_elem *e, struct kc_args *args, bool sniffers);
int kc_tohost_initialize(struct kc_elem *e, struct kc_errbuf *err);
void kc_tohost_push(struct kc_elem *e, int port, struct kc_pkt *p);
void kc_tohost_take_state(struct kc_elem *e, struct kc_elem *old);
void kc_tohost_cleanup(struct kc_elem *e);
extern const struct kc_handler kc_tohost_handlers[KC_TOHOST_NHANDLERS];

/* InfiniteSource and RatedSource (infinitesource.c). */
#define KC_SOURCE_DATA_MAX	16384
extern const char kc_source_default_data[];
int kc_source_data(const char *t, u8 **data, u32 *len,
		   struct kc_errbuf *err);
int kc_source_resize(u8 **data, u32 *len, int length,
		     struct kc_errbuf *err);

/* Script and DriverManager (script.c, drivermanager.c). */
#define KC_SCRIPT_NAME_MAX	32	/* a variable's name, with the NUL */

enum sc_type { SC_ACTIVE, SC_PASSIVE, SC_DRIVER };

struct sc_insn {
	u8 op;
	char *arg;		/* the text after the instruction's name */
};

struct sc_var {
	char name[KC_SCRIPT_NAME_MAX];
	char *val;
};

struct script {
	u8 type;
	int n;
	struct sc_insn *insns;
	int nvars;
	struct sc_var *vars;
	int ip;			/* next instruction; n: the script ended */
	bool blocked;		/* at insns[ip], a wait or a pause */
	bool running;
	u32 pause_left;
	char *ret;		/* the last `return` value */
	struct kc_work *work;
	u64 errors;
};

#define KC_SCRIPT_NHANDLERS	4
int kc_drivermanager_configure(struct kc_elem *e, struct kc_args *args);
int kc_script_initialize(struct kc_elem *e, struct kc_errbuf *err);
void kc_script_cleanup(struct kc_elem *e);
extern const struct kc_handler kc_script_handlers[KC_SCRIPT_NHANDLERS];

/*
 * Shaper and BandwidthShaper, RatedUnqueue and BandwidthRatedUnqueue: a
 * token bucket kept as the time it will be full again ("tat", the
 * theoretical arrival time of GCRA): RATE units a second (packets or
 * bytes), at most BURST units in the bucket.  A unit costs 1e9 / RATE ns
 * (rounded down, so the rate errs high by under 1 ns a unit).  The bucket
 * allows a packet while tat is at most slack ns ahead of now; taking n
 * units moves tat to max(tat, now) + n units' cost.
 */
#define KC_SHAPE_RATE_MAX	1000000000u	/* packets/s: 1 ns a packet */

struct kc_shaper {
	kc_lock_t lock;		/* tat */
	u64 tat;
	u32 rate;		/* units a second, 1 or more */
	u32 burst_size;		/* units; 0: burst_ns decides */
	u64 burst_ns;		/* BURST_DURATION, ns */
	bool bytes;		/* units are bytes (the Bandwidth classes) */
	bool unqueue;		/* RatedUnqueue: a task that pushes */
	bool active;
	atomic64_t count;	/* packets passed */
	atomic64_t due;		/* Shaper: when its task wakes the pullers */
	bool backlog;		/* Shaper: a packet waits for its slot */
};

/* How far a late pull with a backlog may reach back (shaper_take). */
#define KC_SHAPE_CATCHUP_NS	10000000ULL	/* 10 ms */

#define KC_SHAPER_NHANDLERS	3	/* rate, count, reset */
#define KC_RUNQ_NHANDLERS	4	/* and active */
#define KC_RUNQ_BURST		32	/* packets a task run */
int kc_shaper_configure(struct kc_elem *e, struct kc_args *args);
struct kc_pkt *kc_shaper_pull(struct kc_elem *e, int port);
void kc_shaper_run_task(struct kc_elem *e);
int kc_runq_configure(struct kc_elem *e, struct kc_args *args);
void kc_runq_run_task(struct kc_elem *e);
extern const struct kc_handler kc_shaper_handlers[KC_SHAPER_NHANDLERS];
extern const struct kc_handler kc_runq_handlers[KC_RUNQ_NHANDLERS];

#endif /* KCLICK_ELEMENTS_SHARED_H */
