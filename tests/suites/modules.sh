#!/usr/bin/env bash
# The writers' modules (src/lib/modules.h): the command links neither
# libzip and libxml2 (the EPUB module's) nor Cairo, Pango or HarfBuzz (the
# typesetting module's); what needs no module runs without it; what needs
# one and cannot have it fails clearly and leaves no output behind.
set -u
D=${DOSSIER:-bin/dossier}
B=${DOSSIER_BIN:-$D}	# the binary, when $D is a valgrind wrapper
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=$out/cache

. "$(dirname "$0")/../report.sh"

linked=$(ldd "$B" | grep -E -o 'lib(zip|xml2|cairo|pango[a-z0-9-]*|harfbuzz[a-z-]*|fontconfig|freetype|hyphen)\.so' | sort -u | tr '\n' ' ')
check "modules: the command links no writer's library${linked:+ (links $linked)}" \
    sh -c "ldd '$B' > /dev/null && [ -z '$linked' ]"

none=$out/none	# a module folder without the module
"$D" tree --json corpus > "$out/with.json" 2>&1
check "modules: tree --json runs without the module, same bytes" sh -c \
    "DOSSIER_MODULE_DIR='$none' '$D' tree --json corpus > '$out/without.json' &&
     cmp -s '$out/with.json' '$out/without.json'"

# The EPUB module alone, from the binary's own build.
root=$(cd "$(dirname "$B")/.." && pwd)
case $B in
*-asan) moddir=$root/build-asan/modules ;;
*-tsan) moddir=$root/build-tsan/modules ;;
*) moddir=$root/build/modules ;;
esac
epubonly=$out/epubonly
mkdir -p "$epubonly"
ln -s "$moddir/epub.so" "$epubonly/epub.so"
"$D" build -q -o "$out/first.epub" corpus
check "modules: an EPUB whose cover and fonts are cached needs no typesetting module" sh -c \
    "DOSSIER_MODULE_DIR='$epubonly' '$D' build -q -o '$out/cached.epub' corpus &&
     cmp -s '$out/first.epub' '$out/cached.epub'"
msg=$(DOSSIER_MODULE_DIR=$none "$D" build -q -o "$out/z.epub" corpus 2>&1)
rc=$?
check "modules: an EPUB without its module fails, naming it" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'none/epub.so: cannot load the epub module (run .make.)' &&
     [ -z \"\$(ls '$out' | grep z.epub)\" ]" _ "$msg"

msg=$(DOSSIER_MODULE_DIR=$none "$D" build -q -o "$out/x.pdf" corpus 2>&1)
rc=$?
check "modules: a PDF without the module fails, naming it and the fix" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'none/typeset.so: cannot load the typeset module (run .make.)' &&
     [ -z \"\$(ls '$out' | grep x.pdf)\" ]" _ "$msg"

msg=$(DOSSIER_MODULE_DIR=$epubonly "$D" build -q --no-cache -o "$out/x.epub" corpus 2>&1)
rc=$?
check "modules: a new cover without the typesetting module fails, no EPUB left" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'typeset.so' &&
     [ -z \"\$(ls '$out' | grep x.epub)\" ]" _ "$msg"

# A shared object that is not our module (the test plugin): refused.
if [ -f build/plugins/plaintext.so ]; then
	mkdir -p "$out/other"
	cp build/plugins/plaintext.so "$out/other/typeset.so"
	msg=$(DOSSIER_MODULE_DIR=$out/other "$D" build -q -o "$out/y.pdf" corpus 2>&1)
	rc=$?
	check "modules: a module from other sources is refused" sh -c \
	    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'from other sources'" _ "$msg"
else
	skip "modules: a module from other sources is refused" "no test plugin"
fi
exit 0
