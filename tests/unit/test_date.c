/*
 * test_date.c - calendar arithmetic and ISO 8601 text.
 *
 * The dates are those resolutions set ("by 31 December 2024", "within 90
 * days", "for a period of six months") and the edges of the calendar the
 * extraction record relies on: month-end clamping, 29 February, the
 * century years 1900, 2000 and 2100.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mandate/date.h"

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

/* Parses an ISO date that the table promises is valid. */
static struct md_date iso(const char *s)
{
	struct md_date d = MD_DATE_NONE;

	if (md_date_parse_iso(s, &d) != 0)
		fail_msg("bad date in table: \"%s\"", s);
	return d;
}

static struct md_period period(const char *s)
{
	struct md_period p = {0, 0, 0, 0};

	if (md_period_parse(s, &p) != 0)
		fail_msg("bad period in table: \"%s\"", s);
	return p;
}

/* ---- Adding periods and days ------------------------------------------ */

struct add_case {
	const char *from;
	const char *period;
	const char *want;
};

static void test_add_period_table(void **state)
{
	static const struct add_case cases[] = {
	    /* month ends clamp: 31 January + 1 month is the end of February */
	    {"2024-01-31", "P1M", "2024-02-29"},
	    {"2023-01-31", "P1M", "2023-02-28"},
	    {"2024-01-30", "P1M", "2024-02-29"},
	    {"2024-01-29", "P1M", "2024-02-29"},
	    {"2024-01-28", "P1M", "2024-02-28"},
	    {"2024-03-31", "P1M", "2024-04-30"},
	    {"2024-05-31", "P1M", "2024-06-30"},
	    {"2024-12-31", "P1M", "2025-01-31"},
	    {"2024-08-31", "P6M", "2025-02-28"},
	    {"2024-10-31", "P4M", "2025-02-28"},
	    {"2024-11-30", "P3M", "2025-02-28"},
	    {"2024-06-30", "P6M", "2024-12-30"},
	    {"2024-12-31", "P12M", "2025-12-31"},
	    {"2024-12-31", "P24M", "2026-12-31"},
	    {"2025-07-01", "P6M", "2026-01-01"},
	    /* years land on the same day; 29 February falls back to the 28th */
	    {"2024-02-29", "P1Y", "2025-02-28"},
	    {"2024-02-29", "P4Y", "2028-02-29"},
	    {"2096-02-29", "P4Y", "2100-02-28"},
	    {"2023-02-28", "P1Y", "2024-02-28"},
	    {"2015-09-25", "P15Y", "2030-09-25"},
	    {"2024-12-31", "P1Y", "2025-12-31"},
	    {"2023-12-19", "P2Y", "2025-12-19"},
	    {"2024-01-31", "P1Y1M", "2025-02-28"},
	    /* then weeks and days, counted by the calendar */
	    {"2025-01-01", "P120D", "2025-05-01"},
	    {"2023-12-19", "P90D", "2024-03-18"},
	    {"2024-12-02", "P120D", "2025-04-01"},
	    {"2025-07-01", "P180D", "2025-12-28"},
	    {"2024-12-31", "P30D", "2025-01-30"},
	    {"2024-06-17", "P60D", "2024-08-16"},
	    {"2024-01-01", "P2W", "2024-01-15"},
	    {"2024-12-25", "P2W", "2025-01-08"},
	    {"2024-02-22", "P1W", "2024-02-29"},
	    {"2024-01-31", "P1M2D", "2024-03-02"},
	    {"2100-02-28", "P1D", "2100-03-01"},
	    {"2000-02-28", "P1D", "2000-02-29"},
	    {"1900-02-28", "P1D", "1900-03-01"},
	    {"2199-12-31", "P1D", "2200-01-01"},
	    {"1969-12-31", "P1D", "1970-01-01"},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_date got =
		    md_date_add_period(iso(cases[i].from), period(cases[i].period));
		char buf[16];

		md_date_format(got, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("%s + %s: got %s, want %s", cases[i].from, cases[i].period, buf,
			         cases[i].want);
	}
}

struct days_case {
	const char *from;
	long n;
	const char *want;
};

static void test_add_days_table(void **state)
{
	static const struct days_case cases[] = {
	    {"2025-01-01", -1, "2024-12-31"},   {"2024-03-01", -1, "2024-02-29"},
	    {"1970-01-01", -1, "1969-12-31"},   {"2000-03-01", -1, "2000-02-29"},
	    {"2100-03-01", -1, "2100-02-28"},   {"2024-02-29", 365, "2025-02-28"},
	    {"2015-09-25", 5478, "2030-09-24"}, {"2024-12-31", 0, "2024-12-31"},
	    {"2024-07-01", -182, "2024-01-01"},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_date got = md_date_add_days(iso(cases[i].from), cases[i].n);
		char buf[16];

		md_date_format(got, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("%s + %ld days: got %s, want %s", cases[i].from, cases[i].n, buf,
			         cases[i].want);
	}
}

/* ---- Days since the epoch, weekdays, months ---------------------------- */

struct epoch_case {
	const char *date;
	long days;
	int weekday; /* 0 = Monday */
};

static void test_epoch_table(void **state)
{
	static const struct epoch_case cases[] = {
	    {"1900-01-01", -25567, 0}, {"1948-12-10", -7692, 4}, {"1970-01-01", 0, 3},
	    {"1999-12-31", 10956, 4},  {"2000-01-01", 10957, 5}, {"2000-02-29", 11016, 1},
	    {"2015-09-25", 16703, 4},  {"2023-12-19", 19710, 1}, {"2024-02-29", 19782, 3},
	    {"2024-12-31", 20088, 1},  {"2025-09-09", 20340, 1}, {"2026-01-01", 20454, 3},
	    {"2030-12-31", 22279, 1},  {"2199-12-31", 84005, 1}, {"2200-01-01", 84006, 2},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_date d = iso(cases[i].date);
		long days = md_date_to_days(d);
		int wd = md_date_weekday(d);

		if (days != cases[i].days || wd != cases[i].weekday)
			fail_msg("%s: got day %ld weekday %d, want %ld %d", cases[i].date, days, wd,
			         cases[i].days, cases[i].weekday);
	}
}

/* Every day from 1900 to 2200 survives the trip to a day count and back. */
static void test_days_round_trip(void **state)
{
	struct md_date d = {1900, 1, 1};
	long n = md_date_to_days(d);

	(void)state;
	while (d.y <= 2200) {
		struct md_date back = md_date_from_days(n);
		int wd = md_date_weekday(d);

		if (md_date_to_days(d) != n || md_date_cmp(back, d) != 0)
			fail_msg("%d-%02d-%02d: day %ld, back %d-%02d-%02d", d.y, d.m, d.d, n,
			         back.y, back.m, back.d);
		if (wd != (int)((n % 7 + 7 + 3) % 7))
			fail_msg("%d-%02d-%02d: weekday %d", d.y, d.m, d.d, wd);
		if (++d.d > md_date_days_in_month(d.y, d.m)) {
			d.d = 1;
			if (++d.m > 12) {
				d.m = 1;
				d.y++;
			}
		}
		n++;
	}
}

struct month_case {
	int y, m, days;
};

static void test_days_in_month_table(void **state)
{
	static const struct month_case cases[] = {
	    {2024, 1, 31},  {2024, 2, 29},  {2023, 2, 28}, {2000, 2, 29}, {1900, 2, 28},
	    {2100, 2, 28},  {2400, 2, 29},  {2024, 4, 30}, {2024, 6, 30}, {2024, 9, 30},
	    {2024, 11, 30}, {2024, 12, 31}, {2024, 0, 0},  {2024, 13, 0},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		int got = md_date_days_in_month(cases[i].y, cases[i].m);

		if (got != cases[i].days)
			fail_msg("%d-%02d: %d days, want %d", cases[i].y, cases[i].m, got,
			         cases[i].days);
	}
}

static void test_cmp_and_none(void **state)
{
	(void)state;
	assert_true(md_date_cmp(iso("2024-12-31"), iso("2025-01-01")) < 0);
	assert_true(md_date_cmp(iso("2025-01-01"), iso("2024-12-31")) > 0);
	assert_true(md_date_cmp(iso("2024-02-28"), iso("2024-02-29")) < 0);
	assert_true(md_date_cmp(iso("2024-03-01"), iso("2024-02-29")) > 0);
	assert_int_equal(md_date_cmp(iso("2024-02-29"), iso("2024-02-29")), 0);
	assert_true(md_date_is_none(MD_DATE_NONE));
	assert_false(md_date_is_none(iso("2024-02-29")));
	assert_false(md_date_valid(MD_DATE_NONE));
	assert_false(md_date_valid((struct md_date){2023, 2, 29}));
	assert_true(md_date_valid((struct md_date){9999, 12, 31}));
	assert_false(md_date_valid((struct md_date){10000, 1, 1}));
}

/* ---- ISO 8601 text ---------------------------------------------------- */

struct iso_case {
	const char *in;
	const char *want; /* NULL: refused */
};

static void test_parse_iso_table(void **state)
{
	static const struct iso_case cases[] = {
	    {"2024-12-31", "2024-12-31"}, {"2024-02-29", "2024-02-29"},
	    {"2000-02-29", "2000-02-29"}, {"1900-01-01", "1900-01-01"},
	    {"0001-01-01", "0001-01-01"}, {"9999-12-31", "9999-12-31"},
	    {"2024-02-30", NULL},         {"2023-02-29", NULL},
	    {"1900-02-29", NULL},         {"2024-04-31", NULL},
	    {"2024-00-10", NULL},         {"2024-13-01", NULL},
	    {"2024-01-00", NULL},         {"0000-01-01", NULL},
	    {"2024-2-3", NULL},           {"2024-02-3", NULL},
	    {"20240203", NULL},           {"2024/02/03", NULL},
	    {"2024-02-03T00:00", NULL},   {"2024-02-03 ", NULL},
	    {" 2024-02-03", NULL},        {"2024-+2-03", NULL},
	    {"2024-02- 3", NULL},         {"-024-02-03", NULL},
	    {"31 December 2024", NULL},   {"", NULL},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_date d = {7, 7, 7};
		int rc = md_date_parse_iso(cases[i].in, &d);
		char buf[16];

		md_date_format(d, buf, sizeof(buf));
		if (cases[i].want && (rc != 0 || strcmp(buf, cases[i].want) != 0))
			fail_msg("\"%s\": rc %d, got %s", cases[i].in, rc, buf);
		if (!cases[i].want && (rc != -1 || d.y != 7 || d.m != 7 || d.d != 7))
			fail_msg("\"%s\": accepted as %s", cases[i].in, buf);
	}
	assert_int_equal(md_date_parse_iso(NULL, &(struct md_date){0, 0, 0}), -1);
}

static void test_format(void **state)
{
	char buf[16];
	char small[4] = "xyz";

	(void)state;
	md_date_format(MD_DATE_NONE, buf, sizeof(buf));
	assert_string_equal(buf, "");
	md_date_format(iso("0001-01-01"), buf, sizeof(buf));
	assert_string_equal(buf, "0001-01-01");
	md_date_format(iso("2024-12-31"), small, sizeof(small));
	assert_string_equal(small, "202");
	md_date_format(iso("2024-12-31"), small, 0);
	assert_string_equal(small, "202");
}

struct period_case {
	const char *in;
	const char *want; /* formatted back; NULL: refused */
};

static void test_period_table(void **state)
{
	static const struct period_case cases[] = {
	    {"P1Y", "P1Y"},
	    {"P2Y", "P2Y"},
	    {"P4M", "P4M"},
	    {"P6M", "P6M"},
	    {"P120D", "P120D"},
	    {"P90D", "P90D"},
	    {"P2W", "P2W"},
	    {"P1Y6M", "P1Y6M"},
	    {"P1Y2M3W4D", "P1Y2M3W4D"},
	    {"P999999D", "P999999D"},
	    {"P0D", ""},
	    {"P", NULL},
	    {"", NULL},
	    {"1Y", NULL},
	    {"p1y", NULL},
	    {"P1", NULL},
	    {"PY", NULL},
	    {"P1H", NULL},
	    {"PT1H", NULL},
	    {"P-1D", NULL},
	    {"P1Y ", NULL},
	    {" P1Y", NULL},
	    {"P1.5Y", NULL},
	    {"P1234567D", NULL},
	};

	(void)state;
	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_period p = {7, 7, 7, 7};
		int rc = md_period_parse(cases[i].in, &p);
		char buf[32];

		md_period_format(p, buf, sizeof(buf));
		if (cases[i].want && (rc != 0 || strcmp(buf, cases[i].want) != 0))
			fail_msg("\"%s\": rc %d, got \"%s\"", cases[i].in, rc, buf);
		if (!cases[i].want && (rc != -1 || p.years != 7 || p.days != 7))
			fail_msg("\"%s\": accepted as \"%s\"", cases[i].in, buf);
	}
}

static void test_period_format(void **state)
{
	char buf[32];
	char small[3];

	(void)state;
	md_period_format((struct md_period){0, 0, 0, 0}, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_true(md_period_is_none((struct md_period){0, 0, 0, 0}));
	assert_false(md_period_is_none((struct md_period){0, 0, 2, 0}));
	md_period_format((struct md_period){0, 0, 2, 0}, buf, sizeof(buf));
	assert_string_equal(buf, "P2W");
	md_period_format((struct md_period){10, 11, 12, 13}, buf, sizeof(buf));
	assert_string_equal(buf, "P10Y11M12W13D");
	md_period_format((struct md_period){1, 0, 0, 120}, small, sizeof(small));
	assert_string_equal(small, "P1");
	md_period_format((struct md_period){100, 100, 0, 0}, buf, 6);
	assert_string_equal(buf, "P100Y");
}

/* md_period_parse_window: what --within and ?within= take. */
static void test_period_window(void **state)
{
	static const struct {
		const char *in;
		int ok, years, months, weeks, days;
	} cases[] = {
	    {"90d", 0, 0, 0, 0, 90},       {"90", 0, 0, 0, 0, 90},     {"6w", 0, 0, 0, 6, 0},
	    {"3m", 0, 0, 3, 0, 0},         {"1y", 0, 1, 0, 0, 0},      {"0d", 0, 0, 0, 0, 0},
	    {"36500d", 0, 0, 0, 0, 36500}, {"36501d", -1, 0, 0, 0, 0}, {"-5d", -1, 0, 0, 0, 0},
	    {"+5d", -1, 0, 0, 0, 0},       {" 5d", -1, 0, 0, 0, 0},    {"5x", -1, 0, 0, 0, 0},
	    {"5dd", -1, 0, 0, 0, 0},       {"", -1, 0, 0, 0, 0},       {"d", -1, 0, 0, 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct md_period p = {9, 9, 9, 9};
		int rc = md_period_parse_window(cases[i].in, &p);

		if (rc != cases[i].ok || p.years != cases[i].years || p.months != cases[i].months ||
		    p.weeks != cases[i].weeks || p.days != cases[i].days)
			fail_msg("'%s': rc %d, %dy %dm %dw %dd", cases[i].in, rc, p.years, p.months,
			         p.weeks, p.days);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_period_table),    cmocka_unit_test(test_add_days_table),
	    cmocka_unit_test(test_epoch_table),         cmocka_unit_test(test_days_round_trip),
	    cmocka_unit_test(test_days_in_month_table), cmocka_unit_test(test_cmp_and_none),
	    cmocka_unit_test(test_parse_iso_table),     cmocka_unit_test(test_format),
	    cmocka_unit_test(test_period_table),        cmocka_unit_test(test_period_window),
	    cmocka_unit_test(test_period_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
