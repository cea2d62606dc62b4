/*
 * action.c - a clause's actions, their kinds, and the obligations they make.
 *
 * Actions: a clause splits at "; ", before ", and to" / " and to" (another
 * infinitive of the same request), before ", to be followed by" (a follow-on,
 * which the organ holds: "a report ..., to be followed by an enhanced
 * interactive dialogue") and before sub-paragraph marks "(a)", "(b)".
 * An action that opens "to request X to" has X as its actor.
 *
 * Kinds, from the words of the action (several may hold at once: a meeting
 * convened "with full conference services, including ... webcast" is a
 * meeting, its support and its webcast):
 *   webcast      "webcast", "webcasting", "broadcast";
 *   oral_update  "oral update", "oral report", "orally";
 *   report       "report", "study", "compilation", "inform", "list",
 *                "proposals", "compiled text";
 *   meeting      a meeting noun ("panel", "meeting", "seminar", "workshop",
 *                "consultations", "dialogue", "forum", "conference", "hearing")
 *                with a verb that holds it ("hold", "convene", "be held",
 *                "meet", "followed by"), or organised by the organ itself;
 *   support      "services", "facilities", "assistance", "support", or a
 *                meeting organised or arranged by someone other than the organ;
 *   mandate      "renew", "extend" or "establish" with "mandate", "stationing",
 *                "Force" or "Mission";
 *   agenda       "provisional agenda", "continue its consideration", "examine
 *                the question", "consider the (sub-)item", "postpone ... to";
 *   other        any other action with a due, under a verb that asks or decides.
 * An action with no due of its own takes one when it serves a dated thing
 * (support or a webcast for "the meeting": the last dated meeting named),
 * or, when it recurs ("an annual report to the Human Rights Council and to
 * the General Assembly"), one per organ it goes to, session number unknown.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clause_int.h"

enum {
	K_REPORT = 1 << MD_KIND_REPORT,
	K_ORAL = 1 << MD_KIND_ORAL_UPDATE,
	K_MEETING = 1 << MD_KIND_MEETING,
	K_WEBCAST = 1 << MD_KIND_WEBCAST,
	K_SUPPORT = 1 << MD_KIND_SUPPORT,
	K_MANDATE = 1 << MD_KIND_MANDATE,
	K_AGENDA = 1 << MD_KIND_AGENDA,
	K_OTHER = 1 << MD_KIND_OTHER,
	K_ORGANISE = 1 << MD_KIND_MAX, /* support that is a meeting when it has its own due */
	K_UNKNOWN = 1u << 30,          /* not worked out yet */
};

struct action {
	size_t a, b;
	char actor[160];
	bool organ_actor;
	bool follow_on;
};

static bool any_word(const struct para_ctx *pc, size_t a, size_t b, const char *const *words)
{
	return find_any_word(pc->mask, a, b, words) != NPOS;
}

static bool any_text(const struct para_ctx *pc, size_t a, size_t b, const char *const *words)
{
	return find_any_text(pc->mask, a, b, words) != NPOS;
}

static const char *const meeting_nouns[] = {
    "panel",      "panel discussion", "meeting",       "meetings",    "seminar",
    "workshop",   "consultation",     "consultations", "dialogue",    "forum",
    "conference", "Conference",       "hearing",       "round table", "roundtable",
    "summit",     "symposium",        "debate",        NULL};
static const char *const hold_verbs[] = {"hold",        "holding",     "convene",
                                         "convening",   "be held",     "meet",
                                         "followed by", "be convened", NULL};
static const char *const organise_verbs[] = {"organize", "organise", "arrange", "facilitate", NULL};
/* Organising a meeting with its own date holds it; arranging or facilitating supports it. */
static const char *const organize_verbs[] = {"organize", "organise", NULL};
static const char *const report_words[] = {
    "report", "reports",   "study",         "compilation",         "inform",
    "list",   "proposals", "compiled text", "to the attention of", NULL};
static const char *const support_words[] = {"facilities", "assistance", NULL};
static const char *const provide_words[] = {
    "provide",   "render",         "make available", "with all", "with the necessary",
    "with full", "with necessary", "ensure",         NULL};
static const char *const agenda_words[] = {"provisional agenda",
                                           "continue its consideration",
                                           "consideration of the question",
                                           "examine the question",
                                           "consider the question",
                                           "consider the sub-item",
                                           "consider the item",
                                           "postpone",
                                           "examine this question",
                                           "consider this question",
                                           "examine the item",
                                           "consider during",
                                           "consider the issue",
                                           "consider the matter",
                                           "examine the issue",
                                           "examine the matter",
                                           NULL};
/* A session of a body held or resumed: "shall resume its session from 6 to 10 April". */
static const char *const session_meetings[] = {
    "resume its session", "hold its session",  "hold a session",      "hold sessions",
    "hold its sessions",  "convene a session", "convene its session", NULL};
static const char *const mandate_verbs[] = {"renew",  "extend",  "Extends", "establish",
                                            "Renews", "extends", "renews",  NULL};
static const char *const mandate_nouns[] = {"mandate", "stationing", "Force", "Mission", NULL};

/* "services" other than "webcasting services". */
static bool services(const struct para_ctx *pc, size_t a, size_t b)
{
	for (size_t at = find_word(pc->mask, a, b, "services"); at != NPOS;
	     at = find_word(pc->mask, at + 8, b, "services"))
		if (!(at >= 11 && has_prefix(pc->mask + at - 11, 11, "webcasting ")))
			return true;
	return false;
}

static const char *const submit_words[] = {"submit", "provide", "transmit", "communicate", NULL};
static const char *const submitted_things[] = {"information", "observations", "views",
                                               "comments",    "data",         NULL};

/* Which word lists an action's words fall in: one pass over the action. */
enum {
	W_NOUN = 1 << 0,
	W_HOLD = 1 << 1,
	W_ORGANISE = 1 << 2,
	W_REPORT = 1 << 3,
	W_SUPPORT = 1 << 4,
	W_PROVIDE = 1 << 5,
	W_MANDATE_VERB = 1 << 6,
	W_MANDATE_NOUN = 1 << 7,
	W_SUBMIT = 1 << 8,
	W_SUBMITTED = 1 << 9,
};

static const struct word_list {
	const char *const *words;
	unsigned flag;
} word_lists[] = {
    {meeting_nouns, W_NOUN},         {hold_verbs, W_HOLD},
    {organise_verbs, W_ORGANISE},    {report_words, W_REPORT},
    {support_words, W_SUPPORT},      {provide_words, W_PROVIDE},
    {mandate_verbs, W_MANDATE_VERB}, {mandate_nouns, W_MANDATE_NOUN},
    {submit_words, W_SUBMIT},        {submitted_things, W_SUBMITTED},
};

#define N_LISTS (sizeof(word_lists) / sizeof(word_lists[0]))

/* The letters the words of each list start with, as bits 'a'..'z'. */
static unsigned long list_firsts(const char *const *words)
{
	unsigned long f = 0;

	for (; *words; words++)
		f |= 1ul << ((**words | 0x20) - 'a');
	return f;
}

static unsigned word_flags(const struct para_ctx *pc, size_t a, size_t b)
{
	unsigned long firsts[N_LISTS], any = 0;
	unsigned f = 0;

	for (size_t l = 0; l < N_LISTS; l++)
		any |= firsts[l] = list_firsts(word_lists[l].words);
	for (size_t i = a; i < b; i++) {
		char c = (char)(pc->mask[i] | 0x20);
		unsigned long bit;

		if (c < 'a' || c > 'z' || !(any & (bit = 1ul << (c - 'a'))) ||
		    (i > a && isalnum((unsigned char)pc->mask[i - 1])))
			continue;
		for (size_t l = 0; l < N_LISTS; l++) {
			if ((f & word_lists[l].flag) || !(firsts[l] & bit))
				continue;
			for (const char *const *w = word_lists[l].words; *w; w++)
				if (word_at(pc->mask, b, i, *w)) {
					f |= word_lists[l].flag;
					break;
				}
		}
	}
	return f;
}

/* Does s[a..end) end with the word w? */
static bool ends_with_word(const char *s, size_t a, size_t end, const char *w)
{
	size_t n = strlen(w);

	return end >= a + n && strncasecmp(s + end - n, w, n) == 0 &&
	       (end == a + n || !isalnum((unsigned char)s[end - n - 1]));
}

/*
 * A report the actor makes, not one it asks for or lists: "which reports
 * were submitted", "those reports", and "their report" when the actor is one
 * person or office ("the Secretary-General ... requesting the submission of
 * their report") do not make the action a report.
 */
static bool own_report(const struct para_ctx *pc, const struct action *x)
{
	bool plural = x->actor[0] && x->actor[strlen(x->actor) - 1] == 's';

	for (const char *const *w = report_words; *w; w++)
		for (size_t p = find_word(pc->mask, x->a, x->b, *w); p != NPOS;
		     p = find_word(pc->mask, p + 1, x->b, *w)) {
			size_t q = p;

			if (strcmp(*w, "report") && strcmp(*w, "reports"))
				return true;
			while (q > x->a && pc->mask[q - 1] == ' ')
				q--;
			if (!(ends_with_word(pc->mask, x->a, q, "which") ||
			      ends_with_word(pc->mask, x->a, q, "those") ||
			      ends_with_word(pc->mask, x->a, q, "these") ||
			      (!plural && ends_with_word(pc->mask, x->a, q, "their"))))
				return true;
		}
	return false;
}

static unsigned kinds_of(const struct para_ctx *pc, const struct action *x)
{
	size_t a = x->a, b = x->b;
	unsigned k = 0, w = word_flags(pc, a, b);
	bool noun = w & W_NOUN, serv = services(pc, a, b);

	if (any_text(pc, a, b, (const char *const[]){"webcast", "broadcast", NULL}))
		k |= K_WEBCAST;
	if (any_text(pc, a, b, (const char *const[]){"oral update", "oral report", "orally", NULL}))
		k |= K_ORAL;
	else if (((w & W_REPORT) && own_report(pc, x)) ||
	         ((w & W_SUBMIT) && (w & W_SUBMITTED) && !serv && !(w & W_SUPPORT)))
		k |= K_REPORT;
	if (noun && ((w & W_HOLD) || x->follow_on || (x->organ_actor && (w & W_ORGANISE))))
		k |= K_MEETING;
	if (any_text(pc, a, b, session_meetings))
		k |= K_MEETING;
	if ((serv || (w & W_SUPPORT)) && (w & W_PROVIDE))
		k |= K_SUPPORT;
	if (noun && !x->organ_actor && !(k & K_MEETING) && (w & W_ORGANISE))
		k |= K_SUPPORT | (any_word(pc, a, b, organize_verbs) ? K_ORGANISE : 0);
	if ((w & W_MANDATE_VERB) && (w & W_MANDATE_NOUN))
		k = (k & ~(K_SUPPORT | K_REPORT)) | K_MANDATE;
	if (any_text(pc, a, b, agenda_words))
		k = K_AGENDA;
	if (k & K_ORGANISE && k & K_MEETING)
		k &= ~K_ORGANISE;
	return k;
}

/*
 * One meeting held over consecutive days ("(a) A plenary meeting on 24
 * November ... (c) Plenary meetings on 25 November") is one obligation, on
 * its first day: a later "on" day within a week of one already read for the
 * same kind in the same paragraph adds nothing.
 */
static bool same_days(const struct md_obligation *o, const struct md_due *due)
{
	long gap;

	if (o->due.relation != MD_REL_ON || due->relation != MD_REL_ON || o->due.body[0] ||
	    due->body[0] || md_date_is_none(o->due.date) || md_date_is_none(due->date))
		return false;
	gap = md_date_to_days(due->date) - md_date_to_days(o->due.date);
	return gap > 0 && gap <= 7;
}

/*
 * A mandate's actor is its holder: "the mandate of the Special Rapporteur on
 * ... for a period", "the stationing in Cyprus of the United Nations
 * Peace-keeping Force established under ...".
 */
static bool mandate_holder(const struct para_ctx *pc, const struct action *x, char *out,
                           size_t size)
{
	static const char *const ends[] = {
	    " for ", " established", " in accordance", " until", " to ", " so as", ",", ";", NULL};
	size_t at = find_ci(pc->mask + x->a, x->b - x->a, "mandate of ");
	size_t i, e = x->b;

	if (at == NPOS)
		at = find_ci(pc->mask + x->a, x->b - x->a, "stationing");
	if (at == NPOS)
		return false;
	i = x->a + at;
	at = find_word(pc->mask, i, x->b, "of");
	if (at == NPOS)
		return false;
	i = at + 3;
	for (const char *const *w = ends; *w; w++) {
		size_t p = find_ci(pc->mask + i, x->b - i, *w);

		if (p != NPOS && i + p < e)
			e = i + p;
	}
	if (e <= i || e - i > 150)
		return false;
	actor_normalize(pc, pc->text + i, e - i, out, size);
	return out[0] != '\0';
}

/* "to hold", "to convene": the action holds a meeting, not just describes one. */
static bool holds_actively(const struct para_ctx *pc, const struct action *x)
{
	static const char *const holds[] = {"hold", "holding", "convene", "convening", NULL};

	return any_word(pc, x->a, x->b, holds);
}

static bool add_obligation(struct para_ctx *pc, const struct action *x, enum md_kind kind,
                           const struct md_due *due, const struct md_period *rec, const char *rule,
                           double confidence)
{
	struct md_record *r = pc->r;
	struct md_obligation *o, *grown;
	const char *actor = x->actor;
	char holder[160];

	if (kind == MD_KIND_AGENDA || (kind == MD_KIND_MEETING && x->follow_on))
		actor = organ_name(pc->ctx->organ);
	if (kind == MD_KIND_MANDATE && mandate_holder(pc, x, holder, sizeof(holder)))
		actor = holder;
	if ((kind == MD_KIND_WEBCAST || kind == MD_KIND_SUPPORT) && x->organ_actor)
		actor = !strcmp(pc->ctx->organ, "HRC") ? "High Commissioner" : "Secretary-General";
	for (size_t i = 0; i < r->n_obligations; i++) {
		o = &r->obligations[i];
		if (o->paragraph == pc->number && o->kind == kind &&
		    !memcmp(&o->due, due, sizeof(*due)))
			return true;
		if (o->paragraph == pc->number && o->kind == kind && same_days(o, due))
			return true;
		if (kind == MD_KIND_MEETING && o->kind == kind && o->paragraph < pc->number &&
		    !memcmp(&o->due, due, sizeof(*due)) && !holds_actively(pc, x))
			return true; /* the same meeting, described again ("to be held on ...") */
	}
	grown = realloc(r->obligations, (r->n_obligations + 1) * sizeof(*grown));
	if (!grown)
		return false;
	r->obligations = grown;
	o = &grown[r->n_obligations];
	memset(o, 0, sizeof(*o));
	o->actor = strdup(actor[0] ? actor : organ_name(pc->ctx->organ));
	if (!o->actor)
		return false;
	r->n_obligations++;
	o->paragraph = pc->number;
	o->kind = kind;
	o->due = *due;
	o->recurrence = rec ? *rec : (struct md_period){0, 0, 0, 0};
	o->start = pc->base + x->a;
	o->end = pc->base + x->b;
	o->rule = rule;
	o->confidence = confidence;
	return true;
}

/* Dues for a recurring action with no anchor: one per organ it goes to. */
static size_t recipients(struct para_ctx *pc, const struct action *x, struct anchor *out)
{
	size_t n = 0;

	for (size_t i = x->a; i < x->b && n < 2; i++) {
		size_t end;
		const char *code;

		if (!word_at(pc->mask, x->b, i, "to the") && !word_at(pc->mask, x->b, i, "to its"))
			continue;
		code = body_at(pc, i + 7, &end);
		if (!code || (strcmp(code, "HRC") && strcmp(code, "GA") && strcmp(code, "ECOSOC")))
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		out[n].due.relation = MD_REL_AT;
		snprintf(out[n].due.body, sizeof(out[n].due.body), "%s", code);
		out[n].rule = "recurring, to each session of the organ";
		if (!(n == 1 && !strcmp(out[0].due.body, code)))
			n++;
		i = end;
	}
	return n;
}

/* Nouns that name a dated thing a later request can serve. */
static const char *const thing_nouns[] = {"high-level meeting",
                                          "Preparatory Committee",
                                          "preparatory committee",
                                          "Conference",
                                          "conference",
                                          "panel discussion",
                                          "panel",
                                          "intersessional meeting",
                                          "hearing",
                                          "seminar",
                                          "workshop",
                                          "forum",
                                          "dialogue",
                                          "session",
                                          "meeting",
                                          "consultations",
                                          NULL};

static bool in_anchor(const struct anchor *an, size_t n, size_t pos)
{
	for (size_t i = 0; i < n; i++)
		if (pos >= an[i].pos && pos < an[i].end)
			return true;
	return false;
}

/* The first thing noun in [a, b) outside the anchors' words, or NULL. */
static const char *first_thing_outside(const struct para_ctx *pc, size_t a, size_t b,
                                       const struct anchor *an, size_t n, size_t *at)
{
	const char *best = NULL;

	*at = NPOS;
	for (const char *const *w = thing_nouns; *w; w++)
		for (size_t p = find_word(pc->mask, a, b, *w); p != NPOS;
		     p = find_word(pc->mask, p + 1, b, *w)) {
			if (in_anchor(an, n, p))
				continue;
			if (*at == NPOS || p < *at) {
				*at = p;
				best = *w;
			}
			break;
		}
	return best;
}

/* The first thing noun in [a, b), or NULL. */
static const char *first_thing(const struct para_ctx *pc, size_t a, size_t b, size_t *at)
{
	return first_thing_outside(pc, a, b, NULL, 0, at);
}

/* "the panel" is "the panel discussion"; "the meeting" the "intersessional meeting". */
static bool same_noun(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la < lb)
		return same_noun(b, a);
	for (size_t i = 0; i + lb <= la; i++)
		if (strncasecmp(a + i, b, lb) == 0 &&
		    (i == 0 || a[i - 1] == ' ' || a[i - 1] == '-') &&
		    (i + lb == la || a[i + lb] == ' '))
			return true;
	return false;
}

/* The dues of the dated things the action names ("the Conference", "the panel"). */
static size_t named_things(struct para_ctx *pc, const struct action *x, struct anchor *out,
                           size_t max)
{
	struct doc_ctx *c = pc->ctx;
	size_t n = 0;

	for (size_t i = x->a; i < x->b && n < max; i++) {
		size_t at;
		const char *noun = first_thing(pc, i, x->b, &at);

		if (!noun)
			break;
		for (size_t k = c->n_things; k-- > 0;)
			if (same_noun(c->things[k].noun, noun)) {
				bool seen = false;

				for (size_t j = 0; j < n; j++)
					seen |= !memcmp(&out[j].due, &c->things[k].due,
					                sizeof(out[j].due));
				if (!seen) {
					memset(&out[n], 0, sizeof(out[n]));
					out[n].due = c->things[k].due;
					out[n].pos = at;
					out[n].end = at + strlen(noun);
					out[n].rule = "the due of the dated thing it serves";
					n++;
				}
				break;
			}
		i = at + strlen(noun);
	}
	return n;
}

/* "shall report directly to the Conference": by the day of the thing reported to. */
static size_t report_to_thing(struct para_ctx *pc, const struct action *x, struct anchor *out)
{
	size_t to = find_word(pc->mask, x->a, x->b, "to the");
	size_t n;

	if (to == NPOS)
		return 0;
	n = named_things(pc, &(struct action){to, to + 48 < x->b ? to + 48 : x->b, "", 0, 0}, out,
	                 1);
	if (n && !out[0].due.body[0])
		out[0].due.relation = MD_REL_BY;
	return n;
}

static size_t inherit(struct para_ctx *pc, const struct clause *cl, const struct action *x,
                      unsigned kinds, struct anchor *out)
{
	static const char *const holds[] = {"hold", "holding", "convene", "convening", NULL};
	bool secretariat =
	    !strcmp(x->actor, "High Commissioner") || !strcmp(x->actor, "Secretary-General");
	bool serves = (kinds & (K_SUPPORT | K_WEBCAST)) ||
	              (secretariat && any_word(pc, x->a, x->b, meeting_nouns));
	struct doc_ctx *c = pc->ctx;
	size_t n;

	if (kinds & K_MEETING && any_word(pc, x->a, x->b, holds) &&
	    (n = named_things(pc, x, out, 2)))
		return n; /* "to hold negotiations ... for adoption at the high-level meeting" */
	if (kinds & K_REPORT && (cl->cls == V_REQUEST || cl->cls == V_DECIDE) &&
	    (n = report_to_thing(pc, x, out)))
		return n;
	if (!serves)
		return 0;
	if ((n = named_things(pc, x, out, 2)))
		return n;
	memset(out, 0, sizeof(*out));
	if (pc->has_dated)
		out->due = pc->dated;
	else if (c->n_things && (kinds & (K_SUPPORT | K_WEBCAST)) && !(kinds & K_ORGANISE))
		out->due = c->things[c->n_things - 1].due;
	else
		return 0;
	out->rule = "the due of the dated thing it serves";
	return 1;
}

/* The most precise anchor: a date over a session. */
static const struct anchor *best_anchor(const struct anchor *an, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!an[i].due.body[0])
			return &an[i];
	return n ? &an[0] : NULL;
}

/*
 * Keeps the dated thing an action holds ("to convene a preparatory
 * committee ... from 19 to 30 January 2026"), or one a statement names as
 * scheduled ("the twenty-fifth session, scheduled to be held from 7 to 17
 * December 2026"), under the noun that follows the verb that holds it.
 */
static void remember(struct para_ctx *pc, const struct clause *c, const struct action *x,
                     unsigned kinds, const struct anchor *an, size_t n)
{
	struct doc_ctx *ctx = pc->ctx;
	const struct anchor *best = best_anchor(an, n);
	size_t at, verb = NPOS;
	const char *noun;
	bool scheduled = find_word(pc->mask, x->a, x->b, "scheduled") != NPOS ||
	                 find_word(pc->mask, x->a, x->b, "be held") != NPOS;

	if (!best || !((kinds & K_MEETING) || scheduled || c->cls == V_PAST))
		return;
	for (const char *const *v = hold_verbs; *v; v++) {
		size_t p = find_word(pc->mask, x->a, x->b, *v);

		if (p != NPOS && (verb == NPOS || p < verb))
			verb = p;
	}
	noun = verb == NPOS ? NULL : first_thing_outside(pc, verb, x->b, an, n, &at);
	if (!noun || (best->pos < at && verb != NPOS && best->pos > verb)) {
		/* the noun before the verb: "the session, scheduled to be held" */
		const char *before = NULL;

		for (size_t i = x->a; i < (verb == NPOS ? x->b : verb);) {
			const char *w =
			    first_thing_outside(pc, i, verb == NPOS ? x->b : verb, an, n, &at);

			if (!w)
				break;
			before = w;
			i = at + strlen(w);
		}
		if (before)
			noun = before;
	}
	if (!noun)
		return;
	pc->has_dated = true;
	pc->dated = best->due;
	if (ctx->n_things == sizeof(ctx->things) / sizeof(ctx->things[0])) {
		memmove(&ctx->things[0], &ctx->things[1],
		        (ctx->n_things - 1) * sizeof(ctx->things[0]));
		ctx->n_things--;
	}
	snprintf(ctx->things[ctx->n_things].noun, sizeof(ctx->things[0].noun), "%s", noun);
	ctx->things[ctx->n_things].due = best->due;
	ctx->n_things++;
}

/*
 * "before the high-level meeting", "prior to the convening of the
 * Conference": before the day of a dated thing read earlier.
 */
static size_t before_thing(struct para_ctx *pc, const struct action *x, struct anchor *an, size_t n)
{
	static const char *const cues[] = {"before the", "prior to the", "in advance of the",
	                                   "ahead of the", NULL};

	if (!pc->ctx->n_things)
		return n; /* nothing dated read yet */
	for (const char *const *cue = cues; *cue && n < MAX_ANCHORS; cue++)
		for (size_t p = find_word(pc->mask, x->a, x->b, *cue); p != NPOS;
		     p = find_word(pc->mask, p + 1, x->b, *cue)) {
			size_t at,
			    lim = p + strlen(*cue) + 40 < x->b ? p + strlen(*cue) + 40 : x->b;
			const char *noun = first_thing(pc, p + strlen(*cue), lim, &at);

			if (!noun || in_anchor(an, n, p))
				continue;
			for (size_t k = pc->ctx->n_things; k-- > 0;) {
				const struct md_due *d = &pc->ctx->things[k].due;

				if (!same_noun(pc->ctx->things[k].noun, noun) || d->body[0])
					continue;
				memset(&an[n], 0, sizeof(an[n]));
				an[n].pos = p;
				an[n].end = at + strlen(noun);
				an[n].due.relation = MD_REL_BEFORE;
				an[n].due.date = d->date;
				an[n].rule = "before the dated thing it names";
				n++;
				break;
			}
		}
	return n;
}

/*
 * A meeting held on several days is due on its first ("on Monday, 24
 * November, and Tuesday, 25 November 2025"), and a day named for it is
 * more precise than the session it falls in ("on 25 September 2025 during
 * ... its eightieth session").
 */
static size_t prune(struct anchor *an, size_t n)
{
	size_t first_on = NPOS, k = 0;

	for (size_t i = 0; i < n; i++)
		if (an[i].due.relation == MD_REL_ON && !an[i].due.body[0] &&
		    (first_on == NPOS || md_date_cmp(an[i].due.date, an[first_on].due.date) < 0))
			first_on = i;
	if (first_on == NPOS)
		return n;
	for (size_t i = 0; i < n; i++) {
		bool drop = (an[i].due.relation == MD_REL_ON && i != first_on) ||
		            (an[i].due.body[0] && an[i].due.relation == MD_REL_AT);

		if (!drop)
			an[k++] = an[i];
	}
	return k;
}

/* State carried from one action of a clause to the next. */
struct carry {
	struct anchor prev[MAX_ANCHORS]; /* the last action's dues: for a follow-on */
	size_t n_prev;
	bool pending; /* an undated action: "prepare a report ... and submit it" */
	struct action pend;
};

/* "their annual report": the recurring report read before. */
static size_t recurring_report(struct para_ctx *pc, const struct md_period *rec, struct anchor *out)
{
	if (!pc->ctx->has_recurring || memcmp(&pc->ctx->recurring_every, rec, sizeof(*rec)) != 0)
		return 0;
	memset(out, 0, sizeof(*out));
	out->due = pc->ctx->recurring;
	out->rule = "the recurring report named before";
	return 1;
}

static void keep_recurring(struct para_ctx *pc, unsigned kinds, const struct md_period *rec,
                           const struct anchor *an, size_t n)
{
	if (!(kinds & K_REPORT) || !n || an[0].due.body[0])
		return;
	pc->ctx->has_recurring = true;
	pc->ctx->recurring = an[0].due;
	pc->ctx->recurring_every = *rec;
}

/*
 * Support with a due of its own may serve more than one dated thing: "to
 * arrange for the attendance at the Conference and the first session of the
 * Preparatory Committee" is due at both.
 */
static size_t also_serves(struct para_ctx *pc, const struct action *x, struct anchor *an, size_t n)
{
	struct anchor more[2];
	size_t k = named_things(pc, x, more, 2);

	for (size_t i = 0; i < k && n < MAX_ANCHORS; i++) {
		bool covered = false;

		for (size_t j = 0; j < n; j++)
			covered |= more[i].pos >= an[j].pos && more[i].pos < an[j].end;
		if (!covered)
			an[n++] = more[i];
	}
	return n;
}

/* Could the action be a report or an oral update?  A cheap test before the full one. */
static bool mentions_report(const struct para_ctx *pc, const struct action *x)
{
	static const char *const words[] = {"report", "reports", "update", "orally", NULL};

	return any_word(pc, x->a, x->b, words);
}

/*
 * Dues for an action with no anchor of its own: a follow-on's, a recurring
 * report's organs, or the dated thing it serves.  Kinds are worked out only
 * when needed: most actions have no due at all.
 */
static size_t borrowed(struct para_ctx *pc, const struct clause *c, const struct action *x,
                       struct carry *cr, struct anchor *an, unsigned *kinds, struct md_period *rec,
                       bool *recurs, bool *inherited)
{
	size_t n = 0;

	if (x->follow_on && cr->n_prev) {
		memcpy(an, cr->prev, cr->n_prev * sizeof(*an));
		return cr->n_prev;
	}
	static const char *const adverbs[] = {"annually",      "biennially", "triennially",
	                                      "quadrennially", "every",      "yearly",
	                                      "basis",         NULL};
	bool may_recur =
	    mentions_report(pc, x) || (c->cls == V_REQUEST && any_word(pc, x->a, x->b, adverbs));

	if (c->cls == V_STATE)
		return 0; /* a statement ("emphasizes that the annual report ...") with no
		           * due of its own asks for nothing */
	if (may_recur && (*recurs = recurrence_find(pc, x->a, x->b, rec))) {
		*kinds = kinds_of(pc, x);
		if (*kinds & (K_REPORT | K_ORAL) && !(n = recipients(pc, x, an)))
			n = recurring_report(pc, rec, an);
		if (!n && c->cls == V_REQUEST) {
			/* "to report every 120 days", "to circulate annually a note
			 * verbale": recurring, first date not stated */
			memset(an, 0, sizeof(*an));
			an->due.relation = MD_REL_BY;
			an->rule = "recurring, first occurrence not stated";
			n = 1;
		}
		if (n)
			return n;
	}
	if (pc->has_dated || pc->ctx->n_things) {
		if (*kinds == K_UNKNOWN)
			*kinds = kinds_of(pc, x);
		if ((n = inherit(pc, c, x, *kinds, an)))
			*inherited = true;
	}
	return n;
}

static bool emit(struct para_ctx *pc, const struct clause *c, const struct action *x,
                 struct carry *cr)
{
	struct anchor an[MAX_ANCHORS];
	struct md_period rec = {0, 0, 0, 0};
	bool recurs = false, inherited = false;
	unsigned kinds = K_UNKNOWN;
	size_t n;
	double conf = c->cls == V_STATE ? 0.6 : 0.9;

	pc->subj_a = c->actor_a;
	pc->subj_b = c->actor_b;
	n = anchors_find(pc, x->a, x->b, an, MAX_ANCHORS);

	n = prune(an, before_thing(pc, x, an, n));
	if (n) {
		kinds = kinds_of(pc, x);
		recurs = recurrence_find(pc, x->a, x->b, &rec);
		remember(pc, c, x, kinds, an, n);
	}
	if (c->cls == V_PAST)
		return true;
	if (!n && !(n = borrowed(pc, c, x, cr, an, &kinds, &rec, &recurs, &inherited))) {
		cr->pending = true;
		cr->pend = *x;
		return true;
	}
	if (inherited)
		conf -= 0.3;
	if (kinds == K_UNKNOWN)
		kinds = kinds_of(pc, x);
	if (!kinds && cr->pending)
		kinds = kinds_of(pc, &cr->pend);
	cr->pending = false;
	if ((kinds & K_ORGANISE) && !inherited)
		kinds = (kinds & ~K_SUPPORT) | K_MEETING;
	if ((kinds & K_SUPPORT) && !inherited && n < MAX_ANCHORS)
		n = also_serves(pc, x, an, n);
	kinds &= ~K_ORGANISE;
	if (!kinds)
		kinds = K_OTHER;
	if (kinds == K_OTHER && (c->cls == V_EXHORT || c->cls == V_STATE))
		return true; /* "Urges States to ... by 2030": no act the calendar can track */
	if (kinds == K_OTHER)
		conf -= 0.3;
	if (recurs)
		keep_recurring(pc, kinds, &rec, an, n);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < MD_KIND_MAX; k++)
			if ((kinds & (1u << k)) &&
			    !add_obligation(pc, x, (enum md_kind)k, &an[i].due,
			                    recurs ? &rec : NULL, an[i].rule, conf))
				return false;
	memcpy(cr->prev, an, n * sizeof(*an));
	cr->n_prev = n;
	return true;
}

/* "to provide", not "to the Council": an infinitive opens at i ("to"). */
static bool infinitive_at(const char *m, size_t b, size_t i)
{
	static const char *const not_verbs[] = {"the",  "its", "his",  "her",   "their", "all",
	                                        "a",    "an",  "this", "that",  "those", "these",
	                                        "such", "any", "each", "every", NULL};

	if (!word_at(m, b, i, "to"))
		return false;
	i += 3;
	if (i >= b || !islower((unsigned char)m[i]))
		return false;
	for (const char *const *w = not_verbs; *w; w++)
		if (word_at(m, b, i, *w))
			return false;
	return true;
}

/* After ", and" or " and": an infinitive within five words ("and for that reason to extend"). */
static bool and_infinitive(const char *m, size_t b, size_t i)
{
	if (!word_at(m, b, i, "and"))
		return false;
	i += 3;
	for (int words = 0; words < 5 && i < b; words++) {
		while (i < b && m[i] == ' ')
			i++;
		if (infinitive_at(m, b, i))
			return true;
		if (m[i] == ',' || m[i] == ';')
			return false;
		while (i < b && m[i] != ' ' && m[i] != ',')
			i++;
	}
	return false;
}

/* The next action boundary in (from, b), or b. */
static size_t next_action(const struct para_ctx *pc, size_t from, size_t b, bool *follow)
{
	const char *m = pc->mask, *t = pc->text;

	*follow = false;
	for (size_t i = from + 1; i < b; i++) {
		if (m[i] == ';')
			return i + 1;
		if (m[i] == ',' && i + 2 < b && and_infinitive(m, b, i + 2))
			return i + 1;
		if (m[i] == ' ' && and_infinitive(m, b, i + 1) && infinitive_at(m, b, i + 5))
			return i + 1;
		if (m[i] == ',' &&
		    (word_at(m, b, i + 2, "and shall") || word_at(m, b, i + 2, "and will") ||
		     word_at(m, b, i + 2, "and may")))
			return i + 1; /* "shall prepare ..., and shall also decide, at its first
			                 session" */
		if (m[i] == ',' && word_at(m, b, i + 2, "to be followed by")) {
			*follow = true;
			return i + 1;
		}
		if (t[i] == '(' && i + 3 < b && isalpha((unsigned char)t[i + 1]) &&
		    t[i + 2] == ')' && t[i - 1] == ' ' && t[i + 3] == ' ')
			return i;
	}
	return b;
}

/* "To request the Office of the High Commissioner to organize ...": a new actor. */
static void action_actor(struct para_ctx *pc, struct action *x)
{
	size_t i = x->a, to;

	while (i < x->b && (pc->mask[i] == ' ' || pc->mask[i] == ','))
		i++;
	if (has_prefix(pc->text + i, x->b - i, "(") && i + 4 < x->b)
		i += 4;
	if (word_at(pc->mask, x->b, i, "and"))
		i += 4;
	if (word_at(pc->mask, x->b, i, "also"))
		i += 5;
	if (!has_prefix(pc->mask + i, x->b - i, "to request ") &&
	    !has_prefix(pc->mask + i, x->b - i, "to also request ") &&
	    !has_prefix(pc->mask + i, x->b - i, "to invite "))
		return;
	i = find_word(pc->mask, i, x->b, "request") != NPOS
	        ? find_word(pc->mask, i, x->b, "request") + 8
	        : find_word(pc->mask, i, x->b, "invite") + 7;
	to = find_word(pc->mask, i, x->b, "to");
	if (to == NPOS)
		return;
	actor_normalize(pc, pc->text + i, to - i, x->actor, sizeof(x->actor));
	x->organ_actor = false;
}

bool actions_run(struct para_ctx *pc, const struct clause *c)
{
	struct carry cr;
	size_t a = c->a;

	memset(&cr, 0, sizeof(cr));
	while (a < c->b) {
		struct action x;
		bool follow = false;
		size_t b = next_action(pc, a, c->b, &follow);

		memset(&x, 0, sizeof(x));
		x.a = a;
		x.b = b;
		snprintf(x.actor, sizeof(x.actor), "%s", c->actor);
		x.organ_actor = c->organ_actor;
		action_actor(pc, &x);
		if (!emit(pc, c, &x, &cr))
			return false;
		a = b;
		if (follow) {
			/* ", to be followed by an interactive dialogue": the organ's meeting */
			size_t fb = next_action(pc, a + 1, c->b, &follow);

			memset(&x, 0, sizeof(x));
			x.a = a;
			x.b = fb;
			x.follow_on = true;
			x.organ_actor = true;
			snprintf(x.actor, sizeof(x.actor), "%s", organ_name(pc->ctx->organ));
			if (!emit(pc, c, &x, &cr))
				return false;
			a = fb;
		}
	}
	return true;
}
