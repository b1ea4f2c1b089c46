#!/usr/bin/env bash
# The cache of covers, fonts' coverage and font subsets (src/write/epub/cache.h),
# the last as the container stores them, compressed: a build from the
# cache is byte-identical to a fresh one; a damaged, unwritable or full
# cache is never wrong bytes, never an error.
set -u
. "$(dirname "$0")/../report.sh"
suite_tmp
export SOURCE_DATE_EPOCH=1424433600
c=$out/cache

build() {	# cache dir, output, extra options...
	local dir=$1 o=$2
	shift 2
	DOSSIER_CACHE_DIR=$dir "$D" build -q "$@" -o "$o" corpus
}

build off "$out/fresh.epub"
build "$c" "$out/cold.epub"
build "$c" "$out/warm.epub"
check "cache: a build from the cache is byte-identical to a fresh one" \
    cmp -s "$out/fresh.epub" "$out/warm.epub"
check "cache: the first build with an empty cache too" \
    cmp -s "$out/fresh.epub" "$out/cold.epub"
check "cache: it holds the cover, what the faces cover, and the font subsets" \
    test "$(ls "$c" | grep -c '\.cover\.png$')" = 1 -a \
         "$(ls "$c" | grep -c '\.coverage$')" = 2 -a \
         "$(ls "$c" | grep -c '\.font$')" -ge 4
check "cache: --no-cache writes nothing to it" sh -c \
    "rm -rf '$out/c2' && DOSSIER_CACHE_DIR='$out/c2' '$D' build -q --no-cache \
     -o '$out/nc.epub' corpus && [ ! -e '$out/c2' ] && cmp -s '$out/nc.epub' '$out/fresh.epub'"

subsets=$(ls "$c" | grep -c '\.font$')

# Damage: every entry cut short or with a byte flipped is a miss.
for f in "$c"/*; do
	case $f in
	*.cover.png) truncate -s 100 "$f" ;;
	*) printf '\x55' | dd of="$f" bs=1 seek=200 conv=notrunc status=none ;;
	esac
done
build "$c" "$out/damaged.epub"
check "cache: damaged entries are made again, not used" \
    cmp -s "$out/fresh.epub" "$out/damaged.epub"
build "$c" "$out/repaired.epub"
check "cache: and replaced" cmp -s "$out/fresh.epub" "$out/repaired.epub"

# What the cover shows is in its key: another title, another cover; and
# its letters (ŧ is in no seed) are in the key of the font subsets.
T="Another <title> & more: Überwachung ŧ"
build off "$out/t-fresh.epub" --title "$T"
build "$c" "$out/t-cached.epub" --title "$T"
build "$c" "$out/t-warm.epub" --title "$T"
check "cache: another title finds another cover and other subsets" sh -c \
    "cmp -s '$out/t-fresh.epub' '$out/t-cached.epub' &&
     cmp -s '$out/t-fresh.epub' '$out/t-warm.epub' &&
     ! cmp -s '$out/t-fresh.epub' '$out/fresh.epub'"
check "cache: two covers in the cache, and more subsets" \
    test "$(ls "$c" | grep -c '\.cover\.png$')" = 2 -a \
         "$(ls "$c" | grep -c '\.font$')" -gt "$subsets"

# A cache that cannot be written: a file where the folder should be.
: > "$out/notadir"
err=$(build "$out/notadir/sub" "$out/ro.epub" 2>&1); rc=$?
check "cache: an unwritable cache is silent and harmless" sh -c \
    "[ $rc = 0 ] && [ -z '$err' ] && cmp -s '$out/ro.epub' '$out/fresh.epub'"

# A full cache keeps its newest entries and nothing but its own files.
p=$out/prune
mkdir -p "$p"
for i in $(seq 1 700); do
	printf 'x' > "$p/$(printf '%064x' "$i").font"
done
touch -d '2001-01-01' "$p"/*
echo keep > "$p/notes.txt"
build "$p" "$out/p.epub"
n=$(ls "$p" | grep -c '^[0-9a-f]\{64\}\.')
check "cache: a full cache is pruned to its newest entries ($n left)" sh -c \
    "[ $n -le 460 ] && [ -f '$p/notes.txt' ] &&
     [ \$(ls '$p' | grep -c 'cover\.png\$') = 1 ]"
# Fontconfig's own cache of fonts/ (not ours): with SOURCE_DATE_EPOCH set,
# a second build must find it valid, not read every font again (the
# Makefile sets the folder's time back for that; FC_DEBUG=16 shows it).
build off "$out/fc1.epub"
n=$(FC_DEBUG=16 DOSSIER_CACHE_DIR=off "$D" build -q -o "$out/fc2.epub" \
    corpus 2>&1 | grep -c FcDirCacheWrite)
check "cache: fontconfig's cache of fonts/ stays valid under SOURCE_DATE_EPOCH" \
    test "$n" = 0
# The cover's key is made from what the cover shows (cover_input,
# src/write/epub/epub.h): two books that differ in one drawn value alone
# get two covers, from a cache that holds the first book's; each as a
# fresh build would draw it.
kc=$out/keycache
build "$kc" "$out/k0.epub" --editor 'Ann Editor' --subtitle 'Sub one' --title 'Title one'
for v in "editor|--editor|Bob Editor" "subtitle|--subtitle|Sub two" \
    "title|--title|Title two" "language (its words)|--lang|de"; do
	name=${v%%|*}; rest=${v#*|}; opt=${rest%%|*}; val=${rest#*|}
	args=(--editor 'Ann Editor' --subtitle 'Sub one' --title 'Title one' "$opt" "$val")
	build "$kc" "$out/k1.epub" "${args[@]}"
	build off "$out/k2.epub" "${args[@]}"
	check "cache: another $name is another cover, as a fresh build draws it" bash -c \
	    "! cmp -s <(unzip -p '$out/k0.epub' OEBPS/cover.png) <(unzip -p '$out/k1.epub' OEBPS/cover.png) &&
	     cmp -s <(unzip -p '$out/k1.epub' OEBPS/cover.png) <(unzip -p '$out/k2.epub' OEBPS/cover.png)"
done
SOURCE_DATE_EPOCH=1524433600 build "$kc" "$out/k1.epub" --editor 'Ann Editor' --subtitle 'Sub one' --title 'Title one'
check "cache: another date is another cover" bash -c \
    "! cmp -s <(unzip -p '$out/k0.epub' OEBPS/cover.png) <(unzip -p '$out/k1.epub' OEBPS/cover.png)"
# Fewer articles: other counts and other cover lines.
DOSSIER_CACHE_DIR=$kc "$D" build -q --editor 'Ann Editor' --subtitle 'Sub one' \
    --title 'Title one' -o "$out/k1.epub" $(ls corpus/*.txt | head -3)
check "cache: other articles (counts, cover lines) are another cover" bash -c \
    "! cmp -s <(unzip -p '$out/k0.epub' OEBPS/cover.png) <(unzip -p '$out/k1.epub' OEBPS/cover.png)"
exit 0
