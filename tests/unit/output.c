/* output.c: outputs are written atomically (a failed write leaves no file
 * and keeps an older one), and the reader/writer registry. */
#include "tap.h"

#include "tree/tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static char *path_in(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

/* Number of entries in the test folder. */
static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	static char data[256];
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = fread(data, 1, sizeof data - 1, f);
	fclose(f);
	data[n] = '\0';
	return data;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(s, f);
		fclose(f);
	}
}

static void t_commit(void)
{
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, path_in("a.out"), &err) == 0);
	fputs("hello", o.fp);
	/* Nothing under the final name until the commit. */
	CHECK(access(path_in("a.out"), F_OK) != 0);
	CHECK(outfile_commit(&o, &err) == 0);
	CHECK_STR(slurp(path_in("a.out")), "hello");
	CHECK(entries() == 1);	/* no temporary left behind */
	unlink(path_in("a.out"));
}

static void t_failed(void)
{
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, path_in("b.out"), &err) == 0);
	fputs("half", o.fp);
	o.failed = 1;
	CHECK(outfile_commit(&o, &err) == -1);
	CHECK(err.code == DOSSIER_ERR_IO);
	CHECK(strstr(err.message, "b.out") != NULL);
	CHECK(entries() == 0);
}

static void t_failed_keeps_old(void)
{
	outfile o;
	dossier_error err = { 0 };
	spit(path_in("c.out"), "old");
	CHECK(outfile_open(&o, path_in("c.out"), &err) == 0);
	fputs("new", o.fp);
	o.failed = 1;
	CHECK(outfile_commit(&o, &err) == -1);
	CHECK_STR(slurp(path_in("c.out")), "old");
	CHECK(entries() == 1);
	/* A good write replaces it. */
	CHECK(outfile_open(&o, path_in("c.out"), &err) == 0);
	fputs("new", o.fp);
	CHECK(outfile_commit(&o, &err) == 0);
	CHECK_STR(slurp(path_in("c.out")), "new");
	CHECK(entries() == 1);
	unlink(path_in("c.out"));
}

static void t_abort(void)
{
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, path_in("d.out"), &err) == 0);
	fputs("partial", o.fp);
	outfile_abort(&o);
	CHECK(entries() == 0);
	CHECK(o.fp == NULL);
}

static void t_unwritable(void)
{
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, path_in("no/such/dir/e.out"), &err) == -1);
	CHECK(err.code == DOSSIER_ERR_IO);
	CHECK(strstr(err.message, "e.out") != NULL);
	CHECK(o.fp == NULL);
	CHECK(entries() == 0);
}

static void t_temp_path(void)
{
	char *t;
	int slot;
	int fd = output_temp_create(path_in("f.pdf"), &t, &slot);
	CHECK(fd >= 0 && slot >= 0);
	/* Beside the final file, so the rename stays on one file system;
	 * hidden, and not the final name. */
	CHECK(strncmp(t, path_in(""), strlen(path_in(""))) == 0);
	CHECK(strchr(t + strlen(dir) + 1, '/') == NULL);
	CHECK(t[strlen(dir) + 1] == '.');
	CHECK(strcmp(t, path_in("f.pdf")) != 0);
	/* Unpredictable: a second one beside the same path is another. */
	char *t2;
	int slot2;
	int fd2 = output_temp_create(path_in("f.pdf"), &t2, &slot2);
	CHECK(fd2 >= 0 && strcmp(t, t2) != 0 && slot2 != slot);
	close(fd2);
	unlink(t2);
	output_temp_release(slot2);
	free(t2);
	CHECK(write(fd, "x", 1) == 1);
	close(fd);
	dossier_error err = { 0 };
	CHECK(output_rename(t, path_in("f.pdf"), &err) == 0);
	output_temp_release(slot);
	CHECK_STR(slurp(path_in("f.pdf")), "x");
	CHECK(output_rename(t, path_in("g.pdf"), &err) == -1);
	CHECK(err.code == DOSSIER_ERR_IO);
	CHECK(entries() == 1);
	unlink(path_in("f.pdf"));
	free(t);
}

/* A symbolic link at the output's name is replaced, never written
 * through: what it points to keeps its bytes. */
static void t_symlink_out(void)
{
	spit(path_in("victim"), "precious");
	CHECK(symlink("victim", path_in("h.out")) == 0);
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, path_in("h.out"), &err) == 0);
	fputs("new", o.fp);
	CHECK(outfile_commit(&o, &err) == 0);
	CHECK_STR(slurp(path_in("victim")), "precious");
	struct stat st;
	CHECK(lstat(path_in("h.out"), &st) == 0 && S_ISREG(st.st_mode));
	CHECK_STR(slurp(path_in("h.out")), "new");
	/* and the new file's mode is what open(2) gives, not mkstemp's */
	mode_t m = umask(022);
	umask(m);
	CHECK((st.st_mode & 0777) == (0666 & ~m));
	CHECK(entries() == 2);
	unlink(path_in("h.out"));
	unlink(path_in("victim"));
}

/* A file-size limit is a write error that says why and names the output,
 * not the temporary; the old output stays. SIGXFSZ is ignored by
 * output.c, or this test would die of it. */
static void t_file_too_large(void)
{
	spit(path_in("big.out"), "old");
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		setrlimit(RLIMIT_FSIZE, &rl);
		outfile o;
		dossier_error err = { 0 };
		if (outfile_open(&o, path_in("big.out"), &err) != 0)
			_exit(10);
		static char block[8192];
		for (int i = 0; i < 4; i++)
			fwrite(block, 1, sizeof block, o.fp);
		if (outfile_commit(&o, &err) == 0)
			_exit(11);
		if (!strstr(err.message, "File too large") ||
		    !strstr(err.message, "big.out") ||
		    strstr(err.message, "XXXX") || strstr(err.message, "/."))
			_exit(12);
		_exit(0);
	}
	int status;
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_STR(slurp(path_in("big.out")), "old");
	CHECK(entries() == 1);
	unlink(path_in("big.out"));
}

/* Standard output on a full device: the message says so. */
static void t_stdout_full(void)
{
	int full = open("/dev/full", O_WRONLY);
	if (full < 0)
		return;	/* no /dev/full here: nothing to try */
	fflush(stdout);
	int saved = dup(1);
	dup2(full, 1);
	close(full);
	outfile o;
	dossier_error err = { 0 };
	CHECK(outfile_open(&o, "-", &err) == 0);
	fputs("cannot land", o.fp);
	int rc = outfile_commit(&o, &err);
	clearerr(stdout);
	dup2(saved, 1);
	close(saved);
	CHECK(rc == -1);
	CHECK(strstr(err.message, "No space left on device") != NULL);
}

/* A fatal signal while an output is open removes its temporary and ends
 * the process by that signal; the old output is kept. */
static void t_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	spit(path_in("s.out"), "old");
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			outfile o;
			dossier_error err = { 0 };
			if (outfile_open(&o, path_in("s.out"), &err) != 0)
				_exit(10);
			fputs("partial", o.fp);
			fflush(o.fp);
			raise(sigs[i]);
			_exit(11);
		}
		int status;
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]);
		CHECK(entries() == 1);
		CHECK_STR(slurp(path_in("s.out")), "old");
	}
	unlink(path_in("s.out"));
}

/* ---- registry ---- */

static int fake_calls;

static int fake_render(dossier_doc *doc, const char *path, dossier_error *err)
{
	(void)doc, (void)path, (void)err;
	fake_calls++;
	return 0;
}

static const dossier_writer fake = {
	.name = "fake", .extension = "fk", .render = fake_render,
};
static const dossier_writer fake_json = {
	.name = "json", .extension = "json", .render = fake_render,
};
static const dossier_writer bad = { .name = "bad", .extension = "bad" };

static int fake_read(dossier_doc *doc, const char *name, const char *data,
    size_t len, dossier_error *err)
{
	(void)doc, (void)name, (void)data, (void)len, (void)err;
	return 0;
}

static const dossier_reader fake_reader = {
	.name = "faketext", .extensions = "txt md", .read = fake_read,
};

static void t_registry(void)
{
	const dossier_writer *w = dossier_writer_by_name("json");
	CHECK(w != NULL && strcmp(w->extension, "json") == 0);
	CHECK(dossier_writer_by_name("JSON") == w);
	CHECK(dossier_writer_by_name("nope") == NULL);
	CHECK(dossier_writer_for_path("out/x.json") == w);
	CHECK(dossier_writer_for_path("X.JSON") == w);
	CHECK(dossier_writer_for_path("out.json/x") == NULL);
	CHECK(dossier_writer_for_path("noext") == NULL);
	CHECK(dossier_writer_for_path("x.docx") == NULL);
	CHECK(dossier_writer_for_path("") == NULL);
	CHECK(dossier_writer_at(0) != NULL);
	size_t n = 0;
	while (dossier_writer_at(n))
		n++;
	CHECK(n >= 1);

	const dossier_reader *r = dossier_reader_for_path("a/b.txt");
	CHECK(r != NULL && strcmp(r->name, "text") == 0);
	CHECK(dossier_reader_for_path("b.TXT") == r);
	CHECK(dossier_reader_for_path("b.text") == r);
	CHECK(dossier_reader_for_path("b.tx") == NULL);
	CHECK(dossier_reader_for_path("b.pdf") == NULL);
	CHECK(dossier_reader_for_path("txt") == NULL);

	/* Plugins register through the same calls and override built-ins. */
	CHECK(dossier_register_writer(&bad) == -1);
	CHECK(dossier_register_writer(NULL) == -1);
	CHECK(dossier_register_writer(&fake) == 0);
	CHECK(dossier_writer_for_path("x.fk") == &fake);
	CHECK(dossier_writer_by_name("fake") == &fake);
	CHECK(dossier_writer_at(n) == &fake && dossier_writer_at(n + 1) == NULL);
	CHECK(dossier_register_writer(&fake_json) == 0);
	CHECK(dossier_writer_by_name("json") == &fake_json);
	CHECK(dossier_writer_for_path("x.json") == &fake_json);
	CHECK(dossier_register_reader(&fake_reader) == 0);
	CHECK(dossier_reader_for_path("x.txt") == &fake_reader);
	CHECK(dossier_reader_for_path("x.md") == &fake_reader);
	CHECK(dossier_reader_for_path("x.text") == r);

	dossier_doc *doc = dossier_doc_new(NULL);
	dossier_error err = { 0 };
	CHECK(dossier_render(doc, "x.fk", NULL, &err) == 0 && fake_calls == 1);
	CHECK(dossier_render(doc, "whatever", "fake", &err) == 0 &&
	    fake_calls == 2);
	CHECK(dossier_render(doc, "x.docx", NULL, &err) == -1);
	CHECK(err.code == DOSSIER_ERR_USAGE);
	CHECK(dossier_render(doc, "x.json", "nope", &err) == -1);
	CHECK(err.code == DOSSIER_ERR_USAGE);
	dossier_doc_free(doc);

	CHECK(dossier_load_plugin("/nonexistent/plugin.so", &err) == -1);
	CHECK(err.code == DOSSIER_ERR_USAGE);
}

int main(void)
{
	/* A shell's background job starts with SIGINT ignored, which the
	 * library rightly leaves so: t_signals needs the defaults. */
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/dossier-out-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	RUN(t_commit, "outfile: written under its name only at commit");
	RUN(t_failed, "outfile: a failed write leaves no file");
	RUN(t_failed_keeps_old, "outfile: a failed write keeps the old file");
	RUN(t_abort, "outfile: abort leaves no file");
	RUN(t_unwritable, "outfile: an unwritable folder fails cleanly");
	RUN(t_temp_path, "output_temp_create and output_rename");
	RUN(t_symlink_out, "outfile: a link at the output is replaced, not followed");
	RUN(t_file_too_large, "outfile: a file-size limit is an error naming the output and why");
	RUN(t_stdout_full, "outfile: standard output on /dev/full says why");
	RUN(t_signals, "outfile: SIGINT, SIGTERM, SIGHUP, SIGPIPE remove the temporary");
	RUN(t_registry, "registry: lookups by name and extension, plugins");
	rmdir(dir);
	TAP_EXIT();
}
