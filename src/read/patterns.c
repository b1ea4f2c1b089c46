/* patterns.c: load and compile the site patterns.
 *
 * Rules of one kind are tried in order, and the first that matches gives
 * the groups. The kinds tried on many lines (chrome, captions...) are also
 * joined into one alternation: a line it rejects costs one regex call, and
 * only a line it accepts is tried rule by rule, when the caller wants the
 * groups. The kinds that sort every line of text are joined further into
 * one alternation for all of them, with a marker group per kind, when
 * PCRE2 finds it anchored (line_regex says why that is exact).
 *
 * Nothing is compiled before it is first tried, since most inputs need few
 * of the rules: a rule is compiled plainly and JIT-ed once it has earned
 * it (JIT_AFTER), an alternation JIT-ed at once. A user's rules are still
 * compiled at load, so that a bad one is reported with its file and line;
 * tests/unit/patterns.c checks the built-in ones. */
#include "patterns.h"

#include <stdio.h>
#include <string.h>

extern const char dossier_sites_conf[];	/* sites.conf, built in */

typedef struct rule {
	char *src;
	GRegex *re;	/* NULL until the rule is first tried */
	unsigned uses;	/* matches tried, until it is JIT-compiled */
	int bad;	/* does not compile: never matches */
	struct rule *next;
} rule;

/* JIT compiling a rule costs about as much as a few hundred matches: a
 * rule is compiled plainly, and again with the JIT once it has earned it.
 * Five articles are read 30 % faster; 1,000 as fast as with JIT from the
 * start. The joined alternations run on every line: through GRegex a plain
 * one costs 5 to 10 times a JIT-ed match, so it would earn its JIT within
 * a few dozen lines (measured: compiling it twice costs more than that);
 * they are JIT-compiled when first tried. */
enum { JIT_AFTER = 256, JIT_ANY_AFTER = 0 };

/* The kinds a line of text is tried for, in this order (text.c). */
static const pattern_kind line_kinds[] = { PAT_COMMENTS_END,
    PAT_COMMENTS_START, PAT_CHROME, PAT_SLUG, PAT_COMMENT_HEADER };
enum { NLINE = sizeof line_kinds / sizeof *line_kinds };

struct patterns {
	rule *rules[PAT__MAX];
	rule any[PAT__MAX];	/* all rules of a kind as one alternation */
	rule line;		/* all line kinds as one, if it is anchored */
	int line_group[NLINE];	/* the group marking each kind's branch */
};

static const char *const kind_names[PAT__MAX] = {
	[PAT_CHROME] = "chrome",
	[PAT_COMMENTS_START] = "comments-start",
	[PAT_COMMENTS_END] = "comments-end",
	[PAT_COMMENT_HEADER] = "comment-header",
	[PAT_COMMENT_DATE] = "comment-date",
	[PAT_SIGNATURE] = "signature",
	[PAT_MARKUP] = "markup",
	[PAT_SLUG] = "slug",
	[PAT_CAPTION] = "caption",
	[PAT_KICKER] = "kicker",
	[PAT_BYLINE] = "byline",
	[PAT_DATELINE] = "dateline",
	[PAT_DEK] = "dek",
	[PAT_NOTE] = "note",
	[PAT_COMMENT_CHROME] = "comment-chrome",
	[PAT_DATE] = "date",
	[PAT_COMMENT_AUTHOR] = "comment-author",
	[PAT_COMMENT_DELETED] = "comment-deleted",
	[PAT_REPLY_TO] = "reply-to",
	[PAT_COMMENT_DEPTH] = "comment-depth",
	[PAT_LANG_WORDS] = "lang-words",
};

static GRegex *compile(const char *src, int jit, GError **gerr)
{
	return g_regex_new(src, G_REGEX_DUPNAMES |
	    (jit ? G_REGEX_OPTIMIZE : 0), 0, gerr);
}

/* Parse rules from text; name is for messages. User rules go first. With
 * check, each rule is compiled now, so that a bad one is reported with its
 * line; the built-in ones are checked by the tests instead. */
static int load(patterns *p, const char *text, const char *name, int front,
    int check, dossier_error *err)
{
	unsigned no = 0;
	int rc = 0;
	const char *line = text;
	rule *added[PAT__MAX] = { 0 }, **tail[PAT__MAX];
	for (int k = 0; k < PAT__MAX; k++)
		tail[k] = &added[k];
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		no++;
		char *l = g_strndup(line, len);
		g_strstrip(l);
		line += len + (nl != NULL);
		if (!*l || *l == '#') {
			g_free(l);
			continue;
		}
		size_t kw = strcspn(l, " \t");
		int kind = -1;
		for (int k = 0; k < PAT__MAX; k++)
			if (strlen(kind_names[k]) == kw &&
			    strncmp(l, kind_names[k], kw) == 0)
				kind = k;
		const char *src = l + kw + strspn(l + kw, " \t");
		GError *gerr = NULL;
		GRegex *re = NULL;
		if (kind >= 0 && *src && check)
			re = compile(src, 0, &gerr);
		if (kind < 0 || !*src || (check && !re)) {
			dossier_fail(err, DOSSIER_ERR_USAGE,
			    "%s:%u: %s", name, no, kind < 0 ?
			    "unknown kind of rule" : gerr ? gerr->message :
			    "rule without a pattern");
			if (gerr)
				g_error_free(gerr);
			g_free(l);
			rc = -1;	/* the rules so far are still spliced in,
					 * so the caller's free releases them */
			break;
		}
		rule *r = xcalloc(1, sizeof *r);
		r->src = g_strdup(src);
		r->re = re;
		*tail[kind] = r;
		tail[kind] = &r->next;
		g_free(l);
	}
	for (int k = 0; k < PAT__MAX; k++) {
		if (!added[k])
			continue;
		if (front) {
			*tail[k] = p->rules[k];
			p->rules[k] = added[k];
		} else {
			rule **t = &p->rules[k];
			while (*t)
				t = &(*t)->next;
			*t = added[k];
		}
	}
	return rc;
}

/* The rule's regex, compiled when first needed and JIT-compiled once it
 * has been tried `after` times (at once for 0); NULL if it does not
 * compile. */
static GRegex *hot(rule *r, unsigned after)
{
	if (!r->re && !r->bad) {
		r->bad = !(r->re = compile(r->src, after == 0, NULL));
	} else if (r->re && r->uses < after && ++r->uses == after) {
		GRegex *re = compile(r->src, 1, NULL);
		if (re) {
			g_regex_unref(r->re);
			r->re = re;
		}
	}
	return r->re;
}

/* Group numbers, recursion and backtracking verbs reach beyond a rule's
 * own branch: such a rule would mean something else in an alternation. */
static int joinable(const char *src)
{
	static const char *const far[] = { "(*", "(?R", "(?(", "(?&", "(?P>",
	    NULL };
	for (const char *c = src; *c; c++) {
		if (*c == '\\') {
			if (g_ascii_isdigit(c[1]) || c[1] == 'g')
				return 0;
			if (c[1])
				c++;
			continue;
		}
		if (*c != '(')
			continue;
		if (c[1] == '?' && (g_ascii_isdigit(c[2]) ||
		    ((c[2] == '+' || c[2] == '-') && g_ascii_isdigit(c[3]))))
			return 0;
		for (const char *const *f = far; *f; f++)
			if (strncmp(c, *f, strlen(*f)) == 0)
				return 0;
	}
	return 1;
}

/* Append the rules of kind k to s as one alternation; 0 when one of them
 * cannot be joined. */
static int append_kind(GString *s, const patterns *p, pattern_kind k)
{
	for (rule *r = p->rules[k]; r; r = r->next) {
		if (!joinable(r->src))
			return 0;
		if (r != p->rules[k])
			g_string_append_c(s, '|');
		g_string_append(s, "(?:");
		g_string_append(s, r->src);
		g_string_append_c(s, ')');
	}
	return 1;
}

/* One alternation of a kind's rules, to reject most lines in one call. Only
 * the source is made here: it is compiled when first tried. */
static void join(patterns *p, pattern_kind k)
{
	if (!p->rules[k] || !p->rules[k]->next)
		return;		/* one rule is its own alternation */
	GString *s = g_string_new(NULL);
	if (!append_kind(s, p, k))
		g_string_truncate(s, 0);
	p->any[k].src = g_string_free(s, !s->len);
}

/* The line kinds as one alternation: one call finds the kind of a line.
 * Each kind's branch ends in an empty group that tells it matched. Used
 * only if PCRE2 finds every branch anchored (see line_regex). */
static void join_line(patterns *p)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < NLINE; i++) {
		if (!p->rules[line_kinds[i]])
			continue;	/* never matches */
		if (s->len)
			g_string_append_c(s, '|');
		g_string_append(s, "(?:");
		if (!append_kind(s, p, line_kinds[i])) {
			g_string_truncate(s, 0);
			break;
		}
		g_string_append_printf(s, ")(?<_dossier_line%d>)", i);
	}
	p->line.src = g_string_free(s, !s->len);
}

/* Kinds tried on many lines, whose groups are read only on the few lines
 * that match. */
static const int joined[PAT__MAX] = { [PAT_CHROME] = 1,
	[PAT_COMMENT_HEADER] = 1, [PAT_SLUG] = 1, [PAT_COMMENTS_START] = 1,
	[PAT_COMMENTS_END] = 1, [PAT_CAPTION] = 1, [PAT_NOTE] = 1,
	[PAT_DEK] = 1, [PAT_COMMENT_CHROME] = 1, [PAT_DATE] = 1,
	[PAT_COMMENT_DELETED] = 1, [PAT_REPLY_TO] = 1,
	[PAT_COMMENT_DEPTH] = 1, [PAT_LANG_WORDS] = 1 };

/* The kind's alternation, made when first needed; NULL when its rules are
 * tried one by one. */
static GRegex *any_of(patterns *p, pattern_kind k)
{
	rule *a = &p->any[k];
	if (!a->src && !a->bad) {
		if (joined[k])
			join(p, k);
		a->bad = !a->src;
	}
	return a->src ? hot(a, JIT_ANY_AFTER) : NULL;
}

void reader_patterns_free(patterns *p)
{
	if (!p)
		return;
	for (int k = 0; k < PAT__MAX; k++) {
		rule *r = p->rules[k];
		while (r) {
			rule *next = r->next;
			if (r->re)
				g_regex_unref(r->re);
			g_free(r->src);
			free(r);
			r = next;
		}
		if (p->any[k].re)
			g_regex_unref(p->any[k].re);
		g_free(p->any[k].src);
	}
	if (p->line.re)
		g_regex_unref(p->line.re);
	g_free(p->line.src);
	free(p);
}

patterns *patterns_get(dossier_doc *doc, dossier_error *err)
{
	if (doc->patterns)
		return doc->patterns;
	patterns *p = xcalloc(1, sizeof *p);
	if (load(p, dossier_sites_conf, "sites.conf", 0, 0, err) != 0)
		goto fail;
	const char *user = doc->opts.patterns;
	if (user) {
		gchar *text = NULL;
		GError *gerr = NULL;
		if (!g_file_get_contents(user, &text, NULL, &gerr)) {
			dossier_fail(err, DOSSIER_ERR_USAGE, "%s",
			    gerr->message);
			g_error_free(gerr);
			goto fail;
		}
		int rc = load(p, text, user, 1, 1, err);
		g_free(text);
		if (rc != 0)
			goto fail;
	}
	join_line(p);
	doc->patterns = p;
	return p;
fail:
	reader_patterns_free(p);
	return NULL;
}

int patterns_match(patterns *p, pattern_kind kind, const char *line,
    GMatchInfo **info)
{
	GRegex *all = any_of(p, kind);
	if (all && !g_regex_match(all, line, 0, NULL))
		return 0;
	if (all && !info)
		return 1;
	return patterns_groups(p, kind, line, info);
}

int patterns_groups(patterns *p, pattern_kind kind, const char *line,
    GMatchInfo **info)
{
	for (rule *r = p->rules[kind]; r; r = r->next) {
		GMatchInfo *mi = NULL;
		GRegex *re = hot(r, JIT_AFTER);
		if (re && g_regex_match(re, line, 0, info ? &mi : NULL)) {
			if (info)
				*info = mi;
			return 1;
		}
		if (mi)
			g_match_info_free(mi);
	}
	return 0;
}

GRegex *patterns_any(patterns *p, pattern_kind kind)
{
	GRegex *all = any_of(p, kind);
	const char *src;
	return all ? all : patterns_nth(p, kind, 0, &src);
}

GRegex *patterns_nth(patterns *p, pattern_kind kind, size_t i,
    const char **src)
{
	rule *r = p->rules[kind];
	while (r && i--)
		r = r->next;
	if (!r)
		return NULL;
	*src = r->src;
	return hot(r, JIT_AFTER);
}

/* The line alternation, if it can stand for the kinds tried one by one:
 * when every branch is anchored, only position 0 is tried, and there the
 * first branch that matches is the first kind with a match anywhere. */
static GRegex *line_regex(patterns *p)
{
	rule *l = &p->line;
	if (!l->src || l->bad || l->re)
		return l->re;
	GRegex *re = hot(l, JIT_ANY_AFTER);
	if (re && !(g_regex_get_compile_flags(re) & G_REGEX_ANCHORED)) {
		g_regex_unref(re);
		l->re = NULL;
		l->bad = 1;
		return NULL;
	}
	for (int i = 0; re && i < NLINE; i++) {
		char name[32];
		snprintf(name, sizeof name, "_dossier_line%d", i);
		p->line_group[i] = g_regex_get_string_number(re, name);
	}
	return re;
}

int patterns_line_kind(patterns *p, const char *line, int header)
{
	GRegex *re = line_regex(p);
	int n = header ? NLINE : NLINE - 1;
	if (!re) {
		for (int i = 0; i < n; i++)
			if (patterns_match(p, line_kinds[i], line, NULL))
				return (int)line_kinds[i];
		return -1;
	}
	GMatchInfo *mi = NULL;
	int kind = -1;
	if (g_regex_match(re, line, 0, &mi)) {
		for (int i = 0; i < n && kind < 0; i++) {
			int from = -1, to;
			if (p->line_group[i] > 0 && g_match_info_fetch_pos(mi,
			    p->line_group[i], &from, &to) && from >= 0)
				kind = (int)line_kinds[i];
		}
	}
	g_match_info_free(mi);
	return kind;
}

int patterns_markup(patterns *p, const char *s, size_t n, buf *out)
{
	int changed = 0;
	for (rule *r = p->rules[PAT_MARKUP]; r; r = r->next) {
		GError *gerr = NULL;
		GRegex *re = hot(r, JIT_AFTER);
		if (!re)
			continue;
		gchar *res = g_regex_replace(re, changed ? out->data : s,
		    changed ? (gssize)out->len : (gssize)n, 0, "\\g<text>", 0,
		    &gerr);
		if (!res) {
			if (gerr)
				g_error_free(gerr);
			continue;
		}
		out->len = 0;
		buf_puts(out, res);
		g_free(res);
		changed = 1;
	}
	return changed;
}

const char *match_group(dossier_doc *doc, GMatchInfo *info, const char *name)
{
	gchar *v = g_match_info_fetch_named(info, name);
	if (!v)
		return NULL;
	g_strstrip(v);
	const char *r = *v ? arena_strdup(&doc->mem, v) : NULL;
	g_free(v);
	return r;
}

/* Compile one alternation of sites.conf with the JIT, for the check. */
static int check_joined(rule *a, const char *what, dossier_error *err)
{
	GError *gerr = NULL;
	GRegex *re = a->src ? compile(a->src, 1, &gerr) : NULL;
	int rc = 0;
	if (gerr) {
		rc = dossier_fail(err, DOSSIER_ERR_USAGE, "sites.conf: the %s "
		    "rules as one alternation: %s", what, gerr->message);
		g_error_free(gerr);
	}
	if (re)
		g_regex_unref(re);
	return rc;
}

int patterns_check_builtin(dossier_error *err)
{
	patterns *p = xcalloc(1, sizeof *p);
	int rc = load(p, dossier_sites_conf, "sites.conf", 0, 1, err);
	for (int k = 0; k < PAT__MAX && rc == 0; k++) {
		if (joined[k])
			join(p, k);
		rc = check_joined(&p->any[k], kind_names[k], err);
	}
	if (rc == 0) {
		join_line(p);
		if (!line_regex(p))
			rc = dossier_fail(err, DOSSIER_ERR_USAGE, "sites.conf: "
			    "the line kinds do not join into one anchored "
			    "alternation");
	}
	reader_patterns_free(p);
	return rc;
}
