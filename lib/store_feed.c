/*
 * store_feed.c - the calendar events of a store, as a person reads them in
 * Outlook, Google Calendar or Thunderbird.  Read-only.
 *
 * Policy, as coded here:
 * - UID: the obligation's identity in its document (symbol, paragraph, the
 *   kind the reader gave it, the ordinal of that pair, extractor or staff)
 *   and the occurrence index (md_ical_uid): a correction of the kind or the
 *   due keeps the UID; the submission deadline of a report is part
 *   "submission" of the same occurrence.
 * - SUMMARY: "HRC 53: report of the High Commissioner on <topic>
 *   (res. 51/34, OP 13)".  The session leads because it is what staff plan
 *   by; the topic is the "on ..." of the request when the paragraph has
 *   one, else the resolution's title.
 * - STATUS: CANCELLED for a dismissed obligation for grace_days after it
 *   was dismissed (its occurrence's last_modified), then it leaves the
 *   feed; TENTATIVE while the dates rest on estimated session dates;
 *   CONFIRMED otherwise.  A done obligation stays, marked "Done:".
 * - DESCRIPTION: the paragraph's text, the resolution and its title, the
 *   rule that produced the date, status and corrections, the link.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/feed.h"

static const char sql_feed[] =
    "SELECT d.symbol, d.body, d.title, o.paragraph, o.origin, o.kind, o.ordinal,"
    " COALESCE(c.kind, o.kind), COALESCE(c.actor, o.actor), COALESCE(c.due, o.due),"
    " COALESCE(c.recurrence, o.recurrence), o.status, o.done_by, o.note, o.rule,"
    " c.obligation_id IS NOT NULL, oc.idx, oc.start, oc.\"end\", oc.deadline, oc.body,"
    " oc.number, oc.estimated, oc.rule, oc.sequence, oc.last_modified, p.text"
    " FROM occurrences oc JOIN obligations o ON o.id = oc.obligation_id"
    " JOIN documents d ON d.id = o.document_id"
    " LEFT JOIN corrections c ON c.obligation_id = o.id"
    " LEFT JOIN paragraphs p ON p.document_id = d.id AND p.number = o.paragraph"
    " WHERE (?1 IS NULL OR oc.\"end\" >= ?1) AND (?2 IS NULL OR oc.sort_date <= ?2)"
    " AND (?3 IS NULL OR d.body = ?3 OR oc.body = ?3)"
    " AND (?4 IS NULL OR COALESCE(c.actor, o.actor) LIKE '%' || ?4 || '%')"
    " AND (?5 IS NULL OR COALESCE(c.kind, o.kind) = ?5) AND (?6 IS NULL OR d.symbol = ?6)"
    " AND (o.status = 'dismissed' OR ?7 = 2 OR o.status = (CASE ?7 WHEN 1 THEN 'done'"
    " ELSE 'open' END))"
    " AND (o.status != 'dismissed' OR (?8 IS NOT NULL AND substr(oc.last_modified, 1, 10) >= ?8))"
    " ORDER BY oc.sort_date, d.symbol, o.paragraph, o.kind, o.origin, o.ordinal, oc.idx";

/* One row of sql_feed, borrowed from the statement. */
struct row {
	const char *symbol, *doc_body, *title, *origin, *xkind, *actor, *status, *done_by, *note;
	const char *ob_rule, *oc_body, *oc_rule, *last_modified, *text;
	int paragraph, ordinal, idx, number, sequence;
	bool corrected, estimated;
	enum md_kind kind;
	struct md_due due;
	struct md_period rec;
	struct md_date start, end, deadline;
};

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	return v ? (const char *)v : "";
}

static enum md_err read_row(sqlite3_stmt *s, struct row *r, struct md_error *err)
{
	int kind = md_kind_parse(col(s, 7));

	memset(r, 0, sizeof(*r));
	r->symbol = col(s, 0);
	r->doc_body = col(s, 1);
	r->title = col(s, 2);
	r->paragraph = sqlite3_column_int(s, 3);
	r->origin = col(s, 4);
	r->xkind = col(s, 5);
	r->ordinal = sqlite3_column_int(s, 6);
	r->kind = kind < 0 ? MD_KIND_OTHER : (enum md_kind)kind;
	r->actor = col(s, 8);
	if (*col(s, 10))
		md_period_parse(col(s, 10), &r->rec);
	r->status = col(s, 11);
	r->done_by = col(s, 12);
	r->note = col(s, 13);
	r->ob_rule = col(s, 14);
	r->corrected = sqlite3_column_int(s, 15);
	r->idx = sqlite3_column_int(s, 16);
	r->start = store_col_date(s, 17);
	r->end = store_col_date(s, 18);
	r->deadline = store_col_date(s, 19);
	r->oc_body = col(s, 20);
	r->number = sqlite3_column_int(s, 21);
	r->estimated = sqlite3_column_int(s, 22);
	r->oc_rule = col(s, 23);
	r->sequence = sqlite3_column_int(s, 24);
	r->last_modified = col(s, 25);
	r->text = col(s, 26);
	return store_due_load(col(s, 9), &r->due, err);
}

/* ---- how an event reads ---- */

static const char *const kind_nouns[MD_KIND_MAX] = {
    "report", "oral update", "meeting", "webcast", "support", "mandate", "agenda item", "action",
};

/* How the actor's part is joined to the noun: "report of the High Commissioner". */
static const char *const kind_links[MD_KIND_MAX] = {
    "of", "by", "organised by", "by", "from", "of", "of", "by",
};

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/*
 * True when the actor reads without "the": "States", "Governments",
 * "OHCHR", "the Council", "Bolivia (Plurinational State of) and Sao Tome".
 */
static bool bare_actor(const char *a)
{
	if (!strncmp(a, "the ", 4) || !strncmp(a, "The ", 4) || !strncmp(a, "all ", 4) ||
	    ends_with(a, "States") || ends_with(a, "Governments") || ends_with(a, "Parties") ||
	    strstr(a, " and ") || strchr(a, '('))
		return true;
	return a[0] >= 'A' && a[0] <= 'Z' && a[1] >= 'A' && a[1] <= 'Z'; /* OHCHR */
}

/* True when the word ending at s[n] (exclusive) is one a phrase should not end on. */
static bool dangling(const char *s, size_t n)
{
	static const char *const words[] = {"the", "of", "in", "on",   "and", "for", "to",
	                                    "a",   "an", "or", "with", "by",  "at"};
	size_t w = n;

	while (w > 0 && s[w - 1] != ' ')
		w--;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (n - w == strlen(words[i]) && !strncmp(s + w, words[i], n - w))
			return w > 0;
	return false;
}

/*
 * Copies at most max bytes of s[0..n) to buf, cut back to a word end (and
 * past words such as "of the" a phrase does not end on); "\u2026" when cut.
 */
static void clip(const char *s, size_t n, size_t max, char *buf, size_t size)
{
	bool cut = n > max;

	if (cut) {
		n = max;
		while (n > max / 2 && s[n] != ' ')
			n--;
		do {
			while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ','))
				n--;
			if (!dangling(s, n))
				break;
			while (n > 0 && s[n - 1] != ' ')
				n--;
		} while (n > 0);
	}
	snprintf(buf, size, "%.*s%s", (int)n, s, cut ? "\u2026" : "");
}

/* The first of the stops in [p, end), or end. */
static const char *first_stop(const char *p, const char *end)
{
	static const char *const stops[] = {" at its ", " to the ", " in order ",
	                                    " and to ", " before ", " by "};

	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		const char *q = strstr(p, stops[i]);

		if (q && q < end)
			end = q;
	}
	return end;
}

/*
 * The "on ..." of a request: "a report ... on the right to food, ...":
 * the words after " on " up to the clause's end, when " on " comes within
 * 60 bytes of the kind's noun and before any clause end.  "on the theme
 * \u201cX\u201d" gives X.
 */
static bool topic_in_text(const char *text, const char *noun, char *buf, size_t size)
{
	static const char theme[] = "the theme \u201c";
	const char *p = strstr(text, noun), *on, *end;

	if (!p)
		return false;
	on = strstr(p, " on ");
	if (!on || on - p > 60 || strcspn(p, ",;.:") < (size_t)(on - p))
		return false;
	on += 4;
	if (!strncmp(on, theme, sizeof(theme) - 1)) {
		on += sizeof(theme) - 1;
		end = strstr(on, "\u201d");
		end = end ? end : on + strlen(on);
	} else {
		end = first_stop(on, on + strcspn(on, ",;.:(\u201c\""));
	}
	if (end == on)
		return false;
	clip(on, (size_t)(end - on), 70, buf, size);
	return true;
}

/*
 * The title's first clause: "Mandate of the Special Rapporteur on X" gives
 * X when the actor is the Special Rapporteur; "Report on X" gives X and
 * "Report of ..." nothing; "Enhancement of technical cooperation" its
 * first letter small, "United Nations ..." as written.
 */
static void topic_in_title(const char *title, const char *actor, char *buf, size_t size)
{
	const char *p = *actor ? strstr(title, actor) : NULL;
	size_t first;

	if (p && !strncmp(p + strlen(actor), " on ", 4))
		title = p + strlen(actor) + 4;
	if (!strncmp(title, "Report on ", 10)) /* "Report on the activities of ..." */
		title += 10;
	else if (!strncmp(title, "Report of ", 10)) { /* names a report, not a topic */
		buf[0] = '\0';
		return;
	}
	clip(title, strcspn(title, ":;"), 70, buf, size);
	first = strcspn(buf, " ");
	if (buf[0] >= 'A' && buf[0] <= 'Z' && buf[1] >= 'a' && buf[1] <= 'z' &&
	    !(buf[first] == ' ' && buf[first + 1] >= 'A' && buf[first + 1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
}

/* "res. 51/34", "dec. 13/117", or the symbol as it is. */
static void short_ref(const char *symbol, char *buf, size_t size)
{
	const char *p;

	if ((p = strstr(symbol, "/RES/")))
		snprintf(buf, size, "res. %s", p + 5);
	else if ((p = strstr(symbol, "/DEC/")))
		snprintf(buf, size, "dec. %s", p + 5);
	else
		snprintf(buf, size, "%s", symbol);
}

/* "HRC 53: ", "Before HRC 54: ", "Deadline: ", "Ends: " or "". */
static void when_prefix(const struct row *r, char *buf, size_t size)
{
	char ses[40] = "";

	if (*r->oc_body && r->number > 0)
		snprintf(ses, sizeof(ses), "%s %d", r->oc_body, r->number);
	switch (r->due.relation) {
	case MD_REL_AT:
		snprintf(buf, size, "%s%s", ses, *ses ? ": " : "");
		break;
	case MD_REL_BEFORE:
		snprintf(buf, size, *ses ? "Before %s: " : "Deadline: ", ses);
		break;
	case MD_REL_BY:
		snprintf(buf, size, "Deadline: ");
		break;
	case MD_REL_UNTIL:
		snprintf(buf, size, "Ends: ");
		break;
	default:
		buf[0] = '\0';
	}
}

/* "report of the High Commissioner on technical cooperation (res. 51/34, OP 13)" */
static void what_line(const struct row *r, char *buf, size_t size)
{
	char topic[256] = "", ref[96], actor[256] = "";
	const char *noun = kind_nouns[r->kind];

	if (*r->actor)
		snprintf(actor, sizeof(actor), " %s %s%s", kind_links[r->kind],
		         bare_actor(r->actor) ? "" : "the ", r->actor);
	if ((r->kind == MD_KIND_REPORT || r->kind == MD_KIND_ORAL_UPDATE ||
	     r->kind == MD_KIND_MEETING) &&
	    !strstr(r->actor, " on ")) {
		if (!topic_in_text(r->text, r->kind == MD_KIND_MEETING ? "meeting" : noun,
		                   topic + 4, sizeof(topic) - 4) &&
		    *r->title)
			topic_in_title(r->title, r->actor, topic + 4, sizeof(topic) - 4);
		if (topic[4])
			memcpy(topic, " on ", 4);
	}
	short_ref(r->symbol, ref, sizeof(ref));
	snprintf(buf, size, "%s%s%s (%s, OP %d)", noun, actor, topic, ref, r->paragraph);
}

static bool is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* The event's summary; submission: the report's deadline event. */
static char *summary(const struct row *r, bool submission)
{
	char when[64], what[640], *out;
	const char *mark = is(r->status, "dismissed") ? "Dismissed: "
	                   : is(r->status, "done")    ? "Done: "
	                                              : "";
	size_t n;

	if (submission && *r->oc_body && r->number > 0)
		snprintf(when, sizeof(when), "Submission deadline for %s %d: ", r->oc_body,
		         r->number);
	else if (submission)
		snprintf(when, sizeof(when), "Submission deadline: ");
	else
		when_prefix(r, when, sizeof(when));
	what_line(r, what, sizeof(what));
	n = strlen(mark) + strlen(when) + strlen(what) + 1;
	if ((out = malloc(n)))
		snprintf(out, n, "%s%s%s", mark, when, what);
	return out;
}

void md_feed_url(const char *symbol, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = (size_t)snprintf(buf, size, "https://undocs.org/");

	for (const unsigned char *p = (const unsigned char *)symbol; *p && k + 4 < size; p++) {
		bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		             (*p >= '0' && *p <= '9') || strchr("/-._~()", *p);

		if (plain) {
			buf[k++] = (char)*p;
		} else {
			buf[k++] = '%';
			buf[k++] = hex[*p >> 4];
			buf[k++] = hex[*p & 15];
		}
	}
	if (k < size)
		buf[k] = '\0';
}

/* The text under the summary: what the paragraph says, where it is, why this date. */
static char *description(const struct row *r, bool submission, const char *url)
{
	char due[96], dl[16], *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	md_due_describe(&r->due, &r->rec, due, sizeof(due));
	md_date_format(r->deadline, dl, sizeof(dl));
	if (*r->text)
		fprintf(f, "%s\n\n", r->text);
	fprintf(f, "%s, operative paragraph %d", r->symbol, r->paragraph);
	fprintf(f, *r->title ? ": %s\n" : "\n", r->title);
	fprintf(f, "Due: %s (%s; dates: %s%s)\n", due, *r->ob_rule ? r->ob_rule : "reader",
	        r->oc_rule, r->estimated ? "; session dates estimated" : "");
	if (*dl)
		fprintf(f, "%s: %s\n",
		        submission ? "This is the submission deadline of the report"
		                   : "Submission deadline",
		        dl);
	if (is(r->status, "done"))
		fprintf(f, "Done%s%s\n", *r->done_by ? " by " : "", r->done_by);
	if (is(r->status, "dismissed"))
		fprintf(f, "Dismissed by staff: not an obligation\n");
	if (*r->note)
		fprintf(f, "Note: %s\n", r->note);
	if (is(r->origin, "staff"))
		fprintf(f, "Added by staff\n");
	else if (r->corrected && !is(r->status, "dismissed")) /* a dismissal is a correction */
		fprintf(f, "Corrected by staff\n");
	fprintf(f, "%s", url);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* A CATEGORIES value: commas and semicolons would split it. */
static char *category(const char *s)
{
	char *c = *s ? strdup(s) : NULL;

	for (char *p = c; p && *p; p++)
		if (*p == ',' || *p == ';')
			*p = ' ';
	return c;
}

/* Fills ev from r; false when out of memory (ev's strings are freed by the caller). */
static bool make_event(const struct row *r, bool submission, struct md_ical_event *ev)
{
	char uid[320], url[512];
	int k = 0;

	memset(ev, 0, sizeof(*ev));
	if (!md_ical_uid(r->symbol, r->paragraph, r->xkind, r->ordinal, is(r->origin, "staff"),
	                 r->idx, submission ? "submission" : NULL, uid, sizeof(uid)))
		uid[0] = '\0';
	md_feed_url(r->symbol, url, sizeof(url));
	ev->start = submission ? r->deadline : r->start;
	ev->end = submission ? r->deadline : r->end;
	ev->status = is(r->status, "dismissed") ? MD_ICAL_CANCELLED
	             : r->estimated             ? MD_ICAL_TENTATIVE
	                                        : MD_ICAL_CONFIRMED;
	ev->done = is(r->status, "done");
	ev->sequence = r->sequence;
	snprintf(ev->last_modified, sizeof(ev->last_modified), "%s", r->last_modified);
	ev->uid = strdup(uid);
	ev->summary = summary(r, submission);
	ev->description = description(r, submission, url);
	ev->url = strdup(url);
	if ((ev->categories[k] = category(*r->oc_body ? r->oc_body : r->doc_body)))
		k++;
	if ((ev->categories[k] = category(kind_nouns[r->kind])))
		k++;
	if ((ev->categories[k] = category(r->actor)))
		k++;
	if (submission && (ev->categories[k] = category("submission deadline")))
		k++;
	return ev->uid && ev->summary && ev->description && ev->url && k >= 2;
}

/* Appends one event to the growing array. */
static enum md_err push(struct md_ical_event **v, size_t *n, size_t *cap, const struct row *r,
                        bool submission, struct md_error *err)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct md_ical_event *g = realloc(*v, c * sizeof(**v));

		if (!g)
			return md_error_set(err, MD_ENOMEM, "out of memory");
		*v = g;
		*cap = c;
	}
	if (!make_event(r, submission, &(*v)[(*n)++]))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return MD_OK;
}

static void bind_feed(sqlite3_stmt *s, const struct md_feed_query *fq)
{
	const struct md_query *q = &fq->q;
	int grace = fq->grace_days ? fq->grace_days : MD_FEED_GRACE_DAYS;

	store_bind_date(s, 1, q->from);
	store_bind_date(s, 2, q->to);
	store_bind_text(s, 3, q->body);
	store_bind_text(s, 4, q->actor);
	if (q->kind >= 0 && q->kind < MD_KIND_MAX)
		store_bind_text(s, 5, md_kind_name((enum md_kind)q->kind));
	store_bind_text(s, 6, q->symbol);
	sqlite3_bind_int(s, 7, (int)q->status);
	if (grace > 0 && md_date_valid(fq->today))
		store_bind_date(s, 8, md_date_add_days(fq->today, -grace));
}

enum md_err md_store_feed(struct md_store *st, const struct md_feed_query *fq,
                          struct md_ical_event **ev, size_t *n, struct md_error *err)
{
	struct md_ical_event *v = NULL;
	size_t k = 0, cap = 0;
	sqlite3_stmt *s;
	struct row r;
	enum md_err rc = MD_OK;
	int step = SQLITE_DONE;

	*ev = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql_feed, -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "preparing a query");
	bind_feed(s, fq);
	while (rc == MD_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = read_row(s, &r, err);
		if (rc == MD_OK)
			rc = push(&v, &k, &cap, &r, false, err);
		if (rc == MD_OK && !md_date_is_none(r.deadline))
			rc = push(&v, &k, &cap, &r, true, err);
	}
	if (rc == MD_OK && step != SQLITE_DONE)
		rc = store_dberr(st, err, "reading occurrences");
	sqlite3_finalize(s);
	if (rc != MD_OK) {
		md_ical_events_free(v, k);
		return rc;
	}
	*ev = v;
	*n = k;
	return MD_OK;
}

void md_feed_describe(const struct md_feed_query *fq, char *buf, size_t size)
{
	static const char *const statuses[] = {"open", "done", "open and done"};
	const struct md_query *q = &fq->q;
	char from[16], to[16];
	size_t k;

	md_date_format(q->from, from, sizeof(from));
	md_date_format(q->to, to, sizeof(to));
	k = (size_t)snprintf(buf, size, "Obligations from UN resolutions (%s", statuses[q->status]);
#define ADD(...)                                                                                   \
	do {                                                                                       \
		if (k < size)                                                                      \
			k += (size_t)snprintf(buf + k, size - k, __VA_ARGS__);                     \
	} while (0)
	if (q->body)
		ADD("; organ %s", q->body);
	if (q->actor)
		ADD("; actor %s", q->actor);
	if (q->kind >= 0 && q->kind < MD_KIND_MAX)
		ADD("; kind %s", md_kind_name((enum md_kind)q->kind));
	if (q->symbol)
		ADD("; document %s", q->symbol);
	if (*from)
		ADD("; from %s", from);
	if (*to)
		ADD("; to %s", to);
	ADD(")");
#undef ADD
}
