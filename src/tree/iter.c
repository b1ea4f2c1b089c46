/* iter.c: ENTER/EXIT traversal without recursion (cmark's iterator), so a
 * reply chain of any depth cannot overflow the stack. */
#include "tree.h"

static int is_leaf(const dossier_node *n)
{
	return n->type == DOSSIER_NODE_TEXT;
}

void dossier_iter_init(dossier_iter *it, dossier_node *root)
{
	it->root = root;
	it->node = NULL;
	it->ev = DOSSIER_EV_DONE;
}

dossier_event dossier_iter_next(dossier_iter *it, dossier_node **out)
{
	dossier_node *n = it->node;
	if (!n) {
		if (!it->root || it->ev == DOSSIER_EV_EXIT)
			return *out = NULL, DOSSIER_EV_DONE;
		it->node = it->root;
		it->ev = DOSSIER_EV_ENTER;
		return *out = it->node, it->ev;
	}
	if (it->ev == DOSSIER_EV_DONE) {	/* after dossier_iter_skip */
		it->ev = DOSSIER_EV_EXIT;
		return *out = n, it->ev;
	}
	if (it->ev == DOSSIER_EV_ENTER && !is_leaf(n)) {
		if (n->first) {
			it->node = n->first;
			it->ev = DOSSIER_EV_ENTER;
		} else {
			it->ev = DOSSIER_EV_EXIT;
		}
	} else if (n == it->root) {
		it->node = NULL;
		it->ev = DOSSIER_EV_EXIT;
		return *out = NULL, DOSSIER_EV_DONE;
	} else if (n->next) {
		it->node = n->next;
		it->ev = DOSSIER_EV_ENTER;
	} else {
		it->node = n->parent;
		it->ev = DOSSIER_EV_EXIT;
	}
	return *out = it->node, it->ev;
}

void dossier_iter_skip(dossier_iter *it)
{
	if (it->node && it->ev == DOSSIER_EV_ENTER && !is_leaf(it->node))
		it->ev = DOSSIER_EV_DONE;
}
