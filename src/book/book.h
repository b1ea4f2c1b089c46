/*
 * book.h: the dossier as a book, the one thing every writer reads
 * between the tree and its output (src/book/). Not installed.
 *
 * The tree says what the inputs say; the book adds what a reader sees
 * that no input wrote: the words in the book's language, its counts and
 * date as a reader of that language writes them, its stylesheet
 * (resolved and read once, with one error), and the page map (where the
 * PDF puts each article and block), made only when an output asks for it.
 * The EPUB and the PDF read the same book, so they cannot disagree.
 */
#ifndef DOSSIER_BOOK_H
#define DOSSIER_BOOK_H

#include "../tree/tree.h"
/* Its pieces, which other folders reach through this header only: the
 * stylesheet's subset of CSS (style.c) and the book's words (words.c). */
#include "style.h"
#include "words.h"

typedef struct book {
	const char *lang;	/* the book's language (BCP 47), never NULL */
	const book_words *w;	/* its words */
	const char *title;	/* never NULL nor empty */
	/* As given (--subtitle, dossier.yaml), else the counts in words
	 * ("5 Artikel, 86 Kommentare") when the book has several articles,
	 * else NULL; subtitle_derived tells the two apart. */
	const char *subtitle;
	int subtitle_derived;
	const char *counts;	/* "5 Artikel · 86 Kommentare" */
	/* The dossier's date as given, else the book's date (doc_date) in
	 * the book's words: "1 December 2026", "1. Dezember 2026". */
	const char *date;
	char *style_path;	/* the stylesheet's file */
	buf style;		/* its text once read (book_style) */
	int style_read;
	struct dossier_pagemap *pagemap;	/* once laid out */
	int page_list;		/* the caller asked for the page map: every
				 * EPUB of the document lists its pages */
	unsigned layouts;	/* times the book was laid out (tests) */
} book;

/* The book of a finished document (dossier_doc_finish), made on the
 * first call; the document owns it. */
book *book_of(dossier_doc *doc);

/* The stylesheet's text, NUL-terminated, read once per document: the
 * file options.style names (a path when it holds a '/' or ends in .css,
 * else a name in DATA_DIR/styles/; NULL: "default"). NULL and err
 * (DOSSIER_ERR_USAGE, the caller asked for it) when it cannot be read;
 * *path (may be NULL) is its file either way. */
const char *book_style(dossier_doc *doc, size_t *len, const char **path,
    dossier_error *err);

/* A date (seconds since the epoch, UTC) in w's language. */
void book_date(const book_words *w, long long t, char *out, size_t cap);
/* The same from its year, month (1-12) and day. */
void book_date_ymd(const book_words *w, int y, int m, int d, char *out,
    size_t cap);

/* ---- an article's date (dates.c) ---- */
/* The first whole date in s, in the forms sources write ("26.12.2022",
 * "Feb. 19, 2020", "4. Februar 2022", "2020-09-15T09:32", in the book
 * languages and Polish); 0 when there is none or its order is unsure
 * ("03/05/2022"). */
int book_date_parse(const char *s, int *year, int *month, int *day);
/* A date of the tree (an article's) as the book shows it: in w's words
 * when it reads as a date (iso gets "YYYY-MM-DD"), else as written (iso
 * ""); NULL when there is none. May return out (cap bytes). */
const char *book_date_show(const book_words *w, const char *raw,
    char *out, size_t cap, char iso[11]);

/* ---- the page map (pagemap.c) ---- */

/* Where the PDF of the document, with its options, puts things: made by
 * the layout's first pass (src/layout/passes.c: counting pages, nothing
 * painted), asked for through dossier_doc_pagemap (paginate.c) or by the
 * PDF writer, read by the PDF for its contents and by the EPUB for its
 * page list (dossier.h documents the public calls). */
typedef struct pagemap_notes {
	const dossier_node **node;
	unsigned *page;		/* relative to the article's first page */
	size_t n, cap;
} pagemap_notes;

struct dossier_pagemap {
	unsigned pages;		/* physical pages */
	unsigned front;		/* of them the front matter: i, ii... */
	size_t narticles;
	unsigned *art_start;	/* first physical page of each article */
	unsigned *art_pages;	/* and its pages */
	pagemap_notes *notes;	/* while laid out: one list per article */
	/* Where each block starts, sorted by node (16 bytes a block, no
	 * more: a 10,000-article book has a million of them). */
	struct pagemap_at { const dossier_node *node; unsigned page; } *at;
	size_t n;
	char (*label)[16];	/* printed folio of each page */
};

/* An empty map for narticles articles, to be laid out. */
struct dossier_pagemap *pagemap_new(size_t narticles);
/* Block n starts on page (1 = the article's first) of article art.
 * Each article's list is written by one thread only. */
void pagemap_note(struct dossier_pagemap *m, size_t art,
    const dossier_node *n, unsigned page);
/* Once every article's pages are counted: front, art_pages and
 * art_start are set; the notes become physical pages. */
void pagemap_finish(struct dossier_pagemap *m);
void pagemap_free(struct dossier_pagemap *m);
/* Page n's folio: roman in the front matter, then arabic from 1. */
void book_folio(unsigned front, unsigned n, char *out, size_t cap);

/* The page map the EPUB lists: the document's when the caller asked for
 * it (dossier_doc_pagemap), else NULL. Never lays anything out. */
const struct dossier_pagemap *book_page_list(dossier_doc *doc);

#endif
