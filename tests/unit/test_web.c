/*
 * test_web.c - the web pages: the template language (escaping, sections,
 * malformed templates), finding a due's words in a request, and every
 * route rendered from a real store holding an example resolution whose
 * title and text carry markup.
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

#include "mandate/extract.h"
#include "mandate/store.h"
#include "mandate/web.h"

static char *expand(const char *tmpl, const char *ctx_json, enum md_err *rc)
{
	json_t *ctx = json_loads(ctx_json, 0, NULL);
	char *out = NULL;
	size_t n;

	assert_non_null(ctx);
	*rc = md_web_expand(NULL, tmpl, strlen(tmpl), ctx, &out, &n, NULL);
	json_decref(ctx);
	if (*rc == MD_OK)
		assert_int_equal(strlen(out), n);
	return out;
}

static void expect(const char *tmpl, const char *ctx_json, const char *want)
{
	enum md_err rc;
	char *out = expand(tmpl, ctx_json, &rc);

	assert_int_equal(rc, MD_OK);
	assert_string_equal(out, want);
	free(out);
}

static void expect_error(const char *tmpl)
{
	enum md_err rc;
	char *out = expand(tmpl, "{}", &rc);

	assert_int_equal(rc, MD_EFORMAT);
	assert_null(out);
}

static void test_escaping(void **state)
{
	expect("<p>{{t}}</p>", "{\"t\": \"<script>alert('x') & \\\"y\\\"</script>\"}",
	       "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
	/* There is no unescaped form: a triple brace still escapes. */
	expect("{{{t}}}", "{\"t\": \"<b>\"}", "}");
	expect("{{ t }}|{{n}}|{{f}}|{{z}}|{{missing}}",
	       "{\"t\": \"a\", \"n\": 42, \"f\": false, \"z\": null}", "a|42|||");
	expect("{{! a comment }}x", "{}", "x");
	expect("a { b } {c}", "{}", "a { b } {c}");
}

static void test_sections(void **state)
{
	expect("{{#rows}}[{{name}}]{{/rows}}", "{\"rows\": [{\"name\": \"a\"}, {\"name\": \"<\"}]}",
	       "[a][&lt;]");
	expect("{{#rows}}x{{/rows}}{{^rows}}none{{/rows}}", "{\"rows\": []}", "none");
	expect("{{#o}}{{a}}{{b}}{{/o}}", "{\"o\": {\"a\": 1}, \"b\": 2}", "12");
	expect("{{#t}}yes{{/t}}{{#f}}no{{/f}}{{^f}}not{{/f}}", "{\"t\": true, \"f\": false}",
	       "yesnot");
	expect("{{#s}}<b>{{s}}</b>{{/s}}{{#e}}E{{/e}}", "{\"s\": \"due\", \"e\": \"\"}",
	       "<b>due</b>");
	expect("{{#l}}{{.}},{{/l}}", "{\"l\": [\"a\", \"b&\"]}", "a,b&amp;,");
	expect("{{#a}}{{#a}}in{{/a}}{{/a}}", "{\"a\": [{\"a\": [1, 2]}]}", "inin");
	expect("{{#n}}{{n}}{{/n}}{{#z}}zero{{/z}}", "{\"n\": 3, \"z\": 0}", "3");
}

static void test_malformed(void **state)
{
	expect_error("{{#a}}never closed");
	expect_error("{{a");
	expect_error("{{/a}}");
	expect_error("{{#a}}{{/b}}");
	expect_error("{{>no_such_template}}");
}

struct due_case {
	const char *text;
	struct md_due due;
	struct md_period rec;
	const char *want; /* the due's words, or NULL for none */
};

static void test_find_due(void **state)
{
	static const struct due_case cases[] = {
	    {"Also requests the High Commissioner to present a report to the Human Rights Council "
	     "at "
	     "its fifty-third session, recommending the way forward",
	     {.relation = MD_REL_AT, .body = "HRC", .number = 53},
	     {0},
	     "at its fifty-third session"},
	    {"to hold, before the fifty-third session of the Council, a half-day meeting",
	     {.relation = MD_REL_BEFORE, .body = "HRC", .number = 53},
	     {0},
	     "before the fifty-third session"},
	    {"to report to the Council at its fifty-fourth session",
	     {.relation = MD_REL_AT, .body = "HRC", .number = 53},
	     {0},
	     NULL},
	    {"to submit a report by 31 December 2024 on the matter",
	     {.relation = MD_REL_BY, .date = {2024, 12, 31}},
	     {0},
	     "by 31 December 2024"},
	    {"to report to it at its next session on the matter",
	     {.relation = MD_REL_AT, .body = "GA", .number = 80},
	     {0},
	     "at its next session"},
	    {"to report annually to the Council",
	     {.relation = MD_REL_AT, .body = "HRC"},
	     {.years = 1},
	     "annually"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct due_case *c = &cases[i];
		struct md_web_mark m = {.start = 0, .end = strlen(c->text)};

		md_web_find_due(c->text, strlen(c->text), &c->due, &c->rec, &m);
		if (!c->want) {
			assert_int_equal(m.due_end, 0);
			continue;
		}
		assert_true(m.due_end > m.due_start);
		assert_int_equal(m.due_end - m.due_start, strlen(c->want));
		assert_memory_equal(c->text + m.due_start, c->want, strlen(c->want));
	}
}

/* ---- the pages, from a store ---- */

struct fixture {
	char dir[64], db[96];
	struct md_store *st;
	struct md_web *web;
};

static const char example[] =
    "Human Rights Council**Sixty-first session**\n\n"
    "Resolution adopted by the Human Rights Council on 2 April 2026\n\n"
    "61/98. Example resolution on <script>alert(\"title\")</script> & libraries\n\n"
    "The Human Rights Council,\n\n"
    "Recalling that this text is an illustration,\n\n"
    "1. *Decides* to convene, at its sixty-third session, a panel discussion on access to "
    "public libraries;\n\n"
    "2. *Also requests* the High Commissioner to present a report on "
    "<script>document.title=\"x\"</script> and <b>public</b> libraries to the Human Rights "
    "Council at its sixty-fourth session, to be followed by an interactive dialogue;\n\n"
    "3. *Decides* to continue its consideration of the question at its sixty-sixth "
    "session.\n\n"
    "*52nd meeting\n2 April 2026*\n";

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *src = getenv("MANDATE_SRCDIR");
	char path[512];
	struct md_store_opts opts = {.who = "test", .today = {2026, 1, 15}, .sessions_tsv = path};
	struct md_record *r = NULL;
	struct md_ingest_result res;

	assert_non_null(fx);
	assert_non_null(src);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_web.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/mandate.db", fx->dir);
	snprintf(path, sizeof(path), "%s/data/sessions.tsv", src);
	assert_int_equal(md_store_open(fx->db, &opts, &fx->st, NULL), MD_OK);
	assert_int_equal(md_extract_run("example", example, sizeof(example) - 1, &r, NULL), MD_OK);
	assert_int_equal(md_store_ingest(fx->st, r, "example", &res, NULL), MD_OK);
	md_ingest_result_free(&res);
	md_record_free(r);
	snprintf(path, sizeof(path), "%s/data", src);
	assert_int_equal(md_web_new(path, &fx->web, NULL), MD_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	static const char *const files[] = {"", "-journal", "-wal", "-shm"};
	char path[160];

	md_web_free(fx->web);
	md_store_close(fx->st);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", fx->db, files[i]);
		unlink(path);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* GETs path (with args "k=v" pairs) and returns the reply. */
static struct md_web_reply get(struct fixture *fx, const char *path, const char *k, const char *v)
{
	struct md_web_arg arg = {k, v};
	struct md_web_request rq = {.path = path,
	                            .args = &arg,
	                            .n_args = k ? 1 : 0,
	                            .host = "example.org",
	                            .today = {2026, 1, 15}};
	struct md_web_reply r;

	md_web_serve(fx->web, fx->st, &rq, &r, NULL);
	assert_non_null(r.body);
	assert_int_equal(strlen(r.body), r.len);
	return r;
}

static void test_home(void **state)
{
	struct fixture *fx = *state;
	struct md_web_reply r = get(fx, "/", NULL, NULL);

	assert_int_equal(r.status, 200);
	assert_string_equal(r.type, "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "href=\"/documents/A/HRC/RES/61/98#op2\""));
	assert_non_null(strstr(r.body, "High Commissioner: report at HRC 64"));
	assert_non_null(strstr(r.body, "webcal://example.org/feeds/all.ics"));
	assert_null(strstr(r.body, "<script>alert"));
	md_web_reply_clear(&r);

	r = get(fx, "/", "kind", "report");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "meeting at HRC 63"));
	assert_non_null(strstr(r.body, "http://example.org/feeds/all.ics?kind=report"));
	md_web_reply_clear(&r);

	r = get(fx, "/", "q", "libraries");
	assert_non_null(strstr(r.body, "meeting at HRC 63"));
	assert_non_null(strstr(r.body, "not narrowed by the text search"));
	md_web_reply_clear(&r);

	r = get(fx, "/", "kind", "<bogus>");
	assert_int_equal(r.status, 400);
	assert_null(strstr(r.body, "<bogus>"));
	md_web_reply_clear(&r);
}

static void test_document(void **state)
{
	struct fixture *fx = *state;
	struct md_web_reply r = get(fx, "/documents/A/HRC/RES/61/98", NULL, NULL);

	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body,
	                       "Example resolution on &lt;script&gt;alert(&quot;title&quot;)"
	                       "&lt;/script&gt; &amp; libraries"));
	assert_non_null(strstr(r.body, "&lt;b&gt;public&lt;/b&gt;"));
	assert_null(strstr(r.body, "<b>public"));
	assert_null(strstr(r.body, "<script>document"));
	assert_non_null(
	    strstr(r.body, "<strong class=\"due\">at its sixty-fourth session</strong>"));
	assert_non_null(strstr(r.body, "<mark id=\"ob"));
	assert_non_null(strstr(r.body, "feeds/all.ics?symbol=A%2FHRC%2FRES%2F61%2F98"));
	md_web_reply_clear(&r);

	r = get(fx, "/documents/A/HRC/RES/1/1", NULL, NULL);
	assert_int_equal(r.status, 404);
	md_web_reply_clear(&r);
}

/* A person's correction shows beside what the reader had found. */
static void test_correction(void **state)
{
	struct fixture *fx = *state;
	struct md_query q = {
	    .kind = MD_KIND_REPORT, .symbol = "A/HRC/RES/61/98", .status = MD_STATUS_ALL};
	struct md_fix fix = {.has_due = true};
	struct md_item *items;
	size_t n;
	struct md_web_reply r;

	assert_int_equal(md_store_upcoming(fx->st, &q, &items, &n, NULL), MD_OK);
	assert_true(n > 0);
	assert_int_equal(md_store_due_parse("at HRC 65", &fix.due, NULL), MD_OK);
	assert_int_equal(md_store_fix(fx->st, items[0].id, &fix, NULL), MD_OK);
	md_items_free(items, n);
	r = get(fx, "/documents/A/HRC/RES/61/98", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "High Commissioner: report at HRC 65"));
	assert_non_null(strstr(r.body, "Corrected by test"));
	assert_non_null(
	    strstr(r.body, "the reader had found “High Commissioner: report at HRC 64”"));
	md_web_reply_clear(&r);
}

static void test_other_routes(void **state)
{
	struct fixture *fx = *state;
	struct md_web_request rq = {.path = "/", .host = "x", .today = {2026, 1, 15}};
	struct md_web_reply r = get(fx, "/sessions", "body", "HRC");

	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<td data-label=\"Session\">64</td>"));
	md_web_reply_clear(&r);

	r = get(fx, "/static/web.css", NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.type, "text/css; charset=utf-8");
	md_web_reply_clear(&r);

	r = get(fx, "/static/../web.css", NULL, NULL);
	assert_int_equal(r.status, 404);
	md_web_reply_clear(&r);

	r = get(fx, "/nothing", NULL, NULL);
	assert_int_equal(r.status, 404);
	md_web_reply_clear(&r);

	/* A Host header that is not a host name is not echoed into links. */
	rq.host = "evil\"><script>";
	md_web_serve(fx->web, fx->st, &rq, &r, NULL);
	assert_non_null(strstr(r.body, "webcal://localhost/feeds/all.ics"));
	md_web_reply_clear(&r);

	/* No database: 503, still a page. */
	assert_int_not_equal(md_web_serve(fx->web, NULL, &rq, &r, NULL), MD_OK);
	assert_int_equal(r.status, 503);
	md_web_reply_clear(&r);

	assert_true(md_web_handles("/") && md_web_handles("/documents/A/1") &&
	            md_web_handles("/sessions") && md_web_handles("/static/web.js"));
	assert_false(md_web_handles("/feeds/all.ics") || md_web_handles("/api/v1/obligations"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_find_due),
	    cmocka_unit_test_setup_teardown(test_home, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_document, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_correction, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_routes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
