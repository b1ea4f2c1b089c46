/* fonts.h: the project's fonts, seen through a private fontconfig. */
#ifndef DOSSIER_FONTS_H
#define DOSSIER_FONTS_H

#include "../tree/tree.h"

#include <pango/pangocairo.h>

/* A new PangoCairo font map that sees only fonts_dir(), or with body set
 * only its Noto Serif and Noto Sans faces (for text they cover: loading
 * fonts is then much cheaper): one per thread (a font map shared between
 * threads is not safe). NULL and err set when the fonts are missing (run
 * `make fonts`). Free with g_object_unref. */
PangoFontMap *fonts_fontmap_new(dossier_doc *doc, int body,
    dossier_error *err);

#endif
