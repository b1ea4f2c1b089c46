/* output.c: every output is written to a temporary file beside its final
 * path and renamed at the end, so a failed run leaves no half-written file.
 *
 * The temporary is made by mkostemp (a name nobody can guess, created with
 * O_EXCL and O_NOFOLLOW), and everything is written through its
 * descriptor: a link planted beside the output is never followed. The
 * rename replaces OUT itself, so when OUT is a symbolic link the link is
 * replaced by the new file; what it pointed to is left alone.
 *
 * Temporaries are kept in a fixed table that a handler for SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE removes before the signal takes its default course
 * (only where the host left that signal's default); SIGXFSZ is ignored so
 * that a file-size limit is a write error (EFBIG) with a message. */
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the table of temporaries, read by the signal handler ---- */

/* A slot is 0 free, 1 being filled, 2 armed (the handler unlinks it).
 * Only lock-free atomics and unlink() touch it in the handler. */
enum { SLOTS = 32 };
static int slot_state[SLOTS];
static char slot_path[SLOTS][PATH_MAX];
static const int fatal[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;
static mode_t file_mode = 0644;

static void on_fatal(int sig)
{
	int e = errno;
	for (int i = 0; i < SLOTS; i++)
		if (__atomic_load_n(&slot_state[i], __ATOMIC_ACQUIRE) == 2)
			unlink(slot_path[i]);
	/* SA_RESETHAND put the default back: the signal, raised again,
	 * ends the process as it would have, with the right status. */
	raise(sig);
	errno = e;
}

static void guard_init(void)
{
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) {
		struct sigaction old;
		if (sigaction(fatal[i], NULL, &old) != 0 ||
		    (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
			continue;	/* the host's own choice stands */
		struct sigaction sa = { .sa_handler = on_fatal,
		    .sa_flags = SA_RESETHAND };
		sigemptyset(&sa.sa_mask);
		sigaction(fatal[i], &sa, NULL);
	}
	struct sigaction old;
	if (sigaction(SIGXFSZ, NULL, &old) == 0 &&
	    !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL)
		signal(SIGXFSZ, SIG_IGN);
	/* mkostemp makes 0600; an output gets what open(2) would give. */
	mode_t m = umask(022);
	umask(m);
	file_mode = 0666 & ~m;
}

static void block_fatal(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
		sigaddset(&set, fatal[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

int output_temp_create(const char *path, char **tmp, int *slot)
{
	pthread_once(&guard_once, guard_init);
	*tmp = NULL;
	*slot = -1;
	/* ".NAME.XXXXXX" in the output's folder: the rename stays on one
	 * file system, and the name is hidden from a listing. */
	const char *base = strrchr(path, '/');
	size_t dlen = base ? (size_t)(base - path) + 1 : 0;
	base = base ? base + 1 : path;
	size_t n = strlen(path) + 16;
	char *t = xmalloc(n);
	snprintf(t, n, "%.*s.%s.XXXXXX", (int)dlen, path, base);
	if (strlen(t) >= PATH_MAX) {
		free(t);
		errno = ENAMETOOLONG;
		return -1;
	}
	/* Signals are held while the file exists and is not yet in the
	 * table. */
	sigset_t old;
	block_fatal(&old);
	int fd = mkostemp(t, O_CLOEXEC | O_NOFOLLOW);
	int e = errno;
	if (fd >= 0) {
		for (int i = 0; i < SLOTS && *slot < 0; i++) {
			int want = 0;
			if (__atomic_compare_exchange_n(&slot_state[i], &want,
			    1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
				memcpy(slot_path[i], t, strlen(t) + 1);
				__atomic_store_n(&slot_state[i], 2,
				    __ATOMIC_RELEASE);
				*slot = i;
			}
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		free(t);
		errno = e;
		return -1;
	}
	*tmp = t;
	return fd;
}

void output_temp_release(int slot)
{
	if (slot >= 0 && slot < SLOTS)
		__atomic_store_n(&slot_state[slot], 0, __ATOMIC_RELEASE);
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

/* ---- outfile: a stdio stream over the temporary's descriptor ---- */

/* The stream's own sink keeps the first write error's errno, which stdio
 * would lose, so that the message can say why ("File too large"). */
typedef struct sinkfd {
	int fd;
	int err;
	int keep;	/* standard output: flushed, not closed */
} sinkfd;

static ssize_t sink_write(void *cookie, const char *p, size_t n)
{
	sinkfd *s = cookie;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(s->fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!s->err)
				s->err = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : 0;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static int sink_close(void *cookie)
{
	sinkfd *s = cookie;
	if (s->keep)
		return 0;
	int rc = close(s->fd);
	if (rc != 0 && !s->err)
		s->err = errno;
	return rc;
}

int outfile_open(outfile *o, const char *path, dossier_error *err)
{
	memset(o, 0, sizeof *o);
	o->slot = -1;
	int to_stdout = strcmp(path, "-") == 0;
	char *tmp = NULL;
	int slot = -1, fd = 1;
	pthread_once(&guard_once, guard_init);	/* SIGXFSZ too */
	if (to_stdout) {
		/* What went before goes first; then the same descriptor,
		 * through a stream that keeps the error's errno. */
		fflush(stdout);
	} else {
		fd = output_temp_create(path, &tmp, &slot);
		if (fd < 0)
			return dossier_fail(err, DOSSIER_ERR_IO,
			    "%s: cannot write: %s", path, strerror(errno));
		(void)fchmod(fd, file_mode);
	}
	sinkfd *s = xmalloc(sizeof *s);
	*s = (sinkfd){ .fd = fd, .keep = to_stdout };
	o->fp = fopencookie(s, "wb", (cookie_io_functions_t){
	    .write = sink_write, .close = sink_close });
	if (!o->fp) {
		int e = errno;
		if (!to_stdout) {
			close(fd);
			unlink(tmp);
			output_temp_release(slot);
		}
		free(tmp);
		free(s);
		return dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write: %s",
		    to_stdout ? "standard output" : path, strerror(e));
	}
	if (to_stdout) {
		o->sink = s;
		o->stdio = 1;
		return 0;
	}
	o->path = xstrdup(path);
	o->tmp = tmp;
	o->slot = slot;
	o->sink = s;
	return 0;
}

FILE *output_spool(void)
{
	pthread_once(&guard_once, guard_init);
	return tmpfile();
}

int outfile_pwrite(outfile *o, const void *p, size_t n, long long off)
{
	if (o->stdio)
		return -1;
	if (fflush(o->fp) != 0) {	/* the stream's error, kept */
		o->failed = 1;
		return -1;
	}
	const char *s = p;
	while (n > 0) {
		ssize_t w = pwrite(o->sink->fd, s, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!o->sink->err)
				o->sink->err = w < 0 ? errno : EIO;
			o->failed = 1;
			return -1;
		}
		s += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Why the output failed, in words: the first write error, else errno. */
static const char *why(const outfile *o, int e)
{
	if (o->sink && o->sink->err)
		return strerror(o->sink->err);
	return e ? strerror(e) : "write failed";
}

int outfile_commit(outfile *o, dossier_error *err)
{
	int rc = 0;
	int bad = o->failed || ferror(o->fp);
	errno = 0;
	if (fclose(o->fp) != 0)
		bad = 1;
	int e = errno;
	if (o->stdio) {
		if (bad)
			rc = dossier_fail(err, DOSSIER_ERR_IO,
			    "standard output: cannot write: %s", why(o, e));
	} else if (bad) {
		unlink(o->tmp);
		rc = dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write: %s",
		    o->path, why(o, e));
	} else {
		rc = output_rename(o->tmp, o->path, err);
	}
	output_temp_release(o->slot);
	free(o->sink);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return rc;
}

void outfile_abort(outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->fp && !o->stdio) {
		unlink(o->tmp);
		output_temp_release(o->slot);
	}
	free(o->sink);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}
