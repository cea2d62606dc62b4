/*
 * extract.c - the resolution reader's driver: check, normalise, segment,
 * read the metadata, then read every operative paragraph for requests.
 *
 * The record's text is the document as the reader understood it: one line
 * per operative paragraph ("13. Also requests the High Commissioner ..."),
 * page furniture and footnotes removed.  Paragraph and obligation spans point
 * into it, so that any output can show a person the words a due came from.
 */
#include "mandate/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
#include "mandate/convert.h"
#include "mandate/doc.h"
#include "strbuf.h"

static bool build_text(const struct seg *sg, struct md_record *r, size_t *starts)
{
	struct strbuf b = {0};

	r->paragraphs = calloc(sg->n_paras ? sg->n_paras : 1, sizeof(*r->paragraphs));
	if (!r->paragraphs)
		return false;
	for (size_t i = 0; i < sg->n_paras; i++) {
		char num[16];
		int n = snprintf(num, sizeof(num), "%d. ", sg->paras[i].number);

		strbuf_put(&b, num, (size_t)n);
		starts[i] = b.len;
		r->paragraphs[i].number = sg->paras[i].number;
		r->paragraphs[i].start = b.len;
		strbuf_put(&b, sg->paras[i].flat, sg->paras[i].flat_len);
		r->paragraphs[i].end = b.len;
		strbuf_put(&b, "\n\n", 2);
	}
	r->n_paragraphs = sg->n_paras;
	if (b.failed) {
		free(b.s);
		return false;
	}
	r->text = b.s ? b.s : strdup("");
	r->text_len = b.len;
	return r->text != NULL;
}

/* Strips "12." and a leading quote: the flat text starts at the verb. */
static size_t skip_number(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80)
		i = 3;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < n && s[i] == '.')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static enum md_err read_paragraphs(const struct seg *sg, struct md_record *r)
{
	struct doc_ctx ctx;
	size_t *starts = calloc(sg->n_paras ? sg->n_paras : 1, sizeof(size_t));

	memset(&ctx, 0, sizeof(ctx));
	ctx.organ = r->body ? r->body : "";
	ctx.session = r->session;
	ctx.adopted = r->adopted;

	if (!starts || !build_text(sg, r, starts)) {
		free(starts);
		return MD_ENOMEM;
	}
	for (size_t i = 0; i < sg->n_paras; i++) {
		const struct para *p = &sg->paras[i];
		size_t skip = skip_number(p->flat, p->flat_len);

		/* the flat text is copied verbatim into r->text at starts[i] */
		if (!clause_run(&ctx, p->number, r->text + starts[i] + skip, p->flat_len - skip,
		                starts[i] + skip, r)) {
			free(starts);
			return MD_ENOMEM;
		}
	}
	free(starts);
	return MD_OK;
}

static enum md_err extract_text(const char *name, const char *buf, size_t len,
                                struct md_record **out, struct md_error *err)
{
	enum md_err rc = md_doc_check(name, buf, len, err);
	struct md_record *r;
	struct seg sg;
	size_t n = 0;
	char *text;

	if (rc != MD_OK)
		return rc;
	text = md_doc_normalize(buf, len, &n);
	r = calloc(1, sizeof(*r));
	memset(&sg, 0, sizeof(sg));
	if (!text || !r || !seg_run(&sg, text, n)) {
		seg_free(&sg); /* what seg_run had when it ran out of memory */
		free(text);
		free(r);
		return md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	}
	if (!meta_run(&sg, r)) {
		rc = md_error_set(err, MD_ENOMEM, "%s: out of memory", name);
	} else if (!sg.n_paras && !r->symbol) {
		rc = md_error_set(err, MD_ENOTRES,
		                  "%s: not a resolution (no symbol and no operative paragraphs)",
		                  name);
	} else if ((rc = read_paragraphs(&sg, r)) != MD_OK) {
		md_error_set(err, rc, "%s: out of memory", name);
	}
	seg_free(&sg);
	free(text);
	if (rc != MD_OK) {
		md_record_free(r);
		return rc;
	}
	*out = r;
	return MD_OK;
}

/* A PDF, .docx or web page is read as the text its converter gives. */
enum md_err md_extract_run(const char *name, const char *buf, size_t len, struct md_record **out,
                           struct md_error *err)
{
	char *text = NULL;
	size_t n = 0;
	enum md_err rc;

	if (md_convert_sniff(buf, len) == MD_FORMAT_TEXT)
		return extract_text(name, buf, len, out, err);
	rc = md_convert_run(name, buf, len, NULL, &text, &n, err);
	if (rc == MD_OK)
		rc = extract_text(name, text, n, out, err);
	free(text);
	return rc;
}

enum md_err md_extract_file(const char *path, struct md_record **out, struct md_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	enum md_err rc = md_doc_load(path, MD_DOC_MAX_BYTES, &buf, &len, err);

	if (rc == MD_OK)
		rc = md_extract_run(path, buf, len, out, err);
	free(buf);
	return rc;
}
