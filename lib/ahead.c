/*
 * ahead.c - reading documents on a thread of their own, ahead of the caller.
 *
 * A ring of `depth` slots between one reader thread and the caller: the
 * reader fills slot i % depth with input i once the caller has taken input
 * i - depth; the caller takes them in order.  One mutex, two condition
 * variables.  The reader touches nothing but its inputs and the slots, and
 * the extractor keeps no state between calls, so the records are those a
 * reading in the caller's thread gives.  libcurl is initialised before the
 * thread starts when an input is a URL (its global init is not to be raced).
 */
#include "mandate/ahead.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mandate/extract.h"
#include "mandate/fetch.h"

struct slot {
	struct md_record *rec;
	enum md_err rc;
	struct md_error err;
};

struct md_ahead {
	const char *const *inputs;
	size_t n, depth;
	struct slot *slots;
	size_t read, taken; /* inputs the reader finished, inputs the caller took */
	bool stop, threaded, curl;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
};

enum md_err md_ahead_read(const char *input, struct md_record **rec, struct md_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	enum md_err rc;

	*rec = NULL;
	if (!md_fetch_is_url(input))
		return md_extract_file(input, rec, err);
	if ((rc = md_fetch_url(input, NULL, &buf, &len, err)) == MD_OK)
		rc = md_extract_run(input, buf, len, rec, err);
	free(buf);
	return rc;
}

static void read_into(struct md_ahead *a, size_t i)
{
	struct slot *s = &a->slots[i % a->depth];

	md_error_clear(&s->err);
	s->rc = md_ahead_read(a->inputs[i], &s->rec, &s->err);
}

static void *reader(void *arg)
{
	struct md_ahead *a = arg;

	pthread_mutex_lock(&a->mu);
	while (!a->stop && a->read < a->n) {
		size_t i = a->read;

		if (i - a->taken >= a->depth) {
			pthread_cond_wait(&a->emptied, &a->mu);
			continue;
		}
		pthread_mutex_unlock(&a->mu);
		read_into(a, i); /* slot i % depth is the reader's until read moves on */
		pthread_mutex_lock(&a->mu);
		a->read = i + 1;
		pthread_cond_signal(&a->filled);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

enum md_err md_ahead_start(const char *const *inputs, size_t n, size_t depth, struct md_ahead **out,
                           struct md_error *err)
{
	struct md_ahead *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (!a)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	a->inputs = inputs;
	a->n = n;
	a->depth = depth ? depth : 8;
	if (!(a->slots = calloc(a->depth, sizeof(*a->slots)))) {
		free(a);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n && !a->curl; i++)
		a->curl = md_fetch_is_url(inputs[i]);
	if (a->curl && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		a->curl = false; /* md_fetch_url will say what fails */
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->filled, NULL);
	pthread_cond_init(&a->emptied, NULL);
	a->threaded = n > 1 && pthread_create(&a->thread, NULL, reader, a) == 0;
	*out = a;
	return MD_OK;
}

bool md_ahead_next(struct md_ahead *a, const char **input, struct md_record **rec, enum md_err *rc,
                   struct md_error *err)
{
	struct slot *s;
	size_t i;

	if (a->taken >= a->n)
		return false;
	i = a->taken;
	s = &a->slots[i % a->depth];
	if (a->threaded) {
		pthread_mutex_lock(&a->mu);
		while (a->read <= i)
			pthread_cond_wait(&a->filled, &a->mu);
		pthread_mutex_unlock(&a->mu);
	} else {
		read_into(a, i);
	}
	*input = a->inputs[i];
	*rec = s->rec;
	*rc = s->rc;
	if (err)
		*err = s->err;
	s->rec = NULL;
	if (a->threaded) {
		pthread_mutex_lock(&a->mu);
		a->taken = i + 1;
		pthread_cond_signal(&a->emptied);
		pthread_mutex_unlock(&a->mu);
	} else {
		a->taken = i + 1;
	}
	return true;
}

bool md_ahead_wait(struct md_ahead *a, long ms)
{
	struct timespec until;
	bool ready;

	if (!a->threaded || a->taken >= a->n)
		return true; /* md_ahead_next reads it, or says there is none */
	clock_gettime(CLOCK_REALTIME, &until);
	if (ms > 0) {
		until.tv_sec += ms / 1000;
		until.tv_nsec += (ms % 1000) * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
	}
	pthread_mutex_lock(&a->mu);
	while (ms > 0 && a->read <= a->taken &&
	       pthread_cond_timedwait(&a->filled, &a->mu, &until) == 0)
		;
	ready = a->read > a->taken;
	pthread_mutex_unlock(&a->mu);
	return ready;
}

void md_ahead_free(struct md_ahead *a)
{
	if (!a)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->mu);
		a->stop = true;
		pthread_cond_signal(&a->emptied);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
	}
	for (size_t i = 0; i < a->depth; i++)
		md_record_free(a->slots[i].rec);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->filled);
	pthread_cond_destroy(&a->emptied);
	if (a->curl)
		curl_global_cleanup();
	free(a->slots);
	free(a);
}
