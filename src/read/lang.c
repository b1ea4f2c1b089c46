/* lang.c: a language tag from the script of a text, for comments written in
 * another script than the book (so e-readers pick the right fonts and
 * hyphenation). Latin-script languages are not told apart. */
#include "read.h"

const char *lang_guess(const char *s, size_t n)
{
	size_t latin = 0, han = 0, kana = 0, hangul = 0, arabic = 0,
	    cyrillic = 0, greek = 0, hebrew = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {	/* most of the text: no decoding */
			latin += (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
			i++;
			continue;
		}
		int len;
		int32_t cp = utf8_decode(p + i, n - i, &len);
		i += (size_t)len;
		if (cp < 0)
			continue;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 0xC0 && cp <= 0x24F))
			latin++;
		else if (cp >= 0x4E00 && cp <= 0x9FFF)
			han++;
		else if (cp >= 0x3040 && cp <= 0x30FF)
			kana++;
		else if (cp >= 0xAC00 && cp <= 0xD7AF)
			hangul++;
		else if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F))
			arabic++;
		else if (cp >= 0x400 && cp <= 0x4FF)
			cyrillic++;
		else if (cp >= 0x370 && cp <= 0x3FF)
			greek++;
		else if (cp >= 0x590 && cp <= 0x5FF)
			hebrew++;
	}
	size_t other = han + kana + hangul + arabic + cyrillic + greek + hebrew;
	if (other == 0 || other < latin)
		return NULL;
	if (kana)
		return "ja";
	if (hangul >= han && hangul)
		return "ko";
	if (han)
		return "zh";
	if (arabic)
		return "ar";
	if (cyrillic)
		return "ru";
	if (greek)
		return "el";
	return "he";
}
