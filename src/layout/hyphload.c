/* hyphload.c: reads a libhyphen dictionary into libhyphen's own
 * HyphenDict, as hnj_hyphen_load does, but with a real hash table.
 *
 * Why not hnj_hyphen_load: its table has a fixed 31,627 buckets and a
 * hash that keeps only a string's last few bytes, so the 279,000 states
 * of Debian's German dictionary (prefixes of long words, sharing their
 * endings) fall into long chains: 5 s of CPU per load, for every German
 * book. Here the same states are made in the same order (the numbers,
 * transitions and fallbacks are libhyphen's: tests/unit/pdf.c compares
 * the two automata state by state), in about 0.1 s, and libhyphen still
 * does the hyphenating and the freeing (everything is malloc'd, as its
 * allocator does). */
#include "layout.h"

#include <glib.h>
#include <hyphen.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	HyphenDict *d;
	GHashTable *states;	/* state string -> number + 1 */
	int cap;
} loader;

static void *must(void *p)
{
	if (!p) {
		fprintf(stderr, "dossier: out of memory\n");
		abort();
	}
	return p;
}

static HyphenDict *dict_new(void)
{
	HyphenDict *d = must(calloc(1, sizeof *d));
	d->num_states = 1;
	d->states = must(calloc(1, sizeof *d->states));
	d->states[0].fallback_state = -1;
	return d;
}

static int lookup(loader *L, const char *s)
{
	return GPOINTER_TO_INT(g_hash_table_lookup(L->states, s)) - 1;
}

/* The state of s, made (with the next number) when new. */
static int state_of(loader *L, const char *s)
{
	int n = lookup(L, s);
	if (n >= 0)
		return n;
	HyphenDict *d = L->d;
	if (d->num_states == L->cap) {
		L->cap *= 2;
		d->states = must(realloc(d->states,
		    (size_t)L->cap * sizeof *d->states));
	}
	n = d->num_states++;
	d->states[n] = (HyphenState){ .fallback_state = -1 };
	g_hash_table_insert(L->states, g_strdup(s), GINT_TO_POINTER(n + 1));
	return n;
}

static void add_trans(HyphenDict *d, int from, int to, char ch)
{
	HyphenState *s = &d->states[from];
	int n = s->num_trans;
	/* grown at powers of two, like libhyphen */
	if (n == 0 || !(n & (n - 1)))
		s->trans = must(realloc(s->trans,
		    (size_t)(n ? 2 * n : 1) * sizeof *s->trans));
	s->trans[n] = (HyphenTrans){ .ch = ch, .new_state = to };
	s->num_trans++;
}

static char *xdup(const char *s)
{
	return must(strdup(s));
}

/* NOHYPHEN a,b,c: the list as NUL-separated items and their separators'
 * count, as hyphenate3 reads it. */
static void nohyphen(HyphenDict *d, const char *rest)
{
	while (*rest == ' ' || *rest == '\t')
		rest++;
	free(d->nohyphen);
	d->nohyphen = xdup(rest);
	size_t len = strlen(d->nohyphen);
	if (!len)
		return;
	char *end = d->nohyphen + len - 1;
	*end = 0;		/* the line's newline */
	for (char *q = end - 1; q > d->nohyphen; q--)
		if (*q == ',') {
			d->nohyphenl++;
			*q = 0;
		}
}

static int option(HyphenDict *d, const char *b)
{
	static const struct { const char *kw; size_t off; } opt[] = {
		{ "LEFTHYPHENMIN", offsetof(HyphenDict, lhmin) },
		{ "RIGHTHYPHENMIN", offsetof(HyphenDict, rhmin) },
		{ "COMPOUNDLEFTHYPHENMIN", offsetof(HyphenDict, clhmin) },
		{ "COMPOUNDRIGHTHYPHENMIN", offsetof(HyphenDict, crhmin) },
	};
	for (size_t i = 0; i < sizeof opt / sizeof *opt; i++) {
		size_t n = strlen(opt[i].kw);
		if (strncmp(b, opt[i].kw, n) == 0) {
			*((char *)d + opt[i].off) = (char)atoi(b + n);
			return 1;
		}
	}
	if (strncmp(b, "NOHYPHEN", 8) == 0) {
		nohyphen(d, b + 8);
		return 1;
	}
	return 0;
}

/* A replacement "pattern/repl,index,cut" (non-standard hyphenation):
 * cuts it off buf and returns it, with its index and cut as written. */
static char *replacement(char *buf, signed char *index, signed char *cut)
{
	char *repl = strchr(buf, '/');
	*index = *cut = 0;
	if (!repl)
		return NULL;
	*repl = 0;
	char *i1 = strchr(repl + 1, ',');
	if (i1) {
		*i1 = 0;
		char *i2 = strchr(i1 + 1, ',');
		if (i2) {
			*i2 = 0;
			*index = (signed char)(atoi(i1 + 1) - 1);
			*cut = (signed char)atoi(i2 + 1);
		}
	} else {
		size_t n = strlen(repl + 1);
		while (n && (repl[n] == '\n' || repl[n] == '\r'))
			repl[n--] = 0;
		*cut = (signed char)strlen(buf);
	}
	return xdup(repl + 1);
}

/* In a UTF-8 dictionary the index and cut count characters; the matcher
 * wants bytes. */
static void repl_to_bytes(const char *word, signed char *index,
    signed char *cut)
{
	int ch = -1, start = -1;
	size_t len = strlen(word);
	for (size_t b = *word == '.'; b < len + 1; b++) {
		if (((unsigned char)word[b] >> 6) != 2)
			ch++;
		if (start < 0 && *index == ch) {
			start = *index;
			*index = (signed char)b;
		}
		if (start >= 0 && ch - start == *cut) {
			*cut = (signed char)(b - (size_t)*index);
			break;
		}
	}
	if (*word == '.')
		(*index)--;
}

static void load_line(loader *L, char *buf)
{
	HyphenDict *d = L->d;
	if (option(d, buf))
		return;
	char word[MAX_CHARS], pat[MAX_CHARS + 1];
	signed char index, cut;
	char *repl = replacement(buf, &index, &cut);
	int j = 0;
	pat[0] = '0';
	for (int i = 0; (unsigned char)buf[i] > ' ' && j < MAX_CHARS - 1; i++)
		if (buf[i] >= '0' && buf[i] <= '9')
			pat[j] = buf[i];
		else {
			word[j] = buf[i];
			pat[++j] = '0';
		}
	word[j] = 0;
	pat[j + 1] = 0;
	int skip = 0;
	if (!repl)
		while (pat[skip] == '0')	/* leading zeros match nothing */
			skip++;
	else {
		skip = *word == '.';
		if (d->utf8)
			repl_to_bytes(word, &index, &cut);
	}
	int found = lookup(L, word);
	int st = state_of(L, word);
	HyphenState *s = &d->states[st];
	free(s->match);
	free(s->repl);
	s->match = xdup(pat + skip);
	s->repl = repl;
	s->replindex = index;
	s->replcut = cut ? cut : (signed char)strlen(word);
	/* the prefixes' states, each with a transition to the longer one */
	for (; found < 0 && j > 0; j--) {
		int last = st;
		char ch = word[j - 1];
		word[j - 1] = 0;
		found = lookup(L, word);
		st = state_of(L, word);
		add_trans(d, st, last, ch);
	}
}

/* Each state falls back to its longest proper suffix that is a state.
 * The states are a trie (every prefix of a pattern is one), so this is
 * Aho-Corasick's failure link, found breadth first from the shorter
 * states' links instead of looking up every suffix. */
static int step(const HyphenDict *d, int s, char ch)
{
	const HyphenState *st = &d->states[s];
	for (int t = 0; t < st->num_trans; t++)
		if (st->trans[t].ch == ch)
			return st->trans[t].new_state;
	return -1;
}

static void fallbacks(loader *L)
{
	HyphenDict *d = L->d;
	int *queue = must(malloc((size_t)d->num_states * sizeof *queue));
	int head = 0, tail = 0;
	queue[tail++] = 0;
	while (head < tail) {
		int u = queue[head++];
		const HyphenState *su = &d->states[u];
		for (int t = 0; t < su->num_trans; t++) {
			int v = su->trans[t].new_state;
			char ch = su->trans[t].ch;
			int f = su->fallback_state, to = -1;
			for (; f >= 0 && (to = step(d, f, ch)) < 0;
			    f = d->states[f].fallback_state)
				;
			d->states[v].fallback_state = f >= 0 ? to : 0;
			queue[tail++] = v;
		}
	}
	free(queue);
}

static void level_begin(loader *L)
{
	L->d = dict_new();
	L->cap = 1;
	L->states = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	g_hash_table_insert(L->states, g_strdup(""), GINT_TO_POINTER(1));
}

static void level_end(loader *L)
{
	fallbacks(L);
	g_hash_table_destroy(L->states);
	L->states = NULL;
}

static void load_str(loader *L, const char *s)
{
	char b[MAX_CHARS];
	snprintf(b, sizeof b, "%s", s);
	load_line(L, b);
}

/* A dictionary without NEXTLEVEL gets libhyphen's default first level:
 * no break at a hyphen or an apostrophe. */
static void default_level(loader *L, int utf8)
{
	if (utf8) {
		load_str(L, "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n");
		load_str(L, "1-1\n");
		load_str(L, "1'1\n");
		load_str(L, "1\xe2\x80\x93" "1\n");
		load_str(L, "1\xe2\x80\x99" "1\n");
	} else {
		load_str(L, "NOHYPHEN ',-\n");
		load_str(L, "1-1\n");
		load_str(L, "1'1\n");
	}
}

/* Lines are read in MAX_CHARS pieces, as libhyphen reads them. Returns 1
 * at NEXTLEVEL, 0 at the end of the file. */
static int read_level(loader *L, FILE *f)
{
	char buf[MAX_CHARS];
	while (fgets(buf, sizeof buf, f)) {
		if (strncmp(buf, "NEXTLEVEL", 9) == 0)
			return 1;
		if (buf[0] != '%')
			load_line(L, buf);
	}
	return 0;
}

HyphenDict *hyph_load_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char cset[MAX_NAME] = "";
	if (fgets(cset, sizeof cset, f))
		cset[strcspn(cset, "\r\n")] = 0;
	int utf8 = strcmp(cset, "UTF-8") == 0;
	loader L = { 0 };
	HyphenDict *lv[2];
	int next = 0;
	for (int k = 0; k < 2; k++) {
		level_begin(&L);
		memcpy(L.d->cset, cset, sizeof cset);
		L.d->utf8 = utf8;
		if (k == 0)
			next = read_level(&L, f);
		else if (next)
			read_level(&L, f);
		else
			default_level(&L, utf8);
		level_end(&L);
		lv[k] = L.d;
	}
	fclose(f);
	if (next) {
		lv[0]->nextlevel = lv[1];
		return lv[0];
	}
	/* the default level runs first and hands on to the file's */
	HyphenDict *a = lv[0], *b = lv[1];
	b->nextlevel = a;
	b->lhmin = a->lhmin;
	b->rhmin = a->rhmin;
	b->clhmin = a->clhmin ? a->clhmin : a->lhmin ? a->lhmin : 3;
	b->crhmin = a->crhmin ? a->crhmin : a->rhmin ? a->rhmin : 3;
	return b;
}
