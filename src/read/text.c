/* text.c: the reader for scraped article text (placeholder: paragraphs). */
#include "read.h"

#include <string.h>

static int read_text(dossier_doc *doc, const char *name, const char *data,
    size_t len, dossier_error *err)
{
	buf t = { 0 };
	decode_stats st;
	decode_text(doc, name, data, len, &t, &st);
	dossier_node *a = node_new(doc, DOSSIER_NODE_ARTICLE, name, 1);
	a->as.article.source = name;
	const char *p = t.data, *end = t.data + t.len;
	unsigned line = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (e > p) {
			dossier_node *para = node_new(doc, a->as.article.title ?
			    DOSSIER_NODE_PARAGRAPH : DOSSIER_NODE_HEADING, name, line);
			node_append(para, node_text(doc, p, (size_t)(e - p), name, line));
			if (!a->as.article.title)
				a->as.article.title = node_plain(doc, para);
			else
				node_append(a, para);
		}
		line++;
		p = e + 1;
	}
	buf_free(&t);
	if (!a->as.article.title)
		return dossier_fail(err, DOSSIER_ERR_INPUT, "%s: no text", name);
	node_append(dossier_doc_root(doc), a);
	return 0;
}

const dossier_reader dossier_reader_text = {
	.name = "text",
	.extensions = "txt text",
	.read = read_text,
};
