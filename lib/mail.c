/*
 * mail.c - composing Internet messages that no input can break (their
 * delivery is lib/mail_smtp.c's).
 *
 * Policy, as coded here:
 * - Header values are text from documents and configuration files: every
 *   control character (CR, LF, TAB, NUL, DEL, C1, U+2028/9) becomes a space,
 *   runs of spaces become one, bad UTF-8 becomes U+FFFD.  Plain ASCII with
 *   words short enough is written as is, folded at spaces; anything else as
 *   RFC 2047 "=?UTF-8?B?...?=" words of at most 39 octets each, which never
 *   split a character.  Addresses are checked, never encoded: a bad one is
 *   refused (MD_EINVAL), not repaired.
 * - The text body is quoted-printable (RFC 2045), lines at most 76
 *   characters, any line ending (CRLF, bare LF, bare CR) made CRLF; a line
 *   starting "." or "From " is encoded so that no transport touches it.
 *   The calendar attachment is base64.  The multipart boundary holds "=_",
 *   which neither encoding can produce.
 */
#include "mandate/mail.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* A message never grows past this (the hard cap of every growable buffer here). */
#define MAIL_MAX (16u << 20)
/* Their strbuf max: MAIL_MAX bounds the allocation, NUL included, so the text is 1 byte less. */
#define BUF_MAX  (MAIL_MAX - 1)
#define FOLD_AT  78
#define QP_LINE  76
#define EW_CHUNK 39 /* octets per encoded-word: 52 base64 characters, 64 in all */

/* ---- buffers (strbuf.h, max BUF_MAX) ---- */

/* Whether b stopped taking text: full or out of memory, which mail reports alike. */
static bool stopped(const struct strbuf *b)
{
	return b->failed || b->over;
}

/* Stops b as part, a buffer a piece of b was built in, stopped. */
static void stop(struct strbuf *b, const struct strbuf *part)
{
	b->failed |= part->failed;
	b->over |= part->over;
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0; /* overlong, out of range, surrogate */
	*cp = c;
	return len;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

/*
 * One header line's worth of text: valid UTF-8, no control character,
 * single spaces, no space at either end.  *ascii says whether it is
 * plain ASCII.
 */
static void clean_header_text(const char *s, struct strbuf *out, bool *ascii)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), len;
	bool space = false;
	uint32_t c;

	*ascii = true;
	while (n > 0) {
		len = utf8_len(p, n, &c);
		if (len == 0 || is_control(c) || c == ' ') {
			if (len == 0 && !is_control(p[0]) && p[0] >= 0x80) {
				if (space && out->len)
					strbuf_putc(out, ' ');
				space = false;
				strbuf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
				*ascii = false;
			} else {
				space = true;
			}
			p += len ? len : 1;
			n -= len ? len : 1;
			continue;
		}
		if (space && out->len)
			strbuf_putc(out, ' ');
		space = false;
		if (c >= 0x80)
			*ascii = false;
		strbuf_put(out, (const char *)p, len);
		p += len;
		n -= len;
	}
}

/* ---- headers ---- */

/* Folds tokens onto lines of at most FOLD_AT columns. */
struct folder {
	struct strbuf *b;
	size_t col;
	bool first;
};

static void fold_token(struct folder *f, const char *tok, size_t n)
{
	if (!f->first) {
		if (f->col + 1 + n > FOLD_AT) {
			strbuf_puts(f->b, "\r\n ");
			f->col = 1;
		} else {
			strbuf_putc(f->b, ' ');
			f->col++;
		}
	}
	f->first = false;
	strbuf_put(f->b, tok, n);
	f->col += n;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(struct strbuf *b, const unsigned char *s, size_t n)
{
	char q[4];

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		strbuf_put(b, q, 4);
	}
}

/* Writes text (clean UTF-8) as encoded-words, never splitting a character. */
static void fold_encoded(struct folder *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), take, len;
	uint32_t c;
	struct strbuf w = {.max = BUF_MAX};

	while (n > 0) {
		for (take = 0; take < n; take += len) {
			len = utf8_len(p + take, n - take, &c);
			if (len == 0) /* cannot happen on clean text; be safe */
				len = 1;
			if (take + len > EW_CHUNK)
				break;
		}
		w.len = 0;
		strbuf_puts(&w, "=?UTF-8?B?");
		base64(&w, p, take);
		strbuf_puts(&w, "?=");
		if (stopped(&w)) {
			stop(f->b, &w);
			break;
		}
		fold_token(f, w.s, w.len);
		p += take;
		n -= take;
	}
	free(w.s);
}

/* Plain words folded at spaces; false when a word is too long to fold (encode instead). */
static bool words_fit(const char *text)
{
	size_t run = 0;

	for (const char *p = text; *p; p++) {
		run = *p == ' ' ? 0 : run + 1;
		if (run > FOLD_AT - 20)
			return false;
	}
	return true;
}

static void fold_words(struct folder *f, const char *text)
{
	const char *p = text, *sp;

	while (*p) {
		sp = strchr(p, ' ');
		fold_token(f, p, sp ? (size_t)(sp - p) : strlen(p));
		if (!sp)
			break;
		p = sp + 1;
	}
}

/* The value as text: plain when it is ASCII with foldable words, else encoded. */
static void fold_text(struct folder *f, const char *value, bool phrase)
{
	struct strbuf clean = {.max = BUF_MAX};
	bool ascii, plain;

	clean_header_text(value, &clean, &ascii);
	if (stopped(&clean)) {
		stop(f->b, &clean);
		free(clean.s);
		return;
	}
	plain = ascii && clean.s && words_fit(clean.s);
	/* In a display name only atext and spaces may stand bare (RFC 5322 3.2.3). */
	for (const char *p = clean.s; plain && phrase && *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(" !#$%&'*+-/=?^_`{|}~", *p))
			plain = false;
	if (plain)
		fold_words(f, clean.s);
	else if (clean.s)
		fold_encoded(f, clean.s);
	free(clean.s);
}

enum md_err md_mail_header_value(const char *name, const char *value, char **out)
{
	struct strbuf b = {.max = BUF_MAX};
	struct folder f = {&b, 0, true};

	strbuf_puts(&b, name);
	strbuf_puts(&b, ":");
	f.col = b.len;
	f.first = false;
	if (value && *value) {
		/* fold_token puts the space after the colon */
		fold_text(&f, value, false);
	}
	strbuf_puts(&b, "\r\n");
	if (stopped(&b)) {
		free(b.s);
		*out = NULL;
		return MD_ENOMEM;
	}
	*out = b.s;
	return MD_OK;
}

bool md_mail_addr_valid(const char *s)
{
	const char *at, *p;

	if (!s || !*s || strlen(s) > MD_MAIL_ADDR_MAX)
		return false;
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !at[1] || !strchr(at + 1, '.'))
		return false;
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c >= 0x7F || strchr("\"<>(),;:\\[]", c))
			return false;
	}
	/* the domain: letters, digits, '-' and dots, no empty label */
	for (p = at + 1; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return false;
	return at[1] != '.' && p[-1] != '.' && !strstr(at, "..") && s[0] != '.' && at[-1] != '.';
}

/* "Name: display name <addr>" */
static void address_header(struct strbuf *b, const char *hname, const char *addr, const char *name)
{
	struct folder f = {b, 0, false};
	char angle[MD_MAIL_ADDR_MAX + 3];

	strbuf_puts(b, hname);
	strbuf_puts(b, ":");
	f.col = b->len; /* the header starts this buffer's line: see compose */
	f.col = strlen(hname) + 1;
	if (name && *name)
		fold_text(&f, name, true);
	snprintf(angle, sizeof(angle), "<%s>", addr);
	fold_token(&f, angle, strlen(angle));
	strbuf_puts(b, "\r\n");
}

static void header(struct strbuf *b, const char *name, const char *value)
{
	char *h = NULL;

	if (md_mail_header_value(name, value, &h) != MD_OK) {
		b->failed = true; /* or full: MD_ENOMEM says either */
		return;
	}
	strbuf_puts(b, h);
	free(h);
}

/* ---- bodies ---- */

/* text with every line ending made "\n", bad UTF-8 replaced, controls but TAB dropped. */
static void clean_body_text(const char *s, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), len;
	uint32_t c;

	while (n > 0) {
		len = utf8_len(p, n, &c);
		if (len == 0) {
			strbuf_puts(out, "\xEF\xBF\xBD");
			len = 1;
		} else if (c == '\r') {
			strbuf_putc(out, '\n');
			if (n > 1 && p[1] == '\n')
				len = 2;
		} else if (c == '\n' || c == '\t' || !is_control(c)) {
			strbuf_put(out, (const char *)p, len);
		} else if (c == 0x2028 || c == 0x2029) {
			strbuf_putc(out, '\n');
		}
		p += len;
		n -= len;
	}
}

/* One line (no line end) quoted-printable, soft breaks keeping lines <= 76. */
static void qp_line(struct strbuf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	char enc[4];
	size_t k;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		bool last = i + 1 == n;
		bool quote = c == '=' || c >= 0x7F || (c < 0x20 && c != '\t') ||
		             ((c == ' ' || c == '\t') && last) || (col == 0 && c == '.') ||
		             (col == 0 && c == 'F' && n - i >= 5 && !memcmp(s + i, "From ", 5));

		if (quote) {
			enc[0] = '=', enc[1] = hex[c >> 4], enc[2] = hex[c & 15];
			k = 3;
		} else {
			enc[0] = (char)c;
			k = 1;
		}
		/* keep room for a soft break "=" unless this is the line's last character */
		if (col + k > (last ? QP_LINE : QP_LINE - 1)) {
			strbuf_puts(b, "=\r\n");
			col = 0;
			if (c == '.' || (c == 'F' && n - i >= 5 && !memcmp(s + i, "From ", 5))) {
				enc[0] = '=', enc[1] = hex[c >> 4], enc[2] = hex[c & 15];
				k = 3;
			}
		}
		strbuf_put(b, enc, k);
		col += k;
	}
	strbuf_puts(b, "\r\n");
}

static void quoted_printable(struct strbuf *b, const char *text)
{
	struct strbuf clean = {.max = BUF_MAX};
	const char *p, *nl;

	clean_body_text(text, &clean);
	if (stopped(&clean)) {
		free(clean.s);
		stop(b, &clean);
		return;
	}
	for (p = clean.s ? clean.s : ""; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			qp_line(b, (const unsigned char *)p, strlen(p));
			break;
		}
		qp_line(b, (const unsigned char *)p, (size_t)(nl - p));
	}
	free(clean.s);
}

static void base64_lines(struct strbuf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i += 57) { /* 57 octets: 76 characters */
		base64(b, (const unsigned char *)s + i, n - i < 57 ? n - i : 57);
		strbuf_puts(b, "\r\n");
	}
}

/* A file name for Content-Disposition: [A-Za-z0-9._-] only. */
static void safe_filename(const char *s, char *out, size_t size)
{
	size_t k = 0;

	for (const char *p = s && *s ? s : "reminder.ics"; *p && k + 1 < size; p++)
		out[k++] = isalnum((unsigned char)*p) || strchr("._-", *p) ? *p : '_';
	out[k] = '\0';
}

/* RFC 5322 date in UTC: "Sat, 28 Nov 2026 09:20:46 +0000". */
static void rfc5322_date(time_t t, char *buf, size_t size)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A message id "local@domain": printable ASCII without space, <, > or a second @. */
static bool msgid_valid(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;

	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 200)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || strchr("<>\"\\", *p))
			return false;
	return true;
}

static void compose_headers(struct strbuf *b, const struct md_mail *m, const char *boundary)
{
	char date[64], mid[256];

	rfc5322_date(m->date, date, sizeof(date));
	header(b, "Date", date);
	address_header(b, "From", m->from_addr, m->from_name);
	address_header(b, "To", m->to_addr, m->to_name);
	header(b, "Subject", m->subject ? m->subject : "");
	snprintf(mid, sizeof(mid), "<%s>", m->message_id);
	strbuf_puts(b, "Message-ID: ");
	strbuf_puts(b, mid);
	strbuf_puts(b, "\r\n");
	strbuf_puts(b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (m->extra_name && m->extra_value)
		header(b, m->extra_name, m->extra_value);
	if (boundary) {
		strbuf_puts(b, "Content-Type: multipart/mixed; boundary=\"");
		strbuf_puts(b, boundary);
		strbuf_puts(b, "\"\r\n\r\n");
	}
}

static void compose_text_part(struct strbuf *b, const struct md_mail *m)
{
	strbuf_puts(b, "Content-Type: text/plain; charset=UTF-8\r\n"
	               "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	quoted_printable(b, m->text ? m->text : "");
}

enum md_err md_mail_compose(const struct md_mail *m, char **out, size_t *len, struct md_error *err)
{
	struct strbuf b = {.max = BUF_MAX};
	char boundary[80], fname[64];
	uint64_t h = 0xcbf29ce484222325ULL;

	*out = NULL;
	*len = 0;
	if (!md_mail_addr_valid(m->from_addr))
		return md_error_set(err, MD_EINVAL, "not a valid sender address");
	if (!md_mail_addr_valid(m->to_addr))
		return md_error_set(err, MD_EINVAL, "not a valid recipient address");
	if (!msgid_valid(m->message_id))
		return md_error_set(err, MD_EINVAL, "not a valid message id");
	for (const char *p = m->message_id; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	snprintf(boundary, sizeof(boundary), "=_mandate_%016llx", (unsigned long long)h);
	compose_headers(&b, m, m->ics ? boundary : NULL);
	if (m->ics) {
		strbuf_puts(&b, "This is a MIME message.\r\n\r\n--");
		strbuf_puts(&b, boundary);
		strbuf_puts(&b, "\r\n");
		compose_text_part(&b, m);
		safe_filename(m->ics_name, fname, sizeof(fname));
		strbuf_puts(&b, "\r\n--");
		strbuf_puts(&b, boundary);
		strbuf_puts(&b, "\r\nContent-Type: text/calendar; charset=UTF-8; method=PUBLISH\r\n"
		                "Content-Disposition: attachment; filename=\"");
		strbuf_puts(&b, fname);
		strbuf_puts(&b, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		base64_lines(&b, m->ics);
		strbuf_puts(&b, "\r\n--");
		strbuf_puts(&b, boundary);
		strbuf_puts(&b, "--\r\n");
	} else {
		compose_text_part(&b, m);
	}
	if (stopped(&b)) {
		free(b.s);
		return md_error_set(err, MD_ENOMEM, "the message is too big or memory ran out");
	}
	*out = b.s;
	*len = b.len;
	return MD_OK;
}
