/* pdf.h: what crosses files inside the PDF writer: the sinks that draw
 * the display list of src/layout/layout.h, and the PDF file's boxes. */
#ifndef DOSSIER_PDF_H
#define DOSSIER_PDF_H

#include "../../layout/layout.h"

/* ---- sinks (paint.c, dump.c) ---- */
typedef struct sink sink;
struct sink {
	void (*page)(sink *s, pdf_ctx *ctx, pdf_page *pg);
	int (*finish)(sink *s, pdf_ctx *ctx, dossier_error *err);
	void (*free)(sink *s);
};
/* Cairo writes the PDF through write(closure, ...): never by a name. */
sink *paint_sink_new(pdf_ctx *ctx, cairo_write_func_t write, void *closure,
    dossier_error *err);
sink *dump_sink_new(pdf_ctx *ctx, FILE *fp);

/* Bleed and crop boxes with libqpdf (boxes.c). */
int boxes_write(pdf_ctx *ctx, const buf *in, outfile *out,
    dossier_error *err);

#endif
