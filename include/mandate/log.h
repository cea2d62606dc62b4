/*
 * log.h - logging in the OpenBSD shape, for mandated.
 *
 * md_log_warn adds strerror(errno); md_log_warnx does not; md_log_info and
 * md_log_debug say what the service did.  md_log_fatal and md_log_fatalx
 * log and exit(1): only for start-up, never because of a document, an HTTP
 * client or a URL.  Messages go to standard error (mandated -d, and under
 * systemd, with the "<N>" syslog priority prefix journald reads when
 * $JOURNAL_STREAM says stderr is the journal) or to syslog(3).
 * The library proper (everything else in lib/) never logs.
 */
#ifndef MANDATE_LOG_H
#define MANDATE_LOG_H

#include <stdbool.h>

/*
 * Sets where messages go: to_stderr true for standard error, false for
 * syslog with ident.  verbose enables md_log_debug.  Callable again (SIGHUP).
 */
void md_log_init(const char *ident, bool to_stderr, bool verbose);

/* Enables or disables md_log_debug. */
void md_log_verbose(bool verbose);

void md_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_log_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void md_log_fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
