/* hyph.c: hyphenation points from libhyphen and Debian's dictionaries
 * (hyphen-en-us, hyphen-de, hyphen-fr); the article's language picks the
 * dictionary. Pango 1.50 does not hyphenate by itself. A dictionary is
 * read once per process (hyphload.c) and shared, read only, by every
 * shaper: the layout workers and the counting pass. */
#include "layout.h"

#include <glib.h>
#include <hyphen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"

enum { MAX_WORD = 100 };

/* The process's dictionaries, freed with the last shaper: by file, so
 * that "de", "de-DE" and "de_de" share one (the German one takes 0.4 s
 * to read), and by language tag as the articles spell it, NULL when no
 * dictionary has it. Neither is bounded: a book of real pages has a
 * dozen spellings, and a fixed table of eight once read a dictionary
 * again for every word of a ninth. */
static pthread_mutex_t dicts_lock = PTHREAD_MUTEX_INITIALIZER;
static GHashTable *by_file, *by_lang;
static int users;

struct hyph {
	GHashTable *mine;	/* by_lang's answers, looked up without a lock */
	char lower[MAX_WORD * 4 + 8];
	char marks[MAX_WORD * 4 + 8];
};

hyph *hyph_new(void)
{
	pthread_mutex_lock(&dicts_lock);
	users++;
	pthread_mutex_unlock(&dicts_lock);
	hyph *h = xcalloc(1, sizeof(hyph));
	h->mine = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return h;
}

static void dict_free(gpointer d)
{
	if (d)
		hnj_hyphen_free(d);
}

void hyph_free(hyph *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&dicts_lock);
	if (--users == 0 && by_file) {
		g_hash_table_destroy(by_lang);
		g_hash_table_destroy(by_file);
		by_lang = by_file = NULL;
	}
	pthread_mutex_unlock(&dicts_lock);
	g_hash_table_destroy(h->mine);
	free(h);
}

/* "en" -> hyph_en_US.dic, "de-AT" -> hyph_de_AT.dic, else hyph_LL.dic:
 * the file in path, 0 when there is none. */
static int dict_path(const char *lang, char *path, size_t cap)
{
	char ll[8] = "", cc[8] = "";
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
			snprintf(path, cap, HYPHEN_DIR "/hyph_%s_%s.dic", ll,
			    tries[k]);
		else
			snprintf(path, cap, HYPHEN_DIR "/hyph_%s.dic", ll);
		if (access(path, R_OK) == 0)
			return 1;
	}
	return 0;
}

static HyphenDict *shared_dict(const char *lang)
{
	pthread_mutex_lock(&dicts_lock);
	if (!by_file) {
		by_file = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    dict_free);
		by_lang = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    NULL);
	}
	gpointer d = NULL;
	if (!g_hash_table_lookup_extended(by_lang, lang, NULL, &d)) {
		char path[256], *real;
		/* by its real path: Debian links de_AT, de_CH... to de_DE */
		if (dict_path(lang, path, sizeof path) &&
		    (real = realpath(path, NULL)) != NULL) {
			if (!g_hash_table_lookup_extended(by_file, real, NULL,
			    &d)) {
				d = hyph_load_file(real);
				g_hash_table_insert(by_file, g_strdup(real), d);
			}
			free(real);
		}
		g_hash_table_insert(by_lang, g_strdup(lang), d);
	}
	pthread_mutex_unlock(&dicts_lock);
	return d;
}

static HyphenDict *dict_for(hyph *h, const char *lang)
{
	if (!lang || !*lang)
		lang = "en";
	gpointer d;
	if (g_hash_table_lookup_extended(h->mine, lang, NULL, &d))
		return d;
	d = shared_dict(lang);
	g_hash_table_insert(h->mine, g_strdup(lang), d);
	return d;
}

/* The word in lower case and in the dictionary's encoding (Debian's
 * German one is ISO 8859-1): one byte per character there, so the marks
 * stay per character. 0 if it has no such spelling. */
static int dict_word(hyph *h, const HyphenDict *d, const char *w, size_t len,
    size_t *out)
{
	gchar *low = g_utf8_strdown(w, (gssize)len);
	gsize n = strlen(low);
	if (!d->utf8) {
		gchar *conv = g_convert(low, (gssize)n, d->cset, "UTF-8", NULL,
		    &n, NULL);
		g_free(low);
		low = conv;
	} else if (n != len) {
		/* lower case changed the length (rare): offsets would
		 * not hold */
		g_free(low);
		return 0;
	}
	if (!low || n > MAX_WORD * 4 || (!d->utf8 &&
	    (glong)n != g_utf8_strlen(w, (gssize)len))) {
		g_free(low);
		return 0;
	}
	memcpy(h->lower, low, n);
	h->lower[n] = 0;
	g_free(low);
	*out = n;
	return 1;
}

size_t hyph_word(hyph *h, const char *lang, const char *w, size_t len,
    uint32_t *pts)
{
	HyphenDict *d = dict_for(h, lang);
	size_t n = 0;
	if (!d || len > MAX_WORD * 4 || !dict_word(h, d, w, len, &n))
		return 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	/* left 2, right 3 characters: TeX's English defaults */
	if (hnj_hyphen_hyphenate3(d, h->lower, (int)n, h->marks, NULL, &rep,
	    &pos, &cut, 2, 3, 2, 3) != 0)
		return 0;
	if (rep) {
		/* Non-standard hyphenation (German "ck" -> "k-k"): skip it
		 * rather than print a wrong word. */
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
		return 0;
	}
	/* marks are per character (UTF-8 dictionaries count characters,
	 * single-byte ones have one byte each); an odd mark after character
	 * i allows a hyphen there. */
	const char *p = w;
	long nch = g_utf8_strlen(w, (gssize)len);
	n = 0;
	for (long i = 0; i < nch - 1; i++) {
		p = g_utf8_next_char(p);
		if (h->marks[i] & 1)
			pts[n++] = (uint32_t)(p - w);
	}
	return n;
}
