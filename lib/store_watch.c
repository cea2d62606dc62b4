/*
 * store_watch.c - md_store_data_version: has anyone changed the database?
 *
 * PRAGMA data_version changes when another connection commits; a
 * connection's own commits do not change it, so sqlite3_total_changes64 is
 * added: both only grow, so their sum changes whenever either does.
 */
#include "store_int.h"

#include "mandate/store_watch.h"

enum md_err md_store_data_version(struct md_store *st, uint64_t *out, struct md_error *err)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = store_stmt(st, sql, err);

	if (!s)
		return err ? err->code : MD_EDB;
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_dberr(st, err, "reading the data version");
	*out = (uint64_t)sqlite3_column_int64(s, 0) + (uint64_t)sqlite3_total_changes64(st->db);
	sqlite3_reset(s);
	return MD_OK;
}
