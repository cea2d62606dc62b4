/*
 * mandated.h - what the daemon's files share.
 *
 * Threads: the main thread (mandated.c) owns the configuration, the
 * signals, the spool watcher and every write to the database; the HTTP
 * thread (libmicrohttpd's, http.c) answers requests from its own read
 * connection; the poller thread (poll.c) fetches watched URLs and drops
 * what it gets into the spool, so that a fetched document takes the same
 * path as a dropped one.  `lock` guards the configuration pointer and the
 * feed cache: the main thread swaps the configuration under it on SIGHUP,
 * and the HTTP thread holds it while it answers.
 */
#ifndef MANDATED_H
#define MANDATED_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "mandate/config.h"
#include "mandate/date.h"

struct md_store;
struct http;
struct poller;
struct feed_cache;

struct daemon {
	pthread_mutex_t lock;
	struct md_config *cfg; /* current; swapped under lock */
	unsigned cfg_gen;      /* bumped at each reload, under lock */
	volatile bool stopping;
	struct http *http;
	struct poller *poller;
};

/* Today's date: $MANDATE_TODAY when set (tests, demos), else the local date. */
struct md_date daemon_today(void);

/* "YYYY-MM-DDTHH:MM:SSZ" of t (UTC) into buf (at least 21 bytes). */
void daemon_stamp(time_t t, char *buf, size_t size);

/* Opens the database of cfg for this process (seeded with the sessions when new). */
struct md_store *daemon_store_open(const struct md_config *cfg, const char *who);

/* ---- http.c ---- */

/* Starts the HTTP server of d->cfg; NULL after logging why. */
struct http *http_start(struct daemon *d);
/* The port actually listened on. */
int http_port(const struct http *h);
/* Stops accepting, waits for requests in progress, frees h. */
void http_stop(struct http *h);

/* ---- feed.c: rendering and caching feeds (under d->lock) ---- */

struct feed_cache *feed_cache_new(void);
void feed_cache_free(struct feed_cache *c);

/* ---- poller.c ---- */

struct poller *poller_start(struct daemon *d);
/* Wakes the poller so that it reads the configuration again. */
void poller_reload(struct poller *p);
void poller_stop(struct poller *p);

#endif
