/* book.c: the book layer through the library alone, no command line: the
 * page map asked for in one call (dossier.h), the EPUB's page list equal
 * to the PDF's pages in either order of outputs, byte-identical files
 * either way, and an EPUB not asked for a map costs no layout. The
 * book's words, counts and date in its language; one style rule. */
#include "tap.h"

#include "tree/tree.h"
#include "book/book.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static char dir[] = "/tmp/dossier-book-XXXXXX";

static dossier_doc *corpus(const char *lang, const char *style)
{
	dossier_options o = { .lang = lang, .style = style, .cache_dir = "" };
	dossier_doc *doc = dossier_doc_new(&o);
	dossier_error err = { 0 };
	if (dossier_read_path(doc, "corpus", &err) != 0)
		fprintf(stderr, "corpus: %s\n", err.message);
	dossier_doc_finish(doc);
	return doc;
}

static int render(dossier_doc *doc, const char *name)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	dossier_error err = { 0 };
	int rc = dossier_render(doc, path, NULL, &err);
	if (rc != 0)
		fprintf(stderr, "render %s: %s\n", name, err.message);
	return rc;
}

static char *slurp(const char *name, size_t *len)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return (char *)buf_cstr(&b);
}

static int same_file(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

/* One file of an EPUB, NUL-terminated (malloc), or NULL. */
static char *epub_entry(const char *name, const char *entry)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	zip_t *z = zip_open(path, ZIP_RDONLY, NULL);
	if (!z)
		return NULL;
	zip_stat_t st;
	char *data = NULL;
	zip_file_t *f = zip_stat(z, entry, 0, &st) == 0 ?
	    zip_fopen(z, entry, 0) : NULL;
	if (f) {
		data = calloc(1, st.size + 1);
		if (zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
			free(data);
			data = NULL;
		}
		zip_fclose(f);
	}
	zip_close(z);
	return data;
}

/* The page list of nav.xhtml against the PDF's layout dump: the same
 * pages with the same folios, each article's first page pointing into
 * its own file, and the map saying so too. */
static void check_pages(const dossier_pagemap *m, dossier_doc *doc,
    const char *epub, const char *layout)
{
	char *nav = epub_entry(epub, "OEBPS/nav.xhtml");
	size_t len;
	char *lay = slurp(layout, &len);
	CHECK(nav && lay);
	if (!nav || !lay)
		goto out;
	const char *list = strstr(nav, "epub:type=\"page-list\"");
	CHECK(list != NULL);
	unsigned pages = 0, listed = 0, front = 0;
	for (const char *p = lay; (p = strstr(p, "\npage ")); p++) {
		unsigned n;
		char label[32];
		if (sscanf(p, "\npage %u label=%31s", &n, label) != 2)
			continue;
		pages = n;
		CHECK_STR(dossier_pagemap_label(m, n), label);
		if (label[0] >= '0' && label[0] <= '9') {
			char want[96];
			snprintf(want, sizeof want, "#page-%u\">%s</a>", n, label);
			CHECK(list && strstr(list, want));
			listed += list && strstr(list, want);
		} else {
			front = n;
		}
	}
	CHECK(pages > 2 && pages == dossier_pagemap_pages(m));
	CHECK(listed == pages - front);
	CHECK(dossier_doc_stats(doc).pages == pages);
	/* Where each article starts: the dump marks it ("M aK"). */
	unsigned k = 0, page = 0;
	for (const char *p = lay; *p; p++) {
		if (strncmp(p, "\npage ", 6) == 0)
			page = (unsigned)strtoul(p + 6, NULL, 10);
		if (strncmp(p, "\n  M a", 6) != 0 || p[6 + strspn(p + 6,
		    "0123456789")] != ' ')
			continue;
		k = (unsigned)strtoul(p + 6, NULL, 10);
		char want[64];
		snprintf(want, sizeof want, "href=\"a%04u.xhtml#page-%u\"", k,
		    page);
		CHECK(list && strstr(list, want));
		unsigned i = 0;
		for (dossier_node *a = dossier_doc_root(doc)->first; a;
		    a = a->next)
			if (a->type == DOSSIER_NODE_ARTICLE && ++i == k)
				CHECK(dossier_pagemap_page(m, a) == page);
	}
	CHECK(k == 5);
out:
	free(nav);
	free(lay);
}

static void test_page_map(void)
{
	/* EPUB first, then the PDF (and its layout, to read the pages). */
	dossier_doc *doc = corpus(NULL, NULL);
	dossier_error err = { 0 };
	const dossier_pagemap *m = dossier_doc_pagemap(doc, &err);
	CHECK(m != NULL);
	if (!m) {
		fprintf(stderr, "page map: %s\n", err.message);
		dossier_doc_free(doc);
		return;
	}
	CHECK(dossier_doc_pagemap(doc, &err) == m);	/* kept */
	CHECK(book_of(doc)->layouts == 1);
	CHECK(render(doc, "a.epub") == 0);
	CHECK(render(doc, "a.pdf") == 0);
	CHECK(render(doc, "a.layout") == 0);
	CHECK(book_of(doc)->layouts == 1);	/* the PDF used the map */
	check_pages(m, doc, "a.epub", "a.layout");
	dossier_doc_free(doc);

	/* The other order: the same bytes. */
	doc = corpus(NULL, NULL);
	m = dossier_doc_pagemap(doc, &err);
	CHECK(m != NULL);
	CHECK(render(doc, "b.pdf") == 0);
	CHECK(render(doc, "b.epub") == 0);
	CHECK(same_file("a.epub", "b.epub"));
	CHECK(same_file("a.pdf", "b.pdf"));
	dossier_doc_free(doc);
}

static void test_no_layout(void)
{
	/* Not asked: the EPUB lays nothing out and lists no pages, before
	 * or after a PDF of the same document. */
	dossier_doc *doc = corpus(NULL, NULL);
	CHECK(render(doc, "c.epub") == 0);
	CHECK(book_of(doc)->layouts == 0);
	CHECK(book_of(doc)->pagemap == NULL);
	char *nav = epub_entry("c.epub", "OEBPS/nav.xhtml");
	CHECK(nav && !strstr(nav, "page-list") && !strstr(nav, "pagebreak"));
	free(nav);
	CHECK(render(doc, "c.pdf") == 0);
	CHECK(book_of(doc)->layouts == 1);
	CHECK(render(doc, "d.epub") == 0);
	CHECK(same_file("c.epub", "d.epub"));
	CHECK(same_file("c.pdf", "a.pdf"));
	dossier_doc_free(doc);
}

static dossier_node *add(dossier_doc *doc, dossier_node *parent,
    dossier_node_type type, const char *text)
{
	dossier_node *n = node_new(doc, type, "t.txt", 1);
	node_append(parent, n);
	if (text)
		node_append(n, node_text(doc, text, strlen(text), "t.txt", 1));
	return n;
}

/* Where s is in text, as an offset (the end of text when missing). */
static size_t at(const char *text, const char *s)
{
	const char *p = text ? strstr(text, s) : NULL;
	return p ? (size_t)(p - text) : (size_t)-1;
}

static void test_placement(void)
{
	/* A German article in an English book, with two threads: the EPUB
	 * and the PDF set the source under the byline, each thread where it
	 * stands, and the article's words in its language. */
	dossier_doc *doc = dossier_doc_new(&(dossier_options){ .title = "B",
	    .cache_dir = "" });
	dossier_node *a = add(doc, dossier_doc_root(doc), DOSSIER_NODE_ARTICLE,
	    NULL);
	a->as.article.title = "Titel";
	a->as.article.lang = "de";
	a->as.article.byline = "Von Anna";
	a->as.article.url = "https://example.org/artikel";
	a->as.article.site = "Zeitung";
	add(doc, a, DOSSIER_NODE_PARAGRAPH, "Erster Absatz.");
	dossier_node *t1 = add(doc, a, DOSSIER_NODE_THREAD, NULL);
	add(doc, add(doc, t1, DOSSIER_NODE_COMMENT, NULL),
	    DOSSIER_NODE_PARAGRAPH, "Erster Faden.");
	add(doc, a, DOSSIER_NODE_PARAGRAPH, "Zweiter Absatz.");
	dossier_node *t2 = add(doc, a, DOSSIER_NODE_THREAD, NULL);
	add(doc, add(doc, t2, DOSSIER_NODE_COMMENT, NULL),
	    DOSSIER_NODE_PARAGRAPH, "Zweiter Faden.");
	dossier_doc_finish(doc);
	CHECK(render(doc, "p.epub") == 0);
	CHECK(render(doc, "p.layout") == 0);
	char *x = epub_entry("p.epub", "OEBPS/a0001.xhtml");
	size_t len;
	char *l = slurp("p.layout", &len);
	const char *order[] = { "Von Anna", "Quelle:", "Erster Absatz.",
	    "Diskussion", "Erster Faden.", "Zweiter Absatz.", "Diskussion",
	    "Zweiter Faden." };
	size_t px = 0, pl = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		size_t nx = at(x ? x + px : NULL, order[i]);
		size_t nl = at(l ? l + pl : NULL, order[i]);
		CHECK(nx != (size_t)-1 && nl != (size_t)-1);
		if (nx == (size_t)-1 || nl == (size_t)-1)
			break;
		px += nx + 1;
		pl += nl + 1;
	}
	CHECK(x && strstr(x, ">Anonym<") && !strstr(x, "Anonymous"));
	CHECK(l && strstr(l, "| Anonym\n") && !strstr(l, "Anonymous"));
	free(x);
	free(l);
	dossier_doc_free(doc);
}

static void test_words(void)
{
	dossier_doc *doc = dossier_doc_new(&(dossier_options){ .lang = "de" });
	dossier_error err = { 0 };
	static const char art[] = "title: Eins\n\nText.\n";
	CHECK(dossier_read_buffer(doc, "a.txt", art, sizeof art - 1, &err) == 0);
	CHECK(dossier_read_buffer(doc, "b.txt", art, sizeof art - 1, &err) == 0);
	dossier_doc_finish(doc);
	/* The tree keeps what was given; the book's words are German. */
	CHECK(dossier_doc_root(doc)->as.dossier.subtitle == NULL);
	const book *b = book_of(doc);
	CHECK_STR(b->subtitle, "2 Artikel, 0 Kommentare");
	CHECK(b->subtitle_derived);
	CHECK_STR(b->counts, "2 Artikel \xc2\xb7 0 Kommentare");
	char d[64];
	book_date(b->w, 1796083200LL, d, sizeof d);	/* 2026-12-01 */
	CHECK_STR(d, "1. Dezember 2026");
	book_date(book_words_for("fr"), 1796083200LL, d, sizeof d);
	CHECK_STR(d, "1er d\xc3\xa9" "cembre 2026");
	book_date(book_words_for("es"), 1796169600LL, d, sizeof d);
	CHECK_STR(d, "2 de diciembre de 2026");
	book_date(book_words_for("en"), 1796083200LL, d, sizeof d);
	CHECK_STR(d, "1 December 2026");
	dossier_doc_free(doc);
}

static void test_style(void)
{
	/* One rule and one error for every writer: a missing style is the
	 * caller's mistake (exit 2) for the EPUB and the PDF alike, and a
	 * file needs no .css ending when its path has a slash. */
	dossier_doc *doc = corpus(NULL, "no-such-style");
	dossier_error e1 = { 0 }, e2 = { 0 };
	char path[4200];
	snprintf(path, sizeof path, "%s/x.epub", dir);
	CHECK(dossier_render(doc, path, NULL, &e1) != 0);
	snprintf(path, sizeof path, "%s/x.pdf", dir);
	CHECK(dossier_render(doc, path, NULL, &e2) != 0);
	CHECK(e1.code == DOSSIER_ERR_USAGE && e2.code == DOSSIER_ERR_USAGE);
	CHECK_STR(e1.message, e2.message);
	CHECK(strstr(e1.message, "no-such-style.css: cannot read style"));
	dossier_doc_free(doc);

	char css[4200];
	snprintf(css, sizeof css, "%s/plain", dir);
	FILE *f = fopen(css, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("body { font-family: \"Noto Serif\"; }\n", f);
		fclose(f);
	}
	doc = corpus(NULL, css);
	CHECK(render(doc, "plain.epub") == 0);
	CHECK(render(doc, "plain.pdf") == 0);
	dossier_doc_free(doc);
}

int main(void)
{
	setenv("SOURCE_DATE_EPOCH", "1796083200", 1);
	if (!mkdtemp(dir))
		return 1;
	RUN(test_page_map, "book: the page map in one call, EPUB then PDF "
	    "matches, either order the same bytes");
	RUN(test_no_layout, "book: an EPUB not asked for a page map lays "
	    "nothing out");
	RUN(test_words, "book: subtitle, counts and dates in the book's "
	    "language");
	RUN(test_placement, "book: source line and threads placed alike, "
	    "the article's words in its language");
	RUN(test_style, "book: one style rule and one error for both writers");
	char cmd[4300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TAP_EXIT();
}
