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

#include "kcuser.h"
#include "../lib/kclick.h"

/* How far past the last packet timers still run at the end of a run. */
#define KC_USER_DRAIN_NS	(10ULL * 1000000000ULL)
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
	struct pcap_pkthdr hdr;
	const u_char *data;
	/* Output. */
	pcap_t *dead;
	pcap_dumper_t *out;
	u64 rx, tx;
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

static int open_in(struct kc_user_dev *d, const char *path,
		   struct kc_errbuf *err)
{
	char ebuf[PCAP_ERRBUF_SIZE];

	d->in = pcap_open_offline_with_tstamp_precision(path,
							 PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!d->in)
		return kc_errf(err, ENOENT, "cannot read '%s': %s", path, ebuf);
	if (pcap_datalink(d->in) != DLT_EN10MB) {
		kc_errf(err, EINVAL, "'%s' has link type %s; kclick reads Ethernet (EN10MB)",
			path, pcap_datalink_val_to_name(pcap_datalink(d->in)));
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
	free(d);
}

/* ---- the device API of element.h ---- */

int kc_dev_rx_attach(struct kc_elem *e, const char *name,
		     struct kc_devref **out, struct kc_errbuf *err)
{
	struct kc_user_dev *d = cur_run ? dev_find(cur_run, name) : NULL;
	struct kc_devref *ref;

	if (!d || !d->in)
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
	if (!d || !ref || open_in(d, file, err)) {
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
		return kc_err_set_at(err, EINVAL, file, cfg->elems[bad].line,
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
		if ((binds[i].in && binds[i].in[0] &&
		     open_in(d, binds[i].in, &ebuf)) ||
		    (binds[i].out && binds[i].out[0] &&
		     open_out(d, binds[i].out, &ebuf))) {
			ret = kc_err_set(err, EINVAL, "--dev %s: %s",
					 binds[i].name, ebuf.msg);
			goto fail;
		}
	}
	cur_run = r;
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
	kc_user_run_close(r);
	return ret < 0 ? ret : -EINVAL;
}

static void read_ahead(struct kc_user_dev *d)
{
	struct pcap_pkthdr *h;
	int ret;

	d->have = false;
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
 * The loop runs on the kernel's stack (user/stack.c): each packet starts
 * a few hundred bytes down it, as a packet does in softirq.
 */
static void run_loop(void *arg)
{
	struct kc_user_run *r = arg;
	struct kc_user_dev *d, *best;
	u64 now = 0, t;

	for (d = r->devs; d; d = d->next)
		if (d->in && d->rx_elem)
			read_ahead(d);
	for (;;) {
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
				best->rx++;
				kc_run_entry(best->rx_elem, 0, p);
			}
		}
		read_ahead(best);
		kc_user_tasks_run();
	}
	kc_user_tasks_drain(kc_now_ns() + KC_USER_DRAIN_NS);
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
