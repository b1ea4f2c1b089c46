/* blocks.c: the block classifier (blocks.h). Two passes of logistic
 * scores: the first from each block's own features, the second from the
 * first's scores around it and the article's stretch (boilerplate comes
 * in runs; the article is one contiguous stretch, found as the run of
 * blocks with the best total score, as in Kadane's maximum subarray).
 * The headline is then the best of the blocks just before the article's
 * first, by a third set of weights. All weights are data: model.txt. */
#include "blocks.h"
#include "../tree/tree.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const char dossier_reader_model[];	/* data/model.txt, built in */
extern const char dossier_reader_htmlmodel[];	/* data/htmlmodel.txt */

static const char *const bf_names[BF__MAX] = {
	"bias", "logwords", "w1", "w2_3", "w4_6", "w7_12", "w13_25", "w26up",
	"stop", "nostop", "end_period", "end_colon", "end_ellipsis",
	"start_lower", "caps_share", "allcaps", "digits", "date", "repeated",
	"linkish", "separators", "commas", "wordlen", "pattern", "pos",
	"pos_first", "pos_last", "ctx_words", "ctx_short", "ctx_stop",
	"ctx_end", "label_open", "lex", "lex_low", "ctx_lex",
	[BF_H_LINKS] = "h_links", [BF_H_HEADING] = "h_heading",
	[BF_H_ITEM] = "h_item", [BF_H_QUOTE] = "h_quote",
	[BF_H_CAPTION] = "h_caption", [BF_H_ROW] = "h_row",
	[BF_H_BOILER] = "h_boiler", [BF_H_META] = "h_meta",
	[BF_H_COMMENTS] = "h_comments", [BF_H_CONTENT] = "h_content",
	[BF_H_ARTICLE] = "h_article", [BF_H_MAIN] = "h_main",
	[BF_H_INSIDE] = "h_inside", [BF_H_DIST] = "h_dist",
	[BF_H_LEAD] = "h_lead", [BF_H_RULES] = "h_rules",
	[BF_H_DEPTH] = "h_depth", [BF_H_CONTENT_ANY] = "h_content_any",
	[BF_H_BODY_ANY] = "h_body_any", [BF_H_BEFORE] = "h_before",
	[BF_H_CPOS] = "h_cpos", [BF_H_H1] = "h_h1", [BF_H_H2] = "h_h2",
	[BF_H_AGREE] = "h_agree", [BF_H_ALL_LINK] = "h_all_link",
	[BF_H_CSIZE] = "h_csize",
};
static const char *const cf_names[CF__MAX] = {
	"bias", "self", "prev", "next", "win", "in_stretch", "dist",
	"self_long", "page", "stretch_share", "page_short", "near_prev",
	"near_next", "between", "stretch_short",
};
static const char *const tf_names[TF__MAX] = {
	"bias", "before", "is_first", "inside", "words_ok", "logwords",
	"end_period", "caps_share", "digits", "date", "repeated", "suffixed",
	"score", "pattern", "page_first", "next_body", "rank", "date_near",
	"prev_boiler", "s2", "w1_2", "contained", "has_sep", "stop", "commas",
	"caption", "byline", "byline_next", "end_paren", "teaser", "ellipsis",
	"near", "separators", "start_lower", "body_share", "body_hits",
	"alt_text", "alt_caption", "credit", "holds_near", "after_head",
	"dash_start", "end_sep", "date_before", "to_long", "echo_near",
	"echo_many", "crumb_tail", "w4_8", "w9_14", "copies", "copy_far",
	"copy_long", "held", "held_long", "stem", "byline_after",
	"byline_before", "credit_next", "hits_best", "dek_next",
	"next_shares", "p_logwords", "p_body_hits", "p_end_period", "p_date",
	"p_words_ok", "p_w1_2", "p_credit", "p_score", "p_gap", "n_logwords",
	"n_body_hits", "n_end_period", "n_date", "n_words_ok", "n_w1_2",
	"n_credit", "n_score", "n_gap",
	[TF_H_H1] = "h_h1", [TF_H_H2] = "h_h2", [TF_H_AGREE] = "h_agree",
	[TF_H_INSIDE] = "h_inside", [TF_H_LINKS] = "h_links",
	[TF_H_BOILER] = "h_boiler",
};

enum { MAX_SECTIONS = 4 };

/* The weights of one reader's features. */
typedef struct section {
	char name[16];
	float body[BF__MAX], ctx[CF__MAX], title[TF__MAX];
	float threshold;	/* second-pass score above which text is kept */
	float title_min;	/* headline score below which there is none */
	float gain_clamp;	/* first-pass scores clamped for the stretch */
	int window;		/* how many blocks before the article's first
				 * may be its headline */
	int after;		/* and how many from the first on */
	int clean_lead;		/* a page with at most this many blocks of
				 * text before its headline is an article
				 * file, not a page: all its text is kept */
	GHashTable *words;	/* the lexicon: a word (lower case) to its
				 * weight in thousandths */
} section;

static section sections[MAX_SECTIONS];
static size_t nsections;

static int name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static section *section_for(const char *name)
{
	for (size_t i = 0; i < nsections; i++)
		if (strcmp(sections[i].name, name) == 0)
			return &sections[i];
	if (nsections == MAX_SECTIONS || strlen(name) >= sizeof sections->name)
		return NULL;
	section *s = &sections[nsections++];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->gain_clamp = 3;
	s->window = 12;
	s->after = 3;
	s->clean_lead = 2;
	return s;
}

/* Lines "SECTION.PART NAME VALUE"; PART is body, context, title or param.
 * Unknown names are skipped, so a model may carry features a build does
 * not know yet. */
static void load_model(const char *text, const char *origin)
{
	unsigned lineno = 0;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char line[160], sec[40], name[40];
		float v;
		lineno++;
		if (n < sizeof line && *p != '#') {
			memcpy(line, p, n);
			line[n] = '\0';
			char *dot;
			if (sscanf(line, "%39s %39s %f", sec, name, &v) == 3 &&
			    (dot = strchr(sec, '.'))) {
				*dot = '\0';
				section *s = section_for(sec);
				const char *part = dot + 1;
				int i;
				if (!s)
					;
				else if (strcmp(part, "body") == 0 &&
				    (i = name_index(bf_names, BF__MAX, name)) >= 0)
					s->body[i] = v;
				else if (strcmp(part, "context") == 0 &&
				    (i = name_index(cf_names, CF__MAX, name)) >= 0)
					s->ctx[i] = v;
				else if (strcmp(part, "title") == 0 &&
				    (i = name_index(tf_names, TF__MAX, name)) >= 0)
					s->title[i] = v;
				else if (strcmp(part, "words") == 0) {
					if (!s->words)
						s->words = g_hash_table_new_full(
						    g_str_hash, g_str_equal,
						    g_free, NULL);
					g_hash_table_replace(s->words,
					    g_strdup(name), GINT_TO_POINTER(
					    (int)lrintf(v * 1000)));
				} else if (strcmp(part, "param") == 0) {
					if (strcmp(name, "threshold") == 0)
						s->threshold = v;
					else if (strcmp(name, "title_min") == 0)
						s->title_min = v;
					else if (strcmp(name, "gain_clamp") == 0)
						s->gain_clamp = v;
					else if (strcmp(name, "window") == 0)
						s->window = (int)v;
					else if (strcmp(name, "after") == 0)
						s->after = v < 1 ? 1 : v > 100 ?
						    100 : (int)v;
					else if (strcmp(name, "clean_lead") == 0)
						s->clean_lead = (int)v;
				}
			} else if (line[strspn(line, " \t")]) {
				fprintf(stderr, "%s:%u: warning: not a model line "
				    "(ignored)\n", origin, lineno);
			}
		}
		p = e ? e + 1 : p + n;
	}
}

static gpointer init_model(gpointer unused)
{
	/* The trainer points the reader at the weights it is trying. */
	const char *path = getenv("DOSSIER_READER_MODEL");
	gchar *text = NULL;
	if (path && *path && g_file_get_contents(path, &text, NULL, NULL)) {
		load_model(text, path);
		g_free(text);
	} else {
		load_model(dossier_reader_model, "model.txt");
		load_model(dossier_reader_htmlmodel, "htmlmodel.txt");
	}
	return NULL;
}

static const section *model_section(const char *name)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, init_model, NULL);
	for (size_t i = 0; i < nsections; i++)
		if (strcmp(sections[i].name, name) == 0)
			return &sections[i];
	static const section none = { .threshold = 0, .gain_clamp = 3,
	    .window = 12, .after = 3, .clean_lead = 2 };
	return &none;
}

/* Words as the trainer cuts them: runs of ASCII letters and of
 * anything beyond ASCII, lower case, the first LEX_WORDS of them. */
enum { LEX_WORDS = 40, LEX_MAXLEN = 39 };

void blocks_lexicon(const char *secname, const char *s, size_t n, float *f)
{
	const section *m = model_section(secname);
	f[BF_LEX] = f[BF_LEX_LOW] = 0;
	if (!m->words)
		return;
	const unsigned char *u = (const unsigned char *)s;
	int sum = 0, low = 0;
	size_t words = 0;
	for (size_t i = 0; i < n && words < LEX_WORDS;) {
		if (u[i] < 0x80 && !g_ascii_isalpha(u[i])) {
			i++;
			continue;
		}
		size_t j = i;
		int ascii = 1;
		while (j < n && (u[j] >= 0x80 || g_ascii_isalpha(u[j])))
			ascii &= u[j++] < 0x80;
		words++;
		if (j - i <= LEX_MAXLEN) {
			char tmp[LEX_MAXLEN + 1];
			gchar *w = ascii ? tmp : g_utf8_strdown(s + i,
			    (gssize)(j - i));
			for (size_t k = 0; ascii && k < j - i; k++)
				tmp[k] = g_ascii_tolower(s[i + k]);
			tmp[ascii ? j - i : 0] = '\0';
			int v = GPOINTER_TO_INT(g_hash_table_lookup(m->words, w));
			if (!ascii)
				g_free(w);
			sum += v;
			low = v < low ? v : low;
		}
		i = j;
	}
	f[BF_LEX] = words ? (float)sum / 1000 / (float)words : 0;
	f[BF_LEX_LOW] = (float)low / 1000;
}

int blocks_has_model(const char *name)
{
	return model_section(name)->name[0] != '\0';
}

static float dot(const float *w, const float *f, size_t n)
{
	float s = 0;
	for (size_t i = 0; i < n; i++)
		s += w[i] * f[i];
	return s;
}

void blocks_context(blk *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		float *f = b[i].f;
		f[BF_BIAS] = 1;
		f[BF_POS] = n > 1 ? (float)i / (float)(n - 1) : 0;
		f[BF_POS_FIRST] = f[BF_POS] < 0.1f;
		f[BF_POS_LAST] = f[BF_POS] > 0.9f;
		float w = 0, st = 0, en = 0, lx = 0;
		int k = 0, ks = 0, shorts = 0;
		for (int d = -3; d <= 3; d++) {
			if (d == 0 || (d < 0 && (size_t)-d > i) || i + d >= n)
				continue;
			const float *g = b[i + d].f;
			shorts += g[BF_W1] + g[BF_W2_3] > 0;
			ks++;
			if (d < -2 || d > 2)
				continue;
			w += g[BF_LOGWORDS];
			st += g[BF_STOP];
			en += g[BF_END_PERIOD];
			lx += g[BF_LEX];
			k++;
		}
		f[BF_CTX_LEX] = k ? lx / k : 0;
		f[BF_CTX_WORDS] = k ? w / k : 0;
		f[BF_CTX_STOP] = k ? st / k : 0;
		f[BF_CTX_END] = k ? en / k : 0;
		f[BF_CTX_SHORT] = ks ? (float)shorts / ks : 1;
	}
}

enum { NEAR = 5 };	/* blocks each side for CF_NEAR_* */

static void ctx_features(const blk *b, size_t n, size_t i, size_t from,
    size_t to, const float *page, float *cf)
{
	memset(cf, 0, CF__MAX * sizeof *cf);
	cf[CF_BIAS] = 1;
	cf[CF_SELF] = b[i].s1;
	cf[CF_PREV] = i > 0 ? b[i - 1].s1 : -3;
	cf[CF_NEXT] = i + 1 < n ? b[i + 1].s1 : -3;
	float w = 0;
	int k = 0;
	for (int d = -3; d <= 3; d++)
		if (d && !((d < 0 && (size_t)-d > i) || i + d >= n)) {
			w += b[i + d].s1;
			k++;
		}
	cf[CF_WIN] = k ? w / k : 0;
	cf[CF_IN_STRETCH] = i >= from && i < to;
	size_t dist = i < from ? from - i : i >= to ? i - to + 1 : 0;
	cf[CF_DIST] = logf(1 + (float)dist);
	cf[CF_SELF_LONG] = b[i].s1 * (b[i].f[BF_W13_25] + b[i].f[BF_W26UP]);
	cf[CF_PAGE] = page[0];
	cf[CF_PAGE_SHORT] = page[1];
	cf[CF_STRETCH_SHARE] = (float)(to - from) / (float)n;
	cf[CF_NEAR_PREV] = cf[CF_NEAR_NEXT] = -3;
	for (size_t d = 1; d <= NEAR; d++) {
		if (d <= i && b[i - d].s1 > cf[CF_NEAR_PREV])
			cf[CF_NEAR_PREV] = b[i - d].s1;
		if (i + d < n && b[i + d].s1 > cf[CF_NEAR_NEXT])
			cf[CF_NEAR_NEXT] = b[i + d].s1;
	}
	for (int k = CF_NEAR_PREV; k <= CF_NEAR_NEXT; k++)
		cf[k] = cf[k] > 3 ? 3 : cf[k];
	cf[CF_BETWEEN] = cf[CF_NEAR_PREV] < cf[CF_NEAR_NEXT] ?
	    cf[CF_NEAR_PREV] : cf[CF_NEAR_NEXT];
	cf[CF_STRETCH_SHORT] = cf[CF_IN_STRETCH] * (b[i].f[BF_W1] +
	    b[i].f[BF_W2_3] + b[i].f[BF_W4_6]);
}

/* The page's prior: how much of it the first pass takes for text, as a
 * logit, so that the second pass can correct for a page cleaner (or
 * rawer) than the pages the weights were learned on. */
static void page_prior(const blk *b, size_t n, float *page)
{
	double p = 0;
	size_t k = 0, shorts = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].fixed < 0) {
			p += 1 / (1 + exp(-b[i].s1));
			shorts += b[i].f[BF_W1] + b[i].f[BF_W2_3] > 0;
			k++;
		}
	page[1] = k ? (float)shorts / (float)k : 1;
	p = k ? p / (double)k : 0.5;
	if (p < 0.02)
		p = 0.02;
	if (p > 0.98)
		p = 0.98;
	page[0] = (float)log(p / (1 - p));
}

/* Does another block read s followed or preceded by a separator and more
 * ("Headline | Site", "Site - Headline")? */
static int suffixed(const blk *b, size_t n, size_t self)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ",
	    " · ", " « ", " » ", ": " };
	const blk *c = &b[self];
	if (c->len < 8)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const blk *o = &b[i];
		if (i == self || o->len <= c->len + 2 || o->len > c->len + 120)
			continue;
		for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
			size_t sl = strlen(seps[k]);
			if (o->len < c->len + sl)
				continue;
			if (memcmp(o->s, c->s, c->len) == 0 &&
			    memcmp(o->s + c->len, seps[k], sl) == 0)
				return 1;
			if (memcmp(o->s + o->len - c->len, c->s, c->len) == 0 &&
			    memcmp(o->s + o->len - c->len - sl, seps[k], sl) == 0)
				return 1;
		}
	}
	return 0;
}

static int contained(const blk *b, size_t n, size_t self)
{
	const blk *c = &b[self];
	if (c->len < 8)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (i != self && b[i].len > c->len + 2 &&
		    memmem(b[i].s, b[i].len, c->s, c->len))
			return 1;
	return 0;
}

/* Does c open with one of these words (ASCII case aside), then a space,
 * a colon or its end? Cues of a block's role in the article's head, in
 * the languages of the pages the weights were learned on. */
static int opens_with(const blk *c, const char *const *words)
{
	for (; *words; words++) {
		size_t k = strlen(*words);
		if (c->len >= k && g_ascii_strncasecmp(c->s, *words, k) == 0 &&
		    (c->len == k || c->s[k] == ' ' || c->s[k] == ':'))
			return 1;
	}
	return 0;
}

static const char *const caption_words[] = { "foto", "fotos", "photo",
	"photos", "bild", "bilder", "image", "images", "illustration",
	"credit", "crédit", "crédits", "quelle", "source", "archivbild",
	"(foto", "(photo", "(bild", "©", "(c)", NULL };
static const char *const teaser_words[] = { "lire aussi", "à lire aussi",
	"a lire aussi", "lire également", "voir aussi", "read also",
	"read more", "see also", "related", "lesen sie auch", "lesen sie mehr",
	"mehr zum thema", "auch interessant", "weiterlesen", "das könnte sie "
	"auch interessieren", "lee también", "leer también", "ver también",
	"leggi anche", "vedi anche", "lees ook", "zie ook", NULL };

int blocks_teaser(const char *s, size_t n)
{
	/* the letters the words open with: most lines open with another */
	static const char first[] = "lLaAvVrRsSmMwWdDzZ\xC3";
	blk c = { .s = s, .len = n };
	return n >= 7 && n <= 160 && memchr(first, s[0], sizeof first - 1) &&
	    opens_with(&c, teaser_words);
}

/* A byline: the word for "by", then a capital (a name). */
int blocks_byline_shaped(const blk *c)
{
	static const char *const by[] = { "by ", "von ", "par ", "por ", "di ",
	    "door ", "av ", "af ", "de ", "autor: ", "autorin: ", "von: ",
	    "text: ", NULL };
	for (const char *const *w = by; *w; w++) {
		size_t k = strlen(*w);
		if (c->len > k + 1 && c->len < 120 &&
		    g_ascii_strncasecmp(c->s, *w, k) == 0 &&
		    ((c->s[k] >= 'A' && c->s[k] <= 'Z') ||
		    (unsigned char)c->s[k] >= 0xC3))
			return 1;
	}
	return 0;
}

static void title_features(const blk *b, size_t n, size_t j, size_t first,
    size_t rank, const headline_ctx *h, float *tf)
{
	memset(tf, 0, TF__MAX * sizeof *tf);
	const float *f = b[j].f;
	tf[TF_BIAS] = 1;
	tf[TF_BEFORE] = j < first ? logf(1 + (float)(first - j)) : 0;
	tf[TF_IS_FIRST] = j == first;
	tf[TF_INSIDE] = j > first;
	float w = expf(f[BF_LOGWORDS]) - 1;
	tf[TF_WORDS_OK] = w >= 3 && w <= 20;
	tf[TF_LOGWORDS] = f[BF_LOGWORDS];
	tf[TF_END_PERIOD] = f[BF_END_PERIOD];
	tf[TF_CAPS_SHARE] = f[BF_CAPS_SHARE];
	tf[TF_DIGITS] = f[BF_DIGITS];
	tf[TF_DATE] = f[BF_DATE];
	tf[TF_REPEATED] = f[BF_REPEATED];
	/* a page title or breadcrumb: sought for short blocks only, as
	 * headlines are, which bounds the cost on long pages */
	int brief = w <= 25;
	tf[TF_SUFFIXED] = brief && suffixed(b, n, j);
	tf[TF_SCORE] = b[j].s1;
	tf[TF_PATTERN] = f[BF_PATTERN];
	tf[TF_PAGE_FIRST] = j == 0;
	tf[TF_NEXT_BODY] = j + 1 < n && b[j + 1].kind == BK_BODY;
	tf[TF_RANK] = logf(1 + (float)rank);
	for (size_t k = j + 1; k < n && k <= j + 3; k++)
		if (b[k].f[BF_DATE] > 0)
			tf[TF_DATE_NEAR] = 1;
	tf[TF_PREV_BOILER] = j == 0 || b[j - 1].kind != BK_BODY;
	tf[TF_S2] = b[j].s2;
	tf[TF_W1_2] = w <= 2;
	tf[TF_CONTAINED] = brief && contained(b, n, j);
	tf[TF_HAS_SEP] = memmem(b[j].s, b[j].len, " | ", 3) ||
	    memmem(b[j].s, b[j].len, " - ", 3);
	tf[TF_STOP] = f[BF_STOP];
	tf[TF_COMMAS] = f[BF_COMMAS];
	tf[TF_CAPTION] = opens_with(&b[j], caption_words);
	tf[TF_BYLINE] = blocks_byline_shaped(&b[j]);
	for (size_t k = j + 1; k < n && k <= j + 2; k++)
		if (blocks_byline_shaped(&b[k]))
			tf[TF_BYLINE_NEXT] = 1;
	tf[TF_END_PAREN] = b[j].len && b[j].s[b[j].len - 1] == ')';
	tf[TF_TEASER] = opens_with(&b[j], teaser_words);
	tf[TF_ELLIPSIS] = f[BF_END_ELLIPSIS];
	tf[TF_NEAR] = j < first && first - j <= 3;
	tf[TF_SEPARATORS] = f[BF_SEPARATORS];
	tf[TF_START_LOWER] = f[BF_START_LOWER];
	headline_features(h, b, n, j, tf);
	/* the DOM's evidence, where a reader has it (0 for text) */
	tf[TF_H_H1] = f[BF_H_H1];
	tf[TF_H_H2] = f[BF_H_H2];
	tf[TF_H_AGREE] = f[BF_H_AGREE];
	tf[TF_H_INSIDE] = f[BF_H_INSIDE];
	tf[TF_H_LINKS] = f[BF_H_LINKS];
	tf[TF_H_BOILER] = f[BF_H_BOILER];
}

/* What may be a headline at all: not a rule's chrome, not a sentence
 * (a file that opens with one has no headline: its title is derived), not
 * a paragraph. */
int blocks_headline_shaped(const blk *c)
{
	float lw = c->f[BF_LOGWORDS];
	return c->fixed != BK_BOILER && lw <= logf(26) &&
	    !(c->f[BF_END_PERIOD] > 0 && lw > logf(13));
}

static void explain_features(FILE *out, const char *part,
    const char *const *names, const float *f, size_t nf)
{
	fprintf(out, " %s:", part);
	for (size_t k = 0; k < nf; k++)
		if (f[k] != 0 && names[k])
			fprintf(out, " %s=%.3g", names[k], f[k]);
}

static void explain_text(FILE *out, const blk *c)
{
	fputs(" | ", out);
	size_t n = c->len > 100 ? 100 : c->len;
	while (n < c->len && n > 0 && ((unsigned char)c->s[n] & 0xC0) == 0x80)
		n--;	/* cut between characters */
	fwrite(c->s, 1, n, out);
	if (n < c->len)
		fputs("…", out);
	fputc('\n', out);
}

/* Block j as a headline candidate (its rank among the candidates in
 * *rank, counted on), its features in c[*k]; with first_any, the first
 * candidate is kept whatever its score. */
static void consider_title(blk *b, size_t n, size_t j, size_t first,
    size_t *rank, const headline_ctx *h, headline_cand *c, size_t *k,
    int first_any)
{
	if (!blocks_headline_shaped(&b[j]))
		return;
	c[*k].j = j;
	c[*k].first_any = first_any;
	title_features(b, n, j, first, (*rank)++, h, c[*k].tf);
	(*k)++;
}

/* Score the candidates, each beside the others, and keep the best. */
static void pick_title(blk *b, size_t n, headline_cand *c, size_t k,
    const section *m, blk_result *res, FILE *explain)
{
	headline_relative(c, k, b, n);
	for (size_t i = 0; i < k; i++) {
		size_t j = c[i].j;
		float s = dot(m->title, c[i].tf, TF__MAX);
		if (explain) {
			fprintf(explain, "title %u %+.3f", b[j].no, s);
			explain_features(explain, "t", tf_names, c[i].tf,
			    TF__MAX);
			explain_text(explain, &b[j]);
		}
		if ((c[i].first_any && res->title < 0) ||
		    s > res->title_score) {
			res->title = (long)j;
			res->title_score = s;
		}
	}
}

static const char *kind_name(blk_kind k)
{
	return k == BK_BODY ? "body" : k == BK_TITLE ? "title" : "boiler";
}

void blocks_classify(blk *b, size_t n, const char *secname,
    blk_result *res, FILE *explain)
{
	const section *m = model_section(secname);
	res->stretch_from = res->stretch_to = 0;
	res->title = -1;
	res->title_score = 0;
	res->title_was_body = 0;
	res->clean = 0;
	if (n == 0)
		return;
	/* First pass, and the stretch: Kadane over scores weighted by
	 * length, so one long paragraph outweighs a few stray labels. */
	float best = -INFINITY, run = 0;
	size_t run_from = 0;
	for (size_t i = 0; i < n; i++) {
		b[i].s1 = b[i].fixed >= 0 ? (b[i].fixed == BK_BOILER ? -3 : 3) :
		    dot(m->body, b[i].f, BF__MAX);
		float g = b[i].s1;
		if (g > m->gain_clamp)
			g = m->gain_clamp;
		if (g < -m->gain_clamp)
			g = -m->gain_clamp;
		g *= 1 + b[i].f[BF_LOGWORDS];
		if (run <= 0) {
			run = 0;
			run_from = i;
		}
		run += g;
		if (run > best) {
			best = run;
			res->stretch_from = run_from;
			res->stretch_to = i + 1;
		}
	}
	/* Second pass. */
	size_t first = n;
	float page[2];
	page_prior(b, n, page);
	for (size_t i = 0; i < n; i++) {
		float cf[CF__MAX];
		ctx_features(b, n, i, res->stretch_from, res->stretch_to, page,
		    cf);
		b[i].s2 = dot(m->ctx, cf, CF__MAX);
		if (b[i].fixed >= 0) {
			b[i].kind = (blk_kind)b[i].fixed;
			b[i].why = b[i].rule ? b[i].rule : "rule";
		} else {
			b[i].kind = b[i].s2 > m->threshold ? BK_BODY : BK_BOILER;
			b[i].why = "score";
		}
		if (b[i].kind == BK_BODY && first == n &&
		    i >= res->stretch_from)
			first = i;
	}
	if (first == n)
		for (size_t i = 0; i < n && first == n; i++)
			if (b[i].kind == BK_BODY)
				first = i;
	/* Nothing reads as an article: the best stretch is kept all the
	 * same, rather than no text at all. */
	for (size_t i = res->stretch_from; first == n && i < res->stretch_to;
	    i++)
		if (b[i].fixed < 0) {
			b[i].kind = BK_BODY;
			b[i].why = "stretch";
		}
	for (size_t i = res->stretch_from; first == n && i < n; i++)
		if (b[i].kind == BK_BODY)
			first = i;
	/* The headline: the best candidate from a window before the
	 * article's first block to a few after it. */
	if (first < n) {
		size_t lo = first > (size_t)m->window ? first - m->window : 0;
		size_t hi = first + m->after < n ? first + m->after : n;
		size_t rank = 0;
		headline_ctx h;
		headline_begin(&h, b, n, first);
		headline_cand *c = xmalloc((hi - lo + 1) * sizeof *c);
		size_t k = 0;
		for (size_t j = first + 1; j-- > lo;)
			consider_title(b, n, j, first, &rank, &h, c, &k, 1);
		for (size_t j = first + 1; j < hi; j++) {
			size_t after = j - first;
			consider_title(b, n, j, first, &after, &h, c, &k, 0);
		}
		pick_title(b, n, c, k, m, res, explain);
		free(c);
		headline_end(&h);
		if (res->title >= 0 && res->title_score < m->title_min)
			res->title = -1;
		/* Nothing to speak of before the article: a file of the
		 * article alone (as the seeds are), not a page with its
		 * site around it. Its text is all kept, as written. */
		size_t start = res->title >= 0 && (size_t)res->title < first ?
		    (size_t)res->title : first, lead = 0;
		/* what stands before the text: a kicker, a headline and a
		 * dek are an article's own */
		for (size_t i = 0; i < first; i++)
			lead += b[i].fixed < 0 && !b[i].kicker;
		res->clean = (int)lead <= m->clean_lead;
		for (size_t i = 0; res->clean && i < n; i++)
			if (i >= start && b[i].fixed < 0 && b[i].kind != BK_BODY) {
				b[i].kind = BK_BODY;
				b[i].why = "clean-file";
			}
		/* An article file opens with its headline (under a kicker),
		 * or has none: the first block of text decides, as the
		 * format has it. */
		if (res->clean) {
			size_t j = 0;
			while (j < n && (b[j].fixed >= 0 || b[j].kicker))
				j++;
			res->title = j < n && blocks_headline_shaped(&b[j]) ? (long)j : -1;
		}
		if (res->title >= 0) {
			res->title_was_body = b[res->title].kind == BK_BODY;
			b[res->title].kind = BK_TITLE;
			b[res->title].why = "headline";
		}
	}
	if (!explain)
		return;
	fprintf(explain, "%sstretch %zu %zu\n", res->clean ? "clean " : "", res->stretch_from < n ?
	    (size_t)b[res->stretch_from].no : 0, res->stretch_to ?
	    (size_t)b[res->stretch_to - 1].no : 0);
	for (size_t i = 0; i < n; i++) {
		float cf[CF__MAX];
		ctx_features(b, n, i, res->stretch_from, res->stretch_to, page,
		    cf);
		fprintf(explain, "block %u+%u %s %+.3f %+.3f %s", b[i].no,
		    b[i].lines ? b[i].lines - 1 : 0, kind_name(b[i].kind), b[i].s1, b[i].s2, b[i].why);
		explain_features(explain, "f", bf_names, b[i].f, BF__MAX);
		explain_features(explain, "c", cf_names, cf, CF__MAX);
		explain_text(explain, &b[i]);
	}
}
