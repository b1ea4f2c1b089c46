/* para.c: one paragraph from styled text to set lines. Pango itemizes
 * (fonts with fallback, bidi levels); words are shaped once each through
 * the cache in shape.c; break points are spaces, Unicode line breaks
 * inside words and hyphenation points; Knuth-Plass picks the breaks; each
 * line is then built from the shaped words, spaces widened to justify. */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* scratch slots 0-4 are ours; shape.c uses 5-7 */
enum { SC_SEGS, SC_FONTS, SC_ITEMS, SC_CHUNKS, SC_LINE };

void para_init(para *p, const style_props *st, const char *lang,
    double width)
{
	p->text.len = 0;
	p->nspans = 0;
	p->nnotes = 0;
	p->st = st;
	p->lang = lang && *lang ? lang : "en";
	p->width = width;
	p->indent = 0;
	p->hyphenate = st->hyphens;
	p->align = st->align;
	p->bold = st->bold;
	p->italic = st->italic;
	p->pre = 0;
}

void para_free(para *p)
{
	buf_free(&p->text);
	free(p->spans);
	free(p->note_at);
	free(p->note_url);
	free(p->note_num);
	memset(p, 0, sizeof *p);
}

static pdf_span *span_push(para *p)
{
	if (p->nspans == p->capspans)
		p->spans = xrealloc(p->spans,
		    (p->capspans = 2 * p->capspans + 16) * sizeof *p->spans);
	return &p->spans[p->nspans++];
}

void para_add(para *p, const char *s, size_t n, const style_props *st,
    int bold, int italic, const char *link)
{
	if (!st)
		st = p->st;
	size_t start = p->text.len;
	gchar *up = NULL;
	if (st->upper) {
		up = g_utf8_strup(s, (gssize)n);
		s = up;
		n = strlen(up);
	}
	/* Soft hyphens go: our dictionary places hyphens, and an invisible
	 * U+00AD would extract into searched text. Tabs are spaces; runs of
	 * spaces collapse as in HTML, but in preformatted text. A line end
	 * ("\n", the tree's line break) stays, without the spaces around
	 * it. */
	buf_grow(&p->text, n);
	char *o = p->text.data + p->text.len;
	char prev = p->text.len ? o[-1] : '\n';
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\xC2' && i + 1 < n && s[i + 1] == '\xAD') {
			i++;
			continue;
		}
		if (c == '\t' || c == '\r')
			c = ' ';
		if (!p->pre && c == ' ' && (prev == ' ' || prev == '\n'))
			continue;
		if (!p->pre && c == '\n' && o > p->text.data + start &&
		    o[-1] == ' ')
			o--;
		*o++ = prev = c;
	}
	p->text.len = (size_t)(o - p->text.data);
	g_free(up);
	if (p->text.len == start)
		return;
	pdf_span *last = p->nspans ? &p->spans[p->nspans - 1] : NULL;
	if (last && last->st == st && last->bold == bold &&
	    last->italic == italic && last->link == link && last->rise == 0 &&
	    last->end == start) {
		last->end = (uint32_t)p->text.len;
		return;
	}
	*span_push(p) = (pdf_span){ .start = (uint32_t)start,
	    .end = (uint32_t)p->text.len, .st = st, .bold = bold,
	    .italic = italic, .link = link };
}

void para_add_marker(para *p, int num, const char *url)
{
	char s[16];
	int n = snprintf(s, sizeof s, "%d", num);
	if (p->nnotes == p->capnotes) {
		p->capnotes = 2 * p->capnotes + 8;
		p->note_at = xrealloc(p->note_at, p->capnotes * sizeof *p->note_at);
		p->note_url = xrealloc(p->note_url,
		    p->capnotes * sizeof *p->note_url);
		p->note_num = xrealloc(p->note_num,
		    p->capnotes * sizeof *p->note_num);
	}
	p->note_at[p->nnotes] = (uint32_t)p->text.len;
	p->note_url[p->nnotes] = url;
	p->note_num[p->nnotes++] = num;
	const pdf_span *prev = p->nspans ? &p->spans[p->nspans - 1] : NULL;
	size_t start = p->text.len;
	if (prev && prev->rise && prev->end == start) {
		/* markers side by side: "3,4" rather than "34" */
		p->spans[p->nspans - 1].end++;
		buf_putc(&p->text, ',');
		p->note_at[p->nnotes - 1]++;
		start++;
		buf_put(&p->text, s, (size_t)n);
		p->spans[p->nspans - 1].end = (uint32_t)p->text.len;
		return;
	}
	buf_put(&p->text, s, (size_t)n);
	*span_push(p) = (pdf_span){ .start = (uint32_t)start,
	    .end = (uint32_t)p->text.len, .st = prev ? prev->st : p->st,
	    .bold = 0, .italic = 0, .rise = 1 };
}

size_t para_slice_end(const para *p, size_t from)
{
	size_t len = p->text.len, end = from + PARA_SLICE;
	if (len - from <= PARA_SLICE)
		return len;
	const char *t = p->text.data;
	/* at a line end, where there is one: a slice starts a line */
	for (size_t i = end; i > from + PARA_SLICE / 2; i--)
		if (t[i - 1] == '\n')
			return i;
	for (size_t i = end; i > from + PARA_SLICE / 2; i--)
		if (t[i - 1] == ' ')
			return i;
	while (end > from + 1 && ((unsigned char)t[end] & 0xC0) == 0x80)
		end--;	/* not inside a character */
	return end;
}

void para_slice(para *dst, const para *src, size_t from, size_t to,
    arena *mem)
{
	para_init(dst, src->st, src->lang, src->width);
	dst->indent = from == 0 ? src->indent : 0;
	dst->hyphenate = src->hyphenate;
	dst->align = src->align;
	dst->bold = src->bold;
	dst->italic = src->italic;
	dst->pre = src->pre;
	buf_put(&dst->text, src->text.data + from, to - from);
	const char *old = NULL, *copy = NULL;
	for (size_t i = 0; i < src->nspans; i++) {
		const pdf_span *s = &src->spans[i];
		if (s->end <= from || s->start >= to)
			continue;
		pdf_span *d = span_push(dst);
		*d = *s;
		d->start = (uint32_t)((s->start > from ? s->start : from) - from);
		d->end = (uint32_t)((s->end < to ? s->end : to) - from);
		if (s->link && s->link != old) {
			old = s->link;
			copy = arena_strdup(mem, s->link);
		}
		if (s->link)
			d->link = copy;
	}
	for (size_t i = 0; i < src->nnotes; i++) {
		if (src->note_at[i] < from || src->note_at[i] >= to)
			continue;
		if (dst->nnotes == dst->capnotes) {
			dst->capnotes = 2 * dst->capnotes + 8;
			dst->note_at = xrealloc(dst->note_at,
			    dst->capnotes * sizeof *dst->note_at);
			dst->note_url = xrealloc(dst->note_url,
			    dst->capnotes * sizeof *dst->note_url);
			dst->note_num = xrealloc(dst->note_num,
			    dst->capnotes * sizeof *dst->note_num);
		}
		dst->note_at[dst->nnotes] = (uint32_t)(src->note_at[i] - from);
		dst->note_url[dst->nnotes] = arena_strdup(mem, src->note_url[i]);
		dst->note_num[dst->nnotes++] = src->note_num[i];
	}
}

/* ---- itemizing ---- */

typedef struct seg {
	uint32_t off, len;	/* bytes of the paragraph */
	const pdf_font *f;
	const word *w;		/* NULL for a space or a line end */
	uint16_t span;
	uint8_t level;
	uint8_t nl;		/* a line end ("\n") */
} seg;

typedef struct segs {
	seg *s;
	size_t n, cap;
} segs;

static float span_size(const pdf_span *sp)
{
	return sp->rise ? sp->st->size * 0.7f : (float)sp->st->size;
}

/* Does the span's own font cover every character? Then Pango's itemizer
 * would pick it throughout, and we skip it (it costs as much as shaping).
 */
static int covered(const pdf_font *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		gunichar u = g_utf8_get_char(s + i);
		hb_codepoint_t g;
		if (!hb_font_get_nominal_glyph(f->hb, u, &g))
			return 0;
		if (g_unichar_get_script(u) == G_UNICODE_SCRIPT_ARABIC ||
		    g_unichar_get_script(u) == G_UNICODE_SCRIPT_HEBREW)
			return 0;	/* right to left: needs bidi */
		i = (size_t)(g_utf8_next_char(s + i) - s);
	}
	return 1;
}

static void push_seg(shaper *sh, segs *sg, seg x)
{
	if (sg->n == sg->cap) {
		sg->cap = sg->cap ? 2 * sg->cap : 256;
		sg->s = scratch(sh, SC_SEGS, sg->cap * sizeof *sg->s);
	}
	sg->s[sg->n++] = x;
}

/* Split one run of a single font and level into words and spaces. */
static void split_words(shaper *sh, para *p, segs *sg, uint32_t off,
    uint32_t len, const pdf_font *f, int level, uint16_t span)
{
	const char *t = p->text.data;
	uint32_t end = off + len;
	int hy = p->hyphenate && !p->spans[span].link &&
	    !p->spans[span].rise;
	while (off < end) {
		uint32_t q = off;
		if (t[q] == '\n') {
			push_seg(sh, sg, (seg){ .off = off, .len = 1, .f = f,
			    .span = span, .level = (uint8_t)level, .nl = 1 });
			q++;
		} else if (t[q] == ' ') {
			while (q < end && t[q] == ' ')
				q++;
			push_seg(sh, sg, (seg){ .off = off, .len = q - off,
			    .f = f, .span = span, .level = (uint8_t)level });
		} else {
			while (q < end && t[q] != ' ' && t[q] != '\n')
				q++;
			const word *w = shape_word(sh, f, t + off, q - off,
			    level & 1, p->lang, hy);
			push_seg(sh, sg, (seg){ .off = off, .len = q - off,
			    .f = f, .w = w, .span = span,
			    .level = (uint8_t)level });
		}
		off = q;
	}
}

static size_t span_at(const para *p, uint32_t off, size_t from)
{
	while (from + 1 < p->nspans && p->spans[from].end <= off)
		from++;
	return from;
}

/* The paragraph's direction from its first strong letter (UAX 9, P2). */
static int first_strong_rtl(const char *s, size_t n)
{
	for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!g_unichar_isalpha(c))
			continue;
		GUnicodeScript sc = g_unichar_get_script(c);
		return sc == G_UNICODE_SCRIPT_ARABIC ||
		    sc == G_UNICODE_SCRIPT_HEBREW ||
		    sc == G_UNICODE_SCRIPT_SYRIAC ||
		    sc == G_UNICODE_SCRIPT_THAANA ||
		    sc == G_UNICODE_SCRIPT_NKO;
	}
	return 0;
}

static int itemize(shaper *sh, para *p, segs *sg)
{
	int base_rtl = 0;
	/* fast path: every span's font covers its text */
	int fast = 1;
	const pdf_font **sf = scratch(sh, SC_FONTS, p->nspans * sizeof *sf);
	for (size_t i = 0; i < p->nspans && fast; i++) {
		const pdf_span *sp = &p->spans[i];
		PangoFont *pf = shaper_load(sh, sp->st, sp->bold, sp->italic,
		    span_size(sp));
		sf[i] = shaper_font(sh, pf, span_size(sp),
		    (float)sp->st->letter_spacing);
		g_object_unref(pf);
		fast = covered(sf[i], p->text.data + sp->start,
		    sp->end - sp->start);
	}
	if (fast) {
		for (size_t i = 0; i < p->nspans; i++)
			split_words(sh, p, sg, p->spans[i].start,
			    p->spans[i].end - p->spans[i].start, sf[i], 0,
			    (uint16_t)i);
		return 0;
	}
	PangoAttrList *al = pango_attr_list_new();
	for (size_t i = 0; i < p->nspans; i++) {
		const pdf_span *sp = &p->spans[i];
		PangoFontDescription *d = pango_font_description_new();
		pango_font_description_set_family(d, sp->st->family);
		pango_font_description_set_size(d,
		    (int)(span_size(sp) * PANGO_SCALE + 0.5));
		pango_font_description_set_weight(d, sp->bold ?
		    PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_style(d, sp->italic ?
		    PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
		PangoAttribute *a = pango_attr_font_desc_new(d);
		a->start_index = sp->start;
		a->end_index = sp->end;
		pango_attr_list_insert(al, a);
		pango_font_description_free(d);
	}
	PangoAttribute *la = pango_attr_language_new(shaper_lang(sh, p->lang));
	pango_attr_list_insert_before(al, la);
	base_rtl = first_strong_rtl(p->text.data, p->text.len);
	GList *items = pango_itemize_with_base_dir(sh->pc,
	    base_rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR,
	    p->text.data, 0, (int)p->text.len, al, NULL);
	size_t si = 0;
	for (GList *l = items; l; l = l->next) {
		PangoItem *it = l->data;
		si = span_at(p, (uint32_t)it->offset, si);
		const pdf_span *sp = &p->spans[si];
		const pdf_font *f = shaper_font(sh, it->analysis.font,
		    span_size(sp), (float)sp->st->letter_spacing);
		split_words(sh, p, sg, (uint32_t)it->offset,
		    (uint32_t)it->length, f, it->analysis.level, (uint16_t)si);
		pango_item_free(it);
	}
	g_list_free(items);
	pango_attr_list_unref(al);
	return base_rtl;
}

/* ---- Knuth-Plass items ---- */

typedef struct ref {
	int32_t seg;		/* -1: the first-line indent */
	uint32_t a, b;		/* bytes of the seg's word */
	uint8_t hyphen;		/* penalty that adds a hyphen */
} ref;

typedef struct items {
	kp_item *it;
	ref *rf;
	size_t n, cap;
} items;

static void push_item(shaper *sh, items *x, kp_item it, ref rf)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 512;
		/* both arrays in one scratch slot, re-laid after growth */
		char *mem = scratch(sh, SC_ITEMS,
		    cap * (sizeof(kp_item) + sizeof(ref)));
		kp_item *ni = (kp_item *)mem;
		ref *nr = (ref *)(mem + cap * sizeof(kp_item));
		memmove(nr, mem + x->cap * sizeof(kp_item), x->n * sizeof(ref));
		x->it = ni;
		x->rf = nr;
		x->cap = cap;
	}
	x->it[x->n] = it;
	x->rf[x->n++] = rf;
}

#define HYPHEN_PENALTY 50.0f
#define EX_HYPHEN_PENALTY 50.0f
#define EMERGENCY_PENALTY 1000.0f
#define URL_PENALTY 100.0f
/* How much shorter than the measure a line may end at a break inside a
 * URL, in ems, when the paragraph cannot be set tightly otherwise: a line
 * of URL pieces has one word space or none to stretch, and without this
 * it could only be set by spacing out the line before it (TeX's
 * \emergencystretch, for these breaks only). */
#define URL_RAG 3.0f

/* A cursor over a word's glyphs: the piece's start (byte a, advance aw)
 * and glyph g with the advance cw of those before it. Clusters grow along
 * a left-to-right word, so one pass serves every piece (summing afresh
 * for each cluster made a long word quadratic). */
typedef struct cursor {
	uint32_t a, g;
	float aw, cw;
} cursor;

/* A piece wider than the measure (a long URL), up to byte b: a break
 * point at every cluster. */
static void emergency_breaks(shaper *sh, items *x, const word *w,
    int32_t i, uint32_t b, cursor *cu)
{
	for (; cu->g < w->ng; cu->cw += w->g[cu->g].adv, cu->g++) {
		uint32_t c = w->g[cu->g].cluster;
		if (c >= b)
			break;
		if (c <= cu->a || w->g[cu->g - 1].cluster == c)
			continue;
		push_item(sh, x, (kp_item){ .type = KP_BOX,
		    .w = cu->cw - cu->aw }, (ref){ .seg = i, .a = cu->a,
		    .b = c });
		push_item(sh, x, (kp_item){ .type = KP_PENALTY,
		    .penalty = EMERGENCY_PENALTY }, (ref){ .seg = i });
		cu->a = c;
		cu->aw = cu->cw;
	}
}

/* The penalty of break point k of segment i's word, and around a URL's
 * the glue that stretches only if the line ends there: +S, the break,
 * -S (Knuth and Plass's ragged breaks); the infinite penalty keeps the
 * first glue from being a break. */
static void break_items(shaper *sh, items *x, const seg *s, int32_t i,
    uint32_t k, int justify, int url_rag)
{
	const word *w = s->w;
	int kind = w->brk_kind[k];
	kp_item pen = { .type = KP_PENALTY };
	float rag = URL_RAG * s->f->size;
	if (w->url && url_rag) {
		push_item(sh, x, (kp_item){ .type = KP_PENALTY,
		    .penalty = KP_INF }, (ref){ .seg = -3 });
		push_item(sh, x, (kp_item){ .type = KP_GLUE, .stretch = rag },
		    (ref){ .seg = -3 });
	}
	if (kind == BRK_HYPHEN) {
		pen.w = s->f->hyphen;
		pen.penalty = justify ? HYPHEN_PENALTY : 4 * HYPHEN_PENALTY;
		pen.flagged = 1;
	} else if (kind == BRK_URL) {
		pen.penalty = URL_PENALTY;
	} else if (kind == BRK_EXPLICIT) {
		pen.penalty = EX_HYPHEN_PENALTY;
		pen.flagged = 1;
	}
	push_item(sh, x, pen, (ref){ .seg = i, .hyphen = kind == BRK_HYPHEN });
	if (w->url && url_rag)
		push_item(sh, x, (kp_item){ .type = KP_GLUE, .stretch = -rag },
		    (ref){ .seg = -3 });
}

/* Segment i's word as boxes between its break points. Returns whether
 * it has a URL's breaks. */
static int word_items(shaper *sh, const para *p, const seg *s, int32_t i,
    items *x, int justify, int url_rag)
{
	const word *w = s->w;
	cursor cu = { 0 };
	for (uint32_t k = 0; k <= w->nbrk; k++) {
		uint32_t b = k < w->nbrk ? w->brk[k] : w->len;
		float bw = k < w->nbrk ? w->brk_w[k] : w->width;
		if (bw - cu.aw > p->width && !w->rtl)
			emergency_breaks(sh, x, w, i, b, &cu);
		push_item(sh, x, (kp_item){ .type = KP_BOX, .w = bw - cu.aw },
		    (ref){ .seg = i, .a = cu.a, .b = b });
		if (k < w->nbrk)
			break_items(sh, x, s, i, k, justify, url_rag);
		cu.a = b;
		cu.aw = bw;
	}
	return w->nbrk && w->url;
}

/* The paragraph's end, or a line end inside it: a forced break after
 * glue that fills the line. */
static void end_items(shaper *sh, items *x)
{
	push_item(sh, x, (kp_item){ .type = KP_PENALTY, .penalty = KP_INF },
	    (ref){ .seg = -2 });
	push_item(sh, x, (kp_item){ .type = KP_GLUE, .stretch = 1e5f },
	    (ref){ .seg = -2 });
	push_item(sh, x, (kp_item){ .type = KP_PENALTY, .penalty = -KP_INF },
	    (ref){ .seg = -2 });
}

/* A line end: the break, then an empty box that starts the next line
 * (seg -4, its first byte in a), so that an empty line is a line and
 * the next line's indent is not glue a break discards. */
static void line_end_items(shaper *sh, items *x, const seg *s)
{
	end_items(sh, x);
	push_item(sh, x, (kp_item){ .type = KP_BOX }, (ref){ .seg = -4,
	    .a = s->off + 1 });
}

/* url_rag: let lines end short at a URL's breaks (URL_RAG). Returns
 * whether the paragraph has such breaks. */
static int build_items(shaper *sh, para *p, const segs *sg, items *x,
    int justify, int url_rag)
{
	int urls = 0;
	if (p->indent > 0)
		push_item(sh, x, (kp_item){ .type = KP_BOX,
		    .w = (float)p->indent }, (ref){ .seg = -1 });
	else if (p->pre)	/* the first line's indent is not discarded */
		push_item(sh, x, (kp_item){ .type = KP_BOX }, (ref){ .seg = -4 });
	for (size_t i = 0; i < sg->n; i++) {
		const seg *s = &sg->s[i];
		if (s->nl) {
			line_end_items(sh, x, s);
			continue;
		}
		if (!s->w) {
			/* preformatted: each space its own width, fixed */
			float w = s->f->space * (p->pre ? (float)s->len : 1);
			push_item(sh, x, (kp_item){ .type = KP_GLUE, .w = w,
			    .stretch = justify ? w * 0.5f : 0,
			    .shrink = justify ? w / 3 : 0 },
			    (ref){ .seg = (int32_t)i });
			continue;
		}
		urls |= word_items(sh, p, s, (int32_t)i, x, justify, url_rag);
	}
	/* the end: no break before the last glue; it fills the last line */
	end_items(sh, x);
	return urls;
}

/* When Knuth-Plass finds nothing (it should not): first fit. */
static size_t greedy(const kp_item *it, size_t n, double width,
    size_t **breaks, size_t *cap)
{
	size_t nb = 0;
	double w = 0;
	size_t last = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		int legal = (it[i].type == KP_GLUE && i > 0 &&
		    it[i - 1].type == KP_BOX) ||
		    (it[i].type == KP_PENALTY && it[i].penalty < KP_INF);
		if (legal && (w + (it[i].type == KP_PENALTY ? it[i].w : 0) >
		    width) && last != (size_t)-1) {
			if (nb == *cap)
				*breaks = xrealloc(*breaks, (*cap = 2 * *cap + 16) *
				    sizeof **breaks);
			(*breaks)[nb++] = last;
			w = 0;
			for (size_t k = last + 1; k <= i; k++)
				if (it[k].type == KP_BOX ||
				    (it[k].type == KP_GLUE && k > last + 1))
					w += it[k].w;
			last = (size_t)-1;
		}
		if (legal)
			last = i;
		if (it[i].type != KP_PENALTY)
			w += it[i].w;
	}
	if (nb == *cap)
		*breaks = xrealloc(*breaks, (*cap = 2 * *cap + 16) *
		    sizeof **breaks);
	(*breaks)[nb++] = n - 1;
	return nb;
}

/* ---- building lines ---- */

typedef struct chunk {
	const word *w;		/* NULL: a space or the indent */
	const seg *s;
	float w_nat;		/* natural width */
	float stretch, shrink;
	int space;		/* a space (gets stretched) */
	uint8_t level;
	float x;		/* set when placed */
} chunk;

/* The chunks of the line of items [from, to): the indent, spaces, and
 * words, a word broken at the line's end shaped anew with its hyphen.
 * *rag gets the stretch of a URL break the line ends at. */
static size_t line_chunks(shaper *sh, para *p, const segs *sg,
    const items *x, size_t from, size_t to, chunk *ch, double *rag)
{
	size_t nc = 0;
	const char *t = p->text.data;
	for (size_t i = from; i < to; i++) {
		const kp_item *it = &x->it[i];
		const ref *rf = &x->rf[i];
		if (it->type == KP_PENALTY)
			continue;
		if (rf->seg == -1) {
			ch[nc++] = (chunk){ .w_nat = it->w };
			continue;
		}
		if (rf->seg < 0)
			continue;
		const seg *s = &sg->s[rf->seg];
		if (it->type == KP_GLUE) {
			ch[nc++] = (chunk){ .s = s, .w_nat = it->w,
			    .stretch = it->stretch, .shrink = it->shrink,
			    .space = 1, .level = s->level };
			continue;
		}
		/* pieces of one word on this line come back together (a
		 * URL's +S and -S glue cancel inside a line) */
		uint32_t a = rf->a, b = rf->b;
		size_t j = i + 1;
		while (j < to && (x->rf[j].seg == rf->seg ||
		    x->it[j].type == KP_PENALTY || x->rf[j].seg == -3)) {
			if (x->it[j].type == KP_BOX && x->rf[j].seg == rf->seg)
				b = x->rf[j].b;
			else if (x->rf[j].seg == -3)
				*rag += x->it[j].stretch;
			else if (x->rf[j].seg != rf->seg)
				break;
			j++;
		}
		i = j - 1;
		int hyphen = to < x->n && x->it[to].type == KP_PENALTY &&
		    x->rf[to].hyphen && x->rf[to].seg == rf->seg &&
		    (j == to || x->it[j].type == KP_PENALTY);
		const word *w = s->w;
		if (a != 0 || b != w->len || hyphen) {
			/* part of a word: shaped on its own (a ligature
			 * may straddle the break), with its hyphen */
			char *tmp = scratch(sh, SC_LINE, b - a + 2);
			memcpy(tmp, t + s->off + a, b - a);
			size_t n = b - a;
			if (hyphen)
				tmp[n++] = '-';
			w = shape_word(sh, s->f, tmp, n, s->level & 1, p->lang, 0);
		}
		ch[nc++] = (chunk){ .w = w, .s = s, .w_nat = w->width,
		    .level = s->level };
	}
	return nc;
}

/* Stretch or shrink the spaces to the measure (justified lines but the
 * last); the x where the line starts, for its alignment. */
static double line_justify(const para *p, chunk *ch, size_t nc,
    double rag, int last, int base_rtl)
{
	double nat = 0, str = rag, shr = 0;
	for (size_t i = 0; i < nc; i++) {
		nat += ch[i].w_nat;
		str += ch[i].stretch;
		shr += ch[i].shrink;
	}
	double r = 0, slack = p->width - nat;
	if (p->align == STYLE_JUSTIFY && !(last && slack >= 0)) {
		if (slack > 0 && str > 0)
			r = slack / str;
		else if (slack < 0 && shr > 0)
			/* beyond -1 only when a word shaped on its own came out
			 * wider than measured: tighter spaces, never a line
			 * past the measure */
			r = fmax(slack / shr, -2);
	}
	double used = nat;
	for (size_t i = 0; i < nc; i++)
		if (ch[i].space) {
			double d = r > 0 ? r * ch[i].stretch : r * ch[i].shrink;
			ch[i].w_nat += (float)d;
			used += d;
		}
	if (p->align == STYLE_RIGHT || (base_rtl && p->align != STYLE_CENTER &&
	    (p->align != STYLE_JUSTIFY || last)))
		return p->width - used;
	if (p->align == STYLE_CENTER)
		return (p->width - used) / 2;
	return 0;
}

/* bidi: reverse runs of levels >= k, from the highest level down
 * (UAX 9, L2) */
static void line_reorder(chunk *ch, size_t nc, int base_rtl)
{
	int maxl = 0, minodd = 99;
	for (size_t i = 0; i < nc; i++) {
		if (ch[i].level > maxl)
			maxl = ch[i].level;
		if ((ch[i].level & 1) && ch[i].level < minodd)
			minodd = ch[i].level;
	}
	if (base_rtl)
		for (size_t i = 0; i < nc; i++)
			if (!ch[i].s && ch[i].level == 0)
				ch[i].level = 1;
	for (int k = maxl; k >= minodd && k > 0; k--)
		for (size_t i = 0; i < nc;) {
			if (ch[i].level < k) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < nc && ch[j].level >= k)
				j++;
			for (size_t a = i, b = j - 1; a < b; a++, b--) {
				chunk tmp = ch[a]; ch[a] = ch[b]; ch[b] = tmp;
			}
			i = j;
		}
}

/* A line with room for the chunks' glyphs, clusters, text and runs. */
static pdf_line *line_alloc(const para *p, const chunk *ch, size_t nc,
    arena *mem)
{
	size_t ng = 0, nt = 0;
	for (size_t i = 0; i < nc; i++) {
		if (ch[i].w) {
			ng += ch[i].w->ng;
			nt += ch[i].w->len;
		} else if (ch[i].space) {
			ng++;
			nt++;
		}
	}
	pdf_line *ln = arena_alloc(mem, sizeof *ln);
	ln->width = (float)p->width;
	ln->glyphs = arena_alloc(mem, (ng + 1) * sizeof *ln->glyphs);
	ln->clusters = arena_alloc(mem, (ng + 1) * sizeof *ln->clusters);
	ln->text = arena_alloc(mem, nt + 1);
	ln->runs = arena_alloc(mem, (nc + 1) * sizeof *ln->runs);
	return ln;
}

/* Word w's glyphs at x (raised by rise), its text and its clusters: in
 * glyph order, each with the bytes up to the next cluster in text order. */
static void line_put_word(pdf_line *ln, const word *w, float x, float rise,
    int rtl)
{
	memcpy(ln->text + ln->ntext, w->text, w->len);
	ln->ntext += w->len;
	for (uint32_t g = 0; g < w->ng; g++) {
		ln->glyphs[ln->nglyphs++] = (pdf_glyph){
		    .id = w->g[g].gid, .x = x + w->g[g].dx,
		    .y = w->g[g].dy + rise };
		x += w->g[g].adv;
	}
	uint32_t g = 0;
	while (g < w->ng) {
		uint32_t cl = w->g[g].cluster, k = g;
		while (k < w->ng && w->g[k].cluster == cl)
			k++;
		uint32_t next = w->len;
		if (!rtl && k < w->ng)
			next = w->g[k].cluster;
		else if (rtl && g > 0)
			next = w->g[g - 1].cluster;
		ln->clusters[ln->nclusters++] = (pdf_cluster){
		    (int)(next - cl), (int)(k - g) };
		g = k;
	}
}

/* Place the chunks from x0 into the line's runs. */
static void line_fill(pdf_line *ln, const para *p, const chunk *ch,
    size_t nc, double x0)
{
	double xx = x0;
	pdf_run *run = NULL;
	for (size_t i = 0; i < nc; i++) {
		const chunk *c = &ch[i];
		if (!c->s) {	/* the indent */
			xx += c->w_nat;
			continue;
		}
		const pdf_span *sp = &p->spans[c->s->span];
		const pdf_font *f = c->s->f;
		int rtl = c->level & 1;
		if (f->ascent > ln->ascent)
			ln->ascent = f->ascent;
		if (f->descent > ln->descent)
			ln->descent = f->descent;
		/* a new run when anything drawn differently changes; right
		 * to left words each get their own (clusters run backward) */
		if (!run || run->face != f->face || run->size != f->size ||
		    run->link != sp->link || run->dest != sp->dest || rtl ||
		    run->rtl) {
			run = &ln->runs[ln->nruns++];
			*run = (pdf_run){ .face = (uint16_t)f->face,
			    .size = f->size, .rtl = (uint8_t)rtl,
			    .link = sp->link, .dest = sp->dest,
			    .g0 = ln->nglyphs, .c0 = ln->nclusters,
			    .t0 = ln->ntext, .x0 = (float)xx };
		}
		float rise = sp->rise ? -0.4f * (float)sp->st->size : 0;
		if (c->space) {
			ln->glyphs[ln->nglyphs++] = (pdf_glyph){
			    .id = f->space_gid, .x = (float)xx, .y = rise };
			ln->clusters[ln->nclusters++] = (pdf_cluster){ 1, 1 };
			ln->text[ln->ntext++] = ' ';
		} else {
			line_put_word(ln, c->w, (float)xx, rise, rtl);
		}
		xx += c->w_nat;
		run->ng = ln->nglyphs - run->g0;
		run->nc = ln->nclusters - run->c0;
		run->nt = ln->ntext - run->t0;
		run->x1 = (float)xx;
	}
	/* empty runs (an indent only) are dropped by the painter */
}

static void build_line(shaper *sh, para *p, const segs *sg, const items *x,
    size_t from, size_t to, int last, int base_rtl, arena *mem,
    pdf_line **out)
{
	chunk *ch = scratch(sh, SC_CHUNKS, (to - from + 2) * sizeof *ch);
	double rag = 0;		/* a URL break's stretch, if the line ends there */
	size_t nc = line_chunks(sh, p, sg, x, from, to, ch, &rag);
	double x0 = line_justify(p, ch, nc, rag, last, base_rtl);
	line_reorder(ch, nc, base_rtl);
	pdf_line *ln = line_alloc(p, ch, nc, mem);
	line_fill(ln, p, ch, nc, x0);
	*out = ln;
}

void para_layout(shaper *sh, para *p, arena *mem, para_lines *out)
{
	memset(out, 0, sizeof *out);
	while (p->text.len && (p->text.data[p->text.len - 1] == ' ' ||
	    p->text.data[p->text.len - 1] == '\n'))
		p->text.len--;	/* a trailing space would end a line */
	for (size_t i = 0; i < p->nspans; i++) {
		if (p->spans[i].end > p->text.len)
			p->spans[i].end = (uint32_t)p->text.len;
	}
	while (p->nspans && p->spans[p->nspans - 1].start >= p->text.len)
		p->nspans--;
	if (!p->text.len)
		return;
	buf_cstr(&p->text);
	shaper_trim(sh);
	segs sg = { 0 };
	int base_rtl = itemize(sh, p, &sg);
	items x = { 0 };
	int justify = p->align == STYLE_JUSTIFY;
	int urls = build_items(sh, p, &sg, &x, justify, 0);
	double rag = justify ? 0 : 3 * p->st->size;
	size_t nb = kp_break_tight(x.it, x.n, p->width, rag, &sh->breaks,
	    &sh->breakcap);
	if (!nb && urls) {
		/* no tight setting: let lines end short inside URLs rather
		 * than space a line out (the scratch items are made anew) */
		x.n = 0;
		build_items(sh, p, &sg, &x, justify, 1);
	}
	if (!nb)
		nb = kp_break(x.it, x.n, p->width, rag, &sh->breaks,
		    &sh->breakcap);
	if (!nb)
		nb = greedy(x.it, x.n, p->width, &sh->breaks, &sh->breakcap);
	size_t *breaks = sh->breaks;
	out->n = nb;
	out->line = arena_alloc(mem, nb * sizeof *out->line);
	out->start = arena_alloc(mem, nb * sizeof *out->start);
	size_t from = 0;
	for (size_t l = 0; l < nb; l++) {
		/* skip what a break discards: glue and penalties */
		while (from < x.n && x.it[from].type != KP_BOX)
			from++;
		int32_t sg0 = from < x.n ? x.rf[from].seg : -1;
		out->start[l] = sg0 >= 0 ? sg.s[sg0].off + x.rf[from].a :
		    sg0 == -4 ? x.rf[from].a : 0;
		/* a line that ends at a line end is set as a last line */
		if (!sh->count_only)
			build_line(sh, p, &sg, &x, from, breaks[l],
			    x.rf[breaks[l]].seg == -2, base_rtl, mem,
			    &out->line[l]);
		from = breaks[l] + 1;
	}
}
