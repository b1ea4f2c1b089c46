/* html.h: what the HTML reader's files share (src/read/html*.c).
 *
 * A page is parsed by libxml2 into a DOM (html.c), walked once without
 * recursion into blocks that carry the DOM's evidence (htmlwalk.c), the
 * blocks are classified as article or furniture (htmlclassify.c, then
 * the shared block classifier with the DOM's features: htmlmodel.c), the
 * metadata comes from JSON-LD, Open Graph and the head (htmlmeta.c,
 * htmljson.c), and the comment threads from the comment section's
 * markup (htmlcomments.c). */
#ifndef DOSSIER_HTML_H
#define DOSSIER_HTML_H

#include "read.h"

#include <libxml/HTMLparser.h>

/* Deeper than this the walk does not descend (libxml2 itself stops at
 * 256 without XML_PARSE_HUGE, which we never pass). */
enum { HTML_MAX_DEPTH = 300 };
/* The head's titles the headings are compared with (html_ctx). */
enum { HEAD_TITLES = 5 };

/* Evidence a class or id token gives about an element's content. */
enum {
	HT_BOILER = 1 << 0,	/* nav, menu, footer, share, related... */
	HT_CONTENT = 1 << 1,	/* article, content, entry, post, story, body */
	HT_COMMENTS = 1 << 2,	/* a comment section: comments, discussion */
	HT_COMMENT = 1 << 3,	/* one comment or reply */
	HT_META = 1 << 4,	/* byline, date, author, tags line */
	HT_AUTHOR = 1 << 5,	/* a name: author, user, nick */
	HT_DATE = 1 << 6,	/* date, time, timestamp */
	HT_CHROME = 1 << 7,	/* per-comment actions: reply, vote, report */
	HT_CAPTION = 1 << 8,	/* caption, credit */
	HT_HIDDEN = 1 << 9,	/* hidden, aria-hidden, display:none */
	HT_BODY = 1 << 10	/* the article's text itself: articleBody,
				 * article-body, entry-content, post-text */
};

/* Kinds of block the walk yields (the tree's block types, and rows). */
typedef enum {
	HB_PARAGRAPH,
	HB_HEADING,
	HB_QUOTE,
	HB_ITEM,	/* a list item: grouped into lists on output */
	HB_CAPTION,
	HB_PRE,
	HB_ROW		/* a table row as text */
} hblock_kind;

/* One block of the page with its features: what a classifier (this
 * reader's, or the text reader's engine later) decides from. */
typedef struct hblock {
	hblock_kind kind;
	int level;		/* headings */
	int ordered;		/* items: of an <ol> */
	const xmlNode *list;	/* items: their list element */
	dossier_node *node;	/* the block, detached, with its inlines */
	const xmlNode *elem;	/* the element whose text it is */
	unsigned line;
	unsigned depth;
	size_t chars, link_chars, words, punct;	/* of the text */
	unsigned flags;		/* HT_* of the element and its ancestors */
	unsigned own_flags;	/* HT_* of the innermost 4 ancestors */
	int in_article, in_main;	/* under <article>/<main>/role=main */
	int in_comments;
	int ends_sentence;
	int mark;		/* innermost ancestor with HT_NEGATIVE flags, or
				 * -1 (html_ctx.marks) */
	double score;		/* classifier: > 0 is article */
	int keep;
} hblock;

typedef struct hblocks {
	hblock *v;
	size_t n, cap;
} hblocks;

/* An element and the blocks it holds, [b0, b1) in the block list. */
typedef struct hspan {
	const xmlNode *elem;
	size_t b0, b1;
	unsigned flags;
	unsigned depth;
} hspan;

/* What makes a block furniture when an ancestor says it. */
#define HT_NEGATIVE (HT_BOILER | HT_COMMENTS | HT_COMMENT | HT_META | \
	HT_AUTHOR | HT_DATE | HT_CHROME)

/* An element whose class, id, role or tag marks it as furniture: a
 * wrapper of the whole page may say "sidebar" ("two-columns-sidebar")
 * too, so whether it is furniture is decided once its text is known. */
typedef struct hmark {
	const xmlNode *elem;
	int parent;		/* the enclosing mark, or -1 */
	unsigned own;		/* its HT_NEGATIVE flags */
	size_t b0, b1;		/* its blocks */
	unsigned eff;		/* its flags and its ancestors', wrappers
				 * left out (htmlclassify.c) */
} hmark;

typedef struct html_ctx {
	dossier_doc *doc;
	const char *name;
	htmlDocPtr dom;
	const char *base;	/* the page's address, for relative links */
	hblocks blocks;		/* the body's blocks */
	hspan *spans;
	size_t nspans, capspans;
	hmark *marks;
	size_t nmarks, capmarks;
	const hspan *container;	/* the article's element (htmlclassify.c),
				 * or a run of its children (in run) */
	hspan run;
	const char *site;	/* the publication's name, if the page says */
	const char *meta_title;	/* the title the head gives */
	const char *head_titles[HEAD_TITLES];	/* JSON-LD's, Open Graph's,
				 * <title>, Twitter's, <meta name=title>, as
				 * given (NULL when absent) */
	const char *host;	/* the site's name in its address, or NULL */
	const char *model_title;	/* the headline the learned model
				 * picks among the blocks (htmlmodel.c) */
	const char *agree_key[HEAD_TITLES * 9];	/* the head's titles and
				 * their parts, as keys (htmlmeta.c) */
	double agree_val[HEAD_TITLES * 9];
	size_t nagree;
	int agree_ready;
	unsigned nwarn;
	buf scratch;
} html_ctx;

/* Lower-cased ASCII tag name of an element ("" for others). */
const char *html_tag(const xmlNode *n);
/* Attribute value (libxml2's, freed by the caller with xmlFree). */
char *html_attr(const xmlNode *n, const char *name);
/* HT_* evidence of an element's own tag, class, id, role and style. */
unsigned html_element_flags(const xmlNode *n);
/* Is it an element HTML defines as empty (embed, input, img...)?
 * libxml2's HTML 4 parser gives some of them the content that follows
 * them as children: that is the page's, to be read. */
int html_void(const xmlNode *n);
/* Is this element never content (script, style, form, iframe...)? */
int html_never_content(const xmlNode *n);
/* Does the element part the words of the text around it (a block, a
 * cell, <br>)? */
int html_breaks_words(const xmlNode *n);
/* The plain text of a block with its line breaks (<br>, a <pre>'s lines)
 * as single spaces: what the classifiers and the title read, as they did
 * before the tree kept line breaks. In the arena. */
const char *html_plain(dossier_doc *doc, const dossier_node *n);
/* Plain text of an element, white space collapsed, in the arena; at most
 * max bytes. */
const char *html_text(html_ctx *h, const xmlNode *n, size_t max);
/* An href made absolute against the page's address, if it is http, https
 * or mailto; else NULL. In the arena. */
/* An attribute's or JSON string's text cleaned the same way, or NULL if
 * it is empty. In the arena. */
const char *html_clean(html_ctx *h, const char *s);
const char *html_link(html_ctx *h, const char *href);
void html_warn(html_ctx *h, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Walk the subtree of root into blocks (htmlwalk.c). spans, if not NULL,
 * receives every element holding blocks. */
void html_walk(html_ctx *h, const xmlNode *root, hblocks *out, int spans);

/* Decide which blocks are the article, and append them (htmlclassify.c). */
void html_classify(html_ctx *h);
/* Decide the blocks again with the learned model (htmlmodel.c), the
 * container c and the hand rules' decisions among the features; 0 if the
 * model has no weights for HTML (the hand rules' decisions stand). */
int html_model(html_ctx *h, const hspan *c);
void html_emit_blocks(html_ctx *h, dossier_node *parent, hblock *b,
    size_t n);

/* Metadata of the page into the article node (htmlmeta.c); once the
 * body is classified, the title is settled with the page's headline. */
void html_meta(html_ctx *h, dossier_node *article);
void html_title(html_ctx *h, dossier_node *article);
/* Do the head's titles give t's wording: 1 whole, 0.5 as a part between
 * separators (the rest a site's name), 0 not (htmlmeta.c)? */
double html_head_agrees(html_ctx *h, const char *t);

/* Comment threads: appends a thread to the article if the page holds
 * comments (htmlcomments.c). Returns the comments found. */
size_t html_comments(html_ctx *h, dossier_node *article);

/* ---- a small bounded JSON reader, for JSON-LD (htmljson.c) ---- */
typedef enum { JS_NULL, JS_BOOL, JS_NUM, JS_STR, JS_ARR, JS_OBJ } js_type;
typedef struct js_val js_val;
struct js_val {
	js_type type;
	const char *str;	/* JS_STR: the value; JS_OBJ members: key */
	js_val *first, *next;	/* children (array items, object members) */
	js_val *value;		/* an object member's value */
};
/* Parse s into values in the arena; NULL if it is not JSON. Nesting past
 * 64 levels or more than 100,000 values is refused. */
js_val *js_parse(arena *a, const char *s, size_t n);
js_val *js_get(const js_val *obj, const char *key);
/* A string value, or the "name" of an object, or the first of an array's. */
const char *js_string(const js_val *v);

#endif
