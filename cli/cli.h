/*
 * cli.h - what the mandatectl commands share: the command table, exit
 * statuses, and the handful of options every command reads the same way.
 */
#ifndef MANDATE_CLI_H
#define MANDATE_CLI_H

#include <stdio.h>

#include "mandate/date.h"
#include "mandate/err.h"

/* Exit statuses, documented in mandatectl(1). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,    /* one or more inputs could not be read or processed */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_DB = 3,       /* the database could not be opened or written */
	EXIT_DELIVERY = 4, /* a network transfer or a delivery failed */
	EXIT_CONFIG = 5,   /* the configuration file is wrong */
	EXIT_NOTFOUND = 6  /* the named document, obligation or session does not exist */
};

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;   /* "extract [--json] FILE..." */
	const char *summary; /* one line for `mandatectl --help` */
};

/* The program name for messages: "mandatectl". */
extern const char *cli_progname;

/* Prints "mandatectl: " and the message, one line, on stderr. */
void cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a usage error for cmd and returns EXIT_USAGE. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Looks a command up by name in the table; NULL when there is none. */
const struct cli_command *cli_find(const char *name);

/*
 * "Today" for date-dependent commands: the --today argument when given
 * (opt != NULL), else $MANDATE_TODAY, else the local calendar date.
 * Returns 0, or -1 with a message printed when the value is not YYYY-MM-DD.
 */
int cli_today(const char *opt, struct md_date *out);

/*
 * The database path: opt (--db) when given, else $MANDATE_DB, else
 * $XDG_DATA_HOME/mandate/mandate.db, else ~/.local/share/mandate/mandate.db.
 * Returns a new string (free()), or NULL when no path can be formed.
 */
char *cli_db_path(const char *opt);

/*
 * A whole decimal number from lo to hi into *out: 0, or -1 for anything
 * else (empty, signs, spaces, trailing text, out of range).
 */
int cli_number(const char *s, long long lo, long long hi, long long *out);

/* Prints an md_error as one line and maps its code to an exit status. */
int cli_fail(const struct md_error *err);

/* The commands, each in cli/cmd_<name>.c. */
int cmd_extract(int argc, char **argv);

/* Who is acting, for the history: $MANDATE_USER, else $USER, else "unknown". */
const char *cli_who(void);

/*
 * Opens the store at cli_db_path(db_opt) (creating the directories of the
 * path), seeded from data/sessions.tsv when new.  Returns EXIT_OK and sets
 * *out, or prints one line and returns the exit status.
 */
struct md_store;
int cli_store_open(const char *db_opt, struct md_date today, struct md_store **out);

/* The store commands (cli/cmd_ingest.c, cmd_upcoming.c, cmd_show.c, cmd_fix.c,
 * cmd_sessions.c). */
int cmd_ingest(int argc, char **argv);
int cmd_upcoming(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_add(int argc, char **argv);
int cmd_dismiss(int argc, char **argv);
int cmd_done(int argc, char **argv);
int cmd_reopen(int argc, char **argv);
int cmd_review(int argc, char **argv);
/* Private feed tokens (cli/cmd_token.c). */
int cmd_token(int argc, char **argv);
int cmd_sessions(int argc, char **argv);

/* The reminder e-mails (cli/cmd_notify.c). */
int cmd_notify(int argc, char **argv);

/* The iCalendar feed (cli/cmd_export.c). */
int cmd_export(int argc, char **argv);

#endif
