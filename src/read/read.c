/* read.c: from paths to readers: files, folders, and the checks that turn
 * unusable input into a clear error instead of an empty dossier. */
#include "read.h"
#include "../plugin/plugin.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The whole of fd (a file, or standard input: any size, read to its
 * end); the caller closes fd. */
static int read_fd(int fd, const char *path, size_t hint, char **data,
    size_t *len, dossier_error *err)
{
	size_t cap = hint ? hint + 1 : 4096, n = 0;
	char *p = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			p = xrealloc(p, cap *= 2);
		ssize_t r = read(fd, p + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(p);
			return dossier_fail(err, DOSSIER_ERR_IO, "%s: %s",
			    path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

static int read_file(const char *path, char **data, size_t *len,
    dossier_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: %s", path,
		    strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: not a regular file", path);
	}
	int rc = read_fd(fd, path, (size_t)sb.st_size, data, len, err);
	close(fd);
	return rc;
}

/* The text of a block as a key: white space collapsed, ASCII letters in
 * lower case; its words in *words. */
static char *block_key(const char *s, size_t n, int *words)
{
	char *k = g_malloc(n + 1), *o = k;
	int space = 1;
	*words = 0;
	for (size_t i = 0; i < n; i++) {
		int ws = g_ascii_isspace(s[i]);
		if (!ws && space)
			++*words;
		if (!ws)
			*o++ = g_ascii_tolower(s[i]);
		else if (!space)
			*o++ = ' ';
		space = ws;
	}
	*o = '\0';
	return k;
}

/* A block the page shows again close by (the headline again as a
 * photo's alt text under it, a warning a broken page prints before each
 * item) is kept once, the first time: read twice in the book it is a
 * defect of the scrape, and so is the headline again over the text. A
 * repeat further off may be the page's own (the
 * same answer in each section of an FAQ) and stays. Only blocks of six
 * words or more (a short line, "* * *", may well repeat), never a table's
 * rows (cells joined by " | ") nor code. */
static void drop_repeated_blocks(dossier_node *a)
{
	enum { NEAR = 3 };	/* blocks between a block and its repeat */
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	char *tmp = NULL;
	size_t cap = 0, at = 0;
	int words;
	/* the headline again over the text: the book shows it once */
	if (a->as.article.title && !a->as.article.title_derived) {
		const char *t = a->as.article.title;
		g_hash_table_replace(seen, block_key(t, strlen(t), &words),
		    GSIZE_TO_POINTER(0));
	}
	for (dossier_node *n = a->first, *next; n; n = next, at++) {
		next = n->next;
		if ((n->type != DOSSIER_NODE_PARAGRAPH &&
		    n->type != DOSSIER_NODE_HEADING &&
		    n->type != DOSSIER_NODE_QUOTE) ||
		    (n->type == DOSSIER_NODE_PARAGRAPH && n->as.paragraph.pre))
			continue;	/* code may well show a line again */
		size_t len = dossier_node_text(n, &tmp, &cap, 0);
		char *k = block_key(tmp, len, &words);
		if (words < 6 || strstr(k, " | ")) {
			g_free(k);
			continue;
		}
		gpointer last;
		if (g_hash_table_lookup_extended(seen, k, NULL, &last) &&
		    at - GPOINTER_TO_SIZE(last) <= NEAR)
			node_unlink(n);
		/* the newest place: a run of repeats goes whole */
		g_hash_table_replace(seen, k, GSIZE_TO_POINTER(at));
	}
	free(tmp);
	g_hash_table_destroy(seen);
}

/* A dek or a kicker that is the headline again (a page printing its
 * title twice, the second as a standfirst) would stand under it in the
 * book, read twice: the head keeps it once. */
static void drop_echoed_head(dossier_node *a)
{
	const char *t = a->as.article.title;
	if (!t || a->as.article.title_derived)
		return;
	int words;
	char *tk = block_key(t, strlen(t), &words);
	const char **part[] = { &a->as.article.subtitle, &a->as.article.kicker };
	for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
		if (!*part[i])
			continue;
		char *k = block_key(*part[i], strlen(*part[i]), &words);
		if (strcmp(k, tk) == 0)
			*part[i] = NULL;
		g_free(k);
	}
	g_free(tk);
}

int dossier_read_buffer(dossier_doc *doc, const char *name, const char *data,
    size_t len, dossier_error *err)
{
	const dossier_reader *r = dossier_reader_for_path(name);
	if (!r)
		r = &dossier_reader_text;
	dossier_node *last = doc->root->last;
	int rc = r->read(doc, arena_strdup(&doc->mem, name), data, len, err);
	for (dossier_node *a = last ? last->next : doc->root->first; a;
	    a = a->next)
		if (a->type == DOSSIER_NODE_ARTICLE) {
			drop_echoed_head(a);
			drop_repeated_blocks(a);
		}
	return rc;
}

static int read_one(dossier_doc *doc, const char *path, dossier_error *err)
{
	char *data;
	size_t len;
	if (read_file(path, &data, &len, err) != 0)
		return -1;
	int rc = dossier_read_buffer(doc, path, data, len, err);
	free(data);
	doc_progress(doc, "files", ++doc->files_read, 0);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dossier.yaml in a folder: the dossier's title, subtitle, editor and
 * language, unless the command line gave them. */
static void dossier_field(void *ctx, const char *key, const char *v,
    size_t n, unsigned line)
{
	void **c = ctx;
	dossier_doc *doc = c[0];
	const char *name = c[1];
	dossier_node *d = doc->root;
	const char **slot = NULL;
	if (strcmp(key, "title") == 0)
		slot = doc->opts.title ? NULL : &d->as.dossier.title;
	else if (strcmp(key, "subtitle") == 0)
		slot = doc->opts.subtitle ? NULL : &d->as.dossier.subtitle;
	else if (strcmp(key, "editor") == 0)
		slot = doc->opts.editor ? NULL : &d->as.dossier.editor;
	else if (strcmp(key, "lang") == 0 || strcmp(key, "language") == 0)
		slot = doc->opts.lang ? NULL : &d->as.dossier.lang;
	else if (strcmp(key, "description") == 0)
		slot = &d->as.dossier.description;
	else if (strcmp(key, "date") == 0)
		slot = &d->as.dossier.date;
	else
		dossier_warn(doc, name, line, "unknown key '%s' (ignored)", key);
	if (slot)
		*slot = frontmatter_value(doc, name, line, v, n);
}

static void read_dossier_yaml(dossier_doc *doc, const char *dir)
{
	char *path = g_strdup_printf("%s/dossier.yaml", dir);
	char *data;
	size_t len;
	if (access(path, R_OK) == 0 && read_file(path, &data, &len, NULL) == 0) {
		const char *name = arena_strdup(&doc->mem, path);
		void *ctx[2] = { doc, (void *)name };
		frontmatter_parse(doc, name, 1, data, len, dossier_field, ctx);
		free(data);
	}
	g_free(path);
}

/* A folder: every file a reader claims, in name order, so output does not
 * depend on the order the file system lists them in. */
static int read_dir(dossier_doc *doc, const char *path, dossier_error *err)
{
	DIR *d = opendir(path);
	if (!d)
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: %s", path,
		    strerror(errno));
	read_dossier_yaml(doc, path);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		char *full = xmalloc(len);
		snprintf(full, len, "%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
		struct stat sb;
		if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    !dossier_reader_for_path(full)) {
			free(full);
			continue;
		}
		if (n == cap)
			names = xrealloc(names, (cap = cap ? cap * 2 : 64) *
			    sizeof *names);
		names[n++] = full;
	}
	closedir(d);
	int rc = 0, ok = 0;
	if (n == 0)
		rc = dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: no article files (*.txt, *.html) in this folder", path);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		dossier_error e1 = { 0 };
		/* One bad file in a folder is a warning, not the end of the
		 * run: the rest of the dossier is still worth building. */
		if (read_one(doc, names[i], &e1) != 0)
			dossier_warn(doc, NULL, 0, "%s (skipped)", e1.message);
		else
			ok++;
		free(names[i]);
	}
	free(names);
	if (n && !ok)
		rc = dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: none of its %zu files holds a usable article", path,
		    n);
	return rc;
}

/* "-": one article from standard input, named "stdin" in warnings. */
static int read_stdin(dossier_doc *doc, dossier_error *err)
{
	char *data;
	size_t len;
	if (read_fd(STDIN_FILENO, "stdin", 0, &data, &len, err) != 0)
		return -1;
	doc->inputs++;
	doc->single_file = doc->inputs == 1;
	int rc = dossier_read_buffer(doc, "stdin", data, len, err);
	free(data);
	doc_progress(doc, "files", ++doc->files_read, 0);
	return rc;
}

/* A file given on its own uses its folder's dossier.yaml as a folder
 * given whole would, once per folder in a row of files. */
static void read_own_folder_yaml(dossier_doc *doc, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = xstrdup(slash ? path : ".");
	if (slash)
		dir[slash == path ? 1 : slash - path] = 0;
	if (!doc->yaml_dir || strcmp(doc->yaml_dir, dir) != 0) {
		read_dossier_yaml(doc, dir);
		free(doc->yaml_dir);
		doc->yaml_dir = dir;
	} else {
		free(dir);
	}
}

int dossier_read_path(dossier_doc *doc, const char *path, dossier_error *err)
{
	struct stat sb;
	registry_init_builtin();
	/* A bad patterns file is the caller's mistake, not each input's. */
	if (!patterns_get(doc, err))
		return -1;
	if (strcmp(path, "-") == 0)
		return read_stdin(doc, err);
	if (stat(path, &sb) != 0)
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: %s", path,
		    strerror(errno));
	doc->inputs++;
	doc->single_file = doc->inputs == 1 && !S_ISDIR(sb.st_mode);
	if (S_ISDIR(sb.st_mode))
		return read_dir(doc, path, err);
	read_own_folder_yaml(doc, path);
	return read_one(doc, path, err);
}
