/*
 * record.h - the extraction record: what the reader finds in one document.
 *
 * The record is the contract between the extractor (lib/extract*.c), the store
 * and every output.  Its JSON form is the one in docs/extraction.md (the
 * shared corpus schema): symbol, body, session, adopted, title,
 * operative_paragraphs and obligations with paragraph, kind, actor, due and
 * recurrence; mandate adds fields of its own (span, rule, confidence, text).
 */
#ifndef MANDATE_RECORD_H
#define MANDATE_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "mandate/date.h"
#include "mandate/err.h"

enum md_kind {
	MD_KIND_REPORT,
	MD_KIND_ORAL_UPDATE,
	MD_KIND_MEETING,
	MD_KIND_WEBCAST,
	MD_KIND_SUPPORT,
	MD_KIND_MANDATE,
	MD_KIND_AGENDA,
	MD_KIND_OTHER,
	MD_KIND_MAX
};

enum md_relation {
	MD_REL_AT,     /* during the session */
	MD_REL_BEFORE, /* before the session opens or before the date */
	MD_REL_BY,     /* no later than the date */
	MD_REL_UNTIL,  /* a period ending then */
	MD_REL_ON,     /* on that very date */
	MD_REL_MAX
};

/*
 * When something is due: a session of an organ, or a date.
 * body[0] != '\0' means a session: number > 0, or 0 when the text names the
 * organ but not which session (a recurring "annual report to the Council").
 * Otherwise date is the day (MD_DATE_NONE only for a recurrence with no
 * first date).
 */
struct md_due {
	enum md_relation relation;
	char body[16];
	int number;
	struct md_date date;
};

/* One operative paragraph, numbered as printed ((a), (b) of a decision count 1, 2). */
struct md_paragraph {
	int number;
	size_t start, end; /* byte span in the record's text */
};

struct md_obligation {
	int paragraph;
	enum md_kind kind;
	char *actor; /* short form: "High Commissioner", never NULL */
	struct md_due due;
	struct md_period recurrence; /* all zero: not recurring */
	size_t start, end;           /* byte span of the request in the record's text */
	const char *rule;            /* static: which rule produced the due */
	double confidence;           /* 0..1: how sure the reader is */
};

struct md_record {
	char *symbol; /* canonical symbol or NULL */
	char *body;   /* "HRC", "GA", "SC", ... or NULL */
	int session;  /* session of adoption, 0 when none */
	struct md_date adopted;
	char *title; /* or NULL */
	int operative_paragraphs;
	struct md_paragraph *paragraphs;
	size_t n_paragraphs;
	struct md_obligation *obligations;
	size_t n_obligations;
	char *text; /* the normalised text the spans point into */
	size_t text_len;
};

/* Frees r and everything it owns.  md_record_free(NULL) is a no-op. */
void md_record_free(struct md_record *r);

/* Short names used in JSON and the database: "report", "at", ... */
const char *md_kind_name(enum md_kind k);
const char *md_relation_name(enum md_relation r);
/* Parse them back; -1 when unknown. */
int md_kind_parse(const char *s);
int md_relation_parse(const char *s);

/*
 * Returns a new JSON object for the record in the schema of
 * docs/extraction.md (caller frees with json_decref), or NULL when out of
 * memory.  With extra != 0 the mandate-specific fields are included too.
 */
json_t *md_record_json(const struct md_record *r, int extra);

/* A new JSON string "YYYY-MM-DD", or JSON null for no date. */
json_t *md_date_json(struct md_date d);

/* Returns a new JSON object for a due: {"relation", "session", "date"}. */
json_t *md_due_json(const struct md_due *d);

/* Fills *d from such an object.  MD_OK or MD_EINVAL (with a message). */
enum md_err md_due_from_json(const json_t *j, struct md_due *d, struct md_error *err);

/* One line a person reads: "at HRC 53", "by 2024-12-31", "at each GA session". */
void md_due_describe(const struct md_due *d, const struct md_period *rec, char *buf, size_t size);

#endif
