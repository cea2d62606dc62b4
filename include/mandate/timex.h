/*
 * timex.h - the small grammars for time expressions in resolution text.
 *
 * Each reader looks at s[0..len) (s need not be NUL-terminated), matches
 * case-insensitively at the very start of s, and on success stores its value
 * and returns the number of bytes consumed; on failure it returns 0 and leaves
 * *out untouched.  None reads past len.  Every rule quotes the text it accepts.
 */
#ifndef MANDATE_TIMEX_H
#define MANDATE_TIMEX_H

#include <stddef.h>

#include "mandate/date.h"

/*
 * Ordinals: "first" .. "ninety-ninth", "one hundredth", "one hundred and
 * first", "hundredth", with a hyphen, a space or an en dash between the
 * tens and the units ("fifty-third", "fifty third", "Fifty-Third"), and
 * digits with a suffix ("53rd", "1st", "2nd", "81st", "11th").
 */
size_t md_timex_ordinal(const char *s, size_t len, int *out);

/*
 * Cardinals: digits ("90", "120", "1,000") and words from "one" to
 * "ninety-nine" and hundreds ("one hundred and twenty"), also "a" and "an"
 * as one ("a period of one year", "an additional year") only when
 * allow_article is non-zero.
 */
size_t md_timex_cardinal(const char *s, size_t len, int allow_article, int *out);

/* Month names, full or abbreviated with a dot ("December", "Dec."): 1..12. */
size_t md_timex_month(const char *s, size_t len, int *out);

/* What a date expression pinned down. */
enum md_date_precision {
	MD_PREC_DAY,   /* "31 December 2024", "December 31, 2024" */
	MD_PREC_MONTH, /* "June 2011": stored as the month's last day */
	MD_PREC_YEAR,  /* "2026" after "in"/"by": stored as 31 December */
};

/*
 * Dates: "31 December 2024", "1 July 2025", "December 31, 2024",
 * "31st December 2024", "June 2011" (the month's last day), "mid-2026" and
 * "early 2028" / "end of 2027" / "late 2027" (the year's last day), and a bare
 * year "2026" when accept_year is non-zero (the year's last day).  A day that
 * does not exist ("31 June 2024") is no date (returns 0).  A year is four
 * digits 1900..2199 not followed by a digit or "/" ("2026/27" is no year).
 * prec may be NULL.
 */
size_t md_timex_date(const char *s, size_t len, int accept_year, struct md_date *out,
                     enum md_date_precision *prec);

/*
 * Durations: "90 days", "three years", "six months", "one year",
 * "a further period of one year" is handled by the caller; here only
 * "<cardinal> <unit>" with units day(s), week(s), month(s), year(s), and
 * "<cardinal>-<unit>" ("three-year", "six-month", "90-day").  The cardinal
 * may be an article ("a year" is one year) and days may be "calendar days".
 */
size_t md_timex_duration(const char *s, size_t len, struct md_period *out);

/*
 * Recurrences, returning the period between occurrences:
 * "annual" / "annually" / "on an annual basis" / "every year" / "each year" /
 * "yearly" / "once a year" -> P1Y;  "biennial" / "biennially" / "on a
 * biennial basis" / "every two years" / "every second year" / "every other
 * year" / "once every two years" -> P2Y;  "triennial" / "triennially" /
 * "every three years" -> P3Y;  "quadrennial" ... -> P4Y;  "quinquennial" /
 * "every five years" -> P5Y;  "every 120 days" -> P120D;  "every four
 * months" -> P4M;  "quarterly" / "every three months" -> P3M;  "monthly" /
 * "every month" -> P1M;  "semi-annual" / "semi-annually" / "twice a year" /
 * "every six months" -> P6M;  "weekly" / "every two weeks" -> P1W / P2W.
 * "biannual" is refused: it is used for both P6M and P2Y.
 */
size_t md_timex_recurrence(const char *s, size_t len, struct md_period *out);

#endif
