/*
 * segment.c - from clean text to lines, page furniture, footnotes and the
 * numbered operative paragraphs.
 *
 * Official documents, once turned into text, repeat their furniture on every
 * page: the symbol ("A/RES/80/209"), the title, the job number ("25-20964",
 * "GE.17-05672 (E)"), the page ("5/7") and a barcode ("2520964").  Footnotes
 * sit at page bottoms below a rule of underscores, or open with a
 * superscript digit or "* ".  None of that belongs to a paragraph.
 *
 * Operative paragraphs are found by their numbers in sequence: after the
 * preamble opener ("The General Assembly,"), paragraph k+1 is the first line
 * after paragraph k that opens with "k+1." (or “k+1.).  A decision with only
 * lettered items ("(a) To hold a panel ...") counts them 1, 2, ...; one told
 * as a story ("At its 48th meeting, ... the Council decided to ...") is one
 * paragraph.  The operative part ends at the closing ("44th meeting",
 * "69th plenary meeting", "Adopted ...", "[Adopted without a vote.]").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "mandate/timex.h"
#include "strbuf.h"

bool has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return n <= len && strncasecmp(s, prefix, n) == 0;
}

size_t find_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n && i + n <= len; i++)
		if (tolower((unsigned char)s[i]) == tolower((unsigned char)needle[0]) &&
		    strncasecmp(s + i, needle, n) == 0)
			return i;
	return (size_t)-1;
}

static bool is_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "25-20964", "25-20964 (E)", "GE.17-05672 (E)", "23-24979 (E)    201223" */
static bool is_job_number(const char *s, size_t n)
{
	size_t i = 0;

	if (has_prefix(s, n, "GE."))
		i = 3;
	if (n - i < 8 || !is_digits(s + i, 2) || s[i + 2] != '-' || !is_digits(s + i + 3, 5))
		return false;
	i += 8;
	return i == n || s[i] == ' ';
}

/* "5/7", "Page 3", "- 3 -" */
static bool is_page_number(const char *s, size_t n)
{
	size_t slash = find_ci(s, n, "/");

	if (slash != (size_t)-1 && slash > 0 && slash < 4 && n - slash - 1 <= 3 &&
	    is_digits(s, slash) && is_digits(s + slash + 1, n - slash - 1))
		return true;
	if (has_prefix(s, n, "Page ") && is_digits(s + 5, n - 5))
		return true;
	return n <= 3 && is_digits(s, n);
}

/* A document symbol alone on its line: "A/RES/80/209", "A/HRC/RES/51/34". */
static bool is_symbol_line(const char *s, size_t n)
{
	if (n < 5 || !(s[0] == 'A' || s[0] == 'S' || s[0] == 'E') || s[1] != '/')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ')
			return n - i <= 1;
	return true;
}

static bool is_furniture(const struct line *l)
{
	return is_job_number(l->s, l->len) || is_page_number(l->s, l->len) ||
	       is_symbol_line(l->s, l->len) || (l->len == 7 && is_digits(l->s, 7)) ||
	       has_prefix(l->s, l->len, "Distr.:");
}

static bool is_rule(const struct line *l)
{
	size_t u = 0;

	for (size_t i = 0; i < l->len; i++)
		u += l->s[i] == '_';
	return u >= 5 && u + 2 >= l->len;
}

/* Superscript digits ¹²³ (C2 B9, C2 B2, C2 B3) and ⁰⁴-⁹ (E2 81 B0..B9). */
static bool starts_superscript(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 2 && u[0] == 0xc2 && (u[1] == 0xb9 || u[1] == 0xb2 || u[1] == 0xb3))
		return true;
	return n >= 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xb0 && u[2] <= 0xb9;
}

static bool ends_sentence(const struct line *l)
{
	char c = l->len ? l->s[l->len - 1] : '.';

	return c == '.' || c == ';' || c == ':' || c == ']' || c == ')';
}

static bool split_lines(struct seg *sg, const char *text, size_t len)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	sg->lines = calloc(n, sizeof(*sg->lines));
	if (!sg->lines)
		return false;
	for (size_t i = 0; i <= len && k < n;) {
		size_t e = i, a, b;

		while (e < len && text[e] != '\n')
			e++;
		for (a = i; a < e && text[a] == ' '; a++)
			;
		for (b = e; b > a && text[b - 1] == ' '; b--)
			;
		sg->lines[k].s = text + a;
		sg->lines[k].len = b - a;
		sg->lines[k].blank = b == a;
		k++;
		i = e + 1;
	}
	sg->n_lines = k;
	return true;
}

/*
 * Footnotes: below a rule of underscores until the next page furniture
 * (or the end); lines opening with a superscript digit or "* ", and their
 * continuation while a line does not end a sentence.
 */
static void mark_footnotes(struct seg *sg)
{
	bool below_rule = false, open_note = false;

	for (size_t i = 0; i < sg->n_lines; i++) {
		struct line *l = &sg->lines[i];

		if (l->blank)
			continue;
		if (is_rule(l)) {
			below_rule = true;
			l->noise = true;
			continue;
		}
		if (below_rule && l->furniture)
			below_rule = false;
		if (below_rule) {
			l->noise = true;
			continue;
		}
		if (starts_superscript(l->s, l->len) || has_prefix(l->s, l->len, "* ")) {
			l->noise = true;
			open_note = !ends_sentence(l);
		} else if (open_note) {
			l->noise = true;
			open_note = !ends_sentence(l);
		}
	}
}

static void mark_furniture(struct seg *sg)
{
	for (size_t i = 0; i < sg->n_lines; i++)
		if (!sg->lines[i].blank && is_furniture(&sg->lines[i]))
			sg->lines[i].noise = sg->lines[i].furniture = true;
}

/*
 * The running title of a page header stands next to the furniture: a short
 * line within three lines of furniture that appears word for word in the
 * document's first title lines (the heading) is part of the header.
 */
static void mark_running_titles(struct seg *sg)
{
	const char *head = sg->lines[0].s;
	size_t head_len =
	    sg->preamble < sg->n_lines ? (size_t)(sg->lines[sg->preamble].s - head) : 0;

	for (size_t i = sg->preamble; i < sg->n_lines; i++) {
		struct line *l = &sg->lines[i];
		bool near = false;

		if (l->blank || l->noise || l->len < 4 || l->len > 100)
			continue;
		for (size_t j = i > 4 ? i - 4 : 0; j < sg->n_lines && j <= i + 4; j++)
			if (j != i && sg->lines[j].furniture)
				near = true;
		if (near) {
			char tmp[128];

			memcpy(tmp, l->s, l->len);
			tmp[l->len] = '\0';
			if (find_ci(head, head_len, tmp) != (size_t)-1)
				l->noise = true;
		}
	}
}

static const char *const openers[][2] = {
    {"The General Assembly", "GA"},
    {"The Human Rights Council", "HRC"},
    {"The Security Council", "SC"},
    {"The Economic and Social Council", "ECOSOC"},
    {"The Commission on Human Rights", "CHR"},
    {"The Council", ""},
    {"The Assembly", ""},
};

static bool find_preamble(struct seg *sg)
{
	for (size_t i = 0; i < sg->n_lines; i++) {
		const struct line *l = &sg->lines[i];

		for (size_t k = 0; k < sizeof(openers) / sizeof(openers[0]); k++) {
			size_t n = strlen(openers[k][0]);

			if (has_prefix(l->s, l->len, openers[k][0]) && l->len <= n + 2 &&
			    (l->len == n || l->s[n] == ',' || l->s[n] == ' ')) {
				sg->preamble = i;
				strcpy(sg->organ, openers[k][1]);
				return true;
			}
		}
	}
	sg->preamble = sg->n_lines;
	return false;
}

/* A closing line: "44th meeting", "69th plenary meeting", "Adopted ...". */
/* The rest of a closing line is a date and nothing more. */
static bool closing_date(const char *s, size_t n)
{
	struct md_date d;
	enum md_date_precision prec;
	size_t m = md_timex_date(s, n, 0, &d, &prec);

	while (m && m < n && (s[m] == ' ' || s[m] == '.'))
		m++;
	return m && m == n;
}

static bool is_closing(const struct line *l)
{
	size_t i = 0;

	if ((l->len >= 8 && !strncmp(l->s, "[Adopted", 8)) ||
	    (l->len > 8 && !strncmp(l->s, "Adopted ", 8)) ||
	    (l->len >= 5 && !strncmp(l->s, "Annex", 5) && l->len < 12))
		return true;
	while (i < l->len && isdigit((unsigned char)l->s[i]))
		i++;
	if (!i || i + 2 > l->len)
		return false;
	i += 2; /* st, nd, rd, th */
	if (has_prefix(l->s + i, l->len - i, " plenary meeting"))
		i += 16;
	else if (has_prefix(l->s + i, l->len - i, " meeting"))
		i += 8;
	else
		return false;
	/*
	 * The closing stands alone, or with its date ("44th meeting 7 October
	 * 2022"); "1143rd meeting on 11 August 1964 and ..." opening a line in
	 * the middle of a paragraph is not one.
	 */
	while (i < l->len && (l->s[i] == ' ' || l->s[i] == ','))
		i++;
	return i == l->len || closing_date(l->s + i, l->len - i);
}

/* "12.", "“12.", "12. Requests": the number when line opens paragraph `want`. */
static bool opens_number(const struct line *l, int want)
{
	const char *s = l->s;
	size_t n = l->len, i = 0;
	int v = 0;

	if (n >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x9c)
		i = 3;
	else if (n && s[0] == '"')
		i = 1;
	if (i < n && !isdigit((unsigned char)s[i]))
		return false;
	while (i < n && isdigit((unsigned char)s[i]) && v < 1000)
		v = v * 10 + (s[i++] - '0');
	return v == want && i < n && s[i] == '.' && (i + 1 == n || s[i + 1] == ' ');
}

/* "(a) To hold ...", "“(b)": the letter when the line opens item `want`. */
static bool opens_letter(const struct line *l, char want)
{
	size_t i = 0;

	if (l->len >= 3 && (unsigned char)l->s[0] == 0xe2)
		i = 3;
	return l->len >= i + 3 && l->s[i] == '(' && l->s[i + 1] == want && l->s[i + 2] == ')';
}

static bool add_para(struct seg *sg, int number, size_t first)
{
	struct para *np = realloc(sg->paras, (sg->n_paras + 1) * sizeof(*np));

	if (!np)
		return false;
	sg->paras = np;
	memset(&np[sg->n_paras], 0, sizeof(*np));
	np[sg->n_paras].number = number;
	np[sg->n_paras].first = first;
	sg->n_paras++;
	return true;
}

static size_t find_closing(const struct seg *sg, size_t from)
{
	for (size_t i = from; i < sg->n_lines; i++)
		if (!sg->lines[i].noise && is_closing(&sg->lines[i]))
			return i;
	return sg->n_lines;
}

static bool find_numbered(struct seg *sg, size_t start)
{
	int want = 1;

	for (size_t i = start; i < sg->closing; i++) {
		const struct line *l = &sg->lines[i];

		if (!l->blank && !l->noise && opens_number(l, want)) {
			if (!add_para(sg, want, i))
				return false;
			want++;
		}
	}
	return true;
}

static bool find_lettered(struct seg *sg, size_t start)
{
	char want = 'a';

	for (size_t i = start; i < sg->closing && want <= 'z'; i++) {
		const struct line *l = &sg->lines[i];

		if (!l->blank && !l->noise && opens_letter(l, want)) {
			if (!add_para(sg, want - 'a' + 1, i))
				return false;
			want++;
		}
	}
	return true;
}

/* "At its 48th meeting, on 25 March 2011, the Human Rights Council decided ..." */
static bool find_narrative(struct seg *sg)
{
	for (size_t i = 0; i < sg->closing; i++) {
		const struct line *l = &sg->lines[i];

		bool decided = false;

		if (l->noise || !has_prefix(l->s, l->len, "At its "))
			continue;
		/* "decided" on this line or one of the next two */
		for (size_t j = i; j < sg->closing && j < i + 3 && !decided; j++)
			decided =
			    find_ci(sg->lines[j].s, sg->lines[j].len, "decided") != (size_t)-1;
		if (decided)
			return add_para(sg, 1, i);
	}
	return true;
}

/* Joins a paragraph's lines into one line; "non-\ngovernmental" stays whole. */
static bool flatten(struct seg *sg, struct para *p)
{
	struct strbuf b = {0};

	for (size_t i = p->first; i <= p->last; i++) {
		const struct line *l = &sg->lines[i];
		const char *s = l->s;
		size_t n = l->len;

		if (l->blank || l->noise)
			continue;
		if (b.len && b.s[b.len - 1] != '-')
			strbuf_putc(&b, ' ');
		else if (b.len && b.s[b.len - 1] == '-' && n && !islower((unsigned char)s[0]))
			strbuf_putc(&b, ' ');
		strbuf_put(&b, s, n);
	}
	if (b.failed) {
		free(b.s);
		return false;
	}
	p->flat = b.s ? b.s : strdup("");
	p->flat_len = b.len;
	return p->flat != NULL;
}

static bool close_paras(struct seg *sg)
{
	for (size_t k = 0; k < sg->n_paras; k++) {
		struct para *p = &sg->paras[k];

		p->last = k + 1 < sg->n_paras ? sg->paras[k + 1].first - 1 : sg->closing - 1;
		if (p->last < p->first)
			p->last = p->first;
		if (!flatten(sg, p))
			return false;
	}
	return true;
}

bool seg_run(struct seg *sg, const char *text, size_t len)
{
	size_t start;

	memset(sg, 0, sizeof(*sg));
	if (!split_lines(sg, text, len))
		return false;
	mark_furniture(sg);
	mark_footnotes(sg);
	find_preamble(sg);
	mark_running_titles(sg);
	start = sg->preamble < sg->n_lines ? sg->preamble + 1 : 0;
	sg->closing = find_closing(sg, start);
	if (!find_numbered(sg, start))
		return false;
	if (!sg->n_paras && !find_lettered(sg, start))
		return false;
	if (!sg->n_paras && !find_narrative(sg))
		return false;
	return close_paras(sg);
}

void seg_free(struct seg *sg)
{
	for (size_t i = 0; i < sg->n_paras; i++)
		free(sg->paras[i].flat);
	free(sg->paras);
	free(sg->lines);
	memset(sg, 0, sizeof(*sg));
}
