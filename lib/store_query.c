/*
 * store_query.c - listings of obligations: upcoming, review, and the JSON
 * and one-line forms every output shares.
 *
 * Policy:
 * - An occurrence is upcoming between from and to when it has not ended
 *   before from and the day staff work to (its submission deadline, else
 *   its first day) is not after to.  Soonest first, by that day.
 * - Effective values are shown: a correction wins over the extractor, and
 *   the item says it is corrected.
 * - Status "open" (the default) hides done and dismissed obligations;
 *   "all" shows every one.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_words[MD_KIND_MAX] = {
    "report", "oral update", "meeting", "webcast", "support", "mandate", "agenda item", "other",
};

void md_store_summary(enum md_kind kind, const char *actor, const struct md_due *due,
                      const struct md_period *rec, char *buf, size_t size)
{
	char when[96];
	const char *what = (unsigned)kind < MD_KIND_MAX ? kind_words[kind] : "other";

	md_due_describe(due, rec, when, sizeof(when));
	if (actor && *actor)
		snprintf(buf, size, "%s: %s %s", actor, what, when);
	else
		snprintf(buf, size, "%s %s", what, when);
}

/* ---- a growable SQL text (bounded: the clauses are ours) ---- */

struct sqlbuf {
	char s[2048];
	size_t len;
};

static void sql_add(struct sqlbuf *b, const char *piece)
{
	int n = snprintf(b->s + b->len, sizeof(b->s) - b->len, "%s", piece);

	if (n > 0)
		b->len += (size_t)n < sizeof(b->s) - b->len ? (size_t)n : 0;
}

/* Columns read by read_item, in this order. */
static const char item_cols[] =
    "SELECT o.id, d.symbol, d.body, o.paragraph, COALESCE(c.kind, o.kind),"
    " COALESCE(c.actor, o.actor), COALESCE(c.due, o.due),"
    " COALESCE(c.recurrence, o.recurrence), o.rule, o.status, o.done_by, o.note, c.who,"
    " o.origin, o.confidence, oc.idx, oc.start, oc.\"end\", oc.deadline, oc.estimated"
    " FROM ";
static const char from_dated[] = "occurrences oc JOIN obligations o ON o.id = oc.obligation_id"
                                 " JOIN documents d ON d.id = o.document_id"
                                 " LEFT JOIN corrections c ON c.obligation_id = o.id";
static const char from_all[] = "obligations o JOIN documents d ON d.id = o.document_id"
                               " LEFT JOIN corrections c ON c.obligation_id = o.id"
                               " LEFT JOIN occurrences oc ON oc.obligation_id = o.id";

/* Builds the query for q; parameters are numbered ?1.. as bind_query binds them. */
static void build_query(const struct md_query *q, struct sqlbuf *b)
{
	sql_add(b, item_cols);
	sql_add(b, q->dated_only ? from_dated : from_all);
	sql_add(b, " WHERE 1");
	if (!md_date_is_none(q->from))
		sql_add(b, " AND oc.\"end\" >= ?1");
	if (!md_date_is_none(q->to))
		sql_add(b, " AND oc.sort_date <= ?2");
	if (q->body)
		sql_add(b, " AND (d.body = ?3 OR oc.body = ?3)");
	if (q->actor)
		sql_add(b, " AND COALESCE(c.actor, o.actor) LIKE '%' || ?4 || '%'");
	if (q->kind >= 0)
		sql_add(b, " AND COALESCE(c.kind, o.kind) = ?5");
	if (q->symbol)
		sql_add(b, " AND d.symbol = ?6");
	if (q->id)
		sql_add(b, " AND o.id = ?7");
	if (q->status == MD_STATUS_OPEN)
		sql_add(b, " AND o.status = 'open'");
	else if (q->status == MD_STATUS_DONE)
		sql_add(b, " AND o.status = 'done'");
	sql_add(b, q->dated_only ? " ORDER BY oc.sort_date, o.id, oc.idx"
	                         : " ORDER BY o.paragraph, o.id, oc.idx");
	if (q->limit)
		sql_add(b, " LIMIT ?8");
}

static void bind_query(sqlite3_stmt *s, const struct md_query *q)
{
	store_bind_date(s, 1, q->from);
	store_bind_date(s, 2, q->to);
	store_bind_text(s, 3, q->body);
	store_bind_text(s, 4, q->actor);
	if (q->kind >= 0)
		store_bind_text(s, 5, md_kind_name((enum md_kind)q->kind));
	store_bind_text(s, 6, q->symbol);
	sqlite3_bind_int64(s, 7, q->id);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)q->limit);
}

static void item_clear(struct md_item *it)
{
	free(it->symbol);
	free(it->body);
	free(it->actor);
	free(it->rule);
	free(it->done_by);
	free(it->note);
	free(it->corrected_by);
}

void md_items_free(struct md_item *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		item_clear(&items[i]);
	free(items);
}

static const char *status_name(const char *s)
{
	if (s && strcmp(s, "done") == 0)
		return "done";
	if (s && strcmp(s, "dismissed") == 0)
		return "dismissed";
	return "open";
}

/* Reads a row of item_cols into *it.  MD_ENOMEM or MD_EDB (a bad stored due). */
static enum md_err read_item(struct md_store *st, sqlite3_stmt *s, struct md_item *it,
                             struct md_error *err)
{
	const char *rec = (const char *)sqlite3_column_text(s, 7);
	int kind = md_kind_parse((const char *)sqlite3_column_text(s, 4));
	bool oom = false;

	memset(it, 0, sizeof(*it));
	it->id = sqlite3_column_int64(s, 0);
	it->symbol = store_col_strdup(s, 1, &oom);
	it->body = store_col_strdup(s, 2, &oom);
	it->paragraph = sqlite3_column_int(s, 3);
	it->kind = kind < 0 ? MD_KIND_OTHER : (enum md_kind)kind;
	it->actor = store_col_strdup(s, 5, &oom);
	if (rec && *rec)
		md_period_parse(rec, &it->recurrence);
	it->rule = store_col_strdup(s, 8, &oom);
	it->status = status_name((const char *)sqlite3_column_text(s, 9));
	it->done_by = store_col_strdup(s, 10, &oom);
	it->note = store_col_strdup(s, 11, &oom);
	it->corrected_by = store_col_strdup(s, 12, &oom);
	it->corrected = sqlite3_column_type(s, 12) != SQLITE_NULL;
	it->added = strcmp((const char *)sqlite3_column_text(s, 13), "staff") == 0;
	it->confidence = sqlite3_column_double(s, 14);
	it->index = sqlite3_column_type(s, 15) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 15);
	it->start = store_col_date(s, 16);
	it->end = store_col_date(s, 17);
	it->deadline = store_col_date(s, 18);
	it->estimated = sqlite3_column_int(s, 19);
	if (oom)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if (store_due_load_cached(st, (const char *)sqlite3_column_text(s, 6), &it->due, err) !=
	    MD_OK)
		return MD_EDB;
	md_store_summary(it->kind, it->actor, &it->due, &it->recurrence, it->summary,
	                 sizeof(it->summary));
	return MD_OK;
}

/* Steps s to the end, appending an item per row. */
static enum md_err collect(struct md_store *st, sqlite3_stmt *s, struct md_item **items, size_t *n,
                           struct md_error *err)
{
	struct md_item *v = NULL, *grown;
	size_t cap = 0, k = 0;
	enum md_err rc = MD_OK;
	int step;

	while (rc == MD_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 32;
			if (!(grown = realloc(v, cap * sizeof(*v)))) {
				rc = md_error_set(err, MD_ENOMEM, "out of memory");
				break;
			}
			v = grown;
		}
		rc = read_item(st, s, &v[k], err);
		k++; /* even when it failed: its strings are freed below */
	}
	if (rc == MD_OK && step != SQLITE_DONE)
		rc = store_dberr(st, err, "reading obligations");
	if (rc != MD_OK) {
		md_items_free(v, k);
		return rc;
	}
	*items = v;
	*n = k;
	return MD_OK;
}

enum md_err md_store_upcoming(struct md_store *st, const struct md_query *q, struct md_item **items,
                              size_t *n, struct md_error *err)
{
	struct sqlbuf b = {.len = 0};
	sqlite3_stmt *s;
	enum md_err rc;

	*items = NULL;
	*n = 0;
	build_query(q, &b);
	if (sqlite3_prepare_v2(st->db, b.s, (int)b.len, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "preparing a query");
	bind_query(s, q);
	rc = collect(st, s, items, n, err);
	sqlite3_finalize(s);
	return rc;
}

enum md_err md_store_review(struct md_store *st, size_t limit, struct md_item **items, size_t *n,
                            struct md_error *err)
{
	static const char sql[] =
	    "SELECT o.id, d.symbol, d.body, o.paragraph, o.kind, o.actor, o.due,"
	    " o.recurrence, o.rule, o.status, o.done_by, o.note, NULL, o.origin,"
	    " o.confidence, oc.idx, oc.start, oc.\"end\", oc.deadline, oc.estimated"
	    " FROM obligations o JOIN documents d ON d.id = o.document_id"
	    " LEFT JOIN occurrences oc ON oc.obligation_id = o.id AND oc.idx = 0"
	    " WHERE o.origin = 'extractor' AND o.status = 'open' AND o.confidence < 1"
	    " AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.obligation_id = o.id)"
	    " ORDER BY o.confidence, o.id LIMIT ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	enum md_err rc;

	*items = NULL;
	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, limit ? (sqlite3_int64)limit : -1);
	rc = collect(st, s, items, n, err);
	sqlite3_reset(s);
	return rc;
}

static json_t *str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

int md_status_filter_parse(const char *s, enum md_status_filter *out)
{
	static const char *const names[] = {"open", "done", "all"};

	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum md_status_filter)i;
			return 0;
		}
	return -1;
}

json_t *md_item_json(const struct md_item *it)
{
	char rec[32];

	md_period_format(it->recurrence, rec, sizeof(rec));
	return json_pack(
	    "{s:I, s:s, s:o, s:i, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b,"
	    " s:s, s:b, s:b, s:o, s:o, s:o, s:o, s:f}",
	    "id", (json_int_t)it->id, "symbol", it->symbol ? it->symbol : "", "body",
	    str_json(it->body), "paragraph", it->paragraph, "kind", md_kind_name(it->kind), "actor",
	    it->actor ? it->actor : "", "summary", it->summary, "due", md_due_json(&it->due),
	    "recurrence", rec[0] ? json_string(rec) : json_null(), "start", md_date_json(it->start),
	    "end", md_date_json(it->end), "deadline", md_date_json(it->deadline), "estimated",
	    it->estimated, "status", it->status, "corrected", it->corrected, "added", it->added,
	    "corrected_by", str_json(it->corrected_by), "done_by", str_json(it->done_by), "note",
	    str_json(it->note), "occurrence",
	    it->index >= 0 ? json_integer(it->index) : json_null(), "confidence", it->confidence);
}
