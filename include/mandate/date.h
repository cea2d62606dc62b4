/*
 * date.h - calendar dates in the proleptic Gregorian calendar, and periods.
 *
 * A struct md_date with y == 0 means "no date".  Arithmetic follows the
 * conventions of the extraction record (see docs/extraction.md): days and
 * months are counted by the calendar, years land on the same day, and a day
 * that does not exist in the target month is clamped to the month's end
 * (31 January + 1 month = 28 or 29 February).
 *
 * Library code never reads the clock: "today" is always an argument.
 */
#ifndef MANDATE_DATE_H
#define MANDATE_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct md_date {
	int y, m, d; /* y == 0: no date */
};

/* A period such as P1Y, P4M, P90D, P2W.  All zero: no period. */
struct md_period {
	int years, months, weeks, days;
};

#define MD_DATE_NONE ((struct md_date){0, 0, 0})

/* True when d names a real calendar day (years 1..9999). */
bool md_date_valid(struct md_date d);

/* True when d is MD_DATE_NONE. */
bool md_date_is_none(struct md_date d);

/* Days in month m of year y (0 for a bad month). */
int md_date_days_in_month(int y, int m);

/* Days since 1970-01-01 (negative before), and back. d must be valid. */
long md_date_to_days(struct md_date d);
struct md_date md_date_from_days(long days);

/* Day of the week, 0 = Monday ... 6 = Sunday. */
int md_date_weekday(struct md_date d);

/* Negative, zero or positive as a is before, equal to or after b. */
int md_date_cmp(struct md_date a, struct md_date b);

/* a plus n days (n may be negative). */
struct md_date md_date_add_days(struct md_date a, long n);

/* a plus a period: years, then months (clamped to month end), then weeks and days. */
struct md_date md_date_add_period(struct md_date a, struct md_period p);

/*
 * Parses exactly "YYYY-MM-DD" (a real day).  Returns MD_OK-like 0 on success,
 * -1 on anything else; *out is untouched on failure.
 */
int md_date_parse_iso(const char *s, struct md_date *out);

/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). "" for none. */
void md_date_format(struct md_date d, char *buf, size_t size);

/* True when p is all zero. */
bool md_period_is_none(struct md_period p);

/* Writes the ISO 8601 duration ("P1Y", "P4M", "P120D", "P2W"), "" for none. */
void md_period_format(struct md_period p, char *buf, size_t size);

/*
 * Parses a window as people type it: "90d" or "90" (days), "6w", "3m", "1y";
 * at most 36500 of a unit.  0 on success, -1 (and *out zeroed) otherwise.
 * mandatectl's --within and mandated's ?within= read it the same way.
 */
int md_period_parse_window(const char *s, struct md_period *out);

/* Parses an ISO 8601 duration of years, months, weeks and days. 0 or -1. */
int md_period_parse(const char *s, struct md_period *out);

#endif
