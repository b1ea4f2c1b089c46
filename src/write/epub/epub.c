/* epub.c: the EPUB writer: EPUB 3 with an EPUB 2 NCX, for Kindle (Send to
 * Kindle), Kobo, Apple Books, KOReader and calibre. See epub.h for the
 * order in which the files are made. */
#include "epub.h"
#include "cache.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

epub_file *epub_add_file(epub *e, const char *name, char *data, size_t len,
    int store)
{
	epub_file *f = xcalloc(1, sizeof *f);
	f->name = xstrdup(name);
	f->data = data;
	f->len = len;
	f->store = store;
	epub_files_push(e, f);
	return f;
}

void epub_add_nav(epub *e, int level, const char *label, const char *href)
{
	if (e->nnav == e->navcap) {
		e->navcap = e->navcap ? 2 * e->navcap : 64;
		e->nav = xrealloc(e->nav, e->navcap * sizeof *e->nav);
	}
	epub_nav *n = &e->nav[e->nnav++];
	n->level = level;
	n->label = xstrdup(label);
	n->href = xstrdup(href);
}

void epub_add_spine(epub *e, const char *id, const char *href)
{
	if (e->nspine == e->spinecap) {
		e->spinecap = e->spinecap ? 2 * e->spinecap : 64;
		e->spine = xrealloc(e->spine, e->spinecap * sizeof *e->spine);
	}
	epub_item *s = &e->spine[e->nspine++];
	s->id = xstrdup(id);
	s->href = xstrdup(href);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double t_last;

void epub_tick(epub *e, const char *what)
{
	if (!e->timing)
		return;
	double t = now();
	fprintf(stderr, "epub: %-10s %7.1f ms\n", what, (t - t_last) * 1e3);
	t_last = t;
}

/* The book's date, as the zip entries and the metadata show it. */
static void dates(epub *e)
{
	long long t = doc_date(e->doc);
	e->mtime = t;
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(e->modified, sizeof e->modified, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void epub_free(epub *e)
{
	/* On a failure the threads may still run: stop them first. */
	epub_cover_finish(e, NULL);
	epub_deflate_finish(e);
	for (size_t i = 0; i < e->nfiles; i++) {
		free(e->files[i]->name);
		free(e->files[i]->data);
		free(e->files[i]->z);
		if (e->files[i]->keep)
			cache_key_end(e->files[i]->keep);
		free(e->files[i]->keep);
		free(e->files[i]);
	}
	free(e->files);
	for (size_t i = 0; i < e->nnav; i++) {
		free(e->nav[i].label);
		free(e->nav[i].href);
	}
	free(e->nav);
	for (size_t i = 0; i < e->npages; i++)
		free(e->pages[i].href);
	free(e->pages);
	for (size_t i = 0; i < e->nspine; i++) {
		free(e->spine[i].id);
		free(e->spine[i].href);
	}
	free(e->spine);
	epub_fonts_free(e);
	epub_emoji_free(e);
	buf_free(&e->tmp);
	if (e->spool)
		fclose(e->spool);
}

/* Move the file named name to position pos, so the container lists the
 * files in a fixed, readable order whatever order they were made in. */
static int move_file(epub *e, const char *name, size_t pos)
{
	for (size_t i = pos; i < e->nfiles; i++) {
		if (strcmp(e->files[i]->name, name) != 0)
			continue;
		epub_file *f = e->files[i];
		memmove(e->files + pos + 1, e->files + pos,
		    (i - pos) * sizeof f);
		e->files[pos] = f;
		return 1;
	}
	return 0;
}

/* Files made this run that the cache keeps compressed (embed.c). */
static void keep_packed(epub *e)
{
	buf b = { 0 };
	for (size_t i = 0; i < e->nfiles; i++) {
		epub_file *f = e->files[i];
		if (!f->keep || !f->done)
			continue;
		b.len = 0;
		epub_file_pack(f, &b);
		cache_put(e->doc, f->keep, b.data, b.len);
	}
	buf_free(&b);
}

static int render_epub(dossier_doc *doc, const char *path, dossier_error *err)
{
	epub e = { .doc = doc, .root = dossier_doc_root(doc) };
	const char *lang = e.root->as.dossier.lang;
	e.lang = xw_lang_ok(lang) ? lang : "en";
	const book *bk = book_of(doc);
	e.w = bk->w;
	e.subtitle = bk->subtitle;
	e.subtitle_derived = bk->subtitle_derived;
	e.pagemap = book_page_list(doc);
	e.timing = getenv("DOSSIER_EPUB_TIMING") != NULL;
	t_last = now();
	/* libxml2 sets up its globals once, before any thread might. */
	xmlInitParser();
	int rc = -1, has_cover = 0;

	dates(&e);
	(void)fonts_dir(doc);	/* resolved here: the cover thread reads it */
	if (epub_fonts_present(&e)) {
		/* The cover only needs the titles and counts: it is drawn
		 * while the fonts are measured and the pages made. */
		epub_cover_start(&e);
		has_cover = 1;
	}
	epub_fonts_init(&e);
	epub_deflate_start(&e);
	epub_add_file(&e, "mimetype", xstrdup("application/epub+zip"), 20, 1);
	epub_container_xml(&e);
	epub_tick(&e, "setup");
	if (has_cover)
		epub_add_spine(&e, "cover", "cover.xhtml");
	epub_add_spine(&e, "contents", "contents.xhtml");
	if (epub_articles(&e, err) != 0)
		goto out;
	epub_tick(&e, "articles");
	epub_contents_page(&e, has_cover);
	if (has_cover)
		epub_cover_page(&e);
	/* Without the project's fonts there is no cover that looks the same
	 * on every machine: the book goes without (a warning says why). */
	if (epub_stylesheet(&e, err) != 0)
		goto out;
	epub_tick(&e, "css+fonts");
	if (epub_cover_finish(&e, err) != 0)
		goto out;
	epub_tick(&e, "cover");
	epub_deflate_finish(&e);
	keep_packed(&e);
	epub_tick(&e, "deflate");
	epub_identifier(&e);
	epub_ncx(&e);
	epub_opf(&e, has_cover);
	/* mimetype first (and stored), as OCF requires; then what a reader
	 * opens first. */
	static const char *const order[] = { "mimetype",
	    "META-INF/container.xml", "content.opf", "toc.ncx", "nav.xhtml",
	    "cover.xhtml", "contents.xhtml", "style.css", "cover.png" };
	size_t pos = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		if (move_file(&e, order[i], pos))
			pos++;
	epub_tick(&e, "package");
	rc = epub_zip_write(&e, path, err);
out:
	epub_free(&e);
	return rc;
}

const dossier_writer dossier_writer_epub = {
	.name = "epub",
	.extension = "epub",
	.render = render_epub,
};
