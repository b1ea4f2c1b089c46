/* paint.c: the display list drawn with Cairo into one PDF surface. Text
 * goes through cairo_show_text_glyphs with its clusters, so that a
 * ligature extracts as the letters it stands for and searching works;
 * links, destinations, outline entries and page labels go through
 * Cairo's tag API, and so does the structure tree (Document, then a P or
 * an H1-H3 per block and page, with the links in them), so that the PDF
 * is tagged as it says it is. */
#include "pdf.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct sfont {
	int face;
	float size;
	cairo_scaled_font_t *sf;
} sfont;

/* Colour emoji: Cairo 1.16 writes CBDT bitmap glyphs as Type 3 fonts
 * that viewers draw blank or at the bitmap's own size, so we paint each
 * such glyph as an image, scaled from its strike. */
typedef struct emoji {
	int face;
	uint32_t gid;
	cairo_surface_t *img;	/* NULL: the glyph has no bitmap */
	double left, top, ppem;
} emoji;

/* A long link on the page being painted: one annotation for all its
 * pieces there (see long_links). */
typedef struct llink {
	const char *url;
	buf rects;		/* Cairo's rect=[x y w h ...] */
	int done;		/* its annotation is made */
} llink;

/* Longer links are copied into the PDF once a page, not once a line:
 * an address set over many lines would otherwise be written as many
 * times (quadratic in its length). Shorter ones keep an annotation per
 * line, whose area Cairo measures from the text. */
#define LONG_LINK 512

typedef struct psink {
	sink base;
	cairo_surface_t *surface;
	cairo_t *cr;
	cairo_font_face_t **faces;
	size_t nfaces;
	sfont *fonts;
	size_t nfonts, capfonts;
	cairo_font_options_t *fo;
	cairo_glyph_t *g;
	cairo_text_cluster_t *c;
	size_t cap, ng, nc;
	buf text;		/* of the glyphs waiting */
	cairo_scaled_font_t *cur;
	int outline;		/* the current article's outline entry */
	double ox, oy;		/* trim box origin on the sheet */
	buf attr;
	buf str;		/* text() */
	const char *last_link;	/* link_ok()'s answer for it */
	int last_ok;
	size_t last_len;
	llink *ll;		/* long links of the page */
	size_t nll, capll;
	FT_Library ft;
	FT_Face *ftf;		/* per face: colour bitmap faces only */
	signed char *colour;	/* per face: -1 unknown, 0 no, 1 yes */
	size_t nftf;
	emoji *emo;
	size_t nemo, capemo;
	unsigned bad_page;	/* the first page Cairo refused, 0: none */
	cairo_status_t bad;
} psink;

static int is_colour(psink *p, pdf_ctx *ctx, int face)
{
	if ((size_t)face >= p->nftf) {
		size_t n = (size_t)face + 8;
		p->ftf = xrealloc(p->ftf, n * sizeof *p->ftf);
		p->colour = xrealloc(p->colour, n);
		for (size_t i = p->nftf; i < n; i++) {
			p->ftf[i] = NULL;
			p->colour[i] = -1;
		}
		p->nftf = n;
	}
	if (p->colour[face] < 0) {
		p->colour[face] = 0;
		if (!p->ft && FT_Init_FreeType(&p->ft) != 0)
			return 0;
		pthread_mutex_lock(&ctx->lock);
		char *file = xstrdup(ctx->faces[face].file);
		int index = ctx->faces[face].index;
		pthread_mutex_unlock(&ctx->lock);
		FT_Face f;
		if (FT_New_Face(p->ft, file, index, &f) == 0) {
			if (FT_HAS_COLOR(f) && f->num_fixed_sizes > 0) {
				p->ftf[face] = f;
				p->colour[face] = 1;
			} else {
				FT_Done_Face(f);
			}
		}
		free(file);
	}
	return p->colour[face];
}

static const emoji *emoji_get(psink *p, int face, uint32_t gid)
{
	for (size_t i = 0; i < p->nemo; i++)
		if (p->emo[i].face == face && p->emo[i].gid == gid)
			return &p->emo[i];
	if (p->nemo == p->capemo)
		p->emo = xrealloc(p->emo, (p->capemo = 2 * p->capemo + 16) *
		    sizeof *p->emo);
	emoji *e = &p->emo[p->nemo++];
	*e = (emoji){ .face = face, .gid = gid };
	FT_Face f = p->ftf[face];
	FT_Select_Size(f, 0);
	int left, top;
	e->img = fonts_colour_glyph(f, gid, &left, &top);
	if (!e->img)
		return e;
	e->left = left;
	e->top = top;
	e->ppem = f->size->metrics.y_ppem;
	return e;
}

static void draw_emoji(psink *p, const pdf_line *l, const pdf_run *run)
{
	cairo_t *cr = p->cr;
	for (uint32_t i = 0; i < run->ng; i++) {
		const pdf_glyph *g = &l->glyphs[run->g0 + i];
		const emoji *e = emoji_get(p, run->face, g->id);
		if (!e->img || e->ppem <= 0)
			continue;
		double sc = run->size / e->ppem;
		double x = p->ox + l->x + g->x + e->left * sc;
		double y = p->oy + l->y + g->y - e->top * sc;
		/* A filled rectangle with the image as its pattern, not a
		 * paint inside cairo_save: Cairo 1.16 opens a block's marked
		 * content at its first drawing, which inside a save/restore
		 * pair nests wrongly, and it refused every page after a line
		 * that opened with an emoji (a title "✈ ..."). */
		cairo_pattern_t *img = cairo_pattern_create_for_surface(e->img);
		cairo_matrix_t m;
		cairo_matrix_init_scale(&m, 1 / sc, 1 / sc);
		cairo_matrix_translate(&m, -x, -y);
		cairo_pattern_set_matrix(img, &m);
		cairo_pattern_t *ink = cairo_pattern_reference(
		    cairo_get_source(cr));
		cairo_set_source(cr, img);
		cairo_rectangle(cr, x, y,
		    cairo_image_surface_get_width(e->img) * sc,
		    cairo_image_surface_get_height(e->img) * sc);
		cairo_fill(cr);
		cairo_set_source(cr, ink);
		cairo_pattern_destroy(ink);
		cairo_pattern_destroy(img);
	}
}

static cairo_scaled_font_t *font_for(psink *p, pdf_ctx *ctx, int face,
    float size)
{
	for (size_t i = p->nfonts; i-- > 0;)
		if (p->fonts[i].face == face && p->fonts[i].size == size)
			return p->fonts[i].sf;
	if ((size_t)face >= p->nfaces) {
		size_t n = (size_t)face + 8;
		p->faces = xrealloc(p->faces, n * sizeof *p->faces);
		memset(p->faces + p->nfaces, 0, (n - p->nfaces) * sizeof *p->faces);
		p->nfaces = n;
	}
	if (!p->faces[face]) {
		/* The face file and index the layout chose; Cairo opens it
		 * once and subsets it into the PDF. */
		pthread_mutex_lock(&ctx->lock);
		const pdf_face *pf = &ctx->faces[face];
		FcPattern *pat = FcPatternCreate();
		FcPatternAddString(pat, FC_FILE, (const FcChar8 *)pf->file);
		FcPatternAddInteger(pat, FC_INDEX, pf->index);
		pthread_mutex_unlock(&ctx->lock);
		/* colour bitmap glyphs (emoji) need FreeType's colour load */
		FcPatternAddBool(pat, FC_HINTING, FcFalse);
		p->faces[face] = cairo_ft_font_face_create_for_pattern(pat);
		FcPatternDestroy(pat);
	}
	cairo_matrix_t fm, ctm;
	cairo_matrix_init_scale(&fm, size, size);
	cairo_matrix_init_identity(&ctm);
	cairo_scaled_font_t *sf = cairo_scaled_font_create(p->faces[face], &fm,
	    &ctm, p->fo);
	if (p->nfonts == p->capfonts)
		p->fonts = xrealloc(p->fonts,
		    (p->capfonts = 2 * p->capfonts + 8) * sizeof *p->fonts);
	p->fonts[p->nfonts++] = (sfont){ face, size, sf };
	return sf;
}

/* A string attribute for the tag API: quotes and backslashes escaped
 * (Cairo's attribute syntax; what reaches the PDF is checked by the
 * callers). */
static const char *attr(psink *p, const char *key, const char *val,
    const char *extra)
{
	p->attr.len = 0;
	buf_printf(&p->attr, "%s='", key);
	for (const char *s = val; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(&p->attr, '\\');
		buf_putc(&p->attr, *s);
	}
	buf_putc(&p->attr, '\'');
	if (extra)
		buf_puts(&p->attr, extra);
	return buf_cstr(&p->attr);
}

/* A text string for Cairo's metadata, outline and page labels, cleaned
 * of what it would refuse (escape_pdf_text); valid until the next call. */
static const char *text(psink *p, const char *s)
{
	p->str.len = 0;
	escape_pdf_text(&p->str, s);
	return buf_cstr(&p->str);
}

static void metadata(psink *p, cairo_pdf_metadata_t key, const char *s)
{
	cairo_pdf_surface_set_metadata(p->surface, key, text(p, s));
}

/* Text waiting to be shown: consecutive runs in one font, across lines,
 * go to Cairo in one call (a tenth of the painting time here). Word
 * spaces are shown too, though their glyph draws nothing: without them
 * the text has no spaces for a screen reader, which reads the structure
 * tree's text and does not guess words from gaps as pdftotext does. */
static void flush(psink *p)
{
	if (!p->ng)
		return;
	cairo_set_scaled_font(p->cr, p->cur);
	cairo_show_text_glyphs(p->cr, p->text.data, (int)p->text.len, p->g,
	    (int)p->ng, p->c, (int)p->nc, 0);
	p->ng = p->nc = 0;
	p->text.len = 0;
}

static void grow(psink *p, size_t n)
{
	if (p->ng + n > p->cap || p->nc + n > p->cap) {
		p->cap = 2 * (p->cap + n);
		p->g = xrealloc(p->g, p->cap * sizeof *p->g);
		p->c = xrealloc(p->c, p->cap * sizeof *p->c);
	}
}

/* May Cairo have this link? Cairo writes a URI into the PDF unescaped:
 * only what url_encode() made gets through (the layout links nothing
 * else; this is the last gate). The pieces of one link on successive
 * lines share its pointer, so the answer is kept for the next, within
 * a page (paint_page forgets it). */
static int link_ok(psink *p, const char *url, size_t *len)
{
	if (url != p->last_link) {
		p->last_link = url;
		p->last_ok = url_allowed(url) && url_safe(url);
		p->last_len = strlen(url);
	}
	*len = p->last_len;
	return p->last_ok;
}

static llink *long_link(psink *p, const char *url)
{
	for (size_t i = 0; i < p->nll; i++)
		if (p->ll[i].url == url)
			return &p->ll[i];
	return NULL;
}

/* The long links of a page and the boxes of their pieces, before it is
 * drawn: the first piece's tag carries them all. */
static void long_links(psink *p, const pdf_page *pg)
{
	for (size_t i = 0; i < p->nll; i++)
		buf_free(&p->ll[i].rects);
	p->nll = 0;
	for (size_t i = 0; i < pg->nlines; i++) {
		const pdf_line *l = pg->lines[i];
		for (uint32_t r = 0; r < l->nruns; r++) {
			const pdf_run *run = &l->runs[r];
			size_t len;
			if (!run->link || !run->ng || !run->nt ||
			    !link_ok(p, run->link, &len) || len <= LONG_LINK)
				continue;
			llink *k = long_link(p, run->link);
			if (!k) {
				if (p->nll == p->capll)
					p->ll = xrealloc(p->ll, (p->capll =
					    2 * p->capll + 8) * sizeof *p->ll);
				k = &p->ll[p->nll++];
				*k = (llink){ .url = run->link };
				buf_puts(&k->rects, " rect=[");
			}
			buf_printf(&k->rects, "%.2f %.2f %.2f %.2f ",
			    p->ox + l->x + run->x0, p->oy + l->y - l->ascent,
			    (double)(run->x1 - run->x0),
			    (double)(l->ascent + l->descent));
		}
	}
	for (size_t i = 0; i < p->nll; i++)
		buf_putc(&p->ll[i].rects, ']');
}

static void draw_line(psink *p, pdf_ctx *ctx, const pdf_line *l)
{
	cairo_t *cr = p->cr;
	for (uint32_t r = 0; r < l->nruns; r++) {
		const pdf_run *run = &l->runs[r];
		if (!run->ng || !run->nt)
			continue;
		if (is_colour(p, ctx, run->face)) {
			flush(p);
			draw_emoji(p, l, run);
			continue;
		}
		cairo_scaled_font_t *sf = font_for(p, ctx, run->face, run->size);
		const char *link = NULL;
		size_t len;
		if (run->link && link_ok(p, run->link, &len)) {
			llink *k = len > LONG_LINK ? long_link(p, run->link) :
			    NULL;
			if (!k)
				link = attr(p, "uri", run->link, NULL);
			else if (!k->done) {
				link = attr(p, "uri", run->link,
				    buf_cstr(&k->rects));
				k->done = 1;
			}
		} else if (run->dest && url_safe(run->dest)) {
			/* a name is written unescaped too */
			link = attr(p, "dest", run->dest, NULL);
		}
		if (sf != p->cur || link || run->rtl)
			flush(p);
		p->cur = sf;
		grow(p, run->ng + run->nc);
		const pdf_glyph *g = l->glyphs + run->g0;
		const char *t = l->text + run->t0;
		for (uint32_t i = 0; i < run->nc; i++) {
			const pdf_cluster *c = &l->clusters[run->c0 + i];
			for (int k = 0; k < c->nglyphs; k++, g++) {
				p->g[p->ng].index = g->id;
				p->g[p->ng].x = p->ox + l->x + g->x;
				p->g[p->ng].y = p->oy + l->y + g->y;
				p->ng++;
			}
			p->c[p->nc].num_bytes = c->nbytes;
			p->c[p->nc].num_glyphs = c->nglyphs;
			p->nc++;
			if (!run->rtl)
				buf_put(&p->text, t, (size_t)c->nbytes);
			t += c->nbytes;
		}
		if (!run->rtl && !link)
			continue;
		if (run->rtl) {
			/* Cairo reads the text forward and, with BACKWARD,
			 * the glyphs from the end: the clusters go in text
			 * order, the reverse of the visual order built above
			 * (else a cluster can start inside a character, and
			 * Cairo refuses the call and every later one). */
			p->text.len = 0;
			buf_put(&p->text, l->text + run->t0, run->nt);
			for (size_t a = 0, b = p->nc; a + 1 < b; a++, b--) {
				cairo_text_cluster_t tmp = p->c[a];
				p->c[a] = p->c[b - 1];
				p->c[b - 1] = tmp;
			}
		}
		if (link)
			cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
		if (p->ng) {
			cairo_set_scaled_font(cr, sf);
			cairo_show_text_glyphs(cr, p->text.data, (int)p->text.len,
			    p->g, (int)p->ng, p->c, (int)p->nc, run->rtl ?
			    CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
		}
		p->ng = p->nc = 0;
		p->text.len = 0;
		if (link)
			cairo_tag_end(cr, CAIRO_TAG_LINK);
	}
}

static void crop_marks(psink *p, pdf_ctx *ctx)
{
	cairo_t *cr = p->cr;
	double x0 = p->ox, y0 = p->oy, x1 = p->ox + ctx->pw, y1 = p->oy + ctx->ph;
	double off = ctx->bleed + 3, len = ctx->mark - 3;
	cairo_save(cr);
	cairo_set_line_width(cr, 0.25);
	double xs[2] = { x0, x1 }, ys[2] = { y0, y1 };
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			double sx = i ? 1 : -1, sy = j ? 1 : -1;
			/* one horizontal and one vertical mark per corner,
			 * outside the bleed */
			cairo_move_to(cr, xs[i] + sx * off, ys[j]);
			cairo_line_to(cr, xs[i] + sx * (off + len), ys[j]);
			cairo_move_to(cr, xs[i], ys[j] + sy * off);
			cairo_line_to(cr, xs[i], ys[j] + sy * (off + len));
		}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void paint_page(sink *s, pdf_ctx *ctx, pdf_page *pg)
{
	psink *p = (psink *)s;
	cairo_t *cr = p->cr;
	if (pg->label)
		cairo_pdf_surface_set_page_label(p->surface, text(p, pg->label));
	for (size_t i = 0; i < pg->nmarks; i++) {
		const pdf_mark *m = &pg->marks[i];
		char xy[64];
		snprintf(xy, sizeof xy, " x=%.2f y=%.2f", p->ox,
		    p->oy + (m->y > 12 ? m->y - 12 : 0));
		if (!url_safe(m->name))	/* written unescaped, as a URI */
			continue;
		cairo_tag_begin(cr, CAIRO_TAG_DEST, attr(p, "name", m->name, xy));
		cairo_tag_end(cr, CAIRO_TAG_DEST);
		if (m->title) {
			const char *title = text(p, m->title);
			const char *d = attr(p, "dest", m->name, NULL);
			if (m->level <= 1)
				p->outline = cairo_pdf_surface_add_outline(
				    p->surface, CAIRO_PDF_OUTLINE_ROOT, title, d,
				    0);
			else
				cairo_pdf_surface_add_outline(p->surface,
				    p->outline, title, d, 0);
		}
	}
	/* The structure tree: the lines of one block make one element
	 * (cut at the page's end), a P or an H1-H3; running heads and folios
	 * stand in none. */
	p->last_link = NULL;	/* earlier pages' strings may be gone */
	long_links(p, pg);
	const char *elem = NULL;
	const pdf_line *prev = NULL;
	for (size_t i = 0; i < pg->nlines; i++) {
		const pdf_line *l = pg->lines[i];
		if (!prev || !l->block || l->block != prev->block ||
		    l->kind != prev->kind) {
			flush(p);
			if (elem)
				cairo_tag_end(cr, elem);
			static const char *const tags[] = { "P", "H1", "H2",
			    "H3" };
			elem = l->kind == 'F' ? NULL : tags[l->heading > 0 &&
			    l->heading <= 3 ? l->heading : 0];
			if (elem)
				cairo_tag_begin(cr, elem, NULL);
		}
		draw_line(p, ctx, l);
		prev = l;
	}
	flush(p);
	if (elem)
		cairo_tag_end(cr, elem);
	for (size_t i = 0; i < pg->nrules; i++) {
		const pdf_rule *r = &pg->rules[i];
		cairo_set_line_width(cr, r->w);
		cairo_move_to(cr, p->ox + r->x0, p->oy + r->y0);
		cairo_line_to(cr, p->ox + r->x1, p->oy + r->y1);
		cairo_stroke(cr);
	}
	if (ctx->mark > 0)
		crop_marks(p, ctx);
	cairo_show_page(cr);
	/* A refused call leaves the context in error and every later call
	 * does nothing: the run must fail, not end with the pages so far. */
	if (!p->bad_page && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		p->bad_page = pg->number;
		p->bad = cairo_status(cr);
	}
}

static int paint_finish(sink *s, pdf_ctx *ctx, dossier_error *err)
{
	psink *p = (psink *)s;
	cairo_tag_end(p->cr, "Document");
	if (!p->bad_page && cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		p->bad = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(p->surface);
	if (p->bad && p->bad_page)
		return dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "cairo refused page %u: %s", p->bad_page,
		    cairo_status_to_string(p->bad));
	if (p->bad)
		return dossier_fail(err, DOSSIER_ERR_INTERNAL, "cairo: %s",
		    cairo_status_to_string(p->bad));
	cairo_status_t st = cairo_surface_status(p->surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return dossier_fail(err, DOSSIER_ERR_IO, "cairo: %s",
		    cairo_status_to_string(st));
	return 0;
}

static void paint_free(sink *s)
{
	psink *p = (psink *)s;
	if (p->cr)
		cairo_destroy(p->cr);
	for (size_t i = 0; i < p->nfonts; i++)
		cairo_scaled_font_destroy(p->fonts[i].sf);
	for (size_t i = 0; i < p->nfaces; i++)
		if (p->faces[i])
			cairo_font_face_destroy(p->faces[i]);
	cairo_surface_destroy(p->surface);
	cairo_font_options_destroy(p->fo);
	for (size_t i = 0; i < p->nemo; i++)
		if (p->emo[i].img)
			cairo_surface_destroy(p->emo[i].img);
	for (size_t i = 0; i < p->nftf; i++)
		if (p->ftf[i])
			FT_Done_Face(p->ftf[i]);
	if (p->ft)
		FT_Done_FreeType(p->ft);
	free(p->emo);
	free(p->ftf);
	free(p->colour);
	free(p->faces);
	free(p->fonts);
	free(p->g);
	free(p->c);
	buf_free(&p->attr);
	buf_free(&p->str);
	for (size_t i = 0; i < p->nll; i++)
		buf_free(&p->ll[i].rects);
	free(p->ll);
	buf_free(&p->text);
	free(p);
}

/* ISO 8601 for the PDF's dates: the inputs' (doc_date), so that two runs
 * give the same bytes. */
static void iso_date(dossier_doc *doc, char *out, size_t cap)
{
	time_t t = (time_t)doc_date(doc);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

sink *paint_sink_new(pdf_ctx *ctx, cairo_write_func_t write, void *closure,
    dossier_error *err)
{
	double sw = ctx->pw + 2 * (ctx->bleed + ctx->mark);
	double shh = ctx->ph + 2 * (ctx->bleed + ctx->mark);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write, closure,
	    sw, shh);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		dossier_fail(err, DOSSIER_ERR_IO, "cannot write PDF: %s",
		    cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	psink *p = xcalloc(1, sizeof *p);
	p->base.page = paint_page;
	p->base.finish = paint_finish;
	p->base.free = paint_free;
	p->surface = s;
	p->cr = cairo_create(s);
	p->ox = p->oy = ctx->bleed + ctx->mark;
	p->fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(p->fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(p->fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_tag_begin(p->cr, "Document", NULL);
	dossier_node *root = ctx->doc->root;
	char date[40];
	iso_date(ctx->doc, date, sizeof date);
	metadata(p, CAIRO_PDF_METADATA_TITLE, ctx->title);
	const char *editor = root->as.dossier.editor ? root->as.dossier.editor :
	    ctx->doc->opts.editor;
	if (editor)
		metadata(p, CAIRO_PDF_METADATA_AUTHOR, editor);
	char subject[128];
	snprintf(subject, sizeof subject, "%u articles with %u reader comments",
	    ctx->doc->articles, ctx->doc->comments);
	metadata(p, CAIRO_PDF_METADATA_SUBJECT,
	    root->as.dossier.subtitle ? root->as.dossier.subtitle : subject);
	metadata(p, CAIRO_PDF_METADATA_KEYWORDS,
	    "news, reader comments, dossier");
	metadata(p, CAIRO_PDF_METADATA_CREATOR, "dossier " DOSSIER_VERSION);
	/* dates: Cairo keeps only digits and "-T:Z+" of them */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
	return &p->base;
}
