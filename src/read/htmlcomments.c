/* htmlcomments.c: reader comments with their real nesting, from the
 * markup of any comment software: elements whose class or id say
 * "comment" (WordPress's li.comment > div.comment-body, a generic
 * div.comment holding div.comment-text and its replies' div.comment...),
 * inside a section that says "comments".
 *
 * The walk (htmlwalk.c) recorded every marked element with its run of
 * blocks (html_ctx.marks, parents before children). Here:
 *  - a body is a comment element that holds text of its own (text not in
 *    a nested comment element, nor in an author, date, meta or action
 *    element: that is the comment's chrome);
 *  - a comment is the outermost comment element whose first body is that
 *    body (li.comment around div.comment-body), never a list of them;
 *  - a comment's parent is the nearest comment around it: a reply sits
 *    inside the comment it answers, as every threaded system nests it.
 * The author and date are the first author and date elements of the
 * comment outside its replies. */
#include "html.h"

#include <stdlib.h>
#include <string.h>

enum { NONE = -1 };

typedef struct cstate {
	html_ctx *h;
	int *cm;	/* per block: innermost comment element, or NONE */
	char *chrome;	/* per block: in author/date/meta/action markup */
	int *owner;	/* per mark: the comment it is, or NONE */
	int *body_of;	/* per mark: its first body's mark, or NONE */
	int *own_text;	/* per mark: blocks of its own text */
	dossier_node **node;	/* per mark that is a comment */
	int *bowner;	/* per block: its comment (a mark), or NONE */
} cstate;

static int is_comment(const hmark *m)
{
	return (m->own & HT_COMMENT) && !(m->own & HT_COMMENTS);
}

/* The nearest comment element among m and its ancestors. */
static int comment_up(const html_ctx *h, int m)
{
	while (m != NONE && !is_comment(&h->marks[m]))
		m = h->marks[m].parent;
	return m;
}

/* Is a short block a link or a button label, not text? */
static int chrome_block(const hblock *b)
{
	return b->chars < 60 && b->link_chars * 2 > b->chars;
}

/* The text of the first mark under comment c (outside its replies)
 * with flag f: an author's name or a date. */
static const char *field(cstate *s, int c, unsigned f, size_t max)
{
	html_ctx *h = s->h;
	const hmark *cm = &h->marks[c];
	for (size_t j = (size_t)c + 1; j < h->nmarks && j < (size_t)c + 400;
	    j++) {
		const hmark *m = &h->marks[j];
		/* descendants of c follow it; the first mark after them
		 * ends the search */
		int up = m->parent;
		while (up != NONE && up != c)
			up = h->marks[up].parent;
		if (up != c)
			break;
		if (!(m->own & f) || m->b0 > cm->b1)
			continue;
		/* not one of a reply's */
		int o = NONE;
		for (int k = m->parent; k != NONE && k != c; k = h->marks[k].parent)
			if (s->owner[k] != NONE) {
				o = k;
				break;
			}
		if (o != NONE)
			continue;
		const char *v = NULL;
		if (f == HT_DATE && strcmp(html_tag(m->elem), "time") == 0) {
			char *d = html_attr(m->elem, "datetime");
			v = d ? html_clean(h, d) : NULL;
			xmlFree(d);
		}
		if (!v)
			v = html_text(h, m->elem, max);
		if (f == HT_AUTHOR && v) {
			/* "Jonas says:": the name without the verb */
			const char *sp = strrchr(v, ' ');
			size_t n = strlen(v);
			if (sp && n && v[n - 1] == ':')
				v = arena_strndup(&h->doc->mem, v,
				    (size_t)(sp - v));
		}
		if (v && *v && strlen(v) < max)
			return v;
	}
	return NULL;
}

/* Each block's comment element, and whether it is chrome. */
static void block_comments(cstate *s)
{
	html_ctx *h = s->h;
	for (size_t i = 0; i < h->blocks.n; i++) {
		hblock *b = &h->blocks.v[i];
		s->cm[i] = NONE;
		s->bowner[i] = NONE;
		if (b->mark == NONE || !(b->flags & (HT_COMMENT | HT_COMMENTS)))
			continue;
		int m = b->mark, ch = chrome_block(b);
		while (m != NONE && !is_comment(&h->marks[m])) {
			if (h->marks[m].own & HT_COMMENTS) {
				m = NONE;
				break;
			}
			if (h->marks[m].own & (HT_AUTHOR | HT_DATE | HT_CHROME |
			    HT_META))
				ch = 1;
			m = h->marks[m].parent;
		}
		s->cm[i] = m;
		s->chrome[i] = (char)ch;
		if (m != NONE && !ch)
			s->own_text[m]++;
	}
}

/* The first body inside each comment element: a suffix scan gives each
 * block the next body block. */
static void first_bodies(cstate *s)
{
	html_ctx *h = s->h;
	size_t nb = h->blocks.n;
	int *next = xmalloc((nb + 1) * sizeof *next);
	next[nb] = (int)nb;
	for (size_t i = nb; i-- > 0;)
		next[i] = s->cm[i] != NONE && !s->chrome[i] ? (int)i :
		    next[i + 1];
	for (size_t j = 0; j < h->nmarks; j++) {
		const hmark *m = &h->marks[j];
		if (!is_comment(m) || m->b0 >= m->b1)
			continue;
		int i = next[m->b0];
		if ((size_t)i < m->b1)
			s->body_of[j] = s->cm[i];
	}
	free(next);
}

/* Comments: from each body up to the outermost comment element whose
 * first body it is. Returns how many. */
static size_t find_comments(cstate *s)
{
	html_ctx *h = s->h;
	size_t count = 0;
	for (size_t j = 0; j < h->nmarks; j++) {
		if (!is_comment(&h->marks[j]) || s->own_text[j] == 0)
			continue;
		int o = (int)j;
		for (;;) {
			int p = comment_up(h, h->marks[o].parent);
			if (p == NONE || s->body_of[p] != (int)j)
				break;
			/* a section in between ends the climb */
			int k = h->marks[o].parent, sect = 0;
			for (; k != p; k = h->marks[k].parent)
				sect |= (h->marks[k].own & HT_COMMENTS) != 0;
			if (sect)
				break;
			o = p;
		}
		if (s->owner[o] == NONE) {
			s->owner[o] = o;
			count++;
		}
	}
	return count;
}

/* The comments' nodes, their author and date, and their text: each
 * block goes to the nearest comment around its element. */
static void fill_comments(cstate *s)
{
	html_ctx *h = s->h;
	for (size_t i = 0; i < h->blocks.n; i++) {
		int m = s->cm[i];
		while (m != NONE && s->owner[m] == NONE)
			m = h->marks[m].parent;
		s->bowner[i] = m;
	}
	for (size_t j = 0; j < h->nmarks; j++) {
		if (s->owner[j] == NONE)
			continue;
		dossier_node *c = s->node[j] = node_new(h->doc,
		    DOSSIER_NODE_COMMENT, h->name, 0);
		c->as.comment.author = field(s, (int)j, HT_AUTHOR, 120);
		c->as.comment.date = field(s, (int)j, HT_DATE, 80);
	}
	for (size_t i = 0; i < h->blocks.n; i++) {
		int o = s->bowner[i];
		hblock *b = &h->blocks.v[i];
		if (o == NONE || s->chrome[i])
			continue;
		b->keep = 0;	/* a comment, not the article */
		dossier_node *c = s->node[o];
		b->node->type = b->kind == HB_QUOTE ? DOSSIER_NODE_QUOTE :
		    DOSSIER_NODE_PARAGRAPH;
		if (!c->line)
			c->line = b->line;
		node_append(c, b->node);
	}
}

/* Each comment under the nearest comment around it, in a thread;
 * NULL if no comment kept any text. */
static dossier_node *nest_comments(cstate *s)
{
	html_ctx *h = s->h;
	dossier_node *thread = node_new(h->doc, DOSSIER_NODE_THREAD, h->name, 0);
	for (size_t j = 0; j < h->nmarks; j++) {
		if (s->owner[j] == NONE)
			continue;
		dossier_node *c = s->node[j];
		if (!c->first)	/* its text was all chrome */
			continue;
		int p = h->marks[j].parent;
		while (p != NONE && (s->owner[p] == NONE || !s->node[p]->first))
			p = h->marks[p].parent;
		if (p == NONE) {
			node_append(thread, c);
		} else {
			c->as.comment.depth = s->node[p]->as.comment.depth + 1;
			node_append(s->node[p], c);
		}
	}
	return thread->first ? thread : NULL;
}

size_t html_comments(html_ctx *h, dossier_node *article)
{
	size_t nb = h->blocks.n, nm = h->nmarks;
	if (!nb || !nm)
		return 0;
	cstate s = { .h = h };
	s.cm = xmalloc(nb * sizeof *s.cm);
	s.chrome = xcalloc(nb, 1);
	s.bowner = xmalloc(nb * sizeof *s.bowner);
	s.owner = xmalloc(nm * sizeof *s.owner);
	s.body_of = xmalloc(nm * sizeof *s.body_of);
	s.own_text = xcalloc(nm, sizeof *s.own_text);
	s.node = xcalloc(nm, sizeof *s.node);
	for (size_t j = 0; j < nm; j++)
		s.owner[j] = s.body_of[j] = NONE;
	block_comments(&s);
	first_bodies(&s);
	size_t count = find_comments(&s);
	if (count) {
		fill_comments(&s);
		dossier_node *thread = nest_comments(&s);
		if (thread)
			node_append(article, thread);
		else
			count = 0;
	}
	free(s.cm);
	free(s.chrome);
	free(s.bowner);
	free(s.owner);
	free(s.body_of);
	free(s.own_text);
	free(s.node);
	return count;
}
