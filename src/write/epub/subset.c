/* subset.c: what a face covers, and the face cut down to the characters a
 * book uses, with HarfBuzz's subsetter. The EPUB writer decides which
 * faces and characters (src/write/epub/embed.c) and caches both answers. */

#include "epub.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

static hb_face_t *face_open(const char *path, unsigned index)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob)
		return NULL;
	hb_face_t *face = hb_face_create(blob, index);
	hb_blob_destroy(blob);
	return face;
}

int typeset_coverage(const char *path, unsigned index, cpset *out)
{
	hb_face_t *face = face_open(path, index);
	if (!face)
		return -1;
	hb_set_t *s = hb_set_create();
	hb_face_collect_unicodes(face, s);
	hb_face_destroy(face);
	/* hb_set_next_range() starts after *last, not *first. */
	hb_codepoint_t lo, hi = HB_SET_VALUE_INVALID;
	while (hb_set_next_range(s, &lo, &hi))
		cpset_add_range(out, lo, hi);
	int empty = hb_set_is_empty(s);
	hb_set_destroy(s);
	return empty ? -1 : 0;	/* an empty blob makes an empty face */
}

char *typeset_subset(const char *path, unsigned index, const cpset *cps,
    size_t *len, dossier_error *err)
{
	hb_face_t *face = face_open(path, index);
	if (!face) {
		dossier_fail(err, DOSSIER_ERR_IO,
		    "%s: cannot read font (run 'make fonts')", path);
		return NULL;
	}
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		abort();	/* only on memory exhaustion */
	hb_set_t *u = hb_subset_input_unicode_set(in);
	uint32_t lo, hi = CPSET_NONE;
	while (cpset_next_range(cps, &lo, &hi))
		hb_set_add_range(u, lo, hi);
	/* Hinting is for screens of 96 dpi; e-ink readers render at 200
	 * and more, and the instructions are a third of a Noto face. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* The SIL Open Font License travels with the font: keep its name
	 * records (13: licence, 14: its URL) beside the default 0-6, which
	 * hold the copyright. */
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 13);
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 14);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	if (!sub) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "%s: HarfBuzz cannot subset it", path);
		return NULL;
	}
	hb_blob_t *blob = hb_face_reference_blob(sub);
	unsigned n;
	const char *data = hb_blob_get_data(blob, &n);
	char *copy = xmalloc(n ? n : 1);
	memcpy(copy, data, n);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	*len = n;
	return copy;
}
