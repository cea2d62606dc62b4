/*
 * cli_store.c - opening the store the way every store command does:
 * the path (--db, $MANDATE_DB, the XDG default), who is acting
 * ($MANDATE_USER, else $USER), the time for the history, "today", and the
 * sessions file a new database is seeded from, and the submission leads
 * of mandated.conf ($MANDATE_CONFIG, else /etc/mandate/mandated.conf when it
 * exists), so that a report's work-to day is the same whether mandatectl or
 * mandated stored it.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mandate/config.h"
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

/*
 * The submission leads of the configuration file, when there is one: 0 and
 * *cfg set (free with md_config_free, NULL when there is no file), or an
 * exit status after a one-line error naming the file and line.
 */
static int config_leads(struct md_config **cfg)
{
	const char *path = getenv("MANDATE_CONFIG");
	struct md_error err;

	*cfg = NULL;
	if (!path || !*path) {
		if (access(MD_CONFIG_PATH, F_OK) != 0)
			return EXIT_OK;
		path = MD_CONFIG_PATH;
	}
	md_error_clear(&err);
	if (md_config_load(path, cfg, &err) != MD_OK)
		return cli_fail(&err);
	return EXIT_OK;
}

int cli_store_open(const char *db_opt, struct md_date today, struct md_store **out)
{
	struct md_config *cfg = NULL;
	struct md_store_opts o = {0};
	char tsv[4096];
	struct md_error err;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	char *path = cli_db_path(db_opt);
	enum md_err rc;
	int status;

	if (!path) {
		cli_warnx("no database path: give --db PATH or set MANDATE_DB");
		return EXIT_DB;
	}
	if ((status = config_leads(&cfg)) != EXIT_OK) {
		free(path);
		return status;
	}
	o.config = cfg;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* $MANDATE_NOW fixes the clock for what the store records (history,
	 * LAST-MODIFIED of feed events), as --today fixes the date */
	if (getenv("MANDATE_NOW") && strlen(getenv("MANDATE_NOW")) == 20)
		snprintf(now, sizeof(now), "%s", getenv("MANDATE_NOW"));
	o.who = cli_who();
	o.now = now;
	o.today = today;
	o.sessions_tsv = md_data_file("sessions.tsv", tsv, sizeof(tsv)) ? tsv : NULL;
	make_parents(path);
	md_error_clear(&err);
	rc = md_store_open(path, &o, out, &err);
	free(path);
	md_config_free(cfg); /* the store keeps copies of the leads */
	return rc == MD_OK ? EXIT_OK : cli_fail(&err);
}
