/*
 * poll.c - md_poll_get: one conditional GET of a watched URL, with limits
 * (see poll.h).
 *
 * Policy: protocols (first request and redirects) are http and https
 * only; at most max_redirects redirects; CURLOPT_TIMEOUT bounds the whole
 * transfer and a low-speed limit drops a server that trickles; the body is
 * counted in the write callback and the transfer aborted past max_bytes;
 * ETag and Last-Modified are taken from the last response's headers only
 * (a redirect's headers are forgotten when the next status line arrives).
 */
#include "mandate/poll.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

struct xfer {
	struct strbuf body; /* max: max_bytes, or 8 MiB */
	char *etag, *last_modified;
	const struct md_poll_opts *o;
};

enum md_err md_poll_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? MD_OK : MD_ENET;
}

void md_poll_cleanup(void)
{
	curl_global_cleanup();
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	strbuf_put(&x->body, p, n);
	/* 0 aborts the transfer: over is MD_ETOOBIG, failed curl's write error */
	return x->body.over || x->body.failed ? 0 : n;
}

/* The value of header line p[0..n) when its name is name, trimmed; or NULL. */
static char *header_value(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n <= k + 1 || strncasecmp(p, name, k) || p[k] != ':')
		return NULL;
	p += k + 1;
	n -= k + 1;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && strchr(" \t\r\n", p[n - 1]))
		n--;
	return strndup(p, n);
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;
	char *v;

	if (n >= 5 && !strncmp(p, "HTTP/", 5)) { /* a new response: forget the last */
		free(x->etag);
		free(x->last_modified);
		x->etag = x->last_modified = NULL;
	} else if ((v = header_value(p, n, "ETag"))) {
		free(x->etag);
		x->etag = v;
	} else if ((v = header_value(p, n, "Last-Modified"))) {
		free(x->last_modified);
		x->last_modified = v;
	}
	return n;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	struct xfer *x = arg;

	return x->o->cancel && x->o->cancel(x->o->cancel_arg) ? 1 : 0;
}

/* Builds the request headers of a conditional GET. */
static struct curl_slist *conditional(const struct md_poll_opts *o)
{
	struct curl_slist *h = NULL, *t;
	char line[512];

	if (o->etag && *o->etag && strlen(o->etag) < 400) {
		snprintf(line, sizeof(line), "If-None-Match: %s", o->etag);
		if ((t = curl_slist_append(h, line)))
			h = t;
	}
	if (o->last_modified && *o->last_modified && strlen(o->last_modified) < 400) {
		snprintf(line, sizeof(line), "If-Modified-Since: %s", o->last_modified);
		if ((t = curl_slist_append(h, line)))
			h = t;
	}
	return h;
}

static void setup(CURL *c, const char *url, const struct md_poll_opts *o, struct xfer *x,
                  struct curl_slist *hdrs, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, o->max_redirects > 0 ? 1L : 0L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)o->max_redirects);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout > 0 ? o->timeout : 30L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 16L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 15L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mandated/" MANDATE_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
}

static enum md_err finish(CURL *c, CURLcode cc, const char *url, struct xfer *x,
                          struct md_poll_result *res, const char *errbuf, struct md_error *err)
{
	if (x->body.over)
		return md_error_set(err, MD_ETOOBIG, "%s: more than %zu bytes", url, x->body.max);
	if (cc != CURLE_OK)
		return md_error_set(err, cc == CURLE_OUT_OF_MEMORY ? MD_ENOMEM : MD_ENET, "%s: %s",
		                    url, errbuf[0] ? errbuf : curl_easy_strerror(cc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (res->status == 304) {
		res->not_modified = true;
		return MD_OK;
	}
	if (res->status < 200 || res->status > 299)
		return md_error_set(err, MD_ENET, "%s: HTTP status %ld", url, res->status);
	res->body = x->body.s ? x->body.s : strdup("");
	x->body.s = NULL;
	res->len = x->body.len;
	res->etag = x->etag;
	res->last_modified = x->last_modified;
	x->etag = x->last_modified = NULL;
	return res->body ? MD_OK : md_error_set(err, MD_ENOMEM, "out of memory");
}

enum md_err md_poll_get(const char *url, const struct md_poll_opts *opts,
                        struct md_poll_result *res, struct md_error *err)
{
	static const struct md_poll_opts defaults;
	const struct md_poll_opts *o = opts ? opts : &defaults;
	struct xfer x = {.body.max = o->max_bytes > 0 ? (size_t)o->max_bytes : 8u << 20, .o = o};
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs;
	enum md_err rc;
	CURL *c;

	memset(res, 0, sizeof(*res));
	if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))
		return md_error_set(err, MD_EINVAL, "%s: not an http or https URL", url);
	if (!(c = curl_easy_init()))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	hdrs = conditional(o);
	setup(c, url, o, &x, hdrs, errbuf);
	rc = finish(c, curl_easy_perform(c), url, &x, res, errbuf, err);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	free(x.body.s);
	free(x.etag);
	free(x.last_modified);
	if (rc != MD_OK)
		md_poll_result_free(res);
	return rc;
}

void md_poll_result_free(struct md_poll_result *res)
{
	if (!res)
		return;
	free(res->body);
	free(res->etag);
	free(res->last_modified);
	memset(res, 0, sizeof(*res));
}
