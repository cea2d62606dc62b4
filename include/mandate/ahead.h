/*
 * ahead.h - reading documents ahead of the one being stored.
 *
 * Storing a document waits on SQLite and the disk, reading one (a file or
 * an http(s) URL, then md_extract_run) is pure work on the CPU: md_ahead
 * reads the inputs in order on a thread of its own, at most `depth` records
 * ahead of the caller, so both run at once on a machine with two cores.
 * The caller gets the results in the order of the inputs, exactly as it
 * would have reading them itself.  When no thread can be started, the
 * inputs are read in md_ahead_next instead: slower, never different.
 */
#ifndef MANDATE_AHEAD_H
#define MANDATE_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/err.h"
#include "mandate/record.h"

struct md_ahead;

/*
 * Starts reading inputs[0..n) (file paths, "-" for standard input, or
 * http(s) URLs fetched with md_fetch_url's default limits).  The strings
 * must outlive the reader.  depth 0 means 8.  Errors: MD_ENOMEM.
 */
enum md_err md_ahead_start(const char *const *inputs, size_t n, size_t depth, struct md_ahead **out,
                           struct md_error *err);

/*
 * The next input's result, in order: *input is the input, *rc what reading
 * it returned; on MD_OK *rec is a new record the caller frees with
 * md_record_free, otherwise *rec is NULL and err says why.  false when
 * every input was returned.
 */
bool md_ahead_next(struct md_ahead *a, const char **input, struct md_record **rec, enum md_err *rc,
                   struct md_error *err);

/*
 * Whether the next result is ready, waiting up to ms milliseconds for it
 * (0: not at all); true too when every input was returned.
 */
bool md_ahead_wait(struct md_ahead *a, long ms);

/* Stops the thread (it finishes the input it is reading) and frees what is left. */
void md_ahead_free(struct md_ahead *a);

/* Reads one input as md_ahead does: a file, "-" or an http(s) URL. */
enum md_err md_ahead_read(const char *input, struct md_record **rec, struct md_error *err);

#endif
