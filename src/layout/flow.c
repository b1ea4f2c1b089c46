/* flow.c: one article of the tree as a flow of lines and spaces, with the
 * page-break rules attached (keep flags), so that pagination is a cheap
 * pass that can be retried without laying text out again. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

typedef struct fb {
	shaper *sh;
	pdf_ctx *ctx;
	arena *mem;
	pdf_flow *flow;
	para *p, *np;		/* a block; a url-note (the shaper's) */
	para *sp;		/* a slice of a long block */
	double width;		/* of the text block */
	double pending;		/* bottom margin of the previous block */
	int first_para;		/* next paragraph starts flush (p.first) */
	int notes;		/* url-notes numbered so far */
	size_t art;
	/* The words set in the article, in its language as the EPUB has
	 * them (the outline's are the book's: ctx->w). */
	const book_words *w;
	int sections;
	unsigned blocks;
	dossier_node *node;	/* block to mark on its first line */
	pdf_mark *mark;
	/* pages are cut as the flow grows (see flow_article) */
	unsigned first, page;	/* the article's first page; the next one */
	page_fn emit;
	void *ud;
	int rotate;		/* free the memory of emitted pages */
	double height;		/* of the flow not yet cut */
	double page_h;
	uint16_t gen;		/* generation of mem: 0 is the caller's */
	arena **ar;		/* generations 1...: ours */
	size_t nar;
} fb;

static void maybe_cut(fb *b);

/* A link's target as the PDF carries it (url_encode: percent-encoded to
 * URL-safe characters), in the flow's arena; NULL for a scheme we do not
 * link. Every link the layout makes goes through here: body links, bare
 * URLs, the source line, url-notes. What the reader sees stays as
 * written. */
static const char *link_of(fb *b, const char *url)
{
	buf t = { 0 };
	const char *s = NULL;
	if (url && url_encode(&t, url) == 0)
		s = arena_strndup(b->mem, t.data, t.len);
	buf_free(&t);
	return s;
}

static void push(fb *b, pdf_elem e)
{
	e.gen = b->gen;
	b->height += e.h;
	flow_push(b->flow, e);
}

void flow_push(pdf_flow *f, pdf_elem e)
{
	if (f->n == f->cap)
		f->e = xrealloc(f->e, (f->cap = 2 * f->cap + 256) * sizeof *f->e);
	f->e[f->n++] = e;
}

void flow_free(pdf_flow *f)
{
	free(f->e);
	memset(f, 0, sizeof *f);
}

static void space(fb *b, double top)
{
	double s = top > b->pending ? top : b->pending;
	b->pending = 0;
	if (s <= 0 || !b->flow->n)
		return;
	/* keep-with-next carries across the space after a heading */
	int keep = b->flow->e[b->flow->n - 1].keep;
	push(b, (pdf_elem){ .kind = E_SPACE, .h = (float)s,
	    .keep = (uint8_t)keep });
}

/* Baseline below the top of a line box: half the leading above the
 * font's ascent (Noto's ascent and descent: 1.069 and 0.293 em). */
static float baseline(const style_props *st)
{
	return (float)((st->line_height - 1.362 * st->size) / 2 +
	    1.069 * st->size);
}

/* Lay out p and append its lines: all of the block's, or a slice of
 * them (first, last: the slice holds the block's first or last lines). */
static void emit_lines(fb *b, para *p, double left, int keep_last,
    int no_split, int first, int last)
{
	para_lines pl;
	para_layout(b->sh, p, b->mem, &pl);
	const style_props *st = p->st;
	/* url-notes: set each note, and hang it on the line that holds its
	 * marker, so that pagination puts both on one page */
	pdf_note **nl = NULL;
	if (p->nnotes && b->ctx->url_notes)
		nl = arena_alloc(b->mem, pl.n * sizeof *nl);
	for (size_t i = 0; nl && i < p->nnotes; i++) {
		size_t l = 0;
		while (l + 1 < pl.n && pl.start[l + 1] <= p->note_at[i])
			l++;
		const style_props *ns = &b->ctx->st[R_URLNOTE];
		para_init(b->np, ns, "en", b->width);
		char num[16];
		snprintf(num, sizeof num, "%d\xc2\xa0", p->note_num[i]);
		para_add(b->np, num, strlen(num), ns, 0, 0, NULL);
		const char *u = p->note_url[i];
		para_add(b->np, u, strlen(u), ns, 0, 0, link_of(b, u));
		para_lines npl;
		para_layout(b->sh, b->np, b->mem, &npl);
		pdf_note *n = arena_alloc(b->mem, sizeof *n);
		for (size_t k = 0; k < npl.n; k++)
			if (npl.line[k])
				npl.line[k]->kind = 'N';
		n->lines = npl.line;
		n->nlines = npl.n;
		n->lh = (float)ns->line_height;
		n->h = (float)(npl.n * ns->line_height);
		pdf_note **tail = &nl[l];
		while (*tail)
			tail = &(*tail)->next;
		*tail = n;
	}
	const style_props *R = b->ctx->st;
	char kind = st == &R[R_H2] || st == &R[R_H3] || st == &R[R_DISCUSSION] ?
	    'H' : st >= &R[R_CMETA0] && st <= &R[R_CMETA3] ? 'C' :
	    st == &R[R_TITLE] || st == &R[R_KICKER] || st == &R[R_DEK] ? 'T' :
	    'L';
	char heading = st == &R[R_TITLE] ? 1 : st == &R[R_H2] ||
	    st == &R[R_DISCUSSION] ? 2 : st == &R[R_H3] ? 3 : 0;
	for (size_t i = 0; i < pl.n; i++)
		if (pl.line[i]) {
			pl.line[i]->kind = kind;
			pl.line[i]->heading = heading;
			pl.line[i]->block = (uint32_t)(b->art * 100000 + b->blocks);
		}
	int o = st->orphans, w = st->widows;
	for (size_t i = 0; i < pl.n; i++) {
		size_t k = i + 1;	/* lines on this page if we break after */
		int keep = no_split || (first && k < (size_t)o) ||
		    (last && pl.n - k < (size_t)w);
		if (k == pl.n && last)
			keep = keep_last;
		pdf_elem e = { .kind = E_LINE, .h = (float)st->line_height,
		    .asc = baseline(st), .x = (float)left, .line = pl.line[i],
		    .keep = (uint8_t)keep, .notes = nl ? nl[i] : NULL };
		if (i == 0) {
			e.node = b->node;
			e.mark = b->mark;
			b->node = NULL;
			b->mark = NULL;
		}
		push(b, e);
	}
}

/* Lay out b->p and append its lines. keep_last: glue the last line to
 * what follows (headings, comment headers). */
static void emit_box(fb *b, double top, double bottom, double left,
    double right, int keep_last, int no_split)
{
	para *p = b->p;
	p->width = b->width - left - right;
	if (p->width < 4 * p->st->size)
		p->width = 4 * p->st->size;
	space(b, top);
	b->blocks++;
	if (p->text.len <= PARA_SLICE) {
		emit_lines(b, p, left, keep_last, no_split, 1, 1);
	} else {
		/* a paragraph of megabytes (one line of a scraped file):
		 * slice by slice, its pages cut as they fill */
		for (size_t from = 0, to; from < p->text.len; from = to) {
			to = para_slice_end(p, from);
			para_slice(b->sp, p, from, to, b->mem);
			emit_lines(b, b->sp, left, keep_last, no_split,
			    from == 0, to == p->text.len);
			maybe_cut(b);
		}
	}
	if (bottom > b->pending)
		b->pending = bottom;
}

/* A paragraph with its own margins. */
static void emit_para(fb *b, double left, double right, int keep_last,
    int no_split)
{
	const style_props *st = b->p->st;
	emit_box(b, st->margin[0], st->margin[2], left, right, keep_last,
	    no_split);
}

/* Text with its bare http(s) URLs made live links (and url-notes), as
 * readers expect of a PDF. */
static void add_autolinked(fb *b, const char *s, size_t n,
    const style_props *st, int italic)
{
	const char *end = s + n, *p = s;
	while (p < end) {
		const char *h = NULL;
		for (const char *q = p; q + 8 <= end; q++)
			if ((q == s || q[-1] == ' ' || q[-1] == '\n' ||
			    q[-1] == '(' || q[-1] == '<' ||
			    (unsigned char)q[-1] >= 0x80) &&
			    url_start(q, (size_t)(end - q), 0)) {
				h = q;
				break;
			}
		if (!h) {
			para_add(b->p, p, (size_t)(end - p), st, b->p->bold, italic,
			    NULL);
			return;
		}
		const char *e = h;
		while (e < end && *e != ' ' && *e != '\n' && *e != '<' &&
		    *e != '>' && *e != '"')
			e++;
		/* trailing punctuation belongs to the sentence */
		while (e > h && strchr(".,;:!?)]'", e[-1]))
			e--;
		while (e - h >= 3 && (unsigned char)e[-3] == 0xE2 &&
		    (unsigned char)e[-2] == 0x80 &&
		    ((unsigned char)e[-1] == 0x9D || (unsigned char)e[-1] == 0x99))
			e -= 3;	/* a closing quote */
		char *url = arena_strndup(b->mem, h, (size_t)(e - h));
		if (b->ctx->url_notes) {
			/* the URL moves to the foot of the page: its marker
			 * takes its place, "(URL)" included */
			const char *a = h, *z = e;
			if (a > p && a[-1] == '(' && z < end && *z == ')')
				a--, z++;
			while (a > p && a[-1] == ' ')
				a--;
			if (a > p)
				para_add(b->p, p, (size_t)(a - p), st, b->p->bold,
				    italic, NULL);
			para_add_marker(b->p, ++b->notes, url);
			p = z;
			continue;
		}
		if (h > p)
			para_add(b->p, p, (size_t)(h - p), st, b->p->bold, italic,
			    NULL);
		para_add(b->p, h, (size_t)(e - h), st, b->p->bold, italic,
		    link_of(b, url));
		p = e;
	}
}

/* Is a node's plain text s? (Allocates nothing shared.) */
static int text_is(const dossier_node *n, const char *s)
{
	char *tmp = NULL;
	size_t cap = 0, len = dossier_node_text(n, &tmp, &cap, 0);
	int same = len == strlen(s) && (len == 0 || memcmp(tmp, s, len) == 0);
	free(tmp);
	return same;
}

/* The text of a block's inlines into b->p: emphasis flips the slant,
 * links carry their URL (http, https, mailto only). */
static void add_inlines(fb *b, dossier_node *blk, const style_props *st)
{
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	int italic = b->p->italic, depth_emph = 0, drop_paren = 0;
	const char *link = NULL, *target = NULL;
	dossier_iter_init(&it, blk);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (n == blk)
			continue;
		switch (n->type) {
		case DOSSIER_NODE_TEXT:
			if (drop_paren && n->as.text.len &&
			    n->as.text.text[0] == ')') {
				para_add(b->p, n->as.text.text + 1,
				    n->as.text.len - 1, st, b->p->bold,
				    italic ^ (depth_emph & 1), NULL);
				drop_paren = 0;
				break;
			}
			drop_paren = 0;
			/* code keeps its URLs as written: no url-note
			 * takes the place of one */
			if (link || b->p->pre)
				para_add(b->p, n->as.text.text, n->as.text.len, st,
				    b->p->bold, italic ^ (depth_emph & 1), target);
			else
				add_autolinked(b, n->as.text.text, n->as.text.len,
				    st, italic ^ (depth_emph & 1));
			break;
		case DOSSIER_NODE_EMPH:
			depth_emph += ev == DOSSIER_EV_ENTER ? 1 : -1;
			break;
		case DOSSIER_NODE_LINK:
			if (ev == DOSSIER_EV_ENTER) {
				target = link_of(b, n->as.link.url);
				link = target ? n->as.link.url : NULL;
				if (link && b->ctx->url_notes && !b->p->pre &&
				    text_is(n, link)) {
					/* a bare URL: the note replaces it, and
					 * "(URL)" becomes the marker alone */
					para *p = b->p;
					while (p->text.len && p->text.data[p->text.len - 1]
					    == ' ')
						p->text.len--;
					if (p->text.len &&
					    p->text.data[p->text.len - 1] == '(') {
						p->text.len--;
						drop_paren = 1;
					}
					while (p->text.len && p->text.data[p->text.len - 1]
					    == ' ')
						p->text.len--;
					while (p->nspans &&
					    p->spans[p->nspans - 1].start >= p->text.len)
						p->nspans--;
					if (p->nspans &&
					    p->spans[p->nspans - 1].end > p->text.len)
						p->spans[p->nspans - 1].end =
						    (uint32_t)p->text.len;
					dossier_iter_skip(&it);
				}
			} else {
				if (link && b->ctx->url_notes && !b->p->pre)
					para_add_marker(b->p, ++b->notes, link);
				link = NULL;
			}
			break;
		default:
			/* a nested block (list item): its text inline */
			break;
		}
	}
}

static void simple(fb *b, int role, const char *text, int keep_last)
{
	if (!text || !*text)
		return;
	const style_props *st = &b->ctx->st[role];
	para_init(b->p, st, NULL, b->width);
	para_add(b->p, text, strlen(text), st, st->bold, st->italic, NULL);
	emit_para(b, st->margin[3], st->margin[1], keep_last, 0);
}

/* A node's plain text in the flow's own arena: layout workers run side
 * by side, and the document's arena is not theirs to allocate from. */
static const char *plain(fb *b, const dossier_node *n)
{
	char *tmp = NULL;
	size_t cap = 0, len = dossier_node_text(n, &tmp, &cap, 0);
	char *s = arena_strndup(b->mem, tmp ? tmp : "", len);
	free(tmp);
	return s;
}

static pdf_mark *new_mark(fb *b, const char *title, int level)
{
	pdf_mark *m = arena_alloc(b->mem, sizeof *m);
	if (level == 1)
		snprintf(m->name, sizeof m->name, "a%zu", b->art + 1);
	else
		snprintf(m->name, sizeof m->name, "a%zus%d", b->art + 1,
		    ++b->sections);
	m->title = title;
	m->level = level;
	return m;
}

/* A list: its margins around the items, each item a paragraph led by
 * its marker. */
static void list_block(fb *b, dossier_node *n, const char *lang)
{
	pdf_ctx *ctx = b->ctx;
	const style_props *st = &ctx->st[R_LI];
	const style_props *box = &ctx->st[R_LIST];
	int k = 0;
	space(b, box->margin[0]);
	for (dossier_node *i = n->first; i; i = i->next) {
		char mk[16];
		snprintf(mk, sizeof mk, n->as.list.ordered ? "%d.\xc2\xa0" :
		    "\xe2\x80\xa2\xc2\xa0", ++k);
		para_init(b->p, st, lang, b->width);
		/* the marker leads the item's first line, held to the first
		 * word by a no-break space */
		b->p->indent = 0;
		para_add(b->p, mk, strlen(mk), st, 0, 0, NULL);
		add_inlines(b, i, st);
		if (!b->node)
			b->node = i;
		emit_box(b, st->margin[0], st->margin[2],
		    box->margin[3] + st->margin[3], st->margin[1], 0, 0);
		b->node = NULL;
	}
	if (box->margin[2] > b->pending)
		b->pending = box->margin[2];
	b->first_para = 1;
}

/* A preformatted paragraph, left from the text block's edge: each line
 * of its source a line (a long one wraps), a block of up to four lines
 * kept on one page. */
static void pre_block(fb *b, dossier_node *n, const char *lang,
    double left)
{
	const style_props *st = &b->ctx->st[R_PRE];
	para_init(b->p, st, lang, b->width);
	b->p->pre = 1;
	add_inlines(b, n, st);
	size_t lines = 1;
	for (size_t i = 0; i < b->p->text.len; i++)
		lines += b->p->text.data[i] == '\n';
	emit_para(b, left + st->margin[3], st->margin[1], 0, lines <= 4);
}

static void block(fb *b, dossier_node *n, const char *lang)
{
	pdf_ctx *ctx = b->ctx;
	const style_props *st;
	b->node = n;
	switch (n->type) {
	case DOSSIER_NODE_HEADING: {
		st = &ctx->st[n->as.heading.level <= 1 ? R_H2 : R_H3];
		para_init(b->p, st, lang, b->width);
		add_inlines(b, n, st);
		b->mark = new_mark(b, plain(b, n), 2);
		emit_para(b, st->margin[3], st->margin[1], 1, 1);
		b->first_para = 1;
		break;
	}
	case DOSSIER_NODE_QUOTE: {
		st = &ctx->st[R_QUOTE];
		const style_props *box = &ctx->st[R_QUOTEBOX];
		para_init(b->p, st, lang, b->width);
		add_inlines(b, n, st);
		emit_box(b, box->margin[0], box->margin[2], box->margin[3],
		    box->margin[1], 0, 0);
		b->first_para = 1;
		break;
	}
	case DOSSIER_NODE_LIST:
		list_block(b, n, lang);
		break;
	case DOSSIER_NODE_CAPTION:
		st = &ctx->st[R_CAPTION];
		para_init(b->p, st, lang, b->width);
		add_inlines(b, n, st);
		if (n->as.caption.credit) {
			para_add(b->p, " ", 1, st, 0, 0, NULL);
			const style_props *cr = &ctx->st[R_CREDIT];
			para_add(b->p, n->as.caption.credit,
			    strlen(n->as.caption.credit), cr, cr->bold,
			    cr->italic, NULL);
		}
		emit_para(b, st->margin[3], st->margin[1], 0, 0);
		b->first_para = 1;
		break;
	case DOSSIER_NODE_NOTE:
		st = &ctx->st[R_NOTE];
		para_init(b->p, st, lang, b->width);
		add_inlines(b, n, st);
		emit_para(b, st->margin[3], st->margin[1], 0, 0);
		b->first_para = 1;
		break;
	default:	/* paragraph */
		if (n->as.paragraph.pre) {
			pre_block(b, n, lang, 0);
			b->first_para = 1;
			break;
		}
		st = &ctx->st[b->first_para ? R_P_FIRST : R_P];
		para_init(b->p, st, lang, b->width);
		b->p->indent = st->indent;
		add_inlines(b, n, st);
		emit_para(b, st->margin[3], st->margin[1], 0, 0);
		b->first_para = 0;
		break;
	}
	b->node = NULL;
}

/* The header line of a comment: author, date, subject; deeper than three
 * levels the indent stops and the line says, after the name, whom it
 * answers. */
static void comment_meta(fb *b, dossier_node *c, int d, const char *lang)
{
	pdf_ctx *ctx = b->ctx;
	const style_props *st = &ctx->st[R_CMETA0 + d];
	const style_props *au = &ctx->st[R_AUTHOR], *da = &ctx->st[R_CDATE],
	    *su = &ctx->st[R_SUBJECT], *re = &ctx->st[R_REPLYTO];
	para_init(b->p, st, lang, b->width);
	b->p->hyphenate = 0;
	const char *a = c->as.comment.author;
	if (!a || !*a)
		a = b->w->anonymous;
	para_add(b->p, a, strlen(a), au, 1, au->italic, NULL);
	/* After the name, as the EPUB has it */
	if (c->as.comment.depth > 3 && c->parent &&
	    c->parent->type == DOSSIER_NODE_COMMENT) {
		const char *who = c->parent->as.comment.author;
		/* U+21B3 is in few fonts (Noto Sans Math, DejaVu): without
		 * one, words alone rather than an empty box */
		if (!b->sh->reply_arrow)
			b->sh->reply_arrow = shaper_covers(b->sh, re, 0x21B3) ?
			    "\xe2\x86\xb3 " : "";
		/* In pieces: a name of any length, never cut */
		const char *part[] = { " ", b->sh->reply_arrow, b->w->reply_to,
		    " ", who && *who ? who : b->w->anonymous };
		for (size_t i = 0; i < sizeof part / sizeof *part; i++)
			para_add(b->p, part[i], strlen(part[i]), re, re->bold,
			    re->italic, NULL);
	}
	if (c->as.comment.date && *c->as.comment.date) {
		para_add(b->p, " \xc2\xb7 ", 4, da, 0, 0, NULL);
		para_add(b->p, c->as.comment.date, strlen(c->as.comment.date),
		    da, da->bold, da->italic, NULL);
	}
	if (c->as.comment.title && *c->as.comment.title) {
		para_add(b->p, " \xc2\xb7 ", 4, su, 0, 0, NULL);
		para_add(b->p, c->as.comment.title, strlen(c->as.comment.title),
		    su, su->bold, 1, NULL);
	}
	const style_props *box = &ctx->st[R_CDIV0 + d];
	b->node = c;
	emit_box(b, box->margin[0] > st->margin[0] ? box->margin[0] :
	    st->margin[0], st->margin[2], box->margin[3] + st->margin[3],
	    st->margin[1], 1, 1);
}

static void thread(fb *b, dossier_node *t, const char *lang)
{
	pdf_ctx *ctx = b->ctx;
	size_t k = node_count_comments(t);
	if (!k)
		return;
	/* As the EPUB has it: the heading says "Discussion", the outline
	 * and the contents how many comments. */
	const book_words *w = ctx->w;
	char *count = arena_printf(b->mem, k == 1 ? w->comments1 :
	    w->comments, (unsigned)k);
	b->node = t;
	b->mark = new_mark(b, arena_printf(b->mem, "%s (%s)", w->discussion,
	    count), 2);
	simple(b, R_DISCUSSION, b->w->discussion, 1);
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, t);
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER || n == t)
			continue;
		if (n->type == DOSSIER_NODE_COMMENT) {
			int d = n->as.comment.depth > 3 ? 3 : n->as.comment.depth;
			const char *cl = n->as.comment.lang ? n->as.comment.lang :
			    lang;
			maybe_cut(b);
			comment_meta(b, n, d, cl);
			continue;
		}
		if (!dossier_node_is_block(n)) {
			dossier_iter_skip(&it);
			continue;
		}
		dossier_node *c = n->parent;
		int d = 0;
		const char *cl = lang;
		if (c && c->type == DOSSIER_NODE_COMMENT) {
			d = c->as.comment.depth > 3 ? 3 : c->as.comment.depth;
			if (c->as.comment.lang)
				cl = c->as.comment.lang;
		}
		const style_props *st = &ctx->st[R_CPARA0 + d];
		const style_props *box = &ctx->st[R_CDIV0 + d];
		b->node = n;
		if (n->type == DOSSIER_NODE_PARAGRAPH && n->as.paragraph.pre) {
			pre_block(b, n, cl, box->margin[3]);
			dossier_iter_skip(&it);
			continue;
		}
		para_init(b->p, st, cl, b->width);
		add_inlines(b, n, st);
		b->node = n;
		emit_para(b, box->margin[3] + st->margin[3], st->margin[1], 0, 0);
		dossier_iter_skip(&it);
	}
}

/* The source line, as the EPUB has it (article_source). */
static void source_line(fb *b, const dossier_node *a)
{
	const char *site, *url;
	article_source(a, &site, &url);
	if (!site && !url)
		return;
	const style_props *st = &b->ctx->st[R_SOURCE];
	para_init(b->p, st, NULL, b->width);
	const char *word = b->w->source;
	para_add(b->p, word, strlen(word), st, st->bold, st->italic, NULL);
	para_add(b->p, " ", 1, st, st->bold, st->italic, NULL);
	const char *shown = site ? site : url;
	para_add(b->p, shown, strlen(shown), st, st->bold, st->italic,
	    link_of(b, url));
	if (url && site && b->ctx->url_notes)
		para_add_marker(b->p, ++b->notes, url);
	emit_para(b, st->margin[3], st->margin[1], 0, 0);
}

/* Cut the pages the flow now fills (all, when final), and with rotate
 * free the arenas that only emitted pages used. */
static void cut(fb *b, int final)
{
	size_t stop = 0;
	b->page += paginate(b->sh, b->ctx, b->art, b->flow, b->first, b->page,
	    b->mem, b->emit, b->ud, final ? NULL : &stop);
	if (final || !stop)
		return;
	pdf_flow *f = b->flow;
	memmove(f->e, f->e + stop, (f->n - stop) * sizeof *f->e);
	f->n -= stop;
	b->height = 0;
	uint16_t min = b->gen;
	for (size_t k = 0; k < f->n; k++) {
		b->height += f->e[k].h;
		if (f->e[k].gen < min)
			min = f->e[k].gen;
	}
	if (!b->rotate)
		return;
	for (size_t k = 1; k < min && k <= b->nar; k++)
		if (b->ar[k - 1]) {
			arena_free(b->ar[k - 1]);
			free(b->ar[k - 1]);
			b->ar[k - 1] = NULL;
		}
	if (b->nar == UINT16_MAX)
		return;
	b->ar = xrealloc(b->ar, (b->nar + 1) * sizeof *b->ar);
	b->ar[b->nar] = xmalloc(sizeof(arena));
	arena_init(b->ar[b->nar]);
	b->mem = b->ar[b->nar++];
	b->gen = (uint16_t)b->nar;
}

/* After each block: cut when a few pages are waiting. Three pages of
 * lookahead cover any keep chain a page break has to respect. */
static void maybe_cut(fb *b)
{
	if (b->height > 3 * b->page_h)
		cut(b, 0);
}

unsigned flow_article(shaper *sh, pdf_ctx *ctx, size_t i, arena *mem,
    unsigned first, page_fn emit, void *ud, int rotate)
{
	dossier_node *a = ctx->articles[i];
	pdf_flow flow = { 0 };
	fb b = { .sh = sh, .ctx = ctx, .mem = mem, .flow = &flow, .art = i };
	b.p = &sh->para_cache[0];
	b.np = &sh->para_cache[1];
	b.sp = &sh->para_cache[3];
	b.width = ctx->pw - ctx->inner - ctx->outer;
	b.first = first;
	b.page = first;
	b.emit = emit;
	b.ud = ud;
	b.rotate = rotate;
	b.page_h = ctx->ph - ctx->top - ctx->bottom;
	const char *lang = a->as.article.lang ? a->as.article.lang :
	    ctx->doc->root->as.dossier.lang;
	b.w = book_words_for(lang);
	b.node = a;
	b.mark = new_mark(&b, a->as.article.title, 1);
	simple(&b, R_KICKER, a->as.article.kicker, 1);
	const style_props *st = &ctx->st[R_TITLE];
	para_init(b.p, st, lang, b.width);
	b.p->hyphenate = 0;
	para_add(b.p, a->as.article.title, strlen(a->as.article.title), st,
	    st->bold, st->italic, NULL);
	emit_para(&b, st->margin[3], st->margin[1], 1, 1);
	simple(&b, R_DEK, a->as.article.subtitle, 1);
	char dbuf[96], iso[11];
	const char *by = a->as.article.byline, *date = book_date_show(b.w,
	    a->as.article.date, dbuf, sizeof dbuf, iso);
	if ((by && *by) || (date && *date)) {
		char *t = arena_printf(b.mem, "%s%s%s", by ? by : "",
		    by && *by && date && *date ? " \xc2\xb7 " : "",
		    date ? date : "");
		simple(&b, R_BYLINE, t, 0);
	}
	/* As the EPUB has them: the source with the byline, where a reader
	 * looks for who published the story, and every thread where it
	 * stands. */
	source_line(&b, a);
	b.first_para = 1;
	for (dossier_node *n = a->first; n; n = n->next) {
		if (n->type == DOSSIER_NODE_THREAD) {
			thread(&b, n, lang);
		} else if (dossier_node_is_block(n)) {
			block(&b, n, lang);
			maybe_cut(&b);
		}
	}
	cut(&b, 1);
	for (size_t k = 0; k < b.nar; k++)
		if (b.ar[k]) {
			arena_free(b.ar[k]);
			free(b.ar[k]);
		}
	free(b.ar);
	flow_free(&flow);
	return b.page - first;
}
