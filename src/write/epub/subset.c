/* subset.c: the fonts embedded in the EPUB, cut down with HarfBuzz's
 * subsetter to the characters the book uses. A full Noto Serif is 590 KB
 * per face; the subset of a news dossier is a few dozen. The script fonts
 * (Arabic, CJK, emoji) are read only when some text needs them, and only
 * that text is set in them, through a span class (xml.c): unicode-range
 * would be neater but Kindle and Adobe's engine ignore it and would set
 * the whole book in the last face declared. */
#include "epub.h"
#include "../../style/fonts.h"
#include "../../style/style.h"
#include "../../lib/cache.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct face_file {
	const char *file;	/* in fonts/ and in the container */
	unsigned index;		/* face in a collection */
	const char *family, *style, *weight;
	const char *media;
} face_file;

static const face_file serif[] = {
	{ "NotoSerif-Regular.ttf", 0, "Noto Serif", "normal", "normal", "font/ttf" },
	{ "NotoSerif-Italic.ttf", 0, "Noto Serif", "italic", "normal", "font/ttf" },
	{ "NotoSerif-Bold.ttf", 0, "Noto Serif", "normal", "bold", "font/ttf" },
	{ "NotoSerif-BoldItalic.ttf", 0, "Noto Serif", "italic", "bold", "font/ttf" },
	{ NULL }
};

static const face_file sans[] = {
	{ "NotoSans-Regular.ttf", 0, "Noto Sans", "normal", "normal", "font/ttf" },
	{ "NotoSans-Italic.ttf", 0, "Noto Sans", "italic", "normal", "font/ttf" },
	{ "NotoSans-Bold.ttf", 0, "Noto Sans", "normal", "bold", "font/ttf" },
	{ "NotoSans-BoldItalic.ttf", 0, "Noto Sans", "italic", "bold", "font/ttf" },
	{ NULL }
};

/* The fallbacks, in the order they are tried: a symbol that both the
 * emoji and the CJK font have is an emoji. Index 2 of the CJK collection
 * is its Simplified Chinese face, as in fonts/fonts.conf. */
static const face_file fallback[EPUB_FB__MAX][3] = {
	[EPUB_FB_ARABIC] = {
		{ "NotoNaskhArabic-Regular.ttf", 0, "Noto Naskh Arabic", "normal", "normal", "font/ttf" },
		{ "NotoNaskhArabic-Bold.ttf", 0, "Noto Naskh Arabic", "normal", "bold", "font/ttf" },
		{ NULL } },
	[EPUB_FB_EMOJI] = {
		{ "NotoColorEmoji.ttf", 0, "Noto Color Emoji", "normal", "normal", "font/ttf" },
		{ NULL } },
	[EPUB_FB_CJK] = {
		{ "NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC", "normal", "normal", "font/otf" },
		{ NULL } },
};
static const int fb_order[EPUB_FB__MAX] = {
	EPUB_FB_ARABIC, EPUB_FB_EMOJI, EPUB_FB_CJK
};
const char *const epub_fb_class[EPUB_FB__MAX] = {
	[EPUB_FB_ARABIC] = "fb-arabic",
	[EPUB_FB_CJK] = "fb-cjk",
	[EPUB_FB_EMOJI] = "fb-emoji",
};
static const char *const fb_generic[EPUB_FB__MAX] = {
	[EPUB_FB_ARABIC] = "serif",
	[EPUB_FB_CJK] = "sans-serif",
	[EPUB_FB_EMOJI] = "sans-serif",
};

static hb_face_t *face_open(epub *e, const face_file *f)
{
	char *path = g_strdup_printf("%s/%s", fonts_dir(e->doc), f->file);
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	g_free(path);
	if (!blob)
		return NULL;
	hb_face_t *face = hb_face_create(blob, f->index);
	hb_blob_destroy(blob);
	return face;
}

static hb_set_t *coverage(epub *e, const face_file *f)
{
	hb_face_t *face = face_open(e, f);
	if (!face)
		return NULL;
	hb_set_t *s = hb_set_create();
	hb_face_collect_unicodes(face, s);
	hb_face_destroy(face);
	return s;
}

void epub_fonts_init(epub *e)
{
	epub_fonts *f = &e->fonts;
	memset(f, 0, sizeof *f);
	f->used = hb_set_create();
	for (int i = 0; i < EPUB_FB__MAX; i++)
		f->fb_used[i] = hb_set_create();
	hb_set_t *a = coverage(e, &serif[0]), *b = coverage(e, &sans[0]);
	if (a && b) {
		/* A character is the body font's when both families have
		 * it: headings and comments are set in the sans. */
		hb_set_intersect(a, b);
		f->primary = a;
		f->ok = 1;
	} else {
		hb_set_destroy(a);
	}
	hb_set_destroy(b);
}

void epub_fonts_free(epub *e)
{
	epub_fonts *f = &e->fonts;
	hb_set_destroy(f->primary);
	hb_set_destroy(f->used);
	for (int i = 0; i < EPUB_FB__MAX; i++) {
		hb_set_destroy(f->fb_cover[i]);
		hb_set_destroy(f->fb_used[i]);
	}
	memset(f, 0, sizeof *f);
}

int epub_fonts_need(epub *e, uint32_t cp)
{
	epub_fonts *f = &e->fonts;
	hb_set_add(f->used, cp);
	if (!f->ok || hb_set_has(f->primary, cp))
		return -1;
	for (int k = 0; k < EPUB_FB__MAX; k++) {
		int i = fb_order[k];
		if (!f->fb_loaded[i]) {
			f->fb_cover[i] = coverage(e, &fallback[i][0]);
			f->fb_loaded[i] = 1;
		}
		if (f->fb_cover[i] && hb_set_has(f->fb_cover[i], cp)) {
			hb_set_add(f->fb_used[i], cp);
			return i;
		}
	}
	return -1;
}

/* Subset one face to cps with HarfBuzz: the font's bytes (malloc). */
static char *subset(epub *e, const face_file *f, hb_set_t *cps, size_t *len,
    dossier_error *err)
{
	hb_face_t *face = face_open(e, f);
	if (!face) {
		dossier_fail(err, DOSSIER_ERR_IO,
		    "%s/%s: cannot read font (run 'make fonts')",
		    fonts_dir(e->doc), f->file);
		return NULL;
	}
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		abort();	/* only on memory exhaustion */
	hb_set_union(hb_subset_input_unicode_set(in), cps);
	/* Hinting is for screens of 96 dpi; e-ink readers render at 200
	 * and more, and the instructions are a third of a Noto face. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* The SIL Open Font License travels with the font: keep its name
	 * records (13: licence, 14: its URL) beside the default 0-6, which
	 * hold the copyright. */
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 13);
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 14);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	if (!sub) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "%s: HarfBuzz cannot subset it", f->file);
		return NULL;
	}
	hb_blob_t *blob = hb_face_reference_blob(sub);
	unsigned n;
	const char *data = hb_blob_get_data(blob, &n);
	char *copy = xmalloc(n ? n : 1);
	memcpy(copy, data, n);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	*len = n;
	return copy;
}

/* Add one face, subset to cps, to the container with its @font-face
 * rule. A subset is the costliest part of a small book after its cover:
 * it comes from the cache when the same face was cut to the same
 * characters before (src/lib/cache.h). */
static int embed(epub *e, const face_file *f, hb_set_t *cps, buf *css,
    dossier_error *err)
{
	cache_key k;
	cache_key_begin(&k, "subset");
	cache_key_str(&k, hb_version_string());
	char *path = g_strdup_printf("%s/%s", fonts_dir(e->doc), f->file);
	cache_key_file(&k, path);
	g_free(path);
	cache_key_num(&k, f->index);
	/* hb_set_next_range() starts after *last, not *first. */
	hb_codepoint_t lo, hi = HB_SET_VALUE_INVALID;
	while (hb_set_next_range(cps, &lo, &hi)) {
		cache_key_num(&k, lo);
		cache_key_num(&k, hi);
	}
	size_t len;
	char *copy = cache_get(e->doc, &k, &len);
	if (!copy) {
		copy = subset(e, f, cps, &len, err);
		if (copy)
			cache_put(e->doc, &k, copy, len);
	}
	cache_key_end(&k);
	if (!copy)
		return -1;
	/* A collection's face leaves as a single OpenType font. */
	char name[96];
	const char *dot = strrchr(f->file, '.');
	snprintf(name, sizeof name, "fonts/%.*s.%s", (int)(dot - f->file),
	    f->file, strcmp(f->media, "font/otf") == 0 ? "otf" : "ttf");
	epub_add_file(e, name, copy, len, 0);
	buf_printf(css, "@font-face {\n  font-family: \"%s\";\n"
	    "  font-style: %s;\n  font-weight: %s;\n  src: url(%s);\n}\n",
	    f->family, f->style, f->weight, name);
	return 0;
}

/* The elements the writer makes, outermost first, as the stylesheet sees
 * them (xhtml.c, package.c). */
static const char *const contexts[][7] = {
	{ "body", "section", "p" },
	{ "body", "section", "p.first" },
	{ "body", "section", "blockquote", "p" },
	{ "body", "section", "ul", "li" },
	{ "body", "section", "ol", "li" },
	{ "body", "section", "p.caption" },
	{ "body", "section", "p.caption", "span.credit" },
	{ "body", "section", "p.note" },
	{ "body", "section", "header", "p.kicker" },
	{ "body", "section", "header", "h1.title" },
	{ "body", "section", "header", "p.dek" },
	{ "body", "section", "header", "p.byline" },
	{ "body", "section", "header", "p.byline", "span.date" },
	{ "body", "section", "header", "p.source" },
	{ "body", "section", "h2" },
	{ "body", "section", "h3" },
	{ "body", "section", "section.discussion", "h2.discussion" },
	{ "body", "section", "section.discussion", "div.comment", "p" },
	{ "body", "section", "section.discussion", "div.comment", "p.meta",
	    "span.author" },
	{ "body", "section", "section.discussion", "div.comment", "p.meta",
	    "span.date" },
	{ "body", "section", "section.discussion", "div.comment", "p.meta",
	    "span.subject" },
	{ "body", "section", "section.discussion", "div.comment", "p.meta",
	    "span.replyto" },
	{ "body", "section.titlepage", "h1.title" },
	{ "body", "section.titlepage", "p.dek" },
	{ "body", "section.titlepage", "p.byline" },
	{ "body", "section.titlepage", "p.first" },
	{ "body", "nav.toc", "h2" },
	{ "body", "nav.toc", "ol", "li", "a" },
	{ "body", "nav.toc", "ol", "li", "ol", "li", "a" },
};

/* Which faces (family x bold x italic) the stylesheet sets the book's
 * text in: a face no element uses is not embedded. Emphasis may turn any
 * of them italic. On a stylesheet the style reader cannot load, every
 * face of the families it names. */
static void faces_used(epub *e, const char *css, int used[2][4])
{
	static const char *const family[2] = { "Noto Serif", "Noto Sans" };
	dossier_error err = { 0 };
	style_sheet *ss = style_load(e->doc, &err);
	for (int f = 0; f < 2; f++)
		for (int k = 0; k < 4; k++)
			used[f][k] = !ss && css && strstr(css, family[f]);
	if (!ss)
		return;
	for (size_t i = 0; i < sizeof contexts / sizeof *contexts; i++) {
		int n = 0;
		while (n < 7 && contexts[i][n])
			n++;
		style_props p;
		style_compute(ss, contexts[i], n, &p);
		for (int f = 0; f < 2; f++) {
			if (strcasecmp(p.family, family[f]) != 0)
				continue;
			used[f][(p.bold ? 2 : 0) + (p.italic ? 1 : 0)] = 1;
			used[f][(p.bold ? 2 : 0) + 1] = 1;	/* <em> */
		}
	}
	style_free(ss);
}

int epub_fonts_embed(epub *e, const char *style, buf *css,
    dossier_error *err)
{
	epub_fonts *f = &e->fonts;
	if (!f->ok) {
		dossier_warn(e->doc, NULL, 0,
		    "%s: fonts missing (run 'make fonts'); the EPUB uses the "
		    "reader's fonts", fonts_dir(e->doc));
		return 0;
	}
	/* The text's characters, and all of printable ASCII: it is small
	 * and a reader may show its own strings in the book's font. */
	hb_set_t *cps = hb_set_copy(f->used);
	hb_set_add_range(cps, 0x20, 0x7E);
	hb_set_add(cps, 0xA0);
	hb_set_intersect(cps, f->primary);
	int rc = 0, used[2][4];
	faces_used(e, style, used);
	/* The face tables are in the order regular, italic, bold, bold
	 * italic: the index faces_used() fills. */
	for (int k = 0; rc == 0 && k < 4; k++)
		if (used[0][k])
			rc = embed(e, &serif[k], cps, css, err);
	for (int k = 0; rc == 0 && k < 4; k++)
		if (used[1][k])
			rc = embed(e, &sans[k], cps, css, err);
	hb_set_destroy(cps);
	for (int i = 0; rc == 0 && i < EPUB_FB__MAX; i++) {
		if (hb_set_is_empty(f->fb_used[i]))
			continue;
		hb_set_t *s = hb_set_copy(f->fb_used[i]);
		hb_set_add(s, ' ');
		for (const face_file *p = fallback[i]; rc == 0 && p->file; p++)
			rc = embed(e, p, s, css, err);
		hb_set_destroy(s);
		buf_printf(css, ".%s { font-family: \"%s\", %s; }\n",
		    epub_fb_class[i], fallback[i][0].family, fb_generic[i]);
	}
	return rc;
}
