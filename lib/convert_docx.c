/*
 * convert_docx.c - the text of a Word document (.docx, Office Open XML).
 *
 * A .docx is a zip archive; the body is word/document.xml.  Headers,
 * footers, footnotes and comments live in other parts (header1.xml,
 * footnotes.xml, ...), which are not read: that is how their page furniture
 * stays out.  In the body, each w:p is a paragraph (a blank line after it);
 * w:t is text, w:tab a space, w:br and w:cr a line break, w:noBreakHyphen
 * a hyphen, w:softHyphen nothing; deleted runs (w:del), field codes
 * (w:instrText), note references and drawings are skipped, and paragraph
 * and run properties are not text.  Numbered paragraphs whose numbers Word
 * draws itself (w:numPr) get them back from word/numbering.xml for the
 * decimal, letter and roman formats ("%1." gives "3."), so that the
 * reader finds operative paragraph 3.
 *
 * Against zip bombs: at most lim->zip_entries entries, every part read is
 * refused when its stated size is over lim->unzip_bytes or its
 * compression ratio over lim->unzip_ratio, and inflation stops at the cap
 * whatever the archive claims.  Against entity bombs: a part with a
 * document type declaration is refused (Word never writes one) and
 * libxml2 neither loads DTDs nor uses the network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "convert_int.h"

#define MAX_LEVELS 9

/*
 * Word's numbering is looked up in numbering.xml for each numbered
 * paragraph; both are capped so that a hostile document cannot make that
 * quadratic (real ones: some kilobytes, some hundred paragraphs).
 */
#define NUMBERING_BYTES (256u << 10)
#define MAX_NUMBERED    5000

struct numbering {
	xmlDoc *doc;
	int numbered;                 /* numbered paragraphs so far */
	int counters[64][MAX_LEVELS]; /* by numId (capped) and level */
};

struct walk {
	struct strbuf *out;
	struct numbering *num;
};

static bool is_w(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Reads one part within the limits; MD_ENOENT when it is not there. */
static enum md_err read_part(const char *name, zip_t *z, const char *part,
                             const struct md_convert_limits *lim, size_t *budget, char **out,
                             size_t *out_len, struct md_error *err)
{
	zip_stat_t st;
	zip_int64_t idx = zip_name_locate(z, part, 0);
	zip_file_t *f;
	struct strbuf b = {.max = *budget};
	char chunk[16384];
	zip_int64_t n;

	if (idx < 0)
		return MD_ENOENT;
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE))
		return md_error_set(err, MD_EBINARY, "%s: a damaged Word document (%s)", name,
		                    part);
	if (st.size > *budget || st.size / (st.comp_size ? st.comp_size : 1) > lim->unzip_ratio)
		return md_error_set(err, MD_ETOOBIG,
		                    "%s: %s inflates to %llu bytes from %llu, over the limits "
		                    "(%zu bytes, ratio %u): refused as a zip bomb",
		                    name, part, (unsigned long long)st.size,
		                    (unsigned long long)st.comp_size, *budget, lim->unzip_ratio);
	if (!(f = zip_fopen_index(z, (zip_uint64_t)idx, 0)))
		return md_error_set(err, MD_EBINARY, "%s: a damaged Word document (%s: %s)", name,
		                    part, zip_strerror(z));
	while ((n = zip_fread(f, chunk, sizeof(chunk))) > 0 && !b.over && !b.failed)
		strbuf_put(&b, chunk, (size_t)n);
	zip_fclose(f);
	if (n < 0 && !b.over) {
		free(b.s);
		return md_error_set(err, MD_EBINARY, "%s: a damaged Word document (%s)", name,
		                    part);
	}
	if (b.over) {
		free(b.s);
		return md_error_set(err, MD_ETOOBIG,
		                    "%s: %s inflates past %zu bytes: refused as a zip bomb", name,
		                    part, *budget);
	}
	if (b.failed || (!b.s && !(b.s = strdup(""))))
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	*budget -= b.len;
	*out = b.s;
	*out_len = b.len;
	return MD_OK;
}

static xmlDoc *parse_part(const char *xml, size_t len)
{
	if (len > 0x7fffffff || bytes_has(xml, len, "<!DOCTYPE", 9))
		return NULL;
	return xmlReadMemory(xml, (int)len, "part.xml", NULL,
	                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

/* w:val of the first child element `name` of n, or NULL (caller xmlFree()s). */
static xmlChar *child_val(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return xmlGetNsProp(c, (const xmlChar *)"val", c->ns ? c->ns->href : NULL);
	return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

static int int_val(const xmlNode *n, const char *name, int dflt)
{
	xmlChar *v = child_val(n, name);
	int r = v ? atoi((const char *)v) : dflt;

	xmlFree(v);
	return r;
}

static int int_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, n->ns ? n->ns->href : NULL);
	int r = v ? atoi((const char *)v) : -1;

	xmlFree(v);
	return r;
}

/* The w:lvl of level ilvl of numbering numId, or NULL. */
static const xmlNode *find_level(const struct numbering *nb, int num_id, int ilvl)
{
	const xmlNode *root = nb->doc ? xmlDocGetRootElement(nb->doc) : NULL;
	int abstract = -1;

	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "num") && int_attr(c, "numId") == num_id)
			abstract = int_val(c, "abstractNumId", -1);
	for (const xmlNode *c = root ? root->children : NULL; c && abstract >= 0; c = c->next) {
		if (!is_w(c, "abstractNum") || int_attr(c, "abstractNumId") != abstract)
			continue;
		for (const xmlNode *l = c->children; l; l = l->next)
			if (is_w(l, "lvl") && int_attr(l, "ilvl") == ilvl)
				return l;
	}
	return NULL;
}

/* n in the level's format: "3", "c", "C", "iii", "III"; false for bullets. */
static bool format_number(const xmlNode *lvl, int n, char *out, size_t size)
{
	static const char *const roman[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
	                                    "xl", "x",  "ix", "v",  "iv", "i"};
	static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	xmlChar *fmt = child_val(lvl, "numFmt");
	const char *f = fmt ? (const char *)fmt : "decimal";
	bool ok = true;

	out[0] = '\0';
	if (!strcmp(f, "decimal")) {
		snprintf(out, size, "%d", n);
	} else if (!strcmp(f, "lowerLetter") || !strcmp(f, "upperLetter")) {
		snprintf(out, size, "%c", (f[0] == 'l' ? 'a' : 'A') + (n - 1) % 26);
	} else if ((!strcmp(f, "lowerRoman") || !strcmp(f, "upperRoman")) && n > 0 && n < 4000) {
		for (int k = 0; k < 13; k++)
			for (; n >= values[k]; n -= values[k])
				strncat(out, roman[k], size - strlen(out) - 1);
		for (char *p = out; f[0] == 'u' && *p; p++)
			*p = (char)(*p - 'a' + 'A');
	} else {
		ok = false;
	}
	xmlFree(fmt);
	return ok;
}

/* The number Word draws before a w:numPr paragraph: lvlText with %1..%9 filled in. */
static void put_number(struct walk *w, const xmlNode *ppr)
{
	const xmlNode *np = child(ppr, "numPr"), *lvl;
	int ilvl = int_val(np, "ilvl", 0), id = int_val(np, "numId", -1);
	int *ctr;
	xmlChar *text;

	if (!np || id <= 0 || ilvl < 0 || ilvl >= MAX_LEVELS || !w->num || !w->num->doc ||
	    w->num->numbered++ >= MAX_NUMBERED || !(lvl = find_level(w->num, id, ilvl)))
		return;
	ctr = w->num->counters[id % 64];
	ctr[ilvl] = ctr[ilvl] ? ctr[ilvl] + 1 : int_val(lvl, "start", 1);
	for (int k = ilvl + 1; k < MAX_LEVELS; k++)
		ctr[k] = 0;
	if (!(text = child_val(lvl, "lvlText")))
		return;
	for (const char *p = (const char *)text; *p; p++) {
		char num[32];
		const xmlNode *l;

		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';

			l = find_level(w->num, id, k);
			if (l && format_number(l, ctr[k] ? ctr[k] : 1, num, sizeof(num)))
				strbuf_puts(w->out, num);
			p++;
		} else {
			strbuf_putc(w->out, *p);
		}
	}
	strbuf_putc(w->out, ' ');
	xmlFree(text);
}

static bool skipped(const xmlNode *n)
{
	static const char *const skip[] = {"pPr",
	                                   "rPr",
	                                   "del",
	                                   "instrText",
	                                   "delText",
	                                   "footnoteReference",
	                                   "endnoteReference",
	                                   "commentReference",
	                                   "drawing",
	                                   "pict",
	                                   "object",
	                                   "fldData",
	                                   "sectPr",
	                                   "tblPr",
	                                   "trPr",
	                                   "tcPr",
	                                   "tblGrid",
	                                   "AlternateContent"};

	for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); k++)
		if (!strcmp((const char *)n->name, skip[k]))
			return true;
	return false;
}

static void walk_body(struct walk *w, const xmlNode *n)
{
	for (; n && !w->out->over && !w->out->failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(n, "t")) {
			xmlChar *t = xmlNodeGetContent(n);

			if (t)
				strbuf_puts(w->out, (const char *)t);
			xmlFree(t);
		} else if (is_w(n, "tab")) {
			strbuf_putc(w->out, ' ');
		} else if (is_w(n, "br") || is_w(n, "cr")) {
			strbuf_putc(w->out, '\n');
		} else if (is_w(n, "noBreakHyphen")) {
			strbuf_putc(w->out, '-');
		} else if (is_w(n, "p")) {
			put_number(w, child(n, "pPr"));
			walk_body(w, n->children);
			cbuf_endpara(w->out);
		} else if (!skipped(n)) {
			walk_body(w, n->children);
		}
	}
}

enum md_err md_convert_docx(const char *name, const char *buf, size_t len,
                            const struct md_convert_limits *lim, char **out, size_t *out_len,
                            struct md_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	size_t budget = lim->unzip_bytes, xml_len = 0, num_len = 0, num_budget;
	char *xml = NULL, *num_xml = NULL;
	struct numbering nb = {0};
	struct strbuf b = {.max = lim->text_bytes};
	struct walk w = {&b, &nb};
	xmlDoc *doc;
	enum md_err rc;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(buf, len, 0, &ze)) &&
	    !(z = zip_open_from_source(src, ZIP_RDONLY, &ze)))
		zip_source_free(src);
	if (!z) {
		rc = md_error_set(err, MD_EBINARY, "%s: a damaged Word document (%s)", name,
		                  zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(z, 0) > (zip_int64_t)lim->zip_entries) {
		zip_discard(z);
		return md_error_set(err, MD_ETOOBIG,
		                    "%s: a zip archive of over %u entries: refused as a zip bomb",
		                    name, lim->zip_entries);
	}
	rc = read_part(name, z, "word/document.xml", lim, &budget, &xml, &xml_len, err);
	if (rc == MD_ENOENT)
		rc = md_error_set(err, MD_EBINARY, "%s: a zip archive with no word/document.xml",
		                  name);
	num_budget = budget < NUMBERING_BYTES ? budget : NUMBERING_BYTES;
	if (rc == MD_OK && read_part(name, z, "word/numbering.xml", lim, &num_budget, &num_xml,
	                             &num_len, NULL) == MD_OK)
		nb.doc = parse_part(num_xml, num_len);
	zip_discard(z);
	free(num_xml);
	if (rc != MD_OK) {
		xmlFreeDoc(nb.doc);
		return rc;
	}
	doc = parse_part(xml, xml_len);
	free(xml);
	if (!doc) {
		xmlFreeDoc(nb.doc);
		return md_error_set(err, MD_EBINARY,
		                    "%s: a damaged Word document (word/document.xml is not XML)",
		                    name);
	}
	walk_body(&w, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	xmlFreeDoc(nb.doc);
	return cbuf_finish(&b, name, "Word document", out, out_len, err);
}
