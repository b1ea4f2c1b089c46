/* embed.c: the fonts embedded in the EPUB, cut down to the characters the
 * book uses (by HarfBuzz's subsetter, subset.c). A full
 * Noto Serif is 590 KB per face; the subset of a news dossier is a few
 * dozen. The script fonts (Arabic, CJK, emoji, Hebrew, the Indic and
 * South-East Asian scripts...) are read only when some
 * text needs them, and only that text is set in them, through a span
 * class (xml.c): unicode-range would be neater but Kindle and Adobe's
 * engine ignore it and would set the whole book in the last face
 * declared.
 *
 * What a face covers and each subset, compressed as the container holds
 * it, come from the cache when they were made before (src/write/epub/cache.h):
 * then HarfBuzz is not called at all. */
#include "epub.h"
#include "cache.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <libdeflate.h>

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
	{ 0 }
};

static const face_file sans[] = {
	{ "NotoSans-Regular.ttf", 0, "Noto Sans", "normal", "normal", "font/ttf" },
	{ "NotoSans-Italic.ttf", 0, "Noto Sans", "italic", "normal", "font/ttf" },
	{ "NotoSans-Bold.ttf", 0, "Noto Sans", "normal", "bold", "font/ttf" },
	{ "NotoSans-BoldItalic.ttf", 0, "Noto Sans", "italic", "bold", "font/ttf" },
	{ 0 }
};

/* Preformatted text's face (styles/default.css sets <pre> in it): the
 * reader's own monospace may lack the box drawing and the arrows of an
 * ASCII table, and sets its columns at another width. */
static const face_file mono[] = {
	{ "DejaVuSansMono.ttf", 0, "DejaVu Sans Mono", "normal", "normal", "font/ttf" },
	{ "DejaVuSansMono-Bold.ttf", 0, "DejaVu Sans Mono", "normal", "bold", "font/ttf" },
	{ 0 }
};

/* The fallbacks, in the order they are tried: a symbol that both the
 * emoji and the CJK font have is an emoji. The CJK font is the Simplified
 * Chinese face of Debian's collection (`make fonts`, src/build/cffprep.c). */
#define SCRIPT_FACES(id, name, cls) \
	[EPUB_FB_##id] = { \
		{ "NotoSerif" name "-Regular.ttf", 0, "Noto Serif " name, "normal", "normal", "font/ttf" }, \
		{ "NotoSerif" name "-Bold.ttf", 0, "Noto Serif " name, "normal", "bold", "font/ttf" }, \
		{ 0 } },
static const face_file fallback[EPUB_FB__MAX][3] = {
	[EPUB_FB_ARABIC] = {
		{ "NotoNaskhArabic-Regular.ttf", 0, "Noto Naskh Arabic", "normal", "normal", "font/ttf" },
		{ "NotoNaskhArabic-Bold.ttf", 0, "Noto Naskh Arabic", "normal", "bold", "font/ttf" },
		{ 0 } },
	EPUB_SCRIPTS(SCRIPT_FACES)
	[EPUB_FB_EMOJI] = {
		{ "NotoColorEmoji.ttf", 0, "Noto Color Emoji", "normal", "normal", "font/ttf" },
		{ 0 } },
	[EPUB_FB_CJK] = {
		{ "NotoSansCJKsc-Regular.otf", 0, "Noto Sans CJK SC", "normal", "normal", "font/otf" },
		{ 0 } },
};
#define SCRIPT_ORDER(id, name, cls) EPUB_FB_##id,
static const int fb_order[EPUB_FB__MAX] = {
	EPUB_FB_ARABIC, EPUB_SCRIPTS(SCRIPT_ORDER) EPUB_FB_EMOJI, EPUB_FB_CJK
};
#define SCRIPT_CLASS(id, name, cls) [EPUB_FB_##id] = "fb-" cls,
const char *const epub_fb_class[EPUB_FB__MAX] = {
	[EPUB_FB_ARABIC] = "fb-arabic",
	[EPUB_FB_CJK] = "fb-cjk",
	[EPUB_FB_EMOJI] = "fb-emoji",
	EPUB_SCRIPTS(SCRIPT_CLASS)
};
#define SCRIPT_GENERIC(id, name, cls) [EPUB_FB_##id] = "serif",
static const char *const fb_generic[EPUB_FB__MAX] = {
	[EPUB_FB_ARABIC] = "serif",
	[EPUB_FB_CJK] = "sans-serif",
	[EPUB_FB_EMOJI] = "sans-serif",
	EPUB_SCRIPTS(SCRIPT_GENERIC)
};

const char *epub_fonts_file(int fb)
{
	return fallback[fb][0].file;
}

static char *face_path(epub *e, const face_file *f)
{
	return g_strdup_printf("%s/%s", fonts_dir(e->doc), f->file);
}

/* Start a key for what HarfBuzz makes from face f, at path. */
static void face_key(cache_key *k, const char *kind, const face_file *f,
    const char *path)
{
	cache_key_begin(k, kind);
	cache_key_file(k, path);
	cache_key_num(k, f->index);
}

/* What face f covers, into out: 0; -1 when its file cannot be read. */
static int coverage(epub *e, const face_file *f, cpset *out)
{
	char *path = face_path(e, f);
	int rc = -1;
	if (access(path, R_OK) != 0)
		goto out;
	cache_key k = { 0 };
	size_t len;
	char *saved = NULL;
	int cached = cache_enabled(e->doc);
	if (cached) {
		face_key(&k, "coverage", f, path);
		saved = cache_get(e->doc, &k, &len);
	}
	if (saved && cpset_load(out, saved, len) == 0) {
		rc = 0;
	} else {
		cpset_free(out);
		rc = typeset_coverage(path, f->index, out);
		if (rc == 0 && cached) {
			buf b = { 0 };
			cpset_save(out, &b);
			cache_put(e->doc, &k, b.data, b.len);
			buf_free(&b);
		}
	}
	free(saved);
	cache_key_end(&k);
out:
	g_free(path);
	return rc;
}

int epub_fonts_present(epub *e)
{
	char *a = face_path(e, &serif[0]), *b = face_path(e, &sans[0]);
	int ok = access(a, R_OK) == 0 && access(b, R_OK) == 0;
	g_free(a);
	g_free(b);
	return ok;
}

void epub_fonts_init(epub *e)
{
	epub_fonts *f = &e->fonts;
	memset(f, 0, sizeof *f);
	cpset sans_cover = { 0 };
	int rc = coverage(e, &serif[0], &f->primary);
	if (rc == 0)
		rc = coverage(e, &sans[0], &sans_cover);
	if (rc == 0) {
		/* A character is the body font's when both families have
		 * it: headings and comments are set in the sans. */
		cpset_intersect(&f->primary, &sans_cover);
		f->ok = 1;
	} else {
		cpset_free(&f->primary);
	}
	cpset_free(&sans_cover);
}

void epub_fonts_free(epub *e)
{
	epub_fonts *f = &e->fonts;
	cpset_free(&f->primary);
	cpset_free(&f->used);
	cpset_free(&f->mono_used);
	for (int i = 0; i < EPUB_FB__MAX; i++) {
		cpset_free(&f->fb_cover[i]);
		cpset_free(&f->fb_used[i]);
	}
	memset(f, 0, sizeof *f);
}

int epub_fonts_need(epub *e, uint32_t cp)
{
	epub_fonts *f = &e->fonts;
	cpset_add(&f->used, cp);
	if (!f->ok || cpset_has(&f->primary, cp))
		return -1;
	for (int k = 0; k < EPUB_FB__MAX; k++) {
		int i = fb_order[k];
		if (!f->fb_loaded[i]) {
			(void)coverage(e, &fallback[i][0], &f->fb_cover[i]);
			f->fb_loaded[i] = 1;
		}
		if (cpset_has(&f->fb_cover[i], cp)) {
			cpset_add(&f->fb_used[i], cp);
			return i;
		}
	}
	return -1;
}

void epub_fonts_mono(epub *e, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		int k;
		int32_t cp = utf8_decode(p + i, len - i, &k);
		if (cp > 0x20)
			cpset_add(&e->fonts.mono_used, (uint32_t)cp);
		i += (size_t)(k > 0 ? k : 1);
	}
}

/* Add one face, subset to cps, to the container with its @font-face
 * rule. A subset is the costliest part of a small book after its cover:
 * the cache keeps it as the container stores it, compressed, so a book
 * that uses the same characters as one before neither subsets nor
 * compresses its fonts. */
static int embed(epub *e, const face_file *f, const cpset *cps, buf *css,
    dossier_error *err)
{
	/* A collection's face leaves as a single OpenType font. */
	char name[96];
	const char *dot = strrchr(f->file, '.');
	snprintf(name, sizeof name, "fonts/%.*s.%s", (int)(dot - f->file),
	    f->file, strcmp(f->media, "font/otf") == 0 ? "otf" : "ttf");
	char *path = face_path(e, f);
	cache_key *k = NULL;
	char *packed = NULL;
	size_t len;
	if (cache_enabled(e->doc)) {
		k = xcalloc(1, sizeof *k);
		face_key(k, "font", f, path);
		cache_key_str(k, "libdeflate " LIBDEFLATE_VERSION_STRING);
		cache_key_num(k, (unsigned long long)epub_deflate_level());
		uint32_t lo, hi = CPSET_NONE;
		while (cpset_next_range(cps, &lo, &hi)) {
			cache_key_num(k, lo);
			cache_key_num(k, hi);
		}
		packed = cache_get(e->doc, k, &len);
	}
	int rc = 0;
	if (packed && epub_add_packed(e, name, packed, len) == 0) {
		cache_key_end(k);
		free(k);
	} else {
		char *copy = typeset_subset(path, f->index, cps, &len, err);
		if (copy) {
			/* Into the cache once compressed (epub.c). */
			epub_add_file(e, name, copy, len, 0)->keep = k;
		} else {
			if (k)
				cache_key_end(k);
			free(k);
			rc = -1;
		}
	}
	free(packed);
	g_free(path);
	if (rc == 0)
		buf_printf(css, "@font-face {\n  font-family: \"%s\";\n"
		    "  font-style: %s;\n  font-weight: %s;\n"
		    "  src: url(%s);\n}\n", f->family, f->style, f->weight,
		    name);
	return rc;
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
	{ "body", "section", "pre" },
	{ "body", "section", "section.discussion", "div.comment", "pre" },
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
static void faces_used(epub *e, const char *css, int used[3][4])
{
	static const char *const family[3] = { "Noto Serif", "Noto Sans",
	    "DejaVu Sans Mono" };
	dossier_error err = { 0 };
	style_sheet *ss = style_load(e->doc, &err);
	for (int f = 0; f < 3; f++)
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
		for (int f = 0; f < 3; f++) {
			if (strcasecmp(p.family, family[f]) != 0)
				continue;
			used[f][(p.bold ? 2 : 0) + (p.italic ? 1 : 0)] = 1;
			used[f][(p.bold ? 2 : 0) + 1] = 1;	/* <em> */
		}
	}
	style_free(ss);
}

/* The fixed-width faces the stylesheet uses, subset to the characters of
 * the book's <pre> text that they have (and printable ASCII); a book
 * without preformatted text carries none. Bold stands in for bold
 * italic, and the reader slants for italic: DejaVu Sans Mono's oblique
 * faces are not among the project's fonts. */
static int embed_mono(epub *e, const int used[4], buf *css,
    dossier_error *err)
{
	cpset cover = { 0 }, cps = { 0 };
	int rc = 0;
	if (coverage(e, &mono[0], &cover) != 0)
		goto out;
	cpset_copy(&cps, &e->fonts.mono_used);
	cpset_add_range(&cps, 0x20, 0x7E);
	cpset_intersect(&cps, &cover);
	if (used[0] || used[1])
		rc = embed(e, &mono[0], &cps, css, err);
	if (rc == 0 && (used[2] || used[3]))
		rc = embed(e, &mono[1], &cps, css, err);
out:
	cpset_free(&cover);
	cpset_free(&cps);
	return rc;
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
	cpset cps = { 0 };
	cpset_copy(&cps, &f->used);
	cpset_add_range(&cps, 0x20, 0x7E);
	cpset_add(&cps, 0xA0);
	cpset_intersect(&cps, &f->primary);
	int rc = 0, used[3][4];
	faces_used(e, style, used);
	/* The face tables are in the order regular, italic, bold, bold
	 * italic: the index faces_used() fills. */
	for (int k = 0; rc == 0 && k < 4; k++)
		if (used[0][k])
			rc = embed(e, &serif[k], &cps, css, err);
	for (int k = 0; rc == 0 && k < 4; k++)
		if (used[1][k])
			rc = embed(e, &sans[k], &cps, css, err);
	cpset_free(&cps);
	if (rc == 0 && !cpset_is_empty(&f->mono_used))
		rc = embed_mono(e, used[2], css, err);
	for (int i = 0; rc == 0 && i < EPUB_FB__MAX; i++) {
		/* Emoji are images (emoji.c): their colour bitmap font
		 * would make MuPDF refuse the book. */
		if (i == EPUB_FB_EMOJI || cpset_is_empty(&f->fb_used[i]))
			continue;
		cpset s = { 0 };
		cpset_copy(&s, &f->fb_used[i]);
		cpset_add(&s, ' ');
		for (const face_file *p = fallback[i]; rc == 0 && p->file; p++)
			rc = embed(e, p, &s, css, err);
		cpset_free(&s);
		buf_printf(css, ".%s { font-family: \"%s\", %s; }\n",
		    epub_fb_class[i], fallback[i][0].family, fb_generic[i]);
	}
	return rc;
}
