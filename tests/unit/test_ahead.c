/*
 * test_ahead.c - reading documents ahead on a thread (lib/ahead.c): the
 * results come back in the order of the inputs, each the record (or the
 * error) that reading the input in this thread gives, whatever the depth;
 * and a reader freed before the end stops and frees what it read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mandate/ahead.h"
#include "mandate/extract.h"

#define N_INPUTS 40

struct inputs {
	char names[N_INPUTS][512];
	const char *v[N_INPUTS];
	size_t n;
};

/* The examples, a file that is no resolution and one that does not exist, cycled. */
static int setup(void **state)
{
	static const char *const names[] = {"examples/example-hrc-panel.txt",
	                                    "examples/example-ga-meeting.txt", "README.md",
	                                    "examples/no-such-file.txt"};
	const char *src = getenv("MANDATE_SRCDIR");
	struct inputs *in = calloc(1, sizeof(*in));

	if (!src || !in)
		return -1;
	for (size_t i = 0; i < N_INPUTS; i++) {
		snprintf(in->names[i], sizeof(in->names[i]), "%s/%s", src, names[i % 4]);
		in->v[i] = in->names[i];
	}
	in->n = N_INPUTS;
	*state = in;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* What reading input i in this thread gives: the symbol, or the error. */
static void expect_same(const char *input, const struct md_record *rec, enum md_err rc,
                        const struct md_error *err)
{
	struct md_record *want = NULL;
	struct md_error werr;
	enum md_err wrc;

	md_error_clear(&werr);
	wrc = md_ahead_read(input, &want, &werr);
	assert_int_equal(rc, wrc);
	if (wrc == MD_OK) {
		assert_non_null(rec);
		assert_string_equal(rec->symbol, want->symbol);
		assert_int_equal(rec->n_obligations, want->n_obligations);
		assert_int_equal(rec->text_len, want->text_len);
	} else {
		assert_null(rec);
		assert_string_equal(err->msg, werr.msg);
	}
	md_record_free(want);
}

static void run(struct inputs *in, size_t depth)
{
	struct md_ahead *a;
	struct md_record *rec;
	struct md_error err;
	const char *input;
	enum md_err rc;
	size_t i = 0;

	assert_int_equal(md_ahead_start(in->v, in->n, depth, &a, &err), MD_OK);
	while (md_ahead_next(a, &input, &rec, &rc, &err)) {
		assert_true(i < in->n);
		assert_ptr_equal(input, in->v[i]);
		expect_same(input, rec, rc, &err);
		md_record_free(rec);
		i++;
	}
	assert_int_equal(i, in->n);
	assert_false(md_ahead_next(a, &input, &rec, &rc, &err));
	assert_true(md_ahead_wait(a, 0)); /* at the end: nothing to wait for */
	md_ahead_free(a);
}

static void test_in_order(void **state)
{
	run(*state, 0);
	run(*state, 1);
	run(*state, 3);
	run(*state, 64);
}

static void test_one_and_none(void **state)
{
	struct inputs *in = *state;
	size_t n = in->n;

	in->n = 1;
	run(in, 0);
	in->n = 0;
	run(in, 0);
	in->n = n;
}

/* Freed early, with results waiting and the thread blocked on a full ring. */
static void test_free_early(void **state)
{
	struct inputs *in = *state;
	struct md_ahead *a;
	struct md_record *rec;
	struct md_error err;
	const char *input;
	enum md_err rc;

	assert_int_equal(md_ahead_start(in->v, in->n, 4, &a, &err), MD_OK);
	assert_true(md_ahead_next(a, &input, &rec, &rc, &err));
	md_record_free(rec);
	(void)md_ahead_wait(a, 0);
	md_ahead_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_in_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_and_none, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_free_early, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
