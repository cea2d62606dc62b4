/*
 * config.h - mandated's configuration: one table of directives.
 *
 * The table in lib/config.c (name, type, bounds, default, help) drives the
 * parser, the validation messages ("file:line: message"), `mandated -n`,
 * which prints every directive with its value, and the DIRECTIVES section
 * of mandated.conf(5), which `mandated -M` prints.
 *
 * The file is one directive a line: a name, then its values separated by
 * blanks; "double quotes" keep blanks in a value; # starts a comment.
 * Unknown directives, missing or extra values, values out of bounds and a
 * directive given twice (unless it is repeatable) are errors.
 */
#ifndef MANDATE_CONFIG_H
#define MANDATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "mandate/err.h"

/* Where mandated reads its configuration when -f is not given. */
#define MD_CONFIG_PATH "/etc/mandate/mandated.conf"

/* A per-organ submission lead: "lead HRC 8". */
struct md_config_lead {
	char body[16];
	int weeks;
};

struct md_config {
	char *file; /* the file read, or NULL for built-in defaults */
	char *database, *spool, *listen;
	int port;
	char **watch; /* URLs polled for resolutions */
	size_t n_watch;
	long poll_interval, fetch_timeout; /* seconds */
	long fetch_max_bytes;
	int fetch_max_redirects;
	char *feed_name, *feed_status;
	long feed_refresh; /* seconds: Cache-Control max-age, REFRESH-INTERVAL */
	long feed_past;    /* seconds: how far back a feed reaches */
	long *alarms;      /* seconds before the work-to day, n_alarms of them */
	size_t n_alarms;
	int submission_weeks;
	struct md_config_lead *leads;
	size_t n_leads;
	bool require_token;
	char **reminder_to;
	size_t n_reminder_to;
	/* mandatectl notify (notify.h): the SMTP server and the reminder lines,
	 * each stored as its values joined by tabs */
	char *smtp, *smtp_from, *smtp_from_name, *smtp_credentials, *smtp_helo, *reminder_link;
	char **reminders;
	size_t n_reminders;
	int max_connections, max_per_ip;
	long http_timeout;         /* seconds of silence before a connection is closed */
	long http_memory;          /* bytes of memory per connection */
	long max_url, max_headers; /* bytes */
	bool verbose;              /* log_level debug */
};

/* One directive of the table, as mandated -n and the man page show it. */
struct md_directive {
	const char *name;
	const char *args; /* "ADDRESS", "URL", "BODY WEEKS" */
	const char *def;  /* default value as written in the file; "" none */
	bool repeatable;
	const char *help; /* one paragraph */
};

/*
 * Reads the configuration at path (NULL: built-in defaults only).  On MD_OK
 * *out is a new configuration (free with md_config_free).  Errors:
 * MD_ECONFIG with "file:line: message" (the first problem), MD_EIO when
 * the file cannot be read, MD_ENOMEM.
 */
enum md_err md_config_load(const char *path, struct md_config **out, struct md_error *err);

/*
 * Where a data file (name under data/: "sessions.tsv", "templates/...") is
 * read from: the source tree's data/ when it holds name (programs run from
 * their build directory), else the installed share/mandate/.  md_datadir
 * returns that directory; md_data_file writes name's path into buf and
 * says whether it is readable.
 */
const char *md_datadir(const char *name);
bool md_data_file(const char *name, char *buf, size_t size);

/* Frees c.  md_config_free(NULL) is a no-op. */
void md_config_free(struct md_config *c);

/* The directive table: *n entries, static. */
const struct md_directive *md_config_directives(size_t *n);

/*
 * Writes the value of directive i of the table in c as it would be written
 * in the file (lists joined by ", ") into buf; truncated to size.
 */
void md_config_value(const struct md_config *c, size_t i, char *buf, size_t size);

/*
 * Parses a duration: a number with s, m, h, d or w ("90s", "10m", "1h",
 * "14d", "2w"; a bare number is seconds).  0 or -1.
 */
int md_config_duration(const char *s, long *seconds);

#endif
