// SPDX-License-Identifier: LGPL-2.1
/*
 * The netlink client: one request, its replies and its ack, on libnl-genl-3.
 *
 * Every request goes the same way (kc_nl_request()): build the message, send
 * it with an ack requested, then read until the ack, the end of a dump or an
 * error.  Replies are handed to a per-request parser one message at a time.
 * Errors come from three places, in order of usefulness:
 *   1. a KCLICK_CMD_ERROR message just before the failing ack, with the full
 *      text and the index of the element at fault (see kmod/netlink.c);
 *   2. the extack message in the ack (NETLINK_EXT_ACK);
 *   3. the errno alone.
 * Reply attributes are checked for length before use: a reply that does not
 * parse is an error (-EPROTO), never a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include <linux/kclick.h>

#include "kclick.h"

#define KC_NL_RCVBUF	(1 << 20)
#define KC_NL_SNDBUF	(8 << 20)	/* a graph of 65536 elements fits */
#define KC_NL_MSGBUF	(256 << 10)	/* largest reply: a handler value */

struct kc_nl {
	struct nl_sock *sk;
	int family;
};

/* One request in flight. */
struct kc_req {
	int done;
	int error;		/* negative errno from the kernel, or 0 */
	int proto;		/* a reply did not parse */
	char ext_msg[256];	/* extack message */
	char kmsg[512];		/* KCLICK_CMD_ERROR text */
	int bad_elem;		/* KCLICK_A_ERROR_ELEMENT, or -1 */
	int (*parse)(struct genlmsghdr *gh, struct nlattr *attrs, int len,
		     void *arg);
	void *arg;
	int (*event)(const struct kc_nl_event *ev, void *arg);
	int event_ret;
};

/* Attribute accessors that check lengths (replies are parsed, not trusted). */
static const char *attr_str(const struct nlattr *a)
{
	int len = nla_len(a);
	const char *s = nla_data(a);

	if (len < 1 || s[len - 1] != '\0')
		return NULL;
	return s;
}

static int attr_u32(const struct nlattr *a, uint32_t *v)
{
	if (nla_len(a) < (int)sizeof(uint32_t))
		return -EPROTO;
	*v = nla_get_u32((struct nlattr *)a);
	return 0;
}

static int attr_u64(const struct nlattr *a, uint64_t *v)
{
	if (nla_len(a) < (int)sizeof(uint64_t))
		return -EPROTO;
	memcpy(v, nla_data(a), sizeof(*v));
	return 0;
}

static int attr_dup(const struct nlattr *a, char **out)
{
	const char *s = attr_str(a);

	if (!s)
		return -EPROTO;
	free(*out);
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

/* Grow *v (of *n items of size sz) by one zeroed item; NULL on ENOMEM. */
static void *grow(void *pv, size_t *n, size_t sz)
{
	void **v = pv;
	char *p = realloc(*v, (*n + 1) * sz);

	if (!p)
		return NULL;
	*v = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct kc_req *rq = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	struct nlattr *attrs, *a;
	int len, rem, ret;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		rq->proto = 1;
		return NL_SKIP;
	}
	gh = nlmsg_data(nlh);
	attrs = genlmsg_attrdata(gh, 0);
	len = genlmsg_attrlen(gh, 0);

	if (gh->cmd == KCLICK_CMD_ERROR) {
		nla_for_each_attr(a, attrs, len, rem) {
			uint32_t v;

			if (nla_type(a) == KCLICK_A_ERROR_MSG && attr_str(a))
				snprintf(rq->kmsg, sizeof(rq->kmsg), "%s",
					 attr_str(a));
			else if (nla_type(a) == KCLICK_A_ERROR_ELEMENT &&
				 !attr_u32(a, &v) && v < KCLICK_ELEMENTS_MAX)
				rq->bad_elem = v;
		}
		return NL_OK;
	}
	if (!rq->parse)
		return NL_OK;
	ret = rq->parse(gh, attrs, len, rq->arg);
	if (ret == -ENOMEM)
		rq->error = -ENOMEM;
	else if (ret < 0)
		rq->proto = 1;
	else if (ret > 0) {	/* an event callback asked to stop */
		rq->done = 1;
		return NL_STOP;
	}
	return NL_OK;
}

/* The extack TLVs follow the (possibly capped) copy of the request. */
static void parse_extack(struct nlmsghdr *nlh, struct nlmsgerr *e,
			 struct kc_req *rq)
{
	size_t payload = sizeof(*e);
	struct nlattr *a;
	char *start, *end;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		payload += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	start = (char *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	end = (char *)nlh + nlh->nlmsg_len;
	if (start >= end)
		return;
	nla_for_each_attr(a, (struct nlattr *)start, (int)(end - start), rem)
		if (nla_type(a) == NLMSGERR_ATTR_MSG && attr_str(a))
			snprintf(rq->ext_msg, sizeof(rq->ext_msg), "%s",
				 attr_str(a));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct kc_req *rq = arg;

	(void)who;
	rq->error = e->error;
	parse_extack(nlh, e, rq);
	rq->done = 1;
	return NL_STOP;
}

/* Multicast events carry no sequence number of ours. */
static int seq_any(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct kc_req *rq = arg;

	(void)msg;
	rq->done = 1;
	return NL_STOP;
}

/* End of a dump; its payload is the dump's error, extack may follow. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct kc_req *rq = arg;
	int err;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			rq->error = err;
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
				char *s = (char *)nlmsg_data(nlh) +
					  NLMSG_ALIGN(sizeof(int));
				char *end = (char *)nlh + nlh->nlmsg_len;
				struct nlattr *a;
				int rem;

				if (s < end)
					nla_for_each_attr(a, (struct nlattr *)s,
							  (int)(end - s), rem)
						if (nla_type(a) == NLMSGERR_ATTR_MSG &&
						    attr_str(a))
							snprintf(rq->ext_msg,
								 sizeof(rq->ext_msg),
								 "%s", attr_str(a));
			}
		}
	}
	rq->done = 1;
	return NL_STOP;
}

/* Read replies until the request is answered.  Returns 0 or -errno. */
static int kc_nl_wait(struct kc_nl *nl, struct kc_req *rq)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = 0;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, rq);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, rq);
	if (rq->event)
		nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any, NULL);
	while (!rq->done) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && !rq->error) {
			/* libnl's own failure (socket, truncation, ...). */
			rq->error = ret == -NLE_NOMEM ? -ENOMEM : -EIO;
			snprintf(rq->ext_msg, sizeof(rq->ext_msg),
				 "netlink receive failed: %s", nl_geterror(ret));
			break;
		}
		if (ret < 0)
			break;
	}
	nl_cb_put(cb);
	if (rq->error)
		return rq->error;
	return rq->proto ? -EPROTO : 0;
}

/* Fill err from a finished request; returns ret (negative). */
static int req_err(struct kc_req *rq, int ret, const char *what,
		   struct kc_err *err)
{
	if (ret == -EPERM)	/* the module's reason, when it gave one */
		return kc_err_set(err, EPERM,
				  "%s: operation not permitted (%s)", what,
				  rq->ext_msg[0] ? rq->ext_msg :
				  "needs CAP_NET_ADMIN in the initial user namespace, or in this network namespace's own with kclick.userns_admin=1");
	if (ret == -EPROTO && !rq->kmsg[0] && !rq->ext_msg[0])
		return kc_err_set(err, EPROTO,
				  "%s: the module sent a reply that does not parse",
				  what);
	if (rq->kmsg[0])
		return kc_err_set(err, -ret, "%s", rq->kmsg);
	if (rq->ext_msg[0])
		return kc_err_set(err, -ret, "%s: %s", what, rq->ext_msg);
	return kc_err_set(err, -ret, "%s: %s", what, strerror(-ret));
}

static struct nl_msg *req_msg(struct kc_nl *nl, uint8_t cmd, int flags,
			      size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, KCLICK_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send msg (consumed) and wait for the answer. */
static int req_run(struct kc_nl *nl, struct nl_msg *msg, struct kc_req *rq)
{
	int ret = nl_send_auto(nl->sk, msg);

	nlmsg_free(msg);
	if (ret < 0) {
		snprintf(rq->ext_msg, sizeof(rq->ext_msg),
			 "netlink send failed: %s", nl_geterror(ret));
		return rq->error = (ret == -NLE_MSGSIZE ? -EMSGSIZE : -EIO);
	}
	return kc_nl_wait(nl, rq);
}

static void req_init(struct kc_req *rq,
		     int (*parse)(struct genlmsghdr *, struct nlattr *, int,
				  void *),
		     void *arg)
{
	memset(rq, 0, sizeof(*rq));
	rq->bad_elem = -1;
	rq->parse = parse;
	rq->arg = arg;
}

int kc_nl_open(struct kc_nl **out, struct kc_err *err)
{
	struct kc_nl *nl = calloc(1, sizeof(*nl));
	int one = 1, ret, fd, sz;

	*out = NULL;
	if (!nl)
		return kc_err_set(err, ENOMEM, "out of memory");
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		return kc_err_set(err, ENOMEM, "out of memory");
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = kc_err_set(err, EIO, "cannot open a generic netlink socket: %s",
				 nl_geterror(ret));
		goto fail;
	}
	fd = nl_socket_get_fd(nl->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Big graphs are one message; FORCE needs CAP_NET_ADMIN, else cap. */
	sz = KC_NL_SNDBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	sz = KC_NL_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	nl_socket_set_msg_buf_size(nl->sk, KC_NL_MSGBUF);
	nl_socket_enable_msg_peek(nl->sk);

	nl->family = genl_ctrl_resolve(nl->sk, KCLICK_GENL_NAME);
	if (nl->family < 0) {
		ret = kc_err_set(err, ENOENT,
				 "the kclick module is not loaded (no generic netlink family '%s'); load it with 'modprobe kclick' or 'insmod kmod/kclick.ko'",
				 KCLICK_GENL_NAME);
		goto fail;
	}
	*out = nl;
	return 0;
fail:
	nl_socket_free(nl->sk);
	free(nl);
	return ret;
}

void kc_nl_close(struct kc_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

/* ---- version ---- */

struct version_arg {
	char *version;
	unsigned int abi;
};

static int parse_version(struct genlmsghdr *gh, struct nlattr *attrs, int len,
			 void *arg)
{
	struct version_arg *va = arg;
	struct nlattr *a;
	int rem;

	va->abi = gh->version;
	nla_for_each_attr(a, attrs, len, rem)
		if (nla_type(a) == KCLICK_A_VERSION)
			return attr_dup(a, &va->version);
	return 0;
}

int kc_nl_version(struct kc_nl *nl, char **version, unsigned int *abi,
		  struct kc_err *err)
{
	struct version_arg va = { 0 };
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	req_init(&rq, parse_version, &va);
	msg = req_msg(nl, KCLICK_CMD_VERSION_GET, 0, 0);
	if (!msg)
		return kc_err_set(err, ENOMEM, "out of memory");
	ret = req_run(nl, msg, &rq);
	if (!ret && !va.version)
		ret = rq.proto = -EPROTO;
	if (ret) {
		free(va.version);
		return req_err(&rq, ret, "version", err);
	}
	*version = va.version;
	*abi = va.abi;
	return 0;
}

/* ---- classes ---- */

struct classes_arg {
	struct kc_nl_class *v;
	size_t n;
};

static int parse_class(struct genlmsghdr *gh, struct nlattr *attrs, int len,
		       void *arg)
{
	struct classes_arg *ca = arg;
	struct nlattr *a, *b;
	int rem, rem2, ret = 0;

	(void)gh;
	nla_for_each_attr(a, attrs, len, rem) {
		struct kc_nl_class *c;

		if (nla_type(a) != KCLICK_A_CLASS)
			continue;
		c = grow(&ca->v, &ca->n, sizeof(*c));
		if (!c)
			return -ENOMEM;
		nla_for_each_nested(b, a, rem2) {
			if (nla_type(b) == KCLICK_CLASS_A_NAME)
				ret = attr_dup(b, &c->name);
			else if (nla_type(b) == KCLICK_CLASS_A_PORTS)
				ret = attr_dup(b, &c->ports);
			else if (nla_type(b) == KCLICK_CLASS_A_PROCESSING)
				ret = attr_dup(b, &c->processing);
			if (ret)
				return ret;
		}
		if (!c->name || !c->ports || !c->processing)
			return -EPROTO;
	}
	return 0;
}

void kc_nl_classes_free(struct kc_nl_class *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].ports);
		free(v[i].processing);
	}
	free(v);
}

int kc_nl_classes(struct kc_nl *nl, struct kc_nl_class **out, size_t *n,
		  struct kc_err *err)
{
	struct classes_arg ca = { 0 };
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	req_init(&rq, parse_class, &ca);
	msg = req_msg(nl, KCLICK_CMD_CLASS_GET, NLM_F_DUMP, 0);
	if (!msg)
		return kc_err_set(err, ENOMEM, "out of memory");
	ret = req_run(nl, msg, &rq);
	if (ret) {
		kc_nl_classes_free(ca.v, ca.n);
		return req_err(&rq, ret, "classes", err);
	}
	*out = ca.v;
	*n = ca.n;
	return 0;
}

/* ---- graphs: install, remove ---- */

static size_t install_size(const struct kc_cfg *cfg)
{
	size_t i, sz = 4096 + (cfg->file ? strlen(cfg->file) : 0);

	for (i = 0; i < cfg->nelems; i++)
		sz += 64 + strlen(cfg->elems[i].name) +
		      strlen(cfg->elems[i].cls) + strlen(cfg->elems[i].config);
	return sz + cfg->nlinks * 48;
}

static int put_cfg(struct nl_msg *msg, const struct kc_cfg *cfg)
{
	struct nlattr *nest;
	size_t i;

	for (i = 0; i < cfg->nelems; i++) {
		const struct kc_cfg_elem *e = &cfg->elems[i];

		nest = nla_nest_start(msg, KCLICK_A_ELEMENT);
		if (!nest ||
		    nla_put_string(msg, KCLICK_ELEM_A_NAME, e->name) ||
		    nla_put_string(msg, KCLICK_ELEM_A_CLASS, e->cls) ||
		    nla_put_string(msg, KCLICK_ELEM_A_CONFIG, e->config) ||
		    nla_put_u32(msg, KCLICK_ELEM_A_LINE, e->line > 0 ? e->line : 0))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	for (i = 0; i < cfg->nlinks; i++) {
		const struct kc_cfg_link *l = &cfg->links[i];

		nest = nla_nest_start(msg, KCLICK_A_LINK);
		if (!nest ||
		    nla_put_u32(msg, KCLICK_LINK_A_FROM, l->from) ||
		    nla_put_u32(msg, KCLICK_LINK_A_FROM_PORT, l->from_port) ||
		    nla_put_u32(msg, KCLICK_LINK_A_TO, l->to) ||
		    nla_put_u32(msg, KCLICK_LINK_A_TO_PORT, l->to_port))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* What the module cannot take is said here, with a position. */
static int check_cfg(const struct kc_cfg *cfg, const char *name,
		     struct kc_err *err)
{
	const char *file = cfg->file ? cfg->file : "<config>";
	size_t i;

	if (!name[0] || strchr(name, '/'))
		return kc_err_set(err, EINVAL,
				  "graph name '%s' must be non-empty and contain no '/'",
				  name);
	if (strlen(name) >= KCLICK_NAME_MAX)
		return kc_err_set(err, EINVAL,
				  "graph name '%s' is longer than %d characters",
				  name, KCLICK_NAME_MAX - 1);
	if (!cfg->nelems)
		return kc_err_set_at(err, EINVAL, file, 0, 0,
				     "the configuration declares no element");
	if (cfg->nelems > KCLICK_ELEMENTS_MAX)
		return kc_err_set_at(err, E2BIG, file, 0, 0,
				     "%zu elements; a graph holds at most %d",
				     cfg->nelems, KCLICK_ELEMENTS_MAX);
	for (i = 0; i < cfg->nelems; i++) {
		const struct kc_cfg_elem *e = &cfg->elems[i];
		const char *ef = kc_cfg_elem_file(cfg, i);

		if (strlen(e->name) >= KCLICK_NAME_MAX)
			return kc_err_set_at(err, EINVAL, ef, e->line, e->col,
					     "element name '%.40s...' is longer than %d characters",
					     e->name, KCLICK_NAME_MAX - 1);
		if (strlen(e->cls) >= KCLICK_NAME_MAX)
			return kc_err_set_at(err, EINVAL, ef, e->line, e->col,
					     "element '%s': class name is longer than %d characters",
					     e->name, KCLICK_NAME_MAX - 1);
		if (!strcmp(e->cls, "FromDump") || !strcmp(e->cls, "ToDump") ||
		    !strcmp(e->cls, "FromIPSummaryDump") ||
		    !strcmp(e->cls, "ToIPSummaryDump"))
			return kc_err_set_at(err, EINVAL, ef, e->line, e->col,
					     "element '%s' (%s): works on files, so it exists only in 'kclick run'",
					     e->name, e->cls);
		if (strlen(e->config) >= KCLICK_CONFIG_MAX)
			return kc_err_set_at(err, EINVAL, ef, e->line, e->col,
					     "element '%s' (%s): configuration longer than %d bytes",
					     e->name, e->cls, KCLICK_CONFIG_MAX - 1);
	}
	return 0;
}

static int parse_summary(struct genlmsghdr *gh, struct nlattr *attrs, int len,
			 void *arg);

int kc_nl_install(struct kc_nl *nl, const struct kc_cfg *cfg,
		  const char *name, int replace, struct kc_nl_graph **out,
		  struct kc_err *err)
{
	struct kc_nl_graph *g = calloc(1, sizeof(*g));
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	if (out)
		*out = NULL;
	if (!g)
		return kc_err_set(err, ENOMEM, "out of memory");
	ret = check_cfg(cfg, name, err);
	if (ret)
		goto fail;
	req_init(&rq, parse_summary, g);
	msg = req_msg(nl, KCLICK_CMD_GRAPH_NEW, 0, install_size(cfg));
	if (!msg ||
	    nla_put_string(msg, KCLICK_A_GRAPH_NAME, name) ||
	    nla_put_u32(msg, KCLICK_A_FLAGS, replace ? KCLICK_F_REPLACE : 0) ||
	    (cfg->file && nla_put_string(msg, KCLICK_A_SOURCE, cfg->file)) ||
	    put_cfg(msg, cfg)) {
		nlmsg_free(msg);
		ret = kc_err_set(err, ENOMEM, "out of memory building the request");
		goto fail;
	}
	ret = req_run(nl, msg, &rq);
	if (ret) {
		if (rq.kmsg[0] && rq.bad_elem >= 0 &&
		    (size_t)rq.bad_elem < cfg->nelems) {
			const struct kc_cfg_elem *e = &cfg->elems[rq.bad_elem];

			ret = kc_err_set_at(err, -ret,
					    kc_cfg_elem_file(cfg, rq.bad_elem),
					    e->line, e->col,
					    "element '%s' (%s): %s", e->name,
					    e->cls, rq.kmsg);
		} else if (rq.kmsg[0]) {
			ret = kc_err_set(err, -ret, "%s: %s",
					 cfg->file ? cfg->file : name, rq.kmsg);
		} else {
			ret = req_err(&rq, ret, replace ? "replace" : "install",
				      err);
		}
		goto fail;
	}
	if (out)
		*out = g;
	else
		kc_nl_graph_free(g);
	return 0;
fail:
	kc_nl_graph_free(g);
	return ret;
}

int kc_nl_remove(struct kc_nl *nl, const char *name, struct kc_err *err)
{
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	req_init(&rq, NULL, NULL);
	msg = req_msg(nl, KCLICK_CMD_GRAPH_DEL, 0, 0);
	if (!msg || nla_put_string(msg, KCLICK_A_GRAPH_NAME, name)) {
		nlmsg_free(msg);
		return kc_err_set(err, ENOMEM, "out of memory");
	}
	ret = req_run(nl, msg, &rq);
	if (ret == -ENOENT)
		return kc_err_set(err, ENOENT, "no graph '%s' in this network namespace",
				  name);
	return ret ? req_err(&rq, ret, "remove", err) : 0;
}

/* ---- graphs: list, show ---- */

static int parse_device(struct nlattr *a, struct kc_nl_graph *g)
{
	struct kc_nl_dev *d = grow(&g->devs, &g->ndevs, sizeof(*d));
	struct nlattr *b;
	int rem, ret = 0;
	uint32_t v = 0;

	if (!d)
		return -ENOMEM;
	nla_for_each_nested(b, a, rem) {
		switch (nla_type(b)) {
		case KCLICK_DEV_A_NAME:
			ret = attr_dup(b, &d->name);
			break;
		case KCLICK_DEV_A_ELEMENT:
			ret = attr_dup(b, &d->elem);
			break;
		case KCLICK_DEV_A_IFINDEX:
			ret = attr_u32(b, &v);
			d->ifindex = v;
			break;
		case KCLICK_DEV_A_PRESENT:
			if (nla_len(b) < 1)
				return -EPROTO;
			d->present = *(uint8_t *)nla_data(b);
			break;
		}
		if (ret)
			return ret;
	}
	if (!d->name)
		return -EPROTO;
	if (!d->elem)
		d->elem = strdup("");
	return d->elem ? 0 : -ENOMEM;
}

static int parse_port(struct nlattr *a, struct kc_nl_elem *e)
{
	struct kc_nl_port *p = grow(&e->ports, &e->nports, sizeof(*p));
	struct nlattr *b;
	int rem, ret = 0;
	uint32_t v = 0;

	if (!p)
		return -ENOMEM;
	nla_for_each_nested(b, a, rem) {
		switch (nla_type(b)) {
		case KCLICK_PORT_A_DIR:
			if (nla_len(b) < 1)
				return -EPROTO;
			p->output = !!*(uint8_t *)nla_data(b);
			break;
		case KCLICK_PORT_A_INDEX:
			ret = attr_u32(b, &v);
			p->index = v;
			break;
		case KCLICK_PORT_A_PULL:
			p->pull = 1;
			break;
		case KCLICK_PORT_A_PACKETS:
			ret = attr_u64(b, &p->packets);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_handler(struct nlattr *a, struct kc_nl_elem *e)
{
	struct kc_nl_handler *h = grow(&e->handlers, &e->nhandlers, sizeof(*h));
	struct nlattr *b;
	int rem, ret = 0;
	uint32_t v = 0;

	if (!h)
		return -ENOMEM;
	nla_for_each_nested(b, a, rem) {
		if (nla_type(b) == KCLICK_HND_A_NAME) {
			ret = attr_dup(b, &h->name);
		} else if (nla_type(b) == KCLICK_HND_A_FLAGS) {
			ret = attr_u32(b, &v);
			h->flags = v;
		}
		if (ret)
			return ret;
	}
	return h->name ? 0 : -EPROTO;
}

static int parse_elem(struct nlattr *a, struct kc_nl_graph *g)
{
	struct nlattr *na = nla_find(nla_data(a), nla_len(a),
				     KCLICK_ELEM_A_NAME);
	const char *name = na ? attr_str(na) : NULL;
	struct kc_nl_elem *e = NULL;
	struct nlattr *b;
	int rem, ret = 0, more = 0;
	uint32_t v = 0;

	/*
	 * The module splits an element too big for one dump message: the
	 * next message carries on with a nest of the same name (names are
	 * unique in a graph) holding more ports and handlers.
	 */
	if (name && g->nelems_got && g->elems[g->nelems_got - 1].name &&
	    !strcmp(g->elems[g->nelems_got - 1].name, name)) {
		e = &g->elems[g->nelems_got - 1];
		more = 1;
	}
	if (!e)
		e = grow(&g->elems, &g->nelems_got, sizeof(*e));
	if (!e)
		return -ENOMEM;
	nla_for_each_nested(b, a, rem) {
		if (more && nla_type(b) != KCLICK_ELEM_A_PORT &&
		    nla_type(b) != KCLICK_ELEM_A_HANDLER)
			continue;
		switch (nla_type(b)) {
		case KCLICK_ELEM_A_NAME:
			ret = attr_dup(b, &e->name);
			break;
		case KCLICK_ELEM_A_CLASS:
			ret = attr_dup(b, &e->cls);
			break;
		case KCLICK_ELEM_A_CONFIG:
			ret = attr_dup(b, &e->config);
			break;
		case KCLICK_ELEM_A_LINE:
			ret = attr_u32(b, &v);
			e->line = v;
			break;
		case KCLICK_ELEM_A_NINPUTS:
			ret = attr_u32(b, &v);
			e->ninputs = v;
			break;
		case KCLICK_ELEM_A_NOUTPUTS:
			ret = attr_u32(b, &v);
			e->noutputs = v;
			break;
		case KCLICK_ELEM_A_PORT:
			ret = parse_port(b, e);
			break;
		case KCLICK_ELEM_A_HANDLER:
			ret = parse_handler(b, e);
			break;
		}
		if (ret)
			return ret;
	}
	if (!e->name || !e->cls)
		return -EPROTO;
	if (!e->config)	/* too big to travel with the rest */
		e->config = strdup("");
	return e->config ? 0 : -ENOMEM;
}

static int parse_link(struct nlattr *a, struct kc_nl_graph *g)
{
	struct kc_nl_link *l = grow(&g->links, &g->nlinks, sizeof(*l));
	struct nlattr *b;
	int rem, ret = 0;
	uint32_t v = 0;

	if (!l)
		return -ENOMEM;
	nla_for_each_nested(b, a, rem) {
		ret = attr_u32(b, &v);
		if (ret)
			return ret;
		if (nla_type(b) == KCLICK_LINK_A_FROM)
			l->from = v;
		else if (nla_type(b) == KCLICK_LINK_A_FROM_PORT)
			l->from_port = v;
		else if (nla_type(b) == KCLICK_LINK_A_TO)
			l->to = v;
		else if (nla_type(b) == KCLICK_LINK_A_TO_PORT)
			l->to_port = v;
	}
	return 0;
}

/* The graph-level attributes of one message into g. */
static int parse_graph_attrs(struct nlattr *attrs, int len,
			     struct kc_nl_graph *g)
{
	struct nlattr *a;
	int rem, ret = 0;
	uint32_t v = 0;

	nla_for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case KCLICK_A_GRAPH_NAME:
			ret = attr_dup(a, &g->name);
			break;
		case KCLICK_A_GRAPH_ID:
			ret = attr_u32(a, &g->id);
			break;
		case KCLICK_A_GRAPH_GEN:
			ret = attr_u32(a, &g->gen);
			g->has_gen = 1;
			break;
		case KCLICK_A_NELEMENTS:
			ret = attr_u32(a, &v);
			g->nelems = v;
			break;
		case KCLICK_A_DROPS:
			ret = attr_u64(a, &g->drops);
			break;
		case KCLICK_A_DEVICE:
			ret = parse_device(a, g);
			break;
		case KCLICK_A_ELEMENT:
			ret = parse_elem(a, g);
			break;
		case KCLICK_A_LINK:
			ret = parse_link(a, g);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_summary(struct genlmsghdr *gh, struct nlattr *attrs, int len,
			 void *arg)
{
	(void)gh;
	return parse_graph_attrs(attrs, len, arg);
}

struct list_arg {
	struct kc_nl_graph *v;
	size_t n;
};

static int parse_list(struct genlmsghdr *gh, struct nlattr *attrs, int len,
		      void *arg)
{
	struct list_arg *la = arg;
	struct kc_nl_graph *g = grow(&la->v, &la->n, sizeof(*g));
	int ret;

	(void)gh;
	if (!g)
		return -ENOMEM;
	ret = parse_graph_attrs(attrs, len, g);
	if (!ret && !g->name)
		ret = -EPROTO;
	return ret;
}

static void graph_release(struct kc_nl_graph *g)
{
	size_t i, j;

	free(g->name);
	for (i = 0; i < g->ndevs; i++) {
		free(g->devs[i].name);
		free(g->devs[i].elem);
	}
	free(g->devs);
	for (i = 0; i < g->nelems_got; i++) {
		struct kc_nl_elem *e = &g->elems[i];

		free(e->name);
		free(e->cls);
		free(e->config);
		free(e->ports);
		for (j = 0; j < e->nhandlers; j++)
			free(e->handlers[j].name);
		free(e->handlers);
	}
	free(g->elems);
	free(g->links);
}

void kc_nl_graph_free(struct kc_nl_graph *g)
{
	if (!g)
		return;
	graph_release(g);
	free(g);
}

void kc_nl_graph_list_free(struct kc_nl_graph *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		graph_release(&v[i]);
	free(v);
}

int kc_nl_graph_list(struct kc_nl *nl, struct kc_nl_graph **out, size_t *n,
		     struct kc_err *err)
{
	struct list_arg la = { 0 };
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	req_init(&rq, parse_list, &la);
	msg = req_msg(nl, KCLICK_CMD_GRAPH_GET, NLM_F_DUMP, 0);
	if (!msg)
		return kc_err_set(err, ENOMEM, "out of memory");
	ret = req_run(nl, msg, &rq);
	if (ret) {
		kc_nl_graph_list_free(la.v, la.n);
		return req_err(&rq, ret, "list", err);
	}
	*out = la.v;
	*n = la.n;
	return 0;
}

int kc_nl_graph_show(struct kc_nl *nl, const char *name,
		     struct kc_nl_graph **out, struct kc_err *err)
{
	struct kc_nl_graph *g = NULL;
	struct nl_msg *msg;
	struct kc_req rq;
	int ret, tries;

	/* A replace during the dump ends it with EAGAIN: dump again. */
	for (tries = 0; tries < 5; tries++) {
		kc_nl_graph_free(g);
		g = calloc(1, sizeof(*g));
		if (!g)
			return kc_err_set(err, ENOMEM, "out of memory");
		req_init(&rq, parse_summary, g);
		msg = req_msg(nl, KCLICK_CMD_GRAPH_GET, NLM_F_DUMP, 0);
		if (!msg || nla_put_string(msg, KCLICK_A_GRAPH_NAME, name)) {
			nlmsg_free(msg);
			kc_nl_graph_free(g);
			return kc_err_set(err, ENOMEM, "out of memory");
		}
		ret = req_run(nl, msg, &rq);
		if (ret != -EAGAIN)
			break;
	}
	if (!ret && !g->name)
		ret = -EPROTO;
	if (ret) {
		kc_nl_graph_free(g);
		if (ret == -ENOENT)
			return kc_err_set(err, ENOENT,
					  "no graph '%s' in this network namespace",
					  name);
		return req_err(&rq, ret, "show", err);
	}
	for (size_t i = 0; i < g->nlinks; i++)
		if (g->links[i].from >= g->nelems_got ||
		    g->links[i].to >= g->nelems_got) {
			kc_nl_graph_free(g);
			return kc_err_set(err, EPROTO,
					  "show: the module sent a connection to a missing element");
		}
	*out = g;
	return 0;
}

/* ---- handlers ---- */

struct value_arg {
	char *value;
	size_t len;
};

static int parse_value(struct genlmsghdr *gh, struct nlattr *attrs, int len,
		       void *arg)
{
	struct value_arg *va = arg;
	struct nlattr *a;
	int rem;

	(void)gh;
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != KCLICK_A_VALUE)
			continue;
		free(va->value);
		va->len = nla_len(a);
		va->value = malloc(va->len + 1);
		if (!va->value)
			return -ENOMEM;
		memcpy(va->value, nla_data(a), va->len);
		va->value[va->len] = '\0';
	}
	return 0;
}

static struct nl_msg *handler_msg(struct kc_nl *nl, uint8_t cmd,
				  const char *graph, const char *elem,
				  const char *handler, size_t extra)
{
	struct nl_msg *msg = req_msg(nl, cmd, 0, 4096 + extra);

	if (msg &&
	    (nla_put_string(msg, KCLICK_A_GRAPH_NAME, graph) ||
	     nla_put_string(msg, KCLICK_A_ELEMENT_NAME, elem) ||
	     nla_put_string(msg, KCLICK_A_HANDLER_NAME, handler))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int handler_err(struct kc_req *rq, int ret, const char *graph,
		       const char *elem, const char *handler, int write,
		       struct kc_err *err)
{
	if (rq->kmsg[0])
		return kc_err_set(err, -ret, "%s/%s.%s: %s", graph, elem,
				  handler, rq->kmsg);
	if (ret == -ENOENT && !strcmp(rq->ext_msg, "no such graph"))
		return kc_err_set(err, ENOENT,
				  "no graph '%s' in this network namespace",
				  graph);
	if (ret == -ENOENT && !strcmp(rq->ext_msg, "no such element"))
		return kc_err_set(err, ENOENT, "graph '%s' has no element '%s'",
				  graph, elem);
	return req_err(rq, ret, write ? "write" : "read", err);
}

static int check_names(const char *graph, const char *elem,
		       const char *handler, struct kc_err *err)
{
	if (strlen(graph) >= KCLICK_NAME_MAX || strlen(elem) >= KCLICK_NAME_MAX ||
	    strlen(handler) >= KCLICK_NAME_MAX)
		return kc_err_set(err, EINVAL,
				  "graph, element and handler names are at most %d characters",
				  KCLICK_NAME_MAX - 1);
	return 0;
}

int kc_nl_handler_read(struct kc_nl *nl, const char *graph, const char *elem,
		       const char *handler, char **value, size_t *len,
		       struct kc_err *err)
{
	struct value_arg va = { 0 };
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	ret = check_names(graph, elem, handler, err);
	if (ret)
		return ret;
	req_init(&rq, parse_value, &va);
	msg = handler_msg(nl, KCLICK_CMD_HANDLER_READ, graph, elem, handler, 0);
	if (!msg)
		return kc_err_set(err, ENOMEM, "out of memory");
	ret = req_run(nl, msg, &rq);
	if (!ret && !va.value)
		ret = rq.proto = -EPROTO;
	if (ret) {
		free(va.value);
		return handler_err(&rq, ret, graph, elem, handler, 0, err);
	}
	*value = va.value;
	*len = va.len;
	return 0;
}

int kc_nl_handler_write(struct kc_nl *nl, const char *graph,
			const char *elem, const char *handler,
			const char *value, size_t len, struct kc_err *err)
{
	struct nl_msg *msg;
	struct kc_req rq;
	int ret;

	ret = check_names(graph, elem, handler, err);
	if (ret)
		return ret;
	if (len > KCLICK_VALUE_MAX)
		return kc_err_set(err, EINVAL, "value longer than %d bytes",
				  KCLICK_VALUE_MAX);
	req_init(&rq, NULL, NULL);
	msg = handler_msg(nl, KCLICK_CMD_HANDLER_WRITE, graph, elem, handler,
			  len);
	if (!msg || nla_put(msg, KCLICK_A_VALUE, len, value)) {
		nlmsg_free(msg);
		return kc_err_set(err, ENOMEM, "out of memory");
	}
	ret = req_run(nl, msg, &rq);
	return ret ? handler_err(&rq, ret, graph, elem, handler, 1, err) : 0;
}

/* ---- events ---- */

const char *kc_nl_event_name(unsigned int type)
{
	static const char *const names[] = {
		[KCLICK_EVENT_ADDED] = "added",
		[KCLICK_EVENT_REPLACED] = "replaced",
		[KCLICK_EVENT_REMOVED] = "removed",
		[KCLICK_EVENT_DEVICE_LOST] = "device-lost",
		[KCLICK_EVENT_DEVICE_BACK] = "device-back",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

struct monitor_ctx {
	struct kc_req rq;
	void *user;
};

static int parse_event_ctx(struct genlmsghdr *gh, struct nlattr *attrs,
			   int len, void *arg)
{
	struct monitor_ctx *mc = arg;
	struct kc_nl_event ev = { 0 };
	struct nlattr *a, *b;
	int rem, rem2;
	uint32_t v = 0;

	if (gh->cmd != KCLICK_CMD_EVENT)
		return 0;
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) == KCLICK_A_EVENT && !attr_u32(a, &v))
			ev.type = v;
		else if (nla_type(a) == KCLICK_A_GRAPH_NAME)
			ev.graph = attr_str(a);
		else if (nla_type(a) == KCLICK_A_DEVICE)
			nla_for_each_nested(b, a, rem2)
				if (nla_type(b) == KCLICK_DEV_A_NAME)
					ev.device = attr_str(b);
	}
	if (!ev.graph)
		return 0;
	mc->rq.event_ret = mc->rq.event(&ev, mc->user);
	return mc->rq.event_ret ? 1 : 0;
}

int kc_nl_monitor(struct kc_nl *nl,
		  int (*cb)(const struct kc_nl_event *ev, void *arg),
		  void *arg, struct kc_err *err)
{
	struct monitor_ctx mc;
	int grp, ret;

	grp = genl_ctrl_resolve_grp(nl->sk, KCLICK_GENL_NAME,
				    KCLICK_MCGRP_EVENTS);
	if (grp < 0)
		return kc_err_set(err, ENOENT,
				  "the module has no '%s' multicast group: %s",
				  KCLICK_MCGRP_EVENTS, nl_geterror(grp));
	ret = nl_socket_add_membership(nl->sk, grp);
	if (ret < 0)
		return kc_err_set(err, EIO, "cannot join the '%s' group: %s",
				  KCLICK_MCGRP_EVENTS, nl_geterror(ret));
	nl_socket_disable_seq_check(nl->sk);
	req_init(&mc.rq, parse_event_ctx, &mc);
	mc.rq.event = cb;
	mc.user = arg;
	ret = kc_nl_wait(nl, &mc.rq);
	if (mc.rq.event_ret)
		return mc.rq.event_ret;
	return ret ? req_err(&mc.rq, ret, "monitor", err) : 0;
}
