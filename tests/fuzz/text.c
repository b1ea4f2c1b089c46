/* text.c: the text reader, a whole article file through the public read
 * call (what `dossier build` does with each FILE.txt). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dossier_options opts = { 0 };
	fuzz_read(&opts, "fuzz.txt", data, size);
	return 0;
}
