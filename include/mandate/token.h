/*
 * token.h - private feed tokens.
 *
 * A token is 192 random bits written as 48 lowercase hex digits; it is
 * shown once, by md_token_add, and only its SHA-256 is stored (in the
 * store's meta table, key "token:" and the hash in hex, so no schema
 * change is needed).  A token carries a label and the feed filters it
 * grants, as a query string ("body=HRC&kind=report").  md_token_check
 * compares against every stored hash in constant time.  Tokens are never
 * recorded in the history or logged; their id (the first 12 hex digits of
 * the hash) names them in listings.
 */
#ifndef MANDATE_TOKEN_H
#define MANDATE_TOKEN_H

#include <stddef.h>

#include "mandate/err.h"
#include "mandate/store.h"

#define MD_TOKEN_BYTES 24
#define MD_TOKEN_LEN   (2 * MD_TOKEN_BYTES) /* hex digits */
#define MD_TOKEN_IDLEN 12

struct md_token {
	char id[MD_TOKEN_IDLEN + 1];
	char *label;
	char *filters; /* query string, "" for none */
	char *created; /* the store's "now" when added */
};

/*
 * Makes a new token from the kernel's random source, stores its hash with
 * label and filters (both copied; filters may be NULL) and writes the
 * token (MD_TOKEN_LEN digits and a NUL) into token.  id (may be NULL)
 * gets its id.  Errors: MD_EIO (no randomness), MD_EDB, MD_EBUSY, MD_ENOMEM.
 */
enum md_err md_token_add(struct md_store *st, const char *label, const char *filters,
                         char token[MD_TOKEN_LEN + 1], char id[MD_TOKEN_IDLEN + 1],
                         struct md_error *err);

/* Every token, oldest first: *out is new (free with md_tokens_free). */
enum md_err md_token_list(struct md_store *st, struct md_token **out, size_t *n,
                          struct md_error *err);
void md_tokens_free(struct md_token *t, size_t n);

/*
 * Removes the token named by which: its id, a unique prefix of the id of at
 * least 6 digits, or the token itself.  MD_ENOENT when none matches,
 * MD_ECONFLICT when a prefix names several, MD_EDB.
 */
enum md_err md_token_revoke(struct md_store *st, const char *which, struct md_error *err);

/*
 * Looks token up.  On MD_OK *out is filled (free its strings with
 * md_tokens_free(out, 1) on a copy made by the caller, or use
 * md_token_clear).  MD_ENOENT when it is not a stored token (a malformed
 * token too).  MD_EDB.
 */
enum md_err md_token_check(struct md_store *st, const char *token, struct md_token *out,
                           struct md_error *err);

/* Frees the strings of one token filled by md_token_check. */
void md_token_clear(struct md_token *t);

#endif
