/*
 * cmd_show.c - reading the store: `show SYMBOL` (a resolution with its
 * paragraphs and obligations), `search TEXT...` (full text over the
 * paragraphs) and `history [ID]` (who changed what, newest first).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},    {"today", required_argument, NULL, 't'},
    {"limit", required_argument, NULL, 'l'}, {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
};

struct args {
	const char *db, *today;
	size_t limit;
	bool json;
};

/* Parses the common options; returns EXIT_OK, -1 after --help, or a usage status. */
static int parse(const struct cli_command *self, int argc, char **argv, struct args *a)
{
	long long v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:t:l:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 't':
			a->today = optarg;
			break;
		case 'l':
			if (cli_number(optarg, 0, 1000000, &v) != 0)
				return cli_usage(self, "--limit '%s': not a number", optarg);
			a->limit = (size_t)v;
			break;
		case 'j':
			a->json = true;
			break;
		case 'h':
			printf("usage: mandatectl %s\n", self->usage);
			return -1;
		default:
			return cli_usage(self, "unknown option");
		}
	}
	return EXIT_OK;
}

/* Parses the options and opens the store.  *st NULL when it returns non-zero. */
static int start(const char *name, int argc, char **argv, struct args *a, struct md_store **st)
{
	const struct cli_command *self = cli_find(name);
	struct md_date today;
	int rc = parse(self, argc, argv, a);

	*st = NULL;
	if (rc != EXIT_OK)
		return rc;
	if (cli_today(a->today, &today) != 0)
		return EXIT_USAGE;
	return cli_store_open(a->db, today, st);
}

static void print_item(const struct md_item *it, bool first_of_obligation)
{
	char start[16], end[16], dl[16];

	if (first_of_obligation) {
		printf("  #%lld OP%d %s%s%s%s\n", (long long)it->id, it->paragraph, it->summary,
		       it->added       ? " [added]"
		       : it->corrected ? " [corrected]"
		                       : "",
		       strcmp(it->status, "open") ? " " : "",
		       strcmp(it->status, "open") ? it->status : "");
		if (it->done_by || it->note)
			printf("      %s%s%s%s\n", it->done_by ? "done by " : "",
			       it->done_by ? it->done_by : "", it->note ? " note: " : "",
			       it->note ? it->note : "");
	}
	if (it->index < 0) {
		printf("      no date found\n");
		return;
	}
	md_date_format(it->start, start, sizeof(start));
	md_date_format(it->end, end, sizeof(end));
	md_date_format(it->deadline, dl, sizeof(dl));
	printf("      %s%s%s%s%s%s\n", start, strcmp(start, end) ? " to " : "",
	       strcmp(start, end) ? end : "", dl[0] ? ", submit by " : "", dl,
	       it->estimated ? " (estimated)" : "");
}

static void print_doc(const struct md_store_doc *d)
{
	char adopted[16];

	md_date_format(d->adopted, adopted, sizeof(adopted));
	printf("%s (%s %d, adopted %s)\n", d->symbol, d->body ? d->body : "?", d->session,
	       adopted[0] ? adopted : "unknown");
	if (d->title)
		printf("%s\n", d->title);
	if (d->source)
		printf("read from %s\n", d->source);
	printf("\nOperative paragraphs (%d):\n", d->operative_paragraphs);
	for (size_t i = 0; i < d->n_paragraphs; i++)
		printf("%s\n", d->paragraphs[i].text); /* the text keeps its number */
	printf("\nObligations:\n");
	if (!d->n_items)
		printf("  none\n");
	for (size_t i = 0; i < d->n_items; i++)
		print_item(&d->items[i], i == 0 || d->items[i].id != d->items[i - 1].id);
}

static int print_doc_json(const struct md_store_doc *d)
{
	json_t *j = md_store_doc_json(d);
	char *s =
	    j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) : NULL;

	json_decref(j);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	struct args a = {0};
	struct md_store *st;
	struct md_store_doc *d;
	struct md_error err;
	int rc = start("show", argc, argv, &a, &st);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (optind != argc - 1) {
		md_store_close(st);
		return cli_usage(cli_find("show"), "give one SYMBOL");
	}
	md_error_clear(&err);
	if (md_store_show(st, argv[optind], &d, &err) != MD_OK) {
		md_store_close(st);
		return cli_fail(&err);
	}
	if (a.json)
		rc = print_doc_json(d) ? (cli_warnx("out of memory"), EXIT_INPUT) : EXIT_OK;
	else
		print_doc(d);
	md_store_doc_free(d);
	md_store_close(st);
	return rc;
}

/* The words of argv[optind..] joined by spaces (new string). */
static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(s = calloc(1, len)))
		return NULL;
	for (int i = optind; i < argc; i++) {
		strcat(s, argv[i]);
		if (i + 1 < argc)
			strcat(s, " ");
	}
	return s;
}

int cmd_search(int argc, char **argv)
{
	struct args a = {.limit = 50};
	struct md_store *st;
	struct md_search_hit *hits;
	struct md_error err;
	size_t n;
	char *text;
	int rc = start("search", argc, argv, &a, &st);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc || !(text = join_args(argc, argv))) {
		md_store_close(st);
		return cli_usage(cli_find("search"), "no TEXT given");
	}
	md_error_clear(&err);
	rc =
	    md_store_search(st, text, a.limit, &hits, &n, &err) == MD_OK ? EXIT_OK : cli_fail(&err);
	free(text);
	for (size_t i = 0; rc == EXIT_OK && i < n; i++)
		printf("%s OP%d: %s\n", hits[i].symbol, hits[i].paragraph, hits[i].snippet);
	if (rc == EXIT_OK && n == 0)
		printf("no paragraph matches\n");
	if (rc == EXIT_OK)
		md_search_hits_free(hits, n);
	md_store_close(st);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	struct args a = {.limit = 50};
	struct md_store *st;
	struct md_history *h;
	struct md_error err;
	size_t n;
	long long id = 0;
	int rc = start("history", argc, argv, &a, &st);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (optind < argc && cli_number(argv[optind], 1, INT64_MAX, &id) != 0) {
		md_store_close(st);
		return cli_usage(cli_find("history"), "'%s' is not an obligation ID", argv[optind]);
	}
	md_error_clear(&err);
	if (md_store_history(st, id, a.limit, &h, &n, &err) != MD_OK) {
		md_store_close(st);
		return cli_fail(&err);
	}
	for (size_t i = 0; i < n; i++) {
		char ob[24] = "";

		if (h[i].obligation_id)
			snprintf(ob, sizeof(ob), " #%lld", (long long)h[i].obligation_id);
		printf("%s %s %s%s%s%s: %s\n", h[i].at, h[i].who, h[i].action,
		       h[i].symbol ? " " : "", h[i].symbol ? h[i].symbol : "", ob, h[i].detail);
	}
	md_history_free(h, n);
	md_store_close(st);
	return EXIT_OK;
}
