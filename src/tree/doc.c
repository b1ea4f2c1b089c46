/* doc.c: documents, nodes and the diagnostics channel. */
#include "tree.h"
#include "../plugin/plugin.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const type_names[DOSSIER_NODE__MAX] = {
	[DOSSIER_NODE_NONE] = "none",
	[DOSSIER_NODE_DOSSIER] = "dossier",
	[DOSSIER_NODE_ARTICLE] = "article",
	[DOSSIER_NODE_THREAD] = "thread",
	[DOSSIER_NODE_COMMENT] = "comment",
	[DOSSIER_NODE_HEADING] = "heading",
	[DOSSIER_NODE_PARAGRAPH] = "paragraph",
	[DOSSIER_NODE_QUOTE] = "quote",
	[DOSSIER_NODE_LIST] = "list",
	[DOSSIER_NODE_ITEM] = "item",
	[DOSSIER_NODE_CAPTION] = "caption",
	[DOSSIER_NODE_NOTE] = "note",
	[DOSSIER_NODE_TEXT] = "text",
	[DOSSIER_NODE_EMPH] = "emph",
	[DOSSIER_NODE_LINK] = "link",
};

const char *dossier_node_type_name(dossier_node_type t)
{
	return t < DOSSIER_NODE__MAX && type_names[t] ? type_names[t] : "?";
}

static void diag_stderr(void *ctx, const char *file, unsigned line,
    const char *msg)
{
	(void)ctx;
	if (file && line)
		fprintf(stderr, "%s:%u: warning: %s\n", file, line, msg);
	else if (file)
		fprintf(stderr, "%s: warning: %s\n", file, msg);
	else
		fprintf(stderr, "dossier: warning: %s\n", msg);
}

dossier_doc *dossier_doc_new(const dossier_options *opts)
{
	dossier_doc *doc = xcalloc(1, sizeof *doc);
	arena_init(&doc->mem);
	if (opts)
		doc->opts = *opts;
	if (!doc->opts.diag)
		doc->opts.diag = diag_stderr;
	/* The caller's strings meet the rule the reader's text meets
	 * (src/read/decode.c): what no writer can take becomes U+FFFD. */
	struct { const char **s, *what; } given[] = {
		{ &doc->opts.title, "title" }, { &doc->opts.subtitle, "subtitle" },
		{ &doc->opts.editor, "editor" }, { &doc->opts.lang, "lang" },
	};
	for (size_t i = 0; i < sizeof given / sizeof *given; i++) {
		int fixed;
		*given[i].s = utf8_clean(&doc->mem, *given[i].s, &fixed);
		if (fixed)
			dossier_warn(doc, NULL, 0, "--%s: invalid UTF-8 or "
			    "noncharacters replaced by U+FFFD", given[i].what);
	}
	doc->root = node_new(doc, DOSSIER_NODE_DOSSIER, NULL, 0);
	doc->root->as.dossier.lang = doc->opts.lang ? doc->opts.lang : "en";
	doc->root->as.dossier.subtitle = doc->opts.subtitle;
	doc->root->as.dossier.editor = doc->opts.editor;
	(void)doc_data_dir(doc);
	return doc;
}

void dossier_doc_free(dossier_doc *doc)
{
	if (!doc)
		return;
	if (doc->book)
		doc->book_free(doc->book);
	arena_free(&doc->mem);
	free(doc->data_dir);
	free(doc->cache_dir);
	free(doc->yaml_dir);
	if (doc->patterns)
		reader_patterns_free(doc->patterns);
	free(doc);
}

dossier_stats dossier_doc_stats(const dossier_doc *doc)
{
	return (dossier_stats){ doc->articles, doc->comments,
	    doc->pages };
}

dossier_node *dossier_doc_root(dossier_doc *doc)
{
	return doc->root;
}

const dossier_options *dossier_doc_options(const dossier_doc *doc)
{
	return &doc->opts;
}

unsigned dossier_doc_warnings(const dossier_doc *doc)
{
	return doc->warnings;
}

void dossier_warn(dossier_doc *doc, const char *file, unsigned line,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	doc->warnings++;
	doc->opts.diag(doc->opts.diag_ctx, file, line, msg);
}

/* A node is allocated to its kind's size: the dossier, articles and
 * comments carry the whole payload, every other node (a million at
 * 10,000 articles) at most a pointer and a length (text), and those
 * nodes change type only among themselves (the HTML reader's blocks). */
#define NODE_HEAD offsetof(dossier_node, as)
#define NODE_SMALL (2 * sizeof(void *))
_Static_assert(sizeof(((dossier_node *)0)->as.text) <= NODE_SMALL &&
    sizeof(((dossier_node *)0)->as.heading) <= NODE_SMALL &&
    sizeof(((dossier_node *)0)->as.list) <= NODE_SMALL &&
    sizeof(((dossier_node *)0)->as.caption) <= NODE_SMALL &&
    sizeof(((dossier_node *)0)->as.link) <= NODE_SMALL,
    "a small node's payload outgrew NODE_SMALL");

static size_t node_size(dossier_node_type type)
{
	switch (type) {
	case DOSSIER_NODE_DOSSIER:
	case DOSSIER_NODE_ARTICLE:
	case DOSSIER_NODE_COMMENT:
		return sizeof(dossier_node);
	default:
		return NODE_HEAD + NODE_SMALL;
	}
}

dossier_node *node_new(dossier_doc *doc, dossier_node_type type,
    const char *file, unsigned line)
{
	dossier_node *n = arena_alloc(&doc->mem, node_size(type));
	n->type = type;
	n->file = file;
	n->line = line;
	return n;
}

void node_append(dossier_node *parent, dossier_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void node_unlink(dossier_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

dossier_node *node_text(dossier_doc *doc, const char *s, size_t n,
    const char *file, unsigned line)
{
	dossier_node *t = node_new(doc, DOSSIER_NODE_TEXT, file, line);
	t->as.text.text = arena_strndup(&doc->mem, s, n);
	t->as.text.len = n;
	return t;
}

dossier_node *node_text_owned(dossier_doc *doc, const char *s, size_t n,
    const char *file, unsigned line)
{
	dossier_node *t = node_new(doc, DOSSIER_NODE_TEXT, file, line);
	t->as.text.text = s;
	t->as.text.len = n;
	return t;
}

size_t dossier_node_text(const dossier_node *n, char **bufp, size_t *cap,
    size_t len)
{
	buf b = { *bufp, len, *cap };
	dossier_iter it;
	dossier_node *cur;
	dossier_event ev;
	int blocks = 0;
	dossier_iter_init(&it, (dossier_node *)n);
	while ((ev = dossier_iter_next(&it, &cur)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER)
			continue;
		if (cur->type == DOSSIER_NODE_TEXT) {
			buf_put(&b, cur->as.text.text, cur->as.text.len);
		} else if (cur != n && (cur->type == DOSSIER_NODE_COMMENT ||
		    cur->type == DOSSIER_NODE_THREAD)) {
			dossier_iter_skip(&it);	/* replies are not our text */
		} else if (cur != n && dossier_node_is_block(cur) &&
		    cur->parent->type != DOSSIER_NODE_LIST) {
			if (blocks++)	/* blocks are separated by a blank line */
				buf_put(&b, "\n\n", 2);
		} else if (cur != n && cur->type == DOSSIER_NODE_ITEM && cur->prev) {
			buf_putc(&b, ' ');
		}
	}
	buf_grow(&b, 0);
	b.data[b.len] = '\0';
	*bufp = b.data;
	*cap = b.cap;
	return b.len;
}

size_t node_count_comments(dossier_node *thread)
{
	size_t count = 0;
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, thread);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER)
			continue;
		if (n->type == DOSSIER_NODE_COMMENT)
			count++;
		else if (n != thread)
			dossier_iter_skip(&it);	/* a comment's paragraphs */
	}
	return count;
}

const char *node_plain(dossier_doc *doc, const dossier_node *n)
{
	char *tmp = NULL;
	size_t cap = 0, len = dossier_node_text(n, &tmp, &cap, 0);
	char *s = arena_strndup(&doc->mem, tmp, len);
	free(tmp);
	return s;
}

void doc_progress(dossier_doc *doc, const char *stage, unsigned done,
    unsigned total)
{
	if (doc->opts.progress)
		doc->opts.progress(doc->opts.progress_ctx, stage, done, total);
}

const char *doc_data_dir(dossier_doc *doc)
{
	if (!doc->data_dir) {
		const char *d = doc->opts.data_dir;
		if (!d || !*d)
			d = getenv("DOSSIER_DATA_DIR");
		if (!d || !*d)
			d = install_data_dir();
		doc->data_dir = xstrdup(d);
	}
	return doc->data_dir;
}

const char *fonts_dir(dossier_doc *doc)
{
	if (!doc->fonts_dir)
		doc->fonts_dir = arena_printf(&doc->mem, "%s/fonts",
		    doc_data_dir(doc));
	return doc->fonts_dir;
}

/* $SOURCE_DATE_EPOCH, or 0 when unset or not a number. */
static long long source_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v < 0 ? 0 : v;
}

static long long inputs_date(dossier_doc *doc)
{
	long long t = source_epoch();
	if (!t) {
		for (dossier_node *a = doc->root->first; a; a = a->next) {
			struct stat st;
			if (a->type == DOSSIER_NODE_ARTICLE &&
			    a->as.article.source &&
			    stat(a->as.article.source, &st) == 0 &&
			    (long long)st.st_mtime > t)
				t = (long long)st.st_mtime;
		}
	}
	return t < DOC_DATE_MIN ? DOC_DATE_MIN : t;
}

/* Known once the reading is done (dossier_doc_finish): each output asks,
 * and the PDF more than once, from its threads. */
long long doc_date(dossier_doc *doc)
{
	return doc->date ? doc->date : inputs_date(doc);
}

/* After the last read: depths, counts, and a dossier title when none was
 * given. One iterative pass. (A subtitle made of the counts is the
 * book's, in its language: src/book/.) */
void dossier_doc_finish(dossier_doc *doc)
{
	dossier_node *root = doc->root, *n;
	dossier_iter it;
	dossier_event ev;
	doc->articles = doc->comments = 0;
	dossier_iter_init(&it, root);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER)
			continue;
		if (n->type == DOSSIER_NODE_ARTICLE) {
			doc->articles++;
		} else if (n->type == DOSSIER_NODE_COMMENT) {
			doc->comments++;
			n->as.comment.depth =
			    n->parent->type == DOSSIER_NODE_COMMENT ?
			    n->parent->as.comment.depth + 1 : 0;
		} else if (dossier_node_is_block(n)) {
			dossier_iter_skip(&it);
		}
	}
	dossier_node *d = root;
	if (doc->opts.title && *doc->opts.title)
		d->as.dossier.title = doc->opts.title;
	else if (d->as.dossier.title)
		;	/* from dossier.yaml */
	else if (doc->articles == 1)
		d->as.dossier.title = root->first->as.article.title;
	else
		d->as.dossier.title = "Dossier";
	doc->date = inputs_date(doc);
	if (doc->book) {	/* made of what was read before */
		doc->book_free(doc->book);
		doc->book = NULL;
	}
}

/* The publication and its address from front matter, else the input: a
 * web address as a link, a file by its name only (the reader's folders
 * are nobody's business). */
void article_source(const dossier_node *a, const char **site,
    const char **url)
{
	const char *src = a->as.article.source;
	*site = a->as.article.site;
	*url = a->as.article.url;
	if (!*site && !*url && src && *src) {
		const char *slash = strrchr(src, '/');
		if (url_allowed(src))
			*url = src;
		else
			*site = slash && slash[1] ? slash + 1 : src;
	}
	if (*url && !url_allowed(*url))
		*url = NULL;
}
