/* progress.h: the command's progress line and closing summary, on a
 * terminal only (progress.c). */
#ifndef DOSSIER_BIN_PROGRESS_H
#define DOSSIER_BIN_PROGRESS_H

#include "../dossier.h"

#include <time.h>

typedef struct progress {
	int on;			/* standard error is a terminal, not -q */
	struct timespec start;
	double last;		/* when the line was last drawn */
	int shown;		/* a line is on the screen */
} progress;

void progress_init(progress *p, int quiet);
/* A dossier_options.progress callback; ctx is the progress. */
void progress_report(void *ctx, const char *stage, unsigned done,
    unsigned total);
/* Take the line off the screen (before an error message). */
void progress_clear(progress *p);
/* Clear the line, then, unless quiet, one line of what the run made. */
void progress_summary(progress *p, const dossier_doc *doc,
    char *const *outs, const int *written, int nouts);

#endif
