/*
 * typeset.h: the typesetting module, and how the library reaches it. Not
 * installed.
 *
 * Everything that shapes or draws glyphs (Cairo, Pango, HarfBuzz,
 * fontconfig, FreeType, libhyphen) lives in one module of its own,
 * build/modules/typeset.so: the PDF writer (src/write/pdf/), the EPUB's
 * cover (cover.c) and its font subsets (subset.c). The library loads it on
 * first need (src/lib/modules.c). Those libraries and the forty-odd they
 * pull in cost about 3 ms of every process start; `dossier tree`, and an
 * EPUB whose cover and subsets come from the cache, never pay it.
 *
 * Like the EPUB module, it carries its own copy of the library helpers it
 * calls and must come from the same sources (src/lib/modules.h).
 */
#ifndef DOSSIER_TYPESET_H
#define DOSSIER_TYPESET_H

#include "../lib/modules.h"

struct epub;

#define TYPESET_ENTRY "dossier_typeset"

typedef struct typeset_api {
	const char *build_id;		/* first, as module_entry's */
	dossier_render_fn pdf;		/* the PDF writer's render */
	dossier_render_fn pdflayout;	/* its layout model, dumped */
	/* The PDF's page map, laid out and not drawn (src/book/book.h);
	 * the caller owns it. */
	struct dossier_pagemap *(*paginate)(dossier_doc *doc,
	    dossier_error *err);
	/* The code points face index of the font file path has; -1 when
	 * it cannot be read. */
	int (*coverage)(const char *path, unsigned index, cpset *out);
	/* The face cut down to cps, as a font file's bytes (malloc). */
	char *(*subset)(const char *path, unsigned index, const cpset *cps,
	    size_t *len, dossier_error *err);
	/* The EPUB's cover as a PNG, appended to png; title is the book's
	 * as shown. scratch is the caller's, for this thread. */
	int (*cover)(const struct epub *e, const char *title, buf *png,
	    buf *scratch, dossier_error *err);
} typeset_api;

/* The module, loaded on the first call (any thread); NULL and err set
 * when it cannot be (missing, or from other sources). */
const typeset_api *typeset_get(dossier_error *err);
/* Add what the module's output depends on besides its inputs and its
 * sources (the build id, in every key) to a cache key: the libraries it
 * links, by path, size and time, so that an upgraded Cairo or HarfBuzz
 * never finds an old cover or subset. Needs no loading. */
struct cache_key;
void typeset_key(struct cache_key *k);

/* ---- inside the module: what the entry points at (subset.c, cover.c) */
int typeset_coverage(const char *path, unsigned index, cpset *out);
char *typeset_subset(const char *path, unsigned index, const cpset *cps,
    size_t *len, dossier_error *err);
int typeset_cover(const struct epub *e, const char *title, buf *png,
    buf *scratch, dossier_error *err);

#endif
