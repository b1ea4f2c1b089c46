/* pandoc.c: the dossier as pandoc's JSON AST (`pandoc -f json`), so that
 * pandoc writes it to any of its formats and Lua filters can work on it.
 *
 * The API version is that of pandoc-types in the pandoc we test with
 * (Debian 12: pandoc 2.17, pandoc-types 1.22.2.1); pandoc reads an AST of
 * the same major and minor version. The book's title, subtitle, editor,
 * lang, date and description become metadata; each article is a Div
 * (class "article") opening with a level-1 Header; a discussion is a Div
 * (class "discussion") of comments, each a Div of class "comment" with
 * attributes author, date, depth (and title, lang when known): a Div of
 * class "meta" with who and when, the text, then its replies, inside it
 * as deep as the thread goes. The tree is walked with
 * the iterator, so a reply chain of any depth is written without
 * recursion. */
#include "../../plugin/plugin.h"
#include "../../book/book.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PANDOC_API_VERSION "[1,22,2,1]"

typedef struct pw {
	buf out;
	outfile *of;
	/* One byte per open JSON array: 1 until its first element. */
	buf first;
	/* A space seen in the text and not yet written: written before the
	 * next word of the same run of inlines, dropped at a block's end, so
	 * no inline list starts or ends with a Space. */
	int space;
	const book_words *words;
	char num[32];
} pw;

static void flush_some(pw *w)
{
	if (w->out.len > 1 << 16) {
		if (fwrite(w->out.data, 1, w->out.len, w->of->fp) != w->out.len)
			w->of->failed = 1;
		w->out.len = 0;
	}
}

/* ---- JSON arrays: commas by the stack of open arrays ---------------- */

/* Begin an element of the innermost open array. */
static void elem(pw *w)
{
	if (!w->first.len)
		return;
	char *top = &w->first.data[w->first.len - 1];
	if (!*top)
		buf_putc(&w->out, ',');
	*top = 0;
}

/* Write s (which opens an array as its last character) as an element. */
static void arr_open(pw *w, const char *s)
{
	elem(w);
	buf_puts(&w->out, s);
	buf_putc(&w->first, 1);
}

static void arr_close(pw *w, const char *s)
{
	if (w->first.len)
		w->first.len--;
	buf_puts(&w->out, s);
}

static void str(pw *w, const char *s, size_t n)
{
	escape_json(&w->out, s, n);
}

static void cstr(pw *w, const char *s)
{
	str(w, s, strlen(s));
}

/* ---- inlines -------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void pending_space(pw *w)
{
	if (w->space) {
		elem(w);
		buf_puts(&w->out, "{\"t\":\"Space\"}");
		w->space = 0;
	}
}

/* Text as pandoc wants it: words as Str, runs of white space as one
 * Space, or a LineBreak if they hold the tree's line break. */
static void text(pw *w, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (is_space(s[i])) {
			int nl = 0;
			while (i < n && is_space(s[i]))
				nl |= s[i++] == '\n';
			if (nl && w->first.len &&
			    !w->first.data[w->first.len - 1]) {
				w->space = 0;
				elem(w);
				buf_puts(&w->out, "{\"t\":\"LineBreak\"}");
				continue;
			}
			/* Not at the start of an inline list. */
			if (w->first.len && !w->first.data[w->first.len - 1])
				w->space = 1;
			continue;
		}
		size_t j = i;
		while (j < n && !is_space(s[j]))
			j++;
		pending_space(w);
		elem(w);
		buf_puts(&w->out, "{\"t\":\"Str\",\"c\":");
		str(w, s + i, j - i);
		buf_putc(&w->out, '}');
		i = j;
	}
}

static void ctext(pw *w, const char *s)
{
	if (s)
		text(w, s, strlen(s));
}

/* Open an inline container at the current place (its pending space goes
 * before it). */
static void open_inline(pw *w, const char *s)
{
	pending_space(w);
	arr_open(w, s);
}

/* Close one; a space pending at its end belongs after it. */
static void close_inline(pw *w, const char *s)
{
	int space = w->space;
	w->space = 0;
	arr_close(w, s);
	w->space = space;
}

/* A block's inlines end: a trailing space is dropped. */
static void close_block(pw *w, const char *s)
{
	w->space = 0;
	arr_close(w, s);
}

static void open_link(pw *w)
{
	open_inline(w, "{\"t\":\"Link\",\"c\":[[\"\",[],[]],[");
}

static void close_link(pw *w, const char *url)
{
	int space = w->space;
	w->space = 0;
	arr_close(w, "],[");
	cstr(w, url);
	buf_puts(&w->out, ",\"\"]]}");
	w->space = space;
}

/* The inlines of a block node, walked with the iterator; a block met
 * inside (the tree says there is none) gives its text only. */
static void inlines(pw *w, dossier_node *b)
{
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, b);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (n == b)
			continue;
		int enter = ev == DOSSIER_EV_ENTER;
		switch (n->type) {
		case DOSSIER_NODE_TEXT:
			text(w, n->as.text.text, n->as.text.len);
			break;
		case DOSSIER_NODE_EMPH:
			if (enter)
				open_inline(w, "{\"t\":\"Emph\",\"c\":[");
			else
				close_inline(w, "]}");
			break;
		case DOSSIER_NODE_LINK:
			if (!url_allowed(n->as.link.url))
				break;	/* its text only */
			if (enter)
				open_link(w);
			else
				close_link(w, n->as.link.url);
			break;
		default:
			break;	/* blocks and items inside: their text */
		}
		flush_some(w);
	}
}

/* ---- blocks --------------------------------------------------------- */

/* An attribute pair [k, v], when v is given. */
static void attr_kv(pw *w, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	elem(w);
	buf_putc(&w->out, '[');
	cstr(w, k);
	buf_putc(&w->out, ',');
	cstr(w, v);
	buf_putc(&w->out, ']');
}

/* Div [id, [class], [...]]: the key-value list is left open for attr_kv,
 * to be ended by div_body. */
static void div_begin(pw *w, const char *id, const char *cls)
{
	elem(w);
	buf_puts(&w->out, "{\"t\":\"Div\",\"c\":[[");
	cstr(w, id ? id : "");
	buf_puts(&w->out, ",[");
	if (cls)
		cstr(w, cls);
	buf_puts(&w->out, "],[");
	buf_putc(&w->first, 1);
}

static void div_body(pw *w)
{
	arr_close(w, "]],[");
	buf_putc(&w->first, 1);
}

static void div_end(pw *w)
{
	arr_close(w, "]]}");
}

/* A Div of one class holding one paragraph of s. */
static void div_para(pw *w, const char *cls, const char *s)
{
	div_begin(w, NULL, cls);
	div_body(w);
	arr_open(w, "{\"t\":\"Para\",\"c\":[");
	ctext(w, s);
	close_block(w, "]}");
	div_end(w);
}

static void header(pw *w, int level, const char *id, const char *s)
{
	elem(w);
	buf_printf(&w->out, "{\"t\":\"Header\",\"c\":[%d,[", level);
	cstr(w, id ? id : "");
	buf_puts(&w->out, ",[],[]],[");
	buf_putc(&w->first, 1);
	ctext(w, s);
	close_block(w, "]]}");
}

/* A preformatted paragraph: its text as it is, emphasis and links
 * flattened (a CodeBlock holds no markup). */
static void code_block(pw *w, const dossier_node *b)
{
	char *t = NULL;
	size_t cap = 0, len = dossier_node_text(b, &t, &cap, 0);
	w->space = 0;
	elem(w);
	buf_puts(&w->out, "{\"t\":\"CodeBlock\",\"c\":[[\"\",[],[]],");
	str(w, t ? t : "", len);
	buf_puts(&w->out, "]}");
	free(t);
}

static void block(pw *w, dossier_node *b)
{
	switch (b->type) {
	case DOSSIER_NODE_HEADING:
		elem(w);
		buf_printf(&w->out, "{\"t\":\"Header\",\"c\":[%d,[\"\",[],[]],[",
		    b->as.heading.level <= 1 ? 2 : 3);
		buf_putc(&w->first, 1);
		inlines(w, b);
		close_block(w, "]]}");
		break;
	case DOSSIER_NODE_QUOTE:
		arr_open(w, "{\"t\":\"BlockQuote\",\"c\":[");
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		inlines(w, b);
		close_block(w, "]}");
		arr_close(w, "]}");
		break;
	case DOSSIER_NODE_LIST:
		if (b->as.list.ordered)
			arr_open(w, "{\"t\":\"OrderedList\",\"c\":[[1,{\"t\":"
			    "\"Decimal\"},{\"t\":\"Period\"}],[");
		else
			arr_open(w, "{\"t\":\"BulletList\",\"c\":[");
		for (dossier_node *i = b->first; i; i = i->next) {
			arr_open(w, "[");
			arr_open(w, "{\"t\":\"Plain\",\"c\":[");
			inlines(w, i);
			close_block(w, "]}");
			arr_close(w, "]");
		}
		arr_close(w, b->as.list.ordered ? "]]}" : "]}");
		break;
	case DOSSIER_NODE_CAPTION:
	case DOSSIER_NODE_NOTE:
		div_begin(w, NULL, b->type == DOSSIER_NODE_NOTE ? "note" :
		    "caption");
		div_body(w);
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		inlines(w, b);
		if (b->type == DOSSIER_NODE_CAPTION && b->as.caption.credit &&
		    *b->as.caption.credit) {
			w->space = 1;
			open_inline(w, "{\"t\":\"Span\",\"c\":[[\"\","
			    "[\"credit\"],[]],[");
			ctext(w, b->as.caption.credit);
			close_inline(w, "]]}");
		}
		close_block(w, "]}");
		div_end(w);
		break;
	default:	/* a paragraph, or what stands for one */
		if (b->type == DOSSIER_NODE_PARAGRAPH && b->as.paragraph.pre) {
			code_block(w, b);
			break;
		}
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		inlines(w, b);
		close_block(w, "]}");
		break;
	}
}

/* ---- comments and articles ----------------------------------------- */

static void comment_begin(pw *w, const dossier_node *c)
{
	const char *author = c->as.comment.author;
	div_begin(w, NULL, "comment");
	attr_kv(w, "author", author);
	attr_kv(w, "date", c->as.comment.date);
	snprintf(w->num, sizeof w->num, "%d", c->as.comment.depth);
	attr_kv(w, "depth", w->num);
	attr_kv(w, "title", c->as.comment.title);
	attr_kv(w, "lang", c->as.comment.lang);
	div_body(w);
	/* Who and when, as the EPUB shows them, in a Div of class "meta" so
	 * that a filter tells them from the comment's text. */
	div_begin(w, NULL, "meta");
	div_body(w);
	arr_open(w, "{\"t\":\"Para\",\"c\":[");
	open_inline(w, "{\"t\":\"Strong\",\"c\":[");
	ctext(w, author && *author ? author : w->words->anonymous);
	close_inline(w, "]}");
	if (c->as.comment.date && *c->as.comment.date) {
		w->space = 1;
		ctext(w, "\u00b7 ");
		ctext(w, c->as.comment.date);
	}
	close_block(w, "]}");
	if (c->as.comment.title && *c->as.comment.title) {
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		open_inline(w, "{\"t\":\"Emph\",\"c\":[");
		ctext(w, c->as.comment.title);
		close_inline(w, "]}");
		close_block(w, "]}");
	}
	div_end(w);
}

static void article_begin(pw *w, const dossier_node *a, unsigned index)
{
	char id[32];
	snprintf(id, sizeof id, "article-%u", index);
	div_begin(w, NULL, "article");
	attr_kv(w, "source", a->as.article.source);
	attr_kv(w, "url", url_allowed(a->as.article.url) ?
	    a->as.article.url : NULL);
	attr_kv(w, "site", a->as.article.site);
	attr_kv(w, "lang", a->as.article.lang);
	div_body(w);
	if (a->as.article.kicker && *a->as.article.kicker)
		div_para(w, "kicker", a->as.article.kicker);
	header(w, 1, id, a->as.article.title && *a->as.article.title ?
	    a->as.article.title : w->words->untitled);
	if (a->as.article.subtitle && *a->as.article.subtitle)
		div_para(w, "dek", a->as.article.subtitle);
	char dbuf[96], iso[11];
	const char *by = a->as.article.byline, *date = book_date_show(w->words,
	    a->as.article.date, dbuf, sizeof dbuf, iso);
	if ((by && *by) || (date && *date)) {
		div_begin(w, NULL, "byline");
		div_body(w);
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		ctext(w, by);
		if (by && *by && date && *date) {
			w->space = 1;
			ctext(w, "\u00b7 ");
		}
		ctext(w, date);
		close_block(w, "]}");
		div_end(w);
	}
	const char *site, *url;
	article_source(a, &site, &url);
	if (site || url) {
		div_begin(w, NULL, "source");
		div_body(w);
		arr_open(w, "{\"t\":\"Para\",\"c\":[");
		ctext(w, w->words->source);
		w->space = 1;
		if (url)
			open_link(w);
		ctext(w, site ? site : url);
		if (url)
			close_link(w, url);
		close_block(w, "]}");
		div_end(w);
	}
}

/* ---- metadata ------------------------------------------------------- */

static void meta_inlines(pw *w, const char *key, const char *s)
{
	if (!s || !*s)
		return;
	elem(w);
	cstr(w, key);
	buf_puts(&w->out, ":{\"t\":\"MetaInlines\",\"c\":[");
	buf_putc(&w->first, 1);
	ctext(w, s);
	close_block(w, "]}");
}

static void meta(pw *w, dossier_doc *doc, const dossier_node *r)
{
	buf_puts(&w->out, ",\"meta\":{");
	buf_putc(&w->first, 1);
	meta_inlines(w, "title", r->as.dossier.title);
	meta_inlines(w, "subtitle", r->as.dossier.subtitle);
	const char *ed = r->as.dossier.editor;
	if (ed && *ed) {
		/* pandoc's templates show "author" on the title page. */
		elem(w);
		buf_puts(&w->out, "\"author\":{\"t\":\"MetaList\",\"c\":[");
		buf_putc(&w->first, 1);
		elem(w);
		buf_puts(&w->out, "{\"t\":\"MetaInlines\",\"c\":[");
		buf_putc(&w->first, 1);
		ctext(w, ed);
		close_block(w, "]}");
		arr_close(w, "]}");
		meta_inlines(w, "editor", ed);
	}
	if (r->as.dossier.lang && *r->as.dossier.lang) {
		elem(w);
		buf_puts(&w->out, "\"lang\":{\"t\":\"MetaString\",\"c\":");
		cstr(w, r->as.dossier.lang);
		buf_putc(&w->out, '}');
	}
	/* The dossier's own date, else the inputs' (SOURCE_DATE_EPOCH), as
	 * the EPUB and the PDF date themselves. */
	char date[32];
	const char *d = r->as.dossier.date;
	if (!d || !*d) {
		time_t t = (time_t)doc_date(doc);
		struct tm tm;
		if (gmtime_r(&t, &tm) &&
		    strftime(date, sizeof date, "%Y-%m-%d", &tm))
			d = date;
	}
	meta_inlines(w, "date", d);
	meta_inlines(w, "description", r->as.dossier.description);
	meta_inlines(w, "abstract", r->as.dossier.description);
	arr_close(w, "}");
}

/* ---- the document --------------------------------------------------- */

static int render_pandoc(dossier_doc *doc, const char *path,
    dossier_error *err)
{
	outfile of;
	if (outfile_open(&of, path, err) != 0)
		return -1;
	dossier_node *root = dossier_doc_root(doc);
	pw w = { .of = &of, .words = book_words_for(root->as.dossier.lang) };
	buf_puts(&w.out, "{\"pandoc-api-version\":" PANDOC_API_VERSION);
	meta(&w, doc, root);
	buf_puts(&w.out, ",\"blocks\":[\n");
	buf_putc(&w.first, 1);
	unsigned index = 0;
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, root);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		flush_some(&w);
		int enter = ev == DOSSIER_EV_ENTER;
		switch (n->type) {
		case DOSSIER_NODE_DOSSIER:
			break;
		case DOSSIER_NODE_ARTICLE:
			if (enter) {
				w.words = book_words_for(n->as.article.lang);
				article_begin(&w, n, ++index);
			} else {
				div_end(&w);
				buf_putc(&w.out, '\n');
			}
			break;
		case DOSSIER_NODE_THREAD:
			if (enter && !node_count_comments(n)) {
				dossier_iter_skip(&it);
				break;
			}
			if (enter) {
				div_begin(&w, NULL, "discussion");
				div_body(&w);
				header(&w, 2, NULL, w.words->discussion);
			} else {
				div_end(&w);
			}
			break;
		case DOSSIER_NODE_COMMENT:
			if (enter)
				comment_begin(&w, n);
			else
				div_end(&w);
			break;
		default:
			if (enter && dossier_node_is_block(n)) {
				block(&w, n);
				dossier_iter_skip(&it);
			}
			break;
		}
	}
	arr_close(&w, "]}\n");
	if (fwrite(w.out.data, 1, w.out.len, of.fp) != w.out.len)
		of.failed = 1;
	buf_free(&w.out);
	buf_free(&w.first);
	return outfile_commit(&of, err);
}

/* The extension is "pandoc": ".json" stays the tree (tree --json). */
const dossier_writer dossier_writer_pandoc = {
	.name = "pandoc",
	.extension = "pandoc",
	.render = render_pandoc,
};
