/* cpset.c: sets of Unicode code points, for the fonts: what a face covers
 * and what a book uses. Pages of 4,096 bits, made on first use: a news
 * dossier touches a handful of pages, a CJK face a few dozen. HarfBuzz has
 * such sets, but the EPUB writer must know them without loading HarfBuzz
 * (src/typeset/ is loaded only when a cover or subset is made). */
#include "tree.h"

#include <stdlib.h>
#include <string.h>

enum { PAGE_BITS = 4096, WORDS = PAGE_BITS / 64 };

static uint64_t *page(cpset *s, uint32_t cp, int make)
{
	uint64_t **p = &s->page[cp / PAGE_BITS];
	if (!*p && make)
		*p = xcalloc(WORDS, sizeof **p);
	return *p;
}

void cpset_add(cpset *s, uint32_t cp)
{
	if (cp >= CPSET_LIMIT)
		return;
	page(s, cp, 1)[cp % PAGE_BITS / 64] |= 1ull << (cp % 64);
}

void cpset_add_range(cpset *s, uint32_t lo, uint32_t hi)
{
	if (hi >= CPSET_LIMIT)
		hi = CPSET_LIMIT - 1;
	for (uint32_t cp = lo; cp <= hi && cp >= lo; cp++) {
		/* Whole words at a time where the range covers them. */
		if (cp % 64 == 0 && hi - cp >= 63) {
			page(s, cp, 1)[cp % PAGE_BITS / 64] = ~0ull;
			cp += 63;
			continue;
		}
		cpset_add(s, cp);
	}
}

int cpset_has(const cpset *s, uint32_t cp)
{
	if (cp >= CPSET_LIMIT || !s->page[cp / PAGE_BITS])
		return 0;
	return (int)(s->page[cp / PAGE_BITS][cp % PAGE_BITS / 64] >>
	    (cp % 64) & 1);
}

void cpset_intersect(cpset *s, const cpset *other)
{
	for (size_t i = 0; i < CPSET_PAGES; i++) {
		if (!s->page[i])
			continue;
		if (!other->page[i]) {
			free(s->page[i]);
			s->page[i] = NULL;
			continue;
		}
		for (size_t w = 0; w < WORDS; w++)
			s->page[i][w] &= other->page[i][w];
	}
}

void cpset_copy(cpset *dst, const cpset *src)
{
	cpset_free(dst);
	for (size_t i = 0; i < CPSET_PAGES; i++)
		if (src->page[i]) {
			dst->page[i] = xmalloc(WORDS * sizeof **dst->page);
			memcpy(dst->page[i], src->page[i],
			    WORDS * sizeof **dst->page);
		}
}

int cpset_is_empty(const cpset *s)
{
	uint32_t lo, hi = CPSET_NONE;
	return !cpset_next_range(s, &lo, &hi);
}

/* The first set code point after from (from == CPSET_NONE: the first),
 * or CPSET_NONE. */
static uint32_t next_set(const cpset *s, uint32_t from)
{
	uint32_t cp = from == CPSET_NONE ? 0 : from + 1;
	while (cp < CPSET_LIMIT) {
		const uint64_t *p = s->page[cp / PAGE_BITS];
		if (!p) {
			cp = (cp / PAGE_BITS + 1) * PAGE_BITS;
			continue;
		}
		uint64_t w = p[cp % PAGE_BITS / 64] >> (cp % 64);
		if (w)
			return cp + (uint32_t)__builtin_ctzll(w);
		cp = (cp / 64 + 1) * 64;
	}
	return CPSET_NONE;
}

int cpset_next_range(const cpset *s, uint32_t *lo, uint32_t *hi)
{
	uint32_t cp = next_set(s, *hi);
	if (cp == CPSET_NONE)
		return 0;
	*lo = cp;
	while (cp + 1 < CPSET_LIMIT && cpset_has(s, cp + 1))
		cp++;
	*hi = cp;
	return 1;
}

void cpset_free(cpset *s)
{
	for (size_t i = 0; i < CPSET_PAGES; i++)
		free(s->page[i]);
	memset(s, 0, sizeof *s);
}

void cpset_save(const cpset *s, buf *out)
{
	uint32_t lo, hi = CPSET_NONE;
	while (cpset_next_range(s, &lo, &hi)) {
		uint32_t v[2] = { lo, hi };
		buf_put(out, (const char *)v, sizeof v);
	}
}

int cpset_load(cpset *s, const char *data, size_t len)
{
	if (len % 8)
		return -1;
	for (size_t i = 0; i < len; i += 8) {
		uint32_t v[2];
		memcpy(v, data + i, sizeof v);
		if (v[0] > v[1] || v[1] >= CPSET_LIMIT)
			return -1;
		cpset_add_range(s, v[0], v[1]);
	}
	return 0;
}
