/* pdf.c: the PDF writer's parts that need no fonts: the CSS subset, the
 * hyphenation dictionaries, Knuth-Plass line breaking and page labels. */
#include "tap.h"

#include "book/book.h"
#include "write/pdf/pdf.h"

#include <hyphen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void style_cascade(void)
{
	static const char css[] =
	    "/* comment */ @page { margin: 0; }\n"
	    "html, body { font-family: \"Noto Serif\", serif; font-size: 10pt;"
	    " line-height: 1.5; }\n"
	    "p { margin: 0 0 0.5em 0; text-indent: 1em; text-align: justify;"
	    " hyphens: auto; }\n"
	    "p.first { text-indent: 0; }\n"
	    ".comment { font-family: 'Noto Sans'; font-size: 0.8em; }\n"
	    ".comment p { text-align: left; }\n"
	    "h2 { font-size: 1.2em; font-weight: bold; page-break-after: avoid;"
	    " margin: 1em 0 2pt; }\n"
	    "a:hover { color: red; }\n";
	style_sheet *ss = style_parse(css, sizeof css - 1);
	style_props s;
	const char *p[] = { "html", "body", "p" };
	style_compute(ss, p, 3, &s);
	CHECK_STR(s.family, "Noto Serif");
	CHECK(fabs(s.size - 10) < 1e-9);
	CHECK(fabs(s.line_height - 15) < 1e-9);
	CHECK(fabs(s.indent - 10) < 1e-9);
	CHECK(fabs(s.margin[2] - 5) < 1e-9);
	CHECK(s.align == STYLE_JUSTIFY && s.hyphens);
	const char *pf[] = { "html", "body", "p.first" };
	style_compute(ss, pf, 3, &s);
	CHECK(s.indent == 0);
	/* inheritance: size from the comment, line-height as a factor */
	const char *cp[] = { "html", "body", "div.comment", "p" };
	style_compute(ss, cp, 4, &s);
	CHECK_STR(s.family, "Noto Sans");
	CHECK(fabs(s.size - 8) < 1e-9);
	CHECK(fabs(s.line_height - 12) < 1e-9);
	CHECK(s.align == STYLE_LEFT);
	CHECK(fabs(s.indent - 8) < 1e-9);	/* 1em of the p's own size */
	const char *h[] = { "html", "body", "h2" };
	style_compute(ss, h, 3, &s);
	CHECK(s.bold);
	/* three values: top, left and right, bottom */
	CHECK(fabs(s.margin[0] - 12) < 1e-9 && s.margin[1] == 0 &&
	    fabs(s.margin[2] - 2) < 1e-9 && s.margin[3] == 0);
	style_free(ss);
}

static size_t hy(hyph *h, const char *lang, const char *w, char *out)
{
	uint32_t pts[64];
	size_t n = hyph_word(h, lang, w, strlen(w), pts), k = 0, o = 0;
	for (size_t i = 0; w[i]; i++) {
		if (k < n && pts[k] == i) {
			out[o++] = '-';
			k++;
		}
		out[o++] = w[i];
	}
	out[o] = 0;
	return n;
}

static void hyphenation(void)
{
	hyph *h = hyph_new();
	char out[256];
	CHECK(hy(h, "en", "encryption", out) > 0);
	CHECK_STR(out, "en-cryp-tion");
	hy(h, "en-US", "hyphenation", out);
	CHECK_STR(out, "hy-phen-ation");
	/* German, with a non-ASCII letter: points stay on byte boundaries */
	CHECK(hy(h, "de", "Verschlüsselung", out) > 0);
	CHECK(strstr(out, "\xc3") != NULL && strstr(out, "-\xbc") == NULL);
	/* Debian's German dictionary is ISO 8859-1: a word with an umlaut
	 * is matched in that encoding, not as its UTF-8 bytes */
	hy(h, "de", "Verschl\xc3\xbcsselung", out);
	CHECK_STR(out, "Ver-schl\xc3\xbcs-se-lung");
	hy(h, "de", "Gr\xc3\xb6\xc3\x9f" "enordnung", out);
	CHECK_STR(out, "Gr\xc3\xb6-\xc3\x9f" "en-ord-nung");
	/* no Latin-1 spelling: no points */
	CHECK(hy(h, "de", "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd", out) == 0);
	CHECK(hy(h, "fr", "gouvernement", out) > 0);
	/* no dictionary: no points, no crash */
	CHECK(hy(h, "xx", "encryption", out) == 0);
	/* two letters stay on the left, three on the right */
	hy(h, "en", "backdoors", out);
	CHECK(out[1] != '-' && strchr(out, '-') < out + strlen(out) - 3);
	hyph_free(h);
}

/* hyph_load_file must build libhyphen's very automaton: same states in
 * the same order, same matches, transitions and fallbacks, each level.
 * (A state without a match has uninitialised replacement fields in
 * libhyphen's.) */
static int same_dict(const HyphenDict *a, const HyphenDict *b)
{
	if (!a || !b)
		return a == b;
	if (a->num_states != b->num_states || a->lhmin != b->lhmin ||
	    a->rhmin != b->rhmin || a->clhmin != b->clhmin ||
	    a->crhmin != b->crhmin || a->utf8 != b->utf8 ||
	    strcmp(a->cset, b->cset) != 0 || a->nohyphenl != b->nohyphenl ||
	    (!a->nohyphen) != (!b->nohyphen))
		return 0;
	for (int i = 0; i < a->num_states; i++) {
		const HyphenState *x = &a->states[i], *y = &b->states[i];
		if ((!x->match) != (!y->match) || (!x->repl) != (!y->repl) ||
		    x->fallback_state != y->fallback_state ||
		    x->num_trans != y->num_trans)
			return 0;
		if (x->match && (strcmp(x->match, y->match) != 0 ||
		    x->replindex != y->replindex || x->replcut != y->replcut))
			return 0;
		if (x->repl && strcmp(x->repl, y->repl) != 0)
			return 0;
		for (int t = 0; t < x->num_trans; t++)
			if (x->trans[t].ch != y->trans[t].ch ||
			    x->trans[t].new_state != y->trans[t].new_state)
				return 0;
	}
	return same_dict(a->nextlevel, b->nextlevel);
}

static void hyphen_loader(void)
{
	/* libhyphen takes seconds on the German one: not under valgrind */
	const char *dicts[] = { "hyph_en_US.dic", "hyph_fr.dic",
	    getenv("VALGRIND") ? NULL : "hyph_de_DE.dic" };
	for (size_t i = 0; i < sizeof dicts / sizeof *dicts; i++) {
		if (!dicts[i])
			continue;
		char path[256];
		snprintf(path, sizeof path, "/usr/share/hyphen/%s", dicts[i]);
		HyphenDict *lib = hnj_hyphen_load(path);
		HyphenDict *ours = hyph_load_file(path);
		CHECK(lib != NULL && ours != NULL);
		CHECK(same_dict(lib, ours));
		if (lib)
			hnj_hyphen_free(lib);
		if (ours)
			hnj_hyphen_free(ours);
	}
	CHECK(hyph_load_file("/nonexistent/hyph_xx.dic") == NULL);
}

static void knuth_plass(void)
{
	/* words of 10 pt with 3 pt spaces stretching 1.5, line 50 pt:
	 * four words (49 pt) a line is the natural fit */
	kp_item it[64];
	size_t n = 0;
	for (int w = 0; w < 12; w++) {
		if (w)
			it[n++] = (kp_item){ .type = KP_GLUE, .w = 3,
			    .stretch = 1.5f, .shrink = 1 };
		it[n++] = (kp_item){ .type = KP_BOX, .w = 10 };
	}
	it[n++] = (kp_item){ .type = KP_PENALTY, .penalty = KP_INF };
	it[n++] = (kp_item){ .type = KP_GLUE, .stretch = 1e5f };
	it[n++] = (kp_item){ .type = KP_PENALTY, .penalty = -KP_INF };
	size_t *br = NULL, cap = 0;
	size_t nb = kp_break(it, n, 49, 0, &br, &cap);
	CHECK(nb == 3);
	/* every line fits: natural width minus shrink at most the measure */
	size_t from = 0;
	for (size_t l = 0; l < nb; l++) {
		double w = 0, z = 0;
		for (size_t i = from; i < br[l]; i++) {
			if (it[i].type == KP_PENALTY)
				continue;
			if (it[i].type == KP_GLUE && i == from)
				continue;
			w += it[i].w;
			z += it[i].shrink;
		}
		CHECK(w - z <= 49 + 1e-6);
		from = br[l] + 1;
	}
	CHECK(nb && br[nb - 1] == n - 1);
	/* a box wider than the measure: no feasible break, 0 */
	kp_item big[4] = {
		{ .type = KP_BOX, .w = 100 },
		{ .type = KP_PENALTY, .penalty = KP_INF },
		{ .type = KP_GLUE, .stretch = 1e5f },
		{ .type = KP_PENALTY, .penalty = -KP_INF },
	};
	CHECK(kp_break(big, 4, 49, 0, &br, &cap) == 0);
	free(br);
}

static void labels(void)
{
	pdf_ctx ctx = { .front = 4 };
	char b[32];
	CHECK_STR(page_label(&ctx, 1, b, sizeof b), "i");
	CHECK_STR(page_label(&ctx, 4, b, sizeof b), "iv");
	CHECK_STR(page_label(&ctx, 5, b, sizeof b), "1");
	CHECK_STR(page_label(&ctx, 17, b, sizeof b), "13");
	ctx.front = 2000;
	CHECK_STR(page_label(&ctx, 1994, b, sizeof b), "mcmxciv");
}

int main(void)
{
	RUN(style_cascade, "pdf: CSS subset: cascade, ems, inheritance");
	RUN(hyphenation, "pdf: hyphenation in en, de, fr");
	RUN(hyphen_loader, "pdf: the fast dictionary loader builds libhyphen's automaton");
	RUN(knuth_plass, "pdf: Knuth-Plass breaks fit the measure");
	RUN(labels, "pdf: page labels roman then arabic");
	TAP_EXIT();
}
