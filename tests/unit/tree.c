/* tree.c: the node tree and its ENTER/EXIT iterator, and a reply chain
 * 100,000 deep built, walked, rendered and freed on a small stack. */
#include "tap.h"

#include "tree/tree.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static dossier_node *add(dossier_doc *doc, dossier_node *parent,
    dossier_node_type type)
{
	dossier_node *n = node_new(doc, type, "t.txt", 1);
	if (parent)
		node_append(parent, n);
	return n;
}

static dossier_node *add_text(dossier_doc *doc, dossier_node *parent,
    const char *s)
{
	dossier_node *n = node_text(doc, s, strlen(s), "t.txt", 1);
	node_append(parent, n);
	return n;
}

/* The events of a walk as a string: "+name" for ENTER, "-name" for EXIT,
 * text nodes as "+'text'". */
static const char *walk(dossier_node *root, dossier_node *skip_at,
    char *out, size_t cap)
{
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	size_t len = 0;
	out[0] = '\0';
	dossier_iter_init(&it, root);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (n->type == DOSSIER_NODE_TEXT)
			len += (size_t)snprintf(out + len, cap - len, "%c'%s' ",
			    ev == DOSSIER_EV_ENTER ? '+' : '-', n->as.text.text);
		else
			len += (size_t)snprintf(out + len, cap - len, "%c%s ",
			    ev == DOSSIER_EV_ENTER ? '+' : '-',
			    dossier_node_type_name(n->type));
		if (ev == DOSSIER_EV_ENTER && n == skip_at)
			dossier_iter_skip(&it);
		if (len >= cap)
			break;
	}
	/* DONE stays DONE. */
	if (dossier_iter_next(&it, &n) != DOSSIER_EV_DONE || n != NULL)
		snprintf(out + len, cap - len, "NOT-DONE");
	return out;
}

static dossier_doc *doc;
static dossier_node *article, *para, *emph, *heading, *thread, *c1, *c2;

static void build_small(void)
{
	doc = dossier_doc_new(NULL);
	dossier_node *root = dossier_doc_root(doc);
	article = add(doc, root, DOSSIER_NODE_ARTICLE);
	article->as.article.title = "T";
	para = add(doc, article, DOSSIER_NODE_PARAGRAPH);
	add_text(doc, para, "a");
	emph = add(doc, para, DOSSIER_NODE_EMPH);
	add_text(doc, emph, "b");
	heading = add(doc, article, DOSSIER_NODE_HEADING);
	thread = add(doc, article, DOSSIER_NODE_THREAD);
	c1 = add(doc, thread, DOSSIER_NODE_COMMENT);
	dossier_node *p = add(doc, c1, DOSSIER_NODE_PARAGRAPH);
	add_text(doc, p, "c");
	c2 = add(doc, c1, DOSSIER_NODE_COMMENT);
}

static void t_order(void)
{
	char s[1024];
	CHECK_STR(walk(dossier_doc_root(doc), NULL, s, sizeof s),
	    "+dossier +article +paragraph +'a' +emph +'b' -emph -paragraph "
	    "+heading -heading +thread +comment +paragraph +'c' -paragraph "
	    "+comment -comment -comment -thread -article -dossier ");
}

static void t_subtree(void)
{
	char s[1024];
	/* A subtree walk stays inside it: no siblings, no parent. */
	CHECK_STR(walk(para, NULL, s, sizeof s),
	    "+paragraph +'a' +emph +'b' -emph -paragraph ");
	CHECK_STR(walk(heading, NULL, s, sizeof s), "+heading -heading ");
	CHECK_STR(walk(c2, NULL, s, sizeof s), "+comment -comment ");
	CHECK_STR(walk(para->first, NULL, s, sizeof s), "+'a' ");
	CHECK_STR(walk(NULL, NULL, s, sizeof s), "");
}

static void t_skip(void)
{
	char s[1024];
	CHECK_STR(walk(dossier_doc_root(doc), article, s, sizeof s),
	    "+dossier +article -article -dossier ");
	CHECK_STR(walk(dossier_doc_root(doc), para, s, sizeof s),
	    "+dossier +article +paragraph -paragraph +heading -heading "
	    "+thread +comment +paragraph +'c' -paragraph +comment -comment "
	    "-comment -thread -article -dossier ");
	/* Skipping a leaf or an empty node changes nothing. */
	CHECK_STR(walk(para, para->first, s, sizeof s),
	    "+paragraph +'a' +emph +'b' -emph -paragraph ");
	CHECK_STR(walk(dossier_doc_root(doc), heading, s, sizeof s),
	    "+dossier +article +paragraph +'a' +emph +'b' -emph -paragraph "
	    "+heading -heading +thread +comment +paragraph +'c' -paragraph "
	    "+comment -comment -comment -thread -article -dossier ");
	/* Skipping the root gives its EXIT, then DONE. */
	CHECK_STR(walk(thread, thread, s, sizeof s), "+thread -thread ");
}

static void t_node_text(void)
{
	char *b = NULL;
	size_t cap = 0;
	size_t n = dossier_node_text(para, &b, &cap, 0);
	CHECK_MEM(b, n, "ab");
	/* An article's text leaves out the comments under it. */
	n = dossier_node_text(article, &b, &cap, 0);
	CHECK(memchr(b, 'c', n) == NULL);
	n = dossier_node_text(c1, &b, &cap, 0);
	CHECK_MEM(b, n, "c");
	free(b);
	CHECK_STR(node_plain(doc, para), "ab");
}

static void t_unlink(void)
{
	char s[1024];
	node_unlink(heading);
	CHECK(heading->parent == NULL && heading->prev == NULL &&
	    heading->next == NULL);
	CHECK(para->next == thread && thread->prev == para);
	node_unlink(para);
	CHECK(article->first == thread);
	node_unlink(thread);
	CHECK(article->first == NULL && article->last == NULL);
	CHECK_STR(walk(article, NULL, s, sizeof s), "+article -article ");
	node_append(article, para);
	node_append(article, thread);
	CHECK(article->first == para && article->last == thread);
}

static void t_finish(void)
{
	dossier_doc_finish(doc);
	CHECK(c1->as.comment.depth == 0);
	CHECK(c2->as.comment.depth == 1);
	CHECK_STR(dossier_doc_root(doc)->as.dossier.title, "T");
	CHECK(dossier_node_is_block(para));
	CHECK(!dossier_node_is_block(emph) && dossier_node_is_inline(emph));
	CHECK(!dossier_node_is_block(thread) && !dossier_node_is_inline(c1));
	CHECK_STR(dossier_node_type_name(DOSSIER_NODE_QUOTE), "quote");
	CHECK_STR(dossier_node_type_name(DOSSIER_NODE__MAX), "?");
	dossier_doc_free(doc);
	dossier_doc_free(NULL);
}

/* ---- the deep chain ---- */

enum { DEPTH = 100000, SMALL_STACK = 256 * 1024 };

static char json_path[256];

static void *deep(void *arg)
{
	int *ok = arg;
	dossier_doc *d = dossier_doc_new(NULL);
	dossier_node *a = add(d, dossier_doc_root(d), DOSSIER_NODE_ARTICLE);
	a->as.article.title = "Deep";
	a->as.article.source = "deep.txt";
	dossier_node *p = add(d, a, DOSSIER_NODE_PARAGRAPH);
	add_text(d, p, "body");
	dossier_node *parent = add(d, a, DOSSIER_NODE_THREAD), *last = NULL;
	for (int i = 0; i < DEPTH; i++) {
		dossier_node *c = add(d, parent, DOSSIER_NODE_COMMENT);
		c->as.comment.author = "Name";
		add_text(d, add(d, c, DOSSIER_NODE_PARAGRAPH), "reply");
		parent = last = c;
	}
	/* Walk: every ENTER has its EXIT, and the nesting is DEPTH + 3. */
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	long enters = 0, exits = 0, level = 0, max = 0;
	dossier_iter_init(&it, dossier_doc_root(d));
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev == DOSSIER_EV_ENTER && n->type != DOSSIER_NODE_TEXT) {
			enters++;
			if (++level > max)
				max = level;
		} else if (ev == DOSSIER_EV_EXIT) {
			exits++;
			level--;
		}
	}
	*ok = enters == exits && level == 0 && max == DEPTH + 4;
	if (!*ok)
		fprintf(stderr, "enters %ld exits %ld max %ld\n", enters,
		    exits, max);
	dossier_doc_finish(d);
	if (last->as.comment.depth != DEPTH - 1) {
		fprintf(stderr, "depth %d\n", last->as.comment.depth);
		*ok = 0;
	}
	/* The JSON writer walks it too. */
	dossier_error err = { 0 };
	if (dossier_render(d, json_path, "json", &err) != 0) {
		fprintf(stderr, "render: %s\n", err.message);
		*ok = 0;
	}
	dossier_doc_free(d);
	return NULL;
}

static void t_deep(void)
{
	pthread_attr_t attr;
	pthread_t th;
	int ok = 0;
	const char *tmp = getenv("TMPDIR");
	snprintf(json_path, sizeof json_path, "%s/dossier-deep-%ld.json",
	    tmp && *tmp ? tmp : "/tmp", (long)getpid());
	/* A small stack proves there is no recursion: 100,000 frames of
	 * even 16 bytes would need 1.6 MB. */
	pthread_attr_init(&attr);
	CHECK(pthread_attr_setstacksize(&attr, SMALL_STACK) == 0);
	CHECK(pthread_create(&th, &attr, deep, &ok) == 0);
	pthread_join(th, NULL);
	pthread_attr_destroy(&attr);
	CHECK(ok);
	/* The JSON holds every comment, nested. */
	FILE *f = fopen(json_path, "rb");
	CHECK(f != NULL);
	if (f) {
		long authors = 0, depth = 0, max = 0;
		int c, prev = 0;
		const char *key = "\"author\"";
		size_t k = 0;
		while ((c = getc(f)) != EOF) {
			k = c == key[k] ? k + 1 : c == key[0] ? 1 : 0;
			if (!key[k])
				authors++, k = 0;
			if (c == '[' && prev != '\\' && ++depth > max)
				max = depth;
			else if (c == ']' && prev != '\\')
				depth--;
			prev = c;
		}
		fclose(f);
		CHECK(authors == DEPTH);
		CHECK(depth == 0);
		CHECK(max >= DEPTH);
	}
	unlink(json_path);
}

int main(void)
{
	build_small();
	RUN(t_order, "iterator: ENTER/EXIT order over a whole document");
	RUN(t_subtree, "iterator: a subtree walk stays inside the subtree");
	RUN(t_skip, "iterator: dossier_iter_skip");
	RUN(t_node_text, "dossier_node_text flattens inlines, skips replies");
	RUN(t_unlink, "node_unlink and node_append");
	RUN(t_finish, "dossier_doc_finish sets depths and the title");
	RUN(t_deep, "a reply chain 100000 deep: walked, rendered, freed on "
	    "a 256 KiB stack");
	TAP_EXIT();
}
