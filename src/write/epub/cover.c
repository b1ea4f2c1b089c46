/* cover.c: the EPUB's cover: drawn with Cairo and Pango
 * (coverdraw.c) in a thread of its own while the pages are made, or taken
 * from the cache, keyed by everything the drawing reads (cover_input). */
#include "epub.h"
#include "cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct epub_cover {
	epub *e;
	cover_input in;
	cache_key key;
	pthread_t tid;
	int started;
	int cached;		/* the PNG came from the cache */
	int rc;
	buf png;
	dossier_error err;
	buf clean;
};

void cover_input_of(epub *e, cover_input *in)
{
	const dossier_node *r = e->root;
	const book_words *w = e->w;
	memset(in, 0, sizeof *in);
	in->fonts = fonts_dir(e->doc);
	in->text[CV_TITLE] = xw_book_title(e);
	/* the counts are drawn in the foot: a subtitle that is only them
	 * is not drawn twice */
	in->text[CV_SUBTITLE] = e->subtitle_derived ? NULL : e->subtitle;
	in->text[CV_EDITOR] = r->as.dossier.editor;
	snprintf(in->date, sizeof in->date, "%.10s", e->modified);
	in->text[CV_DATE] = in->date;
	int k = CV_ART0;
	for (const dossier_node *a = r->first; a && k <= CV_ART_LAST;
	    a = a->next)
		if (a->type == DOSSIER_NODE_ARTICLE && a->as.article.title)
			in->text[k++] = a->as.article.title;
	in->text[CV_W_MORE] = w->more;
	in->text[CV_W_ARTICLES] = w->articles;
	in->text[CV_W_ARTICLES1] = w->articles1;
	in->text[CV_W_COMMENTS] = w->comments;
	in->text[CV_W_COMMENTS1] = w->comments1;
	in->text[CV_W_EDITED_BY] = w->edited_by;
	in->num[CV_ARTICLES] = e->doc->articles;
	in->num[CV_COMMENTS] = e->doc->comments;
}

/* The cover's key in the cache (cache.h): every input, as the drawing
 * gets it, and the fonts it is set in (the code that draws is in every
 * key, cache.c). */
static void cover_key(const cover_input *in, cache_key *k)
{
	cache_key_begin(k, "cover.png");
	cache_key_dir(k, in->fonts);
	for (int i = 0; i < CV__TEXTS; i++)
		cache_key_str(k, in->text[i]);
	for (int i = 0; i < CV__NUMS; i++)
		cache_key_num(k, in->num[i]);
}

static void *cover_thread(void *arg)
{
	epub_cover *cv = arg;
	cv->rc = cover_draw(cv->e->doc, &cv->in, &cv->png, &cv->clean,
	    &cv->err);
	if (cv->rc == 0)
		cache_put(cv->e->doc, &cv->key, cv->png.data, cv->png.len);
	return NULL;
}

/* The thread reads cv->in only (strings of the tree and of e, which
 * outlive it); fonts_dir() was called before, so it does not allocate
 * from the document's arena. */
void epub_cover_start(epub *e)
{
	epub_cover *cv = xcalloc(1, sizeof *cv);
	cv->e = e;
	e->cover = cv;
	cover_input_of(e, &cv->in);
	/* The key reads the fonts folder: only when there is a cache to
	 * look in. */
	if (cache_enabled(e->doc)) {
		cover_key(&cv->in, &cv->key);
		size_t len;
		char *png = cache_get(e->doc, &cv->key, &len);
		if (png) {
			cv->png.data = png;
			cv->png.len = cv->png.cap = len;
			cv->cached = 1;
			return;
		}
	}
	cv->started = pthread_create(&cv->tid, NULL, cover_thread, cv) == 0;
}

int epub_cover_finish(epub *e, dossier_error *err)
{
	epub_cover *cv = e->cover;
	if (!cv)
		return 0;
	if (cv->started)
		pthread_join(cv->tid, NULL);
	else if (!cv->cached)
		cover_thread(cv);
	cache_key_end(&cv->key);
	int rc = cv->rc;
	if (rc == 0) {
		epub_add_file(e, "cover.png", cv->png.data, cv->png.len, 1);
		cv->png.data = NULL;
	} else if (err) {
		*err = cv->err;
	}
	buf_free(&cv->png);
	buf_free(&cv->clean);
	free(cv);
	e->cover = NULL;
	return rc;
}
