/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for unit tests of the engine and the elements in the userspace
 * harness: build a graph from Click text, push packets into it, read
 * handlers, write small pcaps.
 */
#ifndef KC_TEST_HARNESS_H
#define KC_TEST_HARNESS_H

#include <pcap/pcap.h>

#include "kcuser.h"
#include "kclick.h"

/*
 * Graphs are built, pushed into, read, written and destroyed on a stack the
 * size of the kernel's (kc_user_on_stack, user/stack.c), so a test that
 * would overflow the kernel's stack crashes here.  Each th_ call is one
 * trip: the arguments travel in a struct th_call.
 */
struct th_call {
	struct kc_graph *g;
	const struct kc_cfg *cfg;
	struct kc_elem *e;
	const char *h;
	const char *val;
	struct kc_pkt *p;
	struct kc_errbuf *eb;
	struct kc_buf *buf;
	int port;
	int bad;
	int ret;
};

static inline void th_build_call(void *arg)
{
	struct th_call *c = arg;

	c->g = kc_user_graph_build(c->cfg, c->eb, &c->bad);
	if (c->g && kc_graph_initialize(c->g, c->eb, &c->bad)) {
		kc_graph_destroy(c->g);
		c->g = NULL;
	}
}

/* Build (and initialize) text as a graph with no devices; NULL on error with msg filled. */
static inline struct kc_graph *th_build(const char *text, char *msg,
					size_t len, int *bad)
{
	struct kc_errbuf eb = { { 0 } };
	struct th_call c = { .eb = &eb, .bad = -1 };
	struct kc_cfg *cfg;
	struct kc_err err;
	struct kc_graph *g;
	int b;

	if (kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err)) {
		snprintf(msg, len, "parse: %s", err.msg);
		return NULL;
	}
	c.cfg = cfg;
	kc_user_on_stack(th_build_call, &c);
	g = c.g;
	b = c.bad;
	if (!g)
		snprintf(msg, len, "%s", eb.msg);
	if (bad)
		*bad = b;
	kc_cfg_free(cfg);
	return g;
}

static inline void th_free_call(void *g)
{
	kc_graph_stop(g);
	kc_graph_destroy(g);
}

static inline void th_free(struct kc_graph *g)
{
	if (!g)
		return;
	kc_user_on_stack(th_free_call, g);
}

/* An Ethernet frame of len bytes: dst 02:..:02, src 02:..:01, type, then i-patterned bytes. */
static inline struct kc_pkt *th_pkt(u32 len, u16 type)
{
	struct kc_pkt *p = kc_user_pkt_alloc(NULL, len, KC_USER_HEADROOM);
	u8 *d;
	u32 i;

	if (!p)
		return NULL;
	d = kc_pkt_data(p);
	for (i = 0; i < len; i++)
		d[i] = (u8)i;
	if (len >= 14) {
		memcpy(d, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
		d[12] = type >> 8;
		d[13] = type & 0xff;
	}
	return p;
}

static inline void th_push_call(void *arg)
{
	struct th_call *c = arg;

	kc_run_entry(c->e, c->port, c->p);
	kc_user_tasks_run();
}

/* Push p into element name's input port (a packet arriving). */
static inline void th_push(struct kc_graph *g, const char *name, int port,
			   struct kc_pkt *p)
{
	struct kc_elem *e = kc_graph_find(g, name);
	struct th_call c = { 0 };

	if (!e) {
		fprintf(stderr, "th_push: no element %s\n", name);
		abort();
	}
	c.e = e;
	c.port = port;
	c.p = p;
	kc_user_on_stack(th_push_call, &c);
}

static inline void th_read_call(void *arg)
{
	struct th_call *c = arg;

	c->ret = kc_handler_read(c->e, c->h, c->buf, c->eb);
}

/* Read a handler as a number (or -1), or into buf. */
static inline int th_read(struct kc_graph *g, const char *name,
			  const char *h, char *buf, size_t len)
{
	struct kc_elem *e = kc_graph_find(g, name);
	struct th_call c = { 0 };
	struct kc_errbuf err;
	struct kc_buf b;
	int ret;

	if (!e)
		return -ENOENT;
	b.cap = 65536;
	b.len = 0;
	b.overflow = false;
	b.data = malloc(b.cap);
	c.e = e;
	c.h = h;
	c.buf = &b;
	c.eb = &err;
	kc_user_on_stack(th_read_call, &c);
	ret = c.ret;
	snprintf(buf, len, "%.*s", ret ? (int)strlen(err.msg) : (int)b.len,
		 ret ? err.msg : b.data);
	free(b.data);
	return ret;
}

static inline long long th_num(struct kc_graph *g, const char *name,
			       const char *h)
{
	char buf[64];

	if (th_read(g, name, h, buf, sizeof(buf)))
		return -1;
	return atoll(buf);
}

static inline void th_write_call(void *arg)
{
	struct th_call *c = arg;

	c->ret = kc_handler_write(c->e, c->h, c->val, c->eb);
}

static inline int th_write(struct kc_graph *g, const char *name,
			   const char *h, const char *val, char *msg,
			   size_t len)
{
	struct kc_elem *e = kc_graph_find(g, name);
	struct th_call c = { 0 };
	struct kc_errbuf err = { { 0 } };
	int ret;

	if (!e)
		return -ENOENT;
	c.e = e;
	c.h = h;
	c.val = val;
	c.eb = &err;
	kc_user_on_stack(th_write_call, &c);
	ret = c.ret;
	if (msg)
		snprintf(msg, len, "%s", err.msg);
	return ret;
}

/* Every packet allocated so far was freed. */
static inline bool th_no_leak(void)
{
	return kc_user_pkt_stats.allocs == kc_user_pkt_stats.frees;
}

#endif
