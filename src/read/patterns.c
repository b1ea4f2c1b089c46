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
 * tests/unit/patterns.c checks the built-in ones.
 *
 * The rules go to PCRE2 directly, compiled as GLib's GRegex compiled them
 * (UTF, Unicode properties, duplicate names, any newline) but with the
 * checks GRegex leaves out: a rule is valid UTF-8 (PCRE2 reads a bad group
 * name past its end otherwise), has no \C (one byte of a character, which
 * would put broken UTF-8 in the tree through a group), and every match has
 * a bound of work that grows with the line (run_rule), which GRegex cannot
 * set. */
#include "patterns.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const char dossier_sites_conf[];	/* sites.conf, built in */

typedef struct rule {
	char *src;
	const char *file;	/* where it was written, for warnings */
	unsigned line;
	pcre2_code *re;	/* NULL until the rule is first tried */
	unsigned uses;	/* matches tried, until it is JIT-compiled */
	int bad;	/* does not compile: never matches */
	int warned;	/* has hit its bound of work (warned once) */
	struct rule *next;
} rule;

struct pattern_match {
	pcre2_match_data *md;
};

/* A patterns file is a few hundred rules at most: anything bigger is a
 * mistake (a device, a log), refused before it is read. */
enum { MAX_PATTERNS_FILE = 1 << 20 };

/* The work one match may take, in PCRE2's units (calls of its internal
 * match function, or the JIT's equivalent): a base, plus so much per byte
 * of the line, so that the bound grows with the input and a rule that
 * backtracks without end (^(a+)+$) costs about a millisecond a line. The
 * built-in rules need a small fraction of it on every line of the test
 * corpus. Depth bounds the backtracking memory the same way. */
enum { WORK_BASE = 100000, WORK_PER_BYTE = 200, DEPTH_BASE = 10000,
    DEPTH_PER_BYTE = 4, HEAP_LIMIT_KB = 64 * 1024 };

/* JIT compiling a rule costs about as much as a few hundred matches: a
 * rule is compiled plainly, and again with the JIT once it has earned it.
 * Five articles are read 30 % faster; 1,000 as fast as with JIT from the
 * start. The joined alternations run on every line: interpreted, one
 * costs 5 to 10 times a JIT-ed match, so it would earn its JIT within a
 * few dozen lines (measured: compiling it twice costs more than that);
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
	dossier_doc *doc;	/* for warnings; NULL in the check */
	char *user_file;	/* the name the user's rules carry */
	pcre2_compile_context *cc;
	pcre2_match_context *mc;	/* the bounds of work */
	pcre2_jit_stack *stack;
	pcre2_match_data *md;	/* for matches whose groups are not read */
	pcre2_match_data *line_md;	/* the line alternation's */
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
	[PAT_BYLINE_LEAD] = "byline-lead",
	[PAT_BYLINE_NAME] = "byline-name",
};

/* PCRE2 allocates with malloc: out of memory aborts, as everywhere. */
static void *need(void *ptr)
{
	if (!ptr) {
		fprintf(stderr, "dossier: out of memory (PCRE2)\n");
		abort();
	}
	return ptr;
}

/* Compile as GRegex did (see the top); NULL if it does not compile, with
 * PCRE2's reason and where in msg if given. */
static pcre2_code *compile(patterns *p, const char *src, int jit, char *msg,
    size_t msize)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_NEVER_BACKSLASH_C,
	    &code, &at, p->cc);
	if (!re) {
		if (msg) {
			PCRE2_UCHAR why[256];
			pcre2_get_error_message(code, why, sizeof why);
			snprintf(msg, msize, "%s (at byte %zu of the pattern)",
			    (const char *)why, (size_t)at);
		}
		return NULL;
	}
	if (jit)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* or interpreted */
	return re;
}

/* Why a rule is refused before it is compiled, or NULL: a NUL would cut
 * it short unseen, and invalid UTF-8 is undefined for PCRE2 in a name. */
static const char *unreadable(const char *l, size_t len)
{
	if (memchr(l, '\0', len))
		return "a NUL byte in the rule";
	if (!g_utf8_validate(l, (gssize)len, NULL))
		return "the rule is not valid UTF-8";
	return NULL;
}

/* Parse rules from text (len bytes); name is for messages. User rules go
 * first. With check, each rule is compiled now, so that a bad one is
 * reported with its line; the built-in ones are checked by the tests
 * instead. */
static int load(patterns *p, const char *text, size_t len, const char *name,
    int front, int check, dossier_error *err)
{
	unsigned no = 0;
	int rc = 0;
	const char *line = text, *end = text + len;
	rule *added[PAT__MAX] = { 0 }, **tail[PAT__MAX];
	for (int k = 0; k < PAT__MAX; k++)
		tail[k] = &added[k];
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		no++;
		const char *why = unreadable(line, n);
		char *l = g_strndup(line, n);
		g_strstrip(l);
		line += n + (nl != NULL);
		if (!why && (!*l || *l == '#')) {
			g_free(l);
			continue;
		}
		size_t kw = strcspn(l, " \t");
		int kind = -1;
		for (int k = 0; k < PAT__MAX && !why; k++)
			if (strlen(kind_names[k]) == kw &&
			    strncmp(l, kind_names[k], kw) == 0)
				kind = k;
		const char *src = l + kw + strspn(l + kw, " \t");
		char msg[512] = "";
		pcre2_code *re = NULL;
		if (!why && kind >= 0 && *src && check)
			re = compile(p, src, 0, msg, sizeof msg);
		if (why || kind < 0 || !*src || (check && !re)) {
			dossier_fail(err, DOSSIER_ERR_USAGE,
			    "%s:%u: %s", name, no, why ? why : kind < 0 ?
			    "unknown kind of rule" : *msg ? msg :
			    "rule without a pattern");
			g_free(l);
			rc = -1;	/* the rules so far are still spliced in,
					 * so the caller's free releases them */
			break;
		}
		rule *r = xcalloc(1, sizeof *r);
		r->src = g_strdup(src);
		r->file = name;
		r->line = no;
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
static pcre2_code *hot(patterns *p, rule *r, unsigned after)
{
	if (!r->re && !r->bad) {
		r->bad = !(r->re = compile(p, r->src, after == 0, NULL, 0));
	} else if (r->re && r->uses < after && ++r->uses == after) {
		pcre2_code *re = compile(p, r->src, 1, NULL, 0);
		if (re) {
			pcre2_code_free(r->re);
			r->re = re;
		}
	}
	return r->re;
}

/* Match r's regex against s (n bytes) from start, within the bound of work
 * for n bytes: 1 on a match, 0 on none, -1 when it gave up (the bound, or
 * anything else PCRE2 refuses), warned once for a rule of a file. The JIT
 * runs on a stack of its own and, when that is too small, the interpreter
 * takes over under the same bounds. */
static int run_rule(patterns *p, rule *r, pcre2_code *re, const char *s,
    size_t n, size_t start, pcre2_match_data *md)
{
	uint64_t work = WORK_BASE + (uint64_t)WORK_PER_BYTE * n;
	uint64_t depth = DEPTH_BASE + (uint64_t)DEPTH_PER_BYTE * n;
	pcre2_set_match_limit(p->mc, work > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)work);
	pcre2_set_depth_limit(p->mc, depth > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)depth);
	/* Every subject is the reader's decoded text, valid UTF-8 by
	 * decode.c's contract (and what markup makes of it): PCRE2 need not
	 * check it again for each rule, which cost 9 % of the reader's time
	 * (GRegex's JIT path did not check either). */
	int rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK,
	    md, p->mc);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_JIT |
		    PCRE2_NO_UTF_CHECK, md, p->mc);
	if (rc >= 0)
		return 1;	/* 0: a match with more groups than md holds */
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (r->file && !r->warned && p->doc) {
		PCRE2_UCHAR why[256];
		pcre2_get_error_message(rc, why, sizeof why);
		dossier_warn(p->doc, r->file, r->line, "this rule gave up on a "
		    "line of %zu bytes (%s): taken as no match", n,
		    (const char *)why);
	}
	r->warned = 1;
	return -1;
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
static rule *any_of(patterns *p, pattern_kind k)
{
	rule *a = &p->any[k];
	if (!a->src && !a->bad) {
		if (joined[k])
			join(p, k);
		a->bad = !a->src;
	}
	return a->src && hot(p, a, JIT_ANY_AFTER) ? a : NULL;
}

static void rule_free(rule *r)
{
	if (r->re)
		pcre2_code_free(r->re);
	g_free(r->src);
}

void reader_patterns_free(patterns *p)
{
	if (!p)
		return;
	for (int k = 0; k < PAT__MAX; k++) {
		rule *r = p->rules[k];
		while (r) {
			rule *next = r->next;
			rule_free(r);
			free(r);
			r = next;
		}
		rule_free(&p->any[k]);
	}
	rule_free(&p->line);
	pcre2_match_data_free(p->md);
	pcre2_match_data_free(p->line_md);
	pcre2_jit_stack_free(p->stack);
	pcre2_match_context_free(p->mc);
	pcre2_compile_context_free(p->cc);
	g_free(p->user_file);
	free(p);
}

/* GRegex's newline conventions, and the contexts every match shares. */
static patterns *patterns_new(dossier_doc *doc)
{
	patterns *p = xcalloc(1, sizeof *p);
	p->doc = doc;
	p->cc = need(pcre2_compile_context_create(NULL));
	p->mc = need(pcre2_match_context_create(NULL));
	p->md = need(pcre2_match_data_create(1, NULL));
	p->stack = need(pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL));
	pcre2_set_newline(p->cc, PCRE2_NEWLINE_ANY);
	pcre2_set_bsr(p->cc, PCRE2_BSR_UNICODE);
	pcre2_set_heap_limit(p->mc, HEAP_LIMIT_KB);
	pcre2_jit_stack_assign(p->mc, NULL, p->stack);
	return p;
}

/* The user's patterns file, whole: a regular file of at most
 * MAX_PATTERNS_FILE bytes. Opened without blocking, so that a FIFO is
 * refused rather than waited on; read to one byte past the limit, so that
 * a file that grows meanwhile is refused too. */
static int read_patterns_file(const char *path, char **text, size_t *len,
    dossier_error *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return dossier_fail(err, DOSSIER_ERR_USAGE, "%s: %s", path,
		    strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return dossier_fail(err, DOSSIER_ERR_USAGE, "%s: not a regular "
		    "file (a patterns file must be one)", path);
	}
	size_t cap = (size_t)MAX_PATTERNS_FILE + 1, n = 0;
	char *buf = NULL;
	if (sb.st_size <= MAX_PATTERNS_FILE) {
		buf = xmalloc((size_t)sb.st_size + 2);
		cap = (size_t)sb.st_size + 1;
	}
	while (buf && n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return dossier_fail(err, DOSSIER_ERR_USAGE, "%s: %s",
			    path, strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == cap && cap <= (size_t)MAX_PATTERNS_FILE)
			buf = xrealloc(buf, (cap = (size_t)MAX_PATTERNS_FILE +
			    1) + 1);
	}
	close(fd);
	if (!buf || n > (size_t)MAX_PATTERNS_FILE) {
		free(buf);
		return dossier_fail(err, DOSSIER_ERR_USAGE, "%s: more than %d "
		    "bytes: too large for a patterns file", path,
		    MAX_PATTERNS_FILE);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

patterns *patterns_get(dossier_doc *doc, dossier_error *err)
{
	if (doc->patterns)
		return doc->patterns;
	patterns *p = patterns_new(doc);
	if (load(p, dossier_sites_conf, strlen(dossier_sites_conf),
	    "sites.conf", 0, 0, err) != 0)
		goto fail;
	const char *user = doc->opts.patterns;
	if (user) {
		char *text = NULL;
		size_t len = 0;
		if (read_patterns_file(user, &text, &len, err) != 0)
			goto fail;
		p->user_file = g_strdup(user);
		int rc = load(p, text, len, p->user_file, 1, 1, err);
		free(text);
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

static int groups(patterns *p, pattern_kind kind, const char *line,
    size_t n, pattern_match **info)
{
	for (rule *r = p->rules[kind]; r; r = r->next) {
		pcre2_code *re = hot(p, r, JIT_AFTER);
		if (!re)
			continue;
		pcre2_match_data *md = info ? need(
		    pcre2_match_data_create_from_pattern(re, NULL)) : p->md;
		if (run_rule(p, r, re, line, n, 0, md) == 1) {
			if (info) {
				*info = xcalloc(1, sizeof **info);
				(*info)->md = md;
			}
			return 1;
		}
		if (info)
			pcre2_match_data_free(md);
	}
	return 0;
}

static int match_kind(patterns *p, pattern_kind kind, const char *line,
    size_t n, pattern_match **info)
{
	rule *all = any_of(p, kind);
	if (all) {
		int rc = run_rule(p, all, all->re, line, n, 0, p->md);
		if (rc == 0 || (rc == 1 && !info))
			return rc;
		/* A match, or the alternation gave up: rule by rule */
	}
	return groups(p, kind, line, n, info);
}

int patterns_match(patterns *p, pattern_kind kind, const char *line,
    pattern_match **info)
{
	return match_kind(p, kind, line, strlen(line), info);
}

int patterns_groups(patterns *p, pattern_kind kind, const char *line,
    pattern_match **info)
{
	return groups(p, kind, line, strlen(line), info);
}

void pattern_match_free(pattern_match *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	free(m);
}

int pattern_match_span(const pattern_match *m, size_t *start, size_t *end)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	if (ov[0] == PCRE2_UNSET)
		return 0;
	*start = ov[0];
	*end = ov[1];
	return 1;
}

const char *patterns_nth(patterns *p, pattern_kind kind, size_t i)
{
	rule *r = p->rules[kind];
	while (r && i--)
		r = r->next;
	return r ? r->src : NULL;
}

size_t patterns_count_nth(patterns *p, pattern_kind kind, size_t i,
    const char *s, size_t n)
{
	rule *r = p->rules[kind];
	while (r && i--)
		r = r->next;
	pcre2_code *re = r ? hot(p, r, JIT_AFTER) : NULL;
	size_t k = 0, at = 0;
	/* Each run has its own bound of work (run_rule): a rule that gives
	 * up ends the count. */
	while (re && at <= n && run_rule(p, r, re, s, n, at, p->md) == 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		k++;
		at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
	}
	return k;
}

/* The line alternation, if it can stand for the kinds tried one by one:
 * when every branch is anchored, only position 0 is tried, and there the
 * first branch that matches is the first kind with a match anywhere. */
static rule *line_regex(patterns *p)
{
	rule *l = &p->line;
	if (!l->src || l->bad)
		return NULL;
	if (l->re)
		return l;
	pcre2_code *re = hot(p, l, JIT_ANY_AFTER);
	uint32_t opts = 0;
	if (re)
		pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts);
	if (!re || !(opts & PCRE2_ANCHORED)) {
		rule_free(l);
		l->re = NULL;
		l->src = NULL;
		l->bad = 1;
		return NULL;
	}
	for (int i = 0; i < NLINE; i++) {
		char name[32];
		snprintf(name, sizeof name, "_dossier_line%d", i);
		int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
		p->line_group[i] = g > 0 ? g : 0;
	}
	p->line_md = need(pcre2_match_data_create_from_pattern(re, NULL));
	return l;
}

int patterns_line_kind(patterns *p, const char *line, int header)
{
	rule *l = line_regex(p);
	int n = header ? NLINE : NLINE - 1;
	size_t len = strlen(line);
	int rc = l ? run_rule(p, l, l->re, line, len, 0, p->line_md) : -1;
	if (rc < 0) {	/* no alternation, or it gave up: kind by kind */
		for (int i = 0; i < n; i++)
			if (match_kind(p, line_kinds[i], line, len, NULL))
				return (int)line_kinds[i];
		return -1;
	}
	if (rc == 0)
		return -1;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->line_md);
	uint32_t pairs = pcre2_get_ovector_count(p->line_md);
	for (int i = 0; i < n; i++) {
		uint32_t g = (uint32_t)p->line_group[i];
		if (g > 0 && g < pairs && ov[2 * g] != PCRE2_UNSET)
			return (int)line_kinds[i];
	}
	return -1;
}

/* Replace each match of r in s (n bytes) by its group "text" into res,
 * as GRegex's replace did: matches do not overlap, and after an empty one
 * the search moves on one character. 0 if r gave up on s. */
static int replace(patterns *p, rule *r, pcre2_code *re, const char *s,
    size_t n, buf *res)
{
	pcre2_match_data *md = need(pcre2_match_data_create_from_pattern(re,
	    NULL));
	size_t from = 0, copied = 0;
	int rc;
	while ((rc = run_rule(p, r, re, s, n, from, md)) == 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t a = ov[0], b = ov[1];
		buf_put(res, s + copied, a - copied);
		PCRE2_UCHAR *text;
		PCRE2_SIZE tlen;
		if (pcre2_substring_get_byname(md, (PCRE2_SPTR)"text", &text,
		    &tlen) == 0) {
			buf_put(res, (const char *)text, tlen);
			pcre2_substring_free(text);
		}
		copied = b;
		if (b > a)
			from = b;
		else if (a < n)
			from = (size_t)(g_utf8_next_char(s + a) - s);
		else
			break;
	}
	pcre2_match_data_free(md);
	if (rc < 0)
		return 0;
	buf_put(res, s + copied, n - copied);
	return 1;
}

int patterns_markup(patterns *p, const char *s, size_t n, buf *out)
{
	int changed = 0;
	for (rule *r = p->rules[PAT_MARKUP]; r; r = r->next) {
		pcre2_code *re = hot(p, r, JIT_AFTER);
		if (!re)
			continue;
		buf res = { 0 };
		const char *from = changed ? out->data : s;
		if (replace(p, r, re, from ? from : "", changed ? out->len : n,
		    &res)) {
			out->len = 0;
			buf_put(out, res.data ? res.data : "", res.len);
			changed = 1;
		}
		buf_free(&res);
	}
	return changed;
}

const char *match_group(dossier_doc *doc, pattern_match *m, const char *name)
{
	PCRE2_UCHAR *v;
	PCRE2_SIZE len;
	if (pcre2_substring_get_byname(m->md, (PCRE2_SPTR)name, &v, &len) != 0)
		return NULL;
	gchar *t = g_strndup((const char *)v, len);
	pcre2_substring_free(v);
	g_strstrip(t);
	const char *r = *t ? arena_strdup(&doc->mem, t) : NULL;
	g_free(t);
	return r;
}

/* Compile one alternation of sites.conf with the JIT, for the check. */
static int check_joined(patterns *p, rule *a, const char *what,
    dossier_error *err)
{
	char msg[512] = "";
	pcre2_code *re = a->src ? compile(p, a->src, 1, msg, sizeof msg) :
	    NULL;
	int rc = 0;
	if (a->src && !re)
		rc = dossier_fail(err, DOSSIER_ERR_USAGE, "sites.conf: the %s "
		    "rules as one alternation: %s", what, msg);
	if (re)
		pcre2_code_free(re);
	return rc;
}

int patterns_check_builtin(dossier_error *err)
{
	patterns *p = patterns_new(NULL);
	int rc = load(p, dossier_sites_conf, strlen(dossier_sites_conf),
	    "sites.conf", 0, 1, err);
	for (int k = 0; k < PAT__MAX && rc == 0; k++) {
		if (joined[k])
			join(p, k);
		rc = check_joined(p, &p->any[k], kind_names[k], err);
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
