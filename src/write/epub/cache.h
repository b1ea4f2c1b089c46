/*
 * cache.h: a content-addressed cache of artefacts that cost more to make
 * than the rest of a build and rarely change between builds: the EPUB's
 * cover and its font subsets. Not installed.
 *
 * An entry is found by a SHA-256 key over everything its bytes depend on:
 * the code that makes it (the build ids of the program or library and of
 * every library loaded, cache.c), the files it is made from (name, size, modification time)
 * and the values it shows. The same key gives the same bytes, so a cached
 * build is byte-identical to a fresh one (tests/suites/cache.sh).
 *
 * Where: dossier_options.cache_dir, else $DOSSIER_CACHE_DIR, else
 * $XDG_CACHE_HOME/dossier, else ~/.cache/dossier; "" (or "off") turns it
 * off. Entries carry their own key, their length and a CRC-32 and are
 * written to a temporary name and renamed; they are opened without
 * following links or waiting (regular files only), so a torn, damaged,
 * foreign (another key's) or odd entry (a FIFO) is a miss, never
 * wrong bytes. A failing cache (read-only, full disk) is silent: the build
 * makes the artefact itself. The folder keeps its newest CACHE_MAX files.
 */
#ifndef DOSSIER_CACHE_H
#define DOSSIER_CACHE_H

#include "../../tree/tree.h"

#include <glib.h>

typedef struct cache_key {
	GChecksum *sum;		/* NULL once finished */
	char kind[25];
	char name[96];		/* "<64 hex>.<kind>", once finished */
} cache_key;

/* kind names the artefact ("cover.png", "subset"); it ends the file name:
 * letters, digits, '.' and '-' only. */
void cache_key_begin(cache_key *k, const char *kind);
void cache_key_str(cache_key *k, const char *s);	/* NULL != "" */
void cache_key_num(cache_key *k, unsigned long long v);
/* A file by path, size and modification time (not its bytes: reading a
 * 19 MB font to hash it would cost what the cache saves). */
void cache_key_file(cache_key *k, const char *path);
/* Every regular file of a folder, in name order, as cache_key_file. */
void cache_key_dir(cache_key *k, const char *dir);
void cache_key_end(cache_key *k);

/* Is there a cache folder? When not, a key need not be computed. Resolves
 * the folder, as cache_get does. */
int cache_enabled(dossier_doc *doc);
/* The entry's bytes (malloc) and length on a hit; NULL on a miss or when
 * the cache is off. Resolves the cache folder: call it before any
 * cache_put from another thread. */
char *cache_get(dossier_doc *doc, cache_key *k, size_t *len);
/* Store an entry; failures are silent. Safe from any thread once
 * cache_get has run for the document. */
void cache_put(dossier_doc *doc, cache_key *k, const void *data, size_t len);

#endif
