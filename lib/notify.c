/*
 * notify.c - a run of reminders: which are due today, what each message
 * says, and sending them so that each reminder is delivered once.
 *
 * Policy, as coded here (the rule for which reminder is due is at the top
 * of notify.h):
 * - The day a reminder counts to is the occurrence's submission deadline
 *   when it has one, else its first day: the day staff work to.
 * - A message is recorded as sent only after the server accepted it (one
 *   transaction for a digest's reminders), so a crash or a lost connection
 *   means a resend of what was not accepted, never a silent loss.  The
 *   Message-ID is fixed per reminder (per set of reminders for a digest),
 *   so a resend after a crash between acceptance and record is
 *   recognisable.
 * - One failed message never stops the others.  When the server itself is
 *   the problem (unreachable, TLS, authentication refused), the remaining
 *   messages are reported failed for the same reason without trying again.
 * - Text from documents goes into the message only through md_mail_compose,
 *   which neutralises it.
 */
#include "mandate/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mandate/ical.h"
#include "mandate/record.h"
#include "mandate/store.h"

/* One reminder of the plan. */
struct plan {
	const struct md_item *it;
	const struct md_recipient *r;
	int lead, days; /* days: from today to the due day */
	struct md_date due;
	bool late;
};

struct run {
	struct md_store *st;
	const struct md_notify_conf *c;
	const struct md_notify_opts *o;
	md_notify_cb cb;
	void *arg;
	struct md_smtp *smtp;
	struct md_notify_result res;
	struct md_error server_err; /* set once the server itself failed */
	bool server_down;
	char now[24]; /* "YYYY-MM-DDTHH:MM:SSZ" */
};

static const char *const kind_nouns[MD_KIND_MAX] = {
    "report", "oral update", "meeting", "webcast", "support", "mandate", "agenda item", "other",
};

static const char *const weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};

/* The day staff work to: the submission deadline, else the first day. */
static struct md_date work_day(const struct md_item *it)
{
	return md_date_is_none(it->deadline) ? it->start : it->deadline;
}

/* ---- who hears of what ---- */

static bool any_equal(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s && !strcmp(v[i], s))
			return true;
	return false;
}

static bool symbol_match(char *const *v, size_t n, const char *sym)
{
	for (size_t i = 0; i < n && sym; i++) {
		size_t len = strlen(v[i]);

		if (len && v[i][len - 1] == '*' ? !strncmp(v[i], sym, len - 1) : !strcmp(v[i], sym))
			return true;
	}
	return false;
}

/* True when needle occurs in hay, ASCII letters in any case. */
static bool has_text(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return n == 0;
}

static bool actor_match(char *const *v, size_t n, const char *actor)
{
	for (size_t i = 0; i < n && actor; i++)
		if (has_text(actor, v[i]))
			return true;
	return false;
}

static bool wants(const struct md_recipient *r, const struct md_item *it)
{
	if (r->n_bodies && !any_equal(r->bodies, r->n_bodies, it->body) &&
	    !(it->due.body[0] && any_equal(r->bodies, r->n_bodies, it->due.body)))
		return false;
	if (r->n_actors && !actor_match(r->actors, r->n_actors, it->actor))
		return false;
	if (r->kinds && !(r->kinds & (1u << it->kind)))
		return false;
	return !r->n_symbols || symbol_match(r->symbols, r->n_symbols, it->symbol);
}

/* The lead due `days` before the date: the smallest lead >= days; -1 when none. */
static int current_lead(const struct md_recipient *r, long days)
{
	int lead = -1;

	for (size_t i = 0; i < r->n_leads; i++)
		if (r->leads[i] >= days)
			lead = r->leads[i];
	return lead;
}

static int max_lead(const struct md_notify_conf *c)
{
	int m = 0;

	for (size_t i = 0; i < c->n_recipients; i++)
		if (c->recipients[i].n_leads && c->recipients[i].leads[0] > m)
			m = c->recipients[i].leads[0];
	return m;
}

static void key_of(const struct plan *p, struct md_reminder_key *k)
{
	k->obligation_id = p->it->id;
	k->index = p->it->index;
	k->recipient = p->r->addr;
	k->lead = p->lead;
	k->due = p->due;
	k->late = p->late;
}

/* Appends the reminder of it for r when one is due and not yet sent. */
static enum md_err plan_one(struct run *run, const struct md_item *it, const struct md_recipient *r,
                            struct plan **v, size_t *n, struct md_error *err)
{
	struct md_date due = work_day(it);
	long days = md_date_to_days(due) - md_date_to_days(run->o->today);
	int lead = current_lead(r, days);
	struct md_reminder_key k;
	struct plan p = {it, r, lead, (int)days, due, lead > days};
	struct plan *grown;
	bool sent;
	enum md_err rc;

	if (days < 0 || lead < 0 || !wants(r, it))
		return MD_OK;
	key_of(&p, &k);
	if ((rc = md_store_reminder_sent(run->st, &k, &sent, err)) != MD_OK || sent)
		return rc;
	if (!(grown = realloc(*v, (*n + 1) * sizeof(**v))))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	*v = grown;
	(*v)[(*n)++] = p;
	return MD_OK;
}

/* ---- what a message says ---- */

static void when_words(int days, char *buf, size_t size)
{
	if (days == 0)
		snprintf(buf, size, "today");
	else if (days == 1)
		snprintf(buf, size, "tomorrow");
	else
		snprintf(buf, size, "in %d days", days);
}

/* The document's link: conf->link with the symbol percent-encoded for %s. */
static void link_of(const char *tmpl, const char *symbol, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[256];
	size_t k = 0;
	const char *pc = strstr(tmpl, "%s");

	for (const unsigned char *p = (const unsigned char *)(symbol ? symbol : "");
	     *p && k + 4 < sizeof(enc); p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p)) {
			enc[k++] = (char)*p;
		} else {
			enc[k++] = '%';
			enc[k++] = hex[*p >> 4];
			enc[k++] = hex[*p & 15];
		}
	}
	enc[k] = '\0';
	if (pc)
		snprintf(buf, size, "%.*s%s%s", (int)(pc - tmpl), tmpl, enc, pc + 2);
	else
		snprintf(buf, size, "%s", tmpl);
}

static void write_item(struct run *run, FILE *f, const struct plan *p)
{
	const struct md_item *it = p->it;
	char d[16], s[16], e[16], when[32], url[512], due[96];
	char *text = NULL;
	struct md_error ignored;

	md_date_format(p->due, d, sizeof(d));
	md_date_format(it->start, s, sizeof(s));
	md_date_format(it->end, e, sizeof(e));
	when_words(p->days, when, sizeof(when));
	link_of(run->c->link, it->symbol, url, sizeof(url));
	md_due_describe(&it->due, &it->recurrence, due, sizeof(due));
	fprintf(f, "%s\n", it->summary);
	fprintf(f, "  Due:          %s, %s (%s)%s\n", weekdays[md_date_weekday(p->due)], d, when,
	        md_date_is_none(it->deadline) ? "" : ", the submission deadline");
	if (!md_date_is_none(it->deadline) || md_date_cmp(it->start, it->end))
		fprintf(f, "  Dates:        %s to %s%s\n", s, e,
		        it->estimated ? " (estimated)" : "");
	else if (it->estimated)
		fprintf(f, "  Dates:        %s (estimated)\n", s);
	fprintf(f, "  Who must act: %s\n", it->actor && *it->actor ? it->actor : "(not named)");
	fprintf(f, "  What:         %s %s\n", kind_nouns[it->kind], due);
	fprintf(f, "  Document:     %s, operative paragraph %d\n", it->symbol, it->paragraph);
	fprintf(f, "  Link:         %s\n", url);
	if (p->late) {
		md_date_format(md_date_add_days(p->due, -p->lead), s, sizeof(s));
		fprintf(f, "  Late:         this %d-day reminder was due on %s%s\n", p->lead, s,
		        " (the reminder job did not run that day)");
	}
	fprintf(f,
	        "  Obligation:   %lld, occurrence %d; %d-day reminder ('mandatectl done %lld'"
	        " stops it)\n",
	        (long long)it->id, it->index, p->lead, (long long)it->id);
	if (md_store_paragraph_text(run->st, it->symbol, it->paragraph, &text, &ignored) == MD_OK &&
	    text)
		fprintf(f, "\n  Paragraph %d:\n  %s\n", it->paragraph, text);
	free(text);
}

static char *body_text(struct run *run, const struct plan *v, size_t n, const char *mid)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	if (n > 1)
		fprintf(f, "%zu obligations are due soon:\n\n", n);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fprintf(f, "\n----------------------------------------\n\n");
		write_item(run, f, &v[i]);
	}
	fprintf(f,
	        "\n-- \nSent by mandate to %s, message %s.\n"
	        "An obligation marked done or dismissed gets no more reminders.\n",
	        v[0].r->addr, mid);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void subject(const struct plan *v, size_t n, char *buf, size_t size)
{
	char d[16], when[32];
	size_t late = 0;

	for (size_t i = 0; i < n; i++)
		late += v[i].late;
	md_date_format(v[0].due, d, sizeof(d));
	when_words(v[0].days, when, sizeof(when));
	if (n == 1)
		snprintf(buf, size, "%sDue %s (%s): %s — %s", late ? "[late] " : "", when, d,
		         v[0].it->summary, v[0].it->symbol);
	else
		snprintf(buf, size, "%s%zu obligations due soon, the first %s (%s)",
		         late ? "[late] " : "", n, when, d);
}

/* ---- the attachment ---- */

static char *event_summary(const struct md_item *it, bool submission)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s%s (%s op. %d)", submission ? "Submission deadline: " : "",
	         it->summary, it->symbol, it->paragraph);
	return strdup(buf);
}

static enum md_err make_event(struct run *run, const struct md_item *it, bool submission,
                              struct md_ical_event *ev, struct md_error *err)
{
	char kind[32], uid[256], url[512];
	int ordinal = 0;
	bool added = false;
	enum md_err rc;

	memset(ev, 0, sizeof(*ev));
	rc = md_store_obligation_identity(run->st, it->id, kind, sizeof(kind), &ordinal, &added,
	                                  err);
	if (rc != MD_OK)
		return rc;
	if (!md_ical_uid(it->symbol, it->paragraph, kind, ordinal, added, it->index,
	                 submission ? "submission" : NULL, uid, sizeof(uid)))
		snprintf(uid, sizeof(uid), "obligation-%lld.%d@mandate", (long long)it->id,
		         it->index);
	link_of(run->c->link, it->symbol, url, sizeof(url));
	ev->uid = strdup(uid);
	ev->summary = event_summary(it, submission);
	ev->description = strdup(it->summary);
	ev->url = strdup(url);
	ev->categories[0] = strdup(kind_nouns[it->kind]);
	ev->start = submission ? it->deadline : it->start;
	ev->end = submission ? it->deadline : it->end;
	ev->status = it->estimated ? MD_ICAL_TENTATIVE : MD_ICAL_CONFIRMED;
	if (!ev->uid || !ev->summary || !ev->description || !ev->url || !ev->categories[0])
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return MD_OK;
}

/* The events of the reminders' occurrences (a report's deadline its own event). */
static enum md_err attachment(struct run *run, const struct plan *v, size_t n, char **ics,
                              struct md_error *err)
{
	struct md_ical_event *ev = calloc(2 * n, sizeof(*ev));
	struct md_ical_opts o = {.name = "mandate reminders", .now = run->now, .no_alarms = true};
	size_t k = 0;
	enum md_err rc = ev ? MD_OK : md_error_set(err, MD_ENOMEM, "out of memory");

	*ics = NULL;
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		rc = make_event(run, v[i].it, false, &ev[k++], err);
		if (rc == MD_OK && !md_date_is_none(v[i].it->deadline))
			rc = make_event(run, v[i].it, true, &ev[k++], err);
	}
	if (rc == MD_OK)
		rc = md_ical_render(ev, k, &o, ics, err);
	md_ical_events_free(ev, k);
	return rc;
}

/* ---- sending ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h * 0x100000001b3ULL;
}

/* reminder.<obligation>.<occurrence>.<lead>d.<date>.<recipient hash>@<domain of from> */
static void message_id(const struct run *run, const struct plan *v, size_t n, char *buf,
                       size_t size)
{
	const char *domain = strchr(run->c->from, '@') + 1;
	uint64_t h = fnv(0xcbf29ce484222325ULL, v[0].r->addr);
	char d[16], key[128];

	md_date_format(v[0].due, d, sizeof(d));
	if (n == 1 && !v[0].r->digest) {
		snprintf(buf, size, "reminder.%lld.%d.%dd.%s.%08llx@%s", (long long)v[0].it->id,
		         v[0].it->index, v[0].lead, d, (unsigned long long)(h & 0xffffffffu),
		         domain);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		md_date_format(v[i].due, d, sizeof(d));
		snprintf(key, sizeof(key), "%lld.%d.%d.%s;", (long long)v[i].it->id, v[i].it->index,
		         v[i].lead, d);
		h = fnv(h, key);
	}
	snprintf(buf, size, "digest.%zu.%016llx@%s", n, (unsigned long long)h, domain);
}

static void tell(struct run *run, enum md_notify_what what, const struct plan *v, size_t n,
                 const char *subj, const char *mid, const char *msg, size_t len,
                 const struct md_error *err)
{
	struct md_notify_event ev = {what, v[0].r->addr, subj, mid, n, 0, msg, len, err};

	for (size_t i = 0; i < n; i++)
		ev.n_late += v[i].late;
	if (run->cb)
		run->cb(&ev, run->arg);
}

static bool server_failure(enum md_smtp_fail f)
{
	return f == MD_SMTP_UNREACHABLE || f == MD_SMTP_TLS || f == MD_SMTP_AUTH ||
	       f == MD_SMTP_SENDER;
}

/* Sends msg unless the server already failed; records the reminders when accepted. */
static enum md_err deliver(struct run *run, const struct plan *v, size_t n, const char *mid,
                           const char *msg, size_t len, struct md_error *fail)
{
	struct md_reminder_key keys[64], *k = n <= 64 ? keys : calloc(n, sizeof(*k));
	enum md_smtp_fail why = MD_SMTP_OK;
	enum md_err rc;

	if (!k)
		return md_error_set(fail, MD_ENOMEM, "out of memory");
	if (run->server_down) {
		rc = md_error_set(fail, MD_ENET, "not tried, the server failed before: %s",
		                  run->server_err.msg);
	} else {
		rc = md_smtp_send(run->smtp, run->c->from, v[0].r->addr, msg, len, &why, fail);
		if (rc != MD_OK && server_failure(why)) {
			run->server_down = true;
			run->server_err = *fail;
		}
	}
	for (size_t i = 0; rc == MD_OK && i < n; i++)
		key_of(&v[i], &k[i]);
	if (rc == MD_OK)
		rc = md_store_reminders_record(run->st, k, n, mid, run->now, fail);
	if (k != keys)
		free(k);
	return rc;
}

/* Composes, sends and records one message of n reminders for one recipient. */
static enum md_err one_message(struct run *run, const struct plan *v, size_t n,
                               struct md_error *err)
{
	const struct md_notify_conf *c = run->c;
	char mid[256], subj[400], *text = NULL, *ics = NULL, *msg = NULL;
	size_t len = 0;
	struct md_error fail;
	struct md_mail m = {0};
	enum md_err rc;

	md_error_clear(&fail);
	message_id(run, v, n, mid, sizeof(mid));
	subject(v, n, subj, sizeof(subj));
	if (!(text = body_text(run, v, n, mid)))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	rc = attachment(run, v, n, &ics, err);
	if (rc == MD_EINVAL || rc == MD_EFORMAT) /* dates libical refuses: the text alone */
		rc = MD_OK;
	m = (struct md_mail){c->from,          c->from_name, v[0].r->addr, v[0].r->name, subj,
	                     run->o->now,      mid,          text,         ics,          NULL,
	                     "X-Mandate-Late", NULL};
	for (size_t i = 0; i < n; i++)
		if (v[i].late)
			m.extra_value = "yes";
	if (rc == MD_OK)
		rc = md_mail_compose(&m, &msg, &len, err);
	free(text);
	free(ics);
	if (rc == MD_ENOMEM || rc == MD_EDB || rc == MD_EBUSY)
		return rc;
	run->res.messages++;
	if (rc != MD_OK) { /* this message cannot be written; the others still go */
		run->res.failed++;
		tell(run, MD_NOTIFY_FAILED, v, n, subj, mid, NULL, 0, err);
		return MD_OK;
	}
	if (run->o->dry_run) {
		tell(run, MD_NOTIFY_DRY_RUN, v, n, subj, mid, msg, len, NULL);
	} else if ((rc = deliver(run, v, n, mid, msg, len, &fail)) == MD_OK) {
		run->res.sent++;
		run->res.reminders_sent += n;
		for (size_t i = 0; i < n; i++)
			run->res.late += v[i].late;
		tell(run, MD_NOTIFY_SENT, v, n, subj, mid, msg, len, NULL);
	} else {
		run->res.failed++;
		tell(run, MD_NOTIFY_FAILED, v, n, subj, mid, msg, len, &fail);
		/* a store failure ends the run; a delivery failure only this message */
		rc = rc == MD_ENET || rc == MD_EINVAL ? MD_OK
		                                      : md_error_set(err, rc, "%s", fail.msg);
	}
	free(msg);
	return rc;
}

/* The messages of recipient r: a digest, or one per reminder. */
static enum md_err send_for(struct run *run, const struct md_recipient *r, const struct plan *v,
                            size_t n, struct md_error *err)
{
	struct plan *mine = calloc(n ? n : 1, sizeof(*mine));
	size_t k = 0;
	enum md_err rc = MD_OK;

	if (!mine)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (v[i].r == r)
			mine[k++] = v[i];
	if (k && r->digest)
		rc = one_message(run, mine, k, err);
	for (size_t i = 0; !r->digest && rc == MD_OK && i < k; i++)
		rc = one_message(run, &mine[i], 1, err);
	free(mine);
	return rc;
}

static enum md_err plan_all(struct run *run, const struct md_item *items, size_t n_items,
                            struct plan **v, size_t *n, struct md_error *err)
{
	enum md_err rc = MD_OK;

	*v = NULL;
	*n = 0;
	for (size_t r = 0; rc == MD_OK && r < run->c->n_recipients; r++)
		for (size_t i = 0; rc == MD_OK && i < n_items; i++)
			rc = plan_one(run, &items[i], &run->c->recipients[r], v, n, err);
	return rc;
}

static enum md_err run_plan(struct run *run, const struct plan *v, size_t n, struct md_error *err)
{
	struct md_smtp_opts so = {run->c->smtp,   run->c->user, run->c->password, run->c->helo, 0,
	                          run->o->ca_file};
	enum md_err rc = MD_OK;

	if (!run->o->dry_run && n && (rc = md_smtp_open(&so, &run->smtp, err)) != MD_OK)
		return rc;
	for (size_t r = 0; rc == MD_OK && r < run->c->n_recipients; r++)
		rc = send_for(run, &run->c->recipients[r], v, n, err);
	md_smtp_close(run->smtp);
	run->smtp = NULL;
	return rc;
}

enum md_err md_notify_run(struct md_store *st, const struct md_notify_conf *conf,
                          const struct md_notify_opts *opts, md_notify_cb cb, void *arg,
                          struct md_notify_result *res, struct md_error *err)
{
	struct run run = {st, conf, opts, cb, arg, NULL, {0}, {0}, false, ""};
	struct md_query q = {.kind = -1, .status = MD_STATUS_OPEN, .dated_only = true};
	struct md_item *items = NULL;
	struct plan *v = NULL;
	size_t n_items = 0, n = 0;
	struct tm tm;
	int lock = -1;
	enum md_err rc;

	if (!md_date_valid(opts->today))
		return md_error_set(err, MD_EINVAL, "no valid today");
	gmtime_r(&opts->now, &tm);
	strftime(run.now, sizeof(run.now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	q.from = opts->today;
	q.to = md_date_add_days(opts->today, max_lead(conf));
	/* one run at a time, and the plan made only once the lock is held */
	rc = opts->dry_run ? MD_OK : md_store_notify_lock(st, &lock, err);
	if (rc == MD_OK)
		rc = md_store_upcoming(st, &q, &items, &n_items, err);
	if (rc == MD_OK)
		rc = plan_all(&run, items, n_items, &v, &n, err);
	if (rc == MD_OK)
		rc = run_plan(&run, v, n, err);
	if (rc == MD_OK && run.res.failed)
		rc = md_error_set(err, MD_ENET, "%zu of %zu messages were not delivered",
		                  run.res.failed, run.res.messages);
	md_store_notify_unlock(lock);
	free(v);
	md_items_free(items, n_items);
	if (res)
		*res = run.res;
	return rc;
}
