// SPDX-License-Identifier: LGPL-2.1
/* Error records: the one way the library tells its caller what went wrong. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kclick.h"

static void kc_err_vfill(struct kc_err *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int kc_err_set(struct kc_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		memset(err, 0, sizeof(*err));
		va_start(ap, fmt);
		kc_err_vfill(err, fmt, ap);
		va_end(ap);
	}
	return errnum > 0 ? -errnum : (errnum ? errnum : -1);
}

int kc_err_set_at(struct kc_err *err, int errnum, const char *file, int line,
		  int col, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	if (err) {
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
		err->line = line;
		err->col = col;
		/* Position prefix first, then the message into what is left. */
		if (col > 0)
			n = snprintf(err->msg, sizeof(err->msg), "%s:%d:%d: ",
				     err->file, line, col);
		else if (line > 0)
			n = snprintf(err->msg, sizeof(err->msg), "%s:%d: ",
				     err->file, line);
		else if (err->file[0])
			n = snprintf(err->msg, sizeof(err->msg), "%s: ",
				     err->file);
		if (n >= sizeof(err->msg))
			n = sizeof(err->msg) - 1;
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
		va_end(ap);
	}
	return errnum > 0 ? -errnum : (errnum ? errnum : -1);
}
