/*
 * page.c - the web pages (lib/web.c, web.h) behind the router: the query's
 * parameters, the Host header for the subscribe links, today, and this
 * thread's database connection.  The templates are loaded at the first
 * page asked for.  With require_token the pages answer 404 like the public
 * feeds, since they show what the feeds hold.
 */
#include "http.h"

#include <string.h>

#include "mandate/log.h"
#include "mandate/web.h"

#define MAX_ARGS 32

struct page_args {
	struct md_web_arg v[MAX_ARGS];
	size_t n;
};

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
{
	struct page_args *a = cls;

	if (a->n < MAX_ARGS)
		a->v[a->n++] = (struct md_web_arg){key, value ? value : ""};
	return MHD_YES;
}

void page_serve(struct http *h, struct MHD_Connection *c, const char *url, struct reply *r)
{
	const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
	struct page_args a = {.n = 0};
	struct md_web_request rq = {.path = url};
	struct md_web_reply out;
	struct md_error err;
	enum md_err rc;

	md_error_clear(&err);
	if (h->d->cfg->require_token && strncmp(url, "/static/", 8)) {
		reply_text(r, 404, "not found");
		return;
	}
	if (!h->web && md_web_new(NULL, &h->web, &err) != MD_OK) {
		md_log_warnx("web pages: %s", err.msg);
		reply_text(r, 503, "the web pages are not available");
		return;
	}
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, &a);
	rq.args = a.v;
	rq.n_args = a.n;
	rq.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	rq.https = proto && !strcmp(proto, "https");
	rq.today = daemon_today();
	rc = md_web_serve(h->web, http_store(h), &rq, &out, &err);
	if (rc != MD_OK && rc != MD_ENOMEM) {
		md_log_warnx("web %.200s: %s", url, err.msg);
		http_store_reset(h);
	}
	if (!out.body) {
		reply_text(r, 500, "out of memory");
		return;
	}
	r->status = out.status;
	r->type = out.type;
	r->body = out.body;
	r->len = out.len;
	r->body_owned = true;
	r->max_age = out.max_age;
	r->csp = MD_WEB_CSP;
}
