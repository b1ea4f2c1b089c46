/* utf8.c: strict UTF-8 decoding and the XML character rules. */
#include "tree.h"

#include <string.h>

int32_t utf8_decode(const unsigned char *s, size_t n, int *len)
{
	*len = 1;
	if (n == 0)
		return -1;
	unsigned c = s[0];
	if (c < 0x80)
		return (int32_t)c;
	int need;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, cp = c & 0x07, min = 0x10000;
	else
		return -1;
	if (n < (size_t)need + 1)
		return -1;
	for (int i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need + 1;
	return (int32_t)cp;
}

int utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_xml_ok(uint32_t cp)
{
	if (cp == 0x09 || cp == 0x0A)
		return 1;
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
		return 0;
	return 1;
}

int utf8_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

const char *utf8_clean(arena *a, const char *s, int *repaired)
{
	*repaired = 0;
	if (!s)
		return NULL;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	for (; i < n; i++) {
		if (u[i] >= 0x20 && u[i] < 0x7F)
			continue;
		int len;
		int32_t cp = utf8_decode(u + i, n - i, &len);
		if (cp < 0 || !utf8_xml_ok((uint32_t)cp) ||
		    utf8_noncharacter((uint32_t)cp))
			break;
		i += (size_t)len - 1;
	}
	if (i == n)
		return s;
	/* Rare: a copy with U+FFFD for what no writer can take. */
	*repaired = 1;
	buf b = { 0 };
	buf_put(&b, s, i);
	while (i < n) {
		int len;
		int32_t cp = utf8_decode(u + i, n - i, &len);
		if (cp < 0 || !utf8_xml_ok((uint32_t)cp) ||
		    utf8_noncharacter((uint32_t)cp))
			buf_put(&b, "\xEF\xBF\xBD", 3);
		else
			buf_put(&b, s + i, (size_t)len);
		i += (size_t)len;
	}
	const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

int utf8_unspaced(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 &&
	    cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

int utf8_ends_wide_stop(const char *s, size_t n)
{
	static const char stops[][4] = { "\xE3\x80\x82", "\xEF\xBC\x81",
	    "\xEF\xBC\x9F" };
	for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
		if (n >= 3 && memcmp(s + n - 3, stops[i], 3) == 0)
			return 1;
	return 0;
}
