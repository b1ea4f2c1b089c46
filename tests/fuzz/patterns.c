/* patterns.c: a patterns file (`--patterns FILE`) and an article read with
 * it. The input is the file's text, then a line "%%" and the article; with
 * no such line a fixed article is read. The option names a path: the file
 * is a temporary of this process, removed at once and named through
 * /proc/self/fd, so that no run leaves one behind. */
#include "fuzz.h"

#include <unistd.h>

static const char article[] = "A title\n\nBy Jane Doe\n\nThe council met "
    "on [b]Tuesday[/b] and agreed.\n\nPhoto: Reuters\n\nShare this\n\n"
    "Comments\n\nalice :: 10:15\nGood news.\n\nbob :: 10:20\nI agree.\n";

static char path[64];
static int fd = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0) {
		const char *tmp = getenv("TMPDIR");
		snprintf(path, sizeof path, "%s/dossier-fuzz-XXXXXX.conf",
		    tmp && strlen(tmp) < 32 ? tmp : "/tmp");
		FUZZ_ASSERT((fd = mkstemps(path, 5)) >= 0);
		unlink(path);
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	const uint8_t *text = data, *sep = NULL;
	size_t n = size;
	for (size_t i = 0; i + 4 <= size; i++)
		if (!memcmp(data + i, "\n%%\n", 4)) {
			sep = data + i;
			break;
		}
	if (sep) {
		n = (size_t)(sep - data) + 1;
		text = sep + 4;
	} else {
		text = (const uint8_t *)article;
	}
	size_t tlen = sep ? size - n - 3 : sizeof article - 1;
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, n, 0) == (ssize_t)n);
	dossier_options opts = { .patterns = path };
	fuzz_read(&opts, "fuzz.txt", text, tlen);
	return 0;
}
