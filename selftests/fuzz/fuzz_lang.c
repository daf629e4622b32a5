// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the Click language front end (lib/parse.c and friends)
 * on arbitrary text.  Any input must parse or fail with a message; a parsed
 * graph must format and free cleanly.  The parse runs on a thread with a
 * fixed stack (KC_LANG_STACK, docs/limits.md) and a guard page: the front
 * end's recursion (nested compounds and groups, variables) is bounded, and
 * a bound that stopped holding crashes here.  It is userspace only; the
 * kernel never parses Click text, so the kernel's 16 KB (user/stack.c)
 * does not apply.  The first input line, if it starts "//defs ", gives
 * command-line definitions: "//defs A=1 B=$A".
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kclick.h"
#include "lang.h"

/* 32 nested compounds take about 100 KB under ASan, 40 KB without. */
#define KC_LANG_STACK	(160 * 1024)

struct fuzz_call {
	const char *text;
	size_t len;
	const char *const *defs;
	size_t ndefs;
};

static void *parse_call(void *arg)
{
	struct fuzz_call *c = arg;
	struct kc_cfg *cfg = NULL;
	struct kc_err err;
	char *out;

	err.msg[0] = '\0';
	if (kc_cfg_parse_defs(c->text, c->len, "fuzz.click", c->defs, c->ndefs,
			      &cfg, &err)) {
		if (cfg || !err.msg[0])
			abort();	/* failures leave nothing and say why */
		return NULL;
	}
	if (!kc_cfg_format(cfg, &out))
		free(out);
	kc_cfg_free(cfg);
	return NULL;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct fuzz_call c = { (const char *)data, size, NULL, 0 };
	char *line = NULL, *defs[8], *p, *save;
	const char *nl;

	nl = memchr(data, '\n', size);
	if (size > 7 && !memcmp(data, "//defs ", 7) && nl) {
		line = strndup((const char *)data + 7,
			       nl - (const char *)data - 7);
		for (p = strtok_r(line, " ", &save); p && c.ndefs < 8;
		     p = strtok_r(NULL, " ", &save))
			defs[c.ndefs++] = p;
		c.defs = (const char *const *)defs;
	}
	{
		pthread_attr_t attr;
		pthread_t th;

		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, KC_LANG_STACK);
		pthread_attr_setguardsize(&attr, 4096);
		if (pthread_create(&th, &attr, parse_call, &c))
			abort();
		pthread_join(th, NULL);
		pthread_attr_destroy(&attr);
	}
	free(line);
	return 0;
}
