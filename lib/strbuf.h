/*
 * strbuf.h - the growable text buffer the library builds text in
 * (converters, the reader, mail, polling, web pages; not public).
 *
 * Policy: a zeroed struct strbuf is empty and has no cap; max, set before
 * the first put, caps the text at max bytes (the allocation at max + 1).
 * s stays NULL until a put succeeds, even one of no bytes; from then on
 * s[0..len) is NUL-terminated.  A put that would pass max adds nothing and
 * sets over; running out of memory sets failed; after either, every put is
 * ignored, so a caller writes freely and looks at the flags once.  Callers
 * may shorten the text (len and its NUL), never lengthen it; they free s.
 */
#ifndef MANDATE_STRBUF_H
#define MANDATE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *s;
	size_t len, cap, max; /* max 0: no cap */
	bool failed;          /* out of memory */
	bool over;            /* a put would have passed max */
};

void strbuf_put(struct strbuf *b, const char *s, size_t n);
void strbuf_putc(struct strbuf *b, char c);
void strbuf_puts(struct strbuf *b, const char *s);

#endif
