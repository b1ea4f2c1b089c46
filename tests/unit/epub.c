/* epub.c: the EPUB writer on trees built by hand: hostile text (markup,
 * "]]>", javascript: links, control characters), a 10,000-deep reply
 * chain, scripts the body font lacks, a page list from a PDF run, a
 * discussion too long for one file, a machine without the fonts, and the
 * same bytes twice. The container is opened with libzip and every XML file
 * parsed with libxml2, without XML_PARSE_HUGE, as a reader would.
 *
 *   epub              run the checks (files in $TMPDIR, removed)
 *   epub --write DIR  also leave hostile.epub, pages.epub, split.epub and
 *                     fuzz.epub in DIR for epubcheck (tests/suites/epub.sh)
 */
#include "tap.h"

#include "plugin/plugin.h"
#include "book/book.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

static char dir[4096];
static const char *keep_dir;

static void quiet(void *ctx, const char *f, unsigned l, const char *m)
{
	(void)ctx, (void)f, (void)l, (void)m;
}

static dossier_node *add(dossier_doc *doc, dossier_node *parent,
    dossier_node_type type)
{
	dossier_node *n = node_new(doc, type, "t.txt", 1);
	node_append(parent, n);
	return n;
}

/* Text goes in raw, as a careless plugin reader might leave it: the
 * writer must clean it. */
static void text(dossier_doc *doc, dossier_node *parent, const char *s)
{
	node_append(parent, node_text(doc, s, strlen(s), "t.txt", 1));
}

static dossier_node *para(dossier_doc *doc, dossier_node *parent,
    const char *s)
{
	dossier_node *p = add(doc, parent, DOSSIER_NODE_PARAGRAPH);
	text(doc, p, s);
	return p;
}

static dossier_node *add_link(dossier_doc *doc, dossier_node *parent,
    const char *url, const char *s)
{
	dossier_node *l = add(doc, parent, DOSSIER_NODE_LINK);
	l->as.link.url = arena_strdup(&doc->mem, url);
	text(doc, l, s);
	return l;
}

static dossier_node *comment(dossier_doc *doc, dossier_node *parent,
    const char *author, const char *s)
{
	dossier_node *c = add(doc, parent, DOSSIER_NODE_COMMENT);
	c->as.comment.author = author;
	para(doc, c, s);
	return c;
}

static dossier_node *article(dossier_doc *doc, const char *title)
{
	dossier_node *a = add(doc, dossier_doc_root(doc),
	    DOSSIER_NODE_ARTICLE);
	a->as.article.title = title;
	a->as.article.source = "../../etc/passwd";
	return a;
}

static dossier_doc *new_doc(const char *title)
{
	dossier_options o = { .title = title, .diag = quiet };
	return dossier_doc_new(&o);
}

/* The hostile book. */
static dossier_doc *hostile(void)
{
	static char ctl[64];
	for (int i = 1; i < 32; i++)
		ctl[i - 1] = (char)i;
	dossier_options o = { .title = "<script>alert(1)</script> ]]> \x01",
	    .subtitle = "a & b \" ' <i>", .editor = "<b>Ed</b>\x0b",
	    .lang = "en", .diag = quiet };
	dossier_doc *doc = dossier_doc_new(&o);
	dossier_node *a = article(doc, "<script src=x></script>]]>\x02");
	a->as.article.kicker = "<!-- kick -->";
	a->as.article.subtitle = "]]><![CDATA[x]]>";
	a->as.article.byline = "By <img src=x onerror=alert(1)>";
	a->as.article.date = "2015-02-20\x7f";
	a->as.article.lang = "en\" onload=\"x";
	dossier_node *p = para(doc, a, "<script>alert('x')</script> ]]> ");
	text(doc, p, ctl);
	text(doc, p, "\xef\xbf\xbe \xc2\x85 \xed\xa0\x80 bad: \xff\xfe");
	add_link(doc, p, "javascript:alert(1)", "js link");
	add_link(doc, p, "JaVaScRiPt:alert(1)", "js link 2");
	add_link(doc, p, "data:text/html,<script>alert(1)</script>", "data");
	add_link(doc, p, "http://example.com/a b\"<>{}|\\^`\x01#x#y%zz",
	    "odd url");
	add_link(doc, p, "mailto:a@example.com?subject=<hi>", "mail");
	/* URLs whose host or port will not parse, or barely will. */
	static const char *const odd[] = { "http://exa mple.com/",
	    "http://example.com:99999/", "http://[::1]/x", "http://[zz]/",
	    "http://user:pw@example.com/", "http://\xe4\xbe\x8b\xe3\x81\x88.jp/",
	    "https://example.com/%zz", "http:///x", "http://a..b/",
	    "http://example.com:/", "HTTPS://EXAMPLE.COM/A", "http://a_b.com/",
	    "mailto:\"x\"@example.com", "http://example.com/\xff\xfe",
	    "https://B\xc3\xbc" "cher.example:8080/x" };
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
		add_link(doc, p, odd[i], " odd ");
	dossier_node *h = add(doc, a, DOSSIER_NODE_HEADING);
	h->as.heading.level = 3;
	text(doc, h, "Section <one>");
	dossier_node *e = add(doc, para(doc, a, "deep emphasis: "),
	    DOSSIER_NODE_EMPH);
	for (int i = 0; i < 500; i++)	/* 500 nested <em> */
		e = add(doc, e, DOSSIER_NODE_EMPH);
	text(doc, e, "deep");
	dossier_node *q = add(doc, a, DOSSIER_NODE_QUOTE);
	text(doc, q, "a quote");
	dossier_node *l = add(doc, a, DOSSIER_NODE_LIST);
	text(doc, add(doc, l, DOSSIER_NODE_ITEM), "item <1>");
	text(doc, l, "text straight in a list");
	add(doc, add(doc, l, DOSSIER_NODE_PARAGRAPH), DOSSIER_NODE_ITEM);
	text(doc, add(doc, a, DOSSIER_NODE_ITEM), "an item outside a list");
	add(doc, a, DOSSIER_NODE_LIST);	/* empty */
	add(doc, a, DOSSIER_NODE_HEADING);	/* empty */
	dossier_node *cap = add(doc, a, DOSSIER_NODE_CAPTION);
	cap->as.caption.credit = "Photo: <x>";
	text(doc, cap, "caption");
	text(doc, add(doc, a, DOSSIER_NODE_NOTE), "note");
	/* A block inside a paragraph (never made by our reader). */
	para(doc, add(doc, a, DOSSIER_NODE_PARAGRAPH), "nested");

	dossier_node *th = add(doc, a, DOSSIER_NODE_THREAD);
	dossier_node *c = comment(doc, th, "<b>root</b>", "first ]]>");
	c->as.comment.title = "<subject>";
	c->as.comment.date = "yesterday";
	dossier_node *ar = comment(doc, th, "\xd8\xb9\xd9\x84\xd9\x8a",
	    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 "
	    "\xd8\xa8\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9\x84\xd9\x85");
	ar->as.comment.lang = "ar";
	dossier_node *zh = comment(doc, th, "\xe7\x8e\x8b",
	    "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c "
	    "\xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
	zh->as.comment.lang = "zh";
	/* 10,000 replies, each to the one before. */
	for (int i = 0; i < 10000; i++) {
		char *who = arena_printf(&doc->mem, "user%d", i);
		c = comment(doc, c, who, i % 2 ? "yes <script>" : "no ]]>");
	}
	dossier_doc_finish(doc);
	return doc;
}

/* ---- reading the container back ---- */

typedef struct entry {
	char name[256];
	char *data;
	size_t len;
	int stored;
} entry;

static entry *entries;
static size_t nentries;

static void unload(void)
{
	for (size_t i = 0; i < nentries; i++)
		free(entries[i].data);
	free(entries);
	entries = NULL;
	nentries = 0;
}

static int load(const char *path)
{
	unload();
	int zerr;
	zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
	if (!za)
		return -1;
	zip_int64_t n = zip_get_num_entries(za, 0);
	entries = calloc((size_t)n + 1, sizeof *entries);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_index(za, (zip_uint64_t)i, 0, &st);
		entry *e = &entries[nentries++];
		snprintf(e->name, sizeof e->name, "%s", st.name);
		e->stored = st.comp_method == ZIP_CM_STORE;
		e->len = (size_t)st.size;
		e->data = malloc(e->len + 1);
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		if (!zf || zip_fread(zf, e->data, e->len) != (zip_int64_t)e->len)
			e->len = 0;
		e->data[e->len] = '\0';
		if (zf)
			zip_fclose(zf);
	}
	zip_discard(za);
	return 0;
}

static const entry *find(const char *name)
{
	for (size_t i = 0; i < nentries; i++)
		if (strcmp(entries[i].name, name) == 0)
			return &entries[i];
	return NULL;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static int is_xml(const char *name)
{
	size_t n = strlen(name);
	return (n > 6 && strcmp(name + n - 6, ".xhtml") == 0) ||
	    (n > 4 && (strcmp(name + n - 4, ".opf") == 0 ||
	    strcmp(name + n - 4, ".ncx") == 0 ||
	    strcmp(name + n - 4, ".xml") == 0));
}

static int max_depth(xmlNode *root)
{
	int depth = 0, max = 0;
	xmlNode *n = root;
	while (n) {
		if (depth > max)
			max = depth;
		if (n->children) {
			n = n->children;
			depth++;
			continue;
		}
		while (n && !n->next && depth > 0) {
			n = n->parent;
			depth--;
		}
		n = n ? n->next : NULL;
	}
	return max;
}

static int has_class(xmlNode *n, const char *cls)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	int yes = v && strcmp((const char *)v, cls) == 0;
	xmlFree(v);
	return yes;
}

/* Count the comments of an article file by the lists of replies around
 * their names: levels[k] += comments inside k lists (4: more). */
static void reply_levels(const entry *e, size_t levels[5])
{
	xmlDoc *x = xmlReadMemory(e->data, (int)e->len, e->name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x)
		return;
	xmlNode *root = xmlDocGetRootElement(x), *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && has_class(n, "author")) {
			int k = 0;
			for (xmlNode *p = n->parent; p && p->type ==
			    XML_ELEMENT_NODE; p = p->parent)
				if (strcmp((const char *)p->name, "ul") == 0 &&
				    has_class(p, "replies"))
					k++;
			levels[k > 4 ? 4 : k]++;
		}
		if (n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n != root)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
	xmlFreeDoc(x);
}

/* What every EPUB must be, whatever went in. */
static void check_container(void)
{
	CHECK(nentries > 3);
	if (nentries < 3)
		return;
	CHECK_STR(entries[0].name, "mimetype");
	CHECK(entries[0].stored);
	CHECK_MEM(entries[0].data, entries[0].len, "application/epub+zip");
	CHECK(find("META-INF/container.xml"));
	CHECK(find("OEBPS/content.opf"));
	CHECK(find("OEBPS/nav.xhtml"));
	CHECK(find("OEBPS/toc.ncx"));
	for (size_t i = 0; i < nentries; i++) {
		const entry *e = &entries[i];
		/* Names are the writer's, never the input's. */
		for (const char *p = e->name; *p; p++)
			CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    strchr("/.-", *p));
		CHECK(!strstr(e->name, ".."));
		if (!is_xml(e->name))
			continue;
		if (strstr(e->name, ".xhtml"))
			CHECK(e->len < 250 * 1024);
		CHECK(strncmp(e->data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
		    38) == 0);
		for (size_t k = 0; k < e->len; k++) {
			unsigned char c = (unsigned char)e->data[k];
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
				fprintf(stderr, "%s: control character %#x\n",
				    e->name, c);
				CHECK(!"control character");
				break;
			}
		}
		CHECK(!strcasestr(e->data, "<script"));
		CHECK(!strcasestr(e->data, "javascript:"));
		CHECK(!strcasestr(e->data, "href=\"data:"));
		CHECK(!strcasestr(e->data, "<![CDATA["));
		xmlDoc *x = xmlReadMemory(e->data, (int)e->len, e->name, NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!x) {
			fprintf(stderr, "%s: not well-formed XML\n", e->name);
			CHECK(!"well-formed");
			continue;
		}
		CHECK(max_depth(xmlDocGetRootElement(x)) < 24);
		xmlFreeDoc(x);
	}
}

static int render(dossier_doc *doc, const char *name, char *path, size_t cap)
{
	snprintf(path, cap, "%s/%s", keep_dir ? keep_dir : dir, name);
	dossier_error err = { 0 };
	int rc = dossier_render(doc, path, "epub", &err);
	if (rc != 0)
		fprintf(stderr, "render %s: %s\n", name, err.message);
	return rc;
}

static void test_hostile(void)
{
	dossier_doc *doc = hostile();
	char path[4200];
	CHECK(render(doc, "hostile.epub", path, sizeof path) == 0);
	CHECK(load(path) == 0);
	check_container();
	const entry *a = find("OEBPS/a0001.xhtml");
	const entry *opf = find("OEBPS/content.opf");
	CHECK(a && opf);
	if (!a || !opf)
		goto out;
	/* The reply chain: each reply inside the comment it answers, three
	 * levels deep at most, then named. */
	size_t files = 0, replyto = 0, nested[5] = { 0 };
	buf all = { 0 };
	for (size_t i = 0; i < nentries; i++) {
		if (strncmp(entries[i].name, "OEBPS/a0001", 11) != 0)
			continue;
		files++;
		replyto += count(entries[i].data, "reply to user");
		reply_levels(&entries[i], nested);
		buf_put(&all, entries[i].data, entries[i].len);
	}
	buf_cstr(&all);
	CHECK(files > 1);	/* 10,000 comments do not fit in one */
	CHECK(replyto == 9997);
	/* root, ar, zh; user0; user1; user2 to user9999 */
	CHECK(nested[0] == 3 && nested[1] == 1 && nested[2] == 1);
	CHECK(nested[3] == 9998 && nested[4] == 0);
	CHECK(strstr(a->data, "reply to &lt;b&gt;root&lt;/b&gt;") == NULL);
	CHECK(strstr(a->data, "&lt;script&gt;alert('x')&lt;/script&gt; ]]&gt;"));
	CHECK(strstr(a->data, "href=\"http://example.com/a%20b%22%3C%3E%7B%7D%7C%5C%5E%60%01#x%23y%25zz\""));
	CHECK(strstr(a->data, "href=\"mailto:a@example.com?subject=%3Chi%3E\""));
	/* International names in punycode (RFC 3492's own examples). */
	CHECK(strstr(a->data, "href=\"http://xn--r8jz45g.jp/\""));
	CHECK(strstr(a->data, "href=\"https://xn--bcher-kva.example:8080/x\""));
	CHECK(strstr(a->data, "href=\"http://[::1]/x\""));
	CHECK(!strstr(a->data, "a..b"));
	CHECK(!strstr(a->data, "exa%20mple"));
	CHECK(strstr(a->data, "js link"));	/* its text stays */
	CHECK(!strstr(a->data, "text straight in a list"));
	CHECK(strstr(a->data, "<p>an item outside a list</p>"));
	CHECK(count(a->data, "<em>") == 8);
	/* Scripts the body font lacks, in the fallback fonts. */
	CHECK(strstr(all.data, "lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""));
	CHECK(strstr(all.data, "lang=\"zh\""));
	CHECK(strstr(all.data, "class=\"fb-arabic\""));
	CHECK(strstr(all.data, "class=\"fb-cjk\""));
	/* Emoji are images of the colour font, which is not embedded. */
	CHECK(strstr(all.data, "<img class=\"emoji\" src=\"emoji-1.png\""));
	CHECK(!strstr(all.data, "class=\"fb-emoji\""));
	CHECK(find("OEBPS/fonts/NotoNaskhArabic-Regular.ttf"));
	CHECK(find("OEBPS/fonts/NotoSansCJKsc-Regular.otf"));
	CHECK(find("OEBPS/emoji-1.png"));
	CHECK(!find("OEBPS/fonts/NotoColorEmoji.ttf"));
	/* A bad language tag is not copied. */
	CHECK(!strstr(a->data, "onload"));
	CHECK(strstr(a->data, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	    "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\""));
	CHECK(strstr(opf->data, "<dc:language>en</dc:language>"));
	CHECK(strstr(opf->data, "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;"));
	CHECK(!strstr(opf->data, "page-list"));
	CHECK(find("OEBPS/cover.png"));
	buf_free(&all);
out:
	unload();
	dossier_doc_free(doc);
}

/* A book with a page map made by hand (pagemap_*: what the PDF's first
 * pass notes), asked for as dossier_doc_pagemap does, or not at all. */
static dossier_doc *paged(int with_pages)
{
	dossier_doc *doc = new_doc("Paged");
	dossier_pagemap *m = pagemap_new(3);
	m->front = 2;	/* a 2-page front matter */
	for (int k = 0; k < 3; k++) {
		dossier_node *a = article(doc, k == 0 ? "One" : k == 1 ? "Two" :
		    "Three");
		m->art_start[k] = 3 + 4 * (unsigned)k;
		m->art_pages[k] = 4;
		pagemap_note(m, (size_t)k, a, 1);
		for (int i = 0; i < 6; i++) {
			dossier_node *p = para(doc, a, "text");
			pagemap_note(m, (size_t)k, p, 1 + (unsigned)i / 2);
		}
		dossier_node *th = add(doc, a, DOSSIER_NODE_THREAD);
		dossier_node *c = comment(doc, th, "A", "comment");
		pagemap_note(m, (size_t)k, c, 4);
		pagemap_note(m, (size_t)k, c->first, 4);
	}
	dossier_doc_finish(doc);
	pagemap_finish(m);
	CHECK(dossier_pagemap_pages(m) == 14);
	book *b = book_of(doc);
	b->pagemap = m;
	b->page_list = with_pages;
	return doc;
}

static void test_pages(void)
{
	dossier_doc *doc = paged(1);
	char path[4200];
	CHECK(render(doc, "pages.epub", path, sizeof path) == 0);
	CHECK(load(path) == 0);
	check_container();
	const entry *nav = find("OEBPS/nav.xhtml");
	const entry *opf = find("OEBPS/content.opf");
	const entry *ncx = find("OEBPS/toc.ncx");
	const entry *a2 = find("OEBPS/a0002.xhtml");
	CHECK(nav && opf && ncx && a2);
	if (nav && opf && ncx && a2) {
		CHECK(strstr(nav->data, "epub:type=\"page-list\""));
		/* Physical pages 3..14: printed 1..12. */
		CHECK(count(nav->data, "#page-") == 12);
		CHECK(strstr(nav->data, "<a href=\"a0001.xhtml#page-3\">1</a>"));
		CHECK(!strstr(nav->data, "#page-2\""));
		CHECK(strstr(a2->data, "<span epub:type=\"pagebreak\" "
		    "role=\"doc-pagebreak\" id=\"page-7\" aria-label=\"5\"></span>"));
		CHECK(strstr(ncx->data, "<pageList>"));
		CHECK(strstr(opf->data, "property=\"source-of\">pagination<"));
		CHECK(strstr(opf->data, "printPageNumbers"));
	}
	unload();
	dossier_doc_free(doc);

	doc = paged(0);
	CHECK(render(doc, "nopages.epub", path, sizeof path) == 0);
	CHECK(load(path) == 0);
	nav = find("OEBPS/nav.xhtml");
	CHECK(nav && !strstr(nav->data, "page-list"));
	CHECK(nav && !strstr(nav->data, "pagebreak"));
	unload();
	dossier_doc_free(doc);
}

static void test_split(void)
{
	dossier_doc *doc = new_doc("Split");
	dossier_node *a = article(doc, "Long");
	static char big[900];
	memset(big, 'x', sizeof big - 1);
	for (int i = 0; i < 200; i++)
		para(doc, a, big);
	dossier_node *th = add(doc, a, DOSSIER_NODE_THREAD);
	for (int i = 0; i < 3000; i++)
		comment(doc, i % 3 ? th->last : th, "Reader", big);
	dossier_doc_finish(doc);
	char path[4200];
	CHECK(render(doc, "split.epub", path, sizeof path) == 0);
	CHECK(load(path) == 0);
	check_container();
	size_t parts = 0, comments = 0;
	for (size_t i = 0; i < nentries; i++)
		if (strncmp(entries[i].name, "OEBPS/a0001", 11) == 0) {
			parts++;
			comments += count(entries[i].data, "class=\"author\"");
		}
	CHECK(parts >= 12);	/* 2.9 MB of text in files under 250 KB */
	CHECK(comments == 3000);
	const entry *nav = find("OEBPS/nav.xhtml");
	CHECK(nav && count(nav->data, "Discussion (3000 comments)") == 1);
	unload();
	dossier_doc_free(doc);
}

/* Random trees that break every rule of the tree's shape: the XHTML must
 * stay valid anyway (epubcheck reads fuzz.epub in tests/suites/epub.sh). */
static unsigned long rnd_state = 1;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33) % n;
}

static void fuzz_children(dossier_doc *doc, dossier_node *parent, int depth)
{
	static const char *const texts[] = { "plain ", "<b>&amp;</b> ",
	    "]]> ", "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a ",
	    "\xe4\xb8\xad\xe6\x96\x87 ", "\xf0\x9f\x98\x80 ", "\x01\x1f ",
	    "" };
	static const char *const urls[] = { "http://example.com/", "javascript:x",
	    "mailto:x@example.com", "https://a b/<c>", NULL, "ftp://x/" };
	static const char *const langs[] = { NULL, "en", "de", "ar", "zh",
	    "x y", "" };
	unsigned n = depth > 4 ? 0 : rnd(6);
	for (unsigned i = 0; i < n; i++) {
		dossier_node_type type = (dossier_node_type)(DOSSIER_NODE_ARTICLE +
		    rnd(DOSSIER_NODE__MAX - DOSSIER_NODE_ARTICLE));
		if (type == DOSSIER_NODE_TEXT) {
			text(doc, parent, texts[rnd(sizeof texts / sizeof *texts)]);
			continue;
		}
		dossier_node *c = add(doc, parent, type);
		switch (type) {
		case DOSSIER_NODE_ARTICLE:
			c->as.article.title = "nested article";
			break;
		case DOSSIER_NODE_HEADING:
			c->as.heading.level = (int)rnd(5) - 1;
			break;
		case DOSSIER_NODE_LIST:
			c->as.list.ordered = (int)rnd(2);
			break;
		case DOSSIER_NODE_CAPTION:
			c->as.caption.credit = rnd(2) ? "Photo: <x>" : NULL;
			break;
		case DOSSIER_NODE_COMMENT:
			c->as.comment.author = rnd(3) ? "Author <a>" : NULL;
			c->as.comment.date = rnd(2) ? "today" : NULL;
			c->as.comment.title = rnd(2) ? "Re: ]]>" : NULL;
			c->as.comment.lang = langs[rnd(sizeof langs / sizeof *langs)];
			break;
		case DOSSIER_NODE_LINK:
			c->as.link.url = urls[rnd(sizeof urls / sizeof *urls)];
			break;
		default:
			break;
		}
		fuzz_children(doc, c, depth + 1);
	}
}

static void test_fuzz(void)
{
	/* $EPUB_FUZZ_SEED tries other trees. */
	const char *seed = getenv("EPUB_FUZZ_SEED");
	rnd_state = seed ? strtoul(seed, NULL, 10) : 1;
	dossier_doc *doc = new_doc("Fuzz");
	for (int i = 0; i < 300; i++) {
		dossier_node *a = article(doc, "Fuzzed");
		a->as.article.lang = i % 7 ? NULL : "ar";
		fuzz_children(doc, a, 0);
		if (rnd(2)) {
			dossier_node *th = add(doc, a, DOSSIER_NODE_THREAD);
			fuzz_children(doc, th, 1);
		}
	}
	dossier_doc_finish(doc);
	char path[4200];
	CHECK(render(doc, "fuzz.epub", path, sizeof path) == 0);
	CHECK(load(path) == 0);
	check_container();
	unload();
	dossier_doc_free(doc);
}

/* The same tree, rendered twice: the same bytes. */
static void test_deterministic(void)
{
	char p1[4200], p2[4200];
	dossier_doc *doc = paged(1);
	CHECK(render(doc, "same1.epub", p1, sizeof p1) == 0);
	CHECK(render(doc, "same2.epub", p2, sizeof p2) == 0);
	dossier_doc_free(doc);
	FILE *a = fopen(p1, "rb"), *b = fopen(p2, "rb");
	CHECK(a && b);
	if (a && b) {
		int ca, cb;
		do {
			ca = getc(a);
			cb = getc(b);
		} while (ca == cb && ca != EOF);
		CHECK(ca == cb);
	}
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	CHECK(load(p1) == 0);
	const entry *opf = find("OEBPS/content.opf");
	CHECK(opf && strstr(opf->data, "<meta property=\"dcterms:modified\">"
	    "2015-02-20T12:00:00Z</meta>"));
	unload();
}

/* No fonts/ (a checkout before `make fonts`): still a valid book, in the
 * reader's fonts, without a cover. */
static void test_no_fonts(void)
{
	char data[4200], css[4300], cmd[9000];
	snprintf(data, sizeof data, "%s/nofonts", dir);
	snprintf(css, sizeof css, "%s/styles", data);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/styles/default.css' "
	    "'%s/'", css, install_data_dir(), css);
	CHECK(system(cmd) == 0);
	dossier_options o = { .title = "No fonts", .data_dir = data,
	    .diag = quiet };
	dossier_doc *doc = dossier_doc_new(&o);
	para(doc, article(doc, "One"), "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7");
	dossier_doc_finish(doc);
	char path[4200];
	CHECK(render(doc, "nofonts.epub", path, sizeof path) == 0);
	CHECK(dossier_doc_warnings(doc) > 0);
	dossier_doc_free(doc);
	CHECK(load(path) == 0);
	check_container();
	CHECK(!find("OEBPS/cover.png"));
	CHECK(!find("OEBPS/cover.xhtml"));
	const entry *opf = find("OEBPS/content.opf");
	CHECK(opf && !strstr(opf->data, "cover"));
	unload();
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		keep_dir = argv[2];
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/epub-unit.XXXXXX", tmp && *tmp ? tmp :
	    "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	setenv("SOURCE_DATE_EPOCH", "1424433600", 1);	/* 2015-02-20 12:00 */
	RUN(test_hostile, "epub: hostile input is escaped, dropped or refused");
	RUN(test_pages, "epub: page list from the PDF's pages, none without");
	RUN(test_split, "epub: a long discussion is split under 250 KB");
	RUN(test_deterministic, "epub: the same tree gives the same bytes");
	RUN(test_no_fonts, "epub: without fonts/ still a valid book");
	RUN(test_fuzz, "epub: random trees of any shape give well-formed XML");
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	xmlCleanupParser();
	TAP_EXIT();
}
