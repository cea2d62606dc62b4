/*
 * cmd_token.c - `mandatectl token`: private feed URLs.
 *
 *   token add --label TEXT [--body B] [--actor A] [--kind K] [--symbol S]
 *             [--status open|done|all] [--url BASE]
 *   token list [--json]
 *   token revoke ID|TOKEN
 *
 * add prints the secret URL BASE/feeds/t/TOKEN.ics once (BASE: --url, else
 * $MANDATE_URL, else http://127.0.0.1:8080); only a hash of the token is
 * stored, so it cannot be shown again.  The filters are kept with the
 * token as a query string and applied to every feed it opens.  mandated
 * sees a new or revoked token at the next request.
 */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/store.h"
#include "mandate/token.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"label", required_argument, NULL, 'L'},
    {"body", required_argument, NULL, 'b'},
    {"actor", required_argument, NULL, 'a'},
    {"kind", required_argument, NULL, 'k'},
    {"symbol", required_argument, NULL, 's'},
    {"status", required_argument, NULL, 'S'},
    {"url", required_argument, NULL, 'u'},
    {"json", no_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct args {
	const char *db, *label, *url;
	bool json;
	char filters[1024];
};

/* Appends "&key=value" (value percent-encoded) to the filter string. */
static int add_filter(struct args *a, const char *key, const char *value)
{
	size_t len = strlen(a->filters);
	int n = snprintf(a->filters + len, sizeof(a->filters) - len, "%s%s=", len ? "&" : "", key);

	len += (size_t)n;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (len + 4 >= sizeof(a->filters))
			return -1;
		if (isalnum(*p) || strchr("-._~", *p))
			a->filters[len++] = (char)*p;
		else
			len += (size_t)snprintf(a->filters + len, 4, "%%%02X", *p);
	}
	a->filters[len] = '\0';
	return 0;
}

static int check_filter(const struct cli_command *self, int c, const char *v)
{
	if (c == 'k' && md_kind_parse(v) < 0)
		return cli_usage(self, "--kind '%s': not a kind", v);
	if (c == 'S' && strcmp(v, "open") && strcmp(v, "done") && strcmp(v, "all"))
		return cli_usage(self, "--status must be open, done or all");
	if (c == 'b')
		for (const char *p = v; *p; p++)
			if (!isalnum((unsigned char)*p))
				return cli_usage(self, "--body '%s': not an organ", v);
	return EXIT_OK;
}

static int parse(const struct cli_command *self, int argc, char **argv, struct args *a)
{
	static const char *const keys[128] = {
	    ['b'] = "body", ['a'] = "actor", ['k'] = "kind", ['s'] = "symbol", ['S'] = "status"};
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:L:b:a:k:s:S:u:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'L':
			a->label = optarg;
			break;
		case 'u':
			a->url = optarg;
			break;
		case 'j':
			a->json = true;
			break;
		case 'b':
		case 'a':
		case 'k':
		case 's':
		case 'S':
			if ((rc = check_filter(self, c, optarg)) != EXIT_OK)
				return rc;
			if (add_filter(a, keys[c], optarg) != 0)
				return cli_usage(self, "the filters are too long");
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

static int token_add(const struct cli_command *self, struct md_store *st, struct args *a)
{
	char token[MD_TOKEN_LEN + 1], id[MD_TOKEN_IDLEN + 1];
	const char *base = a->url ? a->url : getenv("MANDATE_URL");
	struct md_error err;
	size_t n;

	if (!a->label || !*a->label)
		return cli_usage(self, "token add needs --label TEXT");
	if (!base || !*base)
		base = "http://127.0.0.1:8080";
	n = strlen(base);
	md_error_clear(&err);
	if (md_token_add(st, a->label, a->filters, token, id, &err) != MD_OK)
		return cli_fail(&err);
	printf("%.*s/feeds/t/%s.ics\n", (int)(n && base[n - 1] == '/' ? n - 1 : n), base, token);
	fprintf(stderr, "token %s added (%s); the URL above is its only copy\n", id, a->label);
	return EXIT_OK;
}

static int token_list(struct md_store *st, const struct args *a)
{
	struct md_token *t;
	struct md_error err;
	size_t n;

	md_error_clear(&err);
	if (md_token_list(st, &t, &n, &err) != MD_OK)
		return cli_fail(&err);
	if (a->json) {
		json_t *list = json_array();
		char *s;

		for (size_t i = 0; list && i < n; i++)
			json_array_append_new(list,
			                      json_pack("{s:s, s:s, s:s, s:s}", "id", t[i].id,
			                                "label", t[i].label, "filters",
			                                t[i].filters, "created", t[i].created));
		s = list ? json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(list);
		if (s)
			puts(s);
		free(s);
	} else if (n == 0) {
		printf("no tokens\n");
	} else {
		printf("%-12s %-20s %-30s %s\n", "ID", "CREATED", "LABEL", "FILTERS");
		for (size_t i = 0; i < n; i++)
			printf("%-12s %-20s %-30s %s\n", t[i].id, t[i].created, t[i].label,
			       t[i].filters[0] ? t[i].filters : "(all)");
	}
	md_tokens_free(t, n);
	return EXIT_OK;
}

static int token_revoke(const struct cli_command *self, struct md_store *st, const char *which)
{
	struct md_error err;

	md_error_clear(&err);
	if (md_token_revoke(st, which, &err) != MD_OK)
		return err.code == MD_ECONFLICT ? (cli_warnx("%s", err.msg), EXIT_USAGE)
		                                : cli_fail(&err);
	printf("token revoked\n");
	return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
	const struct cli_command *self = cli_find("token");
	struct args a = {0};
	struct md_store *st;
	struct md_date today;
	const char *sub;
	int rc;

	if (argc < 2)
		return cli_usage(self, "add, list or revoke?");
	sub = argv[1];
	if ((rc = parse(self, argc - 1, argv + 1, &a)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	argc--, argv++;
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_usage(self, "'%s': add, list or revoke?", sub);
	if (!strcmp(sub, "revoke") ? optind != argc - 1 : optind != argc)
		return cli_usage(self, "%s",
		                 !strcmp(sub, "revoke") ? "revoke takes one ID or TOKEN"
		                                        : "unexpected argument");
	if (cli_today(NULL, &today) != 0)
		return EXIT_USAGE;
	if ((rc = cli_store_open(a.db, today, &st)) != EXIT_OK)
		return rc;
	if (!strcmp(sub, "add"))
		rc = token_add(self, st, &a);
	else if (!strcmp(sub, "list"))
		rc = token_list(st, &a);
	else
		rc = token_revoke(self, st, argv[optind]);
	md_store_close(st);
	return rc;
}
