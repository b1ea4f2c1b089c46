/* json.c: the tree as JSON: the contract that tests (tests/parse/) and
 * scripts read; its fields are the public tree's (src/dossier.h). Walks the tree with the iterator, so reply chains
 * of any depth are written without recursion. */
#include "../../plugin/plugin.h"

#include <stdlib.h>
#include <string.h>

typedef struct jw {
	buf out;
	char *tmp;	/* scratch for plain text */
	buf flat;	/* and for it as the contract spells it */
	size_t tmpcap;
	outfile *of;
} jw;

static void flush_some(jw *w)
{
	if (w->out.len > 1 << 16) {
		if (fwrite(w->out.data, 1, w->out.len, w->of->fp) != w->out.len)
			w->of->failed = 1;
		w->out.len = 0;
	}
}

static void str(jw *w, const char *s)
{
	if (s)
		escape_json(&w->out, s, strlen(s));
	else
		buf_puts(&w->out, "null");
}

static void key(jw *w, const char *k, const char *v)
{
	buf_printf(&w->out, ",\"%s\":", k);
	str(w, v);
}

/* Links inside a block, as an extra key. */
static void links(jw *w, const dossier_node *block)
{
	int any = 0;
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, (dossier_node *)block);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER || n->type != DOSSIER_NODE_LINK)
			continue;
		size_t len = dossier_node_text(n, &w->tmp, &w->tmpcap, 0);
		buf_puts(&w->out, any ? "," : ",\"links\":[");
		buf_puts(&w->out, "{\"text\":");
		escape_json(&w->out, w->tmp, len);
		buf_puts(&w->out, ",\"url\":");
		str(w, n->as.link.url);
		buf_putc(&w->out, '}');
		any = 1;
	}
	if (any)
		buf_putc(&w->out, ']');
}

/* The contract's text: every run of white space one space, none at the
 * ends (a <br>'s "\n" and a <pre>'s spaces too), appended to OUT. */
static void collapse(buf *out, const char *s, size_t len)
{
	int space = 0, any = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = any;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = 0;
		any = 1;
		buf_putc(out, c);
	}
}

static void flat(jw *w, const char *s, size_t len)
{
	w->flat.len = 0;
	collapse(&w->flat, s, len);
	escape_json(&w->out, w->flat.data ? w->flat.data : "", w->flat.len);
}

/* A block whose text has line breaks (a <br>, a <pre>) gives them as an
 * extra key, the lines as the source has them, so "text" can keep the
 * contract and nothing of the layout is lost. */
static void lines(jw *w, const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);
	if (!nl)
		return;
	buf_puts(&w->out, ",\"lines\":[");
	for (const char *p = s, *end = s + len;; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		escape_json(&w->out, p, (size_t)((nl ? nl : end) - p));
		if (!nl)
			break;
		buf_putc(&w->out, ',');
	}
	buf_putc(&w->out, ']');
}

static void block(jw *w, const dossier_node *b)
{
	buf_puts(&w->out, b->prev ? ",\n    {\"type\":" : "\n    {\"type\":");
	str(w, dossier_node_type_name(b->type));
	if (b->type == DOSSIER_NODE_LIST) {
		buf_puts(&w->out, ",\"items\":[");
		for (dossier_node *i = b->first; i; i = i->next) {
			size_t len = dossier_node_text(i, &w->tmp, &w->tmpcap, 0);
			if (i != b->first)
				buf_putc(&w->out, ',');
			flat(w, w->tmp, len);
		}
		buf_putc(&w->out, ']');
		if (b->as.list.ordered)
			buf_puts(&w->out, ",\"ordered\":true");
	} else {
		size_t len = dossier_node_text(b, &w->tmp, &w->tmpcap, 0);
		buf_puts(&w->out, ",\"text\":");
		flat(w, w->tmp, len);
		lines(w, w->tmp, len);
	}
	if (b->type == DOSSIER_NODE_HEADING)
		buf_printf(&w->out, ",\"level\":%d", b->as.heading.level);
	if (b->type == DOSSIER_NODE_PARAGRAPH && b->as.paragraph.pre)
		buf_puts(&w->out, ",\"pre\":true");
	if (b->type == DOSSIER_NODE_CAPTION && b->as.caption.credit)
		key(w, "credit", b->as.caption.credit);
	links(w, b);
	buf_printf(&w->out, ",\"line\":%u}", b->line);
}

static void comment_open(jw *w, const dossier_node *c)
{
	int first = !c->prev || c->prev->type != DOSSIER_NODE_COMMENT;
	buf_puts(&w->out, first ? "\n{\"author\":" : ",\n{\"author\":");
	str(w, c->as.comment.author);
	key(w, "title", c->as.comment.title);
	key(w, "date", c->as.comment.date);
	/* The comment's own paragraphs, joined by a blank line. */
	w->flat.len = 0;
	for (dossier_node *p = c->first; p && p->type != DOSSIER_NODE_COMMENT;
	    p = p->next) {
		size_t len = dossier_node_text(p, &w->tmp, &w->tmpcap, 0);
		if (w->flat.len)
			buf_puts(&w->flat, "\n\n");
		collapse(&w->flat, w->tmp, len);
	}
	buf_puts(&w->out, ",\"text\":");
	escape_json(&w->out, w->flat.data ? w->flat.data : "", w->flat.len);
	if (c->as.comment.lang)
		key(w, "lang", c->as.comment.lang);
	buf_printf(&w->out, ",\"line\":%u,\"replies\":[", c->line);
}

static void article_open(jw *w, const dossier_node *a)
{
	buf_puts(&w->out, "{\"source\":");
	str(w, a->as.article.source);
	key(w, "title", a->as.article.title);
	key(w, "subtitle", a->as.article.subtitle);
	key(w, "kicker", a->as.article.kicker);
	key(w, "byline", a->as.article.byline);
	key(w, "date", a->as.article.date);
	key(w, "lang", a->as.article.lang);
	if (a->as.article.url)
		key(w, "url", a->as.article.url);
	if (a->as.article.site)
		key(w, "site", a->as.article.site);
	buf_printf(&w->out, ",\"title_derived\":%s,\n  \"body\":[",
	    a->as.article.title_derived ? "true" : "false");
}

static int has_thread(const dossier_node *a)
{
	return a->last && a->last->type == DOSSIER_NODE_THREAD;
}

static int render_json(dossier_doc *doc, const char *path, dossier_error *err)
{
	outfile of;
	if (outfile_open(&of, path, err) != 0)
		return -1;
	jw w = { .of = &of };
	dossier_node *root = dossier_doc_root(doc);
	/* One file given: the article itself, as the spec says. */
	int single = doc->single_file && root->first && !root->first->next;
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, single ? root->first : root);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		flush_some(&w);
		int enter = ev == DOSSIER_EV_ENTER;
		switch (n->type) {
		case DOSSIER_NODE_DOSSIER:
			if (enter) {
				buf_puts(&w.out, "{\"title\":");
				str(&w, n->as.dossier.title);
				key(&w, "subtitle", n->as.dossier.subtitle);
				key(&w, "editor", n->as.dossier.editor);
				key(&w, "lang", n->as.dossier.lang);
				key(&w, "description", n->as.dossier.description);
				key(&w, "date", n->as.dossier.date);
				buf_puts(&w.out, ",\"articles\":[\n");
			} else {
				buf_puts(&w.out, "]}\n");
			}
			break;
		case DOSSIER_NODE_ARTICLE:
			if (enter) {
				if (n->prev)
					buf_puts(&w.out, ",\n");
				article_open(&w, n);
			} else {
				buf_puts(&w.out, has_thread(n) ? "]}" :
				    "],\n  \"comments\":[]}");
				if (single)
					buf_putc(&w.out, '\n');
			}
			break;
		case DOSSIER_NODE_THREAD:
			if (enter)
				buf_puts(&w.out, "],\n  \"comments\":[");
			break;
		case DOSSIER_NODE_COMMENT:
			if (enter)
				comment_open(&w, n);
			else
				buf_puts(&w.out, "]}");
			break;
		default:
			if (enter && dossier_node_is_block(n)) {
				if (n->parent->type == DOSSIER_NODE_ARTICLE)
					block(&w, n);
				dossier_iter_skip(&it);
			}
			break;
		}
	}
	if (fwrite(w.out.data, 1, w.out.len, of.fp) != w.out.len)
		of.failed = 1;
	buf_free(&w.out);
	buf_free(&w.flat);
	free(w.tmp);
	return outfile_commit(&of, err);
}

const dossier_writer dossier_writer_json = {
	.name = "json",
	.extension = "json",
	.render = render_json,
};
