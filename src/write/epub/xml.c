/* xml.c: every XML file of the EPUB goes through libxml2's xmlTextWriter,
 * which escapes markup characters; this layer also drops what XML forbids
 * (the tree promises clean strings, but a plugin reader might not keep the
 * promise, and one stray U+0001 makes the whole book unreadable), wraps
 * runs of text the body font lacks in a fallback-font span, and makes link
 * targets valid URLs. */
#include "epub.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void xw_open(xw *x, epub *e)
{
	memset(x, 0, sizeof *x);
	x->e = e;
	x->buf = xmlBufferCreateSize(16384);
	x->w = xmlNewTextWriterMemory(x->buf, 0);
	if (!x->buf || !x->w)
		abort();	/* only on memory exhaustion */
	xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL);
}

char *xw_close(xw *x, size_t *len)
{
	xmlTextWriterEndDocument(x->w);
	xmlFreeTextWriter(x->w);	/* flushes into buf */
	*len = (size_t)xmlBufferLength(x->buf);
	char *data = xmalloc(*len + 1);
	memcpy(data, xmlBufferContent(x->buf), *len);
	data[*len] = '\0';
	xmlBufferFree(x->buf);
	buf_free(&x->scratch);
	memset(x, 0, sizeof *x);
	return data;
}

size_t xw_size(xw *x)
{
	xmlTextWriterFlush(x->w);
	return (size_t)xmlBufferLength(x->buf);
}

static void fb_close(xw *x)
{
	if (x->fb_open) {
		xmlTextWriterFullEndElement(x->w);
		x->fb_open = 0;
	}
}

void xw_start(xw *x, const char *el)
{
	fb_close(x);
	xmlTextWriterStartElement(x->w, BAD_CAST el);
}

void xw_end(xw *x)
{
	fb_close(x);
	xmlTextWriterFullEndElement(x->w);
}

void xw_end_void(xw *x)
{
	xmlTextWriterEndElement(x->w);
}

void xw_attr(xw *x, const char *name, const char *value)
{
	/* Cleaned into the writer's own scratch: value may point into
	 * e->tmp (xw_href, xw_clean). */
	buf *b = &x->scratch;
	b->len = 0;
	const unsigned char *p = (const unsigned char *)value;
	size_t n = strlen(value);
	for (size_t i = 0; i < n;) {
		int k = 1;
		int32_t cp = p[i] < 0x80 ? p[i] : utf8_decode(p + i, n - i, &k);
		if (cp >= 0 && utf8_xml_ok((uint32_t)cp))
			buf_put(b, value + i, (size_t)k);
		i += (size_t)k;
	}
	xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST buf_cstr(b));
}

void xw_attrf(xw *x, const char *name, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	xw_attr(x, name, tmp);
}

void xw_raw(xw *x, const char *s)
{
	fb_close(x);
	xmlTextWriterWriteRaw(x->w, BAD_CAST s);
}

const char *xw_clean(epub *e, const char *s, size_t n)
{
	buf *b = &e->tmp;
	b->len = 0;
	buf_grow(b, n);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			b->data[b->len++] = (char)p[i++];
			continue;
		}
		int k;
		int32_t cp = utf8_decode(p + i, n - i, &k);
		if (cp >= 0 && utf8_xml_ok((uint32_t)cp))
			buf_put(b, s + i, (size_t)k);
		i += (size_t)k;
	}
	return buf_cstr(b);
}

/* Write s[0..n) as escaped text (no spans). The text is escaped here,
 * where it is scanned anyway, and handed to the writer raw:
 * xmlTextWriterWriteString would allocate and scan each piece again (a
 * fifth of the time of the pages, measured on the 1,000-article bench).
 * '>' too, so that "]]>" never appears. */
static void put_text(xw *x, const char *s, size_t n)
{
	if (!n)
		return;
	buf *b = &x->scratch;
	b->len = 0;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		default: continue;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	if (start == 0) {	/* nothing to escape: no copy */
		xmlTextWriterWriteRawLen(x->w, BAD_CAST s, (int)n);
		return;
	}
	buf_put(b, s + start, n - start);
	xmlTextWriterWriteRawLen(x->w, BAD_CAST b->data, (int)b->len);
}

/* Characters that join the fallback run they sit in: space between two
 * words of the same script, and the joiners and selectors of emoji
 * sequences. */
static int joins_run(uint32_t cp)
{
	return cp == ' ' || cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E ||
	    cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
	    (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x3000;
}

/* A keycap: a digit, # or * with the keycap mark (after a selector). */
static int keycap_at(const unsigned char *p, size_t n)
{
	if (n < 4 || !((p[0] >= '0' && p[0] <= '9') || p[0] == '#' ||
	    p[0] == '*'))
		return 0;
	if (memcmp(p + 1, "\xE2\x83\xA3", 3) == 0)		/* U+20E3 */
		return 1;
	return n >= 7 && memcmp(p + 1, "\xEF\xB8\x8F\xE2\x83\xA3", 6) == 0;
}

/* Where the emoji sequence from i ends: emoji, their joiners, selectors
 * and modifiers, and keycaps. */
static size_t emoji_end(epub *e, const unsigned char *p, size_t n, size_t i)
{
	while (i < n) {
		if (keycap_at(p + i, n - i)) {
			i++;
			continue;
		}
		int k;
		int32_t cp = utf8_decode(p + i, n - i, &k);
		if (cp < 0x80 || cp == 0x3000 || (!joins_run((uint32_t)cp) &&
		    epub_fonts_need(e, (uint32_t)cp) != EPUB_FB_EMOJI))
			break;
		i += (size_t)k;
	}
	return i;
}

/* Emoji from i as images (text if they cannot be drawn); returns where
 * they end. */
static size_t emoji_put(xw *x, const char *s, size_t n, size_t i)
{
	size_t j = emoji_end(x->e, (const unsigned char *)s, n, i);
	if (j == i)
		j = i + 1;	/* a keycap base alone: never stuck */
	fb_close(x);
	if (epub_emoji_write(x, s + i, j - i) != 0)
		put_text(x, s + i, j - i);
	return j;
}

void xw_text(xw *x, const char *s, size_t n)
{
	epub *e = x->e;
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0, i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x7F) {
			if (!x->emoji_text && e->fonts.ok &&
			    keycap_at(p + i, n - i)) {
				put_text(x, s + start, i - start);
				start = i = emoji_put(x, s, n, i);
				continue;
			}
			/* ASCII: the body font has it; a space may continue a
			 * fallback run (the run ends at the next letter). */
			if (x->fb_open && c != ' ') {
				put_text(x, s + start, i - start);
				start = i;
				fb_close(x);
			}
			i++;
			continue;
		}
		int k;
		int32_t cp = utf8_decode(p + i, n - i, &k);
		if (cp < 0 || !utf8_xml_ok((uint32_t)cp)) {
			/* Dropped: flush what came before, skip it. */
			put_text(x, s + start, i - start);
			i += (size_t)k;
			start = i;
			continue;
		}
		if (cp == '\t' || cp == '\n') {
			i++;
			continue;
		}
		int fb = epub_fonts_need(e, (uint32_t)cp);
		if (fb == EPUB_FB_EMOJI) {
			if (!x->emoji_text) {
				put_text(x, s + start, i - start);
				start = i = emoji_put(x, s, n, i);
				continue;
			}
			fb = -1;	/* the reading system's own font */
		}
		if (fb < 0 && x->fb_open && joins_run((uint32_t)cp)) {
			i += (size_t)k;
			continue;
		}
		if (fb + 1 != x->fb_open) {
			put_text(x, s + start, i - start);
			start = i;
			fb_close(x);
			if (fb >= 0) {
				xmlTextWriterStartElement(x->w, BAD_CAST "span");
				xmlTextWriterWriteAttribute(x->w, BAD_CAST "class",
				    BAD_CAST epub_fb_class[fb]);
				x->fb_open = fb + 1;
			}
		}
		i += (size_t)k;
	}
	put_text(x, s + start, n - start);
	/* A run may go on in the next text node; it is closed by the next
	 * element or by the next character of another font. */
}

void xw_texts(xw *x, const char *s)
{
	if (s)
		xw_text(x, s, strlen(s));
}

void xw_elem(xw *x, const char *el, const char *cls, const char *text)
{
	xw_start(x, el);
	if (cls)
		xw_attr(x, "class", cls);
	xw_texts(x, text);
	xw_end(x);
}

void xw_xhtml_begin(xw *x, const char *title, const char *lang,
    const char *body_class)
{
	xmlTextWriterWriteDTD(x->w, BAD_CAST "html", NULL, NULL, NULL);
	xw_raw(x, "\n");
	xw_start(x, "html");
	xw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
	xw_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
	xw_attr(x, "lang", lang);
	xw_attr(x, "xml:lang", lang);
	if (xw_is_rtl(lang))
		xw_attr(x, "dir", "rtl");
	xw_raw(x, "\n");
	xw_start(x, "head");
	xw_start(x, "title");
	/* The title is plain text: no font spans inside <title>. */
	const char *t = xw_clean(x->e, title, strlen(title));
	/* Record its characters for the font subsets all the same: the
	 * reading system may show it in a running head. */
	for (const unsigned char *q = (const unsigned char *)t; *q;) {
		int k;
		int32_t cp = utf8_decode(q, strlen((const char *)q), &k);
		if (cp >= 0x80)
			epub_fonts_need(x->e, (uint32_t)cp);
		q += k;
	}
	xmlTextWriterWriteString(x->w, BAD_CAST t);
	xw_end(x);
	xw_start(x, "link");
	xw_attr(x, "rel", "stylesheet");
	xw_attr(x, "type", "text/css");
	xw_attr(x, "href", "style.css");
	xw_end_void(x);
	xw_end(x);
	xw_raw(x, "\n");
	xw_start(x, "body");
	if (body_class)
		xw_attr(x, "class", body_class);
	xw_raw(x, "\n");
}

int xw_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		int k;
		int32_t cp = utf8_decode(p + i, n - i, &k);
		if (cp > ' ' && utf8_xml_ok((uint32_t)cp) && cp != 0xA0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

const char *xw_book_title(epub *e)
{
	const char *t = e->root->as.dossier.title;
	return xw_blank(t) ? "Dossier" : t;
}

int xw_is_rtl(const char *lang)
{
	static const char *const rtl[] = { "ar", "he", "fa", "ur", "yi",
	    "ps", "dv", "ckb", "sd", "ug", NULL };
	for (int i = 0; lang && rtl[i]; i++) {
		size_t n = strlen(rtl[i]);
		if (strncasecmp(lang, rtl[i], n) == 0 &&
		    (lang[n] == '\0' || lang[n] == '-'))
			return 1;
	}
	return 0;
}

int xw_lang_ok(const char *tag)
{
	if (!tag || !*tag || strlen(tag) > 35)
		return 0;
	for (const char *p = tag; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p == '-' && p != tag)))
			return 0;
	return 1;
}

/* RFC 3986 characters that may stand as they are. '%' only when it starts
 * a valid escape; '#' only once. */
static int url_char_ok(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("-._~:/?@!$&'()*+,;=", c) != NULL;
}

static int hexdig(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* An http(s) URL's host must parse: letters, digits, '-', '.', any
 * non-ASCII (an IDN, percent-encoded below), or an IPv6 literal; a port
 * of digits. Readers and epubcheck refuse anything else. */
static int host_ok(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return 1;	/* mailto: */
	p += 3;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (n && p[0] == '[') {
		const char *close = memchr(p, ']', n);
		if (!close)
			return 0;
		for (const char *q = p + 1; q < close; q++)
			if (!hexdig((unsigned char)*q) && *q != ':' && *q != '.')
				return 0;
		n -= (size_t)(close + 1 - p);
		p = close + 1;
		if (n && *p != ':')
			return 0;
	} else {
		size_t h = 0;
		while (h < n && p[h] != ':') {
			unsigned char c = (unsigned char)p[h];
			if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '.'))
				return 0;
			/* No empty label: "a..b", ".a" */
			if (c == '.' && (h == 0 || p[h - 1] == '.'))
				return 0;
			h++;
		}
		if (h == 0)
			return 0;
		p += h;
		n -= h;
	}
	if (n) {	/* ":port" */
		for (size_t i = 1; i < n; i++)
			if (p[i] < '0' || p[i] > '9')
				return 0;
	}
	return 1;
}

/* Punycode (RFC 3492) of one label of code points, appended to b after
 * "xn--": an international domain name as readers and epubcheck parse it.
 * Without the UTS 46 mapping (case folding, normalisation), which only
 * changes names a browser would also have to map. 0, or -1 if too long. */
static int punycode(buf *b, const uint32_t *cp, size_t len)
{
	enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700 };
	size_t start = b->len, basic = 0;
	buf_puts(b, "xn--");
	for (size_t i = 0; i < len; i++)
		if (cp[i] < 0x80) {
			buf_putc(b, (char)cp[i]);
			basic++;
		}
	if (basic)
		buf_putc(b, '-');
	uint32_t n = 0x80, bias = 72;
	uint64_t delta = 0;
	for (size_t h = basic; h < len;) {
		uint32_t m = UINT32_MAX;
		for (size_t i = 0; i < len; i++)
			if (cp[i] >= n && cp[i] < m)
				m = cp[i];
		delta += (uint64_t)(m - n) * (h + 1);
		n = m;
		for (size_t i = 0; i < len; i++) {
			if (cp[i] < n)
				delta++;
			if (cp[i] != n)
				continue;
			uint64_t q = delta;
			for (uint32_t k = BASE;; k += BASE) {
				uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ?
				    TMAX : k - bias;
				if (q < t)
					break;
				uint32_t d = t + (uint32_t)((q - t) % (BASE - t));
				buf_putc(b, (char)(d < 26 ? 'a' + d : '0' + d - 26));
				q = (q - t) / (BASE - t);
			}
			buf_putc(b, (char)(q < 26 ? 'a' + q : '0' + q - 26));
			/* adapt the bias */
			uint64_t dd = h == basic ? delta / DAMP : delta / 2;
			dd += dd / (h + 1);
			uint32_t k = 0;
			while (dd > ((BASE - TMIN) * TMAX) / 2) {
				dd /= BASE - TMIN;
				k += BASE;
			}
			bias = k + (uint32_t)(((BASE - TMIN + 1) * dd) /
			    (dd + SKEW));
			delta = 0;
			h++;
		}
		delta++;
		n++;
	}
	return b->len - start > 63 ? -1 : 0;
}

/* The host part url[from..to) with each non-ASCII label in punycode. */
static int idn_host(buf *b, const char *url, size_t from, size_t to)
{
	uint32_t cp[64];
	for (size_t i = from; i < to;) {
		size_t end = i;
		int ascii = 1;
		while (end < to && url[end] != '.' && url[end] != ':') {
			if ((unsigned char)url[end] >= 0x80)
				ascii = 0;
			end++;
		}
		if (ascii) {
			buf_put(b, url + i, end - i);
		} else {
			size_t len = 0;
			for (size_t k = i; k < end;) {
				int step;
				int32_t c = utf8_decode((const unsigned char *)url +
				    k, end - k, &step);
				if (c < 0 || len == 64)
					return -1;
				/* ASCII letters lower-case, as IDNA does */
				cp[len++] = c >= 'A' && c <= 'Z' ? (uint32_t)c + 32 :
				    (uint32_t)c;
				k += (size_t)step;
			}
			if (punycode(b, cp, len) != 0)
				return -1;
		}
		if (end < to)
			buf_putc(b, url[end]);	/* '.' or ':' */
		i = end + 1;
		if (end < to && url[end] == ':') {	/* the port */
			buf_put(b, url + i, to - i);
			break;
		}
	}
	return 0;
}

const char *xw_href(epub *e, const char *url)
{
	if (!url_allowed(url) || !host_ok(url))
		return NULL;
	buf *b = &e->tmp;
	b->len = 0;
	int hashes = 0;
	const unsigned char *p = (const unsigned char *)url;
	/* The host, which host_ok() checked, stays as it is: an IPv6
	 * literal keeps its brackets; an international name goes in
	 * punycode (neither a percent-encoded nor a UTF-8 host parses). */
	const char *host = strstr(url, "://");
	size_t host_from = host ? (size_t)(host - url) + 3 : 0;
	size_t host_to = host ? host_from + strcspn(url + host_from, "/?#") : 0;
	if (host) {
		const char *at = memchr(url + host_from, '@', host_to - host_from);
		if (at)
			host_from = (size_t)(at - url) + 1;
		int idn = 0;
		for (size_t i = host_from; i < host_to; i++)
			idn |= (unsigned char)url[i] >= 0x80;
		if (idn) {
			/* scheme and user, then the converted host */
			for (size_t i = 0; i < host_from; i++) {
				unsigned char c = p[i];
				if (url_char_ok(c))
					buf_putc(b, (char)c);
				else
					buf_printf(b, "%%%02X", c);
			}
			if (idn_host(b, url, host_from, host_to) != 0)
				return NULL;
			p += host_to;
			host_from = host_to = 0;
			host = NULL;
		}
	}
	/* Everything else outside the grammar is percent-encoded byte by
	 * byte, controls included: epubcheck rejects an invalid URL, a
	 * reader might do anything with one. */
	for (size_t i = 0; p[i]; i++) {
		unsigned char c = p[i];
		if (i >= host_from && i < host_to && (c >= 0x80 || c == '[' ||
		    c == ']')) {
			buf_putc(b, (char)c);
			continue;
		}
		if (url_char_ok(c) ||
		    (c == '%' && hexdig(p[i + 1]) && hexdig(p[i + 2])) ||
		    (c == '#' && hashes++ == 0))
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
	return buf_cstr(b);
}
