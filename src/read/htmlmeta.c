/* htmlmeta.c: what a page says about itself: JSON-LD (NewsArticle,
 * Article, BlogPosting, DiscussionForumPosting..., also inside @graph),
 * Open Graph and article: meta, <title>, <h1>, <time datetime>,
 * rel=author, <html lang> and the canonical link, into the article's
 * title, dek, byline, date, url, site and language. Structured data wins
 * over the head's tags, and those over the visible page. */
#include "html.h"

#include <string.h>
#include <strings.h>

typedef struct meta {
	const char *ld_title, *ld_dek, *ld_author, *ld_date, *ld_url,
	    *ld_site, *ld_lang;
	const char *og_title, *og_dek, *og_site, *og_url, *og_date,
	    *og_author, *tw_title, *name_title;
	const char *title, *h1, *h1_article, *time, *rel_author, *canonical,
	    *lang, *description, *author, *date;
} meta;

static int article_type(const char *t)
{
	static const char *const types[] = { "NewsArticle", "Article",
	    "BlogPosting", "DiscussionForumPosting", "ReportageNewsArticle",
	    "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
	    "BackgroundNewsArticle", "ScholarlyArticle", "TechArticle",
	    "SocialMediaPosting", "LiveBlogPosting", "Report", "WebPage",
	    "Recipe", "Review", "QAPage", "Question", NULL };
	for (int i = 0; types[i]; i++)
		if (strcmp(t, types[i]) == 0)
			return i < 14 ? 2 : 1;	/* WebPage and the like: weaker */
	return 0;
}

static int type_rank(const js_val *o)
{
	const js_val *t = js_get(o, "@type");
	int best = 0;
	if (t && t->type == JS_STR)
		return article_type(t->str);
	for (const js_val *i = t && t->type == JS_ARR ? t->first : NULL; i;
	    i = i->next)
		if (i->type == JS_STR && article_type(i->str) > best)
			best = article_type(i->str);
	return best;
}

/* Authors: a name, an object with a name, or a list of them. */
static const char *ld_authors(html_ctx *h, const js_val *v)
{
	if (!v)
		return NULL;
	if (v->type != JS_ARR)
		return html_clean(h, js_string(v));
	buf b = { 0 };
	int k = 0;
	for (const js_val *i = v->first; i && k < 8; i = i->next) {
		const char *s = js_string(i);
		if (!s)
			continue;
		if (k++)
			buf_puts(&b, ", ");
		buf_puts(&b, s);
	}
	const char *r = b.len ? html_clean(h, buf_cstr(&b)) : NULL;
	buf_free(&b);
	return r;
}

/* Take the fields of the best article object among the values, looking
 * into arrays and @graph (iteratively, with a bounded worklist). */
static void ld_scan(html_ctx *h, meta *m, js_val *root, int *rank)
{
	js_val *work[256];
	size_t nw = 0;
	work[nw++] = root;
	while (nw) {
		js_val *v = work[--nw];
		if (v->type == JS_ARR) {
			for (js_val *i = v->first; i && nw < 256; i = i->next)
				work[nw++] = i;
			continue;
		}
		if (v->type != JS_OBJ)
			continue;
		js_val *g = js_get(v, "@graph");
		if (g && nw < 256)
			work[nw++] = g;
		int r = type_rank(v);
		if (r <= *rank)
			continue;
		*rank = r;
		const char *t = js_string(js_get(v, "headline"));
		if (!t)
			t = js_string(js_get(v, "name"));
		m->ld_title = html_clean(h, t);
		m->ld_dek = html_clean(h, js_string(js_get(v, "description")));
		m->ld_author = ld_authors(h, js_get(v, "author"));
		m->ld_date = html_clean(h, js_string(js_get(v,
		    "datePublished")));
		if (!m->ld_date)
			m->ld_date = html_clean(h, js_string(js_get(v,
			    "dateCreated")));
		const js_val *u = js_get(v, "url");
		if (!u || u->type != JS_STR)
			u = js_get(v, "mainEntityOfPage");
		if (u && u->type == JS_OBJ)
			u = js_get(u, "@id");
		m->ld_url = u && u->type == JS_STR ? html_clean(h, u->str) :
		    NULL;
		m->ld_site = html_clean(h, js_string(js_get(v, "publisher")));
		m->ld_lang = html_clean(h, js_string(js_get(v, "inLanguage")));
	}
}

/* Entities left in metadata by pages that escape twice ("&amp;#039;"
 * arrives as "&#039;"): the common ones, decoded once. */
static const char *unescape(html_ctx *h, const char *s)
{
	if (!s || !strchr(s, '&'))
		return s;
	static const struct {
		const char *e, *c;
	} named[] = { { "amp;", "&" }, { "quot;", "\"" }, { "apos;", "'" },
	    { "lt;", "<" }, { "gt;", ">" }, { "nbsp;", " " } };
	buf b = { 0 };
	for (const char *p = s; *p;) {
		if (*p != '&') {
			buf_putc(&b, *p++);
			continue;
		}
		size_t i, k = 0;
		for (i = 0; i < sizeof named / sizeof *named; i++)
			if (strncmp(p + 1, named[i].e, strlen(named[i].e)) == 0)
				break;
		if (i < sizeof named / sizeof *named) {
			buf_puts(&b, named[i].c);
			p += 1 + strlen(named[i].e);
			continue;
		}
		if (p[1] == '#') {
			int hex = p[2] == 'x' || p[2] == 'X';
			const char *q = p + 2 + hex;
			unsigned long v = 0;
			while (k < 7 && (hex ? g_ascii_isxdigit(q[k]) :
			    g_ascii_isdigit(q[k]))) {
				v = v * (hex ? 16 : 10) + (unsigned long)
				    (hex ? g_ascii_xdigit_value(q[k]) :
				    q[k] - '0');
				k++;
			}
			if (k && q[k] == ';' && v < 0x110000 &&
			    utf8_xml_ok((uint32_t)v) &&
			    !utf8_noncharacter((uint32_t)v) &&
			    !(v >= 0xD800 && v < 0xE000)) {
				char out[4];
				buf_put(&b, out, (size_t)utf8_encode((uint32_t)v,
				    out));
				p = q + k + 1;
				continue;
			}
		}
		buf_putc(&b, *p++);
	}
	const char *r = html_clean(h, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static void set(const char **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = v;
}

static void on_meta(html_ctx *h, meta *m, const xmlNode *n)
{
	char *k = html_attr(n, "property");
	if (!k)
		k = html_attr(n, "name");
	if (!k)
		k = html_attr(n, "itemprop");
	char *c = html_attr(n, "content");
	const char *v = c ? html_clean(h, c) : NULL;
	if (k && v) {
		if (strcasecmp(k, "og:title") == 0)
			set(&m->og_title, v);
		else if (strcasecmp(k, "twitter:title") == 0)
			set(&m->tw_title, v);
		else if (strcasecmp(k, "title") == 0)
			set(&m->name_title, v);
		else if (strcasecmp(k, "og:description") == 0)
			set(&m->og_dek, v);
		else if (strcasecmp(k, "og:site_name") == 0)
			set(&m->og_site, v);
		else if (strcasecmp(k, "og:url") == 0)
			set(&m->og_url, v);
		else if (strcasecmp(k, "article:published_time") == 0 ||
		    strcasecmp(k, "datePublished") == 0 ||
		    strcasecmp(k, "og:published_time") == 0)
			set(&m->og_date, v);
		else if (strcasecmp(k, "article:author") == 0 &&
		    !url_allowed(v))
			set(&m->og_author, v);
		else if (strcasecmp(k, "description") == 0)
			set(&m->description, v);
		else if (strcasecmp(k, "author") == 0 ||
		    strcasecmp(k, "dc.creator") == 0 ||
		    strcasecmp(k, "byl") == 0)
			set(&m->author, v);
		else if (strcasecmp(k, "date") == 0 ||
		    strcasecmp(k, "dc.date") == 0 ||
		    strcasecmp(k, "dc.date.issued") == 0 ||
		    strcasecmp(k, "pubdate") == 0)
			set(&m->date, v);
		else if (strcasecmp(k, "headline") == 0)
			set(&m->ld_title, v);
		else if (strcasecmp(k, "og:locale") == 0 && !m->lang &&
		    strlen(v) < 16) {
			char *l = (char *)arena_strdup(&h->doc->mem, v);
			for (char *p = l; *p; p++)
				if (*p == '_')
					*p = '-';
			m->lang = l;
		}
	}
	xmlFree(k);
	xmlFree(c);
}

/* A BCP 47 tag as the tree wants it: letters, digits and '-', short. */
static const char *lang_tag(html_ctx *h, const char *v)
{
	if (!v)
		return NULL;
	size_t n = 0;
	while (v[n] && (g_ascii_isalnum(v[n]) || v[n] == '-' || v[n] == '_'))
		n++;
	if (n < 2 || n > 15 || v[n])
		return NULL;
	char *l = arena_strndup(&h->doc->mem, v, n);
	for (char *p = l; *p; p++)
		if (*p == '_')
			*p = '-';
	return l;
}

/* The title without the site's name: " | Site", " - Site", "Site: ..." */
/* The name of the site in its address: "myoos" of www.myoos.de. */
static char *host_label(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p)
		return NULL;
	p += 3;
	size_t n = strcspn(p, "/:?#");
	const char *end = p + n, *dot = NULL, *dot2 = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '.') {
			dot2 = dot;
			dot = q;
		}
	if (!dot)
		return NULL;
	const char *b = dot2 ? dot2 + 1 : p;
	if (dot - b < 4)
		return NULL;
	return g_ascii_strdown(b, dot - b);
}

/* Does a part of a title name the site whose address label is given?
 * Letters and digits compared, case ignored ("MyOOS Forum", myoos). */
static int names_host(const char *part, const char *label)
{
	if (!label)
		return 0;
	char k[128];
	size_t n = 0;
	for (const char *p = part; *p && n < sizeof k - 1; p++)
		if (g_ascii_isalnum(*p))
			k[n++] = g_ascii_tolower(*p);
	k[n] = '\0';
	return n >= 4 && (strstr(k, label) || strstr(label, k));
}

static const char *strip_site(html_ctx *h, const char *t, const char *site,
    const char *h1, const char *label)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ",
	    " :: ", " · ", " » ", " // ", " « ", NULL };
	if (!t)
		return NULL;
	if (h1 && strcmp(t, h1) == 0)
		return t;
	for (int i = 0; seps[i]; i++) {
		const char *p = strstr(t, seps[i]);
		const char *last = NULL;
		for (const char *q = p; q; q = strstr(q + 1, seps[i]))
			last = q;
		if (!p)
			continue;
		size_t k = strlen(seps[i]);
		const char *head = arena_strndup(&h->doc->mem, t,
		    (size_t)(last - t));
		const char *tail = last + k;
		const char *first_tail = p + k;
		const char *first = arena_strndup(&h->doc->mem, t,
		    (size_t)(p - t));
		if (h1 && (strcasecmp(head, h1) == 0 ||
		    strcasecmp(first, h1) == 0))
			return h1;
		if (h1 && strcasecmp(first_tail, h1) == 0)
			return h1;
		if (site && (strcasecmp(tail, site) == 0 ||
		    strcasestr(site, tail) || strcasestr(tail, site)))
			return head;
		if (site && (strcasecmp(first, site) == 0 ||
		    strcasestr(site, first)))
			return first_tail;
		if (names_host(tail, label) && !names_host(head, label))
			return head;
		if (p == last && names_host(first, label) &&
		    !names_host(first_tail, label))
			return first_tail;
		/* No name to compare with: the site's is the shorter part. */
		if (!site && p == last) {
			glong lh = g_utf8_strlen(first, -1);
			glong lt = g_utf8_strlen(first_tail, -1);
			if (lt * 2 < lh && lt < 40)
				return first;
			if (lh * 2 < lt && lh < 40 && strcmp(seps[i], " - "))
				return first_tail;
		}
	}
	return t;
}

/* JSON-LD in a script element, into m. */
static void on_ld(html_ctx *h, meta *m, const xmlNode *n, int *rank)
{
	char *type = html_attr(n, "type");
	if (type && strcasecmp(type, "application/ld+json") == 0 &&
	    n->children && n->children->content) {
		const char *s = (const char *)n->children->content;
		js_val *j = js_parse(&h->doc->mem, s, strlen(s));
		if (j)
			ld_scan(h, m, j, rank);
		else
			html_warn(h, (unsigned)xmlGetLineNo((xmlNode *)n),
			    "JSON-LD that is not JSON (ignored)");
	}
	xmlFree(type);
}

/* What one element says about the page; returns whether to descend. */
static int meta_element(html_ctx *h, meta *m, const xmlNode *n,
    const xmlNode **article, int in_article, int *rank)
{
	const char *t = html_tag(n);
	if (strcmp(t, "title") == 0 && !m->title) {
		m->title = html_text(h, n, 1000);
		if (!*m->title)
			m->title = NULL;
		return 0;
	}
	if (strcmp(t, "meta") == 0) {
		on_meta(h, m, n);
	} else if (strcmp(t, "link") == 0) {
		char *rel = html_attr(n, "rel");
		char *href = html_attr(n, "href");
		if (rel && href && strcasecmp(rel, "canonical") == 0)
			set(&m->canonical, html_clean(h, href));
		xmlFree(rel);
		xmlFree(href);
	} else if (strcmp(t, "script") == 0) {
		on_ld(h, m, n, rank);
		return 0;
	} else if (html_never_content(n) && strcmp(t, "head") != 0) {
		return 0;
	} else if (strcmp(t, "article") == 0 && !*article) {
		*article = n;
	} else if (strcmp(t, "h1") == 0) {
		const char *s = html_text(h, n, 1000);
		if (*s && !m->h1)
			m->h1 = s;
		if (*s && *article && !m->h1_article && in_article)
			m->h1_article = s;
		return 0;
	} else if (strcmp(t, "time") == 0 && !m->time) {
		char *d = html_attr(n, "datetime");
		m->time = d ? html_clean(h, d) : NULL;
		xmlFree(d);
	} else if (strcmp(t, "a") == 0 && !m->rel_author) {
		char *rel = html_attr(n, "rel");
		if (rel && strcasecmp(rel, "author") == 0) {
			const char *s = html_text(h, n, 200);
			if (*s)
				m->rel_author = s;
		}
		xmlFree(rel);
	}
	return 1;
}

/* One iterative pass over the elements. */
static void scan_page(html_ctx *h, meta *m, xmlNode *root)
{
	int rank = 0, in_article = 0;
	const xmlNode *n = root;
	unsigned depth = 0;
	const xmlNode *article = NULL;
	while (n) {
		int down = n->type == XML_ELEMENT_NODE &&
		    meta_element(h, m, n, &article, in_article, &rank);
		if (down && n->children && depth < HTML_MAX_DEPTH) {
			if (n == article)
				in_article = 1;
			n = n->children;
			depth++;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			depth--;
			if (n == article)
				in_article = 0;
			if (n == root || (n && n->type != XML_ELEMENT_NODE))
				n = NULL;
		}
		if (n)
			n = n->next;
	}
	m->ld_title = unescape(h, m->ld_title);
	m->og_title = unescape(h, m->og_title);
	m->tw_title = unescape(h, m->tw_title);
	m->name_title = unescape(h, m->name_title);
	m->title = unescape(h, m->title);
	m->ld_dek = unescape(h, m->ld_dek);
	m->og_dek = unescape(h, m->og_dek);
	m->description = unescape(h, m->description);
	m->og_site = unescape(h, m->og_site);
	m->ld_site = unescape(h, m->ld_site);
}

/* The title the head gives, without the site's name; the head's titles
 * and the site's name in its address kept for the agreement later. */
static const char *head_title(html_ctx *h, const meta *m, const char *site)
{
	const char *h1 = m->h1_article ? m->h1_article : m->h1;
	const char *title = m->ld_title;
	char *label = host_label(m->canonical ? m->canonical : m->og_url ?
	    m->og_url : m->ld_url);
	if (!title)
		title = strip_site(h, m->og_title ? m->og_title : m->tw_title,
		    site, h1, label);
	if (!title)
		title = strip_site(h, m->title, site, h1, label);
	h->host = label ? arena_strndup(&h->doc->mem, label, strlen(label)) :
	    NULL;
	g_free(label);
	h->head_titles[0] = m->ld_title;
	h->head_titles[1] = m->og_title;
	h->head_titles[2] = m->title;
	/* Twitter's card and <meta name=title> are often the editor's own
	 * wording beside Open Graph's: more sources to agree with. */
	h->head_titles[3] = m->tw_title;
	h->head_titles[4] = m->name_title;
	if (!title)
		title = h1;
	if (title && g_utf8_strlen(title, -1) > 300)
		title = NULL;
	return title;
}

void html_meta(html_ctx *h, dossier_node *a)
{
	meta m = { 0 };
	xmlNode *root = xmlDocGetRootElement(h->dom);
	char *v = html_attr(root, "lang");
	if (!v)
		v = html_attr(root, "xml:lang");
	m.lang = lang_tag(h, v);
	xmlFree(v);
	scan_page(h, &m, root);
	const char *site = m.og_site ? m.og_site : m.ld_site;
	const char *title = head_title(h, &m, site);
	a->as.article.title = title;
	h->site = site;
	h->meta_title = title;
	a->as.article.subtitle = m.ld_dek ? m.ld_dek : m.og_dek ? m.og_dek :
	    m.description;
	a->as.article.byline = m.ld_author ? m.ld_author : m.og_author ?
	    m.og_author : m.author ? m.author : m.rel_author;
	a->as.article.date = m.ld_date ? m.ld_date : m.og_date ? m.og_date :
	    m.date ? m.date : m.time;
	const char *url = m.canonical ? m.canonical : m.og_url ? m.og_url :
	    m.ld_url;
	if (url && url_allowed(url) && strncasecmp(url, "mailto:", 7) != 0 &&
	    !strchr(url, ' ')) {
		a->as.article.url = url;
		h->base = url;
	}
	a->as.article.site = site;
	a->as.article.lang = lang_tag(h, m.ld_lang) ? lang_tag(h, m.ld_lang) :
	    m.lang;
}

/* How many words of a (of two letters or more) b holds, ignoring case. */
static size_t shared_words(const char *a, const char *b)
{
	char *la = g_utf8_casefold(a, -1), *lb = g_utf8_casefold(b, -1);
	size_t n = 0;
	for (char *p = la; *p;) {
		while (*p && !g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		char *w = p;
		while (*p && g_unichar_isalnum(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (p - w >= 2) {
			char c = *p;
			*p = '\0';
			n += strstr(lb, w) != NULL;
			*p = c;
		}
	}
	g_free(la);
	g_free(lb);
	return n;
}

/* A headline of parts, "<h1><span>Kicker</span><span>Title</span></h1>":
 * when the heading has no text of its own and its first part is short,
 * that part is the kicker and the rest the title. */
static void kicker_split(html_ctx *h, dossier_node *a, const xmlNode *h1)
{
	const xmlNode *first = NULL;
	int parts = 0;
	for (const xmlNode *c = h1 ? h1->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			for (const char *p = (const char *)c->content; p && *p; p++)
				if (!g_ascii_isspace(*p))
					return;	/* text of its own */
		} else if (c->type == XML_ELEMENT_NODE) {
			const char *t = html_text(h, c, 400);
			if (!*t)
				continue;
			if (!parts++)
				first = c;
		}
	}
	if (parts < 2 || !first || strcmp(html_tag(first), "a") == 0)
		return;
	const char *k = html_text(h, first, 200);
	size_t n = strlen(k);
	const char *t = a->as.article.title;
	if (text_words(k, n) > 6 || strncmp(t, k, n) != 0 || t[n] != ' ')
		return;
	a->as.article.kicker = k;
	a->as.article.title = t + n + 1;
}

/* A title's letters and digits, case folded: how two sources' wording
 * of one title is compared ("Netz für Alle" and "Netz Für Alle", ’ and
 * ', soft hyphens). */
static char *title_key(const char *s)
{
	char *f = g_utf8_casefold(s, -1), *o = f;
	for (const char *p = f; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalnum(c))
			o += g_unichar_to_utf8(c, o);
	}
	*o = '\0';
	return f;
}

/* A head title cut at its separators (" | ", " - "...): the parts, at
 * most 8, each with its key. */
typedef struct tparts {
	const char *text[8];
	char *key[8];
	size_t n;
} tparts;

static void title_parts(html_ctx *h, const char *t, tparts *tp)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ",
	    " :: ", " · ", " » ", " // ", " « ", " • ", " : ", NULL };
	tp->n = 0;
	const char *p = t;
	while (*p && tp->n < 8) {
		const char *cut = NULL;
		size_t k = 0;
		for (int i = 0; seps[i]; i++) {
			const char *q = strstr(p, seps[i]);
			if (q && (!cut || q < cut)) {
				cut = q;
				k = strlen(seps[i]);
			}
		}
		size_t len = cut ? (size_t)(cut - p) : strlen(p);
		if (tp->n == 7 && cut)	/* the rest in the last part */
			len = strlen(p);
		const char *s = arena_strndup(&h->doc->mem, p, len);
		tp->text[tp->n] = s;
		tp->key[tp->n++] = title_key(s);
		p += len + (cut && len != strlen(p) ? k : 0);
	}
}

/* Does the text name the site, by its published name or its address? */
static int is_site_name(const html_ctx *h, const char *key)
{
	if (h->site) {
		char *k = title_key(h->site);
		int same = strcmp(k, key) == 0;
		g_free(k);
		if (same)
			return 1;
	}
	if (!h->host)
		return 0;
	char *hk = title_key(h->host);	/* "jugend-forscht" */
	/* the address's name with a word or two ("MyOOS Forum"), not a
	 * headline that mentions the site ("New snow maps on Site.ch") */
	size_t kn = strlen(key), hn = strlen(hk);
	int named = kn >= 4 && hn >= 4 &&
	    ((strstr(key, hk) && kn <= 2 * hn + 4) || strstr(hk, key));
	g_free(hk);
	return named;
}

/* The keys of the head's titles, whole (1) and their parts (0.5), once
 * a page, in the arena. */
static void agree_keys(html_ctx *h)
{
	h->nagree = 0;
	for (int i = 0; i < HEAD_TITLES; i++) {
		if (!h->head_titles[i])
			continue;
		char *w = title_key(h->head_titles[i]);
		h->agree_key[h->nagree] = arena_strndup(&h->doc->mem, w,
		    strlen(w));
		h->agree_val[h->nagree++] = 1;
		g_free(w);
		tparts tp;
		title_parts(h, h->head_titles[i], &tp);
		for (size_t j = 0; j < tp.n; j++) {
			if (tp.n > 1) {
				h->agree_key[h->nagree] = arena_strndup(
				    &h->doc->mem, tp.key[j], strlen(tp.key[j]));
				h->agree_val[h->nagree++] = 0.5;
			}
			g_free(tp.key[j]);
		}
	}
	h->agree_ready = 1;
}

double html_head_agrees(html_ctx *h, const char *t)
{
	if (!h->agree_ready)
		agree_keys(h);
	if (!h->nagree)
		return 0;
	char *k = title_key(t);
	double agree = 0;
	for (size_t i = 0; i < h->nagree; i++)
		if (h->agree_val[i] > agree && strcmp(h->agree_key[i], k) == 0)
			agree = h->agree_val[i];
	if (agree > 0 && (strlen(k) < 4 || is_site_name(h, k)))
		agree = 0;
	g_free(k);
	return agree;
}

/* A heading of parts whose first is an element, "<h1><span>Kicker
 * </span> Title</h1>" (through one wrapper that holds all of it): the
 * text after that first part, else NULL. */
static const char *after_kicker(html_ctx *h, const xmlNode *e,
    const char *t, const char **kicker)
{
	for (int hop = 0; e && hop < 2; hop++) {
		int n = 0;
		const xmlNode *first = NULL;
		for (const xmlNode *c = e->children; c; c = c->next) {
			int text = 0;
			if (c->type == XML_TEXT_NODE) {
				for (const char *p = (const char *)c->content;
				    p && *p && !text; p++)
					text = !g_ascii_isspace(*p);
				if (text && !n)
					return NULL;	/* text first */
			} else if (c->type == XML_ELEMENT_NODE) {
				text = *html_text(h, c, 400) != '\0';
				if (text && !n)
					first = c;
			}
			n += text;
		}
		if (n == 1 && first) {
			e = first;
			continue;
		}
		if (n < 2)
			return NULL;
		const char *k = html_text(h, first, 400);
		size_t kn = strlen(k);
		if (strncmp(t, k, kn) != 0)
			return NULL;
		t += kn;
		while (*t && !g_unichar_isalnum(g_utf8_get_char(t)))
			t = g_utf8_next_char(t);
		*kicker = k;
		return *t ? t : NULL;
	}
	return NULL;
}

/* Does the heading give the first parts of a head title, or its last
 * ones, with a separator of the title's own among them ("Ski: Fast -
 * Light | Site" over "Ski: Fast - Light")? The whole key is its parts'
 * keys end to end, separators having no letters. */
static int parts_run(const char *k, const char *whole, const tparts *tp)
{
	size_t kn = strlen(k), wn = strlen(whole), len = 0;
	for (size_t j = 0; j + 1 < tp->n; j++) {
		len += strlen(tp->key[j]);
		if (j == 0 || len > wn)
			continue;
		if (len == kn && strncmp(whole, k, kn) == 0)
			return 1;
		if (wn - len == kn && j + 2 < tp->n &&
		    strcmp(whole + len, k) == 0)
			return 1;
	}
	return 0;
}

/* A heading that begins or ends with what a head title gives whole:
 * a dateline or a standfirst run into the heading ("Title 02.02.2022 *
 * Press", the rest at most as long as the title: a longer one may be
 * the headline's own second line), or a kicker before it without
 * markup ("Crisis Firm X...", "Press release of the Office: Title", of
 * any length: the head's wording ends where the heading ends).
 * Then the head's wording is the title. 0 when not. */
static int affix_title(const char *k, const char *heading,
    const char *whole, const char *text, const char **pick)
{
	size_t kn = strlen(k), cn = strlen(whole);
	size_t words = text_words(text, strlen(text));
	if (cn < 12 || cn >= kn || words < 3)
		return 0;
	/* after the title, a few words more may be its own end ("... in
	 * Tennessee"); a dateline or standfirst is longer, or cut off */
	size_t tn = strlen(text);
	int cut = strncmp(heading, text, tn) == 0 && heading[tn] == ' ' &&
	    strchr("|-\xe2", heading[tn + 1]);	/* " | ", " - ", " – " */
	int before = 2 * cn >= kn && strncmp(k, whole, cn) == 0 && (cut ||
	    text_words(heading, strlen(heading)) >= words + 3);
	if (!before && strcmp(k + kn - cn, whole) != 0)
		return 0;
	*pick = text;
	return 33;
}

/* Is the head title the heading and the site's name, with a separator
 * the parts do not cut at ("Site: Title", "Title (Site)")? */
static int site_affix(html_ctx *h, const char *k, const char *whole)
{
	size_t kn = strlen(k), wn = strlen(whole);
	if (kn < 8 || kn >= wn)
		return 0;
	char rest[256];
	size_t rn = wn - kn;
	if (rn >= sizeof rest)
		return 0;
	if (strncmp(whole, k, kn) == 0)
		memcpy(rest, whole + kn, rn);
	else if (strcmp(whole + rn, k) == 0)
		memcpy(rest, whole, rn);
	else
		return 0;
	rest[rn] = '\0';
	return is_site_name(h, rest);
}

/* How well one head title (whole, its parts, as given in head) agrees
 * with a heading of key k and text t (rest, of key rk, after a kicker,
 * or NULL): 45 a kicker and the title after it, 40 whole, 33 with an
 * affix, 30 a part or with the site's name around, 25 whole beside a
 * part that names the site, 0 not;
 * *pick is the wording to take. */
static int source_score(html_ctx *h, const char *k, const char *t,
    const char *whole, const tparts *parts, const char *head,
    const char *rest, const char *rk, const char **pick)
{
	int score = 0;
	size_t rn = rk ? strlen(rk) : 0;
	*pick = t;
	/* whole, unless a heading gives a part (the rest may be the
	 * site's name: a reader-only heading) */
	int site_part = 0;
	for (size_t j = 0; j < parts->n && parts->n > 1; j++)
		site_part |= is_site_name(h, parts->key[j]);
	if (strcmp(k, whole) == 0)
		score = site_part ? 25 : 40;
	/* the heading is "Title | Site" as the head gives it: the title */
	if (score == 25 && parts->n == 2)
		*pick = parts->text[is_site_name(h, parts->key[0]) ? 1 : 0];
	for (size_t j = 0; j < parts->n && !score; j++)
		if (parts->n > 1 && strcmp(k, parts->key[j]) == 0)
			score = 30;
	if (!score && parts_run(k, whole, parts))
		score = 30;
	if (!score && site_affix(h, k, whole))
		score = 30;
	/* a kicker, and after it what the source gives (at the end of its
	 * wording, or of a part of it): the kicker is apart in the markup,
	 * so it goes apart, unless the source gives the heading whole,
	 * kicker and all ("Editor's Letter: Title") */
	if (score < 40 && rest && rn && strstr(whole, rk)) {
		int was = score;
		size_t wn = strlen(whole);
		if (wn >= rn && strcmp(whole + wn - rn, rk) == 0)
			score = 45;
		for (size_t j = 0; j < parts->n && score < 45; j++) {
			size_t pn = strlen(parts->key[j]);
			if (pn >= rn && strcmp(parts->key[j] + pn - rn, rk) == 0)
				score = 45;
		}
		if (score > was)
			*pick = rest;
	}
	if (!score)
		score = affix_title(k, t, whole, head, pick);
	return score;
}

/* The title two sources agree on: a heading of the page (h1, h2) whose
 * wording the head's titles (JSON-LD, Open Graph, <title>) give whole,
 * or as one part between separators (the rest is the site's name or a
 * section's); or a head title (or part) that a heading gives after a
 * kicker ("Holocaust-Gedenktag Erinnerung an...") or before a dateline.
 * A heading in the article's element, of level 1, earlier, wins ties.
 * NULL when no two sources agree. */
static const char *agreed_title(html_ctx *h, int h2_too,
    const char **kicker)
{
	tparts parts[HEAD_TITLES];
	char *whole[HEAD_TITLES];
	for (int i = 0; i < HEAD_TITLES; i++) {
		whole[i] = h->head_titles[i] ? title_key(h->head_titles[i]) :
		    NULL;
		parts[i].n = 0;
		if (h->head_titles[i])
			title_parts(h, h->head_titles[i], &parts[i]);
	}
	const hspan *c = h->container;
	const char *best = NULL;
	int best_score = 0;
	size_t seen = 0;
	for (size_t i = 0; i < h->blocks.n && seen < 64; i++) {
		const hblock *b = &h->blocks.v[i];
		if (b->kind != HB_HEADING || b->level > 1 + h2_too ||
		    b->chars > 300 ||
		    (b->flags & (HT_COMMENTS | HT_COMMENT | HT_HIDDEN)))
			continue;
		seen++;
		const char *t = html_plain(h->doc, b->node);
		char *k = title_key(t);
		size_t kn = strlen(k);
		int in = c && i >= c->b0 && i < c->b1;
		/* just over the article's element (a date, a byline between)
		 * beats a level: the first <h1> of a page is often its logo */
		int near = c && i < c->b0 && c->b0 - i <= 3;
		int bonus = 2000 * in + 1000 * near + 500 * (b->level == 1);
		if (kn < 4 || is_site_name(h, k)) {
			g_free(k);
			continue;
		}
		const char *kick = NULL;
		const char *rest = after_kicker(h, b->elem, t, &kick);
		char *rk = rest && text_words(rest, strlen(rest)) >= 3 ?
		    title_key(rest) : NULL;
		for (int s = 0; s < HEAD_TITLES; s++) {
			const char *pick;
			int score = whole[s] ? source_score(h, k, t, whole[s],
			    &parts[s], h->head_titles[s], rest, rk, &pick) : 0;
			/* a card's title is often the headline cut short: it
			 * agrees as given, never as the heading's start */
			if (s >= 3 && score == 33)
				score = 0;
			if (score)
				score = score * 1000 + (int)(kn < 999 ? kn : 999);
			if (score && score + bonus > best_score) {
				best_score = score + bonus;
				best = pick;
				*kicker = pick == rest ? kick : NULL;
			}
		}
		g_free(k);
		g_free(rk);
	}
	for (int i = 0; i < HEAD_TITLES; i++) {
		g_free(whole[i]);
		for (size_t j = 0; j < parts[i].n; j++)
			g_free(parts[i].key[j]);
	}
	return best;
}

/* A date and a clock time at the start of a line ("22. Januar 2020 @
 * 18:13", "2020-02-19 20:29:58 Source"): a dateline, never a headline. */
static int dateline(const char *t)
{
	if (!g_ascii_isdigit(*t))
		return 0;
	for (const char *p = t; *p && p - t < 40; p++)
		if (g_ascii_isdigit(p[0]) && p[1] == ':' &&
		    g_ascii_isdigit(p[2]) && g_ascii_isdigit(p[3]))
			return 1;
	return 0;
}

/* A heading that prints the head's "Title | Site": the title, when its
 * last part names the site; else the heading as it is. */
static const char *without_site(html_ctx *h, const char *t)
{
	tparts tp;
	title_parts(h, t, &tp);
	const char *r = t;
	if (tp.n >= 2 && is_site_name(h, tp.key[tp.n - 1])) {
		/* the parts run in order: the end of the one before last */
		size_t n = 0;
		for (size_t j = 0; j + 1 < tp.n; j++) {
			const char *q = strstr(t + n, tp.text[j]);
			n = q ? (size_t)(q - t) + strlen(tp.text[j]) : n;
		}
		r = arena_strndup(&h->doc->mem, t, n);
	}
	for (size_t j = 0; j < tp.n; j++)
		g_free(tp.key[j]);
	return r;
}

/* A part that is a full date alone ("23.01.2022", "2020/02/19"): a
 * publication stamp, with its year; a day and month alone ("30.11. |
 * Book of the week") may name a column's issue. */
static int date_part(const char *s)
{
	int digits = 0, marks = 0;
	for (const char *p = s; *p; p++) {
		if (g_ascii_isdigit(*p))
			digits++;
		else if (*p == '.' || *p == '/' || *p == '-')
			marks++;
		else if (*p != ' ')
			return 0;
	}
	return digits >= 6 && marks >= 1;
}

/* What a headline never begins with: a date as a part of its own
 * ("23.01.2022 - Title", a CMS's habit), a token of marks alone before
 * a space ("[> Name", "» Name": a menu's or a trail's arrow). */
static const char *trim_title(html_ctx *h, const char *t)
{
	tparts tp;
	title_parts(h, t, &tp);
	if (tp.n >= 2 && date_part(tp.text[0])) {
		const char *q = strstr(t + strlen(tp.text[0]), tp.text[1]);
		if (q && *q)
			t = q;
	}
	for (size_t j = 0; j < tp.n; j++)
		g_free(tp.key[j]);
	const char *p = t;
	while (*p && *p != ' ') {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalnum(c) || strchr("\"'(", *p) ||
		    g_unichar_type(c) == G_UNICODE_INITIAL_PUNCTUATION ||
		    g_unichar_type(c) == G_UNICODE_FINAL_PUNCTUATION ||
		    (c >= 0x3000 && c < 0xA000))	/* CJK marks */
			return t;
		p = g_utf8_next_char(p);
	}
	if (p == t || !*p)
		return t;
	while (*p == ' ')
		p++;
	return *p ? p : t;
}

/* Does a head title give the heading, whole or most of its words? An
 * <h1> no head title speaks of is a teaser's or the site's, and does not
 * keep an <h2> the head gives from being the title. */
static int head_confirms(html_ctx *h, const char *t)
{
	if (html_head_agrees(h, t) >= 1)
		return 1;
	size_t words = text_words(t, strlen(t));
	if (words < 3)	/* a section's name: "Literatur", "News" */
		return 0;
	for (int i = 0; i < HEAD_TITLES; i++)
		if (h->head_titles[i] &&
		    2 * shared_words(t, h->head_titles[i]) >= words)
			return 1;
	return 0;
}

/* Is the heading the page's only <h1>, inside the article's element,
 * and of more words than a section's name ("Willkommen!", "Our team")?
 * Then the markup names it the article's headline. */
static int lone_h1(html_ctx *h, const hblock *pick)
{
	const hspan *c = h->container;
	size_t i = (size_t)(pick - h->blocks.v);
	const char *t = html_plain(h->doc, pick->node);
	if (!c || i < c->b0 || i >= c->b1 || text_words(t, strlen(t)) <= 2)
		return 0;
	int n = 0;
	for (size_t j = 0; j < h->blocks.n; j++)
		n += h->blocks.v[j].kind == HB_HEADING &&
		    h->blocks.v[j].level == 1;
	return n == 1;
}

/* The page's headline: the first <h1> in the article's element, else the
 * last one before it, unless it is the site's name or its logo (a link
 * outside the article). Pages' titles in the head carry a site's name
 * or a teaser's wording; what a reader sees over the article is this. */
void html_title(html_ctx *h, dossier_node *a)
{
	const hspan *c = h->container;
	const hblock *pick = NULL;
	for (size_t i = c ? c->b0 : 0; c && i < c->b1 && !pick; i++) {
		const hblock *b = &h->blocks.v[i];
		if (b->kind == HB_HEADING && b->level == 1)
			pick = b;
	}
	for (size_t i = c ? c->b0 : 0; i-- > 0 && !pick;) {
		const hblock *b = &h->blocks.v[i];
		if (b->kind != HB_HEADING || b->level != 1)
			continue;
		if (b->link_chars * 10 < b->chars * 9)
			pick = b;
		break;
	}
	if (pick && (pick->chars > 300 || (pick->flags & HT_COMMENTS)))
		pick = NULL;
	/* A heading the head's titles agree with; an h2 only when the
	 * article has no h1 of its own (a recipe's or teaser's h2 may
	 * repeat a part of the head's title). */
	const char *kicker = NULL;
	int h2_too = !pick || !head_confirms(h, html_plain(h->doc, pick->node));
	const char *agreed = agreed_title(h, h2_too, &kicker);
	if (agreed) {
		a->as.article.title = trim_title(h, agreed);
		if (kicker && !a->as.article.kicker)
			a->as.article.kicker = kicker;
		return;
	}
	/* No two sources agree: the headline the learned model picks among
	 * the blocks before the article (htmlmodel.c), if it ran, unless
	 * the article's <h1> shares a word with the head's title (then two
	 * sources half agree on it; the model's pick may be a byline). */
	int lone = pick && lone_h1(h, pick);
	if (h->model_title && !(pick && h->meta_title &&
	    shared_words(html_plain(h->doc, pick->node), h->meta_title) >= 1) &&
	    !lone && !dateline(h->model_title)) {
		a->as.article.title = trim_title(h, h->model_title);
		return;
	}
	if (!pick)
		return;
	const char *t = html_plain(h->doc, pick->node);
	if (!*t || (h->site && strcasecmp(t, h->site) == 0))
		return;
	/* A section's name over the article ("Music", "User") shares no
	 * word with the title the head gives: then the head's is better. */
	if (h->meta_title && !lone && text_words(t, strlen(t)) <= 3 &&
	    shared_words(t, h->meta_title) == 0)
		return;
	a->as.article.title = without_site(h, t);
	if (a->as.article.title == t)
		kicker_split(h, a, pick->elem);
	a->as.article.title = trim_title(h, a->as.article.title);
}
