/* patterns.c: the site patterns. The built-in rules are compiled only when
 * first needed, so a broken one would not be reported at load: it is caught
 * here instead. A kind's rules are also tried as one alternation, which
 * must find what the rules find one by one. */
#include "tap.h"

#include "read/patterns.h"

#include <stdlib.h>
#include <unistd.h>

static void t_builtin(void)
{
	dossier_error err = { 0 };
	int rc = patterns_check_builtin(&err);
	if (rc != 0)
		fprintf(stderr, "%s\n", err.message);
	CHECK(rc == 0);
}

/* The patterns of sites.conf plus the rules in text, NULL on error. */
static dossier_doc *doc_with(const char *text, char *path)
{
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return NULL;
	close(fd);
	dossier_options o = { .patterns = path };
	return dossier_doc_new(&o);
}

/* A header rule numbering its groups: in one alternation after another
 * rule, \1 would name that rule's group. */
static void t_numbered(void)
{
	char path[] = "/tmp/dossier-patterns-XXXXXX";
	dossier_doc *doc = doc_with("comment-header ^x(y)$\n"
	    "comment-header ^(?<author>\\w+)-\\1 ::$\n", path);
	dossier_error err = { 0 };
	patterns *p = doc ? patterns_get(doc, &err) : NULL;
	CHECK(p != NULL);
	GMatchInfo *mi = NULL;
	if (p) {
		CHECK(patterns_match(p, PAT_COMMENT_HEADER, "bob-bob ::",
		    &mi));
		if (mi)
			CHECK_STR(match_group(doc, mi, "author"), "bob");
		CHECK(!patterns_match(p, PAT_COMMENT_HEADER, "bob-al ::",
		    NULL));
		CHECK(patterns_match(p, PAT_COMMENT_HEADER, "xy", NULL));
	}
	if (mi)
		g_match_info_free(mi);
	dossier_doc_free(doc);
	unlink(path);
}

/* The first rule in order gives the groups, even where a later rule
 * matches further left. */
static void t_order(void)
{
	char path[] = "/tmp/dossier-patterns-XXXXXX";
	dossier_doc *doc = doc_with("comment-header b(?<author>c)\n"
	    "comment-header ^(?<author>a)\n", path);
	dossier_error err = { 0 };
	patterns *p = doc ? patterns_get(doc, &err) : NULL;
	CHECK(p != NULL);
	GMatchInfo *mi = NULL;
	if (p) {
		CHECK(patterns_match(p, PAT_COMMENT_HEADER, "abc", &mi));
		if (mi)
			CHECK_STR(match_group(doc, mi, "author"), "c");
	}
	if (mi)
		g_match_info_free(mi);
	dossier_doc_free(doc);
	unlink(path);
}

/* The kind of a line: the first kind in order with a match, whether the
 * line kinds are one alternation (the built-in rules) or not (a rule that
 * is not anchored). */
static void line_kinds(const char *rules)
{
	char path[] = "/tmp/dossier-patterns-XXXXXX";
	dossier_doc *doc = doc_with(rules, path);
	dossier_error err = { 0 };
	patterns *p = doc ? patterns_get(doc, &err) : NULL;
	CHECK(p != NULL);
	if (p) {
		/* comments-end before chrome, which also has it */
		CHECK(patterns_line_kind(p, "Your email address will not be "
		    "published.", 1) == PAT_COMMENTS_END);
		CHECK(patterns_line_kind(p, "Reply", 1) == PAT_CHROME);
		CHECK(patterns_line_kind(p, "Comments", 1) ==
		    PAT_COMMENTS_START);
		CHECK(patterns_line_kind(p, "photo-3", 1) == PAT_SLUG);
		CHECK(patterns_line_kind(p, "Alice says:", 1) ==
		    PAT_COMMENT_HEADER);
		CHECK(patterns_line_kind(p, "Alice says:", 0) == -1);
		CHECK(patterns_line_kind(p, "The council met.", 1) == -1);
		CHECK(patterns_line_kind(p, "a line with xyzzy in it", 1) ==
		    (*rules ? PAT_CHROME : -1));
	}
	dossier_doc_free(doc);
	unlink(path);
}

static void t_line_joined(void)
{
	line_kinds("");
}

static void t_line_unanchored(void)
{
	line_kinds("chrome xyzzy\n");
}

int main(void)
{
	RUN(t_builtin, "patterns: every rule of sites.conf compiles, alone "
	    "and joined");
	RUN(t_numbered, "patterns: a rule with numbered groups keeps its "
	    "meaning");
	RUN(t_order, "patterns: the first rule in order gives the groups");
	RUN(t_line_joined, "patterns: a line's kind, all kinds in one call");
	RUN(t_line_unanchored, "patterns: a line's kind, with a rule that "
	    "is not anchored");
	TAP_EXIT();
}
