/*
 * doc.c - reading a document within limits, refusing what is not text, and
 * normalising the quirks of text extracted from the official documents.
 */
#include "mandate/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum md_err read_stream(FILE *f, const char *name, size_t max, char **out, size_t *len,
                               struct md_error *err)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb;

			if (cap > max) {
				free(buf);
				return md_error_set(err, MD_ETOOBIG,
				                    "%s: larger than the limit of %zu bytes", name,
				                    max);
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;

		free(buf);
		return md_error_set(err, MD_EIO, "%s: read error: %s", name, strerror(e));
	}
	if (n > max) {
		free(buf);
		return md_error_set(err, MD_ETOOBIG, "%s: larger than the limit of %zu bytes", name,
		                    max);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return MD_OK;
}

enum md_err md_doc_load(const char *path, size_t max, char **out, size_t *len, struct md_error *err)
{
	FILE *f;
	enum md_err rc;

	if (strcmp(path, "-") == 0)
		return read_stream(stdin, "standard input", max, out, len, err);
	f = fopen(path, "rb");
	if (!f) {
		int e = errno;

		return md_error_set(err, e == ENOENT ? MD_ENOENT : MD_EIO, "%s: %s", path,
		                    e == ENOENT ? "no such file" : strerror(e));
	}
	rc = read_stream(f, path, max, out, len, err);
	if (rc == MD_EIO && ferror(f) && errno == EISDIR)
		md_error_set(err, MD_EIO, "%s: is a directory", path);
	fclose(f);
	return rc;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

enum md_err md_doc_check(const char *name, const char *buf, size_t len, struct md_error *err)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t printable = 0;

	for (size_t i = 0; i < len;) {
		size_t n;

		if (s[i] >= 0x20 && s[i] < 0x7f) { /* the common case: printable ASCII */
			printable += s[i] != ' ';
			i++;
			continue;
		}
		if (s[i] == '\n') {
			i++;
			continue;
		}
		if (s[i] == 0 ||
		    (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') ||
		    s[i] == 0x7f)
			return md_error_set(err, MD_EBINARY,
			                    "%s: binary data at byte %zu, not a text document",
			                    name, i);
		n = utf8_seq(s + i, len - i);
		if (!n)
			return md_error_set(err, MD_EUTF8, "%s: invalid UTF-8 at byte %zu", name,
			                    i);
		if (s[i] > 0x20)
			printable++;
		i += n;
	}
	if (printable == 0)
		return md_error_set(err, MD_EEMPTY, "%s: empty document", name);
	return MD_OK;
}

/*
 * What normalisation does, byte by byte:
 *   BOM (EF BB BF), zero-width space/joiners (E2 80 8B..8D), word joiner
 *   (E2 81 A0) and soft hyphen (C2 AD): dropped;
 *   CRLF and CR: LF;  form feed: a blank line (a page break);  tab: space;
 *   no-break space (C2 A0) and the spaces U+2000..U+200A, U+202F: space;
 *   "**" (a bold run-in heading): a line break, so "Council**Fifty-first
 *   session**" becomes two lines;  a single "*" (italics, a footnote mark,
 *   the barcode): dropped, but for "* " opening a line (a footnote).
 */
char *md_doc_normalize(const char *buf, size_t len, size_t *out_len)
{
	const unsigned char *s = (const unsigned char *)buf;
	char *out = malloc(len * 2 + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];

		if (c >= ' ' && c < 0x7f && c != '*') { /* the common case: copied as it is */
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (c == 0xef && i + 2 < len && s[i + 1] == 0xbb && s[i + 2] == 0xbf) {
			i += 3;
		} else if (c == 0xe2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] >= 0x8b &&
		           s[i + 2] <= 0x8d) {
			i += 3;
		} else if (c == 0xe2 && i + 2 < len && s[i + 1] == 0x81 && s[i + 2] == 0xa0) {
			i += 3;
		} else if (c == 0xc2 && i + 1 < len && s[i + 1] == 0xad) {
			i += 2;
		} else if (c == 0xc2 && i + 1 < len && s[i + 1] == 0xa0) {
			out[o++] = ' ';
			i += 2;
		} else if (c == 0xe2 && i + 2 < len && s[i + 1] == 0x80 &&
		           ((s[i + 2] >= 0x80 && s[i + 2] <= 0x8a) || s[i + 2] == 0xaf)) {
			out[o++] = ' ';
			i += 3;
		} else if (c == '\r') {
			out[o++] = '\n';
			i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
		} else if (c == '\f') {
			out[o++] = '\n';
			out[o++] = '\n';
			i++;
		} else if (c == '\t') {
			out[o++] = ' ';
			i++;
		} else if (c == '*' && (o == 0 || out[o - 1] == '\n') && i + 1 < len &&
		           s[i + 1] == ' ') {
			out[o++] = '*'; /* "* The resolutions ...": a footnote line */
			i++;
		} else if (c == '*') {
			if (i + 1 < len && s[i + 1] == '*') {
				out[o++] = '\n';
				i += 2;
			} else {
				i++;
			}
		} else {
			out[o++] = (char)c;
			i++;
		}
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
}
