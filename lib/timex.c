/*
 * timex.c - the small grammars for time expressions in resolution text.
 *
 * This file owns the readers declared in mandate/timex.h: ordinals ("at its
 * fifty-third session"), cardinals ("within 90 days"), month names, dates
 * ("by 31 December 2024", "by the end of 2027"), durations ("for a period of
 * three years") and recurrences ("annually", "every two years").
 *
 * Every reader works on s[0..len), which need not be NUL-terminated, matches
 * case-insensitively at s[0] only, and returns the bytes it consumed, or 0
 * with *out untouched.  Helpers follow the same contract, so a rule is a
 * short chain of helpers each advancing a cursor n only on success.
 *
 * Policy decided here:
 *   - a match must end a word: "annual" does not match "annually" and
 *     "first" does not match "firstly".  Only ASCII letters and digits
 *     continue a word; any other byte (including UTF-8) ends it;
 *   - tens and units may be joined by "-", a space or an en dash (U+2013),
 *     because all three occur in scanned and retyped texts;
 *   - a date known only to the month or the year is stored as the last day
 *     of that month or year, the latest day the text allows;
 *   - a bare year is a four-digit number 1900..2199 not followed by a digit
 *     or "/" ("2026/27" names a biennium, not a year).
 */
#include "mandate/timex.h"

#include <stdbool.h>
#include <string.h>

/* Largest count a duration or recurrence accepts ("every 1000 days"). */
#define MAX_COUNT 100000

/* ---- Characters and words ---------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(int c)
{
	c = lower(c);
	return is_digit(c) || (c >= 'a' && c <= 'z');
}

/* True when position n of s[0..len) is not inside a word. */
static bool ends_word(const char *s, size_t len, size_t n)
{
	return n >= len || !is_alnum((unsigned char)s[n]);
}

/* The first n bytes of w (lower case) begin s, ignoring case. */
static size_t prefix_n(const char *s, size_t len, const char *w, size_t n)
{
	if (n > len)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != w[i])
			return 0;
	return n;
}

static size_t prefix(const char *s, size_t len, const char *w)
{
	return prefix_n(s, len, w, strlen(w));
}

/* The whole word w (lower case) begins s: "first" but not "firstly". */
static size_t word(const char *s, size_t len, const char *w)
{
	size_t n = prefix(s, len, w);

	return n && ends_word(s, len, n) ? n : 0;
}

/* One or more blanks, including line breaks of wrapped text. */
static size_t spaces(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && (s[n] == ' ' || s[n] == '\t' || s[n] == '\n' || s[n] == '\r'))
		n++;
	return n;
}

/* A hyphen "-" or an en dash (UTF-8 E2 80 93). */
static size_t dash(const char *s, size_t len)
{
	if (len >= 1 && s[0] == '-')
		return 1;
	if (len >= 3 && memcmp(s, "\xe2\x80\x93", 3) == 0)
		return 3;
	return 0;
}

/* What joins tens and units: "fifty-third", "fifty third", "fifty–third". */
static size_t joiner(const char *s, size_t len)
{
	if (len >= 1 && s[0] == ' ')
		return 1;
	return dash(s, len);
}

/*
 * A phrase of lower-case words: a space in p stands for spaces(), a hyphen
 * for dash().  "twice a year" matches "twice  a\nyear"; "semi-annual"
 * matches "Semi–annual".  The phrase must end a word.
 */
static size_t phrase(const char *s, size_t len, const char *p)
{
	size_t n = 0, k;

	for (; *p; p++) {
		if (*p == ' ')
			k = spaces(s + n, len - n);
		else if (*p == '-')
			k = dash(s + n, len - n);
		else
			k = n < len && lower((unsigned char)s[n]) == *p;
		if (!k)
			return 0;
		n += k;
	}
	return ends_word(s, len, n) ? n : 0;
}

/* A reader of one number-like thing: bytes consumed, its value in *out. */
typedef size_t reader(const char *s, size_t len, int *out);

/* spaces() then what r reads: " 2024", " December"; 0 unless both. */
static size_t sp_then(const char *s, size_t len, reader *r, int *out)
{
	size_t n = spaces(s, len), k;

	return n && (k = r(s + n, len - n, out)) ? n + k : 0;
}

/* spaces() then the word w: " and", " of", " basis"; 0 unless both. */
static size_t sp_word(const char *s, size_t len, const char *w)
{
	size_t n = spaces(s, len), k;

	return n && (k = word(s + n, len - n, w)) ? n + k : 0;
}

/* The phrase p then spaces(): "every ", "on an "; 0 unless both. */
static size_t lead(const char *s, size_t len, const char *p)
{
	size_t n = phrase(s, len, p), k;

	return n && (k = spaces(s + n, len - n)) ? n + k : 0;
}

/* The first of table[0..count) that is a whole word at s; its index in *idx. */
static size_t table_word(const char *s, size_t len, const char *const *table, int count, int *idx)
{
	for (int i = 0; i < count; i++) {
		size_t n = word(s, len, table[i]);

		if (n) {
			*idx = i;
			return n;
		}
	}
	return 0;
}

/* Up to max digits at s, none required; their value in *v. */
static size_t digit_run(const char *s, size_t len, size_t max, long *v)
{
	size_t n = 0;

	*v = 0;
	while (n < len && n < max && is_digit((unsigned char)s[n]))
		*v = *v * 10 + (s[n++] - '0');
	return n;
}

/* ---- Number words ---------------------------------------------------- */

static const char *const unit_cards[19] = {
    "one",     "two",     "three",     "four",     "five",     "six",      "seven",
    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
};

static const char *const unit_ords[19] = {
    "first",     "second",    "third",       "fourth",     "fifth",      "sixth",      "seventh",
    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",    "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
};

static const char *const tens_cards[8] = {
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

static const char *const tens_ords[8] = {
    "twentieth", "thirtieth",  "fortieth",  "fiftieth",
    "sixtieth",  "seventieth", "eightieth", "ninetieth",
};

/*
 * Tens joined to one of units[0..9): "twenty-one" with the cardinal units,
 * "fifty third" with the ordinal ones; the combined value in *out.
 */
static size_t tens_and_unit(const char *s, size_t len, const char *const *units, int *out)
{
	size_t n, j, k;
	int t, u;

	if (!(n = table_word(s, len, tens_cards, 8, &t)))
		return 0;
	j = joiner(s + n, len - n);
	if (!j || !(k = table_word(s + n + j, len - n - j, units, 9, &u)))
		return 0;
	*out = 20 + 10 * t + u + 1;
	return n + j + k;
}

/* Ordinal words below a hundred: "first", "nineteenth", "fiftieth", "fifty-third". */
static size_t ord_below100(const char *s, size_t len, int *out)
{
	size_t n;
	int i;

	if ((n = table_word(s, len, unit_ords, 19, &i))) {
		*out = i + 1;
		return n;
	}
	if ((n = table_word(s, len, tens_ords, 8, &i))) {
		*out = 20 + 10 * i;
		return n;
	}
	return tens_and_unit(s, len, unit_ords, out);
}

/*
 * Cardinal words below a hundred: "one", "nineteen", "fifty", "ninety-nine".
 * "twenty" before "-first" is no cardinal: it begins the ordinal "twenty-first".
 */
static size_t card_below100(const char *s, size_t len, int *out)
{
	size_t n;
	int i, ord;

	if ((n = table_word(s, len, unit_cards, 19, &i))) {
		*out = i + 1;
		return n;
	}
	if ((n = tens_and_unit(s, len, unit_cards, out)))
		return n;
	if (tens_and_unit(s, len, unit_ords, &ord))
		return 0;
	if ((n = table_word(s, len, tens_cards, 8, &i)))
		*out = 20 + 10 * i;
	return n;
}

/*
 * "hundred" or "one hundred" .. "nine hundred", the multiplier in *mult.
 * No word boundary is required: "hundredth" continues it.
 */
static size_t hundred_head(const char *s, size_t len, int *mult)
{
	size_t n = 0, k;
	int u;

	if ((k = table_word(s, len, unit_cards, 9, &u)) && spaces(s + k, len - k)) {
		n = k + spaces(s + k, len - k);
		if (!prefix(s + n, len - n, "hundred"))
			return 0;
		*mult = u + 1;
		return n + 7;
	}
	*mult = 1;
	return prefix(s, len, "hundred");
}

/* After "hundred": " and twenty", " and first", " first", read by below. */
static size_t hundred_tail(const char *s, size_t len, reader *below, int *out)
{
	size_t n = sp_word(s, len, "and"), k = sp_then(s + n, len - n, below, out);

	return k ? n + k : 0;
}

/* "first" .. "ninety-ninth", "hundredth", "one hundredth", "one hundred and first". */
static size_t ord_words(const char *s, size_t len, int *out)
{
	size_t n, k;
	int mult, v;

	if (!(n = hundred_head(s, len, &mult)))
		return ord_below100(s, len, out);
	if ((k = word(s + n, len - n, "th"))) {
		*out = mult * 100;
		return n + k;
	}
	if (!ends_word(s, len, n) || !(k = hundred_tail(s + n, len - n, ord_below100, &v)))
		return 0;
	*out = mult * 100 + v;
	return n + k;
}

/* "one" .. "ninety-nine", "one hundred", "one hundred and twenty". */
static size_t card_words(const char *s, size_t len, int *out)
{
	size_t n, k;
	int mult, v = 0;

	if (!(n = hundred_head(s, len, &mult)))
		return card_below100(s, len, out);
	if (!ends_word(s, len, n))
		return 0;
	k = hundred_tail(s + n, len - n, card_below100, &v);
	*out = mult * 100 + (k ? v : 0);
	return n + k;
}

/* The suffix English writes after the number v: "1st", "22nd", "53rd", "11th". */
static const char *ord_suffix(long v)
{
	static const char *const suffix[4] = {"th", "st", "nd", "rd"};
	long r = v % 10;

	return (v % 100 >= 11 && v % 100 <= 13) || r > 3 ? "th" : suffix[r];
}

/* "53rd", "1st", "81st", "11th": one to three digits and the matching suffix. */
static size_t ord_digits(const char *s, size_t len, int *out)
{
	long v;
	size_t n = digit_run(s, len, 3, &v), k;

	if (!n || v < 1 || (n < len && is_digit((unsigned char)s[n])))
		return 0;
	if (!(k = word(s + n, len - n, ord_suffix(v))))
		return 0;
	*out = (int)v;
	return n + k;
}

size_t md_timex_ordinal(const char *s, size_t len, int *out)
{
	size_t n = ord_digits(s, len, out);

	return n ? n : ord_words(s, len, out);
}

/* "90", "120", "2026", "1,000", "1,000,000": at most nine digits in all. */
static size_t card_digits(const char *s, size_t len, int *out)
{
	long v, g;
	size_t n = digit_run(s, len, 9, &v);

	if (!n || (n < len && is_digit((unsigned char)s[n])))
		return 0;
	for (size_t groups = 0; n <= 3 * (groups + 1) && groups < 2; groups++) {
		if (n + 4 > len || s[n] != ',' || digit_run(s + n + 1, len - n - 1, 3, &g) != 3)
			break;
		if (n + 4 < len && is_digit((unsigned char)s[n + 4]))
			return 0;
		v = v * 1000 + g;
		n += 4;
	}
	if (!ends_word(s, len, n))
		return 0;
	*out = (int)v;
	return n;
}

size_t md_timex_cardinal(const char *s, size_t len, int allow_article, int *out)
{
	size_t n;

	if ((n = card_digits(s, len, out)) || (n = card_words(s, len, out)))
		return n;
	if (allow_article && ((n = word(s, len, "an")) || (n = word(s, len, "a"))))
		*out = 1;
	return n;
}

/* ---- Months and dates ------------------------------------------------ */

static const char *const months[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

/* "Dec.", "Jun.", "Sept.": three letters (four for September) and a dot. */
static size_t month_abbrev(const char *s, size_t len, int *out)
{
	if (prefix(s, len, "sept.")) {
		*out = 9;
		return 5;
	}
	for (int i = 0; i < 12; i++) {
		if (prefix_n(s, len, months[i], 3) && len > 3 && s[3] == '.') {
			*out = i + 1;
			return 4;
		}
	}
	return 0;
}

size_t md_timex_month(const char *s, size_t len, int *out)
{
	size_t n;
	int i;

	if ((n = table_word(s, len, months, 12, &i))) {
		*out = i + 1;
		return n;
	}
	return month_abbrev(s, len, out);
}

/* A year of a date: "2024", four digits 1900..2199, not "2026/27" or "20245". */
static size_t year4(const char *s, size_t len, int *y)
{
	long v;

	if (digit_run(s, len, 4, &v) != 4 || v < 1900 || v > 2199)
		return 0;
	if (len > 4 && (is_alnum((unsigned char)s[4]) || s[4] == '/'))
		return 0;
	*y = (int)v;
	return 4;
}

/* A day of the month: "31", "1", "31st", "2nd"; checked against the month later. */
static size_t day_num(const char *s, size_t len, int *d)
{
	long v;
	size_t n = digit_run(s, len, 2, &v);

	if (!n || v < 1 || v > 31 || (n < len && is_digit((unsigned char)s[n])))
		return 0;
	n += prefix(s + n, len - n, ord_suffix(v));
	if (!ends_word(s, len, n))
		return 0;
	*d = (int)v;
	return n;
}

/* "31 December 2024", "1 July 2025", "31st December 2024", "1st of July 2025". */
static size_t date_day_first(const char *s, size_t len, struct md_date *d)
{
	size_t n, k;

	if (!(n = day_num(s, len, &d->d)))
		return 0;
	n += sp_word(s + n, len - n, "of");
	if (!(k = sp_then(s + n, len - n, md_timex_month, &d->m)))
		return 0;
	n += k;
	return (k = sp_then(s + n, len - n, year4, &d->y)) ? n + k : 0;
}

/* "December 31, 2024", "December 31 2024". */
static size_t date_month_first(const char *s, size_t len, struct md_date *d)
{
	size_t n, k;

	if (!(n = md_timex_month(s, len, &d->m)) || !(k = sp_then(s + n, len - n, day_num, &d->d)))
		return 0;
	n += k;
	if (n < len && s[n] == ',')
		n++;
	return (k = sp_then(s + n, len - n, year4, &d->y)) ? n + k : 0;
}

/* "June 2011": the month's last day. */
static size_t date_month_year(const char *s, size_t len, struct md_date *d)
{
	size_t n, k;

	if (!(n = md_timex_month(s, len, &d->m)) || !(k = sp_then(s + n, len - n, year4, &d->y)))
		return 0;
	d->d = md_date_days_in_month(d->y, d->m);
	return n + k;
}

/* A bare year "2026": 31 December. */
static size_t date_year(const char *s, size_t len, struct md_date *d)
{
	size_t n = year4(s, len, &d->y);

	d->m = 12;
	d->d = 31;
	return n;
}

/*
 * The vague parts of a year, all read as its last day (or the named
 * month's): "mid-2026", "early 2028", "late 2027", "end of 2027",
 * "the end of 2027", "end-2027", "the middle of 2028", "the end of June 2027".
 */
static size_t date_qualified(const char *s, size_t len, struct md_date *d,
                             enum md_date_precision *prec)
{
	static const char *const quals[] = {
	    "the end of", "end of", "the middle of", "middle of", "mid", "early", "late", "end",
	};
	size_t n = 0, k;

	for (size_t i = 0; !n && i < sizeof(quals) / sizeof(quals[0]); i++)
		n = phrase(s, len, quals[i]);
	if (!n || !((k = dash(s + n, len - n)) || (k = spaces(s + n, len - n))))
		return 0;
	n += k;
	if ((k = date_month_year(s + n, len - n, d))) {
		*prec = MD_PREC_MONTH;
		return n + k;
	}
	*prec = MD_PREC_YEAR;
	return (k = date_year(s + n, len - n, d)) ? n + k : 0;
}

/* Tries the date forms in turn; the first that reads a real day wins. */
static size_t date_any(const char *s, size_t len, int accept_year, struct md_date *d,
                       enum md_date_precision *prec)
{
	size_t n;

	*prec = MD_PREC_DAY;
	if ((n = date_day_first(s, len, d)) || (n = date_month_first(s, len, d)))
		return n;
	if ((n = date_qualified(s, len, d, prec)))
		return n;
	*prec = MD_PREC_MONTH;
	if ((n = date_month_year(s, len, d)))
		return n;
	*prec = MD_PREC_YEAR;
	return accept_year ? date_year(s, len, d) : 0;
}

size_t md_timex_date(const char *s, size_t len, int accept_year, struct md_date *out,
                     enum md_date_precision *prec)
{
	struct md_date d = MD_DATE_NONE;
	enum md_date_precision p;
	size_t n = date_any(s, len, accept_year, &d, &p);

	if (!n || !md_date_valid(d))
		return 0;
	*out = d;
	if (prec)
		*prec = p;
	return n;
}

/* ---- Durations and recurrences -------------------------------------- */

enum unit { U_DAY, U_WEEK, U_MONTH, U_YEAR };

/* Singular forms only, or plural too: "day(s)", "week(s)", "month(s)", "year(s)". */
static size_t unit_word(const char *s, size_t len, bool plural, enum unit *u)
{
	static const char *const units[8] = {"day",   "days",   "week", "weeks",
	                                     "month", "months", "year", "years"};

	for (int i = 0; i < 8; i++) {
		size_t n = (plural || i % 2 == 0) ? word(s, len, units[i]) : 0;

		if (n) {
			*u = (enum unit)(i / 2);
			return n;
		}
	}
	return 0;
}

static struct md_period period_of(int count, enum unit u)
{
	struct md_period p = {0, 0, 0, 0};
	int *field[4] = {&p.days, &p.weeks, &p.months, &p.years};

	*field[u] = count;
	return p;
}

/* After a count: " days", " calendar days", "-day", "–year". */
static size_t duration_unit(const char *s, size_t len, enum unit *u)
{
	size_t n, k;

	if ((n = dash(s, len)))
		return (k = unit_word(s + n, len - n, false, u)) ? n + k : 0;
	n = sp_word(s, len, "calendar");
	if (!(k = spaces(s + n, len - n)))
		return 0;
	n += k;
	return (k = unit_word(s + n, len - n, true, u)) ? n + k : 0;
}

size_t md_timex_duration(const char *s, size_t len, struct md_period *out)
{
	size_t n, k;
	int count;
	enum unit u;

	if (!(n = md_timex_cardinal(s, len, 1, &count)) || count < 1 || count > MAX_COUNT)
		return 0;
	if (!(k = duration_unit(s + n, len - n, &u)))
		return 0;
	*out = period_of(count, u);
	return n + k;
}

static const struct fixed_recurrence {
	const char *phrase;
	struct md_period p;
} fixed[] = {
    {"annually", {1, 0, 0, 0}},       {"annual", {1, 0, 0, 0}},
    {"yearly", {1, 0, 0, 0}},         {"once a year", {1, 0, 0, 0}},
    {"biennially", {2, 0, 0, 0}},     {"biennial", {2, 0, 0, 0}},
    {"triennially", {3, 0, 0, 0}},    {"triennial", {3, 0, 0, 0}},
    {"quadrennially", {4, 0, 0, 0}},  {"quadrennial", {4, 0, 0, 0}},
    {"quinquennially", {5, 0, 0, 0}}, {"quinquennial", {5, 0, 0, 0}},
    {"semi-annually", {0, 6, 0, 0}},  {"semi-annual", {0, 6, 0, 0}},
    {"semiannually", {0, 6, 0, 0}},   {"semiannual", {0, 6, 0, 0}},
    {"twice a year", {0, 6, 0, 0}},   {"twice yearly", {0, 6, 0, 0}},
    {"twice annually", {0, 6, 0, 0}}, {"quarterly", {0, 3, 0, 0}},
    {"monthly", {0, 1, 0, 0}},        {"weekly", {0, 0, 1, 0}},
};

/*
 * The fixed words: "annually", "biennial", "quarterly", "twice a year".
 * "biannual" is left out on purpose: writers use it both for "twice a year"
 * and for "every two years".
 */
static size_t recur_fixed(const char *s, size_t len, struct md_period *out)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		size_t n = phrase(s, len, fixed[i].phrase);

		if (n) {
			*out = fixed[i].p;
			return n;
		}
	}
	return 0;
}

/* "on an annual basis", "on a biennial basis", "on a quarterly basis". */
static size_t recur_basis(const char *s, size_t len, struct md_period *out)
{
	struct md_period p;
	size_t n, k;

	if (!(n = lead(s, len, "on an")) && !(n = lead(s, len, "on a")))
		return 0;
	if (!(k = recur_fixed(s + n, len - n, &p)))
		return 0;
	n += k;
	if (!(k = sp_word(s + n, len - n, "basis")))
		return 0;
	*out = p;
	return n + k;
}

/*
 * How many units apart after "every": "other" (2), an ordinal of two or
 * more ("second", "3rd") or a cardinal ("two", "120"), then spaces.  After
 * "other" or an ordinal the unit is singular ("every second year").
 */
static size_t every_count(const char *s, size_t len, int *count, bool *singular)
{
	size_t n, k;
	int c = 2;
	bool one = true;

	if (!(n = word(s, len, "other")) && (n = md_timex_ordinal(s, len, &c)) && c < 2)
		return 0;
	if (!n) {
		n = md_timex_cardinal(s, len, 0, &c);
		one = false;
	}
	if (!n || !(k = spaces(s + n, len - n)))
		return 0;
	*count = c;
	*singular = one;
	return n + k;
}

/*
 * "every year", "each year", "once every two years", "every 120 days",
 * "every second year", "every other year", "every four months".  With no
 * count the unit is singular: "every month", not "every months".
 */
static size_t recur_every(const char *s, size_t len, struct md_period *out)
{
	size_t n, k;
	int count = 1;
	bool singular = true;
	enum unit u;

	if (!(n = lead(s, len, "once every")) && !(n = lead(s, len, "every")) &&
	    !(n = lead(s, len, "each")))
		return 0;
	n += every_count(s + n, len - n, &count, &singular);
	if (count < 1 || count > MAX_COUNT)
		return 0;
	if (!(k = unit_word(s + n, len - n, !singular, &u)))
		return 0;
	*out = period_of(count, u);
	return n + k;
}

size_t md_timex_recurrence(const char *s, size_t len, struct md_period *out)
{
	size_t n;

	if ((n = recur_fixed(s, len, out)) || (n = recur_basis(s, len, out)))
		return n;
	return recur_every(s, len, out);
}
