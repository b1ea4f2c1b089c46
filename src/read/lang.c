/* lang.c: a language tag from the script of a text, for comments written in
 * another script than the book (so e-readers pick the right fonts and
 * hyphenation). Latin-script languages are not told apart. */
#include "read.h"

const char *lang_guess(const char *s, size_t n)
{
	size_t latin = 0, han = 0, kana = 0, hangul = 0, arabic = 0,
	    cyrillic = 0, greek = 0, hebrew = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {	/* most of the text: no decoding */
			latin += (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
			i++;
			continue;
		}
		int len;
		int32_t cp = utf8_decode(p + i, n - i, &len);
		i += (size_t)len;
		if (cp < 0)
			continue;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 0xC0 && cp <= 0x24F))
			latin++;
		else if (cp >= 0x4E00 && cp <= 0x9FFF)
			han++;
		else if (cp >= 0x3040 && cp <= 0x30FF)
			kana++;
		else if (cp >= 0xAC00 && cp <= 0xD7AF)
			hangul++;
		else if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F))
			arabic++;
		else if (cp >= 0x400 && cp <= 0x4FF)
			cyrillic++;
		else if (cp >= 0x370 && cp <= 0x3FF)
			greek++;
		else if (cp >= 0x590 && cp <= 0x5FF)
			hebrew++;
	}
	size_t other = han + kana + hangul + arabic + cyrillic + greek + hebrew;
	if (other == 0 || other < latin)
		return NULL;
	if (kana)
		return "ja";
	if (hangul >= han && hangul)
		return "ko";
	if (han)
		return "zh";
	if (arabic)
		return "ar";
	if (cyrillic)
		return "ru";
	if (greek)
		return "el";
	return "he";
}

/* ---- stopwords: the page's language, and how much a block reads like
 * prose of it (data/stopwords.txt) ---- */

#include "blocks.h"

#include <string.h>

extern const char dossier_reader_stopwords[];

enum { MAX_LANGS = 32 };

static GHashTable *stopwords;	/* word -> bit mask of languages, as a pointer */
static char lang_tags[MAX_LANGS][8];
static unsigned nlangs;

static gpointer load_stopwords(gpointer unused)
{
	stopwords = g_hash_table_new(g_str_hash, g_str_equal);
	for (const char *p = dossier_reader_stopwords; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n && *p != '#' && nlangs < MAX_LANGS) {
			gchar *line = g_strndup(p, n);
			gchar **w = g_strsplit(line, " ", -1);
			g_free(line);
			if (w[0] && strlen(w[0]) < sizeof *lang_tags) {
				unsigned bit = 1u << nlangs;
				strcpy(lang_tags[nlangs++], w[0]);
				for (gchar **q = w + 1; *q; q++) {
					if (!**q)
						continue;
					gpointer old = g_hash_table_lookup(stopwords, *q);
					/* the table keeps its words for the
					 * life of the process */
					g_hash_table_insert(stopwords,
					    old ? *q : g_strdup(*q),
					    GUINT_TO_POINTER(GPOINTER_TO_UINT(old) | bit));
				}
			}
			g_strfreev(w);
		}
		p = e ? e + 1 : p + n;
	}
	return NULL;
}

static void stopwords_init(void)
{
	static GOnce once = G_ONCE_INIT;
	g_once(&once, load_stopwords, NULL);
}

unsigned lang_stop_mask(const char *tag)
{
	stopwords_init();
	for (unsigned i = 0; tag && i < nlangs; i++)
		if (strncmp(tag, lang_tags[i], strlen(lang_tags[i])) == 0 &&
		    (tag[strlen(lang_tags[i])] == '\0' ||
		     tag[strlen(lang_tags[i])] == '-'))
			return 1u << i;
	return 0;
}

/* The mask of languages word w (n bytes) is a stopword of: ASCII lowered
 * in place, other letters by GLib. */
static unsigned word_mask(const char *w, size_t n)
{
	char tmp[32];
	if (n == 0 || n >= sizeof tmp)
		return 0;
	int ascii = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		ascii &= c < 0x80;
		tmp[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	tmp[n] = '\0';
	if (ascii)
		return GPOINTER_TO_UINT(g_hash_table_lookup(stopwords, tmp));
	gchar *low = g_utf8_strdown(w, (gssize)n);
	unsigned m = GPOINTER_TO_UINT(g_hash_table_lookup(stopwords, low));
	g_free(low);
	return m;
}

/* Words: runs of letters (and apostrophes inside), split at anything
 * else; calls fn with each. */
#define FOR_WORDS(s, n, w, wl, body)					\
	for (size_t i_ = 0; i_ < (n);) {				\
		const unsigned char *p_ = (const unsigned char *)(s);	\
		while (i_ < (n) && p_[i_] < 0x80 &&			\
		    !g_ascii_isalpha(p_[i_]))				\
			i_++;						\
		size_t j_ = i_;						\
		while (j_ < (n) && (p_[j_] >= 0x80 ||			\
		    g_ascii_isalpha(p_[j_])))				\
			j_++;						\
		if (j_ > i_) {						\
			const char *w = (const char *)p_ + i_;		\
			size_t wl = j_ - i_;				\
			body;						\
		}							\
		i_ = j_ > i_ ? j_ : i_ + 1;				\
	}

float lang_stop_share(const char *s, size_t n, unsigned mask, size_t *words)
{
	stopwords_init();
	size_t all = 0, hit = 0;
	FOR_WORDS(s, n, w, wl, {
		all++;
		hit += (word_mask(w, wl) & mask) != 0;
	});
	if (words)
		*words = all;
	return all ? (float)hit / (float)all : 0;
}

const char *lang_detect(const char *s, size_t n)
{
	stopwords_init();
	size_t count[MAX_LANGS] = { 0 }, all = 0;
	FOR_WORDS(s, n, w, wl, {
		unsigned m = word_mask(w, wl);
		all++;
		for (unsigned k = 0; m && k < nlangs; k++)
			count[k] += (m >> k) & 1;
	});
	unsigned best = 0;
	for (unsigned k = 1; k < nlangs; k++)
		if (count[k] > count[best])
			best = k;
	/* too little text, or too few of its words are anyone's stopwords */
	if (nlangs == 0 || count[best] < 8 || count[best] * 10 < all)
		return NULL;
	return lang_tags[best];
}
