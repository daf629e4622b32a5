// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ControlSocket(TYPE, PORTNUMBER or FILENAME [, KEYWORDS])
 * =s control
 * accepted for Click's sake: handlers are reached with kclick read/write
 * =d
 * In Click, opens a TCP or UNIX-domain socket on which other programs call
 * the router's read and write handlers.  kclick's control interface is its
 * generic netlink family, the same for every graph: `kclick read
 * GRAPH/ELEMENT.HANDLER`, `kclick write GRAPH/ELEMENT.HANDLER VALUE`,
 * `kclick show GRAPH` (and `kclick run` prints every handler at the end).
 * So ControlSocket opens nothing: it is accepted so that Click
 * configurations run unchanged, its arguments are checked (TYPE is TCP or
 * UNIX, then a port number 1 to 65535 or a file name; Click's keywords
 * READONLY, PROXY, VERBOSE, LOCALHOST, RETRIES and RETRY_WARNINGS are
 * accepted and ignored), and when the graph starts it says, once, where
 * the handlers are instead (the kernel log, or standard error offline).
 * Handler access is governed by kclick's privileges (docs/limits.md): a
 * READONLY socket has no equivalent, reads are open and writes need
 * CAP_NET_ADMIN.
 * =e
 *   ControlSocket(TCP, 7777);
 * =a Script
 */
#include <kclick/element.h>

static int controlsocket_configure(struct kc_elem *e, struct kc_args *args)
{
	char type[8] = "", where[256] = "", proxy[64] = "";
	bool ro = false, verbose = false, local = false, rw = false;
	u32 retries = 0, port;
	const struct kc_argspec spec[] = {
		{ "TYPE", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  type, sizeof(type) },
		{ "PORT", KC_ARG_WORD, KC_ARGF_MANDATORY | KC_ARGF_POSITIONAL,
		  where, sizeof(where) },
		{ "READONLY", KC_ARG_BOOL, 0, &ro },
		{ "PROXY", KC_ARG_WORD, 0, proxy, sizeof(proxy) },
		{ "VERBOSE", KC_ARG_BOOL, 0, &verbose },
		{ "LOCALHOST", KC_ARG_BOOL, 0, &local },
		{ "RETRIES", KC_ARG_U32, 0, &retries },
		{ "RETRY_WARNINGS", KC_ARG_BOOL, 0, &rw },
	};

	if (kc_args_parse(args, spec, ARRAY_SIZE(spec)))
		return -EINVAL;
	if (!strcmp(type, "TCP") || !strcmp(type, "tcp")) {
		if (kc_arg_value("PORTNUMBER", where, KC_ARG_U32, &port, 0,
				 args->err))
			return -EINVAL;
		if (!port || port > 65535)
			return kc_errf(args->err, EINVAL,
				       "PORTNUMBER: %u is not a TCP port", port);
	} else if (strcmp(type, "UNIX") && strcmp(type, "unix")) {
		return kc_errf(args->err, EINVAL,
			       "TYPE: expected TCP or UNIX, got '%s'", type);
	}
	return 0;
}

static int controlsocket_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	kc_log_info("%s: ControlSocket opens no socket in kclick; call handlers with 'kclick read/write GRAPH/ELEMENT.HANDLER'\n",
		    e->name);
	return 0;
}

const struct kc_class kc_controlsocket_class = {
	.name = "ControlSocket",
	.ports = "0/0",
	.processing = "a/a",
	.configure = controlsocket_configure,
	.initialize = controlsocket_initialize,
};
