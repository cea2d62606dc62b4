/*
 * store_notify.c - the record of reminders sent, and the paragraph text a
 * reminder quotes.
 *
 * Policy: a row of `reminders` is written only after the SMTP server
 * accepted the message, in one transaction per message (a digest's
 * reminders together), so a crash leaves each reminder either recorded
 * and delivered or unrecorded and sent again by the next run.  The key is
 * (obligation, occurrence, recipient, lead, date): an occurrence that moves
 * to another date is reminded of again.  Rows go with their obligation.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/notify.h"

static void bind_key(sqlite3_stmt *s, const struct md_reminder_key *k)
{
	sqlite3_bind_int64(s, 1, k->obligation_id);
	sqlite3_bind_int(s, 2, k->index);
	store_bind_text(s, 3, k->recipient);
	sqlite3_bind_int(s, 4, k->lead);
	store_bind_date(s, 5, k->due);
}

enum md_err md_store_reminder_sent(struct md_store *st, const struct md_reminder_key *k, bool *sent,
                                   struct md_error *err)
{
	static const char sql[] = "SELECT 1 FROM reminders WHERE obligation_id = ?1 AND idx = ?2"
	                          " AND recipient = ?3 AND lead = ?4 AND due = ?5";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	*sent = false;
	if (!s)
		return err ? err->code : MD_EDB;
	bind_key(s, k);
	rc = sqlite3_step(s);
	*sent = rc == SQLITE_ROW;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading the reminders");
	return MD_OK;
}

static enum md_err record_one(struct md_store *st, const struct md_reminder_key *k,
                              const char *message_id, const char *sent_at, struct md_error *err)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO reminders (obligation_id, idx, recipient, lead, due, late,"
	    " message_id, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	bind_key(s, k);
	sqlite3_bind_int(s, 6, k->late);
	store_bind_text(s, 7, message_id);
	store_bind_text(s, 8, sent_at);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_dberr(st, err, "recording a reminder");
	return MD_OK;
}

enum md_err md_store_reminders_record(struct md_store *st, const struct md_reminder_key *k,
                                      size_t n, const char *message_id, const char *sent_at,
                                      struct md_error *err)
{
	enum md_err rc = store_begin(st, err);

	for (size_t i = 0; rc == MD_OK && i < n; i++)
		rc = record_one(st, &k[i], message_id, sent_at, err);
	if (rc != MD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

enum md_err md_store_reminders_count(struct md_store *st, const char *recipient, size_t *n,
                                     struct md_error *err)
{
	static const char sql[] =
	    "SELECT COUNT(*) FROM reminders WHERE ?1 IS NULL OR recipient = ?1";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	*n = 0;
	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, recipient);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "counting the reminders");
	return MD_OK;
}

enum md_err md_store_paragraph_text(struct md_store *st, const char *symbol, int number,
                                    char **text, struct md_error *err)
{
	static const char sql[] = "SELECT p.text FROM paragraphs p JOIN documents d"
	                          " ON d.id = p.document_id WHERE d.symbol = ? AND p.number = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	bool oom = false;
	int rc;

	*text = NULL;
	if (!s)
		return err ? err->code : MD_EDB;
	store_bind_text(s, 1, symbol);
	sqlite3_bind_int(s, 2, number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*text = store_col_strdup(s, 0, &oom);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading a paragraph");
	return oom ? md_error_set(err, MD_ENOMEM, "out of memory") : MD_OK;
}

enum md_err md_store_obligation_identity(struct md_store *st, int64_t id, char *kind,
                                         size_t kind_size, int *ordinal, bool *added,
                                         struct md_error *err)
{
	static const char sql[] = "SELECT kind, ordinal, origin FROM obligations WHERE id = ?";
	sqlite3_stmt *s = store_stmt(st, sql, err);
	int rc;

	if (!s)
		return err ? err->code : MD_EDB;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(kind, kind_size, "%s", (const char *)sqlite3_column_text(s, 0));
		*ordinal = sqlite3_column_int(s, 1);
		*added = strcmp((const char *)sqlite3_column_text(s, 2), "staff") == 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return md_error_set(err, MD_ENOENT, "no obligation %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading an obligation");
	return MD_OK;
}

enum md_err md_store_notify_lock(struct md_store *st, int *fd, struct md_error *err)
{
	struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	char *path = malloc(strlen(st->path) + sizeof(".notify-lock"));
	int f;

	*fd = -1;
	if (!path)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	sprintf(path, "%s.notify-lock", st->path);
	f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (f < 0) {
		md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
		free(path);
		return MD_EIO;
	}
	while (fcntl(f, F_SETLKW, &l) != 0) {
		if (errno == EINTR)
			continue;
		md_error_set(err, MD_EIO, "%s: cannot lock: %s", path, strerror(errno));
		close(f);
		free(path);
		return MD_EIO;
	}
	free(path);
	*fd = f;
	return MD_OK;
}

void md_store_notify_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the lock */
}
