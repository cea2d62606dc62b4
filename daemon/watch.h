/*
 * watch.h - the spool watcher of the main thread (see watch.c).
 */
#ifndef MANDATED_WATCH_H
#define MANDATED_WATCH_H

#include <stdbool.h>
#include <time.h>

#include "mandated.h"

struct watch;

/* Prepares dir (processed/, failed/), watches it and queues what is there; NULL after logging. */
struct watch *watch_open(const char *dir);
void watch_close(struct watch *w);

int watch_fd(const struct watch *w);
const char *watch_dir(const struct watch *w);
/* Reads inotify events into the queue. */
void watch_read(struct watch *w);
/* Queues every document in the folder. */
void watch_scan(struct watch *w);
bool watch_pending(const struct watch *w);
/* Ingests the first queued file with cfg's database. */
void watch_ingest_one(struct watch *w, const struct md_config *cfg);
/* Closes the database when the queue is empty. */
void watch_idle(struct watch *w);
/* Seconds until a retry scan is due (-1: none), and the scan itself. */
int watch_retry_in(const struct watch *w, time_t now);
void watch_retry(struct watch *w, time_t now);

#endif
