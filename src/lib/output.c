/* output.c: every output is written to a temporary name beside its final
 * path and renamed at the end, so a failed run leaves no half-written file. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *output_temp_path(const char *path)
{
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 32);
	snprintf(tmp, n + 32, "%s.tmp%ld", path, (long)getpid());
	return tmp;
}

int output_rename(const char *tmp, const char *path, dossier_error *err)
{
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write: %s",
		    path, strerror(e));
	}
	return 0;
}

int outfile_open(outfile *o, const char *path, dossier_error *err)
{
	memset(o, 0, sizeof *o);
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->path = xstrdup(path);
	o->tmp = output_temp_path(path);
	int fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || !(o->fp = fdopen(fd, "wb"))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write: %s", path,
		    strerror(e));
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return -1;
	}
	return 0;
}

int outfile_commit(outfile *o, dossier_error *err)
{
	int rc = 0;
	if (o->fp == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout) || o->failed)
			rc = dossier_fail(err, DOSSIER_ERR_IO,
			    "standard output: write failed");
		memset(o, 0, sizeof *o);
		return rc;
	}
	int bad = o->failed || ferror(o->fp);
	if (fclose(o->fp) != 0)
		bad = 1;
	if (bad) {
		unlink(o->tmp);
		rc = dossier_fail(err, DOSSIER_ERR_IO, "%s: write failed",
		    o->path);
	} else {
		rc = output_rename(o->tmp, o->path, err);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return rc;
}

void outfile_abort(outfile *o)
{
	if (o->fp && o->fp != stdout) {
		fclose(o->fp);
		unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}
