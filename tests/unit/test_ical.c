/*
 * test_ical.c - the iCalendar text md_ical_render writes through libical.
 *
 * What calendar clients trip on: text not escaped (a comma splitting a
 * summary, a paragraph holding CR LF and "END:VCALENDAR" closing the
 * calendar early), lines over 75 octets or folded inside a UTF-8
 * character, libical's fold of a line end, UIDs that move, all-day events
 * whose DTEND is inclusive, alarms that cannot be switched off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/ical.h"

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

static const char now[] = "2023-05-01T12:00:00Z";

/* An event of paragraph 13 of 51/34 with the given description. */
static struct md_ical_event event(const char *summary, const char *description)
{
	struct md_ical_event e;

	memset(&e, 0, sizeof(e));
	e.uid = (char *)(uintptr_t) "A-HRC-RES-51-34.op13.report.0.0@mandate";
	e.summary = (char *)(uintptr_t)summary;
	e.description = (char *)(uintptr_t)description;
	e.url = (char *)(uintptr_t) "https://undocs.org/A/HRC/RES/51/34";
	e.start = (struct md_date){2023, 6, 19};
	e.end = (struct md_date){2023, 7, 14};
	e.sequence = 3;
	snprintf(e.last_modified, sizeof(e.last_modified), "2023-04-02T08:30:00Z");
	return e;
}

static char *render(const struct md_ical_event *ev, size_t n, const struct md_ical_opts *o)
{
	struct md_ical_opts def = {.name = "UN mandates", .description = "HRC", .now = now};
	struct md_error err;
	char *out = NULL;

	if (md_ical_render(ev, n, o ? o : &def, &out, &err) != MD_OK)
		fail_msg("render: %s", err.msg);
	return out;
}

/* Number of lines of text that are exactly line (CRLF ends). */
static int count_lines(const char *text, const char *line)
{
	size_t n = strlen(line);
	int k = 0;

	for (const char *p = text; (p = strstr(p, line)); p += n)
		if ((p == text || p[-1] == '\n') && p[n] == '\r' && p[n + 1] == '\n')
			k++;
	return k;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = s[i] < 0x80             ? 1
		             : (s[i] & 0xe0) == 0xc0 ? 2
		             : (s[i] & 0xf0) == 0xe0 ? 3
		             : (s[i] & 0xf8) == 0xf0 ? 4
		                                     : 0;
		if (len == 0 || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/*
 * Every line ends in CR LF (no bare CR or LF), holds at most 75 octets,
 * is valid UTF-8 on its own (no character split by a fold), and no
 * continuation line is empty.
 */
static void assert_well_formed(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *eol = strstr(p, "\r\n");
		size_t n;

		assert_non_null(eol);
		n = (size_t)(eol - p);
		if (n > 75)
			fail_msg("line of %zu octets: %.*s", n, (int)n, p);
		assert_null(memchr(p, '\r', n));
		assert_null(memchr(p, '\n', n));
		if (!utf8_valid((const unsigned char *)p, n))
			fail_msg("a fold splits a character: %.*s", (int)n, p);
		if (n == 1 && p[0] == ' ')
			fail_msg("an empty continuation line");
		p = eol + 2;
	}
}

/* The text with folds undone (CR LF and one space or tab removed). */
static char *unfold(const char *text)
{
	char *out = malloc(strlen(text) + 1), *o = out;

	assert_non_null(out);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* ---- escaping ---------------------------------------------------------- */

static void test_escaping(void **state)
{
	struct md_ical_event e = event("HRC 53: report, a; b \\ c", "first\nsecond");
	char *t = render(&e, 1, NULL), *u = unfold(t);

	assert_non_null(strstr(u, "\r\nSUMMARY:HRC 53: report\\, a\\; b \\\\ c\r\n"));
	assert_non_null(strstr(u, "\r\nDESCRIPTION:first\\nsecond\r\n"));
	free(u);
	free(t);
}

/* A paragraph that tries to end the event and the calendar stays in its property. */
static void test_injection(void **state)
{
	static const char *const texts[] = {
	    "13. Requests\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR",
	    "a\rEND:VCALENDAR\rb",
	    "a\nEND:VEVENT\n\nBEGIN:VEVENT\nUID:evil",
	    "bell\a, escape\x1b[31m, del\x7f, tab\tkept",
	};

	for (size_t i = 0; i < N_CASES(texts); i++) {
		struct md_ical_event e = event("Summary\r\nEND:VCALENDAR", texts[i]);
		char *t;

		e.url = (char *)(uintptr_t)texts[i]; /* a URI is not escaped as TEXT is */
		t = render(&e, 1, NULL);

		assert_well_formed(t);
		assert_int_equal(count_lines(t, "END:VCALENDAR"), 1);
		assert_int_equal(count_lines(t, "BEGIN:VCALENDAR"), 1);
		assert_int_equal(count_lines(t, "END:VEVENT"), 1);
		assert_int_equal(count_lines(t, "BEGIN:VEVENT"), 1);
		assert_int_equal(count_lines(t, "UID:evil"), 0);
		assert_null(strchr(t, '\a'));
		assert_null(strchr(t, '\x1b'));
		free(t);
	}
}

/* ---- folding ----------------------------------------------------------- */

/*
 * Values of every length from 1 to 400 octets, ASCII without spaces (where
 * libical cannot break at a space and lands on the line end) and 2-, 3- and
 * 4-octet characters: no line over 75 octets, no split character, and the
 * text unfolds to what was given.
 */
static void test_folding(void **state)
{
	static const char *const units[] = {"x", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e",
	                                    "a b;c:"};
	char value[1700], want[1800];

	for (size_t u = 0; u < N_CASES(units); u++)
		for (size_t len = 1; len <= 400; len++) {
			struct md_ical_event e;
			char *t, *un;

			value[0] = '\0';
			while (strlen(value) + strlen(units[u]) <= len)
				strcat(value, units[u]);
			if (!value[0])
				continue;
			e = event(value, value);
			t = render(&e, 1, NULL);
			assert_well_formed(t);
			un = unfold(t);
			snprintf(want, sizeof(want), "\r\nSUMMARY:%s\r\n", value);
			if (strchr(value, ';') == NULL && !strstr(un, want))
				fail_msg("%zu octets of %s do not unfold back", len, units[u]);
			free(un);
			free(t);
		}
}

/* ---- identity ---------------------------------------------------------- */

static void test_uid(void **state)
{
	static const struct {
		const char *symbol, *kind, *part;
		int paragraph, ordinal, index;
		bool added;
		const char *want;
	} cases[] = {
	    {"A/HRC/RES/51/34", "report", NULL, 13, 0, 0, false,
	     "A-HRC-RES-51-34.op13.report.0.0@mandate"},
	    {"A/HRC/RES/51/34", "report", "submission", 13, 0, 0, false,
	     "A-HRC-RES-51-34.op13.report.0.0.submission@mandate"},
	    {"A/RES/80/209", "report", NULL, 29, 1, 7, false,
	     "A-RES-80-209.op29.report.1.7@mandate"},
	    {"S/RES/553 (1984)", "mandate", NULL, 1, 0, 0, false,
	     "S-RES-553--1984-.op1.mandate.0.0@mandate"},
	    {"A/HRC/RES/51/34", "other", NULL, 14, 0, 0, true,
	     "A-HRC-RES-51-34.op14.other.0.added.0@mandate"},
	};
	char buf[128], again[128];

	for (size_t i = 0; i < N_CASES(cases); i++) {
		assert_true(md_ical_uid(cases[i].symbol, cases[i].paragraph, cases[i].kind,
		                        cases[i].ordinal, cases[i].added, cases[i].index,
		                        cases[i].part, buf, sizeof(buf)));
		assert_string_equal(buf, cases[i].want);
		md_ical_uid(cases[i].symbol, cases[i].paragraph, cases[i].kind, cases[i].ordinal,
		            cases[i].added, cases[i].index, cases[i].part, again, sizeof(again));
		assert_string_equal(buf, again);
	}
	assert_false(md_ical_uid("A/HRC/RES/51/34", 13, "report", 0, false, 0, NULL, buf, 20));
}

/* The same events give the same bytes; the event carries UID, SEQUENCE, LAST-MODIFIED. */
static void test_deterministic(void **state)
{
	struct md_ical_event e = event("HRC 53: report", "text");
	char *a = render(&e, 1, NULL), *b = render(&e, 1, NULL);

	assert_string_equal(a, b);
	assert_int_equal(count_lines(a, "UID:A-HRC-RES-51-34.op13.report.0.0@mandate"), 1);
	assert_int_equal(count_lines(a, "DTSTAMP:20230501T120000Z"), 1);
	assert_int_equal(count_lines(a, "SEQUENCE:3"), 1);
	assert_int_equal(count_lines(a, "LAST-MODIFIED:20230402T083000Z"), 1);
	free(a);
	free(b);
}

/* ---- dates ------------------------------------------------------------- */

static void test_all_day(void **state)
{
	static const struct {
		struct md_date start, end;
		const char *dtstart, *dtend;
	} cases[] = {
	    /* at HRC 53: the session, DTEND the day after it closes */
	    {{2023, 6, 19},
	     {2023, 7, 14},
	     "DTSTART;VALUE=DATE:20230619",
	     "DTEND;VALUE=DATE:20230715"},
	    /* by 31 December 2024: one day, across a year end */
	    {{2024, 12, 31},
	     {2024, 12, 31},
	     "DTSTART;VALUE=DATE:20241231",
	     "DTEND;VALUE=DATE:20250101"},
	    /* before GA 80 opens: a leap day */
	    {{2024, 2, 29},
	     {2024, 2, 29},
	     "DTSTART;VALUE=DATE:20240229",
	     "DTEND;VALUE=DATE:20240301"},
	};

	for (size_t i = 0; i < N_CASES(cases); i++) {
		struct md_ical_event e = event("x", NULL);
		char *t;

		e.start = cases[i].start;
		e.end = cases[i].end;
		t = render(&e, 1, NULL);
		assert_int_equal(count_lines(t, cases[i].dtstart), 1);
		assert_int_equal(count_lines(t, cases[i].dtend), 1);
		free(t);
	}
}

/* ---- status and alarms ------------------------------------------------- */

static void test_status(void **state)
{
	struct md_ical_event e[3] = {event("a", NULL), event("b", NULL), event("c", NULL)};
	char *t;

	e[0].status = MD_ICAL_TENTATIVE;
	e[1].status = MD_ICAL_CANCELLED;
	e[2].done = true;
	t = render(e, 3, NULL);
	assert_int_equal(count_lines(t, "STATUS:TENTATIVE"), 1);
	assert_int_equal(count_lines(t, "STATUS:CANCELLED"), 1);
	assert_int_equal(count_lines(t, "STATUS:CONFIRMED"), 1);
	assert_int_equal(count_lines(t, "X-MANDATE-STATUS:DONE"), 1);
	/* alarms only on the open, tentative one */
	assert_int_equal(count_lines(t, "BEGIN:VALARM"), 2);
	free(t);
}

static void test_alarms(void **state)
{
	struct md_ical_event e = event("HRC 53: report", NULL);
	struct md_ical_opts o = {.now = now};
	char *t = render(&e, 1, &o);

	assert_int_equal(count_lines(t, "BEGIN:VALARM"), 2);
	assert_int_equal(count_lines(t, "ACTION:DISPLAY"), 2);
	assert_int_equal(count_lines(t, "TRIGGER:-P14D"), 1);
	assert_int_equal(count_lines(t, "TRIGGER:-P1D"), 1);
	assert_int_equal(count_lines(t, "DESCRIPTION:Tomorrow: HRC 53: report"), 1);
	free(t);

	o.no_alarms = true;
	t = render(&e, 1, &o);
	assert_null(strstr(t, "VALARM"));
	free(t);

	o.no_alarms = false;
	o.n_alarms = 1;
	o.alarm_days[0] = 7;
	t = render(&e, 1, &o);
	assert_int_equal(count_lines(t, "BEGIN:VALARM"), 1);
	assert_int_equal(count_lines(t, "TRIGGER:-P7D"), 1);
	free(t);
}

/* ---- the calendar ------------------------------------------------------ */

static void test_header(void **state)
{
	struct md_ical_opts o = {.name = "UN mandates, HRC",
	                         .description = "open; organ HRC\nline",
	                         .now = now,
	                         .refresh_minutes = 90};
	char *t = render(NULL, 0, &o);
	static const char *const lines[] = {
	    "BEGIN:VCALENDAR",
	    "VERSION:2.0",
	    "METHOD:PUBLISH",
	    "NAME:UN mandates\\, HRC",
	    "DESCRIPTION:open\\; organ HRC\\nline",
	    "REFRESH-INTERVAL;VALUE=DURATION:PT1H30M",
	    "X-PUBLISHED-TTL:PT1H30M",
	    "END:VCALENDAR",
	};

	for (size_t i = 0; i < N_CASES(lines); i++)
		if (count_lines(t, lines[i]) != 1)
			fail_msg("no line %s in\n%s", lines[i], t);
	assert_non_null(strstr(t, "\r\nPRODID:-//OHCHR//mandate "));
	assert_non_null(strstr(t, "\r\nX-WR-CALNAME:UN mandates"));
	/* an X- property is escaped too: the newline cannot end it */
	assert_non_null(strstr(t, "\r\nX-WR-CALDESC:open; organ HRC\\nline\r\n"));
	free(t);
}

static void test_errors(void **state)
{
	struct md_ical_event e = event("x", NULL);
	struct md_ical_opts o = {.now = "yesterday"};
	struct md_error err;
	char *out = (char *)1;

	assert_int_equal(md_ical_render(&e, 1, &o, &out, &err), MD_EINVAL);
	assert_null(out);
	o.now = now;
	e.end = (struct md_date){2023, 6, 1};
	assert_int_equal(md_ical_render(&e, 1, &o, &out, &err), MD_EINVAL);
	e = event("", NULL);
	assert_int_equal(md_ical_render(&e, 1, &o, &out, &err), MD_EINVAL);
	e = event("x", NULL);
	o.n_alarms = MD_ICAL_MAX_ALARMS + 1;
	assert_int_equal(md_ical_render(&e, 1, &o, &out, &err), MD_EINVAL);
	md_ical_events_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escaping),      cmocka_unit_test(test_injection),
	    cmocka_unit_test(test_folding),       cmocka_unit_test(test_uid),
	    cmocka_unit_test(test_deterministic), cmocka_unit_test(test_all_day),
	    cmocka_unit_test(test_status),        cmocka_unit_test(test_alarms),
	    cmocka_unit_test(test_header),        cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
