/* htmlmodel.c: the HTML reader's blocks through the block classifier
 * every reader shares (blocks.h). Each block gets the features the text
 * reader's blocks have that the DOM gives as well (length, a sentence's
 * end, position and neighbours) and the DOM's own (BF_H_*: its kind,
 * link density, the class and id words on its elements below the
 * container, <article> and <main> around it, where it stands to the
 * container htmlclassify.c chose, and that step's hand rules as a
 * prior). The weights are the model's "html" section
 * (src/read/data/htmlmodel.txt, made by tests/tools/train-reader.py
 * --html); --explain prints each block's features and decision. */
#include "html.h"
#include "blocks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void length_bins(float *f, size_t words)
{
	f[BF_LOGWORDS] = logf(1 + (float)words);
	f[words <= 1 ? BF_W1 : words <= 3 ? BF_W2_3 : words <= 6 ? BF_W4_6 :
	    words <= 12 ? BF_W7_12 : words <= 25 ? BF_W13_25 : BF_W26UP] = 1;
}

/* The features of block i; c is the container, cflags its flags. */
static void features(html_ctx *h, const hspan *c, size_t i, blk *k)
{
	const hblock *b = &h->blocks.v[i];
	float *f = k->f;
	unsigned under = b->flags & ~c->flags;
	k->s = html_plain(h->doc, b->node);
	k->len = strlen(k->s);
	k->no = (unsigned)i + 1;
	k->lines = 1;
	k->fixed = -1;
	if (b->in_comments || (b->flags & HT_HIDDEN)) {
		k->fixed = BK_BOILER;
		k->rule = b->in_comments ? "comment-section" : "hidden";
	}
	length_bins(f, b->words);
	f[BF_END_PERIOD] = (float)b->ends_sentence;
	f[BF_H_LINKS] = b->chars ? (float)b->link_chars / (float)b->chars : 0;
	f[BF_H_HEADING] = b->kind == HB_HEADING;
	f[BF_H_ITEM] = b->kind == HB_ITEM;
	f[BF_H_QUOTE] = b->kind == HB_QUOTE;
	f[BF_H_CAPTION] = b->kind == HB_CAPTION;
	f[BF_H_ROW] = b->kind == HB_ROW || b->kind == HB_PRE;
	f[BF_H_BOILER] = (under & HT_BOILER) != 0;
	f[BF_H_META] = (under & (HT_META | HT_DATE | HT_AUTHOR)) != 0;
	f[BF_H_COMMENTS] = (under & (HT_COMMENTS | HT_COMMENT | HT_CHROME)) !=
	    0;
	f[BF_H_CONTENT] = (under & HT_BODY) ? 1 : (under & HT_CONTENT) ? 0.5f :
	    0;
	f[BF_H_ARTICLE] = (float)b->in_article;
	f[BF_H_MAIN] = (float)b->in_main;
	f[BF_H_INSIDE] = i >= c->b0 && i < c->b1;
	size_t dist = i < c->b0 ? c->b0 - i : i >= c->b1 ? i - c->b1 + 1 : 0;
	f[BF_H_DIST] = logf(1 + (float)dist);
	f[BF_H_LEAD] = b->keep == 2;
	f[BF_H_RULES] = b->keep != 0;
	float d = ((float)b->depth - (float)c->depth) / 10;
	f[BF_H_DEPTH] = d < -2 ? -2 : d > 2 ? 2 : d;
	f[BF_H_CONTENT_ANY] = (b->flags & HT_CONTENT) != 0;
	f[BF_H_BODY_ANY] = (b->flags & HT_BODY) != 0;
	f[BF_H_BEFORE] = i < c->b0;
	f[BF_H_ALL_LINK] = b->chars && b->link_chars >= b->chars;
	f[BF_H_CSIZE] = logf(1 + (float)(c->b1 - c->b0));
	f[BF_H_H1] = b->kind == HB_HEADING && b->level == 1;
	f[BF_H_H2] = b->kind == HB_HEADING && b->level == 2;
	if (b->words <= 30 && !b->in_comments)	/* a headline's length */
		f[BF_H_AGREE] = (float)html_head_agrees(h, k->s);
	if (f[BF_H_INSIDE] > 0 && c->b1 > c->b0 + 1)
		f[BF_H_CPOS] = (float)(i - c->b0) / (float)(c->b1 - c->b0 - 1);
}

int html_model(html_ctx *h, const hspan *c)
{
	size_t n = h->blocks.n;
	/* A page whose container runs to its end goes through the model
	 * too: on real pages that is more often a container that took a
	 * closing box (a teaser list, a dialog, a newsletter's call) than
	 * an article with no footer, and the weights learn the rest (half
	 * B of the real pages: body F1 0.920 to 0.922). */
	if (!blocks_has_model("html"))
		return 0;
	blk *v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		features(h, c, i, &v[i]);
	blocks_context(v, n);
	FILE *ex = h->doc->opts.explain;
	if (ex) {
		fprintf(ex, "page %s html blocks %zu container %zu %zu\n",
		    h->name, n, c->b0 + 1, c->b1);
		for (size_t i = 0; i < n; i++)
			fprintf(ex, "htext %zu | %s\n", i + 1, v[i].s);
	}
	blk_result res;
	blocks_classify(v, n, "html", &res, ex);
	blocks_keep_last(v, n, 1);
	/* the headline the engine picks is kept only if it read as text:
	 * the page's title is settled by htmlmeta.c */
	for (size_t i = 0; i < n; i++)
		h->blocks.v[i].keep = v[i].kind == BK_BODY ||
		    (v[i].kind == BK_TITLE && res.title_was_body);
	/* the engine's headline: the page's title where the head's titles
	 * and the headings do not agree on one (htmlmeta.c) */
	if (res.title >= 0)
		h->model_title = v[res.title].s;
	free(v);
	return 1;
}
