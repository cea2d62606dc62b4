/*
 * fuzz_extract.c - libFuzzer harness for the resolution reader.
 *
 * Any byte string goes through md_extract_run (check, normalise, segment,
 * read every operative paragraph), then through md_record_json and
 * json_dumps, as `mandatectl extract --json --all` does.  Besides the
 * sanitizers, the harness aborts when a record breaks the contract of
 * record.h: a span outside the text, an obligation without an actor, a
 * paragraph number out of order, a kind or relation out of range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "mandate/doc.h"
#include "mandate/extract.h"
#include "mandate/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const struct md_record *r)
{
	if (!r->text || strlen(r->text) != r->text_len)
		abort();
	for (size_t i = 0; i < r->n_paragraphs; i++) {
		const struct md_paragraph *p = &r->paragraphs[i];

		if (p->start > p->end || p->end > r->text_len)
			abort();
	}
	for (size_t i = 0; i < r->n_obligations; i++) {
		const struct md_obligation *o = &r->obligations[i];

		if (!o->actor || !o->rule || o->start > o->end || o->end > r->text_len)
			abort();
		if ((unsigned)o->kind >= MD_KIND_MAX || (unsigned)o->due.relation >= MD_REL_MAX)
			abort();
		if (!(o->confidence >= 0.0 && o->confidence <= 1.0))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_record *r = NULL;
	struct md_error err;
	json_t *j;
	char *s;

	if (size > MD_DOC_MAX_BYTES)
		return -1;
	md_error_clear(&err);
	if (md_extract_run("fuzz", (const char *)data, size, &r, &err) != MD_OK) {
		if (err.code == MD_OK || !err.msg[0])
			abort(); /* an error must say what it is */
		return 0;
	}
	check_record(r);
	j = md_record_json(r, 1);
	if (!j)
		abort();
	s = json_dumps(j, JSON_COMPACT);
	if (!s)
		abort();
	free(s);
	json_decref(j);
	md_record_free(r);
	return 0;
}
