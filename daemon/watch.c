/*
 * watch.c - the spool folder, watched with inotify.
 *
 * A file is complete when it is closed after writing (IN_CLOSE_WRITE) or
 * renamed in (IN_MOVED_TO); then its name joins the queue.  Files already
 * in the folder at start-up (or after SIGHUP names another folder) are
 * queued too, in name order.  The main loop takes one name at a time, so a
 * signal is handled between two documents and never in the middle of one.
 * The store is opened for a run of ingests and closed when the queue is
 * empty, so that each run records the time it happened.
 */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "mandate/log.h"
#include "mandate/spool.h"
#include "mandate/store.h"

/* Seconds before files left in place by a database failure are tried again. */
#define RETRY_SECONDS 5

struct watch {
	char *dir;
	int fd, wd;
	char **queue;
	size_t n, cap;
	struct md_store *st;
	time_t retry_at; /* 0: nothing to retry */
};

static bool queued(const struct watch *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->queue[i], name))
			return true;
	return false;
}

static void enqueue(struct watch *w, const char *name)
{
	char *copy;

	if (!md_spool_candidate(name) || queued(w, name))
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		char **grown = realloc(w->queue, cap * sizeof(*grown));

		if (!grown) {
			md_log_warnx("spool: out of memory; %s waits for the next scan", name);
			w->retry_at = time(NULL) + RETRY_SECONDS;
			return;
		}
		w->queue = grown;
		w->cap = cap;
	}
	if (!(copy = strdup(name)))
		return;
	w->queue[w->n++] = copy;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int candidate(const struct dirent *e)
{
	return (e->d_type == DT_REG || e->d_type == DT_UNKNOWN) && md_spool_candidate(e->d_name);
}

void watch_scan(struct watch *w)
{
	struct dirent **names;
	int n = scandir(w->dir, &names, candidate, by_name);

	if (n < 0) {
		md_log_warn("spool %s", w->dir);
		return;
	}
	for (int i = 0; i < n; i++) {
		enqueue(w, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	if (n)
		md_log_debug("spool: %d file(s) found in %s", n, w->dir);
}

struct watch *watch_open(const char *dir)
{
	struct watch *w = calloc(1, sizeof(*w));
	struct md_error err;

	if (!w || !(w->dir = strdup(dir))) {
		free(w);
		md_log_warnx("spool %s: out of memory", dir);
		return NULL;
	}
	md_error_clear(&err);
	w->fd = -1;
	if (md_spool_prepare(dir, &err) != MD_OK) {
		md_log_warnx("spool: %s", err.msg);
		watch_close(w);
		return NULL;
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0 || (w->wd = inotify_add_watch(w->fd, dir,
	                                            IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR |
	                                                IN_DELETE_SELF | IN_MOVE_SELF)) < 0) {
		md_log_warn("spool %s: inotify", dir);
		watch_close(w);
		return NULL;
	}
	watch_scan(w); /* after the watch is set, so nothing falls between the two */
	return w;
}

int watch_fd(const struct watch *w)
{
	return w ? w->fd : -1;
}

const char *watch_dir(const struct watch *w)
{
	return w->dir;
}

void watch_read(struct watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t len;

	while ((len = read(w->fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
				md_log_warnx("spool %s was removed or moved: nothing is ingested "
				             "until it is back and mandated is reloaded (SIGHUP)",
				             w->dir);
			} else if (ev->mask & IN_Q_OVERFLOW) {
				md_log_warnx("spool: too many events at once; scanning %s", w->dir);
				watch_scan(w);
			} else if (ev->len && !(ev->mask & IN_ISDIR)) {
				enqueue(w, ev->name);
			}
			p += sizeof(*ev) + ev->len;
		}
	}
}

bool watch_pending(const struct watch *w)
{
	return w && w->n > 0;
}

int watch_retry_in(const struct watch *w, time_t now)
{
	if (!w || !w->retry_at)
		return -1;
	return w->retry_at > now ? (int)(w->retry_at - now) : 0;
}

void watch_retry(struct watch *w, time_t now)
{
	if (w && w->retry_at && w->retry_at <= now) {
		w->retry_at = 0;
		watch_scan(w);
	}
}

static void log_result(const char *name, const struct md_spool_result *r)
{
	switch (r->outcome) {
	case MD_SPOOL_STORED:
		if (r->unchanged)
			md_log_info("spool: %s (%s): unchanged", r->symbol, name);
		else
			md_log_info("spool: %s (%s): %s, %d added, %d changed, %d removed",
			            r->symbol, name, r->new_document ? "new" : "updated", r->added,
			            r->changed, r->removed);
		break;
	case MD_SPOOL_FAILED:
		md_log_warnx("spool: %s: moved to failed/: %s", name, r->why.msg);
		break;
	case MD_SPOOL_RETRY:
		md_log_warnx("spool: %s: left in place, to try again: %s", name, r->why.msg);
		break;
	case MD_SPOOL_GONE:
		md_log_debug("spool: %s: no longer there", name);
		break;
	}
}

void watch_ingest_one(struct watch *w, const struct md_config *cfg)
{
	struct md_spool_result r;
	struct md_error err;
	char *name;

	if (!w->n)
		return;
	if (!w->st && !(w->st = daemon_store_open(cfg, "mandated"))) {
		w->retry_at = time(NULL) + RETRY_SECONDS; /* the database is away: later */
		for (size_t i = 0; i < w->n; i++)
			free(w->queue[i]);
		w->n = 0;
		return;
	}
	name = w->queue[0];
	memmove(w->queue, w->queue + 1, (w->n - 1) * sizeof(*w->queue));
	w->n--;
	md_error_clear(&err);
	if (md_spool_ingest(w->st, w->dir, name, &r, &err) != MD_OK)
		md_log_warnx("spool: %s", err.msg);
	log_result(name, &r);
	if (r.outcome == MD_SPOOL_RETRY)
		w->retry_at = time(NULL) + RETRY_SECONDS;
	free(name);
}

void watch_idle(struct watch *w)
{
	if (w && !w->n && w->st) {
		md_store_close(w->st);
		w->st = NULL;
	}
}

void watch_close(struct watch *w)
{
	if (!w)
		return;
	md_store_close(w->st);
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->queue[i]);
	free(w->queue);
	free(w->dir);
	free(w);
}
