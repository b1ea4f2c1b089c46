/* paginate.c: the page map as a step the book takes when an output asks
 * for it (the PDF, and the EPUB's page list when the caller wants one),
 * never a side effect of another writer having run. The layout is the
 * typesetting module's (src/write/pdf/pdf.c, its first pass): an EPUB
 * not asked for a page map never loads it for this. */
#include "book.h"
#include "../typeset/typeset.h"

const dossier_pagemap *book_pagemap(dossier_doc *doc, dossier_error *err)
{
	book *b = book_of(doc);
	if (b->pagemap)
		return b->pagemap;
	const typeset_api *t = typeset_get(err);
	if (!t)
		return NULL;
	b->pagemap = t->paginate(doc, err);
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
