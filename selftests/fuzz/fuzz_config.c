// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: every element class's configuration parser.  The first
 * input byte picks the class; the rest is its configuration string.  The
 * element is wired to Idle elements on every port its class requires, built
 * (which configures it) and, for classes that touch no device or file,
 * initialized, then destroyed -- all on a stack the size of the kernel's
 * (kc_user_on_stack), so a parser that recurses too deep is a finding.
 */
#include <stdlib.h>
#include <string.h>

#include "kcuser.h"

/* The lowest count of a Click port spec side ("1", "1-", "-", "2-3"). */
static unsigned int low(const char *s, size_t n)
{
	unsigned int v = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool touches_outside(const char *cls)
{
	static const char *const outside[] = {
		"FromDevice", "ToDevice", "FromDump", "ToDump",
		"FromIPSummaryDump", "ToIPSummaryDump",
	};
	size_t i;

	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (!strcmp(cls, outside[i]))
			return true;
	return false;
}

struct fuzz_call {
	const struct kc_graph_desc *d;
	bool outside;
};

/* Build, initialise, stop, destroy: on the kernel's stack (user/stack.c). */
static void build_run(void *arg)
{
	struct fuzz_call *c = arg;
	struct kc_errbuf err;
	struct kc_graph *g;
	int bad;

	err.msg[0] = '\0';
	g = kc_graph_build(c->d, NULL, &err, &bad);
	if (!g) {
		if (!err.msg[0])
			abort();	/* every refusal says why */
		return;
	}
	if (!c->outside && !kc_graph_initialize(g, &err, &bad))
		kc_graph_stop(g);
	kc_graph_destroy(g);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fuzz_call call;
	struct kc_elem_desc el[3] = { { 0 } };
	struct kc_link_desc ln[16];
	struct kc_graph_desc d = { 0 };
	const struct kc_class *c;
	unsigned int ncls = 0, nin, nout, i, nl = 0;
	const char *slash;
	char *config;

	while (kc_class_nth(ncls))
		ncls++;
	if (!size || !ncls)
		return 0;
	c = kc_class_nth(data[0] % ncls);
	config = malloc(size);
	memcpy(config, data + 1, size - 1);
	config[size - 1] = '\0';
	slash = strchr(c->ports, '/');
	nin = low(c->ports, slash - c->ports);
	nout = low(slash + 1, strlen(slash + 1));
	if (nin > 8 || nout > 8)
		goto out;
	el[0] = (struct kc_elem_desc){ "x", c->name, config, 1 };
	el[1] = (struct kc_elem_desc){ "src", "Idle", "", 1 };
	el[2] = (struct kc_elem_desc){ "sink", "Idle", "", 1 };
	for (i = 0; i < nin; i++)
		ln[nl++] = (struct kc_link_desc){ 1, i, 0, i };
	for (i = 0; i < nout; i++)
		ln[nl++] = (struct kc_link_desc){ 0, i, 2, i };
	d.nelems = 3;
	d.nlinks = nl;
	d.elems = el;
	d.links = ln;
	call.d = &d;
	call.outside = touches_outside(c->name);
	kc_user_on_stack(build_run, &call);
out:
	free(config);
	return 0;
}
