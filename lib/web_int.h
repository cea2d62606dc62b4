/*
 * web_int.h - what the web page files (lib/web*.c) share: the loaded
 * templates and static files, the growable output, and the page builders.
 */
#ifndef MANDATE_WEB_INT_H
#define MANDATE_WEB_INT_H

#include "mandate/web.h"

/* A file read from the data directory: a template or a static file. */
struct web_file {
	char *name; /* templates: without ".html"; static files: as on disk */
	char *data;
	size_t len;
};

struct md_web {
	struct web_file *tmpl, *stat;
	size_t n_tmpl, n_stat;
};

/* The template or static file called name, or NULL. */
const struct web_file *web_template(const struct md_web *w, const char *name);
const struct web_file *web_static(const struct md_web *w, const char *name);

/* Reads a file of at most max bytes into a new NUL-terminated buffer. */
enum md_err web_read_file(const char *path, size_t max, char **out, size_t *len,
                          struct md_error *err);

/* Checks that tmpl's tags are closed and its sections balanced (MD_EFORMAT). */
enum md_err web_check(const char *name, const char *tmpl, size_t len, struct md_error *err);

/*
 * A page: template name rendered with ctx into r (status, text/html).  ctx
 * is consumed (json_decref), NULL meaning out of memory.  MD_* with err.
 */
enum md_err web_page(const struct md_web *w, const char *name, json_t *ctx, unsigned status,
                     struct md_web_reply *r, struct md_error *err);

/* The value of query parameter key, or NULL. */
const char *web_arg(const struct md_web_request *rq, const char *key);

/* "19 Jun 2023" into buf. */
void web_date_text(struct md_date d, char *buf, size_t size);

/*
 * lib/web_mark.c: where each of d's paragraphs began in the text it was
 * read from (starts[i] for d->paragraphs[i], -1 when not known), found by
 * reading the stored paragraphs again.  MD_ENOMEM only.
 */
enum md_err web_locate(const struct md_store_doc *d, const struct md_store_origin *o, size_t n,
                       long long *starts, struct md_error *err);

/* lib/web_doc.c: the page of one resolution; 404 when it is not stored. */
enum md_err web_document(const struct md_web *w, struct md_store *st,
                         const struct md_web_request *rq, const char *symbol,
                         struct md_web_reply *r, struct md_error *err);

/*
 * The "subscribe" block for the feed at feed (a path with its query, already
 * percent-encoded): {"webcal", "url", "download", "notes"}; notes (an array
 * of strings, or NULL) is consumed.  New reference, NULL on ENOMEM.
 */
json_t *web_subscribe(const struct md_web_request *rq, const char *feed, json_t *notes);

/* Percent-encodes s for a query value into buf (truncated to size). */
void web_query_escape(const char *s, char *buf, size_t size);

/* An occurrence's dates as people read them: "19 Jun 2023 - 14 Jul 2023". */
void web_when_text(const struct md_item *it, char *buf, size_t size);

/* An item's summary as md_store_summary writes it, the recurrence in words ("every year"). */
void web_summary(const struct md_item *it, char *buf, size_t size);

/* lib/web_doc.c: the human words for a kind ("report", "oral update"). */
const char *web_kind_label(enum md_kind k);

#endif
