// SPDX-License-Identifier: GPL-2.0
/*
 * libkclick: the XDP program (bpf/kclick_xdp.bpf.c, embedded as a libbpf
 * skeleton) on the devices graphs receive from with METHOD XDP.
 *
 * The module cannot attach an XDP program itself (6.1 exports no way to),
 * so the library does, after every install, replace and remove:
 * kc_xdp_sync() makes the set of devices of this network namespace that
 * carry the program ("kclick_xdp") equal to the set that an installed
 * graph receives from with METHOD XDP (a FromDevice whose `method` handler
 * reads XDP).  Native mode first (veth, virtio-net and other drivers with
 * ndo_bpf), generic XDP when the driver has none; KCLICK_XDP_MODE=generic
 * or native forces one.  A device with another XDP program is left alone
 * and the install fails, naming it.
 *
 * What the library does not see: a graph removed by another netlink
 * client leaves the program attached; the kfunc then answers XDP_PASS for
 * the device (no graph holds it), and the next kc_xdp_sync() detaches it.
 * A device that goes takes its program with it.  While a program is
 * attached the module cannot be unloaded (the program holds it).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kclick.h"
#include "kclick_xdp.skel.h"

#define KC_XDP_PROG_NAME "kclick_xdp"

static int quiet_print(enum libbpf_print_level level, const char *fmt,
		       va_list ap)
{
	if (level == LIBBPF_WARN && getenv("KCLICK_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/* The id of our program on ifindex and its mode, or 0. */
static unsigned int our_prog(int ifindex, int *native)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info;
	unsigned int id, len = sizeof(info);
	int fd, ours;

	if (bpf_xdp_query(ifindex, 0, &q))
		return 0;
	id = q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id;
	if (!id)
		return 0;
	*native = q.drv_prog_id != 0;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	ours = !bpf_obj_get_info_by_fd(fd, &info, &len) &&
	       !strcmp(info.name, KC_XDP_PROG_NAME);
	close(fd);
	return ours ? id : ~0u;	/* ~0u: someone else's */
}

const char *kc_xdp_dev_mode(unsigned int ifindex)
{
	unsigned int id;
	int native = 0;

	libbpf_set_print(quiet_print);
	id = our_prog(ifindex, &native);
	if (!id || id == ~0u)
		return NULL;
	return native ? "native" : "generic";
}

static int attach(const char *dev, int ifindex, struct kc_err *err)
{
	const char *force = getenv("KCLICK_XDP_MODE");
	struct kclick_xdp *skel;
	int fd, ret = -EOPNOTSUPP;

	skel = kclick_xdp__open_and_load();
	if (!skel)
		return kc_err_set(err, errno ? errno : EINVAL,
				  "cannot load the XDP program for %s: is kclick.ko loaded with its BTF (kfunc kclick_xdp_rx)? (KCLICK_DEBUG=1 shows libbpf's log)",
				  dev);
	fd = bpf_program__fd(skel->progs.kclick_xdp);
	if (!force || strcmp(force, "generic"))
		ret = bpf_xdp_attach(ifindex, fd,
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
				     NULL);
	if (ret && (!force || strcmp(force, "native")))
		ret = bpf_xdp_attach(ifindex, fd,
				     XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
				     NULL);
	/* The device holds the program now; our references go. */
	kclick_xdp__destroy(skel);
	if (ret)
		return kc_err_set(err, -ret, "cannot attach the XDP program to %s: %s",
				  dev, strerror(-ret));
	return 0;
}

static int detach(int ifindex, int native)
{
	return bpf_xdp_detach(ifindex, native ? XDP_FLAGS_DRV_MODE :
			      XDP_FLAGS_SKB_MODE, NULL);
}

/* Add dev to the wanted list (devices may repeat across graphs: no). */
static int want_add(int **v, size_t *n, int ifindex)
{
	int *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = ifindex;
	*v = nv;
	return 0;
}

static int wanted(const int *v, size_t n, int ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == ifindex)
			return 1;
	return 0;
}

/* The ifindexes every graph receives from with METHOD XDP. */
static int xdp_devices(struct kc_nl *nl, int **want, size_t *nwant,
		       struct kc_err *err)
{
	struct kc_nl_graph *v;
	size_t n, i, k;
	int ret;

	ret = kc_nl_graph_list(nl, &v, &n, err);
	if (ret)
		return ret;
	for (i = 0; i < n && !ret; i++) {
		for (k = 0; k < v[i].ndevs && !ret; k++) {
			const struct kc_nl_dev *d = &v[i].devs[k];
			char *val = NULL;
			size_t len;

			if (!d->present || !d->elem[0])
				continue;
			/* Only receiving elements have `method`. */
			if (kc_nl_handler_read(nl, v[i].name, d->elem, "method",
					       &val, &len, err))
				continue;
			if (!strcmp(val, "XDP"))
				ret = want_add(want, nwant, d->ifindex);
			free(val);
		}
	}
	kc_nl_graph_list_free(v, n);
	return ret;
}

int kc_xdp_sync(struct kc_nl *nl, struct kc_err *err)
{
	struct if_nameindex *ifs, *it;
	size_t nwant = 0;
	int *want = NULL;
	int ret;

	libbpf_set_print(quiet_print);
	ret = xdp_devices(nl, &want, &nwant, err);
	if (ret) {
		free(want);
		return ret;
	}
	ifs = if_nameindex();
	if (!ifs) {
		free(want);
		return kc_err_set(err, errno, "cannot list devices: %s",
				  strerror(errno));
	}
	for (it = ifs; it->if_index && !ret; it++) {
		int native = 0;
		unsigned int id = our_prog(it->if_index, &native);

		if (wanted(want, nwant, it->if_index)) {
			if (id == ~0u)
				ret = kc_err_set(err, EBUSY,
						 "device %s already has an XDP program (not kclick's): detach it first (ip link set %s xdp off)",
						 it->if_name, it->if_name);
			else if (!id)
				ret = attach(it->if_name, it->if_index, err);
		} else if (id && id != ~0u) {
			detach(it->if_index, native);
		}
	}
	if_freenameindex(ifs);
	free(want);
	return ret;
}
