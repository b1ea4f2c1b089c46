/* headline.c: features of a headline candidate that read the blocks
 * around it (blocks.h): how many of its words the article's first
 * paragraphs use (a headline names what the text is about; chrome, menus
 * and a site's name do not), whether it is an image's alt text with its
 * caption after it, a caption's credit, a breadcrumb holding a near
 * block's text or ending with its own, a dek under a shorter headline;
 * then, beside the other candidates, the most body words and some
 * features of the candidates before and after it. Across sites and
 * languages: no word list names a site. */
#include "blocks.h"
#include "../tree/tree.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
	MIN_CHARS = 4,		/* shorter words (articles, "in") tell little */
	BODY_WORDS = 600,	/* words read of the article's first blocks */
	NEAR = 2,		/* neighbours compared each side */
	ECHO = 10,		/* blocks each side sought for the same text */
	KEY_MAX = 300,		/* longer blocks are not keyed: paragraphs */
	KEY_MIN = 12		/* shorter keys are not sought inside others */
};

/* A word's block when it is in one block only, else MULTI. */
#define MULTI ((gpointer)(~(gsize)0))

/* Calls fn on each word of s of MIN_CHARS letters or digits or more,
 * case folded; stops after most words (0: all), returns how many. */
static size_t each_word(const char *s, size_t n, size_t most,
    void (*fn)(char *w, void *arg), void *arg)
{
	size_t words = 0;
	const char *e = s + n, *from = NULL;
	size_t chars = 0;
	for (const char *p = s; p <= e && (!most || words < most);) {
		gunichar c = p < e ? g_utf8_get_char_validated(p, e - p) : 0;
		int in = p < e && c != (gunichar)-1 && c != (gunichar)-2 &&
		    g_unichar_isalnum(c);
		if (in) {
			if (!from)
				from = p;
			chars++;
		} else if (from) {
			if (chars >= MIN_CHARS) {
				fn(g_utf8_casefold(from, p - from), arg);
				words++;
			}
			from = NULL;
			chars = 0;
		}
		if (p == e)
			break;
		p = in ? g_utf8_next_char(p) : p + 1;
	}
	return words;
}

typedef struct add_arg {
	GHashTable *set;
	size_t block;
} add_arg;

static void add_word(char *w, void *arg)
{
	add_arg *a = arg;
	gpointer v = GSIZE_TO_POINTER(a->block + 1), old;
	if (g_hash_table_lookup_extended(a->set, w, NULL, &old)) {
		if (old != v)
			g_hash_table_insert(a->set, w, MULTI);	/* frees w */
		else
			g_free(w);
	} else {
		g_hash_table_insert(a->set, w, v);
	}
}

/* s's key: case folded, each run of what is not a letter or a digit one
 * space, none at the ends ("» Unbefriedigt" and "UNBEFRIEDIGT" are the
 * same text); NULL for a long block. */
static char *text_key(const char *s, size_t n)
{
	if (n > KEY_MAX)
		return NULL;
	char *f = g_utf8_casefold(s, (gssize)n);
	GString *k = g_string_sized_new(n);
	int gap = 0;
	for (const char *p = f; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalnum(c)) {
			gap = k->len > 0;
			continue;
		}
		if (gap)
			g_string_append_c(k, ' ');
		gap = 0;
		g_string_append_unichar(k, c);
	}
	g_free(f);
	return g_string_free(k, FALSE);
}

/* Keys of the page's short blocks, and how many blocks have each. */
static void key_blocks(headline_ctx *h, const blk *b, size_t n)
{
	h->copies = g_hash_table_new(g_str_hash, g_str_equal);
	h->keys = xcalloc(n ? n : 1, sizeof *h->keys);
	h->n = n;
	for (size_t i = 0; i < n; i++) {
		char *k = g_utf8_validate(b[i].s, (gssize)b[i].len, NULL) ?
		    text_key(b[i].s, b[i].len) : NULL;
		if (k && !*k) {
			g_free(k);
			k = NULL;
		}
		if (!(h->keys[i] = k))
			continue;
		gpointer v = g_hash_table_lookup(h->copies, k);
		g_hash_table_insert(h->copies, k, GSIZE_TO_POINTER(
		    GPOINTER_TO_SIZE(v) + 1));
	}
}

void headline_begin(headline_ctx *h, const blk *b, size_t n, size_t first)
{
	key_blocks(h, b, n);
	h->words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	size_t got = 0;
	for (size_t i = first; i < n && got < BODY_WORDS; i++)
		if (b[i].kind == BK_BODY) {
			add_arg a = { h->words, i };
			got += each_word(b[i].s, b[i].len, BODY_WORDS - got,
			    add_word, &a);
		}
}

void headline_end(headline_ctx *h)
{
	if (h->words)
		g_hash_table_destroy(h->words);
	h->words = NULL;
	if (h->copies)
		g_hash_table_destroy(h->copies);
	h->copies = NULL;
	for (size_t i = 0; h->keys && i < h->n; i++)
		g_free(h->keys[i]);
	free(h->keys);
	h->keys = NULL;
}

/* Does key o hold key k whole, at word bounds, beside other words? */
static int key_holds(const char *o, size_t ol, const char *k, size_t kl)
{
	if (ol <= kl + 1)
		return 0;
	for (const char *p = o; (p = memmem(p, ol - (size_t)(p - o), k, kl));
	    p++)
		if ((p == o || p[-1] == ' ') && (p + kl == o + ol ||
		    p[kl] == ' '))
			return 1;
	return 0;
}

/* Is o a block cut short ("A headline that goes on...") whose kept
 * words open k? The key drops the ellipsis; o's text shows it. */
static int stem_of(const blk *ob, const char *o, const char *k, size_t kl)
{
	size_t ol = strlen(o);
	const char *e = ob->s + ob->len;
	int cut = (ob->len >= 3 && memcmp(e - 3, "...", 3) == 0) ||
	    (ob->len >= 3 && memcmp(e - 3, "…", 3) == 0);
	return cut && ol >= KEY_MIN && ol < kl && memcmp(o, k, ol) == 0;
}

/* TF_COPIES to TF_STEM: block j's text elsewhere on the page. */
static void repeat_features(const headline_ctx *h, const blk *b, size_t j,
    float w, float *tf)
{
	const char *k = j < h->n ? h->keys[j] : NULL;
	if (!k)
		return;
	size_t copies = GPOINTER_TO_SIZE(g_hash_table_lookup(h->copies, k)),
	    kl = strlen(k);
	int far = 0, held = 0, stem = 0;
	for (size_t i = 0; i < h->n; i++) {
		const char *o = h->keys[i];
		if (i == j || !o)
			continue;
		if (copies > 1 && (i + ECHO < j || i > j + ECHO) &&
		    strcmp(o, k) == 0)
			far = 1;
		if (kl >= KEY_MIN && !held)
			held = key_holds(o, strlen(o), k, kl);
		if (!stem)
			stem = stem_of(&b[i], o, k, kl);
	}
	tf[TF_COPIES] = logf((float)copies);
	tf[TF_COPY_FAR] = far;
	tf[TF_COPY_LONG] = copies > 1 && w >= 4;
	tf[TF_HELD] = held;
	tf[TF_HELD_LONG] = held && w >= 4;
	tf[TF_STEM] = stem;
}

typedef struct hit_arg {
	GHashTable *set;
	size_t self, hits;
} hit_arg;

static void hit_word(char *w, void *arg)
{
	hit_arg *a = arg;
	gpointer v;
	if (g_hash_table_lookup_extended(a->set, w, NULL, &v) &&
	    v != GSIZE_TO_POINTER(a->self + 1))
		a->hits++;
	g_free(w);
}

/* Does a open b, b being longer (an image's alt text, then the caption
 * with its credit: "A man at work" "A man at work. Photo: X")? */
static int opens(const blk *a, const blk *b)
{
	return a->len >= 12 && b->len > a->len &&
	    memcmp(a->s, b->s, a->len) == 0;
}

/* Does c hold the text of another block near it after a separator ("Home
 * > News > Headline" above "Headline")? */
static int holds_near(const blk *b, size_t n, size_t j)
{
	const blk *c = &b[j];
	for (size_t k = j > NEAR + 1 ? j - NEAR - 1 : 0; k < n &&
	    k <= j + NEAR + 1; k++) {
		const blk *o = &b[k];
		if (k != j && o->len >= 12 && c->len > o->len + 1 &&
		    memcmp(c->s + c->len - o->len, o->s, o->len) == 0)
			return 1;
	}
	return 0;
}

/* Marks of an image's credit anywhere in the text: "Foto: ", "Photo by",
 * "©", "(Symbolbild)". Words of the languages learned on. */
static int credit_marked(const blk *c)
{
	static const char *const marks[] = { "foto:", "fotos:", "photo:",
	    "photos:", "bild:", "image:", "images:", "credit:", "credits:",
	    "quelle:", "source:", "photo by", "foto von", "©",
	    "symbolbild", "(archiv", "getty images", "/ dpa", NULL };
	size_t n = c->len < 400 ? c->len : 400;
	char low[401];
	for (size_t i = 0; i < n; i++)
		low[i] = g_ascii_tolower(c->s[i]);
	for (const char *const *m = marks; *m; m++)
		if (memmem(low, n, *m, strlen(*m)))
			return 1;
	return 0;
}

/* How many blocks near c have its text (ASCII case aside): a headline
 * over its image's alt text, or a menu's item over and over. */
static int echoes_near(const blk *b, size_t n, size_t j)
{
	const blk *c = &b[j];
	int echoes = 0;
	for (size_t k = j > ECHO ? j - ECHO : 0; k < n && k <= j + ECHO; k++)
		echoes += k != j && b[k].len == c->len && c->len >= 8 &&
		    g_ascii_strncasecmp(b[k].s, c->s, c->len) == 0;
	return echoes;
}

/* Does a block near c end with its text after a separator: the last
 * item of a breadcrumb ("Home » News » Headline")? */
static int crumb_tail(const blk *b, size_t n, size_t j)
{
	static const char *const seps[] = { " » ", " › ", " > ", " / ",
	    " | ", ">", "»", NULL };
	const blk *c = &b[j];
	if (c->len < 8)
		return 0;
	for (size_t k = j > ECHO ? j - ECHO : 0; k < n && k <= j + ECHO; k++) {
		const blk *o = &b[k];
		if (k == j || o->len <= c->len + 1 ||
		    memcmp(o->s + o->len - c->len, c->s, c->len) != 0)
			continue;
		for (const char *const *sp = seps; *sp; sp++) {
			size_t sl = strlen(*sp);
			if (o->len >= c->len + sl && memcmp(o->s + o->len -
			    c->len - sl, *sp, sl) == 0)
				return 1;
		}
	}
	return 0;
}

/* A byline's block: "By NAME", or the word for "by" alone on its line
 * with the name under it. */
static int byline_cue(const blk *c)
{
	static const char *const alone[] = { "by", "von", "par", "por",
	    "door", "av", "af", "przez", "autor", "autorin", "author",
	    "auteur", NULL };
	if (blocks_byline_shaped(c))
		return 1;
	size_t n = c->len && c->s[c->len - 1] == ':' ? c->len - 1 : c->len;
	for (const char *const *w = alone; *w; w++)
		if (n == strlen(*w) && g_ascii_strncasecmp(c->s, *w, n) == 0)
			return 1;
	return 0;
}

/* An image's credit under its caption: "Foto: X", "(Name / Agency)",
 * "Name/Agency". */
static int credit_line(const blk *c)
{
	float w = blocks_head_words(c);
	if (c->len < 3 || w > 12)
		return 0;
	return credit_marked(c) || (c->s[0] == '(' && c->s[c->len - 1] ==
	    ')') || (w <= 8 && memchr(c->s, '/', c->len) &&
	    c->f[BF_END_PERIOD] == 0);
}

enum { BYLINE_NEAR = 8 };	/* blocks sought each side for a byline */

/* TF_BYLINE_AFTER, TF_BYLINE_BEFORE, TF_CREDIT_NEXT: the head's order. */
static void head_order(const blk *b, size_t n, size_t j, float *tf)
{
	for (size_t k = j + 1; k < n && k <= j + BYLINE_NEAR; k++)
		if (byline_cue(&b[k])) {
			tf[TF_BYLINE_AFTER] = 1;
			break;
		}
	for (size_t k = j > BYLINE_NEAR ? j - BYLINE_NEAR : 0; k < j; k++)
		if (byline_cue(&b[k]))
			tf[TF_BYLINE_BEFORE] = 1;
	tf[TF_CREDIT_NEXT] = j + 1 < n && credit_line(&b[j + 1]);
}

static int shaped_head(const blk *c)
{
	float w = blocks_head_words(c);
	return c->fixed < 0 && w >= 3 && w <= 20 && c->f[BF_END_PERIOD] == 0;
}

void headline_features(const headline_ctx *h, const blk *b, size_t n,
    size_t j, float *tf)
{
	const blk *c = &b[j];
	hit_arg a = { h->words, j, 0 };
	size_t words = each_word(c->s, c->len, 40, hit_word, &a);
	tf[TF_BODY_SHARE] = words ? (float)a.hits / (float)words : 0;
	tf[TF_BODY_HITS] = logf(1 + (float)a.hits);
	tf[TF_ALT_TEXT] = j + 1 < n && opens(c, &b[j + 1]);
	tf[TF_ALT_CAPTION] = j > 0 && opens(&b[j - 1], c);
	tf[TF_CREDIT] = credit_marked(c);
	tf[TF_HOLDS_NEAR] = holds_near(b, n, j);
	tf[TF_AFTER_HEAD] = j > 0 && shaped_head(&b[j - 1]) &&
	    b[j - 1].len < c->len;
	unsigned char o = c->len ? (unsigned char)c->s[0] : 0;
	unsigned char z = c->len ? (unsigned char)c->s[c->len - 1] : 0;
	tf[TF_DASH_START] = (o == '-' || o == '*' || (c->len > 3 &&
	    (memcmp(c->s, "– ", 4) == 0 || memcmp(c->s, "• ", 4) == 0)));
	tf[TF_END_SEP] = z == '/' || z == '|' || z == ':' || z == '-' ||
	    z == ',' || z == '>';
	for (size_t k = j > 2 ? j - 2 : 0; k < j; k++)
		if (b[k].f[BF_DATE] > 0)
			tf[TF_DATE_BEFORE] = 1;
	size_t k = j + 1;
	while (k < n && k <= j + 30 && blocks_head_words(&b[k]) < 20)
		k++;
	tf[TF_TO_LONG] = logf((float)(k - j));
	int echoes = echoes_near(b, n, j);
	tf[TF_ECHO_NEAR] = echoes > 0;
	tf[TF_ECHO_MANY] = echoes > 2;
	tf[TF_CRUMB_TAIL] = crumb_tail(b, n, j);
	float w = blocks_head_words(c);
	tf[TF_W4_8] = w >= 4 && w <= 8;
	tf[TF_W9_14] = w >= 9 && w <= 14;
	repeat_features(h, b, j, w, tf);
	head_order(b, n, j, tf);
}

/* Share of c's words that block o has too. */
static float shares(const blk *c, const blk *o)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	add_arg a = { set, 0 };
	each_word(o->s, o->len < 2000 ? o->len : 2000, 0, add_word, &a);
	hit_arg t = { set, SIZE_MAX - 2, 0 };	/* no block */
	size_t words = each_word(c->s, c->len, 40, hit_word, &t);
	g_hash_table_destroy(set);
	return words ? (float)t.hits / (float)words : 0;
}

/* The candidate's features copied from the candidates before and after
 * it on the page: a headline has a dek or a byline under it, a caption an
 * image's alt text over it. */
static const int copied[NB_COPIED] = { TF_LOGWORDS, TF_BODY_HITS,
	TF_END_PERIOD, TF_DATE, TF_WORDS_OK, TF_W1_2, TF_CREDIT, TF_SCORE };

static void copy_neighbour(float *tf, const headline_cand *o, size_t j,
    int first)
{
	if (!o)
		return;
	for (int q = 0; q < NB_COPIED; q++)
		tf[first + q] = o->tf[copied[q]];
	tf[first + NB_COPIED] = (o->j > j ? o->j - j : j - o->j) > 2;
}

void headline_relative(headline_cand *c, size_t k, const blk *b, size_t n)
{
	float most = 0;
	for (size_t i = 0; i < k; i++)
		if (c[i].tf[TF_BODY_HITS] > most)
			most = c[i].tf[TF_BODY_HITS];
	float (*nb)[2][NB_COPIED + 1] = xcalloc(k ? k : 1, sizeof *nb);
	for (size_t i = 0; i < k; i++) {
		const headline_cand *prev = NULL, *next = NULL;
		for (size_t q = 0; q < k; q++) {
			if (c[q].j < c[i].j && (!prev || c[q].j > prev->j))
				prev = &c[q];
			if (c[q].j > c[i].j && (!next || c[q].j < next->j))
				next = &c[q];
		}
		float tf[TF__MAX] = { 0 };
		copy_neighbour(tf, prev, c[i].j, 0);
		copy_neighbour(tf, next, c[i].j, NB_COPIED + 1);
		memcpy(nb[i], tf, sizeof nb[i]);
	}
	for (size_t i = 0; i < k; i++) {
		float *tf = c[i].tf;
		size_t j = c[i].j;
		memcpy(tf + TF_P_LOGWORDS, nb[i], sizeof nb[i]);
		tf[TF_HITS_BEST] = most > 0 && tf[TF_BODY_HITS] == most;
		if (j + 1 >= n)
			continue;
		for (size_t q = 0; q < k; q++)
			if (c[q].j == j + 1 && c[q].tf[TF_LOGWORDS] >
			    tf[TF_LOGWORDS] + 0.3f)
				tf[TF_DEK_NEXT] = 1;
		tf[TF_NEXT_SHARES] = shares(&b[j], &b[j + 1]);
	}
	free(nb);
}
