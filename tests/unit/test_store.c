/*
 * test_store.c - the obligations database, on a real SQLite file in a
 * temporary directory, with records built by hand (what the reader would
 * give for A/HRC/RES/51/34).
 *
 * Covers: migrations from an empty file, refusing foreign files, re-ingest
 * idempotence, a corrected text, a correction surviving re-ingest, a change
 * of session dates, a failed ingest leaving the database as it was, and
 * batches (a savepoint per document, the full-text index at the commit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/store.h"

struct fixture {
	char dir[64];
	char db[96];
	char tsv[96];
	struct md_store *st;
};

static const struct md_date today = {2023, 5, 1};

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	static const char tsv[] = "body\tnumber\tstart\tend\tstatus\n"
	                          "HRC\t52\t2023-02-27\t2023-04-04\tannounced\n"
	                          "HRC\t53\t2023-06-19\t2023-07-14\tannounced\n"
	                          "HRC\t54\t2023-09-11\t2023-10-13\tsourced\n";

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/mandate.db", fx->dir);
	snprintf(fx->tsv, sizeof(fx->tsv), "%s/sessions.tsv", fx->dir);
	write_file(fx->tsv, tsv, sizeof(tsv) - 1);
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

static struct md_store *open_store(struct fixture *fx)
{
	struct md_store_opts o = {.who = "tester", .now = "2023-05-01T09:00:00Z", .today = today};
	struct md_error err;

	o.sessions_tsv = fx->tsv;
	md_error_clear(&err);
	if (md_store_open(fx->db, &o, &fx->st, &err) != MD_OK)
		fail_msg("open: %s", err.msg);
	return fx->st;
}

/* One obligation as the reader writes it: "at HRC 53" or "before HRC 53". */
struct ob_spec {
	int paragraph;
	enum md_kind kind;
	const char *actor;
	enum md_relation rel;
	int session;
};

static const struct ob_spec res_51_34[] = {
    {11, MD_KIND_MEETING, "Human Rights Council", MD_REL_BEFORE, 53},
    {12, MD_KIND_SUPPORT, "High Commissioner", MD_REL_BEFORE, 53},
    {12, MD_KIND_WEBCAST, "High Commissioner", MD_REL_BEFORE, 53},
    {13, MD_KIND_REPORT, "High Commissioner", MD_REL_AT, 53},
    {13, MD_KIND_MEETING, "Human Rights Council", MD_REL_AT, 53},
};

static struct md_record *make_record(const char *text, const struct ob_spec *obs, size_t n)
{
	struct md_record *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->symbol = strdup("A/HRC/RES/51/34");
	r->body = strdup("HRC");
	r->session = 51;
	r->adopted = (struct md_date){2022, 10, 7};
	r->title = strdup("Enhancement of technical cooperation and capacity-building");
	r->text = strdup(text);
	r->text_len = strlen(text);
	r->operative_paragraphs = 1;
	r->n_paragraphs = 1;
	r->paragraphs = calloc(1, sizeof(*r->paragraphs));
	r->paragraphs[0] = (struct md_paragraph){13, 0, r->text_len};
	r->n_obligations = n;
	r->obligations = calloc(n ? n : 1, sizeof(*r->obligations));
	for (size_t i = 0; i < n; i++) {
		struct md_obligation *o = &r->obligations[i];

		o->paragraph = obs[i].paragraph;
		o->kind = obs[i].kind;
		o->actor = strdup(obs[i].actor);
		o->due.relation = obs[i].rel;
		snprintf(o->due.body, sizeof(o->due.body), "HRC");
		o->due.number = obs[i].session;
		o->rule = "test";
		o->confidence = 0.9;
	}
	return r;
}

static void ingest(struct md_store *st, const struct md_record *r, struct md_ingest_result *res)
{
	struct md_error err;

	md_error_clear(&err);
	if (md_store_ingest(st, r, "test", res, &err) != MD_OK)
		fail_msg("ingest: %s", err.msg);
}

static long long count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long long n = -1;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

/* The upcoming items of the document from 2023-05-01, every status. */
static size_t list(struct md_store *st, struct md_item **v)
{
	struct md_query q = {
	    .from = today, .kind = -1, .status = MD_STATUS_ALL, .dated_only = true};
	struct md_error err;
	size_t n;

	md_error_clear(&err);
	if (md_store_upcoming(st, &q, v, &n, &err) != MD_OK)
		fail_msg("upcoming: %s", err.msg);
	return n;
}

static const struct md_item *find(const struct md_item *v, size_t n, int paragraph,
                                  enum md_kind kind)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].paragraph == paragraph && v[i].kind == kind)
			return &v[i];
	return NULL;
}

static void test_migrations_from_empty(void **state)
{
	struct fixture *fx = *state;

	write_file(fx->db, "", 0); /* an empty file is a new database */
	open_store(fx);
	assert_int_equal(md_store_schema_version(fx->st), MD_STORE_SCHEMA_VERSION);
	assert_string_equal(md_store_journal_mode(fx->st),
	                    sqlite3_libversion_number() >= 3051003 ? "wal" : "delete");
	md_store_close(fx->st);
	fx->st = NULL;
	assert_int_equal(count(fx->db, "PRAGMA application_id"), MD_STORE_APPLICATION_ID);
	assert_int_equal(count(fx->db, "PRAGMA user_version"), MD_STORE_SCHEMA_VERSION);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM sessions"), 3);
	open_store(fx); /* again: nothing to migrate */
	assert_int_equal(md_store_schema_version(fx->st), MD_STORE_SCHEMA_VERSION);
}

static void test_foreign_files(void **state)
{
	struct fixture *fx = *state;
	static const char junk[] = "not a database, but a letter to the Secretary-General\n";
	struct md_store *st = NULL;
	struct md_error err;
	sqlite3 *h;
	char buf[128] = "";
	FILE *f;

	write_file(fx->db, junk, sizeof(junk) - 1);
	assert_int_equal(md_store_open(fx->db, NULL, &st, &err), MD_EDBFOREIGN);
	assert_null(st);
	assert_non_null(strstr(err.msg, fx->db));
	f = fopen(fx->db, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), sizeof(junk) - 1);
	fclose(f);
	assert_memory_equal(buf, junk, sizeof(junk) - 1); /* never written */

	unlink(fx->db);
	assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE mail (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(md_store_open(fx->db, NULL, &st, &err), MD_EDBFOREIGN);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM sqlite_schema"), 1);
}

static void test_reingest_changes_nothing(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r = make_record("13. Also requests the High Commissioner to present a "
	                                  "report at its fifty-third session;",
	                                  res_51_34, 5);
	struct md_ingest_result res;
	long long history;

	open_store(fx);
	ingest(fx->st, r, &res);
	assert_true(res.new_document);
	assert_int_equal(res.added, 5);
	assert_int_equal(res.n_changes, 5);
	md_ingest_result_free(&res);
	history = count(fx->db, "SELECT COUNT(*) FROM history");
	ingest(fx->st, r, &res);
	assert_true(res.unchanged);
	assert_int_equal(res.added + res.changed + res.removed, 0);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM history"), history);
	assert_int_equal(count(fx->db, "SELECT MAX(sequence) FROM occurrences"), 0);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM obligations"), 5);
	md_record_free(r);
}

static void test_corrected_text(void **state)
{
	struct fixture *fx = *state;
	struct ob_spec fixed[4];
	struct md_record *r = make_record("first text", res_51_34, 5), *r2;
	struct md_ingest_result res;
	struct md_item *v;
	struct md_error err;
	size_t n;
	int64_t report_id;

	open_store(fx);
	ingest(fx->st, r, &res);
	md_ingest_result_free(&res);
	n = list(fx->st, &v);
	report_id = find(v, n, 13, MD_KIND_REPORT)->id;
	md_items_free(v, n);
	assert_int_equal(md_store_done(fx->st, report_id, "A/HRC/53/1", NULL, &err), MD_OK);

	/* The corrected text: the report moves to HRC 54, the webcast is gone. */
	memcpy(fixed, res_51_34, 2 * sizeof(fixed[0]));
	fixed[2] = res_51_34[3];
	fixed[2].session = 54;
	fixed[3] = res_51_34[4];
	r2 = make_record("corrected text", fixed, 4);
	ingest(fx->st, r2, &res);
	assert_false(res.unchanged);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.removed, 1);
	md_ingest_result_free(&res);

	n = list(fx->st, &v);
	assert_int_equal(n, 5);
	assert_int_equal(find(v, n, 13, MD_KIND_REPORT)->id, report_id);     /* identity kept */
	assert_string_equal(find(v, n, 13, MD_KIND_REPORT)->status, "done"); /* status kept */
	assert_int_equal(find(v, n, 13, MD_KIND_REPORT)->due.number, 54);
	assert_int_equal(find(v, n, 13, MD_KIND_REPORT)->start.m, 9);
	/* the webcast the text dropped is dismissed, not deleted: feeds cancel it */
	assert_string_equal(find(v, n, 12, MD_KIND_WEBCAST)->status, "dismissed");
	md_items_free(v, n);

	/* the first text again brings the webcast back, open */
	ingest(fx->st, r, &res);
	assert_int_equal(res.added, 0);
	md_ingest_result_free(&res);
	n = list(fx->st, &v);
	assert_string_equal(find(v, n, 12, MD_KIND_WEBCAST)->status, "open");
	md_items_free(v, n);
	md_record_free(r);
	md_record_free(r2);
}

static void test_correction_survives_reingest(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r = make_record("first text", res_51_34, 5), *r2;
	struct md_fix fix = {.has_due = true, .has_actor = true, .actor = "OHCHR"};
	struct md_ingest_result res;
	struct md_item *v;
	struct md_error err;
	const struct md_item *it;
	size_t n;
	int64_t meeting, webcast;

	open_store(fx);
	ingest(fx->st, r, &res);
	md_ingest_result_free(&res);
	n = list(fx->st, &v);
	meeting = find(v, n, 11, MD_KIND_MEETING)->id;
	webcast = find(v, n, 12, MD_KIND_WEBCAST)->id;
	md_items_free(v, n);
	assert_int_equal(md_store_due_parse("at HRC 54", &fix.due, &err), MD_OK);
	assert_int_equal(md_store_fix(fx->st, meeting, &fix, &err), MD_OK);
	assert_int_equal(md_store_dismiss(fx->st, webcast, "not an obligation", &err), MD_OK);

	/* A new text where the webcast is gone and the meeting's actor changed. */
	r2 = make_record("second text", res_51_34, 5);
	free(r2->obligations[0].actor);
	r2->obligations[0].actor = strdup("the Council");
	for (size_t i = 2; i < r2->n_obligations; i++)
		free(r2->obligations[i].actor);
	r2->n_obligations = 2; /* drops the webcast and what follows */
	ingest(fx->st, r2, &res);
	assert_int_equal(res.kept, 1); /* the dismissal is a correction */
	assert_int_equal(res.removed, 2);
	md_ingest_result_free(&res);

	n = list(fx->st, &v);
	it = find(v, n, 11, MD_KIND_MEETING);
	assert_non_null(it);
	assert_int_equal(it->id, meeting);
	assert_true(it->corrected);
	assert_string_equal(it->actor, "OHCHR");
	assert_int_equal(it->due.number, 54);
	assert_int_equal(it->start.y, 2023);
	assert_int_equal(it->start.m, 9);
	assert_int_equal(it->start.d, 11);
	it = find(v, n, 12, MD_KIND_WEBCAST);
	assert_non_null(it);
	assert_string_equal(it->status, "dismissed");
	md_items_free(v, n);
	md_record_free(r);
	md_record_free(r2);
}

static void test_session_change(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r = make_record("text", res_51_34, 5);
	struct md_session s = {"HRC", 53, {2023, 6, 26}, {2023, 7, 21}, MD_SES_SET};
	struct md_ingest_result res;
	struct md_item *v;
	struct md_error err;
	const struct md_item *it;
	int resolved = 0;
	size_t n;

	open_store(fx);
	ingest(fx->st, r, &res);
	md_ingest_result_free(&res);
	assert_int_equal(md_store_sessions_set(fx->st, &s, 1, &resolved, &err), MD_OK);
	assert_int_equal(resolved, 5);
	n = list(fx->st, &v);
	it = find(v, n, 13, MD_KIND_REPORT);
	assert_int_equal(it->start.d, 26);
	assert_int_equal(it->end.d, 21);
	assert_int_equal(it->deadline.m, 4); /* ten weeks before: 17 April */
	assert_int_equal(it->deadline.d, 17);
	assert_int_equal(find(v, n, 11, MD_KIND_MEETING)->start.d, 25); /* the day before */
	md_items_free(v, n);
	assert_int_equal(count(fx->db, "SELECT MIN(sequence) FROM occurrences"), 1);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM history WHERE action = 'resolve'"), 5);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM history WHERE action = 'session'"), 1);
	/* The same dates again change nothing. */
	assert_int_equal(md_store_sessions_set(fx->st, &s, 1, &resolved, &err), MD_OK);
	assert_int_equal(resolved, 0);
	md_record_free(r);
}

static void test_failed_ingest_leaves_db(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r = make_record("text", res_51_34, 5);
	struct md_ingest_result res;
	struct md_error err;

	open_store(fx);
	/* The last obligation has a due the store cannot write back: no session, no date. */
	r->obligations[4].due.body[0] = '\0';
	r->obligations[4].due.number = 0;
	assert_int_not_equal(md_store_ingest(fx->st, r, "test", &res, &err), MD_OK);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM documents"), 0);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM obligations"), 0);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM history"), 0);
	free(r->symbol);
	r->symbol = NULL;
	assert_int_equal(md_store_ingest(fx->st, r, "test", &res, &err), MD_EINVAL);
	md_record_free(r);
}

static void test_add_search_and_due_parse(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r = make_record("13. Also requests the High Commissioner to present a "
	                                  "report on technical cooperation;",
	                                  res_51_34, 1);
	struct md_fix fix = {.has_due = true,
	                     .has_kind = true,
	                     .kind = MD_KIND_REPORT,
	                     .has_actor = true,
	                     .actor = "Secretary-General"};
	struct md_ingest_result res;
	struct md_search_hit *hits;
	struct md_error err;
	struct md_due d;
	size_t n;
	int64_t id;

	open_store(fx);
	ingest(fx->st, r, &res);
	md_ingest_result_free(&res);
	assert_int_equal(md_store_due_parse("by 2023-06-01", &fix.due, &err), MD_OK);
	assert_int_equal(md_store_add(fx->st, "A/HRC/RES/51/34", 14, &fix, &id, &err), MD_OK);
	assert_int_equal(md_store_add(fx->st, "A/RES/1/1", 1, &fix, &id, &err), MD_ENOENT);
	assert_int_equal(md_store_search(fx->st, "Technical \"cooperation", 10, &hits, &n, &err),
	                 MD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].paragraph, 13);
	assert_non_null(strstr(hits[0].snippet, "[technical]"));
	md_search_hits_free(hits, n);
	assert_int_equal(md_store_due_parse("before GA 80", &d, &err), MD_OK);
	assert_int_equal(d.relation, MD_REL_BEFORE);
	assert_int_equal(d.number, 80);
	assert_int_equal(md_store_due_parse("soon", &d, &err), MD_EINVAL);
	assert_int_equal(md_store_due_parse("at hrc 5", &d, &err), MD_EINVAL);
	assert_int_equal(md_store_fix(fx->st, 999, &fix, &err), MD_ENOENT);
	md_record_free(r);
}

/* Hits of a full-text search. */
static size_t hits(struct md_store *st, const char *q)
{
	struct md_search_hit *h;
	struct md_error err;
	size_t n;

	md_error_clear(&err);
	if (md_store_search(st, q, 10, &h, &n, &err) != MD_OK)
		fail_msg("search: %s", err.msg);
	md_search_hits_free(h, n);
	return n;
}

/* FTS5's own check that the index matches the paragraphs it indexes. */
static void assert_fts_consistent(const char *db)
{
	sqlite3 *h;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h,
	                 "INSERT INTO paragraphs_fts (paragraphs_fts, rank)"
	                 " VALUES ('integrity-check', 1)",
	                 NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("fts integrity-check: %s", msg ? msg : "?");
	sqlite3_close(h);
}

/*
 * A batch: documents are savepoints in a group committed by
 * md_store_batch_commit; the full-text index is written at the commit, and
 * a document stored twice in one group, or once more in a later group,
 * leaves an index that matches the paragraphs.
 */
static void test_batch(void **state)
{
	struct fixture *fx = *state;
	struct md_record *r1 = make_record("13. Decides on webcasting;", res_51_34, 5);
	struct md_record *r2 = make_record("13. Decides on cooperation;", res_51_34, 4);
	struct md_record *r3 = make_record("13. Decides on webcasting again;", res_51_34, 3);
	struct md_record *bad = make_record("13. Decides on nothing;", res_51_34, 5);
	struct md_ingest_result res;
	struct md_error err;

	open_store(fx);
	assert_int_equal(md_store_batch_begin(fx->st, &err), MD_OK);
	assert_int_equal(md_store_batch_begin(fx->st, &err), MD_EINVAL);
	assert_int_equal(md_store_batch_pending(fx->st), 0);

	/* One group: the document, then its corrected text, then a failure. */
	ingest(fx->st, r1, &res);
	md_ingest_result_free(&res);
	ingest(fx->st, r2, &res);
	assert_int_equal(res.removed, 1);
	md_ingest_result_free(&res);
	free(bad->symbol);
	bad->symbol = strdup("A/HRC/RES/51/35");
	bad->obligations[4].due.body[0] = '\0';
	bad->obligations[4].due.number = 0;
	assert_int_not_equal(md_store_ingest(fx->st, bad, "test", &res, &err), MD_OK);
	assert_int_equal(md_store_batch_pending(fx->st), 2);
	/* Nothing is visible to others before the commit. */
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM documents"), 0);
	assert_int_equal(md_store_batch_commit(fx->st, &err), MD_OK);
	assert_int_equal(md_store_batch_pending(fx->st), 0);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM documents"), 1);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM obligations WHERE in_text"), 4);
	assert_int_equal(hits(fx->st, "cooperation"), 1);
	assert_int_equal(hits(fx->st, "webcasting"), 0);
	assert_fts_consistent(fx->db);

	/* A later group replaces paragraphs the index already holds. */
	ingest(fx->st, r3, &res);
	md_ingest_result_free(&res);
	ingest(fx->st, r3, &res); /* the same again: unchanged, nothing written */
	assert_true(res.unchanged);
	md_ingest_result_free(&res);
	assert_int_equal(md_store_batch_end(fx->st, &err), MD_OK);
	assert_int_equal(hits(fx->st, "cooperation"), 0);
	assert_int_equal(hits(fx->st, "webcasting"), 1);
	assert_fts_consistent(fx->db);

	/* A group never committed is rolled back when the store closes. */
	assert_int_equal(md_store_batch_begin(fx->st, &err), MD_OK);
	ingest(fx->st, r1, &res);
	md_ingest_result_free(&res);
	md_store_close(fx->st);
	fx->st = NULL;
	open_store(fx);
	assert_int_equal(count(fx->db, "SELECT COUNT(*) FROM obligations WHERE in_text"), 3);
	assert_int_equal(hits(fx->st, "again"), 1);
	assert_fts_consistent(fx->db);
	md_record_free(r1);
	md_record_free(r2);
	md_record_free(r3);
	md_record_free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations_from_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reingest_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_corrected_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_correction_survives_reingest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_session_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_ingest_leaves_db, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_search_and_due_parse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
