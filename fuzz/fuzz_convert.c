/*
 * fuzz_convert.c - libFuzzer harness for the document converters.
 *
 * The first byte chooses the converter, the rest is the document: 0 a web
 * page (md_convert_html), 1 a .docx archive (md_convert_docx), 2 what
 * pdftotext -bbox-layout writes (the PDF layout, without the child).  The
 * limits are small so that a bomb is refused quickly.  Besides the
 * sanitizers, the harness aborts when a result breaks the contract of
 * convert.h: text whose length is not the one returned, a NUL inside it,
 * an error without a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/convert_int.h"
#include "mandate/convert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_convert_limits lim;
	struct md_error err;
	const char *doc = (const char *)data + 1;
	char *out = NULL;
	size_t n = 0, len = size ? size - 1 : 0;
	enum md_err rc;

	if (size < 1 || size > (1u << 20))
		return -1;
	md_convert_limits_default(&lim);
	lim.unzip_bytes = 4u << 20;
	lim.text_bytes = 1u << 20;
	md_error_clear(&err);
	switch (data[0] % 3) {
	case 0:
		rc = md_convert_html("fuzz", doc, len, &lim, &out, &n, &err);
		break;
	case 1:
		rc = md_convert_docx("fuzz", doc, len, &lim, &out, &n, &err);
		break;
	default:
		rc = pdf_layout("fuzz", doc, len, &lim, &out, &n, &err);
		break;
	}
	if (rc != MD_OK) {
		if (err.code == MD_OK || !err.msg[0] || out)
			abort();
		return 0;
	}
	if (!out || strlen(out) != n || n > lim.text_bytes)
		abort();
	free(out);
	return 0;
}
