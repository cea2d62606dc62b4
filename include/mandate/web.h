/*
 * web.h - the web pages mandated serves at "/": what is due, one
 * resolution with its requests marked in the text, the sessions, and the
 * links to subscribe to the calendar.
 *
 * Pages are rendered on the server and work without JavaScript (a script
 * only adds a copy button).  Their HTML comes from template files in
 * data/templates, filled by a small Mustache-like language whose only way
 * to emit data is escaped text (see md_web_expand), so nothing a document
 * says can become markup.  Every page carries MD_WEB_CSP.
 *
 * Routes (GET and HEAD; the caller checks the method):
 *   /                      upcoming obligations; query: body, actor, kind, within, q
 *   /documents/SYMBOL      one resolution: its paragraphs, requests and dues marked
 *   /sessions              the sessions calendar; query: body
 *   /static/NAME           the style sheet and the script
 */
#ifndef MANDATE_WEB_H
#define MANDATE_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "mandate/date.h"
#include "mandate/err.h"
#include "mandate/store.h"

/* The Content-Security-Policy of every page: our own style sheet and script, nothing inline. */
#define MD_WEB_CSP                                                                                 \
	"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"                 \
	" form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/* The biggest page rendered; a bigger one is refused (MD_ETOOBIG). */
#define MD_WEB_MAX_PAGE (16u << 20)
/* Rows of the home page's table at most. */
#define MD_WEB_MAX_ROWS 500

struct md_web; /* the templates and static files, loaded once */

/*
 * Loads the templates (datadir/templates/NAME.html) and static files
 * (datadir/static/NAME) into a new *out (free with md_web_free).  datadir
 * NULL: the source tree's data directory when it holds templates (a build
 * tree), else the installed one.  Errors: MD_EIO (a file cannot be read),
 * MD_EFORMAT (a template is malformed), MD_ENOMEM.
 */
enum md_err md_web_new(const char *datadir, struct md_web **out, struct md_error *err);

/* Frees w.  md_web_free(NULL) is a no-op. */
void md_web_free(struct md_web *w);

/* True when path is one of the web routes above. */
bool md_web_handles(const char *path);

/* One query parameter, already percent-decoded. */
struct md_web_arg {
	const char *key, *value;
};

struct md_web_request {
	const char *path; /* without the query */
	const struct md_web_arg *args;
	size_t n_args;
	const char *host; /* the Host header, for subscribe links; NULL or bad: "localhost" */
	bool https;       /* reached over https (a proxy said so): feed links use https */
	struct md_date today;
};

struct md_web_reply {
	unsigned status;
	const char *type; /* static */
	char *body;       /* malloc'd; free with md_web_reply_clear */
	size_t len;
	long max_age; /* Cache-Control max-age in seconds; < 0: no-store */
};

/*
 * Answers rq: a page (200), or an HTML page saying what is wrong (400 for a
 * bad filter, 404, 503 when st is NULL or the database fails).  Always
 * fills *out unless out of memory (MD_ENOMEM, with *out empty); other
 * errors are also returned (with err set) so that the caller can log them.
 */
enum md_err md_web_serve(struct md_web *w, struct md_store *st, const struct md_web_request *rq,
                         struct md_web_reply *out, struct md_error *err);

void md_web_reply_clear(struct md_web_reply *r);

/*
 * The template language, for the templates in data/templates:
 *   {{name}}               the value of name, HTML-escaped (strings, numbers; true,
 *                          false and null write nothing)
 *   {{#name}}..{{/name}}   an array: once per element, the element in scope;
 *                          an object: once, in scope; true, a non-empty string, a
 *                          non-zero number: once; anything else: not at all
 *   {{^name}}..{{/name}}   once when {{#name}} would not run at all
 *   {{>name}}              the template name, with the same scope
 *   {{! comment }}
 * Names are looked up in the innermost scope first, then outwards.  There
 * is no way to write unescaped data.
 *
 * Expands tmpl[0..len) with ctx into *out (malloc'd, NUL-terminated, *n
 * bytes).  w supplies the partials (may be NULL: no partials).  Errors:
 * MD_EFORMAT (an unclosed tag or section, an unknown partial, nesting too
 * deep) with the offset in the message, MD_ETOOBIG, MD_ENOMEM.
 */
enum md_err md_web_expand(const struct md_web *w, const char *tmpl, size_t len, const json_t *ctx,
                          char **out, size_t *n, struct md_error *err);

/* Renders the loaded template name (without ".html") as md_web_expand does. */
enum md_err md_web_render(const struct md_web *w, const char *name, const json_t *ctx, char **out,
                          size_t *n, struct md_error *err);

/* ---- lib/web_mark.c: where the requests and their dues are in a paragraph ---- */

/* A marked stretch of a paragraph's text: a request, and its due inside it. */
struct md_web_mark {
	int64_t id;        /* the obligation */
	size_t start, end; /* the request, bytes of the paragraph's text; end 0: not found */
	size_t due_start, due_end; /* the words that give its due; due_end 0: none found */
};

/*
 * Finds the words of due (and rec) in text[start..end): a session named by
 * its ordinal ("at its fifty-third session"), "next session", a date
 * ("31 December 2024"), a duration ("within 90 days") or a recurrence
 * ("annually").  Sets m->due_start/due_end (due_end 0 when none).
 */
void md_web_find_due(const char *text, size_t len, const struct md_due *due,
                     const struct md_period *rec, struct md_web_mark *m);

/* ---- lib/store_web.c: read-only queries the pages need ---- */

/* What the store knows of where an obligation came from and who corrected it. */
struct md_store_origin {
	int64_t id;
	int paragraph, ordinal;
	char kind[16];                     /* as the extractor found it */
	bool staff;                        /* added by a person */
	int64_t span_start, span_end;      /* in the text the document was read from; -1: none */
	char extracted[192];               /* the extractor's summary, before any correction */
	char *corrected_by, *corrected_at; /* NULL when not corrected */
};

/*
 * The obligations of document symbol, in paragraph order, into *out (a new
 * array of *n; free with md_store_origins_free).  MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_origins(struct md_store *st, const char *symbol, struct md_store_origin **out,
                             size_t *n, struct md_error *err);
void md_store_origins_free(struct md_store_origin *o, size_t n);

/*
 * The organs named by documents or sessions, sorted, as a new JSON array of
 * strings (*out; json_decref).  MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_bodies(struct md_store *st, json_t **out, struct md_error *err);

#endif
