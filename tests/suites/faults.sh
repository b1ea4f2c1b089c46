#!/usr/bin/env bash
# tests/suites/faults.sh: hostile places and bad luck while writing
# (issue 12, classes 2, 3, 4 and 7): links planted at outputs, file-size
# limits and fatal signals during a build, one output failing beside
# others, characters a writer refuses, and cache entries that are FIFOs,
# links or another key's bytes. Each case asserts what is left on disk.
#
# Run from the repository root: DOSSIER=bin/dossier tests/suites/faults.sh
set -u

# The whole script is one block, read before it runs: editing this file
# during a run cannot break that run.
{

. "$(dirname "$0")/../report.sh"
suite_dir faults
W=$(cd "$W" && pwd)
export SOURCE_DATE_EPOCH=1424433600
export DOSSIER_CACHE_DIR=off
REG=tests/regression

# Temporaries left in a folder: anything but the names given.
leftovers() {	# dir name...
	local dir=$1 f b keep
	shift
	for f in "$dir"/.[!.]* "$dir"/*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		b=${f##*/}
		keep=
		for n in "$@"; do [ "$b" = "$n" ] && keep=1; done
		[ -n "$keep" ] || echo "$b"
	done
}

# ---- 2. writing through links -----------------------------------------

o=$W/links
mkdir -p "$o"
echo precious > "$o/victim"
for ext in pdf epub json; do ln -s victim "$o/out.$ext"; done
"$D" build -q -o "$o/out.pdf" -o "$o/out.epub" -o "$o/out.json" corpus \
    2> "$W/err"
st=$?
if [ $st -eq 0 ] && [ "$(cat "$o/victim")" = precious ] &&
    [ -f "$o/out.pdf" ] && [ ! -L "$o/out.pdf" ] &&
    [ -f "$o/out.epub" ] && [ ! -L "$o/out.epub" ] &&
    [ -f "$o/out.json" ] && [ ! -L "$o/out.json" ] &&
    [ -z "$(leftovers "$o" victim out.pdf out.epub out.json)" ]; then
	ok "links: a link at OUT is replaced by the output, its target kept"
else
	not_ok "links: a link at OUT is replaced by the output, its target kept" \
	    "status $st, victim: $(head -c 40 "$o/victim")" \
	    "left: $(leftovers "$o" victim out.pdf out.epub out.json)"
fi

# Every file a build creates (outputs, cairo's and qpdf's included) is
# created with O_EXCL and O_NOFOLLOW: a planted link is never followed.
if ! command -v strace > /dev/null; then
	skip "links: every file is created with O_EXCL|O_NOFOLLOW" "no strace"
elif ! strace -o /dev/null true 2> /dev/null; then
	skip "links: every file is created with O_EXCL|O_NOFOLLOW" \
	    "ptrace not allowed"
else
	rm -rf "$o" && mkdir -p "$o"
	DOSSIER_CACHE_DIR=$o/cache strace -f -qq -e trace=open,openat,creat \
	    -o "$W/trace" "$D" build -q --bleed 3mm --crop-marks \
	    -o "$o/b.pdf" -o "$o/b.epub" corpus 2> "$W/err"
	bad=$(grep -E 'O_CREAT|creat\(' "$W/trace" | grep -F "$o" |
	    grep -vE 'O_EXCL.*O_NOFOLLOW|O_NOFOLLOW.*O_EXCL')
	made=$(grep -cE 'O_CREAT' "$W/trace")
	if [ -z "$bad" ] && [ "${made:-0}" -ge 2 ] && [ -s "$o/b.pdf" ]; then
		ok "links: every file is created with O_EXCL|O_NOFOLLOW"
	else
		not_ok "links: every file is created with O_EXCL|O_NOFOLLOW" \
		    "$(printf '%s\n' "$bad" | head -n 4)"
	fi
fi

# ---- 3. limits and signals --------------------------------------------

# A file-size limit: a message that names the output and says why, the old
# output kept, no temporary left, for every writer.
o=$W/limit
mkdir -p "$o"
for args in "big.pdf" "big.epub" "big.json" "bleed.pdf --bleed 3mm"; do
	set -- $args
	out=$1
	shift
	echo old > "$o/$out"
	(ulimit -f 20; exec "$D" build -q "$@" -o "$o/$out" corpus) \
	    2> "$W/err"
	st=$?
	name="limits: ulimit -f: $out says 'File too large', keeps the old one"
	if [ $st -eq 1 ] && grep -q "$o/$out: cannot write: File too large" \
	    "$W/err" && [ "$(cat "$o/$out")" = old ] &&
	    [ -z "$(leftovers "$o" big.pdf big.epub big.json bleed.pdf)" ]; then
		ok "$name"
	else
		not_ok "$name" "status $st" "$(head -n 3 "$W/err")" \
		    "left: $(leftovers "$o" big.pdf big.epub big.json bleed.pdf)"
	fi
done

# Standard output on a full device and under a size limit: a message that
# says why, for every writer (cairo 1.16 used to fail an assertion when
# its stream erred at once).
if [ -w /dev/full ]; then
	for f in pdf epub json; do
		"$D" build -q -o - --to $f corpus > /dev/full 2> "$W/err"
		st=$?
		name="limits: -o - --to $f on /dev/full: 'No space left on device'"
		if [ $st -eq 1 ] && grep -q \
		    'standard output: cannot write: No space left on device' \
		    "$W/err"; then
			ok "$name"
		else
			not_ok "$name" "status $st" "$(head -n 3 "$W/err")"
		fi
	done
else
	skip "limits: -o - on /dev/full" "no /dev/full"
fi
(ulimit -f 20; exec "$D" build -q -o - --to pdf corpus > "$o/stdout.pdf") \
    2> "$W/err"
st=$?
if [ $st -eq 1 ] && grep -q 'standard output: cannot write: File too large' \
    "$W/err"; then
	ok "limits: -o - under ulimit -f: 'File too large', no SIGXFSZ"
else
	not_ok "limits: -o - under ulimit -f: 'File too large', no SIGXFSZ" \
	    "status $st" "$(head -n 3 "$W/err")"
fi

# A build long enough to be interrupted: 300 articles.
big=$W/big
mkdir -p "$big"
for i in $(seq 1 60); do
	for f in corpus/*.txt; do
		cp "$f" "$big/$(printf %02d "$i")_${f##*/}"
	done
done
o=$W/sig
mkdir -p "$o"
for sig in INT TERM HUP PIPE; do
	# GCC 12's ThreadSanitizer takes every SIGPIPE for one the process
	# caused (a write to a closed pipe) and runs the handler at once,
	# inside its own runtime: sent by kill(), it crashes there (status
	# 139) half the time. The plain build's run of make check tests it.
	if [ "$sig" = PIPE ] && [ -n "${TSAN_OPTIONS:-}" ]; then
		skip "signals: SIGPIPE during a build removes the temporary" \
		    "ThreadSanitizer handles a sent SIGPIPE as a synchronous one"
		continue
	fi
	echo old > "$o/book.pdf"
	echo old > "$o/book.epub"
	# A background job starts with SIGINT ignored (no job control):
	# give it the default back, as a terminal's job would have.
	env --default-signal="$sig" "$D" build -q --threads 1 -o "$o/book.pdf" -o "$o/book.epub" "$big" \
	    2> "$W/err" &
	pid=$!
	# Wait for the PDF's temporary, then strike while it is written.
	for _ in $(seq 1 $((300 * SCALE))); do
		[ -n "$(leftovers "$o" book.pdf book.epub)" ] && break
		sleep 0.05
	done
	seen=$(leftovers "$o" book.pdf book.epub)
	kill -"$sig" "$pid"
	{ wait "$pid"; st=$?; } 2> /dev/null
	want=$((128 + $(kill -l "$sig")))
	name="signals: SIG$sig during a build removes the temporary"
	if [ -n "$seen" ] && [ $st -eq $want ] &&
	    [ -z "$(leftovers "$o" book.pdf book.epub)" ] &&
	    [ "$(cat "$o/book.pdf")" = old ] &&
	    [ "$(cat "$o/book.epub")" = old ]; then
		ok "$name"
	else
		not_ok "$name" "status $st (want $want), temporary seen: '$seen'" \
		    "left: $(leftovers "$o" book.pdf book.epub)"
	fi
done

# ---- 4. one output's failure does not stop the others ------------------

o=$W/each
mkdir -p "$o"
"$D" build -q -o "$o/no/such/dir/x.pdf" -o "$o/ok.epub" -o "$o/ok.json" \
    corpus 2> "$W/err"
st=$?
if [ $st -eq 1 ] && grep -q "$o/no/such/dir/x.pdf: cannot write" "$W/err" &&
    [ -s "$o/ok.epub" ] && [ -s "$o/ok.json" ]; then
	ok "outputs: a failed PDF is named, the EPUB and JSON are still written"
else
	not_ok "outputs: a failed PDF is named, the EPUB and JSON are still written" \
	    "status $st" "$(head -n 16 "$W/err")"
fi


# Strings no writer can take (noncharacters, invalid UTF-8) given on the
# command line meet the decoder's rule: U+FFFD and a warning, and every
# output is written (the PDF failed on them in Cairo, and the run stopped).
"$D" build --title $'A \xef\xb7\x90 title \xff' --editor $'Ed \xef\xbf\xbf' \
    -o "$o/t.pdf" -o "$o/t.epub" tests/regression/noncharacter-title.txt \
    2> "$W/err"
st=$?
if [ $st -eq 0 ] && [ -s "$o/t.pdf" ] && [ -s "$o/t.epub" ] &&
    grep -q -- '--title: invalid UTF-8 or noncharacters replaced' "$W/err" &&
    grep -q -- '--editor: invalid UTF-8 or noncharacters replaced' "$W/err" &&
    ! grep -q cairo "$W/err"; then
	ok "outputs: noncharacters in --title and --editor: both outputs, a warning"
else
	not_ok "outputs: noncharacters in --title and --editor: both outputs, a warning" \
	    "status $st" "$(head -n 3 "$W/err")"
fi

# ---- 7. the cache -----------------------------------------------------

c=$W/cache
o=$W/cached
mkdir -p "$o"
"$D" build -q -o "$o/fresh.epub" corpus
cbuild() {	# output: a build from the cache $c, within a time limit
	DOSSIER_CACHE_DIR=$c timeout -k 2 $((60 * SCALE)) "$D" build -q \
	    -o "$1" corpus 2> "$W/err"
}
cbuild "$o/cold.epub"
entries=$(ls "$c" | grep -E '^[0-9a-f]{64}\.' | sort)
nent=$(printf '%s\n' "$entries" | grep -c .)
# Each entry a FIFO (once a link to one), in turn: a miss, never a hang.
for how in fifo link; do
	for e in $entries; do
		rm -f "$c/$e"
		if [ $how = fifo ]; then mkfifo "$c/$e"
		else mkfifo "$W/pipe.$e" && ln -s "$W/pipe.$e" "$c/$e"; fi
	done
	cbuild "$o/$how.epub"
	st=$?
	if [ $how = fifo ]; then name="cache: entries that are FIFOs are made again, no hang"
	else name="cache: entries that are links to FIFOs are made again, no hang"; fi
	if [ $st -eq 0 ] && cmp -s "$o/fresh.epub" "$o/$how.epub" &&
	    [ -z "$(find "$c" -type p -o -type l)" ] && [ "$nent" -ge 4 ]; then
		ok "$name"
	else
		not_ok "$name" "status $st ($nent entries)" "$(head -n 3 "$W/err")"
	fi
done
# A well-formed entry under another key's name (copied or renamed): each
# kind's entries rotated, so every entry holds another key's bytes.
for kind in coverage font; do
	set -- $(printf '%s\n' $entries | grep "\.$kind\$")
	[ $# -ge 2 ] || continue
	first=$1
	cp "$c/$1" "$W/first"
	while [ $# -ge 2 ]; do cp "$c/$2" "$c/$1"; shift; done
	cp "$W/first" "$c/$1"
done
cbuild "$o/foreign.epub"
st=$?
if [ $st -eq 0 ] && cmp -s "$o/fresh.epub" "$o/foreign.epub"; then
	ok "cache: another key's well-formed entry is made again, not used"
else
	not_ok "cache: another key's well-formed entry is made again, not used" \
	    "status $st" "$(cmp "$o/fresh.epub" "$o/foreign.epub" 2>&1)"
fi

}
