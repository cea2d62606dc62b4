/*
 * actor.c - who must act: the object of "requests", "invites", "calls
 * upon" (up to its "to"), the adopting organ for "decides", or the subject of
 * "decides that X shall ...".  Actors are given in the short forms of the
 * extraction record: "Office of the United Nations High Commissioner for
 * Human Rights" is "High Commissioner", "Member States" is "States", and
 * "him" or "her" is the actor last named.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "clause_int.h"

static const struct {
	const char *contains;
	const char *shortform;
} short_forms[] = {
    {"President of the General Assembly", "President of the General Assembly"},
    {"High Commissioner", "High Commissioner"},
    {"Secretary-General", "Secretary-General"},
    {"Secretary- General", "Secretary-General"},
    {"Advisory Committee", "Advisory Committee"},
    {"Member States", "States"},
    {"all States", "States"},
};

const char *organ_name(const char *code)
{
	if (!strcmp(code, "HRC"))
		return "Human Rights Council";
	if (!strcmp(code, "GA"))
		return "General Assembly";
	if (!strcmp(code, "SC"))
		return "Security Council";
	if (!strcmp(code, "ECOSOC"))
		return "Economic and Social Council";
	return code[0] ? code : "the organ";
}

static size_t trim_article(const char *s, size_t n)
{
	if (has_prefix(s, n, "the "))
		return 4;
	if (has_prefix(s, n, "its request to the "))
		return 19;
	if (has_prefix(s, n, "its request to "))
		return 15;
	return 0;
}

void actor_normalize(const struct para_ctx *pc, const char *s, size_t n, char *out, size_t size)
{
	size_t k;

	while (n && (s[n - 1] == ' ' || s[n - 1] == ','))
		n--;
	k = trim_article(s, n);
	s += k;
	n -= k;
	if ((n == 3 && !strncmp(s, "him", 3)) || (n == 3 && !strncmp(s, "her", 3)) ||
	    (n == 4 && !strncmp(s, "them", 4))) {
		snprintf(out, size, "%s", pc->last_actor[0] ? pc->last_actor : "Secretary-General");
		return;
	}
	for (size_t i = 0; i < sizeof(short_forms) / sizeof(short_forms[0]); i++)
		if (find_ci(s, n, short_forms[i].contains) != (size_t)-1) {
			snprintf(out, size, "%s", short_forms[i].shortform);
			return;
		}
	if (n == 6 && !strncasecmp(s, "States", 6)) {
		snprintf(out, size, "States");
		return;
	}
	/* a long object: keep up to the first comma */
	for (k = 0; k < n && s[k] != ','; k++)
		;
	if (k > 120)
		k = 120;
	snprintf(out, size, "%.*s", (int)k, s);
}

/* The object of a request verb: from the verb to its "to" (masked text). */
static void request_object(struct para_ctx *pc, struct clause *c)
{
	size_t i = c->vend, to;

	while (i < c->b && pc->mask[i] == ' ')
		i++;
	to = find_word(pc->mask, i, c->b, "to");
	if (to == NPOS || to - i > 300) {
		snprintf(c->actor, sizeof(c->actor), "%s", organ_name(pc->ctx->organ));
		c->organ_actor = true;
		return;
	}
	actor_normalize(pc, pc->text + i, to - i, c->actor, sizeof(c->actor));
	c->actor_a = i;
	c->actor_b = to;
}

/* "decides that the Preparatory Committee shall ...": the subject. */
static bool decided_subject(struct para_ctx *pc, struct clause *c)
{
	size_t i = c->vend, end = NPOS;
	static const char *const modals[] = {"shall", "will", "may", "should", "must"};

	while (i < c->b && (pc->mask[i] == ' ' || pc->mask[i] == ','))
		i++;
	if (!word_at(pc->mask, c->b, i, "that"))
		return false;
	i += 5;
	for (size_t k = 0; k < 5; k++) {
		size_t at = find_word(pc->mask, i, c->b, modals[k]);

		if (at != NPOS && (end == NPOS || at < end))
			end = at;
	}
	if (end == NPOS || end - i > 160 || find_ci(pc->mask + i, end - i, "meeting") != NPOS ||
	    find_ci(pc->mask + i, end - i, "proceedings") != NPOS ||
	    find_ci(pc->mask + i, end - i, "session") != NPOS ||
	    find_ci(pc->mask + i, end - i, "procedures") != NPOS)
		return false;
	actor_normalize(pc, pc->text + i, end - i, c->actor, sizeof(c->actor));
	c->actor_a = i;
	c->actor_b = end;
	return true;
}

void actor_of_clause(struct para_ctx *pc, struct clause *c)
{
	c->actor[0] = '\0';
	c->organ_actor = false;
	c->actor_a = c->actor_b = 0;
	if (c->cls == V_REQUEST || c->cls == V_EXHORT)
		request_object(pc, c);
	else if (c->cls == V_DECIDE && decided_subject(pc, c))
		;
	else {
		snprintf(c->actor, sizeof(c->actor), "%s", organ_name(pc->ctx->organ));
		c->organ_actor = true;
	}
	if (!c->organ_actor)
		snprintf(pc->last_actor, sizeof(pc->last_actor), "%s", c->actor);
}
