#!/usr/bin/env bash
# tests/fuzz/run.sh: run each libFuzzer target of build-fuzz/fuzz/ (made
# by `make fuzz-build` from tests/fuzz/NAME.c) for FUZZ_TIME seconds, one
# after the other, niced. Each starts from its seeds, tests/fuzz/corpus/NAME/
# (tracked), and from what earlier runs found, build-fuzz/corpus/NAME/ (not
# tracked: new inputs go there). A crash, leak or timeout leaves its input in
# build-fuzz/crashes/ and fails the run; turn it into a regression file
# (tests/regression/README) once it is fixed. Prints one line per target:
#   fuzz NAME: N runs in S s, C corpus inputs, ok|FAILED (artifact)
#
# Environment: FUZZ_TIME (seconds per target, default 60), FUZZ_ONLY (a glob
# of target names), FUZZ_JOBS (targets at once, default 1).
set -u
cd "$(dirname "$0")/../.." || exit 2
T=${FUZZ_TIME:-60}
ONLY=${FUZZ_ONLY:-*}
JOBS=${FUZZ_JOBS:-1}
B=build-fuzz
mkdir -p "$B/crashes" "$B/logs"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0:detect_stack_use_after_return=0
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export DOSSIER_CACHE_DIR=off

run_one() {
	local name=$1 bin=$B/fuzz/$1 log=$B/logs/$1.log
	mkdir -p "$B/corpus/$name" "$B/crashes/$name"
	local seeds=tests/fuzz/corpus/$name
	[ -d "$seeds" ] || seeds=
	# The parser's golden inputs seed the readers too, rather than copies.
	case $name in
	html) seeds="$seeds tests/parse/html" ;;
	esac
	local dict=tests/fuzz/$name.dict
	[ -f "$dict" ] && dict=-dict=$dict || dict=
	# -timeout: one input taking this long is a hang; -rss_limit_mb: a
	# blow-up of memory. Both are failures, as crashes are.
	nice -n 10 "$bin" -max_total_time="$T" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 $dict \
	    -artifact_prefix="$B/crashes/$name/" \
	    "$B/corpus/$name" $seeds > "$log" 2>&1
	local rc=$?
	local runs secs units
	runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
	secs=$(awk '/Done [0-9]+ runs in/ { print $(NF-1) }' "$log")
	units=$(find "$B/corpus/$name" -type f | wc -l)
	if [ $rc = 0 ]; then
		echo "fuzz $name: ${runs:-?} runs in ${secs:-?} s, $units corpus inputs, ok"
	else
		local art
		art=$(ls -t "$B/crashes/$name/" 2>/dev/null | head -1)
		echo "fuzz $name: ${runs:-?} runs, FAILED (exit $rc; $B/crashes/$name/$art; log $log)"
		grep -m3 -E 'ERROR: |SUMMARY: |broken promise' "$log" | sed 's/^/    /'
	fi
	return $rc
}

fail=0 n=0
pids=()
for bin in "$B"/fuzz/*; do
	[ -x "$bin" ] || continue
	name=${bin##*/}
	# shellcheck disable=SC2254
	case $name in $ONLY) ;; *) continue ;; esac
	n=$((n + 1))
	run_one "$name" &
	pids+=($!)
	if [ ${#pids[@]} -ge "$JOBS" ]; then
		wait "${pids[0]}" || fail=1
		pids=("${pids[@]:1}")
	fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[ $n -gt 0 ] || { echo "tests/fuzz/run.sh: no targets in $B/fuzz (make fuzz-build)" >&2; exit 2; }
exit $fail
