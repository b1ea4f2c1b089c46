/* error.c: the one error convention: -1 and a message in dossier_error. */
#include "tree.h"

int dossier_fail(dossier_error *err, dossier_code code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		err->code = code;
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return -1;
}
