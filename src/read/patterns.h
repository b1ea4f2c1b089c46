/* patterns.h: the site patterns of sites.conf (and the user's), compiled. */
#ifndef DOSSIER_PATTERNS_H
#define DOSSIER_PATTERNS_H

#include "../tree/tree.h"

#include <glib.h>	/* the reader's files take GLib from here */

typedef enum {
	PAT_CHROME,
	PAT_COMMENTS_START,
	PAT_COMMENTS_END,
	PAT_COMMENT_HEADER,
	PAT_COMMENT_DATE,
	PAT_SIGNATURE,
	PAT_MARKUP,
	PAT_SLUG,
	PAT_CAPTION,
	PAT_KICKER,
	PAT_BYLINE,
	PAT_DATELINE,
	PAT_DEK,
	PAT_NOTE,
	PAT_COMMENT_CHROME,
	PAT_DATE,
	PAT_COMMENT_AUTHOR,
	PAT_COMMENT_DELETED,
	PAT_REPLY_TO,
	PAT_COMMENT_DEPTH,
	PAT_LANG_WORDS,
	PAT_BYLINE_LEAD,
	PAT_BYLINE_NAME,
	PAT__MAX
} pattern_kind;

typedef struct patterns patterns;
/* The groups of one match, for match_group(). */
typedef struct pattern_match pattern_match;

/* The patterns for this document: the built-in sites.conf plus the file
 * named by the options. Compiled once per document. NULL and err set when
 * the user's file cannot be read (not a regular file, more than 1 MB) or
 * has a bad rule (invalid UTF-8, a NUL, a pattern that does not compile),
 * the message naming its file and line. */
patterns *patterns_get(dossier_doc *doc, dossier_error *err);
void reader_patterns_free(patterns *p);
/* Compile every built-in rule, as a user's are at load (the built-in ones
 * are compiled only when first needed), and their alternations: 0, or -1
 * and err set naming the line of sites.conf or the kind. For the tests. */
int patterns_check_builtin(dossier_error *err);

/* Does line (NUL-terminated) match a rule of this kind? With info, the
 * caller owns *info (pattern_match_free) and reads named groups from it;
 * line must outlive it. A rule that exceeds its bound of work on a line
 * (see patterns.c) does not match it, with one warning naming the rule. */
int patterns_match(patterns *p, pattern_kind kind, const char *line,
    pattern_match **info);
/* Which rule of this kind matches line, the first in order: as
 * patterns_match with info, for a line known to match the kind. */
int patterns_groups(patterns *p, pattern_kind kind, const char *line,
    pattern_match **info);
void pattern_match_free(pattern_match *m);
/* The kind of a line of text: the first of comments-end, comments-start,
 * chrome, slug and (with header) comment-header with a rule that matches
 * it, or -1. Mostly one regex call for all of them. */
int patterns_line_kind(patterns *p, const char *line, int header);
/* The whole match's bytes in the line: 0 when it has none. */
int pattern_match_span(const pattern_match *m, size_t *start, size_t *end);
/* The source of the i-th rule of a kind (0-based); NULL past the last. */
const char *patterns_nth(patterns *p, pattern_kind kind, size_t i);
/* How many times the i-th rule of a kind matches in s (n bytes), matches
 * not overlapping. */
size_t patterns_count_nth(patterns *p, pattern_kind kind, size_t i,
    const char *s, size_t n);
/* Replace inline markup in s (n bytes) into out; returns 1 if changed. */
int patterns_markup(patterns *p, const char *s, size_t n, buf *out);

/* A named group's text, trimmed, in the document arena; NULL if empty. */
const char *match_group(dossier_doc *doc, pattern_match *m, const char *name);

#endif
