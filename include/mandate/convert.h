/*
 * convert.h - published documents (PDF, Word .docx, HTML) turned into the
 * line-oriented text the resolution reader reads.
 *
 * The format is recognised from the bytes, never from a file name: "%PDF-"
 * near the start is a PDF, a zip archive holding word/document.xml is a
 * .docx, text opening with markup ("<!DOCTYPE html", "<html", "<p") is
 * HTML, anything else is left to md_doc_check as plain text.
 *
 * What comes out is UTF-8 text, one line per printed line (PDF) or per
 * paragraph (Word, HTML), a blank line between paragraphs and a form feed
 * between PDF pages.  Page furniture that the converter can see for what it
 * is (headers and footers repeated on every page, footnotes under a rule or
 * in small type at a page bottom, superscript note marks, Word's header,
 * footer and footnote parts, a web page's navigation, scripts and styles)
 * is left out; words broken at a line end ("govern-/mental") are joined.
 *
 * Every conversion runs within limits (struct md_convert_limits): PDF text
 * comes from poppler's pdftotext in a child process with CPU, memory and
 * file-size limits, a wall-clock timeout, a cap on its output and an empty
 * environment (no proxy variables; pdftotext opens no network connection);
 * a .docx is unzipped with caps on the bytes inflated, the compression
 * ratio and the number of entries, so a zip bomb is refused, not expanded.
 */
#ifndef MANDATE_CONVERT_H
#define MANDATE_CONVERT_H

#include <stddef.h>

#include "mandate/err.h"

enum md_format {
	MD_FORMAT_TEXT, /* plain text, or bytes nobody recognised (md_doc_check decides) */
	MD_FORMAT_PDF,
	MD_FORMAT_DOCX,
	MD_FORMAT_HTML,
	MD_FORMAT_ZIP, /* a zip archive that is not a Word document */
	MD_FORMAT_DOC, /* a Word 97-2003 (OLE compound) file */
};

struct md_convert_limits {
	const char *pdftotext; /* the program; default "/usr/bin/pdftotext" */
	unsigned timeout_ms;   /* wall clock for the child, then SIGKILL; default 30000 */
	unsigned cpu_s;        /* RLIMIT_CPU of the child; default 20 */
	size_t mem_bytes;      /* RLIMIT_AS of the child; default 1 GiB */
	size_t out_bytes;      /* the child's output read at most; default 64 MiB */
	size_t text_bytes;     /* the converted text at most; default MD_DOC_MAX_BYTES */
	size_t unzip_bytes;    /* bytes inflated from a .docx at most; default 64 MiB */
	unsigned unzip_ratio;  /* largest inflated/compressed ratio of an entry; default 200 */
	unsigned zip_entries;  /* largest number of entries in a .docx; default 1000 */
};

/* Fills lim with the defaults above. */
void md_convert_limits_default(struct md_convert_limits *lim);

/* The format of buf[0..len), from its content. */
enum md_format md_convert_sniff(const char *buf, size_t len);

/* A static name for f: "text", "PDF", "Word (.docx)", "HTML", ... */
const char *md_format_name(enum md_format f);

/*
 * Converts name's bytes buf[0..len) to text, whatever their format (plain
 * text is copied as it is).  lim NULL means the defaults.  On MD_OK *out is
 * a new NUL-terminated buffer of *out_len bytes (caller frees with free()).
 * Errors, err naming `name`: MD_EBINARY (a format that cannot be read: an
 * encrypted or damaged PDF, a .doc, a zip that is not a .docx, a damaged
 * .docx), MD_ETOOBIG (a limit was reached: a zip bomb, a flood of output),
 * MD_EIO (the converter could not be run, crashed or ran out of time),
 * MD_EEMPTY (no text in it), MD_ENOMEM.
 */
enum md_err md_convert_run(const char *name, const char *buf, size_t len,
                           const struct md_convert_limits *lim, char **out, size_t *out_len,
                           struct md_error *err);

/* The three converters md_convert_run chooses from; same contract. */
enum md_err md_convert_pdf(const char *name, const char *buf, size_t len,
                           const struct md_convert_limits *lim, char **out, size_t *out_len,
                           struct md_error *err);
enum md_err md_convert_docx(const char *name, const char *buf, size_t len,
                            const struct md_convert_limits *lim, char **out, size_t *out_len,
                            struct md_error *err);
enum md_err md_convert_html(const char *name, const char *buf, size_t len,
                            const struct md_convert_limits *lim, char **out, size_t *out_len,
                            struct md_error *err);

#endif
