/*
 * test_extract.c - the resolution reader, from text to extraction record.
 *
 * Every document here is built from sentences of real resolutions (the
 * shared corpus and the General Assembly scale set): the same headings, page
 * furniture, footnotes and operative phrasing, cut down to the lines a case
 * is about.  The tables say what a careful reader extracts (see SCHEMA.md
 * beside the corpus); a phrasing the reader still gets wrong is kept out of
 * the asserting tables until it is fixed, rather than asserted as it is.
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

#include "mandate/doc.h"
#include "mandate/extract.h"

/* Runs the reader on a NUL-terminated text and fails the test on an error. */
static struct md_record *extract_ok(const char *name, const char *text)
{
	struct md_record *r = NULL;
	struct md_error err;
	enum md_err rc;

	md_error_clear(&err);
	rc = md_extract_run(name, text, strlen(text), &r, &err);
	if (rc != MD_OK)
		fail_msg("%s: got %d (%s), want MD_OK", name, rc, err.msg);
	assert_non_null(r);
	return r;
}

/* ---------------------------------------------------------------------------
 * Segmentation: which operative paragraphs the reader sees, and their text.
 */

/* An HRC resolution as typeset: italic verbs, one paragraph a line. */
static const char doc_hrc_italic[] =
    "Human Rights Council\n"
    "Fifty-first session\n"
    "Resolution adopted by the Human Rights Council on 7 October 2022\n"
    "51/34. Enhancement of technical cooperation and capacity-building in the field of "
    "human rights\n"
    "The Human Rights Council,\n"
    "Guided by the purposes and principles of the Charter of the United Nations,\n"
    "1. *Emphasizes* that the general debate under agenda item 10 is an essential "
    "platform for members and observers of the Human Rights Council;\n\n"
    "2. *Reiterates* that technical cooperation and capacity-building in the field of "
    "human rights continue to be based on consultations with the States concerned;\n\n"
    "3. *Decides* to hold, before the fifty-third session of the Council, a half-day "
    "intersessional meeting;\n";

/* A paragraph number on a line of its own, the paragraph wrapped (A/HRC/RES/55/5). */
static const char doc_hrc_wrapped[] =
    "A/HRC/RES/55/5\n"
    "Human Rights Council\n"
    "Fifty-fifth session\n"
    "Resolution adopted by the Human Rights Council\n"
    "on 3 April 2024\n"
    "55/5.\n"
    "Mandate of Special Rapporteur in the field of cultural rights\n"
    "The Human Rights Council,\n"
    "Recalling also all previous Human Rights Council resolutions on the mandate of\n"
    "Special Rapporteur in the field of cultural rights,\n"
    "1.\n"
    "Decides to renew, for a period of three years, the mandate of Special\n"
    "Rapporteur in the field of cultural rights, to enable the mandate holder to continue "
    "to work in\n"
    "accordance with the mandate established by the Human Rights Council in its "
    "resolution 10/23\n"
    "of 26 March 2009;\n"
    "2.\n"
    "Also decides to continue its consideration of this matter under the same agenda\n"
    "item in accordance with its programme of work.\n"
    "53rd meeting\n"
    "3 April 2024\n"
    "[Adopted without a vote.]\n"
    "GE.24-06212 (E)\n";

/*
 * A General Assembly resolution whose paragraph 2 runs over a page break:
 * footnote block under the rule, running title, symbol, page and job number
 * (A/RES/80/209 as printed, with its trailing spaces).
 */
static const char doc_ga_pages[] =
    "United Nations \n"
    "A/RES/80/209\n"
    " \n"
    "General Assembly \n"
    "Distr.: General \n"
    "22 December 2025 \n"
    "25-20964 (E) \n"
    "*2520964* \n"
    " \n"
    "Eightieth session \n"
    "Agenda item 71 (b) \n"
    " \n"
    " Resolution adopted by the General Assembly \n"
    "on 18 December 2025 \n"
    " \n"
    "[on the report of the Third Committee (A/80/545, para. 5)] \n"
    " \n"
    " 80/209. Human rights and unilateral coercive measures \n"
    " \n"
    "The General Assembly, \n"
    " \n"
    "Recalling all its previous resolutions on this subject, \n"
    " \n"
    "1. Reaffirms its commitment to international cooperation and multilateralism \n"
    " \n"
    "2. Requests the Special Rapporteur to submit to the General Assembly at its \n"
    "eighty-first session a report on the implementation of the present resolution and on \n"
    "the negative impact of unilateral coercive measures on the full enjoyment of human \n"
    "_______________ \n"
    " \n"
    "30 A/HRC/28/74. \n"
    "\n"
    "Human rights and unilateral coercive measures \n"
    "A/RES/80/209\n"
    " \n"
    "5/7\n"
    "25-20964 \n"
    " \n"
    " \n"
    "rights; \n"
    " \n"
    "3. Decides to examine the question on a priority basis at its eighty-first \n"
    "session under the sub-item entitled \xe2\x80\x9cHuman rights questions\xe2\x80\x9d. \n"
    " \n"
    "69th plenary meeting \n"
    "18 December 2025 \n";

/* Windows line ends and a byte order mark, a paragraph wrapped over two lines. */
static const char doc_crlf_bom[] =
    "\xef\xbb\xbfHuman Rights Council\r\n"
    "Fifty-first session\r\n"
    "Resolution adopted by the Human Rights Council on 7 October 2022\r\n"
    "51/34. Enhancement of technical cooperation\r\n"
    "The Human Rights Council,\r\n"
    "1. *Emphasizes* that the general debate\r\n"
    "under agenda item 10 is an essential platform;\r\n"
    "\r\n"
    "2. *Requests* the High Commissioner to present a report to the Human Rights "
    "Council at its fifty-third session;\r\n";

/* A decision's lettered paragraphs, a footnote between two (A/HRC/DEC/13/117). */
static const char doc_lettered[] =
    "Human Rights Council Thirteenth session Agenda item 3 Promotion and protection of "
    "all human rights\n\n"
    "Decision adopted by the Human Rights Council*\n\n"
    "13/117 Trafficking in persons, especially women and children\n\n"
    "The Human Rights Council,\n\n"
    "Reaffirming all previous resolutions by the General Assembly,\n\n"
    "(a) To hold a panel discussion at its fourteenth session to give voice to victims "
    "of trafficking in persons;\n\n"
    "(b) To request the Office of the United Nations High Commissioner for Human Rights "
    "to organize the panel, within existing resources;\n\n"
    "* The resolutions and decisions of the Human Rights Council will be contained in "
    "the report of the\n\n"
    "Council on its thirteenth session (A/HRC/13/56), chap. I.\n\n"
    "(c) To also request the Office of the High Commissioner to encourage the presence "
    "of relevant human rights mechanisms in the panel session.\n\n"
    "45th meeting 26 March 2010\n\n"
    "[Adopted without a vote]\n";

struct para_check {
	int index;         /* into r->paragraphs */
	int number;        /* the paragraph's number ((a), (b) count 1, 2) */
	const char *has;   /* a run of words the paragraph's text contains */
	const char *lacks; /* or NULL: text that must not be in it */
};

struct seg_case {
	const char *name;
	const char *text;
	int operative_paragraphs;
	struct para_check checks[4];
};

static const struct seg_case seg_cases[] = {
    {"italic",
     doc_hrc_italic,
     3,
     {{0, 1, "Emphasizes that the general debate under agenda item 10", "*"},
      {1, 2, "Reiterates that technical cooperation", "*"},
      {2, 3, "Decides to hold, before the fifty-third session", NULL}}},
    {"wrapped",
     doc_hrc_wrapped,
     2,
     {{0, 1,
       "Decides to renew, for a period of three years, the mandate of Special "
       "Rapporteur in the field of cultural rights, to enable",
       "\n"},
      {0, 1, "resolution 10/23 of 26 March 2009;", "53rd meeting"},
      {1, 2, "the same agenda item in accordance with its programme of work.", "GE.24-06212"}}},
    {"pages",
     doc_ga_pages,
     3,
     {{0, 1, "Reaffirms its commitment to international cooperation", NULL},
      {1, 2, "on the full enjoyment of human rights;", "25-20964"},
      {1, 2, "at its eighty-first session a report", "A/HRC/28/74"},
      {2, 3, "Decides to examine the question on a priority basis", "5/7"}}},
    {"crlf-bom",
     doc_crlf_bom,
     2,
     {{0, 1, "Emphasizes that the general debate under agenda item 10 is", "\r"},
      {1, 2, "at its fifty-third session;", "\r"}}},
    {"lettered",
     doc_lettered,
     3,
     {{0, 1, "To hold a panel discussion at its fourteenth session", NULL},
      {1, 2, "To request the Office of the United Nations High Commissioner", NULL},
      {2, 3, "To also request the Office of the High Commissioner", "A/HRC/13/56"}}},
};

static void check_paragraph(const char *name, const struct md_record *r, const struct para_check *c)
{
	const struct md_paragraph *p;
	char *text;

	if ((size_t)c->index >= r->n_paragraphs)
		fail_msg("%s: no paragraph at index %d (%zu read)", name, c->index,
		         r->n_paragraphs);
	p = &r->paragraphs[c->index];
	assert_true(p->start <= p->end && p->end <= r->text_len);
	text = strndup(r->text + p->start, p->end - p->start);
	assert_non_null(text);
	if (p->number != c->number)
		fail_msg("%s: paragraph %d numbered %d, want %d", name, c->index, p->number,
		         c->number);
	if (!strstr(text, c->has))
		fail_msg("%s: paragraph %d lacks \"%s\": %s", name, c->number, c->has, text);
	if (c->lacks && strstr(text, c->lacks))
		fail_msg("%s: paragraph %d has \"%s\": %s", name, c->number, c->lacks, text);
	free(text);
}

static void test_segment_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(seg_cases) / sizeof(seg_cases[0]); i++) {
		const struct seg_case *c = &seg_cases[i];
		struct md_record *r = extract_ok(c->name, c->text);

		if (r->operative_paragraphs != c->operative_paragraphs)
			fail_msg("%s: %d operative paragraphs, want %d", c->name,
			         r->operative_paragraphs, c->operative_paragraphs);
		assert_int_equal(r->n_paragraphs, (size_t)c->operative_paragraphs);
		for (size_t k = 0; k < 4 && c->checks[k].has; k++)
			check_paragraph(c->name, r, &c->checks[k]);
		md_record_free(r);
	}
}

/* ---------------------------------------------------------------------------
 * Metadata: symbol, organ, session, adoption date and title.
 */

/* Only the number heading under the organ, the date only in the closing lines. */
static const char doc_closing_date[] =
    "Human Rights Council\n"
    "Fifty-first session\n"
    "12 September\xe2\x80\x93"
    "7 October 2022\n"
    "Agenda item 10\n"
    "Technical assistance and capacity-building\n"
    "51/34. Enhancement of technical cooperation and capacity-building in the field of "
    "human rights\n"
    "The Human Rights Council,\n"
    "1. *Requests* the High Commissioner to present a report to the Human Rights "
    "Council at its fifty-third session;\n"
    "*44th meeting\n"
    "7 October 2022*\n"
    "[Adopted without a vote.]\n";

static const char doc_ga_header[] =
    "United Nations\n"
    "A/RES/77/199\n"
    "General Assembly\n"
    "Distr.: General\n"
    "3 January 2023\n"
    "Seventy-seventh session\n"
    "Agenda item 68\n"
    "Resolution adopted by the General Assembly on 15 December 2022\n"
    "[on the report of the Third Committee (A/77/462)]\n"
    "77/199. Promotion of a democratic and equitable international order\n"
    "The General Assembly,\n"
    "1. Requests the Secretary-General to submit to the General Assembly at its "
    "seventy-eighth session a report on the implementation of the present resolution;\n";

/* As printed by a law portal: no organ heading, the number and date in one line. */
static const char doc_sc[] =
    "United Nations Security Council Resolution 553 \xe2\x80\x93 Cyprus\n\n"
    "Resolution 553 (1984) of 15 June 1984\n\n"
    "The Security Council,\n\n"
    "Taking note of the report of the Secretary-General on the United Nations operation "
    "in Cyprus of 1 June 1984,\n\n"
    "  1. Extends once more the stationing in Cyprus of the United Nations Peace-keeping "
    "Force established under resolution 186 (1964) for a further period, ending on "
    "15 December 1984:\n\n"
    "2. Requests the Secretary-General to continue his mission of good offices, to keep "
    "the Security Council informed of the progress made and to submit a report on the "
    "implementation of the present resolution by 30 November 1984;\n\n"
    "3. Calls upon all the parties concerned to continue to co-operate with the Force "
    "on the basis of the present mandate.\n\n"
    "Adopted unanimously at the 2547th meeting.\n";

struct meta_case {
	const char *name;
	const char *text;
	const char *symbol;
	const char *body;
	int session;
	const char *adopted; /* "" for none */
	const char *title;   /* NULL for none */
	int operative_paragraphs;
};

static const struct meta_case meta_cases[] = {
    {"hrc-heading", doc_hrc_italic, "A/HRC/RES/51/34", "HRC", 51, "2022-10-07",
     "Enhancement of technical cooperation and capacity-building in the field of human "
     "rights",
     3},
    {"closing-date", doc_closing_date, "A/HRC/RES/51/34", "HRC", 51, "2022-10-07",
     "Enhancement of technical cooperation and capacity-building in the field of human "
     "rights",
     1},
    {"crlf-bom", doc_crlf_bom, "A/HRC/RES/51/34", "HRC", 51, "2022-10-07",
     "Enhancement of technical cooperation", 2},
    {"ga-header", doc_ga_header, "A/RES/77/199", "GA", 77, "2022-12-15",
     "Promotion of a democratic and equitable international order", 1},
    {"ga-pages", doc_ga_pages, "A/RES/80/209", "GA", 80, "2025-12-18",
     "Human rights and unilateral coercive measures", 3},
    {"sc", doc_sc, "S/RES/553 (1984)", "SC", 0, "1984-06-15", NULL, 3},
    {"decision", doc_lettered, "A/HRC/DEC/13/117", "HRC", 13, "2010-03-26",
     "Trafficking in persons, especially women and children", 3},
};

static void test_meta_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(meta_cases) / sizeof(meta_cases[0]); i++) {
		const struct meta_case *c = &meta_cases[i];
		struct md_record *r = extract_ok(c->name, c->text);
		char adopted[16];

		md_date_format(r->adopted, adopted, sizeof(adopted));
		if (!r->symbol || strcmp(r->symbol, c->symbol) != 0)
			fail_msg("%s: symbol %s, want %s", c->name, r->symbol ? r->symbol : "NULL",
			         c->symbol);
		if (!r->body || strcmp(r->body, c->body) != 0)
			fail_msg("%s: body %s, want %s", c->name, r->body ? r->body : "NULL",
			         c->body);
		if (r->session != c->session)
			fail_msg("%s: session %d, want %d", c->name, r->session, c->session);
		if (strcmp(adopted, c->adopted) != 0)
			fail_msg("%s: adopted \"%s\", want \"%s\"", c->name, adopted, c->adopted);
		if (c->title ? !r->title || strcmp(r->title, c->title) != 0 : r->title != NULL)
			fail_msg("%s: title \"%s\", want \"%s\"", c->name,
			         r->title ? r->title : "NULL", c->title ? c->title : "NULL");
		assert_int_equal(r->operative_paragraphs, c->operative_paragraphs);
		md_record_free(r);
	}
}

/* ---------------------------------------------------------------------------
 * Obligations.  Each is written as one line a person can check against the
 * paragraph: "PARA KIND ACTOR RELATION DUE [RECURRENCE]", DUE being
 * "HRC 53", "GA each" (a recurring report with no first session) or a date.
 */

static void describe(const struct md_obligation *o, int with_actor, char *buf, size_t size)
{
	char due[40], date[16], rec[16];

	md_date_format(o->due.date, date, sizeof(date));
	if (o->due.body[0] && o->due.number > 0)
		snprintf(due, sizeof(due), "%s %d", o->due.body, o->due.number);
	else if (o->due.body[0])
		snprintf(due, sizeof(due), "%s each", o->due.body);
	else
		snprintf(due, sizeof(due), "%s", date[0] ? date : "none");
	md_period_format(o->recurrence, rec, sizeof(rec));
	snprintf(buf, size, "%d %s %s %s %s%s%s", o->paragraph, md_kind_name(o->kind),
	         with_actor ? o->actor : "-", md_relation_name(o->due.relation), due,
	         rec[0] ? " " : "", rec);
}

/* All obligations of r, one line each, in the reader's order. */
static char *describe_all(const struct md_record *r, int with_actor)
{
	size_t size = r->n_obligations * 160 + 1;
	char *out = calloc(1, size), line[160];

	assert_non_null(out);
	for (size_t i = 0; i < r->n_obligations; i++) {
		describe(&r->obligations[i], with_actor, line, sizeof(line));
		strcat(out, line);
		strcat(out, "\n");
	}
	return out;
}

/*
 * The headings of an HRC resolution adopted on 7 October 2022 at the
 * fifty-first session (A/HRC/RES/51/34); each case adds one paragraph.
 */
static const char hrc_head[] =
    "Human Rights Council\n"
    "Fifty-first session\n"
    "Resolution adopted by the Human Rights Council on 7 October 2022\n"
    "51/34. Enhancement of technical cooperation and capacity-building in the field of "
    "human rights\n"
    "The Human Rights Council,\n"
    "Guided by the purposes and principles of the Charter of the United Nations,\n";

/* A General Assembly resolution adopted on 18 December 2025 (A/RES/80/209). */
static const char ga_head[] = "United Nations\n"
                              "A/RES/80/209\n"
                              "General Assembly\n"
                              "Eightieth session\n"
                              "Resolution adopted by the General Assembly on 18 December 2025\n"
                              "80/209. Human rights and unilateral coercive measures\n"
                              "The General Assembly,\n"
                              "Recalling all its previous resolutions on this subject,\n";

struct ob_case {
	const char *name;
	const char *head;
	const char *paragraph; /* "1. *Requests* ..." */
	int with_actor;        /* 0: the actor is not asserted (see below) */
	const char *want;      /* describe_all's lines, "" for none */
};

static const struct ob_case ob_cases[] = {
    /* sessions in words and in digits; the organ whose session it is */
    {"session-words", hrc_head,
     "1. *Requests* the High Commissioner to present a report to the Human Rights "
     "Council at its fifty-third session, recommending the way forward;",
     1, "1 report High Commissioner at HRC 53\n"},
    {"session-digits", hrc_head,
     "1. *Requests* the High Commissioner to present a report to the Human Rights "
     "Council at its 53rd session;",
     1, "1 report High Commissioner at HRC 53\n"},
    {"session-digits-ga", hrc_head,
     "1. *Requests* the Secretary-General to submit a report to the General Assembly at "
     "its 79th session;",
     1, "1 report Secretary-General at GA 79\n"},
    {"other-organ", hrc_head,
     "1. *Requests* the Secretary-General to submit a report to the General Assembly at "
     "its seventy-ninth session;",
     1, "1 report Secretary-General at GA 79\n"},
    {"two-organs", hrc_head,
     "1. *Requests* the High Commissioner to present a report to the Human Rights Council "
     "at its fifty-fifth session and to the General Assembly at its seventy-ninth session;",
     1, "1 report High Commissioner at HRC 55\n1 report High Commissioner at GA 79\n"},
    {"two-sessions", hrc_head,
     "1. *Requests* the High Commissioner to present oral updates to the Human Rights "
     "Council at its fifty-fourth and fifty-seventh sessions;",
     1,
     "1 oral_update High Commissioner at HRC 54\n"
     "1 oral_update High Commissioner at HRC 57\n"},
    {"meeting-two-sessions", hrc_head,
     "1. *Decides* to hold at its fifty-fourth and fifty-seventh sessions a panel "
     "discussion on the theme;",
     1,
     "1 meeting Human Rights Council at HRC 54\n"
     "1 meeting Human Rights Council at HRC 57\n"},
    {"before-session", hrc_head,
     "1. *Decides*, in accordance with paragraphs 3 and 4 of Human Rights Council "
     "resolution 18/18 of 29 September 2011, to hold, before the fifty-third session of "
     "the Council, a half-day intersessional meeting;",
     1, "1 meeting Human Rights Council before HRC 53\n"},
    {"report-and-dialogue", hrc_head,
     "1. *Requests* the High Commissioner to present a report to the Human Rights "
     "Council at its fifty-third session, to be followed by an enhanced interactive "
     "dialogue;",
     1,
     "1 report High Commissioner at HRC 53\n"
     "1 meeting Human Rights Council at HRC 53\n"},
    /* dates, and periods counted from the adoption on 7 October 2022 */
    {"by-date", hrc_head,
     "1. *Requests* the Office of the United Nations High Commissioner for Human Rights "
     "to prepare a compilation by 31 December 2024;",
     1, "1 report High Commissioner by 2024-12-31\n"},
    {"within-days", hrc_head,
     "1. *Requests* the Secretary-General to submit a report within 90 days;", 1,
     "1 report Secretary-General by 2023-01-05\n"},
    {"no-later-than-month", ga_head,
     "1. *Requests* the Secretary-General to submit a report no later than January 2026;", 1,
     "1 report Secretary-General by 2026-01-31\n"},
    {"held-on", ga_head,
     "1. *Decides* that the high-level meeting shall be held on 2 December 2026;", 1,
     "1 meeting General Assembly on 2026-12-02\n"},
    /* the conventions for hard cases in SCHEMA.md */
    {"range-first-day", ga_head,
     "1. *Decides* to convene the conference in New York from 30 November to "
     "4 December 2026;",
     1, "1 meeting General Assembly on 2026-11-30\n"},
    {"year-alone", ga_head, "1. *Decides* to convene a high-level meeting in 2026;", 1,
     "1 meeting General Assembly by 2026-12-31\n"},
    {"early-year", ga_head, "1. *Requests* the Secretary-General to submit a report in early 2028;",
     1, "1 report Secretary-General by 2028-12-31\n"},
    {"permission-until", ga_head,
     "1. *Decides* that the Comoros may vote until the end of its eightieth session;", 1,
     "1 other Comoros until GA 80\n"},
    {"provisional-agenda", ga_head,
     "1. *Decides* to include in the provisional agenda of its eighty-first session the "
     "item entitled \xe2\x80\x9cHuman rights questions\xe2\x80\x9d;",
     1, "1 agenda General Assembly at GA 81\n"},
    {"within-months", hrc_head,
     "1. *Requests* the Secretary-General to submit a report within three months;", 1,
     "1 report Secretary-General by 2023-01-07\n"},
    /* recurring reports with and without a first session */
    {"annual", hrc_head,
     "1. *Requests* the High Commissioner to submit an annual report to the Human Rights "
     "Council;",
     1, "1 report High Commissioner at HRC each P1Y\n"},
    {"annual-starting", hrc_head,
     "1. *Requests* the Working Group to submit an annual report to the Human Rights "
     "Council, starting at its fifty-fourth session;",
     1, "1 report Working Group at HRC 54 P1Y\n"},
    {"biennial", ga_head,
     "1. *Requests* the Secretary-General to submit a biennial report to the General "
     "Assembly;",
     1, "1 report Secretary-General at GA each P2Y\n"},
    /* actors */
    {"actor-states", hrc_head,
     "1. *Calls upon* Member States to submit their views by 31 December 2024;", 1,
     "1 report States by 2024-12-31\n"},
    {"actor-advisory", hrc_head,
     "1. *Requests* the Advisory Committee to submit a report to the Human Rights Council "
     "at its fifty-fourth session;",
     1, "1 report Advisory Committee at HRC 54\n"},
    {"actor-special-rapporteur", ga_head,
     "1. Requests the Special Rapporteur to submit to the General Assembly at its "
     "eighty-first session a report on the implementation of the present resolution;",
     1, "1 report Special Rapporteur at GA 81\n"},
    {"agenda", ga_head,
     "1. Decides to examine the question on a priority basis at its eighty-first "
     "session under the sub-item entitled \xe2\x80\x9cHuman rights questions\xe2\x80\x9d;",
     1, "1 agenda General Assembly at GA 81\n"},
    /*
     * A mandate renewed "for a period of three years" ends three years after
     * adoption, to the day.  The actor should be the mandate holder; the
     * reader names the Council, so the actor is left out of this row.
     */
    {"mandate-years", hrc_head,
     "1. *Decides* to renew, for a period of three years, the mandate of the Special "
     "Rapporteur on the right to food;",
     0, "1 mandate - until 2025-10-07\n"},
    /* things already done, exhortations without a date: nothing */
    {"welcomes", hrc_head,
     "1. *Welcomes* the panel discussion held by the Human Rights Council at its "
     "fiftieth session, pursuant to its resolution 48/24 of 11 October 2021;",
     1, ""},
    {"takes-note", hrc_head,
     "1. *Takes note* of the report of the High Commissioner presented to the Council "
     "at its fiftieth session;",
     1, ""},
    {"untimed", hrc_head,
     "1. *Encourages* States in need of technical assistance to consider requesting it "
     "from the Office of the High Commissioner;",
     1, ""},
};

static void test_obligation_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ob_cases) / sizeof(ob_cases[0]); i++) {
		const struct ob_case *c = &ob_cases[i];
		size_t n = strlen(c->head) + strlen(c->paragraph) + 2;
		char *text = malloc(n), *got;
		struct md_record *r;

		assert_non_null(text);
		snprintf(text, n, "%s%s\n", c->head, c->paragraph);
		r = extract_ok(c->name, text);
		got = describe_all(r, c->with_actor);
		if (strcmp(got, c->want) != 0)
			fail_msg("%s:\n got:\n%s want:\n%s", c->name, got, c->want);
		free(got);
		md_record_free(r);
		free(text);
	}
}

/*
 * The whole of A/HRC/RES/51/34 as published: its five obligations, exactly
 * those of its gold record.  Needs the shared corpus beside the source tree.
 */
static void test_real_51_34(void **state)
{
	const char *src = getenv("MANDATE_SRCDIR");
	char path[4096];
	struct md_record *r = NULL;
	struct md_error err;
	char *got;

	(void)state;
	snprintf(path, sizeof(path), "%s/../shared/corpus/A-HRC-RES-51-34.txt", src ? src : ".");
	if (access(path, R_OK) != 0) {
		print_message("skipped: %s not found (set MANDATE_SRCDIR)\n", path);
		skip();
	}
	md_error_clear(&err);
	if (md_extract_file(path, &r, &err) != MD_OK)
		fail_msg("%s", err.msg);
	assert_string_equal(r->symbol, "A/HRC/RES/51/34");
	assert_string_equal(r->body, "HRC");
	assert_int_equal(r->session, 51);
	assert_int_equal(r->operative_paragraphs, 14);
	got = describe_all(r, 1);
	assert_string_equal(got, "11 meeting Human Rights Council before HRC 53\n"
	                         "12 support High Commissioner before HRC 53\n"
	                         "12 webcast High Commissioner before HRC 53\n"
	                         "13 report High Commissioner at HRC 53\n"
	                         "13 meeting Human Rights Council at HRC 53\n");
	free(got);
	md_record_free(r);
}

/* Spans point into the record's text, inside their paragraph. */
static void test_spans(void **state)
{
	struct md_record *r = extract_ok("spans", doc_closing_date);

	(void)state;
	assert_int_equal(r->n_obligations, 1);
	assert_int_equal(r->n_paragraphs, 1);
	assert_true(r->obligations[0].start >= r->paragraphs[0].start);
	assert_true(r->obligations[0].end <= r->paragraphs[0].end);
	assert_true(r->obligations[0].start < r->obligations[0].end);
	assert_non_null(r->obligations[0].rule);
	assert_true(r->obligations[0].confidence > 0 && r->obligations[0].confidence <= 1);
	assert_int_equal(strlen(r->text), r->text_len);
	md_record_free(r);
}

/* ---------------------------------------------------------------------------
 * Bad input: every refusal has its code and a message naming the document.
 */

/* A string literal as bytes and length, NULs included. */
#define BYTES(s) s, sizeof(s) - 1

struct bad_case {
	const char *name;
	const char *bytes;
	size_t len;
	enum md_err want;
};

static void test_bad_input_table(void **state)
{
	static const struct bad_case cases[] = {
	    {"empty.txt", BYTES(""), MD_EEMPTY},
	    {"blank.txt", BYTES(" \n\r\n\t \n"), MD_EEMPTY},
	    {"nul.txt", BYTES("1. Requests\0 the Secretary-General"), MD_EBINARY},
	    {"latin1.txt", BYTES("Resolution adopted at Gen\xe8ve"), MD_EUTF8},
	    {"truncated.txt", BYTES("1. Requests \xe2\x80"), MD_EUTF8},
	    {"prose.txt",
	     BYTES("Minutes of the garden club.\nWe discussed roses and the spring show.\n"),
	     MD_ENOTRES},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct md_record *r = NULL;
		struct md_error err;
		enum md_err rc;

		md_error_clear(&err);
		rc = md_extract_run(cases[i].name, cases[i].bytes, cases[i].len, &r, &err);
		if (rc != cases[i].want)
			fail_msg("%s: got %d (%s), want %d", cases[i].name, rc, err.msg,
			         cases[i].want);
		assert_null(r);
		assert_int_equal(err.code, cases[i].want);
		if (!strstr(err.msg, cases[i].name))
			fail_msg("%s: message does not name it: %s", cases[i].name, err.msg);
	}
}

/* A file over MD_DOC_MAX_BYTES of good text is refused; a missing one too. */
static void test_bad_files(void **state)
{
	static const char line[] = "1. Requests the Secretary-General to submit a report;\n";
	char path[] = "/tmp/md-test-extract-XXXXXX";
	int fd = mkstemp(path);
	size_t written = 0;
	struct md_record *r = NULL;
	struct md_error err;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	while (written <= MD_DOC_MAX_BYTES) {
		assert_int_equal(fwrite(line, 1, sizeof(line) - 1, f), sizeof(line) - 1);
		written += sizeof(line) - 1;
	}
	assert_int_equal(fclose(f), 0);

	md_error_clear(&err);
	assert_int_equal(md_extract_file(path, &r, &err), MD_ETOOBIG);
	assert_null(r);
	assert_non_null(strstr(err.msg, path));

	unlink(path);
	md_error_clear(&err);
	assert_int_equal(md_extract_file(path, &r, &err), MD_ENOENT);
	assert_null(r);
	assert_non_null(strstr(err.msg, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_segment_table),
	    cmocka_unit_test(test_meta_table),
	    cmocka_unit_test(test_obligation_table),
	    cmocka_unit_test(test_real_51_34),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_bad_input_table),
	    cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
