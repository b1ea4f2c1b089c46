/* html.c: the HTML reader, a whole page through the public read call
 * (what `dossier build` does with each FILE.html): the bytes as libxml2
 * recovers them, the walk, the classifier, JSON-LD, the comments. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_options opts = { 0 };
	fuzz_read(&opts, "fuzz.html", data, size);
	return 0;
}
