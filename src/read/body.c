/* body.c: the article body: paragraphs, section headings, quotes, lists,
 * captions and notes, recovered from lines by their shape and context. */
#include "read.h"

#include <string.h>

typedef struct unit {
	const char *s;
	size_t len;
	unsigned no;
} unit;

typedef enum {
	U_PARA, U_HEADING, U_QUOTE, U_ITEM, U_CAPTION, U_NOTE, U_DROP
} unit_kind;

/* A bullet or number that opens a list item; returns its length. */
static size_t list_marker(const char *s, size_t n, int *ordered)
{
	const unsigned char *p = (const unsigned char *)s;
	*ordered = 0;
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA2 &&
	    n > 3 && p[3] == ' ')	/* • */
		return 4;
	if (n >= 3 && p[0] == 0xC2 && p[1] == 0xB7 && p[2] == ' ')	/* · */
		return 3;
	if (n >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ')
		return 2;
	size_t i = 0;
	while (i < n && i < 3 && p[i] >= '0' && p[i] <= '9')
		i++;
	if (i > 0 && i + 1 < n && (p[i] == '.' || p[i] == ')') &&
	    p[i + 1] == ' ') {
		*ordered = 1;
		return i + 2;
	}
	return 0;
}

/* A paragraph wholly in quotation marks, with no closing mark before the
 * end (so not “…,” she said. “…”). */
static int wholly_quoted(const char *s, size_t n)
{
	size_t q;
	if (!text_is_open_quote(s, n, &q) || !text_is_close_quote_at_end(s, n))
		return 0;
	/* the first closing mark must be the last character */
	const unsigned char *p = (const unsigned char *)s;
	if (s[0] == '"') {
		for (size_t i = 1; i + 1 < n; i++)
			if (p[i] == '"')
				return 0;
		return n > 2;
	}
	for (size_t i = q; i + 3 < n; i++)
		if (p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x9D)
			return 0;
	return n > q + 3;
}

static int heading_like(const unit *u)
{
	if (u->len > 120 || u->len < 3)
		return 0;
	size_t w = text_words(u->s, u->len);
	if (w < 2 || w > 20)
		return 0;
	/* the last character before closing quotes or brackets */
	size_t e = text_strip_closers(u->s, u->len);
	if (e == 0)
		return 0;
	char last = u->s[e - 1];
	if (strchr(".,;:!", last))
		return 0;
	/* a sentence in Chinese or Japanese, or one going on (，) */
	if (utf8_ends_wide_stop(u->s, e) ||
	    (e >= 3 && memcmp(u->s + e - 3, "\xEF\xBC\x8C", 3) == 0))
		return 0;
	if (last == '?' && w > 12)
		return 0;
	return 1;
}

static int caption_like(const unit *u)
{
	/* a short phrase in lower case: the alt text of an image */
	return u->len <= 60 && text_starts_lower(u->s, u->len) &&
	    text_words(u->s, u->len) <= 6 &&
	    !text_ends_sentence(u->s, u->len);
}

/* Group lines into units: a line is a paragraph, unless it continues a
 * hard-wrapped one (no sentence end, and the next starts in lower case). */
static unit *make_units(text_ctx *t, size_t from, size_t to, size_t *nu)
{
	unit *u = xmalloc((to - from + 1) * sizeof *u);
	size_t n = 0;
	int joinable = 0;
	joiner j = { 0 };
	for (size_t i = from; i < to; i++) {
		rline *l = &t->lines[i];
		if (l->kind != L_TEXT) {
			joinable = 0;
			continue;
		}
		int ord;
		if (joinable && n && !text_ends_sentence(u[n - 1].s, u[n - 1].len) &&
		    text_starts_lower(l->s, l->len) &&
		    !list_marker(l->s, l->len, &ord)) {
			joiner_add(&j, &u[n - 1].s, &u[n - 1].len, l->s,
			    l->len);
		} else {
			if (n)
				joiner_end(&j, &t->doc->mem, &u[n - 1].s,
				    &u[n - 1].len);
			u[n++] = (unit){ l->s, l->len, l->no };
		}
		joinable = 1;
	}
	if (n)
		joiner_end(&j, &t->doc->mem, &u[n - 1].s, &u[n - 1].len);
	buf_free(&j.b);
	*nu = n;
	return u;
}

static dossier_node *add_block(text_ctx *t, dossier_node *parent,
    dossier_node_type type, const unit *u)
{
	dossier_node *b = node_new(t->doc, type, t->name, u->no);
	inline_parse(t, b, u->s, u->len, u->no);
	node_append(parent, b);
	return b;
}

/* What each unit is, by its shape and the units around it. */
static void unit_kinds(text_ctx *t, const unit *u, size_t n, unit_kind *k)
{
	int after_colon = 0;
	for (size_t i = 0; i < n; i++) {
		const unit *c = &u[i];
		int ord;
		k[i] = U_PARA;
		if (i > 0 && c->len == u[i - 1].len &&
		    memcmp(c->s, u[i - 1].s, c->len) == 0) {
			/* A line printed twice is an image caption (alt text
			 * and figure caption): keep it once. */
			k[i - 1] = U_CAPTION;
			k[i] = U_DROP;
		} else if (i > 0 && k[i - 1] == U_DROP && i > 1 &&
		    k[i - 2] == U_CAPTION && c->len <= 80 &&
		    !text_ends_sentence(c->s, c->len)) {
			k[i] = U_CAPTION;	/* its credit */
		} else if (patterns_match(t->pat, PAT_CAPTION, c->s, NULL)) {
			k[i] = U_CAPTION;
		} else if (list_marker(c->s, c->len, &ord)) {
			k[i] = U_ITEM;
		} else if (c->len <= 700 &&
		    patterns_match(t->pat, PAT_NOTE, c->s, NULL)) {
			k[i] = U_NOTE;
		} else if (wholly_quoted(c->s, c->len)) {
			k[i] = U_QUOTE;
		} else if (after_colon) {
			size_t q;
			k[i] = text_is_open_quote(c->s, c->len, &q) ? U_PARA :
			    U_QUOTE;
		} else if (caption_like(c)) {
			k[i] = U_CAPTION;
		} else if (heading_like(c)) {
			k[i] = i + 1 < n ? U_HEADING : U_NOTE;
		}
		after_colon = k[i] == U_PARA && c->len > 0 &&
		    c->s[c->len - 1] == ':';
	}
	/* Two headings in a row: the first is a label, not a section. */
	for (size_t i = 0; i + 1 < n; i++)
		if (k[i] == U_HEADING && k[i + 1] == U_HEADING)
			k[i] = U_CAPTION;
}

void body_parse(text_ctx *t, size_t from, size_t to)
{
	size_t n;
	unit *u = make_units(t, from, to, &n);
	unit_kind *k = xmalloc((n + 1) * sizeof *k);
	unit_kinds(t, u, n, k);
	dossier_node *a = t->article, *list = NULL;
	for (size_t i = 0; i < n; i++) {
		const unit *c = &u[i];
		if (k[i] != U_ITEM)
			list = NULL;
		switch (k[i]) {
		case U_DROP:
			continue;
		case U_ITEM: {
			int ord;
			size_t m = list_marker(c->s, c->len, &ord);
			if (!list) {
				list = node_new(t->doc, DOSSIER_NODE_LIST,
				    t->name, c->no);
				list->as.list.ordered = ord;
				node_append(a, list);
			}
			unit item = { c->s + m, c->len - m, c->no };
			add_block(t, list, DOSSIER_NODE_ITEM, &item);
			break;
		}
		case U_CAPTION:
			/* a credit right under its caption joins it */
			if (i >= 2 && k[i - 1] == U_DROP && k[i - 2] == U_CAPTION &&
			    a->last && a->last->type == DOSSIER_NODE_CAPTION) {
				a->last->as.caption.credit = c->s;
				break;
			}
			add_block(t, a, DOSSIER_NODE_CAPTION, c);
			break;
		case U_HEADING: {
			dossier_node *h = add_block(t, a, DOSSIER_NODE_HEADING, c);
			h->as.heading.level = 2;
			break;
		}
		case U_QUOTE:
			add_block(t, a, DOSSIER_NODE_QUOTE, c);
			break;
		case U_NOTE:
			add_block(t, a, DOSSIER_NODE_NOTE, c);
			break;
		default:
			add_block(t, a, DOSSIER_NODE_PARAGRAPH, c);
		}
	}
	free(k);
	free(u);
}
