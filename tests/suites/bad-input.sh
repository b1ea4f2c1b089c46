#!/usr/bin/env bash
# tests/suites/bad-input.sh: bad input and bad usage get a clear message and
# the documented exit status (0 ok, 1 input, 2 usage), never a crash (exit
# 128 and up, a sanitizer or valgrind report) and never a hang. Big inputs
# are generated here, into $TEST_WORK, never committed.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/bad-input.sh
set -u

# The whole script is one block, read before it runs: editing this file
# during a run cannot break that run.
{

DOSSIER=${DOSSIER:-bin/dossier}
SCALE=${TIMEOUT_SCALE:-1}
# The two big inputs; run.sh makes them smaller under valgrind only, where
# memcheck takes minutes per 10,000 comments.
DEEP=${DEEP_CHAIN:-100000}
BIG_MB=${BIG_LINE_MB:-50}
WRAP=${WRAP_LINES:-20000}
W=${TEST_WORK:-build/test-work}/bad-input
rm -rf "$W"
mkdir -p "$W"

OUT=$W/stdout ERR=$W/stderr
status=0

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	shift
	for why in "$@"; do echo "# $why"; done
	if [ -s "$ERR" ]; then
		echo "# stderr:"
		head -c 2000 "$ERR" | head -n 12 | sed 's/^/#   /'
	fi
}
skip() { echo "skip - $1 ($2)"; }

# run SECONDS CMD...: run with a time limit; sets $status.
run() {
	local secs=$(($1 * SCALE)); shift
	timeout -k 5 "$secs" "$@" > "$OUT" 2> "$ERR"
	status=$?
}

# What makes any case fail: a crash, a hang, a sanitizer or valgrind report.
crashed() {
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		echo "timed out"
	elif [ "$status" -ge 128 ]; then
		echo "killed by signal $((status - 128))"
	elif [ "$status" -eq 99 ]; then
		echo "valgrind found errors"
	elif [ "$status" -eq 98 ]; then
		echo "a sanitizer found errors"
	elif grep -qE 'Sanitizer|runtime error:|^==[0-9]+== ' "$ERR"; then
		echo "sanitizer or valgrind report"
	else
		return 1
	fi
}

# expect NAME STATUS [PATTERN]: the last run exited with STATUS, and (when
# given) stderr holds PATTERN (an extended regex) in a message.
expect() {
	local name=$1 want=$2 pattern=${3:-} why
	if why=$(crashed); then
		not_ok "$name" "$why (status $status)"
	elif [ "$status" -ne "$want" ]; then
		not_ok "$name" "exit status $status, want $want"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$ERR"; then
		not_ok "$name" "no message matching /$pattern/ on stderr"
	else
		ok "$name"
		return 0
	fi
	return 1
}

# Is $OUT valid JSON? (without python, only that it is not empty)
json_ok() {
	if command -v python3 >/dev/null; then
		python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT" \
		    2>/dev/null
	else
		[ -s "$OUT" ]
	fi
}

if ! "$DOSSIER" --version > /dev/null 2>&1; then
	echo "not ok - $DOSSIER runs"
	exit 1
fi

# ---- files with nothing usable -----------------------------------------

: > "$W/empty.txt"
run 10 "$DOSSIER" tree --json "$W/empty.txt"
expect "empty file: exit 1 naming the file" 1 "empty\.txt"

printf '\n\n   \n\t\n\n' > "$W/blank.txt"
run 10 "$DOSSIER" tree --json "$W/blank.txt"
expect "file of blank lines: exit 1 naming the file" 1 "blank\.txt"

head -c 100000 /bin/ls > "$W/binary.txt"
run 20 "$DOSSIER" tree --json "$W/binary.txt"
expect "binary file (100 KB of /bin/ls): exit 1 naming the file" 1 \
    "binary\.txt"
if [ "$(wc -l < "$ERR")" -gt 50 ]; then
	not_ok "binary file: warnings are capped" "$(wc -l < "$ERR") lines"
else
	ok "binary file: warnings are capped"
fi

head -c 100000 /dev/zero > "$W/nul.txt"
run 10 "$DOSSIER" tree --json "$W/nul.txt"
expect "file of NUL bytes: exit 1 naming the file" 1 "nul\.txt"

# ---- invalid UTF-8: still read, with warnings naming file:line ---------

# Damaged UTF-8 (the file is UTF-8 elsewhere): U+FFFD, a warning a line.
printf 'Caf\xc3\xa9 \xe9 society gets a new title\n\nThe first paragraph is plain ASCII text about nothing much, caf\xc3\xa9.\n\nThe second one has stray bytes: na\xefve cr\xc3\xa8me br\xc3\xbbl\xc3\xa9e.\n\nA third \xff\xfe paragraph \xc3( with broken sequences, d\xc3\xa9j\xc3\xa0.\n' \
    > "$W/broken.txt"
run 10 "$DOSSIER" tree --json "$W/broken.txt"
if expect "invalid UTF-8: read (exit 0) with a warning on line 5" 0 \
    "broken\.txt:5: warning"; then
	if ! json_ok; then
		not_ok "invalid UTF-8: the JSON is valid" "stdout is not JSON"
	elif ! grep -q $'\xef\xbf\xbd' "$OUT"; then
		not_ok "invalid UTF-8: the JSON is valid" "no U+FFFD in the text"
	else
		ok "invalid UTF-8: the JSON is valid and holds U+FFFD"
	fi
	if grep -qE 'broken\.txt:1: warning' "$ERR" &&
	    grep -qE 'broken\.txt:7: warning' "$ERR"; then
		ok "invalid UTF-8: warnings name lines 1 and 7 too"
	else
		not_ok "invalid UTF-8: warnings name lines 1 and 7 too"
	fi
fi

# A Latin-1 (Windows-1252) file is read as such (issue 13), with one
# warning naming the file; a UTF-16 file by its BOM.
printf 'Caf\xe9 society gets a new title\n\nThe first paragraph is plain ASCII text about nothing much.\n\nThe second one has Latin-1 bytes: na\xefve cr\xe8me br\xfbl\xe9e, \x93quoted\x94.\n' \
    > "$W/latin1.txt"
run 10 "$DOSSIER" tree --json "$W/latin1.txt"
if expect "Latin-1: read (exit 0) with a warning naming Windows-1252" 0 \
    "latin1\.txt:1: warning: .*Windows-1252"; then
	if json_ok && grep -q 'Café society' "$OUT" &&
	    grep -q 'naïve crème brûlée, “quoted”' "$OUT" &&
	    ! grep -q $'\xef\xbf\xbd' "$OUT"; then
		ok "Latin-1: the text is decoded, no U+FFFD"
	else
		not_ok "Latin-1: the text is decoded, no U+FFFD" \
		    "$(head -c 300 "$OUT")"
	fi
fi
printf 'Caf\xc3\xa9 society gets a new title\n\nThe first paragraph is na\xc3\xafve text, \xe2\x80\x9cquoted\xe2\x80\x9d.\n' |
    iconv -f UTF-8 -t UTF-16 > "$W/utf16.txt"
run 10 "$DOSSIER" tree --json "$W/utf16.txt"
if expect "UTF-16 with a BOM: read (exit 0) with a warning" 0 \
    "utf16\.txt:1: warning: .*UTF-16"; then
	if json_ok && grep -q 'Café society' "$OUT" &&
	    grep -q 'naïve text, “quoted”' "$OUT"; then
		ok "UTF-16: the text is decoded"
	else
		not_ok "UTF-16: the text is decoded" "$(head -c 300 "$OUT")"
	fi
fi

printf 'Title with a NUL\n\nBody\x00 text with a control\x01 character\x1b in it.\n' \
    > "$W/controls.txt"
run 10 "$DOSSIER" tree --json "$W/controls.txt"
if expect "control characters: read (exit 0), warned at controls.txt:3" 0 \
    "controls\.txt:3: warning"; then
	if json_ok && ! grep -qE '\\u000[01]|\\u001b' "$OUT"; then
		ok "control characters: removed from the JSON"
	else
		not_ok "control characters: removed from the JSON"
	fi
fi

# ---- paths ------------------------------------------------------------

run 10 "$DOSSIER" tree --json "$W/no-such-file.txt"
expect "missing path: exit 1 naming it" 1 "no-such-file\.txt"

run 10 "$DOSSIER" build -o "$W/missing.json" "$W/no-such-dir"
expect "missing path in build: exit 1 naming it" 1 "no-such-dir"
if [ -e "$W/missing.json" ] || compgen -G "$W/missing.json*" >/dev/null; then
	not_ok "missing path in build: no output written"
else
	ok "missing path in build: no output written"
fi

mkdir -p "$W/empty-dir"
run 10 "$DOSSIER" tree --json "$W/empty-dir"
expect "folder with no files: exit 1 naming it" 1 "empty-dir"

mkdir -p "$W/no-articles"
cp /bin/true "$W/no-articles/picture.png"
echo "not an article" > "$W/no-articles/notes.md"
mkdir -p "$W/no-articles/sub.txt"
run 10 "$DOSSIER" tree --json "$W/no-articles"
expect "folder with no article files: exit 1 naming it" 1 "no-articles"

mkdir -p "$W/all-bad"
: > "$W/all-bad/a.txt"
head -c 1000 /dev/zero > "$W/all-bad/b.txt"
run 10 "$DOSSIER" tree --json "$W/all-bad"
expect "folder whose files are all unusable: exit 1" 1 "all-bad"

mkdir -p "$W/one-bad"
: > "$W/one-bad/a.txt"
printf 'A good title\n\nA good paragraph of text.\n' > "$W/one-bad/b.txt"
run 10 "$DOSSIER" tree --json "$W/one-bad"
if expect "folder with one unusable file: exit 0, warning names it" 0 \
    "a\.txt"; then
	if json_ok && grep -q 'A good paragraph' "$OUT"; then
		ok "folder with one unusable file: the good one is read"
	else
		not_ok "folder with one unusable file: the good one is read"
	fi
fi

# ---- big and deep inputs ----------------------------------------------

# A 50 MB file that is one single line of words.
big=$W/line50mb.txt
yes 'the quick brown fox jumps over the lazy dog and keeps on running,' |
    tr '\n' ' ' | head -c $((BIG_MB * 1000000)) > "$big"
echo "end." >> "$big"
run 60 "$DOSSIER" tree --json "$big"
if expect "a $BIG_MB MB single line: exit 0 in reasonable time" 0; then
	if command -v python3 >/dev/null && ! python3 - "$OUT" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
t = a.get("title") or ""
sys.exit(0 if 0 < len(t) <= 120 else 1)
EOF
	then
		not_ok "a $BIG_MB MB single line: a short derived title"
	else
		ok "a $BIG_MB MB single line: a short derived title"
	fi
fi
rm -f "$big"

# A reply chain 100,000 deep, in the numbered forum format:
#   #1 Name_1 wrote:
#   #2 Name_2 wrote in reply to #1:
deep=$W/deep.txt
awk -v n="$DEEP" 'BEGIN {
	print "A reply chain one hundred thousand comments deep"
	print ""
	print "An article with a very long argument under it."
	print ""
	print "Comments"
	print ""
	for (i = 1; i <= n; i++) {
		if (i == 1)
			print "#1 Name_1 wrote:"
		else
			printf "#%d Name_%d wrote in reply to #%d:\n", i, i, i - 1
		printf "Reply number %d.\n\n", i
	}
}' > "$deep"
run 60 "$DOSSIER" tree --json "$deep"
if expect "a reply chain $DEEP deep: exit 0" 0; then
	n=$(grep -o '"author"' "$OUT" | wc -l)
	# Nesting depth of the JSON, with strings taken out.
	depth=$(python3 - "$OUT" <<'EOF' 2>/dev/null
import re, sys
s = re.sub(r'"(\\.|[^"\\])*"', '', open(sys.argv[1], encoding="utf-8").read())
d = m = 0
for c in s:
    if c in "[{":
        d += 1
        m = max(m, d)
    elif c in "]}":
        d -= 1
print(m if d == 0 else -1)
EOF
)
	if [ "$n" -ne "$DEEP" ]; then
		not_ok "a reply chain $DEEP deep: every comment kept" \
		    "$n comments in the JSON"
	elif [ "${depth:-0}" -lt $((2 * DEEP)) ]; then
		not_ok "a reply chain $DEEP deep: threaded, not flat" \
		    "JSON nesting depth ${depth:-?}"
	else
		ok "a reply chain $DEEP deep: every comment kept, threaded"
	fi
fi
rm -f "$deep"

# An article and a comment each one paragraph of $WRAP hard-wrapped lines
# (lower case, no sentence end): joined a line at a time into a copy of
# what came before, this took minutes and gigabytes.
wrap=$W/wrapped.txt
awk -v n="$WRAP" 'BEGIN {
	print "A paragraph wrapped many times"
	print ""
	print "the article starts here and is hard-wrapped"
	for (i = 1; i <= n; i++)
		printf "and it goes on in lower case without an end %d\n", i
	print ""
	print "12 Comments"
	print ""
	print "Alice says:"
	print "this comment is hard-wrapped as well"
	for (i = 1; i <= n; i++)
		printf "and it goes on in lower case without an end %d\n", i
	print ""
	print "Bob says:"
	print "A reply."
}' > "$wrap"
run 20 "$DOSSIER" tree --json "$wrap"
if expect "a paragraph of $WRAP wrapped lines: exit 0 in reasonable time" 0
then
	if command -v python3 >/dev/null && ! python3 - "$OUT" "$WRAP" <<'EOF'
import json, sys
a, n = json.load(open(sys.argv[1])), sys.argv[2]
body, c = a.get("body") or [], a.get("comments") or []
one = len(body) == 1 and body[0].get("text", "").endswith(" end " + n)
sys.exit(0 if one and len(c) == 2 and
    c[0].get("text", "").endswith(" end " + n) else 1)
EOF
	then
		not_ok "a paragraph of $WRAP wrapped lines: one paragraph each"
	else
		ok "a paragraph of $WRAP wrapped lines: one paragraph each"
	fi
fi
rm -f "$wrap"

# ---- usage ------------------------------------------------------------

run 10 "$DOSSIER"
expect "no command: exit 2" 2 "."

run 10 "$DOSSIER" frobnicate
expect "unknown command: exit 2 naming it" 2 "frobnicate"

run 10 "$DOSSIER" build corpus
expect "build without -o: exit 2" 2 "-o"

run 10 "$DOSSIER" build -o "$W/out.docx" corpus
expect "build with an unknown output extension: exit 2 naming it" 2 \
    "out\.docx"
[ -e "$W/out.docx" ] && not_ok "unknown extension: no file written"

run 10 "$DOSSIER" build -o "$W/x.json" --no-such-option corpus
expect "build with an unknown option: exit 2" 2 "."

run 10 "$DOSSIER" build -o "$W/x.json" --paper b7 corpus
expect "build with a bad --paper: exit 2" 2 "b7"

run 10 "$DOSSIER" build -o "$W/x.json"
expect "build with no input: exit 2" 2 "."

run 10 "$DOSSIER" tree --json
expect "tree with no input: exit 2" 2 "."

run 10 "$DOSSIER" --help
if expect "--help: exit 0" 0; then
	grep -q 'usage: dossier' "$OUT" && ok "--help: prints the usage" ||
	    not_ok "--help: prints the usage"
fi

run 10 "$DOSSIER" --version
if expect "--version: exit 0" 0; then
	grep -qE '^dossier [0-9]+\.[0-9]+' "$OUT" &&
	    ok "--version: prints 'dossier X.Y'" ||
	    not_ok "--version: prints 'dossier X.Y'"
fi

run 10 "$DOSSIER" build --help
expect "build --help: exit 0" 0

# ---- outputs are atomic -----------------------------------------------

# The formats this build can write.
run 10 "$DOSSIER" formats
exts=$(awk '{ sub(/^\./, "", $2); print $2 }' "$OUT")
[ -n "$exts" ] || exts=json

for ext in $exts; do
	run 10 "$DOSSIER" build -q -o "$W/no/such/folder/x.$ext" corpus
	expect "build into a missing folder (.$ext): exit 1" 1 "x\.$ext"
	if [ -n "$(ls -A "$W/no" 2>/dev/null)" ]; then
		not_ok "build into a missing folder (.$ext): no file left"
	fi
	: > "$W/a-file"
	run 10 "$DOSSIER" build -q -o "$W/a-file/x.$ext" corpus
	expect "build into a path under a file (.$ext): exit 1" 1 "x\.$ext"
done

if [ "$(id -u)" -ne 0 ]; then
	mkdir -p "$W/ro"
	chmod 555 "$W/ro"
	for ext in $exts; do
		run 10 "$DOSSIER" build -q -o "$W/ro/x.$ext" corpus
		expect "build into a read-only folder (.$ext): exit 1" 1 \
		    "x\.$ext"
		if [ -n "$(ls -A "$W/ro")" ]; then
			not_ok "build into a read-only folder (.$ext): no file left" \
			    "$(ls -A "$W/ro")"
		fi
	done
	chmod 755 "$W/ro"
else
	skip "build into a read-only folder" "root ignores permissions"
fi

# A write that fails half-way (the file size limit is hit, and SIGXFSZ is
# ignored so write() fails with EFBIG) leaves neither the output nor its
# temporary file, and keeps an older output untouched.
for ext in $exts; do
	mkdir -p "$W/full-$ext"
	echo "old" > "$W/full-$ext/kept.$ext"
	run 60 bash -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh \
	    "$DOSSIER" build -q -o "$W/full-$ext/new.$ext" \
	    -o "$W/full-$ext/kept.$ext" corpus
	expect "a write that fails half-way (.$ext): exit 1" 1 "\.$ext"
	left=$(cd "$W/full-$ext" && ls -A | tr '\n' ' ')
	if [ "$left" != "kept.$ext " ] ||
	    [ "$(cat "$W/full-$ext/kept.$ext")" != old ]; then
		not_ok "a write that fails half-way (.$ext): no partial file" \
		    "left: $left"
	else
		ok "a write that fails half-way (.$ext): no partial file"
	fi
done

exit 0
}
