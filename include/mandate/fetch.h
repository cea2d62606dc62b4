/*
 * fetch.h - downloading a published document over http(s).
 *
 * md_fetch_url gets a URL with libcurl within limits: http and https only
 * (for redirects too), at most max_redirs redirects, a connect timeout and
 * a timeout for the whole transfer, a floor on the transfer speed, and a
 * cap on the bytes received (checked as they arrive, after any content
 * decoding, so neither a lying Content-Length nor a compressed flood gets
 * past it).  Proxies are libcurl's usual ones (http_proxy, https_proxy,
 * no_proxy in the environment).
 */
#ifndef MANDATE_FETCH_H
#define MANDATE_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/err.h"

struct md_fetch_limits {
	long connect_timeout_s; /* default 15 */
	long timeout_s;         /* the whole transfer; default 60 */
	long max_redirs;        /* default 5 */
	size_t max_bytes;       /* default MD_DOC_MAX_BYTES */
};

/* Fills lim with the defaults above. */
void md_fetch_limits_default(struct md_fetch_limits *lim);

/* Whether s is an http:// or https:// URL (the scheme in any case). */
bool md_fetch_is_url(const char *s);

/*
 * Downloads url; lim NULL means the defaults.  On MD_OK *out is a new
 * NUL-terminated buffer of *len bytes (caller frees with free()).
 * Errors: MD_EINVAL (not an http(s) URL), MD_ENET (no connection, a
 * timeout, too many redirects, an HTTP status of 400 or more), MD_ETOOBIG
 * (over max_bytes), MD_ENOMEM; err names the URL.
 */
enum md_err md_fetch_url(const char *url, const struct md_fetch_limits *lim, char **out,
                         size_t *len, struct md_error *err);

#endif
