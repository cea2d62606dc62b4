/*
 * clause.c - reading one operative paragraph for time-bound requests.
 *
 * A paragraph is read in four steps:
 *   1. mask: quoted titles (“...”) and parentheses are hidden from the
 *      keyword rules, so a theme that names "the Human Rights Council" or a
 *      "meeting" does not count as one;
 *   2. clauses: the paragraph splits where a new operative verb starts
 *      ("..., and requests the Secretary-General to ..."); each clause has a
 *      governing verb, and its actor (the object of "requests", "invites",
 *      "calls upon", or the organ itself for "decides");
 *   3. actions: a clause splits into its infinitives ("to provide the
 *      meeting with services, and to provide webcasting services") and
 *      follow-ons (", to be followed by an interactive dialogue"), and
 *      sub-paragraphs "(a)", "(b)";
 *   4. each action's kinds (report, meeting, webcast, ...) and its time
 *      anchors (timeanchor.c) make its obligations.  An action with no anchor
 *      of its own that serves a dated thing (services for a meeting) takes
 *      that thing's due.
 * Clauses governed by verbs that decide nothing ("Welcomes", "Takes note",
 * "Recalls", "Looks forward to") make no obligations, but the dated things
 * they name (a session "scheduled to be held from 7 to 17 December 2026")
 * can still be served by a later request.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clause_int.h"

/* Operative verbs, as they open a clause mid-paragraph (lower case). */
static const struct verb {
	const char *word;
	enum verb_class cls;
} verbs[] = {
    {"requests", V_REQUEST},
    {"request", V_REQUEST},
    {"invites", V_EXHORT},
    {"calls upon", V_EXHORT},
    {"calls on", V_EXHORT},
    {"urges", V_EXHORT},
    {"encourages", V_EXHORT},
    {"authorizes", V_REQUEST},
    {"entrusts", V_REQUEST},
    {"directs", V_REQUEST},
    {"instructs", V_REQUEST},
    {"mandates", V_REQUEST},
    {"reaffirms its request", V_REQUEST},
    {"appeals to", V_EXHORT},
    {"decides", V_DECIDE},
    {"decided", V_DECIDE},
    {"decide", V_DECIDE},
    {"resolves", V_DECIDE},
    {"agrees", V_DECIDE},
    {"confirms", V_DECIDE},
    {"extends", V_DECIDE},
    {"renews", V_DECIDE},
    {"establishes", V_DECIDE},
    {"emphasizes", V_STATE},
    {"re-emphasizes", V_STATE},
    {"reemphasizes", V_STATE},
    {"stresses", V_STATE},
    {"underlines", V_STATE},
    {"reiterates", V_STATE},
    {"reaffirms", V_STATE},
    {"affirms", V_STATE},
    {"calls for", V_STATE},
    {"supports", V_STATE},
    {"endorses", V_STATE},
    {"welcomes", V_PAST},
    {"takes note", V_PAST},
    {"notes", V_PAST},
    {"recalls", V_PAST},
    {"acknowledges", V_PAST},
    {"commends", V_PAST},
    {"expresses", V_PAST},
    {"looks forward", V_PAST},
    {"recognizes", V_PAST},
    {"congratulates", V_PAST},
    {"appreciates", V_PAST},
    {"thanks", V_PAST},
    {"remains seized", V_PAST},
    {"proclaims", V_PAST},
    {"condemns", V_PAST},
    {"deplores", V_PAST},
    {"regrets", V_PAST},
    {"considers", V_STATE},
    {"declares", V_STATE},
    {"approves", V_STATE},
    {"adopts", V_STATE},
};

static const char *const adverbs[] = {
    "also ",      "further ",  "strongly ",    "once more ",      "again ",      "hereby ",
    "therefore ", "moreover ", "furthermore ", "in this regard ", "accordingly "};

#define N_VERBS (sizeof(verbs) / sizeof(verbs[0]))

/* ASCII lower case, without the locale (the text is matched as ASCII words). */
static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

static inline bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

bool word_at(const char *s, size_t len, size_t i, const char *w)
{
	size_t k;

	/* the cheap tests first: this runs at every byte of every paragraph */
	if (i >= len || lower(s[i]) != lower(w[0]))
		return false;
	if (i > 0 && (alnum(s[i - 1]) || s[i - 1] == '-'))
		return false;
	for (k = 1; w[k]; k++)
		if (i + k >= len || lower(s[i + k]) != lower(w[k]))
			return false;
	return i + k == len || !alnum(s[i + k]);
}

size_t find_word(const char *s, size_t from, size_t to, const char *w)
{
	char first = lower(w[0]);

	for (size_t i = from; i < to; i++)
		if (lower(s[i]) == first && word_at(s, to, i, w))
			return i;
	return NPOS;
}

/* Words by first letter: head[c] is the first of a chain through next[], -1 ends it. */
struct word_index {
	signed char head[26], next[128];
};

static void index_words(struct word_index *x, const char *const *words)
{
	int n = 0;

	memset(x->head, -1, sizeof(x->head));
	for (const char *const *w = words; *w && n < 128; w++, n++) {
		int c = lower(**w) - 'a';

		if (c < 0 || c >= 26)
			continue;
		x->next[n] = x->head[c];
		x->head[c] = (signed char)n;
	}
}

/* Does w stand at s[i..to), as a word (whole) or as text (a prefix of a longer word)? */
static bool text_at(const char *s, size_t to, size_t i, const char *w)
{
	size_t j = 1;

	while (w[j] && i + j < to && lower(s[i + j]) == lower(w[j]))
		j++;
	return !w[j];
}

static size_t find_any(const char *s, size_t from, size_t to, const char *const *words, bool whole)
{
	struct word_index x;

	index_words(&x, words);
	for (size_t i = from; i < to; i++) {
		int c = lower(s[i]) - 'a';

		if (c < 0 || c >= 26 || x.head[c] < 0)
			continue;
		if (whole && i > 0 && (alnum(s[i - 1]) || s[i - 1] == '-'))
			continue;
		for (int k = x.head[c]; k >= 0; k = x.next[k])
			if (whole ? word_at(s, to, i, words[k]) : text_at(s, to, i, words[k]))
				return i;
	}
	return NPOS;
}

size_t find_any_word(const char *s, size_t from, size_t to, const char *const *words)
{
	return find_any(s, from, to, words, true);
}

size_t find_any_text(const char *s, size_t from, size_t to, const char *const *words)
{
	return find_any(s, from, to, words, false);
}

/* The verb that opens s at i (after adverbs), or NULL; *end past it. */
static const struct verb *verb_at(const char *s, size_t len, size_t i, size_t *end)
{
	if (i >= len || !isalpha((unsigned char)s[i]))
		return NULL;
	for (size_t k = 0; k < sizeof(adverbs) / sizeof(adverbs[0]); k++)
		if (lower(s[i]) == adverbs[k][0] && has_prefix(s + i, len - i, adverbs[k])) {
			i += strlen(adverbs[k]);
			k = (size_t)-1;
		}
	for (size_t k = 0; k < N_VERBS; k++)
		if (lower(s[i]) == verbs[k].word[0] && word_at(s, len, i, verbs[k].word)) {
			*end = i + strlen(verbs[k].word);
			return &verbs[k];
		}
	return NULL;
}

/*
 * The mask: a copy in which text between “ and ” and between ( and ) is
 * blanked to 'x' (keeping its length, so positions agree).
 */
static char *make_mask(const char *s, size_t len)
{
	char *m = malloc(len + 1);
	int quote = 0, paren = 0;

	if (!m)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		bool open_q = i + 2 < len && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x9c;
		bool close_q = i + 2 < len && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x9d;

		if (open_q)
			quote++;
		if (s[i] == '(')
			paren++;
		m[i] = (quote || paren) && s[i] != ' ' ? 'x' : s[i];
		if (close_q && quote) {
			quote--;
			m[i] = m[i + 1] = m[i + 2] = ' ';
			i += 2;
		}
		if (s[i] == ')' && paren)
			paren--;
	}
	m[len] = '\0';
	return m;
}

/* Clause boundaries: "; ", ", and VERB", " and VERB", ", VERB" mid-paragraph. */
static size_t next_clause(const char *m, size_t len, size_t from, const struct verb **v,
                          size_t *vend)
{
	for (size_t i = from; i < len; i++) {
		size_t j;

		if (m[i] != ',' && m[i] != ';' && !(m[i] == ' ' && word_at(m, len, i + 1, "and")))
			continue;
		j = i + 1;
		while (j < len && m[j] == ' ')
			j++;
		if (word_at(m, len, j, "and"))
			j += 4;
		if (j < len && islower((unsigned char)m[j]) && (*v = verb_at(m, len, j, vend)))
			return i;
	}
	return NPOS;
}

static bool read_clause(struct para_ctx *pc, size_t a, size_t b, const struct verb *v, size_t vend)
{
	struct clause c;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.b = b;
	c.cls = v ? v->cls : V_NONE;
	c.vend = vend;

	actor_of_clause(pc, &c);
	return actions_run(pc, &c);
}

/*
 * Can the paragraph hold a due at all?  Every anchor needs a digit, a
 * session, a month, a period, a recurrence or a "before"; and an action
 * with none of them can only borrow a due from a dated thing read before.
 * A paragraph with none of these (most of a long resolution) is skipped.
 */
static bool may_hold_due(const struct doc_ctx *ctx, const char *s, size_t len)
{
	static const char *const cues[] = {
	    "session",  "sessions",   "within",      "period",        "annual",      "annually",
	    "biennial", "biennially", "triennial",   "triennially",   "quadrennial", "quinquennial",
	    "every",    "each",       "yearly",      "monthly",       "quarterly",   "weekly",
	    "twice",    "once",       "semi-annual", "semi-annually", "early",       "mid",
	    "late",     "end",        "before",      "prior",         "advance",     "ahead",
	    "next",     "January",    "February",    "March",         "April",       "May",
	    "June",     "July",       "August",      "September",     "October",     "November",
	    "December", "Jan",        "Feb",         "Mar",           "Apr",         "Jun",
	    "Jul",      "Aug",        "Sep",         "Sept",          "Oct",         "Nov",
	    "Dec",      NULL};

	if (ctx->n_things)
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return find_any_word(s, 0, len, cues) != NPOS;
}

bool clause_run(struct doc_ctx *ctx, int number, const char *text, size_t len, size_t base,
                struct md_record *r)
{
	struct para_ctx pc;
	const struct verb *v = NULL, *nv = NULL;
	size_t a = 0, vend = 0, nvend = 0, cut;
	bool ok = true;

	if (!may_hold_due(ctx, text, len))
		return true;
	memset(&pc, 0, sizeof(pc));
	pc.ctx = ctx;
	pc.number = number;
	pc.text = text;
	pc.len = len;
	pc.base = base;
	pc.r = r;
	pc.mask = make_mask(text, len);
	if (!pc.mask)
		return false;
	v = verb_at(pc.mask, len, 0, &vend);
	if (!v)
		vend = 0;
	while (ok && a < len) {
		cut = next_clause(pc.mask, len, vend > a ? vend : a, &nv, &nvend);
		ok = read_clause(&pc, a, cut == NPOS ? len : cut, v, vend);
		if (cut == NPOS)
			break;
		a = cut + 1;
		v = nv;
		vend = nvend;
	}
	free(pc.mask);
	return ok;
}
