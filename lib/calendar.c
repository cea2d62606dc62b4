/*
 * calendar.c - the sessions calendar: stored sessions, the projection of
 * sessions nobody has dated yet, and the resolution of dues to days.
 *
 * Stored sessions live in one array sorted by body (strcmp) and number.
 * Bodies are matched exactly as written ("HRC", "GA"); the extractor and the
 * data file both use the short upper-case codes.
 *
 * Projection.  A session that is not stored is projected from its organ's
 * pattern, counted from the stored session nearest in number (so that staff
 * corrections and new announcements move the projections with them), and is
 * always MD_SES_PROJECTED, i.e. estimated.  The patterns are read off
 * data/sessions.tsv:
 *
 *   HRC  three regular sessions a year since the fourth (March 2007); sessions
 *        before that are not projected.  Openings 2016-2026 fit, within a day:
 *          first   the last Monday of February, six weeks (to the Friday of
 *                  the sixth week, +39 days: 26 Feb-5 Apr 2024, 24 Feb-4 Apr
 *                  2025);
 *          second  the third Monday of June (the Monday on or after 15 June),
 *                  four weeks (+25 days: 19 Jun-14 Jul 2023, 17 Jun-12 Jul 2024,
 *                  which opened on the Tuesday);
 *          third   the second Monday of September (on or after 8 September),
 *                  five weeks (+32 days: 11 Sep-13 Oct 2023, 9 Sep-11 Oct 2024).
 *        A stored session's slot is read from its opening month (January to
 *        April: first; May to July: second; later: third).
 *
 *   GA   one session a year, the Nth opening in 1945 + N.  Rule 1 of the
 *        Assembly's rules of procedure: the Tuesday of the third week of
 *        September, counting from the first week with a working day, which is
 *        the first Tuesday on or after 12 September.  Since 2023 (the 78th) the
 *        Assembly opens a week earlier, the Tuesday of the second such week:
 *        the first Tuesday on or after 5 September.  A session closes the day
 *        before the next opens.  The third-week rule dates from 2003 (the
 *        58th); older sessions are not projected.
 *
 * Any other organ (a working group, a preparatory committee) is known only
 * through stored sessions.
 *
 * Resolution of a due (md_calendar_resolve), one occurrence at a time:
 *
 *   at, on or until session N   the session, first to last day.  A report
 *                               "at" a session also gets a submission
 *                               deadline: opening day - submission_weeks.
 *   before session N            one day: the day before the session opens.
 *   by session N                one day: the opening day (no later than the
 *                               session means ready when it opens).
 *   at, by, until, on a date    that day.
 *   before a date               the day before it.
 *   a session that is neither stored nor projectable gives no occurrence
 *   (n = 0), which is not an error: the due stays undated.
 *
 * Session number 0 ("an annual report to the Council") means the organ's
 * first session opening after the adoption date.  A recurring due with
 * neither session nor date starts at adoption + one period.
 *
 * Recurrence.  Occurrence k is anchored at first + k periods (multiplied, not
 * added k times, so that 31 January + P1M runs 28 February, 31 March).  For a
 * session due it is the organ's first session opening on or after the anchor
 * less SESSION_SLACK days; a session already used is skipped.  The first
 * occurrence is always given; later ones while they start on or before the
 * horizon (none without a horizon), at most max_occurrences in all.
 */
#include "mandate/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * How early a session may open relative to its recurrence anchor and still
 * count.  HRC's June session opened on 30 June 2020 and on 13 June 2022, so
 * an annual anchor from 2020 lands 17 days after the 2022 session opened;
 * 30 days covers that and stays far below the 11 weeks between sessions.
 */
#define SESSION_SLACK 30

#define MAX_NUMBER          99999   /* highest session number accepted */
#define MAX_OCCURRENCES     1000    /* hard cap on max_occurrences */
#define DEFAULT_OCCURRENCES 50      /* when opts->max_occurrences is 0 */
#define MAX_ANCHORS         5000    /* recurrence anchors tried at most */
#define MAX_PERIOD_UNITS    9999999 /* k * a period component beyond year 9999 */
#define MAX_LINE            4096    /* longest TSV line */

struct md_calendar {
	struct md_session *v; /* sorted by body, then number */
	size_t n, cap;
};

/* ---- sessions and their status ---------------------------------------- */

static const char *const status_names[MD_SES_MAX] = {
    [MD_SES_SOURCED] = "sourced",   [MD_SES_ANNOUNCED] = "announced",
    [MD_SES_INFERRED] = "inferred", [MD_SES_PROJECTED] = "projected",
    [MD_SES_SET] = "set",
};

bool md_session_estimated(const struct md_session *s)
{
	return s && (s->status == MD_SES_INFERRED || s->status == MD_SES_PROJECTED);
}

const char *md_session_status_name(enum md_session_status st)
{
	return (unsigned)st < MD_SES_MAX ? status_names[st] : "set";
}

int md_session_status_parse(const char *s)
{
	for (int i = 0; s && i < MD_SES_MAX; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

/* A body code is 1..15 printable ASCII characters, no spaces. */
static bool body_ok(const char *body, size_t size)
{
	size_t len = body ? strnlen(body, size) : size;

	if (len == 0 || len >= size)
		return false;
	for (size_t i = 0; i < len; i++)
		if (body[i] <= ' ' || body[i] > '~')
			return false;
	return true;
}

static const char *session_problem(const struct md_session *s)
{
	if (!body_ok(s->body, sizeof(s->body)))
		return "the body must be 1 to 15 printable characters";
	if (s->number < 1 || s->number > MAX_NUMBER)
		return "the session number must be 1 to 99999";
	if (!md_date_valid(s->start) || !md_date_valid(s->end))
		return "the dates must be real days";
	if (md_date_cmp(s->end, s->start) < 0)
		return "the session ends before it starts";
	if ((unsigned)s->status >= MD_SES_MAX)
		return "unknown status";
	return NULL;
}

/* ---- the sorted array ------------------------------------------------- */

struct md_calendar *md_calendar_new(void)
{
	return calloc(1, sizeof(struct md_calendar));
}

void md_calendar_free(struct md_calendar *cal)
{
	if (!cal)
		return;
	free(cal->v);
	free(cal);
}

size_t md_calendar_count(const struct md_calendar *cal)
{
	return cal ? cal->n : 0;
}

const struct md_session *md_calendar_at(const struct md_calendar *cal, size_t i)
{
	return cal && i < cal->n ? &cal->v[i] : NULL;
}

static int key_cmp(const struct md_session *s, const char *body, int number)
{
	int c = strcmp(s->body, body);

	if (c)
		return c;
	return (s->number > number) - (s->number < number);
}

/* Index of the first session not below (body, number). */
static size_t lower_bound(const struct md_calendar *cal, const char *body, int number)
{
	size_t lo = 0, hi = cal ? cal->n : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(&cal->v[mid], body, number) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct md_session *find(const struct md_calendar *cal, const char *body, int number)
{
	size_t i = lower_bound(cal, body, number);

	if (cal && i < cal->n && key_cmp(&cal->v[i], body, number) == 0)
		return &cal->v[i];
	return NULL;
}

/* Makes room for extra more sessions; cal is unchanged on failure. */
static bool reserve(struct md_calendar *cal, size_t extra)
{
	size_t want = cal->n + extra, cap = cal->cap ? cal->cap : 64;
	struct md_session *v;

	if (want <= cal->cap)
		return true;
	while (cap < want) {
		if (cap > ((size_t)-1) / 2 / sizeof(*v))
			return false;
		cap *= 2;
	}
	v = realloc(cal->v, cap * sizeof(*v));
	if (!v)
		return false;
	cal->v = v;
	cal->cap = cap;
	return true;
}

/* Inserts or replaces; room for one more must be reserved. */
static void store(struct md_calendar *cal, const struct md_session *s)
{
	size_t i = lower_bound(cal, s->body, s->number);

	if (i < cal->n && key_cmp(&cal->v[i], s->body, s->number) == 0) {
		cal->v[i] = *s;
		return;
	}
	memmove(&cal->v[i + 1], &cal->v[i], (cal->n - i) * sizeof(*s));
	cal->v[i] = *s;
	cal->n++;
}

enum md_err md_calendar_put(struct md_calendar *cal, const struct md_session *s,
                            struct md_error *err)
{
	const char *why;

	if (!cal || !s)
		return md_error_set(err, MD_EINVAL, "no calendar or no session");
	why = session_problem(s);
	if (why)
		return md_error_set(err, MD_EINVAL, "session %.15s %d: %s", s->body, s->number,
		                    why);
	if (!reserve(cal, 1))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	store(cal, s);
	return MD_OK;
}

/* ---- reading data/sessions.tsv ---------------------------------------- */

static char *trim(char *s)
{
	char *e = s + strlen(s);

	while (*s == ' ')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* Splits line at tabs into at most max trimmed fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		if (tab)
			*tab = '\0';
		f[n++] = trim(line);
		if (!tab)
			break;
		line = tab + 1;
	}
	return n;
}

static bool parse_number(const char *s, int *out)
{
	long v = 0;

	if (!*s || strlen(s) > 5)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return v >= 1;
}

/*
 * One row: "HRC<TAB>53<TAB>2023-06-19<TAB>2023-07-14<TAB>announced<TAB>note".
 * The status may be empty or absent ("set"); a note and further columns are
 * for people and ignored.  Returns NULL or what is wrong.
 */
static const char *parse_row(char *line, struct md_session *s)
{
	char *f[6];
	int n = split_tabs(line, f, 6), st = MD_SES_SET;

	if (n < 4)
		return "expected body, number, start and end separated by tabs";
	if (strlen(f[0]) >= sizeof(s->body))
		return "body longer than 15 characters";
	memset(s, 0, sizeof(*s));
	strcpy(s->body, f[0]);
	if (!parse_number(f[1], &s->number))
		return "the session number must be 1 to 99999";
	if (md_date_parse_iso(f[2], &s->start) != 0)
		return "bad start date (want YYYY-MM-DD)";
	if (md_date_parse_iso(f[3], &s->end) != 0)
		return "bad end date (want YYYY-MM-DD)";
	if (n > 4 && f[4][0] && (st = md_session_status_parse(f[4])) < 0)
		return "unknown status (want sourced, announced, inferred, projected or set)";
	s->status = (enum md_session_status)st;
	return session_problem(s);
}

static bool skippable(const char *line)
{
	line += strspn(line, " \t\r\n");
	return *line == '\0' || *line == '#';
}

/* The header's first column is "body" (any case). */
static bool is_header(const char *line)
{
	return strncasecmp(line, "body", 4) == 0 &&
	       (line[4] == '\t' || line[4] == '\0' || line[4] == '\r' || line[4] == '\n');
}

/* State of one file being read into a scratch calendar. */
struct tsv {
	const char *path;
	long line;
	bool header;
	struct md_calendar rows;
};

static enum md_err take_line(struct tsv *t, char *line, size_t len, struct md_error *err)
{
	struct md_session s;
	const char *why;

	if (len > MAX_LINE)
		return md_error_set(err, MD_EINVAL, "%s:%ld: line longer than %d bytes", t->path,
		                    t->line, MAX_LINE);
	if (skippable(line))
		return MD_OK;
	if (!t->header) {
		t->header = true;
		if (is_header(line))
			return MD_OK;
		return md_error_set(err, MD_EINVAL,
		                    "%s:%ld: expected the header line \"body<TAB>number<TAB>"
		                    "start<TAB>end<TAB>status\"",
		                    t->path, t->line);
	}
	why = parse_row(line, &s);
	if (why)
		return md_error_set(err, MD_EINVAL, "%s:%ld: %s", t->path, t->line, why);
	if (find(&t->rows, s.body, s.number))
		return md_error_set(err, MD_EINVAL, "%s:%ld: %s %d is listed twice", t->path,
		                    t->line, s.body, s.number);
	if (!reserve(&t->rows, 1))
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", t->path);
	store(&t->rows, &s);
	return MD_OK;
}

static enum md_err read_tsv(FILE *f, struct tsv *t, struct md_error *err)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	enum md_err rc = MD_OK;

	while (rc == MD_OK && (len = getline(&line, &size, f)) >= 0) {
		t->line++;
		if (memchr(line, '\0', (size_t)len))
			rc = md_error_set(err, MD_EINVAL, "%s:%ld: NUL byte", t->path, t->line);
		else
			rc = take_line(t, line, (size_t)len, err);
	}
	if (rc == MD_OK && ferror(f))
		rc = md_error_set(err, MD_EIO, "%s: read error: %s", t->path, strerror(errno));
	if (rc == MD_OK && !t->header)
		rc = md_error_set(err, MD_EINVAL, "%s: no header line", t->path);
	free(line);
	return rc;
}

/* Adds every row of t to cal, or nothing. */
static enum md_err merge(struct md_calendar *cal, const struct tsv *t, struct md_error *err)
{
	if (!reserve(cal, t->rows.n))
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", t->path);
	for (size_t i = 0; i < t->rows.n; i++)
		store(cal, &t->rows.v[i]);
	return MD_OK;
}

enum md_err md_calendar_load_tsv(struct md_calendar *cal, const char *path, struct md_error *err)
{
	struct tsv t = {path, 0, false, {NULL, 0, 0}};
	enum md_err rc;
	FILE *f;

	if (!cal || !path)
		return md_error_set(err, MD_EINVAL, "no calendar or no path");
	f = fopen(path, "r");
	if (!f)
		return md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
	rc = read_tsv(f, &t, err);
	fclose(f);
	if (rc == MD_OK)
		rc = merge(cal, &t, err);
	free(t.rows.v);
	return rc;
}

/* ---- projection --------------------------------------------------------- */

/* The first day on or after d that is weekday wd (0 = Monday). */
static struct md_date weekday_on_or_after(struct md_date d, int wd)
{
	return md_date_add_days(d, (wd - md_date_weekday(d) + 7) % 7);
}

/* The stored session of body nearest in number to n, at least lowest. */
static const struct md_session *nearest(const struct md_calendar *cal, const char *body, int n,
                                        int lowest)
{
	const struct md_session *best = NULL;

	for (size_t i = lower_bound(cal, body, lowest); cal && i < cal->n; i++) {
		const struct md_session *s = &cal->v[i];

		if (strcmp(s->body, body) != 0)
			break;
		if (!best || abs(s->number - n) < abs(best->number - n))
			best = s;
	}
	return best;
}

static int hrc_slot(int month)
{
	return month <= 4 ? 0 : month <= 7 ? 1 : 2;
}

/* The opening Monday of the year's first, second or third session. */
static struct md_date hrc_opening(int year, int slot)
{
	struct md_date feb_end = {year, 2, md_date_days_in_month(year, 2)};

	if (slot == 0)
		return md_date_add_days(feb_end, -md_date_weekday(feb_end));
	if (slot == 1)
		return weekday_on_or_after((struct md_date){year, 6, 15}, 0);
	return weekday_on_or_after((struct md_date){year, 9, 8}, 0);
}

#define HRC_FIRST 4 /* the first session of the three-a-year pattern */

static bool project_hrc(const struct md_calendar *cal, int n, struct md_session *out)
{
	static const int length[3] = {39, 25, 32}; /* days after the opening Monday */
	const struct md_session *a = nearest(cal, "HRC", n, HRC_FIRST);
	long idx = a ? 3L * a->start.y + hrc_slot(a->start.m) + (n - a->number)
	             : 3L * 2007 + (n - HRC_FIRST);
	int year = (int)(idx / 3), slot = (int)(idx % 3);

	if (idx < 3 || year > 9998)
		return false;
	out->start = hrc_opening(year, slot);
	out->end = md_date_add_days(out->start, length[slot]);
	return true;
}

#define GA_FIRST_YEAR 2003 /* rule 1 in its third-week form */
#define GA_FIRST      58   /* the session that opened in 2003 */

static bool ga_opening(int year, struct md_date *out)
{
	if (year < GA_FIRST_YEAR || year > 9998)
		return false;
	*out = weekday_on_or_after((struct md_date){year, 9, year >= 2023 ? 5 : 12}, 1);
	return true;
}

static bool project_ga(const struct md_calendar *cal, int n, struct md_session *out)
{
	const struct md_session *a = nearest(cal, "GA", n, GA_FIRST);
	const struct md_session *next = find(cal, "GA", n + 1);
	long year = a ? (long)a->start.y + (n - a->number) : 1945L + n;
	struct md_date following;

	if (year < GA_FIRST_YEAR || year > 9998 || !ga_opening((int)year, &out->start))
		return false;
	if (next)
		following = next->start;
	else if (!ga_opening((int)year + 1, &following))
		return false;
	out->end = md_date_add_days(following, -1);
	if (md_date_cmp(out->end, out->start) < 0)
		out->end = out->start;
	return true;
}

struct pattern {
	const char *body;
	int lowest;   /* lowest number the pattern may give */
	int per_year; /* sessions a year */
	bool (*project)(const struct md_calendar *cal, int n, struct md_session *out);
};

static const struct pattern patterns[] = {
    {"HRC", HRC_FIRST, 3, project_hrc},
    {"GA", GA_FIRST, 1, project_ga},
};

static const struct pattern *pattern_of(const char *body)
{
	for (size_t i = 0; body && i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (strcmp(body, patterns[i].body) == 0)
			return &patterns[i];
	return NULL;
}

bool md_calendar_lookup(const struct md_calendar *cal, const char *body, int number,
                        struct md_session *out)
{
	const struct md_session *s = body ? find(cal, body, number) : NULL;
	const struct pattern *p = pattern_of(body);
	struct md_session proj;

	if (!out)
		return false;
	if (s) {
		*out = *s;
		return true;
	}
	if (!p || number < p->lowest || number > MAX_NUMBER)
		return false;
	memset(&proj, 0, sizeof(proj));
	snprintf(proj.body, sizeof(proj.body), "%s", body);
	proj.number = number;
	proj.status = MD_SES_PROJECTED;
	if (!p->project(cal, number, &proj))
		return false;
	*out = proj;
	return true;
}

/* ---- the next session after a day ------------------------------------- */

static void keep_earliest(struct md_session *best, const struct md_session *s)
{
	int c = best->number ? md_date_cmp(s->start, best->start) : -1;

	if (c < 0 || (c == 0 && s->number < best->number))
		*best = *s;
}

/*
 * Among stored sessions of body: the earliest opening after date into *best,
 * and the highest number opening on or before it (0 when none).
 */
static int stored_next(const struct md_calendar *cal, const char *body, struct md_date date,
                       struct md_session *best)
{
	int last = 0;

	for (size_t i = lower_bound(cal, body, 0); cal && i < cal->n; i++) {
		const struct md_session *s = &cal->v[i];

		if (strcmp(s->body, body) != 0)
			break;
		if (md_date_cmp(s->start, date) > 0)
			keep_earliest(best, s);
		else if (s->number > last)
			last = s->number;
	}
	return last;
}

/*
 * Walks the organ's numbers up from after + 1, jumping whole years when the
 * date is far ahead, to the first session (stored or projected) opening
 * after date.
 */
static void projected_next(const struct md_calendar *cal, const struct pattern *p, int after,
                           struct md_date date, struct md_session *best)
{
	int n = after + 1 > p->lowest ? after + 1 : p->lowest;
	struct md_session s;

	if (!md_calendar_lookup(cal, p->body, n, &s))
		return;
	if (md_date_cmp(s.start, date) <= 0 && date.y - s.start.y > 1)
		n += p->per_year * (date.y - s.start.y - 1);
	for (int step = 0; step < 4 * p->per_year + 4; step++, n++) {
		if (n > MAX_NUMBER || !md_calendar_lookup(cal, p->body, n, &s))
			return;
		if (md_date_cmp(s.start, date) > 0) {
			keep_earliest(best, &s);
			return;
		}
	}
}

int md_calendar_next_after(const struct md_calendar *cal, const char *body, struct md_date date)
{
	const struct pattern *p = pattern_of(body);
	struct md_session best = {.number = 0};
	int last;

	if (!body || !md_date_valid(date))
		return 0;
	last = stored_next(cal, body, date, &best);
	if (p)
		projected_next(cal, p, last, date, &best);
	return best.number;
}

/* ---- resolution --------------------------------------------------------- */

/* What the occurrence's session came from: rows of session_rules. */
enum origin { FROM_NUMBER, FROM_ADOPTION, FROM_RECURRENCE };

/* What part of the session is due: columns of session_rules. */
enum part { PART_SPAN, PART_EVE, PART_OPENING };

#define BY_STATUS(what)                                                                            \
	{                                                                                          \
		what " (sourced)", what " (announced)", what " (inferred)", what " (projected)",   \
		    what " (set by staff)"                                                         \
	}

static const char *const session_rules[3][3][MD_SES_MAX] = {
    {BY_STATUS("session dates"), BY_STATUS("day before the session opens"),
     BY_STATUS("opening day of the session")},
    {BY_STATUS("first session after adoption, its dates"),
     BY_STATUS("day before the first session after adoption opens"),
     BY_STATUS("opening day of the first session after adoption")},
    {BY_STATUS("recurring: session dates"), BY_STATUS("recurring: day before the session opens"),
     BY_STATUS("recurring: opening day of the session")},
};

/* [from adoption][day before][recurring] */
static const char *const date_rules[2][2][2] = {
    {{"date in the text", "date in the text plus k periods"},
     {"day before the date in the text", "day before the date in the text plus k periods"}},
    {{"adoption date plus one period", "adoption date plus k periods"},
     {"day before the adoption date plus one period",
      "day before the adoption date plus k periods"}},
};

struct ctx {
	const struct md_calendar *cal;
	const struct md_due *due;
	struct md_period every; /* all zero: once */
	enum md_kind kind;
	struct md_resolve_opts opts;
	int cap; /* occurrences at most */
	struct md_occurrence *v;
	size_t n, size;
};

static enum md_err push(struct ctx *c, const struct md_occurrence *o, struct md_error *err)
{
	if (c->n == c->size) {
		size_t size = c->size ? c->size * 2 : 8;
		struct md_occurrence *v = realloc(c->v, size * sizeof(*v));

		if (!v)
			return md_error_set(err, MD_ENOMEM, "out of memory");
		c->v = v;
		c->size = size;
	}
	c->v[c->n] = *o;
	c->v[c->n].index = (int)c->n;
	c->n++;
	return MD_OK;
}

/* False when k periods overshoot every representable date. */
static bool times(struct md_period p, int k, struct md_period *out)
{
	long y = (long)p.years * k, m = (long)p.months * k;
	long w = (long)p.weeks * k, d = (long)p.days * k;

	if (y > MAX_PERIOD_UNITS || m > MAX_PERIOD_UNITS || w > MAX_PERIOD_UNITS ||
	    d > MAX_PERIOD_UNITS)
		return false;
	*out = (struct md_period){(int)y, (int)m, (int)w, (int)d};
	return true;
}

/* from + k periods; false when past year 9999. */
static bool anchor_at(const struct ctx *c, struct md_date from, int k, struct md_date *out)
{
	struct md_period p;

	if (!times(c->every, k, &p))
		return false;
	*out = md_date_add_period(from, p);
	return md_date_valid(*out);
}

static bool recurring(const struct ctx *c)
{
	return !md_period_is_none(c->every);
}

/* Whether the occurrence starting at start is wanted after the first. */
static bool within_horizon(const struct ctx *c, struct md_date start)
{
	return (int)c->n < c->cap && !md_date_is_none(c->opts.horizon) &&
	       md_date_cmp(start, c->opts.horizon) <= 0;
}

static void session_occurrence(const struct ctx *c, const struct md_session *s, enum origin from,
                               struct md_occurrence *o)
{
	enum md_relation rel = c->due->relation;
	enum part part = rel == MD_REL_BEFORE ? PART_EVE
	                 : rel == MD_REL_BY   ? PART_OPENING
	                                      : PART_SPAN;

	memset(o, 0, sizeof(*o));
	snprintf(o->body, sizeof(o->body), "%s", s->body);
	o->number = s->number;
	o->estimated = md_session_estimated(s);
	o->rule = session_rules[from][part][s->status];
	o->start = o->end = part == PART_EVE ? md_date_add_days(s->start, -1) : s->start;
	if (part == PART_SPAN)
		o->end = s->end;
	if (rel == MD_REL_AT && c->kind == MD_KIND_REPORT && c->opts.submission_weeks > 0)
		o->deadline = md_date_add_days(s->start, -7L * c->opts.submission_weeks);
}

/* The first session: the numbered one, or the first after adoption. */
static bool first_session(const struct ctx *c, struct md_session *s, enum origin *from)
{
	int n = c->due->number;

	*from = FROM_NUMBER;
	if (n == 0) {
		*from = FROM_ADOPTION;
		if (md_date_is_none(c->opts.adopted))
			return false;
		n = md_calendar_next_after(c->cal, c->due->body, c->opts.adopted);
	}
	return n > 0 && md_calendar_lookup(c->cal, c->due->body, n, s);
}

/* The session of recurrence anchor a: the first opening on or after a - slack. */
static bool session_near(const struct ctx *c, struct md_date a, struct md_session *s)
{
	int n =
	    md_calendar_next_after(c->cal, c->due->body, md_date_add_days(a, -SESSION_SLACK - 1));

	return n > 0 && md_calendar_lookup(c->cal, c->due->body, n, s);
}

static enum md_err resolve_sessions(struct ctx *c, struct md_error *err)
{
	struct md_session first, prev, s;
	struct md_occurrence o;
	enum origin from;
	struct md_date a;
	enum md_err rc;

	if (!first_session(c, &first, &from))
		return MD_OK;
	session_occurrence(c, &first, from, &o);
	if ((rc = push(c, &o, err)) != MD_OK || !recurring(c))
		return rc;
	prev = first;
	for (int k = 1; k <= MAX_ANCHORS && anchor_at(c, first.start, k, &a); k++) {
		if (!session_near(c, a, &s))
			break;
		if (md_date_cmp(s.start, prev.start) <= 0)
			continue; /* a period shorter than the gap between sessions */
		session_occurrence(c, &s, FROM_RECURRENCE, &o);
		if (!within_horizon(c, o.start))
			break;
		if ((rc = push(c, &o, err)) != MD_OK)
			return rc;
		prev = s;
	}
	return MD_OK;
}

static void date_occurrence(const struct ctx *c, struct md_date day, bool adoption, int k,
                            struct md_occurrence *o)
{
	bool eve = c->due->relation == MD_REL_BEFORE;

	memset(o, 0, sizeof(*o));
	o->start = o->end = eve ? md_date_add_days(day, -1) : day;
	o->rule = date_rules[adoption][eve][k > 0];
}

static enum md_err resolve_dates(struct ctx *c, struct md_error *err)
{
	bool adoption = md_date_is_none(c->due->date);
	struct md_date from = adoption ? c->opts.adopted : c->due->date, day;
	int off = adoption ? 1 : 0; /* "every year" from adoption starts a year on */
	struct md_occurrence o;
	enum md_err rc;

	if (md_date_is_none(from) || (adoption && !recurring(c)))
		return MD_OK;
	for (int k = 0; k <= MAX_ANCHORS && anchor_at(c, from, k + off, &day); k++) {
		date_occurrence(c, day, adoption, k, &o);
		if (k > 0 && !within_horizon(c, o.start))
			break;
		if ((rc = push(c, &o, err)) != MD_OK)
			return rc;
		if (!recurring(c))
			break;
	}
	return MD_OK;
}

static bool date_ok(struct md_date d)
{
	return md_date_is_none(d) || md_date_valid(d);
}

static bool period_ok(struct md_period p)
{
	return p.years >= 0 && p.months >= 0 && p.weeks >= 0 && p.days >= 0 && p.years <= 999999 &&
	       p.months <= 999999 && p.weeks <= 999999 && p.days <= 999999;
}

static const char *resolve_problem(const struct md_due *due, const struct md_period *rec,
                                   enum md_kind kind, const struct md_resolve_opts *o)
{
	if ((unsigned)due->relation >= MD_REL_MAX || (unsigned)kind >= MD_KIND_MAX)
		return "unknown relation or kind";
	if (due->body[0] && (!body_ok(due->body, sizeof(due->body)) || due->number < 0))
		return "bad session in the due";
	if (!date_ok(due->date) || (o && (!date_ok(o->adopted) || !date_ok(o->horizon))))
		return "not a real day";
	if (rec && !period_ok(*rec))
		return "bad recurrence period";
	if (o && (o->submission_weeks < 0 || o->submission_weeks > 520 || o->max_occurrences < 0))
		return "bad resolution option";
	return NULL;
}

static void ctx_init(struct ctx *c, const struct md_calendar *cal, const struct md_due *due,
                     const struct md_period *rec, enum md_kind kind,
                     const struct md_resolve_opts *opts)
{
	memset(c, 0, sizeof(*c));
	c->cal = cal;
	c->due = due;
	c->kind = kind;
	if (rec)
		c->every = *rec;
	if (opts)
		c->opts = *opts;
	c->cap = c->opts.max_occurrences ? c->opts.max_occurrences : DEFAULT_OCCURRENCES;
	if (c->cap > MAX_OCCURRENCES)
		c->cap = MAX_OCCURRENCES;
}

enum md_err md_calendar_resolve(const struct md_calendar *cal, const struct md_due *due,
                                const struct md_period *recurrence, enum md_kind kind,
                                const struct md_resolve_opts *opts, struct md_occurrence **out,
                                size_t *n, struct md_error *err)
{
	struct ctx c;
	const char *why;
	enum md_err rc;

	if (!due || !out || !n)
		return md_error_set(err, MD_EINVAL, "resolve: missing argument");
	*out = NULL;
	*n = 0;
	why = resolve_problem(due, recurrence, kind, opts);
	if (why)
		return md_error_set(err, MD_EINVAL, "resolve: %s", why);
	ctx_init(&c, cal, due, recurrence, kind, opts);
	rc = due->body[0] ? resolve_sessions(&c, err) : resolve_dates(&c, err);
	if (rc != MD_OK) {
		free(c.v);
		return rc;
	}
	*out = c.v;
	*n = c.n;
	return MD_OK;
}
