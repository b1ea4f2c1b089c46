/* fuzz.h: what the libFuzzer targets of tests/fuzz/ share.
 *
 * Each target is one file, tests/fuzz/NAME.c, defining
 * LLVMFuzzerTestOneInput; the Makefile builds every such file into
 * build-fuzz/fuzz/NAME and `make fuzz` runs it from tests/fuzz/corpus/NAME/.
 * A target reads its input through the library as the dossier command
 * would, then checks the promises of src/dossier.h on what came out: the
 * sanitizers catch memory errors, fuzz_check_tree() catches a tree that
 * breaks its contract, and fuzz_diag() a warning that is not one line of
 * UTF-8 naming its file. A broken promise aborts, which libFuzzer reports
 * as a crash with the input that caused it. */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include "dossier.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(c) do { if (!(c)) { fprintf(stderr, \
	"%s:%d: broken promise: %s\n", __FILE__, __LINE__, #c); \
	abort(); } } while (0)

/* Warnings must name their file and be one line of UTF-8. */
static void fuzz_diag(void *ctx, const char *file, unsigned line,
    const char *message)
{
	(void)ctx;
	FUZZ_ASSERT(file && *file);
	FUZZ_ASSERT(message && *message);
	if (!g_utf8_validate(message, -1, NULL) || strchr(message, '\n')) {
		fprintf(stderr, "the warning: %s:%u: %s\n", file, line,
		    message);
		FUZZ_ASSERT(g_utf8_validate(message, -1, NULL));
		FUZZ_ASSERT(!strchr(message, '\n'));
	}
}

/* A string of the tree: UTF-8 without what XML forbids (src/dossier.h). */
static void fuzz_check_string(const char *s, size_t n)
{
	FUZZ_ASSERT(g_utf8_validate(s, (gssize)n, NULL));
	for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		FUZZ_ASSERT(c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
		FUZZ_ASSERT(c != 0xFFFE && c != 0xFFFF);
	}
}

static void fuzz_check_opt(const char *s)
{
	if (s)
		fuzz_check_string(s, strlen(s));
}

/* Schemes are case-insensitive (RFC 3986). */
static int is_scheme(const char *url, const char *scheme)
{
	return g_ascii_strncasecmp(url, scheme, strlen(scheme)) == 0;
}

/* Walk the whole tree with the public iterator and check each node. */
static void fuzz_check_tree(dossier_doc *doc)
{
	dossier_iter it;
	dossier_node *n;
	dossier_event ev;
	dossier_iter_init(&it, dossier_doc_root(doc));
	while ((ev = dossier_iter_next(&it, &n)) != DOSSIER_EV_DONE) {
		if (ev != DOSSIER_EV_ENTER)
			continue;
		FUZZ_ASSERT(n->type > DOSSIER_NODE_NONE &&
		    n->type < DOSSIER_NODE__MAX);
		FUZZ_ASSERT(!n->first || n->first->parent == n);
		FUZZ_ASSERT(!n->next || n->next->prev == n);
		switch (n->type) {
		case DOSSIER_NODE_DOSSIER:
			fuzz_check_opt(n->as.dossier.title);
			fuzz_check_opt(n->as.dossier.subtitle);
			fuzz_check_opt(n->as.dossier.description);
			break;
		case DOSSIER_NODE_ARTICLE:
			FUZZ_ASSERT(n->as.article.title &&
			    *n->as.article.title);
			fuzz_check_opt(n->as.article.title);
			fuzz_check_opt(n->as.article.subtitle);
			fuzz_check_opt(n->as.article.kicker);
			fuzz_check_opt(n->as.article.byline);
			fuzz_check_opt(n->as.article.date);
			fuzz_check_opt(n->as.article.site);
			fuzz_check_opt(n->as.article.url);
			if (n->as.article.url)
				FUZZ_ASSERT(is_scheme(n->as.article.url,
				    "http://") || is_scheme(n->as.article.url,
				    "https://"));
			break;
		case DOSSIER_NODE_COMMENT:
			fuzz_check_opt(n->as.comment.author);
			fuzz_check_opt(n->as.comment.title);
			fuzz_check_opt(n->as.comment.date);
			FUZZ_ASSERT(n->as.comment.depth >= 0);
			break;
		case DOSSIER_NODE_CAPTION:
			fuzz_check_opt(n->as.caption.credit);
			break;
		case DOSSIER_NODE_TEXT:
			FUZZ_ASSERT(n->as.text.text);
			fuzz_check_string(n->as.text.text, n->as.text.len);
			break;
		case DOSSIER_NODE_LINK:
			FUZZ_ASSERT(n->as.link.url);
			fuzz_check_opt(n->as.link.url);
			FUZZ_ASSERT(is_scheme(n->as.link.url, "http://") ||
			    is_scheme(n->as.link.url, "https://") ||
			    is_scheme(n->as.link.url, "mailto:"));
			break;
		default:
			break;
		}
	}
}

/* Read one article file's bytes as the dossier command reads a file, with
 * these options, and check what it gives. */
static void fuzz_read(dossier_options *opts, const char *name,
    const uint8_t *data, size_t size)
{
	opts->diag = fuzz_diag;
	opts->cache_dir = "off";
	dossier_doc *doc = dossier_doc_new(opts);
	dossier_error err = { 0 };
	if (dossier_read_buffer(doc, name, (const char *)data, size,
	    &err) != 0) {
		FUZZ_ASSERT(err.message[0]);
		if (!g_utf8_validate(err.message, -1, NULL))
			fprintf(stderr, "the error: %s\n", err.message);
		FUZZ_ASSERT(g_utf8_validate(err.message, -1, NULL));
	}
	dossier_doc_finish(doc);
	fuzz_check_tree(doc);
	dossier_doc_free(doc);
}

#endif
