/* blocks.h: the block classifier every reader shares: a page cut into
 * blocks (a line of text, a paragraph, an element), each with numeric
 * features, becomes a list of kinds (article text or boilerplate) and the
 * page's headline. The weights are data (src/read/data/model.txt, made by
 * tests/tools/train-reader.py); a reader fills the features it can see
 * and leaves the rest 0, so the HTML reader adds its own (link density,
 * tags) as further BF_ entries with weights of their own in the model. */
#ifndef DOSSIER_BLOCKS_H
#define DOSSIER_BLOCKS_H

#include <stddef.h>
#include <stdio.h>

/* Features of one block. Names (blocks.c) are the model file's keys. */
typedef enum {
	BF_BIAS,
	BF_LOGWORDS,	/* log(1 + words) */
	BF_W1, BF_W2_3, BF_W4_6, BF_W7_12, BF_W13_25, BF_W26UP, /* length bins */
	BF_STOP,	/* share of the page language's stopwords */
	BF_NOSTOP,	/* three words or more, none a stopword */
	BF_END_PERIOD,	/* ends a sentence: . ! ? … */
	BF_END_COLON,
	BF_END_ELLIPSIS,
	BF_START_LOWER,
	BF_CAPS_SHARE,	/* share of words starting upper case */
	BF_ALLCAPS,
	BF_DIGITS,	/* share of digits among the characters */
	BF_DATE,	/* holds a date or a time */
	BF_REPEATED,	/* the same text elsewhere on the page */
	BF_LINKISH,	/* an address, an e-mail, © */
	BF_SEPARATORS,	/* | • · › » / between items */
	BF_COMMAS,	/* commas per word */
	BF_WORDLEN,	/* mean word length / 10 */
	BF_PATTERN,	/* a chrome rule of sites.conf matched */
	BF_POS,		/* position in the page, 0 to 1 */
	BF_POS_FIRST,	/* in the first tenth */
	BF_POS_LAST,	/* in the last tenth */
	BF_CTX_WORDS,	/* mean log words of the four neighbours */
	BF_CTX_SHORT,	/* share of short blocks among six neighbours */
	BF_CTX_STOP,	/* mean stopword share of the four neighbours */
	BF_CTX_END,	/* share of the four neighbours ending a sentence */
	BF_LABEL_OPEN,	/* opens with a label and a colon ("Foto: ...") */
	BF_LEX,		/* mean weight of its words in the model's lexicon
			 * (the words of boilerplate and of article text,
			 * learned: "cookies", "newsletter", "Foto") */
	BF_LEX_LOW,	/* the lowest of them: one word of a cookie box */
	BF_LEX_NEG,	/* log(1 + its words of weight -1 or less): a
			 * notice in sentences ("participates in the
			 * affiliate program", "subscribe") has several,
			 * which its mean over many words hides */
	BF_CTX_LEX,	/* mean BF_LEX of the four neighbours */
	BF_RUN_SHORT,	/* log(1 + blocks of twelve words or fewer in an
			 * unbroken run with it), 0 for a longer block:
			 * menus and link lists run long, an article's
			 * list or subheading runs short */
	BF_SENTENCES,	/* log(1 + its sentences): an article's paragraph
			 * has several, a teaser's blurb one */
	BF_TEASERS,	/* log(1 + teasers among the eight blocks each
			 * side): a short line without a sentence's end
			 * over a blurb of one sentence, as lists of other
			 * articles have them, again and again */
	BF_STOP_MID,	/* BF_STOP of a block of 4 to 12 words, and of */
	BF_STOP_LONG,	/* one of 13 or more: stopwords tell more the
			 * longer the block (jusText's length by density) */
	BF_CREDIT,	/* names an image's credit after its first words
			 * ("... Foto: Name", "(Bild: Agency)"): a caption */
	BF__TEXT,	/* the text reader's features end here */
	/* The HTML reader's, from the DOM (htmlclassify.c): */
	BF_H_LINKS = BF__TEXT,	/* share of the text in links */
	BF_H_HEADING, BF_H_ITEM, BF_H_QUOTE, BF_H_CAPTION, BF_H_ROW,
			/* the block's kind (a paragraph has none) */
	BF_H_BOILER,	/* furniture words (nav, share, related...) on its
			 * elements below the article's container */
	BF_H_META,	/* byline, date or author words likewise */
	BF_H_COMMENTS,	/* in the comment section, or its chrome */
	BF_H_CONTENT,	/* content words on its nearest elements */
	BF_H_ARTICLE,	/* under <article> */
	BF_H_MAIN,	/* under <main> or role=main */
	BF_H_INSIDE,	/* inside the container the weights chose */
	BF_H_DIST,	/* log(1 + blocks to the container) outside it */
	BF_H_LEAD,	/* a standfirst just before the container */
	BF_H_RULES,	/* the hand rules keep it (a prior) */
	BF_H_DEPTH,	/* its depth below the container's, / 10 */
	BF_H_CONTENT_ANY,	/* content words on any element around it */
	BF_H_BODY_ANY,	/* an element around it names the article's text */
	BF_H_BEFORE,	/* before the container (BF_H_DIST is either side) */
	BF_H_CPOS,	/* its place in the container, 0 to 1 */
	BF_H_H1, BF_H_H2,	/* a heading of level 1, of level 2 */
	BF_H_AGREE,	/* the head's titles (JSON-LD, Open Graph, <title>)
			 * give its wording: 1 whole, 0.5 as a part */
	BF_H_ALL_LINK,	/* all its text is a link's */
	BF_H_CSIZE,	/* log(1 + the container's blocks) */
	BF__MAX		/* one past the last */
} blk_feature;

/* Features of the second pass, from the first pass's scores around. */
typedef enum {
	CF_BIAS,
	CF_SELF,	/* this block's first-pass score */
	CF_PREV, CF_NEXT,	/* the neighbours' */
	CF_WIN,		/* mean over three each side */
	CF_IN_STRETCH,	/* inside the page's best article stretch */
	CF_DIST,	/* log(1 + blocks to the stretch) outside it */
	CF_SELF_LONG,	/* score times the length bin: long text is surer */
	CF_PAGE,	/* logit of the page's mean first-pass probability:
			 * a page that is mostly article keeps more */
	CF_STRETCH_SHARE,	/* share of the page's blocks in the stretch */
	CF_PAGE_SHORT,	/* share of the page's blocks of three words or
			 * fewer: menus make a page raw */
	CF_NEAR_PREV,	/* the best first-pass score of the five blocks
			 * before, CF_NEAR_NEXT after: text around a
			 * short block of the article's */
	CF_NEAR_NEXT,
	CF_BETWEEN,	/* the lesser of the two: text on both sides */
	CF_STRETCH_SHORT,	/* a block of six words or fewer inside the
				 * stretch: a subheading, a list's item */
	CF_SEG,		/* inside a run of text that pays for its two
			 * switches (blocks_classify's path): the article
			 * may be cut by a box, a list may stand apart */
	CF_SEG_MASS,	/* that run's weight over the heaviest run's: a
			 * teaser list weighs little beside the article */
	CF_SEG_DIST,	/* log(1 + blocks to the heaviest run) outside it */
	CF_AFTER,	/* log(1 + blocks past the stretch's end), after
			 * it: what follows an article (an author's box, a
			 * notice) is not what leads to it (a dek) */
	CF_SELF_NEG,	/* the score where below 0, else 0: a block sure
			 * to be chrome (a copyright line) stays so inside
			 * the article */
	CF_SELF_IN,	/* the score inside the stretch, else 0 */
	CF__MAX
} ctx_feature;

/* Features of a headline candidate. */
typedef enum {
	TF_BIAS,
	TF_BEFORE,	/* log(1 + blocks before the article's first) */
	TF_IS_FIRST,	/* the article's first block itself */
	TF_INSIDE,	/* a later block of the article */
	TF_WORDS_OK,	/* 3 to 20 words */
	TF_LOGWORDS,
	TF_END_PERIOD,
	TF_CAPS_SHARE,
	TF_DIGITS,
	TF_DATE,
	TF_REPEATED,	/* the same text elsewhere */
	TF_SUFFIXED,	/* another block is this text and " | Site" or so */
	TF_SCORE,	/* the first-pass score */
	TF_PATTERN,
	TF_PAGE_FIRST,	/* the page's first block */
	TF_NEXT_BODY,	/* the block after it is article text */
	TF_RANK,	/* log(1 + candidates closer to the article) */
	TF_DATE_NEAR,	/* one of the three blocks after it holds a date */
	TF_PREV_BOILER,	/* the block before it is not article text */
	TF_S2,		/* its second-pass score */
	TF_W1_2,	/* one or two words: a label */
	TF_CONTAINED,	/* another block holds this text and more (a
			 * breadcrumb, "Site - Headline") */
	TF_HAS_SEP,	/* holds " | " or " - ": a page title, not a headline */
	TF_STOP,	/* its stopword share: a headline has few */
	TF_COMMAS,	/* commas per word: a lede's sentence has more */
	TF_CAPTION,	/* opens as a photo credit or caption ("Foto: ") */
	TF_BYLINE,	/* opens as a byline ("By ", "Von ") */
	TF_BYLINE_NEXT,	/* one of the two blocks after it is a byline */
	TF_END_PAREN,	/* ends in ")": a caption's credit */
	TF_TEASER,	/* opens as a link to another article ("Read also") */
	TF_ELLIPSIS,	/* cut short: a teaser */
	TF_NEAR,	/* one to three blocks before the article */
	TF_SEPARATORS,	/* items between separators: a breadcrumb */
	TF_START_LOWER,	/* a sentence's continuation or a caption */
	/* headline.c's: */
	TF_BODY_SHARE,	/* share of its words the article's first
			 * paragraphs use */
	TF_BODY_HITS,	/* log(1 + how many) */
	TF_ALT_TEXT,	/* the next block opens with its text: an image's
			 * alt text above its caption */
	TF_ALT_CAPTION,	/* it opens with the block before's: the caption */
	TF_CREDIT,	/* holds an image's credit ("Foto: ", "©") */
	TF_HOLDS_NEAR,	/* ends with a near block's text: a breadcrumb */
	TF_AFTER_HEAD,	/* under a shorter block shaped as a headline: a dek */
	TF_DASH_START,	/* opens as an item of a list ("- ", "• ") */
	TF_END_SEP,	/* ends in a separator or a colon ("Name /") */
	TF_DATE_BEFORE,	/* one of the two blocks before it holds a date */
	TF_TO_LONG,	/* log of the blocks to the next long one */
	TF_ECHO_NEAR,	/* the same text stands near it */
	TF_ECHO_MANY,	/* three times or more: a menu's item */
	TF_CRUMB_TAIL,	/* a near block ends with it after a separator */
	TF_W4_8, TF_W9_14,	/* length bins, 4 to 8 and 9 to 14 words */
	/* its text elsewhere on the page, case and punctuation aside
	 * (headline.c, repeat_features): a headline comes back in share
	 * text, a breadcrumb's end, a related list, a print header; a
	 * menu's item too, but short */
	TF_COPIES,	/* log(1 + blocks of the same text) */
	TF_COPY_FAR,	/* one of them more than ECHO blocks away */
	TF_COPY_LONG,	/* copies, and four words or more */
	TF_HELD,	/* a block holds it whole among other words */
	TF_HELD_LONG,	/* that, and four words or more */
	TF_STEM,	/* a block cut short ("...") opens it */
	/* where it stands to the byline (headline.c, head_order): a
	 * headline comes before it, a photo's caption often after it */
	TF_BYLINE_AFTER,	/* a byline in the BYLINE_NEAR blocks after */
	TF_BYLINE_BEFORE,	/* a byline in the BYLINE_NEAR blocks before */
	TF_CREDIT_NEXT,	/* the next block is an image's credit */
	/* beside the other candidates (headline_relative): */
	TF_HITS_BEST,	/* the most TF_BODY_HITS of them */
	TF_DEK_NEXT,	/* the next block is a longer candidate: its dek */
	TF_NEXT_SHARES,	/* share of its words the next block has */
	/* some features of the candidate before it on the page (P_) and
	 * of the one after (N_), and whether it is more than two blocks
	 * away (GAP) */
	TF_P_LOGWORDS, TF_P_BODY_HITS, TF_P_END_PERIOD, TF_P_DATE,
	TF_P_WORDS_OK, TF_P_W1_2, TF_P_CREDIT, TF_P_SCORE, TF_P_GAP,
	TF_N_LOGWORDS, TF_N_BODY_HITS, TF_N_END_PERIOD, TF_N_DATE,
	TF_N_WORDS_OK, TF_N_W1_2, TF_N_CREDIT, TF_N_SCORE, TF_N_GAP,
	/* The HTML reader's, its blocks' BF_H_* of the same meaning: */
	TF_H_H1, TF_H_H2, TF_H_AGREE, TF_H_INSIDE, TF_H_LINKS, TF_H_BOILER,
	TF__MAX
} title_feature;

typedef enum {
	BK_BOILER,	/* site chrome, menus, teasers, footers */
	BK_BODY,	/* the article's text */
	BK_TITLE	/* the headline */
} blk_kind;

typedef struct blk {
	const char *s;		/* the text, for features and explain */
	size_t len;
	unsigned no;		/* its first line in the file */
	unsigned lines;		/* how many lines it spans */
	int fixed;		/* -1, or a kind a rule decided (a pattern) */
	int kicker;		/* a section label above a headline ("World |") */
	int dateline;		/* a date and nothing else ("21. September
				 * 2019"): never a headline */
	const char *rule;	/* what decided a fixed kind */
	float f[BF__MAX];
	float s1, s2;		/* first- and second-pass scores (logits) */
	float s3;		/* the third pass's: the second's scores
				 * around, read again (the verdict's) */
	blk_kind kind;
	const char *why;	/* what decided it, for explain */
} blk;

typedef struct blk_result {
	size_t stretch_from, stretch_to;	/* the best article stretch */
	long title;		/* index of the headline, or -1 */
	float title_score;
	int title_was_body;	/* the headline had been kept as text */
	int clean;		/* an article file without a site around it */
} blk_result;

/* Fill BF_CTX_* and BF_POS* (features of the neighbours and position)
 * once a reader has set the others. */
void blocks_context(blk *b, size_t n);
/* Decide each block's kind and the headline: two passes of logistic
 * scores, the article taken as the stretch of blocks with the best total.
 * section names the model's weights ("text"; a reader with features of
 * its own has its own). With explain, each block's decision is written
 * there. */
void blocks_classify(blk *b, size_t n, const char *section,
    blk_result *res, FILE *explain);

/* What the headline's features read of the page, once (headline.c):
 * the words of the article's first blocks. */
typedef struct headline_ctx {
	struct _GHashTable *words;
	struct _GHashTable *copies;	/* a short block's key to its count */
	char **keys;		/* each short block's key, or NULL */
	size_t n;
} headline_ctx;
void headline_begin(headline_ctx *h, const blk *b, size_t n, size_t first);
void headline_end(headline_ctx *h);
/* Set the TF_ features of candidate j after TF_START_LOWER. */
void headline_features(const headline_ctx *h, const blk *b, size_t n,
    size_t j, float *tf);

enum { NB_COPIED = TF_P_GAP - TF_P_LOGWORDS };

/* A headline candidate: block j, its features. */
typedef struct headline_cand {
	size_t j;
	int first_any;	/* kept, when first, whatever its score */
	float tf[TF__MAX];
} headline_cand;
/* Set the features of each of the k candidates that compare it with the
 * others. */
void headline_relative(headline_cand *c, size_t k, const blk *b, size_t n);

/* The lexicon features of s (n bytes): BF_LEX and BF_LEX_LOW into f,
 * from the weights of section's words (model.txt, "SECTION.words"). */
void blocks_lexicon(const char *section, const char *s, size_t n, float *f);
/* Does the model hold weights for this section (a reader falls back to
 * rules of its own when it does not)? */
int blocks_has_model(const char *section);

/* May c be a headline at all: not a rule's chrome, not a sentence of
 * more than twelve words, not a paragraph (BF_LOGWORDS, BF_END_PERIOD). */
int blocks_headline_shaped(const blk *c);

/* c's words for its shape as a headline: its BF_LOGWORDS, or in a
 * script without spaces between words (Chinese, Japanese, Thai) its
 * letters by a word's usual length there, when that is more. */
float blocks_head_words(const blk *c);

/* Does c open as a byline: the word for "by", then a capital (a name)? */
int blocks_byline_shaped(const blk *c);

/* Is s (n bytes) a link to another article ("Read also: ...", "Lesen Sie
 * auch", "À lire aussi"), in the languages of the pages learned on? */
int blocks_teaser(const char *s, size_t n);

/* Stopwords (lang.c): how many words s has (up to most), and how many of
 * them are stopwords of each language, added to counts[LANG_MAX]; the language
 * those counts point to (its index in *index), or NULL when they are
 * too few to tell. */
enum { LANG_MAX = 32 };

/* The article's last paragraph, which the chrome under it pulled below
 * the line, kept: a sentence of ten words or more right under the last
 * kept block, nearly kept itself (inside: and in the article's HTML
 * element). */
void blocks_keep_last(blk *b, size_t nb, int inside);
size_t lang_stop_counts(const char *s, size_t n, unsigned *counts,
    size_t most);
const char *lang_pick(const unsigned *counts, size_t words, unsigned *index);

#endif
