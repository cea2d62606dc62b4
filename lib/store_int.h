/*
 * store_int.h - what the store's files (lib/store*.c) share and nobody else
 * sees: the handle, the statement cache, transactions, the history and the
 * resolution of obligations into occurrences.
 */
#ifndef MANDATE_STORE_INT_H
#define MANDATE_STORE_INT_H

#include <sqlite3.h>

#include "mandate/store.h"

#define STORE_CACHE_MAX 48

struct store_cached {
	const char *sql; /* compared by address: always a string literal */
	sqlite3_stmt *stmt;
};

#define STORE_DUE_CACHE 256

struct store_due_cached {
	bool used;
	uint64_t hash;
	char text[160];
	struct md_due due;
};

struct md_store {
	sqlite3 *db;
	char *path, *who, *now;
	struct md_date today;
	int submission_weeks;
	struct store_lead {
		char *body;
		int weeks;
	} * leads;
	size_t n_leads;
	const char *journal;
	struct md_calendar *cal; /* the sessions table, loaded when first needed */
	long long cal_version;   /* meta 'sessions_version' the calendar was loaded at */
	bool batch;              /* in a batch (md_store_batch_begin) */
	size_t batch_n;          /* documents released since the batch's last commit */
	struct store_cached cache[STORE_CACHE_MAX];
	struct store_due_cached dues[STORE_DUE_CACHE]; /* parsed dues, by hash of the text */
	size_t n_cache;
};

/* Sets err from the connection's last error ("path: what: sqlite message"). */
enum md_err store_dberr(struct md_store *st, struct md_error *err, const char *what);

/*
 * Returns the prepared statement for sql (a string literal), reset and with
 * bindings cleared, or NULL with err set.  Owned by the cache.
 */
sqlite3_stmt *store_stmt(struct md_store *st, const char *sql, struct md_error *err);

/* Runs SQL without results. */
enum md_err store_exec(struct md_store *st, const char *sql, struct md_error *err);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK.  rollback never fails.  In a batch
 * (md_store_batch_begin) they are a SAVEPOINT inside the batch's
 * transaction, which md_store_batch_commit commits.
 */
enum md_err store_begin(struct md_store *st, struct md_error *err);
enum md_err store_commit(struct md_store *st, struct md_error *err);
void store_rollback(struct md_store *st);

/* Binds text, NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* A column as a new string (NULL for SQL NULL); *oom set when out of memory. */
char *store_col_strdup(sqlite3_stmt *s, int i, bool *oom);
/* A column as a date (none for NULL or a bad value). */
struct md_date store_col_date(sqlite3_stmt *s, int i);
/* Binds a date as "YYYY-MM-DD", NULL for none. */
int store_bind_date(sqlite3_stmt *s, int i, struct md_date d);

/* Appends one history row (in the caller's transaction). */
enum md_err store_history_add(struct md_store *st, const char *action, const char *symbol,
                              int64_t obligation_id, const char *detail, struct md_error *err);

/* 64-bit FNV-1a over n bytes, continuing from h (start with STORE_HASH_INIT). */
#define STORE_HASH_INIT 0xcbf29ce484222325ULL
uint64_t store_hash(uint64_t h, const void *p, size_t n);
uint64_t store_hash_str(uint64_t h, const char *s);

/* The due as stored (compact JSON); a new string or NULL on ENOMEM. */
char *store_due_dump(const struct md_due *d);
/* Parses a stored due; MD_EDB on a bad value (the database was edited by hand). */
enum md_err store_due_load(const char *json, struct md_due *d, struct md_error *err);
/* The same through a cache of the dues parsed last. */
enum md_err store_due_load_cached(struct md_store *st, const char *json, struct md_due *d,
                                  struct md_error *err);

/* The calendar of the stored sessions, reloaded when another writer changed them. */
enum md_err store_calendar(struct md_store *st, const struct md_calendar **cal,
                           struct md_error *err);
/* Marks the sessions changed (in the caller's transaction). */
enum md_err store_sessions_touch(struct md_store *st, struct md_error *err);

/*
 * Resolves obligation id again from its effective due and the calendar and
 * brings its occurrences up to date: a changed occurrence gets a new hash,
 * sequence + 1 and last_modified = now.  *changed (may be NULL) says whether
 * any occurrence was added, changed or removed.  In the caller's transaction.
 */
enum md_err store_resolve(struct md_store *st, int64_t id, bool *changed, struct md_error *err);

/* Loads the obligation's symbol into buf ("" when unknown); MD_ENOENT when no such id. */
enum md_err store_obligation_symbol(struct md_store *st, int64_t id, char *buf, size_t size,
                                    struct md_error *err);

/* Loads stored sessions into cal (all of them). */
enum md_err store_sessions_load(struct md_store *st, struct md_calendar *cal, struct md_error *err);

/* Seeds the sessions table from a TSV (first migration). */
enum md_err store_sessions_seed(struct md_store *st, const char *path, struct md_error *err);

#endif
