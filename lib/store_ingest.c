/*
 * store_ingest.c - storing an extraction record, one transaction per document.
 *
 * Policy:
 * - A document is known by its symbol.  The record (with spans, rules and
 *   confidence) and the text are hashed: the same hash again writes
 *   nothing, so re-ingesting a document changes nothing.
 * - An extracted obligation is known by (paragraph, kind, ordinal), the
 *   ordinal counting earlier obligations of the same paragraph and kind in
 *   the record.  A corrected text that keeps that triple keeps the id, the
 *   status and any correction; its actor, due and recurrence are updated
 *   (reported as changed when one of them differs).
 * - An obligation the new text no longer has is dismissed ("no longer in
 *   the text") rather than deleted, so that its id and its feed events
 *   survive: calendar clients see it cancelled instead of silently gone.
 *   Should the text bring it back, it is open again.  One a person corrected
 *   is kept as it is, marked as no longer in the text: a correction wins over
 *   the extractor.  Obligations people added are never touched by ingest.
 */
#include "store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The note of an obligation a corrected text dropped. */
#define GONE_NOTE "no longer in the text"

/* A stored extractor obligation of the document. */
struct old_ob {
	int64_t id;
	int paragraph, kind, ordinal;
	char *actor, *due, *rec;
	bool in_text, corrected, matched;
};

struct ingest {
	struct md_store *st;
	const struct md_record *r;
	struct md_ingest_result *res;
	int64_t doc_id;
	struct old_ob *old;
	size_t n_old;
	size_t cap_changes;
};

static void free_old(struct ingest *in)
{
	for (size_t i = 0; i < in->n_old; i++) {
		free(in->old[i].actor);
		free(in->old[i].due);
		free(in->old[i].rec);
	}
	free(in->old);
}

void md_ingest_result_free(struct md_ingest_result *res)
{
	if (!res)
		return;
	free(res->changes);
	res->changes = NULL;
	res->n_changes = 0;
}

/* The hash of everything the record says: its JSON with extras, and its text. */
static enum md_err record_hash(const struct md_record *r, char out[17], struct md_error *err)
{
	json_t *j = md_record_json(r, 1);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	uint64_t h;

	json_decref(j);
	if (!s)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	h = store_hash_str(STORE_HASH_INIT, s);
	h = store_hash(h, r->text ? r->text : "", r->text ? r->text_len : 0);
	free(s);
	snprintf(out, 17, "%016" PRIx64, h);
	return MD_OK;
}

static enum md_err note_change(struct ingest *in, char op, int64_t id, int paragraph,
                               enum md_kind kind, const char *what, struct md_error *err)
{
	struct md_ingest_result *res = in->res;
	struct md_ingest_change *c;

	if (res->n_changes == in->cap_changes) {
		size_t cap = in->cap_changes ? in->cap_changes * 2 : 16;

		if (!(c = realloc(res->changes, cap * sizeof(*c))))
			return md_error_set(err, MD_ENOMEM, "out of memory");
		res->changes = c;
		in->cap_changes = cap;
	}
	c = &res->changes[res->n_changes++];
	c->op = op;
	c->id = id;
	c->paragraph = paragraph;
	c->kind = kind;
	snprintf(c->what, sizeof(c->what), "%s", what);
	return MD_OK;
}

/* Finds the document: *id 0 when new; *same when its stored hash is hash. */
static enum md_err find_doc(struct ingest *in, const char *hash, bool *same, struct md_error *err)
{
	static const char sql[] = "SELECT id, hash FROM documents WHERE symbol = ?";
	sqlite3_stmt *s = store_stmt(in->st, sql, err);
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, in->r->symbol);
	rc = sqlite3_step(s);
	in->doc_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	*same = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 1), hash) == 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(in->st, err, "reading a document");
	return MD_OK;
}

static const char sql_doc_new[] =
    "INSERT INTO documents (symbol, body, session, adopted, title, operative_paragraphs,"
    " source, hash, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_doc_upd[] =
    "UPDATE documents SET symbol = ?1, body = ?2, session = ?3, adopted = ?4, title = ?5,"
    " operative_paragraphs = ?6, source = ?7, hash = ?8, ingested_at = ?9 WHERE id = ?10";

static enum md_err put_doc(struct ingest *in, const char *source, const char *hash,
                           struct md_error *err)
{
	const struct md_record *r = in->r;
	sqlite3_stmt *s = store_stmt(in->st, in->doc_id ? sql_doc_upd : sql_doc_new, err);

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, r->symbol);
	store_bind_text(s, 2, r->body);
	if (r->session > 0)
		sqlite3_bind_int(s, 3, r->session);
	store_bind_date(s, 4, r->adopted);
	store_bind_text(s, 5, r->title);
	sqlite3_bind_int(s, 6, r->operative_paragraphs);
	store_bind_text(s, 7, source);
	store_bind_text(s, 8, hash);
	store_bind_text(s, 9, in->st->now);
	if (in->doc_id)
		sqlite3_bind_int64(s, 10, in->doc_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(in->st, err, "writing a document");
	if (!in->doc_id) {
		in->doc_id = sqlite3_last_insert_rowid(in->st->db);
		in->res->new_document = true;
	}
	return MD_OK;
}

/* Runs sql (one parameter: the document id). */
static enum md_err doc_exec(struct ingest *in, const char *sql, struct md_error *err)
{
	sqlite3_stmt *s = store_stmt(in->st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, in->doc_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(in->st, err, "writing paragraphs");
	return MD_OK;
}

/*
 * Replaces the paragraphs and their full-text index entries: one FTS5
 * statement for the document's old rows and one for its new ones.  In a
 * batch the new rows only join temp.fts_pending, indexed in one statement
 * at the batch's commit (lib/store.c): FTS5 writes a segment per statement,
 * and a segment per document was most of a bulk load's time.  Rows still
 * pending were never indexed, so they are not unindexed either.
 */
static enum md_err put_paragraphs(struct ingest *in, struct md_error *err)
{
	static const char sql_unindex[] =
	    "INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text)"
	    " SELECT 'delete', id, text FROM paragraphs WHERE document_id = ?";
	static const char sql_unindex_batch[] =
	    "INSERT INTO paragraphs_fts (paragraphs_fts, rowid, text)"
	    " SELECT 'delete', id, text FROM paragraphs WHERE document_id = ?1"
	    " AND id NOT IN (SELECT id FROM temp.fts_pending)";
	static const char sql_unpend[] =
	    "DELETE FROM temp.fts_pending"
	    " WHERE id IN (SELECT id FROM paragraphs WHERE document_id = ?)";
	static const char sql_del[] = "DELETE FROM paragraphs WHERE document_id = ?";
	static const char sql_ins[] = "INSERT INTO paragraphs (document_id, number, text)"
	                              " VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
	static const char sql_index[] = "INSERT INTO paragraphs_fts (rowid, text)"
	                                " SELECT id, text FROM paragraphs WHERE document_id = ?";
	static const char sql_pend[] = "INSERT INTO temp.fts_pending (id)"
	                               " SELECT id FROM paragraphs WHERE document_id = ?";
	const struct md_record *r = in->r;
	bool batch = in->st->batch;
	sqlite3_stmt *s;
	enum md_err rc = MD_OK;

	if (!in->res->new_document &&
	    ((rc = doc_exec(in, batch ? sql_unindex_batch : sql_unindex, err)) != MD_OK ||
	     (batch && (rc = doc_exec(in, sql_unpend, err)) != MD_OK) ||
	     (rc = doc_exec(in, sql_del, err)) != MD_OK))
		return rc;
	for (size_t i = 0; i < r->n_paragraphs; i++) {
		const struct md_paragraph *p = &r->paragraphs[i];

		if (!r->text || p->start > p->end || p->end > r->text_len)
			continue; /* a span the text does not hold: nothing to index */
		if (!(s = store_stmt(in->st, sql_ins, err)))
			return err ? err->code : MD_EDB;
		sqlite3_bind_int64(s, 1, in->doc_id);
		sqlite3_bind_int(s, 2, p->number);
		sqlite3_bind_text(s, 3, r->text + p->start, (int)(p->end - p->start),
		                  SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_dberr(in->st, err, "writing a paragraph");
	}
	return doc_exec(in, batch ? sql_pend : sql_index, err);
}

static enum md_err load_old(struct ingest *in, struct md_error *err)
{
	static const char sql[] =
	    "SELECT o.id, o.paragraph, o.kind, o.ordinal, o.actor, o.due, o.recurrence,"
	    " o.in_text, c.obligation_id IS NOT NULL FROM obligations o"
	    " LEFT JOIN corrections c ON c.obligation_id = o.id"
	    " WHERE o.document_id = ? AND o.origin = 'extractor'";
	sqlite3_stmt *s = store_stmt(in->st, sql, err);
	size_t cap = 0;
	bool oom = false;
	int step;

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, in->doc_id);
	while (!oom && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct old_ob *o;

		if (in->n_old == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(o = realloc(in->old, cap * sizeof(*o)))) {
				oom = true;
				break;
			}
			in->old = o;
		}
		o = &in->old[in->n_old++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(s, 0);
		o->paragraph = sqlite3_column_int(s, 1);
		o->kind = md_kind_parse((const char *)sqlite3_column_text(s, 2));
		o->ordinal = sqlite3_column_int(s, 3);
		o->actor = store_col_strdup(s, 4, &oom);
		o->due = store_col_strdup(s, 5, &oom);
		o->rec = store_col_strdup(s, 6, &oom);
		o->in_text = sqlite3_column_int(s, 7);
		o->corrected = sqlite3_column_int(s, 8);
	}
	sqlite3_reset(s);
	if (oom)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return step == SQLITE_DONE ? MD_OK : store_dberr(in->st, err, "reading obligations");
}

static struct old_ob *match_old(struct ingest *in, int paragraph, int kind, int ordinal)
{
	for (size_t i = 0; i < in->n_old; i++) {
		struct old_ob *o = &in->old[i];

		if (!o->matched && o->paragraph == paragraph && o->kind == kind &&
		    o->ordinal == ordinal)
			return o;
	}
	return NULL;
}

/* The ordinal of obligation i: earlier ones of the same paragraph and kind. */
static int ordinal_of(const struct md_record *r, size_t i)
{
	int n = 0;

	for (size_t j = 0; j < i; j++)
		n += r->obligations[j].paragraph == r->obligations[i].paragraph &&
		     r->obligations[j].kind == r->obligations[i].kind;
	return n;
}

static bool str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

static const char sql_ob_new[] =
    "INSERT INTO obligations (document_id, paragraph, kind, ordinal, actor, due, recurrence,"
    " span_start, span_end, rule, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11)";
/* A text that brings back an obligation it had dropped reopens it. */
static const char sql_ob_upd[] =
    "UPDATE obligations SET actor = ?5, due = ?6, recurrence = ?7, span_start = ?8,"
    " span_end = ?9, rule = ?10, confidence = ?11, in_text = 1,"
    " status = CASE WHEN in_text = 0 AND note IS '" GONE_NOTE "' THEN 'open' ELSE status END,"
    " note = CASE WHEN in_text = 0 AND note IS '" GONE_NOTE "' THEN NULL ELSE note END"
    " WHERE id = ?12";

/* Inserts or updates obligation i; *id gets its id. */
static enum md_err put_ob(struct ingest *in, size_t i, int ordinal, const char *due,
                          const char *rec, int64_t old_id, struct md_error *err)
{
	const struct md_obligation *o = &in->r->obligations[i];
	sqlite3_stmt *s = store_stmt(in->st, old_id ? sql_ob_upd : sql_ob_new, err);

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, in->doc_id);
	sqlite3_bind_int(s, 2, o->paragraph);
	store_bind_text(s, 3, md_kind_name(o->kind));
	sqlite3_bind_int(s, 4, ordinal);
	store_bind_text(s, 5, o->actor ? o->actor : "");
	store_bind_text(s, 6, due);
	store_bind_text(s, 7, rec[0] ? rec : NULL);
	sqlite3_bind_int64(s, 8, (sqlite3_int64)o->start);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)o->end);
	store_bind_text(s, 10, o->rule);
	sqlite3_bind_double(s, 11, o->confidence);
	if (old_id)
		sqlite3_bind_int64(s, 12, old_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(in->st, err, "writing an obligation");
	return MD_OK;
}

static enum md_err ingest_ob(struct ingest *in, size_t i, struct md_error *err)
{
	const struct md_obligation *o = &in->r->obligations[i];
	int ordinal = ordinal_of(in->r, i);
	struct old_ob *old = match_old(in, o->paragraph, (int)o->kind, ordinal);
	char rec[32], what[192], *due = store_due_dump(&o->due);
	bool changed;
	int64_t id;
	enum md_err rc;

	if (!due)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	md_period_format(o->recurrence, rec, sizeof(rec));
	changed = old && (str_differs(old->actor, o->actor) || str_differs(old->due, due) ||
	                  str_differs(old->rec, rec) || !old->in_text);
	rc = put_ob(in, i, ordinal, due, rec, old ? old->id : 0, err);
	free(due);
	if (rc != MD_OK)
		return rc;
	if (old)
		old->matched = true;
	id = old ? old->id : sqlite3_last_insert_rowid(in->st->db);
	if (old && !changed)
		return MD_OK;
	md_store_summary(o->kind, o->actor, &o->due, &o->recurrence, what, sizeof(what));
	in->res->added += !old;
	in->res->changed += changed;
	if (changed && (rc = store_history_add(in->st, "change", in->r->symbol, id, what, err)))
		return rc;
	return note_change(in, old ? '~' : '+', id, o->paragraph, o->kind, what, err);
}

/* An obligation gone from the text: removed, or kept when a person corrected it. */
static enum md_err drop_old(struct ingest *in, struct old_ob *o, struct md_error *err)
{
	static const char sql_del[] =
	    "UPDATE obligations SET in_text = 0, status = 'dismissed', note = '" GONE_NOTE "'"
	    " WHERE id = ?";
	static const char sql_keep[] = "UPDATE obligations SET in_text = 0 WHERE id = ?";
	sqlite3_stmt *s;
	struct md_due due;
	char what[192];
	enum md_err rc;

	if (!o->in_text)
		return MD_OK; /* gone, or kept, at an earlier ingest */
	if (!(s = store_stmt(in->st, o->corrected ? sql_keep : sql_del, err)))
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, o->id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(in->st, err, "removing an obligation");
	if ((rc = store_due_load(o->due, &due, err)) != MD_OK)
		return rc;
	md_store_summary(o->kind < 0 ? MD_KIND_OTHER : (enum md_kind)o->kind, o->actor, &due, NULL,
	                 what, sizeof(what));
	in->res->removed += !o->corrected;
	in->res->kept += o->corrected;
	rc = store_history_add(in->st, o->corrected ? "keep" : "remove", in->r->symbol, o->id, what,
	                       err);
	if (rc == MD_OK)
		rc = note_change(in, o->corrected ? '=' : '-', o->id, o->paragraph,
		                 o->kind < 0 ? MD_KIND_OTHER : (enum md_kind)o->kind, what, err);
	return rc;
}

/* Resolves every obligation of the document (adoption may have moved too). */
static enum md_err resolve_doc(struct ingest *in, struct md_error *err)
{
	static const char sql[] = "SELECT id FROM obligations WHERE document_id = ?";
	sqlite3_stmt *s = store_stmt(in->st, sql, err);
	int64_t *ids = NULL;
	size_t n = 0;
	int step;
	enum md_err rc = MD_OK;

	if (!s)
		return err ? err->code : MD_EDB;
	ids = malloc((in->r->n_obligations + in->n_old + 1) * sizeof(*ids));
	if (!ids)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	sqlite3_bind_int64(s, 1, in->doc_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && n < in->r->n_obligations + in->n_old)
		ids[n++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	for (size_t i = 0; rc == MD_OK && i < n; i++)
		rc = store_resolve(in->st, ids[i], NULL, err);
	free(ids);
	return rc;
}

static enum md_err ingest_body(struct ingest *in, const char *source, const char *hash,
                               struct md_error *err)
{
	char detail[256];
	enum md_err rc = put_doc(in, source, hash, err);

	if (rc == MD_OK)
		rc = put_paragraphs(in, err);
	if (rc == MD_OK && !in->res->new_document)
		rc = load_old(in, err);
	for (size_t i = 0; rc == MD_OK && i < in->r->n_obligations; i++)
		rc = ingest_ob(in, i, err);
	for (size_t i = 0; rc == MD_OK && i < in->n_old; i++)
		if (!in->old[i].matched)
			rc = drop_old(in, &in->old[i], err);
	if (rc == MD_OK)
		rc = resolve_doc(in, err);
	snprintf(detail, sizeof(detail), "%s from %s: %d added, %d changed, %d removed, %d kept",
	         in->res->new_document ? "new" : "corrected text", source ? source : "(unnamed)",
	         in->res->added, in->res->changed, in->res->removed, in->res->kept);
	if (rc == MD_OK)
		rc = store_history_add(in->st, "ingest", in->r->symbol, 0, detail, err);
	return rc;
}

/* Every due names a session, a date, or is a recurrence whose first date is unstated. */
static enum md_err check_dues(const struct md_record *r, const char *source, struct md_error *err)
{
	for (size_t i = 0; i < r->n_obligations; i++) {
		const struct md_obligation *o = &r->obligations[i];

		if (!o->due.body[0] && md_date_is_none(o->due.date) &&
		    md_period_is_none(o->recurrence))
			return md_error_set(err, MD_EINVAL,
			                    "%s: paragraph %d: a due needs a session, a date or a "
			                    "recurrence",
			                    source ? source : "record", o->paragraph);
	}
	return MD_OK;
}

enum md_err md_store_ingest(struct md_store *st, const struct md_record *r, const char *source,
                            struct md_ingest_result *res, struct md_error *err)
{
	struct ingest in = {st, r, res, 0, NULL, 0, 0};
	char hash[17];
	bool same;
	enum md_err rc;

	memset(res, 0, sizeof(*res));
	if (!r->symbol || !*r->symbol)
		return md_error_set(err, MD_EINVAL, "%s: the document has no symbol",
		                    source ? source : "record");
	if ((rc = check_dues(r, source, err)) != MD_OK)
		return rc;
	if ((rc = record_hash(r, hash, err)) != MD_OK || (rc = store_begin(st, err)) != MD_OK)
		return rc;
	rc = find_doc(&in, hash, &same, err);
	if (rc == MD_OK && same) {
		res->unchanged = true;
		store_rollback(st); /* nothing was written */
		return MD_OK;
	}
	if (rc == MD_OK)
		rc = ingest_body(&in, source, hash, err);
	free_old(&in);
	if (rc == MD_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (rc != MD_OK)
		md_ingest_result_free(res);
	return rc;
}
