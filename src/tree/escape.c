/* escape.c: escaping for JSON, URLs and the strings of a PDF. Input is
 * already valid UTF-8 with forbidden characters removed (the reader
 * guarantees it); these still drop any control character that slipped
 * through, so output is always valid. */
#include "tree.h"

#include <string.h>
#include <strings.h>

void escape_json(buf *b, const char *s, size_t n)
{
	size_t start = 0;
	buf_grow(b, n + 2);
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(b, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: buf_printf(b, "\\u%04x", c);
		}
	}
	buf_put(b, s + start, n - start);
	buf_putc(b, '"');
}

size_t url_start(const char *s, size_t n, int kinds)
{
	static const struct { const char *p; size_t n; int kind; } t[] = {
		{ "https://", 8, 0 }, { "http://", 7, 0 },
		{ "mailto:", 7, URL_MAILTO }, { "www.", 4, URL_WWW },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if ((!t[i].kind || (kinds & t[i].kind)) && n >= t[i].n &&
		    strncasecmp(s, t[i].p, t[i].n) == 0)
			return t[i].n;
	return 0;
}

int url_allowed(const char *url)
{
	if (!url)
		return 0;
	if (strncasecmp(url, "http://", 7) == 0)
		return url[7] != '\0';
	if (strncasecmp(url, "https://", 8) == 0)
		return url[8] != '\0';
	if (strncasecmp(url, "mailto:", 7) == 0)
		return url[7] != '\0';
	return 0;
}

/* The characters a link keeps as they are: RFC 3986's unreserved and
 * reserved ones and '%', but not ' ( ) (sub-delimiters that percent-encode
 * to the same resource in practice): Cairo 1.16 writes a link's URI into
 * the PDF as "/URI (%s)" without escaping, so a ')' or a '\' there would
 * end the string and what follows would be read as PDF syntax, and a '
 * would end the attribute Cairo's tag parser reads. */
static int url_char_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("-._~:/?#[]@!$&*+,;=%", c));
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

int url_safe(const char *s)
{
	if (!s || !*s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (!url_char_safe(*p))
			return 0;
		if (*p == '%' && !(is_hex(p[1]) && is_hex(p[2])))
			return 0;
	}
	return 1;
}

int url_encode(buf *b, const char *url)
{
	if (!url_allowed(url))
		return -1;
	static const char hex[] = "0123456789ABCDEF";
	size_t start = b->len;
	for (const unsigned char *p = (const unsigned char *)url;
	    *p && b->len - start <= URL_MAX; p++) {
		/* a '%' that starts an escape stays; any other is a
		 * character of the address */
		if (url_char_safe(*p) && (*p != '%' ||
		    (is_hex(p[1]) && is_hex(p[2])))) {
			buf_putc(b, (char)*p);
			continue;
		}
		buf_putc(b, '%');
		buf_putc(b, hex[*p >> 4]);
		buf_putc(b, hex[*p & 15]);
	}
	if (b->len - start > URL_MAX) {
		b->len = start;
		return -1;
	}
	return 0;
}

/* Cairo 1.16 writes the PDF's text strings (metadata, outline entries,
 * page label prefixes) through _cairo_utf8_to_pdf_string: printable ASCII
 * without ( ) \ as a literal, anything else as UTF-16 in hex, so their
 * syntax is safe; but it refuses the whole string, and sets the surface's
 * error, for anything its UTF-16 conversion rejects (invalid UTF-8,
 * surrogates, noncharacters). Those become U+FFFD, and controls spaces,
 * so that one odd title cannot cost the PDF. */
void escape_pdf_text(buf *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int len;
		int32_t cp = utf8_decode((const unsigned char *)s + i, n - i, &len);
		if (cp < 0 || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
		    (cp & 0xFFFE) == 0xFFFE)
			buf_puts(b, "\xEF\xBF\xBD");
		else if (cp < 0x20 || cp == 0x7F)
			buf_putc(b, ' ');
		else
			buf_put(b, s + i, (size_t)len);
		i += (size_t)len;
	}
}
