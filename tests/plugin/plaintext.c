/* plaintext.c: a writer plugin built only against the public header, as a
 * document toolchain would write one: `dossier build --plugin
 * plaintext.so -o x.text PATH`. It writes each article's title and text. */
#include "dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int render(dossier_doc *doc, const char *path, dossier_error *err)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.part", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write", path);
	char *text = NULL;
	size_t cap = 0;
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, dossier_doc_root(doc));
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER)
			continue;
		if (n->type == DOSSIER_NODE_ARTICLE) {
			fprintf(f, "# %s\n\n", n->as.article.title);
		} else if (n->type == DOSSIER_NODE_COMMENT) {
			fprintf(f, "%*s[%s]\n", 2 * n->as.comment.depth, "",
			    n->as.comment.author ? n->as.comment.author : "anonymous");
		} else if (dossier_node_is_block(n)) {
			size_t len = dossier_node_text(n, &text, &cap, 0);
			fprintf(f, "%.*s\n\n", (int)len, text);
			dossier_iter_skip(&it);
		}
	}
	free(text);
	int bad = ferror(f) | (fclose(f) != 0);
	if (bad || rename(tmp, path) != 0) {
		remove(tmp);
		return dossier_fail(err, DOSSIER_ERR_IO, "%s: write failed", path);
	}
	return 0;
}

static const dossier_writer plaintext = {
	.name = "plaintext",
	.extension = "text",
	.render = render,
};

static const dossier_writer *const writers[] = { &plaintext, NULL };

DOSSIER_API const dossier_plugin dossier_plugin_entry = {
	.abi = DOSSIER_ABI,
	.readers = NULL,
	.writers = writers,
};
