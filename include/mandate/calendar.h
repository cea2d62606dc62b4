/*
 * calendar.h - the sessions calendar and the resolution of dues to dates.
 *
 * A calendar is an in-memory set of sessions (organ code + number + first
 * and last day).  Its rows come from data/sessions.tsv and from staff
 * corrections kept in the store; sessions nobody has dated yet are projected
 * from each organ's pattern (HRC: three regular sessions a year opening
 * around late February, mid-June and mid-September; GA: opens in September)
 * and always flagged as estimated.
 *
 * md_calendar_resolve turns an obligation's due (record.h) into real days:
 * "at session N" spans the session, "before session N" is the day before it
 * opens, dates are as written, recurrences are expanded up to a horizon, and
 * reports get a submission deadline some weeks before the session opens.
 */
#ifndef MANDATE_CALENDAR_H
#define MANDATE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/date.h"
#include "mandate/err.h"
#include "mandate/record.h"

/* Where a session's dates come from, as the TSV's status column writes it. */
enum md_session_status {
	MD_SES_SOURCED,   /* dates from the organ's own documents */
	MD_SES_ANNOUNCED, /* announced before the session; the end may move */
	MD_SES_INFERRED,  /* computed from a rule of procedure, not checked */
	MD_SES_PROJECTED, /* projected from the organ's pattern */
	MD_SES_SET,       /* set by staff (mandatectl sessions set/import) */
	MD_SES_MAX
};

struct md_session {
	char body[16];
	int number;
	struct md_date start, end; /* first and last day, inclusive */
	enum md_session_status status;
};

/* True when the session's dates are estimates (inferred or projected). */
bool md_session_estimated(const struct md_session *s);
const char *md_session_status_name(enum md_session_status st);
int md_session_status_parse(const char *s); /* -1 when unknown */

struct md_calendar;

/* Returns a new empty calendar (free with md_calendar_free), NULL on ENOMEM. */
struct md_calendar *md_calendar_new(void);
void md_calendar_free(struct md_calendar *cal);

/*
 * Adds or replaces (same body and number) a session; the calendar keeps a
 * copy.  MD_EINVAL when the body is empty, longer than 15 characters or has
 * spaces, the number is not 1..99999, a date is not a real day, end < start,
 * or the status is out of range; MD_ENOMEM.
 */
enum md_err md_calendar_put(struct md_calendar *cal, const struct md_session *s,
			    struct md_error *err);

/*
 * Reads sessions from a TSV file: a header line (first column "body"), then
 * "BODY<TAB>NUMBER<TAB>START<TAB>END<TAB>STATUS" (STATUS optional or empty,
 * default "set"; further columns such as data/sessions.tsv's note are
 * ignored; '#' lines and blank lines skipped).  Rows replace stored sessions
 * of the same body and number; one file may not list a session twice.  All
 * or nothing: on an error (MD_EIO, MD_ENOMEM, MD_EINVAL with
 * "file:line: problem") cal is unchanged.
 */
enum md_err md_calendar_load_tsv(struct md_calendar *cal, const char *path,
				 struct md_error *err);

/* Number of stored (not projected) sessions, and the i-th in body/number order. */
size_t md_calendar_count(const struct md_calendar *cal);
const struct md_session *md_calendar_at(const struct md_calendar *cal, size_t i);

/*
 * Looks up a session (body matched exactly: "HRC", "GA"); when not stored,
 * projects it from the organ's pattern (HRC from the 4th session, GA from
 * 2003; others cannot be projected; see lib/calendar.c) with status
 * MD_SES_PROJECTED.  Returns true and fills *out, or false when the session
 * is unknown and cannot be projected.  cal may be NULL: no stored sessions.
 */
bool md_calendar_lookup(const struct md_calendar *cal, const char *body, int number,
			struct md_session *out);

/*
 * The number of the organ's first session (stored or projected) opening
 * strictly after date; 0 when there is none or date is not a real day.
 */
int md_calendar_next_after(const struct md_calendar *cal, const char *body,
			   struct md_date date);

/* One dated occurrence of an obligation. */
struct md_occurrence {
	int index;                 /* 0 for the first */
	struct md_date start, end; /* all-day span, end inclusive; start == end for a deadline */
	struct md_date deadline;   /* submission deadline (reports at a session), else none */
	char body[16];             /* the session, when the due is a session */
	int number;
	bool estimated;            /* rests on estimated session dates */
	const char *rule;          /* static text: how the dates were found */
};

/* Options of resolution. */
struct md_resolve_opts {
	struct md_date adopted;  /* adoption date (anchor for unnumbered recurrences) */
	struct md_date horizon;  /* expand recurrences up to this day */
	int submission_weeks;    /* submission lead for reports; 0: none */
	int max_occurrences;     /* cap on a recurrence's occurrences (default 50 when 0,
				    at most 1000) */
};

/*
 * Resolves a due into occurrences: *out is a new array of *n elements
 * (free()); *n may be 0 and *out NULL when the due cannot be dated (an
 * unknown session of a subsidiary body, no adoption date for "the next
 * session").  recurrence and opts may be NULL (once; no adoption date, no
 * horizon, no submission lead).  A recurrence always gives its first
 * occurrence, then those starting on or before opts->horizon.  The rules
 * are written down in lib/calendar.c.  Errors: MD_ENOMEM, MD_EINVAL (a bad
 * relation, kind, date, period or option).
 */
enum md_err md_calendar_resolve(const struct md_calendar *cal, const struct md_due *due,
				const struct md_period *recurrence, enum md_kind kind,
				const struct md_resolve_opts *opts, struct md_occurrence **out,
				size_t *n, struct md_error *err);

#endif
