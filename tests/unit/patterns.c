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

/* A document whose patterns are sites.conf's plus the rules in text (a
 * file at path, made from its XXXXXX), and those patterns: checked
 * non-NULL, as every test needs them. */
typedef struct with_rules {
	char path[32];
	dossier_doc *doc;
	patterns *p;
} with_rules;

/* Warnings are counted (dossier_doc_warnings), not printed. */
static void quiet(void *ctx, const char *file, unsigned line, const char *msg)
{
	(void)ctx, (void)file, (void)line, (void)msg;
}

static void rules_open(with_rules *w, const char *text)
{
	snprintf(w->path, sizeof w->path, "/tmp/dossier-patterns-XXXXXX");
	w->doc = NULL;
	int fd = mkstemp(w->path);
	if (fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text)) {
		dossier_options o = { .patterns = w->path, .diag = quiet };
		w->doc = dossier_doc_new(&o);
	}
	if (fd >= 0)
		close(fd);
	dossier_error err = { 0 };
	w->p = w->doc ? patterns_get(w->doc, &err) : NULL;
	CHECK(w->p != NULL);
}

static void rules_close(with_rules *w)
{
	dossier_doc_free(w->doc);
	unlink(w->path);
}

/* The author group of the comment-header rule that takes line, NULL when
 * none does (the group lives in the document's arena). */
static const char *header_author(with_rules *w, const char *line)
{
	pattern_match *mi = NULL;
	const char *a = NULL;
	if (w->p && patterns_match(w->p, PAT_COMMENT_HEADER, line, &mi) && mi)
		a = match_group(w->doc, mi, "author");
	if (mi)
		pattern_match_free(mi);
	return a;
}

/* A header rule numbering its groups: in one alternation after another
 * rule, \1 would name that rule's group. */
static void t_numbered(void)
{
	with_rules w;
	rules_open(&w, "comment-header ^x(y)$\n"
	    "comment-header ^(?<author>\\w+)-\\1 ::$\n");
	CHECK_STR(header_author(&w, "bob-bob ::"), "bob");
	if (w.p) {
		CHECK(!patterns_match(w.p, PAT_COMMENT_HEADER, "bob-al ::",
		    NULL));
		CHECK(patterns_match(w.p, PAT_COMMENT_HEADER, "xy", NULL));
	}
	rules_close(&w);
}

/* The first rule in order gives the groups, even where a later rule
 * matches further left. */
static void t_order(void)
{
	with_rules w;
	rules_open(&w, "comment-header b(?<author>c)\n"
	    "comment-header ^(?<author>a)\n");
	CHECK_STR(header_author(&w, "abc"), "c");
	rules_close(&w);
}

/* With a name used twice, the group that took part in the match. */
static void t_dupnames(void)
{
	with_rules w;
	rules_open(&w, "comment-header ^(?:(?<author>\\w+) says:|"
	    "(?<author>\\w+) wrote:)$\n");
	CHECK_STR(header_author(&w, "bob wrote:"), "bob");
	CHECK_STR(header_author(&w, "al says:"), "al");
	rules_close(&w);
}

/* A rule that backtracks without end gives up within its bound: no match
 * there, one warning however often, and the line kinds in one call still
 * right (retried kind by kind when the alternation gives up). */
static void t_bounded(void)
{
	with_rules w;
	rules_open(&w, "chrome ^(a+)+$\n");
	char line[400];
	memset(line, 'a', sizeof line - 2);
	line[sizeof line - 2] = '!';
	line[sizeof line - 1] = '\0';
	if (w.p) {
		CHECK(!patterns_match(w.p, PAT_CHROME, line, NULL));
		CHECK(patterns_line_kind(w.p, line, 1) == -1);
		CHECK(patterns_match(w.p, PAT_CHROME, "aaaa", NULL));
		CHECK(patterns_line_kind(w.p, "aaaa", 1) == PAT_CHROME);
		CHECK(patterns_line_kind(w.p, "Reply", 1) == PAT_CHROME);
		CHECK(!patterns_match(w.p, PAT_CHROME, line, NULL));
		CHECK(dossier_doc_warnings(w.doc) == 1);
	}
	rules_close(&w);
}

/* Markup: each match replaced by its group "text", the rest kept. */
static void t_markup(void)
{
	with_rules w;
	rules_open(&w, "");
	buf out = { 0 };
	const char *s = "[company]IBM[/company] and [person]Ann[/person].";
	if (w.p) {
		CHECK(patterns_markup(w.p, s, strlen(s), &out));
		CHECK_STR(buf_cstr(&out), "IBM and Ann.");
	}
	buf_free(&out);
	rules_close(&w);
}

/* The kind of a line: the first kind in order with a match, whether the
 * line kinds are one alternation (the built-in rules) or not (a rule that
 * is not anchored). */
static void line_kinds(const char *rules)
{
	with_rules w;
	rules_open(&w, rules);
	patterns *p = w.p;
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
	rules_close(&w);
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
	RUN(t_dupnames, "patterns: a name used twice gives the group that "
	    "matched");
	RUN(t_bounded, "patterns: a catastrophic rule gives up within its "
	    "bound, warned once");
	RUN(t_markup, "patterns: markup replaced by its text group");
	TAP_EXIT();
}
