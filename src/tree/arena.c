/* arena.c: one arena per document owns every node and string, so freeing a
 * tree of any depth is a walk over a short list of blocks. */
#include "tree.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
	arena_block *next;
	size_t size;
	max_align_t data[];
};

enum { ARENA_MIN = 64 * 1024 };

void arena_init(arena *a)
{
	memset(a, 0, sizeof *a);
}

void arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	memset(a, 0, sizeof *a);
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!a->head || a->used + n > a->cap) {
		/* Large requests get a block of their own behind the current
		 * one, so the current block's free tail is not wasted. */
		size_t size = n > ARENA_MIN / 4 ? n : ARENA_MIN;
		arena_block *b = xmalloc(sizeof *b + size);
		b->size = size;
		if (size == n && a->head) {
			b->next = a->head->next;
			a->head->next = b;
			memset(b->data, 0, n);
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->cap = size;
	}
	char *p = (char *)a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
