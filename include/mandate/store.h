/*
 * store.h - the obligations database: documents, paragraphs, obligations,
 * their dated occurrences, the sessions calendar, staff corrections and a
 * history of every change, in one SQLite file.
 *
 * The store owns the SQLite handle; nothing outside lib/ sees SQL.  Every
 * write runs in its own BEGIN IMMEDIATE transaction (one per document on
 * ingest), so a failed call leaves the database as it was and two processes
 * writing at once wait for each other up to the busy timeout.
 *
 * Dates: occurrences are resolved with md_calendar_resolve against the
 * sessions stored here.  Recurrences are expanded up to a horizon of ten
 * years after the document's adoption (opts.today when the adoption date is
 * unknown), so that stored dates never depend on the day a command runs.
 *
 * Corrections made by people (fix, add, dismiss) are kept apart from what
 * the extractor found, win over it in every output, and survive re-ingest.
 */
#ifndef MANDATE_STORE_H
#define MANDATE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "mandate/calendar.h"
#include "mandate/date.h"
#include "mandate/err.h"
#include "mandate/record.h"

/* The schema version this library writes (PRAGMA user_version). */
#define MD_STORE_SCHEMA_VERSION 2
/* PRAGMA application_id of a mandate database: "MAND". */
#define MD_STORE_APPLICATION_ID 0x4D414E44
/* Recurrences are expanded this many years past adoption. */
#define MD_STORE_HORIZON_YEARS 10
/* Submission lead for reports when mandated.conf does not say (md_store_opts.config). */
#define MD_STORE_SUBMISSION_WEEKS 10

struct md_store;

struct md_config;

struct md_store_opts {
	const char *who;          /* recorded in the history; NULL: "unknown" */
	const char *now;          /* timestamp recorded in the history; NULL: today's date */
	struct md_date today;     /* horizon anchor for undated documents; none: 2000-01-01 */
	const char *sessions_tsv; /* seeds the sessions of a new database; NULL: none */
	/* The submission leads (submission-weeks and its per-organ values) of
	 * mandated.conf, copied at open; NULL: MD_STORE_SUBMISSION_WEEKS. */
	const struct md_config *config;
	int busy_timeout_ms; /* 0: 10000 */
};

/*
 * Opens (creating when missing) the database at path and brings its schema
 * up to MD_STORE_SCHEMA_VERSION.  A file that is not SQLite, or another
 * application's database, is refused with MD_EDBFOREIGN and never written;
 * a damaged one gives MD_EDB; a schema newer than this library, MD_EDB.
 * Errors also: MD_EBUSY, MD_EIO/MD_EINVAL (seeding sessions), MD_ENOMEM.
 * On MD_OK *out is a new store; close it with md_store_close.  opts may be
 * NULL; its strings are copied.
 */
enum md_err md_store_open(const char *path, const struct md_store_opts *opts, struct md_store **out,
                          struct md_error *err);

/* Closes st.  md_store_close(NULL) is a no-op. */
void md_store_close(struct md_store *st);

/* The schema version of the open database. */
int md_store_schema_version(struct md_store *st);

/* "journal_mode" in use ("delete", or "wal" with SQLite >= 3.51.3). */
const char *md_store_journal_mode(struct md_store *st);

/* ---- ingest (lib/store_ingest.c) ---- */

/* One line of what an ingest did to an obligation. */
struct md_ingest_change {
	char op; /* '+' added, '~' changed, '-' removed, '=' kept (corrected, gone from the text) */
	int64_t id;
	int paragraph;
	enum md_kind kind;
	char what[192]; /* the summary, as md_store_summary writes it */
};

struct md_ingest_result {
	bool unchanged; /* the same document again: nothing was written */
	bool new_document;
	int added, changed, removed, kept;
	struct md_ingest_change *changes; /* n_changes of them; free with md_ingest_result_free */
	size_t n_changes;
};

/*
 * Stores a record in one transaction: a new symbol is added; the same
 * document again changes nothing; a corrected text of the same symbol
 * updates its obligations in place.  An obligation keeps its id and status
 * while (paragraph, kind, ordinal of that pair in the text) still matches;
 * one gone from the text is removed unless a person corrected it (then it
 * is kept).  source names the input in the history.  *res is filled (free
 * its changes with md_ingest_result_free).  Errors: MD_EINVAL (record
 * without a symbol), MD_EDB, MD_EBUSY, MD_ENOMEM.
 */
enum md_err md_store_ingest(struct md_store *st, const struct md_record *r, const char *source,
                            struct md_ingest_result *res, struct md_error *err);

void md_ingest_result_free(struct md_ingest_result *res);

/*
 * Bulk loads.  Between md_store_batch_begin and md_store_batch_end each
 * write call (md_store_ingest) is a savepoint: a document is still all or
 * nothing, and one that fails leaves the others of the group.  What was
 * written is committed by md_store_batch_commit, which the caller calls
 * every so many documents, and by md_store_batch_end.  Far fewer syncs, and
 * the full-text index is written once per commit instead of once per
 * document, at a price: a crash loses the documents since the last commit
 * (the database stays consistent; ingesting again redoes them), and the
 * write lock is held from a group's first document to its commit.
 * md_store_batch_pending says how many documents the open group holds; it
 * drops to 0 when an error made SQLite roll the whole group back, so a
 * caller can tell those documents were lost.  A failed commit rolls the
 * group back too.  md_store_close without batch_end rolls back what was
 * not committed.  Errors: MD_EINVAL (already in a batch), MD_EDB, MD_EBUSY.
 */
enum md_err md_store_batch_begin(struct md_store *st, struct md_error *err);
size_t md_store_batch_pending(const struct md_store *st);
enum md_err md_store_batch_commit(struct md_store *st, struct md_error *err);
enum md_err md_store_batch_end(struct md_store *st, struct md_error *err);

/* ---- queries (lib/store_query.c) ---- */

enum md_status_filter { MD_STATUS_OPEN, MD_STATUS_DONE, MD_STATUS_ALL };

/* "open", "done" or "all" into *out: 0, or -1 for anything else. */
int md_status_filter_parse(const char *s, enum md_status_filter *out);

struct md_query {
	struct md_date from, to; /* occurrences ending on/after from and due by to; none: open */
	const char *body;        /* the document's organ or the due's organ */
	const char *actor;       /* substring, any case */
	int kind;                /* enum md_kind, or -1 for any */
	const char *symbol;      /* exact */
	int64_t id;              /* one obligation; 0 for any */
	enum md_status_filter status;
	bool dated_only; /* skip obligations with no dated occurrence */
	size_t limit;    /* 0: no limit */
};

/*
 * One row of a listing: an obligation and one of its occurrences (index -1
 * and no dates when it has none).  Effective values: corrections applied.
 */
struct md_item {
	int64_t id;
	char *symbol, *body, *actor, *rule, *done_by, *note, *corrected_by;
	int paragraph;
	enum md_kind kind;
	struct md_due due;
	struct md_period recurrence;
	char summary[192];
	int index; /* occurrence index, -1 when none */
	struct md_date start, end, deadline;
	bool estimated;
	const char *status; /* "open", "done", "dismissed" */
	bool corrected;     /* a person changed or added it */
	bool added;         /* a person added it */
	double confidence;
};

/*
 * Lists occurrences matching q, soonest first (by submission deadline when
 * there is one, else by start; then id).  *items is a new array of *n
 * (free with md_items_free).  Errors: MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_upcoming(struct md_store *st, const struct md_query *q, struct md_item **items,
                              size_t *n, struct md_error *err);

void md_items_free(struct md_item *items, size_t n);

/*
 * The JSON object of an item (documented in mandatectl(1)): id, symbol,
 * paragraph, kind, actor, summary, due, recurrence, start, end, deadline,
 * estimated, status, corrected, ...  New reference, NULL on ENOMEM.
 */
json_t *md_item_json(const struct md_item *it);

/* "High Commissioner: report at HRC 53" */
void md_store_summary(enum md_kind kind, const char *actor, const struct md_due *due,
                      const struct md_period *rec, char *buf, size_t size);

/* A stored document with its paragraphs (text) and its items. */
struct md_store_doc {
	char *symbol, *body, *title, *source;
	int session, operative_paragraphs;
	struct md_date adopted;
	struct md_store_para {
		int number;
		char *text;
	} * paragraphs;
	size_t n_paragraphs;
	struct md_item *items; /* every occurrence of every obligation, dismissed too */
	size_t n_items;
};

/*
 * Loads the document with this symbol into *out (a new one; free with
 * md_store_doc_free).  Errors: MD_ENOENT, MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_show(struct md_store *st, const char *symbol, struct md_store_doc **out,
                          struct md_error *err);
void md_store_doc_free(struct md_store_doc *d);

/*
 * The document as JSON, as `mandatectl show --json` and GET
 * /api/v1/documents/SYMBOL give it: {"symbol", "body", "session", "adopted",
 * "title", "operative_paragraphs", "paragraphs": [{"number", "text"}],
 * "obligations": [md_item_json, ...]}.  New reference, NULL on ENOMEM.
 */
json_t *md_store_doc_json(const struct md_store_doc *d);

struct md_search_hit {
	char *symbol;
	int paragraph;
	char *snippet; /* with [ and ] around the matches */
};

/*
 * Full-text search over paragraphs; every word of text must occur (words
 * are matched as written, any case, FTS5 porter-free unicode61 tokens).
 * *hits is new (free with md_search_hits_free).  Errors: MD_EINVAL (no
 * word), MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_search(struct md_store *st, const char *text, size_t limit,
                            struct md_search_hit **hits, size_t *n, struct md_error *err);
void md_search_hits_free(struct md_search_hit *hits, size_t n);

/*
 * What the extractor was least sure of: uncorrected, open obligations with
 * confidence below 1, least sure first, one item each (first occurrence).
 */
enum md_err md_store_review(struct md_store *st, size_t limit, struct md_item **items, size_t *n,
                            struct md_error *err);

/* ---- corrections and status (lib/store_fix.c) ---- */

/* A correction: only the fields marked are changed. */
struct md_fix {
	bool has_due, has_kind, has_actor, has_recurrence;
	struct md_due due;
	enum md_kind kind;
	const char *actor;
	struct md_period recurrence;
};

/*
 * Parses a due as people write it: "at HRC 53", "before GA 80",
 * "by 2024-12-31", "on 2025-03-01", "until 2026-06-30", "at HRC" (a session
 * not numbered: recurring).  MD_OK or MD_EINVAL with a message.
 */
enum md_err md_store_due_parse(const char *s, struct md_due *out, struct md_error *err);

/* Corrects obligation id (re-resolving its dates).  MD_ENOENT, MD_EINVAL, MD_EDB. */
enum md_err md_store_fix(struct md_store *st, int64_t id, const struct md_fix *fix,
                         struct md_error *err);

/*
 * Adds an obligation the extractor missed to the document symbol (fix must
 * have due, kind and actor).  *id gets the new id.  MD_ENOENT (no such
 * document), MD_EINVAL, MD_EDB.
 */
enum md_err md_store_add(struct md_store *st, const char *symbol, int paragraph,
                         const struct md_fix *fix, int64_t *id, struct md_error *err);

/* Marks a false obligation dismissed (hidden unless --status all). */
enum md_err md_store_dismiss(struct md_store *st, int64_t id, const char *note,
                             struct md_error *err);

/* Marks an obligation done (by: the symbol of the document that did it, or NULL). */
enum md_err md_store_done(struct md_store *st, int64_t id, const char *by, const char *note,
                          struct md_error *err);

/* Marks a done or dismissed obligation open again (a dismissal is withdrawn). */
enum md_err md_store_reopen(struct md_store *st, int64_t id, struct md_error *err);

/* One entry of the history. */
struct md_history {
	int64_t id;
	char *at, *who, *action, *symbol, *detail;
	int64_t obligation_id; /* 0 when none */
};

/* The newest `limit` history entries (all when 0), for an obligation when id != 0. */
enum md_err md_store_history(struct md_store *st, int64_t id, size_t limit, struct md_history **out,
                             size_t *n, struct md_error *err);
void md_history_free(struct md_history *h, size_t n);

/* ---- sessions (lib/store_sessions.c) ---- */

/* The stored sessions (of body, or all when NULL), in body/number order. */
enum md_err md_store_sessions_list(struct md_store *st, const char *body, struct md_session **out,
                                   size_t *n, struct md_error *err);

/*
 * Sets (adds or replaces) sessions and resolves again every obligation due
 * at an affected organ, recording each change of dates in the history.
 * *resolved (may be NULL) gets the number of obligations whose dates
 * changed.  MD_EINVAL, MD_EDB.
 */
enum md_err md_store_sessions_set(struct md_store *st, const struct md_session *s, size_t n,
                                  int *resolved, struct md_error *err);

/* As md_store_sessions_set with the rows of a TSV file (md_calendar_load_tsv). */
enum md_err md_store_sessions_import(struct md_store *st, const char *path, size_t *n_sessions,
                                     int *resolved, struct md_error *err);

#endif
