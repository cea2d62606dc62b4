/*
 * notify.h - reminder emails: who is told about what, how many days before
 * each due date, and a record of every reminder the server accepted so
 * that each is delivered once.
 *
 * A reminder is one occurrence of an obligation x one recipient x one lead
 * (days before the occurrence's date: its submission deadline when it has
 * one, else its first day).  The date counts in the reminder, so an
 * occurrence whose date moves is reminded of again.  On a day T the
 * reminder due for an occurrence dated D is the one with the smallest lead
 * L such that D - L <= T; it is sent when it has not been already, and is
 * late when D - L < T (the job did not run that day).  Larger leads that
 * were missed are not sent: the nearer reminder says more.  Nothing is sent
 * once D has passed, nor for a done or dismissed obligation.
 *
 * The recipients file (md_notify_conf_load) is "directive value" lines,
 * '#' comments; server directives first, then one block per recipient:
 *
 *   smtp         smtp://mail.example.org:587     (or smtps://...:465)
 *   from         mandate@example.org
 *   from-name    Mandate reminders
 *   credentials  /etc/mandate/smtp.secret        ("user NAME" and "password PW"
 *                                                 lines; refused when group or
 *                                                 others may read or write it)
 *   helo         mandate.example.org
 *   link         https://undocs.org/%s           (%s: the document symbol)
 *
 *   recipient    reports@example.org
 *   name         Reports Unit
 *   body         HRC                             (filters: each may repeat; an
 *   actor        High Commissioner                item must match one value of
 *   kind         report                           every filter given; actor is a
 *   symbol       A/HRC/RES/51/34                  substring, symbol exact or a
 *   leads        30 14 7 1                        prefix ending in '*')
 *   digest       yes                             (one message per run, not per item)
 *
 * The library never reads the clock: today and now are arguments.
 */
#ifndef MANDATE_NOTIFY_H
#define MANDATE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mandate/date.h"
#include "mandate/err.h"
#include "mandate/mail.h"

struct md_store;

#define MD_NOTIFY_LEADS_MAX 16
/* The leads of a recipient that names none: days before the due date. */
#define MD_NOTIFY_DEFAULT_LEADS                                                                    \
	{                                                                                          \
		30, 14, 7, 1                                                                       \
	}
/* A lead is at most this many days. */
#define MD_NOTIFY_LEAD_LIMIT 366

struct md_recipient {
	char *addr, *name;
	char **bodies, **actors, **symbols;
	size_t n_bodies, n_actors, n_symbols;
	unsigned kinds;                 /* bit (1 << enum md_kind); 0: any kind */
	int leads[MD_NOTIFY_LEADS_MAX]; /* largest first, no repeats */
	size_t n_leads;
	bool digest;
	int line; /* where its block starts in the file */
};

struct md_notify_conf {
	char *path;
	char *smtp, *from, *from_name, *credentials, *helo, *link;
	char *user, *password; /* from the credentials file, or NULL */
	struct md_recipient *recipients;
	size_t n_recipients;
};

/*
 * Reads the recipients file at path (format above) and, when it names
 * one, the credentials file.  Errors, each with "path:line: message":
 * MD_ECONFIG (an unknown directive, a bad value, a missing smtp, from or
 * recipient, a credentials file others may read), MD_EIO, MD_ENOMEM.  On
 * MD_OK *out is new; free it with md_notify_conf_free.
 */
enum md_err md_notify_conf_load(const char *path, struct md_notify_conf **out,
                                struct md_error *err);
void md_notify_conf_free(struct md_notify_conf *c);

struct md_config;

/*
 * The same from mandated.conf (config.h): smtp, smtp_from, smtp_from_name,
 * smtp_credentials, smtp_helo and reminder_link for the server, and one
 * recipient per "reminder ADDRESS [name=TEXT] [body=B] [actor=TEXT]
 * [kind=K] [symbol=S] [leads=30,14,7,1] [digest=yes]" line (quote a value
 * with blanks: "name=Reports Unit") and per "reminder_to ADDRESS" (every
 * item, the default leads).  Errors as md_notify_conf_load, naming
 * cfg->file.
 */
enum md_err md_notify_conf_from_config(const struct md_config *cfg, struct md_notify_conf **out,
                                       struct md_error *err);

/*
 * Parses the values of one "reminder" line (v[0] the address, then
 * key=value words) into *r (may be NULL: only checks; else free its
 * strings as md_notify_conf_free does).  MD_ECONFIG with a message
 * without file or line (config.c adds them), MD_ENOMEM.
 */
enum md_err md_notify_reminder_parse(char *const *v, size_t nv, struct md_recipient *r,
                                     struct md_error *err);

/* Writes the directives with their help, one per line, for a man page or --help. */
void md_notify_conf_help(void (*line)(const char *text, void *arg), void *arg);

/* ---- a run ---- */

struct md_notify_opts {
	struct md_date today;
	time_t now;          /* for the Date header and the record of sending */
	bool dry_run;        /* compose, do not send, record nothing */
	const char *ca_file; /* for smtps:// and STARTTLS; NULL: the system's */
};

enum md_notify_what { MD_NOTIFY_SENT, MD_NOTIFY_FAILED, MD_NOTIFY_DRY_RUN };

/* What happened to one message, told to the caller as it happens. */
struct md_notify_event {
	enum md_notify_what what;
	const char *to;
	const char *subject;    /* as written before encoding */
	const char *message_id; /* without angle brackets */
	size_t n_reminders;
	size_t n_late;
	const char *message; /* the whole message (CRLF lines) */
	size_t len;
	const struct md_error *err; /* MD_NOTIFY_FAILED: why */
};

typedef void (*md_notify_cb)(const struct md_notify_event *ev, void *arg);

struct md_notify_result {
	size_t messages, sent, failed;
	size_t reminders_sent, late;
};

/*
 * Sends every reminder due on opts->today (see the top of this file) to
 * the recipients of conf, one message per reminder or one digest per
 * recipient, and records each as sent once the server accepted it.  cb
 * (may be NULL) hears of every message.  A failed message does not stop
 * the others.  Returns MD_OK when every message went, MD_ENET when one or
 * more failed (err says how many; cb heard each), MD_EDB/MD_EBUSY/MD_ENOMEM
 * when the store failed.  *res (may be NULL) gets the counts.
 */
enum md_err md_notify_run(struct md_store *st, const struct md_notify_conf *conf,
                          const struct md_notify_opts *opts, md_notify_cb cb, void *arg,
                          struct md_notify_result *res, struct md_error *err);

/* ---- the record of reminders (lib/store_notify.c) ---- */

struct md_reminder_key {
	int64_t obligation_id;
	int index; /* the occurrence */
	const char *recipient;
	int lead;
	struct md_date due;
	bool late;
};

/* Sets *sent when the reminder k was recorded as sent.  MD_EDB. */
enum md_err md_store_reminder_sent(struct md_store *st, const struct md_reminder_key *k, bool *sent,
                                   struct md_error *err);

/*
 * Records the n reminders of one accepted message (message_id, sent_at
 * "YYYY-MM-DDTHH:MM:SSZ") in one transaction.  Recording one again is not
 * an error.  MD_EDB, MD_EBUSY.
 */
enum md_err md_store_reminders_record(struct md_store *st, const struct md_reminder_key *k,
                                      size_t n, const char *message_id, const char *sent_at,
                                      struct md_error *err);

/* How many reminders are recorded (all when recipient is NULL).  MD_EDB. */
enum md_err md_store_reminders_count(struct md_store *st, const char *recipient, size_t *n,
                                     struct md_error *err);

/*
 * Waits for and takes the lock of notify runs on this database (a POSIX
 * record lock on "<database>.notify-lock"), so that two runs at once (the
 * timer and a person) never send the same reminder twice: the second finds
 * the first's record.  *fd is the lock; release it with
 * md_store_notify_unlock.  MD_EIO, MD_ENOMEM.
 */
enum md_err md_store_notify_lock(struct md_store *st, int *fd, struct md_error *err);
void md_store_notify_unlock(int fd);

/*
 * The text of operative paragraph `number` of the document symbol: a new
 * string in *text (free()), NULL when there is none.  MD_EDB, MD_ENOMEM.
 */
enum md_err md_store_paragraph_text(struct md_store *st, const char *symbol, int number,
                                    char **text, struct md_error *err);

/*
 * What an obligation is in its document, as iCalendar UIDs name it
 * (md_ical_uid): the kind as extracted, the ordinal of (paragraph, kind),
 * and whether a person added it.  MD_ENOENT, MD_EDB.
 */
enum md_err md_store_obligation_identity(struct md_store *st, int64_t id, char *kind,
                                         size_t kind_size, int *ordinal, bool *added,
                                         struct md_error *err);

#endif
