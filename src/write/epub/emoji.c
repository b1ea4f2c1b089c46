/* emoji.c: emoji as small images, with their text as alt. The emoji font
 * (Noto Color Emoji) holds colour bitmaps (CBDT); embedded, it makes
 * MuPDF and the readers built on it refuse the whole EPUB, and Kindle's
 * converter drops colour glyphs. So each emoji is drawn once, as the
 * PDF draws them (FreeType's colour load), into a PNG of the container,
 * and every use of it is an <img>. HarfBuzz shapes the run first: a
 * sequence (a flag, a family joined by ZWJ, a skin tone, a keycap) is one
 * glyph, one image, one alt. */
#include "../../layout/layout.h"
#include "epub.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo.h>
#include <glib.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

/* Height of an image in pixels: sharp at 1em on a 300 dpi e-reader. */
#define EMOJI_PX 64
/* A cluster longer than this is no emoji the font draws as one: text. */
#define CLUSTER_MAX 64
#define GLYPHS_MAX 8

typedef struct made {
	char *text;		/* the cluster, owned */
	char *name;		/* its file in the container, or NULL: no image */
} made;

struct epub_emoji {
	int failed;		/* the font could not be opened */
	FT_Library ft;
	FT_Face face;
	hb_font_t *font;
	hb_buffer_t *hb;
	double ppem, asc, desc;	/* of the strike, in pixels */
	unsigned upem;
	GHashTable *seen;	/* cluster text -> made */
	made **list;		/* in order of first use */
	size_t n, cap;
};

static int emoji_open(epub *e, struct epub_emoji *m)
{
	char *path = g_strdup_printf("%s/%s", fonts_dir(e->doc),
	    epub_fonts_file(EPUB_FB_EMOJI));
	int ok = FT_Init_FreeType(&m->ft) == 0 &&
	    FT_New_Face(m->ft, path, 0, &m->face) == 0 &&
	    FT_HAS_COLOR(m->face) && m->face->num_fixed_sizes > 0 &&
	    FT_Select_Size(m->face, 0) == 0;
	if (ok) {
		hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
		ok = blob != NULL;
		if (ok) {
			hb_face_t *face = hb_face_create(blob, 0);
			m->upem = hb_face_get_upem(face);
			m->font = hb_font_create(face);
			hb_face_destroy(face);
			hb_blob_destroy(blob);
			m->hb = hb_buffer_create();
		}
	}
	g_free(path);
	if (!ok || m->upem == 0)
		return -1;
	const FT_Size_Metrics *sm = &m->face->size->metrics;
	m->ppem = sm->y_ppem;
	m->asc = sm->ascender / 64.0;
	m->desc = -sm->descender / 64.0;
	return m->ppem > 0 && m->asc + m->desc > 0 ? 0 : -1;
}

static struct epub_emoji *emoji_state(epub *e)
{
	if (!e->emoji) {
		e->emoji = xcalloc(1, sizeof *e->emoji);
		e->emoji->seen = g_hash_table_new(g_str_hash, g_str_equal);
		if (emoji_open(e, e->emoji) != 0)
			e->emoji->failed = 1;
	}
	return e->emoji->failed ? NULL : e->emoji;
}

/* One glyph's colour bitmap drawn onto cr at pen x (strike pixels). */
static int draw_glyph(struct epub_emoji *m, cairo_t *cr, uint32_t gid,
    double x)
{
	int left, top;
	cairo_surface_t *img = fonts_colour_glyph(m->face, gid, &left, &top);
	if (!img) {
		/* a joiner or selector has nothing to see; a glyph that
		 * is drawn has a colour bitmap */
		if (FT_Load_Glyph(m->face, gid, FT_LOAD_COLOR) == 0 &&
		    m->face->glyph->bitmap.width == 0)
			return 0;
		return -1;
	}
	cairo_set_source_surface(cr, img, x + left, m->asc - top);
	cairo_paint(cr);
	cairo_surface_destroy(img);
	return 0;
}

static cairo_status_t png_out(void *closure, const unsigned char *data,
    unsigned int len)
{
	buf_put(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The glyphs of one cluster as a PNG of EMOJI_PX rows, into png: 0, or
 * -1 when a glyph is missing or has no colour bitmap. */
static int draw_cluster(struct epub_emoji *m, const hb_glyph_info_t *gi,
    const hb_glyph_position_t *gp, unsigned ng, buf *png)
{
	double sc = m->ppem / m->upem, w = 0;
	for (unsigned i = 0; i < ng; i++) {
		if (gi[i].codepoint == 0)
			return -1;	/* the font has no glyph for it */
		w += gp[i].x_advance * sc;
	}
	double h = m->asc + m->desc;
	if (w < 1)
		return -1;
	cairo_surface_t *full = cairo_image_surface_create(
	    CAIRO_FORMAT_ARGB32, (int)(w + 0.999), (int)(h + 0.999));
	cairo_t *cr = cairo_create(full);
	int rc = 0;
	double x = 0;
	for (unsigned i = 0; rc == 0 && i < ng; i++) {
		rc = draw_glyph(m, cr, gi[i].codepoint, x + gp[i].x_offset * sc);
		x += gp[i].x_advance * sc;
	}
	cairo_destroy(cr);
	if (rc == 0) {
		/* Down to EMOJI_PX rows: the strike is twice that, and a
		 * dossier with many emoji would carry them at full size. */
		double k = EMOJI_PX / h;
		int ow = (int)(w * k + 0.999);
		cairo_surface_t *out = cairo_image_surface_create(
		    CAIRO_FORMAT_ARGB32, ow > 0 ? ow : 1, EMOJI_PX);
		cr = cairo_create(out);
		cairo_scale(cr, k, k);
		cairo_set_source_surface(cr, full, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
		cairo_destroy(cr);
		if (cairo_surface_write_to_png_stream(out, png_out, png) !=
		    CAIRO_STATUS_SUCCESS)
			rc = -1;
		cairo_surface_destroy(out);
	}
	cairo_surface_destroy(full);
	return rc;
}

/* The image of cluster s (n bytes), made on first use; NULL when it has
 * none. */
static const char *image_of(epub *e, struct epub_emoji *m, const char *s,
    size_t n, const hb_glyph_info_t *gi, const hb_glyph_position_t *gp,
    unsigned ng)
{
	char *key = g_strndup(s, n);
	made *d = g_hash_table_lookup(m->seen, key);
	if (d) {
		g_free(key);
		return d->name;
	}
	d = xcalloc(1, sizeof *d);
	d->text = key;
	g_hash_table_insert(m->seen, d->text, d);
	if (m->n == m->cap)
		m->list = xrealloc(m->list, (m->cap = 2 * m->cap + 16) *
		    sizeof *m->list);
	m->list[m->n++] = d;
	buf png = { 0 };
	if (n <= CLUSTER_MAX && ng <= GLYPHS_MAX &&
	    draw_cluster(m, gi, gp, ng, &png) == 0) {
		/* Named in the order of first use: the same text gives the
		 * same names, and no name grows with a long sequence. */
		d->name = g_strdup_printf("emoji-%zu.png", m->n);
		epub_add_file(e, d->name, png.data, png.len, 1);
	} else {
		buf_free(&png);
	}
	return d->name;
}

static void put_img(xw *x, const char *name, const char *s, size_t n)
{
	xmlTextWriterStartElement(x->w, BAD_CAST "img");
	xw_attr(x, "class", "emoji");
	xw_attr(x, "src", name);
	xw_attr(x, "alt", xw_clean(x->e, s, n));
	xmlTextWriterEndElement(x->w);
}

int epub_emoji_write(xw *x, const char *s, size_t n)
{
	struct epub_emoji *m = emoji_state(x->e);
	if (!m || n == 0 || n > INT32_MAX)
		return -1;
	hb_buffer_clear_contents(m->hb);
	hb_buffer_add_utf8(m->hb, s, (int)n, 0, (int)n);
	hb_buffer_set_direction(m->hb, HB_DIRECTION_LTR);
	hb_buffer_guess_segment_properties(m->hb);
	hb_shape(m->font, m->hb, NULL, 0);
	unsigned ng;
	const hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(m->hb, &ng);
	const hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(m->hb,
	    NULL);
	/* Left to right, the clusters are byte offsets in rising order. */
	for (unsigned i = 0; i < ng;) {
		unsigned j = i + 1;
		while (j < ng && gi[j].cluster == gi[i].cluster)
			j++;
		size_t from = gi[i].cluster;
		size_t to = j < ng ? gi[j].cluster : n;
		const char *name = image_of(x->e, m, s + from, to - from,
		    gi + i, gp + i, j - i);
		if (name)
			put_img(x, name, s + from, to - from);
		else
			xmlTextWriterWriteString(x->w,
			    BAD_CAST xw_clean(x->e, s + from, to - from));
		i = j;
	}
	return 0;
}

void epub_emoji_css(epub *e, buf *css)
{
	struct epub_emoji *m = e->emoji;
	if (!m || m->failed)
		return;
	int any = 0;
	for (size_t i = 0; i < m->n && !any; i++)
		any = m->list[i]->name != NULL;
	if (!any)
		return;
	/* The image is the font's whole line box (ascent and descent):
	 * that height in em, and its descent below the baseline. */
	buf_printf(css, "img.emoji { height: %.3fem; width: auto; "
	    "vertical-align: -%.3fem; margin: 0; border: 0; }\n",
	    (m->asc + m->desc) / m->ppem, m->desc / m->ppem);
}

void epub_emoji_free(epub *e)
{
	struct epub_emoji *m = e->emoji;
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		g_free(m->list[i]->text);
		g_free(m->list[i]->name);
		free(m->list[i]);
	}
	free(m->list);
	g_hash_table_destroy(m->seen);
	if (m->hb)
		hb_buffer_destroy(m->hb);
	if (m->font)
		hb_font_destroy(m->font);
	if (m->face)
		FT_Done_Face(m->face);
	if (m->ft)
		FT_Done_FreeType(m->ft);
	free(m);
	e->emoji = NULL;
}
