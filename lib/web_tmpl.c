/*
 * web_tmpl.c - the template language of the web pages (web.h), and the
 * loading of the templates and static files from the data directory.
 *
 * Why our own: the pages need named slots, repeated blocks, sections shown
 * when a value is set, and includes -- a subset of Mustache small enough to
 * read in one sitting.  The one property that matters is that data can only
 * ever be written escaped: there is no triple-brace form, so a template
 * cannot forget to escape.  The data model is jansson's, which the project
 * already links, so pages build their context with json_pack.
 *
 * The output is bounded (MD_WEB_MAX_PAGE), sections and includes nest at
 * most MAX_DEPTH deep, and every template is checked when it is loaded, so
 * a broken file is found when mandated starts rather than on a request.
 */
#include "web_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mandate/config.h"
#include "strbuf.h"

#define MAX_DEPTH    32
#define MAX_TEMPLATE (1u << 20)

/* ---- output: a strbuf (strbuf.h) ---- */

/* Its max: MD_WEB_MAX_PAGE bounds the page with its NUL, so the text is 1 byte less. */
#define PAGE_MAX (MD_WEB_MAX_PAGE - 1)

/* Writes s[0..n) with & < > " ' as character references. */
static void put_escaped(struct strbuf *o, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *ref = NULL;

		switch (s[i]) {
		case '&':
			ref = "&amp;";
			break;
		case '<':
			ref = "&lt;";
			break;
		case '>':
			ref = "&gt;";
			break;
		case '"':
			ref = "&quot;";
			break;
		case '\'':
			ref = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_put(o, s + run, i - run);
		strbuf_puts(o, ref);
		run = i + 1;
	}
	strbuf_put(o, s + run, n - run);
}

static void put_value(struct strbuf *o, const json_t *v)
{
	char buf[32];
	int n = 0;

	if (json_is_string(v))
		put_escaped(o, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		n = snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		n = snprintf(buf, sizeof(buf), "%g", json_real_value(v));
	if (n > 0)
		strbuf_put(o, buf, (size_t)n);
}

/* ---- tags ---- */

/* The first "{{" or "}}" (pair is '{' or '}') in s[0..n), or NULL. */
static const char *find_pair(const char *s, size_t n, char pair)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == pair && s[i + 1] == pair)
			return s + i;
	return NULL;
}

struct tag {
	char sigil;         /* 0, '#', '^', '/', '>', '!' */
	char name[64];      /* trimmed */
	size_t start, next; /* offset of "{{" and just past "}}" */
};

/*
 * The next tag of t[0..len) at or after *from: 1 found, 0 none, -1 an
 * unclosed or oversized tag (at->start says where).
 */
static int next_tag(const char *t, size_t len, size_t from, struct tag *at)
{
	const char *open, *close, *p;
	size_t n;

	open = from < len ? find_pair(t + from, len - from, '{') : NULL;
	if (!open)
		return 0;
	at->start = (size_t)(open - t);
	close = find_pair(open + 2, len - at->start - 2, '}');
	if (!close)
		return -1;
	p = open + 2;
	at->sigil = strchr("#^/>!", *p) && *p ? *p : 0;
	if (at->sigil)
		p++;
	while (p < close && *p == ' ')
		p++;
	for (n = (size_t)(close - p); n && p[n - 1] == ' '; n--)
		;
	at->next = (size_t)(close - t) + 2;
	if (at->sigil == '!')
		n = 0;
	if (n >= sizeof(at->name))
		return -1;
	memcpy(at->name, p, n);
	at->name[n] = '\0';
	return 1;
}

/*
 * The "{{/name}}" closing the section whose body starts at from: *end gets
 * the offset of its "{{", *next just past it.  -1 when it is not closed.
 */
static int section_end(const char *t, size_t len, size_t from, const char *name, size_t *end,
                       size_t *next)
{
	struct tag g;
	int depth = 1, rc;

	while ((rc = next_tag(t, len, from, &g)) == 1) {
		from = g.next;
		if (strcmp(g.name, name))
			continue;
		if (g.sigil == '#' || g.sigil == '^')
			depth++;
		else if (g.sigil == '/' && --depth == 0) {
			*end = g.start;
			*next = g.next;
			return 0;
		}
	}
	return -1;
}

/* ---- expansion ---- */

struct scope {
	const json_t *v[MAX_DEPTH + 1];
	int n;
};

static const json_t *lookup(const struct scope *sc, const char *name)
{
	if (!strcmp(name, "."))
		return sc->v[sc->n - 1];
	for (int k = sc->n - 1; k >= 0; k--) {
		const json_t *v = json_is_object(sc->v[k]) ? json_object_get(sc->v[k], name) : NULL;

		if (v)
			return v;
	}
	return NULL;
}

static bool truthy(const json_t *v)
{
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_real(v))
		return json_real_value(v) != 0;
	return json_is_object(v) || json_is_true(v);
}

struct expander {
	const struct md_web *w;
	struct scope sc;
	struct strbuf o;
	struct md_error *err;
};

static enum md_err expand(struct expander *x, const char *t, size_t len, int depth);

/* Runs a section body with v in scope (NULL: the scope as it is). */
static enum md_err run_body(struct expander *x, const char *t, size_t len, const json_t *v,
                            int depth)
{
	enum md_err rc;

	if (!v)
		return expand(x, t, len, depth + 1);
	x->sc.v[x->sc.n++] = v;
	rc = expand(x, t, len, depth + 1);
	x->sc.n--;
	return rc;
}

static enum md_err section(struct expander *x, const struct tag *g, const char *body, size_t len,
                           int depth)
{
	const json_t *v = lookup(&x->sc, g->name), *e;
	enum md_err rc = MD_OK;
	size_t i;

	if (g->sigil == '^')
		return truthy(v) ? MD_OK : run_body(x, body, len, NULL, depth);
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if ((rc = run_body(x, body, len, e, depth)) != MD_OK)
				break;
		}
		return rc;
	}
	if (json_is_object(v))
		return run_body(x, body, len, v, depth);
	return truthy(v) ? run_body(x, body, len, NULL, depth) : MD_OK;
}

static enum md_err one_tag(struct expander *x, const char *t, size_t len, struct tag *g, size_t *i,
                           int depth)
{
	const struct web_file *f;
	size_t end, next;

	switch (g->sigil) {
	case '!':
		return MD_OK;
	case '/':
		return md_error_set(x->err, MD_EFORMAT, "byte %zu: {{/%s}} closes nothing",
		                    g->start, g->name);
	case '>':
		if (!x->w || !(f = web_template(x->w, g->name)))
			return md_error_set(x->err, MD_EFORMAT, "byte %zu: no template '%s'",
			                    g->start, g->name);
		return expand(x, f->data, f->len, depth + 1);
	case '#':
	case '^':
		if (section_end(t, len, g->next, g->name, &end, &next) != 0)
			return md_error_set(x->err, MD_EFORMAT, "byte %zu: {{%c%s}} is not closed",
			                    g->start, g->sigil, g->name);
		*i = next;
		return section(x, g, t + g->next, end - g->next, depth);
	}
	put_value(&x->o, lookup(&x->sc, g->name));
	return MD_OK;
}

static enum md_err expand(struct expander *x, const char *t, size_t len, int depth)
{
	struct tag g;
	size_t i = 0;
	enum md_err rc;
	int found;

	if (depth >= MAX_DEPTH)
		return md_error_set(x->err, MD_EFORMAT, "sections or includes nested too deep");
	while ((found = next_tag(t, len, i, &g)) == 1) {
		strbuf_put(&x->o, t + i, g.start - i);
		i = g.next;
		if ((rc = one_tag(x, t, len, &g, &i, depth)) != MD_OK)
			return rc;
		if (x->o.failed || x->o.over)
			break;
	}
	if (found < 0)
		return md_error_set(x->err, MD_EFORMAT, "byte %zu: a tag is not closed", g.start);
	strbuf_put(&x->o, t + i, len - i);
	if (x->o.failed)
		return md_error_set(x->err, MD_ENOMEM, "out of memory");
	if (x->o.over)
		return md_error_set(x->err, MD_ETOOBIG, "a page over %u bytes", MD_WEB_MAX_PAGE);
	return MD_OK;
}

enum md_err md_web_expand(const struct md_web *w, const char *tmpl, size_t len, const json_t *ctx,
                          char **out, size_t *n, struct md_error *err)
{
	struct expander x = {.w = w, .o = {.max = PAGE_MAX}, .err = err};
	enum md_err rc;

	*out = NULL;
	*n = 0;
	x.sc.v[x.sc.n++] = ctx;
	rc = expand(&x, tmpl, len, 0);
	if (rc == MD_OK && !x.o.s && !(x.o.s = calloc(1, 1)))
		rc = md_error_set(err, MD_ENOMEM, "out of memory");
	if (rc != MD_OK) {
		free(x.o.s);
		return rc;
	}
	*out = x.o.s;
	*n = x.o.len;
	return MD_OK;
}

enum md_err md_web_render(const struct md_web *w, const char *name, const json_t *ctx, char **out,
                          size_t *n, struct md_error *err)
{
	const struct web_file *f = web_template(w, name);
	enum md_err rc;

	if (!f) {
		*out = NULL;
		*n = 0;
		return md_error_set(err, MD_ENOENT, "no template '%s'", name);
	}
	rc = md_web_expand(w, f->data, f->len, ctx, out, n, err);
	if (rc != MD_OK && err) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		md_error_set(err, rc, "template %s: %s", name, msg);
	}
	return rc;
}

enum md_err web_check(const char *name, const char *tmpl, size_t len, struct md_error *err)
{
	char stack[MAX_DEPTH][64];
	struct tag g;
	size_t i = 0;
	int n = 0, found;

	while ((found = next_tag(tmpl, len, i, &g)) == 1) {
		i = g.next;
		if (g.sigil == '#' || g.sigil == '^') {
			if (n == MAX_DEPTH)
				return md_error_set(err, MD_EFORMAT, "%s: sections nested too deep",
				                    name);
			memcpy(stack[n++], g.name, sizeof(g.name));
		} else if (g.sigil == '/' && (n == 0 || strcmp(stack[--n], g.name))) {
			return md_error_set(err, MD_EFORMAT, "%s: byte %zu: {{/%s}} closes nothing",
			                    name, g.start, g.name);
		}
	}
	if (found < 0)
		return md_error_set(err, MD_EFORMAT, "%s: byte %zu: a tag is not closed", name,
		                    g.start);
	if (n)
		return md_error_set(err, MD_EFORMAT, "%s: {{#%s}} is not closed", name,
		                    stack[n - 1]);
	return MD_OK;
}

/* ---- loading ---- */

enum md_err web_read_file(const char *path, size_t max, char **out, size_t *len,
                          struct md_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	*out = NULL;
	*len = 0;
	if (!f)
		return md_error_set(err, MD_EIO, "%s: %s", path, strerror(errno));
	if (!(buf = malloc(max + 1))) {
		fclose(f);
		return md_error_set(err, MD_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f) || n > max) {
		fclose(f);
		free(buf);
		return md_error_set(err, n > max ? MD_ETOOBIG : MD_EIO, "%s: %s", path,
		                    n > max ? "too big" : "read error");
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return MD_OK;
}

static const struct web_file *find(const struct web_file *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

const struct web_file *web_template(const struct md_web *w, const char *name)
{
	return find(w->tmpl, w->n_tmpl, name);
}

const struct web_file *web_static(const struct md_web *w, const char *name)
{
	return find(w->stat, w->n_stat, name);
}

/* A name we serve: letters, digits, '-', '_' and one '.' not first. */
static bool plain_name(const char *s)
{
	int dots = 0;

	if (!*s || *s == '.' || strlen(s) > 60)
		return false;
	for (; *s; s++)
		if (*s == '.')
			dots++;
		else if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_", *s))
			return false;
	return dots == 1;
}

/* Reads every plain file of dir whose name ends with ext ("" any) into *v. */
static enum md_err load_dir(const char *dir, const char *ext, struct web_file **v, size_t *n,
                            struct md_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	enum md_err rc = MD_OK;
	char path[4096];

	if (!d)
		return md_error_set(err, MD_EIO, "%s: %s", dir, strerror(errno));
	while (rc == MD_OK && (e = readdir(d))) {
		size_t len = strlen(e->d_name), el = strlen(ext);
		struct web_file *grown, *f;

		if (!plain_name(e->d_name) || len <= el || strcmp(e->d_name + len - el, ext))
			continue;
		if (!(grown = realloc(*v, (*n + 1) * sizeof(**v)))) {
			rc = md_error_set(err, MD_ENOMEM, "out of memory");
			break;
		}
		*v = grown;
		f = &grown[*n];
		memset(f, 0, sizeof(*f));
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(f->name = strndup(e->d_name, len - el))) {
			rc = md_error_set(err, MD_ENOMEM, "out of memory");
			break;
		}
		(*n)++;
		rc = web_read_file(path, MAX_TEMPLATE, &f->data, &f->len, err);
	}
	closedir(d);
	return rc;
}

enum md_err md_web_new(const char *datadir, struct md_web **out, struct md_error *err)
{
	struct md_web *w = calloc(1, sizeof(*w));
	char dir[4096];
	enum md_err rc;

	*out = NULL;
	if (!w)
		return md_error_set(err, MD_ENOMEM, "out of memory");
	if (!datadir)
		datadir = md_datadir("templates/home.html");
	snprintf(dir, sizeof(dir), "%s/templates", datadir);
	rc = load_dir(dir, ".html", &w->tmpl, &w->n_tmpl, err);
	for (size_t i = 0; rc == MD_OK && i < w->n_tmpl; i++)
		rc = web_check(w->tmpl[i].name, w->tmpl[i].data, w->tmpl[i].len, err);
	snprintf(dir, sizeof(dir), "%s/static", datadir);
	if (rc == MD_OK)
		rc = load_dir(dir, "", &w->stat, &w->n_stat, err);
	if (rc == MD_OK && !web_template(w, "home"))
		rc = md_error_set(err, MD_EIO, "%s/templates: no home.html", datadir);
	if (rc != MD_OK) {
		md_web_free(w);
		return rc;
	}
	*out = w;
	return MD_OK;
}

static void files_free(struct web_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].data);
	}
	free(v);
}

void md_web_free(struct md_web *w)
{
	if (!w)
		return;
	files_free(w->tmpl, w->n_tmpl);
	files_free(w->stat, w->n_stat);
	free(w);
}
