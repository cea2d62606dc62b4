/*
 * ical.c - rendering feed events as an RFC 5545 calendar through libical.
 *
 * Nothing here writes iCalendar syntax by hand: components and properties
 * are built with libical and serialised by icalcomponent_as_ical_string_r,
 * which escapes TEXT values and folds lines.  What we do ourselves is make
 * the text safe to give it:
 * - CR LF and a lone CR become LF (libical writes LF as "\n"), so a
 *   paragraph holding "\r\nEND:VCALENDAR" stays inside its property;
 * - other C0 controls and DEL, which RFC 5545 forbids in TEXT, are dropped;
 * - bytes that are not UTF-8 become U+FFFD.
 * libical 3 folds at 75 octets and steps back to a UTF-8 lead byte, so a
 * character is never split; test_ical checks that on every line.
 *
 * Policy, as coded here:
 * - every event is all-day (VALUE=DATE), DTEND the day after the last day;
 * - TRANSP:TRANSPARENT: a deadline does not make anyone busy;
 * - alarms (DISPLAY) at the configured leads before the first day, none on
 *   cancelled or done events: nobody should be woken for those;
 * - DTSTAMP is the caller's `now`, never the clock.
 */
#include "mandate/ical.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRODID "-//OHCHR//mandate " MANDATE_VERSION "//EN"

static const int default_alarms[] = {14, 1};

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/*
 * A copy of s that libical may be given as TEXT: line ends as LF, no other
 * control characters, valid UTF-8.  NULL when out of memory.
 */
static char *clean_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1), *o = out; /* U+FFFD is 3 bytes */

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(p + i, n - i);

		if (p[i] == '\r') {
			*o++ = '\n';
			i += p[i + 1] == '\n' ? 2 : 1;
		} else if (len == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f) {
			i++;
		} else {
			memcpy(o, p + i, len);
			o += len;
			i += len;
		}
	}
	*o = '\0';
	return out;
}

/* The context of one rendering: the first error wins. */
struct render {
	enum md_err rc;
	struct md_error *err;
};

static void fail(struct render *r, enum md_err code, const char *what)
{
	if (r->rc != MD_OK)
		return;
	r->rc = code;
	md_error_set(r->err, code, "%s", what);
}

/* Adds p to c, or records why there is no p. */
static void add(struct render *r, icalcomponent *c, icalproperty *p, const char *what)
{
	if (!p) {
		fail(r, icalerrno == ICAL_NEWFAILED_ERROR ? MD_ENOMEM : MD_EFORMAT, what);
		return;
	}
	icalcomponent_add_property(c, p);
}

typedef icalproperty *(*text_ctor)(const char *);

/* Adds a TEXT property built by ctor from a cleaned copy of s (nothing when s is empty). */
static void add_text(struct render *r, icalcomponent *c, text_ctor ctor, const char *s,
                     const char *what)
{
	char *t;

	if (!s || !*s)
		return;
	if (!(t = clean_text(s))) {
		fail(r, MD_ENOMEM, "out of memory");
		return;
	}
	add(r, c, ctor(t), what);
	free(t);
}

/*
 * A URI is not escaped by RFC 5545 as TEXT is: a CR or LF in it would end
 * the property.  Bytes that may not stand in a URI (controls, space, DEL,
 * non-ASCII) are percent-encoded, so no value can break the line.
 */
static char *clean_uri(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

static void add_uri(struct render *r, icalcomponent *c, text_ctor ctor, const char *s,
		    const char *what)
{
	char *t;

	if (!s || !*s)
		return;
	if (!(t = clean_uri(s))) {
		fail(r, MD_ENOMEM, "out of memory");
		return;
	}
	add(r, c, ctor(t), what);
	free(t);
}

/* An X- property whose value is TEXT. */
static void add_x(struct render *r, icalcomponent *c, const char *name, const char *s)
{
	char *t;
	icalproperty *p;

	if (!s || !*s)
		return;
	if (!(t = clean_text(s))) {
		fail(r, MD_ENOMEM, "out of memory");
		return;
	}
	/* libical escapes backslashes and newlines of an X value (test_ical checks it). */
	p = icalproperty_new_x(t);
	free(t);
	if (p)
		icalproperty_set_x_name(p, name);
	add(r, c, p, name);
}

static struct icaltimetype ical_date(struct md_date d)
{
	struct icaltimetype t = icaltime_null_date();

	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	return t;
}

/*
 * "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD", midnight) as a UTC date-time.
 * False when s is neither.
 */
static bool parse_utc(const char *s, struct icaltimetype *out)
{
	struct md_date d;
	char day[11];
	int h = 0, mi = 0, sec = 0, n = 0;

	if (!s || strlen(s) < 10)
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (md_date_parse_iso(day, &d) != 0)
		return false;
	if (s[10] && (sscanf(s + 10, "T%2d:%2d:%2dZ%n", &h, &mi, &sec, &n) != 3 || s[10 + n] ||
	              h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0))
		return false;
	*out = icaltime_null_time();
	out->year = d.y;
	out->month = d.m;
	out->day = d.d;
	out->hour = h;
	out->minute = mi;
	out->second = sec > 59 ? 59 : sec;
	out->zone = icaltimezone_get_utc_timezone();
	return true;
}

/* A duration of minutes for REFRESH-INTERVAL. */
static struct icaldurationtype minutes(int m)
{
	struct icaldurationtype d = icaldurationtype_null_duration();

	d.hours = (unsigned)(m / 60);
	d.minutes = (unsigned)(m % 60);
	return d;
}

static void add_header(struct render *r, icalcomponent *cal, const struct md_ical_opts *o)
{
	const char *name = o->name && *o->name ? o->name : "mandate";
	int refresh = o->refresh_minutes > 0 ? o->refresh_minutes : 60;
	char ttl[32];
	icalproperty *p;

	add(r, cal, icalproperty_new_version("2.0"), "VERSION");
	add(r, cal, icalproperty_new_prodid(PRODID), "PRODID");
	add(r, cal, icalproperty_new_calscale("GREGORIAN"), "CALSCALE");
	add(r, cal, icalproperty_new_method(ICAL_METHOD_PUBLISH), "METHOD");
	add_text(r, cal, icalproperty_new_name, name, "NAME");
	add_x(r, cal, "X-WR-CALNAME", name);
	add_text(r, cal, icalproperty_new_description, o->description, "DESCRIPTION");
	add_x(r, cal, "X-WR-CALDESC", o->description);
	p = icalproperty_new_refreshinterval(minutes(refresh));
	if (p)
		icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_DURATION));
	add(r, cal, p, "REFRESH-INTERVAL");
	snprintf(ttl, sizeof(ttl), "%s", icaldurationtype_as_ical_string(minutes(refresh)));
	add_x(r, cal, "X-PUBLISHED-TTL", ttl);
}

static void add_alarm(struct render *r, icalcomponent *ev, const struct md_ical_event *e, int days)
{
	struct icaltriggertype trig;
	icalcomponent *a = icalcomponent_new_valarm();
	char what[64];

	if (!a) {
		fail(r, MD_ENOMEM, "out of memory");
		return;
	}
	memset(&trig, 0, sizeof(trig));
	trig.time = icaltime_null_time();
	trig.duration = icaldurationtype_null_duration();
	trig.duration.is_neg = 1;
	trig.duration.days = (unsigned)days;
	add(r, a, icalproperty_new_action(ICAL_ACTION_DISPLAY), "ACTION");
	add(r, a, icalproperty_new_trigger(trig), "TRIGGER");
	snprintf(what, sizeof(what), days == 1 ? "Tomorrow: " : "In %d days: ", days);
	{
		size_t n = strlen(what) + strlen(e->summary) + 1;
		char *d = malloc(n);

		if (!d) {
			fail(r, MD_ENOMEM, "out of memory");
		} else {
			snprintf(d, n, "%s%s", what, e->summary);
			add_text(r, a, icalproperty_new_description, d, "alarm DESCRIPTION");
			free(d);
		}
	}
	icalcomponent_add_component(ev, a);
}

static void add_alarms(struct render *r, icalcomponent *ev, const struct md_ical_event *e,
                       const struct md_ical_opts *o)
{
	const int *leads = o->n_alarms ? o->alarm_days : default_alarms;
	int n = o->n_alarms ? o->n_alarms : 2;

	if (o->no_alarms || e->done || e->status == MD_ICAL_CANCELLED)
		return;
	for (int i = 0; i < n && r->rc == MD_OK; i++)
		add_alarm(r, ev, e, leads[i]);
}

static const enum icalproperty_status statuses[] = {
    [MD_ICAL_CONFIRMED] = ICAL_STATUS_CONFIRMED,
    [MD_ICAL_TENTATIVE] = ICAL_STATUS_TENTATIVE,
    [MD_ICAL_CANCELLED] = ICAL_STATUS_CANCELLED,
};

static void add_event_props(struct render *r, icalcomponent *ev, const struct md_ical_event *e,
                            struct icaltimetype stamp)
{
	struct icaltimetype lm;

	add_text(r, ev, icalproperty_new_uid, e->uid, "UID");
	add(r, ev, icalproperty_new_dtstamp(stamp), "DTSTAMP");
	add(r, ev, icalproperty_new_dtstart(ical_date(e->start)), "DTSTART");
	add(r, ev, icalproperty_new_dtend(ical_date(md_date_add_days(e->end, 1))), "DTEND");
	add_text(r, ev, icalproperty_new_summary, e->summary, "SUMMARY");
	add_text(r, ev, icalproperty_new_description, e->description, "DESCRIPTION");
	add_uri(r, ev, icalproperty_new_url, e->url, "URL");
	for (int i = 0; i < MD_ICAL_MAX_CATEGORIES && e->categories[i]; i++)
		add_text(r, ev, icalproperty_new_categories, e->categories[i], "CATEGORIES");
	add(r, ev, icalproperty_new_status(statuses[e->status]), "STATUS");
	add(r, ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), "TRANSP");
	add(r, ev, icalproperty_new_sequence(e->sequence), "SEQUENCE");
	if (e->last_modified[0] && parse_utc(e->last_modified, &lm))
		add(r, ev, icalproperty_new_lastmodified(lm), "LAST-MODIFIED");
	if (e->done)
		add_x(r, ev, "X-MANDATE-STATUS", "DONE");
}

static enum md_err check_event(const struct md_ical_event *e, size_t i, struct md_error *err)
{
	if (!e->uid || !*e->uid || !e->summary || !*e->summary)
		return md_error_set(err, MD_EINVAL, "event %zu: no UID or no summary", i);
	if (!md_date_valid(e->start) || !md_date_valid(e->end) ||
	    md_date_cmp(e->end, e->start) < 0 || e->end.y >= 9999)
		return md_error_set(err, MD_EINVAL, "event %s: bad dates", e->uid);
	if ((unsigned)e->status > MD_ICAL_CANCELLED || e->sequence < 0)
		return md_error_set(err, MD_EINVAL, "event %s: bad status or sequence", e->uid);
	return MD_OK;
}

static enum md_err check_opts(const struct md_ical_opts *o, struct icaltimetype *stamp,
                              struct md_error *err)
{
	if (!o || !parse_utc(o->now, stamp))
		return md_error_set(err, MD_EINVAL, "DTSTAMP '%s': want YYYY-MM-DDTHH:MM:SSZ",
		                    o && o->now ? o->now : "");
	if (o->n_alarms < 0 || o->n_alarms > MD_ICAL_MAX_ALARMS)
		return md_error_set(err, MD_EINVAL, "at most %d alarms", MD_ICAL_MAX_ALARMS);
	for (int i = 0; i < o->n_alarms; i++)
		if (o->alarm_days[i] < 0 || o->alarm_days[i] > 366)
			return md_error_set(err, MD_EINVAL, "alarm lead %d days: want 0 to 366",
			                    o->alarm_days[i]);
	return MD_OK;
}

/*
 * Undoes libical 3.0's fold of a line end.  fold_property_line folds the
 * property text with its CR LF already appended, so when the last piece of
 * a value is 73 octets with no space, colon or semicolon to break at, the
 * fold lands between CR and LF ("...\r" "\r\n " "\n": a bare CR, then a
 * line holding a lone LF), and at 74 octets it leaves a continuation line
 * holding only the space ("\r\n \r\n").  No value of ours holds a raw CR
 * (clean_text), so both shapes are libical's, and joining them back is
 * the line libical meant to write.  In place.
 */
static void unfold_line_ends(char *s)
{
	char *o = s;

	for (const char *p = s; *p;) {
		if (!strncmp(p, "\r\r\n \n", 5)) {
			p += 5;
		} else if (!strncmp(p, "\r\n \r\n", 5)) {
			p += 5;
		} else {
			*o++ = *p++;
			continue;
		}
		memcpy(o, "\r\n", 2);
		o += 2;
	}
	*o = '\0';
}

/* The text of cal as a malloc'd string. */
static enum md_err serialise(icalcomponent *cal, char **out, struct md_error *err)
{
	char *s = icalcomponent_as_ical_string_r(cal);

	*out = s ? strdup(s) : NULL;
	icalmemory_free_buffer(s);
	if (!*out)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	unfold_line_ends(*out);
	return MD_OK;
}

enum md_err md_ical_render(const struct md_ical_event *ev, size_t n,
                           const struct md_ical_opts *opts, char **out, struct md_error *err)
{
	struct render r = {MD_OK, err};
	struct icaltimetype stamp;
	icalcomponent *cal;

	*out = NULL;
	if ((r.rc = check_opts(opts, &stamp, err)) != MD_OK)
		return r.rc;
	for (size_t i = 0; i < n; i++)
		if ((r.rc = check_event(&ev[i], i, err)) != MD_OK)
			return r.rc;
	if (!(cal = icalcomponent_new_vcalendar()))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	add_header(&r, cal, opts);
	for (size_t i = 0; r.rc == MD_OK && i < n; i++) {
		icalcomponent *e = icalcomponent_new_vevent();

		if (!e) {
			fail(&r, MD_ENOMEM, "out of memory");
			break;
		}
		add_event_props(&r, e, &ev[i], stamp);
		add_alarms(&r, e, &ev[i], opts);
		icalcomponent_add_component(cal, e);
	}
	if (r.rc == MD_OK)
		r.rc = serialise(cal, out, err);
	icalcomponent_free(cal);
	return r.rc;
}

bool md_ical_uid(const char *symbol, int paragraph, const char *kind, int ordinal, bool added,
                 int index, const char *part, char *buf, size_t size)
{
	size_t len = strlen(symbol);
	int n;

	if (len + 1 > size)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = symbol[i];
		bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		            (c >= '0' && c <= '9') || c == '-';

		buf[i] = keep ? c : '-';
	}
	n = snprintf(buf + len, size - len, ".op%d.%s.%d%s.%d%s%s@mandate", paragraph, kind,
	             ordinal, added ? ".added" : "", index, part ? "." : "", part ? part : "");
	return n >= 0 && (size_t)n < size - len;
}

void md_ical_events_free(struct md_ical_event *ev, size_t n)
{
	for (size_t i = 0; ev && i < n; i++) {
		free(ev[i].uid);
		free(ev[i].summary);
		free(ev[i].description);
		free(ev[i].url);
		for (int k = 0; k < MD_ICAL_MAX_CATEGORIES; k++)
			free(ev[i].categories[k]);
	}
	free(ev);
}
