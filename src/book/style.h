/* style.h: the subset of CSS the PDF layout reads from the one stylesheet
 * (styles/default.css) that the EPUB also carries, so that faces, sizes and
 * spacing have a single source.
 *
 * Understood: type, class and descendant selectors ("h1.title",
 * ".comment p", "*"), selector lists, the properties below in pt, px, mm,
 * cm, in, em or plain numbers (line-height). Everything else (@-rules,
 * pseudo-classes, colours, unknown properties) is skipped: text on paper is
 * black. */
#ifndef DOSSIER_STYLE_H
#define DOSSIER_STYLE_H

#include "../tree/tree.h"

enum { STYLE_LEFT, STYLE_RIGHT, STYLE_CENTER, STYLE_JUSTIFY };

typedef struct style_props {
	char family[64];	/* first family of the list */
	double size;		/* font size in pt */
	double line_height;	/* in pt */
	double lh_factor;	/* unitless line-height (inherited as such), 0 */
	double margin[4];	/* top right bottom left, pt */
	double indent;		/* text-indent, pt */
	double letter_spacing;	/* pt */
	int align;		/* STYLE_* */
	int bold, italic, upper;
	int hyphens;		/* hyphens: auto */
	int widows, orphans;
} style_props;

typedef struct style_sheet style_sheet;

/* Parse the document's stylesheet, as the book resolves and reads it
 * (book_style, src/book/book.h). */
style_sheet *style_load(dossier_doc *doc, dossier_error *err);
/* Parse CSS text (for tests and embedded styles). */
style_sheet *style_parse(const char *css, size_t len);
void style_free(style_sheet *ss);

/* The computed style of the last element of path, each element written
 * "tag.class.class" and outermost first, e.g. {"body", "div.comment",
 * "p"}. Properties inherit as in CSS; ems are relative to the parent's
 * size for font-size and to the element's own size otherwise. */
void style_compute(const style_sheet *ss, const char *const *path, int n,
    style_props *out);

#endif
