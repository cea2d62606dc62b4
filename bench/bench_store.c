/*
 * bench_store.c - how fast the store takes documents in and lists what is
 * upcoming.
 *
 *   bench_store [--scale DIR] [--docs N] [--commit-docs N] [--batch N]
 *               [--obligations N] [--db PATH] [--runs N]
 *
 * 1. Reads every *.txt of DIR (default ../shared/scale) through the reader
 *    once, timing extraction on its own.
 * 2. Ingests DIR's files, cycled under new symbols ("A/RES/78/1 #3"), into
 *    a fresh database as `mandatectl ingest` does: each file read and
 *    extracted on a thread ahead of the store (md_ahead), then stored.
 *    First --commit-docs (default 1,000) with one durable transaction per
 *    document, then --docs (default 10,000) into another fresh database
 *    committed --batch (default 500) at a time, as `ingest --batch`:
 *    documents per second, reading and extraction included.
 * 3. Goes on ingesting until the database holds the asked number of
 *    obligations (default 100,000), then times `upcoming` (90 days, open,
 *    soonest first) from several days: the median over the runs, in ms.
 *
 * Prints one "name value unit" line per figure; it asserts nothing.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mandate/ahead.h"
#include "mandate/extract.h"
#include "mandate/store.h"

struct corpus {
	struct md_record **recs;
	char **paths;
	size_t n, cap;
	size_t obligations;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_txt(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0;
}

static int load(const char *dir, struct corpus *c)
{
	struct dirent **names;
	char path[4096];
	int n = scandir(dir, &names, is_txt, alphasort);

	if (n < 0) {
		fprintf(stderr, "bench_store: %s: cannot read the directory\n", dir);
		return -1;
	}
	c->recs = calloc((size_t)n + 1, sizeof(*c->recs));
	c->paths = calloc((size_t)n + 1, sizeof(*c->paths));
	for (int i = 0; c->recs && c->paths && i < n; i++) {
		struct md_record *r = NULL;
		struct md_error err;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (md_extract_file(path, &r, &err) == MD_OK && r->symbol &&
		    (c->paths[c->n] = strdup(path))) {
			c->recs[c->n++] = r;
			c->obligations += r->n_obligations;
		} else {
			md_record_free(r);
		}
		free(names[i]);
	}
	free(names);
	return c->recs && c->n ? 0 : -1;
}

/*
 * Ingests r as document k of a cycle of `cycle` documents: the first round
 * under its own symbol, later rounds under one of their own ("A/RES/78/1 #3").
 */
static enum md_err ingest_as(struct md_store *st, struct md_record *r, size_t k, size_t cycle,
                             struct md_error *err)
{
	char *orig = r->symbol, sym[160];
	struct md_ingest_result res;
	enum md_err rc;

	snprintf(sym, sizeof(sym), "%s #%zu", orig, k / cycle);
	r->symbol = k < cycle ? orig : sym;
	rc = md_store_ingest(st, r, "bench", &res, err);
	r->symbol = orig;
	md_ingest_result_free(&res);
	return rc;
}

/* Ingests the already extracted record k of the cycle. */
static int ingest_copy(struct md_store *st, struct corpus *c, size_t k)
{
	struct md_error err;

	if (ingest_as(st, c->recs[k % c->n], k, c->n, &err) != MD_OK) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/*
 * Reads, extracts and stores documents 0..n-1 of the cycle through the
 * files, as mandatectl ingest does (batch: documents per commit, 0 for one
 * transaction each).  Seconds taken, -1 on error.
 */
static double ingest_files(struct md_store *st, struct corpus *c, size_t n, size_t batch)
{
	const char **inputs = calloc(n + 1, sizeof(*inputs));
	struct md_ahead *a = NULL;
	struct md_error err;
	const char *input;
	struct md_record *r;
	enum md_err rc = MD_OK;
	double t0 = now_s();

	for (size_t i = 0; inputs && i < n; i++)
		inputs[i] = c->paths[i % c->n];
	if (!inputs || md_ahead_start(inputs, n, 0, &a, &err) != MD_OK ||
	    (batch && md_store_batch_begin(st, &err) != MD_OK)) {
		free(inputs);
		md_ahead_free(a);
		return -1;
	}
	for (size_t k = 0; rc == MD_OK && md_ahead_next(a, &input, &r, &rc, &err); k++) {
		if (rc == MD_OK)
			rc = ingest_as(st, r, k, c->n, &err);
		md_record_free(r);
		if (rc == MD_OK && batch && md_store_batch_pending(st) >= batch)
			rc = md_store_batch_commit(st, &err);
	}
	if (rc == MD_OK && batch)
		rc = md_store_batch_end(st, &err);
	md_ahead_free(a);
	free(inputs);
	if (rc != MD_OK) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return -1;
	}
	return now_s() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median milliseconds of `upcoming` over runs, cycling through start days. */
static double time_upcoming(struct md_store *st, int runs, size_t *listed)
{
	static const struct md_date days[] = {
	    {2024, 1, 15}, {2024, 9, 1}, {2025, 3, 1}, {2025, 11, 20}, {2026, 6, 1},
	};
	double *ms = calloc((size_t)runs, sizeof(*ms)), med;

	*listed = 0;
	for (int i = 0; ms && i < runs; i++) {
		struct md_query q = {.kind = -1, .dated_only = true, .status = MD_STATUS_OPEN};
		struct md_item *v;
		struct md_error err;
		size_t n = 0;
		double t0;

		q.from = days[i % 5];
		q.to = md_date_add_days(q.from, 90);
		t0 = now_s();
		if (md_store_upcoming(st, &q, &v, &n, &err) != MD_OK) {
			fprintf(stderr, "bench_store: %s\n", err.msg);
			free(ms);
			return -1;
		}
		ms[i] = (now_s() - t0) * 1000;
		*listed += n;
		md_items_free(v, n);
	}
	if (!ms)
		return -1;
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	med = ms[runs / 2];
	free(ms);
	*listed /= (size_t)runs;
	return med;
}

static struct md_store *open_fresh(const char *db)
{
	struct md_store_opts o = {.who = "bench",
	                          .now = "2025-01-01T00:00:00Z",
	                          .today = {2025, 1, 1},
	                          .sessions_tsv = MANDATE_SRCDATADIR "/sessions.tsv"};
	struct md_store *st;
	struct md_error err;

	unlink(db);
	if (md_store_open(db, &o, &st, &err) != MD_OK) {
		fprintf(stderr, "bench_store: %s\n", err.msg);
		return NULL;
	}
	return st;
}

/* Ingests copies k0.. until n documents or `want` obligations; seconds taken, -1 on error. */
static double ingest_run(struct md_store *st, struct corpus *c, size_t *k, size_t n, size_t want,
                         size_t *obligations)
{
	double t0 = now_s();

	for (; *k < n || (want && *obligations < want); (*k)++) {
		if (ingest_copy(st, c, *k) != 0)
			return -1;
		if (md_store_batch_pending(st) >= 500 && md_store_batch_commit(st, NULL) != MD_OK)
			return -1;
		*obligations += c->recs[*k % c->n]->n_obligations;
	}
	return now_s() - t0;
}

struct opts {
	const char *scale, *db;
	size_t docs, commit_docs, batch, want;
	int runs;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
	    {"scale", required_argument, NULL, 's'},       {"docs", required_argument, NULL, 'n'},
	    {"commit-docs", required_argument, NULL, 'c'}, {"batch", required_argument, NULL, 'b'},
	    {"obligations", required_argument, NULL, 'o'}, {"db", required_argument, NULL, 'd'},
	    {"runs", required_argument, NULL, 'r'},        {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "s:n:c:b:o:d:r:", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			o->scale = optarg;
			break;
		case 'n':
			o->docs = strtoul(optarg, NULL, 10);
			break;
		case 'c':
			o->commit_docs = strtoul(optarg, NULL, 10);
			break;
		case 'b':
			o->batch = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			o->want = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			o->db = optarg;
			break;
		case 'r':
			o->runs = atoi(optarg) > 0 ? atoi(optarg) : 21;
			break;
		default:
			fprintf(stderr,
			        "usage: bench_store [--scale DIR] [--docs N] "
			        "[--commit-docs N] [--batch N] [--obligations N] [--db PATH] "
			        "[--runs N]\n");
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {"../shared/scale", "bench-store.db", 10000, 1000, 500, 100000, 21};
	struct corpus c = {0};
	struct md_store *st;
	struct md_error err;
	double t, t_extract;
	size_t k = 0, obligations = 0, listed;

	if (parse(argc, argv, &o) != 0)
		return 2;
	t = now_s();
	if (load(o.scale, &c) != 0)
		return 1;
	t_extract = now_s() - t;
	printf("extract_docs %zu\nextract_obligations %zu\n", c.n, c.obligations);
	printf("extract_rate %.0f docs/s\n", (double)c.n / t_extract);

	/* As mandatectl ingest: one durable transaction per document. */
	if (!(st = open_fresh(o.db)))
		return 1;
	printf("journal_mode %s\n", md_store_journal_mode(st));
	if (o.commit_docs && (t = ingest_files(st, &c, o.commit_docs, 0)) < 0)
		return 1;
	if (o.commit_docs)
		printf("ingest_each_docs %zu\ningest_each_rate %.0f docs/s\n", o.commit_docs,
		       (double)o.commit_docs / t);
	md_store_close(st);

	/* As mandatectl ingest --batch. */
	if (!(st = open_fresh(o.db)))
		return 1;
	if (o.docs && (t = ingest_files(st, &c, o.docs, o.batch ? o.batch : 500)) < 0)
		return 1;
	if (o.docs)
		printf("ingest_batch_docs %zu\ningest_batch_per_commit %zu\n"
		       "ingest_batch_rate %.0f docs/s\n",
		       o.docs, o.batch ? o.batch : 500, (double)o.docs / t);
	k = o.docs;
	for (size_t i = 0; i < k; i++)
		obligations += c.recs[i % c.n]->n_obligations;

	/* Enough documents for the asked number of obligations, then upcoming. */
	md_store_batch_begin(st, &err);
	if (ingest_run(st, &c, &k, 0, o.want, &obligations) < 0 ||
	    md_store_batch_end(st, &err) != MD_OK)
		return 1;
	printf("upcoming_documents %zu\nupcoming_obligations %zu\n", k, obligations);
	printf("upcoming_median %.2f ms\n", time_upcoming(st, o.runs, &listed));
	printf("upcoming_listed_avg %zu\n", listed);
	md_store_close(st);
	for (size_t i = 0; i < c.n; i++) {
		md_record_free(c.recs[i]);
		free(c.paths[i]);
	}
	free(c.recs);
	free(c.paths);
	return 0;
}
