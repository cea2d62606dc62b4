/*
 * cmd_export.c - `mandatectl export`: the obligations as an iCalendar feed
 * (RFC 5545) for Outlook, Google Calendar and Thunderbird.
 *
 *   export [--db PATH] [--today DATE] [--now STAMP] [--body B] [--actor A]
 *          [--kind K] [--symbol S] [--from DATE] [--to DATE]
 *          [--status open|done|all] [--alarms DAYS,...|none] [--grace DAYS]
 *          [--refresh MINUTES] [--name NAME] [-o FILE]
 *
 * The events are md_store_feed's, the text md_ical_render's.  DTSTAMP is
 * --now, else $MANDATE_NOW, else the clock (UTC); "today" (the grace period
 * of dismissed obligations) is --today or $MANDATE_TODAY.  -o writes a
 * temporary file beside FILE and renames it, so a web server publishing
 * FILE never serves half a calendar.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mandate/feed.h"
#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"today", required_argument, NULL, 't'},
    {"now", required_argument, NULL, 'n'},
    {"body", required_argument, NULL, 'b'},
    {"actor", required_argument, NULL, 'a'},
    {"kind", required_argument, NULL, 'k'},
    {"symbol", required_argument, NULL, 's'},
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 'T'},
    {"status", required_argument, NULL, 'S'},
    {"alarms", required_argument, NULL, 'A'},
    {"grace", required_argument, NULL, 'g'},
    {"refresh", required_argument, NULL, 'r'},
    {"name", required_argument, NULL, 'N'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static const char help_text[] =
    "Writes the stored obligations as an iCalendar feed (RFC 5545) that calendar\n"
    "clients subscribe to: one all-day event per occurrence ('at session N' spans\n"
    "the session; before/by/until/on are one-day deadlines), plus a submission-\n"
    "deadline event for reports.  UIDs stay the same across exports, re-ingests\n"
    "and machines; SEQUENCE and LAST-MODIFIED change only when an event does.\n"
    "\n"
    "  --body B, --actor A, --kind K, --symbol S   filter as 'upcoming' does\n"
    "  --from DATE, --to DATE   occurrences ending on/after, due on/before\n"
    "  --status open|done|all   which obligations (default all); dismissed ones\n"
    "                           stay as cancelled events for the grace period\n"
    "  --grace DAYS             days a dismissed obligation stays (default 30; 0: never)\n"
    "  --alarms DAYS,...|none   reminders before each event (default 14,1)\n"
    "  --refresh MINUTES        how often clients should refresh (default 60)\n"
    "  --name NAME              the calendar's name (default \"UN mandates\")\n"
    "  --now YYYY-MM-DDTHH:MM:SSZ   DTSTAMP (default $MANDATE_NOW, else the clock)\n"
    "  -o FILE                  write FILE (atomically) instead of standard output\n";

struct args {
	const char *db, *today, *now, *from, *to, *out, *name;
	int grace, refresh;
	bool grace_set;
	struct md_feed_query fq;
	struct md_ical_opts o;
};

/* "14,1" or "none" into the alarm leads. */
static int parse_alarms(const char *s, struct md_ical_opts *o)
{
	char *end;

	o->n_alarms = 0;
	o->no_alarms = !strcmp(s, "none");
	if (o->no_alarms)
		return 0;
	for (const char *p = s; *p; p = *end ? end + 1 : end) {
		long v = strtol(p, &end, 10);

		if (end == p || v < 0 || v > 366 || (*end && *end != ',') ||
		    o->n_alarms == MD_ICAL_MAX_ALARMS)
			return -1;
		o->alarm_days[o->n_alarms++] = (int)v;
	}
	return o->n_alarms ? 0 : -1;
}

static int parse_opt(const struct cli_command *self, int c, struct args *a)
{
	long long v;
	struct md_query *q = &a->fq.q;

	switch (c) {
	case 'd':
		a->db = optarg;
		break;
	case 't':
		a->today = optarg;
		break;
	case 'n':
		a->now = optarg;
		break;
	case 'b':
		q->body = optarg;
		break;
	case 'a':
		q->actor = optarg;
		break;
	case 's':
		q->symbol = optarg;
		break;
	case 'f':
		a->from = optarg;
		break;
	case 'T':
		a->to = optarg;
		break;
	case 'o':
		a->out = optarg;
		break;
	case 'N':
		a->name = optarg;
		break;
	case 'k':
		if ((q->kind = md_kind_parse(optarg)) < 0)
			return cli_usage(self, "--kind '%s': not a kind", optarg);
		break;
	case 'S':
		if (md_status_filter_parse(optarg, &q->status) != 0)
			return cli_usage(self, "--status must be open, done or all");
		break;
	case 'A':
		if (parse_alarms(optarg, &a->o) != 0)
			return cli_usage(self,
			                 "--alarms '%s': want days such as 14,1 (at most %d) "
			                 "or none",
			                 optarg, MD_ICAL_MAX_ALARMS);
		break;
	case 'g':
		if (cli_number(optarg, 0, 3650, &v) != 0)
			return cli_usage(self, "--grace '%s': want 0 to 3650 days", optarg);
		a->grace = (int)v;
		a->grace_set = true;
		break;
	case 'r':
		if (cli_number(optarg, 1, 10080, &v) != 0)
			return cli_usage(self, "--refresh '%s': want 1 to 10080 minutes", optarg);
		a->refresh = (int)v;
		break;
	case 'h':
		printf("usage: mandatectl %s\n\n%s", self->usage, help_text);
		return -1;
	default:
		return cli_usage(self, "unknown option");
	}
	return EXIT_OK;
}

static int parse_date(const struct cli_command *self, const char *opt, const char *s,
                      struct md_date *out)
{
	if (s && md_date_parse_iso(s, out) != 0)
		return cli_usage(self, "%s '%s': not a date of the form YYYY-MM-DD", opt, s);
	return EXIT_OK;
}

static int parse_args(const struct cli_command *self, int argc, char **argv, struct args *a)
{
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:h", longopts, NULL)) != -1)
		if ((rc = parse_opt(self, c, a)) != EXIT_OK)
			return rc;
	if (optind < argc)
		return cli_usage(self, "unexpected argument '%s'", argv[optind]);
	if ((rc = parse_date(self, "--from", a->from, &a->fq.q.from)) != EXIT_OK)
		return rc;
	return parse_date(self, "--to", a->to, &a->fq.q.to);
}

/* DTSTAMP: --now, $MANDATE_NOW, else the clock. */
static int stamp(const char *opt, char *buf, size_t size)
{
	const char *v = opt ? opt : getenv("MANDATE_NOW");
	time_t t = time(NULL);
	struct tm tm;

	if (v && *v) {
		snprintf(buf, size, "%s", v);
		return 0;
	}
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

/* Writes text to path ("-" or NULL: standard output), through a renamed temporary. */
static int write_out(const char *path, const char *text)
{
	size_t len = strlen(text);
	char *tmp;
	FILE *f;

	if (!path || !strcmp(path, "-"))
		return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : -1;
	if (!(tmp = malloc(strlen(path) + 8)))
		return -1;
	snprintf(tmp, strlen(path) + 8, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0) {
		cli_warnx("%s: cannot write", path);
		remove(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

static int run(struct args *a, struct md_store *st)
{
	char desc[512], now[32];
	struct md_ical_event *ev;
	struct md_error err;
	size_t n;
	char *text;
	int rc;

	md_error_clear(&err);
	if (md_store_feed(st, &a->fq, &ev, &n, &err) != MD_OK)
		return cli_fail(&err);
	stamp(a->now, now, sizeof(now));
	md_feed_describe(&a->fq, desc, sizeof(desc));
	a->o.name = a->name ? a->name : "UN mandates";
	a->o.description = desc;
	a->o.now = now;
	a->o.refresh_minutes = a->refresh;
	rc = md_ical_render(ev, n, &a->o, &text, &err);
	md_ical_events_free(ev, n);
	if (rc != MD_OK)
		return rc == MD_EINVAL ? (cli_warnx("%s", err.msg), EXIT_USAGE) : cli_fail(&err);
	rc = write_out(a->out, text) == 0 ? EXIT_OK : EXIT_INPUT;
	if (rc != EXIT_OK && (!a->out || !strcmp(a->out, "-")))
		cli_warnx("standard output: write failed");
	free(text);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	const struct cli_command *self = cli_find("export");
	struct args a = {.fq = {.q = {.kind = -1, .status = MD_STATUS_ALL}}};
	struct md_store *st;
	int rc = parse_args(self, argc, argv, &a);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_today(a.today, &a.fq.today) != 0)
		return EXIT_USAGE;
	a.fq.grace_days = a.grace_set ? (a.grace ? a.grace : -1) : 0;
	if ((rc = cli_store_open(a.db, a.fq.today, &st)) != EXIT_OK)
		return rc;
	rc = run(&a, st);
	md_store_close(st);
	return rc;
}
