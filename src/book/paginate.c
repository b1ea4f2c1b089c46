/* paginate.c: the page map as a step the book takes when an output asks
 * for it (the PDF, and the EPUB's page list when the caller wants one),
 * never a side effect of another writer having run. The counting is the
 * layout's first pass (src/layout/passes.c, layout_pagemap), which the
 * PDF writer's drawing pass reads too: an EPUB not asked for a page map
 * lays nothing out. */
#include "book.h"
#include "../layout/layout.h"

/* The document's page map, laid out on the first call. */
static const dossier_pagemap *book_pagemap(dossier_doc *doc,
    dossier_error *err)
{
	book *b = book_of(doc);
	if (!b->pagemap)
		b->pagemap = layout_pagemap(doc, err);
	return b->pagemap;
}

const dossier_pagemap *book_page_list(dossier_doc *doc)
{
	book *b = book_of(doc);
	return b->page_list ? b->pagemap : NULL;
}

const dossier_pagemap *dossier_doc_pagemap(dossier_doc *doc,
    dossier_error *err)
{
	const dossier_pagemap *m = book_pagemap(doc, err);
	if (m)
		book_of(doc)->page_list = 1;
	return m;
}
