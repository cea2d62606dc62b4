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

#include "mandate/record.h"

#define LINE_MAX_LEN 4096

enum scope { SERVER, RECIPIENT };

struct parse {
	struct md_notify_conf *c;
	struct md_recipient *r; /* the block being read, or NULL */
	const char *path;
	int line;
	struct md_error *err;
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
	struct parse p = {c, NULL, c->credentials, 0, err};
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
	struct parse p = {c, NULL, path, 0, err};
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

void md_notify_conf_free(struct md_notify_conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_recipients; i++) {
		struct md_recipient *r = &c->recipients[i];

		free(r->addr);
		free(r->name);
		free_strs(r->bodies, r->n_bodies);
		free_strs(r->actors, r->n_actors);
		free_strs(r->symbols, r->n_symbols);
	}
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
	free(c);
}
