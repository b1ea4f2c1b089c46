/* decode.c: turn raw bytes into clean UTF-8 text: BOM dropped, CRLF and CR
 * read as LF, invalid bytes replaced by U+FFFD, characters XML forbids
 * removed. Each repair is reported once per line with file and line. */
#include "read.h"

#include <string.h>

/* Warnings per file are capped so a binary file does not flood stderr. */
enum { MAX_WARNINGS = 20 };

static void warn_once(decode_state *st, unsigned line, const char *what)
{
	if (st->last_warn_line == line && st->last_warn_what == what)
		return;
	st->last_warn_line = line;
	st->last_warn_what = what;
	if (++st->nwarn <= MAX_WARNINGS)
		dossier_warn(st->doc, st->name, line, "%s", what);
	else if (st->nwarn == MAX_WARNINGS + 1)
		dossier_warn(st->doc, st->name, line,
		    "further warnings for this file suppressed");
}

static const char BAD_UTF8[] = "invalid UTF-8 replaced by U+FFFD";
static const char BAD_CHAR[] = "control character removed";

void decode_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, buf *out, decode_stats *stats)
{
	decode_state st = { .doc = doc, .name = name };
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	unsigned line = 1;
	memset(stats, 0, sizeof *stats);
	buf_grow(out, len);
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	size_t run = i;	/* start of a run of bytes copied unchanged */
	while (i < len) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == '\n') {
			i++;
			line++;
			continue;
		}
		if (c == '\t') {
			i++;
			continue;
		}
		buf_put(out, data + run, i - run);
		if (c == '\r') {
			buf_putc(out, '\n');
			i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
			line++;
		} else if (c < 0x80) {
			stats->controls++;
			if (c == 0)
				stats->nuls++;
			warn_once(&st, line, BAD_CHAR);
			i++;
		} else {
			int n;
			int32_t cp = utf8_decode(s + i, len - i, &n);
			if (cp < 0) {
				stats->invalid++;
				warn_once(&st, line, BAD_UTF8);
				buf_put(out, "\xEF\xBF\xBD", 3);
			} else if (!utf8_xml_ok((uint32_t)cp) || cp == 0xFEFF) {
				/* U+FEFF inside the text is a stray BOM from
				 * concatenated files: drop it silently. */
				if (cp != 0xFEFF) {
					stats->controls++;
					warn_once(&st, line, BAD_CHAR);
				}
			} else {
				buf_put(out, data + i, (size_t)n);
			}
			i += (size_t)n;
		}
		run = i;
	}
	buf_put(out, data + run, i - run);
	buf_cstr(out);
	stats->lines = line;
}
