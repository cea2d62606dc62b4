/*
 * smtp-send.c - sends one composed message through md_smtp_send, for the
 * SMTP fault tests (tests/robust/smtp-faults.sh).
 *
 * usage: smtp-send URL TIMEOUT_SECONDS
 * Prints "ok", or the kind of failure md_smtp_send reported ("lost",
 * "refused", ...) and its message; exit 0 when delivered, 4 when not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mandate/mail.h"

static const char *kind(enum md_smtp_fail f)
{
	static const char *const names[] = {"ok",        "unreachable", "tls",  "auth", "sender",
	                                    "recipient", "refused",     "lost", "other"};

	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "?";
}

int main(int argc, char **argv)
{
	struct md_mail m = {.from_addr = "mandate@example.org",
	                    .to_addr = "reports@example.org",
	                    .subject = "Due in 7 days: report to the Human Rights Council",
	                    .date = 1764324000,
	                    .message_id = "smtp-send.1@example.org",
	                    .text = "A report is due.\n"};
	struct md_smtp_opts o = {0};
	struct md_smtp *s = NULL;
	struct md_error err;
	enum md_smtp_fail why = MD_SMTP_OTHER;
	char *msg = NULL;
	size_t len = 0;
	enum md_err rc;

	if (argc != 3) {
		fprintf(stderr, "usage: smtp-send URL TIMEOUT_SECONDS\n");
		return 2;
	}
	o.url = argv[1];
	o.timeout_s = atol(argv[2]);
	if (md_mail_compose(&m, &msg, &len, &err) != MD_OK || md_smtp_open(&o, &s, &err) != MD_OK) {
		fprintf(stderr, "smtp-send: %s\n", err.msg);
		free(msg);
		return 2;
	}
	rc = md_smtp_send(s, m.from_addr, m.to_addr, msg, len, &why, &err);
	if (rc == MD_OK)
		printf("ok\n");
	else
		printf("%s: %s\n", kind(why), err.msg);
	md_smtp_close(s);
	free(msg);
	return rc == MD_OK ? 0 : 4;
}
