/*
 * fuzz_http.c - libFuzzer harness for mandated's request handling.
 *
 * The daemon's HTTP code (every daemon source but mandated.c) runs in this process
 * as in mandated: libmicrohttpd on 127.0.0.1, a port of its own, over a
 * database holding the examples and one private-feed token.  Each input is
 * written as it is to a new connection (so request lines, paths, query
 * strings, percent-encodings and headers are all the fuzzer's), the write
 * side is closed and the answer read.  Rules, besides the sanitizers:
 *   - an answer is a status line "HTTP/1.x NNN", or nothing at all;
 *   - no 500: a client's bytes are never the server's fault;
 *   - every 404 of a feed or the API reads the same, whatever was guessed
 *     (a path, a token, a document); the web pages have a 404 page of their own;
 *   - nothing outside the database is ever served: no answer holds
 *     /etc/passwd's "root:x:0:0:" in a 200, whatever the dots and escapes
 *     that the request did not hold itself (pages and messages quote the
 *     Host header or a bad parameter).
 * The coverage that guides the fuzzer is that of our code; libmicrohttpd's
 * own parser is not instrumented.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "mandated.h"
#include "mandate/config.h"
#include "mandate/extract.h"
#include "mandate/store.h"
#include "mandate/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* mandated.c's helpers, which the HTTP code calls; the rest of it is main(). */
struct md_date daemon_today(void)
{
	return (struct md_date){2026, 1, 15};
}

void daemon_stamp(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct md_store *daemon_store_open(const struct md_config *cfg, const char *who)
{
	struct md_store_opts o = {.who = who, .now = "2026-01-15T00:00:00Z"};
	struct md_store *st;

	o.today = daemon_today();
	o.sessions_tsv = MANDATE_SRCDATADIR "/sessions.tsv";
	if (md_store_open(cfg->database, &o, &st, NULL) != MD_OK)
		return NULL;
	return st;
}

static struct daemon d;
static int port;
static char dir[] = "/tmp/fuzz_http.XXXXXX", db[64], conf[64];
static char notfound[256];
static size_t notfound_len;

static void setup_store(char *path)
{
	static const char *const docs[] = {MANDATE_SRCDIR "/examples/example-hrc-panel.txt",
	                                   MANDATE_SRCDIR "/examples/example-ga-meeting.txt"};
	struct md_config cfg = {.database = path};
	struct md_store *st = daemon_store_open(&cfg, "fuzz");
	char token[MD_TOKEN_LEN + 1];

	if (!st)
		abort();
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct md_record *r = NULL;
		struct md_ingest_result res;

		if (md_extract_file(docs[i], &r, NULL) != MD_OK ||
		    md_store_ingest(st, r, docs[i], &res, NULL) != MD_OK)
			abort();
		md_ingest_result_free(&res);
		md_record_free(r);
	}
	if (md_token_add(st, "fuzz", "body=HRC", token, NULL, NULL) != MD_OK)
		abort();
	md_store_close(st);
}

/* At exit (libFuzzer's -max_total_time ends with exit()): the server, then its files. */
static void cleanup(void)
{
	char journal[80];

	http_stop(d.http);
	md_config_free(d.cfg);
	snprintf(journal, sizeof(journal), "%s-journal", db);
	unlink(journal);
	unlink(db);
	unlink(conf);
	rmdir(dir);
}

static void setup(void)
{
	FILE *f;

	if (!mkdtemp(dir))
		abort();
	snprintf(db, sizeof(db), "%s/mandate.db", dir);
	snprintf(conf, sizeof(conf), "%s/mandated.conf", dir);
	setup_store(db);
	if (!(f = fopen(conf, "w")))
		abort();
	fprintf(f, "database %s\nspool %s\nlisten 127.0.0.1\nport 0\nhttp_timeout 5s\n", db, dir);
	fclose(f);
	pthread_mutex_init(&d.lock, NULL);
	if (md_config_load(conf, &d.cfg, NULL) != MD_OK || !(d.http = http_start(&d)))
		abort();
	port = http_port(d.http);
	atexit(cleanup);
}

/* Sends the request, reads the answer into buf; its length. */
static size_t exchange(const uint8_t *data, size_t size, char *buf, size_t cap)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	struct timeval tv = {10, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t n = 0;
	ssize_t got;

	/* Reset, not FIN, when the harness closes: no TIME_WAIT to run the
	 * ephemeral ports out after a few tens of thousands of inputs. */
	struct linger lg = {1, 0};
	int tries = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		abort();
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (++tries == 50) {
			perror("fuzz_http: connect");
			abort();
		}
		usleep(100000); /* the server at its connection limit: let it catch up */
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (size && send(fd, data, size, MSG_NOSIGNAL) < 0) {
		close(fd);
		return 0; /* the server closed early: a refusal */
	}
	shutdown(fd, SHUT_WR);
	while (n < cap - 1 && (got = recv(fd, buf + n, cap - 1 - n, 0)) > 0)
		n += (size_t)got;
	buf[n] = '\0';
	close(fd);
	return n;
}

static void fail(const char *why, const uint8_t *req, size_t size, const char *ans)
{
	fprintf(stderr, "%s\n--- request ---\n%.*s\n--- answer ---\n%.600s\n--- end ---\n", why,
	        (int)(size > 600 ? 600 : size), (const char *)req, ans);
	abort();
}

/* The body of an answer: what follows the blank line. */
static const char *body_of(const char *ans)
{
	const char *b = strstr(ans, "\r\n\r\n");

	return b ? b + 4 : "";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char ans[1 << 20];
	size_t n;
	int status = 0;

	if (!port)
		setup();
	if (size > 65536)
		return -1;
	n = exchange(data, size, ans, sizeof(ans));
	if (n == 0)
		return 0;
	if (strncmp(ans, "HTTP/1.", 7) != 0 || n < 12 || sscanf(ans + 9, "%3d", &status) != 1)
		fail("an answer without a status line", data, size, ans);
	if (status == 500)
		fail("500 for a client's request", data, size, ans);
	if (status == 200 && strstr(ans, "root:x:0:0:") && !memmem(data, size, "root:x:0:0:", 11))
		fail("a file outside the database served", data, size, ans);
	if (status == 404 && size > 11 &&
	    (!memcmp(data, "GET /feeds/", 11) || !memcmp(data, "GET /api/", 9))) {
		const char *b = body_of(ans);

		if (strstr(b, "HTTP/1."))
			return 0; /* pipelined requests: several answers */
		if (!notfound_len) {
			notfound_len =
			    strlen(b) < sizeof(notfound) ? strlen(b) : sizeof(notfound) - 1;
			memcpy(notfound, b, notfound_len);
		} else if (strlen(b) != notfound_len || memcmp(b, notfound, notfound_len) != 0) {
			fail("a 404 that reads differently", data, size, ans);
		}
	}
	return 0;
}
