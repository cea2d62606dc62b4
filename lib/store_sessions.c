/*
 * store_sessions.c - the sessions table: seeding, listing, staff changes,
 * and resolving again what a change of session dates affects.
 *
 * Policy: a new database takes its sessions from data/sessions.tsv (the
 * path the caller gives).  Staff set or import sessions later; each changed
 * session is recorded in the history, and every obligation due at that
 * organ is resolved again (projections of later sessions may move too),
 * recording in the history each obligation whose dates changed.
 */
#include "store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sql_put[] =
    "INSERT INTO sessions (body, number, start, \"end\", status) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (body, number) DO UPDATE SET start = excluded.start,"
    " \"end\" = excluded.\"end\", status = excluded.status";

static enum md_err put_session(struct md_store *st, const struct md_session *ses,
                               struct md_error *err)
{
	sqlite3_stmt *s = store_stmt(st, sql_put, err);

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, ses->body);
	sqlite3_bind_int(s, 2, ses->number);
	store_bind_date(s, 3, ses->start);
	store_bind_date(s, 4, ses->end);
	store_bind_text(s, 5, md_session_status_name(ses->status));
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "writing a session");
	return MD_OK;
}

enum md_err store_sessions_seed(struct md_store *st, const char *path, struct md_error *err)
{
	struct md_calendar *cal = md_calendar_new();
	enum md_err rc;

	if (!cal)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	rc = md_calendar_load_tsv(cal, path, err);
	for (size_t i = 0; rc == MD_OK && i < md_calendar_count(cal); i++)
		rc = put_session(st, md_calendar_at(cal, i), err);
	md_calendar_free(cal);
	return rc;
}

/* Reads the current row of sessions: SELECT body, number, start, end, status. */
static void read_session(sqlite3_stmt *s, struct md_session *out)
{
	int stat = md_session_status_parse((const char *)sqlite3_column_text(s, 4));

	memset(out, 0, sizeof(*out));
	snprintf(out->body, sizeof(out->body), "%s", (const char *)sqlite3_column_text(s, 0));
	out->number = sqlite3_column_int(s, 1);
	out->start = store_col_date(s, 2);
	out->end = store_col_date(s, 3);
	out->status = stat < 0 ? MD_SES_SET : (enum md_session_status)stat;
}

enum md_err store_sessions_load(struct md_store *st, struct md_calendar *cal, struct md_error *err)
{
	static const char sql[] = "SELECT body, number, start, \"end\", status FROM sessions";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_session ses;
	enum md_err rc = MD_OK;
	int step;

	if (!s)
		return err ? err->code : MD_EDB;
	while (rc == MD_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		read_session(s, &ses);
		rc = md_calendar_put(cal, &ses, err);
	}
	sqlite3_reset(s);
	if (rc == MD_OK && step != SQLITE_DONE)
		return store_dberr(st, err, "reading the sessions");
	return rc;
}

enum md_err md_store_sessions_list(struct md_store *st, const char *body, struct md_session **out,
                                   size_t *n, struct md_error *err)
{
	static const char sql[] = "SELECT body, number, start, \"end\", status FROM sessions"
	                          " WHERE ?1 IS NULL OR body = ?1 ORDER BY body, number";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_session *v = NULL, *grown;
	size_t cap = 0;
	int step;

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, body);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(grown = realloc(v, cap * sizeof(*v)))) {
				sqlite3_reset(s);
				free(v);
				return md_error_set(err, MD_ENOMEM, "out of memory");
			}
			v = grown;
		}
		read_session(s, &v[(*n)++]);
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		free(v);
		*n = 0;
		return store_dberr(st, err, "reading the sessions");
	}
	*out = v;
	return MD_OK;
}

/* Sets one session; *moved when its dates or status differ from what was stored. */
static enum md_err set_one(struct md_store *st, const struct md_session *ses, bool *moved,
                           struct md_error *err)
{
	static const char sql[] = "SELECT body, number, start, \"end\", status FROM sessions"
	                          " WHERE body = ? AND number = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_session old;
	char a[16], b[16], detail[160], was[64] = "new";
	bool found;

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, ses->body);
	sqlite3_bind_int(s, 2, ses->number);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		read_session(s, &old);
	sqlite3_reset(s);
	*moved = !found || md_date_cmp(old.start, ses->start) || md_date_cmp(old.end, ses->end) ||
	         old.status != ses->status;
	if (!*moved)
		return MD_OK;
	if (found) {
		md_date_format(old.start, a, sizeof(a));
		md_date_format(old.end, b, sizeof(b));
		snprintf(was, sizeof(was), "was %s to %s, %s", a, b,
		         md_session_status_name(old.status));
	}
	md_date_format(ses->start, a, sizeof(a));
	md_date_format(ses->end, b, sizeof(b));
	snprintf(detail, sizeof(detail), "%s %d: %s to %s, %s (%s)", ses->body, ses->number, a, b,
	         md_session_status_name(ses->status), was);
	if (put_session(st, ses, err) != MD_OK)
		return err ? err->code : MD_EDB;
	return store_history_add(st, "session", NULL, 0, detail, err);
}

/* The ids of every obligation due at an organ (new array, free()). */
static enum md_err ids_at(struct md_store *st, const char *body, int64_t **ids, size_t *n,
                          struct md_error *err)
{
	static const char sql[] = "SELECT id FROM obligations WHERE sess_body = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	size_t cap = 0;
	int64_t *grown;
	int step;

	*ids = NULL;
	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, body);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) { /* on failure the caller frees what was read */
			cap = cap ? cap * 2 : 256;
			if (!(grown = realloc(*ids, cap * sizeof(**ids)))) {
				sqlite3_reset(s);
				return md_error_set(err, MD_ENOMEM, "out of memory");
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? MD_OK : store_dberr(st, err, "reading obligations");
}

/* Resolves again every obligation due at body; counts those whose dates changed. */
static enum md_err resolve_body(struct md_store *st, const char *body, int *resolved,
                                struct md_error *err)
{
	int64_t *ids;
	size_t n;
	char sym[128], detail[96];
	bool changed;
	enum md_err rc = ids_at(st, body, &ids, &n, err);

	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		rc = store_resolve(st, ids[i], &changed, err);
		if (rc != MD_OK || !changed)
			continue;
		(*resolved)++;
		snprintf(detail, sizeof(detail), "dates resolved again after %s sessions changed",
		         body);
		rc = store_obligation_symbol(st, ids[i], sym, sizeof(sym), err);
		if (rc == MD_OK)
			rc = store_history_add(st, "resolve", sym, ids[i], detail, err);
	}
	free(ids);
	return rc;
}

static bool body_seen(const struct md_session *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(s[j].body, s[i].body) == 0)
			return true;
	return false;
}

static enum md_err validate(const struct md_session *s, size_t n, struct md_error *err)
{
	struct md_calendar *cal = md_calendar_new();
	enum md_err rc = cal ? MD_OK : md_error_set(err, MD_ENOMEM, "out of memory");

	for (size_t i = 0; rc == MD_OK && i < n; i++)
		rc = md_calendar_put(cal, &s[i], err);
	md_calendar_free(cal);
	return rc;
}

enum md_err md_store_sessions_set(struct md_store *st, const struct md_session *s, size_t n,
                                  int *resolved, struct md_error *err)
{
	int count = 0;
	bool moved, any = false;
	enum md_err rc = validate(s, n, err);

	if (rc == MD_OK)
		rc = store_begin(st, err);
	if (rc != MD_OK)
		return rc;
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		rc = set_one(st, &s[i], &moved, err);
		any = any || moved;
	}
	if (rc == MD_OK && any)
		rc = store_sessions_touch(st, err);
	for (size_t i = 0; rc == MD_OK && any && i < n; i++)
		if (!body_seen(s, i))
			rc = resolve_body(st, s[i].body, &count, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	if (resolved)
		*resolved = count;
	return store_commit(st, err);
}

enum md_err md_store_sessions_import(struct md_store *st, const char *path, size_t *n_sessions,
                                     int *resolved, struct md_error *err)
{
	struct md_calendar *cal = md_calendar_new();
	struct md_session *v = NULL;
	size_t n = 0;
	enum md_err rc = cal ? md_calendar_load_tsv(cal, path, err)
	                     : md_error_set(err, MD_ENOMEM, "out of memory");

	if (rc == MD_OK && (n = md_calendar_count(cal)) > 0 && !(v = calloc(n, sizeof(*v))))
		rc = md_error_set(err, MD_ENOMEM, "out of memory");
	for (size_t i = 0; rc == MD_OK && i < n; i++)
		v[i] = *md_calendar_at(cal, i);
	if (rc == MD_OK)
		rc = md_store_sessions_set(st, v, n, resolved, err);
	if (rc == MD_OK && n_sessions)
		*n_sessions = n;
	free(v);
	md_calendar_free(cal);
	return rc;
}
