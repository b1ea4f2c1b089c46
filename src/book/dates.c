/* dates.c: an article's date as the book shows it. Sources write dates
 * every way ("Veröffentlicht: 26.12.2022", "Feb. 19, 2020",
 * "2020-09-15T09:32:00-07:00", "28 kwietnia 2021, 06:29"); the book sets
 * each in its own words ("26 December 2022"), so that a dossier of many
 * sites reads as one book. What is not a whole, unambiguous date
 * ("Thursday,", "03/05/2022", "2 hours ago") is shown as written. */
#include "book.h"

#include <glib.h>
#include <pthread.h>
#include <string.h>

enum { MAX_TOKENS = 48 };

typedef struct {
	char kind;	/* 'n' number, 'w' word, else the punctuation itself */
	int value;	/* a number's value, a word's month (1-12) or 0 */
	int digits;	/* a number's digits */
} token;

/* Month names beyond the book's languages (words.c): Polish, in the
 * nominative and the genitive that dates use. */
static const char *const extra_months[][12] = {
	{ "stycze\u0144", "luty", "marzec", "kwiecie\u0144", "maj",
	  "czerwiec", "lipiec", "sierpie\u0144", "wrzesie\u0144",
	  "pa\u017adziernik", "listopad", "grudzie\u0144" },
	{ "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
	  "lipca", "sierpnia", "wrze\u015bnia", "pa\u017adziernika",
	  "listopada", "grudnia" },
};

static const char *const book_langs[] = { "en", "de", "fr", "es", "it",
	"nl", "pt" };

enum { NLANGS = sizeof book_langs / sizeof *book_langs +
    sizeof extra_months / sizeof *extra_months };

/* Every month name in lower case, made once: a book of 10,000 articles
 * asks for a month a few times per article. */
static char *lower_months[NLANGS][12];
static pthread_once_t lower_once = PTHREAD_ONCE_INIT;

static void lower_init(void)
{
	size_t nb = sizeof book_langs / sizeof *book_langs;
	for (size_t l = 0; l < NLANGS; l++) {
		const char *const *names = l < nb ?
		    book_words_for(book_langs[l])->months : extra_months[l - nb];
		for (int m = 0; m < 12; m++)
			lower_months[l][m] = g_utf8_strdown(names[m], -1);
	}
}

/* 1-12 when word (lower case) names one month in any language, whole
 * or cut to at least three letters ("sept", "juil"); 0 when it names
 * none or could be two ("jui": juin or juillet). */
static int month_of(const char *word)
{
	size_t n = strlen(word);
	if (n < 3)
		return 0;
	pthread_once(&lower_once, lower_init);
	int found = 0;
	for (size_t l = 0; l < NLANGS; l++)
		for (int m = 0; m < 12; m++) {
			if (strncmp(lower_months[l][m], word, n) != 0)
				continue;
			if (found && found != m + 1)
				return 0;
			found = m + 1;
		}
	return found;
}

/* s as numbers, words and punctuation; spaces dropped. */
static size_t tokenize(const char *s, token *t, size_t cap)
{
	size_t n = 0;
	const char *p = s;
	while (*p && n < cap) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		const char *q = g_utf8_next_char(p);
		if (c < 128 && g_ascii_isdigit((int)c)) {
			long v = 0;
			int d = 0;
			for (q = p; g_ascii_isdigit(*q); q++, d++)
				v = d < 6 ? v * 10 + (*q - '0') : v;
			t[n++] = (token){ 'n', (int)v, d };
		} else if (g_unichar_isalpha(c)) {
			while (*q && g_unichar_isalpha(g_utf8_get_char(q)))
				q = g_utf8_next_char(q);
			gchar *low = g_utf8_strdown(p, q - p);
			t[n++] = (token){ 'w', month_of(low), 0 };
			g_free(low);
		} else if (!g_unichar_isspace(c) && c < 128) {
			t[n++] = (token){ (char)c, 0, 0 };
		}
		p = q;
	}
	return n;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

static int year_of(const token *t)
{
	if (t->kind != 'n')
		return 0;
	if (t->digits == 4)
		return t->value;
	if (t->digits == 2)	/* "19.10.19": this century's */
		return 2000 + t->value;
	return 0;
}

static int valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in(y, m);
}

static int is_day(const token *t)
{
	return t->kind == 'n' && t->digits <= 2 && t->value >= 1 &&
	    t->value <= 31;
}

/* Numbers only: 2020-09-15, 26.12.2022, 19.10.19, and 30/10/23 when
 * the order is plain (a part over 12 is the day). */
static int numeric(const token *t, size_t n, int *y, int *m, int *d)
{
	if (n < 5 || t[0].kind != 'n' || t[2].kind != 'n' ||
	    t[4].kind != 'n' || t[1].kind != t[3].kind)
		return 0;
	char sep = t[1].kind;
	if (t[0].digits == 4 && sep == '-') {
		*y = t[0].value, *m = t[2].value, *d = t[4].value;
		return t[2].digits <= 2 && t[4].digits <= 2;
	}
	if (!is_day(&t[0]) || !is_day(&t[2]) || !(*y = year_of(&t[4])))
		return 0;
	if (sep == '.') {
		*d = t[0].value, *m = t[2].value;
		return 1;
	}
	if (sep != '/' && sep != '-')
		return 0;
	if (t[0].value > 12 && t[2].value <= 12)
		*d = t[0].value, *m = t[2].value;
	else if (t[2].value > 12 && t[0].value <= 12)
		*m = t[0].value, *d = t[2].value;
	else
		return 0;	/* 03/05/2022: May or March */
	return 1;
}

static int skip_word(const token *t, size_t n, size_t *i)
{
	if (*i < n && t[*i].kind == 'w' && !t[*i].value) {
		(*i)++;
		return 1;
	}
	return 0;
}

/* With a month's name: "4. Februar 2022", "10 mayo, 2022", "19 de
 * febrero de 2020", "Feb. 19, 2020", "November 8th, 2023". */
static int named(const token *t, size_t n, int *y, int *m, int *d)
{
	size_t i = 0;
	if (is_day(&t[0])) {
		*d = t[0].value;
		i = 1;
		if (i < n && t[i].kind == '.')
			i++;
		skip_word(t, n, &i);	/* "de", "er" */
		if (i >= n || t[i].kind != 'w' || !t[i].value)
			return 0;
		*m = t[i++].value;
	} else if (t[0].kind == 'w' && t[0].value) {
		*m = t[0].value;
		i = 1;
		if (i < n && t[i].kind == '.')
			i++;
		if (i >= n || !is_day(&t[i]))
			return 0;
		*d = t[i++].value;
		skip_word(t, n, &i);	/* "th" */
	} else {
		return 0;
	}
	if (i < n && (t[i].kind == '.' || t[i].kind == ','))
		i++;
	skip_word(t, n, &i);		/* "de" */
	if (i < n && t[i].kind == ',')
		i++;
	return i < n && t[i].kind == 'n' && t[i].digits == 4 &&
	    (*y = t[i].value);
}

int book_date_parse(const char *s, int *year, int *month, int *day)
{
	token t[MAX_TOKENS];
	size_t n = s ? tokenize(s, t, MAX_TOKENS) : 0;
	for (size_t i = 0; i < n; i++) {
		int y = 0, m = 0, d = 0;
		if ((numeric(t + i, n - i, &y, &m, &d) ||
		    named(t + i, n - i, &y, &m, &d)) && valid(y, m, d)) {
			*year = y, *month = m, *day = d;
			return 1;
		}
	}
	return 0;
}

const char *book_date_show(const book_words *w, const char *raw,
    char *out, size_t cap, char iso[11])
{
	iso[0] = 0;
	if (!raw || !*raw)
		return NULL;
	int y, m, d;
	if (!book_date_parse(raw, &y, &m, &d))
		return raw;
	snprintf(iso, 11, "%04d-%02d-%02d", y, m, d);
	book_date_ymd(w, y, m, d, out, cap);
	return out;
}
