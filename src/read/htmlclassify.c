/* htmlclassify.c: which blocks of a page are the article. Two steps, both
 * from DOM evidence only:
 *  1. the container: every element holds a contiguous run of blocks, so
 *     with a prefix sum of per-block weights (article-like text counts
 *     for, link lists, furniture and comment sections against) the
 *     element whose run weighs most is found in one pass over the
 *     elements; <article>, <main> and content words weigh it up;
 *  2. inside it, each block is kept or dropped on its own features
 *     (furniture words under the container, link density, short meta
 *     lines, the comment section).
 * Then the blocks go through the block classifier every reader shares
 * (htmlmodel.c), with the container and these decisions among their
 * features. */
#include "html.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#ifndef CLIMB
#define CLIMB 0.9
#endif
#include <string.h>

/* The weight of a block for the choice of container. */
static double block_weight(const hblock *b)
{
	double c = (double)b->chars;
	double ld = c > 0 ? (double)b->link_chars / c : 0;
	if (b->in_comments)
		return -0.3 * c;
	if (b->flags & HT_HIDDEN)
		return 0;
	if (ld > 0.5)
		return -c * ld - 5;
	double w = c * (1 - ld);
	if (b->kind == HB_PARAGRAPH || b->kind == HB_QUOTE) {
		if (!b->ends_sentence)
			w *= 0.5;
		if (b->words < 6)
			w *= 0.3;
	} else if (b->kind == HB_ITEM) {
		w *= b->ends_sentence ? 0.5 : 0.2;
	} else {
		w *= 0.3;
	}
	if (b->own_flags & HT_BOILER)
		w = -0.5 * c;
	return w - 10;
}

/* Does the block read as article by its own features, once it is inside
 * the chosen container? under: its flags below the container's. */
static double keep_score(const hblock *b, unsigned under)
{
	double c = (double)b->chars;
	double ld = c > 0 ? (double)b->link_chars / c : 0;
	if (b->in_comments || (b->flags & HT_HIDDEN))
		return -1;

	if (under & (HT_BOILER | HT_COMMENTS | HT_CHROME))
		return -1;
	if (ld > 0.6 || (ld > 0.35 && b->words < 12))
		return -1;
	if ((under & (HT_META | HT_DATE | HT_AUTHOR)) && c < 200)
		return -1;
	return 1;
}

/* Text that reads as an article's: sentences, few links. */
static size_t good_chars(const hblock *b)
{
	if (b->kind != HB_PARAGRAPH && b->kind != HB_QUOTE)
		return 0;
	if (b->words < 10 || !b->ends_sentence || b->link_chars * 4 > b->chars)
		return 0;
	return b->chars;
}

/* A furniture word on an element that holds much of the page's article
 * text is a layout's name ("main one-sidebar"), not furniture: such
 * wrappers are left out of their blocks' flags. Comment sections are
 * never wrappers: a long discussion holds much text and is still not
 * the article. Marks come in document order, parents first. */
static void settle_marks(html_ctx *h)
{
	size_t n = h->blocks.n;
	size_t *pre = xmalloc((n + 1) * sizeof *pre);
	pre[0] = 0;
	for (size_t i = 0; i < n; i++)
		pre[i + 1] = pre[i] + good_chars(&h->blocks.v[i]);
	size_t total = pre[n];
	for (size_t i = 0; i < h->nmarks; i++) {
		hmark *m = &h->marks[i];
		size_t good = pre[m->b1] - pre[m->b0];
		unsigned own = m->own;
		if (good >= 300 && good * 5 >= total * 2)
			own &= HT_COMMENTS | HT_COMMENT;
		m->eff = own | (m->parent >= 0 ? h->marks[m->parent].eff : 0);
	}
	for (size_t i = 0; i < n; i++) {
		hblock *b = &h->blocks.v[i];
		b->flags = (b->flags & ~HT_NEGATIVE) |
		    (b->mark >= 0 ? h->marks[b->mark].eff : 0);
		b->own_flags = b->flags;
		b->in_comments = (b->flags & HT_COMMENTS) != 0;
	}
	free(pre);
}

/* Is heading a the title b, or a kicker and the title? */
static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t na = strlen(a), nb = strlen(b);
	return g_utf8_collate(a, b) == 0 || (na > nb + 1 &&
	    strcmp(a + na - nb, b) == 0 && a[na - nb - 1] == ' ');
}

#ifndef LEADS
#define LEADS 3
#endif

/* The lead: a standfirst often sits in the article's header, before
 * the element holding the rest. Sentences just before the container
 * (up to LEADS of them, a subheading of a sentence too), past the
 * headline and its meta lines, are kept; the first link list, comment
 * or non-sentence of any length ends the search. */
static void lead(html_ctx *h, const hspan *c)
{
	int seen = 0;
	for (size_t i = c->b0, k = 0; i-- > 0 && k < 8; k++) {
		hblock *b = &h->blocks.v[i];
		double ld = b->chars ? (double)b->link_chars / (double)b->chars :
		    0;
		if (b->in_comments || ld > 0.3)
			break;
		/* a standfirst set as a subheading: a sentence of words */
		int dek = b->kind == HB_HEADING && b->level >= 2 &&
		    b->words >= 12 && b->ends_sentence &&
		    !(b->flags & HT_HIDDEN);
		if (!dek && (b->kind == HB_HEADING || b->kind == HB_CAPTION ||
		    (b->flags & (HT_META | HT_DATE | HT_AUTHOR)) ||
		    b->words < 8))
			continue;
		if ((!dek && (b->kind != HB_PARAGRAPH || !b->ends_sentence ||
		    b->words < 12)) || seen >= LEADS)
			break;
		b->keep = 2;	/* kept whatever its ancestors' words */
		seen++;
	}
}

#ifndef MARKF
#define MARKF 0.5
#endif
#ifndef RUNF
#define RUNF 1.3
#endif

/* The run of an element's children (and of the blocks of its own text
 * between them) whose blocks weigh most: an article split in parts
 * among teasers and share bars that are the parts' siblings ("grouping
 * split containers"). Each element's children are seen once: linear. */
static double best_run(const html_ctx *h, const hspan *s, const double *pre,
    size_t *r0, size_t *r1)
{
	double best = -INFINITY, cur = 0;
	size_t start = s->b0, pos = s->b0;
	int units = 0, in_cur = 0, in_best = 0;
	const xmlNode *c = s->elem->children;
	for (;;) {
		size_t u0, u1;
		while (c && !(c->type == XML_ELEMENT_NODE && c->_private))
			c = c->next;
		size_t k = c ? (size_t)(uintptr_t)c->_private : 0;
		const hspan *cs = k && k <= h->nspans ? &h->spans[k - 1] : NULL;
		if (cs && (cs->elem != c || cs->b0 < pos || cs->b1 > s->b1))
			cs = NULL;	/* not this walk's span of it */
		if (pos < (cs ? cs->b0 : s->b1)) {
			u0 = pos;	/* a block of the element's own text */
			u1 = pos + 1;
		} else if (cs) {
			u0 = cs->b0;
			u1 = cs->b1;
			c = c->next;
		} else if (c) {
			c = c->next;
			continue;
		} else {
			break;
		}
		units++;
		double w = pre[u1] - pre[u0];
		if (cur <= 0) {
			cur = 0;
			start = u0;
			in_cur = 0;
		}
		cur += w;
		in_cur++;
		if (cur > best) {
			best = cur;
			in_best = in_cur;
			*r0 = start;
			*r1 = u1;
		}
		pos = u1;
	}
	/* one unit is an element of its own, or a stray line */
	return units >= 2 && in_best >= 2 ? best : -INFINITY;
}

/* Does the block announce what follows: a heading, or a short line
 * ending in a colon ("Read more:", "Contact:")? */
static int announces(html_ctx *h, const hblock *b)
{
	if (b->kind == HB_HEADING)
		return 1;
	if (b->kind != HB_PARAGRAPH || b->words > 6)
		return 0;
	const char *t = html_plain(h->doc, b->node);
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		n--;
	return n && t[n - 1] == ':';
}

/* A heading whose section was dropped (a teaser list's "Read more",
 * "Related", a share box's title) goes with it: it is the last kept
 * block, or two dropped blocks or more follow it, or dropped blocks and
 * then the next heading of its rank or above. */
static void drop_orphans(html_ctx *h, const hspan *c)
{
	size_t next = c->b1;	/* the next kept block after i */
	for (size_t i = c->b1; i-- > c->b0;) {
		hblock *b = &h->blocks.v[i];
		if (!b->keep)
			continue;
		if (b->keep == 1 && announces(h, b)) {
			const hblock *n = next < c->b1 ? &h->blocks.v[next] : NULL;
			size_t gap = next - i - 1;
			if (!n || gap >= 2 || (gap == 1 &&
			    n->kind == HB_HEADING && (b->kind != HB_HEADING ||
			    n->level <= b->level))) {
				b->keep = 0;
				continue;
			}
		}
		next = i;
	}
}

#ifdef DOSSIER_HTML_TRACE
static void trace(html_ctx *h, const hspan *best, double w)
{
	fprintf(stderr, "container <%s> blocks [%zu,%zu) weight %.0f\n",
	    html_tag(best->elem), best->b0, best->b1, w);
	for (size_t i = 0; i < h->blocks.n; i++) {
		const hblock *b = &h->blocks.v[i];
		char *cl = html_attr(b->elem, "class");
		fprintf(stderr, "%4zu %c%c w=%6.0f f=%03x ld=%.2f %s.%s| %.70s\n",
		    i, i >= best->b0 && i < best->b1 ? '*' : ' ',
		    b->keep ? 'K' : ' ', b->score, b->flags,
		    b->chars ? (double)b->link_chars / (double)b->chars : 0,
		    html_tag(b->elem), cl ? cl : "",
		    html_plain(h->doc, b->node));
		xmlFree(cl);
		for (int m = b->mark; m >= 0; m = h->marks[m].parent)
			if (h->marks[m].eff & h->marks[m].own & HT_BOILER) {
				char *c2 = html_attr(h->marks[m].elem, "class");
				char *id = html_attr(h->marks[m].elem, "id");
				fprintf(stderr, "       boiler from <%s class=%s id=%s>\n",
				    html_tag(h->marks[m].elem), c2 ? c2 : "",
				    id ? id : "");
				xmlFree(c2);
				xmlFree(id);
				break;
			}
	}
}
#endif

/* Does a short line credit a picture ("... © AFP / Name", "Foto: Name",
 * "(Photo: Agency)")? Such a line is the picture's, not the article's,
 * wherever the page's markup puts it. */
static int credit_line(const char *s, size_t chars)
{
	static const char *const marks[] = { "Foto: ", "Photo: ", "Bild: ",
	    "Image: ", "Credit: ", "Photograph: ", "Fotos: ", "Photos: ",
	    "Bilder: ", NULL };
	if (chars > 300)
		return 0;
	if (strstr(s, "\xc2\xa9"))	/* © */
		return 1;
	for (int i = 0; marks[i]; i++) {
		const char *p = strstr(s, marks[i]);
		if (p && (p == s || p[-1] == '(' || p[-1] == ' '))
			return 1;
	}
	return 0;
}

/* Credit lines the weights kept are dropped. */
static void drop_credits(html_ctx *h)
{
	for (size_t i = 0; i < h->blocks.n; i++) {
		hblock *b = &h->blocks.v[i];
		if (b->keep && b->kind != HB_HEADING &&
		    credit_line(html_plain(h->doc, b->node), b->chars))
			b->keep = 0;
	}
}

/* The heaviest element (article-like ones weigh a little more); *w its
 * weight. NULL when the page has no element with blocks. */
static const hspan *heaviest(const html_ctx *h, const double *pre,
    double *bestw)
{
	const hspan *best = NULL;
	*bestw = -INFINITY;
	for (size_t i = 0; i < h->nspans; i++) {
		const hspan *s = &h->spans[i];
		double w = pre[s->b1] - pre[s->b0];
		const char *t = html_tag(s->elem);
		if (w > 0 && (strcmp(t, "article") == 0 ||
		    strcmp(t, "main") == 0 || (s->flags & HT_CONTENT)))
			w *= 1.15;
		if (w > *bestw || (w == *bestw && best &&
		    s->depth > best->depth)) {
			*bestw = w;
			best = s;
		}
	}
	return best;
}

/* An element that names itself the article's text (articleBody,
 * article-body, entry-content) inside the heaviest element is taken
 * when it holds a fair share of what that one weighs: it may be a
 * column that adds teasers the weights did not see as such. Else up to
 * the parent while what it adds costs little: a container holding the
 * article and a little furniture beats the article's largest part, as
 * the blocks are judged one by one after. */
static const hspan *settle_container(const html_ctx *h, const double *pre,
    const hspan *best, double *bestw)
{
	const hspan *marked = NULL;
	double markw = 0;
	for (size_t i = 0; i < h->nspans; i++) {
		const hspan *s = &h->spans[i];
		double w = pre[s->b1] - pre[s->b0];
		if (w > markw && (html_element_flags(s->elem) & HT_BODY)) {
			markw = w;
			marked = s;
		}
	}
	if (marked && marked != best && markw >= MARKF * *bestw &&
	    marked->b0 >= best->b0 && marked->b1 <= best->b1) {
		*bestw = markw;
		return marked;	/* its parents are the column it names */
	}
	for (;;) {
		const xmlNode *up = best->elem->parent;
		size_t k = up && up->type == XML_ELEMENT_NODE ?
		    (size_t)(uintptr_t)up->_private : 0;
		if (!k || k > h->nspans || strcmp(html_tag(up), "body") == 0)
			break;
		const hspan *p = &h->spans[k - 1];
		double w = pre[p->b1] - pre[p->b0];
		if (w < CLIMB * *bestw)
			break;
		best = p;
		*bestw = w;
	}
	return best;
}

/* A run of an element's children that weighs much more than any
 * element: the article's parts with their siblings left out (in
 * h->run). topw is what the heaviest element weighed. */
static const hspan *run_container(html_ctx *h, const double *pre,
    const hspan *best, double bestw, double topw)
{
	double runw = -INFINITY;
	const hspan *runof = NULL;
	size_t rb0 = 0, rb1 = 0;
	for (size_t i = 0; i < h->nspans; i++) {
		size_t a0 = 0, a1 = 0;
		const hspan *s = &h->spans[i];
		double w = best_run(h, s, pre, &a0, &a1);
		if (w > runw) {
			runw = w;
			runof = s;
			rb0 = a0;
			rb1 = a1;
		}
	}
	if (runof && bestw > 0 && runw > RUNF * (bestw > topw ? bestw : topw)) {
		h->run = *runof;
		h->run.b0 = rb0;
		h->run.b1 = rb1;
		return &h->run;
	}
	return best;
}

void html_classify(html_ctx *h)
{
	xmlNode *root = xmlDocGetRootElement(h->dom);
	xmlNode *body = root;
	for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp(html_tag(c), "body") == 0)
			body = c;
	html_walk(h, body, &h->blocks, 1);
	size_t n = h->blocks.n;
	if (!n)
		return;
	settle_marks(h);
	double *pre = xmalloc((n + 1) * sizeof *pre);
	pre[0] = 0;
	for (size_t i = 0; i < n; i++) {
		hblock *b = &h->blocks.v[i];
		b->score = block_weight(b);
		pre[i + 1] = pre[i] + b->score;
	}
	/* The container: the element whose blocks weigh most. */
	double bestw;
	const hspan *best = heaviest(h, pre, &bestw);
	if (!best) {
		free(pre);
		return;
	}
	double topw = bestw;
	best = settle_container(h, pre, best, &bestw);
	best = run_container(h, pre, best, bestw, topw);
	free(pre);
	h->container = best;
	unsigned cflags = best->flags;
	lead(h, best);
	for (size_t i = best->b0; i < best->b1; i++) {
		hblock *b = &h->blocks.v[i];
		b->keep = keep_score(b, b->flags & ~cflags) > 0;
	}
	drop_orphans(h, best);
	html_model(h, best);
	drop_credits(h);
#ifdef DOSSIER_HTML_TRACE
	/* The classifier's view, for tuning: make CFLAGS='-O2
	 * -DDOSSIER_HTML_TRACE' prints every block, '*' in the container. */
	trace(h, best, bestw);
#endif
}

/* Append the kept blocks to parent, list items grouped into lists. */
void html_emit_blocks(html_ctx *h, dossier_node *parent, hblock *v,
    size_t n)
{
	dossier_node *list = NULL;
	const xmlNode *list_elem = NULL;
	const char *title = parent->type == DOSSIER_NODE_ARTICLE ?
	    parent->as.article.title : NULL;
	int title_seen = 0;
	for (size_t i = 0; i < n; i++) {
		hblock *b = &v[i];
		if (!b->keep)
			continue;
		dossier_node *x = b->node;
		/* The title is not said twice. */
		if (b->kind == HB_HEADING && !title_seen && title &&
		    same_text(html_plain(h->doc, x), title)) {
			title_seen = 1;
			continue;
		}
		if (b->kind == HB_ITEM) {
			if (!list || list_elem != b->list) {
				list = node_new(h->doc, DOSSIER_NODE_LIST,
				    h->name, b->line);
				list->as.list.ordered = b->ordered;
				list_elem = b->list;
				node_append(parent, list);
			}
			x->type = DOSSIER_NODE_ITEM;
			node_append(list, x);
			continue;
		}
		list = NULL;
		switch (b->kind) {
		case HB_HEADING:
			x->type = DOSSIER_NODE_HEADING;
			x->as.heading.level = b->level < 2 ? 2 : b->level;
			break;
		case HB_QUOTE:
			x->type = DOSSIER_NODE_QUOTE;
			break;
		case HB_CAPTION:
			x->type = DOSSIER_NODE_CAPTION;
			break;
		default:
			x->type = DOSSIER_NODE_PARAGRAPH;
		}
		node_append(parent, x);
	}
}
