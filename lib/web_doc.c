/*
 * web_doc.c - the page of one resolution (/documents/SYMBOL): its operative
 * paragraphs, each request marked in the text with the words of its due,
 * and under each paragraph its obligations with their dates, the rule that
 * gave the date and any correction a person made.
 *
 * The paragraph text goes to the template as segments -- plain text, or a
 * mark holding parts of which one may be the due -- so that the template
 * writes the <mark> and <strong> tags and every byte of the document is
 * escaped on the way out.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_labels[MD_KIND_MAX] = {
    "report", "oral update", "meeting", "webcast", "support", "mandate", "agenda item", "other",
};

const char *web_kind_label(enum md_kind k)
{
	return (unsigned)k < MD_KIND_MAX ? kind_labels[k] : "other";
}

/* A piece of a paragraph's text; not checked as UTF-8 (a stale span may cut a character). */
static json_t *piece(const char *t, size_t a, size_t b)
{
	return json_stringn_nocheck(t + a, b > a ? b - a : 0);
}

static json_t *part(const char *t, size_t a, size_t b, bool due)
{
	return json_pack("{s:o, s:o}", "text", due ? json_string("") : piece(t, a, b), "due",
	                 due ? piece(t, a, b) : json_string(""));
}

/* The mark of one request: its parts, the due among them. */
static json_t *mark_json(const char *t, const struct md_web_mark *m, const char *tip)
{
	json_t *parts = json_array();

	if (m->due_end > m->due_start) {
		json_array_append_new(parts, part(t, m->start, m->due_start, false));
		json_array_append_new(parts, part(t, m->due_start, m->due_end, true));
		json_array_append_new(parts, part(t, m->due_end, m->end, false));
	} else {
		json_array_append_new(parts, part(t, m->start, m->end, false));
	}
	return json_pack("{s:s, s:I, s:o}", "tip", tip, "id", (json_int_t)m->id, "parts", parts);
}

/* Obligations of a paragraph, one per id (the first occurrence from today, else the last). */
struct ob {
	const struct md_item *it;
	const struct md_store_origin *origin;
	struct md_web_mark mark;
	int dates;
};

static json_t *segments(const char *t, struct ob *obs, size_t n)
{
	json_t *segs = json_array();
	size_t pos = 0, len = strlen(t);
	char tip[400], summary[256];

	for (size_t i = 0; i < n; i++) {
		const struct md_web_mark *m = &obs[i].mark;

		if (!m->end || m->start < pos || m->end > len)
			continue;
		web_summary(obs[i].it, summary, sizeof(summary));
		snprintf(tip, sizeof(tip), "%s (date from: %s)", summary,
		         obs[i].it->rule ? obs[i].it->rule : "a person");
		json_array_append_new(
		    segs, json_pack("{s:o, s:n}", "text", piece(t, pos, m->start), "mark"));
		json_array_append_new(
		    segs, json_pack("{s:s, s:o}", "text", "", "mark", mark_json(t, m, tip)));
		pos = m->end;
	}
	json_array_append_new(segs, json_pack("{s:o, s:n}", "text", piece(t, pos, len), "mark"));
	return segs;
}

static json_t *ob_json(const struct ob *o)
{
	const struct md_item *it = o->it;
	const struct md_store_origin *g = o->origin;
	char when[96], more[48] = "", summary[256];
	json_t *corr = json_null();

	web_when_text(it, when, sizeof(when));
	web_summary(it, summary, sizeof(summary));
	if (o->dates > 1)
		snprintf(more, sizeof(more), "%d dates in all", o->dates);
	if (it->corrected && g && g->corrected_by)
		corr = json_pack("{s:s, s:s, s:s}", "by", g->corrected_by, "at",
		                 g->corrected_at ? g->corrected_at : "", "was",
		                 it->added ? "" : g->extracted);
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:o, s:b, s:b}", "id",
	                 (json_int_t)it->id, "kind", web_kind_label(it->kind), "summary", summary,
	                 "when", when, "estimated", it->estimated, "more", more, "rule",
	                 it->rule ? it->rule : "given by a person", "status", it->status,
	                 "correction", corr, "added", it->added, "located", o->mark.end > 0);
}

/* Picks the obligations of paragraph number out of d's items, in text order. */
static size_t collect(const struct md_store_doc *d, int number, struct md_date today,
                      const struct md_store_origin *org, size_t n_org, struct ob *obs)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_items; i++) {
		const struct md_item *it = &d->items[i];
		size_t k;

		if (it->paragraph != number)
			continue;
		for (k = 0; k < n && obs[k].it->id != it->id; k++)
			;
		if (k == n) {
			memset(&obs[n], 0, sizeof(obs[n]));
			obs[n].it = it;
			for (size_t j = 0; j < n_org; j++)
				if (org[j].id == it->id)
					obs[n].origin = &org[j];
			n++;
		} else if (md_date_cmp(obs[k].it->end, today) < 0) {
			obs[k].it = it; /* a later occurrence: the first not yet over wins */
		}
		obs[k].dates++;
	}
	return n;
}

static int by_start(const void *a, const void *b)
{
	const struct ob *x = a, *y = b;
	size_t p = x->mark.end ? x->mark.start : (size_t)-1,
	       q = y->mark.end ? y->mark.start : (size_t)-1;

	return p < q ? -1 : p > q ? 1 : x->it->id < y->it->id ? -1 : x->it->id > y->it->id;
}

/* Places each obligation's span in the paragraph that starts at start. */
static void place(struct ob *obs, size_t n, long long start, const char *text)
{
	long long len = (long long)strlen(text);

	for (size_t i = 0; i < n; i++) {
		const struct md_store_origin *g = obs[i].origin;
		long long a, b;

		if (start < 0 || !g || g->span_start < 0)
			continue;
		a = g->span_start - start;
		b = g->span_end - start;
		if (a < 0 || b <= a || b > len)
			continue;
		obs[i].mark =
		    (struct md_web_mark){.id = obs[i].it->id, .start = (size_t)a, .end = (size_t)b};
		md_web_find_due(text, (size_t)len, &obs[i].it->due, &obs[i].it->recurrence,
		                &obs[i].mark);
	}
	qsort(obs, n, sizeof(*obs), by_start);
}

static json_t *paragraph_json(const struct md_store_doc *d, size_t i, long long start,
                              struct md_date today, const struct md_store_origin *org, size_t n_org,
                              struct ob *obs, int *located)
{
	const struct md_store_para *p = &d->paragraphs[i];
	size_t n = collect(d, p->number, today, org, n_org, obs);
	json_t *list = json_array();
	char anchor[24];

	place(obs, n, start, p->text);
	for (size_t k = 0; k < n; k++) {
		json_array_append_new(list, ob_json(&obs[k]));
		*located += obs[k].mark.end > 0;
	}
	snprintf(anchor, sizeof(anchor), "op%d", p->number);
	return json_pack("{s:i, s:s, s:o, s:o, s:b}", "number", p->number, "anchor", anchor, "segs",
	                 segments(p->text, obs, n), "obligations", list, "has", n > 0);
}

/* Every obligation of d once (its first occurrence not over by today, else its last). */
static json_t *requests_json(const struct md_store_doc *d, struct md_date today)
{
	json_t *list = json_array();
	char when[96], summary[256];

	for (size_t i = 0; i < d->n_items; i++) {
		size_t j = i;

		if (i > 0 && d->items[i - 1].id == d->items[i].id)
			continue;
		while (j + 1 < d->n_items && d->items[j + 1].id == d->items[i].id &&
		       md_date_cmp(d->items[j].end, today) < 0)
			j++;
		web_when_text(&d->items[j], when, sizeof(when));
		web_summary(&d->items[j], summary, sizeof(summary));
		json_array_append_new(
		    list, json_pack("{s:i, s:s, s:s, s:b, s:s}", "paragraph", d->items[j].paragraph,
		                    "summary", summary, "when", when, "estimated",
		                    d->items[j].estimated, "status", d->items[j].status));
	}
	return list;
}

static json_t *doc_json(const struct md_store_doc *d, const struct md_web_request *rq,
                        const long long *starts, const struct md_store_origin *org, size_t n_org,
                        struct ob *obs)
{
	json_t *paras = json_array(), *notes = json_array();
	char adopted[32] = "", feed[512], sym[400];
	int located = 0, total = 0;

	for (size_t i = 0; i < d->n_paragraphs; i++)
		json_array_append_new(
		    paras, paragraph_json(d, i, starts[i], rq->today, org, n_org, obs, &located));
	for (size_t i = 0; i < d->n_items; i++)
		total += i == 0 || d->items[i].id != d->items[i - 1].id;
	if (!md_date_is_none(d->adopted))
		web_date_text(d->adopted, adopted, sizeof(adopted));
	web_query_escape(d->symbol, sym, sizeof(sym));
	snprintf(feed, sizeof(feed), "/feeds/all.ics?symbol=%s", sym);
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:o, s:i, s:o, s:b, s:o}", "page_title",
	                 d->symbol, "symbol", d->symbol, "title", d->title ? d->title : "", "body",
	                 d->body ? d->body : "", "session", d->session, "adopted", adopted,
	                 "requests", requests_json(d, rq->today), "total", total, "paragraphs",
	                 paras, "unlocated", located < total, "subscribe",
	                 web_subscribe(rq, feed, notes));
}

enum md_err web_document(const struct md_web *w, struct md_store *st,
                         const struct md_web_request *rq, const char *symbol,
                         struct md_web_reply *r, struct md_error *err)
{
	struct md_store_doc *d = NULL;
	struct md_store_origin *org = NULL;
	size_t n_org = 0;
	long long *starts = NULL;
	struct ob *obs = NULL;
	json_t *ctx = NULL;
	enum md_err rc;

	rc = md_store_show(st, symbol, &d, err);
	if (rc == MD_ENOENT) {
		ctx = json_pack("{s:s, s:s}", "page_title", "Not found", "message",
		                "No resolution with this symbol is stored.");
		return web_page(w, "error", ctx, 404, r, err);
	}
	if (rc == MD_OK)
		rc = md_store_origins(st, symbol, &org, &n_org, err);
	if (rc == MD_OK && (!(starts = calloc(d->n_paragraphs + 1, sizeof(*starts))) ||
	                    !(obs = calloc(d->n_items + 1, sizeof(*obs)))))
		rc = md_error_set(err, MD_ENOMEM, "out of memory");
	if (rc == MD_OK)
		rc = web_locate(d, org, n_org, starts, err);
	if (rc == MD_OK && !(ctx = doc_json(d, rq, starts, org, n_org, obs)))
		rc = md_error_set(err, MD_ENOMEM, "out of memory");
	if (rc == MD_OK)
		rc = web_page(w, "document", ctx, 200, r, err);
	free(obs);
	free(starts);
	md_store_origins_free(org, n_org);
	md_store_doc_free(d);
	return rc;
}
