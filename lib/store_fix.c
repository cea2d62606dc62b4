/*
 * store_fix.c - what people change: corrections, added and dismissed
 * obligations, and status (done, reopened).
 *
 * Policy: a correction lives in the corrections table beside what the
 * extractor found; a field set there wins in every output and is never
 * touched by ingest.  Dismissing is a correction too (so a dismissed
 * obligation survives a corrected text).  Every change is one transaction
 * with a history row (when, who, what) and resolves the obligation's dates
 * again (its due or its status, which a calendar event shows, may differ).
 */
#include "store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * "at HRC 53", "before GA 80", "at HRC" (each session), "by 2024-12-31",
 * "on 2025-03-01", "until 2026-06-30".
 */
enum md_err md_store_due_parse(const char *s, struct md_due *out, struct md_error *err)
{
	char rel[16], what[32], extra[16];
	int number = 0, r, n;

	memset(out, 0, sizeof(*out));
	n = s ? sscanf(s, "%15s %31s %15s", rel, what, extra) : 0;
	if (n < 2 || (r = md_relation_parse(rel)) < 0)
		return md_error_set(err, MD_EINVAL,
		                    "due '%s': want RELATION SESSION or RELATION DATE, e.g. "
		                    "'at HRC 53' or 'by 2024-12-31'",
		                    s ? s : "");
	out->relation = (enum md_relation)r;
	if (n == 2 && md_date_parse_iso(what, &out->date) == 0)
		return MD_OK;
	if (n == 3 && (sscanf(extra, "%d%n", &number, &r) != 1 || extra[r] || number <= 0))
		return md_error_set(err, MD_EINVAL, "due '%s': '%s' is not a session number", s,
		                    extra);
	for (const char *p = what; *p; p++)
		if (*p < 'A' || *p > 'Z')
			return md_error_set(err, MD_EINVAL,
			                    "due '%s': '%s' is neither a date (YYYY-MM-DD) nor "
			                    "an organ code such as HRC or GA",
			                    s, what);
	if (strlen(what) >= sizeof(out->body))
		return md_error_set(err, MD_EINVAL, "due '%s': organ code too long", s);
	memcpy(out->body, what, strlen(what) + 1);
	out->number = number;
	return MD_OK;
}

/* Runs body() inside a transaction on an existing obligation, then resolves it. */
typedef enum md_err (*change_fn)(struct md_store *st, int64_t id, const void *arg, char *detail,
                                 size_t size, struct md_error *err);

static enum md_err change(struct md_store *st, int64_t id, const char *action, change_fn body,
                          const void *arg, struct md_error *err)
{
	char symbol[128], detail[320] = "";
	enum md_err rc = store_begin(st, err);

	if (rc != MD_OK)
		return rc;
	rc = store_obligation_symbol(st, id, symbol, sizeof(symbol), err);
	if (rc == MD_OK)
		rc = body(st, id, arg, detail, sizeof(detail), err);
	if (rc == MD_OK)
		rc = store_resolve(st, id, NULL, err);
	if (rc == MD_OK)
		rc = store_history_add(st, action, symbol, id, detail, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

static const char sql_correct[] =
    "INSERT INTO corrections (obligation_id, due, kind, actor, recurrence, who, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (obligation_id) DO UPDATE SET"
    " due = COALESCE(?2, due), kind = COALESCE(?3, kind), actor = COALESCE(?4, actor),"
    " recurrence = COALESCE(?5, recurrence), who = ?6, at = ?7";

/* Writes the correction overlay (fields not in fix are left as they are). */
static enum md_err put_correction(struct md_store *st, int64_t id, const struct md_fix *fix,
                                  struct md_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql_correct, err);
	char *due = NULL, rec[32] = "";
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	if (fix && fix->has_due && !(due = store_due_dump(&fix->due)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if (fix && fix->has_recurrence)
		md_period_format(fix->recurrence, rec, sizeof(rec));
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, due);
	store_bind_text(s, 3, fix && fix->has_kind ? md_kind_name(fix->kind) : NULL);
	store_bind_text(s, 4, fix && fix->has_actor ? fix->actor : NULL);
	/* "" records "not recurring", which NULL could not. */
	store_bind_text(s, 5, fix && fix->has_recurrence ? rec : NULL);
	store_bind_text(s, 6, st->who);
	store_bind_text(s, 7, st->now);
	rc = sqlite3_step(s);
	free(due);
	return rc == SQLITE_DONE ? MD_OK : store_dberr(st, err, "writing a correction");
}

static void describe_fix(const struct md_fix *fix, char *buf, size_t size)
{
	char due[96] = "", rec[32] = "";

	if (fix->has_due)
		md_due_describe(&fix->due, NULL, due, sizeof(due));
	if (fix->has_recurrence)
		md_period_format(fix->recurrence, rec, sizeof(rec));
	snprintf(buf, size, "%s%s%s%s%s%s%s%s", fix->has_due ? "due: " : "", due,
	         fix->has_kind ? " kind: " : "", fix->has_kind ? md_kind_name(fix->kind) : "",
	         fix->has_actor ? " actor: " : "", fix->has_actor ? fix->actor : "",
	         fix->has_recurrence ? " recurrence: " : "",
	         fix->has_recurrence ? (rec[0] ? rec : "none") : "");
}

static enum md_err fix_body(struct md_store *st, int64_t id, const void *arg, char *detail,
                            size_t size, struct md_error *err)
{
	describe_fix(arg, detail, size);
	return put_correction(st, id, arg, err);
}

enum md_err md_store_fix(struct md_store *st, int64_t id, const struct md_fix *fix,
                         struct md_error *err)
{
	if (!fix->has_due && !fix->has_kind && !fix->has_actor && !fix->has_recurrence)
		return md_error_set(err, MD_EINVAL, "nothing to correct");
	if (fix->has_actor && (!fix->actor || !*fix->actor))
		return md_error_set(err, MD_EINVAL, "the actor cannot be empty");
	return change(st, id, "fix", fix_body, fix, err);
}

struct status_arg {
	const char *status, *by, *note;
};

static enum md_err status_body(struct md_store *st, int64_t id, const void *arg, char *detail,
                               size_t size, struct md_error *err)
{
	static const char sql[] = "UPDATE obligations SET status = ?2, done_by = ?3,"
	                          " note = COALESCE(?4, note) WHERE id = ?1";
	const struct status_arg *a = arg;
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, a->status);
	store_bind_text(s, 3, a->by);
	store_bind_text(s, 4, a->note);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "writing a status");
	snprintf(detail, size, "%s%s%s%s%s", a->status, a->by ? " by " : "", a->by ? a->by : "",
	         a->note ? ": " : "", a->note ? a->note : "");
	/* A dismissal is a correction: it must survive a corrected text. */
	return strcmp(a->status, "dismissed") == 0 ? put_correction(st, id, NULL, err) : MD_OK;
}

enum md_err md_store_dismiss(struct md_store *st, int64_t id, const char *note,
                             struct md_error *err)
{
	struct status_arg a = {"dismissed", NULL, note};

	return change(st, id, "dismiss", status_body, &a, err);
}

enum md_err md_store_done(struct md_store *st, int64_t id, const char *by, const char *note,
                          struct md_error *err)
{
	struct status_arg a = {"done", by, note};

	return change(st, id, "done", status_body, &a, err);
}

enum md_err md_store_reopen(struct md_store *st, int64_t id, struct md_error *err)
{
	struct status_arg a = {"open", NULL, NULL};

	return change(st, id, "reopen", status_body, &a, err);
}

/* ---- add ---- */

static enum md_err doc_id(struct md_store *st, const char *symbol, int64_t *id,
                          struct md_error *err)
{
	static const char sql[] = "SELECT id FROM documents WHERE symbol = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, symbol);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return md_error_set(err, MD_ENOENT, "%s: no such document in %s", symbol, st->path);
	return rc == SQLITE_ROW ? MD_OK : store_dberr(st, err, "reading a document");
}

static const char sql_add[] =
    "INSERT INTO obligations (document_id, origin, paragraph, kind, ordinal, actor, due,"
    " recurrence, rule, confidence) VALUES (?1, 'staff', ?2, ?3, (SELECT COUNT(*) FROM"
    " obligations WHERE document_id = ?1 AND origin = 'staff' AND paragraph = ?2"
    " AND kind = ?3), ?4, ?5, ?6, 'added by staff', 1)";

static enum md_err insert_added(struct md_store *st, int64_t doc, int paragraph,
                                const struct md_fix *fix, int64_t *id, struct md_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql_add, err);
	char *due = store_due_dump(&fix->due), rec[32] = "";
	int rc;

	if (!s || !due) {
		free(due);
		return s ? md_error_set(err, MD_ENOMEM, "out of memory") : err ? err->code : MD_EDB;
	}
	if (fix->has_recurrence)
		md_period_format(fix->recurrence, rec, sizeof(rec));
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int(s, 2, paragraph);
	store_bind_text(s, 3, md_kind_name(fix->kind));
	store_bind_text(s, 4, fix->actor);
	store_bind_text(s, 5, due);
	store_bind_text(s, 6, rec[0] ? rec : NULL);
	rc = sqlite3_step(s);
	free(due);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "adding an obligation");
	*id = sqlite3_last_insert_rowid(st->db);
	return put_correction(st, *id, NULL, err); /* marks it as a person's */
}

enum md_err md_store_add(struct md_store *st, const char *symbol, int paragraph,
                         const struct md_fix *fix, int64_t *id, struct md_error *err)
{
	char detail[320];
	int64_t doc;
	enum md_err rc;

	if (!fix->has_due || !fix->has_kind || !fix->has_actor || !fix->actor || !*fix->actor)
		return md_error_set(err, MD_EINVAL,
		                    "an added obligation needs a due, a kind and "
		                    "an actor");
	if (paragraph <= 0)
		return md_error_set(err, MD_EINVAL, "the paragraph must be a positive number");
	if ((rc = store_begin(st, err)) != MD_OK)
		return rc;
	rc = doc_id(st, symbol, &doc, err);
	if (rc == MD_OK)
		rc = insert_added(st, doc, paragraph, fix, id, err);
	if (rc == MD_OK)
		rc = store_resolve(st, *id, NULL, err);
	describe_fix(fix, detail, sizeof(detail));
	if (rc == MD_OK)
		rc = store_history_add(st, "add", symbol, *id, detail, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}
