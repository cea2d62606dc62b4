/*
 * test_config.c - mandated.conf: the directive table, values, errors.
 *
 * Each case is a file's text and either the values it must give or the
 * "file:line: message" it must be refused with.  The defaults are checked
 * to parse (they go through the same code), and every directive of the
 * table has a default that md_config_value prints back the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/config.h"

#define N_CASES(a) (sizeof(a) / sizeof((a)[0]))

/* Writes text to a temporary file; returns its path (static buffer). */
static const char *write_conf(const char *text)
{
	static char path[64];
	int fd;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static enum md_err load(const char *text, struct md_config **c, struct md_error *err)
{
	const char *path = write_conf(text);
	enum md_err rc;

	md_error_clear(err);
	rc = md_config_load(path, c, err);
	unlink(path);
	return rc;
}

static void test_defaults(void **state)
{
	struct md_config *c;
	struct md_error err;

	assert_int_equal(md_config_load(NULL, &c, &err), MD_OK);
	assert_string_equal(c->listen, "127.0.0.1");
	assert_int_equal(c->port, 8080);
	assert_string_equal(c->database, "/var/lib/mandate/mandate.db");
	assert_int_equal(c->poll_interval, 3600);
	assert_int_equal(c->fetch_max_bytes, 8 << 20);
	assert_int_equal(c->submission_weeks, 10);
	assert_false(c->require_token);
	assert_int_equal(c->n_watch, 0);
	assert_null(c->file);
	md_config_free(c);
	md_config_free(NULL);
}

/* Every default prints back as written in the table. */
static void test_defaults_round_trip(void **state)
{
	struct md_config *c;
	struct md_error err;
	size_t n;
	const struct md_directive *t = md_config_directives(&n);
	char buf[256];

	assert_true(n > 20);
	assert_int_equal(md_config_load(NULL, &c, &err), MD_OK);
	for (size_t i = 0; i < n; i++) {
		md_config_value(c, i, buf, sizeof(buf));
		if (strcmp(buf, t[i].def))
			fail_msg("%s: default '%s' prints as '%s'", t[i].name, t[i].def, buf);
		assert_non_null(t[i].help);
		assert_true(strlen(t[i].help) > 10);
	}
	md_config_free(c);
}

static void test_values(void **state)
{
	static const char text[] = "# mandated.conf\n"
	                           "database /srv/mandate/m.db\n"
	                           "\n"
	                           "listen ::1   # loopback\n"
	                           "port 0\n"
	                           "spool /srv/spool\n"
	                           "watch https://undocs.org/A/HRC/RES/51/34\n"
	                           "watch http://example.org/r.txt\n"
	                           "poll_interval 10m\n"
	                           "fetch_max_bytes 512k\n"
	                           "feed_name \"HRC \\\"mandates\\\"\"\n"
	                           "alarm 2w 1d\n"
	                           "alarm 3d\n"
	                           "lead HRC 8\n"
	                           "lead GA 12\n"
	                           "require_token yes\n"
	                           "reminder_to desk@example.org\n"
	                           "http_timeout 5s\n"
	                           "log_level debug\n";
	struct md_config *c;
	struct md_error err;

	assert_int_equal(load(text, &c, &err), MD_OK);
	assert_string_equal(c->database, "/srv/mandate/m.db");
	assert_string_equal(c->listen, "::1");
	assert_int_equal(c->port, 0);
	assert_int_equal(c->n_watch, 2);
	assert_string_equal(c->watch[1], "http://example.org/r.txt");
	assert_int_equal(c->poll_interval, 600);
	assert_int_equal(c->fetch_max_bytes, 512 * 1024);
	assert_string_equal(c->feed_name, "HRC \"mandates\"");
	assert_int_equal(c->n_alarms, 3);
	assert_int_equal(c->alarms[0], 14 * 86400);
	assert_int_equal(c->alarms[2], 3 * 86400);
	assert_int_equal(c->n_leads, 2);
	assert_string_equal(c->leads[1].body, "GA");
	assert_int_equal(c->leads[1].weeks, 12);
	assert_true(c->require_token);
	assert_int_equal(c->n_reminder_to, 1);
	assert_int_equal(c->http_timeout, 5);
	assert_true(c->verbose);
	assert_non_null(c->file);
	md_config_free(c);
}

/* A text and the message it is refused with (after "file:"). */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
    {"colour blue\n", "1: unknown directive 'colour'"},
    {"\n\nport 70000\n", "3: port: '70000' is out of range (0 to 65535)"},
    {"port eighty\n", "1: port: 'eighty' is not a whole number"},
    {"port 80x\n", "1: port: '80x' is not a whole number"},
    {"port\n", "1: port: missing values (want: port PORT)"},
    {"port 1 2\n", "1: port: too many values"},
    {"port 1\nport 2\n", "2: port: given twice"},
    {"database relative/m.db\n", "1: database: 'relative/m.db' is not an absolute path"},
    {"listen localhost\n", "1: listen: 'localhost' is not an IPv4 or IPv6 address"},
    {"watch ftp://example.org/x\n", "1: watch: 'ftp://example.org/x' is not an http or https URL"},
    {"watch file:///etc/passwd\n", "is not an http or https URL"},
    {"poll_interval 0s\n", "1: poll_interval: '0s' is out of range"},
    {"poll_interval 5 m\n", "too many values"},
    {"poll_interval 5y\n", "is not a duration"},
    {"fetch_max_bytes 1g\n", "is not a size"},
    {"feed_status closed\n", "1: feed_status: 'closed' is not one of open|done|all"},
    {"require_token true\n", "1: require_token: 'true' is neither yes nor no"},
    {"alarm 36h\n", "is not a whole number of days"},
    {"alarm 1d 2d 3d 4d 5d\n", "at most 4 alarms"},
    {"lead HRC\n", "1: lead: missing values (want: lead BODY WEEKS)"},
    {"lead HRC 60\n", "'60' is not a number of weeks from 1 to 52"},
    {"lead H/RC 6\n", "is not an organ"},
    {"reminder_to nobody\n", "1: reminder_to: 'nobody' is not an e-mail address"},
    {"feed_name \"open\n", "1: a quote is not closed"},
    {"feed_name \"a\"b\n", "1: text right after a closing quote"},
    {"log_level loud\n", "is neither debug nor info"},
};

static void test_errors(void **state)
{
	for (size_t i = 0; i < N_CASES(bad); i++) {
		struct md_config *c = NULL;
		struct md_error err;
		enum md_err rc = load(bad[i].text, &c, &err);

		if (rc != MD_ECONFIG || !strstr(err.msg, bad[i].msg))
			fail_msg("case %zu %s: got %d '%s', want '%s'", i, bad[i].text, rc, err.msg,
			         bad[i].msg);
		assert_null(c);
		assert_non_null(strstr(err.msg, "/tmp/test_config."));
	}
}

static void test_missing_file(void **state)
{
	struct md_config *c;
	struct md_error err;

	assert_int_equal(md_config_load("/nonexistent/mandated.conf", &c, &err), MD_ENOENT);
	assert_null(c);
	assert_non_null(strstr(err.msg, "/nonexistent/mandated.conf"));
}

static void test_duration(void **state)
{
	static const struct {
		const char *s;
		long want; /* -1: refused */
	} cases[] = {{"90", 90},       {"90s", 90},     {"10m", 600}, {"1h", 3600},
	             {"14d", 1209600}, {"2w", 1209600}, {"", -1},     {"h", -1},
	             {"-5s", -1},      {"5mm", -1},     {"1.5h", -1}};

	for (size_t i = 0; i < N_CASES(cases); i++) {
		long v = 0;
		int rc = md_config_duration(cases[i].s, &v);

		if (cases[i].want < 0)
			assert_int_equal(rc, -1);
		else if (rc != 0 || v != cases[i].want)
			fail_msg("'%s': got %d %ld", cases[i].s, rc, v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),     cmocka_unit_test(test_defaults_round_trip),
	    cmocka_unit_test(test_values),       cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_missing_file), cmocka_unit_test(test_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
