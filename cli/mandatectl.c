/*
 * mandatectl.c - the command table and main().
 *
 * Every command lives in cli/cmd_<name>.c and is a thin shell over lib/:
 * it parses its options, calls the library, and turns errors into one line
 * on stderr and an exit status (see cli.h and mandatectl(1)).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"extract", cmd_extract, "extract [--json [--all]] FILE...",
     "read resolutions (text, PDF, .docx, HTML) and print their dated obligations"},
    {"ingest", cmd_ingest,
     "ingest [--db PATH] [--today DATE] [--quiet] [--batch N] FILE|DIR|URL...",
     "read resolutions and store their obligations"},
    {"upcoming", cmd_upcoming,
     "upcoming [--db PATH] [--today DATE] [--within 90d] [--from DATE] [--body B] "
     "[--actor A] [--kind K] [--symbol S] [--status open|done|all] "
     "[--format table|json|csv] [--limit N]",
     "list what falls due soon, soonest first"},
    {"show", cmd_show, "show [--db PATH] [--json] SYMBOL",
     "show a stored resolution with its paragraphs and obligations"},
    {"search", cmd_search, "search [--db PATH] [--limit N] TEXT...",
     "find paragraphs holding every word of TEXT"},
    {"history", cmd_history, "history [--db PATH] [--limit N] [ID]",
     "show who changed what, newest first"},
    {"fix", cmd_fix,
     "fix [--db PATH] [--today DATE] [--due DUE] [--kind K] [--actor A] "
     "[--recurrence P|none] ID",
     "correct an obligation's due, kind or actor"},
    {"add", cmd_add,
     "add [--db PATH] [--today DATE] --paragraph N --due DUE --kind K --actor A "
     "[--recurrence P] SYMBOL",
     "add an obligation the reader missed"},
    {"dismiss", cmd_dismiss, "dismiss [--db PATH] [--today DATE] [--note TEXT] ID",
     "dismiss an obligation the reader found wrongly"},
    {"done", cmd_done, "done [--db PATH] [--today DATE] [--by SYMBOL] [--note TEXT] ID",
     "mark an obligation done"},
    {"reopen", cmd_reopen, "reopen [--db PATH] [--today DATE] ID",
     "mark a done or dismissed obligation open again"},
    {"review", cmd_review, "review [--db PATH] [--limit N]",
     "list what the reader was least sure of"},
    {"token", cmd_token,
     "token add|list|revoke [--db PATH] [--label TEXT] [--body B] [--actor A] [--kind K] "
     "[--symbol S] [--status S] [--url BASE] [--json] [ID|TOKEN]",
     "add, list or revoke private feed URLs"},
    {"sessions", cmd_sessions,
     "sessions [--db PATH] [--today DATE] list [--body B] | set BODY N START END "
     "[--status S] | import FILE",
     "list, set or import session dates"},
    {"notify", cmd_notify,
     "notify [--db PATH] [--today DATE] [--config FILE | --recipients FILE] "
     "[--dry-run [--print]] [--ca-file FILE] [--quiet]",
     "e-mail the reminders due today, each once"},
    {"export", cmd_export,
     "export [--db PATH] [--today DATE] [--now STAMP] [--body B] [--actor A] [--kind K] "
     "[--symbol S] [--from DATE] [--to DATE] [--status open|done|all] "
     "[--alarms DAYS,...|none] [--grace DAYS] [--refresh MINUTES] [--name NAME] [-o FILE]",
     "write the obligations as an iCalendar feed"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct cli_command *cli_find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void help(FILE *f)
{
	fprintf(f, "usage: mandatectl COMMAND [OPTIONS] [ARGS]\n\n"
	           "Turns United Nations resolutions into a calendar of obligations.\n\n"
	           "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'mandatectl COMMAND --help' shows a command's options.\n"
	           "Exit status: 0 ok, 1 an input failed, 2 usage, 3 database, 4 delivery,\n"
	           "5 configuration, 6 not found.\n");
}

int main(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc < 2) {
		help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("mandatectl %s\n", MANDATE_VERSION);
		return EXIT_OK;
	}
	cmd = cli_find(argv[1]);
	if (!cmd) {
		cli_warnx("'%s' is not a command; see 'mandatectl --help'", argv[1]);
		return EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
