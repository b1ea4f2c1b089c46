/* patterns.h: the site patterns of sites.conf (and the user's), compiled. */
#ifndef DOSSIER_PATTERNS_H
#define DOSSIER_PATTERNS_H

#include "../lib/internal.h"

#include <glib.h>

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
	PAT__MAX
} pattern_kind;

typedef struct patterns patterns;

/* The patterns for this document: the built-in sites.conf plus the file
 * named by the options. Compiled once per document. NULL and err set when
 * the user's file has a bad rule. */
patterns *patterns_get(dossier_doc *doc, dossier_error *err);
void reader_patterns_free(patterns *p);
/* Compile every built-in rule, as a user's are at load (the built-in ones
 * are compiled only when first needed), and their alternations: 0, or -1
 * and err set naming the line of sites.conf or the kind. For the tests. */
int patterns_check_builtin(dossier_error *err);

/* Does line (NUL-terminated) match a rule of this kind? With info, the
 * caller owns *info (g_match_info_free) and reads named groups from it. */
int patterns_match(patterns *p, pattern_kind kind, const char *line,
    GMatchInfo **info);
/* Which rule of this kind matches line, the first in order: as
 * patterns_match with info, for a line known to match the kind. */
int patterns_groups(patterns *p, pattern_kind kind, const char *line,
    GMatchInfo **info);
/* The kind of a line of text: the first of comments-end, comments-start,
 * chrome, slug and (with header) comment-header with a rule that matches
 * it, or -1. Mostly one regex call for all of them. */
int patterns_line_kind(patterns *p, const char *line, int header);
/* All the rules of a kind as one alternation, compiled (the first rule
 * alone when it is the only one, or they cannot be joined): NULL if none. */
GRegex *patterns_any(patterns *p, pattern_kind kind);
/* The i-th rule of a kind (0-based), compiled: its source in *src; NULL
 * past the last rule or for a rule that does not compile. */
GRegex *patterns_nth(patterns *p, pattern_kind kind, size_t i,
    const char **src);
/* Replace inline markup in s (n bytes) into out; returns 1 if changed. */
int patterns_markup(patterns *p, const char *s, size_t n, buf *out);

/* A named group's text, trimmed, in the document arena; NULL if empty. */
const char *match_group(dossier_doc *doc, GMatchInfo *info, const char *name);

#endif
