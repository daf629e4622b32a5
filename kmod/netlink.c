// SPDX-License-Identifier: GPL-2.0
/*
 * The "kclick" generic netlink family (ABI: include/uapi/linux/kclick.h).
 *
 * Every op has its own strict policy.  Mutating ops (GRAPH_NEW, GRAPH_DEL,
 * HANDLER_WRITE) need CAP_NET_ADMIN in the initial user namespace: they
 * run a compiler and allocate in the kernel on untrusted text, and
 * CAP_NET_ADMIN in a user namespace is anybody's (unshare -Urn).  The
 * module parameter userns_admin lets CAP_NET_ADMIN in the user namespace
 * owning the caller's netns do it (container hosts).  Reading (GET, DUMP,
 * HANDLER_READ) is open to everyone in the netns.  The family is
 * parallel_ops: each op takes RTNL itself, the one update lock.
 *
 * Error messages: extack messages must be static strings on 6.1, so a
 * failing GRAPH_NEW or HANDLER_WRITE first unicasts a KCLICK_CMD_ERROR
 * message with the full text and the index of the element at fault, then
 * fails with a static extack message and the bad attribute's offset.
 */
#include <linux/rtnetlink.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <net/sock.h>

#include "kclick.h"

/*
 * 0644: only root in the initial user namespace can write module
 * parameters (sysfs), which is who may already load and unload the module,
 * and a container host can open the door at run time without reloading
 * (and unloading every graph).  Read at each mutating request.
 */
static bool kc_userns_admin;
module_param_named(userns_admin, kc_userns_admin, bool, 0644);
MODULE_PARM_DESC(userns_admin,
		 "let CAP_NET_ADMIN in a network namespace's own user namespace install, replace, remove graphs and write handlers (default: only CAP_NET_ADMIN in the initial user namespace)");

/*
 * The check behind every mutating op.  The op's GENL_UNS_ADMIN_PERM flag
 * already asked for CAP_NET_ADMIN over the netns (in its user namespace);
 * unless userns_admin is set, ask for it in the initial user namespace too
 * (netlink_capable: the socket's opener and the caller both).
 */
static int kc_may_mutate(struct sk_buff *skb, struct genl_info *info)
{
	if (READ_ONCE(kc_userns_admin)) {
		if (netlink_ns_capable(skb, genl_info_net(info)->user_ns,
				       CAP_NET_ADMIN))
			return 0;
		NL_SET_ERR_MSG(info->extack,
			       "CAP_NET_ADMIN in the user namespace owning this network namespace is required");
		return -EPERM;
	}
	if (netlink_capable(skb, CAP_NET_ADMIN))
		return 0;
	NL_SET_ERR_MSG(info->extack,
		       "CAP_NET_ADMIN in the initial user namespace is required (module parameter kclick.userns_admin=1 accepts it in the netns's own user namespace)");
	return -EPERM;
}

static const struct nla_policy kc_elem_policy[KCLICK_ELEM_A_MAX + 1] = {
	[KCLICK_ELEM_A_NAME] = { .type = NLA_NUL_STRING,
				 .len = KCLICK_NAME_MAX - 1 },
	[KCLICK_ELEM_A_CLASS] = { .type = NLA_NUL_STRING,
				  .len = KCLICK_NAME_MAX - 1 },
	[KCLICK_ELEM_A_CONFIG] = { .type = NLA_NUL_STRING,
				   .len = KCLICK_CONFIG_MAX - 1 },
	[KCLICK_ELEM_A_LINE] = { .type = NLA_U32 },
};

static const struct nla_policy kc_link_policy[KCLICK_LINK_A_MAX + 1] = {
	[KCLICK_LINK_A_FROM] = { .type = NLA_U32 },
	[KCLICK_LINK_A_FROM_PORT] = { .type = NLA_U32 },
	[KCLICK_LINK_A_TO] = { .type = NLA_U32 },
	[KCLICK_LINK_A_TO_PORT] = { .type = NLA_U32 },
};

#define GRAPH_NAME_POLICY { .type = NLA_NUL_STRING, .len = KCLICK_NAME_MAX - 1 }

static const struct nla_policy kc_class_get_policy[KCLICK_A_MAX + 1] = {
	[KCLICK_A_CLASS_NAME] = GRAPH_NAME_POLICY,
};

static const struct nla_policy kc_graph_new_policy[KCLICK_A_MAX + 1] = {
	[KCLICK_A_GRAPH_NAME] = GRAPH_NAME_POLICY,
	[KCLICK_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCLICK_F_ALL),
	[KCLICK_A_SOURCE] = { .type = NLA_NUL_STRING, .len = 4095 },
	[KCLICK_A_ELEMENT] = NLA_POLICY_NESTED(kc_elem_policy),
	[KCLICK_A_LINK] = NLA_POLICY_NESTED(kc_link_policy),
};

static const struct nla_policy kc_graph_name_policy[KCLICK_A_MAX + 1] = {
	[KCLICK_A_GRAPH_NAME] = GRAPH_NAME_POLICY,
};

static const struct nla_policy kc_handler_policy[KCLICK_A_MAX + 1] = {
	[KCLICK_A_GRAPH_NAME] = GRAPH_NAME_POLICY,
	[KCLICK_A_ELEMENT_NAME] = GRAPH_NAME_POLICY,
	[KCLICK_A_HANDLER_NAME] = GRAPH_NAME_POLICY,
	[KCLICK_A_VALUE] = { .type = NLA_BINARY, .len = KCLICK_VALUE_MAX },
};

/* A missing mandatory attribute: say which, in words and as MISS_TYPE. */
#define KC_REQUIRE(info, type, what)					\
({									\
	bool __missing = !(info)->attrs[type];				\
	if (__missing) {						\
		NL_SET_ERR_ATTR_MISS((info)->extack, NULL, type);	\
		NL_SET_ERR_MSG((info)->extack, "missing " what);	\
	}								\
	__missing;							\
})

enum { KC_MCGRP_EVENTS };

static const struct genl_multicast_group kc_mcgrps[] = {
	[KC_MCGRP_EVENTS] = { .name = KCLICK_MCGRP_EVENTS },
};

/* Unicast the full error text before the failing ack (see top comment). */
static void send_error(struct genl_info *info, const struct kc_errbuf *err,
		       int bad_elem)
{
	struct sk_buff *msg;
	void *hdr;

	if (!err->msg[0])
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0, KCLICK_CMD_ERROR);
	if (!hdr ||
	    nla_put_string(msg, KCLICK_A_ERROR_MSG, err->msg) ||
	    (bad_elem >= 0 &&
	     nla_put_u32(msg, KCLICK_A_ERROR_ELEMENT, bad_elem))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_reply(msg, info);
}

static int kc_version_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0,
				KCLICK_CMD_VERSION_GET);
	if (!hdr || nla_put_string(msg, KCLICK_A_VERSION, KC_MODULE_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int put_class(struct sk_buff *msg, const struct kc_class *cls)
{
	struct nlattr *nest = nla_nest_start(msg, KCLICK_A_CLASS);

	if (!nest ||
	    nla_put_string(msg, KCLICK_CLASS_A_NAME, cls->name) ||
	    nla_put_string(msg, KCLICK_CLASS_A_PORTS, cls->ports) ||
	    nla_put_string(msg, KCLICK_CLASS_A_PROCESSING, cls->processing)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int kc_class_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct kc_class *cls;
	struct sk_buff *msg;
	void *hdr;

	if (KC_REQUIRE(info, KCLICK_A_CLASS_NAME, "class name"))
		return -EINVAL;
	cls = kc_class_find(nla_data(info->attrs[KCLICK_A_CLASS_NAME]));
	if (!cls) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KCLICK_A_CLASS_NAME],
				    "unknown element class");
		return -ENOENT;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0,
				KCLICK_CMD_CLASS_GET);
	if (!hdr || put_class(msg, cls)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int kc_class_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct kc_class *cls;
	unsigned int idx;
	void *hdr;

	for (idx = cb->args[0]; (cls = kc_class_nth(idx)); idx++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &kc_genl_family,
				  NLM_F_MULTI, KCLICK_CMD_CLASS_GET);
		if (!hdr)
			break;
		if (put_class(skb, cls)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = idx;
	return skb->len;
}

/*
 * Names end up in messages, handler paths and `kclick show`: letters,
 * digits and a few punctuation marks, starting with neither a digit nor
 * punctuation other than '_' and '@'.
 */
static bool name_ok(const char *s, const char *punct)
{
	const char *p;

	if (!*s || isdigit(*s) || (*s != '_' && *s != '@' && !isalpha(*s)))
		return false;
	for (p = s; *p; p++)
		if (!isalnum(*p) && !strchr(punct, *p))
			return false;
	return true;
}

/* Collect repeated top-level attributes of one type. */
static u32 count_attrs(const struct genl_info *info, int type)
{
	const struct nlattr *a;
	u32 n = 0;
	int rem;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == type)
			n++;
	return n;
}

static int parse_graph(struct genl_info *info, struct kc_graph_desc *d,
		       struct kc_elem_desc **pe, struct kc_link_desc **pl,
		       const struct nlattr ***pelem_attrs)
{
	struct netlink_ext_ack *extack = info->extack;
	u32 ne = count_attrs(info, KCLICK_A_ELEMENT);
	u32 nl = count_attrs(info, KCLICK_A_LINK);
	struct kc_elem_desc *el;
	struct kc_link_desc *ln;
	const struct nlattr **ea;
	const struct nlattr *a;
	u32 ie = 0, il = 0;
	int rem, ret;

	if (!ne) {
		NL_SET_ERR_MSG(extack, "a graph needs at least one element");
		return -EINVAL;
	}
	if (ne > KCLICK_ELEMENTS_MAX) {
		NL_SET_ERR_MSG(extack, "too many elements in one graph");
		return -E2BIG;
	}
	/* Before sizing anything by it (kc_graph_build checks it too). */
	if (nl > KCLICK_LINKS_MAX) {
		NL_SET_ERR_MSG(extack, "too many connections in one graph");
		return -E2BIG;
	}
	el = kvcalloc(ne, sizeof(*el), GFP_KERNEL_ACCOUNT);
	ln = kvcalloc(nl + 1, sizeof(*ln), GFP_KERNEL_ACCOUNT);
	ea = kvcalloc(ne, sizeof(*ea), GFP_KERNEL_ACCOUNT);
	*pe = el;
	*pl = ln;
	*pelem_attrs = ea;
	if (!el || !ln || !ea)
		return -ENOMEM;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		struct nlattr *tb[KCLICK_ELEM_A_MAX + 1];
		struct nlattr *tl[KCLICK_LINK_A_MAX + 1];

		if (nla_type(a) == KCLICK_A_ELEMENT) {
			ret = nla_parse_nested(tb, KCLICK_ELEM_A_MAX, a,
					       kc_elem_policy, extack);
			if (ret)
				return ret;
			if (!tb[KCLICK_ELEM_A_NAME] || !tb[KCLICK_ELEM_A_CLASS]) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "element needs a name and a class");
				return -EINVAL;
			}
			if (!name_ok(nla_data(tb[KCLICK_ELEM_A_NAME]), "_@/.-:") ||
			    !name_ok(nla_data(tb[KCLICK_ELEM_A_CLASS]), "_")) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "element and class names are Click identifiers (letters, digits, _@/.-:)");
				return -EINVAL;
			}
			ea[ie] = a;
			el[ie].name = nla_data(tb[KCLICK_ELEM_A_NAME]);
			el[ie].cls = nla_data(tb[KCLICK_ELEM_A_CLASS]);
			el[ie].config = tb[KCLICK_ELEM_A_CONFIG] ?
				nla_data(tb[KCLICK_ELEM_A_CONFIG]) : "";
			el[ie].line = tb[KCLICK_ELEM_A_LINE] ?
				nla_get_u32(tb[KCLICK_ELEM_A_LINE]) : 0;
			ie++;
		} else if (nla_type(a) == KCLICK_A_LINK) {
			ret = nla_parse_nested(tl, KCLICK_LINK_A_MAX, a,
					       kc_link_policy, extack);
			if (ret)
				return ret;
			if (!tl[KCLICK_LINK_A_FROM] || !tl[KCLICK_LINK_A_TO]) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "connection needs both ends");
				return -EINVAL;
			}
			ln[il].from = nla_get_u32(tl[KCLICK_LINK_A_FROM]);
			ln[il].to = nla_get_u32(tl[KCLICK_LINK_A_TO]);
			ln[il].from_port = tl[KCLICK_LINK_A_FROM_PORT] ?
				nla_get_u32(tl[KCLICK_LINK_A_FROM_PORT]) : 0;
			ln[il].to_port = tl[KCLICK_LINK_A_TO_PORT] ?
				nla_get_u32(tl[KCLICK_LINK_A_TO_PORT]) : 0;
			il++;
		}
	}
	d->nelems = ie;
	d->nlinks = il;
	d->elems = el;
	d->links = ln;
	return 0;
}

static int kc_graph_new(struct sk_buff *skb, struct genl_info *info)
{
	struct kc_elem_desc *el = NULL;
	struct kc_link_desc *ln = NULL;
	const struct nlattr **ea = NULL;
	struct kc_graph_desc d = {};
	struct kc_errbuf err = {};
	struct kc_inst *inst;
	struct sk_buff *msg;
	int bad = -1, ret;
	u32 flags = 0;
	void *hdr;

	ret = kc_may_mutate(skb, info);
	if (ret)
		return ret;
	if (KC_REQUIRE(info, KCLICK_A_GRAPH_NAME, "graph name"))
		return -EINVAL;
	if (!nla_len(info->attrs[KCLICK_A_GRAPH_NAME]) ||
	    !*(char *)nla_data(info->attrs[KCLICK_A_GRAPH_NAME]) ||
	    strchr(nla_data(info->attrs[KCLICK_A_GRAPH_NAME]), '/')) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KCLICK_A_GRAPH_NAME],
				    "graph name must be non-empty and contain no '/'");
		return -EINVAL;
	}
	if (info->attrs[KCLICK_A_FLAGS])
		flags = nla_get_u32(info->attrs[KCLICK_A_FLAGS]);
	ret = parse_graph(info, &d, &el, &ln, &ea);
	if (ret)
		goto out;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	rtnl_lock();
	ret = kc_inst_install(genl_info_net(info),
			      nla_data(info->attrs[KCLICK_A_GRAPH_NAME]), flags,
			      &d, &err, &bad, &inst);
	if (!ret) {
		hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0,
					KCLICK_CMD_GRAPH_NEW);
		if (hdr &&
		    !nla_put_string(msg, KCLICK_A_GRAPH_NAME, inst->name) &&
		    !nla_put_u32(msg, KCLICK_A_GRAPH_ID, inst->id) &&
		    !nla_put_u32(msg, KCLICK_A_GRAPH_GEN, inst->gen))
			genlmsg_end(msg, hdr);
		else
			ret = -EMSGSIZE;	/* installed; reply lost */
	}
	rtnl_unlock();
	if (ret) {
		nlmsg_free(msg);
		send_error(info, &err, bad);
		if (bad >= 0 && bad < (int)d.nelems)
			NL_SET_ERR_MSG_ATTR(info->extack, ea[bad],
					    "element rejected (see KCLICK_A_ERROR_MSG)");
		else if (err.msg[0])
			NL_SET_ERR_MSG(info->extack,
				       "graph rejected (see KCLICK_A_ERROR_MSG)");
		goto out;
	}
	ret = genlmsg_reply(msg, info);
out:
	kvfree(ea);
	kvfree(ln);
	kvfree(el);
	return ret;
}

static int kc_graph_del(struct sk_buff *skb, struct genl_info *info)
{
	struct kc_errbuf err = {};
	int ret;

	ret = kc_may_mutate(skb, info);
	if (ret)
		return ret;
	if (KC_REQUIRE(info, KCLICK_A_GRAPH_NAME, "graph name"))
		return -EINVAL;
	rtnl_lock();
	ret = kc_inst_remove(genl_info_net(info),
			     nla_data(info->attrs[KCLICK_A_GRAPH_NAME]), &err);
	rtnl_unlock();
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KCLICK_A_GRAPH_NAME],
				    "no such graph");
	return ret;
}

/*
 * A graph has a device reference per FromDevice and ToDevice element, and
 * may have thousands (ToDevice(eth0) x 5000): with partial_ok, what does
 * not fit in this message is left out (the elements are still shown),
 * rather than make the graph, or the whole list, impossible to read.
 */
static int put_devices(struct sk_buff *msg, struct kc_inst *inst,
		       bool partial_ok)
{
	struct kc_devref *ref;
	struct nlattr *nest;

	list_for_each_entry(ref, &inst->devrefs, node) {
		if (ref->graph != inst->graph)
			continue;
		nest = nla_nest_start(msg, KCLICK_A_DEVICE);
		if (!nest ||
		    nla_put_string(msg, KCLICK_DEV_A_NAME, ref->name) ||
		    nla_put_u32(msg, KCLICK_DEV_A_IFINDEX,
				ref->dev ? ref->dev->ifindex : 0) ||
		    nla_put_string(msg, KCLICK_DEV_A_ELEMENT, ref->elem->name) ||
		    nla_put_u8(msg, KCLICK_DEV_A_PRESENT, !!ref->dev)) {
			if (nest)
				nla_nest_cancel(msg, nest);
			return partial_ok ? 0 : -EMSGSIZE;
		}
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* partial_ok: msg holds nothing else, devices may be cut short. */
static int put_summary(struct sk_buff *msg, struct kc_inst *inst,
		       bool partial_ok)
{
	if (nla_put_string(msg, KCLICK_A_GRAPH_NAME, inst->name) ||
	    nla_put_u32(msg, KCLICK_A_GRAPH_ID, inst->id) ||
	    nla_put_u32(msg, KCLICK_A_GRAPH_GEN, inst->gen) ||
	    nla_put_u32(msg, KCLICK_A_NELEMENTS, inst->graph->nelems) ||
	    nla_put_u64_64bit(msg, KCLICK_A_DROPS, kc_graph_drops(inst->graph),
			      KCLICK_A_PAD))
		return -EMSGSIZE;
	return put_devices(msg, inst, partial_ok);
}

static int put_port(struct sk_buff *msg, struct kc_elem *e, bool output,
		    int p)
{
	u8 proc = output ? e->out_proc[p] : e->in_proc[p];
	struct nlattr *nest = nla_nest_start(msg, KCLICK_ELEM_A_PORT);

	if (!nest ||
	    nla_put_u8(msg, KCLICK_PORT_A_DIR, output) ||
	    nla_put_u32(msg, KCLICK_PORT_A_INDEX, p) ||
	    (proc == KC_PULL && nla_put_flag(msg, KCLICK_PORT_A_PULL)) ||
	    nla_put_u64_64bit(msg, KCLICK_PORT_A_PACKETS,
			      kc_elem_port_packets(e, output, p),
			      KCLICK_PORT_A_PAD)) {
		if (nest)
			nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * Put element e: its name and class, then (first part only) config, line
 * and port counts, then its ports and handlers from item *pos on (items:
 * inputs, outputs, handlers, in that order).  Returns 0 when e is complete.
 *
 * Without partial_ok, e goes whole or not at all (-EMSGSIZE, nothing
 * written).  With partial_ok (the message holds nothing else), as many
 * items as fit go, *pos is advanced past them and -EMSGSIZE says that more
 * follow: the next message carries on with a nest of the same name and
 * class and the remaining items, which the reader (lib/nl.c) appends to
 * the element before it.  Needed: at ~36 bytes a port, an element with
 * 1,024 inputs and 1,024 outputs takes ~74 KB, more than a dump message
 * (at most 32 KB, as little as 4 KB for a small receive buffer).
 */
static int put_elem(struct sk_buff *msg, struct kc_elem *e, bool with_config,
		    bool partial_ok, long *pos)
{
	long i, nports = (long)e->ninputs + e->noutputs, start = *pos;
	struct nlattr *nest, *hn;
	const char *name;
	u32 flags;

	nest = nla_nest_start(msg, KCLICK_A_ELEMENT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(msg, KCLICK_ELEM_A_NAME, e->name) ||
	    nla_put_string(msg, KCLICK_ELEM_A_CLASS, e->cls->name))
		goto cancel;
	if (!start &&
	    ((with_config &&
	      nla_put_string(msg, KCLICK_ELEM_A_CONFIG, e->config)) ||
	     nla_put_u32(msg, KCLICK_ELEM_A_LINE, e->line) ||
	     nla_put_u32(msg, KCLICK_ELEM_A_NINPUTS, e->ninputs) ||
	     nla_put_u32(msg, KCLICK_ELEM_A_NOUTPUTS, e->noutputs)))
		goto cancel;
	for (i = start; i < nports; i++)
		if (put_port(msg, e, i >= e->ninputs,
			     i < e->ninputs ? i : i - e->ninputs))
			goto partial;
	/* Handlers: a class's few, bounded by its handler table. */
	for (; (name = kc_handler_nth(e, i - nports, &flags)); i++) {
		hn = nla_nest_start(msg, KCLICK_ELEM_A_HANDLER);
		if (!hn || nla_put_string(msg, KCLICK_HND_A_NAME, name) ||
		    nla_put_u32(msg, KCLICK_HND_A_FLAGS, flags)) {
			if (hn)
				nla_nest_cancel(msg, hn);
			goto partial;
		}
		nla_nest_end(msg, hn);
	}
	nla_nest_end(msg, nest);
	*pos = 0;
	return 0;
partial:
	if (partial_ok && i > start) {
		nla_nest_end(msg, nest);
		*pos = i;
		return -EMSGSIZE;
	}
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int put_link(struct sk_buff *msg, u32 from, u32 fport, u32 to, u32 tport)
{
	struct nlattr *nest = nla_nest_start(msg, KCLICK_A_LINK);

	if (!nest ||
	    nla_put_u32(msg, KCLICK_LINK_A_FROM, from) ||
	    nla_put_u32(msg, KCLICK_LINK_A_FROM_PORT, fport) ||
	    nla_put_u32(msg, KCLICK_LINK_A_TO, to) ||
	    nla_put_u32(msg, KCLICK_LINK_A_TO_PORT, tport)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int kc_graph_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kc_inst *inst;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (KC_REQUIRE(info, KCLICK_A_GRAPH_NAME, "graph name"))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	inst = kc_inst_find(genl_info_net(info),
			    nla_data(info->attrs[KCLICK_A_GRAPH_NAME]));
	if (!inst) {
		rtnl_unlock();
		nlmsg_free(msg);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KCLICK_A_GRAPH_NAME],
				    "no such graph");
		return -ENOENT;
	}
	hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0,
				KCLICK_CMD_GRAPH_GET);
	ret = hdr ? put_summary(msg, inst, true) : -EMSGSIZE;
	rtnl_unlock();
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Dump state in cb->args: [0] id of the last graph sent (list dump) or
 * phase (graph dump: 0 summary, 1 elements, 2 links, 3 done), [1] element
 * index, [2] output port, [3] id of the graph being dumped, [4] element
 * phase: how many of the element's ports and handlers were sent.
 *
 * The list dump resumes after the last id sent, found in the namespace's
 * id index (an xarray, O(log n)): graphs removed or added meanwhile are
 * simply missed or seen, none twice, and no call walks the list from the
 * start (which made a dump of 100,000 graphs O(n^2) under RTNL).
 */
static int dump_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct kc_inst *inst;
	unsigned long id;
	void *hdr;

	xa_for_each_start(&kc_net(net)->ids, id, inst, cb->args[0] + 1) {
		bool alone = !skb->len;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &kc_genl_family,
				  NLM_F_MULTI, KCLICK_CMD_GRAPH_GET);
		if (!hdr)
			return -EMSGSIZE;
		if (put_summary(skb, inst, alone)) {
			genlmsg_cancel(skb, hdr);
			return -EMSGSIZE;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = id;
	}
	return 0;
}

static int dump_graph(struct sk_buff *skb, struct netlink_callback *cb,
		      const char *name)
{
	struct kc_inst *inst = kc_inst_find(sock_net(skb->sk), name);
	struct kc_graph *g;
	void *hdr;
	int n = 0;

	if (!inst) {
		NL_SET_ERR_MSG(cb->extack, "no such graph");
		return -ENOENT;
	}
	g = inst->graph;
	if (cb->args[0] && cb->args[3] != ((long)inst->id << 32 | inst->gen))
		return -EAGAIN;	/* replaced while we were dumping it */
	cb->args[3] = (long)inst->id << 32 | inst->gen;
	if (cb->args[0] >= 3)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &kc_genl_family, NLM_F_MULTI, KCLICK_CMD_GRAPH_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, KCLICK_A_GRAPH_NAME, inst->name))
		goto full;
	if (cb->args[0] == 0) {
		if (put_summary(skb, inst, true))
			goto full;
		cb->args[0] = 1;
		goto done;	/* the summary gets a message of its own */
	}
	while (cb->args[0] == 1 && cb->args[1] < g->nelems) {
		struct kc_elem *e = g->elems[cb->args[1]];
		long before = cb->args[4];
		bool cfg;

		/*
		 * An element goes whole into one message if it fits in
		 * one; else it starts a message of its own and goes in parts
		 * (a part always starts a message), its config with the
		 * first part.  A huge config may not fit at all: then it is
		 * left out (read it via the "config" handler).
		 */
		if (!before && !put_elem(skb, e, true, false, &cb->args[4]))
			goto next;
		if (n)
			goto full;
		for (cfg = !before; ; cfg = false) {
			if (!put_elem(skb, e, cfg, true, &cb->args[4]))
				goto next;	/* (the rest of) e fit */
			if (cb->args[4] != before) {
				n++;		/* a part went, more follow */
				goto full;
			}
			if (!cfg)
				goto full;	/* nothing fits at all: fail */
		}
next:
		n++;
		cb->args[1]++;
	}
	if (cb->args[0] == 1) {
		cb->args[0] = 2;
		cb->args[1] = 0;
		cb->args[2] = 0;
	}
	while (cb->args[1] < g->nelems) {
		struct kc_elem *e = g->elems[cb->args[1]];

		for (; cb->args[2] < e->noutputs; cb->args[2]++) {
			int p = cb->args[2];
			u32 k;

			if (e->out_proc[p] == KC_PUSH) {
				if (put_link(skb, e->index, p,
					     e->out[p].elem->index, e->out[p].port))
					goto full;
				n++;
				continue;
			}
			/* Pull output: the inputs pulling from it (rev). */
			for (k = e->rev_base[e->ninputs + p];
			     k < e->rev_base[e->ninputs + p + 1]; k++)
				if (put_link(skb, e->index, p,
					     e->rev[k].elem->index,
					     e->rev[k].port))
					goto full;
			n++;
		}
		cb->args[1]++;
		cb->args[2] = 0;
	}
	cb->args[0] = 3;
done:
	genlmsg_end(skb, hdr);
	return 0;
full:
	if (!n) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int kc_graph_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct nlattr *name = info->attrs[KCLICK_A_GRAPH_NAME];
	int start = skb->len, ret;

	rtnl_lock();
	if (name)
		ret = dump_graph(skb, cb, nla_data(name));
	else
		ret = dump_list(skb, cb);
	rtnl_unlock();
	/* Something written: return it and come back; else end or fail. */
	if (skb->len > start)
		return skb->len;
	return ret == -EMSGSIZE ? -EMSGSIZE : ret;
}

static struct kc_elem *handler_target(struct genl_info *info, bool *found_graph)
{
	struct kc_inst *inst;

	*found_graph = false;
	inst = kc_inst_find(genl_info_net(info),
			    nla_data(info->attrs[KCLICK_A_GRAPH_NAME]));
	if (!inst)
		return NULL;
	*found_graph = true;
	return kc_graph_find(inst->graph,
			     nla_data(info->attrs[KCLICK_A_ELEMENT_NAME]));
}

static int handler_common(struct genl_info *info, bool write)
{
	struct kc_errbuf err = {};
	struct kc_buf buf = {};
	struct sk_buff *msg = NULL;
	struct kc_elem *e;
	char *val = NULL;
	bool found_graph;
	void *hdr;
	int ret;

	if (KC_REQUIRE(info, KCLICK_A_GRAPH_NAME, "graph name") ||
	    KC_REQUIRE(info, KCLICK_A_ELEMENT_NAME, "element name") ||
	    KC_REQUIRE(info, KCLICK_A_HANDLER_NAME, "handler name"))
		return -EINVAL;
	if (write) {
		const struct nlattr *v = info->attrs[KCLICK_A_VALUE];
		int len = v ? nla_len(v) : 0;

		/* Handlers get a C string; drop one trailing NUL if sent. */
		val = kvzalloc(len + 1, GFP_KERNEL_ACCOUNT);
		if (!val)
			return -ENOMEM;
		if (len)
			memcpy(val, nla_data(v), len);
	} else {
		buf.cap = KCLICK_VALUE_MAX;
		buf.data = kvzalloc(buf.cap, GFP_KERNEL_ACCOUNT);
		if (!buf.data)
			return -ENOMEM;
	}

	rtnl_lock();
	e = handler_target(info, &found_graph);
	if (!e) {
		rtnl_unlock();
		if (found_graph)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[KCLICK_A_ELEMENT_NAME],
					    "no such element");
		else
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[KCLICK_A_GRAPH_NAME],
					    "no such graph");
		ret = -ENOENT;
		goto out;
	}
	if (write)
		ret = kc_handler_write(e, nla_data(info->attrs[KCLICK_A_HANDLER_NAME]),
				       val, &err);
	else
		ret = kc_handler_read(e, nla_data(info->attrs[KCLICK_A_HANDLER_NAME]),
				      &buf, &err);
	rtnl_unlock();
	if (ret) {
		send_error(info, &err, -1);
		if (write)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[KCLICK_A_HANDLER_NAME],
					    "handler write failed");
		else
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[KCLICK_A_HANDLER_NAME],
					    "handler read failed");
		goto out;
	}
	if (write)
		goto out;
	msg = genlmsg_new(buf.len + 256, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &kc_genl_family, 0,
				KCLICK_CMD_HANDLER_READ);
	if (!hdr || nla_put(msg, KCLICK_A_VALUE, buf.len, buf.data)) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out:
	kvfree(val);
	kvfree(buf.data);
	return ret;
}

static int kc_handler_read_doit(struct sk_buff *skb, struct genl_info *info)
{
	return handler_common(info, false);
}

static int kc_handler_write_doit(struct sk_buff *skb, struct genl_info *info)
{
	int ret = kc_may_mutate(skb, info);

	return ret ? ret : handler_common(info, true);
}

static const struct genl_ops kc_genl_ops[] = {
	{
		.cmd = KCLICK_CMD_VERSION_GET,
		.doit = kc_version_get,
	},
	{
		.cmd = KCLICK_CMD_CLASS_GET,
		.doit = kc_class_get_doit,
		.dumpit = kc_class_get_dumpit,
		.policy = kc_class_get_policy,
		.maxattr = KCLICK_A_MAX,
	},
	{
		.cmd = KCLICK_CMD_GRAPH_NEW,
		.doit = kc_graph_new,
		.policy = kc_graph_new_policy,
		.maxattr = KCLICK_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KCLICK_CMD_GRAPH_DEL,
		.doit = kc_graph_del,
		.policy = kc_graph_name_policy,
		.maxattr = KCLICK_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KCLICK_CMD_GRAPH_GET,
		.doit = kc_graph_get_doit,
		.dumpit = kc_graph_get_dumpit,
		.policy = kc_graph_name_policy,
		.maxattr = KCLICK_A_MAX,
	},
	{
		.cmd = KCLICK_CMD_HANDLER_READ,
		.doit = kc_handler_read_doit,
		.policy = kc_handler_policy,
		.maxattr = KCLICK_A_MAX,
	},
	{
		.cmd = KCLICK_CMD_HANDLER_WRITE,
		.doit = kc_handler_write_doit,
		.policy = kc_handler_policy,
		.maxattr = KCLICK_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

struct genl_family kc_genl_family __ro_after_init = {
	.name = KCLICK_GENL_NAME,
	.version = KCLICK_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = kc_genl_ops,
	.n_ops = ARRAY_SIZE(kc_genl_ops),
	.resv_start_op = 0,	/* strict checks on every command */
	.mcgrps = kc_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kc_mcgrps),
};

void kc_genl_event(struct net *net, u32 event, const char *graph,
		   const char *dev)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!genl_has_listeners(&kc_genl_family, net, KC_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &kc_genl_family, 0, KCLICK_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, KCLICK_A_EVENT, event) ||
	    nla_put_string(msg, KCLICK_A_GRAPH_NAME, graph))
		goto fail;
	if (dev) {
		nest = nla_nest_start(msg, KCLICK_A_DEVICE);
		if (!nest || nla_put_string(msg, KCLICK_DEV_A_NAME, dev))
			goto fail;
		nla_nest_end(msg, nest);
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&kc_genl_family, net, msg, 0, KC_MCGRP_EVENTS,
				GFP_KERNEL);
	return;
fail:
	nlmsg_free(msg);
}

int kc_genl_init(void)
{
	return genl_register_family(&kc_genl_family);
}

void kc_genl_exit(void)
{
	genl_unregister_family(&kc_genl_family);
}
