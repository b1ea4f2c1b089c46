#!/usr/bin/env bash
# tests/bench/10-parse.sh: the reader: `dossier tree --json` on the five seed
# files and on the 1,000-article corpus (tests/bench/gen-corpus.sh). Prints
# the best wall time of several runs and the peak memory beside the input
# size.
set -u
. "$(dirname "$0")/lib.sh"

seeds=corpus
big=$BENCH_DIR/corpus1000

# The fixed cost of starting the program and its libraries, for scale.
measure 10 "$DOSSIER" --version
row parse "startup" 0

measure 10 "$DOSSIER" tree --json -q "$seeds" ||
    echo "# parse of $seeds failed" >&2
row parse "seeds(5)" "$(size_of "$seeds")"

measure 5 "$DOSSIER" tree --json -q "$big" ||
    echo "# parse of $big failed" >&2
row parse "articles(1000)" "$(size_of "$big")"

# The real pages with their sites around them (../shared/realworld), when
# this checkout sits in the project's workspace: the block classifier's
# cost on the input it was made for.
rw=../shared/realworld/txt
if [ -d "$rw" ]; then
	measure 3 "$DOSSIER" tree --json -q "$rw" ||
	    echo "# parse of $rw failed" >&2
	row parse "realworld(990)" "$(size_of "$rw")"
fi
