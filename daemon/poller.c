/*
 * poller.c - the poller thread: fetches each watched URL every
 * poll_interval and drops a new or changed document into the spool.
 *
 * The document is written to a hidden file in the spool (".fetch-*",
 * which the watcher ignores) and renamed to its name, so the watcher sees
 * it complete (IN_MOVED_TO) and ingests it like a dropped file: one path
 * for every document.  The name comes from the URL (host and path, every
 * byte outside [A-Za-z0-9.-] as '_', ".txt" appended).
 *
 * Conditional GET: the ETag and Last-Modified of each URL's last answer
 * are remembered (in memory: after a restart the first fetch is a full
 * one, and ingesting the same document again changes nothing), and so is
 * a hash of the last body, so that a server that ignores them does not
 * fill processed/ with copies of one document.  A URL
 * that fails is logged and tried again at the next round; nothing a server
 * sends can stop the poller.  The round is interrupted by poller_reload
 * and poller_stop; a transfer in progress is aborted by poller_stop.
 */
#include "mandated.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/poll.h"
#include "mandate/log.h"

struct seen {
	char *url, *etag, *last_modified;
	uint64_t hash; /* of the last body dropped, to skip a server that never says 304 */
	size_t len;
};

struct poller {
	struct daemon *d;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	_Atomic bool stop;
	bool wake;
	struct seen *seen;
	size_t n_seen;
};

/* The remembered validators of url (added when new); NULL on ENOMEM. */
static struct seen *seen_for(struct poller *p, const char *url)
{
	struct seen *grown;

	for (size_t i = 0; i < p->n_seen; i++)
		if (!strcmp(p->seen[i].url, url))
			return &p->seen[i];
	if (!(grown = realloc(p->seen, (p->n_seen + 1) * sizeof(*grown))))
		return NULL;
	p->seen = grown;
	memset(&grown[p->n_seen], 0, sizeof(*grown));
	if (!(grown[p->n_seen].url = strdup(url)))
		return NULL;
	return &p->seen[p->n_seen++];
}

static void spool_name(const char *url, char *buf, size_t size)
{
	const char *s = strstr(url, "://");
	size_t o = 0;

	for (s = s ? s + 3 : url; *s && o + 5 < size && o < 120; s++)
		buf[o++] =
		    (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-",
		            *s) &&
		     *s)
		        ? *s
		        : '_';
	buf[o] = '\0';
	if (o < 4 || strcmp(buf + o - 4, ".txt"))
		strcat(buf, ".txt");
}

/* Writes the body into the spool under name, atomically. */
static void drop(const char *spool, const char *url, const struct md_poll_result *res)
{
	char name[160], tmp[PATH_MAX], dst[PATH_MAX];
	int fd;
	ssize_t w = 0;

	spool_name(url, name, sizeof(name));
	snprintf(tmp, sizeof(tmp), "%s/.fetch-XXXXXX", spool);
	snprintf(dst, sizeof(dst), "%s/%s", spool, name);
	if ((fd = mkstemp(tmp)) < 0) {
		md_log_warn("poll %s: %s", url, tmp);
		return;
	}
	for (size_t off = 0; off < res->len && w >= 0; off += (size_t)w)
		w = write(fd, res->body + off, res->len - off);
	if (w < 0 || fsync(fd) != 0) {
		close(fd);
		md_log_warn("poll %s: writing %s", url, tmp);
		unlink(tmp);
		return;
	}
	if (close(fd) != 0) {
		md_log_warn("poll %s: writing %s", url, tmp);
		unlink(tmp);
		return;
	}
	if (rename(tmp, dst) != 0) {
		md_log_warn("poll %s: renaming to %s", url, dst);
		unlink(tmp);
		return;
	}
	md_log_info("poll: %s: %zu bytes into the spool as %s", url, res->len, name);
}

/* 64-bit FNV-1a of the body. */
static uint64_t body_hash(const struct md_poll_result *res)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < res->len; i++) {
		h ^= (unsigned char)res->body[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static bool cancelled(void *arg)
{
	struct poller *p = arg;

	return p->stop;
}

static void replace(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

/* One URL: a conditional GET, and a drop when it changed. */
static void poll_one(struct poller *p, const char *url, const struct md_poll_opts *base,
                     const char *spool)
{
	struct md_poll_opts o = *base;
	struct md_poll_result res;
	struct md_error err;
	struct seen *s = seen_for(p, url);

	if (!s)
		return;
	o.etag = s->etag;
	o.last_modified = s->last_modified;
	md_error_clear(&err);
	if (md_poll_get(url, &o, &res, &err) != MD_OK) {
		if (!p->stop)
			md_log_warnx("poll: %s", err.msg);
		return;
	}
	if (res.not_modified) {
		md_log_debug("poll: %s: not modified", url);
	} else if (s->len == res.len && s->hash == body_hash(&res)) {
		md_log_debug("poll: %s: the same document again", url);
	} else {
		drop(spool, url, &res);
		s->hash = body_hash(&res);
		s->len = res.len;
		replace(&s->etag, &res.etag);
		replace(&s->last_modified, &res.last_modified);
	}
	md_poll_result_free(&res);
}

/* A copy of what one round needs, taken under the daemon's lock. */
struct round {
	char **urls;
	size_t n;
	char *spool;
	long interval;
	struct md_poll_opts o;
};

static void round_free(struct round *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->urls[i]);
	free(r->urls);
	free(r->spool);
	memset(r, 0, sizeof(*r));
}

static bool round_take(struct poller *p, struct round *r)
{
	const struct md_config *c;

	memset(r, 0, sizeof(*r));
	pthread_mutex_lock(&p->d->lock);
	c = p->d->cfg;
	r->interval = c->poll_interval;
	r->o = (struct md_poll_opts){.timeout = c->fetch_timeout,
	                             .max_bytes = c->fetch_max_bytes,
	                             .max_redirects = c->fetch_max_redirects,
	                             .cancel = cancelled,
	                             .cancel_arg = p};
	r->spool = strdup(c->spool);
	r->urls = calloc(c->n_watch ? c->n_watch : 1, sizeof(*r->urls));
	for (size_t i = 0; r->urls && i < c->n_watch; i++)
		if ((r->urls[r->n] = strdup(c->watch[i])))
			r->n++;
	pthread_mutex_unlock(&p->d->lock);
	return r->spool && r->urls;
}

static void *run(void *arg)
{
	struct poller *p = arg;
	struct round r;

	while (!p->stop) {
		struct timespec until;

		if (round_take(p, &r))
			for (size_t i = 0; i < r.n && !p->stop; i++)
				poll_one(p, r.urls[i], &r.o, r.spool);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += r.interval > 0 ? r.interval : 3600;
		round_free(&r);
		pthread_mutex_lock(&p->mu);
		while (!p->stop && !p->wake &&
		       pthread_cond_timedwait(&p->cond, &p->mu, &until) != ETIMEDOUT)
			;
		p->wake = false;
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

struct poller *poller_start(struct daemon *d)
{
	struct poller *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->d = d;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, run, p) != 0) {
		md_log_warnx("poll: cannot start the poller; watched URLs are not fetched");
		free(p);
		return NULL;
	}
	return p;
}

void poller_reload(struct poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->wake = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->mu);
}

void poller_stop(struct poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	for (size_t i = 0; i < p->n_seen; i++) {
		free(p->seen[i].url);
		free(p->seen[i].etag);
		free(p->seen[i].last_modified);
	}
	free(p->seen);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
