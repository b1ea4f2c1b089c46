/* zip.c: the container. Deflate is most of the cost of a large EPUB (10 MB
 * of XHTML: 0.42 s with zlib at level 1 on one core,
 * shared/notes/layout-speed.md), so the files are compressed here, in
 * parallel, one file per task, and libzip is handed the finished deflate
 * streams through a source that reports them as already compressed:
 * libzip then copies them and writes the headers and the central
 * directory. That keeps libzip for the format and takes its serial
 * compressor out of the way.
 *
 * The compressor is libdeflate (Debian's libdeflate0), made for what an
 * EPUB's files are: whole buffers in memory. On the 1,000 articles' XHTML
 * its level 1 is twice as fast as zlib's level 1 and 6 % smaller; its
 * CRC-32 three times as fast (tests/bench/20-epub.sh has the levels).
 *
 * Deterministic: entries in a fixed order, one fixed time on every entry,
 * fixed attributes, no extra fields. */
#include "epub.h"

#include <errno.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

/* Measured on the 1,000-article bench (tests/bench/20-epub.sh), level 6
 * makes the file 3 % smaller than level 1 (4.8 MB, 5.0) for 0.27 s instead
 * of 0.23; level 12, 6 % smaller, takes 1.07 s.
 * $DOSSIER_EPUB_DEFLATE (0-12) overrides it, for that measurement. */
#define DEFLATE_LEVEL 1

int epub_deflate_level(void)
{
	const char *s = getenv("DOSSIER_EPUB_DEFLATE");
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	if (v >= 0 && v <= 12 && !*end)
		return (int)v;
	return DEFLATE_LEVEL;
}

struct epub_zipper {
	pthread_mutex_t lock;
	pthread_cond_t more;
	size_t next;		/* next file to take */
	int closing;		/* no more files will come */
	int nthreads;
	int level;
	pthread_t tid[16];
};

/* A compressor for one thread (they are not shared); NULL stores. */
static struct libdeflate_compressor *compressor(int level)
{
	if (level == 0)
		return NULL;
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	if (!c)
		abort();	/* only on memory exhaustion */
	return c;
}

/* The whole of n bytes at off, or -1. */
static int pwrite_all(int fd, const void *p, size_t n, uint64_t off)
{
	const char *s = p;
	while (n > 0) {
		ssize_t k = pwrite(fd, s, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
		off += (uint64_t)k;
	}
	return 0;
}

/* A page's finished bytes into the spool, freed from memory: of the
 * files a book is made of, only its pages (the .xhtml files) grow with
 * it, and no other part of the writer reads them once compressed (the
 * cache keeps only fonts). lock guards the spool's end; NULL when one
 * thread is left. A page the spool cannot take stays in memory. */
static void spool_file(epub *e, epub_file *f, pthread_mutex_t *lock)
{
	size_t n = strlen(f->name);
	if (!e->spool || n < 6 || strcmp(f->name + n - 6, ".xhtml") != 0)
		return;
	const void *bytes = f->z ? (const void *)f->z : (const void *)f->data;
	size_t size = f->z ? f->zlen : f->len;
	if (lock)
		pthread_mutex_lock(lock);
	uint64_t off = e->spool_end;
	e->spool_end += size;
	if (lock)
		pthread_mutex_unlock(lock);
	if (pwrite_all(fileno(e->spool), bytes, size, off) != 0)
		return;
	f->off = off;
	f->deflated = f->z != NULL;
	f->spooled = 1;
	free(f->z);
	free(f->data);
	f->z = NULL;
	f->data = NULL;
}

static void deflate_file(epub *e, epub_file *f,
    struct libdeflate_compressor *c, pthread_mutex_t *lock)
{
	if (f->done)	/* it came compressed (epub_add_packed) */
		return;
	f->crc = libdeflate_crc32(0, f->data, f->len);
	f->done = 1;
	if (!f->store && f->len >= 64 && c) {
		/* Raw deflate, as a zip entry holds it. Room for one byte
		 * less than the file: a stream that does not fit is no
		 * smaller than the file stored, and libdeflate says so
		 * with 0. */
		unsigned char *out = xmalloc(f->len - 1);
		size_t n = libdeflate_deflate_compress(c, f->data, f->len, out,
		    f->len - 1);
		if (n == 0) {
			free(out);
		} else {
			f->z = out;
			f->zlen = n;
		}
	}
	spool_file(e, f, lock);
}

/* Take files off the list until it is closed and empty. The list itself
 * (e->files) may be reallocated by the main thread, so it is read only
 * under the lock; the files do not move. */
static void *worker(void *arg)
{
	epub *e = arg;
	epub_zipper *z = e->zip;
	struct libdeflate_compressor *c = NULL;
	pthread_mutex_lock(&z->lock);
	for (;;) {
		if (z->next < e->nfiles) {
			epub_file *f = e->files[z->next++];
			pthread_mutex_unlock(&z->lock);
			if (!c && !f->done)
				c = compressor(z->level);
			deflate_file(e, f, c, &z->lock);
			pthread_mutex_lock(&z->lock);
		} else if (z->closing) {
			break;
		} else {
			pthread_cond_wait(&z->more, &z->lock);
		}
	}
	pthread_mutex_unlock(&z->lock);
	libdeflate_free_compressor(c);
	return NULL;
}

static int cores(epub *e)
{
	int n = e->doc->opts.threads;
	if (n <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (int)c : 1;
	}
	return n > 16 ? 16 : n;
}

void epub_deflate_start(epub *e)
{
	epub_zipper *z = xcalloc(1, sizeof *z);
	pthread_mutex_init(&z->lock, NULL);
	pthread_cond_init(&z->more, NULL);
	z->level = epub_deflate_level();
	e->zip = z;
	/* Without a temporary file the pages stay in memory, as before. */
	e->spool = output_spool();
	/* While the main thread makes pages, the other cores compress;
	 * at the end the main thread joins them (epub_deflate_finish). */
	int n = cores(e) - 1;
	for (int k = 0; k < n; k++)
		if (pthread_create(&z->tid[z->nthreads], NULL, worker, e) == 0)
			z->nthreads++;
}

void epub_files_push(epub *e, epub_file *f)
{
	epub_zipper *z = e->zip;
	if (z)
		pthread_mutex_lock(&z->lock);
	/* Under the lock: the list may move while a worker reads it. */
	if (e->nfiles == e->filecap) {
		e->filecap = e->filecap ? 2 * e->filecap : 64;
		e->files = xrealloc(e->files, e->filecap * sizeof *e->files);
	}
	e->files[e->nfiles++] = f;
	if (z) {
		pthread_cond_signal(&z->more);
		pthread_mutex_unlock(&z->lock);
	}
}

void epub_deflate_finish(epub *e)
{
	epub_zipper *z = e->zip;
	if (!z)
		return;
	pthread_mutex_lock(&z->lock);
	z->closing = 1;
	pthread_cond_broadcast(&z->more);
	pthread_mutex_unlock(&z->lock);
	worker(e);
	for (int k = 0; k < z->nthreads; k++)
		pthread_join(z->tid[k], NULL);
	pthread_mutex_destroy(&z->lock);
	pthread_cond_destroy(&z->more);
	free(z);
	e->zip = NULL;
}

/* A packed file: CRC-32 (4 bytes), size (8), 1 when deflated, then the
 * stream or the stored bytes; in this machine's byte order (the cache is
 * the machine's). */
enum { PACK_HEAD = 13 };

void epub_file_pack(const epub_file *f, buf *out)
{
	uint64_t n = f->len;
	char deflated = f->z != NULL;
	buf_put(out, (const char *)&f->crc, 4);
	buf_put(out, (const char *)&n, 8);
	buf_put(out, &deflated, 1);
	if (f->z)
		buf_put(out, (const char *)f->z, f->zlen);
	else
		buf_put(out, f->data, f->len);
}

int epub_add_packed(epub *e, const char *name, const char *packed,
    size_t len)
{
	uint32_t crc;
	uint64_t n;
	if (len < PACK_HEAD || packed[12] > 1)
		return -1;
	memcpy(&crc, packed, 4);
	memcpy(&n, packed + 4, 8);
	size_t body = len - PACK_HEAD;
	if (!packed[12] && n != body)
		return -1;
	epub_file *f = xcalloc(1, sizeof *f);
	f->name = xstrdup(name);
	f->len = (size_t)n;
	f->crc = crc;
	f->done = 1;
	unsigned char *copy = xmalloc(body ? body : 1);
	memcpy(copy, packed + PACK_HEAD, body);
	if (packed[12]) {
		f->z = copy;
		f->zlen = body;
	} else {
		f->data = (char *)copy;
	}
	epub_files_push(e, f);
	return 0;
}

/* ---- a libzip source over one prepared file ---- */

typedef struct src {
	const epub_file *f;
	FILE *spool;		/* where f's bytes are, if spooled */
	time_t mtime;
	size_t pos;
	zip_error_t error;
} src;

static zip_int64_t src_cb(void *ud, void *data, zip_uint64_t len,
    zip_source_cmd_t cmd)
{
	src *s = ud;
	const epub_file *f = s->f;
	const unsigned char *bytes = f->z ? f->z :
	    (const unsigned char *)f->data;
	int deflated = f->spooled ? f->deflated : f->z != NULL;
	size_t size = deflated ? f->zlen : f->len;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = size - s->pos;
		if (n > len)
			n = (size_t)len;
		if (f->spooled) {
			ssize_t k = pread(fileno(s->spool), data, n,
			    (off_t)(f->off + s->pos));
			if (k < 0) {
				zip_error_set(&s->error, ZIP_ER_READ, errno);
				return -1;
			}
			n = (size_t)k;
		} else {
			memcpy(data, bytes + s->pos, n);
		}
		s->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_MTIME |
		    ZIP_STAT_ENCRYPTION_METHOD;
		st->size = f->len;
		st->comp_size = size;
		st->comp_method = deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
		st->encryption_method = ZIP_EM_NONE;
		st->crc = f->crc;
		st->mtime = s->mtime;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->error);
		free(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* libzip turns time_t into a DOS date with localtime(); give it the time
 * that reads as the UTC wall clock, so the bytes do not depend on TZ. */
static time_t dos_time(long long t)
{
	if (t < 315532800 + 86400)	/* DOS dates start in 1980 */
		t = 315532800 + 86400;
	time_t tt = (time_t)t;
	struct tm lt;
	localtime_r(&tt, &lt);
	time_t guess = tt - lt.tm_gmtoff;
	localtime_r(&guess, &lt);
	return tt - lt.tm_gmtoff;
}

static int zip_fail(zip_t *za, const char *path, dossier_error *err)
{
	return dossier_fail(err, DOSSIER_ERR_IO, "%s: cannot write EPUB: %s",
	    path, zip_strerror(za));
}

static char *entry_name(const char *name)
{
	if (strcmp(name, "mimetype") == 0 || strncmp(name, "META-INF/", 9) == 0)
		return xstrdup(name);
	size_t n = strlen(name);
	char *s = xmalloc(n + 7);
	memcpy(s, "OEBPS/", 6);
	memcpy(s + 6, name, n + 1);
	return s;
}

/* ---- the archive, written by libzip straight into the output ----
 * libzip writes an entry's header and bytes, then goes back to patch
 * the header: a source over the output that appends through its stream
 * and patches with outfile_pwrite, so that the container is never held
 * whole (50 MB at 10,000 articles). Standard output cannot go back:
 * there libzip builds the container in memory (its buffer source) and
 * it is copied out. Written by name instead, libzip wrote each entry in
 * 4 KB pieces and renamed a file of its own, 1.5 ms of a small book's
 * 4; into the output it writes in the stream's pieces, renamed at the
 * end (output.c). */
typedef struct arc {
	outfile *o;
	zip_uint64_t pos, end;	/* where libzip writes; what is written */
	zip_error_t error;
} arc;

static zip_int64_t arc_write(arc *a, const void *data, zip_uint64_t len)
{
	const char *p = data;
	zip_uint64_t n = len;
	if (a->pos < a->end) {	/* a header patched */
		zip_uint64_t k = a->end - a->pos < n ? a->end - a->pos : n;
		if (outfile_pwrite(a->o, p, (size_t)k, (long long)a->pos) != 0) {
			zip_error_set(&a->error, ZIP_ER_WRITE, errno);
			return -1;
		}
		p += k;
		n -= k;
		a->pos += k;
	}
	/* A write error is kept on the outfile (outfile_commit says it). */
	if (n > 0 && fwrite(p, 1, (size_t)n, a->o->fp) != n)
		a->o->failed = 1;
	a->pos += n;
	if (a->pos > a->end)
		a->end = a->pos;
	return (zip_int64_t)len;
}

static zip_int64_t arc_cb(void *ud, void *data, zip_uint64_t len,
    zip_source_cmd_t cmd)
{
	arc *a = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN: case ZIP_SOURCE_CLOSE: case ZIP_SOURCE_READ:
	case ZIP_SOURCE_SEEK: case ZIP_SOURCE_TELL: case ZIP_SOURCE_FREE:
	case ZIP_SOURCE_BEGIN_WRITE: case ZIP_SOURCE_COMMIT_WRITE:
	case ZIP_SOURCE_ROLLBACK_WRITE: case ZIP_SOURCE_REMOVE:
		return 0;	/* an empty archive, made anew */
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE;
		st->size = 0;
		return sizeof *st;
	}
	case ZIP_SOURCE_WRITE:
		return arc_write(a, data, len);
	case ZIP_SOURCE_SEEK_WRITE: {
		zip_int64_t off = zip_source_seek_compute_offset(a->pos, a->end,
		    data, len, &a->error);
		if (off < 0)
			return -1;
		a->pos = (zip_uint64_t)off;
		return 0;
	}
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)a->pos;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&a->error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE;
	default:
		zip_error_set(&a->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Copy the finished archive out of libzip's memory source into o. */
static int copy_archive(zip_source_t *mem, outfile *o)
{
	if (zip_source_open(mem) != 0)
		return -1;
	char chunk[1 << 16];
	zip_int64_t n;
	while ((n = zip_source_read(mem, chunk, sizeof chunk)) > 0)
		if (fwrite(chunk, 1, (size_t)n, o->fp) != (size_t)n)
			o->failed = 1;
	zip_source_close(mem);
	return n < 0 ? -1 : 0;
}

/* Entry f of the archive, stamped mt; -1 and err set on failure. */
static int add_entry(zip_t *za, const epub *e, const epub_file *f,
    time_t mt, const char *shown, dossier_error *err)
{
	src *s = xcalloc(1, sizeof *s);
	s->f = f;
	s->spool = e->spool;
	s->mtime = mt;
	zip_error_init(&s->error);
	zip_source_t *zs = zip_source_function(za, src_cb, s);
	if (!zs) {
		zip_error_fini(&s->error);
		free(s);
		return zip_fail(za, shown, err);
	}
	char *name = entry_name(f->name);
	zip_int64_t idx = zip_file_add(za, name, zs, ZIP_FL_ENC_UTF_8);
	free(name);
	if (idx < 0) {
		zip_source_free(zs);
		return zip_fail(za, shown, err);
	}
	zip_uint64_t ix = (zip_uint64_t)idx;
	if (!(f->spooled ? f->deflated : f->z != NULL))
		zip_set_file_compression(za, ix, ZIP_CM_STORE, 0);
	if (zip_file_set_mtime(za, ix, mt, 0) != 0 ||
	    zip_file_set_external_attributes(za, ix, 0, ZIP_OPSYS_UNIX,
	    0100644u << 16) != 0)
		return zip_fail(za, shown, err);
	return 0;
}

/* Compress what the background workers did not. */
static void deflate_rest(epub *e)
{
	epub_deflate_finish(e);
	struct libdeflate_compressor *c = NULL;
	for (size_t i = 0; i < e->nfiles; i++)
		if (!e->files[i]->done) {
			if (!c)
				c = compressor(epub_deflate_level());
			deflate_file(e, e->files[i], c, NULL);
		}
	libdeflate_free_compressor(c);
	epub_tick(e, "deflate");
}

/* An empty archive over a (the output) or, for standard output, over
 * *mem (kept: copy_archive reads it after zip_close). */
static zip_t *open_archive(arc *a, zip_source_t **mem, const char *shown,
    dossier_error *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = a->o->stdio ?
	    zip_source_buffer_create(NULL, 0, 0, &ze) :
	    zip_source_function_create(arc_cb, a, &ze);
	zip_t *za = NULL;
	if (src) {
		zip_source_keep(src);
		if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
			zip_source_free(src);
			src = NULL;
		}
	}
	if (!za)
		dossier_fail(err, DOSSIER_ERR_INTERNAL, "%s: libzip: %s", shown,
		    zip_error_strerror(&ze));
	zip_error_fini(&ze);
	*mem = src;
	return za;
}

int epub_zip_write(epub *e, const char *path, dossier_error *err)
{
	deflate_rest(e);
	const char *shown = strcmp(path, "-") == 0 ? "standard output" : path;
	outfile o;
	if (outfile_open(&o, path, err) != 0)
		return -1;
	arc a = { .o = &o };
	zip_error_init(&a.error);
	zip_source_t *src = NULL;
	zip_t *za = open_archive(&a, &src, shown, err);
	int rc = za ? 0 : -1;
	time_t mt = dos_time(e->mtime);
	for (size_t i = 0; rc == 0 && i < e->nfiles; i++)
		rc = add_entry(za, e, e->files[i], mt, shown, err);
	/* A write that failed (a full disk, a size limit) is the output's
	 * to name, with why, as for every writer (outfile_commit). */
	if (rc == 0 && zip_close(za) != 0)
		rc = o.failed ? -1 : zip_fail(za, shown, err);
	if (rc != 0 && za)
		zip_discard(za);
	if (rc == 0 && o.stdio && copy_archive(src, &o) != 0)
		rc = dossier_fail(err, DOSSIER_ERR_INTERNAL,
		    "%s: libzip lost the archive", shown);
	if (rc == 0 || o.failed)
		rc = outfile_commit(&o, err) != 0 ? -1 : rc;
	else
		outfile_abort(&o);
	zip_source_free(src);
	zip_error_fini(&a.error);
	epub_tick(e, "zip");
	return rc;
}
