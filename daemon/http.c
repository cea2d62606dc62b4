/*
 * http.c - the HTTP server (libmicrohttpd): limits, routing, conditional
 * requests and the replies.
 *
 * Routes (GET and HEAD only; anything else is 405 with Allow):
 *   /healthz                       200 "ok" when the database answers, else 503
 *   /feeds/all.ics                 every obligation (query: the export filters)
 *   /feeds/BODY.ics                one organ's ("HRC", "GA", ...)
 *   /feeds/t/TOKEN.ics             a private feed: the token's filters
 *   /api/v1/obligations            JSON listing (filters, from, to, within, limit)
 *   /api/v1/documents/SYMBOL       JSON of one stored resolution
 *   /, /documents/SYMBOL, /sessions, /static/NAME   the web pages (page.c, lib/web.c)
 * With require_token, the public feeds and the API answer 404 unless the
 * API request carries "Authorization: Bearer TOKEN".
 *
 * Limits, all set explicitly because libmicrohttpd has no timeout by
 * default: a connection timeout (a client that stops sending is cut off),
 * connection limits overall and per address, and the memory of one
 * connection.  The request target and the header fields are measured
 * against max_url (414) and max_headers (431) before anything else.
 * No request body is ever read (no PostProcessor): the API is read-only.
 * One internal thread serves every connection, so the handlers never run
 * at once and share one database connection.
 */
#define _XOPEN_SOURCE 700 /* strptime */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "mandate/log.h"
#include "mandate/store_watch.h"
#include "mandate/token.h"
#include "mandate/web.h"

/* What uri_log learns before the handler runs: the raw request target. */
struct req {
	size_t uri_len;
};

void reply_text(struct reply *r, unsigned status, const char *msg)
{
	r->status = status;
	r->type = "text/plain; charset=utf-8";
	r->body = malloc(strlen(msg) + 2);
	r->body_owned = true;
	r->len = r->body ? (size_t)sprintf(r->body, "%s\n", msg) : 0;
	r->max_age = -1;
}

void reply_json(struct reply *r, char *text)
{
	if (!text) {
		reply_text(r, 500, "out of memory");
		return;
	}
	r->status = 200;
	r->type = "application/json";
	r->body = text;
	r->body_owned = true;
	r->len = strlen(text);
	r->max_age = 0;
}

struct md_store *http_store(struct http *h)
{
	if (!h->st)
		h->st = daemon_store_open(h->d->cfg, "mandated");
	return h->st;
}

void http_store_reset(struct http *h)
{
	md_store_close(h->st);
	h->st = NULL;
}

/* ---- filters ---- */

void filters_init(struct filters *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = -1;
}

static int copy_value(char *dst, size_t size, const char *v)
{
	if (!*v || strlen(v) >= size)
		return -1;
	strcpy(dst, v);
	return 0;
}

static int set_one(struct filters *f, int which, const char *v)
{
	char *end;

	switch (which) {
	case F_BODY:
		for (const char *p = v; *p; p++)
			if (!isalnum((unsigned char)*p))
				return -1;
		return copy_value(f->body, sizeof(f->body), v);
	case F_ACTOR:
		return copy_value(f->actor, sizeof(f->actor), v);
	case F_SYMBOL:
		return copy_value(f->symbol, sizeof(f->symbol), v);
	case F_KIND:
		return (f->kind = md_kind_parse(v)) < 0 ? -1 : 0;
	case F_STATUS:
		f->status_set = true;
		return md_status_filter_parse(v, &f->status);
	case F_FROM:
		return md_date_parse_iso(v, &f->from);
	case F_TO:
		return md_date_parse_iso(v, &f->to);
	case F_WITHIN:
		f->within_set = true;
		return md_period_parse_window(v, &f->within);
	case F_LIMIT:
		f->limit = strtoul(v, &end, 10);
		return end == v || *end || !isdigit((unsigned char)*v) || f->limit > 100000 ? -1
		                                                                            : 0;
	}
	return -1;
}

int filter_set(struct filters *f, unsigned allowed, const char *key, const char *value, char *why,
               size_t size)
{
	static const struct {
		const char *name;
		int bit;
	} keys[] = {{"body", F_BODY},     {"actor", F_ACTOR},   {"kind", F_KIND},
	            {"symbol", F_SYMBOL}, {"status", F_STATUS}, {"from", F_FROM},
	            {"to", F_TO},         {"within", F_WITHIN}, {"limit", F_LIMIT}};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(key, keys[i].name) || !(allowed & (unsigned)keys[i].bit))
			continue;
		if (set_one(f, keys[i].bit, value ? value : "") == 0)
			return 0;
		snprintf(why, size, "bad value for '%.40s'", key);
		return -1;
	}
	snprintf(why, size, "unknown parameter '%.40s'", key);
	return -1;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Percent-decodes s[0..n) ('+' is a space) into out; -1 when it does not fit or is bad. */
static int decode(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
			    hexval((unsigned char)s[i + 2]) < 0)
				return -1;
			c = hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (o + 1 >= size || c == 0)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

int filter_parse_query(struct filters *f, unsigned allowed, const char *query, char *why,
                       size_t size)
{
	char key[64], value[256];

	for (const char *p = query; p && *p;) {
		const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));

		if (end > p) {
			if (!eq || decode(p, (size_t)(eq - p), key, sizeof(key)) ||
			    decode(eq + 1, (size_t)(end - eq - 1), value, sizeof(value))) {
				snprintf(why, size, "a malformed filter");
				return -1;
			}
			if (filter_set(f, allowed, key, value, why, size) != 0)
				return -1;
		}
		p = amp ? amp + 1 : NULL;
	}
	return 0;
}

struct args_ctx {
	struct filters *f;
	unsigned allowed;
	char why[128];
	bool bad;
};

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
	struct args_ctx *a = cls;

	if (!a->bad && filter_set(a->f, a->allowed, key, value, a->why, sizeof(a->why)) != 0)
		a->bad = true;
	return MHD_YES;
}

/* The query string's filters into f; false (and a 400 in r) when they are bad. */
static bool query_filters(struct MHD_Connection *c, unsigned allowed, struct filters *f,
                          struct reply *r)
{
	struct args_ctx a = {.f = f, .allowed = allowed};

	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &a);
	if (a.bad)
		reply_text(r, 400, a.why);
	return !a.bad;
}

/* ---- routes ---- */

/* "/feeds/t/TOKEN.ics": the token's filters, then the query's where the token says nothing. */
static void token_feed(struct http *h, struct MHD_Connection *c, const char *tok, size_t len,
                       struct reply *r)
{
	char token[MD_TOKEN_LEN + 1], why[128];
	struct md_token t;
	struct md_error err;
	struct filters f;
	struct md_store *st = http_store(h);
	enum md_err rc;

	if (len != MD_TOKEN_LEN) {
		reply_text(r, 404, "not found");
		return;
	}
	if (!st) {
		reply_text(r, 503, "the database is not available");
		return;
	}
	memcpy(token, tok, len);
	token[len] = '\0';
	md_error_clear(&err);
	rc = md_token_check(st, token, &t, &err);
	memset(token, 0, sizeof(token));
	if (rc != MD_OK) {
		if (rc != MD_ENOENT) {
			md_log_warnx("token check: %s", err.msg);
			http_store_reset(h);
		}
		reply_text(r, rc == MD_ENOENT ? 404 : 503, rc == MD_ENOENT ? "not found" : "busy");
		return;
	}
	filters_init(&f);
	if (filter_parse_query(&f, F_BODY | F_ACTOR | F_KIND | F_SYMBOL | F_STATUS | F_FROM | F_TO,
	                       t.filters, why, sizeof(why)) != 0) {
		md_log_warnx("token %s: its filters are wrong: %s", t.id, why);
		reply_text(r, 500, "the token's filters are wrong");
	} else {
		feed_serve(h, &f, r);
	}
	md_token_clear(&t);
}

/* With require_token, an API request needs a valid "Authorization: Bearer TOKEN". */
static bool api_allowed(struct http *h, struct MHD_Connection *c)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	struct md_token t;
	struct md_store *st;
	bool ok;

	if (!h->d->cfg->require_token)
		return true;
	if (!auth || strncasecmp(auth, "Bearer ", 7) || !(st = http_store(h)))
		return false;
	ok = md_token_check(st, auth + 7, &t, NULL) == MD_OK;
	md_token_clear(&t);
	return ok;
}

static void healthz(struct http *h, struct reply *r)
{
	struct md_store *st = http_store(h);
	uint64_t v;

	if (st && md_store_data_version(st, &v, NULL) == MD_OK) {
		reply_text(r, 200, "ok");
		return;
	}
	http_store_reset(h);
	reply_text(r, 503, "the database is not available");
}

/* A feed path's last part: NAME of "NAME.ics", or NULL. */
static const char *ics_name(const char *p, size_t *len)
{
	size_t n = strlen(p);

	if (n <= 4 || strcmp(p + n - 4, ".ics") || memchr(p, '/', n - 4))
		return NULL;
	*len = n - 4;
	return p;
}

static void route(struct http *h, struct MHD_Connection *c, const char *url, struct reply *r)
{
	const unsigned feed_keys = F_ACTOR | F_KIND | F_SYMBOL | F_STATUS | F_FROM | F_TO;
	const unsigned api_keys = feed_keys | F_BODY | F_WITHIN | F_LIMIT;
	struct filters f;
	const char *name;
	size_t len;

	filters_init(&f);
	if (!strcmp(url, "/healthz")) {
		healthz(h, r);
	} else if (!strncmp(url, "/feeds/t/", 9) && (name = ics_name(url + 9, &len))) {
		token_feed(h, c, name, len, r);
	} else if (!strncmp(url, "/feeds/", 7) && (name = ics_name(url + 7, &len))) {
		char body[16];

		if (h->d->cfg->require_token || len >= sizeof(body)) {
			reply_text(r, 404, "not found");
			return;
		}
		memcpy(body, name, len);
		body[len] = '\0';
		if (strcmp(body, "all") &&
		    filter_set(&f, F_BODY, "body", body, (char[8]){0}, 8) != 0) {
			reply_text(r, 404, "not found");
			return;
		}
		if (query_filters(c, feed_keys | (strcmp(body, "all") ? 0 : F_BODY), &f, r))
			feed_serve(h, &f, r);
	} else if (!strcmp(url, "/api/v1/obligations")) {
		if (!api_allowed(h, c))
			reply_text(r, 404, "not found");
		else if (query_filters(c, api_keys, &f, r))
			api_obligations(h, &f, r);
	} else if (!strncmp(url, "/api/v1/documents/", 18) && url[18]) {
		if (!api_allowed(h, c))
			reply_text(r, 404, "not found");
		else if (query_filters(c, 0, &f, r))
			api_document(h, url + 18, r);
	} else if (md_web_handles(url)) {
		page_serve(h, c, url, r);
	} else {
		reply_text(r, 404, "not found");
	}
}

/* ---- conditional requests ---- */

static void http_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* True when If-None-Match lists etag (weak comparison, as RFC 9110 says for it) or is "*". */
static bool etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);

	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* 304 when the client's copy is current (If-None-Match wins over If-Modified-Since). */
static bool not_modified(struct MHD_Connection *c, const struct reply *r)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
	struct tm tm;

	if (r->status != 200)
		return false;
	if (inm)
		return r->etag[0] && etag_matches(inm, r->etag);
	if (ims && r->last_modified) {
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		return end && !*end && r->last_modified <= timegm(&tm);
	}
	return false;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct reply *r, bool unmodified)
{
	struct MHD_Response *resp;
	char buf[64];
	enum MHD_Result ret;

	resp = unmodified ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
	                  : MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"",
	                                                    MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (!unmodified && r->type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	if (r->etag[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
	if (r->last_modified) {
		http_date(r->last_modified, buf, sizeof(buf));
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, buf);
	}
	if (r->max_age >= 0)
		snprintf(buf, sizeof(buf), "max-age=%ld", r->max_age);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        r->max_age >= 0 ? buf : "no-store");
	if (r->status == 405)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->csp)
		MHD_add_response_header(resp, "Content-Security-Policy", r->csp);
	ret = MHD_queue_response(c, unmodified ? MHD_HTTP_NOT_MODIFIED : r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- the handler ---- */

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *q = calloc(1, sizeof(*q));

	if (q)
		q->uri_len = strlen(uri);
	return q;
}

/*
 * The header deadline.  libmicrohttpd's connection timeout counts idle
 * time, so a client that sends its request a byte every few seconds is
 * never cut off.  Each connection is tracked from when it opens (and again
 * after each reply, for the next request on it) until its request has been
 * read; a thread shuts down the socket of any still reading its request
 * after http_timeout seconds, and libmicrohttpd then closes it.  The entry
 * goes (under the lock) before libmicrohttpd closes the socket, so the
 * descriptor shut down is never one reused by another connection.
 */
struct conn {
	int fd;
	time_t since; /* when its current request began */
	bool reading; /* its request is not read yet */
	struct conn *next;
};

static void notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
	struct http *h = cls;
	const union MHD_ConnectionInfo *info;
	struct conn *k, **pp;

	pthread_mutex_lock(&h->conns_lock);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (info && (k = calloc(1, sizeof(*k)))) {
			k->fd = info->connect_fd;
			k->since = time(NULL);
			k->reading = true;
			k->next = h->conns;
			h->conns = k;
			*socket_context = k;
		}
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && (k = *socket_context)) {
		for (pp = &h->conns; *pp; pp = &(*pp)->next)
			if (*pp == k) {
				*pp = k->next;
				break;
			}
		free(k);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&h->conns_lock);
}

/* Marks the connection's request read (reading false) or a new one begun (true). */
static void conn_reading(struct http *h, struct MHD_Connection *c, bool reading)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = info ? info->socket_context : NULL;

	if (!k)
		return;
	pthread_mutex_lock(&h->conns_lock);
	k->reading = reading;
	k->since = time(NULL);
	pthread_mutex_unlock(&h->conns_lock);
}

static void *reaper(void *cls)
{
	struct http *h = cls;

	for (;;) {
		struct timespec tick = {1, 0};
		time_t now;

		nanosleep(&tick, NULL);
		pthread_mutex_lock(&h->conns_lock);
		if (h->stopping) {
			pthread_mutex_unlock(&h->conns_lock);
			return NULL;
		}
		now = time(NULL);
		for (struct conn *k = h->conns; k; k = k->next)
			if (k->reading && now - k->since > h->d->cfg->http_timeout)
				shutdown(k->fd, SHUT_RDWR);
		pthread_mutex_unlock(&h->conns_lock);
	}
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	free(*con_cls);
	*con_cls = NULL;
	conn_reading(cls, c, true); /* a next request on the connection starts now */
}

static void check_and_route(struct http *h, struct MHD_Connection *c, const char *url,
                            const char *method, const struct req *q, struct reply *r)
{
	const struct md_config *cfg = h->d->cfg;
	size_t hdr = 0;

	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		reply_text(r, 405, "method not allowed: GET and HEAD only");
		return;
	}
	if (!q || q->uri_len > (size_t)cfg->max_url) {
		reply_text(r, q ? 414 : 500, q ? "request target too long" : "out of memory");
		return;
	}
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_size, &hdr);
	if (hdr > (size_t)cfg->max_headers) {
		reply_text(r, 431, "request header fields too large");
		return;
	}
	route(h, c, url, r);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
	struct http *h = cls;
	struct reply r = {.max_age = -1};
	enum MHD_Result ret;
	bool unmodified;

	if (*upload_data_size) { /* a body we never read: drop it */
		*upload_data_size = 0;
		return MHD_YES;
	}
	conn_reading(h, c, false); /* the request is read: no header deadline now */
	pthread_mutex_lock(&h->d->lock);
	check_and_route(h, c, url, method, *con_cls, &r);
	unmodified = not_modified(c, &r);
	pthread_mutex_unlock(&h->d->lock);
	if (r.status != 200 && r.status != 404)
		md_log_debug("http: %s %.200s: %u", method,
		             strncmp(url, "/feeds/t/", 9) ? url : "/feeds/t/(token)", r.status);
	ret = send_reply(c, &r, unmodified);
	if (r.body_owned)
		free(r.body);
	return ret;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	md_log_debug("http: %s", buf);
}

/* The listening address of cfg into ss; false when it is not an address. */
static bool listen_addr(const struct md_config *cfg, struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*v6 = false;
	if (inet_pton(AF_INET, cfg->listen, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)cfg->port);
		return true;
	}
	if (inet_pton(AF_INET6, cfg->listen, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)cfg->port);
		*v6 = true;
		return true;
	}
	return false;
}
/*
 * %HH decoding of paths and query values that leaves control bytes encoded:
 * with the default decoder "/feeds/all.ics%00.txt" ends at the NUL and is
 * served as "/feeds/all.ics"; here it stays "%00" and matches nothing.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *o = s;

	(void)cls;
	(void)c;
	for (const char *p = s; *p; p++) {
		int hi = p[0] == '%' ? hexval((unsigned char)p[1]) : -1;
		int lo = hi >= 0 ? hexval((unsigned char)p[2]) : -1;
		int v = hi * 16 + lo;

		if (hi >= 0 && lo >= 0 && v >= 0x20 && v != 0x7f) {
			*o++ = (char)v;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

struct http *http_start(struct daemon *d)
{
	const struct md_config *cfg = d->cfg;
	struct http *h = calloc(1, sizeof(*h));
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	bool v6;

	if (!h || !(h->cache = feed_cache_new()) || !listen_addr(cfg, &ss, &v6)) {
		md_log_warnx("http: cannot set up the server for %s", cfg->listen);
		http_stop(h);
		return NULL;
	}
	h->d = d;
	pthread_mutex_init(&h->conns_lock, NULL);
	h->mhd = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0),
	    (uint16_t)cfg->port, NULL, NULL, handler, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->http_timeout,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->http_memory,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, h,
	    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, h, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
	    NULL, MHD_OPTION_END);
	if (!h->mhd) {
		md_log_warn("http: cannot listen on %s port %d", cfg->listen, cfg->port);
		http_stop(h);
		return NULL;
	}
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info && info->port ? info->port : cfg->port;
	h->reaper_started = pthread_create(&h->reaper, NULL, reaper, h) == 0;
	if (!h->reaper_started)
		md_log_warnx("http: no header deadline (cannot start its thread)");
	return h;
}

int http_port(const struct http *h)
{
	return h->port;
}

void http_stop(struct http *h)
{
	if (!h)
		return;
	if (h->reaper_started) {
		pthread_mutex_lock(&h->conns_lock);
		h->stopping = true;
		pthread_mutex_unlock(&h->conns_lock);
		pthread_join(h->reaper, NULL);
	}
	if (h->mhd)
		MHD_stop_daemon(h->mhd);
	md_store_close(h->st);
	md_web_free(h->web);
	feed_cache_free(h->cache);
	free(h);
}
