/* byline.c: the article's byline and date when the lines right under the
 * headline gave none. Scraped pages put the name on a line of its own
 * after the word for "by", beside a date, or after the dek; the search
 * looks at a few lines where the article starts, whatever the classifier
 * made of them (bylines often look like chrome), and never past the
 * comment section's start. The shapes are data (sites.conf: byline,
 * byline-lead, byline-name). */
#include "read.h"
#include "blocks.h"

#include <string.h>

/* How many non-blank lines after the headline are searched, how long a
 * byline line may be, and how many long lines (the article's paragraphs)
 * end the search: a name further down is a quote's or a comment's. */
enum { WINDOW = 14, MAX_LEN = 120, LONG_WORDS = 30, MAX_LONG = 2 };
/* A bare name among this many lines right under the headline (after its
 * dek) is the byline even with no date beside it. */
enum { EARLY = 3 };

static int stops(const rline *l)
{
	return l->kind == L_CSTART || l->kind == L_HEADER || l->kind == L_CEND;
}

/* The next non-blank line after i within two lines, or `to`. */
static size_t next_line(text_ctx *t, size_t i, size_t to)
{
	for (size_t j = i + 1; j < to && j <= i + 3; j++)
		if (t->lines[j].kind != L_BLANK)
			return j;
	return to;
}

static size_t prev_line(text_ctx *t, size_t i, size_t from)
{
	for (size_t j = i; j-- > from && j + 3 >= i;)
		if (t->lines[j].kind != L_BLANK)
			return j;
	return (size_t)-1;
}

static const char *group(text_ctx *t, pattern_kind k, const rline *l,
    const char **date)
{
	pattern_match *m = NULL;
	if (l->len > MAX_LEN || !patterns_groups(t->pat, k, l->s, &m))
		return NULL;
	const char *v = match_group(t->doc, m, "byline");
	if (date)
		*date = match_group(t->doc, m, "date");
	pattern_match_free(m);
	return v;
}

/* Does a capitalised word of v read as a stopword of some language ("AM",
 * "Der"): then v is a label, not a name. */
static int has_stopword(const char *v)
{
	for (const char *p = v; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		unsigned counts[LANG_MAX] = { 0 };
		/* not a particle ("von") nor an initial ("C.") */
		if (n && !(*p >= 'a' && *p <= 'z') && p[n - 1] != '.') {
			lang_stop_counts(p, n, counts, 1);
			for (int k = 0; k < LANG_MAX; k++)
				if (counts[k])
					return 1;
		}
		p += n;
	}
	return 0;
}

/* Does a word of v belong to chrome by the model's lexicon (the words of
 * boilerplate learned from many sites: "Beiträge", "Kommentieren")? A
 * bare pair of capitalised words is then a label, not a name. */
enum { CHROME_WORD = -1 };	/* a word's log-odds of text, at most */

static int chrome_worded(const char *v)
{
	float f[BF__MAX] = { 0 };
	blocks_lexicon("text", v, strlen(v), f);
	return f[BF_LEX_LOW] <= CHROME_WORD;
}

/* Does v join single words with "und", "and", "et", "y" ("Aufbau und
 * Inhalt", "Gegenwart und Zukunft")? Two people's names joined so have
 * two words or more each side. */
static int joins_words(const char *v)
{
	static const char *const joins[] = { " und ", " and ", " et ", " y ",
	    NULL };
	for (const char *const *j = joins; *j; j++) {
		const char *p = strstr(v, *j);
		if (!p)
			continue;
		size_t before = text_words(v, (size_t)(p - v));
		size_t after = text_words(p + strlen(*j), strlen(p + strlen(*j)));
		if (before < 2 || after < 2)
			return 1;
	}
	return 0;
}

/* A byline's text names people: a few words, no quotes. */
static int name_like(const char *v)
{
	return text_words(v, strlen(v)) <= 7 && !strpbrk(v, "\"«»“”„");
}

/* A short line that is a date (or holds one). */
static int date_line(text_ctx *t, const rline *l)
{
	return l->len <= 60 && (patterns_match(t->pat, PAT_DATE, l->s, NULL) ||
	    patterns_match(t->pat, PAT_DATELINE, l->s, NULL));
}

/* The line after a byline-lead: a name, short, no sentence. */
static const char *led_name(text_ctx *t, const rline *l)
{
	if (l->len > 80 || text_words(l->s, l->len) > 8 ||
	    text_ends_sentence(l->s, l->len) || stops(l))
		return NULL;
	const char *v = group(t, PAT_BYLINE_NAME, l, NULL);
	if (v)
		return v;
	size_t n = l->len;
	while (n > 0 && strchr(" |,", l->s[n - 1]))
		n--;
	return n ? arena_strndup(&t->doc->mem, l->s, n) : NULL;
}

/* Line i as a byline: its text (and a date) or NULL; [*lo, *used] are
 * the lines it takes. */
static const char *byline_at(text_ctx *t, size_t i, size_t from, size_t to,
    int early, const char **date, size_t *lo, size_t *used)
{
	const rline *l = &t->lines[i];
	const char *v;
	*lo = *used = i;
	*date = NULL;
	if (l->len > MAX_LEN)
		return NULL;
	if ((v = group(t, PAT_BYLINE, l, date)))
		return name_like(v) ? v : NULL;
	if (patterns_match(t->pat, PAT_BYLINE_LEAD, l->s, NULL)) {
		size_t j = next_line(t, i, to);
		if (j < to && (v = led_name(t, &t->lines[j]))) {
			*used = j;
			/* and a date on the line after the name */
			size_t d = next_line(t, j, to);
			if (d < to && !stops(&t->lines[d]) &&
			    date_line(t, &t->lines[d])) {
				*date = t->lines[d].s;
				*used = d;
			}
			return v;
		}
		return NULL;
	}
	if (!(v = group(t, PAT_BYLINE_NAME, l, date)) || has_stopword(v) ||
	    chrome_worded(v) || joins_words(v))
		return NULL;
	if (*date && patterns_match(t->pat, PAT_DATE, *date, NULL))
		return v;
	*date = NULL;
	size_t j = next_line(t, i, to), k = prev_line(t, i, from);
	if (early && j < to && text_words(t->lines[j].s, t->lines[j].len) >=
	    LONG_WORDS / 2)
		return v;	/* the article's text follows */
	/* else a bare name counts beside a date line */
	if (j < to && !stops(&t->lines[j]) && date_line(t, &t->lines[j])) {
		*date = t->lines[j].s;
		*used = j;
		return v;
	}
	if (k != (size_t)-1 && date_line(t, &t->lines[k])) {
		*date = t->lines[k].s;
		*lo = k;
		return v;
	}
	return NULL;
}

void byline_find(text_ctx *t, size_t from, size_t to)
{
	dossier_node *a = t->article;
	if (a->as.article.byline)
		return;
	for (size_t i = from, seen = 0, longs = 0; i < to && seen < WINDOW;
	    i++) {
		const rline *l = &t->lines[i];
		if (l->kind == L_BLANK)
			continue;
		if (stops(l))
			return;
		seen++;
		if (text_words(l->s, l->len) >= LONG_WORDS) {
			if (++longs >= MAX_LONG)
				return;
			continue;
		}
		const char *date, *v;
		size_t lo, used;
		if (!(v = byline_at(t, i, from, to, seen <= EARLY, &date, &lo,
		    &used)))
			continue;
		a->as.article.byline = v;
		if (date && !a->as.article.date)
			a->as.article.date = date;
		for (size_t k = lo; k <= used && t->boiler; k++)
			t->boiler[k] = 1;
		return;
	}
}

/* Chrome between the head and the article's first paragraph: the menu
 * items, section labels and tags a scraper keeps there are short lines
 * with no sentence shape, in runs. Within LEAD_LINES non-blank lines of
 * `from`, runs of LEAD_RUN such lines or more before the first long
 * paragraph become boilerplate; with no long paragraph there, nothing is
 * touched (the article may be a list or a poem). */
enum { LEAD_LINES = 20, LEAD_LONG = 20, LEAD_SHORT = 5, LEAD_RUN = 3 };

static int lead_short(const rline *l)
{
	size_t w = text_words(l->s, l->len);
	return l->kind == L_TEXT && w && w <= LEAD_SHORT &&
	    !text_ends_sentence(l->s, l->len);
}

void lead_chrome(text_ctx *t, size_t from, size_t to)
{
	size_t first = to;
	for (size_t i = from, seen = 0; i < to && seen < LEAD_LINES; i++) {
		const rline *l = &t->lines[i];
		if (l->kind == L_BLANK)
			continue;
		if (l->kind != L_TEXT || !t->boiler)
			return;	/* a comment section or chrome rule: leave it */
		seen++;
		if (text_words(l->s, l->len) >= LEAD_LONG) {
			first = i;
			break;
		}
	}
	size_t run = 0, start = from;
	for (size_t i = from; i <= first && i < to; i++) {
		const rline *l = &t->lines[i];
		if (l->kind == L_BLANK)
			continue;
		if (i < first && lead_short(l)) {
			if (!run++)
				start = i;
			continue;
		}
		for (size_t k = start; run >= LEAD_RUN && k < i; k++)
			if (lead_short(&t->lines[k]))
				t->boiler[k] = 1;
		run = 0;
	}
}
