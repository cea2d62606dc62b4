/*
 * log.c - md_log_*: one line per message, to standard error or syslog.
 *
 * Policy: a message is formatted into one buffer and written with one
 * write(2), so lines from the HTTP thread and the main thread never mix.
 * On standard error the line starts with the syslog priority in angle
 * brackets ("<4>") when $JOURNAL_STREAM is set, which is how journald
 * learns each line's priority; on a terminal it does not.
 */
#include "mandate/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *log_ident = "mandated";
static bool log_stderr = true;
static bool log_verbose;
static bool log_prefix;

void md_log_init(const char *ident, bool to_stderr, bool verbose)
{
	const char *js = getenv("JOURNAL_STREAM");

	log_ident = ident ? ident : "mandated";
	log_stderr = to_stderr;
	log_verbose = verbose;
	log_prefix = js && *js;
	if (!to_stderr)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void md_log_verbose(bool verbose)
{
	log_verbose = verbose;
}

static void vlog(int pri, const char *errstr, const char *fmt, va_list ap)
{
	char msg[2048], line[2200];
	int n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!log_stderr) {
		if (errstr)
			syslog(pri, "%s: %s", msg, errstr);
		else
			syslog(pri, "%s", msg);
		return;
	}
	if (log_prefix)
		n = snprintf(line, sizeof(line), "<%d>%s%s%s\n", pri, msg, errstr ? ": " : "",
		             errstr ? errstr : "");
	else
		n = snprintf(line, sizeof(line), "%s: %s%s%s\n", log_ident, msg, errstr ? ": " : "",
		             errstr ? errstr : "");
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nowhere left to say it. */
	}
}

void md_log_warn(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, e, fmt, ap);
	va_end(ap);
}

void md_log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void md_log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void md_log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void md_log_fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, e, fmt, ap);
	va_end(ap);
	exit(1);
}

void md_log_fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
