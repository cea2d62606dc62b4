/*
 * test_doc.c - loading, checking and normalising documents.
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

#include "mandate/doc.h"

struct check_case {
	const char *name;
	const char *bytes;
	size_t len;
	enum md_err want;
	const char *msg_has;
};

static void test_check_table(void **state)
{
	static const struct check_case cases[] = {
		{"plain", "Requests the Secretary-General to report.", 41, MD_OK, NULL},
		{"empty", "", 0, MD_EEMPTY, "empty document"},
		{"blank", " \n\n \t\r\n", 7, MD_EEMPTY, "empty document"},
		{"nul", "abc\0def", 7, MD_EBINARY, "byte 3"},
		{"bell", "abc\adef", 7, MD_EBINARY, "binary"},
		{"latin1", "Gen\xe8ve", 6, MD_EUTF8, "byte 3"},
		{"overlong", "a\xc0\xafz", 4, MD_EUTF8, "invalid UTF-8"},
		{"surrogate", "a\xed\xa0\x80z", 5, MD_EUTF8, "byte 1"},
		{"truncated", "ab\xe2\x80", 4, MD_EUTF8, "byte 2"},
		{"utf8", "\xef\xbb\xbf\xe2\x80\x9cquoted\xe2\x80\x9d", 15, MD_OK, NULL},
		{"crlf", "line\r\nline\r\n", 12, MD_OK, NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct md_error err;
		enum md_err rc;

		md_error_clear(&err);
		rc = md_doc_check(cases[i].name, cases[i].bytes, cases[i].len, &err);
		if (rc != cases[i].want)
			fail_msg("%s: got %d (%s), want %d", cases[i].name, rc, err.msg,
				 cases[i].want);
		if (cases[i].msg_has) {
			assert_non_null(strstr(err.msg, cases[i].msg_has));
			assert_non_null(strstr(err.msg, cases[i].name));
		}
	}
}

struct norm_case {
	const char *in;
	const char *want;
};

static void test_normalize_table(void **state)
{
	static const struct norm_case cases[] = {
		{"\xef\xbb\xbfThe Council,", "The Council,"},
		{"a\r\nb\rc\n", "a\nb\nc\n"},
		{"capacity-\xc2\xad" "building", "capacity-building"},
		{"inter\xc2\xadsessional", "intersessional"},
		{"1.\xc2\xa0*Requests*", "1. Requests"},
		{"Human Rights Council**Fifty-first session**", "Human Rights Council\nFifty-first session\n"},
		{"*44th meeting\n7 October 2022*", "44th meeting\n7 October 2022"},
		{"page\fnext", "page\n\nnext"},
		{"a\tb", "a b"},
		{"thin\xe2\x80\xaf" "space", "thin space"},
		{"zero\xe2\x80\x8bwidth", "zerowidth"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = 0;
		char *out = md_doc_normalize(cases[i].in, strlen(cases[i].in), &n);

		assert_non_null(out);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
		free(out);
	}
}

static void test_load_errors(void **state)
{
	char path[] = "/tmp/md-test-doc-XXXXXX";
	int fd = mkstemp(path);
	char *buf = NULL;
	size_t len = 0;
	struct md_error err;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);

	assert_int_equal(md_doc_load(path, 100, &buf, &len, &err), MD_OK);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);

	assert_int_equal(md_doc_load(path, 9, &buf, &len, &err), MD_ETOOBIG);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "limit"));

	unlink(path);
	assert_int_equal(md_doc_load(path, 100, &buf, &len, &err), MD_ENOENT);
	assert_non_null(strstr(err.msg, "no such file"));

	assert_int_equal(md_doc_load("/", 100, &buf, &len, &err), MD_EIO);
	assert_non_null(strstr(err.msg, "/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_table),
		cmocka_unit_test(test_normalize_table),
		cmocka_unit_test(test_load_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
