/*
 * cmd_notify.c - `mandatectl notify`: the daily reminder emails.
 *
 *   notify [--db PATH] [--today DATE] [--config FILE | --recipients FILE]
 *          [--dry-run [--print]] [--ca-file FILE] [--quiet]
 *
 * Meant for a daily timer (systemd/mandate-notify.timer) or cron.  The
 * recipients come from mandated.conf (--config, else $MANDATE_CONFIG, else
 * /etc/mandate/mandated.conf: its smtp* and reminder directives, and its
 * database unless --db or $MANDATE_DB says otherwise), or from a
 * recipients file of their own (--recipients or $MANDATE_RECIPIENTS;
 * format in notify.h).  Sends what is due on --today and prints one line
 * per message on stdout ("sent", "would send") or stderr ("not
 * delivered").  Exit status 4 when any message failed (the others are
 * still sent), 5 for a bad configuration or credentials file, 3 for the
 * database.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mandate/config.h"
#include "mandate/notify.h"
#include "mandate/store.h"

static const struct option longopts[] = {
    {"db", required_argument, NULL, 'd'},
    {"today", required_argument, NULL, 't'},
    {"recipients", required_argument, NULL, 'r'},
    {"config", required_argument, NULL, 'C'},
    {"dry-run", no_argument, NULL, 'n'},
    {"print", no_argument, NULL, 'p'},
    {"ca-file", required_argument, NULL, 'c'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct out {
	bool print, quiet;
};

static void report(const struct md_notify_event *ev, void *arg)
{
	const struct out *o = arg;
	const char *late = ev->n_late ? " (late)" : "";

	switch (ev->what) {
	case MD_NOTIFY_SENT:
		if (!o->quiet)
			printf("sent %s: %zu reminder(s)%s <%s>\n", ev->to, ev->n_reminders, late,
			       ev->message_id);
		break;
	case MD_NOTIFY_DRY_RUN:
		printf("would send %s: %zu reminder(s)%s <%s>\n", ev->to, ev->n_reminders, late,
		       ev->message_id);
		if (o->print)
			fwrite(ev->message, 1, ev->len, stdout);
		break;
	case MD_NOTIFY_FAILED:
		cli_warnx("not delivered to %s (%zu reminder(s), kept for the next run): %s",
		          ev->to, ev->n_reminders, ev->err ? ev->err->msg : "unknown error");
		break;
	}
}

static void help_line(const char *text, void *arg)
{
	fprintf(arg, "  %s\n", text);
}

static int usage_help(const struct cli_command *cmd)
{
	printf("usage: %s %s\n\nSends the reminders due today, each once.  Recipients come "
	       "from mandated.conf\n(smtp, smtp_from, smtp_credentials, reminder ADDRESS "
	       "key=value...) or from a\n--recipients file of these directives:\n",
	       cli_progname, cmd->usage);
	md_notify_conf_help(help_line, stdout);
	return EXIT_OK;
}

/* Where recipients come from: a recipients file, else mandated.conf. */
struct source {
	const char *recipients, *config;
};

/* Loads *conf; *db_from_config gets the configuration's database (free()). */
static int load(const struct source *src, struct md_notify_conf **conf, char **db_from_config)
{
	struct md_config *cfg = NULL;
	struct md_error err;
	enum md_err rc;

	md_error_clear(&err);
	*db_from_config = NULL;
	if (src->recipients)
		rc = md_notify_conf_load(src->recipients, conf, &err);
	else if ((rc = md_config_load(src->config, &cfg, &err)) == MD_OK)
		rc = md_notify_conf_from_config(cfg, conf, &err);
	if (rc == MD_OK && cfg && cfg->database && !(*db_from_config = strdup(cfg->database)))
		rc = md_error_set(&err, MD_ENOMEM, "out of memory");
	md_config_free(cfg);
	if (rc == MD_ENOENT || rc == MD_EIO)
		err.code = MD_ECONFIG;
	return rc == MD_OK ? EXIT_OK : cli_fail(&err);
}

static int run(const char *db, struct md_date today, const struct source *src,
               struct md_notify_opts *o, struct out *out)
{
	struct md_notify_conf *conf = NULL;
	struct md_store *st = NULL;
	struct md_notify_result res;
	struct md_error err;
	char *cfg_db = NULL;
	const char *env_db = getenv("MANDATE_DB");
	enum md_err rc;
	int status;

	if ((status = load(src, &conf, &cfg_db)) != EXIT_OK)
		return status;
	if (!db && !(env_db && *env_db))
		db = cfg_db;
	status = cli_store_open(db, today, &st);
	free(cfg_db);
	if (status != EXIT_OK) {
		md_notify_conf_free(conf);
		return status;
	}
	md_error_clear(&err);
	o->today = today;
	o->now = time(NULL);
	rc = md_notify_run(st, conf, o, report, out, &res, &err);
	md_store_close(st);
	md_notify_conf_free(conf);
	if (rc != MD_OK)
		return cli_fail(&err);
	if (!out->quiet && !o->dry_run && res.messages == 0)
		printf("nothing to send\n");
	return EXIT_OK;
}

int cmd_notify(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("notify");
	const char *db = NULL, *today_opt = NULL;
	struct source src = {getenv("MANDATE_RECIPIENTS"), getenv("MANDATE_CONFIG")};
	struct md_notify_opts o = {0};
	struct out out = {false, false};
	struct md_date today;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 't':
			today_opt = optarg;
			break;
		case 'r':
			src.recipients = optarg;
			src.config = NULL;
			break;
		case 'C':
			src.config = optarg;
			src.recipients = NULL;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'p':
			out.print = true;
			break;
		case 'c':
			o.ca_file = optarg;
			break;
		case 'q':
			out.quiet = true;
			break;
		case 'h':
			return usage_help(cmd);
		default:
			return cli_usage(cmd, "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "no arguments are taken");
	if (out.print && !o.dry_run)
		return cli_usage(cmd, "--print goes with --dry-run");
	if (cli_today(today_opt, &today) != 0)
		return EXIT_USAGE;
	if (src.recipients && !*src.recipients)
		src.recipients = NULL;
	if (!src.recipients && !(src.config && *src.config))
		src.config = MD_CONFIG_PATH;
	return run(db, today, &src, &o, &out);
}
