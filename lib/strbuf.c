/*
 * strbuf.c - the growable text buffer (strbuf.h).
 */
#include "strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void strbuf_put(struct strbuf *b, const char *s, size_t n)
{
	size_t need, cap;
	char *grown;

	if (b->failed || b->over)
		return;
	if (b->max && n > b->max - b->len) {
		b->over = true;
		return;
	}
	if (n > SIZE_MAX - 1 - b->len) {
		b->failed = true;
		return;
	}
	need = b->len + n + 1;
	if (need > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < need)
			cap = cap <= SIZE_MAX / 2 ? cap * 2 : need;
		if (b->max && cap - 1 > b->max)
			cap = b->max + 1; /* never more than the cap can use */
		if (!(grown = realloc(b->s, cap))) {
			b->failed = true;
			return;
		}
		b->s = grown;
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, s, n); /* s may be NULL when n is 0 */
	b->len += n;
	b->s[b->len] = '\0';
}

void strbuf_putc(struct strbuf *b, char c)
{
	strbuf_put(b, &c, 1);
}

void strbuf_puts(struct strbuf *b, const char *s)
{
	strbuf_put(b, s, strlen(s));
}
