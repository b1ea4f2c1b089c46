/* tests/bench/render.c: the writers' own time, without the process around
 * them: what a document toolchain that loads libdossier pays. Reads the
 * input once, then renders each output REPS times and prints, per output,
 * the first render (the process's first: fontconfig, fonts and caches
 * cold) and the best and median of the others.
 *
 *   render [-n REPS] [--no-cache] PATH OUT...
 *
 * Used by tests/bench/20-epub.sh. It asserts nothing: it prints. */
#include "dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void quiet(void *ctx, const char *f, unsigned l, const char *m)
{
	(void)ctx, (void)f, (void)l, (void)m;
}

int main(int argc, char **argv)
{
	int reps = 20, a = 1;
	dossier_options opts = { 0 };
	opts.diag = quiet;
	opts.own_process = 1;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-n") == 0 && a + 1 < argc)
			reps = atoi(argv[++a]);
		else if (strcmp(argv[a], "--no-cache") == 0)
			opts.cache_dir = "";
		else
			break;
	}
	if (argc - a < 2 || reps < 2) {
		fprintf(stderr, "usage: render [-n REPS] [--no-cache] PATH "
		    "OUT...\n");
		return 2;
	}
	dossier_doc *doc = dossier_doc_new(&opts);
	dossier_error err = { 0 };
	double t0 = now_ms();
	if (dossier_read_path(doc, argv[a], &err) != 0) {
		fprintf(stderr, "render: %s\n", err.message);
		return 1;
	}
	dossier_doc_finish(doc);
	printf("read     %-24s %8.2f ms\n", argv[a], now_ms() - t0);
	double *t = malloc(sizeof *t * (size_t)reps);
	for (int o = a + 1; o < argc; o++) {
		for (int i = 0; i < reps; i++) {
			double s = now_ms();
			if (dossier_render(doc, argv[o], NULL, &err) != 0) {
				fprintf(stderr, "render: %s\n", err.message);
				return 1;
			}
			t[i] = now_ms() - s;
		}
		double first = t[0];
		qsort(t + 1, (size_t)reps - 1, sizeof *t, cmp);
		printf("render   %-24s first %7.2f ms, then best %7.2f ms, "
		    "median %7.2f ms (%d runs)\n", argv[o], first, t[1],
		    t[1 + (reps - 1) / 2], reps - 1);
	}
	free(t);
	dossier_doc_free(doc);
	return 0;
}
