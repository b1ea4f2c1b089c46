#!/usr/bin/env bash
# tests/bench/15-realworld.sh: the readers on 990 real pages
# (../shared/realworld, when this checkout sits in the project's
# workspace): the scraped text and the saved HTML each read in one run,
# and the HTML side by side with the extractors users would otherwise
# pick, Mozilla's readability.js (npm @mozilla/readability with jsdom, the
# one behind Firefox's Reader View) and readability-lxml (Debian's
# python3-readability), each over all pages in one process. Then body F1,
# comments and titles of each through the same scorer
# (../shared/tools/realworld-score). It measures; nothing is asserted.
set -u
. "$(dirname "$0")/lib.sh"

rw=${REALWORLD:-../shared/realworld}
score=${REALWORLD_SCORE:-../shared/tools/realworld-score}
if [ ! -d "$rw/txt" ] || [ ! -x "$score" ]; then
	echo "# realworld: no $rw (the project's pages): skipped"
	exit 0
fi
n=$(ls "$rw/txt" | wc -l)
html_bytes() { find "$rw/html" -name '*.html.gz' -exec zcat {} + | wc -c; }

measure 3 "$DOSSIER" tree --json -q "$rw/txt" || echo "# parse of $rw/txt failed" >&2
row parse "realworld txt($n)" "$(find "$rw/txt" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')"
txt_secs=$BENCH_SECS
hb=$(html_bytes)
measure 3 "$DOSSIER" tree --json -q "$rw/html" || echo "# parse of $rw/html failed" >&2
row parse "realworld html($n)" "$hb"
ours=$BENCH_SECS

# The others, from their own folders: npm's into build/bench/node.
node_dir=$BENCH_DIR/node
if command -v node > /dev/null && command -v npm > /dev/null &&
   [ ! -d "$node_dir/node_modules/@mozilla/readability" ]; then
	mkdir -p "$node_dir"
	(cd "$node_dir" && npm init -y > /dev/null &&
	 npm install --no-audit --no-fund @mozilla/readability jsdom > npm.log 2>&1) ||
	    echo "# npm install of readability.js failed ($node_dir/npm.log)"
fi
others=()
if [ -d "$node_dir/node_modules/@mozilla/readability" ]; then
	mkdir -p "$BENCH_DIR/rw-js"
	# jsdom keeps much of every page it has read: a heap large enough for
	# 990 of them.
	measure 1 env NODE_PATH="$node_dir/node_modules" node --max-old-space-size=16384 \
	    tests/bench/others/readability_js.js --all "$rw/html" "$BENCH_DIR/rw-js" &&
	    row readability.js "realworld html($n)" "$hb" && others+=("readability.js:$BENCH_SECS:$BENCH_DIR/rw-js")
else
	echo "# readability.js: not installed (node and npm)"
fi
if /usr/bin/python3 -c 'import readability, lxml' 2> /dev/null; then
	mkdir -p "$BENCH_DIR/rw-py"
	measure 1 /usr/bin/python3 tests/bench/others/readability_lxml.py --all "$rw/html" "$BENCH_DIR/rw-py" &&
	    row readability-lxml "realworld html($n)" "$hb" && others+=("readability-lxml:$BENCH_SECS:$BENCH_DIR/rw-py")
else
	echo "# readability-lxml: not installed (apt-get install python3-readability)"
fi

# Quality through the one scorer: ours per page, theirs from the trees
# their timed run wrote.
echo "# realworld-score, body F1 / comments found / titles right:"
for input in txt html; do
	r=$("$score" "$rw/annotations.json" "$rw/$input" | tail -1)
	printf '#   %-18s %-5s %s\n' dossier "$input" "${r#realworld: }"
done
fastest=
for o in "${others[@]}"; do
	name=${o%%:*} rest=${o#*:} secs=${rest%%:*} dir=${rest#*:}
	r=$("$score" --cmd "sh -c 'n=\${1##*/}; cat \"$dir/\${n%%.*}.json\"' _ {}" \
	    "$rw/annotations.json" "$rw/html" | tail -1)
	printf '#   %-18s %-5s %s\n' "$name" html "${r#realworld: }"
	if [ -z "$fastest" ] || awk -v a="$secs" -v b="$fastest" 'BEGIN { exit !(a < b) }'; then
		fastest=$secs
	fi
done
if [ -n "$fastest" ]; then
	awk -v f="$fastest" -v o="$ours" 'BEGIN { printf "# HTML: dossier %.1fx faster than the faster of the others\n", f / o }'
fi
