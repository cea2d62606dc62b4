/*
 * bench_notify.c - how fast `notify` composes, sends and records reminders.
 *
 *   bench_notify [--reminders N] [--recipients R] [--dir DIR] [--smtp URL]
 *
 * Stores one synthetic document with N/R obligations all due in 7 days,
 * gives them R recipients (one message per reminder, leads 7), and runs
 * md_notify_run once: N messages composed (text + calendar attachment),
 * sent over one SMTP connection, and each recorded in its own durable
 * transaction after the server accepted it, as `mandatectl notify` does.
 * The server is a sink forked here on 127.0.0.1 (it answers 250 to
 * everything and discards the data) unless --smtp names another.  A
 * dry run of the same reminders first gives composition alone.
 *
 * Prints one "name value unit" line per figure; it asserts nothing.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mandate/notify.h"
#include "mandate/record.h"
#include "mandate/store.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the sink: a minimal SMTP server, one connection at a time ---- */

static void reply(int fd, const char *s)
{
	size_t n = strlen(s);

	if (write(fd, s, n) != (ssize_t)n)
		_exit(0);
}

/* Serves one connection: every command gets 250 (354 for DATA). */
static void serve(int fd)
{
	static char buf[1 << 16];
	size_t len = 0;
	bool data = false;
	ssize_t got;

	reply(fd, "220 sink ESMTP\r\n");
	while ((got = read(fd, buf + len, sizeof(buf) - len - 1)) > 0) {
		char *line = buf, *e;

		len += (size_t)got;
		buf[len] = '\0';
		while ((e = strstr(line, "\r\n"))) {
			*e = '\0';
			if (data) {
				if (!strcmp(line, ".")) {
					data = false;
					reply(fd, "250 OK\r\n");
				}
			} else if (!strncasecmp(line, "EHLO", 4)) {
				reply(fd, "250-sink\r\n250 8BITMIME\r\n");
			} else if (!strncasecmp(line, "DATA", 4)) {
				data = true;
				reply(fd, "354 go on\r\n");
			} else if (!strncasecmp(line, "QUIT", 4)) {
				reply(fd, "221 bye\r\n");
				return;
			} else {
				reply(fd, "250 OK\r\n");
			}
			line = e + 2;
		}
		len = strlen(line);
		memmove(buf, line, len);
		if (len == sizeof(buf) - 1) /* a line longer than the buffer: drop it */
			len = 0;
	}
}

static pid_t sink_start(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), c;
	pid_t pid;

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 8) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) != 0)
		return -1;
	*port = ntohs(a.sin_port);
	if ((pid = fork()) != 0) {
		close(s);
		return pid;
	}
	while ((c = accept(s, NULL, NULL)) >= 0) {
		serve(c);
		close(c);
	}
	_exit(0);
}

/* ---- the data ---- */

static char text[] = "1. Requests the Secretary-General to submit a report on the "
                     "implementation of the present resolution, including its financial "
                     "implications and the views of Member States;";

/* A document of n obligations, all due by `due`. */
static struct md_record *record(size_t n, struct md_date due)
{
	struct md_record *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->symbol = strdup("A/RES/99/1");
	r->body = strdup("GA");
	r->session = 99;
	r->adopted = (struct md_date){2026, 1, 15};
	r->title = strdup("Benchmark resolution");
	r->operative_paragraphs = 1;
	r->text = strdup(text);
	r->text_len = strlen(text);
	r->paragraphs = calloc(1, sizeof(*r->paragraphs));
	r->obligations = calloc(n, sizeof(*r->obligations));
	if (!r->symbol || !r->body || !r->title || !r->text || !r->paragraphs || !r->obligations) {
		md_record_free(r);
		return NULL;
	}
	r->paragraphs[0] = (struct md_paragraph){1, 0, r->text_len};
	r->n_paragraphs = 1;
	for (size_t i = 0; i < n; i++) {
		struct md_obligation *o = &r->obligations[i];
		char actor[64];

		snprintf(actor, sizeof(actor), "Secretary-General %zu", i);
		o->paragraph = 1;
		o->kind = MD_KIND_REPORT;
		o->actor = strdup(actor);
		o->due = (struct md_due){MD_REL_BY, "", 0, due};
		o->start = 3;
		o->end = 20;
		o->rule = "bench";
		o->confidence = 1;
		r->n_obligations = i + 1;
		if (!o->actor) {
			md_record_free(r);
			return NULL;
		}
	}
	return r;
}

static int fill(const char *db, size_t n, struct md_date today)
{
	struct md_store_opts o = {.who = "bench", .now = "2027-01-01T00:00:00Z", .today = today};
	struct md_ingest_result res = {0};
	struct md_store *st;
	struct md_error err;
	struct md_record *r = record(n, md_date_add_days(today, 7));
	enum md_err rc = r ? md_store_open(db, &o, &st, &err) : MD_ENOMEM;

	if (rc == MD_OK) {
		rc = md_store_ingest(st, r, "bench", &res, &err);
		md_ingest_result_free(&res);
		md_store_close(st);
	}
	md_record_free(r);
	if (rc != MD_OK)
		fprintf(stderr, "bench_notify: %s\n", err.msg);
	return rc == MD_OK ? 0 : -1;
}

static int run(const char *db, struct md_notify_conf *c, struct md_date today, bool dry,
               struct md_notify_result *res, double *secs)
{
	struct md_notify_opts o = {.today = today, .now = 1798761600, .dry_run = dry};
	struct md_store *st;
	struct md_error err;
	double t0;
	enum md_err rc = md_store_open(db, NULL, &st, &err);

	if (rc != MD_OK) {
		fprintf(stderr, "bench_notify: %s\n", err.msg);
		return -1;
	}
	t0 = now_s();
	rc = md_notify_run(st, c, &o, NULL, NULL, res, &err);
	*secs = now_s() - t0;
	md_store_close(st);
	if (rc != MD_OK)
		fprintf(stderr, "bench_notify: %s\n", err.msg);
	return rc == MD_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"reminders", required_argument, NULL, 'n'},
	                                     {"recipients", required_argument, NULL, 'r'},
	                                     {"dir", required_argument, NULL, 'd'},
	                                     {"smtp", required_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	size_t n = 10000, nr = 5;
	const char *dir = NULL, *smtp = NULL;
	char tmpl[] = "/tmp/bench_notify.XXXXXX", db[4200], url[64], addr[64];
	struct md_date today = {2027, 1, 10};
	struct md_recipient *rs;
	struct md_notify_conf c = {0};
	struct md_notify_result res;
	double secs;
	pid_t sink = 0;
	int port, opt, status = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'n')
			n = strtoul(optarg, NULL, 10);
		else if (opt == 'r')
			nr = strtoul(optarg, NULL, 10);
		else if (opt == 'd')
			dir = optarg;
		else if (opt == 's')
			smtp = optarg;
		else
			return 2;
	}
	if (!n || !nr || n % nr || (!dir && !(dir = mkdtemp(tmpl))))
		return 2;
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	unlink(db);
	if (fill(db, n / nr, today) != 0)
		return 1;
	if (!smtp) {
		if ((sink = sink_start(&port)) < 0)
			return 1;
		snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
		smtp = url;
	}
	rs = calloc(nr, sizeof(*rs));
	for (size_t i = 0; rs && i < nr; i++) {
		snprintf(addr, sizeof(addr), "desk%zu@example.org", i);
		rs[i].addr = strdup(addr);
		rs[i].leads[0] = 7;
		rs[i].n_leads = 1;
	}
	c.smtp = strdup(smtp);
	c.from = strdup("mandate@example.org");
	c.link = strdup("https://undocs.org/%s");
	c.recipients = rs;
	c.n_recipients = nr;
	printf("# bench_notify: %zu reminders (%zu obligations x %zu recipients), %s\n", n, n / nr,
	       nr, sink ? "forked sink on loopback" : smtp);
	if (run(db, &c, today, true, &res, &secs) == 0)
		printf("compose_only %.0f messages/s (%zu messages, %.2f s)\n", res.messages / secs,
		       res.messages, secs);
	if (run(db, &c, today, false, &res, &secs) == 0)
		printf("compose_send_record %.0f messages/s (%zu sent, %zu failed, %.2f s)\n",
		       res.sent / secs, res.sent, res.failed, secs);
	else
		status = 1;
	if (run(db, &c, today, false, &res, &secs) == 0)
		printf("second_run %zu messages (%.3f s)\n", res.messages, secs);
	for (size_t i = 0; rs && i < nr; i++)
		free(rs[i].addr);
	free(rs);
	free(c.smtp);
	free(c.from);
	free(c.link);
	if (sink > 0) {
		kill(sink, SIGTERM);
		waitpid(sink, NULL, 0);
	}
	unlink(db);
	strcat(db, ".notify-lock");
	unlink(db);
	if (dir == tmpl)
		rmdir(tmpl);
	return status;
}
