/* page.c: a scraped page's lines as blocks for the classifier (blocks.h):
 * the features a line of text shows (length, stopwords of the page's
 * language, sentence shape, capitals, digits and dates, addresses,
 * separators, repetition on the page), and the classifier's verdict laid
 * back on the lines. */
#include "read.h"
#include "blocks.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A date or a time: a year 1900-2099 standing alone, d.m. or d/m, h:mm. */
static int has_date(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(p[i]) || (i > 0 && is_digit(p[i - 1])))
			continue;
		size_t j = i;
		while (j < n && is_digit(p[j]))
			j++;
		size_t d = j - i;
		if (d == 4 && (p[i] == '1' || p[i] == '2') &&
		    (p[i + 1] == '9' || p[i + 1] == '0') &&
		    (j == n || !g_ascii_isalnum(p[j])))
			return 1;
		if (d <= 2 && j + 1 < n && (p[j] == '.' || p[j] == '/' ||
		    p[j] == ':' || p[j] == '-') && is_digit(p[j + 1]))
			return 1;
	}
	return 0;
}

static int ends_period(const char *s, size_t n)
{
	n = text_strip_closers(s, n);
	if (n == 0)
		return 0;
	char c = s[n - 1];
	if (c == '.' || c == '!' || c == '?')
		return !(n >= 3 && memcmp(s + n - 3, "...", 3) == 0);
	return utf8_ends_wide_stop(s, n);
}

static int ends_ellipsis(const char *s, size_t n)
{
	return (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) ||
	    (n >= 3 && memcmp(s + n - 3, "…", 3) == 0);
}

/* Does s open with a label of one or two words and a colon, then more
 * ("Foto: ...", "Read more: ...", "Crédits photos : ...")? Captions,
 * credits and teasers do; the article's sentences seldom. */
static int label_open(const char *s, size_t n)
{
	int spaces = 0;
	for (size_t i = 0; i + 2 < n && i < 40; i++) {
		if (s[i] == ':')
			return i > 0 && s[i + 1] == ' ';
		if (s[i] == ' ' && ++spaces > 2)
			return 0;
		if (s[i] == '.' || s[i] == ',')
			return 0;
	}
	return 0;
}

/* Does s name an image's credit past its first word: a word of the
 * pictures' (in the languages learned on) and a colon, after a space or
 * an opening bracket ("... Foto: dpa", "(Bild: Agency)")? A caption
 * under a picture has one; the article's sentences seldom. */
static int credit_inside(const char *s, size_t n)
{
	static const char *const words[] = { "foto", "fotos", "photo",
	    "photos", "bild", "bilder", "credit", "credits", "crédit",
	    "crédits", "fot.", "zdjęcie", "imagen", "immagine", "image",
	    "picture", "illustration", "grafik", "quelle", "source", NULL };
	for (const char *p = s; (p = memchr(p, ':', (size_t)(s + n - p)));
	    p++) {
		size_t w = 0;
		while (p - w > s && p[-(ptrdiff_t)w - 1] != ' ' &&
		    p[-(ptrdiff_t)w - 1] != '(' && w < 12)
			w++;
		const char *a = p - w;
		if (a == s || w == 0 || w >= 12)
			continue;
		for (const char *const *k = words; *k; k++)
			if (strlen(*k) == w && g_ascii_strncasecmp(a, *k, w) == 0)
				return 1;
	}
	return 0;
}

/* What one pass over a line's bytes counts. */
typedef struct line_scan {
	size_t caps, letters, upper, digits, chars, spaces, seps, commas;
	size_t sentences;	/* ends of a sentence before a capital */
	size_t unspaced;	/* Han and kana characters */
	int link;
} line_scan;

/* A character beyond ASCII at s[i]: separators and © read from its
 * bytes, letters and capitals from its code point; returns the index of
 * the next. */
static size_t scan_wide(const char *s, size_t n, size_t i, int at_word,
    line_scan *c)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char a = u[i];
	if (a == 0xC2 && i + 1 < n) {
		c->seps += u[i + 1] == 0xB7 || u[i + 1] == 0xBB; /* · » */
		c->link |= u[i + 1] == 0xA9;	/* © */
	} else if (a == 0xE2 && i + 2 < n && u[i + 1] == 0x80) {
		c->seps += u[i + 2] == 0xA2 || u[i + 2] == 0xBA; /* • › */
	}
	gunichar ch = g_utf8_get_char(s + i);
	size_t next = (size_t)(g_utf8_next_char(s + i) - s);
	if (utf8_unspaced(ch))
		c->unspaced++;
	/* 。！？ inside the line end a sentence, ，、 are commas */
	else if (next < n && utf8_ends_wide_stop(s, next))
		c->sentences++;
	else if (ch == 0xFF0C || ch == 0x3001)
		c->commas++;
	if (g_unichar_isalpha(ch)) {
		c->letters++;
		if (g_unichar_isupper(ch)) {
			c->upper++;
			c->caps += at_word;
		}
	}
	return next;
}

/* Count a line's letters, capitals, digits, separators and links. */
static void scan_line(const char *s, size_t n, line_scan *c)
{
	int at_word = 1;
	const unsigned char *u = (const unsigned char *)s;
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < n;) {
		unsigned char a = u[i];
		c->chars++;
		if (a >= 0x80) {
			i = scan_wide(s, n, i, at_word, c);
			at_word = 0;
			continue;
		}
		if (a == ' ') {	/* most text: no decoding */
			c->spaces++;
			at_word = 1;
			i++;
			continue;
		}
		if (g_ascii_isalpha(a)) {
			c->letters++;
			if (g_ascii_isupper(a)) {
				c->upper++;
				c->caps += at_word;
			} else if ((a == 'h' && i + 4 <= n &&
			    memcmp(u + i, "http", 4) == 0) || (a == 'w' &&
			    i + 4 <= n && memcmp(u + i, "www.", 4) == 0)) {
				c->link = 1;
			}
		} else if (a >= '0' && a <= '9') {
			c->digits++;
		} else if (a == ',') {
			c->commas++;
		} else if ((a == '.' || a == '!' || a == '?') && i + 2 < n &&
		    u[i + 1] == ' ' && (g_ascii_isupper(u[i + 2]) ||
		    u[i + 2] >= 0xC3)) {
			c->sentences++;
		} else if (a == '@') {
			c->link = 1;
		} else if ((a == '|' || a == '/') && i > 0 && i + 1 < n &&
		    u[i - 1] == ' ' && u[i + 1] == ' ') {
			c->seps++;
		}
		at_word = 0;
		i++;
	}
}

/* Everything but the stopwords. Lines come with their white space
 * collapsed to single spaces. */
static void line_features(const rline *l, float *f)
{
	const char *s = l->s;
	size_t n = l->len;
	line_scan c;
	scan_line(s, n, &c);
	size_t caps = c.caps, letters = c.letters, upper = c.upper;
	size_t digits = c.digits, chars = c.chars, spaces = c.spaces;
	size_t seps = c.seps, commas = c.commas;
	int link = c.link;
	/* a word of Chinese or Japanese is two characters or so: a
	 * paragraph without spaces is not one word */
	size_t words = n ? spaces + 1 + c.unspaced / 2 : 0;
	float w = (float)words;
	f[BF_LOGWORDS] = logf(1 + w);
	f[BF_W1] = words <= 1;
	f[BF_W2_3] = words >= 2 && words <= 3;
	f[BF_W4_6] = words >= 4 && words <= 6;
	f[BF_W7_12] = words >= 7 && words <= 12;
	f[BF_W13_25] = words >= 13 && words <= 25;
	f[BF_W26UP] = words >= 26;
	f[BF_END_PERIOD] = ends_period(s, n);
	f[BF_END_COLON] = n && s[n - 1] == ':';
	f[BF_END_ELLIPSIS] = ends_ellipsis(s, n);
	f[BF_START_LOWER] = n && g_unichar_islower(g_utf8_get_char(s));
	f[BF_CAPS_SHARE] = words ? (float)caps / w : 0;
	f[BF_ALLCAPS] = letters >= 4 && upper == letters;
	f[BF_DIGITS] = chars ? (float)digits / (float)chars : 0;
	f[BF_DATE] = digits && has_date(s, n);
	f[BF_LINKISH] = link;
	f[BF_SEPARATORS] = seps > 4 ? 1 : (float)seps / 4;
	f[BF_COMMAS] = words ? (float)commas / w : 0;
	f[BF_WORDLEN] = words ? (float)chars / w / 10 : 0;
	f[BF_PATTERN] = l->kind == L_CHROME || l->kind == L_SLUG;
	f[BF_LABEL_OPEN] = label_open(s, n);
	f[BF_CREDIT] = credit_inside(s, n);
	f[BF_SENTENCES] = logf(1 + (float)(c.sentences +
	    (f[BF_END_PERIOD] > 0)));
}

/* The page's language from its stopword counts, or by the script when
 * they tell nothing (no spaces between words, or too little text); *li
 * stays 0 then: the first language's stopwords, for want of any. */
static const char *page_lang(const blk *b, size_t nb, const unsigned *page,
    size_t all, unsigned *li)
{
	const char *lang = lang_pick(page, all, li);
	if (lang)
		return lang;
	buf txt = { 0 };
	for (size_t k = 0; k < nb && txt.len < 4096; k++)
		if (b[k].fixed < 0) {
			buf_put(&txt, b[k].s, b[k].len);
			buf_put(&txt, " ", 1);
		}
	lang = lang_guess(txt.data ? txt.data : "", txt.len);
	buf_free(&txt);
	return lang;
}

/* How many words s has, counted up to most (what the shape needs). */
static size_t count_words(const char *s, size_t n, size_t most)
{
	size_t w = n > 0;
	for (const char *p = s, *e = s + n; w < most &&
	    (p = memchr(p, ' ', (size_t)(e - p))); p++)
		w++;
	/* two characters of an unspaced script a word, as line_features */
	size_t u = 0;
	for (const char *p = s, *e = s + n; w + u / 2 < most && p < e;
	    p = g_utf8_next_char(p))
		u += (unsigned char)*p >= 0xE3 && utf8_unspaced(g_utf8_get_char(p));
	return w + u / 2 < most ? w + u / 2 : most;
}

/* An article file as written, without a site around it (the shape the
 * seeds and most saved articles have): at most three short blocks of
 * head (a headline, a dek, a byline) before the first paragraph, then
 * text with hardly a short block and never two in a row, as menus and
 * link lists have. Such a file is kept whole, as the classifier would
 * keep it, without the cost of its features. */
static int clean_file(const blk *b, size_t nb)
{
	size_t head = 0, text = 0, shorts = 0;
	int para = 0, run = 0;
	for (size_t k = 0; k < nb; k++) {
		if (b[k].fixed >= 0 || b[k].kicker)
			continue;
		size_t w = count_words(b[k].s, b[k].len, 13);
		if (!para) {
			if (w >= 13 || (w >= 8 &&
			    text_ends_sentence(b[k].s, b[k].len)))
				para = 1;
			else if (++head > 3)
				return 0;
			continue;
		}
		text++;
		if (w <= 3) {
			shorts++;
			if (++run >= 2)
				return 0;
		} else {
			run = 0;
		}
	}
	return para && text >= 2 && shorts <= 1 + text / 10;
}

/* The clean file's verdict: every block of text kept, the first (under
 * a kicker) its headline when it is shaped like one; the language from
 * the first few hundred words of its paragraphs. */
static void page_clean(text_ctx *t, blk *b, const size_t *line_of,
    size_t nb, size_t to, page_result *r)
{
	unsigned page[LANG_MAX] = { 0 }, li = 0;
	size_t all = 0;
	for (size_t k = 0; k < nb && all < 200; k++)
		if (b[k].fixed < 0 && b[k].len >= 40)
			all += lang_stop_counts(b[k].s, b[k].len, page, 40);
	r->lang = page_lang(b, nb, page, all, &li);
	/* what stands before the first text (a kicker) is the head's, read
	 * there, not the body's */
	size_t j0 = 0, j = nb;
	while (j0 < nb && (b[j0].fixed >= 0 || b[j0].kicker))
		j0++;
	if (j0 < nb) {
		size_t w = count_words(b[j0].s, b[j0].len, 27);
		b[j0].f[BF_LOGWORDS] = logf(1 + (float)w);
		b[j0].f[BF_END_PERIOD] = ends_period(b[j0].s, b[j0].len);
		if (blocks_headline_shaped(&b[j0])) {
			j = j0;
			r->title = (long)line_of[j];
			r->title_was_body = 1;
		}
	}
	FILE *ex = t->doc->opts.explain;
	if (ex)
		fprintf(ex, "page %s lang %s blocks %zu clean-file\n", t->name,
		    r->lang ? r->lang : "-", nb);
	for (size_t k = 0; k < nb; k++) {
		int body = b[k].fixed < 0 && k >= j0 && k != j;
		for (unsigned q = 0; !body && q < b[k].lines; q++)
			t->boiler[line_of[k] + q] = 1;
		if (body && r->first == to)
			r->first = r->first_any = line_of[k];
		r->paragraphs += body && count_words(b[k].s, b[k].len, 13) >= 13;
		if (ex)
			fprintf(ex, "block %u+%u %s 0 0 %s | %.*s\n", b[k].no,
			    b[k].lines ? b[k].lines - 1 : 0, k == j ? "title" :
			    body ? "body" : "boiler", b[k].fixed >= 0 ?
			    b[k].rule : "clean-file", (int)(b[k].len > 100 ? 100 :
			    b[k].len), b[k].s);
	}
}

/* Cut the lines before to into blocks (b, with each one's first line
 * in line_of); how many. */
/* The blocks' text lives in mem, the classifier's own: only the
 * verdicts outlive it. */
static size_t make_blocks(text_ctx *t, size_t to, blk *b, size_t *line_of,
    arena *mem)
{
	size_t k = 0;
	joiner j = { 0 };
	for (size_t i = 0; i < to; i++) {
		rline *l = &t->lines[i];
		if (l->kind != L_TEXT && l->kind != L_CHROME &&
		    l->kind != L_SLUG)
			continue;
		/* A hard-wrapped paragraph is one block: a line that starts
		 * in lower case right under text that does not end a
		 * sentence continues it. */
		if (k && l->kind == L_TEXT && i > 0 &&
		    line_of[k - 1] + b[k - 1].lines == i &&
		    t->lines[i - 1].kind == L_TEXT && b[k - 1].fixed < 0 &&
		    !text_ends_sentence(t->lines[i - 1].s, t->lines[i - 1].len) &&
		    text_starts_lower(l->s, l->len)) {
			blk *c = &b[k - 1];
			joiner_add(&j, &c->s, &c->len, l->s, l->len);
			c->lines++;
			continue;
		}
		if (k)
			joiner_end(&j, mem, &b[k - 1].s, &b[k - 1].len);
		blk *c = &b[k];
		c->s = l->s;
		c->len = l->len;
		c->no = l->no;
		c->lines = 1;
		c->fixed = l->kind == L_TEXT ? -1 : BK_BOILER;
		c->kicker = l->kind == L_TEXT && l->len <= 40 &&
		    patterns_match(t->pat, PAT_KICKER, l->s, NULL);
		c->dateline = l->kind == L_TEXT && l->len <= 60 &&
		    patterns_match(t->pat, PAT_DATELINE, l->s, NULL);
		c->rule = l->kind == L_SLUG ? "rule:slug" : "rule:chrome";
		/* a teaser for another article, inside the article or not */
		if (c->fixed < 0 && blocks_teaser(l->s, l->len)) {
			c->fixed = BK_BOILER;
			c->rule = "rule:teaser";
		}
		line_of[k++] = i;
	}
	if (k)
		joiner_end(&j, mem, &b[k - 1].s, &b[k - 1].len);
	buf_free(&j.b);
	return k;
}

/* Each block's features: the page's language by the stopwords of its
 * longer blocks (one pass over the words), each block's share of that
 * language's, its shape, its words in the lexicon, whether its text
 * stands elsewhere on the page; then its neighbours'. */
static void block_features(text_ctx *t, blk *b, const size_t *line_of,
    size_t nb, page_result *r)
{
	unsigned (*counts)[LANG_MAX] = xcalloc(nb, sizeof *counts);
	size_t *words = xmalloc(nb * sizeof *words), all = 0;
	unsigned page[LANG_MAX] = { 0 }, li = 0;
	for (size_t k = 0; k < nb; k++) {
		/* the first words of a block tell as well as all of them */
		words[k] = lang_stop_counts(b[k].s, b[k].len, counts[k], 40);
		if (b[k].fixed < 0 && b[k].len >= 40) {
			all += words[k];
			for (unsigned q = 0; q < LANG_MAX; q++)
				page[q] += counts[k][q];
		}
	}
	r->lang = page_lang(b, nb, page, all, &li);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t k = 0; k < nb; k++) {
		blk *c = &b[k];
		rline tmp = t->lines[line_of[k]];
		tmp.s = c->s;
		tmp.len = c->len;
		line_features(&tmp, c->f);
		blocks_lexicon("text", c->s, c->len, c->f);
		c->f[BF_STOP] = words[k] ? (float)counts[k][li] /
		    (float)words[k] : 0;
		c->f[BF_NOSTOP] = words[k] >= 3 && c->f[BF_STOP] == 0;
		c->f[BF_STOP_MID] = c->f[BF_STOP] * (c->f[BF_W4_6] +
		    c->f[BF_W7_12]);
		c->f[BF_STOP_LONG] = c->f[BF_STOP] * (c->f[BF_W13_25] +
		    c->f[BF_W26UP]);
		/* the first block with this text, by its text (long
		 * paragraphs are not sought: the cost of hashing them) */
		if (c->len > 300)
			continue;
		gpointer prev = g_hash_table_lookup(seen, c->s);
		if (prev) {
			b[GPOINTER_TO_SIZE(prev) - 1].f[BF_REPEATED] = 1;
			c->f[BF_REPEATED] = 1;
		} else {
			g_hash_table_insert(seen, (gpointer)c->s,
			    GSIZE_TO_POINTER(k + 1));
		}
	}
	g_hash_table_destroy(seen);
	free(counts);
	free(words);
	blocks_context(b, nb);
}

void page_classify(text_ctx *t, size_t to, page_result *r)
{
	r->title = -1;
	r->first = to;
	r->first_any = to;
	r->lang = NULL;
	r->title_was_body = 0;
	r->paragraphs = 0;
	size_t nb = 0;
	for (size_t i = 0; i < to; i++) {
		const rline *l = &t->lines[i];
		nb += l->kind == L_TEXT || l->kind == L_CHROME ||
		    l->kind == L_SLUG;
	}
	t->boiler = xcalloc(t->n + 1, 1);
	if (nb == 0)
		return;
	blk *b = xcalloc(nb, sizeof *b);
	size_t *line_of = xmalloc((nb + 1) * sizeof *line_of);
	arena mem;
	arena_init(&mem);
	nb = make_blocks(t, to, b, line_of, &mem);
	if (clean_file(b, nb)) {
		page_clean(t, b, line_of, nb, to, r);
		arena_free(&mem);
		free(line_of);
		free(b);
		return;
	}
	block_features(t, b, line_of, nb, r);
	blk_result res;
	FILE *ex = t->doc->opts.explain;
	if (ex)
		fprintf(ex, "page %s lang %s blocks %zu\n", t->name,
		    r->lang ? r->lang : "-", nb);
	blocks_classify(b, nb, "text", &res, ex);
	blocks_keep_last(b, nb, 0);
	for (size_t j = 0; j < nb; j++) {
		for (unsigned q = 0; b[j].kind != BK_BODY && q < b[j].lines; q++)
			t->boiler[line_of[j] + q] = 1;
		if (b[j].kind == BK_BODY && r->first_any == to)
			r->first_any = line_of[j];
		r->paragraphs += b[j].kind == BK_BODY &&
		    b[j].f[BF_W13_25] + b[j].f[BF_W26UP] > 0;
		if (b[j].kind == BK_BODY && r->first == to &&
		    j >= res.stretch_from)
			r->first = line_of[j];
	}
	if (res.title >= 0)
		r->title = (long)line_of[res.title];
	r->title_was_body = res.title_was_body;
	arena_free(&mem);
	free(line_of);
	free(b);
}

void page_apply(text_ctx *t, size_t from, size_t to)
{
	for (size_t i = from; i < to && t->boiler; i++)
		if (t->boiler[i] && t->lines[i].kind == L_TEXT)
			t->lines[i].kind = L_BOILER;
}
