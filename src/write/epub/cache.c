/* cache.c: the content-addressed cache of costly artefacts (cache.h). */
#include "cache.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* The code that makes an artefact is part of its key: a changed program
 * or an upgraded Cairo or HarfBuzz must not find the old cover. That code
 * is whatever the process has loaded (the program or libdossier.so, and
 * the libraries they link): each object's GNU build id, the linker's hash
 * of its contents, read from memory; an object without one counts by
 * path, size and time. Once per process. */
static char code_identity[65];

static void cache_key_data(cache_key *k, const void *p, size_t n);
static const char *cache_key_name(cache_key *k);

static void key_build_id(cache_key *k, const struct dl_phdr_info *info)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)
		    (info->dlpi_addr + ph->p_vaddr);
		size_t off = 0;
		while (off + sizeof(ElfW(Nhdr)) <= ph->p_memsz) {
			const ElfW(Nhdr) *n = (const void *)(p + off);
			const unsigned char *name = p + off + sizeof *n;
			const unsigned char *desc = name +
			    ((n->n_namesz + 3) & ~(size_t)3);
			off = (size_t)(desc - p) + ((n->n_descsz + 3) & ~(size_t)3);
			if (off > ph->p_memsz)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    memcmp(name, "GNU", 4) == 0) {
				cache_key_data(k, desc, n->n_descsz);
				return;
			}
		}
	}
	const char *path = info->dlpi_name;
	cache_key_file(k, path && *path ? path : "/proc/self/exe");
}

static int key_object(struct dl_phdr_info *info, size_t size, void *k)
{
	key_build_id(k, info);
	return 0;
}

static void make_code_identity(void)
{
	cache_key k = { g_checksum_new(G_CHECKSUM_SHA256), "code", "" };
	dl_iterate_phdr(key_object, &k);
	memcpy(code_identity, cache_key_name(&k), 64);
	cache_key_end(&k);
}

/* Entries kept. A book's cover is ~60 KB and its subsets ~150 KB: a few
 * hundred books' worth. */
enum { CACHE_MAX = 600, CACHE_KEEP = 450 };

/* An entry: magic, its own key (the file name, NUL-padded), the length
 * and a CRC-32 over key and bytes. The key inside is checked against the
 * name it was found under: an entry copied or renamed from another key
 * (well-formed, but not what was asked for) is a miss. */
static const char magic[16] = "dossier-cache 2\n";
enum { KEYLEN = 96, HEADER = 16 + KEYLEN + 8 + 4 };
#define MAX_ENTRY (64u << 20)

void cache_key_begin(cache_key *k, const char *kind)
{
	k->sum = g_checksum_new(G_CHECKSUM_SHA256);
	snprintf(k->kind, sizeof k->kind, "%s", kind);
	k->name[0] = '\0';
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, make_code_identity);
	cache_key_str(k, code_identity);
	cache_key_str(k, kind);
}

static void cache_key_data(cache_key *k, const void *p, size_t n)
{
	/* Length first: ("ab","c") and ("a","bc") are different keys. */
	unsigned long long len = n;
	g_checksum_update(k->sum, (const guchar *)&len, sizeof len);
	if (n)
		g_checksum_update(k->sum, p, (gssize)n);
}

void cache_key_str(cache_key *k, const char *s)
{
	if (!s) {
		g_checksum_update(k->sum, (const guchar *)"\xff", 1);
		return;
	}
	cache_key_data(k, s, strlen(s));
}

void cache_key_num(cache_key *k, unsigned long long v)
{
	cache_key_data(k, &v, sizeof v);
}

void cache_key_file(cache_key *k, const char *path)
{
	struct stat st;
	cache_key_str(k, path);
	if (stat(path, &st) != 0) {
		cache_key_num(k, ~0ull);
		return;
	}
	cache_key_num(k, (unsigned long long)st.st_size);
	cache_key_num(k, (unsigned long long)st.st_mtim.tv_sec);
	cache_key_num(k, (unsigned long long)st.st_mtim.tv_nsec);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cache_key_dir(cache_key *k, const char *dir)
{
	DIR *d = opendir(dir);
	cache_key_str(k, dir);
	if (!d)
		return;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			g_ptr_array_add(names, g_strdup(de->d_name));
	closedir(d);
	qsort(names->pdata, names->len, sizeof(char *), by_name);
	for (guint i = 0; i < names->len; i++) {
		char *p = g_build_filename(dir, names->pdata[i], NULL);
		cache_key_file(k, p);
		g_free(p);
	}
	g_ptr_array_free(names, TRUE);
}

/* Finish the key into its file name, once. */
/* Finish the key: "<64 hex digits>.<kind>". */
static const char *cache_key_name(cache_key *k)
{
	if (k->sum) {
		snprintf(k->name, sizeof k->name, "%s.%s",
		    g_checksum_get_string(k->sum), k->kind);
		g_checksum_free(k->sum);
		k->sum = NULL;
	}
	return k->name;
}

void cache_key_end(cache_key *k)
{
	if (k->sum)
		g_checksum_free(k->sum);
	k->sum = NULL;
}

/* The folder, or NULL when the cache is off. Kept on the document. */
static const char *cache_dir(dossier_doc *doc)
{
	if (doc->cache_dir)
		return *doc->cache_dir ? doc->cache_dir : NULL;
	const char *d = doc->opts.cache_dir;
	if (!d)
		d = getenv("DOSSIER_CACHE_DIR");
	if (d) {
		doc->cache_dir = xstrdup(strcmp(d, "off") == 0 ? "" : d);
	} else {
		char *dir = g_build_filename(g_get_user_cache_dir(), "dossier",
		    NULL);
		doc->cache_dir = xstrdup(dir);
		g_free(dir);
	}
	return *doc->cache_dir ? doc->cache_dir : NULL;
}

int cache_enabled(dossier_doc *doc)
{
	return cache_dir(doc) != NULL;
}

static void put_le(unsigned char *p, unsigned long long v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static unsigned long long get_le(const unsigned char *p, int n)
{
	unsigned long long v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uLong entry_crc(const char *key, const void *data, size_t len)
{
	uLong c = crc32(0L, (const Bytef *)key, KEYLEN);
	return crc32(c, data, (uInt)len);
}

char *cache_get(dossier_doc *doc, cache_key *k, size_t *len)
{
	const char *dir = cache_dir(doc);
	const char *name = cache_key_name(k);
	if (!dir)
		return NULL;
	char *path = g_build_filename(dir, name, NULL);
	char *data = NULL;
	char key[KEYLEN] = { 0 };
	memcpy(key, name, strlen(name) < KEYLEN ? strlen(name) : KEYLEN - 1);
	/* Not through a link, and never waiting on a FIFO or a device: a
	 * regular file or a miss. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0)
		goto out;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < HEADER ||
	    (unsigned long long)st.st_size > MAX_ENTRY + HEADER)
		goto bad;
	size_t n = (size_t)st.st_size;
	unsigned char *raw = xmalloc(n);
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, raw + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	const unsigned char *h = raw + 16 + KEYLEN;
	size_t dlen = (size_t)get_le(h, 8);
	if (got != n || memcmp(raw, magic, 16) != 0 ||
	    memcmp(raw + 16, key, KEYLEN) != 0 || dlen != n - HEADER ||
	    entry_crc(key, raw + HEADER, dlen) != get_le(h + 8, 4)) {
		free(raw);
		goto bad;
	}
	memmove(raw, raw + HEADER, dlen);
	data = (char *)raw;
	*len = dlen;
	/* Used now: pruning removes the entries used longest ago. */
	(void)futimens(fd, NULL);
	close(fd);
	goto out;
bad:
	/* Damaged, torn, foreign or not a file: gone (it has our name),
	 * and made again by the caller. */
	close(fd);
	unlink(path);
out:
	g_free(path);
	return data;
}

typedef struct entry {
	char *name;
	long long mtime;
} entry;

static int older(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Is name one of ours: 64 hex digits and a kind? Nothing else in the
 * folder is ever removed. */
static int ours(const char *name)
{
	for (int i = 0; i < 64; i++)
		if (!g_ascii_isxdigit(name[i]))
			return 0;
	return name[64] == '.';
}

static void prune(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t n = 0, cap = 0;
	entry *v = NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat st;
		if (strlen(de->d_name) < 66 || !ours(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n].name = xstrdup(de->d_name);
		v[n].mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
		    st.st_mtim.tv_nsec;
		n++;
	}
	if (n > CACHE_MAX) {
		qsort(v, n, sizeof *v, older);
		for (size_t i = 0; i + CACHE_KEEP < n; i++)
			(void)unlinkat(dirfd(d), v[i].name, 0);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	closedir(d);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w <= 0)
			return 0;
		c += w;
		n -= (size_t)w;
	}
	return 1;
}

void cache_put(dossier_doc *doc, cache_key *k, const void *data, size_t len)
{
	const char *dir = doc->cache_dir;
	const char *name = cache_key_name(k);
	if (!dir || !*dir || len > MAX_ENTRY || strlen(name) >= KEYLEN)
		return;
	if (g_mkdir_with_parents(dir, 0700) != 0)
		return;
	char *path = g_build_filename(dir, name, NULL);
	/* An unguessable name, O_EXCL|O_NOFOLLOW, removed on a fatal
	 * signal (output.c). */
	char *tmp;
	int slot;
	int fd = output_temp_create(path, &tmp, &slot);
	if (fd < 0) {
		g_free(path);
		return;
	}
	unsigned char head[HEADER] = { 0 };
	memcpy(head, magic, 16);
	memcpy(head + 16, name, strlen(name));
	put_le(head + 16 + KEYLEN, len, 8);
	put_le(head + 16 + KEYLEN + 8,
	    entry_crc((const char *)head + 16, data, len), 4);
	int ok = write_all(fd, head, HEADER) && write_all(fd, data, len);
	ok = close(fd) == 0 && ok;
	/* Pruned once per process: a build puts up to a dozen entries. */
	static int pruned;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
	else if (!__atomic_exchange_n(&pruned, 1, __ATOMIC_RELAXED))
		prune(dir);
	output_temp_release(slot);
	g_free(path);
	free(tmp);
}
