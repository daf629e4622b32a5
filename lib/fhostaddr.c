// SPDX-License-Identifier: GPL-2.0
/*
 * FromHost's addresses (docs/design.md, "FromHost").  The module creates
 * the device; Linux 6.1 offers a module no call to add an IPv4 address
 * (devinet's ioctl and netlink handlers are not exported, and the
 * module's install runs under RTNL, which rtnetlink would need), so the
 * library adds PREFIX with rtnetlink (RTM_NEWADDR) once the graph is
 * installed.  The prefix comes from the installed element's "prefix"
 * handler, so AddressInfo names are resolved by the module as everywhere
 * else.  On a replace, the address the old graph's FromHost gave a device
 * the new graph keeps is deleted first if the prefix changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include "kclick.h"

struct fhost {
	char dev[16];
	unsigned int ifindex;
	struct in_addr addr;
	int plen;			/* -1: no PREFIX */
};

struct fhost_set {
	struct fhost *v;
	size_t n;
};

static int cfg_has_fromhost(const struct kc_cfg *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nelems; i++)
		if (!strcmp(cfg->elems[i].cls, "FromHost"))
			return 1;
	return 0;
}

static int read_str(struct kc_nl *nl, const char *graph, const char *elem,
		    const char *h, char *buf, size_t len, struct kc_err *err)
{
	char *v = NULL;
	size_t n;
	int ret;

	ret = kc_nl_handler_read(nl, graph, elem, h, &v, &n, err);
	if (ret)
		return ret;
	snprintf(buf, len, "%s", v);
	free(v);
	return 0;
}

static int parse_prefix(const char *s, struct fhost *f)
{
	char a[32];
	const char *slash = strchr(s, '/');

	f->plen = -1;
	if (!*s)
		return 0;
	if (!slash || slash - s >= (long)sizeof(a))
		return -EINVAL;
	memcpy(a, s, slash - s);
	a[slash - s] = 0;
	if (inet_pton(AF_INET, a, &f->addr) != 1)
		return -EINVAL;
	f->plen = atoi(slash + 1);
	return f->plen < 0 || f->plen > 32 ? -EINVAL : 0;
}

/* The FromHost devices of installed graph name, as the module reports. */
static int snapshot(struct kc_nl *nl, const char *name, struct fhost_set *s,
		    struct kc_err *err)
{
	struct kc_nl_graph *g;
	char buf[64];
	size_t i;
	int ret;

	s->v = NULL;
	s->n = 0;
	ret = kc_nl_graph_show(nl, name, &g, err);
	if (ret)
		return ret;
	s->v = calloc(g->nelems_got ? g->nelems_got : 1, sizeof(*s->v));
	if (!s->v) {
		kc_nl_graph_free(g);
		return kc_err_set(err, ENOMEM, "out of memory");
	}
	for (i = 0; i < g->nelems_got && !ret; i++) {
		const char *e = g->elems[i].name;
		struct fhost *f = &s->v[s->n];

		if (strcmp(g->elems[i].cls, "FromHost"))
			continue;
		ret = read_str(nl, name, e, "device", f->dev, sizeof(f->dev),
			       err);
		if (!ret)
			ret = read_str(nl, name, e, "ifindex", buf, sizeof(buf),
				       err);
		if (!ret) {
			f->ifindex = (unsigned int)strtoul(buf, NULL, 10);
			ret = read_str(nl, name, e, "prefix", buf, sizeof(buf),
				       err);
		}
		if (!ret && parse_prefix(buf, f))
			ret = kc_err_set(err, EPROTO,
					 "element '%s': unexpected prefix '%s'",
					 e, buf);
		if (!ret)
			s->n++;
	}
	kc_nl_graph_free(g);
	return ret;
}

/* One RTM_NEWADDR or RTM_DELADDR, acknowledged: 0 or -errno. */
static int addr_request(int type, unsigned int flags, const struct fhost *f)
{
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg ifa;
		char attrs[2 * RTA_SPACE(sizeof(struct in_addr))];
	} req;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
		char more[256];
	} ack;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct rtattr *rta;
	ssize_t n;
	int fd, ret;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifa));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.h.nlmsg_seq = 1;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = f->plen;
	req.ifa.ifa_index = f->ifindex;
	rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.h.nlmsg_len));
	rta->rta_type = IFA_LOCAL;
	rta->rta_len = RTA_LENGTH(sizeof(f->addr));
	memcpy(RTA_DATA(rta), &f->addr, sizeof(f->addr));
	req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) + RTA_SPACE(sizeof(f->addr));
	rta = (struct rtattr *)((char *)&req + req.h.nlmsg_len);
	rta->rta_type = IFA_ADDRESS;
	rta->rta_len = RTA_LENGTH(sizeof(f->addr));
	memcpy(RTA_DATA(rta), &f->addr, sizeof(f->addr));
	req.h.nlmsg_len += RTA_SPACE(sizeof(f->addr));

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	ret = 0;
	if (sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		ret = -errno;
	while (!ret) {
		n = recv(fd, &ack, sizeof(ack), 0);
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n < (ssize_t)NLMSG_LENGTH(sizeof(ack.e)) ||
		    ack.h.nlmsg_type != NLMSG_ERROR)
			continue;
		ret = ack.e.error;
		break;
	}
	close(fd);
	return ret;
}

static const struct fhost *find_dev(const struct fhost_set *s,
				    const struct fhost *f)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ifindex == f->ifindex)
			return &s->v[i];
	return NULL;
}

static int same_prefix(const struct fhost *a, const struct fhost *b)
{
	return a->plen == b->plen && a->addr.s_addr == b->addr.s_addr;
}

static int apply(const struct fhost_set *now, const struct fhost_set *before,
		 struct kc_err *err)
{
	char a[INET_ADDRSTRLEN];
	const struct fhost *f, *o;
	size_t i;
	int ret;

	for (i = 0; i < before->n; i++) {
		o = &before->v[i];
		f = find_dev(now, o);
		if (o->plen < 0 || !f || same_prefix(f, o))
			continue;
		ret = addr_request(RTM_DELADDR, 0, o);
		if (ret && ret != -EADDRNOTAVAIL)
			return kc_err_set(err, -ret,
					  "FromHost device %s: cannot delete its old address %s/%d: %s",
					  o->dev, inet_ntop(AF_INET, &o->addr, a, sizeof(a)),
					  o->plen, strerror(-ret));
	}
	for (i = 0; i < now->n; i++) {
		f = &now->v[i];
		if (f->plen < 0)
			continue;
		ret = addr_request(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, f);
		if (ret)
			return kc_err_set(err, -ret,
					  "FromHost device %s: cannot add address %s/%d: %s",
					  f->dev, inet_ntop(AF_INET, &f->addr, a, sizeof(a)),
					  f->plen, strerror(-ret));
	}
	return 0;
}

int kc_nl_install_addrs(struct kc_nl *nl, const struct kc_cfg *cfg,
			const char *name, int replace,
			struct kc_nl_graph **out, struct kc_err *err)
{
	struct fhost_set before = { 0 }, now = { 0 };
	struct kc_err ignored;
	int existed = 0, ret;

	if (!cfg_has_fromhost(cfg))
		return kc_nl_install(nl, cfg, name, replace, out, err);
	if (replace)
		existed = !snapshot(nl, name, &before, &ignored);
	ret = kc_nl_install(nl, cfg, name, replace, out, err);
	if (ret)
		goto out;
	ret = snapshot(nl, name, &now, err);
	if (!ret)
		ret = apply(&now, &before, err);
	if (ret) {
		size_t len = strlen(err->msg);

		/* All or nothing for a new graph; a replaced one cannot go back. */
		if (!existed && !kc_nl_remove(nl, name, &ignored))
			snprintf(err->msg + len, sizeof(err->msg) - len,
				 " (graph '%s' removed again)", name);
		else
			snprintf(err->msg + len, sizeof(err->msg) - len,
				 " (graph '%s' is installed)", name);
		if (out) {
			kc_nl_graph_free(*out);
			*out = NULL;
		}
	}
out:
	free(before.v);
	free(now.v);
	return ret;
}
