/*
 * extract.h - the resolution reader: text in, extraction record out.
 *
 * md_extract_run segments a normalised text (metadata, preamble, numbered
 * operative paragraphs, footnotes) and reads every operative paragraph for
 * time-bound requests.  It is pure: the same text gives the same record.
 */
#ifndef MANDATE_EXTRACT_H
#define MANDATE_EXTRACT_H

#include <stddef.h>

#include "mandate/err.h"
#include "mandate/record.h"

/*
 * Reads name's bytes buf[0..len): checks them (md_doc_check), normalises
 * them and extracts.  On MD_OK *out is a new record (free with
 * md_record_free).  Errors: those of md_doc_check, MD_ENOTRES when no
 * resolution structure is found, MD_ENOMEM.  err names `name`.
 */
enum md_err md_extract_run(const char *name, const char *buf, size_t len,
			   struct md_record **out, struct md_error *err);

/* As md_extract_run, reading the file at path ("-": standard input). */
enum md_err md_extract_file(const char *path, struct md_record **out, struct md_error *err);

#endif
