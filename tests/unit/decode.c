/* decode.c: raw bytes to clean UTF-8: BOM, CRLF and CR, invalid bytes to
 * U+FFFD, control characters removed, each repair a warning with file and
 * line through the diagnostic callback. */
#include "tap.h"

#include "read/read.h"

#include <stdlib.h>

typedef struct diag {
	int n;
	char file[64][32];
	unsigned line[64];
	char msg[64][128];
} diag;

static void collect(void *ctx, const char *file, unsigned line,
    const char *message)
{
	diag *d = ctx;
	if (d->n < 64) {
		snprintf(d->file[d->n], sizeof d->file[0], "%s", file ? file : "");
		d->line[d->n] = line;
		snprintf(d->msg[d->n], sizeof d->msg[0], "%s", message);
	}
	d->n++;
}

static diag dg;
static decode_stats st;
static buf out;

/* Decode a literal; returns the clean text. */
static const char *run(const char *data, size_t len)
{
	dossier_options o = { .diag = collect, .diag_ctx = &dg };
	dossier_doc *doc = dossier_doc_new(&o);
	memset(&dg, 0, sizeof dg);
	out.len = 0;
	decode_text(doc, "f.txt", data, len, &out, &st);
	CHECK(dossier_doc_warnings(doc) == (unsigned)dg.n);
	dossier_doc_free(doc);
	CHECK(out.data[out.len] == '\0');
	return out.data;
}

#define RUN_LIT(lit) run(lit, sizeof(lit) - 1)

static void t_clean(void)
{
	CHECK_STR(RUN_LIT("plain\ntext\n"), "plain\ntext\n");
	CHECK(dg.n == 0 && st.invalid == 0 && st.controls == 0);
	CHECK(st.lines == 3);
	CHECK_STR(RUN_LIT(""), "");
	CHECK(dg.n == 0 && st.lines == 1);
	CHECK_STR(RUN_LIT("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\ttab"),
	    "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\ttab");
	CHECK(dg.n == 0);
}

static void t_bom(void)
{
	CHECK_STR(RUN_LIT("\xEF\xBB\xBFTitle\n"), "Title\n");
	CHECK(dg.n == 0);
	/* A stray BOM inside the text (concatenated files) goes silently. */
	CHECK_STR(RUN_LIT("a\xEF\xBB\xBF" "b"), "ab");
	CHECK(dg.n == 0);
	CHECK_STR(RUN_LIT("\xEF\xBB\xBF"), "");
	/* Cut short in UTF-8 text: not a BOM, U+FFFD. */
	CHECK_STR(RUN_LIT("\xEF\xBB \xC3\xA9"),
	    "\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9");
}

static void t_newlines(void)
{
	CHECK_STR(RUN_LIT("a\r\nb\rc\nd\r\n\r\ne"), "a\nb\nc\nd\n\ne");
	CHECK(st.lines == 6);
	CHECK(dg.n == 0);
	CHECK_STR(RUN_LIT("\r\r\n\n"), "\n\n\n");
	CHECK_STR(RUN_LIT("end\r"), "end\n");
}

/* Damage in UTF-8 text (the line, or the file, has valid UTF-8 in it):
 * each invalid byte is U+FFFD. */
static void t_invalid(void)
{
	CHECK_STR(RUN_LIT("\xC3\xA9 a\xFF" "b"), "\xC3\xA9 a\xEF\xBF\xBD" "b");
	CHECK(st.invalid == 1);
	CHECK(dg.n == 1);
	CHECK_STR(dg.file[0], "f.txt");
	CHECK(dg.line[0] == 1);
	CHECK(strstr(dg.msg[0], "U+FFFD") != NULL);
	/* Line numbers count CRLF, CR and LF alike. */
	RUN_LIT("x\r\ny\rz\n\xC3(\xC3\xA9");
	CHECK(dg.n == 1 && dg.line[0] == 4);
	CHECK_STR(out.data, "x\ny\nz\n\xEF\xBF\xBD(\xC3\xA9");
	/* Each invalid byte is one U+FFFD. */
	CHECK_STR(RUN_LIT("\xE2\x82\xC3\xA9"), "\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
	CHECK(st.invalid == 2);
	CHECK_STR(RUN_LIT("\xC0\xAF\xC3\xA9"),
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
	CHECK_STR(RUN_LIT("\xED\xA0\x80\xC3\xA9"),
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
	/* A UTF-8 file with more valid than invalid sequences keeps
	 * U+FFFD even on a line without UTF-8. */
	CHECK_STR(RUN_LIT("\xC3\xA9\xC3\xA9\nna\xEFve"),
	    "\xC3\xA9\xC3\xA9\nna\xEF\xBF\xBDve");
	CHECK(st.invalid == 1 && st.legacy_lines == 0);
}

/* Text in Windows-1252 or Latin-1: read as such, one warning for the
 * file naming it; lines that are UTF-8 in a mixed file stay UTF-8. */
static void t_legacy(void)
{
	CHECK_STR(RUN_LIT("caf\xE9 cr\xE8me\nna\xEFve \x93quoted\x94 \x96 \x80"
	    "5\n"),
	    "caf\xC3\xA9 cr\xC3\xA8me\nna\xC3\xAFve \xE2\x80\x9Cquoted"
	    "\xE2\x80\x9D \xE2\x80\x93 \xE2\x82\xAC" "5\n");
	CHECK(st.invalid == 0 && st.legacy_lines == 2);
	CHECK(dg.n == 1 && dg.line[0] == 1);
	CHECK_STR(dg.file[0], "f.txt");
	CHECK(strstr(dg.msg[0], "Windows-1252") != NULL);
	/* The first legacy line is named, after a clean one. */
	CHECK_STR(RUN_LIT("ok\r\nStra\xDF" "e\r\n"), "ok\nStra\xC3\x9F" "e\n");
	CHECK(dg.n == 1 && dg.line[0] == 2);
	/* A mixed file: the UTF-8 line stays, the others are Windows-1252. */
	CHECK_STR(RUN_LIT("\xC3\xA9t\xC3\xA9\n\xE9t\xE9\n\xE0 \xE0\n"),
	    "\xC3\xA9t\xC3\xA9\n\xC3\xA9t\xC3\xA9\n\xC3\xA0 \xC3\xA0\n");
	CHECK(st.legacy_lines == 2);
	/* Bytes Windows-1252 leaves undefined are U+FFFD. */
	CHECK_STR(RUN_LIT("a\x81" "b\xE9"), "a\xEF\xBF\xBD" "b\xC3\xA9");
	CHECK(st.invalid == 1);
	/* Binary with high bytes (a NUL, many controls) is not text: U+FFFD,
	 * as before, for the reader to refuse. */
	CHECK_STR(run("\xE9\0\xE9", 3), "\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK(st.invalid == 2 && st.legacy_lines == 0);
	CHECK_STR(RUN_LIT("\x01\x02\x03\xE9\x04\x05"), "\xEF\xBF\xBD");
	CHECK(st.legacy_lines == 0);
}

/* UTF-16 by its BOM, either byte order, surrogate pairs joined, lone
 * ones and an odd last byte U+FFFD, lines counted. */
static void t_utf16(void)
{
	CHECK_STR(run("\xFF\xFEH\0\xE9\0\r\0\n\0=\xD8\0\xDE", 14),
	    "H\xC3\xA9\n\xF0\x9F\x98\x80");
	CHECK(st.invalid == 0 && st.lines == 2);
	CHECK(dg.n == 1 && strstr(dg.msg[0], "UTF-16LE") != NULL);
	CHECK_STR(run("\xFE\xFF\0H\0\xE9\0\n\xD8=\xDE\0", 12),
	    "H\xC3\xA9\n\xF0\x9F\x98\x80");
	CHECK(dg.n == 1 && strstr(dg.msg[0], "UTF-16BE") != NULL);
	CHECK_STR(run("\xFF\xFE" "a\0\n\0\0\xD8" "b\0x", 11),
	    "a\n\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	CHECK(st.invalid == 2);
	CHECK(dg.n == 2 && dg.line[1] == 2);
	/* Binary is still binary: NULs as UTF-16 are counted. */
	run("\xFF\xFE\0\0\0\0\0\0", 8);
	CHECK(st.nuls == 3);
}

/* Noncharacters are valid UTF-8 that writers refuse (Cairo's PDF
 * strings): U+FFFD, with a warning naming the line. */
static void t_nonchar(void)
{
	CHECK_STR(RUN_LIT("T\xEF\xB7\x90 \xEF\xB7\xAF\n\xEF\xBF\xBE\xF4\x8F\xBF"
	    "\xBF\xF0\x9F\xBF\xBE"),
	    "T\xEF\xBF\xBD \xEF\xBF\xBD\n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK(st.invalid == 5);
	CHECK(dg.n == 2 && dg.line[0] == 1 && dg.line[1] == 2);
	CHECK(strstr(dg.msg[0], "noncharacter") != NULL);
	/* Their neighbours are characters. */
	CHECK_STR(RUN_LIT("\xEF\xB7\x8F\xEF\xB7\xB0\xEF\xBF\xBD"),
	    "\xEF\xB7\x8F\xEF\xB7\xB0\xEF\xBF\xBD");
	CHECK(dg.n == 0);
}

static void t_controls(void)
{
	CHECK_STR(run("a\0b\x01" "c\x1F" "d\x7F" "e", 9), "abcde");
	CHECK(st.nuls == 1 && st.controls == 4);
	CHECK(dg.n == 1 && dg.line[0] == 1);
	CHECK(strstr(dg.msg[0], "control") != NULL);
	/* C1 controls go; noncharacters are U+FFFD (t_nonchar). */
	CHECK_STR(RUN_LIT("a\xC2\x85" "b\xEF\xBF\xBE" "c\xEF\xBF\xBF"),
	    "ab\xEF\xBF\xBD" "c\xEF\xBF\xBD");
	CHECK(st.controls == 1 && st.invalid == 2);
	/* A form feed between lines, and a line of NULs. */
	CHECK_STR(run("p1\n\f\np2\n\0\0\0\n", 12), "p1\n\np2\n\n");
	CHECK(st.nuls == 3);
	CHECK(dg.n == 2 && dg.line[0] == 2 && dg.line[1] == 4);
	/* U+FFFD itself is fine. */
	CHECK_STR(RUN_LIT("\xEF\xBF\xBD"), "\xEF\xBF\xBD");
	CHECK(dg.n == 0);
}

static void t_mixed_one_line(void)
{
	/* Both repairs on one line: one warning of each kind. */
	RUN_LIT("\xFF\x01\xFF\x01\xFF");
	CHECK(st.invalid == 3 && st.controls == 2);
	CHECK(dg.n >= 2 && dg.n <= 5);
	CHECK(dg.line[0] == 1);
}

static void t_cap(void)
{
	/* A binary file must not flood stderr: warnings are capped. */
	size_t n = 100000;
	char *bin = malloc(n);
	for (size_t i = 0; i < n; i++)
		bin[i] = (char)((i * 7919) % 256);
	run(bin, n);
	CHECK(dg.n > 0 && dg.n <= 25);
	CHECK(strstr(dg.msg[dg.n - 1], "suppressed") != NULL);
	/* The result is valid UTF-8 without forbidden characters. */
	int ok = 1;
	for (size_t i = 0; i < out.len;) {
		int len;
		int32_t cp = utf8_decode((const unsigned char *)out.data + i,
		    out.len - i, &len);
		if (cp < 0 || !utf8_xml_ok((uint32_t)cp)) {
			ok = 0;
			break;
		}
		i += (size_t)len;
	}
	CHECK(ok);
	free(bin);
}

static void t_twice_encoded(void)
{
	/* UTF-8 read as Windows-1252 and saved again: "Ã¤" is "ä", "â€™"
	 * is "’", "ÃŸ" with U+009F (Latin-1's reading) is "ß". */
	CHECK_STR(RUN_LIT("Title\nDie Gr\xC3\x83\xC2\xBC\xC3\x83\xC2\x9F"
	    "e, K\xC3\x83\xC2\xA4se \xE2\x80\x9C\xC3\xA2\xE2\x82\xAC\xE2\x84"
	    "\xA2\xE2\x80\x9D.\n"),
	    "Title\nDie Gr\xC3\xBC\xC3\x9F" "e, K\xC3\xA4se \xE2\x80\x9C\xE2\x80"
	    "\x99\xE2\x80\x9D.\n");
	CHECK(dg.n == 1 && dg.line[0] == 2);
	CHECK(dg.n == 1 && strstr(dg.msg[0], "saved again") != NULL);
	/* Latin-1 letters of its own: "Ã©" in a name, "Â·" as a separator,
	 * two such pairs are too few to tell. */
	CHECK_STR(RUN_LIT("Jo\xC3\x83\xC2\xA9 \xC3\x83 la \xC3\x82\xC2\xB7"
	    "\n"), "Jo\xC3\x83\xC2\xA9 \xC3\x83 la \xC3\x82\xC2\xB7\n");
	CHECK(dg.n == 0);
	/* pairs that decode, but also one that opens a sequence and does
	 * not end it ("â€" then a letter): not mojibake alone */
	CHECK_STR(RUN_LIT("\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9 \xC3\x83\xC2\xA4"
	    "\xC3\x83\xC2\xA4 \xC3\xA2\xE2\x82\xAC" "a\n"), "\xC3\x83\xC2\xA9t"
	    "\xC3\x83\xC2\xA9 \xC3\x83\xC2\xA4\xC3\x83\xC2\xA4 \xC3\xA2\xE2\x82"
	    "\xAC" "a\n");
	CHECK(dg.n == 0);
}

int main(void)
{
	RUN(t_clean, "decode: clean UTF-8 passes unchanged, no warnings");
	RUN(t_bom, "decode: a BOM is dropped");
	RUN(t_newlines, "decode: CRLF and CR read as LF");
	RUN(t_invalid, "decode: invalid bytes become U+FFFD, warned with "
	    "file:line");
	RUN(t_legacy, "decode: Windows-1252/Latin-1 text read as such, "
	    "warned once; binary not");
	RUN(t_utf16, "decode: UTF-16 LE and BE by their BOM");
	RUN(t_nonchar, "decode: noncharacters become U+FFFD, warned with "
	    "file:line");
	RUN(t_controls, "decode: NUL and control characters removed, warned");
	RUN(t_mixed_one_line, "decode: repairs on one line warned once each");
	RUN(t_twice_encoded, "decode: UTF-8 saved again as Windows-1252 "
	    "(mojibake) repaired, warned once; Latin-1 text not");
	RUN(t_cap, "decode: a binary file gives capped warnings and valid "
	    "text");
	buf_free(&out);
	TAP_EXIT();
}
