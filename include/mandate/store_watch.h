/*
 * store_watch.h - noticing that the database changed, whoever changed it.
 *
 * mandated serves feeds rendered from the store and must see what
 * mandatectl writes (ingests, corrections, tokens) without a restart.
 * md_store_data_version is a number that changes whenever any process
 * commits a change to the database, this connection included; it costs one
 * PRAGMA, so it can be asked on every request.
 */
#ifndef MANDATE_STORE_WATCH_H
#define MANDATE_STORE_WATCH_H

#include <stdint.h>

#include "mandate/err.h"
#include "mandate/store.h"

/*
 * Sets *out to a value that differs from the previous call's whenever a
 * change was committed in between (PRAGMA data_version for the other
 * connections plus this connection's own changes).  Only meaningful for
 * the same st.  Errors: MD_EDB, MD_EBUSY.
 */
enum md_err md_store_data_version(struct md_store *st, uint64_t *out, struct md_error *err);

#endif
