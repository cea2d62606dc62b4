/*
 * poll.h - fetching a watched URL with libcurl, for mandated's poller.
 *
 * http and https only, redirects included; a conditional GET when the
 * previous ETag or Last-Modified is given (304 is "not modified", not an
 * error); a time limit for the whole transfer; and a hard cap on the bytes
 * kept, counted as they arrive (libcurl's own maximum file size trusts the
 * Content-Length the server announces, which a server may omit or lie
 * about).  A transfer can be cancelled from another thread.
 */
#ifndef MANDATE_POLL_H
#define MANDATE_POLL_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/err.h"

struct md_poll_opts {
	long timeout;              /* seconds for the whole transfer; 0: 30 */
	long max_bytes;            /* body cap; 0: 8 MiB */
	int max_redirects;         /* followed; 0: none */
	const char *etag;          /* previous ETag, or NULL */
	const char *last_modified; /* previous Last-Modified, or NULL */
	/* Called during the transfer; returning true aborts it (MD_ENET). */
	bool (*cancel)(void *arg);
	void *cancel_arg;
};

struct md_poll_result {
	long status;       /* the final HTTP status */
	bool not_modified; /* 304: body is NULL */
	char *body;        /* NUL-terminated, len bytes; NULL when not_modified */
	size_t len;
	char *etag, *last_modified; /* of the final response, or NULL */
};

/* Once, before any thread fetches (curl_global_init).  MD_OK or MD_ENET. */
enum md_err md_poll_init(void);
void md_poll_cleanup(void);

/*
 * GETs url.  On MD_OK res holds a 2xx body or not_modified; free it with
 * md_poll_result_free.  Errors: MD_EINVAL (not an http or https URL),
 * MD_ETOOBIG (over max_bytes), MD_ENET (connection, timeout, too many
 * redirects, a status other than 2xx or 304, cancelled), MD_ENOMEM.
 */
enum md_err md_poll_get(const char *url, const struct md_poll_opts *opts,
                        struct md_poll_result *res, struct md_error *err);

/* Frees what res holds and clears it.  md_poll_result_free(NULL) is a no-op. */
void md_poll_result_free(struct md_poll_result *res);

#endif
