/* tap.h: the smallest test harness: each test prints "ok - NAME" or
 * "not ok - NAME"; a failed check says where on stderr. The exit status is
 * 1 when any test failed. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_ok, tap_failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		tap_ok = 0; \
	} \
} while (0)

/* Compare two C strings (either may be NULL). */
#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!(g_ == w_ || (g_ && w_ && strcmp(g_, w_) == 0))) { \
		fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", \
		    __FILE__, __LINE__, g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
		tap_ok = 0; \
	} \
} while (0)

/* Compare n bytes of memory with a string literal's bytes. */
#define CHECK_MEM(got, glen, want) do { \
	size_t wl_ = sizeof(want) - 1; \
	if ((glen) != wl_ || memcmp((got), (want), wl_) != 0) { \
		fprintf(stderr, "%s:%d: got \"%.*s\" (%zu bytes), want " \
		    "\"%s\"\n", __FILE__, __LINE__, (int)(glen), \
		    (const char *)(got), (size_t)(glen), (want)); \
		tap_ok = 0; \
	} \
} while (0)

#define RUN(fn, name) do { \
	tap_ok = 1; \
	fn(); \
	printf("%s - %s\n", tap_ok ? "ok" : "not ok", (name)); \
	fflush(stdout); \
	if (!tap_ok) \
		tap_failures++; \
} while (0)

#define TAP_EXIT() return tap_failures ? 1 : 0

#endif
