/*
 * store_resolve.c - turning a stored obligation into dated occurrences.
 *
 * The dates come from md_calendar_resolve over the sessions table, with the
 * obligation's effective due (a correction wins over the extractor).
 * Policy:
 * - horizon: recurrences are expanded to MD_STORE_HORIZON_YEARS after the
 *   document's adoption (after opts.today when the adoption date is
 *   unknown), so that what is stored never depends on the day of the run;
 * - submission lead: a report gets a deadline the organ's lead (opts.leads,
 *   else opts.submission_weeks, else 10) weeks before its session opens;
 * - every occurrence carries a hash of what a calendar event shows (dates,
 *   summary, status, symbol, paragraph); when it changes, the sequence
 *   number goes up and last_modified becomes the store's `now`.
 */
#include "store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What resolution needs of an obligation: effective values. */
struct oblig {
	char symbol[128];
	char actor[256];
	char status[16];
	int paragraph;
	enum md_kind kind;
	struct md_due due;
	struct md_period rec;
	struct md_date adopted;
	uint64_t content; /* what an event shows besides dates: text, title, notes */
};

static const char sql_load[] = "SELECT d.symbol, d.adopted, o.paragraph, COALESCE(c.kind, o.kind),"
                               " COALESCE(c.actor, o.actor), COALESCE(c.due, o.due),"
                               " COALESCE(c.recurrence, o.recurrence), o.status,"
                               " d.title, o.done_by, o.note,"
                               " (SELECT p.text FROM paragraphs p WHERE p.document_id ="
                               " o.document_id AND p.number = o.paragraph)"
                               " FROM obligations o JOIN documents d ON d.id = o.document_id"
                               " LEFT JOIN corrections c ON c.obligation_id = o.id WHERE o.id = ?";

static void copy_col(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const unsigned char *v = sqlite3_column_text(s, i);

	snprintf(buf, size, "%s", v ? (const char *)v : "");
}

static enum md_err load_oblig(struct md_store *st, int64_t id, struct oblig *ob,
                              struct md_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql_load, err);
	const char *rec;
	int rc, kind;

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return md_error_set(err, MD_ENOENT, "no obligation %" PRId64, id);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading an obligation");
	copy_col(s, 0, ob->symbol, sizeof(ob->symbol));
	ob->adopted = store_col_date(s, 1);
	ob->paragraph = sqlite3_column_int(s, 2);
	kind = md_kind_parse((const char *)sqlite3_column_text(s, 3));
	ob->kind = kind < 0 ? MD_KIND_OTHER : (enum md_kind)kind;
	copy_col(s, 4, ob->actor, sizeof(ob->actor));
	copy_col(s, 7, ob->status, sizeof(ob->status));
	rec = (const char *)sqlite3_column_text(s, 6);
	memset(&ob->rec, 0, sizeof(ob->rec));
	if (rec && *rec) /* "" is a correction to "not recurring" */
		md_period_parse(rec, &ob->rec);
	ob->content = STORE_HASH_INIT;
	for (int c = 8; c <= 11; c++) {
		const char *v = (const char *)sqlite3_column_text(s, c);

		ob->content = store_hash_str(ob->content, v ? v : "");
		ob->content = store_hash_str(ob->content, "\x1f");
	}
	rc = store_due_load((const char *)sqlite3_column_text(s, 5), &ob->due, err);
	sqlite3_reset(s);
	return rc;
}

static int lead_weeks(const struct md_store *st, const char *body)
{
	for (size_t i = 0; i < st->n_leads; i++)
		if (strcmp(st->leads[i].body, body) == 0)
			return st->leads[i].weeks;
	return st->submission_weeks;
}

static enum md_err sessions_version(struct md_store *st, long long *v, struct md_error *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = 'sessions_version'";
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_dberr(st, err, "reading the sessions version");
	*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return MD_OK;
}

enum md_err store_sessions_touch(struct md_store *st, struct md_error *err)
{
	static const char sql[] =
	    "UPDATE meta SET value = value + 1 WHERE key = 'sessions_version'";
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "writing the sessions version");
	return MD_OK;
}

enum md_err store_calendar(struct md_store *st, const struct md_calendar **out,
                           struct md_error *err)
{
	struct md_calendar *cal;
	long long v = 0;
	enum md_err rc = sessions_version(st, &v, err);

	if (rc != MD_OK)
		return rc;
	if (!st->cal || st->cal_version != v) {
		if (!(cal = md_calendar_new()))
			return md_error_set(err, MD_ENOMEM, "out of memory");
		if ((rc = store_sessions_load(st, cal, err)) != MD_OK) {
			md_calendar_free(cal);
			return rc;
		}
		md_calendar_free(st->cal);
		st->cal = cal;
		st->cal_version = v;
	}
	*out = st->cal;
	return MD_OK;
}

/* The hash of what a calendar event of this occurrence shows. */
static void occurrence_hash(const struct oblig *ob, const char *summary,
                            const struct md_occurrence *oc, char out[17])
{
	char buf[768];
	uint64_t h;

	/* everything an event shows: dates, summary, status, the rule, and the
	 * paragraph's text, the title, the done-by and the note (ob->content) */
	snprintf(buf, sizeof(buf),
	         "%s|%d|%s|%s|%04d-%02d-%02d|%04d-%02d-%02d|%04d-%02d-%02d|%d|%s|%016" PRIx64,
	         ob->symbol, ob->paragraph, summary, ob->status, oc->start.y, oc->start.m,
	         oc->start.d, oc->end.y, oc->end.m, oc->end.d, oc->deadline.y, oc->deadline.m,
	         oc->deadline.d, oc->estimated, oc->rule ? oc->rule : "", ob->content);
	h = store_hash_str(STORE_HASH_INIT, buf);
	snprintf(out, 17, "%016" PRIx64, h);
}

static const char sql_old[] = "SELECT hash FROM occurrences WHERE obligation_id = ? AND idx = ?";
static const char sql_put[] =
    "INSERT INTO occurrences (obligation_id, idx, start, \"end\", deadline, sort_date, body,"
    " number, estimated, rule, hash, sequence, last_modified)"
    " VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(?5, ?3), ?6, ?7, ?8, ?9, ?10, 0, ?11)"
    " ON CONFLICT (obligation_id, idx) DO UPDATE SET start = ?3, \"end\" = ?4,"
    " deadline = ?5, sort_date = COALESCE(?5, ?3), body = ?6, number = ?7, estimated = ?8,"
    " rule = ?9, hash = ?10, sequence = sequence + 1, last_modified = ?11";

/* Writes occurrence i unless it is stored with the same hash; *changed when written. */
static enum md_err put_occurrence(struct md_store *st, int64_t id, const struct oblig *ob,
                                  const char *summary, const struct md_occurrence *oc,
                                  bool *changed, struct md_error *err)
{
	char hash[17];
	sqlite3_stmt *s = store_stmt(st, sql_old, err);
	bool same;

	if (!s)
		return err ? err->code : MD_EDB;
	occurrence_hash(ob, summary, oc, hash);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, oc->index);
	same = sqlite3_step(s) == SQLITE_ROW &&
	       strcmp((const char *)sqlite3_column_text(s, 0), hash) == 0;
	sqlite3_reset(s);
	if (same)
		return MD_OK;
	if (!(s = store_stmt(st, sql_put, err)))
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, oc->index);
	store_bind_date(s, 3, oc->start);
	store_bind_date(s, 4, oc->end);
	store_bind_date(s, 5, oc->deadline);
	store_bind_text(s, 6, oc->body[0] ? oc->body : NULL);
	sqlite3_bind_int(s, 7, oc->number);
	sqlite3_bind_int(s, 8, oc->estimated);
	store_bind_text(s, 9, oc->rule ? oc->rule : "");
	store_bind_text(s, 10, hash);
	store_bind_text(s, 11, st->now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "writing an occurrence");
	*changed = true;
	return MD_OK;
}

/* Drops occurrences from index n on, and records the organ the due names. */
static enum md_err trim(struct md_store *st, int64_t id, size_t n, const struct oblig *ob,
                        bool *changed, struct md_error *err)
{
	static const char sql_del[] =
	    "DELETE FROM occurrences WHERE obligation_id = ? AND idx >= ?";
	static const char sql_body[] = "UPDATE obligations SET sess_body = ?2 WHERE id = ?1"
	                               " AND sess_body IS NOT ?2";
	sqlite3_stmt *s = store_stmt(st, sql_del, err);

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)n);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "removing occurrences");
	if (sqlite3_changes(st->db) > 0)
		*changed = true;
	if (!(s = store_stmt(st, sql_body, err)))
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, ob->due.body[0] ? ob->due.body : NULL);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "writing an obligation");
	return MD_OK;
}

enum md_err store_resolve(struct md_store *st, int64_t id, bool *changed, struct md_error *err)
{
	const struct md_calendar *cal;
	struct md_occurrence *occ = NULL;
	struct md_resolve_opts ro = {0};
	struct oblig ob;
	char summary[192];
	size_t n = 0;
	bool any = false;
	enum md_err rc = load_oblig(st, id, &ob, err);

	if (rc == MD_OK)
		rc = store_calendar(st, &cal, err);
	if (rc != MD_OK)
		return rc;
	ro.adopted = ob.adopted;
	ro.horizon = md_date_add_period(md_date_is_none(ob.adopted) ? st->today : ob.adopted,
	                                (struct md_period){MD_STORE_HORIZON_YEARS, 0, 0, 0});
	ro.submission_weeks = lead_weeks(st, ob.due.body);
	rc = md_calendar_resolve(cal, &ob.due, &ob.rec, ob.kind, &ro, &occ, &n, err);
	if (rc != MD_OK)
		return rc;
	md_store_summary(ob.kind, ob.actor, &ob.due, &ob.rec, summary, sizeof(summary));
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		occ[i].index = (int)i; /* the stored key, whatever the calendar numbered */
		rc = put_occurrence(st, id, &ob, summary, &occ[i], &any, err);
	}
	free(occ);
	if (rc == MD_OK)
		rc = trim(st, id, n, &ob, &any, err);
	if (changed)
		*changed = any;
	return rc;
}

enum md_err store_obligation_symbol(struct md_store *st, int64_t id, char *buf, size_t size,
                                    struct md_error *err)
{
	static const char sql[] = "SELECT d.symbol FROM obligations o"
	                          " JOIN documents d ON d.id = o.document_id WHERE o.id = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return md_error_set(err, MD_ENOENT, "no obligation %" PRId64, id);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading an obligation");
	copy_col(s, 0, buf, size);
	sqlite3_reset(s);
	return MD_OK;
}
