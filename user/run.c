// SPDX-License-Identifier: GPL-2.0
/*
 * Offline runs: devices bound to pcap files, the run loop, and building a
 * graph from a parsed configuration (what kmod/netlink.c and netns.c do in
 * the kernel).
 *
 * Every input (a device's pcap, a FromDump's file) is read ahead by one
 * packet; the loop always delivers the earliest packet of all inputs next,
 * with the virtual clock set to its timestamp, then runs the tasks it made
 * ready.  At the end, pending timers run on the virtual clock.
 */
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include <kclick/names.h>
#include "kcuser.h"
#include "../lib/kclick.h"

/* How far past the last packet timers still run at the end of a run. */
#define KC_USER_DRAIN_NS	(10ULL * 1000000000ULL)
/* The same with a DriverManager, which decides when the run ends. */
#define KC_USER_DRIVER_NS	(600ULL * 1000000000ULL)
#define KC_USER_SNAPLEN		262144

struct kc_user_dev {
	char name[64];
	int ifindex;
	struct kc_user_dev *next;
	/* Input: read ahead by one packet. */
	pcap_t *in;
	char *in_path;
	struct kc_elem *rx_elem;
	bool active;
	bool have;
	bool raw_ip;		/* a source whose packets start at IP */
	bool xdp;		/* FromDevice METHOD XDP: frames take kc_xdp_run */
	/* A source that makes its packets (FromIPSummaryDump), not a pcap. */
	kc_user_source_fn make;
	u8 *nbuf;
	struct pcap_pkthdr hdr;
	const u_char *data;
	/* Output. */
	pcap_t *dead;
	pcap_dumper_t *out;
	u64 rx, tx;
	/* Addresses (--dev-addr): what a device name means as an address. */
	u8 has;			/* 1 << enum kc_devaddr */
	__be32 ip, mask, gw;
	u8 eth[6];
};

struct kc_devref {
	struct kc_user_dev *dev;
	bool rx;
};

struct kc_user_run {
	struct kc_graph *g;
	struct kc_user_dev *devs;
	int next_ifindex;
	struct kc_errbuf *err;	/* while initializing */
	bool check;		/* kc_user_check: devices need no input */
};

/* The run being built (devices attach during kc_graph_initialize). */
static struct kc_user_run *cur_run;

static struct kc_user_dev *dev_find(struct kc_user_run *r, const char *name)
{
	struct kc_user_dev *d;

	for (d = r->devs; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static struct kc_user_dev *dev_new(struct kc_user_run *r, const char *name)
{
	struct kc_user_dev *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->ifindex = ++r->next_ifindex;
	d->active = true;
	d->next = r->devs;
	r->devs = d;
	return d;
}

static int open_in(struct kc_user_dev *d, const char *path, bool raw_ok,
		   struct kc_errbuf *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	int dlt;

	d->in = pcap_open_offline_with_tstamp_precision(path,
							 PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!d->in)
		return kc_errf(err, ENOENT, "cannot read '%s': %s", path, ebuf);
	dlt = pcap_datalink(d->in);
	d->raw_ip = raw_ok && (dlt == DLT_RAW || dlt == DLT_IPV4);
	if (dlt != DLT_EN10MB && !d->raw_ip) {
		kc_errf(err, EINVAL, "'%s' has link type %s; kclick reads Ethernet (EN10MB)%s",
			path, pcap_datalink_val_to_name(dlt),
			raw_ok ? " or raw IP" : "");
		pcap_close(d->in);
		d->in = NULL;
		return -EINVAL;
	}
	d->in_path = strdup(path);
	return 0;
}

static int open_out(struct kc_user_dev *d, const char *path,
		    struct kc_errbuf *err)
{
	d->dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB,
						       KC_USER_SNAPLEN,
						       PCAP_TSTAMP_PRECISION_NANO);
	if (!d->dead)
		return kc_errf(err, ENOMEM, "out of memory");
	d->out = pcap_dump_open(d->dead, path);
	if (!d->out) {
		kc_errf(err, EIO, "cannot write '%s': %s", path,
			pcap_geterr(d->dead));
		pcap_close(d->dead);
		d->dead = NULL;
		return -EIO;
	}
	return 0;
}

static void dev_close(struct kc_user_dev *d)
{
	if (d->in)
		pcap_close(d->in);
	if (d->out)
		pcap_dump_close(d->out);
	if (d->dead)
		pcap_close(d->dead);
	free(d->in_path);
	free(d->nbuf);
	free(d);
}

/* ---- the device API of element.h ---- */

int kc_dev_rx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_user_dev *d = cur_run ? dev_find(cur_run, name) : NULL;
	struct kc_devref *ref;

	if (!d && cur_run && cur_run->check)
		d = dev_new(cur_run, name);	/* --check: never receives */
	if (!d || (!d->in && !(cur_run && cur_run->check)))
		return kc_errf(err, ENODEV,
			       "device '%s' has no input: bind it with --dev %s=IN.pcap",
			       name, name);
	if (d->rx_elem)
		return kc_errf(err, EBUSY,
			       "device %s is already received from in this graph",
			       name);
	ref = kc_zalloc(sizeof(*ref));
	if (!ref)
		return -ENOMEM;
	ref->dev = d;
	ref->rx = true;
	d->rx_elem = e;
	*out = ref;
	return 0;
}

int kc_dev_tx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_user_dev *d;
	struct kc_devref *ref;

	(void)e;
	if (!cur_run)
		return kc_errf(err, ENODEV, "no device '%s' outside a run", name);
	d = dev_find(cur_run, name);
	if (!d)
		d = dev_new(cur_run, name);	/* unbound: count and drop */
	ref = d ? kc_zalloc(sizeof(*ref)) : NULL;
	if (!ref)
		return -ENOMEM;
	ref->dev = d;
	*out = ref;
	return 0;
}

int kc_dev_rx_promisc(struct kc_devref *ref, struct kc_errbuf *err)
{
	(void)ref;
	(void)err;
	return 0;	/* a pcap has every frame */
}

void kc_dev_release(struct kc_devref *ref)
{
	if (!ref)
		return;
	if (ref->rx && ref->dev->rx_elem)
		ref->dev->rx_elem = NULL;
	kc_free(ref);
}

int kc_dev_xmit(struct kc_devref *ref, struct kc_pkt *p)
{
	struct kc_user_dev *d = ref->dev;
	struct pcap_pkthdr h;
	u64 ns = kc_now_ns();

	if (d->out) {
		h.ts.tv_sec = ns / 1000000000ULL;
		h.ts.tv_usec = ns % 1000000000ULL;	/* nanosecond file */
		h.caplen = h.len = kc_pkt_len(p);
		pcap_dump((u_char *)d->out, &h, kc_pkt_data(p));
	}
	d->tx++;
	kc_pkt_consume(p);
	return 0;
}

bool kc_dev_tx_ready(struct kc_devref *ref)
{
	(void)ref;
	return true;
}

int kc_dev_rx_sniffer(struct kc_devref *ref, struct kc_errbuf *err)
{
	(void)ref;
	(void)err;
	return 0;	/* a pcap has no host to keep the frames */
}

u64 kc_dev_rx_drops(struct kc_devref *ref)
{
	(void)ref;
	return 0;
}

/*
 * METHOD XDP in `kclick run`: the device's frames go through kc_xdp_run(),
 * as the kernel's kfunc runs them, and the verdict is carried out by the
 * run loop (run_xdp): XDP_TX written to the receiving device's output,
 * a redirect to the target's, XDP_PASS to the host pseudo-device.
 */
int kc_dev_rx_xdp(struct kc_devref *ref, struct kc_errbuf *err)
{
	(void)err;
	ref->dev->xdp = true;
	return 0;
}

bool kc_dev_rx_xdp_native(struct kc_devref *ref, const char **why)
{
	(void)ref;
	*why = "kclick run's devices are pcaps (in the module: XDP where the driver has native XDP)";
	return false;
}

/*
 * The host's stack (ToHost, ToHostSniffers) is one pseudo-device named
 * "host": bound with --dev host=:OUT.pcap it writes what the host would
 * have received, else it counts.  As in the kernel, a packet with no
 * receiving device (made by the graph) needs a DEVNAME.
 */
#define KC_USER_HOST_DEV	"host"

struct kc_user_host_ref {
	struct kc_devref ref;	/* first: the element holds &ref */
	bool named;
};

/* The device whose frame kc_xdp_run() is running (run_xdp), or 0. */
static int xdp_rx_ifindex;

/*
 * ToDevice's device; the host pseudo-device stands for every device, so
 * a named ToHost passes whatever device received the frame.
 */
int kc_dev_ifindex(struct kc_devref *ref)
{
	if (!strcmp(ref->dev->name, KC_USER_HOST_DEV))
		return xdp_rx_ifindex;
	return ref->dev->ifindex;
}

int kc_host_attach(struct kc_elem *e, const char *name,
		   struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_user_host_ref *h;
	struct kc_user_dev *d;

	(void)e;
	if (!cur_run)
		return kc_errf(err, ENODEV, "no host outside a run");
	d = dev_find(cur_run, KC_USER_HOST_DEV);
	if (!d)
		d = dev_new(cur_run, KC_USER_HOST_DEV);
	h = d ? kc_zalloc(sizeof(*h)) : NULL;
	if (!h)
		return -ENOMEM;
	h->ref.dev = d;
	h->named = name[0] != 0;
	*out = &h->ref;
	return 0;
}

int kc_host_rx(struct kc_devref *ref, struct kc_pkt *p)
{
	struct kc_user_host_ref *h = (struct kc_user_host_ref *)ref;

	if ((!h->named && !p->ifindex) || kc_pkt_len(p) < 14) {
		kc_pkt_drop(p);
		return -ENODEV;
	}
	return kc_dev_xmit(ref, p);
}

int kc_host_sniff(struct kc_devref *ref, struct kc_pkt *p)
{
	return kc_host_rx(ref, p);
}

/*
 * ToHost TYPE IP: the host device's pcap is Ethernet, so the packet is
 * written behind a zeroed Ethernet header of type IPv4.
 */
int kc_host_rx_ip(struct kc_devref *ref, struct kc_pkt *p)
{
	u8 *eth;

	if (kc_pkt_len(p) < 20 || (kc_pkt_data(p)[0] >> 4) != 4) {
		kc_pkt_drop(p);
		return -EINVAL;
	}
	eth = kc_pkt_push(p, 14);
	if (!eth) {
		kc_pkt_drop(p);
		return -ENOBUFS;
	}
	memset(eth, 0, 12);
	eth[12] = 0x08;
	eth[13] = 0x00;
	return kc_host_rx(ref, p);
}

/* ---- device names as addresses ---- */

int kc_dev_addr(struct kc_elem *e, const char *name, enum kc_devaddr kind,
		u8 *out)
{
	struct kc_user_run *r = e->graph ? e->graph->owner : NULL;
	struct kc_user_dev *d = r ? dev_find(r, name) : NULL;

	if (!d || !(d->has & (1 << kind)))
		return -ENOENT;
	switch (kind) {
	case KC_DEVADDR_IP:
		memcpy(out, &d->ip, 4);
		break;
	case KC_DEVADDR_PREFIX:
		memcpy(out, &d->ip, 4);
		memcpy(out + 4, &d->mask, 4);
		break;
	case KC_DEVADDR_ETH:
		memcpy(out, d->eth, 6);
		break;
	case KC_DEVADDR_GW:
		memcpy(out, &d->gw, 4);
		break;
	}
	return 0;
}

/* "ADDR[,ADDR...]": 18.26.4.9[/24], an Ethernet address, gw=IP. */
static int set_addrs(struct kc_user_dev *d, const char *list,
		     struct kc_errbuf *err)
{
	char buf[256], *s = buf, *w;

	if (strlen(list) >= sizeof(buf))
		return kc_errf(err, EINVAL, "address list too long");
	strcpy(buf, list);
	while ((w = strsep(&s, ","))) {
		__be32 a, m;

		if (!strncmp(w, "gw=", 3) && !kc_parse_ip4(w + 3, &a)) {
			d->gw = a;
			d->has |= 1 << KC_DEVADDR_GW;
		} else if (!kc_parse_eth(w, d->eth)) {
			d->has |= 1 << KC_DEVADDR_ETH;
		} else if (!kc_parse_ip4_prefix(w, &a, &m, true)) {
			d->ip = a;
			d->has |= 1 << KC_DEVADDR_IP;
			if (strchr(w, '/')) {
				d->mask = m;
				d->has |= 1 << KC_DEVADDR_PREFIX;
			}
		} else {
			return kc_errf(err, EINVAL,
				       "'%s' is neither an IPv4 address[/prefix], an Ethernet address nor gw=IP",
				       w);
		}
	}
	return 0;
}

/* ---- sources (FromDump) ---- */

struct kc_devref *kc_user_source_open(struct kc_elem *e, const char *file,
				      struct kc_errbuf *err)
{
	struct kc_user_dev *d;
	struct kc_devref *ref;
	char name[64];

	if (!cur_run) {
		kc_errf(err, EINVAL, "FromDump runs only in 'kclick run'");
		return NULL;
	}
	snprintf(name, sizeof(name), "<%s>", e->name);
	d = dev_new(cur_run, name);
	ref = kc_zalloc(sizeof(*ref));
	if (!d || !ref || (!cur_run->check && open_in(d, file, true, err))) {
		kc_free(ref);
		if (d)
			d->rx_elem = NULL;
		return NULL;
	}
	ref->dev = d;
	ref->rx = true;
	d->rx_elem = e;
	return ref;
}

void kc_user_source_set_active(struct kc_devref *ref, bool active)
{
	ref->dev->active = active;
}

bool kc_user_source_raw_ip(const struct kc_devref *ref)
{
	return ref->dev->raw_ip;
}

struct kc_devref *kc_user_source_open_fn(struct kc_elem *e,
					 kc_user_source_fn next,
					 struct kc_errbuf *err)
{
	struct kc_user_dev *d;
	struct kc_devref *ref;
	char name[64];

	if (!cur_run) {
		kc_errf(err, EINVAL, "%s runs only in 'kclick run'",
			e->cls->name);
		return NULL;
	}
	snprintf(name, sizeof(name), "<%s>", e->name);
	d = dev_new(cur_run, name);
	ref = kc_zalloc(sizeof(*ref));
	if (d)
		d->nbuf = malloc(KC_USER_SOURCE_MAX);
	if (!d || !ref || !d->nbuf) {
		kc_free(ref);
		return NULL;
	}
	d->make = next;
	d->raw_ip = true;
	ref->dev = d;
	ref->rx = true;
	d->rx_elem = e;
	return ref;
}

/* ---- the driver (element.h: kc_driver_stop, kc_driver_manage) ---- */

/*
 * kclick run's loop is Click's driver.  Without a manager, a stop request
 * ends the run at once; with one (DriverManager, Script TYPE DRIVER), each
 * request from another element is a stop event that steps the manager
 * (later, from the loop: never inside the element that asked), and the
 * run ends when the manager itself asks, i.e. its script ended.
 */
static struct {
	struct kc_elem *manager;
	void (*step)(struct kc_elem *e);
	unsigned int events;
	bool stop;
} drv;

void kc_driver_stop(struct kc_elem *e)
{
	if (drv.manager && e != drv.manager)
		drv.events++;
	else
		drv.stop = true;
}

int kc_driver_manage(struct kc_elem *e, void (*step)(struct kc_elem *e),
		     struct kc_errbuf *err)
{
	if (!step) {
		if (drv.manager == e)
			drv.manager = NULL;
		return 0;
	}
	if (drv.manager && drv.manager != e)
		return kc_errf(err, EEXIST,
			       "'%s' manages the driver already; a configuration has one DriverManager",
			       drv.manager->name);
	drv.manager = e;
	drv.step = step;
	return 0;
}

bool kc_user_driver_stopped(void)
{
	return drv.stop;
}

void kc_user_driver_event(void)
{
	if (drv.manager)
		drv.step(drv.manager);
	else
		drv.stop = true;
}

void kc_user_driver_reset(void)
{
	drv.events = 0;
	drv.stop = false;
}

/* Stop events raised since the last call step the manager, in turn. */
static void driver_poll(void)
{
	while (drv.events && !drv.stop) {
		drv.events--;
		kc_user_driver_event();
	}
}

/*
 * Run tasks and works, moving the virtual clock to each deadline in turn,
 * until nothing is pending, a deadline passes limit or the driver stops.
 */
static void drain(u64 limit_ns)
{
	u64 next;

	for (;;) {
		kc_user_tasks_run();
		driver_poll();
		if (drv.stop)
			return;
		next = kc_user_timers_next();
		if (!next || next > limit_ns)
			return;
		if (next > kc_now_ns())
			kc_user_clock_set(next);
	}
}

/* ---- building and running ---- */

struct kc_graph *kc_user_graph_build(const struct kc_cfg *cfg,
				     struct kc_errbuf *err, int *bad_elem)
{
	struct kc_graph_desc d = { 0 };
	struct kc_elem_desc *el;
	struct kc_link_desc *ln;
	struct kc_graph *g;
	size_t i;

	*bad_elem = -1;
	el = calloc(cfg->nelems + 1, sizeof(*el));
	ln = calloc(cfg->nlinks + 1, sizeof(*ln));
	if (!el || !ln) {
		free(el);
		free(ln);
		kc_errf(err, ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < cfg->nelems; i++) {
		el[i].name = cfg->elems[i].name;
		el[i].cls = cfg->elems[i].cls;
		el[i].config = cfg->elems[i].config;
		el[i].line = cfg->elems[i].line;
	}
	for (i = 0; i < cfg->nlinks; i++) {
		ln[i].from = cfg->links[i].from;
		ln[i].from_port = cfg->links[i].from_port;
		ln[i].to = cfg->links[i].to;
		ln[i].to_port = cfg->links[i].to_port;
	}
	d.nelems = cfg->nelems;
	d.nlinks = cfg->nlinks;
	d.elems = el;
	d.links = ln;
	g = kc_graph_build(&d, cur_run, err, bad_elem);
	free(el);
	free(ln);
	return g;
}

/* The module's error shape: "FILE:LINE:COL: element 'x' (Class): msg". */
static int elem_err(const struct kc_cfg *cfg, int bad, const char *msg,
		    struct kc_err *err)
{
	const char *file = cfg->file ? cfg->file : "<config>";

	if (bad >= 0 && (size_t)bad < cfg->nelems)
		return kc_err_set_at(err, EINVAL, kc_cfg_elem_file(cfg, bad),
				     cfg->elems[bad].line,
				     cfg->elems[bad].col,
				     "element '%s' (%s): %s",
				     cfg->elems[bad].name,
				     cfg->elems[bad].cls, msg);
	return kc_err_set_at(err, EINVAL, file, 0, 0, "%s",
			     msg[0] ? msg : "graph rejected");
}

/* Build and initialise on the kernel's stack, as netlink.c does. */
struct build_call {
	struct kc_user_run *r;
	const struct kc_cfg *cfg;
	struct kc_errbuf *err;
	int bad;
	int ret;
};

static void build_on_stack(void *arg)
{
	struct build_call *c = arg;

	c->r->g = kc_user_graph_build(c->cfg, c->err, &c->bad);
	if (!c->r->g) {
		c->ret = -EINVAL;
		return;
	}
	c->ret = kc_graph_initialize(c->r->g, c->err, &c->bad);
	if (c->ret) {
		kc_graph_destroy(c->r->g);
		c->r->g = NULL;
	}
}

static void build_only_on_stack(void *arg)
{
	struct build_call *c = arg;

	c->r->g = kc_user_graph_build(c->cfg, c->err, &c->bad);
	c->ret = c->r->g ? 0 : -EINVAL;
}

int kc_user_graph_open(struct kc_graph **out, const struct kc_cfg *cfg,
		       struct kc_err *err)
{
	struct kc_errbuf ebuf = { { 0 } };
	struct kc_user_run r = { 0 };
	struct build_call sc = { &r, cfg, &ebuf, -1, 0 };

	kc_user_on_stack(build_only_on_stack, &sc);
	*out = r.g;
	return sc.ret ? elem_err(cfg, sc.bad, ebuf.msg, err) : 0;
}

int kc_user_run_open(struct kc_user_run **out, const struct kc_cfg *cfg,
		     const struct kc_user_bind *binds, size_t nbinds,
		     struct kc_err *err)
{
	struct kc_user_run *r = calloc(1, sizeof(*r));
	struct kc_errbuf ebuf = { { 0 } };
	struct build_call sc;
	size_t i;
	int ret;

	*out = NULL;
	if (!r)
		return kc_err_set(err, ENOMEM, "out of memory");
	for (i = 0; i < nbinds; i++) {
		struct kc_user_dev *d = dev_find(r, binds[i].name);

		if (d) {
			ret = kc_err_set(err, EINVAL, "device '%s' bound twice",
					 binds[i].name);
			goto fail;
		}
		d = dev_new(r, binds[i].name);
		if (!d) {
			ret = kc_err_set(err, ENOMEM, "out of memory");
			goto fail;
		}
		if (binds[i].addrs && set_addrs(d, binds[i].addrs, &ebuf)) {
			ret = kc_err_set(err, EINVAL, "--dev-addr %s: %s",
					 binds[i].name, ebuf.msg);
			goto fail;
		}
		if ((binds[i].in && binds[i].in[0] &&
		     open_in(d, binds[i].in, false, &ebuf)) ||
		    (binds[i].out && binds[i].out[0] &&
		     open_out(d, binds[i].out, &ebuf))) {
			ret = kc_err_set(err, EINVAL, "--dev %s: %s",
					 binds[i].name, ebuf.msg);
			goto fail;
		}
	}
	cur_run = r;
	kc_user_driver_reset();
	kc_user_works_start(false);	/* dated at the run's start */
	sc = (struct build_call){ r, cfg, &ebuf, -1, 0 };
	kc_user_on_stack(build_on_stack, &sc);
	if (sc.ret) {
		ret = elem_err(cfg, sc.bad, ebuf.msg, err);
		goto fail;
	}
	cur_run = NULL;
	*out = r;
	return 0;
fail:
	cur_run = NULL;
	kc_user_works_start(true);
	kc_user_run_close(r);
	return ret < 0 ? ret : -EINVAL;
}

static void read_ahead(struct kc_user_dev *d)
{
	struct pcap_pkthdr *h;
	int ret;

	d->have = false;
	if (d->make) {
		u32 len = 0;
		u64 ns = 0;

		if (d->make(d->rx_elem, d->nbuf, KC_USER_SOURCE_MAX, &len,
			    &ns) <= 0)
			return;
		d->hdr.ts.tv_sec = ns / 1000000000ULL;
		d->hdr.ts.tv_usec = ns % 1000000000ULL;
		d->hdr.caplen = d->hdr.len = len;
		d->data = d->nbuf;
		d->have = true;
		return;
	}
	if (!d->in)
		return;
	ret = pcap_next_ex(d->in, &h, &d->data);
	if (ret == 1) {
		d->hdr = *h;
		d->have = true;
	}
}

/* Inputs are opened with nanosecond precision: tv_usec holds ns. */
static u64 ts_ns(const struct pcap_pkthdr *h)
{
	return (u64)h->ts.tv_sec * 1000000000ULL + (u64)h->ts.tv_usec;
}

/*
 * What eth_type_trans() tells the kernel's graphs (kc_pkt_link_type): a
 * pcap device has no address of its own, so a unicast frame is for the
 * host, never KC_PKT_OTHERHOST.
 */
static u8 link_type(const u_char *d, u32 len)
{
	static const u_char bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (len < 6 || !(d[0] & 1))
		return KC_PKT_HOST;
	return memcmp(d, bcast, 6) ? KC_PKT_MULTICAST : KC_PKT_BROADCAST;
}

/* p arrived on d, a METHOD XDP device: the kfunc's walk and its verdict. */
static void run_xdp(struct kc_user_run *r, struct kc_user_dev *d,
		    struct kc_pkt *p)
{
	struct kc_xdp x = { 0 };
	struct kc_devref to = { 0 };
	struct kc_user_dev *t = NULL;
	u32 act;

	x.data = kc_pkt_data(p);
	x.len = kc_pkt_len(p);
	x.ifindex = d->ifindex;
	xdp_rx_ifindex = d->ifindex;
	act = kc_xdp_run(d->rx_elem, &x);
	xdp_rx_ifindex = 0;
	if (act == KC_XDP_TX)
		t = d;
	else if (act == KC_XDP_PASS)
		t = dev_find(r, KC_USER_HOST_DEV);
	else if (act == KC_XDP_REDIRECT)
		for (t = r->devs; t && t->ifindex != x.redirect; t = t->next)
			;
	if (!t) {
		kc_pkt_drop(p);
		return;
	}
	to.dev = t;
	kc_dev_xmit(&to, p);
}

/*
 * The loop runs on the kernel's stack (user/stack.c): each packet starts
 * a few hundred bytes down it, as a packet does in softirq.
 */
static void run_loop(void *arg)
{
	struct kc_user_run *r = arg;
	struct kc_user_dev *d, *best;
	u64 now = 0, t;

	for (d = r->devs; d; d = d->next)
		if ((d->in || d->make) && d->rx_elem)
			read_ahead(d);
	/* The run starts at the first packet's time: works scheduled at
	 * initialize (an ACTIVE Script's first step) are dated from it and
	 * run before that packet arrives.
	 */
	for (d = r->devs; d; d = d->next)
		if (d->have && d->rx_elem && d->active &&
		    (!now || ts_ns(&d->hdr) < now))
			now = ts_ns(&d->hdr);
	if (now)
		kc_user_clock_set(now);
	kc_user_works_start(true);
	kc_user_tasks_run();
	driver_poll();
	for (;;) {
		if (drv.stop)
			return;
		best = NULL;
		for (d = r->devs; d; d = d->next) {
			if (!d->have || !d->rx_elem || !d->active)
				continue;
			t = ts_ns(&d->hdr);
			if (!best || t < now) {
				best = d;
				now = t;
			}
		}
		if (!best)
			break;
		kc_user_clock_set(now ? now : 1);
		{
			struct kc_pkt *p = kc_user_pkt_alloc(best->data,
							     best->hdr.caplen,
							     KC_USER_HEADROOM);

			if (p) {
				p->tstamp_ns = now;
				p->ifindex = best->ifindex;
				p->pkt_type = best->raw_ip ? KC_PKT_HOST :
					link_type(best->data, best->hdr.caplen);
				best->rx++;
				if (best->xdp)
					run_xdp(r, best, p);
				else
					kc_run_from_device(best->rx_elem, p);
			}
		}
		read_ahead(best);
		kc_user_tasks_run();
		driver_poll();
	}
	/* Inputs ran dry: a stop event (Click's FromDump STOP true). */
	if (drv.manager) {
		kc_user_driver_event();
		drain(kc_now_ns() + KC_USER_DRIVER_NS);
	} else {
		drain(kc_now_ns() + KC_USER_DRAIN_NS);
	}
}

int kc_user_run_loop(struct kc_user_run *r, struct kc_err *err)
{
	(void)err;
	kc_user_on_stack(run_loop, r);
	return 0;
}

struct kc_graph *kc_user_run_graph(struct kc_user_run *r)
{
	return r->g;
}

void kc_user_run_totals(struct kc_user_run *r, u64 *in, u64 *out)
{
	struct kc_user_dev *d;

	*in = *out = 0;
	for (d = r->devs; d; d = d->next) {
		*in += d->rx;
		*out += d->tx;
	}
}

static void stop_destroy(void *g)
{
	kc_graph_stop(g);
	kc_graph_destroy(g);
}

void kc_user_run_close(struct kc_user_run *r)
{
	struct kc_user_dev *d, *n;

	if (!r)
		return;
	if (r->g)
		kc_user_on_stack(stop_destroy, r->g);
	for (d = r->devs; d; d = n) {
		n = d->next;
		dev_close(d);
	}
	kc_user_clock_set(0);
	free(r);
}

/* ---- kclick run --check ---- */

bool kc_user_checking(void)
{
	return cur_run && cur_run->check;
}

struct check_call {
	struct kc_user_run *r;
	const struct kc_graph_desc *d;
	struct kc_errbuf err;
	int bad;
	int stage;		/* 0 ok, 1 build, 2 initialize */
};

/* Build, initialize, stop, destroy: on the kernel's stack. */
static void check_on_stack(void *arg)
{
	struct check_call *c = arg;
	struct kc_graph *g;

	c->err.msg[0] = '\0';
	c->stage = 0;
	g = kc_graph_build(c->d, c->r, &c->err, &c->bad);
	if (!g) {
		c->stage = 1;
		return;
	}
	if (kc_graph_initialize(g, &c->err, &c->bad))
		c->stage = 2;
	else
		kc_graph_stop(g);
	kc_graph_destroy(g);
}

/*
 * Every problem, not only the first: an element of an unknown class, or
 * one the engine refuses (its configuration, its ports, its
 * initialization), is reported and set aside, and the graph is built
 * again, until it builds and initializes or a problem names no element.
 * An element set aside becomes an Idle without connections, and each of
 * its connections ends at an Idle of its own ("@check<N>"): an Idle's
 * ports take one push/pull mode, so one Idle in its place would impose
 * the mode of a Queue upstream on push elements downstream, a conflict
 * the real class need not have.  A problem found after a replacement may
 * still come from it (an element that names another by its class); the
 * first is always genuine.
 */
struct check_aside {
	struct kc_elem_desc *el;
	struct kc_link_desc *ln;
	u32 *origin;		/* companion -> the element it stands for */
	char (*names)[16];
	struct kc_graph_desc *d;
	u32 n0, nlinks;
};

static u32 companion(struct check_aside *a, u32 i)
{
	u32 k = a->d->nelems++;

	snprintf(a->names[k - a->n0], sizeof(a->names[0]), "@check%u",
		 k - a->n0);
	a->el[k] = (struct kc_elem_desc){ a->names[k - a->n0], "Idle", "",
					  a->el[i].line };
	a->origin[k] = i;
	return k;
}

/* At most one companion per connection end: nelems + nlinks in all. */
static void set_aside(struct check_aside *a, u32 i)
{
	u32 j;

	a->el[i].cls = "Idle";
	a->el[i].config = "";
	for (j = 0; j < a->nlinks; j++) {
		if (a->ln[j].from == i) {
			a->ln[j].from = companion(a, i);
			a->ln[j].from_port = 0;
		}
		if (a->ln[j].to == i) {
			a->ln[j].to = companion(a, i);
			a->ln[j].to_port = 0;
		}
	}
}

int kc_user_check(const struct kc_cfg *cfg, const struct kc_user_bind *binds,
		  size_t nbinds, kc_user_report_fn report, void *ctx)
{
	struct kc_user_run *r = calloc(1, sizeof(*r));
	size_t max = cfg->nelems + 2 * cfg->nlinks + 1;
	struct kc_elem_desc *el = calloc(max, sizeof(*el));
	struct kc_link_desc *ln = calloc(cfg->nlinks + 1, sizeof(*ln));
	bool *idle = calloc(cfg->nelems + 1, sizeof(*idle));
	u32 *origin = calloc(max, sizeof(*origin));
	char (*names)[16] = calloc(2 * cfg->nlinks + 1, sizeof(*names));
	struct kc_graph_desc d = { 0 };
	struct check_call c = { 0 };
	struct check_aside a = { el, ln, origin, names, &d, cfg->nelems,
				 cfg->nlinks };
	struct kc_err e;
	int problems = 0;
	size_t i, round;
	int bad;

	if (!r || !el || !ln || !idle || !origin || !names) {
		problems = -ENOMEM;
		goto out;
	}
	r->check = true;
	for (i = 0; i < nbinds; i++) {
		struct kc_user_dev *dv = dev_find(r, binds[i].name);

		if (!dv)
			dv = dev_new(r, binds[i].name);
		if (!dv) {
			problems = -ENOMEM;
			goto out;
		}
		if (binds[i].addrs && set_addrs(dv, binds[i].addrs, &c.err)) {
			kc_err_set(&e, EINVAL, "--dev-addr %s: %s",
				   binds[i].name, c.err.msg);
			report(ctx, &e, -1, e.msg);
			problems = 1;
			goto out;
		}
	}
	for (i = 0; i < cfg->nelems; i++) {
		el[i].name = cfg->elems[i].name;
		el[i].cls = cfg->elems[i].cls;
		el[i].config = cfg->elems[i].config;
		el[i].line = cfg->elems[i].line;
		if (kc_class_find(el[i].cls))
			continue;
		/* Every unknown class at once, as the build stops at one. */
		snprintf(c.err.msg, sizeof(c.err.msg),
			 "unknown element class '%s'", cfg->elems[i].cls);
		elem_err(cfg, i, c.err.msg, &e);
		report(ctx, &e, i, c.err.msg);
		problems++;
		idle[i] = true;
	}
	for (i = 0; i < cfg->nlinks; i++) {
		ln[i].from = cfg->links[i].from;
		ln[i].from_port = cfg->links[i].from_port;
		ln[i].to = cfg->links[i].to;
		ln[i].to_port = cfg->links[i].to_port;
	}
	d.nelems = cfg->nelems;
	d.nlinks = cfg->nlinks;
	for (i = 0; i < cfg->nelems; i++)
		if (idle[i])
			set_aside(&a, i);
	d.elems = el;
	d.links = ln;
	c.r = r;
	c.d = &d;
	for (round = 0; round <= cfg->nelems; round++) {
		cur_run = r;
		kc_user_on_stack(check_on_stack, &c);
		cur_run = NULL;
		if (!c.stage)
			break;
		bad = c.bad >= (int)cfg->nelems ? (int)origin[c.bad] : c.bad;
		elem_err(cfg, bad, c.err.msg, &e);
		report(ctx, &e, bad, c.err.msg);
		problems++;
		if (bad < 0 || idle[bad])
			break;
		idle[bad] = true;
		set_aside(&a, bad);
	}
out:
	cur_run = NULL;
	free(names);
	free(origin);
	free(idle);
	free(ln);
	free(el);
	kc_user_run_close(r);
	return problems;
}
