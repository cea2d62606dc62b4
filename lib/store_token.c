/*
 * store_token.c - private feed tokens, kept as SHA-256 hashes in the meta
 * table (see token.h for the policy).
 *
 * SHA-256 is written out here (FIPS 180-4) because the library links no
 * crypto library of its own; it only ever hashes 48-byte tokens.
 */
#include "store_int.h"

#include "mandate/token.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* ---- SHA-256 ---- */

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		              ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[i] + w[i];
		uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		              ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));

		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

/* SHA-256 of s[0..n) as 64 hex digits and a NUL. */
static void sha256_hex(const char *s, size_t n, char out[65])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	unsigned char block[64];
	uint64_t bits = (uint64_t)n * 8;
	size_t i = 0;

	for (; n - i >= 64; i += 64)
		sha256_block(h, (const unsigned char *)s + i);
	memset(block, 0, sizeof(block));
	memcpy(block, s + i, n - i);
	block[n - i] = 0x80;
	if (n - i >= 56) {
		sha256_block(h, block);
		memset(block, 0, sizeof(block));
	}
	for (int k = 0; k < 8; k++)
		block[56 + k] = (unsigned char)(bits >> (56 - 8 * k));
	sha256_block(h, block);
	for (int k = 0; k < 8; k++)
		snprintf(out + 8 * k, 9, "%08x", h[k]);
}

/* ---- tokens ---- */

static bool token_shaped(const char *t)
{
	size_t n = 0;

	for (; t[n]; n++)
		if (!strchr("0123456789abcdef", t[n]) || n >= MD_TOKEN_LEN)
			return false;
	return n == MD_TOKEN_LEN;
}

enum md_err md_token_add(struct md_store *st, const char *label, const char *filters,
                         char token[MD_TOKEN_LEN + 1], char id[MD_TOKEN_IDLEN + 1],
                         struct md_error *err)
{
	static const char sql[] = "INSERT INTO meta (key, value) VALUES ('token:' || ?, ?)";
	unsigned char raw[MD_TOKEN_BYTES];
	char hash[65], *value;
	json_t *j;
	sqlite3_stmt *s;
	enum md_err rc;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return md_error_set(err, MD_EIO, "no random bytes: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	sha256_hex(token, MD_TOKEN_LEN, hash);
	j = json_pack("{s:s, s:s, s:s}", "label", label ? label : "", "filters",
	              filters ? filters : "", "created", st->now);
	value = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (!value)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if ((rc = store_begin(st, err)) != MD_OK) {
		free(value);
		return rc;
	}
	if (!(s = store_stmt(st, sql, err))) {
		rc = err ? err->code : MD_EDB;
	} else {
		sqlite3_bind_text(s, 1, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
		rc =
		    sqlite3_step(s) == SQLITE_DONE ? MD_OK : store_dberr(st, err, "adding a token");
	}
	free(value);
	if (rc == MD_OK)
		rc = store_history_add(st, "token add", NULL, 0, label ? label : "", err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	if (id)
		snprintf(id, MD_TOKEN_IDLEN + 1, "%.*s", MD_TOKEN_IDLEN, hash);
	return store_commit(st, err);
}

/* Fills t from a row (hash in hex, JSON value). */
static enum md_err token_from_row(const char *hash, const char *value, struct md_token *t)
{
	json_t *j = value ? json_loads(value, 0, NULL) : NULL;
	const char *label = json_string_value(json_object_get(j, "label"));
	const char *filters = json_string_value(json_object_get(j, "filters"));
	const char *created = json_string_value(json_object_get(j, "created"));

	memset(t, 0, sizeof(*t));
	snprintf(t->id, sizeof(t->id), "%.*s", MD_TOKEN_IDLEN, hash);
	t->label = strdup(label ? label : "");
	t->filters = strdup(filters ? filters : "");
	t->created = strdup(created ? created : "");
	json_decref(j);
	if (!t->label || !t->filters || !t->created) {
		md_token_clear(t);
		return MD_ENOMEM;
	}
	return MD_OK;
}

void md_token_clear(struct md_token *t)
{
	if (!t)
		return;
	free(t->label);
	free(t->filters);
	free(t->created);
	t->label = t->filters = t->created = NULL;
}

void md_tokens_free(struct md_token *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		md_token_clear(&t[i]);
	free(t);
}

static const char list_sql[] = "SELECT substr(key, 7), value FROM meta"
                               " WHERE key >= 'token:' AND key < 'token;'";

enum md_err md_token_list(struct md_store *st, struct md_token **out, size_t *n,
                          struct md_error *err)
{
	sqlite3_stmt *s;
	struct md_token *v = NULL, *grown;
	size_t count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* meta is WITHOUT ROWID: order by the creation time in the value. */
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT substr(key, 7), value FROM meta WHERE key >= 'token:'"
	                       " AND key < 'token;' ORDER BY json_extract(value, '$.created'), key",
	                       -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "listing tokens");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!(grown = realloc(v, (count + 1) * sizeof(*v))) ||
		    token_from_row((const char *)sqlite3_column_text(s, 0),
		                   (const char *)sqlite3_column_text(s, 1),
		                   &grown[count]) != MD_OK) {
			sqlite3_finalize(s);
			md_tokens_free(grown ? grown : v, count);
			return md_error_set(err, MD_ENOMEM, "out of memory");
		}
		v = grown;
		count++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		md_tokens_free(v, count);
		return store_dberr(st, err, "listing tokens");
	}
	*out = v;
	*n = count;
	return MD_OK;
}

/* The full hash of the one token which names (see md_token_revoke). */
static enum md_err find_hash(struct md_store *st, const char *which, char hash[65],
                             struct md_error *err)
{
	sqlite3_stmt *s;
	size_t len = strlen(which), found = 0;
	int rc;

	if (token_shaped(which)) {
		sha256_hex(which, MD_TOKEN_LEN, hash);
		which = hash;
		len = 64;
	}
	if (len < 6 || len > 64 || strspn(which, "0123456789abcdef") != len)
		return md_error_set(err, MD_ENOENT, "'%.80s' is not a token id", which);
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT substr(key, 7) FROM meta WHERE key >= 'token:'"
	                       " AND key < 'token;' AND substr(key, 7, ?) = ?",
	                       -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "finding a token");
	sqlite3_bind_int(s, 1, (int)len);
	sqlite3_bind_text(s, 2, which, (int)len, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (found++ == 0)
			snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "finding a token");
	if (found == 0)
		return md_error_set(err, MD_ENOENT, "no token %.*s", MD_TOKEN_IDLEN, which);
	if (found > 1)
		return md_error_set(err, MD_ECONFLICT, "'%s' names %zu tokens; give more digits",
		                    which, found);
	return MD_OK;
}

enum md_err md_token_revoke(struct md_store *st, const char *which, struct md_error *err)
{
	static const char sql[] = "DELETE FROM meta WHERE key = 'token:' || ?";
	char hash[65], id[MD_TOKEN_IDLEN + 1];
	sqlite3_stmt *s;
	enum md_err rc = store_begin(st, err);

	if (rc != MD_OK)
		return rc;
	if ((rc = find_hash(st, which, hash, err)) == MD_OK) {
		if (!(s = store_stmt(st, sql, err))) {
			rc = err ? err->code : MD_EDB;
		} else {
			sqlite3_bind_text(s, 1, hash, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = store_dberr(st, err, "revoking a token");
		}
	}
	snprintf(id, sizeof(id), "%.*s", MD_TOKEN_IDLEN, hash);
	if (rc == MD_OK)
		rc = store_history_add(st, "token revoke", NULL, 0, id, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* 1 when a and b (n bytes) are equal, in time that depends on n only. */
static int same(const char *a, const char *b, size_t n)
{
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

enum md_err md_token_check(struct md_store *st, const char *token, struct md_token *out,
                           struct md_error *err)
{
	sqlite3_stmt *s = NULL;
	char hash[65];
	int rc, hit = 0;
	enum md_err ret = MD_OK;

	memset(out, 0, sizeof(*out));
	if (!token_shaped(token))
		return md_error_set(err, MD_ENOENT, "no such token");
	sha256_hex(token, MD_TOKEN_LEN, hash);
	if (!(s = store_stmt(st, list_sql, err)))
		return err ? err->code : MD_EDB;
	/* Every stored hash is compared, whichever matches. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		int eq = h && strlen(h) == 64 && same(h, hash, 64);

		if (eq && !hit && ret == MD_OK)
			ret = token_from_row(h, (const char *)sqlite3_column_text(s, 1), out);
		hit |= eq;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		md_token_clear(out);
		return store_dberr(st, err, "checking a token");
	}
	if (ret != MD_OK)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return hit ? MD_OK : md_error_set(err, MD_ENOENT, "no such token");
}
