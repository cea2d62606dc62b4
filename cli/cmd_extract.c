/*
 * cmd_extract.c - `mandatectl extract [--json] FILE...`
 *
 * Reads each file ("-" is standard input) and prints what the reader found:
 * with --json one extraction record per document, one line each (JSON
 * Lines); without it a table of the obligations with their paragraphs.  A
 * file that cannot be read gets one line on stderr; the others are still
 * processed and the exit status is 1.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/doc.h"
#include "mandate/extract.h"

static const struct option longopts[] = {
    {"json", no_argument, NULL, 'j'},
    {"all", no_argument, NULL, 'a'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void print_table(const char *path, const struct md_record *r)
{
	char adopted[16], due[96];

	md_date_format(r->adopted, adopted, sizeof(adopted));
	printf("%s: %s (%s %d, adopted %s), %d operative paragraphs\n", path,
	       r->symbol ? r->symbol : "(no symbol)", r->body ? r->body : "?", r->session,
	       adopted[0] ? adopted : "unknown", r->operative_paragraphs);
	if (r->title)
		printf("  %s\n", r->title);
	if (!r->n_obligations) {
		printf("  no dated obligations\n\n");
		return;
	}
	printf("  %-4s %-11s %-28s %s\n", "OP", "KIND", "ACTOR", "DUE");
	for (size_t i = 0; i < r->n_obligations; i++) {
		const struct md_obligation *o = &r->obligations[i];

		md_due_describe(&o->due, &o->recurrence, due, sizeof(due));
		printf("  %-4d %-11s %-28.28s %s\n", o->paragraph, md_kind_name(o->kind), o->actor,
		       due);
	}
	printf("\n");
}

static int print_json(const struct md_record *r, int extra)
{
	json_t *j = md_record_json(r, extra);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(j);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

int cmd_extract(int argc, char **argv)
{
	const struct cli_command *self = cli_find("extract");
	int json = 0, extra = 0, c, status = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'a':
			extra = 1;
			break;
		case 'h':
			printf(
			    "usage: mandatectl %s\n\n"
			    "  --json   one JSON record per document, one line each\n"
			    "  --all    with --json, also spans, rules and confidence\n"
			    "A FILE is plain text, PDF, Word (.docx) or HTML, told apart by its\n"
			    "content; '-' reads standard input.  Files over %u bytes are "
			    "refused.\n",
			    self->usage, MD_DOC_MAX_BYTES);
			return EXIT_OK;
		default:
			return cli_usage(self, "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage(self, "no FILE given");
	for (int i = optind; i < argc; i++) {
		struct md_record *r = NULL;
		struct md_error err;

		md_error_clear(&err);
		if (md_extract_file(argv[i], &r, &err) != MD_OK) {
			cli_warnx("%s", err.msg);
			status = EXIT_INPUT;
			continue;
		}
		if (json ? print_json(r, extra) : (print_table(argv[i], r), 0)) {
			cli_warnx("%s: out of memory writing the record", argv[i]);
			status = EXIT_INPUT;
		}
		md_record_free(r);
	}
	if (fflush(stdout) != 0) {
		cli_warnx("standard output: write failed");
		status = EXIT_INPUT;
	}
	return status;
}
