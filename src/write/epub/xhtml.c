/* xhtml.c: the article pages. One XHTML file per article; a long article
 * or discussion goes on in further files so that none passes 250 KB.
 *
 * Replies are written inside the comment they answer, as a list of
 * replies (<ul class="replies">) after its text, so that readers without
 * the stylesheet (pandoc's EPUB reader, screen readers, calibre's outputs)
 * keep who answered whom. The nesting stops at three levels of indent:
 * deeper replies are items of the same list as their parent, each with
 * "reply to NAME", since e-readers indent nested boxes without end and
 * parsers give up on deep nesting (libxml2 stops at 256 levels); so a
 * 10,000-deep reply chain is as easy to read as a short one, and the
 * markup never nests deeper than a few elements. Every walk here uses the
 * iterator, never recursion. */
#include "epub.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	MAX_EM = 8,	/* deeper emphasis adds nothing a reader can see */
	NEST = 4,	/* comment levels: top-level, then three of replies */
};

/* What an ENTER opened, so that its EXIT closes the same: one byte per
 * open node on a stack as deep as the block's nesting. */
enum { OPEN_NONE = 0, OPEN_ONE, OPEN_TWO, OPEN_PHRASE, OPEN_EM, OPEN_A };

typedef struct art {
	epub *e;
	xw x;
	int open;		/* a file is being written */
	dossier_node *a;
	unsigned index;		/* article number, 1-based */
	unsigned part;		/* 0: the article's first file */
	char name[40];		/* current file name */
	char id[40];		/* its manifest id */
	const char *lang;	/* of the article's pages */
	const book_words *w;	/* in that language */
	const char *title;
	int in_discussion;
	/* The comments whose elements are open, outermost first: one per
	 * level of indent (NEST), each with its list of replies if open. */
	struct {
		dossier_node *c;
		int level, list;
		const char *lang;	/* its element's, set or inherited */
	} open_c[NEST];
	int nopen;
	unsigned comment_blocks;	/* written in the innermost so far */
	unsigned sections;	/* heading ids */
	unsigned threads;	/* discussions in this article */
	int last_h;		/* last heading level written */
	buf stack;		/* OPEN_* per open node */
	int phrase;		/* inside an element that holds only text */
	int em, anchor;		/* <em> and <a> open */
	char *tmp;		/* scratch for plain text */
	size_t tmpcap;
} art;

static void lang_attrs(xw *x, const char *lang)
{
	xw_attr(x, "lang", lang);
	xw_attr(x, "xml:lang", lang);
	if (xw_is_rtl(lang))
		xw_attr(x, "dir", "rtl");
}

/* Page-break markers for the pages of the book's page map (when the
 * caller asked for it) that start at or before this node. Placed where a block may stand. */
static void page_marks(art *t, const dossier_node *n)
{
	epub *e = t->e;
	unsigned page = dossier_pagemap_page(e->pagemap, n);
	if (!page || page > dossier_pagemap_pages(e->pagemap))
		return;
	if (!e->next_page)	/* the PDF's front matter has no place here */
		e->next_page = page;
	for (; e->next_page <= page; e->next_page++) {
		unsigned p = e->next_page;
		const char *label = dossier_pagemap_label(e->pagemap, p);
		char num[16];
		snprintf(num, sizeof num, "%u", p);
		xw_start(&t->x, "span");
		xw_attr(&t->x, "epub:type", "pagebreak");
		xw_attr(&t->x, "role", "doc-pagebreak");
		xw_attrf(&t->x, "id", "page-%u", p);
		xw_attr(&t->x, "aria-label", label && *label ? label : num);
		xw_end(&t->x);
		if (e->npages == e->pagecap) {
			e->pagecap = e->pagecap ? 2 * e->pagecap : 64;
			e->pages = xrealloc(e->pages,
			    e->pagecap * sizeof *e->pages);
		}
		epub_page *pg = &e->pages[e->npages++];
		pg->page = p;
		buf h = { 0 };
		buf_printf(&h, "%s#page-%u", t->name, p);
		pg->href = (char *)buf_cstr(&h);
	}
}

static const char *plain(art *t, const dossier_node *n)
{
	dossier_node_text(n, &t->tmp, &t->tmpcap, 0);
	return t->tmp;
}

/* ---- files ---------------------------------------------------------- */

static void file_begin(art *t)
{
	epub *e = t->e;
	if (t->part == 0) {
		snprintf(t->name, sizeof t->name, "a%04u.xhtml", t->index);
		snprintf(t->id, sizeof t->id, "a%04u", t->index);
	} else {
		snprintf(t->name, sizeof t->name, "a%04u-%u.xhtml", t->index,
		    t->part + 1);
		snprintf(t->id, sizeof t->id, "a%04u-%u", t->index,
		    t->part + 1);
	}
	epub_add_spine(e, t->id, t->name);
	xw_open(&t->x, e);
	t->open = 1;
	if (t->part == 0) {
		xw_xhtml_begin(&t->x, t->title, t->lang, NULL);
	} else {
		buf title = { 0 };
		buf_printf(&title, "%s (%s)", t->title, t->w->continued);
		xw_xhtml_begin(&t->x, buf_cstr(&title), t->lang, NULL);
		buf_free(&title);
	}
	xw_start(&t->x, "section");
	xw_attr(&t->x, "epub:type", "chapter");
	xw_attr(&t->x, "role", "doc-chapter");
	if (t->part == 0)
		xw_attr(&t->x, "aria-labelledby", "title");
	else
		xw_attr(&t->x, "aria-label", t->title);
	xw_raw(&t->x, "\n");
}

static void file_end(art *t)
{
	size_t len;
	char *data = xw_close(&t->x, &len);
	epub_add_file(t->e, t->name, data, len, 0);
	t->open = 0;
}

static void discussion_begin(art *t, unsigned count)
{
	xw *x = &t->x;
	xw_start(x, "section");
	xw_attr(x, "class", "discussion");
	if (t->part == 0 || !t->in_discussion) {
		/* One thread per article, says the tree; a second one gets
		 * ids of its own. */
		char id[32];
		if (++t->threads == 1)
			snprintf(id, sizeof id, "discussion");
		else
			snprintf(id, sizeof id, "discussion-%u", t->threads);
		xw_attr(x, "aria-labelledby", id);
		xw_raw(x, "\n");
		xw_start(x, "h2");
		xw_attr(x, "class", "discussion");
		xw_attr(x, "id", id);
		xw_texts(x, t->w->discussion);
		xw_end(x);
		/* The contents page speaks the book's language. */
		buf label = { 0 };
		buf_printf(&label, "%s (", t->e->w->discussion);
		buf_printf(&label, count == 1 ? t->e->w->comments1 :
		    t->e->w->comments, count);
		buf_putc(&label, ')');
		buf h = { 0 };
		buf_printf(&h, "%s#%s", t->name, id);
		epub_add_nav(t->e, 2, buf_cstr(&label), buf_cstr(&h));
		buf_free(&label);
		buf_free(&h);
	} else {
		xw_attr(x, "aria-labelledby", "discussion-cont");
		xw_raw(x, "\n");
		xw_start(x, "h2");
		xw_attr(x, "class", "discussion");
		xw_attr(x, "id", "discussion-cont");
		xw_texts(x, t->w->discussion_cont);
		xw_end(x);
	}
	xw_raw(x, "\n");
	t->in_discussion = 1;
}

static void comment_open(art *t, dossier_node *c, int with_meta);
static void comment_close(art *t);

/* At a boundary between two items: go on in a new file if this one is
 * full. The comments still open are opened again there (without their
 * names), with their lists of replies. */
static void maybe_split(art *t)
{
	if (xw_size(&t->x) < EPUB_SPLIT_AT)
		return;
	dossier_node *keep[NEST];
	int lists[NEST], n = t->nopen;
	for (int i = 0; i < n; i++) {
		keep[i] = t->open_c[i].c;
		lists[i] = t->open_c[i].list;
	}
	while (t->nopen)
		comment_close(t);
	int disc = t->in_discussion;
	if (disc)
		xw_end(&t->x);	/* section.discussion */
	file_end(t);
	t->part++;
	file_begin(t);
	if (disc)
		discussion_begin(t, 0);
	for (int i = 0; i < n; i++) {
		comment_open(t, keep[i], 0);
		if (lists[i]) {
			xw_start(&t->x, "ul");
			xw_attr(&t->x, "class", "replies");
			xw_raw(&t->x, "\n");
			t->open_c[i].list = 1;
		}
	}
}

/* ---- blocks --------------------------------------------------------- */

static void push(art *t, char what)
{
	buf_putc(&t->stack, what);
}

static char pop(art *t)
{
	return t->stack.len ? t->stack.data[--t->stack.len] : OPEN_NONE;
}

/* A phrasing element: p, hN, li. Blocks met inside it (the tree says
 * there are none) lose their element, so the XHTML stays valid. */
static void open_phrase(art *t, const char *el, const char *cls)
{
	xw_start(&t->x, el);
	if (cls)
		xw_attr(&t->x, "class", cls);
	t->phrase++;
	push(t, OPEN_PHRASE);
}

static int heading_level(art *t, int level)
{
	int h = level <= 1 ? 2 : 3;
	if (h > t->last_h + 1)
		h = t->last_h + 1;	/* never skip a level */
	t->last_h = h;
	return h;
}

/* Is the node before n (in its parent) a paragraph? Then n is indented;
 * the first paragraph after anything else starts flush. */
static int after_paragraph(const dossier_node *n)
{
	return n->prev && n->prev->type == DOSSIER_NODE_PARAGRAPH &&
	    !n->prev->as.paragraph.pre;
}

/* Is text node n in a preformatted paragraph? */
static int in_pre(const dossier_node *n)
{
	while (n && !dossier_node_is_block(n))
		n = n->parent;
	return n && n->type == DOSSIER_NODE_PARAGRAPH && n->as.paragraph.pre;
}

/* A text node: its line breaks are <br/> but in a <pre>, which keeps
 * them as they are. */
static void text(art *t, const dossier_node *n)
{
	const char *s = n->as.text.text;
	size_t len = n->as.text.len;
	if (in_pre(n)) {
		epub_fonts_mono(t->x.e, s, len);
		xw_text(&t->x, s, len);
		return;
	}
	for (const char *nl; (nl = memchr(s, '\n', len)); ) {
		xw_text(&t->x, s, (size_t)(nl - s));
		xw_start(&t->x, "br");
		xw_end_void(&t->x);
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	xw_text(&t->x, s, len);
}

/* A node out of place: a block inside a phrase (it loses its
 * element), an item outside a list (it becomes a paragraph), anything
 * but an item inside one (it is dropped): the XHTML stays valid, though
 * the tree says none of these happens. 1 when N was one. */
static int enter_misplaced(art *t, dossier_iter *it, dossier_node *n)
{
	if (t->phrase && dossier_node_is_block(n)) {
		xw_text(&t->x, " ", 1);
		push(t, OPEN_NONE);
		return 1;
	}
	int in_list = n->parent && n->parent->type == DOSSIER_NODE_LIST;
	if (in_list == (n->type == DOSSIER_NODE_ITEM))
		return 0;
	if (in_list) {
		dossier_iter_skip(it);
		if (n->type != DOSSIER_NODE_TEXT)	/* no EXIT */
			push(t, OPEN_NONE);
	} else {
		page_marks(t, n);
		open_phrase(t, "p", NULL);
	}
	return 1;
}

static void enter_emph(art *t)
{
	if (t->em >= MAX_EM) {
		push(t, OPEN_NONE);
		return;
	}
	xw_start(&t->x, "em");
	t->em++;
	t->phrase++;	/* blocks inside lose their element */
	push(t, OPEN_EM);
}

/* A link inside a link keeps its text only, as does one whose address
 * xw_href() refuses. */
static void enter_link(art *t, dossier_node *n)
{
	const char *href = t->anchor ? NULL : xw_href(t->e, n->as.link.url);
	if (!href) {
		push(t, OPEN_NONE);
		return;
	}
	xw_start(&t->x, "a");
	xw_attr(&t->x, "href", href);
	t->anchor++;
	t->phrase++;
	push(t, OPEN_A);
}

/* A heading gets an id; an article's (not a comment's) goes into the
 * contents. A blank one is dropped. */
static void enter_heading(art *t, dossier_iter *it, dossier_node *n,
    int in_comment)
{
	if (xw_blank(plain(t, n))) {
		dossier_iter_skip(it);
		push(t, OPEN_NONE);
		return;
	}
	char el[4] = "h2";
	el[1] = (char)('0' + heading_level(t, n->as.heading.level));
	page_marks(t, n);
	open_phrase(t, el, NULL);
	xw_attrf(&t->x, "id", "s%u", ++t->sections);
	if (!in_comment) {
		buf h = { 0 };
		buf_printf(&h, "%s#s%u", t->name, t->sections);
		epub_add_nav(t->e, 2, plain(t, n), buf_cstr(&h));
		buf_free(&h);
	}
}

static void enter_quote(art *t, dossier_node *n)
{
	page_marks(t, n);
	xw_start(&t->x, "blockquote");
	/* Its text goes in one paragraph; a quote of paragraphs (not made
	 * by today's readers) gets theirs. */
	if (n->first && dossier_node_is_block(n->first)) {
		push(t, OPEN_ONE);
	} else {
		xw_start(&t->x, "p");
		t->phrase++;
		push(t, OPEN_TWO);
	}
}

static void enter_list(art *t, dossier_iter *it, dossier_node *n)
{
	if (!n->first) {
		dossier_iter_skip(it);
		push(t, OPEN_NONE);
		return;
	}
	page_marks(t, n);
	xw_start(&t->x, n->as.list.ordered ? "ol" : "ul");
	push(t, OPEN_ONE);
}

/* ENTER of a node inside an article or a comment: opens its element
 * and pushes what leave() must close. */
static void enter(art *t, dossier_iter *it, dossier_node *n, int in_comment)
{
	if (enter_misplaced(t, it, n))
		return;
	switch (n->type) {
	case DOSSIER_NODE_TEXT:
		text(t, n);
		return;		/* no EXIT for text */
	case DOSSIER_NODE_EMPH:
		enter_emph(t);
		return;
	case DOSSIER_NODE_LINK:
		enter_link(t, n);
		return;
	case DOSSIER_NODE_HEADING:
		enter_heading(t, it, n, in_comment);
		return;
	case DOSSIER_NODE_PARAGRAPH:
		page_marks(t, n);
		if (n->as.paragraph.pre)
			open_phrase(t, "pre", NULL);
		else
			open_phrase(t, "p", in_comment || after_paragraph(n) ?
			    NULL : "first");
		return;
	case DOSSIER_NODE_CAPTION:
		page_marks(t, n);
		open_phrase(t, "p", "caption");
		return;
	case DOSSIER_NODE_NOTE:
		page_marks(t, n);
		open_phrase(t, "p", "note");
		return;
	case DOSSIER_NODE_QUOTE:
		enter_quote(t, n);
		return;
	case DOSSIER_NODE_LIST:
		enter_list(t, it, n);
		return;
	case DOSSIER_NODE_ITEM:
		open_phrase(t, "li", NULL);
		page_marks(t, n);
		return;
	default:
		/* Anything else inside a block has no place here. */
		dossier_iter_skip(it);
		push(t, OPEN_NONE);
		return;
	}
}

static void leave(art *t, dossier_node *n)
{
	xw *x = &t->x;
	switch (pop(t)) {
	case OPEN_NONE:
		return;
	case OPEN_EM:
		t->em--;
		t->phrase--;
		xw_end(x);
		return;
	case OPEN_A:
		t->anchor--;
		t->phrase--;
		xw_end(x);
		return;
	case OPEN_PHRASE:
		if (n->type == DOSSIER_NODE_CAPTION && n->as.caption.credit &&
		    *n->as.caption.credit) {
			xw_text(x, " ", 1);
			xw_elem(x, "span", "credit", n->as.caption.credit);
		}
		t->phrase--;
		xw_end(x);
		break;
	case OPEN_TWO:
		t->phrase--;
		xw_end(x);
		xw_end(x);
		break;
	case OPEN_ONE:
		xw_end(x);
		break;
	}
	if (!t->phrase)
		xw_raw(x, "\n");
}

/* One block and everything inside it. */
static void block(art *t, dossier_node *b, int in_comment)
{
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, b);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev == DOSSIER_EV_ENTER)
			enter(t, &it, n, in_comment);
		else
			leave(t, n);
	}
}

/* ---- comments -------------------------------------------------------- */

/* The level of indent of a comment: its depth, up to three. */
static int nest_level(const dossier_node *c)
{
	int d = c->as.comment.depth;
	return d < 0 ? 0 : d >= NEST ? NEST - 1 : d;
}

/* Open c's element inside the innermost open comment (in its list of
 * replies), or in the discussion for a top-level one; with_meta: its
 * name, date and subject (not when it goes on after a file split or
 * after its replies). */
static void comment_open(art *t, dossier_node *c, int with_meta)
{
	xw *x = &t->x;
	int depth = c->as.comment.depth;
	if (t->nopen == NEST)	/* the callers close to c's level first */
		comment_close(t);
	if (t->nopen && !t->open_c[t->nopen - 1].list) {
		xw_start(x, "ul");
		xw_attr(x, "class", "replies");
		xw_raw(x, "\n");
		t->open_c[t->nopen - 1].list = 1;
	}
	xw_start(x, t->nopen ? "li" : "div");
	xw_attr(x, "class", "comment");
	/* A reply sits inside the element of the comment it answers: it
	 * says its own language when that differs from the one around it
	 * (an English reply to an Arabic comment is neither Arabic nor
	 * right to left). */
	const char *lang = xw_lang_ok(c->as.comment.lang) ?
	    c->as.comment.lang : t->lang;
	const char *around = t->nopen ? t->open_c[t->nopen - 1].lang : t->lang;
	if (strcasecmp(lang, around) != 0) {
		lang_attrs(x, lang);
		if (!xw_is_rtl(lang) && xw_is_rtl(around))
			xw_attr(x, "dir", "ltr");
	}
	t->open_c[t->nopen].lang = lang;
	t->open_c[t->nopen].c = c;
	t->open_c[t->nopen].level = nest_level(c);
	t->open_c[t->nopen].list = 0;
	t->nopen++;
	t->comment_blocks = 0;
	if (!with_meta)
		return;
	page_marks(t, c);
	const char *author = c->as.comment.author;
	xw_start(x, "p");
	xw_attr(x, "class", "meta");
	xw_elem(x, "span", "author", author && *author ? author :
	    t->w->anonymous);
	/* Past three levels the indent stops: the name of the comment
	 * answered says where the reply belongs. */
	if (depth > 3 && c->parent && c->parent->type == DOSSIER_NODE_COMMENT) {
		const char *to = c->parent->as.comment.author;
		xw_texts(x, " ");
		xw_start(x, "span");
		xw_attr(x, "class", "replyto");
		xw_start(x, "span");
		xw_attr(x, "aria-hidden", "true");
		xw_texts(x, "\u21b3 ");
		xw_end(x);
		xw_texts(x, t->w->reply_to);
		xw_texts(x, " ");
		xw_texts(x, to && *to ? to : t->w->anonymous);
		xw_end(x);
	}
	if (c->as.comment.date && *c->as.comment.date) {
		xw_start(x, "span");
		xw_attr(x, "class", "date");
		xw_texts(x, " \u00b7 ");
		xw_texts(x, c->as.comment.date);
		xw_end(x);
	}
	xw_end(x);
	if (c->as.comment.title && *c->as.comment.title) {
		xw_start(x, "p");
		xw_attr(x, "class", "meta");
		xw_elem(x, "span", "subject", c->as.comment.title);
		xw_end(x);
	}
	xw_raw(x, "\n");
}

/* Close the innermost open comment, and its list of replies. */
static void comment_close(art *t)
{
	if (!t->nopen)
		return;
	if (t->open_c[--t->nopen].list) {
		xw_end(&t->x);	/* ul.replies */
		xw_raw(&t->x, "\n");
	}
	xw_end(&t->x);
	xw_raw(&t->x, "\n");
}

/* Close the open comments of this level of indent and deeper: what
 * stays open holds a comment of this level. */
static void comments_close_to(art *t, int level)
{
	while (t->nopen && t->open_c[t->nopen - 1].level >= level)
		comment_close(t);
}

static int comment_is_open(const art *t, const dossier_node *c)
{
	return t->nopen && t->open_c[t->nopen - 1].c == c;
}

static void thread(art *t, dossier_node *th)
{
	unsigned count = node_count_comments(th);
	if (!count)
		return;
	page_marks(t, th);
	discussion_begin(t, count);
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, th);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (n == th)
			continue;
		if (n->type == DOSSIER_NODE_COMMENT) {
			if (ev == DOSSIER_EV_ENTER) {
				comments_close_to(t, nest_level(n));
				maybe_split(t);
				comment_open(t, n, 1);
			} else if (comment_is_open(t, n)) {
				/* Past three levels a comment was closed
				 * when its first reply opened. */
				comment_close(t);
			}
			continue;
		}
		if (ev != DOSSIER_EV_ENTER)
			continue;
		dossier_iter_skip(&it);
		dossier_node *c = n->parent;
		if (!dossier_node_is_block(n) || !c ||
		    c->type != DOSSIER_NODE_COMMENT)
			continue;
		if (comment_is_open(t, c) && !t->open_c[t->nopen - 1].list) {
			/* Never between a comment's name and its text. */
			if (t->comment_blocks)
				maybe_split(t);
		} else if (comment_is_open(t, c)) {
			/* Text after the replies (not made by today's
			 * readers): after the list, in the same element. */
			t->open_c[t->nopen - 1].list = 0;
			xw_end(&t->x);	/* ul.replies */
			xw_raw(&t->x, "\n");
		} else {
			/* Its element was closed (a reply past three levels
			 * came between): a box of its own, without the name. */
			comments_close_to(t, nest_level(c));
			maybe_split(t);
			comment_open(t, c, 0);
		}
		block(t, n, 1);
		t->comment_blocks++;
	}
	comments_close_to(t, 0);
	xw_end(&t->x);	/* section.discussion */
	xw_raw(&t->x, "\n");
	t->in_discussion = 0;
}

/* ---- articles ------------------------------------------------------- */

static void header(art *t)
{
	xw *x = &t->x;
	const dossier_node *a = t->a;
	xw_start(x, "header");
	xw_raw(x, "\n");
	if (a->as.article.kicker && *a->as.article.kicker) {
		xw_elem(x, "p", "kicker", a->as.article.kicker);
		xw_raw(x, "\n");
	}
	xw_start(x, "h1");
	xw_attr(x, "class", "title");
	xw_attr(x, "id", "title");
	xw_texts(x, t->title);
	xw_end(x);
	xw_raw(x, "\n");
	if (a->as.article.subtitle && *a->as.article.subtitle) {
		xw_elem(x, "p", "dek", a->as.article.subtitle);
		xw_raw(x, "\n");
	}
	char dbuf[96], iso[11];
	const char *by = a->as.article.byline, *date = book_date_show(t->w,
	    a->as.article.date, dbuf, sizeof dbuf, iso);
	int has_by = by && *by, has_date = date && *date;
	if (has_by || has_date) {
		xw_start(x, "p");
		xw_attr(x, "class", "byline");
		if (has_by)
			xw_texts(x, by);
		if (has_by && has_date)
			xw_texts(x, " \u00b7 ");
		if (has_date) {
			xw_start(x, "span");
			xw_attr(x, "class", "date");
			if (iso[0]) {	/* read as a date: its value too */
				xw_start(x, "time");
				xw_attr(x, "datetime", iso);
				xw_texts(x, date);
				xw_end(x);
			} else {
				xw_texts(x, date);
			}
			xw_end(x);
		}
		xw_end(x);
		xw_raw(x, "\n");
	}
	const char *site, *url;
	article_source(a, &site, &url);
	const char *href = url ? xw_href(t->e, url) : NULL;
	if (site || href) {
		xw_start(x, "p");
		xw_attr(x, "class", "source");
		xw_texts(x, t->w->source);
		xw_texts(x, " ");
		if ((href = url ? xw_href(t->e, url) : NULL)) {
			xw_start(x, "a");
			xw_attr(x, "href", href);
			xw_texts(x, site ? site : url);
			xw_end(x);
		} else {
			xw_texts(x, site);
		}
		xw_end(x);
		xw_raw(x, "\n");
	}
	xw_end(x);
	xw_raw(x, "\n");
}

static void article(art *t)
{
	dossier_node *a = t->a;
	const char *lang = a->as.article.lang;
	t->lang = xw_lang_ok(lang) ? lang : t->e->lang;
	t->w = book_words_for(t->lang);
	t->title = a->as.article.title && !xw_blank(a->as.article.title) ?
	    a->as.article.title : t->e->w->untitled;
	t->part = 0;
	t->sections = 0;
	t->threads = 0;
	t->last_h = 1;
	file_begin(t);
	epub_add_nav(t->e, 1, t->title, t->name);
	page_marks(t, a);
	header(t);
	for (dossier_node *n = a->first; n; n = n->next) {
		if (n->type == DOSSIER_NODE_THREAD) {
			thread(t, n);
		} else if (dossier_node_is_block(n)) {
			maybe_split(t);
			block(t, n, 0);
		}
	}
	xw_end(&t->x);	/* section */
	xw_raw(&t->x, "\n");
	file_end(t);
}

int epub_articles(epub *e, dossier_error *err)
{
	art t = { .e = e };
	unsigned index = 0;
	for (dossier_node *a = e->root->first; a; a = a->next) {
		if (a->type != DOSSIER_NODE_ARTICLE)
			continue;
		t.a = a;
		t.index = ++index;
		article(&t);
	}
	buf_free(&t.stack);
	free(t.tmp);
	if (!index)
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "no articles to put in the EPUB");
	return 0;
}
