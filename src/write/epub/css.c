/* css.c: the book's one stylesheet: the @font-face rules of the embedded
 * subsets, the few rules the EPUB's own pages need, then the style from
 * styles/ as the user chose it (--style), which the PDF reads too. */
#include "epub.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Rules for what only the EPUB has: the cover page and the nested contents
 * list. Before the style, so that a style can change them. */
static const char epub_rules[] =
"/* dossier EPUB pages */\n"
"body.cover { margin: 0; padding: 0; text-align: center; }\n"
"div.cover { margin: 0; padding: 0; text-align: center; }\n"
"img.cover { max-width: 100%; max-height: 100%; }\n"
".toc ol ol { margin: 0.4em 0 0 1.2em; }\n"
".toc li li { margin: 0 0 0.3em 0; }\n"
".titlepage { margin: 0 0 2em 0; }\n"
".replyto span { font-style: normal; }\n"
"nav[hidden] { display: none; }\n";

/* The EPUB may not reach outside itself: @import rules are dropped and
 * url(...) becomes none. Invalid UTF-8 and control characters go too. */
static void sanitize(epub *e, const char *path, const char *s, size_t n,
    buf *out)
{
	int warned = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '@' && n - i > 7 &&
		    strncasecmp(s + i, "@import", 7) == 0) {
			const char *semi = memchr(s + i, ';', n - i);
			i = semi ? (size_t)(semi - s) + 1 : n;
			warned++;
			continue;
		}
		if ((s[i] == 'u' || s[i] == 'U') && n - i > 4 &&
		    strncasecmp(s + i, "url(", 4) == 0 &&
		    (i == 0 || !(s[i - 1] == '-' || s[i - 1] == '_' ||
		    ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z')))) {
			const char *close = memchr(s + i, ')', n - i);
			i = close ? (size_t)(close - s) + 1 : n;
			buf_puts(out, "none");
			warned++;
			continue;
		}
		int k;
		int32_t cp = utf8_decode((const unsigned char *)s + i, n - i,
		    &k);
		if (cp >= 0 && (cp == '\r' || utf8_xml_ok((uint32_t)cp)))
			buf_put(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	if (warned)
		dossier_warn(e->doc, path, 0, "%d external reference%s "
		    "(@import, url()) left out of the EPUB", warned,
		    warned == 1 ? "" : "s");
}

int epub_stylesheet(epub *e, dossier_error *err)
{
	const char *path;
	size_t len;
	const char *style = book_style(e->doc, &len, &path, err);
	if (!style)
		return -1;
	buf css = { 0 };
	buf_puts(&css, "@charset \"UTF-8\";\n");
	int rc = epub_fonts_embed(e, style, &css, err);
	if (rc == 0) {
		buf_puts(&css, epub_rules);
		buf_puts(&css, "\n");
		epub_emoji_css(e, &css);
		sanitize(e, path, style, len, &css);
		epub_add_file(e, "style.css", css.data, css.len, 0);
		css.data = NULL;
	}
	buf_free(&css);
	return rc;
}
