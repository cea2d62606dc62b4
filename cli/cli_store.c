/*
 * cli_store.c - opening the store the way every store command does:
 * the path (--db, $MANDATE_DB, the XDG default), who is acting
 * ($MANDATE_USER, else $USER), the time for the history, "today", and the
 * sessions file a new database is seeded from.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mandate/store.h"

/* Creates the directories above path (mode 0700), as for the default path. */
static void make_parents(const char *path)
{
	char *copy = strdup(path);

	for (char *p = copy ? copy + 1 : NULL; p && *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			break; /* md_store_open will name the problem */
		*p = '/';
	}
	free(copy);
}

const char *cli_who(void)
{
	const char *v = getenv("MANDATE_USER");

	if (!v || !*v)
		v = getenv("USER");
	return v && *v ? v : "unknown";
}

/* data/sessions.tsv of the source tree when there is one, else the installed one. */
static const char *sessions_file(void)
{
	static const char *const paths[] = {MANDATE_SRCDATADIR "/sessions.tsv",
	                                    MANDATE_DATADIR "/sessions.tsv"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	return NULL;
}

int cli_store_open(const char *db_opt, struct md_date today, struct md_store **out)
{
	struct md_store_opts o = {0};
	struct md_error err;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	char *path = cli_db_path(db_opt);
	enum md_err rc;

	if (!path) {
		cli_warnx("no database path: give --db PATH or set MANDATE_DB");
		return EXIT_DB;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* $MANDATE_NOW fixes the clock for what the store records (history,
	 * LAST-MODIFIED of feed events), as --today fixes the date */
	if (getenv("MANDATE_NOW") && strlen(getenv("MANDATE_NOW")) == 20)
		snprintf(now, sizeof(now), "%s", getenv("MANDATE_NOW"));
	o.who = cli_who();
	o.now = now;
	o.today = today;
	o.sessions_tsv = sessions_file();
	make_parents(path);
	md_error_clear(&err);
	rc = md_store_open(path, &o, out, &err);
	free(path);
	return rc == MD_OK ? EXIT_OK : cli_fail(&err);
}
