/* dump.c: the display list as text, for tests that want to see pages,
 * lines and positions without reading PDF bytes (the "pdflayout" writer:
 * `dossier build -o x.layout`). One line per text line:
 *   K x y width #block | text
 * where K is L (text), H (heading), C (comment header), T (title), N (url
 * note) or F (running head, folio); lines of one block share #block.
 * with positions in pt on the trimmed page, 2 decimals. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

typedef struct dsink {
	sink base;
	FILE *fp;
} dsink;

static void dump_page(sink *s, pdf_ctx *ctx, pdf_page *pg)
{
	FILE *fp = ((dsink *)s)->fp;
	fprintf(fp, "page %u label=%s\n", pg->number, pg->label ? pg->label : "");
	for (size_t i = 0; i < pg->nmarks; i++)
		fprintf(fp, "  M %s %.2f %s\n", pg->marks[i].name, pg->marks[i].y,
		    pg->marks[i].title ? pg->marks[i].title : "");
	for (size_t i = 0; i < pg->nlines; i++) {
		const pdf_line *l = pg->lines[i];
		double w = 0;
		for (uint32_t r = 0; r < l->nruns; r++)
			if (l->runs[r].x1 > w)
				w = l->runs[r].x1;
		fprintf(fp, "  %c %.2f %.2f %.2f #%u |", l->kind ? l->kind : 'L',
		    l->x, l->y, w, l->block);
		for (uint32_t r = 0; r < l->nruns; r++) {
			const pdf_run *run = &l->runs[r];
			fputc(' ', fp);
			fwrite(l->text + run->t0, 1, run->nt, fp);
			if (run->link)
				fprintf(fp, " <%s>", run->link);
		}
		fputc('\n', fp);
	}
	for (size_t i = 0; i < pg->nrules; i++)
		fprintf(fp, "  R %.2f %.2f %.2f %.2f\n", pg->rules[i].x0,
		    pg->rules[i].y0, pg->rules[i].x1, pg->rules[i].y1);
	(void)ctx;
}

static int dump_finish(sink *s, pdf_ctx *ctx, dossier_error *err)
{
	(void)s, (void)ctx, (void)err;
	return 0;
}

static void dump_free(sink *s)
{
	free(s);
}

sink *dump_sink_new(pdf_ctx *ctx, FILE *fp)
{
	dsink *d = xcalloc(1, sizeof *d);
	d->base.page = dump_page;
	d->base.finish = dump_finish;
	d->base.free = dump_free;
	d->fp = fp;
	fprintf(fp, "layout %.2fx%.2f margins top=%.2f bottom=%.2f inner=%.2f "
	    "outer=%.2f\n", ctx->pw, ctx->ph, ctx->top, ctx->bottom,
	    ctx->inner, ctx->outer);
	return &d->base;
}
