/* shape.c: fonts and shaping. Pango picks fonts (families, fallback for
 * scripts the body face lacks); HarfBuzz shapes each word once on that
 * font and the result is kept, because Pango's own layout re-shapes the
 * rest of a paragraph after every line break (measured: 2.5x the text
 * shaped, 59 % of the layout's time). */
#include "layout.h"

#include <pango/pangofc-font.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>


enum { WORD_MEM_MAX = 64 << 20 };	/* cache bytes before starting over */

void *scratch(shaper *sh, int k, size_t n)
{
	if (sh->scratch_cap[k] < n) {
		size_t c = sh->scratch_cap[k] ? sh->scratch_cap[k] : 256;
		while (c < n)
			c *= 2;
		sh->scratch[k] = xrealloc(sh->scratch[k], c);
		sh->scratch_cap[k] = c;
	}
	return sh->scratch[k];
}

shaper *shaper_new(pdf_ctx *ctx, dossier_error *err)
{
	PangoFontMap *fm = fonts_fontmap_new(ctx->doc, 0, err);
	if (!fm)
		return NULL;
	shaper *sh = xcalloc(1, sizeof *sh);
	sh->ctx = ctx;
	sh->fm = fm;
	sh->pc = pango_font_map_create_context(fm);
	/* 1 unit = 1 pt, unhinted metrics, unrounded positions: the spacing
	 * we compute is the spacing on paper. */
	pango_cairo_context_set_resolution(sh->pc, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(sh->pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(sh->pc, FALSE);
	sh->hb = hb_buffer_create();
	sh->hy = hyph_new();
	arena_init(&sh->wmem);
	sh->tabcap = 1 << 14;
	sh->tab = xcalloc(sh->tabcap, sizeof *sh->tab);
	sh->para_cache = xcalloc(4, sizeof *sh->para_cache);
	return sh;
}

void shaper_free(shaper *sh)
{
	if (!sh)
		return;
	for (size_t i = 0; i < sh->nfonts; i++) {
		hb_font_destroy(sh->fonts[i]->hb);
		g_object_unref(sh->fonts[i]->pf);
		free(sh->fonts[i]);
	}
	free(sh->fonts);
	free(sh->tab);
	arena_free(&sh->wmem);
	hb_buffer_destroy(sh->hb);
	hyph_free(sh->hy);
	for (int i = 0; i < 8; i++)
		free(sh->scratch[i]);
	free(sh->breaks);
	para_free(&sh->para_cache[0]);
	para_free(&sh->para_cache[1]);
	para_free(&sh->para_cache[2]);
	para_free(&sh->para_cache[3]);
	free(sh->para_cache);
	g_object_unref(sh->pc);
	g_object_unref(sh->fm);
	free(sh);
}

/* The render-wide number of a font file, so that the painter (another
 * thread, another font map) can open the same face. */
static int face_id(pdf_ctx *ctx, const char *file, int index)
{
	pthread_mutex_lock(&ctx->lock);
	size_t i;
	for (i = 0; i < ctx->nfaces; i++)
		if (ctx->faces[i].index == index &&
		    strcmp(ctx->faces[i].file, file) == 0)
			break;
	if (i == ctx->nfaces) {
		if (ctx->nfaces == ctx->capfaces)
			ctx->faces = xrealloc(ctx->faces, (ctx->capfaces =
			    2 * ctx->capfaces + 8) * sizeof *ctx->faces);
		ctx->faces[i].file = xstrdup(file);
		ctx->faces[i].index = index;
		ctx->nfaces++;
	}
	pthread_mutex_unlock(&ctx->lock);
	return (int)i;
}

pdf_font *shaper_font(shaper *sh, PangoFont *pf, float size, float ls)
{
	for (size_t i = sh->nfonts; i-- > 0;)
		if (sh->fonts[i]->pf == pf && sh->fonts[i]->size == size &&
		    sh->fonts[i]->ls == ls)
			return sh->fonts[i];
	pdf_font *f = xcalloc(1, sizeof *f);
	f->pf = g_object_ref(pf);
	f->size = size;
	f->ls = ls;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(pf));
	FcChar8 *file = NULL;
	int index = 0;
	FcPatternGetString(pat, FC_FILE, 0, &file);
	FcPatternGetInteger(pat, FC_INDEX, 0, &index);
	f->face = face_id(sh->ctx, file ? (const char *)file : "", index);
	hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(pf));
	unsigned upem = hb_face_get_upem(face);
	f->hb = hb_font_create(face);
	hb_font_set_scale(f->hb, (int)upem, (int)upem);
	f->scale = size / (float)upem;
	hb_codepoint_t g;
	if (hb_font_get_nominal_glyph(f->hb, ' ', &g)) {
		f->space_gid = g;
		f->space = hb_font_get_glyph_h_advance(f->hb, g) * f->scale + ls;
	} else {
		f->space = size / 4;
	}
	if (hb_font_get_nominal_glyph(f->hb, '-', &g)) {
		f->hyphen_gid = g;
		f->hyphen = hb_font_get_glyph_h_advance(f->hb, g) * f->scale + ls;
	}
	hb_font_extents_t ext;
	hb_font_get_h_extents(f->hb, &ext);
	f->ascent = ext.ascender * f->scale;
	f->descent = -ext.descender * f->scale;
	if (sh->nfonts == sh->capfonts)
		sh->fonts = xrealloc(sh->fonts,
		    (sh->capfonts = 2 * sh->capfonts + 8) * sizeof *sh->fonts);
	sh->fonts[sh->nfonts++] = f;
	return f;
}

PangoFont *shaper_load(shaper *sh, const style_props *st, int bold,
    int italic, float size)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, st->family);
	pango_font_description_set_size(d, (int)(size * PANGO_SCALE + 0.5));
	pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	PangoFont *f = pango_font_map_load_font(sh->fm, sh->pc, d);
	pango_font_description_free(d);
	return f;
}

static uint32_t hash_bytes(const char *s, size_t n, uint32_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void cache_reset(shaper *sh)
{
	arena_free(&sh->wmem);
	arena_init(&sh->wmem);
	memset(sh->tab, 0, sh->tabcap * sizeof *sh->tab);
	sh->nwords = 0;
	sh->wbytes = 0;
}

void shaper_trim(shaper *sh)
{
	if (sh->wbytes > WORD_MEM_MAX)
		cache_reset(sh);
}

static void cache_grow(shaper *sh)
{
	size_t cap = sh->tabcap * 2;
	word **t = xcalloc(cap, sizeof *t);
	for (size_t i = 0; i < sh->tabcap; i++)
		for (word *w = sh->tab[i], *nx; w; w = nx) {
			nx = w->next;
			w->next = t[w->hash & (cap - 1)];
			t[w->hash & (cap - 1)] = w;
		}
	free(sh->tab);
	sh->tab = t;
	sh->tabcap = cap;
}

/* Unicode's line breaks inside word w (after a hyphen or slash, between
 * ideographs) into pts and kind; how many. */
static size_t unicode_breaks(shaper *sh, const word *w, const char *lang,
    uint32_t *pts, uint8_t *kind)
{
	const char *s = w->text;
	size_t n = w->len, np = 0;
	long nch = g_utf8_strlen(s, (gssize)n);
	if (nch <= 1)
		return 0;
	PangoLogAttr *la = scratch(sh, 6, (size_t)(nch + 1) * sizeof *la);
	pango_get_log_attrs(s, (int)n, -1, shaper_lang(sh, lang), la,
	    (int)nch + 1);
	const char *p = g_utf8_next_char(s), *prev = s;
	for (long i = 1; i < nch; i++) {
		if (la[i].is_line_break) {
			gunichar c = g_utf8_get_char(prev);
			pts[np] = (uint32_t)(p - s);
			kind[np++] = c == '-' || c == '/' || c == 0x2013 ||
			    c == 0x2014 ? BRK_EXPLICIT : BRK_PLAIN;
		}
		prev = p;
		p = g_utf8_next_char(p);
	}
	return np;
}

/* A URL: break after a slash, a dot, a hyphen, ? & and the like (not
 * inside "//" or ".."), never with a hyphen added (it would read as part
 * of the URL). Appended from np; the new count. */
static size_t url_breaks(const word *w, uint32_t *pts, uint8_t *kind,
    size_t np)
{
	const char *s = w->text;
	for (size_t i = 1; i + 1 < w->len; i++) {
		char c = s[i - 1], d = s[i];
		if (c && strchr("/.-?&_=#~", c) && d != c) {
			pts[np] = (uint32_t)i;
			kind[np++] = BRK_URL;
		}
	}
	return np;
}

/* Hyphenate each run of letters; all-capital runs are acronyms and stay
 * whole. Appended from np; the new count. */
static size_t hyphen_breaks(shaper *sh, const word *w, const char *lang,
    uint32_t *pts, uint8_t *kind, size_t np)
{
	const char *s = w->text;
	size_t n = w->len;
	uint32_t *hp = scratch(sh, 5, (n + 1) * sizeof *hp);
	const char *p = s, *end = s + n;
	while (p < end) {
		while (p < end && !g_unichar_isalpha(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		const char *q = p;
		int lower = 0, nl = 0;
		while (q < end && g_unichar_isalpha(g_utf8_get_char(q))) {
			lower |= g_unichar_islower(g_utf8_get_char(q));
			q = g_utf8_next_char(q);
			nl++;
		}
		if (nl >= 5 && lower) {
			size_t k = hyph_word(sh->hy, lang, p, (size_t)(q - p),
			    hp);
			for (size_t j = 0; j < k; j++) {
				pts[np] = (uint32_t)(p - s) + hp[j];
				kind[np++] = BRK_HYPHEN;
			}
		}
		p = q;
	}
	return np;
}

/* Two ascending lists, Unicode's breaks [0, np1) then ours [np1, np):
 * merge them (stable: on a tie Unicode's kind comes first and wins in
 * break_points). A long URL has a point every few bytes, so no quadratic
 * sort. */
static void merge_breaks(shaper *sh, uint32_t *pts, uint8_t *kind,
    size_t np1, size_t np)
{
	if (np1 >= np)
		return;
	uint32_t *mp = scratch(sh, 6, np * (sizeof *mp + 1));
	uint8_t *mk = (uint8_t *)(mp + np);
	size_t i = 0, j = np1, o = 0;
	while (i < np1 || j < np) {
		size_t f = j >= np || (i < np1 && pts[i] <= pts[j]) ? i++ : j++;
		mp[o] = pts[f];
		mk[o++] = kind[f];
	}
	memcpy(pts, mp, np * sizeof *pts);
	memcpy(kind, mk, np);
}

/* Keep only breaks where a glyph cluster starts, once each: a break
 * inside a ligature ("ef|fect" shaped as "e", "ff", ...) would be
 * measured with half a glyph missing and set wider than measured. The
 * count kept. */
static size_t break_points(shaper *sh, const word *w, uint32_t *pts,
    uint8_t *kind, size_t np)
{
	size_t n = w->len;
	uint8_t *starts = scratch(sh, 6, n + 1);
	memset(starts, 0, n + 1);
	for (uint32_t g = 0; g < w->ng; g++)
		if (w->g[g].cluster <= n)
			starts[w->g[g].cluster] = 1;
	size_t m = 0;
	for (size_t i = 0; i < np; i++) {
		if (m && pts[i] == pts[m - 1])
			continue;
		if (pts[i] > n || !starts[pts[i]])
			continue;
		pts[m] = pts[i];
		kind[m++] = kind[i];
	}
	return m;
}

/* Keep the m points with w, and the width before each: the advances of
 * the glyphs of the bytes before it, in one pass. Left to right, those
 * glyphs come first and are summed in order; right to left they come
 * last, and are summed from the end. */
static void store_breaks(shaper *sh, word *w, const uint32_t *pts,
    const uint8_t *kind, size_t m)
{
	w->nbrk = (uint32_t)m;
	w->brk = arena_alloc(&sh->wmem, m * sizeof *w->brk);
	w->brk_kind = arena_alloc(&sh->wmem, m);
	w->brk_w = arena_alloc(&sh->wmem, m * sizeof *w->brk_w);
	memcpy(w->brk, pts, m * sizeof *pts);
	memcpy(w->brk_kind, kind, m);
	float x = 0;
	if (!w->rtl) {
		uint32_t g = 0;
		for (size_t i = 0; i < m; i++) {
			for (; g < w->ng && w->g[g].cluster < pts[i]; g++)
				x += w->g[g].adv;
			w->brk_w[i] = x;
		}
	} else {
		uint32_t g = w->ng;
		for (size_t i = 0; i < m; i++) {
			for (; g > 0 && w->g[g - 1].cluster < pts[i]; g--)
				x += w->g[g - 1].adv;
			w->brk_w[i] = x;
		}
	}
	sh->wbytes += m * 9;
}

/* Break opportunities inside a word: Unicode line breaking and, for a
 * URL its own points, else hyphenation points. */
static void word_breaks(shaper *sh, word *w, const char *lang, int hyphenate)
{
	const char *s = w->text;
	size_t n = w->len;
	/* Unicode's points and ours: up to 2n */
	uint32_t *pts = scratch(sh, 7, (2 * n + 2) * (sizeof *pts + 1));
	uint8_t *kind = (uint8_t *)(pts + 2 * n + 2);
	size_t np1 = unicode_breaks(sh, w, lang, pts, kind), np = np1;
	size_t lead = strspn(s, "(<");
	if (lead < n && url_start(s + lead, n - lead, URL_WWW)) {
		w->url = 1;
		np = url_breaks(w, pts, kind, np);
	} else if (hyphenate && !w->rtl) {
		np = hyphen_breaks(sh, w, lang, pts, kind, np);
	}
	if (!np)
		return;
	merge_breaks(sh, pts, kind, np1, np);
	size_t m = break_points(sh, w, pts, kind, np);
	if (m)
		store_breaks(sh, w, pts, kind, m);
}

PangoLanguage *shaper_lang(shaper *sh, const char *lang)
{
	/* pango_language_from_string takes a global lock: ask once per
	 * language change, not once per word */
	if (sh->lang_str != lang) {
		sh->lang = pango_language_from_string(lang);
		sh->lang_str = lang;
	}
	return sh->lang;
}

const word *shape_word(shaper *sh, const pdf_font *f, const char *s,
    size_t n, int rtl, const char *lang, int hyphenate)
{
	const void *lg = shaper_lang(sh, lang);
	uint32_t h = hash_bytes(s, n, 2166136261u);
	h = (h ^ (uint32_t)(uintptr_t)f) * 16777619u;
	h = (h ^ (uint32_t)((uintptr_t)lg >> 4)) * 16777619u;
	h = (h ^ (uint32_t)(rtl | hyphenate << 1)) * 16777619u;
	for (word *w = sh->tab[h & (sh->tabcap - 1)]; w; w = w->next)
		if (w->hash == h && w->len == n && w->font == f &&
		    w->rtl == rtl && w->hyph == hyphenate && w->lang == lg &&
		    memcmp(w->text, s, n) == 0)
			return w;
	if (sh->nwords > sh->tabcap)
		cache_grow(sh);
	word *w = arena_alloc(&sh->wmem, sizeof *w);
	w->hash = h;
	w->len = (uint32_t)n;
	w->font = f;
	w->lang = lg;
	w->rtl = (uint8_t)rtl;
	w->hyph = (uint8_t)hyphenate;
	w->url = 0;
	w->text = arena_strndup(&sh->wmem, s, n);

	hb_buffer_t *b = sh->hb;
	hb_buffer_clear_contents(b);
	hb_buffer_add_utf8(b, s, (int)n, 0, (int)n);
	hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_set_language(b, hb_language_from_string(lang, -1));
	hb_buffer_guess_segment_properties(b);
	hb_shape(f->hb, b, NULL, 0);
	unsigned ng;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(b, &ng);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(b, &ng);
	w->ng = ng;
	w->g = arena_alloc(&sh->wmem, ng * sizeof *w->g);
	float x = 0;
	for (unsigned i = 0; i < ng; i++) {
		w->g[i].gid = gi[i].codepoint;
		w->g[i].cluster = gi[i].cluster;
		w->g[i].adv = gp[i].x_advance * f->scale;
		/* letter-spacing after each cluster, as CSS does */
		if (f->ls != 0 && (i + 1 == ng ||
		    gi[i + 1].cluster != gi[i].cluster))
			w->g[i].adv += f->ls;
		w->g[i].dx = gp[i].x_offset * f->scale;
		w->g[i].dy = -gp[i].y_offset * f->scale;
		x += w->g[i].adv;
	}
	w->width = x;
	sh->wbytes += sizeof *w + n + ng * sizeof *w->g;
	word_breaks(sh, w, lang, hyphenate);
	w->next = sh->tab[h & (sh->tabcap - 1)];
	sh->tab[h & (sh->tabcap - 1)] = w;
	sh->nwords++;
	return w;
}

int shaper_covers(shaper *sh, const style_props *st, gunichar c)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, st->family);
	pango_font_description_set_size(d, (int)(st->size * PANGO_SCALE));
	PangoFontset *fs = pango_font_map_load_fontset(sh->fm, sh->pc, d,
	    shaper_lang(sh, "en"));
	pango_font_description_free(d);
	if (!fs)
		return 0;
	PangoFont *f = pango_fontset_get_font(fs, c);
	int ok = f && pango_font_has_char(f, c);
	if (f)
		g_object_unref(f);
	g_object_unref(fs);
	return ok;
}
