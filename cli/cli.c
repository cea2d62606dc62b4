/*
 * cli.c - helpers shared by the mandatectl commands.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *cli_progname = "mandatectl";

void cli_warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_progname, cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s\n", cli_progname, cmd->usage);
	return EXIT_USAGE;
}

int cli_today(const char *opt, struct md_date *out)
{
	const char *v = opt ? opt : getenv("MANDATE_TODAY");
	time_t now;
	struct tm tm;

	if (v && *v) {
		if (md_date_parse_iso(v, out) != 0) {
			cli_warnx("%s '%s': not a date of the form YYYY-MM-DD",
			          opt ? "--today" : "MANDATE_TODAY", v);
			return -1;
		}
		return 0;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return 0;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

char *cli_db_path(const char *opt)
{
	const char *v;

	if (opt && *opt)
		return strdup(opt);
	if ((v = getenv("MANDATE_DB")) && *v)
		return strdup(v);
	if ((v = getenv("XDG_DATA_HOME")) && *v == '/')
		return join(v, "/mandate/mandate.db");
	if ((v = getenv("HOME")) && *v == '/')
		return join(v, "/.local/share/mandate/mandate.db");
	return NULL;
}

int cli_number(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int cli_fail(const struct md_error *err)
{
	cli_warnx("%s", err->msg[0] ? err->msg : md_strerror(err->code));
	switch (err->code) {
	case MD_EDB:
	case MD_EDBFOREIGN:
	case MD_EBUSY:
		return EXIT_DB;
	case MD_ENET:
		return EXIT_DELIVERY;
	case MD_ECONFIG:
		return EXIT_CONFIG;
	case MD_ENOENT:
		return EXIT_NOTFOUND;
	case MD_EINVAL:
		return EXIT_USAGE;
	default:
		return EXIT_INPUT;
	}
}
