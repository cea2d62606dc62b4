/*
 * store.c - opening the database: refusing what is not ours, the pragmas,
 * the migrations, and the helpers every lib/store*.c uses.
 *
 * Policy, as coded here:
 * - A file at the path that is not SQLite (wrong 16-byte header), or a
 *   SQLite database with another application_id, or with tables but no
 *   application_id, is foreign: MD_EDBFOREIGN, and it is never written.
 * - Rollback journal (journal_mode=DELETE, synchronous=FULL).  WAL only when
 *   the linked SQLite is 3.51.3 or newer: older ones (Debian 12 has 3.40)
 *   carry the WAL-reset bug that can corrupt a database written by two
 *   processes at once.
 * - Foreign keys on; a busy timeout so that concurrent writers wait; every
 *   write in BEGIN IMMEDIATE so that a writer never has to upgrade a read
 *   lock (the case SQLite cannot wait for).
 * - The schema is versioned by PRAGMA user_version; migrations run in order
 *   inside one transaction, re-checking the version once the lock is held
 *   so that two processes creating the same database do it once.
 */
#include "store_int.h"

#include "mandate/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Migration 1: the whole schema.  Later migrations append to the table below. */
static const char schema_v1[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "INSERT INTO meta VALUES ('sessions_version', 0);"
    "CREATE TABLE documents ("
    " id INTEGER PRIMARY KEY, symbol TEXT NOT NULL UNIQUE, body TEXT, session INTEGER,"
    " adopted TEXT, title TEXT, operative_paragraphs INTEGER NOT NULL DEFAULT 0,"
    " source TEXT, hash TEXT NOT NULL, ingested_at TEXT NOT NULL);"
    "CREATE TABLE paragraphs ("
    " id INTEGER PRIMARY KEY,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " number INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (document_id, number));"
    /* Kept by lib/store_ingest.c, one statement per document rather than a
     * trigger per row: FTS5 flushes its pending terms at every statement
     * savepoint, and a trigger per paragraph made that a flush per row. */
    "CREATE VIRTUAL TABLE paragraphs_fts USING fts5(text, content='paragraphs',"
    " content_rowid='id');"
    /* origin 'staff': added by `mandatectl add`; in_text 0: corrected, kept
     * though a corrected text no longer has it; sess_body: the organ of the
     * effective due, to find what a change of session dates affects. */
    "CREATE TABLE obligations ("
    " id INTEGER PRIMARY KEY,"
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " origin TEXT NOT NULL DEFAULT 'extractor' CHECK (origin IN ('extractor', 'staff')),"
    " paragraph INTEGER NOT NULL, kind TEXT NOT NULL, ordinal INTEGER NOT NULL,"
    " actor TEXT NOT NULL, due TEXT NOT NULL, recurrence TEXT,"
    " span_start INTEGER, span_end INTEGER, rule TEXT, confidence REAL NOT NULL DEFAULT 1,"
    " in_text INTEGER NOT NULL DEFAULT 1,"
    " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),"
    " done_by TEXT, note TEXT, sess_body TEXT,"
    " UNIQUE (document_id, origin, paragraph, kind, ordinal));"
    "CREATE INDEX obligations_sess ON obligations(sess_body);"
    /* The correction overlay: a non-NULL field wins over the extractor's. */
    "CREATE TABLE corrections ("
    " obligation_id INTEGER PRIMARY KEY REFERENCES obligations(id) ON DELETE CASCADE,"
    " due TEXT, kind TEXT, actor TEXT, recurrence TEXT, who TEXT NOT NULL, at TEXT NOT NULL);"
    /* sort_date: the deadline when there is one, else the start: the day
     * staff work to.  hash/sequence/last_modified feed iCalendar. */
    "CREATE TABLE occurrences ("
    " obligation_id INTEGER NOT NULL REFERENCES obligations(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, start TEXT NOT NULL, \"end\" TEXT NOT NULL, deadline TEXT,"
    " sort_date TEXT NOT NULL, body TEXT, number INTEGER, estimated INTEGER NOT NULL,"
    " rule TEXT NOT NULL, hash TEXT NOT NULL, sequence INTEGER NOT NULL DEFAULT 0,"
    " last_modified TEXT NOT NULL, PRIMARY KEY (obligation_id, idx)) WITHOUT ROWID;"
    /* Covering for upcoming: a listing never reads the table itself. */
    "CREATE INDEX occurrences_sort ON occurrences(sort_date, \"end\", start, deadline,"
    " estimated, body);"
    "CREATE TABLE sessions ("
    " body TEXT NOT NULL, number INTEGER NOT NULL, start TEXT NOT NULL,"
    " \"end\" TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (body, number)) WITHOUT ROWID;"
    /* No foreign key: the history outlives what it speaks of. */
    "CREATE TABLE history ("
    " id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,"
    " symbol TEXT, obligation_id INTEGER, detail TEXT NOT NULL);"
    "CREATE INDEX history_obligation ON history(obligation_id);";

/* Migration 2: the reminders `mandatectl notify` sent (lib/store_notify.c).  A row
 * is written only once the SMTP server accepted the message. */
static const char schema_v2[] =
    "CREATE TABLE reminders ("
    " obligation_id INTEGER NOT NULL REFERENCES obligations(id) ON DELETE CASCADE,"
    " idx INTEGER NOT NULL, recipient TEXT NOT NULL, lead INTEGER NOT NULL, due TEXT NOT NULL,"
    " late INTEGER NOT NULL, message_id TEXT NOT NULL, sent_at TEXT NOT NULL,"
    " PRIMARY KEY (obligation_id, idx, recipient, lead, due)) WITHOUT ROWID;";

static const char *const migrations[MD_STORE_SCHEMA_VERSION] = {schema_v1, schema_v2};

/* The tables a mandate database may hold (FTS5 shadow tables included). */
static const char *const known_tables[] = {
    "meta",
    "documents",
    "paragraphs",
    "paragraphs_fts",
    "paragraphs_fts_data",
    "paragraphs_fts_idx",
    "paragraphs_fts_docsize",
    "paragraphs_fts_config",
    "obligations",
    "corrections",
    "occurrences",
    "sessions",
    "history",
    "reminders",
};

enum md_err store_dberr(struct md_store *st, struct md_error *err, const char *what)
{
	int code = sqlite3_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return md_error_set(err, MD_EBUSY, "%s: %s: the database stayed locked (%s)",
		                    st->path, what, msg);
	if (code == SQLITE_NOTADB)
		return md_error_set(err, MD_EDBFOREIGN, "%s: not a mandate database (%s)", st->path,
		                    msg);
	if (code == SQLITE_NOMEM)
		return md_error_set(err, MD_ENOMEM, "%s: %s: out of memory", st->path, what);
	return md_error_set(err, MD_EDB, "%s: %s: %s", st->path, what, msg);
}

sqlite3_stmt *store_stmt(struct md_store *st, const char *sql, struct md_error *err)
{
	struct store_cached *c;

	for (size_t i = 0; i < st->n_cache; i++)
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	if (st->n_cache == STORE_CACHE_MAX) { /* full: start again */
		for (size_t i = 0; i < st->n_cache; i++)
			sqlite3_finalize(st->cache[i].stmt);
		st->n_cache = 0;
	}
	c = &st->cache[st->n_cache];
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->stmt, NULL) !=
	    SQLITE_OK) {
		store_dberr(st, err, "preparing a query");
		return NULL;
	}
	c->sql = sql;
	st->n_cache++;
	return c->stmt;
}

enum md_err store_exec(struct md_store *st, const char *sql, struct md_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_dberr(st, err, "writing");
	return MD_OK;
}

enum md_err store_begin(struct md_store *st, struct md_error *err)
{
	if (st->batch && sqlite3_get_autocommit(st->db)) {
		st->batch_n = 0; /* an error may have rolled the group back */
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return store_dberr(st, err, "starting a transaction");
	}
	if (sqlite3_exec(st->db, st->batch ? "SAVEPOINT doc" : "BEGIN IMMEDIATE", NULL, NULL,
	                 NULL) != SQLITE_OK)
		return store_dberr(st, err, "starting a transaction");
	return MD_OK;
}

/* COMMIT, or ROLLBACK when it fails (the error is kept in err). */
static enum md_err commit(struct md_store *st, struct md_error *err)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		enum md_err rc = store_dberr(st, err, "committing");

		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return MD_OK;
}

enum md_err store_commit(struct md_store *st, struct md_error *err)
{
	if (!st->batch)
		return commit(st, err);
	if (sqlite3_exec(st->db, "RELEASE doc", NULL, NULL, NULL) != SQLITE_OK) {
		enum md_err rc = store_dberr(st, err, "committing");

		store_rollback(st);
		return rc;
	}
	st->batch_n++;
	return MD_OK;
}

void store_rollback(struct md_store *st)
{
	if (sqlite3_get_autocommit(st->db)) {
		st->batch_n = 0; /* SQLite rolled back the whole transaction */
		return;
	}
	if (st->batch) { /* only this document's changes */
		sqlite3_exec(st->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
		if (!st->batch_n) /* a group of nothing: no write lock held for it */
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	} else
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

enum md_err md_store_batch_begin(struct md_store *st, struct md_error *err)
{
	if (st->batch)
		return md_error_set(err, MD_EINVAL, "a batch is already open");
	/* Paragraphs written in the batch and not yet in the full-text index. */
	if (store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS fts_pending (id INTEGER PRIMARY KEY)",
	               err) != MD_OK)
		return err ? err->code : MD_EDB;
	st->batch = true;
	st->batch_n = 0;
	return MD_OK;
}

size_t md_store_batch_pending(const struct md_store *st)
{
	return st->batch && !sqlite3_get_autocommit(st->db) ? st->batch_n : 0;
}

/*
 * First the full-text index of the paragraphs the group's documents wrote
 * (temp.fts_pending, see lib/store_ingest.c), in one statement, so that
 * FTS5 writes one segment per commit rather than one per document; then
 * COMMIT.  What is committed is always indexed.
 */
enum md_err md_store_batch_commit(struct md_store *st, struct md_error *err)
{
	static const char sql[] = "INSERT INTO paragraphs_fts (rowid, text)"
	                          " SELECT p.id, p.text FROM temp.fts_pending f"
	                          " JOIN paragraphs p ON p.id = f.id;"
	                          "DELETE FROM temp.fts_pending";
	enum md_err rc;

	st->batch_n = 0;
	if (sqlite3_get_autocommit(st->db))
		return MD_OK;
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_dberr(st, err, "indexing paragraphs");
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return commit(st, err);
}

enum md_err md_store_batch_end(struct md_store *st, struct md_error *err)
{
	enum md_err rc = st->batch ? md_store_batch_commit(st, err) : MD_OK;

	st->batch = false;
	return rc;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

int store_bind_date(sqlite3_stmt *s, int i, struct md_date d)
{
	char buf[16];

	if (md_date_is_none(d))
		return sqlite3_bind_null(s, i);
	md_date_format(d, buf, sizeof(buf));
	return sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
}

char *store_col_strdup(sqlite3_stmt *s, int i, bool *oom)
{
	const unsigned char *v = sqlite3_column_text(s, i);
	char *copy;

	if (!v)
		return NULL;
	copy = strdup((const char *)v);
	if (!copy)
		*oom = true;
	return copy;
}

/* Digits s[0..n) as a number, or -1. */
static int digits(const unsigned char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

struct md_date store_col_date(sqlite3_stmt *s, int i)
{
	/* Stored dates are always "YYYY-MM-DD": read them without sscanf, which
	 * showed in listings of many thousand rows. */
	const unsigned char *v = sqlite3_column_text(s, i);
	struct md_date d;

	if (!v || sqlite3_column_bytes(s, i) != 10 || v[4] != '-' || v[7] != '-')
		return MD_DATE_NONE;
	d = (struct md_date){digits(v, 4), digits(v + 5, 2), digits(v + 8, 2)};
	return md_date_valid(d) ? d : MD_DATE_NONE;
}

uint64_t store_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t store_hash_str(uint64_t h, const char *s)
{
	/* The NUL too, so that ("ab", "c") and ("a", "bc") differ. */
	return s ? store_hash(h, s, strlen(s) + 1) : store_hash(h, "\xff", 1);
}

char *store_due_dump(const struct md_due *d)
{
	json_t *j = md_due_json(d);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(j);
	return s;
}

enum md_err store_due_load(const char *text, struct md_due *d, struct md_error *err)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	enum md_err rc;

	if (!j)
		return md_error_set(err, MD_EDB, "a stored due is not JSON: %s",
		                    text ? text : "(null)");
	rc = md_due_from_json(j, d, err);
	json_decref(j);
	if (rc != MD_OK)
		return md_error_set(err, MD_EDB, "a stored due is wrong: %s", text);
	return MD_OK;
}

enum md_err store_due_load_cached(struct md_store *st, const char *text, struct md_due *d,
                                  struct md_error *err)
{
	/* Listings read the same few hundred dues over and over: parse each once. */
	uint64_t h = store_hash_str(STORE_HASH_INIT, text);
	struct store_due_cached *c = &st->dues[h % STORE_DUE_CACHE];
	enum md_err rc;

	if (text && c->used && c->hash == h && strcmp(c->text, text) == 0) {
		*d = c->due;
		return MD_OK;
	}
	if ((rc = store_due_load(text, d, err)) != MD_OK)
		return rc;
	if (strlen(text) < sizeof(c->text)) {
		c->used = true;
		c->hash = h;
		memcpy(c->text, text, strlen(text) + 1);
		c->due = *d;
	}
	return MD_OK;
}

enum md_err store_history_add(struct md_store *st, const char *action, const char *symbol,
                              int64_t obligation_id, const char *detail, struct md_error *err)
{
	static const char sql[] = "INSERT INTO history (at, who, action, symbol, obligation_id,"
	                          " detail) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, st->now);
	store_bind_text(s, 2, st->who);
	store_bind_text(s, 3, action);
	store_bind_text(s, 4, symbol);
	if (obligation_id)
		sqlite3_bind_int64(s, 5, obligation_id);
	store_bind_text(s, 6, detail);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "recording the history");
	return MD_OK;
}

/* ---- opening ---- */

/*
 * The first 16 bytes of every SQLite database.  An empty or missing file is
 * fine (SQLite makes it a new database); anything else is foreign.
 */
static enum md_err check_header(const char *path, bool *exists, struct md_error *err)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	size_t got;
	FILE *f = fopen(path, "rb");

	*exists = f != NULL;
	if (!f)
		return errno == ENOENT ? MD_OK
		                       : md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
	got = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (got == 0)
		return MD_OK;
	if (got < sizeof(head) || memcmp(head, magic, sizeof(magic)) != 0)
		return md_error_set(err, MD_EDBFOREIGN,
		                    "%s: not a mandate database (not an SQLite file); "
		                    "refusing to touch it",
		                    path);
	return MD_OK;
}

static enum md_err pragma_int(struct md_store *st, const char *sql, long long *out,
                              struct md_error *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "reading the schema");
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading the schema");
	return MD_OK;
}

static bool known_table(const char *name)
{
	for (size_t i = 0; i < sizeof(known_tables) / sizeof(known_tables[0]); i++)
		if (strcmp(name, known_tables[i]) == 0)
			return true;
	return false;
}

/* Sets *foreign when the database holds a table that is not ours. */
static enum md_err check_tables(struct md_store *st, bool *foreign, long long *n_tables,
                                struct md_error *err)
{
	sqlite3_stmt *s;
	int rc;

	*foreign = false;
	*n_tables = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1,
	                       &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "reading the schema");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*n_tables)++;
		if (!known_table((const char *)sqlite3_column_text(s, 0)))
			*foreign = true;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "reading the schema");
	return MD_OK;
}

/*
 * Ours: application_id is mandate's and every table is one we know, or the
 * database is still empty (id 0, no tables).
 */
static enum md_err check_ours(struct md_store *st, struct md_error *err)
{
	long long app, n_tables;
	bool foreign;
	enum md_err rc = pragma_int(st, "PRAGMA application_id", &app, err);

	if (rc == MD_OK)
		rc = check_tables(st, &foreign, &n_tables, err);
	if (rc != MD_OK)
		return rc;
	if ((app == 0 && n_tables == 0) || (app == MD_STORE_APPLICATION_ID && !foreign))
		return MD_OK;
	return md_error_set(err, MD_EDBFOREIGN,
	                    "%s: not a mandate database (another application's SQLite file); "
	                    "refusing to touch it",
	                    st->path);
}

static enum md_err set_pragmas(struct md_store *st, struct md_error *err)
{
	/* 3.51.3 fixes the WAL-reset race; before it, the rollback journal only. */
	bool wal = sqlite3_libversion_number() >= 3051003;
	char sql[64];

	if (store_exec(st, "PRAGMA foreign_keys = ON", err) != MD_OK)
		return err ? err->code : MD_EDB;
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", wal ? "WAL" : "DELETE");
	if (store_exec(st, sql, err) != MD_OK)
		return err ? err->code : MD_EDB;
	st->journal = wal ? "wal" : "delete";
	/* Reads through a memory map and a larger page cache: listings touch
	 * obligations and documents all over the file.  Writes still go through
	 * the journal. */
	if (store_exec(st, "PRAGMA mmap_size = 268435456", err) != MD_OK ||
	    store_exec(st, "PRAGMA cache_size = -32768", err) != MD_OK)
		return err ? err->code : MD_EDB;
	return store_exec(st, "PRAGMA synchronous = FULL", err);
}

static enum md_err run_migrations(struct md_store *st, const char *tsv, struct md_error *err)
{
	long long version = 0;
	char sql[80];
	enum md_err rc = store_begin(st, err);

	if (rc == MD_OK)
		rc = pragma_int(st, "PRAGMA user_version", &version, err);
	if (rc == MD_OK && version > MD_STORE_SCHEMA_VERSION)
		rc = md_error_set(err, MD_EDB,
		                  "%s: schema version %lld is newer than this mandate (%d); "
		                  "upgrade mandate",
		                  st->path, version, MD_STORE_SCHEMA_VERSION);
	if (rc == MD_OK && version == 0)
		rc = check_ours(st, err); /* again, now that the lock is held */
	for (long long v = version; rc == MD_OK && v < MD_STORE_SCHEMA_VERSION; v++) {
		rc = store_exec(st, migrations[v], err);
		if (rc == MD_OK && v == 0 && tsv)
			rc = store_sessions_seed(st, tsv, err);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %lld", v + 1);
		if (rc == MD_OK)
			rc = store_exec(st, sql, err);
	}
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", MD_STORE_APPLICATION_ID);
	if (rc == MD_OK && version < MD_STORE_SCHEMA_VERSION)
		rc = store_exec(st, sql, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

static enum md_err copy_opts(struct md_store *st, const struct md_store_opts *o)
{
	const struct md_config *cfg = o->config;
	char today[16];

	st->today = md_date_valid(o->today) ? o->today : (struct md_date){2000, 1, 1};
	md_date_format(st->today, today, sizeof(today));
	st->who = strdup(o->who && *o->who ? o->who : "unknown");
	st->now = strdup(o->now && *o->now ? o->now : today);
	st->submission_weeks =
	    cfg && cfg->submission_weeks > 0 ? cfg->submission_weeks : MD_STORE_SUBMISSION_WEEKS;
	if (!st->who || !st->now)
		return MD_ENOMEM;
	if (cfg && cfg->n_leads) {
		st->leads = calloc(cfg->n_leads, sizeof(*st->leads));
		if (!st->leads)
			return MD_ENOMEM;
		for (size_t i = 0; i < cfg->n_leads; i++) {
			st->leads[i].weeks = cfg->leads[i].weeks;
			st->leads[i].body = strdup(cfg->leads[i].body);
			st->n_leads = i + 1;
			if (!st->leads[i].body)
				return MD_ENOMEM;
		}
	}
	return MD_OK;
}

static enum md_err open_db(struct md_store *st, const struct md_store_opts *o, struct md_error *err)
{
	bool exists;
	enum md_err rc = check_header(st->path, &exists, err);

	if (rc != MD_OK)
		return rc;
	/* NOMUTEX: a store handle belongs to one thread at a time. */
	if (sqlite3_open_v2(st->path, &st->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK)
		return st->db ? store_dberr(st, err, "opening")
		              : md_error_set(err, MD_ENOMEM, "%s: out of memory", st->path);
	sqlite3_busy_timeout(st->db, o->busy_timeout_ms > 0 ? o->busy_timeout_ms : 10000);
	if ((rc = check_ours(st, err)) != MD_OK)
		return rc;
	if ((rc = set_pragmas(st, err)) != MD_OK)
		return rc;
	return run_migrations(st, o->sessions_tsv, err);
}

enum md_err md_store_open(const char *path, const struct md_store_opts *opts, struct md_store **out,
                          struct md_error *err)
{
	static const struct md_store_opts defaults;
	struct md_store *st;
	enum md_err rc;

	*out = NULL;
	if (!path || !*path)
		return md_error_set(err, MD_EINVAL, "no database path");
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path)) || copy_opts(st, opts ? opts : &defaults) != MD_OK) {
		md_store_close(st);
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", path);
	}
	rc = open_db(st, opts ? opts : &defaults, err);
	if (rc != MD_OK) {
		md_store_close(st);
		return rc;
	}
	*out = st;
	return MD_OK;
}

void md_store_close(struct md_store *st)
{
	if (!st)
		return;
	if (st->db && !sqlite3_get_autocommit(st->db)) /* a batch never ended */
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	md_calendar_free(st->cal);
	for (size_t i = 0; i < st->n_leads; i++)
		free(st->leads[i].body);
	free(st->leads);
	free(st->path);
	free(st->who);
	free(st->now);
	free(st);
}

int md_store_schema_version(struct md_store *st)
{
	long long v = 0;

	pragma_int(st, "PRAGMA user_version", &v, NULL);
	return (int)v;
}

const char *md_store_journal_mode(struct md_store *st)
{
	return st->journal;
}
