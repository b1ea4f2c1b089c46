/* registry.c: the readers and writers a build can use. Built-in ones are a
 * table; plugins add theirs at run time through the same interface. */
#include "plugin.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { MAX_PLUGINS = 64 };

static const dossier_writer *const builtin_writers[] = {
	&dossier_writer_json,
	&dossier_writer_pandoc,
	&dossier_writer_epub,
	&dossier_writer_pdf,
	&dossier_writer_pdflayout,
};

static const dossier_reader *const builtin_readers[] = {
	&dossier_reader_text,
	&dossier_reader_html,
};

static const dossier_writer *writers[MAX_PLUGINS];
static const dossier_reader *readers[MAX_PLUGINS];
static size_t nwriters, nreaders;

void registry_init_builtin(void)
{
	if (nwriters || nreaders)
		return;
	for (size_t i = 0; i < sizeof builtin_writers / sizeof *builtin_writers; i++)
		writers[nwriters++] = builtin_writers[i];
	for (size_t i = 0; i < sizeof builtin_readers / sizeof *builtin_readers; i++)
		readers[nreaders++] = builtin_readers[i];
}

int dossier_register_writer(const dossier_writer *w)
{
	registry_init_builtin();
	if (!w || !w->name || !w->extension || !w->render ||
	    nwriters == MAX_PLUGINS)
		return -1;
	writers[nwriters++] = w;
	return 0;
}

int dossier_register_reader(const dossier_reader *r)
{
	registry_init_builtin();
	if (!r || !r->name || !r->read || nreaders == MAX_PLUGINS)
		return -1;
	/* A plugin's reader goes first so it can claim an extension. */
	memmove(readers + 1, readers, nreaders * sizeof *readers);
	readers[0] = r;
	nreaders++;
	return 0;
}

const dossier_writer *dossier_writer_at(size_t n)
{
	registry_init_builtin();
	return n < nwriters ? writers[n] : NULL;
}

const dossier_writer *dossier_writer_by_name(const char *name)
{
	registry_init_builtin();
	for (size_t i = nwriters; i-- > 0;)	/* plugins override built-ins */
		if (strcasecmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

const dossier_writer *dossier_writer_for_path(const char *path)
{
	registry_init_builtin();
	const char *ext = extension(path);
	for (size_t i = nwriters; i-- > 0;)
		if (strcasecmp(writers[i]->extension, ext) == 0)
			return writers[i];
	return NULL;
}

/* Does the space-separated list hold a word that path's name ends in,
 * after a dot? ("html.gz" claims "page.html.gz", not "notes.gz".) */
static int has_word(const char *list, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	for (const char *p = list; p && *p;) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k && k < n && base[n - k - 1] == '.' &&
		    strncasecmp(base + n - k, p, k) == 0)
			return 1;
		p += k;
	}
	return 0;
}

const dossier_reader *dossier_reader_for_path(const char *path)
{
	registry_init_builtin();
	for (size_t i = 0; i < nreaders; i++)
		if (has_word(readers[i]->extensions, path))
			return readers[i];
	return NULL;
}

int dossier_load_plugin(const char *path, dossier_error *err)
{
	/* A name without a slash would be looked up in the library path:
	 * load exactly the file given. */
	char file[4096];
	snprintf(file, sizeof file, "%s%s", strchr(path, '/') ? "" : "./",
	    path);
	/* Refused before it is loaded: loading runs its constructors. */
	if (access(file, R_OK) == 0 && !elf_exports(file, "dossier_plugin_entry"))
		return dossier_fail(err, DOSSIER_ERR_USAGE,
		    "%s: not a dossier plugin of ABI %d (no "
		    "dossier_plugin_entry)", path, DOSSIER_ABI);
	void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return dossier_fail(err, DOSSIER_ERR_USAGE,
		    "%s: cannot load plugin: %s", path, dlerror());
	const dossier_plugin *p = dlsym(h, "dossier_plugin_entry");
	if (!p || p->abi != DOSSIER_ABI) {
		dlclose(h);
		return dossier_fail(err, DOSSIER_ERR_USAGE,
		    "%s: not a dossier plugin of ABI %d", path, DOSSIER_ABI);
	}
	/* The handle stays open: the registry points into the plugin. */
	for (size_t i = 0; p->readers && p->readers[i]; i++)
		if (dossier_register_reader(p->readers[i]) != 0)
			return dossier_fail(err, DOSSIER_ERR_USAGE,
			    "%s: bad reader", path);
	for (size_t i = 0; p->writers && p->writers[i]; i++)
		if (dossier_register_writer(p->writers[i]) != 0)
			return dossier_fail(err, DOSSIER_ERR_USAGE,
			    "%s: bad writer", path);
	return 0;
}

int dossier_render(dossier_doc *doc, const char *path, const char *name,
    dossier_error *err)
{
	const dossier_writer *w = name ? dossier_writer_by_name(name) :
	    dossier_writer_for_path(path);
	if (!w)
		return dossier_fail(err, DOSSIER_ERR_USAGE,
		    "%s: no writer for %s", path,
		    name ? name : "this file extension");
	return w->render(doc, path, err);
}
