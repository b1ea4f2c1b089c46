/* layout.h: the layout model, what the PDF writer (src/write/pdf/) and
 * the EPUB's cover (src/write/epub/coverdraw.c: the font map) use of
 * src/layout/, and what crosses files inside it.
 *
 * Two stages:
 *  1. layout (src/layout/, no Cairo): the tree becomes, per article, a flow of lines and
 *     spaces (flow.c), each word shaped once through HarfBuzz on the fonts
 *     Pango picks and kept in a cache (shape.c, para.c), hyphenated
 *     (hyph.c) and broken into lines with Knuth-Plass (linebreak.c); a
 *     cheap pass cuts the flow into pages a few pages behind the layout
 *     (paginate.c) and adds running heads and folios (furniture.c). The result
 *     is a display list of positioned lines: pdf_page.
 *  2. a sink draws the display list (src/write/pdf/pdf.h): Cairo
 *     (paint.c) or a text dump (dump.c, the "pdflayout" writer the
 *     tests read).
 * Articles are independent once their first page is known, so layout
 * workers take articles in turn and one thread paints them in order
 * (passes.c). A first pass only counts pages, for the table of contents
 * and the book's page map.
 *
 * Units: PostScript points, y growing downwards, origin at the top left of
 * the trimmed page.
 */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

#include "../tree/tree.h"
#include "../book/book.h"

#include <hb.h>
#include <pango/pangocairo.h>
#include <pthread.h>

/* ---- styles used by the layout: computed once per render ---- */
enum {
	R_P, R_P_FIRST, R_TITLE, R_KICKER, R_DEK, R_BYLINE, R_SOURCE,
	R_H2, R_H3, R_QUOTE, R_QUOTEBOX, R_LIST, R_LI, R_CAPTION, R_CREDIT, R_NOTE,
	R_PRE,
	R_DISCUSSION,
	R_CPARA0, R_CPARA1, R_CPARA2, R_CPARA3,	/* comment paragraphs */
	R_CMETA0, R_CMETA1, R_CMETA2, R_CMETA3,	/* comment header lines */
	R_CDIV0, R_CDIV1, R_CDIV2, R_CDIV3,	/* comment boxes: indents */
	R_AUTHOR, R_CDATE, R_SUBJECT, R_REPLYTO,
	R_RUNHEAD, R_FOLIO, R_URLNOTE,
	R_TP_TITLE, R_TP_SUBTITLE, R_TP_EDITOR, R_TP_DATE, R_TP_COUNTS,
	R_TOC_TITLE, R_TOC_ENTRY,
	R__MAX
};

/* ---- fonts: faces known to the whole render (shape.c) ---- */
typedef struct pdf_face {
	char *file;
	int index;
} pdf_face;

/* ---- the display list ---- */
typedef struct pdf_glyph {
	uint32_t id;
	float x, y;		/* from the line's origin (left, baseline) */
} pdf_glyph;

typedef struct pdf_run {
	uint16_t face;		/* index in pdf_ctx.faces */
	uint8_t rtl;
	float size;
	uint32_t g0, ng;	/* glyphs of the line */
	uint32_t c0, nc;	/* clusters of the line */
	uint32_t t0, nt;	/* bytes of the line's text */
	const char *link;	/* URI, or NULL */
	const char *dest;	/* internal link target, or NULL */
	float x0, x1;		/* extent, for the dump */
} pdf_run;

typedef struct pdf_cluster {
	int nbytes, nglyphs;	/* as cairo_text_cluster_t */
} pdf_cluster;

typedef struct pdf_line {
	float x, y;		/* origin on the page (set when placed) */
	float width;		/* the measure it was set to */
	float ascent, descent;	/* ink-ish extent for the dump and tests */
	char kind;		/* for the dump: L text, H heading, C comment
				 * header, T title, N note, F furniture */
	char heading;		/* 1-3: part of an H1-H3 in the PDF's structure
				 * tree; 0: of a P (F lines: of none) */
	uint32_t block;		/* the block it belongs to (0: a line of its
				 * own); for the dump and the structure tree */
	pdf_run *runs;
	pdf_glyph *glyphs;
	pdf_cluster *clusters;
	char *text;
	uint32_t nruns, nglyphs, nclusters, ntext;
} pdf_line;

/* A rule (crop marks, the footnote separator). */
typedef struct pdf_rule {
	float x0, y0, x1, y1, w;
} pdf_rule;

/* A named destination and, if title is set, an outline entry. */
typedef struct pdf_mark {
	char name[24];		/* "a12", "a12s3" */
	const char *title;	/* outline text, or NULL */
	int level;		/* 1 article, 2 section */
	float y;
} pdf_mark;

typedef struct pdf_page {
	unsigned number;	/* physical, 1-based */
	const char *label;	/* printed folio ("iii", "14") */
	pdf_line **lines;
	size_t nlines, caplines;
	pdf_rule *rules;
	size_t nrules, caprules;
	pdf_mark *marks;
	size_t nmarks, capmarks;
} pdf_page;

/* A finished page goes to a sink or a queue. */
typedef void (*page_fn)(void *ud, pdf_page *pg);

/* ---- the flow of one article before pagination (flow.c) ---- */
enum { E_LINE, E_SPACE };

typedef struct pdf_note pdf_note;

typedef struct pdf_elem {
	uint8_t kind;
	uint8_t keep;		/* no page break between this and the next */
	uint16_t gen;		/* arena generation its line lives in */
	float h;		/* advance: line height or space */
	float asc;		/* baseline below the top of the line box */
	float x;		/* left offset inside the text block */
	pdf_line *line;
	dossier_node *node;	/* block starting here (the page map) */
	pdf_mark *mark;		/* destination/outline starting here */
	pdf_note *notes;	/* url-notes referenced from this line */
} pdf_elem;

/* A URL note: its lines, set in the note style. */
struct pdf_note {
	pdf_note *next;
	pdf_line **lines;
	size_t nlines;
	float lh;		/* line height */
	float h;		/* total height */
};

typedef struct pdf_flow {
	pdf_elem *e;
	size_t n, cap;
} pdf_flow;

/* ---- the render: shared by all threads, read-only once set up ---- */
typedef struct pdf_ctx {
	dossier_doc *doc;
	style_props st[R__MAX];
	/* geometry of the trimmed page and the text block */
	double pw, ph;
	double top, bottom, inner, outer;	/* margins */
	double bleed, mark;	/* bleed, and room for crop marks, pt */
	int duplex, url_notes;
	/* faces: appended under the lock by any worker */
	pthread_mutex_t lock;
	pdf_face *faces;
	size_t nfaces, capfaces;
	/* the book */
	size_t narticles;
	dossier_node **articles;
	unsigned *art_pages;	/* pass 1: pages of each article */
	unsigned *art_start;	/* physical first page of each article */
	unsigned front;		/* pages of front matter */
	/* The page map being made (pass 1 notes where each block starts),
	 * or NULL. */
	struct dossier_pagemap *map;
	const char *title;	/* dossier title */
	const book_words *w;	/* the words we set, in the book's language */
	char *running_title;	/* same, for the running head */
} pdf_ctx;

/* ---- shaping (shape.c) ---- */
typedef struct para para;
/* A font at a size, as one thread sees it. */
typedef struct pdf_font {
	PangoFont *pf;
	hb_font_t *hb;		/* scaled to font units: we do the maths */
	int face;		/* in pdf_ctx.faces */
	float size, scale;	/* pt, pt per font unit */
	float ls;		/* letter-spacing, pt */
	float space, hyphen;	/* advances */
	uint32_t space_gid, hyphen_gid;
	float ascent, descent;
} pdf_font;

typedef struct wglyph {
	uint32_t gid, cluster;	/* cluster: byte offset in the word */
	float adv, dx, dy;
} wglyph;

enum { BRK_PLAIN, BRK_EXPLICIT /* after - or / */, BRK_HYPHEN, BRK_URL };

/* A word shaped once and kept: most words recur. */
typedef struct word {
	struct word *next;
	uint32_t hash, len;
	const pdf_font *font;
	const void *lang;	/* interned PangoLanguage, for breaks */
	uint8_t rtl, hyph;
	uint8_t url;		/* breaks as a URL's (see build_items) */
	char *text;
	wglyph *g;
	uint32_t ng, nbrk;
	float width;
	uint32_t *brk;		/* byte offsets where a line may break */
	uint8_t *brk_kind;
	float *brk_w;		/* width of the word up to each break */
} word;

typedef struct shaper {
	pdf_ctx *ctx;
	PangoFontMap *fm;
	PangoContext *pc;
	pdf_font **fonts;
	size_t nfonts, capfonts;
	word **tab;
	size_t tabcap, nwords;
	arena wmem;		/* words; dropped when it grows too big */
	size_t wbytes;
	hb_buffer_t *hb;
	struct hyph *hy;
	int count_only;		/* pass 1: lines are counted, not built */
	/* scratch, reused from paragraph to paragraph */
	void *scratch[8];
	size_t scratch_cap[8];
	size_t *breaks;		/* line breaks of the current paragraph */
	size_t breakcap;
	struct para *para_cache;	/* paragraph buffers, kept */
	const char *lang_str;	/* the last language asked for */
	const char *reply_arrow;	/* "\u21b3 " if a font has it */
	PangoLanguage *lang;
} shaper;

/* A per-thread shaper: its own Pango font map (one per thread). */
shaper *shaper_new(pdf_ctx *ctx, dossier_error *err);
void shaper_free(shaper *sh);
/* The shaper's record of a Pango font at a letter-spacing. */
pdf_font *shaper_font(shaper *sh, PangoFont *pf, float size, float ls);
/* The primary font for a style (family, size, weight, slant). */
PangoFont *shaper_load(shaper *sh, const style_props *st, int bold,
    int italic, float size);
/* Drop the word cache if it grew too big: only between paragraphs, as
 * a paragraph being set points into it. */
void shaper_trim(shaper *sh);
/* Shape (or find) a word: no spaces inside. */
const word *shape_word(shaper *sh, const pdf_font *f, const char *s,
    size_t n, int rtl, const char *lang, int hyphenate);
/* Does any font for the style (with fallback) have c? */
int shaper_covers(shaper *sh, const style_props *st, gunichar c);
/* The interned language of a tag (cached: Pango's lookup locks). */
PangoLanguage *shaper_lang(shaper *sh, const char *lang);
/* Grow scratch slot k to hold n bytes. */
void *scratch(shaper *sh, int k, size_t n);

/* ---- paragraphs (para.c, linebreak.c) ---- */
/* One styled range of a paragraph's text. */
typedef struct pdf_span {
	uint32_t start, end;	/* bytes */
	const style_props *st;
	int bold, italic;	/* after inline emphasis */
	float rise;		/* superscript note markers */
	const char *link;
	const char *dest;
} pdf_span;

struct para {
	buf text;
	pdf_span *spans;
	size_t nspans, capspans;
	const char *lang;
	const style_props *st;	/* the block's style */
	double width;		/* measure, pt */
	double indent;		/* first line */
	int hyphenate;
	int align;		/* STYLE_* */
	int bold, italic;	/* the block's own weight and slant */
	int pre;		/* preformatted: spaces kept, each a fixed
				 * width (para_add), a line end a break */
	/* url-notes: byte offsets of note markers (in order), their URLs */
	uint32_t *note_at;
	const char **note_url;
	int *note_num;
	size_t nnotes, capnotes;
};

void para_init(para *p, const style_props *st, const char *lang,
    double width);
void para_free(para *p);
/* Append text in a style (st NULL: the block's), with inline emphasis. */
void para_add(para *p, const char *s, size_t n, const style_props *st,
    int bold, int italic, const char *link);
/* Append a note marker (superscript number). */
void para_add_marker(para *p, int num, const char *url);

/* The lines of a laid-out paragraph, allocated in mem; line[i] is NULL
 * when the shaper only counts. */
typedef struct para_lines {
	pdf_line **line;
	uint32_t *start;	/* first byte of each line */
	size_t n;
} para_lines;

/* Shape, hyphenate, break and set p into lines (in mem). */
void para_layout(shaper *sh, para *p, arena *mem, para_lines *out);

/* A paragraph longer than this is laid out in slices of about this
 * many bytes, cut at a space (or, in a word without one, between two
 * characters), so that its working memory (items, breaks, lines) stays
 * small and its pages can go before the rest is set. */
#define PARA_SLICE 32768
/* Where the slice of p that starts at from ends (p->text.len at most). */
size_t para_slice_end(const para *p, size_t from);
/* The bytes [from, to) of src as a paragraph of its own in dst: its
 * spans and url-note markers, its links and notes' addresses copied into
 * mem (the arena its lines go to: an earlier one may be gone by the time
 * a later slice is set). */
void para_slice(para *dst, const para *src, size_t from, size_t to,
    arena *mem);

/* Knuth-Plass over boxes, glue and penalties (linebreak.c). */
enum { KP_BOX, KP_GLUE, KP_PENALTY };
typedef struct kp_item {
	uint8_t type;
	uint8_t flagged;
	float w, stretch, shrink;
	float penalty;
} kp_item;
#define KP_INF 10000.0f
/* Break points (indices of the items broken at, the last being n-1) into
 * *breaks; returns their count. rag: stretch added to every line (ragged
 * setting). */
size_t kp_break(const kp_item *it, size_t n, double width, double rag,
    size_t **breaks, size_t *cap);
/* The same, with the tolerance of the first try only (0 when it finds
 * nothing: the caller may loosen the items and try kp_break). */
size_t kp_break_tight(const kp_item *it, size_t n, double width, double rag,
    size_t **breaks, size_t *cap);

/* ---- hyphenation (hyph.c) ---- */
typedef struct hyph hyph;
struct hyph;
hyph *hyph_new(void);
void hyph_free(hyph *h);
/* Hyphenation points of a word (byte offsets where a hyphen may go, in
 * increasing order) into pts (room for len entries); returns their count. */
size_t hyph_word(hyph *h, const char *lang, const char *w, size_t len,
    uint32_t *pts);
/* A libhyphen dictionary file read as hnj_hyphen_load reads it, fast
 * (hyphload.c); NULL if it cannot be opened. Free with hnj_hyphen_free. */
struct _HyphenDict *hyph_load_file(const char *path);

/* ---- flow, pages, book (flow.c, paginate.c, furniture.c) ---- */
/* Lay out article i and cut it into pages from page first; each finished
 * page goes to emit (NULL: only count). Pages are cut while the article
 * is laid out, a few pages behind, so that a very long article (a thread
 * of 100,000 comments) is never held whole; with rotate, the memory of
 * pages already emitted is freed (emit must have drawn them). Returns
 * the article's page count. */
unsigned flow_article(shaper *sh, pdf_ctx *ctx, size_t i, arena *mem,
    unsigned first, page_fn emit, void *ud, int rotate);
void flow_push(pdf_flow *f, pdf_elem e);
void flow_free(pdf_flow *f);

/* The text block of physical page n. */
void page_frame(const pdf_ctx *ctx, unsigned n, double *x, double *y,
    double *w, double *h);
/* Cut a flow into pages numbered from page; art_first is the article's
 * first page (no running head there). Calls emit for each finished page
 * (not when counting). With stop, the last page, which the flow may not
 * yet fill, is left: *stop is the element it would start with. Returns
 * the pages cut. */
unsigned paginate(shaper *sh, pdf_ctx *ctx, size_t art, pdf_flow *flow,
    unsigned art_first, unsigned page, arena *mem, page_fn emit, void *ud,
    size_t *stop);

/* Roman (lower case) or arabic label of physical page n, in mem. */
const char *page_label(const pdf_ctx *ctx, unsigned n, char *buf,
    size_t cap);
/* Running head and folio on a body page. */
void book_furniture(shaper *sh, pdf_ctx *ctx, pdf_page *pg, size_t art,
    arena *mem, int opening);
/* Front matter: title page, contents. count_only: just the page count. */
unsigned book_front(shaper *sh, pdf_ctx *ctx, arena *mem, page_fn emit,
    void *ud);

void page_add_line(pdf_page *pg, pdf_line *l);
/* Free a page's arrays once it is drawn. */
void page_clear(pdf_page *pg);

/* ---- the book's two passes (passes.c) ---- */
/* The render of doc: its styles, paper and margins, its articles; 0, or
 * -1 and err (the stylesheet). layout_teardown frees it either way. */
int layout_setup(pdf_ctx *ctx, dossier_doc *doc, dossier_error *err);
void layout_teardown(pdf_ctx *ctx);
/* Layout workers with their shapers (none for a small book or
 * --threads 1): articles are laid out by them, in turn. */
typedef struct layout_pool layout_pool;
layout_pool *layout_pool_new(pdf_ctx *ctx, dossier_error *err);
void layout_pool_free(layout_pool *pl);
/* The first pass: ctx's front matter and every article's pages from the
 * book's page map, counted now (and kept in the book) unless an earlier
 * pass made it. */
void layout_pages(pdf_ctx *ctx, shaper *sh, layout_pool *pl);
/* The second pass: every page of the book, in order, to emit (which
 * must be done with a page when it returns: page_clear). */
void layout_draw(pdf_ctx *ctx, shaper *sh, layout_pool *pl, page_fn emit,
    void *ud);
/* Physical pages of the book, once layout_pages has run. */
unsigned layout_total_pages(const pdf_ctx *ctx);
/* The first pass alone, set up and torn down: the book's page map (what
 * src/book/paginate.c asks for), NULL and err when it cannot be made. */
struct dossier_pagemap *layout_pagemap(dossier_doc *doc, dossier_error *err);

/* ---- the project's fonts, through a private fontconfig (fontmap.c) ---- */
/* A new PangoCairo font map that sees only fonts_dir(), or with body set
 * only its Noto Serif and Noto Sans faces (for text they cover: loading
 * fonts is then much cheaper): one per thread (a font map shared between
 * threads is not safe). NULL and err set when the fonts are missing (run
 * `make fonts`). Free with g_object_unref. */
PangoFontMap *fonts_fontmap_new(dossier_doc *doc, int body,
    dossier_error *err);
/* Glyph gid of face f (FT_Face, a strike selected) as a Cairo image of
 * its colour bitmap (an emoji), with its bearings in left and top; NULL
 * when it has none. Both writers draw emoji from it. */
cairo_surface_t *fonts_colour_glyph(void *f, uint32_t gid, int *left,
    int *top);

#endif
