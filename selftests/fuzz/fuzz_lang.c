// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the Click language front end (lib/parse.c and friends) on arbitrary
 * text.  Any input must parse or fail with a message; a parsed graph must
 * format and free cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include "kclick.h"
#include "lang.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct kc_cfg *cfg = NULL;
	struct kc_err err;
	char *out;

	if (kc_cfg_parse((const char *)data, size, "fuzz.click", &cfg, &err)) {
		if (cfg || !err.msg[0])
			abort();	/* failures leave nothing and say why */
		return 0;
	}
	if (!kc_cfg_format(cfg, &out))
		free(out);
	kc_cfg_free(cfg);
	return 0;
}
