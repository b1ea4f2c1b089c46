/* pdf.c: the PDF writer and its text twin "pdflayout": the book's pages
 * as the layout's second pass gives them (src/layout/passes.c), each
 * handed to a sink as soon as it is finished, Cairo's PDF or the dump. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct emitter {
	sink *s;
	pdf_ctx *ctx;
	unsigned emitted;
} emitter;

static void emit_page(void *ud, pdf_page *pg)
{
	emitter *em = ud;
	em->s->page(em->s, em->ctx, pg);
	page_clear(pg);
	doc_progress(em->ctx->doc, "pages", ++em->emitted,
	    layout_total_pages(em->ctx));
}

/* Cairo's output: straight to the output's descriptor, or into memory
 * when qpdf adds the boxes after it. A write error is kept on the outfile
 * (outfile_commit reports it) and not handed to Cairo: cairo 1.16 fails
 * an assertion on a stream that errs at its first bytes (-o - on
 * /dev/full). */
static cairo_status_t to_outfile(void *closure, const unsigned char *data,
    unsigned int length)
{
	outfile *o = closure;
	if (!o->failed && fwrite(data, 1, length, o->fp) != length)
		o->failed = 1;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data,
    unsigned int length)
{
	buf_put(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

static double seconds(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* DOSSIER_PDF_TIMES=1: each stage's wall time on stderr (bench), and the
 * CPU time of this thread (the painter, which runs Cairo's PDF writer)
 * beside that of all threads: the share no worker can take over. */
static void stage(const char *what)
{
	static double wall, mine, all;
	static int on = -1;
	if (on < 0)
		on = getenv("DOSSIER_PDF_TIMES") != NULL;
	if (!on)
		return;
	double w = seconds(CLOCK_MONOTONIC);
	double m = seconds(CLOCK_THREAD_CPUTIME_ID);
	double a = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (what)
		fprintf(stderr, "pdf: %-8s %.3f s  CPU: painter %.3f s, "
		    "all threads %.3f s\n", what, w - wall, m - mine, a - all);
	wall = w;
	mine = m;
	all = a;
}

static int render(dossier_doc *doc, const char *path, dossier_error *err,
    int dump)
{
	stage(NULL);
	pdf_ctx ctx;
	if (layout_setup(&ctx, doc, err) != 0)
		return -1;
	int rc = -1;
	sink *s = NULL;
	outfile of = { 0 };
	int of_open = 0;
	buf mem = { 0 };	/* cairo's PDF, when qpdf adds the boxes */
	int boxes = !dump && (ctx.bleed > 0 || ctx.mark > 0);
	emitter em = { NULL, &ctx, 0 };
	shaper *sh = shaper_new(&ctx, err);
	layout_pool *pl = layout_pool_new(&ctx, err);
	if (!sh)
		goto out;
	layout_pages(&ctx, sh, pl);
	stage("count");
	if (outfile_open(&of, path, err) != 0)
		goto out;
	of_open = 1;
	if (dump)
		s = dump_sink_new(&ctx, of.fp);
	else if (boxes)
		s = paint_sink_new(&ctx, to_buf, &mem, err);
	else
		s = paint_sink_new(&ctx, to_outfile, &of, err);
	if (!s)
		goto named;
	em.s = s;
	layout_draw(&ctx, sh, pl, emit_page, &em);
	stage("draw");
	if (s->finish(s, &ctx, err) != 0)
		goto named;
	stage("finish");
	doc->pages = layout_total_pages(&ctx);
	if (boxes && boxes_write(&ctx, &mem, &of, err) != 0)
		goto named;
	of_open = 0;
	rc = outfile_commit(&of, err);
	goto out;
named:
	/* name the output: the painter and qpdf do not know it */
	if (err) {
		char msg[2 * sizeof err->message + 8];
		snprintf(msg, sizeof msg, "%s: %s", path, err->message);
		size_t n = strlen(msg) < sizeof err->message - 1 ?
		    strlen(msg) : sizeof err->message - 1;
		memcpy(err->message, msg, n);
		err->message[n] = '\0';
	}
out:
	if (of_open)
		outfile_abort(&of);
	if (s)
		s->free(s);
	buf_free(&mem);
	layout_pool_free(pl);
	shaper_free(sh);
	layout_teardown(&ctx);
	return rc;
}

static int render_pdf(dossier_doc *doc, const char *path, dossier_error *err)
{
	return render(doc, path, err, 0);
}


/* The same layout as text, for tests (not a user-facing format). */
static int render_layout(dossier_doc *doc, const char *path,
    dossier_error *err)
{
	return render(doc, path, err, 1);
}

const dossier_writer dossier_writer_pdf = {
	.name = "pdf",
	.extension = "pdf",
	.render = render_pdf,
};

const dossier_writer dossier_writer_pdflayout = {
	.name = "pdflayout",
	.extension = "layout",
	.render = render_layout,
};
