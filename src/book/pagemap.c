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

static size_t slot(const dossier_pagemap *m, const dossier_node *n)
{
	uint64_t h = (uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 20) & (m->cap - 1);
	while (m->key[i] && m->key[i] != n)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* A block noted twice (its lines cut across pages) keeps the last. */
static void put(dossier_pagemap *m, const dossier_node *n, unsigned page)
{
	size_t i = slot(m, n);
	if (!m->key[i])
		m->n++;
	m->key[i] = n;
	m->val[i] = page;
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
	size_t total = 0;
	for (size_t i = 0; i < m->narticles; i++)
		total += m->notes[i].n;
	m->cap = 64;
	while (m->cap < 2 * total)
		m->cap *= 2;
	m->key = xcalloc(m->cap, sizeof *m->key);
	m->val = xcalloc(m->cap, sizeof *m->val);
	for (size_t i = 0; i < m->narticles; i++) {
		pagemap_notes *l = &m->notes[i];
		for (size_t k = 0; k < l->n; k++)
			put(m, l->node[k], m->art_start[i] + l->page[k] - 1);
		free(l->node);
		free(l->page);
	}
	free(m->notes);
	m->notes = NULL;
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
	free(m->key);
	free(m->val);
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
	if (!m || !n || !m->key)
		return 0;
	size_t i = slot(m, n);
	return m->key[i] ? m->val[i] : 0;
}

const char *dossier_pagemap_label(const dossier_pagemap *m, unsigned page)
{
	return m && page >= 1 && page <= m->pages ? m->label[page - 1] : NULL;
}
