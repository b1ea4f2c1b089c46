/*
 * typeset.h: what the EPUB writer asks of HarfBuzz and Cairo (subset.c,
 * cover.c): the code points of a face, a face cut down to a book's
 * characters, and the cover's pixels. Not installed.
 */
#ifndef DOSSIER_TYPESET_H
#define DOSSIER_TYPESET_H

#include "../../tree/tree.h"

struct epub;

/* The code points face index of the font file path has; -1 when it
 * cannot be read. */
int typeset_coverage(const char *path, unsigned index, cpset *out);
/* The face cut down to cps, as a font file's bytes (malloc). */
char *typeset_subset(const char *path, unsigned index, const cpset *cps,
    size_t *len, dossier_error *err);
/* The EPUB's cover as a PNG, appended to png; title is the book's as
 * shown. scratch is the caller's, for this thread. */
int typeset_cover(const struct epub *e, const char *title, buf *png,
    buf *scratch, dossier_error *err);

#endif
