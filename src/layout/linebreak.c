/* linebreak.c: Knuth and Plass's total-fit line breaking over boxes, glue
 * and penalties. Greedy breaking leaves the occasional very loose line; an
 * evenness target (under 0.5 % of lines with a gap over half the line
 * height) wants the whole paragraph weighed at once.
 *
 * Three passes with a growing tolerance; the last accepts any stretch, so
 * that a paragraph always has a solution that does not run past the
 * measure (the callers give long words break points of their own). */
#include "layout.h"

#include <math.h>
#include <stdlib.h>

enum { FIT_TIGHT, FIT_DECENT, FIT_LOOSE, FIT_VERY_LOOSE };

typedef struct node {
	size_t pos;		/* item index of the break */
	size_t line;
	int fit;
	double w, y, z;		/* sums after the break */
	double demerits;
	struct node *prev;	/* best previous break */
	struct node *link;	/* active list */
} node;

typedef struct pool {
	node **blocks;
	size_t nblocks, used;
} pool;

enum { POOL_BLOCK = 1024 };

static node *pool_get(pool *p)
{
	if (!p->nblocks || p->used == POOL_BLOCK) {
		p->blocks = xrealloc(p->blocks, (p->nblocks + 1) * sizeof *p->blocks);
		p->blocks[p->nblocks++] = xmalloc(POOL_BLOCK * sizeof(node));
		p->used = 0;
	}
	return &p->blocks[p->nblocks - 1][p->used++];
}

static void pool_free(pool *p)
{
	for (size_t i = 0; i < p->nblocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
}

/* TeX's parameters, tuned for 60-90 characters a line. */
#define LINE_PENALTY 10.0
#define FLAGGED_DEMERITS 3000.0
#define FITNESS_DEMERITS 1000.0

/* The adjustment ratio of a line of natural width L that can stretch y
 * and shrink z, set to width. */
static double ratio(double L, double width, double y, double z)
{
	if (L < width)
		return y > 0 ? (width - L) / y : INFINITY;
	if (L > width)
		return z > 0 ? (width - L) / z : -INFINITY;
	return 0;
}

static int fitness(double r)
{
	return r < -0.5 ? FIT_TIGHT : r <= 0.5 ? FIT_DECENT :
	    r <= 1 ? FIT_LOOSE : FIT_VERY_LOOSE;
}

/* The total demerits of a line from a to the break at item x, of
 * ratio r and fitness fit. */
static double demerits(const kp_item *it, size_t n, const node *a,
    const kp_item *x, double r, int fit)
{
	double bad = 100 * fabs(r) * fabs(r) * fabs(r);
	if (bad > 10000)
		bad = 10000;
	double d = LINE_PENALTY + bad;
	d *= d;
	if (x->type == KP_PENALTY) {
		if (x->penalty >= 0)
			d += x->penalty * x->penalty;
		else if (x->penalty > -KP_INF)
			d -= x->penalty * x->penalty;
		if (x->flagged && a->pos < n && it[a->pos].type == KP_PENALTY &&
		    it[a->pos].flagged && a->prev)
			d += FLAGGED_DEMERITS;
	}
	if (abs(fit - a->fit) > 1)
		d += FITNESS_DEMERITS;
	return d + a->demerits;
}

/* The sums after a break at b skip the glue and penalties that follow
 * it, up to the next box. */
static void sums_after(const kp_item *it, size_t n, size_t b, double *w,
    double *y, double *z)
{
	for (size_t k = b; k < n; k++) {
		if (it[k].type == KP_BOX)
			break;
		if (it[k].type == KP_GLUE) {
			*w += it[k].w;
			*y += it[k].stretch;
			*z += it[k].shrink;
		} else if (k > b && it[k].penalty <= -KP_INF) {
			break;
		}
	}
}

/* The break at item b (legal there): weigh every active node as the
 * line's start, drop those that can no longer start a line, and add the
 * best new node of each fitness class. */
static void try_break(const kp_item *it, size_t n, size_t b, double width,
    double rag, double max_ratio, const double sum[3], node **active,
    pool *pl)
{
	const kp_item *x = &it[b];
	double pw = x->type == KP_PENALTY ? x->w : 0;
	node *best[4] = { 0 };
	double bestd[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
	int forced = x->type == KP_PENALTY && x->penalty <= -KP_INF;
	node **pa = active;
	while (*pa) {
		node *a = *pa;
		double r = ratio(sum[0] - a->w + pw, width,
		    sum[1] - a->y + rag, sum[2] - a->z);
		if (r < -1 || forced)
			/* a - b overfull (or b forced): a can never start
			 * a line past b */
			*pa = a->link;
		else
			pa = &a->link;
		if (r >= -1 && r <= max_ratio) {
			int fit = fitness(r);
			double d = demerits(it, n, a, x, r, fit);
			if (d < bestd[fit]) {
				bestd[fit] = d;
				best[fit] = a;
			}
		}
	}
	double tw = sum[0], ty = sum[1], tz = sum[2];
	sums_after(it, n, b, &tw, &ty, &tz);
	for (int f = 0; f < 4; f++) {
		if (!best[f])
			continue;
		node *nn = pool_get(pl);
		*nn = (node){ .pos = b, .line = best[f]->line + 1, .fit = f,
		    .w = tw, .y = ty, .z = tz, .demerits = bestd[f],
		    .prev = best[f], .link = *active };
		*active = nn;
	}
}

/* The breaks of the best node that ends the paragraph, into *breaks. */
static size_t best_breaks(node *active, size_t n, size_t **breaks,
    size_t *cap)
{
	node *best = NULL;
	size_t nb = 0;
	for (node *a = active; a; a = a->link)
		if (a->pos == n - 1 && (!best || a->demerits < best->demerits))
			best = a;
	if (!best)
		return 0;
	for (node *a = best; a->prev; a = a->prev)
		nb++;
	if (*cap < nb) {
		*breaks = xrealloc(*breaks, nb * sizeof **breaks);
		*cap = nb;
	}
	size_t k = nb;
	for (node *a = best; a->prev; a = a->prev)
		(*breaks)[--k] = a->pos;
	return nb;
}

static size_t run(const kp_item *it, size_t n, double width, double rag,
    double max_ratio, size_t **breaks, size_t *cap)
{
	pool pl = { 0 };
	double sum[3] = { 0, 0, 0 };	/* running width, stretch, shrink */
	node *active = pool_get(&pl);
	*active = (node){ .fit = FIT_DECENT };
	for (size_t b = 0; b < n && active; b++) {
		const kp_item *x = &it[b];
		if (x->type == KP_BOX) {
			sum[0] += x->w;
			continue;
		}
		int legal = x->type == KP_GLUE ?
		    b > 0 && it[b - 1].type == KP_BOX : x->penalty < KP_INF;
		if (legal)
			try_break(it, n, b, width, rag, max_ratio, sum,
			    &active, &pl);
		if (x->type == KP_GLUE) {
			sum[0] += x->w;
			sum[1] += x->stretch;
			sum[2] += x->shrink;
		}
	}
	size_t nb = best_breaks(active, n, breaks, cap);
	pool_free(&pl);
	return nb;
}

/* r <= 1.5 keeps word gaps within about 1.75 spaces; 3 within 2.5. */
static const double tol[] = { 1.5, 3, INFINITY };

size_t kp_break_tight(const kp_item *it, size_t n, double width, double rag,
    size_t **breaks, size_t *cap)
{
	return run(it, n, width, rag, tol[0], breaks, cap);
}

size_t kp_break(const kp_item *it, size_t n, double width, double rag,
    size_t **breaks, size_t *cap)
{
	for (int i = 0; i < 3; i++) {
		size_t nb = run(it, n, width, rag, tol[i], breaks, cap);
		if (nb)
			return nb;
	}
	return 0;
}
