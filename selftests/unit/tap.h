/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for userspace unit tests (one header, no library). */
#ifndef KC_TAP_H
#define KC_TAP_H

#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

#define tap_ok(cond, ...) do {						\
	int _c = !!(cond);						\
	tap_n++;							\
	printf("%s %d - ", _c ? "ok" : "not ok", tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!_c) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

#define tap_skip(...) do {						\
	tap_n++;							\
	printf("ok %d # SKIP ", tap_n);				\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
