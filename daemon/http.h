/*
 * http.h - what the request handlers (http.c, api.c, feed.c) share: the
 * server, the reply being built, and the filters read from a query string
 * or a token.  Everything here runs on the HTTP thread with d->lock held.
 */
#ifndef MANDATED_HTTP_H
#define MANDATED_HTTP_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "mandated.h"
#include "mandate/store.h"

struct conn;

struct http {
	struct daemon *d;
	struct MHD_Daemon *mhd;
	struct md_store *st; /* this thread's read connection, opened when first needed */
	struct feed_cache *cache;
	struct md_web *web; /* the web pages' templates, loaded when first asked for */
	int port;
	/* connections still sending their request: cut at the header deadline */
	pthread_mutex_t conns_lock;
	struct conn *conns;
	pthread_t reaper;
	bool reaper_started, stopping;
};

/* A reply: status, body (owned when body_owned), and the headers that apply. */
struct reply {
	unsigned status;
	const char *type;
	char *body;
	size_t len;
	bool body_owned;
	char etag[40];        /* with its quotes; "" none */
	time_t last_modified; /* 0: none */
	long max_age;         /* Cache-Control max-age; < 0: no-store */
	const char *csp;      /* Content-Security-Policy (static), or NULL */
};

/* The filters of a feed or a listing. */
struct filters {
	char body[16], symbol[128], actor[128];
	int kind; /* -1: any */
	bool status_set;
	enum md_status_filter status;
	struct md_date from, to;
	bool within_set;
	struct md_period within;
	size_t limit;
};

/* Keys a route accepts, as a bit set. */
enum {
	F_BODY = 1,
	F_ACTOR = 2,
	F_KIND = 4,
	F_SYMBOL = 8,
	F_STATUS = 16,
	F_FROM = 32,
	F_TO = 64,
	F_WITHIN = 128,
	F_LIMIT = 256,
};

/* Sets one filter; 0, or -1 with why filled (unknown key, bad value). */
int filter_set(struct filters *f, unsigned allowed, const char *key, const char *value, char *why,
               size_t size);
/* Reads "key=value&..." (percent-encoded) into f; 0 or -1 with why. */
int filter_parse_query(struct filters *f, unsigned allowed, const char *query, char *why,
                       size_t size);
void filters_init(struct filters *f);

/* A text reply: status and a one-line message (copied). */
void reply_text(struct reply *r, unsigned status, const char *msg);
/* A JSON reply taking text (malloc'd) over. */
void reply_json(struct reply *r, char *text);

/* The store of this thread, or NULL (logged) when it cannot be opened. */
struct md_store *http_store(struct http *h);
/* Drops the store after a database error, so the next request opens it again. */
void http_store_reset(struct http *h);

/* api.c */
void api_obligations(struct http *h, const struct filters *f, struct reply *r);
void api_document(struct http *h, const char *symbol, struct reply *r);

/* page.c: the web pages (GET "/", "/documents/...", "/sessions", "/static/..."). */
void page_serve(struct http *h, struct MHD_Connection *c, const char *url, struct reply *r);

/* feed.c: the feed of filters f (after a token's, when from a token). */
void feed_serve(struct http *h, const struct filters *f, struct reply *r);

#endif
