/*
 * mandated.c - the service: options, start-up, the main loop, signals.
 *
 *   mandated [-f CONFIG] [-d] [-n] [-v] [-M]
 *
 * -d stays in the foreground and logs on standard error (how systemd runs
 * it, Type=notify); without it mandated detaches and logs to syslog.  -n
 * checks the configuration and exits (with -v printing every directive's
 * value); -M prints the DIRECTIVES section of mandated.conf(5) from the
 * directive table.
 *
 * Lifecycle: READY=1 once the server listens and the spool is watched;
 * SIGHUP reads the configuration again (RELOADING=1, then READY=1) and
 * keeps the running one when the new one is broken, without touching open
 * connections; SIGTERM or SIGINT finish the document being ingested,
 * stop the poller and the server (STOPPING=1) and exit 0.  WATCHDOG=1 is
 * sent at half the interval systemd asks for.  Only start-up is fatal.
 */
#include "mandated.h"
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "mandate/poll.h"
#include "mandate/log.h"
#include "mandate/store.h"

static void usage(void)
{
	fprintf(stderr, "usage: mandated [-dnv] [-f CONFIG]\n"
	                "       mandated -M\n");
	exit(2);
}

struct md_date daemon_today(void)
{
	const char *env = getenv("MANDATE_TODAY");
	struct md_date d;
	time_t t = time(NULL);
	struct tm tm;

	if (env && md_date_parse_iso(env, &d) == 0)
		return d;
	localtime_r(&t, &tm);
	return (struct md_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void daemon_stamp(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct md_store *daemon_store_open(const struct md_config *cfg, const char *who)
{
	struct md_store_opts o = {0};
	char tsv[4096];
	struct md_store *st;
	struct md_error err;
	char now[32];

	daemon_stamp(time(NULL), now, sizeof(now));
	o.who = who;
	o.now = now;
	o.today = daemon_today();
	o.sessions_tsv = md_data_file("sessions.tsv", tsv, sizeof(tsv)) ? tsv : NULL;
	o.config = cfg;
	md_error_clear(&err);
	if (md_store_open(cfg->database, &o, &st, &err) != MD_OK) {
		md_log_warnx("%s", err.msg);
		return NULL;
	}
	return st;
}

/* ---- -n, -M ---- */

static int check_only(const struct md_config *c, bool verbose)
{
	size_t n;
	const struct md_directive *t = md_config_directives(&n);
	char value[1024];

	if (verbose)
		for (size_t i = 0; i < n; i++) {
			md_config_value(c, i, value, sizeof(value));
			printf("%-20s %s\n", t[i].name, value);
		}
	fprintf(stderr, "%s: configuration OK\n", c->file ? c->file : "built-in defaults");
	return 0;
}

/* The DIRECTIVES section of mandated.conf(5), in mdoc. */
static int print_man(void)
{
	size_t n;
	const struct md_directive *t = md_config_directives(&n);

	printf(".Bl -tag -width Ds\n");
	for (size_t i = 0; i < n; i++) {
		printf(".It Ic %s Ar %s\n%s\n", t[i].name, t[i].args, t[i].help);
		if (t[i].repeatable)
			printf("May be given more than once.\n");
		if (t[i].def[0])
			printf("Default:\n.Ql %s .\n", t[i].def);
	}
	printf(".El\n");
	return 0;
}

/* ---- reloading ---- */

/* Settings the running server cannot change: kept, with a warning. */
static void keep_restart_only(struct md_config *nc, struct md_config *oc)
{
	char *s;

	if (strcmp(nc->database, oc->database))
		md_log_warnx("reload: database changed; it takes effect at restart");
	if (strcmp(nc->listen, oc->listen) || nc->port != oc->port ||
	    nc->max_connections != oc->max_connections || nc->max_per_ip != oc->max_per_ip ||
	    nc->http_timeout != oc->http_timeout || nc->http_memory != oc->http_memory)
		md_log_warnx("reload: listen, port and connection limits take effect at restart");
	s = nc->database, nc->database = oc->database, oc->database = s;
	s = nc->listen, nc->listen = oc->listen, oc->listen = s;
	nc->port = oc->port;
	nc->max_connections = oc->max_connections;
	nc->max_per_ip = oc->max_per_ip;
	nc->http_timeout = oc->http_timeout;
	nc->http_memory = oc->http_memory;
}

static void notify_reloading(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
	           (unsigned long long)ts.tv_sec * 1000000ULL +
	               (unsigned long long)ts.tv_nsec / 1000);
}

/*
 * Watches nc's spool afresh (so that a folder removed and made again is
 * seen, and queued files are scanned again); keeps the old one when the new
 * one cannot be watched.
 */
static void rewatch(struct md_config *nc, struct md_config *oc, struct watch **w)
{
	struct watch *nw = watch_open(nc->spool);
	char *s;

	if (nw) {
		watch_close(*w);
		*w = nw;
		return;
	}
	if (strcmp(nc->spool, oc->spool)) {
		md_log_warnx("reload: keeping the spool %s", oc->spool);
		s = nc->spool, nc->spool = oc->spool, oc->spool = s;
	}
}

static void reload(struct daemon *d, const char *path, struct watch **w)
{
	struct md_config *nc, *oc;
	struct md_error err;

	notify_reloading();
	md_error_clear(&err);
	if (md_config_load(path, &nc, &err) != MD_OK) {
		md_log_warnx("reload: %s; keeping the running configuration", err.msg);
		sd_notify(0, "READY=1\nSTATUS=reload failed; running configuration kept");
		return;
	}
	oc = d->cfg;
	keep_restart_only(nc, oc);
	rewatch(nc, oc, w);
	pthread_mutex_lock(&d->lock);
	d->cfg = nc;
	d->cfg_gen++;
	pthread_mutex_unlock(&d->lock);
	md_config_free(oc);
	md_log_verbose(nc->verbose);
	poller_reload(d->poller);
	md_log_info("configuration reloaded from %s", path ? path : "built-in defaults");
	sd_notify(0, "READY=1\nSTATUS=serving");
}

/* ---- the loop ---- */

/* Milliseconds of CLOCK_MONOTONIC. */
static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * The poll(2) timeout: 0 with work queued, else up to the next timer (ms):
 * a retry scan of the spool, or the watchdog, fed at half its interval.
 */
static int next_timeout(const struct watch *w, uint64_t wd_ms, uint64_t last_wd)
{
	int ms = 60000, r = watch_retry_in(w, time(NULL));

	if (watch_pending(w))
		return 0;
	if (r >= 0 && r * 1000 < ms)
		ms = r * 1000;
	if (wd_ms) {
		uint64_t due = last_wd + wd_ms / 2, now = now_ms();

		if (due <= now)
			return 0;
		if (due - now < (uint64_t)ms)
			ms = (int)(due - now);
	}
	return ms;
}

/* Handles one signal; returns true to stop. */
static bool on_signal(int sfd, struct daemon *d, const char *path, struct watch **w)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return false;
	if (si.ssi_signo == SIGHUP) {
		reload(d, path, w);
		return false;
	}
	md_log_info("%s received: stopping", si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
	return true;
}

static void run(struct daemon *d, int sfd, const char *path, struct watch **w)
{
	uint64_t wd_usec = 0, wd_ms, last_wd = now_ms();

	if (sd_watchdog_enabled(0, &wd_usec) <= 0)
		wd_usec = 0;
	wd_ms = wd_usec / 1000;
	for (;;) {
		struct pollfd p[2] = {{sfd, POLLIN, 0}, {watch_fd(*w), POLLIN, 0}};
		int n = poll(p, 2, next_timeout(*w, wd_ms, last_wd));

		if (n < 0 && errno != EINTR)
			md_log_warn("poll");
		if (n > 0 && (p[0].revents & POLLIN) && on_signal(sfd, d, path, w))
			return;
		if (n > 0 && (p[1].revents & POLLIN))
			watch_read(*w);
		if (watch_pending(*w))
			watch_ingest_one(*w, d->cfg);
		else
			watch_idle(*w);
		watch_retry(*w, time(NULL));
		if (wd_ms && now_ms() >= last_wd + wd_ms / 2) {
			sd_notify(0, "WATCHDOG=1");
			last_wd = now_ms();
		}
	}
}

/* Blocks the signals the loop reads from a signalfd (threads inherit the mask). */
static int signals(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		md_log_fatal("sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_CLOEXEC)) < 0)
		md_log_fatal("signalfd");
	return fd;
}

/* Opens the database once at start-up: a bad path is fatal now, not at the first file. */
static void check_database(const struct md_config *cfg)
{
	struct md_store *st = daemon_store_open(cfg, "mandated");

	if (!st)
		md_log_fatalx("cannot open the database %s", cfg->database);
	md_store_close(st);
}

int main(int argc, char **argv)
{
	struct daemon d = {.lock = PTHREAD_MUTEX_INITIALIZER};
	const char *path = NULL;
	bool foreground = false, check = false, verbose = false;
	struct md_error err;
	struct watch *w;
	int c, sfd;

	while ((c = getopt(argc, argv, "f:dnvM")) != -1) {
		switch (c) {
		case 'f':
			path = optarg;
			break;
		case 'd':
			foreground = true;
			break;
		case 'n':
			check = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'M':
			return print_man();
		default:
			usage();
		}
	}
	if (optind < argc)
		usage();
	md_log_init("mandated", true, verbose);
	md_error_clear(&err);
	/* The default file may be missing: then the built-in defaults apply. */
	if (!path && access(MD_CONFIG_PATH, F_OK) == 0)
		path = MD_CONFIG_PATH;
	if (md_config_load(path, &d.cfg, &err) != MD_OK) {
		fprintf(stderr, "mandated: %s\n", err.msg);
		return 1;
	}
	if (check) {
		c = check_only(d.cfg, verbose);
		md_config_free(d.cfg);
		return c;
	}
	if (!foreground) {
		if (daemon(0, 0) != 0)
			md_log_fatal("daemon");
		md_log_init("mandated", false, verbose || d.cfg->verbose);
	} else {
		md_log_verbose(verbose || d.cfg->verbose);
	}
	sfd = signals();
	if (md_poll_init() != MD_OK)
		md_log_fatalx("libcurl could not be initialised");
	check_database(d.cfg);
	if (!(w = watch_open(d.cfg->spool)))
		md_log_fatalx("cannot watch the spool %s", d.cfg->spool);
	if (!(d.http = http_start(&d)))
		md_log_fatalx("cannot start the HTTP server");
	d.poller = poller_start(&d);
	md_log_info("listening on %s port %d, spool %s, database %s", d.cfg->listen,
	            http_port(d.http), d.cfg->spool, d.cfg->database);
	sd_notify(0, "READY=1\nSTATUS=serving");
	run(&d, sfd, path, &w);
	sd_notify(0, "STOPPING=1");
	d.stopping = true;
	poller_stop(d.poller);
	http_stop(d.http);
	watch_close(w);
	close(sfd);
	md_config_free(d.cfg);
	md_poll_cleanup();
	md_log_info("stopped");
	return 0;
}
