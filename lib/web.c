/*
 * web.c - the web pages' routes (web.h): the home page of what is due with
 * its filters and subscribe links, the sessions page, the static files and
 * the error pages.  The resolution page is web_doc.c, the template
 * language web_tmpl.c.
 *
 * Policy:
 * - The home page lists open obligations whose dated occurrence has not
 *   ended before today, soonest first (the store's order: submission
 *   deadline, else first day), at most MD_WEB_MAX_ROWS rows.  "within"
 *   bounds the work-to day as mandatectl upcoming --within does.
 * - The text search ("q") keeps an obligation when its paragraph matches
 *   the store's full-text search, or its summary or symbol contains the
 *   text (any case).  Feeds cannot search text, so the subscribe block says
 *   the calendar holds more than the page then; likewise for the window.
 * - Subscribe links are built from the request's Host header, which must
 *   look like a host name (else "localhost"): webcal://HOST/feeds/...,
 *   http(s)://HOST/feeds/..., and the same path for a download.
 * - Bad filter values get a 400 page saying which; unknown parameters are
 *   ignored, so an old bookmark still opens.
 */
#include "web_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/calendar.h"

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void web_date_text(struct md_date d, char *buf, size_t size)
{
	if (md_date_is_none(d) || d.m < 1 || d.m > 12)
		snprintf(buf, size, "no date");
	else
		snprintf(buf, size, "%d %s %d", d.d, month_abbr[d.m - 1], d.y);
}

void web_when_text(const struct md_item *it, char *buf, size_t size)
{
	char a[32], b[32];

	web_date_text(it->start, a, sizeof(a));
	web_date_text(it->end, b, sizeof(b));
	if (md_date_is_none(it->start))
		snprintf(buf, size, "no date");
	else if (md_date_cmp(it->start, it->end) == 0 || md_date_is_none(it->end))
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s \xe2\x80\x93 %s", a, b);
}

/* "every year", "every 2 years", "every 6 months" for P1Y, P2Y, P6M. */
static void period_text(struct md_period p, char *buf, size_t size)
{
	static const char *const units[] = {"year", "month", "week", "day"};
	const int n[] = {p.years, p.months, p.weeks, p.days};

	snprintf(buf, size, "repeating");
	for (int i = 0; i < 4; i++) {
		if (n[i] <= 0)
			continue;
		if (n[i] == 1)
			snprintf(buf, size, "every %s", units[i]);
		else
			snprintf(buf, size, "every %d %ss", n[i], units[i]);
		return;
	}
}

void web_summary(const struct md_item *it, char *buf, size_t size)
{
	struct md_period none = {0};
	char every[48];
	size_t n;

	md_store_summary(it->kind, it->actor, &it->due, &none, buf, size);
	if (md_period_is_none(it->recurrence))
		return;
	period_text(it->recurrence, every, sizeof(every));
	n = strlen(buf);
	snprintf(buf + n, size - n, ", %s", every);
}

const char *web_arg(const struct md_web_request *rq, const char *key)
{
	for (size_t i = 0; i < rq->n_args; i++)
		if (rq->args[i].key && !strcmp(rq->args[i].key, key))
			return rq->args[i].value ? rq->args[i].value : "";
	return NULL;
}

/* Percent-encodes every byte but unreserved ones (and '/' when keep_slash). */
static void escape(const char *s, bool keep_slash, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) || (keep_slash && c == '/')) {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	buf[o] = '\0';
}

void web_query_escape(const char *s, char *buf, size_t size)
{
	escape(s, false, buf, size);
}

void md_web_reply_clear(struct md_web_reply *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

bool md_web_handles(const char *path)
{
	return !strcmp(path, "/") || !strcmp(path, "/sessions") ||
	       !strncmp(path, "/documents/", 11) || !strncmp(path, "/static/", 8);
}

/* ctx is consumed. */
enum md_err web_page(const struct md_web *w, const char *name, json_t *ctx, unsigned status,
                     struct md_web_reply *r, struct md_error *err)
{
	enum md_err rc;

	if (!ctx)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	json_object_set_new(ctx, "generator", json_string("mandate " MANDATE_VERSION));
	rc = md_web_render(w, name, ctx, &r->body, &r->len, err);
	json_decref(ctx);
	if (rc != MD_OK)
		return rc;
	r->status = status;
	r->type = "text/html; charset=utf-8";
	r->max_age = 0;
	return MD_OK;
}

static enum md_err error_page(const struct md_web *w, unsigned status, const char *title,
                              const char *message, struct md_web_reply *r, struct md_error *err)
{
	return web_page(w, "error",
	                json_pack("{s:s, s:s}", "page_title", title, "message", message), status, r,
	                err);
}

/* ---- subscribe ---- */

static bool host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (n == 0 || n > 255)
		return false;
	for (; *h; h++)
		if (!isalnum((unsigned char)*h) && !strchr(".-:[]", *h))
			return false;
	return true;
}

json_t *web_subscribe(const struct md_web_request *rq, const char *feed, json_t *notes)
{
	const char *host = host_ok(rq->host) ? rq->host : "localhost";
	char webcal[1024], url[1024];

	snprintf(webcal, sizeof(webcal), "webcal://%s%s", host, feed);
	snprintf(url, sizeof(url), "%s://%s%s", rq->https ? "https" : "http", host, feed);
	return json_pack("{s:s, s:s, s:s, s:o}", "webcal", webcal, "url", url, "download", feed,
	                 "notes", notes ? notes : json_array());
}

/* ---- the home page ---- */

struct home_filters {
	const char *body, *actor, *kind, *within, *q;
	int kind_value;
	struct md_period window;
	const char *bad; /* the parameter whose value is wrong */
};

/* "90d", "6w", "3m", "1y"; "" or "all": no bound. */
static bool parse_window(const char *s, struct md_period *p)
{
	char *end;
	long n;

	memset(p, 0, sizeof(*p));
	if (!*s || !strcmp(s, "all"))
		return true;
	n = strtol(s, &end, 10);
	if (end == s || !isdigit((unsigned char)*s) || n <= 0 || n > 3650 || strlen(end) != 1)
		return false;
	switch (*end) {
	case 'd':
		p->days = (int)n;
		return true;
	case 'w':
		p->weeks = (int)n;
		return true;
	case 'm':
		p->months = (int)n;
		return true;
	case 'y':
		p->years = (int)n;
		return true;
	}
	return false;
}

static void read_filters(const struct md_web_request *rq, struct home_filters *f)
{
	const char *v;

	memset(f, 0, sizeof(*f));
	f->kind_value = -1;
	f->body = (v = web_arg(rq, "body")) && *v ? v : NULL;
	f->actor = (v = web_arg(rq, "actor")) && *v ? v : NULL;
	f->kind = (v = web_arg(rq, "kind")) && *v ? v : NULL;
	f->within = (v = web_arg(rq, "within")) ? v : "";
	f->q = (v = web_arg(rq, "q")) && *v ? v : NULL;
	for (const char *p = f->body; p && *p; p++)
		if (!isalnum((unsigned char)*p) || p - f->body > 14)
			f->bad = "organ";
	if (f->actor && strlen(f->actor) > 120)
		f->bad = "actor";
	if (f->kind && (f->kind_value = md_kind_parse(f->kind)) < 0)
		f->bad = "kind";
	if (!parse_window(f->within, &f->window))
		f->bad = "window";
	if (f->q && strlen(f->q) > 200)
		f->bad = "search";
}

/* Case-insensitive (ASCII) substring test. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++) {
		size_t i = 0;

		while (i < n && hay[i] &&
		       tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool text_match(const struct md_item *it, const char *q, const struct md_search_hit *h,
                       size_t nh)
{
	if (contains(it->summary, q) || contains(it->symbol, q))
		return true;
	for (size_t i = 0; i < nh; i++)
		if (h[i].paragraph == it->paragraph && !strcmp(h[i].symbol, it->symbol))
			return true;
	return false;
}

static json_t *row_json(const struct md_item *it, struct md_date today)
{
	struct md_date day = md_date_is_none(it->deadline) ? it->start : it->deadline;
	char work[32], when[96], path[400], href[440], summary[256];
	bool passed = md_date_cmp(day, today) < 0;

	web_date_text(day, work, sizeof(work));
	web_when_text(it, when, sizeof(when));
	web_summary(it, summary, sizeof(summary));
	escape(it->symbol, true, path, sizeof(path));
	snprintf(href, sizeof(href), "/documents/%s#op%d", path, it->paragraph);
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b}", "work",
	                 work, "when", when, "deadline",
	                 md_date_is_none(it->deadline) ? ""
	                 : passed                      ? "submission deadline (passed)"
	                                               : "submission deadline",
	                 "estimated", it->estimated, "summary", summary, "kind",
	                 web_kind_label(it->kind), "symbol", it->symbol, "href", href, "paragraph",
	                 it->paragraph, "body", it->body ? it->body : "", "status", it->status,
	                 "corrected", it->corrected);
}

static json_t *option(const char *value, const char *label, const char *current)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
	                 current && !strcmp(value, current));
}

static json_t *choices(const struct home_filters *f, json_t *bodies)
{
	static const char *const windows[][2] = {{"all", "any time"},
	                                         {"30d", "next 30 days"},
	                                         {"90d", "next 90 days"},
	                                         {"6m", "next 6 months"},
	                                         {"1y", "next year"}};
	json_t *kinds = json_array(), *wins = json_array(), *orgs = json_array(), *b;
	size_t i;

	json_array_append_new(kinds, option("", "any kind", f->kind ? f->kind : ""));
	for (int k = 0; k < MD_KIND_MAX; k++)
		json_array_append_new(kinds, option(md_kind_name((enum md_kind)k),
		                                    web_kind_label((enum md_kind)k), f->kind));
	for (i = 0; i < sizeof(windows) / sizeof(windows[0]); i++)
		json_array_append_new(
		    wins, option(windows[i][0], windows[i][1], *f->within ? f->within : "all"));
	json_array_append_new(orgs, option("", "every organ", f->body ? f->body : ""));
	json_array_foreach(bodies, i, b)
	{
		json_array_append_new(orgs,
		                      option(json_string_value(b), json_string_value(b), f->body));
	}
	return json_pack("{s:o, s:o, s:o}", "kinds", kinds, "windows", wins, "bodies", orgs);
}

/* The feed of the filters (organ, actor, kind) and what it holds beyond the page. */
static json_t *home_subscribe(const struct md_web_request *rq, const struct home_filters *f)
{
	char feed[512], v[400];
	size_t n;
	json_t *notes = json_array();

	n = (size_t)snprintf(feed, sizeof(feed), "/feeds/%s.ics", f->body ? f->body : "all");
	if (f->actor) {
		web_query_escape(f->actor, v, sizeof(v));
		n += (size_t)snprintf(feed + n, sizeof(feed) - n, "?actor=%s", v);
	}
	if (f->kind && n < sizeof(feed))
		snprintf(feed + n, sizeof(feed) - n, "%skind=%s", f->actor ? "&" : "?", f->kind);
	if (f->q)
		json_array_append_new(notes, json_string("The calendar is not narrowed by the text "
		                                         "search: it holds every obligation of the "
		                                         "other filters."));
	if (*f->within && strcmp(f->within, "all"))
		json_array_append_new(notes, json_string("The calendar keeps every date, not only "
		                                         "those in the chosen window."));
	return web_subscribe(rq, feed, notes);
}

static enum md_err home_rows(struct md_store *st, const struct md_web_request *rq,
                             const struct home_filters *f, json_t *rows, bool *truncated,
                             struct md_error *err)
{
	struct md_query q = {.from = rq->today,
	                     .to = MD_DATE_NONE,
	                     .body = f->body,
	                     .actor = f->actor,
	                     .kind = f->kind_value,
	                     .status = MD_STATUS_OPEN,
	                     .dated_only = true};
	struct md_search_hit *hits = NULL;
	struct md_item *items = NULL;
	size_t n = 0, nh = 0, shown = 0;
	enum md_err rc;

	if (!md_period_is_none(f->window))
		q.to = md_date_add_period(rq->today, f->window);
	if (f->q && md_store_search(st, f->q, 0, &hits, &nh, NULL) != MD_OK)
		nh = 0; /* no word to search for: the summaries and symbols still are */
	rc = md_store_upcoming(st, &q, &items, &n, err);
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		if (f->q && !text_match(&items[i], f->q, hits, nh))
			continue;
		if (shown == MD_WEB_MAX_ROWS) {
			*truncated = true;
			break;
		}
		json_array_append_new(rows, row_json(&items[i], rq->today));
		shown++;
	}
	md_items_free(items, n);
	md_search_hits_free(hits, nh);
	return rc;
}

static enum md_err home(const struct md_web *w, struct md_store *st,
                        const struct md_web_request *rq, struct md_web_reply *r,
                        struct md_error *err)
{
	struct home_filters f;
	json_t *bodies = NULL, *rows = json_array(), *ctx;
	bool truncated = false;
	char msg[128], today[32];
	enum md_err rc;

	read_filters(rq, &f);
	if (f.bad) {
		json_decref(rows);
		snprintf(msg, sizeof(msg),
		         "The value given for the %s filter is not one this page "
		         "knows.",
		         f.bad);
		return error_page(w, 400, "Bad filter", msg, r, err);
	}
	rc = md_store_bodies(st, &bodies, err);
	if (rc == MD_OK)
		rc = home_rows(st, rq, &f, rows, &truncated, err);
	if (rc != MD_OK) {
		json_decref(bodies);
		json_decref(rows);
		return rc;
	}
	web_date_text(rq->today, today, sizeof(today));
	ctx = json_pack("{s:s, s:b, s:s, s:{s:s, s:s, s:s}, s:o, s:I, s:b, s:o, s:o}", "page_title",
	                "What is due", "nav_home", 1, "today", today, "filters", "actor",
	                f.actor ? f.actor : "", "q", f.q ? f.q : "", "within", f.within, "choices",
	                choices(&f, bodies), "count", (json_int_t)json_array_size(rows),
	                "truncated", truncated, "rows", rows, "subscribe", home_subscribe(rq, &f));
	json_decref(bodies);
	return web_page(w, "home", ctx, 200, r, err);
}

/* ---- the sessions page ---- */

/* How far ahead the sessions page projects the sessions no one has dated yet. */
#define PROJECT_DAYS 730

static json_t *session_json(const struct md_session *s)
{
	char a[32], b[32];

	web_date_text(s->start, a, sizeof(a));
	web_date_text(s->end, b, sizeof(b));
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:s}", "body", s->body, "number", s->number,
	                 "start", a, "end", b, "estimated", md_session_estimated(s), "status",
	                 md_session_status_name(s->status));
}

/* The sessions of s[0..n) (one organ's, in number order) from since on, then projected ones. */
static void organ_rows(const struct md_calendar *cal, const struct md_session *s, size_t n,
                       struct md_date since, struct md_date until, json_t *rows)
{
	struct md_session p;

	for (size_t i = 0; i < n; i++)
		if (md_date_cmp(s[i].end, since) >= 0)
			json_array_append_new(rows, session_json(&s[i]));
	for (int k = s[n - 1].number + 1; k <= s[n - 1].number + 12; k++) {
		if (!md_calendar_lookup(cal, s[0].body, k, &p) || md_date_cmp(p.start, until) > 0)
			break;
		json_array_append_new(rows, session_json(&p));
	}
}

static enum md_err session_rows(struct md_store *st, const char *body, struct md_date today,
                                json_t *rows, struct md_error *err)
{
	struct md_session *s = NULL;
	struct md_calendar *cal = md_calendar_new();
	size_t n = 0, from = 0;
	enum md_err rc = cal ? md_store_sessions_list(st, body, &s, &n, err)
	                     : md_error_set(err, MD_ENOMEM, "out of memory");

	for (size_t i = 0; rc == MD_OK && i < n; i++)
		rc = md_calendar_put(cal, &s[i], err);
	for (size_t i = 1; rc == MD_OK && i <= n; i++)
		if (i == n || strcmp(s[i].body, s[from].body)) {
			organ_rows(cal, s + from, i - from, md_date_add_days(today, -365),
			           md_date_add_days(today, PROJECT_DAYS), rows);
			from = i;
		}
	free(s);
	md_calendar_free(cal);
	return rc;
}

static enum md_err sessions(const struct md_web *w, struct md_store *st,
                            const struct md_web_request *rq, struct md_web_reply *r,
                            struct md_error *err)
{
	const char *body = web_arg(rq, "body");
	json_t *rows = json_array(), *ctx, *bodies = NULL;
	struct home_filters f = {.within = ""};
	enum md_err rc;

	if (body && (!*body || strlen(body) > 15))
		body = NULL;
	f.body = body;
	rc = session_rows(st, body, rq->today, rows, err);
	if (rc == MD_OK)
		rc = md_store_bodies(st, &bodies, err);
	if (rc != MD_OK) {
		json_decref(rows);
		json_decref(bodies);
		return rc;
	}
	ctx = json_pack("{s:s, s:b, s:o, s:o}", "page_title", "Sessions", "nav_sessions", 1, "rows",
	                rows, "choices", choices(&f, bodies));
	json_decref(bodies);
	return web_page(w, "sessions", ctx, 200, r, err);
}

/* ---- static files ---- */

static enum md_err static_file(const struct md_web *w, const char *name, struct md_web_reply *r,
                               struct md_error *err)
{
	const struct web_file *f = web_static(w, name);
	const char *dot = strrchr(name, '.');

	if (!f)
		return error_page(w, 404, "Not found", "There is no such page.", r, err);
	if (!(r->body = malloc(f->len + 1)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	memcpy(r->body, f->data, f->len + 1);
	r->len = f->len;
	r->status = 200;
	r->type = dot && !strcmp(dot, ".css")   ? "text/css; charset=utf-8"
	          : dot && !strcmp(dot, ".js")  ? "text/javascript; charset=utf-8"
	          : dot && !strcmp(dot, ".svg") ? "image/svg+xml"
	                                        : "application/octet-stream";
	r->max_age = 3600;
	return MD_OK;
}

enum md_err md_web_serve(struct md_web *w, struct md_store *st, const struct md_web_request *rq,
                         struct md_web_reply *out, struct md_error *err)
{
	const char *p = rq->path;
	enum md_err rc;

	memset(out, 0, sizeof(*out));
	if (!strncmp(p, "/static/", 8))
		return static_file(w, p + 8, out, err);
	if (!st) {
		error_page(w, 503, "Not available", "The database cannot be read just now.", out,
		           NULL);
		return md_error_set(err, MD_EDB, "no database");
	}
	if (!strcmp(p, "/"))
		rc = home(w, st, rq, out, err);
	else if (!strcmp(p, "/sessions"))
		rc = sessions(w, st, rq, out, err);
	else if (!strncmp(p, "/documents/", 11) && p[11] && strlen(p + 11) < 128)
		rc = web_document(w, st, rq, p + 11, out, err);
	else
		rc = error_page(w, 404, "Not found", "There is no such page.", out, err);
	if (rc != MD_OK && rc != MD_ENOMEM) {
		md_web_reply_clear(out);
		error_page(w, 503, "Not available", "The database cannot be read just now.", out,
		           NULL);
	}
	return rc;
}
