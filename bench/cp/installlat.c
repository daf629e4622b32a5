// SPDX-License-Identifier: GPL-2.0
/*
 * Install latency as a C client sees it (make bench, in the VM):
 *
 *   installlat CONFIG REPS
 *
 * parses CONFIG once, then REPS times installs it as a new graph (timed:
 * libkclick encodes the request, the module validates, builds and
 * publishes it, the ACK comes back) and removes it (not timed); then REPS
 * times replaces a live graph of that name (timed).  Prints one JSON line
 * of medians and minimums in microseconds.  No process start, no parse in
 * the timing: that is `kclick install`'s own figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kclick.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int fail(const char *what, const struct kc_err *err)
{
	fprintf(stderr, "installlat: %s: %s\n", what, err->msg);
	return 1;
}

int main(int argc, char **argv)
{
	struct kc_cfg *cfg;
	struct kc_nl *nl;
	struct kc_err err;
	double *t, *tr, t0;
	int reps, i;

	if (argc != 3 || (reps = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: installlat CONFIG REPS\n");
		return 2;
	}
	if (kc_cfg_parse_file(argv[1], &cfg, &err))
		return fail(argv[1], &err);
	if (kc_nl_open(&nl, &err))
		return fail("netlink", &err);
	t = calloc(reps, sizeof(*t));
	tr = calloc(reps, sizeof(*tr));
	if (!t || !tr)
		return 1;
	for (i = 0; i < reps; i++) {
		t0 = now_us();
		if (kc_nl_install(nl, cfg, "installlat", 0, NULL, &err))
			return fail("install", &err);
		t[i] = now_us() - t0;
		if (kc_nl_remove(nl, "installlat", &err))
			return fail("remove", &err);
	}
	if (kc_nl_install(nl, cfg, "installlat", 0, NULL, &err))
		return fail("install", &err);
	for (i = 0; i < reps; i++) {
		t0 = now_us();
		if (kc_nl_install(nl, cfg, "installlat", 1, NULL, &err))
			return fail("replace", &err);
		tr[i] = now_us() - t0;
	}
	kc_nl_remove(nl, "installlat", &err);
	qsort(t, reps, sizeof(*t), cmp);
	qsort(tr, reps, sizeof(*tr), cmp);
	printf("{\"kind\":\"install_latency_c\",\"elements\":%zu,\"median_us\":%.0f,"
	       "\"min_us\":%.0f,\"replace_median_us\":%.0f,\"replace_min_us\":%.0f}\n",
	       cfg->nelems, t[reps / 2], t[0], tr[reps / 2], tr[0]);
	free(t);
	free(tr);
	kc_nl_close(nl);
	kc_cfg_free(cfg);
	return 0;
}
