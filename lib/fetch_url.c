/*
 * fetch_url.c - a document downloaded with libcurl, within limits.
 *
 * CURLOPT_PROTOCOLS_STR and CURLOPT_REDIR_PROTOCOLS_STR (libcurl 7.85,
 * Debian 12 has 7.88) keep both the URL and every redirect to http and
 * https: no file://, no ftp, no gopher.  The body is capped in the write
 * callback; CURLOPT_MAXFILESIZE_LARGE refuses an announced oversize body
 * before it is sent.  CURLOPT_NOSIGNAL because the daemon has threads.
 */
#include "mandate/fetch.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "convert_int.h"
#include "mandate/doc.h"

void md_fetch_limits_default(struct md_fetch_limits *lim)
{
	lim->connect_timeout_s = 15;
	lim->timeout_s = 60;
	lim->max_redirs = 5;
	lim->max_bytes = MD_DOC_MAX_BYTES;
}

bool md_fetch_is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct strbuf *b = arg;

	strbuf_put(b, data, size * n);
	return b->over || b->failed ? 0 : size * n;
}

static void set_options(CURL *c, const char *url, const struct md_fetch_limits *lim,
                        struct strbuf *b, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, lim->max_redirs);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, lim->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, lim->timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 64L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
	                 lim->timeout_s / 2 > 0 ? lim->timeout_s / 2 : 1);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_bytes);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mandate/" MANDATE_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

enum md_err md_fetch_url(const char *url, const struct md_fetch_limits *lim, char **out,
                         size_t *len, struct md_error *err)
{
	struct md_fetch_limits def;
	struct strbuf b = {0};
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURL *c;
	CURLcode rc;

	if (!md_fetch_is_url(url))
		return md_error_set(err, MD_EINVAL, "%s: not an http or https URL", url);
	if (!lim) {
		md_fetch_limits_default(&def);
		lim = &def;
	}
	b.max = lim->max_bytes;
	if (!(c = curl_easy_init()))
		return md_error_set(err, MD_ENOMEM, "%s: cannot start a transfer", url);
	set_options(c, url, lim, &b, errbuf);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (b.failed || (rc == CURLE_OK && !b.s && !(b.s = strdup("")))) {
		free(b.s);
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", url);
	}
	if (b.over || rc == CURLE_FILESIZE_EXCEEDED) {
		free(b.s);
		return md_error_set(err, MD_ETOOBIG, "%s: larger than the limit of %zu bytes", url,
		                    lim->max_bytes);
	}
	if (rc != CURLE_OK || status >= 400) {
		free(b.s);
		if (rc != CURLE_OK)
			return md_error_set(err, MD_ENET, "%s: %s", url,
			                    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return md_error_set(err, MD_ENET, "%s: the server answered HTTP %ld", url, status);
	}
	*out = b.s;
	*len = b.len;
	return MD_OK;
}
