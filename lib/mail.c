/*
 * mail.c - composing Internet messages that no input can break, and
 * handing them to an SMTP server through libcurl.
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
 * - Delivery: one connection kept across messages; STARTTLS required
 *   unless the server is on loopback; a message is delivered only when the
 *   server said 2xx to the end of DATA.  A lost connection is retried once
 *   on a new connection; after any failure the next message opens a new one.
 */
#include "mandate/mail.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

/* A message never grows past this (the hard cap of every growable buffer here). */
#define MAIL_MAX (16u << 20)
#define FOLD_AT  78
#define QP_LINE  76
#define EW_CHUNK 39 /* octets per encoded-word: 52 base64 characters, 64 in all */

/* ---- a growable buffer with a hard cap ---- */

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	char *grown;
	size_t cap;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > MAIL_MAX || !(grown = realloc(b->p, cap))) {
			b->oom = true;
			return;
		}
		b->p = grown;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_ch(struct buf *b, char c)
{
	buf_add(b, &c, 1);
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
static void clean_header_text(const char *s, struct buf *out, bool *ascii)
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
					buf_ch(out, ' ');
				space = false;
				buf_str(out, "\xEF\xBF\xBD"); /* U+FFFD */
				*ascii = false;
			} else {
				space = true;
			}
			p += len ? len : 1;
			n -= len ? len : 1;
			continue;
		}
		if (space && out->len)
			buf_ch(out, ' ');
		space = false;
		if (c >= 0x80)
			*ascii = false;
		buf_add(out, (const char *)p, len);
		p += len;
		n -= len;
	}
}

/* ---- headers ---- */

/* Folds tokens onto lines of at most FOLD_AT columns. */
struct folder {
	struct buf *b;
	size_t col;
	bool first;
};

static void fold_token(struct folder *f, const char *tok, size_t n)
{
	if (!f->first) {
		if (f->col + 1 + n > FOLD_AT) {
			buf_str(f->b, "\r\n ");
			f->col = 1;
		} else {
			buf_ch(f->b, ' ');
			f->col++;
		}
	}
	f->first = false;
	buf_add(f->b, tok, n);
	f->col += n;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void base64(struct buf *b, const unsigned char *s, size_t n)
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
		buf_add(b, q, 4);
	}
}

/* Writes text (clean UTF-8) as encoded-words, never splitting a character. */
static void fold_encoded(struct folder *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), take, len;
	uint32_t c;
	struct buf w = {0};

	while (n > 0) {
		for (take = 0; take < n; take += len) {
			len = utf8_len(p + take, n - take, &c);
			if (len == 0) /* cannot happen on clean text; be safe */
				len = 1;
			if (take + len > EW_CHUNK)
				break;
		}
		w.len = 0;
		buf_str(&w, "=?UTF-8?B?");
		base64(&w, p, take);
		buf_str(&w, "?=");
		if (w.oom) {
			f->b->oom = true;
			break;
		}
		fold_token(f, w.p, w.len);
		p += take;
		n -= take;
	}
	free(w.p);
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
	struct buf clean = {0};
	bool ascii, plain;

	clean_header_text(value, &clean, &ascii);
	if (clean.oom) {
		f->b->oom = true;
		return;
	}
	plain = ascii && clean.p && words_fit(clean.p);
	/* In a display name only atext and spaces may stand bare (RFC 5322 3.2.3). */
	for (const char *p = clean.p; plain && phrase && *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(" !#$%&'*+-/=?^_`{|}~", *p))
			plain = false;
	if (plain)
		fold_words(f, clean.p);
	else if (clean.p)
		fold_encoded(f, clean.p);
	free(clean.p);
}

enum md_err md_mail_header_value(const char *name, const char *value, char **out)
{
	struct buf b = {0};
	struct folder f = {&b, 0, true};

	buf_str(&b, name);
	buf_str(&b, ":");
	f.col = b.len;
	f.first = false;
	if (value && *value) {
		/* fold_token puts the space after the colon */
		fold_text(&f, value, false);
	}
	buf_str(&b, "\r\n");
	if (b.oom) {
		free(b.p);
		*out = NULL;
		return MD_ENOMEM;
	}
	*out = b.p;
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
static void address_header(struct buf *b, const char *hname, const char *addr, const char *name)
{
	struct folder f = {b, 0, false};
	char angle[MD_MAIL_ADDR_MAX + 3];

	buf_str(b, hname);
	buf_str(b, ":");
	f.col = b->len; /* the header starts this buffer's line: see compose */
	f.col = strlen(hname) + 1;
	if (name && *name)
		fold_text(&f, name, true);
	snprintf(angle, sizeof(angle), "<%s>", addr);
	fold_token(&f, angle, strlen(angle));
	buf_str(b, "\r\n");
}

static void header(struct buf *b, const char *name, const char *value)
{
	char *h = NULL;

	if (md_mail_header_value(name, value, &h) != MD_OK) {
		b->oom = true;
		return;
	}
	buf_str(b, h);
	free(h);
}

/* ---- bodies ---- */

/* text with every line ending made "\n", bad UTF-8 replaced, controls but TAB dropped. */
static void clean_body_text(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), len;
	uint32_t c;

	while (n > 0) {
		len = utf8_len(p, n, &c);
		if (len == 0) {
			buf_str(out, "\xEF\xBF\xBD");
			len = 1;
		} else if (c == '\r') {
			buf_ch(out, '\n');
			if (n > 1 && p[1] == '\n')
				len = 2;
		} else if (c == '\n' || c == '\t' || !is_control(c)) {
			buf_add(out, (const char *)p, len);
		} else if (c == 0x2028 || c == 0x2029) {
			buf_ch(out, '\n');
		}
		p += len;
		n -= len;
	}
}

/* One line (no line end) quoted-printable, soft breaks keeping lines <= 76. */
static void qp_line(struct buf *b, const unsigned char *s, size_t n)
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
			buf_str(b, "=\r\n");
			col = 0;
			if (c == '.' || (c == 'F' && n - i >= 5 && !memcmp(s + i, "From ", 5))) {
				enc[0] = '=', enc[1] = hex[c >> 4], enc[2] = hex[c & 15];
				k = 3;
			}
		}
		buf_add(b, enc, k);
		col += k;
	}
	buf_str(b, "\r\n");
}

static void quoted_printable(struct buf *b, const char *text)
{
	struct buf clean = {0};
	const char *p, *nl;

	clean_body_text(text, &clean);
	if (clean.oom) {
		b->oom = true;
		return;
	}
	for (p = clean.p ? clean.p : ""; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			qp_line(b, (const unsigned char *)p, strlen(p));
			break;
		}
		qp_line(b, (const unsigned char *)p, (size_t)(nl - p));
	}
	free(clean.p);
}

static void base64_lines(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i += 57) { /* 57 octets: 76 characters */
		base64(b, (const unsigned char *)s + i, n - i < 57 ? n - i : 57);
		buf_str(b, "\r\n");
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

static void compose_headers(struct buf *b, const struct md_mail *m, const char *boundary)
{
	char date[64], mid[256];

	rfc5322_date(m->date, date, sizeof(date));
	header(b, "Date", date);
	address_header(b, "From", m->from_addr, m->from_name);
	address_header(b, "To", m->to_addr, m->to_name);
	header(b, "Subject", m->subject ? m->subject : "");
	snprintf(mid, sizeof(mid), "<%s>", m->message_id);
	buf_str(b, "Message-ID: ");
	buf_str(b, mid);
	buf_str(b, "\r\n");
	buf_str(b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (m->extra_name && m->extra_value)
		header(b, m->extra_name, m->extra_value);
	if (boundary) {
		buf_str(b, "Content-Type: multipart/mixed; boundary=\"");
		buf_str(b, boundary);
		buf_str(b, "\"\r\n\r\n");
	}
}

static void compose_text_part(struct buf *b, const struct md_mail *m)
{
	buf_str(b, "Content-Type: text/plain; charset=UTF-8\r\n"
	           "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	quoted_printable(b, m->text ? m->text : "");
}

enum md_err md_mail_compose(const struct md_mail *m, char **out, size_t *len, struct md_error *err)
{
	struct buf b = {0};
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
		buf_str(&b, "This is a MIME message.\r\n\r\n--");
		buf_str(&b, boundary);
		buf_str(&b, "\r\n");
		compose_text_part(&b, m);
		safe_filename(m->ics_name, fname, sizeof(fname));
		buf_str(&b, "\r\n--");
		buf_str(&b, boundary);
		buf_str(&b, "\r\nContent-Type: text/calendar; charset=UTF-8; method=PUBLISH\r\n"
		            "Content-Disposition: attachment; filename=\"");
		buf_str(&b, fname);
		buf_str(&b, "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
		base64_lines(&b, m->ics);
		buf_str(&b, "\r\n--");
		buf_str(&b, boundary);
		buf_str(&b, "--\r\n");
	} else {
		compose_text_part(&b, m);
	}
	if (b.oom) {
		free(b.p);
		return md_error_set(err, MD_ENOMEM, "the message is too big or memory ran out");
	}
	*out = b.p;
	*len = b.len;
	return MD_OK;
}

/* ---- delivery ---- */

struct md_smtp {
	CURL *curl;
	char *url, *user, *password, *helo, *ca_file;
	long timeout_s;
	bool loopback, implicit_tls;
	bool fresh; /* open a new connection for the next message */
	char errbuf[CURL_ERROR_SIZE];
};

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

bool md_smtp_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool yes = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		yes = !strcmp(host, "localhost") || !strcmp(host, "[::1]") ||
		      !strncmp(host, "127.", 4);
		/* 127.x: all digits and dots, so that "127.example.org" is not loopback */
		for (const char *p = host; yes && !strncmp(host, "127.", 4) && *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				yes = false;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return yes;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

enum md_err md_smtp_open(const struct md_smtp_opts *o, struct md_smtp **out, struct md_error *err)
{
	struct md_smtp *s;
	bool smtps;

	*out = NULL;
	if (!o->url || (strncmp(o->url, "smtp://", 7) && strncmp(o->url, "smtps://", 8)))
		return md_error_set(err, MD_EINVAL, "%s: the server must be smtp:// or smtps://",
		                    o->url ? o->url : "(none)");
	smtps = !strncmp(o->url, "smtps://", 8);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return md_error_set(err, MD_ENOMEM, "libcurl could not start");
	s = calloc(1, sizeof(*s));
	if (!s || !(s->curl = curl_easy_init()) || !(s->url = strdup(o->url)) ||
	    !(s->helo = strdup(o->helo && *o->helo ? o->helo : "localhost")) ||
	    (o->user && !(s->user = dup_or_null(o->user))) ||
	    (o->password && !(s->password = dup_or_null(o->password))) ||
	    (o->ca_file && !(s->ca_file = dup_or_null(o->ca_file)))) {
		md_smtp_close(s);
		if (!s)
			curl_global_cleanup();
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	s->loopback = md_smtp_loopback(o->url);
	s->implicit_tls = smtps;
	s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	*out = s;
	return MD_OK;
}

void md_smtp_close(struct md_smtp *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->user);
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	free(s->helo);
	free(s->ca_file);
	free(s);
	curl_global_cleanup();
}

/* The URL with the EHLO name as its path (libcurl's way of naming it). */
static void set_options(struct md_smtp *s, const char *from, struct curl_slist *rcpt,
                        struct upload *up, char *url, size_t size)
{
	CURL *c = s->curl;
	const char *slash = strchr(s->url + (s->implicit_tls ? 8 : 7), '/');
	int host_len = slash ? (int)(slash - s->url) : (int)strlen(s->url);

	snprintf(url, size, "%.*s/%s", host_len, s->url, s->helo);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->left);
	if (!s->implicit_tls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, s->loopback ? CURLUSESSL_TRY : CURLUSESSL_ALL);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	if (s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, s->fresh ? 1L : 0L);
}

/* What kind of failure rc is; libcurl says which SMTP step failed in its message. */
static enum md_smtp_fail classify(CURLcode rc, const char *msg, long code)
{
	switch (rc) {
	case CURLE_OK:
		return MD_SMTP_OK;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return MD_SMTP_UNREACHABLE;
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		return MD_SMTP_TLS;
	case CURLE_LOGIN_DENIED:
		return MD_SMTP_AUTH;
	default:
		break;
	}
	if (!strncmp(msg, "RCPT failed", 11))
		return MD_SMTP_RECIPIENT;
	if (!strncmp(msg, "MAIL failed", 11))
		return MD_SMTP_SENDER;
	if (!strncmp(msg, "DATA failed", 11) || (rc == CURLE_WEIRD_SERVER_REPLY && code >= 400))
		return MD_SMTP_REFUSED;
	if (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING ||
	    rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_PARTIAL_FILE ||
	    rc == CURLE_WEIRD_SERVER_REPLY)
		return MD_SMTP_LOST;
	return MD_SMTP_OTHER;
}

static const char *fail_words(enum md_smtp_fail f)
{
	switch (f) {
	case MD_SMTP_UNREACHABLE:
		return "server unreachable";
	case MD_SMTP_TLS:
		return "TLS failed (STARTTLS is required off loopback)";
	case MD_SMTP_AUTH:
		return "authentication refused";
	case MD_SMTP_SENDER:
		return "sender refused";
	case MD_SMTP_RECIPIENT:
		return "recipient rejected";
	case MD_SMTP_REFUSED:
		return "message refused";
	case MD_SMTP_LOST:
		return "connection lost before the server accepted the message";
	default:
		return "delivery failed";
	}
}

/* One attempt; *why set. */
static CURLcode attempt(struct md_smtp *s, const char *from, struct curl_slist *rcpt,
                        const char *msg, size_t len, enum md_smtp_fail *why, long *code)
{
	struct upload up = {msg, len};
	char url[512];
	CURLcode rc;

	s->errbuf[0] = '\0';
	set_options(s, from, rcpt, &up, url, sizeof(url));
	rc = curl_easy_perform(s->curl);
	*code = 0;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, code);
	*why = classify(rc, s->errbuf, *code);
	s->fresh = rc != CURLE_OK;
	return rc;
}

enum md_err md_smtp_send(struct md_smtp *s, const char *from, const char *to, const char *msg,
                         size_t len, enum md_smtp_fail *why, struct md_error *err)
{
	char env_from[MD_MAIL_ADDR_MAX + 3], env_to[MD_MAIL_ADDR_MAX + 3];
	struct curl_slist *rcpt;
	enum md_smtp_fail fail;
	long code;
	CURLcode rc;

	if (!md_mail_addr_valid(from) || !md_mail_addr_valid(to)) {
		if (why)
			*why = MD_SMTP_OTHER;
		return md_error_set(err, MD_EINVAL, "not a valid address: %s",
		                    md_mail_addr_valid(from) ? "recipient" : "sender");
	}
	snprintf(env_from, sizeof(env_from), "<%s>", from);
	snprintf(env_to, sizeof(env_to), "<%s>", to);
	if (!(rcpt = curl_slist_append(NULL, env_to)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	rc = attempt(s, env_from, rcpt, msg, len, &fail, &code);
	if (fail == MD_SMTP_LOST)
		rc = attempt(s, env_from, rcpt, msg, len, &fail, &code);
	curl_slist_free_all(rcpt);
	if (why)
		*why = fail;
	if (rc == CURLE_OK)
		return MD_OK;
	/* the server's own failures are not the recipient's: leave the address out */
	if (fail == MD_SMTP_UNREACHABLE || fail == MD_SMTP_TLS || fail == MD_SMTP_AUTH)
		return md_error_set(err, MD_ENET, "%s: %s (%s%s%.0ld)", s->url, fail_words(fail),
		                    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc),
		                    code ? ", last reply " : "", code);
	return md_error_set(err, MD_ENET, "%s: to %s: %s (%s%s%.0ld)", s->url, to, fail_words(fail),
	                    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc),
	                    code ? ", last reply " : "", code);
}
