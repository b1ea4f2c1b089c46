#!/usr/bin/env bash
# What a command-line user expects: - reads an article from standard input,
# -o - writes one output to standard output (--to names its format), a
# progress line on a terminal for a long run and a summary at the end
# (not with -q, not into a pipe), a malformed --lang is a usage error, and
# files given one by one from a folder with dossier.yaml use it.
set -u
. "$(dirname "$0")/../report.sh"
suite_tmp
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=$out/cache
f=corpus/000_b6c8e9e674f7a315.txt

# ---- standard input ----
"$D" tree --json "$f" | sed 's/"source":"[^"]*"//' > "$out/file.json"
check "cli: - reads one article from standard input (same tree as the file)" sh -c \
    "'$D' tree --json - < '$f' | sed 's/\"source\":\"[^\"]*\"//' | cmp -s - '$out/file.json'"
check "cli: - in a build, beside files" sh -c \
    "cat '$f' | '$D' build -q -o '$out/stdin.json' - corpus/001_7623f785c7e9bdb1.txt &&
     grep -q '\"source\":\"stdin\"' '$out/stdin.json'"

# ---- standard output ----
# An EPUB built alone (beside a PDF it carries the PDF's page list).
"$D" build -q -o "$out/a.epub" corpus
"$D" build -q -o "$out/a.pdf" corpus
check "cli: -o - --to epub writes the same EPUB to standard output" sh -c \
    "'$D' build -q --to epub -o - corpus > '$out/b.epub' && cmp -s '$out/a.epub' '$out/b.epub'"
check "cli: -o - --to pdf writes the same PDF to standard output" sh -c \
    "'$D' build -q --to pdf -o - corpus > '$out/b.pdf' && cmp -s '$out/a.pdf' '$out/b.pdf'"
check "cli: --to names the format of an output without an extension" sh -c \
    "'$D' build -q --to epub -o '$out/noext' corpus && cmp -s '$out/a.epub' '$out/noext'"
msg=$("$D" build -q -o - corpus 2>&1 > /dev/null); rc=$?
check "cli: -o - without --to is a usage error" sh -c \
    "[ $rc = 2 ] && printf '%s' \"\$1\" | grep -q 'with --to'" _ "$msg"
msg=$("$D" build -q --to epub -o - -o - corpus 2>&1 > /dev/null); rc=$?
check "cli: two outputs to standard output is a usage error" sh -c "[ $rc = 2 ]"
msg=$("$D" build -q --to nosuch -o - corpus 2>&1 > /dev/null); rc=$?
check "cli: an unknown --to format is a usage error" sh -c \
    "[ $rc = 2 ] && printf '%s' \"\$1\" | grep -q \"unknown format 'nosuch'\"" _ "$msg"

# ---- --lang ----
for tag in 'de_DE' 'e' 'english!' 'de-' '-de' 'de--CH' 'x' 'toolongsubtag-abcdefghi'; do
	"$D" build -q --lang "$tag" -o "$out/l.json" corpus > /dev/null 2> "$out/l.err"
	rc=$?
	check "cli: --lang '$tag' is a usage error" sh -c \
	    "[ $rc = 2 ] && grep -q 'bad language tag' '$out/l.err' && [ ! -e '$out/l.json' ]"
done
check "cli: well-formed tags are taken (de, pt-BR, zh-Hant-TW, x-private)" sh -c \
    "for t in de pt-BR zh-Hant-TW x-private; do '$D' build -q --lang \$t -o '$out/ok.json' corpus || exit 1; done"

# ---- dossier.yaml for files given one by one ----
check "cli: files given one by one from a folder use its dossier.yaml" sh -c \
    "'$D' tree --json corpus/000_b6c8e9e674f7a315.txt corpus/001_7623f785c7e9bdb1.txt |
     head -1 | grep -q '\"title\":\"China, encryption and the backdoor bargain\"'"

# ---- progress and summary, on a terminal (script(1) gives one) ----
if command -v script > /dev/null; then
	tty() { script -qec "$1" /dev/null | tr '\r' '\n'; }
	tty "'$D' build -o '$out/t.epub' -o '$out/t.pdf' corpus" > "$out/tty.txt" 2>&1
	check "cli: a one-line summary at the end on a terminal" \
	    grep -Eq '^(.\[K)?dossier: 5 articles, 86 comments, [0-9]+ pages; wrote .*t\.epub, .*t\.pdf \([0-9.]+ s\)$' "$out/tty.txt"
	check "cli: a quick run shows no progress line" sh -c "! grep -q 'file.* read' '$out/tty.txt'"
	tty "'$D' build -q -o '$out/q.epub' corpus" > "$out/q.txt" 2>&1
	check "cli: -q: no summary" sh -c "[ ! -s '$out/q.txt' ] && [ -s '$out/q.epub' ]"
	# A run that takes more than a second: its input arrives late.
	tty "(sleep 1.3; cat '$f') | '$D' build -o '$out/slow.epub' -" > "$out/slow.txt" 2>&1
	check "cli: a run longer than a second shows a progress line" \
	    grep -q 'dossier: 1 file read' "$out/slow.txt"
else
	skip "cli: progress and summary on a terminal" "no script(1)"
fi
"$D" build -o "$out/p.epub" corpus 2> "$out/pipe.txt"
check "cli: no progress or summary when standard error is not a terminal" sh -c "[ ! -s '$out/pipe.txt' ]"
exit 0
