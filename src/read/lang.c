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
#include <strings.h>
#include <stdlib.h>

extern const char dossier_reader_stopwords[];

enum { MAX_LANGS = LANG_MAX };

/* Word -> mask of languages: open addressing over FNV-1a, sized at
 * load; the words point into the built-in list. */
typedef struct stop_slot {
	const char *w;
	unsigned len, mask;
} stop_slot;

static stop_slot *stop_tab;
static size_t stop_cap;	/* a power of two */
static size_t stop_maxlen;	/* the longest stopword, in bytes */
static char lang_tags[MAX_LANGS][8];
static unsigned nlangs;

static size_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static stop_slot *stop_find_h(const char *w, size_t n, size_t h)
{
	for (size_t i = h & (stop_cap - 1);; i = (i + 1) & (stop_cap - 1))
		if (!stop_tab[i].w || (stop_tab[i].len == n &&
		    memcmp(stop_tab[i].w, w, n) == 0))
			return &stop_tab[i];
}

static stop_slot *stop_find(const char *w, size_t n)
{
	return stop_find_h(w, n, fnv(w, n));
}

static gpointer load_stopwords(gpointer unused)
{
	const char *text = dossier_reader_stopwords;
	size_t words = 0;
	for (const char *p = text; *p; p++)
		words += *p == ' ';
	for (stop_cap = 64; stop_cap < words * 2; stop_cap *= 2)
		;
	stop_tab = xcalloc(stop_cap, sizeof *stop_tab);
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *sp = memchr(p, ' ', n);
		if (n && *p != '#' && sp && nlangs < MAX_LANGS &&
		    (size_t)(sp - p) < sizeof *lang_tags) {
			unsigned bit = 1u << nlangs;
			memcpy(lang_tags[nlangs], p, (size_t)(sp - p));
			lang_tags[nlangs++][sp - p] = '\0';
			for (const char *q = sp; q < p + n;) {
				while (q < p + n && *q == ' ')
					q++;
				const char *qe = q;
				while (qe < p + n && *qe != ' ')
					qe++;
				if (qe > q) {
					stop_slot *sl = stop_find(q, (size_t)(qe - q));
					sl->w = q;
					sl->len = (unsigned)(qe - q);
					sl->mask |= bit;
					if (sl->len > stop_maxlen)
						stop_maxlen = sl->len;
				}
				q = qe;
			}
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

/* The mask of languages word w (n bytes) is a stopword of: ASCII lowered
 * in place, and so is a word whose other letters are not capitals (curly
 * quotes and accented small letters, most of them); the rest by GLib. */
static unsigned word_mask(const char *w, size_t n)
{
	char tmp[32];
	/* longer than any stopword (a lower-case letter is never more
	 * bytes than its capital in the scripts the lists hold) */
	if (n == 0 || n >= sizeof tmp || n > stop_maxlen + 1)
		return 0;
	int ascii = 1;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		ascii &= c < 0x80;
		tmp[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		h = (h ^ (unsigned char)tmp[i]) * 16777619u;
	}
	if (ascii)
		return n > stop_maxlen ? 0 : stop_find_h(tmp, n, h)->mask;
	int upper = 0;
	for (const char *p = w; p < w + n && !upper; p = g_utf8_next_char(p))
		upper = (unsigned char)*p >= 0x80 &&
		    g_unichar_isupper(g_utf8_get_char_validated(p,
		    (gssize)(w + n - p)));
	if (!upper)
		return n > stop_maxlen ? 0 : stop_find_h(tmp, n, h)->mask;
	gchar *low = g_utf8_strdown(w, (gssize)n);
	unsigned m = stop_find(low, strlen(low))->mask;
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

static unsigned lowest_bit(unsigned m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctz(m);
#else
	unsigned k = 0;
	while (!(m & 1)) {
		m >>= 1;
		k++;
	}
	return k;
#endif
}

size_t lang_stop_counts(const char *s, size_t n, unsigned *counts,
    size_t most)
{
	stopwords_init();
	size_t all = 0;
	FOR_WORDS(s, n, w, wl, {
		if (all == most)
			break;
		unsigned m = word_mask(w, wl);
		all++;
		for (; m; m &= m - 1)	/* each language it is a word of */
			counts[lowest_bit(m)]++;
	});
	return all;
}

const char *lang_pick(const unsigned *counts, size_t words, unsigned *index)
{
	stopwords_init();
	unsigned best = 0;
	for (unsigned k = 1; k < nlangs; k++)
		if (counts[k] > counts[best])
			best = k;
	/* too little text, or too few of its words are anyone's stopwords */
	if (nlangs == 0 || counts[best] < 8 || counts[best] * 10 < words)
		return NULL;
	*index = best;
	return lang_tags[best];
}

/* Is tag (a BCP 47 tag as a page gives it) the language lang? */
int lang_tag_is(const char *tag, const char *lang)
{
	size_t n = strlen(lang);
	return strncasecmp(tag, lang, n) == 0 &&
	    (tag[n] == '\0' || tag[n] == '-' || tag[n] == '_');
}

/* The language the article's own text reads in: its body's blocks, not
 * the page around them (a German article on a page whose menus, cookie
 * notice or PHP warnings are English), by their stopwords. */
const char *lang_of_body(const dossier_node *a, const char *declared,
    unsigned *best_hits, unsigned *declared_hits)
{
	unsigned counts[LANG_MAX] = { 0 }, li = 0;
	size_t all = 0;
	char *tmp = NULL;
	size_t cap = 0;
	for (const dossier_node *b = a->first; b && all < 400; b = b->next) {
		if (b->type == DOSSIER_NODE_THREAD)
			break;
		size_t len = dossier_node_text(b, &tmp, &cap, 0);
		all += lang_stop_counts(tmp, len, counts, 400 - all);
	}
	free(tmp);
	const char *tag = lang_pick(counts, all, &li);
	*best_hits = tag ? counts[li] : 0;
	*declared_hits = 0;
	for (unsigned k = 0; declared && k < nlangs; k++)
		if (lang_tag_is(declared, lang_tags[k]))
			*declared_hits = counts[k] + 1;
	return tag;
}
