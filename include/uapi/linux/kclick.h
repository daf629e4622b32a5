/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kclick: generic netlink ABI shared by kclick.ko and libkclick.
 *
 * Family "kclick", version KCLICK_GENL_VERSION.  Every command validates its
 * attributes strictly against a per-op policy; nlmsg flags such as
 * NLM_F_CREATE/NLM_F_REPLACE are not used (strict genl rejects them): the
 * KCLICK_A_FLAGS attribute carries install semantics instead.
 *
 * Mutating commands (GRAPH_NEW, GRAPH_DEL, HANDLER_WRITE) require
 * CAP_NET_ADMIN in the user namespace that owns the caller's network
 * namespace.  Everything else is readable by any user of that namespace.
 *
 * Numbering is append-only once released.
 */
#ifndef _UAPI_LINUX_KCLICK_H
#define _UAPI_LINUX_KCLICK_H

#define KCLICK_GENL_NAME	"kclick"
#define KCLICK_GENL_VERSION	1
#define KCLICK_MCGRP_EVENTS	"events"

/* Limits the module enforces and the library checks before sending. */
#define KCLICK_NAME_MAX		64	/* graph, element, class names, incl. NUL */
#define KCLICK_CONFIG_MAX	60000	/* one configuration string (fits a nest) */
#define KCLICK_VALUE_MAX	60000	/* one handler value */
#define KCLICK_ELEMENTS_MAX	65536	/* elements in one graph */
/*
 * Ports on each side of one element (port numbers 0 to KCLICK_PORTS_MAX - 1):
 * an element's per-CPU port counters, (inputs + outputs + 1) * 8 bytes,
 * then stay below the kernel's 32 KB per-CPU unit.
 */
#define KCLICK_PORTS_MAX	1024
/* Connections in one graph: four per element on average. */
#define KCLICK_LINKS_MAX	(4 * KCLICK_ELEMENTS_MAX)

enum kclick_cmd {
	KCLICK_CMD_UNSPEC,
	KCLICK_CMD_VERSION_GET,	/* do: module version string */
	KCLICK_CMD_CLASS_GET,	/* do (KCLICK_A_CLASS_NAME) or dump */
	KCLICK_CMD_GRAPH_NEW,	/* do: install (or replace) a graph */
	KCLICK_CMD_GRAPH_DEL,	/* do: remove a graph by name */
	KCLICK_CMD_GRAPH_GET,	/* do (by name): full graph; dump: summaries */
	KCLICK_CMD_HANDLER_READ,	/* do: graph, element, handler -> value */
	KCLICK_CMD_HANDLER_WRITE,	/* do: graph, element, handler, value */
	KCLICK_CMD_EVENT,	/* multicast only: KCLICK_A_EVENT + graph name */
	KCLICK_CMD_ERROR,	/* unicast before a failing ack: details */

	__KCLICK_CMD_MAX,
	KCLICK_CMD_MAX = __KCLICK_CMD_MAX - 1
};

/* KCLICK_A_FLAGS bits for GRAPH_NEW. */
#define KCLICK_F_REPLACE	(1U << 0)	/* replace an existing graph */
#define KCLICK_F_EXCL		(1U << 1)	/* fail if the name exists */
#define KCLICK_F_ALL		(KCLICK_F_REPLACE | KCLICK_F_EXCL)

enum kclick_event {
	KCLICK_EVENT_UNSPEC,
	KCLICK_EVENT_ADDED,
	KCLICK_EVENT_REPLACED,
	KCLICK_EVENT_REMOVED,
	KCLICK_EVENT_DEVICE_LOST,	/* KCLICK_A_DEVICE names it */
	KCLICK_EVENT_DEVICE_BACK,
};

enum kclick_attr {
	KCLICK_A_UNSPEC,
	KCLICK_A_PAD,
	KCLICK_A_VERSION,	/* string */
	KCLICK_A_CLASS,		/* nest: enum kclick_class_attr (replies) */
	KCLICK_A_CLASS_NAME,	/* string: CLASS_GET do filter */
	KCLICK_A_GRAPH_NAME,	/* string */
	KCLICK_A_GRAPH_ID,	/* u32, unique per module load */
	KCLICK_A_GRAPH_GEN,	/* u32, bumped on every replace */
	KCLICK_A_FLAGS,		/* u32: KCLICK_F_* */
	KCLICK_A_ELEMENT,	/* nest, repeated: enum kclick_elem_attr */
	KCLICK_A_LINK,		/* nest, repeated: enum kclick_link_attr */
	KCLICK_A_DEVICE,	/* nest, repeated: enum kclick_dev_attr */
	KCLICK_A_ELEMENT_NAME,	/* string: handler target */
	KCLICK_A_HANDLER_NAME,	/* string */
	KCLICK_A_VALUE,		/* binary: handler value (text by convention) */
	KCLICK_A_SOURCE,	/* string: configuration file name, for messages */
	KCLICK_A_EVENT,		/* u32: enum kclick_event */
	KCLICK_A_ERROR_MSG,	/* string: full error text (KCLICK_CMD_ERROR) */
	KCLICK_A_ERROR_ELEMENT,	/* u32: index of the element at fault */
	KCLICK_A_NELEMENTS,	/* u32: in GRAPH_GET dump summaries */
	KCLICK_A_DROPS,		/* u64: packets the engine dropped (limits) */

	__KCLICK_A_MAX,
	KCLICK_A_MAX = __KCLICK_A_MAX - 1
};

enum kclick_class_attr {
	KCLICK_CLASS_A_UNSPEC,
	KCLICK_CLASS_A_NAME,		/* string */
	KCLICK_CLASS_A_PORTS,		/* string, Click port count spec "1/1" */
	KCLICK_CLASS_A_PROCESSING,	/* string, Click processing "a/a" */

	__KCLICK_CLASS_A_MAX,
	KCLICK_CLASS_A_MAX = __KCLICK_CLASS_A_MAX - 1
};

enum kclick_elem_attr {
	KCLICK_ELEM_A_UNSPEC,
	KCLICK_ELEM_A_PAD,
	KCLICK_ELEM_A_NAME,	/* string, unique within the graph */
	KCLICK_ELEM_A_CLASS,	/* string */
	KCLICK_ELEM_A_CONFIG,	/* string, may be empty */
	KCLICK_ELEM_A_LINE,	/* u32: source line, for messages */
	KCLICK_ELEM_A_NINPUTS,	/* u32 (replies) */
	KCLICK_ELEM_A_NOUTPUTS,	/* u32 (replies) */
	KCLICK_ELEM_A_PORT,	/* nest, repeated (replies): kclick_port_attr */
	KCLICK_ELEM_A_HANDLER,	/* nest, repeated (replies): kclick_hnd_attr */

	__KCLICK_ELEM_A_MAX,
	KCLICK_ELEM_A_MAX = __KCLICK_ELEM_A_MAX - 1
};

enum kclick_port_attr {
	KCLICK_PORT_A_UNSPEC,
	KCLICK_PORT_A_PAD,
	KCLICK_PORT_A_DIR,	/* u8: 0 input, 1 output */
	KCLICK_PORT_A_INDEX,	/* u32 */
	KCLICK_PORT_A_PULL,	/* flag: port is pull */
	KCLICK_PORT_A_PACKETS,	/* u64 */

	__KCLICK_PORT_A_MAX,
	KCLICK_PORT_A_MAX = __KCLICK_PORT_A_MAX - 1
};

#define KCLICK_HND_F_READ	(1U << 0)
#define KCLICK_HND_F_WRITE	(1U << 1)

enum kclick_hnd_attr {
	KCLICK_HND_A_UNSPEC,
	KCLICK_HND_A_NAME,	/* string */
	KCLICK_HND_A_FLAGS,	/* u32: KCLICK_HND_F_* */

	__KCLICK_HND_A_MAX,
	KCLICK_HND_A_MAX = __KCLICK_HND_A_MAX - 1
};

enum kclick_link_attr {
	KCLICK_LINK_A_UNSPEC,
	KCLICK_LINK_A_FROM,	/* u32: element index (order of ELEMENT) */
	KCLICK_LINK_A_FROM_PORT,	/* u32 */
	KCLICK_LINK_A_TO,	/* u32: element index */
	KCLICK_LINK_A_TO_PORT,	/* u32 */

	__KCLICK_LINK_A_MAX,
	KCLICK_LINK_A_MAX = __KCLICK_LINK_A_MAX - 1
};

enum kclick_dev_attr {
	KCLICK_DEV_A_UNSPEC,
	KCLICK_DEV_A_NAME,	/* string */
	KCLICK_DEV_A_IFINDEX,	/* u32, 0 while the device is gone */
	KCLICK_DEV_A_ELEMENT,	/* string: element that uses it */
	KCLICK_DEV_A_PRESENT,	/* u8: 1 attached, 0 waiting for it */

	__KCLICK_DEV_A_MAX,
	KCLICK_DEV_A_MAX = __KCLICK_DEV_A_MAX - 1
};

#endif /* _UAPI_LINUX_KCLICK_H */
