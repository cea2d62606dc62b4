/*
 * cmd_sessions.c - the sessions calendar as staff see it:
 *
 *   sessions list [--body B]
 *   sessions set BODY N START END [--status S]
 *   sessions import FILE
 *
 * `set` and `import` record the change and resolve again every obligation
 * due at the organs concerned; they say how many obligations moved.  FILE is
 * the TSV of data/sessions.tsv (BODY, NUMBER, START, END, STATUS).  A session
 * set by hand has status "set" unless --status says otherwise.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},   {"today", required_argument, NULL, 't'},
    {"body", required_argument, NULL, 'b'}, {"status", required_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
};

struct args {
	const struct cli_command *self;
	const char *db, *today, *body, *status;
};

static int list(struct md_store *st, const struct args *a)
{
	struct md_session *v;
	struct md_error err;
	char start[16], end[16];
	size_t n;

	md_error_clear(&err);
	if (md_store_sessions_list(st, a->body, &v, &n, &err) != MD_OK)
		return cli_fail(&err);
	printf("body\tnumber\tstart\tend\tstatus\n");
	for (size_t i = 0; i < n; i++) {
		md_date_format(v[i].start, start, sizeof(start));
		md_date_format(v[i].end, end, sizeof(end));
		printf("%s\t%d\t%s\t%s\t%s\n", v[i].body, v[i].number, start, end,
		       md_session_status_name(v[i].status));
	}
	free(v);
	return EXIT_OK;
}

/* BODY N START END from argv[optind + 1 ..]. */
static int parse_session(const struct args *a, char **argv, struct md_session *s)
{
	long long n;
	int st = a->status ? md_session_status_parse(a->status) : MD_SES_SET;

	memset(s, 0, sizeof(*s));
	if (strlen(argv[0]) >= sizeof(s->body) || !argv[0][0])
		return cli_usage(a->self, "'%s' is not an organ code", argv[0]);
	memcpy(s->body, argv[0], strlen(argv[0]) + 1);
	if (cli_number(argv[1], 1, 99999, &n) != 0)
		return cli_usage(a->self, "'%s' is not a session number", argv[1]);
	s->number = (int)n;
	if (md_date_parse_iso(argv[2], &s->start) || md_date_parse_iso(argv[3], &s->end))
		return cli_usage(a->self, "START and END must be dates of the form YYYY-MM-DD");
	if (st < 0)
		return cli_usage(a->self, "--status '%s' is not a session status", a->status);
	s->status = (enum md_session_status)st;
	return EXIT_OK;
}

static int set(struct md_store *st, const struct args *a, int argc, char **argv)
{
	struct md_session s;
	struct md_error err;
	int resolved = 0, rc;

	if (argc - optind != 5)
		return cli_usage(a->self, "set needs BODY N START END");
	if ((rc = parse_session(a, argv + optind + 1, &s)) != EXIT_OK)
		return rc;
	md_error_clear(&err);
	if (md_store_sessions_set(st, &s, 1, &resolved, &err) != MD_OK)
		return err.code == MD_EINVAL ? cli_usage(a->self, "%s", err.msg) : cli_fail(&err);
	printf("%s %d set; %d obligation%s resolved again\n", s.body, s.number, resolved,
	       resolved == 1 ? "" : "s");
	return EXIT_OK;
}

static int import(struct md_store *st, const struct args *a, int argc, char **argv)
{
	struct md_error err;
	size_t n = 0;
	int resolved = 0;

	if (argc - optind != 2)
		return cli_usage(a->self, "import needs one FILE");
	md_error_clear(&err);
	if (md_store_sessions_import(st, argv[optind + 1], &n, &resolved, &err) != MD_OK)
		return cli_fail(&err);
	printf("%zu sessions imported; %d obligation%s resolved again\n", n, resolved,
	       resolved == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_sessions(int argc, char **argv)
{
	struct args a = {.self = cli_find("sessions")};
	struct md_date today;
	struct md_store *st;
	const char *verb;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:b:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a.db = optarg;
			break;
		case 't':
			a.today = optarg;
			break;
		case 'b':
			a.body = optarg;
			break;
		case 's':
			a.status = optarg;
			break;
		case 'h':
			printf("usage: mandatectl %s\n", a.self->usage);
			return EXIT_OK;
		default:
			return cli_usage(a.self, "unknown option");
		}
	}
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "list") && strcmp(verb, "set") && strcmp(verb, "import"))
		return cli_usage(a.self, "want list, set or import");
	if (cli_today(a.today, &today) != 0)
		return EXIT_USAGE;
	if ((rc = cli_store_open(a.db, today, &st)) != EXIT_OK)
		return rc;
	if (!strcmp(verb, "list"))
		rc = list(st, &a);
	else if (!strcmp(verb, "set"))
		rc = set(st, &a, argc, argv);
	else
		rc = import(st, &a, argc, argv);
	md_store_close(st);
	return rc;
}
