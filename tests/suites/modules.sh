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

# The modules are loaded only from the installation's own folder, found
# from where the program is (src/lib/paths.c): copies of the program in
# scratch trees stand for installations that lack one or the other.
root=$(cd "$(dirname "$B")/.." && pwd)
case $B in
*-asan) build=build-asan ;;
*-tsan) build=build-tsan ;;
*) build=build ;;
esac
moddir=$root/$build/modules
# tree NAME MODULE...: a checkout-shaped tree with the program, the data
# and only the modules named.
tree() {
	t=$out/$1; shift
	mkdir -p "$t/bin" "$t/$build/modules"
	cp "$B" "$t/bin/dossier"
	ln -s "$root/styles" "$t/styles"
	ln -s "$root/fonts" "$t/fonts"
	# Copies: a module finds the other beside its real file.
	for m in "$@"; do cp "$moddir/$m.so" "$t/$build/modules/$m.so"; done
}
tree none
tree epubonly epub typeset
none=$out/none/bin/dossier
epubonly=$out/epubonly/bin/dossier

"$D" tree --json corpus > "$out/with.json" 2>&1
check "modules: tree --json runs without the modules, same bytes" sh -c \
    "'$none' tree --json corpus > '$out/without.json' &&
     cmp -s '$out/with.json' '$out/without.json'"

# The cache is keyed by the fonts' paths: the tree warms it with both
# modules, then loses the typesetting one.
"$epubonly" build -q -o "$out/first.epub" corpus
rm "$out/epubonly/$build/modules/typeset.so"
check "modules: an EPUB whose cover and fonts are cached needs no typesetting module" sh -c \
    "'$epubonly' build -q -o '$out/cached.epub' corpus &&
     cmp -s '$out/first.epub' '$out/cached.epub'"
msg=$("$none" build -q -o "$out/z.epub" corpus 2>&1)
rc=$?
check "modules: an EPUB without its module fails, naming it" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'epub.so: cannot load the epub module' &&
     [ -z \"\$(ls '$out' | grep z.epub)\" ]" _ "$msg"

msg=$("$none" build -q -o "$out/x.pdf" corpus 2>&1)
rc=$?
check "modules: a PDF without the module fails, naming it and the fix" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'typeset.so: cannot load the typeset module (run .make.' &&
     [ -z \"\$(ls '$out' | grep x.pdf)\" ]" _ "$msg"

msg=$("$epubonly" build -q --no-cache -o "$out/x.epub" corpus 2>&1)
rc=$?
check "modules: a new cover without the typesetting module fails, no EPUB left" sh -c \
    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'typeset.so' &&
     [ -z \"\$(ls '$out' | grep x.epub)\" ]" _ "$msg"

# No variable points the loader elsewhere: the one that did is ignored.
mkdir -p "$out/evil"
check "modules: DOSSIER_MODULE_DIR is not a way to load code" sh -c \
    "DOSSIER_MODULE_DIR='$out/evil' '$D' build -q -o '$out/w.pdf' corpus && [ -s '$out/w.pdf' ]"

# A shared object that is not our module (the test plugin): refused.
if [ -f build/plugins/plaintext.so ]; then
	tree other
	cp build/plugins/plaintext.so "$out/other/$build/modules/typeset.so"
	msg=$("$out/other/bin/dossier" build -q -o "$out/y.pdf" corpus 2>&1)
	rc=$?
	check "modules: a module from other sources is refused" sh -c \
	    "[ $rc != 0 ] && printf '%s' \"\$1\" | grep -q 'from other sources'" _ "$msg"
else
	skip "modules: a module from other sources is refused" "no test plugin"
fi
exit 0
