/*
 * fuzz_ical.c - libFuzzer harness for iCalendar rendering of hostile text.
 *
 * The input is cut into fields at 0xFF bytes (a byte no UTF-8 text holds):
 * the feed's name and description, then per event its uid, summary,
 * description, url and categories; a few leading bytes choose dates,
 * statuses and alarms.  Rendered text must still be one calendar: CRLF
 * line ends only, no line over 75 octets, every other line a property,
 * as many VEVENTs as events, nothing after END:VCALENDAR.  That is what
 * keeps a document's words from adding a property or an event of their own.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/feed.h"
#include "mandate/ical.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 4

struct cursor {
	const uint8_t *p;
	size_t left;
};

/* Stops with the text that broke the rule, for the report. */
static void fail(const char *why, const char *text, size_t len)
{
	fprintf(stderr, "%s\n--- output ---\n%.*s\n--- end ---\n", why, (int)len, text);
	abort();
}

static unsigned take_byte(struct cursor *c)
{
	if (!c->left)
		return 0;
	c->left--;
	return *c->p++;
}

/* The next field up to 0xFF, as a new string; NULL at the end of the input. */
static char *take_field(struct cursor *c)
{
	const uint8_t *end = memchr(c->p, 0xff, c->left);
	size_t n = end ? (size_t)(end - c->p) : c->left;
	char *s;

	if (!c->left)
		return NULL;
	if (!(s = malloc(n + 1)))
		abort();
	memcpy(s, c->p, n);
	s[n] = '\0';
	c->p += n + (end != NULL);
	c->left -= n + (end != NULL);
	return s;
}

static void take_date(struct cursor *c, struct md_date *d)
{
	d->y = 1990 + (int)(take_byte(c) % 80);
	d->m = 1 + (int)(take_byte(c) % 13); /* 13: a bad date, refused */
	d->d = 1 + (int)(take_byte(c) % 31);
}

static void check_text(const char *s, size_t n_events)
{
	size_t begins = 0, ends = 0, cals = 0, len_s = strlen(s);
	const char *line = s;
	static const char tail[] = "\r\nEND:VCALENDAR\r\n";

	if (strncmp(s, "BEGIN:VCALENDAR\r\n", 17) != 0 || len_s < sizeof(tail) - 1 ||
	    strcmp(s + len_s - (sizeof(tail) - 1), tail) != 0)
		fail("not one VCALENDAR", s, len_s);
	while (*line) {
		const char *crlf = strstr(line, "\r\n");
		size_t len;

		if (!crlf)
			fail("a line without CRLF", s, len_s);
		len = (size_t)(crlf - line);
		if (len > 75 || memchr(line, '\n', len) || memchr(line, '\r', len))
			fail("a line over 75 octets or with a bare CR or LF", s, len_s);
		if (len == 0)
			fail("an empty line", s, len_s);
		if (line[0] != ' ' && !memchr(line, ':', len))
			fail("a line neither a continuation nor a property", s, len_s);
		begins += len == 12 && !strncmp(line, "BEGIN:VEVENT", 12);
		ends += len == 10 && !strncmp(line, "END:VEVENT", 10);
		cals += (len == 15 && !strncmp(line, "BEGIN:VCALENDAR", 15)) ||
		        (len == 13 && !strncmp(line, "END:VCALENDAR", 13));
		line = crlf + 2;
	}
	if (begins != n_events || ends != n_events)
		fail("not one VEVENT per event", s, len_s);
	if (cals != 2)
		fail("a VCALENDAR begun or ended inside the calendar", s, len_s);
}

/*
 * An event's URL is the document's address made by md_feed_url from the
 * symbol, as in every caller; a raw URL holding a line break is another
 * matter (tests/robust/ical-url-newline.fuzz).
 */
static char *url_of(char *symbol)
{
	char *url;

	if (!symbol)
		return NULL;
	if (!(url = malloc(1024)))
		abort();
	md_feed_url(symbol, url, 1024);
	free(symbol);
	return url;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c = {data, size};
	struct md_ical_event ev[MAX_EVENTS];
	struct md_ical_opts o;
	struct md_error err;
	char *name, *desc, *out = NULL;
	size_t n = take_byte(&c) % (MAX_EVENTS + 1);
	unsigned flags = take_byte(&c);

	memset(ev, 0, sizeof(ev));
	memset(&o, 0, sizeof(o));
	o.now = (flags & 1) ? "2026-11-28T10:00:00Z" : "2026-11-28";
	o.no_alarms = flags & 2;
	o.refresh_minutes = (int)take_byte(&c) * 7;
	o.n_alarms = (int)(take_byte(&c) % (MD_ICAL_MAX_ALARMS + 1));
	for (int i = 0; i < o.n_alarms; i++)
		o.alarm_days[i] = (int)take_byte(&c) - 8;
	for (size_t i = 0; i < n; i++) {
		take_date(&c, &ev[i].start);
		ev[i].end = ev[i].start;
		ev[i].end.d += (int)(take_byte(&c) % 4);
		ev[i].status = (enum md_ical_status)(take_byte(&c) % 3);
		ev[i].done = take_byte(&c) & 1;
		ev[i].sequence = (int)take_byte(&c);
	}
	name = take_field(&c);
	desc = take_field(&c);
	o.name = name;
	o.description = desc;
	for (size_t i = 0; i < n; i++) {
		ev[i].uid = take_field(&c);
		ev[i].summary = take_field(&c);
		ev[i].description = take_field(&c);
		ev[i].url = url_of(take_field(&c));
		for (int k = 0; k < 2; k++)
			ev[i].categories[k] = take_field(&c);
		if (!ev[i].categories[0])
			ev[i].categories[1] = NULL;
	}
	md_error_clear(&err);
	if (md_ical_render(ev, n, &o, &out, &err) == MD_OK) {
		if (!out)
			abort();
		check_text(out, n);
		free(out);
	} else if (err.code == MD_OK || !err.msg[0]) {
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		free(ev[i].uid);
		free(ev[i].summary);
		free(ev[i].description);
		free(ev[i].url);
		free(ev[i].categories[0]);
		free(ev[i].categories[1]);
	}
	free(name);
	free(desc);
	return 0;
}
