/*
 * anchor.c - time anchors inside an operative paragraph.
 *
 * Sessions, with the relation read from the words before them:
 *   "at its fifty-third session", "at the fifty-third session of the Council",
 *   "to the General Assembly at its seventy-ninth session" (GA, not the
 *   adopting organ), "at its fifty-fourth and fifty-seventh sessions" (two),
 *   "at its next session" (adoption session + 1), "before the fifty-third
 *   session" / "prior to" / "in advance of" (before), "until the end of its
 *   eightieth session" and "only during the eightieth session" (until),
 *   "of its eighty-first session" (the provisional agenda: at),
 *   "the first session of the Preparatory Committee" (PrepCom 1).
 *   A session of the adopting organ that has already met is history, not a
 *   due: for the Human Rights Council, whose session ends with its adoptions,
 *   the adoption session and earlier; for others, earlier sessions.
 * Dates, with the word that governs them:
 *   "by 31 December 2024", "no later than January 2026" (the month's last
 *   day), "until 15 May 2025", "ending on 15 December 1984", "before",
 *   "prior to", "on 2 December 2025", "from 19 to 30 January 2026" and
 *   "from 30 November to 4 December 2026" (on the first day), "in 2029" and
 *   "in early 2028" (by the year's end), "in October" (by the end of the
 *   next October after adoption), "by 30 April annually" (the next 30 April).
 *   "resolution 48/24 of 11 October 2021" is a reference, not a due; dates
 *   before adoption are history.
 * Periods counted from adoption:
 *   "for a period of three years", "for a further period of six months",
 *   "for another period of one year" (until adoption + period), "within 90
 *   days" (by adoption + 90 days), "at the end of this period" (by the end
 *   of the period last read).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "clause_int.h"
#include "mandate/timex.h"

static const struct body {
	const char *name;
	const char *code; /* NULL: the adopting organ's own (the Council, the Assembly) */
} bodies[] = {
    {"Human Rights Council", "HRC"},
    {"General Assembly", "GA"},
    {"Security Council", "SC"},
    {"Economic and Social Council", "ECOSOC"},
    {"Preparatory Committee", "PrepCom"},
    {"Preparatory Commission", "PrepCom"},
    {"open-ended working group", "OEWG"},
    {"working group", "WG"},
    {"Assembly of States Parties", "ASP"},
    {"Meeting of States Parties", "MSP"},
    {"Conference of the Parties", "COP"},
    {"Commission on the Status of Women", "CSW"},
    {"Commission on Human Rights", "CHR"},
    {"Committee", "Committee"},
    {"Conference", "Conference"},
    {"Council", NULL},
    {"Assembly", NULL},
};

const char *body_at(const struct para_ctx *pc, size_t i, size_t *end)
{
	for (size_t k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
		if (!word_at(pc->mask, pc->len, i, bodies[k].name))
			continue;
		*end = i + strlen(bodies[k].name);
		if (bodies[k].code)
			return bodies[k].code;
		if (!strcmp(bodies[k].name, "Assembly"))
			return "GA";
		/* "the Council": the adopting council, or the Human Rights Council */
		return !strcmp(pc->ctx->organ, "SC") || !strcmp(pc->ctx->organ, "ECOSOC")
		           ? pc->ctx->organ
		           : "HRC";
	}
	return NULL;
}

/* The last body named in [a, b): what "its" refers to. */
static const char *last_body(const struct para_ctx *pc, size_t a, size_t b)
{
	const char *found = NULL;

	for (size_t i = a; i < b; i++) {
		size_t end;
		const char *code;

		if (!isupper((unsigned char)pc->mask[i]) && pc->mask[i] != 'w' &&
		    pc->mask[i] != 'o')
			continue;
		code = body_at(pc, i, &end);
		if (code) {
			found = code;
			i = end;
		}
	}
	return found;
}

static bool known_code(const char *code)
{
	return !strcmp(code, "HRC") || !strcmp(code, "GA") || !strcmp(code, "SC") ||
	       !strcmp(code, "ECOSOC") || !strcmp(code, "PrepCom") || !strcmp(code, "WG") ||
	       !strcmp(code, "OEWG") || !strcmp(code, "COP") || !strcmp(code, "CSW");
}

static inline bool ends_with_n(const char *s, size_t end, const char *w, size_t n)
{
	/* the last byte first: nearly every call fails there */
	if (end < n || (s[end - 1] | 0x20) != (w[n - 1] | 0x20))
		return false;
	return strncasecmp(s + end - n, w, n) == 0 &&
	       (end == n || !isalpha((unsigned char)s[end - n - 1]));
}

static bool ends_with(const char *s, size_t end, const char *w)
{
	return ends_with_n(s, end, w, strlen(w));
}

/* ends_with for a string literal: its length is known when compiling. */
#define ENDS_WITH(s, end, lit) ends_with_n((s), (end), (lit), sizeof(lit) - 1)

/* Position i moved back over spaces (not before a). */
static size_t trim_end(const char *m, size_t a, size_t i)
{
	while (i > a && m[i - 1] == ' ')
		i--;
	return i;
}

/* Start of the word before position i (skipping spaces). */
static size_t word_before(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] == ' ')
		i--;
	while (i > 0 && s[i - 1] != ' ')
		i--;
	return i;
}

/* The ordinal that ends right before `end` ("fifty-third", "53rd", "next"). */
static size_t ordinal_before(const struct para_ctx *pc, size_t end, int *num)
{
	size_t w = end;

	for (int words = 0; words < 4 && w > 0; words++) {
		int v = 0;
		size_t m;

		w = word_before(pc->mask, w);
		m = md_timex_ordinal(pc->mask + w, end - w, &v);
		if (m && w + m == end) {
			*num = v;
			return w;
		}
	}
	return NPOS;
}

static enum md_relation session_relation(const struct para_ctx *pc, size_t a, size_t at)
{
	const char *m = pc->mask;
	size_t from = at > a + 48 ? at - 48 : a;
	size_t i;

	for (i = at; i > from && m[i - 1] == ' '; i--)
		;
	if (ENDS_WITH(m, i, "the") || ENDS_WITH(m, i, "its"))
		i = word_before(m, i);
	while (i > from && m[i - 1] == ' ')
		i--;
	if (ENDS_WITH(m, i, "before") || ENDS_WITH(m, i, "prior to") ||
	    ENDS_WITH(m, i, "in advance of") || ENDS_WITH(m, i, "ahead of"))
		return MD_REL_BEFORE;
	if (ENDS_WITH(m, i, "until the end of") || ENDS_WITH(m, i, "until") ||
	    ENDS_WITH(m, i, "only during") || ENDS_WITH(m, i, "throughout"))
		return MD_REL_UNTIL;
	if (ENDS_WITH(m, i, "no later than") || ENDS_WITH(m, i, "by"))
		return MD_REL_BY;
	return MD_REL_AT;
}

static bool is_past(const struct para_ctx *pc, const char *body, int number)
{
	const struct doc_ctx *c = pc->ctx;

	if (!c->session || strcmp(body, c->organ) != 0)
		return false;
	return !strcmp(body, "HRC") ? number <= c->session : number < c->session;
}

/* "session of the Preparatory Committee" after the word "session(s)". */
static const char *body_after(const struct para_ctx *pc, size_t i, size_t *end)
{

	while (i < pc->len && pc->mask[i] == ' ')
		i++;
	if (!word_at(pc->mask, pc->len, i, "of"))
		return NULL;
	i += 3;
	if (word_at(pc->mask, pc->len, i, "the"))
		i += 4;
	return body_at(pc, i, end);
}

static const char *session_body(const struct para_ctx *pc, size_t a, size_t ord, size_t *send)
{
	size_t end = *send;
	const char *b = body_after(pc, *send, &end);
	size_t from = a;

	*send = end;
	if (b)
		return b;
	/*
	 * "its": a body named just before ("to the General Assembly at its"),
	 * else the clause's subject when it is a body ("decides that the
	 * Preparatory Committee shall ... at its second session"), else the
	 * body last named in the clause, else the adopting organ.
	 */
	if ((b = last_body(pc, ord > from + 40 ? ord - 40 : from, ord)))
		return b;
	if (pc->subj_b > pc->subj_a && (b = last_body(pc, pc->subj_a, pc->subj_b)) && known_code(b))
		return b;
	b = last_body(pc, from, ord);
	return b ? b : pc->ctx->organ;
}

static size_t add(struct anchor *out, size_t n, size_t max, size_t pos, size_t end,
                  const struct md_due *d, const char *rule)
{
	for (size_t k = 0; k < n; k++)
		if (!memcmp(&out[k].due, d, sizeof(*d)))
			return n;
	if (n < max) {
		out[n].pos = pos;
		out[n].end = end;
		out[n].due = *d;
		out[n].rule = rule;
		n++;
	}
	return n;
}

/* "fifty-fourth and fifty-seventh sessions": the ordinals before "sessions". */
static size_t session_list(const struct para_ctx *pc, size_t a, size_t at, int *nums, size_t *first)
{
	size_t n = 0, end = at;
	int v;

	while (n < 4) {
		size_t o;

		while (end > a && pc->mask[end - 1] == ' ')
			end--;
		for (const char *
		         skip[] = {"regular", "substantive", "resumed", "organizational", NULL},
		        **s = skip;
		     *s; s++)
			if (ends_with(pc->mask, end, *s))
				end = word_before(pc->mask, end);
		while (end > a && pc->mask[end - 1] == ' ')
			end--;
		o = ordinal_before(pc, end, &v);
		if (o == NPOS || o < a)
			break;
		nums[n++] = v;
		*first = o;
		end = o;
		while (end > a && (pc->mask[end - 1] == ' ' || pc->mask[end - 1] == ','))
			end--;
		if (ENDS_WITH(pc->mask, end, "and"))
			end -= 3;
		else if (end < *first && pc->mask[end] != ',')
			break;
	}
	return n;
}

/*
 * Not a due: "the President of the General Assembly at its eightieth
 * session" (a title) and "the panel discussion, held at the sixtieth
 * session" (a past event; "to be held at" is a due).
 */
static bool session_is_due(const struct para_ctx *pc, size_t a, size_t ord)
{
	size_t from = ord > a + 60 ? ord - 60 : a;
	size_t held = NPOS;

	if (find_ci(pc->mask + from, ord - from, "President of the") != NPOS)
		return false;
	for (size_t at = find_word(pc->mask, from, ord, "held"); at != NPOS;
	     at = find_word(pc->mask, at + 4, ord, "held"))
		held = at;
	return held == NPOS || ends_with(pc->mask, held > 0 ? held - 1 : 0, "be");
}

static size_t sessions_find(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t n,
                            size_t max)
{
	for (size_t i = a; i < b; i++) {
		int nums[4];
		size_t first = NPOS, k, send;
		const char *body;
		struct md_due d;

		if (pc->mask[i] != 's' && pc->mask[i] != 'S')
			continue;
		if (word_at(pc->mask, b, i, "session"))
			send = i + 7;
		else if (word_at(pc->mask, b, i, "sessions"))
			send = i + 8;
		else
			continue;
		k = session_list(pc, a, i, nums, &first);
		if (!k && ENDS_WITH(pc->mask, trim_end(pc->mask, a, i), "next") &&
		    pc->ctx->session) {
			nums[k++] = pc->ctx->session + 1;
			first = word_before(pc->mask, i);
		}
		if (!k)
			continue;
		if (!session_is_due(pc, a, first))
			continue;
		body = session_body(pc, a, first, &send);
		if (!body || !known_code(body))
			continue;
		memset(&d, 0, sizeof(d));
		d.relation = session_relation(pc, a, first);
		snprintf(d.body, sizeof(d.body), "%s", body);
		for (size_t j = k; j-- > 0;) {
			d.number = nums[j];
			if (!is_past(pc, body, nums[j]))
				n = add(out, n, max, first, send, &d, "session named in the text");
		}
	}
	return n;
}

#define REL_START (-2) /* "starting on": the start of something, not an end */

/* What governs a date: the words before it. -1 when it is a reference. */
static int date_relation(const struct para_ctx *pc, size_t a, size_t at, bool *range)
{
	const char *m = pc->mask;
	size_t i = at;

	*range = false;
	while (i > a && (m[i - 1] == ' ' || m[i - 1] == ','))
		i--;
	if (ENDS_WITH(m, i, "period from") || ENDS_WITH(m, i, "periods from"))
		return -1; /* a financial period: not a due */
	if (ENDS_WITH(m, i, "starting in") || ENDS_WITH(m, i, "beginning in") ||
	    ENDS_WITH(m, i, "starting from") || ENDS_WITH(m, i, "as from") ||
	    ENDS_WITH(m, i, "as of") || ENDS_WITH(m, i, "starting on") ||
	    ENDS_WITH(m, i, "beginning on") || ENDS_WITH(m, i, "commencing on"))
		return REL_START; /* when something starts: a due only for a recurrence */
	if (ENDS_WITH(m, i, "by") || ENDS_WITH(m, i, "no later than") ||
	    ENDS_WITH(m, i, "not later than") || ENDS_WITH(m, i, "on or before") ||
	    ENDS_WITH(m, i, "in") || ENDS_WITH(m, i, "during") || ENDS_WITH(m, i, "within"))
		return MD_REL_BY;
	if (ENDS_WITH(m, i, "until") || ENDS_WITH(m, i, "till") || ENDS_WITH(m, i, "ending") ||
	    ENDS_WITH(m, i, "ending on") || ENDS_WITH(m, i, "through") || ENDS_WITH(m, i, "up to"))
		return MD_REL_UNTIL;
	if (ENDS_WITH(m, i, "before") || ENDS_WITH(m, i, "prior to"))
		return MD_REL_BEFORE;
	if (ENDS_WITH(m, i, "from")) {
		*range = true;
		return MD_REL_ON;
	}
	if (ENDS_WITH(m, i, "on") || ENDS_WITH(m, i, "held on") || ENDS_WITH(m, i, "Monday") ||
	    ENDS_WITH(m, i, "Tuesday") || ENDS_WITH(m, i, "Wednesday") ||
	    ENDS_WITH(m, i, "Thursday") || ENDS_WITH(m, i, "Friday") ||
	    ENDS_WITH(m, i, "Saturday") || ENDS_WITH(m, i, "Sunday"))
		return MD_REL_ON;
	return -1;
}

/* "19 to 30 January 2026" or "30 November to 4 December 2026": the first day. */
static size_t range_start(const struct para_ctx *pc, size_t i, size_t b, struct md_date *out)
{
	const char *s = pc->mask + i;
	size_t n = b - i, k = 0, to;
	int day = 0, month = 0;
	struct md_date end;
	enum md_date_precision prec;

	while (k < n && k < 2 && isdigit((unsigned char)s[k]))
		day = day * 10 + (s[k++] - '0');
	if (!k || k >= n || s[k] != ' ')
		return 0;
	to = k + 1;
	if ((k = md_timex_month(s + to, n - to, &month)))
		to += k + 1;
	if (to >= n || !has_prefix(s + to, n - to, "to "))
		return 0;
	to += 3;
	if (!(k = md_timex_date(s + to, n - to, 0, &end, &prec)) || prec != MD_PREC_DAY)
		return 0;
	out->y = end.y;
	out->m = month ? month : end.m;
	out->d = day;
	return md_date_valid(*out) ? to + k : 0;
}

/* "30 April" or "October" with no year: the next one after adoption. */
static size_t yearless(const struct para_ctx *pc, size_t i, size_t b, struct md_date *out)
{
	const char *s = pc->mask + i;
	size_t n = b - i, k = 0, m;
	int day = 0, month = 0;
	struct md_date ad = pc->ctx->adopted;

	if (md_date_is_none(ad))
		return 0;
	while (k < n && k < 2 && isdigit((unsigned char)s[k]))
		day = day * 10 + (s[k++] - '0');
	if (k && (k >= n || s[k] != ' '))
		return 0;
	m = md_timex_month(s + (k ? k + 1 : 0), n - (k ? k + 1 : 0), &month);
	if (!m)
		return 0;
	m += k ? k + 1 : 0;
	if (m < n && (s[m] == ' ') && m + 1 < n && isdigit((unsigned char)s[m + 1]))
		return 0; /* it has a year: not ours */
	out->y = ad.y;
	out->m = month;
	out->d = day ? day : md_date_days_in_month(ad.y, month);
	if (!md_date_valid(*out))
		return 0;
	if (md_date_cmp(*out, ad) <= 0) {
		out->y++;
		if (!day)
			out->d = md_date_days_in_month(out->y, month);
	}
	return m;
}

/* "from 1 July 2025 to 30 June 2026": a period of over a month, not an event. */
static bool long_range(const struct para_ctx *pc, size_t i, size_t b, struct md_date from)
{
	struct md_date to;
	enum md_date_precision prec;

	if (!has_prefix(pc->mask + i, b - i, " to "))
		return false;
	i += 4;
	if (!md_timex_date(pc->mask + i, b - i, 0, &to, &prec))
		return false;
	return md_date_to_days(to) - md_date_to_days(from) > 31;
}

/* A date opens with a digit, a month ("June"), or "early", "mid-", "late", "the end". */
static bool may_start_date(char c)
{
	return isdigit((unsigned char)c) || (isupper((unsigned char)c) && c != 'X') || c == 'e' ||
	       c == 'm' || c == 'l' || c == 't';
}

static size_t dates_find(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t n,
                         size_t max)
{
	for (size_t i = a; i < b; i++) {
		struct md_date d;
		enum md_date_precision prec = MD_PREC_DAY;
		bool range;
		int rel;
		size_t m;
		struct md_due due;

		if ((i > a && pc->mask[i - 1] != ' ') || !may_start_date(pc->mask[i]))
			continue;
		rel = date_relation(pc, a, i, &range);
		if (rel == REL_START) {
			struct md_period p;

			/* "every four months, starting on 1 January 2023": the first one */
			if (!recurrence_find(pc, a, b, &p))
				continue;
			rel = MD_REL_ON;
		}
		if (rel < 0)
			continue;
		m = range ? range_start(pc, i, b, &d) : 0;
		if (!m) {
			m = md_timex_date(pc->mask + i, b - i, 1, &d, &prec);
			if (m && range && long_range(pc, i + m, b, d))
				continue;
		}
		if (!m)
			m = yearless(pc, i, b, &d);
		if (!m)
			continue;
		if (!md_date_is_none(pc->ctx->adopted) && md_date_cmp(d, pc->ctx->adopted) <= 0)
			continue;
		if (rel == MD_REL_ON && prec != MD_PREC_DAY)
			rel = MD_REL_BY;
		memset(&due, 0, sizeof(due));
		due.relation = (enum md_relation)rel;
		due.date = d;
		n = add(out, n, max, i, i + m, &due, "date in the text");
		if (rel == MD_REL_UNTIL) {
			pc->ctx->has_until = true;
			pc->ctx->until = d;
		}
		i += m;
	}
	return n;
}

static const char *const period_cues[] = {
    "for a further period of",
    "for a period of",
    "for another period of",
    "for an additional period of",
    "for a further",
    "for an additional",
    "for another",
    "for a",
    "for",
};

static size_t periods_find(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t n,
                           size_t max)
{
	struct md_date ad = pc->ctx->adopted;

	if (md_date_is_none(ad))
		return n;
	for (size_t i = a; i < b; i++) {
		struct md_period p = {0, 0, 0, 0};
		struct md_due due;
		size_t k = 0, m;
		bool within;

		if (pc->mask[i] != 'f' && pc->mask[i] != 'w')
			continue;
		within = word_at(pc->mask, b, i, "within");

		for (size_t c = 0; !within && c < sizeof(period_cues) / sizeof(period_cues[0]); c++)
			if (word_at(pc->mask, b, i, period_cues[c])) {
				k = strlen(period_cues[c]) + 1;
				break;
			}
		if (within)
			k = 7;
		/* the cue may end the clause: "within" with nothing after it */
		if (!k || i + k >= b || !(m = md_timex_duration(pc->mask + i + k, b - i - k, &p)))
			continue;
		if (!within && !p.years && !p.months)
			continue; /* "for 10 working days": a length, not an end */
		if (within &&
		    (word_at(pc->mask, b, i + k + m + 1, "of") ||
		     word_at(pc->mask, b, i + k + m + 1, "after") ||
		     word_at(pc->mask, b, i + k + m + 1, "from")) &&
		    find_ci(pc->mask + i + k + m, b - i - k - m > 40 ? 40 : b - i - k - m,
		            "adoption") == NPOS)
			continue; /* "within 12 months of their approval": another clock */
		memset(&due, 0, sizeof(due));
		due.relation = within ? MD_REL_BY : MD_REL_UNTIL;
		due.date = md_date_add_period(ad, p);
		n = add(out, n, max, i, i + k + m, &due, "period counted from adoption");
		if (!within) {
			pc->ctx->has_until = true;
			pc->ctx->until = due.date;
		}
		i += k + m;
	}
	return n;
}

static size_t end_of_period(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t n,
                            size_t max)
{
	size_t at = find_word(pc->mask, a, b, "at the end of this period");
	struct md_due due;

	if (at == NPOS)
		at = find_word(pc->mask, a, b, "at the end of that period");
	if (at == NPOS || !pc->ctx->has_until)
		return n;
	memset(&due, 0, sizeof(due));
	due.relation = MD_REL_BY;
	due.date = pc->ctx->until;
	return add(out, n, max, at, at + 25, &due, "end of the period");
}

size_t anchors_find(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t max)
{
	size_t n = 0, dated;

	n = sessions_find(pc, a, b, out, n, max);
	dated = n;
	n = dates_find(pc, a, b, out, n, max);
	if (n == dated)
		n = periods_find(pc, a, b, out, n, max);
	n = end_of_period(pc, a, b, out, n, max);
	return n;
}

bool recurrence_find(const struct para_ctx *pc, size_t a, size_t b, struct md_period *out)
{
	for (size_t i = a; i < b; i++) {
		if (i > a && isalnum((unsigned char)pc->mask[i - 1]))
			continue;
		if (md_timex_recurrence(pc->mask + i, b - i, out))
			return true;
	}
	return false;
}
