/* pagemap.c: the page map, where the PDF of a document puts each article
 * and block, as an object of its own: the PDF's contents and the EPUB's
 * page list read it, whatever order they are written in (paginate.c
 * asks for it). */
#include "book.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

dossier_pagemap *pagemap_new(size_t narticles)
{
	dossier_pagemap *m = xcalloc(1, sizeof *m);
	m->narticles = narticles;
	m->art_start = xcalloc(narticles + 1, sizeof *m->art_start);
	m->art_pages = xcalloc(narticles + 1, sizeof *m->art_pages);
	m->notes = xcalloc(narticles + 1, sizeof *m->notes);
	return m;
}

void pagemap_note(dossier_pagemap *m, size_t art, const dossier_node *n,
    unsigned page)
{
	if (art >= m->narticles || !m->notes)
		return;
	pagemap_notes *l = &m->notes[art];
	if (l->n == l->cap) {
		l->cap = 2 * l->cap + 16;
		l->node = xrealloc(l->node, l->cap * sizeof *l->node);
		l->page = xrealloc(l->page, l->cap * sizeof *l->page);
	}
	l->node[l->n] = n;
	l->page[l->n++] = page;
}

static int by_node(const void *a, const void *b)
{
	const struct pagemap_at *x = a, *y = b;
	uintptr_t p = (uintptr_t)x->node, q = (uintptr_t)y->node;
	return p < q ? -1 : p > q ? 1 : x->page < y->page ? -1 :
	    x->page > y->page;
}

/* The notes, physical and sorted; a block noted twice (its lines on
 * two pages) keeps the later page, as the last note said. */
static void sort_notes(dossier_pagemap *m)
{
	size_t total = 0, k = 0;
	for (size_t i = 0; i < m->narticles; i++)
		total += m->notes[i].n;
	m->at = xmalloc((total + 1) * sizeof *m->at);
	for (size_t i = 0; i < m->narticles; i++) {
		pagemap_notes *l = &m->notes[i];
		for (size_t j = 0; j < l->n; j++)
			m->at[k++] = (struct pagemap_at){ l->node[j],
			    m->art_start[i] + l->page[j] - 1 };
		free(l->node);
		free(l->page);
	}
	free(m->notes);
	m->notes = NULL;
	qsort(m->at, total, sizeof *m->at, by_node);
	m->n = 0;
	for (size_t i = 0; i < total; i++) {
		if (m->n && m->at[m->n - 1].node == m->at[i].node)
			m->n--;
		m->at[m->n++] = m->at[i];
	}
}

void book_folio(unsigned front, unsigned n, char *out, size_t cap)
{
	static const struct { unsigned v; const char *s; } t[] = {
		{ 1000, "m" }, { 900, "cm" }, { 500, "d" }, { 400, "cd" },
		{ 100, "c" }, { 90, "xc" }, { 50, "l" }, { 40, "xl" },
		{ 10, "x" }, { 9, "ix" }, { 5, "v" }, { 4, "iv" }, { 1, "i" },
	};
	if (n > front) {
		snprintf(out, cap, "%u", n - front);
		return;
	}
	size_t k = 0;
	out[0] = 0;
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		while (n >= t[i].v && k + strlen(t[i].s) < cap) {
			memcpy(out + k, t[i].s, strlen(t[i].s) + 1);
			k += strlen(t[i].s);
			n -= t[i].v;
		}
}

void pagemap_finish(dossier_pagemap *m)
{
	sort_notes(m);
	m->pages = m->narticles ? m->art_start[m->narticles - 1] +
	    m->art_pages[m->narticles - 1] - 1 : m->front;
	m->label = xcalloc((size_t)m->pages + 1, sizeof *m->label);
	for (unsigned p = 1; p <= m->pages; p++)
		book_folio(m->front, p, m->label[p - 1], sizeof *m->label);
}

void pagemap_free(dossier_pagemap *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->notes && i < m->narticles; i++) {
		free(m->notes[i].node);
		free(m->notes[i].page);
	}
	free(m->notes);
	free(m->art_start);
	free(m->art_pages);
	free(m->at);
	free(m->label);
	free(m);
}

/* ---- the public calls that read a map (dossier.h) ---- */

unsigned dossier_pagemap_pages(const dossier_pagemap *m)
{
	return m ? m->pages : 0;
}

unsigned dossier_pagemap_page(const dossier_pagemap *m,
    const dossier_node *n)
{
	if (!m || !n || !m->at)
		return 0;
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)m->at[mid].node < (uintptr_t)n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->at[lo].node == n ? m->at[lo].page : 0;
}

const char *dossier_pagemap_label(const dossier_pagemap *m, unsigned page)
{
	return m && page >= 1 && page <= m->pages ? m->label[page - 1] : NULL;
}
