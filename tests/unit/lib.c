/* lib.c: the small pieces everything else stands on: arena, buf, UTF-8,
 * escaping, URL schemes, errors. */
#include "tap.h"

#include "tree/tree.h"

#include <stdint.h>
#include <stdlib.h>

static void t_arena(void)
{
	arena a;
	arena_init(&a);
	/* Zeroed and 8-byte aligned, across many blocks. */
	char *ptrs[5000];
	for (int i = 0; i < 5000; i++) {
		size_t n = 1 + (size_t)(i * 37 % 300);
		char *p = arena_alloc(&a, n);
		CHECK(((uintptr_t)p & 7) == 0);
		int zero = 1;
		for (size_t k = 0; k < n; k++)
			zero &= p[k] == 0;
		CHECK(zero);
		memset(p, i & 0x7F, n);
		ptrs[i] = p;
	}
	/* Earlier allocations are untouched by later ones. */
	int intact = 1;
	for (int i = 0; i < 5000; i++) {
		size_t n = 1 + (size_t)(i * 37 % 300);
		for (size_t k = 0; k < n; k++)
			intact &= ptrs[i][k] == (i & 0x7F);
	}
	CHECK(intact);
	/* A large request gets its own block; small ones go on after it. */
	char *small1 = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 1 << 20);
	char *small2 = arena_alloc(&a, 16);
	memset(big, 'x', 1 << 20);
	CHECK(small1[0] == 0 && small2[0] == 0 && big[(1 << 20) - 1] == 'x');
	CHECK(arena_alloc(&a, 0) != NULL);
	CHECK_STR(arena_strndup(&a, "hello world", 5), "hello");
	CHECK_STR(arena_strdup(&a, "abc"), "abc");
	CHECK(arena_strdup(&a, NULL) == NULL);
	CHECK_STR(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	char *longs = arena_printf(&a, "%05000d", 7);
	CHECK(strlen(longs) == 5000 && longs[4999] == '7');
	arena_free(&a);
	CHECK(a.head == NULL);
	/* Freed arenas can be used again. */
	CHECK_STR(arena_strdup(&a, "again"), "again");
	arena_free(&a);
	arena_free(&a);
}

static void t_buf(void)
{
	buf b = { 0 };
	CHECK_STR(buf_cstr(&b), "");
	CHECK(b.len == 0);
	buf_puts(&b, "abc");
	buf_putc(&b, 'd');
	buf_put(&b, "efgh", 2);
	buf_printf(&b, "%d%s", 12, "z");
	CHECK_STR(buf_cstr(&b), "abcdef12z");
	CHECK(b.len == 9);
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "%05d", i);
	CHECK(b.len == 9 + 500000);
	CHECK(b.cap > b.len);
	CHECK(memcmp(b.data + b.len - 5, "99999", 5) == 0);
	buf_cstr(&b);
	CHECK(b.data[b.len] == '\0' && b.len == 500009);
	buf_grow(&b, 1 << 20);
	CHECK(b.cap >= b.len + (1 << 20) + 1);
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
	buf_put(&b, "", 0);
	CHECK_STR(buf_cstr(&b), "");
	buf_free(&b);
}

static int32_t dec(const char *s, size_t n, int *len)
{
	return utf8_decode((const unsigned char *)s, n, len);
}

static void t_utf8_decode(void)
{
	int len;
	CHECK(dec("A", 1, &len) == 'A' && len == 1);
	CHECK(dec("\xC3\xA9", 2, &len) == 0xE9 && len == 2);
	CHECK(dec("\xE2\x82\xAC", 3, &len) == 0x20AC && len == 3);
	CHECK(dec("\xF0\x9F\x98\x80", 4, &len) == 0x1F600 && len == 4);
	CHECK(dec("\xF4\x8F\xBF\xBF", 4, &len) == 0x10FFFF && len == 4);
	/* Invalid: each consumes one byte. */
	CHECK(dec("", 0, &len) == -1 && len == 1);
	CHECK(dec("\x80", 1, &len) == -1 && len == 1);	/* lone continuation */
	CHECK(dec("\xFF", 1, &len) == -1 && len == 1);
	CHECK(dec("\xC3", 1, &len) == -1 && len == 1);	/* truncated */
	CHECK(dec("\xE2\x82", 2, &len) == -1 && len == 1);
	CHECK(dec("\xE2\x82\xAC", 2, &len) == -1 && len == 1); /* n too small */
	CHECK(dec("\xC3(", 2, &len) == -1 && len == 1);	/* bad continuation */
	CHECK(dec("\xC0\xAF", 2, &len) == -1);		/* overlong */
	CHECK(dec("\xC1\xBF", 2, &len) == -1);
	CHECK(dec("\xE0\x80\xAF", 3, &len) == -1);
	CHECK(dec("\xF0\x80\x80\xAF", 4, &len) == -1);
	CHECK(dec("\xED\xA0\x80", 3, &len) == -1);	/* surrogate */
	CHECK(dec("\xED\xBF\xBF", 3, &len) == -1);
	CHECK(dec("\xF4\x90\x80\x80", 4, &len) == -1);	/* > U+10FFFF */
	CHECK(dec("\xF5\x80\x80\x80", 4, &len) == -1);
	/* Only the first code point is read. */
	CHECK(dec("ab", 2, &len) == 'a' && len == 1);
}

static void t_utf8_roundtrip(void)
{
	char out[4];
	int bad = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		int n = utf8_encode(cp, out), len;
		int want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (n != want ||
		    dec(out, (size_t)n, &len) != (int32_t)cp || len != n)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(utf8_encode(0x20AC, out) == 3 && memcmp(out, "\xE2\x82\xAC", 3) == 0);
}

static void t_utf8_xml_ok(void)
{
	CHECK(utf8_xml_ok('\t') && utf8_xml_ok('\n'));
	CHECK(!utf8_xml_ok(0) && !utf8_xml_ok(1) && !utf8_xml_ok(0x1F));
	CHECK(!utf8_xml_ok('\r'));	/* read as LF before it gets here */
	CHECK(utf8_xml_ok(' ') && utf8_xml_ok('~'));
	CHECK(!utf8_xml_ok(0x7F) && !utf8_xml_ok(0x80) && !utf8_xml_ok(0x85) &&
	    !utf8_xml_ok(0x9F));
	CHECK(utf8_xml_ok(0xA0) && utf8_xml_ok(0xE9));
	CHECK(!utf8_xml_ok(0xD800) && !utf8_xml_ok(0xDFFF));
	CHECK(utf8_xml_ok(0xD7FF) && utf8_xml_ok(0xE000));
	CHECK(utf8_xml_ok(0xFFFD));
	CHECK(!utf8_xml_ok(0xFFFE) && !utf8_xml_ok(0xFFFF));
	CHECK(utf8_xml_ok(0x10000) && utf8_xml_ok(0x10FFFF));
	CHECK(!utf8_xml_ok(0x110000));
}

static const char *json(const char *s, size_t n)
{
	static buf b;
	b.len = 0;
	escape_json(&b, s, n);
	return buf_cstr(&b);
}

#define JSON(lit) json(lit, sizeof(lit) - 1)

static void t_escape_json(void)
{
	CHECK_STR(JSON(""), "\"\"");
	CHECK_STR(JSON("abc"), "\"abc\"");
	CHECK_STR(JSON("a\"b\\c"), "\"a\\\"b\\\\c\"");
	CHECK_STR(JSON("l1\nl2\tx"), "\"l1\\nl2\\tx\"");
	CHECK_STR(JSON("\x01\x1F"), "\"\\u0001\\u001f\"");
	CHECK_STR(JSON("a\0b"), "\"a\\u0000b\"");
	CHECK_STR(JSON("</script>"), "\"</script>\"");
	CHECK_STR(JSON("caf\xC3\xA9 \xF0\x9F\x98\x80"),
	    "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
	CHECK_STR(json("abc", 1), "\"a\"");
}

static void t_url_allowed(void)
{
	CHECK(url_allowed("http://example.com"));
	CHECK(url_allowed("https://example.com/a?b=c#d"));
	CHECK(url_allowed("HTTPS://EXAMPLE.COM"));
	CHECK(url_allowed("mailto:a@example.com"));
	CHECK(!url_allowed(NULL));
	CHECK(!url_allowed(""));
	CHECK(!url_allowed("http://"));
	CHECK(!url_allowed("https://"));
	CHECK(!url_allowed("mailto:"));
	CHECK(!url_allowed("javascript:alert(1)"));
	CHECK(!url_allowed("JavaScript:alert(1)"));
	CHECK(!url_allowed("data:text/html,<b>x</b>"));
	CHECK(!url_allowed("file:///etc/passwd"));
	CHECK(!url_allowed("ftp://example.com"));
	CHECK(!url_allowed(" http://example.com"));
	CHECK(!url_allowed("example.com"));
	CHECK(!url_allowed("//example.com"));
}

static const char *enc(const char *url)
{
	static buf b;
	b.len = 0;
	if (url_encode(&b, url) != 0)
		return "(refused)";
	return buf_cstr(&b);
}

static const char *pdftext(const char *s)
{
	static buf b;
	b.len = 0;
	escape_pdf_text(&b, s);
	return buf_cstr(&b);
}

static void t_url_encode(void)
{
	CHECK_STR(enc("https://example.com/a/b?c=d&e=f#g"),
	    "https://example.com/a/b?c=d&e=f#g");
	CHECK_STR(enc("https://e.x/a)>>/S/JavaScript/JS(app.alert(1))"),
	    "https://e.x/a%29%3E%3E/S/JavaScript/JS%28app.alert%281%29%29");
	CHECK_STR(enc("http://e.x/a\\b'c\"d e"),
	    "http://e.x/a%5Cb%27c%22d%20e");
	CHECK_STR(enc("http://e.x/l\nf\tt\r"), "http://e.x/l%0Af%09t%0D");
	CHECK_STR(enc("https://e.x/caf\xC3\xA9/\xC3\x97"),
	    "https://e.x/caf%C3%A9/%C3%97");
	CHECK_STR(enc("https://e.x/100%/%2F/%zz/%4"),
	    "https://e.x/100%25/%2F/%25zz/%254");
	CHECK_STR(enc("https://e.x/<>{}|^`"),
	    "https://e.x/%3C%3E%7B%7D%7C%5E%60");
	CHECK_STR(enc("mailto:a)b@e.x"), "mailto:a%29b@e.x");
	CHECK_STR(enc("javascript:alert(1)"), "(refused)");
	CHECK_STR(enc("file:///etc/passwd"), "(refused)");
	CHECK_STR(enc(NULL), "(refused)");
	/* no longer than URL_MAX once encoded */
	static char big[URL_MAX + 2];
	memcpy(big, "https://e.x/", 12);
	memset(big + 12, 'a', URL_MAX - 12);
	CHECK(strlen(enc(big)) == URL_MAX);
	big[URL_MAX] = 'b';
	CHECK_STR(enc(big), "(refused)");
	big[URL_MAX] = '\0';
	big[URL_MAX - 1] = ' ';	/* "%20": three bytes for one */
	CHECK_STR(enc(big), "(refused)");
	/* what it makes is safe, and making it again changes nothing */
	const char *u = "https://e.x/a)(\\\n%zz\xE6\x97\xA5";
	char once[128];
	snprintf(once, sizeof once, "%s", enc(u));
	CHECK(url_safe(once));
	CHECK_STR(enc(once), once);
	CHECK(!url_safe(u));
	CHECK(!url_safe(""));
	CHECK(!url_safe(NULL));
	CHECK(!url_safe("a(b"));
	CHECK(!url_safe("a%2"));
	CHECK(url_safe("a12s3"));
}

static void t_escape_pdf_text(void)
{
	CHECK_STR(pdftext("plain ( ) \\ text"), "plain ( ) \\ text");
	CHECK_STR(pdftext("caf\xC3\xA9 \xE6\x97\xA5"), "caf\xC3\xA9 \xE6\x97\xA5");
	CHECK_STR(pdftext("tab\tnl\ncr\r"), "tab nl cr ");
	/* what Cairo's UTF-16 conversion refuses: U+FFFD instead */
	CHECK_STR(pdftext("a\xEF\xB7\x90" "b"), "a\xEF\xBF\xBD" "b");	/* U+FDD0 */
	CHECK_STR(pdftext("\xEF\xBF\xBE"), "\xEF\xBF\xBD");	/* U+FFFE */
	CHECK_STR(pdftext("\xF4\x8F\xBF\xBF"), "\xEF\xBF\xBD");	/* U+10FFFF */
	CHECK_STR(pdftext("\xFF."), "\xEF\xBF\xBD.");
	CHECK_STR(pdftext("\xED\xA0\x80"),
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");	/* a surrogate */
}

static void t_error(void)
{
	dossier_error err = { 0 };
	CHECK(dossier_fail(&err, DOSSIER_ERR_IO, "%s:%d: %s", "f.txt", 3,
	    "broken") == -1);
	CHECK(err.code == DOSSIER_ERR_IO);
	CHECK_STR(err.message, "f.txt:3: broken");
	CHECK(dossier_fail(NULL, DOSSIER_ERR_INPUT, "x") == -1);
	char longmsg[3000];
	memset(longmsg, 'a', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = '\0';
	dossier_fail(&err, DOSSIER_ERR_USAGE, "%s", longmsg);
	CHECK(strlen(err.message) == sizeof err.message - 1);
	CHECK(err.code == DOSSIER_ERR_USAGE);
}

static void t_alloc(void)
{
	char *p = xstrdup("abc");
	CHECK_STR(p, "abc");
	free(p);
	p = xstrndup("abcdef", 2);
	CHECK_STR(p, "ab");
	free(p);
	p = xmalloc(0);
	CHECK(p != NULL);
	p = xrealloc(p, 100);
	memset(p, 1, 100);
	free(p);
	int *z = xcalloc(10, sizeof *z);
	CHECK(z[9] == 0);
	free(z);
}

int main(void)
{
	RUN(t_arena, "arena: zeroed, aligned, large blocks, reuse");
	RUN(t_buf, "buf: put, printf, growth, cstr, free");
	RUN(t_utf8_decode, "utf8_decode: valid, truncated, overlong, "
	    "surrogates, out of range");
	RUN(t_utf8_roundtrip, "utf8_encode/decode round-trip of every code "
	    "point");
	RUN(t_utf8_xml_ok, "utf8_xml_ok: the XML 1.0 character rules");
	RUN(t_escape_json, "escape_json");
	RUN(t_url_allowed, "url_allowed: http, https, mailto only");
	RUN(t_url_encode, "url_encode/url_safe: links the PDF can carry");
	RUN(t_escape_pdf_text, "escape_pdf_text: what Cairo would refuse");
	RUN(t_error, "dossier_fail fills the error and returns -1");
	RUN(t_alloc, "x* allocators");
	TAP_EXIT();
}
