/*
 * web_mark.c - where a resolution page marks the requests and their dues.
 *
 * The store keeps each obligation's span as byte offsets into the whole
 * normalised text the document was read from, but only the operative
 * paragraphs' own texts, not where each paragraph began.  The offset of a
 * paragraph is found again by reading the stored paragraphs once more with
 * the reader: it is pure and reads each paragraph on its own, so an
 * obligation it finds again (same paragraph, kind and ordinal, a span of
 * the same length) tells where its paragraph starts in the original
 * offsets.  Every other stored obligation of that paragraph is then placed
 * by its stored span.  A paragraph none of whose obligations is found
 * again (the reader changed since the document was stored) gets no marks:
 * its requests are still listed under it, never marked in the wrong words.
 *
 * Inside a request the words of its due are found with the time grammars
 * of timex.h: "at its fifty-third session", "before the next session",
 * "by 31 December 2024", "within 90 days", "annually".
 */
#include "web_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mandate/extract.h"
#include "mandate/timex.h"

/* ---- the due inside a request ---- */

static bool word_start(const char *s, size_t i, size_t from)
{
	return i == from || !isalnum((unsigned char)s[i - 1]);
}

/* "fifty-third session", "53rd session": the length, 0 when not the due's session. */
static size_t session_words(const char *s, size_t n, const struct md_due *due)
{
	size_t k, sp;
	int num;

	if (!due->body[0] || !(k = md_timex_ordinal(s, n, &num)))
		return 0;
	if (due->number && num != due->number)
		return 0;
	for (sp = k; sp < n && s[sp] == ' '; sp++)
		;
	if (sp == k || n - sp < 7 || strncasecmp(s + sp, "session", 7))
		return 0;
	return sp + 7;
}

static size_t next_session_words(const char *s, size_t n, const struct md_due *due)
{
	return due->body[0] && n >= 12 && !strncasecmp(s, "next session", 12) ? 12 : 0;
}

static size_t date_words(const char *s, size_t n, const struct md_due *due)
{
	struct md_date d;
	size_t k;

	if (due->body[0] || md_date_is_none(due->date) || !(k = md_timex_date(s, n, 1, &d, NULL)))
		return 0;
	return md_date_cmp(d, due->date) == 0 ? k : 0;
}

static size_t within_words(const char *s, size_t n, const struct md_due *due)
{
	struct md_period p;
	size_t k;

	if (due->body[0] || n < 7 || strncasecmp(s, "within ", 7))
		return 0;
	k = md_timex_duration(s + 7, n - 7, &p);
	return k ? 7 + k : 0;
}

/* The words before a due that belong to it: "at its", "before the", "by". */
static size_t extend_back(const char *s, size_t from, size_t at)
{
	static const char *const words[] = {"at",    "its",    "the", "before", "by",   "until",
	                                    "prior", "during", "to",  "on",     "their"};

	for (int taken = 0; taken < 3 && at > from + 1 && s[at - 1] == ' '; taken++) {
		size_t b = at - 1, len;
		bool known = false;

		while (b > from && isalpha((unsigned char)s[b - 1]))
			b--;
		len = at - 1 - b;
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			known |= len == strlen(words[i]) && !strncasecmp(s + b, words[i], len);
		if (!known)
			break;
		at = b;
	}
	return at;
}

void md_web_find_due(const char *text, size_t len, const struct md_due *due,
                     const struct md_period *rec, struct md_web_mark *m)
{
	size_t (*const finders[])(const char *, size_t, const struct md_due *) = {
	    session_words, next_session_words, date_words, within_words};
	size_t end = m->end < len ? m->end : len, k;
	struct md_period p;

	m->due_start = m->due_end = 0;
	for (size_t f = 0; f < sizeof(finders) / sizeof(finders[0]); f++)
		for (size_t i = m->start; i < end; i++) {
			if (!word_start(text, i, m->start) ||
			    !(k = finders[f](text + i, end - i, due)))
				continue;
			m->due_start = extend_back(text, m->start, i);
			m->due_end = i + k;
			return;
		}
	for (size_t i = m->start; rec && !md_period_is_none(*rec) && i < end; i++)
		if (word_start(text, i, m->start) &&
		    (k = md_timex_recurrence(text + i, end - i, &p))) {
			m->due_start = i;
			m->due_end = i + k;
			return;
		}
}

/* ---- where each paragraph began ---- */

static const char *body_name(const char *body)
{
	if (body && !strcmp(body, "HRC"))
		return "Human Rights Council";
	if (body && !strcmp(body, "SC"))
		return "Security Council";
	return "General Assembly";
}

/*
 * The stored document as a text the reader accepts: a heading, then the
 * paragraphs (each begins with its number), one blank line apart.  The
 * reader normalises what it reads, so where a paragraph starts is taken
 * from its record, not from here.
 */
static char *rebuild(const struct md_store_doc *d, size_t *len)
{
	const char *name = body_name(d->body);
	size_t cap = 512 + strlen(d->symbol) + (d->title ? strlen(d->title) : 0), n;
	char *t;

	for (size_t i = 0; i < d->n_paragraphs; i++)
		cap += strlen(d->paragraphs[i].text) + 2;
	if (!(t = malloc(cap)))
		return NULL;
	n = (size_t)snprintf(t, cap, "%s\n\nResolution adopted by the %s\n\n%s\n\nThe %s,\n\n",
	                     d->symbol, name, d->title ? d->title : "", name);
	for (size_t i = 0; i < d->n_paragraphs; i++) {
		size_t k = strlen(d->paragraphs[i].text);

		memcpy(t + n, d->paragraphs[i].text, k);
		memcpy(t + n + k, "\n\n", 2);
		n += k + 2;
	}
	t[n] = '\0';
	*len = n;
	return t;
}

/* The stored obligation the reader's j-th one is, or NULL. */
static const struct md_store_origin *same(const struct md_record *r, size_t j,
                                          const struct md_store_origin *o, size_t n)
{
	const struct md_obligation *ob = &r->obligations[j];
	int ordinal = 0;

	for (size_t k = 0; k < j; k++)
		ordinal += r->obligations[k].paragraph == ob->paragraph &&
		           r->obligations[k].kind == ob->kind;
	for (size_t i = 0; i < n; i++)
		if (!o[i].staff && o[i].paragraph == ob->paragraph && o[i].ordinal == ordinal &&
		    !strcmp(o[i].kind, md_kind_name(ob->kind)) && o[i].span_start >= 0 &&
		    o[i].span_end - o[i].span_start == (long long)(ob->end - ob->start))
			return &o[i];
	return NULL;
}

/* Where the reader put paragraph number in its text, or -1. */
static long long record_para(const struct md_record *r, int number)
{
	for (size_t k = 0; k < r->n_paragraphs; k++)
		if (r->paragraphs[k].number == number)
			return (long long)r->paragraphs[k].start;
	return -1;
}

enum md_err web_locate(const struct md_store_doc *d, const struct md_store_origin *o, size_t n,
                       long long *starts, struct md_error *err)
{
	size_t len;
	struct md_record *r = NULL;
	char *text;

	for (size_t i = 0; i < d->n_paragraphs; i++)
		starts[i] = -1;
	if (!(text = rebuild(d, &len)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if (md_extract_run(d->symbol, text, len, &r, NULL) == MD_OK) {
		for (size_t j = 0; j < r->n_obligations; j++) {
			const struct md_obligation *ob = &r->obligations[j];
			const struct md_store_origin *s = same(r, j, o, n);
			long long mine = record_para(r, ob->paragraph);

			for (size_t i = 0; s && mine >= 0 && i < d->n_paragraphs; i++)
				if (d->paragraphs[i].number == s->paragraph && starts[i] < 0 &&
				    (long long)ob->start >= mine)
					starts[i] = s->span_start - ((long long)ob->start - mine);
		}
	}
	md_record_free(r);
	free(text);
	return MD_OK;
}
