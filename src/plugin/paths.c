/* paths.c: where this installation keeps its data (styles, fonts), found
 * from where the code itself was loaded: the program, or libdossier.so. Nothing from the build tree is compiled in, so
 * a moved checkout and an installed copy both find their own files; the
 * prefix given to `make install` is the last resort (a program linked
 * with libdossier.a that lives elsewhere). */
#include "plugin.h"

#include <dlfcn.h>
#include <link.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Set by the Makefile for this file alone (see its "paths" rules). */
#ifndef DOSSIER_PKGDATADIR
#define DOSSIER_PKGDATADIR "/usr/local/share/dossier"
#endif
#ifndef DOSSIER_BIN_TO_PKGDATA		/* bindir -> pkgdatadir, relative */
#define DOSSIER_BIN_TO_PKGDATA "../share/dossier"
#endif
#ifndef DOSSIER_LIB_TO_PKGDATA
#define DOSSIER_LIB_TO_PKGDATA "../share/dossier"
#endif

static char self[PATH_MAX];	/* the folder of the loaded object */
static char data_dir[PATH_MAX + 64];

/* The folder of the object this function was linked into. The main
 * program's link map has no name (and dladdr would give argv[0]). */
static void find_self(void)
{
	Dl_info info;
	struct link_map *lm = NULL;
	char path[PATH_MAX];
	ssize_t n = -1;
	if (dladdr1((void *)find_self, &info, (void **)&lm,
	    RTLD_DL_LINKMAP) && lm && lm->l_name && lm->l_name[0]) {
		if (realpath(lm->l_name, path))
			n = (ssize_t)strlen(path);
	} else {
		n = readlink("/proc/self/exe", path, sizeof path - 1);
	}
	if (n <= 0)
		return;
	path[n] = 0;
	char *slash = strrchr(path, '/');
	if (!slash)
		return;
	*slash = 0;
	snprintf(self, sizeof self, "%s", slash == path ? "/" : path);
}

static int is_file(const char *dir, const char *name)
{
	char p[PATH_MAX + 128];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int has_styles(const char *dir)
{
	return is_file(dir, "styles/default.css");
}

/* The first of the folders, relative to self unless absolute, that ok()
 * accepts, into out; else the last (the prefix's) as it is. */
static void first_of(char *out, size_t cap, int (*ok)(const char *),
    const char *const *cands)
{
	size_t i;
	for (i = 0; cands[i + 1]; i++) {
		if (!self[0])
			continue;
		snprintf(out, cap, "%s/%s", self, cands[i]);
		if (ok(out))
			return;
	}
	snprintf(out, cap, "%s", cands[i]);
}

static void find_dirs(void)
{
	find_self();
	/* Installed (from bindir or libdir), then a checkout (bin/dossier,
	 * build/libdossier.so, build/tests/NAME), then the prefix. */
	static const char *const data[] = {
		DOSSIER_BIN_TO_PKGDATA, DOSSIER_LIB_TO_PKGDATA, "..", "../..",
		DOSSIER_PKGDATADIR, NULL
	};
	first_of(data_dir, sizeof data_dir, has_styles, data);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

const char *install_data_dir(void)
{
	pthread_once(&once, find_dirs);
	return data_dir;
}
