/* patterns.c: the site patterns. The built-in rules are compiled only when
 * first needed, so a broken one would not be reported at load: it is caught
 * here instead. */
#include "tap.h"

#include "read/patterns.h"

static void t_builtin(void)
{
	dossier_error err = { 0 };
	int rc = patterns_check_builtin(&err);
	if (rc != 0)
		fprintf(stderr, "%s\n", err.message);
	CHECK(rc == 0);
}

int main(void)
{
	RUN(t_builtin, "patterns: every rule of sites.conf compiles");
	TAP_EXIT();
}
