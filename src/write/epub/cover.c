/* cover.c: the EPUB's cover: drawn by the typesetting module
 * (src/typeset/cover.c) in a thread of its own while the pages are made,
 * or taken from the cache, keyed by everything the drawing reads. */
#include "epub.h"
#include "../../lib/cache.h"
#include "../../typeset/typeset.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct epub_cover {
	epub *e;
	cache_key key;
	pthread_t tid;
	int started;
	int cached;		/* the PNG came from the cache */
	int rc;
	buf png;
	dossier_error err;
	buf clean;
};

/* Every input the drawing (src/typeset/cover.c) reads, and the libraries
 * that turn them into pixels: the key of the cover in the cache
 * (src/lib/cache.h). A value read there and missing here would hand back
 * a stale cover. */
static void cover_key(const epub *e, cache_key *k)
{
	const dossier_doc *doc = e->doc;
	const dossier_node *r = e->root;
	cache_key_begin(k, "cover.png");
	typeset_key(k);
	cache_key_dir(k, fonts_dir(e->doc));
	cache_key_str(k, e->lang);
	cache_key_str(k, xw_book_title((epub *)e));
	cache_key_str(k, e->subtitle_derived ? NULL : e->subtitle);
	cache_key_str(k, r->as.dossier.editor);
	cache_key_data(k, e->modified, strnlen(e->modified, 10));
	cache_key_num(k, doc->articles);
	cache_key_num(k, doc->comments);
	/* cover_lines() shows at most five titles. */
	int titles = 0;
	for (const dossier_node *a = r->first; a && titles < 5; a = a->next)
		if (a->type == DOSSIER_NODE_ARTICLE && a->as.article.title) {
			cache_key_str(k, a->as.article.title);
			titles++;
		}
}

static void *cover_thread(void *arg)
{
	epub_cover *cv = arg;
	/* A new cover loads the module here, off the main thread. */
	const typeset_api *t = typeset_get(&cv->err);
	cv->rc = t ? t->cover(cv->e, xw_book_title(cv->e), &cv->png,
	    &cv->clean, &cv->err) : -1;
	if (cv->rc == 0)
		cache_put(cv->e->doc, &cv->key, cv->png.data, cv->png.len);
	return NULL;
}

/* The thread reads the tree and e->modified only; fonts_dir() was called
 * before, so it does not allocate from the document's arena. */
void epub_cover_start(epub *e)
{
	epub_cover *cv = xcalloc(1, sizeof *cv);
	cv->e = e;
	e->cover = cv;
	/* The key reads the fonts folder and stats the module's
	 * libraries: only when there is a cache to look in. */
	if (cache_enabled(e->doc)) {
		cover_key(e, &cv->key);
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
