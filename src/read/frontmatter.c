/* frontmatter.c: YAML metadata, read with libyaml: the "---" block that may
 * open an article file, and a folder's dossier.yaml. Only a flat mapping of
 * scalars is used; anything else is reported and skipped. */
#include "read.h"

#include <string.h>
#include <yaml.h>

/* No control character, NUL included. */
static int one_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

int frontmatter_parse(dossier_doc *doc, const char *name, unsigned line0,
    const char *s, size_t n, frontmatter_fn fn, void *ctx)
{
	yaml_parser_t p;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	int rc = 0, depth = 0, done = 0, skip = 0;
	char *key = NULL;
	unsigned key_line = 0;
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			dossier_warn(doc, name, line0 + (unsigned)p.problem_mark.line,
			    "front matter: %s", p.problem ? p.problem :
			    "invalid YAML");
			rc = -1;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			depth++;
			if (depth == 2)
				skip = 0;	/* the bad key's value */
			if (depth > 1 && key) {
				dossier_warn(doc, name, key_line,
				    "front matter: '%s' is not a plain value "
				    "(ignored)", key);
				g_free(key);
				key = NULL;
			}
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			depth--;
			break;
		case YAML_SCALAR_EVENT:
			if (depth != 1)
				break;
			if (skip) {
				skip = 0;
			} else if (!key) {
				key = g_strndup((const char *)ev.data.scalar.value,
				    ev.data.scalar.length);
				key_line = line0 + (unsigned)ev.start_mark.line;
				/* A block or an escaped key can hold line
				 * breaks and controls: no key of ours does, and
				 * the messages quote keys on one line. */
				if (!one_line(key, ev.data.scalar.length)) {
					dossier_warn(doc, name, key_line,
					    "front matter: a key that is not "
					    "one line of text (ignored)");
					g_free(key);
					key = NULL;
					skip = 1;
				}
			} else {
				fn(ctx, key, (const char *)ev.data.scalar.value,
				    ev.data.scalar.length, key_line);
				g_free(key);
				key = NULL;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	g_free(key);
	yaml_parser_delete(&p);
	return rc;
}

/* A clean copy of a value: valid UTF-8 without XML-forbidden characters
 * and with white space collapsed, in the document arena; NULL if empty. */
const char *frontmatter_value(dossier_doc *doc, const char *name,
    unsigned line, const char *v, size_t n)
{
	buf raw = { 0 }, out = { 0 };
	decode_text(doc, name, v, n, &raw, &(decode_stats){ 0 });
	(void)line;
	int space = 0;
	for (size_t i = 0; i < raw.len; i++) {
		char c = raw.data[i];
		if (c == ' ' || c == '\n' || c == '\t') {
			space = out.len > 0;
			continue;
		}
		if (space)
			buf_putc(&out, ' ');
		space = 0;
		buf_putc(&out, c);
	}
	const char *r = out.len ? arena_strndup(&doc->mem, out.data, out.len) :
	    NULL;
	buf_free(&raw);
	buf_free(&out);
	return r;
}
