/*
 * notify_conf.c - the recipients file of `mandatectl notify` and the SMTP
 * credentials file it names.
 *
 * One table of directives drives parsing, the checks and the help text.
 * Lines are "directive value"; '#' starts a comment line; blank lines are
 * skipped.  Server directives come before the first "recipient"; the ones
 * after it belong to that recipient's block.  Every error names the file
 * and line ("notify.conf:7: leads: '0x' is not a number of days").
 *
 * The credentials file holds "user NAME" and "password SECRET" lines.  It
 * is refused unless it is a regular file that neither group nor others may
 * read or write: a password readable by others is a password given away.
 */
#include "mandate/notify.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mandate/config.h"
#include "mandate/record.h"

#define LINE_MAX_LEN 4096

enum scope { SERVER, RECIPIENT };

struct parse {
	struct md_notify_conf *c;
	struct md_recipient *r; /* the block being read, or NULL */
	const char *path;
	int line;
	struct md_error *err;
	bool bare; /* messages without "path:line: " (a line of mandated.conf) */
};

typedef enum md_err (*setter)(struct parse *p, const char *value);

struct directive {
	const char *name;
	enum scope scope;
	setter set;
	const char *help;
};

static enum md_err bad(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets "path:line: message" (MD_ECONFIG). */
static enum md_err bad(struct parse *p, const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (p->bare)
		return md_error_set(p->err, MD_ECONFIG, "%s", what);
	return md_error_set(p->err, MD_ECONFIG, "%s:%d: %s", p->path, p->line, what);
}

static enum md_err set_str(struct parse *p, char **slot, const char *name, const char *value)
{
	if (*slot)
		return bad(p, "%s given twice%s", name, "");
	if (!(*slot = strdup(value)))
		return md_error_set(p->err, MD_ENOMEM, "out of memory");
	return MD_OK;
}

static enum md_err add_str(struct parse *p, char ***v, size_t *n, const char *value)
{
	char **grown = realloc(*v, (*n + 1) * sizeof(**v));

	if (!grown)
		return md_error_set(p->err, MD_ENOMEM, "out of memory");
	*v = grown;
	if (!((*v)[*n] = strdup(value)))
		return md_error_set(p->err, MD_ENOMEM, "out of memory");
	(*n)++;
	return MD_OK;
}

static enum md_err set_smtp(struct parse *p, const char *v)
{
	if (strncmp(v, "smtp://", 7) && strncmp(v, "smtps://", 8))
		return bad(p, "%s: '%s' is not an smtp:// or smtps:// URL", "smtp", v);
	return set_str(p, &p->c->smtp, "smtp", v);
}

static enum md_err set_from(struct parse *p, const char *v)
{
	if (!md_mail_addr_valid(v))
		return bad(p, "%s: '%s' is not an address (local@domain)", "from", v);
	return set_str(p, &p->c->from, "from", v);
}

static enum md_err set_from_name(struct parse *p, const char *v)
{
	return set_str(p, &p->c->from_name, "from-name", v);
}

static enum md_err set_credentials(struct parse *p, const char *v)
{
	return set_str(p, &p->c->credentials, "credentials", v);
}

static enum md_err set_helo(struct parse *p, const char *v)
{
	for (const char *s = v; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.')
			return bad(p, "%s: '%s' is not a host name", "helo", v);
	return set_str(p, &p->c->helo, "helo", v);
}

static enum md_err set_link(struct parse *p, const char *v)
{
	const char *pc = strchr(v, '%');

	if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7))
		return bad(p, "%s: '%s' is not an http(s) URL", "link", v);
	if (pc && (pc[1] != 's' || strchr(pc + 1, '%')))
		return bad(p, "%s: '%s' may hold one %%s (the symbol) and no other %%", "link", v);
	return set_str(p, &p->c->link, "link", v);
}

static enum md_err set_recipient(struct parse *p, const char *v)
{
	struct md_recipient *grown;
	static const int leads[] = MD_NOTIFY_DEFAULT_LEADS;

	if (!md_mail_addr_valid(v))
		return bad(p, "%s: '%s' is not an address (local@domain)", "recipient", v);
	grown = realloc(p->c->recipients, (p->c->n_recipients + 1) * sizeof(*grown));
	if (!grown)
		return md_error_set(p->err, MD_ENOMEM, "out of memory");
	p->c->recipients = grown;
	p->r = &grown[p->c->n_recipients++];
	memset(p->r, 0, sizeof(*p->r));
	p->r->line = p->line;
	memcpy(p->r->leads, leads, sizeof(leads));
	p->r->n_leads = sizeof(leads) / sizeof(leads[0]);
	if (!(p->r->addr = strdup(v)))
		return md_error_set(p->err, MD_ENOMEM, "out of memory");
	return MD_OK;
}

static enum md_err set_name(struct parse *p, const char *v)
{
	return set_str(p, &p->r->name, "name", v);
}

static enum md_err set_body(struct parse *p, const char *v)
{
	return add_str(p, &p->r->bodies, &p->r->n_bodies, v);
}

static enum md_err set_actor(struct parse *p, const char *v)
{
	return add_str(p, &p->r->actors, &p->r->n_actors, v);
}

static enum md_err set_symbol(struct parse *p, const char *v)
{
	return add_str(p, &p->r->symbols, &p->r->n_symbols, v);
}

static enum md_err set_kind(struct parse *p, const char *v)
{
	int k = md_kind_parse(v);

	if (k < 0)
		return bad(p, "%s: '%s' is not a kind (report, oral_update, meeting, ...)", "kind",
		           v);
	p->r->kinds |= 1u << k;
	return MD_OK;
}

/* "30 14 7 1": days, each 0..MD_NOTIFY_LEAD_LIMIT, kept largest first without repeats. */
static enum md_err set_leads(struct parse *p, const char *v)
{
	int got[MD_NOTIFY_LEADS_MAX];
	size_t n = 0;
	const char *s = v;
	char *end;

	while (*s) {
		long d = strtol(s, &end, 10);

		if (end == s || (*end && !isspace((unsigned char)*end) && *end != ',') || d < 0 ||
		    d > MD_NOTIFY_LEAD_LIMIT)
			return bad(p, "%s: '%s' is not a list of days (0 to 366)", "leads", v);
		if (n == MD_NOTIFY_LEADS_MAX)
			return bad(p, "%s: '%s' has too many leads (16 at most)", "leads", v);
		got[n++] = (int)d;
		for (s = end; *s == ',' || isspace((unsigned char)*s); s++)
			;
	}
	if (n == 0)
		return bad(p, "%s: '%s' names no day", "leads", v);
	p->r->n_leads = 0;
	for (int day = MD_NOTIFY_LEAD_LIMIT; day >= 0; day--)
		for (size_t i = 0; i < n; i++)
			if (got[i] == day) {
				p->r->leads[p->r->n_leads++] = day;
				break;
			}
	return MD_OK;
}

static enum md_err set_digest(struct parse *p, const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on"))
		p->r->digest = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off"))
		p->r->digest = false;
	else
		return bad(p, "%s: '%s' is not yes or no", "digest", v);
	return MD_OK;
}

static const struct directive directives[] = {
    {"smtp", SERVER, set_smtp, "the server: smtp://HOST[:PORT] (STARTTLS) or smtps://HOST[:PORT]"},
    {"from", SERVER, set_from, "the sender address"},
    {"from-name", SERVER, set_from_name, "the sender's display name"},
    {"credentials", SERVER, set_credentials,
     "a file of 'user NAME' and 'password PW' lines, mode 0600 or 0400"},
    {"helo", SERVER, set_helo, "the name given in EHLO (default: localhost)"},
    {"link", SERVER, set_link, "a document's link, %s the symbol (default: https://undocs.org/%s)"},
    {"recipient", RECIPIENT, set_recipient, "starts a recipient's block: their address"},
    {"name", RECIPIENT, set_name, "the recipient's display name"},
    {"body", RECIPIENT, set_body, "only items of this organ (HRC, GA, ...); may repeat"},
    {"actor", RECIPIENT, set_actor, "only items whose actor holds this text; may repeat"},
    {"kind", RECIPIENT, set_kind, "only items of this kind (report, meeting, ...); may repeat"},
    {"symbol", RECIPIENT, set_symbol, "only this document (or prefix ending in *); may repeat"},
    {"leads", RECIPIENT, set_leads, "days before each due date (default: 30 14 7 1)"},
    {"digest", RECIPIENT, set_digest, "yes: one message per run listing every item (default: no)"},
};

#define N_DIRECTIVES (sizeof(directives) / sizeof(directives[0]))

void md_notify_conf_help(void (*line)(const char *text, void *arg), void *arg)
{
	char buf[256];

	for (size_t i = 0; i < N_DIRECTIVES; i++) {
		snprintf(buf, sizeof(buf), "%-12s %s", directives[i].name, directives[i].help);
		line(buf, arg);
	}
}

/* Splits a line into directive and value (both trimmed); false for a blank or comment. */
static bool split(char *s, char **name, char **value)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return false;
	*name = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	while (isspace((unsigned char)*s))
		s++;
	*value = s;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	*e = '\0';
	return true;
}

static enum md_err parse_line(struct parse *p, char *s)
{
	char *name, *value;

	if (!split(s, &name, &value))
		return MD_OK;
	for (const unsigned char *c = (const unsigned char *)value; *c; c++)
		if (*c < 0x20 && *c != '\t')
			return bad(p, "%s: a control character in the value%s", name, "");
	for (size_t i = 0; i < N_DIRECTIVES; i++) {
		const struct directive *d = &directives[i];

		if (strcmp(d->name, name))
			continue;
		if (!*value)
			return bad(p, "%s: no value%s", name, "");
		if (d->set == set_recipient)
			return d->set(p, value);
		if (d->scope == SERVER && p->r)
			return bad(p, "%s: a server directive inside the block of a recipient%s",
			           name, "; put it before the first 'recipient'");
		if (d->scope == RECIPIENT && !p->r)
			return bad(
			    p, "%s: belongs to a recipient; start one with 'recipient ADDRESS'%s",
			    name, "");
		return d->set(p, value);
	}
	return bad(p, "'%s' is not a directive%s", name, "");
}

/* Reads "user" and "password" from a file only its owner may read. */
static enum md_err load_credentials(struct md_notify_conf *c, struct md_error *err)
{
	struct parse p = {c, NULL, c->credentials, 0, err, false};
	char line[LINE_MAX_LEN], *name, *value;
	struct stat sb;
	enum md_err rc = MD_OK;
	int fd = open(c->credentials, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return md_error_set(err, MD_ECONFIG, "%s: %s", c->credentials, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
		close(fd);
		return md_error_set(err, MD_ECONFIG,
		                    "%s: refused: the credentials file must be a regular file that "
		                    "neither group nor others may read or write (chmod 600)",
		                    c->credentials);
	}
	if (!(f = fdopen(fd, "r"))) {
		close(fd);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	while (rc == MD_OK && fgets(line, sizeof(line), f)) {
		p.line++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!split(line, &name, &value))
			continue;
		if (!strcmp(name, "user"))
			rc = set_str(&p, &c->user, "user", value);
		else if (!strcmp(name, "password"))
			rc = set_str(&p, &c->password, "password", value);
		else
			rc = bad(&p, "'%s' is not user or password%s", name, "");
	}
	fclose(f);
	memset(line, 0, sizeof(line));
	if (rc == MD_OK && !c->user)
		rc = md_error_set(err, MD_ECONFIG, "%s: no 'user' line", c->credentials);
	return rc;
}

static enum md_err check(struct md_notify_conf *c, struct md_error *err)
{
	if (!c->smtp)
		return md_error_set(err, MD_ECONFIG, "%s: no 'smtp' server", c->path);
	if (!c->from)
		return md_error_set(err, MD_ECONFIG, "%s: no 'from' address", c->path);
	if (!c->n_recipients)
		return md_error_set(err, MD_ECONFIG, "%s: no 'recipient'", c->path);
	if (!c->link && !(c->link = strdup("https://undocs.org/%s")))
		return md_error_set(err, MD_ENOMEM, "out of memory");
	return c->credentials ? load_credentials(c, err) : MD_OK;
}

static enum md_err read_file(FILE *f, struct parse *p)
{
	char line[LINE_MAX_LEN];
	enum md_err rc = MD_OK;
	size_t n;

	while (rc == MD_OK && fgets(line, sizeof(line), f)) {
		p->line++;
		n = strlen(line);
		if (n == sizeof(line) - 1 && line[n - 1] != '\n')
			return bad(p, "a line longer than %d bytes", LINE_MAX_LEN - 1);
		line[strcspn(line, "\r\n")] = '\0';
		rc = parse_line(p, line);
	}
	if (rc == MD_OK && ferror(f))
		rc = md_error_set(p->err, MD_EIO, "%s: %s", p->path, strerror(errno));
	return rc;
}

enum md_err md_notify_conf_load(const char *path, struct md_notify_conf **out, struct md_error *err)
{
	struct md_notify_conf *c = calloc(1, sizeof(*c));
	struct parse p = {c, NULL, path, 0, err, false};
	enum md_err rc;
	FILE *f;

	*out = NULL;
	if (!c || !(c->path = strdup(path))) {
		free(c);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	if (!(f = fopen(path, "r"))) {
		rc = md_error_set(err, MD_ECONFIG, "%s: %s", path, strerror(errno));
		md_notify_conf_free(c);
		return rc;
	}
	rc = read_file(f, &p);
	fclose(f);
	if (rc == MD_OK)
		rc = check(c, err);
	if (rc != MD_OK) {
		md_notify_conf_free(c);
		return rc;
	}
	*out = c;
	return MD_OK;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void recipient_clear(struct md_recipient *r)
{
	free(r->addr);
	free(r->name);
	free_strs(r->bodies, r->n_bodies);
	free_strs(r->actors, r->n_actors);
	free_strs(r->symbols, r->n_symbols);
}

/* Frees what c holds, not c. */
static void conf_clear(struct md_notify_conf *c)
{
	for (size_t i = 0; i < c->n_recipients; i++)
		recipient_clear(&c->recipients[i]);
	free(c->recipients);
	if (c->password)
		memset(c->password, 0, strlen(c->password));
	free(c->password);
	free(c->user);
	free(c->path);
	free(c->smtp);
	free(c->from);
	free(c->from_name);
	free(c->credentials);
	free(c->helo);
	free(c->link);
}

void md_notify_conf_free(struct md_notify_conf *c)
{
	if (!c)
		return;
	conf_clear(c);
	free(c);
}

/* ---- the same from mandated.conf ---- */

/* Applies "key=value" words to p->r with the recipient directives of the table. */
static enum md_err reminder_words(struct parse *p, char *const *v, size_t nv)
{
	enum md_err rc = MD_OK;

	for (size_t i = 0; rc == MD_OK && i < nv; i++) {
		const char *eq = strchr(v[i], '=');
		const struct directive *d = NULL;

		for (size_t k = 0; eq && k < N_DIRECTIVES; k++)
			if (directives[k].scope == RECIPIENT &&
			    directives[k].set != set_recipient &&
			    strlen(directives[k].name) == (size_t)(eq - v[i]) &&
			    !strncmp(directives[k].name, v[i], (size_t)(eq - v[i])))
				d = &directives[k];
		if (!d)
			return bad(p,
			           "'%s' is not name=, body=, actor=, kind=, symbol=, leads= or "
			           "digest=",
			           v[i]);
		if (!eq[1] || strchr(eq + 1, '\t'))
			return bad(p, "'%s' has no value (or a tab in it)", v[i]);
		rc = d->set(p, eq + 1);
	}
	return rc;
}

enum md_err md_notify_reminder_parse(char *const *v, size_t nv, struct md_recipient *r,
                                     struct md_error *err)
{
	struct md_notify_conf tmp = {0};
	struct parse p = {&tmp, NULL, "", 0, err, true};
	enum md_err rc = nv ? set_recipient(&p, v[0]) : bad(&p, "no address%s", "");

	if (rc == MD_OK)
		rc = reminder_words(&p, v + 1, nv - 1);
	if (rc == MD_OK && r) {
		*r = tmp.recipients[0];
		tmp.n_recipients = 0;
	}
	conf_clear(&tmp);
	return rc;
}

/* Splits a stored reminder line (values joined by tabs) and adds its recipient. */
static enum md_err add_reminder(struct md_notify_conf *c, const char *line, struct md_error *err)
{
	char *copy = strdup(line), *v[MD_NOTIFY_LEADS_MAX + 8], *save = NULL;
	size_t nv = 0;
	struct md_recipient r, *grown;
	enum md_err rc;

	if (!copy)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	for (char *w = strtok_r(copy, "\t", &save); w && nv < sizeof(v) / sizeof(v[0]);
	     w = strtok_r(NULL, "\t", &save))
		v[nv++] = w;
	rc = md_notify_reminder_parse(v, nv, &r, err);
	free(copy);
	if (rc != MD_OK)
		return md_error_set(err, rc, "%s: reminder: %s", c->path, err ? err->msg : "");
	if (!(grown = realloc(c->recipients, (c->n_recipients + 1) * sizeof(*grown)))) {
		recipient_clear(&r);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	c->recipients = grown;
	c->recipients[c->n_recipients++] = r;
	return MD_OK;
}

static enum md_err copy_server(struct md_notify_conf *c, const struct md_config *cfg,
                               struct md_error *err)
{
	struct parse p = {c, NULL, c->path, 0, err, true};
	enum md_err rc = MD_OK;

	if (cfg->smtp && *cfg->smtp)
		rc = set_smtp(&p, cfg->smtp);
	if (rc == MD_OK && cfg->smtp_from && *cfg->smtp_from)
		rc = set_from(&p, cfg->smtp_from);
	if (rc == MD_OK && cfg->smtp_from_name && *cfg->smtp_from_name)
		rc = set_from_name(&p, cfg->smtp_from_name);
	if (rc == MD_OK && cfg->smtp_credentials && *cfg->smtp_credentials)
		rc = set_credentials(&p, cfg->smtp_credentials);
	if (rc == MD_OK && cfg->smtp_helo && *cfg->smtp_helo)
		rc = set_helo(&p, cfg->smtp_helo);
	if (rc == MD_OK && cfg->reminder_link && *cfg->reminder_link)
		rc = set_link(&p, cfg->reminder_link);
	if (rc != MD_OK)
		return md_error_set(err, rc, "%s: %s", c->path, err ? err->msg : "");
	return MD_OK;
}

enum md_err md_notify_conf_from_config(const struct md_config *cfg, struct md_notify_conf **out,
                                       struct md_error *err)
{
	struct md_notify_conf *c = calloc(1, sizeof(*c));
	enum md_err rc = MD_OK;

	*out = NULL;
	if (!c || !(c->path = strdup(cfg->file ? cfg->file : "(built-in configuration)"))) {
		free(c);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	rc = copy_server(c, cfg, err);
	for (size_t i = 0; rc == MD_OK && i < cfg->n_reminders; i++)
		rc = add_reminder(c, cfg->reminders[i], err);
	for (size_t i = 0; rc == MD_OK && i < cfg->n_reminder_to; i++) {
		char *v[1] = {cfg->reminder_to[i]};
		char line[MD_MAIL_ADDR_MAX + 1];

		snprintf(line, sizeof(line), "%s", v[0]);
		rc = add_reminder(c, line, err);
	}
	if (rc == MD_OK)
		rc = check(c, err);
	if (rc != MD_OK) {
		md_notify_conf_free(c);
		return rc;
	}
	*out = c;
	return MD_OK;
}
