// SPDX-License-Identifier: GPL-2.0
/* kclick read, write, monitor. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/*
 * GRAPH/ELEMENT.HANDLER.  The graph name has no '/', element names may
 * (compounds: "fw/c"), handler names have no '.', so split at the first
 * '/' and the last '.'.
 */
static int split_target(char *arg, char **graph, char **elem, char **hnd)
{
	char *slash = strchr(arg, '/');
	char *dot = strrchr(arg, '.');

	if (!slash || !dot || dot < slash || slash == arg || dot == slash + 1 ||
	    !dot[1])
		return -1;
	*slash = '\0';
	*dot = '\0';
	*graph = arg;
	*elem = slash + 1;
	*hnd = dot + 1;
	return 0;
}

int kc_cmd_read(int argc, char **argv)
{
	char *graph, *elem, *hnd, *val;
	struct kc_err err;
	struct kc_nl *nl;
	size_t len;
	int ret;

	if (kc_cli_args(argc, argv, NULL, NULL) != 1 ||
	    split_target(argv[1], &graph, &elem, &hnd))
		return kc_usage("read GRAPH/ELEMENT.HANDLER");
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_handler_read(nl, graph, elem, hnd, &val, &len, &err);
	kc_nl_close(nl);
	if (ret)
		return kc_fail(&err);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_obj(j, NULL);
		kc_json_str(j, "graph", graph);
		kc_json_str(j, "element", elem);
		kc_json_str(j, "handler", hnd);
		kc_json_strn(j, "value", val, len);
		kc_json_obj_end(j);
		kc_json_end(j);
	} else {
		fwrite(val, 1, len, stdout);
		if (len && val[len - 1] != '\n')
			putchar('\n');
	}
	free(val);
	return KC_EXIT_OK;
}

int kc_cmd_write(int argc, char **argv)
{
	char *graph, *elem, *hnd, *val;
	struct kc_err err;
	struct kc_nl *nl;
	size_t len = 0, cap = 1;
	int i, n, ret;

	n = kc_cli_args(argc, argv, NULL, NULL);
	if (n < 1 || split_target(argv[1], &graph, &elem, &hnd))
		return kc_usage("write GRAPH/ELEMENT.HANDLER [VALUE...]");
	/* Click joins the words of a handler value with spaces. */
	for (i = 2; i <= n; i++)
		cap += strlen(argv[i]) + 1;
	val = calloc(1, cap);
	if (!val)
		return kc_failf("out of memory");
	for (i = 2; i <= n; i++) {
		if (i > 2)
			val[len++] = ' ';
		memcpy(val + len, argv[i], strlen(argv[i]));
		len += strlen(argv[i]);
	}
	nl = kc_cli_nl();
	if (!nl) {
		free(val);
		return KC_EXIT_FAIL;
	}
	ret = kc_nl_handler_write(nl, graph, elem, hnd, val, len, &err);
	kc_nl_close(nl);
	free(val);
	return ret ? kc_fail(&err) : KC_EXIT_OK;
}

static int print_event(const struct kc_nl_event *ev, void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, 0);

		kc_json_obj(j, NULL);
		kc_json_u64(j, "time_ms",
			    (unsigned long long)ts.tv_sec * 1000 +
			    ts.tv_nsec / 1000000);
		kc_json_str(j, "event", kc_nl_event_name(ev->type));
		kc_json_str(j, "graph", ev->graph);
		if (ev->device)
			kc_json_str(j, "device", ev->device);
		kc_json_obj_end(j);
		kc_json_end(j);
	} else {
		printf("%s graph %s", kc_nl_event_name(ev->type), ev->graph);
		if (ev->device)
			printf(" device %s", ev->device);
		putchar('\n');
	}
	fflush(stdout);
	return 0;
}

int kc_cmd_monitor(int argc, char **argv)
{
	struct kc_err err;
	struct kc_nl *nl;
	int ret;

	if (kc_cli_args(argc, argv, NULL, NULL) != 0)
		return kc_usage("monitor");
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_monitor(nl, print_event, NULL, &err);
	kc_nl_close(nl);
	return ret ? kc_fail(&err) : KC_EXIT_OK;
}
