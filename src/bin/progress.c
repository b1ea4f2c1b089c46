/* progress.c: what a person at a terminal sees of a long build: one line,
 * redrawn in place, once the run has taken about a second (a quick run
 * stays silent), and a summary at the end. Nothing when standard error is
 * not a terminal or with -q, so scripts and logs see only warnings. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { DELAY_MS = 1000, EVERY_MS = 100 };

static double since(const progress *p)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - p->start.tv_sec) * 1e3 +
	    (double)(t.tv_nsec - p->start.tv_nsec) / 1e6;
}

void progress_init(progress *p, int quiet)
{
	*p = (progress){ .on = !quiet && isatty(STDERR_FILENO) };
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

void progress_report(void *ctx, const char *stage, unsigned done,
    unsigned total)
{
	progress *p = ctx;
	if (!p->on)
		return;
	double t = since(p);
	if (t < DELAY_MS || (t - p->last < EVERY_MS && done != total))
		return;
	p->last = t;
	p->shown = 1;
	if (strcmp(stage, "pages") == 0)
		fprintf(stderr, "\rdossier: laying out page %u of %u\033[K",
		    done, total);
	else if (strcmp(stage, "files") == 0)
		fprintf(stderr, "\rdossier: %u file%s read\033[K", done,
		    done == 1 ? "" : "s");
	else
		fprintf(stderr, "\rdossier: %s %u\033[K", stage, done);
	fflush(stderr);
}

void progress_clear(progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

void progress_summary(progress *p, const dossier_doc *doc,
    char *const *outs, const int *written, int nouts)
{
	progress_clear(p);
	if (!p->on)
		return;
	dossier_stats st = dossier_doc_stats(doc);
	fprintf(stderr, "dossier: %u article%s, %u comment%s", st.articles,
	    st.articles == 1 ? "" : "s", st.comments,
	    st.comments == 1 ? "" : "s");
	if (st.pages)
		fprintf(stderr, ", %u pages", st.pages);
	const char *sep = "; wrote ";
	int n = 0;
	for (int i = 0; i < nouts; i++)
		if (written[i]) {
			fprintf(stderr, "%s%s", sep, strcmp(outs[i], "-") ?
			    outs[i] : "standard output");
			sep = ", ";
			n++;
		}
	if (!n)
		fputs("; wrote nothing", stderr);
	fprintf(stderr, " (%.1f s)\n", since(p) / 1e3);
}
