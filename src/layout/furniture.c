/* furniture.c: what makes the pages a book: the page frame (mirrored in duplex),
 * page labels (roman front matter, arabic body), running heads and folios,
 * the title page and the table of contents with dot leaders. */
#include "layout.h"

#include <math.h>
#include <string.h>

void page_frame(const pdf_ctx *ctx, unsigned n, double *x, double *y,
    double *w, double *h)
{
	/* duplex: odd pages are rectos, the inner margin on their left */
	int verso = ctx->duplex && n % 2 == 0;
	*x = verso ? ctx->outer : ctx->inner;
	*y = ctx->top;
	*w = ctx->pw - ctx->inner - ctx->outer;
	*h = ctx->ph - ctx->top - ctx->bottom;
}

const char *page_label(const pdf_ctx *ctx, unsigned n, char *buf,
    size_t cap)
{
	book_folio(ctx->front, n, buf, cap);
	return buf;
}

/* Natural width of a line: the end of its last run. */
static double line_width(const pdf_line *l)
{
	double w = 0;
	for (uint32_t i = 0; i < l->nruns; i++)
		if (l->runs[i].x1 > w)
			w = l->runs[i].x1;
	return w;
}

/* A single line of text in a style, set left-aligned at its natural width
 * (titles, folios). Width in *w. */
static pdf_line *line_simple(shaper *sh, const style_props *st,
    const char *s, arena *mem, double *w)
{
	para *p = &sh->para_cache[2];
	para_init(p, st, "en", 1e5);
	p->hyphenate = 0;
	p->align = STYLE_LEFT;
	para_add(p, s, strlen(s), st, st->bold, st->italic, NULL);
	int keep = sh->count_only;
	sh->count_only = 0;
	para_lines pl;
	para_layout(sh, p, mem, &pl);
	sh->count_only = keep;
	if (!pl.n) {
		*w = 0;
		return NULL;
	}
	*w = line_width(pl.line[0]);
	return pl.line[0];
}

/* A line of text shortened with an ellipsis to fit width. */
static pdf_line *line_fit(shaper *sh, const style_props *st, const char *s,
    double width, arena *mem, double *w)
{
	pdf_line *l = line_simple(sh, st, s, mem, w);
	size_t n = strlen(s);
	while (l && *w > width && n > 1) {
		n = n * 9 / 10;
		while (n > 0 && (s[n] & 0xC0) == 0x80)
			n--;	/* whole characters only */
		char *t = arena_printf(mem, "%.*s\xe2\x80\xa6", (int)n, s);
		l = line_simple(sh, st, t, mem, w);
	}
	return l;
}

void book_furniture(shaper *sh, pdf_ctx *ctx, pdf_page *pg, size_t art,
    arena *mem, int opening)
{
	if (sh->count_only)
		return;
	double fx, fy, fw, fh, w;
	page_frame(ctx, pg->number, &fx, &fy, &fw, &fh);
	int verso = pg->number % 2 == 0;
	const style_props *fs = &ctx->st[R_FOLIO];
	if (art != (size_t)-1 || pg->number > 1) {
		pdf_line *f = line_simple(sh, fs, pg->label, mem, &w);
		if (f) {
			double x = fx + (fw - w) / 2;
			if (ctx->duplex)
				x = verso ? fx : fx + fw - w;
			f->x = (float)x;
			f->y = (float)(fy + fh + 2.2 * fs->line_height);
			f->kind = 'F';
			page_add_line(pg, f);
		}
	}
	if (opening || art == (size_t)-1)
		return;
	/* dossier title over left pages, the article's over right ones */
	const style_props *rs = &ctx->st[R_RUNHEAD];
	const char *t = verso ? ctx->running_title :
	    ctx->articles[art]->as.article.title;
	pdf_line *h = line_fit(sh, rs, t, fw, mem, &w);
	if (h) {
		double x = fx + (fw - w) / 2;
		if (ctx->duplex)
			x = verso ? fx : fx + fw - w;
		h->x = (float)x;
		h->y = (float)(fy - 1.6 * rs->line_height);
		h->kind = 'F';
		page_add_line(pg, h);
	}
}

/* How a title is set where it must stay within its place: the title
 * page, a contents entry. */
typedef struct clamp {
	para *p;
	const style_props *st;
	const char *lang;
	double width;
	int align;
	const char *dest;	/* the link of every span, or NULL */
	size_t max;		/* lines at most */
} clamp;

static void clamp_set(shaper *sh, const clamp *c, const char *s, size_t n,
    arena *mem, para_lines *pl)
{
	para *p = c->p;
	para_init(p, c->st, c->lang, c->width);
	p->hyphenate = 0;
	p->align = c->align;
	p->indent = 0;
	para_add(p, s, n, c->st, c->st->bold, c->st->italic, NULL);
	for (size_t k = 0; c->dest && k < p->nspans; k++)
		p->spans[k].dest = c->dest;
	para_layout(sh, p, mem, pl);
}

/* Lay s out in at most c->max lines: a longer title (a headline of 600
 * words) is cut after the last whole word that fits, with an ellipsis,
 * so that it cannot run off the title page or fill pages of contents.
 * The article's own heading keeps the whole text. */
static void layout_clamped(shaper *sh, const clamp *c, const char *s,
    arena *mem, para_lines *pl)
{
	clamp_set(sh, c, s, strlen(s), mem, pl);
	size_t cut = pl->n > c->max ? pl->start[c->max] : 0;
	while (pl->n > c->max && cut > 0) {
		while (cut > 0 && (s[cut] & 0xC0) == 0x80)
			cut--;	/* whole characters only */
		size_t end = cut;
		while (end > 0 && s[end - 1] == ' ')
			end--;
		char *t = arena_printf(mem, "%.*s\xe2\x80\xa6", (int)end, s);
		clamp_set(sh, c, t, strlen(t), mem, pl);
		/* the ellipsis took a line of its own: one word (or, in a
		 * script without spaces, one character) fewer */
		size_t sp = end;
		while (sp > 0 && s[sp - 1] != ' ' && end - sp < 64)
			sp--;
		cut = sp > 0 && s[sp - 1] == ' ' ? sp - 1 : end - 1;
	}
}

/* Glue line b onto line a at dx: one line object for the TOC entry. */
static pdf_line *line_join(arena *mem, const pdf_line *a, const pdf_line *b,
    double dx)
{
	pdf_line *l = arena_alloc(mem, sizeof *l);
	*l = *a;
	l->nruns = a->nruns + b->nruns;
	l->nglyphs = a->nglyphs + b->nglyphs;
	l->nclusters = a->nclusters + b->nclusters;
	l->ntext = a->ntext + b->ntext;
	l->runs = arena_alloc(mem, l->nruns * sizeof *l->runs + 1);
	l->glyphs = arena_alloc(mem, l->nglyphs * sizeof *l->glyphs + 1);
	l->clusters = arena_alloc(mem, l->nclusters * sizeof *l->clusters + 1);
	l->text = arena_alloc(mem, l->ntext + 1);
	memcpy(l->runs, a->runs, a->nruns * sizeof *a->runs);
	memcpy(l->glyphs, a->glyphs, a->nglyphs * sizeof *a->glyphs);
	memcpy(l->clusters, a->clusters, a->nclusters * sizeof *a->clusters);
	memcpy(l->text, a->text, a->ntext);
	for (uint32_t i = 0; i < b->nruns; i++) {
		pdf_run r = b->runs[i];
		r.g0 += a->nglyphs;
		r.c0 += a->nclusters;
		r.t0 += a->ntext;
		r.x0 += (float)dx;
		r.x1 += (float)dx;
		l->runs[a->nruns + i] = r;
	}
	for (uint32_t i = 0; i < b->nglyphs; i++) {
		pdf_glyph g = b->glyphs[i];
		g.x += (float)dx;
		l->glyphs[a->nglyphs + i] = g;
	}
	memcpy(l->clusters + a->nclusters, b->clusters,
	    b->nclusters * sizeof *b->clusters);
	memcpy(l->text + a->ntext, b->text, b->ntext);
	if (b->ascent > l->ascent)
		l->ascent = b->ascent;
	if (b->descent > l->descent)
		l->descent = b->descent;
	return l;
}

/* Dot leaders from x0 to x1 on a fixed grid, so that the dots of all
 * entries line up down the page. */
static pdf_line *leaders(shaper *sh, const style_props *st, double x0,
    double x1, arena *mem)
{
	PangoFont *pf = shaper_load(sh, st, 0, 0, (float)st->size);
	pdf_font *f = shaper_font(sh, pf, (float)st->size, 0);
	g_object_unref(pf);
	hb_codepoint_t gid = 0;
	hb_font_get_nominal_glyph(f->hb, '.', &gid);
	double grid = st->size * 0.6;
	double x = ceil(x0 / grid) * grid;
	size_t n = x < x1 ? (size_t)((x1 - x) / grid) + 1 : 0;
	pdf_line *l = arena_alloc(mem, sizeof *l);
	l->runs = arena_alloc(mem, sizeof *l->runs);
	l->glyphs = arena_alloc(mem, (n + 1) * sizeof *l->glyphs);
	l->clusters = arena_alloc(mem, (n + 1) * sizeof *l->clusters);
	l->text = arena_alloc(mem, n + 1);
	for (size_t i = 0; i < n; i++) {
		l->glyphs[i] = (pdf_glyph){ .id = gid, .x = (float)(x + i * grid) };
		l->clusters[i] = (pdf_cluster){ 1, 1 };
		l->text[i] = '.';
	}
	if (n) {
		l->runs[0] = (pdf_run){ .face = (uint16_t)f->face,
		    .size = f->size, .ng = (uint32_t)n, .nc = (uint32_t)n,
		    .nt = (uint32_t)n, .x0 = (float)x,
		    .x1 = (float)(x + n * grid) };
		l->nruns = 1;
	}
	l->nglyphs = l->nclusters = l->ntext = (uint32_t)n;
	return l;
}

static void push_lines(pdf_flow *flow, para_lines *pl, const style_props *st,
    double top, double x, int keep_all)
{
	if (top > 0 && flow->n)
		flow_push(flow, (pdf_elem){ .kind = E_SPACE, .h = (float)top });
	for (size_t i = 0; i < pl->n; i++)
		flow_push(flow, (pdf_elem){ .kind = E_LINE,
		    .h = (float)st->line_height,
		    .asc = (float)((st->line_height - 1.362 * st->size) / 2 +
		    1.069 * st->size), .x = (float)x, .line = pl->line[i],
		    .keep = (uint8_t)(keep_all || i + 1 < pl->n) });
}

/* The contents as a flow, cut into pages as it grows, as an article's
 * is (flow.c): laid out whole, the contents of 10,000 articles (some 300
 * pages) held 100 MB of lines until they were painted. Lines go to
 * arenas by generation; a cut frees those only cut pages used. */
typedef struct toc {
	shaper *sh;
	pdf_ctx *ctx;
	pdf_flow flow;
	arena **ar;		/* generation k + 1 is ar[k] */
	uint16_t nar;
	arena *mem;		/* the newest */
	unsigned first, page;	/* the contents' first page; the next */
	page_fn emit;
	void *ud;
} toc;

static void toc_generation(toc *t)
{
	t->ar = xrealloc(t->ar, (t->nar + 1u) * sizeof *t->ar);
	t->mem = t->ar[t->nar++] = xmalloc(sizeof(arena));
	arena_init(t->mem);
}

/* Cut the pages the flow fills (all, when final): three pages waiting
 * cover any keep chain, and every entry ends where a page may break. */
static void toc_cut(toc *t, int final)
{
	pdf_flow *f = &t->flow;
	double h = 0;
	for (size_t k = 0; k < f->n; k++)
		h += f->e[k].h;
	if (!final && h <= 3 * (t->ctx->ph - t->ctx->top - t->ctx->bottom))
		return;
	size_t stop = 0;
	t->page += paginate(t->sh, t->ctx, (size_t)-1, f, t->first, t->page,
	    t->mem, t->emit, t->ud, final ? NULL : &stop);
	if (final || !stop)
		return;
	memmove(f->e, f->e + stop, (f->n - stop) * sizeof *f->e);
	f->n -= stop;
	uint16_t min = t->nar;
	for (size_t k = 0; k < f->n; k++)
		if (f->e[k].gen < min)
			min = f->e[k].gen;
	for (uint16_t k = 1; k < min; k++)
		if (t->ar[k - 1]) {
			arena_free(t->ar[k - 1]);
			free(t->ar[k - 1]);
			t->ar[k - 1] = NULL;
		}
	if (t->nar < UINT16_MAX)
		toc_generation(t);
}

/* One line of the contents for article i: its title, leaders, its page. */
static void toc_entry(toc *t, size_t i, double fw, double top)
{
	shaper *sh = t->sh;
	pdf_ctx *ctx = t->ctx;
	const style_props *es = &ctx->st[R_TOC_ENTRY];
	double numw = 3.2 * es->size;	/* room for "9999" */
	double gap = es->size;
	arena *mem = t->mem;
	dossier_node *a = ctx->articles[i];
	char *dest = arena_printf(mem, "a%zu", i + 1);
	para_lines pl;
	clamp c = { .p = &sh->para_cache[0], .st = es,
	    .lang = a->as.article.lang, .width = fw - numw - gap,
	    .align = STYLE_LEFT, .dest = dest, .max = 3 };
	layout_clamped(sh, &c, a->as.article.title, mem, &pl);
	if (!sh->count_only && pl.n) {
		/* the last line: leaders, then the page number */
		pdf_line *last = pl.line[pl.n - 1];
		char num[32];
		unsigned pg = ctx->art_start ? ctx->art_start[i] : 0;
		page_label(ctx, pg, num, sizeof num);
		double w;
		pdf_line *nl = line_simple(sh, es, num, mem, &w);
		for (uint32_t k = 0; nl && k < nl->nruns; k++)
			nl->runs[k].dest = dest;
		pdf_line *ld = leaders(sh, es, line_width(last) + gap / 2,
		    fw - w - gap / 2, mem);
		last = line_join(mem, last, ld, 0);
		if (nl)
			last = line_join(mem, last, nl, fw - w);
		last->width = (float)fw;
		pl.line[pl.n - 1] = last;
	}
	size_t from = t->flow.n;
	push_lines(&t->flow, &pl, es, i ? es->margin[2] : top, 0, 0);
	for (size_t k = from; k < t->flow.n; k++)
		t->flow.e[k].gen = t->nar;
	if (t->flow.n)
		t->flow.e[t->flow.n - 1].keep = 0;
}

/* The contents from page first (a title, an entry per article); its
 * page count. */
static unsigned toc_pages(shaper *sh, pdf_ctx *ctx, unsigned first,
    page_fn emit, void *ud)
{
	toc t = { .sh = sh, .ctx = ctx, .first = first, .page = first,
	    .emit = emit, .ud = ud };
	toc_generation(&t);
	double fw = ctx->pw - ctx->inner - ctx->outer;
	const style_props *ts = &ctx->st[R_TOC_TITLE];
	para *p = &sh->para_cache[0];
	para_lines pl;
	para_init(p, ts, ctx->doc->root->as.dossier.lang, fw);
	para_add(p, ctx->w->contents, strlen(ctx->w->contents), ts, ts->bold,
	    ts->italic, NULL);
	para_layout(sh, p, t.mem, &pl);
	push_lines(&t.flow, &pl, ts, 0, 0, 1);
	for (size_t k = 0; k < t.flow.n; k++)
		t.flow.e[k].gen = t.nar;
	for (size_t i = 0; i < ctx->narticles; i++) {
		toc_entry(&t, i, fw, ts->margin[2]);
		toc_cut(&t, 0);
	}
	toc_cut(&t, 1);
	for (uint16_t k = 0; k < t.nar; k++)
		if (t.ar[k]) {
			arena_free(t.ar[k]);
			free(t.ar[k]);
		}
	free(t.ar);
	flow_free(&t.flow);
	return t.page - first;
}

static unsigned title_page(shaper *sh, pdf_ctx *ctx, arena *mem,
    page_fn emit, void *ud)
{
	if (sh->count_only || !emit)
		return 1;
	double fx, fy, fw, fh;
	page_frame(ctx, 1, &fx, &fy, &fw, &fh);
	pdf_page *pg = arena_alloc(mem, sizeof *pg);
	pg->number = 1;
	pg->label = "i";
	dossier_node *root = ctx->doc->root;
	const dossier_options *o = &ctx->doc->opts;
	const book *bk = book_of(ctx->doc);
	const book_words *w = ctx->w;
	const char *editor = root->as.dossier.editor ? root->as.dossier.editor :
	    o->editor;
	char *ed = editor && *editor ? arena_printf(mem, "%s %s",
	    w->edited_by, editor) : NULL;
	/* The counts have their own line: not twice. */
	const char *subtitle = bk->subtitle_derived ? NULL : bk->subtitle;
	struct { int role; const char *s; double at; } part[] = {
		{ R_TP_TITLE, ctx->title, 0.28 },
		{ R_TP_SUBTITLE, subtitle, -1 },
		{ R_TP_EDITOR, ed, 0.62 },
		{ R_TP_DATE, bk->date, -1 },
		{ R_TP_COUNTS, bk->counts, 0.92 },
	};
	double y = 0;
	for (size_t k = 0; k < sizeof part / sizeof *part; k++) {
		const style_props *st = &ctx->st[part[k].role];
		if (!part[k].s || !*part[k].s)
			continue;
		if (part[k].at >= 0 && fh * part[k].at > y)
			y = fh * part[k].at;
		else
			y += st->margin[0];
		/* each part within its share of the page: the title down
		 * to the editor's line, the others a few lines */
		size_t max = part[k].role == R_TP_TITLE ?
		    (size_t)(fh * 0.3 / st->line_height) : 4;
		clamp c = { .p = &sh->para_cache[0], .st = st, .lang = "en",
		    .width = fw, .align = STYLE_CENTER,
		    .max = max > 2 ? max : 2 };
		para_lines pl;
		layout_clamped(sh, &c, part[k].s, mem, &pl);
		for (size_t i = 0; i < pl.n; i++) {
			pl.line[i]->x = (float)fx;
			pl.line[i]->y = (float)(fy + y + st->size);
			page_add_line(pg, pl.line[i]);
			y += st->line_height;
		}
		y += st->margin[2];
	}
	emit(ud, pg);
	return 1;
}

/* An empty page (the back of a title page, before a recto opening). */
static void blank(pdf_ctx *ctx, unsigned n, arena *mem, page_fn emit,
    void *ud)
{
	if (!emit)
		return;
	pdf_page *pg = arena_alloc(mem, sizeof *pg);
	pg->number = n;
	char lb[32];
	pg->label = arena_strdup(mem, page_label(ctx, n, lb, sizeof lb));
	emit(ud, pg);
}

unsigned book_front(shaper *sh, pdf_ctx *ctx, arena *mem, page_fn emit,
    void *ud)
{
	unsigned n = title_page(sh, ctx, mem, emit, ud);
	if (ctx->duplex)
		blank(ctx, ++n, mem, sh->count_only ? NULL : emit, ud);
	n += toc_pages(sh, ctx, n + 1, sh->count_only ? NULL : emit, ud);
	if (ctx->duplex && n % 2)
		blank(ctx, ++n, mem, sh->count_only ? NULL : emit, ud);
	return n;
}
