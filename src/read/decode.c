/* decode.c: turn raw bytes into clean UTF-8 text, once, so that every
 * writer can take what the reader gives: BOM dropped, UTF-16 (by its BOM)
 * and lines in a legacy single-byte encoding (Windows-1252, a superset of
 * Latin-1's text) decoded, CRLF and CR read as LF, invalid bytes and
 * noncharacters replaced by U+FFFD, the control characters XML forbids
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
static const char NONCHAR[] = "noncharacter replaced by U+FFFD";
static const char LEGACY[] = "not UTF-8: read as Windows-1252 (Latin-1)";
static const char BAD_UTF16[] = "invalid UTF-16 replaced by U+FFFD";

/* Windows-1252's 0x80-0x9F; 0 where it has no character. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void put_cp(buf *out, uint32_t cp)
{
	char u[4];
	buf_put(out, u, (size_t)utf8_encode(cp, u));
}

/* May lines without UTF-8 be read as Windows-1252? Only in a file of
 * text, not binary (no NUL, almost no C0 control), and where invalid
 * sequences are at least as many as valid multi-byte ones: a UTF-8 file
 * with a few damaged bytes keeps U+FFFD for them. The reader refuses what
 * is left with too much U+FFFD as binary. */
static int legacy_file(const unsigned char *s, size_t len)
{
	size_t ctl = 0, valid = 0, invalid = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return 0;
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
			    c != '\f') || c == 0x7F)
				ctl++;
			i++;
			continue;
		}
		int n;
		if (utf8_decode(s + i, len - i, &n) >= 0)
			valid++;
		else
			invalid++;
		i += (size_t)n;
	}
	return ctl * 100 <= len && valid <= invalid;
}

/* Does the line [p, end) hold a valid multi-byte UTF-8 sequence? Then
 * its invalid bytes are damage in UTF-8 text, not another encoding. */
static int has_utf8(const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int n;
		if (utf8_decode(p, (size_t)(end - p), &n) >= 0)
			return 1;
		p += n;
	}
	return 0;
}

/* UTF-16 (after its BOM) to UTF-8; a lone surrogate or an odd last byte
 * is U+FFFD, warned with its line. */
static void from_utf16(decode_state *st, const unsigned char *s, size_t len,
    int be, buf *out, decode_stats *stats)
{
	unsigned line = 1;
	buf_grow(out, len + len / 2);
	for (size_t i = 0; i < len; i += 2) {
		if (i + 1 >= len) {
			stats->invalid++;
			warn_once(st, line, BAD_UTF16);
			put_cp(out, 0xFFFD);
			break;
		}
		uint32_t u = be ? (uint32_t)s[i] << 8 | s[i + 1] :
		    (uint32_t)s[i + 1] << 8 | s[i];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t v = be ? (uint32_t)s[i + 2] << 8 | s[i + 3] :
			    (uint32_t)s[i + 3] << 8 | s[i + 2];
			if (v >= 0xDC00 && v <= 0xDFFF) {
				put_cp(out, 0x10000 + ((u - 0xD800) << 10) +
				    (v - 0xDC00));
				i += 2;
				continue;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			stats->invalid++;
			warn_once(st, line, BAD_UTF16);
			u = 0xFFFD;
		}
		if (u == '\n' || (u == '\r' && !(i + 3 < len &&
		    (be ? s[i + 2] == 0 && s[i + 3] == '\n' :
		    s[i + 3] == 0 && s[i + 2] == '\n'))))
			line++;
		put_cp(out, u);
	}
}

/* The UTF-8 pass's place in the bytes. */
typedef struct cursor {
	const unsigned char *s;
	size_t len, i;
	size_t bol;		/* start of the line */
	size_t legacy_end;	/* bytes before it are Windows-1252 */
	int legacy;		/* legacy_file(), once it is needed */
	unsigned line;
} cursor;

/* A byte of 0x80 or more at c->i, on a line of UTF-8: its character
 * copied, or replaced when it is not one; or, on a line of text with no
 * UTF-8 in it in a file of text (another encoding), the line marked as
 * Windows-1252 and nothing read. */
static void decode_multibyte(decode_state *st, cursor *c, buf *out,
    decode_stats *stats)
{
	const unsigned char *s = c->s;
	size_t i = c->i, len = c->len;
	int n;
	int32_t cp = utf8_decode(s + i, len - i, &n);
	if (cp < 0) {
		size_t eol = i;
		while (eol < len && s[eol] != '\n' && s[eol] != '\r')
			eol++;
		if (c->legacy < 0)
			c->legacy = legacy_file(s, len);
		if (c->legacy && !has_utf8(s + c->bol, s + eol)) {
			if (!stats->legacy_lines++)
				dossier_warn(st->doc, st->name, c->line, "%s",
				    LEGACY);
			c->legacy_end = eol;
			return;
		}
		stats->invalid++;
		warn_once(st, c->line, BAD_UTF8);
		buf_put(out, "\xEF\xBF\xBD", 3);
	} else if (utf8_noncharacter((uint32_t)cp)) {
		stats->invalid++;
		warn_once(st, c->line, NONCHAR);
		buf_put(out, "\xEF\xBF\xBD", 3);
	} else if (!utf8_xml_ok((uint32_t)cp) || cp == 0xFEFF) {
		/* U+FEFF inside the text is a stray BOM from concatenated
		 * files: drop it silently. */
		if (cp != 0xFEFF) {
			stats->controls++;
			warn_once(st, c->line, BAD_CHAR);
		}
	} else {
		buf_put(out, (const char *)s + i, (size_t)n);
	}
	c->i += (size_t)n;
}

/* A byte that is not printable ASCII, a tab or a newline, at c->i. */
static void decode_other(decode_state *st, cursor *c, buf *out,
    decode_stats *stats)
{
	const unsigned char *s = c->s;
	unsigned char b = s[c->i];
	if (b == '\r') {
		buf_putc(out, '\n');
		c->i += (c->i + 1 < c->len && s[c->i + 1] == '\n') ? 2 : 1;
		c->line++;
		c->bol = c->i;
	} else if (b < 0x80) {
		stats->controls++;
		if (b == 0)
			stats->nuls++;
		warn_once(st, c->line, BAD_CHAR);
		c->i++;
	} else if (c->i < c->legacy_end) {
		uint32_t cp = b >= 0xA0 ? b : cp1252_c1[b - 0x80];
		if (!cp) {
			stats->invalid++;
			cp = 0xFFFD;
		}
		put_cp(out, cp);
		c->i++;
	} else {
		decode_multibyte(st, c, out, stats);
	}
}

/* The UTF-8 pass, over the file's bytes or what UTF-16 gave. */
static void decode_utf8(decode_state *st, const char *data, size_t len,
    buf *out, decode_stats *stats)
{
	cursor c = { .s = (const unsigned char *)data, .len = len, .line = 1,
	    .legacy = -1 };
	const unsigned char *s = c.s;
	buf_grow(out, len);
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		c.i = 3;
	size_t run = c.i;	/* start of a run of bytes copied unchanged */
	c.bol = c.i;
	while (c.i < len) {
		unsigned char b = s[c.i];
		if ((b >= 0x20 && b < 0x7F) || b == '\t') {
			c.i++;
			continue;
		}
		if (b == '\n') {
			c.i++;
			c.line++;
			c.bol = c.i;
			continue;
		}
		buf_put(out, data + run, c.i - run);
		decode_other(st, &c, out, stats);
		run = c.i;
	}
	buf_put(out, data + run, c.i - run);
	buf_cstr(out);
	stats->lines = c.line;
}

/* The byte a character of Windows-1252 (or Latin-1, for U+0080-U+009F)
 * stands for, or -1: the way back from text read in the wrong encoding. */
static int cp1252_byte(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0xFF)
		return (int)cp;
	for (int k = 0; k < 32 && cp > 0xFF; k++)
		if (cp1252_c1[k] == cp)
			return 0x80 + k;
	return -1;
}

/* At s (len bytes of UTF-8), is there one UTF-8 character
 * written as the Windows-1252 characters of its bytes ("Ã¤" for "ä")?
 * Its code point then, *used the bytes of s it spans; -1 when the
 * characters are not such a sequence, -2 when they open like one (a
 * lead, then a continuation) but do not decode: a sign of text in its
 * own right. */
static int32_t twice_encoded(const char *s, size_t len, size_t *used)
{
	unsigned char b[4];
	int n;
	size_t at = 0;
	int32_t cp = utf8_decode((const unsigned char *)s, len, &n);
	int lead = cp < 0 ? -1 : cp1252_byte((uint32_t)cp);
	int need = lead >= 0xC2 && lead <= 0xDF ? 1 : lead >= 0xE0 &&
	    lead <= 0xEF ? 2 : lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
	if (!need)
		return -1;
	b[0] = (unsigned char)lead;
	at = (size_t)n;
	for (int k = 1; k <= need; k++) {
		if (at >= len)
			return -1;
		cp = utf8_decode((const unsigned char *)s + at, len - at, &n);
		int c = cp < 0 ? -1 : cp1252_byte((uint32_t)cp);
		if (c < 0x80 || c > 0xBF)
			return k == 1 ? -1 : -2;
		b[k] = (unsigned char)c;
		at += (size_t)n;
	}
	cp = utf8_decode(b, (size_t)need + 1, &n);
	if (cp < 0 || n != need + 1)
		return -2;
	*used = at;
	return cp;
}

/* Text that was UTF-8, read as Windows-1252 and saved as UTF-8 again
 * (mojibake): repaired when such sequences are all that is unusual in
 * it, at least three of them and those that open like one but do not
 * decode fewer than a tenth, so text in Latin-1 letters of its own
 * ("Ã©" in a name) is left as it is. Warned once with the first line. */
static int repair_twice_encoded(decode_state *st, const char *s,
    size_t len, buf *fixed)
{
	size_t good = 0, bad = 0;
	unsigned line = 1, first = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t used;
		int32_t cp = c >= 0xC2 ? twice_encoded(s + i, len - i,
		    &used) : -1;
		line += c == '\n';
		if (cp >= 0) {
			if (!good++)
				first = line;
			i += used;
		} else {
			bad += cp == -2;
			i++;
		}
	}
	if (good < 3 || bad * 10 >= good)
		return 0;
	dossier_warn(st->doc, st->name, first, "UTF-8 read as Windows-1252 "
	    "and saved again (mojibake such as \"Ã¤\" for \"ä\"): repaired");
	buf_grow(fixed, len);
	for (size_t i = 0; i < len;) {
		size_t used;
		int32_t cp = (unsigned char)s[i] >= 0xC2 ?
		    twice_encoded(s + i, len - i, &used) : -1;
		if (cp >= 0) {
			put_cp(fixed, (uint32_t)cp);
			i += used;
		} else {
			buf_putc(fixed, s[i++]);
		}
	}
	return 1;
}

void decode_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, buf *out, decode_stats *stats)
{
	decode_state st = { .doc = doc, .name = name };
	const unsigned char *s = (const unsigned char *)data;
	memset(stats, 0, sizeof *stats);
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF))) {
		int be = s[0] == 0xFE;
		dossier_warn(doc, name, 1, "read as UTF-16%s (byte order mark)",
		    be ? "BE" : "LE");
		buf u = { 0 };
		from_utf16(&st, s + 2, len - 2, be, &u, stats);
		buf r = { 0 };
		if (repair_twice_encoded(&st, u.data, u.len, &r))
			decode_utf8(&st, r.data, r.len, out, stats);
		else
			decode_utf8(&st, u.data ? u.data : "", u.len, out, stats);
		buf_free(&r);
		buf_free(&u);
		return;
	}
	buf r = { 0 };
	if (repair_twice_encoded(&st, data, len, &r))
		decode_utf8(&st, r.data, r.len, out, stats);
	else
		decode_utf8(&st, data, len, out, stats);
	buf_free(&r);
}
