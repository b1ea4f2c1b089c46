/*
 * tree.h: the document tree's interface for the other folders of the
 * library (readers, book, layout, writers, plugin): nodes and documents
 * (doc.c, iter.c), memory (alloc.c, arena.c, buf.c), text (utf8.c,
 * escape.c, cpset.c), errors (error.c) and atomic output files
 * (output.c), beside the public dossier.h. Not installed.
 */
#ifndef DOSSIER_TREE_H
#define DOSSIER_TREE_H

#include "../dossier.h"

#include <stdarg.h>
#include <stdint.h>

/* ---- memory: abort on exhaustion (alloc.c) ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- arena: the document owns its nodes and strings (arena.c) ---- */
typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;
	size_t used, cap;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);	/* zeroed, 8-byte aligned */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);	/* NULL stays NULL */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- growable byte buffer (buf.c) ---- */
typedef struct buf {
	char *data;
	size_t len, cap;
} buf;

void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(buf *b);
/* NUL-terminate without counting the NUL; returns data. */
const char *buf_cstr(buf *b);

/* ---- the document (doc.c) ---- */
struct dossier_doc {
	arena mem;
	dossier_options opts;
	dossier_node *root;
	unsigned warnings;
	unsigned articles, comments;	/* counted by dossier_doc_finish */
	int single_file;		/* read from exactly one file path */
	unsigned inputs;		/* paths read */
	unsigned files_read;		/* files, for the progress callback */
	unsigned pages;			/* of the last PDF rendered */
	struct book *book;		/* what the writers read (src/book/),
					 * made on first need */
	void (*book_free)(struct book *);	/* the book's own */
	char *data_dir;			/* resolved folder of styles/, fonts/ */
	char *fonts_dir;		/* in mem: data_dir/fonts */
	struct patterns *patterns;	/* the text reader's, compiled once */
	char *cache_dir;		/* resolved by cache.c; "" when off */
	char *yaml_dir;			/* the folder whose dossier.yaml was
					 * read last */
	long long date;			/* doc_date(), set by dossier_doc_finish */
};

dossier_node *node_new(dossier_doc *doc, dossier_node_type type,
    const char *file, unsigned line);
void node_append(dossier_node *parent, dossier_node *child);
void node_unlink(dossier_node *n);
/* A text node holding a copy of s[0..n). */
dossier_node *node_text(dossier_doc *doc, const char *s, size_t n,
    const char *file, unsigned line);
/* A text node sharing s, which the document owns and which ends in a NUL
 * at s[n]: no copy. */
dossier_node *node_text_owned(dossier_doc *doc, const char *s, size_t n,
    const char *file, unsigned line);
/* The comments in a thread (or under a comment), replies included. */
size_t node_count_comments(dossier_node *thread);
/* Plain text of a subtree in the document's arena (for titles etc.). */
const char *node_plain(dossier_doc *doc, const dossier_node *n);

/* The folder holding styles/ and fonts/ (options, $DOSSIER_DATA_DIR, the
 * installation's, install_data_dir()); set when the document is made, so
 * that a module's copy of this code never looks for it. */
const char *doc_data_dir(dossier_doc *doc);
/* The folder of font files (data_dir/fonts). */
const char *fonts_dir(dossier_doc *doc);
/* The date written into every output, in seconds since the epoch:
 * $SOURCE_DATE_EPOCH, else the newest of the input files, so that the
 * same input gives the same bytes; never before DOC_DATE_MIN (zip dates
 * begin in 1980). */
#define DOC_DATE_MIN 315619200LL	/* 1980-01-02 */
long long doc_date(dossier_doc *doc);

/* ---- UTF-8 (utf8.c) ---- */
/* Decode one code point at s (n bytes left); sets *len to the bytes used.
 * Returns -1 for an invalid sequence (then *len is 1). */
int32_t utf8_decode(const unsigned char *s, size_t n, int *len);
int utf8_encode(uint32_t cp, char out[4]);
/* A letter of a script written without spaces between words, about two
 * of them a word: Han and kana (Korean spaces its words). */
int utf8_unspaced(uint32_t cp);
/* Does s (n bytes) end with a full stop of those scripts: 。！？ */
int utf8_ends_wide_stop(const char *s, size_t n);
/* Is cp allowed in XML 1.0 (and not a C0/C1 control other than tab/LF)? */
int utf8_xml_ok(uint32_t cp);
/* U+FDD0-FDEF, U+xFFFE, U+xFFFF: valid UTF-8 that Cairo refuses. */
int utf8_noncharacter(uint32_t cp);
/* s itself when every writer can take it, else a copy in a with U+FFFD
 * for invalid UTF-8, forbidden controls and noncharacters (*repaired). */
const char *utf8_clean(arena *a, const char *s, int *repaired);

/* ---- sets of code points (cpset.c) ---- */
#define CPSET_LIMIT 0x110000u
#define CPSET_PAGES (CPSET_LIMIT / 4096)
#define CPSET_NONE UINT32_MAX
typedef struct cpset {
	uint64_t *page[CPSET_PAGES];	/* NULL: no code point of the page */
} cpset;	/* zeroed: empty */

void cpset_add(cpset *s, uint32_t cp);
void cpset_add_range(cpset *s, uint32_t lo, uint32_t hi);
int cpset_has(const cpset *s, uint32_t cp);
void cpset_intersect(cpset *s, const cpset *other);
void cpset_copy(cpset *dst, const cpset *src);
int cpset_is_empty(const cpset *s);
/* The next run of code points after *hi: start with *hi = CPSET_NONE.
 * Returns 0 after the last. */
int cpset_next_range(const cpset *s, uint32_t *lo, uint32_t *hi);
void cpset_free(cpset *s);
/* As pairs of 32-bit first and last code points, in this machine's byte
 * order (for the cache); load fails on anything else. */
void cpset_save(const cpset *s, buf *out);
int cpset_load(cpset *s, const char *data, size_t len);

/* ---- escaping for XML, JSON and PDF strings (escape.c) ---- */
void escape_json(buf *b, const char *s, size_t n);	/* with quotes */
/* Does a web address start at s (n bytes)? The length of its start,
 * "http://" or "https://", and with these kinds "mailto:" and "www.",
 * in any case; 0 if none (what follows is the caller's to judge). The
 * one test of the readers (links, bare-URL lines) and the PDF (live
 * links, where a URL may break). */
enum { URL_MAILTO = 1, URL_WWW = 2 };
size_t url_start(const char *s, size_t n, int kinds);
/* Is url a scheme we let through (http, https, mailto)? */
int url_allowed(const char *url);
/* A link's address as the PDF may carry it: url (a scheme url_allowed()
 * lets through, else -1 and nothing written) with every character but
 * the URL-safe ones percent-encoded (its UTF-8 bytes; ' ( ) \ too).
 * Longer than URL_MAX once encoded, it is no link either (-1): the PDF
 * copies an address into every page it is set on, and browsers and
 * servers refuse such addresses anyway (RFC 9110 asks for 8000 octets). */
#define URL_MAX 8000
int url_encode(buf *b, const char *url);
/* Is s non-empty and made of URL-safe characters only (url_encode's)? */
int url_safe(const char *s);
/* A text string for the PDF writer's metadata, outline and page labels:
 * what Cairo would refuse replaced (see escape.c). */
void escape_pdf_text(buf *b, const char *s);
/* What an article's source line shows, in the EPUB and the PDF alike
 * (doc.c): *site, the text, and *url, the address it links to (one that
 * url_allowed() lets through), either may be NULL. */
void article_source(const dossier_node *a, const char **site,
    const char **url);

/* ---- output files written atomically (output.c) ---- */
struct sinkfd;
typedef struct outfile {
	FILE *fp;
	char *path, *tmp;
	int failed;	/* sticky: set on any write error, checked at close */
	int slot;	/* in the table of temporaries removed on a signal */
	int stdio;	/* "-": standard output's descriptor, not a file */
	struct sinkfd *sink;	/* the descriptor and its first errno */
} outfile;

/* Open an unguessable temporary file beside path ("-" is standard
 * output); fp writes through its descriptor. */
int outfile_open(outfile *o, const char *path, dossier_error *err);
/* Flush, check the sticky error, rename into place; on failure remove the
 * temporary file. Messages name path and say why (strerror). */
int outfile_commit(outfile *o, dossier_error *err);
void outfile_abort(outfile *o);
/* Write n bytes at off over what was already written (a header patched
 * once the data after it is out): what went through fp is flushed
 * first. -1 for standard output, which cannot seek; a write error is
 * kept, as fp's are. */
int outfile_pwrite(outfile *o, const void *p, size_t n, long long off);
/* A scratch file of the writer's own, gone once closed (tmpfile): NULL
 * when none can be made. A file size limit makes its writes fail (SIGXFSZ
 * ignored, as for outputs) rather than end the process. */
FILE *output_spool(void);
/* Create ".BASE.XXXXXX" beside path with O_EXCL|O_NOFOLLOW, listed for
 * removal on SIGINT/SIGTERM/SIGHUP/SIGPIPE: the descriptor, or -1 with
 * errno. *tmp (malloc) is its name; output_temp_release(*slot) once it is
 * renamed or unlinked. */
int output_temp_create(const char *path, char **tmp, int *slot);
void output_temp_release(int slot);
int output_rename(const char *tmp, const char *path, dossier_error *err);

/* Free what the text reader compiled for a document (src/read/). */
void reader_patterns_free(struct patterns *p);

/* Tell the caller's progress callback, if any (dossier_options). */
void doc_progress(dossier_doc *doc, const char *stage, unsigned done,
    unsigned total);

#endif
