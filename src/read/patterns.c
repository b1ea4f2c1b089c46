/* patterns.c: load and compile the site patterns.
 *
 * Rules of one kind are tried in order, and the first that matches gives
 * the groups. The kinds tried on most lines (chrome, comment headers...)
 * are also joined into one alternation: a line it rejects costs one regex
 * call, and only a line it accepts is tried rule by rule, when the caller
 * wants the groups. Nothing is compiled before it is first tried, since
 * most inputs need few of the rules: a rule is compiled plainly and JIT-ed
 * once it has earned it (JIT_AFTER), an alternation JIT-ed at once. A
 * user's rules are still compiled at load, so that a bad one is reported
 * with its file and line; tests/unit/patterns.c checks the built-in ones. */
#include "patterns.h"

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

struct patterns {
	rule *rules[PAT__MAX];
	rule any[PAT__MAX];	/* all rules of a kind as one alternation */
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

/* One alternation of a kind's rules, to reject most lines in one call. Only
 * the source is made here: it is compiled when first tried. */
static void join(patterns *p, pattern_kind k)
{
	if (!p->rules[k] || !p->rules[k]->next)
		return;		/* one rule is its own alternation */
	GString *s = g_string_new(NULL);
	for (rule *r = p->rules[k]; r; r = r->next) {
		if (!joinable(r->src)) {
			g_string_truncate(s, 0);
			break;
		}
		if (s->len)
			g_string_append_c(s, '|');
		g_string_append_printf(s, "(?:%s)", r->src);
	}
	p->any[k].src = g_string_free(s, !s->len);
}

/* The kinds tried on most lines, with the groups of a match read only on
 * the few lines that match. */
static void join_all(patterns *p)
{
	static const pattern_kind kinds[] = { PAT_CHROME,
	    PAT_COMMENT_HEADER, PAT_SLUG, PAT_COMMENTS_START,
	    PAT_COMMENTS_END, PAT_CAPTION, PAT_NOTE, PAT_DEK };
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		join(p, kinds[i]);
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
	join_all(p);
	doc->patterns = p;
	return p;
fail:
	reader_patterns_free(p);
	return NULL;
}

int patterns_check_builtin(dossier_error *err)
{
	patterns *p = xcalloc(1, sizeof *p);
	int rc = load(p, dossier_sites_conf, "sites.conf", 0, 1, err);
	join_all(p);
	for (int k = 0; k < PAT__MAX && rc == 0; k++) {
		GError *gerr = NULL;
		GRegex *re = p->any[k].src ? compile(p->any[k].src, 1, &gerr) :
		    NULL;
		if (gerr)
			rc = dossier_fail(err, DOSSIER_ERR_USAGE, "sites.conf: "
			    "the %s rules as one alternation: %s",
			    kind_names[k], gerr->message);
		if (re)
			g_regex_unref(re);
		if (gerr)
			g_error_free(gerr);
	}
	reader_patterns_free(p);
	return rc;
}

int patterns_match(patterns *p, pattern_kind kind, const char *line,
    GMatchInfo **info)
{
	rule *any = &p->any[kind];
	GRegex *all = any->src ? hot(any, JIT_ANY_AFTER) : NULL;
	if (all && !g_regex_match(all, line, 0, NULL))
		return 0;
	if (all && !info)
		return 1;
	/* Which rule, for its groups: the first in order that matches. */
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
