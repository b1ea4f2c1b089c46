/* frontmatter.c: the YAML front matter of an article. The input is what
 * stands between the "---" lines; a fixed body follows, so that every
 * input reaches libyaml and the fields it sets (title, url, lang...) reach
 * the tree. */
#include "fuzz.h"

static const char head[] = "---\n";
static const char tail[] = "\n---\nA title\n\nThe council met on Tuesday "
    "and agreed on the budget.\n\nAlice says:\nGood news.\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = sizeof head - 1 + size + sizeof tail - 1;
	char *s = malloc(n);
	memcpy(s, head, sizeof head - 1);
	if (size)
		memcpy(s + sizeof head - 1, data, size);
	memcpy(s + sizeof head - 1 + size, tail, sizeof tail - 1);
	dossier_options opts = { 0 };
	fuzz_read(&opts, "fuzz.txt", (const uint8_t *)s, n);
	free(s);
	return 0;
}
