/*
 * store_web.c - read-only queries for the web pages (web.h): where each
 * obligation of a document came from (its span in the text it was read
 * from, what the extractor said before a person corrected it), and the
 * organs the store knows.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/web.h"

void md_store_origins_free(struct md_store_origin *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		free(o[i].corrected_by);
		free(o[i].corrected_at);
	}
	free(o);
}

/* Reads one row of md_store_origins' query into *o. */
static enum md_err read_origin(struct md_store *st, sqlite3_stmt *s, struct md_store_origin *o,
                               struct md_error *err)
{
	const char *kind = (const char *)sqlite3_column_text(s, 3);
	const char *rec = (const char *)sqlite3_column_text(s, 7);
	struct md_period period = {0};
	struct md_due due;
	bool oom = false;
	int k = md_kind_parse(kind);

	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(s, 0);
	o->paragraph = sqlite3_column_int(s, 1);
	o->ordinal = sqlite3_column_int(s, 2);
	snprintf(o->kind, sizeof(o->kind), "%s", kind ? kind : "other");
	o->staff = !strcmp((const char *)sqlite3_column_text(s, 4), "staff");
	o->span_start = sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 8);
	o->span_end = sqlite3_column_type(s, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 9);
	o->corrected_by = store_col_strdup(s, 10, &oom);
	o->corrected_at = store_col_strdup(s, 11, &oom);
	if (oom)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if (store_due_load_cached(st, (const char *)sqlite3_column_text(s, 6), &due, err) != MD_OK)
		return MD_EDB;
	if (rec && *rec)
		md_period_parse(rec, &period);
	md_store_summary(k < 0 ? MD_KIND_OTHER : (enum md_kind)k,
	                 (const char *)sqlite3_column_text(s, 5), &due, &period, o->extracted,
	                 sizeof(o->extracted));
	return MD_OK;
}

enum md_err md_store_origins(struct md_store *st, const char *symbol, struct md_store_origin **out,
                             size_t *n, struct md_error *err)
{
	static const char sql[] =
	    "SELECT o.id, o.paragraph, o.ordinal, o.kind, o.origin, o.actor, o.due, o.recurrence,"
	    " o.span_start, o.span_end, c.who, c.at"
	    " FROM obligations o JOIN documents d ON d.id = o.document_id"
	    " LEFT JOIN corrections c ON c.obligation_id = o.id"
	    " WHERE d.symbol = ? ORDER BY o.paragraph, o.span_start, o.id";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_store_origin *v = NULL, *grown;
	size_t cap = 0, k = 0;
	enum md_err rc = MD_OK;
	int step = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, symbol);
	while (rc == MD_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(v, cap * sizeof(*v)))) {
				rc = md_error_set(err, MD_ENOMEM, "out of memory");
				break;
			}
			v = grown;
		}
		rc = read_origin(st, s, &v[k], err);
		k++; /* even when it failed: its strings are freed below */
	}
	sqlite3_reset(s);
	if (rc == MD_OK && step != SQLITE_DONE)
		rc = store_dberr(st, err, "reading obligations");
	if (rc != MD_OK) {
		md_store_origins_free(v, k);
		return rc;
	}
	*out = v;
	*n = k;
	return MD_OK;
}

enum md_err md_store_bodies(struct md_store *st, json_t **out, struct md_error *err)
{
	static const char sql[] = "SELECT body FROM documents WHERE body IS NOT NULL"
	                          " UNION SELECT body FROM sessions ORDER BY 1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	json_t *a = json_array();
	int step;

	*out = NULL;
	if (!s || !a) {
		json_decref(a);
		return s ? md_error_set(err, MD_ENOMEM, "out of memory") : err ? err->code : MD_EDB;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(s, 0);

		if (b && *b && json_array_append_new(a, json_string(b)) != 0) {
			step = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		json_decref(a);
		return step == SQLITE_NOMEM ? md_error_set(err, MD_ENOMEM, "out of memory")
		                            : store_dberr(st, err, "reading organs");
	}
	*out = a;
	return MD_OK;
}
