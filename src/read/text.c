/* text.c: the reader for scraped article text. A file is read as a list of
 * cleaned lines, each classified once (blank, text, site chrome, image
 * slug, comment header...); then the head (kicker, title, dek, byline), the
 * body and the comment section are recovered from that list. What counts
 * as chrome or a comment header is data (sites.conf), not code. */
#include "read.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lines longer than this are article text, never chrome or headers: it
 * bounds the cost of the patterns on pathological input. */
enum { MAX_PATTERN_LINE = 400 };

/* ---- the shared text vocabulary ---- */

int text_ends_sentence(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 0;
	unsigned char c = (unsigned char)s[n - 1];
	if (strchr(".!?:;", c))
		return 1;
	/* ” ’ … and ) after a sentence */
	if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
	    (unsigned char)s[n - 2] == 0x80 &&
	    ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99 ||
	     (unsigned char)s[n - 1] == 0xA6))
		return 1;
	return c == '"' || c == '\'' || c == ')';
}

int text_is_open_quote(const char *s, size_t n, size_t *qlen)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n >= 1 && (p[0] == '"' || p[0] == '\'')) {
		*qlen = 1;
		return 1;
	}
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x9C || p[2] == 0x98)) {	/* “ ‘ */
		*qlen = 3;
		return 1;
	}
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xAB) {	/* « */
		*qlen = 2;
		return 1;
	}
	return 0;
}

size_t text_strip_closers(const char *s, size_t n)
{
	for (;;) {
		if (n >= 1 && strchr("\"')]", s[n - 1]) && s[n - 1])
			n--;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
		    (unsigned char)s[n - 2] == 0x80 &&
		    ((unsigned char)s[n - 1] == 0x9D ||
		     (unsigned char)s[n - 1] == 0x99))
			n -= 3;
		else
			return n;
	}
}

int text_is_close_quote_at_end(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n >= 1 && (p[n - 1] == '"' || p[n - 1] == '\''))
		return 1;
	if (n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 &&
	    (p[n - 1] == 0x9D || p[n - 1] == 0x99))
		return 1;
	return n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xBB;
}

size_t text_words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

int text_starts_lower(const char *s, size_t n)
{
	return n > 0 && s[0] >= 'a' && s[0] <= 'z';
}

int text_starts_upper(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned char c = (unsigned char)s[0];
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c >= 0x80 || c == '"' || c == '\'';
}

/* Does the line read like news reporting: attribution or a weekday? A
 * dek rarely does; a lede nearly always does. */
int text_reports(const char *s, size_t n)
{
	static const char *const cues[] = { " said", " says", " told",
	    "according to", " announced", " reported", " on Monday",
	    " on Tuesday", " on Wednesday", " on Thursday", " on Friday",
	    " on Saturday", " on Sunday", " last week", " yesterday",
	    " today", NULL };
	for (const char *const *c = cues; *c; c++)
		if (memmem(s, n, *c, strlen(*c)))
			return 1;
	return 0;
}

/* ---- lines ---- */

/* Copy a raw line with its white space collapsed and inline markup
 * replaced; sets the indentation. */
static void clean_line(text_ctx *t, rline *l, const char *s, size_t n)
{
	unsigned indent = 0;
	size_t i = 0;
	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		indent += s[i] == '\t' ? 4 : 1;
	buf *b = &t->scratch;
	b->len = 0;
	buf_grow(b, n - i);
	/* copy runs of non-blank bytes, one space between them */
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j > i) {
			if (b->len)
				b->data[b->len++] = ' ';
			memcpy(b->data + b->len, s + i, j - i);
			b->len += j - i;
		}
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		i = j;
	}
	l->indent = indent;
	if (b->len && memchr(b->data, '[', b->len)) {
		buf m = { 0 };
		if (patterns_markup(t->pat, b->data, b->len, &m)) {
			b->len = 0;
			buf_put(b, m.data, m.len);
		}
		buf_free(&m);
	}
	l->s = arena_strndup(&t->doc->mem, b->data ? b->data : "", b->len);
	l->len = b->len;
}

static void header_fields(text_ctx *t, rline *l, GMatchInfo *mi)
{
	l->kind = L_HEADER;
	l->author = match_group(t->doc, mi, "author");
	l->date = match_group(t->doc, mi, "date");
	l->title = match_group(t->doc, mi, "title");
	l->num = match_group(t->doc, mi, "num");
	l->parent = match_group(t->doc, mi, "parent");
}

static void classify(text_ctx *t, rline *l)
{
	if (l->len == 0) {
		l->kind = L_BLANK;
		return;
	}
	l->kind = L_TEXT;
	if (l->len > MAX_PATTERN_LINE)
		return;
	GMatchInfo *mi = NULL;
	switch (patterns_line_kind(t->pat, l->s, l->len <= 160)) {
	case PAT_COMMENTS_END:
		l->kind = L_CEND;
		break;
	case PAT_COMMENTS_START:
		l->kind = L_CSTART;
		break;
	case PAT_CHROME:
		l->kind = L_CHROME;
		break;
	case PAT_SLUG:
		l->kind = L_SLUG;
		break;
	case PAT_COMMENT_HEADER:
		if (patterns_groups(t->pat, PAT_COMMENT_HEADER, l->s, &mi)) {
			header_fields(t, l, mi);
			g_match_info_free(mi);
		}
		break;
	default:
		break;
	}
}

static void split_lines(text_ctx *t, const char *s, size_t n, unsigned no)
{
	size_t cap = 64;
	t->lines = xmalloc(cap * sizeof *t->lines);
	t->n = 0;
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (t->n == cap)
			t->lines = xrealloc(t->lines, (cap *= 2) * sizeof *t->lines);
		rline *l = &t->lines[t->n++];
		memset(l, 0, sizeof *l);
		l->no = no++;
		clean_line(t, l, p, (size_t)(e - p));
		classify(t, l);
		p = nl ? nl + 1 : end;
	}
}

/* ---- the head: kicker, title, dek, byline, date ---- */

static size_t next_text(text_ctx *t, size_t i, size_t to)
{
	while (i < to && t->lines[i].kind != L_TEXT)
		i++;
	return i;
}

static int title_like(const rline *l)
{
	if (l->len == 0 || l->len > 200 || text_words(l->s, l->len) > 30)
		return 0;
	char last = l->s[l->len - 1];
	if (last == '.' && !(l->len >= 3 && strcmp(l->s + l->len - 3, "...") == 0))
		return 0;
	return last != ',' && last != ';' && last != ':';
}

static const char *group_of(text_ctx *t, pattern_kind k, const rline *l,
    const char *name, const char **second, const char *name2)
{
	GMatchInfo *mi = NULL;
	if (l->len > MAX_PATTERN_LINE || !patterns_match(t->pat, k, l->s, &mi))
		return NULL;
	const char *v = match_group(t->doc, mi, name);
	if (second)
		*second = match_group(t->doc, mi, name2);
	g_match_info_free(mi);
	return v ? v : arena_strndup(&t->doc->mem, l->s, l->len);
}

/* Reads the head from line i; returns the first line of the body. */
static size_t parse_head(text_ctx *t, size_t i, size_t to)
{
	dossier_node *a = t->article;
	rline *L = t->lines;
	i = next_text(t, i, to);
	if (i >= to || a->as.article.title)	/* front matter named it */
		return i;
	size_t j = next_text(t, i + 1, to);
	const char *kicker;
	if (j < to && L[i].len <= 40 && title_like(&L[j]) &&
	    (kicker = group_of(t, PAT_KICKER, &L[i], "kicker", NULL, NULL))) {
		a->as.article.kicker = kicker;
		i = j;
		j = next_text(t, i + 1, to);
	}
	if (!title_like(&L[i]) || j >= to)
		return i;
	a->as.article.title = L[i].s;
	a->line = L[i].no;
	i = j;
	/* Up to three lines of dek, byline and date, in any order. */
	for (int k = 0; k < 3 && i < to; k++) {
		const rline *l = &L[i];
		j = next_text(t, i + 1, to);
		const char *v, *date = NULL;
		if (!a->as.article.byline &&
		    (v = group_of(t, PAT_BYLINE, l, "byline", &date, "date"))) {
			a->as.article.byline = v;
			if (date && !a->as.article.date)
				a->as.article.date = date;
		} else if (!a->as.article.date &&
		    (v = group_of(t, PAT_DATELINE, l, "date", NULL, NULL))) {
			a->as.article.date = v;
		} else if (!a->as.article.subtitle && j < to &&
		    (patterns_match(t->pat, PAT_DEK, l->s, NULL) ||
		     (l->len <= 160 && text_words(l->s, l->len) >= 4 &&
		      !text_reports(l->s, l->len) &&
		      l->s[l->len - 1] != ':' && L[j].len > l->len))) {
			a->as.article.subtitle = l->s;
		} else {
			break;
		}
		i = j;
	}
	return i;
}

/* A title for a file that has none: the first clause of the first
 * paragraph, never the whole paragraph, at most 120 characters. */
static const char *derive_title(text_ctx *t)
{
	dossier_node *first = NULL;
	for (dossier_node *b = t->article->first; b; b = b->next)
		if (b->type == DOSSIER_NODE_PARAGRAPH ||
		    b->type == DOSSIER_NODE_QUOTE ||
		    b->type == DOSSIER_NODE_HEADING) {
			first = b;
			break;
		}
	const char *s = NULL;
	if (first) {
		s = node_plain(t->doc, first);
	} else {
		dossier_node *th = t->article->last;
		if (th && th->type == DOSSIER_NODE_THREAD && th->first &&
		    th->first->first)
			s = node_plain(t->doc, th->first->first);
	}
	if (!s || !*s) {
		const char *base = strrchr(t->name, '/');
		return base ? base + 1 : t->name;
	}
	size_t n = strlen(s), cut = n;
	/* The first clause: up to a colon, semicolon, dash or sentence end. */
	for (size_t i = 0; i < n; i++) {
		if ((s[i] == ':' || s[i] == ';' || s[i] == '.' || s[i] == '?' ||
		    s[i] == '!') && (i + 1 == n || s[i + 1] == ' ') && i >= 20) {
			cut = s[i] == '?' || s[i] == '!' ? i + 1 : i;
			break;
		}
	}
	int ell = 0;
	if (cut > 80 || cut == n) {
		/* Too long, or the whole paragraph: end at a comma between
		 * 30 and 80 bytes, else at a word before 80 (or before two
		 * thirds of a short paragraph). */
		size_t lim = cut == n && n * 2 / 3 < 80 ? n * 2 / 3 : 80;
		size_t comma = 0;
		for (size_t i = 30; i < lim && i < n; i++)
			if (s[i] == ',')
				comma = i;
		if (comma) {
			cut = comma;
		} else {
			cut = lim < n ? lim : n;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			while (cut > 0 && strchr(",;:- ", s[cut - 1]))
				cut--;
			if (cut == 0)	/* one long word */
				for (cut = lim; cut > 0 &&
				    ((unsigned char)s[cut] & 0xC0) == 0x80; cut--)
					;
		}
		ell = 1;
	}
	return arena_printf(&t->doc->mem, "%.*s%s", (int)cut, s,
	    ell ? "…" : "");
}

/* ---- front matter ---- */

/* An address an article was published at: one the writers link to
 * (url_allowed), but not mail, and a single word. */
static int web_address(const char *s)
{
	return url_allowed(s) && g_ascii_strncasecmp(s, "mailto:", 7) != 0 &&
	    !strchr(s, ' ');
}

static void set_field(void *ctx, const char *key, const char *v, size_t n,
    unsigned line)
{
	text_ctx *t = ctx;
	dossier_node *a = t->article;
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
#define F(k, f) { k, offsetof(dossier_node, as.article.f) }
		F("title", title), F("headline", title),
		F("subtitle", subtitle), F("dek", subtitle),
		F("standfirst", subtitle), F("description", subtitle),
		F("kicker", kicker), F("section", kicker),
		F("byline", byline), F("author", byline), F("by", byline),
		F("date", date), F("published", date),
		F("lang", lang), F("language", lang),
		F("url", url), F("link", url), F("canonical", url),
		F("site", site), F("publication", site),
		F("publisher", site), F("source", site),
#undef F
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		if (strcasecmp(key, fields[i].key) != 0)
			continue;
		const char **slot = (const char **)((char *)a + fields[i].off);
		const char *val = frontmatter_value(t->doc, t->name, line, v, n);
		/* "source:" is the publication, or its address. */
		if (val && fields[i].off == offsetof(dossier_node,
		    as.article.site) && web_address(val))
			slot = &a->as.article.url;
		if (val && slot == &a->as.article.url && !web_address(val)) {
			dossier_warn(t->doc, t->name, line, "front matter: "
			    "'%s' is not an http(s) address (ignored)", val);
			return;
		}
		if (val && !*slot)
			*slot = val;
		return;
	}
	if (strcasecmp(key, "tags"))
		dossier_warn(t->doc, t->name, line,
		    "front matter: unknown key '%s' (ignored)", key);
}

/* A "---" block at the top of the file: returns the bytes it takes and
 * the number of lines. */
static size_t front_matter(text_ctx *t, const char *s, size_t n,
    unsigned *lines)
{
	*lines = 0;
	if (n < 4 || memcmp(s, "---\n", 4) != 0)
		return 0;
	const char *end = NULL;
	for (const char *p = s + 3; p && p < s + n;
	    p = memchr(p + 1, '\n', (size_t)(s + n - p - 1))) {
		if ((size_t)(s + n - p) >= 4 && (memcmp(p, "\n---", 4) == 0 ||
		    memcmp(p, "\n...", 4) == 0) &&
		    (p + 4 == s + n || p[4] == '\n')) {
			end = p;
			break;
		}
	}
	if (!end)
		return 0;	/* a rule, not front matter */
	frontmatter_parse(t->doc, t->name, 2, s + 4, (size_t)(end - s - 3),
	    set_field, t);
	size_t used = (size_t)(end - s) + 4 + (end + 4 < s + n);
	for (size_t i = 0; i < used; i++)
		*lines += s[i] == '\n';
	return used;
}

/* ---- the reader ---- */

static int read_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, dossier_error *err)
{
	text_ctx t = { .doc = doc, .name = name };
	if (!(t.pat = patterns_get(doc, err)))
		return -1;
	if (len == 0)
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: empty file",
		    name);
	buf text = { 0 };
	decode_stats st;
	decode_text(doc, name, data, len, &text, &st);
	if (st.nuls * 4 > len || st.invalid + st.controls > len / 4) {
		buf_free(&text);
		return dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: binary data, not article text (%zu NUL, %zu invalid "
		    "bytes)", name, st.nuls, st.invalid);
	}
	dossier_node *a = t.article = node_new(doc, DOSSIER_NODE_ARTICLE,
	    name, 1);
	a->as.article.source = name;
	unsigned fm_lines;
	size_t fm = front_matter(&t, text.data, text.len, &fm_lines);
	if (!a->as.article.lang)
		a->as.article.lang = doc->root->as.dossier.lang;
	split_lines(&t, text.data + fm, text.len - fm, 1 + fm_lines);
	buf_free(&text);

	/* The comment section, and the footer after it (comments.c). */
	size_t end, cz;
	size_t body = parse_head(&t, 0, t.n);
	comments_locate(&t, body, &cz, &end);
	body_parse(&t, body, cz);
	comments_parse(&t, cz, end);

	int rc = 0;
	if (!a->first && !a->as.article.title) {
		rc = dossier_fail(err, DOSSIER_ERR_INPUT,
		    "%s: no article text found", name);
	} else {
		if (!a->as.article.title) {
			a->as.article.title = derive_title(&t);
			a->as.article.title_derived = 1;
		}
		node_append(doc->root, a);
	}
	free(t.lines);
	buf_free(&t.scratch);
	return rc;
}

const dossier_reader dossier_reader_text = {
	.name = "text",
	.extensions = "txt text",
	.read = read_text,
};
