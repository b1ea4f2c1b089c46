/* read.h: what the readers share inside src/read/. */
#ifndef DOSSIER_READ_H
#define DOSSIER_READ_H

#include "../tree/tree.h"

typedef struct decode_stats {
	size_t invalid, controls, nuls;
	size_t legacy_lines;	/* read as Windows-1252 */
	unsigned lines;
} decode_stats;

typedef struct decode_state {
	dossier_doc *doc;
	const char *name;
	unsigned nwarn, last_warn_line;
	const char *last_warn_what;
} decode_state;

/* Clean raw bytes into UTF-8 text in out (NUL-terminated). */
void decode_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, buf *out, decode_stats *stats);

/* ---- the text reader's view of a file: one entry per line ---- */

#include "patterns.h"

typedef enum {
	L_BLANK,
	L_TEXT,
	L_CHROME,	/* site furniture: removed */
	L_SLUG,		/* image file name: removed */
	L_CSTART,	/* opens the comment section */
	L_CEND,		/* the rest of the file is footer */
	L_HEADER,	/* opens one comment */
	L_BOILER	/* boilerplate by the block classifier: removed */
} line_kind;

typedef struct rline {
	const char *s;		/* cleaned text, NUL-terminated */
	size_t len;
	unsigned no;		/* 1-based line number in the file */
	unsigned indent;	/* leading columns (a tab counts 4) */
	line_kind kind;
	/* comment headers */
	const char *author, *date, *title, *num, *parent;
	/* a comment signed under its text (comments.c): 1 on its first
	 * line, 2 on its sign-off */
	unsigned char sign;
} rline;

typedef struct text_ctx {
	dossier_doc *doc;
	const char *name;
	patterns *pat;	/* compiled as they are first used */
	rline *lines;
	size_t n;
	dossier_node *article;
	buf scratch;
	unsigned char *boiler;	/* per line: the classifier dropped it */
} text_ctx;

/* The white space and quote vocabulary the reader shares. */
int text_ends_sentence(const char *s, size_t n);
int text_is_open_quote(const char *s, size_t n, size_t *qlen);
int text_is_close_quote_at_end(const char *s, size_t n);
/* Words: runs between spaces, and in Chinese and Japanese
 * (utf8_unspaced: Han and kana) about two characters a word. */
size_t text_words(const char *s, size_t n);
int text_starts_lower(const char *s, size_t n);
/* n without trailing closing quotes and brackets. */
size_t text_strip_closers(const char *s, size_t n);

/* A paragraph whose hard-wrapped lines are joined one at a time: the
 * lines gather in b, and the paragraph is copied into the document once,
 * at its end (a copy per line joined was quadratic). */
typedef struct joiner {
	buf b;
	int on;		/* b holds the paragraph being joined */
} joiner;

/* Join line l (ln bytes) to the paragraph *s (*n bytes), with a space;
 * *s then points into j until joiner_end. */
void joiner_add(joiner *j, const char **s, size_t *n, const char *l,
    size_t ln);
/* The joined paragraph into a, for good: *s and *n say where; nothing
 * when no line was joined since the last call. */
void joiner_end(joiner *j, arena *a, const char **s, size_t *n);

/* Append inline nodes for s to parent: text and links (inline.c). s is
 * owned by the document, and NUL-terminated at n or beyond. */
void inline_parse(text_ctx *t, dossier_node *parent, const char *s,
    size_t n, unsigned line);
/* A BCP 47 tag for the dominant script of s when it is not Latin, or NULL
 * (lang.c). */
const char *lang_guess(const char *s, size_t n);
/* The language of article a's body (its own text, not the page's), or
 * NULL, with its count of stopwords in *best_hits; *declared_hits is the
 * count of the language tag declared (NULL: none), plus one, or 0 when
 * the lists do not know that language. */
const char *lang_of_body(const dossier_node *a, const char *declared,
    unsigned *best_hits, unsigned *declared_hits);
/* Is tag (as a page gives it: "de-AT", "de_at") the language lang? */
int lang_tag_is(const char *tag, const char *lang);

/* The page's blocks classified (page.c): lines that are not the
 * article's become L_BOILER up to the comment section. */
typedef struct page_result {
	long title;		/* line index of the headline, or -1 */
	size_t first;		/* line index of the article's first block */
	size_t first_any;	/* of the first block kept, stretch or not */
	int title_was_body;	/* the classifier had kept the headline as text */
	const char *lang;	/* the page's language by its stopwords, or NULL */
	size_t paragraphs;	/* blocks of text kept of 13 words or more */
} page_result;
void page_classify(text_ctx *t, size_t to, page_result *r);
/* Mark the classifier's boilerplate in lines [from, to) as L_BOILER. */
void page_apply(text_ctx *t, size_t from, size_t to);

/* The byline (and date) when the head gave none: searched from line
 * `from` (after the headline) over the article's first lines, never past
 * `to` or the comment section; marks the lines it takes as boilerplate
 * (byline.c). */
void byline_find(text_ctx *t, size_t from, size_t to);
/* Runs of short lines with no sentence shape between line `from` (the
 * body's start) and the article's first long paragraph are chrome:
 * marked as boilerplate (byline.c). */
void lead_chrome(text_ctx *t, size_t from, size_t to);

/* Body blocks from lines [from, to) (body.c). */
void body_parse(text_ctx *t, size_t from, size_t to);
/* Comments from lines [from, to) (comments.c). */
void comments_parse(text_ctx *t, size_t from, size_t to);
/* The comment section among lines [from, t->n): [*start, *end), *start =
 * *end = t->n if none; the lines after *end are footer. Marks the headers
 * it finds by their structure (comments.c). */
void comments_locate(text_ctx *t, size_t from, size_t *start, size_t *end);

/* ---- YAML front matter (frontmatter.c) ---- */
typedef void (*frontmatter_fn)(void *ctx, const char *key, const char *value,
    size_t len, unsigned line);
/* Call fn for each key: value of the top-level mapping in s. line0 is the
 * file line of s's first line, for messages. -1 on invalid YAML (warned). */
int frontmatter_parse(dossier_doc *doc, const char *name, unsigned line0,
    const char *s, size_t n, frontmatter_fn fn, void *ctx);
const char *frontmatter_value(dossier_doc *doc, const char *name,
    unsigned line, const char *v, size_t n);

#endif
