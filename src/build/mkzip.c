/* mkzip.c: mkzip OUT FILE...: a zip of the files under their base names,
 * dated 2000-01-01, so that a build makes the same bytes every time. Used
 * for the calibre plugin (src/calibre/); a build tool, not installed. It
 * uses libzip, which the EPUB module links anyway, so that the build needs
 * no zip program. */
#include <stdio.h>
#include <string.h>
#include <zip.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mkzip OUT FILE...\n");
		return 2;
	}
	int e;
	zip_t *z = zip_open(argv[1], ZIP_CREATE | ZIP_TRUNCATE, &e);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, e);
		fprintf(stderr, "mkzip: %s: %s\n", argv[1], zip_error_strerror(&ze));
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		zip_source_t *s = zip_source_file(z, argv[i], 0, -1);
		zip_int64_t idx = s ? zip_file_add(z, base, s,
		    ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
		if (idx < 0 || zip_file_set_mtime(z, (zip_uint64_t)idx,
		    946684800, 0) != 0) {
			fprintf(stderr, "mkzip: %s: %s\n", argv[i], zip_strerror(z));
			if (s && idx < 0)
				zip_source_free(s);
			zip_discard(z);
			return 1;
		}
	}
	if (zip_close(z) != 0) {
		fprintf(stderr, "mkzip: %s: %s\n", argv[1], zip_strerror(z));
		zip_discard(z);
		return 1;
	}
	return 0;
}
