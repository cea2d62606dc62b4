/*
 * extract.c - the resolution reader (placeholder while the reader is written).
 */
#include "mandate/extract.h"

#include <stdlib.h>

#include "mandate/doc.h"

enum md_err md_extract_run(const char *name, const char *buf, size_t len,
			   struct md_record **out, struct md_error *err)
{
	enum md_err rc = md_doc_check(name, buf, len, err);

	if (rc != MD_OK)
		return rc;
	return md_error_set(err, MD_ENOTRES, "%s: not a resolution", name);
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
