/*
 * meta.c - the adoption metadata: symbol, organ, session, date and title.
 *
 * Forms read (first match wins, in this order):
 *   symbol   a symbol alone on a header line ("A/RES/80/209"); else the
 *            heading "51/34. Title" under a Human Rights Council heading
 *            (A/HRC/RES/51/34; "Decision 13/117" or a "Decision adopted by"
 *            line gives A/HRC/DEC/13/117), under the General Assembly
 *            (A/RES/80/209); "Resolution 553 (1984)" of the Security
 *            Council gives S/RES/553 (1984).
 *   organ    the preamble opener ("The Human Rights Council,"), else the symbol.
 *   session  the number before the slash of the heading ("51/34" -> 51), else
 *            the header's "Fifty-first session"; none for the Security Council.
 *   adopted  "adopted by the ... on 7 October 2022", "Resolution 553 (1984)
 *            of 15 June 1984", the closing "44th meeting / 7 October 2022",
 *            "At its 48th meeting, on 25 March 2011".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "mandate/timex.h"
#include "strbuf.h"

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static size_t read_uint(const char *s, size_t n, int *out)
{
	size_t i = 0;
	long v = 0;

	while (i < n && i < 6 && isdigit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i)
		*out = (int)v;
	return i;
}

/* "51/34." or "51/34 " or "Decision 2/102." at the start of s: session and number. */
static size_t read_heading(const char *s, size_t n, int *ses, int *num)
{
	size_t i = 0, k;

	if (has_prefix(s, n, "Decision "))
		i = 9;
	else if (has_prefix(s, n, "Resolution "))
		i = 11;
	k = read_uint(s + i, n - i, ses);
	if (!k || i + k >= n || s[i + k] != '/')
		return 0;
	i += k + 1;
	k = read_uint(s + i, n - i, num);
	if (!k)
		return 0;
	i += k;
	if (i < n && s[i] != '.' && s[i] != ' ')
		return 0;
	return i;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '.'))
		i++;
	return i;
}

/* The heading line and its title, which may run on over the next lines. */
static bool find_heading(const struct seg *sg, struct md_record *r, bool *is_decision)
{
	size_t end = sg->preamble < sg->n_lines ? sg->preamble : sg->n_lines;

	for (size_t i = 0; i < end; i++) {
		const struct line *l = &sg->lines[i];
		int ses = 0, num = 0;
		size_t k = l->noise ? 0 : read_heading(l->s, l->len, &ses, &num);
		struct strbuf t = {0};

		if (!k)
			continue;
		*is_decision = has_prefix(l->s, l->len, "Decision");
		r->session = ses;
		r->operative_paragraphs = num; /* the heading's number; replaced below */
		k = skip_blanks(l->s, l->len, k);
		strbuf_put(&t, l->s + k, l->len - k);
		for (size_t j = i + 1; j < end && !sg->lines[j].noise; j++) {
			if (sg->lines[j].blank) {
				/* a title broken over a blank line goes on in lower case */
				while (j + 1 < end && sg->lines[j + 1].blank)
					j++;
				if (j + 1 >= end || !islower((unsigned char)sg->lines[j + 1].s[0]))
					break;
				continue;
			}
			if (t.len)
				strbuf_putc(&t, ' ');
			strbuf_put(&t, sg->lines[j].s, sg->lines[j].len);
		}
		if (t.failed)
			return false;
		r->title = t.len ? t.s : (free(t.s), NULL);
		return true;
	}
	return true;
}

static const char *organ_of_symbol(const char *sym)
{
	if (!strncmp(sym, "A/HRC/", 6))
		return "HRC";
	if (!strncmp(sym, "A/", 2))
		return "GA";
	if (!strncmp(sym, "S/", 2))
		return "SC";
	if (!strncmp(sym, "E/", 2))
		return "ECOSOC";
	return NULL;
}

/* "Decision adopted by the Human Rights Council": the first organ the header names. */
static const char *organ_in_header(const struct seg *sg)
{
	static const char *const names[][2] = {{"Human Rights Council", "HRC"},
	                                       {"General Assembly", "GA"},
	                                       {"Security Council", "SC"},
	                                       {"Economic and Social Council", "ECOSOC"}};
	size_t end = sg->n_paras ? sg->paras[0].first : sg->n_lines;

	for (size_t i = 0; i < end; i++)
		for (size_t k = 0; k < 4; k++)
			if (find_ci(sg->lines[i].s, sg->lines[i].len, names[k][0]) != (size_t)-1)
				return names[k][1];
	return NULL;
}

static bool find_symbol_line(const struct seg *sg, struct md_record *r)
{
	size_t end = sg->preamble < sg->n_lines ? sg->preamble : sg->n_lines;

	for (size_t i = 0; i < end; i++) {
		const struct line *l = &sg->lines[i];

		if (l->len >= 5 && l->len < 40 &&
		    (l->s[0] == 'A' || l->s[0] == 'S' || l->s[0] == 'E') && l->s[1] == '/' &&
		    find_ci(l->s, l->len, "RES/") != (size_t)-1 &&
		    find_ci(l->s, l->len, " ") == (size_t)-1)
			return (r->symbol = dup_n(l->s, l->len)) != NULL;
	}
	return true;
}

/* "Resolution 553 (1984)" / "RESOLUTION 281 (1970)" anywhere before the preamble. */
static bool find_sc_symbol(const struct seg *sg, struct md_record *r)
{
	size_t end = sg->preamble < sg->n_lines ? sg->preamble : sg->n_lines;

	for (size_t i = 0; i < end; i++) {
		const struct line *l = &sg->lines[i];
		size_t at = find_ci(l->s, l->len, "Resolution ");
		int num = 0, year = 0;
		size_t k;

		if (at == (size_t)-1)
			continue;
		at += 11;
		k = read_uint(l->s + at, l->len - at, &num);
		if (!k || at + k + 7 > l->len || l->s[at + k] != ' ' || l->s[at + k + 1] != '(')
			continue;
		if (read_uint(l->s + at + k + 2, l->len - at - k - 2, &year) == 4 &&
		    l->s[at + k + 6] == ')') {
			char sym[48];

			snprintf(sym, sizeof(sym), "S/RES/%d (%d)", num, year);
			return (r->symbol = strdup(sym)) != NULL;
		}
	}
	return true;
}

/* "on 7 October 2022" / ", on 25 March 2011" / "of 15 June 1984" after `cue`. */
static bool date_after(const char *s, size_t n, const char *cue, struct md_date *out)
{
	size_t from = 0, at;
	enum md_date_precision prec;

	while ((at = find_ci(s + from, n - from, cue)) != (size_t)-1) {
		size_t i = from + at + strlen(cue);

		while (i < n && (s[i] == ' ' || s[i] == ','))
			i++;
		if (has_prefix(s + i, n - i, "on ") || has_prefix(s + i, n - i, "of "))
			i += 3;
		if (md_timex_date(s + i, n - i, 0, out, &prec) && prec == MD_PREC_DAY)
			return true;
		from += at + 1;
	}
	return false;
}

/*
 * OCR of old documents reads "1970" as "l970": years in a copy of the line
 * get 'l' and 'I' before three digits turned into '1'.
 */
static void fix_ocr_years(char *s, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++)
		if ((s[i] == 'l' || s[i] == 'I') && (i == 0 || s[i - 1] == ' ') &&
		    isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
		    isdigit((unsigned char)s[i + 3]))
			s[i] = '1';
}

static bool adopted_in_line(const char *s, size_t n, struct md_date *out)
{
	char tmp[512];

	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	fix_ocr_years(tmp, n);
	if (find_ci(tmp, n, "adopted") != (size_t)-1 && date_after(tmp, n, " on", out))
		return true;
	if (has_prefix(tmp, n, "Resolution ") && date_after(tmp, n, ") of", out))
		return true;
	return has_prefix(tmp, n, "At its ") && date_after(tmp, n, "meeting,", out);
}

/* The closing "44th meeting" with the date on its line or the next. */
static bool adopted_at_closing(const struct seg *sg, struct md_date *out)
{
	enum md_date_precision prec;

	for (size_t i = sg->preamble < sg->n_lines ? sg->preamble : 0; i < sg->n_lines; i++) {
		const struct line *l = &sg->lines[i];
		size_t at = find_ci(l->s, l->len, "meeting");

		if (l->noise || at == (size_t)-1 || !isdigit((unsigned char)l->s[0]) || at > 20)
			continue;
		at += 7;
		while (at < l->len && (l->s[at] == ' ' || l->s[at] == ','))
			at++;
		if (at < l->len)
			return md_timex_date(l->s + at, l->len - at, 0, out, &prec) &&
			       prec == MD_PREC_DAY;
		for (size_t j = i + 1; j < sg->n_lines && j < i + 3; j++)
			if (!sg->lines[j].blank)
				return md_timex_date(sg->lines[j].s, sg->lines[j].len, 0, out,
				                     &prec) &&
				       prec == MD_PREC_DAY;
	}
	return false;
}

static void find_adopted(const struct seg *sg, struct md_record *r)
{
	size_t end = sg->preamble < sg->n_lines ? sg->preamble : sg->n_lines;

	for (size_t i = 0; i < end; i++) {
		const struct line *l = &sg->lines[i];
		/* "Resolution adopted by the Human Rights Council" / "on 7 October 2022" */
		char two[512];
		size_t n = 0;

		if (l->noise || l->blank)
			continue;
		n = (size_t)snprintf(two, sizeof(two), "%.*s", (int)l->len, l->s);
		if (i + 1 < end && n < sizeof(two) - 1)
			n += (size_t)snprintf(two + n, sizeof(two) - n, " %.*s",
			                      (int)sg->lines[i + 1].len, sg->lines[i + 1].s);
		if (n >= sizeof(two))
			n = sizeof(two) - 1;
		if (adopted_in_line(two, n, &r->adopted))
			return;
	}
	if (!adopted_at_closing(sg, &r->adopted))
		r->adopted = MD_DATE_NONE;
}

/* "Fifty-first session" in the header: the session of adoption. */
static void find_header_session(const struct seg *sg, struct md_record *r)
{
	size_t end = sg->preamble < sg->n_lines ? sg->preamble : sg->n_lines;

	for (size_t i = 0; i < end && !r->session; i++) {
		const struct line *l = &sg->lines[i];

		for (size_t k = 0; k < l->len; k++) {
			int v = 0;
			size_t m;

			if (k && isalnum((unsigned char)l->s[k - 1]))
				continue;
			m = md_timex_ordinal(l->s + k, l->len - k, &v);
			if (m && has_prefix(l->s + k + m, l->len - k - m, " session")) {
				r->session = v;
				break;
			}
		}
	}
}

static bool make_symbol(struct md_record *r, bool is_decision, const struct seg *sg)
{
	char sym[64];
	int number = r->operative_paragraphs;
	bool dec = is_decision;

	if (r->symbol || !r->session || !number || !r->body)
		return true;
	for (size_t i = 0; i < sg->preamble && i < sg->n_lines && !dec; i++)
		dec = has_prefix(sg->lines[i].s, sg->lines[i].len, "Decision adopted");
	if (!strcmp(r->body, "HRC"))
		snprintf(sym, sizeof(sym), "A/HRC/%s/%d/%d", dec ? "DEC" : "RES", r->session,
		         number);
	else if (!strcmp(r->body, "GA"))
		snprintf(sym, sizeof(sym), "A/%s%d/%d", dec ? "DEC/" : "RES/", r->session, number);
	else
		return true;
	return (r->symbol = strdup(sym)) != NULL;
}

bool meta_run(const struct seg *sg, struct md_record *r)
{
	bool is_decision = false;
	const char *organ = sg->organ[0] ? sg->organ : NULL;

	if (!find_symbol_line(sg, r) || !find_heading(sg, r, &is_decision))
		return false;
	if (!r->symbol && !find_sc_symbol(sg, r))
		return false;
	if (!organ && r->symbol)
		organ = organ_of_symbol(r->symbol);
	if (!organ)
		organ = organ_in_header(sg);
	if (organ && !(r->body = strdup(organ)))
		return false;
	if (!make_symbol(r, is_decision, sg))
		return false;
	if (!r->session && (!r->body || strcmp(r->body, "SC")))
		find_header_session(sg, r);
	if (r->body && !strcmp(r->body, "SC"))
		r->session = 0;
	find_adopted(sg, r);
	r->operative_paragraphs = (int)sg->n_paras;
	return true;
}
