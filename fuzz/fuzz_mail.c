/*
 * fuzz_mail.c - libFuzzer harness for reminder messages built from hostile
 * text: a header value, then a whole message whose names, subject and body
 * come from the input (fields cut at 0xFF bytes).
 *
 * The result must keep the shape mail.h promises: CRLF line ends only, no
 * line over 78 characters in the header, every header line either one of
 * the fields the composer writes or a folded continuation, so that no
 * value can add a header (Bcc:) or end the header block early.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops with the text that broke the rule, for the report. */
static void fail(const char *why, const char *text, size_t len)
{
	fprintf(stderr, "%s\n--- output ---\n%.*s\n--- end ---\n", why, (int)len, text);
	abort();
}

static char *field(const uint8_t **p, size_t *left)
{
	const uint8_t *end = memchr(*p, 0xff, *left);
	size_t n = end ? (size_t)(end - *p) : *left;
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			s[i] = ' '; /* a C string cannot hold NUL; the caller's strings never do */
	*p += n + (end != NULL);
	*left -= n + (end != NULL);
	return s;
}

static const char *const known[] = {"Date:",
                                    "From:",
                                    "To:",
                                    "Subject:",
                                    "Message-ID:",
                                    "MIME-Version:",
                                    "Auto-Submitted:",
                                    "Content-Type:",
                                    "Content-Transfer-Encoding:",
                                    "X-",
                                    NULL};

static void check_header(const char *msg, size_t len)
{
	const char *line = msg, *stop = msg + len;

	while (line < stop) {
		const char *crlf = memmem(line, (size_t)(stop - line), "\r\n", 2);
		size_t n;
		int ok = 0;

		if (!crlf)
			fail("a header line without CRLF", msg, len);
		n = (size_t)(crlf - line);
		if (n == 0)
			return; /* the end of the header block */
		if (n > 78 || memchr(line, '\n', n) || memchr(line, '\r', n))
			fail("a header line over 78 characters or with a bare CR or LF", msg, len);
		if (line[0] == ' ' || line[0] == '\t')
			ok = 1;
		for (int i = 0; !ok && known[i]; i++)
			ok = !strncmp(line, known[i], strlen(known[i]));
		if (!ok)
			fail("a header line the composer does not write", msg, len);
		line = crlf + 2;
	}
	fail("no end of the header", msg, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t left = size;
	char *subject = field(&p, &left), *from_name = field(&p, &left);
	char *to_name = field(&p, &left), *extra = field(&p, &left), *text = field(&p, &left);
	char *hv = NULL, *msg = NULL;
	size_t len = 0;
	struct md_mail m;
	struct md_error err;

	if (md_mail_header_value("Subject", subject, &hv) != MD_OK)
		abort();
	{
		size_t n = strlen(hv);
		char *block = malloc(n + 3);

		if (!block)
			abort();
		memcpy(block, hv, n);
		memcpy(block + n, "\r\n", 3); /* a header block of one field */
		check_header(block, n + 2);
		free(block);
	}
	free(hv);
	memset(&m, 0, sizeof(m));
	m.from_addr = "mandate@example.org";
	m.from_name = from_name;
	m.to_addr = "reports@example.org";
	m.to_name = to_name;
	m.subject = subject;
	m.date = 1764324000;
	m.message_id = "fuzz.1@example.org";
	m.text = text;
	m.ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
	m.extra_name = "X-Mandate-Obligation";
	m.extra_value = extra;
	if (md_mail_compose(&m, &msg, &len, &err) != MD_OK)
		abort();
	if (memchr(msg, '\0', len))
		abort();
	check_header(msg, len);
	free(msg);
	free(subject);
	free(from_name);
	free(to_name);
	free(extra);
	free(text);
	return 0;
}
