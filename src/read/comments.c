/* comments.c: the discussion under an article. Comments are found by their
 * header lines (patterns in sites.conf), or, on pages that mark nothing, by
 * where the text stops reading like the article; they are threaded by reply
 * numbers, "Re:" subjects or indentation, and exact duplicates dropped. */
#include "read.h"
#include "blocks.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct para {
	const char *s;
	size_t len;
	unsigned no;
} para;

typedef struct pending {
	const char *author, *date, *num, *parent;
	const char *reply_to;	/* a name it answers ("in reply to NAME") */
	int deleted;		/* its text says it is gone */
	unsigned no, indent;
	int has_header;
	size_t p0, np;		/* its paragraphs in the para array */
} pending;

typedef struct cstate {
	text_ctx *t;
	para *paras;
	size_t npara, cappara;
	pending *cs;
	size_t ncs, capcs;
	joiner join;	/* the last paragraph, while lines join it */
} cstate;

static pending *new_comment(cstate *c, unsigned no)
{
	if (c->ncs == c->capcs)
		c->cs = xrealloc(c->cs, (c->capcs = c->capcs ? 2 * c->capcs :
		    64) * sizeof *c->cs);
	pending *p = &c->cs[c->ncs++];
	memset(p, 0, sizeof *p);
	p->no = no;
	p->p0 = c->npara;
	return p;
}

/* The paragraph lines were joined to, into the document. */
static void end_join(cstate *c)
{
	if (c->npara) {
		para *last = &c->paras[c->npara - 1];
		joiner_end(&c->join, &c->t->doc->mem, &last->s, &last->len);
	}
}

static void add_para(cstate *c, pending *p, const rline *l, int join)
{
	if (join && p->np) {
		para *last = &c->paras[c->npara - 1];
		joiner_add(&c->join, &last->s, &last->len, l->s, l->len);
		return;
	}
	end_join(c);
	if (c->npara == c->cappara)
		c->paras = xrealloc(c->paras, (c->cappara = c->cappara ?
		    2 * c->cappara : 256) * sizeof *c->paras);
	c->paras[c->npara++] = (para){ l->s, l->len, l->no };
	p->np++;
}

static int url_only(const char *s, size_t n)
{
	return url_start(s, n, URL_WWW) && !memchr(s, ' ', n);
}

/* Does a word of s belong to chrome by the model's lexicon (a footer's
 * "Impressum", a menu's "Datenschutz")? Then the line is a label, not a
 * commenter's name. */
static int chrome_worded(const char *s, size_t n)
{
	float f[BF__MAX] = { 0 };
	blocks_lexicon("text", s, n, f);
	return f[BF_LEX_LOW] <= -1;
}

/* A footer's or menu's label: a short line of chrome words. Unmarked
 * comments neither hold nor are signed by it. */
static int chrome_label(const rline *l)
{
	return text_words(l->s, l->len) < 4 && chrome_worded(l->s, l->len);
}

static int is_signature(text_ctx *t, const rline *l)
{
	return l->len <= 40 && patterns_match(t->pat, PAT_SIGNATURE, l->s,
	    NULL) && !chrome_worded(l->s, l->len);
}

/* ---- unmarked comments: where does the article stop? ---- */

static int has_word(const char *s, size_t n, const char *const *words)
{
	for (const char *const *w = words; *w; w++) {
		size_t k = strlen(*w);
		for (const char *p = s; (p = strstr(p, *w)) && p + k <= s + n;
		    p++) {
			int left = p == s || !((p[-1] >= 'a' && p[-1] <= 'z') ||
			    (p[-1] >= 'A' && p[-1] <= 'Z'));
			char r = p[k];
			int right = !((r >= 'a' && r <= 'z') ||
			    (r >= 'A' && r <= 'Z'));
			if (left && right)
				return 1;
		}
	}
	return 0;
}

/* The line without what stands inside “quotation marks”, into b. */
static void unquoted(buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	int depth = 0;
	size_t i = 0;
	b->len = 0;
	while (i < n) {
		const unsigned char *e = memchr(p + i, 0xE2, n - i);
		size_t j = e ? (size_t)(e - p) : n;
		if (!depth)
			buf_put(b, s + i, j - i);
		if (j + 2 < n && p[j + 1] == 0x80 && p[j + 2] == 0x9C) {
			depth++;
			j += 2;
		} else if (j + 2 < n && p[j + 1] == 0x80 && p[j + 2] == 0x9D) {
			if (depth)
				depth--;
			j += 2;
		} else if (j < n && !depth) {
			buf_putc(b, s[j]);
		}
		i = j + 1;
	}
	buf_cstr(b);
}

/* How much a line reads like a reader's comment (>0) rather than the
 * article (<0). Text inside quotation marks is not the writer's voice. */
static double comment_score(text_ctx *t, const rline *l)
{
	static const char *const first_person[] = { "I", "I'm", "I’m", "I've",
	    "I’ve", "I'd", "I’d", "my", "me", "My", NULL };
	static const char *const second_person[] = { "you", "your", "You",
	    "Your", NULL };
	static const char *const reporting[] = { "said", "says", "told",
	    "according to", "reported", "announced", "stated", "noted",
	    "wrote", NULL };
	if (is_signature(t, l))
		return 3;
	if (url_only(l->s, l->len))
		return 2;
	buf *b = &t->scratch;
	unquoted(b, l->s, l->len);
	const char *s = b->data;
	size_t n = b->len;
	int me = has_word(s, n, first_person);
	double sc = -0.3;
	if (text_starts_lower(l->s, l->len))
		sc += 2;
	if (me)
		sc += 1.5;
	if (has_word(s, n, second_person))
		sc += 1;
	if (l->len && l->s[l->len - 1] == '?')
		sc += 1;
	if (memchr(l->s, '!', l->len))
		sc += 0.5;
	if (strstr(l->s, "http"))
		sc += 0.5;
	if (!me && has_word(l->s, l->len, reporting))
		sc -= 2;
	if (strstr(l->s, "“"))
		sc -= 1;
	if (l->len > 150 && !me)
		sc -= 1;
	return sc;
}

/* Where unmarked comments start in [from, to), or to if none. */
static size_t comments_find_unmarked(text_ctx *t, size_t from, size_t to)
{
	/* One change in the mean of the line scores: the article before it,
	 * the comments after it. The change point is where the running sum
	 * of (score - mean) is lowest (CUSUM). */
	/* a footer's labels after the last comment are not the section's
	 * (elsewhere they are scraps: a menu's, not people talking) */
	size_t last = to;
	while (last > from && (t->lines[last - 1].kind != L_TEXT ||
	    chrome_label(&t->lines[last - 1])))
		last--;
	size_t n = 0;
	for (size_t i = from; i < last; i++)
		n += t->lines[i].kind == L_TEXT;
	if (n < 5)
		return to;
	double *x = xmalloc(n * sizeof *x), mean = 0;
	size_t *at = xmalloc(n * sizeof *at), k = 0;
	for (size_t i = from; i < last; i++) {
		if (t->lines[i].kind != L_TEXT)
			continue;
		at[k] = i;
		x[k] = comment_score(t, &t->lines[i]);
		mean += x[k++];
	}
	mean /= (double)n;
	double sum = 0, best = 0;
	size_t best_k = 0;
	for (k = 0; k < n; k++) {
		if (k >= 2 && n - k >= 3 && (best_k == 0 || sum < best)) {
			best = sum;
			best_k = k;
		}
		sum += x[k] - mean;
	}
	double pre = 0, suf = 0;
	size_t strong = 0, scraps = 0;
	for (k = 0; k < n; k++) {
		if (k < best_k)
			pre += x[k];
		else {
			suf += x[k];
			strong += x[k] >= 1.5;
			/* menus and footers: short lines that are no name */
			const rline *l = &t->lines[at[k]];
			scraps += text_words(l->s, l->len) < 4 &&
			    !is_signature(t, l) && !url_only(l->s, l->len);
		}
	}
	pre /= (double)best_k;
	suf /= (double)(n - best_k);
	size_t r = to;
	/* Enough evidence, or the article keeps all its lines. */
	if (best_k && suf >= 0 && suf - pre >= 1.5 && strong >= 2 &&
	    scraps * 5 <= n - best_k)
		r = at[best_k];
	free(x);
	free(at);
	return r;
}

/* ---- the comment section found by its structure ---- */

/* A comment shows a header block that repeats down the section: a name, a
 * date or an age ("3 hours ago", "vor 2 Tagen"), sometimes "Name says:",
 * an avatar or a count; after its text, often a Reply or Report link. A
 * run of such blocks with text between them is the discussion, whatever
 * the site, and needs a little more evidence than the blocks themselves
 * when a news page's teasers could take the same shape (title, date,
 * text): a comments heading, reply links, or names on every header. */

enum {
	MAX_HEADER_LINE = 120,	/* a header line is short */
	MAX_GAP = 80,		/* text lines of one comment, at most */
	HEADING_REACH = 8,	/* a heading this many lines above a header */
	MIN_ABOVE = 400		/* bytes of article text above a count */
};

typedef struct hdr {
	size_t first, last;	/* the header block's lines */
	const char *author, *date;
	int pattern;		/* a comment-header rule matched */
	size_t text;		/* text lines under it, to the next header */
	size_t chars;		/* and their bytes */
	int chrome_after;	/* its text ends with a Reply-like line */
	int prose;		/* a line of it reads as a sentence */
	int chrome;		/* a Reply-like line in the block or text */
	int heading;		/* a comments heading under it */
	guint shape;		/* a hash of how the block is made */
	int named;		/* its name shown twice: how (same_person) */
	size_t foot;		/* its date under its text, or 0 */
} hdr;

/* The shape of a header block: a header rule or not, and the date written
 * as a class ("19.04.2016 um 20:55" and "3.5.2019 um 9:02" are one). */
static guint block_shape(const hdr *x, const char *date)
{
	guint h = (guint)x->pattern;
	int prev = 0;
	/* the date and the time after it; not "| parent | next" */
	for (const unsigned char *p = (const unsigned char *)(date ? date :
	    ""); *p && !strchr("|([", *p); p++) {
		if (*p == ' ')
			continue;
		int c = (*p >= '0' && *p <= '9') ? '9' : (*p >= 0x80 ||
		    g_ascii_isalpha(*p)) ? 'a' : *p;
		if (c != prev)
			h = h * 31 + (guint)c;
		prev = c;
	}
	return h;
}

static int is_comment_chrome(text_ctx *t, const rline *l)
{
	return l->len && l->len <= 80 && (l->kind == L_TEXT ||
	    l->kind == L_CHROME) && patterns_match(t->pat,
	    PAT_COMMENT_CHROME, l->s, NULL);
}

/* "von", "de", "van": lower case inside a name. */
static int particle(const char *w)
{
	static const char *const ps[] = { "von", "van", "de", "der", "den",
	    "da", "di", "du", "del", "la", "le", "bin", "al", "y", "zu",
	    "by", NULL };
	size_t n = strcspn(w, " ");
	for (const char *const *p = ps; *p; p++)
		if (strlen(*p) == n && strncmp(w, *p, n) == 0)
			return 1;
	return 0;
}

/* A short line that could be a commenter's name or handle: a few words,
 * no sentence, not a count. Initials ("S.", "Georg N.") may end in a
 * full stop. */
static int name_str(text_ctx *t, const char *s, size_t n);

static int name_like(text_ctx *t, const rline *l)
{
	return l->kind == L_TEXT && name_str(t, l->s, l->len);
}

static int name_str(text_ctx *t, const char *s, size_t n)
{
	rline tmp = { .s = s, .len = n, .kind = L_TEXT };
	const rline *l = &tmp;
	if (l->len == 0 || l->len > 48 || text_words(l->s, l->len) > 4)
		return 0;
	unsigned char c0 = (unsigned char)l->s[0];
	/* "@handle" alone is a name; "[deleted]" stands for one */
	if (c0 == '@' && l->len > 1 && !memchr(l->s, ' ', l->len))
		return 1;
	if (c0 == '[' && patterns_match(t->pat, PAT_COMMENT_DELETED, l->s,
	    NULL))
		return 1;
	if ((c0 >= '0' && c0 <= '9') || strchr("\"'([{<>@#*+-|/,.:;!?", c0) ||
	    !g_unichar_isalpha(g_utf8_get_char_validated(l->s, (gssize)l->len)))
		return 0;
	char last = l->s[l->len - 1];
	if (strchr("!?:;,", last))
		return 0;
	if (last == '.') {
		const char *w = l->s + l->len - 1;
		while (w > l->s && w[-1] != ' ')
			w--;
		if (l->s + l->len - w > 4)
			return 0;
	}
	/* A name's words are all capitalized, or all in lower case (a
	 * handle); a headline mixes them ("Netzentgelte müssen sinken"). */
	size_t words = 0, lower = 0;
	for (const char *w = l->s; w && *w; w = strchr(w, ' ')) {
		while (*w == ' ')
			w++;
		words++;
		if (text_starts_lower(w, strlen(w)) && !particle(w))
			lower++;
	}
	if (lower && lower != words)
		return 0;
	return !is_comment_chrome(t, l);
}

/* The name in a name line, less "Comment by" and the like. */
static const char *author_of(text_ctx *t, const char *s)
{
	pattern_match *mi = NULL;
	const char *v = NULL;
	if (patterns_groups(t->pat, PAT_COMMENT_AUTHOR, s, &mi)) {
		v = match_group(t->doc, mi, "author");
		pattern_match_free(mi);
	}
	return v ? v : s;
}

/* Every date rule has a digit, or an age word with its number in
 * letters ("an hour ago", "vor einem Tag"): most lines are not tried. */
static int maybe_date(const rline *l)
{
	static const char *const ages[] = { " ago", "vor ", "il y a ",
	    "temu", "hace ", NULL };
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] >= '0' && l->s[i] <= '9')
			return 1;
	for (const char *const *a = ages; *a; a++)
		if (memmem(l->s, l->len, *a, strlen(*a)))
			return 1;
	return 0;
}

/* Is l a header's date line: short, and mostly one date or age? Sets
 * *author to what stands before the date when it reads as a name. */
static int date_line(text_ctx *t, const rline *l, const char **author,
    size_t *at)
{
	*author = NULL;
	if (l->kind != L_TEXT || l->len > MAX_HEADER_LINE || !maybe_date(l) ||
	    !patterns_match(t->pat, PAT_DATE, l->s, NULL))
		return 0;
	pattern_match *mi = NULL;
	if (!patterns_groups(t->pat, PAT_DATE, l->s, &mi))
		return 0;
	size_t a = 0, b = 0;
	int got = pattern_match_span(mi, &a, &b);
	pattern_match_free(mi);
	if (!got)
		return 0;
	size_t pre = a, post = l->len - b;
	if (at)
		*at = pre;
	/* The rest is a name before and a time or "edited" after: a
	 * sentence that mentions a date is text. */
	if (text_words(l->s, pre) > 7 || pre > 64 ||
	    text_words(l->s + b, post) > 8 || post > 48)
		return 0;
	if (memchr(l->s + b, '.', post) && text_words(l->s + b, post) > 3)
		return 0;
	/* "— Name (@handle) date" signs a quoted post, an embedded tweet */
	if (pre && (l->s[0] == '-' || strncmp(l->s, "—", 3) == 0 ||
	    strncmp(l->s, "–", 3) == 0))
		return 0;
	if (pre) {
		char *p = g_strndup(l->s, pre);
		if (patterns_groups(t->pat, PAT_COMMENT_AUTHOR, p, &mi)) {
			const char *v = match_group(t->doc, mi, "author");
			pattern_match_free(mi);
			/* "on", "am", "le" before a date are no name */
			size_t vn = v ? strlen(v) : 0;
			if (v && !(v[0] >= '0' && v[0] <= '9') &&
			    text_words(v, vn) <= 5 && !(vn <= 4 &&
			    text_starts_lower(v, vn)))
				*author = v;
		}
		g_free(p);
	}
	return 1;
}

static size_t prev_line(text_ctx *t, size_t i, size_t from)
{
	while (i > from) {
		i--;
		if (t->lines[i].kind != L_BLANK)
			return i;
	}
	return (size_t)-1;
}

static size_t next_line(text_ctx *t, size_t i, size_t to)
{
	for (i++; i < to; i++)
		if (t->lines[i].kind != L_BLANK)
			return i;
	return to;
}

/* "Name said:" right under a header quotes the one it answers: a reply-to
 * line, not a new comment. Rewrites line i so and says whether it did. */
static int said_under_header(text_ctx *t, size_t i, size_t from,
    const hdr *h, size_t n)
{
	rline *L = t->lines;
	if (L[i].kind != L_HEADER || !n || h[n - 1].pattern ||
	    prev_line(t, i, from) != h[n - 1].last || !L[i].author)
		return 0;
	L[i].kind = L_TEXT;
	L[i].s = arena_printf(&t->doc->mem, "in reply to %s", L[i].author);
	L[i].len = strlen(L[i].s);
	return 1;
}

/* A header rule's line, with the date line under it when it has none. */
static void rule_header(text_ctx *t, size_t i, size_t to, hdr *x,
    const char **dl)
{
	rline *L = t->lines;
	x->pattern = 1;
	x->author = L[i].author;
	x->date = L[i].date;
	size_t j = next_line(t, i, to);
	const char *a2;
	size_t at = 0;
	if (!x->date && j < to && date_line(t, &L[j], &a2, &at)) {
		x->date = *dl = L[j].s + at;
		x->last = j;
	}
}

/* Is a line's start or end, n bytes, an avatar's words ("Avatar",
 * "Profilbild von")? */
static int avatar_words(text_ctx *t, const char *s, size_t n)
{
	char *w = g_strndup(s, n);
	rline tmp = { .s = w, .len = n, .kind = L_TEXT };
	int r = text_words(s, n) <= 2 && is_comment_chrome(t, &tmp);
	g_free(w);
	return r;
}

/* How line q shows the person named name: 1 the name again, 2 its
 * initial (a letter avatar: "M" over "Marta K."), 3 the name with an
 * avatar's words (an image's alt text: "Maria Keller Avatar",
 * "Profilbild von Maria"); else 0. */
static int same_person(text_ctx *t, const rline *q, const char *name)
{
	size_t n = strlen(name);
	if (!q->len || !n)
		return 0;
	if (q->len == n && memcmp(q->s, name, n) == 0)
		return 1;
	const char *nx = g_utf8_find_next_char(name, name + n);
	size_t c = nx ? (size_t)(nx - name) : n;
	if ((q->len == c || (q->len == c + 1 && q->s[c] == '.')) && c < n &&
	    memcmp(q->s, name, c) == 0 && g_unichar_isupper(g_utf8_get_char(
	    name)))
		return 2;
	if (q->len <= n + 1 || is_comment_chrome(t, q))
		return is_comment_chrome(t, q) && q->len > n + 1 &&
		    memcmp(q->s + q->len - n, name, n) == 0 ? 3 : 0;
	if (memcmp(q->s, name, n) == 0 && q->s[n] == ' ' &&
	    avatar_words(t, q->s + n + 1, q->len - n - 1))
		return 3;
	return memcmp(q->s + q->len - n, name, n) == 0 &&
	    q->s[q->len - n - 1] == ' ' &&
	    avatar_words(t, q->s, q->len - n - 1) ? 3 : 0;
}

/* A header shown by its name twice, with at most a short label between
 * ("Greta Holm" / "Guest" / "Greta Holm", "M" / "Marta K."), and the
 * date under it when there is one. Fills x; 0 when line i opens none. */
static int name_block(text_ctx *t, size_t i, size_t to, hdr *x)
{
	rline *L = t->lines;
	if (L[i].kind != L_TEXT || L[i].len > 60 ||
	    text_words(L[i].s, L[i].len) > 6)
		return 0;
	size_t j = next_line(t, i, to);
	for (int k = 0; k < 2 && j < to; k++) {
		/* the same line twice and nothing between is a teaser's
		 * picture over its title */
		int how = name_like(t, &L[j]) ? same_person(t, &L[i],
		    L[j].s) : 0;
		if (how && (k || how > 1)) {
			/* a date near it makes it a date's header */
			size_t e = j;
			for (int d = 0; d < 3 && (e = next_line(t, e, to)) < to;
			    d++)
				if (maybe_date(&L[e]) && date_line(t, &L[e],
				    &(const char *){ NULL }, NULL))
					return 0;
			x->first = i;
			x->last = j;
			x->author = L[j].s;
			x->named = how;
			return 1;
		}
		/* one label between: "Guest", "Author", "Verified Buyer" */
		if ((L[j].kind != L_TEXT && L[j].kind != L_CHROME) ||
		    !g_unichar_isalpha(g_utf8_get_char(L[j].s)) ||
		    L[j].len > 24 || text_words(L[j].s, L[j].len) > 2 ||
		    (maybe_date(&L[j]) && date_line(t, &L[j],
		    &(const char *){ NULL }, NULL)))
			return 0;
		j = next_line(t, j, to);
	}
	return 0;
}

/* The header block around date line i: the name above it (or under it),
 * an avatar above. 0 when the date is a header rule's own. */
static int date_header(text_ctx *t, size_t i, size_t from, size_t to,
    size_t done, const hdr *h, size_t n, hdr *x)
{
	rline *L = t->lines;
	const char *author = x->author;
	size_t p = prev_line(t, i, done);
	if (p != (size_t)-1 && L[p].kind == L_HEADER)
		return 0;	/* its header's date */
	const char *pa = p != (size_t)-1 && L[p].kind == L_TEXT &&
	    L[p].len <= 60 ? author_of(t, L[p].s) : NULL;
	if (pa && (name_like(t, &L[p]) || (pa != L[p].s &&
	    name_str(t, pa, strlen(pa)))) && (!author ||
	    strcmp(author, pa) == 0)) {
		x->author = pa;
		x->first = p;
	}
	/* an avatar, or the name twice, above it */
	size_t q = x->first > from ? prev_line(t, x->first, done) :
	    (size_t)-1;
	if (q != (size_t)-1 && (is_comment_chrome(t, &L[q]) ||
	    (x->author && same_person(t, &L[q], x->author))) &&
	    !(n && h[n - 1].last >= q))
		x->first = q;
	/* or the name under the date: again, or, under an avatar and a
	 * date, for the first time */
	size_t j = next_line(t, i, to);
	if (j < to && x->author && strcmp(L[j].s, x->author) == 0 &&
	    !patterns_match(t->pat, PAT_COMMENT_DELETED, L[j].s, NULL)) {
		x->last = j;
	} else if (j < to && !x->author && x->first < i &&
	    name_like(t, &L[j])) {
		x->author = author_of(t, L[j].s);
		x->last = j;
	}
	return 1;
}

/* A line that is one date or age and nothing else ("2 months ago"). */
static int foot_date(text_ctx *t, const rline *l)
{
	const char *a;
	size_t at = 1;
	return date_line(t, l, &a, &at) && !a && at == 0;
}

/* The text under header k, to the next header: how many lines and bytes,
 * whether it reads as prose and ends with a Reply-like line. */
static void measure_text(text_ctx *t, hdr *h, size_t n, size_t k,
    size_t to)
{
	rline *L = t->lines;
	size_t stop = k + 1 < n ? h[k + 1].first : to, lastl = to;
	size_t text = 0, chars = 0;
	for (size_t i = h[k].last + 1; i < stop; i++) {
		if (L[i].kind == L_BLANK)
			continue;
		h[k].heading |= L[i].kind == L_CSTART;
		if (is_comment_chrome(t, &L[i])) {
			lastl = i;
			h[k].chrome = 1;
		} else if (h[k].named && !h[k].foot && text && lastl != to &&
		    foot_date(t, &L[i])) {
			lastl = i;	/* the age under the votes */
			h[k].foot = i;
		} else if (L[i].kind == L_TEXT) {
			text++;
			chars += L[i].len;
			lastl = to;
			/* a teaser's headline has no full stop */
			size_t w = text_words(L[i].s, L[i].len);
			h[k].prose |= w >= 12 || (w >= 4 &&
			    text_ends_sentence(L[i].s, L[i].len));
		}
		if (text > MAX_GAP)
			break;
	}
	h[k].text = text;
	h[k].chars = chars;
	for (size_t i = h[k].first; i < h[k].last; i++)
		h[k].chrome |= is_comment_chrome(t, &L[i]);
	h[k].chrome_after = text && lastl != to;
}

/* The header blocks in [from, to), in order; with names, also the
 * headers shown by a name twice (name_block). */
static hdr *find_headers(text_ctx *t, size_t from, size_t to, size_t *nh,
    int names)
{
	rline *L = t->lines;
	hdr *h = NULL;
	size_t n = 0, cap = 0;
	size_t done = from;	/* lines before this belong to a header */
	for (size_t i = from; i < to; i++) {
		const char *author = NULL;
		hdr x = { .first = i, .last = i };
		const char *dl = NULL;
		size_t dpos = 0;
		if (said_under_header(t, i, from, h, n))
			continue;
		hdr nb = { 0 };
		if (L[i].kind == L_HEADER) {
			rule_header(t, i, to, &x, &dl);
		} else if (names && i >= done && name_block(t, i, to, &x)) {
			dl = x.date;
		} else if (i >= done && date_line(t, &L[i], &author, &dpos)) {
			/* a date over a name shown twice is the foot of the
			 * comment above */
			size_t pv = prev_line(t, i, from);
			if ((name_block(t, next_line(t, i, to), to, &nb) ||
			    (n && h[n - 1].named && pv != (size_t)-1 &&
			    is_comment_chrome(t, &L[pv]) && foot_date(t,
			    &L[i]))))
				continue;
			/* the date without the name or count before it */
			x.date = dl = L[i].s + dpos;
			x.author = author;
			if (!date_header(t, i, from, to, done, h, n, &x))
				continue;
		} else {
			continue;
		}
		if (n && x.first <= h[n - 1].last)
			continue;
		x.shape = block_shape(&x, dl) ^ (x.named ? 0x5bd1e995u : 0);
		/* "6 hours ago | parent | next": the links are no date */
		const char *bar = x.date && !x.pattern ? strstr(x.date, " | ") :
		    NULL;
		if (bar)
			x.date = arena_strndup(&t->doc->mem, x.date,
			    (size_t)(bar - x.date));
		if (n == cap)
			h = xrealloc(h, (cap = cap ? 2 * cap : 32) * sizeof *h);
		h[n++] = x;
		done = x.last + 1;
		i = x.last;
	}
	for (size_t k = 0; k < n; k++)
		measure_text(t, h, n, k, to);
	*nh = n;
	return h;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* "level 2" over a header (or as its first line) nests it as an indent
 * would: the threading reads indents. */
static unsigned depth_above(text_ctx *t, size_t i, size_t from,
    unsigned indent)
{
	for (int k = 0; k < 2; k++) {
		const rline *l = &t->lines[i];
		pattern_match *mi = NULL;
		if (l->len <= 20 && patterns_match(t->pat, PAT_COMMENT_DEPTH,
		    l->s, &mi)) {
			const char *d = match_group(t->doc, mi, "depth");
			pattern_match_free(mi);
			unsigned v = d ? (unsigned)strtoul(d, NULL, 10) : 0;
			return v > 0 && v < 64 ? (v - 1) * 4 : indent;
		}
		pattern_match_free(mi);
		size_t p = prev_line(t, i, from);
		if (p == (size_t)-1)
			break;
		i = p;
	}
	return indent;
}

/* "0 comments": a heading over nothing. */
static int zero_count(const rline *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] >= '0' && l->s[i] <= '9')
			return l->s[i] == '0' && (i + 1 == l->len ||
			    l->s[i + 1] < '0' || l->s[i + 1] > '9');
	return 0;
}

/* A heading that counts its comments ("12 Kommentare"), not a menu's
 * "Comments" link nor "0 comments". */
static int counted(const rline *l)
{
	for (size_t i = 0; i < l->len; i++)
		if (l->s[i] >= '1' && l->s[i] <= '9')
			return 1;
		else if (l->s[i] == '0' && (i == 0 || l->s[i - 1] < '0' ||
		    l->s[i - 1] > '9') && (i + 1 == l->len ||
		    l->s[i + 1] < '0' || l->s[i + 1] > '9'))
			return 0;
	return 0;
}

/* Is one of the reach lines after line i a paragraph, as the article's
 * text follows a count of its comments in the byline ("71 comments",
 * "0 comments", then the reading time)? A discussion opens with a name,
 * a form or a short line first. */
static int prose_line(const rline *l)
{
	return l->kind == L_TEXT && text_words(l->s, l->len) >= 15 &&
	    text_ends_sentence(l->s, l->len);
}

static int prose_follows(text_ctx *t, size_t i, size_t to, int reach)
{
	for (size_t j = i; reach-- > 0 && (j = next_line(t, j, to)) < to;)
		if (prose_line(&t->lines[j]))
			return 1;
	return 0;
}

/* Is there a comments heading just above line i? Its index, or -1. */
static size_t heading_above(text_ctx *t, size_t i, size_t from)
{
	for (int k = 0; k < HEADING_REACH; k++) {
		size_t p = prev_line(t, i, from);
		if (p == (size_t)-1)
			break;
		if (t->lines[p].kind == L_CSTART)
			return zero_count(&t->lines[p]) ? (size_t)-1 : p;
		/* a paragraph between: the count is the byline's, and
		 * the header is the article's (a name as a subheading) */
		if (prose_line(&t->lines[p]))
			break;
		i = p;
	}
	return (size_t)-1;
}

/* A short line that is no sentence nor part of one: a link's label. */
static int scrap(const rline *l)
{
	char e = l->len ? l->s[l->len - 1] : 0;
	return text_words(l->s, l->len) <= 3 && !strchr(".!?,;:", e) &&
	    !text_ends_sentence(l->s, l->len);
}

/* Where the last comment of a run stops: at its Reply-like line when the
 * others end with one, else after as many text lines as the longest of
 * the others, and always at the comment form or the footer. */
static size_t run_end(text_ctx *t, const hdr *h, size_t k0, size_t k1,
    size_t to)
{
	rline *L = t->lines;
	size_t n = k1 - k0, chromed = 0, longest = 3, chrome = 0;
	for (size_t k = k0; k + 1 < k1; k++) {
		chromed += h[k].chrome_after;
		chrome += h[k].chrome;
		if (h[k].text > longest)
			longest = h[k].text;
	}
	int by_chrome = n >= 2 && chromed * 2 >= n - 1;
	if (n < 2)
		longest = 12;
	size_t text = 0, i;
	int closing = 0;
	for (i = h[k1 - 1].last + 1; i < to; i++) {
		if (L[i].kind == L_CEND || L[i].kind == L_CSTART)
			return i;
		if (L[i].kind == L_BLANK)
			continue;
		if (is_comment_chrome(t, &L[i])) {
			if (by_chrome && text && !h[k1 - 1].named)
				return i + 1;
			/* furniture that no other comment shows (a
			 * pager) is the section's: names shown twice */
			if (h[k1 - 1].named && n >= 3 && !chrome && text)
				return i;
			closing = by_chrome && text;
			continue;
		}
		if (L[i].kind != L_TEXT)
			continue;
		/* two scraps in a row after its text: a menu, the footer */
		size_t nx = next_line(t, i, to);
		if (text && scrap(&L[i]) && nx < to && L[nx].kind == L_TEXT &&
		    scrap(&L[nx]) && !is_comment_chrome(t, &L[nx]))
			return i;
		/* a name shown twice ends with its votes and its age */
		if (closing)
			return foot_date(t, &L[i]) ? i + 1 : i;
		if (text >= longest + 2)
			return i;
		text++;
	}
	return i;
}

/* A teaser's text is cut short: "..." or "…" at its end. */
static int teaser_end(const rline *l)
{
	return (l->len >= 3 && memcmp(l->s + l->len - 3, "...", 3) == 0) ||
	    (l->len >= 3 && memcmp(l->s + l->len - 3, "…", 3) == 0);
}

/* Comments headed by their author's name alone, a name line above the
 * text ("Adam Hitchcock" / text / "Guest" / text), under a comments
 * heading: an article's subheadings, an interview's names and a list's
 * labels take the same shape, so the heading, three people at least and
 * prose under each name are asked for. Marks them and returns the first
 * line, or to. */
static size_t name_runs(text_ctx *t, size_t from, size_t to, size_t *end)
{
	rline *L = t->lines;
	size_t *at = NULL, n = 0, cap = 0, found = to, headings = 0;
	for (size_t i = from; i < to; i++)
		headings += L[i].kind == L_CSTART;
	for (size_t i = from; i < to && headings; i++) {
		if (L[i].kind != L_TEXT || L[i].len > 32 ||
		    text_words(L[i].s, L[i].len) > 3)
			continue;
		size_t nx = next_line(t, i, to), pv = prev_line(t, i, from);
		if (nx >= to || L[nx].kind != L_TEXT || !name_like(t, &L[i]) ||
		    text_words(L[nx].s, L[nx].len) < 5 ||
		    !text_ends_sentence(L[nx].s, L[nx].len) ||
		    teaser_end(&L[nx]) ||
		    (pv != (size_t)-1 && L[pv].kind == L_TEXT &&
		    name_like(t, &L[pv])))
			continue;
		if (n == cap)
			at = xrealloc(at, (cap = cap ? 2 * cap : 32) *
			    sizeof *at);
		at[n++] = i;
	}
	for (size_t k = 0; k < n && found == to;) {
		size_t k1 = k + 1, text = 0;
		for (; k1 < n; k1++) {
			text = 0;
			int heading = 0;
			for (size_t i = at[k1 - 1] + 1; i < at[k1]; i++) {
				text += L[i].kind == L_TEXT;
				heading |= L[i].kind == L_CSTART;
			}
			if (text > 40 || heading)
				break;
		}
		/* how many people: a menu repeats its "more" link */
		size_t m = k1 - k;
		GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
		for (size_t j = k; j < k1; j++) {
			const rline *l = &L[at[j]];
			gpointer seen = g_hash_table_lookup(names, l->s);
			g_hash_table_insert(names, (char *)l->s,
			    GINT_TO_POINTER(seen ? 2 : 1));
		}
		size_t distinct = g_hash_table_size(names);
		g_hash_table_destroy(names);
		size_t head = heading_above(t, at[k], from);
		if (head != (size_t)-1 && m >= 3 && distinct >= 3) {
			found = head != (size_t)-1 ? head : at[k];
			for (size_t j = k; j < k1; j++) {
				rline *hl = &L[at[j]];
				hl->kind = L_HEADER;
				hl->author = author_of(t, hl->s);
				hl->date = hl->title = hl->num = NULL;
				hl->parent = NULL;
			}
			/* the last one: as long as the longest other */
			size_t longest = 3, text2 = 0, i;
			for (size_t j = k; j + 1 < k1; j++) {
				size_t c = 0;
				for (i = at[j] + 1; i < at[j + 1]; i++)
					c += L[i].kind == L_TEXT;
				if (c > longest)
					longest = c;
			}
			for (i = at[k1 - 1] + 1; i < to; i++) {
				if (L[i].kind == L_CEND || L[i].kind == L_CSTART)
					break;
				if (L[i].kind == L_TEXT && text2++ > longest)
					break;
			}
			*end = i;
		}
		k = k1;
	}
	free(at);
	return found;
}

/* ---- comments signed under their text ---- */

/* A Q&A site signs each comment after its text: "– Name" on a line, its
 * date alone on the next ("Sep 25, 2019 at 12:22"; a badge between). An
 * embedded post's "— Name (@handle) date" is one line and signs none.
 * The date line's index, or 0. */
static size_t sign_off(text_ctx *t, size_t i, size_t to)
{
	const rline *l = &t->lines[i];
	size_t d = l->len > 4 && (strncmp(l->s, "– ", 4) == 0 ||
	    strncmp(l->s, "— ", 4) == 0) ? 4 : 0;
	if (!d || l->kind != L_TEXT || l->len > 60)
		return 0;
	const char *nm = l->s + d;
	size_t n = l->len - d;
	if (text_words(nm, n) > 4 || strchr(".!?:;,", nm[n - 1]) ||
	    !g_unichar_isalnum(g_utf8_get_char_validated(nm, (gssize)n)))
		return 0;
	size_t j = next_line(t, i, to);
	/* a moderator's diamond or a badge, no word, between */
	if (j < to && t->lines[j].len <= 4 && !g_unichar_isalnum(
	    g_utf8_get_char_validated(t->lines[j].s, (gssize)t->lines[j].len)))
		j = next_line(t, j, to);
	return j < to && foot_date(t, &t->lines[j]) ? j : 0;
}

/* The paragraph just above line i (blank lines between or not): its
 * first line, or i when none. */
static size_t para_above(text_ctx *t, size_t i, size_t from)
{
	rline *L = t->lines;
	size_t p = i;
	while (p > from && L[p - 1].kind == L_BLANK)
		p--;
	size_t q = p;
	while (q > from && L[q - 1].kind == L_TEXT)
		q--;
	return q < p ? q : i;
}

/* Comments signed under their text, two or more with prose: each signed
 * paragraph opens a comment (its first line carries the author and the
 * date), the sign-off closes it; text between (a Q&A page's answers)
 * stays in the section, unsigned. The section's first line, or to. */
static size_t foot_runs(text_ctx *t, size_t from, size_t to, size_t *end)
{
	rline *L = t->lines;
	size_t signs = 0, prose = 0, first = to, last = to;
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = from; i < to; i++) {
			size_t j = sign_off(t, i, to), p;
			if (!j || (p = para_above(t, i, from)) == i)
				continue;
			if (!pass) {
				signs++;
				size_t e = prev_line(t, i, from);
				prose += text_words(L[p].s, L[p].len) >= 12 ||
				    (text_words(L[e].s, L[e].len) >= 4 &&
				    text_ends_sentence(L[e].s, L[e].len));
				continue;
			}
			if (first == to)
				first = p;
			/* the comment's votes above it */
			size_t q = prev_line(t, p, from);
			if (q != (size_t)-1 && L[q].kind == L_TEXT &&
			    L[q].len <= 4 && strspn(L[q].s, "0123456789") ==
			    L[q].len)
				L[q].kind = L_CHROME;
			L[p].author = L[i].s + 4;
			L[p].date = L[j].s;
			L[p].sign = 1;
			for (size_t k = i; k <= j; k++)
				if (L[k].kind != L_BLANK)
					L[k].kind = L_CHROME;
			L[i].sign = 2;	/* it closes the comment */
			last = i = j;
		}
		if (!pass && (signs < 2 || prose * 2 < signs))
			return to;
	}
	*end = last + 1;
	return first;
}

/* For --explain: where the section is and what found it. */
static void explain_section(text_ctx *t, const char *how, size_t from,
    size_t to)
{
	FILE *ex = t->doc->opts.explain;
	if (ex)
		fprintf(ex, "comments %u %u %s\n", t->lines[from].no,
		    to < t->n ? t->lines[to].no : t->lines[t->n - 1].no + 1, how);
}

/* A gap far longer than the typical one is the article under its byline,
 * not a comment: the typical gap is the lower median. */
static size_t typical_gap(const hdr *h, size_t nh)
{
	size_t long_gap = 0;
	if (nh > 1) {
		size_t *g = xmalloc(nh * sizeof *g);
		for (size_t k = 0; k + 1 < nh; k++)
			g[k] = h[k].chars;
		qsort(g, nh - 1, sizeof *g, cmp_size);
		long_gap = g[(nh - 2) / 2] * 6;
		free(g);
	}
	return long_gap < 1500 ? 1500 : long_gap;
}

/* Is the run h[k, k1) a discussion, and what says so? NULL when not. Sets
 * *head to the comments heading above it, or -1. */
static const char *run_why(text_ctx *t, const hdr *h, size_t k, size_t k1,
    size_t from, size_t *head)
{
	size_t n = k1 - k, named = 0, chromed = 0, pattern = 0, prose = 0,
	    chrome = 0, sure = 0;
	for (size_t j = k; j < k1; j++) {
		/* a name shown twice is a person's with a letter avatar, a
		 * date under the text or a Reply link; else a menu's or a
		 * teaser's label */
		sure += h[j].named == 2 || h[j].foot || h[j].chrome_after;
		named += h[j].author != NULL;
		chrome += h[j].chrome;
		prose += h[j].prose;
		chromed += h[j].chrome_after;
		pattern += h[j].pattern;
	}
	/* teasers and widgets repeat one label; people differ */
	size_t distinct = 0;
	GHashTable *who = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t j = k; j < k1; j++)
		if (h[j].author && g_hash_table_add(who, (char *)h[j].author))
			distinct++;
	g_hash_table_destroy(who);
	if (named >= 3 && distinct < 2)
		named = 0;
	if (h[k].named && (n < 3 || sure * 2 < n))
		return *head = (size_t)-1, NULL;
	*head = heading_above(t, h[k].first, from);
	/* people write sentences; fixtures and feeds list labels */
	int says = prose * 4 >= n && prose;
	return pattern > 0 ? "headers" : !says ? NULL :
	    *head != (size_t)-1 && (named || chromed) ? "heading" :
	    n >= 2 && chromed * 2 >= n ? "replies" :
	    n >= 3 && named == n && prose * 2 >= n ? "names" :
	    n >= 3 && named * 5 >= n * 4 && chrome * 2 >= n ?
	    "names-chrome" : NULL;
}

/* A comment alone repeats no header; its own header says what it is: the
 * comment's number ("#1 by NAME, DATE"), a name and a date, with a
 * comment's furniture (Quote, Reply, an avatar) in its block or text.
 * Ranked lists number their items too, but sign no item with a date. */
static const char *lone_numbered(text_ctx *t, hdr *x)
{
	const char *a = x->author;
	if (!a || a[0] != '#' || x->pattern || x->named || !x->date ||
	    !x->chrome || !x->text || x->first != x->last)
		return NULL;
	size_t d = strspn(a + 1, "0123456789");
	if (d == 0 || d > 4 || a[1 + d] != ' ')
		return NULL;
	const char *name = author_of(t, a + 2 + d);
	size_t n = strlen(name);
	/* a name and maybe its rank ("Clanmitglied"), not a sentence */
	if (!n || text_words(name, n) > 4 || strchr(".!?:;,", name[n - 1]) ||
	    !g_unichar_isalpha(g_utf8_get_char_validated(name, (gssize)n)))
		return NULL;
	x->author = name;
	return "numbered";
}

/* The header blocks of a run become comment headers. */
static void mark_run(text_ctx *t, const hdr *h, size_t k, size_t k1,
    size_t from, size_t end)
{
	rline *L = t->lines;
	for (size_t j = k; j < k1; j++) {
		for (size_t i = h[j].first; i <= h[j].last; i++)
			L[i].kind = L_CHROME;
		rline *hl = &L[h[j].first];
		hl->indent = depth_above(t, h[j].first, from, hl->indent);
		if (!h[j].pattern) {
			hl->author = h[j].author;
			hl->date = h[j].date;
			hl->title = hl->num = hl->parent = NULL;
		} else if (!hl->date) {
			hl->date = h[j].date;
		}
		if (h[j].foot && h[j].foot < end) {
			const char *a;
			size_t at = 0;
			if (!hl->date && date_line(t, &L[h[j].foot], &a, &at))
				hl->date = L[h[j].foot].s + at;
			L[h[j].foot].kind = L_CHROME;
		}
		hl->kind = L_HEADER;
	}
}

/* The runs of repeated header blocks from line from: the section's first
 * line, or to, and in *end where its last comment stops. */
static size_t header_runs(text_ctx *t, size_t from, size_t to, size_t *end,
    const char **how, int names)
{
	size_t nh;
	hdr *h = find_headers(t, from, to, &nh, names);
	size_t first = to, long_gap = typical_gap(h, nh);
	for (size_t k = 0; k < nh;) {
		/* a run: headers with some text, and not too much, between */
		size_t k1 = k + 1;
		while (k1 < nh && h[k1 - 1].text >= 1 && !h[k1 - 1].heading &&
		    h[k1 - 1].text <= MAX_GAP &&
		    h[k1 - 1].chars <= long_gap && h[k1].shape == h[k].shape)
			k1++;
		size_t head;
		const char *why = run_why(t, h, k, k1, from, &head);
		if (!why && k1 == k + 1 && first == to)
			why = lone_numbered(t, &h[k]);
		if (why) {
			if (first == to) {
				*how = why;
				first = head != (size_t)-1 ? head : h[k].first;
			}
			*end = run_end(t, h, k, k1, to);
			mark_run(t, h, k, k1, from, *end);
		}
		k = k1;
	}
	free(h);
	return first;
}

/* Nothing repeats: a comments heading or a header rule opens the section,
 * else the text may still change voice (unmarked). */
static void marked_or_unmarked(text_ctx *t, size_t from, size_t *start,
    size_t *end)
{
	rline *L = t->lines;
	size_t to = t->n;
	size_t cz = to, e = to, after = 0, before = 0, kept = 0;
	for (size_t i = from; i < to; i++)
		after += L[i].kind == L_TEXT ? L[i].len : 0;
	for (size_t i = from; i < to; i++) {
		/* the comment form ends the page after the article, not a
		 * "leave a comment" link above it */
		if (L[i].kind == L_CEND && before >= after) {
			e = i;
			break;
		}
		if (L[i].kind == L_TEXT) {
			before += L[i].len;
			after -= L[i].len;
			kept += t->boiler && !t->boiler[i] ? L[i].len : 0;
		}
		/* a count opens the discussion under an article, not in
		 * its byline: some of the article's text stands above */
		if (cz == to && (L[i].kind == L_HEADER ||
		    (L[i].kind == L_CSTART && !(zero_count(&L[i]) &&
		    prose_follows(t, i, to, 3)) && (before >= after ||
		    (counted(&L[i]) && kept >= MIN_ABOVE)))))
			cz = i;
	}
	if (cz > e)
		cz = e;
	const char *how = "marked";
	if (cz == e) {
		cz = comments_find_unmarked(t, from, e);
		how = "unmarked";
	}
	*start = cz;
	*end = e;
	if (cz < e)
		explain_section(t, how, cz, e);
}

/* Does the line open a quotation („ “ « "), and close one (” “ » ")? */
static int opens_quote(const rline *l)
{
	const char *s = l->s;
	return (l->len > 3 && (strncmp(s, "„", 3) == 0 || strncmp(s, "“",
	    3) == 0)) || (l->len > 2 && strncmp(s, "«", 2) == 0) ||
	    (l->len > 1 && s[0] == '"');
}

static int closes_quote(const rline *l, int *cut)
{
	const char *e = l->s + l->len;
	size_t q = l->len >= 3 && (strncmp(e - 3, "”", 3) == 0 ||
	    strncmp(e - 3, "“", 3) == 0) ? 3 : l->len >= 2 &&
	    strncmp(e - 2, "»", 2) == 0 ? 2 : l->len >= 2 && e[-1] == '"' ?
	    1 : 0;
	if (!q)
		return 0;
	/* cut short: "..." or "…" before the mark */
	size_t n = l->len - q;
	*cut |= (n >= 3 && strncmp(l->s + n - 3, "...", 3) == 0) ||
	    (n >= 3 && strncmp(l->s + n - 3, "…", 3) == 0);
	return 1;
}

/* A "latest comments" box: a short heading that names comments over
 * quotations of them, some cut short ("„Sehr geehrte Frau H., das ist
 * ganz einfach ...”"). It teases the discussion; it is not the article.
 * Its lines become chrome. */
static void comment_teasers(text_ctx *t, size_t from, size_t to)
{
	static const char *const words[] = { "Kommentare", "Comments",
	    "comments", "commentaires", "Commentaires", "komentarze",
	    "Komentarze", "comentarios", "Comentarios", "commenti", NULL };
	rline *L = t->lines;
	for (size_t i = from; i < to; i++) {
		if (L[i].kind == L_BLANK || L[i].len > 40 ||
		    text_words(L[i].s, L[i].len) > 3 ||
		    !has_word(L[i].s, L[i].len, words))
			continue;
		size_t j = i, last = i, quotes = 0, lines = 0;
		int open = 0, cut = 0;
		while ((j = next_line(t, j, to)) < to && lines < 12 &&
		    (L[j].kind == L_TEXT || L[j].kind == L_BOILER)) {
			if (!open && !opens_quote(&L[j]))
				break;
			open = !closes_quote(&L[j], &cut);
			quotes += !open;
			lines++;
			last = j;
		}
		if (quotes < 2 || !cut || open)
			continue;
		/* and its "more comments" link */
		j = next_line(t, last, to);
		if (j < to && is_comment_chrome(t, &L[j]))
			last = j;
		for (size_t k = i; k <= last; k++)
			if (L[k].kind != L_BLANK)
				L[k].kind = L_CHROME;
		i = last;
	}
}

void comments_locate(text_ctx *t, size_t from, size_t *start, size_t *end)
{
	comment_teasers(t, from, t->n);
	rline *L = t->lines;
	size_t to = t->n, last_end = to;
	*start = *end = to;
	const char *how = NULL;
	size_t first = header_runs(t, from, to, &last_end, &how, 0);
	/* names shown twice, only where dates and rules find nothing: a
	 * page's menus and teasers repeat their labels too */
	if (first == to)
		first = header_runs(t, from, to, &last_end, &how, 1);
	if (first == to && (first = foot_runs(t, from, to, &last_end)) < to) {
		*start = first;
		*end = last_end;
		explain_section(t, "signed", first, last_end);
		for (size_t i = first; i < last_end; i++)
			if (L[i].kind == L_TEXT && !L[i].sign &&
			    is_comment_chrome(t, &L[i]))
				L[i].kind = L_CHROME;
		return;
	}
	if (first == to) {
		first = name_runs(t, from, to, &last_end);
		how = "name-runs";
	}
	if (first >= to) {
		marked_or_unmarked(t, from, start, end);
		return;
	}
	*start = first;
	*end = last_end;
	explain_section(t, how, first, last_end);
	/* inside, a comment's own furniture goes; before the first header,
	 * the section's (sorting, counts, the form) */
	int before = 1;
	for (size_t i = first; i < last_end; i++) {
		if (L[i].kind == L_HEADER)
			before = 0;
		else if (L[i].kind == L_TEXT && (before ||
		    is_comment_chrome(t, &L[i])))
			L[i].kind = L_CHROME;
	}
}

/* ---- collecting ---- */

/* Where collecting stands: the comment being filled, whether the next
 * line may continue its last paragraph, and on unmarked pages whether a
 * name line opens a comment (1) or signs the one above (0); -1 unknown. */
typedef struct cursor {
	pending *cur;
	int joinable, name_first;
} cursor;

/* A comment header at line i opens a comment; a date line right under it
 * is its date. Returns the last line it took. */
static size_t header_comment(cstate *c, cursor *k, size_t i, size_t to)
{
	text_ctx *t = c->t;
	rline *L = t->lines, *l = &L[i];
	pending *cur = k->cur = new_comment(c, l->no);
	cur->has_header = 1;
	cur->author = l->author;
	cur->date = l->date;
	cur->num = l->num;
	cur->parent = l->parent;
	cur->indent = l->indent;
	size_t j = i + 1;
	while (j < to && L[j].kind == L_BLANK)
		j++;
	if (j < to && L[j].kind == L_TEXT && !cur->date && L[j].len <= 80 &&
	    patterns_match(t->pat, PAT_COMMENT_DATE, L[j].s, NULL)) {
		cur->date = L[j].s;
		i = j;
	}
	/* the post's number right under its header ("#2") */
	for (j = i + 1; j < to && (L[j].kind == L_BLANK ||
	    L[j].kind == L_CHROME); j++)
		;
	if (j < to && L[j].kind == L_TEXT && L[j].len >= 2 && L[j].len <= 7 &&
	    L[j].s[0] == '#' && strspn(L[j].s + 1, "0123456789") ==
	    L[j].len - 1)
		i = j;
	k->joinable = 0;
	return i;
}

/* Does line l continue the last paragraph of the comment: a wrapped line
 * that starts in lower case after one that ends no sentence? */
static int wraps(const cstate *c, const cursor *k, const rline *l)
{
	const para *last = c->npara ? &c->paras[c->npara - 1] : NULL;
	return k->joinable && k->cur && k->cur->np && last &&
	    !text_ends_sentence(last->s, last->len) &&
	    text_starts_lower(l->s, l->len);
}

/* Unmarked: a paragraph a comment, a name line signs the comment above it
 * (or opens the next one, when the section starts with a name). */
static void unmarked_line(cstate *c, cursor *k, const rline *l)
{
	text_ctx *t = c->t;
	if (chrome_label(l)) {
		k->joinable = 0;
		return;
	}
	if (k->name_first < 0)
		k->name_first = is_signature(t, l);
	if (is_signature(t, l)) {
		if (k->name_first) {
			k->cur = new_comment(c, l->no);
			k->cur->author = l->s;
		} else if (k->cur && !k->cur->author) {
			k->cur->author = l->s;
			k->cur = NULL;
		}
		k->joinable = 0;
		return;
	}
	pending *cur = k->cur;
	const para *last = c->npara ? &c->paras[c->npara - 1] : NULL;
	int cont = cur && cur->np && (url_only(l->s, l->len) ||
	    last->s[last->len - 1] == ':');
	int wrap = wraps(c, k, l);
	if (!cur || (!cont && !wrap && !(k->name_first && cur->np == 0))) {
		if (!(k->name_first && cur && cur->np == 0))
			k->cur = new_comment(c, l->no);
	}
	add_para(c, k->cur, l, wrap);
	k->joinable = 1;
}

/* "NAME:" or "NAME said:" opening a comment, NAME the author of an
 * earlier one, attributes the quote under it (forums, Discourse): the
 * name, or NULL. */
static const char *quoted_author(cstate *c, const rline *l)
{
	static const char *const verbs[] = { " said", " wrote", " schrieb",
	    " a écrit", " napisał", " escribió", NULL };
	if (l->len < 2 || l->len > 64 || l->s[l->len - 1] != ':')
		return NULL;
	size_t n = l->len - 1;
	for (const char *const *v = verbs; *v; v++) {
		size_t k = strlen(*v);
		if (n > k && memcmp(l->s + n - k, *v, k) == 0) {
			n -= k;
			break;
		}
	}
	/* the latest comments first; a long thread is not searched */
	for (size_t i = c->ncs, seen = 0; i-- > 0 && seen < 500; seen++) {
		const char *a = c->cs[i].author;
		if (a && strlen(a) == n && memcmp(a, l->s, n) == 0)
			return a;
	}
	return NULL;
}

/* A text line under a header: a reply-to line, a deleted comment's
 * notice, or its text. */
static void marked_line(cstate *c, cursor *k, const rline *l)
{
	text_ctx *t = c->t;
	if (!k->cur)	/* text before the first header */
		k->cur = new_comment(c, l->no);
	pending *cur = k->cur;
	const char *qa = cur->np == 0 && !cur->reply_to ?
	    quoted_author(c, l) : NULL;
	if (qa) {
		cur->reply_to = qa;
		return;
	}
	pattern_match *mi = NULL;
	if (cur->np == 0 && l->len <= 80 && patterns_match(t->pat,
	    PAT_REPLY_TO, l->s, &mi)) {
		cur->reply_to = match_group(t->doc, mi, "parent");
		pattern_match_free(mi);
		return;
	}
	pattern_match_free(mi);
	if (cur->np == 0 && l->len <= 120 && patterns_match(t->pat,
	    PAT_COMMENT_DELETED, l->s, NULL))
		cur->deleted = 1;
	int wrap = wraps(c, k, l);
	add_para(c, cur, l, wrap);
	k->joinable = 1;
}

/* The age at the end of a comment's action row ("Like · Reply · 3y"),
 * or NULL. */
static const char *row_age(text_ctx *t, const rline *l)
{
	static const char *const units[] = { "s", "m", "h", "d", "w", "y",
	    "min", "mo", "yr", "Std.", "Tg.", "Wo.", "J.", NULL };
	for (const char *p = l->s; (p = strstr(p, " · ")); ) {
		p += strlen(" · ");
		size_t d = strspn(p, "0123456789");
		const char *u = p + d + (p[d] == ' ');
		size_t ul = strcspn(u, " ");
		if (d == 0 || d > 3)
			continue;
		for (const char *const *x = units; *x; x++)
			if (strlen(*x) == ul && strncmp(u, *x, ul) == 0)
				return arena_strndup(&t->doc->mem, p,
				    (size_t)(u + ul - p));
	}
	return NULL;
}

static void collect(cstate *c, size_t from, size_t to)
{
	rline *L = c->t->lines;
	cursor k = { NULL, 0, -1 };
	int headers = 0;
	/* a signed comment's first line carries its author (foot_runs) */
	for (size_t i = from; i < to; i++)
		headers += L[i].kind == L_HEADER || L[i].sign == 1;
	for (size_t i = from; i < to; i++) {
		if (L[i].kind == L_HEADER) {
			i = header_comment(c, &k, i, to);
		} else if (L[i].kind == L_TEXT && L[i].sign == 1) {
			k.cur = new_comment(c, L[i].no);
			k.cur->author = L[i].author;
			k.cur->date = L[i].date;
			k.joinable = 0;
			marked_line(c, &k, &L[i]);
		} else if (L[i].kind != L_TEXT) {
			k.joinable = 0;
			if (L[i].sign == 2)
				k.cur = NULL;
			if (k.cur && !k.cur->date && L[i].kind == L_CHROME)
				k.cur->date = row_age(c->t, &L[i]);
		}
		else if (!headers)
			unmarked_line(c, &k, &L[i]);
		else
			marked_line(c, &k, &L[i]);
	}
	end_join(c);
}

/* ---- threading ---- */

/* Number of leading "Re:" and the subject after them. */
static int strip_re(const char *s, const char **base)
{
	int k = 0;
	for (;;) {
		while (*s == ' ')
			s++;
		if (strncasecmp(s, "re:", 3) == 0) {
			s += 3;
			k++;
		} else if (strncasecmp(s, "re[", 3) == 0 && strchr(s, ']') &&
		    strchr(s, ']')[1] == ':') {
			k += atoi(s + 3) > 0 ? atoi(s + 3) : 1;
			s = strchr(s, ']') + 2;
		} else {
			break;
		}
	}
	*base = s;
	return k;
}

static int subject_like(const para *p, int more)
{
	const char *base;
	if (strip_re(p->s, &base) > 0)
		return 1;
	if (!more || p->len > 80 || text_words(p->s, p->len) > 12)
		return 0;
	char last = p->s[p->len - 1];
	if (last == '.' && !(p->len >= 3 && strcmp(p->s + p->len - 3, "...") == 0))
		return 0;
	return last != ',' && last != ';' && last != ':' &&
	    !text_is_close_quote_at_end(p->s, p->len);
}

/* Exact duplicates have the same author, subject and text. A comment's key
 * is hashed once: the set keeps the hash beside it. */
typedef struct seen_key {
	guint hash;
	size_t len;
	const char *s;
} seen_key;

static guint seen_hash(gconstpointer k)
{
	return ((const seen_key *)k)->hash;
}

static gboolean seen_equal(gconstpointer a, gconstpointer b)
{
	const seen_key *x = a, *y = b;
	return x->hash == y->hash && x->len == y->len &&
	    memcmp(x->s, y->s, x->len) == 0;
}

/* Is this comment new? Then seen remembers it, its key in mem (the
 * threader's, freed with the table, not the document's). key is scratch
 * space. */
static int first_seen(GHashTable *seen, arena *mem, buf *key,
    const char *author, const char *title, const para *q, size_t np)
{
	key->len = 0;
	buf_puts(key, author ? author : "");
	buf_putc(key, '\x1f');
	buf_puts(key, title ? title : "");
	for (size_t k = 0; k < np; k++) {
		buf_putc(key, '\x1f');
		buf_put(key, q[k].s, q[k].len);
	}
	seen_key probe = { g_str_hash(buf_cstr(key)), key->len, key->data };
	if (g_hash_table_contains(seen, &probe))
		return 0;
	seen_key *k = arena_alloc(mem, sizeof *k);
	*k = probe;
	k->s = arena_strndup(mem, key->data, key->len);
	g_hash_table_add(seen, k);
	return 1;
}

/* The language of a comment in Latin letters, from its commonest words
 * (the lang-words rules): the language with the most of them, when they
 * are many and clearly ahead of the next; else NULL. */
enum { NLANG = 16 };	/* lang-words rules read, at most */

typedef struct langs {
	size_t nl;
	const char *tags[NLANG];
	size_t rule[NLANG];	/* the lang-words rule of each tag */
	int mine;		/* the article's own, or -1 */
} langs;

/* The lang-words rules, once per discussion: their tags (the names of
 * their opening groups) and the article's own. */
static void langs_init(text_ctx *t, langs *lw)
{
	const char *src, *art = t->article->as.article.lang;
	memset(lw, 0, sizeof *lw);
	lw->mine = -1;
	for (size_t i = 0; lw->nl < NLANG && (src = patterns_nth(t->pat,
	    PAT_LANG_WORDS, i)); i++) {
		if (strncmp(src, "(?<", 3) != 0 || !strchr(src, '>'))
			continue;
		const char *tag = arena_strndup(&t->doc->mem, src + 3,
		    (size_t)(strchr(src, '>') - src - 3));
		if (art && strcmp(tag, art) == 0)
			lw->mine = (int)lw->nl;
		lw->rule[lw->nl] = i;
		lw->tags[lw->nl++] = tag;
	}
}

/* The language of a comment in Latin letters, from its commonest words
 * (the lang-words rules): the language with the most of them, when they
 * are many and clearly ahead of the next; else NULL. */
static const char *words_lang(text_ctx *t, const langs *lw, const para *q,
    size_t np)
{
	enum { SAMPLE = 240 };	/* a sentence or two tells */
	size_t words = 0, hits[NLANG] = { 0 };
	if (!lw->nl)
		return NULL;
	for (size_t k = 0; k < np && words < 8; k++)
		words += text_words(q[k].s, q[k].len);
	if (words < 8)
		return NULL;
	/* Most comments are in the article's language: its own words,
	 * tried alone, settle that at a fraction of the cost. */
	size_t len0 = q[0].len < SAMPLE / 2 ? q[0].len : SAMPLE / 2;
	if (lw->mine >= 0) {
		size_t n = patterns_count_nth(t->pat, PAT_LANG_WORDS,
		    lw->rule[lw->mine], q[0].s, len0);
		if (n >= 2 && n * 8 >= text_words(q[0].s, len0))
			return NULL;
	}
	/* each language's words counted over a sample */
	size_t used = 0;
	words = 0;
	for (size_t k = 0; k < np && used < SAMPLE; k++) {
		size_t len = q[k].len < SAMPLE - used ? q[k].len : SAMPLE - used;
		used += len;
		words += text_words(q[k].s, len);
		for (size_t i = 0; i < lw->nl; i++)
			hits[i] += patterns_count_nth(t->pat, PAT_LANG_WORDS,
			    lw->rule[i], q[k].s, len);
	}
	size_t best = 0, second = 0, bi = 0;
	for (size_t i = 0; i < lw->nl; i++) {
		if (hits[i] > best) {
			second = best;
			best = hits[i];
			bi = i;
		} else if (hits[i] > second) {
			second = hits[i];
		}
	}
	if (best < 3 || best * 8 < words || best < second * 2)
		return NULL;
	return lw->tags[bi];
}

/* "@Noma Emane: ..." opens a reply to Noma Emane: the longest known
 * author within the first four words after the @. */
static dossier_node *mentioned(GHashTable *byauthor, const para *q, buf *b)
{
	dossier_node *best = NULL;
	const char *s = q->s + 1, *e = s;
	for (int w = 0; w < 4 && *e; w++) {
		while (*e && *e != ' ')
			e++;
		size_t n = (size_t)(e - s);
		while (n && strchr(":,;!?", s[n - 1]))
			n--;
		/* "@Martina K.:" and "@Bob." */
		for (int dot = 0; dot < 2 && n; dot++) {
			b->len = 0;
			buf_put(b, s, n);
			dossier_node *d = g_hash_table_lookup(byauthor,
			    buf_cstr(b));
			if (d) {
				best = d;
				break;
			}
			if (s[n - 1] != '.')
				break;
			n--;
		}
		while (*e == ' ')
			e++;
	}
	return best;
}

/* What threading reads while the comments are turned into nodes. */
typedef struct threader {
	text_ctx *t;
	cstate *c;
	int subjects;		/* some comment opens with "Re:" */
	int indents;		/* some header is indented */
	langs lw;
	GHashTable *seen, *bynum, *bysubject, *byauthor;
	arena seen_mem;		/* seen's keys: gone with the discussion */
	dossier_node **stack;	/* the open comments by indent */
	unsigned *stack_indent;
	size_t depth;
	dossier_node *thread;
	buf key;
} threader;

/* Subjects are read only where the site shows them (some comment opens
 * with "Re:"); indents only where some header has one. */
static void threader_init(threader *th, text_ctx *t, cstate *c)
{
	memset(th, 0, sizeof *th);
	th->t = t;
	th->c = c;
	for (size_t i = 0; i < c->ncs && !th->subjects; i++) {
		const char *base;
		if (c->cs[i].np && strip_re(c->paras[c->cs[i].p0].s,
		    &base) > 0)
			th->subjects = 1;
	}
	/* reviews open with a subject line: when every comment does, three
	 * at least, the first line is its subject */
	size_t titled = 0;
	for (size_t i = 0; i < c->ncs && !th->subjects; i++) {
		const pending *p = &c->cs[i];
		if (!p->has_header || p->np < 2 ||
		    !subject_like(&c->paras[p->p0], 1) ||
		    text_ends_sentence(c->paras[p->p0].s, c->paras[p->p0].len)) {
			titled = 0;
			break;
		}
		titled++;
	}
	if (titled >= 3)
		th->subjects = 1;
	for (size_t i = 0; i < c->ncs; i++)
		if (c->cs[i].has_header && c->cs[i].indent > 0)
			th->indents = 1;
	langs_init(t, &th->lw);
	th->seen = g_hash_table_new(seen_hash, seen_equal);
	arena_init(&th->seen_mem);
	th->bynum = g_hash_table_new(g_str_hash, g_str_equal);
	th->bysubject = g_hash_table_new(g_str_hash, g_str_equal);
	th->byauthor = g_hash_table_new(g_str_hash, g_str_equal);
	th->stack = xmalloc((c->ncs + 1) * sizeof *th->stack);
	th->stack_indent = xmalloc((c->ncs + 1) * sizeof *th->stack_indent);
}

static void threader_free(threader *th)
{
	buf_free(&th->key);
	free(th->stack);
	free(th->stack_indent);
	g_hash_table_destroy(th->seen);
	arena_free(&th->seen_mem);
	g_hash_table_destroy(th->bynum);
	g_hash_table_destroy(th->bysubject);
	g_hash_table_destroy(th->byauthor);
}

/* Disqus writes a reply's header as "author parent • date": a known
 * author at the end of the name is the parent; the name loses it. */
static dossier_node *parent_in_name(threader *th, pending *p)
{
	for (const char *sp = p->author ? strchr(p->author, ' ') : NULL; sp;
	    sp = strchr(sp + 1, ' ')) {
		dossier_node *d = g_hash_table_lookup(th->byauthor, sp + 1);
		if (d) {
			p->author = arena_strndup(&th->t->doc->mem, p->author,
			    (size_t)(sp - p->author));
			return d;
		}
	}
	return NULL;
}

/* The comment's node with its paragraphs, and its language when it is
 * not the article's. */
static dossier_node *comment_node(threader *th, const pending *p,
    const char *title, size_t p0, size_t np)
{
	text_ctx *t = th->t;
	dossier_doc *doc = t->doc;
	const para *q = &th->c->paras[p0];
	dossier_node *n = node_new(doc, DOSSIER_NODE_COMMENT, t->name, p->no);
	n->as.comment.author = p->author;
	n->as.comment.date = p->date;
	n->as.comment.title = title;
	for (size_t k = 0; k < np; k++) {
		dossier_node *b = node_new(doc, DOSSIER_NODE_PARAGRAPH,
		    t->name, q[k].no);
		inline_parse(t, b, q[k].s, q[k].len, q[k].no);
		node_append(n, b);
	}
	if (np) {
		const char *lg = lang_guess(q[0].s, q[0].len);
		if (!lg)
			lg = words_lang(t, &th->lw, q, np);
		if (lg && strcmp(lg, t->article->as.article.lang) != 0)
			n->as.comment.lang = lg;
	}
	return n;
}

/* Whom does it answer, by its header: a parent number, a dotted number
 * ("3.1"), a "Re:" subject, its indent, or a parent in its name. */
static dossier_node *header_parent(threader *th, const pending *p,
    const char *title, dossier_node *replyto)
{
	dossier_doc *doc = th->t->doc;
	if (p->parent)
		return g_hash_table_lookup(th->bynum, p->parent);
	if (p->num && strrchr(p->num, '.')) {
		char *up = arena_strndup(&doc->mem, p->num,
		    (size_t)(strrchr(p->num, '.') - p->num));
		return g_hash_table_lookup(th->bynum, up);
	}
	if (title) {
		const char *base;
		int k = strip_re(title, &base);
		if (k <= 0)
			return NULL;
		char *want = arena_printf(&doc->mem, "%d\x1f%s", k - 1, base);
		return g_hash_table_lookup(th->bysubject, want);
	}
	if (th->indents && p->has_header) {
		while (th->depth && th->stack_indent[th->depth - 1] >=
		    p->indent)
			th->depth--;
		return th->depth ? th->stack[th->depth - 1] : NULL;
	}
	return replyto;
}

/* "in reply to NAME": the latest comment by NAME; a quote of that
 * comment's words goes, as the book shows whom it answers. */
static dossier_node *named_parent(threader *th, const pending *p,
    dossier_node *n)
{
	dossier_doc *doc = th->t->doc;
	dossier_node *parent = g_hash_table_lookup(th->byauthor, p->reply_to);
	const char *pt = parent && parent->first && n->first &&
	    n->first != n->last ? node_plain(doc, parent->first) : NULL;
	const char *qt = pt ? node_plain(doc, n->first) : NULL;
	if (qt && *qt && strstr(pt, qt))
		node_unlink(n->first);
	return parent;
}

/* Comment n is known by its author, number and subject from now on, and
 * opens a level of the indents. */
static void remember(threader *th, const pending *p, const char *title,
    dossier_node *n, dossier_node *parent)
{
	if (p->author)
		g_hash_table_insert(th->byauthor, (char *)p->author, n);
	if (p->num)
		g_hash_table_insert(th->bynum, (char *)p->num, n);
	if (title) {
		const char *base;
		int k = strip_re(title, &base);
		g_hash_table_insert(th->bysubject, arena_printf(&th->t->doc->mem,
		    "%d\x1f%s", k, base), n);
	}
	if (th->indents && p->has_header) {
		if (!parent)
			th->depth = 0;
		th->stack[th->depth] = n;
		th->stack_indent[th->depth++] = p->indent;
	}
}

/* One collected comment into the tree, unless it is empty or a
 * duplicate. */
static void thread_one(threader *th, pending *p)
{
	text_ctx *t = th->t;
	cstate *c = th->c;
	size_t p0 = p->p0, np = p->np;
	const char *title = NULL;
	if (th->subjects && np && subject_like(&c->paras[p0], np > 1)) {
		title = c->paras[p0].s;
		p0++, np--;
	}
	if (np == 0 && !title)
		return;		/* a header with nothing under it */
	/* a deleted comment says so, and each is its own */
	if (!p->deleted && !first_seen(th->seen, &th->seen_mem, &th->key,
	    p->author, title, &c->paras[p0], np))
		return;
	dossier_node *replyto = parent_in_name(th, p);
	dossier_node *n = comment_node(th, p, title, p0, np);
	dossier_node *parent = header_parent(th, p, title, replyto);
	if (!parent && p->reply_to)
		parent = named_parent(th, p, n);
	if (!parent && np && c->paras[p0].s[0] == '@')
		parent = mentioned(th->byauthor, &c->paras[p0], &th->key);
	remember(th, p, title, n, parent);
	if (parent) {
		node_append(parent, n);
		return;
	}
	if (!th->thread) {
		th->thread = node_new(t->doc, DOSSIER_NODE_THREAD, t->name,
		    p->no);
		node_append(t->article, th->thread);
	}
	node_append(th->thread, n);
}

void comments_parse(text_ctx *t, size_t from, size_t to)
{
	if (from >= to)
		return;
	cstate c = { .t = t };
	collect(&c, from, to);
	if (c.ncs) {
		threader th;
		threader_init(&th, t, &c);
		for (size_t i = 0; i < c.ncs; i++)
			thread_one(&th, &c.cs[i]);
		threader_free(&th);
	}
	free(c.paras);
	free(c.cs);
	buf_free(&c.join.b);
}
