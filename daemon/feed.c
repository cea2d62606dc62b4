/*
 * feed.c - feeds rendered once per database change and served from memory.
 *
 * A rendered feed is kept under its key: the effective filters, today's
 * date (the window and the grace of dismissed obligations move with it)
 * and the configuration generation (a reload may change the name, the
 * alarms or the defaults).  It is rendered again only when the database's
 * data version moved (md_store_data_version: any commit, by mandatectl or
 * by our own ingests).  Then it is first rendered with the previous DTSTAMP:
 * when the bytes are the same, the ETag and Last-Modified stay, so a client
 * polling with If-None-Match keeps getting 304 while nothing it sees
 * changed; otherwise it is rendered with the current time.
 *
 * The ETag is strong: a hash of the exact bytes served.  At most
 * CACHE_MAX feeds are kept; the least recently used one goes first.
 */
#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/feed.h"
#include "mandate/ical.h"
#include "mandate/log.h"
#include "mandate/store_watch.h"

#define CACHE_MAX 32

struct entry {
	char *key;
	char *body;
	size_t len;
	uint64_t version;
	unsigned gen;
	char etag[40];
	char stamp[24]; /* the DTSTAMP it was rendered with */
	time_t last_modified;
	unsigned long used;
};

struct feed_cache {
	struct entry e[CACHE_MAX];
	unsigned long clock;
};

struct feed_cache *feed_cache_new(void)
{
	return calloc(1, sizeof(struct feed_cache));
}

static void entry_clear(struct entry *e)
{
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

void feed_cache_free(struct feed_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CACHE_MAX; i++)
		entry_clear(&c->e[i]);
	free(c);
}

/* The entry for key, or the slot to fill (empty or least recently used). */
static struct entry *slot(struct feed_cache *c, const char *key)
{
	struct entry *lru = &c->e[0];

	for (size_t i = 0; i < CACHE_MAX; i++) {
		if (c->e[i].key && !strcmp(c->e[i].key, key))
			return &c->e[i];
		if (!c->e[i].key || (lru->key && c->e[i].used < lru->used))
			lru = &c->e[i];
	}
	entry_clear(lru);
	return lru;
}

/* The feed query of filters f under cfg's defaults. */
static void make_query(const struct filters *f, const struct md_config *cfg,
                       struct md_feed_query *fq)
{
	memset(fq, 0, sizeof(*fq));
	fq->today = daemon_today();
	fq->q.kind = f->kind;
	fq->q.body = f->body[0] ? f->body : NULL;
	fq->q.actor = f->actor[0] ? f->actor : NULL;
	fq->q.symbol = f->symbol[0] ? f->symbol : NULL;
	fq->q.status = f->status_set                       ? f->status
	               : !strcmp(cfg->feed_status, "open") ? MD_STATUS_OPEN
	               : !strcmp(cfg->feed_status, "done") ? MD_STATUS_DONE
	                                                   : MD_STATUS_ALL;
	fq->q.from = md_date_is_none(f->from) ? md_date_add_days(fq->today, -cfg->feed_past / 86400)
	                                      : f->from;
	fq->q.to = f->to;
}

static void make_key(const struct md_feed_query *fq, char *buf, size_t size)
{
	char from[16], to[16], today[16];

	md_date_format(fq->q.from, from, sizeof(from));
	md_date_format(fq->q.to, to, sizeof(to));
	md_date_format(fq->today, today, sizeof(today));
	snprintf(buf, size, "b=%s\na=%s\nk=%d\ns=%s\nst=%d\nf=%s\nt=%s\nd=%s",
	         fq->q.body ? fq->q.body : "", fq->q.actor ? fq->q.actor : "", fq->q.kind,
	         fq->q.symbol ? fq->q.symbol : "", (int)fq->q.status, from, to, today);
}

static void ical_opts(const struct md_config *cfg, const struct md_feed_query *fq,
                      const char *stamp, char *desc, size_t dsize, struct md_ical_opts *o)
{
	memset(o, 0, sizeof(*o));
	md_feed_describe(fq, desc, dsize);
	o->name = cfg->feed_name;
	o->description = desc;
	o->now = stamp;
	o->refresh_minutes = (int)(cfg->feed_refresh / 60);
	for (size_t i = 0; i < cfg->n_alarms && i < MD_ICAL_MAX_ALARMS; i++)
		o->alarm_days[o->n_alarms++] = (int)(cfg->alarms[i] / 86400);
}

/* Renders the feed into *out; MD_OK or the error (logged by the caller). */
static enum md_err render(struct md_store *st, const struct md_config *cfg,
                          const struct md_feed_query *fq, const char *stamp, char **out,
                          struct md_error *err)
{
	struct md_ical_event *ev;
	struct md_ical_opts o;
	char desc[256];
	size_t n;
	enum md_err rc = md_store_feed(st, fq, &ev, &n, err);

	if (rc != MD_OK)
		return rc;
	ical_opts(cfg, fq, stamp, desc, sizeof(desc), &o);
	rc = md_ical_render(ev, n, &o, out, err);
	md_ical_events_free(ev, n);
	return rc;
}

static void set_etag(struct entry *e)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < e->len; i++) {
		h ^= (unsigned char)e->body[i];
		h *= 0x100000001b3ULL;
	}
	snprintf(e->etag, sizeof(e->etag), "\"%016llx-%zx\"", (unsigned long long)h, e->len);
}

/* Brings e up to date with the database at version v. */
static enum md_err refresh(struct http *h, struct entry *e, const struct md_feed_query *fq,
                           uint64_t v, struct md_error *err)
{
	const struct md_config *cfg = h->d->cfg;
	time_t now = time(NULL);
	char stamp[24], *text = NULL;
	enum md_err rc;

	if (e->body && e->gen == h->d->cfg_gen) { /* same settings: try the same DTSTAMP */
		rc = render(h->st, cfg, fq, e->stamp, &text, err);
		if (rc != MD_OK)
			return rc;
		if (strlen(text) == e->len && !memcmp(text, e->body, e->len)) {
			free(text);
			e->version = v;
			return MD_OK;
		}
		free(text);
	}
	daemon_stamp(now, stamp, sizeof(stamp));
	if ((rc = render(h->st, cfg, fq, stamp, &text, err)) != MD_OK)
		return rc;
	free(e->body);
	e->body = text;
	e->len = strlen(text);
	e->version = v;
	e->gen = h->d->cfg_gen;
	e->last_modified = now;
	snprintf(e->stamp, sizeof(e->stamp), "%s", stamp);
	set_etag(e);
	return MD_OK;
}

void feed_serve(struct http *h, const struct filters *f, struct reply *r)
{
	struct md_feed_query fq;
	struct md_error err;
	struct entry *e;
	char key[512];
	uint64_t v;

	md_error_clear(&err);
	if (!http_store(h) || md_store_data_version(h->st, &v, &err) != MD_OK) {
		if (h->st)
			md_log_warnx("feed: %s", err.msg);
		http_store_reset(h);
		reply_text(r, 503, "the database is not available");
		return;
	}
	make_query(f, h->d->cfg, &fq);
	make_key(&fq, key, sizeof(key));
	e = slot(h->cache, key);
	if (!e->key && !(e->key = strdup(key))) {
		reply_text(r, 500, "out of memory");
		return;
	}
	if (!e->body || e->version != v || e->gen != h->d->cfg_gen) {
		if (refresh(h, e, &fq, v, &err) != MD_OK) {
			md_log_warnx("feed: %s", err.msg);
			entry_clear(e);
			reply_text(r, 500, "the feed could not be rendered");
			return;
		}
		md_log_debug("feed rendered: %zu bytes, ETag %s", e->len, e->etag);
	}
	e->used = ++h->cache->clock;
	r->status = 200;
	r->type = "text/calendar; charset=utf-8";
	r->body = e->body; /* only this thread touches the cache; send_reply copies it */
	r->len = e->len;
	r->body_owned = false;
	memcpy(r->etag, e->etag, sizeof(r->etag));
	r->last_modified = e->last_modified;
	r->max_age = h->d->cfg->feed_refresh;
}
