/*
 * modules.h: the writers' modules, as the library loads them
 * (modules.c). Not installed.
 *
 * A module is build/modules/NAME.so ($DOSSIER_MODULE_DIR to look
 * elsewhere). It exports one symbol, a struct whose first member is the
 * build id of the sources it was built from: it carries its own copy of
 * the library's helpers and shares the document's memory with the
 * library, so a module from other sources is refused.
 */
#ifndef DOSSIER_MODULES_H
#define DOSSIER_MODULES_H

#include "internal.h"

/* A writer's render, as a module hands it to the stand-in that the
 * registry lists (the name, extension and order are the stand-in's). */
typedef int (*dossier_render_fn)(dossier_doc *doc, const char *path,
    dossier_error *err);

typedef struct module_entry {
	const char *build_id;
} module_entry;

/* The EPUB writer (src/write/epub/), with libzip and libxml2. */
#define EPUB_ENTRY "dossier_epub"
typedef struct epub_api {
	const char *build_id;
	dossier_render_fn epub;
} epub_api;

#endif
