/*
 * plugin.h: the reader and writer interface inside the library: the
 * registry of built-in and plugin readers and writers (registry.c), what
 * a plugin must export before it is loaded (elfsym.c), and where the
 * installation keeps its data (paths.c). Not installed: plugins see
 * src/dossier.h only.
 */
#ifndef DOSSIER_PLUGIN_H
#define DOSSIER_PLUGIN_H

#include "../tree/tree.h"

/* ---- where the installation's files are (paths.c) ---- */
/* The data folder (styles/, fonts/), found beside the program or
 * libdossier.so that holds this code: an installed prefix or a checkout,
 * wherever it was moved. */
const char *install_data_dir(void);

/* Does the shared object at path define name in its dynamic symbol
 * table? Read from the file, nothing of it run (elfsym.c). */
int elf_exports(const char *path, const char *name);

/* ---- registry (registry.c) ---- */
void registry_init_builtin(void);

/* ---- readers and writers built in (src/read/, src/write/) ---- */
extern const dossier_reader dossier_reader_text;
extern const dossier_reader dossier_reader_html;
extern const dossier_writer dossier_writer_json;
extern const dossier_writer dossier_writer_pandoc;
extern const dossier_writer dossier_writer_pdf;
extern const dossier_writer dossier_writer_pdflayout;
extern const dossier_writer dossier_writer_epub;

#endif
