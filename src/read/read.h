/* read.h: what the readers share inside src/read/. */
#ifndef DOSSIER_READ_H
#define DOSSIER_READ_H

#include "../lib/internal.h"

typedef struct decode_stats {
	size_t invalid, controls, nuls;
	unsigned lines;
} decode_stats;

typedef struct decode_state {
	dossier_doc *doc;
	const char *name;
	unsigned nwarn, last_warn_line;
	const char *last_warn_what;
} decode_state;

/* Clean raw bytes into UTF-8 text in out (NUL-terminated). */
void decode_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, buf *out, decode_stats *stats);

#endif
