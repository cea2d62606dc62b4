/*
 * convert.c - recognising a document's format from its bytes and handing it
 * to the converter for it; line and paragraph ends in the text the
 * converters build, and its hand-over.
 *
 * Recognition, in order:
 *   "%PDF-" and a digit in the first 1024 bytes (the PDF specification
 *   lets readers skip junk before the header)                     PDF
 *   "PK\3\4" at the start, with an entry named word/document.xml  .docx
 *   "PK\3\4" otherwise                                            other zip
 *   D0 CF 11 E0 A1 B1 1A E1 (an OLE compound file)                Word .doc
 *   after a BOM and white space, "<" and, within the first 1024 bytes,
 *   "<!doctype html", "<html", "<head", "<body", "<title", "<meta", "<p",
 *   "<div" or "<!--"                                               HTML
 *   anything else                                                 text
 * A resolution as plain text never opens with "<", so markup at the start
 * is a safe sign of a web page.
 */
#include "mandate/convert.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert_int.h"
#include "mandate/doc.h"

void md_convert_limits_default(struct md_convert_limits *lim)
{
	lim->pdftotext = "/usr/bin/pdftotext";
	lim->timeout_ms = 30000;
	lim->cpu_s = 20;
	lim->mem_bytes = (size_t)1 << 30;
	lim->out_bytes = (size_t)64 << 20;
	lim->text_bytes = MD_DOC_MAX_BYTES;
	lim->unzip_bytes = (size_t)64 << 20;
	lim->unzip_ratio = 200;
	lim->zip_entries = 1000;
}

bool bytes_has(const char *buf, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; n && i + n <= len; i++) {
		const char *p = memchr(buf + i, needle[0], len - i - n + 1);

		if (!p)
			return false;
		i = (size_t)(p - buf);
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

static bool has_ci(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(buf + i, needle, n) == 0)
			return true;
	return false;
}

/* "%PDF-" and a version digit, in the first 1024 bytes. */
static bool is_pdf(const char *buf, size_t head)
{
	for (size_t i = 0; i + 6 <= head; i++)
		if (buf[i] == '%' && memcmp(buf + i, "%PDF-", 5) == 0 && buf[i + 5] >= '1' &&
		    buf[i + 5] <= '9')
			return true;
	return false;
}

static bool looks_html(const char *buf, size_t len)
{
	static const char *const marks[] = {"<!doctype html", "<html", "<head", "<body", "<title",
	                                    "<meta",          "<p",    "<div",  "<!--"};
	size_t i = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i >= len || buf[i] != '<')
		return false;
	len = len - i > 1024 ? i + 1024 : len;
	for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (has_ci(buf + i, len - i, marks[k]))
			return true;
	return false;
}

enum md_format md_convert_sniff(const char *buf, size_t len)
{
	size_t head = len < 1024 ? len : 1024;

	if (is_pdf(buf, head))
		return MD_FORMAT_PDF;
	if (len >= 4 && memcmp(buf, "PK\3\4", 4) == 0)
		return bytes_has(buf, len, "word/document.xml", 17) ? MD_FORMAT_DOCX
		                                                    : MD_FORMAT_ZIP;
	if (len >= 8 && memcmp(buf, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return MD_FORMAT_DOC;
	if (looks_html(buf, len))
		return MD_FORMAT_HTML;
	return MD_FORMAT_TEXT;
}

const char *md_format_name(enum md_format f)
{
	switch (f) {
	case MD_FORMAT_TEXT:
		return "text";
	case MD_FORMAT_PDF:
		return "PDF";
	case MD_FORMAT_DOCX:
		return "Word (.docx)";
	case MD_FORMAT_HTML:
		return "HTML";
	case MD_FORMAT_ZIP:
		return "zip archive";
	case MD_FORMAT_DOC:
		return "Word 97-2003 (.doc)";
	}
	return "unknown";
}

enum md_err md_convert_run(const char *name, const char *buf, size_t len,
                           const struct md_convert_limits *lim, char **out, size_t *out_len,
                           struct md_error *err)
{
	struct md_convert_limits def;

	if (!lim) {
		md_convert_limits_default(&def);
		lim = &def;
	}
	switch (md_convert_sniff(buf, len)) {
	case MD_FORMAT_PDF:
		return md_convert_pdf(name, buf, len, lim, out, out_len, err);
	case MD_FORMAT_DOCX:
		return md_convert_docx(name, buf, len, lim, out, out_len, err);
	case MD_FORMAT_HTML:
		return md_convert_html(name, buf, len, lim, out, out_len, err);
	case MD_FORMAT_ZIP:
		return md_error_set(err, MD_EBINARY,
		                    "%s: a zip archive that is not a Word document (.docx)", name);
	case MD_FORMAT_DOC:
		return md_error_set(err, MD_EBINARY,
		                    "%s: a Word 97-2003 document (.doc), not read: save it as "
		                    ".docx or PDF",
		                    name);
	case MD_FORMAT_TEXT:
		break;
	}
	*out = malloc(len + 1);
	if (!*out)
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	memcpy(*out, buf, len);
	(*out)[len] = '\0';
	*out_len = len;
	return MD_OK;
}

void cbuf_endline(struct strbuf *b)
{
	if (b->len && b->s[b->len - 1] != '\n')
		strbuf_putc(b, '\n');
}

void cbuf_endpara(struct strbuf *b)
{
	cbuf_endline(b);
	if (b->len && !(b->len >= 2 && b->s[b->len - 2] == '\n') && b->s[b->len - 1] != '\f')
		strbuf_putc(b, '\n');
}

enum md_err cbuf_finish(struct strbuf *b, const char *name, const char *what, char **out,
                        size_t *out_len, struct md_error *err)
{
	size_t printable = 0, max = b->max;
	bool failed = b->failed, over = b->over;

	if (failed || over) {
		free(b->s);
		memset(b, 0, sizeof(*b));
		if (failed)
			return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
		return md_error_set(err, MD_ETOOBIG, "%s: the text of the %s is over %zu bytes",
		                    name, what, max);
	}
	for (size_t i = 0; i < b->len; i++)
		printable += (unsigned char)b->s[i] > ' ';
	while (b->len > 1 && b->s[b->len - 1] == '\n' && b->s[b->len - 2] == '\n')
		b->s[--b->len] = '\0'; /* one line end at the end */
	if (!printable) {
		free(b->s);
		memset(b, 0, sizeof(*b));
		return md_error_set(err, MD_EEMPTY, "%s: the %s holds no text", name, what);
	}
	*out = b->s;
	*out_len = b->len;
	memset(b, 0, sizeof(*b));
	return MD_OK;
}
