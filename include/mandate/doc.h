/*
 * doc.h - loading a document and turning it into clean text.
 *
 * A document arrives as bytes (a file, standard input, later a download).
 * md_doc_load reads it within a size limit; md_doc_check refuses what is not
 * text; md_doc_normalize removes the quirks of text extracted from the
 * official documents: a BOM, CRLF and CR line ends, soft hyphens, no-break
 * and other Unicode spaces, and asterisks around italic and bold runs.
 */
#ifndef MANDATE_DOC_H
#define MANDATE_DOC_H

#include <stddef.h>

#include "mandate/err.h"

/* The largest document read, in bytes (documented in mandatectl(1)). */
#define MD_DOC_MAX_BYTES (8u * 1024u * 1024u)

/*
 * Reads the file at path ("-" for standard input) into a new NUL-terminated
 * buffer *out of *len bytes (caller frees with free()).  Errors: MD_ENOENT,
 * MD_EIO, MD_ETOOBIG (over max bytes), MD_ENOMEM; err names the file.
 */
enum md_err md_doc_load(const char *path, size_t max, char **out, size_t *len,
			struct md_error *err);

/*
 * Checks that buf[0..len) is a text document: not empty (MD_EEMPTY), no NUL
 * or other control bytes but tab, LF, CR and form feed (MD_EBINARY), valid
 * UTF-8 (MD_EUTF8, with the byte offset).  err names `name`.
 */
enum md_err md_doc_check(const char *name, const char *buf, size_t len, struct md_error *err);

/*
 * Returns a new NUL-terminated normalised copy of a checked text (caller
 * frees with free()), its length in *out_len; NULL when out of memory.
 */
char *md_doc_normalize(const char *buf, size_t len, size_t *out_len);

#endif
