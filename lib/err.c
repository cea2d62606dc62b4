/*
 * err.c - error strings and the error record.
 */
#include "mandate/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[MD_ERR_MAX] = {
	[MD_OK] = "success",
	[MD_ENOMEM] = "out of memory",
	[MD_EIO] = "input/output error",
	[MD_ENOENT] = "not found",
	[MD_EEMPTY] = "empty input",
	[MD_EBINARY] = "binary input, not text",
	[MD_EUTF8] = "invalid UTF-8",
	[MD_ETOOBIG] = "input too large",
	[MD_ENOTRES] = "not a resolution",
	[MD_EINVAL] = "invalid argument",
	[MD_EDB] = "database error",
	[MD_EDBFOREIGN] = "not a mandate database",
	[MD_EBUSY] = "database busy",
	[MD_ECONFIG] = "configuration error",
	[MD_ENET] = "network error",
	[MD_EFORMAT] = "cannot produce output",
	[MD_ECONFLICT] = "conflict",
};

const char *md_strerror(enum md_err code)
{
	if ((int)code < 0 || code >= MD_ERR_MAX || !messages[code])
		return "unknown error";
	return messages[code];
}

enum md_err md_error_set(struct md_error *err, enum md_err code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void md_error_clear(struct md_error *err)
{
	if (!err)
		return;
	err->code = MD_OK;
	err->msg[0] = '\0';
}
