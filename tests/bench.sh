#!/usr/bin/env bash
# tests/bench.sh: `make bench`. Generates the benchmark corpus, then runs
# every tests/bench/[0-9]*.sh in order; each prints rows of time and peak
# memory beside the input size. Nothing is asserted: it measures.
#
# Environment: DOSSIER (default bin/dossier), BENCH_DIR (default build/bench),
# BENCH=GLOB to run only the matching scripts (`make bench BENCH='*parse*'`).
set -u

cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C.UTF-8
export DOSSIER=${DOSSIER:-bin/dossier}
export BENCH_DIR=${BENCH_DIR:-build/bench}
mkdir -p "$BENCH_DIR"
# The benchmark's own cache of covers and font subsets (src/write/epub/cache.h),
# emptied here: each script says which of its runs find it warm.
export DOSSIER_CACHE_DIR=$PWD/$BENCH_DIR/cache
rm -rf "$DOSSIER_CACHE_DIR"

if [ ! -x "$DOSSIER" ]; then
	echo "tests/bench.sh: $DOSSIER is not built (run make)" >&2
	exit 1
fi
tests/bench/gen-corpus.sh || exit 1

echo "# dossier $("$DOSSIER" --version | awk '{ print $2 }'), $(nproc) cores," \
    "best of several runs; memory is peak resident set size"
rc=0
for b in tests/bench/[0-9]*.sh; do
	[ -f "$b" ] || continue
	# shellcheck disable=SC2254
	case $b in ${BENCH:-*}) ;; *) continue ;; esac
	bash "$b" || rc=1
done
exit $rc
