/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The element API: one struct kc_class per element class, one struct kc_elem
 * per element of an installed graph.
 *
 * Contexts (the same in the kernel and in the userspace harness):
 *   configure, initialize, take_state, cleanup, handler read/write:
 *	process context, the graph update lock held (RTNL in the kernel),
 *	may sleep and allocate with kc_zalloc().
 *   push, pull, task run:
 *	packet path -- softirq (or BH disabled), under rcu_read_lock(); must
 *	not sleep, allocate only through the packet API, take no global lock.
 *	Several CPUs run the same element at once: per-CPU or atomic state.
 */
#ifndef KCLICK_ELEMENT_H
#define KCLICK_ELEMENT_H

#include <kclick/platform.h>
#include <kclick/packet.h>

struct kc_elem;
struct kc_graph;

/* Error text for the user; the engine adds element name, class and line. */
#define KC_ERRBUF_LEN 256
struct kc_errbuf {
	char msg[KC_ERRBUF_LEN];
};

int kc_errf(struct kc_errbuf *err, int errnum, const char *fmt, ...)
	__printf(3, 4);

/*
 * User text inside an error message: at most KC_QUOTE_MAX bytes of the n
 * at s (a whole configuration word can be megabytes, and a printf
 * precision above 32,767 WARNs in the kernel's vsprintf), "..." appended
 * when cut, control characters shown as '?'.  Returns q->s, for "%s":
 *	struct kc_quote q;
 *	kc_errf(err, EINVAL, "'%s' is too long", kc_quote(&q, s, n));
 */
#define KC_QUOTE_MAX 48
struct kc_quote {
	char s[KC_QUOTE_MAX + 4];
};

const char *kc_quote(struct kc_quote *q, const char *s, size_t n);
/* The same for a NUL-terminated string (read no further than needed). */
const char *kc_quote_str(struct kc_quote *q, const char *s);

/* Handler output buffer: text appended with kc_buf_printf(). */
struct kc_buf {
	char *data;
	size_t len, cap;
	bool overflow;
};

void kc_buf_printf(struct kc_buf *b, const char *fmt, ...) __printf(2, 3);
/*
 * Handler helper: print the sum over every CPU of counter i of a per-CPU
 * array of u64 (an element's e->pcpu), as a decimal number.  Returns 0.
 */
int kc_buf_pcpu_u64(struct kc_buf *b, u64 __percpu *v, unsigned int i);

struct kc_handler {
	const char *name;
	/* Either may be NULL.  Process context, graph lock held. */
	int (*read)(struct kc_elem *e, struct kc_buf *out);
	int (*write)(struct kc_elem *e, const char *val, struct kc_errbuf *err);
};

/* Configuration arguments, split Click-style at top-level commas. */
struct kc_arg {
	const char *key;	/* "KEYWORD" for keyword arguments, else NULL */
	const char *val;	/* value text, trimmed */
	bool used;
};

struct kc_args {
	int n;
	struct kc_arg *v;
	char *buf;		/* backing store for key/val strings */
	struct kc_errbuf *err;
};

enum kc_argtype {
	KC_ARG_U32,		/* unsigned, decimal or 0x hex */
	KC_ARG_INT,		/* signed 32-bit */
	KC_ARG_U64,
	KC_ARG_BOOL,		/* true/false/yes/no/1/0 */
	KC_ARG_STR,		/* NUL-terminated copy (char **), kc_free'd by owner */
	KC_ARG_WORD,		/* into char[KCLICK_NAME_MAX-ish] of dst_len */
	KC_ARG_IP4,		/* __be32 */
	KC_ARG_ETH,		/* u8[6] */
	KC_ARG_U8,
	KC_ARG_U16,
	KC_ARG_TIME,		/* u64 ns: Click's time syntax, kc_parse_time */
};

#define KC_ARGF_MANDATORY	0x1	/* must be present */
#define KC_ARGF_POSITIONAL	0x2	/* may be given without its keyword */

struct kc_argspec {
	const char *key;	/* Click keyword, upper case */
	enum kc_argtype type;
	unsigned int flags;
	void *dst;
	size_t dst_len;		/* for KC_ARG_WORD */
};

/*
 * Parse args against spec (Click's Args::read_mp/read_p/read model):
 * positional arguments fill POSITIONAL specs in order, then keywords.
 * Unknown keywords, extra arguments and bad values are errors naming the
 * argument.  Returns 0 or -EINVAL with args->err filled.
 */
int kc_args_parse(struct kc_args *args, const struct kc_argspec *spec,
		  int nspec);
/* Split a configuration string into args (engine use); free with _free. */
int kc_args_split(struct kc_args *args, const char *text);
void kc_args_free(struct kc_args *args);
/*
 * Addresses: the literal, else a name (AddressInfo, a device; see
 * <kclick/names.h>) when parsed while the engine configures an element or
 * writes one of its handlers.  0 or -EINVAL.
 */
int kc_parse_ip4(const char *s, __be32 *out);
int kc_parse_eth(const char *s, u8 *out);
/*
 * Click's IPPrefixArg: "ADDR/LEN" or "ADDR/MASK" (ADDR may have fewer
 * than four parts, "2.0/16", or be a name), a bare address when bare
 * (mask /32), else a name's prefix.  The address is not masked.
 */
int kc_parse_ip4_prefix(const char *s, __be32 *addr, __be32 *mask,
			bool bare);
/*
 * Click's time syntax (SecondsArg, TimestampArg): a decimal number of
 * seconds, or a number and a unit, with or without a space between them:
 * s/sec, ms/msec, us/usec, ns/nsec, m/min, h/hr, d/day ("0.1s", "100ms",
 * "5min", "1.5 h").  Nanoseconds into *ns (digits below 1 ns dropped).
 * 0; -EINVAL with err filled (prefixed "key: ", naming a bad unit) for
 * bad syntax; -EINVAL and an "out of range" message above max_ns.
 */
#define KC_TIME_MAX_NS	(1000000000ULL * 86400 * 365 * 100)	/* 100 y */
int kc_parse_time(const char *key, const char *s, u64 max_ns, u64 *ns,
		  struct kc_errbuf *err);
/* The same, and between min_ns and max_ns ("TIMEOUT: '0' is not 1 s to 86400 s"). */
int kc_parse_time_in(const char *key, const char *s, u64 min_ns, u64 max_ns,
		     u64 *ns, struct kc_errbuf *err);
/*
 * Click's bandwidth syntax (BandwidthArg): a decimal number and an
 * optional unit, with or without a space: bps, b/s or baud (bits a
 * second), Bps or B/s (bytes a second), each with an optional prefix k/K
 * (1,000), M (1,000,000) or G (1,000,000,000): "10Mbps", "1.5MBps",
 * "1000Bps", "64 kbps".  A bare number is bytes a second, as in Click.
 * Bytes a second into *Bps, rounded to the nearest byte; 0, or -EINVAL
 * with err filled ("key: ...") for bad syntax or above 2^32 - 1 B/s.
 */
int kc_parse_bandwidth(const char *key, const char *s, u32 *Bps,
		       struct kc_errbuf *err);
/* A rate in bytes a second for a handler, as Click unparses it ("10Mbps"). */
void kc_buf_bandwidth(struct kc_buf *b, u32 Bps);
/* A time in seconds for a handler: "300", "0.1", "0.000001". */
void kc_buf_time(struct kc_buf *b, u64 ns);
/* The value of a hex digit, or -1. */
int kc_hexval(char c);
/* A decimal or 0x hexadecimal number up to max: 0, -EINVAL or -ERANGE. */
int kc_parse_u64(const char *s, u64 max, u64 *out);

/* Parse one value of a type, as kc_args_parse does; for custom syntax. */
int kc_arg_value(const char *key, const char *val, enum kc_argtype type,
		 void *dst, size_t dst_len, struct kc_errbuf *err);

/* Processing codes per port, resolved at install. */
enum kc_proc { KC_PUSH = 0, KC_PULL = 1 };

/*
 * An XDP frame on its way through a graph (kc_class.xdp).  The KC_XDP_*
 * verdicts are the values of the kernel's enum xdp_action.
 */
struct kc_xdp {
	u8 *data;		/* the Ethernet header */
	u32 len;		/* bytes at data */
	int ifindex;		/* the receiving device */
	u32 act;		/* KC_XDP_DROP ... once an element ends the walk */
	int redirect;		/* KC_XDP_REDIRECT: the device's ifindex */
	u8 paint;		/* Paint's annotation (0 on arrival, as an skb's) */
};

#define KC_XDP_ABORTED	0
#define KC_XDP_DROP	1
#define KC_XDP_PASS	2
#define KC_XDP_TX	3
#define KC_XDP_REDIRECT	4
#define KC_XDP_END	(-1)	/* kc_class.xdp: x->act says what becomes of it */
/* Elements one XDP frame may cross: a cycle of push elements ends here. */
#define KC_XDP_HOPS_MAX	64

/*
 * One end of a connection.  For a push output (e->out[port]) the install
 * also fills direct (engine/graph.c, mark_direct): true when everything
 * the push can reach is PUSH1 or FANOUT elements (KC_CLASS_F_PUSH1,
 * KC_CLASS_F_FANOUT) in no cycle, making at most KC_DIRECT_DEPTH_MAX push
 * calls in all; and push, what kc_push() calls: elem's
 * class's push method on a direct link (no budget: engine/run.c says why
 * that stays bounded), kc_run_push() on the others.  Immutable once the
 * graph is published.
 */
struct kc_link {
	struct kc_elem *elem;	/* the element at the other end */
	void (*push)(struct kc_elem *e, int port, struct kc_pkt *p);
	u16 port;		/* its port */
	bool direct;
};

struct kc_class {
	const char *name;
	/* Click port count spec: "1/1", "1/1-2", "0/1", "1/-", "-/-" */
	const char *ports;
	/* Click processing spec: "a/a", "h/h", "h/l", "a/ah", "l/"... */
	const char *processing;
	size_t priv_size;
	/* Per-CPU state, zeroed, at e->pcpu (from a graph-wide arena). */
	size_t pcpu_size;
	unsigned int flags;	/* KC_CLASS_F_* */

	int (*configure)(struct kc_elem *e, struct kc_args *args);
	/* After every element is configured; attach to devices, start tasks. */
	int (*initialize)(struct kc_elem *e, struct kc_errbuf *err);
	void (*push)(struct kc_elem *e, int port, struct kc_pkt *p);
	struct kc_pkt *(*pull)(struct kc_elem *e, int port);
	/* Run a task scheduled with kc_task_schedule(); packet-path context. */
	void (*run_task)(struct kc_elem *e);
	/*
	 * Carry state from old (a same-named element of the same class in the
	 * graph being replaced).  Called after old has stopped and new is
	 * live: may race with new's packet path.
	 */
	void (*take_state)(struct kc_elem *e, struct kc_elem *old);
	/*
	 * Undo initialize/configure; the element no longer runs.  Also called
	 * when configure or initialize failed part way: the private area
	 * starts zeroed, so test what was set up.
	 */
	void (*cleanup)(struct kc_elem *e);
	const struct kc_handler *handlers;
	int nhandlers;
	/*
	 * Click's cast(): an interface this element offers other elements
	 * (a rewriter's mapper, IPRewriterPatterns' patterns), by name, or
	 * NULL.  Process context or packet path; must not fail otherwise.
	 */
	const void *(*cast)(struct kc_elem *e, const char *iface);
	/*
	 * XDP (FromDevice METHOD XDP, docs/design.md "XDP"): push on a frame
	 * that is no skb.  Returns the output port the frame goes on, or
	 * KC_XDP_END with x->act set.  Called with x NULL at install: 0 if the
	 * element, as configured, runs on XDP frames, else -EOPNOTSUPP.  NULL
	 * (most classes): a graph that would hand the class an XDP frame is
	 * refused, naming the element.  Packet path as push; the frame is
	 * linear, x->len bytes at x->data, and the element may write them.
	 */
	int (*xdp)(struct kc_elem *e, struct kc_xdp *x);
};

#define KC_CLASS_F_TASK		0x1	/* needs a task (pull driver) */
/* Defines address names (AddressInfo): configured before the others. */
#define KC_CLASS_F_NAMES	0x2
/*
 * Each agnostic port takes the mode of what it is connected to, apart
 * from the element's other ports (Click's flow code "x/y": Idle).
 */
#define KC_CLASS_F_AGN_APART	0x4
/*
 * Creates devices (FromHost): initialized before the others, so that a
 * ToHost or ToDevice naming the device in the same graph finds it
 * (Click's CONFIGURE_PHASE_FROMHOST).
 */
#define KC_CLASS_F_DEVICES	0x8
/*
 * Each call of the class's push method pushes at most one packet, at most
 * once, from inside that call, through kc_push() on its own push outputs;
 * with every output in push mode the class pushes from nowhere else (no
 * timer, task or handler pushes, no kc_run_push or kc_run_entry; a pull
 * method that pushes, as CheckIPHeader's to its error output, runs only
 * with a pull output, and an element with one is never behind a direct
 * link), never calls kc_clone() and reads no run state.  Transmits
 * (ToDevice, ToHost) only queue.  Its push then needs no budget when
 * everything after it is such a class too (struct kc_link's direct).
 * Set only after reading the source.
 */
#define KC_CLASS_F_PUSH1	0x10
/*
 * As KC_CLASS_F_PUSH1, but each call may push once through each of its
 * push outputs (Tee: a copy to every output but the last, the packet to
 * the last), and the copies come from kc_clone() only.  Behind a direct
 * link the copies need no run's count: the install bounds the push
 * calls a packet makes there, copies included (engine/graph.c,
 * mark_direct), and kc_clone() does not count for a direct_in element.
 */
#define KC_CLASS_F_FANOUT	0x20
/*
 * The most push calls one push into a direct link can make, all of them
 * (a fan-out's outputs add up, a PUSH1 element's longest output counts):
 * so also the longest chain of direct pushes, and one more than the most
 * copies made behind it.  The stack holds at most KC_DEPTH_MAX counted
 * push levels (engine/graph.h) and this many direct ones above them.
 */
#define KC_DIRECT_DEPTH_MAX	16

struct kc_elem {
	const struct kc_class *cls;
	struct kc_graph *graph;
	char *name;
	char *config;
	u32 index;
	u32 line;
	u16 ninputs, noutputs;
	u8 *in_proc, *out_proc;		/* enum kc_proc per port */
	struct kc_link *out;		/* push outputs: downstream input */
	struct kc_link *in;		/* pull inputs: upstream output */
	/*
	 * The reverse links, for reading the uncounted side of a port: for
	 * each push input, the outputs that push to it; for each pull output,
	 * the inputs that pull from it.  Port k (inputs first, then outputs)
	 * has rev[rev_base[k]] to rev[rev_base[k + 1] - 1].
	 */
	struct kc_link *rev;
	u32 *rev_base;			/* [ninputs + noutputs + 1] */
	u64 __percpu *stats;		/* [ninputs + noutputs] packet counts */
	u64 __percpu *out_stats;	/* stats + ninputs: the outputs' */
	void __percpu *pcpu;		/* cls->pcpu_size bytes per CPU */
	struct kc_task *task;		/* when the class has KC_CLASS_F_TASK */
	/*
	 * A push into this element makes at most KC_DIRECT_DEPTH_MAX push
	 * calls, all on direct links (engine/graph.c, mark_direct): a packet
	 * arriving here (kc_run_entry) needs no run, and its kc_clone()
	 * copies are bounded by the same figure.
	 */
	bool direct_in;
	/* Tasks to wake when this element's pull outputs have packets. */
	struct kc_elem **wake;
	u32 nwake;
	unsigned long priv[] __aligned(sizeof(u64));
};

static inline void *kc_priv(const struct kc_elem *e)
{
	return (void *)e->priv;
}

/*
 * The push budget of the packet this CPU is running (engine/run.c), one
 * word: the element visits it may still make (KC_STEPS_MAX at most) in
 * the high 32 bits, the push levels it may still nest on the stack
 * (KC_DEPTH_MAX at most) in the low 32.  A push takes KC_RUN_HOP (a step
 * and a level) and gives the level back when it returns; taking from a
 * field at 0 makes its top bit (KC_RUN_SPENT) set, and that push goes
 * to kc_run_push_slow() instead, which gives KC_RUN_HOP back and defers,
 * drops, or starts a run.  Outside a run the word is 0, so every counted
 * push takes the slow way.  A push on a direct link (struct kc_link)
 * leaves the word alone.  Packet path: BH disabled, so the word stays
 * this CPU's from the take to the give back.
 */
KC_DECLARE_PER_CPU_SHARED(u64, kc_run_budget);
#define KC_RUN_HOP	((1ULL << 32) | 1)
#define KC_RUN_SPENT	((1ULL << 63) | (1ULL << 31))

void kc_run_push_slow(struct kc_elem *to, int port, struct kc_pkt *p);

/*
 * Packet path: p into input port of to, within the run's bounds: a call
 * of to's push method, or (a bound reached, no run active) the slow way.
 */
static __always_inline void kc_run_push_inline(struct kc_elem *to, int port,
					       struct kc_pkt *p)
{
	u64 b = kc_cpu_var_sub_return(kc_run_budget, KC_RUN_HOP);

	if (unlikely(b & KC_RUN_SPENT)) {
		kc_run_push_slow(to, port, p);
		return;
	}
	to->cls->push(to, port, p);
	kc_cpu_var_add(kc_run_budget, 1);	/* the level back */
}

/* Packet path: hand p to output port of e (push) or fetch from input. */
void kc_run_push(struct kc_elem *to, int port, struct kc_pkt *p);

/*
 * The port counted, then one indirect call through the link: on a direct
 * link (struct kc_link) the next element's push method itself, without
 * the budget, because install proved the pushes it leads to end within
 * KC_DIRECT_DEPTH_MAX calls (engine/run.c); on any other link
 * kc_run_push(), which takes the budget as before.
 */
static inline void kc_push(struct kc_elem *e, int port, struct kc_pkt *p)
{
	const struct kc_link *l = &e->out[port];

	this_cpu_inc(e->out_stats[port]);
	l->push(l->elem, l->port, p);
}

/*
 * Packet path: the upstream element's pull, within the run-time bounds on
 * pull depth and work (run.c); NULL when a bound is reached, and the task
 * that pulls runs again soon.
 */
struct kc_pkt *kc_run_pull(struct kc_elem *from, int port);

static inline struct kc_pkt *kc_pull(struct kc_elem *e, int port)
{
	const struct kc_link *l = &e->in[port];
	struct kc_pkt *p = kc_run_pull(l->elem, l->port);

	if (p)
		this_cpu_inc(e->stats[port]);
	return p;
}

/*
 * Packet path: copy p for a second output (Tee).  The engine bounds the
 * copies made per received packet, so a graph that feeds a Tee into itself
 * cannot multiply one packet without limit: NULL means "drop it".
 */
struct kc_pkt *kc_clone(struct kc_elem *e, struct kc_pkt *p);

/* Packet path: the element dropped p for a reason the user should see. */
void kc_drop(struct kc_elem *e, struct kc_pkt *p);

/*
 * Devices, provided by the platform: kmod/dev.c in the kernel, pcap files
 * in userspace.  Attach at initialize, release at cleanup.
 *
 * A receiving element gets the device's packets through its own push
 * method with port 0 (source elements have no inputs, so push is free to
 * mean "a packet arrived"); data starts at the Ethernet header.
 */
struct kc_devref;
int kc_dev_rx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err);
int kc_dev_tx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err);
void kc_dev_release(struct kc_devref *ref);
/*
 * Receive every frame on the wire (Click's PROMISC): the device stays
 * promiscuous while attached, and again when it comes back.
 */
int kc_dev_rx_promisc(struct kc_devref *ref, struct kc_errbuf *err);
/* Packet path: send p (always consumed); 0, or -ENETDOWN/-ENOBUFS. */
int kc_dev_xmit(struct kc_devref *ref, struct kc_pkt *p);
/*
 * Packet path: false while the device's transmit queue is stopped (a device
 * that is gone counts as ready: kc_dev_xmit drops and counts).
 */
bool kc_dev_tx_ready(struct kc_devref *ref);

/*
 * Receive in sniffer mode (FromDevice's SNIFFER): the host's stack still
 * gets every frame, the element a copy.  Before the graph is live.
 */
int kc_dev_rx_sniffer(struct kc_devref *ref, struct kc_errbuf *err);
/* Frames received for ref's element but lost before it (no memory). */
u64 kc_dev_rx_drops(struct kc_devref *ref);
/*
 * Receive through XDP (FromDevice's METHOD XDP), before the graph is live:
 * the module's kfunc gets the device's frames from the BPF program the
 * library attaches; the rx_handler stays, passing what XDP passes.
 * -EOPNOTSUPP with a message when the kfunc is not registered (a module
 * built without BTF).  In `kclick run` frames take the push path.
 */
int kc_dev_rx_xdp(struct kc_devref *ref, struct kc_errbuf *err);
/*
 * PollDevice without METHOD, at initialize: could ref's frames take XDP?
 * True when the module's kfunc is registered and the device is there with
 * a driver that has native XDP (generic XDP would cost more than the
 * rx_handler it replaces); else false, *why a short reason.  `kclick run`
 * answers false: its devices are pcaps.
 */
bool kc_dev_rx_xdp_native(struct kc_devref *ref, const char **why);
/* Packet path: the ifindex of ref's device, 0 while it is gone. */
int kc_dev_ifindex(struct kc_devref *ref);
/*
 * XDP (engine/xdp.c).  kc_xdp_check, at initialize: every element a frame
 * from from's output 0 can reach runs on XDP frames (kc_class.xdp), or
 * -EOPNOTSUPP naming the first that does not.  kc_xdp_run, packet path:
 * walk x from from's output 0, counting ports as kc_push does; returns
 * the verdict (KC_XDP_DROP past KC_XDP_HOPS_MAX elements, counted in the
 * graph's drops).
 */
int kc_xdp_check(struct kc_elem *from, struct kc_errbuf *err);
/* The walk behind kc_xdp_check: *bad the element that stops XDP, or NULL. */
int kc_xdp_blocker(struct kc_elem *from, struct kc_elem **bad);
u32 kc_xdp_run(struct kc_elem *from, struct kc_xdp *x);

/*
 * The host's own stack (ToHost, ToHostSniffers).  name is a device, or ""
 * for "the device each packet was received on" (a packet the graph made
 * has none and is dropped).  Release with kc_dev_release().
 */
int kc_host_attach(struct kc_elem *e, const char *name,
		   struct kc_devref **out, struct kc_errbuf *err);
/*
 * Packet path: p (at its Ethernet header) is received by the host as if
 * it had just arrived on the device, and never given to a graph again.
 * Always consumed; 0, -ENODEV (no device) or -ENOBUFS (backlog full).
 */
int kc_host_rx(struct kc_devref *ref, struct kc_pkt *p);
/* Packet path: the same, but only packet sockets (tcpdump) see it. */
int kc_host_sniff(struct kc_devref *ref, struct kc_pkt *p);
/*
 * Packet path: p starts at an IPv4 header (ToHost TYPE IP): the host
 * receives it on the device as an IP packet, with no link header.
 * Always consumed; 0, -ENODEV, -EINVAL (not IPv4) or -ENOBUFS.
 */
int kc_host_rx_ip(struct kc_devref *ref, struct kc_pkt *p);

/* Tasks: platform objects the engine creates for KC_CLASS_F_TASK classes. */
struct kc_task *kc_task_alloc(struct kc_elem *e);
/*
 * Stopping a graph's tasks, in phases, because a running task may schedule
 * another (Unqueue wakes a ToDevice): kc_task_stop_begin() on every task
 * (no schedule takes effect after it), then kc_task_stop_finish() on every
 * task (waits for a run in progress and cancels what is pending), then
 * kc_task_stop_finish() on every task again, for the schedules that raced
 * with the first pass.  After that no task runs.  Process context.
 */
void kc_task_stop_begin(struct kc_task *t);
void kc_task_stop_finish(struct kc_task *t);
void kc_task_free(struct kc_task *t);
/*
 * A task runs only once its graph is initialized: a schedule made before
 * (a source starting itself in its initialize, while elements after it
 * are not set up yet -- a ToDevice without its device) is held and takes
 * effect here.  Every task starts after the last initialize succeeded,
 * and in the module after the graph's devices are committed
 * (kc_graph_start_tasks).  Process context.
 */
void kc_task_start(struct kc_task *t);

/* Tasks: a pull driver (ToDevice, Unqueue) asks to be run soon. */
void kc_task_schedule(struct kc_elem *e);
/*
 * Run again after delay_ns (a TX queue is stopped, a shaper waits).  A
 * timer already armed stands if it is due no later; an earlier request
 * replaces it.
 */
void kc_task_schedule_after(struct kc_elem *e, u64 delay_ns);
/* An element with pull outputs got packets: wake whoever pulls them. */
static inline void kc_wake_pullers(struct kc_elem *e)
{
	u32 i;

	for (i = 0; i < e->nwake; i++)
		kc_task_schedule(e->wake[i]);
}

/*
 * Work in process context with the graph lock held, for elements that call
 * handlers (Script): handlers may sleep and need the graph lock, which the
 * packet path and tasks (softirq) cannot give them.  In the kernel a
 * delayed work item on system_wq that runs fn under RTNL (it never waits
 * for RTNL: a graph being torn down holds RTNL while it cancels the work,
 * so the work tries, and comes back a jiffy later when RTNL is busy); in
 * `kclick run` a timer on the virtual clock run by the run loop.
 *
 * kc_work_alloc at configure or initialize; kc_work_schedule (graph lock
 * held) runs fn once, delay_ns from now, replacing an earlier schedule;
 * kc_work_cancel forgets a schedule; kc_work_free (cleanup, graph lock
 * held) cancels, waits for a run in progress and frees.  In `kclick run` a
 * schedule made before the run starts counts from the first packet's time.
 */
struct kc_work;
struct kc_work *kc_work_alloc(struct kc_elem *e, void (*fn)(struct kc_elem *e));
void kc_work_schedule(struct kc_work *w, u64 delay_ns);
void kc_work_cancel(struct kc_work *w);
/*
 * Packet path (or anywhere): run w soon, as kc_work_schedule(w, 0) does,
 * unless a run is scheduled already (then that one stands).  Needs no
 * lock; the element must be live (not yet in cleanup).
 */
void kc_work_kick(struct kc_work *w);
void kc_work_free(struct kc_work *w);

/*
 * Click's driver stop events (graph lock held).  kc_driver_stop: e asks
 * the driver to stop (Script's `stop`, a DriverManager whose script
 * ended).  kc_driver_manage: e (a DriverManager, a Script of TYPE DRIVER)
 * decides when the driver stops; every stop event then calls step(e)
 * instead, until e itself asks to stop.  In `kclick run` the driver is the
 * run loop, and inputs running dry is one stop event; in the kernel an
 * installed graph runs until it is removed, so a stop is logged and
 * ignored, and kc_driver_manage does nothing (docs/design.md).
 */
void kc_driver_stop(struct kc_elem *e);
int kc_driver_manage(struct kc_elem *e, void (*step)(struct kc_elem *e),
		     struct kc_errbuf *err);

/* Process context, graph lock held: call a handler of an element. */
int kc_handler_read(struct kc_elem *e, const char *name, struct kc_buf *out,
		    struct kc_errbuf *err);
int kc_handler_write(struct kc_elem *e, const char *name, const char *val,
		     struct kc_errbuf *err);

/*
 * Packet path or process context: wake the tasks that pull through e, an
 * element with pull inputs (PullSwitch after its input changed): e's own
 * wake list is empty, the pull sources upstream hold them (engine/run.c).
 */
void kc_wake_through(struct kc_elem *e);

/*
 * Click's simple_action for 1-input, 1-output agnostic elements: act(e, p)
 * returns the packet to pass on, or NULL once it has dropped or sent p
 * elsewhere.
 *
 * Pulled, such an element must not answer NULL while upstream still holds
 * packets: the tasks pulling through it sleep on NULL, and only a queue
 * going from empty to non-empty wakes them.  So it pulls again after a
 * drop; after KC_PULL_DROPS_MAX drops in one pull it wakes its pullers (so
 * they come back) and answers NULL, which bounds the work of one pull.
 */
#define KC_PULL_DROPS_MAX	16

typedef struct kc_pkt *(*kc_action_fn)(struct kc_elem *e, struct kc_pkt *p);

static inline void kc_simple_push(struct kc_elem *e, struct kc_pkt *p,
				  kc_action_fn act)
{
	p = act(e, p);
	if (p)
		kc_push(e, 0, p);
}

static inline struct kc_pkt *kc_simple_pull(struct kc_elem *e,
					    kc_action_fn act)
{
	struct kc_pkt *p;
	int n;

	for (n = 0; n < KC_PULL_DROPS_MAX; n++) {
		p = kc_pull(e, 0);
		if (!p)
			return NULL;
		p = act(e, p);
		if (p)
			return p;
	}
	kc_wake_pullers(e);
	return NULL;
}

/*
 * Configure and initialize time: the element called name in e's graph, or
 * NULL.  Every element of the graph exists (it may not be configured yet:
 * look at what it offers from initialize on).
 */
struct kc_elem *kc_elem_find(struct kc_elem *e, const char *name);
/* The same time: element idx (from 0) of e's graph, or NULL past the end. */
struct kc_elem *kc_elem_nth(struct kc_elem *e, u32 idx);

/* The interface iface of element e (its class's .cast), or NULL. */
static inline const void *kc_elem_cast(struct kc_elem *e, const char *iface)
{
	return e->cls->cast ? e->cls->cast(e, iface) : NULL;
}

/* Class registry: one constant table, elements/classes.def. */
const struct kc_class *kc_class_find(const char *name);
/* Iterate classes in registration order; idx from 0; NULL at the end. */
const struct kc_class *kc_class_nth(unsigned int idx);

/* Every class, declared here so each definition is checked against it. */
#define KC_CLASS(sym) extern const struct kc_class sym;
#include "../../elements/classes.def"
#ifndef __KERNEL__
#include "../../user/classes_user.def"
#endif
#undef KC_CLASS

#endif /* KCLICK_ELEMENT_H */
