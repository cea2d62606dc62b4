/*
 * test_timex.c - the time-expression readers, on phrasing taken from
 * resolutions and decisions.
 *
 * Each row gives the text at the cursor and the part of it the reader must
 * consume ("match"); a NULL match means the reader must refuse the text and
 * leave its output alone.  Every row is also read through an exact-size heap
 * copy cut at every length, so that a reader looking past len shows up under
 * AddressSanitizer, and a prefix can never consume more than it was given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mandate/timex.h"

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))
#define EN_DASH    "\xe2\x80\x93"

/* Bytes a row expects consumed: the length of its match, 0 for none. */
static size_t want_len(const char *match)
{
	return match ? strlen(match) : 0;
}

/* An exact-size heap copy of s[0..len), so reading past len is caught. */
static char *exact_copy(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

/* ---- Ordinals --------------------------------------------------------- */

struct int_case {
	const char *in;
	const char *match;
	int want;
};

static const struct int_case ordinal_cases[] = {
    /* "at its fifty-third session" and the other spellings of the same */
    {"fifty-third session", "fifty-third", 53},
    {"Fifty-Third Session", "Fifty-Third", 53},
    {"fifty third session", "fifty third", 53},
    {"fifty" EN_DASH "third session", "fifty" EN_DASH "third", 53},
    {"FIFTY-THIRD SESSION", "FIFTY-THIRD", 53},
    {"eighty-first session of the General Assembly", "eighty-first", 81},
    {"Seventy-ninth session", "Seventy-ninth", 79},
    {"seventy-eighth session,", "seventy-eighth", 78},
    {"eightieth session", "eightieth", 80},
    {"eighty-second session", "eighty-second", 82},
    {"twenty-fourth special session", "twenty-fourth", 24},
    {"twenty-eighth session", "twenty-eighth", 28},
    {"thirty-sixth session", "thirty-sixth", 36},
    {"sixty-eighth Session", "sixty-eighth", 68},
    {"ninety-ninth session", "ninety-ninth", 99},
    {"Tenth Special Session", "Tenth", 10},
    {"Twelfth Special Session", "Twelfth", 12},
    {"sixteenth session", "sixteenth", 16},
    {"nineteenth session", "nineteenth", 19},
    {"twentieth anniversary", "twentieth", 20},
    {"thirtieth session", "thirtieth", 30},
    {"first special session", "first", 1},
    {"second session", "second", 2},
    {"third special session", "third", 3},
    {"fourth special session", "fourth", 4},
    {"fifth session", "fifth", 5},
    {"eighth session", "eighth", 8},
    {"ninth session", "ninth", 9},
    {"eleventh session", "eleventh", 11},
    {"fortieth session", "fortieth", 40},
    {"one hundredth session", "one hundredth", 100},
    {"hundredth session", "hundredth", 100},
    {"one hundred and first session", "one hundred and first", 101},
    {"hundred and first session", "hundred and first", 101},
    {"one hundred and twenty-first", "one hundred and twenty-first", 121},
    {"one hundred first session", "one hundred first", 101},
    /* digits: "53rd plenary meeting" */
    {"53rd plenary meeting", "53rd", 53},
    {"1st plenary meeting", "1st", 1},
    {"2nd meeting", "2nd", 2},
    {"22nd meeting", "22nd", 22},
    {"81st plenary meeting", "81st", 81},
    {"11th meeting", "11th", 11},
    {"12th meeting", "12th", 12},
    {"13th meeting", "13th", 13},
    {"44th meeting", "44th", 44},
    {"62nd plenary", "62nd", 62},
    {"63rd plenary", "63rd", 63},
    {"101st meeting", "101st", 101},
    {"111th meeting", "111th", 111},
    {"50TH PLENARY", "50TH", 50},
    /* refusals */
    {"firstly, the Council", NULL, 0},
    {"secondly", NULL, 0},
    {"fifty-", NULL, 0},
    {"fifty session", NULL, 0},
    {"fifty-three", NULL, 0},
    {"twenty-eleventh", NULL, 0},
    {"53th session", NULL, 0},
    {"11st meeting", NULL, 0},
    {"1nd", NULL, 0},
    {"22rd", NULL, 0},
    {"0th", NULL, 0},
    {"53rdly", NULL, 0},
    {"1234th", NULL, 0},
    {"session", NULL, 0},
    {" fifth session", NULL, 0},
    {"", NULL, 0},
    {"one hundred and", NULL, 0},
    {"firsthand", NULL, 0},
};

static void test_ordinal_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(ordinal_cases); i++) {
		const struct int_case *c = &ordinal_cases[i];
		int v = -7;
		size_t n = md_timex_ordinal(c->in, strlen(c->in), &v);

		if (n != want_len(c->match) || (c->match ? v != c->want : v != -7))
			fail_msg("ordinal \"%s\": got %zu/%d, want %zu/%d", c->in, n, v,
			         want_len(c->match), c->match ? c->want : -7);
	}
}

/* ---- Cardinals -------------------------------------------------------- */

struct card_case {
	const char *in;
	int article;
	const char *match;
	int want;
};

static const struct card_case cardinal_cases[] = {
    {"90 days", 0, "90", 90},
    {"120 days", 0, "120", 120},
    {"1,000 participants", 0, "1,000", 1000},
    {"1,000,000 people", 0, "1,000,000", 1000000},
    {"12,500", 0, "12,500", 12500},
    {"90, 120 or 180 days", 0, "90", 90},
    {"2026/27", 0, "2026", 2026},
    {"30-day period", 0, "30", 30},
    {"one year", 0, "one", 1},
    {"One year", 0, "One", 1},
    {"two years", 0, "two", 2},
    {"three years", 0, "three", 3},
    {"six months", 0, "six", 6},
    {"eleven members", 0, "eleven", 11},
    {"seventeen Goals", 0, "seventeen", 17},
    {"nineteen", 0, "nineteen", 19},
    {"twenty days", 0, "twenty", 20},
    {"twenty-one days", 0, "twenty-one", 21},
    {"forty-five days", 0, "forty-five", 45},
    {"forty five days", 0, "forty five", 45},
    {"ninety-nine", 0, "ninety-nine", 99},
    {"sixty" EN_DASH "five", 0, "sixty" EN_DASH "five", 65},
    {"one hundred days", 0, "one hundred", 100},
    {"one hundred and twenty days", 0, "one hundred and twenty", 120},
    {"two hundred and fifty", 0, "two hundred and fifty", 250},
    {"hundred days", 0, "hundred", 100},
    {"three-year", 0, "three", 3},
    {"a period of one year", 1, "a", 1},
    {"an additional year", 1, "an", 1},
    {"A year", 1, "A", 1},
    /* refusals */
    {"a period of one year", 0, NULL, 0},
    {"an additional year", 0, NULL, 0},
    {"annual", 1, NULL, 0},
    {"another year", 1, NULL, 0},
    {"twenty-first", 0, NULL, 0},
    {"first", 0, NULL, 0},
    {"53rd", 0, NULL, 0},
    {"onerous", 0, NULL, 0},
    {"tenth", 0, NULL, 0},
    {"sevenfold", 0, NULL, 0},
    {"1234567890", 0, NULL, 0},
    {"1,0000", 0, NULL, 0},
    {"hundreds of millions", 0, NULL, 0},
    {"one hundredth", 0, NULL, 0},
    {"days", 0, NULL, 0},
    {"", 1, NULL, 0},
};

static void test_cardinal_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(cardinal_cases); i++) {
		const struct card_case *c = &cardinal_cases[i];
		int v = -7;
		size_t n = md_timex_cardinal(c->in, strlen(c->in), c->article, &v);

		if (n != want_len(c->match) || (c->match ? v != c->want : v != -7))
			fail_msg("cardinal \"%s\" (article %d): got %zu/%d, want %zu/%d", c->in,
			         c->article, n, v, want_len(c->match), c->match ? c->want : -7);
	}
}

/* ---- Months ----------------------------------------------------------- */

static const struct int_case month_cases[] = {
    {"January 2025", "January", 1},
    {"February", "February", 2},
    {"March 2024", "March", 3},
    {"April", "April", 4},
    {"May 2024", "May", 5},
    {"June 2011", "June", 6},
    {"July 2025", "July", 7},
    {"August", "August", 8},
    {"September 2015", "September", 9},
    {"October", "October", 10},
    {"November", "November", 11},
    {"DECEMBER 2024", "DECEMBER", 12},
    {"Dec. 2024", "Dec.", 12},
    {"Jan. 2025", "Jan.", 1},
    {"Feb. 2025", "Feb.", 2},
    {"Jun. 2025", "Jun.", 6},
    {"Sept. 2024", "Sept.", 9},
    {"Sep. 2024", "Sep.", 9},
    {"Oct.", "Oct.", 10},
    {"Nov.", "Nov.", 11},
    /* refusals */
    {"Dec 2024", NULL, 0},
    {"Sept 2024", NULL, 0},
    {"Decembers", NULL, 0},
    {"Marches", NULL, 0},
    {"Mayor", NULL, 0},
    {"Juneteenth", NULL, 0},
    {"Jul", NULL, 0},
    {"", NULL, 0},
};

static void test_month_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(month_cases); i++) {
		const struct int_case *c = &month_cases[i];
		int v = -7;
		size_t n = md_timex_month(c->in, strlen(c->in), &v);

		if (n != want_len(c->match) || (c->match ? v != c->want : v != -7))
			fail_msg("month \"%s\": got %zu/%d, want %zu/%d", c->in, n, v,
			         want_len(c->match), c->match ? c->want : -7);
	}
}

/* ---- Dates ------------------------------------------------------------ */

struct date_case {
	const char *in;
	int accept_year;
	const char *match;
	const char *want; /* "YYYY-MM-DD" */
	enum md_date_precision prec;
};

static const struct date_case date_cases[] = {
    /* day first: "by 31 December 2024" */
    {"31 December 2024,", 0, "31 December 2024", "2024-12-31", MD_PREC_DAY},
    {"1 July 2025", 0, "1 July 2025", "2025-07-01", MD_PREC_DAY},
    {"19 December 2023", 0, "19 December 2023", "2023-12-19", MD_PREC_DAY},
    {"25 September 2015", 0, "25 September 2015", "2015-09-25", MD_PREC_DAY},
    {"10 December 1982", 0, "10 December 1982", "1982-12-10", MD_PREC_DAY},
    {"30 June 2025.", 0, "30 June 2025", "2025-06-30", MD_PREC_DAY},
    {"29 February 2024", 0, "29 February 2024", "2024-02-29", MD_PREC_DAY},
    {"31st December 2024", 0, "31st December 2024", "2024-12-31", MD_PREC_DAY},
    {"1st of July 2025", 0, "1st of July 2025", "2025-07-01", MD_PREC_DAY},
    {"2nd December 2024", 0, "2nd December 2024", "2024-12-02", MD_PREC_DAY},
    {"15 Sept. 2024", 0, "15 Sept. 2024", "2024-09-15", MD_PREC_DAY},
    {"7 Dec. 2023", 0, "7 Dec. 2023", "2023-12-07", MD_PREC_DAY},
    {"31\nDecember 2024", 0, "31\nDecember 2024", "2024-12-31", MD_PREC_DAY},
    {"1 January 2199", 0, "1 January 2199", "2199-01-01", MD_PREC_DAY},
    {"1 January 1900", 0, "1 January 1900", "1900-01-01", MD_PREC_DAY},
    /* month first */
    {"December 31, 2024", 0, "December 31, 2024", "2024-12-31", MD_PREC_DAY},
    {"July 1 2025", 0, "July 1 2025", "2025-07-01", MD_PREC_DAY},
    {"September 30, 2026;", 0, "September 30, 2026", "2026-09-30", MD_PREC_DAY},
    /* month and year: the month's last day */
    {"June 2011", 0, "June 2011", "2011-06-30", MD_PREC_MONTH},
    {"February 2024", 0, "February 2024", "2024-02-29", MD_PREC_MONTH},
    {"February 2025", 0, "February 2025", "2025-02-28", MD_PREC_MONTH},
    {"September 2026 session", 0, "September 2026", "2026-09-30", MD_PREC_MONTH},
    {"Dec. 2024", 0, "Dec. 2024", "2024-12-31", MD_PREC_MONTH},
    /* the vague parts of a year: its last day */
    {"mid-2026", 0, "mid-2026", "2026-12-31", MD_PREC_YEAR},
    {"mid-2024,", 0, "mid-2024", "2024-12-31", MD_PREC_YEAR},
    {"mid 2026", 0, "mid 2026", "2026-12-31", MD_PREC_YEAR},
    {"early 2028", 0, "early 2028", "2028-12-31", MD_PREC_YEAR},
    {"Early 2026", 0, "Early 2026", "2026-12-31", MD_PREC_YEAR},
    {"late 2027", 0, "late 2027", "2027-12-31", MD_PREC_YEAR},
    {"late 2022;", 0, "late 2022", "2022-12-31", MD_PREC_YEAR},
    {"end of 2027", 0, "end of 2027", "2027-12-31", MD_PREC_YEAR},
    {"the end of 2027", 0, "the end of 2027", "2027-12-31", MD_PREC_YEAR},
    {"the end of 2024, and", 0, "the end of 2024", "2024-12-31", MD_PREC_YEAR},
    {"end-2025", 0, "end-2025", "2025-12-31", MD_PREC_YEAR},
    {"the middle of 2028", 0, "the middle of 2028", "2028-12-31", MD_PREC_YEAR},
    {"the end of June 2027", 0, "the end of June 2027", "2027-06-30", MD_PREC_MONTH},
    {"mid-" EN_DASH "2026", 0, NULL, NULL, MD_PREC_DAY},
    /* a bare year, when the caller allows it: "by 2030" */
    {"2026", 1, "2026", "2026-12-31", MD_PREC_YEAR},
    {"2030, in", 1, "2030", "2030-12-31", MD_PREC_YEAR},
    {"2030;", 1, "2030", "2030-12-31", MD_PREC_YEAR},
    {"1900", 1, "1900", "1900-12-31", MD_PREC_YEAR},
    {"2199", 1, "2199", "2199-12-31", MD_PREC_YEAR},
    {"2024-2025", 1, "2024", "2024-12-31", MD_PREC_YEAR},
    /* refusals */
    {"2026", 0, NULL, NULL, MD_PREC_DAY},
    {"2026/27", 1, NULL, NULL, MD_PREC_DAY},
    {"2026/2027", 1, NULL, NULL, MD_PREC_DAY},
    {"20245", 1, NULL, NULL, MD_PREC_DAY},
    {"1899", 1, NULL, NULL, MD_PREC_DAY},
    {"2200", 1, NULL, NULL, MD_PREC_DAY},
    {"2026s", 1, NULL, NULL, MD_PREC_DAY},
    {"202", 1, NULL, NULL, MD_PREC_DAY},
    {"31 June 2024", 1, NULL, NULL, MD_PREC_DAY},
    {"29 February 2025", 0, NULL, NULL, MD_PREC_DAY},
    {"30 February 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"32 December 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"0 December 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"June 31, 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"31th December 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"31 December", 0, NULL, NULL, MD_PREC_DAY},
    {"31 December 24", 0, NULL, NULL, MD_PREC_DAY},
    {"31 December 2024/25", 0, NULL, NULL, MD_PREC_DAY},
    {"31December 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"December", 0, NULL, NULL, MD_PREC_DAY},
    {"midst 2026", 0, NULL, NULL, MD_PREC_DAY},
    {"the end of the year", 1, NULL, NULL, MD_PREC_DAY},
    {"early warning", 1, NULL, NULL, MD_PREC_DAY},
    {"123 December 2024", 0, NULL, NULL, MD_PREC_DAY},
    {"", 1, NULL, NULL, MD_PREC_DAY},
};

static void test_date_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(date_cases); i++) {
		const struct date_case *c = &date_cases[i];
		struct md_date d = {7, 7, 7};
		enum md_date_precision p = (enum md_date_precision)7;
		size_t n = md_timex_date(c->in, strlen(c->in), c->accept_year, &d, &p);
		char got[16];

		md_date_format(d, got, sizeof(got));
		if (n != want_len(c->match))
			fail_msg("date \"%s\": consumed %zu, want %zu", c->in, n,
			         want_len(c->match));
		if (c->match && (strcmp(got, c->want) != 0 || p != c->prec))
			fail_msg("date \"%s\": got %s/%d, want %s/%d", c->in, got, p, c->want,
			         c->prec);
		if (!c->match && (d.y != 7 || d.m != 7 || d.d != 7 || p != 7))
			fail_msg("date \"%s\": refused but wrote %s/%d", c->in, got, p);
	}
}

/* ---- Durations and recurrences ---------------------------------------- */

struct period_case {
	const char *in;
	const char *match;
	const char *want; /* ISO 8601 */
};

static const struct period_case duration_cases[] = {
    {"90 days of the adoption", "90 days", "P90D"},
    {"30 days", "30 days", "P30D"},
    {"180 days", "180 days", "P180D"},
    {"120 days after", "120 days", "P120D"},
    {"three years", "three years", "P3Y"},
    {"six months,", "six months", "P6M"},
    {"one year", "one year", "P1Y"},
    {"two weeks", "two weeks", "P2W"},
    {"four weeks", "four weeks", "P4W"},
    {"five years", "five years", "P5Y"},
    {"12 months", "12 months", "P12M"},
    {"24 months", "24 months", "P24M"},
    {"10 years", "10 years", "P10Y"},
    {"18 years", "18 years", "P18Y"},
    {"seven days", "seven days", "P7D"},
    {"Three Years", "Three Years", "P3Y"},
    {"twenty-one days", "twenty-one days", "P21D"},
    {"one hundred and twenty days", "one hundred and twenty days", "P120D"},
    {"1 day", "1 day", "P1D"},
    {"a year", "a year", "P1Y"},
    {"60 calendar days", "60 calendar days", "P60D"},
    {"three\nyears", "three\nyears", "P3Y"},
    {"three-year period", "three-year", "P3Y"},
    {"six-month", "six-month", "P6M"},
    {"90-day", "90-day", "P90D"},
    {"10-Year Framework", "10-Year", "P10Y"},
    {"one-week", "one-week", "P1W"},
    {"five" EN_DASH "year", "five" EN_DASH "year", "P5Y"},
    /* refusals */
    {"three-years", NULL, NULL},
    {"0 days", NULL, NULL},
    {"recent years", NULL, NULL},
    {"multi-year", NULL, NULL},
    {"half-day", NULL, NULL},
    {"three", NULL, NULL},
    {"three yearly", NULL, NULL},
    {"90 daysx", NULL, NULL},
    {"90days", NULL, NULL},
    {"twenty-first day", NULL, NULL},
    {"working days", NULL, NULL},
    {"1000000 days", NULL, NULL},
    {"", NULL, NULL},
};

static const struct period_case recurrence_cases[] = {
    {"annually", "annually", "P1Y"},
    {"Annually,", "Annually", "P1Y"},
    {"annual report", "annual", "P1Y"},
    {"on an annual basis", "on an annual basis", "P1Y"},
    {"yearly", "yearly", "P1Y"},
    {"every year", "every year", "P1Y"},
    {"each year as", "each year", "P1Y"},
    {"once a year", "once a year", "P1Y"},
    {"biennially", "biennially", "P2Y"},
    {"biennial basis", "biennial", "P2Y"},
    {"on a biennial basis", "on a biennial basis", "P2Y"},
    {"every two years", "every two years", "P2Y"},
    {"every second year", "every second year", "P2Y"},
    {"every other year", "every other year", "P2Y"},
    {"once every two years", "once every two years", "P2Y"},
    {"triennially", "triennially", "P3Y"},
    {"triennial", "triennial", "P3Y"},
    {"every three years", "every three years", "P3Y"},
    {"every third year", "every third year", "P3Y"},
    {"quadrennially", "quadrennially", "P4Y"},
    {"quadrennial review", "quadrennial", "P4Y"},
    {"every four years", "every four years", "P4Y"},
    {"on a quadrennial basis", "on a quadrennial basis", "P4Y"},
    {"every five years", "every five years", "P5Y"},
    {"every 5 years", "every 5 years", "P5Y"},
    {"quinquennial", "quinquennial", "P5Y"},
    {"every 120 days", "every 120 days", "P120D"},
    {"every four months", "every four months", "P4M"},
    {"quarterly", "quarterly", "P3M"},
    {"on a quarterly basis", "on a quarterly basis", "P3M"},
    {"every three months", "every three months", "P3M"},
    {"monthly", "monthly", "P1M"},
    {"every month", "every month", "P1M"},
    {"semi-annual", "semi-annual", "P6M"},
    {"semi-annually", "semi-annually", "P6M"},
    {"semiannually", "semiannually", "P6M"},
    {"twice a year", "twice a year", "P6M"},
    {"twice yearly", "twice yearly", "P6M"},
    {"every six months", "every six months", "P6M"},
    {"weekly", "weekly", "P1W"},
    {"every two weeks", "every two weeks", "P2W"},
    {"Every Year", "Every Year", "P1Y"},
    {"every\nyear", "every\nyear", "P1Y"},
    /* refusals */
    {"annuals", NULL, NULL},
    {"annuity", NULL, NULL},
    {"biennium", NULL, NULL},
    {"biannual", NULL, NULL},
    {"every effort", NULL, NULL},
    {"each other", NULL, NULL},
    {"each State Party", NULL, NULL},
    {"every months", NULL, NULL},
    {"every first year", NULL, NULL},
    {"every second years", NULL, NULL},
    {"every", NULL, NULL},
    {"twice as likely", NULL, NULL},
    {"on an annual", NULL, NULL},
    {"on a regular basis", NULL, NULL},
    {"years", NULL, NULL},
    {"", NULL, NULL},
};

static void check_period(const char *what, const struct period_case *c, size_t n,
                         struct md_period p)
{
	char got[32];

	md_period_format(p, got, sizeof(got));
	if (n != want_len(c->match))
		fail_msg("%s \"%s\": consumed %zu (%s), want %zu", what, c->in, n, got,
		         want_len(c->match));
	if (c->match && strcmp(got, c->want) != 0)
		fail_msg("%s \"%s\": got %s, want %s", what, c->in, got, c->want);
	if (!c->match && (p.years != 7 || p.months || p.weeks || p.days))
		fail_msg("%s \"%s\": refused but wrote %s", what, c->in, got);
}

static void test_duration_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(duration_cases); i++) {
		struct md_period p = {7, 0, 0, 0};
		const char *in = duration_cases[i].in;

		check_period("duration", &duration_cases[i], md_timex_duration(in, strlen(in), &p),
		             p);
	}
}

static void test_recurrence_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(recurrence_cases); i++) {
		struct md_period p = {7, 0, 0, 0};
		const char *in = recurrence_cases[i].in;

		check_period("recurrence", &recurrence_cases[i],
		             md_timex_recurrence(in, strlen(in), &p), p);
	}
}

/* ---- Bounds ----------------------------------------------------------- */

/*
 * Every reader on every row cut at every length, from an exact-size heap
 * copy: nothing is read past len, nothing consumed beyond it.
 */
static void read_all(const char *in, size_t len)
{
	char *s = exact_copy(in, len);
	struct md_date d;
	struct md_period p;
	enum md_date_precision prec;
	int v;

	assert_true(md_timex_ordinal(s, len, &v) <= len);
	assert_true(md_timex_cardinal(s, len, 1, &v) <= len);
	assert_true(md_timex_month(s, len, &v) <= len);
	assert_true(md_timex_date(s, len, 1, &d, &prec) <= len);
	assert_true(md_timex_duration(s, len, &p) <= len);
	assert_true(md_timex_recurrence(s, len, &p) <= len);
	free(s);
}

static void read_prefixes(const char *in)
{
	size_t len = strlen(in);

	for (size_t k = 0; k <= len; k++)
		read_all(in, k);
}

static void test_bounds(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_CASES(ordinal_cases); i++)
		read_prefixes(ordinal_cases[i].in);
	for (size_t i = 0; i < N_CASES(cardinal_cases); i++)
		read_prefixes(cardinal_cases[i].in);
	for (size_t i = 0; i < N_CASES(month_cases); i++)
		read_prefixes(month_cases[i].in);
	for (size_t i = 0; i < N_CASES(date_cases); i++)
		read_prefixes(date_cases[i].in);
	for (size_t i = 0; i < N_CASES(duration_cases); i++)
		read_prefixes(duration_cases[i].in);
	for (size_t i = 0; i < N_CASES(recurrence_cases); i++)
		read_prefixes(recurrence_cases[i].in);
}

/* A match cut short is no match: "31 December 202" is not a date. */
static void test_truncated(void **state)
{
	static const char text[] = "31 December 2024 and every two years";
	struct md_date d = {0, 0, 0};
	struct md_period p = {0, 0, 0, 0};
	enum md_date_precision prec;

	(void)state;
	assert_int_equal(md_timex_date(text, 15, 0, &d, &prec), 0);
	assert_int_equal(md_timex_date(text, 16, 0, &d, &prec), 16);
	assert_int_equal(md_timex_recurrence(text + 21, 13, &p), 0);
	assert_int_equal(md_timex_recurrence(text + 21, 15, &p), 15);
	assert_int_equal(p.years, 2);
	assert_int_equal(md_timex_date(text, 16, 0, &d, NULL), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ordinal_table),  cmocka_unit_test(test_cardinal_table),
	    cmocka_unit_test(test_month_table),    cmocka_unit_test(test_date_table),
	    cmocka_unit_test(test_duration_table), cmocka_unit_test(test_recurrence_table),
	    cmocka_unit_test(test_bounds),         cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
