#!/usr/bin/env bash
# tests/bench/20-epub.sh: the EPUB writer, side by side with pandoc making
# an EPUB of the same text files (read as Markdown), on the five seed files
# and on the 1,000-article corpus (tests/bench/gen-corpus.sh). Then the
# choices inside the writer, on the 1,000 articles: the deflate level
# ($DOSSIER_EPUB_DEFLATE) and the number of threads (--threads), with the
# size of the EPUB each gives. Time is the whole run: reading included.
#
# BENCH_PANDOC=0 leaves pandoc out (it needs about a minute and 1.5 GB).
set -u
. "$(dirname "$0")/lib.sh"

seeds=corpus
big=$BENCH_DIR/corpus1000
out=$BENCH_DIR/epub
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1424433600

size_kb() { awk -v b="$(stat -c %s "$1" 2>/dev/null || echo 0)" \
    'BEGIN { printf "%.0f KB", b / 1024 }'; }

# measure runs its command through /usr/bin/time: no shell functions.
PANDOC=(pandoc -f markdown -t epub3 --metadata title=Dossier)

echo "# EPUB of the five seed articles ($(size_of "$seeds") bytes), best of 20 runs"
# The whole process. Starting it is a large part of a small book's time:
# the command links every writer's libraries (README, "One loader"). The
# cover and the font subsets come from the cache when the same book was
# made before (src/write/epub/cache.h); --no-cache makes them anew on
# every run, as the first build of a new book does.
nlibs=$(ldd "$DOSSIER" | wc -l)
measure_ms 20 "$DOSSIER" --version
row_ms epub "process start" "dossier --version: $nlibs shared objects"
measure_ms 20 "$DOSSIER" build -q --no-cache -o "$out/seeds.epub" "$seeds" ||
    echo "# dossier EPUB of $seeds failed" >&2
row_ms epub "seeds(5) no cache" "--no-cache: fonts measured, cover and subsets made"
# A book this machine has not made before: its cover and font subsets are
# new, what each font covers is in the cache (any earlier book left it).
# Each run gets a cache of that alone, copied outside the timing.
"$DOSSIER" build -q -o "$out/seeds.epub" "$seeds"
fresh=$BENCH_DIR/cache-new
t=()
for ((i = 0; i < 20; i++)); do
	rm -rf "$fresh" && mkdir -p "$fresh" &&
	    cp "$DOSSIER_CACHE_DIR"/*.coverage "$fresh"/
	t0=${EPOCHREALTIME/[.,]/}
	DOSSIER_CACHE_DIR=$fresh "$DOSSIER" build -q -o "$out/seeds.epub" \
	    "$seeds" || echo "# dossier EPUB of $seeds failed" >&2
	t1=${EPOCHREALTIME/[.,]/}
	t+=($((t1 - t0)))
done
rm -rf "$fresh"
ms_of "${t[@]}"
row_ms epub "seeds(5) new book" "cover and subsets made (font coverage cached)"
measure_ms 20 "$DOSSIER" build -q -o "$out/seeds.epub" "$seeds"
row_ms epub "seeds(5) again" "cover and subsets from the cache"
if [ -x "$BENCH_DIR/render" ]; then
	echo "# the same inside one process (tests/bench/render.c): the read," \
	    "then the writer alone"
	"$BENCH_DIR/render" -n 30 --no-cache "$seeds" "$out/seeds-ip.epub" |
	    sed 's/^render  /render --no-cache/'
	"$BENCH_DIR/render" -n 30 "$seeds" "$out/seeds-ip.epub" | sed 1d
	rm -f "$out/seeds-ip.epub"
fi
if [ "${BENCH_PANDOC:-1}" != 0 ] && command -v pandoc > /dev/null; then
	measure_ms 3 "${PANDOC[@]}" -o "$out/seeds-pandoc.epub" "$seeds"/*.txt ||
	    echo "# pandoc EPUB of $seeds failed" >&2
	row_ms pandoc "seeds(5)" "pandoc -t epub3, same files as Markdown"
fi

echo "# EPUB: dossier and pandoc on the same text files"
measure 5 "$DOSSIER" build -q -o "$out/big.epub" "$big" ||
    echo "# dossier EPUB of $big failed" >&2
row epub "articles(1000)" "$(size_of "$big")"
if [ "${BENCH_PANDOC:-1}" != 0 ] && command -v pandoc > /dev/null; then
	measure 1 "${PANDOC[@]}" -o "$out/big-pandoc.epub" "$big"/*.txt ||
	    echo "# pandoc EPUB of $big failed" >&2
	row pandoc "articles(1000)" "$(size_of "$big")"
fi
echo "# EPUB sizes: dossier $(size_kb "$out/big.epub")," \
    "pandoc $(size_kb "$out/big-pandoc.epub") (1,000 articles)"

echo "# EPUB of 1,000 articles: deflate level and threads"
for level in 0 1 3 6 9 12; do
	measure 3 env DOSSIER_EPUB_DEFLATE=$level "$DOSSIER" build -q \
	    -o "$out/level$level.epub" "$big"
	row epub "deflate $level" "$(size_of "$big")" | tr -d '\n'
	echo "   epub $(size_kb "$out/level$level.epub")"
done
for threads in 1 2 4; do
	measure 3 "$DOSSIER" build -q --threads "$threads" \
	    -o "$out/threads$threads.epub" "$big"
	row epub "threads $threads" "$(size_of "$big")"
done
rm -f "$out"/level*.epub "$out"/threads*.epub
