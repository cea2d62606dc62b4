/*
 * date.c - Gregorian calendar arithmetic and ISO 8601 text.
 *
 * Days are counted from 1970-01-01 with the civil-from-days algorithm
 * (eras of 400 years), which is exact for every year 1..9999.  Policy
 * decisions live here so that they are made once:
 *   - adding months clamps to the month's end (31 January + 1 month is
 *     the last day of February), the reading the extraction record uses for
 *     "for a period of six months";
 *   - adding years is adding 12 months, so 29 February + 1 year is 28 February.
 */
#include "mandate/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int md_date_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

bool md_date_valid(struct md_date d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= md_date_days_in_month(d.y, d.m);
}

bool md_date_is_none(struct md_date d)
{
	return d.y == 0;
}

long md_date_to_days(struct md_date d)
{
	long y = d.m <= 2 ? d.y - 1 : d.y;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct md_date md_date_from_days(long z)
{
	long era, doe, yoe, y, doy, mp;
	struct md_date r;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(r.m <= 2 ? y + 1 : y);
	return r;
}

int md_date_weekday(struct md_date d)
{
	long n = md_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
	long w = (n + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int md_date_cmp(struct md_date a, struct md_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

struct md_date md_date_add_days(struct md_date a, long n)
{
	return md_date_from_days(md_date_to_days(a) + n);
}

struct md_date md_date_add_period(struct md_date a, struct md_period p)
{
	long months = (long)a.y * 12 + (a.m - 1) + (long)p.years * 12 + p.months;
	struct md_date r;
	int dim;

	r.y = (int)(months / 12);
	r.m = (int)(months % 12) + 1;
	dim = md_date_days_in_month(r.y, r.m);
	r.d = a.d > dim ? dim : a.d;
	return md_date_add_days(r, (long)p.weeks * 7 + p.days);
}

int md_date_parse_iso(const char *s, struct md_date *out)
{
	struct md_date d;
	int n = 0;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	if (sscanf(s, "%4d-%2d-%2d%n", &d.y, &d.m, &d.d, &n) != 3 || n != 10)
		return -1;
	if (!md_date_valid(d))
		return -1;
	*out = d;
	return 0;
}

void md_date_format(struct md_date d, char *buf, size_t size)
{
	if (!size)
		return;
	if (md_date_is_none(d))
		buf[0] = '\0';
	else
		snprintf(buf, size, "%04d-%02d-%02d", d.y, d.m, d.d);
}

bool md_period_is_none(struct md_period p)
{
	return !p.years && !p.months && !p.weeks && !p.days;
}

void md_period_format(struct md_period p, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (md_period_is_none(p))
		return;
	n += (size_t)snprintf(buf + n, size - n, "P");
	if (p.years && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%dY", p.years);
	if (p.months && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%dM", p.months);
	if (p.weeks && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%dW", p.weeks);
	if (p.days && n < size)
		snprintf(buf + n, size - n, "%dD", p.days);
}

int md_period_parse(const char *s, struct md_period *out)
{
	struct md_period p = {0, 0, 0, 0};
	const char *c = s;

	if (!s || *c++ != 'P' || !*c)
		return -1;
	while (*c) {
		long v = 0;
		int digits = 0;

		while (*c >= '0' && *c <= '9' && digits < 6) {
			v = v * 10 + (*c++ - '0');
			digits++;
		}
		if (!digits)
			return -1;
		switch (*c++) {
		case 'Y':
			p.years = (int)v;
			break;
		case 'M':
			p.months = (int)v;
			break;
		case 'W':
			p.weeks = (int)v;
			break;
		case 'D':
			p.days = (int)v;
			break;
		default:
			return -1;
		}
	}
	*out = p;
	return 0;
}

int md_period_parse_window(const char *s, struct md_period *p)
{
	char *end;
	long n;

	memset(p, 0, sizeof(*p));
	if (!s || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (n > 36500)
		return -1;
	if (!*end || !strcmp(end, "d"))
		p->days = (int)n;
	else if (!strcmp(end, "w"))
		p->weeks = (int)n;
	else if (!strcmp(end, "m"))
		p->months = (int)n;
	else if (!strcmp(end, "y"))
		p->years = (int)n;
	else
		return -1;
	return 0;
}
