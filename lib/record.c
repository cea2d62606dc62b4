/*
 * record.c - the extraction record: names, JSON form, and a line for people.
 */
#include "mandate/record.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[MD_KIND_MAX] = {
    "report", "oral_update", "meeting", "webcast", "support", "mandate", "agenda", "other",
};

static const char *const relation_names[MD_REL_MAX] = {"at", "before", "by", "until", "on"};

const char *md_kind_name(enum md_kind k)
{
	return (unsigned)k < MD_KIND_MAX ? kind_names[k] : "other";
}

const char *md_relation_name(enum md_relation r)
{
	return (unsigned)r < MD_REL_MAX ? relation_names[r] : "at";
}

int md_kind_parse(const char *s)
{
	for (int i = 0; s && i < MD_KIND_MAX; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

int md_relation_parse(const char *s)
{
	for (int i = 0; s && i < MD_REL_MAX; i++)
		if (strcmp(s, relation_names[i]) == 0)
			return i;
	return -1;
}

void md_record_free(struct md_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_obligations; i++)
		free(r->obligations[i].actor);
	free(r->obligations);
	free(r->paragraphs);
	free(r->symbol);
	free(r->body);
	free(r->title);
	free(r->text);
	free(r);
}

json_t *md_date_json(struct md_date d)
{
	char buf[16];

	if (md_date_is_none(d))
		return json_null();
	md_date_format(d, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *md_due_json(const struct md_due *d)
{
	json_t *session = json_null();

	if (d->body[0])
		session = json_pack("{s:s, s:o}", "body", d->body, "number",
		                    d->number > 0 ? json_integer(d->number) : json_null());
	return json_pack("{s:s, s:o, s:o}", "relation", md_relation_name(d->relation), "session",
	                 session, "date", md_date_json(d->date));
}

enum md_err md_due_from_json(const json_t *j, struct md_due *d, struct md_error *err)
{
	const json_t *rel = json_object_get(j, "relation");
	const json_t *ses = json_object_get(j, "session");
	const json_t *date = json_object_get(j, "date");
	int r = json_is_string(rel) ? md_relation_parse(json_string_value(rel)) : -1;

	memset(d, 0, sizeof(*d));
	if (r < 0)
		return md_error_set(err, MD_EINVAL,
		                    "due: relation must be at, before, by, until or on");
	d->relation = (enum md_relation)r;
	if (json_is_object(ses)) {
		const json_t *b = json_object_get(ses, "body"), *n = json_object_get(ses, "number");

		if (!json_is_string(b) || !*json_string_value(b) ||
		    strlen(json_string_value(b)) >= sizeof(d->body))
			return md_error_set(err, MD_EINVAL,
			                    "due: session.body must be a short code");
		snprintf(d->body, sizeof(d->body), "%s", json_string_value(b));
		if (json_is_integer(n) && json_integer_value(n) > 0 &&
		    json_integer_value(n) < 100000)
			d->number = (int)json_integer_value(n);
		else if (!json_is_null(n) && n)
			return md_error_set(err, MD_EINVAL, "due: session.number must be positive");
	}
	if (json_is_string(date)) {
		if (md_date_parse_iso(json_string_value(date), &d->date) != 0)
			return md_error_set(err, MD_EINVAL, "due: date must be YYYY-MM-DD");
	} else if (date && !json_is_null(date)) {
		return md_error_set(err, MD_EINVAL, "due: date must be a string or null");
	}
	/* neither a session nor a date: a recurrence whose first date is not stated */
	return MD_OK;
}

/* json_object_set_new that remembers a failure in *ok (and frees v either way). */
static void set(json_t *j, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(j, key, v) != 0)
		*ok = false;
}

static json_t *obligation_json(const struct md_record *r, const struct md_obligation *o, int extra)
{
	char rec[32];
	json_t *j;
	bool ok = true;

	md_period_format(o->recurrence, rec, sizeof(rec));
	j = json_pack("{s:i, s:s, s:s, s:o, s:o}", "paragraph", o->paragraph, "kind",
	              md_kind_name(o->kind), "actor", o->actor, "due", md_due_json(&o->due),
	              "recurrence", rec[0] ? json_string(rec) : json_null());
	if (j && extra) {
		set(j, "span", json_pack("[I, I]", (json_int_t)o->start, (json_int_t)o->end), &ok);
		set(j, "rule", json_string(o->rule ? o->rule : ""), &ok);
		set(j, "confidence", json_real(o->confidence), &ok);
		if (r->text && o->start <= o->end && o->end <= r->text_len)
			set(j, "text", json_stringn(r->text + o->start, o->end - o->start), &ok);
	}
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *paragraphs_json(const struct md_record *r)
{
	json_t *paras = json_array();

	for (size_t i = 0; paras && i < r->n_paragraphs; i++)
		if (json_array_append_new(
		        paras, json_pack("{s:i, s:I, s:I}", "number", r->paragraphs[i].number,
		                         "start", (json_int_t)r->paragraphs[i].start, "end",
		                         (json_int_t)r->paragraphs[i].end)) != 0) {
			json_decref(paras);
			return NULL;
		}
	return paras;
}

json_t *md_record_json(const struct md_record *r, int extra)
{
	json_t *obs = json_array(), *j;
	bool ok = true;

	if (!obs)
		return NULL;
	for (size_t i = 0; i < r->n_obligations; i++)
		if (json_array_append_new(obs, obligation_json(r, &r->obligations[i], extra)) !=
		    0) {
			json_decref(obs);
			return NULL;
		}
	j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:i, s:o}", "symbol", string_or_null(r->symbol),
	              "body", string_or_null(r->body), "session",
	              r->session > 0 ? json_integer(r->session) : json_null(), "adopted",
	              md_date_json(r->adopted), "title", string_or_null(r->title),
	              "operative_paragraphs", r->operative_paragraphs, "obligations", obs);
	if (j && extra)
		set(j, "paragraphs", paragraphs_json(r), &ok);
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

void md_due_describe(const struct md_due *d, const struct md_period *rec, char *buf, size_t size)
{
	char date[16], every[32] = "";
	const char *rel = md_relation_name(d->relation);

	if (rec && !md_period_is_none(*rec)) {
		char p[24];

		md_period_format(*rec, p, sizeof(p));
		snprintf(every, sizeof(every), ", every %s", p);
	}
	md_date_format(d->date, date, sizeof(date));
	if (d->body[0] && d->number > 0)
		snprintf(buf, size, "%s %s %d%s", rel, d->body, d->number, every);
	else if (d->body[0])
		snprintf(buf, size, "%s a %s session%s", rel, d->body, every);
	else if (date[0])
		snprintf(buf, size, "%s %s%s", rel, date, every);
	else
		snprintf(buf, size, "%s an unstated date%s", rel, every);
}
