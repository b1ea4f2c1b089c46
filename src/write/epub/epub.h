/*
 * epub.h: what crosses files inside the EPUB writer. Not installed.
 *
 * The writer (epub.c) builds every file of the container in memory, an
 * epub_file each. The cover (cover.c) is drawn in a thread of its own and
 * deflate workers (zip.c) compress each file as soon as it is added, while
 * the main thread writes the article pages (xhtml.c, through xml.c), which
 * also collect the navigation, the page list and the characters the fonts
 * must hold; then the contents page and cover page (package.c), the
 * stylesheet (css.c) with the font subsets (embed.c); then, from the
 * compressed pages' CRCs, the identifier, the NCX and the package
 * document; and libzip writes the container (zip.c). The words the writer
 * adds itself come in the book's language (words.c).
 */
#ifndef DOSSIER_EPUB_H
#define DOSSIER_EPUB_H

#include "../../tree/tree.h"
#include "../../book/book.h"

#include <libxml/xmlwriter.h>
#include <stdint.h>

/* No XHTML file may pass 250 KB (old Kindles and Kobos
 * that load a spine item whole). A file is closed at the next item
 * boundary once it passes this, leaving room for one more large item. */
#define EPUB_SPLIT_AT (160 * 1024)

/* One file of the container. */
typedef struct epub_file {
	char *name;		/* path inside the container, generated */
	char *data;		/* owned (malloc) */
	size_t len;
	int store;		/* never compressed (mimetype, PNG) */
	/* Filled by zip.c: raw deflate stream, or NULL to store. */
	unsigned char *z;
	size_t zlen;
	uint32_t crc;
	int done;		/* crc and z are set */
	/* Once compressed, a page's bytes (z, else data) go to the spool
	 * (zip.c) and are freed: the container is written at the end, and
	 * a book's pages held until then grow with the book. */
	int spooled, deflated;
	uint64_t off;		/* in the spool */
	/* Put into the cache under this key once compressed (embed.c);
	 * owned. */
	struct cache_key *keep;
} epub_file;

/* One entry of the navigation: an article (level 1) or a section in it
 * (level 2). */
typedef struct epub_nav {
	int level;
	char *label;		/* plain text, owned */
	char *href;		/* "a0001.xhtml#h2", owned */
} epub_nav;

/* One page of the PDF laid out in the same run (for the page list). */
typedef struct epub_page {
	unsigned page;		/* physical, 1-based */
	char *href;		/* owned */
} epub_page;

/* A spine item. */
typedef struct epub_item {
	char *id;		/* manifest id, owned */
	char *href;		/* owned */
} epub_item;

/* Fallback fonts, used only when the text needs them: Arabic, CJK and
 * emoji (only to know them: emoji.c draws them as images), and Noto
 * Serif's faces of the scripts below (fonts/README.md). */
#define EPUB_SCRIPTS(X) \
	X(HEBREW, "Hebrew", "hebrew") \
	X(DEVANAGARI, "Devanagari", "devanagari") \
	X(BENGALI, "Bengali", "bengali") \
	X(GURMUKHI, "Gurmukhi", "gurmukhi") \
	X(GUJARATI, "Gujarati", "gujarati") \
	X(TAMIL, "Tamil", "tamil") \
	X(TELUGU, "Telugu", "telugu") \
	X(KANNADA, "Kannada", "kannada") \
	X(MALAYALAM, "Malayalam", "malayalam") \
	X(SINHALA, "Sinhala", "sinhala") \
	X(THAI, "Thai", "thai") \
	X(LAO, "Lao", "lao") \
	X(KHMER, "Khmer", "khmer") \
	X(MYANMAR, "Myanmar", "myanmar") \
	X(GEORGIAN, "Georgian", "georgian") \
	X(ARMENIAN, "Armenian", "armenian") \
	X(ETHIOPIC, "Ethiopic", "ethiopic")
enum {
	EPUB_FB_ARABIC, EPUB_FB_CJK, EPUB_FB_EMOJI,
#define EPUB_FB_ENUM(id, name, cls) EPUB_FB_##id,
	EPUB_SCRIPTS(EPUB_FB_ENUM)
#undef EPUB_FB_ENUM
	EPUB_FB__MAX
};
/* The span class that sets text in each (embed.c): "fb-arabic"... */
extern const char *const epub_fb_class[EPUB_FB__MAX];

typedef struct epub_fonts {
	int ok;				/* the project's fonts were found */
	cpset primary;			/* what both Noto families cover */
	cpset fb_cover[EPUB_FB__MAX];	/* loaded on first need */
	int fb_loaded[EPUB_FB__MAX];
	cpset used;			/* every character written */
	cpset fb_used[EPUB_FB__MAX];
	cpset mono_used;		/* written in a <pre> */
} epub_fonts;

/* The words the writer adds to the book, in its language (words.c). */
typedef struct epub_zipper epub_zipper;
typedef struct epub_cover epub_cover;
struct epub_emoji;

typedef struct epub {
	dossier_doc *doc;
	dossier_node *root;
	const char *lang;		/* of the book */
	const book_words *w;		/* in its language */
	/* The book's (src/book/): its subtitle, and whether that is only
	 * the counts; the page map the page list shows, or NULL. */
	const char *subtitle;
	int subtitle_derived;
	const struct dossier_pagemap *pagemap;
	epub_file **files;		/* each on its own: workers hold them */
	size_t nfiles, filecap;
	epub_zipper *zip;		/* deflate workers, while they run */
	FILE *spool;			/* the spool (a temporary file), or NULL */
	uint64_t spool_end;		/* its size, under zip's lock */
	epub_cover *cover;		/* the cover's thread, while it runs */
	epub_nav *nav;
	size_t nnav, navcap;
	epub_page *pages;
	size_t npages, pagecap;
	epub_item *spine;
	size_t nspine, spinecap;
	unsigned next_page;		/* next page marker not yet placed */
	epub_fonts fonts;
	struct epub_emoji *emoji;	/* emoji.c's, once one is written */
	char uid[64];			/* urn:uuid:... */
	char modified[32];		/* 2026-11-21T10:00:00Z */
	long long mtime;		/* seconds, for the zip entries */
	int timing;			/* $DOSSIER_EPUB_TIMING: phase times */
	/* Scratch for text being written. */
	buf tmp;
} epub;

/* ---- epub.c ---- */
epub_file *epub_add_file(epub *e, const char *name, char *data, size_t len,
    int store);
void epub_add_nav(epub *e, int level, const char *label, const char *href);
void epub_add_spine(epub *e, const char *id, const char *href);
/* Phase timing to stderr when $DOSSIER_EPUB_TIMING is set. */
void epub_tick(epub *e, const char *what);

/* ---- xml.c: XHTML and XML through libxml2's xmlTextWriter ---- */
typedef struct xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	epub *e;
	int fb_open;		/* fallback-font span open: EPUB_FB_* + 1 */
	int emoji_text;		/* emoji stay text (the navigation document) */
	buf scratch;
} xw;

void xw_open(xw *x, epub *e);
/* Finish the document and hand over its bytes (malloc). */
char *xw_close(xw *x, size_t *len);
size_t xw_size(xw *x);
void xw_start(xw *x, const char *el);
void xw_end(xw *x);		/* </el>, never <el/> */
void xw_end_void(xw *x);	/* <el/>, for img, link, meta */
void xw_attr(xw *x, const char *name, const char *value);
void xw_attrf(xw *x, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Element with only text. */
void xw_elem(xw *x, const char *el, const char *cls, const char *text);
/* Text: forbidden characters dropped, characters the body font lacks
 * wrapped in a span of the fallback font that has them, emoji as images
 * (emoji.c). */
void xw_text(xw *x, const char *s, size_t n);
void xw_texts(xw *x, const char *s);
/* Text for metadata and attributes: no spans, forbidden characters
 * dropped. Returns a pointer into e->tmp, valid until the next call. */
const char *xw_clean(epub *e, const char *s, size_t n);
void xw_raw(xw *x, const char *s);
/* <?xml?>, <!DOCTYPE html>, <html> with its namespaces and language, and
 * a <head> holding title and stylesheet; leaves <body> open. */
void xw_xhtml_begin(xw *x, const char *title, const char *lang,
    const char *body_class);
/* Nothing a reader would see once what XML forbids is dropped (NULL
 * too): a heading or a contents entry of only that would be empty. */
int xw_blank(const char *s);
/* The dossier's title, or "Dossier" when it has none worth showing. */
const char *xw_book_title(epub *e);
/* Is the language written right to left? */
int xw_is_rtl(const char *lang);
/* Is tag a safe BCP 47 language tag to copy into an attribute? */
int xw_lang_ok(const char *tag);
/* A link target made valid: only http, https, mailto; anything outside
 * the URL grammar percent-encoded. NULL if the URL is refused. Result in
 * e->tmp. */
const char *xw_href(epub *e, const char *url);

/* ---- xhtml.c: one page per article (more for long discussions) ---- */
int epub_articles(epub *e, dossier_error *err);

/* ---- package.c ---- */
void epub_contents_page(epub *e, int has_cover);
void epub_cover_page(epub *e);
void epub_identifier(epub *e);
void epub_ncx(epub *e);
void epub_opf(epub *e, int has_cover);
void epub_container_xml(epub *e);

/* ---- cover.c: drawn in a thread of its own while the pages are made,
 * or taken from the cache; finish adds cover.png, or fails with the
 * reason. ---- */
void epub_cover_start(epub *e);
int epub_cover_finish(epub *e, dossier_error *err);

/* ---- css.c ---- */
int epub_stylesheet(epub *e, dossier_error *err);

/* ---- embed.c ---- */
/* Are the body faces there (what the cover is set in)? */
int epub_fonts_present(epub *e);
/* The characters of a <pre>'s text, for the fixed-width face. */
void epub_fonts_mono(epub *e, const char *s, size_t len);
/* What the body faces cover; missing fonts are no error (e->fonts.ok is
 * 0: the EPUB uses the reader's fonts). */
void epub_fonts_init(epub *e);
void epub_fonts_free(epub *e);
/* Which fallback font (EPUB_FB_*) holds cp when the body font lacks it;
 * -1 when the body font has it or no font does. Records cp as used. */
int epub_fonts_need(epub *e, uint32_t cp);
/* The file of fallback fb's first face, in the fonts folder. */
const char *epub_fonts_file(int fb);
/* Subset and add the fonts the stylesheet style names, and the fallbacks
 * the text needed; appends their @font-face rules to css. */
int epub_fonts_embed(epub *e, const char *style, buf *css,
    dossier_error *err);

/* ---- emoji.c ---- */
/* Write s (n bytes of emoji, with their joiners, selectors and keycap
 * bases) as one image per emoji, its text as alt: 0, or -1 when the
 * emoji font cannot be read (the caller writes the text). */
int epub_emoji_write(xw *x, const char *s, size_t n);
/* The images' rule, when the book has any. */
void epub_emoji_css(epub *e, buf *css);
void epub_emoji_free(epub *e);

/* ---- zip.c ---- */
/* Start deflate workers: from now on every file added is compressed in
 * the background. */
void epub_deflate_start(epub *e);
/* Help until every file added so far is compressed; stop the workers. */
void epub_deflate_finish(epub *e);
/* Append f to e->files (for epub_add_file), and hand it to the workers
 * if they run. */
void epub_files_push(epub *e, epub_file *f);
/* The deflate level of the container's files. */
int epub_deflate_level(void);
/* Add a file as epub_file_pack() left it (from the cache): it is not
 * compressed again. -1 when packed is damaged. */
int epub_add_packed(epub *e, const char *name, const char *packed,
    size_t len);
/* A compressed file as its CRC, size and stream, for the cache. */
void epub_file_pack(const epub_file *f, buf *out);
/* Compress what is left, write the container beside path, rename. */
int epub_zip_write(epub *e, const char *path, dossier_error *err);

/* ---- with HarfBuzz (subset.c) and Cairo (coverdraw.c) ---- */
/* The code points face index of the font file path has; -1 when it
 * cannot be read. */
int typeset_coverage(const char *path, unsigned index, cpset *out);
/* The face cut down to cps, as a font file's bytes (malloc). */
char *typeset_subset(const char *path, unsigned index, const cpset *cps,
    size_t *len, dossier_error *err);

/* Everything the cover shows, and nothing else: coverdraw.c draws from
 * this alone, and its cache key (cover.c) hashes every member of both
 * arrays and the fonts folder's files, so a value drawn is a value keyed
 * with no list to keep in step. NULL texts are drawn as absent. */
enum {
	CV_TITLE, CV_SUBTITLE, CV_EDITOR,
	CV_DATE,			/* YYYY-MM-DD */
	CV_ART0,			/* the first titled articles' titles */
	CV_ART_LAST = CV_ART0 + 4,	/* cover_lines() shows five at most */
	/* the words set, in the book's language (book_words) */
	CV_W_MORE, CV_W_ARTICLES, CV_W_ARTICLES1, CV_W_COMMENTS,
	CV_W_COMMENTS1, CV_W_EDITED_BY,
	CV__TEXTS
};
enum { CV_ARTICLES, CV_COMMENTS, CV__NUMS };
typedef struct cover_input {
	const char *fonts;		/* the fonts folder (fonts_dir) */
	const char *text[CV__TEXTS];
	unsigned num[CV__NUMS];
	char date[11];			/* what CV_DATE points at */
} cover_input;

/* The cover as a PNG, appended to png. doc gives the font map only
 * (fonts_fontmap_new: the folder is in->fonts); scratch is the caller's,
 * for this thread. */
int cover_draw(dossier_doc *doc, const cover_input *in, buf *png,
    buf *scratch, dossier_error *err);

#endif
