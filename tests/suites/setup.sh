#!/usr/bin/env bash
# Setup and installation (README "Quick start", `make install`): a machine
# without the libraries gets a clear message at once and nothing installed
# behind its back; `make install` into a scratch prefix gives a program, a
# library, a pkg-config file, man pages and a completion that work after
# the checkout is gone; `make uninstall` removes all of it; a built
# checkout that is moved still writes every format.
set -u
. "$(dirname "$0")/../report.sh"
suite_tmp
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=$out/cache
root=$PWD
T=$(( 60 * ${TIMEOUT_SCALE:-1} ))

# A package manager that records what it is asked to do, in front of the
# real one: nothing here may install anything.
mkdir -p "$out/fake" "$out/empty"
for c in apt-get apt sudo; do
	printf '#!/bin/sh\necho "%s $*" >> "%s/installs"\nexit 1\n' "$c" "$out" > "$out/fake/$c"
	chmod +x "$out/fake/$c"
done
printf '#!/bin/sh\n[ "$1" = show ] && [ "$3" = dossier-no-such-package ] && exit 100\nexec /usr/bin/apt-cache "$@"\n' > "$out/fake/apt-cache"
chmod +x "$out/fake/apt-cache"
nopkg() { PATH=$out/fake:$PATH PKG_CONFIG_LIBDIR=$out/empty "$@"; }

start=$SECONDS
msg=$(nopkg timeout "$T" make --no-print-directory BUILD="$out/b" all 2>&1)
rc=$? took=$((SECONDS - start))
check "setup: make all without the libraries stops at once (${took} s), naming them" sh -c \
    "[ $rc != 0 ] && [ $rc != 124 ] && [ $took -lt 30 ] &&
     printf '%s' \"\$1\" | grep -q 'cannot build: missing: glib-2.0' &&
     printf '%s' \"\$1\" | grep -q 'sudo apt-get install -y --no-install-recommends libglib2.0-dev'" _ "$msg"

nopkg timeout "$T" make --no-print-directory BUILD="$out/b" help > "$out/help" 2>&1
rc=$?
nopkg timeout "$T" make --no-print-directory -n BUILD="$out/b" > /dev/null 2>&1
check "setup: make help and make -n read the Makefile and install nothing" sh -c \
    "[ $rc = 0 ] && grep -q 'make install' '$out/help' && [ ! -e '$out/installs' ]"

# src/build/deps.sh is what `make deps` and `make dossier` run.
msg=$(PATH=$out/fake:$PATH timeout "$T" src/build/deps.sh make dossier-no-such-package 2>&1)
rc=$?
if [ "$(id -u)" = 0 ]; then
	check "setup: a package apt does not have is named, nothing installed" sh -c \
	    "[ $rc = 1 ] && printf '%s' \"\$1\" | grep -q 'apt cannot install: dossier-no-such-package' &&
	     ! grep -q 'apt-get install' '$out/installs'" _ "$msg"
	if command -v runuser > /dev/null; then
		# The script on standard input: the checkout may be where
		# nobody cannot read (/root).
		msg=$(cd / && runuser -u nobody -- timeout "$T" sh -s make \
		    dossier-no-such-package < "$root/src/build/deps.sh" 2>&1)
		rc=$?
		check "setup: another user gets the one sudo line and a failure" sh -c \
		    "[ $rc = 1 ] && printf '%s' \"\$1\" | grep -qx '  sudo apt-get install -y --no-install-recommends dossier-no-such-package'" _ "$msg"
	else
		skip "setup: another user gets the one sudo line and a failure" "no runuser"
	fi
else
	check "setup: another user gets the one sudo line and a failure" sh -c \
	    "[ $rc = 1 ] && printf '%s' \"\$1\" | grep -qx '  sudo apt-get install -y --no-install-recommends dossier-no-such-package'" _ "$msg"
fi
check "setup: packages already there: deps.sh does nothing" sh -c \
    "PATH='$out/fake':\$PATH src/build/deps.sh make && ! grep -q 'make' '$out/installs' 2>/dev/null"

# ---- a built checkout, moved, then installed from and deleted ----
if [ -n "${VALGRIND:-}" ] || [ "${D##*/}" != dossier ]; then
	skip "setup: install and relocation" "only for the plain build"
	exit 0
fi
clone=$out/clone
mkdir -p "$clone"
tar -C "$root" --exclude=./build/test-work --exclude=./.git --exclude=./out \
    --exclude='./build-*' -cf - . | tar -C "$clone" -xf -
mkdir -p "$out/w"
cp -r corpus "$out/w/corpus"
cd "$out/w" || exit 1
check "setup: a moved checkout still builds every format" sh -c \
    "'$clone/bin/dossier' build -q -o m.epub -o m.pdf -o m.json -o m.layout corpus &&
     [ -s m.epub ] && [ -s m.pdf ] && [ -s m.json ] && [ -s m.layout ]"

p=$out/prefix
make --no-print-directory -C "$clone" install PREFIX="$p" > "$out/install.log" 2>&1
rc=$?
rm -rf "$clone"
check "setup: make install PREFIX=... installs" sh -c "[ $rc = 0 ]" || cat "$out/install.log"
check "setup: the installed files" sh -c "cd '$p' && ls bin/dossier lib/libdossier.so lib/libdossier.a \
    include/dossier.h lib/pkgconfig/dossier.pc \
    share/dossier/styles/default.css share/dossier/fonts/fonts.conf share/dossier/fonts/NotoSerif-Regular.ttf \
    share/dossier/pandoc/dossier.lua share/dossier/pandoc/comments.lua share/dossier/calibre/dossier-input.zip \
    share/man/man1/dossier.1 share/man/man3/dossier.3 share/bash-completion/completions/dossier > /dev/null"
check "setup: libdossier.so has a soname and a version" sh -c \
    "readelf -d '$p/lib/libdossier.so' | grep -q 'SONAME.*libdossier.so.0]' && [ -L '$p/lib/libdossier.so.0' ] && [ -f '$p/lib/libdossier.so.0.1.0' ]"
check "setup: the installed program works from another folder after the checkout is deleted" sh -c \
    "'$p/bin/dossier' build -q -o x.epub -o x.pdf corpus && [ -s x.epub ] && [ -s x.pdf ] &&
     pdfinfo x.pdf > /dev/null 2>&1 || [ -s x.pdf ]"
check "setup: nothing of the build tree is compiled in" sh -c \
    "for f in '$p/bin/dossier' '$p/lib/libdossier.so.0.1.0'; do
       for s in .rodata .data; do readelf -p \$s \"\$f\" 2>/dev/null | grep -q '$clone' && { echo \"\$f \$s\"; exit 1; }; done
     done; exit 0"

cat > prog.c <<'C'
/* Reads a corpus and writes an EPUB through the installed library. */
#include <dossier.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	dossier_options opts = { .title = "From a program" };
	dossier_error err = { 0 };
	dossier_doc *doc = dossier_doc_new(&opts);
	for (int i = 2; i < argc; i++)
		if (dossier_read_path(doc, argv[i], &err) != 0)
			goto fail;
	dossier_doc_finish(doc);
	if (dossier_render(doc, argv[1], NULL, &err) != 0)
		goto fail;
	dossier_doc_free(doc);
	return 0;
fail:
	fprintf(stderr, "%s\n", err.message);
	dossier_doc_free(doc);
	return 1;
}
C
export PKG_CONFIG_PATH=$p/lib/pkgconfig
check "setup: a C program built with pkg-config --cflags --libs dossier writes an EPUB" sh -c \
    "cc -o prog prog.c \$(pkg-config --cflags --libs dossier) &&
     LD_LIBRARY_PATH='$p/lib' ./prog y.epub corpus && unzip -l y.epub | grep -q content.opf"
check "setup: linked statically (libdossier.a, pkg-config --static)" sh -c \
    "cc -o prog-static prog.c \$(pkg-config --cflags dossier) '$p/lib/libdossier.a' \
       \$(pkg-config --static --libs dossier | sed 's/-ldossier//') &&
     ./prog-static z.epub corpus && unzip -l z.epub | grep -q content.opf"
if command -v man > /dev/null; then
	check "setup: man -l shows dossier(1) and dossier(3)" sh -c \
	    "MANPAGER=cat man -l '$p/share/man/man1/dossier.1' 2>&1 | grep -q 'dossier build' &&
	     MANPAGER=cat man -l '$p/share/man/man3/dossier.3' 2>&1 | grep -q 'dossier_render'"
else
	skip "setup: man -l shows dossier(1) and dossier(3)" "no man"
fi
check "setup: the bash completion completes the commands" bash -c \
    ". '$p/share/bash-completion/completions/dossier'; COMP_WORDS=(dossier bu); COMP_CWORD=1;
     _dossier; [ \"\${COMPREPLY[*]}\" = build ]"
cd "$root" || exit 1
make --no-print-directory uninstall PREFIX="$p" > /dev/null 2>&1
left=$(find "$p" ! -type d | head -5)
check "setup: make uninstall leaves nothing behind${left:+ ($left)}" sh -c \
    "[ -z '$left' ] && [ ! -d '$p/lib/dossier' ] && [ ! -d '$p/share/dossier' ]"
exit 0
