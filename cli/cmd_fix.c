/*
 * cmd_fix.c - people correcting the machine and tracking work:
 *
 *   fix ID [--due DUE] [--kind K] [--actor A] [--recurrence P1Y|none]
 *   add SYMBOL --paragraph N --due DUE --kind K --actor A [--recurrence P]
 *   dismiss ID [--note TEXT]
 *   done ID [--by SYMBOL] [--note TEXT]
 *   reopen ID
 *   review [--limit N]
 *
 * DUE is written as "at HRC 53", "before GA 80", "by 2024-12-31" (see
 * md_store_due_parse).  Every command takes --db and --today.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"today", required_argument, NULL, 't'},
    {"due", required_argument, NULL, 'u'},
    {"kind", required_argument, NULL, 'k'},
    {"actor", required_argument, NULL, 'a'},
    {"recurrence", required_argument, NULL, 'r'},
    {"paragraph", required_argument, NULL, 'p'},
    {"by", required_argument, NULL, 'b'},
    {"note", required_argument, NULL, 'n'},
    {"limit", required_argument, NULL, 'l'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct args {
	const struct cli_command *self;
	const char *db, *today, *by, *note;
	int paragraph;
	size_t limit;
	bool json;
	struct md_fix fix;
};

/* One option of a correction into a->fix; EXIT_OK or a usage status. */
static int fix_option(struct args *a, int c, const char *v)
{
	struct md_error err;
	int k;

	md_error_clear(&err);
	switch (c) {
	case 'u':
		if (md_store_due_parse(v, &a->fix.due, &err) != MD_OK)
			return cli_usage(a->self, "%s", err.msg);
		a->fix.has_due = true;
		return EXIT_OK;
	case 'k':
		if ((k = md_kind_parse(v)) < 0)
			return cli_usage(a->self, "--kind '%s': not a kind", v);
		a->fix.kind = (enum md_kind)k;
		a->fix.has_kind = true;
		return EXIT_OK;
	case 'a':
		a->fix.actor = v;
		a->fix.has_actor = true;
		return EXIT_OK;
	default: /* 'r' */
		memset(&a->fix.recurrence, 0, sizeof(a->fix.recurrence));
		if (strcmp(v, "none") && md_period_parse(v, &a->fix.recurrence) != 0)
			return cli_usage(a->self, "--recurrence '%s': want P1Y, P6M ... or none",
			                 v);
		a->fix.has_recurrence = true;
		return EXIT_OK;
	}
}

/* Parses argv; returns EXIT_OK, -1 after --help, or a usage status. */
static int parse(int argc, char **argv, struct args *a)
{
	int c, rc = EXIT_OK;
	long long v;

	optind = 1;
	while (rc == EXIT_OK &&
	       (c = getopt_long(argc, argv, "d:t:u:k:a:r:p:b:n:l:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 't':
			a->today = optarg;
			break;
		case 'b':
			a->by = optarg;
			break;
		case 'n':
			a->note = optarg;
			break;
		case 'j':
			a->json = true;
			break;
		case 'l':
			if (cli_number(optarg, 0, 1000000, &v) != 0)
				return cli_usage(a->self, "--limit '%s': not a number", optarg);
			a->limit = (size_t)v;
			break;
		case 'p':
			if (cli_number(optarg, 1, 100000, &v) != 0)
				return cli_usage(
				    a->self, "--paragraph '%s': not a paragraph number", optarg);
			a->paragraph = (int)v;
			break;
		case 'u':
		case 'k':
		case 'a':
		case 'r':
			rc = fix_option(a, c, optarg);
			break;
		case 'h':
			printf("usage: mandatectl %s\n", a->self->usage);
			return -1;
		default:
			return cli_usage(a->self, "unknown option");
		}
	}
	return rc;
}

/* The obligation ID operand, or 0 (after a usage message) when missing or bad. */
static int64_t id_operand(const struct args *a, int argc, char **argv)
{
	long long id;

	if (optind != argc - 1) {
		cli_usage(a->self, "give one obligation ID");
		return 0;
	}
	if (cli_number(argv[optind], 1, INT64_MAX, &id) != 0) {
		cli_usage(a->self, "'%s' is not an obligation ID", argv[optind]);
		return 0;
	}
	return id;
}

/* Parses, opens the store, and takes the operand (ID, or SYMBOL for add). */
static int start(const char *name, int argc, char **argv, struct args *a, struct md_store **st)
{
	struct md_date today;
	int rc;

	a->self = cli_find(name);
	*st = NULL;
	if ((rc = parse(argc, argv, a)) != EXIT_OK)
		return rc;
	if (strcmp(name, "review") && optind != argc - 1)
		return cli_usage(a->self, "give one %s", strcmp(name, "add") ? "ID" : "SYMBOL");
	if (cli_today(a->today, &today) != 0)
		return EXIT_USAGE;
	return cli_store_open(a->db, today, st);
}

/* Runs one change on obligation ID and says what was done. */
static int id_command(const char *name, int argc, char **argv)
{
	struct args a = {0};
	struct md_store *st;
	struct md_error err;
	int64_t id;
	enum md_err rc;
	int status = start(name, argc, argv, &a, &st);

	if (status != EXIT_OK)
		return status < 0 ? EXIT_OK : status;
	if (!(id = id_operand(&a, argc, argv))) {
		md_store_close(st);
		return EXIT_USAGE;
	}
	md_error_clear(&err);
	if (!strcmp(name, "fix"))
		rc = md_store_fix(st, id, &a.fix, &err);
	else if (!strcmp(name, "dismiss"))
		rc = md_store_dismiss(st, id, a.note, &err);
	else if (!strcmp(name, "done"))
		rc = md_store_done(st, id, a.by, a.note, &err);
	else
		rc = md_store_reopen(st, id, &err);
	md_store_close(st);
	if (rc != MD_OK)
		return cli_fail(&err);
	printf("%lld: %s\n", (long long)id,
	       !strcmp(name, "fix")       ? "corrected"
	       : !strcmp(name, "dismiss") ? "dismissed"
	       : !strcmp(name, "done")    ? "done"
	                                  : "open");
	return EXIT_OK;
}

int cmd_fix(int argc, char **argv)
{
	return id_command("fix", argc, argv);
}

int cmd_dismiss(int argc, char **argv)
{
	return id_command("dismiss", argc, argv);
}

int cmd_done(int argc, char **argv)
{
	return id_command("done", argc, argv);
}

int cmd_reopen(int argc, char **argv)
{
	return id_command("reopen", argc, argv);
}

int cmd_add(int argc, char **argv)
{
	struct args a = {0};
	struct md_store *st;
	struct md_error err;
	int64_t id = 0;
	enum md_err rc;
	int status = start("add", argc, argv, &a, &st);

	if (status != EXIT_OK)
		return status < 0 ? EXIT_OK : status;
	md_error_clear(&err);
	rc = md_store_add(st, argv[optind], a.paragraph, &a.fix, &id, &err);
	md_store_close(st);
	if (rc == MD_EINVAL)
		return cli_usage(a.self, "%s", err.msg);
	if (rc != MD_OK)
		return cli_fail(&err);
	printf("%lld: added to %s\n", (long long)id, argv[optind]);
	return EXIT_OK;
}

int cmd_review(int argc, char **argv)
{
	struct args a = {.limit = 20};
	struct md_store *st;
	struct md_item *v;
	struct md_error err;
	size_t n;
	int status = start("review", argc, argv, &a, &st);

	if (status != EXIT_OK)
		return status < 0 ? EXIT_OK : status;
	md_error_clear(&err);
	if (md_store_review(st, a.limit, &v, &n, &err) != MD_OK) {
		md_store_close(st);
		return cli_fail(&err);
	}
	if (!n)
		printf("nothing to review\n");
	for (size_t i = 0; i < n; i++)
		printf("%-6lld %.2f %-20s OP%-3d %s (%s)\n", (long long)v[i].id, v[i].confidence,
		       v[i].symbol, v[i].paragraph, v[i].summary, v[i].rule ? v[i].rule : "");
	md_items_free(v, n);
	md_store_close(st);
	return EXIT_OK;
}
