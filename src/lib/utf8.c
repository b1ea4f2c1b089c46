/* utf8.c: strict UTF-8 decoding and the XML character rules. */
#include "internal.h"

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
