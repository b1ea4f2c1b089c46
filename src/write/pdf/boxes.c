/* boxes.c: TrimBox and BleedBox on every page, which Cairo cannot write;
 * a small pass with libqpdf over the finished file.
 *
 * libqpdf is opened when a PDF with bleed is made, not linked: it brings
 * the C++ runtime and a TLS stack, and loading them cost every run of
 * dossier 2.5 ms, a third of its start (tests/bench/20-epub.sh). The
 * Makefile names the shared object it was built against (QPDF_SONAME).
 * It reads Cairo's PDF from memory and writes to memory: no file by name,
 * the bytes go to the output's own descriptor (output.c). */
#include "pdf.h"

#include <dlfcn.h>
#include <pthread.h>
#include <qpdf/qpdf-c.h>

#define QPDF_CALLS(X) X(qpdf_init) X(qpdf_cleanup) \
	X(qpdf_set_suppress_warnings) X(qpdf_read_memory) X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) X(qpdf_oh_parse) X(qpdf_oh_replace_key) \
	X(qpdf_oh_release) X(qpdf_init_write_memory) X(qpdf_get_buffer_length) \
	X(qpdf_get_buffer) X(qpdf_set_deterministic_ID) \
	X(qpdf_set_object_stream_mode) X(qpdf_set_stream_data_mode) \
	X(qpdf_write) X(qpdf_has_error) X(qpdf_get_error) \
	X(qpdf_get_error_full_text)

static struct {
#define X(f) __typeof__(f) *f;
	QPDF_CALLS(X)
#undef X
} Q;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char why[256];	/* why libqpdf could not be loaded */

static void load(void)
{
	void *h = dlopen(QPDF_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, sizeof why, "%s", dlerror());
		return;
	}
#define X(f) if (!(*(void **)&Q.f = dlsym(h, #f))) { \
		snprintf(why, sizeof why, "%s: no %s", QPDF_SONAME, #f); \
		return; \
	}
	QPDF_CALLS(X)
#undef X
}

int boxes_write(pdf_ctx *ctx, const buf *in, outfile *out,
    dossier_error *err)
{
	pthread_once(&once, load);
	if (why[0])
		return dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "--bleed and --crop-marks need libqpdf: %s (install "
		    "Debian's libqpdf29)", why);
	qpdf_data q = Q.qpdf_init();
	int rc = -1;
	Q.qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (Q.qpdf_read_memory(q, "cairo's PDF", in->data, in->len, NULL) &
	    QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "qpdf cannot read cairo's PDF");
		goto out;
	}
	double m = ctx->mark, b = ctx->bleed;
	char trim[128], bleed[128];
	snprintf(trim, sizeof trim, "[%.3f %.3f %.3f %.3f]", m + b, m + b,
	    m + b + ctx->pw, m + b + ctx->ph);
	snprintf(bleed, sizeof bleed, "[%.3f %.3f %.3f %.3f]", m, m,
	    m + 2 * b + ctx->pw, m + 2 * b + ctx->ph);
	int n = Q.qpdf_get_num_pages(q);
	for (int i = 0; i < n; i++) {
		qpdf_oh page = Q.qpdf_get_page_n(q, (size_t)i);
		qpdf_oh t = Q.qpdf_oh_parse(q, trim);
		qpdf_oh bl = Q.qpdf_oh_parse(q, bleed);
		Q.qpdf_oh_replace_key(q, page, "/TrimBox", t);
		Q.qpdf_oh_replace_key(q, page, "/BleedBox", bl);
		Q.qpdf_oh_release(q, t);
		Q.qpdf_oh_release(q, bl);
		Q.qpdf_oh_release(q, page);
	}
	if (Q.qpdf_init_write_memory(q) & QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "qpdf cannot write");
		goto out;
	}
	/* same input, same bytes: no random /ID */
	Q.qpdf_set_deterministic_ID(q, QPDF_TRUE);
	Q.qpdf_set_object_stream_mode(q, qpdf_o_preserve);
	Q.qpdf_set_stream_data_mode(q, qpdf_s_preserve);
	if (Q.qpdf_write(q) & QPDF_ERRORS) {
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "qpdf cannot write");
		goto out;
	}
	size_t len = Q.qpdf_get_buffer_length(q);
	if (fwrite(Q.qpdf_get_buffer(q), 1, len, out->fp) != len)
		out->failed = 1;	/* outfile_commit says why */
	rc = 0;
out:
	if (rc && Q.qpdf_has_error(q)) {
		qpdf_error e = Q.qpdf_get_error(q);
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "qpdf: %s",
		    Q.qpdf_get_error_full_text(q, e));
	}
	Q.qpdf_cleanup(&q);
	return rc;
}
