/* html.c: the reader for HTML pages (.html, .htm, .xhtml, .html.gz): the
 * bytes made safe to parse (unpacked, capped, their encoding settled),
 * libxml2's HTML parser with recovery and no network, and the pieces put
 * together: metadata, body, comments. What is article and what is site
 * furniture is decided from the DOM's evidence (htmlclassify.c). */
#include "html.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include <libxml/uri.h>

/* A real article page is well under a megabyte; libxml2's DOM costs about
 * thirteen times the page's size, so a bigger page is read in part. */
enum { HTML_MAX_BYTES = 16 << 20 };
enum { HTML_MAX_WARNINGS = 20 };

void html_warn(html_ctx *h, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (++h->nwarn <= HTML_MAX_WARNINGS)
		dossier_warn(h->doc, h->name, line, "%s", msg);
	else if (h->nwarn == HTML_MAX_WARNINGS + 1)
		dossier_warn(h->doc, h->name, line,
		    "further warnings for this file suppressed");
}

/* ---- elements ---- */

const char *html_tag(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE && n->name ?
	    (const char *)n->name : "";
}

char *html_attr(const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	return (char *)xmlGetNoNsProp((xmlNode *)n, (const xmlChar *)name);
}

int html_void(const xmlNode *n)
{
	static const char *const tags[] = { "embed", "input", "param",
	    "source", "track", "area", "keygen", "img", "wbr", "col", "br",
	    "hr", "base", "link", "meta", NULL };
	const char *t = html_tag(n);
	for (const char *const *p = tags; *p; p++)
		if (strcmp(t, *p) == 0)
			return 1;
	return 0;
}

int html_never_content(const xmlNode *n)
{
	static const char *const tags[] = { "script", "style", "noscript",
	    "iframe", "frame", "frameset", "form", "object", "embed",
	    "applet", "svg", "math", "template", "button", "input",
	    "select", "textarea", "option", "canvas", "audio", "video",
	    "map", "head", "title", "meta", "link", "base", "dialog",
	    "label", "fieldset", NULL };
	const char *t = html_tag(n);
	for (const char *const *p = tags; *p; p++)
		if (strcmp(t, *p) == 0)
			return 1;
	return 0;
}

/* A word that marks furniture wherever it stands in a token; others
 * only as a token's last word ("post-tags", but not "tag-travel", a
 * label WordPress gives its articles). */
#define HT_STRONG (1u << 31)
/* With "comment", a word that names the list of them ("comment-list"). */
#define HT_LISTWORD (1u << 30)

/* Class and id words: each token is lower-cased and cut at '-', '_' and
 * case changes, and its words compared with markup vocabulary that any
 * site's templates use (never a site's own names). */
static const struct {
	const char *w;
	unsigned f;
} vocab[] = {
	{ "nav", HT_BOILER | HT_STRONG }, { "navbar", HT_BOILER | HT_STRONG },
	{ "navigation", HT_BOILER | HT_STRONG }, { "menu", HT_BOILER | HT_STRONG },
	{ "footer", HT_BOILER | HT_STRONG }, { "foot", HT_BOILER },
	{ "masthead", HT_BOILER | HT_STRONG }, { "header", HT_BOILER },
	{ "share", HT_BOILER | HT_STRONG }, { "sharing", HT_BOILER | HT_STRONG },
	{ "social", HT_BOILER | HT_STRONG }, { "related", HT_BOILER | HT_STRONG },
	{ "cookie", HT_BOILER | HT_STRONG }, { "cookies", HT_BOILER | HT_STRONG },
	{ "consent", HT_BOILER | HT_STRONG }, { "gdpr", HT_BOILER | HT_STRONG },
	{ "newsletter", HT_BOILER | HT_STRONG }, { "subscribe", HT_BOILER | HT_STRONG },
	{ "subscription", HT_BOILER | HT_STRONG }, { "signup", HT_BOILER | HT_STRONG },
	{ "promo", HT_BOILER }, { "sidebar", HT_BOILER | HT_STRONG },
	{ "breadcrumb", HT_BOILER | HT_STRONG }, { "breadcrumbs", HT_BOILER | HT_STRONG },
	{ "tags", HT_BOILER }, { "tag", HT_BOILER }, { "tagcloud", HT_BOILER | HT_STRONG },
	{ "ad", HT_BOILER }, { "ads", HT_BOILER | HT_STRONG }, { "advert", HT_BOILER | HT_STRONG },
	{ "advertisement", HT_BOILER | HT_STRONG }, { "banner", HT_BOILER },
	{ "sponsor", HT_BOILER | HT_STRONG }, { "sponsored", HT_BOILER | HT_STRONG },
	{ "popup", HT_BOILER | HT_STRONG }, { "modal", HT_BOILER },
	{ "login", HT_BOILER }, { "teaser", HT_BOILER },
	{ "teasers", HT_BOILER }, { "recommended", HT_BOILER | HT_STRONG },
	{ "recommendations", HT_BOILER | HT_STRONG }, { "pagination", HT_BOILER | HT_STRONG },
	{ "pager", HT_BOILER }, { "toolbar", HT_BOILER },
	{ "skip", HT_BOILER }, { "sitemap", HT_BOILER | HT_STRONG },
	{ "copyright", HT_BOILER }, { "legal", HT_BOILER },
	{ "print", HT_BOILER }, { "rating", HT_BOILER },
	{ "categories", HT_BOILER }, { "category", HT_BOILER },
	{ "archive", HT_BOILER }, { "archives", HT_BOILER },
	{ "blogroll", HT_BOILER | HT_STRONG }, { "calendar", HT_BOILER },
	{ "search", HT_BOILER }, { "outbrain", HT_BOILER | HT_STRONG },
	{ "taboola", HT_BOILER | HT_STRONG }, { "more", HT_BOILER },
	{ "trending", HT_BOILER }, { "popular", HT_BOILER },
	{ "postnav", HT_BOILER }, { "prevnext", HT_BOILER },
	{ "cart", HT_BOILER }, { "basket", HT_BOILER },
	{ "article", HT_CONTENT }, { "content", HT_CONTENT },
	{ "entry", HT_CONTENT }, { "post", HT_CONTENT },
	{ "story", HT_CONTENT }, { "body", HT_CONTENT },
	{ "text", HT_CONTENT }, { "main", HT_CONTENT },
	{ "blog", HT_CONTENT }, { "articlebody", HT_CONTENT },
	{ "comments", HT_COMMENTS | HT_STRONG }, { "commentlist", HT_COMMENTS | HT_STRONG },
	{ "discussion", HT_COMMENTS | HT_STRONG }, { "disqus", HT_COMMENTS | HT_STRONG },
	{ "responses", HT_COMMENTS | HT_STRONG }, { "replies", HT_COMMENTS | HT_STRONG },
	{ "comment", HT_COMMENT | HT_STRONG },
	/* the same markup word in the languages of templates we see */
	{ "kommentar", HT_COMMENT | HT_STRONG },
	{ "kommentare", HT_COMMENTS | HT_STRONG },
	{ "commentaire", HT_COMMENT | HT_STRONG },
	{ "commentaires", HT_COMMENTS | HT_STRONG },
	{ "comentario", HT_COMMENT | HT_STRONG },
	{ "comentarios", HT_COMMENTS | HT_STRONG },
	{ "commento", HT_COMMENT | HT_STRONG },
	{ "commenti", HT_COMMENTS | HT_STRONG },
	{ "komentarz", HT_COMMENT | HT_STRONG },
	{ "komentarze", HT_COMMENTS | HT_STRONG }, { "reply", HT_CHROME },
	{ "byline", HT_META }, { "meta", HT_META }, { "dateline", HT_META },
	{ "info", HT_META }, { "posted", HT_META },
	{ "author", HT_AUTHOR }, { "user", HT_AUTHOR }, { "username", HT_AUTHOR },
	{ "nick", HT_AUTHOR }, { "fn", HT_AUTHOR }, { "vcard", HT_AUTHOR },
	{ "name", HT_AUTHOR }, { "poster", HT_AUTHOR },
	{ "date", HT_DATE }, { "time", HT_DATE }, { "timestamp", HT_DATE },
	{ "published", HT_DATE }, { "datetime", HT_DATE },
	{ "vote", HT_CHROME }, { "votes", HT_CHROME }, { "like", HT_CHROME },
	{ "likes", HT_CHROME }, { "report", HT_CHROME },
	{ "actions", HT_CHROME }, { "action", HT_CHROME },
	{ "flag", HT_CHROME }, { "permalink", HT_CHROME },
	{ "avatar", HT_CHROME }, { "edit", HT_CHROME }, { "respond", HT_CHROME },
	{ "form", HT_CHROME }, { "count", HT_CHROME }, { "button", HT_CHROME },
	{ "list", HT_LISTWORD }, { "lists", HT_LISTWORD },
	{ "area", HT_LISTWORD }, { "section", HT_LISTWORD },
	{ "wrap", HT_LISTWORD }, { "wrapper", HT_LISTWORD },
	{ "container", HT_LISTWORD }, { "holder", HT_LISTWORD },
	/* No class word hides: "overflow-hidden" is a utility class of
	 * visible text, "hidden" a toggle's state; only the hidden and
	 * aria-hidden attributes and an inline display:none do. */
	{ "caption", HT_CAPTION }, { "credit", HT_CAPTION },
	{ "figcaption", HT_CAPTION },
};

/* Flags of one word of a token. */
static unsigned word_flags(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof vocab / sizeof *vocab; i++)
		if (strlen(vocab[i].w) == n && memcmp(vocab[i].w, w, n) == 0)
			return vocab[i].f;
	return 0;
}

/* Flags of a class or id value: words split at non-letters and at a
 * lower-to-upper change ("commentList"). "comments-area" is a section,
 * "comment-author" an author, "comment-reply-link" chrome: the last
 * specific word of a token wins over "comment". */
static unsigned token_flags(const char *v)
{
	unsigned all = 0;
	const char *p = v;
	while (*p) {
		while (*p && !g_ascii_isalnum(*p))
			p++;
		const char *t = p;	/* one token: up to white space */
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		/* A taxonomy label a blog gives its post ("category-
		 * kommentar", "tag-comments"): what the post is about,
		 * not what the element is. */
		if (g_ascii_strncasecmp(t, "category-", 9) == 0 ||
		    g_ascii_strncasecmp(t, "tag-", 4) == 0)
			continue;
		unsigned tf = 0, last = 0, lastword = 0, listword = 0;
		int content_words = 0, words = 0, compound = 0;
		char w[32];
		size_t k = 0;
		for (const char *q = t;; q++) {
			int split = q == p || !g_ascii_isalpha(*q) ||
			    (k && g_ascii_isupper(*q) && g_ascii_islower(q[-1]));
			if (split && k) {
				unsigned f = k < sizeof w ? word_flags(w, k) : 0;
				if (f & HT_STRONG)
					tf |= f & ~HT_STRONG;
				listword |= f & HT_LISTWORD;
				words++;
				content_words += f == HT_CONTENT;
				compound |= k == 11 &&
				    memcmp(w, "articlebody", 11) == 0;
				if (f)
					last = f & ~HT_STRONG;
				lastword = f & ~HT_STRONG;
				k = 0;
			}
			if (q == p)
				break;
			if (g_ascii_isalpha(*q) && k < sizeof w)
				w[k++] = g_ascii_tolower(*q);
		}
		tf |= lastword;
		if ((tf & HT_COMMENT) && (listword || (tf & HT_COMMENTS)))
			tf = (tf & ~HT_COMMENT) | HT_COMMENTS;
		tf &= ~HT_LISTWORD;
		/* Within a comment token, what follows "comment" names the
		 * part: comment-author is an author, not a comment. */
		if ((tf & (HT_COMMENT | HT_COMMENTS)) && last &&
		    !(last & (HT_COMMENT | HT_COMMENTS | HT_LISTWORD)))
			tf = last | ((last & (HT_CONTENT)) ? HT_COMMENT : 0);
		/* "post-content", "entry-meta": the specific word wins. */
		if ((tf & HT_CONTENT) && (tf & ~HT_CONTENT))
			tf &= ~HT_CONTENT;
		/* Content words only, two of them or the compound:
		 * "article-body", "entry-content", "articleBody" name
		 * the text itself, not the page's main column. */
		if (tf == HT_CONTENT && content_words == words &&
		    (words >= 2 || compound))
			tf |= HT_BODY;
		all |= tf;
	}
	return all;
}

/* Is w one of the white-space separated tokens of v (any case)? */
static int has_token(const char *v, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = v; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t k = strcspn(p, " \t\n");
		if (k == n && g_ascii_strncasecmp(p, w, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* Evidence of the class, id and itemprop attributes. */
static unsigned attr_flags(const xmlNode *n)
{
	unsigned f = 0;
	char *v;
	if ((v = html_attr(n, "class"))) {
		f |= token_flags(v);
		/* hAtom's entry is the post itself: its other classes are
		 * labels ("internet-comentarios" a custom taxonomy's) */
		if (has_token(v, "hentry"))
			f &= ~(HT_COMMENT | HT_COMMENTS);
		xmlFree(v);
	}
	if ((v = html_attr(n, "id"))) {
		f |= token_flags(v);
		xmlFree(v);
	}
	if ((v = html_attr(n, "itemprop"))) {
		if (strcasecmp(v, "articleBody") == 0)
			f |= HT_CONTENT | HT_BODY;
		else if (strcasecmp(v, "text") == 0)
			f |= HT_CONTENT;
		else if (strcasecmp(v, "author") == 0 ||
		    strcasecmp(v, "creator") == 0)
			f |= HT_AUTHOR;
		else if (strncasecmp(v, "date", 4) == 0)
			f |= HT_DATE;
		else if (strcasecmp(v, "comment") == 0)
			f |= HT_COMMENT;
		xmlFree(v);
	}
	return f;
}

/* Evidence of an ARIA role. */
static unsigned role_flags(const xmlNode *n)
{
	static const char *const boiler[] = { "navigation", "banner",
	    "contentinfo", "complementary", "search", "menu", "dialog",
	    "alert", "toolbar", NULL };
	char *v = html_attr(n, "role");
	unsigned f = 0;
	if (!v)
		return 0;
	for (int i = 0; boiler[i] && !f; i++)
		if (strcasecmp(v, boiler[i]) == 0)
			f = HT_BOILER;
	if (strcasecmp(v, "main") == 0 || strcasecmp(v, "article") == 0)
		f = HT_CONTENT;
	xmlFree(v);
	return f;
}

/* Hidden by an inline style, the hidden or the aria-hidden attribute. */
static unsigned hidden_flags(const xmlNode *n)
{
	unsigned f = 0;
	char *v;
	if ((v = html_attr(n, "style"))) {
		char *s = v, *d = v;
		for (; *s; s++)	/* "display: none" as "display:none" */
			if (*s != ' ')
				*d++ = g_ascii_tolower(*s);
		*d = '\0';
		if (strstr(v, "display:none") || strstr(v, "visibility:hidden"))
			f |= HT_HIDDEN;
		xmlFree(v);
	}
	if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
		f |= HT_HIDDEN;
	if ((v = html_attr(n, "aria-hidden"))) {
		if (strcasecmp(v, "true") == 0)
			f |= HT_HIDDEN;
		xmlFree(v);
	}
	return f;
}

/* What the tag itself says, and what it overrules. */
static unsigned tag_flags(const char *t, unsigned f)
{
	/* Furniture by its tag, but read: libxml2's parser is HTML 4's and
	 * nests what follows a badly closed menu inside its <nav>, which
	 * then holds the article (htmlclassify.c tells such wrappers). */
	if (strcmp(t, "footer") == 0 || strcmp(t, "aside") == 0 ||
	    strcmp(t, "header") == 0 || strcmp(t, "nav") == 0 ||
	    strcmp(t, "menu") == 0)
		f |= HT_BOILER;
	/* The page's own classes say its state ("showing-comments",
	 * "Forum_discussion", "enable-search-modal"), never furniture. */
	if (strcmp(t, "body") == 0 || strcmp(t, "html") == 0)
		f &= ~HT_NEGATIVE;
	if (strcmp(t, "figcaption") == 0)
		f |= HT_CAPTION;
	if (strcmp(t, "time") == 0)
		f |= HT_DATE;
	/* A list of comments holds them: the comment is its item. */
	if ((f & HT_COMMENT) && (strcmp(t, "ol") == 0 || strcmp(t, "ul") == 0))
		f = (f & ~HT_COMMENT) | HT_COMMENTS;
	return f;
}

/* A control, though its class says "comment": a button ("button
 * add-comment", the form's opener) whose label would otherwise become an
 * authorless comment. */
static int is_control(const xmlNode *n)
{
	if (strcmp(html_tag(n), "button") == 0)
		return 1;
	int hit = 0;
	char *v = html_attr(n, "role");
	if (v) {
		hit = strcasecmp(v, "button") == 0;
		xmlFree(v);
	}
	if (!hit && (v = html_attr(n, "class"))) {
		for (char *p = v; *p && !hit;) {	/* a word "button"/"btn" */
			while (*p && !g_ascii_isalpha(*p))
				p++;
			size_t k = 0;
			while (g_ascii_isalpha(p[k]))
				k++;
			hit = (k == 6 && g_ascii_strncasecmp(p, "button", 6) == 0)
			    || (k == 3 && g_ascii_strncasecmp(p, "btn", 3) == 0);
			p += k;
		}
		xmlFree(v);
	}
	return hit;
}

unsigned html_element_flags(const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	unsigned f = attr_flags(n) | role_flags(n) | hidden_flags(n);
	f = tag_flags(html_tag(n), f);
	/* read once per element, not at each look at the comments */
	if ((f & HT_COMMENT) && is_control(n))
		f &= ~HT_COMMENT;
	return f;
}

/* ---- text ---- */

/* Append s to b with white space collapsed and characters XML forbids
 * left out; *space says whether b ends in a space (or is empty). */
static void put_clean(buf *b, const char *s, size_t n, int *space)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			if (!*space) {
				buf_putc(b, ' ');
				*space = 1;
			}
			i++;
			continue;
		}
		int len;
		int32_t cp = utf8_decode(p + i, n - i, &len);
		if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x200B) {
			if (!*space && cp != 0x200B) {
				buf_putc(b, ' ');
				*space = 1;
			}
		} else if (cp < 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			*space = 0;
		} else if (utf8_xml_ok((uint32_t)cp) && cp != 0xAD &&
		    !utf8_noncharacter((uint32_t)cp)) {
			buf_put(b, s + i, (size_t)len);
			*space = 0;
		}
		i += (size_t)len;
	}
}

/* Does the element stand apart from its neighbours' text (a block, a
 * table cell, a line break), so that a word ends where it does? */
int html_breaks_words(const xmlNode *n)
{
	static const char *const tags[] = { "p", "div", "section", "article",
	    "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5",
	    "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
	    "table", "tr", "td", "th", "figure", "figcaption", "address",
	    "hr", "br", "center", "details", "summary", "caption", "hgroup",
	    NULL };
	const char *t = html_tag(n);
	for (const char *const *p = tags; *p; p++)
		if (strcmp(t, *p) == 0)
			return 1;
	return 0;
}

/* Iterative text of a subtree; skips what is never content. Blocks and
 * breaks inside it part words ("<h1><div>Kicker</div><div>Title</div>"
 * is "Kicker Title"). */
const char *html_text(html_ctx *h, const xmlNode *root, size_t max)
{
	buf *b = &h->scratch;
	b->len = 0;
	int space = 1;
	const xmlNode *n = root;
	unsigned depth = 0;
	while (n && b->len < max) {
		if (n != root && !space && html_breaks_words(n)) {
			buf_putc(b, ' ');
			space = 1;
		}
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				put_clean(b, (const char *)n->content,
				    strlen((const char *)n->content), &space);
		} else if (n->type == XML_ELEMENT_NODE && n->children &&
		    depth < HTML_MAX_DEPTH && (n == root || html_void(n) ||
		    !html_never_content(n))) {
			n = n->children;
			depth++;
			continue;
		}
		if (n == root)
			break;
		while (!n->next && n->parent && n != root) {
			n = n->parent;
			depth--;
			if (n != root && !space && html_breaks_words(n)) {
				buf_putc(b, ' ');
				space = 1;
			}
		}
		if (n == root)
			break;
		n = n->next;
	}
	size_t len = b->len < max ? b->len : max;
	while (len && (((unsigned char)b->data[len] & 0xC0) == 0x80) &&
	    len < b->len)
		len--;	/* never cut a character */
	while (len && b->data[len - 1] == ' ')
		len--;
	return arena_strndup(&h->doc->mem, b->data ? b->data : "", len);
}

/* Clean an attribute's or a JSON string's text the same way. */
const char *html_clean(html_ctx *h, const char *s)
{
	if (!s)
		return NULL;
	buf *b = &h->scratch;
	b->len = 0;
	int space = 1;
	put_clean(b, s, strlen(s), &space);
	while (b->len && b->data[b->len - 1] == ' ')
		b->len--;
	return b->len ? arena_strndup(&h->doc->mem, b->data, b->len) : NULL;
}

const char *html_link(html_ctx *h, const char *href)
{
	if (!href)
		return NULL;
	while (*href == ' ' || *href == '\t' || *href == '\n')
		href++;
	if (!*href || *href == '#')
		return NULL;
	xmlChar *abs = NULL;
	if (h->base)
		abs = xmlBuildURI((const xmlChar *)href,
		    (const xmlChar *)h->base);
	const char *u = abs ? (const char *)abs : href;
	const char *r = NULL;
	/* Only addresses with no white space or control characters: what a
	 * writer puts into an attribute must be a plain URL. */
	if (url_allowed(u) && strlen(u) < 2048) {
		int ok = 1;
		for (const unsigned char *p = (const unsigned char *)u; *p; p++)
			if (*p <= ' ' || *p == 0x7F)
				ok = 0;
		if (ok && g_utf8_validate(u, -1, NULL))
			r = arena_strdup(&h->doc->mem, u);
	}
	xmlFree(abs);
	return r;
}

/* ---- bytes ---- */

/* Unpack a gzip page, at most HTML_MAX_BYTES of it. */
static int gunzip(html_ctx *h, const char *data, size_t len, buf *out)
{
	z_stream z = { 0 };
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return -1;
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	int rc = Z_OK;
	while (rc == Z_OK && out->len < HTML_MAX_BYTES + 1) {
		buf_grow(out, 1 << 16);
		size_t room = out->cap - out->len - 1;
		if (room > HTML_MAX_BYTES + 1 - out->len)
			room = HTML_MAX_BYTES + 1 - out->len;
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)room;
		rc = inflate(&z, Z_NO_FLUSH);
		out->len += room - z.avail_out;
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			break;
		if (rc == Z_BUF_ERROR)
			rc = Z_OK;
	}
	inflateEnd(&z);
	if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
		if (out->len == 0)
			return -1;
		html_warn(h, 0, "damaged gzip data: read the first %zu bytes",
		    out->len);
	} else if (rc == Z_BUF_ERROR) {
		html_warn(h, 0, "gzip data ends early: read the first %zu bytes",
		    out->len);
	}
	return 0;
}

/* The encoding the page declares: <meta charset>, http-equiv's
 * content="...; charset=", an XML declaration, in its first 64 KB; into
 * out (a short name), or "" if none. libxml2 switches encodings when it
 * meets the tag, but only after it has read what comes before (titles in
 * JSON-LD are often there) in another one: it is told up front. */
static void declared_encoding(const char *s, size_t n, char out[32])
{
	out[0] = '\0';
	size_t lim = n < 65536 ? n : 65536;
	const char *e = s + lim;
	for (const char *p = s; p && p + 8 < e;
	    p = memchr(p + 1, 'c', (size_t)(e - p - 1)) ) {
		if (strncasecmp(p, "charset", 7) != 0)
			continue;
		const char *q = p + 7;
		while (q < e && (*q == ' ' || *q == '"' || *q == '\''))
			q++;
		if (q >= e || *q != '=')
			continue;
		q++;
		while (q < e && (*q == ' ' || *q == '"' || *q == '\''))
			q++;
		size_t k = 0;
		while (q + k < e && k < 31 && (g_ascii_isalnum(q[k]) ||
		    q[k] == '-' || q[k] == '_' || q[k] == ':' || q[k] == '.'))
			k++;
		if (k == 0 || k == 31)
			continue;
		/* inside a tag: the last '<' before it is closer than '>' */
		const char *lt = NULL, *gt = NULL;
		for (const char *r = p; r > s && p - r < 512 && !lt && !gt; r--)
			if (*r == '<')
				lt = r;
			else if (*r == '>')
				gt = r;
		if (!lt || (strncasecmp(lt, "<meta", 5) != 0 &&
		    strncasecmp(lt, "<?xml", 5) != 0))
			continue;
		memcpy(out, q, k);
		out[k] = '\0';
		return;
	}
	if (lim >= 5 && memcmp(s, "<?xml", 5) == 0) {
		const char *p = memmem(s, lim < 200 ? lim : 200, "encoding", 8);
		if (p) {
			p += 8;
			while (p < e && (*p == ' ' || *p == '=' || *p == '"' ||
			    *p == '\''))
				p++;
			size_t k = 0;
			while (p + k < e && k < 31 && (g_ascii_isalnum(p[k]) ||
			    p[k] == '-' || p[k] == '_'))
				k++;
			if (k && k < 31) {
				memcpy(out, p, k);
				out[k] = '\0';
			}
		}
	}
}

/* Convert from enc to UTF-8 into out, a byte the encoding rejects
 * replaced by U+FFFD. -1 if iconv does not know enc. */
static int to_utf8(html_ctx *h, const char *enc, const char *s, size_t n,
    buf *out)
{
	GIConv cd = g_iconv_open("UTF-8", enc);
	if (cd == (GIConv)-1)
		return -1;
	out->len = 0;
	size_t bad = 0;
	unsigned first = 0;
	char *in = (char *)s;
	size_t left = n;
	while (left) {
		buf_grow(out, left * 2 + 16);
		char *o = out->data + out->len;
		size_t room = out->cap - out->len - 1;
		size_t r = g_iconv(cd, &in, &left, &o, &room);
		out->len = (size_t)(o - out->data);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a sequence cut at the end */
		buf_puts(out, "\xEF\xBF\xBD");
		if (!bad++) {
			first = 1;
			for (const char *q = s; q < in; q++)
				first += *q == '\n';
		}
		in++;
		left--;
	}
	g_iconv_close(cd);
	if (bad)
		html_warn(h, first, "%zu bytes that are not %s replaced by "
		    "U+FFFD (the first on this line)", bad, enc);
	return 0;
}

/* Bytes that are not UTF-8, counted up to a limit. */
static size_t invalid_utf8(const char *s, size_t n, size_t *multibyte)
{
	size_t bad = 0;
	*multibyte = 0;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int len;
		if (utf8_decode((const unsigned char *)s + i, n - i, &len) < 0)
			bad++;
		else
			(*multibyte)++;
		i += (size_t)len;
	}
	return bad;
}

/* ---- the reader ---- */

/* A byline the head did not give: the first author element of the page
 * outside the comments, if it is short enough to be a name. */
static const char *page_byline(html_ctx *h)
{
	for (size_t i = 0; i < h->nmarks; i++) {
		const hmark *m = &h->marks[i];
		if (!(m->own & HT_AUTHOR) || (m->own & (HT_COMMENT | HT_COMMENTS)))
			continue;
		int up = m->parent, in_comments = 0;
		for (; up >= 0; up = h->marks[up].parent)
			in_comments |= (h->marks[up].own &
			    (HT_COMMENT | HT_COMMENTS)) != 0;
		if (in_comments)
			continue;
		const char *t = html_text(h, m->elem, 200);
		if (g_ascii_strncasecmp(t, "by ", 3) == 0)
			t += 3;
		if (*t && g_utf8_strlen(t, -1) <= 60 && text_words(t,
		    strlen(t)) <= 6)
			return t;
		return NULL;
	}
	return NULL;
}

/* The bytes of the page: unpacked if gzipped, capped; -1 (err set) if
 * they are not a page at all. */
static int page_bytes(html_ctx *h, const char **data, size_t *len,
    buf *unz, dossier_error *err)
{
	const char *name = h->name;
	if (*len >= 2 && (unsigned char)(*data)[0] == 0x1F &&
	    (unsigned char)(*data)[1] == 0x8B) {
		if (gunzip(h, *data, *len, unz) != 0)
			return dossier_fail(err, DOSSIER_ERR_INPUT,
			    "%s: not gzip data", name);
		*data = unz->data ? unz->data : "";
		*len = unz->len;
	}
	if (*len == 0)
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: empty file",
		    name);
	if (*len > HTML_MAX_BYTES) {
		html_warn(h, 0, "page of %zu MB: only its first %d MB are read",
		    *len >> 20, HTML_MAX_BYTES >> 20);
		*len = HTML_MAX_BYTES;
	}
	size_t nul = 0, n = *len;
	for (size_t i = 0; i < n && i < 65536; i++)
		nul += (*data)[i] == '\0';
	if (nul * 8 > (n < 65536 ? n : 65536) &&
	    !(n >= 2 && (unsigned char)(*data)[0] >= 0xFE))
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: binary data, not an HTML page", name);
	return 0;
}

/* The encoding from a BOM (skipped) or the page's declaration; NULL for
 * UTF-8. */
static const char *bom_or_declared(const char **data, size_t *len,
    char declared[32])
{
	const unsigned char *u = (const unsigned char *)*data;
	declared_encoding(*data, *len, declared);
	if (*len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		*data += 2;
		*len -= 2;
		return "UTF-16LE";
	}
	if (*len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		*data += 2;
		*len -= 2;
		return "UTF-16BE";
	}
	if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*data += 3;
		*len -= 3;
		return NULL;
	}
	if (*declared && strcasecmp(declared, "utf-8") != 0 &&
	    strcasecmp(declared, "utf8") != 0)
		return strcasecmp(declared, "iso-8859-1") == 0 ||
		    strcasecmp(declared, "latin1") == 0 ||
		    strcasecmp(declared, "us-ascii") == 0 ||
		    strcasecmp(declared, "ascii") == 0 ? "WINDOWS-1252" :
		    declared;
	return NULL;
}

/* UTF-8 with its invalid sequences replaced by U+FFFD, into fixed. */
static void repair_utf8(html_ctx *h, const char *data, size_t len,
    size_t bad, buf *fixed)
{
	unsigned line = 1, first = 0;
	buf_grow(fixed, len + bad * 2);
	for (size_t i = 0; i < len;) {
		int k = 1;
		line += data[i] == '\n';
		if ((unsigned char)data[i] >= 0x80 &&
		    utf8_decode((const unsigned char *)data + i, len - i,
		    &k) < 0) {
			buf_puts(fixed, "\xEF\xBF\xBD");
			if (!first)
				first = line;
		} else {
			buf_put(fixed, data + i, (size_t)k);
		}
		i += (size_t)k;
	}
	html_warn(h, first, "%zu invalid UTF-8 sequences replaced by U+FFFD "
	    "(the first on this line)", bad);
}

/* Encoding: from a BOM, else the declared one, else UTF-8 if the bytes
 * are that, else Windows-1252, what undeclared or mislabelled 8-bit
 * pages mostly are (HTML reads ISO-8859-1 as that too). The page is
 * made UTF-8 here (in fixed, if it must change), bad bytes replaced by
 * U+FFFD, and libxml2 told to ignore the page's own declaration: its
 * own switch comes only where it meets the tag, and it stops at the
 * first byte its converter rejects. */
static void settle_encoding(html_ctx *h, const char **data, size_t *len,
    buf *fixed)
{
	char declared[32];
	const char *enc = bom_or_declared(data, len, declared);
	if (!enc) {
		size_t multi, bad = invalid_utf8(*data, *len, &multi);
		/* Windows-1252 text seldom forms a valid UTF-8 sequence:
		 * a few bad bytes among valid ones are damage. */
		if (bad && multi * 4 < bad) {
			enc = "WINDOWS-1252";
			if (*declared)
				html_warn(h, 0, "declared UTF-8 but is not: "
				    "read as Windows-1252");
		} else if (bad) {
			repair_utf8(h, *data, *len, bad, fixed);
			*data = fixed->data;
			*len = fixed->len;
		}
	}
	if (enc) {
		/* fixed is free here: a repaired page has no enc */
		if (to_utf8(h, enc, *data, *len, fixed) != 0) {
			html_warn(h, 0, "unknown encoding '%s': read as "
			    "Windows-1252", enc);
			to_utf8(h, "WINDOWS-1252", *data, *len, fixed);
		}
		*data = fixed->data ? fixed->data : "";
		*len = fixed->len;
	}
}

/* libxml2's DOM of the page into h->dom; -1 (err set) if the parser
 * cannot be made. */
static int parse_dom(html_ctx *h, const char *data, size_t len,
    dossier_error *err)
{
	if (len > INT32_MAX)
		len = INT32_MAX;
	htmlParserCtxtPtr pc = htmlNewParserCtxt();
	if (!pc)
		return dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "%s: cannot make an HTML parser", h->name);
	/* No network, no errors printed (libxml2 has its own channel; what
	 * matters is reported below), and libxml2's limits kept: no
	 * HTML_PARSE_HUGE. */
	h->dom = htmlCtxtReadMemory(pc, data, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
	if (pc->lastError.code == XML_ERR_INTERNAL_ERROR &&
	    pc->lastError.message &&
	    strstr(pc->lastError.message, "depth"))
		html_warn(h, (unsigned)pc->lastError.line, "elements nested "
		    "deeper than libxml2's limit: the rest of the page is "
		    "not read");
	else if (pc->lastError.level == XML_ERR_FATAL && !pc->wellFormed &&
	    pc->lastError.code != XML_ERR_INTERNAL_ERROR && !h->dom)
		html_warn(h, (unsigned)pc->lastError.line, "HTML parser: %s",
		    pc->lastError.message ? pc->lastError.message : "error");
	htmlFreeParserCtxt(pc);
	return 0;
}

const char *html_plain(dossier_doc *doc, const dossier_node *n)
{
	char *s = (char *)node_plain(doc, n);
	size_t o = 0;
	int space = 1;
	for (size_t i = 0; s[i]; i++) {
		int ws = s[i] == ' ' || s[i] == '\n';
		if (!ws || !space)
			s[o++] = ws ? ' ' : s[i];
		space = ws;
	}
	while (o && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

/* A page without a title gets its first block's opening words, or the
 * file's name. */
static void derive_title(dossier_doc *doc, const char *name, dossier_node *a)
{
	const char *base = strrchr(name, '/');
	const char *t = NULL;
	for (dossier_node *b = a->first; b && !t; b = b->next)
		if (b->type != DOSSIER_NODE_THREAD)
			t = html_plain(doc, b);
	if (t && strlen(t) > 80) {
		size_t cut = 80;
		while (cut > 30 && t[cut] != ' ')
			cut--;
		while (cut && ((unsigned char)t[cut] & 0xC0) == 0x80)
			cut--;
		t = arena_printf(&doc->mem, "%.*s…", (int)cut, t);
	}
	a->as.article.title = t && *t ? t : base ? base + 1 : name;
	a->as.article.title_derived = 1;
}

/* Does text open with dek, white space and case aside? A dek cut short
 * ("...", "…") counts up to the cut. */
static int opens_with(const char *text, const char *dek)
{
	size_t n = strlen(dek);
	while (n && (dek[n - 1] == '.' || dek[n - 1] == ' '))
		n--;
	if (n >= 3 && memcmp(dek + n - 3, "\xe2\x80\xa6", 3) == 0)
		n -= 3;
	size_t i = 0, j = 0, same = 0;
	while (i < n) {
		if (g_ascii_isspace(dek[i])) {
			i++;
			continue;
		}
		while (text[j] && g_ascii_isspace(text[j]))
			j++;
		if (g_ascii_tolower(dek[i]) != g_ascii_tolower(text[j]))
			return 0;
		i++, j++, same++;
	}
	return same >= 20;
}

/* A page's description is often its first paragraph, whole or cut
 * short: as the dek too it would be read twice, one above the other. */
static void drop_echoed_dek(html_ctx *h, dossier_node *a)
{
	const dossier_node *p = a->first;
	while (p && p->type == DOSSIER_NODE_HEADING)
		p = p->next;
	if (a->as.article.subtitle && p && p->type == DOSSIER_NODE_PARAGRAPH &&
	    opens_with(html_plain(h->doc, p), a->as.article.subtitle))
		a->as.article.subtitle = NULL;
}

/* The article's language from its text, where the page declares none,
 * or declares one of the languages the stopword lists know that its
 * text clearly is not in: pages made from an English template often
 * keep <html lang="en"> over German or Spanish articles (26 of the 903
 * real pages with a lang said "en" over German text), and the tag
 * picks the hyphenation. */
static void body_lang(dossier_node *a, const char *declared)
{
	unsigned best, dhits;
	const char *tag = lang_of_body(a, declared, &best, &dhits);
	if (!tag)
		return;
	if (!declared)
		a->as.article.lang = tag;
	else if (dhits && best >= 20 && best >= 3 * (dhits - 1) &&
	    !lang_tag_is(declared, tag))
		a->as.article.lang = tag;
}

/* The article of a parsed page: metadata, body, title, comments. */
static int read_article(html_ctx *h, dossier_error *err)
{
	dossier_doc *doc = h->doc;
	dossier_node *a = node_new(doc, DOSSIER_NODE_ARTICLE, h->name, 1);
	a->as.article.source = h->name;
	html_meta(h, a);
	const char *declared = a->as.article.lang;
	if (!a->as.article.lang)
		a->as.article.lang = doc->root->as.dossier.lang;
	html_classify(h);
	html_title(h, a);
	html_comments(h, a);
	if (!a->as.article.byline)
		a->as.article.byline = page_byline(h);
	/* the body goes before the thread */
	dossier_node *thread = a->last && a->last->type ==
	    DOSSIER_NODE_THREAD ? a->last : NULL;
	if (thread)
		node_unlink(thread);
	size_t kept = 0;
	for (size_t i = 0; i < h->blocks.n; i++)
		kept += h->blocks.v[i].keep;
	html_emit_blocks(h, a, h->blocks.v, h->blocks.n);
	drop_echoed_dek(h, a);
	body_lang(a, declared);
	if (thread)
		node_append(a, thread);
	if (!a->first && !a->as.article.title)
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: no article text found", h->name);
	if (!kept && !thread)
		html_warn(h, 0, "no article text found in the page");
	if (!a->as.article.title)
		derive_title(doc, h->name, a);
	node_append(doc->root, a);
	return 0;
}

static int read_html(dossier_doc *doc, const char *name, const char *data,
    size_t len, dossier_error *err)
{
	html_ctx h = { .doc = doc, .name = name };
	buf unz = { 0 }, fixed = { 0 };
	int rc = page_bytes(&h, &data, &len, &unz, err);
	if (rc == 0) {
		settle_encoding(&h, &data, &len, &fixed);
		rc = parse_dom(&h, data, len, err);
	}
	buf_free(&unz);
	buf_free(&fixed);
	if (rc != 0)
		return rc;
	xmlNode *root = h.dom ? xmlDocGetRootElement(h.dom) : NULL;
	if (!root) {
		if (h.dom)
			xmlFreeDoc(h.dom);
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: no HTML in this file", name);
	}
	rc = read_article(&h, err);
	free(h.blocks.v);
	free(h.spans);
	free(h.marks);
	buf_free(&h.scratch);
	xmlFreeDoc(h.dom);
	return rc;
}

const dossier_reader dossier_reader_html = {
	.name = "html",
	.extensions = "html htm xhtml html.gz htm.gz xhtml.gz",
	.read = read_html,
};
