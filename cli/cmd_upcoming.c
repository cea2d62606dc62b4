/*
 * cmd_upcoming.c - `mandatectl upcoming`: what falls due soon, soonest first.
 *
 *   upcoming [--db PATH] [--today DATE] [--within 90d] [--from DATE]
 *            [--body B] [--actor A] [--kind K] [--symbol S]
 *            [--status open|done|all] [--format table|json|csv] [--limit N]
 *
 * The window runs from --from (default today) for --within (days, or with
 * w, m or y: weeks, months, years).  JSON is a list of objects (fields in
 * mandatectl(1) and md_item_json); CSV has a header line and RFC 4180
 * quoting.  Corrections are marked in every format.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"today", required_argument, NULL, 't'},
    {"within", required_argument, NULL, 'w'},
    {"from", required_argument, NULL, 'f'},
    {"body", required_argument, NULL, 'b'},
    {"actor", required_argument, NULL, 'a'},
    {"kind", required_argument, NULL, 'k'},
    {"symbol", required_argument, NULL, 's'},
    {"status", required_argument, NULL, 'S'},
    {"format", required_argument, NULL, 'F'},
    {"limit", required_argument, NULL, 'l'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* One CSV field: quoted when it holds a comma, a quote or a line end. */
static void csv_field(const char *s, bool last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		putchar('"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	} else if (s) {
		fputs(s, stdout);
	}
	putchar(last ? '\n' : ',');
}

static void print_csv(const struct md_item *v, size_t n)
{
	char id[24], para[16], due[96], start[16], end[16], dl[16];

	printf("id,symbol,paragraph,kind,actor,summary,due,start,end,deadline,estimated,"
	       "status,corrected,added\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
		snprintf(para, sizeof(para), "%d", v[i].paragraph);
		md_due_describe(&v[i].due, &v[i].recurrence, due, sizeof(due));
		md_date_format(v[i].start, start, sizeof(start));
		md_date_format(v[i].end, end, sizeof(end));
		md_date_format(v[i].deadline, dl, sizeof(dl));
		csv_field(id, false);
		csv_field(v[i].symbol, false);
		csv_field(para, false);
		csv_field(md_kind_name(v[i].kind), false);
		csv_field(v[i].actor, false);
		csv_field(v[i].summary, false);
		csv_field(due, false);
		csv_field(start, false);
		csv_field(end, false);
		csv_field(dl, false);
		csv_field(v[i].estimated ? "true" : "false", false);
		csv_field(v[i].status, false);
		csv_field(v[i].corrected ? "true" : "false", false);
		csv_field(v[i].added ? "true" : "false", true);
	}
}

static int print_json(const struct md_item *v, size_t n)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, md_item_json(&v[i])) != 0) {
			json_decref(a);
			return -1;
		}
	s = a ? json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;
	json_decref(a);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

/* Marks shown after a table row's summary. */
static void marks(const struct md_item *it, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s", it->estimated ? " (estimated)" : "",
	         it->added       ? " [added]"
	         : it->corrected ? " [corrected]"
	                         : "",
	         strcmp(it->status, "open") ? " [" : "",
	         strcmp(it->status, "open") ? it->status : "");
	if (strcmp(it->status, "open"))
		strncat(buf, "]", size - strlen(buf) - 1);
}

static void print_table(const struct md_item *v, size_t n)
{
	char work[16], start[16], end[16], m[64];

	if (n == 0) {
		printf("nothing due\n");
		return;
	}
	printf("%-6s %-10s %-10s %-10s %-20s %-4s %s\n", "ID", "WORK-TO", "START", "END", "SYMBOL",
	       "OP", "WHAT");
	for (size_t i = 0; i < n; i++) {
		md_date_format(md_date_is_none(v[i].deadline) ? v[i].start : v[i].deadline, work,
		               sizeof(work));
		md_date_format(v[i].start, start, sizeof(start));
		md_date_format(v[i].end, end, sizeof(end));
		marks(&v[i], m, sizeof(m));
		printf("%-6lld %-10s %-10s %-10s %-20s %-4d %s%s\n", (long long)v[i].id, work,
		       start, end, v[i].symbol, v[i].paragraph, v[i].summary, m);
	}
}

struct args {
	const char *db, *today, *within, *from, *format;
	struct md_query q;
};

static int parse_args(const struct cli_command *self, int argc, char **argv, struct args *a)
{
	long long v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:w:f:b:a:k:s:S:F:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 't':
			a->today = optarg;
			break;
		case 'w':
			a->within = optarg;
			break;
		case 'f':
			a->from = optarg;
			break;
		case 'b':
			a->q.body = optarg;
			break;
		case 'a':
			a->q.actor = optarg;
			break;
		case 's':
			a->q.symbol = optarg;
			break;
		case 'F':
			a->format = optarg;
			break;
		case 'l':
			if (cli_number(optarg, 0, 1000000, &v) != 0)
				return cli_usage(self, "--limit '%s': not a number", optarg);
			a->q.limit = (size_t)v;
			break;
		case 'k':
			if ((a->q.kind = md_kind_parse(optarg)) < 0)
				return cli_usage(self, "--kind '%s': not a kind", optarg);
			break;
		case 'S':
			if (md_status_filter_parse(optarg, &a->q.status) != 0)
				return cli_usage(self, "--status must be open, done or all");
			break;
		case 'h':
			printf("usage: mandatectl %s\n\nSee mandatectl(1) for the JSON fields.\n",
			       self->usage);
			return -1;
		default:
			return cli_usage(self, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if (strcmp(a->format, "table") && strcmp(a->format, "json") && strcmp(a->format, "csv"))
		return cli_usage(self, "--format must be table, json or csv");
	return EXIT_OK;
}

int cmd_upcoming(int argc, char **argv)
{
	const struct cli_command *self = cli_find("upcoming");
	struct args a = {.within = "90d", .format = "table", .q = {.kind = -1, .dated_only = true}};
	struct md_period within;
	struct md_date today;
	struct md_store *st;
	struct md_item *items;
	struct md_error err;
	size_t n;
	int rc = parse_args(self, argc, argv, &a);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (md_period_parse_window(a.within, &within) != 0)
		return cli_usage(self, "--within '%s': want a number of days, or Nw, Nm, Ny",
		                 a.within);
	if (cli_today(a.today, &today) != 0)
		return EXIT_USAGE;
	a.q.from = today;
	if (a.from && md_date_parse_iso(a.from, &a.q.from) != 0)
		return cli_usage(self, "--from '%s': not a date of the form YYYY-MM-DD", a.from);
	a.q.to = md_date_add_period(a.q.from, within);
	if ((rc = cli_store_open(a.db, today, &st)) != EXIT_OK)
		return rc;
	md_error_clear(&err);
	if (md_store_upcoming(st, &a.q, &items, &n, &err) != MD_OK) {
		md_store_close(st);
		return cli_fail(&err);
	}
	if (!strcmp(a.format, "json"))
		rc = print_json(items, n) ? (cli_warnx("out of memory"), EXIT_INPUT) : EXIT_OK;
	else if (!strcmp(a.format, "csv"))
		print_csv(items, n);
	else
		print_table(items, n);
	md_items_free(items, n);
	md_store_close(st);
	if (fflush(stdout) != 0) {
		cli_warnx("standard output: write failed");
		return EXIT_INPUT;
	}
	return rc;
}
