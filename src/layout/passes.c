/* passes.c: the layout of a whole book, in the two passes every output
 * with page numbers needs: the render set up once (styles from the one
 * stylesheet, paper, margins), a first pass that only counts every
 * article's pages (the book's page map: the contents, the EPUB's page
 * list), then a second that lays out again and hands each finished page
 * to the caller in order, article by article, so that memory does not
 * grow with the number of pages. The PDF writer paints what the second
 * pass gives; the book asks for the first (src/book/paginate.c). */
#include "layout.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each role as a path of elements for style_compute: the classes are the
 * ones styles/default.css (and the EPUB's markup) use. */
static const char *const role_path[R__MAX][6] = {
	[R_P] = { "html", "body", "p" },
	[R_P_FIRST] = { "html", "body", "p.first" },
	[R_TITLE] = { "html", "body", "h1.title" },
	[R_KICKER] = { "html", "body", "p.kicker" },
	[R_DEK] = { "html", "body", "p.dek" },
	[R_BYLINE] = { "html", "body", "p.byline" },
	[R_SOURCE] = { "html", "body", "p.source" },
	[R_H2] = { "html", "body", "h2" },
	[R_H3] = { "html", "body", "h3" },
	[R_QUOTE] = { "html", "body", "blockquote", "p" },
	[R_QUOTEBOX] = { "html", "body", "blockquote" },
	[R_LIST] = { "html", "body", "ul" },
	[R_LI] = { "html", "body", "ul", "li" },
	[R_CAPTION] = { "html", "body", "p.caption" },
	[R_CREDIT] = { "html", "body", "p.caption", "span.credit" },
	[R_NOTE] = { "html", "body", "p.note" },
	[R_PRE] = { "html", "body", "pre" },
	[R_DISCUSSION] = { "html", "body", "h2.discussion" },
	[R_CPARA0] = { "html", "body", "div.comment", "p" },
	[R_CPARA1] = { "html", "body", "div.comment.depth1", "p" },
	[R_CPARA2] = { "html", "body", "div.comment.depth2", "p" },
	[R_CPARA3] = { "html", "body", "div.comment.depth3", "p" },
	[R_CMETA0] = { "html", "body", "div.comment", "p.meta" },
	[R_CMETA1] = { "html", "body", "div.comment.depth1", "p.meta" },
	[R_CMETA2] = { "html", "body", "div.comment.depth2", "p.meta" },
	[R_CMETA3] = { "html", "body", "div.comment.depth3", "p.meta" },
	[R_CDIV0] = { "html", "body", "div.comment" },
	[R_CDIV1] = { "html", "body", "div.comment.depth1" },
	[R_CDIV2] = { "html", "body", "div.comment.depth2" },
	[R_CDIV3] = { "html", "body", "div.comment.depth3" },
	[R_AUTHOR] = { "html", "body", "div.comment", "p.meta", "span.author" },
	[R_CDATE] = { "html", "body", "div.comment", "p.meta", "span.date" },
	[R_SUBJECT] = { "html", "body", "div.comment", "p.meta",
	    "span.subject" },
	[R_REPLYTO] = { "html", "body", "div.comment", "p.meta",
	    "span.replyto" },
	[R_RUNHEAD] = { "html", "body", "div.running-head" },
	[R_FOLIO] = { "html", "body", "div.folio" },
	[R_URLNOTE] = { "html", "body", "p.url-note" },
	[R_TP_TITLE] = { "html", "body", "div.titlepage", "h1" },
	[R_TP_SUBTITLE] = { "html", "body", "div.titlepage", "p.subtitle" },
	[R_TP_EDITOR] = { "html", "body", "div.titlepage", "p.editor" },
	[R_TP_DATE] = { "html", "body", "div.titlepage", "p.date" },
	[R_TP_COUNTS] = { "html", "body", "div.titlepage", "p.counts" },
	[R_TOC_TITLE] = { "html", "body", "nav.toc", "h1" },
	[R_TOC_ENTRY] = { "html", "body", "nav.toc", "ol", "li" },
};

#define MM(x) ((x) * 72.0 / 25.4)

int layout_setup(pdf_ctx *ctx, dossier_doc *doc, dossier_error *err)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->doc = doc;
	pthread_mutex_init(&ctx->lock, NULL);
	style_sheet *ss = style_load(doc, err);
	if (!ss)
		return -1;
	for (int r = 0; r < R__MAX; r++) {
		int n = 0;
		while (n < 6 && role_path[r][n])
			n++;
		style_compute(ss, role_path[r], n, &ctx->st[r]);
	}
	style_free(ss);
	const dossier_options *o = &doc->opts;
	switch (o->paper) {
	case DOSSIER_PAPER_LETTER: ctx->pw = 612; ctx->ph = 792; break;
	case DOSSIER_PAPER_A5: ctx->pw = MM(148); ctx->ph = MM(210); break;
	default: ctx->pw = MM(210); ctx->ph = MM(297); break;
	}
	/* Margins in proportion to the page; in duplex the inner margin is
	 * the narrower, as the two inner margins of a spread read as one. */
	ctx->duplex = o->duplex;
	ctx->inner = ctx->outer = 0.12 * ctx->pw;
	if (ctx->duplex) {
		ctx->inner = 0.10 * ctx->pw;
		ctx->outer = 0.14 * ctx->pw;
	}
	ctx->top = 0.09 * ctx->ph;
	ctx->bottom = 0.10 * ctx->ph;
	ctx->bleed = MM(o->bleed_mm);
	ctx->mark = o->crop_marks ? MM(10) : 0;
	ctx->url_notes = o->url_notes;
	dossier_node *root = doc->root;
	for (dossier_node *a = root->first; a; a = a->next)
		if (a->type == DOSSIER_NODE_ARTICLE)
			ctx->narticles++;
	ctx->articles = xcalloc(ctx->narticles + 1, sizeof *ctx->articles);
	size_t i = 0;
	for (dossier_node *a = root->first; a; a = a->next)
		if (a->type == DOSSIER_NODE_ARTICLE)
			ctx->articles[i++] = a;
	ctx->art_pages = xcalloc(ctx->narticles + 1, sizeof *ctx->art_pages);
	ctx->art_start = xcalloc(ctx->narticles + 1, sizeof *ctx->art_start);
	const book *bk = book_of(doc);
	ctx->title = bk->title;
	ctx->running_title = (char *)ctx->title;
	ctx->w = bk->w;
	return 0;
}

void layout_teardown(pdf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nfaces; i++)
		free(ctx->faces[i].file);
	free(ctx->faces);
	free(ctx->articles);
	free(ctx->art_pages);
	free(ctx->art_start);
	pthread_mutex_destroy(&ctx->lock);
}


/* ---- layout workers ----
 * Articles are independent once their first page is known, so workers
 * (each with its own shaper: a Pango font map is not safe to share) take
 * them in turn; in the drawing pass one thread paints them in order from a
 * bounded window, so memory stays flat however many pages there are. */

typedef struct job {
	arena mem;
	pdf_page **pages;
	size_t npages, cap;
	int ready;
	int big;	/* left to the painting thread, which streams it */
} job;

/* An article longer than this many pages is laid out by the thread that
 * paints, page by page, rather than queued whole by a worker. */
enum { BIG_ARTICLE = 48 };

struct layout_pool {
	pdf_ctx *ctx;
	shaper **sh;
	int nworkers;
	int pass;		/* 1: count pages, 2: lay out for drawing */
	pthread_mutex_t mu;
	pthread_cond_t ready, space;
	size_t next, done;	/* next article to take; articles painted */
	size_t window;
	int waiting;		/* workers asleep on a full window */
	job *slots;
	int started;		/* threads of the pass running */
	pthread_t tid[64];
	struct worker {
		struct layout_pool *pl;
		int k;
	} wk[64];
};
typedef struct layout_pool pool;

typedef struct worker worker;

/* The pages of article i, laid out and dropped (pass 1). */
static unsigned count_one(shaper *sh, pdf_ctx *ctx, size_t i)
{
	arena mem;
	arena_init(&mem);
	unsigned n = flow_article(sh, ctx, i, &mem, 1, NULL, NULL, 1);
	arena_free(&mem);
	return n;
}

static void collect_page(void *ud, pdf_page *pg)
{
	job *j = ud;
	if (j->npages == j->cap)
		j->pages = xrealloc(j->pages,
		    (j->cap = 2 * j->cap + 8) * sizeof *j->pages);
	j->pages[j->npages++] = pg;
}

static void *work(void *arg)
{
	worker *w = arg;
	pool *pl = w->pl;
	pdf_ctx *ctx = pl->ctx;
	shaper *sh = pl->sh[w->k];
	sh->count_only = pl->pass == 1;
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		while (pl->pass == 2 && pl->next < ctx->narticles &&
		    pl->next >= pl->done + pl->window) {
			pl->waiting++;
			pthread_cond_wait(&pl->space, &pl->mu);
			pl->waiting--;
		}
		size_t i = pl->next;
		if (i < ctx->narticles)
			pl->next++;
		pthread_mutex_unlock(&pl->mu);
		if (i >= ctx->narticles)
			break;
		if (pl->pass == 1) {
			ctx->art_pages[i] = count_one(sh, ctx, i);
			continue;
		}
		job *j = &pl->slots[i % pl->window];
		arena_init(&j->mem);
		j->npages = 0;
		j->big = ctx->art_pages[i] > BIG_ARTICLE;
		if (!j->big)
			flow_article(sh, ctx, i, &j->mem, ctx->art_start[i],
			    collect_page, j, 0);
		pthread_mutex_lock(&pl->mu);
		j->ready = 1;
		pthread_cond_broadcast(&pl->ready);
		pthread_mutex_unlock(&pl->mu);
	}
	sh->count_only = 0;
	return NULL;
}

/* Start the workers for a pass: how many started (none when threads
 * cannot be made; the caller then does the pass alone). */
static int start(pool *pl, int pass)
{
	pl->pass = pass;
	pl->next = pl->done = 0;
	pl->started = 0;
	for (int k = 0; k < pl->nworkers; k++) {
		pl->wk[k] = (worker){ pl, k };
		if (pthread_create(&pl->tid[k], NULL, work, &pl->wk[k]) != 0)
			break;
		pl->started++;
	}
	return pl->started;
}

static void join(pool *pl)
{
	for (int k = 0; k < pl->started; k++)
		pthread_join(pl->tid[k], NULL);
	pl->started = 0;
}

/* Pass 1: pages of every article, then where each one starts. */
static void count_pages(pdf_ctx *ctx, shaper *sh, pool *pl)
{
	sh->count_only = 1;
	if (pl->nworkers > 0 && start(pl, 1) > 0)
		join(pl);
	else
		for (size_t i = 0; i < ctx->narticles; i++)
			ctx->art_pages[i] = count_one(sh, ctx, i);
	arena mem;
	arena_init(&mem);
	ctx->front = book_front(sh, ctx, &mem, NULL, NULL);
	arena_free(&mem);
	unsigned p = ctx->front + 1;
	for (size_t i = 0; i < ctx->narticles; i++) {
		if (ctx->duplex && p % 2 == 0)
			p++;	/* a blank verso: articles open on the right */
		ctx->art_start[i] = p;
		p += ctx->art_pages[i];
	}
	sh->count_only = 0;
	dossier_pagemap *m = ctx->map;
	m->front = ctx->front;
	memcpy(m->art_start, ctx->art_start, ctx->narticles * sizeof *m->art_start);
	memcpy(m->art_pages, ctx->art_pages, ctx->narticles * sizeof *m->art_pages);
	pagemap_finish(m);
	book_of(ctx->doc)->layouts++;
}

/* The pages from the book's map, laid out before (by this writer or when
 * the caller asked for the map), else counted now and kept there. */
void layout_pages(pdf_ctx *ctx, shaper *sh, pool *pl)
{
	book *bk = book_of(ctx->doc);
	if (!bk->pagemap) {
		ctx->map = pagemap_new(ctx->narticles);
		count_pages(ctx, sh, pl);
		bk->pagemap = ctx->map;
		ctx->map = NULL;
		return;
	}
	const dossier_pagemap *m = bk->pagemap;
	ctx->front = m->front;
	memcpy(ctx->art_start, m->art_start, ctx->narticles * sizeof *m->art_start);
	memcpy(ctx->art_pages, m->art_pages, ctx->narticles * sizeof *m->art_pages);
}


unsigned layout_total_pages(const pdf_ctx *ctx)
{
	if (!ctx->narticles)
		return ctx->front;
	return ctx->art_start[ctx->narticles - 1] +
	    ctx->art_pages[ctx->narticles - 1] - 1;
}

/* Where the pages go in the second pass. */
typedef struct emitter {
	page_fn emit;
	void *ud;
} emitter;

static void blanks_until(const pdf_ctx *ctx, emitter *em, unsigned *next,
    unsigned until)
{
	while (*next < until) {
		pdf_page blank = { .number = *next };
		char lb[32];
		blank.label = page_label(ctx, *next, lb, sizeof lb);
		em->emit(em->ud, &blank);
		(*next)++;
	}
}

/* The painter is the slower side, so the workers fill the window and
 * sleep; waking them for every painted article costs the painter a
 * futex call and a scheduler wake-up each (6% of its time on 1,000
 * articles). Wake them once half the window is free: before the painter
 * could wait for an article nobody took (then the whole window is). */
static int wake_workers(const pool *pl)
{
	return pl->done + pl->window - pl->next >= pl->window / 2;
}

void layout_draw(pdf_ctx *ctx, shaper *sh, pool *pl, page_fn emit, void *ud)
{
	emitter em = { emit, ud };
	arena mem;
	arena_init(&mem);
	book_front(sh, ctx, &mem, emit, ud);
	arena_free(&mem);
	unsigned next = ctx->front + 1;
	if (pl->nworkers > 0) {
		pl->window = 4 * (size_t)pl->nworkers + 4;
		pl->slots = xcalloc(pl->window, sizeof *pl->slots);
		int n = start(pl, 2);
		for (size_t i = 0; i < ctx->narticles && n > 0; i++) {
			job *j = &pl->slots[i % pl->window];
			pthread_mutex_lock(&pl->mu);
			while (!j->ready)
				pthread_cond_wait(&pl->ready, &pl->mu);
			pthread_mutex_unlock(&pl->mu);
			blanks_until(ctx, &em, &next, ctx->art_start[i]);
			if (j->big) {
				next += flow_article(sh, ctx, i, &j->mem, next,
				    emit, ud, 1);
			} else {
				for (size_t k = 0; k < j->npages; k++)
					emit(ud, j->pages[k]);
				next += (unsigned)j->npages;
			}
			arena_free(&j->mem);
			pthread_mutex_lock(&pl->mu);
			j->ready = 0;
			pl->done++;
			if (pl->waiting && wake_workers(pl))
				pthread_cond_broadcast(&pl->space);
			pthread_mutex_unlock(&pl->mu);
		}
		join(pl);
		for (size_t k = 0; k < pl->window; k++)
			free(pl->slots[k].pages);
		free(pl->slots);
		pl->slots = NULL;
		if (n > 0)
			return;
	}
	for (size_t i = 0; i < ctx->narticles; i++) {
		arena_init(&mem);
		blanks_until(ctx, &em, &next, ctx->art_start[i]);
		next += flow_article(sh, ctx, i, &mem, ctx->art_start[i],
		    emit, ud, 1);
		arena_free(&mem);
	}
}

/* Workers: --threads, else one per core, and none for a small book where
 * starting them costs more than it saves. */
pool *layout_pool_new(pdf_ctx *ctx, dossier_error *err)
{
	pool *pl = xcalloc(1, sizeof *pl);
	pl->ctx = ctx;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->ready, NULL);
	pthread_cond_init(&pl->space, NULL);
	int n = ctx->doc->opts.threads;
	if (n <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (int)c : 1;
	}
	if (n > 64)
		n = 64;
	if (n <= 1 || ctx->narticles < 8)
		return pl;
	pl->sh = xcalloc((size_t)n, sizeof *pl->sh);
	for (int k = 0; k < n; k++) {
		pl->sh[k] = shaper_new(ctx, err);
		if (!pl->sh[k])
			break;
		pl->nworkers++;
	}
	return pl;
}

void layout_pool_free(pool *pl)
{
	if (!pl)
		return;
	for (int k = 0; k < pl->nworkers; k++)
		shaper_free(pl->sh[k]);
	free(pl->sh);
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->ready);
	pthread_cond_destroy(&pl->space);
	free(pl);
}

dossier_pagemap *layout_pagemap(dossier_doc *doc, dossier_error *err)
{
	pdf_ctx ctx;
	if (layout_setup(&ctx, doc, err) != 0)
		return NULL;
	dossier_pagemap *m = NULL;
	shaper *sh = shaper_new(&ctx, err);
	pool *pl = layout_pool_new(&ctx, err);
	if (sh) {
		m = ctx.map = pagemap_new(ctx.narticles);
		count_pages(&ctx, sh, pl);
	}
	layout_pool_free(pl);
	shaper_free(sh);
	layout_teardown(&ctx);
	return m;
}
