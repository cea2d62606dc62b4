/*
 * mail_smtp.c - handing composed messages to an SMTP server through
 * libcurl.
 *
 * Policy, as coded here:
 * - One connection kept across messages; after any failure the next
 *   message opens a new one.
 * - STARTTLS required unless the server is on loopback (127.0.0.0/8, ::1,
 *   "localhost"); smtps:// is TLS from the start.
 * - A message is delivered only when the server said 2xx to the end of
 *   DATA.  A connection lost before that is retried once on a new
 *   connection: the server may then hold it twice, which the fixed
 *   Message-ID makes recognisable, but it is never silently lost.
 * - Which step failed (connect, TLS, AUTH, MAIL, RCPT, DATA) is told apart
 *   from libcurl's code and message, so that the caller can say it.
 */
#include "mandate/mail.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

struct md_smtp {
	CURL *curl;
	char *url, *user, *password, *helo, *ca_file;
	long timeout_s;
	bool loopback, implicit_tls;
	bool fresh; /* open a new connection for the next message */
	char errbuf[CURL_ERROR_SIZE];
};

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

bool md_smtp_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool yes = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		yes = !strcmp(host, "localhost") || !strcmp(host, "[::1]") ||
		      !strncmp(host, "127.", 4);
		/* 127.x: all digits and dots, so that "127.example.org" is not loopback */
		for (const char *p = host; yes && !strncmp(host, "127.", 4) && *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				yes = false;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return yes;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

enum md_err md_smtp_open(const struct md_smtp_opts *o, struct md_smtp **out, struct md_error *err)
{
	struct md_smtp *s;
	bool smtps;

	*out = NULL;
	if (!o->url || (strncmp(o->url, "smtp://", 7) && strncmp(o->url, "smtps://", 8)))
		return md_error_set(err, MD_EINVAL, "%s: the server must be smtp:// or smtps://",
		                    o->url ? o->url : "(none)");
	smtps = !strncmp(o->url, "smtps://", 8);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return md_error_set(err, MD_ENOMEM, "libcurl could not start");
	s = calloc(1, sizeof(*s));
	if (!s || !(s->curl = curl_easy_init()) || !(s->url = strdup(o->url)) ||
	    !(s->helo = strdup(o->helo && *o->helo ? o->helo : "localhost")) ||
	    (o->user && !(s->user = dup_or_null(o->user))) ||
	    (o->password && !(s->password = dup_or_null(o->password))) ||
	    (o->ca_file && !(s->ca_file = dup_or_null(o->ca_file)))) {
		md_smtp_close(s);
		if (!s)
			curl_global_cleanup();
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	s->loopback = md_smtp_loopback(o->url);
	s->implicit_tls = smtps;
	s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	*out = s;
	return MD_OK;
}

void md_smtp_close(struct md_smtp *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->user);
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	free(s->helo);
	free(s->ca_file);
	free(s);
	curl_global_cleanup();
}

/* The URL with the EHLO name as its path (libcurl's way of naming it). */
static void set_options(struct md_smtp *s, const char *from, struct curl_slist *rcpt,
                        struct upload *up, char *url, size_t size)
{
	CURL *c = s->curl;
	const char *slash = strchr(s->url + (s->implicit_tls ? 8 : 7), '/');
	int host_len = slash ? (int)(slash - s->url) : (int)strlen(s->url);

	snprintf(url, size, "%.*s/%s", host_len, s->url, s->helo);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->left);
	if (!s->implicit_tls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, s->loopback ? CURLUSESSL_TRY : CURLUSESSL_ALL);
	if (s->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
	if (s->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, s->fresh ? 1L : 0L);
}

/* What kind of failure rc is; libcurl says which SMTP step failed in its message. */
static enum md_smtp_fail classify(CURLcode rc, const char *msg, long code)
{
	switch (rc) {
	case CURLE_OK:
		return MD_SMTP_OK;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return MD_SMTP_UNREACHABLE;
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		return MD_SMTP_TLS;
	case CURLE_LOGIN_DENIED:
		return MD_SMTP_AUTH;
	default:
		break;
	}
	if (!strncmp(msg, "RCPT failed", 11))
		return MD_SMTP_RECIPIENT;
	if (!strncmp(msg, "MAIL failed", 11))
		return MD_SMTP_SENDER;
	if (!strncmp(msg, "DATA failed", 11) || (rc == CURLE_WEIRD_SERVER_REPLY && code >= 400))
		return MD_SMTP_REFUSED;
	if (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING ||
	    rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_PARTIAL_FILE ||
	    rc == CURLE_WEIRD_SERVER_REPLY)
		return MD_SMTP_LOST;
	return MD_SMTP_OTHER;
}

static const char *fail_words(enum md_smtp_fail f)
{
	switch (f) {
	case MD_SMTP_UNREACHABLE:
		return "server unreachable";
	case MD_SMTP_TLS:
		return "TLS failed (STARTTLS is required off loopback)";
	case MD_SMTP_AUTH:
		return "authentication refused";
	case MD_SMTP_SENDER:
		return "sender refused";
	case MD_SMTP_RECIPIENT:
		return "recipient rejected";
	case MD_SMTP_REFUSED:
		return "message refused";
	case MD_SMTP_LOST:
		return "connection lost before the server accepted the message";
	default:
		return "delivery failed";
	}
}

/* One attempt; *why set. */
static CURLcode attempt(struct md_smtp *s, const char *from, struct curl_slist *rcpt,
                        const char *msg, size_t len, enum md_smtp_fail *why, long *code)
{
	struct upload up = {msg, len};
	char url[512];
	CURLcode rc;

	s->errbuf[0] = '\0';
	set_options(s, from, rcpt, &up, url, sizeof(url));
	rc = curl_easy_perform(s->curl);
	*code = 0;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, code);
	*why = classify(rc, s->errbuf, *code);
	s->fresh = rc != CURLE_OK;
	return rc;
}

enum md_err md_smtp_send(struct md_smtp *s, const char *from, const char *to, const char *msg,
                         size_t len, enum md_smtp_fail *why, struct md_error *err)
{
	char env_from[MD_MAIL_ADDR_MAX + 3], env_to[MD_MAIL_ADDR_MAX + 3];
	struct curl_slist *rcpt;
	enum md_smtp_fail fail;
	long code;
	CURLcode rc;

	if (!md_mail_addr_valid(from) || !md_mail_addr_valid(to)) {
		if (why)
			*why = MD_SMTP_OTHER;
		return md_error_set(err, MD_EINVAL, "not a valid address: %s",
		                    md_mail_addr_valid(from) ? "recipient" : "sender");
	}
	snprintf(env_from, sizeof(env_from), "<%s>", from);
	snprintf(env_to, sizeof(env_to), "<%s>", to);
	if (!(rcpt = curl_slist_append(NULL, env_to)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	rc = attempt(s, env_from, rcpt, msg, len, &fail, &code);
	if (fail == MD_SMTP_LOST)
		rc = attempt(s, env_from, rcpt, msg, len, &fail, &code);
	curl_slist_free_all(rcpt);
	if (why)
		*why = fail;
	if (rc == CURLE_OK)
		return MD_OK;
	/* the server's own failures are not the recipient's: leave the address out */
	if (fail == MD_SMTP_UNREACHABLE || fail == MD_SMTP_TLS || fail == MD_SMTP_AUTH)
		return md_error_set(err, MD_ENET, "%s: %s (%s%s%.0ld)", s->url, fail_words(fail),
		                    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc),
		                    code ? ", last reply " : "", code);
	return md_error_set(err, MD_ENET, "%s: to %s: %s (%s%s%.0ld)", s->url, to, fail_words(fail),
	                    s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc),
	                    code ? ", last reply " : "", code);
}
