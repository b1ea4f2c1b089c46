/*
 * dossier.h: the public interface of libdossier.
 *
 * libdossier reads scraped news articles with their reader comments into one
 * document tree and renders that tree to EPUB, PDF or JSON.
 *
 *   dossier_doc *doc = dossier_doc_new(&opts);
 *   dossier_read_path(doc, "corpus", &err);   (any number of times)
 *   dossier_render(doc, "out/dossier.epub", NULL, &err);
 *   dossier_doc_free(doc);
 *
 * Conventions, everywhere in this header:
 * - Functions return 0 on success and -1 on failure (NULL for pointers); the
 *   details of a failure are in the dossier_error the caller passed.
 * - The document owns every node and every string reachable from it (one
 *   arena per document); nothing in the tree is freed on its own.
 * - Strings are UTF-8, NUL-terminated, free of characters XML forbids.
 * - Memory exhaustion aborts the process: callers never check for it.
 * - Warnings about the input go to the diagnostic callback of the options
 *   (stderr by default) as "FILE:LINE: warning: ...".
 */
#ifndef DOSSIER_H
#define DOSSIER_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DOSSIER_API __attribute__((visibility("default")))
#else
#define DOSSIER_API
#endif

#define DOSSIER_VERSION "0.1.0"
/* Bumped when dossier_reader or dossier_writer change shape (plugins).
 * 2: the writer lost its priority (no writer depends on another's having
 * run; the page map is asked for instead). Until version 1.0 the rest of
 * this header may change too (the soname is libdossier.so.0). */
#define DOSSIER_ABI 2

/* ---- errors ---------------------------------------------------------- */

typedef enum {
	DOSSIER_OK = 0,
	DOSSIER_ERR_INPUT,	/* the input cannot be used (exit 1) */
	DOSSIER_ERR_USAGE,	/* the caller asked for something invalid (exit 2) */
	DOSSIER_ERR_IO,		/* reading or writing a file failed (exit 1) */
	DOSSIER_ERR_INTERNAL	/* a library below us failed (exit 1) */
} dossier_code;

typedef struct dossier_error {
	dossier_code code;
	char message[1024];	/* "FILE:LINE: what went wrong", no newline */
} dossier_error;

/* Fill err (if not NULL) and return -1, so that callers can write
 * "return dossier_fail(err, ...)". */
DOSSIER_API int dossier_fail(dossier_error *err, dossier_code code,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- the tree -------------------------------------------------------- */

/*
 * One node type for the whole document. The order matters: the ranges
 * DOSSIER_NODE_FIRST_BLOCK..LAST_BLOCK and FIRST_INLINE..LAST_INLINE make
 * "is this a block?" a comparison.
 *
 * dossier
 *   article
 *     heading | paragraph | quote | list (item...) | caption | note
 *     thread
 *       comment
 *         paragraph...   (the comment's text)
 *         comment...     (its replies, after the paragraphs)
 * Blocks (and list items) hold inlines: text, emph (holds inlines),
 * link (holds inlines). A "\n" in a text node is a line break the source
 * asked for (a <br> in verse or an address, a line of code): every writer
 * keeps it as one. Other white space is single spaces, except in a
 * preformatted paragraph (as.paragraph.pre).
 */
typedef enum {
	DOSSIER_NODE_NONE = 0,
	DOSSIER_NODE_DOSSIER,
	DOSSIER_NODE_ARTICLE,
	DOSSIER_NODE_THREAD,
	DOSSIER_NODE_COMMENT,
	DOSSIER_NODE_HEADING,
	DOSSIER_NODE_PARAGRAPH,
	DOSSIER_NODE_QUOTE,
	DOSSIER_NODE_LIST,
	DOSSIER_NODE_ITEM,
	DOSSIER_NODE_CAPTION,
	DOSSIER_NODE_NOTE,
	DOSSIER_NODE_TEXT,
	DOSSIER_NODE_EMPH,
	DOSSIER_NODE_LINK,
	DOSSIER_NODE__MAX
} dossier_node_type;

#define DOSSIER_NODE_FIRST_BLOCK DOSSIER_NODE_HEADING
#define DOSSIER_NODE_LAST_BLOCK DOSSIER_NODE_NOTE
#define DOSSIER_NODE_FIRST_INLINE DOSSIER_NODE_TEXT
#define DOSSIER_NODE_LAST_INLINE DOSSIER_NODE_LINK

typedef struct dossier_node dossier_node;

/* The library allocates each node to its type's size: only the dossier,
 * articles and comments hold the whole union, the others just their own
 * member of it. Read the member of a node's type; never copy a node by
 * value. */
struct dossier_node {
	dossier_node_type type;
	unsigned line;		/* 1-based source line; 0 if unknown (beside
				 * type: a node's head is 56 bytes, not 64) */
	dossier_node *parent, *first, *last, *prev, *next;
	const char *file;	/* source path as given; NULL for made-up nodes */
	union {
		struct {
			const char *title, *subtitle, *editor, *date;
			const char *lang;	/* BCP 47, e.g. "en" */
			const char *description;	/* or NULL */
		} dossier;
		struct {
			const char *source;	/* input path as given */
			const char *title;	/* never NULL nor empty */
			const char *subtitle, *kicker, *byline, *date; /* or NULL */
			const char *lang;
			int title_derived;	/* 1 if the file had no title */
			/* From front matter, or NULL: where it was published
			 * (url:, link:, canonical:; http or https only) and by
			 * whom (site:, publication:, publisher:, source:). */
			const char *url, *site;
		} article;
		struct {
			int level;	/* 1 = a story glued into the file; 2+ sections */
		} heading;
		struct {
			/* 1: preformatted (code, an ASCII table): its text
			 * keeps its spaces and its line ends ("\n"), tabs
			 * expanded, no blank line at either end; set in a
			 * fixed-width face, a line of the source a line of
			 * the output. */
			int pre;
		} paragraph;
		struct {
			int ordered;
		} list;
		struct {
			const char *credit;	/* "Photo: X", or NULL */
		} caption;
		struct {
			const char *author, *title, *date;	/* or NULL */
			const char *lang;	/* NULL: same as the article */
			int depth;		/* 0 for a top-level comment */
		} comment;
		struct {
			const char *text;
			size_t len;
		} text;
		struct {
			const char *url;	/* http, https or mailto only */
		} link;
	} as;
};

static inline int dossier_node_is_block(const dossier_node *n)
{
	return n->type >= DOSSIER_NODE_FIRST_BLOCK &&
	    n->type <= DOSSIER_NODE_LAST_BLOCK;
}

static inline int dossier_node_is_inline(const dossier_node *n)
{
	return n->type >= DOSSIER_NODE_FIRST_INLINE &&
	    n->type <= DOSSIER_NODE_LAST_INLINE;
}

DOSSIER_API const char *dossier_node_type_name(dossier_node_type);

/* ---- traversal ------------------------------------------------------- */

/*
 * ENTER/EXIT iteration over a subtree, without recursion: every writer walks
 * the same events. Text nodes give ENTER only; every other node gives ENTER,
 * then its children's events, then EXIT. Modifying the tree while iterating
 * is allowed only for the current node's descendants after EXIT.
 */
typedef enum {
	DOSSIER_EV_DONE = 0,
	DOSSIER_EV_ENTER,
	DOSSIER_EV_EXIT
} dossier_event;

typedef struct dossier_iter {
	dossier_node *root, *node;
	dossier_event ev;
} dossier_iter;

DOSSIER_API void dossier_iter_init(dossier_iter *it, dossier_node *root);
/* Advance; returns the event and sets *node (DOSSIER_EV_DONE at the end). */
DOSSIER_API dossier_event dossier_iter_next(dossier_iter *it,
    dossier_node **node);
/* Do not descend into the node just entered: the next event is its EXIT. */
DOSSIER_API void dossier_iter_skip(dossier_iter *it);

/* Append the plain text of a subtree's inlines to buf (growing it), with
 * inline markup flattened. Returns the new length. */
DOSSIER_API size_t dossier_node_text(const dossier_node *n, char **buf,
    size_t *cap, size_t len);

/* ---- options and documents --------------------------------------------- */

typedef enum {
	DOSSIER_PAPER_A4 = 0,
	DOSSIER_PAPER_LETTER,
	DOSSIER_PAPER_A5
} dossier_paper;

typedef void (*dossier_diag_fn)(void *ctx, const char *file, unsigned line,
    const char *message);

typedef struct dossier_options {
	const char *title;	/* dossier title; NULL: derived from articles */
	const char *subtitle;
	const char *editor;
	const char *lang;	/* NULL: "en" */
	const char *style;	/* path of a .css file, or a name in styles/;
				 * NULL: "default" */
	const char *data_dir;	/* folder holding styles/ and fonts/; NULL:
				 * $DOSSIER_DATA_DIR, else the build's */
	const char *patterns;	/* extra site patterns file, or NULL */
	const char *cache_dir;	/* cache of covers and font subsets; NULL:
				 * $DOSSIER_CACHE_DIR, else the user's cache
				 * folder (~/.cache/dossier); "" or "off":
				 * none */
	dossier_paper paper;
	int duplex;		/* mirrored margins, articles open on recto */
	double bleed_mm;	/* 0: none */
	int crop_marks;
	int url_notes;		/* URLs as numbered footnotes in the PDF */
	int threads;		/* layout workers; 0: number of cores */
	/* The caller owns its process (the dossier command does): the
	 * library may make the fonts of data_dir fontconfig's default
	 * configuration, so that Pango does not first load the machine's
	 * (4 ms on a machine with Noto installed). A program that uses
	 * fontconfig itself leaves it 0. */
	int own_process;
	dossier_diag_fn diag;	/* NULL: print to stderr */
	FILE *explain;		/* the text reader writes each block's kind
				 * and what decided it here; NULL: not */
	void *diag_ctx;
	/* NULL, or told as the work goes on, from the caller's thread:
	 * stage "files" (done: files read so far, total: 0) and "pages"
	 * (done: PDF pages laid out and painted, of total). */
	void (*progress)(void *ctx, const char *stage, unsigned done,
	    unsigned total);
	void *progress_ctx;
} dossier_options;

typedef struct dossier_doc dossier_doc;

/* A new, empty document. opts is copied (its strings are not); NULL: all
 * defaults. */
DOSSIER_API dossier_doc *dossier_doc_new(const dossier_options *opts);
DOSSIER_API void dossier_doc_free(dossier_doc *doc);
DOSSIER_API dossier_node *dossier_doc_root(dossier_doc *doc);
DOSSIER_API const dossier_options *dossier_doc_options(const dossier_doc *doc);
/* Number of warnings reported so far. */
DOSSIER_API unsigned dossier_doc_warnings(const dossier_doc *doc);
/* What the document holds once finished: articles, comments, and the
 * pages of the last PDF rendered from it (0 when none was; the page map
 * has them before any is). */
typedef struct dossier_stats {
	unsigned articles, comments, pages;
} dossier_stats;
DOSSIER_API dossier_stats dossier_doc_stats(const dossier_doc *doc);

/* Report a warning about FILE:LINE through the document's callback. */
DOSSIER_API void dossier_warn(dossier_doc *doc, const char *file,
    unsigned line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- reading ----------------------------------------------------------- */

/*
 * Read a file, or every article file in a folder (sorted by name), and
 * append its articles to the document. Fails when the path cannot be read
 * or holds nothing usable; a file that is only partly usable is read with
 * warnings.
 */
DOSSIER_API int dossier_read_path(dossier_doc *doc, const char *path,
    dossier_error *err);
/* Read one article from memory; name is used in messages and "source". */
DOSSIER_API int dossier_read_buffer(dossier_doc *doc, const char *name,
    const char *data, size_t len, dossier_error *err);
/* Call once after the last read: derives the dossier title and counts. */
DOSSIER_API void dossier_doc_finish(dossier_doc *doc);

/* ---- plugins: readers and writers ----------------------------------- */

typedef struct dossier_reader {
	const char *name;		/* "text" */
	const char *extensions;		/* "txt text", space separated */
	/* Append the articles found in data to the document. */
	int (*read)(dossier_doc *doc, const char *name, const char *data,
	    size_t len, dossier_error *err);
} dossier_reader;

typedef struct dossier_writer {
	const char *name;		/* "epub" */
	const char *extension;		/* "epub": chooses the writer for -o */
	/* Render the whole document to path. The writer writes to a
	 * temporary name beside path and renames it at the end, so a failed
	 * run leaves no partial file. "-" means standard output. */
	int (*render)(dossier_doc *doc, const char *path, dossier_error *err);
} dossier_writer;

/* A loadable plugin exports one symbol "dossier_plugin_entry" of this type. */
typedef struct dossier_plugin {
	int abi;			/* DOSSIER_ABI */
	const dossier_reader *const *readers;	/* NULL-terminated, or NULL */
	const dossier_writer *const *writers;	/* NULL-terminated, or NULL */
} dossier_plugin;

DOSSIER_API int dossier_register_reader(const dossier_reader *r);
DOSSIER_API int dossier_register_writer(const dossier_writer *w);
/* dlopen a shared object and register what its dossier_plugin_entry lists. */
DOSSIER_API int dossier_load_plugin(const char *path, dossier_error *err);
DOSSIER_API const dossier_writer *dossier_writer_by_name(const char *name);
/* The writer for a path's extension ("x.pdf" -> pdf), or NULL. */
DOSSIER_API const dossier_writer *dossier_writer_for_path(const char *path);
/* The n-th registered writer, or NULL past the end. */
DOSSIER_API const dossier_writer *dossier_writer_at(size_t n);
DOSSIER_API const dossier_reader *dossier_reader_for_path(const char *path);

/* Render with the writer for path's extension (or the one named). The
 * output is written to a temporary file beside path and renamed into
 * place ("-" is standard output). The first output a process opens
 * installs a handler that removes temporaries on SIGINT, SIGTERM, SIGHUP
 * and SIGPIPE, then dies of the signal, and ignores SIGXFSZ (a size limit
 * becomes an error), each only where the host left the default. */
DOSSIER_API int dossier_render(dossier_doc *doc, const char *path,
    const char *writer_name, dossier_error *err);

/* ---- the page map ---------------------------------------------------- */

/*
 * Where the PDF of the document puts each article and block, without
 * drawing it: the PDF's layout, its first pass (the typesetting module,
 * the document's options: paper, style, duplex...). The EPUB lists these
 * pages (a page list and page-break markers, for citing the printed
 * book) only when asked:
 *
 *   dossier_doc_finish(doc);
 *   if (!dossier_doc_pagemap(doc, &err)) ...;	 (one call)
 *   dossier_render(doc, "book.epub", NULL, &err);  (lists the PDF's pages)
 *   dossier_render(doc, "book.pdf", NULL, &err);   (the same pages)
 *
 * Outputs are the same files in any order. Without the call, an EPUB
 * has no page list and costs no layout; the PDF lays the book out on its
 * own either way (and keeps the map).
 */
typedef struct dossier_pagemap dossier_pagemap;

/* The page map of a finished document, laid out on the first call and
 * kept by the document (later calls return the same map; it is freed
 * with the document). From then on every EPUB rendered from the document
 * carries its page list. NULL and err when the book cannot be laid out
 * (a style that cannot be read, the typesetting module missing). */
DOSSIER_API const dossier_pagemap *dossier_doc_pagemap(dossier_doc *doc,
    dossier_error *err);
/* The physical pages of the PDF (front matter included). */
DOSSIER_API unsigned dossier_pagemap_pages(const dossier_pagemap *m);
/* The physical page (1-based) where an article, heading, block, list
 * item, thread or comment starts; 0 for a node not laid out on its own
 * (inlines, the dossier). */
DOSSIER_API unsigned dossier_pagemap_page(const dossier_pagemap *m,
    const dossier_node *n);
/* The folio printed on physical page p ("iii" in the front matter, then
 * "1", "2"...), owned by the map; NULL past the last page. */
DOSSIER_API const char *dossier_pagemap_label(const dossier_pagemap *m,
    unsigned p);

#ifdef __cplusplus
}
#endif
#endif
