/* paginate.c: cut a flow of finished lines into pages. A page break may
 * fall after an element whose keep flag is clear; the flags already encode
 * widows and orphans (two lines at least), headings kept with the next
 * paragraph and comment headers kept with their text. When nothing on a
 * page allows a break (a block taller than a page), the page is filled. */
#include "layout.h"

#include <string.h>

void page_add_line(pdf_page *pg, pdf_line *l)
{
	if (pg->nlines == pg->caplines)
		pg->lines = xrealloc(pg->lines,
		    (pg->caplines = 2 * pg->caplines + 64) * sizeof *pg->lines);
	pg->lines[pg->nlines++] = l;
}

static void page_add_rule(pdf_page *pg, pdf_rule r)
{
	if (pg->nrules == pg->caprules)
		pg->rules = xrealloc(pg->rules,
		    (pg->caprules = 2 * pg->caprules + 4) * sizeof *pg->rules);
	pg->rules[pg->nrules++] = r;
}

static pdf_mark *page_add_mark(pdf_page *pg)
{
	if (pg->nmarks == pg->capmarks)
		pg->marks = xrealloc(pg->marks,
		    (pg->capmarks = 2 * pg->capmarks + 4) * sizeof *pg->marks);
	pdf_mark *m = &pg->marks[pg->nmarks++];
	memset(m, 0, sizeof *m);
	return m;
}

void page_clear(pdf_page *pg)
{
	free(pg->lines);
	free(pg->rules);
	free(pg->marks);
	memset(pg, 0, sizeof *pg);
}

/* A new page numbered n, with its printed label. */
static pdf_page *new_page(const pdf_ctx *ctx, arena *mem, unsigned n)
{
	pdf_page *pg = arena_alloc(mem, sizeof *pg);
	char lb[32];
	pg->number = n;
	pg->label = arena_strdup(mem, page_label(ctx, n, lb, sizeof lb));
	return pg;
}

static float notes_h(const pdf_note *n)
{
	float h = 0;
	for (; n; n = n->next)
		h += n->h;
	return h;
}

/* Where a page that starts at element i ends: the first element after
 * it. *all is set when the rest of the flow fits. A break falls after
 * the last element that allows one, or fills the page when none does. */
static size_t fit_page(const pdf_elem *e, size_t i, size_t n, double fh,
    int *all)
{
	double y = 0, nh = 0, sep = 0;
	size_t j = i, ok = 0;
	for (; j < n; j++) {
		double h = e[j].h, enh = notes_h(e[j].notes);
		double s = (nh == 0 && enh > 0) ? e[j].h * 0.8 : 0;
		if (j > i && y + h + nh + enh + sep + s > fh + 0.01)
			break;
		y += h;
		nh += enh;
		sep += s;
		if (!e[j].keep)
			ok = j + 1;
	}
	*all = j == n;
	return j == n ? n : ok > i ? ok : j;
}

/* The rule above the url-notes at the foot of the page, when elements
 * [i, end) have any; returns the top of the notes in the frame. */
static double notes_rule(pdf_page *pg, const pdf_elem *e, size_t i,
    size_t end, double fx, double fy, double fw, double fh)
{
	double ny = fh;
	for (size_t k = end; k-- > i;)
		ny -= notes_h(e[k].notes);
	if (ny >= fh)
		return ny;
	double s = 0;
	for (size_t k = i; k < end && !s; k++)
		if (e[k].notes)
			s = e[k].h * 0.8;
	page_add_rule(pg, (pdf_rule){ (float)fx, (float)(fy + ny - s / 2),
	    (float)(fx + fw / 4), (float)(fy + ny - s / 2), 0.4f });
	return ny;
}

/* Place elements [i, end) on pg: their lines and marks down the frame,
 * their url-notes from ny down at the foot. */
static void place(pdf_page *pg, pdf_elem *e, size_t i, size_t end,
    double fx, double fy, double ny)
{
	double yy = 0;
	for (size_t k = i; k < end; k++) {
		pdf_elem *x = &e[k];
		if (x->mark) {
			pdf_mark *m = page_add_mark(pg);
			*m = *x->mark;
			m->y = (float)(fy + yy);
		}
		if (x->kind == E_LINE && x->line) {
			x->line->x = (float)(fx + x->x);
			x->line->y = (float)(fy + yy + x->asc);
			page_add_line(pg, x->line);
		}
		yy += x->h;
		for (pdf_note *no = x->notes; no; no = no->next)
			for (size_t l = 0; l < no->nlines; l++) {
				pdf_line *ln = no->lines[l];
				if (!ln)
					continue;
				ln->x = (float)fx;
				ln->y = (float)(fy + ny + no->lh * 0.8);
				page_add_line(pg, ln);
				ny += no->lh;
			}
	}
}

/* Page pageno of article art, elements [i, end) of its flow, with its
 * running head and folio, to emit. */
static void emit_page(shaper *sh, pdf_ctx *ctx, size_t art, pdf_elem *e,
    size_t i, size_t end, unsigned pageno, int opening, arena *mem,
    page_fn emit, void *ud)
{
	double fx, fy, fw, fh;
	page_frame(ctx, pageno, &fx, &fy, &fw, &fh);
	pdf_page *pg = new_page(ctx, mem, pageno);
	double ny = notes_rule(pg, e, i, end, fx, fy, fw, fh);
	place(pg, e, i, end, fx, fy, ny);
	book_furniture(sh, ctx, pg, art, mem, opening);
	emit(ud, pg);	/* the sink owns pg's arrays now */
}

unsigned paginate(shaper *sh, pdf_ctx *ctx, size_t art, pdf_flow *flow,
    unsigned art_first, unsigned first_page, arena *mem, page_fn emit,
    void *ud, size_t *stop)
{
	pdf_elem *e = flow->e;
	size_t n = flow->n, i = 0;
	unsigned pageno = first_page;
	if (stop)
		*stop = n;
	int counting = sh->count_only || !emit;
	while (i < n) {
		while (i < n && e[i].kind == E_SPACE)
			i++;	/* no space at the top of a page */
		if (i == n)
			break;
		double fx, fy, fw, fh;
		int all;
		page_frame(ctx, pageno, &fx, &fy, &fw, &fh);
		size_t end = fit_page(e, i, n, fh, &all);
		if (all && stop) {
			/* the flow ends on this page: more may come */
			*stop = i;
			return pageno - first_page;
		}
		for (size_t k = i; ctx->map && k < end; k++)
			if (e[k].node)
				pagemap_note(ctx->map, art, e[k].node, pageno);
		if (!counting)
			emit_page(sh, ctx, art, e, i, end, pageno,
			    pageno == art_first, mem, emit, ud);
		pageno++;
		i = end;
	}
	if (pageno == art_first) {	/* an empty flow still takes a page */
		if (!counting)
			emit_page(sh, ctx, art, e, 0, 0, pageno, 1, mem, emit,
			    ud);
		pageno++;
	}
	return pageno - first_page;
}
