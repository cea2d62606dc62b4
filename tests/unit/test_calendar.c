/*
 * test_calendar.c - the sessions calendar: data/sessions.tsv, projections,
 * and the resolution of dues to days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/calendar.h"

static struct md_calendar *cal; /* data/sessions.tsv, loaded once */

static struct md_date D(const char *iso) {
	struct md_date d = MD_DATE_NONE;

	if (iso && iso[0] && md_date_parse_iso(iso, &d) != 0)
		fail_msg("bad date in the test: %s", iso);
	return d;
}

static void
assert_date(struct md_date got, const char *want, const char *what)
{
	char buf[16];

	md_date_format(got, buf, sizeof(buf));
	if (strcmp(buf, want ? want : "") != 0)
		fail_msg("%s: got '%s', want '%s'", what, buf, want ? want : "");
}

static int load_data(void **state)
{
	const char *src = getenv("MANDATE_SRCDIR");
	char path[4096];
	struct md_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/sessions.tsv", src ? src : "../..");
	cal = md_calendar_new();
	if (!cal || md_calendar_load_tsv(cal, path, &err) != MD_OK) {
		fprintf(stderr, "cannot load %s: %s\n", path, cal ? err.msg : "out of memory");
		return -1;
	}
	return 0;
}

static int free_data(void **state)
{
	(void)state;
	md_calendar_free(cal);
	return 0;
}

/* ---- the data file ------------------------------------------------------ */

static void test_data_file(void **state)
{
	size_t hrc = 0, ga = 0;

	(void)state;
	for (size_t i = 0; i < md_calendar_count(cal); i++) {
		const struct md_session *s = md_calendar_at(cal, i);

		hrc += strcmp(s->body, "HRC") == 0;
		ga += strcmp(s->body, "GA") == 0;
		assert_true(md_date_cmp(s->start, s->end) <= 0);
		assert_true(s->status == MD_SES_SOURCED || s->status == MD_SES_ANNOUNCED ||
		            s->status == MD_SES_INFERRED);
		if (i > 0) {
			const struct md_session *p = md_calendar_at(cal, i - 1);
			int c = strcmp(p->body, s->body);

			assert_true(c < 0 || (c == 0 && p->number < s->number));
		}
	}
	assert_int_equal(hrc, 61); /* 1..61 */
	assert_int_equal(ga, 22);  /* 60..81 */
	assert_int_equal(md_calendar_count(cal), 83);
	assert_null(md_calendar_at(cal, 83));
	assert_string_equal(md_calendar_at(cal, 0)->body, "GA");
	assert_int_equal(md_calendar_at(cal, 0)->number, 60);
}

/* Every GA session closes the day before the next opens. */
static void test_data_ga_contiguous(void **state)
{
	struct md_session a, b;

	(void)state;
	for (int n = 60; n < 81; n++) {
		assert_true(md_calendar_lookup(cal, "GA", n, &a));
		assert_true(md_calendar_lookup(cal, "GA", n + 1, &b));
		assert_int_equal(md_date_to_days(a.end) + 1, md_date_to_days(b.start));
	}
}

static void test_status_names(void **state)
{
	static const char *const names[] = {"sourced", "announced", "inferred", "projected", "set"};
	struct md_session s = {.status = MD_SES_SOURCED};

	(void)state;
	for (int i = 0; i < MD_SES_MAX; i++) {
		assert_string_equal(md_session_status_name((enum md_session_status)i), names[i]);
		assert_int_equal(md_session_status_parse(names[i]), i);
	}
	assert_int_equal(md_session_status_parse("Sourced"), -1);
	assert_int_equal(md_session_status_parse("sourced (announced)"), -1);
	assert_int_equal(md_session_status_parse(NULL), -1);
	assert_false(md_session_estimated(&s));
	s.status = MD_SES_ANNOUNCED;
	assert_false(md_session_estimated(&s));
	s.status = MD_SES_SET;
	assert_false(md_session_estimated(&s));
	s.status = MD_SES_INFERRED;
	assert_true(md_session_estimated(&s));
	s.status = MD_SES_PROJECTED;
	assert_true(md_session_estimated(&s));
}

/* ---- lookup and projection ------------------------------------------- */

struct lookup_case {
	const char *body;
	int number;
	bool found;
	const char *start, *end;
	enum md_session_status status;
};

static void check_lookup(const struct md_calendar *c, const struct lookup_case *k)
{
	struct md_session s;
	char what[64];

	snprintf(what, sizeof(what), "%s %d", k->body, k->number);
	if (md_calendar_lookup(c, k->body, k->number, &s) != k->found)
		fail_msg("%s: found is %d", what, !k->found);
	if (!k->found)
		return;
	assert_string_equal(s.body, k->body);
	assert_int_equal(s.number, k->number);
	assert_date(s.start, k->start, what);
	assert_date(s.end, k->end, what);
	if (s.status != k->status)
		fail_msg("%s: status %s", what, md_session_status_name(s.status));
}

static void test_lookup_table(void **state)
{
	static const struct lookup_case cases[] = {
	    {"HRC", 1, true, "2006-06-19", "2006-06-30", MD_SES_SOURCED},
	    {"HRC", 2, true, "2006-09-18", "2006-11-29", MD_SES_SOURCED}, /* split */
	    {"HRC", 26, true, "2014-06-10", "2014-06-27", MD_SES_INFERRED},
	    {"HRC", 40, true, "2019-02-25", "2019-03-22", MD_SES_INFERRED}, /* end */
	    {"HRC", 53, true, "2023-06-19", "2023-07-14", MD_SES_ANNOUNCED},
	    {"HRC", 54, true, "2023-09-11", "2023-10-13", MD_SES_SOURCED},
	    {"HRC", 61, true, "2026-02-23", "2026-03-31", MD_SES_ANNOUNCED},
	    /* projected: last Monday of Feb +39, Monday on/after 15 Jun +25,
	     * Monday on/after 8 Sep +32 */
	    {"HRC", 62, true, "2026-06-15", "2026-07-10", MD_SES_PROJECTED},
	    {"HRC", 63, true, "2026-09-14", "2026-10-16", MD_SES_PROJECTED},
	    {"HRC", 64, true, "2027-02-22", "2027-04-02", MD_SES_PROJECTED},
	    {"HRC", 67, true, "2028-02-28", "2028-04-07", MD_SES_PROJECTED},
	    {"HRC", 70, true, "2029-02-26", "2029-04-06", MD_SES_PROJECTED},
	    {"HRC", 100, true, "2039-02-28", "2039-04-08", MD_SES_PROJECTED},
	    {"GA", 60, true, "2005-09-13", "2006-09-11", MD_SES_INFERRED},
	    {"GA", 77, true, "2022-09-13", "2023-09-04", MD_SES_SOURCED},
	    {"GA", 79, true, "2024-09-10", "2025-09-08", MD_SES_SOURCED},
	    {"GA", 81, true, "2026-09-08", "2027-09-06", MD_SES_INFERRED},
	    {"GA", 82, true, "2027-09-07", "2028-09-04", MD_SES_PROJECTED},
	    {"GA", 85, true, "2030-09-10", "2031-09-08", MD_SES_PROJECTED},
	    {"GA", 59, true, "2004-09-14", "2005-09-12", MD_SES_PROJECTED},
	    {"GA", 57, false, NULL, NULL, 0}, /* before the rule of 2003 */
	    {"HRC", 0, false, NULL, NULL, 0},
	    {"HRC", -3, false, NULL, NULL, 0},
	    {"HRC", 100000, false, NULL, NULL, 0},
	    {"WG", 1, false, NULL, NULL, 0},
	    {"PrepCom", 3, false, NULL, NULL, 0},
	    {"hrc", 53, false, NULL, NULL, 0},
	    {"", 53, false, NULL, NULL, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_lookup(cal, &cases[i]);
}

/* Without data the patterns alone still find recent sessions. */
static void test_lookup_empty_calendar(void **state)
{
	static const struct lookup_case cases[] = {
	    {"HRC", 53, true, "2023-06-19", "2023-07-14", MD_SES_PROJECTED},
	    {"HRC", 54, true, "2023-09-11", "2023-10-13", MD_SES_PROJECTED},
	    {"HRC", 55, true, "2024-02-26", "2024-04-05", MD_SES_PROJECTED},
	    {"HRC", 4, true, "2007-02-26", "2007-04-06", MD_SES_PROJECTED},
	    {"HRC", 3, false, NULL, NULL, 0},
	    {"GA", 78, true, "2023-09-05", "2024-09-09", MD_SES_PROJECTED},
	    {"GA", 79, true, "2024-09-10", "2025-09-08", MD_SES_PROJECTED},
	    {"GA", 77, true, "2022-09-13", "2023-09-04", MD_SES_PROJECTED},
	    {"GA", 68, true, "2013-09-17", "2014-09-15", MD_SES_PROJECTED},
	};
	struct md_calendar *empty = md_calendar_new();

	(void)state;
	assert_non_null(empty);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_lookup(empty, &cases[i]);
	md_calendar_free(empty);
}

struct next_case {
	const char *body;
	const char *after;
	int want;
};

static void test_next_after_table(void **state)
{
	/* clang-format off */
	static const struct next_case cases[] = {
		{"HRC", "2023-06-18", 53},
		{"HRC", "2023-06-19", 54}, /* strictly after */
		{"HRC", "2023-04-04", 53},
		{"HRC", "2006-01-01", 1},
		{"HRC", "2026-03-01", 62}, /* projected */
		{"HRC", "2030-01-01", 73},
		{"HRC", "2040-01-01", 103},
		{"GA", "2024-09-09", 79},
		{"GA", "2024-09-10", 80},
		{"GA", "2026-12-31", 82},
		{"GA", "2030-01-01", 85},
		{"GA", "2000-01-01", 58}, /* projected below the data */
		{"WG", "2024-01-01", 0},
		{"HRC", "", 0},
	};
	/* clang-format on */

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = md_calendar_next_after(cal, cases[i].body, D(cases[i].after));

		if (got != cases[i].want)
			fail_msg("%s after %s: got %d, want %d", cases[i].body, cases[i].after, got,
			         cases[i].want);
	}
}

/* ---- put ---------------------------------------------------------------- */

static struct md_session S(const char *body, int n, const char *start, const char *end,
                           enum md_session_status st) {
	struct md_session s;

	memset(&s, 0, sizeof(s));
	snprintf(s.body, sizeof(s.body), "%s", body);
	s.number = n;
	s.start = D(start);
	s.end = D(end);
	s.status = st;
	return s;
}

static void
test_put(void **state)
{
	struct md_calendar *c = md_calendar_new();
	struct md_session s = S("HRC", 62, "2026-06-15", "2026-07-08", MD_SES_SET), got;
	struct md_error err;

	(void)state;
	assert_int_equal(md_calendar_put(c, &s, &err), MD_OK);
	assert_int_equal(md_calendar_count(c), 1);
	assert_true(md_calendar_lookup(c, "HRC", 62, &got));
	assert_int_equal(got.status, MD_SES_SET);
	assert_false(md_session_estimated(&got));

	/* Same body and number: the row is replaced. */
	s = S("HRC", 62, "2026-06-22", "2026-07-10", MD_SES_ANNOUNCED);
	assert_int_equal(md_calendar_put(c, &s, &err), MD_OK);
	assert_int_equal(md_calendar_count(c), 1);
	assert_true(md_calendar_lookup(c, "HRC", 62, &got));
	assert_date(got.start, "2026-06-22", "replaced start");
	assert_date(got.end, "2026-07-10", "replaced end");
	assert_int_equal(got.status, MD_SES_ANNOUNCED);

	/* Sorted by body then number whatever the order of puts. */
	s = S("GA", 81, "2026-09-08", "2027-09-06", MD_SES_SET);
	assert_int_equal(md_calendar_put(c, &s, &err), MD_OK);
	s = S("HRC", 9, "2008-09-08", "2008-09-26", MD_SES_SOURCED);
	assert_int_equal(md_calendar_put(c, &s, &err), MD_OK);
	assert_string_equal(md_calendar_at(c, 0)->body, "GA");
	assert_int_equal(md_calendar_at(c, 1)->number, 9);
	assert_int_equal(md_calendar_at(c, 2)->number, 62);

	/* Projections count from the nearest stored session. */
	assert_true(md_calendar_lookup(c, "HRC", 63, &got));
	assert_date(got.start, "2026-09-14", "63 after a set 62");
	md_calendar_free(c);
}

static void test_put_invalid(void **state)
{
	const struct md_session bad[] = {
	    S("", 1, "2024-01-01", "2024-01-02", MD_SES_SET),
	    S("HRC", 0, "2024-01-01", "2024-01-02", MD_SES_SET),
	    S("HRC", -1, "2024-01-01", "2024-01-02", MD_SES_SET),
	    S("HRC", 5, "2024-01-02", "2024-01-01", MD_SES_SET),
	    S("HRC", 5, "2024-01-01", "", MD_SES_SET),
	    S("H RC", 5, "2024-01-01", "2024-01-02", MD_SES_SET),
	    S("HRC", 5, "2024-01-01", "2024-01-02", MD_SES_MAX),
	};
	struct md_session toolong = S("HRC", 5, "2024-01-01", "2024-01-02", MD_SES_SET);
	struct md_calendar *c = md_calendar_new();
	struct md_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		md_error_clear(&err);
		if (md_calendar_put(c, &bad[i], &err) != MD_EINVAL)
			fail_msg("bad session %zu accepted", i);
		assert_true(err.msg[0] != '\0');
	}
	memset(toolong.body, 'X', sizeof(toolong.body)); /* no NUL */
	assert_int_equal(md_calendar_put(c, &toolong, &err), MD_EINVAL);
	assert_int_equal(md_calendar_put(NULL, &bad[0], &err), MD_EINVAL);
	assert_int_equal(md_calendar_count(c), 0);
	md_calendar_free(c);
}

/* ---- reading TSV ------------------------------------------------------- */

static void write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void test_load_good(void **state)
{
	char path[] = "/tmp/md-test-calendar-XXXXXX";
	struct md_calendar *c = md_calendar_new();
	struct md_session s;
	struct md_error err;

	(void)state;
	write_temp(path, "# staff corrections\r\n"
	                 "\n"
	                 "Body\tNumber\tStart\tEnd\tStatus\tNote\r\n"
	                 "HRC\t62\t2026-06-15\t2026-07-08\tannounced\tfrom the programme\r\n"
	                 "# a comment between rows\n"
	                 "WG\t3\t2025-11-03\t2025-11-07\r\n"
	                 "PrepCom\t1\t2026-01-12\t2026-01-16\t\textra\tcolumns\n");
	assert_int_equal(md_calendar_load_tsv(c, path, &err), MD_OK);
	assert_int_equal(md_calendar_count(c), 3);
	assert_true(md_calendar_lookup(c, "HRC", 62, &s));
	assert_int_equal(s.status, MD_SES_ANNOUNCED);
	assert_date(s.end, "2026-07-08", "HRC 62 end");
	assert_true(md_calendar_lookup(c, "WG", 3, &s));
	assert_int_equal(s.status, MD_SES_SET); /* default */
	assert_true(md_calendar_lookup(c, "PrepCom", 1, &s));
	assert_int_equal(s.status, MD_SES_SET);
	unlink(path);
	md_calendar_free(c);
}

struct tsv_case {
	const char *name;
	const char *text;
	const char *msg_has; /* after "path:" */
};

static void test_load_errors_table(void **state)
{
	static const char header[] = "body\tnumber\tstart\tend\tstatus\n";
	static const struct tsv_case cases[] = {
	    {"no header", "HRC\t53\t2023-06-19\t2023-07-14\n", ":1: expected the header"},
	    {"empty", "", ": no header line"},
	    {"only comments", "# nothing\n\n", ": no header line"},
	    {"few fields", "h\nHRC\t53\t2023-06-19\n", ":2: expected body, number"},
	    {"bad start", "h\n\nHRC\t53\t2023-6-19\t2023-07-14\n", ":3: bad start date"},
	    {"bad end", "h\nHRC\t53\t2023-06-19\t2023-02-30\n", ":2: bad end date"},
	    {"reversed", "h\nHRC\t53\t2023-07-14\t2023-06-19\n", ":2: the session ends before"},
	    {"status", "h\nHRC\t53\t2023-06-19\t2023-07-14\tSourced\n", ":2: unknown status"},
	    {"number 0", "h\nHRC\t0\t2023-06-19\t2023-07-14\n", ":2: the session number"},
	    {"number text", "h\nHRC\t53rd\t2023-06-19\t2023-07-14\n", ":2: the session number"},
	    {"long body", "h\nCommitteeOnTheRights\t1\t2023-06-19\t2023-07-14\n",
	     ":2: body longer"},
	    {"space in body", "h\nH RC\t1\t2023-06-19\t2023-07-14\n", ":2: the body must"},
	    {"duplicate",
	     "h\nHRC\t53\t2023-06-19\t2023-07-14\nGA\t79\t2024-09-10\t2025-09-08\n"
	     "HRC\t53\t2023-06-20\t2023-07-14\n",
	     ":4: HRC 53 is listed twice"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[] = "/tmp/md-test-calendar-XXXXXX", want[128], text[512];
		struct md_calendar *c = md_calendar_new();
		struct md_session pre = S("HRC", 1, "2006-06-19", "2006-06-30", MD_SES_SOURCED);
		struct md_error err;
		const char *body = cases[i].text;

		/* "h\n" stands for the header line */
		snprintf(text, sizeof(text), "%s%s", strncmp(body, "h\n", 2) ? "" : header,
		         strncmp(body, "h\n", 2) ? body : body + 2);
		write_temp(path, text);
		assert_int_equal(md_calendar_put(c, &pre, &err), MD_OK);
		md_error_clear(&err);
		if (md_calendar_load_tsv(c, path, &err) != MD_EINVAL)
			fail_msg("%s: accepted", cases[i].name);
		snprintf(want, sizeof(want), "%s%s", path, cases[i].msg_has);
		if (!strstr(err.msg, want))
			fail_msg("%s: message '%s' lacks '%s'", cases[i].name, err.msg, want);
		assert_int_equal(md_calendar_count(c), 1); /* all or nothing */
		unlink(path);
		md_calendar_free(c);
	}
}

static void test_load_missing(void **state)
{
	struct md_calendar *c = md_calendar_new();
	struct md_error err;

	(void)state;
	assert_int_equal(md_calendar_load_tsv(c, "/nonexistent/sessions.tsv", &err), MD_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/sessions.tsv"));
	assert_int_equal(md_calendar_load_tsv(c, "/", &err), MD_EIO);
	assert_int_equal(md_calendar_count(c), 0);
	md_calendar_free(c);
}

/* ---- resolving one due ------------------------------------------------ */

struct resolve_case {
	const char *name;
	enum md_relation rel;
	const char *body;
	int number;
	const char *date;
	enum md_kind kind;
	int weeks;
	size_t n;
	const char *start, *end, *deadline;
	bool estimated;
	const char *rule;
};

static void check_resolve(const struct resolve_case *k)
{
	struct md_resolve_opts opts = {.adopted = D("2023-04-04"), .submission_weeks = k->weeks};
	struct md_due due = {.relation = k->rel, .number = k->number, .date = D(k->date)};
	struct md_occurrence *o;
	struct md_error err;
	size_t n;

	snprintf(due.body, sizeof(due.body), "%s", k->body);
	if (md_calendar_resolve(cal, &due, NULL, k->kind, &opts, &o, &n, &err) != MD_OK)
		fail_msg("%s: %s", k->name, err.msg);
	if (n != k->n)
		fail_msg("%s: %zu occurrences, want %zu", k->name, n, k->n);
	if (n == 0) {
		assert_null(o);
		return;
	}
	assert_int_equal(o[0].index, 0);
	assert_date(o[0].start, k->start, k->name);
	assert_date(o[0].end, k->end, k->name);
	assert_date(o[0].deadline, k->deadline, k->name);
	if (o[0].estimated != k->estimated)
		fail_msg("%s: estimated is %d", k->name, o[0].estimated);
	if (strcmp(o[0].rule, k->rule) != 0)
		fail_msg("%s: rule '%s', want '%s'", k->name, o[0].rule, k->rule);
	assert_string_equal(o[0].body, k->body);
	free(o);
}

static void test_resolve_table(void **state)
{
	static const struct resolve_case cases[] = {
	    {"at HRC 53", MD_REL_AT, "HRC", 53, NULL, MD_KIND_REPORT, 0, 1, "2023-06-19",
	     "2023-07-14", NULL, false, "session dates (announced)"},
	    {"report at HRC 53, 10 weeks", MD_REL_AT, "HRC", 53, NULL, MD_KIND_REPORT, 10, 1,
	     "2023-06-19", "2023-07-14", "2023-04-10", false, "session dates (announced)"},
	    {"oral update at HRC 53", MD_REL_AT, "HRC", 53, NULL, MD_KIND_ORAL_UPDATE, 10, 1,
	     "2023-06-19", "2023-07-14", NULL, false, "session dates (announced)"},
	    {"before HRC 53", MD_REL_BEFORE, "HRC", 53, NULL, MD_KIND_REPORT, 10, 1, "2023-06-18",
	     "2023-06-18", NULL, false, "day before the session opens (announced)"},
	    {"by HRC 54", MD_REL_BY, "HRC", 54, NULL, MD_KIND_REPORT, 10, 1, "2023-09-11",
	     "2023-09-11", NULL, false, "opening day of the session (sourced)"},
	    {"until HRC 55", MD_REL_UNTIL, "HRC", 55, NULL, MD_KIND_MANDATE, 0, 1, "2024-02-26",
	     "2024-04-05", NULL, false, "session dates (sourced)"},
	    {"on HRC 55", MD_REL_ON, "HRC", 55, NULL, MD_KIND_MEETING, 0, 1, "2024-02-26",
	     "2024-04-05", NULL, false, "session dates (sourced)"},
	    {"at HRC 26", MD_REL_AT, "HRC", 26, NULL, MD_KIND_REPORT, 0, 1, "2014-06-10",
	     "2014-06-27", NULL, true, "session dates (inferred)"},
	    {"at HRC 70", MD_REL_AT, "HRC", 70, NULL, MD_KIND_REPORT, 8, 1, "2029-02-26",
	     "2029-04-06", "2029-01-01", true, "session dates (projected)"},
	    {"before HRC 70", MD_REL_BEFORE, "HRC", 70, NULL, MD_KIND_REPORT, 0, 1, "2029-02-25",
	     "2029-02-25", NULL, true, "day before the session opens (projected)"},
	    {"at GA 79", MD_REL_AT, "GA", 79, NULL, MD_KIND_REPORT, 0, 1, "2024-09-10",
	     "2025-09-08", NULL, false, "session dates (sourced)"},
	    {"at GA 85", MD_REL_AT, "GA", 85, NULL, MD_KIND_REPORT, 0, 1, "2030-09-10",
	     "2031-09-08", NULL, true, "session dates (projected)"},
	    {"at the Council", MD_REL_AT, "HRC", 0, NULL, MD_KIND_REPORT, 0, 1, "2023-06-19",
	     "2023-07-14", NULL, false, "first session after adoption, its dates (announced)"},
	    {"before the Assembly", MD_REL_BEFORE, "GA", 0, NULL, MD_KIND_REPORT, 0, 1,
	     "2023-09-04", "2023-09-04", NULL, false,
	     "day before the first session after adoption opens (sourced)"},
	    {"at WG 3", MD_REL_AT, "WG", 3, NULL, MD_KIND_MEETING, 0, 0, NULL, NULL, NULL, false,
	     NULL},
	    {"at a PrepCom", MD_REL_AT, "PrepCom", 0, NULL, MD_KIND_MEETING, 0, 0, NULL, NULL, NULL,
	     false, NULL},
	    {"by a date", MD_REL_BY, "", 0, "2024-12-31", MD_KIND_REPORT, 10, 1, "2024-12-31",
	     "2024-12-31", NULL, false, "date in the text"},
	    {"until a date", MD_REL_UNTIL, "", 0, "2025-06-30", MD_KIND_MANDATE, 0, 1, "2025-06-30",
	     "2025-06-30", NULL, false, "date in the text"},
	    {"on a date", MD_REL_ON, "", 0, "2024-03-08", MD_KIND_MEETING, 0, 1, "2024-03-08",
	     "2024-03-08", NULL, false, "date in the text"},
	    {"at a date", MD_REL_AT, "", 0, "2024-03-08", MD_KIND_MEETING, 0, 1, "2024-03-08",
	     "2024-03-08", NULL, false, "date in the text"},
	    {"before a date", MD_REL_BEFORE, "", 0, "2024-03-01", MD_KIND_REPORT, 0, 1,
	     "2024-02-29", "2024-02-29", NULL, false, "day before the date in the text"},
	    {"no date", MD_REL_BY, "", 0, NULL, MD_KIND_REPORT, 0, 0, NULL, NULL, NULL, false,
	     NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_resolve(&cases[i]);
}

/* ---- recurrences -------------------------------------------------------- */

struct recur_case {
	const char *name;
	enum md_relation rel;
	const char *body;
	int number;
	const char *date;
	const char *every;
	const char *adopted, *horizon;
	int max;
	size_t n;
	int numbers[8]; /* sessions, for session dues */
	const char *starts[8];
	int first_estimated; /* index of the first estimated occurrence, -1: none */
};

static void check_recurrence(const struct recur_case *k)
{
	struct md_resolve_opts opts = {
	    .adopted = D(k->adopted), .horizon = D(k->horizon), .max_occurrences = k->max};
	struct md_due due = {.relation = k->rel, .number = k->number, .date = D(k->date)};
	struct md_period every;
	struct md_occurrence *o;
	struct md_error err;
	size_t n;

	assert_int_equal(md_period_parse(k->every, &every), 0);
	snprintf(due.body, sizeof(due.body), "%s", k->body);
	if (md_calendar_resolve(cal, &due, &every, MD_KIND_REPORT, &opts, &o, &n, &err) != MD_OK)
		fail_msg("%s: %s", k->name, err.msg);
	if (n != k->n)
		fail_msg("%s: %zu occurrences, want %zu", k->name, n, k->n);
	for (size_t i = 0; i < n && i < 8; i++) {
		char what[96];

		snprintf(what, sizeof(what), "%s #%zu", k->name, i);
		assert_int_equal(o[i].index, (int)i);
		if (k->body[0] && o[i].number != k->numbers[i])
			fail_msg("%s: session %d, want %d", what, o[i].number, k->numbers[i]);
		if (k->starts[i])
			assert_date(o[i].start, k->starts[i], what);
		if (o[i].estimated != (k->first_estimated >= 0 && (int)i >= k->first_estimated))
			fail_msg("%s: estimated is %d", what, o[i].estimated);
		assert_non_null(o[i].rule);
		if (i > 0 && k->body[0])
			assert_non_null(strstr(o[i].rule, "recurring"));
	}
	free(o);
}

static void test_recurrence_table(void **state)
{
	/* clang-format off */
	static const struct recur_case cases[] = {
		/* name, relation, body, number, date, every, adopted, horizon, max,
		 * n, sessions, starts, first estimated */
		{"annual at HRC 53", MD_REL_AT, "HRC", 53, NULL, "P1Y", "2023-04-04", "2027-12-31", 0,
		 5, {53, 56, 59, 62, 65},
		 {"2023-06-19", "2024-06-18", "2025-06-16", "2026-06-15", "2027-06-21"}, 3},
		{"annual, first after adoption", MD_REL_AT, "HRC", 0, NULL, "P1Y", "2023-04-04",
		 "2025-12-31", 0,
		 3, {53, 56, 59}, {"2023-06-19", "2024-06-18", "2025-06-16"}, -1},
		/* the slack: 2022's June session opened 17 days earlier in the year */
		{"annual from a late June opening", MD_REL_AT, "HRC", 44, NULL, "P1Y", NULL,
		 "2022-12-31", 0,
		 3, {44, 47, 50}, {"2020-06-30", "2021-06-21", "2022-06-13"}, -1},
		{"biennial before HRC 53", MD_REL_BEFORE, "HRC", 53, NULL, "P2Y", NULL, "2028-01-01", 0,
		 3, {53, 59, 65}, {"2023-06-18", "2025-06-15", "2027-06-20"}, 2},
		{"monthly at a session", MD_REL_AT, "HRC", 53, NULL, "P1M", NULL, "2023-12-31", 0,
		 2, {53, 54}, {"2023-06-19", "2023-09-11"}, -1},
		{"capped", MD_REL_AT, "HRC", 53, NULL, "P1Y", NULL, "2040-12-31", 3,
		 3, {53, 56, 59}, {NULL}, -1},
		{"no horizon", MD_REL_AT, "HRC", 53, NULL, "P1Y", NULL, NULL, 0,
		 1, {53}, {"2023-06-19"}, -1},
		{"first after the horizon", MD_REL_AT, "HRC", 70, NULL, "P1Y", NULL, "2025-01-01", 0,
		 1, {70}, {"2029-02-26"}, 0},
		{"every Assembly", MD_REL_AT, "GA", 79, NULL, "P1Y", NULL, "2030-12-31", 0,
		 7, {79, 80, 81, 82, 83, 84, 85},
		 {"2024-09-10", NULL, "2026-09-08", NULL, NULL, NULL, "2030-09-10"}, 2},
		{"default cap of 50", MD_REL_AT, "HRC", 53, NULL, "P1Y", NULL, "2100-12-31", 0,
		 50, {53, 56, 59, 62, 65, 68, 71, 74}, {NULL}, 3},
		{"monthly by a date, month ends", MD_REL_BY, "", 0, "2024-01-31", "P1M", NULL,
		 "2024-05-31", 0,
		 5, {0}, {"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"}, -1},
		{"yearly before a date", MD_REL_BEFORE, "", 0, "2024-03-01", "P1Y", NULL, "2026-12-31", 0,
		 3, {0}, {"2024-02-29", "2025-02-28", "2026-02-28"}, -1},
		{"annual from adoption", MD_REL_BY, "", 0, NULL, "P1Y", "2023-10-12", "2026-12-31", 0,
		 3, {0}, {"2024-10-12", "2025-10-12", "2026-10-12"}, -1},
		{"from adoption, no adoption date", MD_REL_BY, "", 0, NULL, "P1Y", NULL, "2026-12-31", 0,
		 0, {0}, {NULL}, -1},
		{"every WG session", MD_REL_AT, "WG", 0, NULL, "P1Y", "2023-10-12", "2026-12-31", 0,
		 0, {0}, {NULL}, -1},
	};
	/* clang-format on */

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_recurrence(&cases[i]);
}

static void test_recurrence_rules(void **state)
{
	struct md_resolve_opts opts = {.horizon = D("2025-12-31"), .submission_weeks = 10};
	struct md_due due = {.relation = MD_REL_AT, .body = "HRC", .number = 53};
	struct md_period every = {.years = 1};
	struct md_occurrence *o;
	size_t n;

	(void)state;
	assert_int_equal(
	    md_calendar_resolve(cal, &due, &every, MD_KIND_REPORT, &opts, &o, &n, NULL), MD_OK);
	assert_int_equal(n, 3);
	assert_string_equal(o[0].rule, "session dates (announced)");
	assert_string_equal(o[1].rule, "recurring: session dates (sourced)");
	assert_string_equal(o[2].rule, "recurring: session dates (announced)");
	assert_date(o[1].deadline, "2024-04-09", "HRC 56 deadline");
	assert_date(o[1].end, "2024-07-12", "HRC 56 end");
	free(o);
}

static void test_resolve_invalid(void **state)
{
	struct md_due due = {.relation = MD_REL_AT, .body = "HRC", .number = 53};
	struct md_resolve_opts opts = {0};
	struct md_period bad = {.years = -1};
	struct md_occurrence *o = (struct md_occurrence *)&opts;
	struct md_error err;
	size_t n = 7;

	(void)state;
	assert_int_equal(md_calendar_resolve(cal, &due, &bad, MD_KIND_REPORT, &opts, &o, &n, &err),
	                 MD_EINVAL);
	assert_null(o);
	assert_int_equal(n, 0);
	due.relation = MD_REL_MAX;
	assert_int_equal(md_calendar_resolve(cal, &due, NULL, MD_KIND_REPORT, &opts, &o, &n, &err),
	                 MD_EINVAL);
	due.relation = MD_REL_AT;
	opts.submission_weeks = -2;
	assert_int_equal(md_calendar_resolve(cal, &due, NULL, MD_KIND_REPORT, &opts, &o, &n, &err),
	                 MD_EINVAL);
	opts.submission_weeks = 0;
	due.date = (struct md_date){2023, 2, 30};
	assert_int_equal(md_calendar_resolve(cal, &due, NULL, MD_KIND_REPORT, &opts, &o, &n, &err),
	                 MD_EINVAL);
	assert_int_equal(md_calendar_resolve(cal, NULL, NULL, MD_KIND_REPORT, &opts, &o, &n, &err),
	                 MD_EINVAL);

	/* No options: defaults, and a NULL calendar is an empty one. */
	due.date = MD_DATE_NONE;
	assert_int_equal(md_calendar_resolve(NULL, &due, NULL, MD_KIND_REPORT, NULL, &o, &n, &err),
	                 MD_OK);
	assert_int_equal(n, 1);
	assert_true(o[0].estimated);
	assert_date(o[0].start, "2023-06-19", "projected HRC 53");
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_data_file),
	    cmocka_unit_test(test_data_ga_contiguous),
	    cmocka_unit_test(test_status_names),
	    cmocka_unit_test(test_lookup_table),
	    cmocka_unit_test(test_lookup_empty_calendar),
	    cmocka_unit_test(test_next_after_table),
	    cmocka_unit_test(test_put),
	    cmocka_unit_test(test_put_invalid),
	    cmocka_unit_test(test_load_good),
	    cmocka_unit_test(test_load_errors_table),
	    cmocka_unit_test(test_load_missing),
	    cmocka_unit_test(test_resolve_table),
	    cmocka_unit_test(test_recurrence_table),
	    cmocka_unit_test(test_recurrence_rules),
	    cmocka_unit_test(test_resolve_invalid),
	};

	return cmocka_run_group_tests(tests, load_data, free_data);
}
