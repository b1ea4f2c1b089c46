/* htmljson.c: a small JSON reader for the JSON-LD blocks of a page. The
 * core library links no JSON parser, and JSON-LD needs only values, not
 * numbers' precision: a page's blocks are parsed into a tree in the
 * document's arena, with nesting and size bounded so that hostile input
 * costs at most linear time and the recursion stays shallow. */
#include "html.h"

#include <string.h>

enum { JS_MAX_DEPTH = 64, JS_MAX_VALUES = 100000 };

typedef struct jp {
	arena *a;
	const char *s, *e;
	size_t values;
	buf tmp;
} jp;

static void ws(jp *p)
{
	while (p->s < p->e && (*p->s == ' ' || *p->s == '\t' ||
	    *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

/* A string at p->s (after the quote); NULL if unterminated. */
static const char *string(jp *p)
{
	p->tmp.len = 0;
	while (p->s < p->e && *p->s != '"') {
		char c = *p->s++;
		if (c != '\\') {
			buf_putc(&p->tmp, c);
			continue;
		}
		if (p->s >= p->e)
			return NULL;
		c = *p->s++;
		switch (c) {
		case 'n': case 'r': case 't':
			buf_putc(&p->tmp, ' ');
			break;
		case 'b': case 'f':
			break;
		case 'u': {
			unsigned v, lo;
			if (p->e - p->s < 4 || !hex4(p->s, &v))
				return NULL;
			p->s += 4;
			if (v >= 0xD800 && v < 0xDC00 && p->e - p->s >= 6 &&
			    p->s[0] == '\\' && p->s[1] == 'u' &&
			    hex4(p->s + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
				p->s += 6;
			}
			char out[4];
			if ((v >= 0xD800 && v < 0xE000) || !utf8_xml_ok(v) ||
			    utf8_noncharacter(v))
				v = 0xFFFD;
			buf_put(&p->tmp, out, (size_t)utf8_encode(v, out));
			break;
		}
		default:	/* \" \\ \/ and anything else: the character */
			buf_putc(&p->tmp, c);
		}
	}
	if (p->s >= p->e)
		return NULL;
	p->s++;
	return arena_strndup(p->a, p->tmp.data ? p->tmp.data : "", p->tmp.len);
}

static js_val *value(jp *p, int depth)
{
	ws(p);
	if (p->s >= p->e || depth > JS_MAX_DEPTH ||
	    ++p->values > JS_MAX_VALUES)
		return NULL;
	js_val *v = arena_alloc(p->a, sizeof *v);
	char c = *p->s;
	if (c == '{' || c == '[') {
		v->type = c == '{' ? JS_OBJ : JS_ARR;
		p->s++;
		js_val **tail = &v->first;
		ws(p);
		if (p->s < p->e && *p->s == (c == '{' ? '}' : ']')) {
			p->s++;
			return v;
		}
		for (;;) {
			js_val *item;
			if (v->type == JS_OBJ) {
				ws(p);
				if (p->s >= p->e || *p->s != '"')
					return NULL;
				p->s++;
				item = arena_alloc(p->a, sizeof *item);
				item->type = JS_OBJ;
				if (!(item->str = string(p)))
					return NULL;
				ws(p);
				if (p->s >= p->e || *p->s != ':')
					return NULL;
				p->s++;
				if (!(item->value = value(p, depth + 1)))
					return NULL;
			} else if (!(item = value(p, depth + 1))) {
				return NULL;
			}
			*tail = item;
			tail = &item->next;
			ws(p);
			if (p->s >= p->e)
				return NULL;
			if (*p->s == ',') {
				p->s++;
				continue;
			}
			if (*p->s == (v->type == JS_OBJ ? '}' : ']')) {
				p->s++;
				return v;
			}
			return NULL;
		}
	}
	if (c == '"') {
		p->s++;
		v->type = JS_STR;
		return (v->str = string(p)) ? v : NULL;
	}
	static const struct {
		const char *w;
		js_type t;
	} words[] = { { "null", JS_NULL }, { "true", JS_BOOL },
	    { "false", JS_BOOL } };
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(words[i].w);
		if ((size_t)(p->e - p->s) >= k && memcmp(p->s, words[i].w, k) == 0) {
			p->s += k;
			v->type = words[i].t;
			return v;
		}
	}
	const char *st = p->s;
	while (p->s < p->e && strchr("+-0123456789.eE", *p->s))
		p->s++;
	if (p->s == st)
		return NULL;
	v->type = JS_NUM;
	v->str = arena_strndup(p->a, st, (size_t)(p->s - st));
	return v;
}

js_val *js_parse(arena *a, const char *s, size_t n)
{
	jp p = { .a = a, .s = s, .e = s + n };
	/* Pages wrap JSON-LD in comments or CDATA markers now and then. */
	ws(&p);
	if ((size_t)(p.e - p.s) >= 4 && memcmp(p.s, "<!--", 4) == 0)
		p.s += 4;
	else if ((size_t)(p.e - p.s) >= 9 && memcmp(p.s, "//<![CDATA[", 9) == 0)
		p.s += 9;
	js_val *v = value(&p, 0);
	buf_free(&p.tmp);
	return v;
}

js_val *js_get(const js_val *obj, const char *key)
{
	if (!obj || obj->type != JS_OBJ)
		return NULL;
	for (js_val *m = obj->first; m; m = m->next)
		if (strcmp(m->str, key) == 0)
			return m->value;
	return NULL;
}

const char *js_string(const js_val *v)
{
	for (int i = 0; v && i < 4; i++) {
		if (v->type == JS_STR)
			return *v->str ? v->str : NULL;
		if (v->type == JS_ARR)
			v = v->first;
		else if (v->type == JS_OBJ)
			v = js_get(v, "name");
		else
			return NULL;
	}
	return NULL;
}
