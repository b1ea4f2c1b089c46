#!/usr/bin/env bash
# tests/run.sh: the runner behind `make check`, `make asan`, `make valgrind`
# and `make regen`. It runs, from the repository root:
#   1. every unit-test binary in $UNIT_DIR (built from tests/unit/*.c);
#   2. the parser golden files: tests/parse/**/NAME.txt (or NAME.html) beside NAME.json,
#      compared with `$DOSSIER tree --json NAME.txt`;
#   3. every executable tests/suites/*.sh, with $DOSSIER in the environment.
# Each prints "ok - NAME", "not ok - NAME" or "skip - NAME (reason)"; the run
# ends with one line "N passed, N failed, N skipped" and exits 1 if any
# failed.
#
# Environment:
#   DOSSIER=bin/dossier    the binary under test
#   UNIT_DIR=build/tests   where the unit-test binaries are
#   REGEN=1                show each golden-file diff and rewrite NAME.json
#   VALGRIND=1             run the binary and the unit tests under valgrind
#   TIMEOUT_SCALE=N        multiply the suites' time limits (slow builds)
#   ONLY=PATTERN           run only the parts whose path matches (a glob)
#   KEEP_WORK=1            keep the scratch folder (build/test-work/run.*)
set -u

# The whole script is one block, read before it runs: editing this file
# during a run cannot break that run.
{

cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C.UTF-8

DOSSIER=${DOSSIER:-bin/dossier}
UNIT_DIR=${UNIT_DIR:-build/tests}
REGEN=${REGEN:-}
VALGRIND=${VALGRIND:-}
ONLY=${ONLY:-*}
WORK=${TEST_WORK:-build/test-work}
export TIMEOUT_SCALE=${TIMEOUT_SCALE:-1}

passed=0 failed=0 skipped=0
failures=()

# A folder of its own for each run, so that runs side by side (several
# people in one tree, make check beside make asan) do not meet.
mkdir -p "$WORK" || exit 2
WORK=$(mktemp -d "$(cd "$WORK" && pwd)/run.XXXXXX") || exit 2
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT
export TEST_WORK=$WORK
export TMPDIR=$WORK
# The cache of covers and font subsets (src/write/epub/cache.h): the run's own,
# empty at the start, so no test depends on what ran before.
export DOSSIER_CACHE_DIR=$WORK/cache

if [ ! -x "$DOSSIER" ]; then
	echo "tests/run.sh: $DOSSIER is not built (run make)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
case $DOSSIER in /*) ;; *) DOSSIER=$PWD/$DOSSIER ;; esac
# The binary itself, for suites that look at it (ldd) rather than run it.
export DOSSIER_BIN=$DOSSIER

# Under valgrind every run of the binary goes through a wrapper, so the
# suites need not know. Errors and definite leaks exit 99.
VG=()
if [ -n "$VALGRIND" ]; then
	if ! command -v valgrind >/dev/null; then
		echo "tests/run.sh: valgrind is not installed (make deps)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
	VG=(valgrind -q --error-exitcode=99 --leak-check=full
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite
	    --suppressions="$PWD/tests/valgrind.supp")
	cat > "$WORK/dossier-vg" <<EOF
#!/bin/sh
exec ${VG[*]} "$DOSSIER" "\$@"
EOF
	chmod +x "$WORK/dossier-vg"
	DOSSIER=$WORK/dossier-vg
	[ "$TIMEOUT_SCALE" = 1 ] && TIMEOUT_SCALE=30
	# memcheck is superlinear on the 100,000-deep chain (minutes): the
	# full sizes run in make check and make asan.
	export DEEP_CHAIN=${DEEP_CHAIN:-5000} BIG_LINE_MB=${BIG_LINE_MB:-5} \
	    WRAP_LINES=${WRAP_LINES:-2000}
fi
export DOSSIER

matches() {
	# shellcheck disable=SC2254
	case $1 in $ONLY) return 0 ;; esac
	return 1
}

# Read "ok - / not ok - / skip - " lines from a test program's output,
# echo them and count them.
tally() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) passed=$((passed + 1)); echo "$line" ;;
		"not ok - "*) failed=$((failed + 1)); failures+=("${line#not ok - }")
		    echo "$line" ;;
		"skip - "*) skipped=$((skipped + 1)); echo "$line" ;;
		*) echo "    $line" ;;
		esac
	done
}

fail() {
	failed=$((failed + 1))
	failures+=("$1")
	echo "not ok - $1"
}

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}

# Run a test program; a crash, a non-zero exit without a "not ok" line, or no
# result at all counts as one more failure.
run_program() {
	local name=$1; shift
	local out=$WORK/out.$$ before=$failed count
	"$@" > "$out" 2> "$out.err"
	local rc=$?
	tally < "$out"
	count=$(grep -cE '^(ok|not ok|skip) - ' "$out")
	count=${count:-0}
	if [ "$rc" -ne 0 ] && [ "$failed" -eq "$before" ]; then
		fail "$name exited with status $rc"
	elif [ "$count" -eq 0 ] && [ "$rc" -eq 0 ]; then
		fail "$name ran no test"
	fi
	if [ "$failed" -ne "$before" ] && [ -s "$out.err" ]; then
		sed 's/^/    # /' "$out.err" | head -n 40
	fi
	rm -f "$out" "$out.err"
}

# ---- 1. unit tests ----------------------------------------------------

echo "# unit tests ($UNIT_DIR)"
# One binary per tests/unit/NAME.c; anything else in $UNIT_DIR (plugins,
# stale files) is not a test.
for src in tests/unit/*.c; do
	[ -f "$src" ] || continue
	bin=$UNIT_DIR/$(basename "$src" .c)
	matches "$bin" || matches "$src" || continue
	if [ ! -x "$bin" ]; then
		fail "unit/$(basename "$bin") is not built (run make check)"
		continue
	fi
	# A small stack: the deep-tree tests must not need a big one.
	run_program "unit/$(basename "$bin")" \
	    bash -c 'ulimit -s 1024 2>/dev/null; exec "$@"' unit \
	    ${VG[@]+"${VG[@]}"} "$bin"
done

# ---- 2. parser golden files -------------------------------------------

# Normalise JSON so that formatting never makes a difference.
normalise() {
	if ! command -v python3 >/dev/null; then
		cat "$1"
		return
	fi
	python3 -c '
import json, sys
sys.setrecursionlimit(1000000)
try:
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as e:
    print("invalid JSON: %s" % e)
    sys.exit(0)
json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
print()
' "$1"
}

echo "# parser golden files (tests/parse)"
if [ -d tests/parse ]; then
	while IFS= read -r txt; do
		matches "$txt" || continue
		want=${txt%.*}.json
		name=parse/${txt#tests/parse/}
		if [ ! -f "$want" ] && [ -z "$REGEN" ]; then
			continue
		fi
		got=$WORK/got.json
		timeout $((60 * TIMEOUT_SCALE)) "$DOSSIER" tree --json "$txt" \
		    > "$got" 2> "$WORK/got.err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			fail "$name (dossier exited with status $rc)"
			sed 's/^/    # /' "$WORK/got.err" | head -n 20
			continue
		fi
		normalise "$got" > "$got.n"
		if [ ! -f "$want" ]; then
			cp "$got.n" "$want"
			ok "$name (created $want)"
			continue
		fi
		normalise "$want" > "$want.n.$$"
		if cmp -s "$got.n" "$want.n.$$"; then
			ok "$name"
		else
			diff -u --label "$want" --label "dossier tree --json $txt" \
			    "$want.n.$$" "$got.n" | head -n 60 | sed 's/^/    /'
			if [ -n "$REGEN" ]; then
				cp "$got.n" "$want"
				ok "$name (rewritten)"
			else
				fail "$name"
			fi
		fi
		rm -f "$want.n.$$"
	done < <(find tests/parse \( -name '*.txt' -o -name '*.html' \) -type f |
	    LC_ALL=C sort)
fi

# ---- 3. suites ---------------------------------------------------------

for suite in tests/suites/*.sh; do
	[ -f "$suite" ] || continue
	matches "$suite" || continue
	if [ ! -x "$suite" ]; then
		echo "# $suite is not executable: skipped"
		continue
	fi
	echo "# $suite"
	run_program "$suite" "$suite"
done

# ---- summary -------------------------------------------------------------

if [ "$failed" -gt 0 ]; then
	echo "# failed:"
	for f in "${failures[@]}"; do
		echo "#   $f"
	done
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
exit $(( failed > 0 ))
}
