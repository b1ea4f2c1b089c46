/* inline.c: the inline layer of a block: plain text and links. URLs in the
 * text become links; only http, https and mailto survive as links. */
#include "read.h"

#include <string.h>
#include <strings.h>

/* Characters that end a URL in running text. */
static int url_stop(const unsigned char *p)
{
	if (*p <= ' ' || *p == '<' || *p == '>' || *p == '"')
		return 1;
	/* “ ” ‘ ’ « » */
	if (p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x98 || p[2] == 0x99))
		return 1;
	if (p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB))
		return 1;
	return 0;
}

/* Length of the URL at s (0 if none). */
static size_t url_at(const char *s, size_t n, int *www)
{
	size_t k = url_start(s, n, URL_MAILTO | URL_WWW);
	if (!k || (k == 4 && n == 4))	/* "www." names no host */
		return 0;
	*www = k == 4;
	size_t i = 0;
	while (i < n && !url_stop((const unsigned char *)s + i))
		i++;
	/* Trailing punctuation belongs to the sentence; a closing bracket
	 * only when the URL has no opening one. The balances are counted
	 * once and kept as brackets are stripped: a URL ending in thousands
	 * of ')' stays linear. */
	long paren = 0, square = 0;
	for (size_t k = 0; k < i; k++) {
		paren += s[k] == '(' ? 1 : s[k] == ')' ? -1 : 0;
		square += s[k] == '[' ? 1 : s[k] == ']' ? -1 : 0;
	}
	while (i > 0) {
		char c = s[i - 1];
		long *depth = c == ')' ? &paren : c == ']' ? &square : NULL;
		if (strchr(".,;:!?'*", c)) {
			i--;
		} else if (depth && *depth < 0) {
			i--;
			++*depth;
		} else {
			break;
		}
	}
	size_t scheme = *www ? 4 : (s[4] == 's' || s[4] == 'S') ? 8 : 7;
	return i > scheme ? i : 0;
}

static int email_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '+' || c == '%';
}

/* An e-mail address around the '@' at s[at], not reaching back before
 * min: 1 and its span [*from, *to), or 0. */
static int email_span(const char *s, size_t n, size_t at, size_t min,
    size_t *from, size_t *to)
{
	size_t j = at;
	while (j > min && email_char(s[j - 1]))
		j--;
	while (j < at && s[j] == '.')
		j++;
	if (j == at)
		return 0;
	size_t e = at + 1, dot = 0;
	while (e < n && email_char(s[e]) && s[e] != '+' && s[e] != '%')
		e++;
	while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
		e--;
	for (size_t k = at + 2; k + 2 < e; k++)
		if (s[k] == '.')
			dot = k;
	if (!dot)
		return 0;
	*from = j;
	*to = e;
	return 1;
}

/* Could s hold a link: "://", "ailto:" or "AILTO:", "ww." or "WW.", or an
 * '@'? memchr skips to the few bytes worth a look, where five memmem
 * calls would each read the whole paragraph. */
static int may_link(const char *s, size_t n)
{
	const char *p, *end = s + n;
	if (memchr(s, '@', n))
		return 1;
	for (p = s; (p = memchr(p, ':', (size_t)(end - p))); p++)
		if ((end - p >= 3 && p[1] == '/' && p[2] == '/') ||
		    (p - s >= 5 && (memcmp(p - 5, "ailto", 5) == 0 ||
		     memcmp(p - 5, "AILTO", 5) == 0)))
			return 1;
	for (p = s; (p = memchr(p, '.', (size_t)(end - p))); p++)
		if (p - s >= 2 && ((p[-2] == 'w' && p[-1] == 'w') ||
		    (p[-2] == 'W' && p[-1] == 'W')))
			return 1;
	return 0;
}

void inline_parse(text_ctx *t, dossier_node *parent, const char *s,
    size_t n, unsigned line)
{
	dossier_doc *doc = t->doc;
	size_t start = 0;
	/* Most paragraphs hold no URL: one cheap scan decides. */
	if (!may_link(s, n)) {
		node_append(parent, s[n] == '\0' ?
		    node_text_owned(doc, s, n, t->name, line) :
		    node_text(doc, s, n, t->name, line));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		size_t j, e;
		if (c == '@' && email_span(s, n, i, start, &j, &e)) {
			/* the local part before i was not yet emitted */
			if (j > start)
				node_append(parent, node_text(doc, s + start,
				    j - start, t->name, line));
			dossier_node *a = node_new(doc, DOSSIER_NODE_LINK,
			    t->name, line);
			a->as.link.url = arena_printf(&doc->mem, "mailto:%.*s",
			    (int)(e - j), s + j);
			node_append(a, node_text(doc, s + j, e - j, t->name,
			    line));
			node_append(parent, a);
			i = e - 1;
			start = e;
			continue;
		}
		if (c != 'h' && c != 'H' && c != 'w' && c != 'W' && c != 'm' &&
		    c != 'M')
			continue;
		if (i > 0 && ((unsigned char)s[i - 1] >= 0x80 ||
		    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@/.", s[i - 1])))
			continue;	/* inside a word or a path */
		int www;
		size_t ulen = url_at(s + i, n - i, &www);
		if (!ulen)
			continue;
		if (i > start)
			node_append(parent, node_text(doc, s + start, i - start,
			    t->name, line));
		char *url = www ? arena_printf(&doc->mem, "http://%.*s",
		    (int)ulen, s + i) : arena_strndup(&doc->mem, s + i, ulen);
		if (url_allowed(url)) {
			dossier_node *a = node_new(doc, DOSSIER_NODE_LINK,
			    t->name, line);
			a->as.link.url = url;
			node_append(a, node_text(doc, s + i, ulen, t->name,
			    line));
			node_append(parent, a);
		} else {
			node_append(parent, node_text(doc, s + i, ulen,
			    t->name, line));
		}
		i += ulen - 1;
		start = i + 1;
	}
	if (start < n || !parent->first)
		node_append(parent, node_text(doc, s + start, n - start,
		    t->name, line));
}
