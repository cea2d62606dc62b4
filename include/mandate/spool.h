/*
 * spool.h - the spool folder: resolutions dropped in a directory.
 *
 * A file in the spool is read, extracted and stored, then moved to
 * DIR/processed; one that cannot be read or is not a resolution is moved
 * to DIR/failed with NAME.reason beside it (one line: why).  A failure of
 * the database is not the document's fault: the file stays where it is, to
 * be tried again.  A name already taken in processed/ or failed/ gets
 * ".2", ".3", ... appended.  Hidden files (".name", how writers name a
 * file being written before renaming it in) are not documents.
 */
#ifndef MANDATE_SPOOL_H
#define MANDATE_SPOOL_H

#include <stdbool.h>

#include "mandate/err.h"
#include "mandate/store.h"

enum md_spool_outcome {
	MD_SPOOL_STORED, /* ingested, moved to processed/ */
	MD_SPOOL_FAILED, /* moved to failed/ with a .reason */
	MD_SPOOL_RETRY,  /* the database failed: left in place */
	MD_SPOOL_GONE    /* not there any more, or not a regular file: nothing done */
};

struct md_spool_result {
	enum md_spool_outcome outcome;
	char symbol[128]; /* when stored */
	bool unchanged, new_document;
	int added, changed, removed;
	struct md_error why; /* failed or retry: the problem */
};

/* Creates DIR/processed and DIR/failed when missing.  MD_OK or MD_EIO. */
enum md_err md_spool_prepare(const char *dir, struct md_error *err);

/* True when a file of this name in the spool is a document to ingest. */
bool md_spool_candidate(const char *name);

/*
 * Ingests DIR/name into st and moves it as above; *res says what happened.
 * Returns MD_OK whatever became of the document; MD_EIO only when the file
 * could not be moved (it is then left where it was, and res says why).
 */
enum md_err md_spool_ingest(struct md_store *st, const char *dir, const char *name,
                            struct md_spool_result *res, struct md_error *err);

#endif
