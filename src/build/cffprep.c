/* cffprep.c: cffprep IN INDEX OUT: face INDEX of the font IN (a
 * collection or not) as a single OpenType font with its CFF outlines
 * desubroutinized and everything else kept: every glyph at its number,
 * every layout feature, name and table. Used by `make fonts` for the CJK
 * font; a build tool, not installed.
 *
 * Why: Cairo 1.16's CFF subsetter breaks some glyphs of Noto Sans CJK as
 * Debian ships it (如 came out blank in every PDF, with "cannot render
 * glyph" in MuPDF); the same font without subroutines subsets correctly,
 * and its PDF subsets are smaller, since Cairo copied every subroutine
 * into each. Shaping is unchanged: the glyph numbers and tables are the
 * same. */
#include <hb.h>
#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keep all of a set that the subsetter otherwise filters. */
static void keep_all(hb_subset_input_t *in, hb_subset_sets_t which)
{
	hb_set_t *s = hb_subset_input_set(in, which);
	hb_set_clear(s);
	hb_set_invert(s);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: cffprep IN INDEX OUT\n");
		return 2;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(argv[1]);
	if (!blob) {
		fprintf(stderr, "cffprep: %s: cannot read\n", argv[1]);
		return 1;
	}
	hb_face_t *face = hb_face_create(blob, (unsigned)atoi(argv[2]));
	unsigned n = hb_face_get_glyph_count(face);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!n || !in) {
		fprintf(stderr, "cffprep: %s: no face %s\n", argv[1], argv[2]);
		return 1;
	}
	hb_set_add_range(hb_subset_input_glyph_set(in), 0, n - 1);
	hb_face_collect_unicodes(face, hb_subset_input_unicode_set(in));
	keep_all(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
	keep_all(in, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG);
	keep_all(in, HB_SUBSET_SETS_NAME_ID);
	keep_all(in, HB_SUBSET_SETS_NAME_LANG_ID);
	hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS |
	    HB_SUBSET_FLAGS_DESUBROUTINIZE | HB_SUBSET_FLAGS_NOTDEF_OUTLINE |
	    HB_SUBSET_FLAGS_GLYPH_NAMES | HB_SUBSET_FLAGS_NAME_LEGACY |
	    HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	if (!sub || hb_face_get_glyph_count(sub) != n) {
		fprintf(stderr, "cffprep: %s: subsetting failed\n", argv[1]);
		return 1;
	}
	hb_blob_t *out = hb_face_reference_blob(sub);
	unsigned len;
	const char *data = hb_blob_get_data(out, &len);
	FILE *f = fopen(argv[3], "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cffprep: %s: cannot write\n", argv[3]);
		remove(argv[3]);
		return 1;
	}
	hb_blob_destroy(out);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return 0;
}
