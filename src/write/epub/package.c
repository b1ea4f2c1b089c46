/* package.c: the files that tie the book together: the contents page
 * and the EPUB 3 navigation document, the cover page, the EPUB
 * 2 NCX for old readers, the package document and META-INF/container.xml.
 * Their names are fixed here, never taken from the input. */
#include "epub.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static void nl(xw *x)
{
	xw_raw(x, "\n");
}

static void link_li(xw *x, const char *href, const char *text,
    const char *type)
{
	xw_start(x, "li");
	xw_start(x, "a");
	if (type)
		xw_attr(x, "epub:type", type);
	xw_attr(x, "href", href);
	xw_texts(x, text);
	xw_end(x);
	xw_end(x);
	nl(x);
}

/* The contents as a nested list: every article with its sections one
 * level down. */
static void toc_list(xw *x, const epub *e)
{
	xw_start(x, "ol");
	nl(x);
	for (size_t i = 0; i < e->nnav; i++) {
		const epub_nav *n = &e->nav[i];
		xw_start(x, "li");
		xw_start(x, "a");
		xw_attr(x, "href", n->href);
		xw_texts(x, n->label);
		xw_end(x);
		int kids = i + 1 < e->nnav && e->nav[i + 1].level > n->level;
		if (kids) {
			nl(x);
			xw_start(x, "ol");
			nl(x);
			continue;	/* the <li> closes after its sections */
		}
		xw_end(x);
		nl(x);
		if (n->level == 2 && (i + 1 == e->nnav ||
		    e->nav[i + 1].level == 1)) {
			xw_end(x);	/* ol */
			xw_end(x);	/* li */
			nl(x);
		}
	}
	xw_end(x);	/* ol */
	nl(x);
}

static void toc_nav(xw *x, const epub *e, const char *type)
{
	xw_start(x, "nav");
	if (type)
		xw_attr(x, "epub:type", type);
	xw_attr(x, "role", "doc-toc");
	xw_attr(x, "id", "toc");
	xw_attr(x, "class", "toc");
	xw_attr(x, "aria-labelledby", "toc-title");
	nl(x);
	xw_start(x, "h2");
	xw_attr(x, "id", "toc-title");
	xw_texts(x, e->w->contents);
	xw_end(x);
	nl(x);
	toc_list(x, e);
	xw_end(x);	/* nav */
	nl(x);
}

/* The title page: the title, the subtitle, the editor and the
 * dossier's description. */
static void title_section(xw *x, const epub *e, const char *title)
{
	const dossier_node *r = e->root;
	xw_start(x, "section");
	xw_attr(x, "class", "titlepage");
	xw_attr(x, "epub:type", "titlepage");
	xw_attr(x, "aria-labelledby", "book-title");
	nl(x);
	xw_start(x, "h1");
	xw_attr(x, "class", "title");
	xw_attr(x, "id", "book-title");
	xw_texts(x, title);
	xw_end(x);
	nl(x);
	if (e->subtitle && *e->subtitle) {
		xw_elem(x, "p", "dek", e->subtitle);
		nl(x);
	}
	if (r->as.dossier.editor && *r->as.dossier.editor) {
		xw_start(x, "p");
		xw_attr(x, "class", "byline");
		xw_texts(x, e->w->edited_by);
		xw_texts(x, " ");
		xw_texts(x, r->as.dossier.editor);
		xw_end(x);
		nl(x);
	}
	if (r->as.dossier.description && *r->as.dossier.description) {
		xw_elem(x, "p", "first", r->as.dossier.description);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

/* A hidden <nav> of the navigation document, its heading and its list
 * open; the caller adds the items and closes both. */
static void hidden_nav_begin(xw *x, const char *type, const char *heading)
{
	xw_start(x, "nav");
	xw_attr(x, "epub:type", type);
	xw_attr(x, "id", type);
	xw_attrf(x, "aria-labelledby", "%s-title", type);
	xw_attr(x, "hidden", "hidden");
	nl(x);
	xw_start(x, "h2");
	xw_attrf(x, "id", "%s-title", type);
	xw_texts(x, heading);
	xw_end(x);
	xw_start(x, "ol");
	nl(x);
}

static void hidden_nav_end(xw *x)
{
	xw_end(x);	/* ol */
	xw_end(x);	/* nav */
	nl(x);
}

static void nav_landmarks(xw *x, const epub *e, int has_cover)
{
	hidden_nav_begin(x, "landmarks", e->w->landmarks);
	if (has_cover)
		link_li(x, "cover.xhtml", e->w->cover, "cover");
	link_li(x, "contents.xhtml#toc", e->w->contents, "toc");
	if (e->nnav)
		link_li(x, e->nav[0].href, e->w->start, "bodymatter");
	hidden_nav_end(x);
}

/* The PDF's pages, by their printed label (roman in the front matter). */
static void nav_page_list(xw *x, const epub *e)
{
	hidden_nav_begin(x, "page-list", e->w->pages);
	for (size_t i = 0; i < e->npages; i++) {
		unsigned p = e->pages[i].page;
		const char *label = dossier_pagemap_label(e->pagemap, p);
		char num[16];
		snprintf(num, sizeof num, "%u", p);
		link_li(x, e->pages[i].href, label && *label ? label : num,
		    NULL);
	}
	hidden_nav_end(x);
}

/* Two files. The visible contents page, contents.xhtml, in the spine:
 * the title page, then the contents. The EPUB 3 navigation document,
 * nav.xhtml, outside the spine: the same contents for the reading
 * system's menu, the landmarks and the page list. Readers that turn the
 * spine into text (pandoc's EPUB reader, calibre) then never show the
 * landmarks or a list of page numbers as if they were the book's text. */
void epub_contents_page(epub *e, int has_cover)
{
	const char *title = xw_book_title(e);
	xw x;
	size_t len;
	xw_open(&x, e);
	xw_xhtml_begin(&x, title, e->lang, NULL);
	title_section(&x, e, title);
	toc_nav(&x, e, NULL);
	char *data = xw_close(&x, &len);
	epub_add_file(e, "contents.xhtml", data, len, 0);

	xw_open(&x, e);
	x.emoji_text = 1;	/* the reading system's menu shows text */
	xw_xhtml_begin(&x, title, e->lang, NULL);
	toc_nav(&x, e, "toc");
	nav_landmarks(&x, e, has_cover);
	if (e->npages)
		nav_page_list(&x, e);
	data = xw_close(&x, &len);
	epub_add_file(e, "nav.xhtml", data, len, 0);
}

void epub_cover_page(epub *e)
{
	const char *title = xw_book_title(e);
	xw x;
	xw_open(&x, e);
	xw_xhtml_begin(&x, e->w->cover, e->lang, "cover");
	xw_start(&x, "section");
	xw_attr(&x, "epub:type", "cover");
	xw_attr(&x, "class", "cover");
	xw_attr(&x, "aria-label", e->w->cover);
	xw_start(&x, "div");
	xw_attr(&x, "class", "cover");
	xw_start(&x, "img");
	xw_attr(&x, "class", "cover");
	xw_attr(&x, "role", "doc-cover");
	xw_attr(&x, "src", "cover.png");
	buf alt = { 0 };
	buf_printf(&alt, "%s: %s", e->w->cover, title);
	if (e->subtitle && *e->subtitle)
		buf_printf(&alt, ", %s", e->subtitle);
	xw_attr(&x, "alt", buf_cstr(&alt));
	buf_free(&alt);
	xw_end_void(&x);
	xw_end(&x);
	xw_end(&x);
	nl(&x);
	size_t len;
	char *data = xw_close(&x, &len);
	epub_add_file(e, "cover.xhtml", data, len, 0);
}

/* A name-based UUID (RFC 4122 version 5 layout) from a SHA-256 of the
 * book's metadata and of the name, length and CRC-32 of every page (the
 * CRCs come free with deflate; hashing 10 MB again would cost 40 ms): the
 * same dossier keeps its identifier from build to build, so a reader
 * updates it in place instead of adding a copy; a changed one gets a new
 * identifier. Call when the pages are compressed. */
void epub_identifier(epub *e)
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	const dossier_node *r = e->root;
	const char *meta[] = { r->as.dossier.title, e->subtitle,
	    r->as.dossier.editor, e->lang };
	for (size_t i = 0; i < sizeof meta / sizeof *meta; i++) {
		const char *s = meta[i] ? meta[i] : "";
		g_checksum_update(ck, (const guchar *)s, (gssize)strlen(s) + 1);
	}
	for (size_t i = 0; i < e->nfiles; i++) {
		const epub_file *f = e->files[i];
		size_t n = strlen(f->name);
		if (n > 6 && strcmp(f->name + n - 6, ".xhtml") == 0) {
			g_checksum_update(ck, (const guchar *)f->name,
			    (gssize)n + 1);
			unsigned char v[12];
			for (int k = 0; k < 8; k++)
				v[k] = (unsigned char)((uint64_t)f->len >> (8 * k));
			for (int k = 0; k < 4; k++)
				v[8 + k] = (unsigned char)(f->crc >> (8 * k));
			g_checksum_update(ck, v, sizeof v);
		}
	}
	guint8 d[32];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	g_checksum_free(ck);
	d[6] = (guint8)((d[6] & 0x0F) | 0x50);
	d[8] = (guint8)((d[8] & 0x3F) | 0x80);
	snprintf(e->uid, sizeof e->uid,
	    "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2], d[3], d[4], d[5],
	    d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

/* An NCX label: <navLabel><text>S</text></navLabel>. */
static void ncx_label(xw *x, epub *e, const char *s)
{
	xw_start(x, "navLabel");
	xw_start(x, "text");
	xmlTextWriterWriteString(x->w, BAD_CAST xw_clean(e, s, strlen(s)));
	xw_end(x);
	xw_end(x);
}

/* The head's four metadata: the book's identifier, the depth of the
 * contents and (twice) the number of the last page. */
static void ncx_head(xw *x, const epub *e)
{
	xw_start(x, "head");
	nl(x);
	int depth = 1;
	for (size_t i = 0; i < e->nnav; i++)
		if (e->nav[i].level > depth)
			depth = e->nav[i].level;
	char num[32];
	const char *meta[][2] = {
		{ "dtb:uid", e->uid },
		{ "dtb:depth", NULL },
		{ "dtb:totalPageCount", NULL },
		{ "dtb:maxPageNumber", NULL },
	};
	for (size_t i = 0; i < 4; i++) {
		xw_start(x, "meta");
		xw_attr(x, "name", meta[i][0]);
		if (i == 1)
			snprintf(num, sizeof num, "%d", depth);
		else if (i > 1)
			snprintf(num, sizeof num, "%zu", e->npages ?
			    (size_t)e->pages[e->npages - 1].page : 0);
		xw_attr(x, "content", i == 0 ? meta[i][1] : num);
		xw_end_void(x);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

/* The contents as nested navPoints (sections inside their article),
 * numbered on from *ORDER. */
static void ncx_nav_map(xw *x, epub *e, unsigned *order)
{
	xw_start(x, "navMap");
	nl(x);
	for (size_t i = 0; i < e->nnav; i++) {
		const epub_nav *n = &e->nav[i];
		xw_start(x, "navPoint");
		xw_attrf(x, "id", "nav%zu", i + 1);
		xw_attrf(x, "playOrder", "%u", ++*order);
		ncx_label(x, e, n->label);
		xw_start(x, "content");
		xw_attr(x, "src", n->href);
		xw_end_void(x);
		int kids = i + 1 < e->nnav && e->nav[i + 1].level > n->level;
		if (kids)
			continue;
		xw_end(x);
		nl(x);
		if (n->level == 2 && (i + 1 == e->nnav ||
		    e->nav[i + 1].level == 1)) {
			xw_end(x);
			nl(x);
		}
	}
	xw_end(x);
	nl(x);
}

static void ncx_page_list(xw *x, epub *e, unsigned order)
{
	xw_start(x, "pageList");
	nl(x);
	for (size_t i = 0; i < e->npages; i++) {
		unsigned p = e->pages[i].page;
		const char *label = dossier_pagemap_label(e->pagemap, p);
		char num[16];
		snprintf(num, sizeof num, "%u", p);
		xw_start(x, "pageTarget");
		xw_attrf(x, "id", "pt%u", p);
		xw_attr(x, "type", "normal");
		xw_attr(x, "value", num);
		xw_attrf(x, "playOrder", "%u", ++order);
		ncx_label(x, e, label && *label ? label : num);
		xw_start(x, "content");
		xw_attr(x, "src", e->pages[i].href);
		xw_end_void(x);
		xw_end(x);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

void epub_ncx(epub *e)
{
	xw x;
	xw_open(&x, e);
	xw_start(&x, "ncx");
	xw_attr(&x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
	xw_attr(&x, "version", "2005-1");
	xw_attr(&x, "xml:lang", e->lang);
	nl(&x);
	ncx_head(&x, e);
	xw_start(&x, "docTitle");
	const char *title = xw_book_title(e);
	xw_start(&x, "text");
	xmlTextWriterWriteString(x.w, BAD_CAST xw_clean(e, title,
	    strlen(title)));
	xw_end(&x);
	xw_end(&x);
	nl(&x);
	unsigned order = 0;
	ncx_nav_map(&x, e, &order);
	if (e->npages)
		ncx_page_list(&x, e, order);
	size_t len;
	char *data = xw_close(&x, &len);
	epub_add_file(e, "toc.ncx", data, len, 0);
}

static void meta_prop(xw *x, const char *prop, const char *value)
{
	xw_start(x, "meta");
	xw_attr(x, "property", prop);
	xmlTextWriterWriteString(x->w, BAD_CAST xw_clean(x->e, value,
	    strlen(value)));
	xw_end(x);
	nl(x);
}

static void dc(xw *x, const char *el, const char *id, const char *value)
{
	xw_start(x, el);
	if (id)
		xw_attr(x, "id", id);
	xmlTextWriterWriteString(x->w, BAD_CAST xw_clean(x->e, value,
	    strlen(value)));
	xw_end(x);
	nl(x);
}

static int is_date(const char *s)
{
	static const char *const shapes[] = { "dddd", "dddd-dd",
	    "dddd-dd-dd", NULL };
	for (int i = 0; shapes[i]; i++) {
		const char *p = shapes[i], *q = s;
		while (*p && *q && (*p == 'd' ? (*q >= '0' && *q <= '9') :
		    *q == *p))
			p++, q++;
		if (!*p && !*q)
			return 1;
	}
	return 0;
}

static const char *media_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".xhtml") == 0)
		return "application/xhtml+xml";
	if (strcmp(dot, ".css") == 0)
		return "text/css";
	if (strcmp(dot, ".png") == 0)
		return "image/png";
	if (strcmp(dot, ".ncx") == 0)
		return "application/x-dtbncx+xml";
	if (strcmp(dot, ".ttf") == 0)
		return "font/ttf";
	if (strcmp(dot, ".otf") == 0)
		return "font/otf";
	return "application/octet-stream";
}

static void manifest_id(const epub_file *f, char *id, size_t n)
{
	const char *s = f->name;
	if (strcmp(s, "nav.xhtml") == 0)
		s = "nav";
	else if (strcmp(s, "toc.ncx") == 0)
		s = "ncx";
	else if (strcmp(s, "cover.png") == 0)
		s = "cover-image";
	else if (strcmp(s, "cover.xhtml") == 0)
		s = "cover";
	else if (strcmp(s, "style.css") == 0)
		s = "css";
	/* The rest: the name without its extension and folder, which the
	 * writer made up and which starts with a letter. */
	const char *slash = strrchr(s, '/');
	if (slash)
		s = slash + 1;
	size_t k = strcspn(s, ".");
	snprintf(id, n, "%.*s", (int)k, s);
}

/* The editor, with the MARC relator that says so. */
static void opf_editor(xw *x, const char *editor)
{
	if (!editor || !*editor)
		return;
	dc(x, "dc:creator", "editor", editor);
	xw_start(x, "meta");
	xw_attr(x, "refines", "#editor");
	xw_attr(x, "property", "role");
	xw_attr(x, "scheme", "marc:relators");
	xw_raw(x, "edt");
	xw_end(x);
	nl(x);
}

static void opf_date(xw *x, const epub *e)
{
	const dossier_node *r = e->root;
	/* The dossier's own date when it is one epubcheck accepts (YYYY,
	 * YYYY-MM, YYYY-MM-DD), else the date of the inputs. */
	char date[16];
	const char *d = r->as.dossier.date;
	if (d && is_date(d))
		snprintf(date, sizeof date, "%s", d);
	else
		snprintf(date, sizeof date, "%.10s", e->modified);
	dc(x, "dc:date", NULL, date);
}

static void opf_pagination_source(xw *x, const epub *e)
{
	/* The page list follows the PDF of this same build. */
	buf src = { 0 };
	buf_printf(&src, "%s (PDF edition)", e->uid);
	dc(x, "dc:source", "pagination-source", buf_cstr(&src));
	buf_free(&src);
	xw_start(x, "meta");
	xw_attr(x, "refines", "#pagination-source");
	xw_attr(x, "property", "source-of");
	xw_raw(x, "pagination");
	xw_end(x);
	nl(x);
}

static void opf_accessibility(xw *x, const epub *e, int has_cover)
{
	/* EPUB Accessibility 1.1: how the book can be read. */
	meta_prop(x, "schema:accessMode", "textual");
	if (has_cover)
		meta_prop(x, "schema:accessMode", "visual");
	meta_prop(x, "schema:accessModeSufficient", "textual");
	meta_prop(x, "schema:accessibilityFeature", "structuralNavigation");
	meta_prop(x, "schema:accessibilityFeature", "tableOfContents");
	meta_prop(x, "schema:accessibilityFeature", "readingOrder");
	meta_prop(x, "schema:accessibilityFeature", "displayTransformability");
	if (has_cover)
		meta_prop(x, "schema:accessibilityFeature", "alternativeText");
	if (e->npages)
		meta_prop(x, "schema:accessibilityFeature", "printPageNumbers");
	meta_prop(x, "schema:accessibilityHazard", "none");
	meta_prop(x, "schema:accessibilitySummary", has_cover ?
	    "Text-only publication: each article is followed by its reader "
	    "comments, in reading order, with headings for every article and "
	    "section and a table of contents. Replies are marked by "
	    "indentation and, past three levels, by the name of the comment "
	    "they answer. The cover image has a text alternative. No "
	    "hazards." :
	    "Text-only publication: each article is followed by its reader "
	    "comments, in reading order, with headings for every article and "
	    "section and a table of contents. Replies are marked by "
	    "indentation and, past three levels, by the name of the comment "
	    "they answer. No hazards.");
}

static void opf_metadata(xw *x, epub *e, int has_cover)
{
	const dossier_node *r = e->root;
	xw_start(x, "metadata");
	xw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	nl(x);
	dc(x, "dc:identifier", "uid", e->uid);
	dc(x, "dc:title", "title", xw_book_title(e));
	dc(x, "dc:language", NULL, e->lang);
	opf_editor(x, r->as.dossier.editor);
	const char *desc = r->as.dossier.description;
	if (!desc || !*desc)
		desc = e->subtitle;
	if (desc && *desc)
		dc(x, "dc:description", NULL, desc);
	opf_date(x, e);
	meta_prop(x, "dcterms:modified", e->modified);
	if (e->npages)
		opf_pagination_source(x, e);
	if (has_cover) {
		xw_start(x, "meta");
		xw_attr(x, "name", "cover");
		xw_attr(x, "content", "cover-image");
		xw_end_void(x);
		nl(x);
	}
	opf_accessibility(x, e, has_cover);
	xw_end(x);	/* metadata */
	nl(x);
}

/* Every file but the container's own. */
static void opf_manifest(xw *x, const epub *e)
{
	xw_start(x, "manifest");
	nl(x);
	for (size_t i = 0; i < e->nfiles; i++) {
		const epub_file *f = e->files[i];
		if (strcmp(f->name, "mimetype") == 0 ||
		    strncmp(f->name, "META-INF/", 9) == 0)
			continue;
		char id[64];
		manifest_id(f, id, sizeof id);
		xw_start(x, "item");
		xw_attr(x, "id", id);
		xw_attr(x, "href", f->name);
		xw_attr(x, "media-type", media_type(f->name));
		if (strcmp(f->name, "nav.xhtml") == 0)
			xw_attr(x, "properties", "nav");
		else if (strcmp(f->name, "cover.png") == 0)
			xw_attr(x, "properties", "cover-image");
		xw_end_void(x);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

static void opf_spine(xw *x, const epub *e)
{
	xw_start(x, "spine");
	xw_attr(x, "toc", "ncx");
	if (xw_is_rtl(e->lang))
		xw_attr(x, "page-progression-direction", "rtl");
	nl(x);
	for (size_t i = 0; i < e->nspine; i++) {
		xw_start(x, "itemref");
		xw_attr(x, "idref", e->spine[i].id);
		xw_end_void(x);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

static void opf_guide(xw *x, const epub *e, int has_cover)
{
	/* EPUB 2's guide: Kindle still looks here for the cover. */
	xw_start(x, "guide");
	nl(x);
	const char *guide[][3] = {
		{ "cover", e->w->cover, "cover.xhtml" },
		{ "toc", e->w->contents, "contents.xhtml" },
		{ "text", e->w->start, e->nnav ? e->nav[0].href :
		    "contents.xhtml" },
	};
	for (int i = has_cover ? 0 : 1; i < 3; i++) {
		xw_start(x, "reference");
		xw_attr(x, "type", guide[i][0]);
		xw_attr(x, "title", guide[i][1]);
		xw_attr(x, "href", guide[i][2]);
		xw_end_void(x);
		nl(x);
	}
	xw_end(x);
	nl(x);
}

void epub_opf(epub *e, int has_cover)
{
	xw x;
	xw_open(&x, e);
	xw_start(&x, "package");
	xw_attr(&x, "xmlns", "http://www.idpf.org/2007/opf");
	xw_attr(&x, "version", "3.0");
	xw_attr(&x, "unique-identifier", "uid");
	xw_attr(&x, "xml:lang", e->lang);
	nl(&x);
	opf_metadata(&x, e, has_cover);
	opf_manifest(&x, e);
	opf_spine(&x, e);
	opf_guide(&x, e, has_cover);
	size_t len;
	char *data = xw_close(&x, &len);
	epub_add_file(e, "content.opf", data, len, 0);
}

void epub_container_xml(epub *e)
{
	static const char text[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<container version=\"1.0\" "
	    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	    "<rootfiles>\n"
	    "<rootfile full-path=\"OEBPS/content.opf\" "
	    "media-type=\"application/oebps-package+xml\"/>\n"
	    "</rootfiles>\n"
	    "</container>\n";
	epub_add_file(e, "META-INF/container.xml", xstrdup(text),
	    sizeof text - 1, 0);
}
