/* modules.c: the typesetting module (src/typeset/typeset.h), loaded on
 * first need, and the PDF writers that stand in for it in the registry
 * until then. */
#include "internal.h"
#include "cache.h"
#include "../typeset/typeset.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DOSSIER_MODULE_DIR
#define DOSSIER_MODULE_DIR "build/modules"
#endif

extern const char dossier_build_id[];
/* The module's libraries as the Makefile found them (ldd), NULL-ended. */
extern const char *const dossier_typeset_libs[];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const typeset_api *loaded;
static char path[4096];
static char failure[sizeof path + 256];

/* $DOSSIER_MODULE_DIR, else the build's folder. */
static const char *module_path(void)
{
	if (!path[0]) {
		const char *dir = getenv("DOSSIER_MODULE_DIR");
		snprintf(path, sizeof path, "%s/typeset.so",
		    dir && *dir ? dir : DOSSIER_MODULE_DIR);
	}
	return path;
}

static void load(void)
{
	const char *path = module_path();
	/* RTLD_LOCAL: its copies of our helpers stay its own. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(failure, sizeof failure, "%s: cannot load the "
		    "typesetting module (run 'make'): %s", path, dlerror());
		return;
	}
	const typeset_api *t = dlsym(h, TYPESET_ENTRY);
	if (!t || !t->build_id || strcmp(t->build_id, dossier_build_id)) {
		/* It would read the document with another layout. */
		snprintf(failure, sizeof failure, "%s: typesetting module "
		    "from other sources than this library (run 'make')",
		    path);
		dlclose(h);
		return;
	}
	loaded = t;	/* the handle stays open for the process */
}

const typeset_api *typeset_get(dossier_error *err)
{
	pthread_mutex_lock(&lock);
	if (!loaded && !failure[0])
		load();
	const typeset_api *t = loaded;
	pthread_mutex_unlock(&lock);
	if (!t)
		dossier_fail(err, DOSSIER_ERR_IO, "%s", failure);
	return t;
}

/* The module itself is in every key already: its sources are the
 * library's (the build id). The files are looked at once per process (a book makes a dozen keys,
 * forty-odd files each): their digest stands for them. */
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

/* The registry lists the PDF writers without loading anything; the
 * first render loads the module and hands over to its writer. */
static int render_pdf(dossier_doc *doc, const char *path, dossier_error *err)
{
	const typeset_api *t = typeset_get(err);
	return t ? t->pdf->render(doc, path, err) : -1;
}

static int render_layout(dossier_doc *doc, const char *path,
    dossier_error *err)
{
	const typeset_api *t = typeset_get(err);
	return t ? t->pdflayout->render(doc, path, err) : -1;
}

const dossier_writer dossier_writer_pdf = {
	.name = "pdf",
	.extension = "pdf",
	.priority = 5,	/* before the EPUB, which lists the PDF's pages */
	.render = render_pdf,
};

const dossier_writer dossier_writer_pdflayout = {
	.name = "pdflayout",
	.extension = "layout",
	.priority = 5,
	.render = render_layout,
};
