/*
 * convert_html.c - the text of a web page, paragraph by paragraph.
 *
 * libxml2's HTML parser (which recovers from the markup found in the wild,
 * reads the <meta charset> and never touches the network) builds the tree;
 * we write its text:
 *   - left out: script, style, noscript, template, head, nav, aside, form,
 *     button, select, iframe, svg, and header and footer outside main or
 *     article (the site's banner and links, not the document's); any element
 *     with role="navigation", "banner", "contentinfo" or "search", or the
 *     hidden or aria-hidden="true" attribute;
 *   - p, div, h1-h6, li, blockquote, pre, table rows and other blocks end a
 *     paragraph (a blank line); br ends a line; table cells are separated
 *     by a space;
 *   - white space runs collapse to one space, but inside pre.
 * A page that names no charset is read as UTF-8 when it is valid UTF-8.
 */
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "convert_int.h"
#include "mandate/doc.h"

struct hwalk {
	struct strbuf *out;
	int pre;       /* inside pre */
	int main_text; /* inside main or article */
};

static bool name_in(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp((const char *)n->name, *names))
			return true;
	return false;
}

static bool attr_is(const xmlNode *n, const char *attr, const char *const *values)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	bool hit = false;

	for (; v && *values && !hit; values++)
		hit = !strcasecmp((const char *)v, *values);
	xmlFree(v);
	return hit;
}

static bool dropped(const struct hwalk *w, const xmlNode *n)
{
	static const char *const never[] = {
	    "script", "style",  "noscript", "template", "head",   "nav",    "aside", "form",
	    "button", "select", "iframe",   "svg",      "object", "canvas", "menu",  NULL};
	static const char *const furniture[] = {"header", "footer", NULL};
	static const char *const roles[] = {"navigation", "banner", "contentinfo", "search", NULL};
	static const char *const yes[] = {"true", NULL};

	if (name_in(n, never) || (!w->main_text && name_in(n, furniture)))
		return true;
	if (xmlHasProp(n, (const xmlChar *)"hidden"))
		return true;
	return attr_is(n, "role", roles) || attr_is(n, "aria-hidden", yes);
}

static bool is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
	    "p",      "div", "h1",      "h2",      "h3",   "h4",      "h5",         "h6",
	    "li",     "dd",  "dt",      "ul",      "ol",   "dl",      "blockquote", "pre",
	    "table",  "tr",  "section", "article", "main", "figure",  "figcaption", "address",
	    "center", "hr",  "header",  "footer",  "body", "caption", NULL};

	return name_in(n, blocks);
}

/* Text with white space runs collapsed, no space opening a line. */
static void put_text(struct hwalk *w, const char *s)
{
	struct strbuf *b = w->out;

	if (w->pre) {
		strbuf_puts(b, s);
		return;
	}
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
			if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
				strbuf_putc(b, ' ');
		} else {
			strbuf_putc(b, *s);
		}
	}
}

/* Drops a space left at the end of the line. */
static void trim(struct strbuf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
}

static void walk_html(struct hwalk *w, const xmlNode *n)
{
	for (; n && !w->out->over && !w->out->failed; n = n->next) {
		bool block, pre, main_text;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			put_text(w, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || dropped(w, n))
			continue;
		if (!strcasecmp((const char *)n->name, "br")) {
			trim(w->out);
			strbuf_putc(w->out, '\n');
			continue;
		}
		block = is_block(n);
		pre = !strcasecmp((const char *)n->name, "pre");
		main_text = !strcasecmp((const char *)n->name, "main") ||
		            !strcasecmp((const char *)n->name, "article");
		if (block) {
			trim(w->out);
			cbuf_endpara(w->out);
		} else if (!strcasecmp((const char *)n->name, "td") ||
		           !strcasecmp((const char *)n->name, "th")) {
			put_text(w, " ");
		}
		w->pre += pre;
		w->main_text += main_text;
		walk_html(w, n->children);
		w->pre -= pre;
		w->main_text -= main_text;
		if (block) {
			trim(w->out);
			cbuf_endpara(w->out);
		}
	}
}

/*
 * libxml2 takes a page that names no charset for ISO-8859-1, but a page
 * served with "Content-Type: text/html; charset=utf-8" names it only in a
 * header we do not have.  A page that names none and is valid UTF-8 is read
 * as UTF-8; one that names one is read as it says.
 */
static const char *guess_encoding(const char *buf, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	for (size_t i = 0; i + 7 <= head; i++)
		if (strncasecmp(buf + i, "charset", 7) == 0 ||
		    (i + 8 <= head && strncasecmp(buf + i, "encoding", 8) == 0))
			return NULL;
	return md_doc_check("", buf, len, NULL) == MD_EUTF8 ? NULL : "UTF-8";
}

/*
 * libxml2's HTML parser checks each attribute of a tag against all the ones
 * before it, so one tag with 200 000 attributes (2 MB) takes minutes.  No
 * real page has more than a few dozen on a tag: over MAX_ATTRIBUTES (counted
 * as '=' outside quotes between '<' and '>') the page is refused unparsed.
 */
#define MAX_ATTRIBUTES 2000

static bool too_many_attributes(const char *buf, size_t len)
{
	bool in_tag = false;
	char quote = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (!in_tag) {
			in_tag = c == '<';
			n = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '>') {
			in_tag = false;
		} else if (c == '=' && ++n > MAX_ATTRIBUTES) {
			return true;
		}
	}
	return false;
}

enum md_err md_convert_html(const char *name, const char *buf, size_t len,
                            const struct md_convert_limits *lim, char **out, size_t *out_len,
                            struct md_error *err)
{
	struct strbuf b = {.max = lim->text_bytes};
	struct hwalk w = {&b, 0, 0};
	htmlDocPtr doc;

	if (len > 0x7fffffff)
		return md_error_set(err, MD_ETOOBIG, "%s: too large", name);
	if (too_many_attributes(buf, len))
		return md_error_set(err, MD_ETOOBIG, "%s: a tag with over %d attributes", name,
		                    MAX_ATTRIBUTES);
	doc = htmlReadMemory(buf, (int)len, NULL, guess_encoding(buf, len),
	                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                         HTML_PARSE_NONET);
	if (!doc)
		return md_error_set(err, MD_EBINARY, "%s: a web page that cannot be read", name);
	walk_html(&w, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	trim(&b);
	return cbuf_finish(&b, name, "web page", out, out_len, err);
}
