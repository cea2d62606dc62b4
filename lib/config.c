/*
 * config.c - the directive table of mandated.conf and its parser.
 *
 * Every directive is one row of `table`: name, type, where it lives in
 * struct md_config, bounds, default, help.  The parser, the checks, the
 * printing of `mandated -n` and the man page section (mandated -M) all read
 * that row, so a directive cannot exist in one and be missing from another.
 * Defaults are parsed from their text by the same code as the file, so a
 * default is always a value the file could hold.
 *
 * Policy: the first error stops the load and is reported as
 * "file:line: directive: problem"; paths must be absolute (the service
 * runs from /); URLs are http or https only; a directive given twice is an
 * error unless it is repeatable (watch, lead, alarm, reminder_to).
 */
#include "mandate/config.h"
#include "mandate/notify.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum type {
	T_PATH,      /* an absolute path */
	T_STRING,    /* any text */
	T_ADDR,      /* an IPv4 or IPv6 literal */
	T_INT,       /* an integer in [min, max] */
	T_SIZE,      /* bytes, with k or m: "8m" */
	T_DURATION,  /* seconds, with s, m, h, d, w: "1h" */
	T_DURATIONS, /* durations, appended (repeatable) */
	T_BOOL,      /* yes or no */
	T_ENUM,      /* one of choices */
	T_URLS,      /* http(s) URL, appended */
	T_EMAILS,    /* an address with an @, appended */
	T_LEADS,     /* BODY WEEKS, appended */
	T_LOGLEVEL,  /* info or debug: sets verbose */
	T_REMINDER,  /* ADDRESS key=value...: checked by notify, appended joined by tabs */
};

struct directive {
	struct md_directive pub;
	enum type type;
	size_t off;          /* offset of the field in struct md_config */
	size_t count_off;    /* lists: offset of the count */
	long min, max;       /* bounds of numbers */
	const char *choices; /* T_ENUM: "open|done|all" */
};

#define F(field) offsetof(struct md_config, field)
#define D(name, args, def, rep, help)                                                              \
	{                                                                                          \
		name, args, def, rep, help                                                         \
	}

static const struct directive table[] = {
    {D("database", "PATH", "/var/lib/mandate/mandate.db", false,
       "The SQLite database of obligations, shared with mandatectl."),
     T_PATH, F(database), 0, 0, 0, NULL},
    {D("listen", "ADDRESS", "127.0.0.1", false,
       "The IPv4 or IPv6 address the HTTP server listens on."),
     T_ADDR, F(listen), 0, 0, 0, NULL},
    {D("port", "PORT", "8080", false, "The TCP port of the HTTP server; 0 picks a free one."),
     T_INT, F(port), 0, 0, 65535, NULL},
    {D("spool", "DIR", "/var/spool/mandate", false,
       "The folder watched for resolutions.  A file closed after writing or renamed into it "
       "is ingested, then moved to DIR/processed, or to DIR/failed with a .reason file "
       "beside it."),
     T_PATH, F(spool), 0, 0, 0, NULL},
    {D("watch", "URL", "", true,
       "A URL (http or https) polled for a resolution; repeat for more.  A new or changed "
       "document is written into the spool and ingested from there."),
     T_URLS, F(watch), F(n_watch), 0, 0, NULL},
    {D("poll_interval", "DURATION", "1h", false, "How often watched URLs are fetched."), T_DURATION,
     F(poll_interval), 0, 1, 7 * 86400, NULL},
    {D("fetch_timeout", "DURATION", "30s", false, "The longest a fetch of a URL may take."),
     T_DURATION, F(fetch_timeout), 0, 1, 3600, NULL},
    {D("fetch_max_bytes", "SIZE", "8m", false,
       "The most bytes read from a URL; a longer document is refused."),
     T_SIZE, F(fetch_max_bytes), 0, 1024, 64L << 20, NULL},
    {D("fetch_max_redirects", "N", "5", false, "Redirects followed when fetching a URL."), T_INT,
     F(fetch_max_redirects), 0, 0, 20, NULL},
    {D("feed_name", "TEXT", "UN mandates", false, "The calendar name of the feeds."), T_STRING,
     F(feed_name), 0, 0, 0, NULL},
    {D("feed_status", "STATUS", "all", false,
       "Which obligations a feed holds when its URL does not say: open, done or all (dismissed "
       "ones stay a while as cancelled events whatever the status)."),
     T_ENUM, F(feed_status), 0, 0, 0, "open|done|all"},
    {D("feed_refresh", "DURATION", "1h", false,
       "How often clients should fetch a feed again (Cache-Control max-age and the "
       "calendar's refresh interval)."),
     T_DURATION, F(feed_refresh), 0, 60, 7 * 86400, NULL},
    {D("feed_past", "DURATION", "52w", false,
       "How far back from today a feed reaches when its URL does not say."),
     T_DURATION, F(feed_past), 0, 0, 3650L * 86400, NULL},
    {D("alarm", "DURATION...", "", true,
       "Alarms in feeds, this many days or weeks before an event; several on one line or "
       "repeated (\"alarm 2w 2d\"), at most 4.  None: the feeds' own (14 and 1 days)."),
     T_DURATIONS, F(alarms), F(n_alarms), 0, 366L * 86400, NULL},
    {D("submission_weeks", "N", "10", false,
       "Weeks before a session that its reports are due, unless a lead says otherwise."),
     T_INT, F(submission_weeks), 0, 1, 52, NULL},
    {D("lead", "BODY WEEKS", "", true,
       "The submission lead of one organ's reports (\"lead HRC 8\"); repeat for more."),
     T_LEADS, F(leads), F(n_leads), 1, 52, NULL},
    {D("require_token", "yes|no", "no", false,
       "When yes, every feed needs a token (/feeds/t/TOKEN.ics, from mandatectl token add) "
       "and the public feeds and API answer 404."),
     T_BOOL, F(require_token), 0, 0, 0, NULL},
    {D("reminder_to", "ADDRESS", "", true,
       "An e-mail address that receives reminders; repeat for more."),
     T_EMAILS, F(reminder_to), F(n_reminder_to), 0, 0, NULL},
    {D("reminder", "ADDRESS [KEY=VALUE...]", "", true,
       "A recipient of reminder e-mails (mandatectl notify) with what it wants: name=TEXT, "
       "body=B, actor=TEXT, kind=K, symbol=S (a prefix when it ends in *), each may repeat; "
       "leads=30,14,7,1 (days before each due date, the default); digest=yes (one message "
       "per run).  Quote a value with blanks: \"name=Reports Unit\".  Repeat for more."),
     T_REMINDER, F(reminders), F(n_reminders), 0, 0, NULL},
    {D("smtp", "URL", "", false,
       "The SMTP server of reminders: smtp://HOST[:PORT] (STARTTLS, required unless the "
       "server is on loopback) or smtps://HOST[:PORT]."),
     T_STRING, F(smtp), 0, 0, 0, NULL},
    {D("smtp_from", "ADDRESS", "", false, "The sender address of reminders."), T_STRING,
     F(smtp_from), 0, 0, 0, NULL},
    {D("smtp_from_name", "TEXT", "", false, "The sender's display name."), T_STRING,
     F(smtp_from_name), 0, 0, 0, NULL},
    {D("smtp_credentials", "PATH", "", false,
       "A file of \"user NAME\" and \"password SECRET\" lines for SMTP AUTH; refused "
       "when group or others may read it."),
     T_PATH, F(smtp_credentials), 0, 0, 0, NULL},
    {D("smtp_helo", "NAME", "", false, "The name given in EHLO (default: localhost)."), T_STRING,
     F(smtp_helo), 0, 0, 0, NULL},
    {D("reminder_link", "URL", "https://undocs.org/%s", false,
       "A document's link in reminders, %s the symbol."),
     T_STRING, F(reminder_link), 0, 0, 0, NULL},
    {D("max_connections", "N", "256", false, "Connections served at once."), T_INT,
     F(max_connections), 0, 1, 65536, NULL},
    {D("max_per_ip", "N", "16", false, "Connections at once from one client address."), T_INT,
     F(max_per_ip), 0, 1, 65536, NULL},
    {D("http_timeout", "DURATION", "15s", false,
       "A connection silent this long is closed, and one still sending its request this "
       "long after it began is cut off, however slowly it trickles."),
     T_DURATION, F(http_timeout), 0, 1, 3600, NULL},
    {D("http_memory", "SIZE", "64k", false,
       "Memory for one connection's request; a larger request line or header is refused."),
     T_SIZE, F(http_memory), 0, 8192, 1L << 20, NULL},
    {D("max_url", "SIZE", "2k", false, "The longest request target; longer ones get 414."), T_SIZE,
     F(max_url), 0, 64, 16384, NULL},
    {D("max_headers", "SIZE", "8k", false,
       "The most bytes of request header fields; more get 431."),
     T_SIZE, F(max_headers), 0, 256, 65536, NULL},
    {D("log_level", "LEVEL", "info", false, "info, or debug for more detail."), T_LOGLEVEL,
     F(verbose), 0, 0, 0, NULL},
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

const struct md_directive *md_config_directives(size_t *n)
{
	static struct md_directive pub[N_TABLE];

	for (size_t i = 0; i < N_TABLE; i++)
		pub[i] = table[i].pub;
	*n = N_TABLE;
	return pub;
}

/* ---- values ---- */

/* A number with an optional one-letter unit; mult gives the unit's factor. */
static int number_unit(const char *s, long (*mult)(char), long *out)
{
	char *end;
	long n, m;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || (end[0] && (end[1] || !mult)))
		return -1;
	m = end[0] ? mult((char)tolower((unsigned char)end[0])) : 1;
	if (m <= 0 || n > LONG_MAX / m)
		return -1;
	*out = n * m;
	return 0;
}

static long duration_unit(char c)
{
	switch (c) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 7 * 86400;
	}
	return -1;
}

static long size_unit(char c)
{
	return c == 'k' ? 1024 : c == 'm' ? 1024 * 1024 : -1;
}

int md_config_duration(const char *s, long *seconds)
{
	return number_unit(s, duration_unit, seconds);
}

/* Appends a copy of v to the string list at c+off (count at c+count_off). */
static enum md_err push_string(struct md_config *c, const struct directive *d, const char *v)
{
	char ***list = (char ***)((char *)c + d->off);
	size_t *n = (size_t *)((char *)c + d->count_off);
	char **grown = realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown)
		return MD_ENOMEM;
	*list = grown;
	if (!(grown[*n] = strdup(v)))
		return MD_ENOMEM;
	(*n)++;
	return MD_OK;
}

static enum md_err set_string(struct md_config *c, const struct directive *d, const char *v)
{
	char **p = (char **)((char *)c + d->off);
	char *copy = strdup(v);

	if (!copy)
		return MD_ENOMEM;
	free(*p);
	*p = copy;
	return MD_OK;
}

static bool valid_url(const char *v)
{
	const char *host = !strncasecmp(v, "http://", 7)    ? v + 7
	                   : !strncasecmp(v, "https://", 8) ? v + 8
	                                                    : NULL;

	if (!host || !*host || *host == '/')
		return false;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static bool valid_email(const char *v)
{
	const char *at = strchr(v, '@');

	if (!at || at == v || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>,;\"", *p))
			return false;
	return true;
}

/* The message buffer of a failed value: "want ..., not 'v'". */
struct problem {
	char msg[256];
};

/* "'v' why" into p. */
static enum md_err bad(struct problem *p, const char *v, const char *why)
{
	snprintf(p->msg, sizeof(p->msg), "'%.160s' %s", v, why);
	return MD_ECONFIG;
}

static enum md_err say(struct problem *p, const char *why)
{
	snprintf(p->msg, sizeof(p->msg), "%.200s", why);
	return MD_ECONFIG;
}

static enum md_err set_number(struct md_config *c, const struct directive *d, const char *v,
                              struct problem *p)
{
	long n;
	int rc = d->type == T_DURATION ? md_config_duration(v, &n)
	         : d->type == T_SIZE   ? number_unit(v, size_unit, &n)
	                               : number_unit(v, NULL, &n);

	if (rc != 0)
		return bad(p, v,
		           d->type == T_DURATION
		               ? "is not a duration (a number with s, m, h, d or w)"
		           : d->type == T_SIZE ? "is not a size (a number of bytes, with k or m)"
		                               : "is not a whole number");
	if (n < d->min || n > d->max) {
		snprintf(p->msg, sizeof(p->msg), "'%s' is out of range (%ld to %ld%s)", v, d->min,
		         d->max,
		         d->type == T_DURATION ? " seconds"
		         : d->type == T_SIZE   ? " bytes"
		                               : "");
		return MD_ECONFIG;
	}
	if (d->type == T_INT)
		*(int *)((char *)c + d->off) = (int)n;
	else
		*(long *)((char *)c + d->off) = n;
	return MD_OK;
}

static enum md_err push_duration(struct md_config *c, const struct directive *d, const char *v,
                                 struct problem *p)
{
	long **list = (long **)((char *)c + d->off);
	size_t *n = (size_t *)((char *)c + d->count_off);
	long s, *grown;

	if (md_config_duration(v, &s) != 0)
		return bad(p, v, "is not a duration (a number with s, m, h, d or w)");
	if (s > d->max)
		return bad(p, v, "is too long (at most 366d)");
	if (s % 86400)
		return bad(p, v, "is not a whole number of days (alarms are all-day)");
	if (*n >= 4)
		return say(p, "at most 4 alarms");
	if (!(grown = realloc(*list, (*n + 1) * sizeof(**list))))
		return MD_ENOMEM;
	*list = grown;
	grown[(*n)++] = s;
	return MD_OK;
}

static enum md_err push_lead(struct md_config *c, const struct directive *d, char **v,
                             struct problem *p)
{
	long weeks;
	struct md_config_lead *grown;
	size_t len = strlen(v[0]);

	if (len == 0 || len >= sizeof(grown->body))
		return bad(p, v[0], "is not an organ (GA, HRC, ...)");
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)v[0][i]))
			return bad(p, v[0], "is not an organ (GA, HRC, ...)");
	if (number_unit(v[1], NULL, &weeks) != 0 || weeks < d->min || weeks > d->max)
		return bad(p, v[1], "is not a number of weeks from 1 to 52");
	grown = realloc(c->leads, (c->n_leads + 1) * sizeof(*grown));
	if (!grown)
		return MD_ENOMEM;
	c->leads = grown;
	snprintf(grown[c->n_leads].body, sizeof(grown->body), "%s", v[0]);
	grown[c->n_leads++].weeks = (int)weeks;
	return MD_OK;
}

static enum md_err set_choice(struct md_config *c, const struct directive *d, const char *v,
                              struct problem *p)
{
	const char *s = d->choices;
	size_t len = strlen(v);

	while (s && *s) {
		const char *bar = strchr(s, '|');
		size_t n = bar ? (size_t)(bar - s) : strlen(s);

		if (n == len && !strncmp(s, v, n))
			return set_string(c, d, v);
		s = bar ? bar + 1 : NULL;
	}
	snprintf(p->msg, sizeof(p->msg), "'%s' is not one of %s", v, d->choices);
	return MD_ECONFIG;
}

/* A reminder line: checked by notify (notify.h), kept as its values joined by tabs. */
static enum md_err push_reminder(struct md_config *c, const struct directive *d, char **v,
                                 size_t nv, struct problem *p)
{
	struct md_error err;
	char line[4096 + 2] = "";
	size_t len = 0;

	if (md_notify_reminder_parse(v, nv, NULL, &err) != MD_OK)
		return err.code == MD_ENOMEM ? MD_ENOMEM : say(p, err.msg);
	for (size_t i = 0; i < nv && len < sizeof(line); i++)
		len +=
		    (size_t)snprintf(line + len, sizeof(line) - len, "%s%s", i ? "\t" : "", v[i]);
	return push_string(c, d, line);
}

/* Sets directive d from its nv values v (already counted against the table). */
static enum md_err apply(struct md_config *c, const struct directive *d, char **v, size_t nv,
                         struct problem *p)
{
	unsigned char buf[sizeof(struct in6_addr)];
	enum md_err rc = MD_OK;

	switch (d->type) {
	case T_PATH:
		return v[0][0] == '/' ? set_string(c, d, v[0])
		                      : bad(p, v[0], "is not an absolute path");
	case T_STRING:
		return set_string(c, d, v[0]);
	case T_ADDR:
		if (inet_pton(AF_INET, v[0], buf) != 1 && inet_pton(AF_INET6, v[0], buf) != 1)
			return bad(p, v[0], "is not an IPv4 or IPv6 address");
		return set_string(c, d, v[0]);
	case T_INT:
	case T_SIZE:
	case T_DURATION:
		return set_number(c, d, v[0], p);
	case T_DURATIONS:
		for (size_t i = 0; rc == MD_OK && i < nv; i++)
			rc = push_duration(c, d, v[i], p);
		return rc;
	case T_BOOL:
	case T_LOGLEVEL: {
		const char *on = d->type == T_BOOL ? "yes" : "debug";
		const char *off = d->type == T_BOOL ? "no" : "info";

		if (strcmp(v[0], on) && strcmp(v[0], off)) {
			snprintf(p->msg, sizeof(p->msg), "'%s' is neither %s nor %s", v[0], on,
			         off);
			return MD_ECONFIG;
		}
		*(bool *)((char *)c + d->off) = !strcmp(v[0], on);
		return MD_OK;
	}
	case T_ENUM:
		return set_choice(c, d, v[0], p);
	case T_URLS:
		return valid_url(v[0]) ? push_string(c, d, v[0])
		                       : bad(p, v[0], "is not an http or https URL");
	case T_EMAILS:
		return valid_email(v[0]) ? push_string(c, d, v[0])
		                         : bad(p, v[0], "is not an e-mail address");
	case T_LEADS:
		return push_lead(c, d, v, p);
	case T_REMINDER:
		return push_reminder(c, d, v, nv, p);
	}
	return MD_EINVAL;
}

/* How many values a directive takes: [lo, hi]. */
static void arity(const struct directive *d, size_t *lo, size_t *hi)
{
	*lo = *hi = d->type == T_LEADS ? 2 : 1;
	if (d->type == T_DURATIONS || d->type == T_REMINDER)
		*hi = 16;
}

/* ---- the file ---- */

#define MAX_WORDS 17
#define MAX_LINE  4096

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Splits line into words in place: blanks separate; "..." keeps blanks
 * (with \" and \\ inside); a # at the start of a word ends the line.
 * Returns the number of words, or -1 with p set (an open quote, too many
 * words, a quote followed by more text).
 */
static int split(char *line, char **w, struct problem *p)
{
	int n = 0;
	char *r = line;

	for (;;) {
		char *o;
		bool more;

		while (blank(*r))
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == MAX_WORDS)
			return say(p, "too many values"), -1;
		w[n++] = o = r;
		if (*r == '"') {
			for (r++; *r && *r != '"'; r++) {
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
				*o++ = *r;
			}
			if (!*r)
				return say(p, "a quote is not closed"), -1;
			r++;
			if (*r && !blank(*r))
				return say(p, "text right after a closing quote"), -1;
		} else {
			while (*r && !blank(*r))
				*o++ = *r++;
		}
		more = *r != '\0';
		*o = '\0';
		if (more)
			r++;
	}
}

static const struct directive *lookup(const char *name)
{
	for (size_t i = 0; i < N_TABLE; i++)
		if (!strcmp(table[i].pub.name, name))
			return &table[i];
	return NULL;
}

/* One line: a directive and its values. */
static enum md_err parse_line(struct md_config *c, char *line, bool *seen, struct problem *p)
{
	char *w[MAX_WORDS];
	const struct directive *d;
	size_t lo, hi, nv;
	int n = split(line, w, p);

	if (n <= 0)
		return n < 0 ? MD_ECONFIG : MD_OK;
	if (!(d = lookup(w[0]))) {
		snprintf(p->msg, sizeof(p->msg), "unknown directive '%.160s'", w[0]);
		return MD_ECONFIG;
	}
	arity(d, &lo, &hi);
	nv = (size_t)n - 1;
	if (nv < lo || nv > hi) {
		snprintf(p->msg, sizeof(p->msg), "%s: %s values (want: %s %s)", d->pub.name,
		         nv < lo ? "missing" : "too many", d->pub.name, d->pub.args);
		return MD_ECONFIG;
	}
	if (seen[d - table] && !d->pub.repeatable) {
		snprintf(p->msg, sizeof(p->msg), "%s: given twice", d->pub.name);
		return MD_ECONFIG;
	}
	seen[d - table] = true;
	if (apply(c, d, w + 1, nv, p) != MD_OK) {
		char msg[sizeof(p->msg)];

		if (!p->msg[0])
			return MD_ENOMEM;
		snprintf(msg, sizeof(msg), "%s: %.200s", d->pub.name, p->msg);
		memcpy(p->msg, msg, sizeof(msg));
		return MD_ECONFIG;
	}
	return MD_OK;
}

static enum md_err defaults(struct md_config *c)
{
	struct problem p = {{0}};

	for (size_t i = 0; i < N_TABLE; i++) {
		char line[512];
		bool seen[N_TABLE] = {false};

		if (!table[i].pub.def[0])
			continue;
		snprintf(line, sizeof(line), "%s \"%s\"", table[i].pub.name, table[i].pub.def);
		if (parse_line(c, line, seen, &p) != MD_OK)
			return MD_ENOMEM; /* a default that does not parse is caught by test_config
			                   */
	}
	return MD_OK;
}

static enum md_err read_file(struct md_config *c, const char *path, FILE *f, struct md_error *err)
{
	char line[MAX_LINE + 2];
	bool seen[N_TABLE] = {false};
	struct problem p;
	unsigned lineno = 0;

	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		lineno++;
		memset(&p, 0, sizeof(p));
		if (len == sizeof(line) - 1 && line[len - 1] != '\n')
			return md_error_set(err, MD_ECONFIG,
			                    "%s:%u: the line is longer than %d bytes", path, lineno,
			                    MAX_LINE);
		if (memchr(line, '\0', len) != NULL && strlen(line) != len)
			return md_error_set(err, MD_ECONFIG, "%s:%u: a NUL byte", path, lineno);
		switch (parse_line(c, line, seen, &p)) {
		case MD_OK:
			break;
		case MD_ENOMEM:
			return md_error_set(err, MD_ENOMEM, "%s:%u: out of memory", path, lineno);
		default:
			return md_error_set(err, MD_ECONFIG, "%s:%u: %s", path, lineno, p.msg);
		}
	}
	if (ferror(f))
		return md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
	return MD_OK;
}

enum md_err md_config_load(const char *path, struct md_config **out, struct md_error *err)
{
	struct md_config *c = calloc(1, sizeof(*c));
	enum md_err rc;
	FILE *f = NULL;

	*out = NULL;
	if (!c || defaults(c) != MD_OK) {
		md_config_free(c);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	if (path) {
		if (!(f = fopen(path, "r"))) {
			rc = md_error_set(err, errno == ENOENT ? MD_ENOENT : MD_EIO, "%s: %s", path,
			                  strerror(errno));
			md_config_free(c);
			return rc;
		}
		rc = read_file(c, path, f, err);
		fclose(f);
		if (rc == MD_OK && !(c->file = strdup(path)))
			rc = md_error_set(err, MD_ENOMEM, "out of memory");
		if (rc != MD_OK) {
			md_config_free(c);
			return rc;
		}
	}
	*out = c;
	return MD_OK;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void md_config_free(struct md_config *c)
{
	if (!c)
		return;
	free(c->file);
	free(c->database);
	free(c->spool);
	free(c->listen);
	free_list(c->watch, c->n_watch);
	free(c->feed_name);
	free(c->feed_status);
	free(c->alarms);
	free(c->leads);
	free_list(c->reminder_to, c->n_reminder_to);
	free(c->smtp);
	free(c->smtp_from);
	free(c->smtp_from_name);
	free(c->smtp_credentials);
	free(c->smtp_helo);
	free(c->reminder_link);
	free_list(c->reminders, c->n_reminders);
	free(c);
}

/* ---- printing ---- */

static void duration_text(long s, char *buf, size_t size)
{
	static const struct {
		long n;
		char unit;
	} units[] = {{7 * 86400, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (s && s % units[i].n == 0) {
			snprintf(buf, size, "%ld%c", s / units[i].n, units[i].unit);
			return;
		}
	snprintf(buf, size, "%lds", s);
}

static void size_text(long n, char *buf, size_t size)
{
	if (n && n % (1024 * 1024) == 0)
		snprintf(buf, size, "%ldm", n / (1024 * 1024));
	else if (n && n % 1024 == 0)
		snprintf(buf, size, "%ldk", n / 1024);
	else
		snprintf(buf, size, "%ld", n);
}

/* Appends s to buf (", " between items). */
static void join(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	if (len + 1 < size)
		snprintf(buf + len, size - len, "%s%s", len ? ", " : "", s);
}

void md_config_value(const struct md_config *c, size_t i, char *buf, size_t size)
{
	const struct directive *d = &table[i];
	const char *base = (const char *)c;
	char one[64];

	buf[0] = '\0';
	switch (d->type) {
	case T_PATH:
	case T_STRING:
	case T_ADDR:
	case T_ENUM: {
		const char *s = *(char *const *)(base + d->off);

		snprintf(buf, size, "%s", s ? s : "");
		return;
	}
	case T_INT:
		snprintf(buf, size, "%d", *(const int *)(base + d->off));
		return;
	case T_SIZE:
		size_text(*(const long *)(base + d->off), buf, size);
		return;
	case T_DURATION:
		duration_text(*(const long *)(base + d->off), buf, size);
		return;
	case T_BOOL:
		snprintf(buf, size, "%s", *(const bool *)(base + d->off) ? "yes" : "no");
		return;
	case T_LOGLEVEL:
		snprintf(buf, size, "%s", *(const bool *)(base + d->off) ? "debug" : "info");
		return;
	case T_DURATIONS:
		for (size_t k = 0; k < c->n_alarms; k++) {
			duration_text(c->alarms[k], one, sizeof(one));
			join(buf, size, one);
		}
		return;
	case T_URLS:
	case T_EMAILS:
	case T_REMINDER: {
		char *const *v = *(char **const *)(base + d->off);
		size_t n = *(const size_t *)(base + d->count_off);

		for (size_t k = 0; k < n; k++)
			join(buf, size, v[k]);
		return;
	}
	case T_LEADS:
		for (size_t k = 0; k < c->n_leads; k++) {
			snprintf(one, sizeof(one), "%s %d", c->leads[k].body, c->leads[k].weeks);
			join(buf, size, one);
		}
		return;
	}
}

const char *md_datadir(const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", MANDATE_SRCDATADIR, name);
	return access(path, R_OK) == 0 ? MANDATE_SRCDATADIR : MANDATE_DATADIR;
}

bool md_data_file(const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", md_datadir(name), name);

	return n > 0 && (size_t)n < size && access(buf, R_OK) == 0;
}
