/*
 * bench_extract.c - how fast the reader turns resolutions into records.
 *
 *   bench_extract [DIR [DOCS]]
 *
 * Loads every *.txt of DIR (default: the shared scale set beside the source
 * tree, ../shared/scale) into memory, then runs md_extract_run over them in
 * turn, round after round, until DOCS documents (default 10,000) have been
 * read.  Only the extraction is timed: no file reading, no JSON.
 *
 * Prints one "name value unit" line per figure: documents per second,
 * megabytes (10^6 bytes) of input per second and the obligations found.  It
 * asserts nothing; a document the reader refuses is counted and reported.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mandate/doc.h"
#include "mandate/extract.h"

/* The sources' data directory is <src>/data; the scale set is <src>/../shared/scale. */
#define DEFAULT_DIR  MANDATE_SRCDATADIR "/../../shared/scale"
#define DEFAULT_DOCS 10000L

struct text {
	char *name;
	char *buf;
	size_t len;
};

struct texts {
	struct text *v;
	size_t n;
	size_t bytes;
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

/* Reads one file into t; prints why not and returns -1 on failure. */
static int load_one(const char *dir, const char *name, struct text *t)
{
	char path[4096];
	struct md_error err;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	md_error_clear(&err);
	if (md_doc_load(path, MD_DOC_MAX_BYTES, &t->buf, &t->len, &err) != MD_OK) {
		fprintf(stderr, "bench_extract: %s\n", err.msg);
		return -1;
	}
	t->name = strdup(name);
	if (!t->name) {
		free(t->buf);
		return -1;
	}
	return 0;
}

/* Loads every *.txt of dir in name order; 0, or -1 with a message. */
static int load_all(const char *dir, struct texts *ts)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_txt, alphasort);

	if (n < 0) {
		fprintf(stderr, "bench_extract: %s: cannot read the directory\n", dir);
		return -1;
	}
	ts->v = calloc(n ? (size_t)n : 1, sizeof(*ts->v));
	for (int i = 0; i < n; i++) {
		if (ts->v && load_one(dir, names[i]->d_name, &ts->v[ts->n]) == 0)
			ts->bytes += ts->v[ts->n++].len;
		free(names[i]);
	}
	free(names);
	if (!ts->v || !ts->n) {
		fprintf(stderr, "bench_extract: %s: no documents to read\n", dir);
		return -1;
	}
	return 0;
}

static void free_all(struct texts *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		free(ts->v[i].name);
		free(ts->v[i].buf);
	}
	free(ts->v);
}

int main(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : DEFAULT_DIR;
	char *dir = realpath(arg, NULL);
	long docs = argc > 2 ? strtol(argv[2], NULL, 10) : DEFAULT_DOCS;
	struct texts ts = {0};
	size_t bytes = 0, obligations = 0, refused = 0;
	double t0, secs;

	if (docs <= 0) {
		fprintf(stderr, "usage: bench_extract [DIR [DOCS]]\n");
		free(dir);
		return 2;
	}
	if (!dir) {
		fprintf(stderr, "bench_extract: %s: no such directory\n", arg);
		return 1;
	}
	if (load_all(dir, &ts) != 0) {
		free(dir);
		return 1;
	}
	t0 = now_s();
	for (long i = 0; i < docs; i++) {
		const struct text *t = &ts.v[(size_t)i % ts.n];
		struct md_record *r = NULL;
		struct md_error err;

		if (md_extract_run(t->name, t->buf, t->len, &r, &err) == MD_OK)
			obligations += r->n_obligations;
		else
			refused++;
		bytes += t->len;
		md_record_free(r);
	}
	secs = now_s() - t0;
	printf("files %zu (%.1f MB) from %s\n", ts.n, (double)ts.bytes / 1e6, dir);
	printf("documents %ld\n", docs);
	printf("refused %zu\n", refused);
	printf("obligations %zu\n", obligations);
	printf("seconds %.3f\n", secs);
	printf("extract_docs_per_s %.0f docs/s\n", (double)docs / secs);
	printf("extract_mb_per_s %.2f MB/s\n", (double)bytes / 1e6 / secs);
	free_all(&ts);
	free(dir);
	return 0;
}
