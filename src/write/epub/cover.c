/* cover.c: the cover, drawn with Cairo and Pango in the project's fonts:
 * a 1200 x 1600 PNG (3:4, the shape stores and readers show), black on
 * white for e-ink. Font options are fixed so that the pixels, and so the
 * EPUB's bytes, do not depend on the machine's settings. */
#include "epub.h"
#include "../../style/fonts.h"

#include <string.h>

enum { W = 1200, H = 1600, MARGIN = 110 };

typedef struct cover {
	cairo_t *cr;
	PangoContext *ctx;
	double y;
} cover;

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

static cairo_status_t to_buf(void *closure, const unsigned char *data,
    unsigned int len)
{
	buf_put(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
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

int epub_cover_png(epub *e, dossier_error *err)
{
	dossier_doc *doc = e->doc;
	PangoFontMap *fm = fonts_fontmap_new(doc, err);
	if (!fm)
		return -1;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    W, H);
	cover c = { .cr = cairo_create(s) };
	c.ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
	pango_cairo_context_set_font_options(c.ctx, fo);
	pango_cairo_context_set_resolution(c.ctx, 72);
	cairo_font_options_destroy(fo);

	cairo_t *cr = c.cr;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);

	/* A frame of two rules, the book's name in small capitals above. */
	cairo_set_line_width(cr, 10);
	cairo_move_to(cr, MARGIN, 200);
	cairo_line_to(cr, W - MARGIN, 200);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 3);
	cairo_move_to(cr, MARGIN, 222);
	cairo_line_to(cr, W - MARGIN, 222);
	cairo_stroke(cr);
	c.y = 120;
	PangoLayout *l = layout(&c, "Noto Sans", PANGO_WEIGHT_BOLD,
	    PANGO_STYLE_NORMAL, 34, "DOSSIER", W - 2 * MARGIN);
	PangoAttrList *al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_letter_spacing_new(
	    8 * PANGO_SCALE));
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	draw(&c, l, MARGIN);
	g_object_unref(l);

	const dossier_node *r = e->root;
	const char *title = r->as.dossier.title ? r->as.dossier.title :
	    "Dossier";
	c.y = 290;
	l = title_layout(&c, xw_clean(e, title, strlen(title)));
	draw(&c, l, MARGIN);
	g_object_unref(l);

	const char *sub = r->as.dossier.subtitle;
	if (sub && *sub) {
		c.y += 40;
		l = layout(&c, "Noto Serif", PANGO_WEIGHT_NORMAL,
		    PANGO_STYLE_ITALIC, 52, xw_clean(e, sub, strlen(sub)),
		    W - 2 * MARGIN);
		pango_layout_set_height(l, 4 * 70 * PANGO_SCALE);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		draw(&c, l, MARGIN);
		g_object_unref(l);
	}

	/* The foot: counts, editor, date. */
	buf foot = { 0 };
	buf_printf(&foot, "%u article%s \u00b7 %u comment%s",
	    doc->articles, doc->articles == 1 ? "" : "s", doc->comments,
	    doc->comments == 1 ? "" : "s");
	const char *ed = r->as.dossier.editor;
	if (ed && *ed) {
		buf_puts(&foot, "\nEdited by ");
		buf_puts(&foot, xw_clean(e, ed, strlen(ed)));
	}
	buf_printf(&foot, "\n%.10s", e->modified);
	l = layout(&c, "Noto Sans", PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
	    40, buf_cstr(&foot), W - 2 * MARGIN);
	pango_layout_set_spacing(l, 12 * PANGO_SCALE);
	buf_free(&foot);
	cairo_set_line_width(cr, 3);
	cairo_move_to(cr, MARGIN, H - 150 - height(l) - 40);
	cairo_line_to(cr, W - MARGIN, H - 150 - height(l) - 40);
	cairo_stroke(cr);
	c.y = H - 150 - height(l);
	draw(&c, l, MARGIN);
	g_object_unref(l);

	cairo_surface_flush(s);
	buf png = { 0 };
	cairo_status_t st = cairo_surface_write_to_png_stream(s, to_buf, &png);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(c.ctx);
	g_object_unref(fm);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_free(&png);
		return dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "cover: cairo cannot write PNG: %s",
		    cairo_status_to_string(st));
	}
	epub_add_file(e, "cover.png", png.data, png.len, 1);
	return 0;
}
