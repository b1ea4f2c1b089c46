/* modules.c: the writers that live in modules of their own (the EPUB
 * writer, src/write/epub/; the typesetting module, src/typeset/typeset.h),
 * loaded on first need, and the writers that stand in for them in the
 * registry until then. A command that knows what it will write can start
 * the loading in the background while it reads (dossier_writer_prepare). */
#include "internal.h"
#include "cache.h"
#include "modules.h"
#include "../typeset/typeset.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char dossier_build_id[];
/* The typesetting module's libraries as the Makefile found them (ldd),
 * NULL-ended. */
extern const char *const dossier_typeset_libs[];

typedef struct module {
	const char *name;		/* DIR/NAME.so */
	const char *entry;		/* the symbol it exports */
	pthread_once_t once;
	const module_entry *loaded;
	char failure[4352];
} module;

enum { M_TYPESET, M_EPUB, M__MAX };

static module modules[M__MAX] = {
	[M_TYPESET] = { "typeset", TYPESET_ENTRY, PTHREAD_ONCE_INIT, 0, "" },
	[M_EPUB] = { "epub", EPUB_ENTRY, PTHREAD_ONCE_INIT, 0, "" },
};

static void load(module *m)
{
	char path[4096];
	/* Only the installation's own folder: no variable or relative path
	 * can make us run code from elsewhere. */
	snprintf(path, sizeof path, "%s/%s.so", install_module_dir(),
	    m->name);
	/* RTLD_LOCAL: its copies of our helpers stay its own. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(m->failure, sizeof m->failure, "%s: cannot load the "
		    "%s module (run 'make', or 'make install'): %s", path, m->name, dlerror());
		return;
	}
	const module_entry *t = dlsym(h, m->entry);
	if (!t || !t->build_id || strcmp(t->build_id, dossier_build_id)) {
		/* It would read the document with another layout. */
		snprintf(m->failure, sizeof m->failure, "%s: %s module from "
		    "other sources than this library (run 'make')", path,
		    m->name);
		dlclose(h);
		return;
	}
	m->loaded = t;	/* the handle stays open for the process */
}

static void load_typeset(void) { load(&modules[M_TYPESET]); }
static void load_epub(void) { load(&modules[M_EPUB]); }
static void (*const loaders[M__MAX])(void) = { load_typeset, load_epub };

/* The module, loaded once whichever thread asks first; the others wait
 * for that load. */
static const module_entry *get(int i, dossier_error *err)
{
	module *m = &modules[i];
	pthread_once(&m->once, loaders[i]);
	if (!m->loaded)
		dossier_fail(err, DOSSIER_ERR_IO, "%s", m->failure);
	return m->loaded;
}

const typeset_api *typeset_get(dossier_error *err)
{
	return (const typeset_api *)get(M_TYPESET, err);
}

/* The libraries are looked at once per process (a book makes a dozen
 * keys): their digest stands for them. The module itself is in every key
 * already: its sources are the library's (the build id). */
static char identity[65];

static void make_identity(void)
{
	cache_key k;
	cache_key_begin(&k, "typeset");
	for (size_t i = 0; dossier_typeset_libs[i]; i++)
		cache_key_file(&k, dossier_typeset_libs[i]);
	memcpy(identity, cache_key_name(&k), 64);
	cache_key_end(&k);
}

void typeset_key(cache_key *k)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_identity);
	cache_key_str(k, identity);
}

/* ---- the stand-ins: listed without loading anything; the first render
 * loads the module and hands over to its writer ---- */

static int render_pdf(dossier_doc *doc, const char *path, dossier_error *err)
{
	const typeset_api *t = typeset_get(err);
	return t ? t->pdf(doc, path, err) : -1;
}

static int render_layout(dossier_doc *doc, const char *path,
    dossier_error *err)
{
	const typeset_api *t = typeset_get(err);
	return t ? t->pdflayout(doc, path, err) : -1;
}

static int render_epub(dossier_doc *doc, const char *path, dossier_error *err)
{
	const epub_api *t = (const epub_api *)get(M_EPUB, err);
	return t ? t->epub(doc, path, err) : -1;
}

const dossier_writer dossier_writer_pdf = {
	.name = "pdf",
	.extension = "pdf",
	.render = render_pdf,
};

const dossier_writer dossier_writer_pdflayout = {
	.name = "pdflayout",
	.extension = "layout",
	.render = render_layout,
};

const dossier_writer dossier_writer_epub = {
	.name = "epub",
	.extension = "epub",
	.render = render_epub,
};

static void *preload(void *arg)
{
	int i = (int)(intptr_t)arg;
	pthread_once(&modules[i].once, loaders[i]);
	return NULL;
}

void dossier_writer_prepare(const dossier_writer *w)
{
	int i = w == &dossier_writer_epub ? M_EPUB :
	    w == &dossier_writer_pdf || w == &dossier_writer_pdflayout ?
	    M_TYPESET : -1;
	pthread_t t;
	/* Detached: a render that needs the module waits in get(). */
	if (i >= 0 && pthread_create(&t, NULL, preload, (void *)(intptr_t)i)
	    == 0)
		pthread_detach(t);
}
