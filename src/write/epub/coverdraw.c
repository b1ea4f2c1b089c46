/* coverdraw.c: the EPUB's cover, drawn with Cairo and Pango in the project's
 * fonts: a 1200 x 1600 grey PNG (3:4, the shape stores and readers show),
 * black on white for e-ink. Font options are fixed so that the pixels, and
 * so the EPUB's bytes, do not depend on the machine's settings. The EPUB
 * writer asks for it (src/write/epub/cover.c) when the cache has none. */
#include "../../layout/layout.h"
#include "epub.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { W = 1200, H = 1600, MARGIN = 110 };

typedef struct cover {
	cairo_t *cr;
	PangoContext *ctx;
	double y;
	buf *clean;
} cover;

/* Text without what XML forbids (the tree should hold none), for Pango.
 * The cover is drawn in its own thread: it has its own scratch. */
static const char *clean(cover *c, const char *s)
{
	buf *b = c->clean;
	b->len = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int k;
		int32_t cp = utf8_decode((const unsigned char *)s + i, n - i,
		    &k);
		if (cp >= 0 && cp != '\n' && utf8_xml_ok((uint32_t)cp))
			buf_put(b, s + i, (size_t)k);
		else if (cp == '\n')
			buf_putc(b, ' ');
		i += (size_t)k;
	}
	return buf_cstr(b);
}

static PangoLayout *layout(cover *c, const char *family, int weight,
    PangoStyle style, double px, const char *text, double width)
{
	PangoLayout *l = pango_layout_new(c->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, (PangoWeight)weight);
	pango_font_description_set_style(fd, style);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	/* Plain text, never markup: a title may hold '<' and '&'. */
	pango_layout_set_text(l, text, -1);
	return l;
}

static double height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	return h;
}

static void draw(cover *c, PangoLayout *l, double x)
{
	cairo_move_to(c->cr, x, c->y);
	pango_cairo_show_layout(c->cr, l);
	c->y += height(l);
}

static void be32(buf *b, uint32_t v)
{
	char c[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8),
	    (char)v };
	buf_put(b, c, 4);
}

static void chunk(buf *b, const char *type, const unsigned char *data,
    size_t n)
{
	be32(b, (uint32_t)n);
	buf_put(b, type, 4);
	uint32_t crc = libdeflate_crc32(0, type, 4);
	if (n) {
		buf_put(b, (const char *)data, n);
		crc = libdeflate_crc32(crc, data, n);
	}
	be32(b, crc);
}

/* The cover as a 4-bit grey PNG, written here rather than by cairo: an
 * e-ink screen shows 16 greys, so 4 bits lose nothing a reader sees, and
 * the file is 30 % smaller and made in half the time (cairo writes 8-bit
 * through libpng, which tries every row filter). alpha is ink coverage:
 * 0 is white.
 *
 * libdeflate's level 2 on the million bytes of rows: 2 ms, and 18 %
 * smaller than zlib's run-length strategy, which took as long (zlib on
 * two threads, in two bands joined pigz-style, saved 0.7 ms of a new
 * book's 23 for 50 lines; not worth keeping). */
static void png_grey4(buf *png, const unsigned char *alpha, int stride)
{
	enum { ROW = 1 + (W + 1) / 2 };
	/* Ink coverage to a 4-bit grey level, 15 white. */
	unsigned char grey[256];
	for (unsigned a = 0; a < 256; a++)
		grey[a] = (unsigned char)(15 - (a * 15u + 127) / 255);
	size_t n = (size_t)H * ROW;
	unsigned char *raw = xmalloc(n);
	for (int y = 0; y < H; y++) {
		unsigned char *r = raw + (size_t)y * ROW;
		const unsigned char *a = alpha + (size_t)y * (size_t)stride;
		r[0] = 0;	/* filter: none */
		/* Most of a cover is paper: a blank row is one memset. */
		if (a[0] == 0 && memcmp(a, a + 1, W - 1) == 0) {
			memset(r + 1, 0xff, ROW - 1);
			continue;
		}
		for (int x = 0; x < W; x += 2) {
			unsigned lo = x + 1 < W ? grey[a[x + 1]] : 0;
			r[1 + x / 2] = (unsigned char)(grey[a[x]] << 4 | lo);
		}
	}

	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	buf_put(png, (const char *)sig, 8);
	unsigned char ihdr[13] = {
		(unsigned char)(W >> 24), (unsigned char)(W >> 16),
		(unsigned char)(W >> 8), (unsigned char)W,
		(unsigned char)(H >> 24), (unsigned char)(H >> 16),
		(unsigned char)(H >> 8), (unsigned char)H,
		4, 0, 0, 0, 0	/* 4-bit grey, deflate, no filter, no interlace */
	};
	chunk(png, "IHDR", ihdr, sizeof ihdr);
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(2);
	if (!c)
		abort();	/* only on memory exhaustion */
	size_t cap = libdeflate_zlib_compress_bound(c, n);
	unsigned char *z = xmalloc(cap);
	size_t zlen = libdeflate_zlib_compress(c, raw, n, z, cap);
	libdeflate_free_compressor(c);
	if (zlen == 0)
		abort();	/* the bound is libdeflate's own */
	chunk(png, "IDAT", z, zlen);
	chunk(png, "IEND", NULL, 0);
	free(z);
	free(raw);
}

/* The title as large as fits in its box, down to a size that still reads
 * in a thumbnail; past that it is cut with an ellipsis. */
static PangoLayout *title_layout(cover *c, const char *title)
{
	double box = 640, px = 120;
	PangoLayout *l = NULL;
	for (;; px *= 0.9) {
		if (l)
			g_object_unref(l);
		l = layout(c, "Noto Serif", PANGO_WEIGHT_BOLD,
		    PANGO_STYLE_NORMAL, px, title, W - 2 * MARGIN);
		pango_layout_set_spacing(l, 0);
		if (height(l) <= box || px < 56)
			break;
	}
	if (height(l) > box) {
		pango_layout_set_height(l, (int)(box * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	return l;
}

/* Up to five article titles, one line each, and how many more: what the
 * dossier is about, as a magazine prints its cover lines. */
static void cover_lines(cover *c, const cover_input *in, double bottom)
{
	enum { LINE = 64 };	/* 36 px type, 14 px apart */
	c->y += 70;
	unsigned total = in->num[CV_ARTICLES];
	int room = (int)((bottom - c->y) / LINE);
	if (room > 5)
		room = 5;
	if (room < 1 || total < 1)
		return;
	/* When they do not all fit, the last line says how many more. */
	unsigned titles = total <= (unsigned)room ? total : (unsigned)room - 1;
	unsigned shown = 0;
	for (int k = CV_ART0; k <= CV_ART_LAST && in->text[k] &&
	    shown < titles; k++) {
		PangoLayout *l = layout(c, "Noto Sans", PANGO_WEIGHT_NORMAL,
		    PANGO_STYLE_NORMAL, 36, clean(c, in->text[k]),
		    W - 2 * MARGIN - 40);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		cairo_rectangle(c->cr, MARGIN, c->y + 17, 12, 12);
		cairo_fill(c->cr);
		draw(c, l, MARGIN + 40);
		c->y += 14;
		g_object_unref(l);
		shown++;
	}
	if (total > shown) {
		char more[64];
		snprintf(more, sizeof more, shown ? in->text[CV_W_MORE] :
		    in->text[CV_W_ARTICLES], total - shown);
		PangoLayout *l = layout(c, "Noto Sans", PANGO_WEIGHT_NORMAL,
		    PANGO_STYLE_ITALIC, 36, more, W - 2 * MARGIN - 40);
		draw(c, l, MARGIN + 40);
		g_object_unref(l);
	}
}

/* Has font every character of s (what XML forbids aside: clean() drops
 * it)? */
static int has_all(hb_font_t *font, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		int k;
		int32_t cp = utf8_decode((const unsigned char *)s + i, n - i,
		    &k);
		hb_codepoint_t g;
		if (cp > ' ' && utf8_xml_ok((uint32_t)cp) &&
		    !hb_font_get_nominal_glyph(font, (hb_codepoint_t)cp, &g))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* Can every word of the cover be set in Noto Serif and Noto Sans? Then
 * the cover loads those faces alone (fonts_fontmap_new). */
static int body_covers(const cover_input *in)
{
	static const char *const faces[] = { "NotoSerif-Regular.ttf",
	    "NotoSans-Regular.ttf" };
	static const char *const ours = "DOSSIER 0123456789 \u00b7-:T";
	int ok = 1;
	for (size_t f = 0; ok && f < 2; f++) {
		char *path = g_strdup_printf("%s/%s", in->fonts, faces[f]);
		hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
		g_free(path);
		if (!blob)
			return 0;
		hb_face_t *face = hb_face_create(blob, 0);
		hb_font_t *font = hb_font_create(face);
		ok = has_all(font, ours);
		for (int i = 0; ok && i < CV__TEXTS; i++)
			ok = has_all(font, in->text[i]);
		hb_font_destroy(font);
		hb_face_destroy(face);
		hb_blob_destroy(blob);
	}
	return ok;
}

/* A Pango context on fm with fixed font options, so that the pixels, and
 * the PNG, are the same on every machine. */
static PangoContext *cover_context(PangoFontMap *fm)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	pango_cairo_context_set_resolution(ctx, 72);
	cairo_font_options_destroy(fo);
	return ctx;
}

static void rule(cairo_t *cr, double width, double y)
{
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, MARGIN, y);
	cairo_line_to(cr, W - MARGIN, y);
	cairo_stroke(cr);
}

/* Two rules at the head, the word DOSSIER above them unless it is the
 * title already; the title; the subtitle, unless it is only the counts
 * the foot shows. */
static void cover_head(cover *c, const cover_input *in)
{
	const char *title = in->text[CV_TITLE];
	rule(c->cr, 10, 200);
	rule(c->cr, 3, 222);
	PangoLayout *l;
	if (strcasecmp(title, "dossier") != 0) {
		c->y = 120;
		l = layout(c, "Noto Sans", PANGO_WEIGHT_BOLD,
		    PANGO_STYLE_NORMAL, 34, "DOSSIER", W - 2 * MARGIN);
		PangoAttrList *al = pango_attr_list_new();
		pango_attr_list_insert(al, pango_attr_letter_spacing_new(
		    8 * PANGO_SCALE));
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
		draw(c, l, MARGIN);
		g_object_unref(l);
	}

	c->y = 290;
	l = title_layout(c, clean(c, title));
	draw(c, l, MARGIN);
	g_object_unref(l);

	/* NULL when the book's subtitle is only its counts (book.h) */
	const char *sub = in->text[CV_SUBTITLE];
	if (sub && *sub) {
		c->y += 40;
		l = layout(c, "Noto Serif", PANGO_WEIGHT_NORMAL,
		    PANGO_STYLE_ITALIC, 52, clean(c, sub), W - 2 * MARGIN);
		pango_layout_set_height(l, -3);	/* at most three lines */
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		draw(c, l, MARGIN);
		g_object_unref(l);
	}
}

/* The foot: counts, date, editor. */
static PangoLayout *cover_foot(cover *c, const cover_input *in)
{
	unsigned na = in->num[CV_ARTICLES], nc = in->num[CV_COMMENTS];
	buf foot = { 0 };
	buf_printf(&foot, in->text[na == 1 ? CV_W_ARTICLES1 : CV_W_ARTICLES],
	    na);
	buf_puts(&foot, " \u00b7 ");
	buf_printf(&foot, in->text[nc == 1 ? CV_W_COMMENTS1 : CV_W_COMMENTS],
	    nc);
	buf_printf(&foot, " \u00b7 %s", in->text[CV_DATE]);
	const char *ed = in->text[CV_EDITOR];
	if (ed && *ed) {
		buf_printf(&foot, "\n%s ", in->text[CV_W_EDITED_BY]);
		buf_puts(&foot, clean(c, ed));
	}
	PangoLayout *fl = layout(c, "Noto Sans", PANGO_WEIGHT_NORMAL,
	    PANGO_STYLE_NORMAL, 40, buf_cstr(&foot), W - 2 * MARGIN);
	pango_layout_set_spacing(fl, 12 * PANGO_SCALE);
	buf_free(&foot);
	return fl;
}

int cover_draw(dossier_doc *doc, const cover_input *in, buf *png,
    buf *scratch, dossier_error *err)
{
	PangoFontMap *fm = fonts_fontmap_new(doc, body_covers(in), err);
	if (!fm)
		return -1;
	/* Ink is drawn as coverage on an 8-bit alpha surface; png_grey4()
	 * turns it into the grey image. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, W, H);
	cover c = { .cr = cairo_create(s), .clean = scratch };
	c.ctx = cover_context(fm);
	cairo_t *cr = c.cr;
	cairo_set_source_rgba(cr, 0, 0, 0, 1);
	/* Ink is added to the coverage rather than laid over it: pixman has
	 * a fast path for adding glyph masks to an 8-bit surface and none
	 * for OVER, which drew the glyphs at twice the cost (20 M
	 * instructions, now 9 M). Nothing on the cover overlaps: the grey
	 * image is the same, pixel for pixel. */
	cairo_set_operator(cr, CAIRO_OPERATOR_ADD);

	cover_head(&c, in);
	PangoLayout *fl = cover_foot(&c, in);
	double foot_y = H - 120 - height(fl);
	if (in->num[CV_ARTICLES] > 1)
		cover_lines(&c, in, foot_y - 70);
	rule(cr, 3, foot_y - 40);
	c.y = foot_y;
	draw(&c, fl, MARGIN);
	g_object_unref(fl);

	cairo_surface_flush(s);
	cairo_status_t st = cairo_surface_status(s);
	if (st == CAIRO_STATUS_SUCCESS)
		png_grey4(png, cairo_image_surface_get_data(s),
		    cairo_image_surface_get_stride(s));
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(c.ctx);
	g_object_unref(fm);
	if (st != CAIRO_STATUS_SUCCESS)
		return dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "cover: cairo cannot draw: %s", cairo_status_to_string(st));
	return 0;
}
