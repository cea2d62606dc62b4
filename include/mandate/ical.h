/*
 * ical.h - iCalendar feeds (RFC 5545, with the RFC 7986 calendar
 * properties): a list of all-day events in, one VCALENDAR text out.
 *
 * md_ical_render is a pure function of its arguments: it never reads the
 * clock (DTSTAMP is opts->now) nor the database, so `mandatectl export` and
 * the daemon's feeds give the same bytes for the same events.  Every byte of
 * the text is written by libical, which escapes TEXT values (backslash,
 * comma, semicolon, newline) and folds lines at 75 octets; control
 * characters other than newline and tab are dropped before it sees them,
 * and CR LF or a lone CR become a newline, so no input can close a property
 * or a component early.
 *
 * Identity: an event's UID comes from what the obligation is in its
 * document (symbol, operative paragraph, kind as extracted, the ordinal of
 * that pair, who found it) and which occurrence it is, never from database
 * row ids, so it survives re-ingest, export to another machine and
 * corrections (md_ical_uid).
 */
#ifndef MANDATE_ICAL_H
#define MANDATE_ICAL_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/date.h"
#include "mandate/err.h"

/* STATUS of an event. */
enum md_ical_status {
	MD_ICAL_CONFIRMED, /* dates from the organ or a person */
	MD_ICAL_TENTATIVE, /* dates rest on estimated session dates */
	MD_ICAL_CANCELLED  /* the obligation was dismissed */
};

/* At most this many CATEGORIES values and alarms. */
#define MD_ICAL_MAX_CATEGORIES 6
#define MD_ICAL_MAX_ALARMS     4

/*
 * One all-day event.  start is the first day, end the last day
 * (inclusive; the renderer writes DTEND as the day after, as RFC 5545
 * wants for VALUE=DATE).  Strings are UTF-8, read but not kept by the
 * renderer, and freed by md_ical_events_free when the array came from
 * md_store_feed; NULL or "" leaves the property out (uid and summary are
 * required).
 */
struct md_ical_event {
	char *uid;
	char *summary;
	char *description;
	char *url;
	char *categories[MD_ICAL_MAX_CATEGORIES]; /* one CATEGORIES each; NULL ends */
	struct md_date start, end;
	enum md_ical_status status;
	bool done;              /* shown as done: X-MANDATE-STATUS:DONE, no alarms */
	int sequence;           /* SEQUENCE */
	char last_modified[24]; /* "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD"; "" leaves it out */
};

/* The feed as a whole. */
struct md_ical_opts {
	const char *name;        /* NAME and X-WR-CALNAME; NULL: "mandate" */
	const char *description; /* DESCRIPTION and X-WR-CALDESC; NULL: left out */
	const char *now;         /* DTSTAMP, "YYYY-MM-DDTHH:MM:SSZ" (UTC); required */
	int refresh_minutes;     /* REFRESH-INTERVAL and X-PUBLISHED-TTL; 0: 60 */
	bool no_alarms;          /* no VALARM at all */
	int n_alarms;            /* leads, in days before the start; 0 and !no_alarms: 14 and 1 */
	int alarm_days[MD_ICAL_MAX_ALARMS];
};

/*
 * Renders the events as one VCALENDAR (METHOD:PUBLISH, CRLF line ends).
 * Cancelled and done events get no alarms.  On MD_OK *out is a new
 * NUL-terminated string (free()).  Errors: MD_EINVAL (no now, a bad date,
 * an event without uid or summary, end before start, a bad alarm lead),
 * MD_EFORMAT (libical refused a value), MD_ENOMEM.
 */
enum md_err md_ical_render(const struct md_ical_event *ev, size_t n,
                           const struct md_ical_opts *opts, char **out, struct md_error *err);

/*
 * Writes an event's UID into buf:
 * "<symbol>.op<paragraph>.<kind>.<ordinal>[.added].<index>[.<part>]@mandate",
 * the symbol with every byte outside [A-Za-z0-9-] written as '-' (A/HRC/RES/51/34
 * becomes A-HRC-RES-51-34).  part names a second event of the same
 * occurrence ("submission"), or NULL.  Returns false when buf is too small.
 */
bool md_ical_uid(const char *symbol, int paragraph, const char *kind, int ordinal, bool added,
                 int index, const char *part, char *buf, size_t size);

/* Frees the strings of n events and the array.  md_ical_events_free(NULL, 0) is a no-op. */
void md_ical_events_free(struct md_ical_event *ev, size_t n);

#endif
