/*
 * cmd_ingest.c - `mandatectl ingest [--db PATH] [--today DATE] [--quiet] FILE|DIR|URL...`
 *
 * Reads each resolution and stores it, one transaction per document, then
 * prints what changed: a line per document and a line per obligation added
 * (+), changed (~), removed (-) or kept because a person corrected it (=).
 * A directory is read file by file (its *.txt, *.pdf, *.docx, *.html and
 * *.htm files, in name order; the format is then told by content), with a
 * progress line on standard error when that is a terminal.  A file that
 * fails gets one line on stderr and the others are still stored; the exit
 * status is then 1 (3 when the database failed).  An http(s) URL is
 * downloaded (md_fetch_url's limits) and recorded as the document's source.
 *
 * The inputs are read and extracted on a thread of their own (md_ahead)
 * while this one stores, so the two use two cores.  With --batch N the
 * documents are committed N at a time (each still all or nothing, in a
 * savepoint), or fewer: a group is committed once it has been open for a
 * second, and rather than wait past that for the next input, so the write
 * lock is never held much longer than a second (other writers wait for it
 * within their busy timeout of 10 s).  A group's lines are printed once it is
 * committed; a group lost to a failed commit gets one line on stderr and
 * exit status 3.
 */
#include "cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mandate/ahead.h"
#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'}, {"today", required_argument, NULL, 't'},
    {"quiet", no_argument, NULL, 'q'},    {"batch", required_argument, NULL, 'b'},
    {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
};

/* A group is committed once open this long, or when waiting for input would take it past. */
#define GROUP_MAX_MS 1000

struct inputs {
	char **v;
	size_t n, cap;
};

struct run {
	struct md_store *st;
	bool quiet, progress;
	int status;
	size_t done, total;
	size_t batch; /* --batch: documents per commit; 0: a transaction each */
	FILE *out;    /* where the reports go: stdout, or the open group's buffer */
	char *buf;    /* the open group's reports */
	size_t len;
	size_t written; /* documents of the open group that wrote something */
	const char *first, *last;
	struct timespec opened;
};

static void clear_progress(struct run *r)
{
	if (r->progress)
		fputs("\r\033[K", stderr);
}

static void report(struct run *r, const char *path, const struct md_record *rec,
                   const struct md_ingest_result *res)
{
	if (r->quiet)
		return;
	if (r->out == stdout)
		clear_progress(r);
	if (res->unchanged) {
		fprintf(r->out, "%s (%s): unchanged\n", rec->symbol, path);
		return;
	}
	fprintf(r->out, "%s (%s): %s, %d added, %d changed, %d removed%s\n", rec->symbol, path,
	        res->new_document ? "new" : "updated", res->added, res->changed, res->removed,
	        res->kept ? ", corrected ones kept" : "");
	for (size_t i = 0; i < res->n_changes; i++) {
		const struct md_ingest_change *c = &res->changes[i];

		fprintf(r->out, "  %c %lld OP%d %s: %s\n", c->op, (long long)c->id, c->paragraph,
		        md_kind_name(c->kind), c->what);
	}
}

static void fail(struct run *r, const struct md_error *err)
{
	int st;

	clear_progress(r);
	st = cli_fail(err);
	/* A database failure outranks a bad input in the exit status. */
	if (r->status == EXIT_OK || st == EXIT_DB)
		r->status = st == EXIT_DB ? EXIT_DB : EXIT_INPUT;
}

/* Starts a group: its reports are buffered when batching (on stdout without memory). */
static void group_open(struct run *r)
{
	r->out = stdout;
	r->written = 0;
	r->first = r->last = NULL;
	if (r->batch && !r->quiet && !(r->out = open_memstream(&r->buf, &r->len)))
		r->out = stdout;
}

/* The open group is over: its reports printed (kept) or dropped. */
static void group_finish(struct run *r, bool keep)
{
	if (r->out != stdout) {
		fclose(r->out);
		if (keep && r->len) {
			clear_progress(r);
			fwrite(r->buf, 1, r->len, stdout);
		}
	}
	r->out = stdout;
	free(r->buf);
	r->buf = NULL;
	r->len = 0;
}

static void group_close(struct run *r, bool keep)
{
	group_finish(r, keep);
	group_open(r);
}

/* The group's documents were rolled back: one line, exit status 3. */
static void group_lost(struct run *r, const char *why)
{
	clear_progress(r);
	cli_warnx("%s; not stored: the %zu document%s from %s to %s", why, r->written,
	          r->written == 1 ? "" : "s", r->first, r->last);
	r->status = EXIT_DB;
	group_close(r, false);
}

static void group_commit(struct run *r)
{
	struct md_error err;

	md_error_clear(&err);
	if (!r->batch)
		return;
	if (md_store_batch_commit(r->st, &err) != MD_OK && r->written)
		group_lost(r, err.msg);
	else
		group_close(r, true);
}

static double since_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void store(struct run *r, const char *path, struct md_record *rec)
{
	struct md_ingest_result res;
	struct md_error err;

	md_error_clear(&err);
	if (r->batch && !r->written)
		clock_gettime(CLOCK_MONOTONIC, &r->opened);
	if (md_store_ingest(r->st, rec, path, &res, &err) != MD_OK) {
		if (err.code == MD_EINVAL)
			err.code = MD_ENOTRES; /* no symbol: a bad input, not a bad command line */
		fail(r, &err);
		/* Some errors make SQLite roll back the whole transaction. */
		if (r->batch && r->written && md_store_batch_pending(r->st) == 0)
			group_lost(r, "the database rolled back the open group");
		return;
	}
	if (r->batch && !res.unchanged) {
		r->first = r->written++ ? r->first : path;
		r->last = path;
	}
	report(r, path, rec, &res);
	md_ingest_result_free(&res);
}

static void ingest_all(struct run *r, const struct inputs *in)
{
	struct md_ahead *a;
	struct md_record *rec;
	struct md_error err;
	const char *path;
	enum md_err rc;

	md_error_clear(&err);
	if (md_ahead_start((const char *const *)in->v, in->n, 0, &a, &err) != MD_OK) {
		fail(r, &err);
		return;
	}
	group_open(r);
	for (;;) {
		if (r->written) { /* a group is open: commit it when full, old, or left waiting */
			long left = GROUP_MAX_MS - (long)since_ms(&r->opened);

			if (r->written >= r->batch || left <= 0 || !md_ahead_wait(a, left))
				group_commit(r);
		}
		if (!md_ahead_next(a, &path, &rec, &rc, &err))
			break;
		if (r->progress) {
			fprintf(stderr, "\r[%zu/%zu] %s\033[K", r->done + 1, r->total, path);
			fflush(stderr);
		}
		r->done++;
		if (rc != MD_OK)
			fail(r, &err);
		else
			store(r, path, rec);
		md_record_free(rec);
	}
	group_commit(r);
	group_finish(r, true);
	md_ahead_free(a);
}

static bool add_input(struct inputs *in, const char *s)
{
	char **v;

	if (in->n == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 64;

		if (!(v = realloc(in->v, cap * sizeof(*v))))
			return false;
		in->v = v;
		in->cap = cap;
	}
	return (in->v[in->n] = strdup(s)) != NULL && ++in->n;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Documents in a directory: *.txt, *.pdf, *.docx, *.html, *.htm, not hidden. */
static int is_document(const struct dirent *e)
{
	const char *dot = strrchr(e->d_name, '.');

	return e->d_name[0] != '.' && dot && dot != e->d_name &&
	       (!strcmp(dot, ".txt") || !strcmp(dot, ".pdf") || !strcmp(dot, ".docx") ||
	        !strcmp(dot, ".html") || !strcmp(dot, ".htm"));
}

/* Adds a directory's documents, in name order; false without memory. */
static bool add_dir(struct run *r, struct inputs *in, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_document, by_name);
	size_t d = strlen(dir);
	bool ok = true;

	if (n < 0) {
		cli_warnx("%s: cannot read the directory", dir);
		r->status = r->status == EXIT_OK ? EXIT_INPUT : r->status;
		return true;
	}
	while (d > 1 && dir[d - 1] == '/')
		d--;
	for (int i = 0; i < n; i++) {
		size_t len = d + strlen(names[i]->d_name) + 2;
		char *path = ok ? malloc(len) : NULL;

		if (path) {
			snprintf(path, len, "%.*s/%s", (int)d, dir, names[i]->d_name);
			ok = add_input(in, path);
		}
		ok = ok && path;
		free(path);
		free(names[i]);
	}
	free(names);
	return ok;
}

static void free_inputs(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->v[i]);
	free(in->v);
}

static int usage_help(const struct cli_command *self)
{
	printf("usage: mandatectl %s\n\n"
	       "  --db PATH      the database (default $MANDATE_DB, else\n"
	       "                 $XDG_DATA_HOME/mandate/mandate.db)\n"
	       "  --today DATE   anchor for documents with no adoption date\n"
	       "  --quiet        print only errors\n"
	       "  --batch N      commit N documents at a time (each still all or\n"
	       "                 nothing) rather than each on its own: for bulk\n"
	       "                 loads; a crash loses at most the open group\n"
	       "A DIR is read file by file: its *.txt, *.pdf, *.docx, *.html and *.htm\n"
	       "files, in name order.\n"
	       "A URL (http or https) is downloaded and recorded as the source.\n"
	       "PDF, Word (.docx), HTML and text are recognised from their content.\n",
	       self->usage);
	return EXIT_OK;
}

int cmd_ingest(int argc, char **argv)
{
	const struct cli_command *self = cli_find("ingest");
	struct run r = {.status = EXIT_OK};
	struct inputs in = {0};
	const char *db = NULL, *today_opt = NULL;
	struct md_date today;
	struct md_error err;
	struct stat sb;
	long long v;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:qb:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 't':
			today_opt = optarg;
			break;
		case 'q':
			r.quiet = true;
			break;
		case 'b':
			if (cli_number(optarg, 1, 100000, &v) != 0)
				return cli_usage(self, "--batch '%s': want 1 to 100000 documents",
				                 optarg);
			r.batch = (size_t)v;
			break;
		case 'h':
			return usage_help(self);
		default:
			return cli_usage(self, "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage(self, "no FILE, DIR or URL given");
	if (cli_today(today_opt, &today) != 0)
		return EXIT_USAGE;
	if ((rc = cli_store_open(db, today, &r.st)) != EXIT_OK)
		return rc;
	for (int i = optind; i < argc; i++) {
		bool ok = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode) ? add_dir(&r, &in, argv[i])
		                                                         : add_input(&in, argv[i]);

		if (!ok) {
			cli_warnx("out of memory");
			free_inputs(&in);
			md_store_close(r.st);
			return EXIT_INPUT;
		}
	}
	md_error_clear(&err);
	if (r.batch && md_store_batch_begin(r.st, &err) != MD_OK) {
		fail(&r, &err);
	} else {
		r.progress = isatty(STDERR_FILENO);
		r.total = in.n;
		ingest_all(&r, &in);
		clear_progress(&r);
		if (r.batch && md_store_batch_end(r.st, &err) != MD_OK)
			fail(&r, &err);
	}
	free_inputs(&in);
	md_store_close(r.st);
	if (fflush(stdout) != 0) {
		cli_warnx("standard output: write failed");
		return r.status == EXIT_OK ? EXIT_INPUT : r.status;
	}
	return r.status;
}
