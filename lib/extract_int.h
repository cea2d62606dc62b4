/*
 * extract_int.h - what the reader's parts share inside lib/ (not public).
 *
 * The reader works in three passes over a normalised text:
 *   segment.c  lines -> page furniture and footnotes dropped -> the preamble
 *              start and the numbered operative paragraphs (flat text);
 *   meta.c     symbol, organ, session, adoption date and title;
 *   clause.c   each paragraph -> requests -> kind, actor and due.
 */
#ifndef MANDATE_EXTRACT_INT_H
#define MANDATE_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/record.h"

struct line {
	const char *s; /* first non-blank byte */
	size_t len;    /* without surrounding blanks */
	bool blank;
	bool noise;     /* page furniture or footnote */
	bool furniture; /* the symbol, job number, page number or barcode */
};

struct para {
	int number;
	size_t first, last; /* line range, inclusive */
	char *flat;         /* the paragraph's text on one line, number removed */
	size_t flat_len;
};

struct seg {
	struct line *lines;
	size_t n_lines;
	size_t preamble; /* index of "The General Assembly," or n_lines */
	size_t closing;  /* first line after the operative part */
	char organ[16];  /* from the preamble opener: "HRC", "GA", "SC", "" */
	struct para *paras;
	size_t n_paras;
};

/* Splits and classifies; false when out of memory. */
bool seg_run(struct seg *sg, const char *text, size_t len);
void seg_free(struct seg *sg);

/* Fills the record's metadata from the segmented text. false on ENOMEM. */
bool meta_run(const struct seg *sg, struct md_record *r);

/* Context the clause reader needs about the document. */
struct doc_ctx {
	const char *organ;      /* adopting organ code, "" when unknown */
	int session;            /* adoption session, 0 when unknown */
	struct md_date adopted; /* may be none */
	/* dated things read so far, by noun: what "the meeting" refers to */
	struct {
		char noun[24];
		struct md_due due;
	} things[16];
	size_t n_things;
	/* the end of the last period read: "at the end of this period" */
	bool has_until;
	struct md_date until;
	/* the last recurring report: what "their annual report" refers to */
	bool has_recurring;
	struct md_due recurring;
	struct md_period recurring_every;
};

/*
 * Reads one paragraph's flat text and appends obligations to r (offsets
 * are relative to the paragraph text; base is added).  false on ENOMEM.
 */
bool clause_run(struct doc_ctx *ctx, int number, const char *text, size_t len, size_t base,
                struct md_record *r);

/* Case-insensitive prefix test over a bounded string. */
bool has_prefix(const char *s, size_t len, const char *prefix);
/* Case-insensitive search of needle in s[0..len); returns offset or (size_t)-1. */
size_t find_ci(const char *s, size_t len, const char *needle);

#endif
