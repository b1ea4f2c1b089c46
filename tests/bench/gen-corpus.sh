#!/usr/bin/env bash
# tests/bench/gen-corpus.sh: write the benchmark corpus: the five seed files
# of corpus/ repeated 200 times (1,000 articles, about 10 MB) into
# ${BENCH_DIR:-build/bench}/corpus1000/ (COPIES and CORPUS_DIR for another
# size and folder: tests/bench/40-scale.sh writes 10,000). Each copy gets a varied title so that
# no two articles are the same; 004 has no title line, so its copies vary the
# end of their second paragraph instead. Run from the repository root.
set -u

SEEDS=${SEEDS:-corpus}
COPIES=${COPIES:-200}
DIR=${CORPUS_DIR:-${BENCH_DIR:-build/bench}/corpus1000}

# Up to date already?
if [ -f "$DIR/.done" ] && [ "$(cat "$DIR/.done")" = "$COPIES" ] &&
    [ -z "$(find "$SEEDS" -newer "$DIR/.done" -name '*.txt')" ]; then
	exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"

for seed in "$SEEDS"/*.txt; do
	base=$(basename "$seed" .txt)
	# The line that carries the title: the first non-empty line, or the
	# one after a kicker line such as "Policy —"; for a file without a
	# title (004), the second paragraph.
	awk -v copies="$COPIES" -v base="$base" -v dir="$DIR" '
	{ lines[NR] = $0 }
	END {
		target = 0
		for (i = 1; i <= NR; i++)
			if (lines[i] ~ /[^ \t]/) { first = i; break }
		target = first
		if (lines[first] ~ /^[^ ]+( [^ ]+)? —$/) {
			for (i = first + 1; i <= NR; i++)
				if (lines[i] ~ /[^ \t]/) { target = i; break }
		}
		notitle = base ~ /^004_/
		if (notitle) {
			n = 0
			for (i = first + 1; i <= NR; i++)
				if (lines[i] ~ /[^ \t]/) { target = i; break }
		}
		for (c = 0; c < copies; c++) {
			out = sprintf("%s/%04d_%s.txt", dir, c, base)
			for (i = 1; i <= NR; i++) {
				line = lines[i]
				if (i == target && notitle)
					line = line sprintf(" (%d)", c + 1)
				else if (i == target)
					line = line sprintf(" %d", c + 1)
				print line > out
			}
			close(out)
		}
	}' "$seed"
done
echo "$COPIES" > "$DIR/.done"
