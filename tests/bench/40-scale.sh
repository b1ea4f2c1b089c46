#!/usr/bin/env bash
# tests/bench/40-scale.sh: peak memory at 10,000 articles (the five seed
# files repeated 2,000 times, about 98 MB: tests/bench/gen-corpus.sh with
# COPIES=2000), one run each, beside the tree alone: the EPUB, the PDF and
# both in one run, as `dossier build` makes them from a folder. The goal
# (issue 15) is memory that does not grow with the book: under 150 MB for
# each. Each row takes minutes (the PDF about 2 on two idle cores).
#
# BENCH_SCALE=0 skips it; BENCH_SCALE_COPIES=N makes 5*N articles instead.
set -u
. "$(dirname "$0")/lib.sh"

[ "${BENCH_SCALE:-1}" = 0 ] && exit 0
copies=${BENCH_SCALE_COPIES:-2000}
n=$((5 * copies))
big=$BENCH_DIR/corpus$n
COPIES=$copies CORPUS_DIR=$big "$(dirname "$0")/gen-corpus.sh" || exit 1
out=$BENCH_DIR/scale
mkdir -p "$out"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
bytes=$(size_of "$big")

echo "# $n articles: peak memory of one run (goal: under 150 MB each)"
measure 1 "$DOSSIER" tree --json -q "$big" || echo "# tree of $big failed" >&2
row tree "articles($n)" "$bytes"
measure 1 "$DOSSIER" build -q -o "$out/book.epub" "$big" ||
    echo "# EPUB of $big failed" >&2
row epub "articles($n)" "$bytes"
measure 1 "$DOSSIER" build -q -o "$out/book.pdf" "$big" ||
    echo "# PDF of $big failed" >&2
row pdf "articles($n)" "$bytes"
measure 1 "$DOSSIER" build -q -o "$out/both.epub" -o "$out/both.pdf" "$big" ||
    echo "# EPUB and PDF of $big failed" >&2
row both "articles($n)" "$bytes"
