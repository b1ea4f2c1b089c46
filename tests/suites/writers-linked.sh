#!/usr/bin/env bash
# One loader (README, "One loader"): the EPUB and PDF writers are linked
# into the library and the program; only plugins are loaded at run time,
# through the public interface (tests/suites/plugin.sh).
set -u
D=${DOSSIER:-bin/dossier}
B=${DOSSIER_BIN:-$D}	# the binary, when $D is a valgrind wrapper
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=$out/cache

. "$(dirname "$0")/../report.sh"

# The writers' libraries are the program's own: nothing to find at run time.
linked=$(ldd "$B" | grep -E -o 'lib(zip|cairo|pangocairo[a-z0-9.-]*|harfbuzz-subset)\.so' | sort -u | wc -l)
check "writers: the program links the EPUB's and the PDF's libraries" sh -c "[ $linked = 4 ]"

# A copy of the program beside its data alone (no build tree, no module
# folder) writes every format.
t=$out/copy
mkdir -p "$t/bin"
cp "$B" "$t/bin/dossier"
ln -s "$PWD/styles" "$t/styles"
ln -s "$PWD/fonts" "$t/fonts"
check "writers: a copy of the program with only styles/ and fonts/ writes every format" sh -c \
    "'$t/bin/dossier' build -q -o '$out/a.epub' -o '$out/a.pdf' -o '$out/a.layout' -o '$out/a.json' corpus &&
     [ -s '$out/a.epub' ] && [ -s '$out/a.pdf' ] && [ -s '$out/a.layout' ] && [ -s '$out/a.json' ]"
check "writers: the copy's outputs are the program's" sh -c \
    "'$D' build -q -o '$out/b.epub' -o '$out/b.pdf' corpus &&
     cmp -s '$out/a.epub' '$out/b.epub' && cmp -s '$out/a.pdf' '$out/b.pdf'"

# The cache keys what it keeps by the code that made it (the loaded
# objects' build ids, src/write/epub/cache.c): another program is another
# key, the same program finds its own entries.
rm -rf "$out/cache"
"$D" build -q -o "$out/c1.epub" corpus
n1=$(ls "$out/cache" | wc -l)
"$D" build -q -o "$out/c2.epub" corpus
n2=$(ls "$out/cache" | wc -l)
check "writers: the same program finds its cached cover and subsets" sh -c \
    "[ $n1 -gt 0 ] && [ $n1 = $n2 ] && cmp -s '$out/c1.epub' '$out/c2.epub'"
o=$t/bin/other
if objcopy --remove-section .note.gnu.build-id "$B" "$o" 2>/dev/null; then
	chmod +x "$o"
	"$o" build -q -o "$out/c3.epub" corpus
	n3=$(ls "$out/cache" | wc -l)
	check "writers: a program of other bytes (no build id: its path, size, time) makes its own entries" sh -c \
	    "[ $n3 -gt $n2 ] && cmp -s '$out/c1.epub' '$out/c3.epub'"
else
	skip "writers: a program of other bytes makes its own entries" "no objcopy"
fi

# The module loader's variable is gone: nothing points code loading elsewhere.
mkdir -p "$out/evil"
check "writers: DOSSIER_MODULE_DIR plays no part" sh -c \
    "DOSSIER_MODULE_DIR='$out/evil' '$D' build -q -o '$out/w.pdf' corpus && [ -s '$out/w.pdf' ]"
exit 0
