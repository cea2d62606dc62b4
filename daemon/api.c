/*
 * api.c - the JSON API: /api/v1/obligations and /api/v1/documents/SYMBOL.
 *
 * /api/v1/obligations takes the filters of `mandatectl upcoming` as query
 * parameters (body, actor, kind, symbol, status, from, within, to, limit)
 * with the same defaults (from today, within 90 days, open ones) and
 * answers {"from", "to", "count", "obligations": [md_item_json, ...]}.
 * /api/v1/documents/SYMBOL answers the stored resolution: its metadata,
 * paragraphs and every occurrence of its obligations.  The source path of
 * a document is a detail of the server and is not shown.
 */
#include "http.h"

#include <stdlib.h>
#include <string.h>

#include "mandate/log.h"

static char *dump(json_t *j)
{
	char *s =
	    j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;

	json_decref(j);
	return s;
}

/* A database failure: 503, and the connection is opened afresh next time. */
static void db_failed(struct http *h, const struct md_error *err, struct reply *r)
{
	md_log_warnx("api: %s", err->msg);
	http_store_reset(h);
	reply_text(r, 503, "the database is not available");
}

void api_obligations(struct http *h, const struct filters *f, struct reply *r)
{
	struct md_query q = {.kind = f->kind, .dated_only = true, .limit = f->limit};
	struct md_period within = {.days = 90};
	struct md_store *st = http_store(h);
	struct md_item *items;
	struct md_error err;
	json_t *list, *obj;
	size_t n;

	if (!st) {
		reply_text(r, 503, "the database is not available");
		return;
	}
	q.body = f->body[0] ? f->body : NULL;
	q.actor = f->actor[0] ? f->actor : NULL;
	q.symbol = f->symbol[0] ? f->symbol : NULL;
	q.status = f->status_set ? f->status : MD_STATUS_OPEN;
	q.from = md_date_is_none(f->from) ? daemon_today() : f->from;
	if (f->within_set)
		within = f->within;
	q.to = md_date_is_none(f->to) ? md_date_add_period(q.from, within) : f->to;
	md_error_clear(&err);
	if (md_store_upcoming(st, &q, &items, &n, &err) != MD_OK) {
		db_failed(h, &err, r);
		return;
	}
	list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, md_item_json(&items[i]));
	md_items_free(items, n);
	obj = json_pack("{s:o, s:o, s:I, s:o}", "from", md_date_json(q.from), "to",
	                md_date_json(q.to), "count", (json_int_t)n, "obligations",
	                list ? list : json_array());
	reply_json(r, dump(obj));
}

void api_document(struct http *h, const char *symbol, struct reply *r)
{
	struct md_store *st = http_store(h);
	struct md_store_doc *d;
	struct md_error err;
	enum md_err rc;

	if (!st) {
		reply_text(r, 503, "the database is not available");
		return;
	}
	md_error_clear(&err);
	rc = md_store_show(st, symbol, &d, &err);
	if (rc == MD_ENOENT) {
		reply_text(r, 404, "not found"); /* every 404 reads the same */
		return;
	}
	if (rc != MD_OK) {
		db_failed(h, &err, r);
		return;
	}
	reply_json(r, dump(md_store_doc_json(d)));
	md_store_doc_free(d);
}
