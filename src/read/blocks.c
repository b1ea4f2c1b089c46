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
	"ctx_end", "label_open", "lex", "lex_low", "lex_neg", "ctx_lex", "run_short",
	"sentences", "teasers", "stop_mid", "stop_long", "credit",
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
	"near_next", "between", "stretch_short", "seg", "seg_mass",
	"seg_dist", "after", "self_neg", "self_in",
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
	float body[BF__MAX], ctx[CF__MAX], ctx2[CF__MAX], title[TF__MAX];
	int has_ctx2;		/* a third pass is weighted ("context2") */
	float threshold;	/* the last pass's score above which text is
				 * kept */
	float center2;		/* the second pass's own threshold, the zero
				 * of its scores for the third's runs */
	float switch_cost;	/* what entering or leaving a run of text
				 * costs (text_runs) */
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
	s->switch_cost = 6;
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
				else if (strcmp(part, "context2") == 0 &&
				    (i = name_index(cf_names, CF__MAX, name)) >= 0) {
					s->ctx2[i] = v;
					s->has_ctx2 = 1;
				} else if (strcmp(part, "title") == 0 &&
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
					else if (strcmp(name, "center2") == 0)
						s->center2 = v;
					else if (strcmp(name, "switch_cost") == 0)
						s->switch_cost = v;
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
	    .switch_cost = 6, .window = 12, .after = 3, .clean_lead = 2 };
	return &none;
}

/* Words as the trainer cuts them: runs of ASCII letters and of
 * anything beyond ASCII, lower case, the first LEX_WORDS of them. */
enum { LEX_WORDS = 40, LEX_MAXLEN = 39 };

void blocks_lexicon(const char *secname, const char *s, size_t n, float *f)
{
	const section *m = model_section(secname);
	f[BF_LEX] = f[BF_LEX_LOW] = f[BF_LEX_NEG] = 0;
	if (!m->words)
		return;
	const unsigned char *u = (const unsigned char *)s;
	int sum = 0, low = 0;
	size_t words = 0, neg = 0;
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
			neg += v <= -1000;
		}
		i = j;
	}
	f[BF_LEX] = words ? (float)sum / 1000 / (float)words : 0;
	f[BF_LEX_LOW] = (float)low / 1000;
	f[BF_LEX_NEG] = logf(1 + (float)neg);
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

/* Is c short, as menus' and lists' items are (BF_RUN_SHORT)? */
static int short_block(const blk *c)
{
	return c->f[BF_W1] + c->f[BF_W2_3] + c->f[BF_W4_6] + c->f[BF_W7_12] > 0;
}

/* Does a teaser open at c: a short line that ends no sentence, over a
 * blurb of one sentence of some length? */
static int teaser_at(const blk *c, const blk *next)
{
	return short_block(c) && c->f[BF_END_PERIOD] == 0 &&
	    next->f[BF_END_PERIOD] > 0 && next->f[BF_SENTENCES] < 0.8f &&
	    next->f[BF_W7_12] + next->f[BF_W13_25] + next->f[BF_W26UP] > 0;
}

enum { TEASER_SPAN = 8 };

/* BF_TEASERS: a window's count of teasers, slid along. */
static void teaser_runs(blk *b, size_t n)
{
	unsigned char *t = xcalloc(n + 1, 1);
	for (size_t i = 0; i + 1 < n; i++)
		t[i] = teaser_at(&b[i], &b[i + 1]);
	size_t in = 0;	/* teasers in [i - SPAN, i + SPAN] */
	for (size_t i = 0; i < n && i < TEASER_SPAN; i++)
		in += t[i];
	for (size_t i = 0; i < n; i++) {
		if (i + TEASER_SPAN < n)
			in += t[i + TEASER_SPAN];
		b[i].f[BF_TEASERS] = logf(1 + (float)in);
		if (i >= TEASER_SPAN)
			in -= t[i - TEASER_SPAN];
	}
	free(t);
}

void blocks_context(blk *b, size_t n)
{
	teaser_runs(b, n);
	for (size_t i = 0; i < n;) {	/* each run of short blocks */
		size_t j = i;
		while (j < n && short_block(&b[j]))
			j++;
		for (size_t k = i; k < j; k++)
			b[k].f[BF_RUN_SHORT] = logf(1 + (float)(j - i));
		i = j > i ? j : i + 1;
	}
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

/* What a context pass reads of the page: the scores of the pass before
 * (sc), the article's stretch by them, the runs of text a switching
 * path finds, and the page's prior. */
typedef struct ctx_page {
	const float *sc;
	size_t from, to;	/* the best stretch */
	float *mass;		/* each block's run's weight share, or 0 */
	float *segdist;		/* log(1 + blocks to the heaviest run) */
	float page[2];		/* page_prior's */
} ctx_page;

static void ctx_features(const blk *b, size_t n, size_t i,
    const ctx_page *p, float *cf)
{
	const float *sc = p->sc;
	size_t from = p->from, to = p->to;
	memset(cf, 0, CF__MAX * sizeof *cf);
	cf[CF_BIAS] = 1;
	cf[CF_SELF] = sc[i];
	cf[CF_PREV] = i > 0 ? sc[i - 1] : -3;
	cf[CF_NEXT] = i + 1 < n ? sc[i + 1] : -3;
	float w = 0;
	int k = 0;
	for (int d = -3; d <= 3; d++)
		if (d && !((d < 0 && (size_t)-d > i) || i + d >= n)) {
			w += sc[i + d];
			k++;
		}
	cf[CF_WIN] = k ? w / k : 0;
	cf[CF_IN_STRETCH] = i >= from && i < to;
	size_t dist = i < from ? from - i : i >= to ? i - to + 1 : 0;
	cf[CF_DIST] = logf(1 + (float)dist);
	cf[CF_AFTER] = i >= to ? cf[CF_DIST] : 0;
	cf[CF_SELF_NEG] = sc[i] < 0 ? sc[i] : 0;
	cf[CF_SELF_IN] = cf[CF_IN_STRETCH] * sc[i];
	cf[CF_SELF_LONG] = sc[i] * (b[i].f[BF_W13_25] + b[i].f[BF_W26UP]);
	cf[CF_PAGE] = p->page[0];
	cf[CF_PAGE_SHORT] = p->page[1];
	cf[CF_STRETCH_SHARE] = (float)(to - from) / (float)n;
	cf[CF_NEAR_PREV] = cf[CF_NEAR_NEXT] = -3;
	for (size_t d = 1; d <= NEAR; d++) {
		if (d <= i && sc[i - d] > cf[CF_NEAR_PREV])
			cf[CF_NEAR_PREV] = sc[i - d];
		if (i + d < n && sc[i + d] > cf[CF_NEAR_NEXT])
			cf[CF_NEAR_NEXT] = sc[i + d];
	}
	for (int k = CF_NEAR_PREV; k <= CF_NEAR_NEXT; k++)
		cf[k] = cf[k] > 3 ? 3 : cf[k];
	cf[CF_BETWEEN] = cf[CF_NEAR_PREV] < cf[CF_NEAR_NEXT] ?
	    cf[CF_NEAR_PREV] : cf[CF_NEAR_NEXT];
	cf[CF_STRETCH_SHORT] = cf[CF_IN_STRETCH] * (b[i].f[BF_W1] +
	    b[i].f[BF_W2_3] + b[i].f[BF_W4_6]);
	cf[CF_SEG] = p->mass[i] > 0;
	cf[CF_SEG_MASS] = p->mass[i];
	cf[CF_SEG_DIST] = p->segdist[i];
}

/* The page's prior: how much of it the pass before takes for text, as a
 * logit, so that a context pass can correct for a page cleaner (or
 * rawer) than the pages the weights were learned on. */
static void page_prior(const blk *b, size_t n, const float *sc, float *page)
{
	double p = 0;
	size_t k = 0, shorts = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].fixed < 0) {
			p += 1 / (1 + exp(-sc[i]));
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

/* A block's gain for the stretch and the runs: its score, clamped,
 * weighted by length, so one long paragraph outweighs a few stray
 * labels. */
static float gain(const blk *c, float s, float clamp)
{
	s = s > clamp ? clamp : s < -clamp ? -clamp : s;
	return s * (1 + c->f[BF_LOGWORDS]);
}

/* The stretch of blocks with the best total gain (Kadane). */
static void best_stretch(size_t n, const float *g, size_t *from,
    size_t *to)
{
	float best = -INFINITY, run = 0;
	size_t run_from = 0;
	*from = *to = 0;
	for (size_t i = 0; i < n; i++) {
		if (run <= 0) {
			run = 0;
			run_from = i;
		}
		run += g[i];
		if (run > best) {
			best = run;
			*from = run_from;
			*to = i + 1;
		}
	}
}

/* The runs of text: the path through two states (text, chrome) with the
 * best total gain of its text blocks less cost for each switch, as a
 * sequence labeller smooths; a run is kept where its weight pays for
 * entering and leaving it. Each block of a run gets the run's total
 * over the heaviest run's, and each block its distance to the heaviest
 * run. Linear: two numbers and a bit per block. */
static void text_runs(size_t n, const float *g, float cost, float *mass,
    float *segdist)
{
	unsigned char *from_text = xmalloc(2 * n);	/* back pointers */
	float vt = -cost, vc = 0;	/* best totals ending in text, chrome */
	for (size_t i = 0; i < n; i++) {
		float t_t = vt, t_c = vc - cost, c_c = vc, c_t = vt - cost;
		from_text[2 * i] = t_t >= t_c;
		from_text[2 * i + 1] = c_t > c_c;
		vt = (t_t >= t_c ? t_t : t_c) + g[i];
		vc = c_t > c_c ? c_t : c_c;
	}
	int text = vt - cost > vc;	/* leaving the last run costs too */
	for (size_t i = n; i-- > 0;) {
		mass[i] = text;
		text = from_text[2 * i + !text];
	}
	free(from_text);
	/* each run's total, then its share of the heaviest */
	float best = 0;
	size_t bfrom = 0, bto = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		float tot = 0;
		while (j < n && mass[j] > 0)
			tot += g[j++];
		for (size_t k = i; k < j; k++)
			mass[k] = tot > 0 ? tot : 0;
		if (tot > best) {
			best = tot;
			bfrom = i;
			bto = j;
		}
		i = j > i ? j : i + 1;
	}
	for (size_t i = 0; i < n; i++) {
		mass[i] = best > 0 ? mass[i] / best : 0;
		size_t d = i < bfrom ? bfrom - i : i >= bto ? i - bto + 1 : 0;
		segdist[i] = bto > bfrom ? logf(1 + (float)d) : 0;
	}
}

/* Set up a context pass on the scores sc (centred on center). */
static void ctx_page_begin(ctx_page *p, const blk *b, size_t n,
    const float *sc, float center, const section *m)
{
	float *g = xmalloc(n * sizeof *g);
	for (size_t i = 0; i < n; i++)
		g[i] = gain(&b[i], sc[i] - center, m->gain_clamp);
	p->sc = sc;
	best_stretch(n, g, &p->from, &p->to);
	p->mass = xmalloc(n * sizeof *p->mass);
	p->segdist = xmalloc(n * sizeof *p->segdist);
	text_runs(n, g, m->switch_cost, p->mass, p->segdist);
	page_prior(b, n, sc, p->page);
	free(g);
}

static void ctx_page_end(ctx_page *p)
{
	free(p->mass);
	free(p->segdist);
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
	float w = blocks_head_words(&b[j]);
	tf[TF_WORDS_OK] = w >= 3 && w <= 20;
	tf[TF_LOGWORDS] = logf(1 + w);
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

/* How many letters of c are of a script written without spaces between
 * words: Chinese and Japanese (*wide), Thai, Lao, Khmer and Burmese
 * (*narrow). Read up to 600 bytes: enough to tell a paragraph. */
static void unspaced_letters(const blk *c, size_t *wide, size_t *narrow)
{
	*wide = *narrow = 0;
	const char *e = c->s + (c->len < 600 ? c->len : 600);
	for (const char *p = c->s; p < e; p = g_utf8_next_char(p)) {
		if ((unsigned char)*p < 0xE0)
			continue;	/* below U+0800: none of them */
		gunichar u = g_utf8_get_char_validated(p, e - p);
		if (u == (gunichar)-1 || u == (gunichar)-2)
			break;
		*wide += utf8_unspaced(u);
		*narrow += (u >= 0x0E00 && u <= 0x0EFF) ||
		    (u >= 0x1000 && u <= 0x109F) || (u >= 0x1780 && u <= 0x17FF);
	}
}

float blocks_head_words(const blk *c)
{
	float w = expf(c->f[BF_LOGWORDS]) - 1;
	size_t wide, narrow;
	unspaced_letters(c, &wide, &narrow);
	/* a word's usual length in letters of each: two, and four */
	float est = (float)wide / 2 + (float)narrow / 4;
	return est > w ? est : w;
}

/* What may be a headline at all: not a rule's chrome, not a sentence
 * (a file that opens with one has no headline: its title is derived), not
 * a paragraph. Words are counted as blocks_head_words has them, so that
 * a paragraph of Chinese, without spaces, is not one word. */
int blocks_headline_shaped(const blk *c)
{
	float lw = logf(1 + blocks_head_words(c));
	int stop = c->f[BF_END_PERIOD] > 0 || utf8_ends_wide_stop(c->s, c->len);
	return c->fixed != BK_BOILER && !c->dateline && lw <= logf(26) &&
	    !(stop && lw > logf(13));
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

/* The first pass, each block from its own features (a rule's kind is
 * a sure score). */
static void first_pass(blk *b, size_t n, const section *m)
{
	for (size_t i = 0; i < n; i++)
		b[i].s1 = b[i].fixed >= 0 ? (b[i].fixed == BK_BOILER ? -3 : 3) :
		    dot(m->body, b[i].f, BF__MAX);
}

/* A context pass: each block's score from the scores in (of the pass
 * before, centred on center) around it, into out; the pass's page in
 * *p for explain (the caller ends it). */
static void context_pass(const blk *b, size_t n, const float *in,
    float center, const float *w, const section *m, float *out,
    ctx_page *p)
{
	ctx_page_begin(p, b, n, in, center, m);
	for (size_t i = 0; i < n; i++) {
		float cf[CF__MAX];
		ctx_features(b, n, i, p, cf);
		out[i] = dot(w, cf, CF__MAX);
	}
}

/* Each block's kind by the last pass's score (or its rule); the index
 * of the article's first block of text, n when there is none. */
static size_t decide_kinds(blk *b, size_t n, const float *last,
    const section *m, blk_result *res)
{
	size_t first = n;
	for (size_t i = 0; i < n; i++) {
		if (b[i].fixed >= 0) {
			b[i].kind = (blk_kind)b[i].fixed;
			b[i].why = b[i].rule ? b[i].rule : "rule";
		} else {
			b[i].kind = last[i] > m->threshold ? BK_BODY : BK_BOILER;
			b[i].why = "score";
		}
		if (b[i].kind == BK_BODY && first == n &&
		    i >= res->stretch_from)
			first = i;
	}
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
	return first;
}

/* The headline: the best candidate from a window before the article's
 * first block to a few after it. */
static void find_title(blk *b, size_t n, size_t first, const section *m,
    blk_result *res, FILE *explain)
{
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
}

/* Nothing to speak of before the article: a file of the article alone
 * (as the seeds are), not a page with its site around it. Its text is
 * all kept, as written, and it opens with its headline (under a
 * kicker) or has none: the first block of text decides, as the format
 * has it. */
static void clean_article(blk *b, size_t n, size_t first, const section *m,
    blk_result *res)
{
	size_t start = res->title >= 0 && (size_t)res->title < first ?
	    (size_t)res->title : first, lead = 0;
	/* what stands before the text: a kicker, a headline and a dek are
	 * an article's own */
	for (size_t i = 0; i < first; i++)
		lead += b[i].fixed < 0 && !b[i].kicker;
	res->clean = (int)lead <= m->clean_lead;
	if (!res->clean)
		return;
	for (size_t i = start; i < n; i++)
		if (b[i].fixed < 0 && b[i].kind != BK_BODY) {
			b[i].kind = BK_BODY;
			b[i].why = "clean-file";
		}
	size_t j = 0;
	while (j < n && (b[j].fixed >= 0 || b[j].kicker))
		j++;
	res->title = j < n && blocks_headline_shaped(&b[j]) ? (long)j : -1;
}

static void explain_blocks(FILE *out, const blk *b, size_t n,
    const blk_result *res, const ctx_page *p2, const ctx_page *p3)
{
	fprintf(out, "%sstretch %zu %zu\n", res->clean ? "clean " : "",
	    res->stretch_from < n ? (size_t)b[res->stretch_from].no : 0,
	    res->stretch_to ? (size_t)b[res->stretch_to - 1].no : 0);
	for (size_t i = 0; i < n; i++) {
		float cf[CF__MAX];
		fprintf(out, "block %u+%u %s %+.3f %+.3f %s", b[i].no,
		    b[i].lines ? b[i].lines - 1 : 0, kind_name(b[i].kind),
		    b[i].s1, b[i].s2, b[i].why);
		explain_features(out, "f", bf_names, b[i].f, BF__MAX);
		ctx_features(b, n, i, p2, cf);
		explain_features(out, "c", cf_names, cf, CF__MAX);
		if (p3) {
			ctx_features(b, n, i, p3, cf);
			explain_features(out, "d", cf_names, cf, CF__MAX);
			fprintf(out, " s3=%.3f", b[i].s3);
		}
		explain_text(out, &b[i]);
	}
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
	first_pass(b, n, m);
	float *sc = xmalloc(2 * n * sizeof *sc), *s2 = sc + n;
	for (size_t i = 0; i < n; i++)
		sc[i] = b[i].s1;
	ctx_page p2, p3;
	context_pass(b, n, sc, 0, m->ctx, m, s2, &p2);
	res->stretch_from = p2.from;
	res->stretch_to = p2.to;
	/* The third pass reads the second's scores as the second read the
	 * first's: the runs and the stretch by surer scores. */
	for (size_t i = 0; i < n; i++)
		b[i].s3 = b[i].s2 = s2[i];
	if (m->has_ctx2) {
		context_pass(b, n, s2, m->center2, m->ctx2, m, sc, &p3);
		for (size_t i = 0; i < n; i++)
			b[i].s3 = sc[i];
	}
	for (size_t i = 0; i < n; i++)
		sc[i] = b[i].s3;
	size_t first = decide_kinds(b, n, sc, m, res);
	if (first < n) {
		find_title(b, n, first, m, res, explain);
		clean_article(b, n, first, m, res);
		if (res->title >= 0) {
			res->title_was_body = b[res->title].kind == BK_BODY;
			b[res->title].kind = BK_TITLE;
			b[res->title].why = "headline";
		}
	}
	if (explain)
		explain_blocks(explain, b, n, res, &p2, m->has_ctx2 ? &p3 : NULL);
	ctx_page_end(&p2);
	if (m->has_ctx2)
		ctx_page_end(&p3);
	free(sc);
}

/* The article's last paragraph: its neighbour after it is the page's
 * chrome, which pulls its score down. A sentence of ten words or more
 * that the classifier nearly kept, right under the article's last kept
 * block, is kept: in a page's text as in its HTML (inside set: only
 * inside the article's element, the page's own word on where it ends). */
enum { LAST_WORDS = 10 };
#define LAST_MARGIN 1.5f	/* how far below the verdict's line, in logits */

void blocks_keep_last(blk *b, size_t nb, int inside)
{
	size_t last = nb;
	for (size_t j = 0; j < nb; j++)
		if (b[j].kind == BK_BODY)
			last = j;
	if (last + 1 >= nb)
		return;
	blk *x = &b[last + 1];
	if (x->kind == BK_BOILER && x->fixed < 0 && x->s3 > -LAST_MARGIN &&
	    x->f[BF_END_PERIOD] > 0 &&
	    x->f[BF_LOGWORDS] >= logf(1 + LAST_WORDS) &&
	    (!inside || x->f[BF_H_INSIDE] > 0))
		x->kind = BK_BODY;
}
