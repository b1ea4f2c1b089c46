/* boxes.c: TrimBox and BleedBox on every page, which Cairo cannot write;
 * a small pass with libqpdf over the finished file. */
#include "pdf.h"

#include <qpdf/qpdf-c.h>

int boxes_write(pdf_ctx *ctx, const char *in, const char *out,
    dossier_error *err)
{
	qpdf_data q = qpdf_init();
	int rc = -1;
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read(q, in, NULL) & QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "%s: qpdf cannot read it",
		    in);
		goto out;
	}
	double m = ctx->mark, b = ctx->bleed;
	char trim[128], bleed[128];
	snprintf(trim, sizeof trim, "[%.3f %.3f %.3f %.3f]", m + b, m + b,
	    m + b + ctx->pw, m + b + ctx->ph);
	snprintf(bleed, sizeof bleed, "[%.3f %.3f %.3f %.3f]", m, m,
	    m + 2 * b + ctx->pw, m + 2 * b + ctx->ph);
	int n = qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
		qpdf_oh t = qpdf_oh_parse(q, trim), bl = qpdf_oh_parse(q, bleed);
		qpdf_oh_replace_key(q, page, "/TrimBox", t);
		qpdf_oh_replace_key(q, page, "/BleedBox", bl);
		qpdf_oh_release(q, t);
		qpdf_oh_release(q, bl);
		qpdf_oh_release(q, page);
	}
	if (qpdf_init_write(q, out) & QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write", out);
		goto out;
	}
	/* same input, same bytes: no random /ID */
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	qpdf_set_stream_data_mode(q, qpdf_s_preserve);
	if (qpdf_write(q) & QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_IO, "%s: qpdf cannot write it", out);
		goto out;
	}
	rc = 0;
out:
	if (rc && qpdf_has_error(q)) {
		qpdf_error e = qpdf_get_error(q);
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "qpdf: %s",
		    qpdf_get_error_full_text(q, e));
	}
	qpdf_cleanup(&q);
	return rc;
}
