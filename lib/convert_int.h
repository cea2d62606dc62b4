/*
 * convert_int.h - what the converters share: line and paragraph ends in
 * the text they build (a strbuf, strbuf.h, capped at their text limit) and
 * its hand-over, and a child process run within limits.
 */
#ifndef MANDATE_CONVERT_INT_H
#define MANDATE_CONVERT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/convert.h"
#include "strbuf.h"

/* Ends the current line, if one is open. */
void cbuf_endline(struct strbuf *b);
/* Ends the current paragraph: a blank line, unless at the start or after one. */
void cbuf_endpara(struct strbuf *b);
/*
 * Hands the text over, blank lines at its end dropped: *out (caller frees)
 * and *out_len on MD_OK; MD_ENOMEM,
 * MD_ETOOBIG (over max) or MD_EEMPTY (no printable text) otherwise, with err
 * naming name and what.  The buffer is freed in every case.
 */
enum md_err cbuf_finish(struct strbuf *b, const char *name, const char *what, char **out,
                        size_t *out_len, struct md_error *err);

/* Whether needle[0..n) occurs in buf[0..len) (memmem is not POSIX). */
bool bytes_has(const char *buf, size_t len, const char *needle, size_t n);

/* How a child ended. */
struct child_result {
	int exit_code;     /* exit status, or -1 when killed by a signal */
	int signal;        /* the signal that ended it, or 0 */
	bool timed_out;    /* killed at the wall-clock limit */
	bool flooded;      /* killed for writing more than the output cap */
	char errtext[256]; /* the first line of its standard error */
};

/*
 * Runs argv[0] (an absolute path) with an empty environment, standard input
 * reading in[0..in_len) (an unlinked temporary file, so the child can seek),
 * under the limits of lim.  On MD_OK *out (caller frees) holds what it wrote
 * on standard output, at most lim->out_bytes, and *res how it ended.
 * Errors: MD_EIO (no temporary file, no pipe, no fork), MD_ENOMEM.
 */
enum md_err child_run(const char *name, const char *const argv[],
                      const struct md_convert_limits *lim, const char *in, size_t in_len,
                      char **out, size_t *out_len, struct child_result *res, struct md_error *err);

/*
 * The text of a PDF from what pdftotext -bbox-layout wrote, xml[0..len)
 * (convert_pdf.c; apart from md_convert_pdf for the fuzzing harness).
 * Same contract as md_convert_run; MD_EBINARY when xml is not readable.
 */
enum md_err pdf_layout(const char *name, const char *xml, size_t len,
                       const struct md_convert_limits *lim, char **out, size_t *out_len,
                       struct md_error *err);

#endif
