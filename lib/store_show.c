/*
 * store_show.c - one document with its paragraphs and obligations, the
 * full-text search over paragraphs, and the history.
 *
 * Search policy: the words of the text are each quoted for FTS5 (so that a
 * symbol such as "A/HRC/RES/51/34" or a stray quote is never query syntax)
 * and must all occur in the paragraph; best matches first (FTS5 rank).
 */
#include "store_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void md_store_doc_free(struct md_store_doc *d)
{
	if (!d)
		return;
	free(d->symbol);
	free(d->body);
	free(d->title);
	free(d->source);
	for (size_t i = 0; i < d->n_paragraphs; i++)
		free(d->paragraphs[i].text);
	free(d->paragraphs);
	md_items_free(d->items, d->n_items);
	free(d);
}

static enum md_err load_meta(struct md_store *st, const char *symbol, struct md_store_doc *d,
                             int64_t *id, struct md_error *err)
{
	static const char sql[] = "SELECT id, symbol, body, session, adopted, title,"
	                          " operative_paragraphs, source FROM documents WHERE symbol = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	bool oom = false;
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, symbol);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		d->symbol = store_col_strdup(s, 1, &oom);
		d->body = store_col_strdup(s, 2, &oom);
		d->session = sqlite3_column_int(s, 3);
		d->adopted = store_col_date(s, 4);
		d->title = store_col_strdup(s, 5, &oom);
		d->operative_paragraphs = sqlite3_column_int(s, 6);
		d->source = store_col_strdup(s, 7, &oom);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return md_error_set(err, MD_ENOENT, "%s: no such document in %s", symbol, st->path);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading a document");
	return oom ? md_error_set(err, MD_ENOMEM, "out of memory") : MD_OK;
}

static enum md_err load_paragraphs(struct md_store *st, int64_t id, struct md_store_doc *d,
                                   struct md_error *err)
{
	static const char sql[] = "SELECT number, text FROM paragraphs WHERE document_id = ?"
	                          " ORDER BY number";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_store_para *grown;
	size_t cap = 0;
	bool oom = false;
	int step;

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	while (!oom && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (d->n_paragraphs == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(d->paragraphs, cap * sizeof(*grown)))) {
				oom = true;
				break;
			}
			d->paragraphs = grown;
		}
		d->paragraphs[d->n_paragraphs].number = sqlite3_column_int(s, 0);
		d->paragraphs[d->n_paragraphs++].text = store_col_strdup(s, 1, &oom);
	}
	sqlite3_reset(s);
	if (oom)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return step == SQLITE_DONE ? MD_OK : store_dberr(st, err, "reading paragraphs");
}

enum md_err md_store_show(struct md_store *st, const char *symbol, struct md_store_doc **out,
                          struct md_error *err)
{
	struct md_store_doc *d = calloc(1, sizeof(*d));
	struct md_query q = {.kind = -1, .symbol = symbol, .status = MD_STATUS_ALL};
	int64_t id = 0;
	enum md_err rc;

	*out = NULL;
	if (!d)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	rc = load_meta(st, symbol, d, &id, err);
	if (rc == MD_OK)
		rc = load_paragraphs(st, id, d, err);
	if (rc == MD_OK)
		rc = md_store_upcoming(st, &q, &d->items, &d->n_items, err);
	if (rc != MD_OK) {
		md_store_doc_free(d);
		return rc;
	}
	*out = d;
	return MD_OK;
}

/* ---- search ---- */

void md_search_hits_free(struct md_search_hit *hits, size_t n)
{
	for (size_t i = 0; hits && i < n; i++) {
		free(hits[i].symbol);
		free(hits[i].snippet);
	}
	free(hits);
}

/* A word: letters, digits and every non-ASCII byte (UTF-8 letters). */
static bool word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c);
}

/* Writes the FTS5 query: each word in double quotes.  Returns the word count. */
static int fts_query(const char *text, char *out, size_t size)
{
	size_t len = 0;
	int words = 0;

	out[0] = '\0';
	for (const char *p = text; *p;) {
		size_t n = 0;

		while (*p && !word_byte((unsigned char)*p))
			p++;
		while (word_byte((unsigned char)p[n]))
			n++;
		if (n == 0 || len + n + 4 >= size)
			break;
		len += (size_t)snprintf(out + len, size - len, "%s\"%.*s\"", words ? " " : "",
		                        (int)n, p);
		words++;
		p += n;
	}
	return words;
}

enum md_err md_store_search(struct md_store *st, const char *text, size_t limit,
                            struct md_search_hit **hits, size_t *n, struct md_error *err)
{
	static const char sql[] =
	    "SELECT d.symbol, p.number, snippet(paragraphs_fts, 0, '[', ']', '...', 16)"
	    " FROM paragraphs_fts JOIN paragraphs p ON p.id = paragraphs_fts.rowid"
	    " JOIN documents d ON d.id = p.document_id"
	    " WHERE paragraphs_fts MATCH ? ORDER BY rank LIMIT ?";
	char query[1024];
	sqlite3_stmt *s;
	struct md_search_hit *v = NULL, *grown;
	size_t cap = 0, k = 0;
	bool oom = false;
	int step;

	*hits = NULL;
	*n = 0;
	if (fts_query(text, query, sizeof(query)) == 0)
		return md_error_set(err, MD_EINVAL, "'%s': no word to search for", text);
	if (!(s = store_stmt(st, sql, err)))
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, query);
	sqlite3_bind_int64(s, 2, limit ? (sqlite3_int64)limit : -1);
	while (!oom && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(v, cap * sizeof(*v)))) {
				oom = true;
				break;
			}
			v = grown;
		}
		v[k].symbol = store_col_strdup(s, 0, &oom);
		v[k].paragraph = sqlite3_column_int(s, 1);
		v[k++].snippet = store_col_strdup(s, 2, &oom);
	}
	sqlite3_reset(s);
	if (oom || step != SQLITE_DONE) {
		md_search_hits_free(v, k);
		return oom ? md_error_set(err, MD_ENOMEM, "out of memory")
		           : store_dberr(st, err, "searching");
	}
	*hits = v;
	*n = k;
	return MD_OK;
}

/* ---- history ---- */

void md_history_free(struct md_history *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++) {
		free(h[i].at);
		free(h[i].who);
		free(h[i].action);
		free(h[i].symbol);
		free(h[i].detail);
	}
	free(h);
}

enum md_err md_store_history(struct md_store *st, int64_t id, size_t limit, struct md_history **out,
                             size_t *n, struct md_error *err)
{
	static const char sql[] = "SELECT id, at, who, action, symbol, obligation_id, detail"
	                          " FROM history WHERE ?1 = 0 OR obligation_id = ?1"
	                          " ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	struct md_history *v = NULL, *grown;
	size_t cap = 0, k = 0;
	bool oom = false;
	int step;

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, limit ? (sqlite3_int64)limit : -1);
	while (!oom && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 32;
			if (!(grown = realloc(v, cap * sizeof(*v)))) {
				oom = true;
				break;
			}
			v = grown;
		}
		v[k].id = sqlite3_column_int64(s, 0);
		v[k].at = store_col_strdup(s, 1, &oom);
		v[k].who = store_col_strdup(s, 2, &oom);
		v[k].action = store_col_strdup(s, 3, &oom);
		v[k].symbol = store_col_strdup(s, 4, &oom);
		v[k].obligation_id = sqlite3_column_int64(s, 5);
		v[k++].detail = store_col_strdup(s, 6, &oom);
	}
	sqlite3_reset(s);
	if (oom || step != SQLITE_DONE) {
		md_history_free(v, k);
		return oom ? md_error_set(err, MD_ENOMEM, "out of memory")
		           : store_dberr(st, err, "reading the history");
	}
	*out = v;
	*n = k;
	return MD_OK;
}

json_t *md_store_doc_json(const struct md_store_doc *d)
{
	json_t *paras = json_array(), *items = json_array();

	for (size_t i = 0; paras && i < d->n_paragraphs; i++)
		json_array_append_new(
		    paras, json_pack("{s:i, s:s}", "number", d->paragraphs[i].number, "text",
		                     d->paragraphs[i].text ? d->paragraphs[i].text : ""));
	for (size_t i = 0; items && i < d->n_items; i++)
		json_array_append_new(items, md_item_json(&d->items[i]));
	return json_pack("{s:s, s:s?, s:i, s:o, s:s?, s:i, s:o, s:o}", "symbol", d->symbol, "body",
	                 d->body, "session", d->session, "adopted", md_date_json(d->adopted),
	                 "title", d->title, "operative_paragraphs", d->operative_paragraphs,
	                 "paragraphs", paras ? paras : json_array(), "obligations",
	                 items ? items : json_array());
}
