/* escape.c: escaping for XML and JSON. Input is already valid UTF-8 with
 * forbidden characters removed (the reader guarantees it); these still drop
 * any control character that slipped through, so output is always valid. */
#include "internal.h"

#include <string.h>
#include <strings.h>

void escape_xml(buf *b, const char *s, size_t n)
{
	size_t start = 0;
	buf_grow(b, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n')
				rep = "";
		}
		if (rep) {
			buf_put(b, s + start, i - start);
			buf_puts(b, rep);
			start = i + 1;
		}
	}
	buf_put(b, s + start, n - start);
}

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
