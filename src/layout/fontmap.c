/* fontmap.c: Pango font maps over fonts/ only, through fonts/fonts.conf, so
 * output does not change with what else the machine has installed. */
#include "layout.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Built once per process, then shared: all of fonts/, and the body
 * families alone (fonts_fontmap_new). */
static FcConfig *config[2];
static char *config_dir;

/* The body families only. Pango sorts every face of the configuration
 * for each font it loads, in threads of its own: with the script fonts
 * (thirty faces, CJK's huge character sets among them) that is 13 million
 * instructions and two dozen threads for a cover that is all Latin. */
static const char body_only[] =
    "<?xml version=\"1.0\"?><fontconfig><selectfont>"
    "<rejectfont><glob>*</glob></rejectfont>"
    "<acceptfont><glob>*/NotoSerif-*</glob><glob>*/NotoSans-*</glob>"
    "</acceptfont></selectfont></fontconfig>";

static FcConfig *load_config(const char *dir, int own_process, int body,
    dossier_error *err)
{
	char *conf = g_strdup_printf("%s/fonts.conf", dir);
	char *probe = g_strdup_printf("%s/NotoSerif-Regular.ttf", dir);
	FcConfig *cfg = NULL;
	if (access(conf, R_OK) != 0 || access(probe, R_OK) != 0) {
		dossier_fail(err, DOSSIER_ERR_IO,
		    "%s: fonts missing (run 'make fonts')", dir);
		goto out;
	}
	cfg = FcConfigCreate();
	if (!FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue) ||
	    (body && !FcConfigParseAndLoadFromMemory(cfg,
	    (const FcChar8 *)body_only, FcTrue)) ||
	    !FcConfigBuildFonts(cfg)) {
		FcConfigDestroy(cfg);
		cfg = NULL;
		dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "%s: fontconfig cannot load it", conf);
	} else if (own_process) {
		/* Each new Pango font map starts fontconfig's default
		 * configuration in a thread and waits for it before it
		 * takes ours: the machine's fonts, loaded for nothing. */
		FcConfigSetCurrent(cfg);
	}
out:
	g_free(conf);
	g_free(probe);
	return cfg;
}

PangoFontMap *fonts_fontmap_new(dossier_doc *doc, int body,
    dossier_error *err)
{
	const char *dir = fonts_dir(doc);
	body = body != 0;
	pthread_mutex_lock(&lock);
	if (config_dir && strcmp(config_dir, dir) != 0) {
		for (int i = 0; i < 2; i++)
			if (config[i])
				FcConfigDestroy(config[i]);
		config[0] = config[1] = NULL;
		free(config_dir);
		config_dir = NULL;
	}
	if (!config[body] && (config[body] = load_config(dir,
	    doc->opts.own_process, body, err)) && !config_dir)
		config_dir = xstrdup(dir);
	FcConfig *cfg = config[body];
	pthread_mutex_unlock(&lock);
	if (!cfg)
		return NULL;
	PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(
	    CAIRO_FONT_TYPE_FT);
	if (!fm) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "Pango has no FreeType font map");
		return NULL;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	return fm;
}

cairo_surface_t *fonts_colour_glyph(void *face, uint32_t gid, int *left,
    int *top)
{
	FT_Face f = face;
	if (FT_Load_Glyph(f, gid, FT_LOAD_COLOR) != 0 ||
	    f->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_BGRA ||
	    f->glyph->bitmap.width == 0 || f->glyph->bitmap.rows == 0)
		return NULL;
	FT_Bitmap *bm = &f->glyph->bitmap;
	/* FreeType's BGRA is premultiplied, as Cairo's ARGB32 is in memory
	 * on a little-endian machine; rebuilt per pixel, it is on any. */
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    (int)bm->width, (int)bm->rows);
	unsigned char *d = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	cairo_surface_flush(img);
	for (unsigned r = 0; r < bm->rows; r++) {
		const unsigned char *s = bm->buffer + (long)r * bm->pitch;
		for (unsigned c = 0; c < bm->width; c++) {
			uint32_t px = (uint32_t)s[4 * c] |
			    (uint32_t)s[4 * c + 1] << 8 |
			    (uint32_t)s[4 * c + 2] << 16 |
			    (uint32_t)s[4 * c + 3] << 24;
			memcpy(d + (long)r * stride + 4 * c, &px, 4);
		}
	}
	cairo_surface_mark_dirty(img);
	*left = f->glyph->bitmap_left;
	*top = f->glyph->bitmap_top;
	return img;
}
