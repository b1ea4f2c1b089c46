/* output.c: outputs are written atomically (a failed write leaves no file
 * and keeps an older one), and the reader/writer registry. */
#include "tap.h"

#include "internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
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
	char *t = output_temp_path(path_in("f.pdf"));
	/* Beside the final file, so the rename stays on one file system. */
	CHECK(strncmp(t, path_in(""), strlen(path_in(""))) == 0);
	CHECK(strchr(t + strlen(dir) + 1, '/') == NULL);
	CHECK(strcmp(t, path_in("f.pdf")) != 0);
	spit(t, "x");
	dossier_error err = { 0 };
	CHECK(output_rename(t, path_in("f.pdf"), &err) == 0);
	CHECK_STR(slurp(path_in("f.pdf")), "x");
	CHECK(output_rename(t, path_in("g.pdf"), &err) == -1);
	CHECK(err.code == DOSSIER_ERR_IO);
	CHECK(entries() == 1);
	unlink(path_in("f.pdf"));
	free(t);
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
	.name = "fake", .extension = "fk", .priority = 5, .render = fake_render,
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
	RUN(t_temp_path, "output_temp_path and output_rename");
	RUN(t_registry, "registry: lookups by name and extension, plugins");
	rmdir(dir);
	TAP_EXIT();
}
