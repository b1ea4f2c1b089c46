/* htmlwalk.c: one pass over a DOM subtree into blocks. The walk follows
 * the DOM's own parent/child/sibling links with a stack of frames bounded
 * by HTML_MAX_DEPTH, never recursion, so any nesting costs linear time and
 * constant C stack. Each block keeps the evidence the classifier reads:
 * its element's tag, the class/id words of its ancestors, its text and
 * link lengths, its depth and position. Inline markup (emphasis, links of
 * allowed schemes) becomes the tree's inline nodes as it is met; script,
 * style, forms, iframes, objects and hidden parts are never entered. */
#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { EL_INLINE, EL_BLOCK, EL_CELL, EL_EMPH, EL_LINK } el_kind;

typedef struct frame {
	const xmlNode *elem;
	el_kind kind;
	unsigned flags;		/* this element's and its ancestors' */
	unsigned own;		/* this element's */
	int in_article, in_main, in_comments, in_quote, in_caption, in_pre;
	int link;		/* inside an <a> */
	int heading;		/* inside an <hN>: N, else 0 */
	int mark;		/* innermost mark (html_ctx.marks), or -1 */
	int own_mark;		/* this element's mark, or -1 */
	size_t b0;		/* blocks before it */
	dossier_node *ip;	/* the inline parent when it was entered */
	unsigned gen;		/* the block it was entered in */
} frame;

typedef struct walker {
	html_ctx *h;
	hblocks *out;
	int spans;
	frame *st;
	size_t depth;
	/* the block being filled */
	dossier_node *cur, *ip;
	unsigned gen;
	int space;
	size_t chars, link_chars, punct;
	unsigned line;
	int br;		/* a <br> was the last thing in the block */
	unsigned col;	/* column in a <pre>'s line, for its tabs */
} walker;

static el_kind kind_of(const char *t)
{
	static const char *const blocks[] = { "p", "div", "section",
	    "article", "main", "header", "footer", "aside", "h1", "h2", "h3",
	    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
	    "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr",
	    "figure", "figcaption", "address", "hr", "center", "details",
	    "summary", "body", "html", "caption", "hgroup", NULL };
	if (strcmp(t, "td") == 0 || strcmp(t, "th") == 0)
		return EL_CELL;
	if (strcmp(t, "a") == 0)
		return EL_LINK;
	if (strcmp(t, "em") == 0 || strcmp(t, "i") == 0 ||
	    strcmp(t, "strong") == 0 || strcmp(t, "b") == 0 ||
	    strcmp(t, "cite") == 0 || strcmp(t, "dfn") == 0)
		return EL_EMPH;
	for (const char *const *p = blocks; *p; p++)
		if (strcmp(t, *p) == 0)
			return EL_BLOCK;
	return EL_INLINE;
}

static int is_punct_end(const char *s, size_t n)
{
	return text_ends_sentence(s, n);
}

/* The innermost block element of the stack. */
static const frame *block_frame(const walker *w)
{
	for (size_t i = w->depth; i-- > 0;)
		if (w->st[i].kind == EL_BLOCK)
			return &w->st[i];
	return w->depth ? &w->st[0] : NULL;
}

static void begin_block(walker *w)
{
	w->cur = node_new(w->h->doc, DOSSIER_NODE_PARAGRAPH, w->h->name, 0);
	w->ip = w->cur;
	w->gen++;
	w->space = 1;
	w->chars = w->link_chars = w->punct = 0;
	w->line = 0;
	w->br = 0;
	w->col = 0;
}

/* Trailing white space of the block's last text node (a space, the line
 * break of a last <br>). */
static void trim_end(dossier_node *n)
{
	while (n && n->last)
		n = n->last;
	while (n && n->type == DOSSIER_NODE_TEXT && n->as.text.len &&
	    (n->as.text.text[n->as.text.len - 1] == ' ' ||
	    n->as.text.text[n->as.text.len - 1] == '\n'))
		((char *)n->as.text.text)[--n->as.text.len] = '\0';
}

/* The text leaf before or after n inside blk, or NULL. */
static dossier_node *next_leaf(const dossier_node *blk, dossier_node *n,
    int back)
{
	while (n != blk && !(back ? n->prev : n->next))
		n = n->parent;
	if (n == blk)
		return NULL;
	n = back ? n->prev : n->next;
	while (back ? n->last : n->first)
		n = back ? n->last : n->first;
	return n;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\n';
}

/* A <pre>'s text loses the blank lines at its ends, and the white space
 * after its last line; the first line keeps its indent. */
static void trim_pre(dossier_node *blk)
{
	dossier_node *n = blk;
	while (n->last)
		n = n->last;
	for (; n; n = next_leaf(blk, n, 1)) {
		if (n->type != DOSSIER_NODE_TEXT)
			continue;
		while (n->as.text.len && is_ws(n->as.text.text[n->as.text.len
		    - 1]))
			((char *)n->as.text.text)[--n->as.text.len] = '\0';
		if (n->as.text.len)
			break;
	}
	for (n = blk; n->first;)
		n = n->first;
	for (; n; n = next_leaf(blk, n, 0)) {
		if (n->type != DOSSIER_NODE_TEXT)
			continue;
		size_t k = 0, cut = 0, len = n->as.text.len;
		const char *t = n->as.text.text;
		while (k < len && is_ws(t[k]))
			if (t[k++] == '\n')
				cut = k;
		n->as.text.text += cut;
		n->as.text.len -= cut;
		if (k < len || n->as.text.len)
			break;
	}
}

/* A block's text with its white space collapsed again, in place. */
static void flatten(dossier_node *blk)
{
	int space = 1;
	dossier_node *n = blk;
	while (n->first)
		n = n->first;
	for (; n; n = next_leaf(blk, n, 0)) {
		if (n->type != DOSSIER_NODE_TEXT)
			continue;
		char *t = (char *)n->as.text.text;
		size_t o = 0;
		for (size_t i = 0; i < n->as.text.len; i++) {
			int ws = is_ws(t[i]);
			if (!ws || !space)
				t[o++] = ws ? ' ' : t[i];
			space = ws;
		}
		t[o] = '\0';
		n->as.text.len = o;
	}
	trim_end(blk);
}

static void flush(walker *w)
{
	if (w->chars == 0) {
		begin_block(w);
		return;
	}
	trim_end(w->cur);
	hblocks *o = w->out;
	if (o->n == o->cap)
		o->v = xrealloc(o->v, (o->cap = o->cap ? o->cap * 2 : 256) *
		    sizeof *o->v);
	hblock *b = &o->v[o->n++];
	memset(b, 0, sizeof *b);
	const frame *f = block_frame(w);
	const frame *top = &w->st[w->depth ? w->depth - 1 : 0];
	b->node = w->cur;
	b->elem = f ? f->elem : NULL;
	b->line = w->line;
	b->node->line = w->line;
	b->depth = (unsigned)w->depth;
	b->chars = w->chars;
	b->link_chars = w->link_chars;
	b->punct = w->punct;
	b->flags = top->flags;
	for (size_t i = w->depth, k = 0; i-- > 0 && k < 4; k++)
		b->own_flags |= w->st[i].own;
	b->mark = top->mark;
	b->in_article = top->in_article;
	b->in_main = top->in_main;
	b->in_comments = top->in_comments;
	const char *t = html_tag(b->elem);
	b->kind = HB_PARAGRAPH;
	if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2]) {
		b->kind = HB_HEADING;
		b->level = t[1] - '0';
	} else if (strcmp(t, "li") == 0 || strcmp(t, "dd") == 0 ||
	    strcmp(t, "dt") == 0) {
		b->kind = HB_ITEM;
		const xmlNode *l = b->elem->parent;
		b->list = l;
		b->ordered = l && strcmp(html_tag(l), "ol") == 0;
	} else if (strcmp(t, "tr") == 0) {
		b->kind = HB_ROW;
	} else if (top->in_caption) {
		b->kind = HB_CAPTION;
	} else if (top->in_pre) {
		b->kind = HB_PRE;	/* code quoted is code all the same */
	} else if (top->in_quote) {
		b->kind = HB_QUOTE;
	} else if (top->heading && w->chars <= 200 && strcmp(t, "p") != 0) {
		/* "<h1><div>Title</div></h1>": the heading's text (not
		 * paragraphs libxml2 nests in a heading left open) */
		b->kind = HB_HEADING;
		b->level = top->heading;
	}
	if (b->kind == HB_PRE) {
		trim_pre(b->node);
		b->node->as.paragraph.pre = 1;
	} else if (top->in_pre) {
		flatten(b->node);	/* a row or item inside a <pre> */
	}
	/* words and sentence punctuation of the text, as the classifier
	 * reads it: line breaks are spaces there */
	const char *s = html_plain(w->h->doc, b->node);
	size_t n = strlen(s);
	b->words = text_words(s, n);
	b->ends_sentence = is_punct_end(s, n);
	begin_block(w);
}

/* White space c of a <pre>: kept, a tab as the spaces to the next stop
 * of eight, a carriage return or form feed dropped. */
static void pre_space(walker *w, buf *b, int c)
{
	if (c == '\n') {
		buf_putc(b, '\n');
		w->col = 0;
	} else if (c == '\t') {
		do
			buf_putc(b, ' ');
		while (++w->col % 8);
	} else if (c == ' ') {
		buf_putc(b, ' ');
		w->col++;
	}
}

/* A space of the text: one, where white space is collapsed. */
static void put_space(walker *w, buf *b, int c, int pre)
{
	if (pre) {
		pre_space(w, b, c);
	} else if (!w->space) {
		buf_putc(b, ' ');
		w->space = 1;
	}
}

static void add_text(walker *w, const xmlNode *n)
{
	const char *s = (const char *)n->content;
	if (!s || !*s)
		return;
	buf *b = &w->h->scratch;
	b->len = 0;
	/* collapse white space, but in a <pre>; drop what XML forbids */
	int pre = w->st[w->depth - 1].in_pre;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	size_t visible = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			put_space(w, b, c, pre);
			i++;
			continue;
		}
		int k;
		int32_t cp = utf8_decode(p + i, len - i, &k);
		w->col++;
		if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x2002 ||
		    cp == 0x2003) {
			w->col--;
			put_space(w, b, ' ', pre);
		} else if (cp < 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			w->space = 0;
			visible++;
		} else if (utf8_xml_ok((uint32_t)cp) && cp != 0xAD &&
		    !utf8_noncharacter((uint32_t)cp) &&
		    cp != 0x200B && cp != 0xFEFF) {
			buf_put(b, s + i, (size_t)k);
			w->space = 0;
			visible++;
			if (strchr(".,;:!?", c))
				w->punct++;
		}
		i += (size_t)k;
	}
	if (!b->len)
		return;
	if (!w->line)
		w->line = (unsigned)xmlGetLineNo((xmlNode *)n);
	if (visible) {
		w->chars += visible;
		w->br = 0;
	}
	if (w->st[w->depth - 1].link)
		w->link_chars += visible;
	if (w->chars == 0 && !pre)
		return;	/* white space before any text (a <pre>'s first line
			 * keeps its indent) */
	node_append(w->ip, node_text(w->h->doc, b->data, b->len, w->h->name,
	    0));
}

static void push(walker *w, const xmlNode *n, el_kind k, unsigned own)
{
	frame *p = w->depth ? &w->st[w->depth - 1] : NULL;
	frame *f = &w->st[w->depth++];
	memset(f, 0, sizeof *f);
	if (p) {
		*f = *p;
	}
	f->elem = n;
	f->kind = k;
	f->own = own;
	f->flags = (p ? p->flags : 0) | own;
	f->b0 = w->out->n;
	f->ip = w->ip;
	f->gen = w->gen;
	const char *t = html_tag(n);
	if (strcmp(t, "article") == 0)
		f->in_article = 1;
	if (strcmp(t, "main") == 0)
		f->in_main = 1;
	if (own & HT_COMMENTS)
		f->in_comments = 1;
	if (strcmp(t, "blockquote") == 0 || strcmp(t, "q") == 0)
		f->in_quote = 1;
	if (strcmp(t, "figcaption") == 0 || strcmp(t, "caption") == 0 ||
	    (own & HT_CAPTION))
		f->in_caption = 1;
	if (strcmp(t, "pre") == 0)
		f->in_pre = 1;
	if (t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2])
		f->heading = t[1] - '0';
	if (k == EL_LINK)
		f->link = 1;
	f->mark = p ? p->mark : -1;
	f->own_mark = -1;
	if ((own & HT_NEGATIVE) && w->spans) {
		html_ctx *h = w->h;
		if (h->nmarks == h->capmarks)
			h->marks = xrealloc(h->marks, (h->capmarks =
			    h->capmarks ? h->capmarks * 2 : 64) *
			    sizeof *h->marks);
		h->marks[h->nmarks] = (hmark){ .elem = n, .parent = f->mark,
		    .own = own & HT_NEGATIVE, .b0 = w->out->n,
		    .b1 = w->out->n };
		f->mark = f->own_mark = (int)h->nmarks++;
	}
}

static void pop(walker *w)
{
	frame *f = &w->st[w->depth - 1];
	if (f->kind == EL_BLOCK)
		flush(w);	/* while its frame says whose text it is */
	w->depth--;
	if (f->own_mark >= 0)
		w->h->marks[f->own_mark].b1 = w->out->n;
	else if ((f->kind == EL_EMPH || f->kind == EL_LINK) && w->gen == f->gen)
		w->ip = f->ip;	/* back out of the inline node */
	if (w->spans && w->out->n > f->b0 && f->elem &&
	    f->elem->type == XML_ELEMENT_NODE) {
		html_ctx *h = w->h;
		if (h->nspans == h->capspans)
			h->spans = xrealloc(h->spans, (h->capspans =
			    h->capspans ? h->capspans * 2 : 256) *
			    sizeof *h->spans);
		h->spans[h->nspans++] = (hspan){ .elem = f->elem, .b0 = f->b0,
		    .b1 = w->out->n, .flags = f->flags,
		    .depth = (unsigned)w->depth };
		/* libxml2 leaves _private to the application: the span's
		 * number, so that a span's parent is found in O(1). */
		((xmlNode *)f->elem)->_private = (void *)(uintptr_t)h->nspans;
	}
}

/* A form that wraps the page's text (a whole page in one <form>, as
 * ASP.NET's are, or a product's description in a shop's order form) is
 * read; any other is controls and their labels. Its controls are never
 * content all the same. The look ahead stops at 500 bytes. */
static int wrapper_form(html_ctx *h, const xmlNode *n)
{
	return strcmp(html_tag(n), "form") == 0 &&
	    strlen(html_text(h, n, 600)) >= 500;	/* past a cut's trim */
}

/* A <noscript> that holds the article (a page that writes its text with
 * script, a copy for readers without it) is read; one that holds an
 * image, a tracking pixel or a line asking for JavaScript is not. */
static int text_noscript(html_ctx *h, const xmlNode *n)
{
	return strcmp(html_tag(n), "noscript") == 0 &&
	    strlen(html_text(h, n, 600)) >= 500;
}

/* Does a subtree's text begin or end with white space (its first and
 * last text nodes, a few levels down)? */
static int spaced(const xmlNode *n)
{
	const xmlNode *a = n, *z = n;
	for (int k = 0; k < 8 && a && a->type == XML_ELEMENT_NODE; k++)
		a = a->children;
	for (int k = 0; k < 8 && z && z->type == XML_ELEMENT_NODE; k++)
		z = z->last;
	const char *s = a && a->type == XML_TEXT_NODE ?
	    (const char *)a->content : NULL;
	const char *e = z && z->type == XML_TEXT_NODE ?
	    (const char *)z->content : NULL;
	size_t el = e ? strlen(e) : 0;
	return (s && g_ascii_isspace(*s)) || (el && g_ascii_isspace(e[el - 1]));
}

/* Does a <br> here end a line the reader sees? Not in a heading (a
 * title on two lines is one title) nor in a table's cell (its row is one
 * line of text). */
static int keeps_break(const walker *w)
{
	for (size_t i = w->depth; i-- > 0;) {
		if (w->st[i].heading || w->st[i].kind == EL_CELL)
			return 0;
		if (w->st[i].kind == EL_BLOCK)
			return 1;
	}
	return 0;
}

/* A <br>: a line break (verse, an address, a line of code); two in a row
 * part paragraphs, as a browser shows, but in a <pre>. */
static void line_break(walker *w)
{
	int pre = w->depth && w->st[w->depth - 1].in_pre;
	if (pre) {
		node_append(w->ip, node_text(w->h->doc, "\n", 1, w->h->name,
		    0));
		w->col = 0;
		return;
	}
	if (w->br && w->chars) {
		flush(w);
	} else if (w->chars && keeps_break(w)) {
		trim_end(w->cur);
		node_append(w->ip, node_text(w->h->doc, "\n", 1, w->h->name,
		    0));
		w->space = 1;
	} else if (!w->space && w->chars) {
		node_append(w->ip, node_text(w->h->doc, " ", 1, w->h->name,
		    0));
		w->space = 1;
	}
	w->br = 1;
}

/* Enter an element; returns 1 if a frame was pushed (descend). */
static int enter(walker *w, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		add_text(w, n);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	const char *t = html_tag(n);
	if (strcmp(t, "br") == 0)
		line_break(w);
	if (html_void(n)) {
		/* What libxml2 put under an empty element follows it in the
		 * page: read on, the element itself is nothing. */
		if (!n->children || w->depth >= HTML_MAX_DEPTH)
			return 0;
		push(w, n, EL_INLINE, 0);
		return 1;
	}
	if (html_never_content(n) && !wrapper_form(w->h, n) &&
	    !text_noscript(w->h, n))
		return 0;
	unsigned own = html_element_flags(n);
	if (own & HT_HIDDEN) {
		/* "Kicker<span aria-hidden> – </span>Title": the words on
		 * either side stay apart */
		if (w->chars && !w->space && spaced(n)) {
			node_append(w->ip, node_text(w->h->doc, " ", 1,
			    w->h->name, 0));
			w->space = 1;
		}
		return 0;
	}
	if (w->depth >= HTML_MAX_DEPTH)
		return 0;
	el_kind k = kind_of(t);
	if (k == EL_BLOCK)
		flush(w);
	if (k == EL_CELL && w->chars) {
		/* cells of a row: one line of text, the cells apart */
		trim_end(w->cur);
		node_append(w->ip, node_text(w->h->doc, " | ", 3, w->h->name,
		    0));
		w->space = 1;
	}
	push(w, n, k, own);
	if (k == EL_EMPH || k == EL_LINK) {
		const char *url = NULL;
		if (k == EL_LINK) {
			char *href = html_attr(n, "href");
			url = html_link(w->h, href);
			xmlFree(href);
		}
		if (k == EL_EMPH || url) {
			dossier_node *e = node_new(w->h->doc, k == EL_LINK ?
			    DOSSIER_NODE_LINK : DOSSIER_NODE_EMPH, w->h->name, 0);
			if (url)
				e->as.link.url = url;
			node_append(w->ip, e);
			w->ip = e;
		}
	}
	return 1;
}

void html_walk(html_ctx *h, const xmlNode *root, hblocks *out, int spans)
{
	if (!root)
		return;
	walker w = { .h = h, .out = out, .spans = spans };
	w.st = xmalloc((HTML_MAX_DEPTH + 2) * sizeof *w.st);
	begin_block(&w);
	/* the root is a block of its own */
	push(&w, root, EL_BLOCK, html_element_flags(root));
	const xmlNode *n = root->children;
	while (n) {
		if (enter(&w, n) && n->children) {
			n = n->children;
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && w.depth > 1 &&
		    w.st[w.depth - 1].elem == n)
			pop(&w);
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == root) {
				n = NULL;
				break;
			}
			pop(&w);
		}
		if (n)
			n = n->next;
	}
	while (w.depth)
		pop(&w);
	flush(&w);
	free(w.st);
}
