/*
 * err.h - error codes and the error record shared by every module.
 *
 * Fallible library calls return an enum md_err (MD_OK == 0).  Callers that
 * want words pass a struct md_error, which the callee fills with a message
 * naming the input and the problem.  lib/ never prints and never exits; the
 * front ends decide what the user sees.
 */
#ifndef MANDATE_ERR_H
#define MANDATE_ERR_H

#include <stddef.h>

enum md_err {
	MD_OK = 0,
	MD_ENOMEM,    /* out of memory */
	MD_EIO,       /* a file could not be read or written */
	MD_ENOENT,    /* no such file, document, obligation or session */
	MD_EEMPTY,    /* the input is empty */
	MD_EBINARY,   /* the input is not text (NUL bytes, control characters) */
	MD_EUTF8,     /* the input is not valid UTF-8 */
	MD_ETOOBIG,   /* the input is over a documented size limit */
	MD_ENOTRES,   /* the text is not a resolution */
	MD_EINVAL,    /* a bad argument or value */
	MD_EDB,       /* the database failed */
	MD_EDBFOREIGN, /* the file at the database path is not a mandate database */
	MD_EBUSY,     /* the database stayed locked past the busy timeout */
	MD_ECONFIG,   /* a configuration error */
	MD_ENET,      /* a network transfer failed */
	MD_EFORMAT,   /* output could not be produced in the asked format */
	MD_ECONFLICT, /* the change conflicts with what is stored */
	MD_ERR_MAX
};

/* An error record: the code plus a message for a person. */
struct md_error {
	enum md_err code;
	char msg[512];
};

/* Returns a static, never-NULL string describing code. */
const char *md_strerror(enum md_err code);

/*
 * Sets err (if not NULL) to code and a printf-style message, and returns code
 * so that a caller can write `return md_error_set(err, MD_EIO, "...")`.
 */
enum md_err md_error_set(struct md_error *err, enum md_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err (if not NULL) to MD_OK and an empty message. */
void md_error_clear(struct md_error *err);

#endif
