/*
 * test_mail.c - messages no input can break (lib/mail.c) and the
 * recipients file of notify (lib/notify_conf.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mandate/mail.h"
#include "mandate/notify.h"

/* ---- addresses ---- */

static const struct {
	const char *addr;
	bool ok;
} addrs[] = {
    {"a@example.org", true},
    {"first.last+tag@sub.example.org", true},
    {"reports-unit@ohchr.org", true},
    {"", false},
    {"no-at.example.org", false},
    {"@example.org", false},
    {"a@", false},
    {"a@b", false},
    {"a@@example.org", false},
    {"a@b@example.org", false},
    {"a b@example.org", false},
    {"a@example.org\r\nBcc: x@evil.org", false},
    {"a@example.org\nBcc: x@evil.org", false},
    {"<a@example.org>", false},
    {"a@example.org>", false},
    {"\"a\"@example.org", false},
    {"a,b@example.org", false},
    {"a@exa mple.org", false},
    {"a@example..org", false},
    {"a@.example.org", false},
    {"a@example.org.", false},
    {".a@example.org", false},
    {"a.@example.org", false},
    {"ü@example.org", false},
    {"a@exämple.org", false},
};

static void test_addr_valid(void **state)
{
	char longaddr[300];

	(void)state;
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		if (md_mail_addr_valid(addrs[i].addr) != addrs[i].ok)
			fail_msg("address '%s': expected %s", addrs[i].addr,
			         addrs[i].ok ? "valid" : "invalid");
	}
	memset(longaddr, 'a', sizeof(longaddr));
	strcpy(longaddr + 250, "@example.org");
	assert_false(md_mail_addr_valid(longaddr));
	assert_false(md_mail_addr_valid(NULL));
}

/* ---- headers ---- */

/*
 * Checks a header block: CRLF only, every line at most 78 characters,
 * every line after the first starts with a space (a fold), nothing but
 * printable ASCII.  Returns the number of lines.
 */
static size_t check_folded(const char *h)
{
	size_t lines = 0;
	const char *p = h, *e;

	while (*p) {
		e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true((size_t)(e - p) <= 78);
		if (lines > 0)
			assert_true(*p == ' ');
		for (const char *c = p; c < e; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7E)
				fail_msg("byte 0x%02x in header line", (unsigned char)*c);
		lines++;
		p = e + 2;
	}
	return lines;
}

static const struct {
	const char *value;
	const char *expect; /* exact output, or NULL to check the shape only */
} headers[] = {
    {"Report due", "Subject: Report due\r\n"},
    {"  spaces   inside\t\tand tabs ", "Subject: spaces inside and tabs\r\n"},
    {"x\r\nBcc: victim@example.org", "Subject: x Bcc: victim@example.org\r\n"},
    {"x\nBcc: victim@example.org", "Subject: x Bcc: victim@example.org\r\n"},
    {"x\rBcc: victim@example.org", "Subject: x Bcc: victim@example.org\r\n"},
    {"x\r\n\r\nbody injected", "Subject: x body injected\r\n"},
    {"nul\x01"
     "and\x7f"
     "del",
     "Subject: nul and del\r\n"},
    {"Rapport du Haut-Commissaire — échéance", NULL},
    {"Доклад Верховного комиссара", NULL},
    {"报告 due 日期", NULL},
    {"line\xe2\x80\xa8separator", NULL},
    {"bad \xff\xfe utf-8 \xc3", NULL},
    {"", "Subject:\r\n"},
};

static void test_header_value(void **state)
{
	char *h;
	char longv[3000];

	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		assert_int_equal(md_mail_header_value("Subject", headers[i].value, &h), MD_OK);
		if (headers[i].expect)
			assert_string_equal(h, headers[i].expect);
		check_folded(h);
		assert_null(strstr(h, "Bcc:\r\n"));
		free(h);
	}
	/* a very long value, words and one unbroken run */
	for (size_t i = 0; i < sizeof(longv) - 1; i++)
		longv[i] = i % 7 == 6 ? ' ' : 'a';
	longv[sizeof(longv) - 1] = '\0';
	assert_int_equal(md_mail_header_value("Subject", longv, &h), MD_OK);
	assert_true(check_folded(h) > 30);
	free(h);
	memset(longv, 'b', sizeof(longv) - 1);
	assert_int_equal(md_mail_header_value("Subject", longv, &h), MD_OK);
	assert_true(check_folded(h) > 30);
	assert_non_null(strstr(h, "=?UTF-8?B?"));
	free(h);
}

/* ---- whole messages ---- */

/* The header names of msg's header block, in order, joined by spaces. */
static void header_names(const char *msg, char *out, size_t size)
{
	const char *p = msg, *e, *colon;

	out[0] = '\0';
	while ((e = strstr(p, "\r\n")) && e != p) {
		if (*p != ' ') {
			colon = memchr(p, ':', (size_t)(e - p));
			assert_non_null(colon);
			strncat(out, p,
			        (size_t)(colon - p) < size - strlen(out) - 2 ? (size_t)(colon - p)
			                                                     : 0);
			strcat(out, " ");
		}
		p = e + 2;
	}
}

/* Every line of msg ends in CRLF and is at most 78 characters. */
static void check_lines(const char *msg, size_t len)
{
	size_t col = 0;

	assert_int_equal(strlen(msg), len);
	for (size_t i = 0; i < len; i++) {
		if (msg[i] == '\r') {
			assert_true(i + 1 < len && msg[i + 1] == '\n');
			i++;
			col = 0;
			continue;
		}
		assert_true(msg[i] != '\n');
		assert_true((unsigned char)msg[i] < 0x80);
		col++;
		if (col > 78)
			fail_msg("a line longer than 78 at byte %zu", i);
	}
}

static const char evil[] = "Requests the High\r\nBcc: victim@example.org\r\n\r\nX-Injected: 1\n"
                           "Subject: forged\rTo: x@evil.org\n.\n.\r\nFrom me\n";

static void test_compose_injection(void **state)
{
	struct md_mail m = {"mandate@example.org",
	                    "Mandate\r\nBcc: a@evil.org",
	                    "a@example.org",
	                    "Ünïcode \"Name\" <x@evil.org>",
	                    evil,
	                    1700000000,
	                    "reminder.1.0.30d.2027-01-31.abc@example.org",
	                    evil,
	                    "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
	                    "../../etc/passwd",
	                    "X-Mandate-Late",
	                    "yes\r\nBcc: b@evil.org"};
	char *msg, names[256];
	size_t len;

	(void)state;
	assert_int_equal(md_mail_compose(&m, &msg, &len, NULL), MD_OK);
	check_lines(msg, len);
	header_names(msg, names, sizeof(names));
	assert_string_equal(names, "Date From To Subject Message-ID MIME-Version Auto-Submitted "
	                           "X-Mandate-Late Content-Type ");
	assert_non_null(strstr(msg, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	assert_non_null(strstr(msg, "<a@example.org>\r\n"));
	*strstr(msg, "\r\n\r\n") = '\0'; /* the header block only, from here */
	assert_null(strstr(msg, "\r\nBcc:"));
	assert_null(strstr(msg, "\r\nX-Injected:"));
	assert_null(strstr(msg, "\r\nSubject: forged"));
	msg[strlen(msg)] = '\r';
	assert_null(strstr(msg, "\r\n.\r\n")); /* a lone dot is encoded */
	assert_null(strstr(msg, "\r\nFrom me"));
	assert_non_null(strstr(msg, "\r\nBcc: victim@example.org=0D\r\n") ||
	                strstr(msg, "\r\nBcc: victim@example.org\r\n"));
	assert_non_null(strstr(msg, "filename=\".._.._etc_passwd\""));
	free(msg);
}

static void test_compose_plain_long_lines(void **state)
{
	char text[5000];
	struct md_mail m = {.from_addr = "m@example.org",
	                    .to_addr = "a@example.org",
	                    .subject = "s",
	                    .message_id = "x@example.org",
	                    .text = text};
	char *msg;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof(text) - 1; i++)
		text[i] = "é=x. "[i % 5];
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(md_mail_compose(&m, &msg, &len, NULL), MD_OK);
	check_lines(msg, len);
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(msg, "=C3=A9=3D"));
	assert_null(strstr(msg, "multipart"));
	free(msg);
}

static void test_compose_refuses(void **state)
{
	struct md_mail m = {.from_addr = "m@example.org",
	                    .to_addr = "a@example.org\r\nBcc: x@evil.org",
	                    .message_id = "x@example.org"};
	struct md_error err;
	char *msg;
	size_t len;

	(void)state;
	assert_int_equal(md_mail_compose(&m, &msg, &len, &err), MD_EINVAL);
	assert_null(msg);
	m.to_addr = "a@example.org";
	m.message_id = "x>\r\nBcc: y@evil.org";
	assert_int_equal(md_mail_compose(&m, &msg, &len, &err), MD_EINVAL);
	m.message_id = "no-at-sign";
	assert_int_equal(md_mail_compose(&m, &msg, &len, &err), MD_EINVAL);
	m.message_id = "x@example.org";
	m.from_addr = NULL;
	assert_int_equal(md_mail_compose(&m, &msg, &len, &err), MD_EINVAL);
}

static void test_loopback(void **state)
{
	(void)state;
	assert_true(md_smtp_loopback("smtp://127.0.0.1:2525"));
	assert_true(md_smtp_loopback("smtp://127.1.2.3"));
	assert_true(md_smtp_loopback("smtp://localhost:25"));
	assert_true(md_smtp_loopback("smtp://[::1]:25"));
	assert_false(md_smtp_loopback("smtp://127.example.org"));
	assert_false(md_smtp_loopback("smtp://mail.example.org:587"));
	assert_false(md_smtp_loopback("smtp://10.0.0.1"));
	assert_false(md_smtp_loopback("not a url"));
}

static void test_smtp_open_scheme(void **state)
{
	struct md_smtp_opts o = {.url = "http://127.0.0.1/"};
	struct md_smtp *s;

	(void)state;
	assert_int_equal(md_smtp_open(&o, &s, NULL), MD_EINVAL);
	assert_null(s);
	o.url = "smtp://127.0.0.1:1";
	assert_int_equal(md_smtp_open(&o, &s, NULL), MD_OK);
	md_smtp_close(s);
	md_smtp_close(NULL);
}

/* ---- the recipients file ---- */

static char tmpdir[64];

static const char *write_file(const char *name, const char *text, mode_t mode)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static const struct {
	const char *text;
	const char *error; /* a substring of the message; NULL: loads */
} confs[] = {
    {"smtp smtp://127.0.0.1:25\nfrom m@example.org\nrecipient a@example.org\n", NULL},
    {"# comment\n\nsmtp smtps://mail.example.org\nfrom m@example.org\n"
     "recipient a@example.org\nname A\nbody HRC\nbody GA\nkind report\nleads 7, 30 1 30\n"
     "digest yes\n",
     NULL},
    {"smtp http://x\n", ":1: smtp: 'http://x' is not an smtp://"},
    {"smtp smtp://x\nfrom nobody\n", ":2: from: 'nobody' is not an address"},
    {"smtp smtp://x\nfrom m@example.org\nname A\n", ":3: name: belongs to a recipient"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nsmtp smtp://y\n",
     ":4: smtp: a server directive inside"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nkind memo\n",
     ":4: kind: 'memo' is not a kind"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nleads 30 x\n",
     ":4: leads: '30 x' is not a list of days"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nleads 400\n", ":4: leads: '400'"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\ndigest maybe\n",
     ":4: digest: 'maybe'"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nbcc b@example.org\n",
     ":4: 'bcc' is not a directive"},
    {"smtp smtp://x\nsmtp smtp://y\n", ":2: smtp given twice"},
    {"smtp smtp://x\nfrom m@example.org\n", "no 'recipient'"},
    {"from m@example.org\nrecipient a@example.org\n", "no 'smtp' server"},
    {"smtp smtp://x\nfrom m@example.org\nrecipient a@example.org\nname\n", ":4: name: no value"},
    {"smtp smtp://x\nlink ftp://x/%s\n", ":2: link:"},
    {"smtp smtp://x\nlink https://x/%s%d\n", ":2: link:"},
};

static void test_conf(void **state)
{
	struct md_notify_conf *c;
	struct md_error err;
	const char *path;

	(void)state;
	for (size_t i = 0; i < sizeof(confs) / sizeof(confs[0]); i++) {
		path = write_file("r.conf", confs[i].text, 0644);
		md_error_clear(&err);
		if (!confs[i].error) {
			if (md_notify_conf_load(path, &c, &err) != MD_OK)
				fail_msg("conf %zu: %s", i, err.msg);
			md_notify_conf_free(c);
			continue;
		}
		assert_int_equal(md_notify_conf_load(path, &c, &err), MD_ECONFIG);
		assert_null(c);
		if (!strstr(err.msg, confs[i].error))
			fail_msg("conf %zu: '%s' does not say '%s'", i, err.msg, confs[i].error);
	}
}

static void test_conf_values(void **state)
{
	struct md_notify_conf *c;
	const char *path =
	    write_file("r.conf",
	               "smtp smtp://127.0.0.1:25\nfrom m@example.org\n"
	               "recipient a@example.org\nname  Reports  Unit \nsymbol A/HRC/*\n"
	               "leads 7, 30 1 30\ndigest yes\nrecipient b@example.org\n",
	               0644);

	(void)state;
	assert_int_equal(md_notify_conf_load(path, &c, NULL), MD_OK);
	assert_int_equal(c->n_recipients, 2);
	assert_string_equal(c->recipients[0].name, "Reports  Unit");
	assert_int_equal(c->recipients[0].n_leads, 3);
	assert_int_equal(c->recipients[0].leads[0], 30);
	assert_int_equal(c->recipients[0].leads[1], 7);
	assert_int_equal(c->recipients[0].leads[2], 1);
	assert_true(c->recipients[0].digest);
	assert_int_equal(c->recipients[1].n_leads, 4); /* 30 14 7 1 */
	assert_int_equal(c->recipients[1].leads[1], 14);
	assert_false(c->recipients[1].digest);
	assert_string_equal(c->link, "https://undocs.org/%s");
	md_notify_conf_free(c);
}

static void test_credentials(void **state)
{
	struct md_notify_conf *c;
	struct md_error err;
	char conf[512], cred[128];

	snprintf(cred, sizeof(cred), "%s",
	         write_file("cred", "user mandate\npassword s3cret with spaces\n", 0644));

	(void)state;
	snprintf(conf, sizeof(conf),
	         "smtp smtp://127.0.0.1\nfrom m@example.org\ncredentials %s\n"
	         "recipient a@example.org\n",
	         cred);
	write_file("r.conf", conf, 0644);
	snprintf(conf, sizeof(conf), "%s/r.conf", tmpdir);
	/* readable by others: refused */
	assert_int_equal(md_notify_conf_load(conf, &c, &err), MD_ECONFIG);
	assert_non_null(strstr(err.msg, "refused"));
	/* readable by the group: refused too */
	chmod(cred, 0640);
	assert_int_equal(md_notify_conf_load(conf, &c, &err), MD_ECONFIG);
	chmod(cred, 0600);
	assert_int_equal(md_notify_conf_load(conf, &c, &err), MD_OK);
	assert_string_equal(c->user, "mandate");
	assert_string_equal(c->password, "s3cret with spaces");
	md_notify_conf_free(c);
	unlink(cred);
	assert_int_equal(md_notify_conf_load(conf, &c, &err), MD_ECONFIG);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_mail.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addr_valid),
	    cmocka_unit_test(test_header_value),
	    cmocka_unit_test(test_compose_injection),
	    cmocka_unit_test(test_compose_plain_long_lines),
	    cmocka_unit_test(test_compose_refuses),
	    cmocka_unit_test(test_loopback),
	    cmocka_unit_test(test_smtp_open_scheme),
	    cmocka_unit_test(test_conf),
	    cmocka_unit_test(test_conf_values),
	    cmocka_unit_test(test_credentials),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
