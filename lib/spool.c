/*
 * spool.c - ingesting one file from the spool folder and moving it out.
 *
 * Order matters for crashes: the document is committed first and moved
 * after, so a crash in between only means it is ingested again at the next
 * start, which changes nothing (md_store_ingest sees the same document).
 * A file is opened without following a symbolic link into somewhere else:
 * only regular files are documents.
 */
#include "mandate/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mandate/extract.h"

enum md_err md_spool_prepare(const char *dir, struct md_error *err)
{
	static const char *const subs[] = {"processed", "failed"};
	char path[PATH_MAX];
	struct stat sb;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return md_error_set(err, MD_EIO, "%s: %s", dir,
		                    errno && !S_ISDIR(sb.st_mode) ? strerror(errno)
		                                                  : "not a directory");
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
	}
	return MD_OK;
}

bool md_spool_candidate(const char *name)
{
	return name[0] && name[0] != '.' && strcmp(name, "processed") && strcmp(name, "failed") &&
	       !strchr(name, '/');
}

/* Renames dir/name into dir/sub, under a free name; writes the new path into out. */
static enum md_err move_out(const char *dir, const char *name, const char *sub, char *out,
                            size_t size, struct md_error *err)
{
	char from[PATH_MAX];

	snprintf(from, sizeof(from), "%s/%s", dir, name);
	for (int n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(out, size, "%s/%s/%s", dir, sub, name);
		else
			snprintf(out, size, "%s/%s/%s.%d", dir, sub, name, n);
		if (access(out, F_OK) == 0)
			continue;
		if (rename(from, out) == 0)
			return MD_OK;
		return md_error_set(err, MD_EIO, "%s: cannot move to %s/: %s", from, sub,
		                    strerror(errno));
	}
	return md_error_set(err, MD_EIO, "%s: %s/ has 999 files of that name", from, sub);
}

/*
 * Writes why into failed/NAME.reason (best effort: the move already
 * happened), through a hidden temporary file so that the reason appears
 * whole.
 */
static void write_reason(const char *moved, const struct md_error *why)
{
	char path[PATH_MAX + 8], tmp[PATH_MAX + 16];
	const char *slash = strrchr(moved, '/');
	FILE *f;

	snprintf(path, sizeof(path), "%s.reason", moved);
	snprintf(tmp, sizeof(tmp), "%.*s/.%s.reason", (int)(slash - moved), moved, slash + 1);
	if (!(f = fopen(tmp, "w")))
		return;
	fprintf(f, "%s: %s\n", md_strerror(why->code), why->msg[0] ? why->msg : "");
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

static enum md_err fail(const char *dir, const char *name, struct md_spool_result *res,
                        struct md_error *err)
{
	char moved[PATH_MAX];
	enum md_err rc = move_out(dir, name, "failed", moved, sizeof(moved), err);

	if (rc == MD_OK)
		write_reason(moved, &res->why);
	res->outcome = MD_SPOOL_FAILED;
	return rc;
}

/* Database failures that are not the document's doing: try again later. */
static bool transient(enum md_err e)
{
	return e == MD_EBUSY || e == MD_EDB || e == MD_ENOMEM || e == MD_EDBFOREIGN;
}

static void fill(struct md_spool_result *res, const struct md_record *rec,
                 const struct md_ingest_result *ir)
{
	snprintf(res->symbol, sizeof(res->symbol), "%s", rec->symbol ? rec->symbol : "");
	res->unchanged = ir->unchanged;
	res->new_document = ir->new_document;
	res->added = ir->added;
	res->changed = ir->changed;
	res->removed = ir->removed;
}

enum md_err md_spool_ingest(struct md_store *st, const char *dir, const char *name,
                            struct md_spool_result *res, struct md_error *err)
{
	char path[PATH_MAX], moved[PATH_MAX];
	struct md_record *rec = NULL;
	struct md_ingest_result ir;
	struct stat sb;
	enum md_err rc;

	memset(res, 0, sizeof(*res));
	md_error_clear(&res->why);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!md_spool_candidate(name) || lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		res->outcome = MD_SPOOL_GONE;
		return MD_OK;
	}
	if (md_extract_file(path, &rec, &res->why) != MD_OK)
		return res->why.code == MD_ENOMEM ? (res->outcome = MD_SPOOL_RETRY, MD_OK)
		                                  : fail(dir, name, res, err);
	rc = md_store_ingest(st, rec, path, &ir, &res->why);
	if (rc != MD_OK) {
		md_record_free(rec);
		if (transient(rc)) {
			res->outcome = MD_SPOOL_RETRY;
			return MD_OK;
		}
		return fail(dir, name, res, err);
	}
	fill(res, rec, &ir);
	md_ingest_result_free(&ir);
	md_record_free(rec);
	res->outcome = MD_SPOOL_STORED;
	return move_out(dir, name, "processed", moved, sizeof(moved), err);
}
