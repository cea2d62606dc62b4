/*
 * feed.h - the calendar events of a store: which occurrences a feed shows
 * and how each reads in a calendar client (lib/store_feed.c).  Rendering
 * them as iCalendar is md_ical_render's (ical.h).
 *
 * Events: every dated occurrence of a matching obligation is one all-day
 * event ("at session N" spans the session; before, by, until and on are
 * one-day deadlines); a report with a submission deadline gets a second
 * event on that day.  Recurring obligations have one event per occurrence
 * up to the store's horizon.  SEQUENCE and LAST-MODIFIED are the store's
 * per-occurrence values (lib/store_resolve.c bumps them when what the
 * occurrence shows changes).  The store is only read.
 */
#ifndef MANDATE_FEED_H
#define MANDATE_FEED_H

#include <stddef.h>

#include "mandate/ical.h"
#include "mandate/store.h"

/* Days a dismissed obligation stays in feeds, cancelled, when not said. */
#define MD_FEED_GRACE_DAYS 30

struct md_feed_query {
	/*
	 * The filter, as md_store_upcoming reads it (from, to, body, actor,
	 * kind, symbol, status); id, dated_only and limit are ignored.
	 * status OPEN shows open obligations, DONE done ones, ALL both; every
	 * status shows recently dismissed ones as cancelled events, so that a
	 * subscribed client strikes them through instead of losing them.
	 */
	struct md_query q;
	struct md_date today; /* the grace period counts from here; none: no dismissed ones */
	int grace_days;       /* 0: MD_FEED_GRACE_DAYS; < 0: dismissed ones never shown */
};

/*
 * Reads the events for fq, in date order (ties in identity order, so two
 * reads of an unchanged store give the same list).  *ev is a new array of
 * *n (free with md_ical_events_free).  Errors: MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_feed(struct md_store *st, const struct md_feed_query *fq,
                          struct md_ical_event **ev, size_t *n, struct md_error *err);

/* One line naming the filter, for the calendar's DESCRIPTION: "HRC, reports, from 2023-01-01". */
void md_feed_describe(const struct md_feed_query *fq, char *buf, size_t size);

/* The official document's address: "https://undocs.org/" and the symbol, percent-encoded. */
void md_feed_url(const char *symbol, char *buf, size_t size);

#endif
