/* dossier: the command-line host over libdossier. Subcommands in the git
 * style; exit 0 when all went well, 1 when the input stopped the run, 2 for
 * a usage error. */
#include "../dossier.h"
#include "progress.h"

#include <ctype.h>
#include <getopt.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
"usage: dossier [--version] [--help] <command> [<args>]\n"
"\n"
"commands:\n"
"  build -o OUT [-o OUT...] [options] PATH...\n"
"                     read articles (files or folders of *.txt; - is one\n"
"                     article on standard input) and write each OUT; its\n"
"                     extension picks the format (.epub .pdf .json;\n"
"                     .pandoc is pandoc's JSON AST). All outputs come\n"
"                     from one parse.\n"
"  tree [--json] [--patterns FILE] PATH...\n"
"                     print the parsed tree as JSON (one file: the article;\n"
"                     several or a folder: the dossier)\n"
"  tree --explain [--patterns FILE] PATH...\n"
"                     print each block of the text with the kind the reader\n"
"                     gave it (body, boiler, title) and what decided it\n"
"  formats            list the output formats\n"
"\n"
"build options:\n"
"  -o, --output FILE    write FILE (repeatable); - is standard output\n"
"  --to FORMAT          the format of an output without an extension\n"
"                       (-o -): epub, pdf, json, pandoc, pdflayout\n"
"  --title TEXT         dossier title (default: derived from the articles)\n"
"  --subtitle TEXT      dossier subtitle\n"
"  --editor NAME        editor, shown on the title page and in metadata\n"
"  --lang TAG           language of the dossier (default: en)\n"
"  --style NAME|FILE    a style in styles/ (default), or a file (a path\n"
"                       with a / or a name ending in .css)\n"
"  --patterns FILE      extra site patterns (see src/read/sites.conf)\n"
"  --paper a4|letter|a5 PDF paper size (default: a4)\n"
"  --duplex             mirrored margins; articles open on a right page\n"
"  --bleed LENGTH       PDF bleed, e.g. 3mm; with --crop-marks\n"
"  --crop-marks         draw crop marks and write TrimBox/BleedBox\n"
"  --url-notes          print URLs as numbered notes at the page foot\n"
"  --page-list          give the EPUB the PDF's page numbers (a page list\n"
"                       and page-break markers), as it has when a PDF is\n"
"                       made in the same run\n"
"  --threads N          PDF layout workers (default: cores)\n"
"  --plugin FILE.so     load readers and writers from a plugin\n"
"  --no-cache           make the cover and font subsets afresh, and keep\n"
"                       them out of the cache ($DOSSIER_CACHE_DIR, else\n"
"                       ~/.cache/dossier)\n"
"  -q, --quiet          no warnings, no progress line, no summary\n"
"\n"
"exit status: 0 ok, 1 the input or an output failed, 2 usage error\n";

static void quiet_diag(void *ctx, const char *f, unsigned l, const char *m)
{
	(void)ctx, (void)f, (void)l, (void)m;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "dossier: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'dossier --help'.\n");
	return EXIT_USAGE;
}

static int exit_for(const dossier_error *e)
{
	return e->code == DOSSIER_ERR_USAGE ? EXIT_USAGE : EXIT_INPUT;
}

static int parse_length_mm(const char *s, double *mm)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0 || v > 50)
		return -1;
	if (!*end || strcmp(end, "mm") == 0)
		*mm = v;
	else if (strcmp(end, "pt") == 0)
		*mm = v * 25.4 / 72;
	else if (strcmp(end, "in") == 0)
		*mm = v * 25.4;
	else
		return -1;
	return 0;
}

/* A language tag of BCP 47's shape: a primary subtag of 2 to 3 letters
 * (or x, i) and subtags of 1 to 8 letters and digits ("de", "pt-BR",
 * "zh-Hant-TW", "x-klingon"). */
static int lang_ok(const char *s)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[n]))
		n++;
	if (!((n >= 2 && n <= 3) || (n == 1 && strchr("xXiI", s[0]))) ||
	    (s[n] && s[n] != '-') || (n == 1 && !s[n]))
		return 0;
	for (s += n; *s == '-';) {
		s++;
		n = 0;
		while (isalnum((unsigned char)s[n]))
			n++;
		if (n < 1 || n > 8)
			return 0;
		s += n;
	}
	return *s == 0;
}

/* Read every path into one document; 0 or an exit status. */
static int read_all(dossier_doc *doc, char **paths, int n)
{
	if (n == 0)
		return usage_error("%s", "no input: give files or folders");
	for (int i = 0; i < n; i++) {
		dossier_error err = { 0 };
		if (dossier_read_path(doc, paths[i], &err) != 0) {
			fprintf(stderr, "dossier: %s\n", err.message);
			return exit_for(&err);
		}
	}
	dossier_doc_finish(doc);
	return 0;
}

static int cmd_tree(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'e' },
		{ "patterns", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	dossier_options opts = { .own_process = 1 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': break;
		case 'e': opts.explain = stdout; break;
		case 'p': opts.patterns = optarg; break;
		case 'q': opts.diag = quiet_diag; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	dossier_doc *doc = dossier_doc_new(&opts);
	int rc = read_all(doc, argv + optind, argc - optind);
	if (rc == 0 && !opts.explain) {
		dossier_error err = { 0 };
		if (dossier_render(doc, "-", "json", &err) != 0) {
			fprintf(stderr, "dossier: %s\n", err.message);
			rc = exit_for(&err);
		}
	}
	dossier_doc_free(doc);
	return rc;
}

typedef struct output {
	char *path;
	const dossier_writer *writer;
} output;

/* With a PDF in the run (or --page-list), the EPUB lists the PDF's
 * pages: the book is laid out once, before any output, so that the
 * outputs are the same in any order. */
static int ask_page_map(dossier_doc *doc, int page_list, progress *prog)
{
	dossier_error err = { 0 };
	if (!page_list || dossier_doc_pagemap(doc, &err))
		return 0;
	progress_clear(prog);
	fprintf(stderr, "dossier: %s\n", err.message);
	return exit_for(&err);
}

static int cmd_build(int argc, char **argv)
{
	enum { O_TITLE = 256, O_SUBTITLE, O_EDITOR, O_LANG, O_STYLE,
	    O_PATTERNS, O_PAPER, O_DUPLEX, O_BLEED, O_CROP, O_URLNOTES,
	    O_THREADS, O_PLUGIN, O_NOCACHE, O_TO, O_PAGELIST };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, O_TITLE },
		{ "subtitle", required_argument, NULL, O_SUBTITLE },
		{ "editor", required_argument, NULL, O_EDITOR },
		{ "lang", required_argument, NULL, O_LANG },
		{ "style", required_argument, NULL, O_STYLE },
		{ "patterns", required_argument, NULL, O_PATTERNS },
		{ "paper", required_argument, NULL, O_PAPER },
		{ "duplex", no_argument, NULL, O_DUPLEX },
		{ "bleed", required_argument, NULL, O_BLEED },
		{ "crop-marks", no_argument, NULL, O_CROP },
		{ "url-notes", no_argument, NULL, O_URLNOTES },
		{ "page-list", no_argument, NULL, O_PAGELIST },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "plugin", required_argument, NULL, O_PLUGIN },
		{ "no-cache", no_argument, NULL, O_NOCACHE },
		{ "to", required_argument, NULL, O_TO },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	dossier_options opts = { .own_process = 1 };
	output outs[32];
	const char *to = NULL;
	int nouts = 0, c, quiet = 0, page_list = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		dossier_error err = { 0 };
		switch (c) {
		case 'o':
			if (nouts == 32)
				return usage_error("%s", "too many outputs");
			outs[nouts++].path = optarg;
			break;
		case O_TO: to = optarg; break;
		case O_TITLE: opts.title = optarg; break;
		case O_SUBTITLE: opts.subtitle = optarg; break;
		case O_EDITOR: opts.editor = optarg; break;
		case O_LANG:
			if (!lang_ok(optarg))
				return usage_error("bad language tag '%s' "
				    "(e.g. en, de, pt-BR)", optarg);
			opts.lang = optarg;
			break;
		case O_STYLE: opts.style = optarg; break;
		case O_PATTERNS: opts.patterns = optarg; break;
		case O_PAPER:
			if (strcmp(optarg, "a4") == 0 || strcmp(optarg, "A4") == 0)
				opts.paper = DOSSIER_PAPER_A4;
			else if (strcmp(optarg, "letter") == 0)
				opts.paper = DOSSIER_PAPER_LETTER;
			else if (strcmp(optarg, "a5") == 0 || strcmp(optarg, "A5") == 0)
				opts.paper = DOSSIER_PAPER_A5;
			else
				return usage_error("unknown paper '%s' (a4, letter, a5)", optarg);
			break;
		case O_DUPLEX: opts.duplex = 1; break;
		case O_BLEED:
			if (parse_length_mm(optarg, &opts.bleed_mm) != 0)
				return usage_error("bad bleed '%s' (e.g. 3mm)", optarg);
			break;
		case O_CROP: opts.crop_marks = 1; break;
		case O_URLNOTES: opts.url_notes = 1; break;
		case O_PAGELIST: page_list = 1; break;
		case O_THREADS:
			opts.threads = atoi(optarg);
			if (opts.threads < 1 || opts.threads > 64)
				return usage_error("bad thread count '%s'", optarg);
			break;
		case O_PLUGIN:
			if (dossier_load_plugin(optarg, &err) != 0) {
				fprintf(stderr, "dossier: %s\n", err.message);
				return EXIT_USAGE;
			}
			break;
		case O_NOCACHE: opts.cache_dir = ""; break;
		case 'q': opts.diag = quiet_diag; quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (nouts == 0)
		return usage_error("%s", "build needs at least one -o OUTPUT");
	const dossier_writer *to_writer = to ? dossier_writer_by_name(to) : NULL;
	if (to && !to_writer)
		return usage_error("unknown format '%s' (try 'dossier formats')", to);
	int to_stdout = 0;
	for (int i = 0; i < nouts; i++) {
		int dash = strcmp(outs[i].path, "-") == 0;
		to_stdout += dash;
		/* The extension wins; --to names the format of the rest. */
		outs[i].writer = dash ? NULL : dossier_writer_for_path(outs[i].path);
		if (!outs[i].writer)
			outs[i].writer = to_writer;
		if (!outs[i].writer)
			return usage_error(dash ? "%s: name the format of standard "
			    "output with --to (e.g. --to epub)" : "no format for "
			    "'%s' (try 'dossier formats', or --to)", outs[i].path);
	}
	if (to_stdout > 1)
		return usage_error("%s", "only one output can go to standard output");
	for (int i = 0; i < nouts; i++)
		if (strcmp(outs[i].path, "-") == 0 && isatty(STDOUT_FILENO) &&
		    strcmp(outs[i].writer->name, "json") != 0 &&
		    strcmp(outs[i].writer->name, "pandoc") != 0)
			return usage_error("not writing %s to a terminal "
			    "(redirect standard output)", outs[i].writer->name);
	int pdf = 0, epub = 0;
	for (int i = 0; i < nouts; i++) {
		pdf |= strcmp(outs[i].writer->name, "pdf") == 0;
		epub |= strcmp(outs[i].writer->name, "epub") == 0;
	}
	/* Only an EPUB shows the page map: without one it is not asked
	 * for (the PDF lays itself out). */
	page_list = epub && (page_list || pdf);

	progress prog;
	progress_init(&prog, quiet);
	opts.progress = progress_report;
	opts.progress_ctx = &prog;
	dossier_doc *doc = dossier_doc_new(&opts);
	int rc = read_all(doc, argv + optind, argc - optind);
	/* Each output stands on its own: one that fails (a full disk, a
	 * writer's error) is named, and the others are still written. */
	int failed = 0, written[32] = { 0 };
	if (rc == 0)
		rc = ask_page_map(doc, page_list, &prog);
	char *paths[32];
	for (int i = 0; i < nouts; i++)
		paths[i] = outs[i].path;
	for (int i = 0; rc == 0 && i < nouts; i++) {
		dossier_error err = { 0 };
		if (dossier_render(doc, outs[i].path, outs[i].writer->name,
		    &err) != 0) {
			progress_clear(&prog);
			fprintf(stderr, "dossier: %s\n", err.message);
			if (!strstr(err.message, strcmp(outs[i].path, "-") ?
			    outs[i].path : "standard output"))
				fprintf(stderr, "dossier: %s: not written\n",
				    outs[i].path);
			failed = failed ? failed : exit_for(&err);
		} else {
			written[i] = 1;
		}
	}
	if (rc == 0)
		progress_summary(&prog, doc, paths, written, nouts);
	if (rc == 0)
		rc = failed;
	dossier_doc_free(doc);
	return rc;
}

static int cmd_formats(void)
{
	const dossier_writer *w;
	for (size_t i = 0; (w = dossier_writer_at(i)); i++)
		printf("%-6s .%s\n", w->name, w->extension);
	return 0;
}

int main(int argc, char **argv)
{
	/* A run is short and allocates in bursts. Memory handed back to the
	 * kernel (large blocks unmapped, the heap trimmed) costs a TLB flush
	 * on each core the threads ran on, and is asked for again a moment
	 * later: keep it (0.7 ms of a 7 ms EPUB; the 1,000-article peak is
	 * unchanged). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	if (argc < 2)
		return usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("dossier %s\n", DOSSIER_VERSION);
		return 0;
	}
	if (strcmp(cmd, "tree") == 0)
		return cmd_tree(argc - 1, argv + 1);
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(cmd, "formats") == 0)
		return cmd_formats();
	return usage_error("unknown command '%s'", cmd);
}
