/*
 * clause_int.h - what the paragraph reader's parts share (clause.c,
 * actor.c, action.c, anchor.c).  Not public.
 */
#ifndef MANDATE_CLAUSE_INT_H
#define MANDATE_CLAUSE_INT_H

#include "extract_int.h"

#define NPOS ((size_t)-1)

enum verb_class {
	V_NONE,    /* no operative verb: a continuation or a story */
	V_REQUEST, /* requests, authorizes, entrusts ...: asks for an act */
	V_EXHORT,  /* invites, calls upon, urges, encourages: an act only when named */
	V_DECIDE,  /* decides, resolves, extends, renews ... */
	V_STATE,   /* emphasizes, stresses ... (may still carry a need) */
	V_PAST,    /* welcomes, takes note, recalls ...: decides nothing */
};

struct clause {
	size_t a, b; /* byte range in the paragraph */
	enum verb_class cls;
	size_t vend; /* end of the verb */
	char actor[160];
	bool organ_actor;        /* the actor is the adopting organ */
	size_t actor_a, actor_b; /* where the actor is named, when it is (else both 0) */
};

struct para_ctx {
	struct doc_ctx *ctx;
	int number;
	const char *text; /* the paragraph */
	char *mask;       /* the paragraph with quotes and parentheses blanked */
	size_t len;
	size_t base; /* offset of the paragraph in the record's text */
	struct md_record *r;
	char last_actor[160];  /* what "him" and "her" refer to */
	size_t subj_a, subj_b; /* the current clause's subject: what "its" may refer to */
	bool has_dated;        /* the last dated thing named in this paragraph */
	struct md_due dated;
};

/* A time anchor found in a range of the paragraph. */
struct anchor {
	size_t pos, end;
	struct md_due due;
	const char *rule;
};

#define MAX_ANCHORS 8

bool word_at(const char *s, size_t len, size_t i, const char *w);
size_t find_word(const char *s, size_t from, size_t to, const char *w);
/* The first place in [from, to) where any of the NULL-terminated words stands. */
size_t find_any_word(const char *s, size_t from, size_t to, const char *const *words);
/* The same for words that may stand inside longer words ("webcast" in "webcasting"). */
size_t find_any_text(const char *s, size_t from, size_t to, const char *const *words);

/* Fills c->actor and c->organ_actor from the clause's verb and object. */
void actor_of_clause(struct para_ctx *pc, struct clause *c);
/* Short form of an actor phrase s[0..n) into out. */
void actor_normalize(const struct para_ctx *pc, const char *s, size_t n, char *out, size_t size);
/* The adopting organ's name ("Human Rights Council"). */
const char *organ_name(const char *code);

/* Splits a clause into actions and records their obligations. false: ENOMEM. */
bool actions_run(struct para_ctx *pc, const struct clause *c);

/* Time anchors in [a, b) of the paragraph; returns how many (<= max). */
size_t anchors_find(struct para_ctx *pc, size_t a, size_t b, struct anchor *out, size_t max);

/* The recurrence named in [a, b), if any. */
bool recurrence_find(const struct para_ctx *pc, size_t a, size_t b, struct md_period *out);

/* The organ code of a body named at s[i..] ("General Assembly" -> "GA"), or NULL. */
const char *body_at(const struct para_ctx *pc, size_t i, size_t *end);

#endif
