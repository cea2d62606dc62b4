/*
 * failalloc.c - allocation failure through extraction and rendering.
 *
 * The program is linked with -Wl,--wrap=malloc,calloc,realloc,strdup,
 * strndup,free (CMakeLists.txt), so every allocation the library makes
 * passes through the wrappers below; jansson's go through them too
 * (json_set_alloc_funcs), and SQLite's (SQLITE_CONFIG_MALLOC).  For each
 * stage (extract, JSON, iCalendar, mail, store)
 * it first counts the allocations of a clean run, then for N = 1, 2, ...
 * fails the Nth allocation only and runs the stage again, until N passes
 * the count.  Each run must:
 *   - not crash (the sanitizers, when built with them, stop on any misuse);
 *   - return MD_ENOMEM (NULL for md_record_json), or MD_OK with the very
 *     same output as the clean run (a failure that was recovered from);
 *   - free everything it allocated: the wrappers keep a table of the live
 *     blocks they handed out, and after the stage's cleanup no block of
 *     that run may be left.  Under ASan, LeakSanitizer is asked too;
 *   - for the store (md_store_ingest into a fresh database), leave the
 *     document wholly stored or wholly absent: after the failed run the
 *     database passes integrity_check and holds either nothing or exactly
 *     the paragraphs and obligations of the clean run.
 * Allocations made inside shared libraries (libical's own, libc's inside
 * open_memstream or getline) cannot be counted or failed this way: they
 * are not in the table, and a free of such a block is ignored.
 *
 * usage: failalloc [--known STAGE,...] [--no-store] FILE
 * (--no-store: all but the store stage, which takes thousands of runs)
 * prints one line per stage: stage, allocations, runs, failures.  The
 * stages named by --known have bugs already reported: their failures are
 * printed and counted but do not fail the program; when such a stage has
 * none, the table says so, and --known should lose it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>

#include "mandate/doc.h"
#include "mandate/extract.h"
#include "mandate/ical.h"
#include "mandate/mail.h"
#include "mandate/record.h"
#include "mandate/store.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);

/* Present in the ASan build only. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

/*
 * The live blocks: an open-addressing set of pointers, each with the run
 * that made it.  Pointers are kept inverted so that LeakSanitizer does not
 * take the table for a reference to them.
 */
#define LIVE_SLOTS (1u << 20)
#define TOMBSTONE  ((uintptr_t)1)
static uintptr_t *live;
static long *born;
static size_t n_live;
static long calls, fail_at, failed, run_id, lsan_every = 1;

static size_t slot_of(const void *p)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 44) & (LIVE_SLOTS - 1);
}

static void live_add(void *p)
{
	size_t i = slot_of(p);

	if (!p || !live)
		return;
	while (live[i] && live[i] != TOMBSTONE)
		i = (i + 1) & (LIVE_SLOTS - 1);
	live[i] = ~(uintptr_t)p;
	born[i] = run_id;
	n_live++;
}

static void live_remove(void *p)
{
	size_t i = slot_of(p);

	if (!p || !live)
		return;
	for (; live[i]; i = (i + 1) & (LIVE_SLOTS - 1)) {
		if (live[i] == ~(uintptr_t)p) {
			live[i] = TOMBSTONE;
			n_live--;
			return;
		}
	}
}

/* Frees the blocks a run left behind (counted as a failure by then). */
static void free_leftovers(long run)
{
	for (size_t i = 0; i < LIVE_SLOTS; i++) {
		if (live[i] && live[i] != TOMBSTONE && born[i] == run) {
			__real_free((void *)~live[i]);
			live[i] = TOMBSTONE;
			n_live--;
		}
	}
}

/* Counts a call; true when this is the one to fail. */
static int fail_now(void)
{
	if (++calls == fail_at) {
		failed++;
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	void *p = fail_now() ? NULL : __real_malloc(n);

	live_add(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p = fail_now() ? NULL : __real_calloc(n, size);

	live_add(p);
	return p;
}

void *__wrap_realloc(void *old, size_t n)
{
	void *p;

	if (fail_now())
		return NULL;
	p = __real_realloc(old, n);
	if (p || n == 0)
		live_remove(old);
	live_add(p);
	return p;
}

char *__wrap_strdup(const char *s)
{
	char *p = fail_now() ? NULL : __real_strdup(s);

	live_add(p);
	return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
	char *p = fail_now() ? NULL : __real_strndup(s, n);

	live_add(p);
	return p;
}

void __wrap_free(void *p)
{
	live_remove(p);
	__real_free(p);
}

/* jansson allocates through these, so its blocks are counted and failed too. */
static void *json_alloc(size_t n)
{
	return __wrap_malloc(n);
}

static void json_release(void *p)
{
	__wrap_free(p);
}

/* A stage: runs once, returns its error code and its output (new) in *out. */
typedef enum md_err (*stage_fn)(char **out);

static char *doc;
static size_t doc_len;

static enum md_err run_extract(char **out)
{
	struct md_record *r = NULL;
	struct md_error err;
	enum md_err rc = md_extract_run("doc", doc, doc_len, &r, &err);

	if (rc == MD_OK) {
		long n = calls;
		json_t *j;

		/* The output to compare is made with no failure, and not counted. */
		fail_at = 0;
		j = md_record_json(r, 1);
		*out = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		calls = n;
	}
	md_record_free(r);
	return rc;
}

static struct md_record *record; /* made before the JSON and iCalendar stages */

static enum md_err run_json(char **out)
{
	json_t *j = md_record_json(record, 1);

	if (!j)
		return MD_ENOMEM;
	*out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return *out ? MD_OK : MD_ENOMEM;
}

static enum md_err run_ical(char **out)
{
	struct md_ical_event ev[8];
	struct md_ical_opts o = {.name = "mandate \"feed\"; a, b", .now = "2026-11-28T10:00:00Z"};
	size_t n = 0;
	struct md_error err;
	char uid[8][128], kind[8][16];

	memset(ev, 0, sizeof(ev));
	for (size_t i = 0; i < record->n_obligations && n < 8; i++) {
		const struct md_obligation *ob = &record->obligations[i];

		if (!md_ical_uid(record->symbol ? record->symbol : "x", ob->paragraph,
		                 md_kind_name(ob->kind), (int)i, false, 0, NULL, uid[n],
		                 sizeof(uid[n])))
			return MD_EINVAL;
		snprintf(kind[n], sizeof(kind[n]), "%s", md_kind_name(ob->kind));
		ev[n].uid = uid[n];
		ev[n].summary = ob->actor;
		ev[n].description = record->text + ob->start;
		ev[n].url = "https://undocs.org/A/HRC/RES/61/99";
		ev[n].categories[0] = kind[n];
		ev[n].start = (struct md_date){2026, 6, 15};
		ev[n].end = (struct md_date){2026, 7, 10};
		ev[n].status = (enum md_ical_status)(i % 3);
		n++;
	}
	return md_ical_render(ev, n, &o, out, &err);
}

static enum md_err run_mail(char **out)
{
	struct md_mail m = {
	    .from_addr = "mandate@example.org",
	    .from_name = "Mandate – reminders",
	    .to_addr = "reports@example.org",
	    .to_name = record->title,
	    .subject = record->title,
	    .date = 1764324000,
	    .message_id = "failalloc.1@example.org",
	    .text = record->text,
	    .ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
	};
	size_t len;
	struct md_error err;

	return md_mail_compose(&m, out, &len, &err);
}

/* SQLite's allocator: a size word before each block, for xSize. */
static void *sq_malloc(int n)
{
	long long *p = __wrap_malloc((size_t)n + 8);

	if (!p)
		return NULL;
	p[0] = n;
	return p + 1;
}

static void sq_free(void *p)
{
	if (p)
		__wrap_free((long long *)p - 1);
}

static void *sq_realloc(void *p, int n)
{
	long long *q = __wrap_realloc(p ? (long long *)p - 1 : NULL, (size_t)n + 8);

	if (!q)
		return NULL;
	q[0] = n;
	return q + 1;
}

static int sq_size(void *p)
{
	return p ? (int)((long long *)p)[-1] : 0;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *x)
{
	return SQLITE_OK;
}

static void sq_shutdown(void *x)
{
}

static const sqlite3_mem_methods sq_methods = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                               sq_roundup, sq_init, sq_shutdown, NULL};

static char db_path[64];
static int store_counts[2] = {-1, -1}; /* paragraphs, obligations of the clean run */

/* SELECT COUNT(*) ... of the database at db_path; -1 when it cannot be read. */
static int count_rows(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;

	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_type(st, 0) == SQLITE_TEXT
		        ? strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0
		        : sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static struct md_store *fresh_store(void)
{
	struct md_store_opts o = {
	    .who = "failalloc", .now = "2026-11-28T10:00:00Z", .today = {2026, 11, 28}};
	struct md_store *st = NULL;
	char journal[80];

	snprintf(journal, sizeof(journal), "%s-journal", db_path);
	unlink(db_path);
	unlink(journal);
	return md_store_open(db_path, &o, &st, NULL) == MD_OK ? st : NULL;
}

/*
 * The store: a fresh database is made with no failure (fail_at is set only
 * once it is open), the ingest runs with it, and the output compared is
 * "paragraphs obligations" as read back.  A failed ingest must leave
 * nothing of the document, or all of it.
 */
static enum md_err run_store(char **out)
{
	long n = fail_at, c;
	struct md_store *st;
	struct md_ingest_result res;
	enum md_err rc;
	int ok, paras, obls;

	fail_at = 0;
	st = fresh_store();
	calls = 0;
	fail_at = n;
	if (!st)
		return MD_EDB;
	memset(&res, 0, sizeof(res));
	rc = md_store_ingest(st, record, "doc", &res, NULL);
	if (rc == MD_OK)
		md_ingest_result_free(&res);
	md_store_close(st);
	c = calls;
	fail_at = 0;
	ok = count_rows("PRAGMA integrity_check");
	paras = count_rows("SELECT COUNT(*) FROM paragraphs");
	obls = count_rows("SELECT COUNT(*) FROM obligations");
	calls = c;
	if (ok != 1 || paras < 0 || obls < 0)
		return MD_EINVAL; /* damaged: reported as a wrong error */
	if (store_counts[0] >= 0 && !(paras == 0 && obls == 0) &&
	    !(paras == store_counts[0] && obls == store_counts[1]))
		return MD_EINVAL; /* half a document */
	if (rc == MD_EDB || rc == MD_EBUSY)
		rc = MD_ENOMEM; /* SQLite reports its own failed allocation as SQLITE_NOMEM */
	if (rc == MD_OK) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%d %d", paras, obls);
		if (store_counts[0] < 0)
			store_counts[0] = paras, store_counts[1] = obls;
		*out = __wrap_strdup(buf);
	}
	return rc;
}

struct result {
	long runs, failures, allocations;
};

/* One run with the Nth allocation failing (0: none); 0 when it behaved. */
static int run_once(const char *stage, stage_fn fn, long n, const char *clean, long *count)
{
	char *out = NULL;
	size_t live_before = n_live;
	enum md_err rc;
	int bad = 0;

	calls = 0;
	failed = 0;
	fail_at = n;
	run_id++;
	rc = fn(&out);
	fail_at = 0;
	if (count)
		*count = calls;
	if (rc != MD_OK && rc != MD_ENOMEM) {
		fprintf(stderr, "%s: allocation %ld failed: %s, not out of memory\n", stage, n,
		        md_strerror(rc));
		bad = 1;
	} else if (rc == MD_OK && clean && (!out || strcmp(out, clean) != 0)) {
		fprintf(stderr, "%s: allocation %ld failed, yet MD_OK with a different output\n",
		        stage, n);
		bad = 1;
	}
	__wrap_free(out);
	if (n_live != live_before) {
		fprintf(stderr, "%s: allocation %ld failed: %zd blocks not freed\n", stage, n,
		        (ssize_t)(n_live - live_before));
		free_leftovers(run_id);
		bad = 1;
	}
	/* LeakSanitizer's scan is slow: every run of a small stage, every 25th of a
	 * large one (the table above still checks every run). */
	if (__lsan_do_recoverable_leak_check && n % lsan_every == 0 &&
	    __lsan_do_recoverable_leak_check()) {
		fprintf(stderr, "%s: allocation %ld failed: LeakSanitizer found a leak\n", stage,
		        n);
		bad = 1;
	}
	return bad;
}

static struct result run_stage(const char *stage, stage_fn fn)
{
	struct result res = {0, 0, 0};
	char *clean = NULL;
	long count = 0;

	calls = 0;
	if (fn(&clean) != MD_OK || !clean) {
		fprintf(stderr, "%s: the clean run failed\n", stage);
		res.failures = 1;
		return res;
	}
	res.allocations = calls;
	lsan_every = calls > 1000 ? 25 : 1;
	for (long n = 1;; n++) {
		res.runs++;
		res.failures += run_once(stage, fn, n, clean, &count);
		if (n > count)
			break; /* the Nth allocation never came: the run completed */
	}
	__wrap_free(clean);
	return res;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		stage_fn fn;
	} stages[] = {{"extract", run_extract},
	              {"json", run_json},
	              {"ical", run_ical},
	              {"mail", run_mail},
	              {"store", run_store}};
	const char *known = "", *path = NULL;
	int no_store = 0;
	struct md_error err;
	long total = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--known") && i + 1 < argc)
			known = argv[++i];
		else if (!strcmp(argv[i], "--no-store"))
			no_store = 1;
		else if (i == argc - 1 && argv[i][0] != '-')
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path) {
		fprintf(stderr, "usage: failalloc [--known STAGE,...] [--no-store] FILE\n");
		return 2;
	}
	live = __real_calloc(LIVE_SLOTS, sizeof(*live));
	born = __real_calloc(LIVE_SLOTS, sizeof(*born));
	if (!live || !born)
		return 1;
	json_set_alloc_funcs(json_alloc, json_release);
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &sq_methods) != SQLITE_OK)
		return 1;
	snprintf(db_path, sizeof(db_path), "/dev/shm/failalloc.%ld.db", (long)getpid());
	if (md_doc_load(path, MD_DOC_MAX_BYTES, &doc, &doc_len, &err) != MD_OK ||
	    md_extract_run(path, doc, doc_len, &record, &err) != MD_OK) {
		fprintf(stderr, "failalloc: %s\n", err.msg);
		return 1;
	}
	printf("%-10s %8s %8s %8s\n", "stage", "allocs", "runs", "failures");
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		const char *k = strstr(known, stages[i].name);
		int is_known = k && (k == known || k[-1] == ',');
		struct result r;

		if (no_store && stages[i].fn == run_store)
			continue;
		r = run_stage(stages[i].name, stages[i].fn);

		printf("%-10s %8ld %8ld %8ld%s\n", stages[i].name, r.allocations, r.runs,
		       r.failures,
		       !is_known    ? ""
		       : r.failures ? "  (known bug, reported)"
		                    : "  (known bug no longer seen: drop it from --known)");
		if (!is_known)
			total += r.failures;
	}
	md_record_free(record);
	free(doc);
	{
		char journal[80];

		snprintf(journal, sizeof(journal), "%s-journal", db_path);
		unlink(db_path);
		unlink(journal);
	}
	__real_free(live);
	__real_free(born);
	return total ? 1 : 0;
}
