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
	if (utf8_ends_wide_stop(s, n))
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
	size_t w = 0, u = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ';
		if (!sp && !in)
			w++;
		in = !sp;
		/* Chinese and Japanese leave no space between words: two
		 * characters make one, about */
		if ((unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xEF &&
		    i + 2 < n && utf8_unspaced(g_utf8_get_char(s + i)))
			u++;
	}
	return w + u / 2;
}

int text_starts_lower(const char *s, size_t n)
{
	return n > 0 && s[0] >= 'a' && s[0] <= 'z';
}

void joiner_add(joiner *j, const char **s, size_t *n, const char *l,
    size_t ln)
{
	if (!j->on) {
		j->b.len = 0;
		buf_put(&j->b, *s, *n);
		j->on = 1;
	}
	buf_putc(&j->b, ' ');
	buf_put(&j->b, l, ln);
	*s = buf_cstr(&j->b);
	*n = j->b.len;
}

void joiner_end(joiner *j, arena *a, const char **s, size_t *n)
{
	if (!j->on)
		return;
	*s = arena_strndup(a, j->b.data, j->b.len);
	*n = j->b.len;
	j->on = 0;
}

/* Does the line read like news reporting: attribution or a weekday? A
 * dek rarely does; a lede nearly always does. */
static int text_reports(const char *s, size_t n)
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

static void header_fields(text_ctx *t, rline *l, pattern_match *mi)
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
	pattern_match *mi = NULL;
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
			pattern_match_free(mi);
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

static const char *group_of(text_ctx *t, pattern_kind k, const rline *l,
    const char *name, const char **second, const char *name2)
{
	pattern_match *mi = NULL;
	if (l->len > MAX_PATTERN_LINE || !patterns_match(t->pat, k, l->s, &mi))
		return NULL;
	const char *v = match_group(t->doc, mi, name);
	if (second)
		*second = match_group(t->doc, mi, name2);
	pattern_match_free(mi);
	return v ? v : arena_strndup(&t->doc->mem, l->s, l->len);
}

/* Is line i one to read the head from: text, or text the classifier
 * dropped (dates and bylines often look like chrome)? */
static int head_line(text_ctx *t, size_t i)
{
	return t->lines[i].kind == L_TEXT;
}

static size_t next_head(text_ctx *t, size_t i, size_t to)
{
	while (i < to && !head_line(t, i))
		i++;
	return i;
}

/* A dek the classifier may have dropped: one sentence of eight words or
 * more, short of a paragraph. */
static int dek_sentence(const rline *l)
{
	size_t w = text_words(l->s, l->len);
	return l->kind == L_TEXT && w >= 8 && w <= 30 &&
	    text_ends_sentence(l->s, l->len);
}

/* A date glued before the headline on its line ("23.01.2022 - Title",
 * "[ 26. Februar 2020 ] Title"): the article's date, not its title's
 * words. Returns the title without it (and sets the date when none is
 * known), or the line as it is. */
static const char *title_undated(text_ctx *t, const rline *l)
{
	static const char *const seps[] = { " - ", " \xE2\x80\x93 ",
	    " \xE2\x80\x94 ", " | ", " ] ", NULL };
	for (const char *const *sep = seps; *sep; sep++) {
		const char *e = strstr(l->s, *sep);
		size_t at = e ? (size_t)(e - l->s) : 0;
		/* a date is short; what follows is a headline's words */
		if (!e || at < 6 || at > 30 || at >= l->len ||
		    text_words(e, l->len - at) < 3)
			continue;
		char pre[32];
		memcpy(pre, l->s, at);
		pre[at] = '\0';
		if (text_words(pre, at) > 4 ||
		    !patterns_match(t->pat, PAT_DATE, pre, NULL))
			continue;
		if (!t->article->as.article.date) {
			const char *d = pre + strspn(pre, "[ ");
			t->article->as.article.date = arena_strndup(
			    &t->doc->mem, d, strlen(d));
		}
		return e + strlen(*sep);
	}
	return l->s;
}

/* Reads the head around the headline the classifier chose; returns the
 * first line of the body. Lines before the headline are not the article. */
static size_t parse_head(text_ctx *t, const page_result *pr, size_t to)
{
	dossier_node *a = t->article;
	rline *L = t->lines;
	size_t first = pr->first < to ? pr->first : next_text(t, 0, to);
	if (a->as.article.title) {	/* front matter named it */
		if (pr->title >= 0 && pr->title_was_body)
			t->boiler[pr->title] = 0;	/* then it is text */
		if (pr->title >= 0 && (size_t)pr->title < first &&
		    pr->title_was_body)
			first = (size_t)pr->title;
		return first;
	}
	if (pr->title < 0 || (size_t)pr->title >= to)
		return first;
	size_t ti = (size_t)pr->title;
	/* A kicker: the line right above, short, as "WORLD |". */
	const char *kicker;
	for (size_t k = ti; k-- > 0;) {
		if (L[k].kind == L_BLANK)
			continue;
		if (L[k].len <= 40 && L[k].kind == L_TEXT && (kicker = group_of(t,
		    PAT_KICKER, &L[k], "kicker", NULL, NULL)))
			a->as.article.kicker = kicker;
		break;
	}
	a->as.article.title = title_undated(t, &L[ti]);
	a->line = L[ti].no;
	t->boiler[ti] = 1;
	if (ti > first) {	/* a headline inside the text */
		byline_find(t, ti + 1, to);
		return first;
	}
	size_t i = next_head(t, ti + 1, to), j;
	/* Up to three lines of dek, byline and date, in any order, among
	 * up to six lines the classifier may have dropped. */
	for (int k = 0, seen = 0; k < 3 && seen < 6 && i < to; seen++) {
		const rline *l = &L[i];
		j = next_head(t, i + 1, to);
		const char *v, *date = NULL;
		if (!a->as.article.byline &&
		    (v = group_of(t, PAT_BYLINE, l, "byline", &date, "date"))) {
			a->as.article.byline = v;
			if (date && !a->as.article.date)
				a->as.article.date = date;
			k++;
		} else if (!a->as.article.date &&
		    (v = group_of(t, PAT_DATELINE, l, "date", NULL, NULL))) {
			a->as.article.date = v;
			k++;
		} else if (t->boiler[i] && !(k == 0 && dek_sentence(l))) {
			/* chrome between the headline and the text; not
			 * a sentence right under it, which is its dek */
		} else if (!a->as.article.subtitle && j < to &&
		    (patterns_match(t->pat, PAT_DEK, l->s, NULL) ||
		     (l->len <= 160 && text_words(l->s, l->len) >= 4 &&
		      !text_reports(l->s, l->len) &&
		      l->s[l->len - 1] != ':' && (L[j].len > l->len ||
		      patterns_match(t->pat, PAT_BYLINE_LEAD, L[j].s, NULL) ||
		      group_of(t, PAT_BYLINE, &L[j], "byline", NULL,
		      NULL))))) {
			a->as.article.subtitle = l->s;
			k++;
		} else {
			break;
		}
		t->boiler[i] = 1;
		i = j;
	}
	byline_find(t, ti + 1, to);
	/* text the classifier kept above the headline stays */
	return pr->first_any < i ? pr->first_any : i;
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

/* The classifier's reading of the page up to end. The article starts
 * before a marked comment section: when the classifier put it after the
 * first comments line or comment header, it took the discussion for the
 * article; the page is read again up to that line, unless what stands
 * before it holds no paragraph: then the line was a menu's or a
 * teaser's, not the discussion's, and the first reading holds. */
static void classify_page(text_ctx *t, size_t end, page_result *pr)
{
	page_classify(t, end, pr);
	size_t cmark = end;
	for (size_t i = 0; i < end && cmark == end; i++)
		if (t->lines[i].kind == L_CSTART || t->lines[i].kind == L_HEADER)
			cmark = i;
	if (cmark == end || (pr->first_any < cmark &&
	    (pr->title < 0 || (size_t)pr->title < cmark)))
		return;
	unsigned char *first = t->boiler;
	page_result again;
	page_classify(t, cmark, &again);
	if (again.paragraphs) {
		free(first);
		*pr = again;
	} else {
		free(t->boiler);
		t->boiler = first;
	}
}

/* The article's language is its text's: the page's, which the classifier
 * read, counts the menus and notices around it too. */
static void article_lang(dossier_node *a)
{
	unsigned best, declared;
	const char *tag = lang_of_body(a, NULL, &best, &declared);
	if (tag)
		a->as.article.lang = tag;
}

/* Where comments.c ends the page: at the first comments-end line (a
 * comment form) with at least as much text above it as below. */
static size_t footer_start(text_ctx *t)
{
	size_t after = 0, before = 0;
	for (size_t i = 0; i < t->n; i++)
		after += t->lines[i].kind == L_TEXT ? t->lines[i].len : 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->lines[i].kind == L_CEND && before >= after)
			return i;
		if (t->lines[i].kind == L_TEXT) {
			before += t->lines[i].len;
			after -= t->lines[i].len;
		}
	}
	return t->n;
}

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
	int fm_lang = a->as.article.lang != NULL;
	split_lines(&t, text.data + fm, text.len - fm, 1 + fm_lines);
	buf_free(&text);

	/* The footer starts at the first comments-end line. The classifier
	 * reads the page up to it. */
	size_t end = t.n, cz;
	for (size_t i = 0; i < t.n; i++)
		if (t.lines[i].kind == L_CEND) {
			end = i;
			break;
		}
	page_result pr;
	classify_page(&t, end, &pr);
	/* no article above the form: it was a "leave a comment" link over
	 * the article, which is read to the footer comments.c will find */
	size_t foot = footer_start(&t);
	if (!pr.paragraphs && foot > end) {
		free(t.boiler);
		classify_page(&t, end = foot, &pr);
	}
	/* what the classifier did not read is no article: a page footer
	 * under the form, when comments.c reads on past it */
	for (size_t i = end; i < t.n; i++)
		t.boiler[i] = 1;
	if (!fm_lang)
		a->as.article.lang = pr.lang ? pr.lang :
		    doc->root->as.dossier.lang;
	size_t body = parse_head(&t, &pr, t.n);
	/* The comment section, by its structure, and the footer after it
	 * (comments.c); the classifier's decisions hold before it. */
	comments_locate(&t, body, &cz, &end);
	lead_chrome(&t, body, cz);
	page_apply(&t, 0, cz);
	body_parse(&t, body, cz);
	if (!fm_lang)
		article_lang(a);
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
	free(t.boiler);
	buf_free(&t.scratch);
	return rc;
}

const dossier_reader dossier_reader_text = {
	.name = "text",
	.extensions = "txt text",
	.read = read_text,
};
