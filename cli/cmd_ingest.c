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
 */
#include "cli.h"

#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mandate/extract.h"
#include "mandate/fetch.h"
#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"today", required_argument, NULL, 't'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct run {
	struct md_store *st;
	bool quiet, progress;
	int status;
	size_t done, total;
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
	clear_progress(r);
	if (res->unchanged) {
		printf("%s (%s): unchanged\n", rec->symbol, path);
		return;
	}
	printf("%s (%s): %s, %d added, %d changed, %d removed%s\n", rec->symbol, path,
	       res->new_document ? "new" : "updated", res->added, res->changed, res->removed,
	       res->kept ? ", corrected ones kept" : "");
	for (size_t i = 0; i < res->n_changes; i++) {
		const struct md_ingest_change *c = &res->changes[i];

		printf("  %c %lld OP%d %s: %s\n", c->op, (long long)c->id, c->paragraph,
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

/* A file, or a document downloaded from an http(s) URL. */
static enum md_err extract(const char *path, struct md_record **rec, struct md_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	enum md_err rc;

	if (!md_fetch_is_url(path))
		return md_extract_file(path, rec, err);
	if ((rc = md_fetch_url(path, NULL, &buf, &len, err)) == MD_OK)
		rc = md_extract_run(path, buf, len, rec, err);
	free(buf);
	return rc;
}

static void ingest_file(struct run *r, const char *path)
{
	struct md_record *rec = NULL;
	struct md_ingest_result res;
	struct md_error err;

	md_error_clear(&err);
	if (r->progress) {
		fprintf(stderr, "\r[%zu/%zu] %s\033[K", r->done + 1, r->total, path);
		fflush(stderr);
	}
	r->done++;
	if (extract(path, &rec, &err) != MD_OK) {
		fail(r, &err);
		return;
	}
	if (md_store_ingest(r->st, rec, path, &res, &err) != MD_OK) {
		if (err.code == MD_EINVAL)
			err.code = MD_ENOTRES; /* no symbol: a bad input, not a bad command line */
		fail(r, &err);
	} else {
		report(r, path, rec, &res);
		md_ingest_result_free(&res);
	}
	md_record_free(rec);
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

static void ingest_dir(struct run *r, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_document, by_name);

	if (n < 0) {
		clear_progress(r);
		cli_warnx("%s: cannot read the directory", dir);
		r->status = r->status == EXIT_OK ? EXIT_INPUT : r->status;
		return;
	}
	r->total = r->total - 1 + (size_t)n; /* the DIR counted as one */
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);

		if (path) {
			size_t d = strlen(dir);

			snprintf(path, len, "%.*s/%s",
			         (int)(d > 1 && dir[d - 1] == '/' ? d - 1 : d), dir,
			         names[i]->d_name);
			ingest_file(r, path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

static int usage_help(const struct cli_command *self)
{
	printf("usage: mandatectl %s\n\n"
	       "  --db PATH      the database (default $MANDATE_DB, else\n"
	       "                 $XDG_DATA_HOME/mandate/mandate.db)\n"
	       "  --today DATE   anchor for documents with no adoption date\n"
	       "  --quiet        print only errors\n"
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
	const char *db = NULL, *today_opt = NULL;
	struct md_date today;
	struct stat sb;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:qh", longopts, NULL)) != -1) {
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
	r.progress = isatty(STDERR_FILENO);
	r.total = (size_t)(argc - optind);
	for (int i = optind; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			ingest_dir(&r, argv[i]);
		else
			ingest_file(&r, argv[i]);
	}
	clear_progress(&r);
	md_store_close(r.st);
	if (fflush(stdout) != 0) {
		cli_warnx("standard output: write failed");
		return r.status == EXIT_OK ? EXIT_INPUT : r.status;
	}
	return r.status;
}
