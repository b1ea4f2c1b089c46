/* hyph.c: hyphenation points from libhyphen and Debian's dictionaries
 * (hyphen-en-us, hyphen-de, hyphen-fr); the article's language picks the
 * dictionary. Pango 1.50 does not hyphenate by itself. */
#include "layout.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"

enum { MAX_DICTS = 8, MAX_WORD = 100 };

struct hyph {
	struct {
		char lang[16];
		HyphenDict *d;	/* NULL: no dictionary for lang */
	} dict[MAX_DICTS];
	int n;
	char lower[MAX_WORD * 4 + 8];
	char marks[MAX_WORD * 4 + 8];
};

hyph *hyph_new(void)
{
	return xcalloc(1, sizeof(hyph));
}

void hyph_free(hyph *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->n; i++)
		if (h->dict[i].d)
			hnj_hyphen_free(h->dict[i].d);
	free(h);
}

/* "en" -> hyph_en_US.dic, "de-AT" -> hyph_de_AT.dic, else hyph_LL.dic. */
static HyphenDict *load(const char *lang)
{
	char ll[8] = "", cc[8] = "", path[256];
	size_t i = 0;
	while (lang[i] && lang[i] != '-' && lang[i] != '_' && i < 7) {
		ll[i] = (char)(lang[i] | 0x20);
		i++;
	}
	ll[i] = 0;
	if (lang[i] == '-' || lang[i] == '_') {
		size_t j = 0;
		for (i++; lang[i] && j < 7; i++)
			cc[j++] = (char)(lang[i] & ~0x20);
		cc[j] = 0;
	}
	static const char *const region[][2] = {
		{ "en", "US" }, { "de", "DE" }, { "fr", "FR" },
	};
	const char *tries[3] = { cc[0] ? cc : NULL, NULL, NULL };
	for (size_t k = 0; k < sizeof region / sizeof *region; k++)
		if (strcmp(ll, region[k][0]) == 0)
			tries[1] = region[k][1];
	for (int k = 0; k < 3; k++) {
		if (k < 2 && !tries[k])
			continue;
		if (k < 2)
			snprintf(path, sizeof path, HYPHEN_DIR "/hyph_%s_%s.dic",
			    ll, tries[k]);
		else
			snprintf(path, sizeof path, HYPHEN_DIR "/hyph_%s.dic", ll);
		if (access(path, R_OK) == 0)
			return hnj_hyphen_load(path);
	}
	return NULL;
}

static HyphenDict *dict_for(hyph *h, const char *lang)
{
	if (!lang || !*lang)
		lang = "en";
	for (int i = 0; i < h->n; i++)
		if (strcmp(h->dict[i].lang, lang) == 0)
			return h->dict[i].d;
	HyphenDict *d = load(lang);
	if (h->n < MAX_DICTS) {
		snprintf(h->dict[h->n].lang, sizeof h->dict[0].lang, "%s", lang);
		h->dict[h->n++].d = d;
	}
	return d;
}

size_t hyph_word(hyph *h, const char *lang, const char *w, size_t len,
    uint32_t *pts)
{
	HyphenDict *d = dict_for(h, lang);
	if (!d || len > MAX_WORD * 4)
		return 0;
	/* The patterns are lower case; a word whose lower case changes
	 * length (rare) is left alone so that offsets stay valid. */
	gchar *low = g_utf8_strdown(w, (gssize)len);
	size_t ll = strlen(low);
	if (ll != len) {
		g_free(low);
		return 0;
	}
	memcpy(h->lower, low, len);
	h->lower[len] = 0;
	g_free(low);
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	/* left 2, right 3 characters: TeX's English defaults */
	if (hnj_hyphen_hyphenate3(d, h->lower, (int)len, h->marks, NULL, &rep,
	    &pos, &cut, 2, 3, 2, 3) != 0)
		return 0;
	size_t n = 0;
	if (rep) {
		/* Non-standard hyphenation (German "ck" -> "k-k"): skip it
		 * rather than print a wrong word. */
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
		return 0;
	}
	/* marks are per character for UTF-8 dictionaries; an odd mark after
	 * character i allows a hyphen there. */
	const char *p = w;
	long nch = g_utf8_strlen(w, (gssize)len);
	for (long i = 0; i < nch - 1; i++) {
		p = g_utf8_next_char(p);
		if (h->marks[i] & 1)
			pts[n++] = (uint32_t)(p - w);
	}
	return n;
}
