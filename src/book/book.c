/* book.c: the book of a document: its words, counts and date in its
 * language, and its stylesheet, decided here once for every writer. */
#include "book.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* n with the word for one or for many ("%u comment", "%u comments"). */
static const char *book_count(const book_words *w, int comments,
    unsigned n, char *out, size_t cap)
{
	const char *f = comments ? (n == 1 ? w->comments1 : w->comments) :
	    n == 1 ? w->articles1 : w->articles;
	snprintf(out, cap, f, n);
	return out;
}

void book_date_ymd(const book_words *w, int y, int m, int d, char *out,
    size_t cap)
{
	char day[16];
	if (d == 1 && w->first_day)
		snprintf(day, sizeof day, "%s", w->first_day);
	else
		snprintf(day, sizeof day, "%d", d);
	snprintf(out, cap, w->date, day, w->months[m - 1], (unsigned)y);
}

void book_date(const book_words *w, long long t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	book_date_ymd(w, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out,
	    cap);
}

/* The words of the counts, as the subtitle ("5 articles, 86 comments")
 * and as the title page's line ("5 articles · 86 comments") show them. */
static void counts(book *b, dossier_doc *doc)
{
	char na[64], nc[64];
	book_count(b->w, 0, doc->articles, na, sizeof na);
	book_count(b->w, 1, doc->comments, nc, sizeof nc);
	b->counts = arena_printf(&doc->mem, "%s \xc2\xb7 %s", na, nc);
	const char *given = doc->root->as.dossier.subtitle;
	if (given && *given) {
		b->subtitle = given;
	} else if (doc->articles > 1) {
		b->subtitle = arena_printf(&doc->mem, "%s, %s", na, nc);
		b->subtitle_derived = 1;
	}
}

static void book_free(book *b);

book *book_of(dossier_doc *doc)
{
	if (doc->book)
		return doc->book;
	book *b = xcalloc(1, sizeof *b);
	dossier_node *r = doc->root;
	b->lang = r->as.dossier.lang ? r->as.dossier.lang : "en";
	b->w = book_words_for(b->lang);
	b->title = r->as.dossier.title && *r->as.dossier.title ?
	    r->as.dossier.title : "Dossier";
	counts(b, doc);
	if (r->as.dossier.date && *r->as.dossier.date) {
		b->date = r->as.dossier.date;
	} else {
		char d[128];
		book_date(b->w, doc_date(doc), d, sizeof d);
		b->date = arena_strdup(&doc->mem, d);
	}
	doc->book = b;
	doc->book_free = book_free;
	return b;
}

static void book_free(book *b)
{
	if (!b)
		return;
	free(b->style_path);
	buf_free(&b->style);
	pagemap_free(b->pagemap);
	free(b);
}

/* A file when it looks like one, else a name in styles/. */
static char *style_path(dossier_doc *doc)
{
	const char *s = doc->opts.style;
	if (!s || !*s)
		s = "default";
	size_t n = strlen(s);
	if (strchr(s, '/') || (n > 4 && strcasecmp(s + n - 4, ".css") == 0))
		return xstrdup(s);
	buf b = { 0 };
	buf_printf(&b, "%s/styles/%s.css", doc_data_dir(doc), s);
	return (char *)buf_cstr(&b);
}

static int read_style(book *b, dossier_error *err)
{
	FILE *fp = fopen(b->style_path, "rb");
	if (!fp)
		return dossier_fail(err, DOSSIER_ERR_USAGE,
		    "%s: cannot read style: %s", b->style_path,
		    strerror(errno));
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_put(&b->style, chunk, n);
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return dossier_fail(err, DOSSIER_ERR_IO,
		    "%s: cannot read style", b->style_path);
	buf_cstr(&b->style);
	b->style_read = 1;
	return 0;
}

const char *book_style(dossier_doc *doc, size_t *len, const char **path,
    dossier_error *err)
{
	book *b = book_of(doc);
	if (!b->style_path)
		b->style_path = style_path(doc);
	if (path)
		*path = b->style_path;
	if (!b->style_read && read_style(b, err) != 0) {
		buf_free(&b->style);
		return NULL;
	}
	*len = b->style.len;
	return buf_cstr(&b->style);
}
