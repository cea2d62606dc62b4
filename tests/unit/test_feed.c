/*
 * test_feed.c - the calendar events of a store (md_store_feed), on a real
 * SQLite file with records built by hand: what the reader gives for
 * A/HRC/RES/51/34 paragraphs 11 to 13.
 *
 * Covers: one event per occurrence plus the report's submission deadline,
 * UIDs from the document and never from row ids, summaries as a person
 * writes them, the topic from the paragraph or the title, STATUS from
 * estimated sessions, dismissal with its grace period, done, filters, the
 * undocs.org address and the feed's description.
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

#include "mandate/feed.h"

struct fixture {
	char dir[64], db[96], tsv[96];
	struct md_store *st;
};

static const struct md_date today = {2023, 5, 1};

static const char para13[] =
    "13. Also requests the High Commissioner to present a report to the Human Rights Council "
    "at its fifty-third session, recommending the way forward; END:VCALENDAR";

static int setup(void **state)
{
	static const char tsv[] = "body\tnumber\tstart\tend\tstatus\n"
	                          "HRC\t53\t2023-06-19\t2023-07-14\tannounced\n";
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct md_store_opts o = {.who = "tester", .now = "2023-05-01T09:00:00Z", .today = today};
	struct md_error err;
	FILE *f;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_feed.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/mandate.db", fx->dir);
	snprintf(fx->tsv, sizeof(fx->tsv), "%s/sessions.tsv", fx->dir);
	assert_non_null(f = fopen(fx->tsv, "w"));
	fputs(tsv, f);
	fclose(f);
	o.sessions_tsv = fx->tsv;
	if (md_store_open(fx->db, &o, &fx->st, &err) != MD_OK)
		fail_msg("open: %s", err.msg);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[160];

	md_store_close(fx->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

struct ob_spec {
	int paragraph;
	enum md_kind kind;
	const char *actor;
	enum md_relation rel;
	int session;
};

static const struct ob_spec res_51_34[] = {
    {11, MD_KIND_MEETING, "Human Rights Council", MD_REL_BEFORE, 53},
    {12, MD_KIND_WEBCAST, "High Commissioner", MD_REL_BEFORE, 53},
    {13, MD_KIND_REPORT, "High Commissioner", MD_REL_AT, 53},
};

/* A record of 51/34 (or another symbol) whose paragraph 13 is text. */
static void ingest(struct md_store *st, const char *symbol, const char *text,
                   const struct ob_spec *obs, size_t n)
{
	struct md_record *r = calloc(1, sizeof(*r));
	struct md_ingest_result res = {0};
	struct md_error err;

	assert_non_null(r);
	r->symbol = strdup(symbol);
	r->body = strdup("HRC");
	r->session = 51;
	r->adopted = (struct md_date){2022, 10, 7};
	r->title = strdup("Enhancement of technical cooperation and capacity-building in the field "
	                  "of human rights");
	r->text = strdup(text);
	r->text_len = strlen(text);
	r->operative_paragraphs = 1;
	r->n_paragraphs = 1;
	r->paragraphs = calloc(1, sizeof(*r->paragraphs));
	r->paragraphs[0] = (struct md_paragraph){13, 0, r->text_len};
	r->n_obligations = n;
	r->obligations = calloc(n, sizeof(*r->obligations));
	for (size_t i = 0; i < n; i++) {
		struct md_obligation *o = &r->obligations[i];

		o->paragraph = obs[i].paragraph;
		o->kind = obs[i].kind;
		o->actor = strdup(obs[i].actor);
		o->due.relation = obs[i].rel;
		snprintf(o->due.body, sizeof(o->due.body), "HRC");
		o->due.number = obs[i].session;
		o->rule = "test";
		o->confidence = 1;
	}
	if (md_store_ingest(st, r, "test", &res, &err) != MD_OK)
		fail_msg("ingest: %s", err.msg);
	md_ingest_result_free(&res);
	md_record_free(r);
}

static size_t feed(struct md_store *st, const struct md_feed_query *fq, struct md_ical_event **ev)
{
	struct md_feed_query def = {.q = {.kind = -1, .status = MD_STATUS_ALL}, .today = today};
	struct md_error err;
	size_t n;

	if (md_store_feed(st, fq ? fq : &def, ev, &n, &err) != MD_OK)
		fail_msg("feed: %s", err.msg);
	return n;
}

static const struct md_ical_event *by_uid(const struct md_ical_event *ev, size_t n, const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ev[i].uid, uid))
			return &ev[i];
	fail_msg("no event %s", uid);
	return NULL;
}

static int64_t id_of(struct md_store *st, int paragraph, enum md_kind kind)
{
	struct md_query q = {.kind = (int)kind, .status = MD_STATUS_ALL};
	struct md_item *v;
	size_t n;
	int64_t id = 0;

	assert_int_equal(md_store_upcoming(st, &q, &v, &n, NULL), MD_OK);
	for (size_t i = 0; i < n; i++)
		if (v[i].paragraph == paragraph)
			id = v[i].id;
	md_items_free(v, n);
	assert_true(id > 0);
	return id;
}

/* ---- the events ---------------------------------------------------------- */

static void test_events(void **state)
{
	struct fixture *fx = *state;
	struct md_ical_event *ev;
	const struct md_ical_event *e;
	size_t n;

	ingest(fx->st, "A/HRC/RES/51/34", para13, res_51_34, 3);
	n = feed(fx->st, NULL, &ev);
	assert_int_equal(n, 4); /* three occurrences and one submission deadline */

	e = by_uid(ev, n, "A-HRC-RES-51-34.op13.report.0.0@mandate");
	assert_string_equal(e->summary, "HRC 53: report of the High Commissioner on enhancement of "
	                                "technical cooperation and capacity-building\u2026 "
	                                "(res. 51/34, OP 13)");
	assert_int_equal(md_date_cmp(e->start, (struct md_date){2023, 6, 19}), 0);
	assert_int_equal(md_date_cmp(e->end, (struct md_date){2023, 7, 14}), 0);
	assert_int_equal(e->status, MD_ICAL_CONFIRMED);
	assert_false(e->done);
	assert_int_equal(e->sequence, 0);
	assert_string_equal(e->last_modified, "2023-05-01T09:00:00Z");
	assert_string_equal(e->url, "https://undocs.org/A/HRC/RES/51/34");
	assert_string_equal(e->categories[0], "HRC");
	assert_string_equal(e->categories[1], "report");
	assert_string_equal(e->categories[2], "High Commissioner");
	assert_non_null(strstr(e->description, para13));
	assert_non_null(strstr(e->description, "A/HRC/RES/51/34, operative paragraph 13: "
	                                       "Enhancement of technical cooperation"));
	assert_non_null(strstr(e->description, "Due: at HRC 53 (test; dates: session dates"));
	assert_non_null(strstr(e->description, "Submission deadline: 2023-04-10"));

	e = by_uid(ev, n, "A-HRC-RES-51-34.op13.report.0.0.submission@mandate");
	assert_int_equal(md_date_cmp(e->start, (struct md_date){2023, 4, 10}), 0);
	assert_int_equal(md_date_cmp(e->end, e->start), 0);
	assert_true(!strncmp(e->summary, "Submission deadline for HRC 53: report of the High", 50));

	e = by_uid(ev, n, "A-HRC-RES-51-34.op11.meeting.0.0@mandate");
	assert_int_equal(md_date_cmp(e->start, (struct md_date){2023, 6, 18}), 0);
	assert_true(!strncmp(e->summary,
	                     "Before HRC 53: meeting organised by the Human Rights "
	                     "Council",
	                     60));
	md_ical_events_free(ev, n);
}

/* The topic is the request's own "on ..." when it has one. */
static void test_topic_from_text(void **state)
{
	static const struct ob_spec report[] = {{13, MD_KIND_REPORT, "OHCHR", MD_REL_AT, 53}};
	struct fixture *fx = *state;
	struct md_ical_event *ev;
	size_t n;

	ingest(
	    fx->st, "A/HRC/RES/51/35",
	    "13. Requests the Office to submit a report on the right to food, in all its aspects, "
	    "to the Council at its fifty-third session;",
	    report, 1);
	n = feed(fx->st, NULL, &ev);
	assert_int_equal(n, 2);
	assert_string_equal(by_uid(ev, n, "A-HRC-RES-51-35.op13.report.0.0@mandate")->summary,
	                    "HRC 53: report of OHCHR on the right to food (res. 51/35, OP 13)");
	md_ical_events_free(ev, n);
}

/* A session nobody has dated yet is projected: the event is tentative. */
static void test_estimated(void **state)
{
	static const struct ob_spec later[] = {
	    {13, MD_KIND_REPORT, "High Commissioner", MD_REL_AT, 60}};
	struct fixture *fx = *state;
	struct md_ical_event *ev;
	size_t n;

	ingest(fx->st, "A/HRC/RES/51/34", para13, later, 1);
	n = feed(fx->st, NULL, &ev);
	assert_int_equal(n, 2);
	assert_int_equal(ev[0].status, MD_ICAL_TENTATIVE);
	assert_int_equal(ev[1].status, MD_ICAL_TENTATIVE);
	md_ical_events_free(ev, n);
}

/* ---- status ------------------------------------------------------------ */

static void test_dismissed_and_done(void **state)
{
	struct fixture *fx = *state;
	struct md_feed_query fq = {.q = {.kind = -1, .status = MD_STATUS_ALL}, .today = today};
	struct md_ical_event *ev;
	const struct md_ical_event *e;
	size_t n;

	ingest(fx->st, "A/HRC/RES/51/34", para13, res_51_34, 3);
	assert_int_equal(md_store_dismiss(fx->st, id_of(fx->st, 12, MD_KIND_WEBCAST), NULL, NULL),
	                 MD_OK);
	assert_int_equal(
	    md_store_done(fx->st, id_of(fx->st, 13, MD_KIND_REPORT), "A/HRC/53/22", NULL, NULL),
	    MD_OK);
	n = feed(fx->st, &fq, &ev);
	assert_int_equal(n, 4);
	e = by_uid(ev, n, "A-HRC-RES-51-34.op12.webcast.0.0@mandate");
	assert_int_equal(e->status, MD_ICAL_CANCELLED);
	assert_int_equal(e->sequence, 1);
	assert_true(!strncmp(e->summary, "Dismissed: Before HRC 53: webcast", 33));
	e = by_uid(ev, n, "A-HRC-RES-51-34.op13.report.0.0@mandate");
	assert_true(e->done);
	assert_true(!strncmp(e->summary, "Done: HRC 53: report", 20));
	assert_non_null(strstr(e->description, "Done by A/HRC/53/22"));
	md_ical_events_free(ev, n);

	/* the grace period: 30 days from the dismissal, or as asked */
	fq.today = (struct md_date){2023, 5, 31};
	assert_int_equal(n = feed(fx->st, &fq, &ev), 4);
	md_ical_events_free(ev, n);
	fq.today = (struct md_date){2023, 6, 1};
	n = feed(fx->st, &fq, &ev);
	assert_int_equal(n, 3);
	md_ical_events_free(ev, n);
	fq.grace_days = 60;
	assert_int_equal(n = feed(fx->st, &fq, &ev), 4);
	md_ical_events_free(ev, n);
	fq.grace_days = -1;
	fq.today = today;
	assert_int_equal(n = feed(fx->st, &fq, &ev), 3);
	md_ical_events_free(ev, n);

	/* open: the meeting and the struck-through webcast; done: the report and its deadline */
	fq.grace_days = 0;
	fq.q.status = MD_STATUS_OPEN;
	assert_int_equal(n = feed(fx->st, &fq, &ev), 2);
	md_ical_events_free(ev, n);
	fq.q.status = MD_STATUS_DONE;
	assert_int_equal(n = feed(fx->st, &fq, &ev), 3);
	md_ical_events_free(ev, n);
}

/* ---- filters and the feed's words -------------------------------------- */

static void test_filters(void **state)
{
	struct fixture *fx = *state;
	struct md_feed_query fq = {.q = {.kind = MD_KIND_REPORT, .status = MD_STATUS_ALL},
	                           .today = today};
	struct md_ical_event *ev;
	char desc[256];
	size_t n;

	ingest(fx->st, "A/HRC/RES/51/34", para13, res_51_34, 3);
	assert_int_equal(n = feed(fx->st, &fq, &ev), 2);
	md_ical_events_free(ev, n);
	fq.q.kind = -1;
	fq.q.actor = "commissioner";
	assert_int_equal(n = feed(fx->st, &fq, &ev), 3);
	md_ical_events_free(ev, n);
	fq.q.actor = NULL;
	fq.q.symbol = "A/RES/1/1";
	assert_int_equal(n = feed(fx->st, &fq, &ev), 0);
	assert_null(ev);
	fq.q.symbol = NULL;
	fq.q.from = (struct md_date){2023, 7, 1}; /* only the session still running then */
	assert_int_equal(n = feed(fx->st, &fq, &ev), 2);
	md_ical_events_free(ev, n);
	fq.q.body = "HRC";
	md_feed_describe(&fq, desc, sizeof(desc));
	assert_string_equal(
	    desc, "Obligations from UN resolutions (open and done; organ HRC; from 2023-07-01)");
}

static void test_url(void **state)
{
	static const struct {
		const char *symbol, *want;
	} cases[] = {
	    {"A/HRC/RES/51/34", "https://undocs.org/A/HRC/RES/51/34"},
	    {"S/RES/553 (1984)", "https://undocs.org/S/RES/553%20(1984)"},
	    {"A/RES/80/1?x=<y>", "https://undocs.org/A/RES/80/1%3Fx%3D%3Cy%3E"},
	};
	char buf[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		md_feed_url(cases[i].symbol, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_topic_from_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_estimated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dismissed_and_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
	    cmocka_unit_test(test_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
