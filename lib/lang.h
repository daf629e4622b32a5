/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Internal interface of the Click language front end (lib/parse.c and the
 * files listed in lib/lang_int.h).  The public entry points (kc_cfg_parse()
 * and friends) are in kclick.h.
 */
#ifndef KCLICK_LANG_H
#define KCLICK_LANG_H

#include "kclick.h"

/* Limits the parser enforces; exceeding one is a parse error, not a crash. */
#define KC_LANG_MAX_ELEMENTS	65536	/* parsed and flattened elements */
#define KC_LANG_MAX_LINKS	(1 << 20)	/* connections, before splicing */
#define KC_LANG_MAX_DEPTH	32	/* compound nesting / expansion depth */
#define KC_LANG_MAX_PORT	65535	/* highest port number accepted */
#define KC_LANG_MAX_CONFIG	60000	/* one expanded configuration string */
#define KC_LANG_MAX_FILE	(64 << 20)	/* kc_cfg_parse_file() input */
#define KC_LANG_MAX_PORTLIST	1024	/* ports in one "[0-3, 7]" list */
#define KC_LANG_MAX_OVERLOADS	64	/* "||" alternatives of one class */
#define KC_LANG_MAX_VAR_DEPTH	10	/* $variables expanding $variables */
#define KC_LANG_MAX_LINE	(1 << 24)	/* line in a "# N" directive */
#define KC_LANG_MAX_FILENAME	255	/* file name in a line directive */

/*
 * Render cfg in a canonical text form, one line each:
 *
 *	elem NAME CLASS "CONFIG"
 *	link FROM[P] -> [Q] TO
 *
 * elements first (in cfg order), then links.  CONFIG is escaped C-style
 * (\" \\ \n \t \xNN).  *out is malloc()ed and NUL-terminated.  Returns 0 or
 * -ENOMEM.
 */
int kc_cfg_format(const struct kc_cfg *cfg, char **out);

#endif /* KCLICK_LANG_H */
