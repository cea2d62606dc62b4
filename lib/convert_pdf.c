/*
 * convert_pdf.c - a PDF's text, page by page and line by line, without its
 * page furniture.
 *
 * poppler's pdftotext runs in a child process (convert_child.c) with
 * -bbox-layout: it writes every line it finds, in reading order (columns
 * one after the other), with its box on the page.  We read that XHTML with
 * libxml2 and, knowing where each line sits, keep out of the text:
 *   - headers and footers: lines in the top or bottom 8% of a page (after
 *     the first) whose words, digits aside, are printed in the same band of
 *     another page ("A/RES/78/199", "23-26037", "2/4"), and lone page numbers;
 *     the top of the first page stays: the reader reads the symbol there;
 *   - footnotes: from a rule of underscores in the lower part of a page to
 *     its bottom; without a rule, lines in smaller type in the lower half
 *     of a page that open with a note number ("1 A/CONF.157/24 ...");
 *   - note marks: a superscript number in a line ("1993,¹ for");
 * we put back together the pieces pdftotext makes of a justified line whose
 * words stand far apart, and read a page set in two columns column by
 * column (see order_columns);
 * and we rebuild paragraphs: a blank line where the gap between lines is
 * larger than half a line, where a new text block or column starts, or at
 * an indented first line after a short one; a form feed between pages.
 * A word broken at a line end ("govern-" / "mental") is joined when the
 * whole word appears elsewhere in the document; otherwise the hyphen stays
 * ("non-" / "governmental"), as the reader would join it.
 *
 * Why -bbox-layout and not plain or -layout output: plain output loses the
 * gaps between paragraphs and cannot tell a footer from a sentence;
 * -layout pads columns with spaces that break the reader's lines.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "convert_int.h"

struct pline {
	char *text;
	double x0, y0, x1, y1;
	int page, block;
	int col;  /* on a two-column page: 1 left, 2 right; 0 across, or one column */
	int band; /* the reading-order band on a two-column page (see order_columns) */
	size_t seq;
	bool drop;
};

struct pdoc {
	struct pline *lines;
	size_t n, cap;
	double (*pages)[2]; /* width, height */
	int n_pages;
	bool failed;
	int block;
};

#define BAND 0.08 /* the top and bottom share of a page that holds its furniture */

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static double attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	double d = v ? strtod((const char *)v, NULL) : 0;

	xmlFree(v);
	return isfinite(d) && fabs(d) < 1e7 ? d : 0; /* "nan", "1e999": nowhere */
}

/* A superscript note mark: digits in smaller type, raised above the line. */
static bool is_mark(const xmlNode *w, const char *text, double line_y1, double line_h)
{
	double h = attr(w, "yMax") - attr(w, "yMin");

	for (const char *p = text; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return *text && h < 0.8 * line_h && attr(w, "yMax") < line_y1 - 0.15 * line_h;
}

static bool grow(struct pdoc *d)
{
	size_t cap = d->cap ? d->cap * 2 : 256;
	struct pline *nl;

	if (d->n < d->cap)
		return true;
	nl = realloc(d->lines, cap * sizeof(*nl));
	if (!nl)
		return false;
	d->lines = nl;
	d->cap = cap;
	return true;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * A line's text without its note marks, and its box without them too: a
 * raised mark would make the line look taller and the gap above it look
 * smaller than a paragraph's.
 */
static void add_line(struct pdoc *d, const xmlNode *ln, int page)
{
	struct strbuf b = {0};
	double y0 = attr(ln, "yMin"), y1 = attr(ln, "yMax"), h = y1 - y0;
	double top = 1e9, bottom = -1e9;
	struct pline *l;

	for (const xmlNode *w = ln->children; w; w = w->next) {
		xmlChar *t;

		if (!is_el(w, "word") || !(t = xmlNodeGetContent(w)))
			continue;
		if (!is_mark(w, (const char *)t, y1, h)) {
			if (b.len)
				strbuf_putc(&b, ' ');
			strbuf_puts(&b, (const char *)t);
			top = fmin(top, attr(w, "yMin"));
			bottom = fmax(bottom, attr(w, "yMax"));
		}
		xmlFree(t);
	}
	if (!b.len || b.failed || !grow(d)) {
		d->failed |= b.failed || b.len;
		free(b.s);
		return;
	}
	l = &d->lines[d->n];
	memset(l, 0, sizeof(*l));
	l->text = b.s;
	l->x0 = attr(ln, "xMin");
	l->y0 = clamp(top, y0, y1);
	l->x1 = attr(ln, "xMax");
	l->y1 = clamp(bottom, l->y0, y1);
	l->page = page;
	l->block = d->block;
	l->seq = d->n++;
}

/* page > flow > block > line > word */
static void add_page(struct pdoc *d, const xmlNode *pg)
{
	double(*np)[2] = realloc(d->pages, (size_t)(d->n_pages + 1) * sizeof(*np));

	if (!np) {
		d->failed = true;
		return;
	}
	d->pages = np;
	np[d->n_pages][0] = attr(pg, "width");
	np[d->n_pages][1] = attr(pg, "height");
	for (const xmlNode *f = pg->children; f; f = f->next) {
		for (const xmlNode *b = is_el(f, "flow") ? f->children : NULL; b; b = b->next) {
			if (!is_el(b, "block"))
				continue;
			d->block++;
			for (const xmlNode *ln = b->children; ln; ln = ln->next)
				if (is_el(ln, "line"))
					add_line(d, ln, d->n_pages);
		}
	}
	d->n_pages++;
}

static void walk(struct pdoc *d, const xmlNode *n)
{
	for (; n && !d->failed; n = n->next) {
		if (is_el(n, "page"))
			add_page(d, n);
		else if (n->type == XML_ELEMENT_NODE)
			walk(d, n->children);
	}
}

static bool in_band(const struct pdoc *d, const struct pline *l)
{
	double h = d->pages[l->page][1];

	return h > 0 && (l->y1 <= BAND * h || l->y0 >= (1 - BAND) * h);
}

static bool is_page_number(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (n && n <= 3 &&
	    (!s[n] || (s[n] == '/' && strspn(s + n + 1, "0123456789") == strlen(s + n + 1))))
		return true;
	return !strncmp(s, "Page ", 5) && strspn(s + 5, "0123456789") == strlen(s + 5);
}

/* The line's shape: digits as '#' ("##-##### (E)", "#/#"); caller frees. */
static char *shape(const char *s)
{
	char *t = strdup(s);

	for (char *p = t; p && *p; p++)
		if (isdigit((unsigned char)*p))
			*p = '#';
	return t;
}

struct banded {
	char *shape;
	size_t line;
	int page;
};

static int by_shape(const void *pa, const void *pb)
{
	const struct banded *a = pa, *b = pb;
	int c = strcmp(a->shape, b->shape);

	return c ? c : a->page - b->page;
}

/*
 * Furniture: a line in the band of a page whose shape is in the band of
 * another page, or a lone page number.  The band's lines are sorted by
 * shape, so that a long document costs n log n, not n squared.
 */
static bool mark_furniture(struct pdoc *d)
{
	struct banded *b = calloc(d->n ? d->n : 1, sizeof(*b));
	size_t n = 0;
	bool ok = b != NULL;

	for (size_t i = 0; ok && i < d->n; i++) {
		if (!in_band(d, &d->lines[i]))
			continue;
		b[n] = (struct banded){shape(d->lines[i].text), i, d->lines[i].page};
		ok = b[n++].shape != NULL;
	}
	if (ok)
		qsort(b, n, sizeof(*b), by_shape);
	for (size_t i = 0, j; ok && i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(b[j].shape, b[i].shape); j++)
			;
		for (size_t k = i; k < j; k++) {
			struct pline *l = &d->lines[b[k].line];

			/* the first page keeps its top: the reader reads the symbol there */
			if (l->page == 0 && l->y1 <= BAND * d->pages[0][1])
				continue;
			l->drop |= b[j - 1].page != b[i].page || is_page_number(l->text);
		}
	}
	for (size_t i = 0; b && i < n; i++)
		free(b[i].shape);
	free(b);
	return ok;
}

static bool is_rule(const char *s)
{
	size_t u = 0, n = 0;

	for (; *s; s++, n++)
		u += *s == '_';
	return u >= 5 && u + 2 >= n;
}

static bool opens_note(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	return isdigit(u[0]) || *s == '*' ||
	       (u[0] == 0xc2 && (u[1] == 0xb9 || u[1] == 0xb2 || u[1] == 0xb3)) ||
	       (u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xb0 && u[2] <= 0xb9);
}

/* The end of the page that starts at line i. */
static size_t page_end(const struct pdoc *d, size_t i)
{
	size_t j = i;

	while (j < d->n && d->lines[j].page == d->lines[i].page)
		j++;
	return j;
}

static double median_height(const struct pdoc *d)
{
	size_t count[64] = {0}, total = 0, seen = 0;

	for (size_t i = 0; i < d->n; i++) {
		double h = d->lines[i].y1 - d->lines[i].y0;

		count[h < 0 ? 0 : h >= 63 ? 63 : (size_t)(h + 0.5)]++;
		total++;
	}
	for (size_t k = 0; k < 64; k++)
		if ((seen += count[k]) * 2 >= total)
			return (double)k;
	return 0;
}

/*
 * Footnotes: from a rule in the lower part of a page, every line below it;
 * from a line in small type opening with a note number in the lower half,
 * every line in small type below it (the footer included: it is furniture).
 */
static void mark_page_notes(struct pdoc *d, size_t from, size_t to, double body)
{
	double ph = d->pages[d->lines[from].page][1], rule = 1e9, small = 1e9;

	for (size_t i = from; i < to; i++) {
		const struct pline *l = &d->lines[i];

		if (l->drop)
			continue;
		if (is_rule(l->text) && l->y0 > 0.4 * ph && l->y0 < rule)
			rule = l->y0;
		if (l->y1 - l->y0 < 0.85 * body && l->y0 > 0.5 * ph && opens_note(l->text) &&
		    l->y0 < small)
			small = l->y0;
	}
	for (size_t i = from; i < to; i++) {
		struct pline *m = &d->lines[i];

		if (m->y0 >= rule - 0.5 || (m->y0 >= small - 0.5 && m->y1 - m->y0 < 0.85 * body))
			m->drop = true;
	}
}

static void mark_footnotes(struct pdoc *d)
{
	double body = median_height(d);

	for (size_t i = 0; i < d->n; i = page_end(d, i))
		mark_page_notes(d, i, page_end(d, i), body);
}

/* Letters of a word ending at end (exclusive) / starting at s. */
static size_t word_tail(const char *s, size_t end)
{
	size_t i = end;

	while (i > 0 && isalpha((unsigned char)s[i - 1]))
		i--;
	return end - i;
}

static bool word_in(const char *all, const char *w, size_t n)
{
	for (const char *p = all; (p = strstr(p, w)) != NULL; p++)
		if ((p == all || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return true;
	return false;
}

/*
 * "govern-" + "mental ...": "governmental" on the first line, if known.
 * Returns whether the document was searched.
 */
static bool dehyphenate(const char *all, struct pline *a, struct pline *b)
{
	size_t la = strlen(a->text), tail, head;
	char word[128], *na;

	if (la < 3 || a->text[la - 1] != '-' || !islower((unsigned char)a->text[la - 2]) ||
	    !islower((unsigned char)b->text[0]))
		return false;
	tail = word_tail(a->text, la - 1);
	for (head = 0; isalpha((unsigned char)b->text[head]); head++)
		;
	if (tail + head >= sizeof(word))
		return false;
	memcpy(word, a->text + la - 1 - tail, tail);
	memcpy(word + tail, b->text, head);
	word[tail + head] = '\0';
	if (!word_in(all, word, tail + head) || !(na = malloc(la + head)))
		return true;
	memcpy(na, a->text, la - 1);
	memcpy(na + la - 1, b->text, head);
	na[la - 1 + head] = '\0';
	free(a->text);
	a->text = na;
	head += strspn(b->text + head, " ");
	memmove(b->text, b->text + head, strlen(b->text + head) + 1);
	b->drop = !*b->text;
	return true;
}

/*
 * Two columns.  pdftotext's flows do not always read a page of two columns
 * column by column.  A line is in the left column when it ends before the
 * middle of the page, in the right one when it starts after it.  A page is
 * set in two columns when five long lines (over 30% of the page width) sit
 * right of the middle (a one-column page has none: its lines start at the
 * left margin); once one page is, so is any other with one such line (a
 * last page, half full).  Such a page is read in bands: a line across the
 * middle (a heading, a paragraph over both columns) closes a band; within
 * a band the left column is read down, then the right one.
 */
static int by_reading_order(const void *pa, const void *pb)
{
	const struct pline *a = pa, *b = pb;

	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->y0 != b->y0)
		return a->y0 < b->y0 ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sets col on the lines [from, to) of a page; returns its long right-column lines. */
static int right_lines(struct pdoc *d, size_t from, size_t to)
{
	double w = d->pages[d->lines[from].page][0], mid = w / 2;
	int right = 0;

	for (size_t i = from; i < to; i++) {
		struct pline *l = &d->lines[i];

		l->col = l->x1 < mid ? 1 : l->x0 > mid ? 2 : 0;
		right += !l->drop && l->col == 2 && l->x1 - l->x0 > 0.3 * w;
	}
	return right;
}

static void order_page(struct pdoc *d, size_t from, size_t to, bool columns)
{
	if (!columns) {
		for (size_t i = from; i < to; i++)
			d->lines[i].col = 0;
		return;
	}
	for (size_t i = from; i < to; i++) {
		struct pline *l = &d->lines[i];

		l->band = l->col == 0;
		for (size_t j = from; j < to; j++)
			l->band += d->lines[j].col == 0 && d->lines[j].y0 < l->y0;
	}
	qsort(d->lines + from, to - from, sizeof(*d->lines), by_reading_order);
}

/* b continues a on a's baseline, to its right, on the same side of the middle. */
static bool same_baseline(const struct pdoc *d, const struct pline *a, const struct pline *b)
{
	double h = a->y1 - a->y0, w = d->pages[a->page][0];

	if (b->drop || b->page != a->page || b == a || b->x0 < a->x1 - 0.5 || in_band(d, b))
		return false;
	if (fabs(b->y0 - a->y0) > 0.25 * h || fabs(b->y1 - a->y1) > 0.25 * h)
		return false;
	return !(a->col == 1 && b->col == 2) && b->x0 - a->x1 < 0.3 * w;
}

/*
 * pdftotext cuts a justified line whose words stand far apart into lines
 * of a word or two ("and" / "international" / "solidarity"); the pieces on
 * one baseline, left to right, are one line again (never from the left
 * half of the page to the right half: that is the gutter of two columns,
 * or a heading's two sides; nor across a gap of 30% of the page).
 */
static bool merge_pieces(struct pdoc *d, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct pline *a = &d->lines[i];

		for (bool more = !a->drop && !in_band(d, a); more;) {
			struct pline *next = NULL;
			char *t;

			for (size_t j = from; j < to; j++)
				if (same_baseline(d, a, &d->lines[j]) &&
				    (!next || d->lines[j].x0 < next->x0))
					next = &d->lines[j];
			if (!(more = next != NULL))
				break;
			if (!(t = malloc(strlen(a->text) + strlen(next->text) + 2)))
				return false;
			sprintf(t, "%s %s", a->text, next->text);
			free(a->text);
			a->text = t;
			a->x1 = next->x1;
			next->drop = true;
		}
	}
	return true;
}

/* Pages of more lines than a printed page holds are read as pdftotext gives them. */
#define PAGE_LINES 1500

static bool order_columns(struct pdoc *d)
{
	bool two = false;

	for (size_t i = 0, j; i < d->n; i = j) {
		j = page_end(d, i);
		right_lines(d, i, j);
		if (j - i <= PAGE_LINES && !merge_pieces(d, i, j))
			return false;
		two |= right_lines(d, i, j) >= 5;
	}
	for (size_t i = 0, j; i < d->n; i = j) {
		j = page_end(d, i);
		order_page(d, i, j, two && j - i <= PAGE_LINES && right_lines(d, i, j) >= 1);
	}
	return true;
}

static char *join_kept(const struct pdoc *d)
{
	struct strbuf b = {0};

	for (size_t i = 0; i < d->n; i++) {
		if (d->lines[i].drop)
			continue;
		strbuf_puts(&b, d->lines[i].text);
		strbuf_putc(&b, '\n');
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s ? b.s : strdup("");
}

/* Broken words looked up at most: each lookup reads the whole text. */
#define MAX_LOOKUPS 500

static bool dehyphenate_all(struct pdoc *d)
{
	char *all = join_kept(d);
	struct pline *prev = NULL;
	int lookups = 0;

	if (!all)
		return false;
	for (size_t i = 0; i < d->n; i++) {
		if (d->lines[i].drop)
			continue;
		if (prev && lookups < MAX_LOOKUPS)
			lookups += dehyphenate(all, prev, &d->lines[i]);
		if (!d->lines[i].drop)
			prev = &d->lines[i];
	}
	free(all);
	return true;
}

/* A new paragraph between kept lines a and b of one page. */
static bool breaks(const struct pline *a, const struct pline *b, double right)
{
	double ha = a->y1 - a->y0, hb = b->y1 - b->y0, h = ha > hb ? ha : hb;

	if (b->y0 < a->y0 || b->y0 - a->y1 > 0.6 * h)
		return true;
	/* pdftotext's blocks: a new one, unless the line follows without a gap
	 * (its blocks also part the pieces of a justified line) */
	if (a->block != b->block && b->y0 - a->y1 > 0.45 * h)
		return true;
	return b->x0 > a->x0 + 1.5 * h && a->x1 < right - 2 * h;
}

/* The text area of a column of the page [from, to): its lines' outer edges, furniture aside. */
static void text_area(const struct pdoc *d, size_t from, size_t to, int col, double *left,
                      double *right)
{
	*left = 1e9;
	*right = 0;
	for (size_t i = from; i < to; i++) {
		const struct pline *l = &d->lines[i];

		if (l->col != col || l->drop || in_band(d, l))
			continue;
		*left = l->x0 < *left ? l->x0 : *left;
		*right = l->x1 > *right ? l->x1 : *right;
	}
}

/*
 * Lines of one paragraph are joined into one line when the first runs to
 * the right margin (it was wrapped there): a wrapped line can open with
 * words that mean something at a line start ("2. above", "53rd meeting");
 * short lines (a heading, an address) keep their ends.  The join is the
 * reader's: a space, none after a hyphen before a lower-case letter.
 */
static void emit(const struct pdoc *d, struct strbuf *out)
{
	const struct pline *prev = NULL;
	double left = 0, right = 0;
	size_t from = 0, to = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct pline *l = &d->lines[i];

		if (i >= to) {
			from = i;
			to = page_end(d, i);
		}
		if (l->drop)
			continue;
		if (!prev || prev->page != l->page || prev->col != l->col)
			text_area(d, from, to, l->col, &left, &right);
		if (prev && prev->page != l->page) {
			cbuf_endline(out);
			strbuf_put(out, "\f\n", 2);
		} else if (prev && breaks(prev, l, right)) {
			cbuf_endpara(out);
		} else if (prev && prev->x1 >= left + 0.8 * (right - left)) {
			out->len -= out->len && out->s[out->len - 1] == '\n';
			if (!(out->len && out->s[out->len - 1] == '-' &&
			      islower((unsigned char)l->text[0])))
				strbuf_putc(out, ' ');
		}
		strbuf_puts(out, l->text);
		strbuf_putc(out, '\n');
		prev = l;
	}
}

static enum md_err pdf_failed(const char *name, const struct md_convert_limits *lim,
                              const struct child_result *res, struct md_error *err)
{
	if (res->timed_out)
		return md_error_set(err, MD_EIO,
		                    "%s: pdftotext took longer than %u ms and was stopped", name,
		                    lim->timeout_ms);
	if (res->flooded)
		return md_error_set(err, MD_ETOOBIG,
		                    "%s: pdftotext wrote more than %zu bytes and was stopped", name,
		                    lim->out_bytes);
	if (res->signal)
		return md_error_set(
		    err, MD_EIO, "%s: pdftotext was killed by signal %d (a CPU or memory limit?)",
		    name, res->signal);
	if (res->exit_code == 127)
		return md_error_set(err, MD_EIO, "%s: cannot run %s (is poppler-utils installed?)",
		                    name, lim->pdftotext);
	if (res->exit_code == 3)
		return md_error_set(
		    err, MD_EBINARY,
		    "%s: an encrypted PDF whose permissions forbid copying its text", name);
	if (strstr(res->errtext, "password"))
		return md_error_set(err, MD_EBINARY,
		                    "%s: an encrypted PDF (a password is needed to read it)", name);
	return md_error_set(err, MD_EBINARY, "%s: a damaged PDF that cannot be read%s%s%s", name,
	                    res->errtext[0] ? " (pdftotext: " : "", res->errtext,
	                    res->errtext[0] ? ")" : "");
}

static void pdoc_free(struct pdoc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d->pages);
}

enum md_err pdf_layout(const char *name, const char *xml, size_t len,
                       const struct md_convert_limits *lim, char **out, size_t *out_len,
                       struct md_error *err)
{
	struct pdoc d = {0};
	struct strbuf b = {.max = lim->text_bytes};
	xmlDoc *doc = len < 0x7fffffff
	                  ? xmlReadMemory(xml, (int)len, "pdftotext.xhtml", "UTF-8",
	                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
	                  : NULL;

	if (!doc)
		return md_error_set(err, MD_EBINARY, "%s: pdftotext wrote unreadable output", name);
	walk(&d, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!d.failed) {
		d.failed = !mark_furniture(&d);
		mark_footnotes(&d);
		d.failed = !order_columns(&d) || !dehyphenate_all(&d);
	}
	if (!d.failed)
		emit(&d, &b);
	b.failed |= d.failed;
	pdoc_free(&d);
	return cbuf_finish(&b, name, "PDF", out, out_len, err);
}

enum md_err md_convert_pdf(const char *name, const char *buf, size_t len,
                           const struct md_convert_limits *lim, char **out, size_t *out_len,
                           struct md_error *err)
{
	const char *argv[] = {lim->pdftotext, "-bbox-layout", "-enc", "UTF-8", "-", "-", NULL};
	struct child_result res;
	char *xml = NULL;
	size_t xml_len = 0;
	enum md_err rc;

	if (len > (size_t)0x7fffffff)
		return md_error_set(err, MD_ETOOBIG, "%s: too large", name);
	rc = child_run(name, argv, lim, buf, len, &xml, &xml_len, &res, err);
	if (rc != MD_OK)
		return rc;
	if (res.timed_out || res.flooded || res.signal || res.exit_code != 0)
		rc = pdf_failed(name, lim, &res, err);
	else
		rc = pdf_layout(name, xml, xml_len, lim, out, out_len, err);
	free(xml);
	if (rc == MD_EEMPTY)
		md_error_set(err, MD_EEMPTY, "%s: the PDF holds no text (a scanned image?)", name);
	return rc;
}
