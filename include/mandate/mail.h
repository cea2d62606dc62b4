/*
 * mail.h - Internet messages (RFC 5322 + MIME) and their delivery over SMTP.
 *
 * Composition never trusts its inputs: every header value passes through
 * md_mail_header_value (control characters, CR, LF and bare LF become one
 * space; non-ASCII text becomes RFC 2047 encoded-words; long values are
 * folded), addresses are checked by md_mail_addr_valid, the text body is
 * quoted-printable and the attachment base64, so no value taken from a
 * document or a configuration can add a header, end the header block or
 * leave a line longer than 78 characters.
 *
 * Delivery goes through libcurl's SMTP (smtp:// with STARTTLS, smtps://).
 * STARTTLS is required unless the server is on loopback (127.0.0.0/8, ::1,
 * localhost).  A message counts as delivered only when the server answered
 * the end of DATA with 2xx.  The library never reads the clock: the Date
 * header is built from a time the caller gives.
 */
#ifndef MANDATE_MAIL_H
#define MANDATE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "mandate/err.h"

/* Longest address accepted (RFC 5321: 254 octets of path). */
#define MD_MAIL_ADDR_MAX 254

/* A message to compose.  Strings are UTF-8; NULL or "" means none. */
struct md_mail {
	const char *from_addr, *from_name; /* from_addr required */
	const char *to_addr, *to_name;     /* to_addr required */
	const char *subject;
	time_t date;             /* the Date header, written in UTC */
	const char *message_id;  /* "local@domain", without angle brackets; required */
	const char *text;        /* the plain-text body (any line endings) */
	const char *ics;         /* a text/calendar attachment, or NULL */
	const char *ics_name;    /* its file name; NULL: "reminder.ics" */
	const char *extra_name;  /* one more header (a fixed ASCII name we choose), or NULL */
	const char *extra_value; /* its value, sanitised like every other */
};

/*
 * True when s is an address we accept: local@domain in printable ASCII,
 * no space, quote, angle bracket, comma, semicolon, backslash or control
 * character, one '@', a dotted domain, at most MD_MAIL_ADDR_MAX bytes.
 */
bool md_mail_addr_valid(const char *s);

/*
 * Writes into a new string (*out, free()) the header field "Name: value"
 * with its CRLF, folded at 78 columns: value with every control character
 * replaced by a space, runs of white space collapsed, and encoded as RFC
 * 2047 UTF-8 B encoded-words when it is not plain ASCII or is too long to
 * fold at a space.  Invalid UTF-8 is replaced by U+FFFD.  MD_ENOMEM only.
 */
enum md_err md_mail_header_value(const char *name, const char *value, char **out);

/*
 * Composes m into a new CRLF message (*out, *len; free()).  Errors:
 * MD_EINVAL (a missing or invalid address or message id), MD_ENOMEM.
 */
enum md_err md_mail_compose(const struct md_mail *m, char **out, size_t *len, struct md_error *err);

/* Where and how to deliver. */
struct md_smtp_opts {
	const char *url;  /* smtp://host[:port] or smtps://host[:port] */
	const char *user; /* NULL: no AUTH */
	const char *password;
	const char *helo;    /* the name given in EHLO; NULL: "localhost" */
	long timeout_s;      /* per transfer; 0: 60 */
	const char *ca_file; /* NULL: the system's CAs */
};

/* Why a delivery failed, for the caller to name it. */
enum md_smtp_fail {
	MD_SMTP_OK,
	MD_SMTP_UNREACHABLE, /* no connection (refused, no route, DNS, timeout) */
	MD_SMTP_TLS,         /* STARTTLS refused or the TLS handshake failed */
	MD_SMTP_AUTH,        /* authentication refused */
	MD_SMTP_SENDER,      /* MAIL FROM refused */
	MD_SMTP_RECIPIENT,   /* RCPT TO refused */
	MD_SMTP_REFUSED,     /* the message was refused after DATA */
	MD_SMTP_LOST,        /* the connection was lost: the message may be retried */
	MD_SMTP_OTHER
};

struct md_smtp;

/*
 * A delivery channel; the connection is opened by the first send and kept
 * for the next ones.  Errors: MD_EINVAL (a bad URL or scheme), MD_ENOMEM.
 * Free with md_smtp_close.
 */
enum md_err md_smtp_open(const struct md_smtp_opts *o, struct md_smtp **out, struct md_error *err);

/* Closes the connection and frees s.  NULL is a no-op. */
void md_smtp_close(struct md_smtp *s);

/*
 * Sends msg (len bytes, CRLF lines) from the envelope sender to one
 * recipient.  MD_OK only when the server accepted it.  Otherwise MD_ENET
 * with err naming the server and the problem, and *why (may be NULL) the
 * kind of failure; a connection lost mid-way is retried once on a new
 * connection before it is reported.
 */
enum md_err md_smtp_send(struct md_smtp *s, const char *from, const char *to, const char *msg,
                         size_t len, enum md_smtp_fail *why, struct md_error *err);

/* True when the URL's host is a loopback address or "localhost". */
bool md_smtp_loopback(const char *url);

#endif
