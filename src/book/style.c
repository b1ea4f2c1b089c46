/* style.c: a small reader of the CSS subset in styles/default.css. The
 * stylesheet is the one source of faces and spacing for both outputs; the
 * EPUB copies the file and the PDF computes styles from it here. */
#include "style.h"
#include "book.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { MAX_CLASSES = 6, MAX_PARTS = 6 };

typedef struct compound {
	char tag[16];		/* "" or "*" match any element */
	char cls[MAX_CLASSES][24];
	int ncls;
} compound;

typedef struct rule {
	compound part[MAX_PARTS];	/* outermost first */
	int nparts;
	int spec;		/* classes * 100 + tags */
	int order;
	size_t decl, ndecl;	/* slice of decls */
} rule;

typedef struct decl {
	char prop[32];
	char value[96];
} decl;

struct style_sheet {
	rule *rules;
	size_t nrules, caprules;
	decl *decls;
	size_t ndecls, capdecls;
};

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static void copy_trim(char *dst, size_t cap, const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	size_t n = (size_t)(e - s);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* "tag.a.b" into a compound; 0 when it uses syntax we do not support. */
static int parse_compound(compound *c, const char *s, size_t n)
{
	memset(c, 0, sizeof *c);
	size_t i = 0;
	while (i < n && s[i] != '.') {
		if (!isalnum((unsigned char)s[i]) && s[i] != '*' && s[i] != '-')
			return 0;
		if (i + 1 < sizeof c->tag)
			c->tag[i] = (char)tolower((unsigned char)s[i]);
		i++;
	}
	while (i < n && s[i] == '.') {
		size_t j = ++i;
		while (i < n && s[i] != '.') {
			if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
			    s[i] != '_')
				return 0;
			i++;
		}
		if (c->ncls == MAX_CLASSES || i == j)
			return 0;
		copy_trim(c->cls[c->ncls++], sizeof c->cls[0], s + j, s + i);
	}
	return 1;
}

static void add_selector(style_sheet *ss, const char *s, const char *e,
    size_t decl, size_t ndecl)
{
	rule r = { .decl = decl, .ndecl = ndecl, .order = (int)ss->nrules };
	for (const char *p = skip_ws(s, e); p < e; p = skip_ws(p, e)) {
		const char *q = p;
		while (q < e && !isspace((unsigned char)*q) && *q != '>')
			q++;
		if (q == p) {	/* a child combinator: read as descendant */
			p++;
			continue;
		}
		if (r.nparts == MAX_PARTS ||
		    !parse_compound(&r.part[r.nparts], p, (size_t)(q - p)))
			return;	/* pseudo-classes, attributes...: skip rule */
		compound *c = &r.part[r.nparts++];
		r.spec += 100 * c->ncls + (c->tag[0] && c->tag[0] != '*');
		p = q;
	}
	if (!r.nparts)
		return;
	if (ss->nrules == ss->caprules)
		ss->rules = xrealloc(ss->rules,
		    (ss->caprules = 2 * ss->caprules + 16) * sizeof *ss->rules);
	ss->rules[ss->nrules++] = r;
}

style_sheet *style_parse(const char *css, size_t len)
{
	style_sheet *ss = xcalloc(1, sizeof *ss);
	/* Comments out first, so that the scanner below stays simple. */
	char *t = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (css[i] == '/' && i + 1 < len && css[i + 1] == '*') {
			const char *e = strstr(css + i + 2, "*/");
			if (!e || e >= css + len)
				break;
			i = (size_t)(e - css) + 1;
			t[n++] = ' ';
			continue;
		}
		t[n++] = css[i];
	}
	t[n] = 0;
	const char *p = t, *end = t + n;
	while ((p = skip_ws(p, end)) < end) {
		if (*p == '@') {	/* @page, @media...: skipped whole */
			int depth = 0;
			for (; p < end; p++) {
				if (*p == ';' && depth == 0)
					break;
				if (*p == '{')
					depth++;
				if (*p == '}' && --depth == 0)
					break;
			}
			p++;
			continue;
		}
		const char *brace = memchr(p, '{', (size_t)(end - p));
		if (!brace)
			break;
		const char *close = memchr(brace, '}', (size_t)(end - brace));
		if (!close)
			close = end;
		size_t first = ss->ndecls;
		for (const char *d = brace + 1; d < close;) {
			const char *semi = memchr(d, ';', (size_t)(close - d));
			if (!semi)
				semi = close;
			const char *colon = memchr(d, ':', (size_t)(semi - d));
			if (colon) {
				if (ss->ndecls == ss->capdecls)
					ss->decls = xrealloc(ss->decls,
					    (ss->capdecls = 2 * ss->capdecls + 32) *
					    sizeof *ss->decls);
				decl *dc = &ss->decls[ss->ndecls++];
				copy_trim(dc->prop, sizeof dc->prop, d, colon);
				copy_trim(dc->value, sizeof dc->value, colon + 1, semi);
				char *imp = strstr(dc->value, "!important");
				if (imp)
					copy_trim(dc->value, sizeof dc->value,
					    dc->value, imp);
				for (char *c = dc->prop; *c; c++)
					*c = (char)tolower((unsigned char)*c);
			}
			d = semi + 1;
		}
		for (const char *s = p; s < brace;) {
			const char *comma = memchr(s, ',', (size_t)(brace - s));
			if (!comma)
				comma = brace;
			add_selector(ss, s, comma, first, ss->ndecls - first);
			s = comma + 1;
		}
		p = close + 1;
	}
	free(t);
	return ss;
}

style_sheet *style_load(dossier_doc *doc, dossier_error *err)
{
	size_t len;
	const char *css = book_style(doc, &len, NULL, err);
	return css ? style_parse(css, len) : NULL;
}

void style_free(style_sheet *ss)
{
	if (!ss)
		return;
	free(ss->rules);
	free(ss->decls);
	free(ss);
}

/* ---- matching ---- */

static int matches(const compound *c, const compound *el)
{
	if (c->tag[0] && strcmp(c->tag, "*") != 0 && strcmp(c->tag, el->tag))
		return 0;
	for (int i = 0; i < c->ncls; i++) {
		int found = 0;
		for (int j = 0; j < el->ncls && !found; j++)
			found = strcmp(c->cls[i], el->cls[j]) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

/* Does rule r select element i of path (descendant combinators only, so
 * matching each part to the nearest ancestor that fits is exact)? */
static int rule_matches(const rule *r, const compound *path, int i)
{
	int k = r->nparts - 1;
	if (!matches(&r->part[k], &path[i]))
		return 0;
	for (int j = i - 1; k > 0 && j >= 0; j--)
		if (matches(&r->part[k - 1], &path[j]))
			k--;
	return k == 0;
}

/* A length in pt; em and % are relative to em. Returns 0 when the value
 * is not a length we understand. */
static int length(const char *v, double em, double *out)
{
	char *end;
	double x = strtod(v, &end);
	if (end == v)
		return 0;
	if (!*end || strcmp(end, "pt") == 0)
		*out = x;
	else if (strcmp(end, "px") == 0)
		*out = x * 0.75;
	else if (strcmp(end, "em") == 0 || strcmp(end, "rem") == 0)
		*out = x * em;
	else if (strcmp(end, "%") == 0)
		*out = x * em / 100;
	else if (strcmp(end, "mm") == 0)
		*out = x * 72 / 25.4;
	else if (strcmp(end, "cm") == 0)
		*out = x * 72 / 2.54;
	else if (strcmp(end, "in") == 0)
		*out = x * 72;
	else
		return 0;
	return 1;
}

static void apply(style_props *s, const decl *d)
{
	const char *p = d->prop, *v = d->value;
	double x;
	if (strcmp(p, "font-family") == 0) {
		const char *e = v + strcspn(v, ",");
		copy_trim(s->family, sizeof s->family, v, e);
		size_t n = strlen(s->family);
		if (n >= 2 && (s->family[0] == '"' || s->family[0] == '\'')) {
			memmove(s->family, s->family + 1, n - 2);
			s->family[n - 2] = 0;
		}
	} else if (strcmp(p, "line-height") == 0) {
		char *end;
		double f = strtod(v, &end);
		if (end != v && !*end) {
			s->lh_factor = f;
			s->line_height = f * s->size;
		} else if (strcmp(v, "normal") == 0) {
			s->lh_factor = 1.2;
			s->line_height = 1.2 * s->size;
		} else if (length(v, s->size, &x)) {
			s->lh_factor = 0;
			s->line_height = x;
		}
	} else if (strcmp(p, "margin") == 0) {
		double m[4];
		int n = 0;
		char tmp[96];
		snprintf(tmp, sizeof tmp, "%s", v);
		for (char *sv, *tok = strtok_r(tmp, " \t", &sv); tok && n < 4;
		    tok = strtok_r(NULL, " \t", &sv))
			m[n++] = length(tok, s->size, &x) ? x : 0;
		if (n == 1)
			m[1] = m[2] = m[3] = m[0];
		else if (n == 2)
			m[2] = m[0], m[3] = m[1];
		else if (n == 3)
			m[3] = m[1];
		if (n)
			memcpy(s->margin, m, sizeof m);
	} else if (strncmp(p, "margin-", 7) == 0) {
		static const char *const side[4] = { "top", "right", "bottom",
			"left" };
		for (int i = 0; i < 4; i++)
			if (strcmp(p + 7, side[i]) == 0)
				s->margin[i] = length(v, s->size, &x) ? x : 0;
	} else if (strcmp(p, "text-indent") == 0) {
		if (length(v, s->size, &x))
			s->indent = x;
	} else if (strcmp(p, "letter-spacing") == 0) {
		s->letter_spacing = length(v, s->size, &x) ? x : 0;
	} else if (strcmp(p, "text-align") == 0) {
		s->align = strcmp(v, "justify") == 0 ? STYLE_JUSTIFY :
		    strcmp(v, "center") == 0 ? STYLE_CENTER :
		    strcmp(v, "right") == 0 ? STYLE_RIGHT : STYLE_LEFT;
	} else if (strcmp(p, "font-weight") == 0) {
		s->bold = strcmp(v, "bold") == 0 || strcmp(v, "bolder") == 0 ||
		    atoi(v) >= 600;
	} else if (strcmp(p, "font-style") == 0) {
		s->italic = strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
	} else if (strcmp(p, "text-transform") == 0) {
		s->upper = strcmp(v, "uppercase") == 0;
	} else if (strcmp(p, "hyphens") == 0 ||
	    strcmp(p, "-epub-hyphens") == 0) {
		s->hyphens = strcmp(v, "auto") == 0;
	} else if (strcmp(p, "widows") == 0) {
		s->widows = atoi(v) > 0 ? atoi(v) : 1;
	} else if (strcmp(p, "orphans") == 0) {
		s->orphans = atoi(v) > 0 ? atoi(v) : 1;
	}
}

typedef struct match {
	const rule *r;
} match;

static int by_cascade(const void *a, const void *b)
{
	const rule *x = ((const match *)a)->r, *y = ((const match *)b)->r;
	if (x->spec != y->spec)
		return x->spec - y->spec;
	return x->order - y->order;
}

void style_compute(const style_sheet *ss, const char *const *path, int n,
    style_props *out)
{
	compound el[24];
	if (n > 24)
		n = 24;
	style_props s = { .size = 12, .lh_factor = 1.2, .line_height = 14.4,
		.widows = 2, .orphans = 2, .align = STYLE_LEFT };
	strcpy(s.family, "serif");
	match *m = xmalloc((ss->nrules + 1) * sizeof *m);
	for (int i = 0; i < n; i++) {
		parse_compound(&el[i], path[i], strlen(path[i]));
		/* Not inherited in CSS: reset for each element. */
		memset(s.margin, 0, sizeof s.margin);
		size_t nm = 0;
		for (size_t r = 0; r < ss->nrules; r++)
			if (rule_matches(&ss->rules[r], el, i))
				m[nm++].r = &ss->rules[r];
		qsort(m, nm, sizeof *m, by_cascade);
		/* font-size first: the element's ems depend on it. */
		double parent_size = s.size;
		for (size_t k = 0; k < nm; k++)
			for (size_t d = 0; d < m[k].r->ndecl; d++) {
				const decl *dc = &ss->decls[m[k].r->decl + d];
				double x;
				if (strcmp(dc->prop, "font-size") == 0 &&
				    length(dc->value, parent_size, &x))
					s.size = x;
			}
		if (s.lh_factor > 0)
			s.line_height = s.lh_factor * s.size;
		for (size_t k = 0; k < nm; k++)
			for (size_t d = 0; d < m[k].r->ndecl; d++)
				apply(&s, &ss->decls[m[k].r->decl + d]);
	}
	free(m);
	*out = s;
}
